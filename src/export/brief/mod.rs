//! The printed route brief: per movement an overview map of all its routes, strip maps
//! along a long primary route, the turn-by-turn list with planned times, the checkpoint
//! timing table, safe havens along the route, choke points and the risk score with its
//! method; then venue assessments, the team, vehicles and comms. It prints what the
//! plan holds (routes, risk, havens with drive times) and only draws the map.

mod maps;
mod tables;

use super::layout::{Layout, Paper};
use super::pdf::{self, Furniture, PdfError};
use crate::map::Map;
use crate::plan::{Movement, Plan, PlannedRoute, RouteRole};
use geo::Coord;
use maps::Image;

/// Who a brief is printed for: each role gets what it needs and no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Everything: the cover, every movement in full, venues, team and comms.
    #[default]
    Full,
    /// The detail leader: everything, as [`Role::Full`].
    Leader,
    /// The advance team: venues, and per movement its map, checkpoints with posts
    /// and who is posted, choke points and safe havens; no turn list, no roster.
    Advance,
    /// A driver: one card per movement with its map, the checkpoint times and the turn
    /// list in large type, the emergency hospital with its phone and the radio
    /// channels; no other movement, no programme, no roster.
    Driver,
}

impl Role {
    /// Every role, as the CLI and the app list them.
    pub const ALL: [Role; 4] = [Role::Full, Role::Leader, Role::Advance, Role::Driver];

    /// The role's name.
    pub fn key(self) -> &'static str {
        match self {
            Role::Full => "full",
            Role::Leader => "leader",
            Role::Advance => "advance",
            Role::Driver => "driver",
        }
    }
}

/// The handling line printed on every page when the plan gives none.
pub use crate::plan::DEFAULT_HANDLING;

/// Type size of the driver card's turn list and timings (points).
pub const DRIVER_TYPE_PT: f32 = 14.0;

/// Brief choices.
#[derive(Debug, Clone)]
pub struct BriefOptions {
    /// Paper size.
    pub paper: Paper,
    /// Only this movement (by id).
    pub movement: Option<String>,
    /// Who it is for.
    pub role: Role,
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

/// Primary routes longer than this get strip maps...
const STRIP_OVER_M: f64 = 2500.0;
/// ...each covering this much of the route.
const STRIP_M: f64 = 1500.0;
/// Map images are rendered this many pixels per mm of paper (about 200 dpi).
const PX_PER_MM: f32 = 7.9;

fn coords(r: &PlannedRoute) -> Vec<Coord<f64>> {
    r.geometry
        .iter()
        .map(|p| Coord { x: p.0, y: p.1 })
        .collect()
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
        || maps::day_image(map, &movements, w_px, plan.grid),
        || {
            use rayon::prelude::*;
            movements
                .par_iter()
                .map(|m| maps::movement_images(map, m, w_px, plan.grid))
                .collect::<Vec<_>>()
        },
    );
    match opts.role {
        Role::Full | Role::Leader => {
            cover(&mut l, plan, &movements, day);
            for (m, imgs) in movements.iter().zip(images) {
                movement_section(&mut l, plan, m, imgs);
            }
            tables::venues(&mut l, plan);
            tables::team_and_comms(&mut l, plan);
            tables::log_annex(&mut l, plan);
        }
        Role::Advance => {
            for (m, imgs) in movements.iter().zip(images) {
                advance_section(&mut l, plan, m, imgs);
            }
            tables::venues(&mut l, plan);
            tables::log_annex(&mut l, plan);
        }
        Role::Driver => {
            for (m, imgs) in movements.iter().zip(images) {
                driver_card(&mut l, plan, m, imgs);
            }
        }
    }
    let handling = plan.handling_line();
    let furniture = Furniture {
        classification: &plan.classification,
        title: &plan.name,
        date: &plan.date,
        author: &plan.author,
        handling,
    };
    Ok(pdf::write(l, &furniture)?)
}

