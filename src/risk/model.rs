//! The risk model file (`assets/risk-model.ron`): hazard scores, thresholds, choke
//! point rules, score weights, bands and the risk-routing rate. Documented field by
//! field in the file itself.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in model, compiled in from `assets/risk-model.ron`.
pub const BUILTIN_RISK_MODEL_RON: &str = include_str!("../../assets/risk-model.ron");

/// Kinds of hazard a route can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum HazardKind {
    Bridge,
    Tunnel,
    Underpass,
    LevelCrossing,
    Roundabout,
    TrafficSignals,
    Stop,
    NarrowStreet,
    DeadEnd,
    NoEscape,
    SlowStretch,
    CrowdPlace,
    Convergence,
}

impl HazardKind {
    /// Every kind.
    pub const ALL: [HazardKind; 13] = [
        Self::Bridge,
        Self::Tunnel,
        Self::Underpass,
        Self::LevelCrossing,
        Self::Roundabout,
        Self::TrafficSignals,
        Self::Stop,
        Self::NarrowStreet,
        Self::DeadEnd,
        Self::NoEscape,
        Self::SlowStretch,
        Self::CrowdPlace,
        Self::Convergence,
    ];

    /// The snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Bridge => "bridge",
            Self::Tunnel => "tunnel",
            Self::Underpass => "underpass",
            Self::LevelCrossing => "level_crossing",
            Self::Roundabout => "roundabout",
            Self::TrafficSignals => "traffic_signals",
            Self::Stop => "stop",
            Self::NarrowStreet => "narrow_street",
            Self::DeadEnd => "dead_end",
            Self::NoEscape => "no_escape",
            Self::SlowStretch => "slow_stretch",
            Self::CrowdPlace => "crowd_place",
            Self::Convergence => "convergence",
        }
    }
}

/// How one kind of hazard counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HazardRule {
    /// 1-10.
    pub score: f64,
    /// Whether the hazard is also a choke-point candidate.
    pub choke: bool,
    /// The sentence printed with it.
    pub reason: String,
}

/// Distances, speeds and times that decide when something is a hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Thresholds {
    pub narrow_width_m: f64,
    pub no_escape_m: f64,
    pub slow_speed_kmh: f64,
    pub slow_min_length_m: f64,
    pub crowd_distance_m: f64,
    pub convergence_min_m: f64,
    pub endpoint_margin_m: f64,
    pub sample_step_m: f64,
    pub haven_threshold_min: f64,
    pub haven_good_min: f64,
    pub venue_access_m: f64,
    pub venue_crowd_m: f64,
}

/// Choke point scoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ChokeRules {
    pub single_path: f64,
    pub forced_path: f64,
    pub detour_factor: f64,
    pub detour_extra_m: f64,
    pub crowd_bonus: f64,
    pub no_escape_bonus: f64,
    pub convergence_bonus: f64,
    pub priority: f64,
}

/// Weights of the four route score contributors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ScoreRules {
    pub exposure_max: f64,
    pub exposure_full_min: f64,
    pub choke_max: f64,
    pub choke_points_per_score: f64,
    pub hazards_max: f64,
    pub hazard_points_per_score: f64,
    pub haven_max: f64,
}

/// A named score band with its upper bound and colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// "low", "medium", ...
    pub name: String,
    /// Highest score in the band (inclusive).
    pub upper: f64,
    /// "#rrggbb".
    pub colour: String,
}

/// Risk-aware routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutingRules {
    /// Seconds of travel time one hazard point is worth at risk weight 1.
    pub seconds_per_point: f64,
}

/// The whole model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RiskModel {
    pub version: u32,
    pub hazards: BTreeMap<HazardKind, HazardRule>,
    pub thresholds: Thresholds,
    pub choke: ChokeRules,
    pub score: ScoreRules,
    pub bands: Vec<Band>,
    pub routing: RoutingRules,
}

