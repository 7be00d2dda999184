//! Field exports of a plan: GPX 1.1 (the `gpx` crate), KML 2.2 (the `kml` crate),
//! GeoJSON (the `geojson` crate) and CSV (the `csv` crate). None needs the map: every
//! route keeps its geometry and directions in the plan.

use crate::grid::{Grid, GridRef};
use crate::plan::{Checkpoint, LogEntry, Movement, Plan, PlannedRoute, RouteRole};
use geo::Point;
use geojson::JsonValue;
use serde_json::json;
use std::collections::HashMap;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {format}: {message}")]
pub struct FieldError {
    /// The format.
    pub format: &'static str,
    /// The writer's message.
    pub message: String,
}

fn err(format: &'static str) -> impl Fn(String) -> FieldError {
    move |message| FieldError { format, message }
}

/// The movements to export: all, or the one with id `only`.
pub fn selected<'a>(plan: &'a Plan, only: Option<&str>) -> Vec<&'a Movement> {
    plan.movements
        .iter()
        .filter(|m| only.is_none_or(|id| m.id == id))
        .collect()
}

fn route_name(m: &Movement, r: &PlannedRoute) -> String {
    format!("{} {} ({})", m.id, m.name, r.role)
}

fn role_key(r: RouteRole) -> &'static str {
    match r {
        RouteRole::Primary => "primary",
        RouteRole::Alternate(_) => "alternate",
        RouteRole::Emergency => "emergency",
    }
}

/// The emergency hospital of a movement as (name, location): its route's end.
fn hospital(m: &Movement) -> Option<(String, Point<f64>)> {
    let r = m.route(RouteRole::Emergency)?;
    let end = r.geometry.last()?;
    Some((r.hospital_name()?.to_string(), end.point()))
}

fn planned(c: &Checkpoint) -> String {
    c.planned_time.map(|t| t.to_string()).unwrap_or_default()
}

/// A checkpoint's description: kind, planned time, notes and its grid reference.
fn described(c: &Checkpoint, grid: Grid) -> String {
    let what = [c.kind.label().to_string(), planned(c), c.notes.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{what}; {} {}",
        grid.label(),
        GridRef(grid, c.location.point())
    )
}

/// The emergency hospital's description, with its grid reference.
fn hospital_described(at: Point<f64>, grid: Grid) -> String {
    format!(
        "emergency hospital (safe haven); {} {}",
        grid.label(),
        GridRef(grid, at)
    )
}

// ------------------------------------------------------------------------- GPX

fn wpt(p: Point<f64>, name: String, desc: String, kind: &str) -> gpx::Waypoint {
    let mut w = gpx::Waypoint::new(p);
    w.name = Some(name);
    w.description = Some(desc);
    w.type_ = Some(kind.to_string());
    w
}

/// Route points for GPS units: the start, every turn, every checkpoint on the route
/// (in order along it) and the end.
fn route_points(m: &Movement, r: &PlannedRoute, grid: Grid) -> Vec<gpx::Waypoint> {
    let mut pts: Vec<(f64, gpx::Waypoint)> = r
        .instructions
        .iter()
        .map(|i| {
            (
                i.along_m,
                wpt(
                    i.location,
                    i.text(),
                    format!("{:.0} m from the start", i.along_m),
                    "turn",
                ),
            )
        })
        .collect();
    for c in m.checkpoints.iter().filter(|c| c.route == r.role) {
        let along = c.along_m.unwrap_or(0.0);
        pts.push((
            along,
            wpt(
                c.location.point(),
                c.name.clone(),
                described(c, grid),
                c.kind.label(),
            ),
        ));
    }
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    pts.into_iter().map(|(_, w)| w).collect()
}

