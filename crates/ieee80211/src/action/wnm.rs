//! BSS Transition Management Action frames (IEEE 802.11-2020 9.6.13.8-10):
//! Category 10 (WNM), Action 6 Query, 7 Request, 8 Response, Dialog Token,
//! then each frame's fixed fields and a BSS Transition Candidate List of
//! Neighbor Report elements.

use crate::body::{ActionCategory, ActionRepr};
use crate::element::Elements;
use crate::wire::{array_at, mac_at, rest, u16_at, u8_at};
use crate::{Error, MacAddr, Result};
use roamd_codes::code_enum;

code_enum! {
    /// The WNM Action field values of BSS Transition Management (Table 9-480).
    pub enum BtmAction(u8) {
        /// BSS Transition Management Query.
        Query = 6,
        /// BSS Transition Management Request.
        Request = 7,
        /// BSS Transition Management Response.
        Response = 8,
    }
}

/// Request Mode bits (Figure 9-924).
pub mod request_mode {
    /// Preferred Candidate List Included.
    pub const PREF_CAND_LIST: u8 = 0x01;
    /// Abridged.
    pub const ABRIDGED: u8 = 0x02;
    /// Disassociation Imminent.
    pub const DISASSOC_IMMINENT: u8 = 0x04;
    /// BSS Termination Included (a BSS Termination Duration subelement follows).
    pub const BSS_TERMINATION: u8 = 0x08;
    /// ESS Disassociation Imminent (a Session Information URL follows).
    pub const ESS_DISASSOC_IMMINENT: u8 = 0x10;
}

/// BSS Transition Management status code: Accept (Table 9-428).
pub const STATUS_ACCEPT: u8 = 0;

/// Length of the BSS Termination Duration subelement (ID, length, TSF, duration).
pub const TERMINATION_DURATION_LEN: usize = 12;

/// View of a BSS Transition Management body (Category first).
#[derive(Debug, Clone, Copy)]
pub struct Btm<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Btm<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        Btm { buffer }
    }

    /// Wraps a body after checking category and action (the fields after
    /// the Dialog Token are checked by [`BtmRepr::parse_bytes`]).
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        if b.category() != ActionCategory::Wnm {
            return Err(Error::UnexpectedAction);
        }
        if let BtmAction::Unknown(_) = b.action() {
            return Err(Error::UnexpectedAction);
        }
        if b.buffer.as_ref().len() < 3 {
            return Err(Error::Truncated);
        }
        Ok(b)
    }

    /// Category.
    pub fn category(&self) -> ActionCategory {
        u8_at(self.buffer.as_ref(), 0).into()
    }

    /// Action.
    pub fn action(&self) -> BtmAction {
        u8_at(self.buffer.as_ref(), 1).into()
    }

    /// Dialog Token.
    pub fn dialog_token(&self) -> u8 {
        u8_at(self.buffer.as_ref(), 2)
    }

    /// The action's fields after the Dialog Token.
    pub fn fields(&self) -> &[u8] {
        rest(self.buffer.as_ref(), 3)
    }
}

/// A parsed BSS Transition Management frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BtmRepr<'a> {
    /// A station asks for a candidate list.
    Query {
        /// Dialog Token.
        dialog_token: u8,
        /// BSS Transition Query Reason.
        reason: u8,
        /// Candidates the station proposes.
        candidates: Elements<'a>,
    },
    /// The AP asks a station to move.
    Request {
        /// Dialog Token.
        dialog_token: u8,
        /// Request Mode ([`request_mode`] bits).
        mode: u8,
        /// Disassociation Timer, beacon intervals (0: none).
        disassoc_timer: u16,
        /// Validity Interval, beacon intervals.
        validity_interval: u8,
        /// BSS Termination Duration subelement, with
        /// [`request_mode::BSS_TERMINATION`].
        termination_duration: Option<[u8; TERMINATION_DURATION_LEN]>,
        /// Session Information URL, with [`request_mode::ESS_DISASSOC_IMMINENT`].
        session_url: Option<&'a [u8]>,
        /// BSS Transition Candidate List (Neighbor Report elements).
        candidates: Elements<'a>,
    },
    /// The station's answer to a request.
    Response {
        /// Dialog Token of the request.
        dialog_token: u8,
        /// BSS Transition Management Status Code.
        status: u8,
        /// BSS Termination Delay, minutes.
        termination_delay: u8,
        /// Target BSSID, present when the status is Accept.
        target_bssid: Option<MacAddr>,
        /// Candidates the station reports.
        candidates: Elements<'a>,
    },
}

