//! What each CLI command does, apart from parsing its arguments (`main.rs`) so the
//! commands can be tested headless. Each writes its report to a `Write`.

pub mod export;
pub mod keys;
pub mod map;
pub mod plan;
pub mod reach;
pub mod render;
pub mod risk;
pub mod route;
pub mod tiles;

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
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    PlanRoute(#[from] crate::plan::PlanRouteError),
    #[error(transparent)]
    Model(#[from] crate::risk::ModelError),
    #[error(transparent)]
    Venue(#[from] crate::risk::venue::VenueError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    Write(#[from] crate::atomic::WriteError),
    #[error(transparent)]
    Tiles(#[from] crate::export::mbtiles::MbtilesError),
    #[error(transparent)]
    Tile(#[from] crate::render::tiles::TileError),
    #[error("cannot encode PNG: {0}")]
    Png(String),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    /// An input file that could not be read (missing, not a regular file, too large).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{}:{line}: {message}", path.display())]
    Pairs {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// `plan check` found errors (they are printed above).
    #[error("{}: {count} error(s) in the plan", path.display())]
    PlanErrors { path: PathBuf, count: usize },
    /// The command line asked for something impossible.
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

fn load(path: &std::path::Path) -> Result<(crate::map::Map, f64), CommandError> {
    let t = std::time::Instant::now();
    let map = crate::osm::read(path)?;
    Ok((map, t.elapsed().as_secs_f64() * 1000.0))
}
