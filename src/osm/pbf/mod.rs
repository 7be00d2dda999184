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

mod blob;
mod block;
#[cfg(test)]
mod tests;
mod wire;
#[cfg(test)]
pub(crate) mod write;

pub use blob::{Blob, BlobKind, BlobReader};
pub use block::{Block, BlockCounts, Element, Header, Member, MemberType, block, header};

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
