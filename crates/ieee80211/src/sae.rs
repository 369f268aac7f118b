//! SAE Authentication frame bodies (IEEE 802.11-2020 9.3.3.12, 12.4.7): parsers, and the
//! emitters an AP needs for its own Commit, Confirm and anti-clogging token request.
//!
//! Commit (transaction 1): Finite Cyclic Group(2) [Anti-Clogging Token] Scalar Element
//! [Password Identifier] [Rejected Groups] [Anti-Clogging Token Container].
//! Confirm (transaction 2): Send-Confirm(2) Confirm.
//! Status 126 (SAE_HASH_TO_ELEMENT) / 127 (SAE_PK) mark an H2E commit, whose token is only
//! ever in the container element.

use crate::body::{AuthAlgorithm, AuthenticationRepr};
use crate::element::{id, Elements, RawElement};
use crate::wire::{rest, u16_at};
use crate::{Error, Result, StatusCode};

/// hostapd ignores trailing data shorter than this as an anti-clogging token (SHA-256 size).
const MIN_TOKEN_LEN: usize = 32;

/// Prime length in octets and whether the group is elliptic-curve, for the groups SAE uses
/// (IANA "Group Description" registry; ECC: 19-21, 25-30; FFC: 1, 2, 5, 14-18, 22-24).
pub fn group_sizes(group: u16) -> Option<(usize, bool)> {
    Some(match group {
        19 | 28 => (32, true),
        20 | 29 => (48, true),
        21 => (66, true),
        25 => (24, true),
        26 | 27 => (28, true),
        30 => (64, true),
        1 => (96, false),
        2 | 22 => (128, false),
        5 => (192, false),
        14 | 23 | 24 => (256, false),
        15 => (384, false),
        16 => (512, false),
        17 => (768, false),
        18 => (1024, false),
        _ => return None,
    })
}

/// The Finite Cyclic Group of a commit body, if it has two octets (e.g. to reject an
/// unsupported group with status 77).
pub fn commit_group(payload: &[u8]) -> Option<u16> {
    (payload.len() >= 2).then(|| u16_at(payload, 0))
}

/// An SAE Commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SaeCommit<'a> {
    /// Finite Cyclic Group.
    pub group: u16,
    /// Hash-to-element (status 126 or 127).
    pub h2e: bool,
    /// Anti-Clogging Token, from the field (non-H2E) or the container element (H2E).
    pub token: Option<&'a [u8]>,
    /// Commit scalar (prime length).
    pub scalar: &'a [u8],
    /// Commit element (2 x prime length for ECC, prime length for FFC).
    pub element: &'a [u8],
    /// Elements after the element field (Password Identifier, Rejected Groups, token
    /// container).
    pub elements: Elements<'a>,
}

impl<'a> SaeCommit<'a> {
    /// Parses a commit payload (after the Status Code).
    pub fn parse(payload: &'a [u8], h2e: bool) -> Result<Self> {
        let group = commit_group(payload).ok_or(Error::Truncated)?;
        let (prime_len, ecc) = group_sizes(group).ok_or(Error::SaeGroup(group))?;
        let scalar_elem_len = prime_len * if ecc { 3 } else { 2 };
        let mut body = rest(payload, 2);
        if body.len() < scalar_elem_len {
            return Err(Error::Truncated);
        }
        let mut token = None;
        // hostapd sae_parse_commit_token(): extra octets before scalar and element are a
        // token unless they start with one of the elements allowed after the element.
        let extra = body.len() - scalar_elem_len;
        if !h2e && extra >= MIN_TOKEN_LEN {
            let after = rest(body, scalar_elem_len);
            if !Self::starts_with_commit_element(after) {
                token = body.get(..extra);
                body = rest(body, extra);
            }
        }
        let scalar = body.get(..prime_len).ok_or(Error::Truncated)?;
        let element = body
            .get(prime_len..scalar_elem_len)
            .ok_or(Error::Truncated)?;
        let elements = Elements::new(rest(body, scalar_elem_len));
        elements.check()?;
        if h2e {
            token = elements
                .find_ext(id::ext::ANTI_CLOGGING_TOKEN)
                .and_then(|e| e.ext_data());
        }
        Ok(SaeCommit {
            group,
            h2e,
            token,
            scalar,
            element,
            elements,
        })
    }

