//! How Cordon writes lengths, durations and times for people: the CLI, the printed
//! brief and the app use these, so a route reads the same everywhere. Times of day are
//! [`crate::plan::ClockTime`]s, shown by its `Display` ("09:05" or "09:05:30").

use crate::plan::ClockTime;
use crate::risk::RouteRisk;

/// "350 m" below a kilometre, else "1.24 km".
pub fn length(m: f64) -> String {
    if m >= 1000.0 {
        format!("{:.2} km", m / 1000.0)
    } else {
        format!("{m:.0} m")
    }
}

/// "45 s", "6 min 05 s", "1 h 02 min".
pub fn duration(s: f64) -> String {
    let s = s.round() as i64;
    match s {
        s if s >= 3600 => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{} min {:02} s", s / 60, s % 60),
        s => format!("{s} s"),
    }
}

/// Minutes to one decimal: "6.1 min" (tables where columns line up).
pub fn minutes(s: f64) -> String {
    format!("{:.1} min", s / 60.0)
}

/// Elapsed time since the start as "m:ss", or "h:mm:ss" from an hour.
pub fn elapsed(s: f64) -> String {
    let s = s.round() as i64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// A route's risk as tables print it: "60.7 high" (one decimal everywhere, so a
/// route reads the same in every table).
pub fn risk(k: &RouteRisk) -> String {
    format!("{:.1} {}", k.score, k.band)
}

/// A planned time of day, or "--:--" when it is not known yet.
pub fn time_of_day(t: Option<ClockTime>) -> String {
    t.map(|t| t.to_string()).unwrap_or_else(|| "--:--".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_lengths_durations_and_times() {
        assert_eq!(duration(45.2), "45 s");
        assert_eq!(duration(365.0), "6 min 05 s");
        assert_eq!(duration(3725.0), "1 h 02 min");
        assert_eq!(length(349.6), "350 m");
        assert_eq!(length(1240.0), "1.24 km");
        assert_eq!(elapsed(65.0), "1:05");
        assert_eq!(elapsed(3725.0), "1:02:05");
        assert_eq!(minutes(366.0), "6.1 min");
        assert_eq!(time_of_day(None), "--:--");
        assert_eq!(time_of_day(Some(ClockTime(9 * 3600 + 300))), "09:05");
    }
}
