//! Avoid zones: polygons a route must not enter, read from GeoJSON or built in memory,
//! applied per query by forbidding the road segments that touch them.

use crate::map::{Map, SegmentId};
use geo::{BoundingRect, Intersects, LineString, MultiPolygon, Point};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A named area to keep out of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvoidZone {
    /// Shown in errors and briefs ("zone 1" when the file gives none).
    pub name: String,
    /// The area, lon/lat.
    pub area: MultiPolygon<f64>,
}

/// Why a zones file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AvoidError {
    /// Unreadable file.
    #[error("cannot read avoid zones {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS reason.
        source: std::io::Error,
    },
    /// Not GeoJSON.
    #[error("{} is not valid GeoJSON: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message (with line and column where it gives them).
        message: String,
    },
    /// A polygon whose positions or rings are not a shape on Earth.
    #[error("{}: {message}", path.display())]
    BadShape {
        /// The file.
        path: PathBuf,
        /// Which feature and ring, and what is wrong.
        message: String,
    },
    /// GeoJSON without a polygon.
    #[error("{} holds no Polygon or MultiPolygon to avoid", path.display())]
    NoPolygons {
        /// The file.
        path: PathBuf,
    },
}

impl AvoidZone {
    /// Whether the point lies in the zone.
    pub fn contains(&self, p: Point<f64>) -> bool {
        self.area.intersects(&p)
    }

    /// Road segments of `map` that touch the zone.
    pub fn segments(&self, map: &Map) -> Vec<SegmentId> {
        let Some(r) = self.area.bounding_rect() else {
            return Vec::new();
        };
        let bbox = crate::coord::BBox {
            min_lon: r.min().x,
            min_lat: r.min().y,
            max_lon: r.max().x,
            max_lat: r.max().y,
        };
        let g = map.graph();
        map.segments_in(bbox)
            .filter(|&s| LineString::from(g.segment_points(s).to_vec()).intersects(&self.area))
            .collect()
    }
}

/// Reads zones from a GeoJSON file: every Polygon and MultiPolygon in it, named by its
/// feature's `name` property.
///
/// # Errors
/// [`AvoidError`] for unreadable files, invalid GeoJSON, or no polygons.
pub fn load_zones(path: &Path) -> Result<Vec<AvoidZone>, AvoidError> {
    let text =
        crate::input::read_text(path, crate::input::TextKind::AvoidZones).map_err(|source| {
            AvoidError::Io {
                path: path.to_path_buf(),
                source,
            }
        })?;
    parse_zones(&text).map_err(|e| match e {
        ParseFailure::Json(message) => AvoidError::Parse {
            path: path.to_path_buf(),
            message,
        },
        ParseFailure::Empty => AvoidError::NoPolygons {
            path: path.to_path_buf(),
        },
        ParseFailure::Shape(message) => AvoidError::BadShape {
            path: path.to_path_buf(),
            message,
        },
    })
}

enum ParseFailure {
    Json(String),
    Empty,
    Shape(String),
}

/// Checks a polygon's rings before they are converted (the conversion panics on a
/// position with one number): each position two or three finite numbers with longitude
/// -180 to 180 and latitude -90 to 90, each ring closed with at least four positions.
fn check_rings(rings: &[Vec<geojson::Position>], what: &str) -> Result<(), ParseFailure> {
    for (r, ring) in rings.iter().enumerate() {
        let bad = |why: String| ParseFailure::Shape(format!("{what}, ring {}: {why}", r + 1));
        for (k, p) in ring.iter().enumerate() {
            let v = p.as_slice();
            let ok = matches!(v.len(), 2 | 3)
                && v.iter().all(|x| x.is_finite())
                && (-180.0..=180.0).contains(&v[0])
                && (-90.0..=90.0).contains(&v[1]);
            if !ok {
                return Err(bad(format!(
                    "position {} is {v:?}: it must be [lon, lat] with lon -180 to 180 and lat -90 to 90",
                    k + 1
                )));
            }
        }
        if ring.len() < 4 || ring.first().map(|p| p.as_slice()) != ring.last().map(|p| p.as_slice())
        {
            return Err(bad(format!(
                "a ring needs at least 4 positions and must end where it starts ({} given)",
                ring.len()
            )));
        }
    }
    Ok(())
}

