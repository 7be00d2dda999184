//! Files: new, open, open map, save, save as, export, the unsaved-changes prompt,
//! autosave to the recovery file and recovery at start-up, and the by-path window
//! (file dialogs are in `dialog.rs`). Every write goes through the library's atomic
//! writer (plans keep a `.bak`).

use super::command::{Answer, Ask, Command};
use super::document::Document;
use super::error::{AppError, Topic};
use super::secret::Purpose;
use super::{CordonApp, empty_plan, state};
use crate::export::ExportKind;
use crate::plan::{self, PlanError, Protection};
use egui::Ui;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often unsaved changes are written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// An action waiting on the unsaved-changes prompt.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Pending {
    Quit,
    New,
    Open(PathBuf),
}

impl CordonApp {
    /// File commands; returns the command when it is not one.
    pub(super) fn apply_file(&mut self, c: Command) -> Option<Command> {
        match c {
            Command::NewPlan if self.doc.is_dirty() => self.ui.confirm = Some(Pending::New),
            Command::NewPlan => self.new_plan(),
            Command::Open(path) if is_map_file(&path) => self.open_map(path),
            Command::OpenMap(path) => self.open_map(path),
            Command::KeepPlanOnMap(keep) => {
                self.ui.map_choice = None;
                if !keep {
                    self.apply(Command::NewPlan);
                }
            }
            Command::Open(path) if self.doc.is_dirty() => {
                self.ui.confirm = Some(Pending::Open(path))
            }
            Command::Open(path) => self.open(&path),
            Command::Save => match self.doc.path.clone() {
                Some(p) => self.save_to(&p),
                None => self.ask(Ask::SaveAs),
            },
            Command::SaveAs(p) if !is_plan_file(&p) => {
                self.ui.error = Some(AppError::NotAPlanFile(p));
            }
            Command::SaveAs(p) => self.save_to(&p),
            Command::Export(k, p) => self.export_checked(k, p),
            Command::SetBriefRole(r) => self.ui.brief_role = r,
            Command::Ask(a) => self.ask(a),
            Command::Unsaved(answer) => self.answer(answer),
            Command::Recover => self.recover(),
            Command::DiscardRecovery => {
                self.ui.recovery = None;
                self.clear_recovery();
            }
            Command::Quit => self.close_window(),
            c => return Some(c),
        }
        None
    }

    fn new_plan(&mut self) {
        let (path, sha) = match &self.map {
            Some(m) => (Some(m.path.as_path()), m.sha256.as_str()),
            None => (None, ""),
        };
        self.doc = Document::new(empty_plan(path, sha), None);
        self.sel.movement = 0;
    }

    fn answer(&mut self, answer: Answer) {
        let Some(pending) = self.ui.confirm.take() else {
            return;
        };
        match answer {
            Answer::Save => {
                self.apply(Command::Save);
                if !self.doc.is_dirty() {
                    self.proceed(pending);
                }
            }
            Answer::Discard => self.proceed(pending),
            Answer::Cancel => {}
        }
    }

    fn proceed(&mut self, p: Pending) {
        match p {
            Pending::Quit => {
                self.ui.quit = true;
                self.clear_recovery();
                self.close_window();
            }
            // The changes are dropped only when what replaces them is in place: a
            // failed open leaves the document (and its unsaved state) as it was.
            Pending::New => self.new_plan(),
            Pending::Open(path) => self.open(&path),
        }
    }

