//! The side panel's pages: the plan tree with the movement's settings, the checkpoint
//! and timing table, route comparison with time against risk and turn by turn, the
//! venue assessment form, team and comms. Widgets edit the plan in place and report
//! the edit as [`Command::Edited`], so each is one undo step.

use super::{Command, CordonApp, Tab};
use crate::plan::{ClockTime, Movement, RouteRole};
use crate::risk::venue::{Method, VenueAssessment};
use egui::{Color32, RichText, Ui};
use geo::Coord;

/// A text field over a clock time; `true` when a valid new time was typed.
fn time_edit(ui: &mut Ui, id: egui::Id, label: egui::Id, t: &mut ClockTime) -> bool {
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| t.to_string());
    let r = ui
        .add_sized([64.0, 20.0], egui::TextEdit::singleline(&mut text).id(id))
        .labelled_by(label);
    let mut changed = false;
    if r.changed()
        && let Ok(new) = ClockTime::parse(&text)
        && new != *t
    {
        *t = new;
        changed = true;
    }
    if r.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    changed
}

/// A labelled single-line text field; `true` when edited.
fn field(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    let l = ui.label(label);
    let changed = ui.text_edit_singleline(value).labelled_by(l.id).changed();
    ui.end_row();
    changed
}

fn minutes(s: f64) -> String {
    format!("{:.1} min", s / 60.0)
}

pub(super) fn plan_ui(app: &mut CordonApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let plan = &mut app.doc.plan;
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
                            out.push(Command::Edited(
                                format!("edit {}", label.to_lowercase()),
                                true,
                            ));
                        }
                    }
                });
        });
    egui::CollapsingHeader::new(format!("Venues ({})", plan.venues.len()))
        .default_open(true)
        .show(ui, |ui| {
            for (k, v) in plan.venues.iter().enumerate() {
                let band = v
                    .assessment
                    .as_ref()
                    .map(|a| format!(" · {} {:.0}", a.band, a.score))
                    .unwrap_or_default();
                if ui
                    .selectable_label(
                        app.venue == k && app.tab == Tab::Venue,
                        format!("{} ({}){band}", v.name, v.kind),
                    )
                    .clicked()
                {
                    out.push(Command::SelectVenue(k));
                }
            }
        });
    egui::CollapsingHeader::new(format!("Movements ({})", plan.movements.len()))
        .default_open(true)
        .show(ui, |ui| {
            for (k, m) in plan.movements.iter().enumerate() {
                let text = format!("{} {} {} ({})", m.id, m.departure, m.name, m.profile);
                if ui.selectable_label(app.movement == k, text).clicked() {
                    out.push(Command::SelectMovement(k));
                }
                if app.movement == k {
                    ui.indent(("movement-tree", k), |ui| tree_of(ui, m));
                }
            }
            ui.horizontal(|ui| {
                if ui.button("New movement").clicked() {
                    out.push(Command::NewMovement);
                }
                if !plan.movements.is_empty() && ui.button("Delete movement").clicked() {
                    out.push(Command::DeleteMovement(app.movement));
                }
            });
        });
    ui.separator();
    out.extend(movement_editor(app, ui));
    out
}

fn tree_of(ui: &mut Ui, m: &Movement) {
    for r in &m.routes {
        let risk = r
            .risk
            .as_ref()
            .map(|k| format!(", risk {:.0} {}", k.score, k.band))
            .unwrap_or_default();
        ui.label(format!(
            "route: {} {:.2} km, {}{risk}",
            r.role,
            r.length_m / 1000.0,
            minutes(r.duration_s * m.speed_factor)
        ));
    }
    for (i, c) in m.checkpoints.iter().enumerate() {
        let t = c
            .planned_time
            .map(|t| t.to_string())
            .unwrap_or_else(|| "--:--".into());
        ui.label(format!("{} {t} {} ({})", i + 1, c.name, c.kind.label()));
    }
}

