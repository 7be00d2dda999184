//! Plans encrypted at rest with a passphrase, in the age format (age-encryption.org/v1):
//! an scrypt passphrase stanza wraps a random file key, and the plan's text is
//! encrypted and authenticated with ChaCha20-Poly1305 in 64 KiB chunks. A `.ron.age`
//! file opens with the `age` command-line tool as well as with Cordon.
//!
//! The passphrase is held in memory only, in a [`Passphrase`] that is wiped when
//! dropped; the decrypted text is wiped after parsing. The format cannot tell a wrong
//! passphrase from a damaged passphrase stanza (both fail the same key check); every
//! other damage (header, payload, truncation) is reported as such.

use age::secrecy::{ExposeSecret, SecretString};
use std::io::{Read, Write};
use zeroize::Zeroizing;

/// The first bytes of every age file.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// The scrypt work factor (log2 N) for new files: about 0.5 to 1 s on a laptop, the
/// age tool's own default range. Memory during the key derivation is 128 * 8 * 2^18 =
/// 256 MiB.
pub const WORK_FACTOR_LOG2: u8 = 18;

/// The largest work factor accepted when opening: files from a fast machine's `age`
/// tool (which calibrates to one second) open; a file demanding more is refused rather
/// than running for minutes.
pub const MAX_WORK_FACTOR_LOG2: u8 = 22;

/// The shortest passphrase accepted for encrypting a plan.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A passphrase, wiped from memory when dropped; its `Debug` never shows it.
#[derive(Clone)]
pub struct Passphrase {
    secret: SecretString,
    work_factor_log2: u8,
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(hidden)")
    }
}

impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        self.secret.expose_secret() == other.secret.expose_secret()
    }
}

impl Passphrase {
    /// Takes a passphrase to open a file with (any length); `text` is moved in and wiped
    /// with the passphrase.
    pub fn new(text: String) -> Passphrase {
        Passphrase {
            secret: SecretString::from(text),
            work_factor_log2: WORK_FACTOR_LOG2,
        }
    }

    /// Takes a passphrase to encrypt with: at least [`MIN_PASSPHRASE_CHARS`] characters
    /// and not only spaces.
    ///
    /// # Errors
    /// [`SealError::WeakPassphrase`].
    pub fn for_encrypting(text: String) -> Result<Passphrase, SealError> {
        let p = Passphrase::new(text);
        let s = p.secret.expose_secret();
        if s.chars().count() < MIN_PASSPHRASE_CHARS || s.trim().is_empty() {
            return Err(SealError::WeakPassphrase);
        }
        Ok(p)
    }

    /// The same passphrase with another scrypt work factor for new files. Tests use a
    /// small one to stay fast; plans use [`WORK_FACTOR_LOG2`].
    pub fn with_work_factor(mut self, log2: u8) -> Passphrase {
        self.work_factor_log2 = log2.clamp(1, MAX_WORK_FACTOR_LOG2);
        self
    }
}

/// How a plan file is kept on disk.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Protection {
    /// Plain RON text.
    #[default]
    Plain,
    /// Encrypted with this passphrase (age, scrypt).
    Passphrase(Passphrase),
}

impl Protection {
    /// Whether the file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        matches!(self, Protection::Passphrase(_))
    }
}

/// Why encrypting or decrypting failed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The key check failed: a wrong passphrase, or a damaged passphrase stanza.
    #[error(
        "wrong passphrase (or the file's passphrase header is damaged or tampered with); nothing was changed"
    )]
    WrongPassphrase,
    /// The file is damaged or was changed after it was written.
    #[error("the encrypted file is damaged or was tampered with ({0}); nothing was changed")]
    Damaged(&'static str),
    /// Encrypted to age keys rather than with a passphrase.
    #[error(
        "the file is encrypted to age keys, not with a passphrase, or its header is damaged; Cordon opens passphrase-encrypted plans"
    )]
    NotPassphrase,
    /// The passphrase stanza asks for more key-derivation work than Cordon allows.
    #[error(
        "the file asks for scrypt work factor {required}, more than the {MAX_WORK_FACTOR_LOG2} Cordon allows (damaged, or written with an unusual setting)"
    )]
    TooMuchWork {
        /// The work factor in the file.
        required: u8,
    },
    /// A passphrase too short to protect a plan.
    #[error(
        "the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters (a few unrelated words are best)"
    )]
    WeakPassphrase,
    /// Encryption itself failed.
    #[error("cannot encrypt: {0}")]
    Encrypt(String),
}

