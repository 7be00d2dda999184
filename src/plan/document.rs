//! The plan document: everything a team decides about a visit, as serde types. Saved
//! as RON with a `version`; see `docs/plan-format.md`.

use super::inputs::RouteInputs;
use super::time::ClockTime;
use crate::risk::venue::VenueAssessment;
use crate::risk::{HavenStop, PrimaryRule, RiskModel, RouteRisk};
use crate::routing::{AvoidZone, HospitalPolicy, Instruction};
use serde::{Deserialize, Serialize};

/// The handling line printed when the plan gives none.
pub const DEFAULT_HANDLING: &str = "Not to be copied. Return after use.";

/// The plan format this build writes.
pub const CURRENT_VERSION: u32 = 2;

/// A position as `(lon, lat)` degrees, rounded to 7 decimals (about 1 cm) so files stay
/// short and reload equal. Reading one that is not on Earth (not a number, longitude
/// outside ±180, latitude outside ±90) fails with the line and column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LonLat(pub f64, pub f64);

impl<'de> Deserialize<'de> for LonLat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<LonLat, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename = "LonLat")]
        struct Raw(f64, f64);
        let Raw(lon, lat) = Raw::deserialize(d)?;
        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
            Ok(LonLat(lon, lat))
        } else {
            Err(serde::de::Error::custom(format!(
                "({lon}, {lat}) is not a position: longitude must be -180 to 180 and latitude -90 to 90"
            )))
        }
    }
}

/// Reads a number that must be finite and not negative (lengths, durations, dwell
/// times): NaN or infinity fails with the line and column instead of reaching a brief.
fn non_negative<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "{v} is not a length or time: it must be a finite number, 0 or more"
        )))
    }
}

/// Reads a speed factor: finite and above 0.
fn positive<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "{v} is not a speed factor: it must be a finite number above 0"
        )))
    }
}

impl LonLat {
    /// Rounds a point to 7 decimals.
    pub fn from_point(p: geo::Point<f64>) -> LonLat {
        LonLat(round7(p.x()), round7(p.y()))
    }

    /// The point (x = lon, y = lat).
    pub fn point(self) -> geo::Point<f64> {
        geo::Point::new(self.0, self.1)
    }
}

/// Rounds to 7 decimals.
pub fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

/// The map a plan was made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapRef {
    /// Path, relative to the plan file's folder when not absolute.
    pub path: String,
    /// SHA-256 of the file, hex: a changed map is noticed.
    pub sha256: String,
}

/// A place the principal goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    /// Short id used by movements ("hotel").
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is (hotel, palace, heliport, restaurant, ...).
    pub kind: String,
    /// Where (the arrival point).
    pub location: LonLat,
    /// The risk assessment, if one was made.
    #[serde(default)]
    pub assessment: Option<VenueAssessment>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
}

/// The part a route plays in a movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteRole {
    /// The planned route.
    Primary,
    /// An alternate (1-based).
    Alternate(u8),
    /// To the hospital.
    Emergency,
}

impl std::fmt::Display for RouteRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RouteRole::Primary => write!(f, "primary"),
            RouteRole::Alternate(n) => write!(f, "alternate {n}"),
            RouteRole::Emergency => write!(f, "emergency"),
        }
    }
}

/// A via point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Via {
    /// What it is ("Boulevard du Larvotto").
    pub name: String,
    /// Where.
    pub location: LonLat,
}

/// A computed route kept in the plan, so a brief prints without re-routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedRoute {
    /// Primary, alternate or emergency.
    pub role: RouteRole,
    /// The waypoints routed through.
    pub waypoints: Vec<LonLat>,
    /// How far each waypoint is from where the route meets the road, metres.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snap_m: Vec<f64>,
    /// Metres.
    #[serde(deserialize_with = "non_negative")]
    pub length_m: f64,
    /// Seconds as routed (before the movement's speed factor).
    #[serde(deserialize_with = "non_negative")]
    pub duration_s: f64,
    /// For alternates: share of length in common with the primary.
    #[serde(default)]
    pub shared_fraction: Option<f64>,
    /// For emergency routes: the hospital, and why it was chosen.
    #[serde(default)]
    pub hospital: Option<String>,
    /// The hospital's phone, when known.
    #[serde(default)]
    pub hospital_phone: Option<String>,
    /// The line.
    pub geometry: Vec<LonLat>,
    /// `(metres along, seconds from start)` at every edge boundary, for timing.
    pub timeline: Vec<(f64, f64)>,
    /// Turn-by-turn directions.
    pub instructions: Vec<Instruction>,
    /// Risk assessment (per-edge colours left out).
    #[serde(default)]
    pub risk: Option<RouteRisk>,
    /// Safe havens near the route with the drive to each, computed with the route
    /// (primary and alternates; `None` when computed by an older Cordon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub havens: Option<Vec<HavenStop>>,
    /// For the primary and alternates: the rule that makes this route the primary
    /// (`Fastest`, `RiskWeight(w)` or `Alternate(n)`), so any of them can be adopted.
    /// `None` for emergency routes and routes from an older Cordon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_by: Option<PrimaryRule>,
}

