//! The map view widget: the loaded map drawn in the brief's style (a base layer from
//! the brief's renderer, street and haven labels where they fit), the plan's routes,
//! zones and markers on top; pan by drag or arrow keys, zoom by wheel, pinch, `+`/`-`
//! or double-click; markers with handles can be dragged; tooltips name what is under
//! the pointer; the credit is always visible.

use super::edit::Handle;
use crate::coord::{self, BBox};
use crate::map::{Map, PlaceKind, RoadClass};
use crate::render::{Overlay, RenderOptions, View, render, style};
use egui::{Color32, Pos2, Rect, Sense, Stroke, TextureHandle, Ui, Vec2};
use geo::{Coord, Point};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// Where the view looks: Web Mercator centre and metres per point.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Camera {
    /// Centre, Mercator metres.
    pub center: [f64; 2],
    /// Mercator metres per screen point.
    pub m_per_pt: f64,
}

impl Camera {
    /// A camera showing `bbox` in a view of `size` points.
    pub fn fit(bbox: BBox, size: Vec2) -> Camera {
        let (a, b) = bbox.mercator_corners();
        let m_per_pt = ((b[0] - a[0]) / f64::from(size.x.max(1.0)))
            .max((b[1] - a[1]) / f64::from(size.y.max(1.0)))
            * 1.05;
        Camera {
            center: [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0],
            m_per_pt: m_per_pt.max(0.05),
        }
    }

    /// Screen position of a lon/lat coordinate in `rect`.
    pub fn to_screen(&self, rect: Rect, c: Coord<f64>) -> Pos2 {
        let m = coord::mercator_from_lonlat(c);
        let x = (m[0] - self.center[0]) / self.m_per_pt;
        let y = (self.center[1] - m[1]) / self.m_per_pt;
        rect.center() + Vec2::new(x as f32, y as f32)
    }

    /// Lon/lat under a screen position.
    pub fn to_lonlat(&self, rect: Rect, p: Pos2) -> Point<f64> {
        let d = p - rect.center();
        let m = [
            self.center[0] + f64::from(d.x) * self.m_per_pt,
            self.center[1] - f64::from(d.y) * self.m_per_pt,
        ];
        Point::from(coord::lonlat_from_mercator(m))
    }

    /// The lon/lat box a `rect` shows.
    pub fn bbox(&self, rect: Rect) -> BBox {
        let a = self.to_lonlat(rect, rect.left_bottom());
        let b = self.to_lonlat(rect, rect.right_top());
        BBox {
            min_lon: a.x(),
            min_lat: a.y(),
            max_lon: b.x(),
            max_lat: b.y(),
        }
    }
}

/// A line to draw over the map, with its colour and width in points.
pub struct OverlayLine {
    /// Lon/lat points.
    pub points: Vec<Coord<f64>>,
    /// Colour.
    pub colour: Color32,
    /// Width.
    pub width: f32,
    /// Dashed (alternates, emergency routes).
    pub dashed: bool,
    /// With a white casing.
    pub casing: bool,
}

/// The base map (sea, parks, buildings, roads, havens: the brief's renderer) for one
/// camera, as a texture. It is re-rendered on a worker thread when the camera settles;
/// meanwhile the last one is shifted and scaled, so a frame only draws one quad.
#[derive(Default)]
pub struct BaseLayer {
    shown: Option<(TextureHandle, Camera, Vec2)>,
    pending: Option<Receiver<(Camera, Vec2, egui::ColorImage)>>,
}

impl BaseLayer {
    fn poll(&mut self, ui: &Ui) {
        let Some(rx) = &self.pending else { return };
        if let Ok((cam, size, image)) = rx.try_recv() {
            let tex = ui
                .ctx()
                .load_texture("base-map", image, egui::TextureOptions::LINEAR);
            self.shown = Some((tex, cam, size));
            self.pending = None;
        }
    }

    /// Blocks until a requested render has arrived and shows it (tests, benchmarks).
    pub fn wait(&mut self, ctx: &egui::Context) {
        let Some(rx) = self.pending.take() else {
            return;
        };
        if let Ok((cam, size, image)) = rx.recv() {
            let tex = ctx.load_texture("base-map", image, egui::TextureOptions::LINEAR);
            self.shown = Some((tex, cam, size));
        }
    }

