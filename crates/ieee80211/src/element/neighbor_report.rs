//! Neighbor Report element (IEEE 802.11-2020 9.4.2.36): a BSS a station may
//! roam to, in Neighbor Report Responses and BSS Transition candidate lists.

use crate::wire::{mac_at, rest, u32_at, u8_at};
use crate::{Error, MacAddr, Result};

/// Length of the fixed fields: BSSID, BSSID Information, Operating Class,
/// Channel Number, PHY Type.
pub const FIXED_LEN: usize = 13;

/// Neighbor Report element data; the optional subelements are kept raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NeighborReport<'a> {
    /// The neighbour's BSSID.
    pub bssid: MacAddr,
    /// BSSID Information (reachability, security, capabilities...).
    pub bssid_info: u32,
    /// Operating Class.
    pub op_class: u8,
    /// Channel Number.
    pub channel: u8,
    /// PHY Type.
    pub phy_type: u8,
    /// Optional subelements (candidate preference, TSF, ...), verbatim.
    pub subelements: &'a [u8],
}

impl<'a> NeighborReport<'a> {
    /// Parses the element data (after ID and length).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        if data.len() < FIXED_LEN {
            return Err(Error::ElementLength {
                id: super::id::NEIGHBOR_REPORT,
            });
        }
        Ok(NeighborReport {
            bssid: mac_at(data, 0),
            bssid_info: u32_at(data, 6),
            op_class: u8_at(data, 10),
            channel: u8_at(data, 11),
            phy_type: u8_at(data, 12),
            subelements: rest(data, FIXED_LEN),
        })
    }

    /// The element data (without ID and length).
    pub fn to_data(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(FIXED_LEN + self.subelements.len());
        v.extend_from_slice(&self.bssid.0);
        v.extend_from_slice(&self.bssid_info.to_le_bytes());
        v.extend_from_slice(&[self.op_class, self.channel, self.phy_type]);
        v.extend_from_slice(self.subelements);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        // hostapd_cli bss_tm_req ... neighbor=02:00:00:00:01:00,0x0000,81,1,7,030101
        let data = [2, 0, 0, 0, 1, 0, 0x8f, 0, 0, 0, 81, 1, 7, 3, 1, 1];
        let n = NeighborReport::parse(&data).unwrap();
        assert_eq!(n.bssid, MacAddr([2, 0, 0, 0, 1, 0]));
        assert_eq!(n.bssid_info, 0x8f);
        assert_eq!((n.op_class, n.channel, n.phy_type), (81, 1, 7));
        assert_eq!(n.subelements, &[3, 1, 1]);
        assert_eq!(n.to_data(), data);
        for len in 0..FIXED_LEN {
            assert!(NeighborReport::parse(&data[..len]).is_err());
        }
    }
}
