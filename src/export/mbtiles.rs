//! Offline basemap tiles as an MBTiles 1.3 file (an SQLite database of PNG or JPEG
//! tiles in TMS row order, with metadata), for TAK and GIS tools that need the area's
//! map without a network. The tiles are Cordon's own style, drawn from the loaded map
//! ([`crate::render::tiles`]); the credit travels in the `attribution` metadata.
//!
//! SQLite is written through `rusqlite` (bundled SQLite) into an in-memory database
//! and serialised, so the file goes to disk through the one atomic writer like every
//! other export.

use crate::coord::BBox;
use crate::map::Map;
use crate::render::style::CREDIT;
use crate::render::tiles::{self, TileId, ZoomRange};
use rayon::prelude::*;
use rusqlite::{Connection, MAIN_DB, params};

/// The most tiles one file may hold. The file is built in memory (tiles, then the
/// SQLite image, then its copy: about five times the file at the peak, 390 MB for a
/// 76 MB file of 13,340 tiles), so 50,000 tiles (some 300 MB of PNG, under 2 GB at the
/// peak, a couple of minutes on two cores) is the cap; a larger area or zoom range is
/// refused before any work.
pub const MAX_TILES: u64 = 50_000;

/// How tiles are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TileFormat {
    /// Lossless PNG (the default: sharp lines and text-free flat colours compress well).
    #[default]
    Png,
    /// JPEG at quality 85 (smaller for dense areas; what some older viewers want).
    Jpeg,
}

impl TileFormat {
    /// The MBTiles `format` metadata value.
    pub fn key(self) -> &'static str {
        match self {
            TileFormat::Png => "png",
            TileFormat::Jpeg => "jpg",
        }
    }
}

/// What to put in a tile set.
#[derive(Debug, Clone, PartialEq)]
pub struct TileSpec {
    /// The area (lon/lat); every tile touching it is drawn.
    pub area: BBox,
    /// The zoom levels.
    pub zooms: ZoomRange,
    /// PNG or JPEG.
    pub format: TileFormat,
    /// The set's name (the plan's or the map's).
    pub name: String,
}

/// What went into a tile set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileStats {
    /// Tiles written.
    pub tiles: usize,
    /// Bytes of the file.
    pub bytes: usize,
}

/// Why a tile set could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MbtilesError {
    /// The area is empty or does not overlap the map.
    #[error("the tile area {0} does not overlap the map")]
    NoArea(String),
    /// Too many tiles asked for.
    #[error(
        "{count} tiles is more than one file may hold ({MAX_TILES}): choose a smaller area or fewer zoom levels"
    )]
    TooMany {
        /// Tiles the request covers.
        count: u64,
    },
    /// A tile could not be drawn or encoded.
    #[error("tile {tile} could not be drawn: {message}")]
    Tile {
        /// Which.
        tile: TileId,
        /// Why.
        message: String,
    },
    /// SQLite failed.
    #[error("cannot build the MBTiles database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Draws the tiles of `spec` from `map` and returns the MBTiles file's bytes.
///
/// # Errors
/// [`MbtilesError::NoArea`], [`MbtilesError::TooMany`], and drawing or SQLite errors.
pub fn mbtiles(map: &Map, spec: &TileSpec) -> Result<(Vec<u8>, TileStats), MbtilesError> {
    let extent = map.extent();
    let area = clipped(spec.area, extent).ok_or_else(|| {
        let b = |x: BBox| {
            format!(
                "{:.5},{:.5},{:.5},{:.5}",
                x.min_lon, x.min_lat, x.max_lon, x.max_lat
            )
        };
        MbtilesError::NoArea(format!(
            "{} (W,S,E,N); the map covers {}",
            b(spec.area),
            b(extent)
        ))
    })?;
    let count = tiles::count_covering(area, spec.zooms);
    if count > MAX_TILES {
        return Err(MbtilesError::TooMany { count });
    }
    let ids = tiles::covering(area, spec.zooms);
    let drawn: Vec<(TileId, Vec<u8>)> = ids
        .par_iter()
        .map(|&t| Ok((t, encoded(map, t, spec.format)?)))
        .collect::<Result<_, MbtilesError>>()?;
    let db = database(spec, area, &drawn)?;
    let stats = TileStats {
        tiles: drawn.len(),
        bytes: db.len(),
    };
    Ok((db, stats))
}

/// The part of `a` inside `b`, or `None` when they do not overlap.
fn clipped(a: BBox, b: BBox) -> Option<BBox> {
    let c = BBox {
        min_lon: a.min_lon.max(b.min_lon),
        min_lat: a.min_lat.max(b.min_lat),
        max_lon: a.max_lon.min(b.max_lon),
        max_lat: a.max_lat.min(b.max_lat),
    };
    (c.min_lon < c.max_lon && c.min_lat < c.max_lat).then_some(c)
}