    /// Whether a render is on its way.
    pub fn pending(&self) -> bool {
        self.pending.is_some()
    }

    fn request(&mut self, ui: &Ui, map: &Arc<Map>, cam: Camera, size: Vec2) {
        let ppp = ui.ctx().pixels_per_point();
        let (w, h) = ((size.x * ppp).round() as u32, (size.y * ppp).round() as u32);
        if w < 8 || h < 8 {
            return;
        }
        let (tx, rx) = channel();
        let map = Arc::clone(map);
        let ctx = ui.ctx().clone();
        std::thread::spawn(move || {
            let view = View {
                center: cam.center,
                m_per_px: cam.m_per_pt / f64::from(ppp),
                width: w,
                height: h,
            };
            let extent = view.bbox();
            let overlay = Overlay {
                havens: map
                    .places()
                    .iter()
                    .filter(|p| PlaceKind::HAVENS.contains(&p.kind) && extent.contains(p.location))
                    .map(|p| (p.location, p.kind))
                    .collect(),
                ..Overlay::default()
            };
            let pm = render(
                &map,
                &view,
                &overlay,
                RenderOptions {
                    scale: ppp,
                    legend: false,
                },
            );
            if let Some(pm) = pm {
                let image =
                    egui::ColorImage::from_rgba_premultiplied([w as usize, h as usize], pm.data());
                let _ = tx.send((cam, size, image));
            }
            ctx.request_repaint();
        });
        self.pending = Some(rx);
    }

    /// Draws the layer for `cam` (or the last one, moved into place); `true` if drawn.
    fn paint(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        rect: Rect,
        map: &Arc<Map>,
        cam: Camera,
        settled: bool,
    ) -> bool {
        self.poll(ui);
        let stale = self
            .shown
            .as_ref()
            .is_none_or(|(_, c, s)| *c != cam || *s != rect.size());
        if stale && settled && self.pending.is_none() {
            self.request(ui, map, cam, rect.size());
        }
        let Some((tex, tc, size)) = &self.shown else {
            return false;
        };
        let scale = (tc.m_per_pt / cam.m_per_pt) as f32;
        let offset = Vec2::new(
            ((tc.center[0] - cam.center[0]) / cam.m_per_pt) as f32,
            ((cam.center[1] - tc.center[1]) / cam.m_per_pt) as f32,
        );
        let centre = rect.center() + offset;
        let shown = Rect::from_center_size(centre, *size * scale);
        painter.image(
            tex.id(),
            shown,
            Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
            Color32::WHITE,
        );
        true
    }
}

/// A marker the user can see (and, with a handle, drag).
#[derive(Debug, Clone)]
pub struct Mark {
    /// What dragging it moves, if it can be dragged.
    pub handle: Option<Handle>,
    /// Where.
    pub at: Point<f64>,
    /// Text inside it.
    pub label: String,
    /// Fill.
    pub fill: Color32,
    /// Shown on hover.
    pub tooltip: String,
}

/// Everything drawn over the base map.
#[derive(Default)]
pub struct Scene {
    /// Route lines, drawn in order.
    pub lines: Vec<OverlayLine>,
    /// Avoid zones (outer rings, lon/lat).
    pub zones: Vec<Vec<Coord<f64>>>,
    /// The zone being drawn.
    pub draft: Vec<Point<f64>>,
    /// Markers.
    pub marks: Vec<Mark>,
    /// A point to ring (the selected turn).
    pub highlight: Option<Point<f64>>,
}

/// The view's state between frames.
#[derive(Default)]
pub struct MapView {
    /// Where it looks; set on the first frame.
    pub camera: Option<Camera>,
    /// The rendered base map.
    pub base: BaseLayer,
    /// Draw roads as vectors every frame instead of the rendered base layer (the
    /// fallback until the first base layer arrives; benchmarks measure it).
    pub vector_only: bool,
    drag: Option<(Handle, Pos2)>,
}

/// What the view reports back after a frame.
pub struct ViewResponse {
    /// Where the user clicked, if they did (lon/lat).
    pub clicked: Option<Point<f64>>,
    /// A handle dropped at a new place.
    pub moved: Option<(Handle, Point<f64>)>,
    /// Where the pointer is.
    pub hover: Option<Point<f64>>,
    /// The screen area of the map.
    pub rect: Rect,
}

