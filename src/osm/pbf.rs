//! The `.osm.pbf` file format, read from its wire bytes: blob frames, zlib, and the
//! protobuf messages of `fileformat.proto` and `osmformat.proto` that Cordon uses.
//!
//! Written here rather than taken from the `osmpbf` crate (which Cordon used before,
//! and which the tests still use as an independent reference reader): osmpbf 0.3.8
//! panics on a relation member type other than node, way or relation (it unwraps
//! protobuf's `EnumOrUnknown`, and the raw types are private), and it decodes a whole
//! block into owned protobuf structures (a `Vec` per string, a `Vec` per packed array)
//! before a caller can count anything, so a 30 KB blob could cost hundreds of MB per
//! decoding thread. Reading the wire format directly gives borrowed strings, element
//! and string counts checked before anything is allocated for them, and no panic path.
//!
//! Limits, each a clear error naming the blob's byte offset:
//! - a blob header of at most 64 KiB, a blob of at most 32 MiB compressed and 32 MiB
//!   uncompressed (the format's own limits);
//! - a blob may inflate at most [`MAX_INFLATION`]-fold (real extracts inflate 2 to 5
//!   fold; a decompression bomb inflates a thousandfold);
//! - at most [`MAX_BLOCK_ELEMENTS`] elements, [`MAX_BLOCK_STRINGS`] strings and
//!   [`MAX_BLOCK_REFS`] way references and relation members per block (writers put
//!   8,000 elements in a block by convention; the largest block seen in a real file
//!   here holds 180,118).

use crate::coord::BBox;
use std::io::Read;

/// The largest blob header accepted.
pub const MAX_BLOB_HEADER_BYTES: u64 = 64 * 1024;
/// The largest blob accepted, compressed or not.
pub const MAX_BLOB_BYTES: u64 = 32 * 1024 * 1024;
/// How many times larger than its compressed bytes a blob may inflate.
pub const MAX_INFLATION: u64 = 32;
/// The most nodes, ways and relations one block may hold.
pub const MAX_BLOCK_ELEMENTS: usize = 1_000_000;
/// The most strings one block's string table may hold.
pub const MAX_BLOCK_STRINGS: usize = 1_000_000;
/// The most way references plus relation members one block may hold.
pub const MAX_BLOCK_REFS: usize = 16_000_000;

/// Why a file could not be read as PBF.
#[derive(Debug, thiserror::Error)]
pub enum PbfError {
    /// The file ends inside a blob.
    #[error("truncated (unexpected end of file inside the blob at byte {offset})")]
    Truncated {
        /// Where the cut blob starts.
        offset: u64,
    },
    /// The operating system could not read the file.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A blob's bytes are not what the format says.
    #[error("blob at byte {offset}: {what}")]
    Bad {
        /// Where the blob starts.
        offset: u64,
        /// What is wrong, in words.
        what: String,
    },
}

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
        let (raw_size, body) = blob_body(body).map_err(bad)?;
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

fn blob_body(bytes: Vec<u8>) -> Result<(u64, Body), String> {
    let mut raw_size = None;
    let mut found: Option<(usize, usize, u32)> = None;
    {
        let mut f = Fields::new(&bytes);
        while let Some((n, v)) = f.next_field()? {
            match (n, v) {
                (2, Value::Varint(s)) => raw_size = Some(s as i64),
                (1 | 3..=7, Value::Bytes(b)) => {
                    let start = b.as_ptr() as usize - bytes.as_ptr() as usize;
                    found = Some((start, start + b.len(), n));
                }
                _ => {}
            }
        }
    }
    let (start, end, n) = found.ok_or("a blob with no data")?;
    let data = bytes[start..end].to_vec();
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

/// One protobuf field value.
#[derive(Debug, Clone, Copy)]
enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

/// The fields of one protobuf message, in order.
struct Fields<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    fn new(buf: &'a [u8]) -> Fields<'a> {
        Fields { buf, pos: 0 }
    }

    fn next_field(&mut self) -> Result<Option<(u32, Value<'a>)>, String> {
        if self.pos >= self.buf.len() {
            return Ok(None);
        }
        let key = varint(self.buf, &mut self.pos)?;
        let number = u32::try_from(key >> 3).map_err(|_| "a field number out of range")?;
        let value = match key & 7 {
            0 => Value::Varint(varint(self.buf, &mut self.pos)?),
            1 => {
                self.skip(8)?;
                Value::Fixed
            }
            2 => {
                let len = varint(self.buf, &mut self.pos)?;
                let len = usize::try_from(len).map_err(|_| "a length out of range")?;
                let start = self.pos;
                self.skip(len)?;
                Value::Bytes(&self.buf[start..self.pos])
            }
            5 => {
                self.skip(4)?;
                Value::Fixed
            }
            w => return Err(format!("protobuf wire type {w}, which OSM data never uses")),
        };
        Ok(Some((number, value)))
    }

    fn skip(&mut self, n: usize) -> Result<(), String> {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.buf.len() => {
                self.pos = end;
                Ok(())
            }
            _ => Err("a field runs past the end of its message".into()),
        }
    }
}

