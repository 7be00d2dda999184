//! A view of the map: a Web Mercator window of a given size in pixels.

use crate::coord::{self, BBox};
use geo::Coord;

/// What part of the map a raster shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Centre in Web Mercator metres.
    pub center: [f64; 2],
    /// Mercator metres per pixel.
    pub m_per_px: f64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl View {
    /// The smallest view of `width` x `height` pixels showing `bbox` with `margin` pixels
    /// around it.
    pub fn fit(bbox: BBox, width: u32, height: u32, margin: f64) -> View {
        let (a, b) = bbox.mercator_corners();
        let (w, h) = ((b[0] - a[0]).max(1.0), (b[1] - a[1]).max(1.0));
        let usable = |px: u32| (f64::from(px) - 2.0 * margin).max(16.0);
        let m_per_px = (w / usable(width)).max(h / usable(height));
        View {
            center: [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0],
            m_per_px,
            width,
            height,
        }
    }

    /// Pixel position of a lon/lat coordinate (y down).
    pub fn px(&self, c: Coord<f64>) -> (f32, f32) {
        let m = coord::mercator_from_lonlat(c);
        let x = (m[0] - self.center[0]) / self.m_per_px + f64::from(self.width) / 2.0;
        let y = (self.center[1] - m[1]) / self.m_per_px + f64::from(self.height) / 2.0;
        (x as f32, y as f32)
    }

    /// Lon/lat of a pixel position.
    pub fn lonlat(&self, x: f64, y: f64) -> Coord<f64> {
        let mx = self.center[0] + (x - f64::from(self.width) / 2.0) * self.m_per_px;
        let my = self.center[1] - (y - f64::from(self.height) / 2.0) * self.m_per_px;
        coord::lonlat_from_mercator([mx, my])
    }

    /// The lon/lat box the view covers.
    pub fn bbox(&self) -> BBox {
        let a = self.lonlat(0.0, f64::from(self.height));
        let b = self.lonlat(f64::from(self.width), 0.0);
        BBox {
            min_lon: a.x,
            min_lat: a.y,
            max_lon: b.x,
            max_lat: b.y,
        }
    }

    /// Metres on the ground per pixel at the view's centre.
    pub fn ground_m_per_px(&self) -> f64 {
        self.m_per_px
            * coord::ground_m_per_mercator_m(
                self.lonlat(f64::from(self.width) / 2.0, f64::from(self.height) / 2.0)
                    .y,
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_a_box_keeps_it_inside_the_view() {
        let b = BBox {
            min_lon: 7.40,
            min_lat: 43.72,
            max_lon: 7.45,
            max_lat: 43.76,
        };
        let v = View::fit(b, 800, 600, 20.0);
        for c in [
            Coord {
                x: b.min_lon,
                y: b.min_lat,
            },
            Coord {
                x: b.max_lon,
                y: b.max_lat,
            },
        ] {
            let (x, y) = v.px(c);
            assert!(
                (19.0..=781.0).contains(&x) && (19.0..=581.0).contains(&y),
                "{x},{y}"
            );
            let back = v.lonlat(f64::from(x), f64::from(y));
            assert!((back.x - c.x).abs() < 1e-6 && (back.y - c.y).abs() < 1e-6);
        }
    }
}
