//! AKM suites and what each one means for the key hierarchy.
//!
//! Properties come from IEEE 802.11-2020 Table 9-151 (AKM suite selectors)
//! and Table 12-8 (integrity and key wrap algorithms), as implemented by
//! hostapd (`wpa_common.c`: `wpa_kck_len`, `wpa_kek_len`, `wpa_mic_len`,
//! `wpa_use_akm_defined`, `wpa_use_cmac`, `rsn_pmkid`).
//!
//! Suite selectors are handled as a `u32`: OUI in the high 24 bits, suite
//! type in the low 8 (00-0F-AC:2 is `0x000f_ac02`), the same big-endian
//! reading hostapd's `RSN_SELECTOR_GET` does of the four RSNE octets.

use crate::hash::HashAlg;
use crate::mic::MicAlgorithm;

/// The IEEE 802.11 OUI of standard suites, 00-0F-AC.
pub const RSN_OUI: [u8; 3] = [0x00, 0x0f, 0xac];

/// Builds a suite selector from OUI and type.
pub const fn suite(oui: [u8; 3], suite_type: u8) -> u32 {
    u32::from_be_bytes([oui[0], oui[1], oui[2], suite_type])
}

/// An authentication and key management suite (IEEE 802.11-2020 Table 9-151).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Akm {
    /// 00-0F-AC:1, 802.1X with PRF-SHA1 ("WPA-EAP").
    Ieee8021x,
    /// 00-0F-AC:2, PSK with PRF-SHA1 ("WPA-PSK").
    Psk,
    /// 00-0F-AC:3, FT over 802.1X ("FT-EAP").
    FtIeee8021x,
    /// 00-0F-AC:4, FT with PSK ("FT-PSK").
    FtPsk,
    /// 00-0F-AC:5, 802.1X with KDF-SHA256 ("WPA-EAP-SHA256").
    Ieee8021xSha256,
    /// 00-0F-AC:6, PSK with KDF-SHA256 ("WPA-PSK-SHA256").
    PskSha256,
    /// 00-0F-AC:8, SAE.
    Sae,
    /// 00-0F-AC:9, FT over SAE.
    FtSae,
    /// 00-0F-AC:11, Suite B 802.1X with SHA-256 ("WPA-EAP-SUITE-B").
    Ieee8021xSuiteB,
    /// 00-0F-AC:12, Suite B 192-bit 802.1X with SHA-384 ("WPA-EAP-SUITE-B-192").
    Ieee8021xSuiteB192,
    /// 00-0F-AC:13, FT over 802.1X with SHA-384 ("FT-EAP-SHA384").
    FtIeee8021xSha384,
    /// Any other selector, kept verbatim so it round-trips.
    Unknown(u32),
}

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

impl Akm {
    /// The AKM for a 32-bit suite selector.
    pub const fn from_suite(selector: u32) -> Self {
        if selector >> 8 != 0x000fac {
            return Self::Unknown(selector);
        }
        match selector & 0xff {
            1 => Self::Ieee8021x,
            2 => Self::Psk,
            3 => Self::FtIeee8021x,
            4 => Self::FtPsk,
            5 => Self::Ieee8021xSha256,
            6 => Self::PskSha256,
            8 => Self::Sae,
            9 => Self::FtSae,
            11 => Self::Ieee8021xSuiteB,
            12 => Self::Ieee8021xSuiteB192,
            13 => Self::FtIeee8021xSha384,
            _ => Self::Unknown(selector),
        }
    }

    /// The 32-bit suite selector.
    pub const fn to_suite(self) -> u32 {
        let t = match self {
            Self::Ieee8021x => 1,
            Self::Psk => 2,
            Self::FtIeee8021x => 3,
            Self::FtPsk => 4,
            Self::Ieee8021xSha256 => 5,
            Self::PskSha256 => 6,
            Self::Sae => 8,
            Self::FtSae => 9,
            Self::Ieee8021xSuiteB => 11,
            Self::Ieee8021xSuiteB192 => 12,
            Self::FtIeee8021xSha384 => 13,
            Self::Unknown(s) => return s,
        };
        suite(RSN_OUI, t)
    }

