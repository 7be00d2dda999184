//! A planner's day without surprises (issue 12), driven headless with egui_kittest:
//! each test is one of the numbered items and failed before it was fixed.
#![cfg(feature = "gui")]

mod common;

use common::settle;
use cordon::app::{Answer, Command, CordonApp, Tab};
use cordon::plan::edit::{End, Handle, Pick};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Point;

fn harness_sized(app: CordonApp, size: egui::Vec2) -> Harness<'static, CordonApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(8)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut CordonApp| app.ui_main(ui), app);
    settle(&mut h);
    h
}

fn harness(app: CordonApp) -> Harness<'static, CordonApp> {
    harness_sized(app, egui::vec2(1400.0, 900.0))
}

fn empty() -> Harness<'static, CordonApp> {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    harness(CordonApp::with_map(map, &common::monaco_path()))
}

fn sample_app() -> CordonApp {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let plan_path = common::root().join("plans/monaco-state-visit.ron");
    let plan = cordon::plan::load(&plan_path).expect("sample plan");
    CordonApp::with_plan(map, &common::monaco_path(), plan, &plan_path)
}

fn apply(h: &mut Harness<'_, CordonApp>, commands: Vec<Command>) {
    h.state_mut().apply_all(commands);
    settle(h);
}

fn pick(name: &str, x: f64, y: f64) -> Pick {
    Pick {
        name: name.into(),
        kind: "place".into(),
        at: Point::new(x, y),
    }
}

/// Port (Boulevard Albert 1er) to the Casino, routed.
fn routed() -> Harness<'static, CordonApp> {
    let mut h = empty();
    apply(
        &mut h,
        vec![
            Command::SetEnd(End::Origin, pick("Port", 7.4225, 43.7355)),
            Command::SetEnd(End::Destination, pick("Casino", 7.4275, 43.7392)),
        ],
    );
    assert!(!h.state().plan().movements[0].routes.is_empty());
    h
}

/// Item 1: a failed open (a file that is not a plan) after "Discard changes" leaves the
/// edited plan on screen and unsaved, and says which file and why.
#[test]
fn item_1_a_failed_open_loses_nothing() {
    let mut h = routed();
    let before = h.state().plan().clone();
    assert!(h.state().is_dirty());
    let readme = common::root().join("README.md");
    apply(&mut h, vec![Command::Open(readme)]);
    assert!(h.query_by_label("Unsaved changes").is_some(), "asked first");
    apply(&mut h, vec![Command::Unsaved(Answer::Discard)]);
    let e = h.state().error().unwrap_or_default();
    assert!(
        e.contains("not a Cordon plan") && e.contains("README.md"),
        "{e}"
    );
    assert_eq!(h.state().plan(), &before, "the plan stays");
    assert!(h.state().is_dirty(), "and stays unsaved");
    apply(&mut h, vec![Command::NewPlan]);
    assert!(
        h.query_by_label("Unsaved changes").is_some(),
        "a new plan still asks before dropping the changes"
    );
}

/// Item 2: Save as writes plans only; a .pdf is refused, pointing to Export.
#[test]
fn item_2_save_as_writes_only_plans() {
    let mut h = routed();
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("brief.pdf");
    apply(&mut h, vec![Command::SaveAs(pdf.clone())]);
    assert!(!pdf.exists(), "nothing written");
    let e = h.state().error().unwrap_or_default();
    assert!(e.contains("Export") && e.contains(".ron"), "{e}");
    assert!(h.state().is_dirty(), "not marked saved");
    let ron = dir.path().join("plan.RON");
    apply(&mut h, vec![Command::SaveAs(ron.clone())]);
    assert!(ron.exists() && !h.state().is_dirty());
}