/// Kinds of checkpoint in advance work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum CheckpointKind {
    ArrivalPoint,
    DeparturePoint,
    ChokePoint,
    SafeHaven,
    RallyPoint,
    HoldingRoom,
    CheckIn,
    ObservationPost,
}

impl CheckpointKind {
    /// Every kind.
    pub const ALL: [CheckpointKind; 8] = [
        Self::ArrivalPoint,
        Self::DeparturePoint,
        Self::ChokePoint,
        Self::SafeHaven,
        Self::RallyPoint,
        Self::HoldingRoom,
        Self::CheckIn,
        Self::ObservationPost,
    ];

    /// Human label.
    /// Two letters that mark the kind on maps (with a legend): AP, DP, CP, SH, RP, HR,
    /// CI, OP.
    pub fn code(self) -> &'static str {
        match self {
            Self::ArrivalPoint => "AP",
            Self::DeparturePoint => "DP",
            Self::ChokePoint => "CP",
            Self::SafeHaven => "SH",
            Self::RallyPoint => "RP",
            Self::HoldingRoom => "HR",
            Self::CheckIn => "CI",
            Self::ObservationPost => "OP",
        }
    }

    /// Its place in [`Self::ALL`] (the index of its colour in the map style).
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// What it is called.
    pub fn label(self) -> &'static str {
        match self {
            Self::ArrivalPoint => "arrival point",
            Self::DeparturePoint => "departure point",
            Self::ChokePoint => "choke point",
            Self::SafeHaven => "safe haven",
            Self::RallyPoint => "rally point",
            Self::HoldingRoom => "holding room",
            Self::CheckIn => "check-in",
            Self::ObservationPost => "observation post",
        }
    }
}

/// A checkpoint on a movement's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Short id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is.
    pub kind: CheckpointKind,
    /// Where.
    pub location: LonLat,
    /// The route it is on (primary unless said).
    #[serde(default = "primary")]
    pub route: RouteRole,
    /// Metres along that route (computed by `plan route`).
    #[serde(default)]
    pub along_m: Option<f64>,
    /// Metres from the route line (computed).
    #[serde(default)]
    pub off_route_m: Option<f64>,
    /// Seconds the movement stops here.
    #[serde(default, deserialize_with = "non_negative")]
    pub dwell_s: f64,
    /// When the principal passes (computed by the schedule).
    #[serde(default)]
    pub planned_time: Option<ClockTime>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
    /// Call signs of who is posted here.
    #[serde(default)]
    pub posted: Vec<String>,
}

fn primary() -> RouteRole {
    RouteRole::Primary
}

/// One movement of the principal between two venues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    /// Short id ("m1").
    pub id: String,
    /// Name ("Heliport to hotel").
    pub name: String,
    /// Venue id of the start.
    pub from: String,
    /// Venue id of the end.
    pub to: String,
    /// Local departure time.
    pub departure: ClockTime,
    /// Routing profile (car, motorcade, foot).
    pub profile: String,
    /// Multiplies routed durations (e.g. 1.2 for a cautious motorcade).
    #[serde(default = "one", deserialize_with = "positive")]
    pub speed_factor: f64,
    /// Via points in order.
    #[serde(default)]
    pub via: Vec<Via>,
    /// Areas to keep out of.
    #[serde(default)]
    pub avoid: Vec<AvoidZone>,
    /// How the primary route is found: the fastest unless the planner adopted a route
    /// the risk analysis found (the former primary then stays as an alternate).
    #[serde(default, skip_serializing_if = "PrimaryRule::is_fastest")]
    pub primary: PrimaryRule,
    /// Computed routes.
    #[serde(default)]
    pub routes: Vec<PlannedRoute>,
    /// What the routes were computed from; they are stale when the plan's current
    /// inputs differ (see [`RouteInputs`]). `None` for routes from an older Cordon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes_for: Option<RouteInputs>,
    /// Checkpoints, in order along the route.
    #[serde(default)]
    pub checkpoints: Vec<Checkpoint>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
}

fn one() -> f64 {
    1.0
}

