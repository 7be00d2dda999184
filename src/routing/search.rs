//! Edge-based A* between two snapped points.
//!
//! A search state is a directed edge (having travelled it to its head), so turn
//! restrictions, U-turn and turn penalties are exact. Start and end lie part-way along
//! segments: the start edges are entered at the snap point, and the target is a virtual
//! state reached from the tail of an edge of its segment. The lower bound is the
//! straight-line distance over the profile's fastest speed, consistent for any costs the
//! [`CostModifier`] may add, so the result is exactly the cheapest route.

use super::cost::{CostModifier, EdgeCosts, Metric, TurnKind, turn_angle, turn_penalty_s};
use super::profile::Profile;
use crate::map::{EdgeFlags, EdgeId, Map, NodeId, Snap, WayIdx};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

const NONE: u32 = u32::MAX;
const TARGET: u32 = u32::MAX - 1;
/// Shrinks the lower bound by a hair so rounding never makes it overestimate.
const BOUND_SHRINK: f64 = 1.0 - 1e-9;
/// The radius geo's haversine uses, so chord and arc agree on the sphere's size.
const EARTH_RADIUS_M: f64 = 6_371_008.771_4;

/// Everything the cost of one leg depends on.
pub(crate) struct Costing<'a> {
    pub map: &'a Map,
    pub profile: &'a Profile,
    pub costs: &'a EdgeCosts,
    pub metric: Metric,
    pub modifier: Option<&'a dyn CostModifier>,
    /// Ways where avoided classes cost nothing extra: those of the leg's two ends.
    pub exempt: [WayIdx; 2],
}

impl Costing<'_> {
    /// Cost of traversing `e` in full, or `None` if it may not be used.
    pub fn edge_cost(&self, e: EdgeId) -> Option<f64> {
        let i = e as usize;
        if !self.costs.allowed[i] {
            return None;
        }
        let base = match self.metric {
            Metric::Time => self.costs.time_s[i],
            Metric::Distance => self.costs.length_m[i],
        };
        let avoided =
            self.costs.avoided[i] && !self.exempt.contains(&self.map.graph().edge_way_idx(e));
        let factor = if avoided {
            self.profile.avoid_factor
        } else {
            1.0
        };
        let extra = match self.modifier {
            Some(m) => m.extra(e, base)?.max(0.0),
            None => 0.0,
        };
        Some(base * factor + extra)
    }

    /// Seconds of turning and stopping between `from` and `to` at node `via`, or `None`
    /// when the turn is not allowed: a turn restriction forbids it, a barrier the
    /// profile cannot pass stands at `via` (turning back there is allowed), or it is a
    /// U-turn where the node offers another way on (U-turns only at dead ends, as OSRM).
    pub fn transition_time_s(&self, from: EdgeId, to: EdgeId, via: NodeId) -> Option<f64> {
        let g = self.map.graph();
        let u_turn = g.edge_segment(from) == g.edge_segment(to);
        if !u_turn && self.costs.barrier_blocks[via as usize] {
            return None;
        }
        if self.forbidden_turn(from, to, via) {
            return None;
        }
        let kind = if u_turn {
            if self.has_other_exit(from, via) {
                return None;
            }
            TurnKind::UTurn
        } else {
            let a = turn_angle(
                f64::from(self.costs.bearing_in[from as usize]),
                f64::from(self.costs.bearing_out[to as usize]),
            );
            TurnKind::from_angle(a)
        };
        let lights = self.costs.signal_delay_s(g, self.profile, from, via);
        Some(
            turn_penalty_s(self.profile, kind)
                + f64::from(self.costs.node_delay_s[via as usize])
                + lights,
        )
    }

    fn forbidden_turn(&self, from: EdgeId, to: EdgeId, via: NodeId) -> bool {
        let g = self.map.graph();
        self.costs.has_restrictions(via)
            && self
                .costs
                .turn_forbidden(via, g.edge_way_idx(from), g.edge_way_idx(to))
    }

    /// Whether a vehicle arriving on `from` at `via` may leave by some other segment.
    fn has_other_exit(&self, from: EdgeId, via: NodeId) -> bool {
        let g = self.map.graph();
        if self.costs.barrier_blocks[via as usize] {
            return false;
        }
        let seg = g.edge_segment(from);
        g.out_edges(via).any(|e| {
            g.edge_segment(e) != seg
                && self.edge_cost(e).is_some()
                && !self.forbidden_turn(from, e, via)
        })
    }

    /// The cost of a transition in the query's metric.
    pub fn transition(&self, from: EdgeId, to: EdgeId, via: NodeId) -> Option<f64> {
        let t = self.transition_time_s(from, to, via)?;
        Some(match self.metric {
            Metric::Time => t,
            Metric::Distance => 0.0,
        })
    }

    /// Straight-line (chord) distance to the target over the fastest speed: never more
    /// than the true remaining cost, and consistent (the chord is a metric).
    fn lower_bound(&self, n: NodeId, target: &[f64; 3]) -> f64 {
        let u = &self.costs.unit[n as usize];
        let chord =
            ((u[0] - target[0]).powi(2) + (u[1] - target[1]).powi(2) + (u[2] - target[2]).powi(2))
                .sqrt();
        let d = chord * EARTH_RADIUS_M;
        BOUND_SHRINK
            * match self.metric {
                Metric::Time => d / self.costs.max_speed_mps,
                Metric::Distance => d,
            }
    }
}

