//! The loaded map: road graph, places, drawable features, spatial indexes and name
//! search. Built once by [`crate::osm::read`]; read-only afterwards.

mod feature;
mod graph;
mod index;
mod place;
mod search;
mod settlement;
mod summary;

pub use feature::{Feature, FeatureKind};
pub use graph::scc;
pub use graph::{
    Access, Barrier, EdgeFlags, EdgeId, Mode, NO_EDGE, NodeFlags, NodeId, Oneway, RestrictionKind,
    RoadClass, RoadGraph, SegmentId, TurnRestriction, WayFlags, WayIdx, WayInfo,
};
pub use index::Snap;
pub use place::{OsmRef, Place, PlaceKind};
pub use search::{HitKind, SearchHit, normalize};
pub use settlement::{Settlement, SettlementKind};
pub use summary::{MapSummary, RoadGraphSummary};

use crate::coord::{self, BBox, LatLon};
use geo::Point;
use index::SpatialIndex;
use search::NameIndex;
use serde::Serialize;

/// How far outside its box a point may be and still count as on the map, in degrees
/// (about 1 km): people click just past the edge of an extract.
const ON_MAP_MARGIN_DEG: f64 = 0.01;

/// How much farther than they are tunnels and underground roads count when snapping.
pub const TUNNEL_SNAP_PENALTY_M: f64 = 150.0;

/// What the loader saw, including what it had to leave out of a damaged or clipped file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoadStats {
    /// Nodes in the file.
    pub nodes: u64,
    /// Ways in the file.
    pub ways: u64,
    /// Relations in the file.
    pub relations: u64,
    /// The box the file's header declares, if any.
    pub header_bbox: Option<BBox>,
    /// The box of every node in the file.
    pub data_bbox: BBox,
    /// Way-to-node references whose node is not in the file (clipped extracts).
    pub missing_node_refs: u64,
    /// Road ways cut into pieces because some of their nodes are missing.
    pub ways_split_at_missing_nodes: u64,
    /// Nodes that appeared more than once (the first copy is kept).
    pub duplicate_nodes: u64,
    /// Nodes left out because their position is not a place on Earth (latitude outside
    /// ±90, longitude outside ±180, or not a number); ways through them are cut there.
    pub nodes_out_of_range: u64,
    /// Turn restrictions kept for routing.
    pub restrictions: u64,
    /// Turn restrictions left out: via a way, or members outside the file.
    pub restrictions_skipped: u64,
    /// Tagged places none of whose nodes are in the file.
    pub places_without_location: u64,
    /// Areas and rings that could not be closed (members missing from the file).
    pub broken_areas: u64,
    /// Relations left out because a member's type is not node, way or relation.
    pub relations_with_unknown_members: u64,
}

/// Errors of map queries.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MapError {
    /// The point is not within the area the map covers.
    #[error("{} is outside the map (which covers lat {:.5}..{:.5}, lon {:.5}..{:.5})",
        LatLon(*point), bbox.min_lat, bbox.max_lat, bbox.min_lon, bbox.max_lon)]
    OffMap {
        /// The point as given.
        point: Point<f64>,
        /// The map's extent.
        bbox: BBox,
    },
    /// Neither a coordinate nor a name on the map.
    #[error("'{query}' is neither LAT,LON nor a street or place on this map")]
    NotFound {
        /// What was typed.
        query: String,
    },
    /// A coordinate with numbers out of range.
    #[error("{message}")]
    BadCoordinate {
        /// The coordinate error's text.
        message: String,
    },
}

/// Resolves what a user typed for a point: `LAT,LON`, or a name for the name search
/// (its best hit).
///
/// # Errors
/// [`MapError::NotFound`] when the text is neither a coordinate nor a known name;
/// coordinate range errors are reported as such.
pub fn resolve_point(map: &Map, text: &str) -> Result<(Point<f64>, String), MapError> {
    match coord::parse_lat_lon(text) {
        Ok(p) => Ok((p, LatLon(p).to_string())),
        Err(e @ coord::CoordError::Range { .. }) => Err(MapError::BadCoordinate {
            message: e.to_string(),
        }),
        Err(coord::CoordError::Syntax { .. }) => map
            .search(text, 1)
            .into_iter()
            .next()
            .map(|h| (h.location, h.name))
            .ok_or_else(|| MapError::NotFound {
                query: text.to_string(),
            }),
    }
}

