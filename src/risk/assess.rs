//! Assessing one route: its hazards, its choke points (with a detour search on the
//! graph), its safe-haven coverage and the 0-100 score with its breakdown.

use super::RiskContext;
use super::edges::{edge_point, node_kinds};
use super::havens::{self, HavenCoverage};
use super::model::{HazardKind, RiskModel};
use crate::coord;
use crate::map::{NodeId, SegmentId};
use crate::routing::{Route, RouteEdge};
use geo::Point;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One hazard met along the route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hazard {
    /// What it is.
    pub kind: HazardKind,
    /// Its score, 1-10, from the model.
    pub score: f64,
    /// Why it matters, with specifics (street, place, length).
    pub reason: String,
    /// Where it starts (lon/lat).
    pub location: Point<f64>,
    /// Metres from the route's start.
    pub along_m: f64,
    /// Metres of route it covers (0 for a point).
    pub length_m: f64,
}

/// A choke point: a place where the route can be blocked or ambushed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChokePoint {
    /// Where it starts.
    pub location: Point<f64>,
    /// Metres from the route's start.
    pub along_m: f64,
    /// Metres of route it covers.
    pub length_m: f64,
    /// 1-10.
    pub score: f64,
    /// Score at or above the model's priority mark.
    pub priority: bool,
    /// What made it a choke point and what raised its score, each with its points.
    pub reasons: Vec<String>,
}

/// The four contributors of a route score; they add up to the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Time exposed in transit.
    pub exposure: f64,
    /// Choke points.
    pub choke_points: f64,
    /// Other hazards.
    pub hazards: f64,
    /// Distance to a hospital.
    pub haven_coverage: f64,
}

/// Everything risk says about a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteRisk {
    /// 0-100.
    pub score: f64,
    /// Band name.
    pub band: String,
    /// Band colour "#rrggbb".
    pub band_colour: String,
    /// Contributors, summing to `score`.
    pub breakdown: Breakdown,
    /// The method and its bands, printed wherever the score is.
    pub method: String,
    /// Hazards in route order.
    pub hazards: Vec<Hazard>,
    /// Choke points in route order.
    pub choke_points: Vec<ChokePoint>,
    /// Haven coverage.
    pub havens: HavenCoverage,
    /// Per route edge: risk 0..1 for colouring.
    pub edge_risk: Vec<f64>,
    /// The route's duration.
    pub duration_s: f64,
    /// The route's length.
    pub length_m: f64,
}

/// A run of route edges `first..=last`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stretch {
    pub(super) first: usize,
    pub(super) last: usize,
}

pub(super) struct Walk<'a> {
    pub(super) ctx: &'a RiskContext<'a>,
    pub(super) edges: &'a [RouteEdge],
    /// Metres from the start to the start of each edge.
    pub(super) along: Vec<f64>,
    pub(super) route: &'a Route,
    pub(super) line: coord::MeasuredLine<'a>,
}

impl Walk<'_> {
    pub(super) fn stretch_len(&self, s: Stretch) -> f64 {
        self.edges[s.first..=s.last]
            .iter()
            .map(|e| e.length_m)
            .sum()
    }

    pub(super) fn start_point(&self, i: usize) -> Point<f64> {
        self.line
            .point_at(self.along[i])
            .unwrap_or_else(|| edge_point(self.ctx.router.map(), self.edges[i].edge))
    }

    pub(super) fn hazard(&self, kind: HazardKind, s: Stretch, detail: String) -> Hazard {
        let rule = self.ctx.model.rule(kind);
        let reason = if detail.is_empty() {
            rule.reason.clone()
        } else {
            format!("{} ({detail})", rule.reason)
        };
        Hazard {
            kind,
            score: rule.score,
            reason,
            location: self.start_point(s.first),
            along_m: self.along[s.first],
            length_m: if is_point(kind) {
                0.0
            } else {
                self.stretch_len(s)
            },
        }
    }

    /// Whether the route reaches the head of edge `i` (not a partial last edge of a leg).
    pub(super) fn reaches_head(&self, i: usize) -> bool {
        let last_of_leg = self
            .edges
            .get(i + 1)
            .is_none_or(|n| n.leg != self.edges[i].leg);
        let full = self
            .ctx
            .router
            .map()
            .graph()
            .edge_length_m(self.edges[i].edge);
        !last_of_leg || self.edges[i].length_m >= full - 0.5
    }

    /// Maximal runs of edges satisfying `pred`; with `same_street`, a run also breaks
    /// where the street changes (another way with another name).
    pub(super) fn runs(&self, pred: impl Fn(usize) -> bool, same_street: bool) -> Vec<Stretch> {
        let same = |a: &RouteEdge, b: &RouteEdge| {
            a.way_osm_id == b.way_osm_id || (a.name.is_some() && a.name == b.name)
        };
        let mut out: Vec<Stretch> = Vec::new();
        for i in 0..self.edges.len() {
            if !pred(i) {
                continue;
            }
            match out.last_mut() {
                Some(s)
                    if s.last + 1 == i
                        && (!same_street || same(&self.edges[s.last], &self.edges[i])) =>
                {
                    s.last = i
                }
                _ => out.push(Stretch { first: i, last: i }),
            }
        }
        out
    }
}

