//! The Dynamic Authorization Server side of RFC 5176: Disconnect-Request and
//! CoA-Request from a DAS client (a RADIUS server or an operator's tool),
//! checked as hostapd's radius_das.c does.
//!
//! Sans-IO and stateless: the caller hands [`verify_request`] one datagram,
//! the client's shared secret, the wall-clock time (Unix seconds: the
//! Event-Timestamp window is about real time, so no `Instant`) and the
//! [`DasPolicy`]; it gets either a [`DropReason`] (nothing is answered, as hostapd)
//! or a [`DasRequest`]. It looks the session up with
//! [`Selectors::nas_matches`] and [`select`], acts, and answers with
//! [`encode_reply`]. No state is kept per request, so a retransmitted
//! Disconnect-Request that finds its station gone is answered with a NAK
//! (Session-Context-Not-Found), as hostapd answers it.
//!
//! CoA-Request: hostapd 2.10 built without Hotspot 2.0 (its only CoA
//! action is HS 2.0 Terms-and-Conditions filtering) answers every
//! authenticated CoA-Request with a CoA-NAK, Error-Cause 405
//! Unsupported-Service; so does this module.

use core::net::{Ipv4Addr, Ipv6Addr};

use roamd_codes::code_enum;
use roamd_ieee80211::MacAddr;
use subtle::ConstantTimeEq;

use crate::attribute::{attr_type, Attribute};
use crate::auth::{self, Authenticator, MessageAuthenticatorCheck};
use crate::code::Code;
use crate::packet::{Packet, Repr, AUTHENTICATOR_LEN};
use crate::secret::SharedSecret;

/// Error-Cause (RFC 5176 3.5).
pub const ERROR_CAUSE: u8 = 101;

code_enum! {
    /// Error-Cause values (RFC 5176 3.5) hostapd answers with.
    pub enum ErrorCause(u32) {
        /// Unsupported Attribute (401).
        UnsupportedAttribute = 401,
        /// NAS Identification Mismatch (403): NAS-Identifier or NAS-IP-Address
        /// names another NAS.
        NasIdentificationMismatch = 403,
        /// Unsupported Service (405): every CoA-Request.
        UnsupportedService = 405,
        /// Invalid Attribute Value (407).
        InvalidAttributeValue = 407,
        /// Session Context Not Found (503).
        SessionContextNotFound = 503,
        /// Multiple Session Selection Unsupported (508).
        MultipleSessionSelectionUnsupported = 508,
    }
}

/// How strict the DAS is (hostapd's `radius_das_*` settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DasPolicy {
    /// Largest difference, in seconds, between an Event-Timestamp and the
    /// local clock (hostapd `radius_das_time_window`, default 300).
    pub time_window: u32,
    /// Drop requests without Event-Timestamp.
    pub require_event_timestamp: bool,
    /// Drop requests without Message-Authenticator.
    pub require_message_authenticator: bool,
}

impl Default for DasPolicy {
    fn default() -> Self {
        DasPolicy {
            time_window: 300,
            require_event_timestamp: false,
            require_message_authenticator: false,
        }
    }
}

/// Why a datagram is dropped unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DropReason {
    /// Not a well-formed RADIUS packet.
    #[error("malformed packet")]
    Malformed,
    /// The Request Authenticator does not match the shared secret.
    #[error("bad request authenticator")]
    BadAuthenticator,
    /// A Message-Authenticator that does not match, or several of them.
    #[error("bad message-authenticator")]
    BadMessageAuthenticator,
    /// No Message-Authenticator, and the policy requires one.
    #[error("missing message-authenticator")]
    MissingMessageAuthenticator,
    /// No (4-octet) Event-Timestamp, and the policy requires one.
    #[error("missing event-timestamp")]
    MissingEventTimestamp,
    /// An Event-Timestamp outside the time window.
    #[error("event-timestamp outside the time window")]
    StaleEventTimestamp,
    /// A code other than Disconnect-Request and CoA-Request.
    #[error("unexpected code")]
    UnexpectedCode,
}

