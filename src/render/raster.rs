//! Drawing a view of the map into a pixmap.

use super::furniture::furniture;
use super::style::{self, LineStyle, Rgba};
use super::text::{self, Fonts};
use super::view::View;
use crate::map::{FeatureKind, Map, PlaceKind, RoadClass};
use geo::{Coord, Geometry, LineString, Point, Polygon};
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform,
};

/// The part a route plays, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// The planned route.
    Primary,
    /// An alternate.
    Alternate,
    /// To a hospital.
    Emergency,
}

impl RouteKind {
    /// Its line style.
    pub fn style(self) -> LineStyle {
        match self {
            RouteKind::Primary => style::PRIMARY,
            RouteKind::Alternate => style::ALTERNATE,
            RouteKind::Emergency => style::EMERGENCY,
        }
    }
}

/// A route to draw.
#[derive(Debug, Clone)]
pub struct OverlayRoute {
    /// Its role.
    pub kind: RouteKind,
    /// Its line (lon/lat).
    pub line: Vec<Coord<f64>>,
}

/// A numbered or lettered marker.
#[derive(Debug, Clone)]
pub struct Marker {
    /// Text inside the marker ("3", or "3 CP": a wider label makes a pill).
    pub label: String,
    /// Where.
    pub at: Point<f64>,
    /// Its fill (`None`: the style's checkpoint yellow).
    pub fill: Option<Rgba>,
}

/// Everything drawn over the base map.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    /// Routes (drawn emergency, alternates, then primary on top).
    pub routes: Vec<OverlayRoute>,
    /// Checkpoints, numbered.
    pub checkpoints: Vec<Marker>,
    /// Havens with their kind.
    pub havens: Vec<(Point<f64>, PlaceKind)>,
    /// Choke points with score (1-10) and priority.
    pub chokes: Vec<(Point<f64>, f64, bool)>,
    /// Via points ("v1", "v2", ...).
    pub vias: Vec<Marker>,
    /// The legend's key to checkpoint markers: code, meaning, fill (empty: one
    /// generic "checkpoint" row).
    pub checkpoint_key: Vec<(String, String, Rgba)>,
    /// Avoid zones (outer rings, lon/lat).
    pub zones: Vec<Vec<Coord<f64>>>,
    /// Grid lines to draw and label (MGRS or UTM; other grids draw none).
    pub grid: Option<crate::grid::Grid>,
}

/// Rendering choices.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Multiplies line widths, markers and text (2 for print at about 200 dpi).
    pub scale: f32,
    /// Draw the legend.
    pub legend: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            scale: 1.0,
            legend: true,
        }
    }
}

pub(super) fn paint(rgba: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(rgba[0], rgba[1], rgba[2], rgba[3]);
    p.anti_alias = true;
    p
}

/// Fills `path` and outlines it (markers, the north arrow).
pub(super) fn fill_and_outline(
    pm: &mut Pixmap,
    path: &tiny_skia::Path,
    fill: Rgba,
    edge: Rgba,
    width: f32,
) {
    pm.fill_path(
        path,
        &paint(fill),
        FillRule::Winding,
        Transform::identity(),
        None,
    );
    pm.stroke_path(
        path,
        &paint(edge),
        &stroke(width, &[]),
        Transform::identity(),
        None,
    );
}

pub(super) fn stroke(width: f32, dash: &[f32]) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: if dash.is_empty() {
            None
        } else {
            StrokeDash::new(dash.to_vec(), 0.0)
        },
        ..Stroke::default()
    }
}

fn polyline(view: &View, pts: &[Coord<f64>]) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for (i, c) in pts.iter().enumerate() {
        let (x, y) = view.px(*c);
        if i == 0 {
            pb.move_to(x, y)
        } else {
            pb.line_to(x, y)
        }
    }
    pb.finish()
}

fn polygon_path(view: &View, polys: &[&Polygon<f64>]) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for p in polys {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            for (i, c) in ring.0.iter().enumerate() {
                let (x, y) = view.px(*c);
                if i == 0 {
                    pb.move_to(x, y)
                } else {
                    pb.line_to(x, y)
                }
            }
            pb.close();
        }
    }
    pb.finish()
}

