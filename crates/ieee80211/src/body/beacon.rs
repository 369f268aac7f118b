//! Beacon and Probe Response bodies (IEEE 802.11-2020 9.3.3.3, 9.3.3.11).

use crate::element::Elements;
use crate::wire::{check_out, put, put_u16, put_u64, rest, u16_at, u64_at};
use crate::{CapabilityInfo, Error, Result};

mod field {
    pub const TIMESTAMP: usize = 0;
    pub const BEACON_INTERVAL: usize = 8;
    pub const CAPABILITY: usize = 10;
    pub const ELEMENTS: usize = 12;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::ELEMENTS;

/// View of a Beacon or Probe Response body.
#[derive(Debug, Clone, Copy)]
pub struct Beacon<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Beacon<T> {
    /// Wraps a body without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        Beacon { buffer }
    }

    /// Wraps a body after checking the fixed fields are present.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        b.check_len()?;
        Ok(b)
    }

    /// Checks the fixed fields are present.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < FIXED_LEN {
            Err(Error::Truncated)
        } else {
            Ok(())
        }
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Timestamp (TSF, µs).
    pub fn timestamp(&self) -> u64 {
        u64_at(self.buffer.as_ref(), field::TIMESTAMP)
    }

    /// Beacon Interval (TUs).
    pub fn beacon_interval(&self) -> u16 {
        u16_at(self.buffer.as_ref(), field::BEACON_INTERVAL)
    }

    /// Capability Information.
    pub fn capabilities(&self) -> CapabilityInfo {
        CapabilityInfo::from(u16_at(self.buffer.as_ref(), field::CAPABILITY))
    }

    /// The elements.
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::ELEMENTS)
    }
}

/// Parsed Beacon / Probe Response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BeaconRepr<'a> {
    /// Timestamp (0 in a beacon head handed to the driver, which fills it in).
    pub timestamp: u64,
    /// Beacon Interval (TUs).
    pub beacon_interval: u16,
    /// Capability Information.
    pub capabilities: CapabilityInfo,
    /// Elements.
    pub elements: Elements<'a>,
}

/// A Probe Response body has the Beacon layout.
pub type ProbeResponseRepr<'a> = BeaconRepr<'a>;

impl<'a> BeaconRepr<'a> {
    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(b: &Beacon<&'a T>) -> Result<Self> {
        b.check_len()?;
        let buf: &'a [u8] = b.buffer.as_ref();
        Ok(BeaconRepr {
            timestamp: b.timestamp(),
            beacon_interval: b.beacon_interval(),
            capabilities: b.capabilities(),
            elements: Elements::new(rest(buf, field::ELEMENTS)),
        })
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        put_u64(buf, field::TIMESTAMP, self.timestamp);
        put_u16(buf, field::BEACON_INTERVAL, self.beacon_interval);
        put_u16(buf, field::CAPABILITY, self.capabilities.bits());
        put(buf, field::ELEMENTS, self.elements.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;

    #[test]
    fn beacon_head() {
        let f = hex::decode(PSK_BEACON_HEAD).unwrap();
        let v = Beacon::new_checked(&f[24..]).unwrap();
        let r = BeaconRepr::parse(&v).unwrap();
        assert_eq!(r.timestamp, 0);
        assert_eq!(r.beacon_interval, 100);
        assert_eq!(r.capabilities.bits(), 0x0411);
        assert_eq!(r.elements.ssid(), Some(&b"roam-psk"[..]));
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[24..]);
        assert!(Beacon::new_checked(&f[24..35]).is_err());
        assert_eq!(r.emit(&mut [0; 12]), Err(Error::BufferTooShort));
    }
}
