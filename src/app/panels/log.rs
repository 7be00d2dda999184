//! The Log page: the advance log's observations and incidents, filtered by day,
//! category, severity and status, each editable, resolvable and shown on the map; new
//! entries at a venue or at the map's centre.

use super::super::command::Command;
use super::super::document::Document;
use super::widgets::time_edit;
use crate::plan::log::{self, LogCategory, LogEntry, LogPlace, LogSeverity, LogStatus};
use crate::plan::{LonLat, Plan};
use egui::Ui;

/// What the list shows (kept in egui's memory with the page).
#[derive(Debug, Clone, Default, PartialEq)]
struct Filter {
    day: Option<String>,
    category: Option<LogCategory>,
    severity: Option<LogSeverity>,
    /// `Some(true)`: open only; `Some(false)`: resolved only.
    open: Option<bool>,
}

impl Filter {
    fn keeps(&self, e: &LogEntry) -> bool {
        self.day.as_ref().is_none_or(|d| *d == e.date)
            && self.category.is_none_or(|c| c == e.category)
            && self.severity.is_none_or(|s| s == e.severity)
            && self.open.is_none_or(|o| o == e.is_open())
    }
}

pub(super) fn log_ui(ui: &mut Ui, doc: &mut Document, centre: Option<LonLat>) -> Vec<Command> {
    let mut out = Vec::new();
    let id = ui.make_persistent_id("log-filter");
    let mut filter: Filter = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    filters_ui(ui, &doc.plan, &mut filter);
    ui.data_mut(|d| d.insert_temp(id, filter.clone()));
    ui.separator();
    let flagged: Vec<String> = log::urgent_near_primaries(&doc.plan)
        .iter()
        .map(|(e, m, d)| {
            format!(
                "{} is urgent and open {d:.0} m from {}'s primary route",
                e.id, m.id
            )
        })
        .collect();
    for f in &flagged {
        ui.colored_label(super::ERROR, f);
    }
    let shown: Vec<usize> = (0..doc.plan.log.len())
        .filter(|&i| filter.keeps(&doc.plan.log[i]))
        .collect();
    ui.label(format!(
        "{} of {} entries ({} open)",
        shown.len(),
        doc.plan.log.len(),
        doc.plan.log.iter().filter(|e| e.is_open()).count()
    ));
    let mut delete = None;
    for i in shown {
        let plan_view = doc.plan.clone();
        let e = &mut doc.plan.log[i];
        let (edited, remove, jump) = entry_ui(ui, &plan_view, e);
        if edited {
            out.push(Command::Edited(format!("edit log entry {}", e.id), true));
        }
        if let Some(p) = jump {
            out.push(Command::JumpTo(p));
        }
        if remove {
            delete = Some(i);
        }
    }
    if let Some(i) = delete {
        let gone = doc.plan.log.remove(i);
        out.push(Command::Edited(
            format!("delete log entry {}", gone.id),
            false,
        ));
    }
    ui.separator();
    out.extend(add_ui(ui, doc, centre));
    out
}

fn filters_ui(ui: &mut Ui, plan: &Plan, f: &mut Filter) {
    let mut days: Vec<String> = plan.log.iter().map(|e| e.date.clone()).collect();
    days.sort();
    days.dedup();
    ui.horizontal_wrapped(|ui| {
        choose(ui, "log-day", "day", &mut f.day, days, |d| d.clone());
        choose(
            ui,
            "log-category",
            "category",
            &mut f.category,
            LogCategory::ALL.to_vec(),
            |c| c.label().to_string(),
        );
        let severities = vec![LogSeverity::Info, LogSeverity::Caution, LogSeverity::Urgent];
        choose(
            ui,
            "log-severity",
            "severity",
            &mut f.severity,
            severities,
            |s| s.label().to_string(),
        );
        choose(
            ui,
            "log-status",
            "status",
            &mut f.open,
            vec![true, false],
            |o| if *o { "open" } else { "resolved" }.to_string(),
        );
    });
}

/// A combo box over `options` with "any" for `None`.
fn choose<T: Clone + PartialEq>(
    ui: &mut Ui,
    id: &str,
    label: &str,
    value: &mut Option<T>,
    options: Vec<T>,
    name: impl Fn(&T) -> String,
) {
    let l = ui.label(label);
    let text = value.as_ref().map_or("any".to_string(), &name);
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "any");
            for o in options {
                let n = name(&o);
                ui.selectable_value(value, Some(o), n);
            }
        })
        .response
        .labelled_by(l.id);
}

