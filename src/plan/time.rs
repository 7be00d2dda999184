//! Local clock times of the day ("09:30", "21:05:30"), as plans are written and read.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Seconds after local midnight of the plan's date (may pass 24 h for late movements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClockTime(pub u32);

/// A time that is not `HH:MM` or `HH:MM:SS`.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("'{0}' is not a time of day (expected HH:MM or HH:MM:SS, e.g. 09:30)")]
pub struct TimeError(pub String);

impl ClockTime {
    /// Parses `HH:MM` or `HH:MM:SS` (hours up to 47 for the small hours of the next day).
    ///
    /// # Errors
    /// [`TimeError`] for anything else.
    pub fn parse(text: &str) -> Result<ClockTime, TimeError> {
        let bad = || TimeError(text.to_string());
        let parts: Vec<&str> = text.trim().split(':').collect();
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        let n: Vec<u32> = parts
            .iter()
            .map(|p| p.parse().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let (h, m, s) = (n[0], n[1], n.get(2).copied().unwrap_or(0));
        if h > 47 || m > 59 || s > 59 {
            return Err(bad());
        }
        Ok(ClockTime(h * 3600 + m * 60 + s))
    }

    /// This time plus `seconds` (rounded to the second).
    pub fn plus(self, seconds: f64) -> ClockTime {
        ClockTime(self.0.saturating_add(seconds.max(0.0).round() as u32))
    }

    /// This time moved by `seconds`, earlier when negative (never before midnight).
    pub fn shifted(self, seconds: i64) -> ClockTime {
        ClockTime((i64::from(self.0) + seconds).clamp(0, i64::from(u32::MAX)) as u32)
    }

    /// Seconds from `earlier` to `self` (negative if it is later).
    pub fn since(self, earlier: ClockTime) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, (self.0 % 3600) / 60, self.0 % 60);
        let day = if h >= 24 { " (+1 day)" } else { "" };
        if s == 0 {
            write!(f, "{:02}:{m:02}{day}", h % 24)
        } else {
            write!(f, "{:02}:{m:02}:{s:02}{day}", h % 24)
        }
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (h, m, sec) = (self.0 / 3600, (self.0 % 3600) / 60, self.0 % 60);
        if sec == 0 {
            s.serialize_str(&format!("{h:02}:{m:02}"))
        } else {
            s.serialize_str(&format!("{h:02}:{m:02}:{sec:02}"))
        }
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClockTime, D::Error> {
        let text = String::deserialize(d)?;
        ClockTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_times() {
        assert_eq!(
            ClockTime::parse("09:30").unwrap(),
            ClockTime(9 * 3600 + 30 * 60)
        );
        assert_eq!(
            ClockTime::parse("21:05:30").unwrap().to_string(),
            "21:05:30"
        );
        assert_eq!(
            ClockTime::parse("25:10").unwrap().to_string(),
            "01:10 (+1 day)"
        );
        assert!(ClockTime::parse("9:30").is_err());
        assert!(ClockTime::parse("09:60").is_err());
        assert!(ClockTime::parse("noon").is_err());
        assert_eq!(
            ClockTime::parse("09:30").unwrap().plus(89.6).to_string(),
            "09:31:30"
        );
    }
}
