//! Reach-area benchmark: 5- and 10-minute car isochrones and a 5-minute walk from
//! random road points of a map (one search to the longest time, then one outline per
//! time), reporting the median and 90th percentile per query.
//!
//! `CORDON_BENCH_MAP` names the map (default: the default map); `CORDON_BENCH_N` the
//! number of points (default 50).
//!
//!     CORDON_BENCH_MAP=../shared/maps/monaco-riviera-2016.osm.pbf cargo bench --bench reach

use cordon::map::Map;
use cordon::routing::{Profiles, Router};
use geo::Point;
use std::time::Instant;

mod common;
use common::random_pairs;

fn main() {
    let map_path =
        std::env::var("CORDON_BENCH_MAP").unwrap_or_else(|_| "maps/monaco.osm.pbf".into());
    let n: usize = std::env::var("CORDON_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let map = cordon::osm::read(&map_path).unwrap_or_else(|e| panic!("{e}"));
    let points: Vec<Point<f64>> = random_pairs(&map, n)
        .iter()
        .map(|p| Point::new(p[0], p[1]))
        .collect();
    println!("map {map_path}: {} points", points.len());
    println!("| query | ok | median ms | p90 ms | median area km² |");
    println!("|---|---|---|---|---|");
    run(&map, "car", &[600.0], &points, "car, 10 min");
    run(&map, "car", &[300.0, 600.0], &points, "car, 5 + 10 min");
    run(&map, "foot", &[300.0], &points, "foot, 5 min");
}

fn run(map: &Map, profile: &str, limits: &[f64], points: &[Point<f64>], label: &str) {
    let p = Profiles::builtin()
        .and_then(|p| p.get(profile).cloned())
        .unwrap_or_else(|e| panic!("{e}"));
    let router = Router::new(map, p);
    let mut ms = Vec::new();
    let mut km2 = Vec::new();
    for &pt in points {
        let t = Instant::now();
        if let Ok(areas) = router.isochrones(pt, limits) {
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            km2.push(areas.last().map_or(0.0, |a| a.area_m2 / 1e6));
        }
    }
    let q = |v: &mut Vec<f64>, f: f64| {
        v.sort_by(f64::total_cmp);
        v.get(((v.len() as f64 - 1.0) * f).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    let ok = ms.len();
    println!(
        "| {label} | {ok} | {:.1} | {:.1} | {:.2} |",
        q(&mut ms, 0.5),
        q(&mut ms, 0.9),
        q(&mut km2, 0.5)
    );
}
