//! Choosing a file. The native dialog (`rfd`, through the XDG desktop portal on Linux)
//! is used where a desktop shows one; where none answers (no portal: it returns at
//! once, faster than anyone can cancel), Cordon's own dialog (a folder browser drawn in
//! the window) takes over for the rest of the session, and the status bar says so
//! once. `CORDON_FILE_DIALOG=builtin` asks for Cordon's own from the start.
//!
//! Cordon's own is written here rather than taken from a crate: egui-file-dialog has
//! no release for egui 0.37, and egui_file 0.29 draws its icons with emoji that the
//! app's fonts do not have (tofu on screen, a panic under the UI tests).

use super::CordonApp;
use super::command::{Ask, Command};
use egui::Ui;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Cordon's own file dialog: a folder, its entries, a file name.
pub(super) struct FileDialog {
    ask: Ask,
    folder: PathBuf,
    name: String,
    /// Only files with these extensions are listed (opening).
    only: Option<&'static [&'static str]>,
    error: Option<String>,
}

/// A native dialog that returns nothing faster than this was not shown.
const NOT_SHOWN: Duration = Duration::from_millis(250);

/// Which dialogs the app uses and the in-app one that is open.
#[derive(Default)]
pub(super) struct Dialogs {
    /// Use Cordon's own dialog (no native one could be shown, or asked for).
    builtin: bool,
    /// The in-app dialog showing.
    open: Option<FileDialog>,
}

impl Dialogs {
    /// Dialogs as the environment asks (`CORDON_FILE_DIALOG=builtin`).
    pub(super) fn from_env() -> Dialogs {
        Dialogs {
            builtin: std::env::var("CORDON_FILE_DIALOG").is_ok_and(|v| v == "builtin"),
            open: None,
        }
    }

    /// Always use Cordon's own dialog.
    pub(super) fn builtin() -> Dialogs {
        Dialogs {
            builtin: true,
            open: None,
        }
    }
}

impl CordonApp {
    /// Shows a file dialog for `a` and applies what the user picks.
    pub(super) fn ask(&mut self, a: Ask) {
        if self.ui.dialogs.builtin {
            return self.open_builtin(a);
        }
        let t = Instant::now();
        match native(a, self.doc.protection.is_encrypted()) {
            Some(c) => self.apply(c),
            None if t.elapsed() < NOT_SHOWN => {
                self.ui.dialogs.builtin = true;
                self.ui.status = "no desktop file dialog answered: using Cordon's own".into();
                self.open_builtin(a);
            }
            None => {}
        }
    }

    fn open_builtin(&mut self, a: Ask) {
        // Start beside the plan, named after it, where there is one.
        let here = self.doc.path.as_deref();
        let plan_dir = here
            .and_then(Path::parent)
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("plans"));
        let stem = here
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .map(|n| {
                n.trim_end_matches(".age")
                    .trim_end_matches(".ron")
                    .to_string()
            })
            .unwrap_or_else(|| "plan".into());
        let plan_name = if self.doc.protection.is_encrypted() {
            format!("{stem}.ron.age")
        } else {
            format!("{stem}.ron")
        };
        let (start, name, only): (_, _, Option<&'static [&'static str]>) = match a {
            Ask::Open => (plan_dir, String::new(), Some(&["ron", "age"])),
            Ask::OpenMap => (Path::new("maps"), String::new(), Some(&["pbf"])),
            Ask::SaveAs => (plan_dir, plan_name, None),
            Ask::Decrypt => (plan_dir, format!("{stem}.ron"), None),
            Ask::Export(k) => (plan_dir, format!("{stem}.{}", k.extension()), None),
        };
        let folder = std::fs::canonicalize(start)
            .or_else(|_| std::env::current_dir())
            .unwrap_or_else(|_| PathBuf::from("."));
        self.ui.dialogs.open = Some(FileDialog {
            ask: a,
            folder,
            name,
            only,
            error: None,
        });
    }

    /// The in-app dialog, when one is open; what was picked becomes a command.
    pub(super) fn file_dialog_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let Some(d) = &mut self.ui.dialogs.open else {
            return Vec::new();
        };
        let mut done = None;
        egui::Window::new(title(d.ask))
            .collapsible(false)
            .default_width(460.0)
            .show(ui.ctx(), |ui| done = d.ui(ui));
        match done {
            Some(picked) => {
                self.ui.dialogs.open = None;
                picked.into_iter().collect()
            }
            None => Vec::new(),
        }
    }

    /// Whether an in-app file dialog is showing.
    pub fn file_dialog_open(&self) -> bool {
        self.ui.dialogs.open.is_some()
    }
}