/// Item 5: departure times are read as people type them; what is refused says why on
/// the spot; Compute routes says what is missing.
#[test]
fn item_5_times_as_typed_and_missing_ends_explained() {
    let mut h = routed();
    let field = || (Role::TextInput, "Departure");
    h.get_by_role_and_label(field().0, field().1).click();
    h.run_ok();
    h.key_press(egui::Key::End);
    for _ in 0..8 {
        h.key_press(egui::Key::Backspace);
    }
    h.run_ok();
    h.get_by_role_and_label(field().0, field().1)
        .type_text("25:99");
    h.run_ok();
    assert!(
        h.query_by_label_contains("minutes must be 00 to 59")
            .is_some(),
        "the refusal is shown beside the field"
    );
    h.key_press(egui::Key::End);
    for _ in 0..8 {
        h.key_press(egui::Key::Backspace);
    }
    h.get_by_role_and_label(field().0, field().1)
        .type_text("8:15");
    h.run_ok();
    assert_eq!(
        h.state().plan().movements[0].departure,
        cordon::plan::ClockTime(8 * 3600 + 15 * 60)
    );
    // A movement with only an origin: Compute routes says what is missing.
    let mut h = empty();
    apply(
        &mut h,
        vec![
            Command::SetEnd(End::Origin, pick("Port", 7.4225, 43.7355)),
            Command::ComputeRoutes,
        ],
    );
    let e = h.state().error().unwrap_or_default();
    assert!(e.contains("no destination"), "{e}");
}

/// Item 6: an error goes when its cause is gone.
#[test]
fn item_6_errors_clear_when_their_cause_is_gone() {
    let mut h = routed();
    apply(
        &mut h,
        vec![
            Command::ZonePoint(Point::new(7.424, 43.736)),
            Command::FinishZone,
        ],
    );
    assert!(h.state().error().is_some(), "a zone needs three corners");
    apply(
        &mut h,
        vec![Command::AddVia("via".into(), Point::new(7.4250, 43.7370))],
    );
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
    let dir = tempfile::tempdir().expect("temp dir");
    apply(
        &mut h,
        vec![Command::SaveAs(dir.path().join("no/such/folder/p.ron"))],
    );
    assert!(h.state().error().is_some());
    apply(&mut h, vec![Command::SaveAs(dir.path().join("p.ron"))]);
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
}

/// Item 7: a click in the sea adds nothing; a replaced end leaves no stray venue; a
/// venue in use cannot be deleted, an unused one can; a picked place keeps its kind.
#[test]
fn item_7_venues_only_from_good_picks_and_deletable() {
    let mut h = routed();
    let venues = h.state().plan().venues.len();
    let sea = Point::new(7.4420, 43.7300);
    let map = cordon::osm::read(common::monaco_path()).expect("map");
    assert!(map.snap(sea, 250.0, |_| true).is_none(), "a point at sea");
    apply(
        &mut h,
        vec![Command::SetEnd(
            End::Destination,
            pick("43.7300,7.4420", sea.x(), sea.y()),
        )],
    );
    assert!(
        h.state()
            .error()
            .is_some_and(|e| e.contains("nothing was added"))
    );
    assert_eq!(h.state().plan().venues.len(), venues);
    apply(
        &mut h,
        vec![Command::SetEnd(
            End::Origin,
            pick("Elsewhere", 7.4200, 43.7330),
        )],
    );
    let plan = h.state().plan();
    assert_eq!(plan.venues.len(), venues, "the replaced origin went away");
    assert!(plan.venue("port").is_none());
    let used = plan
        .venues
        .iter()
        .position(|v| v.id == plan.movements[0].to);
    apply(
        &mut h,
        vec![Command::DeleteVenue(used.expect("destination"))],
    );
    assert!(
        h.state()
            .error()
            .is_some_and(|e| e.contains("used by movement"))
    );
    assert_eq!(h.state().plan().venues.len(), venues);
    // A hospital picked on the map is a hospital.
    let hospital = Point::new(7.4111524, 43.7302878);
    apply(&mut h, vec![Command::SetTool(cordon::app::Tool::Origin)]);
    h.state_mut().set_camera(cordon::app::map_view::Camera {
        center: cordon::coord::mercator_from_lonlat(hospital.0),
        m_per_pt: 1.5,
    });
    settle(&mut h);
    let at = h.state().screen_pos(hospital).expect("on screen");
    h.hover_at(at);
    h.run_ok();
    h.drag_at(at);
    h.drop_at(at);
    h.step();
    settle(&mut h);
    let plan = h.state().plan();
    let from = plan.venue(&plan.movements[0].from).expect("origin");
    assert_eq!(from.kind, "hospital", "{from:?}");
}