/// A place with its straight-line distance from a query point.
#[derive(Debug, Clone, Serialize)]
pub struct NearbyPlace<'a> {
    /// Index into [`Map::places`].
    pub index: u32,
    /// The place.
    pub place: &'a Place,
    /// Great-circle distance in metres.
    pub distance_m: f64,
}

/// The coastline features and their boxes.
fn coastline_boxes(features: &[Feature]) -> Vec<(u32, BBox)> {
    features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FeatureKind::Coastline)
        .map(|(i, f)| {
            let mut b = BBox::EMPTY;
            for c in geo::CoordsIter::coords_iter(&f.geometry) {
                b.extend(c);
            }
            (i as u32, b)
        })
        .collect()
}

/// A loaded, routable map.
#[derive(Debug)]
pub struct Map {
    graph: RoadGraph,
    places: Vec<Place>,
    settlements: Vec<Settlement>,
    features: Vec<Feature>,
    /// The coastline features (what the sea fill reads) with their boxes.
    coastlines: Vec<(u32, BBox)>,
    stats: LoadStats,
    index: SpatialIndex,
    names: NameIndex,
}

impl Map {
    /// Assembles a map and builds its indexes.
    pub fn from_parts(
        graph: RoadGraph,
        places: Vec<Place>,
        settlements: Vec<Settlement>,
        features: Vec<Feature>,
        stats: LoadStats,
    ) -> Map {
        let (index, names) = rayon::join(
            || SpatialIndex::build(&graph, &places, &features),
            || NameIndex::build(&graph, &places, &settlements),
        );
        let coastlines = coastline_boxes(&features);
        Map {
            graph,
            places,
            settlements,
            features,
            coastlines,
            stats,
            index,
            names,
        }
    }

    /// The road network.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// Every place, sorted by kind and OSM id.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Every named settlement node (cities, towns, villages, hamlets, districts),
    /// sorted by kind and name.
    pub fn settlements(&self) -> &[Settlement] {
        &self.settlements
    }

    /// The district and town `p` lies in ("Monte-Carlo, Monaco"), if any settlement on
    /// the map reaches it. See [`SettlementKind::reach_m`].
    pub fn area_of(&self, p: Point<f64>) -> Option<String> {
        settlement::area_of(&self.settlements, p)
    }

