//! The open plan with its file, undo and redo history and unsaved-changes state. No
//! egui here. Every edit ends in [`Document::commit`], which drops routes the edit made
//! stale, keeps the state before it for undo and recomputes the schedule, so tables
//! and the map always agree.

use crate::plan::{self, Issue, Plan, Protection};
use std::path::PathBuf;

/// How many edits undo remembers.
pub const UNDO_DEPTH: usize = 100;

struct Step {
    label: String,
    before: Plan,
    before_id: u64,
}

/// A plan being edited.
pub struct Document {
    /// The plan as it is now.
    pub plan: Plan,
    /// Where it is saved, if it has been.
    pub path: Option<PathBuf>,
    /// Whether it is kept encrypted (with the passphrase, held in memory only).
    pub protection: Protection,
    /// The schedule's findings for the current plan.
    pub issues: Vec<Issue>,
    base: Plan,
    undo: Vec<Step>,
    redo: Vec<Step>,
    id: u64,
    next_id: u64,
    saved_id: u64,
    merge_open: bool,
}

impl Document {
    /// A document for `plan`, saved at `path` (if any) and so not dirty. Routes saved
    /// without their inputs are taken as current, so later edits are noticed.
    pub fn new(mut plan: Plan, path: Option<PathBuf>) -> Document {
        plan.adopt_unrecorded_routes();
        let issues = plan::schedule(&mut plan);
        Document {
            base: plan.clone(),
            plan,
            path,
            protection: Protection::Plain,
            issues,
            undo: Vec::new(),
            redo: Vec::new(),
            id: 0,
            next_id: 1,
            saved_id: 0,
            merge_open: false,
        }
    }

    /// The document kept as `protection` says (an encrypted plan keeps its passphrase).
    pub fn with_protection(mut self, protection: Protection) -> Document {
        self.protection = protection;
        self
    }

    /// An id of the current state: it changes with every edit, undo and redo.
    pub fn version(&self) -> u64 {
        self.id
    }

    /// Whether there are changes since the last save or open.
    pub fn is_dirty(&self) -> bool {
        self.id != self.saved_id
    }

    /// Records that the plan was saved (to `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_id = self.id;
    }

    /// Marks the plan as not saved anywhere (recovered changes).
    pub fn mark_unsaved(&mut self) {
        self.path = None;
        self.saved_id = u64::MAX;
    }

    /// Records an edit made to `self.plan` in place. With `merge`, a run of edits with
    /// the same label (typing in one field) is one undo step.
    pub fn commit(&mut self, label: &str, merge: bool) {
        self.plan.drop_stale_routes();
        self.issues = plan::schedule(&mut self.plan);
        if self.plan == self.base {
            return;
        }
        let merging =
            merge && self.merge_open && self.undo.last().is_some_and(|s| s.label == label);
        if !merging {
            self.undo.push(Step {
                label: label.to_string(),
                before: std::mem::replace(&mut self.base, self.plan.clone()),
                before_id: self.id,
            });
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
        } else {
            self.base = self.plan.clone();
        }
        self.merge_open = merge;
        self.redo.clear();
        self.id = self.next_id;
        self.next_id += 1;
    }

    /// Applies `f` as one edit.
    pub fn edit(&mut self, label: &str, f: impl FnOnce(&mut Plan)) {
        f(&mut self.plan);
        self.commit(label, false);
    }

    /// Folds a computed change (new routes) into the current state without a new undo
    /// step: undoing the edit that asked for it undoes both.
    pub fn amend(&mut self, f: impl FnOnce(&mut Plan)) {
        f(&mut self.plan);
        self.issues = plan::schedule(&mut self.plan);
        self.base = self.plan.clone();
    }

    /// Undoes the last edit; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        self.jump(false)
    }

    /// Redoes the last undone edit; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        self.jump(true)
    }

    /// Moves one step back (or forward), keeping the state left for the way back.
    fn jump(&mut self, forward: bool) -> Option<String> {
        let (from, to) = if forward {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        let step = from.pop()?;
        let now = std::mem::replace(&mut self.plan, step.before);
        to.push(Step {
            label: step.label.clone(),
            before: now,
            before_id: self.id,
        });
        self.id = step.before_id;
        self.after_jump();
        Some(step.label)
    }

    fn after_jump(&mut self) {
        self.issues = plan::schedule(&mut self.plan);
        self.base = self.plan.clone();
        self.merge_open = false;
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::MapRef;

    fn doc() -> Document {
        Document::new(
            Plan::new(
                "t",
                MapRef {
                    path: "m.osm.pbf".into(),
                    sha256: String::new(),
                },
            ),
            Some("t.ron".into()),
        )
    }

    #[test]
    fn undo_and_redo_walk_the_history_and_track_saves() {
        let mut d = doc();
        assert!(!d.is_dirty());
        d.edit("rename", |p| p.name = "a".into());
        d.edit("rename", |p| p.name = "b".into());
        assert!(d.is_dirty());
        assert_eq!(d.undo().as_deref(), Some("rename"));
        assert_eq!(d.plan.name, "a");
        assert_eq!(d.undo().as_deref(), Some("rename"));
        assert_eq!(d.plan.name, "t");
        assert!(!d.is_dirty(), "back at the saved state");
        assert!(d.undo().is_none());
        d.redo();
        d.redo();
        assert_eq!(d.plan.name, "b");
        d.mark_saved("t.ron".into());
        assert!(!d.is_dirty());
        d.undo();
        assert!(d.is_dirty());
        d.edit("author", |p| p.author = "x".into());
        assert!(d.redo().is_none(), "a new edit drops the redo branch");
    }

    #[test]
    fn typing_in_one_field_is_one_step_and_no_op_edits_are_none() {
        let mut d = doc();
        for s in ["M", "Mo", "Mon"] {
            d.plan.notes = s.into();
            d.commit("notes", true);
        }
        d.edit("nothing", |_| {});
        assert_eq!(d.undo_label(), Some("notes"));
        d.undo();
        assert_eq!(d.plan.notes, "");
        assert!(d.undo_label().is_none());
    }

    #[test]
    fn amended_results_undo_with_their_edit() {
        let mut d = doc();
        d.edit("principal", |p| p.principal = "Crown".into());
        d.amend(|p| p.notes = "routes".into());
        d.undo();
        assert_eq!((d.plan.principal.as_str(), d.plan.notes.as_str()), ("", ""));
        d.redo();
        assert_eq!(d.plan.notes, "routes");
    }

    #[test]
    fn an_edit_that_changes_a_route_input_drops_those_routes_and_undo_restores_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sample = plan::load(&root.join("plans/monaco-state-visit.ron")).unwrap();
        let mut d = Document::new(sample.clone(), None);
        assert_eq!(d.plan, sample, "the sample's routes are current");
        d.edit("rename", |p| p.movements[0].name = "renamed".into());
        assert!(!d.plan.movements[0].routes.is_empty(), "a name is no input");
        d.edit("add via point", |p| {
            plan::edit::add_via(p, 0, "v", geo::Point::new(7.4200, 43.7300))
        });
        let m = &d.plan.movements[0];
        assert!(
            m.routes.is_empty() && m.routes_for.is_none(),
            "the via made them stale"
        );
        assert_eq!(d.plan.movements[1].routes, sample.movements[1].routes);
        d.undo();
        d.undo();
        assert_eq!(d.plan, sample);
    }
}