fn reversed(map: &Map, e: EdgeId) -> bool {
    map.graph().edge_flags(e).contains(EdgeFlags::REVERSED)
}

/// Share of edge `e` from the snap point to its head.
pub(crate) fn fraction_after(map: &Map, e: EdgeId, s: &Snap) -> f64 {
    let len = map.graph().segment_length_m(s.segment);
    if len <= 0.0 {
        return 0.0;
    }
    let from_start = (s.along_m / len).clamp(0.0, 1.0);
    if reversed(map, e) {
        from_start
    } else {
        1.0 - from_start
    }
}

/// Share of edge `e` from its tail to the snap point.
pub(crate) fn fraction_before(map: &Map, e: EdgeId, s: &Snap) -> f64 {
    1.0 - fraction_after(map, e, s)
}

/// Share of edge `e` between two snaps on its segment, if `to` lies ahead of `from`.
pub(crate) fn fraction_between(map: &Map, e: EdgeId, from: &Snap, to: &Snap) -> Option<f64> {
    let ahead = fraction_after(map, e, from) - fraction_after(map, e, to);
    (ahead >= 0.0).then_some(ahead)
}

/// The cheapest path of one leg.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegPath {
    /// Edges in order; the first is entered at the source and the last left at the
    /// target.
    pub edges: Vec<EdgeId>,
    /// Share of the first edge before the source (0 when the leg starts at its tail).
    pub start: f64,
    /// Share of the last edge up to the target (1 when the leg ends at its head).
    pub end: f64,
    /// Total cost in the query's metric.
    pub cost: f64,
}

/// Within this distance of a graph node, a snapped point is that node: the leg may
/// start on any road leaving it (no turn rule applies at the start) and end on the first
/// arrival by any road, instead of being tied to the one segment the snap picked.
pub(crate) const NODE_SNAP_M: f64 = 0.5;

/// Where a leg starts or ends: part-way along a segment, or at a graph node.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Anchor<'a> {
    /// Part-way along the snap's segment.
    Along(&'a Snap),
    /// At a graph node where several roads meet.
    Node(NodeId),
}

/// The anchor of a snap: its segment's end node when the snap lies within
/// [`NODE_SNAP_M`] of it, else the snap itself.
pub(crate) fn anchor<'a>(map: &Map, s: &'a Snap) -> Anchor<'a> {
    let g = map.graph();
    let len = g.segment_length_m(s.segment);
    let Some(e) = g.segment_edges(s.segment).next() else {
        return Anchor::Along(s);
    };
    // The segment's first and last node, in its stored direction.
    let (first, last) = if reversed(map, e) {
        (g.head(e), g.tail(e))
    } else {
        (g.tail(e), g.head(e))
    };
    if s.along_m <= NODE_SNAP_M {
        Anchor::Node(first)
    } else if s.along_m >= len - NODE_SNAP_M {
        Anchor::Node(last)
    } else {
        Anchor::Along(s)
    }
}

