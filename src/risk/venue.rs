//! Venue assessments by the documented methods, with the raw factor scores kept, and
//! the automatic context the map gives for a venue.
//!
//! | method | factors | score | bands |
//! |---|---|---|---|
//! | `tvi` (default) | threat, vulnerability, impact, 1-5 | product 1-125 | low <= 12, medium <= 36, high <= 64, critical > 64 |
//! | `likelihood_consequence` | likelihood (rare 1 .. almost certain 5), consequence (insignificant 1 .. catastrophic 5) | product 1-25 | low <= 4, medium <= 9, high <= 16, very high > 16 |
//! | `carver` | criticality, accessibility, recuperability, vulnerability, effect, recognizability (+ shock), 1-10 | sum 6-60 (7-70) | by mean per criterion: low <= 4, medium <= 7, high > 7 |
//! | `carver_simplified` | the same six, 1-5 | sum 6-30 | low <= 12, medium <= 24, high <= 30 |
//! | `fema` | asset value, threat, vulnerability, 1-10 | product 1-1000 | low <= 60, medium <= 175, high > 175 |
//!
//! Scales and the TVI and simplified CARVER bands follow `PRODUCT.md`; the others are
//! Cordon's documented choices (FEMA's from the low/medium/high ranges used with the
//! FEMA 452 risk matrix; the worked example 8 x 6 x 8 = 384 is high).

use super::RiskContext;
use crate::coord::{self, BBox};
use crate::map::{PlaceKind, SegmentId};
use crate::routing::{RouteError, RouteOptions};
use geo::Point;
use serde::{Deserialize, Serialize};

/// An assessment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Threat x Vulnerability x Impact, 1-5 each.
    #[default]
    Tvi,
    /// 5x5 likelihood x consequence.
    LikelihoodConsequence,
    /// CARVER (+Shock), 1-10 per criterion.
    Carver,
    /// CARVER, simplified 1-5 form.
    CarverSimplified,
    /// FEMA 426/452: asset value x threat x vulnerability, 1-10 each.
    Fema,
}

const CARVER: [&str; 7] = [
    "criticality",
    "accessibility",
    "recuperability",
    "vulnerability",
    "effect",
    "recognizability",
    "shock",
];

impl Method {
    /// Every method.
    pub const ALL: [Method; 5] = [
        Method::Tvi,
        Method::LikelihoodConsequence,
        Method::Carver,
        Method::CarverSimplified,
        Method::Fema,
    ];

    /// The key used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Method::Tvi => "tvi",
            Method::LikelihoodConsequence => "likelihood_consequence",
            Method::Carver => "carver",
            Method::CarverSimplified => "carver_simplified",
            Method::Fema => "fema",
        }
    }

    /// Its name in words, for people.
    pub fn label(self) -> &'static str {
        match self {
            Method::Tvi => "threat × vulnerability × impact (TVI)",
            Method::LikelihoodConsequence => "likelihood × consequence (5×5)",
            Method::Carver => "CARVER + shock",
            Method::CarverSimplified => "CARVER, simplified (1-5)",
            Method::Fema => "FEMA 452 (asset value × threat × vulnerability)",
        }
    }

    /// The method named `key`.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Factor names in order (CARVER's seventh, shock, is optional).
    pub fn factors(self) -> &'static [&'static str] {
        match self {
            Method::Tvi => &["threat", "vulnerability", "impact"],
            Method::LikelihoodConsequence => &["likelihood", "consequence"],
            Method::Carver | Method::CarverSimplified => &CARVER,
            Method::Fema => &["asset_value", "threat", "vulnerability"],
        }
    }

    /// The scale of each factor.
    pub fn scale(self) -> (f64, f64) {
        match self {
            Method::Tvi | Method::LikelihoodConsequence | Method::CarverSimplified => (1.0, 5.0),
            Method::Carver | Method::Fema => (1.0, 10.0),
        }
    }

    fn products(self) -> bool {
        matches!(
            self,
            Method::Tvi | Method::LikelihoodConsequence | Method::Fema
        )
    }

    /// Band upper bounds (inclusive) for a score with `n` factors.
    pub fn bands(self, n: usize) -> Vec<(&'static str, f64)> {
        match self {
            Method::Tvi => vec![
                ("low", 12.0),
                ("medium", 36.0),
                ("high", 64.0),
                ("critical", 125.0),
            ],
            Method::LikelihoodConsequence => vec![
                ("low", 4.0),
                ("medium", 9.0),
                ("high", 16.0),
                ("very high", 25.0),
            ],
            Method::Carver => vec![
                ("low", 4.0 * n as f64),
                ("medium", 7.0 * n as f64),
                ("high", 10.0 * n as f64),
            ],
            Method::CarverSimplified => vec![("low", 12.0), ("medium", 24.0), ("high", 30.0)],
            Method::Fema => vec![("low", 60.0), ("medium", 175.0), ("high", 1000.0)],
        }
    }

    /// "TVI: threat x vulnerability x impact, each 1-5 (1-125); low <= 12, ..." for print.
    pub fn describe(self, n: usize) -> String {
        let (lo, hi) = self.scale();
        let factors = self.factors()[..n.min(self.factors().len())].join(if self.products() {
            " x "
        } else {
            " + "
        });
        let bands: Vec<String> = self
            .bands(n)
            .iter()
            .map(|(b, u)| format!("{b} <= {u}"))
            .collect();
        let name = match self {
            Method::Tvi => "Threat x Vulnerability x Impact",
            Method::LikelihoodConsequence => "5x5 likelihood x consequence",
            Method::Carver => "CARVER (+Shock)",
            Method::CarverSimplified => "CARVER (simplified)",
            Method::Fema => "FEMA 426/452 asset value x threat x vulnerability",
        };
        format!(
            "{name}: {factors}, each {lo}-{hi}; bands {}",
            bands.join(", ")
        )
    }
}

