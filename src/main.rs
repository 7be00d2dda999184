//! The `cordon` command line: argument parsing and dispatch to the library.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use cordon::coord::{self, LatLon};
use cordon::map::{Map, PlaceKind};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Offline executive-protection route planning over OpenStreetMap extracts.
#[derive(Parser)]
#[command(name = "cordon", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a map and print what it holds: element counts, road graph, places, extent.
    Inspect {
        /// The .osm.pbf file.
        map: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find streets and places by name (case- and accent-insensitive substring).
    Find {
        /// The .osm.pbf file.
        map: PathBuf,
        /// Text to look for, e.g. "casino".
        query: String,
        /// Most hits to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The nearest hospitals, police and fire stations and embassies to a point.
    Havens {
        /// The .osm.pbf file.
        map: PathBuf,
        /// The point, as LAT,LON in degrees.
        #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
        at: String,
        /// How many of each kind.
        #[arg(long, default_value_t = 3)]
        limit: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    quiet_panics();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A panic is a bug, but the user still gets one line, not a backtrace.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error: {info}");
    }));
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Inspect { map, json } => inspect(&map, json),
        Command::Find {
            map,
            query,
            limit,
            json,
        } => find(&map, &query, limit, json),
        Command::Havens {
            map,
            at,
            limit,
            json,
        } => havens(&map, &at, limit, json),
    }
}

fn load(path: &Path) -> Result<(Map, f64)> {
    let t = Instant::now();
    let map = cordon::osm::read(path)?;
    Ok((map, t.elapsed().as_secs_f64() * 1000.0))
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).context("cannot write JSON")?
    );
    Ok(())
}

fn inspect(path: &Path, json: bool) -> Result<()> {
    let (map, load_ms) = load(path)?;
    let summary = map.summary(load_ms);
    if json {
        return print_json(&summary);
    }
    println!("{}\n{summary}", path.display());
    Ok(())
}

fn find(path: &Path, query: &str, limit: usize, json: bool) -> Result<()> {
    let (map, _) = load(path)?;
    let hits = map.search(query, limit);
    if json {
        let rows: Vec<_> = hits
            .iter()
            .map(|h| {
                json!({"kind": h.kind.label(), "name": h.name,
                       "lat": h.location.y(), "lon": h.location.x()})
            })
            .collect();
        return print_json(&rows);
    }
    if hits.is_empty() {
        println!("no street or place matches '{query}'");
    }
    for h in hits {
        println!(
            "{:<18} {:<45} {}",
            h.kind.label(),
            h.name,
            LatLon(h.location)
        );
    }
    Ok(())
}

fn havens(path: &Path, at: &str, limit: usize, json: bool) -> Result<()> {
    let p = coord::parse_lat_lon(at).context("--at")?;
    let (map, _) = load(path)?;
    map.check_on_map(p)?;
    let rows: Vec<_> = PlaceKind::HAVENS
        .iter()
        .flat_map(|k| map.nearest_places(p, &[*k], limit))
        .collect();
    if json {
        let rows: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({"kind": r.place.kind.key(), "name": r.place.display_name(),
                       "distance_m": (r.distance_m * 10.0).round() / 10.0,
                       "phone": r.place.phone, "emergency": r.place.emergency,
                       "lat": r.place.location.y(), "lon": r.place.location.x(),
                       "osm": r.place.osm.to_string()})
            })
            .collect();
        return print_json(&rows);
    }
    println!("nearest havens to {} (straight-line distance)", LatLon(p));
    println!(
        "{:<14} {:>8}  {:<40} {:<20} location",
        "kind", "distance", "name", "phone"
    );
    for r in rows {
        println!(
            "{:<14} {:>6.0} m  {:<40} {:<20} {}",
            r.place.kind.key(),
            r.distance_m,
            r.place.display_name(),
            r.place.phone.as_deref().unwrap_or("-"),
            LatLon(r.place.location)
        );
    }
    Ok(())
}
