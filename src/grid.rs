//! Grid references: how a plan shows a position (MGRS, UTM, decimal latitude and
//! longitude, or degrees-minutes-seconds), and reading an MGRS or UTM reference typed
//! by a planner. All on WGS 84.
//!
//! The conversions are the `mgrs-convert` crate's (Karney's Krüger series to order 6;
//! the MGRS lettering of NGA TM 8358.1, with the Norway and Svalbard zone exceptions).
//! It was chosen over `geoconvert` (a GeographicLib translation) because it has no
//! dependencies and validated constructors, including UTM in a given zone, which the
//! brief's grid lines need. Checked here against GeographicLib's `GeoConvert` on 1,128
//! points (1,000 random over the world and 128 at zone edges and in the Norway and
//! Svalbard exceptions): every MGRS reference at 1 m and every UTM easting and
//! northing at 1 mm were identical, and the reverse agreed within 0.1 mm
//! (`tests/grid_geoconvert.rs` runs it when `GeoConvert` is installed).

use geo::Point;
use mgrs_convert::{LatLon as Wgs84, Mgrs, Precision};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The grid a plan shows positions in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grid {
    /// Military Grid Reference System, to 1 m: `32T LP 73139 44024`.
    #[default]
    Mgrs,
    /// UTM zone, hemisphere, easting and northing in metres: `32N 373139 4844024`.
    Utm,
    /// Decimal degrees, latitude first: `43.738400,7.424600`.
    Latlon,
    /// Degrees, minutes and seconds: `43°44'18.2"N 7°25'28.6"E`.
    Dms,
}

impl Grid {
    /// Every grid, in the order menus list them.
    pub const ALL: [Grid; 4] = [Grid::Mgrs, Grid::Utm, Grid::Latlon, Grid::Dms];

    /// The grid's name as people say it.
    pub fn label(self) -> &'static str {
        match self {
            Grid::Mgrs => "MGRS",
            Grid::Utm => "UTM",
            Grid::Latlon => "lat/lon",
            Grid::Dms => "DMS",
        }
    }

    /// `p` (lon/lat) written in this grid; a point no grid can name (off the globe)
    /// falls back to decimal degrees.
    pub fn format(self, p: Point<f64>) -> String {
        let ll = || format!("{:.6},{:.6}", p.y(), p.x());
        let on_earth = p.y().abs() <= 90.0 && p.x().abs() <= 180.0;
        let Some(w) = Wgs84::new(p.y(), p.x()).ok().filter(|_| on_earth) else {
            return ll();
        };
        match self {
            Grid::Mgrs => spaced_mgrs(&w.to_mgrs(Precision::ONE_METER).to_string()),
            Grid::Utm => {
                let u = w.to_utmups();
                let zone = match u.zone() {
                    0 => "UPS ".to_string(),
                    z => z.to_string(),
                };
                let hemi = if u.is_north() { 'N' } else { 'S' };
                format!(
                    "{zone}{hemi} {:.0} {:.0}",
                    u.easting().floor(),
                    u.northing().floor()
                )
            }
            Grid::Latlon => ll(),
            Grid::Dms => format!(
                "{} {}",
                dms(p.y(), if p.y() >= 0.0 { 'N' } else { 'S' }),
                dms(p.x(), if p.x() >= 0.0 { 'E' } else { 'W' })
            ),
        }
    }
}

impl fmt::Display for Grid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A position shown in a grid: `GridRef(grid, point).to_string()`.
#[derive(Debug, Clone, Copy)]
pub struct GridRef(pub Grid, pub Point<f64>);

impl fmt::Display for GridRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(self.1))
    }
}

/// `32TLP7313944024` as `32T LP 73139 44024`.
fn spaced_mgrs(s: &str) -> String {
    // Zone digits, band letter, two square letters, then easting and northing halves.
    let lead = s.chars().take_while(char::is_ascii_digit).count();
    let (gzd, rest) = s.split_at((lead + 1).min(s.len()));
    let (square, numbers) = rest.split_at(2.min(rest.len()));
    let half = numbers.len() / 2;
    let (e, n) = numbers.split_at(half);
    format!("{gzd} {square} {e} {n}")
}

/// `43.7384` as `43°44'18.2"N`.
fn dms(deg: f64, hemi: char) -> String {
    let tenths = (deg.abs() * 36_000.0).round() as u64;
    let (d, rest) = (tenths / 36_000, tenths % 36_000);
    let (m, s) = (rest / 600, rest % 600);
    format!("{d}°{m:02}'{:02}.{}\"{hemi}", s / 10, s % 10)
}

