//! Turning the scanned chunks into a [`Map`]: the node table, the road graph, places and
//! drawable features. Each step is parallel where the work is per way.

use super::multipolygon::{self, RingPiece};
use super::scan::{Chunk, Member, RawPlace, RawRelation, RelationKind, Role, Scan};
use crate::coord::BBox;
use crate::coord::polyline_length_m;
use crate::map::{
    Barrier, EdgeFlags, Feature, FeatureKind, LoadStats, Map, NodeFlags, Oneway, OsmRef, Place,
    RoadGraph, Settlement, TurnRestriction, WayInfo,
};
use geo::{Coord, Geometry, InteriorPoint, LineString, Point, Polygon};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Marks a way ref whose node is not in the file.
const MISSING: u32 = u32::MAX;
/// Marks a node-table entry that is not a graph node.
const NOT_IN_GRAPH: u32 = u32::MAX;
/// Ids per block of the node table's sparse sample.
const SAMPLE_STEP: usize = 64;

/// Every node of the file, sorted by id, with a sparse sample for fast lookups.
pub(crate) struct NodeTable {
    ids: Vec<i64>,
    pos: Vec<Coord<f64>>,
    sample: Vec<i64>,
}

impl NodeTable {
    fn from_chunks(chunks: &mut [Chunk]) -> (NodeTable, u64) {
        // Sorted files (the usual case) need no sort: order the chunks by first id and
        // concatenate. Anything else goes through a full parallel sort.
        chunks.sort_by_key(|c| c.node_ids.first().copied().unwrap_or(i64::MAX));
        let sorted = chunks
            .iter()
            .all(|c| c.node_ids.windows(2).all(|w| w[0] < w[1]))
            && chunks
                .windows(2)
                .all(|w| match (w[0].node_ids.last(), w[1].node_ids.first()) {
                    (Some(a), Some(b)) => a < b,
                    _ => true,
                });
        let (ids, pos, duplicates) = if sorted {
            concat_sorted(chunks)
        } else {
            sort_all(chunks)
        };
        let sample = ids.iter().step_by(SAMPLE_STEP).copied().collect();
        (NodeTable { ids, pos, sample }, duplicates)
    }

    /// Index of node `id`, or [`MISSING`].
    fn find(&self, id: i64) -> u32 {
        let block = self.sample.partition_point(|&s| s <= id);
        if block == 0 {
            return MISSING;
        }
        let start = (block - 1) * SAMPLE_STEP;
        let end = (start + SAMPLE_STEP).min(self.ids.len());
        match self.ids[start..end].binary_search(&id) {
            Ok(i) => (start + i) as u32,
            Err(_) => MISSING,
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn bbox(&self) -> BBox {
        self.pos.iter().fold(BBox::EMPTY, |mut b, c| {
            b.extend(*c);
            b
        })
    }
}

fn concat_sorted(chunks: &mut [Chunk]) -> (Vec<i64>, Vec<Coord<f64>>, u64) {
    let total = chunks.iter().map(|c| c.node_ids.len()).sum();
    let mut ids = Vec::with_capacity(total);
    let mut pos = Vec::with_capacity(total);
    for c in chunks.iter_mut() {
        ids.append(&mut c.node_ids);
        pos.append(&mut c.node_pos);
    }
    (ids, pos, 0)
}

fn sort_all(chunks: &mut [Chunk]) -> (Vec<i64>, Vec<Coord<f64>>, u64) {
    let mut all: Vec<(i64, Coord<f64>)> = Vec::new();
    for c in chunks.iter_mut() {
        let ids = std::mem::take(&mut c.node_ids);
        let pos = std::mem::take(&mut c.node_pos);
        all.extend(ids.into_iter().zip(pos));
    }
    all.par_sort_by_key(|p| p.0);
    let before = all.len();
    // Stable sort + dedup keeps the first copy of a duplicated id.
    all.dedup_by_key(|p| p.0);
    let duplicates = (before - all.len()) as u64;
    let (ids, pos) = all.into_iter().unzip();
    (ids, pos, duplicates)
}

/// Node-table indices of every way's refs, aligned with each chunk's `way_refs`.
struct Resolved {
    per_chunk: Vec<Vec<u32>>,
}

impl Resolved {
    fn way<'a>(&'a self, chunks: &[Chunk], chunk: usize, local: u32) -> &'a [u32] {
        let c = &chunks[chunk];
        let l = local as usize;
        &self.per_chunk[chunk][c.way_ref_start[l] as usize..c.way_ref_start[l + 1] as usize]
    }
}

