//! MGRS and UTM grid lines over a rendered map: lines of constant easting and northing
//! of the UTM zone at the map's centre, at a round spacing for the scale (100 m to
//! 10 km), each traced through the inverse projection so it bends as the true grid
//! does, and labelled in kilometres along the top and left edges.

use super::raster::{paint, stroke};
use super::text::{self, Fonts};
use super::view::View;
use crate::grid::Grid;
use mgrs_convert::{LatLon as Wgs84, UtmUps};
use tiny_skia::{PathBuilder, Pixmap};

/// The colour of line labels.
const INK: [u8; 4] = [40, 40, 90, 255];

/// Spacings the grid may use, in metres.
const SPACINGS_M: [f64; 7] = [100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0];

/// The most lines across the map's width.
const MAX_LINES: f64 = 9.0;

/// The grid of a view, traced in pixels.
pub struct GridLines {
    /// MGRS or UTM.
    pub grid: Grid,
    /// Metres between lines.
    pub spacing_m: f64,
    /// Lines of constant easting: the easting and the line's pixels.
    pub eastings: Vec<(f64, Vec<(f32, f32)>)>,
    /// Lines of constant northing.
    pub northings: Vec<(f64, Vec<(f32, f32)>)>,
    /// What the legend says: the zone (and 100 km square), spacing and datum.
    pub note: String,
}

/// The grid lines of `view` in `grid` (`None` for lat/lon grids, the polar caps, or a
/// view too large for a 10 km grid to help).
pub fn trace(view: &View, grid: Grid) -> Option<GridLines> {
    if !matches!(grid, Grid::Mgrs | Grid::Utm) {
        return None;
    }
    let (w, h) = (f64::from(view.width), f64::from(view.height));
    let c = view.lonlat(w / 2.0, h / 2.0);
    let centre = Wgs84::new(c.y, c.x).ok()?.to_utmups();
    if centre.zone() == 0 {
        return None;
    }
    let width_m = w * view.ground_m_per_px();
    let spacing_m = *SPACINGS_M
        .iter()
        .find(|s| width_m / **s <= MAX_LINES)
        .unwrap_or(&SPACINGS_M[SPACINGS_M.len() - 1]);
    if width_m / spacing_m > 4.0 * MAX_LINES {
        return None;
    }
    // Half the diagonal, with room for the grid's rotation against north.
    let reach = (w.hypot(h) / 2.0) * view.ground_m_per_px() * 1.25;
    let range = |mid: f64| {
        let first = ((mid - reach) / spacing_m).floor() as i64;
        let last = ((mid + reach) / spacing_m).ceil() as i64;
        (first..=last).map(move |k| k as f64 * spacing_m)
    };
    let (zone, north) = (centre.zone(), centre.is_north());
    let (n0, n1) = (centre.northing() - reach, centre.northing() + reach);
    let (e0, e1) = (centre.easting() - reach, centre.easting() + reach);
    let trace_line = |fixed_e: Option<f64>, fixed_n: Option<f64>| -> Vec<(f32, f32)> {
        (0..=48)
            .filter_map(|i| {
                let t = f64::from(i) / 48.0;
                let e = fixed_e.unwrap_or(e0 + (e1 - e0) * t);
                let n = fixed_n.unwrap_or(n0 + (n1 - n0) * t);
                let ll = UtmUps::utm(zone, north, e, n).ok()?.to_latlon();
                Some(view.px(geo::Coord {
                    x: ll.lon(),
                    y: ll.lat(),
                }))
            })
            .collect()
    };
    let eastings = range(centre.easting())
        .map(|e| (e, trace_line(Some(e), None)))
        .collect();
    let northings = range(centre.northing())
        .map(|n| (n, trace_line(None, Some(n))))
        .collect();
    let spacing = if spacing_m >= 1000.0 {
        format!("{:.0} km", spacing_m / 1000.0)
    } else {
        format!("{spacing_m:.0} m")
    };
    let note = match grid {
        Grid::Mgrs => {
            let reference = grid.format(geo::Point::new(c.x, c.y));
            let square: Vec<&str> = reference.split(' ').take(2).collect();
            format!("MGRS {} grid, {spacing}; WGS 84", square.join(" "))
        }
        _ => format!(
            "UTM {zone}{} grid, {spacing} (km); WGS 84",
            if north { 'N' } else { 'S' }
        ),
    };
    Some(GridLines {
        grid,
        spacing_m,
        eastings,
        northings,
        note,
    })
}

/// A line's label: MGRS gives the kilometres within the 100 km square ("73", or "731"
/// for lines every 100 m), UTM the whole kilometres ("373", "373.1").
fn label(grid: Grid, value_m: f64, spacing_m: f64) -> String {
    let v = value_m.round() as i64;
    match (grid, spacing_m < 1000.0) {
        (Grid::Mgrs, false) => format!("{:02}", v.rem_euclid(100_000) / 1000),
        (Grid::Mgrs, true) => format!("{:03}", v.rem_euclid(100_000) / 100),
        (_, false) => format!("{}", v / 1000),
        (_, true) => format!("{:.1}", v as f64 / 1000.0),
    }
}

