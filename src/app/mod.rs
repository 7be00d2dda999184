//! The desktop app (eframe/egui; the only place egui is used). It edits one plan on
//! one map. [`CordonApp`] keeps, apart: what is remembered between runs
//! ([`state::AppState`]), the open plan with undo ([`document::Document`]), the
//! selection and tool ([`selection::Selection`]), background work and its results
//! ([`background::Background`]), the map widget's runtime state and the window's
//! transient state. Menus, the toolbar, keys, the pages and the map turn user actions
//! into [`Command`]s, applied after layout; plan edits are the library's
//! (`plan::edit`), and the same calls the CLI uses do the work.
//!
//! Where things are: `chrome.rs` (menus, toolbar, status bar, the shortcut table),
//! `command.rs` (commands and how each is applied), `files.rs` (open, save, export,
//! autosave, recovery, dialogs), `panels/` (one file per page), `scene.rs` (what the
//! map draws for the selection), `map_view/` (the map widget), `jobs.rs` (workers).

mod background;
mod chrome;
mod command;
mod dialog;
pub mod document;
pub mod error;
mod files;
mod framing;
pub mod jobs;
pub mod map_view;
mod panels;
mod scene;
mod secret;
pub mod selection;
pub mod state;

pub use chrome::Action;
pub use command::{Answer, Ask, Command};
pub use error::{AppError, Topic};
pub use files::AUTOSAVE_EVERY;
pub use selection::{Selection, Tab, Tool};

/// The export kinds of the File menu (the library's).
pub use crate::export::ExportKind;

use crate::map::{Map, SearchHit};
use crate::plan::edit::End;
use crate::plan::{self, MapRef, Plan};
use crate::routing::Profiles;
use background::{Background, Inputs};
use document::Document;
use egui::Ui;
use geo::Point;
use jobs::{Loaded, Outcome};
use map_view::{Camera, MapView, Scene};
use state::AppState;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The map opened when none is named.
pub const DEFAULT_MAP: &str = "maps/monaco.osm.pbf";
/// The plan opened when none is named and none was open last time.
pub const SAMPLE_PLAN: &str = "plans/monaco-state-visit.ron";

/// The loaded map and its file.
struct OpenMap {
    map: Arc<Map>,
    path: PathBuf,
    sha256: String,
}

/// The window's transient state: messages, the search box, dialogs, timers.
struct Window {
    status: String,
    error: Option<AppError>,
    warning: Option<String>,
    query: String,
    hits: Vec<SearchHit>,
    /// The map's screen area and the pointer's position on it, last frame.
    map_rect: Option<egui::Rect>,
    hover: Option<Point<f64>>,
    confirm: Option<files::Pending>,
    about: bool,
    path_prompt: Option<String>,
    /// An earlier session's recovery file, offered until answered.
    recovery: Option<PathBuf>,
    /// The passphrase prompt, when showing.
    secret: Option<secret::SecretPrompt>,
    /// An export of an encrypted plan waiting on the "it is plain text" warning.
    plain_export: Option<(crate::export::ExportKind, PathBuf)>,
    /// Who the next PDF brief is for.
    brief_role: crate::export::brief::Role,
    /// A map is loading by File > Open map (the plan stays).
    opening_map: bool,
    /// File dialogs: native or Cordon's own, and the in-app one showing.
    dialogs: dialog::Dialogs,
    /// The map that was open before, restored if the new one fails to load.
    previous_map: Option<OpenMap>,
    /// The map just opened, while the planner chooses to keep the plan or not.
    map_choice: Option<String>,
    venue_form: panels::VenueForm,
    /// Frame the plan once the map view knows its size.
    fit_plan: bool,
    /// The user chose to quit without saving.
    quit: bool,
    last_autosave: Instant,
    ctx: Option<egui::Context>,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            status: String::new(),
            error: None,
            warning: None,
            query: String::new(),
            hits: Vec::new(),
            map_rect: None,
            hover: None,
            confirm: None,
            about: false,
            path_prompt: None,
            recovery: None,
            secret: None,
            plain_export: None,
            brief_role: crate::export::brief::Role::Full,
            opening_map: false,
            dialogs: dialog::Dialogs::from_env(),
            previous_map: None,
            map_choice: None,
            venue_form: panels::VenueForm::default(),
            fit_plan: false,
            quit: false,
            last_autosave: Instant::now(),
            ctx: None,
        }
    }
}