    fn close_window(&mut self) {
        if let Some(ctx) = &self.ui.ctx {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Asks before closing with unsaved changes (the window's close button).
    pub(super) fn guard_close(&mut self, ui: &Ui) {
        if ui.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.ui.quit {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ui.confirm = Some(Pending::Quit);
        }
    }

    /// Loads the map at `path` on the worker (the progress bar shows); the plan stays
    /// and is offered a choice when the map arrives.
    fn open_map(&mut self, path: PathBuf) {
        // The map on screen comes back if the new one cannot be read.
        self.ui.previous_map = self.map.take();
        self.ui.opening_map = true;
        self.bg.loading_since = Some(Instant::now());
        self.ui.status = format!("loading {}…", path.display());
        self.bg.jobs.load(Some(path), None, None);
    }

    /// After a map opened with Open map: keep the plan (warning when it was made on
    /// another map) or start a new one on it.
    pub(super) fn map_opened(&mut self) {
        self.ui.opening_map = false;
        self.ui.previous_map = None;
        let Some(m) = &self.map else { return };
        let recorded = &self.doc.plan.map;
        let same = if recorded.sha256.is_empty() || m.sha256.is_empty() {
            m.path.file_name().and_then(|n| n.to_str()) == Some(recorded.file_name())
        } else {
            recorded.sha256 == m.sha256
        };
        if !same && !self.doc.plan.movements.is_empty() {
            self.ui.warning = Some(format!(
                "the plan '{}' was made on {} ({}), not on {}: its venues, routes and checkpoints may be off this map",
                self.doc.plan.name,
                recorded.file_name(),
                recorded
                    .sha256
                    .get(..12)
                    .map_or("no hash".into(), |h| format!("SHA-256 {h}…")),
                m.path.display()
            ));
        }
        self.ui.map_choice = Some(m.path.display().to_string());
    }

    /// The question after a map opened.
    pub(super) fn map_choice_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(map) = &self.ui.map_choice else {
            return out;
        };
        egui::Window::new("Map opened")
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                ui.label(format!("{map} is loaded."));
                ui.horizontal(|ui| {
                    if ui.button("New plan on this map").clicked() {
                        out.push(Command::KeepPlanOnMap(false));
                    }
                    if ui
                        .button(format!("Keep '{}'", self.doc.plan.name))
                        .clicked()
                    {
                        out.push(Command::KeepPlanOnMap(true));
                    }
                });
            });
        out
    }

    /// Opens the plan at `path`; an encrypted one asks for its passphrase first.
    fn open(&mut self, path: &Path) {
        if plan::is_encrypted(path) {
            return self.ask_passphrase(Purpose::Open(path.to_path_buf()));
        }
        match plan::load(path) {
            Ok(p) => self.opened(p, path, Protection::Plain),
            Err(e) => self.ui.error = Some(e.into()),
        }
    }

    /// Shows a plan just read from `path`: at once when its map is the one loaded (or
    /// it has none to load), else after its map loads on the worker.
    pub(super) fn opened(&mut self, p: plan::Plan, path: &Path, protection: Protection) {
        self.resolved(&Topic::File);
        let wanted = plan::map_path(&p, path);
        let same_map = self
            .map
            .as_ref()
            .is_some_and(|m| same_file(&m.path, &wanted));
        if same_map || self.map.is_none() && !wanted.exists() {
            self.doc = Document::new(p, Some(path.to_path_buf())).with_protection(protection);
            self.sel.movement = 0;
            self.remember(path);
            self.ui.status = format!("opened {}", path.display());
        } else {
            self.map = None;
            self.bg.loading_since = Some(Instant::now());
            self.ui.status = format!("loading {}…", wanted.display());
            let passphrase = match protection {
                Protection::Passphrase(k) => Some(k),
                Protection::Plain => None,
            };
            self.bg
                .jobs
                .load(None, Some(path.to_path_buf()), passphrase);
        }
    }

    /// Saves the plan to `path` (atomically, keeping a `.bak`; encrypted when the plan
    /// is). Save as refuses anything but a plan file (`.ron`, `.ron.age`) before it gets
    /// here; Save writes to the file the plan came from, whatever its name.
    pub fn save_to(&mut self, path: &Path) {
        let encrypted = self.doc.protection.is_encrypted();
        if encrypted && !plan::has_age_extension(path) {
            return self.ui.error = Some(AppError::EncryptedNeedsAge(path.to_path_buf()));
        }
        if !encrypted && plan::has_age_extension(path) {
            return self.ui.error = Some(AppError::PlainNamedAge(path.to_path_buf()));
        }
        let protection = self.doc.protection.clone();
        match self.save_with(path, &protection) {
            Ok(()) => self.after_save(path),
            Err(e) => self.ui.error = Some(e.into()),
        }
    }

    /// Writes the plan to `path` as `protection` says, with its map path made relative
    /// to the new folder.
    pub(super) fn save_with(
        &mut self,
        path: &Path,
        protection: &Protection,
    ) -> Result<(), PlanError> {
        if let Some(m) = &self.map {
            let rel = plan::relative_map_path(&m.path, path);
            if rel != self.doc.plan.map.path {
                self.doc.amend(|p| p.map.path = rel);
            }
        }
        plan::save_protected(&self.doc.plan, path, protection)
    }

