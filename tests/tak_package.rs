//! TAK data packages read back: every route against TAK's route schema, markers
//! against the spot-marker schema and zones against the free-form schema (`xmllint`
//! from Debian's libxml2-utils), the whole package through the independent reader in
//! `../shared/tools/tak_check` (Node, `@tak-ps/node-cot`), and the package's own XML
//! with `roxmltree`: every checkpoint comes back within 1 m of the plan's position, in
//! route order, and a revised package keeps its uids. The schemas and the reader stay
//! in `../shared` (their licences are not the project's): the tests use them in place.

mod common;

use common::cordon;
use cordon::export::{ExportKind, ExportOptions, brief::Role};
use cordon::plan::{self, Plan};
use cordon::routing::AvoidZone;
use geo::{MultiPolygon, Point, polygon};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "plans/monaco-state-visit.ron";

fn shared() -> PathBuf {
    common::root().join("../shared")
}

fn xsd(name: &str) -> PathBuf {
    shared().join("schemas/tak/xsd").join(name)
}

/// The sample plan with an avoid zone (with a hole) on m1, so zones are exported too.
fn sample() -> Plan {
    let mut p = plan::load(&common::root().join(SAMPLE)).expect("sample plan");
    let zone = polygon!(
        exterior: [
            (x: 7.4200, y: 43.7370),
            (x: 7.4230, y: 43.7370),
            (x: 7.4230, y: 43.7390),
            (x: 7.4200, y: 43.7390),
            (x: 7.4200, y: 43.7370),
        ],
        interiors: [[
            (x: 7.4210, y: 43.7375),
            (x: 7.4220, y: 43.7375),
            (x: 7.4220, y: 43.7380),
            (x: 7.4210, y: 43.7375),
        ]],
    );
    p.movements[0].avoid.push(AvoidZone {
        name: "Place d'Armes market".into(),
        area: MultiPolygon(vec![zone]),
    });
    p
}

/// A package's files by zip path.
fn package(p: &Plan, opts: &ExportOptions) -> BTreeMap<String, Vec<u8>> {
    let bytes = cordon::export::bytes(ExportKind::Tak, p, Some(common::monaco()), opts)
        .expect("a TAK package");
    unzip(&bytes)
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read entry");
        out.insert(f.name().to_string(), data);
    }
    out
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).expect("UTF-8")
}

/// The event's `type`.
fn event_type(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("well-formed CoT");
    doc.root_element()
        .attribute("type")
        .unwrap_or("")
        .to_string()
}

/// Whether a tool runs; outside CI a missing one skips its check with a note.
fn have(cmd: &str, arg: &str, install: &str) -> bool {
    let ok = Command::new(cmd).arg(arg).output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "{cmd} is missing in CI"
    );
    if !ok {
        eprintln!("note: {cmd} not installed, skipping ({install})");
    }
    ok
}

/// `xmllint --noout --schema SCHEMA FILE`: the error lines (empty when valid).
fn xmllint(schema: &Path, file: &Path) -> Vec<String> {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(file)
        .output()
        .expect("xmllint");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    if out.status.success() {
        return Vec::new();
    }
    let lines: Vec<String> = err
        .lines()
        .filter(|l| !l.ends_with("fails to validate"))
        .map(str::to_string)
        .collect();
    assert!(
        !lines.is_empty(),
        "xmllint failed without saying why: {err}"
    );
    lines
}

fn write_all(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, PathBuf)> {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".cot"))
        .map(|(name, data)| {
            let path = dir.join(name.replace('/', "_"));
            std::fs::write(&path, data).expect("write cot");
            (event_type(text(data)), path)
        })
        .collect()
}

