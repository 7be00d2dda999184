//! A planned route as TAK route links: its checkpoints as named waypoints in route
//! order, and its shape as control points simplified with Douglas–Peucker (the `geo`
//! crate) so a package stays small. Checkpoints keep their planned position exactly:
//! only the control points between them are thinned.

use super::cot::RouteLink;
use crate::coord::{self, MEAN_EARTH_RADIUS_M};
use crate::plan::{Checkpoint, PlannedRoute};
use geo::{Coord, LineString, Point, SimplifyIdx};

/// The largest distance, metres, the simplified line may stray from the route.
pub const SIMPLIFY_M: f64 = 2.0;

/// Checkpoints nearer than this to the route's start or end, metres along, stand for
/// the start or end waypoint instead of adding one beside them.
const ENDS_M: f64 = 5.0;

/// A named point to put on the route: what [`links`] needs of a checkpoint.
#[derive(Debug, Clone)]
pub struct Waypoint<'a> {
    /// The checkpoint.
    pub checkpoint: &'a Checkpoint,
    /// Its remarks (kind, planned time, grid reference, marking).
    pub remarks: String,
    /// Where the waypoint goes: the checkpoint's own position, or for a post well off
    /// the road the point of the route opposite it (a route through the post itself
    /// would send the driver into a building).
    pub at: Point<f64>,
}

/// The route's start and end as named waypoints when no checkpoint stands there.
#[derive(Debug, Clone)]
pub struct Ends {
    /// Name of the start ("Hôtel de Paris").
    pub start: String,
    /// Name of the end.
    pub end: String,
    /// Remarks of both (the marking).
    pub remarks: String,
}

/// The links of `route` with uids under `uid`: start, control points and checkpoints in
/// order along the route, end.
pub fn links(
    route: &PlannedRoute,
    uid: &str,
    waypoints: &[Waypoint],
    ends: &Ends,
) -> Vec<RouteLink> {
    let line: Vec<Coord<f64>> = route.geometry.iter().map(|p| p.point().0).collect();
    let (Some(first), Some(last)) = (line.first(), line.last()) else {
        return Vec::new();
    };
    let along = cumulative_m(&line);
    let length_m = along.last().copied().unwrap_or(0.0);
    let mut placed: Vec<(f64, RouteLink)> = waypoints
        .iter()
        .map(|w| (along_m(w.checkpoint, &line), checkpoint_link(uid, w)))
        .collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let starts_at_checkpoint = placed.first().is_some_and(|(m, _)| *m <= ENDS_M);
    let ends_at_checkpoint = placed.last().is_some_and(|(m, _)| *m >= length_m - ENDS_M);
    let kept = simplified(&line);
    let inner = kept.iter().filter(|&&i| i != 0 && i != line.len() - 1);
    let controls = inner.map(|&i| {
        let link = RouteLink {
            uid: format!("{uid}.c{i}"),
            callsign: String::new(),
            waypoint: false,
            at: Point(line[i]),
            remarks: String::new(),
        };
        (along[i], link)
    });
    let mut all: Vec<(f64, RouteLink)> = controls.collect();
    all.append(&mut placed);
    // Stable: a checkpoint on a kept vertex comes after it.
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::with_capacity(all.len() + 2);
    if !starts_at_checkpoint {
        out.push(end_link(
            format!("{uid}.start"),
            &ends.start,
            *first,
            &ends.remarks,
        ));
    }
    out.extend(all.into_iter().map(|(_, l)| l));
    if !ends_at_checkpoint {
        out.push(end_link(
            format!("{uid}.end"),
            &ends.end,
            *last,
            &ends.remarks,
        ));
    }
    out
}

fn checkpoint_link(uid: &str, w: &Waypoint) -> RouteLink {
    RouteLink {
        uid: format!("{uid}.cp.{}", w.checkpoint.id),
        callsign: w.checkpoint.name.clone(),
        waypoint: true,
        at: w.at,
        remarks: w.remarks.clone(),
    }
}

fn end_link(uid: String, name: &str, at: Coord<f64>, remarks: &str) -> RouteLink {
    RouteLink {
        uid,
        callsign: name.to_string(),
        waypoint: true,
        at: Point(at),
        remarks: remarks.to_string(),
    }
}

/// Where along the line a checkpoint lies: as `plan route` computed it, or measured
/// now when the plan has not been routed since the checkpoint moved.
fn along_m(c: &Checkpoint, line: &[Coord<f64>]) -> f64 {
    c.along_m
        .unwrap_or_else(|| coord::distance_to_polyline_m(c.location.point(), line).1)
}

/// Metres from the start at every vertex.
fn cumulative_m(line: &[Coord<f64>]) -> Vec<f64> {
    let mut out = Vec::with_capacity(line.len());
    let mut total = 0.0;
    for (i, c) in line.iter().enumerate() {
        if i > 0 {
            total += coord::distance_m(Point(line[i - 1]), Point(*c));
        }
        out.push(total);
    }
    out
}

