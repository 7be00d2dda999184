//! `brief` (the PDF) and `export` (GPX, KML, GeoJSON, CSV, TAK), both through the library's
//! one export entry point, [`crate::export::export`], which the app uses too.

use super::CommandError;
use super::keys::Keys;
use crate::export::layout::Paper;
use crate::export::{ExportKind, ExportOptions, export as write_export};
use crate::plan;
use std::io::Write;
use std::path::Path;

/// `cordon brief`.
///
/// # Errors
/// Plan, map, movement, PDF and file errors.
pub fn brief(
    out: &mut dyn Write,
    keys: &mut Keys,
    plan_path: &Path,
    output: &Path,
    movement: Option<String>,
    paper: Paper,
    role: crate::export::brief::Role,
) -> Result<(), CommandError> {
    let (p, protection) = keys.load(plan_path)?;
    let map = crate::osm::read(plan::map_path(&p, plan_path))?;
    let t = std::time::Instant::now();
    let opts = ExportOptions {
        movement,
        paper,
        owner_only: protection.is_encrypted(),
        role,
        basemap: None,
    };
    let written = write_export(ExportKind::Brief, &p, Some(&map), &opts, output)?;
    warn_plain(out, &protection, output)?;
    writeln!(
        out,
        "wrote {} ({} KB in {:.2} s)",
        output.display(),
        written.bytes / 1024,
        t.elapsed().as_secs_f64()
    )?;
    Ok(())
}

/// What `cordon export` is asked for.
#[derive(Debug, Clone)]
pub struct ExportArgs {
    /// The kind (any but the brief).
    pub kind: ExportKind,
    /// The file to write.
    pub output: std::path::PathBuf,
    /// Only this movement.
    pub movement: Option<String>,
    /// The brief a TAK package carries.
    pub role: crate::export::brief::Role,
    /// Its paper.
    pub paper: Paper,
    /// A basemap for the TAK package, at these zooms.
    pub basemap: Option<crate::render::tiles::ZoomRange>,
}

/// `cordon export`: any kind but the brief, which has its own command. The TAK package
/// loads the plan's map for the brief it carries (and its basemap).
///
/// # Errors
/// Plan, map, movement, writer and file errors.
pub fn export(
    out: &mut dyn Write,
    keys: &mut Keys,
    plan_path: &Path,
    a: &ExportArgs,
) -> Result<(), CommandError> {
    if a.kind == ExportKind::Brief {
        return Err(CommandError::Usage(
            "the brief is made by `cordon brief PLAN -o FILE.pdf`".into(),
        ));
    }
    if a.basemap.is_some() && a.kind != ExportKind::Tak {
        return Err(CommandError::Usage(
            "--basemap goes with --format tak; for tiles alone use `cordon tiles`".into(),
        ));
    }
    let (p, protection) = keys.load(plan_path)?;
    let map = if a.kind.needs_map() {
        Some(crate::osm::read(plan::map_path(&p, plan_path))?)
    } else {
        None
    };
    let opts = ExportOptions {
        movement: a.movement.clone(),
        owner_only: protection.is_encrypted(),
        role: a.role,
        paper: a.paper,
        basemap: a.basemap,
    };
    let written = write_export(a.kind, &p, map.as_ref(), &opts, &a.output)?;
    warn_plain(out, &protection, &a.output)?;
    writeln!(
        out,
        "wrote {} ({} movements, {} bytes)",
        a.output.display(),
        written.movements,
        written.bytes
    )?;
    Ok(())
}

/// Says that the export of an encrypted plan is plain text (written owner-only).
fn warn_plain(
    out: &mut dyn Write,
    protection: &plan::Protection,
    output: &Path,
) -> std::io::Result<()> {
    if protection.is_encrypted() {
        writeln!(
            out,
            "warning: the plan is encrypted but {} is plain text (as every export is); it was written readable by you only (mode 600): keep it safe",
            output.display()
        )?;
    }
    Ok(())
}