/// The states a leg starts in, as (edge, cost of the edge in full, cost to its head):
/// from a point along a segment its edges, entered at the point; from a node every
/// usable edge leaving it, entered at its tail.
fn seeds(ctx: &Costing, src: Anchor) -> Vec<(EdgeId, f64, f64)> {
    let g = ctx.map.graph();
    match src {
        Anchor::Along(s) => g
            .segment_edges(s.segment)
            .filter_map(|e| {
                let c = ctx.edge_cost(e)?;
                Some((e, c, c * fraction_after(ctx.map, e, s)))
            })
            .collect(),
        Anchor::Node(n) => g
            .out_edges(n)
            .filter_map(|e| ctx.edge_cost(e).map(|c| (e, c, c)))
            .collect(),
    }
}

/// The cost of a leg that ends on its first edge: the seed `e` (full cost `c`, cost to
/// its head `d`) reaches the target before leaving `e`.
fn finish_on_seed(
    ctx: &Costing,
    src: Anchor,
    dst: Anchor,
    e: EdgeId,
    c: f64,
    d: f64,
) -> Option<f64> {
    let g = ctx.map.graph();
    match (src, dst) {
        (_, Anchor::Node(m)) => (g.head(e) == m).then_some(d),
        (Anchor::Along(s), Anchor::Along(t)) if g.edge_segment(e) == t.segment => {
            fraction_between(ctx.map, e, s, t).map(|f| c * f)
        }
        (Anchor::Node(_), Anchor::Along(t)) if g.edge_segment(e) == t.segment => {
            Some(c * fraction_before(ctx.map, e, t))
        }
        _ => None,
    }
}

/// The cost of a leg whose last edge `e` (full cost `c`) is entered at its tail at
/// cost `base`, when `e` reaches the target.
fn finish_on(ctx: &Costing, dst: Anchor, e: EdgeId, c: f64, base: f64) -> Option<f64> {
    let g = ctx.map.graph();
    match dst {
        Anchor::Node(m) => (g.head(e) == m).then_some(base + c),
        Anchor::Along(t) => {
            (g.edge_segment(e) == t.segment).then(|| base + c * fraction_before(ctx.map, e, t))
        }
    }
}

#[derive(Debug, PartialEq)]
struct Item {
    key: f64,
    g: f64,
    state: u32,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        o.key
            .total_cmp(&self.key)
            .then_with(|| o.state.cmp(&self.state))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Reusable search memory: labels are valid only where `stamp` equals the current
/// generation, so nothing is cleared between queries.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    dist: Vec<f64>,
    parent: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    heap: BinaryHeap<Item>,
    /// States taken off the heap in the last search (for benchmarks and tests).
    pub settled: usize,
}

impl Scratch {
    fn begin(&mut self, edges: usize) {
        if self.dist.len() != edges {
            *self = Scratch {
                dist: vec![f64::INFINITY; edges],
                parent: vec![NONE; edges],
                stamp: vec![0; edges],
                ..Scratch::default()
            };
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.fill(0);
            self.generation = 1;
        }
        self.heap.clear();
        self.settled = 0;
    }

    fn dist(&self, e: u32) -> f64 {
        if self.stamp[e as usize] == self.generation {
            self.dist[e as usize]
        } else {
            f64::INFINITY
        }
    }

    fn set(&mut self, e: u32, d: f64, parent: u32) {
        let i = e as usize;
        self.stamp[i] = self.generation;
        self.dist[i] = d;
        self.parent[i] = parent;
    }
}

/// The best way found so far into the virtual target state.
struct Best {
    cost: f64,
    prev: u32,
    last: EdgeId,
}

