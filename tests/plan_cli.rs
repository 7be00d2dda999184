//! The plan commands on the sample plan and on damaged copies of it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

const SAMPLE: &str = "plans/monaco-state-visit.ron";

use common::cordon;

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A copy of the sample plan in `dir`, its map path made absolute, edited by `edit`.
fn copy(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let sample = std::fs::read_to_string(common::root().join(SAMPLE)).expect("sample plan");
    let map = common::monaco_path();
    let fixed = sample.replace(
        "path: \"../maps/monaco.osm.pbf\"",
        &format!("path: {:?}", map.to_string_lossy()),
    );
    let p = dir.join(name);
    std::fs::write(&p, edit(fixed)).expect("write copy");
    p
}

#[test]
fn the_sample_plan_checks_clean() {
    let out = cordon(&["plan", "check", SAMPLE]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
}

#[test]
fn the_schedule_increases_along_each_movement() {
    let out = cordon(&["plan", "schedule", SAMPLE, "--json"]);
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json rows");
    assert!(rows.len() > 20);
    let secs = |r: &serde_json::Value| {
        let t = r["time"].as_str().unwrap_or("");
        let n: Vec<u32> = t.split(':').filter_map(|x| x.parse().ok()).collect();
        n[0] * 3600 + n[1] * 60 + n.get(2).copied().unwrap_or(0)
    };
    assert!(
        rows.windows(2).all(|w| secs(&w[0]) <= secs(&w[1])),
        "rows in time order"
    );
    for m in ["m1", "m2", "m3", "m4", "m5", "m6"] {
        let times: Vec<u32> = rows
            .iter()
            .filter(|r| r["movement"] == m)
            .map(secs)
            .collect();
        assert!(times.len() >= 4, "{m}");
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{m}: {times:?}");
        assert!(times.last() > times.first(), "{m} takes time");
    }
    let kinds: std::collections::HashSet<&str> =
        rows.iter().filter_map(|r| r["kind"].as_str()).collect();
    for k in [
        "departure point",
        "arrival point",
        "choke point",
        "safe haven",
        "rally point",
        "holding room",
        "check-in",
        "observation post",
    ] {
        assert!(kinds.contains(k), "the sample uses {k}");
    }
}

#[test]
fn the_sample_plan_has_every_route_role_and_a_team() {
    let plan = cordon_plan::load(&common::root().join(SAMPLE)).expect("loads");
    assert!(plan.movements.len() >= 3);
    for m in plan.movements.iter().filter(|m| m.profile == "motorcade") {
        assert!(
            m.route(cordon_plan::RouteRole::Primary).is_some(),
            "{}",
            m.id
        );
        assert!(
            m.routes
                .iter()
                .any(|r| matches!(r.role, cordon_plan::RouteRole::Alternate(_))),
            "{}",
            m.id
        );
        let e = m
            .route(cordon_plan::RouteRole::Emergency)
            .expect("emergency route");
        assert!(e.hospital.is_some());
    }
    assert!(!plan.team.members.is_empty() && !plan.team.vehicles.is_empty());
    assert!(!plan.comms.channels.is_empty() && !plan.comms.emergency_contacts.is_empty());
}

use cordon::plan as cordon_plan;

#[test]
fn routing_a_plan_twice_writes_identical_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = copy(dir.path(), "p.ron", |s| s);
    let ps = p.to_string_lossy().into_owned();
    assert!(cordon(&["plan", "route", &ps]).status.success());
    let first = std::fs::read(&p).expect("read");
    assert!(cordon(&["plan", "route", &ps]).status.success());
    assert_eq!(std::fs::read(&p).expect("read"), first);
    assert!(dir.path().join("p.ron.bak").exists());
}

#[test]
fn damaged_plans_name_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let full = std::fs::read_to_string(common::root().join(SAMPLE)).expect("sample");
    let truncated = copy(d, "truncated.ron", |s| s[..s.len() / 3].to_string());
    let (_, err) = text(&cordon(&["plan", "check", &truncated.to_string_lossy()]));
    assert!(
        err.starts_with("error: ") && err.contains("truncated.ron:"),
        "{err}"
    );
    let wrong_type = copy(d, "wrong.ron", |s| {
        s.replacen("speed_factor: 1.15", "speed_factor: \"fast\"", 1)
    });
    let out = cordon(&["plan", "check", &wrong_type.to_string_lossy()]);
    let (_, err) = text(&out);
    let line = full
        .lines()
        .position(|l| l.contains("speed_factor: 1.15"))
        .expect("line")
        + 1;
    assert!(!out.status.success());
    assert!(
        err.contains(&format!("wrong.ron:{line}:")),
        "line {line}: {err}"
    );
    let future = copy(d, "future.ron", |s| {
        s.replacen("version: 2,", "version: 3,", 1)
    });
    let (_, err) = text(&cordon(&["plan", "check", &future.to_string_lossy()]));
    assert!(
        err.contains("version 3 is newer than this Cordon understands (2)"),
        "{err}"
    );
}

#[test]
fn plan_check_finds_missing_venues_and_far_checkpoints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = copy(dir.path(), "missing.ron", |s| {
        s.replacen("to: \"hotel\"", "to: \"yacht\"", 1)
    });
    let out = cordon(&["plan", "check", &missing.to_string_lossy()]);
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(
        stdout.contains("error: movement 'm1': its 'to' venue 'yacht' does not exist"),
        "{stdout}"
    );
    // Move the first choke point 800 m east, out to sea: a warning, not an error.
    let far = copy(dir.path(), "far.ron", |s| {
        s.replacen(
            "location: (7.4177043, 43.7265896)",
            "location: (7.4277043, 43.7265896)",
            1,
        )
    });
    let out = cordon(&["plan", "check", &far.to_string_lossy()]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("warning: checkpoint 'm1-c1' of movement 'm1' is")
            && stdout.contains("off its primary route"),
        "{stdout}"
    );
    // A departure before the previous movement is over.
    let early = copy(dir.path(), "early.ron", |s| {
        s.replacen("departure: \"10:40\"", "departure: \"09:35\"", 1)
    });
    let out = cordon(&["plan", "check", &early.to_string_lossy()]);
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(
        stdout.contains("times go backwards: movement 'm2' departs at 09:35"),
        "{stdout}"
    );
}

#[test]
fn a_changed_map_is_noticed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = copy(dir.path(), "p.ron", |s| {
        let i = s.find("sha256: \"").expect("hash") + 9;
        format!("{}{}{}", &s[..i], "0".repeat(64), &s[i + 64..])
    });
    let out = cordon(&["plan", "check", &p.to_string_lossy()]);
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(
        stdout.contains("has changed since the plan was made"),
        "{stdout}"
    );
}

#[test]
fn plan_new_writes_a_loadable_plan_and_will_not_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("new.ron");
    let ps = p.to_string_lossy().into_owned();
    let map = common::monaco_path().to_string_lossy().into_owned();
    assert!(
        cordon(&[
            "plan",
            "new",
            "--map",
            &map,
            "--name",
            "Test visit",
            "-o",
            &ps
        ])
        .status
        .success()
    );
    let plan = cordon_plan::load(&p).expect("loads");
    assert_eq!(plan.name, "Test visit");
    assert_eq!(plan.map.sha256.len(), 64);
    let out = cordon(&["plan", "new", "--map", &map, "--name", "Again", "-o", &ps]);
    assert!(!out.status.success());
    assert!(text(&out).1.contains("exists; pass --force"));
    let out = cordon(&["plan", "check", &ps]);
    assert!(
        out.status.success(),
        "an empty plan is valid: {}",
        text(&out).0
    );
}
