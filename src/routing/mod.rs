//! Route planning over a [`Map`]: profiles, the cost model, edge-based A* search with
//! via points, alternatives, avoid zones, emergency routes to hospitals, and
//! turn-by-turn instructions.
//!
//! A [`Router`] is made once per map and profile (a few milliseconds: per-edge times,
//! bearings, restrictions and the profile's main components); every query may then
//! change its weights through a [`CostModifier`] and its avoid zones, with no
//! preprocessing to redo.

mod alternatives;
mod avoid;
mod cost;
mod emergency;
mod instructions;
mod profile;
mod reach;
mod route;
mod search;

pub use alternatives::{NEAR_COPY_FRACTION, RouteSet, ScoredRoute, shared_fraction};
pub use avoid::{AvoidError, AvoidZone, load_zones};
pub use cost::{CostModifier, Metric, TurnKind, bearing_deg, turn_angle};
pub use emergency::{HospitalChoice, HospitalPolicy};
pub use instructions::{Instruction, Maneuver};
pub use profile::{
    BUILTIN_PROFILES_RON, BarrierRules, Profile, ProfileError, Profiles, TurnPenalties,
};
pub use reach::{CELL_M, Isochrone, StationReach};
pub use route::{Leg, Route, RouteEdge};

use crate::coord::LatLon;
use crate::map::{EdgeId, Map, SegmentId, Snap, WayIdx};
use cost::EdgeCosts;
use geo::Point;
use search::{Costing, Scratch};
use std::cell::RefCell;

/// How far a typed point may be from a road, in metres.
pub const SNAP_RADIUS_M: f64 = 250.0;

/// Why a route could not be made.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RouteError {
    /// Fewer than two waypoints.
    #[error("a route needs an origin and a destination")]
    TooFewWaypoints,
    /// A waypoint is not on the map.
    #[error("the {which} {}", source)]
    OffMap {
        /// "origin", "destination" or "via point N".
        which: String,
        /// The map's reason.
        source: crate::map::MapError,
    },
    /// No usable road near a waypoint.
    #[error("no road usable by '{profile}' within {radius_m:.0} m of the {which} ({})", LatLon(*point))]
    NoRoadNear {
        /// "origin", "destination" or "via point N".
        which: String,
        /// The point.
        point: Point<f64>,
        /// The profile.
        profile: String,
        /// The search radius.
        radius_m: f64,
    },
    /// A waypoint lies inside an avoid zone.
    #[error("the {which} lies inside the avoid zone '{zone}'")]
    InsideAvoidZone {
        /// Which waypoint.
        which: String,
        /// The zone's name.
        zone: String,
    },
    /// No route for one leg.
    #[error("no route for leg {leg} (from the {from} to the {to}) with profile '{profile}'")]
    Unreachable {
        /// 1-based leg number.
        leg: usize,
        /// Waypoint the leg starts at.
        from: String,
        /// Waypoint the leg ends at.
        to: String,
        /// The profile.
        profile: String,
    },
    /// The two ends of a leg lie in road networks with no road between them.
    #[error(
        "no road connects the {from} and the {to} (leg {leg}) for profile '{profile}': they lie in separate road networks (no road joins them in this map file)"
    )]
    SeparateNetworks {
        /// 1-based leg number.
        leg: usize,
        /// Waypoint the leg starts at.
        from: String,
        /// Waypoint the leg ends at.
        to: String,
        /// The profile.
        profile: String,
    },
    /// A leg is reachable only through avoid zones.
    #[error("no route for leg {leg} (from the {from} to the {to}) avoids {}", zones.iter().map(|z| format!("'{z}'")).collect::<Vec<_>>().join(" and "))]
    BlockedByZones {
        /// 1-based leg number.
        leg: usize,
        /// Waypoint the leg starts at.
        from: String,
        /// Waypoint the leg ends at.
        to: String,
        /// The zones that cut it off.
        zones: Vec<String>,
    },
    /// No hospital could be reached.
    #[error("no hospital on the map can be reached from {}", LatLon(*from))]
    NoHospital {
        /// The start point.
        from: Point<f64>,
    },
}

