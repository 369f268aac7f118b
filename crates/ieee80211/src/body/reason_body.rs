//! Deauthentication and Disassociation bodies (IEEE 802.11-2020 9.3.3.5, 9.3.3.13).

use crate::element::Elements;
use crate::wire::{check_out, put, put_u16, rest, u16_at};
use crate::{Error, ReasonCode, Result};

mod field {
    pub const REASON: usize = 0;
    pub const ELEMENTS: usize = 2;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::ELEMENTS;

/// View of a Deauthentication or Disassociation body: Reason Code, then optional elements
/// (vendor specific, or the MME of a protected group-addressed frame).
#[derive(Debug, Clone, Copy)]
pub struct ReasonBody<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> ReasonBody<T> {
    /// Wraps a body without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        ReasonBody { buffer }
    }

    /// Wraps a body after checking the reason code is present.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        b.check_len()?;
        Ok(b)
    }

    /// Checks the reason code is present.
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

    /// Reason Code.
    pub fn reason(&self) -> ReasonCode {
        u16_at(self.buffer.as_ref(), field::REASON).into()
    }

    /// The elements after the reason code.
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::ELEMENTS)
    }
}

/// Parsed Deauthentication / Disassociation body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReasonBodyRepr<'a> {
    /// Reason Code.
    pub reason: ReasonCode,
    /// Elements after the reason code (usually empty).
    pub elements: Elements<'a>,
}

impl<'a> ReasonBodyRepr<'a> {
    /// A body with `reason` and no elements.
    pub fn new(reason: ReasonCode) -> Self {
        ReasonBodyRepr {
            reason,
            elements: Elements::new(&[]),
        }
    }

    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(r: &ReasonBody<&'a T>) -> Result<Self> {
        r.check_len()?;
        let buf: &'a [u8] = r.buffer.as_ref();
        Ok(ReasonBodyRepr {
            reason: r.reason(),
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
        put_u16(buf, field::REASON, self.reason.into());
        put(buf, field::ELEMENTS, self.elements.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;

    #[test]
    fn deauth() {
        let f = hex::decode(PSK_DEAUTH_BCAST).unwrap();
        let r = ReasonBodyRepr::parse(&ReasonBody::new_checked(&f[24..]).unwrap()).unwrap();
        assert_eq!(r.reason, ReasonCode::PrevAuthNotValid);
        assert!(r.elements.is_empty());
        let mut out = [0u8; 2];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[24..]);
        assert!(ReasonBody::new_checked(&f[24..25]).is_err());
        assert_eq!(
            ReasonBodyRepr::new(ReasonCode::DeauthLeaving).buffer_len(),
            2
        );
    }
}
