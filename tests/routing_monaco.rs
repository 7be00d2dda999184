//! Routing rules on the real default map: oneways, turn restrictions, via points,
//! avoid zones, alternates, the foot network, emergencies and errors.

mod common;

use common::{edge_midpoint, monaco, random_points};
use cordon::coord;
use cordon::map::{EdgeFlags, EdgeId, Mode, Oneway, PlaceKind, RestrictionKind, RoadClass};
use cordon::routing::{
    AvoidZone, HospitalPolicy, Maneuver, Profile, Profiles, Route, RouteError, RouteOptions,
    Router, shared_fraction,
};
use geo::{Intersects, MultiPolygon, Point, polygon};

fn profile(name: &str) -> Profile {
    Profiles::builtin()
        .expect("built-in profiles")
        .get(name)
        .expect("profile")
        .clone()
}

fn router(name: &str) -> Router<'static> {
    Router::new(monaco(), profile(name))
}

fn uses_turn(route: &Route, from: EdgeId, to: EdgeId) -> bool {
    route
        .edges
        .windows(2)
        .any(|w| w[0].edge == from && w[1].edge == to)
}

#[test]
fn oneway_streets_are_never_driven_backwards() {
    let g = monaco().graph();
    for name in ["car", "motorcade"] {
        let r = router(name);
        let mut checked = 0;
        for pair in random_points(200, 3).chunks(2) {
            let Ok(route) = r.route(pair, &RouteOptions::default()) else {
                continue;
            };
            for e in route.edge_ids() {
                let way = g.edge_way(e);
                let reversed = g.edge_flags(e).contains(EdgeFlags::REVERSED);
                match way.oneway {
                    Oneway::Forward => assert!(!reversed, "way {} driven backwards", way.osm_id),
                    Oneway::Backward => assert!(reversed, "way {} driven backwards", way.osm_id),
                    Oneway::No => {}
                }
                assert!(g.allows(e, Mode::Car));
                checked += 1;
            }
        }
        assert!(checked > 1000, "{name}: {checked} edges checked");
    }
}

#[test]
fn no_left_turn_restrictions_are_obeyed() {
    let g = monaco().graph();
    let lawful = router("car");
    let mut reckless_profile = profile("car");
    reckless_profile.obey_restrictions = false;
    reckless_profile.turn_penalty_s.normal = 0.0;
    let reckless = Router::new(monaco(), reckless_profile);
    let mut proven = 0;
    for r in g
        .restrictions()
        .iter()
        .filter(|r| r.kind == RestrictionKind::No && &*r.value == "no_left_turn")
    {
        let ins: Vec<EdgeId> = (0..g.edge_count() as EdgeId)
            .filter(|&e| g.head(e) == r.via && g.edge_way_idx(e) == r.from_way && lawful.allows(e))
            .collect();
        let outs: Vec<EdgeId> = g
            .out_edges(r.via)
            .filter(|&e| g.edge_way_idx(e) == r.to_way && lawful.allows(e))
            .collect();
        for (&e_in, &e_out) in ins.iter().zip(outs.iter()) {
            let pts = [edge_midpoint(e_in), edge_midpoint(e_out)];
            let Ok(free) = reckless.route(&pts, &RouteOptions::default()) else {
                continue;
            };
            if !uses_turn(&free, e_in, e_out) {
                continue; // the direct turn is not the best even when allowed
            }
            match lawful.route(&pts, &RouteOptions::default()) {
                Ok(obeyed) => {
                    assert!(
                        !uses_turn(&obeyed, e_in, e_out),
                        "restriction {} broken",
                        r.osm_id
                    );
                    assert!(obeyed.duration_s >= free.duration_s);
                }
                // Near the map's edge the forbidden turn may be the only way in.
                Err(RouteError::Unreachable { .. }) => {}
                Err(e) => panic!("{e}"),
            }
            proven += 1;
        }
    }
    assert!(
        proven >= 1,
        "at least one no_left_turn in Monaco is tested where it matters"
    );
}

