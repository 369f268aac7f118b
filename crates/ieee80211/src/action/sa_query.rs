//! SA Query Action frames (IEEE 802.11-2020 9.6.9): Category 8, Action (0 Request,
//! 1 Response), Transaction Identifier (2 octets), optional elements (OCI).

use crate::body::{ActionCategory, ActionRepr};
use crate::element::Elements;
use crate::wire::{array_at, check_out, put, rest, u8_at};
use crate::{Error, Result};
use roamd_codes::code_enum;

code_enum! {
    /// SA Query Action field values (Table 9-448).
    pub enum SaQueryAction(u8) {
        /// SA Query Request.
        Request = 0,
        /// SA Query Response.
        Response = 1,
    }
}

mod field {
    pub const CATEGORY: usize = 0;
    pub const ACTION: usize = 1;
    pub const TRANSACTION_ID: usize = 2;
    pub const ELEMENTS: usize = 4;
}

/// Length of the fixed fields (Category included).
pub const FIXED_LEN: usize = field::ELEMENTS;
/// Length of the Transaction Identifier.
pub const TRANSACTION_ID_LEN: usize = 2;

/// View of an SA Query body (Category first).
#[derive(Debug, Clone, Copy)]
pub struct SaQuery<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SaQuery<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        SaQuery { buffer }
    }

    /// Wraps a body after checking category, action and length.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        b.check()?;
        Ok(b)
    }

    /// Checks the category is SA Query, the action known, and the fixed fields present.
    pub fn check(&self) -> Result<()> {
        if self.buffer.as_ref().len() < FIXED_LEN {
            return Err(Error::Truncated);
        }
        if self.category() != ActionCategory::SaQuery {
            return Err(Error::UnexpectedAction);
        }
        if let SaQueryAction::Unknown(_) = self.action() {
            return Err(Error::UnexpectedAction);
        }
        Ok(())
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Category.
    pub fn category(&self) -> ActionCategory {
        u8_at(self.buffer.as_ref(), field::CATEGORY).into()
    }

    /// Action.
    pub fn action(&self) -> SaQueryAction {
        u8_at(self.buffer.as_ref(), field::ACTION).into()
    }

    /// Transaction Identifier.
    pub fn transaction_id(&self) -> [u8; TRANSACTION_ID_LEN] {
        array_at(self.buffer.as_ref(), field::TRANSACTION_ID).unwrap_or([0; 2])
    }

    /// Elements after the Transaction Identifier (OCI when OCV is in use).
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), field::ELEMENTS)
    }
}

/// Parsed SA Query body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SaQueryRepr<'a> {
    /// Request or Response.
    pub action: SaQueryAction,
    /// Transaction Identifier (echoed in the response).
    pub transaction_id: [u8; TRANSACTION_ID_LEN],
    /// Elements (usually empty; OCI with OCV).
    pub elements: Elements<'a>,
}

impl<'a> SaQueryRepr<'a> {
    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(v: &SaQuery<&'a T>) -> Result<Self> {
        v.check()?;
        let buf: &'a [u8] = v.buffer.as_ref();
        Ok(SaQueryRepr {
            action: v.action(),
            transaction_id: v.transaction_id(),
            elements: Elements::new(rest(buf, field::ELEMENTS)),
        })
    }

    /// Parses an Action body, Category included.
    pub fn parse_bytes(body: &'a [u8]) -> Result<Self> {
        Self::parse(&SaQuery::new_checked(body)?)
    }

    /// Parses from an [`ActionRepr`] of a parsed frame.
    pub fn from_action(a: &ActionRepr<'a>) -> Result<Self> {
        if a.category != ActionCategory::SaQuery {
            return Err(Error::UnexpectedAction);
        }
        let b = a.body;
        let action = SaQueryAction::from(b.first().copied().ok_or(Error::Truncated)?);
        if let SaQueryAction::Unknown(_) = action {
            return Err(Error::UnexpectedAction);
        }
        Ok(SaQueryRepr {
            action,
            transaction_id: array_at(b, 1).ok_or(Error::Truncated)?,
            elements: Elements::new(rest(b, FIXED_LEN - 1)),
        })
    }

    /// The response to this request: same transaction identifier, no elements.
    pub fn response(&self) -> SaQueryRepr<'static> {
        SaQueryRepr {
            action: SaQueryAction::Response,
            transaction_id: self.transaction_id,
            elements: Elements::new(&[]),
        }
    }

    /// Encoded length (Category included).
    pub fn buffer_len(&self) -> usize {
        FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body (Category first) to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        put(
            buf,
            field::CATEGORY,
            &[ActionCategory::SaQuery.into(), self.action.into()],
        );
        put(buf, field::TRANSACTION_ID, &self.transaction_id);
        put(buf, field::ELEMENTS, self.elements.as_bytes());
        Ok(())
    }

    /// The encoded body (Category first); wrap it with [`ActionRepr::from_bytes`] to send.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = vec![0; self.buffer_len()];
        if self.emit(&mut v).is_err() {
            v.clear(); // unreachable: the buffer has exactly buffer_len() octets
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_response() {
        let req = [8u8, 0, 0x12, 0x34];
        let r = SaQueryRepr::parse_bytes(&req).unwrap();
        assert_eq!(r.action, SaQueryAction::Request);
        assert_eq!(r.transaction_id, [0x12, 0x34]);
        assert_eq!(r.to_bytes(), req);
        let a = ActionRepr::from_bytes(&req).unwrap();
        assert_eq!(SaQueryRepr::from_action(&a), Ok(r));
        assert_eq!(r.response().to_bytes(), [8, 1, 0x12, 0x34]);
        assert_eq!(SaQueryRepr::parse_bytes(&req[..3]), Err(Error::Truncated));
        assert_eq!(
            SaQueryRepr::parse_bytes(&[8, 2, 0, 0]),
            Err(Error::UnexpectedAction)
        );
        assert_eq!(
            SaQueryRepr::parse_bytes(&[6, 0, 0, 0]),
            Err(Error::UnexpectedAction)
        );
        let a = ActionRepr::from_bytes(&[8, 1, 0]).unwrap();
        assert_eq!(SaQueryRepr::from_action(&a), Err(Error::Truncated));
    }
}