    /// The AKM for an OUI and suite type.
    pub const fn from_oui_type(oui: [u8; 3], suite_type: u8) -> Self {
        Self::from_suite(suite(oui, suite_type))
    }

    /// The AKM for the four selector octets as they appear in an RSNE.
    pub const fn from_bytes(bytes: [u8; 4]) -> Self {
        Self::from_suite(u32::from_be_bytes(bytes))
    }

    /// The four selector octets as they appear in an RSNE.
    pub const fn to_bytes(self) -> [u8; 4] {
        self.to_suite().to_be_bytes()
    }

    /// True for a selector this crate knows.
    pub const fn is_known(self) -> bool {
        !matches!(self, Self::Unknown(_))
    }

    /// True for the fast BSS transition AKMs (3, 4, 9, 13).
    pub const fn is_ft(self) -> bool {
        matches!(
            self,
            Self::FtIeee8021x | Self::FtPsk | Self::FtSae | Self::FtIeee8021xSha384
        )
    }

    /// True for the AKMs whose PMK is a PSK (2, 4, 6).
    pub const fn is_psk(self) -> bool {
        matches!(self, Self::Psk | Self::FtPsk | Self::PskSha256)
    }

    /// True for the AKMs whose PMK comes from an 802.1X/EAP MSK (1, 3, 5, 11, 12, 13).
    pub const fn is_8021x(self) -> bool {
        matches!(
            self,
            Self::Ieee8021x
                | Self::FtIeee8021x
                | Self::Ieee8021xSha256
                | Self::Ieee8021xSuiteB
                | Self::Ieee8021xSuiteB192
                | Self::FtIeee8021xSha384
        )
    }

    /// True for SAE and FT-SAE (8, 9).
    pub const fn is_sae(self) -> bool {
        matches!(self, Self::Sae | Self::FtSae)
    }

    /// True for the SHA-384 AKMs (12, 13): 384-bit PMK, 24-octet KCK and MIC.
    pub const fn is_sha384(self) -> bool {
        matches!(self, Self::Ieee8021xSuiteB192 | Self::FtIeee8021xSha384)
    }

    /// How the PTK is expanded: PRF-SHA1 for AKMs 1 and 2, KDF-SHA-384 for
    /// the SHA-384 AKMs, KDF-SHA-256 otherwise (for FT AKMs this is the
    /// hash of the FT KDF, 12.7.1.7.5). `None` for unknown AKMs.
    pub const fn ptk_kdf(self) -> Option<PtkKdf> {
        match self {
            Self::Ieee8021x | Self::Psk => Some(PtkKdf::PrfSha1),
            Self::Ieee8021xSuiteB192 | Self::FtIeee8021xSha384 => Some(PtkKdf::KdfSha384),
            Self::Unknown(_) => None,
            _ => Some(PtkKdf::KdfSha256),
        }
    }

    /// KCK length in octets: 24 for SHA-384 AKMs, else 16.
    pub const fn kck_len(self) -> Option<usize> {
        match self {
            Self::Unknown(_) => None,
            _ if self.is_sha384() => Some(24),
            _ => Some(16),
        }
    }

    /// KEK length in octets: 32 for SHA-384 AKMs, else 16.
    pub const fn kek_len(self) -> Option<usize> {
        match self {
            Self::Unknown(_) => None,
            _ if self.is_sha384() => Some(32),
            _ => Some(16),
        }
    }

    /// EAPOL-Key MIC length in octets: 24 for SHA-384 AKMs, else 16.
    pub const fn mic_len(self) -> Option<usize> {
        self.kck_len()
    }

    /// PMK length in octets: 48 for SHA-384 AKMs, else 32 (hostapd
    /// `PMK_LEN_SUITE_B_192` / `PMK_LEN`).
    pub const fn pmk_len(self) -> Option<usize> {
        match self {
            Self::Unknown(_) => None,
            _ if self.is_sha384() => Some(48),
            _ => Some(32),
        }
    }

