//! Blob frames: the length-prefixed `BlobHeader` and `Blob` of `fileformat.proto`,
//! read one after another with the format's size limits, and zlib inflation with the
//! bomb check.

use super::wire::{Fields, Value};
use super::{MAX_BLOB_BYTES, MAX_BLOB_HEADER_BYTES, MAX_INFLATION, PbfError};
use std::io::Read;

/// The kind a blob header declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobKind {
    /// `OSMHeader`.
    Header,
    /// `OSMData`.
    Data,
    /// Anything else (skipped, as the format asks).
    Other,
}

/// One blob as read from the file, not yet inflated.
#[derive(Debug)]
pub struct Blob {
    /// What it holds.
    pub kind: BlobKind,
    /// Its byte offset in the file.
    pub offset: u64,
    raw_size: u64,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Raw(Vec<u8>),
    Zlib(Vec<u8>),
    Unsupported(&'static str),
}

impl Blob {
    /// The size of its uncompressed bytes (as declared).
    pub fn raw_size(&self) -> u64 {
        self.raw_size
    }

    /// The uncompressed bytes.
    ///
    /// # Errors
    /// [`PbfError::Bad`] for unsupported compression, a size over the limits, a bomb,
    /// or zlib data that is damaged or not the declared size.
    pub fn data(self) -> Result<Vec<u8>, PbfError> {
        let bad = |what: String| PbfError::Bad {
            offset: self.offset,
            what,
        };
        match self.body {
            Body::Raw(bytes) => Ok(bytes),
            Body::Unsupported(name) => Err(bad(format!(
                "compressed with {name}, which Cordon does not read (zlib or none)"
            ))),
            Body::Zlib(z) => {
                let declared = self.raw_size;
                if declared > MAX_BLOB_BYTES {
                    return Err(bad(format!(
                        "declares {declared} uncompressed bytes, over the format's 32 MiB"
                    )));
                }
                let compressed = z.len() as u64;
                if declared > 1024 * 1024 && declared > MAX_INFLATION * compressed {
                    return Err(bad(format!(
                        "{compressed} bytes would inflate to {declared} ({}-fold; real data inflates 2 to 5-fold): refused as a decompression bomb",
                        declared / compressed.max(1)
                    )));
                }
                let mut out = Vec::with_capacity(declared as usize);
                flate2::read::ZlibDecoder::new(&z[..])
                    .take(declared + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| bad(format!("damaged zlib data ({e})")))?;
                if out.len() as u64 != declared {
                    return Err(bad(format!(
                        "inflates to {} bytes, not the {declared} it declares",
                        out.len()
                    )));
                }
                Ok(out)
            }
        }
    }
}

/// Reads blobs one after another from a PBF stream.
pub struct BlobReader<R> {
    r: R,
    offset: u64,
    done: bool,
}

impl<R: Read> BlobReader<R> {
    /// Blobs from `r`, which is at the start of a file.
    pub fn new(r: R) -> BlobReader<R> {
        BlobReader {
            r,
            offset: 0,
            done: false,
        }
    }

    fn read_blob(&mut self) -> Result<Option<Blob>, PbfError> {
        let offset = self.offset;
        let truncated = || PbfError::Truncated { offset };
        let bad = |what: String| PbfError::Bad { offset, what };
        let mut len = [0u8; 4];
        let got = read_full(&mut self.r, &mut len)?;
        if got == 0 {
            return Ok(None);
        }
        if got < 4 {
            return Err(truncated());
        }
        let header_len = u64::from(u32::from_be_bytes(len));
        if header_len > MAX_BLOB_HEADER_BYTES {
            return Err(bad(format!(
                "a blob header of {header_len} bytes (at most 64 KiB): not a PBF file, or damaged"
            )));
        }
        let header = read_exact(&mut self.r, header_len, offset)?;
        let (kind, size) = blob_header(&header).map_err(bad)?;
        if size > MAX_BLOB_BYTES {
            return Err(bad(format!(
                "a blob of {size} bytes (at most 32 MiB): damaged"
            )));
        }
        let body = read_exact(&mut self.r, size, offset)?;
        self.offset += 4 + header_len + size;
        if kind == BlobKind::Other {
            return Ok(Some(Blob {
                kind,
                offset,
                raw_size: 0,
                body: Body::Raw(Vec::new()),
            }));
        }
        let (raw_size, body) = blob_body(&body).map_err(bad)?;
        Ok(Some(Blob {
            kind,
            offset,
            raw_size,
            body,
        }))
    }
}

impl<R: Read> Iterator for BlobReader<R> {
    type Item = Result<Blob, PbfError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.read_blob();
        if !matches!(r, Ok(Some(_))) {
            self.done = true;
        }
        r.transpose()
    }
}

/// Reads until `buf` is full or the stream ends; returns how many bytes came.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Reads exactly `len` bytes (`len` already bounded by the caller).
fn read_exact(r: &mut impl Read, len: u64, offset: u64) -> Result<Vec<u8>, PbfError> {
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(PbfError::Truncated { offset });
    }
    Ok(buf)
}

fn blob_header(bytes: &[u8]) -> Result<(BlobKind, u64), String> {
    let (mut kind, mut size) = (None, None);
    let mut f = Fields::new(bytes);
    while let Some((n, v)) = f.next_field()? {
        match (n, v) {
            (1, Value::Bytes(t)) => {
                kind = Some(match t {
                    b"OSMHeader" => BlobKind::Header,
                    b"OSMData" => BlobKind::Data,
                    _ => BlobKind::Other,
                })
            }
            (3, Value::Varint(s)) => size = Some(s as i64),
            _ => {}
        }
    }
    let kind = kind.ok_or("a blob header without a type")?;
    let size = size.ok_or("a blob header without a size")?;
    let size = u64::try_from(size).map_err(|_| format!("a negative blob size ({size})"))?;
    Ok((kind, size))
}

fn blob_body(bytes: &[u8]) -> Result<(u64, Body), String> {
    let mut raw_size = None;
    let mut found: Option<(&[u8], u32)> = None;
    let mut f = Fields::new(bytes);
    while let Some((n, v)) = f.next_field()? {
        match (n, v) {
            (2, Value::Varint(s)) => raw_size = Some(s as i64),
            (1 | 3..=7, Value::Bytes(b)) => found = Some((b, n)),
            _ => {}
        }
    }
    let (data, n) = found.ok_or("a blob with no data")?;
    let data = data.to_vec();
    let body = match n {
        1 => Body::Raw(data),
        3 => Body::Zlib(data),
        4 => Body::Unsupported("LZMA"),
        5 => Body::Unsupported("bzip2"),
        6 => Body::Unsupported("LZ4"),
        _ => Body::Unsupported("Zstandard"),
    };
    let raw_size = match (&body, raw_size) {
        (Body::Raw(d), _) => d.len() as i64,
        (_, Some(s)) => s,
        (_, None) => return Err("a compressed blob without its raw size".into()),
    };
    let raw_size =
        u64::try_from(raw_size).map_err(|_| format!("a negative raw size ({raw_size})"))?;
    Ok((raw_size, body))
}