fn varint(buf: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let Some(&b) = buf.get(*pos) else {
            return Err("a number runs past the end of its message".into());
        };
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err("a number longer than 10 bytes".into())
}

fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// How many varints a packed field holds (counted before decoding it).
fn packed_len(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b < 0x80).count()
}

/// Decodes a packed field of varints into `out` (cleared first).
fn unpack(bytes: &[u8], out: &mut Vec<u64>) -> Result<(), String> {
    out.clear();
    out.reserve(packed_len(bytes));
    let mut pos = 0;
    while pos < bytes.len() {
        out.push(varint(bytes, &mut pos)?);
    }
    Ok(())
}

/// Decodes a packed, delta-coded field of sint64 into absolute values.
fn unpack_delta(bytes: &[u8], out: &mut Vec<i64>) -> Result<(), String> {
    out.clear();
    out.reserve(packed_len(bytes));
    let (mut pos, mut acc) = (0, 0i64);
    while pos < bytes.len() {
        acc = acc.wrapping_add(zigzag(varint(bytes, &mut pos)?));
        out.push(acc);
    }
    Ok(())
}

/// The header block: the declared box and the features a reader must have.
#[derive(Debug, Default)]
pub struct Header {
    /// `bbox`, in degrees.
    pub bbox: Option<BBox>,
    /// `required_features`.
    pub required_features: Vec<String>,
}

/// Reads a header block's bytes.
///
/// # Errors
/// What is malformed, in words.
pub fn header(data: &[u8]) -> Result<Header, String> {
    let mut h = Header::default();
    let mut f = Fields::new(data);
    while let Some((n, v)) = f.next_field()? {
        match (n, v) {
            (1, Value::Bytes(b)) => h.bbox = Some(header_bbox(b)?),
            (4, Value::Bytes(s)) => h
                .required_features
                .push(String::from_utf8_lossy(s).into_owned()),
            _ => {}
        }
    }
    Ok(h)
}

fn header_bbox(b: &[u8]) -> Result<BBox, String> {
    let mut v = [0i64; 4];
    let mut f = Fields::new(b);
    while let Some((n, x)) = f.next_field()? {
        if let (1..=4, Value::Varint(x)) = (n, x) {
            v[n as usize - 1] = zigzag(x);
        }
    }
    let deg = |nano: i64| nano as f64 * 1e-9;
    Ok(BBox {
        min_lon: deg(v[0]),
        max_lon: deg(v[1]),
        max_lat: deg(v[2]),
        min_lat: deg(v[3]),
    })
}

/// A relation member's type, as the file gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberType {
    /// 0.
    Node,
    /// 1.
    Way,
    /// 2.
    Relation,
}

/// One relation member.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// Node, way or relation.
    pub kind: MemberType,
    /// The member's id.
    pub id: i64,
    /// Its role.
    pub role: &'a str,
}

