//! The desktop app driven headless with egui_kittest, as a user would: search, pick a
//! destination, click the map for an origin, compute routes and read the route table;
//! place a checkpoint and undo and redo it; draw an avoid zone and see the route move;
//! save and reopen the plan.
#![cfg(feature = "gui")]

mod common;

use common::settle;

use cordon::app::CordonApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{Contains, Point};

/// A click: press and release in consecutive frames, so that it stays a click (egui
/// counts a press held longer than 0.8 s of frame time as a drag).
fn click(h: &mut Harness<'_, CordonApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run_ok();
    h.drag_at(pos);
    h.drop_at(pos);
    h.step();
    h.run_ok();
}

fn press(h: &mut Harness<'_, CordonApp>, label: &str) {
    h.get_by_label(label).click();
    settle(h);
}

fn click_map(h: &mut Harness<'_, CordonApp>, p: Point<f64>) {
    let pos = h.state().screen_pos(p).expect("the map is on screen");
    click(h, pos);
    settle(h);
}

fn harness(app: CordonApp) -> Harness<'static, CordonApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(8)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut CordonApp| app.ui_main(ui), app);
    settle(&mut h);
    h
}

/// Types `query` in the search, checks a hit shows `hit`, and makes the first hit the
/// destination with its "to" button.
fn search_to(h: &mut Harness<'_, CordonApp>, query: &str, hit: &str) {
    h.get_by_role_and_label(Role::TextInput, "Search").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text(query);
    h.run_ok();
    assert!(h.query_by_label_contains(hit).is_some(), "no hit {hit}");
    h.get_all_by_label("to")
        .next()
        .expect("a 'to' button")
        .click();
    settle(h);
}

/// The Casino as destination by search, the port as origin by a click, routed.
fn planned() -> Harness<'static, CordonApp> {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let mut h = harness(CordonApp::with_map(map, &common::monaco_path()));
    search_to(&mut h, "Casino", "Casino de Monte Carlo");
    let plan = h.state().plan();
    assert_eq!(plan.movements.len(), 1, "the destination made a movement");
    assert!(
        plan.venue(&plan.movements[0].to)
            .is_some_and(|v| v.name == "Casino de Monte Carlo")
    );
    // The origin: Boulevard Albert 1er by the port, by clicking the map.
    press(&mut h, "Set origin");
    let port = Point::new(7.4225, 43.7355);
    click_map(&mut h, port);
    let plan = h.state().plan();
    let origin = plan
        .venue(&plan.movements[0].from)
        .expect("an origin venue");
    assert!(
        cordon::coord::distance_m(origin.location.point(), port) < 30.0,
        "{origin:?}"
    );
    press(&mut h, "Compute routes");
    h
}

fn primary(h: &Harness<'_, CordonApp>) -> cordon::plan::PlannedRoute {
    h.state().plan().movements[0]
        .route(cordon::plan::RouteRole::Primary)
        .expect("a primary route")
        .clone()
}

#[test]
fn search_pick_click_and_route() {
    let mut h = planned();
    let m = &h.state().plan().movements[0];
    assert!(m.route(cordon::plan::RouteRole::Alternate(1)).is_some());
    assert!(m.route(cordon::plan::RouteRole::Emergency).is_some());
    assert!(primary(&h).length_m > 300.0);
    press(&mut h, "Routes");
    assert!(
        h.query_all_by_label("primary").next().is_some(),
        "the route table lists the primary"
    );
    assert!(
        h.query_all_by_label("alternate 1").next().is_some(),
        "and an alternate"
    );
    assert!(h.query_by_label("Time against risk").is_some());
}

#[test]
fn checkpoint_add_undo_redo() {
    let mut h = planned();
    let route = primary(&h);
    let mid = route.geometry[route.geometry.len() / 2].point();
    press(&mut h, "Add checkpoint");
    click_map(&mut h, mid);
    let cps = &h.state().plan().movements[0].checkpoints;
    assert_eq!(cps.len(), 1, "a checkpoint was placed");
    assert!(cps[0].planned_time.is_some(), "and timed");
    assert!(cps[0].off_route_m.is_some_and(|m| m < 20.0));
    press(&mut h, "Undo");
    assert!(h.state().plan().movements[0].checkpoints.is_empty());
    press(&mut h, "Redo");
    assert_eq!(h.state().plan().movements[0].checkpoints.len(), 1);
    press(&mut h, "Schedule");
    assert!(
        h.query_by_label_contains("checkpoints and timing")
            .is_some()
    );
}

