//! The advance log: what the advance team saw (construction, a comms dead zone, a
//! suspicious vehicle, a closed road) and incidents during the visit, each with a
//! time, a place, a category, a severity, who reported it and whether it is resolved.

use super::document::{LonLat, Movement, Plan, RouteRole};
use super::time::ClockTime;
use crate::coord;
use geo::{Coord, Point};
use serde::{Deserialize, Serialize};

/// An urgent open entry this close to a primary route, metres, is flagged.
pub const URGENT_NEAR_ROUTE_M: f64 = 100.0;

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum LogCategory {
    Construction,
    Parking,
    Crowd,
    CommsDeadZone,
    Suspicious,
    Hazard,
    Medical,
    Other,
}

impl LogCategory {
    /// Every category, in menu order.
    pub const ALL: [LogCategory; 8] = [
        Self::Construction,
        Self::Parking,
        Self::Crowd,
        Self::CommsDeadZone,
        Self::Suspicious,
        Self::Hazard,
        Self::Medical,
        Self::Other,
    ];

    /// Two letters that mark it on maps (with a legend).
    pub fn code(self) -> &'static str {
        match self {
            Self::Construction => "CO",
            Self::Parking => "PK",
            Self::Crowd => "CR",
            Self::CommsDeadZone => "DZ",
            Self::Suspicious => "SU",
            Self::Hazard => "HZ",
            Self::Medical => "MD",
            Self::Other => "OT",
        }
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Construction => "construction or closure",
            Self::Parking => "parking",
            Self::Crowd => "crowd",
            Self::CommsDeadZone => "comms dead zone",
            Self::Suspicious => "suspicious person or vehicle",
            Self::Hazard => "hazard",
            Self::Medical => "medical",
            Self::Other => "other",
        }
    }
}

/// How much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogSeverity {
    /// For the record.
    Info,
    /// Keep an eye on it.
    Caution,
    /// Act on it.
    Urgent,
}

impl LogSeverity {
    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Caution => "caution",
            Self::Urgent => "urgent",
        }
    }
}

/// Whether it still needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogStatus {
    /// Still to deal with.
    #[default]
    Open,
    /// Dealt with, and how.
    Resolved(String),
}

/// Where an entry is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogPlace {
    /// A point on the map.
    Point(LonLat),
    /// A venue, by id.
    Venue(String),
    /// A checkpoint of a movement, by ids.
    Checkpoint {
        /// Movement id.
        movement: String,
        /// Checkpoint id.
        checkpoint: String,
    },
    /// A stretch of one of a movement's routes, metres from its start.
    Route {
        /// Movement id.
        movement: String,
        /// Which route.
        role: RouteRole,
        /// Where the stretch starts, metres along.
        from_m: f64,
        /// Where it ends, metres along.
        to_m: f64,
    },
}

/// One observation or incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Short id ("L1").
    pub id: String,
    /// The day (ISO date, "2026-12-04").
    pub date: String,
    /// The local time.
    pub time: ClockTime,
    /// Where.
    pub at: LogPlace,
    /// What it is about.
    pub category: LogCategory,
    /// How much it matters.
    pub severity: LogSeverity,
    /// Call sign or name of who reported it.
    #[serde(default)]
    pub reporter: String,
    /// What was seen or happened.
    pub text: String,
    /// Open, or resolved with a note.
    #[serde(default)]
    pub status: LogStatus,
}

impl LogEntry {
    /// Whether it still needs attention.
    pub fn is_open(&self) -> bool {
        self.status == LogStatus::Open
    }

    /// "open", or "resolved: how".
    pub fn status_text(&self) -> String {
        match &self.status {
            LogStatus::Open => "open".into(),
            LogStatus::Resolved(note) => format!("resolved: {note}"),
        }
    }

    /// The line it covers, lon/lat: a route stretch, or its one point; `None` when its
    /// place names a venue, movement, checkpoint or route the plan does not have.
    pub fn line(&self, plan: &Plan) -> Option<Vec<Coord<f64>>> {
        match &self.at {
            LogPlace::Point(p) => Some(vec![p.point().0]),
            LogPlace::Venue(id) => plan.venue(id).map(|v| vec![v.location.point().0]),
            LogPlace::Checkpoint {
                movement,
                checkpoint,
            } => movement_of(plan, movement)?
                .checkpoints
                .iter()
                .find(|c| &c.id == checkpoint)
                .map(|c| vec![c.location.point().0]),
            LogPlace::Route {
                movement,
                role,
                from_m,
                to_m,
            } => {
                let r = movement_of(plan, movement)?.route(*role)?;
                let line: Vec<Coord<f64>> = r.geometry.iter().map(|p| p.point().0).collect();
                let (a, b) = (from_m.min(*to_m), from_m.max(*to_m));
                let part = coord::slice_polyline(&line, a, b);
                (!part.is_empty()).then_some(part)
            }
        }
    }