    /// After a save to `path`: saved, remembered, no recovery file, no file error.
    pub(super) fn after_save(&mut self, path: &Path) {
        self.doc.mark_saved(path.to_path_buf());
        self.remember(path);
        self.clear_recovery();
        self.resolved(&Topic::File);
        self.ui.status = format!("saved {}", path.display());
    }

    /// Writes an export on the worker; `owner_only` for the plain export of an
    /// encrypted plan.
    pub(super) fn start_export(&mut self, k: ExportKind, path: PathBuf, owner_only: bool) {
        let map = self.map.as_ref().map(|m| Arc::clone(&m.map));
        let opts = crate::export::ExportOptions {
            owner_only,
            role: self.ui.brief_role,
            ..crate::export::ExportOptions::default()
        };
        self.bg
            .jobs
            .export(k, self.doc.plan.clone(), map, path, opts);
    }

    /// Records `path` as the last plan and in the recent list, and saves the state.
    pub(super) fn remember(&mut self, path: &Path) {
        self.state.remember(path);
        self.save_state();
    }

    /// Writes the remembered state (settings.ron) with the map now open; a failure
    /// shows in the status bar.
    pub(super) fn save_state(&mut self) {
        if let Some(m) = &self.map {
            self.state.last_map = Some(m.path.clone());
        }
        if let Some(dir) = &self.config
            && let Err(e) = self.state.save(dir)
        {
            self.ui.status = AppError::Settings(e).to_string();
        }
    }

    /// How long until the next autosave is due, when there are unsaved changes: the
    /// window asks to be woken then, so an idle window still saves (it used to wait for
    /// the next input event).
    pub fn autosave_due_in(&self) -> Option<Duration> {
        (self.config.is_some() && self.doc.is_dirty())
            .then(|| AUTOSAVE_EVERY.saturating_sub(self.ui.last_autosave.elapsed()))
    }

    /// Runs the autosave now, as if its time had come (tests).
    pub fn autosave_now(&mut self) {
        if let Some(t) = Instant::now().checked_sub(AUTOSAVE_EVERY) {
            self.ui.last_autosave = t;
        }
        self.autosave();
    }

    /// Every [`AUTOSAVE_EVERY`]: remembers the view, and writes unsaved changes to the
    /// recovery file (with an absolute map path, so it opens from the config folder).
    pub(super) fn autosave(&mut self) {
        if self.ui.last_autosave.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.ui.last_autosave = Instant::now();
        self.save_state();
        let Some(dir) = self.config.clone().filter(|_| self.doc.is_dirty()) else {
            return;
        };
        let mut copy = self.doc.plan.clone();
        if let Some(m) = self
            .map
            .as_ref()
            .and_then(|m| std::fs::canonicalize(&m.path).ok())
        {
            copy.map.path = m.display().to_string();
        }
        let _ = crate::atomic::create_private_dir(&dir);
        if self.doc.protection.is_encrypted() {
            // Never a plain copy of an encrypted plan: the plain recovery file goes.
            let _ = std::fs::remove_file(state::recovery_path(&dir));
            let path = state::encrypted_recovery_path(&dir);
            let protection = self.doc.protection.clone();
            return self.bg.jobs.autosave(copy, path, protection);
        }
        let _ = std::fs::remove_file(state::encrypted_recovery_path(&dir));
        if let Err(e) = plan::save(&copy, &state::recovery_path(&dir)) {
            self.ui.error = Some(AppError::Autosave(e));
        }
    }

    /// An encrypted recovery file was written (or not) on the worker. When the plan was
    /// saved meanwhile, the file is stale and goes.
    pub(super) fn autosaved(&mut self, r: Result<(), PlanError>) {
        match r {
            Err(e) => self.ui.error = Some(AppError::Autosave(e)),
            Ok(()) if !self.doc.is_dirty() => self.clear_recovery(),
            Ok(()) => {}
        }
    }

    /// Opens the recovery file as an unsaved plan (asking for the passphrase of an
    /// encrypted one).
    fn recover(&mut self) {
        let Some(path) = self.ui.recovery.clone() else {
            return;
        };
        if plan::is_encrypted(&path) {
            return self.recover_sealed();
        }
        self.ui.recovery = None;
        match plan::load(&path) {
            Ok(p) => self.recovered(p, Protection::Plain, path),
            Err(e) => self.ui.error = Some(AppError::Recovery(e)),
        }
    }

