//! Basemap tiles: the Web Mercator tile grid (XYZ addressing, 256-pixel tiles, as
//! OpenStreetMap, TAK and GIS tools use it) and Cordon's own style drawn into tiles.

use super::raster::render_base;
use super::view::View;
use crate::coord::{self, BBox, MERCATOR_RADIUS_M};
use crate::map::Map;
use geo::Coord;
use tiny_skia::Pixmap;

/// Pixels along a tile's side.
pub const TILE_PX: u32 = 256;

/// The deepest zoom Cordon renders (about 0.6 m a pixel at the equator).
pub const MAX_ZOOM: u8 = 20;

/// Half the Web Mercator world's width, metres.
const HALF_WORLD_M: f64 = std::f64::consts::PI * MERCATOR_RADIUS_M;

/// A tile in XYZ addressing: zoom, column from the west, row from the north.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TileId {
    /// Zoom level (0: one tile for the world).
    pub z: u8,
    /// Column, 0 at 180° W.
    pub x: u32,
    /// Row, 0 at the north edge (MBTiles stores `2^z - 1 - y`, the TMS row).
    pub y: u32,
}

/// Why a tile reference or zoom range could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    /// Not `Z/X/Y` with numbers in range.
    #[error(
        "'{0}' is not a tile: give Z/X/Y with zoom 0 to {MAX_ZOOM} and X, Y below 2^Z (e.g. 15/17059/11948)"
    )]
    BadTile(String),
    /// Not `A-B` or `A` with zooms in range and A ≤ B.
    #[error("'{0}' is not a zoom range: give A-B with 0 ≤ A ≤ B ≤ {MAX_ZOOM} (e.g. 12-17)")]
    BadZoom(String),
}

impl TileId {
    /// Tiles along each side of the world at zoom `z`.
    pub fn side(z: u8) -> u32 {
        1u32 << z
    }

    /// Reads `Z/X/Y`.
    ///
    /// # Errors
    /// [`TileError::BadTile`] when it is not three numbers in range.
    pub fn parse(text: &str) -> Result<TileId, TileError> {
        let bad = || TileError::BadTile(text.to_string());
        let parts: Vec<&str> = text.trim().split('/').collect();
        let [z, x, y] = parts.as_slice() else {
            return Err(bad());
        };
        let z: u8 = z.parse().map_err(|_| bad())?;
        let (x, y): (u32, u32) = (x.parse().map_err(|_| bad())?, y.parse().map_err(|_| bad())?);
        if z > MAX_ZOOM || x >= Self::side(z) || y >= Self::side(z) {
            return Err(bad());
        }
        Ok(TileId { z, x, y })
    }

    /// The MBTiles (TMS) row: counted from the south.
    pub fn tms_row(self) -> u32 {
        Self::side(self.z) - 1 - self.y
    }

    /// A tile's side in Web Mercator metres at zoom `z`.
    fn side_m(z: u8) -> f64 {
        2.0 * HALF_WORLD_M / f64::from(Self::side(z))
    }

    /// The view that draws exactly this tile at 256 x 256 pixels.
    pub fn view(self) -> View {
        let s = Self::side_m(self.z);
        View {
            center: [
                -HALF_WORLD_M + (f64::from(self.x) + 0.5) * s,
                HALF_WORLD_M - (f64::from(self.y) + 0.5) * s,
            ],
            m_per_px: s / f64::from(TILE_PX),
            width: TILE_PX,
            height: TILE_PX,
        }
    }

    /// The lon/lat box the tile covers.
    pub fn bbox(self) -> BBox {
        self.view().bbox()
    }

    /// The tile at zoom `z` that holds `c` (lon/lat; latitudes beyond Web Mercator's
    /// ±85.05° fall in the edge row).
    pub fn containing(c: Coord<f64>, z: u8) -> TileId {
        let m = coord::mercator_from_lonlat(c);
        let s = Self::side_m(z);
        let last = f64::from(Self::side(z) - 1);
        let col = ((m[0] + HALF_WORLD_M) / s).floor().clamp(0.0, last);
        let row = ((HALF_WORLD_M - m[1]) / s).floor().clamp(0.0, last);
        TileId {
            z,
            x: col as u32,
            y: row as u32,
        }
    }
}

impl std::fmt::Display for TileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.z, self.x, self.y)
    }
}

/// A range of zoom levels, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoomRange {
    /// The least detailed level.
    pub min: u8,
    /// The most detailed level.
    pub max: u8,
}

impl ZoomRange {
    /// Reads `A-B` (or one level `A`).
    ///
    /// # Errors
    /// [`TileError::BadZoom`] when the levels are not numbers, out of range or reversed.
    pub fn parse(text: &str) -> Result<ZoomRange, TileError> {
        let bad = || TileError::BadZoom(text.to_string());
        let (a, b) = match text.trim().split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (text.trim(), text.trim()),
        };
        let min: u8 = a.parse().map_err(|_| bad())?;
        let max: u8 = b.parse().map_err(|_| bad())?;
        if min > max || max > MAX_ZOOM {
            return Err(bad());
        }
        Ok(ZoomRange { min, max })
    }

    /// The levels, least detailed first.
    pub fn levels(self) -> impl Iterator<Item = u8> {
        self.min..=self.max
    }
}