    /// Its position: the point, or the middle of its stretch.
    pub fn position(&self, plan: &Plan) -> Option<Point<f64>> {
        let line = self.line(plan)?;
        let half = coord::polyline_length_m(&line) / 2.0;
        coord::MeasuredLine::new(&line)
            .point_at(half)
            .or_else(|| line.first().map(|c| Point(*c)))
    }

    /// How far it is from `line`, metres (0 when it lies on it).
    pub fn distance_to_m(&self, plan: &Plan, line: &[Coord<f64>]) -> Option<f64> {
        let own = self.line(plan)?;
        own.iter()
            .map(|c| coord::distance_to_polyline_m(Point(*c), line).0)
            .reduce(f64::min)
    }

    /// "L3 09:10 2026-12-04, urgent, suspicious person or vehicle: text".
    pub fn summary(&self) -> String {
        format!(
            "{} {} {}, {}, {}: {}",
            self.id,
            self.date,
            self.time,
            self.severity.label(),
            self.category.label(),
            self.text
        )
    }
}

fn movement_of<'a>(plan: &'a Plan, id: &str) -> Option<&'a Movement> {
    plan.movements.iter().find(|m| m.id == id)
}

/// The open urgent entries within [`URGENT_NEAR_ROUTE_M`] of a movement's primary
/// route, with the movement and the distance.
pub fn urgent_near_primaries(plan: &Plan) -> Vec<(&LogEntry, &Movement, f64)> {
    let mut out = Vec::new();
    for e in plan
        .log
        .iter()
        .filter(|e| e.is_open() && e.severity == LogSeverity::Urgent)
    {
        for m in &plan.movements {
            let Some(r) = m.route(RouteRole::Primary) else {
                continue;
            };
            let line: Vec<Coord<f64>> = r.geometry.iter().map(|p| p.point().0).collect();
            if let Some(d) = e.distance_to_m(plan, &line)
                && d <= URGENT_NEAR_ROUTE_M
            {
                out.push((e, m, d));
            }
        }
    }
    out
}

/// The entries within `within_m` of any of a movement's routes, in time order.
pub fn near_movement<'a>(plan: &'a Plan, m: &Movement, within_m: f64) -> Vec<&'a LogEntry> {
    let lines: Vec<Vec<Coord<f64>>> = m
        .routes
        .iter()
        .map(|r| r.geometry.iter().map(|p| p.point().0).collect())
        .collect();
    let mut out: Vec<&LogEntry> = plan
        .log
        .iter()
        .filter(|e| {
            lines
                .iter()
                .any(|l| e.distance_to_m(plan, l).is_some_and(|d| d <= within_m))
        })
        .collect();
    out.sort_by(|a, b| (&a.date, a.time).cmp(&(&b.date, b.time)));
    out
}

/// Adds an open info entry of category `other` at `at`, dated the plan's day at
/// `time`, with the next free id ("L1", "L2", ...); returns its id.
pub fn add_entry(plan: &mut Plan, at: LogPlace, time: ClockTime) -> String {
    let n = (1..)
        .find(|n| !plan.log.iter().any(|e| e.id == format!("L{n}")))
        .unwrap_or(1);
    let id = format!("L{n}");
    plan.log.push(LogEntry {
        id: id.clone(),
        date: plan.date.clone(),
        time,
        at,
        category: LogCategory::Other,
        severity: LogSeverity::Info,
        reporter: String::new(),
        text: String::new(),
        status: LogStatus::Open,
    });
    id
}

/// Whether `date` is an ISO calendar date (YYYY-MM-DD, a real day).
pub fn is_iso_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    if y < 1900 || !(1..=12).contains(&m) || d == 0 || parts[0].len() != 4 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    d <= days[(m - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_entries_take_the_next_free_id() {
        let mut p = Plan::new(
            "t",
            super::super::document::MapRef {
                path: "m".into(),
                sha256: String::new(),
            },
        );
        p.date = "2026-12-05".into();
        let at = LogPlace::Point(LonLat(7.42, 43.73));
        assert_eq!(add_entry(&mut p, at.clone(), ClockTime(0)), "L1");
        assert_eq!(add_entry(&mut p, at.clone(), ClockTime(0)), "L2");
        p.log.remove(0);
        assert_eq!(add_entry(&mut p, at, ClockTime(0)), "L1");
        assert_eq!(p.log[0].date, "2026-12-05");
        assert!(p.log.iter().all(LogEntry::is_open));
    }

    #[test]
    fn dates_are_real_iso_days() {
        for ok in ["2026-12-04", "2024-02-29", "2000-02-29"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "2026-13-01",
            "2025-02-29",
            "1900-02-29",
            "04/12/2026",
            "2026-12",
            "26-12-04",
            "",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
