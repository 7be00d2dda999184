//! Small widgets the pages share: a clock-time field, a labelled text field, and an
//! editable table with add and delete.

use super::super::command::Command;
use crate::plan::ClockTime;
use egui::Ui;

/// A text field over a clock time; the new time when a valid, different one was typed.
/// The text being typed is kept in egui's memory until the field loses focus; while it
/// cannot be read, a red note beside the field says why.
pub fn time_edit(ui: &mut Ui, id: egui::Id, label: egui::Id, t: ClockTime) -> Option<ClockTime> {
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| t.to_string());
    ui.horizontal(|ui| {
        let r = ui
            .add_sized([64.0, 20.0], egui::TextEdit::singleline(&mut text).id(id))
            .labelled_by(label);
        let parsed = ClockTime::parse(&text);
        if r.has_focus() {
            if let Err(e) = &parsed {
                ui.colored_label(super::ERROR, format!("not a time: {}", e.why));
            }
            ui.data_mut(|d| d.insert_temp(id, text.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(id));
        }
        parsed.ok().filter(|new| r.changed() && *new != t)
    })
    .inner
}

/// A labelled single-line text field in a grid row; `true` when edited.
pub fn field(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    let l = ui.label(label);
    // A stable id (not the position-based default): a banner coming or going above
    // must not take the focus, and the keystrokes, from a field being typed in.
    let edit = egui::TextEdit::singleline(value).id_salt(("field", label));
    let changed = ui.add(edit).labelled_by(l.id).changed();
    ui.end_row();
    changed
}

/// One editable table: a text field per cell, a delete button per row and an add
/// button; edits are reported as one undo step per run of typing.
pub struct Table<'a, T> {
    /// egui id of the grid.
    pub id: &'a str,
    /// Heading above it.
    pub title: &'a str,
    /// Column headers.
    pub heads: &'a [&'a str],
    /// Column widths in points.
    pub widths: &'a [f32],
    /// The editable cells of a row.
    pub cells: fn(&mut T) -> Vec<&mut String>,
}

impl<T: Default> Table<'_, T> {
    /// Shows the table over `rows`, editing them in place.
    pub fn show(&self, ui: &mut Ui, rows: &mut Vec<T>, out: &mut Vec<Command>) {
        ui.strong(self.title);
        let mut changed = false;
        let mut delete = None;
        egui::Grid::new(self.id).striped(true).show(ui, |ui| {
            let ids: Vec<egui::Id> = self.heads.iter().map(|h| ui.strong(*h).id).collect();
            ui.end_row();
            for (k, row) in rows.iter_mut().enumerate() {
                let cells = (self.cells)(row).into_iter().zip(&ids).zip(self.widths);
                for (col, ((cell, id), w)) in cells.enumerate() {
                    let edit = egui::TextEdit::singleline(cell).id_salt((self.id, k, col));
                    let r = ui.add_sized([*w, 20.0], edit).labelled_by(*id);
                    changed |= r.changed();
                    if !cell.is_empty() {
                        // A cut-off value is read in full on hover.
                        r.on_hover_text(cell.as_str());
                    }
                }
                if ui.small_button("delete").clicked() {
                    delete = Some(k);
                }
                ui.end_row();
            }
        });
        let what = self.title.to_lowercase();
        if changed {
            out.push(Command::Edited(format!("edit {what}"), true));
        }
        if let Some(k) = delete {
            rows.remove(k);
            out.push(Command::Edited(format!("delete from {what}"), false));
        }
        if ui.button(format!("Add to {what}")).clicked() {
            rows.push(T::default());
            out.push(Command::Edited(format!("add to {what}"), false));
        }
    }
}
