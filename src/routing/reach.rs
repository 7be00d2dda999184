//! Reach areas (isochrones): where a profile gets from a point within a time.
//!
//! One time-limited one-to-all search over the router's own states (turn rules, turn
//! penalties, barriers, as every route), then the reached stretches of road are
//! sampled onto a 50 m grid, grown by one cell, and the grid's outline is traced into
//! polygons. A grid contour rather than a concave hull: it is exact about what it
//! covers (every reached road point lies in a marked cell, so inside the outline), it
//! keeps holes where blocks of streets are not reached, and by construction no point of
//! the area is farther than about 141 m (a cell's diagonal plus one cell) from a reached
//! stretch of road. A concave hull needs a tuning parameter and bridges gaps.

use super::RouteError;
use super::Router;
use super::cost::Metric;
use super::search::{self, Costing, Reached};
use crate::coord::MEAN_EARTH_RADIUS_M;
use crate::map::PlaceKind;
use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use std::collections::{HashMap, HashSet};

/// Side of a grid cell, metres.
pub const CELL_M: f64 = 50.0;

/// Sampling step along reached roads, metres (half a cell: no cell a road crosses is
/// missed).
const STEP_M: f64 = 25.0;

/// The area reached within one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Isochrone {
    /// The time, seconds.
    pub limit_s: f64,
    /// The area (lon/lat), with holes where streets are not reached in time.
    pub area: MultiPolygon<f64>,
    /// Its size, square metres.
    pub area_m2: f64,
    /// Road nodes reached in time.
    pub nodes: usize,
}

impl Router<'_> {
    /// The areas this profile reaches from `from` within each of `limits_s` (seconds),
    /// from one search out to the largest.
    ///
    /// # Errors
    /// Snapping errors ([`RouteError::OffMap`], [`RouteError::NoRoadNear`]).
    pub fn isochrones(
        &self,
        from: Point<f64>,
        limits_s: &[f64],
    ) -> Result<Vec<Isochrone>, RouteError> {
        let snap = self.snap(from, "origin")?;
        let way = self.map.graph().seg_way_idx(snap.segment);
        let ctx = self.reach_costing(way);
        let max = limits_s.iter().copied().fold(0.0, f64::max);
        let reached = search::reach(&ctx, &snap, max, &mut self.scratch.borrow_mut());
        Ok(limits_s
            .iter()
            .map(|&limit| self.outline(&reached, limit, snap.point))
            .collect())
    }

    pub(super) fn reach_costing(&self, way: crate::map::WayIdx) -> Costing<'_> {
        Costing {
            map: self.map,
            profile: &self.profile,
            costs: &self.costs,
            metric: Metric::Time,
            modifier: None,
            exempt: [way, way],
        }
    }

    fn outline(&self, reached: &[Reached], limit: f64, origin: Point<f64>) -> Isochrone {
        let frame = Frame::new(origin.0);
        let mut cells: HashSet<(i32, i32)> = HashSet::new();
        let mut nodes = HashSet::new();
        let g = self.map.graph();
        cells.insert(frame.cell(origin.0));
        for r in reached.iter().filter(|r| r.enter <= limit) {
            let (f0, f1) = reached_share(r, limit);
            if r.enter + r.full <= limit {
                nodes.insert(g.head(r.edge));
            }
            for c in samples(&g.edge_points(r.edge), f0, f1) {
                cells.insert(frame.cell(c));
            }
        }
        let grown = grow(&cells);
        let area_m2 = grown.len() as f64 * CELL_M * CELL_M;
        Isochrone {
            limit_s: limit,
            area: trace(&grown, &frame),
            area_m2,
            nodes: nodes.len(),
        }
    }
}

