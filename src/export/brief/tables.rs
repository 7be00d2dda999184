//! The brief's tables: routes, risk and choke points, checkpoint timings, turn by
//! turn, safe havens, venues, team and comms. Everything printed is read from the plan;
//! nothing is routed here.

use super::super::layout::{Column, Layout};
use crate::format;
use crate::grid::{Grid, GridRef};
use crate::plan::{Movement, Plan, PlannedRoute, RouteRole};
use crate::risk::{HAVEN_CORRIDOR_M, PrimaryRule};

/// A table whose columns have the given widths in mm; the last column takes what is
/// left of the page width.
fn table(l: &mut Layout, headers: &[&str], widths: &[f32], rows: &[Vec<String>], size: f32) {
    let rest = l.width() - widths.iter().sum::<f32>();
    let cols: Vec<Column> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            header: h,
            width: widths.get(i).copied().unwrap_or(rest),
        })
        .collect();
    l.table(&cols, rows, size);
}

/// A level-2 heading and a [`table`] in 8.5 pt.
fn titled_table(
    l: &mut Layout,
    title: &str,
    headers: &[&str],
    widths: &[f32],
    rows: Vec<Vec<String>>,
) {
    l.heading(title, 2);
    table(l, headers, widths, &rows, 8.5);
}

/// "12.3 Elevated" or nothing.
fn risk_text(r: &PlannedRoute) -> String {
    r.risk.as_ref().map(format::risk).unwrap_or_default()
}

/// The movement table of the cover.
pub(super) fn movements_table(l: &mut Layout, movements: &[&Movement]) {
    let rows: Vec<Vec<String>> = movements
        .iter()
        .map(|m| {
            let p = m.route(crate::plan::RouteRole::Primary);
            vec![
                m.id.clone(),
                m.name.clone(),
                m.departure.to_string(),
                crate::plan::arrival(m)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                m.profile.clone(),
                p.map(|r| {
                    format!(
                        "{}, {}",
                        format::length(r.length_m),
                        format::duration(r.duration_s * m.speed_factor)
                    )
                })
                .unwrap_or_else(|| "not routed".into()),
                p.map(risk_text).unwrap_or_default(),
            ]
        })
        .collect();
    let heads = [
        "#",
        "movement",
        "departs",
        "arrives",
        "by",
        "primary route",
        "risk",
    ];
    table(l, &heads, &[10.0, 52.0, 18.0, 18.0, 20.0, 36.0], &rows, 8.5);
}

pub(super) fn routes_table(l: &mut Layout, m: &Movement) {
    l.heading("Routes", 2);
    let rows: Vec<Vec<String>> = m
        .routes
        .iter()
        .map(|r| {
            vec![
                r.role.to_string(),
                format::length(r.length_m),
                format::duration(r.duration_s * m.speed_factor),
                r.shared_fraction
                    .map(|s| format!("{:.0}%", s * 100.0))
                    .unwrap_or_default(),
                risk_text(r),
                match (&r.hospital, &r.hospital_phone) {
                    (Some(h), Some(p)) => format!("to {h}; phone {p}"),
                    (Some(h), None) => format!("to {h}"),
                    _ => route_note(m, r),
                },
            ]
        })
        .collect();
    let heads = ["route", "length", "time", "shared", "risk", "notes"];
    table(l, &heads, &[24.0, 20.0, 22.0, 30.0, 24.0], &rows, 8.5);
}

/// How a primary or alternate was found, when the planner adopted a primary other
/// than the fastest ("adopted: risk weight 4"; "fastest").
fn route_note(m: &Movement, r: &PlannedRoute) -> String {
    match (r.role, r.found_by) {
        (_, _) if m.primary.is_fastest() => String::new(),
        (RouteRole::Primary, Some(rule)) => format!("adopted by the planner: {rule}"),
        (RouteRole::Alternate(_), Some(PrimaryRule::Fastest)) => {
            "fastest (the former primary)".into()
        }
        _ => String::new(),
    }
}

