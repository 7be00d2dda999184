//! The cost model: per-edge travel times for a profile, turn and stop penalties, and
//! the pluggable per-query modifier that avoid zones, alternatives and risk use.
//!
//! Everything that depends only on the map and the profile is computed once per
//! [`super::Router`]; everything that changes per query goes through a
//! [`CostModifier`], so weights can change on every query without rebuilding anything.

use super::profile::Profile;
use crate::map::{
    EdgeFlags, EdgeId, Map, Mode, NodeFlags, NodeId, RestrictionKind, RoadGraph, WayIdx,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a route minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Travel time, with turn and stop penalties (the default).
    #[default]
    Time,
    /// Length in metres; turn restrictions still apply, penalties do not.
    Distance,
}

/// A per-query change to edge costs.
///
/// `extra` returns what to add to the cost of traversing edge `e` in full, given its
/// `base` cost in the query's metric (seconds or metres), or `None` to forbid the edge.
/// Negative extras are treated as 0: costs never drop below the profile's, which keeps
/// the search exact (its lower bound stays valid).
pub trait CostModifier: Sync {
    /// Extra cost of traversing `e`, or `None` when `e` must not be used.
    fn extra(&self, e: EdgeId, base: f64) -> Option<f64>;
}

impl<F: Fn(EdgeId, f64) -> Option<f64> + Sync> CostModifier for F {
    fn extra(&self, e: EdgeId, base: f64) -> Option<f64> {
        self(e, base)
    }
}

/// The kind of turn between two edges, from the change of bearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    /// Under 30 degrees.
    Straight,
    /// 30–60 degrees.
    Slight,
    /// 60–120 degrees.
    Normal,
    /// 120–170 degrees.
    Sharp,
    /// Over 170 degrees or back along the same street.
    UTurn,
}

impl TurnKind {
    /// Classifies an absolute change of heading in degrees.
    pub fn from_angle(delta_deg: f64) -> TurnKind {
        match delta_deg.abs() {
            a if a < 30.0 => TurnKind::Straight,
            a if a < 60.0 => TurnKind::Slight,
            a if a < 120.0 => TurnKind::Normal,
            a if a <= 170.0 => TurnKind::Sharp,
            _ => TurnKind::UTurn,
        }
    }
}

/// Signed change of heading from `from` to `to`, degrees in (-180, 180]; positive is
/// a right turn.
pub fn turn_angle(from_bearing: f64, to_bearing: f64) -> f64 {
    // Bearings are in [0, 360), so one correction each way suffices (no fmod).
    let d = to_bearing - from_bearing;
    if d > 180.0 {
        d - 360.0
    } else if d <= -180.0 {
        d + 360.0
    } else {
        d
    }
}

