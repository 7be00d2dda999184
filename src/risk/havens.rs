//! Safe-haven coverage: how far, by drive time, every point of a route is from a
//! hospital and a police station.
//!
//! One backward Dijkstra per kind of haven, from all of them at once over the reversed
//! road network, gives every node its drive time to the nearest one (edge times of the
//! profile, without turn penalties: a coverage estimate, not a route). A route is then
//! sampled every `sample_step_m` and each sample takes the time from its edge's head.
//! Hospitals follow the emergency route's rule: a preferred one (a trauma centre the plan
//! designates, or `emergency=yes`) counts if it is at most five minutes farther than
//! the nearest hospital; hospitals the plan excludes or tagged `emergency=no` do not.

use super::model::RiskModel;
use crate::coord::LatLon;
use crate::map::{EdgeId, NodeId, Place, PlaceKind};
use crate::routing::{HospitalPolicy, Route, Router};
use geo::Point;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

const PREFERENCE_MARGIN_S: f64 = 300.0;

/// Drive time from every node to the nearest haven of each kind.
#[derive(Debug)]
pub struct HavenField {
    preferred_hospital_s: Vec<f64>,
    any_hospital_s: Vec<f64>,
    police_s: Vec<f64>,
}

#[derive(PartialEq)]
struct Item(f64, NodeId);
impl Eq for Item {}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Reverse adjacency: for each node, the edges that end there.
fn in_edges(router: &Router) -> (Vec<u32>, Vec<EdgeId>) {
    let g = router.map().graph();
    let n = g.node_count();
    let mut first = vec![0u32; n + 1];
    for e in 0..g.edge_count() as EdgeId {
        first[g.head(e) as usize + 1] += 1;
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut next = first.clone();
    let mut edges = vec![0; g.edge_count()];
    for e in 0..g.edge_count() as EdgeId {
        let h = g.head(e) as usize;
        edges[next[h] as usize] = e;
        next[h] += 1;
    }
    (first, edges)
}

impl HavenField {
    /// Computes the fields for the router's profile and the plan's hospital policy.
    pub fn new(router: &Router, policy: &HospitalPolicy) -> HavenField {
        let map = router.map();
        let reverse = in_edges(router);
        let of = |keep: &dyn Fn(&Place) -> bool| -> Vec<f64> {
            let places: Vec<&Place> = map.places().iter().filter(|p| keep(p)).collect();
            backward(router, &reverse, &places)
        };
        let usable = |p: &Place| {
            p.kind == PlaceKind::Hospital
                && !policy.excluded.contains(&p.osm)
                && p.emergency != Some(false)
        };
        let preferred = |p: &Place| {
            usable(p) && (p.emergency == Some(true) || policy.trauma_centres.contains(&p.osm))
        };
        HavenField {
            preferred_hospital_s: of(&preferred),
            any_hospital_s: of(&usable),
            police_s: of(&|p: &Place| p.kind == PlaceKind::Police),
        }
    }

    /// Seconds from node `n` to the hospital a casualty would be taken to.
    pub fn hospital_s(&self, n: NodeId) -> f64 {
        let (pref, any) = (
            self.preferred_hospital_s[n as usize],
            self.any_hospital_s[n as usize],
        );
        if pref <= any + PREFERENCE_MARGIN_S {
            pref
        } else {
            any
        }
    }

    /// Seconds from node `n` to the nearest police station.
    pub fn police_s(&self, n: NodeId) -> f64 {
        self.police_s[n as usize]
    }
}

/// Multi-source Dijkstra over reversed edges from the places' snapped positions.
fn backward(
    router: &Router,
    (first, edges): &(Vec<u32>, Vec<EdgeId>),
    places: &[&Place],
) -> Vec<f64> {
    let g = router.map().graph();
    let mut dist = vec![f64::INFINITY; g.node_count()];
    let mut heap = BinaryHeap::new();
    for p in places {
        let Ok(snap) = router.snap(p.location, "haven") else {
            continue;
        };
        for e in g.segment_edges(snap.segment).filter(|&e| router.allows(e)) {
            let len = g.segment_length_m(snap.segment).max(1e-9);
            let along = if g.edge_flags(e).contains(crate::map::EdgeFlags::REVERSED) {
                len - snap.along_m
            } else {
                snap.along_m
            };
            let t = router.edge_time_s(e) * (along / len).clamp(0.0, 1.0);
            let tail = g.tail(e);
            if t < dist[tail as usize] {
                dist[tail as usize] = t;
                heap.push(Item(t, tail));
            }
        }
    }
    while let Some(Item(d, v)) = heap.pop() {
        if d > dist[v as usize] {
            continue;
        }
        for &e in &edges[first[v as usize] as usize..first[v as usize + 1] as usize] {
            if !router.allows(e) {
                continue;
            }
            let u = g.tail(e);
            let nd = d + router.edge_time_s(e);
            if nd < dist[u as usize] {
                dist[u as usize] = nd;
                heap.push(Item(nd, u));
            }
        }
    }
    dist
}

/// A stretch of route too far from a hospital.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedStretch {
    /// Metres from the route's start where it begins.
    pub from_m: f64,
    /// Metres from the route's start where it ends.
    pub to_m: f64,
    /// The worst hospital time in it, minutes (`None`: no hospital reachable).
    pub worst_min: Option<f64>,
    /// Where it begins.
    pub start: Point<f64>,
}