fn resolve_refs(chunks: &[Chunk], nodes: &NodeTable) -> (Resolved, u64) {
    let per_chunk: Vec<Vec<u32>> = chunks
        .par_iter()
        .map(|c| {
            // Consecutive refs are often consecutive nodes: try the next slot first.
            let mut last = MISSING;
            c.way_refs
                .iter()
                .map(|&id| {
                    let next = last.wrapping_add(1) as usize;
                    last = if nodes.ids.get(next) == Some(&id) {
                        next as u32
                    } else {
                        nodes.find(id)
                    };
                    last
                })
                .collect()
        })
        .collect();
    let missing = per_chunk
        .par_iter()
        .map(|v| v.iter().filter(|&&n| n == MISSING).count() as u64)
        .sum();
    (Resolved { per_chunk }, missing)
}

/// Builds the map from the scan. Never fails: bad references are counted in the stats.
pub(crate) fn build(mut scan: Scan) -> Map {
    let mut stats = LoadStats {
        header_bbox: scan.header_bbox,
        ..LoadStats::default()
    };
    stats.ways = scan.chunks.iter().map(|c| c.way_count() as u64).sum();
    stats.relations = scan.chunks.iter().map(|c| c.relation_count).sum();
    stats.nodes_out_of_range = scan.chunks.iter().map(|c| c.nodes_out_of_range).sum();
    stats.relations_with_unknown_members = scan
        .chunks
        .iter()
        .map(|c| c.relations_with_unknown_members)
        .sum();
    let (nodes, duplicates) = NodeTable::from_chunks(&mut scan.chunks);
    stats.nodes = nodes.len() as u64;
    stats.duplicate_nodes = duplicates;
    stats.data_bbox = nodes.bbox();
    let chunks = scan.chunks;
    let (resolved, missing) = resolve_refs(&chunks, &nodes);
    stats.missing_node_refs = missing;
    let ways = WayLookup::new(&chunks);
    let ((graph, graph_stats), (places, features, area_stats)) = rayon::join(
        || build_graph(&chunks, &resolved, &nodes),
        || {
            let (places, broken_places) = build_places(&chunks, &resolved, &nodes, &ways);
            let (features, broken_areas) = build_features(&chunks, &resolved, &nodes, &ways);
            (places, features, (broken_places, broken_areas))
        },
    );
    stats.ways_split_at_missing_nodes = graph_stats.ways_split;
    stats.restrictions = graph.restrictions.len() as u64;
    stats.restrictions_skipped = graph_stats.restrictions_skipped;
    stats.places_without_location = area_stats.0;
    stats.broken_areas = area_stats.1;
    let settlements = collect_settlements(&chunks);
    Map::from_parts(graph, places, settlements, features, stats)
}

/// Finds a way by OSM id, for relation members: (chunk, local index).
struct WayLookup {
    by_id: HashMap<i64, (usize, u32)>,
}

impl WayLookup {
    fn new(chunks: &[Chunk]) -> WayLookup {
        let wanted: HashSet<i64> = chunks
            .iter()
            .flat_map(|c| c.relations.iter())
            .filter(|r| matches!(r.kind, RelationKind::Area { .. }))
            .flat_map(|r| r.members.iter().filter(|m| m.is_way).map(|m| m.id))
            .collect();
        let by_id = chunks
            .par_iter()
            .enumerate()
            .flat_map_iter(|(ci, c)| {
                let wanted = &wanted;
                c.way_ids
                    .iter()
                    .enumerate()
                    .filter(move |(_, id)| wanted.contains(id))
                    .map(move |(li, &id)| (id, (ci, li as u32)))
            })
            .collect();
        WayLookup { by_id }
    }
}

// ---------------------------------------------------------------------------------
// Road graph
// ---------------------------------------------------------------------------------

#[derive(Default)]
struct GraphStats {
    ways_split: u64,
    restrictions_skipped: u64,
}

/// One road way with its refs resolved.
struct Road<'a> {
    info: WayInfo,
    nodes: &'a [u32],
}

