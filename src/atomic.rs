//! The one way Cordon writes a file: plans, exports, briefs, settings and the
//! recovery file all go through [`write`]. The bytes go to a temporary file in the
//! destination's folder, are synced to disk, then renamed over the destination, and the
//! folder is synced so the rename survives a power cut. A reader (or a crash at any
//! point) sees the old file or the new one, never half of one. For plans the replaced
//! file is kept as `NAME.bak`, itself written the same way (copied to a temporary file,
//! synced, renamed), so at every instant there is a complete plan and a complete backup
//! or none.
//!
//! Plans are sensitive: a new file (and its backup) is created readable by its owner
//! only (0600 on Unix); a file being replaced keeps its mode and owner. A read-only file
//! is not replaced, and a path that is not a regular file (a device, a pipe, a symbolic
//! link, a folder) is refused rather than renamed over. Temporary files a killed save
//! left beside the file are removed by the next save of it.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether to keep the file being replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backup {
    /// Keep the previous contents as `NAME.bak` beside the file (plans).
    Keep,
    /// Replace without a copy (exports, settings, the recovery file).
    None,
    /// Replace without a copy, and make the file its owner's alone (0600) even when the
    /// file being replaced was readable by others: plain exports of an encrypted plan.
    NoneOwnerOnly,
}

/// A file that could not be written; the previous file, if any, is untouched.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    /// The file that was being written.
    pub path: PathBuf,
    /// The reason.
    #[source]
    pub source: std::io::Error,
}

/// The mode of files Cordon creates: the owner's alone.
#[cfg(unix)]
pub const NEW_FILE_MODE: u32 = 0o600;

/// Writes `bytes` to `path` atomically (see the module documentation).
///
/// # Errors
/// [`WriteError`] naming `path`; the temporary file is removed and an existing `path`
/// keeps its contents.
pub fn write(path: &Path, bytes: &[u8], backup: Backup) -> Result<(), WriteError> {
    write_with(path, bytes, backup, &mut |f, b| f.write_all(b))
}

/// [`write`] with the step that writes the bytes supplied, so tests can fail midway.
///
/// # Errors
/// As [`write`].
pub fn write_with(
    path: &Path,
    bytes: &[u8],
    backup: Backup,
    fill: &mut dyn FnMut(&mut File, &[u8]) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let existing = writable_target(path).map_err(fail)?;
    let dir = folder_of(path);
    remove_stale_temps(dir, path);
    let tmp = temp_path(path, "tmp");
    let result = (|| {
        let like = existing
            .as_ref()
            .filter(|_| backup != Backup::NoneOwnerOnly);
        let mut f = create_like(&tmp, like)?;
        fill(&mut f, bytes)?;
        f.sync_all()?;
        drop(f);
        if backup == Backup::Keep && existing.is_some() {
            copy_atomically(path, &backup_path(path), existing.as_ref())?;
        }
        std::fs::rename(&tmp, path)?;
        sync_folder(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// The metadata of the file `path` replaces (`None` when there is none yet), or why it
/// may not be replaced.
fn writable_target(path: &Path) -> std::io::Result<Option<Metadata>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a device, pipe, link or folder is never replaced): choose a file name",
        ));
    }
    if meta.permissions().readonly() {
        return Err(std::io::Error::other(
            "the file is read-only: Cordon does not replace it (make it writable, or save under another name)",
        ));
    }
    Ok(Some(meta))
}

/// `.NAME.KIND-PID` beside `path`.
fn temp_path(path: &Path, kind: &str) -> PathBuf {
    folder_of(path).join(format!(
        ".{}.{kind}-{}",
        file_name(path),
        std::process::id()
    ))
}

/// Removes the temporary files earlier, killed saves of `path` left (`.NAME.tmp-PID`,
/// `.NAME.bak.tmp-PID`), each a full copy of the plan.
fn remove_stale_temps(dir: &Path, path: &Path) {
    let name = file_name(path);
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.bak.tmp-")];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let stale = prefixes.iter().any(|p| {
            n.strip_prefix(p.as_str())
                .is_some_and(|pid| pid.parse::<u32>().is_ok())
        });
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Creates `path` for writing with the mode and owner of `like` (a file being
/// replaced), or owner-only when there is none.
fn create_like(path: &Path, like: Option<&Metadata>) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        let mode = like.map_or(NEW_FILE_MODE, |m| m.mode() & 0o7777);
        options.mode(mode);
        let f = options.open(path)?;
        // The umask may have narrowed the mode; set it exactly.
        f.set_permissions(std::fs::Permissions::from_mode(mode))?;
        if let Some(m) = like {
            // Only root may give a file away; for anyone else the owner is theirs already.
            let _ = std::os::unix::fs::chown(path, Some(m.uid()), Some(m.gid()));
        }
        Ok(f)
    }
    #[cfg(not(unix))]
    {
        let _ = like;
        options.open(path)
    }
}

