//! What every rendered map carries besides the map: the scale bar, the north arrow,
//! the legend of what the overlay shows, and the "© OpenStreetMap contributors" credit.

use super::raster::{
    Overlay, RenderOptions, RouteKind, centred, circle, fill_and_outline, paint, stroke,
};
use super::style::{self, LineStyle};
use super::text::{self, Fonts};
use super::view::View;
use crate::map::PlaceKind;
use tiny_skia::{PathBuilder, Pixmap, Rect, Transform};

pub(super) fn furniture(
    pm: &mut Pixmap,
    view: &View,
    overlay: &Overlay,
    opts: RenderOptions,
    fonts: &Fonts,
    grid_note: Option<&str>,
) {
    scale_bar(pm, view, opts.scale, fonts);
    north_arrow(pm, opts.scale, fonts);
    if opts.legend {
        legend(pm, overlay, opts.scale, fonts, grid_note);
    }
    let size = 10.0 * opts.scale;
    let w = text::width(&fonts.regular, style::CREDIT, size);
    let (x, y) = (
        pm.width() as f32 - w - 6.0 * opts.scale,
        pm.height() as f32 - 6.0 * opts.scale,
    );
    if let Some(rect) = Rect::from_xywh(
        x - 3.0 * opts.scale,
        y - size,
        w + 6.0 * opts.scale,
        size * 1.35,
    ) {
        pm.fill_rect(
            rect,
            &paint([255, 255, 255, 210]),
            Transform::identity(),
            None,
        );
    }
    text::draw(pm, &fonts.regular, style::CREDIT, x, y, size, style::INK);
}

/// A bar of a round length (1, 2 or 5 x 10^n metres) about a fifth of the width.
fn scale_bar(pm: &mut Pixmap, view: &View, scale: f32, fonts: &Fonts) {
    let m_per_px = view.ground_m_per_px();
    let target = f64::from(pm.width()) / 5.0 * m_per_px;
    let pow = 10f64.powf(target.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .iter()
        .map(|k| k * pow)
        .find(|m| *m <= target)
        .unwrap_or(pow);
    let len = (metres / m_per_px) as f32;
    let (x, y) = (12.0 * scale, pm.height() as f32 - 14.0 * scale);
    if let Some(rect) = Rect::from_xywh(
        x - 4.0 * scale,
        y - 20.0 * scale,
        len + 8.0 * scale + 60.0 * scale,
        28.0 * scale,
    ) {
        pm.fill_rect(
            rect,
            &paint([255, 255, 255, 210]),
            Transform::identity(),
            None,
        );
    }
    for (i, colour) in [style::INK, style::WHITE].iter().enumerate() {
        if let Some(rect) = Rect::from_xywh(x + i as f32 * len / 2.0, y, len / 2.0, 4.0 * scale) {
            pm.fill_rect(rect, &paint(*colour), Transform::identity(), None);
        }
    }
    if let Some(rect) = Rect::from_xywh(x, y, len, 4.0 * scale) {
        outline(pm, rect, scale);
    }
    let label = if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{metres} m")
    };
    text::draw(
        pm,
        &fonts.regular,
        &label,
        x,
        y - 5.0 * scale,
        10.0 * scale,
        style::INK,
    );
}

fn north_arrow(pm: &mut Pixmap, scale: f32, fonts: &Fonts) {
    let (x, y) = (pm.width() as f32 - 22.0 * scale, 16.0 * scale);
    let mut pb = PathBuilder::new();
    pb.move_to(x, y);
    pb.line_to(x + 8.0 * scale, y + 24.0 * scale);
    pb.line_to(x, y + 18.0 * scale);
    pb.line_to(x - 8.0 * scale, y + 24.0 * scale);
    pb.close();
    if let Some(path) = pb.finish() {
        fill_and_outline(pm, &path, style::INK, style::WHITE, 1.0 * scale);
    }
    centred(
        pm,
        &fonts.bold,
        "N",
        x,
        y + 33.0 * scale,
        11.0 * scale,
        style::INK,
    );
}

/// What a legend row shows beside its text.
enum Key {
    Line(LineStyle),
    Haven(PlaceKind),
    Checkpoint(style::Rgba),
    Choke(bool),
    Via,
    Zone,
    Grid,
}

/// Legend rows for what the overlay actually holds.
fn legend_rows(overlay: &Overlay) -> Vec<(Key, String)> {
    let mut rows: Vec<(Key, String)> = Vec::new();
    for kind in [
        RouteKind::Primary,
        RouteKind::Alternate,
        RouteKind::Emergency,
    ] {
        if overlay.routes.iter().any(|r| r.kind == kind) {
            rows.push((Key::Line(kind.style()), kind.style().label.to_string()));
        }
    }
    if overlay.checkpoint_key.is_empty() && !overlay.checkpoints.is_empty() {
        rows.push((
            Key::Checkpoint(style::CHECKPOINT),
            "checkpoint (number)".into(),
        ));
    }
    for (code, meaning, fill) in &overlay.checkpoint_key {
        rows.push((Key::Checkpoint(*fill), format!("{code}: {meaning}")));
    }
    if !overlay.vias.is_empty() {
        rows.push((Key::Via, "via point".into()));
    }
    if !overlay.zones.is_empty() {
        rows.push((Key::Zone, "avoid zone".into()));
    }
    for (p, label) in [
        (true, "priority choke point (score)"),
        (false, "choke point (score)"),
    ] {
        if overlay.chokes.iter().any(|c| c.2 == p) {
            rows.push((Key::Choke(p), label.into()));
        }
    }
    for kind in PlaceKind::HAVENS {
        if overlay.havens.iter().any(|h| h.1 == *kind) {
            rows.push((Key::Haven(*kind), kind.label().to_string()));
        }
    }
    rows
}

