//! Errors of the EAPOL, EAP and EAPOL-Key parsers and emitters.

/// Why a buffer could not be parsed or a representation could not be emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The buffer is shorter than the fixed fields of the structure.
    #[error("buffer too short")]
    Truncated,
    /// The EAPOL Packet Body Length exceeds the bytes received.
    #[error("eapol body length exceeds frame")]
    BodyLength,
    /// The EAP Length is below 4 or exceeds the bytes received.
    #[error("invalid eap length")]
    EapLength,
    /// An EAP Request or Response has no Type field (RFC 3748 4.1).
    #[error("eap request or response without type")]
    MissingEapType,
    /// The Key Data Length exceeds the rest of the EAPOL-Key frame.
    #[error("key data length exceeds frame")]
    KeyDataLength,
    /// A MIC does not have the MIC length in use.
    #[error("mic length mismatch")]
    MicLength,
    /// The frame is not an EAPOL-Key frame.
    #[error("not an eapol-key frame")]
    NotKey,
    /// An element in the Key Data field runs past the end of the field.
    #[error("element exceeds key data")]
    ElementTruncated,
    /// A KDE is shorter than its fixed fields (IEEE 802.11-2020 12.7.2).
    #[error("kde type {data_type} too short")]
    KdeLength {
        /// The KDE Data Type.
        data_type: u8,
    },
    /// A value is too long for its length field (u8 element length, u16 EAPOL,
    /// EAP or Key Data length).
    #[error("value too long for its length field")]
    TooLong,
}

/// The result type of this crate.
pub type Result<T> = core::result::Result<T, Error>;
