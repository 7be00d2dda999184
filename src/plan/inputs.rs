//! What a movement's routes depend on. Each movement's routes record the
//! [`RouteInputs`] they were computed from; they are stale exactly when the plan's
//! current inputs for that movement differ. Edits therefore never clear routes by hand:
//! [`Plan::drop_stale_routes`] does it in one place, and `plan check` says which input
//! changed.

use super::document::{LonLat, Movement, Plan};
use crate::risk::PrimaryRule;
use crate::routing::{AvoidZone, HospitalPolicy};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The inputs of a movement's routes: ends, via points, avoid zones, profile, how the
/// primary is chosen, the plan's risk model and hospital policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteInputs {
    /// Where the origin venue was.
    pub from: LonLat,
    /// Where the destination venue was.
    pub to: LonLat,
    /// Via points in order.
    #[serde(default)]
    pub via: Vec<LonLat>,
    /// Avoid zones.
    #[serde(default)]
    pub avoid: Vec<AvoidZone>,
    /// Routing profile.
    pub profile: String,
    /// How the primary is found.
    #[serde(default, skip_serializing_if = "PrimaryRule::is_fastest")]
    pub primary: PrimaryRule,
    /// SHA-256 of the plan's own risk model (`None`: the built-in one).
    #[serde(default)]
    pub risk_model_sha256: Option<String>,
    /// The plan's hospital overrides (they choose the emergency route).
    #[serde(default)]
    pub hospitals: HospitalPolicy,
}

impl RouteInputs {
    /// The current inputs of movement `index`; `None` when it or one of its venues is
    /// missing (such a movement cannot be routed).
    pub fn of(plan: &Plan, index: usize) -> Option<RouteInputs> {
        let m = plan.movements.get(index)?;
        Self::of_movement(plan, m)
    }

    fn of_movement(plan: &Plan, m: &Movement) -> Option<RouteInputs> {
        let at = |id: &str| plan.venue(id).map(|v| v.location);
        Some(RouteInputs {
            from: at(&m.from)?,
            to: at(&m.to)?,
            via: m.via.iter().map(|v| v.location).collect(),
            avoid: m.avoid.clone(),
            profile: m.profile.clone(),
            primary: m.primary,
            risk_model_sha256: plan.risk_model.as_ref().map(model_sha256),
            hospitals: plan.hospitals.clone(),
        })
    }

    /// Which inputs differ from `other`, in words ("origin", "avoid zones", ...).
    pub fn changes(&self, other: &RouteInputs) -> Vec<&'static str> {
        [
            (self.from != other.from, "origin"),
            (self.to != other.to, "destination"),
            (self.via != other.via, "via points"),
            (self.avoid != other.avoid, "avoid zones"),
            (self.profile != other.profile, "profile"),
            (self.primary != other.primary, "primary route choice"),
            (
                self.risk_model_sha256 != other.risk_model_sha256,
                "risk model",
            ),
            (self.hospitals != other.hospitals, "hospital policy"),
        ]
        .into_iter()
        .filter_map(|(changed, what)| changed.then_some(what))
        .collect()
    }
}

fn model_sha256(model: &crate::risk::RiskModel) -> String {
    let text = ron::to_string(model).unwrap_or_default();
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a movement's routes are current.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    /// No routes.
    None,
    /// Computed from the current inputs.
    Current,
    /// Computed by a Cordon that did not record inputs: taken as current.
    Unrecorded,
    /// Computed from other inputs; what changed.
    Stale(Vec<&'static str>),
}

impl Plan {
    /// Whether movement `index`'s routes are current.
    pub fn route_freshness(&self, index: usize) -> Freshness {
        let Some(m) = self.movements.get(index) else {
            return Freshness::None;
        };
        if m.routes.is_empty() {
            return Freshness::None;
        }
        match (&m.routes_for, RouteInputs::of_movement(self, m)) {
            (None, _) => Freshness::Unrecorded,
            (Some(was), Some(now)) if *was == now => Freshness::Current,
            (Some(was), Some(now)) => Freshness::Stale(was.changes(&now)),
            (Some(_), None) => Freshness::Stale(vec!["venues"]),
        }
    }

    /// Removes the routes of every movement whose inputs changed since they were
    /// computed (the app calls this after each edit, so nothing stale is shown or
    /// exported); returns how many movements lost their routes.
    pub fn drop_stale_routes(&mut self) -> usize {
        let stale: Vec<usize> = (0..self.movements.len())
            .filter(|i| matches!(self.route_freshness(*i), Freshness::Stale(_)))
            .collect();
        for &i in &stale {
            self.movements[i].routes.clear();
            self.movements[i].routes_for = None;
        }
        stale.len()
    }

    /// Records the current inputs for movements whose routes came without them
    /// (plans saved before inputs were recorded), so later edits are noticed.
    pub fn adopt_unrecorded_routes(&mut self) {
        for i in 0..self.movements.len() {
            if self.route_freshness(i) == Freshness::Unrecorded {
                self.movements[i].routes_for = RouteInputs::of(self, i);
            }
        }
    }
}
