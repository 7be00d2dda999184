//! The `cordon` command line: dispatch to the library (the arguments are in `cli.rs`).
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod cli;

use anyhow::Result;
use clap::Parser;
use cli::{Cli, Command, PlanCmd, json_or_text, risk_args, route_args, venue_args};
use cordon::commands;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_panics();
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = run(cli, &mut out);
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Library errors already name their cause; `{e}` keeps it to one line. A
            // closed or full stderr must not turn the error into an abort.
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A panic is a bug, but the user still gets one line, not a backtrace.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(std::io::stderr(), "error: internal error: {info}");
    }));
}

#[cfg(feature = "gui")]
fn gui(map: Option<PathBuf>, plan: Option<PathBuf>) -> Result<()> {
    cordon::app::run(map, plan).map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

#[cfg(not(feature = "gui"))]
fn gui(_map: Option<PathBuf>, _plan: Option<PathBuf>) -> Result<()> {
    anyhow::bail!("this cordon was built without the desktop app (cargo feature `gui`)")
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let mut keys = commands::keys::Keys::new(cli.passphrase_file);
    let command = cli.command.unwrap_or(Command::Gui {
        map: None,
        plan: None,
    });
    match command {
        Command::Gui { map, plan } => gui(map, plan)?,
        Command::Inspect { map, json } => commands::map::inspect(out, &map, json_or_text(json))?,
        Command::Find {
            map,
            query,
            limit,
            json,
        } => commands::map::find(out, &map, &query, limit, json_or_text(json))?,
        Command::Havens {
            map,
            at,
            limit,
            by,
            json,
        } => commands::map::havens(out, &map, &at, limit, by.into(), json_or_text(json))?,
        Command::Route(r) => commands::route::route(out, &mut std::io::stderr(), &route_args(r))?,
        Command::Risk(r) => commands::risk::risk(out, &risk_args(r))?,
        Command::Plan(p) => plan(out, &mut keys, p)?,
        Command::Export {
            plan,
            format,
            output,
            movement,
            role,
            paper,
            basemap,
        } => commands::export::export(
            out,
            &mut keys,
            &plan,
            &commands::export::ExportArgs {
                kind: format,
                output,
                movement,
                role: role.into(),
                paper: paper.into(),
                basemap,
            },
        )?,
        Command::Tiles {
            map,
            output,
            plan,
            bbox,
            zoom,
            format,
        } => commands::tiles::tiles(
            out,
            &mut keys,
            &commands::tiles::TilesArgs {
                map,
                output,
                area: match (plan, bbox) {
                    (Some(p), _) => commands::tiles::TileArea::Plan(p),
                    (None, Some(b)) => {
                        commands::tiles::TileArea::BBox(commands::tiles::parse_bbox(&b)?)
                    }
                    (None, None) => commands::tiles::TileArea::Map,
                },
                zooms: zoom,
                format: format.into(),
            },
        )?,
        Command::Brief {
            plan,
            output,
            movement,
            paper,
            role,
        } => commands::export::brief(
            out,
            &mut keys,
            &plan,
            &output,
            movement,
            paper.into(),
            role.into(),
        )?,
        Command::Render {
            map,
            output,
            from,
            to,
            width,
            height,
            tile,
        } => commands::render::render(
            out,
            &commands::render::RenderArgs {
                map,
                output,
                route: from.zip(to),
                size: (width.clamp(64, 8000), height.clamp(64, 8000)),
                tile,
            },
        )?,
        Command::Venue(v) => commands::risk::venue(out, &venue_args(v))?,
        Command::Reach {
            map,
            at,
            profile,
            minutes,
            stations,
            walk_minutes,
            geojson,
        } => commands::reach::reach(
            out,
            &commands::reach::ReachArgs {
                map: &map,
                at: &at,
                profile: &profile,
                minutes: &minutes,
                stations: stations.min(10),
                walk_minutes,
                format: if geojson {
                    commands::Format::GeoJson
                } else {
                    commands::Format::Text
                },
            },
        )?,
        Command::Emergency {
            map,
            at,
            profile,
            json,
        } => commands::route::emergency(out, &map, &at, &profile, json_or_text(json))?,
    }
    Ok(())
}

fn plan(out: &mut dyn Write, keys: &mut commands::keys::Keys, p: PlanCmd) -> Result<()> {
    use commands::plan as cmd;
    match p {
        PlanCmd::New {
            map,
            name,
            output,
            force,
        } => cmd::new(out, &map, &name, &output, force)?,
        PlanCmd::Check { file } => cmd::check(out, keys, &file)?,
        PlanCmd::Route { file, alternatives } => cmd::route(out, keys, &file, alternatives)?,
        PlanCmd::Schedule { file, json } => cmd::schedule(out, keys, &file, json_or_text(json))?,
        PlanCmd::Show { file } => cmd::show(out, keys, &file)?,
        PlanCmd::Encrypt {
            file,
            output,
            keep_plain,
        } => cmd::encrypt(out, keys, &file, output.as_deref(), keep_plain)?,
        PlanCmd::Decrypt { file, output } => cmd::decrypt(out, keys, &file, output.as_deref())?,
    }
    Ok(())
}
