//! The desktop app driven headless with egui_kittest: search, pick a destination, click
//! the map for an origin, compute routes and read the route table.

mod common;

use cordon::app::CordonApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Point;

fn click(h: &mut Harness<'_, CordonApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

#[test]
fn search_pick_click_and_route() {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, app: &mut CordonApp| app.ui_main(ui),
            CordonApp::with_map(map),
        );
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search")
        .type_text("Casino");
    h.run();
    assert!(
        h.query_by_label_contains("Casino de Monte Carlo").is_some(),
        "the search lists the Casino"
    );
    h.get_all_by_label("to")
        .next()
        .expect("a 'to' button")
        .click();
    h.run();
    assert!(
        h.query_by_label_contains("Destination: Casino de Monte Carlo")
            .is_some()
    );
    // Click the map on Boulevard Albert 1er, by the port, for the origin.
    let port = Point::new(7.4225, 43.7355);
    let pos = h.state().screen_pos(port).expect("the map is on screen");
    click(&mut h, pos);
    let origin = h.state().origin().expect("an origin from the click");
    assert!(cordon::coord::distance_m(origin, port) < 30.0, "{origin:?}");
    h.get_by_label("Compute routes").click();
    h.run();
    let set = h.state().routes().expect("routes computed");
    assert!(set.primary.length_m > 300.0);
    assert!(
        h.query_by_label("primary").is_some(),
        "the route table lists the primary"
    );
    assert!(
        h.query_by_label("alternate 1").is_some(),
        "and an alternate"
    );
}
