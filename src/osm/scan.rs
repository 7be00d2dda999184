//! The one parallel pass over a PBF file: every data blob is decoded and reduced to a
//! [`Chunk`] on a rayon worker, in whatever order the blobs come. Nothing here assumes
//! the file is sorted; the build step joins the chunks by id afterwards. The
//! uncompressed bytes being decoded at once are bounded ([`MAX_BYTES_IN_FLIGHT`]),
//! whatever the number of cores.

use super::pbf::{self, BlobKind, Element, MemberType, PbfError};
use super::tags::{self, Tags};
use crate::coord::BBox;
use crate::map::{
    Barrier, FeatureKind, NodeFlags, OsmRef, PlaceKind, RestrictionKind, Settlement,
    SettlementKind, WayInfo,
};
use geo::Coord;
use rayon::prelude::*;
use std::path::Path;
use std::sync::{Condvar, Mutex};

/// The most uncompressed blob bytes decoded at the same time across all threads
/// (each blob's decoded elements take a few times its bytes): four of the largest
/// blobs the format allows, or dozens of ordinary ones.
pub(crate) const MAX_BYTES_IN_FLIGHT: u64 = 128 * 1024 * 1024;

/// A place as found in the file, before its location is known (ways and relations).
#[derive(Debug, Clone)]
pub(crate) struct RawPlace {
    pub kind: PlaceKind,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub emergency: Option<bool>,
    pub osm: OsmRef,
}

/// Role of a relation member, reduced to what Cordon uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Outer,
    Inner,
    From,
    Via,
    To,
    Other,
}

/// One member of a relation of interest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member {
    pub is_way: bool,
    pub is_node: bool,
    pub id: i64,
    pub role: Role,
}

/// What a relation of interest is.
#[derive(Debug, Clone)]
pub(crate) enum RelationKind {
    Restriction {
        kind: RestrictionKind,
        value: String,
    },
    Area {
        feature: Option<FeatureKind>,
        place: Option<RawPlace>,
    },
}

/// A relation Cordon keeps: a turn restriction or a multipolygon that is a feature or a place.
#[derive(Debug, Clone)]
pub(crate) struct RawRelation {
    pub id: i64,
    pub kind: RelationKind,
    pub members: Vec<Member>,
}

/// What one blob contributed.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub node_ids: Vec<i64>,
    pub node_pos: Vec<Coord<f64>>,
    pub node_flags: Vec<(i64, NodeFlags)>,
    pub node_barriers: Vec<(i64, Barrier)>,
    pub node_places: Vec<(RawPlace, Coord<f64>)>,
    pub settlements: Vec<Settlement>,
    pub way_ids: Vec<i64>,
    /// `way_ref_start[i]..way_ref_start[i + 1]` are the refs of way `i`.
    pub way_ref_start: Vec<u32>,
    pub way_refs: Vec<i64>,
    pub roads: Vec<(u32, WayInfo)>,
    pub way_places: Vec<(u32, RawPlace)>,
    pub way_features: Vec<(u32, FeatureKind)>,
    pub relations: Vec<RawRelation>,
    pub relation_count: u64,
    pub nodes_out_of_range: u64,
    pub relations_with_unknown_members: u64,
}

impl Chunk {
    pub fn way_count(&self) -> usize {
        self.way_ids.len()
    }
}

/// The whole file after the pass.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub chunks: Vec<Chunk>,
    pub header_bbox: Option<BBox>,
    pub header_seen: bool,
    pub unsupported_features: Vec<String>,
}

/// Features a reader must understand; anything else in `required_features` is refused.
const SUPPORTED_FEATURES: &[&str] = &["OsmSchema-V0.6", "DenseNodes"];

enum Part {
    Header {
        bbox: Option<BBox>,
        unsupported: Vec<String>,
    },
    Data(Box<Chunk>),
    Other,
}

/// Reads every blob of `path` in parallel.
pub(crate) fn scan(path: &Path) -> Result<Scan, PbfError> {
    let file = std::fs::File::open(path)?;
    let reader = pbf::BlobReader::new(std::io::BufReader::with_capacity(1 << 20, file));
    let budget = Budget::new(MAX_BYTES_IN_FLIGHT);
    let parts: Vec<Part> = reader
        .par_bridge()
        .map(|blob| -> Result<Part, PbfError> {
            let blob = blob?;
            let (kind, offset) = (blob.kind.clone(), blob.offset);
            if kind == BlobKind::Other {
                return Ok(Part::Other);
            }
            let _permit = budget.take(blob.raw_size());
            let bad = |what: String| PbfError::Bad { offset, what };
            let data = blob.data()?;
            match kind {
                BlobKind::Header => {
                    let h = pbf::header(&data).map_err(bad)?;
                    Ok(Part::Header {
                        bbox: h.bbox,
                        unsupported: h
                            .required_features
                            .into_iter()
                            .filter(|f| !SUPPORTED_FEATURES.contains(&f.as_str()))
                            .collect(),
                    })
                }
                _ => Ok(Part::Data(Box::new(scan_block(&data).map_err(bad)?))),
            }
        })
        .collect::<Result<_, _>>()?;
    let mut scan = Scan::default();
    for part in parts {
        match part {
            Part::Header { bbox, unsupported } => {
                scan.header_seen = true;
                scan.header_bbox = scan.header_bbox.or(bbox);
                scan.unsupported_features.extend(unsupported);
            }
            Part::Data(c) => scan.chunks.push(*c),
            Part::Other => {}
        }
    }
    Ok(scan)
}

