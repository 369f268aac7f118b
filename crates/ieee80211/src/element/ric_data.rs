//! RIC Data element (RDE, IEEE 802.11-2020 9.4.2.48).

use crate::{Error, Result, StatusCode};

/// Length of the RDE data.
pub const RIC_DATA_LEN: usize = 4;

/// RIC Data element: identifier, resource descriptor count, status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RicData {
    /// RDE Identifier.
    pub identifier: u8,
    /// Resource Descriptor Count.
    pub descriptor_count: u8,
    /// Status Code.
    pub status: StatusCode,
}

impl RicData {
    /// Parses the 4 octets of element data.
    pub fn parse(data: &[u8]) -> Result<Self> {
        match data {
            &[i, n, a, b] => Ok(RicData {
                identifier: i,
                descriptor_count: n,
                status: u16::from_le_bytes([a, b]).into(),
            }),
            _ => Err(Error::ElementLength {
                id: super::id::RIC_DATA,
            }),
        }
    }

    /// The 4 data octets.
    pub fn to_data(&self) -> [u8; RIC_DATA_LEN] {
        let s = u16::from(self.status).to_le_bytes();
        [self.identifier, self.descriptor_count, s[0], s[1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let r = RicData::parse(&[1, 1, 0, 0]).unwrap();
        assert_eq!(r.status, StatusCode::Success);
        assert_eq!(r.to_data(), [1, 1, 0, 0]);
        assert!(RicData::parse(&[1, 1, 0]).is_err());
    }
}
