//! `plan route`: (re)computes every movement's primary, alternates and emergency route
//! with their risk, then the schedule.

use super::context::RoutingContext;
use super::document::{LonLat, Movement, Plan, PlannedRoute, RouteRole, round7};
use super::inputs::RouteInputs;
use super::schedule;
use super::validate::Issue;
use crate::map::Map;
use crate::risk::{
    Candidate, HAVEN_CORRIDOR_M, HavenStop, ModelError, RiskContext, RouteRisk, havens_along,
};
use crate::routing::{HospitalChoice, ProfileError, Profiles, Route, RouteError, RouteOptions};
use geo::Point;
use std::collections::BTreeMap;

/// Why a plan's routes could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum PlanRouteError {
    /// A movement names a venue the plan lacks.
    #[error("movement '{movement}': no venue '{venue}'")]
    UnknownVenue {
        /// Movement id.
        movement: String,
        /// The missing venue id.
        venue: String,
    },
    /// A movement's profile is unknown.
    #[error("movement '{movement}': {source}")]
    Profile {
        /// Movement id.
        movement: String,
        /// The profile error.
        source: ProfileError,
    },
    /// A movement cannot be routed.
    #[error("movement '{movement}': {source}")]
    Route {
        /// Movement id.
        movement: String,
        /// The routing error.
        source: RouteError,
    },
    /// No movement with that id (or index).
    #[error("the plan has no movement '{0}'")]
    NoMovement(String),
    /// The plan's risk model is invalid.
    #[error("the plan's risk model: {0}")]
    Model(#[from] ModelError),
}

