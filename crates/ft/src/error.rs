//! Errors of the wire codecs and the `r0kh=`/`r1kh=` parsers.

use thiserror::Error;

/// Why a key-holder or over-DS frame was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// Shorter than its fixed fields or than a length field says.
    #[error("frame truncated")]
    Truncated,
    /// Not hostapd's OUI `00:13:74` with OUI type `00:01`.
    #[error("not an FT key-holder OUI frame")]
    WrongOui,
    /// The 0x890d frame type is not 1 (hostapd discards others, 802.11r 11A.10.3).
    #[error("unknown RRB frame type {0}")]
    UnknownFrameType(u8),
    /// The 0x890d packet type is neither request (0) nor response (1).
    #[error("unknown RRB packet type {0}")]
    UnknownPacketType(u8),
    /// The relayed frame is not an FT Action frame.
    #[error("relayed frame is not an FT Action frame")]
    NotFtAction,
    /// The FT Request names a group address or this AP as target.
    #[error("invalid target AP")]
    BadTargetAp,
    /// A TLV required by the message type is missing or has the wrong length.
    #[error("missing or malformed TLV {0}")]
    MissingTlv(u16),
    /// A field does not fit its TLV (length over 65535) or an R0KH-ID is
    /// empty or longer than 48 octets.
    #[error("field too long for its TLV")]
    FieldLength,
    /// AES-SIV failed to open: wrong key, or a tampered or misaddressed frame.
    #[error("AES-SIV authentication failed")]
    Unauthenticated,
    /// The key-hierarchy crate refused an input.
    #[error("key derivation: {0}")]
    Wpa(#[from] roamd_wpa::Error),
}

/// Why an `r0kh=` or `r1kh=` line was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParseKeyHolderError {
    /// Fewer than three space-separated fields.
    #[error("expected `<MAC> <ID> <key>`")]
    MissingField,
    /// The first field is not a MAC address.
    #[error("invalid MAC address {0:?}")]
    Address(String),
    /// The R0KH-ID is empty or longer than 48 octets, or the R1KH-ID is
    /// not a MAC address.
    #[error("invalid key holder ID {0:?}")]
    Id(String),
    /// The key is neither 64 hex digits nor a 32-hex-digit pre-2.7 key.
    #[error("key is neither 64 nor 32 hex digits")]
    Key,
}