/// Item 9: the time-against-risk table shows the primary's time and score as the
/// route table does (speed factor applied, one score per route).
#[test]
fn item_9_one_time_and_one_score_per_route() {
    let mut h = harness(sample_app());
    apply(&mut h, vec![Command::SelectTab(Tab::Routes)]);
    let m = &h.state().plan().movements[0];
    assert!(m.speed_factor > 1.0, "the sample's m1 has a speed factor");
    let primary = m
        .route(cordon::plan::RouteRole::Primary)
        .expect("primary")
        .clone();
    let time = cordon::format::minutes(primary.duration_s * m.speed_factor);
    let score = format!("{:.1}", primary.risk.as_ref().expect("risk").score);
    assert!(
        h.query_all_by_label(&time).count() >= 2,
        "{time} in both tables"
    );
    assert!(
        h.query_all_by_label_contains(&score).count() >= 2,
        "{score} in both tables"
    );
}

/// Item 15: a via named after its street takes the new street's name when dragged.
#[test]
fn item_15_a_dragged_via_is_renamed() {
    let mut h = routed();
    apply(&mut h, vec![Command::SetTool(cordon::app::Tool::Via)]);
    let at = h
        .state()
        .screen_pos(Point::new(7.4268, 43.7398))
        .expect("on screen");
    h.hover_at(at);
    h.run_ok();
    h.drag_at(at);
    h.drop_at(at);
    h.step();
    settle(&mut h);
    let first = h.state().plan().movements[0].via[0].name.clone();
    apply(
        &mut h,
        vec![Command::Move(Handle::Via(0), Point::new(7.4225, 43.7355))],
    );
    let after = h.state().plan().movements[0].via[0].name.clone();
    assert_ne!(after, first, "renamed after the drag: {after}");
}

/// Item 17: one panel width on every page, usable at 1024x700; method names in words;
/// the dark theme says the map keeps its colours.
#[test]
fn item_17_the_side_panel_keeps_its_width_and_reads_well() {
    let mut h = harness_sized(sample_app(), egui::vec2(1024.0, 700.0));
    let mut widths = Vec::new();
    for (t, _) in Tab::ALL {
        apply(&mut h, vec![Command::SelectTab(t)]);
        widths.push(h.state().map_rect().expect("the map is shown").width());
    }
    assert!(
        widths.iter().all(|w| (w - widths[0]).abs() < 1.0),
        "{widths:?}"
    );
    assert!(
        widths[0] >= 500.0,
        "the map keeps half the window: {widths:?}"
    );
    apply(&mut h, vec![Command::SelectVenue(0)]);
    h.get_by_label("Save assessment").click();
    settle(&mut h);
    let words = cordon::risk::venue::Method::ALL.map(|m| m.label());
    assert!(
        words.iter().any(|w| h.query_by_label_contains(w).is_some()),
        "the method is named in words"
    );
    assert!(
        h.query_by_label_contains("likelihood_consequence")
            .is_none()
    );
    h.get_by_label("View").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains("map keeps its print colours")
            .is_some()
    );
}

/// Item 11: risk colours have a legend, and hovering a coloured stretch names the
/// hazard or choke point with its risk.
#[test]
fn item_11_risk_colours_explain_themselves() {
    let mut h = harness(sample_app());
    apply(&mut h, vec![Command::SetRiskColours(true)]);
    let scene = h.state().scene();
    assert!(
        scene.legend.iter().any(|(_, t)| t.contains("high")),
        "a legend"
    );
    let risk = h.state().plan().movements[0]
        .route(cordon::plan::RouteRole::Primary)
        .and_then(|r| r.risk.clone())
        .expect("the primary's risk");
    let line = scene
        .lines
        .iter()
        .find(|l| {
            l.tooltip
                .as_ref()
                .is_some_and(|t| risk.hazards.iter().any(|z| t.contains(&z.reason)))
        })
        .expect("a stretch that names its hazard");
    let mid = line.points[line.points.len() / 2];
    let at = h
        .state()
        .screen_pos(Point::new(mid.x, mid.y))
        .expect("on screen");
    h.hover_at(at);
    for _ in 0..40 {
        h.step();
    }
    h.run_ok();
    assert!(
        h.query_by_label_contains("hazard:").is_some()
            || h.query_by_label_contains("choke point (risk").is_some(),
        "the hover names the hazard"
    );
}