pub(super) fn single_path_reason(e: &RouteEdge, points: f64) -> String {
    match street(e) {
        name if name.is_empty() => format!("the only road through [{points}]"),
        name => format!("the only road through ({name}) [{points}]"),
    }
}

/// Hazards at a point rather than along a stretch.
fn is_point(k: HazardKind) -> bool {
    matches!(
        k,
        HazardKind::TrafficSignals
            | HazardKind::Stop
            | HazardKind::LevelCrossing
            | HazardKind::CrowdPlace
            | HazardKind::DeadEnd
    )
}

fn street(e: &RouteEdge) -> String {
    e.name
        .clone()
        .or_else(|| e.road_ref.clone())
        .unwrap_or_default()
}

impl RiskContext<'_> {
    /// Assesses `route`; `others` are the movement's other routes (for convergence).
    pub fn assess(&self, route: &Route, others: &[&Route]) -> RouteRisk {
        let mut along = Vec::with_capacity(route.edges.len());
        let mut acc = 0.0;
        for e in &route.edges {
            along.push(acc);
            acc += e.length_m;
        }
        let w = Walk {
            ctx: self,
            edges: &route.edges,
            along,
            route,
            line: coord::MeasuredLine::new(&route.geometry.0),
        };
        let (hazards, runs) = self.find_hazards(&w, others);
        let choke_points = self.choke_points(&w, &runs);
        let havens = havens::coverage(&self.router, &self.havens, route, &self.model);
        let edge_risk = self.route_edge_risk(&w, &hazards, &choke_points);
        let breakdown = breakdown(
            &self.model,
            route.duration_s,
            &hazards,
            &choke_points,
            &havens,
        );
        let score = round1(
            breakdown.exposure
                + breakdown.choke_points
                + breakdown.hazards
                + breakdown.haven_coverage,
        );
        let band = self.model.band(score);
        RouteRisk {
            score,
            band: band.name.clone(),
            band_colour: band.colour.clone(),
            breakdown,
            method: method_text(&self.model),
            hazards,
            choke_points,
            havens,
            edge_risk,
            duration_s: route.duration_s,
            length_m: route.length_m,
        }
    }
}

/// Runs of hazards that choke-point scoring reuses.
pub(super) struct Runs {
    pub(super) choke_candidates: Vec<(Stretch, HazardKind, String)>,
    pub(super) no_escape: Vec<Stretch>,
    pub(super) convergence: Vec<Stretch>,
}

