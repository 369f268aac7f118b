//! Cipher suites and their key lengths (IEEE 802.11-2020 Table 9-149 and
//! 12.7.2 Table 12-4).
//!
//! The cipher type is the workspace's one [`CipherSuite`], the suite
//! selector table of `roamd-ieee80211`; [`CipherExt`] adds the key lengths
//! the key hierarchy uses, for the suites it supports.

pub use roamd_ieee80211::element::CipherSuite;

/// Key lengths of a [`CipherSuite`] as the key hierarchy uses it.
pub trait CipherExt: Copy {
    /// Temporal key length in octets of a pairwise (or group data) cipher:
    /// 16 for CCMP-128 and GCMP-128, 32 for GCMP-256 and CCMP-256. `None`
    /// for any other suite (TKIP, WEP, BIP, vendor).
    fn tk_len(self) -> Option<usize>;
    /// IGTK length in octets of a group management cipher: 16 for
    /// BIP-CMAC-128 and BIP-GMAC-128, 32 for BIP-GMAC-256 and BIP-CMAC-256.
    /// `None` for any other suite.
    fn igtk_len(self) -> Option<usize>;
}

impl CipherExt for CipherSuite {
    fn tk_len(self) -> Option<usize> {
        match self {
            CipherSuite::Ccmp128 | CipherSuite::Gcmp128 => Some(16),
            CipherSuite::Gcmp256 | CipherSuite::Ccmp256 => Some(32),
            _ => None,
        }
    }

    fn igtk_len(self) -> Option<usize> {
        match self {
            CipherSuite::BipCmac128 | CipherSuite::BipGmac128 => Some(16),
            CipherSuite::BipGmac256 | CipherSuite::BipCmac256 => Some(32),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_round_trip_and_lengths() {
        for (sel, c, tk) in [
            (0x000f_ac04u32, CipherSuite::Ccmp128, 16),
            (0x000f_ac08, CipherSuite::Gcmp128, 16),
            (0x000f_ac09, CipherSuite::Gcmp256, 32),
            (0x000f_ac0a, CipherSuite::Ccmp256, 32),
        ] {
            assert_eq!(CipherSuite::from_suite(sel), c);
            assert_eq!(c.to_suite(), sel);
            assert_eq!(c.tk_len(), Some(tk));
            assert_eq!(c.igtk_len(), None);
            assert_eq!(CipherSuite::from_bytes(c.to_bytes()), c);
        }
        let tkip = CipherSuite::from_bytes([0x00, 0x0f, 0xac, 2]);
        assert_eq!(tkip, CipherSuite::Tkip);
        assert_eq!(tkip.tk_len(), None);
        assert_eq!(CipherSuite::from_suite(0x0050_f204).to_suite(), 0x0050_f204);
    }

    #[test]
    fn group_mgmt_round_trip_and_lengths() {
        for (sel, c, len) in [
            (0x000f_ac06u32, CipherSuite::BipCmac128, 16),
            (0x000f_ac0b, CipherSuite::BipGmac128, 16),
            (0x000f_ac0c, CipherSuite::BipGmac256, 32),
            (0x000f_ac0d, CipherSuite::BipCmac256, 32),
        ] {
            assert_eq!(CipherSuite::from_suite(sel), c);
            assert_eq!(c.to_suite(), sel);
            assert_eq!(c.igtk_len(), Some(len));
            assert_eq!(c.tk_len(), None);
        }
        assert_eq!(CipherSuite::from_suite(7).igtk_len(), None);
    }
}
