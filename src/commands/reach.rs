//! `reach`: the areas a profile reaches from a point within given minutes
//! (isochrones), as text or GeoJSON.

use super::route::profile;
use super::{CommandError, Format, load};
use crate::map::resolve_point;
use crate::routing::Router;
use std::io::Write;
use std::path::Path;

/// `cordon reach`.
///
/// # Errors
/// Map, profile, snapping and output errors; a usage error for minutes that are not
/// between 0 and 120.
pub fn reach(
    out: &mut dyn Write,
    map_path: &Path,
    at: &str,
    profile_name: &str,
    minutes: &[f64],
    format: Format,
) -> Result<(), CommandError> {
    if minutes.is_empty() || minutes.iter().any(|m| !(*m > 0.0 && *m <= 120.0)) {
        return Err(CommandError::Usage(format!(
            "--minutes {minutes:?}: give times above 0 and up to 120 minutes, e.g. 5,10"
        )));
    }
    let (map, _) = load(map_path)?;
    let (point, name) = resolve_point(&map, at)?;
    let router = Router::new(&map, profile(profile_name, None)?);
    let limits: Vec<f64> = minutes.iter().map(|m| m * 60.0).collect();
    let t = std::time::Instant::now();
    let areas = router.isochrones(point, &limits)?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    match format {
        Format::GeoJson | Format::Json => {
            let features = areas.iter().map(|a| {
                let mut f = geojson::Feature::from(geojson::Geometry::from(&a.area));
                f.set_property("minutes", a.limit_s / 60.0);
                f.set_property("profile", profile_name);
                f.set_property("area_km2", (a.area_m2 / 1e4).round() / 100.0);
                f.set_property("road_nodes", a.nodes);
                f.set_property("from", name.clone());
                f
            });
            let fc = geojson::FeatureCollection {
                bbox: None,
                features: features.collect(),
                foreign_members: None,
            };
            writeln!(out, "{}", geojson::GeoJson::from(fc))?;
        }
        Format::Text | Format::Tsv => {
            writeln!(
                out,
                "reach by {profile_name} from {name} ({:.6},{:.6}), {ms:.0} ms:",
                point.y(),
                point.x()
            )?;
            for a in &areas {
                writeln!(
                    out,
                    "  {:>5} min: {:.2} km², {} road nodes, {} polygon(s)",
                    a.limit_s / 60.0,
                    a.area_m2 / 1e6,
                    a.nodes,
                    a.area.0.len()
                )?;
            }
        }
    }
    Ok(())
}
