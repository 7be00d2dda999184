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