/// One tile drawn and encoded.
fn encoded(map: &Map, t: TileId, format: TileFormat) -> Result<Vec<u8>, MbtilesError> {
    let fail = |message: String| MbtilesError::Tile { tile: t, message };
    let pm = tiles::render_tile(map, t).ok_or_else(|| fail("no pixmap".into()))?;
    match format {
        TileFormat::Png => pm.encode_png().map_err(|e| fail(e.to_string())),
        TileFormat::Jpeg => {
            // Tiles are opaque, so premultiplied colour is the colour.
            let rgb: Vec<u8> = pm
                .pixels()
                .iter()
                .flat_map(|p| [p.red(), p.green(), p.blue()])
                .collect();
            let mut out = Vec::new();
            let side = tiles::TILE_PX as u16;
            jpeg_encoder::Encoder::new(&mut out, 85)
                .encode(&rgb, side, side, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| fail(e.to_string()))?;
            Ok(out)
        }
    }
}

/// The MBTiles 1.3 database: `metadata` and `tiles` tables, rows in TMS order.
fn database(
    spec: &TileSpec,
    area: BBox,
    drawn: &[(TileId, Vec<u8>)],
) -> Result<Vec<u8>, MbtilesError> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
         CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);",
    )?;
    let tx = conn.transaction()?;
    for (name, value) in metadata(spec, area) {
        tx.execute(
            "INSERT INTO metadata (name, value) VALUES (?1, ?2)",
            params![name, value],
        )?;
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (t, data) in drawn {
            insert.execute(params![t.z, t.x, t.tms_row(), data])?;
        }
    }
    tx.commit()?;
    let data = conn.serialize(MAIN_DB)?;
    Ok(data.to_vec())
}

/// The metadata rows MBTiles 1.3 asks for, and the credit.
fn metadata(spec: &TileSpec, area: BBox) -> Vec<(&'static str, String)> {
    let centre_zoom = spec.zooms.min.max(spec.zooms.max.saturating_sub(2));
    vec![
        ("name", spec.name.clone()),
        ("format", spec.format.key().to_string()),
        (
            "bounds",
            format!(
                "{:.6},{:.6},{:.6},{:.6}",
                area.min_lon, area.min_lat, area.max_lon, area.max_lat
            ),
        ),
        (
            "center",
            format!(
                "{:.6},{:.6},{centre_zoom}",
                (area.min_lon + area.max_lon) / 2.0,
                (area.min_lat + area.max_lat) / 2.0
            ),
        ),
        ("minzoom", spec.zooms.min.to_string()),
        ("maxzoom", spec.zooms.max.to_string()),
        ("attribution", CREDIT.to_string()),
        (
            "description",
            format!("Basemap drawn by Cordon from OpenStreetMap data ({CREDIT}, ODbL)"),
        ),
        ("type", "baselayer".to_string()),
        ("version", "1.0".to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_off_the_map_are_clipped_or_refused() {
        let map = BBox {
            min_lon: 7.0,
            min_lat: 43.0,
            max_lon: 8.0,
            max_lat: 44.0,
        };
        let inside = BBox {
            min_lon: 7.5,
            min_lat: 43.5,
            max_lon: 9.0,
            max_lat: 43.6,
        };
        let c = clipped(inside, map).expect("overlaps");
        assert_eq!(c.max_lon, 8.0);
        let outside = BBox {
            min_lon: 9.0,
            min_lat: 43.0,
            max_lon: 9.5,
            max_lat: 44.0,
        };
        assert!(clipped(outside, map).is_none());
    }

    #[test]
    fn the_metadata_names_the_credit_bounds_and_zooms() {
        let spec = TileSpec {
            area: BBox {
                min_lon: 7.4,
                min_lat: 43.7,
                max_lon: 7.45,
                max_lat: 43.75,
            },
            zooms: ZoomRange { min: 12, max: 17 },
            format: TileFormat::Png,
            name: "t".into(),
        };
        let m = metadata(&spec, spec.area);
        let get = |k: &str| m.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
        assert_eq!(get("attribution").as_deref(), Some(CREDIT));
        assert_eq!(
            get("bounds").as_deref(),
            Some("7.400000,43.700000,7.450000,43.750000")
        );
        assert_eq!(get("minzoom").as_deref(), Some("12"));
        assert_eq!(get("maxzoom").as_deref(), Some("17"));
        assert_eq!(get("format").as_deref(), Some("png"));
    }
}
