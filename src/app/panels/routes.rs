//! The Routes page: the selected movement's routes compared (length, time, risk and
//! its four contributors, shared fraction, choke points, worst hospital drive), time
//! against risk (a chart and a table of the candidates, Pareto set marked, the route
//! the chosen risk weight finds in bold), and the shown route's turns.

use super::super::command::Command;
use super::super::document::Document;
use super::super::selection::Selection;
use crate::format;
use crate::plan::{Movement, PlannedRoute, RouteRole};
use crate::risk::{Candidate, PrimaryRule};
use egui::{Color32, RichText, Ui};

pub(super) fn routes_ui(
    ui: &mut Ui,
    doc: &Document,
    sel: &Selection,
    computing: bool,
    candidates: Option<&[Candidate]>,
) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(m) = doc.plan.movements.get(sel.movement) else {
        ui.label("No movement selected.");
        return out;
    };
    ui.strong(format!("{} {}: routes", m.id, m.name));
    if m.routes.is_empty() {
        ui.label(if computing {
            "computing…"
        } else {
            "no routes yet"
        });
    }
    if !m.primary.is_fastest() {
        ui.label(format!(
            "Primary: the {} route, adopted by the planner (the fastest is kept as an alternate).",
            m.primary
        ));
        if ui
            .small_button("Back to the fastest")
            .on_hover_text("Make the fastest route the primary again")
            .clicked()
        {
            out.push(Command::SetPrimary(PrimaryRule::Fastest));
        }
    }
    out.extend(comparison_ui(ui, m, sel));
    if let Some(e) = m
        .route(RouteRole::Emergency)
        .and_then(|r| r.hospital.as_ref())
    {
        ui.label(format!("Emergency: {e}"));
    }
    let mut colours = sel.risk_colours;
    if ui
        .checkbox(&mut colours, "Colour the primary by risk on the map")
        .changed()
    {
        out.push(Command::SetRiskColours(colours));
    }
    ui.separator();
    out.extend(tradeoff_ui(ui, sel.risk_weight, m.speed_factor, candidates));
    ui.separator();
    if let Some(r) = m.route(sel.shown_role) {
        ui.strong(format!("Turn by turn ({})", r.role));
        for (k, s) in r.instructions.iter().enumerate() {
            let text = format!("{:>5.1} km  {}", s.along_m / 1000.0, s.text());
            if ui.selectable_label(sel.step == Some(k), text).clicked() {
                out.push(Command::SelectStep(Some(k)));
            }
        }
    }
    out
}

/// One row per route: length, time, score and contributors, shared, chokes, havens;
/// each alternate can be made the primary. Scrolls sideways when the panel is narrow.
fn comparison_ui(ui: &mut Ui, m: &Movement, sel: &Selection) -> Vec<Command> {
    let mut out = Vec::new();
    egui::ScrollArea::horizontal()
        .id_salt("route-comparison-scroll")
        .show(ui, |ui| {
            egui::Grid::new("route-comparison")
                .striped(true)
                .show(ui, |ui| {
                    comparison_head(ui, m.speed_factor);
                    for r in &m.routes {
                        if ui
                            .selectable_label(sel.shown_role == r.role, r.role.to_string())
                            .clicked()
                        {
                            out.push(Command::SelectRoute(r.role));
                        }
                        out.extend(adopt_cell(ui, r));
                        ui.label(format!("{:.2} km", r.length_m / 1000.0));
                        ui.label(format::minutes(r.duration_s * m.speed_factor));
                        risk_cells(ui, r);
                        ui.end_row();
                    }
                });
        });
    out
}

/// The comparison's header row, each contributor explained on hover.
fn comparison_head(ui: &mut Ui, speed_factor: f64) {
    ui.strong("route");
    ui.label("");
    ui.strong("length");
    time_head(ui, speed_factor);
    for (h, tip) in [
        (
            "risk",
            "the route's score out of 100: the sum of the next four columns",
        ),
        (
            "exposure",
            "points for the time the principal spends on the route",
        ),
        (
            "choke",
            "points for choke points: stretches with no way around",
        ),
        (
            "hazards",
            "points for bridges, tunnels, narrow streets, roundabouts, crowds, dead ends and slow runs along the route",
        ),
        (
            "havens",
            "points for stretches far (by drive time) from a hospital or police station",
        ),
        ("shared", "how much of an alternate runs on the primary"),
        ("chokes", "choke points found (priority: risk 8 and above)"),
        (
            "hospital max",
            "the longest drive to a hospital from any point of the route",
        ),
    ] {
        ui.strong(h).on_hover_text(tip);
    }
    ui.end_row();
}

/// "make primary" for an alternate that a rule can find again; nothing otherwise.
fn adopt_cell(ui: &mut Ui, r: &PlannedRoute) -> Option<Command> {
    let rule = r
        .found_by
        .filter(|_| matches!(r.role, RouteRole::Alternate(_)));
    let Some(rule) = rule else {
        ui.label("");
        return None;
    };
    ui.small_button("make primary")
        .on_hover_text(format!(
            "Adopt this route ({rule}) as the primary: times, checkpoints and the brief follow; the primary becomes an alternate"
        ))
        .clicked()
        .then_some(Command::SetPrimary(rule))
}