fn movement_editor(app: &mut CordonApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let i = app.movement;
    let venues: Vec<(String, String)> = app
        .doc
        .plan
        .venues
        .iter()
        .map(|v| (v.id.clone(), v.name.clone()))
        .collect();
    let Some(m) = app.doc.plan.movements.get_mut(i) else {
        ui.label("No movement yet: set an origin and a destination (toolbar or search).");
        return out;
    };
    ui.strong(format!("Movement {}", m.id));
    egui::Grid::new("movement").num_columns(2).show(ui, |ui| {
        if field(ui, "Name", &mut m.name) {
            out.push(Command::Edited("rename movement".into(), true));
        }
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
                    for (id, name) in &venues {
                        if ui.selectable_label(*value == *id, name).clicked() && *value != *id {
                            value.clone_from(id);
                            out.push(Command::Edited(
                                format!("change {}", label.to_lowercase()),
                                false,
                            ));
                        }
                    }
                });
            let _ = r.response.labelled_by(l.id);
            ui.end_row();
        }
        let l = ui.label("Departure");
        if time_edit(
            ui,
            ui.make_persistent_id(("departure", i)),
            l.id,
            &mut m.departure,
        ) {
            out.push(Command::Edited("change departure".into(), true));
        }
        ui.end_row();
        let l = ui.label("Profile");
        let r = egui::ComboBox::from_id_salt("profile")
            .selected_text(m.profile.clone())
            .show_ui(ui, |ui| {
                for p in ["car", "motorcade", "foot"] {
                    if ui.selectable_label(m.profile == p, p).clicked() && m.profile != p {
                        m.profile = p.to_string();
                        out.push(Command::Edited("change profile".into(), false));
                    }
                }
            });
        let _ = r.response.labelled_by(l.id);
        ui.end_row();
        let l = ui.label("Speed factor");
        if ui
            .add(
                egui::DragValue::new(&mut m.speed_factor)
                    .range(0.5..=3.0)
                    .speed(0.01),
            )
            .labelled_by(l.id)
            .changed()
        {
            out.push(Command::Edited("change speed factor".into(), true));
        }
        ui.end_row();
    });
    if out.iter().any(|c| matches!(c, Command::Edited(l, _) if l.starts_with("change ") && l != "change departure" && l != "change speed factor")) {
        m.routes.clear();
    }
    if !m.via.is_empty() {
        ui.label("Via points (drag them on the map to reshape the route):");
        for (k, v) in m.via.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("{}. {}", k + 1, v.name));
                if ui.small_button("delete").clicked() {
                    out.push(Command::DeleteVia(k));
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
                    out.push(Command::DeleteZone(k));
                }
            });
        }
    }
    out
}

