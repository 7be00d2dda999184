//! Seeded mutation fuzzing of the two files Cordon is given most: the default map and
//! the sample plan. Each mutant goes through the loader (and `plan check` against the
//! real map when a plan still parses): nothing may panic, no case may take over 5 s,
//! and every error is one line.
//!
//! `CORDON_FUZZ_CASES` sets the number of mutants of each file (default 1,000, so 2,000
//! in all); `CORDON_FUZZ_SEED` the first seed (default 1). A long run:
//! `CORDON_FUZZ_CASES=100000 cargo test --release --test fuzz -- --nocapture`.

mod common;

use std::time::{Duration, Instant};

/// xorshift64: deterministic, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn cases() -> u64 {
    std::env::var("CORDON_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

fn first_seed() -> u64 {
    std::env::var("CORDON_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// The blobs of a PBF file as byte ranges (4-byte length, BlobHeader, Blob), so blocks
/// can be swapped.
fn blobs(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let header =
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        // The BlobHeader's datasize is field 3 (varint); find it by scanning the header.
        let h = &bytes[at + 4..(at + 4 + header).min(bytes.len())];
        let mut size = None;
        let mut i = 0;
        while i < h.len() {
            let key = h[i];
            i += 1;
            match key {
                0x18 => {
                    let (mut v, mut shift) = (0usize, 0);
                    while i < h.len() {
                        v |= ((h[i] & 0x7f) as usize) << shift;
                        shift += 7;
                        i += 1;
                        if h[i - 1] & 0x80 == 0 {
                            break;
                        }
                    }
                    size = Some(v);
                }
                0x0a | 0x12 => {
                    let len = h.get(i).copied().unwrap_or(0) as usize;
                    i += 1 + len;
                }
                _ => break,
            }
        }
        let Some(size) = size else { break };
        let end = at + 4 + header + size;
        if end > bytes.len() {
            break;
        }
        out.push(at..end);
        at = end;
    }
    out
}

fn mutate_map(real: &[u8], blob_ranges: &[std::ops::Range<usize>], rng: &mut Rng) -> Vec<u8> {
    let mut b = real.to_vec();
    match rng.below(4) {
        0 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => b.truncate(rng.below(b.len())),
        2 if blob_ranges.len() > 2 => {
            // Swap two data blocks (the header block stays first).
            let i = 1 + rng.below(blob_ranges.len() - 1);
            let j = 1 + rng.below(blob_ranges.len() - 1);
            let (lo, hi) = (i.min(j), i.max(j));
            if lo != hi {
                let (a, c) = (blob_ranges[lo].clone(), blob_ranges[hi].clone());
                let mut out = real[..a.start].to_vec();
                out.extend_from_slice(&real[c.clone()]);
                out.extend_from_slice(&real[a.end..c.start]);
                out.extend_from_slice(&real[a.clone()]);
                out.extend_from_slice(&real[c.end..]);
                b = out;
            }
        }
        _ => {
            let at = rng.below(b.len().saturating_sub(64));
            for k in 0..64.min(b.len() - at) {
                b[at + k] = rng.next() as u8;
            }
        }
    }
    b
}

fn mutate_plan(real: &str, rng: &mut Rng) -> Vec<u8> {
    let mut b = real.as_bytes().to_vec();
    match rng.below(4) {
        0 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => b.truncate(rng.below(b.len())),
        2 => {
            // Replace a number with one that is not a sensible number.
            let digits: Vec<usize> = real
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            let at = digits[rng.below(digits.len())];
            let end = real[at..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .map_or(real.len(), |e| at + e);
            let with = ["NaN", "inf", "-1", "1e308", "-0", "99999999999", ""][rng.below(7)];
            b = format!("{}{with}{}", &real[..at], &real[end..]).into_bytes();
        }
        _ => {
            let lines: Vec<&str> = real.lines().collect();
            let cut = rng.below(lines.len());
            b = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != cut)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes();
        }
    }
    b
}

struct Tally {
    ok: u64,
    errors: u64,
    slowest: Duration,
}

impl Tally {
    fn record(&mut self, what: &str, seed: u64, took: Duration, error: Option<String>) {
        assert!(
            took < Duration::from_secs(5),
            "{what} seed {seed}: {took:?}"
        );
        self.slowest = self.slowest.max(took);
        match error {
            Some(e) => {
                assert!(
                    !e.contains('\n'),
                    "{what} seed {seed}: error on several lines: {e}"
                );
                self.errors += 1;
            }
            None => self.ok += 1,
        }
    }
}

#[test]
fn mutated_maps_and_plans_never_panic_hang_or_ramble() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real_map = std::fs::read(common::monaco_path()).expect("map");
    let ranges = blobs(&real_map);
    assert!(ranges.len() > 3, "{} blobs", ranges.len());
    let plan_path = common::root().join("plans/monaco-state-visit.ron");
    let real_plan = std::fs::read_to_string(&plan_path).expect("plan");
    let map = common::monaco();
    let (n, seed0) = (cases(), first_seed());
    let started = Instant::now();
    let mut maps = Tally {
        ok: 0,
        errors: 0,
        slowest: Duration::ZERO,
    };
    let mut plans = Tally {
        ok: 0,
        errors: 0,
        slowest: Duration::ZERO,
    };
    let file = dir.path().join("mutant.osm.pbf");
    for seed in seed0..seed0 + n {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        std::fs::write(&file, mutate_map(&real_map, &ranges, &mut rng)).expect("write");
        let t = Instant::now();
        let r = cordon::osm::read(&file);
        maps.record("map", seed, t.elapsed(), r.err().map(|e| e.to_string()));

        let text = mutate_plan(&real_plan, &mut rng);
        let t = Instant::now();
        let error = match std::str::from_utf8(&text) {
            Err(_) => Some("not text".to_string()),
            Ok(s) => match cordon::plan::parse(s, &plan_path) {
                Err(e) => Some(e.to_string()),
                Ok(p) => {
                    for issue in cordon::plan::check(&p, Some(map), None) {
                        assert!(
                            !issue.message.contains('\n'),
                            "seed {seed}: {}",
                            issue.message
                        );
                    }
                    None
                }
            },
        };
        plans.record("plan", seed, t.elapsed(), error);
    }
    println!(
        "fuzz: {n} map and {n} plan mutants from seed {seed0} in {:.1} s; maps {} loaded, {} refused, slowest {:?}; plans {} loaded, {} refused, slowest {:?}",
        started.elapsed().as_secs_f64(),
        maps.ok,
        maps.errors,
        maps.slowest,
        plans.ok,
        plans.errors,
        plans.slowest
    );
    assert!(
        maps.errors > 0 && plans.errors > 0,
        "the mutations reach the error paths"
    );
}