/// Why an assessment is refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VenueError {
    /// Wrong number of factor scores.
    #[error("{method} takes {expected} scores ({names}), got {got}")]
    FactorCount {
        /// The method key.
        method: String,
        /// How many it takes.
        expected: String,
        /// Their names.
        names: String,
        /// How many were given.
        got: usize,
    },
    /// A score out of the method's scale.
    #[error("{factor} = {value} is outside {method}'s scale {lo}-{hi}")]
    OutOfScale {
        /// The method key.
        method: String,
        /// Factor name.
        factor: String,
        /// The value given.
        value: f64,
        /// Scale bottom.
        lo: f64,
        /// Scale top.
        hi: f64,
    },
}

/// One stored assessment: raw factors, method, result, who and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueAssessment {
    /// The method.
    pub method: Method,
    /// Raw factor scores in the method's order, as the assessor gave them.
    pub factors: Vec<f64>,
    /// The computed score.
    pub score: f64,
    /// The band.
    pub band: String,
    /// Who assessed.
    pub assessor: String,
    /// When (ISO date).
    pub date: String,
    /// Free notes.
    pub notes: String,
}

impl VenueAssessment {
    /// Scores raw factors by a method.
    ///
    /// # Errors
    /// [`VenueError`] for a wrong count or a value outside the scale.
    pub fn new(
        method: Method,
        factors: &[f64],
        assessor: &str,
        date: &str,
        notes: &str,
    ) -> Result<VenueAssessment, VenueError> {
        let names = method.factors();
        let counts = match method {
            Method::Carver => 6..=7,
            Method::CarverSimplified => 6..=6,
            _ => names.len()..=names.len(),
        };
        if !counts.contains(&factors.len()) {
            let expected = if counts.start() == counts.end() {
                counts.start().to_string()
            } else {
                format!("{} or {}", counts.start(), counts.end())
            };
            return Err(VenueError::FactorCount {
                method: method.key().into(),
                expected,
                names: names[..*counts.end()].join(", "),
                got: factors.len(),
            });
        }
        let (lo, hi) = method.scale();
        if let Some((i, v)) = factors
            .iter()
            .enumerate()
            .find(|(_, v)| !(lo..=hi).contains(*v))
        {
            return Err(VenueError::OutOfScale {
                method: method.key().into(),
                factor: names[i].into(),
                value: *v,
                lo,
                hi,
            });
        }
        let score = if method.products() {
            factors.iter().product()
        } else {
            factors.iter().sum()
        };
        let band = method
            .bands(factors.len())
            .into_iter()
            .find(|(_, upper)| score <= *upper)
            .map(|(b, _)| b.to_string())
            .unwrap_or_default();
        Ok(VenueAssessment {
            method,
            factors: factors.to_vec(),
            score,
            band,
            assessor: assessor.into(),
            date: date.into(),
            notes: notes.into(),
        })
    }

    /// The method and bands line to print with the score.
    pub fn method_text(&self) -> String {
        self.method.describe(self.factors.len())
    }
}

/// A haven near a venue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearHaven {
    /// Its name.
    pub name: String,
    /// Phone, when tagged.
    pub phone: Option<String>,
    /// Drive time from the venue, seconds.
    pub drive_time_s: f64,
    /// Straight-line distance, metres.
    pub distance_m: f64,
}

/// A crowd place near a venue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearCrowd {
    /// Kind key.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Metres.
    pub distance_m: f64,
}

/// What the map says around a venue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueContext {
    /// The hospital to use (as for emergency routes).
    pub hospital: Option<NearHaven>,
    /// The quickest police station.
    pub police: Option<NearHaven>,
    /// Roads crossing the circle of `venue_access_m` around the venue.
    pub access_points: usize,
    /// The circle's radius, metres.
    pub access_radius_m: f64,
    /// Crowd places within `venue_crowd_m`, nearest first.
    pub crowd_places: Vec<NearCrowd>,
}

