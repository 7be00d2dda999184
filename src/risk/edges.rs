//! What every edge of the map carries in risk terms, computed once per map, profile and
//! model: structural hazards, halt points at its head, crowd places beside it, whether
//! its road is the only way through (a bridge of the road graph), and the points it
//! adds to a route's score. Risk-aware routing and map colouring read these.

use super::model::{HazardKind, RiskModel};
use crate::coord::{self, BBox};
use crate::map::{EdgeId, Map, NodeFlags, PlaceKind, RoadClass, SegmentId, WayFlags, WayInfo};
use crate::routing::Router;
use geo::Point;

const NO_PLACE: u32 = u32::MAX;

/// Per-edge risk facts for a whole map.
#[derive(Debug)]
pub struct EdgeRisk {
    kinds: Vec<u16>,
    crowd: Vec<u32>,
    single_path: Vec<bool>,
    points: Vec<f32>,
}

fn bit(k: HazardKind) -> u16 {
    1 << (k as u16)
}

/// Hazards a way carries along all its length.
pub(crate) fn way_kinds(way: &WayInfo, model: &RiskModel) -> Vec<HazardKind> {
    let mut out = Vec::new();
    if way.flags.contains(WayFlags::BRIDGE) {
        out.push(HazardKind::Bridge);
    }
    if way.flags.contains(WayFlags::TUNNEL) {
        out.push(HazardKind::Tunnel);
    } else if way.flags.contains(WayFlags::COVERED) {
        out.push(HazardKind::Underpass);
    }
    if way.flags.contains(WayFlags::ROUNDABOUT) {
        out.push(HazardKind::Roundabout);
    }
    let narrow = way
        .width_m
        .is_some_and(|w| f64::from(w) < model.thresholds.narrow_width_m)
        || way.lanes == Some(1)
        || matches!(way.class, RoadClass::LivingStreet | RoadClass::Service);
    if narrow {
        out.push(HazardKind::NarrowStreet);
    }
    out
}

/// Halt points and crossings at a node.
pub(crate) fn node_kinds(f: NodeFlags) -> Vec<HazardKind> {
    let mut out = Vec::new();
    if f.contains(NodeFlags::TRAFFIC_SIGNALS) {
        out.push(HazardKind::TrafficSignals);
    }
    if f.contains(NodeFlags::STOP) || f.contains(NodeFlags::GIVE_WAY) {
        out.push(HazardKind::Stop);
    }
    if f.contains(NodeFlags::LEVEL_CROSSING) {
        out.push(HazardKind::LevelCrossing);
    }
    out
}

impl EdgeRisk {
    /// Computes the facts for every edge the router's profile may use.
    pub fn new(router: &Router, model: &RiskModel) -> EdgeRisk {
        let map = router.map();
        let g = map.graph();
        let m = g.edge_count();
        let crowd = crowd_near_edges(map, model);
        let single_path = single_path_segments(router);
        let mut r = EdgeRisk {
            kinds: vec![0; m],
            crowd,
            single_path,
            points: vec![0.0; m],
        };
        for e in 0..m as EdgeId {
            let mut k = 0u16;
            for h in way_kinds(g.edge_way(e), model)
                .into_iter()
                .chain(node_kinds(g.node_flags(g.head(e))))
            {
                k |= bit(h);
            }
            if r.crowd[e as usize] != NO_PLACE {
                k |= bit(HazardKind::CrowdPlace);
            }
            let speed_kmh = g.edge_length_m(e) / router.edge_time_s(e).max(1e-9) * 3.6;
            if speed_kmh < model.thresholds.slow_speed_kmh {
                k |= bit(HazardKind::SlowStretch);
            }
            r.kinds[e as usize] = k;
            r.points[e as usize] = r.static_points(map, e, model) as f32;
        }
        r
    }

