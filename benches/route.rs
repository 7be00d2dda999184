//! Query-time benchmark: plain routes, routes with 2 alternatives, and routes with an
//! avoid zone, over the same pairs, with the map loaded and weights free per query.
//!
//! `CORDON_BENCH_MAP` names the map (default: the default map); `CORDON_BENCH_PAIRS` a
//! file of `lon1 lat1 lon2 lat2` lines (default: pairs between random road points of the
//! map, fixed seed); `CORDON_BENCH_N` caps the pairs (default 1000).
//!
//!     CORDON_BENCH_MAP=tests/data/monaco-riviera-2016.osm.pbf \
//!     CORDON_BENCH_PAIRS=../shared/tools/peers/pairs_monaco-riviera-2016.txt cargo bench --bench route

use cordon::map::Map;
use cordon::routing::{AvoidZone, Profiles, RouteOptions, Router};
use geo::{MultiPolygon, Point, polygon};
use std::time::Instant;

mod common;
use common::{random_pairs, read_pairs};

fn main() {
    let map_path =
        std::env::var("CORDON_BENCH_MAP").unwrap_or_else(|_| "maps/monaco.osm.pbf".into());
    let n: usize = std::env::var("CORDON_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let map = cordon::osm::read(&map_path).unwrap_or_else(|e| panic!("{e}"));
    let pairs = match std::env::var("CORDON_BENCH_PAIRS") {
        Ok(p) => read_pairs(&p),
        Err(_) => random_pairs(&map, n),
    };
    let pairs = &pairs[..pairs.len().min(n)];
    let profile = Profiles::builtin()
        .and_then(|p| p.get("car").cloned())
        .unwrap_or_else(|e| panic!("{e}"));
    let t = Instant::now();
    let router = Router::new(&map, profile);
    println!(
        "map {map_path}: {} pairs; router prepared in {:.1} ms",
        pairs.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("| query | ok | median µs | p99 µs |");
    println!("|---|---|---|---|");
    let plain = RouteOptions::default();
    report(
        "route",
        time(pairs, |a, b| router.route(&[a, b], &plain).is_ok()),
    );
    report(
        "route + 2 alternatives",
        time(pairs, |a, b| {
            router.alternatives(&[a, b], &plain, 2).is_ok()
        }),
    );
    let zone = central_zone(&map);
    let zones = [zone];
    let avoiding = RouteOptions {
        avoid: &zones,
        ..RouteOptions::default()
    };
    report(
        "route avoiding a 600 m zone",
        time(pairs, |a, b| router.route(&[a, b], &avoiding).is_ok()),
    );
}

fn time(
    pairs: &[[f64; 4]],
    mut f: impl FnMut(Point<f64>, Point<f64>) -> bool,
) -> (Vec<f64>, usize) {
    let mut us = Vec::with_capacity(pairs.len());
    let mut ok = 0;
    for p in pairs {
        let t = Instant::now();
        ok += usize::from(f(Point::new(p[0], p[1]), Point::new(p[2], p[3])));
        us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    (us, ok)
}

fn report(name: &str, (mut us, ok): (Vec<f64>, usize)) {
    us.sort_by(f64::total_cmp);
    let pct = |q: f64| {
        us[((q * us.len() as f64).ceil() as usize)
            .saturating_sub(1)
            .min(us.len() - 1)]
    };
    println!(
        "| {name} | {ok}/{} | {:.0} | {:.0} |",
        us.len(),
        pct(0.5),
        pct(0.99)
    );
}

/// A square about 600 m across at the centre of the map's extent.
fn central_zone(map: &Map) -> AvoidZone {
    let b = map.extent();
    let (x, y) = ((b.min_lon + b.max_lon) / 2.0, (b.min_lat + b.max_lat) / 2.0);
    let (dx, dy) = (0.0037, 0.0027);
    AvoidZone {
        name: "centre".into(),
        area: MultiPolygon::new(vec![polygon![
            (x: x - dx, y: y - dy), (x: x + dx, y: y - dy), (x: x + dx, y: y + dy), (x: x - dx, y: y + dy), (x: x - dx, y: y - dy)
        ]]),
    }
}
