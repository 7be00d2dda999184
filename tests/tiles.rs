//! `cordon tiles`: MBTiles basemaps read back by GDAL (`gdalinfo`, Debian's gdal-bin,
//! which `.ci/run` installs) and by SQLite, and a tile compared pixel by pixel with
//! `cordon render --tile` of the same tile, found by the slippy-map formula.

mod common;

use common::cordon;
use std::path::Path;
use std::process::Command;

const SAMPLE: &str = "plans/monaco-state-visit.ron";
const MAP: &str = "maps/monaco.osm.pbf";

fn run_ok(args: &[&str]) -> String {
    let out = cordon(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn metadata(db: &Path) -> std::collections::BTreeMap<String, String> {
    let conn = rusqlite::Connection::open(db).expect("open mbtiles");
    let mut st = conn
        .prepare("SELECT name, value FROM metadata")
        .expect("metadata table");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// The slippy-map tile of (lon, lat) at zoom z, as OpenStreetMap's wiki writes it.
fn slippy(lon: f64, lat: f64, z: u32) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor() as u32;
    let r = lat.to_radians();
    let y = ((1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor();
    (x, y as u32)
}

fn gdalinfo(db: &Path) -> Option<String> {
    match Command::new("gdalinfo").arg(db).output() {
        Ok(o) => {
            assert!(
                o.status.success(),
                "gdalinfo: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            Some(String::from_utf8_lossy(&o.stdout).to_string())
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "gdalinfo is missing in CI: {e}"
            );
            eprintln!("note: gdalinfo not installed, skipping (apt-get install gdal-bin)");
            None
        }
    }
}

/// `Upper Left  (  824788.928, 5426259.241) (...)`: the Web Mercator corner, as lon/lat.
fn corner(info: &str, label: &str) -> (f64, f64) {
    let line = info
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no '{label}' in gdalinfo: {info}"));
    let inner = line
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(a, _)| a)
        .expect("coordinates");
    let (a, b) = inner.split_once(',').expect("two numbers");
    let (x, y): (f64, f64) = (a.trim().parse().expect("x"), b.trim().parse().expect("y"));
    let r = 6_378_137.0;
    ((x / r).to_degrees(), (y / r).sinh().atan().to_degrees())
}

#[test]
fn a_plans_area_opens_in_gdal_with_its_bounds_zooms_and_credit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("area.mbtiles");
    let report = run_ok(&[
        "tiles",
        MAP,
        "--plan",
        SAMPLE,
        "--zoom",
        "12-16",
        "-o",
        &db.to_string_lossy(),
    ]);
    assert!(report.contains("tiles, zoom 12-16"), "{report}");
    let meta = metadata(&db);
    assert_eq!(meta["format"], "png");
    assert_eq!(meta["minzoom"], "12");
    assert_eq!(meta["maxzoom"], "16");
    assert_eq!(meta["attribution"], "© OpenStreetMap contributors");
    assert_eq!(meta["name"], "Monaco state visit");
    let b: Vec<f64> = meta["bounds"]
        .split(',')
        .map(|v| v.parse().expect("number"))
        .collect();
    // The plan's area: around Monaco, inside the map.
    assert!(
        b[0] > 7.39 && b[2] < 7.45 && b[1] > 43.71 && b[3] < 43.76,
        "{b:?}"
    );
    // Every zoom has tiles, in TMS rows that cover the bounds.
    let conn = rusqlite::Connection::open(&db).expect("open");
    for z in 12..=16u32 {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM tiles WHERE zoom_level = ?1",
                [z],
                |r| r.get(0),
            )
            .expect("count");
        let (x0, y0) = slippy(b[0], b[3], z);
        let (x1, y1) = slippy(b[2], b[1], z);
        assert_eq!(n, i64::from((x1 - x0 + 1) * (y1 - y0 + 1)), "zoom {z}");
    }
    let Some(info) = gdalinfo(&db) else {
        return;
    };
    assert!(info.contains("Driver: MBTiles/MBTiles"), "{info}");
    assert!(info.contains("ZOOM_LEVEL=16"), "{info}");
    assert!(
        info.contains("minzoom=12") && info.contains("maxzoom=16"),
        "{info}"
    );
    assert!(
        info.contains("attribution=© OpenStreetMap contributors"),
        "{info}"
    );
    // Overviews for the levels under 16, each half the one above (GDAL lists them down
    // to about one tile).
    let size: Vec<u32> = info
        .lines()
        .find_map(|l| l.strip_prefix("Size is "))
        .expect("size")
        .split(", ")
        .map(|v| v.trim().parse().expect("number"))
        .collect();
    let overviews: Vec<(u32, u32)> = info
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("Overviews: "))
        .expect("overviews")
        .split(", ")
        .map(|o| {
            let (w, h) = o.split_once('x').expect("WxH");
            (w.parse().expect("w"), h.parse().expect("h"))
        })
        .collect();
    assert!(overviews.len() >= 3, "{info}");
    for (k, (w, h)) in overviews.iter().enumerate() {
        let div = 2u32 << k;
        assert!(
            w.abs_diff(size[0] / div) <= 1 && h.abs_diff(size[1] / div) <= 1,
            "{info}"
        );
    }
    // GDAL's corners are the bounds, to within a zoom-16 pixel (2.4 m at the equator).
    let (w, n) = corner(&info, "Upper Left");
    let (e, s) = corner(&info, "Lower Right");
    let px = 360.0 / f64::from(256u32 << 16);
    for (got, want) in [(w, b[0]), (n, b[3]), (e, b[2]), (s, b[1])] {
        assert!(
            (got - want).abs() < 2.0 * px,
            "gdal {got} vs bounds {want}: {info}"
        );
    }
}