/// Whether `bytes` look like an age file.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Encrypts `plain` with `passphrase`.
///
/// # Errors
/// [`SealError::Encrypt`] (only on an internal failure: writing to memory).
pub fn seal(plain: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>, SealError> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.secret.clone());
    recipient.set_work_factor(passphrase.work_factor_log2);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let fail = |e: std::io::Error| SealError::Encrypt(e.to_string());
    let mut w = encryptor.wrap_output(&mut out).map_err(fail)?;
    w.write_all(plain).map_err(fail)?;
    w.finish().map_err(fail)?;
    Ok(out)
}

/// Decrypts an age file's `bytes` with `passphrase`; the result is wiped when dropped.
///
/// # Errors
/// [`SealError::WrongPassphrase`], [`SealError::Damaged`],
/// [`SealError::NotPassphrase`], [`SealError::TooMuchWork`].
pub fn unseal(bytes: &[u8], passphrase: &Passphrase) -> Result<Zeroizing<Vec<u8>>, SealError> {
    use age::DecryptError as D;
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(|e| match e {
        D::UnknownFormat => SealError::Damaged("not a version this Cordon reads"),
        _ => SealError::Damaged("the header cannot be read"),
    })?;
    if !decryptor.is_scrypt() {
        // A damaged stanza line can also make a passphrase file look like a key file.
        return Err(SealError::NotPassphrase);
    }
    let mut identity = age::scrypt::Identity::new(passphrase.secret.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR_LOG2);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            D::ExcessiveWork { required, .. } => SealError::TooMuchWork { required },
            D::InvalidMac => SealError::Damaged("the header's authentication code does not match"),
            D::InvalidHeader => SealError::Damaged("the passphrase header is malformed"),
            D::DecryptionFailed | D::KeyDecryptionFailed | D::NoMatchingKeys => {
                SealError::WrongPassphrase
            }
            _ => SealError::Damaged("the header cannot be read"),
        })?;
    let mut plain = Zeroizing::new(Vec::with_capacity(bytes.len()));
    reader
        .read_to_end(&mut plain)
        .map_err(|_| SealError::Damaged("the contents fail authentication or are cut short"))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(p: &str) -> Passphrase {
        Passphrase::new(p.into()).with_work_factor(4)
    }

    #[test]
    fn round_trip_wrong_passphrase_and_every_flipped_byte() {
        let text = b"(name: \"Operation Lighthouse\", version: 3)\n".repeat(20);
        let pass = fast("correct horse battery");
        let sealed = seal(&text, &pass).unwrap();
        assert!(is_sealed(&sealed));
        let needle = b"Lighthouse";
        assert!(!sealed.windows(needle.len()).any(|w| w == needle));
        assert_eq!(&unseal(&sealed, &pass).unwrap()[..], &text[..]);
        let e = unseal(&sealed, &fast("wrong horse battery")).unwrap_err();
        assert!(matches!(e, SealError::WrongPassphrase), "{e}");
        assert_eq!(e.to_string().lines().count(), 1);
        // Any one flipped byte is an error, never the plan or another plan.
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x20;
            let r = unseal(&bad, &pass);
            assert!(r.is_err(), "flipping byte {i} went unnoticed");
        }
        // Truncation too.
        assert!(unseal(&sealed[..sealed.len() - 1], &pass).is_err());
        assert!(unseal(&sealed[..40], &pass).is_err());
    }

    #[test]
    fn weak_passphrases_are_refused_for_encrypting() {
        assert!(matches!(
            Passphrase::for_encrypting("short".into()),
            Err(SealError::WeakPassphrase)
        ));
        assert!(Passphrase::for_encrypting("          ".into()).is_err());
        assert!(Passphrase::for_encrypting("three random words".into()).is_ok());
        assert_eq!(
            format!("{:?}", fast("secret words here")),
            "Passphrase(hidden)"
        );
    }

    #[test]
    fn excessive_work_is_refused_before_it_runs() {
        let pass = fast("correct horse battery");
        let sealed = seal(b"x", &pass).unwrap();
        let text = String::from_utf8_lossy(&sealed).into_owned();
        // The stanza line is "-> scrypt SALT 4": ask for 2^30 instead.
        let line_end = text.find(" 4\n").expect("the work factor in the stanza");
        let mut bad = sealed.clone();
        bad.splice(line_end + 1..line_end + 2, *b"30");
        let e = unseal(&bad, &pass).unwrap_err();
        assert!(matches!(e, SealError::TooMuchWork { required: 30 }), "{e}");
    }
}
