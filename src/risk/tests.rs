//! Each detector on small hand-built maps, and the properties every score has.

use super::*;
use crate::map::Map;
use crate::osm::testing;
use crate::routing::{Profiles, Route, RouteOptions};
use geo::Point;

type Tags<'a> = &'a [(&'a str, &'a str)];
const RES: Tags = &[("highway", "residential")];

/// Node `id` at column `c`, row `r` of a 100 m grid near Monaco.
fn at(c: f64, r: f64) -> (f64, f64) {
    (7.42 + c * 0.00124, 43.73 + r * 0.0009)
}

fn node(id: i64, c: f64, r: f64) -> testing::N<'static> {
    let (x, y) = at(c, r);
    (id, x, y, &[])
}

fn car(map: &Map) -> Router<'_> {
    Router::new(
        map,
        Profiles::builtin().unwrap().get("car").unwrap().clone(),
    )
}

fn ctx<'m>(router: &Router<'m>) -> RiskContext<'m> {
    RiskContext::new(
        router.clone(),
        RiskModel::builtin().unwrap(),
        HospitalPolicy::default(),
    )
}

fn point(c: f64, r: f64) -> Point<f64> {
    let (x, y) = at(c, r);
    Point::new(x, y)
}

fn route(router: &Router, pts: &[Point<f64>]) -> Route {
    router.route(pts, &RouteOptions::default()).unwrap()
}

fn kinds(risk: &RouteRisk) -> Vec<HazardKind> {
    risk.hazards.iter().map(|h| h.kind).collect()
}

#[test]
fn a_tunnel_with_no_way_around_is_a_choke_point_with_a_forced_path() {
    // 1 -- 2 ==tunnel== 3 -- 4, nothing else.
    let m = testing::map(
        &[
            node(1, 0.0, 0.0),
            node(2, 1.0, 0.0),
            node(3, 4.0, 0.0),
            node(4, 5.0, 0.0),
        ],
        &[
            (10, &[1, 2], RES),
            (
                11,
                &[2, 3],
                &[
                    ("highway", "residential"),
                    ("tunnel", "yes"),
                    ("name", "Tunnel A"),
                ],
            ),
            (12, &[3, 4], RES),
        ],
    );
    let r = car(&m);
    let c = ctx(&r);
    let risk = c.assess(&route(&r, &[point(0.5, 0.0), point(4.5, 0.0)]), &[]);
    let tunnel = risk
        .hazards
        .iter()
        .find(|h| h.kind == HazardKind::Tunnel)
        .expect("the tunnel is reported");
    assert!(
        tunnel.reason.contains("Tunnel A") && tunnel.length_m > 250.0,
        "{tunnel:?}"
    );
    let choke = risk
        .choke_points
        .iter()
        .find(|cp| cp.reasons.iter().any(|r| r.contains("tunnel")))
        .expect("a choke point");
    assert!(
        choke.reasons.iter().any(|r| r.starts_with("no way around")),
        "{choke:?}"
    );
    assert!(
        choke.score >= 8.0 && choke.priority,
        "tunnel 6 + forced path 2: {choke:?}"
    );
}

#[test]
fn a_way_around_removes_the_forced_path_bonus() {
    // Tunnel 2-3 with a surface road 2-5-6-3 beside it.
    let m = testing::map(
        &[
            node(1, 0.0, 0.0),
            node(2, 1.0, 0.0),
            node(3, 4.0, 0.0),
            node(4, 5.0, 0.0),
            node(5, 1.0, 1.0),
            node(6, 4.0, 1.0),
        ],
        &[
            (10, &[1, 2], RES),
            (11, &[2, 3], &[("highway", "primary"), ("tunnel", "yes")]),
            (12, &[3, 4], RES),
            (13, &[2, 5, 6, 3], RES),
        ],
    );
    let r = car(&m);
    let c = ctx(&r);
    let risk = c.assess(&route(&r, &[point(0.5, 0.0), point(4.5, 0.0)]), &[]);
    let choke = risk
        .choke_points
        .iter()
        .find(|cp| cp.reasons.iter().any(|r| r.contains("tunnel")))
        .expect("a choke point");
    assert!(
        !choke.reasons.iter().any(|r| r.starts_with("no way around")),
        "{choke:?}"
    );
    assert_eq!(choke.score, 6.0);
    assert!(!choke.priority);
}

