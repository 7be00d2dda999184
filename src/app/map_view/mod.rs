//! The map view widget: the loaded map drawn in the brief's style (a base layer from
//! the brief's renderer, street and haven labels where they fit), the plan's routes,
//! zones and markers on top; pan by drag or arrow keys, zoom by wheel, pinch, `+`/`-`
//! or double-click; markers with handles can be dragged; tooltips name what is under
//! the pointer; the credit is always visible.

mod base;
mod camera;
mod labels;

pub use base::BaseLayer;
pub use camera::{Camera, ZOOM_LIMITS};

use crate::map::Map;
use crate::plan::edit::Handle;
use crate::render::style;
use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui, Vec2};
use geo::{Coord, Point};
use std::sync::Arc;

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
    /// What hovering it says (risk stretches name their hazard or choke point).
    pub tooltip: Option<String>,
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
    /// Keys drawn in the map's top left corner (colour, meaning), e.g. risk colours.
    pub legend: Vec<(Color32, String)>,
}

/// The view's runtime state between frames (where it looks is the caller's: the app
/// keeps the camera in its remembered state).
#[derive(Default)]
pub struct MapView {
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

pub(super) fn c32(c: style::Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c[0], c[1], c[2], c[3])
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

/// Draws the map view filling `ui` with `scene` on top, looking through `camera` (the
/// whole map when `None`; the camera follows pans and zooms). `drag_handles` lets
/// marks with handles be dragged (otherwise a drag pans).
pub fn map_view_ui(
    ui: &mut Ui,
    map: &Arc<Map>,
    camera: &mut Option<Camera>,
    view: &mut MapView,
    scene: &Scene,
    drag_handles: bool,
) -> ViewResponse {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    let cam = camera.get_or_insert_with(|| Camera::fit(map.extent(), rect.size()));
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
        labels::vector_roads(&painter, map, &cam, rect);
    }
    if settled {
        labels::labels(&painter, map, &cam, rect);
    }
    draw_scene(&painter, &cam, rect, scene, view.drag);
    legend(&painter, rect, &scene.legend);
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
        let font = egui::FontId::proportional(11.0);
        let galley = painter.layout_no_wrap(m.label.clone(), font, Color32::BLACK);
        let w = galley.size().x;
        if w > 12.0 {
            // A wider label ("3 CP") makes a pill.
            let r = Rect::from_center_size(p, Vec2::new(w + 10.0, 18.0));
            painter.rect(
                r,
                9.0,
                m.fill,
                Stroke::new(1.5, Color32::BLACK),
                egui::StrokeKind::Middle,
            );
        } else {
            painter.circle(p, 9.0, m.fill, Stroke::new(1.5, Color32::BLACK));
        }
        painter.galley(p - galley.size() / 2.0, galley, Color32::BLACK);
    }
}

/// The scene's legend in the top left corner of the map.
fn legend(painter: &egui::Painter, rect: Rect, rows: &[(Color32, String)]) {
    if rows.is_empty() {
        return;
    }
    let font = egui::FontId::proportional(11.0);
    let galleys: Vec<_> = rows
        .iter()
        .map(|(_, t)| painter.layout_no_wrap(t.clone(), font.clone(), Color32::BLACK))
        .collect();
    let w = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max) + 34.0;
    let h = 16.0 * rows.len() as f32 + 8.0;
    let bg = Rect::from_min_size(rect.left_top() + Vec2::new(8.0, 8.0), Vec2::new(w, h));
    painter.rect_filled(bg, 3.0, Color32::from_white_alpha(225));
    for (i, ((c, _), g)) in rows.iter().zip(galleys).enumerate() {
        let y = bg.top() + 4.0 + 16.0 * i as f32 + 8.0;
        let a = Pos2::new(bg.left() + 6.0, y);
        painter.line_segment([a, a + Vec2::new(18.0, 0.0)], Stroke::new(6.0, *c));
        painter.galley(
            Pos2::new(bg.left() + 30.0, y - g.size().y / 2.0),
            g,
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

/// The tooltip of the topmost line with one within a few points of `p`.
fn line_under(cam: &Camera, rect: Rect, scene: &Scene, p: Pos2) -> Option<String> {
    scene.lines.iter().rev().find_map(|l| {
        let text = l.tooltip.as_ref()?;
        let pts: Vec<Pos2> = l.points.iter().map(|c| cam.to_screen(rect, *c)).collect();
        let near = pts.windows(2).any(|w| {
            let (a, b) = (w[0], w[1]);
            let ab = b - a;
            let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
            (a + ab * t).distance(p) <= l.width / 2.0 + 6.0
        });
        near.then(|| text.clone())
    })
}

/// What is under the pointer: a marker, a line with a note (a risk stretch), a haven
/// or other named place, or a street.
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
    if let Some(t) = line_under(cam, rect, scene, p) {
        return Some(t);
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
