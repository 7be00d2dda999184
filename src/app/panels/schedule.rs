//! The Schedule page: the selected movement's departure and arrival, its checkpoint
//! and timing table (name, kind, time, dwell, off-route distance; typing a checkpoint's
//! time moves the departure to match), the schedule's findings and the whole day.

use super::super::command::Command;
use super::super::document::Document;
use super::super::selection::Selection;
use super::ERROR;
use super::widgets::time_edit;
use crate::plan::edit::Item;
use crate::plan::{self, Checkpoint, CheckpointKind, OFF_ROUTE_LIMIT_M};
use egui::{Color32, Ui};

pub(super) fn schedule_ui(ui: &mut Ui, doc: &mut Document, sel: &Selection) -> Vec<Command> {
    let mut out = Vec::new();
    let i = sel.movement;
    let Some(m) = doc.plan.movements.get_mut(i) else {
        ui.label("No movement selected.");
        return out;
    };
    ui.strong(format!("{} {}: checkpoints and timing", m.id, m.name));
    ui.horizontal(|ui| {
        let l = ui.label("Departs");
        let id = ui.make_persistent_id(("sched-departure", i));
        if let Some(t) = time_edit(ui, id, l.id, m.departure) {
            m.departure = t;
            out.push(Command::Edited("change departure".into(), true));
        }
        if let Some(a) = plan::arrival(m) {
            ui.label(format!("arrives {a}"));
        }
    });
    egui::Grid::new("checkpoints")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            let heads: Vec<egui::Id> = [
                "#",
                "checkpoint",
                "kind",
                "time",
                "dwell min",
                "off route",
                "",
            ]
            .iter()
            .map(|h| ui.strong(*h).id)
            .collect();
            ui.end_row();
            for (k, c) in m.checkpoints.iter_mut().enumerate() {
                out.extend(checkpoint_row(ui, &heads, i, k, c));
                ui.end_row();
            }
        });
    if m.checkpoints.is_empty() {
        ui.label("No checkpoints: choose a kind in the toolbar, then 'Add checkpoint' and click the route.");
    }
    for issue in &doc.issues {
        ui.colored_label(Color32::from_rgb(170, 90, 0), &issue.message);
    }
    ui.separator();
    ui.strong("The day");
    egui::Grid::new("timeline").striped(true).show(ui, |ui| {
        for r in plan::timeline(&doc.plan) {
            ui.label(r.time.to_string());
            ui.label(r.movement);
            ui.label(r.checkpoint);
            ui.label(r.kind);
            ui.end_row();
        }
    });
    out
}

/// One row of the checkpoint table (checkpoint `k` of movement `i`).
fn checkpoint_row(
    ui: &mut Ui,
    heads: &[egui::Id],
    i: usize,
    k: usize,
    c: &mut Checkpoint,
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.label((k + 1).to_string());
    let name = egui::TextEdit::singleline(&mut c.name).id_salt(("checkpoint-name", k));
    if ui
        .add_sized([170.0, 20.0], name)
        .labelled_by(heads[1])
        .changed()
    {
        out.push(Command::Edited(
            format!("rename checkpoint {}", k + 1),
            true,
        ));
    }
    let r = egui::ComboBox::from_id_salt(("kind", k))
        .selected_text(c.kind.label())
        .width(110.0)
        .show_ui(ui, |ui| {
            for kind in CheckpointKind::ALL {
                if ui.selectable_label(c.kind == kind, kind.label()).clicked() && c.kind != kind {
                    c.kind = kind;
                    out.push(Command::Edited("change checkpoint kind".into(), false));
                }
            }
        });
    let _ = r.response.labelled_by(heads[2]);
    match c.planned_time {
        Some(t) => {
            let id = ui.make_persistent_id(("cp-time", i, k));
            if let Some(new) = time_edit(ui, id, heads[3], t) {
                out.push(Command::SetCheckpointTime(k, new));
            }
        }
        None => {
            ui.label("--:--");
        }
    }
    let mut dwell_min = c.dwell_s / 60.0;
    let dwell = egui::DragValue::new(&mut dwell_min)
        .range(0.0..=240.0)
        .speed(0.1)
        .max_decimals(1);
    if ui.add(dwell).labelled_by(heads[4]).changed() {
        c.dwell_s = (dwell_min * 60.0).round();
        out.push(Command::Edited(
            format!("dwell at checkpoint {}", k + 1),
            true,
        ));
    }
    let off = c.off_route_m.unwrap_or(0.0);
    let text = format!("{off:.0} m");
    if off > OFF_ROUTE_LIMIT_M {
        ui.colored_label(ERROR, text);
    } else {
        ui.label(text);
    }
    if ui.small_button("delete").clicked() {
        out.push(Command::Remove(Item::Checkpoint(k)));
    }
    out
}