/// GPX 1.1: per route a `<rte>` (turns and checkpoints) and a `<trk>` (the full line),
/// and a `<wpt>` per checkpoint and emergency hospital.
///
/// # Errors
/// [`FieldError`] if the writer fails.
pub fn gpx(plan: &Plan, movements: &[&Movement]) -> Result<Vec<u8>, FieldError> {
    let mut doc = gpx::Gpx {
        version: gpx::GpxVersion::Gpx11,
        creator: Some("Cordon".into()),
        ..Default::default()
    };
    let mut tracks = gpx::Gpx {
        version: gpx::GpxVersion::Gpx11,
        creator: Some("Cordon".into()),
        ..Default::default()
    };
    doc.metadata = Some(gpx::Metadata {
        name: Some(plan.name.clone()),
        description: Some(format!("{} - {}", plan.classification, plan.date)),
        ..Default::default()
    });
    for m in movements {
        for c in &m.checkpoints {
            doc.waypoints.push(wpt(
                c.location.point(),
                format!("{}: {}", m.id, c.name),
                described(c, plan.grid),
                c.kind.label(),
            ));
        }
        if let Some((name, at)) = hospital(m) {
            doc.waypoints.push(wpt(
                at,
                format!("{}: {name}", m.id),
                hospital_described(at, plan.grid),
                "safe haven",
            ));
        }
        for r in &m.routes {
            let mut rte = gpx::Route::new();
            rte.name = Some(route_name(m, r));
            rte.type_ = Some(role_key(r.role).into());
            rte.points = route_points(m, r, plan.grid);
            doc.routes.push(rte);
            let mut trk = gpx::Track::new();
            trk.name = Some(route_name(m, r));
            trk.type_ = Some(role_key(r.role).into());
            let mut seg = gpx::TrackSegment::new();
            seg.points = r
                .geometry
                .iter()
                .map(|p| gpx::Waypoint::new(p.point()))
                .collect();
            trk.segments.push(seg);
            tracks.tracks.push(trk);
        }
    }
    splice_tracks(&doc, &tracks)
}

/// The gpx crate writes `<trk>` before `<rte>`, but GPX 1.1's schema wants waypoints,
/// then routes, then tracks (GPS units reject files that do not validate). So the
/// tracks go in a second document whose `<trk>` elements are moved in after the routes.
fn splice_tracks(main: &gpx::Gpx, tracks: &gpx::Gpx) -> Result<Vec<u8>, FieldError> {
    let write = |g: &gpx::Gpx| -> Result<String, FieldError> {
        let mut out = Vec::new();
        gpx::write(g, &mut out).map_err(|e| err("GPX")(e.to_string()))?;
        String::from_utf8(out).map_err(|e| err("GPX")(e.to_string()))
    };
    let (a, b) = (write(main)?, write(tracks)?);
    let missing = || err("GPX")("unexpected writer output".into());
    let body = &b[b.find("<trk>").ok_or_else(missing)?..b.rfind("</gpx>").ok_or_else(missing)?];
    let end = a.rfind("</gpx>").ok_or_else(missing)?;
    Ok(format!("{}{body}{}", &a[..end], &a[end..]).into_bytes())
}

// ------------------------------------------------------------------------- KML

fn kml_name(text: &str) -> kml::Kml {
    kml::Kml::Element(kml::types::Element {
        name: "name".into(),
        attrs: HashMap::new(),
        content: Some(text.to_string()),
        children: vec![],
    })
}

