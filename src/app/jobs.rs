//! Work the app does off the UI thread: loading the map and plan, computing a
//! movement's routes and its time-against-risk candidates, writing briefs and exports.
//! Each job sends one [`Outcome`]; the UI polls every frame and never blocks on one
//! (tests call [`Jobs::wait`]).

use crate::map::Map;
use crate::plan::{self, Plan, PlannedRoute};
use crate::risk::venue::VenueContext;
use crate::risk::{Candidate, RiskContext, RiskModel};
use crate::routing::{Profiles, RouteOptions, Router};
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
    /// The plan and its file, when one was asked for and loaded.
    pub plan: Option<(Plan, PathBuf)>,
    /// The map file's SHA-256 (empty when it could not be read), for new plans.
    pub map_sha256: String,
    /// Set when the plan's recorded map hash differs from the file's.
    pub hash_warning: Option<String>,
    /// Set when the plan could not be read (the map still loaded).
    pub plan_error: Option<String>,
}

/// What a finished job sends back.
pub enum Outcome {
    /// The map (and plan) loaded, or why not.
    Loaded(Box<Result<Loaded, String>>),
    /// Routes for movement `id`, computed for the inputs `key`.
    Routes {
        /// Movement id.
        id: String,
        /// [`super::edit::route_key`] at request time.
        key: String,
        /// The routes, or why not.
        result: Result<Vec<PlannedRoute>, String>,
        /// Time against risk, when it could be explored.
        candidates: Vec<Candidate>,
    },
    /// Time-against-risk candidates for movement `id` with inputs `key`.
    Candidates {
        /// Movement id.
        id: String,
        /// [`super::edit::route_key`] at request time.
        key: String,
        /// The candidates (empty when the movement cannot be routed).
        candidates: Vec<Candidate>,
    },
    /// What the map says around venue `id`.
    VenueContext {
        /// Venue id.
        id: String,
        /// The context, or why it could not be read.
        result: Result<VenueContext, String>,
    },
    /// A file was written (or not).
    Written(Result<String, String>),
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

/// Risk weights tried for the time-against-risk comparison.
pub const EXPLORE_WEIGHTS: [f64; 4] = [1.0, 2.0, 4.0, 8.0];

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

