//! The desktop app (eframe/egui; the only place egui is used). It edits one plan on
//! one map: the map and plan load on a worker thread; the map view, the panels and the
//! menus turn user actions into [`Command`]s applied after layout, through the
//! [`document::Document`] that keeps undo and redo; routes are computed on workers and
//! folded into the plan when they arrive. The same calls the CLI uses do the work.

pub mod document;
pub mod edit;
pub mod jobs;
pub mod map_view;
mod panels;
pub mod settings;

use crate::map::{Map, SearchHit};
use crate::plan::{self, CheckpointKind, MapRef, Plan, RouteRole};
use crate::risk::Candidate;
use crate::risk::venue::VenueContext;
use document::Document;
use edit::{End, Handle};
use egui::{Color32, Ui};
use geo::Point;
use jobs::{Jobs, Outcome};
use map_view::{MapView, Mark, OverlayLine, Scene};
use settings::Settings;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The map opened when none is named.
pub const DEFAULT_MAP: &str = "maps/monaco.osm.pbf";
/// The plan opened when none is named and none was open last time.
pub const SAMPLE_PLAN: &str = "plans/monaco-state-visit.ron";
/// How often unsaved changes are written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// What a click on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Select and drag markers; drag elsewhere pans.
    Select,
    /// Set the movement's origin.
    Origin,
    /// Set its destination.
    Destination,
    /// Add a via point.
    Via,
    /// Place a checkpoint of the chosen kind.
    Checkpoint,
    /// Add corners of an avoid zone.
    AvoidZone,
}

/// The side panel's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Plan tree and the movement's settings.
    Plan,
    /// Checkpoints and timing.
    Schedule,
    /// Route comparison, time against risk, turn by turn.
    Routes,
    /// Venue assessment.
    Venue,
    /// Team and comms.
    Team,
}

/// Export formats of the File menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The PDF brief.
    Brief,
    /// GPX 1.1.
    Gpx,
    /// KML.
    Kml,
    /// GeoJSON.
    GeoJson,
    /// CSV timing table.
    Csv,
}

impl ExportKind {
    /// Every kind, in menu order.
    pub const ALL: [ExportKind; 5] = [Self::Brief, Self::Gpx, Self::Kml, Self::GeoJson, Self::Csv];

    /// Menu text and file extension.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::Brief => ("PDF brief…", "pdf"),
            Self::Gpx => ("GPX…", "gpx"),
            Self::Kml => ("KML…", "kml"),
            Self::GeoJson => ("GeoJSON…", "geojson"),
            Self::Csv => ("CSV timing table…", "csv"),
        }
    }
}

/// What a panel, menu or the map asks for; applied after the frame's layout.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    /// Run the name search.
    Search(String),
    /// Set an end of the selected movement (a new one when there is none).
    SetEnd(End, String, Point<f64>),
    /// Add a via point to the selected movement.
    AddVia(String, Point<f64>),
    /// Place a checkpoint of the chosen kind.
    AddCheckpoint(Point<f64>),
    /// A dragged marker was dropped.
    Move(Handle, Point<f64>),
    /// A corner of the zone being drawn.
    ZonePoint(Point<f64>),
    /// Close the zone being drawn.
    FinishZone,
    /// Drop the zone being drawn.
    CancelZone,
    /// Delete a checkpoint of the selected movement.
    DeleteCheckpoint(usize),
    /// Delete a via point.
    DeleteVia(usize),
    /// Delete an avoid zone.
    DeleteZone(usize),
    /// Add an empty movement.
    NewMovement,
    /// Delete a movement.
    DeleteMovement(usize),
    /// Select a movement.
    SelectMovement(usize),
    /// Select a venue (venue page).
    SelectVenue(usize),
    /// Highlight a turn of the shown route.
    SelectStep(Option<usize>),
    /// Recompute the selected movement's routes.
    ComputeRoutes,
    /// A panel edited the plan in place; merge runs of the same label.
    Edited(String, bool),
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// A new empty plan on the same map.
    NewPlan,
    /// Open a plan file.
    Open(PathBuf),
    /// Save to the plan's file (or ask where).
    Save,
    /// Save to a file.
    SaveAs(PathBuf),
    /// Write an export.
    Export(ExportKind, PathBuf),
    /// Frame the plan.
    ZoomToPlan,
    /// Frame the whole map.
    ZoomToMap,
    /// Read the map around the selected venue.
    VenueContext,
    /// Open the autosaved changes of an earlier session.
    Recover,
    /// Delete them.
    DiscardRecovery,
}

/// An action waiting on the unsaved-changes prompt.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Quit,
    New,
    Open(PathBuf),
}

