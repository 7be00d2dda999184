//! `tiles`: an MBTiles basemap of a map's area (all of it, a plan's, or a box) in
//! Cordon's own style, for TAK and GIS tools offline.

use super::CommandError;
use super::keys::Keys;
use crate::coord::BBox;
use crate::export::mbtiles::{self, TileFormat, TileSpec};
use crate::render::tiles::ZoomRange;
use std::io::Write;
use std::path::PathBuf;

/// The area to draw.
#[derive(Debug, Clone)]
pub enum TileArea {
    /// The whole map file.
    Map,
    /// A plan's venues, routes, checkpoints and zones, with 500 m around.
    Plan(PathBuf),
    /// A lon/lat box.
    BBox(BBox),
}

/// Arguments of `cordon tiles`.
#[derive(Debug, Clone)]
pub struct TilesArgs {
    /// The .osm.pbf file.
    pub map: PathBuf,
    /// The MBTiles file to write.
    pub output: PathBuf,
    /// What to cover.
    pub area: TileArea,
    /// The zoom levels.
    pub zooms: ZoomRange,
    /// PNG or JPEG tiles.
    pub format: TileFormat,
}

/// Reads `W,S,E,N` (degrees: west, south, east, north).
///
/// # Errors
/// A usage error naming what is wrong.
pub fn parse_bbox(text: &str) -> Result<BBox, CommandError> {
    let bad = |why: &str| {
        CommandError::Usage(format!(
            "--bbox '{text}': {why}; give WEST,SOUTH,EAST,NORTH in degrees, e.g. 7.40,43.72,7.44,43.75"
        ))
    };
    let v: Vec<f64> = text
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("not four numbers"))?;
    let [w, s, e, n] = v.as_slice() else {
        return Err(bad("not four numbers"));
    };
    let lon_ok = |x: &f64| (-180.0..=180.0).contains(x);
    let lat_ok = |x: &f64| (-90.0..=90.0).contains(x);
    if !(lon_ok(w) && lon_ok(e) && lat_ok(s) && lat_ok(n)) {
        return Err(bad(
            "longitudes must be -180 to 180 and latitudes -90 to 90",
        ));
    }
    if w >= e || s >= n {
        return Err(bad("west must be less than east and south less than north"));
    }
    Ok(BBox {
        min_lon: *w,
        min_lat: *s,
        max_lon: *e,
        max_lat: *n,
    })
}

/// Draws the tiles and writes the MBTiles file atomically.
///
/// # Errors
/// Map, plan, tile and file errors.
pub fn tiles(out: &mut dyn Write, keys: &mut Keys, a: &TilesArgs) -> Result<(), CommandError> {
    let t = std::time::Instant::now();
    let map = crate::osm::read(&a.map)?;
    let (area, name) = match &a.area {
        TileArea::Map => (map.extent(), map_name(&a.map)),
        TileArea::BBox(b) => (*b, map_name(&a.map)),
        TileArea::Plan(path) => {
            let (p, _) = keys.load(path)?;
            let all: Vec<_> = p.movements.iter().collect();
            let area = crate::export::area(&p, &all);
            if area.is_empty() {
                return Err(CommandError::Usage(format!(
                    "{} has no venues or routes to take an area from",
                    path.display()
                )));
            }
            (area, p.name.clone())
        }
    };
    let spec = TileSpec {
        area,
        zooms: a.zooms,
        format: a.format,
        name,
    };
    let (data, stats) = mbtiles::mbtiles(&map, &spec)?;
    crate::atomic::write(&a.output, &data, crate::atomic::Backup::None)?;
    writeln!(
        out,
        "wrote {} ({} tiles, zoom {}-{}, {} KB in {:.1} s)",
        a.output.display(),
        stats.tiles,
        a.zooms.min,
        a.zooms.max,
        stats.bytes / 1024,
        t.elapsed().as_secs_f64()
    )?;
    Ok(())
}

fn map_name(path: &std::path::Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("map")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_read_or_refused_with_the_reason() {
        let b = parse_bbox("7.40, 43.72,7.44,43.75").expect("a box");
        assert_eq!(b.to_array(), [7.40, 43.72, 7.44, 43.75]);
        for (bad, why) in [
            ("7.4,43.7,7.44", "four numbers"),
            ("a,b,c,d", "four numbers"),
            ("7.44,43.72,7.40,43.75", "west must be less"),
            ("7.4,-95,7.5,43", "latitudes"),
            ("nan,43,7.5,44", "longitudes"),
        ] {
            let e = parse_bbox(bad).expect_err(bad).to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
