//! The one way Cordon writes a file: plans, exports, briefs, settings and the
//! recovery file all go through [`write`]. The bytes go to a temporary file in the
//! destination's folder, are synced to disk, then renamed over the destination, and the
//! folder is synced so the rename survives a power cut. A reader (or a crash at any
//! point) sees the old file or the new one, never half of one. For plans the replaced
//! file is kept as `NAME.bak`.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether to keep the file being replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backup {
    /// Keep the previous contents as `NAME.bak` beside the file (plans).
    Keep,
    /// Replace without a copy (exports, settings, the recovery file).
    None,
}

/// A file that could not be written; the previous file, if any, is untouched.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    /// The file that was being written.
    pub path: PathBuf,
    /// The OS reason.
    #[source]
    pub source: std::io::Error,
}

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
    let dir = folder_of(path);
    let tmp = dir.join(format!(".{}.tmp-{}", file_name(path), std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        fill(&mut f, bytes)?;
        f.sync_all()?;
        drop(f);
        if backup == Backup::Keep && path.is_file() {
            std::fs::copy(path, backup_path(path))?;
        }
        std::fs::rename(&tmp, path)?;
        sync_folder(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}

/// Where [`Backup::Keep`] puts the replaced file: `NAME.bak` in the same folder.
pub fn backup_path(path: &Path) -> PathBuf {
    folder_of(path).join(format!("{}.bak", file_name(path)))
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
        write(&export, b"b", Backup::None).unwrap();
        assert!(!backup_path(&export).exists());
        let missing = dir.path().join("no/such/folder/x.csv");
        assert!(write(&missing, b"x", Backup::None).is_err());
    }
}