fn c32(c: style::Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c[0], c[1], c[2], c[3])
}

fn rank(c: RoadClass) -> u8 {
    use RoadClass as C;
    match c {
        C::Footway | C::Path | C::Cycleway | C::Bridleway | C::Steps | C::Corridor => 0,
        C::Service | C::Track | C::Pedestrian | C::LivingStreet => 1,
        C::Unclassified | C::Residential | C::Road => 2,
        C::Tertiary | C::TertiaryLink | C::Secondary | C::SecondaryLink => 3,
        _ => 4,
    }
}

/// Narrowest and widest zoom, metres per point.
pub const ZOOM_LIMITS: (f64, f64) = (0.05, 500.0);

impl Camera {
    /// Zooms by `factor` (> 1 closer) keeping the point under `at` in place.
    pub fn zoom_at(&mut self, rect: Rect, at: Pos2, factor: f64) {
        let d = at - rect.center();
        let before = [
            self.center[0] + f64::from(d.x) * self.m_per_pt,
            self.center[1] - f64::from(d.y) * self.m_per_pt,
        ];
        self.m_per_pt = (self.m_per_pt / factor).clamp(ZOOM_LIMITS.0, ZOOM_LIMITS.1);
        self.center = [
            before[0] - f64::from(d.x) * self.m_per_pt,
            before[1] + f64::from(d.y) * self.m_per_pt,
        ];
    }

    /// Moves the view by a screen distance.
    pub fn pan(&mut self, d: Vec2) {
        self.center[0] -= f64::from(d.x) * self.m_per_pt;
        self.center[1] += f64::from(d.y) * self.m_per_pt;
    }
}

/// Pans and zooms from the pointer and the keyboard; returns whether the view moved.
fn navigate(ui: &Ui, response: &egui::Response, cam: &mut Camera, dragging_handle: bool) -> bool {
    let rect = response.rect;
    let before = *cam;
    if response.dragged() && !dragging_handle {
        cam.pan(response.drag_delta());
    }
    if response.hovered() {
        let (scroll, zoom, pointer) = ui.input(|i| {
            (
                i.smooth_scroll_delta().y,
                i.zoom_delta(),
                i.pointer.hover_pos(),
            )
        });
        let factor = f64::from(zoom) * (f64::from(scroll) / 300.0).exp();
        if (factor - 1.0).abs() > 1e-6 {
            cam.zoom_at(rect, pointer.unwrap_or(rect.center()), factor);
        }
    }
    if response.double_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        cam.zoom_at(rect, p, 2.0);
    }
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    if !typing {
        use egui::Key;
        ui.input(|i| {
            let step = 80.0;
            for (k, d) in [
                (Key::ArrowLeft, Vec2::new(step, 0.0)),
                (Key::ArrowRight, Vec2::new(-step, 0.0)),
                (Key::ArrowUp, Vec2::new(0.0, step)),
                (Key::ArrowDown, Vec2::new(0.0, -step)),
            ] {
                if i.key_pressed(k) {
                    cam.pan(d);
                }
            }
            if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                cam.zoom_at(rect, rect.center(), 2.0);
            }
            if i.key_pressed(Key::Minus) {
                cam.zoom_at(rect, rect.center(), 0.5);
            }
        });
    }
    *cam != before
}

const GRAB_PT: f32 = 12.0;