impl<'a> BtmRepr<'a> {
    /// Parses an Action body, Category included.
    pub fn parse_bytes(body: &'a [u8]) -> Result<Self> {
        let v = Btm::new_checked(body)?;
        Self::parse_fields(v.action(), v.dialog_token(), rest(body, 3))
    }

    /// Parses from an [`ActionRepr`] of a parsed frame.
    pub fn from_action(a: &ActionRepr<'a>) -> Result<Self> {
        if a.category != ActionCategory::Wnm {
            return Err(Error::UnexpectedAction);
        }
        let action = BtmAction::from(u8_at(a.body, 0));
        let Some(&token) = a.body.get(1) else {
            return Err(Error::Truncated);
        };
        Self::parse_fields(action, token, rest(a.body, 2))
    }

    fn parse_fields(action: BtmAction, dialog_token: u8, f: &'a [u8]) -> Result<Self> {
        Ok(match action {
            BtmAction::Query => BtmRepr::Query {
                dialog_token,
                reason: *f.first().ok_or(Error::Truncated)?,
                candidates: Elements::new(rest(f, 1)),
            },
            BtmAction::Request => {
                if f.len() < 4 {
                    return Err(Error::Truncated);
                }
                let mode = u8_at(f, 0);
                let mut at = 4;
                let termination_duration = if mode & request_mode::BSS_TERMINATION != 0 {
                    at += TERMINATION_DURATION_LEN;
                    Some(array_at(f, 4).ok_or(Error::Truncated)?)
                } else {
                    None
                };
                let session_url = if mode & request_mode::ESS_DISASSOC_IMMINENT != 0 {
                    let len = usize::from(*f.get(at).ok_or(Error::Truncated)?);
                    let url = f.get(at + 1..at + 1 + len).ok_or(Error::Truncated)?;
                    at += 1 + len;
                    Some(url)
                } else {
                    None
                };
                BtmRepr::Request {
                    dialog_token,
                    mode,
                    disassoc_timer: u16_at(f, 1),
                    validity_interval: u8_at(f, 3),
                    termination_duration,
                    session_url,
                    candidates: Elements::new(rest(f, at)),
                }
            }
            BtmAction::Response => {
                let [status, termination_delay] = array_at(f, 0).ok_or(Error::Truncated)?;
                let (target_bssid, at) = if status == STATUS_ACCEPT {
                    if f.len() < 8 {
                        return Err(Error::Truncated);
                    }
                    (Some(mac_at(f, 2)), 8)
                } else {
                    (None, 2)
                };
                BtmRepr::Response {
                    dialog_token,
                    status,
                    termination_delay,
                    target_bssid,
                    candidates: Elements::new(rest(f, at)),
                }
            }
            BtmAction::Unknown(_) => return Err(Error::UnexpectedAction),
        })
    }