/// The north-west and south-east tiles of `area` at zoom `z`.
fn corners(area: BBox, z: u8) -> (TileId, TileId) {
    let nw = Coord {
        x: area.min_lon,
        y: area.max_lat,
    };
    let se = Coord {
        x: area.max_lon,
        y: area.min_lat,
    };
    (TileId::containing(nw, z), TileId::containing(se, z))
}

/// Every tile of `zooms` that `area` touches, by zoom, then row, then column.
pub fn covering(area: BBox, zooms: ZoomRange) -> Vec<TileId> {
    let mut out = Vec::new();
    if area.is_empty() {
        return out;
    }
    for z in zooms.levels() {
        let (nw, se) = corners(area, z);
        for y in nw.y..=se.y {
            for x in nw.x..=se.x {
                out.push(TileId { z, x, y });
            }
        }
    }
    out
}

/// How many tiles [`covering`] would give, without listing them (to refuse a request
/// that would take hours before starting it).
pub fn count_covering(area: BBox, zooms: ZoomRange) -> u64 {
    if area.is_empty() {
        return 0;
    }
    zooms
        .levels()
        .map(|z| {
            let (nw, se) = corners(area, z);
            u64::from(se.x - nw.x + 1) * u64::from(se.y - nw.y + 1)
        })
        .sum()
}

/// Draws one tile of the base map in Cordon's style (no overlay, legend or credit:
/// the tile set carries the credit in its metadata). The tile is cut from a picture of
/// it and its eight neighbours, so the sea is filled from the coastline around the tile
/// and not only the bit inside it: neighbouring tiles then agree at their edges.
pub fn render_tile(map: &Map, tile: TileId) -> Option<Pixmap> {
    let mut wide = tile.view();
    wide.width = 3 * TILE_PX;
    wide.height = 3 * TILE_PX;
    let big = render_base(map, &wide, 1.0)?;
    let rect = tiny_skia::IntRect::from_xywh(TILE_PX as i32, TILE_PX as i32, TILE_PX, TILE_PX)?;
    big.clone_rect(rect)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slippy-map formulas as OpenStreetMap's wiki gives them, written apart from
    /// the code under test.
    fn slippy(lon: f64, lat: f64, z: u8) -> (u32, u32) {
        let n = f64::from(1u32 << z);
        let x = ((lon + 180.0) / 360.0 * n).floor();
        let r = lat.to_radians();
        let y = ((1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor();
        (x as u32, y as u32)
    }

    #[test]
    fn tiles_agree_with_the_slippy_map_formulas() {
        for (lon, lat) in [
            (7.4246, 43.7384),
            (-77.05, 38.84),
            (151.2, -33.86),
            (0.001, 0.001),
        ] {
            for z in [0u8, 5, 12, 15, 17, 20] {
                let t = TileId::containing(Coord { x: lon, y: lat }, z);
                assert_eq!((t.x, t.y), slippy(lon, lat, z), "{lon},{lat} at {z}");
                let b = t.bbox();
                assert!(b.min_lon <= lon && lon <= b.max_lon, "{b:?}");
                assert!(b.min_lat <= lat && lat <= b.max_lat, "{b:?}");
            }
        }
    }

    #[test]
    fn the_tms_row_counts_from_the_south() {
        let t = TileId { z: 3, x: 1, y: 0 };
        assert_eq!(t.tms_row(), 7);
        assert_eq!(TileId { z: 0, x: 0, y: 0 }.tms_row(), 0);
        let b = TileId { z: 0, x: 0, y: 0 }.bbox();
        assert!((b.min_lon + 180.0).abs() < 1e-9 && (b.max_lat - 85.051_128_78).abs() < 1e-6);
    }

    #[test]
    fn references_and_ranges_are_read_or_refused() {
        assert_eq!(
            TileId::parse("15/17059/11948"),
            Ok(TileId {
                z: 15,
                x: 17059,
                y: 11948
            })
        );
        for bad in ["15/17059", "a/b/c", "3/8/0", "21/0/0", "", "1/0/0/0"] {
            assert!(TileId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            ZoomRange::parse("12-17"),
            Ok(ZoomRange { min: 12, max: 17 })
        );
        assert_eq!(ZoomRange::parse("14"), Ok(ZoomRange { min: 14, max: 14 }));
        for bad in ["17-12", "12-21", "x", "-3", ""] {
            assert!(ZoomRange::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_box_is_covered_without_gaps_and_counted_alike() {
        let area = BBox {
            min_lon: 7.40,
            min_lat: 43.72,
            max_lon: 7.44,
            max_lat: 43.75,
        };
        let zooms = ZoomRange { min: 12, max: 16 };
        let tiles = covering(area, zooms);
        assert_eq!(tiles.len() as u64, count_covering(area, zooms));
        for z in zooms.levels() {
            let level: Vec<_> = tiles.iter().filter(|t| t.z == z).collect();
            let union = level.iter().fold(BBox::EMPTY, |b, t| b.union(t.bbox()));
            assert!(union.min_lon <= area.min_lon && union.max_lon >= area.max_lon);
            assert!(union.min_lat <= area.min_lat && union.max_lat >= area.max_lat);
        }
        assert!(covering(BBox::EMPTY, zooms).is_empty());
    }
}