#[test]
fn a_destination_up_a_cul_de_sac_is_a_dead_end() {
    // Main road 1-2-3 with a spur 2-4 that ends nowhere.
    let m = testing::map(
        &[
            node(1, 0.0, 0.0),
            node(2, 2.0, 0.0),
            node(3, 4.0, 0.0),
            node(4, 2.0, 2.0),
        ],
        &[
            (10, &[1, 2, 3], RES),
            (
                11,
                &[2, 4],
                &[("highway", "residential"), ("name", "Impasse")],
            ),
        ],
    );
    let r = car(&m);
    let c = ctx(&r);
    let into_spur = c.assess(&route(&r, &[point(0.5, 0.0), point(2.0, 1.6)]), &[]);
    let impasse = |risk: &RouteRisk| {
        risk.hazards.iter().any(|h| {
            h.kind == HazardKind::DeadEnd && h.reason.contains("destination is on Impasse")
        })
    };
    assert!(impasse(&into_spur), "{:?}", into_spur.hazards);
    let through = c.assess(&route(&r, &[point(0.5, 0.0), point(3.5, 0.0)]), &[]);
    assert!(!impasse(&through), "{:?}", through.hazards);
}

#[test]
fn a_long_stretch_without_side_roads_has_no_escape() {
    // 1-2-3-4-5-6 straight, 500 m between 2 and 5 with no side road; side roads at 2 and 5.
    let nodes = [
        node(1, 0.0, 0.0),
        node(2, 1.0, 0.0),
        node(3, 3.0, 0.0),
        node(4, 5.0, 0.0),
        node(5, 6.0, 0.0),
        node(6, 7.0, 0.0),
        node(7, 1.0, 1.0),
        node(8, 6.0, 1.0),
    ];
    let ways: Vec<testing::W> = vec![
        (10, &[1, 2, 3, 4, 5, 6], RES),
        (11, &[2, 7], RES),
        (12, &[5, 8], RES),
    ];
    let m = testing::map(&nodes, &ways);
    let r = car(&m);
    let c = ctx(&r);
    // Nodes 3 and 4 are not intersections, so the graph has one segment 2-5: put a
    // signal-free side road in the middle to compare.
    let risk = c.assess(&route(&r, &[point(0.5, 0.0), point(6.5, 0.0)]), &[]);
    assert!(
        !kinds(&risk).contains(&HazardKind::NoEscape),
        "a single 500 m segment between two junctions: {:?}",
        kinds(&risk)
    );
    // The same street cut into pieces by junctions with dead-end stubs only one way out.
    let mut ways = ways.clone();
    let stub_nodes = [node(20, 3.0, -0.3), node(21, 5.0, -0.3)];
    let mut nodes = nodes.to_vec();
    nodes.extend(stub_nodes);
    ways.push((
        13,
        &[3, 20],
        &[("highway", "residential"), ("oneway", "-1")],
    ));
    ways.push((
        14,
        &[4, 21],
        &[("highway", "residential"), ("oneway", "-1")],
    ));
    let m2 = testing::map(&nodes, &ways);
    let r2 = car(&m2);
    let c2 = ctx(&r2);
    let risk = c2.assess(&route(&r2, &[point(0.5, 0.0), point(6.5, 0.0)]), &[]);
    let h = risk
        .hazards
        .iter()
        .find(|h| h.kind == HazardKind::NoEscape)
        .expect("no escape over 500 m");
    assert!(h.length_m >= 400.0, "{h:?}");
}

#[test]
fn slow_streets_over_a_length_are_slow_stretches() {
    let m = testing::map(
        &[
            node(1, 0.0, 0.0),
            node(2, 1.0, 0.0),
            node(3, 3.0, 0.0),
            node(4, 4.0, 0.0),
        ],
        &[
            (10, &[1, 2], RES),
            (11, &[2, 3], &[("highway", "living_street")]),
            (12, &[3, 4], RES),
        ],
    );
    let r = car(&m);
    let c = ctx(&r);
    let risk = c.assess(&route(&r, &[point(0.5, 0.0), point(3.5, 0.0)]), &[]);
    let slow = risk
        .hazards
        .iter()
        .find(|h| h.kind == HazardKind::SlowStretch)
        .expect("slow stretch");
    assert!(
        slow.length_m > 190.0 && slow.reason.contains(" s)"),
        "{slow:?}"
    );
    assert!(
        kinds(&risk).contains(&HazardKind::NarrowStreet),
        "living streets are narrow too"
    );
}

