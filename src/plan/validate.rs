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
    let mut scheduled = plan.clone();
    issues.extend(schedule::schedule(&mut scheduled));
    if scheduled != *plan {
        issues.push(Issue::warning(
            "stored checkpoint times are out of date: run `cordon plan route` to recompute".into(),
        ));
    }
    issues
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
    } else if m.route(super::document::RouteRole::Primary).is_none() {
        issues.push(Issue::error(format!(
            "movement '{}' has routes but no primary",
            m.id
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
