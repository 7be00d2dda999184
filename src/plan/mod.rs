//! The movement plan: the document (venues, movements with routes and checkpoints,
//! team, comms), RON load and save, the timed schedule, validation, edits made from
//! the map, what routes depend on, and computing a plan's routes.

mod compute;
mod context;
mod document;
pub mod edit;
mod inputs;
mod io;
pub mod log;
mod schedule;
pub mod seal;
mod time;
mod validate;

pub use compute::{
    ComputedRoutes, EXPLORE_WEIGHTS, PlanRouteError, explore_movement, route_movement_in,
    route_plan,
};
pub use context::{HAVEN_PROFILE, RoutingContext};
pub use document::{
    CURRENT_VERSION, Channel, Checkpoint, CheckpointKind, Comms, Contact, DEFAULT_HANDLING, LonLat,
    MapRef, Member, Movement, Plan, PlannedRoute, RouteRole, Team, Vehicle, Venue, Via, round7,
};
pub use inputs::{Freshness, RouteInputs};
pub use io::{
    PlanError, file_sha256, has_age_extension, is_encrypted, load, load_with, map_path, parse,
    relative_map_path, save, save_protected, save_with, save_with_protection, to_ron,
};
pub use log::{LogCategory, LogEntry, LogPlace, LogSeverity, LogStatus};
pub use schedule::{OFF_ROUTE_LIMIT_M, Row, arrival, schedule, timeline};
pub use seal::{Passphrase, Protection};
pub use time::{ClockTime, TimeError};
pub use validate::{CONNECTOR_WARN_M, Connector, Issue, Severity, check, connectors};

#[cfg(test)]
mod tests;
