//! `plan check`: references, ids, the map, routes, checkpoints and the schedule.

use super::document::{Movement, Plan};
use super::inputs::Freshness;
use super::schedule;
use crate::map::Map;
use serde::Serialize;
use std::collections::HashSet;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be used as it is.
    Error,
    /// Worth a look.
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// What and where.
    pub message: String,
}

impl Issue {
    /// An error.
    pub fn error(message: String) -> Issue {
        Issue {
            severity: Severity::Error,
            message,
        }
    }

    /// A warning.
    pub fn warning(message: String) -> Issue {
        Issue {
            severity: Severity::Warning,
            message,
        }
    }
}

fn duplicates<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    ids.filter(|id| !seen.insert(*id)).collect()
}

/// Validates a plan. `map` is the loaded map and `hash_ok` whether its file matches
/// the plan's hash (`None` when the map file could not be read).
pub fn check(plan: &Plan, map: Option<&Map>, hash_ok: Option<bool>) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_map(plan, map, hash_ok, &mut issues);
    let call_signs = call_signs(plan);
    for (i, m) in plan.movements.iter().enumerate() {
        check_movement(plan, i, m, &call_signs, &mut issues);
    }
    check_log(plan, &mut issues);
    let mut scheduled = plan.clone();
    issues.extend(schedule::schedule(&mut scheduled));
    if scheduled != *plan {
        issues.push(Issue::warning(
            "stored checkpoint times are out of date: run `cordon plan route` to recompute".into(),
        ));
    }
    issues
}

/// The advance log: unique ids, real dates, places the plan has, and open urgent
/// entries near a primary route (flagged, so the detail acts on them).
fn check_log(plan: &Plan, issues: &mut Vec<Issue>) {
    for id in duplicates(plan.log.iter().map(|e| e.id.as_str())) {
        issues.push(Issue::error(format!("log entry id '{id}' is used twice")));
    }
    for e in &plan.log {
        if !super::log::is_iso_date(&e.date) {
            issues.push(Issue::error(format!(
                "log entry {}: '{}' is not a date (write it as 2026-12-04)",
                e.id, e.date
            )));
        }
        if e.line(plan).is_none() {
            issues.push(Issue::error(format!(
                "log entry {}: its place names a venue, movement, checkpoint or route the plan does not have",
                e.id
            )));
        }
        if e.text.trim().is_empty() {
            issues.push(Issue::warning(format!("log entry {} says nothing", e.id)));
        }
    }
    for (e, m, d) in super::log::urgent_near_primaries(plan) {
        issues.push(Issue::warning(format!(
            "urgent open log entry {} ({}) lies {d:.0} m from {}'s primary route: {}",
            e.id,
            e.category.label(),
            m.id,
            e.text
        )));
    }
}

/// The map file, duplicate ids, and venues off the map.
fn check_map(plan: &Plan, map: Option<&Map>, hash_ok: Option<bool>, issues: &mut Vec<Issue>) {
    match hash_ok {
        Some(true) => {}
        Some(false) => issues.push(Issue::error(format!(
            "the map file {} has changed since the plan was made (SHA-256 differs): re-run `cordon plan route`",
            plan.map.path
        ))),
        None => issues.push(Issue::error(format!("the plan's map {} cannot be read", plan.map.path))),
    }
    for d in duplicates(plan.venues.iter().map(|v| v.id.as_str())) {
        issues.push(Issue::error(format!("venue id '{d}' is used twice")));
    }
    for d in duplicates(plan.movements.iter().map(|m| m.id.as_str())) {
        issues.push(Issue::error(format!("movement id '{d}' is used twice")));
    }
    if let Some(map) = map {
        for v in &plan.venues {
            if let Err(e) = map.check_on_map(v.location.point()) {
                issues.push(Issue::error(format!("venue '{}': {e}", v.id)));
            }
        }
    }
}

/// Every call sign the team and comms know.
fn call_signs(plan: &Plan) -> HashSet<&str> {
    plan.team
        .members
        .iter()
        .map(|m| m.call_sign.as_str())
        .chain(plan.team.vehicles.iter().map(|v| v.call_sign.as_str()))
        .chain(plan.comms.call_signs.iter().map(|(c, _)| c.as_str()))
        .collect()
}