/// "origin", "destination" or "via point N" for waypoint `i` of `n`.
pub fn waypoint_name(i: usize, n: usize) -> String {
    match i {
        0 => "origin".into(),
        _ if i + 1 == n => "destination".into(),
        _ => format!("via point {i}"),
    }
}

/// Per-query choices beyond the waypoints.
#[derive(Clone, Copy, Default)]
pub struct RouteOptions<'a> {
    /// Time (default) or distance.
    pub metric: Metric,
    /// Areas the route must not enter.
    pub avoid: &'a [AvoidZone],
    /// Extra per-edge costs (risk).
    pub modifier: Option<&'a dyn CostModifier>,
}

/// A router for one map and one profile.
pub struct Router<'m> {
    map: &'m Map,
    profile: Profile,
    costs: EdgeCosts,
    major_segment: Vec<bool>,
    /// Strongly connected component of each node in the profile's network.
    component: Vec<u32>,
    scratch: RefCell<Scratch>,
}

/// A copy shares nothing mutable: it gets its own search scratch.
impl Clone for Router<'_> {
    fn clone(&self) -> Self {
        Router {
            map: self.map,
            profile: self.profile.clone(),
            costs: self.costs.clone(),
            major_segment: self.major_segment.clone(),
            component: self.component.clone(),
            scratch: RefCell::new(Scratch::default()),
        }
    }
}

/// The modifier a query runs with: avoid zones, alternative penalties and the
/// caller's own, composed.
struct Composite<'a> {
    map: &'a Map,
    blocked: &'a [bool],
    penalised: Option<(&'a [bool], f64)>,
    user: Option<&'a dyn CostModifier>,
}

impl CostModifier for Composite<'_> {
    fn extra(&self, e: EdgeId, base: f64) -> Option<f64> {
        let s = self.map.graph().edge_segment(e) as usize;
        if self.blocked.get(s).copied().unwrap_or(false) {
            return None;
        }
        let mut x = 0.0;
        if let Some((pen, factor)) = self.penalised
            && pen[s]
        {
            x += base * (factor - 1.0);
        }
        if let Some(u) = self.user {
            x += u.extra(e, base)?.max(0.0);
        }
        Some(x)
    }
}

