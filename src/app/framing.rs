//! The map follows the work: what is picked (a movement, a venue, a checkpoint, an
//! end from the search) is brought into view, keeping the planner's zoom when it is
//! already on screen; Zoom to plan and Zoom to movement frame with a margin so no
//! marker sits on the edge.

use super::map_view::Camera;
use super::{CordonApp, bbox_of};
use geo::Point;

/// Markers closer than this to the map's edge count as off screen (points).
pub const FRAME_MARGIN_PT: f32 = 48.0;

impl CordonApp {
    /// Centres the map on `p` at street zoom.
    pub(super) fn jump_to(&mut self, p: Point<f64>) {
        if let Some(c) = &mut self.state.camera {
            c.center = crate::coord::mercator_from_lonlat(p.0);
            c.m_per_pt = c.m_per_pt.min(1.5);
        }
    }

    /// Brings `points` into view: nothing moves when they are all on screen; the view
    /// is centred on them when they fit at the current zoom; else it zooms out to fit.
    pub(super) fn frame(&mut self, points: &[Point<f64>]) {
        let (Some(rect), Some(cam)) = (self.ui.map_rect, self.state.camera) else {
            return;
        };
        let inner = rect.shrink(FRAME_MARGIN_PT);
        if points
            .iter()
            .all(|p| inner.contains(cam.to_screen(rect, p.0)))
        {
            return;
        }
        let Some(b) = bbox_of(points.iter().copied()) else {
            return;
        };
        let fit = Camera::fit_within(b, rect.size(), FRAME_MARGIN_PT);
        self.state.camera = Some(if fit.m_per_pt <= cam.m_per_pt {
            Camera {
                center: fit.center,
                m_per_pt: cam.m_per_pt,
            }
        } else {
            fit
        });
    }

    /// Frames the whole plan, markers clear of the edges.
    pub(super) fn zoom_to_plan(&mut self) {
        let Some(rect) = self.ui.map_rect else { return };
        if let Some(b) = self.plan_bbox() {
            self.state.camera = Some(Camera::fit_within(b, rect.size(), FRAME_MARGIN_PT));
        }
    }

    /// Frames the selected movement (its ends and routes).
    pub(super) fn zoom_to_movement(&mut self) {
        let Some(rect) = self.ui.map_rect else { return };
        if let Some(b) = bbox_of(self.movement_points().into_iter()) {
            self.state.camera = Some(Camera::fit_within(b, rect.size(), FRAME_MARGIN_PT));
        }
    }

    /// The selected movement's ends and route points.
    pub(super) fn movement_points(&self) -> Vec<Point<f64>> {
        let plan = &self.doc.plan;
        let Some(m) = plan.movements.get(self.sel.movement) else {
            return Vec::new();
        };
        [&m.from, &m.to]
            .into_iter()
            .filter_map(|id| plan.venue(id).map(|v| v.location.point()))
            .chain(
                m.routes
                    .iter()
                    .flat_map(|r| r.geometry.iter().map(|p| p.point())),
            )
            .collect()
    }

    /// The box around the plan's venues and routes, with a margin.
    pub(super) fn plan_bbox(&self) -> Option<crate::coord::BBox> {
        let plan = &self.doc.plan;
        let routes = plan.movements.iter().flat_map(|m| {
            m.routes
                .iter()
                .flat_map(|r| r.geometry.iter().map(|p| p.point()))
        });
        let points = plan.venues.iter().map(|v| v.location.point()).chain(routes);
        bbox_of(points).map(|b| b.grown_m(150.0))
    }
}