#[test]
fn via_points_are_visited_in_order() {
    let r = router("car");
    let casino = Point::new(7.428023, 43.739161);
    let port = Point::new(7.4225, 43.7355);
    let fontvieille = Point::new(7.4160, 43.7290);
    let direct = r
        .route(&[casino, fontvieille], &RouteOptions::default())
        .expect("direct");
    let via = r
        .route(&[casino, port, fontvieille], &RouteOptions::default())
        .expect("via");
    assert_eq!(via.legs.len(), 2);
    let at_via = via
        .instructions
        .iter()
        .find(|i| i.maneuver == Maneuver::Via)
        .expect("a via instruction");
    assert!(
        (at_via.along_m - via.legs[0].length_m).abs() < 1e-6,
        "the via comes after leg 1"
    );
    assert!(coord::distance_m(at_via.location, via.snapped[1]) < 1.0);
    assert!(
        via.geometry
            .0
            .iter()
            .any(|c| coord::distance_m(Point::from(*c), via.snapped[1]) < 1.0)
    );
    assert!(via.length_m >= direct.length_m - 1e-6 || via.duration_s >= direct.duration_s - 1e-6);
    // Reversing the via order gives a different route: order matters.
    let back = r
        .route(&[fontvieille, port, casino], &RouteOptions::default())
        .expect("reverse");
    assert_eq!(back.snapped[1], via.snapped[1]);
}

fn square(lon: f64, lat: f64, half_deg: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![polygon![
        (x: lon - half_deg, y: lat - half_deg),
        (x: lon + half_deg, y: lat - half_deg),
        (x: lon + half_deg, y: lat + half_deg),
        (x: lon - half_deg, y: lat + half_deg),
        (x: lon - half_deg, y: lat - half_deg),
    ]])
}