impl<'m> Router<'m> {
    /// Prepares per-edge costs and the profile's main components.
    pub fn new(map: &'m Map, profile: Profile) -> Router<'m> {
        let costs = EdgeCosts::new(map, &profile);
        let component = map
            .graph()
            .strongly_connected_components_by(|e| costs.allowed[e as usize]);
        let major_segment = major_segments(map, &profile, &costs);
        Router {
            map,
            profile,
            costs,
            major_segment,
            component,
            scratch: RefCell::new(Scratch::default()),
        }
    }

    /// The map routed on.
    pub fn map(&self) -> &'m Map {
        self.map
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Travel time on edge `e` in full, seconds (without turn penalties).
    pub fn edge_time_s(&self, e: EdgeId) -> f64 {
        self.costs.time_s[e as usize]
    }

    /// Whether the profile may travel along edge `e`.
    pub fn allows(&self, e: EdgeId) -> bool {
        self.costs.allowed[e as usize]
    }

    /// Snaps a point to the nearest road this profile can use, preferring the well
    /// connected part of the network. Any point within [`SNAP_RADIUS_M`] of a usable
    /// road is accepted, wherever the file's header box is (extracts carry whole ways
    /// beyond their box); a point near no road is refused as off the map when it lies
    /// outside the map's extent, else as too far from a road.
    ///
    /// # Errors
    /// [`RouteError::OffMap`] or [`RouteError::NoRoadNear`].
    pub fn snap(&self, p: Point<f64>, which: &str) -> Result<Snap, RouteError> {
        let usable = |s: SegmentId| self.map.graph().segment_edges(s).any(|e| self.allows(e));
        let found = self
            .map
            .snap(p, SNAP_RADIUS_M, |s| self.major_segment[s as usize])
            .or_else(|| self.map.snap(p, SNAP_RADIUS_M, usable));
        if let Some(s) = found {
            return Ok(s);
        }
        self.map
            .check_on_map(p)
            .map_err(|source| RouteError::OffMap {
                which: which.to_string(),
                source,
            })?;
        Err(RouteError::NoRoadNear {
            which: which.to_string(),
            point: p,
            profile: self.profile.name.clone(),
            radius_m: SNAP_RADIUS_M,
        })
    }

    fn snap_all(
        &self,
        waypoints: &[Point<f64>],
        zones: &[AvoidZone],
    ) -> Result<Vec<Snap>, RouteError> {
        if waypoints.len() < 2 {
            return Err(RouteError::TooFewWaypoints);
        }
        let n = waypoints.len();
        waypoints
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                if let Some(z) = zones.iter().find(|z| z.contains(p)) {
                    return Err(RouteError::InsideAvoidZone {
                        which: waypoint_name(i, n),
                        zone: z.name.clone(),
                    });
                }
                self.snap(p, &waypoint_name(i, n))
            })
            .collect()
    }

    /// The best route through `waypoints` in order.
    ///
    /// # Errors
    /// Snapping errors, [`RouteError::Unreachable`] naming the leg, or
    /// [`RouteError::BlockedByZones`] naming the zones that cut a leg off.
    pub fn route(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
    ) -> Result<Route, RouteError> {
        let snaps = self.snap_all(waypoints, opts.avoid)?;
        let blocked = self.blocked_segments(opts.avoid);
        self.route_snapped(waypoints, &snaps, opts, &blocked, None)
    }

    fn blocked_segments(&self, zones: &[AvoidZone]) -> Vec<bool> {
        let mut blocked = vec![
            false;
            if zones.is_empty() {
                0
            } else {
                self.map.graph().segment_count()
            }
        ];
        for z in zones {
            for s in z.segments(self.map) {
                blocked[s as usize] = true;
            }
        }
        blocked
    }

    fn costing<'a>(
        &'a self,
        opts: &RouteOptions,
        modifier: Option<&'a dyn CostModifier>,
        exempt: [WayIdx; 2],
    ) -> Costing<'a> {
        Costing {
            map: self.map,
            profile: &self.profile,
            costs: &self.costs,
            metric: opts.metric,
            modifier,
            exempt,
        }
    }

    pub(crate) fn route_snapped(
        &self,
        waypoints: &[Point<f64>],
        snaps: &[Snap],
        opts: &RouteOptions,
        blocked: &[bool],
        penalised: Option<(&[bool], f64)>,
    ) -> Result<Route, RouteError> {
        let composite = Composite {
            map: self.map,
            blocked,
            penalised,
            user: opts.modifier,
        };
        let needs_modifier = !blocked.is_empty() || penalised.is_some() || opts.modifier.is_some();
        let modifier: Option<&dyn CostModifier> =
            needs_modifier.then_some(&composite as &dyn CostModifier);
        let g = self.map.graph();
        let way = |s: &Snap| g.seg_way_idx(s.segment);
        let mut paths = Vec::with_capacity(snaps.len() - 1);
        for (leg, pair) in snaps.windows(2).enumerate() {
            let ctx = self.costing(opts, modifier, [way(&pair[0]), way(&pair[1])]);
            let found = search::search(&ctx, &pair[0], &pair[1], &mut self.scratch.borrow_mut());
            match found {
                Some(p) => paths.push(p),
                None => return Err(self.leg_failure(leg, snaps, opts)),
            }
        }
        let first = [way(&snaps[0]), way(&snaps[snaps.len() - 1])];
        let ctx = self.costing(opts, modifier, first);
        Ok(route::assemble(&ctx, waypoints, snaps, &paths))
    }

    /// Explains why leg `leg` failed: the zones that cut it off, or plain unreachability.
    fn leg_failure(&self, leg: usize, snaps: &[Snap], opts: &RouteOptions) -> RouteError {
        let n = snaps.len();
        let (from, to) = (waypoint_name(leg, n), waypoint_name(leg + 1, n));
        let g = self.map.graph();
        let ends = [
            g.seg_way_idx(snaps[leg].segment),
            g.seg_way_idx(snaps[leg + 1].segment),
        ];
        let reachable_without = |zones: &[AvoidZone]| {
            let blocked = self.blocked_segments(zones);
            let composite = Composite {
                map: self.map,
                blocked: &blocked,
                penalised: None,
                user: opts.modifier,
            };
            let ctx = self.costing(opts, Some(&composite), ends);
            search::search(
                &ctx,
                &snaps[leg],
                &snaps[leg + 1],
                &mut self.scratch.borrow_mut(),
            )
            .is_some()
        };
        if self.separate_networks(&snaps[leg], &snaps[leg + 1]) {
            return RouteError::SeparateNetworks {
                leg: leg + 1,
                from,
                to,
                profile: self.profile.name.clone(),
            };
        }
        if opts.avoid.is_empty() || !reachable_without(&[]) {
            return RouteError::Unreachable {
                leg: leg + 1,
                from,
                to,
                profile: self.profile.name.clone(),
            };
        }
        let culprits: Vec<String> = opts
            .avoid
            .iter()
            .filter(|z| !reachable_without(std::slice::from_ref(*z)))
            .map(|z| z.name.clone())
            .collect();
        let zones = if culprits.is_empty() {
            opts.avoid.iter().map(|z| z.name.clone()).collect()
        } else {
            culprits
        };
        RouteError::BlockedByZones {
            leg: leg + 1,
            from,
            to,
            zones,
        }
    }

    /// Whether two snapped points share no strongly connected component of the
    /// profile's network: no route can join them whatever the costs.
    fn separate_networks(&self, a: &Snap, b: &Snap) -> bool {
        let g = self.map.graph();
        let comps = |s: &Snap| -> Vec<u32> {
            g.segment_edges(s.segment)
                .filter(|e| self.costs.allowed[*e as usize])
                .flat_map(|e| [g.tail(e), g.head(e)])
                .map(|n| self.component[n as usize])
                .collect()
        };
        let (ca, cb) = (comps(a), comps(b));
        !ca.is_empty() && !cb.is_empty() && !ca.iter().any(|c| cb.contains(c))
    }

    /// Graph states taken off the heap by the last search (a measure of its work).
    pub fn last_settled(&self) -> usize {
        self.scratch.borrow().settled
    }
}

