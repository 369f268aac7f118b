//! What an 802.1X authenticator takes from Access-Accept, Access-Reject and
//! Access-Challenge (hostapd ieee802_1x_receive_auth, ieee802_1x_get_keys).

use thiserror::Error;

use crate::attribute::Attribute;
use crate::auth::Authenticator;
use crate::code::{Code, TerminationAction};
use crate::mppe::{
    self, decrypt_mppe_key, MppeError, MS_MPPE_RECV_KEY, MS_MPPE_SEND_KEY, VENDOR_MICROSOFT,
};
use crate::packet::Repr;
use crate::secret::{KeyMaterial, Msk, SharedSecret};
use crate::tunnel;

/// Which MS-MPPE key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MppeKeyKind {
    /// MS-MPPE-Send-Key (vendor type 16).
    Send,
    /// MS-MPPE-Recv-Key (vendor type 17).
    Recv,
}

/// Why an Access-Accept could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AcceptError {
    /// The packet is not an Access-Accept.
    #[error("not an access-accept: {0:?}")]
    NotAccessAccept(Code),
    /// An MS-MPPE key is present but cannot be decrypted.
    #[error("{kind:?} key: {error}")]
    Mppe {
        /// Which key.
        kind: MppeKeyKind,
        /// What was wrong with it.
        error: MppeError,
    },
}

/// The first Microsoft vendor sub-attribute of `vendor_type` over all
/// Vendor-Specific attributes (hostapd radius_msg_get_vendor_attr).
fn ms_vendor_attr(repr: &Repr, vendor_type: u8) -> Option<&[u8]> {
    repr.attributes.iter().find_map(|a| match a {
        Attribute::VendorSpecific {
            vendor_id: VENDOR_MICROSOFT,
            data,
        } => mppe::find_vendor_subattr(data, vendor_type),
        _ => None,
    })
}

fn u32_attr(repr: &Repr, f: impl Fn(&Attribute) -> Option<u32>) -> Option<u32> {
    repr.attributes.iter().find_map(f)
}

fn bytes_attr(repr: &Repr, f: impl Fn(&Attribute) -> Option<&Vec<u8>>) -> Option<Vec<u8>> {
    repr.attributes.iter().find_map(f).cloned()
}

fn reply_messages(repr: &Repr) -> Vec<Vec<u8>> {
    repr.attributes
        .iter()
        .filter_map(|a| match a {
            Attribute::ReplyMessage(m) => Some(m.clone()),
            _ => None,
        })
        .collect()
}

/// What an Access-Accept grants the station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessAccept {
    /// MSK = MS-MPPE-Recv-Key || MS-MPPE-Send-Key when both keys are present
    /// (hostapd ieee802_1x_get_keys); `None` otherwise.
    pub msk: Option<Msk>,
    /// Session-Timeout, seconds.
    pub session_timeout: Option<u32>,
    /// Idle-Timeout, seconds.
    pub idle_timeout: Option<u32>,
    /// Termination-Action (RADIUS-Request: re-authenticate at timeout).
    pub termination_action: Option<TerminationAction>,
    /// Every Class attribute, in order, to echo in accounting (RFC 2865 5.25).
    pub class: Vec<Vec<u8>>,
    /// Chargeable-User-Identity (RFC 4372).
    pub chargeable_user_identity: Option<Vec<u8>>,
    /// Dynamic VLAN (RFC 3580 3.31).
    pub vlan: Option<u16>,
    /// The EAP packet (normally EAP-Success), EAP-Messages concatenated.
    pub eap_message: Option<Vec<u8>>,
    /// Acct-Interim-Interval, seconds.
    pub acct_interim_interval: Option<u32>,
    /// User-Name, if the server sets one (hostapd updates the identity).
    pub user_name: Option<Vec<u8>>,
    /// Reply-Message attributes.
    pub reply_messages: Vec<Vec<u8>>,
}

