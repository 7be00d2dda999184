//! Writing plans for people and other tools: the PDF brief (with maps from
//! [`crate::render`]), GPX 1.1, KML 2.2, GeoJSON (RFC 7946), CSV, TAK data packages
//! and MBTiles basemaps. [`export`] is the one entry point the CLI and the app share:
//! pick a kind, get the file written atomically.

pub mod brief;
pub mod fields;
pub mod geojson;
pub mod layout;
pub mod mbtiles;
pub mod pdf;
pub mod tak;

use crate::atomic::{self, Backup, WriteError};
use crate::coord::BBox;
use crate::map::Map;
use crate::plan::{Movement, Plan};
use crate::render::tiles::ZoomRange;
use brief::{BriefError, BriefOptions};
use fields::FieldError;
use layout::Paper;
use std::path::Path;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The PDF route brief (needs the map for its pictures).
    Brief,
    /// GPX 1.1 routes, tracks and waypoints for GPS units.
    Gpx,
    /// KML 2.2, a folder per movement.
    Kml,
    /// GeoJSON (RFC 7946) routes and points.
    GeoJson,
    /// The checkpoint and timing table as CSV.
    Csv,
    /// A TAK data package (zip) for ATAK, WinTAK and iTAK: routes, markers, zones,
    /// the log, the brief.
    Tak,
    /// The advance log (observations and incidents) as CSV.
    Log,
}

impl ExportKind {
    /// Every kind, in menu order.
    pub const ALL: [ExportKind; 7] = [
        Self::Brief,
        Self::Gpx,
        Self::Kml,
        Self::GeoJson,
        Self::Csv,
        Self::Tak,
        Self::Log,
    ];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Brief => "pdf",
            Self::Gpx => "gpx",
            Self::Kml => "kml",
            Self::GeoJson => "geojson",
            Self::Csv => "csv",
            Self::Tak => "zip",
            Self::Log => "csv",
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Brief => "PDF brief",
            Self::Gpx => "GPX",
            Self::Kml => "KML",
            Self::GeoJson => "GeoJSON",
            Self::Csv => "CSV timing table",
            Self::Tak => "TAK data package",
            Self::Log => "Advance log (CSV)",
        }
    }

    /// The kind a file extension names ("pdf" is the brief, "zip" the TAK package),
    /// ignoring case.
    pub fn from_extension(ext: &str) -> Option<ExportKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.extension().eq_ignore_ascii_case(ext))
    }

    /// The kind `--format` names: an extension, "tak" or "log".
    pub fn from_name(name: &str) -> Option<ExportKind> {
        if name.eq_ignore_ascii_case("tak") {
            return Some(Self::Tak);
        }
        if name.eq_ignore_ascii_case("log") {
            return Some(Self::Log);
        }
        Self::from_extension(name).filter(|k| *k != Self::Tak)
    }

    /// Whether making it needs the loaded map (the brief draws maps and the TAK
    /// package carries the brief; the others only read the plan).
    pub fn needs_map(self) -> bool {
        matches!(self, Self::Brief | Self::Tak)
    }
}

/// Export choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Only this movement (by id).
    pub movement: Option<String>,
    /// Paper size of the brief.
    pub paper: Paper,
    /// Write the file readable by its owner only (0600), whatever the mode of a file
    /// it replaces: the plain export of an encrypted plan.
    pub owner_only: bool,
    /// Who the brief is for (also the brief a TAK package carries).
    pub role: brief::Role,
    /// For a TAK package: include an MBTiles basemap of the plan's area at these zooms.
    pub basemap: Option<ZoomRange>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            movement: None,
            paper: Paper::A4,
            owner_only: false,
            role: brief::Role::Full,
            basemap: None,
        }
    }
}

