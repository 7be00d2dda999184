//! Risk: explainable, deterministic scores for routes and venues, driven by the model
//! file (`assets/risk-model.ron`), and risk-aware routing.
//!
//! A [`RiskContext`] is prepared once per router (map and profile), model and hospital
//! policy: per-edge hazards and points ([`EdgeRisk`]) and drive-time fields to the
//! nearest hospital and police station ([`HavenField`]). Then [`RiskContext::assess`]
//! scores any route, and the weighted searches trade minutes for safety.

mod assess;
mod choke;
mod corridor;
mod edges;
mod havens;
mod model;
mod primary;
pub mod venue;
mod weighted;

pub use assess::{Breakdown, ChokePoint, Hazard, RouteRisk, method_text};
pub use corridor::{HAVEN_CORRIDOR_M, HavenStop, havens_along};
pub use edges::EdgeRisk;
pub use havens::{FlaggedStretch, HavenCoverage, HavenField};
pub use model::{
    BUILTIN_RISK_MODEL_RON, Band, ChokeRules, HazardKind, HazardRule, ModelError, RiskModel,
    RoutingRules, ScoreRules, Thresholds,
};
pub use primary::{ChosenSet, FoundRoute, PrimaryRule};
pub use weighted::{Candidate, RiskCost, RiskRoute, Tradeoff};

use crate::routing::{HospitalPolicy, Router};

/// Everything needed to score routes on one map for one profile.
pub struct RiskContext<'m> {
    /// The router (map and profile).
    pub router: Router<'m>,
    /// The model in force.
    pub model: RiskModel,
    /// The plan's hospital overrides.
    pub policy: HospitalPolicy,
    /// Per-edge risk facts.
    pub edges: EdgeRisk,
    /// Drive times to havens.
    pub havens: HavenField,
}

impl<'m> RiskContext<'m> {
    /// Prepares per-edge risk and haven fields (tens of milliseconds on a city map).
    pub fn new(router: Router<'m>, model: RiskModel, policy: HospitalPolicy) -> RiskContext<'m> {
        let edges = EdgeRisk::new(&router, &model);
        let havens = HavenField::new(&router, &policy);
        RiskContext {
            router,
            model,
            policy,
            edges,
            havens,
        }
    }
}

#[cfg(test)]
mod tests;
