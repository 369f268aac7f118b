//! Error type shared by every parser and builder of this crate.

/// Why a frame or element could not be parsed or emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The buffer ends before a fixed field.
    #[error("truncated")]
    Truncated,
    /// The output buffer is shorter than `buffer_len()`.
    #[error("buffer too short")]
    BufferTooShort,
    /// The frame is not a management frame (type != 0).
    #[error("not a management frame")]
    NotManagement,
    /// The protocol version in the frame control field is not 0.
    #[error("unsupported protocol version")]
    ProtocolVersion,
    /// The frame's subtype does not match the body parser that was asked for.
    #[error("unexpected subtype")]
    UnexpectedSubtype,
    /// An element's length octet runs past the end of the element list.
    #[error("element overruns buffer")]
    ElementOverrun,
    /// An element has a length its definition does not allow.
    #[error("invalid length for element {id}")]
    ElementLength {
        /// Element ID (255 for an extension element).
        id: u8,
    },
    /// An element's data would exceed 255 octets.
    #[error("element too long")]
    ElementTooLong,
    /// The content of an element is inconsistent (counts, lengths of sub-fields).
    #[error("malformed element {id}")]
    MalformedElement {
        /// Element ID.
        id: u8,
    },
    /// An RSNE with a version other than 1.
    #[error("unsupported rsne version")]
    RsneVersion,
    /// An association ID outside 0..=2007.
    #[error("invalid aid")]
    InvalidAid,
    /// An SSID longer than 32 octets.
    #[error("ssid too long")]
    SsidTooLong,
    /// A subelement whose length overruns its container or is invalid.
    #[error("malformed subelement {id}")]
    MalformedSubelement {
        /// Subelement ID.
        id: u8,
    },
    /// A MIC length other than 16 or 24 octets.
    #[error("invalid mic length")]
    MicLength,
    /// An SAE finite cyclic group this crate does not know the sizes of.
    #[error("unsupported sae group {0}")]
    SaeGroup(u16),
    /// An authentication frame that is not SAE.
    #[error("not an sae authentication")]
    NotSae,
    /// An action frame of another category or action than the parser handles.
    #[error("unexpected action")]
    UnexpectedAction,
}
