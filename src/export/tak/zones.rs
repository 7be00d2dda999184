//! Avoid zones as closed CoT free-form shapes.

use super::cot::{self, Times};
use super::{Ids, Item, cot_item, marked, slug};
use crate::plan::{Movement, Plan};
use crate::render::style;
use geo::Point;

/// The avoid zones as closed free-form shapes, once per zone name and area. CoT
/// shapes, not KML: they carry uids (so a revision replaces them), the marking and
/// the movements in their remarks, and ATAK makes editable drawings of them. A shape
/// has one ring, so a zone's holes are named in the remarks, not drawn.
pub(super) fn zone_items(plan: &Plan, movements: &[&Movement], ids: &Ids, t: &Times) -> Vec<Item> {
    let mut zones: Vec<(&crate::routing::AvoidZone, Vec<String>)> = Vec::new();
    for m in movements {
        for z in &m.avoid {
            match zones.iter_mut().find(|(seen, _)| *seen == z) {
                Some((_, users)) => users.push(m.id.clone()),
                None => zones.push((z, vec![m.id.clone()])),
            }
        }
    }
    let mut out = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for (z, users) in zones {
        for (i, poly) in z.area.0.iter().enumerate() {
            let mut key = slug(&format!("{}-{}", z.name, i + 1));
            while taken.contains(&key) {
                key.push_str("-x");
            }
            taken.push(key.clone());
            let uid = ids.item("zone", &key);
            let mut ring: Vec<Point<f64>> = poly.exterior().points().collect();
            // A shape is closed by repeating its first point (a zone read from a file
            // may not).
            if let (Some(&first), Some(&last)) = (ring.first(), ring.last())
                && first != last
            {
                ring.push(first);
            }
            let holes = poly.interiors().len();
            let mut text = format!("avoid zone of {}", users.join(", "));
            if holes > 0 {
                text.push_str(&format!("; {holes} hole(s) inside it are not drawn"));
            }
            text.push('.');
            let name = if z.area.0.len() > 1 {
                format!("avoid: {} ({})", z.name, i + 1)
            } else {
                format!("avoid: {}", z.name)
            };
            let xml = cot::shape(
                &uid,
                &name,
                &marked(plan, &text),
                &ring,
                cot::argb(style::ZONE_EDGE),
                cot::argb([220, 0, 0, 96]),
                t,
            );
            out.push(cot_item(uid, name, xml));
        }
    }
    out
}