/// Item 13: the stretch from a venue to where its route meets the road is drawn.
#[test]
fn item_13_connectors_from_venues_to_the_route_are_drawn() {
    let h = routed();
    let scene = h.state().scene();
    assert!(
        scene.lines.iter().any(|l| l
            .tooltip
            .as_ref()
            .is_some_and(|t| t.starts_with("origin") && t.contains("to the route"))),
        "a connector from the origin"
    );
}

/// Item 12: picking a venue brings it into view; Zoom to plan keeps markers off the
/// edges.
#[test]
fn item_12_the_map_follows_what_is_picked() {
    let mut h = harness(sample_app());
    let casino = Point::new(7.4275, 43.7392);
    h.state_mut().set_camera(cordon::app::map_view::Camera {
        center: cordon::coord::mercator_from_lonlat(casino.0),
        m_per_pt: 1.0,
    });
    settle(&mut h);
    let heliport = h.state().plan().venues[0].location.point();
    let rect = h.state().map_rect().expect("map");
    let on_screen = |h: &Harness<'_, CordonApp>, p: Point<f64>, margin: f32| {
        h.state()
            .screen_pos(p)
            .is_some_and(|s| rect.shrink(margin).contains(s))
    };
    assert!(!on_screen(&h, heliport, 0.0), "off screen to start with");
    apply(&mut h, vec![Command::SelectVenue(0)]);
    assert!(on_screen(&h, heliport, 20.0), "selecting it shows it");
    apply(&mut h, vec![Command::ZoomToPlan]);
    let venues: Vec<Point<f64>> = h
        .state()
        .plan()
        .venues
        .iter()
        .map(|v| v.location.point())
        .collect();
    for v in venues {
        assert!(on_screen(&h, v, 30.0), "{v:?} is clear of the edges");
    }
}

/// Item 14: checkpoint kinds look different on the map (code and colour) and the map
/// has a legend for them.
#[test]
fn item_14_checkpoint_kinds_are_told_apart() {
    let h = harness(sample_app());
    let scene = h.state().scene();
    let m = &h.state().plan().movements[0];
    let marks: Vec<&cordon::app::map_view::Mark> = scene
        .marks
        .iter()
        .filter(|k| matches!(k.handle, Some(Handle::Checkpoint(_))))
        .collect();
    assert_eq!(marks.len(), m.checkpoints.len());
    for (mark, c) in marks.iter().zip(&m.checkpoints) {
        assert!(mark.label.ends_with(c.kind.code()), "{}", mark.label);
    }
    let fills: std::collections::BTreeSet<[u8; 4]> =
        marks.iter().map(|k| k.fill.to_array()).collect();
    let kinds: std::collections::BTreeSet<&str> =
        m.checkpoints.iter().map(|c| c.kind.code()).collect();
    assert_eq!(fills.len(), kinds.len(), "one colour per kind");
    for code in kinds {
        assert!(
            scene.legend.iter().any(|(_, t)| t.starts_with(code)),
            "{code} in the legend"
        );
    }
}