    /// Every drawable feature, sorted by kind and OSM id.
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// The `natural=coastline` lines whose box meets `bbox`: the sea fill reads these
    /// alone, without walking every building in view.
    pub fn coastlines_in(&self, bbox: BBox) -> impl Iterator<Item = &Feature> + '_ {
        self.coastlines
            .iter()
            .filter(move |(_, b)| {
                b.min_lon <= bbox.max_lon
                    && b.max_lon >= bbox.min_lon
                    && b.min_lat <= bbox.max_lat
                    && b.max_lat >= bbox.min_lat
            })
            .map(|&(i, _)| &self.features[i as usize])
    }

    /// Whether the map has any coastline (an inland map has no sea to fill).
    pub fn has_coastline(&self) -> bool {
        !self.coastlines.is_empty()
    }

    /// What the loader counted.
    pub fn stats(&self) -> &LoadStats {
        &self.stats
    }

    /// The area the map is meant to cover: the header box when the file has one (data
    /// boxes of extracts are stretched by boundary relations), else the data box.
    pub fn extent(&self) -> BBox {
        self.stats.header_bbox.unwrap_or(self.stats.data_bbox)
    }

    /// Checks that a point lies on the map (within about 1 km of its extent).
    ///
    /// # Errors
    /// [`MapError::OffMap`] when it does not.
    pub fn check_on_map(&self, p: Point<f64>) -> Result<(), MapError> {
        let b = self.extent();
        let grown = BBox {
            min_lon: b.min_lon - ON_MAP_MARGIN_DEG,
            min_lat: b.min_lat - ON_MAP_MARGIN_DEG,
            max_lon: b.max_lon + ON_MAP_MARGIN_DEG,
            max_lat: b.max_lat + ON_MAP_MARGIN_DEG,
        };
        if grown.contains(p) {
            Ok(())
        } else {
            Err(MapError::OffMap { point: p, bbox: b })
        }
    }

    /// The nearest segment within `max_m` metres that `keep` accepts. Tunnels count
    /// as [`TUNNEL_SNAP_PENALTY_M`] farther than they are: a point on the surface
    /// belongs to the street above, not the tunnel below.
    pub fn snap(
        &self,
        p: Point<f64>,
        max_m: f64,
        keep: impl Fn(SegmentId) -> bool,
    ) -> Option<Snap> {
        let tunnel = |s: SegmentId| {
            let w = self.graph.segment_way(s);
            if w.flags.contains(WayFlags::TUNNEL) || w.layer < 0 {
                TUNNEL_SNAP_PENALTY_M
            } else {
                0.0
            }
        };
        self.index.snap(&self.graph, p, max_m, keep, tunnel)
    }

    /// Up to `limit` places of the given kinds nearest to `p` (all kinds when `kinds` is
    /// empty), nearest first by great-circle distance.
    pub fn nearest_places(
        &self,
        p: Point<f64>,
        kinds: &[PlaceKind],
        limit: usize,
    ) -> Vec<NearbyPlace<'_>> {
        let mut out: Vec<NearbyPlace> = self
            .index
            .places_near(p)
            .map(|i| (i, &self.places[i as usize]))
            .filter(|(_, pl)| kinds.is_empty() || kinds.contains(&pl.kind))
            .take(limit)
            .map(|(index, place)| NearbyPlace {
                index,
                place,
                distance_m: coord::distance_m(p, place.location),
            })
            .collect();
        out.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
        out
    }

    /// Indices of the places inside `bbox`.
    pub fn places_in(&self, bbox: BBox) -> impl Iterator<Item = u32> + '_ {
        self.index.places_in(bbox)
    }

    /// Road segments whose bounding box meets `bbox`.
    pub fn segments_in(&self, bbox: BBox) -> impl Iterator<Item = SegmentId> + '_ {
        self.index.segments_in(bbox)
    }

    /// Features whose bounding box meets `bbox`.
    pub fn features_in(&self, bbox: BBox) -> impl Iterator<Item = &Feature> + '_ {
        self.index
            .features_in(bbox)
            .map(|i| &self.features[i as usize])
    }

    /// Settlements, streets and places whose name contains `query` (case- and
    /// accent-insensitive), best first, each with the area it lies in.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        // An MGRS or UTM reference names a point, not a name: it is the one hit.
        if let Some(p) = crate::grid::parse_reference(query) {
            let on_map = self.extent().contains(p);
            return vec![SearchHit {
                kind: HitKind::GridReference,
                name: query
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_uppercase(),
                location: p,
                place: None,
                area: (!on_map)
                    .then(|| "off the map".to_string())
                    .or_else(|| settlement::area_of(&self.settlements, p)),
            }]
            .into_iter()
            .take(limit)
            .collect();
        }
        let mut hits = self.names.search(query, limit);
        for h in &mut hits {
            h.area = match h.kind {
                HitKind::Settlement(kind) => {
                    let own = Settlement {
                        kind,
                        name: h.name.clone(),
                        location: h.location,
                    };
                    settlement::area_of_settlement(&self.settlements, &own)
                }
                _ => settlement::area_of(&self.settlements, h.location),
            };
        }
        hits
    }

    /// Counts for `cordon inspect`.
    pub fn summary(&self, load_ms: f64) -> MapSummary {
        MapSummary::new(self, load_ms)
    }
}