/// Segments with a usable edge inside a large strongly connected component of the
/// profile's network of directed edges, where one edge leads to another only by a turn
/// the profile may make (turn restrictions, barriers, U-turns only at dead ends), so a
/// point is never snapped into a trap the rules make (a oneway whose only exits are a
/// forbidden turn, a street closed by bollards at both ends). A component counts when it
/// has at least half the edges of the largest (capped at 1,000), so every region of a
/// multi-region file counts.
fn major_segments(map: &Map, profile: &Profile, costs: &EdgeCosts) -> Vec<bool> {
    let g = map.graph();
    let ctx = Costing {
        map,
        profile,
        costs,
        metric: Metric::Time,
        modifier: None,
        exempt: [WayIdx::MAX; 2],
    };
    let allowed = |e: EdgeId| costs.allowed[e as usize];
    let comp = crate::map::scc::tarjan(
        g.edge_count(),
        |e| {
            if allowed(e) {
                g.out_edges(g.head(e))
            } else {
                0..0
            }
        },
        |e, f| (allowed(f) && ctx.transition_time_s(e, f, g.head(e)).is_some()).then_some(f),
    );
    let mut size = vec![0usize; g.edge_count()];
    for (e, &c) in comp.iter().enumerate() {
        if allowed(e as EdgeId) {
            size[c as usize] += 1;
        }
    }
    let largest = size.iter().copied().max().unwrap_or(0);
    let threshold = (largest.min(1000) / 2).max(2);
    (0..g.segment_count() as SegmentId)
        .map(|s| {
            g.segment_edges(s)
                .any(|e| allowed(e) && size[comp[e as usize] as usize] >= threshold)
        })
        .collect()
}

#[cfg(test)]
mod tests;
