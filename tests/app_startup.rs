//! Start-up as a user meets it: the last plan and view come back from the settings,
//! and changes autosaved by a session that died are offered back. This binary has one
//! test because it points `CORDON_CONFIG_DIR` at a scratch folder for the process.
#![cfg(feature = "gui")]

mod common;

use common::settle;
use cordon::app::map_view::Camera;
use cordon::app::state::{AppState as Settings, recovery_path};
use cordon::app::{Command, CordonApp};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn start(config: &std::path::Path) -> Harness<'static, CordonApp> {
    assert_eq!(
        std::env::var_os("CORDON_CONFIG_DIR").as_deref(),
        Some(config.as_os_str())
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(8)
        .build_ui_state(
            |ui, app: &mut CordonApp| app.ui_main(ui),
            CordonApp::new(None, None),
        );
    settle(&mut h);
    h
}

#[test]
fn last_plan_and_view_return_and_autosaved_changes_are_offered() {
    let dir = tempfile::tempdir().expect("temp dir");
    // SAFETY: the only test in this binary, set before any thread reads it.
    unsafe { std::env::set_var("CORDON_CONFIG_DIR", dir.path()) };
    let sample = common::root().join("plans/monaco-state-visit.ron");
    let camera = Camera {
        center: cordon::coord::mercator_from_lonlat(geo::Coord {
            x: 7.4275,
            y: 43.7392,
        }),
        m_per_pt: 1.5,
    };
    let mut s = Settings::default();
    s.remember(&sample);
    s.camera = Some(camera);
    s.save(dir.path()).expect("settings");
    let h = start(dir.path());
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
    assert_eq!(h.state().plan().name, "Monaco state visit");
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().camera(), Some(camera), "the view came back");
    // A session that died left a recovery file: it is offered, and opens unsaved.
    let mut edited = cordon::plan::load(&sample).expect("sample");
    edited.name = "Edited before the crash".into();
    edited.map.path = common::monaco_path().display().to_string();
    cordon::plan::save(&edited, &recovery_path(dir.path())).expect("recovery");
    let mut h = start(dir.path());
    assert!(
        h.query_by_label_contains("Unsaved changes from an earlier session")
            .is_some()
    );
    h.state_mut().apply_all(vec![Command::Recover]);
    settle(&mut h);
    assert_eq!(h.state().plan().name, "Edited before the crash");
    assert!(h.state().is_dirty(), "recovered changes are not saved yet");
    autosave_is_timed_and_private(&h, dir.path());
}

/// Issue 14, items 9 and 12 (run from the one test above, which owns the config
/// folder): an idle window with unsaved changes is woken for its autosave, and the
/// settings, recovery file and their folder are its owner's alone.
fn autosave_is_timed_and_private(h: &Harness<'static, CordonApp>, dir: &std::path::Path) {
    let due = h
        .state()
        .autosave_due_in()
        .expect("unsaved changes: an autosave is due");
    assert!(due <= cordon::app::AUTOSAVE_EVERY, "{due:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join("settings.ron")), 0o600);
        assert_eq!(mode(&recovery_path(dir)), 0o600);
    }
}