    /// The hazard kinds on edge `e` (structure, its head node, crowds, slowness).
    pub fn kinds(&self, e: EdgeId) -> impl Iterator<Item = HazardKind> + '_ {
        let k = self.kinds[e as usize];
        HazardKind::ALL
            .into_iter()
            .filter(move |h| k & bit(*h) != 0)
    }

    /// Whether `e` carries hazard `h`.
    pub fn has(&self, e: EdgeId, h: HazardKind) -> bool {
        self.kinds[e as usize] & bit(h) != 0
    }

    /// The crowd place nearest to `e` within the model's distance, if any.
    pub fn crowd_place(&self, e: EdgeId) -> Option<u32> {
        let p = self.crowd[e as usize];
        (p != NO_PLACE).then_some(p)
    }

    /// Whether segment `s` is the only road between its two sides (a bridge of the road
    /// graph): no way around at any length.
    pub fn is_single_path(&self, s: SegmentId) -> bool {
        self.single_path[s as usize]
    }

    /// Route-score points edge `e` adds when travelled in full (static estimate: the
    /// route assessment refines choke points with a detour search and convergence).
    pub fn points(&self, e: EdgeId) -> f64 {
        f64::from(self.points[e as usize])
    }

    /// Edge risk 0..1 for colouring: points / 10, capped.
    pub fn risk(&self, e: EdgeId) -> f64 {
        (self.points(e) / 10.0).min(1.0)
    }

    fn static_points(&self, map: &Map, e: EdgeId, model: &RiskModel) -> f64 {
        let g = map.graph();
        let s = &model.score;
        let mut hazard = 0.0;
        let mut choke_base: Option<f64> = None;
        for h in self.kinds(e) {
            let rule = model.rule(h);
            let weight = if h == HazardKind::SlowStretch {
                (g.edge_length_m(e) / model.thresholds.slow_min_length_m).min(1.0)
            } else {
                1.0
            };
            hazard += rule.score * weight;
            if rule.choke {
                choke_base = Some(choke_base.unwrap_or(0.0).max(rule.score));
            }
        }
        let single = self.single_path[g.edge_segment(e) as usize];
        let choke = match (choke_base, single) {
            (Some(b), true) => b + model.choke.forced_path,
            (Some(b), false) => b,
            (None, true) => model.choke.single_path + model.choke.forced_path,
            (None, false) => 0.0,
        };
        s.hazard_points_per_score * hazard + s.choke_points_per_score * choke.min(10.0)
    }
}

/// For each edge, the nearest crowd place within the model's distance.
fn crowd_near_edges(map: &Map, model: &RiskModel) -> Vec<u32> {
    let g = map.graph();
    let reach = model.thresholds.crowd_distance_m;
    let mut best: Vec<(f64, u32)> = vec![(f64::INFINITY, NO_PLACE); g.segment_count()];
    for (i, p) in map.places().iter().enumerate() {
        if !PlaceKind::CROWDS.contains(&p.kind) {
            continue;
        }
        let b = BBox {
            min_lon: p.location.x(),
            min_lat: p.location.y(),
            max_lon: p.location.x(),
            max_lat: p.location.y(),
        };
        for s in map.segments_in(b.grown_m(reach)) {
            let (d, _) = coord::distance_to_polyline_m(p.location, g.segment_points(s));
            if d <= reach && d < best[s as usize].0 {
                best[s as usize] = (d, i as u32);
            }
        }
    }
    (0..g.edge_count() as EdgeId)
        .map(|e| best[g.edge_segment(e) as usize].1)
        .collect()
}

/// Segments that are bridges of the undirected road graph of the profile: removing one
/// disconnects the network. Iterative Tarjan low-link over segments.
fn single_path_segments(router: &Router) -> Vec<bool> {
    let g = router.map().graph();
    let n = g.node_count();
    let mut adj: Vec<Vec<(u32, SegmentId)>> = vec![Vec::new(); n];
    for s in 0..g.segment_count() as SegmentId {
        let Some(e) = g.segment_edges(s).find(|&e| router.allows(e)) else {
            continue;
        };
        let (a, b) = (g.tail(e), g.head(e));
        if a != b {
            adj[a as usize].push((b, s));
            adj[b as usize].push((a, s));
        }
    }
    let mut bridge = vec![false; g.segment_count()];
    let mut disc = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut time = 0u32;
    for root in 0..n {
        if disc[root] != u32::MAX || adj[root].is_empty() {
            continue;
        }
        // (node, segment used to enter it, next neighbour index)
        let mut stack: Vec<(usize, SegmentId, usize)> = vec![(root, SegmentId::MAX, 0)];
        disc[root] = time;
        low[root] = time;
        time += 1;
        while let Some(&mut (v, via, ref mut i)) = stack.last_mut() {
            if let Some(&(w, s)) = adj[v].get(*i) {
                *i += 1;
                if s == via {
                    continue;
                }
                let w = w as usize;
                if disc[w] == u32::MAX {
                    disc[w] = time;
                    low[w] = time;
                    time += 1;
                    stack.push((w, s, 0));
                } else {
                    low[v] = low[v].min(disc[w]);
                }
                continue;
            }
            stack.pop();
            if let Some(&(parent, _, _)) = stack.last() {
                low[parent] = low[parent].min(low[v]);
                if low[v] > disc[parent] {
                    bridge[via as usize] = true;
                }
            }
        }
    }
    bridge
}

