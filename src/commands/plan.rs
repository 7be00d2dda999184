//! `plan new | check | route | schedule | show`.

use super::keys::Keys;
use super::{CommandError, Format};
use crate::format;
use crate::grid::GridRef;
use crate::plan::{self, Issue, MapRef, Plan, RouteRole, Severity};
use std::io::Write;
use std::path::Path;

/// `cordon plan new`.
///
/// # Errors
/// An unreadable map, an existing output (without `force`), or a failed save.
pub fn new(
    out: &mut dyn Write,
    map: &Path,
    name: &str,
    output: &Path,
    force: bool,
) -> Result<(), CommandError> {
    if output.exists() && !force {
        return Err(CommandError::Usage(format!(
            "{} exists; pass --force to replace it",
            output.display()
        )));
    }
    crate::osm::read(map)?;
    let sha256 = plan::file_sha256(map)?;
    let p = Plan::new(
        name,
        MapRef {
            path: plan::relative_map_path(map, output),
            sha256,
        },
    );
    plan::save(&p, output)?;
    writeln!(
        out,
        "wrote {} (map {}, format version {})",
        output.display(),
        p.map.path,
        p.version
    )?;
    Ok(())
}

fn load_with_map(
    keys: &mut Keys,
    path: &Path,
) -> Result<(Plan, Option<crate::map::Map>, Option<bool>), CommandError> {
    let (p, _) = keys.load(path)?;
    let map_file = plan::map_path(&p, path);
    let hash_ok = plan::file_sha256(&map_file).ok().map(|h| h == p.map.sha256);
    let map = crate::osm::read(&map_file).ok();
    Ok((p, map, hash_ok))
}

fn write_issues(out: &mut dyn Write, issues: &[Issue]) -> std::io::Result<()> {
    for i in issues {
        let tag = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(out, "{tag}: {}", i.message)?;
    }
    Ok(())
}

/// `cordon plan check`: prints findings; fails when any is an error.
///
/// # Errors
/// An unreadable plan, or [`CommandError::PlanErrors`] counting the errors found.
pub fn check(out: &mut dyn Write, keys: &mut Keys, path: &Path) -> Result<(), CommandError> {
    let (p, map, hash_ok) = load_with_map(keys, path)?;
    let issues = plan::check(&p, map.as_ref(), hash_ok);
    write_issues(out, &issues)?;
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let warnings = issues.len() - errors;
    writeln!(
        out,
        "{}: {errors} error(s), {warnings} warning(s)",
        path.display()
    )?;
    if errors > 0 {
        return Err(CommandError::PlanErrors {
            path: path.to_path_buf(),
            count: errors,
        });
    }
    Ok(())
}

/// `cordon plan route`: recomputes the routes, the risk and the schedule, and saves.
///
/// # Errors
/// Plan, map and routing errors; the file is untouched then.
pub fn route(
    out: &mut dyn Write,
    keys: &mut Keys,
    path: &Path,
    alternatives: usize,
) -> Result<(), CommandError> {
    let (mut p, protection) = keys.load(path)?;
    let map_file = plan::map_path(&p, path);
    let map = crate::osm::read(&map_file)?;
    let issues = plan::route_plan(&mut p, &map, alternatives)?;
    p.map.sha256 = plan::file_sha256(&map_file)?;
    plan::save_protected(&p, path, &protection)?;
    for m in &p.movements {
        let count =
            |pred: fn(&RouteRole) -> bool| m.routes.iter().filter(|r| pred(&r.role)).count();
        let primary = m.route(RouteRole::Primary);
        writeln!(
            out,
            "{}: primary {}, {} alternate(s), {} emergency route; risk {}",
            m.id,
            primary
                .map(|r| format!(
                    "{} {}",
                    format::length(r.length_m),
                    format::duration(r.duration_s)
                ))
                .unwrap_or_default(),
            count(|r| matches!(r, RouteRole::Alternate(_))),
            count(|r| *r == RouteRole::Emergency),
            primary
                .and_then(|r| r.risk.as_ref())
                .map(|k| format!("{:.1} ({})", k.score, k.band))
                .unwrap_or_default()
        )?;
    }
    write_issues(out, &issues)?;
    writeln!(out, "saved {}", path.display())?;
    Ok(())
}

/// `cordon plan schedule`.
///
/// # Errors
/// Plan errors.
pub fn schedule(
    out: &mut dyn Write,
    keys: &mut Keys,
    path: &Path,
    format: Format,
) -> Result<(), CommandError> {
    let (mut p, _) = keys.load(path)?;
    plan::schedule(&mut p);
    let rows = plan::timeline(&p);
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    writeln!(out, "{} ({}, times in {})", p.name, p.date, p.time_zone)?;
    writeln!(
        out,
        "{:<17} {:<5} {:<30} {:<17} {:<45} notes",
        "time", "move", "checkpoint", "kind", "place"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:<17} {:<5} {:<30} {:<17} {:<45} {}",
            r.time.to_string(),
            r.movement,
            r.checkpoint,
            r.kind,
            r.place,
            r.notes
        )?;
    }
    Ok(())
}