impl PlanRouteError {
    /// The movement it is about, when it names one.
    pub fn movement(&self) -> Option<&str> {
        match self {
            Self::UnknownVenue { movement, .. }
            | Self::Profile { movement, .. }
            | Self::Route { movement, .. }
            | Self::NoMovement(movement) => Some(movement),
            Self::Model(_) => None,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Turns a computed route into what the plan keeps.
fn planned(role: RouteRole, r: &Route, risk: Option<RouteRisk>) -> PlannedRoute {
    let mut geometry: Vec<LonLat> = Vec::with_capacity(r.geometry.0.len());
    for c in &r.geometry.0 {
        let p = LonLat(round7(c.x), round7(c.y));
        if geometry.last() != Some(&p) {
            geometry.push(p);
        }
    }
    let mut timeline = vec![(0.0, 0.0)];
    let (mut along, mut t) = (0.0, 0.0);
    for e in &r.edges {
        along += e.length_m;
        t += e.duration_s;
        timeline.push((round1(along), round1(t)));
    }
    PlannedRoute {
        role,
        waypoints: r.waypoints.iter().map(|p| LonLat::from_point(*p)).collect(),
        snap_m: r.snap_m.iter().map(|d| round1(*d)).collect(),
        length_m: round1(r.length_m),
        duration_s: round1(r.duration_s),
        shared_fraction: None,
        hospital: None,
        hospital_phone: None,
        geometry,
        timeline,
        instructions: r
            .instructions
            .iter()
            .cloned()
            .map(rounded_instruction)
            .collect(),
        risk: risk.map(rounded_risk),
        havens: None,
        found_by: None,
    }
}

/// The havens beside a route with their drive times, rounded as plans keep them.
fn havens(ctx: &RoutingContext, r: &Route) -> Option<Vec<HavenStop>> {
    let mut stops = havens_along(ctx.haven_router(), &r.geometry.0, HAVEN_CORRIDOR_M);
    for h in &mut stops {
        h.location = pt(h.location);
        h.off_route_m = round1(h.off_route_m);
        h.along_m = round1(h.along_m);
        h.drive_s = h.drive_s.map(round1);
    }
    Some(stops)
}

fn pt(p: Point<f64>) -> Point<f64> {
    Point::new(round7(p.x()), round7(p.y()))
}

/// Plans keep metres and seconds to 0.1 and positions to 1e-7 degrees: shorter files,
/// and a value that reloads equal.
fn rounded_instruction(mut i: crate::routing::Instruction) -> crate::routing::Instruction {
    i.location = pt(i.location);
    i.along_m = round1(i.along_m);
    i.distance_m = round1(i.distance_m);
    i.time_s = round1(i.time_s);
    i
}

fn rounded_risk(mut k: RouteRisk) -> RouteRisk {
    k.edge_risk.clear();
    k.duration_s = round1(k.duration_s);
    k.length_m = round1(k.length_m);
    for h in &mut k.hazards {
        h.location = pt(h.location);
        h.along_m = round1(h.along_m);
        h.length_m = round1(h.length_m);
    }
    for c in &mut k.choke_points {
        c.location = pt(c.location);
        c.along_m = round1(c.along_m);
        c.length_m = round1(c.length_m);
    }
    let h = &mut k.havens;
    for v in [
        &mut h.hospital_max_min,
        &mut h.hospital_mean_min,
        &mut h.police_max_min,
        &mut h.police_mean_min,
    ] {
        *v = v.map(|x| (x * 100.0).round() / 100.0);
    }
    for f in &mut h.flagged {
        f.start = pt(f.start);
        f.from_m = round1(f.from_m);
        f.to_m = round1(f.to_m);
        f.worst_min = f.worst_min.map(|x| (x * 100.0).round() / 100.0);
    }
    k
}

/// The point of the route farthest (by drive time) from a hospital: where an emergency
/// route matters most.
fn worst_haven_point(ctx: &RiskContext, r: &Route) -> Point<f64> {
    let g = ctx.router.map().graph();
    r.edges
        .iter()
        .map(|e| g.head(e.edge))
        .max_by(|a, b| {
            ctx.havens
                .hospital_s(*a)
                .total_cmp(&ctx.havens.hospital_s(*b))
        })
        .map(|n| Point::from(g.node_coord(n)))
        .or_else(|| r.snapped.first().copied())
        .unwrap_or(Point::new(0.0, 0.0))
}

fn emergency(
    ctx: &RiskContext,
    plan: &Plan,
    m: &Movement,
    primary: &Route,
) -> Option<HospitalChoice> {
    let from = worst_haven_point(ctx, primary);
    let opts = RouteOptions {
        avoid: &m.avoid,
        ..RouteOptions::default()
    };
    ctx.router
        .emergency_route(from, &plan.hospitals, &opts)
        .or_else(|_| {
            ctx.router
                .emergency_route(from, &plan.hospitals, &RouteOptions::default())
        })
        .ok()
}

/// Origin, via points and destination of a movement.
fn waypoints(plan: &Plan, m: &Movement) -> Result<Vec<Point<f64>>, PlanRouteError> {
    let at = |id: &String| {
        plan.venue(id)
            .map(|v| v.location.point())
            .ok_or_else(|| PlanRouteError::UnknownVenue {
                movement: m.id.clone(),
                venue: id.clone(),
            })
    };
    let mut points = vec![at(&m.from)?];
    points.extend(m.via.iter().map(|v| v.location.point()));
    points.push(at(&m.to)?);
    Ok(points)
}

fn route_movement(
    rc: &RoutingContext,
    plan: &Plan,
    m: &Movement,
    alternatives: usize,
) -> Result<Vec<PlannedRoute>, PlanRouteError> {
    let points = waypoints(plan, m)?;
    let opts = RouteOptions {
        avoid: &m.avoid,
        ..RouteOptions::default()
    };
    let ctx = &rc.risk;
    let set = ctx
        .chosen_set(&points, &opts, m.primary, alternatives)
        .map_err(|source| PlanRouteError::Route {
            movement: m.id.clone(),
            source,
        })?;
    let alt_refs: Vec<&Route> = set.alternates.iter().map(|(a, _)| &a.route).collect();
    let main = &set.primary.route;
    let mut primary = planned(RouteRole::Primary, main, Some(ctx.assess(main, &alt_refs)));
    primary.havens = havens(rc, main);
    primary.found_by = Some(set.primary.found_by);
    let mut out = vec![primary];
    for (i, (a, shared)) in set.alternates.iter().enumerate() {
        let mut p = planned(
            RouteRole::Alternate(i as u8 + 1),
            &a.route,
            Some(ctx.assess(&a.route, &[main])),
        );
        p.havens = havens(rc, &a.route);
        p.shared_fraction = Some((shared * 1000.0).round() / 1000.0);
        p.found_by = Some(a.found_by);
        out.push(p);
    }
    if let Some(choice) = emergency(ctx, plan, m, main) {
        let mut p = planned(RouteRole::Emergency, &choice.route, None);
        p.hospital = Some(format!(
            "{} ({})",
            choice.hospital.display_name(),
            choice.reason
        ));
        p.hospital_phone = choice.hospital.phone.clone();
        out.push(p);
    }
    Ok(out)
}

/// Computes every movement's routes (primary, up to `alternatives` alternates, and an
/// emergency route from the point of the primary farthest from a hospital), stores them
/// in the plan, and recomputes the schedule. Returns the schedule's findings.
///
/// # Errors
/// [`PlanRouteError`] naming the movement that failed; the plan is left unchanged then.
pub fn route_plan(
    plan: &mut Plan,
    map: &Map,
    alternatives: usize,
) -> Result<Vec<Issue>, PlanRouteError> {
    let profiles = Profiles::builtin().map_err(|source| PlanRouteError::Profile {
        movement: String::new(),
        source,
    })?;
    let mut contexts: BTreeMap<&str, RoutingContext> = BTreeMap::new();
    for m in &plan.movements {
        if !contexts.contains_key(m.profile.as_str()) {
            let rc = RoutingContext::new(map, plan, &profiles, &m.profile, &m.id)?;
            contexts.insert(&m.profile, rc);
        }
    }
    let mut computed = Vec::with_capacity(plan.movements.len());
    for (i, m) in plan.movements.iter().enumerate() {
        let Some(rc) = contexts.get(m.profile.as_str()) else {
            continue;
        };
        computed.push(route_movement_in(rc, plan, i, alternatives)?);
    }
    drop(contexts);
    for (m, c) in plan.movements.iter_mut().zip(computed) {
        m.set_routes(c);
    }
    Ok(schedule::schedule(plan))
}

/// A movement's routes with the inputs they were computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedRoutes {
    /// What the routes depend on, as it was when they were computed.
    pub inputs: RouteInputs,
    /// Primary, alternates and emergency route.
    pub routes: Vec<PlannedRoute>,
}

impl Movement {
    /// Stores computed routes and the inputs they were computed from.
    pub fn set_routes(&mut self, c: ComputedRoutes) {
        self.routes = c.routes;
        self.routes_for = Some(c.inputs);
    }
}

/// Computes the routes of the movement at `index` with a prepared context for its
/// profile, as [`route_plan`] does, without changing the plan (the app runs this on a
/// worker and applies the result itself when the inputs are still current).
///
/// # Errors
/// [`PlanRouteError`]; `NoMovement` when there is no such movement.
pub fn route_movement_in(
    rc: &RoutingContext,
    plan: &Plan,
    index: usize,
    alternatives: usize,
) -> Result<ComputedRoutes, PlanRouteError> {
    let Some(m) = plan.movements.get(index) else {
        return Err(PlanRouteError::NoMovement(format!("#{index}")));
    };
    let routes = route_movement(rc, plan, m, alternatives)?;
    let inputs = RouteInputs::of(plan, index).ok_or_else(|| PlanRouteError::UnknownVenue {
        movement: m.id.clone(),
        venue: format!("{} or {}", m.from, m.to),
    })?;
    Ok(ComputedRoutes { inputs, routes })
}

/// Risk weights tried when a movement's time against risk is explored.
pub const EXPLORE_WEIGHTS: [f64; 4] = [1.0, 2.0, 4.0, 8.0];

/// Time against risk for movement `index`: its fastest route, alternates and the
/// routes found at [`EXPLORE_WEIGHTS`], each scored, with the Pareto set marked.
///
/// # Errors
/// [`PlanRouteError`] when the movement or a venue is missing or it cannot be routed.
pub fn explore_movement(
    rc: &RoutingContext,
    plan: &Plan,
    index: usize,
) -> Result<Vec<Candidate>, PlanRouteError> {
    let Some(m) = plan.movements.get(index) else {
        return Err(PlanRouteError::NoMovement(format!("#{index}")));
    };
    let points = waypoints(plan, m)?;
    let opts = RouteOptions {
        avoid: &m.avoid,
        ..RouteOptions::default()
    };
    rc.risk
        .explore(&points, &opts, m.primary, &EXPLORE_WEIGHTS, 2)
        .map_err(|source| PlanRouteError::Route {
            movement: m.id.clone(),
            source,
        })
}
