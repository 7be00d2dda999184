//! Drawable features: what the map view and the printed brief paint under the roads.

use super::place::OsmRef;
use serde::{Deserialize, Serialize};

/// What a feature is; decides how it is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// `building=*` outlines.
    Building,
    /// Water areas: `natural=water`, `waterway=riverbank`, `landuse=reservoir`, basins.
    Water,
    /// Water lines: rivers, streams, canals.
    Waterway,
    /// `natural=coastline` lines (land on the left, sea on the right).
    Coastline,
    /// Parks and gardens (`leisure=park|garden|playground|pitch`).
    Park,
    /// Green land cover (`landuse=grass|forest|meadow|cemetery...`, `natural=wood|scrub...`).
    Green,
    /// Railway lines (`railway=rail|light_rail|subway|tram|narrow_gauge|funicular`).
    Railway,
}

impl FeatureKind {
    /// Every kind.
    pub const ALL: [FeatureKind; 7] = [
        Self::Building,
        Self::Water,
        Self::Waterway,
        Self::Coastline,
        Self::Park,
        Self::Green,
        Self::Railway,
    ];

    /// The snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Building => "building",
            Self::Water => "water",
            Self::Waterway => "waterway",
            Self::Coastline => "coastline",
            Self::Park => "park",
            Self::Green => "green",
            Self::Railway => "railway",
        }
    }

    /// Whether the kind is an area (polygon) rather than a line.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            Self::Building | Self::Water | Self::Park | Self::Green
        )
    }
}

/// One drawable feature with its outline or line in lon/lat degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// What it is.
    pub kind: FeatureKind,
    /// Polygon or MultiPolygon for areas, LineString for lines.
    pub geometry: geo::Geometry<f64>,
    /// The OSM object it came from.
    pub osm: OsmRef,
}