/// How a police station or hospital reaches a venue: the drive from the station to
/// the venue, and the areas it reaches within each time.
#[derive(Debug, Clone, PartialEq)]
pub struct StationReach {
    /// The station's name.
    pub name: String,
    /// Police or hospital.
    pub kind: PlaceKind,
    /// Where it is.
    pub location: Point<f64>,
    /// Its phone, when the map has one.
    pub phone: Option<String>,
    /// Seconds from the station to the venue (`None`: no road joins them).
    pub to_venue_s: Option<f64>,
    /// What it reaches within each time (empty when no road is near the station).
    pub areas: Vec<Isochrone>,
}

impl StationReach {
    /// Whether the venue lies inside each area.
    pub fn covers(&self, venue: Point<f64>) -> Vec<bool> {
        self.areas.iter().map(|a| a.area.contains(&venue)).collect()
    }
}

/// How many of the nearest stations (by distance) are driven to before the quickest
/// are kept: a station across a harbour can be near and slow.
const CANDIDATES_PER_STATION: usize = 4;

impl Router<'_> {
    /// The `count` stations of `kind` that reach `venue` soonest by this profile,
    /// quickest first, each with its areas within `limits_s`. Hospitals tagged
    /// `emergency=no` are left out: an ambulance does not start there.
    pub fn stations_reach(
        &self,
        venue: Point<f64>,
        kind: PlaceKind,
        count: usize,
        limits_s: &[f64],
    ) -> Vec<StationReach> {
        let opts = super::RouteOptions::default();
        let mut found: Vec<(StationReach, f64)> = self
            .map
            .nearest_places(venue, &[kind], count * CANDIDATES_PER_STATION)
            .into_iter()
            .filter(|n| n.place.emergency != Some(false))
            .map(|n| {
                let to_venue_s = self.drive(n.place.location, venue, &opts).map(|(s, _)| s);
                let reach = StationReach {
                    name: n.place.display_name(),
                    kind,
                    location: n.place.location,
                    phone: n.place.phone.clone(),
                    to_venue_s,
                    areas: Vec::new(),
                };
                (reach, to_venue_s.unwrap_or(f64::INFINITY))
            })
            .collect();
        found.sort_by(|a, b| a.1.total_cmp(&b.1));
        found.truncate(count);
        found
            .into_iter()
            .map(|(mut r, _)| {
                r.areas = self.isochrones(r.location, limits_s).unwrap_or_default();
                r
            })
            .collect()
    }
}

/// The share of a reached edge, from where it is entered (0, or the start point on a
/// start edge) to where the time runs out.
fn reached_share(r: &Reached, limit: f64) -> (f64, f64) {
    if r.full <= 0.0 {
        return (0.0, 1.0);
    }
    let f0 = (-r.enter / r.full).clamp(0.0, 1.0);
    let f1 = ((limit - r.enter) / r.full).clamp(0.0, 1.0);
    (f0, f1)
}

/// Points along `line` from share `f0` to `f1` of its length, at most [`STEP_M`]
/// apart, both ends included.
fn samples(line: &[Coord<f64>], f0: f64, f1: f64) -> Vec<Coord<f64>> {
    let total = crate::coord::polyline_length_m(line);
    if line.len() < 2 || total <= 0.0 {
        return line.to_vec();
    }
    let (a, b) = (f0 * total, f1 * total);
    let n = ((b - a) / STEP_M).ceil().max(1.0) as usize;
    let measured = crate::coord::MeasuredLine::new(line);
    (0..=n)
        .filter_map(|k| measured.point_at(a + (b - a) * k as f64 / n as f64))
        .map(|p| p.0)
        .collect()
}

/// A local metric frame about the origin (equirectangular: well under 1 % off within
/// a city's drive), and its grid of [`CELL_M`] cells.
struct Frame {
    origin: Coord<f64>,
    m_per_deg: f64,
    cos: f64,
}

impl Frame {
    fn new(origin: Coord<f64>) -> Frame {
        Frame {
            origin,
            m_per_deg: MEAN_EARTH_RADIUS_M.to_radians(),
            cos: origin.y.to_radians().cos().max(1e-6),
        }
    }

