//! Risk-aware routing: the router's cost plus, per edge, risk weight x seconds per
//! point x the edge's hazard points (see the model file for why additive); the safer
//! route against the fastest; and the Pareto set of time against risk.

use super::RiskContext;
use super::assess::RouteRisk;
use super::edges::EdgeRisk;
use super::primary::PrimaryRule;
use crate::map::EdgeId;
use crate::routing::{CostModifier, Route, RouteError, RouteOptions};
use geo::Point;
use serde::{Deserialize, Serialize};

/// The per-edge risk cost for a weight.
pub struct RiskCost<'a> {
    edges: &'a EdgeRisk,
    per_point: f64,
}

impl CostModifier for RiskCost<'_> {
    fn extra(&self, e: EdgeId, _base: f64) -> Option<f64> {
        Some(self.per_point * self.edges.points(e))
    }
}

/// A route with its risk and the weight it was found with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskRoute {
    /// The weight used (0: fastest).
    pub risk_weight: f64,
    /// The route.
    pub route: Route,
    /// Its assessment.
    pub risk: RouteRisk,
}

/// The fastest route, the one chosen for a risk weight, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tradeoff {
    /// Weight 0.
    pub fastest: RiskRoute,
    /// The weighted search's route, or the fastest when that scored no lower.
    pub chosen: RiskRoute,
    /// Set when the weighted route was not kept.
    pub note: Option<String>,
}

/// One route found while exploring time against risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// How it was found: a weight, or "alternate N" (weight 0).
    pub found_by: String,
    /// The lowest risk weight whose search finds it: 0 for the fastest route, `None`
    /// for an alternate no weight finds (found by the penalty method).
    pub weight: Option<f64>,
    /// The rule that makes it the movement's primary (to adopt it).
    pub rule: PrimaryRule,
    /// It is the movement's primary now.
    #[serde(default)]
    pub primary: bool,
    /// Seconds.
    pub duration_s: f64,
    /// Metres.
    pub length_m: f64,
    /// Route score 0-100.
    pub score: f64,
    /// No other candidate is both as fast and as safe (and better in one).
    pub pareto: bool,
    /// The route's line (lon/lat), to show it on a map; not written to JSON.
    #[serde(skip)]
    pub geometry: Vec<geo::Coord<f64>>,
}

impl Candidate {
    /// Of `candidates`, the route a risk-weighted search with weight up to
    /// `risk_weight` finds: the lowest score among those found by weights (the fastest
    /// counts as weight 0); alternates are not found by a weight.
    pub fn pick(candidates: &[Candidate], risk_weight: f64) -> Option<&Candidate> {
        candidates
            .iter()
            .filter(|c| c.weight.is_some_and(|w| w <= risk_weight + 1e-9))
            .min_by(|a, b| a.score.total_cmp(&b.score))
    }
}