impl RiskContext<'_> {
    fn find_hazards(&self, w: &Walk, others: &[&Route]) -> (Vec<Hazard>, Runs) {
        let mut hazards = Vec::new();
        let mut candidates = Vec::new();
        let model = &self.model;
        for kind in [
            HazardKind::Bridge,
            HazardKind::Tunnel,
            HazardKind::Underpass,
            HazardKind::Roundabout,
            HazardKind::NarrowStreet,
        ] {
            for s in w.runs(|i| self.edges.has(w.edges[i].edge, kind), true) {
                let name = street(&w.edges[s.first]);
                let on = if name.is_empty() {
                    String::new()
                } else {
                    format!(" on {name}")
                };
                let h = w.hazard(kind, s, format!("{:.0} m{on}", w.stretch_len(s)));
                if model.rule(kind).choke {
                    candidates.push((s, kind, h.reason.clone()));
                }
                hazards.push(h);
            }
        }
        self.point_hazards(w, &mut hazards, &mut candidates);
        self.crowd_hazards(w, &mut hazards);
        for s in w.runs(
            |i| self.edges.has(w.edges[i].edge, HazardKind::SlowStretch),
            false,
        ) {
            let len = w.stretch_len(s);
            if len >= model.thresholds.slow_min_length_m {
                let secs: f64 = w.edges[s.first..=s.last].iter().map(|e| e.duration_s).sum();
                hazards.push(w.hazard(
                    HazardKind::SlowStretch,
                    s,
                    format!("{len:.0} m in {secs:.0} s"),
                ));
            }
        }
        let no_escape = self.no_escape_runs(w);
        for &s in &no_escape {
            hazards.push(w.hazard(
                HazardKind::NoEscape,
                s,
                format!("{:.0} m without a side road", w.stretch_len(s)),
            ));
        }
        self.dead_ends(w, &mut hazards);
        let convergence = self.convergence_runs(w, others);
        for &s in &convergence {
            let h = w.hazard(
                HazardKind::Convergence,
                s,
                format!("{:.0} m shared", w.stretch_len(s)),
            );
            candidates.push((s, HazardKind::Convergence, h.reason.clone()));
            hazards.push(h);
        }
        hazards.sort_by(|a, b| a.along_m.total_cmp(&b.along_m).then(a.kind.cmp(&b.kind)));
        (
            hazards,
            Runs {
                choke_candidates: candidates,
                no_escape,
                convergence,
            },
        )
    }

    fn point_hazards(
        &self,
        w: &Walk,
        hazards: &mut Vec<Hazard>,
        candidates: &mut Vec<(Stretch, HazardKind, String)>,
    ) {
        let g = self.router.map().graph();
        for i in 0..w.edges.len() {
            if !w.reaches_head(i) {
                continue;
            }
            let head = g.head(w.edges[i].edge);
            for kind in node_kinds(g.node_flags(head)) {
                let rule = self.model.rule(kind);
                let at = Point::from(g.node_coord(head));
                let h = Hazard {
                    kind,
                    score: rule.score,
                    reason: rule.reason.clone(),
                    location: at,
                    along_m: w.along[i] + w.edges[i].length_m,
                    length_m: 0.0,
                };
                if rule.choke {
                    candidates.push((Stretch { first: i, last: i }, kind, h.reason.clone()));
                }
                hazards.push(h);
            }
        }
    }

    fn crowd_hazards(&self, w: &Walk, hazards: &mut Vec<Hazard>) {
        let map = self.router.map();
        let mut seen = HashSet::new();
        for e in w.edges {
            let Some(p) = self.edges.crowd_place(e.edge) else {
                continue;
            };
            if !seen.insert(p) {
                continue;
            }
            let place = &map.places()[p as usize];
            let (d, along) = coord::distance_to_polyline_m(place.location, &w.route.geometry.0);
            let rule = self.model.rule(HazardKind::CrowdPlace);
            hazards.push(Hazard {
                kind: HazardKind::CrowdPlace,
                score: rule.score,
                reason: format!(
                    "{} ({}: {}, {d:.0} m from the route)",
                    rule.reason,
                    place.kind.label(),
                    place.display_name()
                ),
                location: place.location,
                along_m: along,
                length_m: 0.0,
            });
        }
    }

    /// Runs whose inner nodes offer no side road, at least `no_escape_m` long.
    fn no_escape_runs(&self, w: &Walk) -> Vec<Stretch> {
        let g = self.router.map().graph();
        let trapped = |i: usize| -> bool {
            let Some(next) = w.edges.get(i + 1) else {
                return false;
            };
            let (cur, v) = (w.edges[i].edge, g.head(w.edges[i].edge));
            let (back, ahead) = (g.edge_segment(cur), g.edge_segment(next.edge));
            !g.out_edges(v).any(|e| {
                self.router.allows(e) && g.edge_segment(e) != back && g.edge_segment(e) != ahead
            })
        };
        let mut runs: Vec<Stretch> = Vec::new();
        for i in 0..w.edges.len() {
            if trapped(i) {
                match runs.last_mut() {
                    Some(s) if s.last == i => s.last = i + 1,
                    _ => runs.push(Stretch {
                        first: i,
                        last: (i + 1).min(w.edges.len() - 1),
                    }),
                }
            }
        }
        runs.into_iter()
            .filter(|s| w.stretch_len(*s) >= self.model.thresholds.no_escape_m)
            .collect()
    }

    /// Origin or destination on a street one of whose ends leads nowhere: the only way
    /// out is back past the start.
    fn dead_ends(&self, w: &Walk, hazards: &mut Vec<Hazard>) {
        let g = self.router.map().graph();
        let usable = |s: SegmentId| g.segment_edges(s).any(|e| self.router.allows(e));
        let only_road = |n: NodeId, seg: SegmentId| {
            g.out_edges(n)
                .map(|e| g.edge_segment(e))
                .all(|s| s == seg || !usable(s))
        };
        let ends = [
            (0usize, "origin"),
            (w.edges.len().saturating_sub(1), "destination"),
        ];
        for (i, which) in ends {
            let Some(e) = w.edges.get(i) else { continue };
            let seg = g.edge_segment(e.edge);
            let dead = g
                .segment_edges(seg)
                .flat_map(|x| [g.tail(x), g.head(x)])
                .any(|n| only_road(n, seg));
            if dead {
                let on = if street(e).is_empty() {
                    "an unnamed street".to_string()
                } else {
                    street(e)
                };
                hazards.push(w.hazard(
                    HazardKind::DeadEnd,
                    Stretch { first: i, last: i },
                    format!("the {which} is on {on}"),
                ));
            }
        }
    }

    /// Stretches shared with the other routes, long enough and away from the ends.
    fn convergence_runs(&self, w: &Walk, others: &[&Route]) -> Vec<Stretch> {
        if others.is_empty() {
            return Vec::new();
        }
        let g = self.router.map().graph();
        let shared: HashSet<SegmentId> = others
            .iter()
            .flat_map(|r| r.edges.iter().map(|e| g.edge_segment(e.edge)))
            .collect();
        let t = &self.model.thresholds;
        let total = w.route.length_m;
        w.runs(|i| shared.contains(&g.edge_segment(w.edges[i].edge)), false)
            .into_iter()
            .filter(|&s| {
                let (a, b) = (w.along[s.first], w.along[s.last] + w.edges[s.last].length_m);
                w.stretch_len(s) >= t.convergence_min_m
                    && b > t.endpoint_margin_m
                    && a < total - t.endpoint_margin_m
            })
            .collect()
    }
}

