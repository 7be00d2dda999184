//! Plans encrypted at rest (issue 14, item 13): `plan encrypt | decrypt`, every plan
//! command on a `.ron.age` plan, wrong passphrases, damaged files, no plain text in any
//! file written for an encrypted plan, owner-only modes, and killed encrypted saves.

mod common;

use cordon::plan::{self, Passphrase, Protection};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &str = "plans/monaco-state-visit.ron";
const PASSPHRASE: &str = "correct horse battery staple";
/// Words of the sample plan that must never appear in a file written for it encrypted:
/// its name, the principal's code name, a venue and a team member.
const SECRETS: [&str; 4] = ["Monaco state visit", "CROWN", "Hôtel de Paris", "ADV-1"];

fn run(args: &[&str]) -> Output {
    common::cordon(args)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A copy of the sample plan in `dir` with its map path made absolute.
fn sample_copy(dir: &Path) -> PathBuf {
    let s = std::fs::read_to_string(common::root().join(SAMPLE)).expect("sample");
    let fixed = s.replace(
        "path: \"../maps/monaco.osm.pbf\"",
        &format!("path: {:?}", common::monaco_path().to_string_lossy()),
    );
    for w in SECRETS {
        assert!(fixed.contains(w), "the sample plan holds {w}");
    }
    let p = dir.join("visit.ron");
    std::fs::write(&p, fixed).expect("copy");
    p
}

fn passphrase_file(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, format!("{text}\n")).expect("passphrase file");
    p.to_string_lossy().into_owned()
}

fn holds_plain_text(path: &Path) -> Option<&'static str> {
    let bytes = std::fs::read(path).ok()?;
    SECRETS
        .into_iter()
        .find(|w| bytes.windows(w.len()).any(|x| x == w.as_bytes()))
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