impl AccessAccept {
    /// Reads an authenticated Access-Accept. `request_authenticator` is
    /// that of the Access-Request it answers, which with `secret` hides the
    /// MS-MPPE keys (RFC 2548 2.4.2).
    pub fn parse(
        repr: &Repr,
        request_authenticator: &Authenticator,
        secret: &SharedSecret,
    ) -> Result<AccessAccept, AcceptError> {
        if repr.code != Code::AccessAccept {
            return Err(AcceptError::NotAccessAccept(repr.code));
        }
        let key =
            |kind: MppeKeyKind, vendor_type: u8| -> Result<Option<KeyMaterial>, AcceptError> {
                ms_vendor_attr(repr, vendor_type)
                    .map(|v| decrypt_mppe_key(v, request_authenticator, secret))
                    .transpose()
                    .map_err(|error| AcceptError::Mppe { kind, error })
            };
        let send = key(MppeKeyKind::Send, MS_MPPE_SEND_KEY)?;
        let recv = key(MppeKeyKind::Recv, MS_MPPE_RECV_KEY)?;
        let msk = match (recv, send) {
            (Some(recv), Some(send)) => {
                let mut m = zeroize::Zeroizing::new(Vec::with_capacity(recv.len() + send.len()));
                m.extend_from_slice(recv.expose());
                m.extend_from_slice(send.expose());
                Some(Msk::new(m.to_vec()))
            }
            _ => None,
        };
        Ok(AccessAccept {
            msk,
            session_timeout: u32_attr(repr, |a| match a {
                Attribute::SessionTimeout(v) => Some(*v),
                _ => None,
            }),
            idle_timeout: u32_attr(repr, |a| match a {
                Attribute::IdleTimeout(v) => Some(*v),
                _ => None,
            }),
            termination_action: repr.find_map(|a| match a {
                Attribute::TerminationAction(v) => Some(*v),
                _ => None,
            }),
            class: repr
                .attributes
                .iter()
                .filter_map(|a| match a {
                    Attribute::Class(c) => Some(c.clone()),
                    _ => None,
                })
                .collect(),
            chargeable_user_identity: bytes_attr(repr, |a| match a {
                Attribute::ChargeableUserIdentity(v) => Some(v),
                _ => None,
            }),
            vlan: tunnel::vlan_id(&repr.attributes),
            eap_message: repr.eap_message(),
            acct_interim_interval: u32_attr(repr, |a| match a {
                Attribute::AcctInterimInterval(v) => Some(*v),
                _ => None,
            }),
            user_name: bytes_attr(repr, |a| match a {
                Attribute::UserName(v) => Some(v),
                _ => None,
            }),
            reply_messages: reply_messages(repr),
        })
    }
}

/// What an Access-Challenge carries on to the station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessChallenge {
    /// The EAP request, EAP-Messages concatenated.
    pub eap_message: Option<Vec<u8>>,
    /// State, to echo in the next Access-Request (RFC 2865 5.24).
    pub state: Option<Vec<u8>>,
    /// Session-Timeout: hostapd uses it as the EAP retransmission timeout.
    pub session_timeout: Option<u32>,
    /// Reply-Message attributes.
    pub reply_messages: Vec<Vec<u8>>,
}

impl AccessChallenge {
    /// Reads an authenticated Access-Challenge.
    pub fn parse(repr: &Repr) -> AccessChallenge {
        AccessChallenge {
            eap_message: repr.eap_message(),
            state: bytes_attr(repr, |a| match a {
                Attribute::State(v) => Some(v),
                _ => None,
            }),
            session_timeout: u32_attr(repr, |a| match a {
                Attribute::SessionTimeout(v) => Some(*v),
                _ => None,
            }),
            reply_messages: reply_messages(repr),
        }
    }
}

/// What an Access-Reject carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReject {
    /// The EAP packet (normally EAP-Failure), EAP-Messages concatenated.
    pub eap_message: Option<Vec<u8>>,
    /// Reply-Message attributes.
    pub reply_messages: Vec<Vec<u8>>,
}

