//! `risk` (a route's score, breakdown, choke points, havens and the time/risk
//! trade-off) and `venue` (map context and an assessment by a documented method).

use super::route::profile;
use super::{CommandError, Format, load};
use crate::coord::LatLon;
use crate::export::geojson::{RoleRoute, collection, point_feature, route_feature};
use crate::format;
use crate::map::resolve_point;
use crate::risk::venue::{Method, VenueAssessment};
use crate::risk::{Candidate, PrimaryRule, RiskContext, RiskModel, RiskRoute, Tradeoff};
use crate::routing::{HospitalPolicy, RouteOptions, Router, load_zones};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// Weights tried when exploring time against risk.
pub const EXPLORE_WEIGHTS: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

/// Arguments of `cordon risk`.
#[derive(Debug, Clone)]
pub struct RiskArgs {
    /// The map.
    pub map: PathBuf,
    /// Origin, via points and destination (LAT,LON or names), in order.
    pub points: Vec<String>,
    /// Profile name.
    pub profile: String,
    /// Risk weight (0: fastest).
    pub risk_weight: f64,
    /// A model file replacing the built-in one.
    pub model: Option<PathBuf>,
    /// GeoJSON avoid zones.
    pub avoid: Option<PathBuf>,
    /// Output format.
    pub format: Format,
}

/// The model from a file, or the built-in one.
///
/// # Errors
/// Model file errors (with line and column).
pub fn model(path: Option<&std::path::Path>) -> Result<RiskModel, CommandError> {
    Ok(match path {
        Some(p) => RiskModel::load(p)?,
        None => RiskModel::builtin()?,
    })
}

/// `cordon risk`.
///
/// # Errors
/// Map, profile, model, zone and routing errors.
pub fn risk(out: &mut dyn Write, a: &RiskArgs) -> Result<(), CommandError> {
    let profile = profile(&a.profile, None)?;
    let model = model(a.model.as_deref())?;
    let zones = match &a.avoid {
        Some(p) => load_zones(p)?,
        None => Vec::new(),
    };
    let (map, _) = load(&a.map)?;
    let points = a
        .points
        .iter()
        .map(|n| resolve_point(&map, n).map(|(p, _)| p))
        .collect::<Result<Vec<_>, _>>()?;
    let router = Router::new(&map, profile);
    let ctx = RiskContext::new(router, model, HospitalPolicy::default());
    let opts = RouteOptions {
        avoid: &zones,
        ..RouteOptions::default()
    };
    let trade = ctx.safer_route(&points, &opts, a.risk_weight)?;
    let candidates = ctx.explore(&points, &opts, PrimaryRule::Fastest, &EXPLORE_WEIGHTS, 2)?;
    match a.format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&risk_json(&trade, &candidates))?
        )?,
        Format::GeoJson => write_geojson(out, &trade.chosen)?,
        Format::Text | Format::Tsv => write_text(out, &trade, &candidates)?,
    }
    Ok(())
}

fn risk_json(t: &Tradeoff, candidates: &[Candidate]) -> serde_json::Value {
    let r = &t.chosen.risk;
    json!({
        "score": r.score, "band": r.band, "band_colour": r.band_colour,
        "breakdown": r.breakdown, "method": r.method,
        "choke_points": r.choke_points, "hazards": r.hazards, "havens": r.havens,
        "duration_s": t.chosen.route.duration_s, "length_m": t.chosen.route.length_m,
        "risk_weight": t.chosen.risk_weight, "note": t.note,
        "fastest": {"score": t.fastest.risk.score, "duration_s": t.fastest.route.duration_s, "length_m": t.fastest.route.length_m},
        "candidates": candidates,
        "route": t.chosen.route.geometry,
    })
}

fn write_geojson(out: &mut dyn Write, r: &RiskRoute) -> Result<(), CommandError> {
    let mut features = vec![route_feature(&RoleRoute {
        role: "primary",
        index: 1,
        route: &r.route,
        shared_fraction: None,
    })];
    if let Some(f) = features.first_mut() {
        f.set_property("risk_score", r.risk.score);
        f.set_property("risk_band", r.risk.band.as_str());
    }
    for h in &r.risk.hazards {
        features.push(point_feature(
            h.location,
            [
                ("role", json!("hazard")),
                ("kind", json!(h.kind.key())),
                ("score", json!(h.score)),
                ("reason", json!(h.reason)),
                ("along_m", json!((h.along_m * 10.0).round() / 10.0)),
            ],
        ));
    }
    for c in &r.risk.choke_points {
        features.push(point_feature(
            c.location,
            [
                ("role", json!("choke_point")),
                ("score", json!(c.score)),
                ("priority", json!(c.priority)),
                ("reasons", json!(c.reasons)),
            ],
        ));
    }
    writeln!(out, "{}", collection(features))?;
    Ok(())
}

fn write_text(
    out: &mut dyn Write,
    t: &Tradeoff,
    candidates: &[Candidate],
) -> Result<(), CommandError> {
    let c = &t.chosen;
    let r = &c.risk;
    writeln!(
        out,
        "route risk ({}, risk weight {}): {:.1} / 100, {}",
        c.route.profile, c.risk_weight, r.score, r.band
    )?;
    writeln!(out, "method: {}", r.method)?;
    let b = r.breakdown;
    writeln!(
        out,
        "breakdown: exposure {:.1} + choke points {:.1} + hazards {:.1} + haven coverage {:.1}",
        b.exposure, b.choke_points, b.hazards, b.haven_coverage
    )?;
    writeln!(
        out,
        "route: {}, {}",
        format::length(c.route.length_m),
        format::duration(c.route.duration_s)
    )?;
    if c.risk_weight > 0.0 {
        writeln!(
            out,
            "fastest route: {:.1} / 100 in {}",
            t.fastest.risk.score,
            format::duration(t.fastest.route.duration_s)
        )?;
    }
    if let Some(n) = &t.note {
        writeln!(out, "note: {n}")?;
    }
    write_findings(out, r)?;
    write_candidates(out, candidates)
}