#[test]
fn a_tile_read_back_equals_cordon_render_of_that_tile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("casino.mbtiles");
    // A box around the Casino de Monte-Carlo.
    let (lon, lat) = (7.4277, 43.7393);
    run_ok(&[
        "tiles",
        MAP,
        "--bbox",
        "7.425,43.737,7.430,43.741",
        "--zoom",
        "15-17",
        "-o",
        &db.to_string_lossy(),
    ]);
    let conn = rusqlite::Connection::open(&db).expect("open");
    for z in [15u32, 17] {
        let (x, y) = slippy(lon, lat, z);
        let tms = (1u32 << z) - 1 - y;
        let blob: Vec<u8> = conn
            .query_row(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                [z, x, tms],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("no tile {z}/{x}/{y} (TMS row {tms}): {e}"));
        let png = dir.path().join(format!("render-{z}.png"));
        run_ok(&[
            "render",
            MAP,
            "--tile",
            &format!("{z}/{x}/{y}"),
            "-o",
            &png.to_string_lossy(),
        ]);
        let stored = tiny_skia::Pixmap::decode_png(&blob).expect("tile PNG");
        let rendered =
            tiny_skia::Pixmap::decode_png(&std::fs::read(&png).expect("png")).expect("PNG");
        assert_eq!((stored.width(), stored.height()), (256, 256));
        assert!(
            stored.data() == rendered.data(),
            "tile {z}/{x}/{y} differs from cordon render"
        );
        // Not a blank tile: streets and buildings in several colours.
        let mut colours: Vec<&[u8]> = stored.data().chunks(4).collect();
        colours.sort();
        colours.dedup();
        assert!(
            colours.len() > 20,
            "only {} colours in {z}/{x}/{y}",
            colours.len()
        );
    }
    // The tile beside it is another picture (the rows are not mixed up).
    let (x, y) = slippy(lon, lat, 17);
    let other: Vec<u8> = conn
        .query_row(
            "SELECT tile_data FROM tiles WHERE zoom_level = 17 AND tile_column = ?1 AND tile_row = ?2",
            [x, (1u32 << 17) - 1 - y - 1],
            |r| r.get(0),
        )
        .expect("the tile to the south");
    let here: Vec<u8> = conn
        .query_row(
            "SELECT tile_data FROM tiles WHERE zoom_level = 17 AND tile_column = ?1 AND tile_row = ?2",
            [x, (1u32 << 17) - 1 - y],
            |r| r.get(0),
        )
        .expect("the tile");
    assert_ne!(other, here);
}

#[test]
fn jpeg_tiles_and_bad_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("j.mbtiles");
    let ds = db.to_string_lossy().to_string();
    run_ok(&[
        "tiles",
        MAP,
        "--bbox",
        "7.425,43.737,7.430,43.741",
        "--zoom",
        "14",
        "--format",
        "jpeg",
        "-o",
        &ds,
    ]);
    assert_eq!(metadata(&db)["format"], "jpg");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let blob: Vec<u8> = conn
        .query_row("SELECT tile_data FROM tiles LIMIT 1", [], |r| r.get(0))
        .expect("a tile");
    assert!(blob.starts_with(&[0xFF, 0xD8]), "a JPEG");
    for (args, want) in [
        (vec!["--zoom", "17-12"], "not a zoom range"),
        (
            vec!["--bbox", "8.0,44.0,8.1,44.1"],
            "does not overlap the map",
        ),
        (
            vec!["--bbox", "7.43,43.7,7.42,43.75"],
            "west must be less than east",
        ),
    ] {
        let mut all = vec!["tiles", MAP, "-o", &ds];
        all.extend(args);
        let out = cordon(&all);
        assert_ne!(out.status.code(), Some(0), "{all:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{all:?}: {err}");
        if out.status.code() == Some(1) {
            assert_eq!(err.lines().count(), 1, "one line: {err}");
        }
    }
    let out = cordon(&["render", MAP, "--tile", "3/9/0", "-o", &ds]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a tile"));
}
