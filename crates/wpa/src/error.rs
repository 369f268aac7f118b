//! The crate's error type.

use crate::akm::Akm;
use crate::cipher::CipherSuite;

/// Everything that can go wrong while deriving or checking keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A passphrase is not 8..=63 characters long (IEEE 802.11-2020 J.4.1).
    #[error("passphrase length {0} not in 8..=63")]
    PassphraseLength(usize),
    /// A passphrase has a byte outside printable ASCII (32..=126) at this index.
    #[error("passphrase byte {0} is not printable ascii")]
    PassphraseChar(usize),
    /// A hex PSK is not exactly 64 hex digits.
    #[error("psk is not 64 hex digits")]
    PskHex,
    /// A key or secret has a length its type or algorithm does not accept.
    #[error("invalid {what} length {len}")]
    KeyLength {
        /// Which key.
        what: &'static str,
        /// The length given, in octets.
        len: usize,
    },
    /// An SSID is not 1..=32 octets.
    #[error("ssid length {0} not in 1..=32")]
    SsidLength(usize),
    /// An R0KH-ID is not 1..=48 octets (IEEE 802.11-2020 9.4.2.47).
    #[error("r0kh-id length {0} not in 1..=48")]
    R0khIdLength(usize),
    /// The AKM is unknown to this crate, or not usable for this operation.
    #[error("unsupported akm {0:?}")]
    UnsupportedAkm(Akm),
    /// The pairwise cipher is unknown to this crate.
    #[error("unsupported cipher {0:?}")]
    UnsupportedCipher(CipherSuite),
    /// The EAPOL-Key descriptor version has no MIC algorithm here (1 is HMAC-MD5/TKIP).
    #[error("unsupported key descriptor version {0}")]
    UnsupportedDescriptorVersion(u8),
    /// An FT AKM was given to the non-FT PTK derivation; use [`crate::ft`].
    #[error("ft akm needs the ft key hierarchy")]
    FtAkm,
    /// A non-FT AKM was given to an FT derivation.
    #[error("akm is not an ft akm")]
    NotFtAkm,
    /// A PRF/KDF output length is zero or too long for its counter/length field.
    #[error("output length {0} out of range")]
    OutputLength(usize),
    /// The MIC field does not fit in the frame or element.
    #[error("mic field out of range")]
    MicOutOfRange,
    /// The received MIC does not match the computed one.
    #[error("mic mismatch")]
    MicMismatch,
    /// Key Data cannot be (un)wrapped at this length.
    #[error("key data length {0} invalid for key wrap")]
    KeyDataLength(usize),
    /// AES key unwrap integrity check failed (wrong KEK or tampered data).
    #[error("key unwrap integrity check failed")]
    UnwrapFailed,
}
