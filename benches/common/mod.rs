//! Helpers the benchmarks share: pair files and random pairs.
#![allow(dead_code)]

use cordon::map::Map;

/// Pairs `[lon1, lat1, lon2, lat2]` from a whitespace-separated file.
pub fn read_pairs(path: &str) -> Vec<[f64; 4]> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter_map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
        })
        .collect()
}

/// Pairs of random road vertices (xorshift, fixed seed).
pub fn random_pairs(map: &Map, n: usize) -> Vec<[f64; 4]> {
    let g = map.graph();
    let mut seed = 42u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut point = || {
        let c = g.node_coord((next() % g.node_count() as u64) as u32);
        (c.x, c.y)
    };
    (0..n)
        .map(|_| {
            let (a, b) = (point(), point());
            [a.0, a.1, b.0, b.1]
        })
        .collect()
}
