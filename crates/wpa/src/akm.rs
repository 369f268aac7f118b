//! AKM suites and what each one means for the key hierarchy.
//!
//! The AKM type itself is the workspace's one [`Akm`], the suite selector
//! table of `roamd-ieee80211`; this module adds what the key hierarchy needs
//! to know about it, as the [`AkmExt`] methods.
//!
//! Properties come from IEEE 802.11-2020 Table 9-151 (AKM suite selectors)
//! and Table 12-8 (integrity and key wrap algorithms), as implemented by
//! hostapd (`wpa_common.c`: `wpa_kck_len`, `wpa_kek_len`, `wpa_mic_len`,
//! `wpa_use_akm_defined`, `wpa_use_cmac`, `rsn_pmkid`). Only the eleven AKMs
//! listed in [`AkmExt::is_supported`] have a key hierarchy here; every
//! property of any other AKM is `None` (or `false`).

use crate::hash::HashAlg;
use crate::mic::MicAlgorithm;

pub use roamd_ieee80211::element::Akm;

/// The function that expands a PMK (or PMK-R1 for FT) into the PTK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PtkKdf {
    /// PRF-n over HMAC-SHA1 (12.7.1.2).
    PrfSha1,
    /// KDF-SHA-256 (12.7.1.6.2).
    KdfSha256,
    /// KDF-SHA-384 (12.7.1.6.2).
    KdfSha384,
}

/// What an [`Akm`] means for the key hierarchy.
pub trait AkmExt: Copy {
    /// True for the AKMs this crate has a key hierarchy for: 1-6, 8, 9 and 11-13.
    fn is_supported(self) -> bool;
    /// True for the AKMs whose PMK is a PSK (2, 4, 6).
    fn is_psk(self) -> bool;
    /// True for the AKMs whose PMK comes from an 802.1X/EAP MSK (1, 3, 5, 11, 12, 13).
    fn is_8021x(self) -> bool;
    /// True for SAE and FT-SAE (8, 9).
    fn is_sae(self) -> bool;
    /// True for the SHA-384 AKMs (12, 13): 384-bit PMK, 24-octet KCK and MIC.
    fn is_sha384(self) -> bool;
    /// How the PTK is expanded: PRF-SHA1 for AKMs 1 and 2, KDF-SHA-384 for
    /// the SHA-384 AKMs, KDF-SHA-256 otherwise (for FT AKMs this is the
    /// hash of the FT KDF, 12.7.1.7.5). `None` for unsupported AKMs.
    fn ptk_kdf(self) -> Option<PtkKdf>;
    /// KCK length in octets: 24 for SHA-384 AKMs, else 16.
    fn kck_len(self) -> Option<usize>;
    /// KEK length in octets: 32 for SHA-384 AKMs, else 16.
    fn kek_len(self) -> Option<usize>;
    /// EAPOL-Key MIC length in octets: 24 for SHA-384 AKMs, else 16.
    fn mic_len(self) -> Option<usize>;
    /// PMK length in octets: 48 for SHA-384 AKMs, else 32 (hostapd
    /// `PMK_LEN_SUITE_B_192` / `PMK_LEN`).
    fn pmk_len(self) -> Option<usize>;
    /// The Key Descriptor Version the authenticator puts in Key Information
    /// (12.7.2): 2 for AKMs 1 and 2 with a CCMP/GCMP pairwise cipher, 3 for
    /// AKMs 3, 4, 5 and 6, 0 (AKM-defined) for SAE, FT-SAE, Suite B and
    /// FT-802.1X-SHA384. TKIP (version 1) is not supported here.
    fn key_descriptor_version(self) -> Option<KeyDescriptorVersion>;
    /// The EAPOL-Key MIC algorithm (12.7.2, Table 12-8). This is also the FT
    /// MIC algorithm (13.8.4) for the FT AKMs.
    fn mic_algorithm(self) -> Option<MicAlgorithm>;
    /// The HMAC hash of the PMKID (12.7.1.3): SHA-384 for AKMs 12 and 13,
    /// SHA-256 for 5, 6, 8, 9 and 11, SHA-1 otherwise (including FT AKMs 3
    /// and 4, as hostapd does). For Suite B (11, 12) the PMKID key is the
    /// KCK, not the PMK.
    fn pmkid_hash(self) -> Option<HashAlg>;
}

impl AkmExt for Akm {
    fn is_supported(self) -> bool {
        matches!(
            self,
            Akm::Ieee8021x
                | Akm::Psk
                | Akm::FtIeee8021x
                | Akm::FtPsk
                | Akm::Ieee8021xSha256
                | Akm::PskSha256
                | Akm::Sae
                | Akm::FtSae
                | Akm::Ieee8021xSuiteB
                | Akm::Ieee8021xSuiteB192
                | Akm::FtIeee8021xSha384
        )
    }

