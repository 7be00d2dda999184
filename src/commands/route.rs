//! `route` (single, with alternatives, or a batch of pairs) and `emergency`.

use super::{CommandError, Format, load};
use crate::coord::LatLon;
use crate::export::geojson::{RoleRoute, collection, point_feature, route_feature};
use crate::format;
use crate::map::{Map, resolve_point};
use crate::routing::{
    AvoidZone, HospitalPolicy, Metric, Profile, Profiles, Route, RouteOptions, RouteSet, Router,
    load_zones,
};
use geo::Point;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `cordon route`.
#[derive(Debug, Clone)]
pub struct RouteArgs {
    /// The map.
    pub map: PathBuf,
    /// Origin: LAT,LON or a name.
    pub from: Option<String>,
    /// Destination.
    pub to: Option<String>,
    /// Via points in order.
    pub via: Vec<String>,
    /// Profile name.
    pub profile: String,
    /// Extra profiles file.
    pub profiles: Option<PathBuf>,
    /// Time or distance.
    pub metric: Metric,
    /// How many alternates.
    pub alternatives: usize,
    /// GeoJSON avoid zones.
    pub avoid: Option<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Batch file of `lon1 lat1 lon2 lat2` lines.
    pub pairs: Option<PathBuf>,
    /// Risk weight for the route cost (0: plain).
    pub risk_weight: f64,
}

/// Loads the profile by name, with overrides from a file if given.
///
/// # Errors
/// Profile file and unknown-name errors.
pub fn profile(name: &str, file: Option<&Path>) -> Result<Profile, CommandError> {
    let all = match file {
        Some(f) => Profiles::with_overrides(f)?,
        None => Profiles::builtin()?,
    };
    Ok(all.get(name)?.clone())
}

/// `cordon route`.
///
/// # Errors
/// Bad arguments, map, profile, zones, snapping and routing errors.
pub fn route(out: &mut dyn Write, err: &mut dyn Write, a: &RouteArgs) -> Result<(), CommandError> {
    let profile = profile(&a.profile, a.profiles.as_deref())?;
    let zones = match &a.avoid {
        Some(p) => load_zones(p)?,
        None => Vec::new(),
    };
    let (map, _) = load(&a.map)?;
    let router = Router::new(&map, profile);
    let opts = RouteOptions {
        metric: a.metric,
        avoid: &zones,
        modifier: None,
    };
    if let Some(pairs) = &a.pairs {
        return batch(out, err, &router, pairs, &opts);
    }
    let (Some(from), Some(to)) = (&a.from, &a.to) else {
        return Err(CommandError::Usage(
            "give --from and --to, or --pairs FILE".into(),
        ));
    };
    let mut names = vec![from.as_str()];
    names.extend(a.via.iter().map(String::as_str));
    names.push(to);
    let points = names
        .iter()
        .map(|n| resolve_point(&map, n).map(|(p, _)| p))
        .collect::<Result<Vec<_>, _>>()?;
    let set = router.alternatives(&points, &opts, a.alternatives)?;
    match a.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&set)?)?,
        Format::GeoJson => write_geojson(out, &set, &zones)?,
        Format::Text | Format::Tsv => write_text(out, &map, &set, &names)?,
    }
    Ok(())
}

fn write_geojson(
    out: &mut dyn Write,
    set: &RouteSet,
    zones: &[AvoidZone],
) -> Result<(), CommandError> {
    let mut features = vec![route_feature(&RoleRoute {
        role: "primary",
        index: 1,
        route: &set.primary,
        shared_fraction: None,
    })];
    for (i, alt) in set.alternates.iter().enumerate() {
        features.push(route_feature(&RoleRoute {
            role: "alternate",
            index: i + 1,
            route: &alt.route,
            shared_fraction: Some(alt.shared_fraction),
        }));
    }
    for (i, p) in set.primary.waypoints.iter().enumerate() {
        let n = set.primary.waypoints.len();
        let snap = set.primary.snap_m.get(i).map(|d| (d * 10.0).round() / 10.0);
        features.push(point_feature(
            *p,
            [
                ("role", json!("waypoint")),
                ("name", json!(crate::routing::waypoint_name(i, n))),
                ("snap_m", json!(snap)),
            ],
        ));
    }
    for z in zones {
        let mut f = geojson::Feature::from(geojson::Geometry::from(&z.area));
        f.set_property("role", "avoid_zone");
        f.set_property("name", z.name.as_str());
        features.push(f);
    }
    writeln!(out, "{}", collection(features))?;
    Ok(())
}

fn write_text(
    out: &mut dyn Write,
    map: &Map,
    set: &RouteSet,
    names: &[&str],
) -> Result<(), CommandError> {
    let _ = map;
    writeln!(out, "{}", names.join(" -> "))?;
    write_route(out, "primary", &set.primary, None)?;
    for (i, alt) in set.alternates.iter().enumerate() {
        write_route(
            out,
            &format!("alternate {}", i + 1),
            &alt.route,
            Some(alt.shared_fraction),
        )?;
    }
    if let Some(note) = &set.note {
        writeln!(out, "\nnote: {note}")?;
    }
    Ok(())
}

