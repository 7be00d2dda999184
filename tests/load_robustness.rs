//! Files in any block order, clipped files and bad input: same map, counted damage,
//! clear errors, never a panic.

mod common;

use cordon::osm::{self, Error};
use std::path::Path;

fn signature(m: &cordon::map::Map) -> String {
    let s = m.summary(0.0);
    let g = m.graph();
    let length_m: f64 = (0..g.segment_count() as u32)
        .map(|s| g.segment_length_m(s))
        .sum();
    format!(
        "{} {} {} {:?} {:?} {:?} {} {:.3}",
        s.nodes,
        s.ways,
        s.relations,
        s.road_graph,
        s.places,
        s.features,
        g.restrictions().len(),
        length_m
    )
}

#[test]
fn reordered_blocks_give_the_same_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["monaco.osm.pbf", "liechtenstein-2013.osm.pbf"] {
        let src = if name == "monaco.osm.pbf" {
            common::monaco_path()
        } else {
            common::data(name)
        };
        let dst = dir.path().join(format!("reordered-{name}"));
        common::write_reordered(&src, &dst);
        let a = osm::read(&src).expect("original loads");
        let b = osm::read(&dst).expect("reordered loads");
        assert_eq!(signature(&a), signature(&b), "{name}");
        assert_eq!(
            a.graph().ways(),
            b.graph().ways(),
            "{name}: same ways in the same order"
        );
        assert_eq!(a.places(), b.places(), "{name}: same places");
    }
}

#[test]
fn clipped_file_loads_with_missing_nodes_counted() {
    let m = osm::read(common::data("kotka-2019-clipped.osm.pbf")).expect("clipped file loads");
    let s = m.stats();
    // osmium check-refs counts 1,419 way-to-node references to absent nodes.
    assert_eq!(s.missing_node_refs, 1419);
    assert!(s.ways_split_at_missing_nodes > 0);
    assert!(m.graph().edge_count() > 500);
    let g = m.graph();
    for e in 0..g.edge_count() as u32 {
        assert!(g.edge_points(e).len() >= 2);
    }
}

#[test]
fn other_real_maps_load() {
    let l = osm::read(common::data("liechtenstein-2013.osm.pbf")).expect("liechtenstein");
    assert!(l.graph().edge_count() > 10_000);
    let r = osm::read(common::data("monaco-riviera-2016.osm.pbf")).expect("riviera");
    assert!(r.graph().node_count() > 4_000);
    assert_eq!(r.stats().nodes, 180_118, "osmium fileinfo -e");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn bad_files_give_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let real = std::fs::read(common::monaco_path()).expect("read map");
    let err = |p: &Path| osm::read(p).expect_err("must fail").to_string();

    let e = osm::read(d.join("nope.osm.pbf")).expect_err("missing");
    assert!(
        matches!(e, Error::Io { .. }) && e.to_string().contains("nope.osm.pbf"),
        "{e}"
    );
    assert!(matches!(osm::read(d), Err(Error::IsDirectory { .. })));
    let empty = write(d, "empty.osm.pbf", b"");
    assert!(matches!(osm::read(&empty), Err(Error::Empty { .. })));

    let text = write(d, "text.osm.pbf", b"<?xml version='1.0'?><osm></osm>\n");
    assert!(err(&text).contains("not a valid .osm.pbf"));
    let truncated = write(d, "truncated.osm.pbf", &real[..real.len() / 2]);
    let msg = err(&truncated);
    assert!(
        msg.contains("truncated") && msg.contains("truncated.osm.pbf"),
        "{msg}"
    );
    for seed in 1..20 {
        let random = write(d, "random.osm.pbf", &noise(4096, seed));
        assert!(matches!(osm::read(&random), Err(Error::Corrupt { .. })));
    }
    // A plausible frame length followed by garbage reaches the protobuf decoder.
    let mut framed = vec![0, 0, 0, 14];
    framed.extend(noise(2000, 99));
    let framed = write(d, "framed.osm.pbf", &framed);
    assert!(matches!(osm::read(&framed), Err(Error::Corrupt { .. })));
}

#[test]
fn garbage_inside_a_real_file_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = std::fs::read(common::monaco_path()).expect("read map");
    for (i, seed) in (1..12u64).enumerate() {
        let mut bytes = real.clone();
        let at = real.len() / 13 * (i + 1);
        bytes[at..at + 64].copy_from_slice(&noise(64, seed));
        let p = write(dir.path(), "damaged.osm.pbf", &bytes);
        // Either a clear error or a map: what matters is that we get an answer.
        if let Err(e) = osm::read(&p) {
            assert!(matches!(e, Error::Corrupt { .. }), "{e}");
        }
    }
}
