//! The plan as a TAK data package (ATAK, WinTAK, iTAK): a zip with
//! `MANIFEST/manifest.xml` (MissionPackageManifest version 2) and one CoT file per
//! item: each route (`b-m-r`, checkpoints as waypoints), the havens the routes use and
//! the venues (spot markers), the avoid zones (free-form shapes), the brief as an
//! attachment and, when asked, an MBTiles basemap.
//!
//! Every uid is derived from the plan's name and the item's id, so a revised package
//! replaces the items of an earlier one on the device instead of adding copies. The
//! plan's classification marking opens every item's remarks.

pub mod cot;
pub mod links;

use crate::export::brief::{self, BriefError, BriefOptions, Role};
use crate::export::layout::Paper;
use crate::export::mbtiles::{self, MbtilesError, TileFormat, TileSpec};
use crate::grid::GridRef;
use crate::map::{Map, PlaceKind};
use crate::plan::{Checkpoint, Movement, Plan, PlannedRoute, RouteRole};
use crate::render::style;
use crate::render::tiles::ZoomRange;
use cot::{RouteStyle, Times};
use geo::Point;
use links::{Ends, Waypoint};
use std::collections::BTreeMap;
use std::io::Write;

/// Days a package's events stay current (`stale`). Every item is archived, so ATAK
/// keeps it on the map after that; the date only orders revisions.
const STALE_DAYS: i64 = 30;

/// Venues are yellow spots (havens take their map colours: hospital red, police blue,
/// fire orange, embassy purple).
const VENUE_COLOUR: [u8; 4] = [255, 255, 0, 255];

/// What goes into a package besides the plan's items.
#[derive(Debug, Clone, PartialEq)]
pub struct TakOptions {
    /// Who the attached brief is for.
    pub role: Role,
    /// Its paper.
    pub paper: Paper,
    /// Only this movement.
    pub movement: Option<String>,
    /// Include an MBTiles basemap of the plan's area at these zooms.
    pub basemap: Option<ZoomRange>,
}

/// Why a package could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TakError {
    /// The attached brief failed.
    #[error(transparent)]
    Brief(#[from] BriefError),
    /// The basemap failed.
    #[error(transparent)]
    Basemap(#[from] MbtilesError),
    /// Two items would share a uid (ids that differ only in case or punctuation).
    #[error(
        "'{first}' and '{second}' would share the TAK uid {uid}: give one of them an id or name that differs in more than case or punctuation"
    )]
    SameUid {
        /// The uid.
        uid: String,
        /// One item.
        first: String,
        /// The other.
        second: String,
    },
    /// The zip could not be written.
    #[error("cannot write the TAK data package: {0}")]
    Zip(String),
}

impl From<zip::result::ZipError> for TakError {
    fn from(e: zip::result::ZipError) -> TakError {
        TakError::Zip(e.to_string())
    }
}

impl From<std::io::Error> for TakError {
    fn from(e: std::io::Error) -> TakError {
        TakError::Zip(e.to_string())
    }
}

/// One file of the package.
struct Item {
    /// The CoT uid (or, for an attachment, the uid of the item it belongs to).
    uid: Option<String>,
    /// What ATAK lists it as.
    name: String,
    /// Its path in the zip.
    entry: String,
    /// Its bytes.
    data: Vec<u8>,
}

/// The package's bytes for `movements` of `plan`, with events dated `generated`.
///
/// # Errors
/// Brief, basemap and zip errors.
pub fn package(
    plan: &Plan,
    map: &Map,
    movements: &[&Movement],
    opts: &TakOptions,
    generated: time::OffsetDateTime,
) -> Result<Vec<u8>, TakError> {
    let ids = Ids::new(plan);
    let t = Times::at(generated, STALE_DAYS);
    let mut items = Vec::new();
    for m in movements {
        for r in &m.routes {
            items.extend(route_items(plan, m, r, &ids, &t));
        }
    }
    items.extend(haven_items(plan, movements, &ids, &t));
    items.extend(venue_items(plan, movements, &ids, &t));
    items.extend(zone_items(plan, movements, &ids, &t));
    items.extend(log_items(plan, movements, &ids, &t));
    items.push(brief_item(plan, map, movements, opts, &ids)?);
    if let Some(zooms) = opts.basemap {
        items.push(basemap_item(plan, map, movements, zooms, &ids)?);
    }
    let name = match &opts.movement {
        Some(id) => format!("{} ({id})", plan.name),
        None => plan.name.clone(),
    };
    unique(&items)?;
    let uid = ids.package(opts.movement.as_deref());
    zipped(&manifest(&uid, &name, plan, &items), &items)
}

