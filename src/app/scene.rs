//! What the map view draws over the base map for the selection: the selected
//! movement's routes (risk-coloured on request), avoid zones, ends, via points and
//! checkpoints as draggable marks, the zone being drawn and the selected turn.

use super::map_view::{Mark, OverlayLine, Scene};
use super::selection::{Selection, Tool};
use crate::format;
use crate::plan::edit::Handle;
use crate::plan::{Movement, Plan, RouteRole};
use crate::render::style;
use crate::risk::Candidate;
use egui::Color32;
use geo::{Coord, Point};

/// The scene for `plan` with `sel`; `chosen` is the route the risk weight finds (drawn
/// while the Routes page compares time against risk).
pub fn scene(plan: &Plan, sel: &Selection, chosen: Option<&Candidate>) -> Scene {
    let mut s = Scene::default();
    let Some(m) = plan.movements.get(sel.movement) else {
        return s;
    };
    s.lines = route_lines(m);
    s.lines
        .extend(chosen.and_then(|c| chosen_line(c, sel.risk_weight, m.speed_factor)));
    s.lines.extend(connector_lines(plan, m));
    if sel.risk_colours {
        s.lines.extend(risk_lines(m));
        s.legend = risk_legend();
    }
    s.zones = m
        .avoid
        .iter()
        .flat_map(|z| z.area.0.iter().map(|p| p.exterior().0.clone()))
        .collect();
    s.draft = sel.draft_zone.clone();
    if sel.tool == Tool::Select {
        s.marks.extend(zone_corners(m));
    }
    s.marks.extend(end_marks(plan, m));
    s.marks.extend(via_marks(m));
    s.marks.extend(checkpoint_marks(m));
    s.legend.extend(checkpoint_key(m));
    if let (Some(k), Some(r)) = (sel.step, m.route(sel.shown_role)) {
        s.highlight = r.instructions.get(k).map(|i| i.location);
    }
    if sel.tab == super::selection::Tab::Log {
        s.marks.extend(log_marks(plan));
        s.legend.extend(log_key(plan));
    }
    s
}

/// A log entry's fill by severity and status: urgent red, caution orange, info blue;
/// resolved entries grey.
fn log_colour(e: &crate::plan::LogEntry) -> Color32 {
    use crate::plan::LogSeverity;
    if !e.is_open() {
        return Color32::from_rgb(200, 200, 200);
    }
    match e.severity {
        LogSeverity::Urgent => Color32::from_rgb(240, 90, 90),
        LogSeverity::Caution => Color32::from_rgb(255, 185, 90),
        LogSeverity::Info => Color32::from_rgb(150, 190, 250),
    }
}

/// The advance log on the map (on the Log page): a mark per entry with its id and
/// category code.
fn log_marks(plan: &Plan) -> Vec<Mark> {
    plan.log
        .iter()
        .filter_map(|e| {
            Some(Mark {
                handle: None,
                at: e.position(plan)?,
                label: format!("{} {}", e.id, e.category.code()),
                fill: log_colour(e),
                tooltip: format!(
                    "{}\n{}",
                    e.summary(),
                    if e.is_open() { "open" } else { "resolved" }
                ),
            })
        })
        .collect()
}

/// Legend rows for the log's categories and the severity colours.
fn log_key(plan: &Plan) -> Vec<(Color32, String)> {
    let mut rows: Vec<(Color32, String)> = crate::plan::LogCategory::ALL
        .into_iter()
        .filter(|c| plan.log.iter().any(|e| e.category == *c))
        .map(|c| (Color32::WHITE, format!("{}: {}", c.code(), c.label())))
        .collect();
    if !rows.is_empty() {
        rows.push((Color32::from_rgb(240, 90, 90), "open, urgent".into()));
        rows.push((Color32::from_rgb(255, 185, 90), "open, caution".into()));
        rows.push((Color32::from_rgb(150, 190, 250), "open, info".into()));
        rows.push((Color32::from_rgb(200, 200, 200), "resolved".into()));
    }
    rows
}

/// The movement's routes in the brief's colours, the primary last (on top).
fn route_lines(m: &Movement) -> Vec<OverlayLine> {
    let mut lines: Vec<OverlayLine> = m
        .routes
        .iter()
        .map(|r| {
            let (st, dashed) = match r.role {
                RouteRole::Primary => (style::PRIMARY, false),
                RouteRole::Alternate(_) => (style::ALTERNATE, true),
                RouteRole::Emergency => (style::EMERGENCY, true),
            };
            let c = st.colour;
            OverlayLine {
                points: r
                    .geometry
                    .iter()
                    .map(|p| Coord { x: p.0, y: p.1 })
                    .collect(),
                colour: Color32::from_rgb(c[0], c[1], c[2]),
                width: if r.role == RouteRole::Primary {
                    5.0
                } else {
                    3.5
                },
                dashed,
                casing: true,
                tooltip: None,
            }
        })
        .collect();
    lines.sort_by_key(|l| !l.dashed);
    lines
}

/// The route the chosen risk weight finds, drawn over the plan's routes so moving the
/// slider shows where it goes.
fn chosen_line(c: &Candidate, weight: f64, speed_factor: f64) -> Option<OverlayLine> {
    (c.geometry.len() >= 2).then(|| OverlayLine {
        points: c.geometry.clone(),
        colour: Color32::from_rgb(120, 40, 160),
        width: 4.0,
        dashed: false,
        casing: true,
        tooltip: Some(format!(
            "found at risk weight {weight:.1} ({}): {}, risk {:.1}",
            c.found_by,
            format::minutes(c.duration_s * speed_factor),
            c.score
        )),
    })
}

