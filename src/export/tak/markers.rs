//! Spot markers: the havens the routes list (an emergency route's hospital among
//! them), the venues the movements use, and the advance log's entries.

use super::cot::{self, Times};
use super::{Ids, Item, cot_item, marked, slug};
use crate::grid::GridRef;
use crate::map::PlaceKind;
use crate::plan::{Movement, Plan, RouteRole};
use crate::render::style;
use geo::Point;
use std::collections::BTreeMap;

/// Venues are yellow spots (havens take their map colours: hospital red, police blue,
/// fire orange, embassy purple).
const VENUE_COLOUR: [u8; 4] = [255, 255, 0, 255];

/// A haven as the package lists it.
struct Haven {
    name: String,
    kind: PlaceKind,
    phone: Option<String>,
    at: Point<f64>,
    emergency_for: Vec<String>,
}

/// The havens the movements' routes list, and each emergency route's hospital, once
/// each (by kind and position to the metre). An emergency hospital is the listed haven
/// of that name near the route's end (the route ends on the road, the haven is the
/// building), and only a hospital no route lists gets a marker at the route's end.
fn havens(movements: &[&Movement]) -> Vec<Haven> {
    let mut seen: BTreeMap<(String, i64, i64), Haven> = BTreeMap::new();
    let key = |kind: PlaceKind, p: Point<f64>| {
        (
            kind.label().to_string(),
            (p.y() * 1e5).round() as i64,
            (p.x() * 1e5).round() as i64,
        )
    };
    let routes = || {
        movements
            .iter()
            .flat_map(|m| m.routes.iter().map(move |r| (m, r)))
    };
    for (_, r) in routes() {
        for h in r.havens.iter().flatten() {
            seen.entry(key(h.kind, h.location))
                .or_insert_with(|| Haven {
                    name: h.name.clone(),
                    kind: h.kind,
                    phone: h.phone.clone(),
                    at: h.location,
                    emergency_for: Vec::new(),
                });
        }
    }
    for (m, r) in routes().filter(|(_, r)| r.role == RouteRole::Emergency) {
        let (Some(name), Some(end)) = (r.hospital_name().map(str::to_string), r.geometry.last())
        else {
            continue;
        };
        let end = end.point();
        let listed = seen
            .values_mut()
            .filter(|h| h.kind == PlaceKind::Hospital && h.name == name)
            .map(|h| (crate::coord::distance_m(h.at, end), h))
            .filter(|(d, _)| *d <= EMERGENCY_HAVEN_M)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let h = match listed {
            Some((_, h)) => h,
            None => seen
                .entry(key(PlaceKind::Hospital, end))
                .or_insert_with(|| Haven {
                    name,
                    kind: PlaceKind::Hospital,
                    phone: r.hospital_phone.clone(),
                    at: end,
                    emergency_for: Vec::new(),
                }),
        };
        if h.phone.is_none() {
            h.phone = r.hospital_phone.clone();
        }
        if !h.emergency_for.contains(&m.id) {
            h.emergency_for.push(m.id.clone());
        }
    }
    seen.into_values().collect()
}

/// How far from an emergency route's end the hospital it names may stand, metres.
const EMERGENCY_HAVEN_M: f64 = 300.0;

/// `+` and digits, as a TAK contact's phone (and the schema's xs:integer) takes it;
/// `None` when the number has other characters in it (extensions, letters).
fn dialable(phone: &str) -> Option<String> {
    let kept: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
        .collect();
    let digits = kept.strip_prefix('+').unwrap_or(&kept);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(kept)
}

pub(super) fn haven_items<'a>(
    plan: &'a Plan,
    movements: &[&Movement],
    ids: &'a Ids,
    t: &'a Times,
) -> impl Iterator<Item = Item> + 'a {
    havens(movements).into_iter().map(move |mut h| {
        if h.phone.is_none() {
            h.phone = contact_phone(plan, &h.name);
        }
        // By kind and position (to a metre), not name: a renamed haven is the same one.
        let key = format!(
            "{}.{}",
            slug(h.kind.label()),
            slug(&format!("{:.5}-{:.5}", h.at.y(), h.at.x()))
        );
        let uid = format!("cordon.{}.haven.{key}", ids.plan);
        let mut text = h.kind.label().to_string();
        if !h.emergency_for.is_empty() {
            text.push_str(&format!(
                ", emergency hospital of {}",
                h.emergency_for.join(", ")
            ));
        }
        match &h.phone {
            Some(p) => text.push_str(&format!("; phone {p}")),
            None => text.push_str("; no phone on the map"),
        }
        text.push_str(&format!(
            "; {} {}.",
            plan.grid.label(),
            GridRef(plan.grid, h.at)
        ));
        let remarks = marked(plan, &text);
        let colour = style::haven(h.kind).map_or(-1, |(c, _)| cot::argb(c));
        let phone = h.phone.as_deref().and_then(dialable);
        let xml = cot::marker(
            &cot::Marker {
                uid: &uid,
                callsign: &h.name,
                at: h.at,
                remarks: &remarks,
                phone: phone.as_deref(),
                colour,
            },
            t,
        );
        cot_item(uid, h.name, xml)
    })
}

