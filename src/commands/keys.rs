//! Passphrases for encrypted plans on the command line: read from `--passphrase-file`
//! or asked for on the terminal (without echo), never taken as an argument (it would
//! show in the shell's history and in `ps`). One passphrase is asked once per command.

use super::CommandError;
use crate::plan::{self, Passphrase, Plan, Protection};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where a command gets the passphrase of an encrypted plan.
#[derive(Debug, Default)]
pub struct Keys {
    file: Option<PathBuf>,
    prompt: bool,
    known: Option<Passphrase>,
}

impl Keys {
    /// From `--passphrase-file` when given; otherwise asked on the terminal when
    /// standard input is one.
    pub fn new(passphrase_file: Option<PathBuf>) -> Keys {
        let prompt = passphrase_file.is_none() && std::io::stdin().is_terminal();
        Keys {
            file: passphrase_file,
            prompt,
            known: None,
        }
    }

    /// No passphrase at all: encrypted plans are refused (plain ones open).
    pub fn none() -> Keys {
        Keys::default()
    }

    /// A passphrase given directly (the app and tests).
    pub fn with(passphrase: Passphrase) -> Keys {
        Keys {
            known: Some(passphrase),
            ..Keys::default()
        }
    }

    /// Opens the plan at `path`, plain or encrypted, and says how it was kept so a
    /// command that saves it keeps it the same way.
    ///
    /// # Errors
    /// Plan errors; [`CommandError::Usage`] when an encrypted plan has no passphrase.
    pub fn load(&mut self, path: &Path) -> Result<(Plan, Protection), CommandError> {
        if !plan::is_encrypted(path) {
            return Ok((plan::load(path)?, Protection::Plain));
        }
        let p = self.passphrase(path)?;
        let opened = plan::load_with(path, Some(&p))?;
        Ok((opened, Protection::Passphrase(p)))
    }

    /// The passphrase for an existing encrypted file.
    fn passphrase(&mut self, path: &Path) -> Result<Passphrase, CommandError> {
        if let Some(p) = &self.known {
            return Ok(p.clone());
        }
        let text = match &self.file {
            Some(f) => read_passphrase_file(f)?,
            None if self.prompt => ask(&format!("Passphrase for {}: ", path.display()))?,
            None => {
                return Err(CommandError::Usage(format!(
                    "{} is encrypted: give its passphrase with --passphrase-file FILE, or run in a terminal to be asked (it is never taken on the command line)",
                    path.display()
                )));
            }
        };
        let p = Passphrase::new(text);
        self.known = Some(p.clone());
        Ok(p)
    }

    /// A passphrase to encrypt with: from the file, or asked twice on the terminal.
    ///
    /// # Errors
    /// A short passphrase, two answers that differ, or no way to get one.
    pub fn new_passphrase(&mut self) -> Result<Passphrase, CommandError> {
        let weak = |e: plan::seal::SealError| CommandError::Usage(e.to_string());
        if let Some(p) = &self.known {
            return Ok(p.clone());
        }
        let text = match &self.file {
            Some(f) => read_passphrase_file(f)?,
            None if self.prompt => {
                let first = ask("New passphrase: ")?;
                let second = zeroize::Zeroizing::new(ask("Repeat it: ")?);
                if first != *second {
                    return Err(CommandError::Usage(
                        "the two passphrases differ; nothing was written".into(),
                    ));
                }
                first
            }
            None => {
                return Err(CommandError::Usage(
                    "give the new passphrase with --passphrase-file FILE, or run in a terminal to be asked".into(),
                ));
            }
        };
        let p = Passphrase::for_encrypting(text).map_err(weak)?;
        self.known = Some(p.clone());
        Ok(p)
    }
}

/// The first line of a passphrase file (without its line ending); the rest is ignored.
fn read_passphrase_file(path: &Path) -> Result<String, CommandError> {
    let bytes =
        crate::input::read_bytes(path, crate::input::TextKind::Passphrase).map_err(|source| {
            CommandError::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
    let bytes = zeroize::Zeroizing::new(bytes);
    let text = std::str::from_utf8(&bytes).map_err(|_| CommandError::Read {
        path: path.to_path_buf(),
        source: std::io::Error::other("it is not UTF-8 text"),
    })?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(CommandError::Read {
            path: path.to_path_buf(),
            source: std::io::Error::other("its first line (the passphrase) is empty"),
        });
    }
    Ok(line.to_string())
}

/// Asks on the terminal without echo.
fn ask(prompt: &str) -> Result<String, CommandError> {
    rpassword::prompt_password(prompt).map_err(|e| {
        CommandError::Usage(format!(
            "cannot ask for the passphrase on the terminal ({e}); use --passphrase-file FILE"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_files_give_their_first_line() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("pass");
        std::fs::write(&f, "correct horse battery\r\nignored\n").unwrap();
        assert_eq!(read_passphrase_file(&f).unwrap(), "correct horse battery");
        std::fs::write(&f, "\nsecond").unwrap();
        let e = read_passphrase_file(&f).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let e = Keys::none().passphrase(Path::new("x.ron.age")).unwrap_err();
        assert!(e.to_string().contains("--passphrase-file"), "{e}");
        std::fs::write(&f, "short\n").unwrap();
        let e = Keys::new(Some(f)).new_passphrase().unwrap_err();
        assert!(e.to_string().contains("too short"), "{e}");
    }
}
