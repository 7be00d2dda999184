//! Routing profiles as data (`assets/profiles.ron`): speeds per road class, caps, what
//! to avoid, turn and stop penalties. The router reads nothing else about how a car, a
//! motorcade or a pedestrian moves.

use crate::map::{Access, Barrier, Mode, RoadClass, WayFlags, WayInfo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in profiles, compiled in from `assets/profiles.ron`.
pub const BUILTIN_PROFILES_RON: &str = include_str!("../../assets/profiles.ron");

/// Seconds added per kind of turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TurnPenalties {
    /// 30–60 degrees.
    pub slight: f64,
    /// 60–120 degrees.
    pub normal: f64,
    /// 120–170 degrees.
    pub sharp: f64,
    /// Over 170 degrees, or back along the same street.
    pub u_turn: f64,
}

/// Which `barrier=*` nodes a profile passes through (see `assets/profiles.ron`). A
/// barrier's kind is matched exactly first (`bollard=rising`), then by its base
/// (`bollard`); a kind in neither list follows `unknown_blocks`. Access `no` on the node
/// for the profile's mode always blocks; a height restrictor blocks below
/// `min_height_m`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BarrierRules {
    /// Kinds passed.
    #[serde(default)]
    pub pass: Vec<String>,
    /// Kinds that block.
    #[serde(default)]
    pub block: Vec<String>,
    /// Whether a kind in neither list blocks.
    #[serde(default)]
    pub unknown_blocks: bool,
    /// Lowest `maxheight` (metres) of a height restrictor that is passed.
    #[serde(default)]
    pub min_height_m: f64,
    /// Seconds lost passing a barrier of this kind (a gate to be opened).
    #[serde(default)]
    pub delay_s: BTreeMap<String, f64>,
}

impl BarrierRules {
    fn listed(list: &[String], kind: &str) -> bool {
        list.iter().any(|k| k == kind)
    }

    /// Whether a barrier stops this mode.
    pub fn blocks(&self, mode: Mode, b: &Barrier) -> bool {
        let closed = match mode {
            Mode::Car => b.car_no,
            Mode::Foot => b.foot_no,
        };
        if closed {
            return true;
        }
        let base = b.kind.split('=').next().unwrap_or(&b.kind);
        if base == "height_restrictor"
            && mode == Mode::Car
            && b.maxheight_m
                .is_some_and(|h| f64::from(h) < self.min_height_m)
        {
            return true;
        }
        for kind in [&*b.kind, base] {
            if Self::listed(&self.pass, kind) {
                return false;
            }
            if Self::listed(&self.block, kind) {
                return true;
            }
        }
        self.unknown_blocks
    }

    /// Seconds lost passing a barrier (0 when none is listed for its kind).
    pub fn delay_s(&self, b: &Barrier) -> f64 {
        let base = b.kind.split('=').next().unwrap_or(&b.kind);
        self.delay_s
            .get(&*b.kind)
            .or_else(|| self.delay_s.get(base))
            .copied()
            .unwrap_or(0.0)
    }
}

/// How one kind of traffic moves. Field meanings are documented in `assets/profiles.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Profile {
    #[serde(skip)]
    pub name: String,
    pub mode: Mode,
    pub speed_kmh: BTreeMap<RoadClass, f64>,
    pub use_maxspeed: bool,
    pub maxspeed_factor: f64,
    pub max_speed_kmh: f64,
    pub avoid_classes: Vec<RoadClass>,
    pub avoid_unpaved: bool,
    pub avoid_private: bool,
    pub avoid_destination: bool,
    pub avoid_factor: f64,
    pub obey_restrictions: bool,
    pub turn_penalty_s: TurnPenalties,
    pub signal_delay_s: f64,
    #[serde(default)]
    pub crossing_signal_delay_s: f64,
    pub stop_delay_s: f64,
    pub level_crossing_delay_s: f64,
    #[serde(default)]
    pub barriers: BarrierRules,
}