    fn cell(&self, c: Coord<f64>) -> (i32, i32) {
        let x = (c.x - self.origin.x) * self.m_per_deg * self.cos;
        let y = (c.y - self.origin.y) * self.m_per_deg;
        ((x / CELL_M).floor() as i32, (y / CELL_M).floor() as i32)
    }

    /// Lon/lat of grid vertex (i, j), the south-west corner of cell (i, j).
    fn vertex(&self, (i, j): (i32, i32)) -> Coord<f64> {
        Coord {
            x: self.origin.x + f64::from(i) * CELL_M / (self.m_per_deg * self.cos),
            y: self.origin.y + f64::from(j) * CELL_M / self.m_per_deg,
        }
    }
}

/// The cells and their eight neighbours.
fn grow(cells: &HashSet<(i32, i32)>) -> HashSet<(i32, i32)> {
    let mut out = HashSet::with_capacity(cells.len() * 3);
    for &(i, j) in cells {
        for di in -1..=1 {
            for dj in -1..=1 {
                out.insert((i + di, j + dj));
            }
        }
    }
    out
}

/// The outline of a set of cells: rings traced along cell sides with the cells on the
/// left (outer rings counter-clockwise, holes clockwise), holes put in the smallest
/// outer ring that holds them.
fn trace(cells: &HashSet<(i32, i32)>, frame: &Frame) -> MultiPolygon<f64> {
    let rings = rings(cells);
    let mut outers: Vec<(Vec<(i32, i32)>, f64)> = Vec::new();
    let mut holes: Vec<Vec<(i32, i32)>> = Vec::new();
    for r in rings {
        let a = signed_area(&r);
        if a > 0.0 {
            outers.push((r, a));
        } else {
            holes.push(r);
        }
    }
    let to_ls = |r: &[(i32, i32)]| -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = r.iter().map(|&v| frame.vertex(v)).collect();
        if let Some(&first) = pts.first() {
            pts.push(first);
        }
        LineString(pts)
    };
    let grid_ls = |r: &[(i32, i32)]| -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = r
            .iter()
            .map(|&(i, j)| Coord {
                x: f64::from(i),
                y: f64::from(j),
            })
            .collect();
        if let Some(&first) = pts.first() {
            pts.push(first);
        }
        LineString(pts)
    };
    let mut polys: Vec<(Polygon<f64>, Vec<LineString<f64>>, f64)> = outers
        .iter()
        .map(|(r, a)| (Polygon::new(grid_ls(r), vec![]), Vec::new(), *a))
        .collect();
    for h in holes {
        // Just left of the hole's first side lie filled cells, inside the outer ring
        // that holds the hole.
        let (p, q) = (h[0], h[1 % h.len()]);
        let (dx, dy) = (f64::from(q.0 - p.0), f64::from(q.1 - p.1));
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let probe = Coord {
            x: f64::from(p.0) + dx / 2.0 - 0.25 * dy / len,
            y: f64::from(p.1) + dy / 2.0 + 0.25 * dx / len,
        };
        if let Some(best) = polys
            .iter_mut()
            .filter(|(poly, _, _)| poly.contains(&probe))
            .min_by(|a, b| a.2.total_cmp(&b.2))
        {
            best.1.push(to_ls(&h));
        }
    }
    MultiPolygon(
        outers
            .iter()
            .zip(polys)
            .map(|((r, _), (_, holes, _))| Polygon::new(to_ls(r), holes))
            .collect(),
    )
}

/// Signed area of a grid ring (positive counter-clockwise).
fn signed_area(r: &[(i32, i32)]) -> f64 {
    let n = r.len();
    (0..n)
        .map(|k| {
            let (a, b) = (r[k], r[(k + 1) % n]);
            f64::from(a.0) * f64::from(b.1) - f64::from(b.0) * f64::from(a.1)
        })
        .sum::<f64>()
        / 2.0
}

