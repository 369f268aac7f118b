//! Reassociation Request body (IEEE 802.11-2020 9.3.3.8).

use crate::element::Elements;
use crate::wire::{check_out, mac_at, put, put_u16, rest, u16_at};
use crate::{CapabilityInfo, Error, MacAddr, Result};

mod field {
    pub const CAPABILITY: usize = 0;
    pub const LISTEN_INTERVAL: usize = 2;
    pub const CURRENT_AP: usize = 4;
    pub const ELEMENTS: usize = 10;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::ELEMENTS;

/// View of a Reassociation Request body.
#[derive(Debug, Clone, Copy)]
pub struct ReassocRequest<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> ReassocRequest<T> {
    /// Wraps a body without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        ReassocRequest { buffer }
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

    /// Capability Information.
    pub fn capabilities(&self) -> CapabilityInfo {
        u16_at(self.buffer.as_ref(), field::CAPABILITY).into()
    }

    /// Listen Interval.
    pub fn listen_interval(&self) -> u16 {
        u16_at(self.buffer.as_ref(), field::LISTEN_INTERVAL)
    }

    /// Current AP Address (the AP the STA is associated with, or the target for FT).
    pub fn current_ap(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), field::CURRENT_AP)
    }

    /// The elements.
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::ELEMENTS)
    }
}

/// Parsed Reassociation Request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReassocRequestRepr<'a> {
    /// Capability Information.
    pub capabilities: CapabilityInfo,
    /// Listen Interval.
    pub listen_interval: u16,
    /// Current AP Address.
    pub current_ap: MacAddr,
    /// Elements.
    pub elements: Elements<'a>,
}

impl<'a> ReassocRequestRepr<'a> {
    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(a: &ReassocRequest<&'a T>) -> Result<Self> {
        a.check_len()?;
        let buf: &'a [u8] = a.buffer.as_ref();
        Ok(ReassocRequestRepr {
            capabilities: a.capabilities(),
            listen_interval: a.listen_interval(),
            current_ap: a.current_ap(),
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
        put_u16(buf, field::CAPABILITY, self.capabilities.bits());
        put_u16(buf, field::LISTEN_INTERVAL, self.listen_interval);
        put(buf, field::CURRENT_AP, &self.current_ap.0);
        put(buf, field::ELEMENTS, self.elements.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;

    #[test]
    fn ft_reassoc_req() {
        let f = hex::decode(FT_REASSOC_REQ).unwrap();
        let r = ReassocRequestRepr::parse(&ReassocRequest::new_checked(&f[24..]).unwrap()).unwrap();
        assert_eq!(r.capabilities.bits(), 0x0431);
        assert_eq!(r.listen_interval, 5);
        assert_eq!(r.current_ap.to_string(), "02:00:00:00:00:00");
        assert_eq!(r.elements.ssid(), Some(&b"roam-ft"[..]));
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[24..]);
        assert!(ReassocRequest::new_checked(&f[24..33]).is_err());
    }
}