/// The attributes that select a session and name the NAS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selectors {
    /// NAS-IP-Address: must be ours.
    pub nas_ip_address: Option<Ipv4Addr>,
    /// NAS-IPv6-Address: must be ours.
    pub nas_ipv6_address: Option<Ipv6Addr>,
    /// NAS-Identifier: must be ours.
    pub nas_identifier: Option<Vec<u8>>,
    /// Calling-Station-Id, read as a MAC address.
    pub calling_station_id: Option<MacAddr>,
    /// User-Name.
    pub user_name: Option<Vec<u8>>,
    /// Acct-Session-Id.
    pub acct_session_id: Option<Vec<u8>>,
    /// Acct-Multi-Session-Id.
    pub acct_multi_session_id: Option<Vec<u8>>,
    /// Chargeable-User-Identity.
    pub cui: Option<Vec<u8>>,
}

/// What the NAS knows of one session, for [`select`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Session<'a> {
    /// The station.
    pub mac: MacAddr,
    /// The identity it authenticated as.
    pub user_name: Option<&'a [u8]>,
    /// Its Acct-Session-Id.
    pub acct_session_id: Option<&'a [u8]>,
    /// Its Acct-Multi-Session-Id.
    pub acct_multi_session_id: Option<&'a [u8]>,
    /// Its Chargeable-User-Identity.
    pub cui: Option<&'a [u8]>,
}

/// Disconnect-Request or CoA-Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DasKind {
    /// Disconnect-Request (40).
    Disconnect,
    /// CoA-Request (43).
    Coa,
}

/// An authenticated request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DasRequest {
    /// Which request.
    pub kind: DasKind,
    /// Its Identifier, repeated in the reply.
    pub identifier: u8,
    /// Its Request Authenticator, which signs the reply.
    pub authenticator: Authenticator,
    /// The session selectors, or the Error-Cause of the NAK it gets
    /// without a lookup (an unsupported attribute, an invalid value, any
    /// CoA-Request).
    pub selectors: Result<Selectors, ErrorCause>,
}

/// Counters of what the DAS received, one per outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DasCounters {
    /// From an address that is no DAS client.
    pub unknown_client: u64,
    /// Malformed packets.
    pub malformed: u64,
    /// Bad Request Authenticator or Message-Authenticator.
    pub bad_authenticator: u64,
    /// Missing Message-Authenticator or Event-Timestamp where required.
    pub missing_attribute: u64,
    /// Event-Timestamp outside the window.
    pub stale: u64,
    /// Neither Disconnect-Request nor CoA-Request.
    pub unexpected_code: u64,
    /// Disconnect-ACKs sent.
    pub disconnect_acks: u64,
    /// Disconnect-NAKs sent.
    pub disconnect_naks: u64,
    /// CoA-NAKs sent.
    pub coa_naks: u64,
}

impl DasCounters {
    /// Counts a dropped datagram.
    pub fn count_drop(&mut self, why: DropReason) {
        let c = match why {
            DropReason::Malformed => &mut self.malformed,
            DropReason::BadAuthenticator | DropReason::BadMessageAuthenticator => {
                &mut self.bad_authenticator
            }
            DropReason::MissingMessageAuthenticator | DropReason::MissingEventTimestamp => {
                &mut self.missing_attribute
            }
            DropReason::StaleEventTimestamp => &mut self.stale,
            DropReason::UnexpectedCode => &mut self.unexpected_code,
        };
        *c += 1;
    }

    /// Counts a reply sent.
    pub fn count_reply(&mut self, kind: DasKind, error: Option<ErrorCause>) {
        let c = match (kind, error) {
            (DasKind::Disconnect, None) => &mut self.disconnect_acks,
            (DasKind::Disconnect, Some(_)) => &mut self.disconnect_naks,
            (DasKind::Coa, _) => &mut self.coa_naks,
        };
        *c += 1;
    }
}