/// Draws the map view filling `ui` with `scene` on top. `drag_handles` lets marks
/// with handles be dragged (otherwise a drag pans).
pub fn map_view_ui(
    ui: &mut Ui,
    map: &Arc<Map>,
    view: &mut MapView,
    scene: &Scene,
    drag_handles: bool,
) -> ViewResponse {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    let cam = view
        .camera
        .get_or_insert_with(|| Camera::fit(map.extent(), rect.size()));
    let mut moved = None;
    // Grab what was under the pointer when the button went down, not where the
    // pointer is once the movement counts as a drag.
    if drag_handles
        && response.drag_started()
        && let Some(p) = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos())
    {
        view.drag = scene
            .marks
            .iter()
            .filter_map(|m| Some((m.handle?, cam.to_screen(rect, m.at.0))))
            .filter(|(_, s)| s.distance(p) < GRAB_PT)
            .min_by(|a, b| a.1.distance(p).total_cmp(&b.1.distance(p)))
            .map(|(h, _)| (h, p));
    }
    if let Some((h, _)) = view.drag {
        if let Some(p) = response.interact_pointer_pos() {
            view.drag = Some((h, p));
        }
        if response.drag_stopped() {
            moved = view.drag.take().map(|(h, p)| (h, cam.to_lonlat(rect, p)));
        }
    }
    let moving = navigate(ui, &response, cam, view.drag.is_some());
    let cam = *cam;
    painter.rect_filled(rect, 0.0, c32(style::LAND));
    let settled = !moving && !response.dragged();
    if view.vector_only || !view.base.paint(ui, &painter, rect, map, cam, settled) {
        vector_roads(&painter, map, &cam, rect);
    }
    if settled {
        labels(&painter, map, &cam, rect);
    }
    draw_scene(&painter, &cam, rect, scene, view.drag);
    credit(&painter, rect);
    let hover = response.hover_pos().map(|p| cam.to_lonlat(rect, p));
    if let Some(p) = response.hover_pos()
        && view.drag.is_none()
        && let Some(text) = tooltip(map, &cam, rect, scene, p)
    {
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(text);
        });
    }
    let clicked = response
        .clicked()
        .then(|| response.interact_pointer_pos())
        .flatten()
        .map(|p| cam.to_lonlat(rect, p));
    ViewResponse {
        clicked,
        moved,
        hover,
        rect,
    }
}

fn draw_scene(
    painter: &egui::Painter,
    cam: &Camera,
    rect: Rect,
    scene: &Scene,
    drag: Option<(Handle, Pos2)>,
) {
    let painter = painter.with_clip_rect(rect);
    for z in &scene.zones {
        let pts: Vec<Pos2> = z.iter().map(|c| cam.to_screen(rect, *c)).collect();
        painter.add(egui::Shape::closed_line(
            pts.clone(),
            Stroke::new(2.0, Color32::from_rgb(200, 0, 0)),
        ));
        painter.add(egui::Shape::convex_polygon(
            pts,
            Color32::from_rgba_unmultiplied(220, 0, 0, 40),
            Stroke::NONE,
        ));
    }
    if !scene.draft.is_empty() {
        let pts: Vec<Pos2> = scene
            .draft
            .iter()
            .map(|p| cam.to_screen(rect, p.0))
            .collect();
        painter.add(egui::Shape::line(
            pts.clone(),
            Stroke::new(2.0, Color32::from_rgb(200, 0, 0)),
        ));
        for p in pts {
            painter.circle_filled(p, 4.0, Color32::from_rgb(200, 0, 0));
        }
    }
    for l in &scene.lines {
        let pts: Vec<Pos2> = l.points.iter().map(|c| cam.to_screen(rect, *c)).collect();
        if l.casing {
            painter.line(pts.clone(), Stroke::new(l.width + 2.5, Color32::WHITE));
        }
        if l.dashed {
            painter.extend(egui::Shape::dashed_line(
                &pts,
                Stroke::new(l.width, l.colour),
                10.0,
                6.0,
            ));
        } else {
            painter.line(pts, Stroke::new(l.width, l.colour));
        }
    }
    if let Some(h) = scene.highlight {
        let p = cam.to_screen(rect, h.0);
        painter.circle_stroke(p, 14.0, Stroke::new(3.0, Color32::from_rgb(213, 94, 0)));
    }
    for m in &scene.marks {
        let p = match (drag, m.handle) {
            (Some((dh, at)), Some(h)) if dh == h => at,
            _ => cam.to_screen(rect, m.at.0),
        };
        painter.circle(p, 9.0, m.fill, Stroke::new(1.5, Color32::BLACK));
        painter.text(
            p,
            egui::Align2::CENTER_CENTER,
            &m.label,
            egui::FontId::proportional(11.0),
            Color32::BLACK,
        );
    }
}

