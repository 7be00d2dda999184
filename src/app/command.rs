//! Everything the planner can ask for, as one [`Command`] type. Panels, menus, the
//! toolbar, the key handler and the map view return commands; they are applied after
//! the frame's layout, so tests drive the app exactly as the UI does. Applying is split
//! by what a command touches: the plan (undoable edits, through the library's
//! `plan::edit`), the selection, files (in `files.rs`) and the window.

use super::CordonApp;
use super::error::{AppError, Topic};
use super::panels::VenueForm;
use super::selection::{Tab, Tool};
use crate::export::ExportKind;
use crate::plan::edit::{self, End, Handle, Item, Pick};
use crate::plan::{CheckpointKind, ClockTime, Passphrase, RouteRole};
use crate::risk::PrimaryRule;
use geo::Point;
use std::path::PathBuf;

/// What a panel, menu, key or the map asks for; applied after the frame's layout.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    // Plan edits: each is one undo step.
    /// Set an end of the selected movement (a new one when there is none).
    SetEnd(End, Pick),
    /// Add a via point to the selected movement.
    AddVia(String, Point<f64>),
    /// Place a checkpoint of the chosen kind.
    AddCheckpoint(Point<f64>),
    /// A dragged marker was dropped.
    Move(Handle, Point<f64>),
    /// Remove a checkpoint, via point or avoid zone of the selected movement.
    Remove(Item),
    /// Add an empty movement.
    NewMovement,
    /// Delete a movement.
    DeleteMovement(usize),
    /// Delete a venue no movement uses.
    DeleteVenue(usize),
    /// Set when checkpoint `k` of the selected movement is passed (moves the departure).
    SetCheckpointTime(usize, ClockTime),
    /// Close the zone being drawn into an avoid zone.
    FinishZone,
    /// A panel edited the plan in place; merge runs of the same label.
    Edited(String, bool),
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Recompute the selected movement's routes.
    ComputeRoutes,
    /// Adopt a route the analysis found as the selected movement's primary (the
    /// routes are recomputed around it; the former primary stays as an alternate).
    SetPrimary(PrimaryRule),

    // Selection and tools.
    /// Run the name search.
    Search(String),
    /// Select a movement (and frame it).
    SelectMovement(usize),
    /// Select a venue (venue page).
    SelectVenue(usize),
    /// Bring checkpoint `k` of the selected movement into view.
    SelectCheckpoint(usize),
    /// Highlight a turn of the shown route.
    SelectStep(Option<usize>),
    /// List the turns of another route.
    SelectRoute(RouteRole),
    /// Show a page of the side panel.
    SelectTab(Tab),
    /// Choose what a click on the map does.
    SetTool(Tool),
    /// Choose the kind of checkpoint to place.
    SetCheckpointKind(CheckpointKind),
    /// A corner of the zone being drawn.
    ZonePoint(Point<f64>),
    /// Drop the zone being drawn.
    CancelZone,
    /// Paint the primary by risk.
    SetRiskColours(bool),
    /// The risk weight whose route the time-against-risk table marks.
    SetRiskWeight(f64),
    /// Centre the map on a point at street zoom.
    JumpTo(Point<f64>),
    /// Read the map around the selected venue.
    VenueContext,

    // Files (see `files.rs`).
    /// A new empty plan on the same map.
    NewPlan,
    /// Open a plan file (a `.pbf` opens as a map; an encrypted plan asks for its
    /// passphrase).
    Open(PathBuf),
    /// Open an encrypted plan with its passphrase.
    OpenEncrypted(PathBuf, Passphrase),
    /// Open the encrypted recovery file with the plan's passphrase.
    RecoverEncrypted(Passphrase),
    /// Ask for a passphrase to encrypt the plan with (File > Encrypt…).
    ShowEncrypt,
    /// Save the plan encrypted to a file; with `delete_plain`, delete the plain file it
    /// came from and its backup.
    Encrypt {
        /// The encrypted file to write.
        target: PathBuf,
        /// The passphrase.
        passphrase: Passphrase,
        /// Delete the plain plan and its backup once the encrypted one is written.
        delete_plain: bool,
    },
    /// Ask for a new passphrase for the encrypted plan.
    ShowChangePassphrase,
    /// Save the encrypted plan under a new passphrase.
    ChangePassphrase(Passphrase),
    /// Save a plain copy of the encrypted plan, and go on with the plain copy.
    Decrypt(PathBuf),
    /// Write an export of an encrypted plan, plain and owner-only, after the planner
    /// was told.
    ExportPlain(ExportKind, PathBuf),
    /// Close the passphrase prompt or the plain-export warning.
    CloseSecretPrompt,
    /// Load another map on the worker; then offer a new plan on it or keep the plan.
    OpenMap(PathBuf),
    /// Answer the question after a map opened: `true` keeps the plan, `false` starts
    /// a new plan on the new map.
    KeepPlanOnMap(bool),
    /// Save to the plan's file (or ask where).
    Save,
    /// Save to a file.
    SaveAs(PathBuf),
    /// Write an export.
    Export(ExportKind, PathBuf),
    /// Who the next PDF brief is for (driver cards, advance, leader, full).
    SetBriefRole(crate::export::brief::Role),
    /// Ask for a file with a dialog, then open, save or export it.
    Ask(Ask),
    /// Answer the unsaved-changes prompt.
    Unsaved(Answer),
    /// Open the autosaved changes of an earlier session.
    Recover,
    /// Delete them.
    DiscardRecovery,
    /// Close the window (asking first when there are unsaved changes).
    Quit,

    // The window.
    /// Frame the plan.
    ZoomToPlan,
    /// Frame the whole map.
    ZoomToMap,
    /// Frame the selected movement.
    ZoomToMovement,
    /// Light or dark theme.
    SetTheme(bool),
    /// Show or hide the About window.
    ShowAbout(bool),
    /// Show the open/save/export-by-path window.
    ShowByPath,
    /// Close the error banner.
    DismissError,
    /// Close the warning banner.
    DismissWarning,
    /// Stop loading the map.
    CancelLoad,
}

