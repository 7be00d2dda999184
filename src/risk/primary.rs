//! Which route is a movement's primary. By default the fastest; a planner may adopt a
//! route the risk analysis found instead: one found at a risk weight, or one of the
//! fastest's alternates. The choice is kept as a rule, not as a line, so it is found
//! again whenever the routes are recomputed, and the former primary stays on as an
//! alternate.

use super::RiskContext;
use crate::routing::{NEAR_COPY_FRACTION, Route, RouteError, RouteOptions, shared_fraction};
use geo::Point;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a movement's primary route is found.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryRule {
    /// The fastest route (the default).
    #[default]
    Fastest,
    /// The route a risk-weighted search finds at this weight.
    RiskWeight(f64),
    /// The fastest route's alternate with this number (1-based), as the penalty method
    /// finds it.
    Alternate(u8),
}

impl PrimaryRule {
    /// Whether this is the default rule (plans leave it out then).
    pub fn is_fastest(&self) -> bool {
        *self == PrimaryRule::Fastest
    }
}

impl fmt::Display for PrimaryRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrimaryRule::Fastest => write!(f, "fastest"),
            PrimaryRule::RiskWeight(w) => write!(f, "risk weight {w}"),
            PrimaryRule::Alternate(n) => write!(f, "the fastest's alternate {n}"),
        }
    }
}

/// A route with the rule that finds it as a primary.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRoute {
    /// The route.
    pub route: Route,
    /// The rule that makes it the primary.
    pub found_by: PrimaryRule,
}

/// A movement's primary and alternates under a [`PrimaryRule`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenSet {
    /// The primary.
    pub primary: FoundRoute,
    /// The alternates, each with the share of its length it has in common with the
    /// primary: the former primary (the fastest) first when another was adopted, then
    /// the fastest's alternates that are not near-copies of the new primary.
    pub alternates: Vec<(FoundRoute, f64)>,
    /// Set when the rule could not be met and the fastest route was kept, and why.
    pub note: Option<String>,
}

fn same_edges(a: &Route, b: &Route) -> bool {
    a.edges.len() == b.edges.len() && a.edge_ids().eq(b.edge_ids())
}

impl RiskContext<'_> {
    /// The route a risk-weighted search finds at `weight`.
    ///
    /// # Errors
    /// Routing errors.
    pub fn route_at_weight(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        weight: f64,
    ) -> Result<Route, RouteError> {
        let cost = self.cost(weight);
        let with = RouteOptions {
            modifier: Some(&cost),
            ..*opts
        };
        self.router
            .route(waypoints, if weight > 0.0 { &with } else { opts })
    }

    /// The fastest route, up to `alternates` alternates by the penalty method, and the
    /// primary `rule` picks among them (or finds by weight). The routes not picked
    /// become the alternates, the fastest first.
    ///
    /// # Errors
    /// Routing errors of the fastest route.
    pub fn chosen_set(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        rule: PrimaryRule,
        alternates: usize,
    ) -> Result<ChosenSet, RouteError> {
        let set = self.router.alternatives(waypoints, opts, alternates)?;
        let mut pool: Vec<FoundRoute> = std::iter::once(FoundRoute {
            route: set.primary,
            found_by: PrimaryRule::Fastest,
        })
        .chain(
            set.alternates
                .into_iter()
                .enumerate()
                .map(|(i, a)| FoundRoute {
                    route: a.route,
                    found_by: PrimaryRule::Alternate(i as u8 + 1),
                }),
        )
        .collect();
        let (index, note) = self.pick_primary(waypoints, opts, rule, &mut pool);
        let primary = pool.remove(index);
        // The fastest stays (the former primary); other alternates that are nearly the
        // new primary (a weighted route close to one) are one route twice.
        let alternates = pool
            .into_iter()
            .map(|a| {
                let shared = shared_fraction(self.router.map(), &a.route, &primary.route);
                (a, shared)
            })
            .filter(|(a, shared)| a.found_by.is_fastest() || *shared <= NEAR_COPY_FRACTION)
            .collect();
        Ok(ChosenSet {
            primary,
            alternates,
            note,
        })
    }

    /// The index in `pool` of the route `rule` picks (a weighted route is added to the
    /// pool unless it is already there), and a note when the rule falls back to the
    /// fastest (index 0).
    fn pick_primary(
        &self,
        waypoints: &[Point<f64>],
        opts: &RouteOptions,
        rule: PrimaryRule,
        pool: &mut Vec<FoundRoute>,
    ) -> (usize, Option<String>) {
        match rule {
            PrimaryRule::Fastest => (0, None),
            PrimaryRule::Alternate(n) => match pool.iter().position(|r| r.found_by == rule) {
                Some(i) => (i, None),
                None => (
                    0,
                    Some(format!(
                        "the fastest route has no alternate {n} now: the primary is the fastest"
                    )),
                ),
            },
            PrimaryRule::RiskWeight(w) => match self.route_at_weight(waypoints, opts, w) {
                Ok(route) => match pool.iter().position(|r| same_edges(&r.route, &route)) {
                    Some(i) => {
                        pool[i].found_by = rule;
                        (i, None)
                    }
                    None => {
                        pool.push(FoundRoute {
                            route,
                            found_by: rule,
                        });
                        (pool.len() - 1, None)
                    }
                },
                Err(e) => (
                    0,
                    Some(format!(
                        "no route at risk weight {w} ({e}): the primary is the fastest"
                    )),
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_as_words_and_round_trip() {
        assert_eq!(PrimaryRule::RiskWeight(4.0).to_string(), "risk weight 4");
        assert_eq!(
            PrimaryRule::Alternate(2).to_string(),
            "the fastest's alternate 2"
        );
        for r in [
            PrimaryRule::Fastest,
            PrimaryRule::RiskWeight(2.5),
            PrimaryRule::Alternate(1),
        ] {
            let text = ron::to_string(&r).unwrap();
            assert_eq!(ron::from_str::<PrimaryRule>(&text).unwrap(), r);
        }
        assert!(PrimaryRule::default().is_fastest());
    }
}