#[test]
fn every_item_validates_against_the_tak_schemas() {
    if !have("xmllint", "--version", "apt-get install libxml2-utils") {
        return;
    }
    let p = sample();
    let files = package(&p, &ExportOptions::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let cots = write_all(dir.path(), &files);
    let count = |t: &str| cots.iter().filter(|(k, _)| k == t).count();
    let routes: usize = p.movements.iter().map(|m| m.routes.len()).sum();
    assert_eq!(count("b-m-r"), routes, "every route of every movement");
    assert!(count("b-m-p-s-m") >= 10, "havens and venues");
    assert_eq!(count("u-d-f"), 1, "the avoid zone");
    for (kind, path) in &cots {
        let errors = match kind.as_str() {
            "b-m-r" => xmllint(&xsd("Route.atak.xsd"), path),
            "b-m-p-s-m" => xmllint(&xsd("Marker - Spot.fixed.xsd"), path),
            // The published free-form schema types colours as xs:byte (-128..127), so
            // any real ATAK colour fails there (../shared/schemas/tak/README.md): those
            // two errors, and only those, are the schema's defect.
            "u-d-f" => xmllint(&xsd("Drawing Shapes - Free Form.xsd"), path)
                .into_iter()
                .filter(|e| {
                    !((e.contains("element strokeColor") || e.contains("element color"))
                        && e.contains("'xs:byte'"))
                })
                .collect(),
            other => panic!("unexpected event type {other}"),
        };
        assert!(
            errors.is_empty(),
            "{} ({kind}): {errors:#?}",
            path.display()
        );
    }
}

/// A route's links: (type, callsign, point, uid).
fn links(xml: &str) -> Vec<(String, String, Point<f64>, String)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed CoT");
    doc.descendants()
        .filter(|n| n.has_tag_name("link"))
        .map(|n| {
            let point = n.attribute("point").expect("a point");
            let (lat, lon) = point.split_once(',').expect("lat,lon");
            (
                n.attribute("type").unwrap_or("").to_string(),
                n.attribute("callsign").unwrap_or("").to_string(),
                Point::new(lon.parse().expect("lon"), lat.parse().expect("lat")),
                n.attribute("uid").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn callsign(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("well-formed CoT");
    doc.descendants()
        .find(|n| n.has_tag_name("contact"))
        .and_then(|n| n.attribute("callsign"))
        .unwrap_or("")
        .to_string()
}

#[test]
fn every_checkpoint_comes_back_within_a_metre_in_route_order() {
    let p = sample();
    let files = package(&p, &ExportOptions::default());
    let routes: BTreeMap<String, String> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".cot"))
        .map(|(_, d)| text(d).to_string())
        .filter(|x| event_type(x) == "b-m-r")
        .map(|x| (callsign(&x), x))
        .collect();
    // Spot markers by callsign, with their point.
    let posts: BTreeMap<String, Point<f64>> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".cot"))
        .map(|(_, d)| text(d).to_string())
        .filter(|x| event_type(x) == "b-m-p-s-m")
        .map(|x| {
            let doc = roxmltree::Document::parse(&x).expect("CoT");
            let pt = doc
                .descendants()
                .find(|n| n.has_tag_name("point"))
                .expect("point");
            let num = |a: &str| {
                pt.attribute(a)
                    .and_then(|v| v.parse().ok())
                    .expect("number")
            };
            (callsign(&x), Point::new(num("lon"), num("lat")))
        })
        .collect();
    let mut moved = 0;
    let mut checked = 0;
    for m in &p.movements {
        for r in &m.routes {
            let name = format!("{} {}", m.id, r.role);
            let xml = routes
                .get(&name)
                .unwrap_or_else(|| panic!("no route '{name}'"));
            let ls = links(xml);
            assert!(ls.len() >= 2, "{name}: {} links", ls.len());
            assert_eq!(
                ls.first().map(|l| l.0.as_str()),
                Some("b-m-p-w"),
                "{name} starts at a waypoint"
            );
            assert_eq!(
                ls.last().map(|l| l.0.as_str()),
                Some("b-m-p-w"),
                "{name} ends at a waypoint"
            );
            let wps: Vec<_> = ls.iter().filter(|l| l.0 == "b-m-p-w").collect();
            let mut on: Vec<_> = m.checkpoints.iter().filter(|c| c.route == r.role).collect();
            on.sort_by(|a, b| {
                a.along_m
                    .unwrap_or(0.0)
                    .total_cmp(&b.along_m.unwrap_or(0.0))
            });
            let mut last_index = 0;
            for c in on {
                let (i, l) = wps
                    .iter()
                    .enumerate()
                    .find(|(_, l)| l.1 == c.name)
                    .unwrap_or_else(|| panic!("{name}: no waypoint '{}'", c.name));
                // The waypoint is the checkpoint's own position; for a post more than
                // 5 m off the road it is the route's point opposite, and the post is a
                // marker of its own at the plan's position.
                let d = cordon::coord::distance_m(l.2, c.location.point());
                if d > 1.0 {
                    let line: Vec<geo::Coord<f64>> =
                        r.geometry.iter().map(|p| p.point().0).collect();
                    let (on, _) = cordon::coord::distance_to_polyline_m(l.2, &line);
                    assert!(
                        on < 0.5,
                        "{name}: '{}' waypoint {on:.2} m off the route",
                        c.name
                    );
                    let post = posts.get(&format!("{} (post)", c.name)).unwrap_or_else(|| {
                        panic!(
                            "{name}: '{}' is {d:.1} m off and has no post marker",
                            c.name
                        )
                    });
                    let dp = cordon::coord::distance_m(*post, c.location.point());
                    assert!(
                        dp <= 1.0,
                        "{name}: post of '{}' is {dp:.2} m from the plan's position",
                        c.name
                    );
                    moved += 1;
                }
                assert!(i >= last_index, "{name}: '{}' out of route order", c.name);
                assert!(l.3.ends_with(&format!(".cp.{}", c.id)), "uid {}", l.3);
                last_index = i;
                checked += 1;
            }
            // The shape was simplified: far fewer control points than the route has
            // vertices, but every vertex within a few metres of the simplified line.
            // (Checkpoints keep their own position, up to 100 m off the road, so the
            // line measured is the control points between the route's ends.)
            let mut line: Vec<geo::Coord<f64>> = vec![r.geometry[0].point().0];
            line.extend(ls.iter().filter(|l| l.0 == "b-m-p-c").map(|l| l.2.0));
            line.extend(r.geometry.last().map(|p| p.point().0));
            assert!(
                ls.len() < r.geometry.len().max(3),
                "{name}: {} links for {} vertices",
                ls.len(),
                r.geometry.len()
            );
            for v in &r.geometry {
                let (off, _) = cordon::coord::distance_to_polyline_m(v.point(), &line);
                assert!(
                    off < 2.5,
                    "{name}: vertex {off:.2} m off the simplified line"
                );
            }
        }
    }
    assert!(
        moved >= 1 && moved < checked,
        "{moved} of {checked} posts off the road"
    );
    assert!(checked >= 20, "only {checked} checkpoints checked");
}