/// Draws the map window `view` with `overlay` on top; `None` when the view is too large
/// for a pixmap.
pub fn render(map: &Map, view: &View, overlay: &Overlay, opts: RenderOptions) -> Option<Pixmap> {
    let mut pm = render_base(map, view, opts.scale)?;
    let fonts = Fonts::load();
    let grid = overlay.grid.and_then(|g| super::grid_lines::trace(view, g));
    if let Some(g) = &grid {
        super::grid_lines::draw_lines(&mut pm, g, opts.scale);
    }
    draw_zones(&mut pm, view, overlay, opts.scale);
    draw_routes(&mut pm, view, overlay, opts.scale);
    if let Some(f) = &fonts {
        draw_markers(&mut pm, view, overlay, opts.scale, f);
        if let Some(g) = &grid {
            super::grid_lines::draw_labels(&mut pm, g, opts.scale, f);
        }
        let note = grid.as_ref().map(|g| g.note.as_str());
        furniture(&mut pm, view, overlay, opts, f, note);
    }
    Some(pm)
}

/// Draws only the base map of `view` (land, sea, areas, roads, the shading beyond the
/// file's extent): no overlay, no scale bar, legend or credit. Basemap tiles are this;
/// `None` when the view is too large for a pixmap.
pub fn render_base(map: &Map, view: &View, scale: f32) -> Option<Pixmap> {
    let mut pm = Pixmap::new(view.width.max(1), view.height.max(1))?;
    pm.fill(tiny_skia::Color::from_rgba8(
        style::LAND[0],
        style::LAND[1],
        style::LAND[2],
        255,
    ));
    draw_sea(&mut pm, map, view);
    draw_features(&mut pm, map, view, scale);
    draw_roads(&mut pm, map, view, scale);
    shade_outside(&mut pm, map, view);
    Some(pm)
}

fn draw_sea(pm: &mut Pixmap, map: &Map, view: &View) {
    let Some(mask) = super::sea::sea_mask(map, view) else {
        return;
    };
    let c = style::WATER;
    let Some(water) = tiny_skia::PremultipliedColorU8::from_rgba(c[0], c[1], c[2], 255) else {
        return;
    };
    for (px, sea) in pm.pixels_mut().iter_mut().zip(mask) {
        if sea {
            *px = water;
        }
    }
}

