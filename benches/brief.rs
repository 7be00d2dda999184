//! Brief benchmark: the PDF of a plan (default: the sample plan), in process, with the
//! map already loaded; median of several runs. `CORDON_BENCH_PLAN` names another plan.

use std::time::Instant;

fn main() {
    let path = std::env::var("CORDON_BENCH_PLAN")
        .unwrap_or_else(|_| "plans/monaco-state-visit.ron".into());
    let runs: usize = std::env::var("CORDON_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let plan = cordon::plan::load(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let map = cordon::osm::read(cordon::plan::map_path(&plan, std::path::Path::new(&path)))
        .unwrap_or_else(|e| panic!("{e}"));
    let opts = cordon::export::brief::BriefOptions {
        paper: cordon::export::layout::Paper::A4,
        movement: None,
        role: cordon::export::brief::Role::Full,
    };
    let mut ms = Vec::new();
    let mut size = 0;
    for run in 0..=runs {
        let t = Instant::now();
        let pdf =
            cordon::export::brief::brief(&plan, &map, &opts).unwrap_or_else(|e| panic!("{e}"));
        if run > 0 {
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        size = pdf.len();
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "brief of {path}: {} KB; median {:.0} ms (min {:.0}, max {:.0}) over {runs} runs",
        size / 1024,
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1]
    );
}