#[test]
fn uids_are_stable_marked_and_the_brief_rides_along() {
    let p = sample();
    let a = package(&p, &ExportOptions::default());
    let b = package(&p, &ExportOptions::default());
    let manifest = |f: &BTreeMap<String, Vec<u8>>| {
        let m = text(&f["MANIFEST/manifest.xml"]).to_string();
        let doc = roxmltree::Document::parse(&m).expect("manifest XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "MissionPackageManifest");
        assert_eq!(root.attribute("version"), Some("2"));
        let uids: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("Parameter") && n.attribute("name") == Some("uid"))
            .filter_map(|n| n.attribute("value").map(str::to_string))
            .collect();
        let entries: Vec<String> = doc
            .descendants()
            .filter_map(|n| n.attribute("zipEntry").map(str::to_string))
            .collect();
        (uids, entries, m)
    };
    let (uids_a, entries_a, m) = manifest(&a);
    let (uids_b, _, _) = manifest(&b);
    assert_eq!(uids_a, uids_b, "a revised package keeps its uids");
    assert_eq!(uids_a[0], "cordon.monaco-state-visit.package");
    assert!(uids_a.contains(&"cordon.monaco-state-visit.m1.primary".to_string()));
    assert!(uids_a.contains(&"cordon.monaco-state-visit.m2.alternate-1".to_string()));
    assert!(m.contains("name=\"onReceiveImport\" value=\"true\""), "{m}");
    for e in &entries_a {
        assert!(a.contains_key(e), "manifest lists {e}, which the zip lacks");
    }
    for name in a.keys().filter(|n| !n.starts_with("MANIFEST/")) {
        assert!(entries_a.contains(name), "{name} is not in the manifest");
    }
    // The marking opens every item's remarks, and the handling line follows.
    for (name, data) in a.iter().filter(|(n, _)| n.ends_with(".cot")) {
        let x = text(data);
        assert!(x.contains("<remarks>[RESTRICTED] "), "{name}");
        assert!(x.contains("Not to be copied. Return after use."), "{name}");
    }
    let pdf = a
        .iter()
        .find(|(n, _)| n.ends_with("-brief-full.pdf"))
        .expect("the brief is attached");
    assert!(
        pdf.0.starts_with("cordon.monaco-state-visit.m1.primary/"),
        "{}",
        pdf.0
    );
    assert!(pdf.1.starts_with(b"%PDF-"));
    // A haven with a phone ATAK can dial (from the plan's emergency contacts where the
    // map has none), and the emergency hospital named as such.
    let all: String = a
        .values()
        .map(|d| String::from_utf8_lossy(d).to_string())
        .collect();
    assert!(
        all.contains("callsign='Centre de secours principal de la Condamine' phone='+37793156699'"),
        "fire station phone"
    );
    assert_eq!(
        all.matches("<contact callsign='Centre hospitalier Princesse Grace'")
            .count(),
        1,
        "the emergency hospital is one marker"
    );
    assert!(
        all.contains("emergency hospital of m1"),
        "the hospital says whose emergency it is"
    );
    assert!(all.contains("method='Walking'"), "the foot movement");
    assert!(all.contains("routetype='Secondary'") && all.contains("routetype='Primary'"));
    // The driver's package carries the driver cards instead.
    let opts = ExportOptions {
        role: Role::Driver,
        movement: Some("m2".into()),
        ..ExportOptions::default()
    };
    let d = package(&p, &opts);
    assert!(d.keys().any(|n| n.ends_with("-brief-driver.pdf")));
    let (uids, _, m) = manifest(&d);
    assert_eq!(uids[0], "cordon.monaco-state-visit.package.m2");
    assert!(m.contains("Monaco state visit (m2)"));
    assert!(
        uids.iter().all(|u| !u.contains(".m1.")),
        "only m2's routes: {uids:?}"
    );
}

