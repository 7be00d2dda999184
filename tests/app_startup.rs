//! Start-up as a user meets it: the last plan and view come back from the settings,
//! and changes autosaved by a session that died are offered back. This binary has one
//! test because it points `CORDON_CONFIG_DIR` at a scratch folder for the process.
#![cfg(feature = "gui")]

mod common;

use common::settle;
use cordon::app::map_view::Camera;
use cordon::app::state::{AppState as Settings, recovery_path};
use cordon::app::{Command, CordonApp};
use cordon::plan::Passphrase;
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
    encrypted_plans_in_the_window(h, dir.path());
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

/// Issue 14, item 13, in the window (run from the one test above, which owns the config
/// folder): File > Encrypt… writes a `.ron.age` plan and deletes the plain one; the
/// autosaved changes of an encrypted plan are encrypted, and nothing in the config
/// folder or beside the plan holds its text; recovering and opening ask for the
/// passphrase and ask again when it is wrong; an export warns first and is owner-only.
fn encrypted_plans_in_the_window(mut h: Harness<'static, CordonApp>, config: &std::path::Path) {
    let files = tempfile::tempdir().expect("temp dir");
    let plain = files.path().join("visit.ron");
    h.state_mut()
        .apply_all(vec![Command::SaveAs(plain.clone())]);
    settle(&mut h);
    assert!(plain.exists() && !h.state().is_dirty());
    let secret_name = h.state().plan().name.clone();
    let pass = || Passphrase::new("correct horse battery".into()).with_work_factor(10);
    h.state_mut().apply_all(vec![Command::ShowEncrypt]);
    settle(&mut h);
    assert!(
        h.query_by_label("Encrypt the plan").is_some(),
        "the prompt shows"
    );
    let sealed = files.path().join("visit.ron.age");
    h.state_mut().apply_all(vec![Command::Encrypt {
        target: sealed.clone(),
        passphrase: pass(),
        delete_plain: true,
    }]);
    settle(&mut h);
    assert!(
        sealed.exists() && !plain.exists(),
        "{:?}",
        h.state().error()
    );
    assert!(
        h.query_by_label("Encrypt the plan").is_none(),
        "the prompt closed"
    );
    assert!(
        h.query_by_label_contains("(encrypted)").is_some(),
        "the status bar says so"
    );
    // An edit, autosaved: the recovery file is encrypted, no plain one is left.
    let movements = h.state().plan().movements.len();
    h.state_mut().apply_all(vec![Command::DeleteMovement(0)]);
    assert!(h.state().is_dirty());
    h.state_mut().autosave_now();
    settle(&mut h);
    let recovery = cordon::app::state::encrypted_recovery_path(config);
    assert!(recovery.exists() && !recovery_path(config).exists());
    let mut written: Vec<std::path::PathBuf> = Vec::new();
    for d in [config, files.path()] {
        written.extend(
            std::fs::read_dir(d)
                .expect("list")
                .flatten()
                .map(|e| e.path()),
        );
    }
    for f in &written {
        let bytes = std::fs::read(f).unwrap_or_default();
        for w in [secret_name.as_str(), "CROWN", "Hôtel de Paris"] {
            assert!(
                !bytes.windows(w.len()).any(|x| x == w.as_bytes()),
                "{} holds {w}",
                f.display()
            );
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&recovery), 0o600);
        assert_eq!(mode(&sealed), 0o600);
    }
    // An export warns that it is plain, then writes it owner-only.
    let gpx = files.path().join("visit.gpx");
    h.state_mut().apply_all(vec![Command::Export(
        cordon::export::ExportKind::Gpx,
        gpx.clone(),
    )]);
    settle(&mut h);
    assert!(!gpx.exists() && h.query_by_label("The export is not encrypted").is_some());
    h.get_by_label("Write the plain export").click();
    settle(&mut h);
    settle(&mut h);
    assert!(gpx.exists(), "{:?}", h.state().error());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&gpx).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A new session is offered the encrypted changes; recovering asks for the
    // passphrase, again when it is wrong.
    drop(h);
    let mut h = start(config);
    // The last plan is the encrypted one: its passphrase is asked at start, the field
    // ready for typing; cancelling says so.
    assert!(h.query_by_label("Encrypted plan").is_some());
    assert_eq!(
        h.ctx.memory(|m| m.focused()),
        Some(egui::Id::unique("passphrase-text"))
    );
    h.state_mut().apply_all(vec![Command::CloseSecretPrompt]);
    settle(&mut h);
    assert!(
        h.state().status().contains("was not opened"),
        "{}",
        h.state().status()
    );
    assert!(
        h.query_by_label_contains("an encrypted plan from an earlier session")
            .is_some()
    );
    h.state_mut().apply_all(vec![Command::Recover]);
    settle(&mut h);
    assert!(h.query_by_label("Encrypted unsaved changes").is_some());
    let wrong = Passphrase::new("wrong horse".into());
    h.state_mut()
        .apply_all(vec![Command::RecoverEncrypted(wrong)]);
    settle(&mut h);
    assert!(h.query_by_label_contains("Wrong passphrase").is_some());
    h.state_mut()
        .apply_all(vec![Command::RecoverEncrypted(pass())]);
    settle(&mut h);
    assert_eq!(h.state().plan().name, secret_name);
    assert_eq!(h.state().plan().movements.len(), movements - 1);
    assert!(h.state().is_dirty());
    // Opening the encrypted plan asks for its passphrase.
    h.state_mut()
        .apply_all(vec![Command::Unsaved(cordon::app::Answer::Discard)]);
    h.state_mut().apply_all(vec![Command::Open(sealed.clone())]);
    settle(&mut h);
    h.state_mut()
        .apply_all(vec![Command::Unsaved(cordon::app::Answer::Discard)]);
    settle(&mut h);
    assert!(
        h.query_by_label("Encrypted plan").is_some(),
        "asked for the passphrase"
    );
    h.state_mut()
        .apply_all(vec![Command::OpenEncrypted(sealed.clone(), pass())]);
    settle(&mut h);
    assert_eq!(
        h.state().plan().name,
        secret_name,
        "{:?}",
        h.state().error()
    );
    assert!(!h.state().is_dirty());
    // A plain Save as under a .ron name is refused for an encrypted plan.
    let plain_again = files.path().join("plain.ron");
    h.state_mut()
        .apply_all(vec![Command::SaveAs(plain_again.clone())]);
    settle(&mut h);
    assert!(!plain_again.exists());
    assert!(h.state().error().unwrap_or_default().contains("Decrypt"));
    h.state_mut()
        .apply_all(vec![Command::Decrypt(plain_again.clone())]);
    settle(&mut h);
    assert!(plain_again.exists() && sealed.exists());
    assert!(h.query_by_label_contains("(encrypted)").is_none());
    // A new passphrase: the plan opens with it, not with the old one, and the backup
    // the old one opened is gone.
    h.state_mut().apply_all(vec![Command::Open(sealed.clone())]);
    settle(&mut h);
    h.state_mut()
        .apply_all(vec![Command::OpenEncrypted(sealed.clone(), pass())]);
    settle(&mut h);
    h.state_mut().apply_all(vec![Command::ShowChangePassphrase]);
    settle(&mut h);
    assert!(h.query_by_label("Change the passphrase").is_some());
    let new = Passphrase::new("a brand new passphrase".into()).with_work_factor(10);
    h.state_mut()
        .apply_all(vec![Command::ChangePassphrase(new.clone())]);
    settle(&mut h);
    assert!(
        h.state().status().contains("passphrase changed"),
        "{}",
        h.state().status()
    );
    assert!(!files.path().join("visit.ron.age.bak").exists());
    assert!(cordon::plan::load_with(&sealed, Some(&new)).is_ok());
    assert!(cordon::plan::load_with(&sealed, Some(&pass())).is_err());
}