/// One entry: a header line, and when open its fields. Returns (edited, delete,
/// jump to).
fn entry_ui(ui: &mut Ui, plan: &Plan, e: &mut LogEntry) -> (bool, bool, Option<geo::Point<f64>>) {
    let status = if e.is_open() { "open" } else { "resolved" };
    let title = format!(
        "{} {} {} · {} · {} · {status}",
        e.id,
        e.date,
        e.time,
        e.severity.label(),
        e.category.label()
    );
    let (mut edited, mut remove, mut jump) = (false, false, None);
    egui::CollapsingHeader::new(title)
        .id_salt(("log", e.id.clone()))
        .show(ui, |ui| {
            egui::Grid::new(("log-grid", e.id.clone())).show(ui, |ui| {
                let l = ui.label("date");
                edited |= ui
                    .add(egui::TextEdit::singleline(&mut e.date).id_salt(("log-date", &e.id)))
                    .labelled_by(l.id)
                    .changed();
                if !log::is_iso_date(&e.date) {
                    ui.colored_label(super::ERROR, "write it as 2026-12-04");
                }
                ui.end_row();
                let l = ui.label("time");
                if let Some(t) =
                    time_edit(ui, ui.make_persistent_id(("log-time", &e.id)), l.id, e.time)
                {
                    e.time = t;
                    edited = true;
                }
                ui.end_row();
                edited |= combo(
                    ui,
                    ("log-cat", &e.id),
                    "category",
                    &mut e.category,
                    &LogCategory::ALL,
                    |c| c.label(),
                );
                let sev = [LogSeverity::Info, LogSeverity::Caution, LogSeverity::Urgent];
                edited |= combo(
                    ui,
                    ("log-sev", &e.id),
                    "severity",
                    &mut e.severity,
                    &sev,
                    |s| s.label(),
                );
                let l = ui.label("reported by");
                edited |= ui
                    .add(egui::TextEdit::singleline(&mut e.reporter).id_salt(("log-rep", &e.id)))
                    .labelled_by(l.id)
                    .changed();
                ui.end_row();
                let l = ui.label("what");
                edited |= ui
                    .add(
                        egui::TextEdit::multiline(&mut e.text)
                            .id_salt(("log-text", &e.id))
                            .desired_rows(2),
                    )
                    .labelled_by(l.id)
                    .changed();
                ui.end_row();
            });
            edited |= status_ui(ui, e);
            ui.horizontal(|ui| {
                let at = e.position(plan);
                match at {
                    Some(p) => {
                        ui.label(crate::grid::GridRef(plan.grid, p).to_string());
                        if ui.small_button("show on map").clicked() {
                            jump = Some(p);
                        }
                    }
                    None => {
                        ui.colored_label(super::ERROR, "its place is not in the plan");
                    }
                }
                if ui.small_button("delete entry").clicked() {
                    remove = true;
                }
            });
        });
    (edited, remove, jump)
}

fn combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    id: (&str, &String),
    label: &str,
    value: &mut T,
    options: &[T],
    name: fn(T) -> &'static str,
) -> bool {
    let l = ui.label(label);
    let before = *value;
    egui::ComboBox::from_id_salt(id)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &o in options {
                ui.selectable_value(value, o, name(o));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
    *value != before
}

/// Open, or resolved with a note.
fn status_ui(ui: &mut Ui, e: &mut LogEntry) -> bool {
    let mut resolved = !e.is_open();
    let mut edited = false;
    ui.horizontal(|ui| {
        if ui.checkbox(&mut resolved, "resolved").changed() {
            e.status = if resolved {
                LogStatus::Resolved(String::new())
            } else {
                LogStatus::Open
            };
            edited = true;
        }
        if let LogStatus::Resolved(note) = &mut e.status {
            let l = ui.label("how");
            edited |= ui
                .add(egui::TextEdit::singleline(note).id_salt(("log-note", &e.id)))
                .labelled_by(l.id)
                .changed();
        }
    });
    edited
}

/// New entries: at a venue, or at the centre of the map.
fn add_ui(ui: &mut Ui, doc: &mut Document, centre: Option<LonLat>) -> Vec<Command> {
    let mut out = Vec::new();
    let mut place = None;
    ui.horizontal_wrapped(|ui| {
        if let Some(c) = centre
            && ui
                .button("Add entry at the map's centre")
                .on_hover_text("An observation where the map is centred; edit it below")
                .clicked()
        {
            place = Some(LogPlace::Point(c));
        }
        for v in &doc.plan.venues {
            if ui.small_button(format!("at {}", v.name)).clicked() {
                place = Some(LogPlace::Venue(v.id.clone()));
            }
        }
    });
    if let Some(at) = place {
        let id = log::add_entry(&mut doc.plan, at, crate::plan::ClockTime(9 * 3600));
        out.push(Command::Edited(format!("add log entry {id}"), false));
    }
    out
}