#[test]
fn avoid_zone_moves_the_route() {
    let mut h = planned();
    let before = primary(&h);
    // A triangle of about 60 m around a point halfway along the primary.
    let mid = before.geometry[before.geometry.len() / 2].point();
    let d = 0.0006;
    let ring = [
        Point::new(mid.x() - d, mid.y() - d),
        Point::new(mid.x() + d, mid.y() - d),
        Point::new(mid.x(), mid.y() + d),
    ];
    press(&mut h, "Draw avoid zone");
    for p in ring {
        click_map(&mut h, p);
    }
    press(&mut h, "Finish zone");
    let m = &h.state().plan().movements[0];
    assert_eq!(
        m.avoid.len(),
        1,
        "the zone was added: {:?}",
        h.state().error()
    );
    let after = primary(&h);
    assert_ne!(after.geometry, before.geometry, "the route changed");
    let zone = &m.avoid[0].area;
    assert!(
        !after.geometry.iter().any(|p| zone.contains(&p.point())),
        "and keeps out of the zone"
    );
    press(&mut h, "Undo");
    assert_eq!(primary(&h).geometry, before.geometry, "undo brings it back");
}

#[test]
fn save_and_reopen_equal() {
    let mut h = planned();
    assert!(h.state().is_dirty());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("casino.ron");
    h.state_mut().save_to(&path);
    assert!(!h.state().is_dirty(), "{:?}", h.state().error());
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let mut other = harness(CordonApp::with_map(map, &common::monaco_path()));
    other
        .state_mut()
        .apply_all(vec![cordon::app::Command::Open(path.clone())]);
    settle(&mut other);
    assert_eq!(other.state().plan(), h.state().plan());
    assert!(!other.state().is_dirty());
    // A broken file is reported in the window and the plan stays.
    std::fs::write(&path, "(version: 1, name: ").expect("write");
    other
        .state_mut()
        .apply_all(vec![cordon::app::Command::Open(path)]);
    settle(&mut other);
    assert!(
        other.state().error().is_some_and(|e| e.contains("1:")),
        "{:?}",
        other.state().error()
    );
    assert_eq!(other.state().plan(), h.state().plan());
}

#[test]
fn exports_from_the_file_menu() {
    use cordon::app::{Command, ExportKind};
    let mut h = planned();
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<(ExportKind, std::path::PathBuf)> = ExportKind::ALL
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, dir.path().join(format!("out{i}.{}", k.extension()))))
        .collect();
    h.state_mut().apply_all(
        files
            .iter()
            .map(|(k, p)| Command::Export(*k, p.clone()))
            .collect(),
    );
    settle(&mut h);
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
    let read = |k: ExportKind| {
        let p = &files.iter().find(|f| f.0 == k).expect("exported").1;
        std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    assert!(read(ExportKind::Brief).starts_with(b"%PDF"));
    assert!(String::from_utf8_lossy(&read(ExportKind::Gpx)).contains("<gpx"));
    assert!(String::from_utf8_lossy(&read(ExportKind::Kml)).contains("<kml"));
    assert!(String::from_utf8_lossy(&read(ExportKind::GeoJson)).contains("FeatureCollection"));
    // The timing table: a header, and a row per checkpoint (none placed here).
    let csv = String::from_utf8_lossy(&read(ExportKind::Csv)).to_string();
    assert!(csv.starts_with("time,movement,kind,name,lat,lon"), "{csv}");
    let log = String::from_utf8_lossy(&read(ExportKind::Log)).to_string();
    assert!(log.starts_with("date,time,id,category,severity"), "{log}");
    // The TAK package: a zip whose manifest lists the route.
    let zip = read(ExportKind::Tak);
    assert!(zip.starts_with(b"PK"), "not a zip");
    assert!(
        zip.windows(21).any(|w| w == b"MANIFEST/manifest.xml"),
        "no manifest in the package"
    );
}

#[test]
fn a_via_dragged_on_the_map_reshapes_the_route() {
    let mut h = planned();
    let before = primary(&h);
    h.state_mut().apply_all(vec![cordon::app::Command::AddVia(
        "Place du Casino".into(),
        Point::new(7.4265, 43.7392),
    )]);
    settle(&mut h);
    let with_via = primary(&h);
    assert_ne!(with_via.geometry, before.geometry);
    // Drag it with the Select tool towards Boulevard des Moulins.
    press(&mut h, "Select");
    let from = h
        .state()
        .screen_pos(Point::new(7.4265, 43.7392))
        .expect("on screen");
    let to_lonlat = Point::new(7.4300, 43.7420);
    let to = h.state().screen_pos(to_lonlat).expect("on screen");
    h.hover_at(from);
    h.run_ok();
    h.drag_at(from);
    h.run_ok();
    for i in 1..=5 {
        h.hover_at(from + (to - from) * (i as f32 / 5.0));
        h.run_ok();
    }
    h.drop_at(to);
    settle(&mut h);
    let via = &h.state().plan().movements[0].via[0];
    assert!(
        cordon::coord::distance_m(via.location.point(), to_lonlat) < 15.0,
        "{via:?}"
    );
    assert_ne!(
        primary(&h).geometry,
        with_via.geometry,
        "the route follows the via"
    );
    press(&mut h, "Undo");
    assert_eq!(primary(&h).geometry, with_via.geometry);
}

