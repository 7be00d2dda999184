//! Where the map view looks: a Web Mercator centre and a scale in metres per screen
//! point, with the conversions between screen and lon/lat, zoom and pan.

use crate::coord::{self, BBox};
use egui::{Pos2, Rect, Vec2};
use geo::{Coord, Point};

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

    /// A camera showing `bbox` in a view of `size` points with `margin` points clear
    /// on every side.
    pub fn fit_within(bbox: BBox, size: Vec2, margin: f32) -> Camera {
        let inner = (size - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let (a, b) = bbox.mercator_corners();
        let m_per_pt = ((b[0] - a[0]) / f64::from(inner.x)).max((b[1] - a[1]) / f64::from(inner.y));
        Camera {
            center: [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0],
            m_per_pt: m_per_pt.clamp(0.5, ZOOM_LIMITS.1),
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