#[test]
fn primary_and_alternate_converging_is_reported_away_from_the_ends() {
    // Two parallel roads that merge into one shared 400 m road in the middle.
    let nodes = [
        node(1, 0.0, 0.0),
        node(2, 2.0, 0.0),
        node(3, 2.0, 1.0),
        node(4, 0.0, 1.0),
        node(5, 6.0, 0.5),
        node(6, 2.5, 0.5),
        node(7, 8.0, 0.0),
        node(8, 8.0, 1.0),
        node(9, 10.0, 0.0),
        node(10, 10.0, 1.0),
    ];
    let m = testing::map(
        &nodes,
        &[
            (20, &[1, 2, 6], RES),
            (21, &[4, 3, 6], RES),
            (22, &[6, 5], RES),
            (23, &[5, 7, 9], RES),
            (24, &[5, 8, 10], RES),
        ],
    );
    let r = car(&m);
    let c = ctx(&r);
    let a = route(&r, &[point(0.2, 0.0), point(9.8, 0.0)]);
    let b = route(&r, &[point(0.2, 1.0), point(9.8, 1.0)]);
    let risk = c.assess(&a, &[&b]);
    let conv = risk
        .hazards
        .iter()
        .find(|h| h.kind == HazardKind::Convergence)
        .expect("convergence");
    assert!(conv.length_m > 300.0, "{conv:?}");
    assert!(
        risk.choke_points
            .iter()
            .any(|cp| cp.reasons.iter().any(|r| r.contains("converge")))
    );
    assert!(
        !kinds(&c.assess(&a, &[])).contains(&HazardKind::Convergence),
        "alone, nothing converges"
    );
}

#[test]
fn scores_are_deterministic_and_breakdowns_add_up() {
    let m = crate::osm::read(concat!(env!("CARGO_MANIFEST_DIR"), "/maps/monaco.osm.pbf")).unwrap();
    let r = car(&m);
    let c = ctx(&r);
    let c2 = ctx(&r);
    let casino = Point::new(7.428023, 43.739161);
    let fontvieille = Point::new(7.4160, 43.7290);
    let route = r
        .route(&[casino, fontvieille], &RouteOptions::default())
        .unwrap();
    let a = c.assess(&route, &[]);
    let b = c2.assess(&route, &[]);
    assert_eq!(a, b, "same inputs, same scores");
    let s = a.breakdown;
    assert!((s.exposure + s.choke_points + s.hazards + s.haven_coverage - a.score).abs() < 1e-9);
    assert!((0.0..=100.0).contains(&a.score));
    assert_eq!(a.edge_risk.len(), route.edges.len());
    assert!(a.method.contains("bands: low <= 25"));
}

#[test]
fn a_hospital_at_the_roadside_gives_short_haven_times() {
    let m = testing::map(
        &[
            node(1, 0.0, 0.0),
            node(2, 10.0, 0.0),
            (
                3,
                at(9.0, 0.2).0,
                at(9.0, 0.2).1,
                &[("amenity", "hospital"), ("emergency", "yes")],
            ),
        ],
        &[(10, &[1, 2], &[("highway", "primary")])],
    );
    let r = car(&m);
    let c = ctx(&r);
    let risk = c.assess(&route(&r, &[point(0.5, 0.0), point(9.5, 0.0)]), &[]);
    let max = risk.havens.hospital_max_min.expect("reachable");
    assert!(max < 2.0, "a 1 km road at 50 km/h: {max}");
    assert!(risk.havens.flagged.is_empty());
    assert_eq!(risk.breakdown.haven_coverage, 0.0);
    assert!(
        risk.havens.police_max_min.is_none(),
        "no police station on this map"
    );
}
