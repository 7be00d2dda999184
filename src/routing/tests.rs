//! Router against the plain Dijkstra reference, and routing rules on the real map.

use super::search::{self, Costing};
use super::*;
use crate::map::Map;
use std::sync::OnceLock;

fn monaco() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| {
        crate::osm::read(concat!(env!("CARGO_MANIFEST_DIR"), "/maps/monaco.osm.pbf")).unwrap()
    })
}

fn router(name: &str) -> Router<'static> {
    Router::new(
        monaco(),
        Profiles::builtin().unwrap().get(name).unwrap().clone(),
    )
}

/// Deterministic points near the roads of Monaco: a random road vertex, moved up to
/// about 40 m in a random direction.
fn random_points(n: usize, mut seed: u64) -> Vec<Point<f64>> {
    let g = monaco().graph();
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let s = (next() % g.segment_count() as u64) as u32;
            let pts = g.segment_points(s);
            let c = pts[(next() % pts.len() as u64) as usize];
            let jitter = |r: u64| ((r % 1000) as f64 / 1000.0 - 0.5) * 0.0006;
            Point::new(c.x + jitter(next()), c.y + jitter(next()))
        })
        .collect()
}

#[test]
fn fast_search_matches_the_reference_dijkstra() {
    for (profile, seed) in [("car", 7), ("motorcade", 11), ("foot", 13)] {
        let r = router(profile);
        for metric in [Metric::Time, Metric::Distance] {
            let pts = random_points(240, seed);
            let mut compared = 0;
            for pair in pts.chunks(2) {
                let (Ok(a), Ok(b)) = (r.snap(pair[0], "origin"), r.snap(pair[1], "destination"))
                else {
                    continue;
                };
                let g = monaco().graph();
                let ctx = Costing {
                    map: monaco(),
                    profile: &r.profile,
                    costs: &r.costs,
                    metric,
                    modifier: None,
                    exempt: [g.seg_way_idx(a.segment), g.seg_way_idx(b.segment)],
                };
                let fast =
                    search::search(&ctx, &a, &b, &mut r.scratch.borrow_mut()).map(|p| p.cost);
                let slow = search::reference_cost(&ctx, &a, &b);
                match (fast, slow) {
                    (Some(f), Some(s)) => {
                        assert!(
                            (f - s).abs() <= 1e-9 * s.max(1.0),
                            "{profile} {metric:?}: {f} vs reference {s}"
                        );
                        compared += 1;
                    }
                    (None, None) => {}
                    other => panic!("{profile} {metric:?}: reachability differs: {other:?}"),
                }
            }
            assert!(compared > 80, "{profile}: only {compared} pairs compared");
        }
    }
}

#[test]
fn route_totals_add_up_and_geometry_is_continuous() {
    let r = router("car");
    let pts = random_points(40, 99);
    for pair in pts.chunks(2) {
        let Ok(route) = r.route(pair, &RouteOptions::default()) else {
            continue;
        };
        let sum_len: f64 = route.edges.iter().map(|e| e.length_m).sum();
        let sum_dur: f64 = route.edges.iter().map(|e| e.duration_s).sum();
        assert!((sum_len - route.length_m).abs() < 1e-6);
        assert!((sum_dur - route.duration_s).abs() < 1e-6);
        let avoided = route.edges.iter().any(|e| r.costs.avoided[e.edge as usize]);
        if !avoided {
            assert!(
                (route.cost - route.duration_s).abs() < 1e-6,
                "cost {} is the duration {}",
                route.cost,
                route.duration_s
            );
        }
        let geo_len = crate::coord::polyline_length_m(&route.geometry.0);
        assert!(
            (geo_len - route.length_m).abs() < 0.5,
            "{geo_len} vs {}",
            route.length_m
        );
        assert_eq!(
            route.instructions.first().map(|i| i.maneuver),
            Some(Maneuver::Depart)
        );
        assert_eq!(
            route.instructions.last().map(|i| i.maneuver),
            Some(Maneuver::Arrive)
        );
    }
}

#[test]
fn a_costlier_edge_never_makes_a_cheaper_route() {
    let r = router("car");
    let pts = random_points(20, 5);
    for pair in pts.chunks(2) {
        let Ok(plain) = r.route(pair, &RouteOptions::default()) else {
            continue;
        };
        let surcharge = |_e: EdgeId, base: f64| Some(base * 0.5);
        let opts = RouteOptions {
            modifier: Some(&surcharge),
            ..RouteOptions::default()
        };
        let dearer = r.route(pair, &opts).unwrap();
        assert!(
            dearer.cost >= plain.cost - 1e-9,
            "a surcharge cannot make a route cheaper"
        );
        assert!(
            dearer.duration_s >= plain.duration_s - 1e-9,
            "the plain route is the fastest"
        );
    }
}