/// Reads an MGRS reference (`32TLP7313944024`, `32T LP 73139 44024`, any precision
/// from 10 km to 1 m; the centre of the square it names) or a UTM one (`32N 373139
/// 4844024`, `32T 373139 4844024` with a band letter, or `32 N 373139 4844024`).
/// `None` when the text is neither.
pub fn parse_reference(text: &str) -> Option<Point<f64>> {
    let compact: String = text.split_whitespace().collect();
    // At least 10 km precision (two digits after the square letters): a bare square
    // such as "AUT" or "11RUE" is more likely a name than a place to go to.
    let digits = compact
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if digits >= 2
        && let Ok(m) = compact.parse::<Mgrs>()
    {
        let c = m.to_latlon();
        return Some(Point::new(c.lon(), c.lat()));
    }
    parse_utm(text)
}

fn parse_utm(text: &str) -> Option<Point<f64>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (zone_word, e, n) = match words.as_slice() {
        [z, e, n] => ((*z).to_string(), *e, *n),
        [z, h, e, n] => (format!("{z}{h}"), *e, *n),
        _ => return None,
    };
    let split = zone_word.find(|c: char| !c.is_ascii_digit())?;
    let (zone, letter) = zone_word.split_at(split);
    let zone: u8 = zone.parse().ok()?;
    let letter = letter.to_ascii_uppercase();
    let north = match letter.as_str() {
        "N" => true,
        "S" => false,
        // A latitude band: C to M south, N to X north (N is both; taken as north).
        l if l.len() == 1 => {
            let c = l.chars().next()?;
            if !c.is_ascii_uppercase() || "IO".contains(c) || !('C'..='X').contains(&c) {
                return None;
            }
            c >= 'N'
        }
        _ => return None,
    };
    let easting: f64 = e.parse().ok()?;
    let northing: f64 = n.parse().ok()?;
    let u = mgrs_convert::UtmUps::utm(zone, north, easting, northing).ok()?;
    let c = u.to_latlon();
    Some(Point::new(c.lon(), c.lat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monaco's Place du Casino; references from GeographicLib's GeoConvert 2.1
    /// (`echo 43.7384 7.4246 | GeoConvert -m -p 0` gives 32TLP7313944024, `-u` gives
    /// 32n 373139 4844024).
    #[test]
    fn each_grid_writes_the_casino_as_geoconvert_does() {
        let p = Point::new(7.4246, 43.7384);
        assert_eq!(Grid::Mgrs.format(p), "32T LP 73139 44024");
        assert_eq!(Grid::Utm.format(p), "32N 373139 4844024");
        assert_eq!(Grid::Latlon.format(p), "43.738400,7.424600");
        assert_eq!(Grid::Dms.format(p), "43°44'18.2\"N 7°25'28.6\"E");
        assert_eq!(
            Grid::Dms.format(Point::new(-0.5, -33.25)),
            "33°15'00.0\"S 0°30'00.0\"W"
        );
        assert_eq!(GridRef(Grid::Mgrs, p).to_string(), "32T LP 73139 44024");
    }

    #[test]
    fn typed_references_are_read_back_to_within_a_metre() {
        let p = Point::new(7.4246, 43.7384);
        for text in [
            "32TLP7313944024",
            "32T LP 73139 44024",
            "32tlp 73139 44024",
            "32N 373139 4844024",
            "32 N 373139 4844024",
            "32T 373139 4844024",
        ] {
            let q = parse_reference(text).unwrap_or_else(|| panic!("{text}"));
            assert!(crate::coord::distance_m(p, q) < 1.0, "{text}: {q:?}");
        }
        // 100 m precision: the centre of the square.
        let q = parse_reference("32TLP731440").expect("100 m reference");
        assert!(crate::coord::distance_m(p, q) < 71.0);
        for bad in [
            "",
            "casino",
            "32",
            "32X 1 2 3",
            "99N 373139 4844024",
            "32I 1 2",
        ] {
            assert!(parse_reference(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn grids_are_stored_by_name() {
        assert_eq!(ron::to_string(&Grid::Mgrs).unwrap(), "mgrs");
        assert_eq!(ron::from_str::<Grid>("dms").unwrap(), Grid::Dms);
        // Off the globe: decimal degrees rather than a wrong reference.
        assert_eq!(
            Grid::Mgrs.format(Point::new(200.0, 0.0)),
            "0.000000,200.000000"
        );
    }
}
