//! Crafted files: unknown member types, oversized blocks and bombs, damaged fields.

use super::wire::{varint, zigzag};
use super::write::*;

fn read_file(bytes: &[u8]) -> Result<crate::map::Map, crate::osm::Error> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crafted.osm.pbf");
    std::fs::write(&p, bytes).unwrap();
    crate::osm::read(&p)
}

/// Two nodes, a way between them, and a restriction-like relation whose member
/// types are `types`.
fn file_with_relation(types: &[u64]) -> Vec<u8> {
    let strings = ["", "highway", "residential", "type", "restriction", "from"];
    let mut file = header_blob();
    let nodes = dense(&[(1, 437_000_000, 74_200_000), (2, 437_010_000, 74_210_000)]);
    file.extend(blob("OSMData", &data_block(&strings, &nodes)));
    let mut way = Vec::new();
    int(&mut way, 1, 10);
    packed(&mut way, 2, [1]);
    packed(&mut way, 3, [2]);
    packed(&mut way, 8, [zz(1), zz(1)]);
    let mut group = Vec::new();
    bytes(&mut group, 3, &way);
    let mut rel = Vec::new();
    int(&mut rel, 1, 99);
    packed(&mut rel, 2, [3]);
    packed(&mut rel, 3, [4]);
    packed(&mut rel, 8, types.iter().map(|_| 5));
    packed(&mut rel, 9, types.iter().map(|_| zz(10)));
    packed(&mut rel, 10, types.iter().copied());
    bytes(&mut group, 4, &rel);
    file.extend(blob("OSMData", &data_block(&strings, &group)));
    file
}

/// Issue 14, item 1: member types 3, 7 and 127 skip the relation, counted; the
/// map loads. (osmpbf 0.3.8 panicked here.)
#[test]
fn unknown_member_types_skip_the_relation() {
    let ok = read_file(&file_with_relation(&[1, 0, 1])).expect("loads");
    assert_eq!(ok.stats().relations, 1);
    assert_eq!(ok.stats().relations_with_unknown_members, 0);
    for t in [3, 7, 127] {
        let m = read_file(&file_with_relation(&[1, t])).expect("loads");
        assert_eq!(m.stats().relations_with_unknown_members, 1, "type {t}");
        assert_eq!(m.stats().ways, 1);
    }
}

/// Issue 14, item 7: a tiny blob declaring millions of dense nodes, or a string
/// table of millions of entries, is refused before it is decoded; a bomb is
/// refused before it is inflated.
#[test]
fn oversized_blocks_and_bombs_are_refused() {
    // 2 million nodes of one id, one position: a few KB compressed.
    let n = 2_000_000;
    let mut d = Vec::new();
    let mut ids = vec![0u8; n];
    ids[0] = 2;
    bytes(&mut d, 1, &ids);
    bytes(&mut d, 8, &vec![0u8; n]);
    bytes(&mut d, 9, &vec![0u8; n]);
    let mut g = Vec::new();
    bytes(&mut g, 2, &d);
    let data = data_block(&[""], &g);
    // Compressed it is a few KB, and refused as a bomb; stored raw (no inflation)
    // the element count refuses it.
    let mut file = header_blob();
    let b = blob("OSMData", &data);
    assert!(b.len() < 64 * 1024, "{} bytes", b.len());
    file.extend(b);
    let e = read_file(&file).expect_err("refused").to_string();
    assert!(e.contains("decompression bomb"), "{e}");
    let mut file = header_blob();
    file.extend(raw_blob("OSMData", &data));
    let e = read_file(&file).expect_err("refused").to_string();
    assert!(e.contains("elements (at most 1000000"), "{e}");
    // A string table of 3 million empty strings.
    let mut st = Vec::new();
    for _ in 0..3_000_000 {
        bytes(&mut st, 1, b"");
    }
    let mut data = Vec::new();
    bytes(&mut data, 1, &st);
    let mut file = header_blob();
    file.extend(raw_blob("OSMData", &data));
    let e = read_file(&file).expect_err("refused").to_string();
    assert!(e.contains("string table of more than"), "{e}");
    // A blob that would inflate 1000-fold.
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let mut file = header_blob();
    file.extend(blob("OSMData", &zeros));
    let e = read_file(&file).expect_err("refused").to_string();
    assert!(e.contains("decompression bomb"), "{e}");
}

#[test]
fn damaged_frames_and_fields_are_errors() {
    // A blob header claiming 1 GB.
    let e = read_file(&[0x40, 0, 0, 0, 1, 2, 3])
        .expect_err("bad")
        .to_string();
    assert!(e.contains("blob header of"), "{e}");
    // A string index beyond the table.
    let mut node = Vec::new();
    int(&mut node, 1, zz(5));
    packed(&mut node, 2, [7]);
    packed(&mut node, 3, [0]);
    let mut g = Vec::new();
    bytes(&mut g, 1, &node);
    let mut file = header_blob();
    file.extend(blob("OSMData", &data_block(&["", "a"], &g)));
    let e = read_file(&file).expect_err("bad").to_string();
    assert!(e.contains("string index 7 beyond a table of 2"), "{e}");
    // Dense nodes whose arrays disagree.
    let mut d = Vec::new();
    packed(&mut d, 1, [zz(1), zz(1)]);
    packed(&mut d, 8, [0]);
    packed(&mut d, 9, [0, 0]);
    let mut g = Vec::new();
    bytes(&mut g, 2, &d);
    let mut file = header_blob();
    file.extend(blob("OSMData", &data_block(&[""], &g)));
    let e = read_file(&file).expect_err("bad").to_string();
    assert!(e.contains("2 ids, 1 latitudes"), "{e}");
    // A varint that never ends.
    let mut v = 0;
    assert!(varint(&[0xff; 11], &mut v).is_err());
    assert_eq!(zigzag(zz(-5)), -5);
    assert_eq!(zigzag(zz(i64::MIN)), i64::MIN);
}
