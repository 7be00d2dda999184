//! Results computed in the background and kept current: each movement's routes (asked
//! for when a movement has none, or stale ones), its time-against-risk candidates
//! (when the Routes page shows it), and the selected venue's map context. A result is
//! kept only while the inputs it was computed from are still the plan's.

use super::document::Document;
use super::error::AppError;
use super::jobs::{Jobs, Task};
use crate::map::Map;
use crate::plan::{ComputedRoutes, Freshness, Plan, RouteInputs};
use crate::risk::Candidate;
use crate::risk::venue::VenueContext;
use crate::routing::Profiles;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

/// The workers and the bookkeeping of what they are computing.
#[derive(Default)]
pub struct Background {
    /// The worker threads.
    pub jobs: Jobs,
    /// When the running map load started.
    pub loading_since: Option<Instant>,
    /// Movements whose routes are being computed, with the inputs asked for.
    computing: BTreeMap<String, RouteInputs>,
    /// Movements whose routes could not be computed from these inputs.
    failed: BTreeMap<String, RouteInputs>,
    /// Movements whose candidates are being explored.
    exploring: BTreeSet<String>,
    /// Time-against-risk candidates per movement, with the inputs they were found for.
    candidates: BTreeMap<String, (RouteInputs, Vec<Candidate>)>,
    /// The last venue map context read, by venue id.
    venue_context: Option<(String, Result<VenueContext, AppError>)>,
    /// The venue whose context is being read.
    venue_pending: Option<String>,
}

/// What the app shares with a new job.
pub struct Inputs<'a> {
    /// The loaded map.
    pub map: &'a Arc<Map>,
    /// Routing profiles.
    pub profiles: &'a Arc<Profiles>,
    /// The plan now.
    pub plan: &'a Plan,
}

impl Inputs<'_> {
    fn task(&self, index: usize) -> Task {
        Task {
            map: Arc::clone(self.map),
            plan: self.plan.clone(),
            profiles: Arc::clone(self.profiles),
            index,
        }
    }
}

impl Background {
    /// Whether movement `id`'s routes are being computed.
    pub fn computing(&self, id: &str) -> bool {
        self.computing.contains_key(id)
    }

    /// Movement `index`'s time-against-risk candidates, if current.
    pub fn candidates(&self, plan: &Plan, index: usize) -> Option<&[Candidate]> {
        let m = plan.movements.get(index)?;
        let now = RouteInputs::of(plan, index)?;
        let (was, c) = self.candidates.get(&m.id)?;
        (*was == now).then_some(c.as_slice())
    }

    /// The map context of venue `id`, once read.
    pub fn venue_context(&self, id: &str) -> Option<&Result<VenueContext, AppError>> {
        self.venue_context
            .as_ref()
            .filter(|(v, _)| v == id)
            .map(|(_, r)| r)
    }

    /// Forgets that movement `id` failed or is being computed, so it is asked again.
    pub fn retry(&mut self, id: &str) {
        self.failed.remove(id);
        self.computing.remove(id);
    }

    /// Starts route jobs for movements with no routes or stale ones; returns the id of
    /// the last movement asked for.
    pub fn request_routes(&mut self, w: &Inputs) -> Option<String> {
        let mut asked = None;
        for (i, m) in w.plan.movements.iter().enumerate() {
            let missing = matches!(
                w.plan.route_freshness(i),
                Freshness::None | Freshness::Stale(_)
            );
            let Some(now) = RouteInputs::of(w.plan, i).filter(|_| missing) else {
                continue;
            };
            if self.computing.contains_key(&m.id) || self.failed.get(&m.id) == Some(&now) {
                continue;
            }
            self.computing.insert(m.id.clone(), now.clone());
            self.jobs.routes(w.task(i), now);
            asked = Some(m.id.clone());
        }
        asked
    }

    /// Explores time against risk for movement `index` when its candidates are missing
    /// or stale and its routes are known.
    pub fn request_candidates(&mut self, w: &Inputs, index: usize) {
        let Some(m) = w.plan.movements.get(index) else {
            return;
        };
        if m.routes.is_empty()
            || self.exploring.contains(&m.id)
            || self.computing.contains_key(&m.id)
            || self.candidates(w.plan, index).is_some()
        {
            return;
        }
        let Some(now) = RouteInputs::of(w.plan, index) else {
            return;
        };
        self.exploring.insert(m.id.clone());
        self.jobs.explore(w.task(index), now);
    }

    /// Reads venue `index`'s map context unless it is read or being read.
    pub fn request_venue_context(&mut self, w: &Inputs, index: usize) {
        let Some(v) = w.plan.venues.get(index) else {
            return;
        };
        if self.venue_pending.as_ref() == Some(&v.id) {
            return;
        }
        self.venue_pending = Some(v.id.clone());
        self.jobs.venue_context(w.task(index));
    }

    /// Folds arrived routes into the document when the movement's inputs are still
    /// the ones they were computed from. `Ok(true)` when applied.
    ///
    /// # Errors
    /// The job's error (the inputs are remembered so they are not retried).
    pub fn routes_arrived(
        &mut self,
        doc: &mut Document,
        id: String,
        inputs: RouteInputs,
        result: Result<ComputedRoutes, AppError>,
        candidates: Vec<Candidate>,
    ) -> Result<bool, AppError> {
        self.computing.remove(&id);
        let Some(i) = doc.plan.movements.iter().position(|m| m.id == id) else {
            return Ok(false);
        };
        if RouteInputs::of(&doc.plan, i).as_ref() != Some(&inputs) {
            return Ok(false);
        }
        match result {
            Ok(routes) => {
                doc.amend(|p| p.movements[i].set_routes(routes));
                self.candidates.insert(id, (inputs, candidates));
                Ok(true)
            }
            Err(e) => {
                self.failed.insert(id, inputs);
                Err(e)
            }
        }
    }

    /// Keeps explored candidates.
    pub fn candidates_arrived(&mut self, id: String, inputs: RouteInputs, c: Vec<Candidate>) {
        self.exploring.remove(&id);
        self.candidates.insert(id, (inputs, c));
    }

    /// Keeps a venue's map context.
    pub fn venue_context_arrived(&mut self, id: String, r: Result<VenueContext, AppError>) {
        self.venue_pending = None;
        self.venue_context = Some((id, r));
    }
}
