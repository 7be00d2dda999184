//! The plan as a TAK data package (ATAK, WinTAK, iTAK): a zip with
//! `MANIFEST/manifest.xml` (MissionPackageManifest version 2) and one CoT file per
//! item: each route (`b-m-r`, checkpoints as waypoints), the havens the routes use and
//! the venues and the log entries (spot markers), the avoid zones (free-form shapes), the brief as an
//! attachment and, when asked, an MBTiles basemap.
//!
//! Every uid is derived from the plan's name and the item's id, so a revised package
//! replaces the items of an earlier one on the device instead of adding copies. The
//! plan's classification marking opens every item's remarks. Routes are in
//! [`routes`], markers (havens, venues, the log) in `markers`, zones in `zones`; this
//! file assembles the package: uids, the brief, the basemap, the manifest, the zip.

pub mod cot;
pub mod links;
mod markers;
mod routes;
mod zones;

use crate::export::brief::{self, BriefError, BriefOptions, Role};
use crate::export::layout::Paper;
use crate::export::mbtiles::{self, MbtilesError, TileFormat, TileSpec};
use crate::map::Map;
use crate::plan::{Movement, Plan, RouteRole};
use crate::render::tiles::ZoomRange;
use cot::Times;
use std::collections::BTreeMap;
use std::io::Write;

/// Days a package's events stay current (`stale`). Every item is archived, so ATAK
/// keeps it on the map after that; the date only orders revisions.
const STALE_DAYS: i64 = 30;

/// What goes into a package besides the plan's items.
#[derive(Debug, Clone, PartialEq)]
pub struct TakOptions {
    /// Who the attached brief is for.
    pub role: Role,
    /// Its paper.
    pub paper: Paper,
    /// Only this movement.
    pub movement: Option<String>,
    /// Include an MBTiles basemap of the plan's area at these zooms.
    pub basemap: Option<ZoomRange>,
}

/// Why a package could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TakError {
    /// The attached brief failed.
    #[error(transparent)]
    Brief(#[from] BriefError),
    /// The basemap failed.
    #[error(transparent)]
    Basemap(#[from] MbtilesError),
    /// Two items would share a uid (ids that differ only in case or punctuation).
    #[error(
        "'{first}' and '{second}' would share the TAK uid {uid}: give one of them an id or name that differs in more than case or punctuation"
    )]
    SameUid {
        /// The uid.
        uid: String,
        /// One item.
        first: String,
        /// The other.
        second: String,
    },
    /// The zip could not be written.
    #[error("cannot write the TAK data package: {0}")]
    Zip(String),
}

impl From<zip::result::ZipError> for TakError {
    fn from(e: zip::result::ZipError) -> TakError {
        TakError::Zip(e.to_string())
    }
}

impl From<std::io::Error> for TakError {
    fn from(e: std::io::Error) -> TakError {
        TakError::Zip(e.to_string())
    }
}

/// One file of the package.
struct Item {
    /// The CoT uid (or, for an attachment, the uid of the item it belongs to).
    uid: Option<String>,
    /// What ATAK lists it as.
    name: String,
    /// Its path in the zip.
    entry: String,
    /// Its bytes.
    data: Vec<u8>,
}

/// The package's bytes for `movements` of `plan`, with events dated `generated`.
///
/// # Errors
/// Brief, basemap and zip errors.
pub fn package(
    plan: &Plan,
    map: &Map,
    movements: &[&Movement],
    opts: &TakOptions,
    generated: time::OffsetDateTime,
) -> Result<Vec<u8>, TakError> {
    let ids = Ids::new(plan);
    let t = Times::at(generated, STALE_DAYS);
    let mut items = Vec::new();
    for m in movements {
        for r in &m.routes {
            items.extend(routes::route_items(plan, m, r, &ids, &t));
        }
    }
    items.extend(markers::haven_items(plan, movements, &ids, &t));
    items.extend(markers::venue_items(plan, movements, &ids, &t));
    items.extend(zones::zone_items(plan, movements, &ids, &t));
    items.extend(markers::log_items(plan, movements, &ids, &t));
    items.push(brief_item(plan, map, movements, opts, &ids)?);
    if let Some(zooms) = opts.basemap {
        items.push(basemap_item(plan, map, movements, zooms, &ids)?);
    }
    let name = match &opts.movement {
        Some(id) => format!("{} ({id})", plan.name),
        None => plan.name.clone(),
    };
    unique(&items)?;
    let uid = ids.package(opts.movement.as_deref());
    zipped(&manifest(&uid, &name, plan, &items), &items)
}

/// Refuses a package where two items would land on one path (and so one uid).
fn unique(items: &[Item]) -> Result<(), TakError> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for it in items {
        if let Some(first) = seen.insert(&it.entry, &it.name) {
            return Err(TakError::SameUid {
                uid: it.uid.clone().unwrap_or_else(|| it.entry.clone()),
                first: first.to_string(),
                second: it.name.clone(),
            });
        }
    }
    Ok(())
}

/// The uids of a plan's items: `cordon.<plan>.<item>`.
struct Ids {
    plan: String,
}

impl Ids {
    fn new(plan: &Plan) -> Ids {
        Ids {
            plan: slug(&plan.name),
        }
    }

