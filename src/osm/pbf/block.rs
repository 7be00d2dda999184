//! The messages of `osmformat.proto` Cordon reads: the header block, and data blocks
//! with their string table, dense and plain nodes, ways and relations, counted against
//! the limits before anything is decoded.

use super::wire::{Fields, Value, packed_len, unpack, unpack_delta, varint, zigzag};
use super::{MAX_BLOCK_ELEMENTS, MAX_BLOCK_REFS, MAX_BLOCK_STRINGS};
use crate::coord::BBox;

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
