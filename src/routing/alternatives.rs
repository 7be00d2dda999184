//! Alternate routes by the penalty method.
//!
//! After the primary, the segments of every route found so far cost more (the penalty
//! factor, raised each round the result is still too similar), and the search runs
//! again through the same waypoints. A candidate is kept when it shares at most 60% of
//! its length with the primary, takes at most 1.4 times its duration (GraphHopper's
//! thresholds), and is not a near-copy (over 80% shared) of an alternate already kept.
//! Because each round is an ordinary query, alternates work with via points and avoid
//! zones alike. When nothing qualifies the set says so instead of padding it.

use super::route::Route;
use super::{RouteError, RouteOptions, Router};
use crate::map::Map;
use geo::Point;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Most an alternate may share with the primary, as a fraction of its own length.
pub const MAX_SHARED_FRACTION: f64 = 0.6;
/// Most an alternate's duration may be, as a multiple of the primary's.
pub const MAX_DURATION_FACTOR: f64 = 1.4;
/// Two alternates sharing more than this are one route twice.
pub const NEAR_COPY_FRACTION: f64 = 0.8;
const FIRST_PENALTY: f64 = 1.6;
const PENALTY_GROWTH: f64 = 1.5;

/// A route with the share of its length it has in common with the primary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredRoute {
    /// The route.
    pub route: Route,
    /// Shared length / this route's length, 0..1.
    pub shared_fraction: f64,
}

/// A primary route and its alternates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteSet {
    /// The best route.
    pub primary: Route,
    /// Alternates, best first.
    pub alternates: Vec<ScoredRoute>,
    /// Why fewer alternates than asked were found, if so.
    pub note: Option<String>,
}

/// The fraction of `a`'s length on road segments that `b` also uses (either direction).
pub fn shared_fraction(map: &Map, a: &Route, b: &Route) -> f64 {
    let g = map.graph();
    let in_b: HashSet<u32> = b.edges.iter().map(|e| g.edge_segment(e.edge)).collect();
    let shared: f64 = a
        .edges
        .iter()
        .filter(|e| in_b.contains(&g.edge_segment(e.edge)))
        .map(|e| e.length_m)
        .sum();
    if a.length_m > 0.0 {
        (shared / a.length_m).min(1.0)
    } else {
        1.0
    }
}

impl Router<'_> {
    /// The primary route and up to `n` alternates through the same waypoints.
    ///
    /// # Errors
    /// As [`Router::route`] for the primary; failing alternates just end the search.
    pub fn alternatives(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        n: usize,
    ) -> Result<RouteSet, RouteError> {
        let snaps = self.snap_all(waypoints, opts.avoid)?;
        let blocked = self.blocked_segments(opts.avoid);
        let primary = self.route_snapped(waypoints, &snaps, opts, &blocked, None)?;
        let g = self.map.graph();
        let mut penalised = vec![false; g.segment_count()];
        let mark = |pen: &mut Vec<bool>, r: &Route| {
            for e in &r.edges {
                pen[g.edge_segment(e.edge) as usize] = true;
            }
        };
        mark(&mut penalised, &primary);
        let mut alternates: Vec<ScoredRoute> = Vec::new();
        let mut factor = FIRST_PENALTY;
        for _ in 0..(4 * n + 4) {
            if alternates.len() >= n {
                break;
            }
            let Ok(cand) = self.route_snapped(
                waypoints,
                &snaps,
                opts,
                &blocked,
                Some((&penalised, factor)),
            ) else {
                break;
            };
            if cand.duration_s > MAX_DURATION_FACTOR * primary.duration_s {
                break;
            }
            let shared = shared_fraction(self.map, &cand, &primary);
            let distinct = alternates
                .iter()
                .all(|a| shared_fraction(self.map, &cand, &a.route) <= NEAR_COPY_FRACTION);
            mark(&mut penalised, &cand);
            if shared <= MAX_SHARED_FRACTION && distinct {
                alternates.push(ScoredRoute {
                    route: cand,
                    shared_fraction: shared,
                });
            } else {
                factor *= PENALTY_GROWTH;
            }
        }
        let note = (alternates.len() < n).then(|| {
            format!(
                "found {} of {n} alternates: no other route within {MAX_DURATION_FACTOR}x the primary's \
                 duration shares at most {:.0}% of its length with it",
                alternates.len(),
                MAX_SHARED_FRACTION * 100.0
            )
        });
        Ok(RouteSet {
            primary,
            alternates,
            note,
        })
    }
}
