//! Coordinates as humans type them ("lat,lon") and the Web Mercator frame that the
//! spatial indexes and (later) the renderer share.
//!
//! Inside Cordon a position is a `geo::Point<f64>` with x = longitude and y = latitude
//! in degrees (WGS 84). People read and write latitude first, so parsing and display
//! swap the order at the edge and nowhere else.

use geo::{Coord, Distance, Haversine, Point};
use std::fmt;

/// Radius of the Web Mercator sphere in metres (EPSG:3857).
pub const MERCATOR_RADIUS_M: f64 = 6_378_137.0;

/// Latitude limit of Web Mercator in degrees.
pub const MERCATOR_MAX_LAT_DEG: f64 = 85.051_128_78;

/// Why a typed coordinate was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CoordError {
    /// The text is not two comma-separated numbers.
    #[error(
        "'{text}' is not a coordinate: expected LAT,LON in degrees (43.7384,7.4246) or an MGRS or UTM reference (32T LP 73139 44024)"
    )]
    Syntax {
        /// The text as typed.
        text: String,
    },
    /// One of the numbers is outside the range of latitudes or longitudes.
    #[error("'{text}' is out of range: latitude must be within ±90 and longitude within ±180")]
    Range {
        /// The text as typed.
        text: String,
    },
}

/// Parses "LAT,LON" (degrees, optional spaces) into a point with x = lon, y = lat.
///
/// # Errors
/// [`CoordError::Syntax`] when the text is not two finite numbers separated by a comma,
/// [`CoordError::Range`] when they are not a valid latitude and longitude.
pub fn parse_lat_lon(text: &str) -> Result<Point<f64>, CoordError> {
    let syntax = || CoordError::Syntax {
        text: text.to_string(),
    };
    let (lat, lon) = text.split_once(',').ok_or_else(syntax)?;
    let lat: f64 = lat.trim().parse().map_err(|_| syntax())?;
    let lon: f64 = lon.trim().parse().map_err(|_| syntax())?;
    if !lat.is_finite() || !lon.is_finite() {
        return Err(syntax());
    }
    if lat.abs() > 90.0 || lon.abs() > 180.0 {
        return Err(CoordError::Range {
            text: text.to_string(),
        });
    }
    Ok(Point::new(lon, lat))
}

/// Displays a point the way humans type it: "lat,lon" with 6 decimals (~0.1 m).
#[derive(Debug, Clone, Copy)]
pub struct LatLon(pub Point<f64>);

impl fmt::Display for LatLon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.6},{:.6}", self.0.y(), self.0.x())
    }
}

/// Great-circle distance in metres between two lon/lat points.
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    Haversine.distance(a, b)
}

/// Haversine length of a lon/lat polyline in metres.
pub fn polyline_length_m(points: &[Coord<f64>]) -> f64 {
    points
        .windows(2)
        .map(|w| Haversine.distance(Point::from(w[0]), Point::from(w[1])))
        .sum()
}

/// The part of a lon/lat polyline between `from_m` and `to_m` metres along it.
pub fn slice_polyline(points: &[Coord<f64>], from_m: f64, to_m: f64) -> Vec<Coord<f64>> {
    let mut out = Vec::new();
    let mut walked = 0.0;
    for w in points.windows(2) {
        let len = Haversine.distance(Point::from(w[0]), Point::from(w[1]));
        let (a, b) = (walked, walked + len);
        let at = |m: f64| {
            let t = if len > 0.0 {
                ((m - a) / len).clamp(0.0, 1.0)
            } else {
                0.0
            };
            Coord {
                x: w[0].x + t * (w[1].x - w[0].x),
                y: w[0].y + t * (w[1].y - w[0].y),
            }
        };
        if b >= from_m && a <= to_m {
            if out.is_empty() {
                out.push(at(from_m.max(a)));
            }
            out.push(at(to_m.min(b)));
        }
        walked = b;
    }
    if out.is_empty()
        && let Some(p) = points.first()
    {
        out.push(*p);
    }
    out
}

/// Distance in metres from `p` to a lon/lat polyline, and how far along the polyline
/// (metres) the closest point lies. Uses a local equirectangular frame around `p`,
/// accurate to well under a metre at city scale.
pub fn distance_to_polyline_m(p: Point<f64>, points: &[Coord<f64>]) -> (f64, f64) {
    let k = MEAN_EARTH_RADIUS_M.to_radians();
    let cos = p.y().to_radians().cos();
    let local = |c: &Coord<f64>| ((c.x - p.x()) * k * cos, (c.y - p.y()) * k);
    let mut best = (f64::INFINITY, 0.0);
    let mut walked = 0.0;
    if let [only] = points {
        let (x, y) = local(only);
        return ((x * x + y * y).sqrt(), 0.0);
    }
    for w in points.windows(2) {
        let ((ax, ay), (bx, by)) = (local(&w[0]), local(&w[1]));
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (qx, qy) = (ax + t * dx, ay + t * dy);
        let d = (qx * qx + qy * qy).sqrt();
        if d < best.0 {
            best = (d, walked + t * len2.sqrt());
        }
        walked += len2.sqrt();
    }
    best
}