    /// The encoded body (Category first). A Session Information URL longer
    /// than 255 octets is cut to 255.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = vec![ActionCategory::Wnm.into()];
        match *self {
            BtmRepr::Query {
                dialog_token,
                reason,
                candidates,
            } => {
                v.extend_from_slice(&[BtmAction::Query.into(), dialog_token, reason]);
                v.extend_from_slice(candidates.as_bytes());
            }
            BtmRepr::Request {
                dialog_token,
                mode,
                disassoc_timer,
                validity_interval,
                termination_duration,
                session_url,
                candidates,
            } => {
                v.extend_from_slice(&[BtmAction::Request.into(), dialog_token, mode]);
                v.extend_from_slice(&disassoc_timer.to_le_bytes());
                v.push(validity_interval);
                if let Some(d) = termination_duration {
                    v.extend_from_slice(&d);
                }
                if let Some(url) = session_url {
                    let url = url.get(..255).unwrap_or(url);
                    v.push(url.len() as u8);
                    v.extend_from_slice(url);
                }
                v.extend_from_slice(candidates.as_bytes());
            }
            BtmRepr::Response {
                dialog_token,
                status,
                termination_delay,
                target_bssid,
                candidates,
            } => {
                v.extend_from_slice(&[
                    BtmAction::Response.into(),
                    dialog_token,
                    status,
                    termination_delay,
                ]);
                if let Some(t) = target_bssid {
                    v.extend_from_slice(&t.0);
                }
                v.extend_from_slice(candidates.as_bytes());
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NR: [u8; 15] = [52, 13, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 81, 1, 7];

    #[test]
    fn request_round_trip() {
        let r = BtmRepr::Request {
            dialog_token: 1,
            mode: request_mode::PREF_CAND_LIST | request_mode::DISASSOC_IMMINENT,
            disassoc_timer: 10,
            validity_interval: 255,
            termination_duration: None,
            session_url: None,
            candidates: Elements::new(&NR),
        };
        let bytes = r.to_bytes();
        assert_eq!(&bytes[..7], &[10, 7, 1, 5, 10, 0, 255]);
        assert_eq!(BtmRepr::parse_bytes(&bytes), Ok(r));
        let a = ActionRepr::from_bytes(&bytes).unwrap();
        assert_eq!(BtmRepr::from_action(&a), Ok(r));
        for len in 0..7 {
            assert!(BtmRepr::parse_bytes(&bytes[..len]).is_err());
        }
        // Termination duration and URL, each length checked.
        let r = BtmRepr::Request {
            dialog_token: 2,
            mode: request_mode::BSS_TERMINATION | request_mode::ESS_DISASSOC_IMMINENT,
            disassoc_timer: 0,
            validity_interval: 1,
            termination_duration: Some([4, 10, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0]),
            session_url: Some(b"http://x"),
            candidates: Elements::new(&[]),
        };
        let bytes = r.to_bytes();
        assert_eq!(BtmRepr::parse_bytes(&bytes), Ok(r));
        for len in 7..bytes.len() {
            assert_eq!(BtmRepr::parse_bytes(&bytes[..len]), Err(Error::Truncated));
        }
    }

    #[test]
    fn response_and_query() {
        // wpa_supplicant accepting: status 0, delay 0, target BSSID.
        let accept = [10u8, 8, 1, 0, 0, 2, 0, 0, 0, 1, 0];
        let r = BtmRepr::parse_bytes(&accept).unwrap();
        assert_eq!(
            r,
            BtmRepr::Response {
                dialog_token: 1,
                status: 0,
                termination_delay: 0,
                target_bssid: Some(MacAddr([2, 0, 0, 0, 1, 0])),
                candidates: Elements::new(&[]),
            }
        );
        assert_eq!(r.to_bytes(), accept);
        assert_eq!(BtmRepr::parse_bytes(&accept[..10]), Err(Error::Truncated));
        // Rejected (7: no suitable candidates): no target.
        let reject = [10u8, 8, 1, 7, 0];
        let r = BtmRepr::parse_bytes(&reject).unwrap();
        assert!(matches!(
            r,
            BtmRepr::Response {
                status: 7,
                target_bssid: None,
                ..
            }
        ));
        assert_eq!(r.to_bytes(), reject);
        assert_eq!(BtmRepr::parse_bytes(&reject[..4]), Err(Error::Truncated));
        let mut query = vec![10u8, 6, 3, 16];
        query.extend_from_slice(&NR);
        let q = BtmRepr::parse_bytes(&query).unwrap();
        assert!(matches!(
            q,
            BtmRepr::Query {
                dialog_token: 3,
                reason: 16,
                ..
            }
        ));
        assert_eq!(q.to_bytes(), query);
        assert_eq!(BtmRepr::parse_bytes(&[10, 6, 3]), Err(Error::Truncated));
        assert_eq!(
            BtmRepr::parse_bytes(&[10, 9, 3, 0]),
            Err(Error::UnexpectedAction)
        );
        assert_eq!(
            BtmRepr::parse_bytes(&[5, 8, 3, 0]),
            Err(Error::UnexpectedAction)
        );
    }
}
