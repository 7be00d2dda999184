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
    let text = std::fs::read_to_string(path).map_err(|source| AvoidError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_zones(&text).map_err(|e| match e {
        ParseFailure::Json(message) => AvoidError::Parse {
            path: path.to_path_buf(),
            message,
        },
        ParseFailure::Empty => AvoidError::NoPolygons {
            path: path.to_path_buf(),
        },
    })
}

enum ParseFailure {
    Json(String),
    Empty,
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
    let zones: Vec<AvoidZone> = features
        .into_iter()
        .filter_map(|(name, g)| {
            let geo: geo::Geometry<f64> = g.try_into().ok()?;
            let area = match geo {
                geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
                geo::Geometry::MultiPolygon(mp) => mp,
                _ => return None,
            };
            Some((name, area))
        })
        .enumerate()
        .map(|(i, (name, area))| AvoidZone {
            name: name.unwrap_or_else(|| format!("zone {}", i + 1)),
            area,
        })
        .collect();
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