/// Refuses a package where two items would land on one path (and so one uid).
fn unique(items: &[Item]) -> Result<(), TakError> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for it in items {
        if let Some(first) = seen.insert(&it.entry, &it.name) {
            return Err(TakError::SameUid {
                uid: it.uid.clone().unwrap_or_else(|| it.entry.clone()),
                first: first.to_string(),
                second: it.name.clone(),
            });
        }
    }
    Ok(())
}

/// The uids of a plan's items: `cordon.<plan>.<item>`.
struct Ids {
    plan: String,
}

impl Ids {
    fn new(plan: &Plan) -> Ids {
        Ids {
            plan: slug(&plan.name),
        }
    }

    fn package(&self, movement: Option<&str>) -> String {
        match movement {
            Some(m) => format!("cordon.{}.package.{}", self.plan, slug(m)),
            None => format!("cordon.{}.package", self.plan),
        }
    }

    fn route(&self, m: &Movement, role: RouteRole) -> String {
        format!(
            "cordon.{}.{}.{}",
            self.plan,
            slug(&m.id),
            slug(&role.to_string())
        )
    }

    fn item(&self, kind: &str, key: &str) -> String {
        format!("cordon.{}.{kind}.{}", self.plan, slug(key))
    }
}

/// Lower-case ASCII letters, digits and dashes: a uid part and a file name that every
/// TAK client and file system takes.
fn slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".into() } else { out }
}

/// `[MARKING] text`: the classification first in every remark.
fn marked(plan: &Plan, text: &str) -> String {
    let handling = if plan.handling.trim().is_empty() {
        brief::DEFAULT_HANDLING
    } else {
        plan.handling.trim()
    };
    let text = text.trim();
    let stop = if text.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("[{}] {text}{stop} {handling}", plan.classification.trim())
}

/// "m1 primary", "m1 alternate 1", "m1 emergency".
fn route_name(m: &Movement, r: &PlannedRoute) -> String {
    format!("{} {}", m.id, r.role)
}

/// Beyond this distance from its route, metres, a checkpoint's waypoint goes on the
/// route opposite it, and the post itself becomes a marker of its own.
pub const OFF_ROAD_M: f64 = 5.0;