/// The app.
pub struct CordonApp {
    /// Remembered between runs.
    state: AppState,
    /// Where the state and the recovery file live (`None`: nothing is remembered).
    config: Option<PathBuf>,
    map: Option<OpenMap>,
    doc: Document,
    sel: Selection,
    bg: Background,
    view: MapView,
    ui: Window,
    profiles: Arc<Profiles>,
}

/// A new plan on the map at `map_path` whose file hashes to `sha256`.
fn empty_plan(map_path: Option<&Path>, sha256: &str) -> Plan {
    let path = map_path
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Plan::new(
        "Untitled plan",
        MapRef {
            path,
            sha256: sha256.to_string(),
        },
    )
}

impl CordonApp {
    fn blank() -> CordonApp {
        let mut ui = Window::default();
        let profiles = Profiles::builtin().unwrap_or_else(|e| {
            ui.error = Some(e.into());
            Profiles(Default::default())
        });
        CordonApp {
            state: AppState::default(),
            config: None,
            map: None,
            doc: Document::new(empty_plan(None, ""), None),
            sel: Selection::default(),
            bg: Background::default(),
            view: MapView::default(),
            ui,
            profiles: Arc::new(profiles),
        }
    }

    /// Starts the app: loads `map` and `plan` on a worker thread. With neither, the
    /// last plan (from the remembered state) or the sample plan opens, on its map.
    pub fn new(map: Option<PathBuf>, plan: Option<PathBuf>) -> CordonApp {
        let mut app = CordonApp::blank();
        if let Some(dir) = state::config_dir() {
            app.state = AppState::load(&dir);
            app.ui.recovery = state::existing_recovery(&dir);
            app.config = Some(dir);
        }
        let remembered = app.state.last_plan.clone().filter(|p| p.exists());
        let plan = match (&map, plan) {
            (_, Some(p)) => Some(p),
            (Some(_), None) => None,
            (None, None) => {
                remembered.or_else(|| Some(PathBuf::from(SAMPLE_PLAN)).filter(|p| p.exists()))
            }
        };
        if map.is_some() {
            app.state.camera = None;
        }
        app.ui.status = format!(
            "loading {}…",
            map.as_ref()
                .or(plan.as_ref())
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| DEFAULT_MAP.into())
        );
        app.bg.loading_since = Some(Instant::now());
        // An encrypted plan is opened once its passphrase is typed; its map (or the
        // default one) loads meanwhile.
        let plan = match plan {
            Some(p) if crate::plan::is_encrypted(&p) => {
                app.ask_passphrase(secret::Purpose::Open(p));
                None
            }
            p => p,
        };
        app.bg.jobs.load(map, plan, None);
        app
    }

    /// The app over an already loaded map with an empty plan (tests, and reuse).
    pub fn with_map(map: Map, map_path: &Path) -> CordonApp {
        let mut app = CordonApp::blank();
        let sha256 = plan::file_sha256(map_path).unwrap_or_default();
        app.doc = Document::new(empty_plan(Some(map_path), &sha256), None);
        app.map = Some(OpenMap {
            map: Arc::new(map),
            path: map_path.to_path_buf(),
            sha256,
        });
        app.ui.status = "map loaded".into();
        app
    }

    /// The app over an already loaded map and plan (tests, snapshots, benchmarks).
    pub fn with_plan(map: Map, map_path: &Path, plan: Plan, plan_path: &Path) -> CordonApp {
        let mut app = CordonApp::with_map(map, map_path);
        app.doc = Document::new(plan, Some(plan_path.to_path_buf()));
        app.ui.fit_plan = true;
        app
    }

    /// Where the map view looks.
    pub fn camera(&self) -> Option<Camera> {
        self.state.camera
    }

    /// Points the map view at a camera.
    pub fn set_camera(&mut self, camera: Camera) {
        self.state.camera = Some(camera);
    }

    /// Switches the side panel's page.
    pub fn set_tab(&mut self, tab: Tab) {
        self.sel.tab = tab;
    }

    /// Uses Cordon's own file dialog instead of the desktop's (tests, and machines
    /// without a desktop portal).
    pub fn with_builtin_dialogs(mut self) -> CordonApp {
        self.ui.dialogs = dialog::Dialogs::builtin();
        self
    }

    /// Offers an earlier session's recovery file, as start-up does (tests).
    pub fn with_recovery(mut self, path: PathBuf) -> CordonApp {
        self.ui.recovery = Some(path);
        self
    }

    /// The map file loaded, if any.
    pub fn map_path(&self) -> Option<&Path> {
        self.map.as_ref().map(|m| m.path.as_path())
    }

    /// The warning shown, if any.
    pub fn warning(&self) -> Option<&str> {
        self.ui.warning.as_deref()
    }

    /// The map's screen area in the last frame.
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.ui.map_rect
    }

    /// Where a lon/lat point is on screen in the last frame (for tests and tooltips).
    pub fn screen_pos(&self, p: Point<f64>) -> Option<egui::Pos2> {
        Some(self.state.camera?.to_screen(self.ui.map_rect?, p.0))
    }

    /// The plan being edited.
    pub fn plan(&self) -> &Plan {
        &self.doc.plan
    }

    /// Whether the plan has unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// The status bar's message.
    pub fn status(&self) -> &str {
        &self.ui.status
    }

    /// The error shown, if any.
    pub fn error(&self) -> Option<String> {
        self.ui.error.as_ref().map(ToString::to_string)
    }

    /// Clears the error banner when its cause is gone: an action on the same thing
    /// succeeded.
    fn resolved(&mut self, topic: &Topic) {
        if self.ui.error.as_ref().is_some_and(|e| e.topic() == *topic) {
            self.ui.error = None;
        }
    }

    /// Shows an error (replacing the one shown).
    fn fail(&mut self, e: AppError) {
        self.ui.error = Some(e);
    }

    /// What the map view draws over the base map now (see `scene.rs`).
    pub fn scene(&self) -> Scene {
        let chosen = (self.sel.tab == Tab::Routes)
            .then(|| self.bg.candidates(&self.doc.plan, self.sel.movement))
            .flatten()
            .and_then(|c| crate::risk::Candidate::pick(c, self.sel.risk_weight));
        scene::scene(&self.doc.plan, &self.sel, chosen)
    }

    /// Blocks until the background work (loading, routing, exports, the base map
    /// render) is done and applies it. For tests and the screenshot.
    pub fn finish_work(&mut self, ctx: &egui::Context) {
        for o in self.bg.jobs.wait() {
            self.receive(o);
        }
        self.view.base.wait(ctx);
    }

    /// Whether background work is running.
    pub fn busy(&self) -> bool {
        self.bg.jobs.busy() || self.view.base.pending()
    }

    /// Applies commands (tests drive the app with these as the panels do), then asks
    /// for the routes and candidates the plan now lacks.
    pub fn apply_all(&mut self, commands: Vec<Command>) {
        for c in commands {
            self.apply(c);
        }
        self.request_work();
    }

    /// The whole window.
    pub fn ui_main(&mut self, ui: &mut Ui) {
        self.ui.ctx = Some(ui.ctx().clone());
        self.bg.jobs.set_context(ui.ctx());
        for o in self.bg.jobs.poll() {
            self.receive(o);
        }
        self.guard_close(ui);
        let mut commands = self.shortcuts(ui);
        egui::Panel::top("menu").show(ui, |ui| commands.extend(self.menu_ui(ui)));
        egui::Panel::top("tools").show(ui, |ui| commands.extend(self.toolbar_ui(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        // One width for every page, resizable by its edge, never more than 60 % of
        // the window; pages wider than it scroll sideways instead of pushing the map.
        let width = ui.available_width();
        egui::Panel::left("planning")
            .resizable(true)
            .default_size((width * 0.45).clamp(300.0, 540.0))
            .size_range(260.0..=(width * 0.6).max(300.0))
            .show(ui, |ui| commands.extend(self.side_ui(ui)));
        egui::CentralPanel::default().show(ui, |ui| commands.extend(self.central_ui(ui)));
        commands.extend(self.path_prompt_ui(ui));
        commands.extend(self.about_ui(ui));
        commands.extend(self.map_choice_ui(ui));
        commands.extend(self.file_dialog_ui(ui));
        commands.extend(self.unsaved_ui(ui));
        commands.extend(self.secret_ui(ui));
        self.apply_all(commands);
        self.autosave();
        if let Some(due) = self.autosave_due_in() {
            ui.ctx().request_repaint_after(due);
        }
    }

    /// Starts the background work the plan needs: routes for movements without
    /// current ones, and time against risk for the movement the Routes page shows.
    fn request_work(&mut self) {
        let (routes_page, i) = (self.sel.tab == Tab::Routes, self.sel.movement);
        let asked = self.with_work(|bg, w| {
            if routes_page {
                bg.request_candidates(w, i);
            }
            bg.request_routes(w)
        });
        if let Some(Some(id)) = asked {
            // New inputs are being routed: an error about the old ones is moot.
            self.resolved(&Topic::Routes(id.clone()));
            self.ui.status = format!("computing routes for {id}…");
        }
    }

    fn read_venue_context(&mut self) {
        let venue = self.sel.venue;
        self.with_work(|bg, w| bg.request_venue_context(w, venue));
    }

    /// Runs `f` with the background work and what a new job needs, when a map is
    /// loaded.
    fn with_work<R>(&mut self, f: impl FnOnce(&mut Background, &Inputs) -> R) -> Option<R> {
        let m = self.map.as_ref()?;
        let w = Inputs {
            map: &m.map,
            profiles: &self.profiles,
            plan: &self.doc.plan,
        };
        Some(f(&mut self.bg, &w))
    }

    fn receive(&mut self, o: Outcome) {
        match o {
            Outcome::Loaded(r) => self.loaded(*r),
            Outcome::Routes {
                id,
                inputs,
                result,
                candidates,
            } => {
                match self
                    .bg
                    .routes_arrived(&mut self.doc, id.clone(), inputs, *result, candidates)
                {
                    Ok(true) => {
                        self.resolved(&Topic::Routes(id));
                        self.ui.status = "routes computed".into();
                    }
                    Ok(false) => {}
                    Err(e) => {
                        // The status must not say "computing" under the error.
                        self.ui.status = format!("no routes for {id}");
                        self.fail(e);
                    }
                }
            }
            Outcome::Candidates {
                id,
                inputs,
                candidates,
            } => self.bg.candidates_arrived(id, inputs, candidates),
            Outcome::VenueContext { id, result } => self.bg.venue_context_arrived(id, result),
            Outcome::Autosaved(r) => self.autosaved(r),
            Outcome::Exported(path, r) => match r {
                Ok(w) => {
                    self.resolved(&Topic::Export);
                    self.ui.status = format!("wrote {} ({} KB)", path.display(), w.bytes / 1024)
                }
                Err(e) => self.fail(e),
            },
        }
    }

    fn loaded(&mut self, r: Result<Loaded, AppError>) {
        self.bg.loading_since = None;
        if self.bg.jobs.cancelled() {
            self.ui.status = "loading cancelled".into();
            self.ui.opening_map = false;
            self.map = self.ui.previous_map.take();
            return;
        }
        let l = match r {
            Ok(l) => l,
            Err(e) => {
                self.ui.error = Some(e);
                self.ui.opening_map = false;
                self.map = self.ui.previous_map.take();
                if self.map.is_none() {
                    self.ui.status = "no map".into();
                }
                return;
            }
        };
        self.resolved(&Topic::Map);
        self.ui.status = format!("map loaded: {}", shown_path(&l.map_path));
        self.ui.warning = l.hash_warning;
        if let Some(e) = l.plan_error {
            self.ui.error = Some(e);
        }
        let off_map = |c: &Camera| {
            let centre = crate::coord::lonlat_from_mercator(c.center);
            !l.map.extent().contains(Point::from(centre))
        };
        if self.state.camera.as_ref().is_some_and(off_map) {
            self.state.camera = None;
        }
        self.map = Some(OpenMap {
            map: Arc::new(l.map),
            path: l.map_path,
            sha256: l.map_sha256,
        });
        if self.ui.opening_map {
            return self.map_opened();
        }
        match l.plan {
            Some((p, path, protection)) => {
                self.doc = Document::new(p, Some(path.clone())).with_protection(protection);
                self.remember(&path);
                self.ui.fit_plan = true;
            }
            None => {
                let m = self
                    .map
                    .as_ref()
                    .map(|m| (m.path.clone(), m.sha256.clone()));
                let (path, sha) = m.unwrap_or_default();
                self.doc = Document::new(empty_plan(Some(&path), &sha), None);
            }
        }
        self.sel.movement = 0;
    }

    /// The map area: the loading screen, or the map view and what a click means with
    /// the active tool.
    fn central_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let Some(map) = self.map.as_ref().map(|m| Arc::clone(&m.map)) else {
            return self.loading_ui(ui);
        };
        if std::mem::take(&mut self.ui.fit_plan) && self.state.camera.is_none() {
            self.state.camera = self
                .plan_bbox()
                .map(|b| Camera::fit(b, ui.available_size()));
        }
        let scene = self.scene();
        let drag_handles = self.sel.tool == Tool::Select;
        let r = map_view::map_view_ui(
            ui,
            &map,
            &mut self.state.camera,
            &mut self.view,
            &scene,
            drag_handles,
        );
        self.ui.map_rect = Some(r.rect);
        self.ui.hover = r.hover;
        let mut out = Vec::new();
        if let Some((h, p)) = r.moved {
            out.push(Command::Move(h, p));
        }
        if let Some(p) = r.clicked {
            out.extend(self.click_command(&map, p));
        }
        out
    }

    /// What a click on the map at `p` does with the active tool.
    fn click_command(&self, map: &Map, p: Point<f64>) -> Option<Command> {
        let grid = self.doc.plan.grid;
        let name = || near_name(map, p, grid);
        Some(match self.sel.tool {
            Tool::Select => return None,
            Tool::Origin => Command::SetEnd(End::Origin, near_pick(map, p, grid)),
            Tool::Destination => Command::SetEnd(End::Destination, near_pick(map, p, grid)),
            Tool::Via => Command::AddVia(name(), p),
            Tool::Checkpoint => Command::AddCheckpoint(p),
            Tool::AvoidZone => Command::ZonePoint(p),
        })
    }

    /// The progress bar while the map loads, or why there is no map.
    fn loading_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            let Some(since) = self.bg.loading_since else {
                ui.label(
                    "No map is loaded. Open a plan (File > Open…) or start Cordon with --map.",
                );
                return;
            };
            ui.label(&self.ui.status);
            ui.add(
                egui::ProgressBar::new(0.0)
                    .animate(true)
                    .text(format!("{:.1} s", since.elapsed().as_secs_f32()))
                    .desired_width(300.0),
            );
            if ui.button("Cancel").clicked() {
                out.push(Command::CancelLoad);
            }
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        });
        out
    }
}