impl RiskContext<'_> {
    /// Map context for a venue at `at`.
    ///
    /// # Errors
    /// Snapping errors when the venue is off the map or far from any road.
    pub fn venue_context(&self, at: Point<f64>) -> Result<VenueContext, RouteError> {
        self.router.snap(at, "venue")?;
        let map = self.router.map();
        let opts = RouteOptions::default();
        let hospital = self
            .router
            .emergency_route(at, &self.policy, &opts)
            .ok()
            .map(|c| NearHaven {
                name: c.hospital.display_name(),
                phone: c.hospital.phone.clone(),
                drive_time_s: c.route.duration_s,
                distance_m: coord::distance_m(at, c.hospital.location),
            });
        let police = map
            .nearest_places(at, &[PlaceKind::Police], 5)
            .into_iter()
            .filter_map(|n| {
                let r = self.router.route(&[at, n.place.location], &opts).ok()?;
                Some(NearHaven {
                    name: n.place.display_name(),
                    phone: n.place.phone.clone(),
                    drive_time_s: r.duration_s,
                    distance_m: n.distance_m,
                })
            })
            .min_by(|a, b| a.drive_time_s.total_cmp(&b.drive_time_s));
        let t = &self.model.thresholds;
        let point_box = BBox {
            min_lon: at.x(),
            min_lat: at.y(),
            max_lon: at.x(),
            max_lat: at.y(),
        };
        let mut crowd_places: Vec<NearCrowd> = map
            .places_in(point_box.grown_m(t.venue_crowd_m))
            .map(|i| &map.places()[i as usize])
            .filter(|p| PlaceKind::CROWDS.contains(&p.kind))
            .map(|p| NearCrowd {
                kind: p.kind.key().into(),
                name: p.display_name(),
                distance_m: coord::distance_m(at, p.location),
            })
            .filter(|c| c.distance_m <= t.venue_crowd_m)
            .collect();
        crowd_places.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
        Ok(VenueContext {
            hospital,
            police,
            access_points: self.access_points(at, point_box),
            access_radius_m: t.venue_access_m,
            crowd_places,
        })
    }

    /// Usable road segments with one end inside the circle and one outside.
    fn access_points(&self, at: Point<f64>, point_box: BBox) -> usize {
        let map = self.router.map();
        let g = map.graph();
        let r = self.model.thresholds.venue_access_m;
        map.segments_in(point_box.grown_m(r))
            .filter(|&s: &SegmentId| g.segment_edges(s).any(|e| self.router.allows(e)))
            .filter(|&s| {
                let pts = g.segment_points(s);
                let inside = |c: &geo::Coord<f64>| coord::distance_m(at, Point::from(*c)) <= r;
                inside(&pts[0]) != inside(&pts[pts.len() - 1])
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_score_and_band_as_documented() {
        let a = VenueAssessment::new(Method::Tvi, &[3.0, 4.0, 5.0], "A", "2026-11-23", "").unwrap();
        assert_eq!((a.score, a.band.as_str()), (60.0, "high"));
        let a = VenueAssessment::new(Method::Fema, &[8.0, 6.0, 8.0], "A", "", "").unwrap();
        assert_eq!(
            (a.score, a.band.as_str()),
            (384.0, "high"),
            "FEMA's worked example"
        );
        let a =
            VenueAssessment::new(Method::LikelihoodConsequence, &[2.0, 2.0], "A", "", "").unwrap();
        assert_eq!((a.score, a.band.as_str()), (4.0, "low"));
        let a = VenueAssessment::new(
            Method::CarverSimplified,
            &[3.0, 2.0, 2.0, 2.0, 2.0, 2.0],
            "A",
            "",
            "",
        )
        .unwrap();
        assert_eq!((a.score, a.band.as_str()), (13.0, "medium"));
        let a = VenueAssessment::new(
            Method::Carver,
            &[9.0, 8.0, 7.0, 9.0, 8.0, 9.0, 8.0],
            "A",
            "",
            "",
        )
        .unwrap();
        assert_eq!((a.score, a.band.as_str()), (58.0, "high"));
        assert!(a.method_text().contains("shock"));
    }

    #[test]
    fn bad_factor_scores_are_refused() {
        let e = VenueAssessment::new(Method::Tvi, &[3.0, 4.0], "A", "", "").unwrap_err();
        assert!(
            e.to_string()
                .contains("tvi takes 3 scores (threat, vulnerability, impact), got 2"),
            "{e}"
        );
        let e = VenueAssessment::new(Method::Tvi, &[3.0, 6.0, 1.0], "A", "", "").unwrap_err();
        assert!(e.to_string().contains("vulnerability = 6"), "{e}");
        assert!(
            VenueAssessment::new(Method::CarverSimplified, &[1.0; 7], "A", "", "").is_err(),
            "no shock in the simplified form"
        );
    }
}
