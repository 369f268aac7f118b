//! PMK identifiers (IEEE 802.11-2020 12.7.1.3).
//!
//! ```text
//! PMKID = Truncate-128(HMAC-Hash(PMK, "PMK Name" || AA || SPA))
//! ```
//! Hash is SHA-1, SHA-256 or SHA-384 by AKM ([`Akm::pmkid_hash`]). The PMKSA
//! cache recomputes this with its own BSSID as AA for opportunistic key
//! caching (hostapd `pmksa_cache_get_okc`).

use core::fmt;

use crate::akm::{Akm, AkmExt};
use crate::error::Error;
use crate::hash::{hmac_parts, HashAlg};
use crate::secret::Pmk;
use crate::{MacAddr, Result};

/// The PMKID label.
pub const PMKID_LABEL: &[u8] = b"PMK Name";

/// A 128-bit PMK identifier, as carried in the RSNE PMKID list and KDE.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pmkid(pub [u8; 16]);

impl Pmkid {
    /// The identifier octets.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl From<[u8; 16]> for Pmkid {
    fn from(b: [u8; 16]) -> Self {
        Self(b)
    }
}

impl fmt::Debug for Pmkid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pmkid({self})")
    }
}

impl fmt::Display for Pmkid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// PMKID of `pmk` for authenticator `aa` and supplicant `spa` under `akm`.
///
/// For the Suite B AKMs (11, 12) the standard keys this with the KCK
/// instead; use [`pmkid_with_hash`] with the KCK there.
pub fn pmkid(pmk: &Pmk, aa: &MacAddr, spa: &MacAddr, akm: Akm) -> Result<Pmkid> {
    let hash = akm.pmkid_hash().ok_or(Error::UnsupportedAkm(akm))?;
    Ok(pmkid_with_hash(pmk.as_bytes(), aa, spa, hash))
}

/// Truncate-128(HMAC-`hash`(`key`, "PMK Name" || AA || SPA)).
pub fn pmkid_with_hash(key: &[u8], aa: &MacAddr, spa: &MacAddr, hash: HashAlg) -> Pmkid {
    let mut out = [0u8; 16];
    hmac_parts(
        hash,
        key,
        &[PMKID_LABEL, aa.as_bytes(), spa.as_bytes()],
        &mut out,
    );
    Pmkid(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::psk::psk_from_passphrase;

    const AA: MacAddr = MacAddr([0x02, 0, 0, 0, 0x00, 0]);
    const SPA: MacAddr = MacAddr([0x02, 0, 0, 0, 0x01, 0]);

    fn ieee_pmk() -> Pmk {
        Pmk::from(&psk_from_passphrase(b"password", b"IEEE").unwrap())
    }

    // test-vectors.md "PMKID and PTK".
    #[test]
    fn sha1_pmkid() {
        let id = pmkid(&ieee_pmk(), &AA, &SPA, Akm::Psk).unwrap();
        assert_eq!(id.to_string(), "76e7b55474ce320e99be70e12585d34d");
        assert_eq!(pmkid(&ieee_pmk(), &AA, &SPA, Akm::FtPsk).unwrap(), id);
    }

    #[test]
    fn sha256_pmkid() {
        let id = pmkid(&ieee_pmk(), &AA, &SPA, Akm::PskSha256).unwrap();
        assert_eq!(id.to_string(), "6593cff8520ab75909a3e6ad499f9af7");
    }

    #[test]
    fn sha384_pmkid_matches_definition() {
        let pmk = Pmk::from_slice(&[3; 48]).unwrap();
        let id = pmkid(&pmk, &AA, &SPA, Akm::FtIeee8021xSha384).unwrap();
        let mut full = [0u8; 48];
        hmac_parts(
            HashAlg::Sha384,
            &[3; 48],
            &[b"PMK Name", AA.as_bytes(), SPA.as_bytes()],
            &mut full,
        );
        assert_eq!(&id.0[..], &full[..16]);
        assert_eq!(
            pmkid(&pmk, &AA, &SPA, Akm::Other([0; 3], 0)),
            Err(Error::UnsupportedAkm(Akm::Other([0; 3], 0)))
        );
    }

    // traces/eap-okc/ap.log: PMK from the PEAP MSK, full EAP on AP0, then an
    // OKC roam to AP1 where hostapd recomputes the PMKID with AP1's address
    // (lines 1546, 1600 and 1680).
    #[test]
    fn eap_okc_trace_recomputation() {
        let pmk = Pmk::from_slice(
            &hex::decode("90c417c7096a4d8242d54b6fb6ff9e09f5b0ec4df826748b10d9002117103119")
                .unwrap(),
        )
        .unwrap();
        let sta = MacAddr([2, 0, 0, 0, 2, 0]);
        let ap0 = MacAddr([2, 0, 0, 0, 0, 0]);
        let ap1 = MacAddr([2, 0, 0, 0, 1, 0]);
        assert_eq!(
            pmkid(&pmk, &ap0, &sta, Akm::Ieee8021x).unwrap().to_string(),
            "ed66f00d20ecf0a952af9656d49edbe0"
        );
        assert_eq!(
            pmkid(&pmk, &ap1, &sta, Akm::Ieee8021x).unwrap().to_string(),
            "5cf50bc4aa3d6940174d0a754c73e2ed"
        );
    }

    #[test]
    fn debug_is_hex() {
        assert_eq!(
            format!("{:?}", Pmkid([0xab; 16])),
            format!("Pmkid({})", "ab".repeat(16))
        );
    }
}
