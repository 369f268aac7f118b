//! Action body (IEEE 802.11-2020 9.3.3.14): Category, then category-specific content.

use crate::wire::{check_out, put, rest, u8_at};
use crate::{Error, Result};
use roamd_codes::code_enum;

code_enum! {
    /// Category (Table 9-51). Values >= 128 are Action frames returned with the error bit.
    pub enum ActionCategory(u8) {
        /// Spectrum management.
        SpectrumMgmt = 0,
        /// QoS.
        Qos = 1,
        /// Block Ack.
        BlockAck = 3,
        /// Public.
        Public = 4,
        /// Radio Measurement.
        RadioMeasurement = 5,
        /// Fast BSS Transition.
        FastBssTransition = 6,
        /// HT.
        Ht = 7,
        /// SA Query.
        SaQuery = 8,
        /// Protected Dual of Public Action.
        ProtectedDualOfPublic = 9,
        /// WNM.
        Wnm = 10,
        /// Unprotected WNM.
        UnprotectedWnm = 11,
        /// TDLS.
        Tdls = 12,
        /// Self-protected.
        SelfProtected = 15,
        /// WMM (WMM-AC).
        Wmm = 17,
        /// VHT.
        Vht = 21,
        /// Protected vendor specific.
        VendorSpecificProtected = 126,
        /// Vendor specific.
        VendorSpecific = 127,
    }
}

mod field {
    pub const CATEGORY: usize = 0;
    pub const BODY: usize = 1;
}

/// View of an Action body.
#[derive(Debug, Clone, Copy)]
pub struct Action<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Action<T> {
    /// Wraps a body without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        Action { buffer }
    }

    /// Wraps a body after checking the category is present.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        b.check_len()?;
        Ok(b)
    }

    /// Checks the category is present.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().is_empty() {
            Err(Error::Truncated)
        } else {
            Ok(())
        }
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Category.
    pub fn category(&self) -> ActionCategory {
        u8_at(self.buffer.as_ref(), field::CATEGORY).into()
    }

    /// Everything after the category (action code first, for most categories).
    pub fn body(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::BODY)
    }
}

/// Parsed Action body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionRepr<'a> {
    /// Category.
    pub category: ActionCategory,
    /// Content after the category, verbatim (see [`crate::action`] for typed parsers).
    pub body: &'a [u8],
}

impl<'a> ActionRepr<'a> {
    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(a: &Action<&'a T>) -> Result<Self> {
        a.check_len()?;
        let buf: &'a [u8] = a.buffer.as_ref();
        Ok(ActionRepr {
            category: a.category(),
            body: rest(buf, field::BODY),
        })
    }

    /// Parses an Action body (Category first), e.g. the output of
    /// [`crate::action::FtActionRepr::to_bytes`].
    pub fn from_bytes(body: &'a [u8]) -> Result<Self> {
        Self::parse(&Action::new_checked(body)?)
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        1 + self.body.len()
    }

    /// Writes the body to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        put(buf, field::CATEGORY, &[self.category.into()]);
        put(buf, field::BODY, self.body);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;

    #[test]
    fn ft_action() {
        let f = hex::decode(FT_ACTION_REQ).unwrap();
        let r = ActionRepr::parse(&Action::new_checked(&f[24..]).unwrap()).unwrap();
        assert_eq!(r.category, ActionCategory::FastBssTransition);
        assert_eq!(r.body[0], 1);
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[24..]);
        assert!(Action::new_checked(&[][..]).is_err());
        assert_eq!(ActionCategory::from(0x86), ActionCategory::Unknown(0x86));
    }
}
