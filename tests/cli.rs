//! The command line as a user meets it: JSON shapes, exit codes, one-line errors.

mod common;

use std::process::Output;

use common::cordon;

fn stdout_json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// A failed command: non-zero exit, one line on stderr beginning "error:", no panic.
fn assert_clean_failure(out: &Output, must_mention: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(must_mention), "'{must_mention}' in: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn inspect_json_has_the_documented_keys() {
    let v = stdout_json(&cordon(&["inspect", "maps/monaco.osm.pbf", "--json"]));
    assert_eq!(v["nodes"], 30626);
    assert_eq!(v["ways"], 4846);
    assert_eq!(v["relations"], 290);
    assert!(v["road_graph"]["nodes"].as_u64().unwrap_or(0) > 1000);
    assert!(v["road_graph"]["edges"].as_u64().unwrap_or(0) > 2000);
    assert_eq!(v["places"]["hospital"], 7);
    assert_eq!(v["places"]["police"], 9);
    assert_eq!(v["places"]["fire_station"], 2);
    assert_eq!(v["places"]["embassy"], 9);
    let bbox = v["bbox"].as_array().expect("bbox array");
    assert_eq!(bbox.len(), 4);
    assert!(bbox[0].as_f64() < bbox[2].as_f64() && bbox[1].as_f64() < bbox[3].as_f64());
    assert!(v["load_ms"].as_f64().is_some());
    assert!(v["road_length_km"]["primary"].as_f64().unwrap_or(0.0) > 1.0);
}

#[test]
fn inspect_text_names_the_counts() {
    let out = cordon(&["inspect", "maps/monaco.osm.pbf"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("30626 nodes") && text.contains("hospital") && text.contains("load time")
    );
}

#[test]
fn find_lists_hits_with_kind_name_and_position() {
    let v = stdout_json(&cordon(&[
        "find",
        "maps/monaco.osm.pbf",
        "casino",
        "--json",
        "--limit",
        "3",
    ]));
    let hits = v.as_array().expect("list");
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0]["kind"], "casino");
    assert!(
        hits[0]["name"]
            .as_str()
            .unwrap_or("")
            .starts_with("Casino de Monte")
    );
    assert!(hits[0]["lat"].as_f64().is_some() && hits[0]["lon"].as_f64().is_some());
    let out = cordon(&["find", "maps/monaco.osm.pbf", "Palais Princier"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Palais"));
}

#[test]
fn havens_lists_each_kind_with_distance_and_phone() {
    let v = stdout_json(&cordon(&[
        "havens",
        "maps/monaco.osm.pbf",
        "--at",
        "43.7384,7.4246",
        "--json",
        "--limit",
        "2",
    ]));
    let rows = v.as_array().expect("list");
    for kind in ["hospital", "police", "fire_station", "embassy"] {
        assert_eq!(
            rows.iter().filter(|r| r["kind"] == kind).count(),
            2,
            "{kind}"
        );
    }
    assert!(rows.iter().all(|r| r["distance_m"].as_f64().is_some()));
    assert!(rows.iter().any(|r| r["phone"].is_string()));
}

#[test]
fn bad_map_files_fail_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("empty.osm.pbf"), b"").expect("write");
    std::fs::write(d.join("text.osm.pbf"), b"hello, this is not a map\n").expect("write");
    let real = std::fs::read(common::monaco_path()).expect("read");
    std::fs::write(d.join("cut.osm.pbf"), &real[..real.len() / 3]).expect("write");
    let path = |n: &str| d.join(n).to_string_lossy().into_owned();
    assert_clean_failure(
        &cordon(&["inspect", &path("missing.osm.pbf")]),
        "missing.osm.pbf",
    );
    assert_clean_failure(&cordon(&["inspect", &path("")]), "is a directory");
    assert_clean_failure(&cordon(&["inspect", &path("empty.osm.pbf")]), "empty");
    assert_clean_failure(
        &cordon(&["inspect", &path("text.osm.pbf")]),
        "not a valid .osm.pbf",
    );
    assert_clean_failure(&cordon(&["inspect", &path("cut.osm.pbf")]), "truncated");
    assert_clean_failure(&cordon(&["find", &path("cut.osm.pbf"), "x"]), "cut.osm.pbf");
}

