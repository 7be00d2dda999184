//! Filling the sea. Extracts carry no sea polygons, only `natural=coastline` lines with
//! the land on their left. The coastline is drawn as a barrier on a pixel grid, seeds
//! are set just right (sea) and just left (land) of it all along, and the two grow
//! breadth-first together: each pixel takes the side that reaches it first. Where a
//! clipped extract cuts the coastline short, the two fronts meet near the cut instead of
//! the sea flooding the land.

use super::view::View;
use crate::map::Map;
use geo::Geometry;
use std::collections::VecDeque;

const BARRIER: u8 = 3;
const SEA: u8 = 1;
const LAND: u8 = 2;

/// A mask (row-major, `width * height`) with `true` for sea pixels; `None` when the
/// view is all land (or the map has no coastline near it). A view that no coastline
/// crosses (a basemap tile out at sea, a map zoomed into the harbour) is all sea or all
/// land: which one is read off coarser views around it, out to 64 times its size.
pub fn sea_mask(map: &Map, view: &View) -> Option<Vec<bool>> {
    if let Some(mask) = traced(map, view) {
        return Some(mask);
    }
    // An inland map has no sea anywhere: no coarser look is needed.
    if !map.has_coastline() {
        return None;
    }
    let all_sea = [4.0, 16.0, 64.0].into_iter().find_map(|factor| {
        let side = 128u32;
        let coarse = View {
            center: view.center,
            m_per_px: view.m_per_px * f64::from(view.width.max(view.height)) / f64::from(side)
                * factor,
            width: side,
            height: side,
        };
        let mask = traced(map, &coarse)?;
        Some(mask[(side / 2 * side + side / 2) as usize])
    })?;
    all_sea.then(|| vec![true; view.width as usize * view.height as usize])
}

/// The mask from the coastlines crossing the view; `None` when none does. Only the
/// map's coastlines are looked at, not every feature in the view.
fn traced(map: &Map, view: &View) -> Option<Vec<bool>> {
    let (w, h) = (view.width as usize, view.height as usize);
    let mut cell = vec![0u8; w * h];
    let mut queue: VecDeque<usize> = VecDeque::new();
    let mut any = false;
    for f in map.coastlines_in(view.bbox()) {
        let Geometry::LineString(ls) = &f.geometry else {
            continue;
        };
        let pts: Vec<(f32, f32)> = ls.0.iter().map(|c| view.px(*c)).collect();
        for s in pts.windows(2) {
            any |= mark_segment(&mut cell, w, h, s[0], s[1]);
        }
        for s in pts.windows(2) {
            seed_segment(&mut cell, &mut queue, w, h, s[0], s[1]);
        }
    }
    if !any {
        return None;
    }
    while let Some(i) = queue.pop_front() {
        let label = cell[i];
        let (x, y) = (i % w, i / w);
        let mut visit = |j: usize| {
            if cell[j] == 0 {
                cell[j] = label;
                queue.push_back(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < w {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - w);
        }
        if y + 1 < h {
            visit(i + w);
        }
    }
    Some(cell.iter().map(|c| *c == SEA).collect())
}

/// Marks the pixels along a segment (with one pixel each side) as barrier; true when any
/// part was inside the image.
fn mark_segment(cell: &mut [u8], w: usize, h: usize, a: (f32, f32), b: (f32, f32)) -> bool {
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let steps = (len * 2.0).ceil().max(1.0) as usize;
    let mut inside = false;
    for k in 0..=steps {
        let t = k as f32 / steps as f32;
        let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
        for (dx, dy) in [(0.0, 0.0), (0.5, 0.0), (0.0, 0.5)] {
            let (px, py) = ((x + dx).floor(), (y + dy).floor());
            if px >= 0.0 && py >= 0.0 && (px as usize) < w && (py as usize) < h {
                cell[py as usize * w + px as usize] = BARRIER;
                inside = true;
            }
        }
    }
    inside
}

/// Seeds sea to the right and land to the left of a segment (screen y points down, so
/// the geographic right is the screen's (-dy, dx) side).
fn seed_segment(
    cell: &mut [u8],
    queue: &mut VecDeque<usize>,
    w: usize,
    h: usize,
    a: (f32, f32),
    b: (f32, f32),
) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 0.5 {
        return;
    }
    let (nx, ny) = (-dy / len, dx / len);
    let count = (len / 4.0).ceil() as usize;
    for k in 0..count {
        let t = (k as f32 + 0.5) / count as f32;
        let (x, y) = (a.0 + t * dx, a.1 + t * dy);
        for (side, label) in [(2.5, SEA), (-2.5, LAND)] {
            let (px, py) = ((x + side * nx).floor(), (y + side * ny).floor());
            if px < 0.0 || py < 0.0 || px as usize >= w || py as usize >= h {
                continue;
            }
            let i = py as usize * w + px as usize;
            if cell[i] == 0 {
                cell[i] = label;
                queue.push_back(i);
            }
        }
    }
}
