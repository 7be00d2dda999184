//! Routes as CoT route events: the links (checkpoints, ends, control points), how the
//! route is travelled and drawn, its remarks, and a marker for each post that stands off
//! the road.

use super::cot::{self, RouteStyle, Times};
use super::links::{self, Ends, Waypoint};
use super::{Ids, Item, cot_item, marked};
use crate::grid::GridRef;
use crate::plan::{Checkpoint, Movement, Plan, PlannedRoute, RouteRole};
use crate::render::style;

/// "m1 primary", "m1 alternate 1", "m1 emergency".
fn route_name(m: &Movement, r: &PlannedRoute) -> String {
    format!("{} {}", m.id, r.role)
}

/// Beyond this distance from its route, metres, a checkpoint's waypoint goes on the
/// route opposite it, and the post itself becomes a marker of its own.
pub const OFF_ROAD_M: f64 = 5.0;

/// A route's CoT, and a marker for each of its posts that stands off the road.
pub(super) fn route_items(
    plan: &Plan,
    m: &Movement,
    r: &PlannedRoute,
    ids: &Ids,
    t: &Times,
) -> Vec<Item> {
    let uid = ids.route(m, r.role);
    let name = route_name(m, r);
    let line: Vec<geo::Coord<f64>> = r.geometry.iter().map(|p| p.point().0).collect();
    let measured = crate::coord::MeasuredLine::new(&line);
    let on_route: Vec<&Checkpoint> = m.checkpoints.iter().filter(|c| c.route == r.role).collect();
    let mut posts = Vec::new();
    let waypoints: Vec<Waypoint> = on_route
        .iter()
        .map(|c| {
            let own = c.location.point();
            let (off_m, along) = crate::coord::distance_to_polyline_m(own, &line);
            let mut text = checkpoint_remarks(plan, c);
            let mut at = own;
            if off_m > OFF_ROAD_M
                && let Some(p) = measured.point_at(c.along_m.unwrap_or(along))
            {
                at = p;
                text.push_str(&format!(
                    "; the route passes {off_m:.0} m from the post (marker '{} (post)')",
                    c.name
                ));
                posts.push(post_item(
                    plan,
                    c,
                    &format!("{uid}.cp.{}.post", c.id),
                    off_m,
                    t,
                ));
            }
            Waypoint {
                checkpoint: c,
                remarks: marked(plan, &text),
                at,
            }
        })
        .collect();
    let ends = Ends {
        start: plan.venue_name(&m.from),
        end: match r.role {
            RouteRole::Emergency => r.hospital_name().unwrap_or("hospital").to_string(),
            _ => plan.venue_name(&m.to),
        },
        remarks: marked(plan, &format!("{name} {}", m.name)),
    };
    let links = links::links(r, &uid, &waypoints, &ends);
    let walking = m.profile == "foot";
    let style = RouteStyle {
        method: if walking { "Walking" } else { "Driving" },
        kind: if walking { "On Foot" } else { "Vehicle" },
        routetype: if r.role == RouteRole::Primary {
            "Primary"
        } else {
            "Secondary"
        },
        colour: cot::argb(route_colour(r.role)),
    };
    let remarks = marked(plan, &route_remarks(plan, m, r));
    let xml = cot::route(&uid, &name, &remarks, &links, &style, t);
    let mut out = vec![cot_item(uid, name, xml)];
    out.append(&mut posts);
    out
}

/// The marker of a post that stands off its route, at its exact position.
fn post_item(plan: &Plan, c: &Checkpoint, uid: &str, off_m: f64, t: &Times) -> Item {
    let callsign = format!("{} (post)", c.name);
    let text = format!(
        "{}; {off_m:.0} m off the route",
        checkpoint_remarks(plan, c)
    );
    let remarks = marked(plan, &text);
    let colour = cot::argb(style::CHECKPOINT_KINDS[c.kind.index()]);
    let xml = cot::marker(
        &cot::Marker {
            uid,
            callsign: &callsign,
            at: c.location.point(),
            remarks: &remarks,
            phone: None,
            colour,
        },
        t,
    );
    cot_item(uid.to_string(), callsign, xml)
}

fn route_colour(role: RouteRole) -> [u8; 4] {
    match role {
        RouteRole::Primary => style::PRIMARY.colour,
        RouteRole::Alternate(_) => style::ALTERNATE.colour,
        RouteRole::Emergency => style::EMERGENCY.colour,
    }
}

/// "m1 Heliport to hotel: motorcade, departs 09:30 Europe/Monaco; 2.1 km, 6 min; risk
/// 23.0 medium; to Centre hospitalier Princesse Grace, phone …".
fn route_remarks(plan: &Plan, m: &Movement, r: &PlannedRoute) -> String {
    let mut parts = vec![
        format!(
            "{} {}: {}, departs {} {}",
            m.id, m.name, m.profile, m.departure, plan.time_zone
        ),
        format!(
            "{}, {}",
            crate::format::length(r.length_m),
            crate::format::duration(r.duration_s * m.speed_factor)
        ),
    ];
    if let Some(k) = &r.risk {
        parts.push(format!("risk {}", crate::format::risk(k)));
    }
    if let Some(h) = &r.hospital {
        match r.hospital_phone.as_deref() {
            Some(phone) => parts.push(format!("to {h}, phone {phone}")),
            None => parts.push(format!("to {h} (no phone on the map)")),
        }
    }
    parts.join("; ")
}

fn checkpoint_remarks(plan: &Plan, c: &Checkpoint) -> String {
    let time = match c.planned_time {
        Some(t) => format!("at {t} {}", plan.time_zone),
        None => "time not scheduled (run plan route)".to_string(),
    };
    let mut s = format!(
        "{} {time}; {} {}",
        c.kind.label(),
        plan.grid.label(),
        GridRef(plan.grid, c.location.point())
    );
    if !c.posted.is_empty() {
        s.push_str(&format!("; posted: {}", c.posted.join(", ")));
    }
    if !c.notes.trim().is_empty() {
        s.push_str(&format!("; {}", c.notes.trim().trim_end_matches('.')));
    }
    s
}
