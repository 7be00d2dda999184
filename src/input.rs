//! The one way Cordon reads a text file it is given (plans, avoid zones, pairs,
//! profiles, risk models, settings): only a regular file, and only up to a size fit for
//! its kind, so `/dev/zero`, a named pipe or a 10 GB file given by mistake gives a
//! clear error at once instead of eating memory or blocking forever.

use std::io::Read;
use std::path::Path;

/// One mebibyte.
const MB: u64 = 1024 * 1024;

/// The kinds of text file Cordon reads, each with its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A plan (`.ron`): 64 MB (the sample plan with its routes is about 0.5 MB).
    Plan,
    /// Avoid zones (GeoJSON): 16 MB.
    AvoidZones,
    /// A pairs file for batch routing: 64 MB (about a million pairs).
    Pairs,
    /// Routing profiles (RON): 1 MB.
    Profiles,
    /// A risk model (RON): 1 MB.
    RiskModel,
    /// The app's settings: 1 MB.
    Settings,
    /// A passphrase file (`--passphrase-file`): 1 MB.
    Passphrase,
}

impl TextKind {
    /// The largest file of this kind that is read, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self {
            TextKind::Plan | TextKind::Pairs => 64 * MB,
            TextKind::AvoidZones => 16 * MB,
            TextKind::Profiles
            | TextKind::RiskModel
            | TextKind::Settings
            | TextKind::Passphrase => MB,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            TextKind::Plan => "a plan",
            TextKind::AvoidZones => "an avoid-zones file",
            TextKind::Pairs => "a pairs file",
            TextKind::Profiles => "a profiles file",
            TextKind::RiskModel => "a risk model",
            TextKind::Settings => "a settings file",
            TextKind::Passphrase => "a passphrase file",
        }
    }
}

/// Checks that `path` is a regular file (not a device, pipe, socket or folder): the
/// check comes before anything opens it, so a pipe cannot block.
///
/// # Errors
/// The OS error, or one saying what the path is instead.
pub fn regular_file(path: &Path) -> std::io::Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return Ok(meta);
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "a device, pipe or socket"
    };
    Err(std::io::Error::other(format!(
        "it is {what}, not a regular file"
    )))
}

/// Reads a file of `kind` as bytes: a regular file of at most [`TextKind::max_bytes`].
///
/// # Errors
/// The OS error; "not a regular file" or "too large" as `std::io::Error`s whose message
/// says what was wrong.
pub fn read_bytes(path: &Path, kind: TextKind) -> std::io::Result<Vec<u8>> {
    let meta = regular_file(path)?;
    let max = kind.max_bytes();
    let too_big = |n: u64| {
        std::io::Error::other(format!(
            "it is {:.1} MB; {} is read up to {} MB",
            n as f64 / MB as f64,
            kind.noun(),
            max / MB
        ))
    };
    if meta.len() > max {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a text file of `kind`: a regular file of at most [`TextKind::max_bytes`].
///
/// # Errors
/// As [`read_bytes`], and "not UTF-8 text" (kind `InvalidData`).
pub fn read_text(path: &Path, kind: TextKind) -> std::io::Result<String> {
    String::from_utf8(read_bytes(path, kind)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14, item 3: devices, folders and oversized files are refused at once.
    #[test]
    fn only_regular_files_of_a_sensible_size_are_read() {
        #[cfg(unix)]
        {
            let e = read_text(Path::new("/dev/zero"), TextKind::Pairs).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), TextKind::Plan).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        let big = dir.path().join("big.ron");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(2 * MB).unwrap();
        let e = read_text(&big, TextKind::Profiles).unwrap_err();
        assert!(e.to_string().contains("read up to 1 MB"), "{e}");
        let ok = dir.path().join("ok.ron");
        std::fs::write(&ok, "(version: 1)").unwrap();
        assert_eq!(read_text(&ok, TextKind::Plan).unwrap(), "(version: 1)");
        std::fs::write(&ok, [0xff, 0xfe, 0x00]).unwrap();
        let e = read_text(&ok, TextKind::Plan).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    }
}