/// One element of a block, handed to the caller of [`Block::for_each`].
pub enum Element<'e, 'a> {
    /// A node: id, longitude and latitude in degrees, tags.
    Node(i64, f64, f64, &'e [(&'a str, &'a str)]),
    /// A way: id, node references, tags.
    Way(i64, &'e [i64], &'e [(&'a str, &'a str)]),
    /// A relation: id, tags, members.
    Relation(i64, &'e [(&'a str, &'a str)], &'e [Member<'a>]),
}

/// What decoding a block counted besides its elements.
#[derive(Debug, Default, Clone, Copy)]
pub struct BlockCounts {
    /// Relations left out because a member's type is not node, way or relation.
    pub relations_with_unknown_members: u64,
}

/// A data block, split into its string table, groups and coordinate scale.
pub struct Block<'a> {
    strings: Vec<&'a str>,
    groups: Vec<&'a [u8]>,
    granularity: i64,
    lat_offset: i64,
    lon_offset: i64,
}

/// Reusable buffers for decoding a block's packed fields.
#[derive(Default)]
struct Scratch<'a> {
    ids: Vec<i64>,
    lats: Vec<i64>,
    lons: Vec<i64>,
    refs: Vec<i64>,
    keys: Vec<u64>,
    vals: Vec<u64>,
    types: Vec<u64>,
    tags: Vec<(&'a str, &'a str)>,
    members: Vec<Member<'a>>,
}

/// Splits a data block's bytes.
///
/// # Errors
/// What is malformed, in words (including a string table over its limit).
pub fn block(data: &[u8]) -> Result<Block<'_>, String> {
    let mut b = Block {
        strings: Vec::new(),
        groups: Vec::new(),
        granularity: 100,
        lat_offset: 0,
        lon_offset: 0,
    };
    let mut f = Fields::new(data);
    while let Some((n, v)) = f.next_field()? {
        match (n, v) {
            (1, Value::Bytes(t)) => b.strings = string_table(t)?,
            (2, Value::Bytes(g)) => b.groups.push(g),
            (17, Value::Varint(g)) => b.granularity = i64::from(g as i32),
            (19, Value::Varint(o)) => b.lat_offset = o as i64,
            (20, Value::Varint(o)) => b.lon_offset = o as i64,
            _ => {}
        }
    }
    Ok(b)
}

fn string_table(t: &[u8]) -> Result<Vec<&str>, String> {
    // Count first: a table of millions of empty strings is refused before it is built.
    let mut count = 0usize;
    let mut f = Fields::new(t);
    while let Some((n, _)) = f.next_field()? {
        count += usize::from(n == 1);
        if count > MAX_BLOCK_STRINGS {
            return Err(format!(
                "a string table of more than {MAX_BLOCK_STRINGS} strings"
            ));
        }
    }
    let mut out = Vec::with_capacity(count);
    let mut f = Fields::new(t);
    while let Some((n, v)) = f.next_field()? {
        if let (1, Value::Bytes(s)) = (n, v) {
            // Text that is not UTF-8 reads as empty rather than failing the file.
            out.push(std::str::from_utf8(s).unwrap_or(""));
        }
    }
    Ok(out)
}