/// Checks a datagram from a DAS client whose shared secret is `secret`,
/// at `now` (Unix seconds), in hostapd's order: the Request Authenticator
/// (RFC 5176 3.5: as an Accounting-Request's), the Message-Authenticator
/// (over the packet with a zero Authenticator), the Event-Timestamp window,
/// then the code.
pub fn verify_request(
    bytes: &[u8],
    secret: &SharedSecret,
    now: u64,
    policy: &DasPolicy,
) -> Result<DasRequest, DropReason> {
    let packet = Packet::new_checked(bytes).map_err(|_| DropReason::Malformed)?;
    let expected = auth::accounting_request_authenticator(&packet, secret);
    if !bool::from(expected.ct_eq(&packet.authenticator())) {
        return Err(DropReason::BadAuthenticator);
    }
    match auth::verify_message_authenticator(&packet, Some(&[0; AUTHENTICATOR_LEN]), secret) {
        MessageAuthenticatorCheck::Valid => {}
        MessageAuthenticatorCheck::Invalid => return Err(DropReason::BadMessageAuthenticator),
        MessageAuthenticatorCheck::Absent if policy.require_message_authenticator => {
            return Err(DropReason::MissingMessageAuthenticator)
        }
        MessageAuthenticatorCheck::Absent => {}
    }
    let repr = Repr::parse(&packet).map_err(|_| DropReason::Malformed)?;
    // The first Event-Timestamp; one of another size counts as none (hostapd).
    match repr.find_map(|a| match a {
        Attribute::EventTimestamp(t) => Some(*t),
        _ => None,
    }) {
        Some(t) if now.abs_diff(u64::from(t)) > u64::from(policy.time_window) => {
            return Err(DropReason::StaleEventTimestamp)
        }
        Some(_) => {}
        None if policy.require_event_timestamp => return Err(DropReason::MissingEventTimestamp),
        None => {}
    }
    let (kind, selectors) = match repr.code {
        Code::DisconnectRequest => (DasKind::Disconnect, selectors(bytes)),
        Code::CoaRequest => (DasKind::Coa, Err(ErrorCause::UnsupportedService)),
        _ => return Err(DropReason::UnexpectedCode),
    };
    Ok(DasRequest {
        kind,
        identifier: repr.identifier,
        authenticator: repr.authenticator,
        selectors,
    })
}

/// The attributes a Disconnect-Request may carry (hostapd's `allowed`).
const ALLOWED: [u8; 10] = [
    attr_type::USER_NAME,
    attr_type::NAS_IP_ADDRESS,
    attr_type::CALLING_STATION_ID,
    attr_type::NAS_IDENTIFIER,
    attr_type::ACCT_SESSION_ID,
    attr_type::ACCT_MULTI_SESSION_ID,
    attr_type::EVENT_TIMESTAMP,
    attr_type::MESSAGE_AUTHENTICATOR,
    attr_type::CHARGEABLE_USER_IDENTITY,
    attr_type::NAS_IPV6_ADDRESS,
];

/// Reads the selectors of a checked packet; the first of each type counts.
fn selectors(bytes: &[u8]) -> Result<Selectors, ErrorCause> {
    let packet = Packet::new_unchecked(bytes);
    let mut s = Selectors::default();
    for a in packet.attributes().map_while(|a| a.ok()) {
        let v = a.value;
        let first = |slot: &mut Option<Vec<u8>>| {
            slot.get_or_insert_with(|| v.to_vec());
        };
        match a.attr_type {
            attr_type::NAS_IP_ADDRESS if s.nas_ip_address.is_none() => {
                let ip = <[u8; 4]>::try_from(v).map_err(|_| ErrorCause::InvalidAttributeValue)?;
                s.nas_ip_address = Some(ip.into());
            }
            attr_type::NAS_IPV6_ADDRESS if s.nas_ipv6_address.is_none() => {
                let ip = <[u8; 16]>::try_from(v).map_err(|_| ErrorCause::InvalidAttributeValue)?;
                s.nas_ipv6_address = Some(ip.into());
            }
            attr_type::CALLING_STATION_ID if s.calling_station_id.is_none() => {
                let mac = parse_station_id(v).ok_or(ErrorCause::InvalidAttributeValue)?;
                s.calling_station_id = Some(mac);
            }
            attr_type::NAS_IDENTIFIER => first(&mut s.nas_identifier),
            attr_type::USER_NAME => first(&mut s.user_name),
            attr_type::ACCT_SESSION_ID => first(&mut s.acct_session_id),
            attr_type::ACCT_MULTI_SESSION_ID => first(&mut s.acct_multi_session_id),
            attr_type::CHARGEABLE_USER_IDENTITY => first(&mut s.cui),
            t if !ALLOWED.contains(&t) => return Err(ErrorCause::UnsupportedAttribute),
            _ => {}
        }
    }
    Ok(s)
}