/// Which file dialog to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// A plan to open.
    Open,
    /// A map (`.osm.pbf`) to open.
    OpenMap,
    /// Where to save the plan.
    SaveAs,
    /// Where to save a plain copy of an encrypted plan.
    Decrypt,
    /// Where to write an export.
    Export(ExportKind),
}

/// The answers to "the plan has unsaved changes".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Save, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Stay.
    Cancel,
}

impl CordonApp {
    /// Applies a command.
    pub fn apply(&mut self, c: Command) {
        let before = self.doc.version();
        let rest = self
            .apply_edit(c)
            .and_then(|c| self.apply_selection(c))
            .and_then(|c| self.apply_file(c))
            .and_then(|c| self.apply_secret(c))
            .and_then(|c| self.apply_window(c));
        debug_assert!(rest.is_none(), "unhandled command {rest:?}");
        if self.doc.version() != before {
            // An edit went through: a refused edit's message has had its answer.
            self.resolved(&Topic::Edit);
        }
        self.sel.movement = self
            .sel
            .movement
            .min(self.doc.plan.movements.len().saturating_sub(1));
    }

    /// Plan edits; returns the command when it is not one.
    fn apply_edit(&mut self, c: Command) -> Option<Command> {
        let target = match &c {
            Command::SetEnd(_, pick) => Some(pick.at),
            Command::AddVia(_, p) => Some(*p),
            _ => None,
        };
        if let Some(e) = target.and_then(|p| self.off_road(p)) {
            // Nothing is added where no route can start, end or pass.
            self.ui.error = Some(e);
            return None;
        }
        let i = self.sel.movement;
        let has_movement = i < self.doc.plan.movements.len();
        match c {
            Command::SetEnd(end, pick) => {
                let label = match end {
                    End::Origin => "set origin",
                    End::Destination => "set destination",
                };
                let mut idx = i;
                let current = has_movement.then_some(i);
                self.doc
                    .edit(label, |plan| idx = edit::set_end(plan, current, end, &pick));
                self.sel.movement = idx;
                self.frame(&[pick.at]);
            }
            Command::AddVia(name, p) => self
                .doc
                .edit("add via point", |plan| edit::add_via(plan, i, &name, p)),
            Command::AddCheckpoint(_) if !has_movement => {
                self.ui.error = Some(AppError::CheckpointWithoutMovement)
            }
            Command::AddCheckpoint(p) => {
                let kind = self.sel.checkpoint_kind;
                self.doc.edit("add checkpoint", |plan| {
                    edit::add_checkpoint(plan, i, kind, p);
                });
            }
            Command::Move(h, p) => {
                let rename = self.via_rename(h, p);
                let label = match h {
                    Handle::Origin => "move origin",
                    Handle::Destination => "move destination",
                    Handle::Via(_) => "move via point",
                    Handle::Checkpoint(_) => "move checkpoint",
                    Handle::ZoneCorner(..) => "reshape avoid zone",
                };
                self.doc.edit(label, |plan| {
                    edit::move_handle(plan, i, h, p);
                    if let Some((n, name)) = rename {
                        plan.movements[i].via[n].name = name;
                    }
                });
            }
            Command::Remove(item) => {
                let label = match item {
                    Item::Checkpoint(_) => "delete checkpoint",
                    Item::Via(_) => "delete via point",
                    Item::Zone(_) => "delete avoid zone",
                };
                self.doc.edit(label, |plan| {
                    edit::remove(plan, i, item);
                });
            }
            Command::SetCheckpointTime(k, t) => {
                // A run of typing in one time field is one undo step.
                edit::set_checkpoint_time(&mut self.doc.plan, i, k, t);
                self.doc.commit("change checkpoint time", true);
            }
            c => return self.apply_movement_edit(c),
        }
        None
    }

