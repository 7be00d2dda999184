//! R-tree indexes over the map: road segments for snapping, places for "nearest of a
//! kind", and feature boxes for drawing a window of the map.
//!
//! Segments and places are indexed in Web Mercator metres, which is conformal: locally
//! the nearest object in the projection is the nearest on the ground. Reported
//! distances are recomputed with the haversine formula.

use super::graph::{RoadGraph, SegmentId};
use super::{Feature, Place};
use crate::coord::{self, BBox};
use geo::{Coord, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, PointDistance, RTree, RTreeObject};

/// A segment's polyline in Mercator metres, the unit of the snapping index.
#[derive(Debug)]
pub(crate) struct SegmentEntry {
    seg: SegmentId,
    points: Box<[[f64; 2]]>,
    envelope: AABB<[f64; 2]>,
}

impl SegmentEntry {
    fn new(seg: SegmentId, pts: &[Coord<f64>]) -> SegmentEntry {
        let points: Box<[[f64; 2]]> = pts
            .iter()
            .map(|c| coord::mercator_from_lonlat(*c))
            .collect();
        let envelope = AABB::from_points(points.iter());
        SegmentEntry {
            seg,
            points,
            envelope,
        }
    }

    /// (squared distance, piece index, fraction along the piece) of the closest point.
    fn closest(&self, p: &[f64; 2]) -> (f64, usize, f64) {
        let mut best = (f64::INFINITY, 0, 0.0);
        for (i, w) in self.points.windows(2).enumerate() {
            let (d2, t) = point_piece(p, &w[0], &w[1]);
            if d2 < best.0 {
                best = (d2, i, t);
            }
        }
        if self.points.len() == 1 {
            best = (dist2(p, &self.points[0]), 0, 0.0);
        }
        best
    }
}

fn dist2(a: &[f64; 2], b: &[f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Squared distance from `p` to the piece `a`-`b`, and the fraction along it.
fn point_piece(p: &[f64; 2], a: &[f64; 2], b: &[f64; 2]) -> (f64, f64) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    };
    let q = [a[0] + t * dx, a[1] + t * dy];
    (dist2(p, &q), t)
}

impl RTreeObject for SegmentEntry {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

impl PointDistance for SegmentEntry {
    fn distance_2(&self, point: &[f64; 2]) -> f64 {
        self.closest(point).0
    }
}

/// Where a point lands on the road network.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Snap {
    /// The segment the point snapped to.
    pub segment: SegmentId,
    /// The closest point on the segment (lon/lat).
    pub point: Point<f64>,
    /// Ground distance from the query to `point`, metres.
    pub distance_m: f64,
    /// Distance along the segment's stored geometry from its start to `point`, metres.
    pub along_m: f64,
}

/// All spatial indexes of a map.
#[derive(Debug)]
pub(crate) struct SpatialIndex {
    segments: RTree<SegmentEntry>,
    places: RTree<GeomWithData<[f64; 2], u32>>,
    features: RTree<GeomWithData<Rectangle<[f64; 2]>, u32>>,
}

impl SpatialIndex {
    pub(crate) fn build(graph: &RoadGraph, places: &[Place], features: &[Feature]) -> SpatialIndex {
        let ((segments, places), features) = rayon::join(
            || {
                rayon::join(
                    || segment_tree(graph),
                    || {
                        RTree::bulk_load(
                            places
                                .iter()
                                .enumerate()
                                .map(|(i, p)| {
                                    GeomWithData::new(
                                        coord::mercator_from_lonlat(p.location.0),
                                        i as u32,
                                    )
                                })
                                .collect(),
                        )
                    },
                )
            },
            || feature_tree(features),
        );
        SpatialIndex {
            segments,
            places,
            features,
        }
    }