/// The movement's via points and avoid zones, named, as drawn on its map.
pub(super) fn vias_and_zones(l: &mut Layout, m: &Movement, grid: Grid) {
    if !m.via.is_empty() {
        let vias: Vec<String> = m
            .via
            .iter()
            .enumerate()
            .map(|(i, v)| {
                format!(
                    "v{} {} ({})",
                    i + 1,
                    v.name,
                    GridRef(grid, v.location.point())
                )
            })
            .collect();
        l.paragraph(&format!("Via points, in order: {}.", vias.join("; ")), 9.0);
    }
    if !m.avoid.is_empty() {
        let zones: Vec<String> = m
            .avoid
            .iter()
            .map(|z| {
                let corners = z
                    .area
                    .0
                    .first()
                    .map_or(0, |p| p.exterior().0.len().saturating_sub(1));
                format!("{} ({corners} corners)", z.name)
            })
            .collect();
        l.paragraph(
            &format!(
                "Avoid zones (red on the map; the routes keep out): {}.",
                zones.join("; ")
            ),
            9.0,
        );
    }
}

pub(super) fn risk_section(l: &mut Layout, r: &PlannedRoute, grid: Grid) {
    let Some(k) = &r.risk else { return };
    l.heading(
        &format!(
            "Risk of the primary route: {:.1} / 100 ({})",
            k.score, k.band
        ),
        2,
    );
    let b = k.breakdown;
    l.paragraph(
        &format!(
            "Breakdown: exposure {:.1} + choke points {:.1} + hazards {:.1} + haven coverage {:.1}. Haven coverage: {}.",
            b.exposure, b.choke_points, b.hazards, b.haven_coverage, k.havens.summary()
        ),
        9.0,
    );
    l.paragraph(&format!("Method: {}.", k.method), 8.0);
    if k.choke_points.is_empty() {
        return;
    }
    let rows: Vec<Vec<String>> = k
        .choke_points
        .iter()
        .map(|c| {
            vec![
                format!(
                    "{:.0}{}",
                    c.score,
                    if c.priority { " PRIORITY" } else { "" }
                ),
                format!("{:.0} m", c.along_m),
                GridRef(grid, c.location).to_string(),
                c.reasons.join("; "),
            ]
        })
        .collect();
    l.heading("Choke points", 3);
    let location = format!("location ({})", grid.label());
    let heads = ["score", "at", location.as_str(), "why"];
    table(l, &heads, &[24.0, 18.0, 38.0], &rows, 8.0);
}

pub(super) fn checkpoints_table(l: &mut Layout, m: &Movement, grid: Grid) {
    l.heading("Checkpoints and timings", 2);
    let codes: Vec<String> = crate::plan::CheckpointKind::ALL
        .into_iter()
        .filter(|k| m.checkpoints.iter().any(|c| c.kind == *k))
        .map(|k| format!("{} = {}", k.code(), k.label()))
        .collect();
    if !codes.is_empty() {
        l.paragraph(
            &format!(
                "On the maps each checkpoint shows its number and kind: {}.",
                codes.join(", ")
            ),
            8.5,
        );
    }
    let rows: Vec<Vec<String>> = m
        .checkpoints
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                c.planned_time
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "-".into()),
                c.name.clone(),
                c.kind.label().into(),
                GridRef(grid, c.location.point()).to_string(),
                if c.dwell_s > 0.0 {
                    format::duration(c.dwell_s)
                } else {
                    String::new()
                },
                c.posted.join(", "),
                c.notes.clone(),
            ]
        })
        .collect();
    let heads = [
        "#",
        "time",
        "checkpoint",
        "kind",
        grid.label(),
        "dwell",
        "posted",
        "notes",
    ];
    let widths = [7.0, 16.0, 36.0, 22.0, 32.0, 16.0, 20.0];
    table(l, &heads, &widths, &rows, 8.0);
}