/// Issue 12, item 8: two roads with nothing between them say why no route joins them.
#[test]
fn points_in_separate_road_networks_say_so() {
    let res: &[(&str, &str)] = &[("highway", "residential")];
    let m = crate::osm::testing::map(
        &[
            (1, 7.420, 43.730, &[]),
            (2, 7.421, 43.730, &[]),
            (3, 7.430, 43.740, &[]),
            (4, 7.431, 43.740, &[]),
        ],
        &[(10, &[1, 2], res), (11, &[3, 4], res)],
    );
    let r = Router::new(&m, Profiles::builtin().unwrap().get("car").unwrap().clone());
    let e = r
        .route(
            &[Point::new(7.4205, 43.7301), Point::new(7.4305, 43.7401)],
            &RouteOptions::default(),
        )
        .unwrap_err();
    assert!(
        matches!(e, RouteError::SeparateNetworks { leg: 1, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("separate road networks"), "{e}");
}

fn car_on(m: &Map) -> Router<'_> {
    Router::new(m, Profiles::builtin().unwrap().get("car").unwrap().clone())
}

const RES: &[(&str, &str)] = &[("highway", "residential")];

/// Issue 13, G: an only_* restriction into a way cars may not use says nothing to
/// cars: A→V→B (B closed to motor vehicles) and A→V→C with only_straight_on A→B.
#[test]
fn a_restriction_into_a_way_the_mode_cannot_use_is_ignored() {
    let bus: &[(&str, &str)] = &[("highway", "residential"), ("motor_vehicle", "no")];
    let m = crate::osm::testing::map_with(
        &[
            (1, 7.000, 43.000, &[]),
            (2, 7.002, 43.000, &[]),
            (3, 7.004, 43.000, &[]),
            (4, 7.002, 43.002, &[]),
        ],
        &[(10, &[1, 2], RES), (11, &[2, 3], bus), (12, &[2, 4], RES)],
        &[(90, "only_straight_on", 10, 2, 11)],
        None,
    );
    let r = car_on(&m);
    let route = r
        .route(
            &[Point::new(7.001, 43.0), Point::new(7.002, 43.001)],
            &RouteOptions::default(),
        )
        .expect("A to C is open to cars");
    assert!(route.length_m < 300.0, "{}", route.length_m);
    // On foot the same restriction is no rule either (foot ignores restrictions).
}

/// Issue 13, I: a point on a road of the file is routable even when it lies outside
/// the file's header box; a point near no road outside it is still off the map.
#[test]
fn a_road_beyond_the_header_box_is_on_the_map() {
    let m = crate::osm::testing::map_with(
        &[(1, 7.000, 43.000, &[]), (2, 7.050, 43.000, &[])],
        &[(10, &[1, 2], RES)],
        &[],
        Some(crate::coord::BBox {
            min_lon: 6.999,
            min_lat: 42.999,
            max_lon: 7.001,
            max_lat: 43.001,
        }),
    );
    let r = car_on(&m);
    let far = Point::new(7.045, 43.0003);
    assert!(m.check_on_map(far).is_err(), "outside the header box");
    r.snap(far, "origin").expect("but on a road of the file");
    let route = r
        .route(&[Point::new(7.0005, 43.0), far], &RouteOptions::default())
        .expect("routable");
    assert!(route.length_m > 3000.0);
    let nowhere = Point::new(7.3, 43.2);
    assert!(matches!(
        r.snap(nowhere, "origin"),
        Err(RouteError::OffMap { .. })
    ));
}

/// A straight east-west street of `n` nodes 0.001° apart (about 81 m) at latitude 43,
/// node ids 1..=n, with per-node tags.
fn street(tags: &[&[(&'static str, &'static str)]]) -> Map {
    let nodes: Vec<crate::osm::testing::N> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i64 + 1, 7.0 + 0.001 * i as f64, 43.0, *t))
        .collect();
    let refs: Vec<i64> = (1..=tags.len() as i64).collect();
    crate::osm::testing::map(&nodes, &[(10, &refs, RES)])
}

fn drive(m: &Map, profile: &str, from_lon: f64, to_lon: f64) -> Result<Route, RouteError> {
    let p = Profiles::builtin().unwrap().get(profile).unwrap().clone();
    Router::new(m, p).route(
        &[Point::new(from_lon, 43.0), Point::new(to_lon, 43.0)],
        &RouteOptions::default(),
    )
}