/// A piece of a road between two graph nodes.
struct Seg {
    way: u32,
    from: u32,
    to: u32,
    points: Vec<Coord<f64>>,
    length_m: f64,
}

fn collect_roads<'a>(chunks: &'a [Chunk], resolved: &'a Resolved) -> Vec<Road<'a>> {
    chunks
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.roads.iter().map(move |(local, info)| Road {
                info: info.clone(),
                nodes: resolved.way(chunks, ci, *local),
            })
        })
        .collect()
}

fn node_flags_by_index(chunks: &[Chunk], nodes: &NodeTable) -> HashMap<u32, NodeFlags> {
    chunks
        .iter()
        .flat_map(|c| c.node_flags.iter())
        .filter_map(|&(id, f)| {
            let i = nodes.find(id);
            (i != MISSING).then_some((i, f))
        })
        .collect()
}

/// The barriers on the road network, by graph node.
fn barriers_by_graph_node(
    chunks: &[Chunk],
    nodes: &NodeTable,
    graph_id: &[u32],
) -> HashMap<u32, Barrier> {
    chunks
        .iter()
        .flat_map(|c| c.node_barriers.iter())
        .filter_map(|(id, b)| {
            let i = nodes.find(*id);
            let g = *graph_id.get(i as usize)?;
            (i != MISSING && g != NOT_IN_GRAPH).then(|| (g, b.clone()))
        })
        .collect()
}

/// Graph node id per node-table index: intersections, run ends and flagged nodes.
fn number_graph_nodes(
    roads: &[Road],
    flags: &HashMap<u32, NodeFlags>,
    table_len: usize,
) -> (Vec<u32>, Vec<u32>) {
    let mut uses = vec![0u8; table_len];
    for road in roads {
        let mut prev = MISSING;
        for (i, &n) in road.nodes.iter().enumerate() {
            if n == MISSING || n == prev {
                prev = n;
                continue;
            }
            let at_run_end = i == 0
                || i + 1 == road.nodes.len()
                || prev == MISSING
                || road.nodes[i + 1] == MISSING;
            let u = &mut uses[n as usize];
            *u = if at_run_end || flags.contains_key(&n) {
                2
            } else {
                u.saturating_add(1)
            };
            prev = n;
        }
    }
    let mut graph_id = vec![NOT_IN_GRAPH; table_len];
    let mut table_index = Vec::new();
    for (i, &u) in uses.iter().enumerate() {
        if u >= 2 {
            graph_id[i] = table_index.len() as u32;
            table_index.push(i as u32);
        }
    }
    (graph_id, table_index)
}

/// Splits one road into segments at graph nodes and at missing nodes.
fn split_road(way: u32, road: &Road, graph_id: &[u32], nodes: &NodeTable) -> (Vec<Seg>, bool) {
    let mut segs = Vec::new();
    let mut current: Option<(u32, Vec<Coord<f64>>)> = None;
    let mut split = false;
    let mut prev = MISSING;
    for &n in road.nodes {
        if n == MISSING {
            split |= current.as_ref().is_some_and(|(_, p)| p.len() > 1) || prev != MISSING;
            current = None;
            prev = n;
            continue;
        }
        if n == prev {
            continue;
        }
        prev = n;
        let pos = nodes.pos[n as usize];
        let gid = graph_id[n as usize];
        match current.as_mut() {
            None => current = Some((gid, vec![pos])),
            Some((from, points)) => {
                points.push(pos);
                if gid != NOT_IN_GRAPH {
                    let points = std::mem::replace(points, vec![pos]);
                    let from = std::mem::replace(from, gid);
                    segs.push(Seg {
                        way,
                        from,
                        to: gid,
                        length_m: polyline_length_m(&points),
                        points,
                    });
                }
            }
        }
    }
    (drop_repeated_segments(segs), split)
}

/// Drops the segments of one way that repeat an earlier one of it (the same two nodes
/// and the same line, either way round): a way whose nodes go back and forth between
/// two nodes would otherwise give thousands of parallel segments, and searches
/// quadratic in them, from a few hundred bytes of file.
fn drop_repeated_segments(segs: Vec<Seg>) -> Vec<Seg> {
    if segs.len() < 2 {
        return segs;
    }
    let mut seen: HashSet<(u32, u32, Vec<[u64; 2]>)> = HashSet::new();
    segs.into_iter()
        .filter(|s| {
            let mut pts: Vec<[u64; 2]> = s
                .points
                .iter()
                .map(|c| [c.x.to_bits(), c.y.to_bits()])
                .collect();
            let (a, b) = if s.from <= s.to {
                (s.from, s.to)
            } else {
                pts.reverse();
                (s.to, s.from)
            };
            seen.insert((a, b, pts))
        })
        .collect()
}

