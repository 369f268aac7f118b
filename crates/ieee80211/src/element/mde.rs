//! Mobility Domain element (IEEE 802.11-2020 9.4.2.45).

use crate::{Error, Result};

bitflags::bitflags! {
    /// FT Capability and Policy field; unknown bits retained.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct FtCapability: u8 {
        /// Fast BSS Transition over DS.
        const OVER_DS = 0x01;
        /// Resource Request Protocol Capability.
        const RESOURCE_REQUEST = 0x02;
    }
}

/// Length of the MDE data.
pub const MDE_LEN: usize = 3;

/// Mobility Domain element: MDID and FT Capability and Policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mde {
    /// Mobility Domain Identifier, in wire order (hostapd `mobility_domain=a1b2` is `[0xa1, 0xb2]`).
    pub mdid: [u8; 2],
    /// FT Capability and Policy.
    pub ft_capability: FtCapability,
}

impl Mde {
    /// Parses the 3 octets of MDE data.
    pub fn parse(data: &[u8]) -> Result<Self> {
        match data {
            &[a, b, c] => Ok(Mde {
                mdid: [a, b],
                ft_capability: FtCapability::from_bits_retain(c),
            }),
            _ => Err(Error::ElementLength {
                id: super::id::MOBILITY_DOMAIN,
            }),
        }
    }

    /// MDID as a little-endian u16 (as the 802.11 field would be read).
    pub fn mdid_u16(&self) -> u16 {
        u16::from_le_bytes(self.mdid)
    }

    /// FT over DS supported.
    pub fn over_ds(&self) -> bool {
        self.ft_capability.contains(FtCapability::OVER_DS)
    }

    /// Resource request protocol supported.
    pub fn resource_request(&self) -> bool {
        self.ft_capability.contains(FtCapability::RESOURCE_REQUEST)
    }

    /// The 3 data octets.
    pub fn to_data(&self) -> [u8; MDE_LEN] {
        [self.mdid[0], self.mdid[1], self.ft_capability.bits()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ft_psk_mde() {
        // 36 03 a1 b2 01
        let m = Mde::parse(&[0xa1, 0xb2, 0x01]).unwrap();
        assert_eq!(m.mdid, [0xa1, 0xb2]);
        assert!(m.over_ds());
        assert!(!m.resource_request());
        assert_eq!(m.to_data(), [0xa1, 0xb2, 0x01]);
        assert!(Mde::parse(&[1, 2]).is_err());
        assert!(Mde::parse(&[1, 2, 3, 4]).is_err());
    }
}