/// The boundary of the cells as closed rings of grid vertices (corners only).
fn rings(cells: &HashSet<(i32, i32)>) -> Vec<Vec<(i32, i32)>> {
    // Directed sides with the cell on the left.
    let mut sides: Vec<((i32, i32), (i32, i32))> = Vec::new();
    for &(i, j) in cells {
        if !cells.contains(&(i, j - 1)) {
            sides.push(((i, j), (i + 1, j)));
        }
        if !cells.contains(&(i + 1, j)) {
            sides.push(((i + 1, j), (i + 1, j + 1)));
        }
        if !cells.contains(&(i, j + 1)) {
            sides.push(((i + 1, j + 1), (i, j + 1)));
        }
        if !cells.contains(&(i - 1, j)) {
            sides.push(((i, j + 1), (i, j)));
        }
    }
    sides.sort_unstable();
    let mut from: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (k, s) in sides.iter().enumerate() {
        from.entry(s.0).or_default().push(k);
    }
    let mut used = vec![false; sides.len()];
    let mut out = Vec::new();
    for start in 0..sides.len() {
        if used[start] {
            continue;
        }
        let mut ring = Vec::new();
        let mut k = start;
        loop {
            used[k] = true;
            let (a, b) = sides[k];
            ring.push(a);
            let dir = (b.0 - a.0, b.1 - a.1);
            let next = from.get(&b).and_then(|ks| {
                // Where two rings touch at a corner, turn left: each ring keeps to
                // its own cells.
                let left = (-dir.1, dir.0);
                ks.iter().copied().filter(|&n| !used[n]).min_by_key(|&n| {
                    let d = (sides[n].1.0 - b.0, sides[n].1.1 - b.1);
                    if d == left {
                        0
                    } else if d == dir {
                        1
                    } else {
                        2
                    }
                })
            });
            match next {
                Some(n) => k = n,
                None => break,
            }
        }
        out.push(corners(ring));
    }
    out
}

/// A ring without the vertices in the middle of straight runs.
fn corners(ring: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    let n = ring.len();
    if n < 4 {
        return ring;
    }
    (0..n)
        .filter(|&k| {
            let (p, c, q) = (ring[(k + n - 1) % n], ring[k], ring[(k + 1) % n]);
            (c.0 - p.0) * (q.1 - c.1) - (c.1 - p.1) * (q.0 - c.0) != 0
        })
        .map(|k| ring[k])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame::new(Coord { x: 7.42, y: 43.73 })
    }

    #[test]
    fn a_ring_of_cells_keeps_its_hole_and_diagonal_cells_stay_apart() {
        let ring: HashSet<(i32, i32)> = (0..3)
            .flat_map(|i| (0..3).map(move |j| (i, j)))
            .filter(|&c| c != (1, 1))
            .collect();
        let mp = trace(&ring, &frame());
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 1, "the middle cell is a hole");
        assert_eq!(
            mp.0[0].exterior().0.len(),
            5,
            "a square: four corners, closed"
        );
        let centre = frame().vertex((1, 1));
        let centre = Point::new(
            centre.x + 0.5 * CELL_M / (frame().m_per_deg * frame().cos),
            centre.y + 0.5 * CELL_M / frame().m_per_deg,
        );
        assert!(!mp.contains(&centre), "the hole is not in the area");
        let diagonal: HashSet<(i32, i32)> = [(0, 0), (1, 1)].into_iter().collect();
        let mp = trace(&diagonal, &frame());
        assert_eq!(mp.0.len(), 2, "cells touching at a corner are two polygons");
        assert!(mp.0.iter().all(|p| p.interiors().is_empty()));
    }

    #[test]
    fn shares_of_reached_edges() {
        let r = Reached {
            edge: 0,
            enter: -10.0,
            full: 40.0,
        };
        assert_eq!(reached_share(&r, 10.0), (0.25, 0.5));
        assert_eq!(reached_share(&r, 100.0), (0.25, 1.0));
        let z = Reached {
            edge: 0,
            enter: 3.0,
            full: 0.0,
        };
        assert_eq!(reached_share(&z, 5.0), (0.0, 1.0));
    }
}