/// Dashed lines from each venue and via to where the primary meets the road: the
/// stretch the route does not cover (walked, or a drive the map does not know).
fn connector_lines(plan: &Plan, m: &Movement) -> Vec<OverlayLine> {
    crate::plan::connectors(plan, m)
        .into_iter()
        .filter(|c| c.length_m > 1.0)
        .map(|c| OverlayLine {
            points: vec![c.from.0, c.to.0],
            colour: Color32::from_rgb(90, 90, 90),
            width: 2.0,
            dashed: true,
            casing: false,
            tooltip: Some(format!(
                "{}: {:.0} m to the route (not part of it)",
                c.what, c.length_m
            )),
        })
        .collect()
}

/// Draggable corners of the movement's avoid zones.
fn zone_corners(m: &Movement) -> Vec<Mark> {
    let mut out = Vec::new();
    for (z, zone) in m.avoid.iter().enumerate() {
        let Some(poly) = zone.area.0.first() else {
            continue;
        };
        let ring = &poly.exterior().0;
        for (k, c) in ring.iter().take(ring.len().saturating_sub(1)).enumerate() {
            out.push(Mark {
                handle: Some(Handle::ZoneCorner(z, k)),
                at: Point::from(*c),
                label: String::new(),
                fill: Color32::from_rgb(255, 190, 190),
                tooltip: format!("{}: drag the corner to reshape it", zone.name),
            });
        }
    }
    out
}

/// The origin (A) and destination (B).
fn end_marks(plan: &Plan, m: &Movement) -> Vec<Mark> {
    [
        (Handle::Origin, &m.from, "A", "origin"),
        (Handle::Destination, &m.to, "B", "destination"),
    ]
    .into_iter()
    .filter_map(|(h, id, label, what)| {
        let v = plan.venue(id)?;
        Some(Mark {
            handle: Some(h),
            at: v.location.point(),
            label: label.into(),
            fill: Color32::from_rgb(255, 255, 255),
            tooltip: format!("{what}: {} ({})", v.name, v.kind),
        })
    })
    .collect()
}

fn via_marks(m: &Movement) -> Vec<Mark> {
    m.via
        .iter()
        .enumerate()
        .map(|(i, v)| Mark {
            handle: Some(Handle::Via(i)),
            at: v.location.point(),
            label: "v".into(),
            fill: Color32::from_rgb(200, 220, 255),
            tooltip: format!("via {}: {} (drag to reshape the route)", i + 1, v.name),
        })
        .collect()
}

/// A checkpoint kind's fill, as in the brief.
fn kind_colour(k: crate::plan::CheckpointKind) -> Color32 {
    let c = style::CHECKPOINT_KINDS[k.index()];
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Legend rows for the checkpoint kinds the movement uses.
fn checkpoint_key(m: &Movement) -> Vec<(Color32, String)> {
    crate::plan::CheckpointKind::ALL
        .into_iter()
        .filter(|k| m.checkpoints.iter().any(|c| c.kind == *k))
        .map(|k| (kind_colour(k), format!("{}: {}", k.code(), k.label())))
        .collect()
}

fn checkpoint_marks(m: &Movement) -> Vec<Mark> {
    m.checkpoints
        .iter()
        .enumerate()
        .map(|(i, c)| Mark {
            handle: Some(Handle::Checkpoint(i)),
            at: c.location.point(),
            label: format!("{} {}", i + 1, c.kind.code()),
            fill: kind_colour(c.kind),
            tooltip: format!(
                "{} {} ({})\n{}, dwell {:.0} s",
                i + 1,
                c.name,
                c.kind.label(),
                format::time_of_day(c.planned_time),
                c.dwell_s
            ),
        })
        .collect()
}

/// The key to the risk colours.
fn risk_legend() -> Vec<(Color32, String)> {
    [
        (8.0, "risk 7-10: high (hazard or choke point)"),
        (5.0, "risk 4-6: medium"),
        (1.0, "risk 1-3: low"),
    ]
    .into_iter()
    .map(|(s, t)| (risk_colour(s), t.to_string()))
    .collect()
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

/// The primary route's hazards and choke points as coloured stretches, worst on top.
fn risk_lines(m: &Movement) -> Vec<OverlayLine> {
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
    let hazards = risk.hazards.iter().map(|h| {
        let note = format!(
            "hazard: {} (risk {:.0}/10)\n{}",
            h.kind.key().replace('_', " "),
            h.score,
            h.reason
        );
        (h.score, stretch(h.along_m, h.length_m), note)
    });
    let chokes = risk.choke_points.iter().map(|c| {
        let priority = if c.priority { ", priority" } else { "" };
        let note = format!(
            "choke point (risk {:.0}/10{priority})\n{}",
            c.score,
            c.reasons.join("\n")
        );
        (c.score, stretch(c.along_m, c.length_m), note)
    });
    let mut out: Vec<(f64, OverlayLine)> = hazards
        .chain(chokes)
        .filter(|(_, pts, _)| pts.len() >= 2)
        .map(|(score, points, note)| {
            let line = OverlayLine {
                points,
                colour: risk_colour(score),
                width: 7.0,
                dashed: false,
                casing: false,
                tooltip: Some(note),
            };
            (score, line)
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|x| x.1).collect()
}
