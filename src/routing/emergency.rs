//! The emergency route: from a point to the hospital a casualty should go to.
//!
//! Candidates are the hospitals nearest in a straight line (not excluded by the plan).
//! Each is routed by drive time. A trauma centre the plan designates wins if it is at
//! most five minutes slower than the quickest hospital; failing that, a hospital
//! tagged `emergency=yes` on the same terms; failing that, the quickest. Hospitals
//! tagged `emergency=no` are used only when nothing else can be reached.

use super::route::Route;
use super::{RouteError, RouteOptions, Router};
use crate::map::{OsmRef, Place, PlaceKind};
use geo::Point;
use serde::{Deserialize, Serialize};

/// How many straight-line-nearest hospitals are routed to.
const CANDIDATES: usize = 8;
/// A preferred hospital may be this much slower than the quickest and still win.
const PREFERENCE_MARGIN_S: f64 = 300.0;

/// What a plan says about hospitals the map gets wrong.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HospitalPolicy {
    /// Places to treat as trauma centres (preferred), e.g. a main hospital the map
    /// leaves without `emergency=yes`.
    pub trauma_centres: Vec<OsmRef>,
    /// Places never to use.
    pub excluded: Vec<OsmRef>,
}

/// The chosen hospital and the route to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospitalChoice {
    /// The hospital.
    pub hospital: Place,
    /// Why it was chosen.
    pub reason: String,
    /// The route there.
    pub route: Route,
}

impl Router<'_> {
    /// The route from `from` to the hospital to use in an emergency.
    ///
    /// # Errors
    /// Snapping errors for `from`, or [`RouteError::NoHospital`] when none is reachable.
    pub fn emergency_route(
        &self,
        from: Point<f64>,
        policy: &HospitalPolicy,
        opts: &RouteOptions,
    ) -> Result<HospitalChoice, RouteError> {
        self.snap(from, "origin")?;
        let mut reached: Vec<(Place, Route)> = self
            .map
            .nearest_places(
                from,
                &[PlaceKind::Hospital],
                CANDIDATES + policy.excluded.len(),
            )
            .into_iter()
            .filter(|n| !policy.excluded.contains(&n.place.osm))
            .filter_map(|n| {
                let r = self.route(&[from, n.place.location], opts).ok()?;
                Some((n.place.clone(), r))
            })
            .collect();
        reached.sort_by(|a, b| a.1.duration_s.total_cmp(&b.1.duration_s));
        let usable: Vec<&(Place, Route)> = reached
            .iter()
            .filter(|(p, _)| p.emergency != Some(false))
            .collect();
        let pool = if usable.is_empty() {
            reached.iter().collect()
        } else {
            usable
        };
        let quickest = pool.first().ok_or(RouteError::NoHospital { from })?;
        let within = |r: &Route| r.duration_s <= quickest.1.duration_s + PREFERENCE_MARGIN_S;
        let slower = |r: &Route| r.duration_s - quickest.1.duration_s;
        let trauma = pool
            .iter()
            .find(|(p, r)| policy.trauma_centres.contains(&p.osm) && within(r));
        let emergency = pool
            .iter()
            .find(|(p, r)| p.emergency == Some(true) && within(r));
        let (choice, reason) = match (trauma, emergency) {
            (Some(c), _) => (c, format!("trauma centre designated by the plan, {:.0} s slower than the quickest hospital", slower(&c.1))),
            (None, Some(c)) => (c, format!("tagged with an emergency department, {:.0} s slower than the quickest hospital", slower(&c.1))),
            (None, None) => (quickest, "quickest hospital by drive time; none nearby is known to have an emergency department".to_string()),
        };
        Ok(HospitalChoice {
            hospital: choice.0.clone(),
            reason,
            route: choice.1.clone(),
        })
    }

    /// Drive time and length from `from` to each place, `None` where unreachable.
    pub fn drive_to(
        &self,
        from: Point<f64>,
        places: &[&Place],
        opts: &RouteOptions,
    ) -> Vec<Option<(f64, f64)>> {
        places
            .iter()
            .map(|p| self.drive(from, p.location, opts))
            .collect()
    }

    /// Seconds and metres from `from` to `to` with this router's profile, `None`
    /// where unreachable. The one function behind every haven drive time (`havens
    /// --by time`, the havens stored along a plan's routes).
    pub fn drive(
        &self,
        from: Point<f64>,
        to: Point<f64>,
        opts: &RouteOptions,
    ) -> Option<(f64, f64)> {
        self.route(&[from, to], opts)
            .ok()
            .map(|r| (r.duration_s, r.length_m))
    }
}