impl RiskContext<'_> {
    /// The cost modifier for risk weight `weight`.
    pub fn cost(&self, weight: f64) -> RiskCost<'_> {
        RiskCost {
            edges: &self.edges,
            per_point: weight.max(0.0) * self.model.routing.seconds_per_point,
        }
    }

    fn weighted(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        weight: f64,
    ) -> Result<RiskRoute, RouteError> {
        let route = self.route_at_weight(waypoints, opts, weight)?;
        let risk = self.assess(&route, &[]);
        Ok(RiskRoute {
            risk_weight: weight,
            route,
            risk,
        })
    }

    /// The fastest route and the risk-weighted one; the weighted one is kept only if
    /// it scores no higher (the search minimises a proxy of the score, not the score).
    ///
    /// # Errors
    /// Routing errors.
    pub fn safer_route(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        weight: f64,
    ) -> Result<Tradeoff, RouteError> {
        let fastest = self.weighted(waypoints, opts, 0.0)?;
        if weight <= 0.0 {
            return Ok(Tradeoff {
                chosen: fastest.clone(),
                fastest,
                note: None,
            });
        }
        let weighted = self.weighted(waypoints, opts, weight)?;
        if weighted.risk.score <= fastest.risk.score {
            return Ok(Tradeoff {
                fastest,
                chosen: weighted,
                note: None,
            });
        }
        let note = format!(
            "the route found at risk weight {weight} scores {:.1}, above the fastest route's {:.1}: keeping the fastest",
            weighted.risk.score, fastest.risk.score
        );
        Ok(Tradeoff {
            chosen: fastest.clone(),
            fastest,
            note: Some(note),
        })
    }

    /// The movement's routes under `rule` (primary and alternates, as the plan keeps
    /// them) and the routes found at each of `weights`, each scored as the plan scores
    /// it, with the Pareto set of duration against score marked.
    ///
    /// # Errors
    /// Routing errors of the fastest route.
    pub fn explore(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        rule: PrimaryRule,
        weights: &[f64],
        alternates: usize,
    ) -> Result<Vec<Candidate>, RouteError> {
        let set = self.chosen_set(waypoints, opts, rule, alternates)?;
        let alt_routes: Vec<&Route> = set.alternates.iter().map(|(a, _)| &a.route).collect();
        let mut found: Vec<Found> = vec![Found::new(
            Some("primary".into()),
            set.primary.found_by,
            set.primary.route.clone(),
        )];
        for (i, (a, _)) in set.alternates.iter().enumerate() {
            found.push(Found::new(
                Some(format!("alternate {}", i + 1)),
                a.found_by,
                a.route.clone(),
            ));
        }
        for &w in weights.iter().filter(|w| **w > 0.0) {
            let Ok(route) = self.route_at_weight(waypoints, opts, w) else {
                continue;
            };
            let ids: Vec<EdgeId> = route.edge_ids().collect();
            match found.iter_mut().find(|f| f.ids == ids) {
                // Already found: the weight finds it too (the slider needs to know).
                Some(f) => f.weight = Some(f.weight.map_or(w, |x| x.min(w))),
                None => found.push(Found::new(None, PrimaryRule::RiskWeight(w), route)),
            }
        }
        let mut out: Vec<Candidate> = found
            .iter()
            .enumerate()
            .map(|(k, f)| {
                // Scored as the plan scores it: the primary against the alternates,
                // every other route against the primary, so one route has one score
                // wherever it is shown.
                let others: Vec<&Route> = match k {
                    0 => alt_routes.clone(),
                    _ => vec![&set.primary.route],
                };
                f.candidate(self.assess(&f.route, &others).score, k == 0)
            })
            .collect();
        let snapshot = out.clone();
        for c in &mut out {
            c.pareto = !snapshot.iter().any(|o| {
                o.duration_s <= c.duration_s
                    && o.score <= c.score
                    && (o.duration_s < c.duration_s || o.score < c.score)
            });
        }
        out.sort_by(|a, b| a.duration_s.total_cmp(&b.duration_s));
        Ok(out)
    }
}

/// A route found while exploring, before it is scored.
struct Found {
    role: Option<String>,
    rule: PrimaryRule,
    weight: Option<f64>,
    ids: Vec<EdgeId>,
    route: Route,
}

impl Found {
    fn new(role: Option<String>, rule: PrimaryRule, route: Route) -> Found {
        let weight = match rule {
            PrimaryRule::Fastest => Some(0.0),
            PrimaryRule::RiskWeight(w) => Some(w),
            PrimaryRule::Alternate(_) => None,
        };
        Found {
            role,
            rule,
            weight,
            ids: route.edge_ids().collect(),
            route,
        }
    }

    /// "primary (fastest)", "alternate 2", "weight 8".
    fn label(&self) -> String {
        let how = match self.rule {
            PrimaryRule::Fastest => Some("fastest".to_string()),
            PrimaryRule::RiskWeight(w) => Some(format!("weight {w}")),
            PrimaryRule::Alternate(_) => None,
        };
        match (&self.role, how) {
            (Some(role), Some(how)) => format!("{role} ({how})"),
            (Some(role), None) => role.clone(),
            (None, Some(how)) => how,
            (None, None) => String::new(),
        }
    }

    fn candidate(&self, score: f64, primary: bool) -> Candidate {
        Candidate {
            found_by: self.label(),
            weight: self.weight,
            rule: self.rule,
            primary,
            duration_s: self.route.duration_s,
            length_m: self.route.length_m,
            score,
            pareto: false,
            geometry: self.route.geometry.0.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(found_by: &str, weight: Option<f64>, score: f64) -> Candidate {
        Candidate {
            found_by: found_by.into(),
            weight,
            rule: PrimaryRule::Fastest,
            primary: false,
            duration_s: 100.0,
            length_m: 1000.0,
            score,
            pareto: false,
            geometry: Vec::new(),
        }
    }

    #[test]
    fn the_chosen_weight_picks_the_safest_route_found_by_a_weight_up_to_it() {
        let c = [
            cand("weight 0 (fastest)", Some(0.0), 40.0),
            cand("alternate 1", None, 10.0),
            cand("weight 2", Some(2.0), 30.0),
            cand("weight 8", Some(8.0), 20.0),
        ];
        let pick = |w| Candidate::pick(&c, w).map(|c| c.found_by.as_str());
        assert_eq!(pick(0.0), Some("weight 0 (fastest)"));
        assert_eq!(
            pick(2.0),
            Some("weight 2"),
            "alternates are not found by weight"
        );
        assert_eq!(pick(7.9), Some("weight 2"));
        assert_eq!(pick(8.0), Some("weight 8"));
        assert_eq!(Candidate::pick(&c[1..2], 8.0), None);
    }
}