impl AccessReject {
    /// Reads an authenticated Access-Reject.
    pub fn parse(repr: &Repr) -> AccessReject {
        AccessReject {
            eap_message: repr.eap_message(),
            reply_messages: reply_messages(repr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{TunnelMediumType, TunnelType};
    use crate::mppe::encrypt_mppe_key;

    fn ms_vsa(vendor_type: u8, value: &[u8]) -> Attribute {
        let mut data = vec![vendor_type, (value.len() + 2) as u8];
        data.extend_from_slice(value);
        Attribute::VendorSpecific {
            vendor_id: VENDOR_MICROSOFT,
            data,
        }
    }

    #[test]
    fn access_accept_fields() {
        let secret = SharedSecret::from("testing123");
        let ra = [0x42; 16];
        let recv: Vec<u8> = (0..32).collect();
        let send: Vec<u8> = (32..64).collect();
        let mut r = Repr::new(Code::AccessAccept, 9);
        r.attributes = vec![
            ms_vsa(MS_MPPE_RECV_KEY, &encrypt_mppe_key(&recv, 1, &ra, &secret)),
            ms_vsa(MS_MPPE_SEND_KEY, &encrypt_mppe_key(&send, 2, &ra, &secret)),
            Attribute::EapMessage(vec![3, 0x89, 0, 4]),
            Attribute::MessageAuthenticator([0; 16]),
            Attribute::UserName(b"alice".to_vec()),
            Attribute::SessionTimeout(3600),
            Attribute::TerminationAction(TerminationAction::RadiusRequest),
            Attribute::Class(b"c1".to_vec()),
            Attribute::Class(b"c2".to_vec()),
            Attribute::ChargeableUserIdentity(b"cui".to_vec()),
            Attribute::AcctInterimInterval(600),
            Attribute::TunnelType {
                tag: 1,
                value: TunnelType::Vlan,
            },
            Attribute::TunnelMediumType {
                tag: 1,
                value: TunnelMediumType::Ieee802,
            },
            Attribute::TunnelPrivateGroupId {
                tag: Some(1),
                value: b"100".to_vec(),
            },
        ];
        // Through the wire and back, as the client sees it.
        let r = Repr::parse_bytes(&r.to_bytes().unwrap()).unwrap();
        let a = AccessAccept::parse(&r, &ra, &secret).unwrap();
        let msk = a.msk.as_ref().unwrap();
        assert_eq!(msk.len(), 64);
        assert_eq!(
            &msk.expose()[..32],
            &recv[..],
            "PMK = first 32 octets = Recv-Key"
        );
        assert_eq!(&msk.expose()[32..], &send[..]);
        assert_eq!(a.session_timeout, Some(3600));
        assert_eq!(a.termination_action, Some(TerminationAction::RadiusRequest));
        assert_eq!(a.class, vec![b"c1".to_vec(), b"c2".to_vec()]);
        assert_eq!(a.chargeable_user_identity, Some(b"cui".to_vec()));
        assert_eq!(a.vlan, Some(100));
        assert_eq!(a.eap_message, Some(vec![3, 0x89, 0, 4]));
        assert_eq!(a.acct_interim_interval, Some(600));
        assert_eq!(a.user_name, Some(b"alice".to_vec()));
        assert!(!format!("{a:?}").contains("0, 1, 2, 3"));

        // Wrong Request Authenticator: the key length octet is garbage.
        let bad = AccessAccept::parse(&r, &[0x43; 16], &secret);
        assert!(
            matches!(bad, Err(AcceptError::Mppe { .. }))
                || bad.unwrap().msk.unwrap().expose() != msk.expose()
        );
        // One key only: no MSK.
        let mut one = r.clone();
        one.attributes.remove(1);
        assert_eq!(AccessAccept::parse(&one, &ra, &secret).unwrap().msk, None);
        assert_eq!(
            AccessAccept::parse(&Repr::new(Code::AccessReject, 1), &ra, &secret),
            Err(AcceptError::NotAccessAccept(Code::AccessReject))
        );
    }

    #[test]
    fn challenge_and_reject() {
        let mut r = Repr::new(Code::AccessChallenge, 1);
        r.attributes = vec![
            Attribute::EapMessage(vec![1; 253]),
            Attribute::EapMessage(vec![2; 10]),
            Attribute::State(b"st".to_vec()),
            Attribute::SessionTimeout(30),
        ];
        let c = AccessChallenge::parse(&r);
        assert_eq!(c.eap_message.as_ref().map(Vec::len), Some(263));
        assert_eq!(c.state, Some(b"st".to_vec()));
        assert_eq!(c.session_timeout, Some(30));
        let mut j = Repr::new(Code::AccessReject, 1);
        j.attributes = vec![
            Attribute::EapMessage(vec![4, 1, 0, 4]),
            Attribute::ReplyMessage(b"no".to_vec()),
        ];
        let j = AccessReject::parse(&j);
        assert_eq!(j.eap_message, Some(vec![4, 1, 0, 4]));
        assert_eq!(j.reply_messages, vec![b"no".to_vec()]);
    }
}
