//! Work the app does off the UI thread: loading the map and plan, computing a
//! movement's routes and its time-against-risk candidates, reading a venue's
//! surroundings, writing exports. Each job sends one [`Outcome`]; the UI polls every
//! frame and never blocks on one (tests call [`Jobs::wait`]). The work itself is the
//! library's: [`RoutingContext`] prepares routing and risk for a plan and profile, as
//! `plan route` does.

use super::error::AppError;
use crate::export::{ExportKind, ExportOptions, Written};
use crate::map::Map;
use crate::plan::{
    self, ComputedRoutes, Passphrase, Plan, Protection, RouteInputs, RoutingContext,
};
use crate::risk::Candidate;
use crate::risk::venue::VenueContext;
use crate::routing::Profiles;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// A map with the plan opened on it.
pub struct Loaded {
    /// The map.
    pub map: Map,
    /// Where it came from.
    pub map_path: PathBuf,
    /// The plan, its file and how it is kept, when one was asked for and loaded.
    pub plan: Option<(Plan, PathBuf, Protection)>,
    /// The map file's SHA-256 (empty when it could not be read), for new plans.
    pub map_sha256: String,
    /// Set when the plan's recorded map hash differs from the file's.
    pub hash_warning: Option<String>,
    /// Set when the plan could not be read (the map still loaded).
    pub plan_error: Option<AppError>,
}

/// What a finished job sends back.
pub enum Outcome {
    /// The map (and plan) loaded, or why not.
    Loaded(Box<Result<Loaded, AppError>>),
    /// Routes for movement `id`, computed from `inputs`.
    Routes {
        /// Movement id.
        id: String,
        /// The movement's route inputs at request time.
        inputs: RouteInputs,
        /// The routes, or why not (boxed: the largest outcome by far).
        result: Box<Result<ComputedRoutes, AppError>>,
        /// Time against risk, when it could be explored.
        candidates: Vec<Candidate>,
    },
    /// Time-against-risk candidates for movement `id` with `inputs`.
    Candidates {
        /// Movement id.
        id: String,
        /// The movement's route inputs at request time.
        inputs: RouteInputs,
        /// The candidates (empty when the movement cannot be routed).
        candidates: Vec<Candidate>,
    },
    /// What the map says around venue `id`.
    VenueContext {
        /// Venue id.
        id: String,
        /// The context, or why it could not be read.
        result: Result<VenueContext, AppError>,
    },
    /// An export was written to the path (or not).
    Exported(PathBuf, Result<Written, AppError>),
    /// The recovery file of an encrypted plan was written (or not).
    Autosaved(Result<(), plan::PlanError>),
}

/// The running jobs.
pub struct Jobs {
    tx: Sender<Outcome>,
    rx: Receiver<Outcome>,
    running: usize,
    cancel: Arc<AtomicBool>,
    repaint: Option<egui::Context>,
}

impl Default for Jobs {
    fn default() -> Jobs {
        let (tx, rx) = channel();
        Jobs {
            tx,
            rx,
            running: 0,
            cancel: Arc::new(AtomicBool::new(false)),
            repaint: None,
        }
    }
}

impl Jobs {
    /// Lets finished jobs wake the UI.
    pub fn set_context(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
    }

    /// Whether any job is running.
    pub fn busy(&self) -> bool {
        self.running > 0
    }