#[test]
fn routes_never_enter_avoid_zones() {
    let r = router("car");
    let mut tested = 0;
    for pair in random_points(60, 21).chunks(2) {
        let Ok(plain) = r.route(pair, &RouteOptions::default()) else {
            continue;
        };
        let n = plain.geometry.0.len();
        let mid = Point::from(plain.geometry.0[n / 2]);
        let zone = AvoidZone {
            name: "test zone".into(),
            area: square(mid.x(), mid.y(), 0.0006),
        };
        if pair.iter().any(|p| zone.contains(*p))
            || zone.area.intersects(&plain.snapped[0])
            || zone.area.intersects(&plain.snapped[1])
        {
            continue;
        }
        let zones = [zone];
        let opts = RouteOptions {
            avoid: &zones,
            ..RouteOptions::default()
        };
        match r.route(pair, &opts) {
            Ok(avoiding) => {
                assert!(
                    !avoiding.geometry.intersects(&zones[0].area),
                    "route enters the zone"
                );
                assert!(avoiding.duration_s >= plain.duration_s - 1e-9);
                tested += 1;
            }
            Err(RouteError::BlockedByZones { zones, .. }) => {
                assert_eq!(zones, vec!["test zone".to_string()])
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(tested >= 10, "{tested} detours tested");
}

#[test]
fn avoid_zone_errors_name_the_zone() {
    let r = router("car");
    let casino = Point::new(7.428023, 43.739161);
    let palace = Point::new(7.4197, 43.7313);
    let around_casino = AvoidZone {
        name: "Casino cordon".into(),
        area: square(casino.x(), casino.y(), 0.002),
    };
    let zones = [around_casino];
    let opts = RouteOptions {
        avoid: &zones,
        ..RouteOptions::default()
    };
    let e = r
        .route(&[casino, palace], &opts)
        .expect_err("origin inside");
    assert!(
        matches!(&e, RouteError::InsideAvoidZone { zone, .. } if zone == "Casino cordon"),
        "{e}"
    );
    // A ring around the destination cuts it off.
    let outer = square(palace.x(), palace.y(), 0.004);
    let inner = square(palace.x(), palace.y(), 0.0025);
    let ring = AvoidZone {
        name: "Rock perimeter".into(),
        area: MultiPolygon::new(vec![geo::Polygon::new(
            outer.0[0].exterior().clone(),
            vec![inner.0[0].exterior().clone()],
        )]),
    };
    let zones = [ring];
    let opts = RouteOptions {
        avoid: &zones,
        ..RouteOptions::default()
    };
    let e = r.route(&[casino, palace], &opts).expect_err("cut off");
    assert!(
        e.to_string().contains("'Rock perimeter'") && e.to_string().contains("leg 1"),
        "{e}"
    );
}

#[test]
fn alternates_meet_both_thresholds_also_with_via_points() {
    let r = router("car");
    let mut found = 0;
    let pts = random_points(60, 77);
    for chunk in pts.chunks(3) {
        for waypoints in [&chunk[..2], chunk] {
            let Ok(set) = r.alternatives(waypoints, &RouteOptions::default(), 2) else {
                continue;
            };
            for alt in &set.alternates {
                let shared = shared_fraction(monaco(), &alt.route, &set.primary);
                assert!((shared - alt.shared_fraction).abs() < 1e-9);
                assert!(shared <= 0.6 + 1e-9, "shares {shared}");
                assert!(alt.route.duration_s <= 1.4 * set.primary.duration_s + 1e-9);
                assert_eq!(alt.route.legs.len(), waypoints.len() - 1);
                found += 1;
            }
            if set.alternates.len() < 2 {
                assert!(set.note.is_some(), "a short set says why");
            }
        }
    }
    assert!(found >= 10, "{found} alternates found");
}

#[test]
fn foot_routes_use_pedestrian_ways_cars_cannot() {
    let foot = router("foot");
    let car = router("car");
    let g = monaco().graph();
    let mut pedestrian_edges = 0;
    for pair in random_points(60, 8).chunks(2) {
        if let Ok(route) = foot.route(pair, &RouteOptions::default()) {
            pedestrian_edges += route
                .edge_ids()
                .filter(|&e| !g.allows(e, Mode::Car))
                .count();
            assert!(route.edges.iter().all(|e| e.class != RoadClass::Motorway));
        }
        if let Ok(route) = car.route(pair, &RouteOptions::default()) {
            assert!(route.edge_ids().all(|e| g.allows(e, Mode::Car)));
        }
    }
    assert!(pedestrian_edges > 20, "{pedestrian_edges}");
}

#[test]
fn motorcade_is_capped_at_its_escort_speed() {
    let car = router("car");
    let motorcade = router("motorcade");
    for pair in random_points(40, 17).chunks(2) {
        let (Ok(c), Ok(m)) = (
            car.route(pair, &RouteOptions::default()),
            motorcade.route(pair, &RouteOptions::default()),
        ) else {
            continue;
        };
        assert!(m.length_m > 0.0 && c.length_m > 0.0);
        for e in &m.edges {
            if e.length_m > 1.0 {
                assert!(
                    e.length_m / e.duration_s * 3.6 <= 50.0 + 1e-6,
                    "over the 50 km/h cap"
                );
            }
        }
    }
}

#[test]
fn unreachable_legs_are_named() {
    let r = router("car");
    let a = Point::new(7.428023, 43.739161);
    let v = Point::new(7.4225, 43.7355);
    let b = Point::new(7.4160, 43.7290);
    let first_leg = r.route(&[a, v], &RouteOptions::default()).expect("leg 1");
    let allowed: Vec<EdgeId> = first_leg.edge_ids().collect();
    let only_leg_one = move |e: EdgeId, _base: f64| allowed.contains(&e).then_some(0.0);
    let opts = RouteOptions {
        modifier: Some(&only_leg_one),
        ..RouteOptions::default()
    };
    let e = r.route(&[a, v, b], &opts).expect_err("leg 2 cut");
    assert!(matches!(e, RouteError::Unreachable { leg: 2, .. }), "{e}");
    assert!(
        e.to_string()
            .contains("from the via point 1 to the destination"),
        "{e}"
    );
}

#[test]
fn snapping_errors_are_clear() {
    let r = router("car");
    let open_sea = Point::new(7.440, 43.728);
    let e = r
        .route(
            &[open_sea, Point::new(7.4225, 43.7355)],
            &RouteOptions::default(),
        )
        .expect_err("sea");
    assert!(matches!(e, RouteError::NoRoadNear { .. }), "{e}");
    assert!(e.to_string().contains("within 250 m of the origin"));
    let paris = Point::new(2.35, 48.85);
    let e = r
        .route(
            &[Point::new(7.4225, 43.7355), paris],
            &RouteOptions::default(),
        )
        .expect_err("paris");
    assert!(
        e.to_string().contains("destination") && e.to_string().contains("outside the map"),
        "{e}"
    );
}

#[test]
fn emergency_route_goes_to_a_hospital_and_honours_the_plan() {
    let r = router("car");
    let casino = Point::new(7.428023, 43.739161);
    let choice = r
        .emergency_route(casino, &HospitalPolicy::default(), &RouteOptions::default())
        .expect("a hospital");
    assert_eq!(choice.hospital.kind, PlaceKind::Hospital);
    let end = *choice.route.snapped.last().expect("end");
    assert!(coord::distance_m(end, choice.hospital.location) < 300.0);
    // The plan can exclude it: another hospital is chosen.
    let policy = HospitalPolicy {
        excluded: vec![choice.hospital.osm],
        ..HospitalPolicy::default()
    };
    let other = r
        .emergency_route(casino, &policy, &RouteOptions::default())
        .expect("another");
    assert_ne!(other.hospital.osm, choice.hospital.osm);
    // A designated trauma centre close enough wins.
    let chpg = monaco()
        .places()
        .iter()
        .find(|p| {
            p.kind == PlaceKind::Hospital
                && p.name
                    .as_deref()
                    .is_some_and(|n| n.contains("Princesse Grace"))
        })
        .expect("Monaco's main hospital is on the map");
    let policy = HospitalPolicy {
        trauma_centres: vec![chpg.osm],
        ..HospitalPolicy::default()
    };
    let trauma = r
        .emergency_route(casino, &policy, &RouteOptions::default())
        .expect("trauma centre");
    assert_eq!(trauma.hospital.osm, chpg.osm, "{}", trauma.reason);
}

/// "LAT,LON" to a point.
fn at(lat: f64, lon: f64) -> Point<f64> {
    Point::new(lon, lat)
}

fn car_route(from: Point<f64>, to: Point<f64>) -> Route {
    router("car")
        .route(&[from, to], &RouteOptions::default())
        .expect("a route")
}

fn near(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= expected * tolerance
}

/// A route turns back on itself where consecutive edges share their segment.
fn u_turns(route: &Route) -> Vec<u32> {
    let g = monaco().graph();
    route
        .edges
        .windows(2)
        .filter(|w| g.edge_segment(w[0].edge) == g.edge_segment(w[1].edge))
        .map(|w| g.head(w[0].edge))
        .collect()
}

/// Issue 13, A: an end on a node shared by several roads may use any of them.
/// Node 1918966551 ends one-ways 688669118 and 503475651 (OSRM: 276.6 m).
#[test]
fn an_end_on_a_junction_node_may_leave_by_any_road() {
    let r = car_route(at(43.7315446, 7.4174205), at(43.7326244, 7.4180114));
    assert!(near(r.length_m, 277.0, 0.05), "{}", r.length_m);
    assert!(u_turns(&r).is_empty());
    let r = car_route(at(43.7417650, 7.4301626), at(43.7411908, 7.4252069));
    assert!(near(r.length_m, 865.0, 0.05), "{}", r.length_m);
}

/// Issue 13, B: no U-turn where the road goes on (node 25211277 only joins two ways);
/// OSRM drives 3,209 m.
#[test]
fn no_u_turn_where_the_road_goes_on() {
    let r = car_route(at(43.7371759, 7.4201985), at(43.7355338, 7.4187910));
    assert!(u_turns(&r).is_empty(), "{:?}", u_turns(&r));
    assert!(near(r.length_m, 3209.0, 0.05), "{}", r.length_m);
    // And over many routes, in both metrics: a U-turn only where no other exit is open.
    let g = monaco().graph();
    let car = router("car");
    for metric in [
        cordon::routing::Metric::Time,
        cordon::routing::Metric::Distance,
    ] {
        let opts = RouteOptions {
            metric,
            ..RouteOptions::default()
        };
        for pair in random_points(200, 41).chunks(2) {
            let Ok(route) = car.route(pair, &opts) else {
                continue;
            };
            for w in route.edges.windows(2) {
                if g.edge_segment(w[0].edge) != g.edge_segment(w[1].edge) {
                    continue;
                }
                let v = g.head(w[0].edge);
                let exits = g
                    .out_edges(v)
                    .filter(|&e| g.edge_segment(e) != g.edge_segment(w[0].edge) && car.allows(e))
                    .count();
                let barrier = g.barrier(v).is_some();
                let restricted = g.restrictions().iter().any(|t| t.via == v);
                assert!(
                    exits == 0 || barrier || restricted,
                    "{metric:?}: U-turn at node {} with {exits} open exits",
                    g.node_osm_id(v)
                );
            }
        }
    }
}

/// Issue 13, E: a car never passes through a bollard (node 6482565678 on way 220547252):
/// it turns back or starts on the right side, and no random route crosses a barrier
/// the profile may not pass.
#[test]
fn cars_do_not_pass_bollards() {
    let g = monaco().graph();
    let bollard = (0..g.node_count() as u32)
        .find(|&n| g.node_osm_id(n) == 6_482_565_678)
        .expect("the bollard is a graph node");
    assert_eq!(g.barrier(bollard).map(|b| &*b.kind), Some("bollard"));
    let r = car_route(at(43.7274352, 7.4132674), at(43.7275967, 7.4129740));
    let passes = |r: &Route, n: u32| {
        r.edges.windows(2).any(|w| {
            g.head(w[0].edge) == n && g.edge_segment(w[0].edge) != g.edge_segment(w[1].edge)
        })
    };
    assert!(!passes(&r, bollard), "{} m through the bollard", r.length_m);
    let car = router("car");
    let rules = &profile("car").barriers;
    let blocking: Vec<u32> = g
        .barriers()
        .filter(|(_, b)| rules.blocks(Mode::Car, b))
        .map(|(n, _)| n)
        .collect();
    assert!(blocking.len() > 20, "{}", blocking.len());
    for pair in random_points(300, 77).chunks(2) {
        let Ok(route) = car.route(pair, &RouteOptions::default()) else {
            continue;
        };
        for &n in &blocking {
            assert!(
                !passes(&route, n),
                "through barrier node {}",
                g.node_osm_id(n)
            );
        }
    }
    // On foot the bollard is no obstacle.
    let walk = router("foot")
        .route(
            &[at(43.7274352, 7.4132674), at(43.7275967, 7.4129740)],
            &RouteOptions::default(),
        )
        .expect("a walk");
    assert!(walk.length_m < 60.0, "{}", walk.length_m);
}

/// Issue 13, C: the car uses access=destination streets only at a leg's ends: on the
/// riviera map it no longer cuts through Chemin Romain (way 103078904); OSRM 2,910 m.
#[test]
fn destination_only_streets_are_not_through_routes() {
    let map = cordon::osm::read(common::root().join("tests/data/monaco-riviera-2016.osm.pbf"))
        .expect("riviera map");
    let car = Router::new(&map, profile("car"));
    let r = car
        .route(
            &[at(43.7436057, 7.4058399), at(43.7526572, 7.4040212)],
            &RouteOptions::default(),
        )
        .expect("a route");
    assert!(
        r.edges.iter().all(|e| e.way_osm_id != 103_078_904),
        "through Chemin Romain"
    );
    assert!(near(r.length_m, 2908.0, 0.05), "{}", r.length_m);
}

/// Issue 13: every waypoint's distance to the road is reported.
#[test]
fn routes_report_how_far_each_waypoint_is_from_the_road() {
    let from = at(43.7315446, 7.4174205);
    let to = at(43.7329, 7.4195);
    let r = car_route(from, to);
    assert_eq!(r.snap_m.len(), 2);
    for (i, d) in r.snap_m.iter().enumerate() {
        let actual = coord::distance_m(r.waypoints[i], r.snapped[i]);
        assert!((d - actual).abs() < 0.5, "{d} vs {actual}");
    }
}
