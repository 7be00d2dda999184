//! The `Route` value: geometry, edges with their attributes, legs, totals and
//! turn-by-turn instructions, assembled from the search's leg paths.

use super::cost::Metric;
use super::instructions::{self, Instruction};
use super::search::{Costing, LegPath};
use crate::coord::{self, polyline_length_m};
use crate::map::{EdgeId, RoadClass, Snap, WayFlags};
use geo::{Coord, LineString, Point};
use serde::{Deserialize, Serialize};

/// One edge of a route with the attributes risk, briefs and exports need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteEdge {
    /// The graph edge (valid for the map the route was made on).
    pub edge: EdgeId,
    /// OSM way id.
    pub way_osm_id: i64,
    /// Road class.
    pub class: RoadClass,
    /// Street name.
    pub name: Option<String>,
    /// Road number.
    pub road_ref: Option<String>,
    /// Bridge, tunnel, roundabout, ... flags of the way.
    pub flags: WayFlags,
    /// Metres travelled on this edge (part of it at the ends of a leg).
    pub length_m: f64,
    /// Seconds on this edge, including the turn and stop delay entering it.
    pub duration_s: f64,
    /// Leg this edge belongs to.
    pub leg: usize,
}

/// One leg between consecutive waypoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leg {
    /// Metres.
    pub length_m: f64,
    /// Seconds.
    pub duration_s: f64,
    /// Cost in the route's metric (with any modifier's extras).
    pub cost: f64,
}

/// A computed route through all its waypoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// Profile name.
    pub profile: String,
    /// What was minimised.
    pub metric: Metric,
    /// The points as asked for.
    pub waypoints: Vec<Point<f64>>,
    /// Where each waypoint met the road network.
    pub snapped: Vec<Point<f64>>,
    /// How far each waypoint is from where it met the road network, metres (a point
    /// on a tunnel is taken to the street above; see `TUNNEL_SNAP_PENALTY_M`).
    #[serde(default)]
    pub snap_m: Vec<f64>,
    /// The full line, lon/lat, from the first snapped waypoint to the last.
    pub geometry: LineString<f64>,
    /// Metres.
    pub length_m: f64,
    /// Seconds, from the profile's speeds and penalties (never from modifier extras).
    pub duration_s: f64,
    /// Sum of the legs' costs.
    pub cost: f64,
    /// Per leg totals.
    pub legs: Vec<Leg>,
    /// Every edge in order.
    pub edges: Vec<RouteEdge>,
    /// Turn-by-turn directions.
    pub instructions: Vec<Instruction>,
}

impl Route {
    /// Edge ids in order (a partly travelled edge appears once).
    pub fn edge_ids(&self) -> impl Iterator<Item = EdgeId> + '_ {
        self.edges.iter().map(|e| e.edge)
    }
}

/// Fractions of each edge of a leg path that are travelled.
fn fractions(p: &LegPath) -> Vec<(EdgeId, f64, f64)> {
    let last = p.edges.len() - 1;
    p.edges
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            let start = if i == 0 { p.start } else { 0.0 };
            let end = if i == last { p.end } else { 1.0 };
            (e, start, end.max(start))
        })
        .collect()
}

/// Builds the route from its legs' paths and snaps (`snaps[i]`..`snaps[i + 1]` is leg i).
pub(crate) fn assemble(
    ctx: &Costing,
    waypoints: &[Point<f64>],
    snaps: &[Snap],
    paths: &[LegPath],
) -> Route {
    let map = ctx.map;
    let g = map.graph();
    let mut edges = Vec::new();
    let mut line: Vec<Coord<f64>> = Vec::new();
    let mut legs = Vec::new();
    for (leg, p) in paths.iter().enumerate() {
        let mut prev: Option<EdgeId> = None;
        let (mut len_sum, mut dur_sum) = (0.0, 0.0);
        for (e, a, b) in fractions(p) {
            let full = g.edge_length_m(e);
            let pts = coord::slice_polyline(&g.edge_points(e), a * full, b * full);
            let turn = prev
                .and_then(|pe| ctx.transition_time_s(pe, e, g.tail(e)))
                .unwrap_or(0.0);
            let length_m = polyline_length_m(&pts);
            let duration_s = ctx.costs.time_s[e as usize] * (b - a) + turn;
            append(&mut line, &pts);
            let way = g.edge_way(e);
            edges.push(RouteEdge {
                edge: e,
                way_osm_id: way.osm_id,
                class: way.class,
                name: way.name.as_deref().map(str::to_string),
                road_ref: way.road_ref.as_deref().map(str::to_string),
                flags: way.flags,
                length_m,
                duration_s,
                leg,
            });
            len_sum += length_m;
            dur_sum += duration_s;
            prev = Some(e);
        }
        legs.push(Leg {
            length_m: len_sum,
            duration_s: dur_sum,
            cost: p.cost,
        });
    }
    if line.len() == 1 {
        line.push(line[0]);
    }
    let mut route = Route {
        profile: ctx.profile.name.clone(),
        metric: ctx.metric,
        waypoints: waypoints.to_vec(),
        snapped: snaps.iter().map(|s| s.point).collect(),
        snap_m: snaps.iter().map(|s| s.distance_m).collect(),
        geometry: LineString::new(line),
        length_m: legs.iter().map(|l| l.length_m).sum(),
        duration_s: legs.iter().map(|l| l.duration_s).sum(),
        cost: legs.iter().map(|l| l.cost).sum(),
        legs,
        edges,
        instructions: Vec::new(),
    };
    route.instructions = instructions::build(ctx, &route);
    route
}

fn append(line: &mut Vec<Coord<f64>>, pts: &[Coord<f64>]) {
    for p in pts {
        if line.last() != Some(p) {
            line.push(*p);
        }
    }
}
