//! Errors of setting up a station's authenticator or the group keys.

use roamd_wpa::{Akm, CipherSuite};

/// Why a [`crate::PtkStateMachine`] or [`crate::GroupKeys`] could not be
/// built. Received frames never produce an error: bad frames are dropped and
/// counted ([`crate::StaCounters`]), as hostapd does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The AKM is not one of PSK (2), PSK-SHA256 (6), 802.1X (1) or
    /// 802.1X-SHA256 (5). FT, SAE and Suite B need other key hierarchies.
    #[error("unsupported akm {0:?}")]
    UnsupportedAkm(Akm),
    /// The pairwise or group data cipher has no known temporal key length.
    #[error("unsupported cipher {0:?}")]
    UnsupportedCipher(CipherSuite),
    /// The group management cipher has no known IGTK length.
    #[error("unsupported group management cipher {0:?}")]
    UnsupportedGroupMgmtCipher(CipherSuite),
    /// The PMK does not have the length the AKM needs (32 octets here).
    #[error("pmk length {got} does not match akm ({expected})")]
    PmkLength {
        /// Octets the AKM needs.
        expected: usize,
        /// Octets given.
        got: usize,
    },
    /// The station's RSNE is not one whole RSN element (ID 48, length octet
    /// matching the bytes given).
    #[error("invalid station rsne")]
    StationRsne,
    /// Our elements for message 3 do not start with a whole RSNE, or do not
    /// split into whole elements.
    #[error("invalid authenticator rsne")]
    AuthenticatorRsne,
    /// An FT AKM without its [`crate::FtAssociation`] (or with an MDE or
    /// FTE that is not one whole element, or with several PMKs), or FT
    /// parameters for an AKM that is not FT.
    #[error("ft association parameters do not match the akm")]
    FtAssociation,
    /// A GTK Key ID is not 1 or 2, or an IGTK Key ID is not 4 or 5.
    #[error("invalid key index {0}")]
    KeyIndex(u16),
    /// A key has the wrong length for its cipher.
    #[error("key length {got} does not match cipher ({expected})")]
    KeyLength {
        /// Octets the cipher needs.
        expected: usize,
        /// Octets given.
        got: usize,
    },
    /// The key hierarchy crate refused an operation.
    #[error("key hierarchy: {0}")]
    Wpa(#[from] roamd_wpa::Error),
    /// The EAPOL crate refused to build a frame.
    #[error("eapol: {0}")]
    Eapol(#[from] roamd_eapol::Error),
}
