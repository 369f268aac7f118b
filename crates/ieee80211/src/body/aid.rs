//! Association ID (IEEE 802.11-2020 9.4.1.8).

use crate::{Error, Result};

/// Largest AID (IEEE 802.11-2020 9.4.1.8; larger values are for S1G / multi-BSSID).
pub const AID_MAX: u16 = 2007;

/// An Association ID, 0..=2007 (0 only in failed association responses).
/// On the wire the two top bits of the AID field are set; [`Aid::to_wire`] does that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Aid(u16);

impl Aid {
    /// "No AID": the value of a failed association response.
    pub const NONE: Aid = Aid(0);

    /// An AID; `None` above 2007.
    pub const fn new(aid: u16) -> Option<Self> {
        if aid <= AID_MAX {
            Some(Aid(aid))
        } else {
            None
        }
    }

    /// The plain AID value.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The AID field as sent: value with bits 14 and 15 set.
    pub const fn to_wire(self) -> u16 {
        self.0 | 0xc000
    }

    /// Reads an AID field, ignoring the two top bits.
    pub fn from_wire(v: u16) -> Result<Self> {
        Aid::new(v & 0x3fff).ok_or(Error::InvalidAid)
    }
}

impl TryFrom<u16> for Aid {
    type Error = Error;

    fn try_from(v: u16) -> Result<Self> {
        Aid::new(v).ok_or(Error::InvalidAid)
    }
}

impl From<Aid> for u16 {
    fn from(a: Aid) -> u16 {
        a.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire() {
        assert_eq!(Aid::new(1).unwrap().to_wire(), 0xc001);
        assert_eq!(Aid::from_wire(0xc001), Ok(Aid::new(1).unwrap()));
        assert_eq!(Aid::from_wire(0x0001), Ok(Aid::new(1).unwrap()));
        assert_eq!(Aid::from_wire(0xc000 | 2008), Err(Error::InvalidAid));
        assert!(Aid::new(2008).is_none());
        assert_eq!(Aid::try_from(2007u16).map(u16::from), Ok(2007));
    }
}
