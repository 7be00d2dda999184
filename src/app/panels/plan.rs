//! The Plan page: the plan's details, its venues, its movements with their routes and
//! checkpoints, and the selected movement's settings (name, ends, departure, profile,
//! speed factor, via points and avoid zones).

use super::super::command::Command;
use super::super::document::Document;
use super::super::selection::{Selection, Tab};
use super::widgets::{field, time_edit};
use crate::format;
use crate::plan::edit::Item;
use crate::plan::{Movement, Plan};
use crate::routing::Profiles;
use egui::Ui;

pub(super) fn plan_ui(
    ui: &mut Ui,
    doc: &mut Document,
    sel: &Selection,
    profiles: &Profiles,
) -> Vec<Command> {
    let plan = &mut doc.plan;
    let mut out = details_ui(ui, plan);
    out.extend(venues_ui(ui, plan, sel));
    out.extend(movements_ui(ui, plan, sel));
    ui.separator();
    out.extend(movement_editor(ui, plan, sel, profiles));
    out
}

fn details_ui(ui: &mut Ui, plan: &mut Plan) -> Vec<Command> {
    let mut out = Vec::new();
    egui::CollapsingHeader::new("Plan")
        .default_open(false)
        .show(ui, |ui| {
            egui::Grid::new("plan-fields")
                .num_columns(2)
                .show(ui, |ui| {
                    for (label, v) in [
                        ("Name", &mut plan.name),
                        ("Principal", &mut plan.principal),
                        ("Classification", &mut plan.classification),
                        ("Date", &mut plan.date),
                        ("Time zone", &mut plan.time_zone),
                        ("Author", &mut plan.author),
                    ] {
                        if field(ui, label, v) {
                            let label = format!("edit {}", label.to_lowercase());
                            out.push(Command::Edited(label, true));
                        }
                    }
                    ui.label("Grid").on_hover_text(
                        "How positions are shown here, in the brief and in the exports (WGS 84)",
                    );
                    let mut grid = plan.grid;
                    egui::ComboBox::from_id_salt("plan-grid")
                        .selected_text(grid.label())
                        .show_ui(ui, |ui| {
                            for g in crate::grid::Grid::ALL {
                                ui.selectable_value(&mut grid, g, g.label());
                            }
                        });
                    ui.end_row();
                    if grid != plan.grid {
                        plan.grid = grid;
                        out.push(Command::Edited("set the grid".into(), false));
                    }
                });
        });
    out
}

fn venues_ui(ui: &mut Ui, plan: &Plan, sel: &Selection) -> Vec<Command> {
    let mut out = Vec::new();
    egui::CollapsingHeader::new(format!("Venues ({})", plan.venues.len()))
        .default_open(true)
        .show(ui, |ui| {
            for (k, v) in plan.venues.iter().enumerate() {
                let band = v
                    .assessment
                    .as_ref()
                    .map(|a| format!(" · {} {:.0}", a.band, a.score))
                    .unwrap_or_default();
                let on = sel.venue == k && sel.tab == Tab::Venue;
                let text = format!("{} ({}){band}", v.name, v.kind);
                if ui.selectable_label(on, text).clicked() {
                    out.push(Command::SelectVenue(k));
                }
            }
        });
    out
}

fn movements_ui(ui: &mut Ui, plan: &Plan, sel: &Selection) -> Vec<Command> {
    let mut out = Vec::new();
    egui::CollapsingHeader::new(format!("Movements ({})", plan.movements.len()))
        .default_open(true)
        .show(ui, |ui| {
            for (k, m) in plan.movements.iter().enumerate() {
                let text = format!("{} {} {} ({})", m.id, m.departure, m.name, m.profile);
                if ui.selectable_label(sel.movement == k, text).clicked() {
                    out.push(Command::SelectMovement(k));
                }
                if sel.movement == k {
                    ui.indent(("movement-tree", k), |ui| out.extend(tree_of(ui, plan, m)));
                }
            }
            ui.horizontal(|ui| {
                if ui.button("New movement").clicked() {
                    out.push(Command::NewMovement);
                }
                if !plan.movements.is_empty() && ui.button("Delete movement").clicked() {
                    out.push(Command::DeleteMovement(sel.movement));
                }
            });
        });
    out
}