/// Item 4: File > Open map loads another map and keeps the plan (warning that it was
/// made on another map) or starts a new one; a `.pbf` opened as a plan opens as a map;
/// recovered changes made on another map are refused, naming the plan and its map.
#[test]
fn item_4_another_map_opens_and_recovery_checks_the_map() {
    let mut h = harness(sample_app());
    let other = common::data("liechtenstein-2013.osm.pbf");
    apply(&mut h, vec![Command::Open(other.clone())]);
    assert_eq!(
        h.state().map_path(),
        Some(other.as_path()),
        "{:?}",
        h.state().error()
    );
    assert_eq!(
        h.state().plan().name,
        "Monaco state visit",
        "the plan stays"
    );
    assert!(
        h.state()
            .warning()
            .is_some_and(|w| w.contains("monaco.osm.pbf") && w.contains("not on")),
        "{:?}",
        h.state().warning()
    );
    assert!(h.query_by_label("New plan on this map").is_some());
    apply(&mut h, vec![Command::KeepPlanOnMap(false)]);
    assert_eq!(h.state().plan().name, "Untitled plan");
    // Changes autosaved on Monaco are not applied to Liechtenstein.
    let dir = tempfile::tempdir().expect("temp dir");
    let recovery = dir.path().join("recovery.ron");
    let mut edited =
        cordon::plan::load(&common::root().join("plans/monaco-state-visit.ron")).expect("sample");
    edited.map.path = common::monaco_path().display().to_string();
    cordon::plan::save(&edited, &recovery).expect("recovery");
    let map = cordon::osm::read(&other).expect("map");
    let mut h = harness(CordonApp::with_map(map, &other).with_recovery(recovery.clone()));
    assert!(
        h.query_by_label_contains("'Monaco state visit' on monaco.osm.pbf")
            .is_some(),
        "the offer names the plan and its map"
    );
    apply(&mut h, vec![Command::Recover]);
    let e = h.state().error().unwrap_or_default();
    assert!(e.contains("made on monaco.osm.pbf"), "{e}");
    assert_eq!(h.state().plan().name, "Untitled plan");
    assert!(recovery.exists(), "the changes are kept");
}

/// Item 3: where no desktop dialog can be shown, Cordon's own file dialog lets the
/// planner choose a file (here forced, as a machine without a portal gets it).
#[test]
fn item_3_the_in_app_file_dialog_opens_a_plan() {
    let map = cordon::osm::read(common::monaco_path()).expect("default map");
    let app = CordonApp::with_map(map, &common::monaco_path()).with_builtin_dialogs();
    let mut h = harness(app);
    apply(&mut h, vec![Command::Ask(cordon::app::Ask::Open)]);
    assert!(h.state().file_dialog_open());
    assert!(
        h.query_by_label("Open a plan").is_some(),
        "the dialog shows"
    );
    h.get_by_label("monaco-state-visit.ron").click();
    h.run_ok();
    h.get_by_label("Open").click();
    h.run_ok();
    settle(&mut h);
    assert!(!h.state().file_dialog_open());
    assert_eq!(
        h.state().plan().name,
        "Monaco state visit",
        "{:?}",
        h.state().error()
    );
}

/// Item 10 (its slider half): moving the risk weight shows the route that weight
/// finds on the map.
#[test]
fn item_10_the_risk_weight_shows_its_route() {
    let mut h = harness(sample_app());
    apply(&mut h, vec![Command::SelectTab(Tab::Routes)]);
    let chosen = |h: &Harness<'_, CordonApp>| {
        h.state().scene().lines.iter().find_map(|l| {
            l.tooltip
                .clone()
                .filter(|t| t.starts_with("found at risk weight"))
        })
    };
    apply(&mut h, vec![Command::SetRiskWeight(0.0)]);
    let fastest = chosen(&h).expect("the route weight 0 finds is drawn");
    assert!(fastest.contains("fastest"), "{fastest}");
    apply(&mut h, vec![Command::SetRiskWeight(8.0)]);
    let safer = chosen(&h).expect("and the one weight 8 finds");
    assert_ne!(safer, fastest, "moving the slider changes what is shown");
}

/// Item 8, second half: each search hit says which district and town it lies in, so
/// equal names on a map of several regions can be told apart.
#[test]
fn item_8_search_hits_show_their_town() {
    let mut h = empty();
    apply(
        &mut h,
        vec![Command::Search("Centre hospitalier Princesse Grace".into())],
    );
    assert!(
        h.query_by_label_contains("(hospital, Jardin Exotique, Monaco)")
            .is_some(),
        "the hit names its district and town"
    );
}