/// Greys out what lies beyond the file's extent: there is no data there, not empty land.
fn shade_outside(pm: &mut Pixmap, map: &Map, view: &View) {
    let e = map.extent();
    let (x0, y0) = view.px(Coord {
        x: e.min_lon,
        y: e.max_lat,
    });
    let (x1, y1) = view.px(Coord {
        x: e.max_lon,
        y: e.min_lat,
    });
    let mut pb = PathBuilder::new();
    if let (Some(all), Some(inside)) = (
        Rect::from_xywh(
            -1.0,
            -1.0,
            pm.width() as f32 + 2.0,
            pm.height() as f32 + 2.0,
        ),
        Rect::from_ltrb(x0, y0, x1, y1),
    ) {
        pb.push_rect(all);
        pb.push_rect(inside);
    }
    if let Some(path) = pb.finish() {
        pm.fill_path(
            &path,
            &paint([205, 205, 205, 190]),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
}

fn draw_features(pm: &mut Pixmap, map: &Map, view: &View, scale: f32) {
    let bbox = view.bbox();
    let detailed = view.ground_m_per_px() < 3.0;
    let order = [
        FeatureKind::Green,
        FeatureKind::Park,
        FeatureKind::Water,
        FeatureKind::Building,
        FeatureKind::Waterway,
        FeatureKind::Coastline,
        FeatureKind::Railway,
    ];
    let feats: Vec<_> = map.features_in(bbox).collect();
    for kind in order {
        for f in feats.iter().filter(|f| f.kind == kind) {
            let colour = style::feature_fill(kind);
            match &f.geometry {
                Geometry::Polygon(p) => fill_area(
                    pm,
                    view,
                    &[p],
                    colour,
                    kind == FeatureKind::Building && detailed,
                ),
                Geometry::MultiPolygon(mp) => {
                    fill_area(pm, view, &mp.0.iter().collect::<Vec<_>>(), colour, false)
                }
                Geometry::LineString(ls) => draw_line_feature(pm, view, kind, ls, scale),
                _ => {}
            }
        }
    }
}

fn fill_area(pm: &mut Pixmap, view: &View, polys: &[&Polygon<f64>], colour: Rgba, outline: bool) {
    let Some(path) = polygon_path(view, polys) else {
        return;
    };
    pm.fill_path(
        &path,
        &paint(colour),
        FillRule::EvenOdd,
        Transform::identity(),
        None,
    );
    if outline {
        pm.stroke_path(
            &path,
            &paint(style::BUILDING_OUTLINE),
            &stroke(0.8, &[]),
            Transform::identity(),
            None,
        );
    }
}

fn draw_line_feature(
    pm: &mut Pixmap,
    view: &View,
    kind: FeatureKind,
    ls: &LineString<f64>,
    scale: f32,
) {
    let Some(path) = polyline(view, &ls.0) else {
        return;
    };
    let (w, dash): (f32, &[f32]) = match kind {
        FeatureKind::Railway => (1.5 * scale, &[6.0, 4.0]),
        FeatureKind::Coastline => (1.0 * scale, &[]),
        _ => (2.0 * scale, &[]),
    };
    let colour = if kind == FeatureKind::Coastline {
        [120, 170, 190, 255]
    } else {
        style::feature_fill(kind)
    };
    pm.stroke_path(
        &path,
        &paint(colour),
        &stroke(w, dash),
        Transform::identity(),
        None,
    );
}

fn road_rank(c: RoadClass) -> u8 {
    use RoadClass as C;
    match c {
        C::Footway | C::Path | C::Cycleway | C::Bridleway | C::Steps | C::Corridor => 0,
        C::Service | C::Track => 1,
        C::Pedestrian | C::LivingStreet => 2,
        C::Unclassified | C::Residential | C::Road => 3,
        C::Tertiary | C::TertiaryLink => 4,
        C::Secondary | C::SecondaryLink => 5,
        C::Primary | C::PrimaryLink => 6,
        C::Trunk | C::TrunkLink => 7,
        C::Motorway | C::MotorwayLink => 8,
    }
}

fn draw_roads(pm: &mut Pixmap, map: &Map, view: &View, scale: f32) {
    let g = map.graph();
    let mut segs: Vec<u32> = map.segments_in(view.bbox()).collect();
    segs.sort_by_key(|&s| (road_rank(g.segment_way(s).class), s));
    let m_per_px = view.ground_m_per_px() as f32;
    let width = |st: &style::RoadStyle| (st.width_m / m_per_px).max(st.min_px * scale);
    for casing in [true, false] {
        for &s in &segs {
            let way = g.segment_way(s);
            let st = style::road(way.class);
            let Some(path) = polyline(view, g.segment_points(s)) else {
                continue;
            };
            let w = width(&st);
            if casing {
                if st.casing[3] > 0 && !st.dashed {
                    pm.stroke_path(
                        &path,
                        &paint(st.casing),
                        &stroke(w + 1.2 * scale, &[]),
                        Transform::identity(),
                        None,
                    );
                }
            } else {
                let dash: &[f32] = if st.dashed { &[3.0, 2.0] } else { &[] };
                pm.stroke_path(
                    &path,
                    &paint(st.fill),
                    &stroke(w, dash),
                    Transform::identity(),
                    None,
                );
            }
        }
    }
}

fn draw_routes(pm: &mut Pixmap, view: &View, overlay: &Overlay, scale: f32) {
    let order = [
        RouteKind::Emergency,
        RouteKind::Alternate,
        RouteKind::Primary,
    ];
    for kind in order {
        for r in overlay.routes.iter().filter(|r| r.kind == kind) {
            let Some(path) = polyline(view, &r.line) else {
                continue;
            };
            let st = kind.style();
            let w = st.width_px * scale * 0.5;
            pm.stroke_path(
                &path,
                &paint([255, 255, 255, 200]),
                &stroke(w + 2.5 * scale, &[]),
                Transform::identity(),
                None,
            );
            let dash: Vec<f32> = st.dash.iter().map(|d| d * scale).collect();
            pm.stroke_path(
                &path,
                &paint(st.colour),
                &stroke(w, &dash),
                Transform::identity(),
                None,
            );
            if kind == RouteKind::Primary {
                arrows(pm, view, &r.line, scale);
            }
        }
    }
}

/// Direction chevrons every ~120 px along a route.
fn arrows(pm: &mut Pixmap, view: &View, line: &[Coord<f64>], scale: f32) {
    let pts: Vec<(f32, f32)> = line.iter().map(|c| view.px(*c)).collect();
    let spacing = 120.0 * scale;
    let mut next = spacing / 2.0;
    let mut walked = 0.0;
    for w in pts.windows(2) {
        let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
        let len = (dx * dx + dy * dy).sqrt();
        while len > 0.0 && next <= walked + len {
            let t = (next - walked) / len;
            let (x, y) = (w[0].0 + t * dx, w[0].1 + t * dy);
            let (ux, uy) = (dx / len, dy / len);
            let s = 5.0 * scale;
            let mut pb = PathBuilder::new();
            pb.move_to(x - ux * s + uy * s, y - uy * s - ux * s);
            pb.line_to(x + ux * s, y + uy * s);
            pb.line_to(x - ux * s - uy * s, y - uy * s + ux * s);
            if let Some(path) = pb.finish() {
                pm.stroke_path(
                    &path,
                    &paint([255, 255, 255, 255]),
                    &stroke(2.2 * scale, &[]),
                    Transform::identity(),
                    None,
                );
            }
            next += spacing;
        }
        walked += len;
    }
}

/// A capsule centred on (`x`, `y`): straight for `half` either side, round ends of
/// radius `r`, outlined in ink.
fn pill(pm: &mut Pixmap, x: f32, y: f32, half: f32, r: f32, fill: Rgba, edge_w: f32) {
    const K: f32 = 0.552_284_8;
    let (l, rr) = (x - half, x + half);
    let mut pb = PathBuilder::new();
    pb.move_to(l, y - r);
    pb.line_to(rr, y - r);
    pb.cubic_to(rr + K * r, y - r, rr + r, y - K * r, rr + r, y);
    pb.cubic_to(rr + r, y + K * r, rr + K * r, y + r, rr, y + r);
    pb.line_to(l, y + r);
    pb.cubic_to(l - K * r, y + r, l - r, y + K * r, l - r, y);
    pb.cubic_to(l - r, y - K * r, l - K * r, y - r, l, y - r);
    pb.close();
    if let Some(path) = pb.finish() {
        fill_and_outline(pm, &path, fill, style::INK, edge_w);
    }
}

pub(super) fn circle(pm: &mut Pixmap, x: f32, y: f32, r: f32, fill: Rgba, edge: Rgba, edge_w: f32) {
    if let Some(path) = PathBuilder::from_circle(x, y, r) {
        fill_and_outline(pm, &path, fill, edge, edge_w);
    }
}

pub(super) fn centred(
    pm: &mut Pixmap,
    f: &ab_glyph::FontRef,
    t: &str,
    x: f32,
    y: f32,
    size: f32,
    rgba: Rgba,
) {
    let w = text::width(f, t, size);
    text::draw(pm, f, t, x - w / 2.0, y + size * 0.36, size, rgba);
}

/// Avoid zones: translucent red with a red outline, under the routes.
fn draw_zones(pm: &mut Pixmap, view: &View, overlay: &Overlay, scale: f32) {
    for ring in &overlay.zones {
        let mut pb = PathBuilder::new();
        for (i, c) in ring.iter().enumerate() {
            let (x, y) = view.px(*c);
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        pb.close();
        if let Some(path) = pb.finish() {
            fill_and_outline(pm, &path, style::ZONE_FILL, style::ZONE_EDGE, 2.0 * scale);
        }
    }
}

fn draw_markers(pm: &mut Pixmap, view: &View, overlay: &Overlay, scale: f32, fonts: &Fonts) {
    for v in &overlay.vias {
        let (x, y) = view.px(v.at.0);
        circle(pm, x, y, 8.0 * scale, style::VIA, style::INK, 1.2 * scale);
        centred(pm, &fonts.bold, &v.label, x, y, 7.5 * scale, style::INK);
    }
    for (at, kind) in &overlay.havens {
        let Some((colour, letter)) = style::haven(*kind) else {
            continue;
        };
        let (x, y) = view.px(at.0);
        let r = 7.0 * scale;
        if let Some(rect) = Rect::from_xywh(x - r, y - r, 2.0 * r, 2.0 * r) {
            pm.fill_rect(rect, &paint(colour), Transform::identity(), None);
        }
        centred(pm, &fonts.bold, letter, x, y, 11.0 * scale, style::WHITE);
    }
    for (at, score, priority) in &overlay.chokes {
        let (x, y) = view.px(at.0);
        let r = 8.0 * scale;
        let mut pb = PathBuilder::new();
        pb.move_to(x, y - r);
        pb.line_to(x + r, y);
        pb.line_to(x, y + r);
        pb.line_to(x - r, y);
        pb.close();
        if let Some(path) = pb.finish() {
            let fill = if *priority {
                style::CHOKE_PRIORITY
            } else {
                style::CHOKE
            };
            fill_and_outline(pm, &path, fill, style::INK, 1.0 * scale);
        }
        let ink = if *priority { style::WHITE } else { style::INK };
        centred(
            pm,
            &fonts.bold,
            &format!("{score:.0}"),
            x,
            y,
            8.5 * scale,
            ink,
        );
    }
    for m in &overlay.checkpoints {
        let (x, y) = view.px(m.at.0);
        let fill = m.fill.unwrap_or(style::CHECKPOINT);
        let size = 8.5 * scale;
        let half = (text::width(&fonts.bold, &m.label, size) / 2.0 - 3.5 * scale).max(0.0);
        if half > 0.0 {
            pill(pm, x, y, half, 7.5 * scale, fill, 1.5 * scale);
        } else {
            circle(pm, x, y, 7.5 * scale, fill, style::INK, 1.5 * scale);
        }
        centred(pm, &fonts.bold, &m.label, x, y, size, style::INK);
    }
}