fn build_graph(
    chunks: &[Chunk],
    resolved: &Resolved,
    nodes: &NodeTable,
) -> (RoadGraph, GraphStats) {
    let mut roads = collect_roads(chunks, resolved);
    // Blocks may come in any order: sorting makes the graph the same for any block order.
    roads.sort_unstable_by_key(|r| r.info.osm_id);
    let flags = node_flags_by_index(chunks, nodes);
    let (graph_id, table_index) = number_graph_nodes(&roads, &flags, nodes.len());
    let pieces: Vec<(Vec<Seg>, bool)> = roads
        .par_iter()
        .enumerate()
        .map(|(wi, r)| split_road(wi as u32, r, &graph_id, nodes))
        .collect();
    let mut stats = GraphStats::default();
    let mut g = RoadGraph {
        node_coord: table_index.iter().map(|&i| nodes.pos[i as usize]).collect(),
        node_osm_id: table_index.iter().map(|&i| nodes.ids[i as usize]).collect(),
        node_flags: table_index
            .iter()
            .map(|i| flags.get(i).copied().unwrap_or_default())
            .collect(),
        seg_first_point: vec![0],
        ..RoadGraph::default()
    };
    let mut ends = Vec::new();
    for (segs, split) in pieces {
        stats.ways_split += u64::from(split);
        for s in segs {
            g.seg_way.push(s.way);
            g.seg_length_m.push(s.length_m);
            g.seg_points.extend_from_slice(&s.points);
            g.seg_first_point.push(g.seg_points.len() as u32);
            ends.push((s.from, s.to));
        }
    }
    g.ways = roads.into_iter().map(|r| r.info).collect();
    g.barriers = barriers_by_graph_node(chunks, nodes, &graph_id);
    build_edges(&mut g, &ends);
    let road_index: HashMap<i64, u32> = g
        .ways
        .iter()
        .enumerate()
        .map(|(i, w)| (w.osm_id, i as u32))
        .collect();
    let (restrictions, skipped) = resolve_restrictions(chunks, nodes, &graph_id, &road_index);
    g.restrictions = restrictions;
    stats.restrictions_skipped = skipped;
    (g, stats)
}

/// Directed edges for every segment, grouped by tail in CSR form.
fn build_edges(g: &mut RoadGraph, ends: &[(u32, u32)]) {
    let mut arcs: Vec<(u32, u32, u32, EdgeFlags)> = Vec::with_capacity(ends.len() * 2);
    for (s, &(from, to)) in ends.iter().enumerate() {
        let w = &g.ways[g.seg_way[s] as usize];
        let (fwd, bwd) = direction_flags(w);
        if !fwd.is_empty() {
            arcs.push((from, to, s as u32, fwd));
        }
        if !bwd.is_empty() {
            arcs.push((to, from, s as u32, bwd | EdgeFlags::REVERSED));
        }
    }
    let n = g.node_coord.len();
    let mut first_out = vec![0u32; n + 1];
    for a in &arcs {
        first_out[a.0 as usize + 1] += 1;
    }
    for i in 0..n {
        first_out[i + 1] += first_out[i];
    }
    let mut next = first_out.clone();
    let m = arcs.len();
    g.edge_tail = vec![0; m];
    g.edge_head = vec![0; m];
    g.edge_segment = vec![0; m];
    g.edge_flags = vec![EdgeFlags::default(); m];
    g.seg_edges = vec![[crate::map::NO_EDGE; 2]; ends.len()];
    for (tail, head, seg, flags) in arcs {
        let e = next[tail as usize] as usize;
        g.seg_edges[seg as usize][usize::from(flags.contains(EdgeFlags::REVERSED))] = e as u32;
        next[tail as usize] += 1;
        g.edge_tail[e] = tail;
        g.edge_head[e] = head;
        g.edge_segment[e] = seg;
        g.edge_flags[e] = flags;
    }
    g.first_out = first_out;
}