/// Choke points, hazards and haven coverage of a scored route.
fn write_findings(out: &mut dyn Write, r: &crate::risk::RouteRisk) -> Result<(), CommandError> {
    let priority = r.choke_points.iter().filter(|c| c.priority).count();
    writeln!(
        out,
        "\nchoke points: {} ({priority} priority, score >= 8)",
        r.choke_points.len()
    )?;
    for (i, cp) in r.choke_points.iter().enumerate() {
        let mark = if cp.priority { " PRIORITY" } else { "" };
        writeln!(
            out,
            "  {:>2}. {:>4.1}/10{mark} at {} ({:.0} m from start, {:.0} m long)",
            i + 1,
            cp.score,
            LatLon(cp.location),
            cp.along_m,
            cp.length_m
        )?;
        for reason in &cp.reasons {
            writeln!(out, "        {reason}")?;
        }
    }
    writeln!(out, "\nhazards: {}", r.hazards.len())?;
    for h in &r.hazards {
        writeln!(
            out,
            "  {:>6.0} m  {:<16} {:>2}  {}",
            h.along_m,
            h.kind.key(),
            h.score,
            h.reason
        )?;
    }
    writeln!(out, "\nhaven coverage: {}", r.havens.summary())?;
    for s in &r.havens.flagged {
        writeln!(
            out,
            "  flagged: {}",
            crate::risk::HavenCoverage::describe(s)
        )?;
    }
    Ok(())
}

/// The time-against-risk candidates, Pareto ones starred.
fn write_candidates(out: &mut dyn Write, candidates: &[Candidate]) -> Result<(), CommandError> {
    writeln!(
        out,
        "\ntime vs risk (routes found; * = Pareto: none faster and safer)"
    )?;
    for cand in candidates {
        let mark = if cand.pareto { "*" } else { " " };
        writeln!(
            out,
            "  {mark} {:<20} {:>12} {:>9} {:>6.1}",
            cand.found_by,
            format::duration(cand.duration_s),
            format::length(cand.length_m),
            cand.score
        )?;
    }
    Ok(())
}

/// Arguments of `cordon venue`.
#[derive(Debug, Clone)]
pub struct VenueArgs {
    /// The map.
    pub map: PathBuf,
    /// The venue: LAT,LON or a name.
    pub at: String,
    /// Method key.
    pub method: String,
    /// Raw factor scores, if assessing.
    pub scores: Vec<f64>,
    /// Who assesses.
    pub assessor: String,
    /// When.
    pub date: String,
    /// Notes.
    pub notes: String,
    /// Output format.
    pub format: Format,
}

/// `cordon venue`: the map context of a venue and, with scores, its assessment.
///
/// # Errors
/// Map, method and score errors.
pub fn venue(out: &mut dyn Write, a: &VenueArgs) -> Result<(), CommandError> {
    let method = Method::from_key(&a.method).ok_or_else(|| {
        let known: Vec<&str> = Method::ALL.iter().map(|m| m.key()).collect();
        CommandError::Usage(format!(
            "unknown method '{}' (known: {})",
            a.method,
            known.join(", ")
        ))
    })?;
    let assessment = if a.scores.is_empty() {
        None
    } else {
        Some(VenueAssessment::new(
            method,
            &a.scores,
            &a.assessor,
            &a.date,
            &a.notes,
        )?)
    };
    let (map, _) = load(&a.map)?;
    let (at, name) = resolve_point(&map, &a.at)?;
    let router = Router::new(&map, profile("car", None)?);
    let ctx = RiskContext::new(router, model(None)?, HospitalPolicy::default());
    let context = ctx.venue_context(at)?;
    if a.format == Format::Json {
        let v = json!({"venue": name, "lat": at.y(), "lon": at.x(), "context": context, "assessment": assessment,
                       "method": method.describe(a.scores.len().max(method.factors().len().min(6)))});
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    writeln!(out, "venue: {name} ({})", LatLon(at))?;
    let haven = |h: &Option<crate::risk::venue::NearHaven>| match h {
        Some(h) => format!(
            "{} - {} by car, {:.0} m, phone {}",
            h.name,
            format::duration(h.drive_time_s),
            h.distance_m,
            h.phone.as_deref().unwrap_or("-")
        ),
        None => "none reachable".into(),
    };
    writeln!(out, "hospital: {}", haven(&context.hospital))?;
    writeln!(out, "police: {}", haven(&context.police))?;
    writeln!(
        out,
        "road access points within {:.0} m: {}",
        context.access_radius_m, context.access_points
    )?;
    writeln!(out, "crowd places nearby: {}", context.crowd_places.len())?;
    for c in &context.crowd_places {
        writeln!(out, "  {:<18} {:<40} {:.0} m", c.kind, c.name, c.distance_m)?;
    }
    match assessment {
        Some(v) => {
            writeln!(
                out,
                "\nassessment: {} = {} ({}) by {} on {}",
                v.method.key(),
                v.score,
                v.band,
                v.assessor,
                v.date
            )?;
            writeln!(out, "method: {}", v.method_text())?;
        }
        None => writeln!(
            out,
            "\nmethod for an assessment: {}",
            method.describe(method.factors().len().min(6))
        )?,
    }
    Ok(())
}
