//! The one constructor of what routing a plan's movement needs: the profile's router
//! with the plan's risk model and hospital policy (a [`RiskContext`]), and the car
//! router that measures haven drive times. `plan route`, the app's route, time-against-
//! risk and venue jobs all start here.

use super::compute::PlanRouteError;
use super::document::Plan;
use crate::map::Map;
use crate::risk::{RiskContext, RiskModel};
use crate::routing::{Profiles, Router};

/// The profile haven drive times are measured with (as `havens --by time`).
pub const HAVEN_PROFILE: &str = "car";

/// Routing and risk for one profile of one plan on one map.
pub struct RoutingContext<'m> {
    /// The profile's router, the plan's model and hospital policy, per-edge risk and
    /// haven fields.
    pub risk: RiskContext<'m>,
    /// The car router for haven drive times, when the profile is not the car's.
    car: Option<Router<'m>>,
}

impl<'m> RoutingContext<'m> {
    /// Prepares routing for `profile` (one of `profiles`) with the plan's risk model
    /// (or the built-in one) and hospital policy.
    ///
    /// # Errors
    /// [`PlanRouteError::Profile`] for an unknown profile (naming `movement`),
    /// [`PlanRouteError::Model`] when the built-in model cannot be read.
    pub fn new(
        map: &'m Map,
        plan: &Plan,
        profiles: &Profiles,
        profile: &str,
        movement: &str,
    ) -> Result<RoutingContext<'m>, PlanRouteError> {
        let get = |name: &str| {
            profiles
                .get(name)
                .cloned()
                .map_err(|source| PlanRouteError::Profile {
                    movement: movement.to_string(),
                    source,
                })
        };
        let model = match &plan.risk_model {
            Some(m) => m.clone(),
            None => RiskModel::builtin()?,
        };
        let router = Router::new(map, get(profile)?);
        let car = match profile == HAVEN_PROFILE {
            true => None,
            false => Some(Router::new(map, get(HAVEN_PROFILE)?)),
        };
        Ok(RoutingContext {
            risk: RiskContext::new(router, model, plan.hospitals.clone()),
            car,
        })
    }

    /// The router haven drive times are measured with.
    pub fn haven_router(&self) -> &Router<'m> {
        self.car.as_ref().unwrap_or(&self.risk.router)
    }
}
