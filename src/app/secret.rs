//! Encrypted plans in the window: the passphrase prompt (to open a plan or its
//! recovery file, or to encrypt the plan), File > Encrypt… and Decrypt…, and the
//! warning before a plain export of an encrypted plan. The passphrase is typed into a
//! masked field, moved into a [`Passphrase`] (wiped when dropped) and the field wiped;
//! it is kept with the open document for its saves and never written anywhere.

use super::CordonApp;
use super::command::Command;
use super::error::AppError;
use crate::export::ExportKind;
use crate::plan::seal::SealError;
use crate::plan::{self, Passphrase, PlanError, Protection};
use egui::Ui;
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

/// What a passphrase is asked for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Purpose {
    /// Opening this encrypted plan.
    Open(PathBuf),
    /// Opening the encrypted recovery file.
    Recover,
    /// Encrypting the plan (the target file is edited in the prompt).
    Encrypt,
    /// A new passphrase for the encrypted plan.
    Change,
}

/// The passphrase prompt. Its text fields are wiped when it closes.
pub(super) struct SecretPrompt {
    pub(super) purpose: Purpose,
    text: String,
    repeat: String,
    target: String,
    delete_plain: bool,
    /// The passphrase field takes the keyboard when the prompt first shows.
    focus_pending: bool,
    pub(super) error: Option<String>,
}

impl Drop for SecretPrompt {
    fn drop(&mut self) {
        self.text.zeroize();
        self.repeat.zeroize();
    }
}

impl SecretPrompt {
    pub(super) fn new(purpose: Purpose) -> SecretPrompt {
        SecretPrompt {
            purpose,
            text: String::new(),
            repeat: String::new(),
            target: String::new(),
            delete_plain: true,
            focus_pending: true,
            error: None,
        }
    }

    /// The prompt's answer as a command, or why it cannot be one yet.
    fn submit(&mut self) -> Result<Command, String> {
        let text = std::mem::take(&mut self.text);
        let mut repeat = std::mem::take(&mut self.repeat);
        match &self.purpose {
            Purpose::Open(path) => Ok(Command::OpenEncrypted(path.clone(), Passphrase::new(text))),
            Purpose::Recover => Ok(Command::RecoverEncrypted(Passphrase::new(text))),
            Purpose::Encrypt | Purpose::Change => {
                let same = text == repeat;
                repeat.zeroize();
                if !same {
                    let mut text = text;
                    text.zeroize();
                    return Err("the two passphrases differ".into());
                }
                let passphrase = Passphrase::for_encrypting(text).map_err(|e| e.to_string())?;
                if self.purpose == Purpose::Change {
                    return Ok(Command::ChangePassphrase(passphrase));
                }
                let target = PathBuf::from(self.target.trim());
                if !plan::has_age_extension(&target) {
                    return Err("name the encrypted file with .ron.age at the end".into());
                }
                Ok(Command::Encrypt {
                    target,
                    passphrase,
                    delete_plain: self.delete_plain,
                })
            }
        }
    }
}

impl CordonApp {
    /// Passphrase and encryption commands; returns the command when it is not one.
    pub(super) fn apply_secret(&mut self, c: Command) -> Option<Command> {
        match c {
            Command::OpenEncrypted(path, p) => self.open_encrypted(&path, p),
            Command::RecoverEncrypted(p) => self.recover_encrypted(p),
            Command::ShowEncrypt => self.show_encrypt(),
            Command::Encrypt {
                target,
                passphrase,
                delete_plain,
            } => self.encrypt(&target, passphrase, delete_plain),
            Command::Decrypt(path) => self.decrypt(&path),
            Command::ExportPlain(k, path) => {
                self.ui.plain_export = None;
                self.start_export(k, path, true);
            }
            Command::ShowChangePassphrase => {
                if self.doc.protection.is_encrypted() && self.doc.path.is_some() {
                    self.ask_passphrase(Purpose::Change);
                }
            }
            Command::ChangePassphrase(p) => self.change_passphrase(p),
            Command::CloseSecretPrompt => {
                if let Some(prompt) = self.ui.secret.take() {
                    self.ui.status = match &prompt.purpose {
                        Purpose::Open(p) => format!("{} was not opened", p.display()),
                        Purpose::Recover => "the unsaved changes were not recovered".into(),
                        Purpose::Encrypt => "the plan was not encrypted".into(),
                        Purpose::Change => "the passphrase was not changed".into(),
                    };
                }
                if self.ui.plain_export.take().is_some() {
                    self.ui.status = "nothing was exported".into();
                }
            }
            c => return Some(c),
        }
        None
    }

    /// Asks for the passphrase of the encrypted plan at `path`.
    pub(super) fn ask_passphrase(&mut self, purpose: Purpose) {
        self.ui.secret = Some(SecretPrompt::new(purpose));
    }

    /// Opens an encrypted plan: at once when its map is the one loaded, else with its
    /// map on the worker. A wrong passphrase asks again, saying so.
    fn open_encrypted(&mut self, path: &Path, passphrase: Passphrase) {
        let p = match plan::load_with(path, Some(&passphrase)) {
            Ok(p) => p,
            Err(e) => return self.passphrase_failed(Purpose::Open(path.to_path_buf()), e),
        };
        self.ui.secret = None;
        self.opened(p, path, Protection::Passphrase(passphrase));
    }

