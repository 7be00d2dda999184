//! The brief's pictures: the day's map on the cover, and per movement an overview of
//! all its routes and strip maps along a long primary, rendered in parallel and encoded
//! as JPEG for the PDF.

use super::{STRIP_M, STRIP_OVER_M, coords};
use crate::coord::{self, BBox};
use crate::grid::Grid;
use crate::map::{Map, PlaceKind};
use crate::plan::{Movement, RouteRole};
use crate::render::{Marker, Overlay, OverlayRoute, RenderOptions, RouteKind, View, render, style};
use geo::{Coord, Point};
use rayon::prelude::*;

/// A picture for the PDF: width and height in pixels, JPEG bytes.
pub(super) type Image = (u32, u32, Vec<u8>);

fn bbox_of(points: &[Coord<f64>]) -> BBox {
    let mut b = BBox::EMPTY;
    for c in points {
        b.extend(*c);
    }
    b
}

/// The map images of one movement: the overview, then strips along the primary.
pub(super) fn movement_images(map: &Map, m: &Movement, w_px: u32, grid: Grid) -> Vec<Image> {
    let mut overlay = Overlay {
        grid: Some(grid),
        ..Overlay::default()
    };
    let mut all = Vec::new();
    for r in &m.routes {
        let kind = match r.role {
            RouteRole::Primary => RouteKind::Primary,
            RouteRole::Alternate(_) => RouteKind::Alternate,
            RouteRole::Emergency => RouteKind::Emergency,
        };
        let line = coords(r);
        all.extend(line.iter().copied());
        overlay.routes.push(OverlayRoute { kind, line });
    }
    vias_and_zones(&mut overlay, m);
    all.extend(overlay.vias.iter().map(|v| v.at.0));
    overlay.checkpoints = m
        .checkpoints
        .iter()
        .enumerate()
        .map(|(i, c)| Marker {
            label: format!("{} {}", i + 1, c.kind.code()),
            at: c.location.point(),
            fill: Some(style::CHECKPOINT_KINDS[c.kind.index()]),
        })
        .collect();
    overlay.checkpoint_key = checkpoint_key(m);
    if let Some(risk) = m.route(RouteRole::Primary).and_then(|r| r.risk.as_ref()) {
        overlay.chokes = risk
            .choke_points
            .iter()
            .map(|c| (c.location, c.score, c.priority))
            .collect();
    }
    let area = bbox_of(&all).grown_m(250.0);
    overlay.havens = map
        .places()
        .iter()
        .filter(|p| PlaceKind::HAVENS.contains(&p.kind) && area.contains(p.location))
        .map(|p| (p.location, p.kind))
        .collect();
    let mut views = vec![View::fit(area, w_px, w_px * 7 / 10, 24.0)];
    if let Some(primary) = m
        .route(RouteRole::Primary)
        .filter(|r| r.length_m > STRIP_OVER_M)
    {
        let line = coords(primary);
        let n = (primary.length_m / STRIP_M).ceil() as usize;
        for k in 0..n {
            let part = coord::slice_polyline(
                &line,
                k as f64 * STRIP_M,
                ((k + 1) as f64 * STRIP_M).min(primary.length_m),
            );
            views.push(View::fit(
                bbox_of(&part).grown_m(120.0),
                w_px,
                w_px / 2,
                24.0,
            ));
        }
    }
    let opts = RenderOptions {
        scale: w_px as f32 / 900.0,
        legend: true,
    };
    views
        .par_iter()
        .filter_map(|v| jpeg_of(&render(map, v, &overlay, opts)?))
        .collect()
}

/// The legend rows for the checkpoint kinds the movement uses, in kind order.
fn checkpoint_key(m: &Movement) -> Vec<(String, String, crate::render::style::Rgba)> {
    crate::plan::CheckpointKind::ALL
        .into_iter()
        .filter(|k| m.checkpoints.iter().any(|c| c.kind == *k))
        .map(|k| {
            let fill = style::CHECKPOINT_KINDS[k.index()];
            (k.code().to_string(), k.label().to_string(), fill)
        })
        .collect()
}

/// The movement's via points ("v1", ...) and avoid zones on its map.
fn vias_and_zones(overlay: &mut Overlay, m: &Movement) {
    overlay.vias = m
        .via
        .iter()
        .enumerate()
        .map(|(i, v)| Marker {
            label: format!("v{}", i + 1),
            at: v.location.point(),
            fill: None,
        })
        .collect();
    overlay.zones = m
        .avoid
        .iter()
        .flat_map(|z| z.area.0.iter().map(|p| p.exterior().0.clone()))
        .collect();
}

/// A rendered map as (width, height, JPEG bytes) for the PDF.
fn jpeg_of(pm: &tiny_skia::Pixmap) -> Option<Image> {
    let rgb: Vec<u8> = pm
        .pixels()
        .iter()
        .flat_map(|p| [p.red(), p.green(), p.blue()])
        .collect();
    Some((
        pm.width(),
        pm.height(),
        jpeg(&rgb, pm.width(), pm.height())?,
    ))
}

/// JPEG-encodes an RGB image for the PDF. An Adobe APP14 segment declares the YCbCr
/// colour transform, which PDF readers honour over printpdf's fixed `ColorTransform 0`.
fn jpeg(rgb: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    enc.add_app_segment(14, b"Adobe\x00\x64\x00\x00\x00\x00\x01".to_vec())
        .ok()?;
    enc.encode(
        rgb,
        u16::try_from(w).ok()?,
        u16::try_from(h).ok()?,
        jpeg_encoder::ColorType::Rgb,
    )
    .ok()?;
    Some(out)
}

/// The whole day on one map: every primary route, with each movement's start numbered.
pub(super) fn day_image(
    map: &Map,
    movements: &[&Movement],
    w_px: u32,
    grid: Grid,
) -> Option<Image> {
    let mut overlay = Overlay {
        grid: Some(grid),
        ..Overlay::default()
    };
    let mut all = Vec::new();
    for m in movements {
        let Some(r) = m.route(RouteRole::Primary) else {
            continue;
        };
        let line = coords(r);
        if let Some(start) = line.first() {
            overlay.checkpoints.push(Marker {
                label: m.id.trim_start_matches('m').to_string(),
                at: Point::from(*start),
                fill: None,
            });
        }
        all.extend(line.iter().copied());
        overlay.routes.push(OverlayRoute {
            kind: RouteKind::Primary,
            line,
        });
    }
    if all.is_empty() {
        return None;
    }
    let view = View::fit(bbox_of(&all).grown_m(200.0), w_px, w_px * 3 / 5, 24.0);
    let opts = RenderOptions {
        scale: w_px as f32 / 900.0,
        legend: true,
    };
    jpeg_of(&render(map, &view, &overlay, opts)?)
}
