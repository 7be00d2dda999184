//! Choke points: where the route has no way around. Candidates (structures, single
//! paths, no-escape runs, convergence with the other routes) that overlap are merged,
//! then each is scored with its bonuses and a bounded detour search ("no way around
//! within 3x + 400 m").

use super::RiskContext;
use super::assess::{ChokePoint, Runs, Stretch, Walk, single_path_reason};
use super::model::HazardKind;
use crate::map::{NodeId, SegmentId};
use std::collections::{BinaryHeap, HashMap, HashSet};

/// A choke point being assembled from overlapping candidates.
struct Cand {
    s: Stretch,
    base: f64,
    kinds: Vec<HazardKind>,
    reasons: Vec<String>,
}

impl RiskContext<'_> {
    pub(super) fn choke_points(&self, w: &Walk, runs: &Runs) -> Vec<ChokePoint> {
        let g = self.router.map().graph();
        let mut cands: Vec<Cand> = runs
            .choke_candidates
            .iter()
            .map(|(s, k, r)| Cand {
                s: *s,
                base: self.model.rule(*k).score,
                kinds: vec![*k],
                reasons: vec![format!("{r} [{}]", self.model.rule(*k).score)],
            })
            .collect();
        for s in w.runs(
            |i| self.edges.is_single_path(g.edge_segment(w.edges[i].edge)),
            false,
        ) {
            cands.push(Cand {
                s,
                base: self.model.choke.single_path,
                kinds: vec![],
                reasons: vec![single_path_reason(
                    &w.edges[s.first],
                    self.model.choke.single_path,
                )],
            });
        }
        let merged = merge(cands);
        merged
            .into_iter()
            .map(|c| self.score_choke(w, runs, c))
            .collect()
    }

    fn score_choke(&self, w: &Walk, runs: &Runs, c: Cand) -> ChokePoint {
        let rules = &self.model.choke;
        let mut score = c.base;
        let mut reasons = c.reasons;
        let len = w.stretch_len(c.s);
        let limit = rules.detour_factor * len + rules.detour_extra_m;
        if !self.detour_exists(w, c.s, limit) {
            score += rules.forced_path;
            reasons.push(format!(
                "no way around within {limit:.0} m [+{}]",
                rules.forced_path
            ));
        }
        let overlaps = |o: &Stretch| o.first <= c.s.last && c.s.first <= o.last;
        if (c.s.first..=c.s.last).any(|i| self.edges.crowd_place(w.edges[i].edge).is_some()) {
            score += rules.crowd_bonus;
            reasons.push(format!(
                "crowd place within {} m [+{}]",
                self.model.thresholds.crowd_distance_m, rules.crowd_bonus
            ));
        }
        if runs.no_escape.iter().any(overlaps) {
            score += rules.no_escape_bonus;
            reasons.push(format!(
                "inside a stretch with no escape route [+{}]",
                rules.no_escape_bonus
            ));
        }
        if !c.kinds.contains(&HazardKind::Convergence) && runs.convergence.iter().any(overlaps) {
            score += rules.convergence_bonus;
            reasons.push(format!(
                "primary and alternate converge here [+{}]",
                rules.convergence_bonus
            ));
        }
        let score = score.clamp(1.0, 10.0);
        ChokePoint {
            location: w.start_point(c.s.first),
            along_m: w.along[c.s.first],
            length_m: len,
            score,
            priority: score >= rules.priority,
            reasons,
        }
    }

    /// Whether the graph links the stretch's two ends without using it, within `limit_m`.
    fn detour_exists(&self, w: &Walk, s: Stretch, limit_m: f64) -> bool {
        let g = self.router.map().graph();
        let from = g.tail(w.edges[s.first].edge);
        let to = g.head(w.edges[s.last].edge);
        if from == to {
            return true;
        }
        let banned: HashSet<SegmentId> = w.edges[s.first..=s.last]
            .iter()
            .map(|e| g.edge_segment(e.edge))
            .collect();
        let mut dist: HashMap<NodeId, f64> = HashMap::from([(from, 0.0)]);
        let mut heap = BinaryHeap::from([Near(0.0, from)]);
        while let Some(Near(d, v)) = heap.pop() {
            if v == to {
                return true;
            }
            if d > dist.get(&v).copied().unwrap_or(f64::INFINITY) {
                continue;
            }
            for e in g.out_edges(v) {
                if !self.router.allows(e) || banned.contains(&g.edge_segment(e)) {
                    continue;
                }
                let nd = d + g.edge_length_m(e);
                let h = g.head(e);
                if nd <= limit_m && nd < dist.get(&h).copied().unwrap_or(f64::INFINITY) {
                    dist.insert(h, nd);
                    heap.push(Near(nd, h));
                }
            }
        }
        false
    }
}

#[derive(PartialEq)]
struct Near(f64, NodeId);
impl Eq for Near {}
impl Ord for Near {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
impl PartialOrd for Near {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// Merges candidates whose stretches overlap or touch at an edge.
fn merge(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.s.first, c.s.last));
    let mut out: Vec<Cand> = Vec::new();
    for c in cands {
        match out.last_mut() {
            Some(m) if c.s.first <= m.s.last => {
                m.s.last = m.s.last.max(c.s.last);
                m.base = m.base.max(c.base);
                m.kinds.extend(c.kinds);
                m.reasons.extend(c.reasons);
            }
            _ => out.push(c),
        }
    }
    out
}
