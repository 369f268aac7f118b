//! (Re)Association Response body (IEEE 802.11-2020 9.3.3.7, 9.3.3.9).

use super::aid::Aid;
use crate::element::Elements;
use crate::wire::{check_out, put, put_u16, rest, u16_at};
use crate::{CapabilityInfo, Error, Result, StatusCode};

mod field {
    pub const CAPABILITY: usize = 0;
    pub const STATUS: usize = 2;
    pub const AID: usize = 4;
    pub const ELEMENTS: usize = 6;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::ELEMENTS;

/// View of an Association or Reassociation Response body.
#[derive(Debug, Clone, Copy)]
pub struct AssocResponse<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> AssocResponse<T> {
    /// Wraps a body without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        AssocResponse { buffer }
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

    /// Status Code.
    pub fn status(&self) -> StatusCode {
        u16_at(self.buffer.as_ref(), field::STATUS).into()
    }

    /// Raw AID field (top two bits normally set).
    pub fn aid_field(&self) -> u16 {
        u16_at(self.buffer.as_ref(), field::AID)
    }

    /// The elements.
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::ELEMENTS)
    }
}

/// Parsed (Re)Association Response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AssocResponseRepr<'a> {
    /// Capability Information.
    pub capabilities: CapabilityInfo,
    /// Status Code.
    pub status: StatusCode,
    /// Association ID (plain value; emitted with bits 14 and 15 set).
    pub aid: Aid,
    /// Elements.
    pub elements: Elements<'a>,
}

impl<'a> AssocResponseRepr<'a> {
    /// Parses a checked view; fails with `InvalidAid` if the AID exceeds 2007.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(a: &AssocResponse<&'a T>) -> Result<Self> {
        a.check_len()?;
        let buf: &'a [u8] = a.buffer.as_ref();
        Ok(AssocResponseRepr {
            capabilities: a.capabilities(),
            status: a.status(),
            aid: Aid::from_wire(a.aid_field())?,
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
        put_u16(buf, field::STATUS, self.status.into());
        // IEEE 802.11-2020 9.4.1.8: the two MSBs of the AID field are set to 1.
        put_u16(buf, field::AID, self.aid.to_wire());
        put(buf, field::ELEMENTS, self.elements.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;

    #[test]
    fn psk_assoc_resp() {
        let f = hex::decode(PSK_ASSOC_RESP).unwrap();
        let r = AssocResponseRepr::parse(&AssocResponse::new_checked(&f[24..]).unwrap()).unwrap();
        assert_eq!(r.capabilities.bits(), 0x0411);
        assert_eq!(r.status, StatusCode::Success);
        assert_eq!(r.aid.get(), 1);
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[24..]);
        let mut bad = f[24..].to_vec();
        bad[5] = 0xcf; // AID 0x0f01 > 2007
        assert_eq!(
            AssocResponseRepr::parse(&AssocResponse::new_checked(&bad[..]).unwrap()),
            Err(Error::InvalidAid)
        );
    }
}