/// Draws the lines (under the routes and markers).
pub fn draw_lines(pm: &mut Pixmap, g: &GridLines, scale: f32) {
    let mut pb = PathBuilder::new();
    for (_, line) in g.eastings.iter().chain(&g.northings) {
        let mut pts = line.iter();
        if let Some(&(x, y)) = pts.next() {
            pb.move_to(x, y);
            for &(x, y) in pts {
                pb.line_to(x, y);
            }
        }
    }
    if let Some(path) = pb.finish() {
        pm.stroke_path(
            &path,
            &paint([40, 40, 90, 150]),
            &stroke(0.9 * scale, &[]),
            tiny_skia::Transform::identity(),
            None,
        );
    }
}

/// Labels each line where it meets the top edge (eastings) and the left edge
/// (northings), on a white halo; the corners are left to the legend and north arrow.
pub fn draw_labels(pm: &mut Pixmap, g: &GridLines, scale: f32, fonts: &Fonts) {
    let size = 9.0 * scale;
    let (w, h) = (pm.width() as f32, pm.height() as f32);
    for (e, line) in &g.eastings {
        if let Some(x) = crossing(line, |p| p.1, 0.0, |p| p.0)
            && x > 40.0 * scale
            && x < w - 60.0 * scale
        {
            let t = label(g.grid, *e, g.spacing_m);
            let tw = text::width(&fonts.regular, &t, size);
            let y = size + 3.0 * scale;
            text::draw_halo(pm, &fonts.regular, &t, x - tw / 2.0, y, size, INK);
        }
    }
    for (n, line) in &g.northings {
        if let Some(y) = crossing(line, |p| p.0, 0.0, |p| p.1)
            && y > 30.0 * scale
            && y < h - 40.0 * scale
        {
            let t = label(g.grid, *n, g.spacing_m);
            let y = y + size / 2.5;
            text::draw_halo(pm, &fonts.regular, &t, 3.0 * scale, y, size, INK);
        }
    }
}

/// Where a traced line crosses `along(p) == at`: the other coordinate, interpolated.
fn crossing(
    line: &[(f32, f32)],
    along: impl Fn(&(f32, f32)) -> f32,
    at: f32,
    other: impl Fn(&(f32, f32)) -> f32,
) -> Option<f32> {
    line.windows(2).find_map(|w| {
        let (a, b) = (along(&w[0]) - at, along(&w[1]) - at);
        if a == b || a.signum() == b.signum() && a != 0.0 {
            return None;
        }
        let t = a / (a - b);
        Some(other(&w[0]) + (other(&w[1]) - other(&w[0])) * t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::BBox;

    fn monaco_view(width_km: f64) -> View {
        let half = width_km / 2.0 / 80.5;
        let bbox = BBox {
            min_lon: 7.4246 - half,
            max_lon: 7.4246 + half,
            min_lat: 43.7384 - half * 0.3,
            max_lat: 43.7384 + half * 0.3,
        };
        View::fit(bbox, 1800, 1200, 0.0)
    }

    #[test]
    fn spacing_follows_the_scale_and_lines_land_on_their_grid_values() {
        for (km, spacing) in [(0.8, 100.0), (3.0, 500.0), (8.0, 1000.0), (60.0, 10000.0)] {
            let g = trace(&monaco_view(km), Grid::Mgrs).expect("a grid");
            assert_eq!(g.spacing_m, spacing, "{km} km wide");
        }
        let view = monaco_view(3.0);
        let g = trace(&view, Grid::Mgrs).expect("a grid");
        assert!(g.note.starts_with("MGRS 32T LP grid, 500 m"), "{}", g.note);
        // A point on the line of easting 373000 reads back with that easting.
        let (_, line) = g
            .eastings
            .iter()
            .find(|(e, _)| *e == 373_000.0)
            .expect("the 373 km line");
        let &(x, y) = &line[line.len() / 2];
        let ll = view.lonlat(f64::from(x), f64::from(y));
        let u = Wgs84::new(ll.y, ll.x).expect("on earth").to_utmups();
        assert!((u.easting() - 373_000.0).abs() < 2.0, "{}", u.easting());
        assert_eq!(label(Grid::Mgrs, 373_000.0, 1000.0), "73");
        assert_eq!(label(Grid::Mgrs, 373_100.0, 100.0), "731");
        assert_eq!(label(Grid::Utm, 4_844_000.0, 1000.0), "4844");
        assert!(trace(&view, Grid::Latlon).is_none());
        assert!(trace(&monaco_view(2000.0), Grid::Mgrs).is_none());
    }
}