    /// The segment accepted by `keep` within `max_m` metres of `p` with the least
    /// distance plus `penalty_m(segment)`.
    pub(crate) fn snap(
        &self,
        graph: &RoadGraph,
        p: Point<f64>,
        max_m: f64,
        keep: impl Fn(SegmentId) -> bool,
        penalty_m: impl Fn(SegmentId) -> f64,
    ) -> Option<Snap> {
        let q = coord::mercator_from_lonlat(p.0);
        let scale = coord::ground_m_per_mercator_m(p.y());
        let mut best: Option<(f64, &SegmentEntry)> = None;
        for (entry, d2) in self.segments.nearest_neighbor_iter_with_distance_2(&q) {
            let d_m = d2.sqrt() * scale;
            if d_m > max_m || best.is_some_and(|(b, _)| d_m >= b) {
                break;
            }
            if !keep(entry.seg) {
                continue;
            }
            let score = d_m + penalty_m(entry.seg);
            if best.is_none_or(|(b, _)| score < b) {
                best = Some((score, entry));
            }
        }
        let (_, entry) = best?;
        let (_, piece, t) = entry.closest(&q);
        let pts = graph.segment_points(entry.seg);
        let a = pts[piece];
        let b = pts.get(piece + 1).copied().unwrap_or(a);
        let on = Point::new(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
        let before = coord::polyline_length_m(&pts[..=piece]);
        Some(Snap {
            segment: entry.seg,
            point: on,
            distance_m: coord::distance_m(p, on),
            along_m: before + coord::distance_m(Point::from(a), on),
        })
    }

    /// Segments whose bounding box meets `bbox`.
    pub(crate) fn segments_in(&self, bbox: BBox) -> impl Iterator<Item = SegmentId> + '_ {
        self.segments
            .locate_in_envelope_intersecting(&mercator_box(bbox))
            .map(|s| s.seg)
    }

    /// Places whose point lies in `bbox`.
    pub(crate) fn places_in(&self, bbox: BBox) -> impl Iterator<Item = u32> + '_ {
        self.places
            .locate_in_envelope(&mercator_box(bbox))
            .map(|g| g.data)
    }

    /// Place indices in order of distance from `p` (approximately: Mercator order).
    pub(crate) fn places_near(&self, p: Point<f64>) -> impl Iterator<Item = u32> + '_ {
        let q = coord::mercator_from_lonlat(p.0);
        self.places.nearest_neighbor_iter(&q).map(|g| g.data)
    }

    /// Indices of the features whose bounding box meets `bbox`.
    pub(crate) fn features_in(&self, bbox: BBox) -> impl Iterator<Item = u32> + '_ {
        let env = AABB::from_corners([bbox.min_lon, bbox.min_lat], [bbox.max_lon, bbox.max_lat]);
        self.features
            .locate_in_envelope_intersecting(&env)
            .map(|g| g.data)
    }
}

/// A lon/lat box as an envelope in Web Mercator metres.
fn mercator_box(bbox: BBox) -> AABB<[f64; 2]> {
    let (a, b) = bbox.mercator_corners();
    AABB::from_corners(a, b)
}

fn segment_tree(graph: &RoadGraph) -> RTree<SegmentEntry> {
    use rayon::prelude::*;
    let entries: Vec<SegmentEntry> = (0..graph.segment_count() as u32)
        .into_par_iter()
        .map(|s| SegmentEntry::new(s, graph.segment_points(s)))
        .collect();
    RTree::bulk_load(entries)
}

fn feature_tree(features: &[Feature]) -> RTree<GeomWithData<Rectangle<[f64; 2]>, u32>> {
    use geo::BoundingRect;
    RTree::bulk_load(
        features
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let r = f.geometry.bounding_rect()?;
                let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                Some(GeomWithData::new(rect, i as u32))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_to_piece_distance() {
        let (d2, t) = point_piece(&[5.0, 3.0], &[0.0, 0.0], &[10.0, 0.0]);
        assert_eq!((d2, t), (9.0, 0.5));
        let (d2, t) = point_piece(&[-4.0, 3.0], &[0.0, 0.0], &[10.0, 0.0]);
        assert_eq!((d2, t), (25.0, 0.0));
        let (d2, _) = point_piece(&[1.0, 1.0], &[0.0, 0.0], &[0.0, 0.0]);
        assert_eq!(d2, 2.0);
    }
}
