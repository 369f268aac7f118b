//! Cipher and AKM suite selectors (IEEE 802.11-2020 Table 9-149, Table 9-151).

use super::vendor::OUI_IEEE80211;

/// A cipher suite selector. Selectors under another OUI, or unnamed 00-0f-ac types, are
/// kept as `Other` so they round-trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CipherSuite {
    /// 00-0f-ac:0 Use group cipher suite.
    UseGroup,
    /// 00-0f-ac:1 WEP-40.
    Wep40,
    /// 00-0f-ac:2 TKIP.
    Tkip,
    /// 00-0f-ac:4 CCMP-128.
    Ccmp128,
    /// 00-0f-ac:5 WEP-104.
    Wep104,
    /// 00-0f-ac:6 BIP-CMAC-128.
    BipCmac128,
    /// 00-0f-ac:7 Group addressed traffic not allowed.
    GroupNotAllowed,
    /// 00-0f-ac:8 GCMP-128.
    Gcmp128,
    /// 00-0f-ac:9 GCMP-256.
    Gcmp256,
    /// 00-0f-ac:10 CCMP-256.
    Ccmp256,
    /// 00-0f-ac:11 BIP-GMAC-128.
    BipGmac128,
    /// 00-0f-ac:12 BIP-GMAC-256.
    BipGmac256,
    /// 00-0f-ac:13 BIP-CMAC-256.
    BipCmac256,
    /// Any other selector: OUI and suite type.
    Other([u8; 3], u8),
}

impl CipherSuite {
    /// Decodes a 4-octet selector.
    pub fn from_bytes(b: [u8; 4]) -> Self {
        use CipherSuite::*;
        let [o0, o1, o2, t] = b;
        if [o0, o1, o2] != OUI_IEEE80211 {
            return Other([o0, o1, o2], t);
        }
        match t {
            0 => UseGroup,
            1 => Wep40,
            2 => Tkip,
            4 => Ccmp128,
            5 => Wep104,
            6 => BipCmac128,
            7 => GroupNotAllowed,
            8 => Gcmp128,
            9 => Gcmp256,
            10 => Ccmp256,
            11 => BipGmac128,
            12 => BipGmac256,
            13 => BipCmac256,
            t => Other(OUI_IEEE80211, t),
        }
    }

    /// Encodes the 4-octet selector.
    pub fn to_bytes(self) -> [u8; 4] {
        use CipherSuite::*;
        let t = match self {
            UseGroup => 0,
            Wep40 => 1,
            Tkip => 2,
            Ccmp128 => 4,
            Wep104 => 5,
            BipCmac128 => 6,
            GroupNotAllowed => 7,
            Gcmp128 => 8,
            Gcmp256 => 9,
            Ccmp256 => 10,
            BipGmac128 => 11,
            BipGmac256 => 12,
            BipCmac256 => 13,
            Other([a, b, c], t) => return [a, b, c, t],
        };
        [OUI_IEEE80211[0], OUI_IEEE80211[1], OUI_IEEE80211[2], t]
    }

    /// Decodes a selector held as a `u32` (OUI in the high 24 bits, as nl80211
    /// carries it): 00-0f-ac:4 is `0x000f_ac04`.
    pub fn from_suite(selector: u32) -> Self {
        Self::from_bytes(selector.to_be_bytes())
    }

    /// The selector as a `u32`, as nl80211 carries it.
    pub fn to_suite(self) -> u32 {
        u32::from_be_bytes(self.to_bytes())
    }
}

impl From<[u8; 4]> for CipherSuite {
    fn from(b: [u8; 4]) -> Self {
        CipherSuite::from_bytes(b)
    }
}

impl From<CipherSuite> for [u8; 4] {
    fn from(c: CipherSuite) -> Self {
        c.to_bytes()
    }
}

/// An AKM suite selector; unknown ones are kept as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Akm {
    /// 00-0f-ac:1 IEEE 802.1X with PMKSA caching (WPA2-Enterprise).
    Ieee8021x,
    /// 00-0f-ac:2 PSK.
    Psk,
    /// 00-0f-ac:3 FT over IEEE 802.1X (SHA-256).
    FtIeee8021x,
    /// 00-0f-ac:4 FT using PSK.
    FtPsk,
    /// 00-0f-ac:5 IEEE 802.1X with SHA-256.
    Ieee8021xSha256,
    /// 00-0f-ac:6 PSK with SHA-256.
    PskSha256,
    /// 00-0f-ac:7 TDLS.
    Tdls,
    /// 00-0f-ac:8 SAE.
    Sae,
    /// 00-0f-ac:9 FT over SAE.
    FtSae,
    /// 00-0f-ac:10 AP PeerKey.
    ApPeerKey,
    /// 00-0f-ac:11 IEEE 802.1X Suite B (SHA-256).
    Ieee8021xSuiteB,
    /// 00-0f-ac:12 IEEE 802.1X Suite B 192-bit (SHA-384).
    Ieee8021xSuiteB192,
    /// 00-0f-ac:13 FT over IEEE 802.1X (SHA-384).
    FtIeee8021xSha384,
    /// 00-0f-ac:14 FILS SHA-256.
    FilsSha256,
    /// 00-0f-ac:15 FILS SHA-384.
    FilsSha384,
    /// 00-0f-ac:16 FT over FILS SHA-256.
    FtFilsSha256,
    /// 00-0f-ac:17 FT over FILS SHA-384.
    FtFilsSha384,
    /// 00-0f-ac:18 OWE.
    Owe,
    /// 00-0f-ac:19 FT using PSK (SHA-384).
    FtPskSha384,
    /// 00-0f-ac:20 PSK with SHA-384.
    PskSha384,
    /// 00-0f-ac:21 PASN.
    Pasn,
    /// 00-0f-ac:23 IEEE 802.1X with SHA-384.
    Ieee8021xSha384,
    /// 00-0f-ac:24 SAE with group-dependent hash (SAE-EXT-KEY).
    SaeExtKey,
    /// 00-0f-ac:25 FT over SAE-EXT-KEY.
    FtSaeExtKey,
    /// Any other selector: OUI and suite type.
    Other([u8; 3], u8),
}

