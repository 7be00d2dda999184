//! Briefs and exports read back with real tools (pdftotext, pdfinfo, ogrinfo from
//! Debian's poppler-utils and gdal-bin, which `.ci/run` installs) and with the crates'
//! own readers; and the rendered map checked pixel by pixel.

mod common;

use cordon::plan::{self, Plan, RouteRole};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "plans/monaco-state-visit.ron";

use common::cordon;

/// Runs an external tool; `None` (with a note) when it is not installed, except in CI
/// where `.ci/run` installs it and its absence is a failure.
fn tool(name: &str, args: &[&str]) -> Option<String> {
    match Command::new(name).args(args).output() {
        Ok(o) => {
            assert!(
                o.status.success(),
                "{name} {args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            Some(String::from_utf8_lossy(&o.stdout).into_owned())
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{name} is missing in CI: {e}"
            );
            eprintln!(
                "note: {name} not installed, skipping this check (apt-get install poppler-utils gdal-bin)"
            );
            None
        }
    }
}

fn sample() -> Plan {
    plan::load(&common::root().join(SAMPLE)).expect("sample plan")
}

fn out_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_brief_carries_name_marking_checkpoints_and_credit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = out_path(dir.path(), "brief.pdf");
    let out = cordon(&["brief", SAMPLE, "-o", &pdf.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let Some(text) = tool("pdftotext", &["-raw", &pdf.to_string_lossy(), "-"]) else {
        return;
    };
    let text = squash(&text);
    let p = sample();
    assert!(text.contains(&p.name), "plan name");
    assert!(text.contains("RESTRICTED"), "classification marking");
    assert!(text.contains("© OpenStreetMap contributors"), "credit");
    assert!(
        text.contains("Monégasque") || text.contains("Hôtel de Paris"),
        "accented names print right"
    );
    for m in &p.movements {
        for c in &m.checkpoints {
            assert!(
                text.contains(&squash(&c.name)),
                "checkpoint '{}' in the brief",
                c.name
            );
        }
    }
    let info = tool("pdfinfo", &[&pdf.to_string_lossy()]).unwrap_or_default();
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(pages >= 10, "a multi-page brief: {pages}");
    let first = tool(
        "pdftotext",
        &["-f", "1", "-l", "1", &pdf.to_string_lossy(), "-"],
    )
    .unwrap_or_default();
    assert!(
        first.matches("RESTRICTED").count() >= 2,
        "marking at top and bottom of page 1"
    );
    assert!(first.contains(&format!("page 1 of {pages}")));
}

#[test]
fn a_letter_brief_of_one_movement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = out_path(dir.path(), "m2.pdf");
    let out = cordon(&[
        "brief",
        SAMPLE,
        "-o",
        &pdf.to_string_lossy(),
        "--movement",
        "m2",
        "--paper",
        "letter",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(info) = tool("pdfinfo", &[&pdf.to_string_lossy()]) else {
        return;
    };
    assert!(
        info.contains("Page size:       612 x 792 pts (letter)"),
        "{info}"
    );
    let text =
        squash(&tool("pdftotext", &["-raw", &pdf.to_string_lossy(), "-"]).unwrap_or_default());
    assert!(text.contains("Movement m2") && !text.contains("Movement m1:"));
    let bad = cordon(&[
        "brief",
        SAMPLE,
        "-o",
        &pdf.to_string_lossy(),
        "--movement",
        "m9",
    ]);
    assert!(
        !bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("no movement 'm9'")
    );
}

fn export(dir: &Path, format: &str) -> PathBuf {
    let path = out_path(dir, &format!("plan.{format}"));
    let out = cordon(&[
        "export",
        SAMPLE,
        "--format",
        format,
        "-o",
        &path.to_string_lossy(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

fn feature_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.trim().strip_prefix("Feature Count:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn gpx_has_a_route_and_a_track_per_route_and_waypoints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = export(dir.path(), "gpx");
    let p = sample();
    let routes: usize = p.movements.iter().map(|m| m.routes.len()).sum();
    let checkpoints: usize = p.movements.iter().map(|m| m.checkpoints.len()).sum();
    let hospitals = p
        .movements
        .iter()
        .filter(|m| m.route(RouteRole::Emergency).is_some())
        .count();
    let g = gpx::read(std::io::BufReader::new(
        std::fs::File::open(&path).expect("open"),
    ))
    .expect("the gpx crate reads it back");
    assert_eq!(g.version, gpx::GpxVersion::Gpx11);
    assert_eq!(
        (g.routes.len(), g.tracks.len(), g.waypoints.len()),
        (routes, routes, checkpoints + hospitals)
    );
    assert!(g.routes.iter().all(|r| r.points.len() >= 2));
    let Some(_) = tool("ogrinfo", &["--version"]) else {
        return;
    };
    let count = |layer: &str| {
        feature_count(
            &tool("ogrinfo", &["-ro", "-so", &path.to_string_lossy(), layer]).unwrap_or_default(),
        )
    };
    assert_eq!(count("routes"), routes);
    assert_eq!(count("tracks"), routes);
    assert_eq!(count("waypoints"), checkpoints + hospitals);
}

#[test]
fn geojson_and_kml_open_in_gdal_with_every_feature() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = sample();
    let gj = export(dir.path(), "geojson");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&gj).expect("read")).expect("json");
    assert!(v.get("crs").is_none());
    let routes: usize = p.movements.iter().map(|m| m.routes.len()).sum();
    let checkpoints: usize = p.movements.iter().map(|m| m.checkpoints.len()).sum();
    assert_eq!(
        v["features"].as_array().map(Vec::len),
        Some(routes + checkpoints + p.log.len()),
        "a feature per route, checkpoint and log entry"
    );
    let first = &v["features"][0];
    assert_eq!(first["properties"]["role"], "primary");
    assert!(first["properties"]["risk_score"].as_f64().is_some());
    let kml = export(dir.path(), "kml");
    let Some(_) = tool("ogrinfo", &["--version"]) else {
        return;
    };
    assert_eq!(
        feature_count(
            &tool("ogrinfo", &["-ro", "-so", "-al", &gj.to_string_lossy()]).unwrap_or_default()
        ),
        routes + checkpoints + p.log.len()
    );
    let layers = tool("ogrinfo", &["-ro", "-q", &kml.to_string_lossy()]).unwrap_or_default();
    for m in &p.movements {
        let folder = format!("{} {} ({})", m.id, m.name, m.departure);
        assert!(
            layers.contains(&folder),
            "KML folder '{folder}' in {layers}"
        );
        let n = feature_count(
            &tool("ogrinfo", &["-ro", "-so", &kml.to_string_lossy(), &folder]).unwrap_or_default(),
        );
        let hospital = usize::from(m.route(RouteRole::Emergency).is_some());
        assert_eq!(
            n,
            m.routes.len() + m.checkpoints.len() + hospital,
            "{folder}"
        );
    }
}

#[test]
fn csv_is_the_timing_table_with_rfc4180_quoting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = export(dir.path(), "csv");
    let mut r = csv::Reader::from_path(&path).expect("csv");
    assert_eq!(
        r.headers().expect("headers").iter().collect::<Vec<_>>(),
        [
            "time", "movement", "kind", "name", "lat", "lon", "mgrs", "notes"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    let p = sample();
    assert_eq!(
        rows.len(),
        p.movements
            .iter()
            .map(|m| m.checkpoints.len())
            .sum::<usize>()
    );
    assert!(
        rows.iter()
            .any(|row| &row[3] == "Tunnel Pont Cadre, west portal"),
        "a comma inside a quoted field"
    );
    // The plan's grid (MGRS) names the same point as lat and lon, to the metre.
    for row in &rows {
        let lat: f64 = row[4].parse().expect("lat");
        let lon: f64 = row[5].parse().expect("lon");
        let grid = cordon::grid::parse_reference(&row[6]).expect("an MGRS reference");
        let d = cordon::coord::distance_m(grid, geo::Point::new(lon, lat));
        assert!(d < 1.5, "{} is {d:.2} m from {lat},{lon}", &row[6]);
    }
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("\"Tunnel Pont Cadre, west portal\""));
    let times: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap_or("")).collect();
    assert!(
        times
            .windows(2)
            .all(|w| w[0].len() < 5 || w[0][..5] <= w[1][..5.min(w[1].len())]),
        "time order"
    );
}

#[test]
fn exports_refuse_unknown_movements() {
    let out = cordon(&[
        "export",
        SAMPLE,
        "--format",
        "csv",
        "-o",
        "/tmp/never.csv",
        "--movement",
        "m42",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no movement 'm42'"));
}

/// The brief prints the havens stored with the routes (drive times computed with them),
/// and says so when a plan's routes came without them: it routes nothing itself.
#[test]
fn the_brief_prints_the_havens_stored_with_the_routes() {
    let p = sample();
    let m1 = &p.movements[0];
    let havens = m1
        .route(RouteRole::Primary)
        .and_then(|r| r.havens.clone())
        .expect("the sample's primary carries its havens");
    let with_drive = havens
        .iter()
        .find(|h| h.drive_s.is_some())
        .expect("a haven with a drive time");
    let dir = tempfile::tempdir().expect("tempdir");
    let map = cordon::osm::read(common::monaco_path()).expect("map");
    let opts = cordon::export::ExportOptions {
        movement: Some(m1.id.clone()),
        ..Default::default()
    };
    let kind = cordon::export::ExportKind::Brief;
    let pdf = dir.path().join("m1.pdf");
    cordon::export::export(kind, &p, Some(&map), &opts, &pdf).expect("brief");
    let mut old = p.clone();
    for r in &mut old.movements[0].routes {
        r.havens = None;
    }
    let old_pdf = dir.path().join("old.pdf");
    cordon::export::export(kind, &old, Some(&map), &opts, &old_pdf).expect("brief");
    let (Some(text), Some(old_text)) = (
        tool("pdftotext", &["-raw", &pdf.to_string_lossy(), "-"]),
        tool("pdftotext", &["-raw", &old_pdf.to_string_lossy(), "-"]),
    ) else {
        return;
    };
    let (text, old_text) = (squash(&text), squash(&old_text));
    let drive = cordon::format::duration(with_drive.drive_s.unwrap_or_default());
    assert!(
        text.contains(&squash(&with_drive.name)) && text.contains(&drive),
        "{} and its drive {drive} in the brief",
        with_drive.name
    );
    assert!(old_text.contains("Not computed with this plan's routes"));
}

/// Issue 12, item 16: the brief lists and draws via points and avoid zones by name,
/// and prints the map as the plan records it (file name and hash), not a path.
#[test]
fn the_brief_names_vias_zones_and_the_map_file() {
    let mut p = sample();
    p.map.path = "../../somewhere/plans/../maps/monaco.osm.pbf".into();
    let m1 = &mut p.movements[0];
    m1.via.push(cordon::plan::Via {
        name: "Test via Carrefour".into(),
        location: cordon::plan::LonLat(7.4210, 43.7300),
    });
    let ring = vec![
        geo::Coord {
            x: 7.4300,
            y: 43.7400,
        },
        geo::Coord {
            x: 7.4310,
            y: 43.7400,
        },
        geo::Coord {
            x: 7.4310,
            y: 43.7410,
        },
        geo::Coord {
            x: 7.4300,
            y: 43.7400,
        },
    ];
    m1.avoid.push(cordon::routing::AvoidZone {
        name: "Test zone Zulu".into(),
        area: geo::MultiPolygon(vec![geo::Polygon::new(geo::LineString(ring), vec![])]),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let map = cordon::osm::read(common::monaco_path()).expect("map");
    let opts = cordon::export::ExportOptions {
        movement: Some("m1".into()),
        ..Default::default()
    };
    let pdf = dir.path().join("m1.pdf");
    cordon::export::export(
        cordon::export::ExportKind::Brief,
        &p,
        Some(&map),
        &opts,
        &pdf,
    )
    .expect("brief");
    let Some(text) = tool("pdftotext", &["-raw", &pdf.to_string_lossy(), "-"]) else {
        return;
    };
    let text = squash(&text);
    assert!(text.contains("Test via Carrefour"), "the via is listed");
    assert!(
        text.contains("Test zone Zulu (3 corners)"),
        "the zone is listed"
    );
    assert!(
        text.contains("monaco.osm.pbf (SHA-256"),
        "the map by file name"
    );
    assert!(!text.contains("somewhere"), "no folders of the path");
}

/// Issue 12, item 14: the brief's maps mark checkpoints by kind and key the codes.
#[test]
fn the_brief_keys_checkpoint_kinds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(text) = brief_text(dir.path(), "m1.pdf", &["--movement", "m1"]) else {
        return;
    };
    // The legend is drawn into the map image, so it is not text; the codes are
    // explained in the timing table heading instead.
    assert!(
        text.contains("CP = choke point"),
        "the codes are keyed in text"
    );
}

/// Makes the sample plan's brief with `args` in `dir` and returns its text, squashed
/// (`None` where pdftotext is not installed, outside CI).
fn brief_text(dir: &Path, name: &str, args: &[&str]) -> Option<String> {
    let pdf = out_path(dir, name);
    let pdf_s = pdf.to_string_lossy().into_owned();
    let mut all = vec!["brief", SAMPLE, "-o", pdf_s.as_str()];
    all.extend_from_slice(args);
    let out = cordon(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tool("pdftotext", &["-raw", &pdf_s, "-"]).map(|t| squash(&t))
}

/// Words of a PDF with their bounding boxes (`pdftotext -bbox`): text and height.
fn words_with_height(pdf: &Path) -> Option<Vec<(String, f64)>> {
    let html = tool("pdftotext", &["-bbox", &pdf.to_string_lossy(), "-"])?;
    let num = |line: &str, key: &str| -> Option<f64> {
        let at = line.find(key)? + key.len();
        line[at..].split('"').next()?.parse().ok()
    };
    Some(
        html.lines()
            .filter(|l| l.trim_start().starts_with("<word"))
            .filter_map(|l| {
                let h = num(l, "yMax=\"")? - num(l, "yMin=\"")?;
                let text = l.split('>').nth(1)?.split('<').next()?.to_string();
                Some((text, h))
            })
            .collect(),
    )
}

/// Issue 15, item 3: the driver's card for m2 holds m2's turn list in at least 14 pt
/// type, its emergency hospital and the radio channel, and nothing of the other
/// movements or the team roster; every page carries the marking and handling line.
#[test]
fn a_driver_card_holds_its_movement_only_in_large_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    let card = out_path(dir.path(), "m2-driver.pdf");
    let full = out_path(dir.path(), "m2-full.pdf");
    for (role, path) in [("driver", &card), ("full", &full)] {
        let out = cordon(&[
            "brief",
            SAMPLE,
            "-o",
            &path.to_string_lossy(),
            "--movement",
            "m2",
            "--role",
            role,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let Some(text) = tool("pdftotext", &["-raw", &card.to_string_lossy(), "-"]) else {
        return;
    };
    let text = squash(&text);
    let p = sample();
    let m2 = p.movements.iter().find(|m| m.id == "m2").expect("m2");
    let primary = m2.route(RouteRole::Primary).expect("m2 primary");
    for ins in &primary.instructions {
        assert!(text.contains(&squash(&ins.text())), "turn '{}'", ins.text());
    }
    let emergency = m2.route(RouteRole::Emergency).expect("m2 emergency");
    let hospital = emergency.hospital.as_deref().expect("a hospital");
    assert!(text.contains(hospital), "{hospital}");
    assert!(text.contains(&p.comms.channels[0].name));
    for other in p.movements.iter().filter(|m| m.id != "m2") {
        assert!(
            !text.contains(&other.name),
            "another movement: {}",
            other.name
        );
    }
    for member in &p.team.members {
        assert!(!text.contains(&member.name), "the roster: {}", member.name);
    }
    let pages = text.matches("RESTRICTED").count();
    assert!(
        pages >= 2 && pages.is_multiple_of(2),
        "marking top and bottom"
    );
    assert_eq!(
        text.matches("Not to be copied. Return after use.").count(),
        pages / 2,
        "a handling line on every page"
    );
    // Type size: pdftotext's word boxes scale with the font size; the full brief's turn
    // list is 8 pt, so the card's must be at least 14/8 of its height.
    let (Some(card_words), Some(full_words)) = (words_with_height(&card), words_with_height(&full))
    else {
        return;
    };
    let height_of = |words: &[(String, f64)], w: &str| {
        words
            .iter()
            .filter(|(t, _)| t == w)
            .map(|(_, h)| *h)
            .fold(f64::INFINITY, f64::min)
    };
    let eight_pt = height_of(&full_words, "Continue");
    let on_card = height_of(&card_words, "Continue");
    assert!(eight_pt.is_finite() && on_card.is_finite());
    assert!(
        on_card >= eight_pt * 14.0 / 8.0 - 0.01,
        "turn list at {:.1} pt",
        8.0 * on_card / eight_pt
    );
}

/// Issue 15, item 3: the advance team's brief has the posts and who is posted, choke
/// points and havens, but no turn list and no team roster.
#[test]
fn the_advance_brief_has_posts_and_havens_not_turns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(text) = brief_text(dir.path(), "advance.pdf", &["--role", "advance"]) else {
        return;
    };
    assert!(text.contains("posted") && text.contains("Choke points"));
    assert!(text.contains("Safe havens within"));
    assert!(!text.contains("Turn by turn"));
    let p = sample();
    for member in &p.team.members {
        assert!(!text.contains(&member.name), "the roster: {}", member.name);
    }
}