/// Why an export could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--movement` names no movement of the plan.
    #[error("the plan has no movement '{0}'")]
    NoMovement(String),
    /// The brief was asked for without a map.
    #[error("the brief needs the plan's map, and no map is loaded")]
    NoMap,
    /// The brief failed.
    #[error(transparent)]
    Brief(#[from] BriefError),
    /// A GPX, KML or CSV writer failed.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// The TAK package failed.
    #[error(transparent)]
    Tak(#[from] tak::TakError),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What [`export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Bytes in the file.
    pub bytes: usize,
    /// Movements in it.
    pub movements: usize,
}

/// The export's bytes.
///
/// # Errors
/// [`ExportError::NoMovement`], [`ExportError::NoMap`] for a brief without a map, and
/// the writers' errors.
pub fn bytes(
    kind: ExportKind,
    plan: &Plan,
    map: Option<&Map>,
    opts: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let movements = selected(plan, opts.movement.as_deref())?;
    Ok(match kind {
        ExportKind::Brief => {
            let map = map.ok_or(ExportError::NoMap)?;
            let brief_opts = BriefOptions {
                paper: opts.paper,
                movement: opts.movement.clone(),
                role: opts.role,
            };
            brief::brief(plan, map, &brief_opts)?
        }
        ExportKind::Gpx => fields::gpx(plan, &movements)?,
        ExportKind::Kml => fields::kml(plan, &movements)?,
        ExportKind::GeoJson => fields::geojson(plan, &movements, plan.grid),
        ExportKind::Log => fields::log_csv(plan, &movements)?,
        ExportKind::Csv => fields::csv(&movements, plan.grid)?,
        ExportKind::Tak => {
            let map = map.ok_or(ExportError::NoMap)?;
            let tak_opts = tak::TakOptions {
                role: opts.role,
                paper: opts.paper,
                movement: opts.movement.clone(),
                basemap: opts.basemap,
            };
            let now = time::OffsetDateTime::now_utc();
            tak::package(plan, map, &movements, &tak_opts, now)?
        }
    })
}

/// Makes the export and writes it to `path` atomically (no `.bak`: exports are made
/// from the plan again at will).
///
/// # Errors
/// As [`bytes`], and [`ExportError::Write`] naming the file.
pub fn export(
    kind: ExportKind,
    plan: &Plan,
    map: Option<&Map>,
    opts: &ExportOptions,
    path: &Path,
) -> Result<Written, ExportError> {
    let data = bytes(kind, plan, map, opts)?;
    let backup = if opts.owner_only {
        Backup::NoneOwnerOnly
    } else {
        Backup::None
    };
    atomic::write(path, &data, backup)?;
    Ok(Written {
        bytes: data.len(),
        movements: selected(plan, opts.movement.as_deref())?.len(),
    })
}

/// The area `movements` of `plan` cover: their venues, routes, checkpoints and avoid
/// zones, with 500 m around (a basemap's extent).
pub fn area(plan: &Plan, movements: &[&Movement]) -> BBox {
    let mut b = BBox::EMPTY;
    for m in movements {
        for id in [&m.from, &m.to] {
            if let Some(v) = plan.venue(id) {
                b.extend(v.location.point().0);
            }
        }
        for r in &m.routes {
            r.geometry.iter().for_each(|p| b.extend(p.point().0));
        }
        m.checkpoints
            .iter()
            .for_each(|c| b.extend(c.location.point().0));
        for z in &m.avoid {
            z.area
                .0
                .iter()
                .for_each(|p| p.exterior().0.iter().for_each(|c| b.extend(*c)));
        }
    }
    if b.is_empty() { b } else { b.grown_m(500.0) }
}

/// The movements an export covers: all, or the one named.
fn selected<'a>(plan: &'a Plan, only: Option<&str>) -> Result<Vec<&'a Movement>, ExportError> {
    let movements = fields::selected(plan, only);
    match only {
        Some(id) if movements.is_empty() => Err(ExportError::NoMovement(id.to_string())),
        _ => Ok(movements),
    }
}