    /// A failed passphrase: wrong ones ask again; anything else is an error.
    fn passphrase_failed(&mut self, purpose: Purpose, e: PlanError) {
        if matches!(
            e,
            PlanError::Seal {
                source: SealError::WrongPassphrase,
                ..
            }
        ) {
            let mut prompt = SecretPrompt::new(purpose);
            prompt.error = Some("Wrong passphrase: try again.".into());
            self.ui.secret = Some(prompt);
            return;
        }
        self.ui.secret = None;
        self.ui.error = Some(AppError::Plan(e));
    }

    fn recover_encrypted(&mut self, passphrase: Passphrase) {
        let Some(path) = self.ui.recovery.clone() else {
            return;
        };
        match plan::load_with(&path, Some(&passphrase)) {
            Ok(p) => {
                self.ui.secret = None;
                self.ui.recovery = None;
                self.recovered(p, Protection::Passphrase(passphrase), path);
            }
            Err(e) => self.passphrase_failed(Purpose::Recover, e),
        }
    }

    /// Recovering encrypted changes: with the open plan's passphrase when it opens
    /// them (the usual case: the same plan), else asked for.
    pub(super) fn recover_sealed(&mut self) {
        if let (Protection::Passphrase(p), Some(path)) = (&self.doc.protection, &self.ui.recovery)
            && let Ok(plan) = plan::load_with(path, Some(p))
        {
            let (p, path) = (p.clone(), path.clone());
            self.ui.recovery = None;
            return self.recovered(plan, Protection::Passphrase(p), path);
        }
        self.ask_passphrase(Purpose::Recover);
    }

    fn show_encrypt(&mut self) {
        if self.doc.protection.is_encrypted() {
            self.ui.status = "the plan is already encrypted".into();
            return;
        }
        let mut prompt = SecretPrompt::new(Purpose::Encrypt);
        prompt.target = match &self.doc.path {
            Some(p) => format!("{}.age", p.display()),
            None => format!("plans/{}.ron.age", file_stem(&self.doc.plan.name)),
        };
        self.ui.secret = Some(prompt);
    }

    /// Saves the plan encrypted to `target`, then deletes the plain file it came from
    /// (and its backup and the plain recovery file) when asked.
    fn encrypt(&mut self, target: &Path, passphrase: Passphrase, delete_plain: bool) {
        if std::fs::symlink_metadata(target).is_ok() {
            if let Some(prompt) = &mut self.ui.secret {
                prompt.error = Some(format!("{} exists: name another file", target.display()));
            }
            return;
        }
        let plain = self.doc.path.clone().filter(|_| delete_plain);
        let protection = Protection::Passphrase(passphrase);
        if let Err(e) = self.save_with(target, &protection) {
            self.ui.secret = None;
            return self.ui.error = Some(AppError::Plan(e));
        }
        self.ui.secret = None;
        self.doc.protection = protection;
        self.after_save(target);
        let mut deleted = Vec::new();
        for p in plain
            .iter()
            .flat_map(|p| [p.clone(), crate::atomic::backup_path(p)])
        {
            if p.is_file() && std::fs::remove_file(&p).is_ok() {
                deleted.push(p.display().to_string());
            }
        }
        if let Some(old) = &plain {
            self.state.recent.retain(|r| r != old);
            self.save_state();
        }
        self.ui.status = if deleted.is_empty() {
            format!("encrypted to {}", target.display())
        } else {
            format!(
                "encrypted to {}; deleted the plain {} (deleted, not wiped from the disk)",
                target.display(),
                deleted.join(" and ")
            )
        };
    }

    /// Saves the encrypted plan under a new passphrase and removes its backup, which
    /// the old passphrase still opens.
    fn change_passphrase(&mut self, passphrase: Passphrase) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let protection = Protection::Passphrase(passphrase);
        self.ui.secret = None;
        if let Err(e) = self.save_with(&path, &protection) {
            return self.ui.error = Some(AppError::Plan(e));
        }
        self.doc.protection = protection;
        self.after_save(&path);
        let bak = crate::atomic::backup_path(&path);
        let removed = bak.is_file() && std::fs::remove_file(&bak).is_ok();
        self.ui.status = if removed {
            format!(
                "passphrase changed for {}; its backup, which the old passphrase opens, was deleted",
                path.display()
            )
        } else {
            format!("passphrase changed for {}", path.display())
        };
    }

    /// Saves a plain copy of the encrypted plan to `path` and goes on with it; the
    /// encrypted file stays as it was.
    fn decrypt(&mut self, path: &Path) {
        if plan::has_age_extension(path) {
            return self.ui.error = Some(AppError::PlainNamedAge(path.to_path_buf()));
        }
        let was = self.doc.path.clone();
        if let Err(e) = self.save_with(path, &Protection::Plain) {
            return self.ui.error = Some(AppError::Plan(e));
        }
        self.doc.protection = Protection::Plain;
        self.after_save(path);
        self.ui.status = format!(
            "saved a plain copy: {} (readable by you only){}",
            path.display(),
            was.map(|w| format!("; {} is unchanged", w.display()))
                .unwrap_or_default()
        );
    }

    /// An export: straight away for a plain plan; for an encrypted one, after the
    /// planner has read that the export is plain text.
    pub(super) fn export_checked(&mut self, k: ExportKind, path: PathBuf) {
        if self.doc.protection.is_encrypted() {
            self.ui.plain_export = Some((k, path));
        } else {
            self.start_export(k, path, false);
        }
    }

    /// The passphrase prompt and the plain-export warning, when showing.
    pub(super) fn secret_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some((k, path)) = &self.ui.plain_export {
            plain_export_ui(ui, *k, path, &mut out);
        }
        if let Some(prompt) = &mut self.ui.secret {
            prompt_ui(ui, prompt, &mut out);
        }
        out
    }
}