/// Issue 13, E: which barriers stop a car is the profile's data.
#[test]
fn barriers_block_by_kind_and_access() {
    let none: &[(&str, &str)] = &[];
    let through = |b: &'static [(&'static str, &'static str)]| {
        let m = street(&[none, none, b, none, none]);
        (
            drive(&m, "car", 7.0005, 7.0035),
            drive(&m, "foot", 7.0005, 7.0035),
        )
    };
    let (car, foot) = through(&[("barrier", "bollard")]);
    assert!(car.is_err(), "a bollard stops cars");
    assert!(foot.is_ok(), "not pedestrians");
    assert!(
        through(&[("barrier", "bollard"), ("bollard", "rising")])
            .0
            .is_ok()
    );
    assert!(
        through(&[("barrier", "kerb"), ("kerb", "lowered")])
            .0
            .is_ok()
    );
    assert!(through(&[("barrier", "jersey_barrier")]).0.is_err());
    assert!(
        through(&[("barrier", "fence")]).0.is_err(),
        "unknown kinds block cars"
    );
    assert!(through(&[("barrier", "cattle_grid")]).0.is_ok());
    let (gate, _) = through(&[("barrier", "gate")]);
    let open = street(&[none, none, none, none, none]);
    let plain = drive(&open, "car", 7.0005, 7.0035).unwrap();
    assert!(
        (gate.unwrap().duration_s - plain.duration_s - 10.0).abs() < 0.5,
        "a gate costs its delay"
    );
    assert!(through(&[("barrier", "gate"), ("access", "no")]).0.is_err());
    assert!(
        through(&[("barrier", "gate"), ("motor_vehicle", "no")])
            .1
            .is_ok()
    );
    assert!(
        through(&[("barrier", "height_restrictor"), ("maxheight", "1.9")])
            .0
            .is_err()
    );
    assert!(
        through(&[("barrier", "height_restrictor"), ("maxheight", "2.3")])
            .0
            .is_ok()
    );
}

/// Issue 13, K: a junction's lights are waited at once, crossing lights at their own
/// delay, and lights for one direction only in that direction.
#[test]
fn traffic_lights_are_charged_once_per_junction_and_direction() {
    let none: &[(&str, &str)] = &[];
    let lights: &[(&str, &str)] = &[("highway", "traffic_signals")];
    let car = Profiles::builtin().unwrap().get("car").unwrap().clone();
    let extra = |tags: &[&[(&'static str, &'static str)]], from: f64, to: f64| {
        let m = street(tags);
        let base = drive(&street(&vec![none; tags.len()]), "car", from, to).unwrap();
        drive(&m, "car", from, to).unwrap().duration_s - base.duration_s
    };
    // Two signal nodes 81 m apart are two junctions.
    let two = extra(&[none, lights, lights, none, none], 7.0005, 7.0035);
    assert!((two - 2.0 * car.signal_delay_s).abs() < 0.1, "{two}");
    // Two signal nodes 8 m apart are one junction.
    let m = crate::osm::testing::map(
        &[
            (1, 7.0000, 43.0, none),
            (2, 7.0010, 43.0, lights),
            (3, 7.0011, 43.0, lights),
            (4, 7.0030, 43.0, none),
        ],
        &[(10, &[1, 2, 3, 4], RES)],
    );
    let one = drive(&m, "car", 7.0005, 7.0025).unwrap().duration_s;
    let m0 = crate::osm::testing::map(
        &[
            (1, 7.0000, 43.0, none),
            (2, 7.0010, 43.0, none),
            (3, 7.0011, 43.0, none),
            (4, 7.0030, 43.0, none),
        ],
        &[(10, &[1, 2, 3, 4], RES)],
    );
    let zero = drive(&m0, "car", 7.0005, 7.0025).unwrap().duration_s;
    assert!(
        (one - zero - car.signal_delay_s).abs() < 0.1,
        "{}",
        one - zero
    );
    let crossing: &[(&str, &str)] = &[("highway", "crossing"), ("crossing", "traffic_signals")];
    let c = extra(&[none, none, crossing, none, none], 7.0005, 7.0035);
    assert!((c - car.crossing_signal_delay_s).abs() < 0.1, "{c}");
    let forward: &[(&str, &str)] = &[
        ("highway", "traffic_signals"),
        ("traffic_signals:direction", "forward"),
    ];
    let east = extra(&[none, none, forward, none, none], 7.0005, 7.0035);
    let west = extra(&[none, none, forward, none, none], 7.0035, 7.0005);
    assert!((east - car.signal_delay_s).abs() < 0.1, "{east}");
    assert!(west.abs() < 0.1, "{west}");
}