    fn starts_with_commit_element(b: &[u8]) -> bool {
        let Some(Ok(e)) = crate::element::ElementIter::new(b).next() else {
            return false;
        };
        matches!(
            e.ext_id(),
            Some(id::ext::PASSWORD_IDENTIFIER)
                | Some(id::ext::REJECTED_GROUPS)
                | Some(id::ext::ANTI_CLOGGING_TOKEN)
        )
    }

    /// Password Identifier element data (after the extension ID).
    pub fn password_identifier(&self) -> Option<&'a [u8]> {
        self.ext(id::ext::PASSWORD_IDENTIFIER)
    }

    /// Rejected Groups: list of 2-octet group numbers (H2E).
    pub fn rejected_groups(&self) -> Option<impl Iterator<Item = u16> + 'a> {
        self.ext(id::ext::REJECTED_GROUPS)
            .map(|d| d.chunks_exact(2).map(|c| u16_at(c, 0)))
    }

    fn ext(&self, ext_id: u8) -> Option<&'a [u8]> {
        self.elements
            .find_ext(ext_id)
            .and_then(|e: RawElement<'a>| e.ext_data())
    }
}

/// An SAE Confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SaeConfirm<'a> {
    /// Send-Confirm counter.
    pub send_confirm: u16,
    /// Confirm (hash length of the group/AKM: 32, 48 or 64 octets).
    pub confirm: &'a [u8],
}

impl<'a> SaeConfirm<'a> {
    /// Parses a confirm payload (after the Status Code).
    pub fn parse(payload: &'a [u8]) -> Result<Self> {
        let confirm = rest(payload, 2);
        if payload.len() < 2 || confirm.is_empty() {
            return Err(Error::Truncated);
        }
        Ok(SaeConfirm {
            send_confirm: u16_at(payload, 0),
            confirm,
        })
    }
}

/// An SAE Authentication frame body, by transaction and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SaeAuth<'a> {
    /// Commit (transaction 1, status 0 / 126 / 127).
    Commit(SaeCommit<'a>),
    /// Confirm (transaction 2, status 0).
    Confirm(SaeConfirm<'a>),
    /// Anti-clogging token request (transaction 1, status 76): group and token (for H2E the
    /// token is inside a container element, returned here as is).
    TokenRequired {
        /// Finite Cyclic Group.
        group: u16,
        /// Token octets (non-H2E) or the container element(s) (H2E).
        token: &'a [u8],
    },
    /// Any other status (rejections): body not interpreted.
    Other {
        /// Transaction sequence number.
        transaction: u16,
        /// Status Code.
        status: StatusCode,
        /// Payload after the status.
        payload: &'a [u8],
    },
}

impl<'a> SaeAuth<'a> {
    /// Interprets an Authentication body with algorithm SAE.
    pub fn parse(auth: &AuthenticationRepr<'a>) -> Result<Self> {
        if auth.algorithm != AuthAlgorithm::Sae {
            return Err(Error::NotSae);
        }
        let h2e = matches!(
            auth.status,
            StatusCode::SaeHashToElement | StatusCode::SaePk
        );
        Ok(match (auth.transaction, auth.status) {
            (1, StatusCode::Success | StatusCode::SaeHashToElement | StatusCode::SaePk) => {
                SaeAuth::Commit(SaeCommit::parse(auth.payload, h2e)?)
            }
            (1, StatusCode::AntiCloggingTokenReq) => SaeAuth::TokenRequired {
                group: commit_group(auth.payload).ok_or(Error::Truncated)?,
                token: rest(auth.payload, 2),
            },
            (2, StatusCode::Success) => SaeAuth::Confirm(SaeConfirm::parse(auth.payload)?),
            (transaction, status) => SaeAuth::Other {
                transaction,
                status,
                payload: auth.payload,
            },
        })
    }
}

/// Appends an Extension element: 255, length, extension ID, data. Data longer than an element
/// holds is cut (callers pass tokens and identifiers of at most a few dozen octets).
fn push_ext_element(out: &mut Vec<u8>, ext_id: u8, data: &[u8]) {
    let data = data.get(..data.len().min(254)).unwrap_or(&[]);
    out.push(id::EXTENSION);
    // At most 255: checked by the cut above.
    out.push((data.len() + 1) as u8);
    out.push(ext_id);
    out.extend_from_slice(data);
}

/// The fields of an SAE Commit to emit (hostapd `sae_write_commit()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaeCommitRepr<'a> {
    /// Finite Cyclic Group.
    pub group: u16,
    /// Hash-to-element: the token goes into the container element, not the field.
    pub h2e: bool,
    /// Anti-Clogging Token to echo.
    pub token: Option<&'a [u8]>,
    /// Commit scalar (prime length).
    pub scalar: &'a [u8],
    /// Commit element (x || y for ECC).
    pub element: &'a [u8],
    /// Password Identifier element data.
    pub password_identifier: Option<&'a [u8]>,
    /// Rejected Groups (H2E only).
    pub rejected_groups: &'a [u16],
}