/// The area of a Polygon or MultiPolygon geometry, checked; `None` for other kinds.
fn area_of(g: geojson::Geometry, what: &str) -> Result<Option<MultiPolygon<f64>>, ParseFailure> {
    match &g.value {
        geojson::GeometryValue::Polygon { coordinates } => check_rings(coordinates, what)?,
        geojson::GeometryValue::MultiPolygon { coordinates } => {
            for (i, poly) in coordinates.iter().enumerate() {
                check_rings(poly, &format!("{what}, polygon {}", i + 1))?;
            }
        }
        _ => return Ok(None),
    }
    let geo: geo::Geometry<f64> = g
        .try_into()
        .map_err(|e: geojson::Error| ParseFailure::Shape(format!("{what}: {e}")))?;
    Ok(match geo {
        geo::Geometry::Polygon(p) => Some(MultiPolygon::new(vec![p])),
        geo::Geometry::MultiPolygon(mp) => Some(mp),
        _ => None,
    })
}

fn parse_zones(text: &str) -> Result<Vec<AvoidZone>, ParseFailure> {
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| ParseFailure::Json(e.to_string()))?;
    let features: Vec<(Option<String>, geojson::Geometry)> = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc
            .features
            .into_iter()
            .filter_map(|f| {
                let name = f
                    .property("name")
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
                Some((name, f.geometry?))
            })
            .collect(),
        geojson::GeoJson::Feature(f) => {
            let name = f
                .property("name")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            f.geometry.map(|g| vec![(name, g)]).unwrap_or_default()
        }
        geojson::GeoJson::Geometry(g) => vec![(None, g)],
    };
    let mut zones = Vec::new();
    for (i, (name, g)) in features.into_iter().enumerate() {
        let what = match &name {
            Some(n) => format!("feature {} ('{n}')", i + 1),
            None => format!("feature {}", i + 1),
        };
        if let Some(area) = area_of(g, &what)? {
            let n = zones.len() + 1;
            zones.push(AvoidZone {
                name: name.unwrap_or_else(|| format!("zone {n}")),
                area,
            });
        }
    }
    if zones.is_empty() {
        return Err(ParseFailure::Empty);
    }
    Ok(zones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_polygons_from_a_feature_collection() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Port"},"geometry":{"type":"Polygon",
           "coordinates":[[[7.42,43.73],[7.43,43.73],[7.43,43.74],[7.42,43.74],[7.42,43.73]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[7.4,43.7]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon",
           "coordinates":[[[7.40,43.72],[7.41,43.72],[7.41,43.73],[7.40,43.72]]]}}]}"#;
        let Ok(z) = parse_zones(text) else {
            panic!("parses")
        };
        assert_eq!(z.len(), 2);
        assert_eq!(z[0].name, "Port");
        assert_eq!(z[1].name, "zone 2");
        assert!(z[0].contains(Point::new(7.425, 43.735)));
        assert!(!z[0].contains(Point::new(7.415, 43.735)));
    }

    /// Issue 14, item 2: a position with one number, a ring that does not close or a
    /// latitude off the globe is refused, naming the feature and ring (it panicked).
    #[test]
    fn malformed_positions_are_refused_naming_feature_and_ring() {
        let zone = |coords: &str| {
            format!(
                r#"{{"type":"Feature","properties":{{"name":"Port"}},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}"#
            )
        };
        for (coords, says) in [
            ("[[[7.42],[7.43],[7.44],[7.42]]]", "position 1"),
            ("[[[7.42,43.73],[7.43,43.73],[7.43,43.74]]]", "at least 4"),
            (
                "[[[7.42,43.73],[7.43,43.73],[7.43,43.74],[7.41,43.73]]]",
                "end where it starts",
            ),
            (
                "[[[7.42,95],[7.43,43.73],[7.43,43.74],[7.42,95]]]",
                "lat -90 to 90",
            ),
        ] {
            let Err(ParseFailure::Shape(m)) = parse_zones(&zone(coords)) else {
                panic!("{coords} accepted")
            };
            assert!(
                m.contains("feature 1 ('Port'), ring 1") && m.contains(says),
                "{m}"
            );
        }
        let point = r#"{"type":"Point","coordinates":[7.4]}"#;
        assert!(
            parse_zones(point).is_err(),
            "no panic on a bad point either"
        );
    }

    #[test]
    fn refuses_files_without_polygons() {
        assert!(matches!(
            parse_zones("{\"type\":\"Point\",\"coordinates\":[7,43]}"),
            Err(ParseFailure::Empty)
        ));
        assert!(matches!(
            parse_zones("{not json"),
            Err(ParseFailure::Json(_))
        ));
    }
}