pub(super) fn schedule_ui(app: &mut CordonApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let i = app.movement;
    let Some(m) = app.doc.plan.movements.get_mut(i) else {
        ui.label("No movement selected.");
        return out;
    };
    ui.strong(format!("{} {}: checkpoints and timing", m.id, m.name));
    ui.horizontal(|ui| {
        let l = ui.label("Departs");
        if time_edit(
            ui,
            ui.make_persistent_id(("sched-departure", i)),
            l.id,
            &mut m.departure,
        ) {
            out.push(Command::Edited("change departure".into(), true));
        }
        if let Some(a) = crate::plan::arrival(m) {
            ui.label(format!("arrives {a}"));
        }
    });
    let mut shift: Option<i64> = None;
    egui::Grid::new("checkpoints")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            let heads: Vec<egui::Id> = [
                "#",
                "checkpoint",
                "kind",
                "time",
                "dwell min",
                "off route",
                "",
            ]
            .iter()
            .map(|h| ui.strong(*h).id)
            .collect();
            ui.end_row();
            for (k, c) in m.checkpoints.iter_mut().enumerate() {
                ui.label((k + 1).to_string());
                if ui
                    .add_sized([170.0, 20.0], egui::TextEdit::singleline(&mut c.name))
                    .labelled_by(heads[1])
                    .changed()
                {
                    out.push(Command::Edited(
                        format!("rename checkpoint {}", k + 1),
                        true,
                    ));
                }
                let r = egui::ComboBox::from_id_salt(("kind", k))
                    .selected_text(c.kind.label())
                    .width(110.0)
                    .show_ui(ui, |ui| {
                        for kind in crate::plan::CheckpointKind::ALL {
                            if ui.selectable_label(c.kind == kind, kind.label()).clicked()
                                && c.kind != kind
                            {
                                c.kind = kind;
                                out.push(Command::Edited("change checkpoint kind".into(), false));
                            }
                        }
                    });
                let _ = r.response.labelled_by(heads[2]);
                match c.planned_time {
                    Some(mut t) => {
                        let before = t;
                        if time_edit(
                            ui,
                            ui.make_persistent_id(("cp-time", i, k)),
                            heads[3],
                            &mut t,
                        ) {
                            shift = Some(t.since(before));
                        }
                    }
                    None => {
                        ui.label("--:--");
                    }
                }
                let mut dwell_min = c.dwell_s / 60.0;
                if ui
                    .add(
                        egui::DragValue::new(&mut dwell_min)
                            .range(0.0..=240.0)
                            .speed(0.1)
                            .max_decimals(1),
                    )
                    .labelled_by(heads[4])
                    .changed()
                {
                    c.dwell_s = (dwell_min * 60.0).round();
                    out.push(Command::Edited(
                        format!("dwell at checkpoint {}", k + 1),
                        true,
                    ));
                }
                let off = c.off_route_m.unwrap_or(0.0);
                let text = format!("{off:.0} m");
                if off > crate::plan::OFF_ROUTE_LIMIT_M {
                    ui.colored_label(Color32::from_rgb(190, 0, 0), text);
                } else {
                    ui.label(text);
                }
                if ui.small_button("delete").clicked() {
                    out.push(Command::DeleteCheckpoint(k));
                }
                ui.end_row();
            }
        });
    if let Some(d) = shift {
        // A checkpoint's time is set by moving the departure by the same amount.
        m.departure = m.departure.plus(d as f64);
        out.push(Command::Edited("change checkpoint time".into(), true));
    }
    if m.checkpoints.is_empty() {
        ui.label("No checkpoints: choose a kind in the toolbar, then 'Add checkpoint' and click the route.");
    }
    for issue in &app.doc.issues {
        ui.colored_label(Color32::from_rgb(170, 90, 0), &issue.message);
    }
    ui.separator();
    ui.strong("The day");
    egui::Grid::new("timeline").striped(true).show(ui, |ui| {
        for r in crate::plan::timeline(&app.doc.plan) {
            ui.label(r.time.to_string());
            ui.label(r.movement);
            ui.label(r.checkpoint);
            ui.label(r.kind);
            ui.end_row();
        }
    });
    out
}

/// Colours of risk 1-10 (Okabe-Ito: green, yellow, vermilion).
fn risk_colour(score: f64) -> Color32 {
    if score >= 7.0 {
        Color32::from_rgb(213, 94, 0)
    } else if score >= 4.0 {
        Color32::from_rgb(240, 200, 40)
    } else {
        Color32::from_rgb(0, 158, 115)
    }
}

/// The primary route's hazards and choke points as coloured stretches.
pub(super) fn risk_lines(m: &Movement) -> Vec<super::OverlayLine> {
    let Some(r) = m.route(RouteRole::Primary) else {
        return Vec::new();
    };
    let Some(risk) = &r.risk else {
        return Vec::new();
    };
    let line: Vec<Coord<f64>> = r
        .geometry
        .iter()
        .map(|p| Coord { x: p.0, y: p.1 })
        .collect();
    let stretch = |along: f64, len: f64| {
        let (a, b) = if len > 1.0 {
            (along, along + len)
        } else {
            (along - 15.0, along + 15.0)
        };
        crate::coord::slice_polyline(&line, a.max(0.0), b)
    };
    let mut out: Vec<(f64, super::OverlayLine)> = Vec::new();
    let mut push = |score: f64, pts: Vec<Coord<f64>>| {
        if pts.len() >= 2 {
            out.push((
                score,
                super::OverlayLine {
                    points: pts,
                    colour: risk_colour(score),
                    width: 7.0,
                    dashed: false,
                    casing: false,
                },
            ));
        }
    };
    for h in &risk.hazards {
        push(h.score, stretch(h.along_m, h.length_m));
    }
    for c in &risk.choke_points {
        push(c.score, stretch(c.along_m, c.length_m));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|x| x.1).collect()
}