/// The risk columns of a route's row.
fn risk_cells(ui: &mut Ui, r: &PlannedRoute) {
    match &r.risk {
        Some(k) => {
            ui.label(RichText::new(format::risk(k)).strong())
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
        let priority = k.choke_points.iter().filter(|c| c.priority).count();
        (k.choke_points.len(), priority)
    });
    ui.label(format!("{n} ({p} priority)"));
    let hosp = r
        .risk
        .as_ref()
        .and_then(|k| k.havens.hospital_max_min)
        .map(|x| format!("{x:.1} min"))
        .unwrap_or_default();
    let summary = r
        .risk
        .as_ref()
        .map(|k| k.havens.summary())
        .unwrap_or_default();
    ui.label(hosp).on_hover_text(summary);
}

/// Time against risk for the routes found (fastest, alternates, risk-weighted), with
/// the Pareto set marked and the route the chosen weight finds.
fn tradeoff_ui(
    ui: &mut Ui,
    risk_weight: f64,
    speed_factor: f64,
    cands: Option<&[Candidate]>,
) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(cands) = cands else {
        ui.label("Time against risk: exploring…");
        return out;
    };
    ui.strong("Time against risk");
    let mut w = risk_weight;
    if ui
        .add(egui::Slider::new(&mut w, 0.0..=8.0).text("risk weight"))
        .changed()
    {
        out.push(Command::SetRiskWeight(w));
    }
    let chosen = Candidate::pick(cands, risk_weight);
    if let Some(c) = chosen.filter(|c| !c.primary)
        && ui
            .button(format!("Make \"{}\" the primary", c.found_by))
            .on_hover_text("Adopt the route this risk weight finds: times, checkpoints and the brief follow; the primary becomes an alternate")
            .clicked()
    {
        out.push(Command::SetPrimary(c.rule));
    }
    chart_ui(ui, cands, chosen, speed_factor);
    ui.label(
        RichText::new(
            "The route this weight finds (bold) is drawn in purple on the map. Scores count \
             choke points against the movement's other routes, so they change a little \
             when another primary is adopted.",
        )
        .small(),
    );
    egui::Grid::new("candidates").striped(true).show(ui, |ui| {
        ui.strong("found by");
        time_head(ui, speed_factor);
        for h in ["length", "risk", "Pareto"] {
            ui.strong(h);
        }
        ui.end_row();
        for c in cands {
            let label = RichText::new(&c.found_by);
            ui.label(if Some(c) == chosen {
                label.strong()
            } else {
                label
            });
            ui.label(format::minutes(c.duration_s * speed_factor));
            ui.label(format!("{:.2} km", c.length_m / 1000.0));
            ui.label(format!("{:.1}", c.score));
            ui.label(if c.pareto { "yes" } else { "" });
            if c.primary {
                ui.label("primary");
            } else if ui
                .small_button("make primary")
                .on_hover_text("Adopt this route as the movement's primary")
                .clicked()
            {
                out.push(Command::SetPrimary(c.rule));
            }
            ui.end_row();
        }
    });
    out
}

/// The "time" column header; with a speed factor other than 1 it says the times include
/// it (every time on the page does, as in the schedule).
fn time_head(ui: &mut Ui, speed_factor: f64) {
    if (speed_factor - 1.0).abs() < 1e-9 {
        ui.strong("time");
    } else {
        ui.strong("time").on_hover_text(format!(
            "routed time x {speed_factor} (the movement's speed factor), as in the schedule"
        ));
    }
}

/// Time (x, with the speed factor) against risk score (y) of the candidates; Pareto
/// points blue, the chosen one larger.
fn chart_ui(ui: &mut Ui, cands: &[Candidate], chosen: Option<&Candidate>, speed_factor: f64) {
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
        let t = c.duration_s * speed_factor;
        (a.min(t), b.max(t))
    });
    let (s0, s1) = cands.iter().fold((f64::MAX, f64::MIN), |(a, b), c| {
        (a.min(c.score), b.max(c.score))
    });
    let x = |t: f64| rect.left() + rect.width() * ((t - t0) / (t1 - t0).max(1.0)) as f32;
    let y = |s: f64| rect.bottom() - rect.height() * ((s - s0) / (s1 - s0).max(1.0)) as f32;
    let text = ui.visuals().text_color();
    let font = egui::FontId::proportional(10.0);
    let axis = [
        (
            rect.left_bottom() + egui::vec2(0.0, 2.0),
            egui::Align2::LEFT_TOP,
            format!("{:.1} min", t0 / 60.0),
        ),
        (
            rect.right_bottom() + egui::vec2(0.0, 2.0),
            egui::Align2::RIGHT_TOP,
            format!("{:.1} min", t1 / 60.0),
        ),
        (
            rect.left_top() - egui::vec2(4.0, 0.0),
            egui::Align2::RIGHT_TOP,
            format!("{s1:.0}"),
        ),
        (
            rect.left_bottom() - egui::vec2(4.0, 0.0),
            egui::Align2::RIGHT_BOTTOM,
            format!("{s0:.0}"),
        ),
    ];
    for (at, align, label) in axis {
        painter.text(at, align, label, font.clone(), text);
    }
    for c in cands {
        let p = egui::pos2(x(c.duration_s * speed_factor), y(c.score));
        let col = if c.pareto {
            Color32::from_rgb(0, 114, 178)
        } else {
            Color32::GRAY
        };
        painter.circle_filled(p, if Some(c) == chosen { 7.0 } else { 4.5 }, col);
    }
}