/// The whole life of an encrypted plan on the command line.
#[test]
fn an_encrypted_plan_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let plain = sample_copy(d);
    let ps = plain.to_string_lossy().into_owned();
    // A backup of the plain plan exists too; encrypting deletes both.
    assert!(run(&["plan", "route", &ps]).status.success());
    assert!(d.join("visit.ron.bak").exists());
    let pass = passphrase_file(d, "pass", PASSPHRASE);
    let short = passphrase_file(d, "short", "short");
    let o = run(&["plan", "encrypt", &ps, "--passphrase-file", &short]);
    assert!(!o.status.success() && text(&o).contains("too short"));
    assert!(plain.exists(), "nothing changed");
    let o = run(&["plan", "encrypt", &ps, "--passphrase-file", &pass]);
    assert!(o.status.success(), "{}", text(&o));
    let sealed = d.join("visit.ron.age");
    assert!(sealed.exists() && !plain.exists() && !d.join("visit.ron.bak").exists());
    let ss = sealed.to_string_lossy().into_owned();

    // Without a passphrase, and with a wrong one: one line, nothing changed.
    let before = std::fs::read(&sealed).expect("read");
    let o = run(&["plan", "show", &ss]);
    assert!(!o.status.success());
    assert!(text(&o).contains("--passphrase-file"), "{}", text(&o));
    let wrong = passphrase_file(d, "wrong", "not the passphrase");
    for cmd in ["show", "route", "check"] {
        let o = run(&["plan", cmd, &ss, "--passphrase-file", &wrong]);
        assert!(!o.status.success());
        let t = text(&o);
        assert_eq!(t.lines().count(), 1, "{t}");
        assert!(t.contains("wrong passphrase"), "{t}");
    }
    assert_eq!(std::fs::read(&sealed).expect("read"), before);

    // Every plan command reads it with the passphrase; route saves it encrypted, with
    // an encrypted backup, and any temporary file seen meanwhile is ciphertext too.
    let o = run(&["plan", "show", &ss, "--passphrase-file", &pass]);
    assert!(text(&o).contains("Monaco state visit"), "{}", text(&o));
    let o = run(&["plan", "check", &ss, "--passphrase-file", &pass]);
    assert!(o.status.success(), "{}", text(&o));
    let seen = route_watching_temps(d, &ss, &pass);
    assert!(d.join("visit.ron.age.bak").exists());
    let mut written: Vec<PathBuf> = vec![sealed.clone(), d.join("visit.ron.age.bak")];
    written.extend(seen);
    for f in &written {
        assert_eq!(
            holds_plain_text(f),
            None,
            "{} holds plain text",
            f.display()
        );
    }
    #[cfg(unix)]
    {
        assert_eq!(mode(&sealed), 0o600);
        assert_eq!(mode(&d.join("visit.ron.age.bak")), 0o600);
    }
    let p = Passphrase::new(PASSPHRASE.into());
    let opened = plan::load_with(&sealed, Some(&p)).expect("opens");
    assert!(opened.movements.iter().all(|m| !m.routes.is_empty()));

    // Exports are plain by nature: said so, and written owner-only.
    let gpx = d.join("visit.gpx");
    std::fs::write(&gpx, "old").expect("old export");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gpx, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let gs = gpx.to_string_lossy().into_owned();
    let o = run(&[
        "export",
        &ss,
        "--format",
        "gpx",
        "-o",
        &gs,
        "--passphrase-file",
        &pass,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("plain text"), "{}", text(&o));
    #[cfg(unix)]
    assert_eq!(mode(&gpx), 0o600);

    // Decrypt writes a plain copy and leaves the encrypted plan alone.
    let back = d.join("back.ron");
    let bs = back.to_string_lossy().into_owned();
    let o = run(&[
        "plan",
        "decrypt",
        &ss,
        "-o",
        &bs,
        "--passphrase-file",
        &pass,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(plan::load(&back).expect("plain copy"), opened);
    assert!(sealed.exists());
    #[cfg(unix)]
    assert_eq!(mode(&back), 0o600);
    let o = run(&[
        "plan",
        "decrypt",
        &ss,
        "-o",
        &bs,
        "--passphrase-file",
        &pass,
    ]);
    assert!(!o.status.success() && text(&o).contains("exists"));
}

/// Starts `plan route` on an encrypted plan, quietly.
fn spawn_route(plan: &str, pass: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(["plan", "route", plan, "--passphrase-file", pass])
        .current_dir(common::root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

/// Runs `plan route` on the encrypted plan while copying every temporary file that
/// shows up beside it; returns the copies.
fn route_watching_temps(d: &Path, plan: &str, pass: &str) -> Vec<PathBuf> {
    let mut child = spawn_route(plan, pass);
    let seen_dir = d.join("seen");
    std::fs::create_dir_all(&seen_dir).expect("mkdir");
    let mut seen = Vec::new();
    while child.try_wait().expect("wait").is_none() {
        for e in std::fs::read_dir(d).expect("list").flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.contains(".tmp-") {
                let copy = seen_dir.join(format!("{}-{name}", seen.len()));
                if std::fs::copy(e.path(), &copy).is_ok() {
                    seen.push(copy);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(child.wait().expect("wait").success());
    seen
}

/// A save of an encrypted plan killed at any moment leaves a plan that opens with the
/// passphrase (the old one or the new one).
#[test]
fn a_killed_encrypted_save_leaves_a_plan_that_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let plain = sample_copy(d);
    let p = plan::load(&plain).expect("sample");
    let sealed = d.join("visit.ron.age");
    let passphrase = Passphrase::new(PASSPHRASE.into());
    plan::save_protected(&p, &sealed, &Protection::Passphrase(passphrase.clone()))
        .expect("encrypted save");
    std::fs::remove_file(&plain).expect("rm");
    let pass = passphrase_file(d, "pass", PASSPHRASE);
    let ss = sealed.to_string_lossy().into_owned();
    // How long an undisturbed run takes, then kills spread over it.
    let t = Instant::now();
    assert!(
        run(&["plan", "route", &ss, "--passphrase-file", &pass])
            .status
            .success()
    );
    let full = t.elapsed();
    let kills = 8;
    for i in 0..kills {
        let at = full.mul_f64((i as f64 + 0.5) / kills as f64);
        let mut child = spawn_route(&ss, &pass);
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let opened = plan::load_with(&sealed, Some(&passphrase));
        assert!(
            opened.is_ok(),
            "killed after {at:?}: {:?}",
            opened.err().map(|e| e.to_string())
        );
        let bak = d.join("visit.ron.age.bak");
        if bak.exists() {
            assert!(plan::load_with(&bak, Some(&passphrase)).is_ok());
        }
        for e in std::fs::read_dir(d).expect("list").flatten() {
            assert_eq!(holds_plain_text(&e.path()), None, "{:?}", e.path());
        }
    }
}

/// Flipping any one byte of an encrypted plan is noticed: it never opens as a plan.
/// (A small plan and a small work factor keep a load per byte fast.)
#[test]
fn every_flipped_byte_of_an_encrypted_plan_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = plan::MapRef {
        path: "monaco.osm.pbf".into(),
        sha256: String::new(),
    };
    let mut p = plan::Plan::new("Operation Lighthouse", map);
    p.principal = "HERON".into();
    let pass = Passphrase::new(PASSPHRASE.into()).with_work_factor(4);
    let path = dir.path().join("small.ron.age");
    plan::save_protected(&p, &path, &Protection::Passphrase(pass.clone())).expect("save");
    let good = std::fs::read(&path).expect("read");
    assert_eq!(plan::load_with(&path, Some(&pass)).expect("opens"), p);
    let bad = dir.path().join("bad.ron.age");
    for i in 0..good.len() {
        let mut b = good.clone();
        b[i] ^= 0x01;
        std::fs::write(&bad, &b).expect("write");
        let e = plan::load_with(&bad, Some(&pass)).expect_err("a flipped byte");
        let msg = e.to_string();
        assert_eq!(msg.lines().count(), 1, "byte {i}: {msg}");
        assert!(
            msg.contains("damaged") || msg.contains("tampered"),
            "byte {i}: {msg}"
        );
    }
    // A wrong passphrase: one line, and the file is as it was.
    let wrong = Passphrase::new("another passphrase".into());
    let e = plan::load_with(&path, Some(&wrong)).expect_err("wrong passphrase");
    assert!(e.to_string().contains("wrong passphrase"), "{e}");
    assert_eq!(std::fs::read(&path).expect("read"), good);
    // A failed write leaves the previous encrypted plan, which still opens.
    let mut changed = p.clone();
    changed.name = "Changed".into();
    let r = plan::save_with_protection(
        &changed,
        &path,
        &Protection::Passphrase(pass.clone()),
        &mut |f, bytes| {
            std::io::Write::write_all(f, &bytes[..bytes.len() / 2])?;
            Err(std::io::Error::other("disk full"))
        },
    );
    assert!(r.is_err());
    assert_eq!(plan::load_with(&path, Some(&pass)).expect("opens"), p);
}