pub(super) fn routes_ui(app: &mut CordonApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(m) = app.doc.plan.movements.get(app.movement) else {
        ui.label("No movement selected.");
        return out;
    };
    ui.strong(format!("{} {}: routes", m.id, m.name));
    if m.routes.is_empty() {
        ui.label(if app.computing.contains_key(&m.id) {
            "computing…"
        } else {
            "no routes yet"
        });
    }
    egui::Grid::new("route-comparison")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "route",
                "length",
                "time",
                "risk",
                "exposure",
                "choke",
                "hazards",
                "havens",
                "shared",
                "chokes",
                "hospital max",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for r in &m.routes {
                if ui
                    .selectable_label(app.shown_role == r.role, r.role.to_string())
                    .clicked()
                {
                    app.shown_role = r.role;
                    app.step = None;
                }
                ui.label(format!("{:.2} km", r.length_m / 1000.0));
                ui.label(minutes(r.duration_s * m.speed_factor));
                match &r.risk {
                    Some(k) => {
                        ui.label(RichText::new(format!("{:.0} {}", k.score, k.band)).strong())
                            .on_hover_text(&k.method);
                        let b = &k.breakdown;
                        for v in [b.exposure, b.choke_points, b.hazards, b.haven_coverage] {
                            ui.label(format!("{v:.1}"));
                        }
                    }
                    None => {
                        for _ in 0..5 {
                            ui.label("–");
                        }
                    }
                }
                ui.label(
                    r.shared_fraction
                        .map(|s| format!("{:.0}%", s * 100.0))
                        .unwrap_or_default(),
                );
                let (n, p) = r.risk.as_ref().map_or((0, 0), |k| {
                    (
                        k.choke_points.len(),
                        k.choke_points.iter().filter(|c| c.priority).count(),
                    )
                });
                ui.label(format!("{n} ({p} priority)"));
                let hosp = r
                    .risk
                    .as_ref()
                    .and_then(|k| k.havens.hospital_max_min)
                    .map(|x| format!("{x:.1} min"))
                    .unwrap_or_default();
                ui.label(hosp).on_hover_text(
                    r.risk
                        .as_ref()
                        .map(|k| k.havens.summary())
                        .unwrap_or_default(),
                );
                ui.end_row();
            }
        });
    if let Some(e) = m
        .route(RouteRole::Emergency)
        .and_then(|r| r.hospital.clone())
    {
        ui.label(format!("Emergency: {e}"));
    }
    ui.checkbox(
        &mut app.risk_colours,
        "Colour the primary by risk on the map",
    );
    ui.separator();
    tradeoff_ui(app, ui);
    ui.separator();
    let Some(m) = app.doc.plan.movements.get(app.movement) else {
        return out;
    };
    if let Some(r) = m.route(app.shown_role) {
        ui.strong(format!("Turn by turn ({})", r.role));
        for (k, s) in r.instructions.iter().enumerate() {
            let text = format!("{:>5.1} km  {}", s.along_m / 1000.0, s.text());
            if ui.selectable_label(app.step == Some(k), text).clicked() {
                out.push(Command::SelectStep(Some(k)));
            }
        }
    }
    out
}

