//! Writing PBF bytes, for tests that need files no writer would make.

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