impl Akm {
    /// Decodes a 4-octet selector.
    pub fn from_bytes(b: [u8; 4]) -> Self {
        use Akm::*;
        let [o0, o1, o2, t] = b;
        if [o0, o1, o2] != OUI_IEEE80211 {
            return Other([o0, o1, o2], t);
        }
        match t {
            1 => Ieee8021x,
            2 => Psk,
            3 => FtIeee8021x,
            4 => FtPsk,
            5 => Ieee8021xSha256,
            6 => PskSha256,
            7 => Tdls,
            8 => Sae,
            9 => FtSae,
            10 => ApPeerKey,
            11 => Ieee8021xSuiteB,
            12 => Ieee8021xSuiteB192,
            13 => FtIeee8021xSha384,
            14 => FilsSha256,
            15 => FilsSha384,
            16 => FtFilsSha256,
            17 => FtFilsSha384,
            18 => Owe,
            19 => FtPskSha384,
            20 => PskSha384,
            21 => Pasn,
            23 => Ieee8021xSha384,
            24 => SaeExtKey,
            25 => FtSaeExtKey,
            t => Other(OUI_IEEE80211, t),
        }
    }

    /// Encodes the 4-octet selector.
    pub fn to_bytes(self) -> [u8; 4] {
        use Akm::*;
        let t = match self {
            Ieee8021x => 1,
            Psk => 2,
            FtIeee8021x => 3,
            FtPsk => 4,
            Ieee8021xSha256 => 5,
            PskSha256 => 6,
            Tdls => 7,
            Sae => 8,
            FtSae => 9,
            ApPeerKey => 10,
            Ieee8021xSuiteB => 11,
            Ieee8021xSuiteB192 => 12,
            FtIeee8021xSha384 => 13,
            FilsSha256 => 14,
            FilsSha384 => 15,
            FtFilsSha256 => 16,
            FtFilsSha384 => 17,
            Owe => 18,
            FtPskSha384 => 19,
            PskSha384 => 20,
            Pasn => 21,
            Ieee8021xSha384 => 23,
            SaeExtKey => 24,
            FtSaeExtKey => 25,
            Other([a, b, c], t) => return [a, b, c, t],
        };
        [OUI_IEEE80211[0], OUI_IEEE80211[1], OUI_IEEE80211[2], t]
    }

    /// The AKM for a selector read as a big-endian `u32` (nl80211's form:
    /// 00-0f-ac:2 is `0x000f_ac02`).
    pub fn from_suite(selector: u32) -> Self {
        Akm::from_bytes(selector.to_be_bytes())
    }

    /// The selector as a big-endian `u32` (nl80211's form).
    pub fn to_suite(self) -> u32 {
        u32::from_be_bytes(self.to_bytes())
    }

    /// True for the FT AKMs.
    pub fn is_ft(self) -> bool {
        use Akm::*;
        matches!(
            self,
            FtIeee8021x
                | FtPsk
                | FtSae
                | FtIeee8021xSha384
                | FtFilsSha256
                | FtFilsSha384
                | FtPskSha384
                | FtSaeExtKey
        )
    }

    /// FTE MIC length for this AKM: 24 octets for the SHA-384 FT AKMs, else 16.
    /// (FT-SAE-EXT-KEY depends on the SAE group; callers pick the length there.)
    pub fn ft_mic_len(self) -> usize {
        use Akm::*;
        match self {
            FtIeee8021xSha384 | FtFilsSha384 | FtPskSha384 => 24,
            _ => 16,
        }
    }
}

impl From<[u8; 4]> for Akm {
    fn from(b: [u8; 4]) -> Self {
        Akm::from_bytes(b)
    }
}

impl From<Akm> for [u8; 4] {
    fn from(a: Akm) -> Self {
        a.to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_all() {
        for oui in [OUI_IEEE80211, [0x00, 0x50, 0xf2]] {
            for t in 0..=255u8 {
                let b = [oui[0], oui[1], oui[2], t];
                assert_eq!(CipherSuite::from_bytes(b).to_bytes(), b);
                let selector = u32::from_be_bytes(b);
                assert_eq!(CipherSuite::from_suite(selector).to_suite(), selector);
                assert_eq!(Akm::from_bytes(b).to_bytes(), b);
            }
        }
        assert_eq!(
            CipherSuite::from_bytes([0, 0x0f, 0xac, 4]),
            CipherSuite::Ccmp128
        );
        assert_eq!(Akm::from_bytes([0, 0x0f, 0xac, 4]), Akm::FtPsk);
        assert_eq!(
            CipherSuite::from_bytes([0, 0x50, 0xf2, 4]),
            CipherSuite::Other([0, 0x50, 0xf2], 4)
        );
        assert!(Akm::FtSae.is_ft());
        assert_eq!(Akm::FtIeee8021xSha384.ft_mic_len(), 24);
    }
}