    /// Movements, zones, undo and routes; returns the command when it is none of them.
    fn apply_movement_edit(&mut self, c: Command) -> Option<Command> {
        let i = self.sel.movement;
        match c {
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
                self.sel.movement = idx;
                let start = self.doc.plan.venue(&to).map(|v| v.location.point());
                self.frame(&start.into_iter().collect::<Vec<_>>());
            }
            Command::DeleteMovement(k) => self.doc.edit("delete movement", |plan| {
                edit::remove_movement(plan, k);
            }),
            Command::DeleteVenue(k) => {
                let mut refused = None;
                self.doc.edit("delete venue", |plan| {
                    refused = edit::remove_venue(plan, k).err();
                });
                if let Some(e) = refused {
                    self.ui.error = Some(AppError::VenueInUse(e));
                }
            }
            Command::FinishZone => {
                let ring = std::mem::take(&mut self.sel.draft_zone);
                if ring.len() < 3 {
                    self.ui.error = Some(AppError::ZoneTooSmall);
                } else {
                    self.doc.edit("add avoid zone", |plan| {
                        edit::add_avoid_zone(plan, i, &ring);
                    });
                }
            }
            Command::Edited(label, merge) => self.doc.commit(&label, merge),
            Command::Undo => {
                self.ui.status = self
                    .doc
                    .undo()
                    .map(|l| format!("undid {l}"))
                    .unwrap_or_default()
            }
            Command::Redo => {
                self.ui.status = self
                    .doc
                    .redo()
                    .map(|l| format!("redid {l}"))
                    .unwrap_or_default()
            }
            Command::ComputeRoutes => self.recompute_routes(),
            Command::SetPrimary(rule) => self.set_primary(rule),
            c => return Some(c),
        }
        None
    }

    /// Makes the route `rule` finds the selected movement's primary (one undo step).
    fn set_primary(&mut self, rule: PrimaryRule) {
        let i = self.sel.movement;
        let mut changed = false;
        self.doc.edit("change primary route", |plan| {
            changed = edit::set_primary(plan, i, rule);
        });
        if changed {
            self.sel.shown_role = RouteRole::Primary;
            self.ui.status = format!(
                "primary: the {rule} route; routes are recomputed around it, the former primary stays as an alternate (Ctrl+Z undoes)"
            );
        }
    }

    /// A via named after the street it was put on (or by its coordinates, where no
    /// street was near) takes the new place's name when it is dragged; a via named by
    /// the planner keeps its name.
    fn via_rename(&self, h: Handle, p: Point<f64>) -> Option<(usize, String)> {
        let Handle::Via(n) = h else { return None };
        let map = &self.map.as_ref()?.map;
        let via = self.doc.plan.movements.get(self.sel.movement)?.via.get(n)?;
        let grid = self.doc.plan.grid;
        let was = super::near_name(map, via.location.point(), grid);
        let automatic = via.name == was
            || crate::coord::parse_lat_lon(&via.name).is_ok()
            || crate::grid::parse_reference(&via.name).is_some();
        automatic.then(|| (n, super::near_name(map, p, grid)))
    }

    /// Why a point cannot be a movement's end or via: off the map, or no road within
    /// the routing's snap radius (in the sea, say).
    fn off_road(&self, p: Point<f64>) -> Option<AppError> {
        let map = &self.map.as_ref()?.map;
        let at = self.doc.plan.grid.format(p);
        // A road of the file counts wherever the file's header box is.
        let radius = crate::routing::SNAP_RADIUS_M;
        if map.snap(p, radius, |_| true).is_some() {
            return None;
        }
        let why = if map.check_on_map(p).is_err() {
            "it is off the map"
        } else {
            "no road is within 250 m"
        };
        Some(AppError::OffRoad { at, why })
    }

    /// Drops the selected movement's routes so they are computed again.
    fn recompute_routes(&mut self) {
        let i = self.sel.movement;
        let plan = &self.doc.plan;
        let Some(m) = plan.movements.get(i) else {
            self.ui.error = Some(AppError::NoMovement);
            return;
        };
        let missing = |end, button| AppError::MissingEnd {
            movement: m.id.clone(),
            end,
            button,
        };
        if plan.venue(&m.from).is_none() {
            return self.ui.error = Some(missing("origin", "from"));
        }
        if plan.venue(&m.to).is_none() {
            return self.ui.error = Some(missing("destination", "to"));
        }
        self.bg.retry(&m.id.clone());
        self.doc.amend(|plan| {
            plan.movements[i].routes.clear();
            plan.movements[i].routes_for = None;
        });
    }

    /// Selection and tools; returns the command when it is neither.
    fn apply_selection(&mut self, c: Command) -> Option<Command> {
        let sel = &mut self.sel;
        match c {
            Command::Search(q) => {
                self.ui.hits = self
                    .map
                    .as_ref()
                    .map(|m| m.map.search(&q, 20))
                    .unwrap_or_default()
            }
            Command::SelectMovement(k) => {
                sel.movement = k;
                sel.step = None;
                let points = self.movement_points();
                self.frame(&points);
            }
            Command::SelectVenue(k) => {
                sel.venue = k;
                sel.tab = Tab::Venue;
                let venue = self.doc.plan.venues.get(k);
                self.ui.venue_form = VenueForm::for_venue(venue);
                let at: Vec<Point<f64>> = venue.map(|v| v.location.point()).into_iter().collect();
                self.frame(&at);
            }
            Command::SelectCheckpoint(k) => {
                let m = self.doc.plan.movements.get(sel.movement);
                let at: Vec<Point<f64>> = m
                    .and_then(|m| m.checkpoints.get(k))
                    .map(|c| c.location.point())
                    .into_iter()
                    .collect();
                self.frame(&at);
            }
            Command::SelectStep(k) => {
                sel.step = k;
                if let Some(p) = k.and_then(|k| self.step_location(k)) {
                    self.jump_to(p);
                }
            }
            Command::SelectRoute(role) => {
                sel.shown_role = role;
                sel.step = None;
            }
            Command::SelectTab(t) => sel.tab = t,
            Command::SetTool(t) => sel.tool = t,
            Command::SetCheckpointKind(k) => sel.checkpoint_kind = k,
            Command::ZonePoint(p) => sel.draft_zone.push(p),
            Command::CancelZone => sel.draft_zone.clear(),
            Command::SetRiskColours(on) => sel.risk_colours = on,
            Command::SetRiskWeight(w) => sel.risk_weight = w,
            Command::JumpTo(p) => self.jump_to(p),
            Command::VenueContext => self.read_venue_context(),
            c => return Some(c),
        }
        None
    }

    /// Where turn `k` of the shown route of the selected movement is.
    fn step_location(&self, k: usize) -> Option<Point<f64>> {
        let m = self.doc.plan.movements.get(self.sel.movement)?;
        Some(m.route(self.sel.shown_role)?.instructions.get(k)?.location)
    }

    /// The window; returns the command when it is not about the window.
    fn apply_window(&mut self, c: Command) -> Option<Command> {
        match c {
            Command::ZoomToPlan => self.zoom_to_plan(),
            Command::ZoomToMap => self.state.camera = None,
            Command::ZoomToMovement => self.zoom_to_movement(),
            Command::SetTheme(dark) => self.set_theme(dark),
            Command::ShowAbout(on) => self.ui.about = on,
            Command::ShowByPath => self.ui.path_prompt = Some(String::new()),
            Command::DismissError => self.ui.error = None,
            Command::DismissWarning => self.ui.warning = None,
            Command::CancelLoad => {
                self.bg.jobs.cancel_load();
                self.bg.loading_since = None;
                self.ui.status = "loading cancelled".into();
            }
            c => return Some(c),
        }
        None
    }
}