/// Copies `from` to `to` through a synced temporary file and a rename, so `to` is always
/// a complete copy (old or new).
fn copy_atomically(from: &Path, to: &Path, like: Option<&Metadata>) -> std::io::Result<()> {
    let tmp = temp_path(to, "tmp");
    let result = (|| {
        let mut src = File::open(from)?;
        let mut dst = create_like(&tmp, like)?;
        std::io::copy(&mut src, &mut dst)?;
        dst.sync_all()?;
        drop(dst);
        std::fs::rename(&tmp, to)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where [`Backup::Keep`] puts the replaced file: `NAME.bak` in the same folder.
pub fn backup_path(path: &Path) -> PathBuf {
    folder_of(path).join(format!("{}.bak", file_name(path)))
}

/// Creates a folder (and its parents) for Cordon's own files, readable by its owner
/// only where Cordon creates it (0700 on Unix).
///
/// # Errors
/// The OS reason.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into())
}

/// Makes a rename in `dir` durable. Folders cannot be opened for syncing on every
/// platform (Windows); there the rename is as durable as the OS makes it.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_keep_a_backup_when_asked_and_fail_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        let map = crate::plan::MapRef {
            path: "m.osm.pbf".into(),
            sha256: String::new(),
        };
        let mut plan = crate::plan::Plan::new("First", map);
        let one = crate::plan::to_ron(&plan).unwrap();
        write(&path, one.as_bytes(), Backup::Keep).unwrap();
        assert_eq!(crate::plan::load(&path).unwrap(), plan);
        assert!(!backup_path(&path).exists(), "nothing was replaced yet");
        plan.name = "Second".into();
        let two = crate::plan::to_ron(&plan).unwrap();
        write(&path, two.as_bytes(), Backup::Keep).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), two);
        assert_eq!(std::fs::read_to_string(backup_path(&path)).unwrap(), one);
        let e = write_with(&path, b"third", Backup::Keep, &mut |f, b| {
            f.write_all(&b[..2])?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("plan.ron") && e.to_string().contains("disk full"));
        let kept = std::fs::read_to_string(&path).unwrap();
        assert_eq!(kept, two, "the old file stays");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(left.iter().all(|n| !n.contains(".tmp-")), "{left:?}");
        let export = dir.path().join("out.gpx");
        write(&export, b"a", Backup::None).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o644)).unwrap();
            write(&export, b"a", Backup::None).unwrap();
            assert_eq!(mode(&export), 0o644, "an export keeps its mode");
            write(&export, b"a", Backup::NoneOwnerOnly).unwrap();
            assert_eq!(mode(&export), 0o600, "unless it is made owner-only");
        }
        write(&export, b"b", Backup::None).unwrap();
        assert!(!backup_path(&export).exists());
        let missing = dir.path().join("no/such/folder/x.csv");
        assert!(write(&missing, b"x", Backup::None).is_err());
    }

    /// Issue 14, items 9 to 11: modes kept or owner-only, read-only files and
    /// non-regular paths refused, backups complete, stale temporary files removed.
    #[cfg(unix)]
    #[test]
    fn modes_read_only_files_odd_paths_and_stale_temps() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        write(&plan, b"one", Backup::Keep).unwrap();
        assert_eq!(mode(&plan), 0o600, "a new plan is its owner's alone");
        write(&plan, b"two", Backup::Keep).unwrap();
        assert_eq!(mode(&backup_path(&plan)), 0o600);
        assert_eq!(std::fs::read(backup_path(&plan)).unwrap(), b"one");
        std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&plan, b"three", Backup::Keep).unwrap();
        assert_eq!(mode(&plan), 0o640, "an existing plan keeps its mode");
        // A killed save's leftovers go with the next save.
        let stale = dir.path().join(".plan.ron.tmp-999999");
        let stale_bak = dir.path().join(".plan.ron.bak.tmp-999998");
        std::fs::write(&stale, b"old copy").unwrap();
        std::fs::write(&stale_bak, b"old copy").unwrap();
        write(&plan, b"four", Backup::Keep).unwrap();
        assert!(!stale.exists() && !stale_bak.exists());
        // Read-only: refused, untouched.
        std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write(&plan, b"five", Backup::Keep).unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&plan).unwrap(), b"four");
        // A symbolic link and a FIFO are not renamed over.
        let link = dir.path().join("link.gpx");
        std::os::unix::fs::symlink(&plan, &link).unwrap();
        let e = write(&link, b"x", Backup::None).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let folder = dir.path().join("sub");
        create_private_dir(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        assert!(write(&folder, b"x", Backup::None).is_err());
    }
}