impl RiskContext<'_> {
    fn route_edge_risk(&self, w: &Walk, hazards: &[Hazard], chokes: &[ChokePoint]) -> Vec<f64> {
        let s = &self.model.score;
        let mut pts: Vec<f64> = vec![0.0; w.edges.len()];
        let index_at = |along: f64| w.along.partition_point(|a| *a <= along).saturating_sub(1);
        for h in hazards {
            pts[index_at(h.along_m)] += s.hazard_points_per_score * h.score;
        }
        for c in chokes {
            pts[index_at(c.along_m)] += s.choke_points_per_score * c.score;
        }
        pts.into_iter().map(|p| (p / 10.0).min(1.0)).collect()
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn breakdown(
    model: &RiskModel,
    duration_s: f64,
    hazards: &[Hazard],
    chokes: &[ChokePoint],
    havens: &HavenCoverage,
) -> Breakdown {
    let s = &model.score;
    let t = &model.thresholds;
    let exposure = s.exposure_max * (duration_s / 60.0 / s.exposure_full_min).min(1.0);
    let choke =
        (s.choke_points_per_score * chokes.iter().map(|c| c.score).sum::<f64>()).min(s.choke_max);
    let hazard = (s.hazard_points_per_score * hazards.iter().map(|h| h.score).sum::<f64>())
        .min(s.hazards_max);
    let haven = match havens.hospital_max_min {
        Some(m) => {
            s.haven_max
                * ((m - t.haven_good_min) / (t.haven_threshold_min - t.haven_good_min))
                    .clamp(0.0, 1.0)
        }
        None => s.haven_max,
    };
    Breakdown {
        exposure: round1(exposure),
        choke_points: round1(choke),
        hazards: round1(hazard),
        haven_coverage: round1(haven),
    }
}

/// The method line printed with every route score.
pub fn method_text(model: &RiskModel) -> String {
    let s = &model.score;
    format!(
        "Cordon route score (risk model v{}): exposure (max {}) + choke points (max {}) + hazards (max {}) + haven coverage (max {}) = 0-100; bands: {}",
        model.version,
        s.exposure_max,
        s.choke_max,
        s.hazards_max,
        s.haven_max,
        model.bands_text()
    )
}