    /// Shows recovered changes as an unsaved plan, unless they belong to another map.
    pub(super) fn recovered(&mut self, p: plan::Plan, protection: Protection, path: PathBuf) {
        if !self.on_this_map(&p) {
            self.ui.error = Some(AppError::RecoveryOnOtherMap {
                plan: p.name.clone(),
                map: p.map.file_name().to_string(),
            });
            self.ui.recovery = Some(path);
            return;
        }
        self.doc = Document::new(p, None).with_protection(protection);
        self.doc.mark_unsaved();
        self.sel.movement = 0;
        self.ui.status = "recovered unsaved changes: save them with File > Save as…".into();
    }

    /// Whether `p` was made on the map that is loaded (same hash, or same file).
    fn on_this_map(&self, p: &plan::Plan) -> bool {
        let Some(m) = &self.map else { return true };
        if !p.map.sha256.is_empty() && !m.sha256.is_empty() {
            return p.map.sha256 == m.sha256;
        }
        same_file(Path::new(&p.map.path), &m.path)
    }

    pub(super) fn clear_recovery(&self) {
        if let Some(dir) = &self.config {
            let _ = std::fs::remove_file(state::recovery_path(dir));
            let _ = std::fs::remove_file(state::encrypted_recovery_path(dir));
        }
    }

    /// The unsaved-changes prompt.
    pub(super) fn unsaved_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        if self.ui.confirm.is_none() {
            return out;
        }
        egui::Modal::new(egui::Id::unique("unsaved")).show(ui.ctx(), |ui| {
            ui.heading("Unsaved changes");
            ui.label("The plan has changes that are not saved.");
            ui.horizontal(|ui| {
                for (text, answer) in [
                    ("Save", Answer::Save),
                    ("Discard changes", Answer::Discard),
                    ("Cancel", Answer::Cancel),
                ] {
                    if ui.button(text).clicked() {
                        out.push(Command::Unsaved(answer));
                    }
                }
            });
        });
        out
    }

    /// The "By path…" window: a path, then Open, Save as, or Export (the kind from the
    /// extension). For machines where the native dialogs are not available.
    pub(super) fn path_prompt_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(text) = &mut self.ui.path_prompt else {
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
                let export = ExportKind::from_extension(ext);
                ui.horizontal(|ui| {
                    let mut button = |label: String, c: Command| {
                        if ui.button(label).clicked() {
                            out.push(c);
                            close = true;
                        }
                    };
                    button("Open".into(), Command::Open(path.clone()));
                    button("Save as".into(), Command::SaveAs(path.clone()));
                    if let Some(k) = export {
                        let label = format!("Export {}", ext.to_uppercase());
                        button(label, Command::Export(k, path.clone()));
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
            });
        if close {
            self.ui.path_prompt = None;
        }
        out
    }

    /// The offer to recover the changes an earlier session left unsaved.
    pub(super) fn recovery_offer_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(r) = &self.ui.recovery else {
            return out;
        };
        let when = std::fs::metadata(r)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .map(|d| format!(" ({} min ago)", d.as_secs() / 60))
            .unwrap_or_default();
        let text = if plan::is_encrypted(r) {
            format!(
                "Unsaved changes to an encrypted plan from an earlier session were kept{when}; recovering them needs its passphrase."
            )
        } else {
            let what = plan::load(r)
                .map(|p| format!(": '{}' on {}", p.name, p.map.file_name()))
                .unwrap_or_default();
            format!("Unsaved changes from an earlier session were kept{when}{what}.")
        };
        ui.colored_label(super::panels::WARNING, text);
        ui.horizontal(|ui| {
            if ui.button("Recover them").clicked() {
                out.push(Command::Recover);
            }
            if ui.button("Discard them").clicked() {
                out.push(Command::DiscardRecovery);
            }
        });
        ui.separator();
        out
    }
}

/// Whether two paths name the same file.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Whether a path names a plan file (`.ron`, or `.ron.age` encrypted), the only kinds
/// Save as writes.
fn is_plan_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron") || e.eq_ignore_ascii_case("age"))
}

/// Whether a path names a map extract (`.osm.pbf`, `.pbf`).
fn is_map_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pbf"))
}
