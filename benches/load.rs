//! Load benchmark: time and peak memory to turn a `.osm.pbf` into a routable `Map`.
//!
//! `CORDON_BENCH_MAP` names the file (several separated by `:`); the default map is the
//! fallback. Each run loads the map in a fresh child process (this same binary), so the
//! peak resident memory (VmHWM) is that of one load. When `osmium` is installed, each
//! run is paired with `osmium fileinfo -e` on the same file, in turn, so the ratio is
//! measured in one run on a machine whose speed drifts.
//!
//!     CORDON_BENCH_MAP=../shared/maps/bench/composite-14-regions.osm.pbf cargo bench --bench load

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const CHILD_ENV: &str = "CORDON_BENCH_CHILD";

fn main() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        child(&path);
        return;
    }
    let maps = std::env::var("CORDON_BENCH_MAP").unwrap_or_else(|_| "maps/monaco.osm.pbf".into());
    let runs: usize = std::env::var("CORDON_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let osmium = Command::new("osmium").arg("--version").output().is_ok();
    println!(
        "| map | size MB | load ms (in-process) | child process wall ms | peak RSS MB | osmium fileinfo -e wall ms | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for map in maps.split(':') {
        bench_map(map, runs, osmium);
    }
}

/// Loads once and prints "load_ms peak_rss_kb".
fn child(path: &str) {
    let t = Instant::now();
    let map = cordon::osm::read(path).unwrap_or_else(|e| panic!("{e}"));
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let edges = map.graph().edge_count();
    println!("{ms} {} {edges}", peak_rss_kb());
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn bench_map(map: &str, runs: usize, osmium: bool) {
    let exe = std::env::current_exe().expect("own path");
    let (mut load, mut wall, mut rss, mut osm, mut ratio) =
        (vec![], vec![], vec![], vec![], vec![]);
    for run in 0..=runs {
        let t = Instant::now();
        let out = Command::new(&exe)
            .env(CHILD_ENV, map)
            .output()
            .expect("child runs");
        let w = t.elapsed().as_secs_f64() * 1000.0;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = text
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        let o = osmium.then(|| {
            let t = Instant::now();
            let st = Command::new("osmium")
                .args(["fileinfo", "-e", map])
                .output()
                .expect("osmium");
            assert!(st.status.success());
            t.elapsed().as_secs_f64() * 1000.0
        });
        if run == 0 {
            continue; // warm-up: page cache
        }
        load.push(f[0]);
        rss.push(f[1] / 1024.0);
        wall.push(w);
        if let Some(o) = o {
            osm.push(o);
            ratio.push(w / o);
        }
    }
    let size_mb = std::fs::metadata(Path::new(map))
        .map(|m| m.len())
        .unwrap_or(0) as f64
        / 1e6;
    let name = Path::new(map)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    println!(
        "| {name} | {size_mb:.1} | {} | {} | {} | {} | {} |",
        stats(&load),
        stats(&wall),
        stats(&rss),
        if osm.is_empty() {
            "-".into()
        } else {
            stats(&osm)
        },
        if ratio.is_empty() {
            "-".into()
        } else {
            format!("{:.2}", median(&ratio))
        },
    );
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

/// "median (min–max)".
fn stats(v: &[f64]) -> String {
    let min = v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{:.0} ({:.0}–{:.0})", median(v), min, max)
}
