//! The map view widget: the loaded map drawn in the brief's style (roads by class,
//! coastline, routes, markers), pan by drag, zoom by wheel or pinch, and the credit
//! always visible.

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
        let a = coord::mercator_from_lonlat(Coord {
            x: bbox.min_lon,
            y: bbox.min_lat,
        });
        let b = coord::mercator_from_lonlat(Coord {
            x: bbox.max_lon,
            y: bbox.max_lat,
        });
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

/// What the view reports back after a frame.
pub struct ViewResponse {
    /// Where the user clicked, if they did (lon/lat).
    pub clicked: Option<Point<f64>>,
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

/// Draws the map view filling `ui`, with `lines` and numbered `markers` on top.
pub fn map_view_ui(
    ui: &mut Ui,
    map: &Arc<Map>,
    base: &mut BaseLayer,
    cam: &mut Camera,
    lines: &[OverlayLine],
    markers: &[(String, Point<f64>)],
) -> ViewResponse {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    if response.dragged() {
        let d = response.drag_delta();
        cam.center[0] -= f64::from(d.x) * cam.m_per_pt;
        cam.center[1] += f64::from(d.y) * cam.m_per_pt;
    }
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta().y, i.zoom_delta()));
        let factor = f64::from(zoom) * (f64::from(scroll) / 300.0).exp();
        if (factor - 1.0).abs() > 1e-6 {
            cam.m_per_pt = (cam.m_per_pt / factor).clamp(0.05, 500.0);
        }
    }
    painter.rect_filled(rect, 0.0, c32(style::LAND));
    let settled = !response.dragged()
        && ui.input(|i| i.smooth_scroll_delta() == Vec2::ZERO && i.zoom_delta() == 1.0);
    if !base.paint(ui, &painter, rect, map, *cam, settled) {
        vector_roads(&painter, map, cam, rect);
    }
    for l in lines {
        let pts: Vec<Pos2> = l.points.iter().map(|c| cam.to_screen(rect, *c)).collect();
        painter.line(pts.clone(), Stroke::new(l.width + 2.0, Color32::WHITE));
        painter.line(pts, Stroke::new(l.width, l.colour));
    }
    for (label, at) in markers {
        let p = cam.to_screen(rect, at.0);
        painter.circle(p, 9.0, Color32::WHITE, Stroke::new(1.5, Color32::BLACK));
        painter.text(
            p,
            egui::Align2::CENTER_CENTER,
            label,
            egui::FontId::proportional(11.0),
            Color32::BLACK,
        );
    }
    let credit = painter.text(
        rect.right_bottom() - Vec2::new(6.0, 4.0),
        egui::Align2::RIGHT_BOTTOM,
        style::CREDIT,
        egui::FontId::proportional(11.0),
        Color32::BLACK,
    );
    painter.rect_filled(credit.expand(2.0), 2.0, Color32::from_white_alpha(200));
    painter.text(
        rect.right_bottom() - Vec2::new(6.0, 4.0),
        egui::Align2::RIGHT_BOTTOM,
        style::CREDIT,
        egui::FontId::proportional(11.0),
        Color32::BLACK,
    );
    let clicked = response
        .clicked()
        .then(|| response.interact_pointer_pos())
        .flatten()
        .map(|p| cam.to_lonlat(rect, p));
    ViewResponse { clicked, rect }
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
        .filter(|&s| rank(g.segment_way(s).class) > 0 || detail_m_per_pt <= 4.0)
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