/// A point on edge `e` (its middle), for locating hazards.
pub(crate) fn edge_point(map: &Map, e: EdgeId) -> Point<f64> {
    let pts = map.graph().edge_points(e);
    Point::from(pts[pts.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::osm::testing;
    use crate::routing::Profiles;

    fn car(map: &Map) -> Router<'_> {
        Router::new(
            map,
            Profiles::builtin().unwrap().get("car").unwrap().clone(),
        )
    }

    #[test]
    fn structure_and_halt_points_are_found_on_edges() {
        let m = testing::map(
            &[
                (1, 7.420, 43.73, &[]),
                (2, 7.421, 43.73, &[("highway", "traffic_signals")]),
                (3, 7.422, 43.73, &[]),
                (4, 7.423, 43.73, &[]),
            ],
            &[
                (10, &[1, 2], &[("highway", "primary"), ("bridge", "yes")]),
                (11, &[2, 3], &[("highway", "primary"), ("tunnel", "yes")]),
                (12, &[3, 4], &[("highway", "residential"), ("width", "3")]),
            ],
        );
        let model = RiskModel::builtin().unwrap();
        let r = car(&m);
        let risk = EdgeRisk::new(&r, &model);
        let g = m.graph();
        let edge = |way: i64, forward: bool| {
            (0..g.edge_count() as u32)
                .find(|&e| {
                    g.edge_way(e).osm_id == way
                        && g.edge_flags(e).contains(crate::map::EdgeFlags::REVERSED) != forward
                })
                .unwrap()
        };
        let bridge = edge(10, true);
        assert!(risk.has(bridge, HazardKind::Bridge));
        assert!(
            risk.has(bridge, HazardKind::TrafficSignals),
            "signals at its head"
        );
        assert!(
            !risk.has(edge(10, false), HazardKind::TrafficSignals),
            "not when leaving them"
        );
        assert!(risk.has(edge(11, true), HazardKind::Tunnel));
        assert!(risk.has(edge(12, true), HazardKind::NarrowStreet));
        assert!(risk.points(bridge) > 0.0 && risk.risk(bridge) <= 1.0);
    }

    #[test]
    fn single_path_roads_are_graph_bridges() {
        // A square 1-2-3-4 with a spur 4-5: only the spur is the single way through.
        let nodes = [
            (1, 7.420, 43.730),
            (2, 7.422, 43.730),
            (3, 7.422, 43.732),
            (4, 7.420, 43.732),
            (5, 7.418, 43.734),
        ];
        let nodes: Vec<testing::N> = nodes.iter().map(|&(i, x, y)| (i, x, y, &[][..])).collect();
        let res: &[(&str, &str)] = &[("highway", "residential")];
        let m = testing::map(&nodes, &[(10, &[1, 2, 3, 4, 1], res), (11, &[4, 5], res)]);
        let r = car(&m);
        let risk = EdgeRisk::new(&r, &RiskModel::builtin().unwrap());
        let g = m.graph();
        for s in 0..g.segment_count() as u32 {
            assert_eq!(
                risk.is_single_path(s),
                g.segment_way(s).osm_id == 11,
                "segment {s}"
            );
        }
    }

    #[test]
    fn crowd_places_mark_nearby_edges() {
        let m = testing::map(
            &[
                (1, 7.420, 43.73, &[]),
                (2, 7.425, 43.73, &[]),
                (
                    3,
                    7.4225,
                    43.7303,
                    &[("amenity", "school"), ("name", "École")],
                ),
            ],
            &[(10, &[1, 2], &[("highway", "residential")])],
        );
        let r = car(&m);
        let risk = EdgeRisk::new(&r, &RiskModel::builtin().unwrap());
        assert!(risk.crowd_place(0).is_some(), "a school 33 m away counts");
        assert!(risk.has(0, HazardKind::CrowdPlace));
    }
}
