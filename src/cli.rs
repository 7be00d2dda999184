//! The command line's arguments (clap derive) and their conversions to the
//! library's argument types; `main.rs` dispatches.

use clap::{Parser, Subcommand, ValueEnum};
use cordon::commands::{self, Format, map::HavenOrder, route::RouteArgs};
use cordon::export::ExportKind;
use cordon::routing::Metric;
use std::path::PathBuf;

/// Offline executive-protection route planning over OpenStreetMap extracts.
#[derive(Parser)]
#[command(name = "cordon", version, about)]
pub(crate) struct Cli {
    /// Without a command, Cordon opens the desktop app on the default map.
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    /// For encrypted plans (.ron.age): read the passphrase from the first line of FILE.
    /// Without it, Cordon asks on the terminal. Never give it on the command line.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutFormat {
    Text,
    Json,
    Geojson,
    Tsv,
}

impl From<OutFormat> for Format {
    fn from(f: OutFormat) -> Format {
        match f {
            OutFormat::Text => Format::Text,
            OutFormat::Json => Format::Json,
            OutFormat::Geojson => Format::GeoJson,
            OutFormat::Tsv => Format::Tsv,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum RoleArg {
    Full,
    Leader,
    Advance,
    Driver,
}

impl From<RoleArg> for cordon::export::brief::Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Full => Self::Full,
            RoleArg::Leader => Self::Leader,
            RoleArg::Advance => Self::Advance,
            RoleArg::Driver => Self::Driver,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Shortest {
    Time,
    Distance,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum By {
    Distance,
    Time,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Open the desktop app.
    Gui {
        /// The .osm.pbf file to open (default: the plan's map, else maps/monaco.osm.pbf).
        #[arg(long)]
        map: Option<PathBuf>,
        /// The plan to open (default: the last one open, else the sample plan).
        #[arg(long)]
        plan: Option<PathBuf>,
    },
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
        /// The point, as LAT,LON in degrees or an MGRS or UTM reference.
        #[arg(long, value_name = "LAT,LON|MGRS", allow_hyphen_values = true)]
        at: String,
        /// How many of each kind.
        #[arg(long, default_value_t = 3)]
        limit: usize,
        /// Order by straight-line distance or by drive time (car).
        #[arg(long, value_enum, default_value_t = By::Distance)]
        by: By,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Plan a route: primary and alternates, via points, avoid zones; or a batch of pairs.
    Route(RouteCli),
    /// Score a route's risk: breakdown, choke points, hazards, haven coverage, time vs risk.
    Risk(RiskCli),
    /// A venue's map context (havens, access points, crowds) and its assessment.
    Venue(VenueCli),
    /// Render the map (or a route with its alternates and choke points) to a PNG.
    Render {
        /// The .osm.pbf file.
        map: PathBuf,
        /// The PNG to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Route origin (LAT,LON or a name); needs --to.
        #[arg(long, requires = "to", allow_hyphen_values = true)]
        from: Option<String>,
        /// Route destination.
        #[arg(long, requires = "from", allow_hyphen_values = true)]
        to: Option<String>,
        /// Width in pixels.
        #[arg(long, default_value_t = 1600)]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value_t = 1200)]
        height: u32,
        /// Draw exactly one basemap tile, Z/X/Y (256 x 256, as `cordon tiles` does).
        #[arg(long, value_name = "Z/X/Y", conflicts_with_all = ["from", "to"], value_parser = tile_id)]
        tile: Option<cordon::render::tiles::TileId>,
    },
    /// Draw an MBTiles basemap of the map's area, a plan's or a box, for TAK and GIS.
    Tiles {
        /// The .osm.pbf file.
        map: PathBuf,
        /// The MBTiles file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Cover this plan's venues, routes, checkpoints and zones (500 m around).
        #[arg(long, conflicts_with = "bbox")]
        plan: Option<PathBuf>,
        /// Cover this box: WEST,SOUTH,EAST,NORTH in degrees.
        #[arg(long, allow_hyphen_values = true)]
        bbox: Option<String>,
        /// Zoom levels, A-B.
        #[arg(long, default_value = "12-17", value_parser = zoom_range)]
        zoom: cordon::render::tiles::ZoomRange,
        /// Tile encoding.
        #[arg(long, value_enum, default_value_t = TileFormatArg::Png)]
        format: TileFormatArg,
    },
    /// Print the route brief of a plan as PDF.
    Brief {
        /// The plan file.
        plan: PathBuf,
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Only this movement.
        #[arg(long)]
        movement: Option<String>,
        /// Paper size.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        /// Who it is for: driver (one large-type card per movement), advance (venues,
        /// posts, choke points, havens), leader or full (everything).
        #[arg(long, value_enum, default_value_t = RoleArg::Full)]
        role: RoleArg,
    },
    /// Export a plan's routes and checkpoints for GPS units, GIS tools and TAK.
    Export {
        /// The plan file.
        plan: PathBuf,
        /// gpx, kml, geojson, csv or tak (a TAK data package, .zip).
        #[arg(long, value_parser = field_export_kind)]
        format: ExportKind,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Only this movement.
        #[arg(long)]
        movement: Option<String>,
        /// tak: who the brief in the package is for.
        #[arg(long, value_enum, default_value_t = RoleArg::Full)]
        role: RoleArg,
        /// tak: the brief's paper size.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        /// tak: include an MBTiles basemap of the plan's area at these zooms (12-17
        /// when no range is given).
        #[arg(long, value_name = "A-B", num_args = 0..=1, default_missing_value = "12-17", value_parser = zoom_range)]
        basemap: Option<cordon::render::tiles::ZoomRange>,
    },
    /// Movement plans: create, check, route, schedule, show.
    #[command(subcommand)]
    Plan(PlanCmd),
    /// The areas reached from a point within given minutes (isochrones).
    Reach {
        /// The .osm.pbf file.
        map: PathBuf,
        /// The point: LAT,LON, an MGRS/UTM reference or a place name.
        #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
        at: String,
        /// Routing profile.
        #[arg(long, default_value = "car")]
        profile: String,
        /// Times, minutes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "5,10")]
        minutes: Vec<f64>,
        /// For a venue: the N police stations and N hospitals that reach it soonest
        /// by car, the drive from each and what each reaches, and the venue's walk.
        #[arg(long, default_value_t = 0, value_name = "N")]
        stations: usize,
        /// With --stations: minutes of the venue's walking area.
        #[arg(long, default_value_t = 5.0)]
        walk_minutes: f64,
        /// Print GeoJSON (a MultiPolygon per time) instead of text.
        #[arg(long)]
        geojson: bool,
    },
    /// The hospital to use in an emergency from a point, and the route there.
    Emergency {
        /// The .osm.pbf file.
        map: PathBuf,
        /// The point: LAT,LON or a place name.
        #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
        at: String,
        /// Routing profile.
        #[arg(long, default_value = "car")]
        profile: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub(crate) struct RouteCli {
    /// The .osm.pbf file.
    map: PathBuf,
    /// Origin: LAT,LON or a quoted place or street name.
    #[arg(
        long,
        value_name = "LAT,LON|NAME",
        allow_hyphen_values = true,
        required_unless_present = "pairs"
    )]
    from: Option<String>,
    /// Destination: LAT,LON or a quoted name.
    #[arg(
        long,
        value_name = "LAT,LON|NAME",
        allow_hyphen_values = true,
        required_unless_present = "pairs"
    )]
    to: Option<String>,
    /// A via point (repeat for several, visited in order).
    #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
    via: Vec<String>,
    /// Routing profile: car, motorcade, foot (or one from --profiles).
    #[arg(long, default_value = "car")]
    profile: String,
    /// A RON file of profiles that replace or add to the built-in ones.
    #[arg(long, value_name = "FILE")]
    profiles: Option<PathBuf>,
    /// Minimise time or distance.
    #[arg(long, value_enum, default_value_t = Shortest::Time)]
    shortest: Shortest,
    /// How many alternates to look for.
    #[arg(long, default_value_t = 2)]
    alternatives: usize,
    /// GeoJSON file of polygons the route must not enter.
    #[arg(long, value_name = "ZONES.geojson")]
    avoid: Option<PathBuf>,
    /// Output format (tsv for --pairs).
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    /// Batch mode: a file of `lon1 lat1 lon2 lat2` lines; prints one TSV line per pair.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "to", "via"])]
    pairs: Option<PathBuf>,
    /// Add risk to the cost: each edge's hazard points x W x seconds_per_point.
    #[arg(long, value_name = "W", default_value_t = 0.0)]
    risk_weight: f64,
}

#[derive(Subcommand)]
pub(crate) enum PlanCmd {
    /// Create an empty plan for a map.
    New {
        /// The .osm.pbf file the plan is made on.
        #[arg(long)]
        map: PathBuf,
        /// Plan name.
        #[arg(long)]
        name: String,
        /// The plan file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Validate references, checkpoints, the schedule and the map; exit 1 on errors.
    Check {
        /// The plan file.
        file: PathBuf,
    },
    /// (Re)compute every movement's primary, alternate and emergency routes, and save.
    Route {
        /// The plan file.
        file: PathBuf,
        /// Alternates per movement.
        #[arg(long, default_value_t = 2)]
        alternatives: usize,
    },
    /// The day's timeline: time, movement, checkpoint, kind, place, notes.
    Schedule {
        /// The plan file.
        file: PathBuf,
        /// Print a JSON list of rows in time order.
        #[arg(long)]
        json: bool,
    },
    /// A readable summary of the plan.
    Show {
        /// The plan file.
        file: PathBuf,
    },
    /// Encrypt a plan with a passphrase (age, scrypt): writes FILE.age, then deletes the
    /// plain plan and its backup.
    Encrypt {
        /// The plain plan file.
        file: PathBuf,
        /// The encrypted plan to write (default: FILE.age).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Keep the plain plan and its backup.
        #[arg(long)]
        keep_plain: bool,
    },
    /// Write a plain copy of an encrypted plan (readable by you only).
    Decrypt {
        /// The encrypted plan (.ron.age).
        file: PathBuf,
        /// The plain plan to write (default: FILE without .age).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
pub(crate) struct RiskCli {
    /// The .osm.pbf file.
    map: PathBuf,
    /// Origin: LAT,LON or a quoted name.
    #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
    from: String,
    /// Destination.
    #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
    to: String,
    /// Via points in order.
    #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
    via: Vec<String>,
    /// Routing profile.
    #[arg(long, default_value = "car")]
    profile: String,
    /// Trade time for safety: 0 is the fastest route; try 1, 2, 4.
    #[arg(long, value_name = "W", default_value_t = 0.0)]
    risk_weight: f64,
    /// A risk model file replacing assets/risk-model.ron.
    #[arg(long, value_name = "FILE")]
    risk_model: Option<PathBuf>,
    /// GeoJSON file of polygons to keep out of.
    #[arg(long, value_name = "ZONES.geojson")]
    avoid: Option<PathBuf>,
    /// Print JSON (same as --format json).
    #[arg(long)]
    json: bool,
    /// Output format; geojson adds hazards and choke points as points.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
}

#[derive(clap::Args)]
pub(crate) struct VenueCli {
    /// The .osm.pbf file.
    map: PathBuf,
    /// The venue: LAT,LON or a quoted name.
    #[arg(long, value_name = "LAT,LON|NAME", allow_hyphen_values = true)]
    at: String,
    /// tvi, likelihood_consequence, carver, carver_simplified or fema.
    #[arg(long, default_value = "tvi")]
    method: String,
    /// The raw factor scores in the method's order, comma-separated (e.g. 3,4,5).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    scores: Vec<f64>,
    /// Who assessed.
    #[arg(long, default_value = "")]
    assessor: String,
    /// When (ISO date).
    #[arg(long, default_value = "")]
    date: String,
    /// Notes.
    #[arg(long, default_value = "")]
    notes: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

impl From<By> for HavenOrder {
    fn from(b: By) -> HavenOrder {
        match b {
            By::Distance => HavenOrder::Distance,
            By::Time => HavenOrder::Time,
        }
    }
}

impl From<PaperArg> for cordon::export::layout::Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => Self::A4,
            PaperArg::Letter => Self::Letter,
        }
    }
}

pub(crate) fn json_or_text(json: bool) -> Format {
    if json { Format::Json } else { Format::Text }
}

/// `--format` of `export`: a field format or tak (the brief has its own command).
fn field_export_kind(s: &str) -> Result<ExportKind, String> {
    ExportKind::from_name(s)
        .filter(|k| *k != ExportKind::Brief)
        .ok_or_else(|| "expected gpx, kml, geojson, csv or tak".to_string())
}

fn tile_id(s: &str) -> Result<cordon::render::tiles::TileId, String> {
    cordon::render::tiles::TileId::parse(s).map_err(|e| e.to_string())
}

fn zoom_range(s: &str) -> Result<cordon::render::tiles::ZoomRange, String> {
    cordon::render::tiles::ZoomRange::parse(s).map_err(|e| e.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TileFormatArg {
    Png,
    Jpeg,
}

impl From<TileFormatArg> for cordon::export::mbtiles::TileFormat {
    fn from(f: TileFormatArg) -> Self {
        match f {
            TileFormatArg::Png => Self::Png,
            TileFormatArg::Jpeg => Self::Jpeg,
        }
    }
}

pub(crate) fn route_args(r: RouteCli) -> RouteArgs {
    RouteArgs {
        map: r.map,
        from: r.from,
        to: r.to,
        via: r.via,
        profile: r.profile,
        profiles: r.profiles,
        metric: match r.shortest {
            Shortest::Time => Metric::Time,
            Shortest::Distance => Metric::Distance,
        },
        alternatives: r.alternatives,
        avoid: r.avoid,
        format: r.format.into(),
        pairs: r.pairs,
        risk_weight: r.risk_weight,
    }
}

pub(crate) fn venue_args(v: VenueCli) -> commands::risk::VenueArgs {
    commands::risk::VenueArgs {
        map: v.map,
        at: v.at,
        method: v.method,
        scores: v.scores,
        assessor: v.assessor,
        date: v.date,
        notes: v.notes,
        format: json_or_text(v.json),
    }
}

pub(crate) fn risk_args(r: RiskCli) -> commands::risk::RiskArgs {
    let mut points = vec![r.from];
    points.extend(r.via);
    points.push(r.to);
    commands::risk::RiskArgs {
        map: r.map,
        points,
        profile: r.profile,
        risk_weight: r.risk_weight,
        model: r.risk_model,
        avoid: r.avoid,
        format: if r.json {
            Format::Json
        } else {
            r.format.into()
        },
    }
}
