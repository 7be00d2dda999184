//! The printed route brief: per movement an overview map of all its routes, strip maps
//! along a long primary route, the turn-by-turn list with planned times, the checkpoint
//! timing table, safe havens along the route, choke points and the risk score with its
//! method; then venue assessments, the team, vehicles and comms.

use super::layout::{Column, Layout, Paper};
use super::pdf::{self, Furniture, PdfError};
use crate::coord::{self, BBox, LatLon, MeasuredLine};
use crate::map::{Map, PlaceKind};
use crate::plan::{ClockTime, Movement, Plan, PlannedRoute, RouteRole};
use crate::render::{Marker, Overlay, OverlayRoute, RenderOptions, RouteKind, View, render};
use crate::routing::{Profiles, RouteOptions, Router};
use geo::{Coord, Point};
use rayon::prelude::*;

/// Brief choices.
#[derive(Debug, Clone)]
pub struct BriefOptions {
    /// Paper size.
    pub paper: Paper,
    /// Only this movement (by id).
    pub movement: Option<String>,
}

/// Why a brief could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BriefError {
    /// No movement with that id.
    #[error("the plan has no movement '{0}'")]
    NoMovement(String),
    /// The embedded fonts failed to load.
    #[error("the embedded fonts could not be read")]
    Fonts,
    /// Writing the PDF failed.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// Havens within this distance of a route are listed.
const HAVEN_CORRIDOR_M: f64 = 500.0;
/// Primary routes longer than this get strip maps...
const STRIP_OVER_M: f64 = 2500.0;
/// ...each covering this much of the route.
const STRIP_M: f64 = 1500.0;
/// Map images are rendered this many pixels per mm of paper (about 200 dpi).
const PX_PER_MM: f32 = 7.9;

fn fmt_len(m: f64) -> String {
    if m >= 1000.0 {
        format!("{:.2} km", m / 1000.0)
    } else {
        format!("{m:.0} m")
    }
}

