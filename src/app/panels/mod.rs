//! The side panel: the error and warning banners, the recovery offer, the name
//! search, the page tabs and one page, each in its own file and each taking the
//! document and the selection it reads rather than the whole app. Pages edit the plan
//! in place and report the edit as [`Command::Edited`] (one undo step); everything
//! else they ask for is a [`Command`].

mod log;
mod plan;
mod routes;
mod schedule;
mod team;
mod venue;
pub mod widgets;

pub use venue::VenueForm;

use super::CordonApp;
use super::command::Command;
use super::selection::Tab;
use crate::map::HitKind;
use crate::plan::edit::{End, Pick};
use egui::{Color32, Ui};

/// Text colour of errors.
pub const ERROR: Color32 = Color32::from_rgb(190, 0, 0);
/// Text colour of warnings.
pub const WARNING: Color32 = Color32::from_rgb(170, 100, 0);

impl CordonApp {
    pub(super) fn side_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = self.banners_ui(ui);
        out.extend(self.recovery_offer_ui(ui));
        out.extend(self.search_ui(ui));
        ui.separator();
        ui.horizontal(|ui| {
            for (t, label) in Tab::ALL {
                if ui.selectable_label(self.sel.tab == t, label).clicked() {
                    out.push(Command::SelectTab(t));
                }
            }
        });
        ui.separator();
        // A fixed id: banners coming and going above must not change the ids of the
        // page's fields (a field being typed in would lose its focus and keystrokes).
        egui::ScrollArea::both()
            .id_salt("side-page")
            .auto_shrink([false, false])
            .show(ui, |ui| out.extend(self.page_ui(ui)));
        out
    }

    fn page_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let (doc, sel) = (&mut self.doc, &self.sel);
        match sel.tab {
            Tab::Plan => plan::plan_ui(ui, doc, sel, &self.profiles),
            Tab::Schedule => schedule::schedule_ui(ui, doc, sel),
            Tab::Routes => {
                let computing = doc
                    .plan
                    .movements
                    .get(sel.movement)
                    .is_some_and(|m| self.bg.computing(&m.id));
                let candidates = self.bg.candidates(&doc.plan, sel.movement);
                routes::routes_ui(ui, doc, sel, computing, candidates)
            }
            Tab::Venue => {
                let context = |id: &str| self.bg.venue_context(id);
                venue::venue_ui(ui, doc, sel, &mut self.ui.venue_form, context)
            }
            Tab::Team => team::team_ui(ui, doc),
            Tab::Log => {
                let centre = self.state.camera.map(|c| {
                    let p = crate::coord::lonlat_from_mercator(c.center);
                    crate::plan::LonLat::from_point(geo::Point(p))
                });
                log::log_ui(ui, doc, centre)
            }
        }
    }

    fn banners_ui(&self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some(e) = &self.ui.error {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ERROR, format!("Error: {e}"));
                if ui.small_button("dismiss").clicked() {
                    out.push(Command::DismissError);
                }
            });
        }
        if let Some(w) = &self.ui.warning {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(WARNING, format!("Warning: {w}"));
                if ui.small_button("dismiss").clicked() {
                    out.push(Command::DismissWarning);
                }
            });
        }
        out
    }

    /// The search box and its first hits, each usable as origin, destination or via.
    fn search_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        let label = ui.label("Search");
        let edit = ui
            .add(egui::TextEdit::singleline(&mut self.ui.query).id_salt("search"))
            .labelled_by(label.id);
        if edit.changed() {
            out.push(Command::Search(self.ui.query.clone()));
        }
        for h in self.ui.hits.iter().take(6) {
            ui.horizontal(|ui| {
                let name = h.name.clone();
                let pick = Pick {
                    name: name.clone(),
                    kind: venue_kind(h.kind),
                    at: h.location,
                };
                for (text, tip, c) in [
                    (
                        "from",
                        "Start the movement here",
                        Command::SetEnd(End::Origin, pick.clone()),
                    ),
                    (
                        "to",
                        "End the movement here",
                        Command::SetEnd(End::Destination, pick),
                    ),
                    ("via", "Pass here", Command::AddVia(name, h.location)),
                ] {
                    if ui.small_button(text).on_hover_text(tip).clicked() {
                        out.push(c);
                    }
                }
                let text = match &h.area {
                    Some(area) => format!("{} ({}, {area})", h.name, h.kind.label()),
                    None => format!("{} ({})", h.name, h.kind.label()),
                };
                if ui.link(text).on_hover_text("Show on the map").clicked() {
                    out.push(Command::JumpTo(h.location));
                }
            });
        }
        out
    }
}

/// The kind a venue made from a search hit gets: the place's kind, "place" for a street.
fn venue_kind(k: HitKind) -> String {
    match k {
        HitKind::Place(p) => p.key().to_string(),
        HitKind::Street | HitKind::Settlement(_) | HitKind::GridReference => "place".into(),
    }
}