/// A movement's routes and checkpoints, one line each (a checkpoint is shown on the
/// map when clicked), and long connectors.
fn tree_of(ui: &mut Ui, plan: &Plan, m: &Movement) -> Vec<Command> {
    let mut out = Vec::new();
    for c in crate::plan::connectors(plan, m)
        .into_iter()
        .filter(|c| c.length_m > crate::plan::CONNECTOR_WARN_M)
    {
        ui.colored_label(
            super::WARNING,
            format!("the route passes {:.0} m from its {}", c.length_m, c.what),
        );
    }
    for r in &m.routes {
        let risk = r
            .risk
            .as_ref()
            .map(|k| format!(", risk {}", format::risk(k)))
            .unwrap_or_default();
        ui.label(format!(
            "route: {} {:.2} km, {}{risk}",
            r.role,
            r.length_m / 1000.0,
            format::minutes(r.duration_s * m.speed_factor)
        ));
    }
    for (i, c) in m.checkpoints.iter().enumerate() {
        let t = format::time_of_day(c.planned_time);
        let text = format!("{} {t} {} ({})", i + 1, c.name, c.kind.label());
        if ui
            .selectable_label(false, text)
            .on_hover_text("Show on the map")
            .clicked()
        {
            out.push(Command::SelectCheckpoint(i));
        }
    }
    out
}

/// The selected movement's settings.
fn movement_editor(
    ui: &mut Ui,
    plan: &mut Plan,
    sel: &Selection,
    profiles: &Profiles,
) -> Vec<Command> {
    let mut out = Vec::new();
    let i = sel.movement;
    let venues: Vec<(String, String)> = plan
        .venues
        .iter()
        .map(|v| (v.id.clone(), v.name.clone()))
        .collect();
    let Some(m) = plan.movements.get_mut(i) else {
        ui.label("No movement yet: set an origin and a destination (toolbar or search).");
        return out;
    };
    ui.strong(format!("Movement {}", m.id));
    egui::Grid::new("movement").num_columns(2).show(ui, |ui| {
        if field(ui, "Name", &mut m.name) {
            out.push(Command::Edited("rename movement".into(), true));
        }
        out.extend(ends_ui(ui, m, &venues));
        let l = ui.label("Departure");
        let id = ui.make_persistent_id(("departure", i));
        if let Some(t) = time_edit(ui, id, l.id, m.departure) {
            m.departure = t;
            out.push(Command::Edited("change departure".into(), true));
        }
        ui.end_row();
        out.extend(profile_ui(ui, m, profiles));
        let l = ui.label("Speed factor");
        let speed = egui::DragValue::new(&mut m.speed_factor)
            .range(0.5..=3.0)
            .speed(0.01);
        if ui.add(speed).labelled_by(l.id).changed() {
            out.push(Command::Edited("change speed factor".into(), true));
        }
        ui.end_row();
    });
    out.extend(vias_and_zones_ui(ui, m));
    out
}

/// The From and To choosers over the plan's venues.
fn ends_ui(ui: &mut Ui, m: &mut Movement, venues: &[(String, String)]) -> Vec<Command> {
    let mut out = Vec::new();
    for (label, value) in [("From", &mut m.from), ("To", &mut m.to)] {
        let l = ui.label(label);
        let shown = venues
            .iter()
            .find(|v| v.0 == *value)
            .map(|v| v.1.clone())
            .unwrap_or_else(|| "(none)".into());
        let r = egui::ComboBox::from_id_salt(label)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (id, name) in venues {
                    if ui.selectable_label(*value == *id, name).clicked() && *value != *id {
                        value.clone_from(id);
                        let what = format!("change {}", label.to_lowercase());
                        out.push(Command::Edited(what, false));
                    }
                }
            });
        let _ = r.response.labelled_by(l.id);
        ui.end_row();
    }
    out
}

/// The profile chooser over the loaded profiles.
fn profile_ui(ui: &mut Ui, m: &mut Movement, profiles: &Profiles) -> Vec<Command> {
    let mut out = Vec::new();
    let l = ui.label("Profile");
    let r = egui::ComboBox::from_id_salt("profile")
        .selected_text(m.profile.clone())
        .show_ui(ui, |ui| {
            for p in profiles.names() {
                if ui.selectable_label(m.profile == p, p).clicked() && m.profile != p {
                    m.profile = p.to_string();
                    out.push(Command::Edited("change profile".into(), false));
                }
            }
        });
    let _ = r.response.labelled_by(l.id);
    ui.end_row();
    out
}

fn vias_and_zones_ui(ui: &mut Ui, m: &Movement) -> Vec<Command> {
    let mut out = Vec::new();
    if !m.via.is_empty() {
        ui.label("Via points (drag them on the map to reshape the route):");
        for (k, v) in m.via.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("{}. {}", k + 1, v.name));
                if ui.small_button("delete").clicked() {
                    out.push(Command::Remove(Item::Via(k)));
                }
            });
        }
    }
    if !m.avoid.is_empty() {
        ui.label("Avoid zones:");
        for (k, z) in m.avoid.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(&z.name);
                if ui.small_button("delete").clicked() {
                    out.push(Command::Remove(Item::Zone(k)));
                }
            });
        }
    }
    out
}
