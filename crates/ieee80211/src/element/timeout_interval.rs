//! Timeout Interval element (IEEE 802.11-2020 9.4.2.47).

use crate::{Error, Result};
use roamd_codes::code_enum;

code_enum! {
    /// Timeout Interval Type (Table 9-198).
    pub enum TimeoutIntervalType(u8) {
        /// Reassociation deadline (TUs).
        ReassociationDeadline = 1,
        /// Key lifetime (seconds).
        KeyLifetime = 2,
        /// Association comeback time (TUs), with status 30.
        AssociationComeback = 3,
        /// Time to start (TUs).
        TimeToStart = 4,
    }
}

/// Length of the Timeout Interval data.
pub const TIMEOUT_INTERVAL_LEN: usize = 5;

/// Timeout Interval element: type and 32-bit value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeoutInterval {
    /// Timeout Interval Type.
    pub kind: TimeoutIntervalType,
    /// Timeout Interval Value.
    pub value: u32,
}

impl TimeoutInterval {
    /// Parses the 5 octets of element data.
    pub fn parse(data: &[u8]) -> Result<Self> {
        match data {
            &[t, a, b, c, d] => Ok(TimeoutInterval {
                kind: t.into(),
                value: u32::from_le_bytes([a, b, c, d]),
            }),
            _ => Err(Error::ElementLength {
                id: super::id::TIMEOUT_INTERVAL,
            }),
        }
    }

    /// The 5 data octets.
    pub fn to_data(&self) -> [u8; TIMEOUT_INTERVAL_LEN] {
        let v = self.value.to_le_bytes();
        [self.kind.into(), v[0], v[1], v[2], v[3]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        // Association comeback of 1000 TU: 38 05 03 e8 03 00 00
        let t = TimeoutInterval::parse(&[3, 0xe8, 3, 0, 0]).unwrap();
        assert_eq!(t.kind, TimeoutIntervalType::AssociationComeback);
        assert_eq!(t.value, 1000);
        assert_eq!(t.to_data(), [3, 0xe8, 3, 0, 0]);
        assert!(TimeoutInterval::parse(&[3, 0, 0, 0]).is_err());
    }
}