    /// The Key Descriptor Version the authenticator puts in Key Information
    /// (12.7.2): 2 for AKMs 1 and 2 with a CCMP/GCMP pairwise cipher, 3 for
    /// AKMs 3, 4, 5 and 6, 0 (AKM-defined) for SAE, FT-SAE, Suite B and
    /// FT-802.1X-SHA384. TKIP (version 1) is not supported here.
    pub const fn key_descriptor_version(self) -> Option<KeyDescriptorVersion> {
        match self {
            Self::Ieee8021x | Self::Psk => Some(KeyDescriptorVersion::HmacSha1Aes),
            Self::FtIeee8021x | Self::FtPsk | Self::Ieee8021xSha256 | Self::PskSha256 => {
                Some(KeyDescriptorVersion::AesCmac)
            }
            Self::Sae
            | Self::FtSae
            | Self::Ieee8021xSuiteB
            | Self::Ieee8021xSuiteB192
            | Self::FtIeee8021xSha384 => Some(KeyDescriptorVersion::AkmDefined),
            Self::Unknown(_) => None,
        }
    }

    /// The EAPOL-Key MIC algorithm (12.7.2, Table 12-8). This is also the FT
    /// MIC algorithm (13.8.4) for the FT AKMs.
    pub const fn mic_algorithm(self) -> Option<MicAlgorithm> {
        match self {
            Self::Ieee8021x | Self::Psk => Some(MicAlgorithm::HmacSha1_128),
            Self::FtIeee8021x
            | Self::FtPsk
            | Self::Ieee8021xSha256
            | Self::PskSha256
            | Self::Sae
            | Self::FtSae => Some(MicAlgorithm::AesCmac128),
            Self::Ieee8021xSuiteB => Some(MicAlgorithm::HmacSha256_128),
            Self::Ieee8021xSuiteB192 | Self::FtIeee8021xSha384 => {
                Some(MicAlgorithm::HmacSha384_192)
            }
            Self::Unknown(_) => None,
        }
    }

    /// The HMAC hash of the PMKID (12.7.1.3): SHA-384 for AKMs 12 and 13,
    /// SHA-256 for 5, 6, 8, 9 and 11, SHA-1 otherwise (including FT AKMs 3
    /// and 4, as hostapd does). For Suite B (11, 12) the PMKID key is the
    /// KCK, not the PMK.
    pub const fn pmkid_hash(self) -> Option<HashAlg> {
        match self {
            Self::Ieee8021x | Self::Psk | Self::FtIeee8021x | Self::FtPsk => Some(HashAlg::Sha1),
            Self::Ieee8021xSha256
            | Self::PskSha256
            | Self::Sae
            | Self::FtSae
            | Self::Ieee8021xSuiteB => Some(HashAlg::Sha256),
            Self::Ieee8021xSuiteB192 | Self::FtIeee8021xSha384 => Some(HashAlg::Sha384),
            Self::Unknown(_) => None,
        }
    }
}

impl From<u32> for Akm {
    fn from(selector: u32) -> Self {
        Self::from_suite(selector)
    }
}

impl From<Akm> for u32 {
    fn from(akm: Akm) -> Self {
        akm.to_suite()
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
        assert_eq!(Akm::from_suite(0x000f_ac02), Akm::Psk);
        assert_eq!(Akm::from_bytes([0x00, 0x0f, 0xac, 0x04]), Akm::FtPsk);
        assert_eq!(Akm::from_oui_type(RSN_OUI, 13), Akm::FtIeee8021xSha384);
        assert_eq!(Akm::Sae.to_bytes(), [0x00, 0x0f, 0xac, 0x08]);
        for akm in ALL {
            assert_eq!(Akm::from(u32::from(akm)), akm);
            assert!(akm.is_known());
        }
        for unknown in [0x000f_ac07, 0x000f_ac12, 0x0050_f202, 0] {
            let akm = Akm::from(unknown);
            assert_eq!(akm, Akm::Unknown(unknown));
            assert_eq!(u32::from(akm), unknown);
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
