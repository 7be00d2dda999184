//! Loading and saving plans: RON, pretty and stable; atomic saves with a backup;
//! errors with line and column; refusal of future versions; migration of older ones.

use super::document::{CURRENT_VERSION, Plan};
use super::seal::{self, Passphrase, Protection, SealError};
use crate::atomic::{self, Backup, WriteError};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a plan could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS reason.
        source: std::io::Error,
    },
    /// Malformed RON or a field of the wrong type, at a 1-based line and column.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The file is not a Cordon plan at all (another kind of file, not text, or text
    /// with no plan `version`).
    #[error("not a Cordon plan: {}: {reason}", path.display())]
    NotAPlan {
        /// The file.
        path: PathBuf,
        /// What it looks like instead.
        reason: &'static str,
    },
    /// Written by a newer Cordon.
    #[error("{}: plan format version {found} is newer than this Cordon understands ({CURRENT_VERSION}); open it with a newer Cordon", path.display())]
    FutureVersion {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u32,
    },
    /// The plan could not be saved; the previous file is untouched.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The plan could not be turned into RON.
    #[error("cannot write the plan as RON: {0}")]
    Encode(String),
    /// The plan is encrypted and no passphrase was given.
    #[error("{} is an encrypted plan: it needs its passphrase", path.display())]
    Encrypted {
        /// The file.
        path: PathBuf,
    },
    /// The encrypted plan could not be opened (wrong passphrase, damage) or the plan
    /// could not be encrypted.
    #[error("{}: {source}", path.display())]
    Seal {
        /// The file.
        path: PathBuf,
        /// Why.
        source: SealError,
    },
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

fn syntax(path: &Path, e: &ron::error::SpannedError) -> PlanError {
    PlanError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Reads a plain plan, migrating older versions. An encrypted plan gives
/// [`PlanError::Encrypted`]: open it with [`load_with`].
///
/// # Errors
/// [`PlanError::Io`], [`PlanError::Syntax`] (with line and column),
/// [`PlanError::FutureVersion`], [`PlanError::Encrypted`].
pub fn load(path: &Path) -> Result<Plan, PlanError> {
    load_with(path, None)
}

/// Reads a plan, plain or encrypted (`.ron.age`, opened with `passphrase`), migrating
/// older versions. The decrypted text is wiped from memory once parsed.
///
/// # Errors
/// As [`load`]; [`PlanError::Seal`] for a wrong passphrase or a damaged file.
pub fn load_with(path: &Path, passphrase: Option<&Passphrase>) -> Result<Plan, PlanError> {
    let io = |source| PlanError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = crate::input::read_bytes(path, crate::input::TextKind::Plan).map_err(io)?;
    if !seal::is_sealed(&bytes) && !has_age_extension(path) {
        let text = String::from_utf8(bytes).map_err(|_| PlanError::NotAPlan {
            path: path.to_path_buf(),
            reason: "it is not text",
        })?;
        return parse(&text, path);
    }
    let Some(passphrase) = passphrase else {
        return Err(PlanError::Encrypted {
            path: path.to_path_buf(),
        });
    };
    let sealed = |source| PlanError::Seal {
        path: path.to_path_buf(),
        source,
    };
    let plain = seal::unseal(&bytes, passphrase).map_err(sealed)?;
    let text = std::str::from_utf8(&plain).map_err(|_| PlanError::NotAPlan {
        path: path.to_path_buf(),
        reason: "its decrypted contents are not text",
    })?;
    parse(text, path)
}

/// Whether the file at `path` is an encrypted plan: it starts as age files do, or is
/// named `.age` (so a damaged header is reported as damage, not as "not text").
pub fn is_encrypted(path: &Path) -> bool {
    has_age_extension(path) || starts_sealed(path)
}

/// Whether the file at `path` starts as age files do.
fn starts_sealed(path: &Path) -> bool {
    let mut head = [0u8; 22];
    crate::input::regular_file(path).is_ok()
        && File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok()
        && seal::is_sealed(&head)
}

/// Whether the path ends in `.age`.
pub fn has_age_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("age"))
}

/// Parses plan text; `path` names it in errors.
///
/// # Errors
/// As [`load`].
pub fn parse(text: &str, path: &Path) -> Result<Plan, PlanError> {
    let probe: VersionOnly = ron::from_str(text).map_err(|e| {
        if looks_like_ron_struct(text) {
            syntax(path, &e)
        } else {
            PlanError::NotAPlan {
                path: path.to_path_buf(),
                reason: "it has no plan `version`; Cordon plans are .ron files Cordon saves",
            }
        }
    })?;
    if probe.version > CURRENT_VERSION {
        return Err(PlanError::FutureVersion {
            path: path.to_path_buf(),
            found: probe.version,
        });
    }
    if probe.version < CURRENT_VERSION {
        let migrated = migrate(text, probe.version).map_err(|e| syntax(path, &e))?;
        return ron::from_str(&migrated).map_err(|e| syntax(path, &e));
    }
    ron::from_str(text).map_err(|e| syntax(path, &e))
}

/// Whether `text` starts (after blank and `//` comment lines) as a plan does: with
/// `(`. A damaged plan still does and gets line and column; README.md does not.
fn looks_like_ron_struct(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with('('))
}