/// Compass bearing in degrees (0 = north, 90 = east) from `a` to `b`.
pub fn bearing_deg(a: geo::Coord<f64>, b: geo::Coord<f64>) -> f64 {
    let (lat1, lat2) = (a.y.to_radians(), b.y.to_radians());
    let dlon = (b.x - a.x).to_radians();
    let y = dlon.sin() * lat2.cos();
    let x = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// Signal nodes this close along a road belong to one junction: its lights are waited
/// at once.
pub const SIGNAL_CLUSTER_M: f64 = 30.0;

/// Per-edge data for one profile over one map.
#[derive(Debug, Clone)]
pub(crate) struct EdgeCosts {
    pub(crate) allowed: Vec<bool>,
    pub(crate) avoided: Vec<bool>,
    pub(crate) time_s: Vec<f64>,
    pub(crate) length_m: Vec<f64>,
    /// Bearing leaving the tail, and arriving at the head.
    pub(crate) bearing_out: Vec<f32>,
    pub(crate) bearing_in: Vec<f32>,
    pub(crate) node_delay_s: Vec<f32>,
    /// Per node: a barrier this profile may not pass through.
    pub(crate) barrier_blocks: Vec<bool>,
    restricted_nodes: HashMap<NodeId, Vec<(WayIdx, WayIdx, RestrictionKind)>>,
    /// Per node: whether it is the via of any restriction (checked before the map).
    has_restriction: Vec<bool>,
    /// Per node: its position as a unit vector; chord distances between them are a
    /// cheap lower bound of great-circle distances (no trigonometry per query step).
    pub(crate) unit: Vec<[f64; 3]>,
    /// Fastest speed anywhere, m/s: the A* lower bound divides by it.
    pub(crate) max_speed_mps: f64,
}

impl EdgeCosts {
    pub(crate) fn new(map: &Map, profile: &Profile) -> EdgeCosts {
        let g = map.graph();
        let m = g.edge_count();
        let flag = match profile.mode {
            Mode::Car => EdgeFlags::CAR,
            Mode::Foot => EdgeFlags::FOOT,
        };
        let mut c = EdgeCosts {
            allowed: Vec::with_capacity(m),
            avoided: Vec::with_capacity(m),
            time_s: Vec::with_capacity(m),
            length_m: Vec::with_capacity(m),
            bearing_out: Vec::with_capacity(m),
            bearing_in: Vec::with_capacity(m),
            node_delay_s: (0..g.node_count() as u32)
                .map(|n| node_delay(profile, g.node_flags(n)) as f32)
                .collect(),
            barrier_blocks: vec![false; g.node_count()],
            restricted_nodes: HashMap::new(),
            has_restriction: vec![false; g.node_count()],
            unit: (0..g.node_count() as u32)
                .map(|n| unit_vector(g.node_coord(n)))
                .collect(),
            max_speed_mps: 1.0,
        };
        for e in 0..m as EdgeId {
            let way = g.edge_way(e);
            let flags = g.edge_flags(e);
            let allowed = flags.contains(flag) && profile.uses(way);
            let speed_mps = profile.speed_on(way) / 3.6;
            let len = g.edge_length_m(e);
            c.allowed.push(allowed);
            c.avoided.push(profile.avoids(way));
            c.time_s.push(len / speed_mps);
            c.length_m.push(len);
            if allowed {
                c.max_speed_mps = c.max_speed_mps.max(speed_mps);
            }
            let pts = g.edge_points(e);
            let n = pts.len();
            c.bearing_out
                .push(bearing_deg(pts[0], pts[1.min(n - 1)]) as f32);
            c.bearing_in
                .push(bearing_deg(pts[n.saturating_sub(2)], pts[n - 1]) as f32);
        }
        for (n, b) in g.barriers() {
            if profile.barriers.blocks(profile.mode, b) {
                c.barrier_blocks[n as usize] = true;
            } else {
                c.node_delay_s[n as usize] += profile.barriers.delay_s(b) as f32;
            }
        }
        if profile.obey_restrictions {
            // A restriction about a way this mode may not use is not about this mode: an
            // only_straight_on into a bus lane must not forbid every exit to cars.
            let mut way_usable = vec![false; g.ways().len()];
            for e in 0..m as EdgeId {
                if c.allowed[e as usize] {
                    way_usable[g.edge_way_idx(e) as usize] = true;
                }
            }
            let usable = |w: WayIdx| way_usable.get(w as usize).copied().unwrap_or(false);
            for r in g
                .restrictions()
                .iter()
                .filter(|r| usable(r.from_way) && usable(r.to_way))
            {
                c.has_restriction[r.via as usize] = true;
                c.restricted_nodes
                    .entry(r.via)
                    .or_default()
                    .push((r.from_way, r.to_way, r.kind));
            }
        }
        c
    }

    /// Seconds of traffic lights at `via` for a vehicle arriving on `from`: a junction's
    /// lights once per passage (not again at the next lights of the same junction, a
    /// signal node reached by a stretch of at most [`SIGNAL_CLUSTER_M`] from another),
    /// a pedestrian crossing's lights at their own delay, and lights tagged for one
    /// direction only for traffic that way.
    pub(crate) fn signal_delay_s(
        &self,
        g: &RoadGraph,
        p: &Profile,
        from: EdgeId,
        via: NodeId,
    ) -> f64 {
        let f = g.node_flags(via);
        if !f.contains(NodeFlags::TRAFFIC_SIGNALS) {
            return 0.0;
        }
        let against = g.edge_flags(from).contains(EdgeFlags::REVERSED);
        if (f.contains(NodeFlags::SIGNALS_FORWARD) && against)
            || (f.contains(NodeFlags::SIGNALS_BACKWARD) && !against)
        {
            return 0.0;
        }
        if f.contains(NodeFlags::CROSSING_SIGNALS) {
            return p.crossing_signal_delay_s;
        }
        let prev = g.node_flags(g.tail(from));
        let same_junction = prev.contains(NodeFlags::TRAFFIC_SIGNALS)
            && !prev.contains(NodeFlags::CROSSING_SIGNALS)
            && self.length_m[from as usize] <= SIGNAL_CLUSTER_M;
        if same_junction { 0.0 } else { p.signal_delay_s }
    }

    /// Whether turning from `from_way` into `to_way` at `via` is forbidden.
    pub(crate) fn turn_forbidden(&self, via: NodeId, from_way: WayIdx, to_way: WayIdx) -> bool {
        let Some(rs) = self.restricted_nodes.get(&via) else {
            return false;
        };
        rs.iter().any(|&(f, t, kind)| {
            f == from_way
                && match kind {
                    RestrictionKind::No => t == to_way,
                    RestrictionKind::Only => t != to_way,
                }
        })
    }

    /// True when `via` carries any restriction (a cheap pre-check).
    pub(crate) fn has_restrictions(&self, via: NodeId) -> bool {
        self.has_restriction[via as usize]
    }
}

/// A lon/lat position as a unit vector on the sphere.
pub(crate) fn unit_vector(c: geo::Coord<f64>) -> [f64; 3] {
    let (lat, lon) = (c.y.to_radians(), c.x.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Seconds at a node whatever the way through: stop and give-way signs, railway
/// crossings (lights are charged per passage, see [`EdgeCosts::signal_delay_s`]).
fn node_delay(p: &Profile, f: NodeFlags) -> f64 {
    let mut d = 0.0;
    if f.contains(NodeFlags::STOP) || f.contains(NodeFlags::GIVE_WAY) {
        d += p.stop_delay_s;
    }
    if f.contains(NodeFlags::LEVEL_CROSSING) {
        d += p.level_crossing_delay_s;
    }
    d
}

/// Seconds for a turn of the given kind.
pub(crate) fn turn_penalty_s(p: &Profile, kind: TurnKind) -> f64 {
    let t = p.turn_penalty_s;
    match kind {
        TurnKind::Straight => 0.0,
        TurnKind::Slight => t.slight,
        TurnKind::Normal => t.normal,
        TurnKind::Sharp => t.sharp,
        TurnKind::UTurn => t.u_turn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Coord;

    #[test]
    fn angles_and_turn_kinds() {
        assert_eq!(turn_angle(350.0, 10.0), 20.0);
        assert_eq!(turn_angle(10.0, 350.0), -20.0);
        assert_eq!(turn_angle(0.0, 90.0), 90.0);
        assert_eq!(turn_angle(0.0, 180.0), 180.0);
        assert_eq!(TurnKind::from_angle(-95.0), TurnKind::Normal);
        assert_eq!(TurnKind::from_angle(175.0), TurnKind::UTurn);
        assert_eq!(TurnKind::from_angle(45.0), TurnKind::Slight);
    }

    #[test]
    fn bearings_point_the_right_way() {
        let o = Coord { x: 7.0, y: 43.0 };
        let north = bearing_deg(o, Coord { x: 7.0, y: 43.1 });
        let east = bearing_deg(o, Coord { x: 7.1, y: 43.0 });
        assert!(north.abs() < 1e-9 || (north - 360.0).abs() < 1e-9);
        assert!((east - 90.0).abs() < 0.1);
    }
}
