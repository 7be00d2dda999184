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
    /// when a turn restriction forbids it.
    pub fn transition_time_s(&self, from: EdgeId, to: EdgeId, via: NodeId) -> Option<f64> {
        let g = self.map.graph();
        if self.costs.has_restrictions(via)
            && self
                .costs
                .turn_forbidden(via, g.edge_way_idx(from), g.edge_way_idx(to))
        {
            return None;
        }
        let kind = if g.edge_segment(from) == g.edge_segment(to) {
            TurnKind::UTurn
        } else {
            let a = turn_angle(
                f64::from(self.costs.bearing_in[from as usize]),
                f64::from(self.costs.bearing_out[to as usize]),
            );
            TurnKind::from_angle(a)
        };
        Some(turn_penalty_s(self.profile, kind) + f64::from(self.costs.node_delay_s[via as usize]))
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
    /// Edges in order; the first is entered at the source snap and the last left at the
    /// target snap.
    pub edges: Vec<EdgeId>,
    /// True when source and target lie on one edge with nothing in between.
    pub direct: bool,
    /// Total cost in the query's metric.
    pub cost: f64,
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
    let target = super::cost::unit_vector(dst.point.0);
    let mut best = Best {
        cost: f64::INFINITY,
        prev: NONE,
        last: NONE,
    };
    for e in g.segment_edges(src.segment) {
        let Some(c) = ctx.edge_cost(e) else { continue };
        let d = c * fraction_after(ctx.map, e, src);
        if d < scratch.dist(e) {
            scratch.set(e, d, NONE);
            let key = d + ctx.lower_bound(g.head(e), &target);
            scratch.heap.push(Item {
                key,
                g: d,
                state: e,
            });
        }
        if src.segment == dst.segment
            && let Some(f) = fraction_between(ctx.map, e, src, dst)
            && c * f < best.cost
        {
            best = Best {
                cost: c * f,
                prev: NONE,
                last: e,
            };
            scratch.heap.push(Item {
                key: best.cost,
                g: best.cost,
                state: TARGET,
            });
        }
    }
    while let Some(Item {
        g: gcost, state, ..
    }) = scratch.heap.pop()
    {
        if state == TARGET {
            return Some(path(scratch, &best));
        }
        if gcost > scratch.dist(state) {
            continue;
        }
        scratch.settled += 1;
        relax(ctx, dst, &target, scratch, state, gcost, &mut best);
    }
    None
}

fn relax(
    ctx: &Costing,
    dst: &Snap,
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
        if g.edge_segment(e) == dst.segment {
            let cand = base + c * fraction_before(ctx.map, e, dst);
            if cand < best.cost {
                *best = Best {
                    cost: cand,
                    prev: s,
                    last: e,
                };
                scratch.heap.push(Item {
                    key: cand,
                    g: cand,
                    state: TARGET,
                });
            }
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

fn path(scratch: &Scratch, best: &Best) -> LegPath {
    let mut edges = vec![best.last];
    let mut cur = best.prev;
    while cur != NONE {
        edges.push(cur);
        cur = scratch.parent[cur as usize];
    }
    edges.reverse();
    LegPath {
        direct: best.prev == NONE,
        edges,
        cost: best.cost,
    }
}

/// A plain Dijkstra over the same states and costs, with no lower bound, no early exit
/// and no reused memory: the reference the fast search is checked against.
#[cfg(test)]
pub(crate) fn reference_cost(ctx: &Costing, src: &Snap, dst: &Snap) -> Option<f64> {
    let g = ctx.map.graph();
    let m = g.edge_count();
    let mut dist = vec![f64::INFINITY; m];
    let mut heap = BinaryHeap::new();
    let mut answer = f64::INFINITY;
    for e in g.segment_edges(src.segment) {
        let Some(c) = ctx.edge_cost(e) else { continue };
        let d = c * fraction_after(ctx.map, e, src);
        if d < dist[e as usize] {
            dist[e as usize] = d;
            heap.push(Item {
                key: d,
                g: d,
                state: e,
            });
        }
        if src.segment == dst.segment
            && let Some(f) = fraction_between(ctx.map, e, src, dst)
        {
            answer = answer.min(c * f);
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
            if g.edge_segment(e) == dst.segment {
                answer = answer.min(d + t + c * fraction_before(ctx.map, e, dst));
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
