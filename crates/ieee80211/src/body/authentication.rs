//! Authentication body (IEEE 802.11-2020 9.3.3.12).

use crate::element::Elements;
use crate::wire::{check_out, put, put_u16, rest, u16_at};
use crate::{Error, Result, StatusCode};
use roamd_codes::code_enum;

code_enum! {
    /// Authentication Algorithm Number (9.4.1.1).
    pub enum AuthAlgorithm(u16) {
        /// Open System.
        OpenSystem = 0,
        /// Shared Key.
        SharedKey = 1,
        /// Fast BSS Transition.
        FastBssTransition = 2,
        /// Simultaneous Authentication of Equals.
        Sae = 3,
        /// FILS shared key authentication without PFS.
        Fils = 4,
        /// FILS shared key authentication with PFS.
        FilsPfs = 5,
        /// FILS public key authentication.
        FilsPk = 6,
        /// PASN.
        Pasn = 7,
    }
}

mod field {
    pub const ALGORITHM: usize = 0;
    pub const TRANSACTION: usize = 2;
    pub const STATUS: usize = 4;
    pub const PAYLOAD: usize = 6;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::PAYLOAD;

/// View of an Authentication body.
#[derive(Debug, Clone, Copy)]
pub struct Authentication<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Authentication<T> {
    /// Wraps a body without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        Authentication { buffer }
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

    /// Authentication Algorithm Number.
    pub fn algorithm(&self) -> AuthAlgorithm {
        u16_at(self.buffer.as_ref(), field::ALGORITHM).into()
    }

    /// Authentication Transaction Sequence Number.
    pub fn transaction(&self) -> u16 {
        u16_at(self.buffer.as_ref(), field::TRANSACTION)
    }

    /// Status Code.
    pub fn status(&self) -> StatusCode {
        u16_at(self.buffer.as_ref(), field::STATUS).into()
    }

    /// Everything after the status: elements (Open, FT, Shared Key challenge) or the SAE
    /// fields (see [`crate::sae`]).
    pub fn payload(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::PAYLOAD)
    }
}

/// Parsed Authentication body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuthenticationRepr<'a> {
    /// Authentication Algorithm Number.
    pub algorithm: AuthAlgorithm,
    /// Authentication Transaction Sequence Number.
    pub transaction: u16,
    /// Status Code.
    pub status: StatusCode,
    /// Bytes after the status field, kept verbatim.
    pub payload: &'a [u8],
}

impl<'a> AuthenticationRepr<'a> {
    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(a: &Authentication<&'a T>) -> Result<Self> {
        a.check_len()?;
        let buf: &'a [u8] = a.buffer.as_ref();
        Ok(AuthenticationRepr {
            algorithm: a.algorithm(),
            transaction: a.transaction(),
            status: a.status(),
            payload: rest(buf, field::PAYLOAD),
        })
    }

    /// The payload read as elements (for every algorithm but SAE).
    pub fn elements(&self) -> Elements<'a> {
        Elements::new(self.payload)
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        FIXED_LEN + self.payload.len()
    }

    /// Writes the body to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        put_u16(buf, field::ALGORITHM, self.algorithm.into());
        put_u16(buf, field::TRANSACTION, self.transaction);
        put_u16(buf, field::STATUS, self.status.into());
        put(buf, field::PAYLOAD, self.payload);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;

    #[test]
    fn open_and_ft() {
        let f = hex::decode(PSK_AUTH_RESP).unwrap();
        let r = AuthenticationRepr::parse(&Authentication::new_checked(&f[24..]).unwrap()).unwrap();
        assert_eq!(r.algorithm, AuthAlgorithm::OpenSystem);
        assert_eq!(r.transaction, 2);
        assert_eq!(r.status, StatusCode::Success);
        assert!(r.payload.is_empty());

        let f = hex::decode(FT_AUTH_REQ).unwrap();
        let r = AuthenticationRepr::parse(&Authentication::new_checked(&f[24..]).unwrap()).unwrap();
        assert_eq!(r.algorithm, AuthAlgorithm::FastBssTransition);
        assert_eq!(r.transaction, 1);
        assert_eq!(r.elements().mde().unwrap().unwrap().mdid, [0xa1, 0xb2]);
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[24..]);
        assert!(Authentication::new_checked(&f[24..29]).is_err());
    }
}