fn kml_style(id: &str, abgr: &str, width: f64) -> kml::Kml {
    kml::Kml::Style(kml::types::Style {
        id: Some(id.into()),
        line: Some(kml::types::LineStyle {
            color: abgr.into(),
            width,
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn placemark(
    name: String,
    description: String,
    style: Option<&str>,
    geometry: kml::types::Geometry,
) -> kml::Kml {
    kml::Kml::Placemark(kml::types::Placemark {
        name: Some(name),
        description: Some(description),
        geometry: Some(geometry),
        style_url: style.map(|s| format!("#{s}")),
        ..Default::default()
    })
}

/// KML 2.2: a folder per movement with a styled line per route (primary blue,
/// alternates orange, emergency pink) and placemarks for checkpoints and havens.
///
/// # Errors
/// [`FieldError`] if the writer fails.
pub fn kml(plan: &Plan, movements: &[&Movement]) -> Result<Vec<u8>, FieldError> {
    let mut elements = vec![
        kml_name(&plan.name),
        kml_style("primary", "ffb27200", 5.0),
        kml_style("alternate", "ff009fe6", 4.0),
        kml_style("emergency", "ffa779cc", 3.0),
    ];
    for m in movements {
        let mut folder = vec![kml_name(&format!("{} {} ({})", m.id, m.name, m.departure))];
        for r in &m.routes {
            let coords = r
                .geometry
                .iter()
                .map(|p| kml::types::Coord::new(p.0, p.1, None))
                .collect::<Vec<_>>();
            let line = kml::types::Geometry::LineString(kml::types::LineString {
                coords,
                tessellate: true,
                ..Default::default()
            });
            let risk = r
                .risk
                .as_ref()
                .map(|k| format!(", risk {}", crate::format::risk(k)))
                .unwrap_or_default();
            folder.push(placemark(
                route_name(m, r),
                format!("{:.0} m, {:.0} s{risk}", r.length_m, r.duration_s),
                Some(role_key(r.role)),
                line,
            ));
        }
        for c in &m.checkpoints {
            let point = kml::types::Geometry::Point(kml::types::Point::new(
                c.location.0,
                c.location.1,
                None,
            ));
            folder.push(placemark(
                c.name.clone(),
                described(c, plan.grid),
                None,
                point,
            ));
        }
        if let Some((name, at)) = hospital(m) {
            let point = kml::types::Geometry::Point(kml::types::Point::new(at.x(), at.y(), None));
            folder.push(placemark(
                name,
                hospital_described(at, plan.grid),
                None,
                point,
            ));
        }
        elements.push(kml::Kml::Folder {
            attrs: HashMap::new(),
            elements: folder,
        });
    }
    let doc = kml::Kml::KmlDocument(kml::KmlDocument {
        version: kml::KmlVersion::V22,
        attrs: HashMap::from([(
            "xmlns".to_string(),
            "http://www.opengis.net/kml/2.2".to_string(),
        )]),
        elements: vec![kml::Kml::Document {
            attrs: HashMap::new(),
            elements,
        }],
    });
    let mut out = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_vec();
    kml::KmlWriter::from_writer(&mut out)
        .write(&doc)
        .map_err(|e| err("KML")(e.to_string()))?;
    Ok(out)
}

// --------------------------------------------------------------------- GeoJSON

/// GeoJSON FeatureCollection (RFC 7946): a LineString per route with movement, role,
/// times and risk; a Point per checkpoint with kind and planned time.
pub fn geojson(plan: &Plan, movements: &[&Movement], grid: Grid) -> Vec<u8> {
    let mut features = Vec::new();
    for m in movements {
        for r in &m.routes {
            let coords: Vec<[f64; 2]> = r.geometry.iter().map(|p| [p.0, p.1]).collect();
            let mut f = geojson::Feature::from(geojson::Geometry::new_line_string(coords));
            let props: [(&str, JsonValue); 10] = [
                ("movement", json!(m.id)),
                ("name", json!(route_name(m, r))),
                ("role", json!(role_key(r.role))),
                ("length_m", json!(r.length_m)),
                ("duration_s", json!(r.duration_s * m.speed_factor)),
                ("departure", json!(m.departure.to_string())),
                ("shared_fraction", json!(r.shared_fraction)),
                ("risk_score", json!(r.risk.as_ref().map(|k| k.score))),
                ("risk_band", json!(r.risk.as_ref().map(|k| k.band.clone()))),
                ("hospital", json!(r.hospital)),
            ];
            for (k, v) in props {
                f.set_property(k, v);
            }
            features.push(f);
        }
        for c in &m.checkpoints {
            let mut f =
                geojson::Feature::from(geojson::Geometry::new_point([c.location.0, c.location.1]));
            for (k, v) in [
                ("movement", json!(m.id)),
                ("name", json!(c.name)),
                ("kind", json!(c.kind.label())),
                ("planned_time", json!(planned(c))),
                ("dwell_s", json!(c.dwell_s)),
                ("notes", json!(c.notes)),
                ("grid", json!(grid.label())),
                (
                    "grid_ref",
                    json!(GridRef(grid, c.location.point()).to_string()),
                ),
            ] {
                f.set_property(k, v);
            }
            features.push(f);
        }
    }
    features.extend(
        log_entries(plan, movements)
            .into_iter()
            .filter_map(|e| log_feature(plan, e, grid)),
    );
    super::geojson::collection(features)
        .to_string()
        .into_bytes()
}

// ------------------------------------------------------------------------- CSV

/// The timing table: one row per checkpoint, in time order (RFC 4180 quoting).
///
/// # Errors
/// [`FieldError`] if the writer fails.
pub fn csv(movements: &[&Movement], grid: Grid) -> Result<Vec<u8>, FieldError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |x: csv::Error| err("CSV")(x.to_string());
    let grid_head = grid.label().to_lowercase().replace('/', "_");
    let head = [
        "time", "movement", "kind", "name", "lat", "lon", &grid_head, "notes",
    ];
    w.write_record(head).map_err(e)?;
    let mut rows: Vec<(u32, [String; 8])> = Vec::new();
    for m in movements {
        for c in &m.checkpoints {
            rows.push((
                c.planned_time.map(|t| t.0).unwrap_or(u32::MAX),
                [
                    planned(c),
                    m.id.clone(),
                    c.kind.label().into(),
                    c.name.clone(),
                    format!("{:.7}", c.location.1),
                    format!("{:.7}", c.location.0),
                    GridRef(grid, c.location.point()).to_string(),
                    c.notes.clone(),
                ],
            ));
        }
    }
    rows.sort_by_key(|r| r.0);
    for (_, r) in rows {
        w.write_record(&r).map_err(e)?;
    }
    w.into_inner().map_err(|x| err("CSV")(x.to_string()))
}

/// The log entries an export of `movements` carries: all when it covers the whole
/// plan, else those within 200 m of the movements' routes.
pub fn log_entries<'a>(plan: &'a Plan, movements: &[&Movement]) -> Vec<&'a LogEntry> {
    if movements.len() == plan.movements.len() {
        return plan.log.iter().collect();
    }
    let mut out: Vec<&LogEntry> = Vec::new();
    for m in movements {
        for e in crate::plan::log::near_movement(plan, m, 200.0) {
            if !out.iter().any(|x| x.id == e.id) {
                out.push(e);
            }
        }
    }
    out
}

/// A log entry as a GeoJSON feature: a point, or a line for a route stretch.
fn log_feature(plan: &Plan, e: &LogEntry, grid: Grid) -> Option<geojson::Feature> {
    let line = e.line(plan)?;
    let geometry = if line.len() > 1 {
        geojson::Geometry::new_line_string(line.iter().map(|c| [c.x, c.y]).collect::<Vec<_>>())
    } else {
        geojson::Geometry::new_point([line[0].x, line[0].y])
    };
    let mut f = geojson::Feature::from(geometry);
    let at = e.position(plan)?;
    for (k, v) in [
        ("log_id", json!(e.id)),
        ("date", json!(e.date)),
        ("time", json!(e.time.to_string())),
        ("category", json!(e.category.label())),
        ("severity", json!(e.severity.label())),
        ("reporter", json!(e.reporter)),
        ("text", json!(e.text)),
        ("status", json!(e.status_text())),
        ("grid", json!(grid.label())),
        ("grid_ref", json!(GridRef(grid, at).to_string())),
    ] {
        f.set_property(k, v);
    }
    Some(f)
}

/// The advance log as CSV, in time order: date, time, id, category, severity,
/// status, reporter, lat, lon, grid reference, text.
///
/// # Errors
/// The CSV writer's.
pub fn log_csv(plan: &Plan, movements: &[&Movement]) -> Result<Vec<u8>, FieldError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |x: csv::Error| err("CSV")(x.to_string());
    let grid = plan.grid;
    let grid_head = grid.label().to_lowercase().replace('/', "_");
    w.write_record([
        "date", "time", "id", "category", "severity", "status", "reporter", "lat", "lon",
        &grid_head, "text",
    ])
    .map_err(e)?;
    let mut entries = log_entries(plan, movements);
    entries.sort_by(|a, b| (&a.date, a.time).cmp(&(&b.date, b.time)));
    for x in entries {
        let at = x.position(plan);
        let (lat, lon) = match at {
            Some(p) => (format!("{:.7}", p.y()), format!("{:.7}", p.x())),
            None => (String::new(), String::new()),
        };
        w.write_record([
            x.date.clone(),
            x.time.to_string(),
            x.id.clone(),
            x.category.label().into(),
            x.severity.label().into(),
            x.status_text(),
            x.reporter.clone(),
            lat,
            lon,
            at.map(|p| GridRef(grid, p).to_string()).unwrap_or_default(),
            x.text.clone(),
        ])
        .map_err(e)?;
    }
    w.into_inner().map_err(|x| err("CSV")(x.to_string()))
}
