//! Local clock times of the day ("09:30", "21:05:30"), as plans are written and read.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Seconds after local midnight of the plan's date (may pass 24 h for late movements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClockTime(pub u32);

/// A time that cannot be read, with what is wrong with it.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("'{text}' is not a time of day: {why} (e.g. 09:30, 9:30, 0930, 9.30 or 09:30:15)")]
pub struct TimeError {
    /// What was typed.
    pub text: String,
    /// What is wrong with it.
    pub why: &'static str,
}

impl ClockTime {
    /// Reads a time of day as people type it: `H:MM`, `HH:MM`, `H.MM`, `HhMM`, `HMM`,
    /// `HHMM`, each with optional seconds (`:SS`, or `HHMMSS` without separators).
    /// Hours go up to 47, for the small hours of the next day.
    ///
    /// # Errors
    /// [`TimeError`] saying what is wrong (not digits, minutes over 59, ...).
    pub fn parse(text: &str) -> Result<ClockTime, TimeError> {
        let bad = |why| TimeError {
            text: text.to_string(),
            why,
        };
        let t = text.trim();
        let parts: Vec<&str> = if t.contains([':', '.', 'h', 'H']) {
            t.split([':', '.', 'h', 'H']).collect()
        } else if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("expected digits for hours, minutes and seconds"));
        } else {
            match t.len() {
                3 => vec![&t[..1], &t[1..]],
                4 => vec![&t[..2], &t[2..]],
                6 => vec![&t[..2], &t[2..4], &t[4..]],
                _ => return Err(bad("expected hours and minutes")),
            }
        };
        if !(2..=3).contains(&parts.len())
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad("expected digits for hours, minutes and seconds"));
        }
        if parts[0].len() > 2 || parts[1..].iter().any(|p| p.len() != 2) {
            return Err(bad("minutes and seconds take two digits"));
        }
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let (h, m, s) = (n[0], n[1], n.get(2).copied().unwrap_or(0));
        match () {
            _ if h > 47 => Err(bad("hours go up to 47 (the next day's small hours)")),
            _ if m > 59 => Err(bad("minutes must be 00 to 59")),
            _ if s > 59 => Err(bad("seconds must be 00 to 59")),
            _ => Ok(ClockTime(h * 3600 + m * 60 + s)),
        }
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
        // Issue 12: the forms people type are read (this was refused before).
        for typed in ["9:30", "09:30", "0930", "930", "9.30", "9h30", " 09:30:00 "] {
            assert_eq!(
                ClockTime::parse(typed),
                Ok(ClockTime(9 * 3600 + 1800)),
                "{typed}"
            );
        }
        assert_eq!(ClockTime::parse("093015").unwrap().to_string(), "09:30:15");
        for refused in [
            "25:99", "9:3", "48:00", "9:30:61", "12345", "9:", "a9:30", "aé1", "noon",
        ] {
            assert!(ClockTime::parse(refused).is_err(), "{refused}");
        }
        let e = ClockTime::parse("25:99").unwrap_err().to_string();
        assert!(e.contains("minutes must be 00 to 59"), "{e}");
        assert!(ClockTime::parse("09:60").is_err());
        assert!(ClockTime::parse("noon").is_err());
        assert_eq!(
            ClockTime::parse("09:30").unwrap().plus(89.6).to_string(),
            "09:31:30"
        );
    }
}
