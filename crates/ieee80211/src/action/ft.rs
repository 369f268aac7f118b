//! FT Action frames (IEEE 802.11-2020 9.6.8.2-9.6.8.5): Category 6, Action, STA Address,
//! Target AP Address, Status Code (Response and Ack only), elements.

use crate::body::{ActionCategory, ActionRepr};
use crate::element::Elements;
use crate::wire::{check_out, mac_at, put, put_u16, rest, u16_at, u8_at};
use crate::{Error, MacAddr, Result, StatusCode};
use roamd_codes::code_enum;

code_enum! {
    /// FT Action field values (Table 9-435).
    pub enum FtActionCode(u8) {
        /// FT Request.
        Request = 1,
        /// FT Response.
        Response = 2,
        /// FT Confirm.
        Confirm = 3,
        /// FT Ack.
        Ack = 4,
    }
}

impl FtActionCode {
    /// Response and Ack carry a Status Code.
    pub fn has_status(self) -> bool {
        matches!(self, FtActionCode::Response | FtActionCode::Ack)
    }
}

mod field {
    pub const CATEGORY: usize = 0;
    pub const ACTION: usize = 1;
    pub const STA: usize = 2;
    pub const TARGET_AP: usize = 8;
    pub const STATUS: usize = 14;
}

fn fixed_len(action: FtActionCode) -> usize {
    field::STATUS + if action.has_status() { 2 } else { 0 }
}

/// View of an FT Action body (Category first).
#[derive(Debug, Clone, Copy)]
pub struct FtAction<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> FtAction<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        FtAction { buffer }
    }

    /// Wraps a body after checking category, action code and length.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        b.check()?;
        Ok(b)
    }

    /// Checks the category is FT, the action code known, and the fixed fields present.
    pub fn check(&self) -> Result<()> {
        let buf = self.buffer.as_ref();
        if buf.len() < 2 {
            return Err(Error::Truncated);
        }
        if self.category() != ActionCategory::FastBssTransition {
            return Err(Error::UnexpectedAction);
        }
        let action = self.action();
        if let FtActionCode::Unknown(_) = action {
            return Err(Error::UnexpectedAction);
        }
        if buf.len() < fixed_len(action) {
            return Err(Error::Truncated);
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

    /// FT Action code.
    pub fn action(&self) -> FtActionCode {
        u8_at(self.buffer.as_ref(), field::ACTION).into()
    }

    /// STA Address.
    pub fn sta_addr(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), field::STA)
    }

    /// Target AP Address.
    pub fn target_ap_addr(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), field::TARGET_AP)
    }

    /// Status Code (Response and Ack).
    pub fn status(&self) -> Option<StatusCode> {
        self.action()
            .has_status()
            .then(|| u16_at(self.buffer.as_ref(), field::STATUS).into())
    }

    /// Elements after the fixed fields.
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), fixed_len(self.action()))
    }
}

/// Parsed FT Action body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FtActionRepr<'a> {
    /// FT Action code (never `Unknown` once parsed).
    pub action: FtActionCode,
    /// STA Address.
    pub sta_addr: MacAddr,
    /// Target AP Address.
    pub target_ap_addr: MacAddr,
    /// Status Code: present for Response and Ack (emitted as Success if `None` there, and
    /// ignored for Request and Confirm).
    pub status: Option<StatusCode>,
    /// Elements (RSNE, MDE, FTE, RIC, ...).
    pub elements: Elements<'a>,
}

impl<'a> FtActionRepr<'a> {
    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(v: &FtAction<&'a T>) -> Result<Self> {
        v.check()?;
        let buf: &'a [u8] = v.buffer.as_ref();
        Ok(FtActionRepr {
            action: v.action(),
            sta_addr: v.sta_addr(),
            target_ap_addr: v.target_ap_addr(),
            status: v.status(),
            elements: Elements::new(rest(buf, fixed_len(v.action()))),
        })
    }

    /// Parses the Action body of a received frame, Category included.
    pub fn parse_bytes(body: &'a [u8]) -> Result<Self> {
        Self::parse(&FtAction::new_checked(body)?)
    }