/// A route's summary line and its directions.
///
/// # Errors
/// Output errors.
pub fn write_route(
    out: &mut dyn Write,
    role: &str,
    r: &Route,
    shared: Option<f64>,
) -> std::io::Result<()> {
    let metric = match r.metric {
        Metric::Time => "fastest",
        Metric::Distance => "shortest",
    };
    write!(
        out,
        "\n{role} ({}, {metric}): {}, {}",
        r.profile,
        format::length(r.length_m),
        format::duration(r.duration_s)
    )?;
    match shared {
        Some(s) => writeln!(
            out,
            ", shares {:.0}% of its length with the primary",
            s * 100.0
        )?,
        None => writeln!(out)?,
    }
    let n = r.snap_m.len();
    let snaps: Vec<String> = r
        .snap_m
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} {d:.0} m", crate::routing::waypoint_name(i, n)))
        .collect();
    writeln!(out, "  from the road: {}", snaps.join(", "))?;
    writeln!(
        out,
        "  {:>3}  {:>7}  {:>8}  instruction",
        "#", "time", "then"
    )?;
    for (i, ins) in r.instructions.iter().enumerate() {
        let then = if ins.distance_m > 0.0 {
            format::length(ins.distance_m)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {:>3}  {:>7}  {:>8}  {}",
            i + 1,
            format::elapsed(ins.time_s),
            then,
            ins.text()
        )?;
    }
    Ok(())
}

fn parse_pair(line: &str) -> Option<[f64; 4]> {
    let v: Vec<f64> = line
        .split_whitespace()
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
}

/// Batch mode: one `distance_m<TAB>duration_s<TAB>query_us<TAB>snap_from_m<TAB>snap_to_m`
/// line per pair, a summary on `err`.
fn batch(
    out: &mut dyn Write,
    err: &mut dyn Write,
    router: &Router,
    path: &Path,
    opts: &RouteOptions,
) -> Result<(), CommandError> {
    let text = crate::input::read_text(path, crate::input::TextKind::Pairs).map_err(|source| {
        CommandError::Read {
            path: path.to_path_buf(),
            source,
        }
    })?;
    writeln!(
        out,
        "#distance_m\tduration_s\tquery_us\tsnap_from_m\tsnap_to_m"
    )?;
    let mut times = Vec::new();
    let mut failures = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let [lon1, lat1, lon2, lat2] = parse_pair(line).ok_or_else(|| CommandError::Pairs {
            path: path.to_path_buf(),
            line: i + 1,
            message: format!("expected 'lon1 lat1 lon2 lat2', found '{line}'"),
        })?;
        let t = Instant::now();
        let r = router.route(&[Point::new(lon1, lat1), Point::new(lon2, lat2)], opts);
        let us = t.elapsed().as_secs_f64() * 1e6;
        times.push(us);
        match r {
            Ok(r) => writeln!(
                out,
                "{:.1}\t{:.1}\t{us:.1}\t{:.1}\t{:.1}",
                r.length_m,
                r.duration_s,
                r.snap_m.first().unwrap_or(&f64::NAN),
                r.snap_m.last().unwrap_or(&f64::NAN)
            )?,
            Err(_) => {
                failures += 1;
                writeln!(out, "NA\tNA\t{us:.1}\tNA\tNA")?;
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |q: f64| {
        times
            .get(((q * times.len() as f64).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(f64::NAN)
    };
    writeln!(
        err,
        "{} pairs, {failures} failed; query_us median {:.0}, p99 {:.0}",
        times.len(),
        pct(0.5),
        pct(0.99)
    )?;
    Ok(())
}

/// `cordon emergency`: the hospital to use from a point, and the route there.
///
/// # Errors
/// Bad points, map, profile and routing errors.
pub fn emergency(
    out: &mut dyn Write,
    map_path: &Path,
    at: &str,
    profile_name: &str,
    format: Format,
) -> Result<(), CommandError> {
    let profile = profile(profile_name, None)?;
    let (map, _) = load(map_path)?;
    let (p, _) = resolve_point(&map, at)?;
    let router = Router::new(&map, profile);
    let choice = router.emergency_route(p, &HospitalPolicy::default(), &RouteOptions::default())?;
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&choice)?)?;
        return Ok(());
    }
    let h = &choice.hospital;
    writeln!(
        out,
        "emergency: {} ({}), {}",
        h.display_name(),
        h.osm,
        LatLon(h.location)
    )?;
    writeln!(
        out,
        "phone: {}",
        h.phone.as_deref().unwrap_or("not tagged on the map")
    )?;
    writeln!(out, "why: {}", choice.reason)?;
    write_route(out, "emergency route", &choice.route, None)?;
    Ok(())
}