pub(super) fn turns_table(l: &mut Layout, m: &Movement, r: &PlannedRoute) {
    turns_table_sized(l, m, r, 8.0);
}

/// The turn list in `size` point type (the driver card's is large).
pub(super) fn turns_table_sized(l: &mut Layout, m: &Movement, r: &PlannedRoute, size: f32) {
    l.table_heading(
        "Turn by turn (primary route)",
        2,
        r.instructions.len(),
        size,
    );
    let rows: Vec<Vec<String>> = r
        .instructions
        .iter()
        .enumerate()
        .map(|(i, ins)| {
            vec![
                (i + 1).to_string(),
                m.departure.plus(ins.time_s * m.speed_factor).to_string(),
                if ins.distance_m > 0.0 {
                    format::length(ins.distance_m)
                } else {
                    String::new()
                },
                ins.text(),
            ]
        })
        .collect();
    let heads = ["#", "time", "then", "instruction"];
    let k = size / 8.0;
    table(l, &heads, &[8.0 * k, 17.0 * k, 18.0 * k], &rows, size);
}

/// The driver's checkpoint list: time, name and kind, in `size` point type.
pub(super) fn driver_checkpoints(l: &mut Layout, m: &Movement, size: f32) {
    l.heading("Checkpoints", 2);
    let rows: Vec<Vec<String>> = m
        .checkpoints
        .iter()
        .map(|c| {
            vec![
                c.planned_time
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "-".into()),
                c.name.clone(),
                c.kind.label().into(),
            ]
        })
        .collect();
    let k = size / 8.0;
    table(
        l,
        &["time", "checkpoint", "kind"],
        &[17.0 * k, 60.0 * k],
        &rows,
        size,
    );
}