fn credit(painter: &egui::Painter, rect: Rect) {
    let at = rect.right_bottom() - Vec2::new(6.0, 4.0);
    let font = egui::FontId::proportional(11.0);
    let galley = painter.layout_no_wrap(style::CREDIT.to_string(), font, Color32::BLACK);
    let r = egui::Align2::RIGHT_BOTTOM.anchor_size(at, galley.size());
    painter.rect_filled(r.expand(2.0), 2.0, Color32::from_white_alpha(210));
    painter.galley(r.min, galley, Color32::BLACK);
}

/// What is under the pointer: a marker, a haven or other named place, or a street.
fn tooltip(map: &Map, cam: &Camera, rect: Rect, scene: &Scene, p: Pos2) -> Option<String> {
    let near = |at: Coord<f64>| cam.to_screen(rect, at).distance(p);
    if let Some(m) = scene
        .marks
        .iter()
        .filter(|m| near(m.at.0) < GRAB_PT)
        .min_by(|a, b| near(a.at.0).total_cmp(&near(b.at.0)))
    {
        return Some(m.tooltip.clone());
    }
    let probe = cam.bbox(Rect::from_center_size(p, Vec2::splat(2.0 * GRAB_PT)));
    let place = map
        .places_in(probe)
        .filter_map(|i| map.places().get(i as usize))
        .filter(|pl| pl.name.is_some())
        .min_by(|a, b| near(a.location.0).total_cmp(&near(b.location.0)));
    if let Some(pl) = place {
        let mut t = format!("{} ({})", pl.display_name(), pl.kind.label());
        if let Some(ph) = &pl.phone {
            t.push_str(&format!("\ntel. {ph}"));
        }
        return Some(t);
    }
    if cam.m_per_pt > 6.0 {
        return None;
    }
    let g = map.graph();
    let probe = cam.bbox(Rect::from_center_size(p, Vec2::splat(12.0)));
    map.segments_in(probe).find_map(|s| {
        let w = g.segment_way(s);
        let name = w.name.as_deref().or(w.road_ref.as_deref())?;
        Some(format!("{name} ({})", w.class.as_str()))
    })
}

/// Street names along their roads and names of havens, where they fit.
fn labels(painter: &egui::Painter, map: &Map, cam: &Camera, rect: Rect) {
    let painter = painter.with_clip_rect(rect);
    // Keep clear of the scale bar (bottom left) and the credit (bottom right).
    let mut taken: Vec<Rect> = vec![
        Rect::from_min_size(
            rect.left_bottom() - Vec2::new(0.0, 50.0),
            Vec2::new(240.0, 50.0),
        ),
        Rect::from_min_size(
            rect.right_bottom() - Vec2::new(200.0, 24.0),
            Vec2::new(200.0, 24.0),
        ),
    ];
    let bbox = cam.bbox(rect);
    if cam.m_per_pt < 4.0 {
        for pl in map
            .places_in(bbox)
            .filter_map(|i| map.places().get(i as usize))
        {
            if style::haven(pl.kind).is_none() {
                continue;
            }
            let Some(name) = &pl.name else { continue };
            let at = cam.to_screen(rect, pl.location.0) + Vec2::new(0.0, 10.0);
            let r = halo_text(
                &painter,
                at,
                0.0,
                name,
                11.0,
                Color32::from_rgb(20, 20, 60),
                &taken,
            );
            taken.extend(r);
        }
    }
    if cam.m_per_pt > 2.5 {
        return;
    }
    let g = map.graph();
    let mut segs: Vec<u32> = map
        .segments_in(bbox)
        .filter(|&s| g.segment_way(s).name.is_some() && rank(g.segment_way(s).class) > 0)
        .collect();
    segs.sort_by_key(|&s| std::cmp::Reverse(rank(g.segment_way(s).class)));
    let mut done: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for s in segs {
        let Some(name) = g.segment_way(s).name.as_deref() else {
            continue;
        };
        if done.contains(name) || taken.len() > 82 {
            continue;
        }
        let pts: Vec<Pos2> = g
            .segment_points(s)
            .iter()
            .map(|c| cam.to_screen(rect, *c))
            .collect();
        let Some((a, b)) = straight_run(&pts) else {
            continue;
        };
        let width = name.chars().count() as f32 * 5.8;
        if a.distance(b) < width + 10.0 || !rect.contains(a.lerp(b, 0.5)) {
            continue;
        }
        let mut angle = (b.y - a.y).atan2(b.x - a.x);
        if angle.abs() > std::f32::consts::FRAC_PI_2 {
            angle += std::f32::consts::PI;
        }
        if let Some(r) = halo_text(
            &painter,
            a.lerp(b, 0.5),
            angle,
            name,
            10.5,
            Color32::from_rgb(60, 60, 60),
            &taken,
        ) {
            taken.push(r);
            done.insert(name);
        }
    }
}