/// Why a model could not be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    /// Unreadable file.
    #[error("cannot read risk model {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The OS reason.
        message: String,
    },
    /// Malformed RON, with 1-based line and column.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// File name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Values that cannot work.
    #[error("risk model {origin}: {message}")]
    Invalid {
        /// File name.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

impl RiskModel {
    /// The built-in model.
    ///
    /// # Errors
    /// Only if the compiled-in file were broken, which a unit test rules out.
    pub fn builtin() -> Result<RiskModel, ModelError> {
        RiskModel::parse(BUILTIN_RISK_MODEL_RON, "built-in risk model")
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// [`ModelError`] for unreadable, malformed or invalid files.
    pub fn load(path: &Path) -> Result<RiskModel, ModelError> {
        let text =
            crate::input::read_text(path, crate::input::TextKind::RiskModel).map_err(|e| {
                ModelError::Io {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }
            })?;
        RiskModel::parse(&text, &path.display().to_string())
    }

    /// Parses model text; `origin` names it in errors.
    ///
    /// # Errors
    /// [`ModelError::Syntax`] with line and column, [`ModelError::Invalid`].
    pub fn parse(text: &str, origin: &str) -> Result<RiskModel, ModelError> {
        let m: RiskModel = ron::from_str(text).map_err(|e| ModelError::Syntax {
            origin: origin.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        m.validate().map_err(|message| ModelError::Invalid {
            origin: origin.to_string(),
            message,
        })?;
        Ok(m)
    }

    /// Every number is finite and inside its documented range: a step of at least
    /// 1 m, maxima of 0-100, divisors above 0, factors of at least 1, nothing negative.
    fn check_numbers(&self) -> Result<(), String> {
        let (t, c, s) = (&self.thresholds, &self.choke, &self.score);
        let big = 1e9;
        let ranges: [(&str, f64, f64, f64); 29] = [
            ("thresholds.narrow_width_m", t.narrow_width_m, 0.0, 1e3),
            ("thresholds.no_escape_m", t.no_escape_m, 0.0, 1e6),
            ("thresholds.slow_speed_kmh", t.slow_speed_kmh, 0.0, 400.0),
            (
                "thresholds.slow_min_length_m",
                t.slow_min_length_m,
                0.0,
                1e6,
            ),
            ("thresholds.crowd_distance_m", t.crowd_distance_m, 0.0, 1e4),
            (
                "thresholds.convergence_min_m",
                t.convergence_min_m,
                0.0,
                1e6,
            ),
            (
                "thresholds.endpoint_margin_m",
                t.endpoint_margin_m,
                0.0,
                1e4,
            ),
            ("thresholds.sample_step_m", t.sample_step_m, 1.0, 1e4),
            (
                "thresholds.haven_threshold_min",
                t.haven_threshold_min,
                0.0,
                1e3,
            ),
            ("thresholds.haven_good_min", t.haven_good_min, 0.0, 1e3),
            ("thresholds.venue_access_m", t.venue_access_m, 0.0, 1e4),
            ("thresholds.venue_crowd_m", t.venue_crowd_m, 0.0, 1e4),
            ("choke.single_path", c.single_path, 0.0, 10.0),
            ("choke.forced_path", c.forced_path, 0.0, 10.0),
            ("choke.detour_factor", c.detour_factor, 1.0, 1e3),
            ("choke.detour_extra_m", c.detour_extra_m, 0.0, 1e6),
            ("choke.crowd_bonus", c.crowd_bonus, 0.0, 10.0),
            ("choke.no_escape_bonus", c.no_escape_bonus, 0.0, 10.0),
            ("choke.convergence_bonus", c.convergence_bonus, 0.0, 10.0),
            ("choke.priority", c.priority, 0.0, 10.0),
            ("score.exposure_max", s.exposure_max, 0.0, 100.0),
            ("score.exposure_full_min", s.exposure_full_min, 0.001, 1e6),
            ("score.choke_max", s.choke_max, 0.0, 100.0),
            (
                "score.choke_points_per_score",
                s.choke_points_per_score,
                0.001,
                big,
            ),
            ("score.hazards_max", s.hazards_max, 0.0, 100.0),
            (
                "score.hazard_points_per_score",
                s.hazard_points_per_score,
                0.001,
                big,
            ),
            ("score.haven_max", s.haven_max, 0.0, 100.0),
            (
                "routing.seconds_per_point",
                self.routing.seconds_per_point,
                0.0,
                1e6,
            ),
            ("version", f64::from(self.version), 1.0, 1.0),
        ];
        for (name, v, lo, hi) in ranges {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                return Err(format!(
                    "{name} is {v}: it must be a number from {lo} to {hi}"
                ));
            }
        }
        if let Some(b) = self.bands.iter().find(|b| !b.upper.is_finite()) {
            return Err(format!("band '{}' has upper bound {}", b.name, b.upper));
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), String> {
        self.check_numbers()?;
        if let Some(k) = HazardKind::ALL
            .iter()
            .find(|k| !self.hazards.contains_key(k))
        {
            return Err(format!("no rule for hazard '{}'", k.key()));
        }
        if let Some((k, r)) = self
            .hazards
            .iter()
            .find(|(_, r)| !(1.0..=10.0).contains(&r.score))
        {
            return Err(format!(
                "hazard '{}' scores {} (must be 1-10)",
                k.key(),
                r.score
            ));
        }
        let s = &self.score;
        let total = s.exposure_max + s.choke_max + s.hazards_max + s.haven_max;
        if (total - 100.0).abs() > 1e-9 {
            return Err(format!("score maxima add up to {total}, not 100"));
        }
        if self.bands.is_empty() || self.bands.windows(2).any(|w| w[0].upper >= w[1].upper) {
            return Err("bands must be listed with rising upper bounds".into());
        }
        if self.bands.last().is_some_and(|b| b.upper < 100.0) {
            return Err("the last band must reach 100".into());
        }
        let t = &self.thresholds;
        if t.haven_threshold_min <= t.haven_good_min
            || t.sample_step_m <= 0.0
            || s.exposure_full_min <= 0.0
        {
            return Err(
                "haven_threshold_min must exceed haven_good_min; steps and spans must be positive"
                    .into(),
            );
        }
        Ok(())
    }

    /// The rule for a hazard kind (every kind has one: checked on load).
    pub fn rule(&self, k: HazardKind) -> &HazardRule {
        static FALLBACK: std::sync::OnceLock<HazardRule> = std::sync::OnceLock::new();
        self.hazards.get(&k).unwrap_or_else(|| {
            FALLBACK.get_or_init(|| HazardRule {
                score: 1.0,
                choke: false,
                reason: String::new(),
            })
        })
    }

    /// The band a 0-100 score falls in.
    pub fn band(&self, score: f64) -> &Band {
        self.bands
            .iter()
            .find(|b| score <= b.upper)
            .or(self.bands.last())
            .unwrap_or(&self.bands[0])
    }

    /// "low <= 25 < medium <= 50 < ..." for printing with every score.
    pub fn bands_text(&self) -> String {
        self.bands
            .iter()
            .map(|b| format!("{} <= {}", b.name, b.upper))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_parses_and_is_complete() {
        let m = RiskModel::builtin().unwrap();
        assert_eq!(m.version, 1);
        assert_eq!(m.hazards.len(), HazardKind::ALL.len());
        assert_eq!(m.band(10.0).name, "low");
        assert_eq!(m.band(50.0).name, "medium");
        assert_eq!(m.band(80.0).name, "critical");
    }

    /// Issue 14, item 4: numbers that would make a run blow up or print nonsense are
    /// refused, naming the field.
    #[test]
    fn numbers_out_of_range_are_refused() {
        for (from, to, field) in [
            (
                "sample_step_m: 100",
                "sample_step_m: 1e-300",
                "sample_step_m",
            ),
            ("sample_step_m: 100", "sample_step_m: NaN", "sample_step_m"),
            ("exposure_max: 15", "exposure_max: NaN", "exposure_max"),
            (
                "choke_points_per_score: 0.5",
                "choke_points_per_score: -inf",
                "choke_points_per_score",
            ),
        ] {
            assert!(BUILTIN_RISK_MODEL_RON.contains(from), "{from}");
            let text = BUILTIN_RISK_MODEL_RON.replacen(from, to, 1);
            let e = RiskModel::parse(&text, "m.ron").unwrap_err();
            assert!(
                matches!(e, ModelError::Invalid { .. }) && e.to_string().contains(field),
                "{e}"
            );
        }
    }

    #[test]
    fn malformed_model_reports_line_and_column() {
        let bad = BUILTIN_RISK_MODEL_RON.replace(
            "bridge:          (score: 5,",
            "bridge:          (score: five,",
        );
        let e = RiskModel::parse(&bad, "m.ron").unwrap_err();
        let ModelError::Syntax { line, column, .. } = &e else {
            panic!("{e}")
        };
        let want_line = BUILTIN_RISK_MODEL_RON
            .lines()
            .position(|l| l.contains("bridge:          (score"))
            .unwrap()
            + 1;
        assert_eq!(*line, want_line, "{e}");
        assert!(*column > 20, "{e}");
        assert!(e.to_string().starts_with("m.ron:"));
    }

    #[test]
    fn invalid_models_are_refused() {
        let bad = BUILTIN_RISK_MODEL_RON.replace("haven_max: 20", "haven_max: 30");
        assert!(matches!(
            RiskModel::parse(&bad, "x"),
            Err(ModelError::Invalid { .. })
        ));
        let bad = BUILTIN_RISK_MODEL_RON.replace(
            "(score: 6, choke: true,  reason: \"tunnel",
            "(score: 11, choke: true,  reason: \"tunnel",
        );
        assert!(
            RiskModel::parse(&bad, "x")
                .unwrap_err()
                .to_string()
                .contains("tunnel")
        );
    }
}
