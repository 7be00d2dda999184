//! Edits a planner makes from the map and the panels: endpoints, via points,
//! checkpoints, avoid zones, movements. Plain functions on a [`Plan`], unit-tested
//! here; the app only turns gestures into them. None of them touches computed routes:
//! routes record their inputs, and [`Plan::drop_stale_routes`] removes those an edit
//! made stale.

use super::document::{Checkpoint, CheckpointKind, LonLat, Movement, Plan, RouteRole, Venue, Via};
use super::time::ClockTime;
use crate::risk::PrimaryRule;
use crate::routing::AvoidZone;
use geo::{LineString, MultiPolygon, Point, Polygon};

/// Which end of a movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Where the movement starts.
    Origin,
    /// Where it ends.
    Destination,
}

/// A lower-case id made of letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "venue".into() } else { out }
}

/// `base`, or `base-2`, `base-3`... whichever `taken` does not hold.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

/// The venue at `at` (within 25 m) or a new one named `name` of `kind`; returns its id.
pub fn venue_for(plan: &mut Plan, name: &str, kind: &str, at: Point<f64>) -> String {
    if let Some(v) = plan
        .venues
        .iter()
        .find(|v| crate::coord::distance_m(v.location.point(), at) < 25.0)
    {
        return v.id.clone();
    }
    let id = unique(&slug(name), |id| plan.venue(id).is_some());
    plan.venues.push(Venue {
        id: id.clone(),
        name: name.to_string(),
        kind: kind.to_string(),
        location: LonLat::from_point(at),
        assessment: None,
        notes: String::new(),
    });
    id
}

/// A new movement (09:00 by car unless the last one says otherwise); returns its index.
pub fn add_movement(plan: &mut Plan, from: &str, to: &str) -> usize {
    let id = unique(&format!("m{}", plan.movements.len() + 1), |id| {
        plan.movements.iter().any(|m| m.id == id)
    });
    let last = plan.movements.last();
    let departure = last
        .and_then(super::schedule::arrival)
        .map(|t| t.plus(30.0 * 60.0))
        .unwrap_or(ClockTime(9 * 3600));
    let profile = last.map_or_else(|| "car".to_string(), |m| m.profile.clone());
    plan.movements.push(Movement {
        id,
        name: String::new(),
        from: from.to_string(),
        to: to.to_string(),
        departure,
        profile,
        speed_factor: 1.0,
        via: Vec::new(),
        avoid: Vec::new(),
        primary: PrimaryRule::Fastest,
        routes: Vec::new(),
        routes_for: None,
        checkpoints: Vec::new(),
        notes: String::new(),
    });
    plan.movements.len() - 1
}

/// What a planner picked on the map or in the search: a name, a kind of venue
/// ("hospital", "hotel", or "place" for a street or a bare point) and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// The name the venue gets.
    pub name: String,
    /// The venue's kind.
    pub kind: String,
    /// Where.
    pub at: Point<f64>,
}

/// Sets one end of movement `index` (creating the movement when `index` is past the
/// end); returns the movement's index. The venue it replaces is removed when nothing
/// else uses it and it holds nothing of the planner's (no assessment, no notes).
pub fn set_end(plan: &mut Plan, index: Option<usize>, end: End, pick: &Pick) -> usize {
    let venue = venue_for(plan, &pick.name, &pick.kind, pick.at);
    let i = match index.filter(|i| *i < plan.movements.len()) {
        Some(i) => i,
        None => add_movement(plan, "", ""),
    };
    let m = &mut plan.movements[i];
    let old = match end {
        End::Origin => std::mem::replace(&mut m.from, venue),
        End::Destination => std::mem::replace(&mut m.to, venue),
    };
    let rename = m.name.is_empty() || m.name.contains(" to ");
    prune_venue(plan, &old);
    if rename {
        let name = |id: &str| plan.venue(id).map(|v| v.name.clone()).unwrap_or_default();
        let (a, b) = (name(&plan.movements[i].from), name(&plan.movements[i].to));
        plan.movements[i].name = format!("{a} to {b}");
    }
    i
}