/// `cordon plan show`: a readable summary.
///
/// # Errors
/// Plan errors.
pub fn show(out: &mut dyn Write, keys: &mut Keys, path: &Path) -> Result<(), CommandError> {
    let (p, _) = keys.load(path)?;
    writeln!(out, "{} [{}]", p.name, p.classification)?;
    writeln!(
        out,
        "principal {}; {} ({}); prepared by {}",
        p.principal, p.date, p.time_zone, p.author
    )?;
    writeln!(
        out,
        "map {} (sha256 {}...)",
        p.map.path,
        p.map.sha256.get(..12).unwrap_or(&p.map.sha256)
    )?;
    writeln!(out, "\nvenues")?;
    for v in &p.venues {
        let a = v
            .assessment
            .as_ref()
            .map(|a| format!("; {} {} ({})", a.method.key(), a.score, a.band))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<10} {:<40} {:<12} {}{a}",
            v.id,
            v.name,
            v.kind,
            GridRef(p.grid, v.location.point())
        )?;
    }
    writeln!(out, "\nmovements")?;
    for m in &p.movements {
        writeln!(
            out,
            "  {} {} {} -> {} at {} by {} ({} checkpoints)",
            m.id,
            m.name,
            m.from,
            m.to,
            m.departure,
            m.profile,
            m.checkpoints.len()
        )?;
        for r in &m.routes {
            let risk = r
                .risk
                .as_ref()
                .map(|k| format!(", risk {}", format::risk(k)))
                .unwrap_or_default();
            let shared = r
                .shared_fraction
                .map(|s| format!(", shares {:.0}%", s * 100.0))
                .unwrap_or_default();
            let hosp = r
                .hospital
                .as_ref()
                .map(|h| format!(" to {h}"))
                .unwrap_or_default();
            writeln!(
                out,
                "      {:<12} {} {}{shared}{risk}{hosp}",
                r.role.to_string(),
                format::length(r.length_m),
                format::duration(r.duration_s)
            )?;
        }
    }
    writeln!(
        out,
        "\nteam: {} members, {} vehicles; comms: {} channels, {} emergency contacts",
        p.team.members.len(),
        p.team.vehicles.len(),
        p.comms.channels.len(),
        p.comms.emergency_contacts.len()
    )?;
    if !p.notes.is_empty() {
        writeln!(out, "\nnotes: {}", p.notes)?;
    }
    Ok(())
}

/// `cordon plan encrypt`: writes an encrypted copy of a plain plan (`PLAN.age` unless
/// `output` says otherwise), checks that it opens with the passphrase, then deletes the
/// plain plan and its backup unless `keep_plain`.
///
/// # Errors
/// An encrypted or unreadable plan, an existing output, a weak passphrase, a failed
/// save; the plain plan is kept whenever the encrypted one is not written and verified.
pub fn encrypt(
    out: &mut dyn Write,
    keys: &mut Keys,
    path: &Path,
    output: Option<&Path>,
    keep_plain: bool,
) -> Result<(), CommandError> {
    if plan::is_encrypted(path) {
        return Err(CommandError::Usage(format!(
            "{} is already encrypted",
            path.display()
        )));
    }
    let mut p = plan::load(path)?;
    let target = output.map_or_else(|| with_suffix(path, ".age"), Path::to_path_buf);
    refuse_existing(&target)?;
    let passphrase = keys.new_passphrase()?;
    move_map_path(&mut p, path, &target);
    let protection = plan::Protection::Passphrase(passphrase.clone());
    plan::save_protected(&p, &target, &protection)?;
    if plan::load_with(&target, Some(&passphrase))? != p {
        return Err(CommandError::Usage(format!(
            "{} did not read back equal to the plan; the plain plan is kept",
            target.display()
        )));
    }
    writeln!(out, "wrote {} (encrypted, age scrypt)", target.display())?;
    if keep_plain {
        writeln!(
            out,
            "kept the plain {} (--keep-plain): delete it when you no longer need it",
            path.display()
        )?;
        return Ok(());
    }
    for plain in [path.to_path_buf(), crate::atomic::backup_path(path)] {
        if plain.is_file() {
            std::fs::remove_file(&plain).map_err(|source| CommandError::Read {
                path: plain.clone(),
                source,
            })?;
            writeln!(out, "deleted the plain {}", plain.display())?;
        }
    }
    writeln!(
        out,
        "note: deleting does not wipe the disk blocks; on a shared or unencrypted disk, old copies may remain"
    )?;
    Ok(())
}

/// `cordon plan decrypt`: writes a plain copy of an encrypted plan (the name without
/// `.age` unless `output` says otherwise), readable by its owner only; the encrypted
/// plan is unchanged.
///
/// # Errors
/// A plain or unreadable plan, a wrong passphrase, an existing output, a failed save.
pub fn decrypt(
    out: &mut dyn Write,
    keys: &mut Keys,
    path: &Path,
    output: Option<&Path>,
) -> Result<(), CommandError> {
    if !plan::is_encrypted(path) {
        return Err(CommandError::Usage(format!(
            "{} is not encrypted",
            path.display()
        )));
    }
    let target = match output {
        Some(o) => o.to_path_buf(),
        None if plan::has_age_extension(path) => path.with_extension(""),
        None => {
            return Err(CommandError::Usage(
                "name the plain plan to write with -o FILE.ron".into(),
            ));
        }
    };
    refuse_existing(&target)?;
    let (mut p, _) = keys.load(path)?;
    move_map_path(&mut p, path, &target);
    plan::save(&p, &target)?;
    writeln!(
        out,
        "wrote {} (plain text, readable by you only); {} is unchanged",
        target.display(),
        path.display()
    )?;
    Ok(())
}

/// Keeps the plan's map reference right when it is written to another folder.
fn move_map_path(p: &mut Plan, from: &Path, to: &Path) {
    let dir = |x: &Path| {
        std::path::absolute(x)
            .ok()
            .and_then(|a| a.parent().map(Path::to_path_buf))
    };
    if dir(from) != dir(to) {
        p.map.path = plan::relative_map_path(&plan::map_path(p, from), to);
    }
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    s.into()
}

fn refuse_existing(target: &Path) -> Result<(), CommandError> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(CommandError::Usage(format!(
            "{} exists; name another file with -o",
            target.display()
        )));
    }
    Ok(())
}