impl FileDialog {
    /// One frame; `Some` when closed: with the command for the picked file, or
    /// `None` when cancelled.
    fn ui(&mut self, ui: &mut Ui) -> Option<Option<Command>> {
        ui.horizontal(|ui| {
            if ui.button("Up").on_hover_text("The folder above").clicked()
                && let Some(parent) = self.folder.parent()
            {
                self.folder = parent.to_path_buf();
            }
            ui.label(self.folder.display().to_string());
        });
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| self.entries_ui(ui));
        let l = ui.label("File name");
        let field = ui.text_edit_singleline(&mut self.name).labelled_by(l.id);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(e) = &self.error {
            ui.colored_label(super::panels::ERROR, e);
        }
        let mut done = None;
        ui.horizontal(|ui| {
            let action = match self.ask {
                Ask::Open | Ask::OpenMap => "Open",
                Ask::SaveAs | Ask::Decrypt | Ask::Export(_) => "Save",
            };
            if ui.button(action).clicked() || enter {
                match self.name.trim() {
                    "" => self.error = Some("choose or type a file name".into()),
                    name => done = Some(Some(command(self.ask, self.folder.join(name)))),
                }
            }
            if ui.button("Cancel").clicked() {
                done = Some(None);
            }
        });
        done
    }

    /// The folder's sub-folders (click to enter) and its files (click to choose).
    fn entries_ui(&mut self, ui: &mut Ui) {
        let Ok(read) = std::fs::read_dir(&self.folder) else {
            ui.colored_label(super::panels::ERROR, "this folder cannot be read");
            return;
        };
        let mut entries: Vec<(bool, String)> = read
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let dir = e.file_type().ok()?.is_dir();
                (!name.starts_with('.')).then_some((dir, name))
            })
            .filter(|(dir, name)| {
                *dir || self
                    .only
                    .is_none_or(|x| x.iter().any(|x| has_extension(name, x)))
            })
            .collect();
        entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (dir, name) in entries {
            let text = if dir {
                format!("{name}/")
            } else {
                name.clone()
            };
            if ui
                .selectable_label(!dir && self.name == name, text)
                .clicked()
            {
                if dir {
                    self.folder.push(&name);
                } else {
                    self.name = name;
                }
            }
        }
    }
}

fn has_extension(name: &str, ext: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn title(a: Ask) -> &'static str {
    match a {
        Ask::Open => "Open a plan",
        Ask::OpenMap => "Open a map (.osm.pbf)",
        Ask::SaveAs => "Save the plan as",
        Ask::Decrypt => "Save a plain (decrypted) copy as",
        Ask::Export(_) => "Export to",
    }
}

/// What a picked path does.
fn command(a: Ask, p: PathBuf) -> Command {
    match a {
        Ask::Open => Command::Open(p),
        Ask::OpenMap => Command::OpenMap(p),
        Ask::SaveAs => Command::SaveAs(p),
        Ask::Decrypt => Command::Decrypt(p),
        Ask::Export(k) => Command::Export(k, p),
    }
}

/// The file name Save as offers: encrypted plans are `.ron.age`.
fn save_name(encrypted: bool) -> &'static str {
    if encrypted {
        "plan.ron.age"
    } else {
        "plan.ron"
    }
}

/// The native dialog for `a`; `None` when cancelled or when none could be shown.
fn native(a: Ask, encrypted: bool) -> Option<Command> {
    let d = rfd::FileDialog::new();
    match a {
        Ask::Open => d
            .add_filter("Cordon plan", &["ron", "age"])
            .set_directory("plans")
            .pick_file()
            .map(Command::Open),
        Ask::OpenMap => d
            .add_filter("OpenStreetMap extract", &["pbf"])
            .set_directory("maps")
            .pick_file()
            .map(Command::OpenMap),
        Ask::SaveAs => d
            .add_filter("Cordon plan", &[if encrypted { "age" } else { "ron" }])
            .set_directory("plans")
            .set_file_name(save_name(encrypted))
            .save_file()
            .map(Command::SaveAs),
        Ask::Decrypt => d
            .add_filter("Cordon plan", &["ron"])
            .set_directory("plans")
            .set_file_name("plan.ron")
            .save_file()
            .map(Command::Decrypt),
        Ask::Export(k) => {
            let ext = k.extension();
            d.add_filter(ext, &[ext])
                .set_file_name(format!("export.{ext}"))
                .save_file()
                .map(|p| Command::Export(k, p))
        }
    }
}