/// A lon/lat polyline with its cumulative lengths, for repeated "point at distance"
/// look-ups (one haversine per vertex once, then a binary search per look-up).
#[derive(Debug, Clone)]
pub struct MeasuredLine<'a> {
    points: &'a [Coord<f64>],
    cum_m: Vec<f64>,
}

impl<'a> MeasuredLine<'a> {
    /// Measures `points`.
    pub fn new(points: &'a [Coord<f64>]) -> MeasuredLine<'a> {
        let mut cum_m = Vec::with_capacity(points.len());
        let mut acc = 0.0;
        for (i, p) in points.iter().enumerate() {
            if i > 0 {
                acc += Haversine.distance(Point::from(points[i - 1]), Point::from(*p));
            }
            cum_m.push(acc);
        }
        MeasuredLine { points, cum_m }
    }

    /// The point `m` metres along (clamped to the ends).
    pub fn point_at(&self, m: f64) -> Option<Point<f64>> {
        let i = self.cum_m.partition_point(|c| *c <= m);
        match (i.checked_sub(1), self.points.get(i)) {
            (Some(a), Some(b)) => {
                let len = self.cum_m[i] - self.cum_m[a];
                let t = if len > 0.0 {
                    (m - self.cum_m[a]) / len
                } else {
                    0.0
                };
                let p = self.points[a];
                Some(Point::new(p.x + t * (b.x - p.x), p.y + t * (b.y - p.y)))
            }
            (Some(a), None) => Some(Point::from(self.points[a])),
            (None, _) => self.points.first().map(|p| Point::from(*p)),
        }
    }
}

/// The mean earth radius geo's haversine uses, metres.
pub const MEAN_EARTH_RADIUS_M: f64 = 6_371_008.771_4;

/// Projects lon/lat degrees to Web Mercator metres (x east, y north).
pub fn mercator_from_lonlat(c: Coord<f64>) -> [f64; 2] {
    let lat = c.y.clamp(-MERCATOR_MAX_LAT_DEG, MERCATOR_MAX_LAT_DEG);
    let x = MERCATOR_RADIUS_M * c.x.to_radians();
    let y = MERCATOR_RADIUS_M
        * (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
            .tan()
            .ln();
    [x, y]
}

/// Inverse of [`mercator_from_lonlat`].
pub fn lonlat_from_mercator(m: [f64; 2]) -> Coord<f64> {
    let lon = (m[0] / MERCATOR_RADIUS_M).to_degrees();
    let lat =
        (2.0 * (m[1] / MERCATOR_RADIUS_M).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    Coord { x: lon, y: lat }
}

/// Metres on the ground per Web Mercator metre at a latitude (the projection's scale).
pub fn ground_m_per_mercator_m(lat_deg: f64) -> f64 {
    lat_deg.to_radians().cos()
}

/// A lon/lat bounding box in degrees.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BBox {
    /// Westernmost longitude.
    pub min_lon: f64,
    /// Southernmost latitude.
    pub min_lat: f64,
    /// Easternmost longitude.
    pub max_lon: f64,
    /// Northernmost latitude.
    pub max_lat: f64,
}

impl Default for BBox {
    fn default() -> BBox {
        BBox::EMPTY
    }
}

impl BBox {
    /// The empty box: extending it with any point gives that point.
    pub const EMPTY: BBox = BBox {
        min_lon: f64::INFINITY,
        min_lat: f64::INFINITY,
        max_lon: f64::NEG_INFINITY,
        max_lat: f64::NEG_INFINITY,
    };

    /// Grows the box to hold `c`.
    pub fn extend(&mut self, c: Coord<f64>) {
        self.min_lon = self.min_lon.min(c.x);
        self.min_lat = self.min_lat.min(c.y);
        self.max_lon = self.max_lon.max(c.x);
        self.max_lat = self.max_lat.max(c.y);
    }

    /// The smallest box holding both.
    pub fn union(self, o: BBox) -> BBox {
        BBox {
            min_lon: self.min_lon.min(o.min_lon),
            min_lat: self.min_lat.min(o.min_lat),
            max_lon: self.max_lon.max(o.max_lon),
            max_lat: self.max_lat.max(o.max_lat),
        }
    }

    /// True when no point was ever added.
    pub fn is_empty(&self) -> bool {
        self.min_lon > self.max_lon || self.min_lat > self.max_lat
    }

    /// True when `p` lies inside or on the edge.
    pub fn contains(&self, p: Point<f64>) -> bool {
        (self.min_lon..=self.max_lon).contains(&p.x())
            && (self.min_lat..=self.max_lat).contains(&p.y())
    }

    /// The south-west and north-east corners in Web Mercator metres.
    pub fn mercator_corners(self) -> ([f64; 2], [f64; 2]) {
        let sw = mercator_from_lonlat(Coord {
            x: self.min_lon,
            y: self.min_lat,
        });
        let ne = mercator_from_lonlat(Coord {
            x: self.max_lon,
            y: self.max_lat,
        });
        (sw, ne)
    }

    /// The box grown by `m` metres on every side (at its own latitude).
    pub fn grown_m(self, m: f64) -> BBox {
        let dlat = m / MEAN_EARTH_RADIUS_M.to_radians();
        let mid = (self.min_lat + self.max_lat) / 2.0;
        let dlon = dlat / mid.to_radians().cos().max(0.01);
        BBox {
            min_lon: self.min_lon - dlon,
            min_lat: self.min_lat - dlat,
            max_lon: self.max_lon + dlon,
            max_lat: self.max_lat + dlat,
        }
    }

    /// `[min_lon, min_lat, max_lon, max_lat]`, the GeoJSON order.
    pub fn to_array(self) -> [f64; 4] {
        [self.min_lon, self.min_lat, self.max_lon, self.max_lat]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lat_first() {
        let p = parse_lat_lon("43.7384, 7.4246").unwrap();
        assert_eq!((p.x(), p.y()), (7.4246, 43.7384));
    }

    #[test]
    fn refuses_garbage_and_out_of_range() {
        assert!(matches!(
            parse_lat_lon("abc"),
            Err(CoordError::Syntax { .. })
        ));
        assert!(matches!(
            parse_lat_lon("43.7,"),
            Err(CoordError::Syntax { .. })
        ));
        assert!(matches!(
            parse_lat_lon("NaN,7"),
            Err(CoordError::Syntax { .. })
        ));
        assert!(matches!(
            parse_lat_lon("91,7"),
            Err(CoordError::Range { .. })
        ));
        assert!(matches!(
            parse_lat_lon("43,181"),
            Err(CoordError::Range { .. })
        ));
    }

    #[test]
    fn slices_a_polyline_by_distance() {
        let pts = [
            Coord { x: 7.0, y: 43.0 },
            Coord { x: 7.0, y: 43.01 },
            Coord { x: 7.0, y: 43.02 },
        ];
        let total = polyline_length_m(&pts);
        let mid = slice_polyline(&pts, total * 0.25, total * 0.75);
        assert_eq!(mid.len(), 3, "start, the middle vertex, end");
        assert!((polyline_length_m(&mid) - total * 0.5).abs() < 1e-6);
        let whole = slice_polyline(&pts, 0.0, total);
        assert_eq!(whole, pts.to_vec());
    }

    #[test]
    fn distance_to_a_polyline() {
        let line = [Coord { x: 7.0, y: 43.0 }, Coord { x: 7.0, y: 43.01 }];
        let (d, along) = distance_to_polyline_m(Point::new(7.001, 43.005), &line);
        assert!(
            (d - distance_m(Point::new(7.001, 43.005), Point::new(7.0, 43.005))).abs() < 0.5,
            "{d}"
        );
        assert!((along - polyline_length_m(&line) / 2.0).abs() < 1.0);
    }

    #[test]
    fn measured_line_finds_points_by_distance() {
        let pts = [
            Coord { x: 7.0, y: 43.0 },
            Coord { x: 7.0, y: 43.01 },
            Coord { x: 7.0, y: 43.02 },
        ];
        let line = MeasuredLine::new(&pts);
        let total = polyline_length_m(&pts);
        let mid = line.point_at(total / 2.0).unwrap();
        assert!((mid.y() - 43.01).abs() < 1e-9);
        assert_eq!(line.point_at(-5.0).unwrap(), Point::from(pts[0]));
        assert_eq!(line.point_at(total + 5.0).unwrap(), Point::from(pts[2]));
        let q = line.point_at(total * 0.25).unwrap();
        assert_eq!(
            Some(q),
            slice_polyline(&pts, total * 0.25, total * 0.25)
                .first()
                .map(|c| Point::from(*c))
        );
    }

    #[test]
    fn mercator_round_trips() {
        let c = Coord {
            x: 7.4246,
            y: 43.7384,
        };
        let back = lonlat_from_mercator(mercator_from_lonlat(c));
        assert!((back.x - c.x).abs() < 1e-9 && (back.y - c.y).abs() < 1e-9);
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = distance_m(Point::new(7.0, 43.0), Point::new(7.0, 44.0));
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
    }
}
