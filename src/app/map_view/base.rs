//! The base map layer: the brief's renderer run on a worker thread for the view when it
//! settles, shown as one texture and shifted and scaled while the view moves.

use super::camera::Camera;
use crate::map::{Map, PlaceKind};
use crate::render::{Overlay, RenderOptions, View, render};
use egui::{Color32, Pos2, Rect, TextureHandle, Ui, Vec2};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

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
    pub(super) fn paint(
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
