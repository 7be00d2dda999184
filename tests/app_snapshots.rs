//! Pictures of what users see, compared with the committed PNGs under
//! `tests/snapshots/` so that a change in the planning view, the route comparison or the
//! venue form is caught. Rendered headless by egui_kittest through wgpu on Mesa's
//! software Vulkan (`mesa-vulkan-drivers`, which `.ci/run` installs). Without a GPU
//! adapter the tests say so and pass outside CI, and fail in CI. After a deliberate
//! change: `UPDATE_SNAPSHOTS=1 cargo test --release --test app_snapshots`, then look at
//! the PNGs before committing them.
#![cfg(feature = "gui")]

mod common;

use common::settle;

use cordon::app::{Command, CordonApp, Tab};
use egui_kittest::{Harness, SnapshotError};

fn sample() -> Harness<'static, CordonApp> {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let plan_path = common::root().join("plans/monaco-state-visit.ron");
    let plan = cordon::plan::load(&plan_path).expect("sample plan");
    let app = CordonApp::with_plan(map, &common::monaco_path(), plan, &plan_path);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(8)
        .wgpu()
        .build_ui_state(|ui, app: &mut CordonApp| app.ui_main(ui), app);
    settle(&mut h);
    h
}

fn snap(h: &mut Harness<'_, CordonApp>, name: &str) {
    match h.try_snapshot(name) {
        Ok(()) => {}
        Err(SnapshotError::RenderError { err }) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "snapshot {name} skipped: no GPU adapter here ({err}); CI installs mesa-vulkan-drivers"
            );
        }
        Err(e) => panic!("snapshot {name}: {e}"),
    }
}

#[test]
fn planning_view() {
    let mut h = sample();
    snap(&mut h, "planning_view");
}

#[test]
fn route_comparison() {
    let mut h = sample();
    h.state_mut().set_tab(Tab::Routes);
    h.state_mut().apply_all(vec![Command::ComputeRoutes]);
    settle(&mut h);
    snap(&mut h, "route_comparison");
}

#[test]
fn venue_form() {
    let mut h = sample();
    h.state_mut()
        .apply_all(vec![Command::SelectVenue(1), Command::VenueContext]);
    settle(&mut h);
    snap(&mut h, "venue_form");
}

#[test]
fn street_zoom_labels() {
    let mut h = sample();
    let casino = cordon::coord::mercator_from_lonlat(geo::Coord {
        x: 7.4275,
        y: 43.7392,
    });
    h.state_mut().set_camera(cordon::app::map_view::Camera {
        center: casino,
        m_per_pt: 1.0,
    });
    settle(&mut h);
    snap(&mut h, "street_zoom");
}