fn fmt_dur(s: f64) -> String {
    let s = s.round() as i64;
    if s >= 60 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

fn coords(r: &PlannedRoute) -> Vec<Coord<f64>> {
    r.geometry
        .iter()
        .map(|p| Coord { x: p.0, y: p.1 })
        .collect()
}

fn bbox_of(points: &[Coord<f64>]) -> BBox {
    let mut b = BBox::EMPTY;
    for c in points {
        b.extend(*c);
    }
    b
}

/// The map images of one movement: the overview, then strips along the primary.
fn movement_images(map: &Map, m: &Movement, w_px: u32) -> Vec<(u32, u32, Vec<u8>)> {
    let mut overlay = Overlay::default();
    let mut all = Vec::new();
    for r in &m.routes {
        let kind = match r.role {
            RouteRole::Primary => RouteKind::Primary,
            RouteRole::Alternate(_) => RouteKind::Alternate,
            RouteRole::Emergency => RouteKind::Emergency,
        };
        let line = coords(r);
        all.extend(line.iter().copied());
        overlay.routes.push(OverlayRoute { kind, line });
    }
    overlay.checkpoints = m
        .checkpoints
        .iter()
        .enumerate()
        .map(|(i, c)| Marker {
            label: (i + 1).to_string(),
            at: c.location.point(),
        })
        .collect();
    if let Some(risk) = m.route(RouteRole::Primary).and_then(|r| r.risk.as_ref()) {
        overlay.chokes = risk
            .choke_points
            .iter()
            .map(|c| (c.location, c.score, c.priority))
            .collect();
    }
    let area = bbox_of(&all).grown_m(250.0);
    overlay.havens = map
        .places()
        .iter()
        .filter(|p| PlaceKind::HAVENS.contains(&p.kind) && area.contains(p.location))
        .map(|p| (p.location, p.kind))
        .collect();
    let mut views = vec![View::fit(area, w_px, w_px * 7 / 10, 24.0)];
    if let Some(primary) = m
        .route(RouteRole::Primary)
        .filter(|r| r.length_m > STRIP_OVER_M)
    {
        let line = coords(primary);
        let n = (primary.length_m / STRIP_M).ceil() as usize;
        for k in 0..n {
            let part = coord::slice_polyline(
                &line,
                k as f64 * STRIP_M,
                ((k + 1) as f64 * STRIP_M).min(primary.length_m),
            );
            views.push(View::fit(
                bbox_of(&part).grown_m(120.0),
                w_px,
                w_px / 2,
                24.0,
            ));
        }
    }
    let opts = RenderOptions {
        scale: w_px as f32 / 900.0,
        legend: true,
    };
    views
        .par_iter()
        .filter_map(|v| jpeg_of(&render(map, v, &overlay, opts)?))
        .collect()
}

/// A rendered map as (width, height, JPEG bytes) for the PDF.
fn jpeg_of(pm: &tiny_skia::Pixmap) -> Option<(u32, u32, Vec<u8>)> {
    let rgb: Vec<u8> = pm
        .pixels()
        .iter()
        .flat_map(|p| [p.red(), p.green(), p.blue()])
        .collect();
    Some((
        pm.width(),
        pm.height(),
        jpeg(&rgb, pm.width(), pm.height())?,
    ))
}

/// JPEG-encodes an RGB image for the PDF. An Adobe APP14 segment declares the YCbCr
/// colour transform, which PDF readers honour over printpdf's fixed `ColorTransform 0`.
fn jpeg(rgb: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    enc.add_app_segment(14, b"Adobe\x00\x64\x00\x00\x00\x00\x01".to_vec())
        .ok()?;
    enc.encode(
        rgb,
        u16::try_from(w).ok()?,
        u16::try_from(h).ok()?,
        jpeg_encoder::ColorType::Rgb,
    )
    .ok()?;
    Some(out)
}

/// Makes the brief of `plan` as PDF bytes.
///
/// # Errors
/// [`BriefError`] for an unknown movement or a PDF failure.
pub fn brief(plan: &Plan, map: &Map, opts: &BriefOptions) -> Result<Vec<u8>, BriefError> {
    let movements: Vec<&Movement> = match &opts.movement {
        Some(id) => vec![
            plan.movements
                .iter()
                .find(|m| &m.id == id)
                .ok_or_else(|| BriefError::NoMovement(id.clone()))?,
        ],
        None => plan.movements.iter().collect(),
    };
    let mut l = Layout::new(opts.paper).ok_or(BriefError::Fonts)?;
    let w_px = (l.width() * PX_PER_MM) as u32;
    let (day, images) = rayon::join(
        || day_image(map, &movements, w_px),
        || {
            movements
                .par_iter()
                .map(|m| movement_images(map, m, w_px))
                .collect::<Vec<_>>()
        },
    );
    cover(&mut l, plan, &movements, day);
    let car = Profiles::builtin()
        .ok()
        .and_then(|p| p.get("car").ok().cloned())
        .map(|p| Router::new(map, p));
    for (m, imgs) in movements.iter().zip(images) {
        movement_section(&mut l, plan, map, car.as_ref(), m, imgs);
    }
    venues(&mut l, plan);
    team_and_comms(&mut l, plan);
    let furniture = Furniture {
        classification: &plan.classification,
        title: &plan.name,
        date: &plan.date,
        author: &plan.author,
    };
    Ok(pdf::write(l, &furniture)?)
}

/// The whole day on one map: every primary route, with each movement's start numbered.
fn day_image(map: &Map, movements: &[&Movement], w_px: u32) -> Option<(u32, u32, Vec<u8>)> {
    let mut overlay = Overlay::default();
    let mut all = Vec::new();
    for m in movements {
        let Some(r) = m.route(RouteRole::Primary) else {
            continue;
        };
        let line = coords(r);
        if let Some(start) = line.first() {
            overlay.checkpoints.push(Marker {
                label: m.id.trim_start_matches('m').to_string(),
                at: Point::from(*start),
            });
        }
        all.extend(line.iter().copied());
        overlay.routes.push(OverlayRoute {
            kind: RouteKind::Primary,
            line,
        });
    }
    if all.is_empty() {
        return None;
    }
    let view = View::fit(bbox_of(&all).grown_m(200.0), w_px, w_px * 3 / 5, 24.0);
    let opts = RenderOptions {
        scale: w_px as f32 / 900.0,
        legend: true,
    };
    jpeg_of(&render(map, &view, &overlay, opts)?)
}

fn cover(l: &mut Layout, plan: &Plan, movements: &[&Movement], day: Option<(u32, u32, Vec<u8>)>) {
    l.heading(&format!("Route brief: {}", plan.name), 1);
    l.key_values(
        &[
            ("Principal", plan.principal.clone()),
            (
                "Date",
                format!("{} (times in {})", plan.date, plan.time_zone),
            ),
            ("Classification", plan.classification.clone()),
            ("Prepared by", plan.author.clone()),
            (
                "Map",
                format!(
                    "{} (SHA-256 {}…); map data © OpenStreetMap contributors",
                    plan.map.path,
                    plan.map.sha256.get(..12).unwrap_or("")
                ),
            ),
        ],
        9.5,
    );
    if let Some((pw, ph, jpg)) = day {
        let w = l.width();
        l.image(pw, ph, jpg, w);
        l.paragraph(
            "The day's primary routes; numbered circles mark where each movement starts.",
            8.0,
        );
    }
    l.heading("Movements", 2);
    let cols = [
        Column {
            header: "#",
            width: 10.0,
        },
        Column {
            header: "movement",
            width: 52.0,
        },
        Column {
            header: "departs",
            width: 18.0,
        },
        Column {
            header: "arrives",
            width: 18.0,
        },
        Column {
            header: "by",
            width: 20.0,
        },
        Column {
            header: "primary route",
            width: 36.0,
        },
        Column {
            header: "risk",
            width: l.width() - 154.0,
        },
    ];
    let rows: Vec<Vec<String>> = movements
        .iter()
        .map(|m| {
            let p = m.route(RouteRole::Primary);
            vec![
                m.id.clone(),
                m.name.clone(),
                m.departure.to_string(),
                crate::plan::arrival(m)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                m.profile.clone(),
                p.map(|r| {
                    format!(
                        "{}, {}",
                        fmt_len(r.length_m),
                        fmt_dur(r.duration_s * m.speed_factor)
                    )
                })
                .unwrap_or_else(|| "not routed".into()),
                p.and_then(|r| r.risk.as_ref())
                    .map(|k| format!("{:.1} {}", k.score, k.band))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    l.table(&cols, &rows, 8.5);
    l.paragraph(
        "Map key: primary route solid blue with white direction arrows; alternates dashed orange; emergency route dotted pink; numbered white circles are checkpoints (numbers as in the timing tables); diamonds are choke points with their score (orange: priority, 8 and above); red squares hospitals, blue police, orange fire stations, purple embassies. Grey areas lie outside the map data.",
        8.5,
    );
    if !plan.notes.is_empty() {
        l.heading("Notes", 2);
        l.paragraph(&plan.notes, 9.0);
    }
}

fn movement_section(
    l: &mut Layout,
    plan: &Plan,
    map: &Map,
    car: Option<&Router>,
    m: &Movement,
    images: Vec<(u32, u32, Vec<u8>)>,
) {
    l.heading(&format!("Movement {}: {}", m.id, m.name), 1);
    let venue = |id: &str| {
        plan.venue(id)
            .map(|v| v.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    l.key_values(
        &[
            ("From", venue(&m.from)),
            ("To", venue(&m.to)),
            (
                "Departs",
                format!(
                    "{} by {} (durations x {})",
                    m.departure, m.profile, m.speed_factor
                ),
            ),
        ],
        9.5,
    );
    let w = l.width();
    let mut imgs = images.into_iter();
    if let Some((pw, ph, rgb)) = imgs.next() {
        l.image(pw, ph, rgb, w);
    }
    routes_table(l, m);
    if let Some(primary) = m.route(RouteRole::Primary) {
        risk_section(l, primary);
        checkpoints_table(l, m);
        turns_table(l, m, primary);
        havens_table(l, map, car, m, primary);
    }
    let strips: Vec<_> = imgs.collect();
    if !strips.is_empty() {
        l.heading("Strip maps along the primary route", 2);
        for (i, (pw, ph, rgb)) in strips.into_iter().enumerate() {
            l.paragraph(
                &format!(
                    "Strip {}: {:.1}–{:.1} km from the start",
                    i + 1,
                    i as f64 * STRIP_M / 1000.0,
                    ((i + 1) as f64 * STRIP_M / 1000.0)
                ),
                8.5,
            );
            l.image(pw, ph, rgb, w);
        }
    }
}

fn routes_table(l: &mut Layout, m: &Movement) {
    l.heading("Routes", 2);
    let cols = [
        Column {
            header: "route",
            width: 24.0,
        },
        Column {
            header: "length",
            width: 20.0,
        },
        Column {
            header: "time",
            width: 22.0,
        },
        Column {
            header: "shared",
            width: 30.0,
        },
        Column {
            header: "risk",
            width: 24.0,
        },
        Column {
            header: "notes",
            width: l.width() - 120.0,
        },
    ];
    let rows: Vec<Vec<String>> = m
        .routes
        .iter()
        .map(|r| {
            vec![
                r.role.to_string(),
                fmt_len(r.length_m),
                fmt_dur(r.duration_s * m.speed_factor),
                r.shared_fraction
                    .map(|s| format!("{:.0}%", s * 100.0))
                    .unwrap_or_default(),
                r.risk
                    .as_ref()
                    .map(|k| format!("{:.1} {}", k.score, k.band))
                    .unwrap_or_default(),
                match (&r.hospital, &r.hospital_phone) {
                    (Some(h), Some(p)) => format!("to {h}; phone {p}"),
                    (Some(h), None) => format!("to {h}"),
                    _ => String::new(),
                },
            ]
        })
        .collect();
    l.table(&cols, &rows, 8.5);
}

fn risk_section(l: &mut Layout, r: &PlannedRoute) {
    let Some(k) = &r.risk else { return };
    l.heading(
        &format!(
            "Risk of the primary route: {:.1} / 100 ({})",
            k.score, k.band
        ),
        2,
    );
    let b = k.breakdown;
    l.paragraph(
        &format!(
            "Breakdown: exposure {:.1} + choke points {:.1} + hazards {:.1} + haven coverage {:.1}. Haven coverage: {}.",
            b.exposure, b.choke_points, b.hazards, b.haven_coverage, k.havens.summary()
        ),
        9.0,
    );
    l.paragraph(&format!("Method: {}.", k.method), 8.0);
    if k.choke_points.is_empty() {
        return;
    }
    let cols = [
        Column {
            header: "score",
            width: 24.0,
        },
        Column {
            header: "at",
            width: 18.0,
        },
        Column {
            header: "location",
            width: 38.0,
        },
        Column {
            header: "why",
            width: l.width() - 80.0,
        },
    ];
    let rows: Vec<Vec<String>> = k
        .choke_points
        .iter()
        .map(|c| {
            vec![
                format!(
                    "{:.0}{}",
                    c.score,
                    if c.priority { " PRIORITY" } else { "" }
                ),
                format!("{:.0} m", c.along_m),
                LatLon(c.location).to_string(),
                c.reasons.join("; "),
            ]
        })
        .collect();
    l.heading("Choke points", 3);
    l.table(&cols, &rows, 8.0);
}

fn checkpoints_table(l: &mut Layout, m: &Movement) {
    l.heading("Checkpoints and timings", 2);
    let cols = [
        Column {
            header: "#",
            width: 7.0,
        },
        Column {
            header: "time",
            width: 16.0,
        },
        Column {
            header: "checkpoint",
            width: 42.0,
        },
        Column {
            header: "kind",
            width: 26.0,
        },
        Column {
            header: "dwell",
            width: 18.0,
        },
        Column {
            header: "posted",
            width: 22.0,
        },
        Column {
            header: "notes",
            width: l.width() - 131.0,
        },
    ];
    let rows: Vec<Vec<String>> = m
        .checkpoints
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                c.planned_time
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "-".into()),
                c.name.clone(),
                c.kind.label().into(),
                if c.dwell_s > 0.0 {
                    fmt_dur(c.dwell_s)
                } else {
                    String::new()
                },
                c.posted.join(", "),
                c.notes.clone(),
            ]
        })
        .collect();
    l.table(&cols, &rows, 8.0);
}

fn turns_table(l: &mut Layout, m: &Movement, r: &PlannedRoute) {
    l.heading("Turn by turn (primary route)", 2);
    let cols = [
        Column {
            header: "#",
            width: 8.0,
        },
        Column {
            header: "time",
            width: 17.0,
        },
        Column {
            header: "then",
            width: 18.0,
        },
        Column {
            header: "instruction",
            width: l.width() - 43.0,
        },
    ];
    let rows: Vec<Vec<String>> = r
        .instructions
        .iter()
        .enumerate()
        .map(|(i, ins)| {
            let t: ClockTime = m.departure.plus(ins.time_s * m.speed_factor);
            vec![
                (i + 1).to_string(),
                t.to_string(),
                if ins.distance_m > 0.0 {
                    fmt_len(ins.distance_m)
                } else {
                    String::new()
                },
                ins.text(),
            ]
        })
        .collect();
    l.table(&cols, &rows, 8.0);
}

fn havens_table(l: &mut Layout, map: &Map, car: Option<&Router>, m: &Movement, r: &PlannedRoute) {
    let line = coords(r);
    let measured = MeasuredLine::new(&line);
    let area = bbox_of(&line).grown_m(HAVEN_CORRIDOR_M);
    let mut rows: Vec<(f64, Vec<String>)> = map
        .places_in(area)
        .map(|i| &map.places()[i as usize])
        .filter(|p| PlaceKind::HAVENS.contains(&p.kind))
        .filter_map(|p| {
            let (d, along) = coord::distance_to_polyline_m(p.location, &line);
            (d <= HAVEN_CORRIDOR_M).then_some((p, d, along))
        })
        .map(|(p, d, along)| {
            let from: Point<f64> = measured.point_at(along).unwrap_or(p.location);
            let drive = car
                .and_then(|c| c.route(&[from, p.location], &RouteOptions::default()).ok())
                .map(|x| fmt_dur(x.duration_s))
                .unwrap_or_else(|| "-".into());
            (
                along,
                vec![
                    p.display_name(),
                    p.kind.label().into(),
                    p.phone.clone().unwrap_or_else(|| "-".into()),
                    format!("{:.0} m at {:.0} m", d, along),
                    drive,
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    l.heading(
        &format!("Safe havens within {HAVEN_CORRIDOR_M:.0} m of the primary route"),
        2,
    );
    if rows.is_empty() {
        l.paragraph("None on the map.", 9.0);
        return;
    }
    let cols = [
        Column {
            header: "name",
            width: 66.0,
        },
        Column {
            header: "kind",
            width: 30.0,
        },
        Column {
            header: "phone",
            width: 30.0,
        },
        Column {
            header: "off / along",
            width: 34.0,
        },
        Column {
            header: "drive",
            width: l.width() - 160.0,
        },
    ];
    let _ = m;
    l.table(
        &cols,
        &rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
        8.0,
    );
}

fn venues(l: &mut Layout, plan: &Plan) {
    l.heading("Venues and assessments", 1);
    let cols = [
        Column {
            header: "venue",
            width: 44.0,
        },
        Column {
            header: "kind",
            width: 20.0,
        },
        Column {
            header: "location",
            width: 34.0,
        },
        Column {
            header: "assessment",
            width: l.width() - 98.0,
        },
    ];
    let rows: Vec<Vec<String>> = plan
        .venues
        .iter()
        .map(|v| {
            let a = v.assessment.as_ref().map(|a| {
                format!(
                    "{} = {} ({}) by {} on {}; {}; factors {:?}",
                    a.method.key(),
                    a.score,
                    a.band,
                    a.assessor,
                    a.date,
                    a.method_text(),
                    a.factors
                )
            });
            let notes = if v.notes.is_empty() {
                String::new()
            } else {
                format!(" Notes: {}", v.notes)
            };
            vec![
                v.name.clone(),
                v.kind.clone(),
                LatLon(v.location.point()).to_string(),
                format!("{}{notes}", a.unwrap_or_else(|| "not assessed".into())),
            ]
        })
        .collect();
    l.table(&cols, &rows, 8.0);
}

/// A level-2 heading and a table; `widths` are in mm, and the last column takes what is
/// left of the page.
fn titled_table(
    l: &mut Layout,
    title: &str,
    headers: &[&str],
    widths: &[f32],
    rows: Vec<Vec<String>>,
) {
    l.heading(title, 2);
    let rest = l.width() - widths.iter().sum::<f32>();
    let cols: Vec<Column> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            header: h,
            width: widths.get(i).copied().unwrap_or(rest),
        })
        .collect();
    l.table(&cols, &rows, 8.5);
}

fn team_and_comms(l: &mut Layout, plan: &Plan) {
    l.heading("Team, vehicles and communications", 1);
    let (team, comms) = (&plan.team, &plan.comms);
    let rows = team
        .members
        .iter()
        .map(|m| {
            vec![
                m.call_sign.clone(),
                m.name.clone(),
                m.role.clone(),
                m.phone.clone(),
            ]
        })
        .collect();
    titled_table(
        l,
        "Team",
        &["call sign", "name", "role", "phone"],
        &[28.0, 44.0, 60.0],
        rows,
    );
    let rows = team
        .vehicles
        .iter()
        .map(|v| {
            vec![
                v.call_sign.clone(),
                v.role.clone(),
                v.description.clone(),
                v.plate.clone(),
                v.driver.clone(),
            ]
        })
        .collect();
    titled_table(
        l,
        "Vehicles",
        &["call sign", "role", "vehicle", "plate", "driver"],
        &[24.0, 22.0, 56.0, 40.0],
        rows,
    );
    let rows = comms
        .channels
        .iter()
        .map(|c| vec![c.name.clone(), c.frequency.clone(), c.purpose.clone()])
        .collect();
    titled_table(
        l,
        "Radio channels",
        &["channel", "frequency", "purpose"],
        &[40.0, 60.0],
        rows,
    );
    let rows = comms
        .call_signs
        .iter()
        .map(|(c, who)| vec![c.clone(), who.clone()])
        .collect();
    titled_table(
        l,
        "Call signs",
        &["call sign", "who or where"],
        &[40.0],
        rows,
    );
    let rows = comms
        .emergency_contacts
        .iter()
        .map(|c| vec![c.name.clone(), c.role.clone(), c.phone.clone()])
        .collect();
    titled_table(
        l,
        "Emergency contacts",
        &["who", "role", "phone"],
        &[70.0, 70.0],
        rows,
    );
}
