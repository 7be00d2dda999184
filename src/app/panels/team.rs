//! The Team page: members, vehicles, radio channels and emergency contacts, each an
//! editable table.

use super::super::command::Command;
use super::super::document::Document;
use super::widgets::Table;
use crate::plan::{Channel, Contact, Member, Vehicle};
use egui::Ui;

pub(super) fn team_ui(ui: &mut Ui, doc: &mut Document) -> Vec<Command> {
    let mut out = Vec::new();
    let plan = &mut doc.plan;
    Table {
        id: "members",
        title: "Team",
        heads: &["name", "role", "call sign", "phone"],
        widths: &[120.0, 130.0, 80.0, 120.0],
        cells: |m: &mut Member| vec![&mut m.name, &mut m.role, &mut m.call_sign, &mut m.phone],
    }
    .show(ui, &mut plan.team.members, &mut out);
    Table {
        id: "vehicles",
        title: "Vehicles",
        heads: &["call sign", "role", "description", "plate", "driver"],
        widths: &[80.0, 70.0, 150.0, 80.0, 80.0],
        cells: |v: &mut Vehicle| {
            vec![
                &mut v.call_sign,
                &mut v.role,
                &mut v.description,
                &mut v.plate,
                &mut v.driver,
            ]
        },
    }
    .show(ui, &mut plan.team.vehicles, &mut out);
    ui.separator();
    Table {
        id: "channels",
        title: "Radio channels",
        heads: &["name", "frequency", "purpose"],
        widths: &[120.0, 120.0, 200.0],
        cells: |c: &mut Channel| vec![&mut c.name, &mut c.frequency, &mut c.purpose],
    }
    .show(ui, &mut plan.comms.channels, &mut out);
    Table {
        id: "contacts",
        title: "Emergency contacts",
        heads: &["name", "role", "phone"],
        widths: &[150.0, 150.0, 120.0],
        cells: |c: &mut Contact| vec![&mut c.name, &mut c.role, &mut c.phone],
    }
    .show(ui, &mut plan.comms.emergency_contacts, &mut out);
    out
}
