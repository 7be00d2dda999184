//! The safe havens beside a route: every hospital, police station, fire station and
//! embassy within a corridor of the route, with the drive to it from the nearest point
//! of the route. Computed with the plan's routes and stored with them, so the printed
//! brief lists them without a router.

use crate::coord::{self, MeasuredLine};
use crate::map::PlaceKind;
use crate::routing::{RouteOptions, Router};
use geo::{Coord, Point};
use serde::{Deserialize, Serialize};

/// Havens within this distance of a route are listed.
pub const HAVEN_CORRIDOR_M: f64 = 500.0;

/// A haven near a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HavenStop {
    /// Its name (or what it is, when it has none).
    pub name: String,
    /// Hospital, police, fire station, embassy.
    pub kind: PlaceKind,
    /// Phone number, when the map has one.
    #[serde(default)]
    pub phone: Option<String>,
    /// Where it is.
    pub location: Point<f64>,
    /// Straight-line distance from the route, metres.
    pub off_route_m: f64,
    /// Where along the route it is nearest, metres from the start.
    pub along_m: f64,
    /// Drive time from that point of the route, seconds (`None`: unreachable).
    pub drive_s: Option<f64>,
}

/// The havens within `corridor_m` of `line`, in route order, with the drive to each
/// from the nearest point of the route by `router` (the car profile in plans, as
/// `havens --by time`).
pub fn havens_along(router: &Router, line: &[Coord<f64>], corridor_m: f64) -> Vec<HavenStop> {
    let map = router.map();
    let measured = MeasuredLine::new(line);
    let mut area = coord::BBox::EMPTY;
    line.iter().for_each(|c| area.extend(*c));
    if area.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<HavenStop> = map
        .places_in(area.grown_m(corridor_m))
        .map(|i| &map.places()[i as usize])
        .filter(|p| PlaceKind::HAVENS.contains(&p.kind))
        .filter_map(|p| {
            let (d, along) = coord::distance_to_polyline_m(p.location, line);
            (d <= corridor_m).then_some((p, d, along))
        })
        .map(|(p, d, along)| {
            let from = measured.point_at(along).unwrap_or(p.location);
            HavenStop {
                name: p.display_name(),
                kind: p.kind,
                phone: p.phone.clone(),
                location: p.location,
                off_route_m: d,
                along_m: along,
                drive_s: router
                    .drive(from, p.location, &RouteOptions::default())
                    .map(|(t, _)| t),
            }
        })
        .collect();
    out.sort_by(|a, b| a.along_m.total_cmp(&b.along_m));
    out
}
