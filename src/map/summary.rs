//! The counts `cordon inspect` prints, as one serializable value.

use super::{EdgeFlags, FeatureKind, Map, PlaceKind, RoadClass};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Size of the road graph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoadGraphSummary {
    /// Graph nodes (intersections, ends and flagged nodes).
    pub nodes: u64,
    /// Directed edges.
    pub edges: u64,
    /// Undirected segments.
    pub segments: u64,
    /// Edges cars may use.
    pub car_edges: u64,
    /// Edges pedestrians may use.
    pub foot_edges: u64,
    /// Turn restrictions kept.
    pub turn_restrictions: u64,
}

/// Everything `cordon inspect` reports about a loaded map.
#[derive(Debug, Clone, Serialize)]
pub struct MapSummary {
    /// Nodes in the file.
    pub nodes: u64,
    /// Ways in the file.
    pub ways: u64,
    /// Relations in the file.
    pub relations: u64,
    /// The road graph.
    pub road_graph: RoadGraphSummary,
    /// Road length in km per class (each segment once, whatever its directions).
    pub road_length_km: BTreeMap<&'static str, f64>,
    /// Places per kind (every kind listed, zero included).
    pub places: BTreeMap<&'static str, u64>,
    /// Drawable features per kind.
    pub features: BTreeMap<&'static str, u64>,
    /// Data bounding box `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: [f64; 4],
    /// The header's bounding box, same order, if the file has one.
    pub header_bbox: Option<[f64; 4]>,
    /// Wall time of the load in milliseconds.
    pub load_ms: f64,
    /// What the loader had to leave out or repair.
    pub diagnostics: Diagnostics,
}

/// Problems found in the file, all survivable.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostics {
    /// Way-to-node references whose node is not in the file.
    pub missing_node_refs: u64,
    /// Road ways cut at missing nodes.
    pub ways_split_at_missing_nodes: u64,
    /// Nodes present more than once.
    pub duplicate_nodes: u64,
    /// Nodes left out: their position is not on Earth.
    pub nodes_out_of_range: u64,
    /// Turn restrictions left out (via ways, members outside the file).
    pub restrictions_skipped: u64,
    /// Places none of whose nodes are in the file.
    pub places_without_location: u64,
    /// Area rings that could not be closed.
    pub broken_areas: u64,
    /// Relations left out: a member's type is not node, way or relation.
    pub relations_with_unknown_members: u64,
}

impl MapSummary {
    pub(crate) fn new(map: &Map, load_ms: f64) -> MapSummary {
        let g = map.graph();
        let s = map.stats();
        let count_flag =
            |f: EdgeFlags| g.edge_flags.iter().filter(|e| e.contains(f)).count() as u64;
        let mut road_length_km: BTreeMap<&'static str, f64> = BTreeMap::new();
        for seg in 0..g.segment_count() as u32 {
            *road_length_km
                .entry(g.segment_way(seg).class.as_str())
                .or_default() += g.segment_length_m(seg) / 1000.0;
        }
        let mut places: BTreeMap<&'static str, u64> =
            PlaceKind::ALL.iter().map(|k| (k.key(), 0)).collect();
        for p in map.places() {
            *places.entry(p.kind.key()).or_default() += 1;
        }
        let mut features: BTreeMap<&'static str, u64> =
            FeatureKind::ALL.iter().map(|k| (k.key(), 0)).collect();
        for f in map.features() {
            *features.entry(f.kind.key()).or_default() += 1;
        }
        MapSummary {
            nodes: s.nodes,
            ways: s.ways,
            relations: s.relations,
            road_graph: RoadGraphSummary {
                nodes: g.node_count() as u64,
                edges: g.edge_count() as u64,
                segments: g.segment_count() as u64,
                car_edges: count_flag(EdgeFlags::CAR),
                foot_edges: count_flag(EdgeFlags::FOOT),
                turn_restrictions: g.restrictions().len() as u64,
            },
            road_length_km,
            places,
            features,
            bbox: s.data_bbox.to_array(),
            header_bbox: s.header_bbox.map(|b| b.to_array()),
            load_ms,
            diagnostics: Diagnostics {
                missing_node_refs: s.missing_node_refs,
                ways_split_at_missing_nodes: s.ways_split_at_missing_nodes,
                duplicate_nodes: s.duplicate_nodes,
                nodes_out_of_range: s.nodes_out_of_range,
                restrictions_skipped: s.restrictions_skipped,
                places_without_location: s.places_without_location,
                broken_areas: s.broken_areas,
                relations_with_unknown_members: s.relations_with_unknown_members,
            },
        }
    }
}

fn bbox_text(b: &[f64; 4]) -> String {
    format!("lon {:.6}..{:.6}, lat {:.6}..{:.6}", b[0], b[2], b[1], b[3])
}

impl fmt::Display for MapSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "elements      {} nodes, {} ways, {} relations",
            self.nodes, self.ways, self.relations
        )?;
        let g = &self.road_graph;
        writeln!(
            f,
            "road graph    {} nodes, {} edges ({} car, {} foot), {} segments, {} turn restrictions",
            g.nodes, g.edges, g.car_edges, g.foot_edges, g.segments, g.turn_restrictions
        )?;
        writeln!(f, "data bbox     {}", bbox_text(&self.bbox))?;
        match &self.header_bbox {
            Some(b) => writeln!(f, "header bbox   {}", bbox_text(b))?,
            None => writeln!(f, "header bbox   (none)")?,
        }
        writeln!(f, "load time     {:.1} ms", self.load_ms)?;
        writeln!(f, "\nroad length by class (km)")?;
        for class in RoadClass::ALL {
            if let Some(km) = self.road_length_km.get(class.as_str()) {
                writeln!(f, "  {:<16}{km:>10.2}", class.as_str())?;
            }
        }
        writeln!(f, "\nplaces")?;
        for (k, n) in self.places.iter().filter(|(_, n)| **n > 0) {
            writeln!(f, "  {k:<18}{n:>6}")?;
        }
        writeln!(f, "\nfeatures")?;
        for (k, n) in &self.features {
            writeln!(f, "  {k:<18}{n:>6}")?;
        }
        let d = &self.diagnostics;
        write!(
            f,
            "\ndiagnostics   {} missing node refs, {} road ways split, {} duplicate nodes, \
             {} nodes off the globe, {} restrictions skipped, {} places without location, \
             {} broken areas, {} relations with unknown member types",
            d.missing_node_refs,
            d.ways_split_at_missing_nodes,
            d.duplicate_nodes,
            d.nodes_out_of_range,
            d.restrictions_skipped,
            d.places_without_location,
            d.broken_areas,
            d.relations_with_unknown_members
        )
    }
}