/// The havens stored with the route (computed with it, drive times by car).
pub(super) fn havens_table(l: &mut Layout, r: &PlannedRoute) {
    l.heading(
        &format!("Safe havens within {HAVEN_CORRIDOR_M:.0} m of the primary route"),
        2,
    );
    let Some(havens) = &r.havens else {
        l.paragraph(
            "Not computed with this plan's routes: run `cordon plan route` to list them.",
            9.0,
        );
        return;
    };
    if havens.is_empty() {
        l.paragraph("None on the map.", 9.0);
        return;
    }
    let rows: Vec<Vec<String>> = havens
        .iter()
        .map(|h| {
            vec![
                h.name.clone(),
                h.kind.label().into(),
                h.phone.clone().unwrap_or_else(|| "-".into()),
                format!("{:.0} m at {:.0} m", h.off_route_m, h.along_m),
                h.drive_s
                    .map(format::duration)
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let heads = ["name", "kind", "phone", "off / along", "drive"];
    table(l, &heads, &[66.0, 30.0, 30.0, 34.0], &rows, 8.0);
}

pub(super) fn venues(l: &mut Layout, plan: &Plan) {
    l.heading("Venues and assessments", 1);
    let rows: Vec<Vec<String>> = plan
        .venues
        .iter()
        .map(|v| {
            let a = v.assessment.as_ref().map(|a| {
                format!(
                    "{} = {} ({}) by {} on {}; {}; factors {:?}",
                    a.method.key(),
                    a.score,
                    a.band,
                    a.assessor,
                    a.date,
                    a.method_text(),
                    a.factors
                )
            });
            let notes = if v.notes.is_empty() {
                String::new()
            } else {
                format!(" Notes: {}", v.notes)
            };
            vec![
                v.name.clone(),
                v.kind.clone(),
                GridRef(plan.grid, v.location.point()).to_string(),
                format!("{}{notes}", a.unwrap_or_else(|| "not assessed".into())),
            ]
        })
        .collect();
    let location = format!("location ({})", plan.grid.label());
    let heads = ["venue", "kind", location.as_str(), "assessment"];
    table(l, &heads, &[44.0, 20.0, 34.0], &rows, 8.0);
}

pub(super) fn team_and_comms(l: &mut Layout, plan: &Plan) {
    l.heading("Team, vehicles and communications", 1);
    let (team, comms) = (&plan.team, &plan.comms);
    let rows = team
        .members
        .iter()
        .map(|m| {
            vec![
                m.call_sign.clone(),
                m.name.clone(),
                m.role.clone(),
                m.phone.clone(),
            ]
        })
        .collect();
    titled_table(
        l,
        "Team",
        &["call sign", "name", "role", "phone"],
        &[28.0, 44.0, 60.0],
        rows,
    );
    let rows = team
        .vehicles
        .iter()
        .map(|v| {
            vec![
                v.call_sign.clone(),
                v.role.clone(),
                v.description.clone(),
                v.plate.clone(),
                v.driver.clone(),
            ]
        })
        .collect();
    titled_table(
        l,
        "Vehicles",
        &["call sign", "role", "vehicle", "plate", "driver"],
        &[24.0, 22.0, 56.0, 40.0],
        rows,
    );
    let rows = comms
        .channels
        .iter()
        .map(|c| vec![c.name.clone(), c.frequency.clone(), c.purpose.clone()])
        .collect();
    titled_table(
        l,
        "Radio channels",
        &["channel", "frequency", "purpose"],
        &[40.0, 60.0],
        rows,
    );
    let rows = comms
        .call_signs
        .iter()
        .map(|(c, who)| vec![c.clone(), who.clone()])
        .collect();
    titled_table(
        l,
        "Call signs",
        &["call sign", "who or where"],
        &[40.0],
        rows,
    );
    let rows = comms
        .emergency_contacts
        .iter()
        .map(|c| vec![c.name.clone(), c.role.clone(), c.phone.clone()])
        .collect();
    titled_table(
        l,
        "Emergency contacts",
        &["who", "role", "phone"],
        &[70.0, 70.0],
        rows,
    );
}

/// Log entries this close to a movement's routes are printed with the movement.
pub(super) const LOG_NEAR_ROUTE_M: f64 = 200.0;

/// Advance log entries as a table: when, what, how bad, status, who, where, text.
pub(super) fn log_table(l: &mut Layout, plan: &Plan, entries: &[&crate::plan::LogEntry]) {
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let status = e.status_text();
            let at = e
                .position(plan)
                .map(|p| crate::grid::GridRef(plan.grid, p).to_string())
                .unwrap_or_else(|| "-".into());
            vec![
                format!("{} {}\n{} {}", e.id, e.date, e.time, e.reporter),
                format!("{}\n{}", e.category.label(), e.severity.label()),
                at,
                format!("{} ({status})", e.text),
            ]
        })
        .collect();
    let heads = ["entry", "category", "where", "what (status)"];
    table(l, &heads, &[30.0, 32.0, 34.0], &rows, 8.0);
}

/// The movement's log entries: those on or near its routes.
pub(super) fn movement_log(l: &mut Layout, plan: &Plan, m: &Movement) {
    let near = crate::plan::log::near_movement(plan, m, LOG_NEAR_ROUTE_M);
    if near.is_empty() {
        return;
    }
    l.table_heading(
        &format!("Advance log within {LOG_NEAR_ROUTE_M:.0} m of the routes"),
        2,
        near.len(),
        8.0,
    );
    log_table(l, plan, &near);
}

/// Every log entry, in time order: the annex.
pub(super) fn log_annex(l: &mut Layout, plan: &Plan) {
    if plan.log.is_empty() {
        return;
    }
    l.heading("Advance log", 1);
    let open = plan.log.iter().filter(|e| e.is_open()).count();
    l.paragraph(
        &format!(
            "{} entries, {open} open. Observations of the advance and incidents of the visit, times in {}.",
            plan.log.len(),
            plan.time_zone
        ),
        9.0,
    );
    let mut all: Vec<&crate::plan::LogEntry> = plan.log.iter().collect();
    all.sort_by(|a, b| (&a.date, a.time).cmp(&(&b.date, b.time)));
    log_table(l, plan, &all);
}