/// A MAC address as hostapd's hwaddr_aton2 reads it: six hex pairs, each
/// optionally followed by `:`, `-` or `.` (`02-00-00-00-02-00`,
/// `02:00:00:00:02:00`, `0200.0000.0200`); octets after the sixth ignored.
fn parse_station_id(v: &[u8]) -> Option<MacAddr> {
    let hex = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 6];
    let mut rest = v;
    for o in &mut out {
        while let [b':' | b'-' | b'.', tail @ ..] = rest {
            rest = tail;
        }
        let [hi, lo, tail @ ..] = rest else {
            return None;
        };
        *o = hex(*hi)? << 4 | hex(*lo)?;
        rest = tail;
    }
    Some(MacAddr(out))
}

impl Selectors {
    /// Whether the NAS-Identifier and NAS-IP(v6)-Address, where present, are
    /// this NAS's (hostapd_das_nas_mismatch); a NAS with no IPv6 address
    /// never matches a NAS-IPv6-Address.
    pub fn nas_matches(&self, nas_identifier: Option<&[u8]>, own_ip: Option<Ipv4Addr>) -> bool {
        let id_ok = self
            .nas_identifier
            .as_deref()
            .is_none_or(|want| nas_identifier == Some(want));
        let ip_ok = self.nas_ip_address.is_none_or(|want| own_ip == Some(want));
        id_ok && ip_ok && self.nas_ipv6_address.is_none()
    }

    /// Whether no attribute selects a session (hostapd then matches none).
    pub fn is_empty(&self) -> bool {
        self.calling_station_id.is_none()
            && self.user_name.is_none()
            && self.acct_session_id.is_none()
            && self.acct_multi_session_id.is_none()
            && self.cui.is_none()
    }

    /// Whether every selector present matches `session`.
    pub fn matches(&self, session: &Session<'_>) -> bool {
        fn eq(want: &Option<Vec<u8>>, have: Option<&[u8]>) -> bool {
            want.as_deref().is_none_or(|w| have == Some(w))
        }
        !self.is_empty()
            && self.calling_station_id.is_none_or(|m| m == session.mac)
            && eq(&self.user_name, session.user_name)
            && eq(&self.acct_session_id, session.acct_session_id)
            && eq(&self.acct_multi_session_id, session.acct_multi_session_id)
            && eq(&self.cui, session.cui)
    }
}

/// The one session the selectors match: `SessionContextNotFound` if none,
/// `MultipleSessionSelectionUnsupported` if several (hostapd_das_find_sta).
pub fn select<'a, T>(
    selectors: &Selectors,
    sessions: impl IntoIterator<Item = (T, Session<'a>)>,
) -> Result<T, ErrorCause> {
    let mut found = sessions
        .into_iter()
        .filter(|(_, s)| selectors.matches(s))
        .map(|(t, _)| t);
    let first = found.next().ok_or(ErrorCause::SessionContextNotFound)?;
    match found.next() {
        Some(_) => Err(ErrorCause::MultipleSessionSelectionUnsupported),
        None => Ok(first),
    }
}

/// The reply to `request`: its ACK, or its NAK with `error`; with
/// Event-Timestamp `now` and a Message-Authenticator, signed with the
/// request's authenticator as hostapd's radius_msg_finish_das_resp does.
pub fn encode_reply(
    request: &DasRequest,
    error: Option<ErrorCause>,
    secret: &SharedSecret,
    now: u64,
) -> Vec<u8> {
    let code = match (request.kind, error) {
        (DasKind::Disconnect, None) => Code::DisconnectAck,
        (DasKind::Disconnect, Some(_)) => Code::DisconnectNak,
        (DasKind::Coa, None) => Code::CoaAck,
        (DasKind::Coa, Some(_)) => Code::CoaNak,
    };
    let mut reply = Repr::new(code, request.identifier);
    if let Some(e) = error {
        reply.attributes.push(Attribute::Other {
            attr_type: ERROR_CAUSE,
            value: u32::from(e).to_be_bytes().to_vec(),
        });
    }
    // Event-Timestamp is 32 bits of Unix time (until 2106).
    reply.attributes.push(Attribute::EventTimestamp(now as u32));
    reply
        .attributes
        .push(Attribute::MessageAuthenticator([0; 16]));
    // A few fixed-size attributes always fit, and sign_response only fails
    // on a malformed packet.
    let mut buf = reply.to_bytes().unwrap_or_default();
    let _ = auth::sign_response(&mut buf, &request.authenticator, secret);
    buf
}

#[cfg(test)]
mod tests;
