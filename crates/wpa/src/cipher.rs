//! Cipher suites and their temporal key lengths (IEEE 802.11-2020 Table 9-149
//! and 12.7.2 Table 12-4).

use crate::akm::{suite, RSN_OUI};

/// A pairwise (or group data) cipher suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PairwiseCipher {
    /// 00-0F-AC:4, CCMP-128.
    Ccmp128,
    /// 00-0F-AC:8, GCMP-128.
    Gcmp128,
    /// 00-0F-AC:9, GCMP-256.
    Gcmp256,
    /// 00-0F-AC:10, CCMP-256.
    Ccmp256,
    /// Any other selector (TKIP, WEP, vendor), kept verbatim.
    Unknown(u32),
}

impl PairwiseCipher {
    /// The cipher for a 32-bit suite selector (OUI << 8 | type).
    pub const fn from_suite(selector: u32) -> Self {
        if selector >> 8 != 0x000fac {
            return Self::Unknown(selector);
        }
        match selector & 0xff {
            4 => Self::Ccmp128,
            8 => Self::Gcmp128,
            9 => Self::Gcmp256,
            10 => Self::Ccmp256,
            _ => Self::Unknown(selector),
        }
    }

    /// The 32-bit suite selector.
    pub const fn to_suite(self) -> u32 {
        let t = match self {
            Self::Ccmp128 => 4,
            Self::Gcmp128 => 8,
            Self::Gcmp256 => 9,
            Self::Ccmp256 => 10,
            Self::Unknown(s) => return s,
        };
        suite(RSN_OUI, t)
    }

    /// The cipher for an OUI and suite type.
    pub const fn from_oui_type(oui: [u8; 3], suite_type: u8) -> Self {
        Self::from_suite(suite(oui, suite_type))
    }

    /// The cipher for the four selector octets as they appear in an RSNE.
    pub const fn from_bytes(bytes: [u8; 4]) -> Self {
        Self::from_suite(u32::from_be_bytes(bytes))
    }

    /// The four selector octets as they appear in an RSNE.
    pub const fn to_bytes(self) -> [u8; 4] {
        self.to_suite().to_be_bytes()
    }

    /// Temporal key length in octets: 16 for the 128-bit ciphers, 32 for the 256-bit ones.
    pub const fn tk_len(self) -> Option<usize> {
        match self {
            Self::Ccmp128 | Self::Gcmp128 => Some(16),
            Self::Gcmp256 | Self::Ccmp256 => Some(32),
            Self::Unknown(_) => None,
        }
    }
}

impl From<u32> for PairwiseCipher {
    fn from(selector: u32) -> Self {
        Self::from_suite(selector)
    }
}

impl From<PairwiseCipher> for u32 {
    fn from(c: PairwiseCipher) -> Self {
        c.to_suite()
    }
}

/// A group management cipher suite (BIP), which sets the IGTK length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupMgmtCipher {
    /// 00-0F-AC:6, BIP-CMAC-128.
    BipCmac128,
    /// 00-0F-AC:11, BIP-GMAC-128.
    BipGmac128,
    /// 00-0F-AC:12, BIP-GMAC-256.
    BipGmac256,
    /// 00-0F-AC:13, BIP-CMAC-256.
    BipCmac256,
    /// Any other selector, kept verbatim.
    Unknown(u32),
}

impl GroupMgmtCipher {
    /// The cipher for a 32-bit suite selector.
    pub const fn from_suite(selector: u32) -> Self {
        if selector >> 8 != 0x000fac {
            return Self::Unknown(selector);
        }
        match selector & 0xff {
            6 => Self::BipCmac128,
            11 => Self::BipGmac128,
            12 => Self::BipGmac256,
            13 => Self::BipCmac256,
            _ => Self::Unknown(selector),
        }
    }

    /// The 32-bit suite selector.
    pub const fn to_suite(self) -> u32 {
        let t = match self {
            Self::BipCmac128 => 6,
            Self::BipGmac128 => 11,
            Self::BipGmac256 => 12,
            Self::BipCmac256 => 13,
            Self::Unknown(s) => return s,
        };
        suite(RSN_OUI, t)
    }

    /// IGTK length in octets.
    pub const fn key_len(self) -> Option<usize> {
        match self {
            Self::BipCmac128 | Self::BipGmac128 => Some(16),
            Self::BipGmac256 | Self::BipCmac256 => Some(32),
            Self::Unknown(_) => None,
        }
    }
}

impl From<u32> for GroupMgmtCipher {
    fn from(selector: u32) -> Self {
        Self::from_suite(selector)
    }
}

impl From<GroupMgmtCipher> for u32 {
    fn from(c: GroupMgmtCipher) -> Self {
        c.to_suite()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_round_trip_and_lengths() {
        for (sel, c, tk) in [
            (0x000f_ac04, PairwiseCipher::Ccmp128, 16),
            (0x000f_ac08, PairwiseCipher::Gcmp128, 16),
            (0x000f_ac09, PairwiseCipher::Gcmp256, 32),
            (0x000f_ac0a, PairwiseCipher::Ccmp256, 32),
        ] {
            assert_eq!(PairwiseCipher::from(sel), c);
            assert_eq!(u32::from(c), sel);
            assert_eq!(c.tk_len(), Some(tk));
            assert_eq!(PairwiseCipher::from_bytes(c.to_bytes()), c);
        }
        let tkip = PairwiseCipher::from_oui_type(RSN_OUI, 2);
        assert_eq!(tkip, PairwiseCipher::Unknown(0x000f_ac02));
        assert_eq!(tkip.tk_len(), None);
        assert_eq!(u32::from(PairwiseCipher::from(0x0050_f204)), 0x0050_f204);
    }

    #[test]
    fn group_mgmt_round_trip_and_lengths() {
        for (sel, c, len) in [
            (0x000f_ac06, GroupMgmtCipher::BipCmac128, 16),
            (0x000f_ac0b, GroupMgmtCipher::BipGmac128, 16),
            (0x000f_ac0c, GroupMgmtCipher::BipGmac256, 32),
            (0x000f_ac0d, GroupMgmtCipher::BipCmac256, 32),
        ] {
            assert_eq!(GroupMgmtCipher::from(sel), c);
            assert_eq!(u32::from(c), sel);
            assert_eq!(c.key_len(), Some(len));
        }
        assert_eq!(GroupMgmtCipher::from(7).key_len(), None);
    }
}