impl SaeCommitRepr<'_> {
    /// Appends the commit payload (after the Status Code) to `out`.
    pub fn emit(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.group.to_le_bytes());
        if let (false, Some(token)) = (self.h2e, self.token) {
            out.extend_from_slice(token);
        }
        out.extend_from_slice(self.scalar);
        out.extend_from_slice(self.element);
        if let Some(pwid) = self.password_identifier {
            push_ext_element(out, id::ext::PASSWORD_IDENTIFIER, pwid);
        }
        if self.h2e && !self.rejected_groups.is_empty() {
            let groups: Vec<u8> = self
                .rejected_groups
                .iter()
                .flat_map(|g| g.to_le_bytes())
                .collect();
            push_ext_element(out, id::ext::REJECTED_GROUPS, &groups);
        }
        if let (true, Some(token)) = (self.h2e, self.token) {
            push_ext_element(out, id::ext::ANTI_CLOGGING_TOKEN, token);
        }
    }
}

/// Appends an SAE Confirm payload: Send-Confirm, Confirm.
pub fn emit_confirm(send_confirm: u16, confirm: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&send_confirm.to_le_bytes());
    out.extend_from_slice(confirm);
}

/// Appends the payload of a status-76 reply (hostapd `auth_build_token_req()`): the group,
/// then the token, in the container element for H2E.
pub fn emit_token_request(group: u16, token: &[u8], h2e: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(&group.to_le_bytes());
    if h2e {
        push_ext_element(out, id::ext::ANTI_CLOGGING_TOKEN, token);
    } else {
        out.extend_from_slice(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(transaction: u16, status: StatusCode, payload: &[u8]) -> AuthenticationRepr<'_> {
        AuthenticationRepr {
            algorithm: AuthAlgorithm::Sae,
            transaction,
            status,
            payload,
        }
    }

    fn commit_body(token: &[u8], tail: &[u8]) -> Vec<u8> {
        let mut v = vec![19, 0];
        v.extend_from_slice(token);
        v.extend(std::iter::repeat_n(0x11, 32)); // scalar
        v.extend(std::iter::repeat_n(0x22, 64)); // element
        v.extend_from_slice(tail);
        v
    }

    #[test]
    fn commit_plain_token_and_pwid() {
        let b = commit_body(&[], &[]);
        let SaeAuth::Commit(c) = SaeAuth::parse(&auth(1, StatusCode::Success, &b)).unwrap() else {
            panic!()
        };
        assert_eq!(c.group, 19);
        assert_eq!(c.scalar, &[0x11; 32]);
        assert_eq!(c.element, &[0x22; 64]);
        assert_eq!(c.token, None);

        let b = commit_body(&[0xaa; 32], &[]);
        let c = SaeCommit::parse(&b, false).unwrap();
        assert_eq!(c.token, Some(&[0xaa; 32][..]));
        assert_eq!(c.scalar, &[0x11; 32]);

        let pwid = [0xff, 4, 33, b'i', b'd', b'1'];
        let b = commit_body(&[], &pwid);
        let c = SaeCommit::parse(&b, false).unwrap();
        assert_eq!(c.token, None);
        assert_eq!(c.password_identifier(), Some(&b"id1"[..]));
    }

    #[test]
    fn commit_h2e() {
        let tail = [0xff, 3, 92, 20, 0, 0xff, 3, 93, 0xab, 0xcd];
        let b = commit_body(&[], &tail);
        let a = auth(1, StatusCode::SaeHashToElement, &b);
        let SaeAuth::Commit(c) = SaeAuth::parse(&a).unwrap() else {
            panic!()
        };
        assert!(c.h2e);
        assert_eq!(c.token, Some(&[0xab, 0xcd][..]));
        assert_eq!(c.rejected_groups().unwrap().collect::<Vec<_>>(), vec![20]);
    }

    #[test]
    fn confirm_token_and_errors() {
        let mut b = vec![1, 0];
        b.extend([0x33; 32]);
        let SaeAuth::Confirm(c) = SaeAuth::parse(&auth(2, StatusCode::Success, &b)).unwrap() else {
            panic!()
        };
        assert_eq!(c.send_confirm, 1);
        assert_eq!(c.confirm.len(), 32);
        assert_eq!(
            SaeAuth::parse(&auth(1, StatusCode::AntiCloggingTokenReq, &[19, 0, 9, 9])),
            Ok(SaeAuth::TokenRequired {
                group: 19,
                token: &[9, 9]
            })
        );
        assert!(matches!(
            SaeAuth::parse(&auth(
                1,
                StatusCode::FiniteCyclicGroupNotSupported,
                &[19, 0]
            )),
            Ok(SaeAuth::Other { .. })
        ));
        assert_eq!(
            SaeCommit::parse(&[99, 0, 1], false),
            Err(Error::SaeGroup(99))
        );
        assert_eq!(commit_group(&[99, 0, 1]), Some(99));
        assert_eq!(
            SaeCommit::parse(&commit_body(&[], &[])[..97], false),
            Err(Error::Truncated)
        );
        assert_eq!(SaeConfirm::parse(&[1, 0]), Err(Error::Truncated));
        let mut a = auth(1, StatusCode::Success, &[]);
        a.algorithm = AuthAlgorithm::OpenSystem;
        assert_eq!(SaeAuth::parse(&a), Err(Error::NotSae));
    }

    #[test]
    fn commit_emit_round_trips() {
        let (scalar, element) = ([0x11; 32], [0x22; 64]);
        let token = [0xab; 32];
        for h2e in [false, true] {
            let repr = SaeCommitRepr {
                group: 19,
                h2e,
                token: Some(&token),
                scalar: &scalar,
                element: &element,
                password_identifier: h2e.then_some(&b"psk4internet"[..]),
                rejected_groups: if h2e { &[20, 21] } else { &[] },
            };
            let mut b = Vec::new();
            repr.emit(&mut b);
            let c = SaeCommit::parse(&b, h2e).unwrap();
            assert_eq!(c.group, 19);
            assert_eq!(c.token, Some(&token[..]));
            assert_eq!(c.scalar, &scalar);
            assert_eq!(c.element, &element);
            assert_eq!(c.password_identifier(), repr.password_identifier);
            assert_eq!(
                c.rejected_groups().map(|g| g.collect::<Vec<_>>()),
                h2e.then(|| vec![20, 21])
            );
        }
    }

    #[test]
    fn confirm_and_token_request_emit_round_trip() {
        let mut b = Vec::new();
        emit_confirm(7, &[0x44; 32], &mut b);
        let c = SaeConfirm::parse(&b).unwrap();
        assert_eq!((c.send_confirm, c.confirm), (7, &[0x44; 32][..]));

        let mut plain = Vec::new();
        emit_token_request(19, &[9; 32], false, &mut plain);
        assert_eq!(commit_group(&plain), Some(19));
        assert_eq!(&plain[2..], &[9; 32]);
        let mut h2e = Vec::new();
        emit_token_request(20, &[9; 32], true, &mut h2e);
        assert_eq!(&h2e[..5], &[20, 0, 255, 33, 93]);
        let container = Elements::new(&h2e[2..])
            .find_ext(id::ext::ANTI_CLOGGING_TOKEN)
            .and_then(|e| e.ext_data());
        assert_eq!(container, Some(&[9; 32][..]));
    }
}
