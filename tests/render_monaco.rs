//! The rendered map, pixel by pixel: the route where the route is, water over the sea,
//! the legend and the credit box present.

mod common;

use cordon::render::{Overlay, OverlayRoute, RenderOptions, RouteKind, View, render, style};
use cordon::routing::{Profiles, RouteOptions, Router};
use geo::Point;

fn close(a: [u8; 4], b: [u8; 4], tol: i32) -> bool {
    (0..3).all(|i| (i32::from(a[i]) - i32::from(b[i])).abs() <= tol)
}

#[test]
fn the_route_the_sea_and_the_legend_are_where_they_should_be() {
    let map = common::monaco();
    let router = Router::new(
        map,
        Profiles::builtin()
            .expect("profiles")
            .get("car")
            .expect("car")
            .clone(),
    );
    let route = router
        .route(
            &[Point::new(7.4380, 43.7485), Point::new(7.4150, 43.7275)],
            &RouteOptions::default(),
        )
        .expect("route");
    let overlay = Overlay {
        routes: vec![OverlayRoute {
            kind: RouteKind::Primary,
            line: route.geometry.0.clone(),
        }],
        ..Overlay::default()
    };
    let view = View::fit(map.extent(), 1200, 900, 20.0);
    let pm = render(
        map,
        &view,
        &overlay,
        RenderOptions {
            scale: 1.2,
            legend: true,
        },
    )
    .expect("a 1200x900 view renders");
    let at = |x: f32, y: f32| {
        let p = pm
            .pixel(x.round() as u32, y.round() as u32)
            .expect("inside");
        [p.red(), p.green(), p.blue(), p.alpha()]
    };
    // Route pixels along the route (a few points fall under direction arrows).
    let n = route.geometry.0.len();
    let on_route = (1..20)
        .map(|k| route.geometry.0[k * (n - 1) / 20])
        .filter(|c| {
            let (x, y) = view.px(*c);
            close(at(x, y), style::PRIMARY.colour, 40)
        })
        .count();
    assert!(
        on_route >= 15,
        "{on_route} of 19 route samples are route-coloured"
    );
    // Open sea south-east of the port: water colour.
    let (x, y) = view.px(geo::Coord {
        x: 7.4420,
        y: 43.7300,
    });
    assert!(
        close(at(x, y), style::WATER, 6),
        "sea at {x},{y}: {:?}",
        at(x, y)
    );
    // Land in the middle of Monte-Carlo is not water.
    let (x, y) = view.px(geo::Coord {
        x: 7.4250,
        y: 43.7420,
    });
    assert!(!close(at(x, y), style::WATER, 6));
    // The legend box (bottom right, above the credit) holds the primary route's key.
    let (w, h) = (pm.width() as f32, pm.height() as f32);
    let legend_has_route = (0..200).any(|dx| {
        (0..60).any(|dy| {
            close(
                at(w - 20.0 - dx as f32, h - 40.0 - dy as f32),
                style::PRIMARY.colour,
                10,
            )
        })
    });
    assert!(legend_has_route, "legend key for the primary route");
    // The credit box sits in the bottom-right corner: near-white background with dark
    // text in it.
    let corner: Vec<[u8; 4]> = (5..150)
        .flat_map(|dx| (4..18).map(move |dy| (dx, dy)))
        .map(|(dx, dy)| at(w - dx as f32, h - dy as f32))
        .collect();
    assert!(
        corner
            .iter()
            .filter(|p| close(**p, [255, 255, 255, 255], 30))
            .count()
            > corner.len() / 3,
        "credit box"
    );
    assert!(
        corner.iter().any(|p| close(*p, style::INK, 60)),
        "credit text"
    );
}
