//! CPU time per frame of the app's map view, headless: an egui context runs the view
//! (with the sample plan's first movement drawn over it) and its output is tessellated,
//! as eframe does before handing meshes to the GPU. Three zooms over the map (full
//! extent, mid, street) and three kinds of frame:
//!
//! - settled: the base layer is shown as a texture, street and haven labels drawn;
//! - panning: a drag in progress (the last base layer shifted, no labels);
//! - vector: roads drawn as vectors every frame (the fallback until the first base
//!   layer arrives, and the worst case).
//!
//! Also the time the worker takes to render a base layer at each zoom (off the UI
//! thread: how long the view stays soft after it stops moving).
//!
//!     cargo bench --bench frame   # default map: tests/data/monaco-riviera-2016.osm.pbf
//!     CORDON_BENCH_MAP=maps/monaco.osm.pbf cargo bench --bench frame

use cordon::app::CordonApp;
use cordon::app::map_view::{Camera, MapView, Scene, map_view_ui};
use egui::{Event, PointerButton, Pos2, RawInput, Rect, vec2};
use std::sync::Arc;
use std::time::Instant;

const FRAMES: usize = 60;

/// The map widget's state and where it looks (the app keeps the camera in its
/// remembered state).
#[derive(Default)]
struct Viewer {
    camera: Option<Camera>,
    view: MapView,
}
const SIZE: (f32, f32) = (1440.0, 900.0);

/// The scene the app draws for the sample plan's first movement.
fn scene() -> Scene {
    let plan_path = std::path::Path::new("plans/monaco-state-visit.ron");
    let map_path = std::path::Path::new("maps/monaco.osm.pbf");
    match (cordon::plan::load(plan_path), cordon::osm::read(map_path)) {
        (Ok(plan), Ok(map)) => CordonApp::with_plan(map, map_path, plan, plan_path).scene(),
        _ => Scene::default(),
    }
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SIZE.0, SIZE.1))),
        events,
        ..RawInput::default()
    }
}

/// One frame: layout and paint of the view, then tessellation. Returns microseconds.
fn frame(
    ctx: &egui::Context,
    map: &Arc<cordon::map::Map>,
    v: &mut Viewer,
    scene: &Scene,
    events: Vec<Event>,
) -> f64 {
    let t = Instant::now();
    let out = ctx.run_ui(input(events), |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            let _ = map_view_ui(ui, map, &mut v.camera, &mut v.view, scene, false);
        });
    });
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    std::hint::black_box(prims);
    t.elapsed().as_secs_f64() * 1e6
}

/// The whole window (menus, toolbar, the side panel's page, the map) on the sample
/// plan, settled: microseconds per frame, median and p99.
fn whole_window(map: cordon::map::Map, tab: cordon::app::Tab) -> (f64, f64) {
    let plan_path = std::path::Path::new("plans/monaco-state-visit.ron");
    let Ok(plan) = cordon::plan::load(plan_path) else {
        return (f64::NAN, f64::NAN);
    };
    let mut app = cordon::app::CordonApp::with_plan(
        map,
        std::path::Path::new("maps/monaco.osm.pbf"),
        plan,
        plan_path,
    );
    app.set_tab(tab);
    let ctx = egui::Context::default();
    let run = |app: &mut cordon::app::CordonApp| {
        let t = Instant::now();
        let out = ctx.run_ui(input(Vec::new()), |ui| app.ui_main(ui));
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
        t.elapsed().as_secs_f64() * 1e6
    };
    for _ in 0..5 {
        run(&mut app);
        app.finish_work(&ctx);
    }
    median((0..FRAMES).map(|_| run(&mut app)).collect())
}

fn median(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() * 99 / 100])
}

