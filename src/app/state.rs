//! What the app remembers between runs, and where. [`AppState`] is the one home of the
//! view, the theme, the recent plans and the last plan and map: the window reads and
//! changes it directly, and it is written to `settings.ron` in the platform's config
//! folder (from `directories`, or `CORDON_CONFIG_DIR` when set: tests and the
//! screenshot script use a fresh one). The autosave recovery file lives beside it.
//! Runtime handles (workers, textures, dialogs) are elsewhere and never saved.

use super::map_view::Camera;
use crate::atomic::{self, Backup, WriteError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many recent plans the File menu lists.
pub const RECENT_MAX: usize = 8;

/// The remembered state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppState {
    /// Most recent first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// The plan open at the last exit.
    #[serde(default)]
    pub last_plan: Option<PathBuf>,
    /// The map open at the last exit.
    #[serde(default)]
    pub last_map: Option<PathBuf>,
    /// Where the map view looks (`None`: the whole map, or the plan when one opens).
    #[serde(default)]
    pub camera: Option<Camera>,
    /// Dark theme.
    #[serde(default)]
    pub dark: bool,
}

/// The folder settings live in, if the platform has one.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("CORDON_CONFIG_DIR") {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("org", "Cordon", "Cordon").map(|d| d.config_dir().to_path_buf())
}

/// Where autosave writes the plan being edited.
pub fn recovery_path(dir: &Path) -> PathBuf {
    dir.join("recovery.ron")
}

/// Where autosave writes an encrypted plan being edited: encrypted with its passphrase.
pub fn encrypted_recovery_path(dir: &Path) -> PathBuf {
    dir.join("recovery.ron.age")
}

/// The recovery file an earlier session left, if any (the newer of the plain and the
/// encrypted one).
pub fn existing_recovery(dir: &Path) -> Option<PathBuf> {
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    [recovery_path(dir), encrypted_recovery_path(dir)]
        .into_iter()
        .filter(|p| p.is_file())
        .max_by_key(modified)
}

impl AppState {
    /// Reads `settings.ron` in `dir`; a missing or unreadable file gives the defaults
    /// (the app must start whatever is in the config folder).
    pub fn load(dir: &Path) -> AppState {
        crate::input::read_text(&dir.join("settings.ron"), crate::input::TextKind::Settings)
            .ok()
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Writes `settings.ron` in `dir` through the atomic writer.
    ///
    /// # Errors
    /// [`WriteError`] when the folder or the file cannot be written.
    pub fn save(&self, dir: &Path) -> Result<(), WriteError> {
        let path = dir.join("settings.ron");
        let fail = |source| WriteError {
            path: path.clone(),
            source,
        };
        atomic::create_private_dir(dir).map_err(fail)?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| fail(std::io::Error::other(e)))?;
        atomic::write(&path, text.as_bytes(), Backup::None)
    }

    /// Puts `path` first in the recent list and makes it the last plan.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(RECENT_MAX);
        self.last_plan = Some(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_bad_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(AppState::load(dir.path()), AppState::default());
        let mut s = AppState::default();
        for i in 0..10 {
            s.remember(Path::new(&format!("/nowhere/p{i}.ron")));
        }
        s.remember(Path::new("/nowhere/p3.ron"));
        assert_eq!(s.recent.len(), RECENT_MAX);
        assert_eq!(s.recent[0], Path::new("/nowhere/p3.ron"));
        s.dark = true;
        s.save(dir.path()).unwrap();
        assert_eq!(AppState::load(dir.path()), s);
        std::fs::write(dir.path().join("settings.ron"), "(recent: [").unwrap();
        assert_eq!(AppState::load(dir.path()), AppState::default());
    }
}