/// Issue 13, D: the car takes a track only to reach a point on it, not as a short cut.
#[test]
fn tracks_are_used_only_at_the_ends_of_a_leg() {
    let track: &[(&str, &str)] = &[("highway", "track")];
    let none: &[(&str, &str)] = &[];
    // A 160 m track short cut between 1 and 3, or 480 m of residential round it.
    let m = crate::osm::testing::map(
        &[
            (1, 7.000, 43.000, none),
            (2, 7.001, 43.000, none),
            (3, 7.002, 43.000, none),
            (4, 7.000, 43.0015, none),
            (5, 7.002, 43.0015, none),
        ],
        &[(10, &[1, 2, 3], track), (11, &[1, 4, 5, 3], RES)],
    );
    let car = car_on(&m);
    let r = car
        .route(
            &[Point::new(7.0, 43.00075), Point::new(7.002, 43.00075)],
            &RouteOptions::default(),
        )
        .unwrap();
    assert!(
        r.edges
            .iter()
            .all(|e| e.class != crate::map::RoadClass::Track)
    );
    let onto = car
        .route(
            &[Point::new(7.0, 43.00075), Point::new(7.0015, 43.0)],
            &RouteOptions::default(),
        )
        .unwrap();
    assert!(
        onto.edges
            .iter()
            .any(|e| e.class == crate::map::RoadClass::Track)
    );
}

/// Issue 13, H: a point beside a oneway whose only exits are a forbidden turn and a
/// oneway into a dead end is snapped to the next road that connects, not into the trap.
#[test]
fn a_point_is_not_snapped_into_a_trap_of_turn_rules() {
    let none: &[(&str, &str)] = &[];
    let oneway: &[(&str, &str)] = &[("highway", "residential"), ("oneway", "yes")];
    let m = crate::osm::testing::map_with(
        &[
            (1, 7.000, 43.000, none),
            (2, 7.002, 43.000, none),
            (3, 7.002, 43.002, none),
            (4, 7.000, 43.002, none),
            (10, 7.0005, 43.001, none),
            (11, 7.0015, 43.001, none),
            (12, 7.0015, 43.0016, none),
        ],
        &[
            (20, &[1, 2], RES),
            (21, &[2, 3], RES),
            (22, &[3, 4], RES),
            (23, &[4, 1], RES),
            (30, &[10, 11], oneway),
            (31, &[1, 10], RES),
            (32, &[11, 2], RES),
            (33, &[11, 12], oneway),
        ],
        &[(90, "no_right_turn", 30, 11, 32)],
        None,
    );
    let car = car_on(&m);
    let beside_trap = Point::new(7.001, 43.00105);
    let r = car
        .route(
            &[beside_trap, Point::new(7.002, 43.0015)],
            &RouteOptions::default(),
        )
        .expect("routed from the next road that connects");
    assert!(r.snap_m[0] > 5.0, "not on the trap: {:?}", r.snap_m);
}

/// Issue 14, item 5: nodes off the globe are left out and counted, so a way zig-zagging
/// across it gives no 6,000,000 km route.
#[test]
fn nodes_off_the_globe_are_left_out() {
    let none: &[(&str, &str)] = &[];
    let m = crate::osm::testing::map(
        &[
            (1, 7.000, 43.000, none),
            (2, 7.001, 43.000, none),
            (3, 179.0, 95.0, none),
            (4, -250.0, 43.0, none),
            (5, f64::NAN, 43.0, none),
            (6, 7.002, 43.000, none),
        ],
        &[(10, &[1, 2, 3, 4, 5, 6], RES)],
    );
    assert_eq!(m.stats().nodes_out_of_range, 3);
    let r = car_on(&m)
        .route(
            &[Point::new(7.0002, 43.0), Point::new(7.0008, 43.0)],
            &RouteOptions::default(),
        )
        .unwrap();
    assert!(r.length_m < 100.0, "{}", r.length_m);
    assert!(m.extent().max_lon < 8.0, "{:?}", m.extent());
}

