//! `brief` (the PDF) and `export` (GPX, KML, GeoJSON, CSV).

use super::CommandError;
use crate::export::brief::{BriefOptions, brief as make_brief};
use crate::export::layout::Paper;
use crate::plan;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file, then rename).
///
/// # Errors
/// File errors, naming the file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| CommandError::Usage(format!("cannot write {}: {e}", path.display())))
}

/// `cordon brief`.
///
/// # Errors
/// Plan, map and PDF errors.
pub fn brief(
    out: &mut dyn Write,
    plan_path: &Path,
    output: &Path,
    movement: Option<String>,
    paper: Paper,
) -> Result<(), CommandError> {
    let p = plan::load(plan_path)?;
    let map = crate::osm::read(plan::map_path(&p, plan_path))?;
    let t = std::time::Instant::now();
    let bytes = make_brief(&p, &map, &BriefOptions { paper, movement })
        .map_err(|e| CommandError::Usage(e.to_string()))?;
    write_atomic(output, &bytes)?;
    writeln!(
        out,
        "wrote {} ({} KB in {:.2} s)",
        output.display(),
        bytes.len() / 1024,
        t.elapsed().as_secs_f64()
    )?;
    Ok(())
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GPX 1.1.
    Gpx,
    /// KML 2.2.
    Kml,
    /// GeoJSON.
    GeoJson,
    /// CSV timing table.
    Csv,
}

/// `cordon export`.
///
/// # Errors
/// Plan, movement and writer errors.
pub fn export(
    out: &mut dyn Write,
    plan_path: &Path,
    format: ExportFormat,
    output: &Path,
    movement: Option<&str>,
) -> Result<(), CommandError> {
    use crate::export::fields;
    let p = plan::load(plan_path)?;
    let movements = fields::selected(&p, movement);
    if let (Some(id), true) = (movement, movements.is_empty()) {
        return Err(CommandError::Usage(format!(
            "the plan has no movement '{id}'"
        )));
    }
    let bytes = match format {
        ExportFormat::Gpx => fields::gpx(&p, &movements),
        ExportFormat::Kml => fields::kml(&p, &movements),
        ExportFormat::GeoJson => Ok(fields::geojson(&movements)),
        ExportFormat::Csv => fields::csv(&movements),
    }
    .map_err(|e| CommandError::Usage(e.to_string()))?;
    write_atomic(output, &bytes)?;
    writeln!(
        out,
        "wrote {} ({} movements, {} bytes)",
        output.display(),
        movements.len(),
        bytes.len()
    )?;
    Ok(())
}
