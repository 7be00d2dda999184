//! Shared helpers for the integration tests.
#![allow(dead_code)]

use cordon::map::{EdgeId, Map};
use geo::Point;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default map.
pub fn monaco_path() -> PathBuf {
    root().join("maps/monaco.osm.pbf")
}

/// A test map committed under tests/data.
pub fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

/// The default map, loaded once per test binary.
pub fn monaco() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| cordon::osm::read(monaco_path()).expect("default map loads"))
}

/// Writes a copy of `src` with its data blobs in reverse order (header first), so that
/// relations come before ways and ways before nodes.
pub fn write_reordered(src: &Path, dst: &Path) {
    let bytes = std::fs::read(src).expect("read map");
    let mut reader = osmpbf::BlobReader::seekable_from_path(src).expect("open map");
    let mut offsets = Vec::new();
    for blob in reader.by_ref() {
        let blob = blob.expect("blob");
        offsets.push(blob.offset().expect("seekable reader gives offsets").0 as usize);
    }
    offsets.push(bytes.len());
    let frames: Vec<&[u8]> = offsets.windows(2).map(|w| &bytes[w[0]..w[1]]).collect();
    assert!(frames.len() > 3, "need several blobs to reorder");
    let mut out = frames[0].to_vec();
    for f in frames[1..].iter().rev() {
        out.extend_from_slice(f);
    }
    std::fs::write(dst, out).expect("write reordered map");
}

/// Runs the `cordon` binary in the project root.
pub fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run cordon")
}

/// The point halfway along an edge of the default map.
pub fn edge_midpoint(e: EdgeId) -> Point<f64> {
    let pts = monaco().graph().edge_points(e);
    let half = cordon::coord::polyline_length_m(&pts) / 2.0;
    Point::from(cordon::coord::slice_polyline(&pts, half, half)[0])
}

/// Deterministic points on the default map's roads (edge midpoints, xorshift).
pub fn random_points(n: usize, mut seed: u64) -> Vec<Point<f64>> {
    let g = monaco().graph();
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| edge_midpoint((next() % g.edge_count() as u64) as EdgeId))
        .collect()
}

#[cfg(feature = "gui")]
/// Runs frames of an app harness until its background work (loading, routing,
/// exports, the base map render) is done and shown.
pub fn settle(h: &mut egui_kittest::Harness<'_, cordon::app::CordonApp>) {
    for _ in 0..20 {
        h.run_ok();
        if !h.state().busy() {
            break;
        }
        let ctx = h.ctx.clone();
        h.state_mut().finish_work(&ctx);
    }
    h.run_ok();
}