    fn spawn(&mut self, f: impl FnOnce() -> Outcome + Send + 'static) {
        self.running += 1;
        let tx = self.tx.clone();
        let ctx = self.repaint.clone();
        std::thread::spawn(move || {
            let _ = tx.send(f());
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
    }

    /// Loads `map` (and `plan`, opened with `passphrase` when encrypted) on a worker.
    pub fn load(
        &mut self,
        map: Option<PathBuf>,
        plan: Option<PathBuf>,
        passphrase: Option<Passphrase>,
    ) {
        self.cancel.store(false, Ordering::Relaxed);
        let cancel = Arc::clone(&self.cancel);
        self.spawn(move || {
            let r = load_files(map, plan, passphrase.as_ref(), &cancel);
            Outcome::Loaded(Box::new(r))
        });
    }

    /// Writes the recovery file of an encrypted plan on a worker: the key derivation
    /// takes most of a second, which the window must not wait for.
    pub fn autosave(&mut self, plan: Plan, path: PathBuf, protection: Protection) {
        self.spawn(move || Outcome::Autosaved(plan::save_protected(&plan, &path, &protection)));
    }

    /// Asks a running load to stop: its result is dropped when it arrives.
    pub fn cancel_load(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the last load was cancelled.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Computes movement `index`'s routes and candidates on a worker.
    pub fn routes(&mut self, task: Task, inputs: RouteInputs) {
        self.spawn(move || {
            let id = task.movement_id();
            let (result, candidates) = task.routes_and_candidates();
            Outcome::Routes {
                id,
                inputs,
                result: Box::new(result),
                candidates,
            }
        });
    }

    /// Explores time against risk for movement `index` on a worker.
    pub fn explore(&mut self, task: Task, inputs: RouteInputs) {
        self.spawn(move || {
            let id = task.movement_id();
            let candidates = task.candidates().unwrap_or_default();
            Outcome::Candidates {
                id,
                inputs,
                candidates,
            }
        });
    }

    /// Reads the map around venue `task.index` (havens, access roads, crowds).
    pub fn venue_context(&mut self, task: Task) {
        self.spawn(move || {
            let v = task.plan.venues.get(task.index);
            let id = v.map(|v| v.id.clone()).unwrap_or_default();
            let result = match v {
                Some(v) => task.venue_context(v.location.point()),
                None => Err(AppError::NoVenue(task.index)),
            };
            Outcome::VenueContext { id, result }
        });
    }

    /// Writes an export of `plan` to `path` on a worker, through the library's one
    /// export entry point, with `opts` (owner-only for the plain export of an encrypted
    /// plan; the brief's role).
    pub fn export(
        &mut self,
        kind: ExportKind,
        plan: Plan,
        map: Option<Arc<Map>>,
        path: PathBuf,
        opts: ExportOptions,
    ) {
        self.spawn(move || {
            let result = crate::export::export(kind, &plan, map.as_deref(), &opts, &path)
                .map_err(AppError::from);
            Outcome::Exported(path, result)
        });
    }

    /// The outcomes that have arrived.
    pub fn poll(&mut self) -> Vec<Outcome> {
        let out: Vec<Outcome> = self.rx.try_iter().collect();
        self.running = self.running.saturating_sub(out.len());
        out
    }

    /// Blocks until every running job has finished; returns their outcomes.
    pub fn wait(&mut self) -> Vec<Outcome> {
        let mut out = Vec::new();
        while self.running > 0 {
            match self.rx.recv() {
                Ok(o) => {
                    self.running -= 1;
                    out.push(o);
                }
                Err(_) => break,
            }
        }
        out
    }
}

/// What a routing job works on: a copy of the plan, the map, the profiles, and the
/// movement (or venue) index.
pub struct Task {
    /// The map.
    pub map: Arc<Map>,
    /// The plan as it was when the job was asked for.
    pub plan: Plan,
    /// Routing profiles.
    pub profiles: Arc<Profiles>,
    /// The movement's (or venue's) index.
    pub index: usize,
}

impl Task {
    fn movement_id(&self) -> String {
        self.plan
            .movements
            .get(self.index)
            .map(|m| m.id.clone())
            .unwrap_or_default()
    }

    fn context(&self, profile: &str, movement: &str) -> Result<RoutingContext<'_>, AppError> {
        Ok(RoutingContext::new(
            &self.map,
            &self.plan,
            &self.profiles,
            profile,
            movement,
        )?)
    }

    /// The movement's routes and its time-against-risk candidates, from one context
    /// (its edge risks and haven fields cover the whole map: built once, used by both).
    fn routes_and_candidates(&self) -> (Result<ComputedRoutes, AppError>, Vec<Candidate>) {
        let Some(m) = self.plan.movements.get(self.index) else {
            return (Err(AppError::NoMovement), Vec::new());
        };
        let rc = match self.context(&m.profile, &m.id) {
            Ok(rc) => rc,
            Err(e) => return (Err(e), Vec::new()),
        };
        let result = plan::route_movement_in(&rc, &self.plan, self.index, 2).map_err(Into::into);
        let candidates = plan::explore_movement(&rc, &self.plan, self.index).unwrap_or_default();
        (result, candidates)
    }

    /// Time against risk for a movement whose routes are already known.
    fn candidates(&self) -> Result<Vec<Candidate>, AppError> {
        let m = self
            .plan
            .movements
            .get(self.index)
            .ok_or(AppError::NoMovement)?;
        let rc = self.context(&m.profile, &m.id)?;
        Ok(plan::explore_movement(&rc, &self.plan, self.index)?)
    }

    fn venue_context(&self, at: geo::Point<f64>) -> Result<VenueContext, AppError> {
        let rc = self.context(plan::HAVEN_PROFILE, "")?;
        Ok(rc.risk.venue_context(at)?)
    }
}

/// Reads the plan (if any), then its map (or `map`, or the default map), and checks the
/// map against the hash the plan recorded. A plan that cannot be read is reported in
/// [`Loaded::plan_error`] and the map still loads.
///
/// # Errors
/// [`AppError::LoadMap`]; [`AppError::Cancelled`] when `cancel` was set.
pub fn load_files(
    map: Option<PathBuf>,
    plan_path: Option<PathBuf>,
    passphrase: Option<&Passphrase>,
    cancel: &AtomicBool,
) -> Result<Loaded, AppError> {
    let mut plan_error = None;
    let protection = passphrase.map_or(Protection::Plain, |p| Protection::Passphrase(p.clone()));
    let plan = match &plan_path {
        Some(p) => match plan::load_with(p, passphrase) {
            Ok(x) => Some((x, p.clone(), protection)),
            Err(e) => {
                plan_error = Some(AppError::LoadPlan(e));
                None
            }
        },
        None => None,
    };
    let map_path = map
        .or_else(|| plan.as_ref().map(|(x, p, _)| plan::map_path(x, p)))
        .unwrap_or_else(|| PathBuf::from(super::DEFAULT_MAP));
    if cancel.load(Ordering::Relaxed) {
        return Err(AppError::Cancelled);
    }
    let loaded = crate::osm::read(&map_path).map_err(AppError::LoadMap)?;
    let map_sha256 = plan::file_sha256(&map_path);
    let hash_warning = match (&plan, &map_sha256) {
        (Some((x, _, _)), Ok(h)) if !x.map.sha256.is_empty() && *h != x.map.sha256 => {
            Some(format!(
                "the plan was made on a different version of {} (SHA-256 differs): check routes and checkpoints before use",
                map_path.display()
            ))
        }
        (Some(_), Err(e)) => Some(e.to_string()),
        _ => None,
    };
    Ok(Loaded {
        map: loaded,
        map_path,
        plan,
        map_sha256: map_sha256.unwrap_or_default(),
        hash_warning,
        plan_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn a_plan_on_a_changed_map_warns_and_a_broken_plan_still_loads_the_map() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = plan::load(&root().join("plans/monaco-state-visit.ron")).unwrap();
        p.map.path = root().join("maps/monaco.osm.pbf").display().to_string();
        let good = dir.path().join("good.ron");
        plan::save(&p, &good).unwrap();
        let no = AtomicBool::new(false);
        let l = load_files(None, Some(good), None, &no).unwrap();
        assert!(l.hash_warning.is_none(), "{:?}", l.hash_warning);
        assert!(l.plan.is_some());
        p.map.sha256 = "0".repeat(64);
        let changed = dir.path().join("changed.ron");
        plan::save(&p, &changed).unwrap();
        let l = load_files(None, Some(changed), None, &no).unwrap();
        assert!(
            l.hash_warning
                .is_some_and(|w| w.contains("different version"))
        );
        let broken = dir.path().join("broken.ron");
        std::fs::write(&broken, "(version: 1,").unwrap();
        let l = load_files(
            Some(root().join("maps/monaco.osm.pbf")),
            Some(broken),
            None,
            &no,
        )
        .unwrap();
        assert!(l.plan.is_none() && l.plan_error.is_some());
        assert!(l.map.graph().node_count() > 1000);
        assert!(load_files(Some(dir.path().join("none.osm.pbf")), None, None, &no).is_err());
        assert_eq!(
            load_files(None, None, None, &AtomicBool::new(true))
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("cancelled")
        );
    }
}
