//! The window's chrome: menus, toolbar, status bar and the About window, and the one
//! table of keyboard shortcuts ([`Action`]) that both the menus (which show them) and
//! the key handler (which acts on them) read.

use super::command::{Ask, Command};
use super::selection::Tool;
use super::{CordonApp, shown_path};
use crate::export::ExportKind;
use crate::plan::{self, CheckpointKind};
use egui::{Key, KeyboardShortcut, Modifiers, Ui};

/// What a menu item or a key stroke does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new empty plan.
    NewPlan,
    /// Open a plan (dialog).
    Open,
    /// Save the plan.
    Save,
    /// Save it elsewhere (dialog).
    SaveAs,
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Close the zone being drawn.
    FinishZone,
    /// Drop the zone being drawn.
    CancelZone,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

impl Action {
    /// Every action, those with more modifiers first: egui matches Ctrl+Z on
    /// Ctrl+Shift+Z too, so the longer shortcut must be consumed first.
    pub const ALL: [Action; 8] = [
        Action::Redo,
        Action::SaveAs,
        Action::Undo,
        Action::Save,
        Action::Open,
        Action::NewPlan,
        Action::FinishZone,
        Action::CancelZone,
    ];

    /// Its shortcuts; the menus show the first.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const fn k(m: Modifiers, key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(m, key)
        }
        const NEW: &[KeyboardShortcut] = &[k(CMD, Key::N)];
        const OPEN: &[KeyboardShortcut] = &[k(CMD, Key::O)];
        const SAVE: &[KeyboardShortcut] = &[k(CMD, Key::S)];
        const SAVE_AS: &[KeyboardShortcut] = &[k(CMD_SHIFT, Key::S)];
        const UNDO: &[KeyboardShortcut] = &[k(CMD, Key::Z)];
        const REDO: &[KeyboardShortcut] = &[k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)];
        const ENTER: &[KeyboardShortcut] = &[k(Modifiers::NONE, Key::Enter)];
        const ESCAPE: &[KeyboardShortcut] = &[k(Modifiers::NONE, Key::Escape)];
        match self {
            Action::NewPlan => NEW,
            Action::Open => OPEN,
            Action::Save => SAVE,
            Action::SaveAs => SAVE_AS,
            Action::Undo => UNDO,
            Action::Redo => REDO,
            Action::FinishZone => ENTER,
            Action::CancelZone => ESCAPE,
        }
    }

    /// The command it gives.
    pub fn command(self) -> Command {
        match self {
            Action::NewPlan => Command::NewPlan,
            Action::Open => Command::Ask(Ask::Open),
            Action::Save => Command::Save,
            Action::SaveAs => Command::Ask(Ask::SaveAs),
            Action::Undo => Command::Undo,
            Action::Redo => Command::Redo,
            Action::FinishZone => Command::FinishZone,
            Action::CancelZone => Command::CancelZone,
        }
    }
}

/// A menu button showing `action`'s first shortcut; `true` when clicked.
fn action_button(ui: &mut Ui, action: Action, text: &str, enabled: bool) -> bool {
    let shortcut = action
        .shortcuts()
        .first()
        .map(|s| ui.ctx().format_shortcut(s))
        .unwrap_or_default();
    ui.add_enabled(enabled, egui::Button::new(text).shortcut_text(shortcut))
        .clicked()
}

impl CordonApp {
    /// The key handler: every action whose shortcut was pressed. Zone keys act only
    /// while a zone is being drawn.
    pub(super) fn shortcuts(&self, ui: &Ui) -> Vec<Command> {
        let drawing = !self.sel.draft_zone.is_empty();
        let mut out = Vec::new();
        ui.input_mut(|i| {
            for a in Action::ALL {
                if a == Action::FinishZone && !drawing {
                    continue;
                }
                // Plain keys (Enter, Escape) are only looked at, so text fields and
                // popups still get them; shortcuts with modifiers are consumed.
                let hit = a.shortcuts().iter().any(|s| {
                    if s.modifiers.is_none() {
                        i.key_pressed(s.logical_key)
                    } else {
                        i.consume_shortcut(s)
                    }
                });
                if hit {
                    out.push(a.command());
                }
            }
        });
        out
    }