/// Issue 14, item 6: a way whose nodes go back and forth between two nodes thousands of
/// times gives one segment, not thousands of parallel ones (the search was quadratic).
#[test]
fn a_way_going_back_and_forth_gives_one_segment() {
    let none: &[(&str, &str)] = &[];
    let mut refs: Vec<i64> = vec![1];
    for i in 0..5000 {
        refs.push(if i % 2 == 0 { 2 } else { 1 });
    }
    refs.push(3);
    let m = crate::osm::testing::map(
        &[
            (1, 7.000, 43.000, none),
            (2, 7.001, 43.000, none),
            (3, 7.002, 43.000, none),
        ],
        &[(10, &refs, RES)],
    );
    assert!(
        m.graph().segment_count() <= 3,
        "{}",
        m.graph().segment_count()
    );
    let set = car_on(&m)
        .alternatives(
            &[Point::new(7.0002, 43.0), Point::new(7.0018, 43.0)],
            &RouteOptions::default(),
            2,
        )
        .unwrap();
    assert!(set.primary.length_m < 200.0);
}

#[test]
fn reach_areas_hold_every_node_reached_in_time_and_little_else() {
    use geo::Contains;
    for (profile, limits) in [("car", [120.0, 300.0]), ("foot", [300.0, 600.0])] {
        let r = router(profile);
        let g = monaco().graph();
        let mut checked = 0;
        for p in random_points(5, 21) {
            let Ok(snap) = r.snap(p, "origin") else {
                continue;
            };
            let areas = r.isochrones(p, &limits).expect("reach");
            let ctx = r.reach_costing(g.seg_way_idx(snap.segment));
            let arrival = search::reference_arrivals(&ctx, &snap);
            for a in &areas {
                let reached: Vec<crate::map::NodeId> = (0..g.node_count() as crate::map::NodeId)
                    .filter(|&n| arrival[n as usize] <= a.limit_s)
                    .collect();
                assert_eq!(
                    a.nodes,
                    reached.len(),
                    "{profile}: nodes reached in {} s",
                    a.limit_s
                );
                for &n in &reached {
                    assert!(
                        a.area.contains(&Point(g.node_coord(n))),
                        "{profile}: node {n} reached in {:.0} s lies outside the {} s area",
                        arrival[n as usize],
                        a.limit_s
                    );
                }
                // At most 5 % of the area farther than 150 m from a reached road
                // point: the start, and points every ~10 m along the stretches the
                // search reached (whose ends the reference confirmed above).
                let mut pts: Vec<Point<f64>> = vec![snap.point];
                let stretches = search::reach(&ctx, &snap, a.limit_s, &mut r.scratch.borrow_mut());
                for st in stretches.iter().filter(|st| st.enter <= a.limit_s) {
                    let line = g.edge_points(st.edge);
                    let len = crate::coord::polyline_length_m(&line);
                    let (f0, f1) = if st.full > 0.0 {
                        (
                            (-st.enter / st.full).clamp(0.0, 1.0),
                            ((a.limit_s - st.enter) / st.full).clamp(0.0, 1.0),
                        )
                    } else {
                        (0.0, 1.0)
                    };
                    let m = crate::coord::MeasuredLine::new(&line);
                    let k = ((f1 - f0) * len / 10.0).ceil().max(1.0) as usize;
                    pts.extend(
                        (0..=k).filter_map(|i| {
                            m.point_at((f0 + (f1 - f0) * i as f64 / k as f64) * len)
                        }),
                    );
                }
                let tree =
                    rstar::RTree::bulk_load(pts.iter().map(|p| [p.x(), p.y()]).collect::<Vec<_>>());
                let b = a.area.0.iter().flat_map(|p| p.exterior().0.iter()).fold(
                    crate::coord::BBox::EMPTY,
                    |mut b, c| {
                        b.extend(*c);
                        b
                    },
                );
                let (mut inside, mut far) = (0usize, 0usize);
                let step = 0.0003;
                let mut y = b.min_lat;
                while y <= b.max_lat {
                    let mut x = b.min_lon;
                    while x <= b.max_lon {
                        let q = Point::new(x, y);
                        if a.area.contains(&q) {
                            inside += 1;
                            let near = tree.nearest_neighbor(&[x, y]).expect("points");
                            let d = crate::coord::distance_m(q, Point::new(near[0], near[1]));
                            far += usize::from(d > 150.0);
                        }
                        x += step;
                    }
                    y += step;
                }
                assert!(inside > 0, "{profile}: empty area");
                assert!(
                    far as f64 <= 0.05 * inside as f64,
                    "{profile} {} s: {far} of {inside} samples over 150 m from a reached road",
                    a.limit_s
                );
            }
            // The longer time reaches a superset.
            assert!(areas[1].area_m2 >= areas[0].area_m2);
            checked += 1;
        }
        assert!(checked >= 3, "{profile}: only {checked} points");
    }
}