fn prompt_ui(ui: &mut Ui, prompt: &mut SecretPrompt, out: &mut Vec<Command>) {
    // Read before the fields, which take Escape to give up the keyboard.
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    let _ = egui::Modal::new(egui::Id::unique("passphrase")).show(ui.ctx(), |ui| {
        ui.set_width(460.0);
        let (heading, what) = match &prompt.purpose {
            Purpose::Open(p) => (
                "Encrypted plan",
                format!("{} is encrypted. Its passphrase:", p.display()),
            ),
            Purpose::Recover => (
                "Encrypted unsaved changes",
                "The unsaved changes of an encrypted plan were kept. The plan's passphrase:"
                    .to_string(),
            ),
            Purpose::Encrypt => (
                "Encrypt the plan",
                "The plan, its backup and its autosaved changes will be written encrypted (age, scrypt). Without the passphrase nobody, you included, can open it: keep it safe."
                    .to_string(),
            ),
            Purpose::Change => (
                "Change the passphrase",
                "The plan is saved under the new passphrase; its backup, which the old passphrase opens, is deleted."
                    .to_string(),
            ),
        };
        ui.heading(heading);
        ui.label(what);
        let encrypting = matches!(prompt.purpose, Purpose::Encrypt | Purpose::Change);
        if prompt.purpose == Purpose::Encrypt {
            let l = ui.label("Encrypted file");
            ui.add(egui::TextEdit::singleline(&mut prompt.target).desired_width(440.0))
                .labelled_by(l.id);
        }
        let l = ui.label(if prompt.purpose == Purpose::Change {
            "New passphrase"
        } else {
            "Passphrase"
        });
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .password(true)
                    .id(egui::Id::unique("passphrase-text"))
                    .desired_width(300.0),
            )
            .labelled_by(l.id);
        // Asked once, not every frame: a planner who clicks elsewhere keeps that focus.
        // (egui's memory, not `has_focus`, which is false while the window itself is
        // not focused: asking again every frame then repainted without end.)
        if prompt.focus_pending {
            if ui.memory(|m| m.has_focus(field.id)) {
                prompt.focus_pending = false;
            } else {
                field.request_focus();
            }
        }
        let mut enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if encrypting {
            let l = ui.label("Repeat it");
            let again = ui
                .add(
                    egui::TextEdit::singleline(&mut prompt.repeat)
                        .password(true)
                        .id(egui::Id::unique("passphrase-repeat"))
                        .desired_width(300.0),
                )
                .labelled_by(l.id);
            enter = again.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if prompt.purpose == Purpose::Encrypt && prompt.target.ends_with(".age") {
                ui.checkbox(
                    &mut prompt.delete_plain,
                    "Delete the plain plan file and its backup afterwards",
                );
            }
        }
        if let Some(e) = &prompt.error {
            ui.colored_label(super::panels::WARNING, e);
        }
        ui.horizontal(|ui| {
            let label = match prompt.purpose {
                Purpose::Encrypt => "Encrypt",
                Purpose::Change => "Change",
                _ => "Open",
            };
            if ui.button(label).clicked() || enter {
                match prompt.submit() {
                    Ok(c) => out.push(c),
                    Err(e) => prompt.error = Some(e),
                }
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::CloseSecretPrompt);
            }
        });
    });
    // Escape cancels; a click outside does not (it would close the prompt unseen, and
    // leave the plan unopened without a word).
    if escape {
        out.push(Command::CloseSecretPrompt);
    }
}

fn plain_export_ui(ui: &mut Ui, k: ExportKind, path: &Path, out: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("plain-export")).show(ui.ctx(), |ui| {
        ui.set_width(460.0);
        ui.heading("The export is not encrypted");
        ui.label(format!(
            "This plan is encrypted, but {} ({}) will be plain text, as every export is: anyone who gets the file can read it. Cordon writes it readable by you only (mode 600).",
            path.display(),
            k.label()
        ));
        ui.horizontal(|ui| {
            if ui.button("Write the plain export").clicked() {
                out.push(Command::ExportPlain(k, path.to_path_buf()));
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::CloseSecretPrompt);
            }
        });
    });
}

/// A file name from a plan name: letters, digits, `-` and `_`.
fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "plan".into() } else { s }
}