fn cover(l: &mut Layout, plan: &Plan, movements: &[&Movement], day: Option<Image>) {
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
                    plan.map.file_name(),
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
    tables::movements_table(l, movements);
    l.paragraph(
        "Map key: primary route solid blue with white direction arrows; alternates dashed orange; emergency route dotted pink; numbered white circles are checkpoints (numbers as in the timing tables); diamonds are choke points with their score (orange: priority, 8 and above); red squares hospitals, blue police, orange fire stations, purple embassies. Grey areas lie outside the map data.",
        8.5,
    );
    if !plan.notes.is_empty() {
        l.heading("Notes", 2);
        l.paragraph(&plan.notes, 9.0);
    }
}

fn movement_section(l: &mut Layout, plan: &Plan, m: &Movement, images: Vec<Image>) {
    l.heading(&format!("Movement {}: {}", m.id, m.name), 1);
    let venue = |id: &str| plan.venue_name(id);
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
    tables::routes_table(l, m);
    tables::vias_and_zones(l, m, plan.grid);
    if let Some(primary) = m.route(RouteRole::Primary) {
        tables::risk_section(l, primary, plan.grid);
        tables::checkpoints_table(l, m, plan.grid);
        tables::turns_table(l, m, primary);
        tables::havens_table(l, primary);
    }
    tables::movement_log(l, plan, m);
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

/// The advance team's view of a movement: its map, checkpoints with posts and who is
/// posted, the choke points with the risk score, and the safe havens.
fn advance_section(l: &mut Layout, plan: &Plan, m: &Movement, images: Vec<Image>) {
    l.heading(&format!("Movement {}: {} (advance)", m.id, m.name), 1);
    let w = l.width();
    if let Some((pw, ph, rgb)) = images.into_iter().next() {
        l.image(pw, ph, rgb, w);
    }
    tables::vias_and_zones(l, m, plan.grid);
    if let Some(primary) = m.route(RouteRole::Primary) {
        tables::checkpoints_table(l, m, plan.grid);
        tables::risk_section(l, primary, plan.grid);
        tables::havens_table(l, primary);
    }
    tables::movement_log(l, plan, m);
}

/// A driver's card for one movement: large type, only what the wheel needs.
fn driver_card(l: &mut Layout, plan: &Plan, m: &Movement, images: Vec<Image>) {
    let size = DRIVER_TYPE_PT;
    l.heading(&format!("Driver card {}: {}", m.id, m.name), 1);
    let venue = |id: &str| plan.venue_name(id);
    let arrives = crate::plan::arrival(m)
        .map(|t| t.to_string())
        .unwrap_or_else(|| "-".into());
    l.key_values(
        &[
            ("Depart", format!("{} from {}", m.departure, venue(&m.from))),
            ("Arrive", format!("{arrives} at {}", venue(&m.to))),
        ],
        size,
    );
    let w = l.width();
    if let Some((pw, ph, rgb)) = images.into_iter().next() {
        l.image(pw, ph, rgb, w);
    }
    let Some(primary) = m.route(RouteRole::Primary) else {
        l.paragraph("No primary route computed: run `cordon plan route`.", size);
        return;
    };
    tables::driver_checkpoints(l, m, size);
    tables::turns_table_sized(l, m, primary, size);
    l.heading("Emergency", 2);
    let hospital = m.route(RouteRole::Emergency).and_then(|r| {
        r.hospital.clone().map(|h| {
            let phone = r
                .hospital_phone
                .clone()
                .unwrap_or_else(|| "no phone on the map".into());
            format!(
                "{h}, tel. {phone} ({} by the emergency route)",
                crate::format::duration(r.duration_s)
            )
        })
    });
    l.paragraph(
        &hospital.unwrap_or_else(|| "No emergency route computed.".into()),
        size,
    );
    l.heading("Radio", 2);
    if plan.comms.channels.is_empty() {
        l.paragraph("No channels in the plan.", size);
    }
    for c in &plan.comms.channels {
        l.paragraph(
            &format!("{}: {} ({})", c.name, c.frequency, c.purpose),
            size,
        );
    }
}
