//! Text and vectors drawn over the base layer: street names along straight runs of
//! their roads and haven names, kept apart and clear of the scale bar and the credit;
//! and vector roads with detail by zoom until the first base layer arrives.

use super::c32;
use super::camera::Camera;
use crate::map::{Map, RoadClass};
use crate::render::style;
use egui::{Color32, Pos2, Rect, Stroke, Vec2};

/// Importance of a road class for labels and detail by zoom (0 paths .. 4 major).
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

/// Street names along their roads and names of havens, where they fit.
pub(super) fn labels(painter: &egui::Painter, map: &Map, cam: &Camera, rect: Rect) {
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
    if cam.m_per_pt < 4.0 {
        haven_labels(&painter, map, cam, rect, &mut taken);
    }
    if cam.m_per_pt <= 2.5 {
        street_labels(&painter, map, cam, rect, &mut taken);
    }
}

/// Names of hospitals, police and fire stations and embassies under their icons.
fn haven_labels(
    painter: &egui::Painter,
    map: &Map,
    cam: &Camera,
    rect: Rect,
    taken: &mut Vec<Rect>,
) {
    for pl in map
        .places_in(cam.bbox(rect))
        .filter_map(|i| map.places().get(i as usize))
    {
        if style::haven(pl.kind).is_none() {
            continue;
        }
        let Some(name) = &pl.name else { continue };
        let at = cam.to_screen(rect, pl.location.0) + Vec2::new(0.0, 10.0);
        let r = halo_text(
            painter,
            at,
            0.0,
            name,
            11.0,
            Color32::from_rgb(20, 20, 60),
            taken,
        );
        taken.extend(r);
    }
}

/// Street names along the straightest run of one of their segments, major roads first,
/// each name once.
fn street_labels(
    painter: &egui::Painter,
    map: &Map,
    cam: &Camera,
    rect: Rect,
    taken: &mut Vec<Rect>,
) {
    let g = map.graph();
    let mut segs: Vec<u32> = map
        .segments_in(cam.bbox(rect))
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
            painter,
            a.lerp(b, 0.5),
            angle,
            name,
            10.5,
            Color32::from_rgb(60, 60, 60),
            taken,
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
pub(super) fn vector_roads(painter: &egui::Painter, map: &Map, cam: &Camera, rect: Rect) {
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
