//! What can go wrong in the app, as one typed error: worker outcomes carry it, and
//! the window shows its message. Library errors are wrapped, never flattened to text.

use crate::atomic::WriteError;
use crate::export::ExportError;
use crate::plan::{PlanError, PlanRouteError};
use crate::routing::RouteError;

/// An error the app reports in its window.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The map file could not be read.
    #[error("the map could not be loaded: {0}")]
    LoadMap(#[source] crate::osm::Error),
    /// The plan asked for at start-up could not be read (the map still loaded).
    #[error("the plan could not be opened: {0}")]
    LoadPlan(#[source] PlanError),
    /// A load was cancelled from the progress bar.
    #[error("cancelled")]
    Cancelled,
    /// Opening or saving a plan failed.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A movement's routes could not be computed.
    #[error(transparent)]
    Route(#[from] PlanRouteError),
    /// The routing profiles could not be read.
    #[error(transparent)]
    Profiles(#[from] crate::routing::ProfileError),
    /// A venue's surroundings could not be read.
    #[error(transparent)]
    Routing(#[from] RouteError),
    /// An export failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Unsaved changes could not be written to the recovery file.
    #[error("autosave failed: {0}")]
    Autosave(#[source] PlanError),
    /// The recovery file could not be read.
    #[error("the recovery file could not be read: {0}")]
    Recovery(#[source] PlanError),
    /// Recovered changes belong to a plan on another map.
    #[error(
        "the unsaved changes to '{plan}' were made on {map}, not on the map open now: open that map first (File > Open map…), then recover them"
    )]
    RecoveryOnOtherMap {
        /// The plan's name.
        plan: String,
        /// Its map's file name.
        map: String,
    },
    /// The remembered settings could not be written.
    #[error("the settings could not be saved: {0}")]
    Settings(#[source] WriteError),
    /// A checkpoint was placed with no movement to put it in.
    #[error("set an origin and destination first: checkpoints belong to a movement")]
    CheckpointWithoutMovement,
    /// Routes were asked for with no movement.
    #[error("set an origin and a destination first")]
    NoMovement,
    /// Save as was given a file that is not a plan file.
    #[error("{}: Save as writes Cordon plans (.ron) and wrote nothing; a PDF brief, GPX, KML, GeoJSON or CSV is made with File > Export", .0.display())]
    NotAPlanFile(std::path::PathBuf),
    /// A plain plan was to be saved under an encrypted plan's name.
    #[error("{}: .age files are encrypted plans; save a plain plan as .ron, or encrypt it with File > Encrypt…", .0.display())]
    PlainNamedAge(std::path::PathBuf),
    /// An encrypted plan was to be saved under a plain plan's name.
    #[error("{}: this plan is encrypted and is saved as .ron.age; for a plain copy use File > Decrypt…", .0.display())]
    EncryptedNeedsAge(std::path::PathBuf),
    /// Routes were asked for a movement that lacks an end.
    #[error(
        "movement {movement} has no {end} yet: set it with 'Set {end}' on the map or a search hit's '{button}' button"
    )]
    MissingEnd {
        /// Movement id.
        movement: String,
        /// "origin" or "destination".
        end: &'static str,
        /// The search hit's button for it.
        button: &'static str,
    },
    /// A venue could not be deleted.
    #[error(transparent)]
    VenueInUse(#[from] crate::plan::edit::VenueInUse),
    /// A clicked point cannot be routed to.
    #[error("nothing was added at {at}: {why}; pick a point on or near a road")]
    OffRoad {
        /// The point, as lat,lon.
        at: String,
        /// Why.
        why: &'static str,
    },
    /// An avoid zone was closed with fewer than three corners.
    #[error("an avoid zone needs at least three corners")]
    ZoneTooSmall,
    /// A venue was asked for that the plan does not have.
    #[error("no venue #{0}")]
    NoVenue(usize),
    /// Something needs the map and none is loaded.
    #[error("no map is loaded")]
    NoMap,
}

/// What an error is about: it is cleared when an action on the same thing succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Topic {
    /// Loading a map.
    Map,
    /// Opening, saving or recovering a plan, or remembering settings.
    File,
    /// Writing an export.
    Export,
    /// The routes of one movement (by id).
    Routes(String),
    /// Reading a venue's surroundings.
    Venue,
    /// An edit that could not be made.
    Edit,
}

impl AppError {
    /// What the error is about.
    pub fn topic(&self) -> Topic {
        match self {
            Self::LoadMap(_) | Self::Cancelled | Self::NoMap | Self::Profiles(_) => Topic::Map,
            Self::LoadPlan(_)
            | Self::Plan(_)
            | Self::Autosave(_)
            | Self::Recovery(_)
            | Self::RecoveryOnOtherMap { .. }
            | Self::Settings(_)
            | Self::NotAPlanFile(_)
            | Self::PlainNamedAge(_)
            | Self::EncryptedNeedsAge(_) => Topic::File,
            Self::Export(_) => Topic::Export,
            Self::Route(e) => Topic::Routes(e.movement().unwrap_or_default().to_string()),
            Self::Routing(_) | Self::NoVenue(_) => Topic::Venue,
            Self::CheckpointWithoutMovement
            | Self::NoMovement
            | Self::ZoneTooSmall
            | Self::MissingEnd { .. }
            | Self::VenueInUse(_)
            | Self::OffRoad { .. } => Topic::Edit,
        }
    }
}
