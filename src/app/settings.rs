//! What the app remembers between runs (recent plans, the last plan, map and view,
//! the theme) and where: the platform's config folder from `directories`, or
//! `CORDON_CONFIG_DIR` when set (tests and the screenshot script use a fresh one). The
//! recovery file for autosave lives in the same folder.

use super::map_view::Camera;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many recent plans the File menu lists.
pub const RECENT_MAX: usize = 8;

/// The remembered state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Most recent first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// The plan open at the last exit.
    #[serde(default)]
    pub last_plan: Option<PathBuf>,
    /// The map open at the last exit.
    #[serde(default)]
    pub last_map: Option<PathBuf>,
    /// The view at the last exit.
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

impl Settings {
    /// Reads `settings.ron` in `dir`; a missing or unreadable file gives the defaults
    /// (the app must start whatever is in the config folder).
    pub fn load(dir: &Path) -> Settings {
        std::fs::read_to_string(dir.join("settings.ron"))
            .ok()
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Writes `settings.ron` in `dir` atomically.
    ///
    /// # Errors
    /// File-system errors, as text.
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        crate::commands::export::write_atomic(&dir.join("settings.ron"), text.as_bytes())
            .map_err(|e| e.to_string())
    }

    /// Puts `path` first in the recent list.
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
        assert_eq!(Settings::load(dir.path()), Settings::default());
        let mut s = Settings::default();
        for i in 0..10 {
            s.remember(Path::new(&format!("/nowhere/p{i}.ron")));
        }
        s.remember(Path::new("/nowhere/p3.ron"));
        assert_eq!(s.recent.len(), RECENT_MAX);
        assert_eq!(s.recent[0], Path::new("/nowhere/p3.ron"));
        s.dark = true;
        s.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), s);
        std::fs::write(dir.path().join("settings.ron"), "(recent: [").unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
    }
}