/// Brings an older plan's text up to the current version, one step at a time.
///
/// Version 0 is the pre-release draft format: it had no `classification` (now
/// required; migrated plans get "UNCLASSIFIED") and gave dwell times in minutes
/// (`dwell_min: 2`) instead of seconds (`dwell_s: 120.0`). The steps work on the text
/// so that comments and layout survive.
fn migrate(text: &str, from: u32) -> Result<String, ron::error::SpannedError> {
    let mut text = text.to_string();
    if from == 0 {
        text = v0_to_v1(&text);
    }
    if from <= 1 {
        // Version 2 added the advance log, which version 1 plans do not have.
        text = replace_version(&text, 2);
    }
    Ok(text)
}

fn v0_to_v1(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find("dwell_min:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "dwell_min:".len()..];
        let end = after.find([',', ')', '\n']).unwrap_or(after.len());
        let minutes: f64 = after[..end].trim().parse().unwrap_or(0.0);
        out.push_str(&format!("dwell_s: {:?}", minutes * 60.0));
        rest = &after[end..];
    }
    out.push_str(rest);
    let mut text = replace_version(&out, 1);
    if !text.contains("classification:")
        && let Some(open) = text.find("version:")
    {
        text.insert_str(open, "classification: \"UNCLASSIFIED\", ");
    }
    text
}

/// Rewrites the first `version: N` to `version: to`.
fn replace_version(text: &str, to: u32) -> String {
    let Some(i) = text.find("version:") else {
        return text.to_string();
    };
    let after = &text[i + "version:".len()..];
    let digits_start = after.len() - after.trim_start().len();
    let digits_end = digits_start
        + after[digits_start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len() - digits_start);
    format!("{}version: {to}{}", &text[..i], &after[digits_end..])
}

/// The plan as pretty, stable RON (saving the same plan twice gives the same bytes).
///
/// # Errors
/// [`PlanError::Encode`] if serialization fails.
pub fn to_ron(plan: &Plan) -> Result<String, PlanError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false);
    let body =
        ron::ser::to_string_pretty(plan, config).map_err(|e| PlanError::Encode(e.to_string()))?;
    Ok(format!(
        "// Cordon movement plan (format version {CURRENT_VERSION}); see docs/plan-format.md\n{body}\n"
    ))
}

/// Saves atomically through [`crate::atomic::write`]: a temporary file beside `path`,
/// synced, the previous plan kept as `path.bak`, then renamed into place. A failure at
/// any point leaves the previous plan where it was.
///
/// # Errors
/// [`PlanError::Write`] or [`PlanError::Encode`].
pub fn save(plan: &Plan, path: &Path) -> Result<(), PlanError> {
    save_protected(plan, path, &Protection::Plain)
}

/// Saves as [`save`] does, encrypted when `protection` says so. The plan's text is
/// encrypted in memory, so the temporary file, the plan and its backup hold only
/// ciphertext; a plain file being replaced by an encrypted one is not kept as a backup.
///
/// # Errors
/// As [`save`]; [`PlanError::Seal`] if encryption fails.
pub fn save_protected(plan: &Plan, path: &Path, protection: &Protection) -> Result<(), PlanError> {
    save_with_protection(plan, path, protection, &mut |f, bytes| f.write_all(bytes))
}

/// [`save`] with the writing step supplied (tests use it to fail mid-write).
///
/// # Errors
/// As [`save`].
pub fn save_with(
    plan: &Plan,
    path: &Path,
    write: &mut dyn FnMut(&mut File, &[u8]) -> std::io::Result<()>,
) -> Result<(), PlanError> {
    save_with_protection(plan, path, &Protection::Plain, write)
}

/// [`save_protected`] with the writing step supplied.
///
/// # Errors
/// As [`save_protected`].
pub fn save_with_protection(
    plan: &Plan,
    path: &Path,
    protection: &Protection,
    write: &mut dyn FnMut(&mut File, &[u8]) -> std::io::Result<()>,
) -> Result<(), PlanError> {
    let text = zeroize::Zeroizing::new(to_ron(plan)?);
    match protection {
        Protection::Plain => {
            atomic::write_with(path, text.as_bytes(), Backup::Keep, write)?;
        }
        Protection::Passphrase(p) => {
            let bytes = seal::seal(text.as_bytes(), p).map_err(|source| PlanError::Seal {
                path: path.to_path_buf(),
                source,
            })?;
            let backup = if starts_sealed(path) || !path.exists() {
                Backup::Keep
            } else {
                Backup::None
            };
            atomic::write_with(path, &bytes, backup, write)?;
        }
    }
    Ok(())
}

/// SHA-256 of a file, lower-case hex.
///
/// # Errors
/// [`PlanError::Io`] when the file cannot be read.
pub fn file_sha256(path: &Path) -> Result<String, PlanError> {
    // A device or pipe named as the map would be hashed for ever: check first.
    crate::input::regular_file(path).map_err(|source| PlanError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut f = File::open(path).map_err(|source| PlanError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).map_err(|source| PlanError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Where the plan's map file is: its path taken relative to the plan's folder.
pub fn map_path(plan: &Plan, plan_path: &Path) -> PathBuf {
    let p = Path::new(&plan.map.path);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    plan_path.parent().unwrap_or(Path::new(".")).join(p)
}

/// `map` written relative to the folder `plan_path` will be in, when it can be.
pub fn relative_map_path(map: &Path, plan_path: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (map, dir) = (abs(map), abs(plan_path.parent().unwrap_or(Path::new("."))));
    let (m, d): (Vec<_>, Vec<_>) = (map.components().collect(), dir.components().collect());
    let common = m.iter().zip(&d).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return map.display().to_string();
    }
    let mut rel = PathBuf::new();
    for _ in common..d.len() {
        rel.push("..");
    }
    for c in &m[common..] {
        rel.push(c);
    }
    rel.display().to_string()
}