/// The indices Douglas–Peucker keeps at [`SIMPLIFY_M`], in a local metric frame
/// (equirectangular about the line's first point: well under 1% off across a city).
fn simplified(line: &[Coord<f64>]) -> Vec<usize> {
    let Some(origin) = line.first() else {
        return Vec::new();
    };
    // Metres per degree of latitude.
    let k = MEAN_EARTH_RADIUS_M.to_radians();
    let cos = origin.y.to_radians().cos();
    let local: LineString<f64> = line
        .iter()
        .map(|c| Coord {
            x: (c.x - origin.x) * k * cos,
            y: (c.y - origin.y) * k,
        })
        .collect();
    local.simplify_idx(SIMPLIFY_M)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{CheckpointKind, LonLat, RouteRole};

    fn route(points: &[(f64, f64)]) -> PlannedRoute {
        PlannedRoute {
            role: RouteRole::Primary,
            waypoints: Vec::new(),
            snap_m: Vec::new(),
            length_m: 0.0,
            duration_s: 0.0,
            shared_fraction: None,
            hospital: None,
            hospital_phone: None,
            geometry: points.iter().map(|&(x, y)| LonLat(x, y)).collect(),
            timeline: Vec::new(),
            instructions: Vec::new(),
            risk: None,
            havens: None,
            found_by: None,
        }
    }

    fn checkpoint(id: &str, at: (f64, f64), along_m: Option<f64>) -> Checkpoint {
        Checkpoint {
            id: id.into(),
            name: format!("CP {id}"),
            kind: CheckpointKind::ChokePoint,
            location: LonLat(at.0, at.1),
            route: RouteRole::Primary,
            along_m,
            off_route_m: None,
            dwell_s: 0.0,
            planned_time: None,
            notes: String::new(),
            posted: Vec::new(),
        }
    }

    fn ends() -> Ends {
        Ends {
            start: "A".into(),
            end: "B".into(),
            remarks: String::new(),
        }
    }

    #[test]
    fn a_straight_line_keeps_only_its_ends_and_checkpoints_in_order() {
        // 11 points on a straight street, about 80 m apart.
        let pts: Vec<(f64, f64)> = (0..11)
            .map(|i| (7.42 + f64::from(i) * 0.001, 43.73))
            .collect();
        let r = route(&pts);
        let c2 = checkpoint("b", (7.427, 43.73003), None);
        let c1 = checkpoint("a", (7.422, 43.72998), Some(161.0));
        let cps = [c2, c1];
        let ws = cps
            .iter()
            .map(|c| Waypoint {
                checkpoint: c,
                remarks: "r".into(),
                at: c.location.point(),
            })
            .collect::<Vec<_>>();
        let l = links(&r, "u", &ws, &ends());
        let names: Vec<&str> = l.iter().map(|l| l.callsign.as_str()).collect();
        assert_eq!(names, ["A", "CP a", "CP b", "B"]);
        assert!(l.iter().all(|l| l.waypoint));
        // The checkpoints are where the plan put them, not on the line.
        assert_eq!(l[2].at, Point::new(7.427, 43.73003));
    }

    #[test]
    fn bends_survive_and_the_line_stays_within_two_metres() {
        // A zig-zag with 30 m teeth every ~80 m, and small 0.5 m wobbles between.
        let mut pts = Vec::new();
        for i in 0..40 {
            let x = 7.42 + f64::from(i) * 0.0005;
            let tooth = if i % 4 == 0 { 0.00027 } else { 0.0 };
            let wobble = if i % 2 == 1 { 0.0000045 } else { 0.0 };
            pts.push((x, 43.73 + tooth + wobble));
        }
        let r = route(&pts);
        let l = links(&r, "u", &[], &ends());
        assert!(l.len() < pts.len(), "{} of {}", l.len(), pts.len());
        let kept: Vec<Coord<f64>> = l.iter().map(|l| l.at.0).collect();
        for &(x, y) in &pts {
            let (d, _) = coord::distance_to_polyline_m(Point::new(x, y), &kept);
            assert!(d <= SIMPLIFY_M + 0.05, "{d} m off at {x},{y}");
        }
        assert_eq!(l.first().map(|l| l.callsign.as_str()), Some("A"));
        assert_eq!(l.last().map(|l| l.callsign.as_str()), Some("B"));
    }

    #[test]
    fn a_checkpoint_at_the_start_is_the_start() {
        let r = route(&[(7.42, 43.73), (7.43, 43.73)]);
        let c = checkpoint("dp", (7.42, 43.73), Some(0.0));
        let ws = [Waypoint {
            checkpoint: &c,
            remarks: String::new(),
            at: c.location.point(),
        }];
        let l = links(&r, "u", &ws, &ends());
        let names: Vec<&str> = l.iter().map(|l| l.callsign.as_str()).collect();
        assert_eq!(names, ["CP dp", "B"]);
        assert_eq!(l[0].uid, "u.cp.dp");
        assert!(links(&route(&[]), "u", &[], &ends()).is_empty());
    }
}
