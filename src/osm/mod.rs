//! Reading an OpenStreetMap `.osm.pbf` file into a [`Map`].
//!
//! One parallel pass decodes every blob into per-blob chunks ([`scan`]); the build step
//! sorts the nodes by id and joins ways, relations and nodes in memory ([`build`]), so
//! files with blocks in any order load the same. Clipped files whose ways reference
//! missing nodes load with those ways split or trimmed, and the damage counted in
//! [`crate::map::LoadStats`].

mod access;
mod build;
mod multipolygon;
pub mod pbf;
mod scan;
pub mod tags;

use crate::map::Map;
use std::path::{Path, PathBuf};

/// Why a map file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path is a directory.
    #[error("{} is a directory, not an .osm.pbf file", path.display())]
    IsDirectory {
        /// The path.
        path: PathBuf,
    },
    /// The file has no bytes.
    #[error("{} is empty (0 bytes), not an .osm.pbf file", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The bytes are not a readable OSM PBF file.
    #[error("{} is not a valid .osm.pbf file: {reason}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What went wrong, in words.
        reason: String,
    },
    /// The header asks for features this reader does not implement.
    #[error("{} needs features Cordon does not support: {}", path.display(), features.join(", "))]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The `required_features` not understood.
        features: Vec<String>,
    },
}

/// Loads a `.osm.pbf` file into a routable [`Map`].
///
/// # Errors
/// [`Error::Io`], [`Error::IsDirectory`] and [`Error::Empty`] for files that cannot be
/// read; [`Error::Corrupt`] for truncated or garbled data, including data that made the
/// decoder fail; [`Error::Unsupported`] for files that need features such as history.
pub fn read(path: impl AsRef<Path>) -> Result<Map, Error> {
    let path = path.as_ref();
    check_file(path)?;
    let scanned = std::panic::catch_unwind(|| scan::scan(path)).map_err(|_| Error::Corrupt {
        path: path.to_path_buf(),
        reason: "the decoder failed on malformed data".into(),
    })?;
    let scanned = scanned.map_err(|e| corrupt(path, &e))?;
    if !scanned.header_seen {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            reason: "no OSMHeader block".into(),
        });
    }
    if !scanned.unsupported_features.is_empty() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            features: scanned.unsupported_features,
        });
    }
    Ok(build::build(scanned))
}

fn check_file(path: &Path) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if !meta.is_file() {
        // A device or pipe: reading it would never end, or never begin.
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("it is a device, pipe or socket, not an .osm.pbf file"),
        });
    }
    if meta.len() == 0 {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn corrupt(path: &Path, e: &pbf::PbfError) -> Error {
    if let pbf::PbfError::Io(source) = e {
        return Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(source.kind(), source.to_string()),
        };
    }
    Error::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Small hand-built maps for unit tests, made through the same tag rules and build
/// step as real files.
#[cfg(test)]
pub(crate) mod testing {
    use super::scan::{self, Chunk, Member, RawRelation, RelationKind, Role};
    use crate::coord::BBox;
    use crate::map::Map;

    /// A node: id, lon, lat, tags.
    pub type N<'a> = (i64, f64, f64, &'a [(&'a str, &'a str)]);
    /// A way: id, node ids, tags.
    pub type W<'a> = (i64, &'a [i64], &'a [(&'a str, &'a str)]);

    /// A turn restriction: relation id, `restriction=*` value, from way, via node, to way.
    pub type R<'a> = (i64, &'a str, i64, i64, i64);

    /// Builds a map from nodes and ways.
    pub fn map(nodes: &[N], ways: &[W]) -> Map {
        map_with(nodes, ways, &[], None)
    }

    /// Builds a map from nodes, ways and turn restrictions, with the header box the
    /// file would declare.
    pub fn map_with(nodes: &[N], ways: &[W], restrictions: &[R], header: Option<BBox>) -> Map {
        let mut c = Chunk {
            way_ref_start: vec![0],
            ..Chunk::default()
        };
        for (id, lon, lat, tags) in nodes {
            scan::add_node(
                &mut c,
                *id,
                geo::Coord { x: *lon, y: *lat },
                &super::tags::Tags(tags.to_vec()),
            );
        }
        for (id, refs, tags) in ways {
            scan::add_way(
                &mut c,
                *id,
                refs.iter().copied(),
                &super::tags::Tags(tags.to_vec()),
            );
        }
        for &(id, value, from, via, to) in restrictions {
            let t = super::tags::Tags(vec![("type", "restriction"), ("restriction", value)]);
            let (kind, value) = super::tags::restriction(&t).expect("a restriction value");
            let member = |id, role, is_way| Member {
                is_way,
                is_node: !is_way,
                id,
                role,
            };
            c.relations.push(RawRelation {
                id,
                kind: RelationKind::Restriction { kind, value },
                members: vec![
                    member(from, Role::From, true),
                    member(via, Role::Via, false),
                    member(to, Role::To, true),
                ],
            });
            c.relation_count += 1;
        }
        let scan = scan::Scan {
            chunks: vec![c],
            header_seen: true,
            header_bbox: header,
            ..scan::Scan::default()
        };
        super::build::build(scan)
    }
}
