//! The timed schedule: from each movement's departure, its route's timing (times its
//! speed factor) and the dwell at each checkpoint, the time the principal passes every
//! checkpoint and arrives; with the checks that make a schedule believable.

use super::document::{Checkpoint, Movement, Plan, PlannedRoute};
use super::time::ClockTime;
use super::validate::{Issue, Severity};
use crate::coord;
use crate::grid::GridRef;
use serde::Serialize;

/// Checkpoints farther than this from their route are flagged.
pub const OFF_ROUTE_LIMIT_M: f64 = 100.0;

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// When.
    pub time: ClockTime,
    /// Movement id.
    pub movement: String,
    /// Checkpoint (or "depart"/"arrive").
    pub checkpoint: String,
    /// Kind of checkpoint.
    pub kind: String,
    /// Where: venue or place name and `lat,lon`.
    pub place: String,
    /// Notes.
    pub notes: String,
}

/// Seconds from the route's start to `along_m`, interpolated on its timeline.
fn time_at(route: &PlannedRoute, along_m: f64) -> f64 {
    let t = &route.timeline;
    let i = t.partition_point(|(a, _)| *a <= along_m);
    match (i.checked_sub(1).and_then(|k| t.get(k)), t.get(i)) {
        (Some(&(a0, t0)), Some(&(a1, t1))) if a1 > a0 => {
            t0 + (t1 - t0) * (along_m - a0) / (a1 - a0)
        }
        (Some(&(_, t0)), _) => t0,
        (None, _) => 0.0,
    }
}

/// Where a checkpoint lies along its route: (metres along, metres off the line).
pub fn project(route: &PlannedRoute, cp: &Checkpoint) -> (f64, f64) {
    let line: Vec<geo::Coord<f64>> = route
        .geometry
        .iter()
        .map(|p| geo::Coord { x: p.0, y: p.1 })
        .collect();
    let (off, along) = coord::distance_to_polyline_m(cp.location.point(), &line);
    (along, off)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Computes every checkpoint's position and planned time; returns the problems found.
pub fn schedule(plan: &mut Plan) -> Vec<Issue> {
    let mut issues = Vec::new();
    for m in &mut plan.movements {
        schedule_movement(m, &mut issues);
    }
    check_sequence(plan, &mut issues);
    issues
}

fn schedule_movement(m: &mut Movement, issues: &mut Vec<Issue>) {
    let routes = m.routes.clone();
    let mut dwell_before = 0.0;
    let mut last: Option<(String, f64)> = None;
    for cp in &mut m.checkpoints {
        let Some(route) = routes.iter().find(|r| r.role == cp.route) else {
            cp.planned_time = None;
            if !routes.is_empty() {
                issues.push(Issue::error(format!("checkpoint '{}' of movement '{}' is on the {} route, which the movement does not have", cp.id, m.id, cp.route)));
            }
            continue;
        };
        let (along, off) = project(route, cp);
        cp.along_m = Some(round1(along));
        cp.off_route_m = Some(round1(off));
        if off > OFF_ROUTE_LIMIT_M {
            issues.push(Issue::warning(format!("checkpoint '{}' of movement '{}' is {off:.0} m off its {} route (limit {OFF_ROUTE_LIMIT_M:.0} m)", cp.id, m.id, cp.route)));
        }
        if let Some((prev, prev_along)) = &last
            && along + 1.0 < *prev_along
        {
            issues.push(Issue::error(format!(
                "times go backwards in movement '{}': checkpoint '{}' is listed after '{prev}' but lies {:.0} m before it",
                m.id, cp.id, prev_along - along
            )));
        }
        let t = time_at(route, along) * m.speed_factor + dwell_before;
        cp.planned_time = Some(m.departure.plus(t));
        dwell_before += cp.dwell_s;
        last = Some((cp.id.clone(), along));
    }
}

/// When the principal reaches the destination: the drive plus the stops on the way
/// (dwell at checkpoints at the destination itself comes after).
pub fn arrival(m: &Movement) -> Option<ClockTime> {
    let r = m.route(super::document::RouteRole::Primary)?;
    let on_the_way: f64 = m
        .checkpoints
        .iter()
        .filter(|c| c.route == r.role && c.along_m.is_some_and(|a| a < r.length_m - END_MARGIN_M))
        .map(|c| c.dwell_s)
        .sum();
    Some(m.departure.plus(r.duration_s * m.speed_factor + on_the_way))
}

/// When the movement is over: arrival plus the dwell at the destination.
pub fn end(m: &Movement) -> Option<ClockTime> {
    let r = m.route(super::document::RouteRole::Primary)?;
    let dwell: f64 = m
        .checkpoints
        .iter()
        .filter(|c| c.route == r.role)
        .map(|c| c.dwell_s)
        .sum();
    Some(m.departure.plus(r.duration_s * m.speed_factor + dwell))
}

/// Checkpoints this close to the route's end are at the destination.
const END_MARGIN_M: f64 = 5.0;

/// A movement may not leave before the one before it (in departure order) arrives.
fn check_sequence(plan: &Plan, issues: &mut Vec<Issue>) {
    let mut order: Vec<&Movement> = plan.movements.iter().collect();
    order.sort_by_key(|m| m.departure);
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if let Some(done) = end(a)
            && b.departure < done
        {
            issues.push(Issue {
                severity: Severity::Error,
                message: format!("times go backwards: movement '{}' departs at {}, before movement '{}' is over at {done}", b.id, b.departure, a.id),
            });
        }
    }
}

/// The whole day's timeline in time order (stable for equal times).
pub fn timeline(plan: &Plan) -> Vec<Row> {
    let mut rows = Vec::new();
    let venue = |id: &str| plan.venue(id).map(|v| (v.name.clone(), v.location));
    for m in &plan.movements {
        let (from_name, from_at) =
            venue(&m.from).unwrap_or((m.from.clone(), super::document::LonLat(0.0, 0.0)));
        rows.push(Row {
            time: m.departure,
            movement: m.id.clone(),
            checkpoint: "depart".into(),
            kind: "departure".into(),
            place: format!("{from_name} ({})", GridRef(plan.grid, from_at.point())),
            notes: format!("{} ({})", m.name, m.profile),
        });
        for cp in &m.checkpoints {
            let Some(t) = cp.planned_time else { continue };
            rows.push(Row {
                time: t,
                movement: m.id.clone(),
                checkpoint: cp.name.clone(),
                kind: cp.kind.label().into(),
                place: GridRef(plan.grid, cp.location.point()).to_string(),
                notes: cp.notes.clone(),
            });
        }
        if let Some(arr) = arrival(m) {
            let (to_name, to_at) =
                venue(&m.to).unwrap_or((m.to.clone(), super::document::LonLat(0.0, 0.0)));
            rows.push(Row {
                time: arr,
                movement: m.id.clone(),
                checkpoint: "arrive".into(),
                kind: "arrival".into(),
                place: format!("{to_name} ({})", GridRef(plan.grid, to_at.point())),
                notes: String::new(),
            });
        }
    }
    rows.sort_by_key(|r| r.time);
    rows
}