    /// Loads `map` (and `plan`) on a worker.
    pub fn load(&mut self, map: Option<PathBuf>, plan: Option<PathBuf>) {
        self.cancel.store(false, Ordering::Relaxed);
        let cancel = Arc::clone(&self.cancel);
        self.spawn(move || Outcome::Loaded(Box::new(load_files(map, plan, &cancel))));
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
    pub fn routes(&mut self, map: &Arc<Map>, plan: &Plan, index: usize, key: String) {
        let map = Arc::clone(map);
        let plan = plan.clone();
        self.spawn(move || {
            let id = movement_id(&plan, index);
            let (result, candidates) = routes_and_candidates(&plan, &map, index);
            Outcome::Routes {
                id,
                key,
                result,
                candidates,
            }
        });
    }

    /// Explores time against risk for movement `index` on a worker.
    pub fn explore(&mut self, map: &Arc<Map>, plan: &Plan, index: usize, key: String) {
        let map = Arc::clone(map);
        let plan = plan.clone();
        self.spawn(move || {
            let id = movement_id(&plan, index);
            let candidates = explore_alone(&plan, &map, index).unwrap_or_default();
            Outcome::Candidates {
                id,
                key,
                candidates,
            }
        });
    }

    /// Reads the map around venue `index` (havens, access roads, crowds) on a worker.
    pub fn venue_context(&mut self, map: &Arc<Map>, plan: &Plan, index: usize) {
        let map = Arc::clone(map);
        let plan = plan.clone();
        self.spawn(move || {
            let v = plan.venues.get(index);
            let id = v.map(|v| v.id.clone()).unwrap_or_default();
            let result = match v {
                Some(v) => read_venue_context(&plan, &map, v.location.point()),
                None => Err(format!("no venue #{index}")),
            };
            Outcome::VenueContext { id, result }
        });
    }

    /// Runs `f` (a file export) on a worker.
    pub fn write(&mut self, f: impl FnOnce() -> Result<String, String> + Send + 'static) {
        self.spawn(move || Outcome::Written(f()));
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

/// Reads the plan (if any), then its map (or `map`, or the default map), and checks the
/// map against the hash the plan recorded. A plan that cannot be read is reported in
/// [`Loaded::plan_error`] and the map still loads.
///
/// # Errors
/// The map's error, as text; "cancelled" when `cancel` was set.
pub fn load_files(
    map: Option<PathBuf>,
    plan_path: Option<PathBuf>,
    cancel: &AtomicBool,
) -> Result<Loaded, String> {
    let mut plan_error = None;
    let plan = match &plan_path {
        Some(p) => match plan::load(p) {
            Ok(x) => Some((x, p.clone())),
            Err(e) => {
                plan_error = Some(e.to_string());
                None
            }
        },
        None => None,
    };
    let map_path = map
        .or_else(|| plan.as_ref().map(|(x, p)| plan::map_path(x, p)))
        .unwrap_or_else(|| PathBuf::from(super::DEFAULT_MAP));
    if cancel.load(Ordering::Relaxed) {
        return Err("cancelled".into());
    }
    let loaded = crate::osm::read(&map_path).map_err(|e| e.to_string())?;
    let map_sha256 = plan::file_sha256(&map_path);
    let hash_warning = match (&plan, &map_sha256) {
        (Some((x, _)), Ok(h)) if !x.map.sha256.is_empty() && *h != x.map.sha256 => Some(format!(
            "the plan was made on a different version of {} (SHA-256 differs): check routes and checkpoints before use",
            map_path.display()
        )),
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

fn risk_context_parts(
    plan: &Plan,
    profile: &str,
) -> Result<(crate::routing::Profile, RiskModel), String> {
    let profile = Profiles::builtin()
        .and_then(|p| p.get(profile).cloned())
        .map_err(|e| e.to_string())?;
    let model = match &plan.risk_model {
        Some(x) => x.clone(),
        None => RiskModel::builtin().map_err(|e| e.to_string())?,
    };
    Ok((profile, model))
}

fn read_venue_context(plan: &Plan, map: &Map, at: geo::Point<f64>) -> Result<VenueContext, String> {
    let (profile, model) = risk_context_parts(plan, "car")?;
    let router = Router::new(map, profile);
    let ctx = RiskContext::new(&router, model, plan.hospitals.clone());
    ctx.venue_context(at).map_err(|e| e.to_string())
}

fn movement_id(plan: &Plan, index: usize) -> String {
    plan.movements
        .get(index)
        .map(|m| m.id.clone())
        .unwrap_or_default()
}

/// A movement's routes and its time-against-risk candidates, from one risk context
/// (its edge risks and haven fields cover the whole map: built once, used by both).
fn routes_and_candidates(
    plan: &Plan,
    map: &Map,
    index: usize,
) -> (Result<Vec<PlannedRoute>, String>, Vec<Candidate>) {
    let Some(m) = plan.movements.get(index) else {
        return (Err(format!("no movement #{index}")), Vec::new());
    };
    let (profile, model) = match risk_context_parts(plan, &m.profile) {
        Ok(x) => x,
        Err(e) => return (Err(format!("movement '{}': {e}", m.id)), Vec::new()),
    };
    let router = Router::new(map, profile);
    let ctx = RiskContext::new(&router, model, plan.hospitals.clone());
    let result = plan::route_movement_in(&ctx, plan, index, 2).map_err(|e| e.to_string());
    let candidates = explore(&ctx, plan, index).unwrap_or_default();
    (result, candidates)
}

/// Time against risk for a movement whose routes are already known.
fn explore_alone(plan: &Plan, map: &Map, index: usize) -> Option<Vec<Candidate>> {
    let m = plan.movements.get(index)?;
    let (profile, model) = risk_context_parts(plan, &m.profile).ok()?;
    let router = Router::new(map, profile);
    let ctx = RiskContext::new(&router, model, plan.hospitals.clone());
    explore(&ctx, plan, index)
}

fn explore(ctx: &RiskContext, plan: &Plan, index: usize) -> Option<Vec<Candidate>> {
    let m = plan.movements.get(index)?;
    let mut points = vec![plan.venue(&m.from)?.location.point()];
    points.extend(m.via.iter().map(|v| v.location.point()));
    points.push(plan.venue(&m.to)?.location.point());
    let opts = RouteOptions {
        avoid: &m.avoid,
        ..RouteOptions::default()
    };
    ctx.explore(&points, &opts, &EXPLORE_WEIGHTS, 2).ok()
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
        let l = load_files(None, Some(good), &no).unwrap();
        assert!(l.hash_warning.is_none(), "{:?}", l.hash_warning);
        assert!(l.plan.is_some());
        p.map.sha256 = "0".repeat(64);
        let changed = dir.path().join("changed.ron");
        plan::save(&p, &changed).unwrap();
        let l = load_files(None, Some(changed), &no).unwrap();
        assert!(
            l.hash_warning
                .is_some_and(|w| w.contains("different version"))
        );
        let broken = dir.path().join("broken.ron");
        std::fs::write(&broken, "(version: 1,").unwrap();
        let l = load_files(Some(root().join("maps/monaco.osm.pbf")), Some(broken), &no).unwrap();
        assert!(l.plan.is_none() && l.plan_error.is_some());
        assert!(l.map.graph().node_count() > 1000);
        assert!(load_files(Some(dir.path().join("none.osm.pbf")), None, &no).is_err());
        assert_eq!(
            load_files(None, None, &AtomicBool::new(true))
                .err()
                .as_deref(),
            Some("cancelled")
        );
    }
}