/// A count of bytes shared by the decoding threads: a thread takes a blob's bytes
/// before decoding it and gives them back when done, waiting while the budget is
/// spent (a single blob larger than the budget still goes, alone).
struct Budget {
    used: Mutex<u64>,
    freed: Condvar,
    cap: u64,
}

struct Permit<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    fn new(cap: u64) -> Budget {
        Budget {
            used: Mutex::new(0),
            freed: Condvar::new(),
            cap,
        }
    }

    fn take(&self, bytes: u64) -> Permit<'_> {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        while *used > 0 && *used + bytes > self.cap {
            used = self.freed.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        *used += bytes;
        Permit {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|p| p.into_inner());
        *used -= self.bytes;
        self.budget.freed.notify_all();
    }
}

fn scan_block(data: &[u8]) -> Result<Chunk, String> {
    let block = pbf::block(data)?;
    let mut c = Chunk {
        way_ref_start: vec![0],
        ..Chunk::default()
    };
    let counts = block.for_each(&mut |e| match e {
        Element::Node(id, lon, lat, t) => {
            add_node(&mut c, id, Coord { x: lon, y: lat }, &Tags(t.to_vec()));
        }
        Element::Way(id, refs, t) => {
            add_way(&mut c, id, refs.iter().copied(), &Tags(t.to_vec()));
        }
        Element::Relation(id, t, members) => {
            c.relation_count += 1;
            add_relation(&mut c, id, members, &Tags(t.to_vec()));
        }
    })?;
    c.relations_with_unknown_members = counts.relations_with_unknown_members;
    Ok(c)
}

fn raw_place(kind: PlaceKind, t: &Tags, osm: OsmRef) -> RawPlace {
    RawPlace {
        kind,
        name: tags::display_name(t),
        phone: tags::phone(t),
        address: tags::address(t),
        emergency: tags::emergency(t),
        osm,
    }
}

pub(crate) fn add_node(c: &mut Chunk, id: i64, pos: Coord<f64>, t: &Tags) {
    let on_earth = (-180.0..=180.0).contains(&pos.x) && (-90.0..=90.0).contains(&pos.y);
    if !on_earth {
        // Not a place: left out, and counted (ways through it are cut there).
        c.nodes_out_of_range += 1;
        return;
    }
    c.node_ids.push(id);
    c.node_pos.push(pos);
    if t.is_empty() {
        return;
    }
    let flags = tags::node_flags(t);
    if !flags.is_empty() {
        c.node_flags.push((id, flags));
    }
    if let Some(b) = tags::barrier(t) {
        c.node_barriers.push((id, b));
    }
    if let Some(kind) = tags::place_kind(t) {
        c.node_places
            .push((raw_place(kind, t, OsmRef::Node(id)), pos));
    }
    let settlement = t.get("place").and_then(SettlementKind::from_place_value);
    if let (Some(kind), Some(name)) = (settlement, tags::display_name(t)) {
        c.settlements.push(Settlement {
            kind,
            name,
            location: pos.into(),
        });
    }
}

pub(crate) fn add_way(c: &mut Chunk, id: i64, refs: impl Iterator<Item = i64>, t: &Tags) {
    let local = c.way_ids.len() as u32;
    c.way_ids.push(id);
    c.way_refs.extend(refs);
    c.way_ref_start.push(c.way_refs.len() as u32);
    if t.is_empty() {
        return;
    }
    if let Some(road) = tags::road_from_tags(id, t) {
        c.roads.push((local, road));
    }
    if let Some(kind) = tags::place_kind(t) {
        c.way_places
            .push((local, raw_place(kind, t, OsmRef::Way(id))));
    }
    if let Some(kind) = tags::feature_kind(t) {
        c.way_features.push((local, kind));
    }
}

fn member_role(role: &str) -> Role {
    match role {
        "outer" | "" => Role::Outer,
        "inner" => Role::Inner,
        "from" => Role::From,
        "via" => Role::Via,
        "to" => Role::To,
        _ => Role::Other,
    }
}

fn add_relation(c: &mut Chunk, id: i64, members: &[pbf::Member<'_>], t: &Tags) {
    let kind = if let Some((kind, value)) = tags::restriction(t) {
        RelationKind::Restriction { kind, value }
    } else if t.is("type", "multipolygon") {
        let feature = tags::feature_kind(t).filter(|k| k.is_area());
        let place = tags::place_kind(t).map(|k| raw_place(k, t, OsmRef::Relation(id)));
        if feature.is_none() && place.is_none() {
            return;
        }
        RelationKind::Area { feature, place }
    } else {
        return;
    };
    let members = members
        .iter()
        .map(|m| Member {
            is_way: m.kind == MemberType::Way,
            is_node: m.kind == MemberType::Node,
            id: m.id,
            role: member_role(m.role),
        })
        .collect();
    c.relations.push(RawRelation { id, kind, members });
}
