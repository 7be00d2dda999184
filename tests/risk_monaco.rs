//! Risk on the real default map: known structures are reported, havens near hospitals,
//! scores are stable and add up, and a risk weight never makes the chosen route riskier.

mod common;

use common::{edge_midpoint, monaco, random_points};
use cordon::map::{EdgeId, PlaceKind, WayFlags};
use cordon::risk::{HazardKind, RiskContext, RiskModel};
use cordon::routing::{HospitalPolicy, Profiles, RouteOptions, Router};
use geo::Point;

fn car() -> Router<'static> {
    Router::new(
        monaco(),
        Profiles::builtin()
            .expect("profiles")
            .get("car")
            .expect("car")
            .clone(),
    )
}

fn ctx(r: &Router<'static>) -> RiskContext<'static> {
    RiskContext::new(
        r.clone(),
        RiskModel::builtin().expect("model"),
        HospitalPolicy::default(),
    )
}

#[test]
fn a_route_through_a_named_tunnel_reports_that_tunnel() {
    let r = car();
    let c = ctx(&r);
    let g = monaco().graph();
    let mut checked = 0;
    for e in (0..g.edge_count() as EdgeId)
        .filter(|&e| r.allows(e) && g.edge_way(e).flags.contains(WayFlags::TUNNEL))
    {
        let Some(name) = g.edge_way(e).name.as_deref() else {
            continue;
        };
        let before = (0..g.edge_count() as EdgeId).find(|&p| {
            g.head(p) == g.tail(e) && r.allows(p) && g.edge_segment(p) != g.edge_segment(e)
        });
        let after = g
            .out_edges(g.head(e))
            .find(|&n| r.allows(n) && g.edge_segment(n) != g.edge_segment(e));
        let (Some(b), Some(a)) = (before, after) else {
            continue;
        };
        let Ok(route) = r.route(
            &[edge_midpoint(b), edge_midpoint(a)],
            &RouteOptions::default(),
        ) else {
            continue;
        };
        if !route.edge_ids().any(|x| x == e) {
            continue;
        }
        let risk = c.assess(&route, &[]);
        assert!(
            risk.hazards
                .iter()
                .any(|h| h.kind == HazardKind::Tunnel && h.reason.contains(name)),
            "{name}: {:?}",
            risk.hazards
        );
        assert!(
            risk.choke_points
                .iter()
                .any(|cp| cp.reasons.iter().any(|x| x.contains("tunnel")))
        );
        checked += 1;
        if checked >= 5 {
            break;
        }
    }
    assert!(checked >= 3, "Monaco's tunnels: {checked} checked");
}

#[test]
fn a_route_past_a_hospital_has_short_haven_times() {
    let r = car();
    let c = ctx(&r);
    let cardio = monaco()
        .places()
        .iter()
        .find(|p| p.kind == PlaceKind::Hospital && p.emergency == Some(true))
        .expect("a hospital with an emergency department");
    let start = r
        .snap(cardio.location, "origin")
        .expect("a road by the hospital")
        .point;
    let near = Point::new(start.x() + 0.002, start.y() + 0.001);
    let route = r
        .route(&[start, near], &RouteOptions::default())
        .expect("route");
    let risk = c.assess(&route, &[]);
    let max = risk.havens.hospital_max_min.expect("reachable");
    assert!(max < 3.0, "{max} min beside {}", cardio.display_name());
    // Excluding every hospital by plan leaves nowhere to go: coverage says so.
    let none = HospitalPolicy {
        excluded: monaco()
            .places()
            .iter()
            .filter(|p| p.kind == PlaceKind::Hospital)
            .map(|p| p.osm)
            .collect(),
        ..HospitalPolicy::default()
    };
    let c2 = RiskContext::new(r.clone(), RiskModel::builtin().expect("model"), none);
    let risk = c2.assess(&route, &[]);
    assert_eq!(risk.havens.hospital_max_min, None);
    assert_eq!(risk.breakdown.haven_coverage, 20.0);
    assert!(!risk.havens.flagged.is_empty());
}

#[test]
fn scores_are_deterministic_in_range_and_add_up() {
    let r = car();
    let c = ctx(&r);
    for pair in random_points(40, 5).chunks(2) {
        let Ok(route) = r.route(pair, &RouteOptions::default()) else {
            continue;
        };
        let a = c.assess(&route, &[]);
        assert_eq!(a, c.assess(&route, &[]));
        let b = a.breakdown;
        assert!(
            (b.exposure + b.choke_points + b.hazards + b.haven_coverage - a.score).abs() < 1e-9
        );
        assert!((0.0..=100.0).contains(&a.score));
        for cp in &a.choke_points {
            assert!((1.0..=10.0).contains(&cp.score));
            assert_eq!(cp.priority, cp.score >= 8.0);
            assert!(!cp.reasons.is_empty());
        }
    }
}

#[test]
fn a_risk_weight_never_chooses_a_riskier_route() {
    let r = car();
    let c = ctx(&r);
    println!("| pair | fastest score | fastest s | W=4 score | W=4 s | kept |");
    let mut lowered = 0;
    let mut pairs = 0;
    for (i, pair) in random_points(60, 31).chunks(2).enumerate() {
        let Ok(t) = c.safer_route(pair, &RouteOptions::default(), 4.0) else {
            continue;
        };
        pairs += 1;
        assert!(t.chosen.risk.score <= t.fastest.risk.score, "pair {i}");
        assert!(t.chosen.route.duration_s >= t.fastest.route.duration_s - 1e-6);
        lowered += usize::from(t.chosen.risk.score < t.fastest.risk.score);
        println!(
            "| {i} | {:.1} | {:.0} | {:.1} | {:.0} | {} |",
            t.fastest.risk.score,
            t.fastest.route.duration_s,
            t.chosen.risk.score,
            t.chosen.route.duration_s,
            if t.note.is_some() {
                "fastest"
            } else {
                "weighted"
            }
        );
        if pairs == 20 {
            break;
        }
    }
    assert_eq!(pairs, 20);
    assert!(
        lowered >= 5,
        "the weight finds safer routes on some pairs: {lowered}"
    );
}

use common::cordon;

#[test]
fn risk_json_has_the_documented_keys() {
    let out = cordon(&[
        "risk",
        "maps/monaco.osm.pbf",
        "--from",
        "43.7485,7.4380",
        "--to",
        "43.7275,7.4150",
        "--risk-weight",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let score = v["score"].as_f64().expect("score");
    assert!((0.0..=100.0).contains(&score));
    assert!(v["band"].is_string());
    let sum: f64 = v["breakdown"]
        .as_object()
        .expect("breakdown")
        .values()
        .filter_map(|x| x.as_f64())
        .sum();
    assert!((sum - score).abs() < 1e-9, "{sum} vs {score}");
    let cp = &v["choke_points"][0];
    assert!(
        cp["location"].is_object() && cp["score"].as_f64().is_some() && cp["reasons"].is_array()
    );
    let h = &v["havens"];
    assert!(
        h["hospital_max_min"].as_f64().is_some()
            && h["hospital_mean_min"].as_f64().is_some()
            && h["flagged"].is_array()
    );
    assert!(v["duration_s"].as_f64().is_some() && v["length_m"].as_f64().is_some());
    assert!(v["fastest"]["score"].as_f64().expect("fastest") >= score);
    assert!(
        v["candidates"]
            .as_array()
            .is_some_and(|c| c.iter().any(|x| x["pareto"] == true))
    );
}

#[test]
fn risk_geojson_adds_hazards_as_points() {
    let out = cordon(&[
        "risk",
        "maps/monaco.osm.pbf",
        "--from",
        "Hôtel de Paris",
        "--to",
        "Palais Princier",
        "--format",
        "geojson",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let feats = v["features"].as_array().expect("features");
    assert_eq!(feats[0]["geometry"]["type"], "LineString");
    assert!(
        feats
            .iter()
            .any(|f| f["properties"]["role"] == "hazard" && f["geometry"]["type"] == "Point")
    );
    assert!(
        feats
            .iter()
            .any(|f| f["properties"]["role"] == "choke_point")
    );
}

#[test]
fn venue_reports_context_and_scores_by_method() {
    let out = cordon(&[
        "venue",
        "maps/monaco.osm.pbf",
        "--at",
        "Casino de Monte Carlo",
        "--scores",
        "3,4,5",
        "--assessor",
        "J. Doe",
        "--date",
        "2026-11-23",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["context"]["hospital"]["drive_time_s"].as_f64().is_some());
    assert!(v["context"]["police"]["name"].is_string());
    assert!(v["context"]["access_points"].as_u64().unwrap_or(0) >= 2);
    assert!(v["context"]["crowd_places"].is_array());
    assert_eq!(v["assessment"]["score"], 60.0);
    assert_eq!(v["assessment"]["band"], "high");
    assert_eq!(
        v["assessment"]["factors"],
        serde_json::json!([3.0, 4.0, 5.0])
    );
    assert!(v["method"].as_str().unwrap_or("").contains("critical"));
    let bad = cordon(&[
        "venue",
        "maps/monaco.osm.pbf",
        "--at",
        "casino",
        "--scores",
        "3,9,5",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("vulnerability = 9"));
}

#[test]
fn a_malformed_risk_model_file_names_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("model.ron");
    std::fs::write(&path, "(\n  version: 1,\n  hazards: oops,\n)\n").expect("write");
    let out = cordon(&[
        "risk",
        "maps/monaco.osm.pbf",
        "--from",
        "casino",
        "--to",
        "43.7355,7.4225",
        "--risk-model",
        &path.to_string_lossy(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("model.ron:3:"), "{err}");
}

/// Havens beside a route: in route order, inside the corridor, and each drive time is
/// the one `havens --by time` measures (`Router::drive`) from that point of the route.
#[test]
fn havens_along_a_route_are_in_order_with_drive_times() {
    let r = car();
    let route = r
        .route(
            &[Point::new(7.4172, 43.7265), Point::new(7.4275, 43.7392)],
            &RouteOptions::default(),
        )
        .expect("route");
    let stops = cordon::risk::havens_along(&r, &route.geometry.0, cordon::risk::HAVEN_CORRIDOR_M);
    assert!(stops.len() >= 3, "{stops:?}");
    assert!(stops.windows(2).all(|w| w[0].along_m <= w[1].along_m));
    assert!(
        stops
            .iter()
            .all(|s| s.off_route_m <= cordon::risk::HAVEN_CORRIDOR_M)
    );
    let line = cordon::coord::MeasuredLine::new(&route.geometry.0);
    for s in &stops {
        let from = line.point_at(s.along_m).expect("on the route");
        let drive = r.drive(from, s.location, &RouteOptions::default());
        assert_eq!(s.drive_s, drive.map(|d| d.0), "{}", s.name);
    }
}

/// Issue 12, item 10: adopting an alternate or a route found at a risk weight makes it
/// the primary when the routes are computed, the former primary stays as alternate 1,
/// and the time-against-risk table scores the new primary as the routes table does.
#[test]
fn an_adopted_route_becomes_the_primary_and_the_fastest_an_alternate() {
    use cordon::plan::{self, RouteRole, edit};
    use cordon::risk::PrimaryRule;
    let path = common::root().join("plans/monaco-state-visit.ron");
    let mut p = plan::load(&path).expect("sample plan");
    plan::route_plan(&mut p, monaco(), 2).expect("routes");
    let before = p.movements[0].clone();
    let fastest = before.route(RouteRole::Primary).expect("primary");
    let alt1 = before.route(RouteRole::Alternate(1)).expect("alternate 1");
    assert_eq!(fastest.found_by, Some(PrimaryRule::Fastest));
    assert_eq!(alt1.found_by, Some(PrimaryRule::Alternate(1)));

    assert!(edit::set_primary(&mut p, 0, PrimaryRule::Alternate(1)));
    assert!(!edit::set_primary(&mut p, 0, PrimaryRule::Alternate(1)));
    assert_eq!(p.drop_stale_routes(), 1, "the choice is a route input");
    plan::route_plan(&mut p, monaco(), 2).expect("routes");
    let m = &p.movements[0];
    let primary = m.route(RouteRole::Primary).expect("primary");
    let former = m.route(RouteRole::Alternate(1)).expect("alternate 1");
    assert_eq!(primary.geometry, alt1.geometry);
    assert_eq!(primary.found_by, Some(PrimaryRule::Alternate(1)));
    assert_eq!(former.geometry, fastest.geometry);
    assert_eq!(former.found_by, Some(PrimaryRule::Fastest));
    assert!(former.shared_fraction.is_some());
    assert!(m.route(RouteRole::Emergency).is_some());
    assert!(
        plan::check(&p, Some(monaco()), None)
            .iter()
            .all(|i| !i.message.contains("should be")),
        "the rule was met"
    );

    let rc = plan::RoutingContext::new(
        monaco(),
        &p,
        &Profiles::builtin().expect("profiles"),
        &m.profile,
        &m.id,
    )
    .expect("context");
    let cands = plan::explore_movement(&rc, &p, 0).expect("candidates");
    let shown = cands.iter().find(|c| c.primary).expect("the primary");
    assert_eq!(shown.rule, PrimaryRule::Alternate(1));
    assert_eq!(
        Some(shown.score),
        primary.risk.as_ref().map(|k| k.score),
        "one route, one score"
    );
    assert!(shown.found_by.starts_with("primary"), "{}", shown.found_by);

    // A weight no alternate number can name: the weighted route is the primary.
    edit::set_primary(&mut p, 0, PrimaryRule::RiskWeight(8.0));
    p.drop_stale_routes();
    plan::route_plan(&mut p, monaco(), 2).expect("routes");
    let m = &p.movements[0];
    let primary = m.route(RouteRole::Primary).expect("primary");
    assert_eq!(primary.found_by, Some(PrimaryRule::RiskWeight(8.0)));
    let text = ron::to_string(&p).expect("ron");
    assert!(text.contains("primary:risk_weight(8.0)"), "saved as a rule");
}