/// A movement's venues, routes, speed factor and checkpoints.
fn check_movement(
    plan: &Plan,
    i: usize,
    m: &Movement,
    call_signs: &HashSet<&str>,
    issues: &mut Vec<Issue>,
) {
    let stale = matches!(plan.route_freshness(i), Freshness::Stale(_));
    if let Freshness::Stale(what) = plan.route_freshness(i) {
        issues.push(Issue::warning(format!(
            "movement '{}': its routes were computed before its {} changed: run `cordon plan route`",
            m.id,
            what.join(", ")
        )));
    }
    for (end, id) in [("from", &m.from), ("to", &m.to)] {
        if plan.venue(id).is_none() {
            issues.push(Issue::error(format!(
                "movement '{}': its '{end}' venue '{id}' does not exist",
                m.id
            )));
        }
    }
    if m.routes.is_empty() {
        issues.push(Issue::warning(format!(
            "movement '{}' has no routes yet: run `cordon plan route`",
            m.id
        )));
    } else if let Some(p) = m.route(super::document::RouteRole::Primary) {
        if !stale {
            check_primary_rule(m, p, issues);
        }
    } else {
        issues.push(Issue::error(format!(
            "movement '{}' has routes but no primary",
            m.id
        )));
    }
    for c in connectors(plan, m)
        .into_iter()
        .filter(|c| c.length_m > CONNECTOR_WARN_M)
    {
        issues.push(Issue::warning(format!(
            "movement '{}': the primary route passes {:.0} m from its {} (the nearest road it may use): check where the principal boards or alights",
            m.id, c.length_m, c.what
        )));
    }
    if m.speed_factor.is_nan() || m.speed_factor <= 0.0 {
        issues.push(Issue::error(format!(
            "movement '{}': speed_factor must be above 0",
            m.id
        )));
    }
    for d in duplicates(m.checkpoints.iter().map(|c| c.id.as_str())) {
        issues.push(Issue::error(format!(
            "movement '{}': checkpoint id '{d}' is used twice",
            m.id
        )));
    }
    for cp in &m.checkpoints {
        for who in cp
            .posted
            .iter()
            .filter(|w| !call_signs.contains(w.as_str()))
        {
            issues.push(Issue::warning(format!(
                "checkpoint '{}' posts '{who}', who is not in the team or comms",
                cp.id
            )));
        }
    }
}

/// Warns when the planner adopted a primary (an alternate, a route at a risk weight) but
/// the routes could not find it and fell back to the fastest.
fn check_primary_rule(m: &Movement, primary: &super::PlannedRoute, issues: &mut Vec<Issue>) {
    let Some(found) = primary.found_by else {
        return;
    };
    if found != m.primary {
        issues.push(Issue::warning(format!(
            "movement '{}': the primary should be {} but that route was not found with the current inputs; the primary is the {found} route",
            m.id, m.primary
        )));
    }
}

/// A connector longer than this (metres) between a venue or via and where the route
/// meets the road is reported.
pub const CONNECTOR_WARN_M: f64 = 50.0;

/// Where the primary route leaves a venue or via: the stretch from the place itself to
/// the nearest road the profile may use, which the route does not cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Connector {
    /// "origin Hôtel de Paris", "via 1 Place du Casino", "destination …".
    pub what: String,
    /// The venue's or via's position.
    pub from: geo::Point<f64>,
    /// Where the route is nearest to it.
    pub to: geo::Point<f64>,
    /// The straight distance between them, metres.
    pub length_m: f64,
}

/// The connectors of movement `m`'s primary route (none without one).
pub fn connectors(plan: &Plan, m: &Movement) -> Vec<Connector> {
    let Some(r) = m.route(super::document::RouteRole::Primary) else {
        return Vec::new();
    };
    let line: Vec<geo::Coord<f64>> = r
        .geometry
        .iter()
        .map(|p| geo::Coord { x: p.0, y: p.1 })
        .collect();
    let (Some(first), Some(last)) = (line.first(), line.last()) else {
        return Vec::new();
    };
    let measured = crate::coord::MeasuredLine::new(&line);
    let venue = |id: &str, what: &str| {
        plan.venue(id)
            .map(|v| (format!("{what} {}", v.name), v.location.point()))
    };
    let mut out = Vec::new();
    let mut push = |what: String, from: geo::Point<f64>, to: geo::Point<f64>| {
        let length_m = crate::coord::distance_m(from, to);
        out.push(Connector {
            what,
            from,
            to,
            length_m,
        });
    };
    if let Some((what, at)) = venue(&m.from, "origin") {
        push(what, at, geo::Point::from(*first));
    }
    for (i, v) in m.via.iter().enumerate() {
        let at = v.location.point();
        let (_, along) = crate::coord::distance_to_polyline_m(at, &line);
        let to = measured.point_at(along).unwrap_or(at);
        push(format!("via {} {}", i + 1, v.name), at, to);
    }
    if let Some((what, at)) = venue(&m.to, "destination") {
        push(what, at, geo::Point::from(*last));
    }
    out
}