fn main() {
    let path = std::env::var("CORDON_BENCH_MAP")
        .unwrap_or_else(|_| "tests/data/monaco-riviera-2016.osm.pbf".into());
    let map = Arc::new(cordon::osm::read(&path).unwrap_or_else(|e| panic!("{e}")));
    let scene = scene();
    let full = Camera::fit(map.extent(), vec2(SIZE.0, SIZE.1));
    let monaco = cordon::coord::mercator_from_lonlat(geo::Coord {
        x: 7.4215,
        y: 43.7375,
    });
    let zooms = [
        ("full extent", full),
        (
            "mid (8 m/pt)",
            Camera {
                center: monaco,
                m_per_pt: 8.0,
            },
        ),
        (
            "street (1 m/pt)",
            Camera {
                center: monaco,
                m_per_pt: 1.0,
            },
        ),
    ];
    for (name, tab) in [
        ("Plan", cordon::app::Tab::Plan),
        ("Schedule", cordon::app::Tab::Schedule),
        ("Routes", cordon::app::Tab::Routes),
    ] {
        let m = cordon::osm::read("maps/monaco.osm.pbf").unwrap_or_else(|e| panic!("{e}"));
        let (w, wp) = whole_window(m, tab);
        println!(
            "whole window, sample plan on maps/monaco.osm.pbf, {name} page: median {:.2} ms, p99 {:.2} ms",
            w / 1e3,
            wp / 1e3
        );
    }
    println!(
        "map {path}; {FRAMES} frames each, {}x{} points",
        SIZE.0, SIZE.1
    );
    println!(
        "| zoom | m/pt | settled median / p99 ms | panning median / p99 ms | vector median / p99 ms | base layer render ms |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, cam) in zooms {
        let ctx = egui::Context::default();
        // Settled: first frame asks for the base layer; wait for it, then time.
        let mut view = Viewer {
            camera: Some(cam),
            ..Viewer::default()
        };
        frame(&ctx, &map, &mut view, &scene, Vec::new());
        let t = Instant::now();
        view.view.base.wait(&ctx);
        let render_ms = t.elapsed().as_secs_f64() * 1e3;
        frame(&ctx, &map, &mut view, &scene, Vec::new());
        let settled: Vec<f64> = (0..FRAMES)
            .map(|_| frame(&ctx, &map, &mut view, &scene, Vec::new()))
            .collect();
        // Panning: press, then move the pointer a little every frame.
        let start = Pos2::new(700.0, 450.0);
        frame(
            &ctx,
            &map,
            &mut view,
            &scene,
            vec![Event::PointerMoved(start)],
        );
        frame(
            &ctx,
            &map,
            &mut view,
            &scene,
            vec![Event::PointerButton {
                pos: start,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Default::default(),
            }],
        );
        let panning: Vec<f64> = (1..=FRAMES)
            .map(|i| {
                frame(
                    &ctx,
                    &map,
                    &mut view,
                    &scene,
                    vec![Event::PointerMoved(start + vec2(i as f32 * 3.0, 0.0))],
                )
            })
            .collect();
        assert!(
            view.camera.is_some_and(|c| c.center[0] < cam.center[0]),
            "the drag panned the view"
        );
        let mut vector = Viewer {
            camera: Some(cam),
            ..Viewer::default()
        };
        vector.view.vector_only = true;
        let ctx = egui::Context::default();
        frame(&ctx, &map, &mut vector, &scene, Vec::new());
        let vectors: Vec<f64> = (0..FRAMES)
            .map(|_| frame(&ctx, &map, &mut vector, &scene, Vec::new()))
            .collect();
        let (s, sp) = median(settled);
        let (p, pp) = median(panning);
        let (v, vp) = median(vectors);
        println!(
            "| {name} | {:.2} | {:.2} / {:.2} | {:.2} / {:.2} | {:.2} / {:.2} | {render_ms:.0} |",
            cam.m_per_pt,
            s / 1e3,
            sp / 1e3,
            p / 1e3,
            pp / 1e3,
            v / 1e3,
            vp / 1e3
        );
    }
}