fn tak_check() -> Option<PathBuf> {
    let dir = shared().join("tools/tak_check");
    if !have("node", "--version", "Node.js") {
        return None;
    }
    if !dir.join("node_modules/@tak-ps/node-cot").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tak_check's packages are missing in CI (npm ci in {})",
            dir.display()
        );
        eprintln!(
            "note: run `npm ci` in {} to check packages with node-cot",
            dir.display()
        );
        return None;
    }
    Some(dir.join("tak_check.mjs"))
}

#[test]
fn the_independent_reader_lists_every_route_waypoint_and_marker() {
    let Some(checker) = tak_check() else {
        return;
    };
    let p = sample();
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("visit.zip");
    let bytes = cordon::export::bytes(
        ExportKind::Tak,
        &p,
        Some(common::monaco()),
        &ExportOptions::default(),
    )
    .expect("package");
    std::fs::write(&zip, &bytes).expect("write");
    let out = Command::new("node")
        .arg(&checker)
        .arg(&zip)
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("RESULT: OK"), "{report}");
    assert!(!report.contains("ERROR"), "{report}");
    assert!(
        report.contains("MissionPackageManifest version=2"),
        "{report}"
    );
    for m in &p.movements {
        for r in &m.routes {
            let name = format!("callsign=\"{} {}\"", m.id, r.role);
            assert!(report.contains(&name), "{name} not read: {report}");
        }
        for c in &m.checkpoints {
            assert!(
                report.contains(&format!("\"{}\"", c.name)),
                "waypoint {} not read",
                c.name
            );
        }
    }
    assert!(report.contains("type=b-m-p-s-m"), "markers");
    assert!(
        report.contains("callsign=\"Centre hospitalier Princesse Grace\""),
        "{report}"
    );
    assert!(
        report.contains("callsign=\"Hôtel de Paris\""),
        "venue marker"
    );
    assert!(report.contains("type=u-d-f"), "the zone");
    assert!(report.contains("node-cot DataPackage.cots()"), "{report}");
}

#[test]
fn the_command_line_writes_packages_with_a_basemap_and_refuses_nonsense() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("m2.zip");
    let zs = zip.to_string_lossy().to_string();
    let out = cordon(&[
        "export",
        SAMPLE,
        "--format",
        "tak",
        "-o",
        &zs,
        "--movement",
        "m2",
        "--role",
        "driver",
        "--basemap",
        "14-15",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = unzip(&std::fs::read(&zip).expect("zip"));
    let tiles = files
        .iter()
        .find(|(n, _)| n.ends_with(".mbtiles"))
        .expect("the basemap is in the package");
    assert!(tiles.1.starts_with(b"SQLite format 3\0"));
    assert!(text(&files["MANIFEST/manifest.xml"]).contains(".mbtiles"));
    let bad = cordon(&[
        "export",
        SAMPLE,
        "--format",
        "tak",
        "-o",
        &zs,
        "--movement",
        "m9",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no movement 'm9'"));
    let bad = cordon(&["export", SAMPLE, "--format", "gpx", "-o", &zs, "--basemap"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--basemap goes with --format tak"));
    let bad = cordon(&[
        "export",
        SAMPLE,
        "--format",
        "tak",
        "-o",
        &zs,
        "--basemap",
        "9-30",
    ]);
    assert_ne!(bad.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a zoom range"));
}