/// The phone of the plan's emergency contact with this name, for a haven the map
/// gives no number for.
fn contact_phone(plan: &Plan, name: &str) -> Option<String> {
    plan.comms
        .emergency_contacts
        .iter()
        .find(|c| c.name.trim().eq_ignore_ascii_case(name.trim()) && !c.phone.trim().is_empty())
        .map(|c| c.phone.trim().to_string())
}

/// The venues the movements start and end at.
pub(super) fn venue_items<'a>(
    plan: &'a Plan,
    movements: &[&Movement],
    ids: &'a Ids,
    t: &'a Times,
) -> impl Iterator<Item = Item> + 'a {
    let used: Vec<String> = movements
        .iter()
        .flat_map(|m| [m.from.clone(), m.to.clone()])
        .collect();
    plan.venues
        .iter()
        .filter(move |v| used.contains(&v.id))
        .map(move |v| {
            let uid = ids.item("venue", &v.id);
            let mut text = format!(
                "venue ({}); {} {}",
                v.kind,
                plan.grid.label(),
                GridRef(plan.grid, v.location.point())
            );
            if let Some(a) = &v.assessment {
                text.push_str(&format!("; risk {:.0} {}", a.score, a.band));
            }
            if !v.notes.trim().is_empty() {
                text.push_str(&format!("; {}", v.notes.trim()));
            }
            text.push('.');
            let remarks = marked(plan, &text);
            let xml = cot::marker(
                &cot::Marker {
                    uid: &uid,
                    callsign: &v.name,
                    at: v.location.point(),
                    remarks: &remarks,
                    phone: None,
                    colour: cot::argb(VENUE_COLOUR),
                },
                t,
            );
            cot_item(uid, v.name.clone(), xml)
        })
}

/// The advance log entries the export covers as spot markers, coloured by severity
/// (urgent red, caution orange, info blue), named by id and category.
pub(super) fn log_items(plan: &Plan, movements: &[&Movement], ids: &Ids, t: &Times) -> Vec<Item> {
    use crate::plan::LogSeverity;
    crate::export::fields::log_entries(plan, movements)
        .into_iter()
        .filter_map(|e| {
            let at = e.position(plan)?;
            let uid = ids.item("log", &e.id);
            let callsign = format!("{} {}", e.id, e.category.label());
            let status = e.status_text();
            let text = format!(
                "{} {} {}, {}, {status}; reported by {}; {} {}; {}",
                e.date,
                e.time,
                plan.time_zone,
                e.severity.label(),
                if e.reporter.is_empty() {
                    "?"
                } else {
                    &e.reporter
                },
                plan.grid.label(),
                GridRef(plan.grid, at),
                e.text
            );
            let colour = match e.severity {
                LogSeverity::Urgent => [220, 0, 0, 255],
                LogSeverity::Caution => [255, 140, 0, 255],
                LogSeverity::Info => [30, 110, 220, 255],
            };
            let remarks = marked(plan, &text);
            let xml = cot::marker(
                &cot::Marker {
                    uid: &uid,
                    callsign: &callsign,
                    at,
                    remarks: &remarks,
                    phone: None,
                    colour: cot::argb(colour),
                },
                t,
            );
            Some(cot_item(uid, callsign, xml))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_numbers_are_dialable() {
        assert_eq!(
            dialable("+377 97 98 99 00").as_deref(),
            Some("+37797989900")
        );
        assert_eq!(dialable("(0)93 15-30.15").as_deref(), Some("093153015"));
        assert_eq!(dialable("112 ext. 4"), None);
        assert_eq!(dialable(""), None);
        assert_eq!(dialable("+"), None);
    }
}
