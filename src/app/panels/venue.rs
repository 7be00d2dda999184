//! The Venue page: the venue's name, kind and notes; the assessment form for the five
//! methods, scored live and saved into the plan; and what the map says around the
//! venue (hospital and police drive times, access roads, crowd places).

use super::super::command::Command;
use super::super::document::Document;
use super::super::error::AppError;
use super::super::selection::Selection;
use super::ERROR;
use super::widgets::field;
use crate::plan::Venue;
use crate::risk::venue::{Method, VenueAssessment, VenueContext};
use egui::{RichText, Ui};

/// The venue form's unsaved state (the page's own; saved into the plan on request).
#[derive(Debug, Clone, Default)]
pub struct VenueForm {
    method: Method,
    factors: Vec<f64>,
    assessor: String,
    date: String,
    notes: String,
}

impl VenueForm {
    /// The form filled from a venue's stored assessment.
    pub fn for_venue(v: Option<&Venue>) -> VenueForm {
        match v.and_then(|v| v.assessment.as_ref()) {
            Some(a) => VenueForm {
                method: a.method,
                factors: a.factors.clone(),
                assessor: a.assessor.clone(),
                date: a.date.clone(),
                notes: a.notes.clone(),
            },
            None => VenueForm::default(),
        }
    }
}

pub(super) fn venue_ui<'a>(
    ui: &mut Ui,
    doc: &mut Document,
    sel: &Selection,
    form: &mut VenueForm,
    context: impl Fn(&str) -> Option<&'a Result<VenueContext, AppError>>,
) -> Vec<Command> {
    let mut out = Vec::new();
    let names: Vec<String> = doc.plan.venues.iter().map(|v| v.name.clone()).collect();
    if names.is_empty() {
        ui.label("No venues: set an origin or a destination first.");
        return out;
    }
    let k = sel.venue.min(names.len() - 1);
    egui::ComboBox::from_label("venue")
        .selected_text(names[k].clone())
        .show_ui(ui, |ui| {
            for (j, n) in names.iter().enumerate() {
                if ui.selectable_label(k == j, n).clicked() {
                    out.push(Command::SelectVenue(j));
                }
            }
        });
    if ui
        .button("Delete venue")
        .on_hover_text("Only a venue no movement starts or ends at can be deleted")
        .clicked()
    {
        out.push(Command::DeleteVenue(k));
    }
    let v = &mut doc.plan.venues[k];
    egui::Grid::new("venue-fields")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, value, what) in [
                ("Name", &mut v.name, "rename venue"),
                ("Kind", &mut v.kind, "venue kind"),
                ("Notes", &mut v.notes, "venue notes"),
            ] {
                if field(ui, label, value) {
                    out.push(Command::Edited(what.into(), true));
                }
            }
        });
    ui.separator();
    out.extend(assessment_ui(ui, v, form));
    ui.separator();
    ui.strong("Map context");
    match context(&v.id) {
        Some(Ok(c)) => context_ui(ui, c),
        Some(Err(e)) => {
            ui.colored_label(ERROR, e.to_string());
        }
        None => {
            ui.label("reading the map around the venue…");
            out.push(Command::VenueContext);
        }
    }
    out
}

/// The assessment form, its live score, and the assessment saved in the plan.
fn assessment_ui(ui: &mut Ui, v: &mut Venue, f: &mut VenueForm) -> Vec<Command> {
    let mut out = Vec::new();
    ui.strong("Assessment");
    egui::ComboBox::from_label("method")
        .selected_text(f.method.label())
        .show_ui(ui, |ui| {
            for m in Method::ALL {
                ui.selectable_value(&mut f.method, m, m.label());
            }
        });
    let names = f.method.factors();
    let wanted = match f.method {
        Method::Carver => 7,
        _ => names.len(),
    };
    let (lo, hi) = f.method.scale();
    f.factors.resize(wanted, lo);
    for (x, name) in f.factors.iter_mut().zip(names) {
        *x = x.clamp(lo, hi);
        let slider = egui::Slider::new(x, lo..=hi).step_by(1.0).fixed_decimals(0);
        ui.add(slider.text(*name));
    }
    egui::Grid::new("assessor").num_columns(2).show(ui, |ui| {
        field(ui, "Assessor", &mut f.assessor);
        field(ui, "Date", &mut f.date);
        field(ui, "Notes", &mut f.notes);
    });
    match VenueAssessment::new(f.method, &f.factors, &f.assessor, &f.date, &f.notes) {
        Ok(a) => {
            ui.label(RichText::new(format!("Score {:.0}: {}", a.score, a.band)).strong());
            ui.label(RichText::new(a.method_text()).small());
            if ui.button("Save assessment").clicked() {
                v.assessment = Some(a);
                out.push(Command::Edited("assess venue".into(), false));
            }
        }
        Err(e) => {
            ui.colored_label(ERROR, e.to_string());
        }
    }
    if let Some(a) = &v.assessment {
        ui.label(format!(
            "Saved: {} {:.0} ({}) by {} on {}",
            a.method.label(),
            a.score,
            a.band,
            a.assessor,
            a.date
        ));
    }
    out
}

fn context_ui(ui: &mut Ui, c: &VenueContext) {
    for (what, h) in [("Hospital", &c.hospital), ("Police", &c.police)] {
        if let Some(h) = h {
            ui.label(format!(
                "{what}: {} ({:.1} min drive, {:.0} m)",
                h.name,
                h.drive_time_s / 60.0,
                h.distance_m
            ));
        }
    }
    ui.label(format!(
        "{} roads cross the {:.0} m circle",
        c.access_points, c.access_radius_m
    ));
    for cp in c.crowd_places.iter().take(6) {
        ui.label(format!(
            "crowd place: {} ({}) {:.0} m",
            cp.name, cp.kind, cp.distance_m
        ));
    }
}
