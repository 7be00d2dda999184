//! Routes (and points) as an RFC 7946 GeoJSON FeatureCollection.

use crate::routing::Route;
use geo::Point;
use geojson::{Feature, FeatureCollection, Geometry, JsonValue};

/// A route with the role it plays in a movement.
pub struct RoleRoute<'a> {
    /// "primary", "alternate", "emergency".
    pub role: &'a str,
    /// 1-based index among routes of the same role.
    pub index: usize,
    /// The route.
    pub route: &'a Route,
    /// Share of its length shared with the primary (alternates).
    pub shared_fraction: Option<f64>,
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// One LineString feature per route with `role`, `index`, `profile`, `length_m`,
/// `duration_s` and `shared_fraction` properties.
pub fn route_feature(r: &RoleRoute) -> Feature {
    let coords: Vec<[f64; 2]> = r
        .route
        .geometry
        .0
        .iter()
        .map(|c| [round(c.x, 7), round(c.y, 7)])
        .collect();
    let mut f = Feature::from(Geometry::new_line_string(coords));
    f.set_property("role", r.role);
    f.set_property("index", r.index);
    f.set_property("profile", r.route.profile.as_str());
    f.set_property("length_m", round(r.route.length_m, 1));
    f.set_property("duration_s", round(r.route.duration_s, 1));
    f.set_property("shared_fraction", r.shared_fraction.map(|s| round(s, 3)));
    f
}

/// A point feature with arbitrary properties.
pub fn point_feature(
    p: Point<f64>,
    props: impl IntoIterator<Item = (&'static str, JsonValue)>,
) -> Feature {
    let mut f = Feature::from(Geometry::new_point([round(p.x(), 7), round(p.y(), 7)]));
    for (k, v) in props {
        f.set_property(k, v);
    }
    f
}

/// Collects features into a FeatureCollection.
pub fn collection(features: Vec<Feature>) -> FeatureCollection {
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}
