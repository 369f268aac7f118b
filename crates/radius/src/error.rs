//! Errors of the RADIUS codec and crypto helpers.

use thiserror::Error;

/// Why bytes could not be read as, or a `Repr` could not be written as, a
/// RADIUS packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// Fewer than the 20 header octets (RFC 2865 3).
    #[error("packet shorter than the 20-octet header")]
    Truncated,
    /// The Length field is below 20 or above 4096 (RFC 2865 3).
    #[error("length field {0} outside 20..=4096")]
    BadLength(u16),
    /// The Length field says more octets than the datagram holds.
    #[error("length field {length} exceeds the {available} octets received")]
    LengthExceedsBuffer {
        /// Value of the Length field.
        length: u16,
        /// Octets available.
        available: usize,
    },
    /// An attribute's Length is below 2 or runs past the packet (RFC 2865 5).
    #[error("malformed attribute at offset {offset}")]
    MalformedAttribute {
        /// Offset of the attribute's Type octet from the start of the packet.
        offset: usize,
    },
    /// An attribute value longer than 253 octets (other than EAP-Message,
    /// which is split).
    #[error("attribute {attr_type} value of {len} octets exceeds 253")]
    AttributeTooLong {
        /// The attribute type.
        attr_type: u8,
        /// The value length.
        len: usize,
    },
    /// The emitted packet would exceed 4096 octets (RFC 2865 3).
    #[error("packet of {0} octets exceeds 4096")]
    PacketTooLong(usize),
    /// The output buffer is smaller than `Repr::buffer_len()`.
    #[error("output buffer too short")]
    BufferTooShort,
}

/// Result alias for the codec.
pub type Result<T> = core::result::Result<T, Error>;