#[test]
fn bad_coordinates_fail_cleanly() {
    let m = "maps/monaco.osm.pbf";
    assert_clean_failure(
        &cordon(&["havens", m, "--at", "48.8566,2.3522"]),
        "outside the map",
    );
    assert_clean_failure(
        &cordon(&["havens", m, "--at", "monaco"]),
        "'monaco' is not a coordinate",
    );
    assert_clean_failure(
        &cordon(&["havens", m, "--at", "43.7,x"]),
        "not a coordinate",
    );
    assert_clean_failure(&cordon(&["havens", m, "--at", "95,7.4"]), "out of range");
    assert_clean_failure(
        &cordon(&["havens", m, "--at", "-43.7,-7.4"]),
        "outside the map",
    );
}

#[test]
fn route_geojson_is_a_feature_collection_of_lon_lat_lines() {
    let v = stdout_json(&cordon(&[
        "route",
        "maps/monaco.osm.pbf",
        "--from",
        "Hôtel de Paris",
        "--to",
        "43.7355,7.4225",
        "--alternatives",
        "2",
        "--format",
        "geojson",
    ]));
    assert_eq!(v["type"], "FeatureCollection");
    assert!(v.get("crs").is_none(), "RFC 7946 has no crs member");
    let lines: Vec<&serde_json::Value> = v["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| f["geometry"]["type"] == "LineString")
        .collect();
    assert!(!lines.is_empty());
    assert_eq!(lines[0]["properties"]["role"], "primary");
    for f in &lines {
        let p = &f["properties"];
        assert!(
            p["length_m"].as_f64().unwrap_or(0.0) > 100.0 && p["duration_s"].as_f64().is_some()
        );
        let first = &f["geometry"]["coordinates"][0];
        let (lon, lat) = (
            first[0].as_f64().unwrap_or(0.0),
            first[1].as_f64().unwrap_or(0.0),
        );
        assert!(
            (7.3..7.5).contains(&lon) && (43.7..43.8).contains(&lat),
            "lon,lat order"
        );
    }
    for alt in lines
        .iter()
        .filter(|f| f["properties"]["role"] == "alternate")
    {
        assert!(alt["properties"]["shared_fraction"].as_f64().unwrap_or(1.0) <= 0.6);
    }
}

#[test]
fn route_text_lists_turn_by_turn_directions() {
    let out = cordon(&[
        "route",
        "maps/monaco.osm.pbf",
        "--from",
        "casino",
        "--to",
        "Palais Princier",
        "--via",
        "43.7355,7.4225",
        "--profile",
        "motorcade",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("primary (motorcade, fastest)"));
    assert!(
        text.contains("Depart")
            && text.contains("Reach the via point")
            && text.contains("Arrive at the destination")
    );
}

#[test]
fn route_batch_prints_one_line_per_pair_and_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pairs = dir.path().join("pairs.txt");
    std::fs::write(
        &pairs,
        "# lon1 lat1 lon2 lat2\n7.4280 43.7391 7.4225 43.7355\n7.4400 43.7280 7.4225 43.7355\n",
    )
    .expect("write");
    let out = cordon(&[
        "route",
        "maps/monaco.osm.pbf",
        "--pairs",
        &pairs.to_string_lossy(),
        "--format",
        "tsv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].split('\t').count(),
        5,
        "length, time, query µs, snap at each end"
    );
    assert!(
        rows[1].starts_with("NA\tNA\t"),
        "the sea point fails: {}",
        rows[1]
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 pairs, 1 failed") && err.contains("median"),
        "{err}"
    );
    std::fs::write(&pairs, "7.4280 43.7391 7.4225\n").expect("write");
    let out = cordon(&[
        "route",
        "maps/monaco.osm.pbf",
        "--pairs",
        &pairs.to_string_lossy(),
        "--format",
        "tsv",
    ]);
    assert_clean_failure(&out, "pairs.txt:1");
}

#[test]
fn route_errors_are_one_line() {
    let m = "maps/monaco.osm.pbf";
    assert_clean_failure(
        &cordon(&["route", m, "--from", "nowhere-at-all", "--to", "casino"]),
        "'nowhere-at-all' is neither",
    );
    assert_clean_failure(
        &cordon(&["route", m, "--from", "casino", "--to", "43.728,7.440"]),
        "no road usable by 'car' within 250 m of the destination",
    );
    assert_clean_failure(
        &cordon(&["route", m, "--from", "casino", "--to", "48.85,2.35"]),
        "outside the map",
    );
    assert_clean_failure(
        &cordon(&[
            "route",
            m,
            "--from",
            "casino",
            "--to",
            "port",
            "--profile",
            "tank",
        ]),
        "unknown profile 'tank'",
    );
    assert_clean_failure(
        &cordon(&[
            "route",
            m,
            "--from",
            "casino",
            "--to",
            "port",
            "--avoid",
            "missing.geojson",
        ]),
        "missing.geojson",
    );
}

#[test]
fn havens_by_time_show_drive_time_and_straight_line() {
    let v = stdout_json(&cordon(&[
        "havens",
        "maps/monaco.osm.pbf",
        "--at",
        "43.7392,7.4280",
        "--by",
        "time",
        "--json",
        "--limit",
        "3",
    ]));
    let rows = v.as_array().expect("rows");
    let hospitals: Vec<f64> = rows
        .iter()
        .filter(|r| r["kind"] == "hospital")
        .map(|r| r["drive_time_s"].as_f64().unwrap_or(f64::MAX))
        .collect();
    assert_eq!(hospitals.len(), 3);
    assert!(
        hospitals.windows(2).all(|w| w[0] <= w[1]),
        "ordered by drive time: {hospitals:?}"
    );
    assert!(rows.iter().all(|r| r["distance_m"].as_f64().is_some()));
}

#[test]
fn emergency_names_the_hospital_and_its_route() {
    let out = cordon(&["emergency", "maps/monaco.osm.pbf", "--at", "43.7392,7.4280"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.starts_with("emergency: ") && text.contains("why: ") && text.contains("Arrive"));
}

/// Issue 14, items 2 and 3: devices, pipes and malformed shapes given as inputs fail at
/// once with one line naming the file and what is wrong (they ate memory, blocked or
/// panicked).
#[cfg(unix)]
#[test]
fn device_inputs_and_bad_zones_fail_at_once() {
    let map = "maps/monaco.osm.pbf";
    let from = ["--from", "43.7392,7.4275", "--to", "43.7355,7.4225"];
    let mut args = vec!["route", map, "--pairs", "/dev/zero"];
    let out = cordon(&args);
    assert_clean_failure(&out, "not a regular file");
    args = vec!["route", map, "--avoid", "/dev/zero"];
    args.extend(from);
    assert_clean_failure(&cordon(&args), "not a regular file");
    args = vec!["route", map, "--profiles", "/dev/zero"];
    args.extend(from);
    assert_clean_failure(&cordon(&args), "not a regular file");
    assert_clean_failure(&cordon(&["inspect", "/dev/zero"]), "device, pipe or socket");
    assert_clean_failure(
        &cordon(&["plan", "check", "/dev/zero"]),
        "not a regular file",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let zones = dir.path().join("z.geojson");
    std::fs::write(
        &zones,
        r#"{"type":"Feature","properties":{"name":"Port"},"geometry":{"type":"Polygon","coordinates":[[[7.42],[7.43],[7.44],[7.42]]]}}"#,
    )
    .unwrap();
    args = vec!["route", map, "--avoid", zones.to_str().unwrap()];
    args.extend(from);
    assert_clean_failure(&cordon(&args), "feature 1 ('Port'), ring 1");
    // A plan whose map is a device: plan check reports it instead of hashing for ever.
    let plan = dir.path().join("p.ron");
    let text = std::fs::read_to_string(common::root().join("plans/monaco-state-visit.ron"))
        .unwrap()
        .replacen("\"../maps/monaco.osm.pbf\"", "\"/dev/zero\"", 1);
    std::fs::write(&plan, text).unwrap();
    let out = cordon(&["plan", "check", plan.to_str().unwrap()]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("/dev/zero"), "{all}");
    // Item 11: an export never replaces a device.
    let sample = common::root().join("plans/monaco-state-visit.ron");
    let out = cordon(&[
        "export",
        sample.to_str().unwrap(),
        "--format",
        "gpx",
        "-o",
        "/dev/null",
    ]);
    assert_clean_failure(&out, "not a regular file");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// Issue 14, item 11: an error is reported without a panic even when stderr cannot be
/// written (here `/dev/full`): exit code 1, not an abort (134).
#[cfg(unix)]
#[test]
fn an_unwritable_stderr_does_not_turn_an_error_into_an_abort() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(["inspect", "no-such-map.osm.pbf"])
        .stderr(full)
        .output()
        .expect("run cordon");
    assert_eq!(out.status.code(), Some(1), "{:?}", out.status);
}

#[test]
fn reach_prints_areas_that_grow_with_time_and_refuses_nonsense() {
    let map = "maps/monaco.osm.pbf";
    let out = cordon(&[
        "reach",
        map,
        "--at",
        "Hôtel de Paris",
        "--minutes",
        "2,5",
        "--geojson",
    ]);
    let v = stdout_json(&out);
    let features = v["features"].as_array().expect("features");
    assert_eq!(features.len(), 2);
    let area = |i: usize| {
        features[i]["properties"]["area_km2"]
            .as_f64()
            .expect("area")
    };
    assert!(
        area(0) > 0.05 && area(1) >= area(0),
        "{} then {}",
        area(0),
        area(1)
    );
    assert_eq!(features[1]["properties"]["minutes"], 5.0);
    assert_eq!(features[0]["geometry"]["type"], "MultiPolygon");
    let text = cordon(&["reach", map, "--at", "43.7390,7.4275", "--profile", "foot"]);
    assert!(text.status.success());
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(t.contains("reach by foot") && t.contains("10 min:"), "{t}");
    assert_clean_failure(
        &cordon(&["reach", map, "--at", "43.7390,7.4275", "--minutes", "0"]),
        "--minutes",
    );
    assert_clean_failure(
        &cordon(&["reach", map, "--at", "48.85,2.35"]),
        "outside the map",
    );
}

#[test]
fn reach_of_a_venue_names_stations_their_drive_and_whether_they_cover_it() {
    let map = "maps/monaco.osm.pbf";
    let out = cordon(&[
        "reach",
        map,
        "--at",
        "Hôtel de Paris",
        "--stations",
        "2",
        "--geojson",
    ]);
    let v = stdout_json(&out);
    let features = v["features"].as_array().expect("features");
    // Two police and two hospitals, 5 and 10 minutes each, and the walk.
    assert_eq!(features.len(), 2 * 2 * 2 + 1, "{v}");
    let mut kinds = std::collections::BTreeSet::new();
    for f in features
        .iter()
        .filter(|f| f["properties"]["profile"] == "car")
    {
        let p = &f["properties"];
        kinds.insert(p["kind"].as_str().expect("kind").to_string());
        let (Some(to), Some(minutes)) = (p["to_venue_s"].as_f64(), p["minutes"].as_f64()) else {
            panic!("times: {p}");
        };
        // A station that drives to the venue in time has the venue in its area.
        if to <= minutes * 60.0 {
            assert_eq!(p["covers_venue"], true, "{p}");
        }
    }
    assert_eq!(kinds.len(), 2, "police and hospital: {kinds:?}");
    let text = cordon(&["reach", map, "--at", "Hôtel de Paris", "--stations", "1"]);
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(
        t.contains("police (by car") && t.contains("hospitals (by car"),
        "{t}"
    );
    assert!(
        t.contains("to the venue") && t.contains("walk from the venue"),
        "{t}"
    );
}