/// Who may travel along the way's node order, and against it.
fn direction_flags(w: &WayInfo) -> (EdgeFlags, EdgeFlags) {
    let mut fwd = EdgeFlags::default();
    let mut bwd = EdgeFlags::default();
    if w.car.is_usable() {
        if w.oneway != Oneway::Backward {
            fwd.insert(EdgeFlags::CAR);
        }
        if w.oneway != Oneway::Forward {
            bwd.insert(EdgeFlags::CAR);
        }
    }
    if w.foot.is_usable() {
        if w.foot_oneway != Oneway::Backward {
            fwd.insert(EdgeFlags::FOOT);
        }
        if w.foot_oneway != Oneway::Forward {
            bwd.insert(EdgeFlags::FOOT);
        }
    }
    (fwd, bwd)
}

fn resolve_restrictions(
    chunks: &[Chunk],
    nodes: &NodeTable,
    graph_id: &[u32],
    road_index: &HashMap<i64, u32>,
) -> (Vec<TurnRestriction>, u64) {
    let mut out = Vec::new();
    let mut skipped = 0;
    for r in chunks.iter().flat_map(|c| c.relations.iter()) {
        let RelationKind::Restriction { kind, value } = &r.kind else {
            continue;
        };
        match resolve_restriction(r, nodes, graph_id, road_index) {
            Some((from_way, via, to_way)) => out.push(TurnRestriction {
                osm_id: r.id,
                kind: *kind,
                value: value.as_str().into(),
                from_way,
                via,
                to_way,
            }),
            None => skipped += 1,
        }
    }
    out.sort_by_key(|r| r.osm_id);
    (out, skipped)
}

/// (from way, via graph node, to way) of a via-node restriction whose parts are all in
/// the graph; `None` for via-way restrictions and references outside the file.
fn resolve_restriction(
    r: &RawRelation,
    nodes: &NodeTable,
    graph_id: &[u32],
    road_index: &HashMap<i64, u32>,
) -> Option<(u32, u32, u32)> {
    let one = |role: Role| -> Option<&Member> {
        let mut it = r.members.iter().filter(|m| m.role == role);
        let m = it.next()?;
        it.next().is_none().then_some(m)
    };
    let (from, via, to) = (one(Role::From)?, one(Role::Via)?, one(Role::To)?);
    if !(from.is_way && to.is_way && via.is_node) {
        return None;
    }
    let idx = nodes.find(via.id);
    let via_g = *graph_id.get(idx as usize)?;
    if via_g == NOT_IN_GRAPH {
        return None;
    }
    Some((*road_index.get(&from.id)?, via_g, *road_index.get(&to.id)?))
}

// ---------------------------------------------------------------------------------
// Places and features
// ---------------------------------------------------------------------------------

fn way_coords(ids: &[u32], nodes: &NodeTable) -> Vec<Coord<f64>> {
    ids.iter()
        .filter(|&&n| n != MISSING)
        .map(|&n| nodes.pos[n as usize])
        .collect()
}

fn is_closed(ids: &[u32]) -> bool {
    ids.len() >= 4 && ids.first() == ids.last() && !ids.contains(&MISSING)
}

/// A point inside an area way, or on a line way.
fn way_point(ids: &[u32], nodes: &NodeTable) -> Option<Point<f64>> {
    let coords = way_coords(ids, nodes);
    if coords.is_empty() {
        return None;
    }
    if is_closed(ids) {
        return Polygon::new(LineString::new(coords), vec![]).interior_point();
    }
    LineString::new(coords).interior_point()
}

fn place(raw: &RawPlace, location: Point<f64>) -> Place {
    Place {
        kind: raw.kind,
        name: raw.name.clone(),
        location,
        osm: raw.osm,
        phone: raw.phone.clone(),
        address: raw.address.clone(),
        emergency: raw.emergency,
    }
}

/// The rings of an area relation as node-table indices.
fn relation_pieces(
    r: &RawRelation,
    chunks: &[Chunk],
    resolved: &Resolved,
    lookup: &WayLookup,
) -> Vec<RingPiece> {
    r.members
        .iter()
        .filter(|m| m.is_way && matches!(m.role, Role::Outer | Role::Inner))
        .filter_map(|m| {
            let &(ci, li) = lookup.by_id.get(&m.id)?;
            let nodes = resolved.way(chunks, ci, li);
            (!nodes.contains(&MISSING)).then(|| RingPiece {
                outer: m.role == Role::Outer,
                nodes: nodes.to_vec(),
            })
        })
        .collect()
}

