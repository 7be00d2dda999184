//! Risk benchmark: preparing a risk context, scoring a route, and a risk-weighted query
//! against a plain one, over the same pairs. Also the time/risk trade at weight 4.
//!
//! `CORDON_BENCH_MAP` names the map (default: the default map); `CORDON_BENCH_PAIRS` a
//! pairs file (default: random road points, fixed seed); `CORDON_BENCH_N` caps pairs.

use cordon::risk::{RiskContext, RiskModel};
use cordon::routing::{HospitalPolicy, Profiles, RouteOptions, Router};
use geo::Point;
use std::time::Instant;

mod common;
use common::{random_pairs, read_pairs};

fn main() {
    let map_path =
        std::env::var("CORDON_BENCH_MAP").unwrap_or_else(|_| "maps/monaco.osm.pbf".into());
    let n: usize = std::env::var("CORDON_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let map = cordon::osm::read(&map_path).unwrap_or_else(|e| panic!("{e}"));
    let pairs = match std::env::var("CORDON_BENCH_PAIRS") {
        Ok(p) => read_pairs(&p),
        Err(_) => random_pairs(&map, n),
    };
    let pairs = &pairs[..pairs.len().min(n)];
    let profile = Profiles::builtin()
        .and_then(|p| p.get("car").cloned())
        .unwrap_or_else(|e| panic!("{e}"));
    let router = Router::new(&map, profile);
    let model = RiskModel::builtin().unwrap_or_else(|e| panic!("{e}"));
    let t = Instant::now();
    let ctx = RiskContext::new(router.clone(), model, HospitalPolicy::default());
    println!(
        "map {map_path}: {} pairs; risk context prepared in {:.1} ms",
        pairs.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let plain = RouteOptions::default();
    let cost = ctx.cost(4.0);
    let weighted = RouteOptions {
        modifier: Some(&cost),
        ..RouteOptions::default()
    };
    let (mut q_plain, mut q_weighted, mut scoring) = (vec![], vec![], vec![]);
    let (mut dt, mut ds, mut both) = (vec![], vec![], 0);
    for p in pairs {
        let pts = [Point::new(p[0], p[1]), Point::new(p[2], p[3])];
        let t = Instant::now();
        let a = router.route(&pts, &plain);
        q_plain.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        let b = router.route(&pts, &weighted);
        q_weighted.push(t.elapsed().as_secs_f64() * 1e6);
        let (Ok(a), Ok(b)) = (a, b) else { continue };
        let t = Instant::now();
        let ra = ctx.assess(&a, &[]);
        scoring.push(t.elapsed().as_secs_f64() * 1e6);
        let rb = ctx.assess(&b, &[]);
        both += 1;
        dt.push(b.duration_s - a.duration_s);
        ds.push(rb.score - ra.score);
    }
    println!("| operation | median µs | p99 µs |");
    println!("|---|---|---|");
    row("plain route query", &mut q_plain);
    row("risk-weighted query (W = 4)", &mut q_weighted);
    row("risk scoring of a route", &mut scoring);
    println!(
        "\nover {both} pairs at W = 4: median change in duration {:+.0} s, in score {:+.1} (max {:+.0} s, {:+.1})",
        median(&mut dt),
        median(&mut ds),
        dt.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ds.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn row(name: &str, v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
    let p99 = v[((0.99 * v.len() as f64).ceil() as usize)
        .saturating_sub(1)
        .min(v.len() - 1)];
    println!("| {name} | {:.0} | {:.0} |", v[v.len() / 2], p99);
}
