//! `brief` (the PDF) and `export` (GPX, KML, GeoJSON, CSV), both through the library's
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

/// `cordon export`: any kind but the brief, which has its own command (it needs the
/// map and a paper size).
///
/// # Errors
/// Plan, movement, writer and file errors.
pub fn export(
    out: &mut dyn Write,
    keys: &mut Keys,
    plan_path: &Path,
    kind: ExportKind,
    output: &Path,
    movement: Option<&str>,
) -> Result<(), CommandError> {
    if kind == ExportKind::Brief {
        return Err(CommandError::Usage(
            "the brief is made by `cordon brief PLAN -o FILE.pdf`".into(),
        ));
    }
    let (p, protection) = keys.load(plan_path)?;
    let opts = ExportOptions {
        movement: movement.map(str::to_string),
        owner_only: protection.is_encrypted(),
        ..ExportOptions::default()
    };
    let written = write_export(kind, &p, None, &opts, output)?;
    warn_plain(out, &protection, output)?;
    writeln!(
        out,
        "wrote {} ({} movements, {} bytes)",
        output.display(),
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
