//! What each CLI command does, apart from parsing its arguments (`main.rs`) so the
//! commands can be tested headless. Each writes its report to a `Write`.

pub mod export;
pub mod map;
pub mod plan;
pub mod render;
pub mod risk;
pub mod route;

use std::path::PathBuf;

/// Anything a command can fail with, each variant carrying its module's error.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)]
pub enum CommandError {
    #[error(transparent)]
    Osm(#[from] crate::osm::Error),
    #[error(transparent)]
    Map(#[from] crate::map::MapError),
    #[error(transparent)]
    Coord(#[from] crate::coord::CoordError),
    #[error(transparent)]
    Route(#[from] crate::routing::RouteError),
    #[error(transparent)]
    Profile(#[from] crate::routing::ProfileError),
    #[error(transparent)]
    Avoid(#[from] crate::routing::AvoidError),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{}:{line}: {message}", path.display())]
    Pairs {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
}

/// Text, JSON or GeoJSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
    /// GeoJSON FeatureCollection.
    GeoJson,
    /// Tab-separated values (batch mode).
    Tsv,
}

/// "6 min 05 s", "1 h 02 min", "45 s".
pub fn fmt_duration(s: f64) -> String {
    let s = s.round() as i64;
    match s {
        s if s >= 3600 => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{} min {:02} s", s / 60, s % 60),
        s => format!("{s} s"),
    }
}

/// "1.24 km" or "350 m".
pub fn fmt_length(m: f64) -> String {
    if m >= 1000.0 {
        format!("{:.2} km", m / 1000.0)
    } else {
        format!("{m:.0} m")
    }
}

/// Elapsed time as "m:ss" or "h:mm:ss".
pub fn fmt_clock(s: f64) -> String {
    let s = s.round() as i64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn load(path: &std::path::Path) -> Result<(crate::map::Map, f64), CommandError> {
    let t = std::time::Instant::now();
    let map = crate::osm::read(path)?;
    Ok((map, t.elapsed().as_secs_f64() * 1000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations_lengths_and_clocks() {
        assert_eq!(fmt_duration(45.2), "45 s");
        assert_eq!(fmt_duration(365.0), "6 min 05 s");
        assert_eq!(fmt_duration(3725.0), "1 h 02 min");
        assert_eq!(fmt_length(349.6), "350 m");
        assert_eq!(fmt_length(1240.0), "1.24 km");
        assert_eq!(fmt_clock(65.0), "1:05");
        assert_eq!(fmt_clock(3725.0), "1:02:05");
    }
}
