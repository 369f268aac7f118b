//! Probe Request body (IEEE 802.11-2020 9.3.3.10): elements only.

use crate::element::Elements;
use crate::wire::{check_out, put};
use crate::Result;

/// View of a Probe Request body.
#[derive(Debug, Clone, Copy)]
pub struct ProbeRequest<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> ProbeRequest<T> {
    /// Wraps a body (no fixed fields, so nothing to check).
    pub const fn new_unchecked(buffer: T) -> Self {
        ProbeRequest { buffer }
    }

    /// Same as `new_unchecked`: any length is valid.
    pub fn new_checked(buffer: T) -> Result<Self> {
        Ok(Self::new_unchecked(buffer))
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The elements.
    pub fn elements(&self) -> &[u8] {
        self.buffer.as_ref()
    }
}

/// Parsed Probe Request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProbeRequestRepr<'a> {
    /// Elements (SSID, rates, ...).
    pub elements: Elements<'a>,
}

impl<'a> ProbeRequestRepr<'a> {
    /// Parses a view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(p: &ProbeRequest<&'a T>) -> Result<Self> {
        Ok(ProbeRequestRepr {
            elements: Elements::new(p.buffer.as_ref()),
        })
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        self.elements.as_bytes().len()
    }

    /// Writes the body to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        put(buf, 0, self.elements.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let body = [0u8, 0, 1, 1, 0x82];
        let r = ProbeRequestRepr::parse(&ProbeRequest::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.elements.ssid(), Some(&[][..]));
        let mut out = [0u8; 5];
        r.emit(&mut out).unwrap();
        assert_eq!(out, body);
    }
}