/// A member of the detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Name.
    pub name: String,
    /// Role ("detail leader").
    pub role: String,
    /// Call sign.
    pub call_sign: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
}

/// A vehicle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Call sign.
    pub call_sign: String,
    /// Make, model, colour.
    pub description: String,
    /// Plate.
    #[serde(default)]
    pub plate: String,
    /// Role in the motorcade ("lead", "principal", "follow").
    pub role: String,
    /// Driver's call sign.
    #[serde(default)]
    pub driver: String,
}

/// People and vehicles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Team {
    /// Members.
    pub members: Vec<Member>,
    /// Vehicles.
    pub vehicles: Vec<Vehicle>,
}

/// A radio channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    /// Name ("Detail net").
    pub name: String,
    /// Frequency or talkgroup.
    pub frequency: String,
    /// What it is for.
    pub purpose: String,
}

/// Someone to call in an emergency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Who.
    pub name: String,
    /// Their role.
    pub role: String,
    /// Number.
    pub phone: String,
}

/// Communications plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comms {
    /// Channels.
    pub channels: Vec<Channel>,
    /// Call signs of people and places not in the team list ("Crown" = principal).
    pub call_signs: Vec<(String, String)>,
    /// Emergency contacts.
    pub emergency_contacts: Vec<Contact>,
}

/// A whole movement plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Format version.
    pub version: u32,
    /// Plan name.
    pub name: String,
    /// The principal's codename.
    pub principal: String,
    /// Classification marking printed on every page.
    pub classification: String,
    /// The handling line printed on every page of every brief (empty: "Not to be
    /// copied. Return after use.").
    #[serde(default)]
    pub handling: String,
    /// The day (ISO date).
    pub date: String,
    /// IANA time zone of all times ("Europe/Monaco").
    pub time_zone: String,
    /// Who wrote it.
    pub author: String,
    /// The grid every position is shown in (the brief, exports' descriptions, the
    /// app's tables and status bar): `mgrs` unless the plan says otherwise.
    #[serde(default)]
    pub grid: crate::grid::Grid,
    /// The map.
    pub map: MapRef,
    /// A risk model replacing the built-in one.
    #[serde(default)]
    pub risk_model: Option<RiskModel>,
    /// Trauma centres and excluded hospitals.
    #[serde(default)]
    pub hospitals: HospitalPolicy,
    /// Venues.
    pub venues: Vec<Venue>,
    /// Movements.
    pub movements: Vec<Movement>,
    /// The team.
    #[serde(default)]
    pub team: Team,
    /// Communications.
    #[serde(default)]
    pub comms: Comms,
    /// The advance log: observations and incidents (format version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<super::log::LogEntry>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
}

impl MapRef {
    /// The map's file name as recorded ("monaco.osm.pbf"), without the folders the
    /// path was relative to: how people and the brief name the map.
    pub fn file_name(&self) -> &str {
        std::path::Path::new(&self.path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.path)
    }
}

impl Plan {
    /// An empty plan for a map.
    pub fn new(name: &str, map: MapRef) -> Plan {
        Plan {
            version: CURRENT_VERSION,
            name: name.to_string(),
            principal: String::new(),
            classification: "RESTRICTED".into(),
            handling: String::new(),
            date: String::new(),
            time_zone: "UTC".into(),
            author: String::new(),
            grid: crate::grid::Grid::default(),
            map,
            risk_model: None,
            hospitals: HospitalPolicy::default(),
            venues: Vec::new(),
            movements: Vec::new(),
            team: Team::default(),
            comms: Comms::default(),
            log: Vec::new(),
            notes: String::new(),
        }
    }

    /// The venue with id `id`.
    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| v.id == id)
    }

    /// The name of venue `id`, or the id itself when the plan has no such venue.
    pub fn venue_name(&self, id: &str) -> String {
        self.venue(id)
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    }

    /// The handling line every brief page and every TAK item carries: the plan's
    /// own, or [`DEFAULT_HANDLING`].
    pub fn handling_line(&self) -> &str {
        match self.handling.trim() {
            "" => DEFAULT_HANDLING,
            h => h,
        }
    }
}

impl PlannedRoute {
    /// For an emergency route: the hospital's name, without the reason it was chosen
    /// ("Centre hospitalier Princesse Grace (trauma centre …)" gives the first part).
    pub fn hospital_name(&self) -> Option<&str> {
        let h = self.hospital.as_deref()?;
        Some(h.split(" (").next().unwrap_or(h))
    }
}

impl Movement {
    /// The route with a role.
    pub fn route(&self, role: RouteRole) -> Option<&PlannedRoute> {
        self.routes.iter().find(|r| r.role == role)
    }
}