/// Coverage along a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HavenCoverage {
    /// Samples taken (every `sample_step_m`, plus the end).
    pub samples: usize,
    /// Worst and mean minutes to a hospital (`None` when one sample reaches none).
    pub hospital_max_min: Option<f64>,
    /// Mean over samples.
    pub hospital_mean_min: Option<f64>,
    /// Worst minutes to a police station.
    pub police_max_min: Option<f64>,
    /// Mean over samples.
    pub police_mean_min: Option<f64>,
    /// The threshold used, minutes.
    pub threshold_min: f64,
    /// Stretches over the threshold.
    pub flagged: Vec<FlaggedStretch>,
}

impl HavenCoverage {
    /// One line for reports.
    pub fn summary(&self) -> String {
        let m = |v: Option<f64>| {
            v.map(|x| format!("{x:.1} min"))
                .unwrap_or_else(|| "unreachable".into())
        };
        format!(
            "hospital max {} (mean {}), police max {} (mean {}); {} stretch(es) over {} min",
            m(self.hospital_max_min),
            m(self.hospital_mean_min),
            m(self.police_max_min),
            m(self.police_mean_min),
            self.flagged.len(),
            self.threshold_min
        )
    }

    /// Describes a flagged stretch.
    pub fn describe(s: &FlaggedStretch) -> String {
        format!(
            "{:.0}-{:.0} m from the start ({}): {}",
            s.from_m,
            s.to_m,
            LatLon(s.start),
            s.worst_min
                .map(|w| format!("{w:.1} min to a hospital"))
                .unwrap_or_else(|| "no hospital reachable".into())
        )
    }
}

struct Sample {
    along_m: f64,
    at: Point<f64>,
    hospital_s: f64,
    police_s: f64,
}

fn samples(router: &Router, field: &HavenField, route: &Route, step_m: f64) -> Vec<Sample> {
    let g = router.map().graph();
    let mut out = Vec::new();
    let line = crate::coord::MeasuredLine::new(&route.geometry.0);
    let mut next = 0.0;
    let mut walked = 0.0;
    for re in &route.edges {
        let e = re.edge;
        let full = g.edge_length_m(e).max(1e-9);
        while next <= walked + re.length_m {
            // Time to this edge's head, then onwards from there.
            let left = (walked + re.length_m - next).min(full);
            let to_head = router.edge_time_s(e) * left / full;
            let h = g.head(e);
            let at = line
                .point_at(next)
                .unwrap_or_else(|| geo::Point::from(g.node_coord(h)));
            out.push(Sample {
                along_m: next,
                at,
                hospital_s: to_head + field.hospital_s(h),
                police_s: to_head + field.police_s(h),
            });
            next += step_m;
        }
        walked += re.length_m;
    }
    out
}

/// Most haven samples taken along one route: beyond this the step grows with the
/// route (a city route of a few km takes a few dozen), so a route across a damaged map
/// thousands of km long cannot take minutes and gigabytes.
pub const MAX_HAVEN_SAMPLES: f64 = 10_000.0;

/// The sampling step for a route: the model's, or longer on a very long route.
fn sample_step_m(model_step_m: f64, route_length_m: f64) -> f64 {
    model_step_m.max(route_length_m / MAX_HAVEN_SAMPLES)
}

/// Samples the route and summarises the drive times to havens.
pub fn coverage(
    router: &Router,
    field: &HavenField,
    route: &Route,
    model: &RiskModel,
) -> HavenCoverage {
    let t = &model.thresholds;
    let s = samples(
        router,
        field,
        route,
        sample_step_m(t.sample_step_m, route.length_m),
    );
    let stat = |f: &dyn Fn(&Sample) -> f64| -> (Option<f64>, Option<f64>) {
        if s.is_empty() || s.iter().any(|x| !f(x).is_finite()) {
            return (None, None);
        }
        let max = s.iter().map(f).fold(0.0, f64::max) / 60.0;
        let mean = s.iter().map(f).sum::<f64>() / s.len() as f64 / 60.0;
        (Some(max), Some(mean))
    };
    let (hospital_max_min, hospital_mean_min) = stat(&|x: &Sample| x.hospital_s);
    let (police_max_min, police_mean_min) = stat(&|x: &Sample| x.police_s);
    let mut flagged: Vec<FlaggedStretch> = Vec::new();
    let limit_s = t.haven_threshold_min * 60.0;
    let mut open: Option<FlaggedStretch> = None;
    for x in &s {
        let over = x.hospital_s > limit_s;
        let worst = x.hospital_s.is_finite().then_some(x.hospital_s / 60.0);
        match (&mut open, over) {
            (Some(st), true) => {
                st.to_m = x.along_m;
                st.worst_min = match (st.worst_min, worst) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            (None, true) => {
                open = Some(FlaggedStretch {
                    from_m: x.along_m,
                    to_m: x.along_m,
                    worst_min: worst,
                    start: x.at,
                })
            }
            (Some(_), false) => flagged.extend(open.take()),
            (None, false) => {}
        }
    }
    flagged.extend(open);
    HavenCoverage {
        samples: s.len(),
        hospital_max_min,
        hospital_mean_min,
        police_max_min,
        police_mean_min,
        threshold_min: t.haven_threshold_min,
        flagged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14, item 5: a route thousands of km long is sampled at most
    /// `MAX_HAVEN_SAMPLES` times; city routes keep the model's step.
    #[test]
    fn haven_samples_are_bounded_per_route() {
        assert_eq!(sample_step_m(100.0, 3_000.0), 100.0);
        let step = sample_step_m(100.0, 6.1e9);
        assert!(6.1e9 / step <= MAX_HAVEN_SAMPLES, "{step}");
    }
}