/// The legend in the bottom right corner, above the credit.
fn legend(pm: &mut Pixmap, overlay: &Overlay, scale: f32, fonts: &Fonts, grid: Option<&str>) {
    let mut rows = legend_rows(overlay);
    if let Some(note) = grid {
        rows.push((Key::Grid, note.to_string()));
    }
    if rows.is_empty() {
        return;
    }
    let size = 10.0 * scale;
    let row_h = 16.0 * scale;
    let text_w = rows
        .iter()
        .map(|(_, l)| text::width(&fonts.regular, l, size))
        .fold(0.0, f32::max);
    let (w, h) = (
        text_w + 50.0 * scale,
        rows.len() as f32 * row_h + 10.0 * scale,
    );
    let (x0, y0) = (
        pm.width() as f32 - w - 8.0 * scale,
        pm.height() as f32 - h - 26.0 * scale,
    );
    legend_box(pm, x0, y0, w, h, scale);
    for (i, (key, label)) in rows.iter().enumerate() {
        let cy = y0 + 5.0 * scale + row_h * (i as f32 + 0.5);
        let (kx, kw) = (x0 + 8.0 * scale, 28.0 * scale);
        legend_key(pm, key, kx, kw, cy, scale, fonts);
        text::draw(
            pm,
            &fonts.regular,
            label,
            kx + kw + 8.0 * scale,
            cy + size * 0.35,
            size,
            style::INK,
        );
    }
}

/// The legend's white, outlined box.
fn legend_box(pm: &mut Pixmap, x0: f32, y0: f32, w: f32, h: f32, scale: f32) {
    let Some(rect) = Rect::from_xywh(x0, y0, w, h) else {
        return;
    };
    pm.fill_rect(
        rect,
        &paint([255, 255, 255, 235]),
        Transform::identity(),
        None,
    );
    outline(pm, rect, scale);
}

/// A thin ink outline around `rect`.
fn outline(pm: &mut Pixmap, rect: Rect, scale: f32) {
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    if let Some(path) = pb.finish() {
        pm.stroke_path(
            &path,
            &paint(style::INK),
            &stroke(1.0 * scale, &[]),
            Transform::identity(),
            None,
        );
    }
}

/// A row's key in the `kw` wide column from `kx`, centred on `cy`.
fn legend_key(pm: &mut Pixmap, key: &Key, kx: f32, kw: f32, cy: f32, scale: f32, fonts: &Fonts) {
    let cx = kx + kw / 2.0;
    match key {
        Key::Line(st) => {
            let mut pb = PathBuilder::new();
            pb.move_to(kx, cy);
            pb.line_to(kx + kw, cy);
            if let Some(path) = pb.finish() {
                let dash: Vec<f32> = st.dash.iter().map(|d| d * scale * 0.6).collect();
                pm.stroke_path(
                    &path,
                    &paint(st.colour),
                    &stroke(st.width_px * scale * 0.5, &dash),
                    Transform::identity(),
                    None,
                );
            }
        }
        Key::Haven(k) => {
            let Some((c, letter)) = style::haven(*k) else {
                return;
            };
            let (r, side) = (6.0 * scale, 12.0 * scale);
            if let Some(rect) = Rect::from_xywh(cx - r, cy - r, side, side) {
                pm.fill_rect(rect, &paint(c), Transform::identity(), None);
            }
            centred(pm, &fonts.bold, letter, cx, cy, 9.0 * scale, style::WHITE);
        }
        Key::Checkpoint(fill) => circle(pm, cx, cy, 6.0 * scale, *fill, style::INK, 1.2 * scale),
        Key::Via => circle(pm, cx, cy, 6.0 * scale, style::VIA, style::INK, 1.2 * scale),
        Key::Zone => {
            let (r, side) = (6.0 * scale, 12.0 * scale);
            if let Some(rect) = Rect::from_xywh(cx - r, cy - r, side, side) {
                pm.fill_rect(rect, &paint(style::ZONE_FILL), Transform::identity(), None);
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                if let Some(path) = pb.finish() {
                    let edge = stroke(1.5 * scale, &[]);
                    pm.stroke_path(
                        &path,
                        &paint(style::ZONE_EDGE),
                        &edge,
                        Transform::identity(),
                        None,
                    );
                }
            }
        }
        Key::Choke(p) => {
            let fill = if *p {
                style::CHOKE_PRIORITY
            } else {
                style::CHOKE
            };
            circle(pm, cx, cy, 6.0 * scale, fill, style::INK, 1.0 * scale);
        }
        Key::Grid => {
            // A square of grid lines.
            let r = 6.0 * scale;
            let mut pb = PathBuilder::new();
            for d in [-r, 0.0, r] {
                pb.move_to(cx + d, cy - r);
                pb.line_to(cx + d, cy + r);
                pb.move_to(cx - r, cy + d);
                pb.line_to(cx + r, cy + d);
            }
            if let Some(path) = pb.finish() {
                pm.stroke_path(
                    &path,
                    &paint([40, 40, 90, 200]),
                    &stroke(0.9 * scale, &[]),
                    Transform::identity(),
                    None,
                );
            }
        }
    }
}