/// Time against risk for the routes found (fastest, alternates, risk-weighted), with
/// the Pareto set marked and the route the chosen weight finds.
fn tradeoff_ui(app: &mut CordonApp, ui: &mut Ui) {
    let Some(cands) = app.current_candidates().map(<[_]>::to_vec) else {
        ui.label("Time against risk: exploring…");
        return;
    };
    let cands = &cands;
    ui.strong("Time against risk");
    ui.add(egui::Slider::new(&mut app.risk_weight, 0.0..=8.0).text("risk weight"));
    let chosen = cands
        .iter()
        .filter(|c| c.found_by.starts_with("weight"))
        .filter(|c| {
            c.found_by
                .trim_start_matches("weight ")
                .split(' ')
                .next()
                .and_then(|w| w.parse::<f64>().ok())
                .is_some_and(|w| w <= app.risk_weight + 1e-9)
        })
        .min_by(|a, b| a.score.total_cmp(&b.score));
    let (resp, painter) = ui.allocate_painter(
        egui::vec2(ui.available_width().min(380.0), 150.0),
        egui::Sense::hover(),
    );
    let rect = resp.rect.shrink2(egui::vec2(34.0, 18.0));
    painter.rect_stroke(
        rect,
        0.0,
        egui::Stroke::new(1.0, Color32::GRAY),
        egui::StrokeKind::Inside,
    );
    let (t0, t1) = cands.iter().fold((f64::MAX, f64::MIN), |(a, b), c| {
        (a.min(c.duration_s), b.max(c.duration_s))
    });
    let (s0, s1) = cands.iter().fold((f64::MAX, f64::MIN), |(a, b), c| {
        (a.min(c.score), b.max(c.score))
    });
    let x = |t: f64| rect.left() + rect.width() * ((t - t0) / (t1 - t0).max(1.0)) as f32;
    let y = |s: f64| rect.bottom() - rect.height() * ((s - s0) / (s1 - s0).max(1.0)) as f32;
    let text = ui.visuals().text_color();
    painter.text(
        rect.left_bottom() + egui::vec2(0.0, 2.0),
        egui::Align2::LEFT_TOP,
        format!("{:.1} min", t0 / 60.0),
        egui::FontId::proportional(10.0),
        text,
    );
    painter.text(
        rect.right_bottom() + egui::vec2(0.0, 2.0),
        egui::Align2::RIGHT_TOP,
        format!("{:.1} min", t1 / 60.0),
        egui::FontId::proportional(10.0),
        text,
    );
    painter.text(
        rect.left_top() - egui::vec2(4.0, 0.0),
        egui::Align2::RIGHT_TOP,
        format!("{s1:.0}"),
        egui::FontId::proportional(10.0),
        text,
    );
    painter.text(
        rect.left_bottom() - egui::vec2(4.0, 0.0),
        egui::Align2::RIGHT_BOTTOM,
        format!("{s0:.0}"),
        egui::FontId::proportional(10.0),
        text,
    );
    for c in cands {
        let p = egui::pos2(x(c.duration_s), y(c.score));
        let col = if c.pareto {
            Color32::from_rgb(0, 114, 178)
        } else {
            Color32::GRAY
        };
        painter.circle_filled(p, if Some(c) == chosen { 7.0 } else { 4.5 }, col);
    }
    egui::Grid::new("candidates").striped(true).show(ui, |ui| {
        for h in ["found by", "time", "length", "risk", "Pareto"] {
            ui.strong(h);
        }
        ui.end_row();
        for c in cands {
            let label = if Some(c) == chosen {
                RichText::new(&c.found_by).strong()
            } else {
                RichText::new(&c.found_by)
            };
            ui.label(label);
            ui.label(minutes(c.duration_s));
            ui.label(format!("{:.2} km", c.length_m / 1000.0));
            ui.label(format!("{:.1}", c.score));
            ui.label(if c.pareto { "yes" } else { "" });
            ui.end_row();
        }
    });
}

/// The venue form's unsaved state.
#[derive(Debug, Clone, Default)]
pub(super) struct VenueForm {
    method: Method,
    factors: Vec<f64>,
    assessor: String,
    date: String,
    notes: String,
}