/// The box around `points`, if there are any.
fn bbox_of(points: impl Iterator<Item = Point<f64>>) -> Option<crate::coord::BBox> {
    let mut b = crate::coord::BBox::EMPTY;
    points.for_each(|p| b.extend(p.0));
    (!b.is_empty()).then_some(b)
}

/// A path as the user would type it: relative to the working folder when inside it.
fn shown_path(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|d| p.strip_prefix(d).ok())
        .unwrap_or(p)
        .display()
        .to_string()
}

/// What a click at `p` picks: a named place within 30 m (keeping its kind: a hospital
/// stays a hospital), else the nearest street's name as a "place".
fn near_pick(map: &Map, p: Point<f64>, grid: crate::grid::Grid) -> plan::edit::Pick {
    let place = map
        .nearest_places(p, crate::map::PlaceKind::ALL, 5)
        .into_iter()
        .find(|n| n.distance_m <= 30.0 && n.place.name.is_some());
    match place {
        Some(n) => plan::edit::Pick {
            name: n.place.display_name(),
            kind: n.place.kind.key().to_string(),
            at: p,
        },
        None => plan::edit::Pick {
            name: near_name(map, p, grid),
            kind: "place".into(),
            at: p,
        },
    }
}

/// A name for a clicked point: the nearest named street, else its coordinates.
fn near_name(map: &Map, p: Point<f64>, grid: crate::grid::Grid) -> String {
    let g = map.graph();
    map.snap(p, 60.0, |_| true)
        .and_then(|s| g.segment_way(s.segment).name.as_deref().map(str::to_string))
        .unwrap_or_else(|| grid.format(p))
}

impl eframe::App for CordonApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
        if self.busy() {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_state();
    }
}

/// Opens the app window (see [`CordonApp::new`]).
///
/// # Errors
/// When no window can be opened (no display, no GL).
pub fn run(map: Option<PathBuf>, plan: Option<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1440.0, 900.0])
            .with_title("Cordon"),
        ..Default::default()
    };
    eframe::run_native(
        "Cordon",
        options,
        Box::new(move |cc| {
            let app = CordonApp::new(map, plan);
            cc.egui_ctx.set_theme(chrome::theme(app.state.dark));
            Ok(Box::new(app))
        }),
    )
}
