//! `inspect`, `find` and `havens`.

use super::{CommandError, Format, load};
use crate::coord::{self, LatLon};
use crate::format;
use crate::map::{PlaceKind, resolve_point};
use crate::routing::{Profiles, RouteOptions, Router};
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// `cordon inspect`.
///
/// # Errors
/// Map loading and output errors.
pub fn inspect(out: &mut dyn Write, path: &Path, format: Format) -> Result<(), CommandError> {
    let (map, load_ms) = load(path)?;
    let summary = map.summary(load_ms);
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
    } else {
        writeln!(out, "{}\n{summary}", path.display())?;
    }
    Ok(())
}

/// `cordon find`.
///
/// # Errors
/// Map loading and output errors.
pub fn find(
    out: &mut dyn Write,
    path: &Path,
    query: &str,
    limit: usize,
    format: Format,
) -> Result<(), CommandError> {
    let (map, _) = load(path)?;
    let hits = map.search(query, limit);
    if format == Format::Json {
        let rows: Vec<_> = hits
            .iter()
            .map(|h| json!({"kind": h.kind.label(), "name": h.name, "area": h.area, "lat": h.location.y(), "lon": h.location.x()}))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "no street or place matches '{query}'")?;
    }
    for h in hits {
        writeln!(
            out,
            "{:<18} {:<45} {:<30} {}",
            h.kind.label(),
            h.name,
            h.area.as_deref().unwrap_or("-"),
            LatLon(h.location)
        )?;
    }
    Ok(())
}

/// How `havens` orders its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HavenOrder {
    /// Straight-line distance.
    Distance,
    /// Drive time by car (straight-line distance shown too).
    Time,
}

struct HavenRow<'a> {
    place: &'a crate::map::Place,
    distance_m: f64,
    drive: Option<(f64, f64)>,
}

/// `cordon havens`.
///
/// # Errors
/// Bad coordinates, map loading, off-map points and output errors.
pub fn havens(
    out: &mut dyn Write,
    path: &Path,
    at: &str,
    limit: usize,
    order: HavenOrder,
    format: Format,
) -> Result<(), CommandError> {
    if crate::grid::parse_reference(at).is_none() {
        coord::parse_lat_lon(at)?;
    }
    let (map, _) = load(path)?;
    let (p, _) = resolve_point(&map, at)?;
    map.check_on_map(p)?;
    let router = match order {
        HavenOrder::Time => Some(Router::new(&map, Profiles::builtin()?.get("car")?.clone())),
        HavenOrder::Distance => None,
    };
    let mut rows: Vec<HavenRow> = Vec::new();
    for kind in PlaceKind::HAVENS {
        let pool = if router.is_some() { 3 * limit } else { limit };
        let near = map.nearest_places(p, &[*kind], pool);
        let drives = match &router {
            Some(r) => r.drive_to(
                p,
                &near.iter().map(|n| n.place).collect::<Vec<_>>(),
                &RouteOptions::default(),
            ),
            None => vec![None; near.len()],
        };
        let mut kind_rows: Vec<HavenRow> = near
            .iter()
            .zip(drives)
            .map(|(n, drive)| HavenRow {
                place: n.place,
                distance_m: n.distance_m,
                drive,
            })
            .collect();
        if router.is_some() {
            kind_rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
        }
        rows.extend(kind_rows.into_iter().take(limit));
    }
    if format == Format::Json {
        let rows: Vec<_> = rows.iter().map(|r| haven_json(r)).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let by = if router.is_some() {
        "drive time by car; straight line shown too"
    } else {
        "straight-line distance"
    };
    writeln!(out, "nearest havens to {} (by {by})", LatLon(p))?;
    writeln!(
        out,
        "{:<14} {:>9} {:>10}  {:<44} {:<18} location",
        "kind", "straight", "drive", "name", "phone"
    )?;
    for r in rows {
        let drive = r
            .drive
            .map(|(t, _)| format::duration(t))
            .unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{:<14} {:>7.0} m {:>10}  {:<44} {:<18} {}",
            r.place.kind.key(),
            r.distance_m,
            drive,
            r.place.display_name(),
            r.place.phone.as_deref().unwrap_or("-"),
            LatLon(r.place.location)
        )?;
    }
    Ok(())
}

/// Rows with no drive time sort last, by straight-line distance.
fn key(r: &HavenRow) -> f64 {
    r.drive.map(|(t, _)| t).unwrap_or(1e12 + r.distance_m)
}

fn haven_json(r: &HavenRow) -> serde_json::Value {
    json!({"kind": r.place.kind.key(), "name": r.place.display_name(),
           "distance_m": (r.distance_m * 10.0).round() / 10.0,
           "drive_time_s": r.drive.map(|(t, _)| (t * 10.0).round() / 10.0),
           "drive_length_m": r.drive.map(|(_, l)| (l * 10.0).round() / 10.0),
           "phone": r.place.phone, "emergency": r.place.emergency,
           "lat": r.place.location.y(), "lon": r.place.location.x(),
           "osm": r.place.osm.to_string()})
}