/// The longest chord of `pts` along which the line stays nearly straight (its length
/// within 8 % of the chord's): where a label can follow the road.
fn straight_run(pts: &[Pos2]) -> Option<(Pos2, Pos2)> {
    let mut best: Option<(Pos2, Pos2)> = None;
    let mut best_len = 0.0;
    for i in 0..pts.len() {
        let mut path = 0.0;
        for j in i + 1..pts.len() {
            path += pts[j - 1].distance(pts[j]);
            let chord = pts[i].distance(pts[j]);
            if path > chord * 1.08 {
                break;
            }
            if chord > best_len {
                best_len = chord;
                best = Some((pts[i], pts[j]));
            }
        }
    }
    best
}

/// Text centred on `at`, rotated by `angle`, with a white halo; `None` when it would
/// overlap a label already drawn.
fn halo_text(
    painter: &egui::Painter,
    at: Pos2,
    angle: f32,
    text: &str,
    size: f32,
    colour: Color32,
    taken: &[Rect],
) -> Option<Rect> {
    let font = egui::FontId::proportional(size);
    let galley = painter.layout_no_wrap(text.to_string(), font.clone(), colour);
    let half = galley.size() / 2.0;
    let (sin, cos) = angle.sin_cos();
    let reach = Vec2::new(
        (half.x * cos).abs() + (half.y * sin).abs(),
        (half.x * sin).abs() + (half.y * cos).abs(),
    );
    let bounds = Rect::from_center_size(at, reach * 2.0);
    if taken.iter().any(|t| t.intersects(bounds)) {
        return None;
    }
    let top_left = at - Vec2::new(half.x * cos - half.y * sin, half.x * sin + half.y * cos);
    let halo = painter.layout_no_wrap(text.to_string(), font, Color32::WHITE);
    for d in [
        Vec2::new(1.0, 0.0),
        Vec2::new(-1.0, 0.0),
        Vec2::new(0.0, 1.0),
        Vec2::new(0.0, -1.0),
    ] {
        painter.add(
            egui::epaint::TextShape::new(top_left + d, halo.clone(), Color32::WHITE)
                .with_angle(angle),
        );
    }
    painter.add(egui::epaint::TextShape::new(top_left, galley, colour).with_angle(angle));
    Some(bounds)
}

/// Roads as vector lines: shown until the first base layer arrives.
fn vector_roads(painter: &egui::Painter, map: &Map, cam: &Camera, rect: Rect) {
    let bbox = cam.bbox(rect);
    let g = map.graph();
    let mut segs: Vec<u32> = map.segments_in(bbox).collect();
    segs.sort_by_key(|&s| rank(g.segment_way(s).class));
    let detail_m_per_pt = cam.m_per_pt;
    let visible: Vec<u32> = segs
        .into_iter()
        .filter(|&s| {
            // Detail by zoom: paths from 2 m/pt, service roads from 4, streets from 6.
            let r = rank(g.segment_way(s).class);
            let needs = [2.0, 4.0, 6.0, f64::MAX, f64::MAX];
            detail_m_per_pt <= needs[usize::from(r).min(4)]
        })
        .collect();
    for casing in [true, false] {
        for &s in &visible {
            let st = style::road(g.segment_way(s).class);
            let width = (st.width_m / (detail_m_per_pt as f32)).clamp(st.min_px * 0.8, 14.0);
            let pts: Vec<Pos2> = g
                .segment_points(s)
                .iter()
                .map(|c| cam.to_screen(rect, *c))
                .collect();
            match casing {
                true if st.casing[3] > 0 && !st.dashed => {
                    painter.line(pts, Stroke::new(width + 1.2, c32(st.casing)))
                }
                false => painter.line(pts, Stroke::new(width, c32(st.fill))),
                true => continue,
            };
        }
    }
}
