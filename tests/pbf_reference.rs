//! Cordon's own PBF decoder (`osm::pbf`) against the `osmpbf` crate as an independent
//! reference: every node, way and relation of every real map here, with its tags,
//! coordinates, references and members, must come out the same.

mod common;

use cordon::osm::pbf::{self, BlobKind, Element, MemberType};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// What both readers are compared on: counts and an order-sensitive hash per kind.
#[derive(Debug, Default, PartialEq)]
struct Digest {
    nodes: u64,
    ways: u64,
    relations: u64,
    node_hash: u64,
    way_hash: u64,
    relation_hash: u64,
}

fn mix(acc: &mut u64, item: impl Hash) {
    let mut h = DefaultHasher::new();
    acc.hash(&mut h);
    item.hash(&mut h);
    *acc = h.finish();
}

/// Nanodegrees, rounded, so both readers' float arithmetic compares equal.
fn nano(deg: f64) -> i64 {
    (deg * 1e9).round() as i64
}

fn ours(path: &Path) -> Digest {
    let mut d = Digest::default();
    let file = std::fs::File::open(path).expect("open");
    for blob in pbf::BlobReader::new(std::io::BufReader::new(file)) {
        let blob = blob.expect("blob");
        if blob.kind != BlobKind::Data {
            continue;
        }
        let data = blob.data().expect("inflate");
        let block = pbf::block(&data).expect("block");
        let counts = block
            .for_each(&mut |e| match e {
                Element::Node(id, lon, lat, tags) => {
                    d.nodes += 1;
                    mix(&mut d.node_hash, (id, nano(lon), nano(lat), tags));
                }
                Element::Way(id, refs, tags) => {
                    d.ways += 1;
                    mix(&mut d.way_hash, (id, refs, tags));
                }
                Element::Relation(id, tags, members) => {
                    d.relations += 1;
                    let m: Vec<(u8, i64, &str)> = members
                        .iter()
                        .map(|m| {
                            let t = match m.kind {
                                MemberType::Node => 0,
                                MemberType::Way => 1,
                                MemberType::Relation => 2,
                            };
                            (t, m.id, m.role)
                        })
                        .collect();
                    mix(&mut d.relation_hash, (id, tags, m));
                }
            })
            .expect("elements");
        assert_eq!(counts.relations_with_unknown_members, 0);
    }
    d
}

fn reference(path: &Path) -> Digest {
    use osmpbf::{BlobDecode, BlobReader, RelMemberType};
    let mut d = Digest::default();
    for blob in BlobReader::from_path(path).expect("open") {
        let BlobDecode::OsmData(block) = blob.expect("blob").decode().expect("decode") else {
            continue;
        };
        for g in block.groups() {
            for n in g.dense_nodes() {
                d.nodes += 1;
                let tags: Vec<(&str, &str)> = n.tags().collect();
                mix(
                    &mut d.node_hash,
                    (n.id(), nano(n.lon()), nano(n.lat()), &tags[..]),
                );
            }
            for n in g.nodes() {
                d.nodes += 1;
                let tags: Vec<(&str, &str)> = n.tags().collect();
                mix(
                    &mut d.node_hash,
                    (n.id(), nano(n.lon()), nano(n.lat()), &tags[..]),
                );
            }
            for w in g.ways() {
                d.ways += 1;
                let tags: Vec<(&str, &str)> = w.tags().collect();
                let refs: Vec<i64> = w.refs().collect();
                mix(&mut d.way_hash, (w.id(), &refs[..], &tags[..]));
            }
            for r in g.relations() {
                d.relations += 1;
                let tags: Vec<(&str, &str)> = r.tags().collect();
                let m: Vec<(u8, i64, &str)> = r
                    .members()
                    .map(|m| {
                        let t = match m.member_type {
                            RelMemberType::Node => 0,
                            RelMemberType::Way => 1,
                            RelMemberType::Relation => 2,
                        };
                        (t, m.member_id, m.role().unwrap_or(""))
                    })
                    .collect();
                mix(&mut d.relation_hash, (r.id(), &tags[..], m));
            }
        }
    }
    d
}

#[test]
fn every_element_of_every_real_map_matches_the_reference_reader() {
    let maps = [
        common::monaco_path(),
        common::data("liechtenstein-2013.osm.pbf"),
        common::data("kotka-2019-clipped.osm.pbf"),
        common::data("monaco-riviera-2016.osm.pbf"),
    ];
    for m in maps {
        let (a, b) = (ours(&m), reference(&m));
        assert!(a.nodes > 0 && a.ways > 0, "{}", m.display());
        assert_eq!(a, b, "{}", m.display());
    }
}