    fn is_psk(self) -> bool {
        matches!(self, Akm::Psk | Akm::FtPsk | Akm::PskSha256)
    }

    fn is_8021x(self) -> bool {
        matches!(
            self,
            Akm::Ieee8021x
                | Akm::FtIeee8021x
                | Akm::Ieee8021xSha256
                | Akm::Ieee8021xSuiteB
                | Akm::Ieee8021xSuiteB192
                | Akm::FtIeee8021xSha384
        )
    }

    fn is_sae(self) -> bool {
        matches!(self, Akm::Sae | Akm::FtSae)
    }

    fn is_sha384(self) -> bool {
        matches!(self, Akm::Ieee8021xSuiteB192 | Akm::FtIeee8021xSha384)
    }

    fn ptk_kdf(self) -> Option<PtkKdf> {
        match self {
            Akm::Ieee8021x | Akm::Psk => Some(PtkKdf::PrfSha1),
            Akm::Ieee8021xSuiteB192 | Akm::FtIeee8021xSha384 => Some(PtkKdf::KdfSha384),
            _ if self.is_supported() => Some(PtkKdf::KdfSha256),
            _ => None,
        }
    }

    fn kck_len(self) -> Option<usize> {
        match self {
            _ if !self.is_supported() => None,
            _ if self.is_sha384() => Some(24),
            _ => Some(16),
        }
    }

    fn kek_len(self) -> Option<usize> {
        match self {
            _ if !self.is_supported() => None,
            _ if self.is_sha384() => Some(32),
            _ => Some(16),
        }
    }

    fn mic_len(self) -> Option<usize> {
        self.kck_len()
    }

    fn pmk_len(self) -> Option<usize> {
        match self {
            _ if !self.is_supported() => None,
            _ if self.is_sha384() => Some(48),
            _ => Some(32),
        }
    }

    fn key_descriptor_version(self) -> Option<KeyDescriptorVersion> {
        match self {
            Akm::Ieee8021x | Akm::Psk => Some(KeyDescriptorVersion::HmacSha1Aes),
            Akm::FtIeee8021x | Akm::FtPsk | Akm::Ieee8021xSha256 | Akm::PskSha256 => {
                Some(KeyDescriptorVersion::AesCmac)
            }
            Akm::Sae
            | Akm::FtSae
            | Akm::Ieee8021xSuiteB
            | Akm::Ieee8021xSuiteB192
            | Akm::FtIeee8021xSha384 => Some(KeyDescriptorVersion::AkmDefined),
            _ => None,
        }
    }

    fn mic_algorithm(self) -> Option<MicAlgorithm> {
        match self {
            Akm::Ieee8021x | Akm::Psk => Some(MicAlgorithm::HmacSha1_128),
            Akm::FtIeee8021x
            | Akm::FtPsk
            | Akm::Ieee8021xSha256
            | Akm::PskSha256
            | Akm::Sae
            | Akm::FtSae => Some(MicAlgorithm::AesCmac128),
            Akm::Ieee8021xSuiteB => Some(MicAlgorithm::HmacSha256_128),
            Akm::Ieee8021xSuiteB192 | Akm::FtIeee8021xSha384 => Some(MicAlgorithm::HmacSha384_192),
            _ => None,
        }
    }

    fn pmkid_hash(self) -> Option<HashAlg> {
        match self {
            Akm::Ieee8021x | Akm::Psk | Akm::FtIeee8021x | Akm::FtPsk => Some(HashAlg::Sha1),
            Akm::Ieee8021xSha256
            | Akm::PskSha256
            | Akm::Sae
            | Akm::FtSae
            | Akm::Ieee8021xSuiteB => Some(HashAlg::Sha256),
            Akm::Ieee8021xSuiteB192 | Akm::FtIeee8021xSha384 => Some(HashAlg::Sha384),
            _ => None,
        }
    }
}

/// The Key Descriptor Version subfield of EAPOL-Key Key Information
/// (bits 0-2, IEEE 802.11-2020 12.7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyDescriptorVersion {
    /// 0: the AKM defines the MIC and key wrap algorithms.
    AkmDefined,
    /// 1: HMAC-MD5 MIC, ARC4 key wrap (TKIP; not supported here).
    HmacMd5Rc4,
    /// 2: HMAC-SHA1-128 MIC, AES key wrap.
    HmacSha1Aes,
    /// 3: AES-128-CMAC MIC, AES key wrap.
    AesCmac,
    /// Any other 3-bit value.
    Unknown(u8),
}

