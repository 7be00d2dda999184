//! `reach`: the areas a profile reaches from a point within given minutes
//! (isochrones), as text or GeoJSON; with `--stations`, for a venue: the police
//! stations and hospitals that reach it soonest by car, the drive from each, the areas
//! each reaches, and the venue's own walking area.

use super::route::profile;
use super::{CommandError, Format, load};
use crate::map::{PlaceKind, resolve_point};
use crate::routing::{Isochrone, Router, StationReach};
use geo::Contains;
use std::io::Write;
use std::path::Path;

/// What `cordon reach` is asked for.
#[derive(Debug, Clone)]
pub struct ReachArgs<'a> {
    /// The .osm.pbf file.
    pub map: &'a Path,
    /// The point: LAT,LON, a grid reference or a place name.
    pub at: &'a str,
    /// Routing profile (for the stations: the car).
    pub profile: &'a str,
    /// Times, minutes.
    pub minutes: &'a [f64],
    /// For a venue: this many police stations and hospitals each (0: none).
    pub stations: usize,
    /// Minutes of the venue's walking area in the stations report.
    pub walk_minutes: f64,
    /// Text or GeoJSON.
    pub format: Format,
}

/// `cordon reach`.
///
/// # Errors
/// Map, profile, snapping and output errors; a usage error for minutes that are not
/// between 0 and 120.
pub fn reach(out: &mut dyn Write, a: &ReachArgs) -> Result<(), CommandError> {
    let ok = |m: &f64| *m > 0.0 && *m <= 120.0;
    if a.minutes.is_empty() || !a.minutes.iter().all(ok) || !ok(&a.walk_minutes) {
        return Err(CommandError::Usage(format!(
            "--minutes {:?}: give times above 0 and up to 120 minutes, e.g. 5,10",
            a.minutes
        )));
    }
    let (map, _) = load(a.map)?;
    let (point, name) = resolve_point(&map, a.at)?;
    let limits: Vec<f64> = a.minutes.iter().map(|m| m * 60.0).collect();
    if a.stations > 0 {
        return stations(out, &map, point, &name, &limits, a);
    }
    let router = Router::new(&map, profile(a.profile, None)?);
    let t = std::time::Instant::now();
    let areas = router.isochrones(point, &limits)?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    match a.format {
        Format::GeoJson | Format::Json => {
            let features = areas
                .iter()
                .map(|i| area_feature(i, a.profile, &name))
                .collect();
            write_collection(out, features)?;
        }
        Format::Text | Format::Tsv => {
            writeln!(
                out,
                "reach by {} from {name} ({:.6},{:.6}), {ms:.0} ms:",
                a.profile,
                point.y(),
                point.x()
            )?;
            for i in &areas {
                writeln!(out, "  {}", area_line(i))?;
            }
        }
    }
    Ok(())
}

fn area_line(i: &Isochrone) -> String {
    format!(
        "{:>5} min: {:.2} km², {} road nodes, {} polygon(s)",
        i.limit_s / 60.0,
        i.area_m2 / 1e6,
        i.nodes,
        i.area.0.len()
    )
}

fn area_feature(i: &Isochrone, profile: &str, from: &str) -> geojson::Feature {
    let mut f = geojson::Feature::from(geojson::Geometry::from(&i.area));
    f.set_property("minutes", i.limit_s / 60.0);
    f.set_property("profile", profile);
    f.set_property("area_km2", (i.area_m2 / 1e4).round() / 100.0);
    f.set_property("road_nodes", i.nodes);
    f.set_property("from", from);
    f
}

fn write_collection(out: &mut dyn Write, features: Vec<geojson::Feature>) -> std::io::Result<()> {
    let fc = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    writeln!(out, "{}", geojson::GeoJson::from(fc))
}

/// The stations report for a venue: police and hospitals by car, and the walk.
fn stations(
    out: &mut dyn Write,
    map: &crate::map::Map,
    venue: geo::Point<f64>,
    name: &str,
    limits: &[f64],
    a: &ReachArgs,
) -> Result<(), CommandError> {
    let car = Router::new(map, profile("car", None)?);
    let foot = Router::new(map, profile("foot", None)?);
    let police = car.stations_reach(venue, PlaceKind::Police, a.stations, limits);
    let hospitals = car.stations_reach(venue, PlaceKind::Hospital, a.stations, limits);
    let walk = foot.isochrones(venue, &[a.walk_minutes * 60.0])?;
    if matches!(a.format, Format::GeoJson | Format::Json) {
        let mut features = Vec::new();
        for s in police.iter().chain(&hospitals) {
            for i in &s.areas {
                let mut f = area_feature(i, "car", &s.name);
                f.set_property("kind", s.kind.label());
                f.set_property("to_venue_s", s.to_venue_s.map(|t| t.round()));
                f.set_property("covers_venue", i.area.contains(&venue));
                features.push(f);
            }
        }
        features.extend(walk.iter().map(|i| area_feature(i, "foot", name)));
        write_collection(out, features)?;
        return Ok(());
    }
    writeln!(out, "reach of {name} ({:.6},{:.6}):", venue.y(), venue.x())?;
    for (title, list) in [("police", &police), ("hospitals", &hospitals)] {
        writeln!(out, "{title} (by car, quickest to the venue first):")?;
        if list.is_empty() {
            writeln!(out, "  none on the map near the venue")?;
        }
        for s in list {
            writeln!(out, "  {}", station_line(s, venue))?;
        }
    }
    for i in &walk {
        writeln!(out, "walk from the venue: {}", area_line(i))?;
    }
    Ok(())
}

fn station_line(s: &StationReach, venue: geo::Point<f64>) -> String {
    let time = s
        .to_venue_s
        .map_or("no road to the venue".to_string(), |t| {
            format!("{} to the venue", crate::format::duration(t))
        });
    let covers: Vec<String> = s
        .areas
        .iter()
        .zip(s.covers(venue))
        .map(|(i, c)| {
            format!(
                "{} min {:.1} km²{}",
                i.limit_s / 60.0,
                i.area_m2 / 1e6,
                if c { " (venue inside)" } else { "" }
            )
        })
        .collect();
    let phone = s.phone.as_deref().unwrap_or("no phone on the map");
    format!("{}: {time}; reaches {}; {phone}", s.name, covers.join(", "))
}