impl VenueForm {
    /// The form filled from a venue's stored assessment.
    pub(super) fn for_venue(v: Option<&crate::plan::Venue>) -> VenueForm {
        match v.and_then(|v| v.assessment.as_ref()) {
            Some(a) => VenueForm {
                method: a.method,
                factors: a.factors.clone(),
                assessor: a.assessor.clone(),
                date: a.date.clone(),
                notes: a.notes.clone(),
            },
            None => VenueForm::default(),
        }
    }
}

pub(super) fn venue_ui(app: &mut CordonApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let names: Vec<String> = app.doc.plan.venues.iter().map(|v| v.name.clone()).collect();
    if names.is_empty() {
        ui.label("No venues: set an origin or a destination first.");
        return out;
    }
    app.venue = app.venue.min(names.len() - 1);
    egui::ComboBox::from_label("venue")
        .selected_text(names[app.venue].clone())
        .show_ui(ui, |ui| {
            for (k, n) in names.iter().enumerate() {
                if ui.selectable_label(app.venue == k, n).clicked() {
                    out.push(Command::SelectVenue(k));
                }
            }
        });
    let k = app.venue;
    let v = &mut app.doc.plan.venues[k];
    egui::Grid::new("venue-fields")
        .num_columns(2)
        .show(ui, |ui| {
            if field(ui, "Name", &mut v.name) {
                out.push(Command::Edited("rename venue".into(), true));
            }
            if field(ui, "Kind", &mut v.kind) {
                out.push(Command::Edited("venue kind".into(), true));
            }
            if field(ui, "Notes", &mut v.notes) {
                out.push(Command::Edited("venue notes".into(), true));
            }
        });
    ui.separator();
    ui.strong("Assessment");
    let f = &mut app.venue_form;
    egui::ComboBox::from_label("method")
        .selected_text(f.method.key())
        .show_ui(ui, |ui| {
            for m in Method::ALL {
                ui.selectable_value(&mut f.method, m, m.key());
            }
        });
    let names = f.method.factors();
    let wanted = match f.method {
        Method::Carver => 7,
        _ => names.len(),
    };
    let (lo, hi) = f.method.scale();
    f.factors.resize(wanted, lo);
    for (x, name) in f.factors.iter_mut().zip(names) {
        *x = x.clamp(lo, hi);
        ui.add(egui::Slider::new(x, lo..=hi).step_by(1.0).text(*name));
    }
    egui::Grid::new("assessor").num_columns(2).show(ui, |ui| {
        field(ui, "Assessor", &mut f.assessor);
        field(ui, "Date", &mut f.date);
        field(ui, "Notes", &mut f.notes);
    });
    match VenueAssessment::new(f.method, &f.factors, &f.assessor, &f.date, &f.notes) {
        Ok(a) => {
            ui.label(RichText::new(format!("Score {:.0}: {}", a.score, a.band)).strong());
            ui.label(RichText::new(a.method_text()).small());
            if ui.button("Save assessment").clicked() {
                v.assessment = Some(a);
                out.push(Command::Edited("assess venue".into(), false));
            }
        }
        Err(e) => {
            ui.colored_label(Color32::from_rgb(190, 0, 0), e.to_string());
        }
    }
    if let Some(a) = &v.assessment {
        ui.label(format!(
            "Saved: {} {:.0} ({}) by {} on {}",
            a.method.key(),
            a.score,
            a.band,
            a.assessor,
            a.date
        ));
    }
    ui.separator();
    ui.strong("Map context");
    let id = v.id.clone();
    match &app.venue_context {
        Some((vid, Ok(c))) if *vid == id => {
            if let Some(h) = &c.hospital {
                ui.label(format!(
                    "Hospital: {} ({:.1} min drive, {:.0} m)",
                    h.name,
                    h.drive_time_s / 60.0,
                    h.distance_m
                ));
            }
            if let Some(p) = &c.police {
                ui.label(format!(
                    "Police: {} ({:.1} min drive, {:.0} m)",
                    p.name,
                    p.drive_time_s / 60.0,
                    p.distance_m
                ));
            }
            ui.label(format!(
                "{} roads cross the {:.0} m circle",
                c.access_points, c.access_radius_m
            ));
            for cp in c.crowd_places.iter().take(6) {
                ui.label(format!(
                    "crowd place: {} ({}) {:.0} m",
                    cp.name, cp.kind, cp.distance_m
                ));
            }
        }
        Some((vid, Err(e))) if *vid == id => {
            ui.colored_label(Color32::from_rgb(190, 0, 0), e);
        }
        _ => {
            ui.label("reading the map around the venue…");
            out.push(Command::VenueContext);
        }
    }
    out
}

