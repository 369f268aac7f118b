//! The crate's error type.

use roamd_wpa::MacAddr;

/// What can go wrong when creating or storing a PMKSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The entry's AA names no BSS registered in the [`crate::PmksaCaches`].
    #[error("unknown bss {0}")]
    UnknownBss(MacAddr),
    /// The PMKID cannot be derived from the PMK for this AKM (unknown AKM,
    /// or Suite B, whose PMKID is keyed with the KCK: give it explicitly).
    #[error("cannot derive pmkid: {0}")]
    Pmkid(#[from] roamd_wpa::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert_eq!(
            Error::UnknownBss(MacAddr([2, 0, 0, 0, 1, 0])).to_string(),
            "unknown bss 02:00:00:00:01:00"
        );
    }
}