    pub(super) fn menu_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| out.extend(self.file_menu_ui(ui)));
            ui.menu_button("Edit", |ui| out.extend(self.edit_menu_ui(ui)));
            ui.menu_button("View", |ui| out.extend(self.view_menu_ui(ui)));
            ui.menu_button("Help", |ui| {
                if ui.button("About Cordon").clicked() {
                    out.push(Command::ShowAbout(true));
                }
            });
        });
        out
    }

    fn file_menu_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let mut action = |ui: &mut Ui, a: Action, text: &str| {
            if action_button(ui, a, text, true) {
                out.push(a.command());
            }
        };
        action(ui, Action::NewPlan, "New plan");
        action(ui, Action::Open, "Open…");
        if ui.button("Open map…").clicked() {
            out.push(Command::Ask(Ask::OpenMap));
        }
        if ui
            .button("By path…")
            .on_hover_text(
                "Open, save or export by typing a path (when no file dialog is available)",
            )
            .clicked()
        {
            out.push(Command::ShowByPath);
        }
        ui.menu_button("Open recent", |ui| {
            if self.state.recent.is_empty() {
                ui.label("(none)");
            }
            for p in &self.state.recent {
                if ui.button(p.display().to_string()).clicked() {
                    out.push(Command::Open(p.clone()));
                }
            }
        });
        let mut action = |ui: &mut Ui, a: Action, text: &str| {
            if action_button(ui, a, text, true) {
                out.push(a.command());
            }
        };
        action(ui, Action::Save, "Save");
        action(ui, Action::SaveAs, "Save as…");
        let encrypted = self.doc.protection.is_encrypted();
        if ui
            .add_enabled(!encrypted, egui::Button::new("Encrypt…"))
            .on_hover_text("Save the plan encrypted with a passphrase (.ron.age)")
            .clicked()
        {
            out.push(Command::ShowEncrypt);
        }
        if ui
            .add_enabled(
                encrypted && self.doc.path.is_some(),
                egui::Button::new("Change passphrase…"),
            )
            .on_hover_text("Save this encrypted plan under a new passphrase")
            .clicked()
        {
            out.push(Command::ShowChangePassphrase);
        }
        if ui
            .add_enabled(encrypted, egui::Button::new("Decrypt…"))
            .on_hover_text("Save a plain copy of this encrypted plan and go on with it")
            .clicked()
        {
            out.push(Command::Ask(Ask::Decrypt));
        }
        ui.separator();
        ui.menu_button("Export", |ui| {
            for k in ExportKind::ALL {
                if k.needs_map() {
                    // One item per role: who the brief (or the brief in the TAK
                    // package) is for, in one click.
                    for r in crate::export::brief::Role::ALL {
                        let text = match (k, r) {
                            (_, crate::export::brief::Role::Full) => format!("{}…", k.label()),
                            (ExportKind::Tak, r) => {
                                format!("{} with the {} brief…", k.label(), r.key())
                            }
                            (_, r) => format!("{} for the {}…", k.label(), r.key()),
                        };
                        if ui.button(text).clicked() {
                            out.push(Command::SetBriefRole(r));
                            out.push(Command::Ask(Ask::Export(k)));
                        }
                    }
                    continue;
                }
                if ui.button(format!("{}…", k.label())).clicked() {
                    out.push(Command::Ask(Ask::Export(k)));
                }
            }
        });
        ui.separator();
        if ui.button("Quit").clicked() {
            out.push(Command::Quit);
        }
        out
    }

    fn edit_menu_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        for (a, word, label) in [
            (Action::Undo, "Undo", self.doc.undo_label()),
            (Action::Redo, "Redo", self.doc.redo_label()),
        ] {
            let text = label.map_or_else(|| word.to_string(), |l| format!("{word} {l}"));
            if action_button(ui, a, &text, label.is_some()) {
                out.push(a.command());
            }
        }
        out
    }

    fn view_menu_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        if ui.button("Zoom to plan").clicked() {
            out.push(Command::ZoomToPlan);
        }
        if ui.button("Zoom to movement").clicked() {
            out.push(Command::ZoomToMovement);
        }
        if ui.button("Zoom to map").clicked() {
            out.push(Command::ZoomToMap);
        }
        let mut risk = self.sel.risk_colours;
        if ui.checkbox(&mut risk, "Risk colours on routes").changed() {
            out.push(Command::SetRiskColours(risk));
        }
        ui.separator();
        for (dark, text) in [
            (false, "Light theme"),
            (true, "Dark theme (the map keeps its print colours)"),
        ] {
            if ui.radio(self.state.dark == dark, text).clicked() {
                out.push(Command::SetTheme(dark));
            }
        }
        out
    }

    /// Switches the theme and remembers it.
    pub(super) fn set_theme(&mut self, dark: bool) {
        self.state.dark = dark;
        if let Some(ctx) = &self.ui.ctx {
            ctx.set_theme(theme(dark));
        }
        self.save_state();
    }

    pub(super) fn toolbar_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        ui.horizontal_wrapped(|ui| {
            for t in Tool::ALL {
                let (label, tip) = t.describe();
                if ui
                    .selectable_label(self.sel.tool == t, label)
                    .on_hover_text(tip)
                    .clicked()
                {
                    out.push(Command::SetTool(t));
                }
            }
            egui::ComboBox::from_label("kind")
                .selected_text(self.sel.checkpoint_kind.label())
                .show_ui(ui, |ui| {
                    for k in CheckpointKind::ALL {
                        let on = self.sel.checkpoint_kind == k;
                        if ui.selectable_label(on, k.label()).clicked() {
                            out.push(Command::SetCheckpointKind(k));
                        }
                    }
                });
            if !self.sel.draft_zone.is_empty() {
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
            for (a, text, enabled) in [
                (Action::Undo, "Undo", self.doc.undo_label().is_some()),
                (Action::Redo, "Redo", self.doc.redo_label().is_some()),
            ] {
                if ui.add_enabled(enabled, egui::Button::new(text)).clicked() {
                    out.push(a.command());
                }
            }
            if self.bg.jobs.busy() {
                ui.spinner();
            }
        });
        out
    }

    pub(super) fn status_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let title = self
                .doc
                .path
                .as_deref()
                .map(shown_path)
                .unwrap_or_else(|| "(not saved)".into());
            let dirty = if self.doc.is_dirty() { " •" } else { "" };
            let sealed = if self.doc.protection.is_encrypted() {
                " (encrypted)"
            } else {
                ""
            };
            ui.label(format!("{title}{sealed}{dirty}"));
            ui.separator();
            ui.label(&self.ui.status);
            if let Some(p) = self.ui.hover {
                ui.separator();
                ui.monospace(self.doc.plan.grid.format(p));
            }
            let issues = &self.doc.issues;
            let errors = issues
                .iter()
                .filter(|i| i.severity == plan::Severity::Error)
                .count();
            let warnings = issues.len() - errors;
            if errors + warnings > 0 {
                ui.separator();
                let all: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
                ui.label(format!("schedule: {errors} errors, {warnings} warnings"))
                    .on_hover_text(all.join("\n"));
            }
        });
    }

    pub(super) fn about_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        if !self.ui.about {
            return out;
        }
        egui::Window::new("About Cordon")
            .collapsible(false)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                ui.heading(format!("Cordon {}", env!("CARGO_PKG_VERSION")));
                ui.label("Offline executive-protection route planning.");
                ui.label("Map data © OpenStreetMap contributors, available under the Open Database License (ODbL).");
                ui.label("Nothing leaves this machine: Cordon makes no network connections.");
                if let Some(m) = &self.map {
                    ui.label(format!("Map: {}", m.path.display()));
                }
                if ui.button("Close").clicked() {
                    out.push(Command::ShowAbout(false));
                }
            });
        out
    }
}

/// egui's theme for the dark flag.
pub(super) fn theme(dark: bool) -> egui::Theme {
    if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shortcut_is_bound_once_and_longer_ones_are_consumed_first() {
        let all: Vec<(usize, KeyboardShortcut)> = Action::ALL
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.shortcuts().iter().map(move |s| (i, *s)))
            .collect();
        for (n, (i, s)) in all.iter().enumerate() {
            assert!(
                all[n + 1..].iter().all(|(_, t)| t != s),
                "{s:?} is bound twice"
            );
            // A shortcut that another one's modifiers include (Ctrl+Z within
            // Ctrl+Shift+Z) must come after it.
            for (j, t) in &all {
                let wider = t.logical_key == s.logical_key
                    && t.modifiers != s.modifiers
                    && t.modifiers.contains(s.modifiers);
                assert!(!wider || j < i, "{t:?} must come before {s:?}");
            }
        }
        assert_eq!(Action::Open.command(), Command::Ask(Ask::Open));
    }
}