/// Item 10, second half: an alternate, or a route found at a risk weight, can be made
/// the primary with one click; the former primary becomes an alternate, the schedule
/// follows, and Ctrl+Z puts the fastest back.
#[test]
fn item_10_an_alternate_or_weighted_route_can_be_adopted_as_primary() {
    use cordon::plan::RouteRole;
    use cordon::risk::PrimaryRule;
    let mut h = harness(sample_app());
    apply(&mut h, vec![Command::SelectTab(Tab::Routes)]);
    let route = |h: &Harness<'_, CordonApp>, role| {
        h.state().plan().movements[0]
            .route(role)
            .map(|r| r.geometry.clone())
            .expect("route")
    };
    let fastest = route(&h, RouteRole::Primary);
    let alt1 = route(&h, RouteRole::Alternate(1));
    let arrival_before = cordon::plan::arrival(&h.state().plan().movements[0]);
    // The routes table offers each alternate; click the first.
    h.get_all_by_label("make primary")
        .next()
        .expect("a make-primary button")
        .click();
    settle(&mut h);
    let m = &h.state().plan().movements[0];
    assert_eq!(m.primary, PrimaryRule::Alternate(1));
    assert_eq!(
        route(&h, RouteRole::Primary),
        alt1,
        "the alternate is primary"
    );
    assert_eq!(
        route(&h, RouteRole::Alternate(1)),
        fastest,
        "the fastest stays"
    );
    assert_ne!(
        cordon::plan::arrival(&h.state().plan().movements[0]),
        arrival_before,
        "the schedule follows the new primary"
    );
    assert!(h.state().is_dirty());
    apply(&mut h, vec![Command::Undo]);
    assert_eq!(route(&h, RouteRole::Primary), fastest, "undo restores it");

    // The route weight 8 finds, from the time-against-risk table.
    apply(&mut h, vec![Command::SetRiskWeight(8.0)]);
    h.get_by_label_contains("\" the primary").click();
    settle(&mut h);
    let primary = h.state().plan().movements[0]
        .route(RouteRole::Primary)
        .expect("primary")
        .found_by;
    assert!(
        matches!(primary, Some(PrimaryRule::RiskWeight(_))),
        "{primary:?}"
    );
}

/// Item 15, as walked in the window: a via put where no street is near is named by
/// its coordinates; dragged, it takes the new place's name (or coordinates).
#[test]
fn item_15_a_via_named_by_its_coordinates_is_renamed_when_dragged() {
    let mut h = routed();
    apply(
        &mut h,
        vec![Command::AddVia(
            "43.735649,7.415803".into(),
            Point::new(7.415803, 43.735649),
        )],
    );
    let before = h.state().plan().movements[0].via[0].name.clone();
    apply(
        &mut h,
        vec![Command::Move(
            Handle::Via(0),
            Point::new(7.419438, 43.732365),
        )],
    );
    let after = h.state().plan().movements[0].via[0].name.clone();
    assert_ne!(after, before, "renamed after the drag: {after}");
    assert!(!after.contains("43.735649"), "{after}");
}

/// Item 6, as walked in the window: after routing fails the status bar no longer says
/// "computing routes".
#[test]
fn item_6_a_failed_route_leaves_no_computing_status() {
    let mut h = routed();
    // An avoid zone round the destination: the routes fail.
    apply(
        &mut h,
        vec![
            Command::ZonePoint(Point::new(7.4265, 43.7385)),
            Command::ZonePoint(Point::new(7.4285, 43.7385)),
            Command::ZonePoint(Point::new(7.4275, 43.7400)),
            Command::FinishZone,
        ],
    );
    assert!(h.state().error().is_some(), "routing failed");
    assert!(
        !h.state().status().contains("computing"),
        "{}",
        h.state().status()
    );
}

/// Item 6/7, as walked in the window: typing a venue's new name while a refusal about
/// it is shown loses no keystroke when the banner goes (the page keeps its ids).
#[test]
fn item_7_renaming_a_venue_under_a_banner_keeps_every_keystroke() {
    let mut h = routed();
    apply(
        &mut h,
        vec![Command::SelectTab(Tab::Venue), Command::SelectVenue(0)],
    );
    h.get_by_label("Delete venue").click();
    settle(&mut h);
    assert!(h.state().error().is_some(), "refused: a movement uses it");
    h.get_by_role_and_label(Role::TextInput, "Name").click();
    h.run_ok();
    h.key_press(egui::Key::End);
    for ch in ["P", "o", "l", "i", "c", "e"] {
        h.get_by_role_and_label(Role::TextInput, "Name")
            .type_text(ch);
        h.run_ok();
    }
    let name = &h.state().plan().venues[0].name;
    assert!(name.ends_with("Police"), "{name}");
}
