//! Grid references against GeographicLib's `GeoConvert` (Debian `geographiclib-tools`,
//! installed by `.ci/run`): 1,000 random points over the world between 80°S and 84°N
//! (the UTM part of MGRS; the polar caps are UPS) and 128 points on zone edges and in
//! the Norway and Svalbard exceptions. Both ways to within 1 m.

use cordon::grid::{Grid, parse_reference};
use geo::Point;
use std::io::Write;
use std::process::{Command, Stdio};

/// Whether GeoConvert can run; outside CI (where `.ci/run` installs it) a missing tool
/// skips the check with a note.
fn have_geoconvert() -> bool {
    let ok = Command::new("GeoConvert").arg("--version").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "GeoConvert is missing in CI"
    );
    if !ok {
        eprintln!("note: GeoConvert not installed, skipping (apt-get install geographiclib-tools)");
    }
    ok
}

/// Runs `GeoConvert ARGS` over `input` lines and returns its output lines.
fn geoconvert(args: &[&str], input: &str) -> Vec<String> {
    let mut child = Command::new("GeoConvert")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("GeoConvert (Debian package geographiclib-tools)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("GeoConvert output");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("text")
        .lines()
        .map(str::to_string)
        .collect()
}

fn points() -> Vec<Point<f64>> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut pts: Vec<Point<f64>> = (0..1000)
        .map(|_| Point::new(-180.0 + 360.0 * next(), -80.0 + 164.0 * next()))
        .collect();
    for lat in [56.5, 57.9, 60.0, 63.9, 72.5, 75.0, 78.0, 83.9] {
        for lon in [
            2.99, 3.01, 5.99, 6.01, 8.99, 9.01, 11.99, 12.01, 20.99, 21.01, 32.99, 33.01, 35.99,
            36.01, 41.99, 42.01,
        ] {
            pts.push(Point::new(lon, lat));
        }
    }
    pts
}

fn metres(a: Point<f64>, b: Point<f64>) -> f64 {
    cordon::coord::distance_m(a, b)
}

fn lat_lon(line: &str) -> Point<f64> {
    let v: Vec<f64> = line
        .split_whitespace()
        .map(|x| x.parse().expect("number"))
        .collect();
    Point::new(v[1], v[0])
}

#[test]
fn mgrs_and_utm_agree_with_geoconvert_both_ways() {
    if !have_geoconvert() {
        return;
    }
    let pts = points();
    let input: String = pts
        .iter()
        .map(|p| format!("{:.9} {:.9}\n", p.y(), p.x()))
        .collect();
    // Forward: identical MGRS at 1 m; UTM within 1 m.
    let mgrs = geoconvert(&["-m", "-p", "0"], &input);
    let utm = geoconvert(&["-u", "-p", "3"], &input);
    assert_eq!(mgrs.len(), pts.len());
    for ((p, m), u) in pts.iter().zip(&mgrs).zip(&utm) {
        let ours = Grid::Mgrs.format(*p).replace(' ', "");
        assert_eq!(&ours, m, "MGRS of {p:?}");
        let theirs: Vec<&str> = u.split_whitespace().collect();
        let ours = Grid::Utm.format(*p);
        let mine: Vec<&str> = ours.split_whitespace().collect();
        let zone = theirs[0].trim_start_matches('0').to_uppercase();
        assert_eq!(mine[0], zone, "UTM zone of {p:?}");
        for (a, b) in mine[1..].iter().zip(&theirs[1..]) {
            let (a, b): (f64, f64) = (a.parse().expect("ours"), b.parse().expect("theirs"));
            assert!((a - b).abs() <= 1.0, "UTM of {p:?}: {ours} against {u}");
        }
    }
    // Reverse: each reference GeoConvert wrote, read by Cordon, lands within 1 m of
    // where GeoConvert reads it (the centre of the 1 m square), and within 1 m of the
    // point for UTM.
    let mgrs_input: String = mgrs.iter().map(|m| format!("{m}\n")).collect();
    let centres = geoconvert(&["-g", "-p", "6"], &mgrs_input);
    for (m, c) in mgrs.iter().zip(&centres) {
        let ours = parse_reference(m).expect("an MGRS reference");
        assert!(metres(ours, lat_lon(c)) < 1.0, "{m}: {ours:?} against {c}");
    }
    for (p, u) in pts.iter().zip(&utm) {
        let ours = parse_reference(u).expect("a UTM reference");
        assert!(metres(ours, *p) < 1.0, "{u}: {ours:?} against {p:?}");
    }
}