/// Why profiles could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read profiles {}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The OS reason.
        source: std::io::Error,
    },
    /// The RON is malformed; position is 1-based line and column.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// File name or "built-in profiles".
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A profile has a value that makes no sense.
    #[error("profile '{profile}': {message}")]
    Invalid {
        /// Which profile.
        profile: String,
        /// What is wrong.
        message: String,
    },
    /// No profile of that name.
    #[error("unknown profile '{name}' (known: {known})")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names available.
        known: String,
    },
}

/// A named set of profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Profiles(pub BTreeMap<String, Profile>);

impl Profiles {
    /// The built-in car, motorcade and foot profiles.
    ///
    /// # Errors
    /// Only if the compiled-in file were broken, which a unit test rules out.
    pub fn builtin() -> Result<Profiles, ProfileError> {
        Profiles::parse(BUILTIN_PROFILES_RON, "built-in profiles")
    }

    /// Parses a profiles file's text; `origin` names it in errors.
    ///
    /// # Errors
    /// [`ProfileError::Syntax`] with line and column, [`ProfileError::Invalid`] for
    /// impossible values (speeds ≤ 0, factors < 1).
    pub fn parse(text: &str, origin: &str) -> Result<Profiles, ProfileError> {
        let map: BTreeMap<String, Profile> =
            ron::from_str(text).map_err(|e| ProfileError::Syntax {
                origin: origin.to_string(),
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            })?;
        let map = map
            .into_iter()
            .map(|(name, mut p)| {
                p.name = name.clone();
                p.validate()?;
                Ok((name, p))
            })
            .collect::<Result<_, _>>()?;
        Ok(Profiles(map))
    }

