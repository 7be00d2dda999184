//! `render`: a PNG of the map, optionally with a planned route and its risk on top.

use super::route::profile;
use super::{CommandError, load};
use crate::map::{PlaceKind, resolve_point};
use crate::render::{
    Marker, Overlay, OverlayRoute, RenderOptions, RouteKind, View, render as draw,
};
use crate::risk::{RiskContext, RiskModel};
use crate::routing::{HospitalPolicy, RouteOptions, Router};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `cordon render`.
#[derive(Debug, Clone)]
pub struct RenderArgs {
    /// The map.
    pub map: PathBuf,
    /// Output PNG.
    pub output: PathBuf,
    /// Route origin and destination (both or neither).
    pub route: Option<(String, String)>,
    /// Image size in pixels.
    pub size: (u32, u32),
    /// Draw exactly this basemap tile instead (256 x 256, as `cordon tiles` does).
    pub tile: Option<crate::render::tiles::TileId>,
}

/// Renders the map's extent (or the route's surroundings) to a PNG.
///
/// # Errors
/// Map, routing and file errors.
pub fn render(out: &mut dyn Write, a: &RenderArgs) -> Result<(), CommandError> {
    let (map, _) = load(&a.map)?;
    if let Some(t) = a.tile {
        let pm = crate::render::tiles::render_tile(&map, t)
            .ok_or_else(|| CommandError::Png(format!("tile {t} could not be drawn")))?;
        write_png(&pm, &a.output)?;
        writeln!(out, "wrote {} (tile {t}, 256x256)", a.output.display())?;
        return Ok(());
    }
    let mut overlay = Overlay::default();
    let mut bbox = map.extent();
    if let Some((from, to)) = &a.route {
        let pts = [resolve_point(&map, from)?.0, resolve_point(&map, to)?.0];
        let router = Router::new(&map, profile("car", None)?);
        let set = router.alternatives(&pts, &RouteOptions::default(), 2)?;
        let ctx = RiskContext::new(router, RiskModel::builtin()?, HospitalPolicy::default());
        let risk = ctx.assess(
            &set.primary,
            &set.alternates.iter().map(|a| &a.route).collect::<Vec<_>>(),
        );
        let mut b = crate::coord::BBox::EMPTY;
        for c in &set.primary.geometry.0 {
            b.extend(*c);
        }
        bbox = b.grown_m(300.0);
        overlay.routes.push(OverlayRoute {
            kind: RouteKind::Primary,
            line: set.primary.geometry.0.clone(),
        });
        for alt in &set.alternates {
            overlay.routes.push(OverlayRoute {
                kind: RouteKind::Alternate,
                line: alt.route.geometry.0.clone(),
            });
        }
        overlay.chokes = risk
            .choke_points
            .iter()
            .map(|c| (c.location, c.score, c.priority))
            .collect();
        overlay.checkpoints = set
            .primary
            .snapped
            .iter()
            .enumerate()
            .map(|(i, p)| Marker {
                label: (i + 1).to_string(),
                at: *p,
                fill: None,
            })
            .collect();
    }
    overlay.havens = map
        .places()
        .iter()
        .filter(|p| PlaceKind::HAVENS.contains(&p.kind) && bbox.contains(p.location))
        .map(|p| (p.location, p.kind))
        .collect();
    let view = View::fit(bbox, a.size.0, a.size.1, 20.0);
    let pm = draw(
        &map,
        &view,
        &overlay,
        RenderOptions {
            scale: (a.size.0 as f32 / 1000.0).max(1.0),
            legend: true,
        },
    )
    .ok_or_else(|| {
        CommandError::Usage(format!(
            "{}x{} pixels is too large an image",
            a.size.0, a.size.1
        ))
    })?;
    write_png(&pm, &a.output)?;
    writeln!(
        out,
        "wrote {} ({}x{})",
        a.output.display(),
        a.size.0,
        a.size.1
    )?;
    Ok(())
}

/// Writes a pixmap as PNG.
///
/// # Errors
/// File errors.
pub fn write_png(pm: &tiny_skia::Pixmap, path: &Path) -> Result<(), CommandError> {
    let bytes = pm
        .encode_png()
        .map_err(|e| CommandError::Png(e.to_string()))?;
    crate::atomic::write(path, &bytes, crate::atomic::Backup::None)?;
    Ok(())
}