    /// Parses from an [`ActionRepr`] of a parsed frame (its body starts after Category, so
    /// offsets are one less than in the view).
    pub fn from_action(a: &ActionRepr<'a>) -> Result<Self> {
        if a.category != ActionCategory::FastBssTransition {
            return Err(Error::UnexpectedAction);
        }
        let b = a.body;
        let action = FtActionCode::from(b.first().copied().ok_or(Error::Truncated)?);
        if let FtActionCode::Unknown(_) = action {
            return Err(Error::UnexpectedAction);
        }
        let fixed = fixed_len(action) - 1;
        if b.len() < fixed {
            return Err(Error::Truncated);
        }
        Ok(FtActionRepr {
            action,
            sta_addr: mac_at(b, field::STA - 1),
            target_ap_addr: mac_at(b, field::TARGET_AP - 1),
            status: action
                .has_status()
                .then(|| u16_at(b, field::STATUS - 1).into()),
            elements: Elements::new(rest(b, fixed)),
        })
    }

    /// Encoded length (Category included).
    pub fn buffer_len(&self) -> usize {
        fixed_len(self.action) + self.elements.as_bytes().len()
    }

    /// Writes the body (Category first) to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        if let FtActionCode::Unknown(_) = self.action {
            return Err(Error::UnexpectedAction);
        }
        check_out(buf, self.buffer_len())?;
        put(
            buf,
            field::CATEGORY,
            &[ActionCategory::FastBssTransition.into(), self.action.into()],
        );
        put(buf, field::STA, &self.sta_addr.0);
        put(buf, field::TARGET_AP, &self.target_ap_addr.0);
        if self.action.has_status() {
            let s = self.status.unwrap_or(StatusCode::Success);
            put_u16(buf, field::STATUS, s.into());
        }
        put(buf, fixed_len(self.action), self.elements.as_bytes());
        Ok(())
    }

    /// The encoded body (Category first); wrap it with [`ActionRepr::from_bytes`] to send.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut v = vec![0; self.buffer_len()];
        self.emit(&mut v)?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::*;
    use crate::{Body, ManagementFrame};

    #[test]
    fn ft_over_ds_request_and_response() {
        let f = hex::decode(FT_ACTION_REQ).unwrap();
        let r = FtActionRepr::parse_bytes(&f[24..]).unwrap();
        assert_eq!(r.action, FtActionCode::Request);
        assert_eq!(r.sta_addr.to_string(), "02:00:00:00:02:00");
        assert_eq!(r.target_ap_addr.to_string(), "02:00:00:00:00:00");
        assert_eq!(r.status, None);
        assert!(r.elements.mde().unwrap().is_some());
        assert_eq!(r.to_bytes().unwrap(), f[24..]);

        let f = hex::decode(FT_ACTION_RESP).unwrap();
        let m = ManagementFrame::parse(&f).unwrap();
        let Body::Action(a) = m.body else { panic!() };
        let r = FtActionRepr::from_action(&a).unwrap();
        assert_eq!(r.action, FtActionCode::Response);
        assert_eq!(r.status, Some(StatusCode::Success));
        assert_eq!(r, FtActionRepr::parse_bytes(&f[24..]).unwrap());
        let bytes = r.to_bytes().unwrap();
        assert_eq!(bytes, f[24..]);
        let rebuilt = ManagementFrame {
            header: m.header,
            body: Body::Action(ActionRepr::from_bytes(&bytes).unwrap()),
        };
        assert_eq!(rebuilt.to_bytes(), f);
    }

    #[test]
    fn errors() {
        let f = hex::decode(FT_ACTION_RESP).unwrap();
        assert_eq!(
            FtActionRepr::parse_bytes(&f[24..39]).err(),
            Some(Error::Truncated)
        );
        assert!(FtActionRepr::parse_bytes(&f[24..40]).is_ok());
        let mut b = f[24..].to_vec();
        b[1] = 9;
        assert_eq!(
            FtActionRepr::parse_bytes(&b).err(),
            Some(Error::UnexpectedAction)
        );
        b[0] = 8;
        assert_eq!(
            FtActionRepr::parse_bytes(&b).err(),
            Some(Error::UnexpectedAction)
        );
        let a = ActionRepr::from_bytes(&f[24..38]).unwrap();
        assert_eq!(FtActionRepr::from_action(&a), Err(Error::Truncated));
    }
}