/// A route's CoT, and a marker for each of its posts that stands off the road.
fn route_items(plan: &Plan, m: &Movement, r: &PlannedRoute, ids: &Ids, t: &Times) -> Vec<Item> {
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
        start: venue_name(plan, &m.from),
        end: match r.role {
            RouteRole::Emergency => hospital_name(r).unwrap_or_else(|| "hospital".into()),
            _ => venue_name(plan, &m.to),
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

fn venue_name(plan: &Plan, id: &str) -> String {
    plan.venue(id)
        .map_or_else(|| id.to_string(), |v| v.name.clone())
}

/// The emergency hospital's name, without the reason it was chosen.
fn hospital_name(r: &PlannedRoute) -> Option<String> {
    let h = r.hospital.as_deref()?;
    Some(h.split(" (").next().unwrap_or(h).to_string())
}

fn cot_item(uid: String, name: String, xml: String) -> Item {
    Item {
        entry: format!("{uid}/{uid}.cot"),
        uid: Some(uid),
        name,
        data: xml.into_bytes(),
    }
}

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
        let (Some(name), Some(end)) = (hospital_name(r), r.geometry.last()) else {
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

fn haven_items<'a>(
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
fn venue_items<'a>(
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
fn log_items(plan: &Plan, movements: &[&Movement], ids: &Ids, t: &Times) -> Vec<Item> {
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

/// The avoid zones as closed free-form shapes, once per zone name and area. CoT
/// shapes, not KML: they carry uids (so a revision replaces them), the marking and
/// the movements in their remarks, and ATAK makes editable drawings of them. A shape
/// has one ring, so a zone's holes are named in the remarks, not drawn.
fn zone_items(plan: &Plan, movements: &[&Movement], ids: &Ids, t: &Times) -> Vec<Item> {
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

/// The brief for `opts.role`, attached to the first movement's primary route (or its
/// first route) so it opens from the map.
fn brief_item(
    plan: &Plan,
    map: &Map,
    movements: &[&Movement],
    opts: &TakOptions,
    ids: &Ids,
) -> Result<Item, TakError> {
    let pdf = brief::brief(
        plan,
        map,
        &BriefOptions {
            paper: opts.paper,
            movement: opts.movement.clone(),
            role: opts.role,
        },
    )?;
    let owner = movements.iter().find_map(|m| {
        let r = m.route(RouteRole::Primary).or(m.routes.first())?;
        Some(ids.route(m, r.role))
    });
    let file = format!("{}-brief-{}.pdf", slug(&plan.name), opts.role.key());
    let folder = owner
        .clone()
        .unwrap_or_else(|| ids.item("attachment", "brief"));
    Ok(Item {
        entry: format!("{folder}/{file}"),
        uid: owner,
        name: file,
        data: pdf,
    })
}

fn basemap_item(
    plan: &Plan,
    map: &Map,
    movements: &[&Movement],
    zooms: ZoomRange,
    ids: &Ids,
) -> Result<Item, TakError> {
    let spec = TileSpec {
        area: super::area(plan, movements),
        zooms,
        format: TileFormat::Png,
        name: format!("{} basemap", plan.name),
    };
    let (data, _) = mbtiles::mbtiles(map, &spec)?;
    let file = format!("{}-basemap.mbtiles", slug(&plan.name));
    Ok(Item {
        entry: format!("{}/{file}", ids.item("basemap", "tiles")),
        uid: None,
        name: file,
        data,
    })
}

/// `MANIFEST/manifest.xml`.
fn manifest(uid: &str, name: &str, plan: &Plan, items: &[Item]) -> String {
    use cot::esc;
    let mut s = String::from("<MissionPackageManifest version=\"2\">\n  <Configuration>\n");
    let param = |s: &mut String, indent: &str, k: &str, v: &str| {
        s.push_str(&format!(
            "{indent}<Parameter name=\"{k}\" value=\"{}\"/>\n",
            esc(v)
        ));
    };
    param(&mut s, "    ", "uid", uid);
    param(&mut s, "    ", "name", name);
    param(&mut s, "    ", "onReceiveImport", "true");
    param(&mut s, "    ", "onReceiveDelete", "false");
    param(&mut s, "    ", "remarks", &marked(plan, &plan.name));
    s.push_str("  </Configuration>\n  <Contents>\n");
    for it in items {
        s.push_str(&format!(
            "    <Content ignore=\"false\" zipEntry=\"{}\">\n",
            esc(&it.entry)
        ));
        if let Some(u) = &it.uid {
            param(&mut s, "      ", "uid", u);
        }
        param(&mut s, "      ", "name", &it.name);
        s.push_str("    </Content>\n");
    }
    s.push_str("  </Contents>\n</MissionPackageManifest>\n");
    s
}

fn zipped(manifest: &str, items: &[Item]) -> Result<Vec<u8>, TakError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("MANIFEST/manifest.xml", deflated)?;
    zip.write_all(manifest.as_bytes())?;
    for it in items {
        // PNG tiles and PDF streams are compressed already.
        let stored = it.entry.ends_with(".mbtiles") || it.entry.ends_with(".pdf");
        let o = if stored {
            deflated.compression_method(zip::CompressionMethod::Stored)
        } else {
            deflated
        };
        zip.start_file(it.entry.as_str(), o)?;
        zip.write_all(&it.data)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Monaco state visit"), "monaco-state-visit");
        assert_eq!(slug("Hôtel de Paris — arrivée"), "hotel-de-paris-arrivee");
        assert_eq!(slug("  --  "), "x");
        assert_eq!(slug("alternate 1"), "alternate-1");
    }

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