#[test]
fn a_saved_plan_shows_time_against_risk_when_its_routes_are_compared() {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let plan_path = common::root().join("plans/monaco-state-visit.ron");
    let plan = cordon::plan::load(&plan_path).expect("sample plan");
    let mut h = harness(CordonApp::with_plan(
        map,
        &common::monaco_path(),
        plan.clone(),
        &plan_path,
    ));
    assert!(!h.state().is_dirty(), "opening is not an edit");
    press(&mut h, "Routes");
    assert!(
        h.query_by_label("Pareto").is_some(),
        "the candidates table is shown"
    );
    assert!(
        h.query_all_by_label_contains("primary (fastest)")
            .next()
            .is_some()
    );
    assert!(!h.state().is_dirty(), "exploring changes nothing");
    assert_eq!(
        h.state().plan().movements[0].routes,
        plan.movements[0].routes
    );
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = planned();
    assert!(h.state().is_dirty());
    // The window's close button: a Close event on the root viewport.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_ok();
    assert!(
        h.query_by_label("Unsaved changes").is_some(),
        "the prompt is shown"
    );
    press(&mut h, "Cancel");
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert!(h.state().is_dirty(), "nothing was lost or saved");
}

#[test]
fn save_by_typed_path_from_the_file_menu() {
    let mut h = planned();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typed.ron");
    press(&mut h, "File");
    press(&mut h, "By path…");
    h.get_by_role_and_label(Role::TextInput, "Path").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Path")
        .type_text(&path.display().to_string());
    h.run_ok();
    press(&mut h, "Save as");
    assert!(path.exists(), "{:?}", h.state().error());
    assert!(!h.state().is_dirty());
    assert_eq!(
        &cordon::plan::load(&path).expect("reloads"),
        h.state().plan()
    );
}

/// Issue 15, item 2: an MGRS reference typed in the search is a place to go to (a
/// "to" button makes it the destination), and the plan's grid sets how the status
/// bar shows the pointer's position.
#[test]
fn a_grid_reference_in_the_search_is_a_place() {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let mut h = harness(CordonApp::with_map(map, &common::monaco_path()));
    search_to(&mut h, "32T LP 73139 44024", "32T LP 73139 44024");
    let plan = h.state().plan();
    let to = plan
        .venue(&plan.movements[0].to)
        .expect("a destination venue");
    let casino_square = Point::new(7.4246, 43.7384);
    assert!(cordon::coord::distance_m(to.location.point(), casino_square) < 1.0);
    // The pointer's position in the status bar follows the plan's grid (MGRS here):
    // over the port, 32T LP 7296x 4370x.
    let port = Point::new(7.4225, 43.7355);
    let over = h.state().screen_pos(port).expect("on screen");
    h.hover_at(over);
    h.run_ok();
    assert!(
        h.query_by_label_contains("32T LP 729").is_some(),
        "the status bar shows MGRS"
    );
}

/// Issue 15, item 3: Export > "PDF brief for: driver" writes driver cards.
#[test]
fn the_brief_role_chosen_in_the_export_menu_is_used() {
    let mut h = planned();
    settle(&mut h);
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("card.pdf");
    h.state_mut().apply_all(vec![
        cordon::app::Command::SetBriefRole(cordon::export::brief::Role::Driver),
        cordon::app::Command::Export(cordon::export::ExportKind::Brief, pdf.clone()),
    ]);
    settle(&mut h);
    assert!(pdf.exists(), "{:?}", h.state().error());
    let Ok(out) = std::process::Command::new("pdftotext")
        .args(["-raw", &pdf.to_string_lossy(), "-"])
        .output()
    else {
        assert!(std::env::var_os("CI").is_none(), "pdftotext missing in CI");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Driver card"), "{text}");
    assert!(
        !text.contains("Route brief:"),
        "no cover page on a driver card"
    );
}

#[test]
fn a_log_entry_is_added_resolved_and_undone_on_the_log_page() {
    let mut h = planned();
    press(&mut h, "Log");
    assert!(h.query_by_label_contains("0 of 0 entries").is_some());
    press(&mut h, "Add entry at the map's centre");
    let log = h.state().plan().log.clone();
    assert_eq!(log.len(), 1, "one entry");
    assert_eq!(log[0].id, "L1");
    assert!(log[0].is_open());
    assert!(matches!(log[0].at, cordon::plan::LogPlace::Point(_)));
    // A venue entry too, then open the first and mark it resolved.
    press(&mut h, "at Casino de Monte Carlo");
    assert_eq!(h.state().plan().log.len(), 2);
    assert!(
        h.query_by_label_contains("2 of 2 entries (2 open)")
            .is_some()
    );
    h.get_by_label_contains("L1 ").click();
    settle(&mut h);
    press(&mut h, "resolved");
    let log = &h.state().plan().log;
    assert!(!log[0].is_open(), "{:?}", log[0].status);
    assert!(
        h.query_by_label_contains("2 of 2 entries (1 open)")
            .is_some()
    );
    // Undo takes back the resolution, then the venue entry.
    h.state_mut().apply_all(vec![cordon::app::Command::Undo]);
    settle(&mut h);
    assert!(h.state().plan().log[0].is_open());
    h.state_mut().apply_all(vec![cordon::app::Command::Undo]);
    settle(&mut h);
    assert_eq!(h.state().plan().log.len(), 1);
}