impl<'a> Block<'a> {
    fn string(&self, i: u64) -> Result<&'a str, String> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.strings.get(i))
            .copied()
            .ok_or_else(|| format!("string index {i} beyond a table of {}", self.strings.len()))
    }

    fn degrees(&self, offset: i64, raw: i64) -> f64 {
        (offset as f64 + self.granularity as f64 * raw as f64) * 1e-9
    }

    /// Hands every element to `f`, in file order; relations whose members have an
    /// unknown type are left out and counted.
    ///
    /// # Errors
    /// What is malformed, in words; counts over the limits.
    pub fn for_each(&self, f: &mut dyn FnMut(Element<'_, 'a>)) -> Result<BlockCounts, String> {
        self.check_counts()?;
        let mut s = Scratch::default();
        let mut counts = BlockCounts::default();
        for g in &self.groups {
            let mut fields = Fields::new(g);
            while let Some((n, v)) = fields.next_field()? {
                let Value::Bytes(m) = v else { continue };
                match n {
                    1 => self.node(m, &mut s, f)?,
                    2 => self.dense(m, &mut s, f)?,
                    3 => self.way(m, &mut s, f)?,
                    4 => self.relation(m, &mut s, &mut counts, f)?,
                    _ => {}
                }
            }
        }
        Ok(counts)
    }

    /// Counts elements and references before any is decoded.
    fn check_counts(&self) -> Result<(), String> {
        let (mut elements, mut refs) = (0usize, 0usize);
        for g in &self.groups {
            let mut fields = Fields::new(g);
            while let Some((n, v)) = fields.next_field()? {
                match (n, v) {
                    (1, _) => elements += 1,
                    (2, Value::Bytes(d)) => {
                        let mut df = Fields::new(d);
                        while let Some((dn, dv)) = df.next_field()? {
                            if let (1, Value::Bytes(ids)) = (dn, dv) {
                                elements += packed_len(ids);
                            }
                        }
                    }
                    (3 | 4, Value::Bytes(w)) => {
                        elements += 1;
                        let mut wf = Fields::new(w);
                        while let Some((wn, wv)) = wf.next_field()? {
                            if let (8 | 9, Value::Bytes(r)) = (wn, wv) {
                                refs += packed_len(r);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if elements > MAX_BLOCK_ELEMENTS {
            return Err(format!(
                "a block of {elements} elements (at most {MAX_BLOCK_ELEMENTS}; writers use 8,000)"
            ));
        }
        if refs > MAX_BLOCK_REFS {
            return Err(format!(
                "a block of {refs} way references and relation members (at most {MAX_BLOCK_REFS})"
            ));
        }
        Ok(())
    }

    fn tags(&self, s: &mut Scratch<'a>) -> Result<(), String> {
        if s.keys.len() != s.vals.len() {
            return Err(format!(
                "an element with {} tag keys but {} values",
                s.keys.len(),
                s.vals.len()
            ));
        }
        s.tags.clear();
        for (k, v) in s.keys.iter().zip(&s.vals) {
            s.tags.push((self.string(*k)?, self.string(*v)?));
        }
        Ok(())
    }

    fn node(
        &self,
        m: &[u8],
        s: &mut Scratch<'a>,
        f: &mut dyn FnMut(Element<'_, 'a>),
    ) -> Result<(), String> {
        let (mut id, mut lat, mut lon) = (0, 0, 0);
        s.keys.clear();
        s.vals.clear();
        let mut fields = Fields::new(m);
        while let Some((n, v)) = fields.next_field()? {
            match (n, v) {
                (1, Value::Varint(x)) => id = zigzag(x),
                (2, Value::Bytes(b)) => unpack(b, &mut s.keys)?,
                (3, Value::Bytes(b)) => unpack(b, &mut s.vals)?,
                (8, Value::Varint(x)) => lat = zigzag(x),
                (9, Value::Varint(x)) => lon = zigzag(x),
                _ => {}
            }
        }
        self.tags(s)?;
        let (x, y) = (
            self.degrees(self.lon_offset, lon),
            self.degrees(self.lat_offset, lat),
        );
        f(Element::Node(id, x, y, &s.tags));
        Ok(())
    }

    fn dense(
        &self,
        m: &[u8],
        s: &mut Scratch<'a>,
        f: &mut dyn FnMut(Element<'_, 'a>),
    ) -> Result<(), String> {
        let mut keys_vals: &[u8] = &[];
        s.ids.clear();
        s.lats.clear();
        s.lons.clear();
        let mut fields = Fields::new(m);
        while let Some((n, v)) = fields.next_field()? {
            match (n, v) {
                (1, Value::Bytes(b)) => unpack_delta(b, &mut s.ids)?,
                (8, Value::Bytes(b)) => unpack_delta(b, &mut s.lats)?,
                (9, Value::Bytes(b)) => unpack_delta(b, &mut s.lons)?,
                (10, Value::Bytes(b)) => keys_vals = b,
                _ => {}
            }
        }
        if s.lats.len() != s.ids.len() || s.lons.len() != s.ids.len() {
            return Err(format!(
                "dense nodes with {} ids, {} latitudes and {} longitudes",
                s.ids.len(),
                s.lats.len(),
                s.lons.len()
            ));
        }
        let mut pos = 0;
        for i in 0..s.ids.len() {
            s.tags.clear();
            // Each node's tags are key, value pairs ended by a 0; an empty list means
            // no node has tags.
            while pos < keys_vals.len() {
                let k = varint(keys_vals, &mut pos)?;
                if k == 0 {
                    break;
                }
                let v = varint(keys_vals, &mut pos)?;
                s.tags.push((self.string(k)?, self.string(v)?));
            }
            let (x, y) = (
                self.degrees(self.lon_offset, s.lons[i]),
                self.degrees(self.lat_offset, s.lats[i]),
            );
            f(Element::Node(s.ids[i], x, y, &s.tags));
        }
        Ok(())
    }

    fn way(
        &self,
        m: &[u8],
        s: &mut Scratch<'a>,
        f: &mut dyn FnMut(Element<'_, 'a>),
    ) -> Result<(), String> {
        let mut id = 0;
        s.keys.clear();
        s.vals.clear();
        s.refs.clear();
        let mut fields = Fields::new(m);
        while let Some((n, v)) = fields.next_field()? {
            match (n, v) {
                (1, Value::Varint(x)) => id = x as i64,
                (2, Value::Bytes(b)) => unpack(b, &mut s.keys)?,
                (3, Value::Bytes(b)) => unpack(b, &mut s.vals)?,
                (8, Value::Bytes(b)) => unpack_delta(b, &mut s.refs)?,
                _ => {}
            }
        }
        self.tags(s)?;
        f(Element::Way(id, &s.refs, &s.tags));
        Ok(())
    }

    fn relation(
        &self,
        m: &[u8],
        s: &mut Scratch<'a>,
        counts: &mut BlockCounts,
        f: &mut dyn FnMut(Element<'_, 'a>),
    ) -> Result<(), String> {
        let mut id = 0;
        let mut roles: &[u8] = &[];
        s.keys.clear();
        s.vals.clear();
        s.refs.clear();
        s.types.clear();
        let mut fields = Fields::new(m);
        while let Some((n, v)) = fields.next_field()? {
            match (n, v) {
                (1, Value::Varint(x)) => id = x as i64,
                (2, Value::Bytes(b)) => unpack(b, &mut s.keys)?,
                (3, Value::Bytes(b)) => unpack(b, &mut s.vals)?,
                (8, Value::Bytes(b)) => roles = b,
                (9, Value::Bytes(b)) => unpack_delta(b, &mut s.refs)?,
                (10, Value::Bytes(b)) => unpack(b, &mut s.types)?,
                _ => {}
            }
        }
        self.tags(s)?;
        if s.types.len() != s.refs.len() || packed_len(roles) != s.refs.len() {
            return Err(format!(
                "relation {id} with {} member ids, {} types and {} roles",
                s.refs.len(),
                s.types.len(),
                packed_len(roles)
            ));
        }
        s.members.clear();
        let mut pos = 0;
        for (member_id, t) in s.refs.iter().zip(&s.types) {
            let role = self.string(varint(roles, &mut pos)?)?;
            let kind = match t {
                0 => MemberType::Node,
                1 => MemberType::Way,
                2 => MemberType::Relation,
                _ => {
                    counts.relations_with_unknown_members += 1;
                    return Ok(());
                }
            };
            s.members.push(Member {
                kind,
                id: *member_id,
                role,
            });
        }
        f(Element::Relation(id, &s.tags, &s.members));
        Ok(())
    }
}

/// Writing PBF bytes, for tests that need files no writer would make.
#[cfg(test)]
pub(crate) mod write {
    use std::io::Write;

    /// Appends a varint.
    pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    /// The zigzag code of `v`.
    pub fn zz(v: i64) -> u64 {
        ((v << 1) ^ (v >> 63)) as u64
    }

    /// A varint field.
    pub fn int(out: &mut Vec<u8>, n: u32, v: u64) {
        put_varint(out, u64::from(n) << 3);
        put_varint(out, v);
    }

    /// A length-delimited field.
    pub fn bytes(out: &mut Vec<u8>, n: u32, b: &[u8]) {
        put_varint(out, (u64::from(n) << 3) | 2);
        put_varint(out, b.len() as u64);
        out.extend_from_slice(b);
    }

    /// A packed field of varints.
    pub fn packed(out: &mut Vec<u8>, n: u32, vs: impl IntoIterator<Item = u64>) {
        let mut b = Vec::new();
        for v in vs {
            put_varint(&mut b, v);
        }
        bytes(out, n, &b);
    }

    /// A framed blob of `kind` holding `data`, zlib-compressed.
    pub fn blob(kind: &str, data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).expect("memory");
        let z = z.finish().expect("memory");
        let mut body = Vec::new();
        int(&mut body, 2, data.len() as u64);
        bytes(&mut body, 3, &z);
        frame(kind, &body)
    }

    /// A framed blob of `kind` holding `data` uncompressed.
    pub fn raw_blob(kind: &str, data: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        bytes(&mut body, 1, data);
        frame(kind, &body)
    }

    fn frame(kind: &str, body: &[u8]) -> Vec<u8> {
        let mut header = Vec::new();
        bytes(&mut header, 1, kind.as_bytes());
        int(&mut header, 3, body.len() as u64);
        let mut out = (header.len() as u32).to_be_bytes().to_vec();
        out.extend(header);
        out.extend_from_slice(body);
        out
    }

    /// A header blob needing only the usual features.
    pub fn header_blob() -> Vec<u8> {
        let mut h = Vec::new();
        bytes(&mut h, 4, b"OsmSchema-V0.6");
        bytes(&mut h, 4, b"DenseNodes");
        blob("OSMHeader", &h)
    }

    /// A data block from a string table and one group's bytes.
    pub fn data_block(strings: &[&str], group: &[u8]) -> Vec<u8> {
        let mut st = Vec::new();
        for s in strings {
            bytes(&mut st, 1, s.as_bytes());
        }
        let mut b = Vec::new();
        bytes(&mut b, 1, &st);
        bytes(&mut b, 2, group);
        b
    }

    /// A dense-node group: (id, lat, lon) in 1e-7 degrees, no tags.
    pub fn dense(nodes: &[(i64, i64, i64)]) -> Vec<u8> {
        let delta = |f: fn(&(i64, i64, i64)) -> i64| {
            let mut prev = 0;
            nodes
                .iter()
                .map(|n| {
                    let d = f(n) - prev;
                    prev = f(n);
                    zz(d)
                })
                .collect::<Vec<_>>()
        };
        let mut d = Vec::new();
        packed(&mut d, 1, delta(|n| n.0));
        packed(&mut d, 8, delta(|n| n.1));
        packed(&mut d, 9, delta(|n| n.2));
        let mut g = Vec::new();
        bytes(&mut g, 2, &d);
        g
    }
}

#[cfg(test)]
mod tests {
    use super::write::*;
    use super::*;

    fn read_file(bytes: &[u8]) -> Result<crate::map::Map, crate::osm::Error> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("crafted.osm.pbf");
        std::fs::write(&p, bytes).unwrap();
        crate::osm::read(&p)
    }

    /// Two nodes, a way between them, and a restriction-like relation whose member
    /// types are `types`.
    fn file_with_relation(types: &[u64]) -> Vec<u8> {
        let strings = ["", "highway", "residential", "type", "restriction", "from"];
        let mut file = header_blob();
        let nodes = dense(&[(1, 437_000_000, 74_200_000), (2, 437_010_000, 74_210_000)]);
        file.extend(blob("OSMData", &data_block(&strings, &nodes)));
        let mut way = Vec::new();
        int(&mut way, 1, 10);
        packed(&mut way, 2, [1]);
        packed(&mut way, 3, [2]);
        packed(&mut way, 8, [zz(1), zz(1)]);
        let mut group = Vec::new();
        bytes(&mut group, 3, &way);
        let mut rel = Vec::new();
        int(&mut rel, 1, 99);
        packed(&mut rel, 2, [3]);
        packed(&mut rel, 3, [4]);
        packed(&mut rel, 8, types.iter().map(|_| 5));
        packed(&mut rel, 9, types.iter().map(|_| zz(10)));
        packed(&mut rel, 10, types.iter().copied());
        bytes(&mut group, 4, &rel);
        file.extend(blob("OSMData", &data_block(&strings, &group)));
        file
    }

    /// Issue 14, item 1: member types 3, 7 and 127 skip the relation, counted; the
    /// map loads. (osmpbf 0.3.8 panicked here.)
    #[test]
    fn unknown_member_types_skip_the_relation() {
        let ok = read_file(&file_with_relation(&[1, 0, 1])).expect("loads");
        assert_eq!(ok.stats().relations, 1);
        assert_eq!(ok.stats().relations_with_unknown_members, 0);
        for t in [3, 7, 127] {
            let m = read_file(&file_with_relation(&[1, t])).expect("loads");
            assert_eq!(m.stats().relations_with_unknown_members, 1, "type {t}");
            assert_eq!(m.stats().ways, 1);
        }
    }

    /// Issue 14, item 7: a tiny blob declaring millions of dense nodes, or a string
    /// table of millions of entries, is refused before it is decoded; a bomb is
    /// refused before it is inflated.
    #[test]
    fn oversized_blocks_and_bombs_are_refused() {
        // 2 million nodes of one id, one position: a few KB compressed.
        let n = 2_000_000;
        let mut d = Vec::new();
        let mut ids = vec![0u8; n];
        ids[0] = 2;
        bytes(&mut d, 1, &ids);
        bytes(&mut d, 8, &vec![0u8; n]);
        bytes(&mut d, 9, &vec![0u8; n]);
        let mut g = Vec::new();
        bytes(&mut g, 2, &d);
        let data = data_block(&[""], &g);
        // Compressed it is a few KB, and refused as a bomb; stored raw (no inflation)
        // the element count refuses it.
        let mut file = header_blob();
        let b = blob("OSMData", &data);
        assert!(b.len() < 64 * 1024, "{} bytes", b.len());
        file.extend(b);
        let e = read_file(&file).expect_err("refused").to_string();
        assert!(e.contains("decompression bomb"), "{e}");
        let mut file = header_blob();
        file.extend(raw_blob("OSMData", &data));
        let e = read_file(&file).expect_err("refused").to_string();
        assert!(e.contains("elements (at most 1000000"), "{e}");
        // A string table of 3 million empty strings.
        let mut st = Vec::new();
        for _ in 0..3_000_000 {
            bytes(&mut st, 1, b"");
        }
        let mut data = Vec::new();
        bytes(&mut data, 1, &st);
        let mut file = header_blob();
        file.extend(raw_blob("OSMData", &data));
        let e = read_file(&file).expect_err("refused").to_string();
        assert!(e.contains("string table of more than"), "{e}");
        // A blob that would inflate 1000-fold.
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let mut file = header_blob();
        file.extend(blob("OSMData", &zeros));
        let e = read_file(&file).expect_err("refused").to_string();
        assert!(e.contains("decompression bomb"), "{e}");
    }

    #[test]
    fn damaged_frames_and_fields_are_errors() {
        // A blob header claiming 1 GB.
        let e = read_file(&[0x40, 0, 0, 0, 1, 2, 3])
            .expect_err("bad")
            .to_string();
        assert!(e.contains("blob header of"), "{e}");
        // A string index beyond the table.
        let mut node = Vec::new();
        int(&mut node, 1, zz(5));
        packed(&mut node, 2, [7]);
        packed(&mut node, 3, [0]);
        let mut g = Vec::new();
        bytes(&mut g, 1, &node);
        let mut file = header_blob();
        file.extend(blob("OSMData", &data_block(&["", "a"], &g)));
        let e = read_file(&file).expect_err("bad").to_string();
        assert!(e.contains("string index 7 beyond a table of 2"), "{e}");
        // Dense nodes whose arrays disagree.
        let mut d = Vec::new();
        packed(&mut d, 1, [zz(1), zz(1)]);
        packed(&mut d, 8, [0]);
        packed(&mut d, 9, [0, 0]);
        let mut g = Vec::new();
        bytes(&mut g, 2, &d);
        let mut file = header_blob();
        file.extend(blob("OSMData", &data_block(&[""], &g)));
        let e = read_file(&file).expect_err("bad").to_string();
        assert!(e.contains("2 ids, 1 latitudes"), "{e}");
        // A varint that never ends.
        let mut v = 0;
        assert!(varint(&[0xff; 11], &mut v).is_err());
        assert_eq!(zigzag(zz(-5)), -5);
        assert_eq!(zigzag(zz(i64::MIN)), i64::MIN);
    }
}