impl From<u8> for KeyDescriptorVersion {
    /// From the three low bits of Key Information; higher bits are ignored.
    fn from(v: u8) -> Self {
        match v & 0x07 {
            0 => Self::AkmDefined,
            1 => Self::HmacMd5Rc4,
            2 => Self::HmacSha1Aes,
            3 => Self::AesCmac,
            n => Self::Unknown(n),
        }
    }
}

impl From<KeyDescriptorVersion> for u8 {
    fn from(v: KeyDescriptorVersion) -> Self {
        match v {
            KeyDescriptorVersion::AkmDefined => 0,
            KeyDescriptorVersion::HmacMd5Rc4 => 1,
            KeyDescriptorVersion::HmacSha1Aes => 2,
            KeyDescriptorVersion::AesCmac => 3,
            KeyDescriptorVersion::Unknown(n) => n & 0x07,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Akm; 11] = [
        Akm::Ieee8021x,
        Akm::Psk,
        Akm::FtIeee8021x,
        Akm::FtPsk,
        Akm::Ieee8021xSha256,
        Akm::PskSha256,
        Akm::Sae,
        Akm::FtSae,
        Akm::Ieee8021xSuiteB,
        Akm::Ieee8021xSuiteB192,
        Akm::FtIeee8021xSha384,
    ];

    #[test]
    fn selectors_round_trip() {
        assert_eq!(Akm::from_bytes([0x00, 0x0f, 0xac, 0x04]), Akm::FtPsk);
        assert_eq!(Akm::Sae.to_bytes(), [0x00, 0x0f, 0xac, 0x08]);
        for akm in ALL {
            assert_eq!(Akm::from_bytes(akm.to_bytes()), akm);
            assert!(akm.is_supported());
        }
        // TDLS, OWE, a WPA (00-50-f2) selector and zero: no key hierarchy here.
        for unknown in [0x000f_ac07u32, 0x000f_ac12, 0x0050_f202, 0] {
            let akm = Akm::from_bytes(unknown.to_be_bytes());
            assert!(!akm.is_supported());
            assert_eq!(akm.to_bytes(), unknown.to_be_bytes());
            assert_eq!(akm.ptk_kdf(), None);
            assert_eq!(akm.mic_algorithm(), None);
        }
    }

    #[test]
    fn key_lengths() {
        for akm in ALL {
            let (kck, kek, mic) = if akm.is_sha384() {
                (24, 32, 24)
            } else {
                (16, 16, 16)
            };
            assert_eq!(akm.kck_len(), Some(kck), "{akm:?}");
            assert_eq!(akm.kek_len(), Some(kek), "{akm:?}");
            assert_eq!(akm.mic_len(), Some(mic), "{akm:?}");
            assert_eq!(
                akm.mic_algorithm().map(|m| m.mic_len()),
                Some(mic),
                "{akm:?}"
            );
        }
    }

    #[test]
    fn descriptor_versions_follow_table_12_8() {
        use KeyDescriptorVersion::*;
        assert_eq!(Akm::Psk.key_descriptor_version(), Some(HmacSha1Aes));
        assert_eq!(Akm::Ieee8021x.key_descriptor_version(), Some(HmacSha1Aes));
        assert_eq!(Akm::FtPsk.key_descriptor_version(), Some(AesCmac));
        assert_eq!(Akm::PskSha256.key_descriptor_version(), Some(AesCmac));
        assert_eq!(Akm::Sae.key_descriptor_version(), Some(AkmDefined));
        assert_eq!(
            Akm::FtIeee8021xSha384.key_descriptor_version(),
            Some(AkmDefined)
        );
        for v in 0u8..8 {
            assert_eq!(u8::from(KeyDescriptorVersion::from(v)), v);
        }
        assert_eq!(KeyDescriptorVersion::from(0x0a), HmacSha1Aes);
    }

    #[test]
    fn kdf_and_pmkid_hash() {
        assert_eq!(Akm::Psk.ptk_kdf(), Some(PtkKdf::PrfSha1));
        assert_eq!(Akm::PskSha256.ptk_kdf(), Some(PtkKdf::KdfSha256));
        assert_eq!(Akm::Sae.ptk_kdf(), Some(PtkKdf::KdfSha256));
        assert_eq!(Akm::FtPsk.ptk_kdf(), Some(PtkKdf::KdfSha256));
        assert_eq!(Akm::Ieee8021xSuiteB192.ptk_kdf(), Some(PtkKdf::KdfSha384));
        assert_eq!(Akm::FtPsk.pmkid_hash(), Some(HashAlg::Sha1));
        assert_eq!(Akm::PskSha256.pmkid_hash(), Some(HashAlg::Sha256));
        assert_eq!(Akm::FtIeee8021xSha384.pmkid_hash(), Some(HashAlg::Sha384));
    }
}