/// Removes venue `id` if no movement uses it and it holds nothing of the planner's.
fn prune_venue(plan: &mut Plan, id: &str) {
    let used = plan.movements.iter().any(|m| m.from == id || m.to == id);
    plan.venues
        .retain(|v| v.id != id || used || v.assessment.is_some() || !v.notes.is_empty());
}

/// Why a venue cannot be removed: the movements that use it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("venue '{venue}' is used by movement(s) {}: change their ends first", .movements.join(", "))]
pub struct VenueInUse {
    /// The venue's name.
    pub venue: String,
    /// Ids of the movements that start or end there.
    pub movements: Vec<String>,
}

/// Removes venue `k` unless a movement uses it.
///
/// # Errors
/// [`VenueInUse`] naming the movements that use it.
pub fn remove_venue(plan: &mut Plan, k: usize) -> Result<(), VenueInUse> {
    let Some(v) = plan.venues.get(k) else {
        return Ok(());
    };
    let movements: Vec<String> = plan
        .movements
        .iter()
        .filter(|m| m.from == v.id || m.to == v.id)
        .map(|m| m.id.clone())
        .collect();
    if !movements.is_empty() {
        return Err(VenueInUse {
            venue: v.name.clone(),
            movements,
        });
    }
    plan.venues.remove(k);
    Ok(())
}

/// Where a point lies along movement `m`'s primary route, if it has one (metres).
fn along_primary(m: &Movement, at: Point<f64>) -> Option<f64> {
    let route = m.route(RouteRole::Primary)?;
    let line: Vec<geo::Coord<f64>> = route
        .geometry
        .iter()
        .map(|p| geo::Coord { x: p.0, y: p.1 })
        .collect();
    Some(crate::coord::distance_to_polyline_m(at, &line).1)
}

/// Adds a via point where it fits best: the order that adds the least straight-line
/// length to origin, vias and destination.
pub fn add_via(plan: &mut Plan, index: usize, name: &str, at: Point<f64>) {
    let ends = |id: &str| plan.venue(id).map(|v| v.location.point());
    let Some(m) = plan.movements.get(index) else {
        return;
    };
    let mut stops: Vec<Point<f64>> = Vec::new();
    stops.extend(ends(&m.from));
    stops.extend(m.via.iter().map(|v| v.location.point()));
    stops.extend(ends(&m.to));
    let d = crate::coord::distance_m;
    let best = (0..stops.len().saturating_sub(1))
        .min_by(|&a, &b| {
            let cost = |k: usize| d(stops[k], at) + d(at, stops[k + 1]) - d(stops[k], stops[k + 1]);
            cost(a).total_cmp(&cost(b))
        })
        .unwrap_or(0);
    // Stop `best` is the origin when the movement has one, so the via goes after it.
    let has_origin = ends(&m.from).is_some();
    let pos = if has_origin { best } else { best + 1 }.min(m.via.len());
    let m = &mut plan.movements[index];
    m.via.insert(
        pos,
        Via {
            name: name.to_string(),
            location: LonLat::from_point(at),
        },
    );
}