    fn package(&self, movement: Option<&str>) -> String {
        match movement {
            Some(m) => format!("cordon.{}.package.{}", self.plan, slug(m)),
            None => format!("cordon.{}.package", self.plan),
        }
    }

    fn route(&self, m: &Movement, role: RouteRole) -> String {
        format!(
            "cordon.{}.{}.{}",
            self.plan,
            slug(&m.id),
            slug(&role.to_string())
        )
    }

    fn item(&self, kind: &str, key: &str) -> String {
        format!("cordon.{}.{kind}.{}", self.plan, slug(key))
    }
}

/// Lower-case ASCII letters, digits and dashes: a uid part and a file name that every
/// TAK client and file system takes.
fn slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".into() } else { out }
}

/// `[MARKING] text`: the classification first in every remark.
fn marked(plan: &Plan, text: &str) -> String {
    let handling = if plan.handling.trim().is_empty() {
        brief::DEFAULT_HANDLING
    } else {
        plan.handling.trim()
    };
    let text = text.trim();
    let stop = if text.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("[{}] {text}{stop} {handling}", plan.classification.trim())
}

fn cot_item(uid: String, name: String, xml: String) -> Item {
    Item {
        entry: format!("{uid}/{uid}.cot"),
        uid: Some(uid),
        name,
        data: xml.into_bytes(),
    }
}

/// The brief for `opts.role`, attached to the first movement's primary route (or its
/// first route) so it opens from the map.
fn brief_item(
    plan: &Plan,
    map: &Map,
    movements: &[&Movement],
    opts: &TakOptions,
    ids: &Ids,
) -> Result<Item, TakError> {
    let pdf = brief::brief(
        plan,
        map,
        &BriefOptions {
            paper: opts.paper,
            movement: opts.movement.clone(),
            role: opts.role,
        },
    )?;
    let owner = movements.iter().find_map(|m| {
        let r = m.route(RouteRole::Primary).or(m.routes.first())?;
        Some(ids.route(m, r.role))
    });
    let file = format!("{}-brief-{}.pdf", slug(&plan.name), opts.role.key());
    let folder = owner
        .clone()
        .unwrap_or_else(|| ids.item("attachment", "brief"));
    Ok(Item {
        entry: format!("{folder}/{file}"),
        uid: owner,
        name: file,
        data: pdf,
    })
}

fn basemap_item(
    plan: &Plan,
    map: &Map,
    movements: &[&Movement],
    zooms: ZoomRange,
    ids: &Ids,
) -> Result<Item, TakError> {
    let spec = TileSpec {
        area: super::area(plan, movements),
        zooms,
        format: TileFormat::Png,
        name: format!("{} basemap", plan.name),
    };
    let (data, _) = mbtiles::mbtiles(map, &spec)?;
    let file = format!("{}-basemap.mbtiles", slug(&plan.name));
    Ok(Item {
        entry: format!("{}/{file}", ids.item("basemap", "tiles")),
        uid: None,
        name: file,
        data,
    })
}

/// `MANIFEST/manifest.xml`.
fn manifest(uid: &str, name: &str, plan: &Plan, items: &[Item]) -> String {
    use cot::esc;
    let mut s = String::from("<MissionPackageManifest version=\"2\">\n  <Configuration>\n");
    let param = |s: &mut String, indent: &str, k: &str, v: &str| {
        s.push_str(&format!(
            "{indent}<Parameter name=\"{k}\" value=\"{}\"/>\n",
            esc(v)
        ));
    };
    param(&mut s, "    ", "uid", uid);
    param(&mut s, "    ", "name", name);
    param(&mut s, "    ", "onReceiveImport", "true");
    param(&mut s, "    ", "onReceiveDelete", "false");
    param(&mut s, "    ", "remarks", &marked(plan, &plan.name));
    s.push_str("  </Configuration>\n  <Contents>\n");
    for it in items {
        s.push_str(&format!(
            "    <Content ignore=\"false\" zipEntry=\"{}\">\n",
            esc(&it.entry)
        ));
        if let Some(u) = &it.uid {
            param(&mut s, "      ", "uid", u);
        }
        param(&mut s, "      ", "name", &it.name);
        s.push_str("    </Content>\n");
    }
    s.push_str("  </Contents>\n</MissionPackageManifest>\n");
    s
}

fn zipped(manifest: &str, items: &[Item]) -> Result<Vec<u8>, TakError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("MANIFEST/manifest.xml", deflated)?;
    zip.write_all(manifest.as_bytes())?;
    for it in items {
        // PNG tiles and PDF streams are compressed already.
        let stored = it.entry.ends_with(".mbtiles") || it.entry.ends_with(".pdf");
        let o = if stored {
            deflated.compression_method(zip::CompressionMethod::Stored)
        } else {
            deflated
        };
        zip.start_file(it.entry.as_str(), o)?;
        zip.write_all(&it.data)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Monaco state visit"), "monaco-state-visit");
        assert_eq!(slug("Hôtel de Paris — arrivée"), "hotel-de-paris-arrivee");
        assert_eq!(slug("  --  "), "x");
        assert_eq!(slug("alternate 1"), "alternate-1");
    }
}
