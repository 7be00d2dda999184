//! The protobuf wire format, as far as OSM data uses it: fields in order, varints,
//! zigzag, packed and delta-coded arrays. No allocation but the caller's buffers.

/// One protobuf field value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

/// The fields of one protobuf message, in order.
pub(super) struct Fields<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Fields<'a> {
        Fields { buf, pos: 0 }
    }

    pub(super) fn next_field(&mut self) -> Result<Option<(u32, Value<'a>)>, String> {
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

pub(super) fn varint(buf: &[u8], pos: &mut usize) -> Result<u64, String> {
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

pub(super) fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// How many varints a packed field holds (counted before decoding it).
pub(super) fn packed_len(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b < 0x80).count()
}

/// Decodes a packed field of varints into `out` (cleared first).
pub(super) fn unpack(bytes: &[u8], out: &mut Vec<u64>) -> Result<(), String> {
    out.clear();
    out.reserve(packed_len(bytes));
    let mut pos = 0;
    while pos < bytes.len() {
        out.push(varint(bytes, &mut pos)?);
    }
    Ok(())
}

/// Decodes a packed, delta-coded field of sint64 into absolute values.
pub(super) fn unpack_delta(bytes: &[u8], out: &mut Vec<i64>) -> Result<(), String> {
    out.clear();
    out.reserve(packed_len(bytes));
    let (mut pos, mut acc) = (0, 0i64);
    while pos < bytes.len() {
        acc = acc.wrapping_add(zigzag(varint(bytes, &mut pos)?));
        out.push(acc);
    }
    Ok(())
}