/// Adds a checkpoint, in route order when the movement has a primary route; returns
/// its id.
pub fn add_checkpoint(
    plan: &mut Plan,
    index: usize,
    kind: CheckpointKind,
    at: Point<f64>,
) -> Option<String> {
    let m = plan.movements.get_mut(index)?;
    let n = (1..)
        .find(|n| !m.checkpoints.iter().any(|c| c.id == format!("cp{n}")))
        .unwrap_or(1);
    let id = format!("cp{n}");
    let cp = Checkpoint {
        id: id.clone(),
        name: format!("{} {n}", capitalised(kind.label())),
        kind,
        location: LonLat::from_point(at),
        route: RouteRole::Primary,
        along_m: None,
        off_route_m: None,
        dwell_s: 0.0,
        planned_time: None,
        notes: String::new(),
        posted: Vec::new(),
    };
    let pos = match along_primary(m, at) {
        Some(a) => m
            .checkpoints
            .iter()
            .position(|c| along_primary(m, c.location.point()).is_some_and(|b| b > a))
            .unwrap_or(m.checkpoints.len()),
        None => m.checkpoints.len(),
    };
    m.checkpoints.insert(pos, cp);
    Some(id)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Something on the map that can be dragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Handle {
    /// The movement's origin venue.
    Origin,
    /// Its destination venue.
    Destination,
    /// Via point `n`.
    Via(usize),
    /// Checkpoint `n`.
    Checkpoint(usize),
    /// Corner `k` of avoid zone `z` (its first polygon's outer ring).
    ZoneCorner(usize, usize),
}

/// Moves a handle of movement `index` to `at`; returns whether anything moved.
pub fn move_handle(plan: &mut Plan, index: usize, h: Handle, at: Point<f64>) -> bool {
    let Some(m) = plan.movements.get(index) else {
        return false;
    };
    let p = LonLat::from_point(at);
    match h {
        Handle::Origin | Handle::Destination => {
            let id = if h == Handle::Origin {
                m.from.clone()
            } else {
                m.to.clone()
            };
            match plan.venues.iter_mut().find(|v| v.id == id) {
                Some(v) => {
                    v.location = p;
                    true
                }
                None => false,
            }
        }
        Handle::Via(n) => {
            let m = &mut plan.movements[index];
            match m.via.get_mut(n) {
                Some(v) => {
                    v.location = p;
                    true
                }
                None => false,
            }
        }
        Handle::ZoneCorner(z, k) => {
            let m = &mut plan.movements[index];
            let Some(poly) = m.avoid.get_mut(z).and_then(|zone| zone.area.0.get_mut(0)) else {
                return false;
            };
            let c = geo::Coord { x: p.0, y: p.1 };
            let mut moved = false;
            poly.exterior_mut(|ring| {
                let n = ring.0.len();
                if k + 1 < n {
                    ring.0[k] = c;
                    if k == 0 {
                        ring.0[n - 1] = c;
                    }
                    moved = true;
                }
            });
            moved
        }
        Handle::Checkpoint(n) => match plan.movements[index].checkpoints.get_mut(n) {
            Some(c) => {
                c.location = p;
                true
            }
            None => false,
        },
    }
}

/// An avoid zone from a drawn ring (at least three points); returns whether added.
pub fn add_avoid_zone(plan: &mut Plan, index: usize, ring: &[Point<f64>]) -> bool {
    let Some(m) = plan.movements.get_mut(index) else {
        return false;
    };
    if ring.len() < 3 {
        return false;
    }
    let mut coords: Vec<geo::Coord<f64>> = ring
        .iter()
        .map(|p| geo::Coord {
            x: super::document::round7(p.x()),
            y: super::document::round7(p.y()),
        })
        .collect();
    coords.push(coords[0]);
    let n = (1..)
        .find(|n| !m.avoid.iter().any(|z| z.name == format!("zone {n}")))
        .unwrap_or(1);
    m.avoid.push(AvoidZone {
        name: format!("zone {n}"),
        area: MultiPolygon(vec![Polygon::new(LineString(coords), Vec::new())]),
    });
    true
}

/// What removing an item of a movement refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Checkpoint `n`.
    Checkpoint(usize),
    /// Via point `n`.
    Via(usize),
    /// Avoid zone `n`.
    Zone(usize),
}

/// Removes an item of movement `index`; returns whether there was one.
pub fn remove(plan: &mut Plan, index: usize, item: Item) -> bool {
    fn take<T>(v: &mut Vec<T>, n: usize) -> bool {
        let there = n < v.len();
        if there {
            v.remove(n);
        }
        there
    }
    let Some(m) = plan.movements.get_mut(index) else {
        return false;
    };
    match item {
        Item::Checkpoint(n) => take(&mut m.checkpoints, n),
        Item::Via(n) => take(&mut m.via, n),
        Item::Zone(n) => take(&mut m.avoid, n),
    }
}