/// Finds the cheapest path from `src` to `dst`, or `None` when there is none.
pub(crate) fn search(
    ctx: &Costing,
    src: &Snap,
    dst: &Snap,
    scratch: &mut Scratch,
) -> Option<LegPath> {
    let g = ctx.map.graph();
    scratch.begin(g.edge_count());
    let (from, to) = (anchor(ctx.map, src), anchor(ctx.map, dst));
    if let (Anchor::Node(a), Anchor::Node(b)) = (from, to)
        && a == b
    {
        return same_node(ctx, a);
    }
    let target = super::cost::unit_vector(dst.point.0);
    let mut best = Best {
        cost: f64::INFINITY,
        prev: NONE,
        last: NONE,
    };
    for (e, c, d) in seeds(ctx, from) {
        if d < scratch.dist(e) {
            scratch.set(e, d, NONE);
            let key = d + ctx.lower_bound(g.head(e), &target);
            scratch.heap.push(Item {
                key,
                g: d,
                state: e,
            });
        }
        if let Some(cost) = finish_on_seed(ctx, from, to, e, c, d) {
            offer(scratch, &mut best, cost, NONE, e);
        }
    }
    while let Some(Item {
        g: gcost, state, ..
    }) = scratch.heap.pop()
    {
        if state == TARGET {
            return Some(path(ctx.map, scratch, &best, from, to));
        }
        if gcost > scratch.dist(state) {
            continue;
        }
        scratch.settled += 1;
        relax(ctx, to, &target, scratch, state, gcost, &mut best);
    }
    None
}

/// A leg that starts and ends at one node: nothing to travel.
fn same_node(ctx: &Costing, n: NodeId) -> Option<LegPath> {
    let e = ctx
        .map
        .graph()
        .out_edges(n)
        .find(|&e| ctx.edge_cost(e).is_some())?;
    Some(LegPath {
        edges: vec![e],
        start: 0.0,
        end: 0.0,
        cost: 0.0,
    })
}

/// Records a way into the target if it is the cheapest so far.
fn offer(scratch: &mut Scratch, best: &mut Best, cost: f64, prev: u32, last: EdgeId) {
    if cost < best.cost {
        *best = Best { cost, prev, last };
        scratch.heap.push(Item {
            key: cost,
            g: cost,
            state: TARGET,
        });
    }
}

fn relax(
    ctx: &Costing,
    dst: Anchor,
    target: &[f64; 3],
    scratch: &mut Scratch,
    s: EdgeId,
    d: f64,
    best: &mut Best,
) {
    let g = ctx.map.graph();
    let v = g.head(s);
    for e in g.out_edges(v) {
        let Some(c) = ctx.edge_cost(e) else { continue };
        let Some(t) = ctx.transition(s, e, v) else {
            continue;
        };
        let base = d + t;
        if let Some(cost) = finish_on(ctx, dst, e, c, base) {
            offer(scratch, best, cost, s, e);
        }
        let nd = base + c;
        if nd < scratch.dist(e) {
            scratch.set(e, nd, s);
            let key = nd + ctx.lower_bound(g.head(e), target);
            scratch.heap.push(Item {
                key,
                g: nd,
                state: e,
            });
        }
    }
}

fn path(map: &Map, scratch: &Scratch, best: &Best, from: Anchor, to: Anchor) -> LegPath {
    let mut edges = vec![best.last];
    let mut cur = best.prev;
    while cur != NONE {
        edges.push(cur);
        cur = scratch.parent[cur as usize];
    }
    edges.reverse();
    let start = match from {
        Anchor::Along(s) => 1.0 - fraction_after(map, edges[0], s),
        Anchor::Node(_) => 0.0,
    };
    let end = match to {
        Anchor::Along(t) => fraction_before(map, best.last, t),
        Anchor::Node(_) => 1.0,
    };
    LegPath {
        edges,
        start,
        end,
        cost: best.cost,
    }
}

/// An edge a one-to-all search reached: entered at cost `enter` (below 0 for a start
/// edge entered part-way: the cost its tail would have had) and costing `full` to
/// travel whole. It is reached as far as `limit - enter` allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reached {
    pub edge: EdgeId,
    pub enter: f64,
    pub full: f64,
}