/// One editable table of the team page: a text field per cell, a delete button per
/// row and an add button; edits are reported as one undo step per run of typing.
struct Table<'a, T> {
    id: &'a str,
    title: &'a str,
    heads: &'a [&'a str],
    widths: &'a [f32],
    cells: fn(&mut T) -> Vec<&mut String>,
}

impl<T: Default> Table<'_, T> {
    fn show(&self, ui: &mut Ui, rows: &mut Vec<T>, out: &mut Vec<Command>) {
        ui.strong(self.title);
        let mut changed = false;
        let mut delete = None;
        egui::Grid::new(self.id).striped(true).show(ui, |ui| {
            let ids: Vec<egui::Id> = self.heads.iter().map(|h| ui.strong(*h).id).collect();
            ui.end_row();
            for (k, row) in rows.iter_mut().enumerate() {
                for ((cell, id), w) in (self.cells)(row).into_iter().zip(&ids).zip(self.widths) {
                    changed |= ui
                        .add_sized([*w, 20.0], egui::TextEdit::singleline(cell))
                        .labelled_by(*id)
                        .changed();
                }
                if ui.small_button("delete").clicked() {
                    delete = Some(k);
                }
                ui.end_row();
            }
        });
        let what = self.title.to_lowercase();
        if changed {
            out.push(Command::Edited(format!("edit {what}"), true));
        }
        if let Some(k) = delete {
            rows.remove(k);
            out.push(Command::Edited(format!("delete from {what}"), false));
        }
        if ui.button(format!("Add to {what}")).clicked() {
            rows.push(T::default());
            out.push(Command::Edited(format!("add to {what}"), false));
        }
    }
}

pub(super) fn team_ui(app: &mut CordonApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let plan = &mut app.doc.plan;
    Table {
        id: "members",
        title: "Team",
        heads: &["name", "role", "call sign", "phone"],
        widths: &[120.0, 130.0, 80.0, 120.0],
        cells: |m: &mut crate::plan::Member| {
            vec![&mut m.name, &mut m.role, &mut m.call_sign, &mut m.phone]
        },
    }
    .show(ui, &mut plan.team.members, &mut out);
    Table {
        id: "vehicles",
        title: "Vehicles",
        heads: &["call sign", "role", "description", "plate", "driver"],
        widths: &[80.0, 70.0, 150.0, 80.0, 80.0],
        cells: |v: &mut crate::plan::Vehicle| {
            vec![
                &mut v.call_sign,
                &mut v.role,
                &mut v.description,
                &mut v.plate,
                &mut v.driver,
            ]
        },
    }
    .show(ui, &mut plan.team.vehicles, &mut out);
    ui.separator();
    Table {
        id: "channels",
        title: "Radio channels",
        heads: &["name", "frequency", "purpose"],
        widths: &[120.0, 120.0, 200.0],
        cells: |c: &mut crate::plan::Channel| vec![&mut c.name, &mut c.frequency, &mut c.purpose],
    }
    .show(ui, &mut plan.comms.channels, &mut out);
    Table {
        id: "contacts",
        title: "Emergency contacts",
        heads: &["name", "role", "phone"],
        widths: &[150.0, 150.0, 120.0],
        cells: |c: &mut crate::plan::Contact| vec![&mut c.name, &mut c.role, &mut c.phone],
    }
    .show(ui, &mut plan.comms.emergency_contacts, &mut out);
    out
}