/// The app's state.
pub struct CordonApp {
    map: Option<Arc<Map>>,
    map_path: Option<PathBuf>,
    map_sha256: String,
    doc: Document,
    jobs: Jobs,
    loading_since: Option<Instant>,
    status: String,
    error: Option<String>,
    warning: Option<String>,
    view: MapView,
    map_rect: Option<egui::Rect>,
    hover: Option<Point<f64>>,
    query: String,
    hits: Vec<SearchHit>,
    tool: Tool,
    checkpoint_kind: CheckpointKind,
    draft_zone: Vec<Point<f64>>,
    movement: usize,
    venue: usize,
    shown_role: RouteRole,
    step: Option<usize>,
    tab: Tab,
    risk_colours: bool,
    risk_weight: f64,
    candidates: BTreeMap<String, (String, Vec<Candidate>)>,
    exploring: std::collections::BTreeSet<String>,
    computing: BTreeMap<String, String>,
    failed: BTreeMap<String, String>,
    venue_context: Option<(String, Result<VenueContext, String>)>,
    venue_context_pending: Option<String>,
    venue_form: panels::VenueForm,
    settings: Option<(PathBuf, Settings)>,
    last_autosave: Instant,
    confirm: Option<Pending>,
    about: bool,
    path_prompt: Option<String>,
    recovery: Option<PathBuf>,
    fit_plan: bool,
    dark: bool,
    quit: bool,
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
        CordonApp {
            map: None,
            map_path: None,
            map_sha256: String::new(),
            doc: Document::new(empty_plan(None, ""), None),
            jobs: Jobs::default(),
            loading_since: None,
            status: String::new(),
            error: None,
            warning: None,
            view: MapView::default(),
            map_rect: None,
            hover: None,
            query: String::new(),
            hits: Vec::new(),
            tool: Tool::Select,
            checkpoint_kind: CheckpointKind::ChokePoint,
            draft_zone: Vec::new(),
            movement: 0,
            venue: 0,
            shown_role: RouteRole::Primary,
            step: None,
            tab: Tab::Plan,
            risk_colours: false,
            risk_weight: 2.0,
            candidates: BTreeMap::new(),
            exploring: std::collections::BTreeSet::new(),
            computing: BTreeMap::new(),
            failed: BTreeMap::new(),
            venue_context: None,
            venue_context_pending: None,
            venue_form: panels::VenueForm::default(),
            settings: None,
            last_autosave: Instant::now(),
            confirm: None,
            about: false,
            path_prompt: None,
            recovery: None,
            fit_plan: false,
            dark: false,
            quit: false,
        }
    }

    /// Starts the app: loads `map` and `plan` on a worker thread. With neither, the
    /// last plan (from the settings) or the sample plan opens, on its map.
    pub fn new(map: Option<PathBuf>, plan: Option<PathBuf>) -> CordonApp {
        let mut app = CordonApp::blank();
        if let Some(dir) = settings::config_dir() {
            let s = Settings::load(&dir);
            app.dark = s.dark;
            app.view.camera = s.camera;
            app.recovery = Some(settings::recovery_path(&dir)).filter(|p| p.exists());
            app.settings = Some((dir, s));
        }
        let remembered = app
            .settings
            .as_ref()
            .and_then(|(_, s)| s.last_plan.clone())
            .filter(|p| p.exists());
        let plan = match (&map, plan) {
            (_, Some(p)) => Some(p),
            (Some(_), None) => None,
            (None, None) => {
                remembered.or_else(|| Some(PathBuf::from(SAMPLE_PLAN)).filter(|p| p.exists()))
            }
        };
        if map.is_some() {
            app.view.camera = None;
        }
        app.status = format!(
            "loading {}…",
            map.as_ref()
                .or(plan.as_ref())
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| DEFAULT_MAP.into())
        );
        app.loading_since = Some(Instant::now());
        app.jobs.load(map, plan);
        app
    }

    /// The app over an already loaded map with an empty plan (tests, and reuse).
    pub fn with_map(map: Map, map_path: &Path) -> CordonApp {
        let mut app = CordonApp::blank();
        app.map_sha256 = plan::file_sha256(map_path).unwrap_or_default();
        app.doc = Document::new(empty_plan(Some(map_path), &app.map_sha256), None);
        app.map = Some(Arc::new(map));
        app.map_path = Some(map_path.to_path_buf());
        app.status = "map loaded".into();
        app
    }

    /// The app over an already loaded map and plan (tests, snapshots, benchmarks).
    pub fn with_plan(map: Map, map_path: &Path, plan: Plan, plan_path: &Path) -> CordonApp {
        let mut app = CordonApp::with_map(map, map_path);
        app.doc = Document::new(plan, Some(plan_path.to_path_buf()));
        app.fit_plan = true;
        app
    }

    /// Where the map view looks.
    pub fn camera(&self) -> Option<map_view::Camera> {
        self.view.camera
    }

    /// Points the map view at a camera.
    pub fn set_camera(&mut self, camera: map_view::Camera) {
        self.view.camera = Some(camera);
    }

    /// Switches the side panel's page.
    pub fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    /// Where a lon/lat point is on screen in the last frame (for tests and tooltips).
    pub fn screen_pos(&self, p: Point<f64>) -> Option<egui::Pos2> {
        Some(self.view.camera?.to_screen(self.map_rect?, p.0))
    }

    /// The plan being edited.
    pub fn plan(&self) -> &Plan {
        &self.doc.plan
    }

    /// Whether the plan has unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// The error shown, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Blocks until the background work (loading, routing, exports, the base map
    /// render) is done and applies it. For tests and the screenshot.
    pub fn finish_work(&mut self, ctx: &egui::Context) {
        let outcomes = self.jobs.wait();
        for o in outcomes {
            self.receive(o);
        }
        self.view.base.wait(ctx);
    }

    /// Whether background work is running.
    pub fn busy(&self) -> bool {
        self.jobs.busy() || self.view.base.pending()
    }

    /// Applies commands (tests drive the app with these as the panels do).
    pub fn apply_all(&mut self, commands: Vec<Command>) {
        for c in commands {
            self.apply(c);
        }
        self.request_missing_routes();
        self.request_candidates();
    }

    /// The whole window.
    pub fn ui_main(&mut self, ui: &mut Ui) {
        self.jobs.set_context(ui.ctx());
        for o in self.jobs.poll() {
            self.receive(o);
        }
        let mut commands = self.shortcuts(ui);
        egui::Panel::top("menu").show(ui, |ui| commands.extend(self.menu_ui(ui)));
        egui::Panel::top("tools").show(ui, |ui| commands.extend(self.toolbar_ui(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("planning")
            .default_size(540.0)
            .show(ui, |ui| commands.extend(self.side_ui(ui)));
        egui::CentralPanel::default().show(ui, |ui| commands.extend(self.central_ui(ui)));
        commands.extend(self.dialogs(ui));
        self.apply_all(commands);
        self.autosave();
    }

    fn receive(&mut self, o: Outcome) {
        match o {
            Outcome::Loaded(r) => self.loaded(*r),
            Outcome::Routes {
                id,
                key,
                result,
                candidates,
            } => {
                self.computing.remove(&id);
                let Some(i) = self.doc.plan.movements.iter().position(|m| m.id == id) else {
                    return;
                };
                if edit::route_key(&self.doc.plan, i).as_deref() != Some(key.as_str()) {
                    return;
                }
                match result {
                    Ok(routes) => {
                        self.doc.amend(|p| p.movements[i].routes = routes);
                        self.candidates.insert(id, (key, candidates));
                        self.status = "routes computed".into();
                    }
                    Err(e) => {
                        self.failed.insert(id, key);
                        self.error = Some(e);
                    }
                }
            }
            Outcome::VenueContext { id, result } => {
                self.venue_context_pending = None;
                self.venue_context = Some((id, result));
            }
            Outcome::Candidates {
                id,
                key,
                candidates,
            } => {
                self.exploring.remove(&id);
                self.candidates.insert(id, (key, candidates));
            }
            Outcome::Written(r) => match r {
                Ok(s) => self.status = s,
                Err(e) => self.error = Some(e),
            },
        }
    }

    fn loaded(&mut self, r: Result<jobs::Loaded, String>) {
        self.loading_since = None;
        if self.jobs.cancelled() {
            self.status = "loading cancelled".into();
            return;
        }
        match r {
            Ok(l) => {
                self.status = format!("map loaded: {}", shown_path(&l.map_path));
                self.warning = l.hash_warning;
                if let Some(e) = l.plan_error {
                    self.error = Some(format!("the plan could not be opened: {e}"));
                }
                match l.plan {
                    Some((p, path)) => {
                        self.remember(&path);
                        self.doc = Document::new(p, Some(path));
                        self.fit_plan = true;
                    }
                    None => {
                        self.doc = Document::new(empty_plan(Some(&l.map_path), &l.map_sha256), None)
                    }
                }
                if self.view.camera.is_some_and(|c| {
                    !l.map
                        .extent()
                        .contains(Point::from(crate::coord::lonlat_from_mercator(c.center)))
                }) {
                    self.view.camera = None;
                }
                self.map = Some(Arc::new(l.map));
                self.map_path = Some(l.map_path);
                self.map_sha256 = l.map_sha256;
                self.movement = 0;
            }
            Err(e) => {
                self.error = Some(format!("the map could not be loaded: {e}"));
                self.status = "no map".into();
            }
        }
    }

    fn remember(&mut self, path: &Path) {
        if let Some((dir, s)) = &mut self.settings {
            s.remember(path);
            s.last_map = self.map_path.clone();
            let _ = s.save(dir);
        }
    }

    fn shortcuts(&mut self, ui: &Ui) -> Vec<Command> {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let mut out = Vec::new();
        let ctrl = |k| KeyboardShortcut::new(Modifiers::COMMAND, k);
        let ctrl_shift = |k| KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, k);
        ui.input_mut(|i| {
            if i.consume_shortcut(&ctrl_shift(Key::Z)) || i.consume_shortcut(&ctrl(Key::Y)) {
                out.push(Command::Redo);
            }
            if i.consume_shortcut(&ctrl(Key::Z)) {
                out.push(Command::Undo);
            }
            if i.consume_shortcut(&ctrl_shift(Key::S)) {
                out.extend(save_as_dialog().map(Command::SaveAs));
            }
            if i.consume_shortcut(&ctrl(Key::S)) {
                out.push(Command::Save);
            }
            if i.consume_shortcut(&ctrl(Key::O)) {
                out.extend(open_dialog().map(Command::Open));
            }
            if i.consume_shortcut(&ctrl(Key::N)) {
                out.push(Command::NewPlan);
            }
            if i.key_pressed(Key::Escape) {
                out.push(Command::CancelZone);
            }
            if i.key_pressed(Key::Enter) && !self.draft_zone.is_empty() {
                out.push(Command::FinishZone);
            }
        });
        if ui.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.quit {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Pending::Quit);
        }
        out
    }

    fn menu_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let sc = |ui: &Ui, m: egui::Modifiers, k: egui::Key| {
            ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(m, k))
        };
        let cmd = egui::Modifiers::COMMAND;
        let cmd_shift = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("New plan").shortcut_text(sc(ui, cmd, egui::Key::N)))
                    .clicked()
                {
                    out.push(Command::NewPlan);
                }
                if ui
                    .add(egui::Button::new("Open…").shortcut_text(sc(ui, cmd, egui::Key::O)))
                    .clicked()
                {
                    out.extend(open_dialog().map(Command::Open));
                }
                if ui
                    .button("By path…")
                    .on_hover_text(
                        "Open, save or export by typing a path (when no file dialog is available)",
                    )
                    .clicked()
                {
                    self.path_prompt = Some(String::new());
                }
                ui.menu_button("Open recent", |ui| {
                    let recent = self
                        .settings
                        .as_ref()
                        .map(|(_, s)| s.recent.clone())
                        .unwrap_or_default();
                    if recent.is_empty() {
                        ui.label("(none)");
                    }
                    for p in recent {
                        if ui.button(p.display().to_string()).clicked() {
                            out.push(Command::Open(p));
                        }
                    }
                });
                if ui
                    .add(egui::Button::new("Save").shortcut_text(sc(ui, cmd, egui::Key::S)))
                    .clicked()
                {
                    out.push(Command::Save);
                }
                if ui
                    .add(egui::Button::new("Save as…").shortcut_text(sc(
                        ui,
                        cmd_shift,
                        egui::Key::S,
                    )))
                    .clicked()
                {
                    out.extend(save_as_dialog().map(Command::SaveAs));
                }
                ui.separator();
                ui.menu_button("Export", |ui| {
                    for k in ExportKind::ALL {
                        let (label, ext) = k.describe();
                        if ui.button(label).clicked() {
                            out.extend(export_dialog(ext).map(|p| Command::Export(k, p)));
                        }
                    }
                });
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self
                    .doc
                    .undo_label()
                    .map(|l| format!("Undo {l}"))
                    .unwrap_or_else(|| "Undo".into());
                if ui
                    .add_enabled(
                        self.doc.undo_label().is_some(),
                        egui::Button::new(undo).shortcut_text(sc(ui, cmd, egui::Key::Z)),
                    )
                    .clicked()
                {
                    out.push(Command::Undo);
                }
                let redo = self
                    .doc
                    .redo_label()
                    .map(|l| format!("Redo {l}"))
                    .unwrap_or_else(|| "Redo".into());
                if ui
                    .add_enabled(
                        self.doc.redo_label().is_some(),
                        egui::Button::new(redo).shortcut_text(sc(ui, cmd_shift, egui::Key::Z)),
                    )
                    .clicked()
                {
                    out.push(Command::Redo);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.add(egui::Button::new("Zoom to plan")).clicked() {
                    out.push(Command::ZoomToPlan);
                }
                if ui.button("Zoom to map").clicked() {
                    out.push(Command::ZoomToMap);
                }
                ui.checkbox(&mut self.risk_colours, "Risk colours on routes");
                ui.separator();
                if ui.radio(!self.dark, "Light theme").clicked() {
                    self.set_theme(ui.ctx(), false);
                }
                if ui.radio(self.dark, "Dark theme").clicked() {
                    self.set_theme(ui.ctx(), true);
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("About Cordon").clicked() {
                    self.about = true;
                }
            });
        });
        out
    }

    fn set_theme(&mut self, ctx: &egui::Context, dark: bool) {
        self.dark = dark;
        ctx.set_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        if let Some((dir, s)) = &mut self.settings {
            s.dark = dark;
            let _ = s.save(dir);
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        ui.horizontal_wrapped(|ui| {
            for (t, label, tip) in [
                (
                    Tool::Select,
                    "Select",
                    "Select and drag markers; drag the map to pan",
                ),
                (
                    Tool::Origin,
                    "Set origin",
                    "Click the map to set where the movement starts",
                ),
                (
                    Tool::Destination,
                    "Set destination",
                    "Click the map to set where it ends",
                ),
                (Tool::Via, "Add via", "Click the map to add a via point"),
                (
                    Tool::Checkpoint,
                    "Add checkpoint",
                    "Click the map to place a checkpoint of the chosen kind",
                ),
                (
                    Tool::AvoidZone,
                    "Draw avoid zone",
                    "Click the corners of an area to keep out of; Enter or 'Finish zone' closes it",
                ),
            ] {
                if ui
                    .selectable_label(self.tool == t, label)
                    .on_hover_text(tip)
                    .clicked()
                {
                    self.tool = t;
                }
            }
            egui::ComboBox::from_label("kind")
                .selected_text(self.checkpoint_kind.label())
                .show_ui(ui, |ui| {
                    for k in CheckpointKind::ALL {
                        ui.selectable_value(&mut self.checkpoint_kind, k, k.label());
                    }
                });
            if !self.draft_zone.is_empty() {
                if ui.button("Finish zone").clicked() {
                    out.push(Command::FinishZone);
                }
                if ui.button("Cancel zone").clicked() {
                    out.push(Command::CancelZone);
                }
            }
            ui.separator();
            if ui.button("Compute routes").clicked() {
                out.push(Command::ComputeRoutes);
            }
            if ui
                .add_enabled(self.doc.undo_label().is_some(), egui::Button::new("Undo"))
                .clicked()
            {
                out.push(Command::Undo);
            }
            if ui
                .add_enabled(self.doc.redo_label().is_some(), egui::Button::new("Redo"))
                .clicked()
            {
                out.push(Command::Redo);
            }
            if self.jobs.busy() {
                ui.spinner();
            }
        });
        out
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let title = self
                .doc
                .path
                .as_deref()
                .map(shown_path)
                .unwrap_or_else(|| "(not saved)".into());
            ui.label(format!(
                "{}{}",
                title,
                if self.doc.is_dirty() { " •" } else { "" }
            ));
            ui.separator();
            ui.label(&self.status);
            if let Some(p) = self.hover {
                ui.separator();
                ui.monospace(crate::coord::LatLon(p).to_string());
            }
            let errors = self
                .doc
                .issues
                .iter()
                .filter(|i| i.severity == plan::Severity::Error)
                .count();
            let warnings = self.doc.issues.len() - errors;
            if errors + warnings > 0 {
                ui.separator();
                ui.label(format!("schedule: {errors} errors, {warnings} warnings"))
                    .on_hover_text(
                        self.doc
                            .issues
                            .iter()
                            .map(|i| i.message.as_str())
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
            }
        });
    }

    fn side_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some(e) = self.error.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(Color32::from_rgb(190, 0, 0), format!("Error: {e}"));
                if ui.small_button("dismiss").clicked() {
                    self.error = None;
                }
            });
        }
        if let Some(w) = self.warning.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(Color32::from_rgb(170, 100, 0), format!("Warning: {w}"));
                if ui.small_button("dismiss").clicked() {
                    self.warning = None;
                }
            });
        }
        if let Some(r) = &self.recovery {
            let when = std::fs::metadata(r)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .map(|d| format!(" ({} min ago)", d.as_secs() / 60))
                .unwrap_or_default();
            ui.colored_label(
                Color32::from_rgb(170, 100, 0),
                format!("Unsaved changes from an earlier session were kept{when}."),
            );
            ui.horizontal(|ui| {
                if ui.button("Recover them").clicked() {
                    out.push(Command::Recover);
                }
                if ui.button("Discard them").clicked() {
                    out.push(Command::DiscardRecovery);
                }
            });
            ui.separator();
        }
        let label = ui.label("Search");
        let edit = ui
            .text_edit_singleline(&mut self.query)
            .labelled_by(label.id);
        if edit.changed() {
            out.push(Command::Search(self.query.clone()));
        }
        let mut jump = None;
        for h in self.hits.iter().take(6) {
            ui.horizontal(|ui| {
                if ui
                    .small_button("from")
                    .on_hover_text("Start the movement here")
                    .clicked()
                {
                    out.push(Command::SetEnd(End::Origin, h.name.clone(), h.location));
                }
                if ui
                    .small_button("to")
                    .on_hover_text("End the movement here")
                    .clicked()
                {
                    out.push(Command::SetEnd(
                        End::Destination,
                        h.name.clone(),
                        h.location,
                    ));
                }
                if ui.small_button("via").clicked() {
                    out.push(Command::AddVia(h.name.clone(), h.location));
                }
                if ui
                    .link(format!("{} ({})", h.name, h.kind.label()))
                    .on_hover_text("Show on the map")
                    .clicked()
                {
                    jump = Some(h.location);
                }
            });
        }
        if let Some(p) = jump {
            self.jump_to(p);
        }
        ui.separator();
        ui.horizontal(|ui| {
            for (t, label) in [
                (Tab::Plan, "Plan"),
                (Tab::Schedule, "Schedule"),
                (Tab::Routes, "Routes"),
                (Tab::Venue, "Venue"),
                (Tab::Team, "Team"),
            ] {
                ui.selectable_value(&mut self.tab, t, label);
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            out.extend(match self.tab {
                Tab::Plan => panels::plan_ui(self, ui),
                Tab::Schedule => panels::schedule_ui(self, ui),
                Tab::Routes => panels::routes_ui(self, ui),
                Tab::Venue => panels::venue_ui(self, ui),
                Tab::Team => panels::team_ui(self, ui),
            });
        });
        out
    }

    fn jump_to(&mut self, p: Point<f64>) {
        if let Some(c) = &mut self.view.camera {
            c.center = crate::coord::mercator_from_lonlat(p.0);
            c.m_per_pt = c.m_per_pt.min(1.5);
        }
    }

    /// What the map view draws over the base map now: the selected movement's routes,
    /// zones, ends, vias and checkpoints, the zone being drawn, the selected turn.
    pub fn scene(&self) -> Scene {
        let mut s = Scene::default();
        let plan = &self.doc.plan;
        let Some(m) = plan.movements.get(self.movement) else {
            return s;
        };
        for r in &m.routes {
            let (st, dashed) = match r.role {
                RouteRole::Primary => (crate::render::style::PRIMARY, false),
                RouteRole::Alternate(_) => (crate::render::style::ALTERNATE, true),
                RouteRole::Emergency => (crate::render::style::EMERGENCY, true),
            };
            let c = st.colour;
            s.lines.push(OverlayLine {
                points: r
                    .geometry
                    .iter()
                    .map(|p| geo::Coord { x: p.0, y: p.1 })
                    .collect(),
                colour: Color32::from_rgb(c[0], c[1], c[2]),
                width: if r.role == RouteRole::Primary {
                    5.0
                } else {
                    3.5
                },
                dashed,
                casing: true,
            });
        }
        // The primary last, on top.
        s.lines.sort_by_key(|l| !l.dashed);
        if self.risk_colours {
            s.lines.extend(panels::risk_lines(m));
        }
        s.zones = m
            .avoid
            .iter()
            .flat_map(|z| z.area.0.iter().map(|p| p.exterior().0.clone()))
            .collect();
        s.draft = self.draft_zone.clone();
        if self.tool == Tool::Select {
            for (z, zone) in m.avoid.iter().enumerate() {
                let Some(poly) = zone.area.0.first() else {
                    continue;
                };
                let ring = &poly.exterior().0;
                for (k, c) in ring.iter().take(ring.len().saturating_sub(1)).enumerate() {
                    s.marks.push(Mark {
                        handle: Some(Handle::ZoneCorner(z, k)),
                        at: Point::from(*c),
                        label: String::new(),
                        fill: Color32::from_rgb(255, 190, 190),
                        tooltip: format!("{}: drag the corner to reshape it", zone.name),
                    });
                }
            }
        }
        let venue = |id: &str| plan.venue(id);
        for (h, id, label) in [
            (Handle::Origin, &m.from, "A"),
            (Handle::Destination, &m.to, "B"),
        ] {
            if let Some(v) = venue(id) {
                s.marks.push(Mark {
                    handle: Some(h),
                    at: v.location.point(),
                    label: label.into(),
                    fill: Color32::from_rgb(255, 255, 255),
                    tooltip: format!(
                        "{}: {} ({})",
                        if h == Handle::Origin {
                            "origin"
                        } else {
                            "destination"
                        },
                        v.name,
                        v.kind
                    ),
                });
            }
        }
        for (i, v) in m.via.iter().enumerate() {
            s.marks.push(Mark {
                handle: Some(Handle::Via(i)),
                at: v.location.point(),
                label: "v".into(),
                fill: Color32::from_rgb(200, 220, 255),
                tooltip: format!("via {}: {} (drag to reshape the route)", i + 1, v.name),
            });
        }
        for (i, c) in m.checkpoints.iter().enumerate() {
            let time = c
                .planned_time
                .map(|t| t.to_string())
                .unwrap_or_else(|| "--:--".into());
            s.marks.push(Mark {
                handle: Some(Handle::Checkpoint(i)),
                at: c.location.point(),
                label: (i + 1).to_string(),
                fill: Color32::from_rgb(255, 236, 150),
                tooltip: format!(
                    "{} {} ({})\n{time}, dwell {:.0} s",
                    i + 1,
                    c.name,
                    c.kind.label(),
                    c.dwell_s
                ),
            });
        }
        if let (Some(k), Some(r)) = (self.step, m.route(self.shown_role)) {
            s.highlight = r.instructions.get(k).map(|i| i.location);
        }
        s
    }

    fn central_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let Some(map) = self.map.clone() else {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() / 3.0);
                if let Some(since) = self.loading_since {
                    ui.label(&self.status);
                    ui.add(
                        egui::ProgressBar::new(0.0)
                            .animate(true)
                            .text(format!("{:.1} s", since.elapsed().as_secs_f32()))
                            .desired_width(300.0),
                    );
                    if ui.button("Cancel").clicked() {
                        self.jobs.cancel_load();
                        self.loading_since = None;
                        self.status = "loading cancelled".into();
                    }
                    ui.ctx().request_repaint_after(Duration::from_millis(100));
                } else {
                    ui.label(
                        "No map is loaded. Open a plan (File > Open…) or start Cordon with --map.",
                    );
                }
            });
            return Vec::new();
        };
        if std::mem::take(&mut self.fit_plan) && self.view.camera.is_none() {
            self.view.camera = self
                .plan_bbox()
                .map(|b| map_view::Camera::fit(b, ui.available_size()));
        }
        let scene = self.scene();
        let r = map_view::map_view_ui(ui, &map, &mut self.view, &scene, self.tool == Tool::Select);
        self.map_rect = Some(r.rect);
        self.hover = r.hover;
        let mut out = Vec::new();
        if let Some((h, p)) = r.moved {
            out.push(Command::Move(h, p));
        }
        if let Some(p) = r.clicked {
            let name = near_name(&map, p);
            match self.tool {
                Tool::Select => {}
                Tool::Origin => out.push(Command::SetEnd(End::Origin, name, p)),
                Tool::Destination => out.push(Command::SetEnd(End::Destination, name, p)),
                Tool::Via => out.push(Command::AddVia(name, p)),
                Tool::Checkpoint => out.push(Command::AddCheckpoint(p)),
                Tool::AvoidZone => out.push(Command::ZonePoint(p)),
            }
        }
        out
    }

    fn dialogs(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        out.extend(self.path_prompt_ui(ui));
        if self.about {
            egui::Window::new("About Cordon").collapsible(false).resizable(false).show(ui.ctx(), |ui| {
                ui.heading(format!("Cordon {}", env!("CARGO_PKG_VERSION")));
                ui.label("Offline executive-protection route planning.");
                ui.label("Map data © OpenStreetMap contributors, available under the Open Database License (ODbL).");
                ui.label("Nothing leaves this machine: Cordon makes no network connections.");
                if let Some(p) = &self.map_path {
                    ui.label(format!("Map: {}", p.display()));
                }
                if ui.button("Close").clicked() {
                    self.about = false;
                }
            });
        }
        if let Some(pending) = self.confirm.clone() {
            egui::Modal::new(egui::Id::unique("unsaved")).show(ui.ctx(), |ui| {
                ui.heading("Unsaved changes");
                ui.label("The plan has changes that are not saved.");
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        out.push(Command::Save);
                        self.confirm = None;
                        if !self.doc.is_dirty() || self.doc.path.is_some() {
                            self.proceed(ui.ctx(), pending.clone(), &mut out);
                        }
                    }
                    if ui.button("Discard changes").clicked() {
                        self.confirm = None;
                        self.proceed(ui.ctx(), pending.clone(), &mut out);
                    }
                    if ui.button("Cancel").clicked() {
                        self.confirm = None;
                    }
                });
            });
        }
        out
    }

    /// The "By path…" window: a path, then Open, Save as, or Export (the kind from the
    /// extension). For machines where the native dialogs are not available.
    fn path_prompt_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(text) = &mut self.path_prompt else {
            return out;
        };
        let mut close = false;
        egui::Window::new("Open, save or export by path")
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                let l = ui.label("Path");
                ui.add(egui::TextEdit::singleline(text).desired_width(420.0))
                    .labelled_by(l.id);
                let path = PathBuf::from(text.trim());
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                let export = ExportKind::ALL.into_iter().find(|k| k.describe().1 == ext);
                ui.horizontal(|ui| {
                    if ui.button("Open").clicked() {
                        out.push(Command::Open(path.clone()));
                        close = true;
                    }
                    if ui.button("Save as").clicked() {
                        out.push(Command::SaveAs(path.clone()));
                        close = true;
                    }
                    if let Some(k) = export
                        && ui
                            .button(format!("Export {}", ext.to_uppercase()))
                            .clicked()
                    {
                        out.push(Command::Export(k, path.clone()));
                        close = true;
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
            });
        if close {
            self.path_prompt = None;
        }
        out
    }

    fn proceed(&mut self, ctx: &egui::Context, p: Pending, out: &mut Vec<Command>) {
        match p {
            Pending::Quit => {
                self.quit = true;
                self.clear_recovery();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::New => {
                self.doc
                    .mark_saved(self.doc.path.clone().unwrap_or_default());
                out.push(Command::NewPlan);
            }
            Pending::Open(path) => {
                self.doc
                    .mark_saved(self.doc.path.clone().unwrap_or_default());
                out.push(Command::Open(path));
            }
        }
    }

    /// Applies a command.
    pub fn apply(&mut self, c: Command) {
        let i = self.movement;
        match c {
            Command::Search(q) => {
                self.hits = self
                    .map
                    .as_ref()
                    .map(|m| m.search(&q, 20))
                    .unwrap_or_default()
            }
            Command::SetEnd(end, name, p) => {
                let mut idx = i;
                let label = if end == End::Origin {
                    "set origin"
                } else {
                    "set destination"
                };
                let current = (i < self.doc.plan.movements.len()).then_some(i);
                self.doc.edit(label, |plan| {
                    idx = edit::set_end(plan, current, end, &name, p)
                });
                self.movement = idx;
            }
            Command::AddVia(name, p) => self
                .doc
                .edit("add via point", |plan| edit::add_via(plan, i, &name, p)),
            Command::AddCheckpoint(p) => {
                let kind = self.checkpoint_kind;
                if self.doc.plan.movements.get(i).is_none() {
                    self.error = Some(
                        "set an origin and destination first: checkpoints belong to a movement"
                            .into(),
                    );
                    return;
                }
                self.doc.edit("add checkpoint", |plan| {
                    edit::add_checkpoint(plan, i, kind, p);
                });
            }
            Command::Move(h, p) => {
                let label = match h {
                    Handle::Origin => "move origin",
                    Handle::Destination => "move destination",
                    Handle::Via(_) => "move via point",
                    Handle::Checkpoint(_) => "move checkpoint",
                    Handle::ZoneCorner(..) => "reshape avoid zone",
                };
                self.doc.edit(label, |plan| {
                    edit::move_handle(plan, i, h, p);
                });
            }
            Command::ZonePoint(p) => self.draft_zone.push(p),
            Command::FinishZone => {
                let ring = std::mem::take(&mut self.draft_zone);
                if ring.len() < 3 {
                    self.error = Some("an avoid zone needs at least three corners".into());
                } else {
                    self.doc.edit("add avoid zone", |plan| {
                        edit::add_avoid_zone(plan, i, &ring);
                    });
                }
            }
            Command::CancelZone => self.draft_zone.clear(),
            Command::DeleteCheckpoint(k) => self.doc.edit("delete checkpoint", |plan| {
                if let Some(m) = plan
                    .movements
                    .get_mut(i)
                    .filter(|m| k < m.checkpoints.len())
                {
                    m.checkpoints.remove(k);
                }
            }),
            Command::DeleteVia(k) => self.doc.edit("delete via point", |plan| {
                if let Some(m) = plan.movements.get_mut(i).filter(|m| k < m.via.len()) {
                    m.via.remove(k);
                    m.routes.clear();
                }
            }),
            Command::DeleteZone(k) => self.doc.edit("delete avoid zone", |plan| {
                if let Some(m) = plan.movements.get_mut(i).filter(|m| k < m.avoid.len()) {
                    m.avoid.remove(k);
                    m.routes.clear();
                }
            }),
            Command::NewMovement => {
                let to = self
                    .doc
                    .plan
                    .movements
                    .get(i)
                    .map(|m| m.to.clone())
                    .unwrap_or_default();
                let mut idx = 0;
                self.doc.edit("new movement", |plan| {
                    idx = edit::add_movement(plan, &to, "")
                });
                self.movement = idx;
            }
            Command::DeleteMovement(k) => {
                self.doc.edit("delete movement", |plan| {
                    if k < plan.movements.len() {
                        plan.movements.remove(k);
                    }
                });
                self.movement = self
                    .movement
                    .min(self.doc.plan.movements.len().saturating_sub(1));
            }
            Command::SelectMovement(k) => {
                self.movement = k;
                self.step = None;
                self.zoom_to_movement();
            }
            Command::SelectVenue(k) => {
                self.venue = k;
                self.tab = Tab::Venue;
                self.venue_form = panels::VenueForm::for_venue(self.doc.plan.venues.get(k));
            }
            Command::SelectStep(k) => {
                self.step = k;
                if let Some(p) = k.and_then(|k| {
                    self.doc
                        .plan
                        .movements
                        .get(i)?
                        .route(self.shown_role)?
                        .instructions
                        .get(k)
                        .map(|s| s.location)
                }) {
                    self.jump_to(p);
                }
            }
            Command::ComputeRoutes => {
                if self.doc.plan.movements.get(i).is_none() {
                    self.error = Some("set an origin and a destination first".into());
                    return;
                }
                if let Some(m) = self.doc.plan.movements.get(i) {
                    self.failed.remove(&m.id);
                    self.computing.remove(&m.id);
                }
                self.doc.amend(|plan| plan.movements[i].routes.clear());
            }
            Command::Edited(label, merge) => self.doc.commit(&label, merge),
            Command::Undo => {
                self.status = self
                    .doc
                    .undo()
                    .map(|l| format!("undid {l}"))
                    .unwrap_or_default()
            }
            Command::Redo => {
                self.status = self
                    .doc
                    .redo()
                    .map(|l| format!("redid {l}"))
                    .unwrap_or_default()
            }
            Command::NewPlan => {
                if self.doc.is_dirty() {
                    self.confirm = Some(Pending::New);
                    return;
                }
                self.doc =
                    Document::new(empty_plan(self.map_path.as_deref(), &self.map_sha256), None);
                self.movement = 0;
            }
            Command::Open(path) => {
                if self.doc.is_dirty() {
                    self.confirm = Some(Pending::Open(path));
                    return;
                }
                self.open(&path);
            }
            Command::Save => match self.doc.path.clone() {
                Some(p) => self.save_to(&p),
                None => {
                    if let Some(p) = save_as_dialog() {
                        self.save_to(&p);
                    }
                }
            },
            Command::SaveAs(p) => self.save_to(&p),
            Command::Export(k, p) => self.export(k, p),
            Command::ZoomToPlan => self.zoom_to_plan(),
            Command::ZoomToMap => self.view.camera = None,
            Command::VenueContext => self.read_venue_context(),
            Command::Recover => self.recover(),
            Command::DiscardRecovery => {
                self.recovery = None;
                self.clear_recovery();
            }
        }
        self.movement = self
            .movement
            .min(self.doc.plan.movements.len().saturating_sub(1));
    }

    /// The selected movement's time-against-risk candidates, if current.
    fn current_candidates(&self) -> Option<&[Candidate]> {
        let m = self.doc.plan.movements.get(self.movement)?;
        let key = edit::route_key(&self.doc.plan, self.movement)?;
        let (k, c) = self.candidates.get(&m.id)?;
        (*k == key).then_some(c.as_slice())
    }

    /// Explores time against risk for the selected movement when the Routes page shows
    /// and its candidates are missing or stale.
    fn request_candidates(&mut self) {
        let Some(map) = self.map.clone() else { return };
        let i = self.movement;
        let Some(m) = self.doc.plan.movements.get(i) else {
            return;
        };
        if self.tab != Tab::Routes
            || m.routes.is_empty()
            || self.exploring.contains(&m.id)
            || self.computing.contains_key(&m.id)
            || self.current_candidates().is_some()
        {
            return;
        }
        let Some(key) = edit::route_key(&self.doc.plan, i) else {
            return;
        };
        self.exploring.insert(m.id.clone());
        self.jobs.explore(&map, &self.doc.plan, i, key);
    }

    fn request_missing_routes(&mut self) {
        let Some(map) = self.map.clone() else { return };
        for (i, m) in self.doc.plan.movements.iter().enumerate() {
            if !m.routes.is_empty()
                || self.computing.contains_key(&m.id)
                || self.doc.plan.venue(&m.from).is_none()
                || self.doc.plan.venue(&m.to).is_none()
            {
                continue;
            }
            let Some(key) = edit::route_key(&self.doc.plan, i) else {
                continue;
            };
            if self.failed.get(&m.id) == Some(&key) {
                continue;
            }
            self.computing.insert(m.id.clone(), key.clone());
            self.jobs.routes(&map, &self.doc.plan, i, key);
            self.status = format!("computing routes for {}…", m.id);
        }
    }

    fn open(&mut self, path: &Path) {
        match plan::load(path) {
            Ok(p) => {
                let wanted = plan::map_path(&p, path);
                let same_map = self
                    .map_path
                    .as_ref()
                    .is_some_and(|m| same_file(m, &wanted));
                if same_map || self.map.is_none() && !wanted.exists() {
                    self.doc = Document::new(p, Some(path.to_path_buf()));
                    self.movement = 0;
                    self.remember(path);
                    self.status = format!("opened {}", path.display());
                } else {
                    self.map = None;
                    self.loading_since = Some(Instant::now());
                    self.status = format!("loading {}…", wanted.display());
                    self.jobs.load(None, Some(path.to_path_buf()));
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Saves the plan to `path` (atomically, keeping a `.bak`).
    pub fn save_to(&mut self, path: &Path) {
        if let Some(m) = &self.map_path {
            let rel = plan::relative_map_path(m, path);
            if rel != self.doc.plan.map.path {
                self.doc.amend(|p| p.map.path = rel);
            }
        }
        match plan::save(&self.doc.plan, path) {
            Ok(()) => {
                self.doc.mark_saved(path.to_path_buf());
                self.remember(path);
                self.clear_recovery();
                self.status = format!("saved {}", path.display());
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn export(&mut self, k: ExportKind, path: PathBuf) {
        use crate::export::fields;
        let plan = self.doc.plan.clone();
        let map = self.map.clone();
        self.jobs.write(move || {
            let all: Vec<&plan::Movement> = plan.movements.iter().collect();
            let bytes = match k {
                ExportKind::Brief => {
                    let map = map.ok_or("no map is loaded")?;
                    let opts = crate::export::brief::BriefOptions {
                        paper: crate::export::layout::Paper::A4,
                        movement: None,
                    };
                    crate::export::brief::brief(&plan, &map, &opts).map_err(|e| e.to_string())?
                }
                ExportKind::Gpx => fields::gpx(&plan, &all).map_err(|e| e.to_string())?,
                ExportKind::Kml => fields::kml(&plan, &all).map_err(|e| e.to_string())?,
                ExportKind::GeoJson => fields::geojson(&all),
                ExportKind::Csv => fields::csv(&all).map_err(|e| e.to_string())?,
            };
            crate::commands::export::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
            Ok(format!(
                "wrote {} ({} KB)",
                path.display(),
                bytes.len() / 1024
            ))
        });
    }

    fn zoom_to_plan(&mut self) {
        let Some(rect) = self.map_rect else { return };
        if let Some(b) = self.plan_bbox() {
            self.view.camera = Some(map_view::Camera::fit(b, rect.size()));
        }
    }

    /// Frames the selected movement (its ends and routes).
    fn zoom_to_movement(&mut self) {
        let (Some(rect), Some(m)) = (self.map_rect, self.doc.plan.movements.get(self.movement))
        else {
            return;
        };
        let plan = &self.doc.plan;
        let points = [&m.from, &m.to]
            .into_iter()
            .filter_map(|id| plan.venue(id).map(|v| v.location.point()))
            .chain(
                m.routes
                    .iter()
                    .flat_map(|r| r.geometry.iter().map(|p| p.point())),
            );
        if let Some(b) = bbox_of(points) {
            self.view.camera = Some(map_view::Camera::fit(b.grown_m(150.0), rect.size()));
        }
    }

    /// The box around the plan's venues and routes, with a margin.
    fn plan_bbox(&self) -> Option<crate::coord::BBox> {
        let plan = &self.doc.plan;
        let points =
            plan.venues
                .iter()
                .map(|v| v.location.point())
                .chain(plan.movements.iter().flat_map(|m| {
                    m.routes
                        .iter()
                        .flat_map(|r| r.geometry.iter().map(|p| p.point()))
                }));
        bbox_of(points).map(|b| b.grown_m(150.0))
    }

    fn read_venue_context(&mut self) {
        let (Some(map), Some(v)) = (self.map.clone(), self.doc.plan.venues.get(self.venue)) else {
            return;
        };
        if self.venue_context_pending.as_ref() == Some(&v.id) {
            return;
        }
        self.venue_context_pending = Some(v.id.clone());
        self.jobs.venue_context(&map, &self.doc.plan, self.venue);
    }

    /// Every [`AUTOSAVE_EVERY`]: remembers the view, and writes unsaved changes to the
    /// recovery file (with an absolute map path, so it opens from the config folder).
    fn autosave(&mut self) {
        if self.last_autosave.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.last_autosave = Instant::now();
        self.save_settings();
        if !self.doc.is_dirty() {
            return;
        }
        if let Some((dir, _)) = &self.settings {
            let _ = std::fs::create_dir_all(dir);
            let mut copy = self.doc.plan.clone();
            if let Some(m) = self
                .map_path
                .as_ref()
                .and_then(|m| std::fs::canonicalize(m).ok())
            {
                copy.map.path = m.display().to_string();
            }
            if let Err(e) = plan::save(&copy, &settings::recovery_path(dir)) {
                self.error = Some(format!("autosave failed: {e}"));
            }
        }
    }

    /// Opens the recovery file as an unsaved plan.
    fn recover(&mut self) {
        let Some(path) = self.recovery.take() else {
            return;
        };
        match plan::load(&path) {
            Ok(p) => {
                self.doc = Document::new(p, None);
                self.doc.mark_unsaved();
                self.movement = 0;
                self.status = "recovered unsaved changes: save them with File > Save as…".into();
            }
            Err(e) => self.error = Some(format!("the recovery file could not be read: {e}")),
        }
    }

    fn clear_recovery(&self) {
        if let Some((dir, _)) = &self.settings {
            let _ = std::fs::remove_file(settings::recovery_path(dir));
        }
    }

    fn save_settings(&mut self) {
        let camera = self.view.camera;
        let map = self.map_path.clone();
        if let Some((dir, s)) = &mut self.settings {
            s.camera = camera;
            s.last_map = map;
            s.dark = self.dark;
            let _ = s.save(dir);
        }
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// A name for a clicked point: the nearest named street, else its coordinates.
fn near_name(map: &Map, p: Point<f64>) -> String {
    let g = map.graph();
    map.snap(p, 60.0, |_| true)
        .and_then(|s| g.segment_way(s.segment).name.as_deref().map(str::to_string))
        .unwrap_or_else(|| crate::coord::LatLon(p).to_string())
}

fn open_dialog() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Cordon plan", &["ron"])
        .set_directory("plans")
        .pick_file()
}

fn save_as_dialog() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Cordon plan", &["ron"])
        .set_directory("plans")
        .set_file_name("plan.ron")
        .save_file()
}

fn export_dialog(ext: &str) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter(ext, &[ext])
        .set_file_name(format!("export.{ext}"))
        .save_file()
}

impl eframe::App for CordonApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
        if self.busy() {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
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
            cc.egui_ctx.set_theme(if app.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            Ok(Box::new(app))
        }),
    )
}