/// Every edge entered within `limit` of `src` (Dijkstra over the same states, turns and
/// costs as [`search`], stopping at the limit), each once, at its cheapest entry.
pub(crate) fn reach(ctx: &Costing, src: &Snap, limit: f64, scratch: &mut Scratch) -> Vec<Reached> {
    let g = ctx.map.graph();
    scratch.begin(g.edge_count());
    let mut out = Vec::new();
    for (e, c, d) in seeds(ctx, anchor(ctx.map, src)) {
        out.push(Reached {
            edge: e,
            enter: d - c,
            full: c,
        });
        if d <= limit && d < scratch.dist(e) {
            scratch.set(e, d, NONE);
            scratch.heap.push(Item {
                key: d,
                g: d,
                state: e,
            });
        }
    }
    while let Some(Item { g: d, state: s, .. }) = scratch.heap.pop() {
        if d > scratch.dist(s) {
            continue;
        }
        scratch.settled += 1;
        let v = g.head(s);
        for e in g.out_edges(v) {
            let (Some(c), Some(t)) = (ctx.edge_cost(e), ctx.transition(s, e, v)) else {
                continue;
            };
            let base = d + t;
            if base > limit {
                continue;
            }
            out.push(Reached {
                edge: e,
                enter: base,
                full: c,
            });
            let nd = base + c;
            if nd <= limit && nd < scratch.dist(e) {
                scratch.set(e, nd, s);
                scratch.heap.push(Item {
                    key: nd,
                    g: nd,
                    state: e,
                });
            }
        }
    }
    out.sort_by(|a, b| a.edge.cmp(&b.edge).then(a.enter.total_cmp(&b.enter)));
    out.dedup_by_key(|r| r.edge);
    out
}

/// The cheapest arrival at every node from `src` by a plain Dijkstra with no limit and
/// no reused memory: the reference the reach search is checked against.
#[cfg(test)]
pub(crate) fn reference_arrivals(ctx: &Costing, src: &Snap) -> Vec<f64> {
    let g = ctx.map.graph();
    let mut dist = vec![f64::INFINITY; g.edge_count()];
    let mut heap = BinaryHeap::new();
    for (e, _, d) in seeds(ctx, anchor(ctx.map, src)) {
        if d < dist[e as usize] {
            dist[e as usize] = d;
            heap.push(Item {
                key: d,
                g: d,
                state: e,
            });
        }
    }
    while let Some(Item { g: d, state: s, .. }) = heap.pop() {
        if d > dist[s as usize] {
            continue;
        }
        let v = g.head(s);
        for e in g.out_edges(v) {
            let (Some(c), Some(t)) = (ctx.edge_cost(e), ctx.transition(s, e, v)) else {
                continue;
            };
            if d + t + c < dist[e as usize] {
                dist[e as usize] = d + t + c;
                heap.push(Item {
                    key: d + t + c,
                    g: d + t + c,
                    state: e,
                });
            }
        }
    }
    let mut at = vec![f64::INFINITY; g.node_count()];
    for (e, d) in dist.iter().enumerate() {
        let h = g.head(e as EdgeId) as usize;
        at[h] = at[h].min(*d);
    }
    at
}

/// A plain Dijkstra over the same states and costs, with no lower bound, no early exit
/// and no reused memory: the reference the fast search is checked against.
#[cfg(test)]
pub(crate) fn reference_cost(ctx: &Costing, src: &Snap, dst: &Snap) -> Option<f64> {
    let g = ctx.map.graph();
    let (from, to) = (anchor(ctx.map, src), anchor(ctx.map, dst));
    if let (Anchor::Node(a), Anchor::Node(b)) = (from, to)
        && a == b
    {
        return same_node(ctx, a).map(|p| p.cost);
    }
    let m = g.edge_count();
    let mut dist = vec![f64::INFINITY; m];
    let mut heap = BinaryHeap::new();
    let mut answer = f64::INFINITY;
    for (e, c, d) in seeds(ctx, from) {
        if d < dist[e as usize] {
            dist[e as usize] = d;
            heap.push(Item {
                key: d,
                g: d,
                state: e,
            });
        }
        if let Some(cost) = finish_on_seed(ctx, from, to, e, c, d) {
            answer = answer.min(cost);
        }
    }
    while let Some(Item { g: d, state: s, .. }) = heap.pop() {
        if d > dist[s as usize] {
            continue;
        }
        let v = g.head(s);
        for e in g.out_edges(v) {
            let (Some(c), Some(t)) = (ctx.edge_cost(e), ctx.transition(s, e, v)) else {
                continue;
            };
            if let Some(cost) = finish_on(ctx, to, e, c, d + t) {
                answer = answer.min(cost);
            }
            if d + t + c < dist[e as usize] {
                dist[e as usize] = d + t + c;
                heap.push(Item {
                    key: d + t + c,
                    g: d + t + c,
                    state: e,
                });
            }
        }
    }
    answer.is_finite().then_some(answer)
}