fn build_places(
    chunks: &[Chunk],
    resolved: &Resolved,
    nodes: &NodeTable,
    lookup: &WayLookup,
) -> (Vec<Place>, u64) {
    let mut places: Vec<Place> = chunks
        .iter()
        .flat_map(|c| c.node_places.iter())
        .map(|(raw, pos)| place(raw, Point::from(*pos)))
        .collect();
    let mut broken = 0;
    for (ci, c) in chunks.iter().enumerate() {
        for (local, raw) in &c.way_places {
            match way_point(resolved.way(chunks, ci, *local), nodes) {
                Some(p) => places.push(place(raw, p)),
                None => broken += 1,
            }
        }
    }
    for r in chunks.iter().flat_map(|c| c.relations.iter()) {
        let RelationKind::Area {
            place: Some(raw), ..
        } = &r.kind
        else {
            continue;
        };
        let pieces = relation_pieces(r, chunks, resolved, lookup);
        let all: Vec<u32> = pieces
            .iter()
            .flat_map(|p| p.nodes.iter().copied())
            .collect();
        let (mp, _) = multipolygon::assemble(pieces, |n| nodes.pos[n as usize]);
        let location = mp
            .and_then(|mp| mp.interior_point())
            .or_else(|| LineString::new(way_coords(&all, nodes)).interior_point());
        match location {
            Some(p) => places.push(place(raw, p)),
            None => broken += 1,
        }
    }
    places.sort_by_key(|p| (p.kind, p.osm));
    (places, broken)
}

/// Every settlement node, in a fixed order whatever order the blobs came in.
fn collect_settlements(chunks: &[Chunk]) -> Vec<Settlement> {
    let mut all: Vec<Settlement> = chunks
        .iter()
        .flat_map(|c| c.settlements.iter().cloned())
        .collect();
    all.sort_by(|a, b| {
        (a.kind, &a.name, a.location.x(), a.location.y())
            .partial_cmp(&(b.kind, &b.name, b.location.x(), b.location.y()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    all
}

fn build_features(
    chunks: &[Chunk],
    resolved: &Resolved,
    nodes: &NodeTable,
    lookup: &WayLookup,
) -> (Vec<Feature>, u64) {
    let mut broken = 0;
    let mut features: Vec<Feature> = Vec::new();
    for (ci, c) in chunks.iter().enumerate() {
        for &(local, kind) in &c.way_features {
            let ids = resolved.way(chunks, ci, local);
            let osm = OsmRef::Way(c.way_ids[local as usize]);
            match way_feature(kind, ids, nodes) {
                Some(geometry) => features.push(Feature {
                    kind,
                    geometry,
                    osm,
                }),
                None => broken += 1,
            }
        }
    }
    for r in chunks.iter().flat_map(|c| c.relations.iter()) {
        let RelationKind::Area {
            feature: Some(kind),
            ..
        } = &r.kind
        else {
            continue;
        };
        let pieces = relation_pieces(r, chunks, resolved, lookup);
        let (mp, dropped) = multipolygon::assemble(pieces, |n| nodes.pos[n as usize]);
        broken += dropped as u64;
        if let Some(mp) = mp {
            features.push(Feature {
                kind: *kind,
                geometry: Geometry::MultiPolygon(mp),
                osm: OsmRef::Relation(r.id),
            });
        }
    }
    features.sort_by_key(|f| (f.kind, f.osm));
    (features, broken)
}

/// Polygon for a closed area way, line for a line way; `None` for an area way that does
/// not close (a clipped file) or a line with under two known nodes.
fn way_feature(kind: FeatureKind, ids: &[u32], nodes: &NodeTable) -> Option<Geometry<f64>> {
    if kind.is_area() {
        return is_closed(ids).then(|| {
            Geometry::Polygon(Polygon::new(
                LineString::new(way_coords(ids, nodes)),
                vec![],
            ))
        });
    }
    let coords = way_coords(ids, nodes);
    (coords.len() >= 2).then(|| Geometry::LineString(LineString::new(coords)))
}