/// Removes movement `index`; returns whether there was one.
pub fn remove_movement(plan: &mut Plan, index: usize) -> bool {
    let there = index < plan.movements.len();
    if there {
        plan.movements.remove(index);
    }
    there
}

/// Moves the departure of movement `index` so that its checkpoint `k` is passed at
/// `at` (checkpoint times follow from the route, so this is how one is set).
pub fn set_checkpoint_time(plan: &mut Plan, index: usize, k: usize, at: ClockTime) -> bool {
    let Some(m) = plan.movements.get_mut(index) else {
        return false;
    };
    let Some(now) = m.checkpoints.get(k).and_then(|c| c.planned_time) else {
        return false;
    };
    m.departure = m.departure.shifted(at.since(now));
    true
}

/// Makes `rule` how movement `index`'s primary route is found (adopting an alternate or
/// a route found at a risk weight); returns whether anything changed. The routes then
/// no longer match their inputs and are recomputed around the new primary, the former
/// one staying on as an alternate.
pub fn set_primary(plan: &mut Plan, index: usize, rule: PrimaryRule) -> bool {
    match plan.movements.get_mut(index) {
        Some(m) if m.primary != rule => {
            m.primary = rule;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{MapRef, RouteInputs};

    fn pick(name: &str, at: Point<f64>) -> Pick {
        Pick {
            name: name.into(),
            kind: "place".into(),
            at,
        }
    }

    fn plan() -> Plan {
        Plan::new(
            "t",
            MapRef {
                path: "m.osm.pbf".into(),
                sha256: String::new(),
            },
        )
    }

    #[test]
    fn slugs_are_plain_ids() {
        assert_eq!(slug("Casino de Monte-Carlo"), "casino-de-monte-carlo");
        assert_eq!(slug("Hôtel  de Paris!"), "hotel-de-paris");
        assert_eq!(slug("  "), "venue");
    }

    #[test]
    fn setting_ends_makes_one_movement_and_reuses_venues() {
        let mut p = plan();
        let i = set_end(
            &mut p,
            None,
            End::Destination,
            &pick("Casino", Point::new(7.4275, 43.7395)),
        );
        assert_eq!(i, 0);
        let j = set_end(
            &mut p,
            Some(i),
            End::Origin,
            &pick("Port", Point::new(7.4225, 43.7355)),
        );
        assert_eq!(j, 0);
        assert_eq!(p.movements.len(), 1);
        assert_eq!(p.movements[0].from, "port");
        assert_eq!(p.movements[0].to, "casino");
        assert_eq!(p.movements[0].name, "Port to Casino");
        // A second movement back reuses both venues (within 25 m).
        let k = set_end(
            &mut p,
            None,
            End::Origin,
            &pick("Casino again", Point::new(7.42751, 43.7395)),
        );
        assert_eq!(k, 1);
        assert_eq!(p.movements[1].from, "casino");
        assert_eq!(p.venues.len(), 2);
    }

    #[test]
    fn vias_go_where_they_add_least() {
        let mut p = plan();
        set_end(
            &mut p,
            None,
            End::Origin,
            &pick("A", Point::new(7.40, 43.73)),
        );
        set_end(
            &mut p,
            Some(0),
            End::Destination,
            &pick("B", Point::new(7.44, 43.73)),
        );
        add_via(&mut p, 0, "late", Point::new(7.43, 43.731));
        add_via(&mut p, 0, "early", Point::new(7.41, 43.731));
        let names: Vec<&str> = p.movements[0].via.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["early", "late"]);
        assert!(move_handle(
            &mut p,
            0,
            Handle::Via(1),
            Point::new(7.435, 43.732)
        ));
        assert_eq!(p.movements[0].via[1].location, LonLat(7.435, 43.732));
    }

    #[test]
    fn checkpoints_get_fresh_ids_and_zones_need_three_points() {
        let mut p = plan();
        set_end(
            &mut p,
            None,
            End::Origin,
            &pick("A", Point::new(7.40, 43.73)),
        );
        let a = add_checkpoint(
            &mut p,
            0,
            CheckpointKind::ChokePoint,
            Point::new(7.41, 43.73),
        );
        let b = add_checkpoint(
            &mut p,
            0,
            CheckpointKind::SafeHaven,
            Point::new(7.42, 43.73),
        );
        assert_eq!((a.as_deref(), b.as_deref()), (Some("cp1"), Some("cp2")));
        assert_eq!(p.movements[0].checkpoints[1].name, "Safe haven 2");
        assert!(
            add_checkpoint(
                &mut p,
                5,
                CheckpointKind::SafeHaven,
                Point::new(7.42, 43.73)
            )
            .is_none()
        );
        set_end(
            &mut p,
            Some(0),
            End::Destination,
            &pick("B", Point::new(7.43, 43.73)),
        );
        let key = RouteInputs::of(&p, 0);
        assert!(!add_avoid_zone(
            &mut p,
            0,
            &[Point::new(7.4, 43.7), Point::new(7.41, 43.7)]
        ));
        assert!(add_avoid_zone(
            &mut p,
            0,
            &[
                Point::new(7.4, 43.7),
                Point::new(7.41, 43.7),
                Point::new(7.41, 43.71)
            ]
        ));
        assert_eq!(p.movements[0].avoid[0].name, "zone 1");
        assert!(move_handle(
            &mut p,
            0,
            Handle::ZoneCorner(0, 0),
            Point::new(7.39, 43.69)
        ));
        let ring = &p.movements[0].avoid[0].area.0[0].exterior().0;
        assert_eq!(
            (ring[0], ring[3]),
            (ring[3], geo::Coord { x: 7.39, y: 43.69 })
        );
        assert!(
            !move_handle(&mut p, 0, Handle::ZoneCorner(0, 3), Point::new(7.39, 43.69)),
            "the closing copy is not a corner"
        );
        assert_ne!(
            RouteInputs::of(&p, 0),
            key,
            "a zone changes what the routes depend on"
        );
    }

    #[test]
    fn removing_items_and_movements_says_whether_there_was_one() {
        let mut p = plan();
        set_end(
            &mut p,
            None,
            End::Origin,
            &pick("A", Point::new(7.40, 43.73)),
        );
        add_via(&mut p, 0, "v", Point::new(7.41, 43.73));
        add_checkpoint(&mut p, 0, CheckpointKind::CheckIn, Point::new(7.41, 43.73));
        assert!(remove(&mut p, 0, Item::Via(0)));
        assert!(!remove(&mut p, 0, Item::Via(0)), "no second via");
        assert!(!remove(&mut p, 0, Item::Zone(0)));
        assert!(remove(&mut p, 0, Item::Checkpoint(0)));
        assert!(!remove(&mut p, 3, Item::Checkpoint(0)), "no movement 3");
        assert!(p.movements[0].via.is_empty() && p.movements[0].checkpoints.is_empty());
        assert!(!remove_movement(&mut p, 1));
        assert!(remove_movement(&mut p, 0));
        assert!(p.movements.is_empty());
    }

    #[test]
    fn a_checkpoint_time_moves_the_departure_either_way() {
        let mut p = plan();
        set_end(
            &mut p,
            None,
            End::Origin,
            &pick("A", Point::new(7.40, 43.73)),
        );
        add_checkpoint(&mut p, 0, CheckpointKind::CheckIn, Point::new(7.41, 43.73));
        let at = |h: u32, m: u32| ClockTime(h * 3600 + m * 60);
        assert!(
            !set_checkpoint_time(&mut p, 0, 0, at(9, 10)),
            "an untimed checkpoint cannot be set"
        );
        p.movements[0].departure = at(9, 0);
        p.movements[0].checkpoints[0].planned_time = Some(at(9, 5));
        assert!(set_checkpoint_time(&mut p, 0, 0, at(9, 20)));
        assert_eq!(p.movements[0].departure, at(9, 15));
        p.movements[0].checkpoints[0].planned_time = Some(at(9, 20));
        assert!(set_checkpoint_time(&mut p, 0, 0, at(9, 12)));
        assert_eq!(p.movements[0].departure, at(9, 7), "earlier works too");
    }
}