    /// Built-in profiles with those of `path` laid over them.
    ///
    /// # Errors
    /// As [`Profiles::parse`], plus [`ProfileError::Io`].
    pub fn with_overrides(path: &Path) -> Result<Profiles, ProfileError> {
        let text =
            crate::input::read_text(path, crate::input::TextKind::Profiles).map_err(|source| {
                ProfileError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        let mut all = Profiles::builtin()?;
        all.0
            .extend(Profiles::parse(&text, &path.display().to_string())?.0);
        Ok(all)
    }

    /// The profiles' names, in alphabetical order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The profile called `name`.
    ///
    /// # Errors
    /// [`ProfileError::Unknown`] listing the known names.
    pub fn get(&self, name: &str) -> Result<&Profile, ProfileError> {
        self.0.get(name).ok_or_else(|| ProfileError::Unknown {
            name: name.to_string(),
            known: self.0.keys().cloned().collect::<Vec<_>>().join(", "),
        })
    }
}

impl Profile {
    fn validate(&self) -> Result<(), ProfileError> {
        let bad = |message: String| {
            Err(ProfileError::Invalid {
                profile: self.name.clone(),
                message,
            })
        };
        if let Some((c, s)) = self
            .speed_kmh
            .iter()
            .find(|(_, s)| !s.is_finite() || **s <= 0.0)
        {
            return bad(format!("speed for {} must be above 0, not {s}", c.as_str()));
        }
        if [self.max_speed_kmh, self.maxspeed_factor]
            .iter()
            .any(|v| !v.is_finite() || *v <= 0.0)
        {
            return bad("max_speed_kmh and maxspeed_factor must be above 0".into());
        }
        if !self.avoid_factor.is_finite() || self.avoid_factor < 1.0 {
            return bad("avoid_factor must be at least 1".into());
        }
        let t = self.turn_penalty_s;
        let delays = [
            t.slight,
            t.normal,
            t.sharp,
            t.u_turn,
            self.signal_delay_s,
            self.crossing_signal_delay_s,
            self.stop_delay_s,
            self.level_crossing_delay_s,
        ];
        let barrier_delays = self.barriers.delay_s.values();
        if delays
            .iter()
            .chain(barrier_delays)
            .any(|d| d.is_nan() || *d < 0.0)
        {
            return bad("penalties and delays must be 0 or more".into());
        }
        Ok(())
    }

    /// Whether the profile may use a way at all (class listed and access not `no`).
    pub fn uses(&self, way: &WayInfo) -> bool {
        let access = match self.mode {
            Mode::Car => way.car,
            Mode::Foot => way.foot,
        };
        access.is_usable() && self.speed_kmh.contains_key(&way.class)
    }

    /// Travel speed on a way in km/h.
    pub fn speed_on(&self, way: &WayInfo) -> f64 {
        let class = self.speed_kmh.get(&way.class).copied().unwrap_or(1.0);
        let tagged = way
            .maxspeed_kmh
            .filter(|_| self.use_maxspeed)
            .map(|v| f64::from(v) * self.maxspeed_factor);
        tagged.unwrap_or(class).min(self.max_speed_kmh).max(1.0)
    }

    /// Whether the profile avoids a way away from the origin and destination.
    pub fn avoids(&self, way: &WayInfo) -> bool {
        let access = match self.mode {
            Mode::Car => way.car,
            Mode::Foot => way.foot,
        };
        self.avoid_classes.contains(&way.class)
            || (self.avoid_unpaved && way.flags.contains(WayFlags::UNPAVED))
            || (self.avoid_private && access == Access::Private)
            || (self.avoid_destination && access == Access::Destination)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_parse_and_validate() {
        let p = Profiles::builtin().unwrap();
        for name in ["car", "motorcade", "foot"] {
            assert_eq!(p.get(name).unwrap().name, name);
        }
        assert!(
            p.get("tank")
                .unwrap_err()
                .to_string()
                .contains("car, foot, motorcade")
        );
    }

    #[test]
    fn speeds_follow_maxspeed_and_caps() {
        let p = Profiles::builtin().unwrap();
        let mut w = WayInfo::new(1, RoadClass::Primary);
        assert_eq!(p.get("car").unwrap().speed_on(&w), 65.0);
        w.maxspeed_kmh = Some(90.0);
        assert_eq!(p.get("car").unwrap().speed_on(&w), 72.0);
        assert_eq!(p.get("motorcade").unwrap().speed_on(&w), 50.0, "capped");
        assert_eq!(p.get("foot").unwrap().speed_on(&w), 5.0);
    }

    #[test]
    fn motorcade_avoids_service_roads_and_private_access() {
        let p = Profiles::builtin().unwrap();
        let m = p.get("motorcade").unwrap();
        assert!(m.avoids(&WayInfo::new(1, RoadClass::Service)));
        let mut w = WayInfo::new(1, RoadClass::Residential);
        assert!(!m.avoids(&w));
        w.car = Access::Private;
        assert!(m.avoids(&w));
        assert!(
            !p.get("foot")
                .unwrap()
                .uses(&WayInfo::new(1, RoadClass::Motorway))
        );
    }

    #[test]
    fn malformed_profiles_report_line_and_column() {
        let e = Profiles::parse("{\n  \"car\": (\n    mode: Boat,\n", "x.ron").unwrap_err();
        let ProfileError::Syntax { line, column, .. } = e else {
            panic!("{e}")
        };
        assert_eq!((line, column), (3, 11));
        let bad = BUILTIN_PROFILES_RON.replace("avoid_factor: 20", "avoid_factor: 0.5");
        assert!(matches!(
            Profiles::parse(&bad, "x"),
            Err(ProfileError::Invalid { .. })
        ));
        // Issue 14, item 4: no infinite caps or NaN delays.
        for (from, to) in [
            ("max_speed_kmh: 130", "max_speed_kmh: inf"),
            ("signal_delay_s: 8,", "signal_delay_s: NaN,"),
            ("avoid_factor: 20", "avoid_factor: inf"),
        ] {
            assert!(BUILTIN_PROFILES_RON.contains(from), "{from}");
            let bad = BUILTIN_PROFILES_RON.replacen(from, to, 1);
            assert!(
                matches!(
                    Profiles::parse(&bad, "x"),
                    Err(ProfileError::Invalid { .. })
                ),
                "{to}"
            );
        }
    }
}
