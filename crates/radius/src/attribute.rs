//! RADIUS attributes: a checked TLV iterator over borrowed bytes and a typed,
//! owned [`Attribute`] whose unknown or odd-sized values round-trip.
//!
//! Wire form (RFC 2865 5): Type (1) | Length (1, counts the two header octets
//! too) | Value (Length - 2).

use core::net::{Ipv4Addr, Ipv6Addr};

use crate::code::{
    AcctAuthentic, AcctStatusType, AcctTerminateCause, NasPortType, ServiceType, TerminationAction,
    TunnelMediumType, TunnelType,
};
use crate::error::{Error, Result};

/// Attribute type numbers (RFC 2865, 2866, 2868, 2869, 3579, 3162, 4372).
pub mod attr_type {
    /// User-Name (RFC 2865 5.1).
    pub const USER_NAME: u8 = 1;
    /// User-Password (RFC 2865 5.2).
    pub const USER_PASSWORD: u8 = 2;
    /// NAS-IP-Address (RFC 2865 5.4).
    pub const NAS_IP_ADDRESS: u8 = 4;
    /// NAS-Port (RFC 2865 5.5).
    pub const NAS_PORT: u8 = 5;
    /// Service-Type (RFC 2865 5.6).
    pub const SERVICE_TYPE: u8 = 6;
    /// Framed-MTU (RFC 2865 5.12).
    pub const FRAMED_MTU: u8 = 12;
    /// Reply-Message (RFC 2865 5.18).
    pub const REPLY_MESSAGE: u8 = 18;
    /// State (RFC 2865 5.24).
    pub const STATE: u8 = 24;
    /// Class (RFC 2865 5.25).
    pub const CLASS: u8 = 25;
    /// Vendor-Specific (RFC 2865 5.26).
    pub const VENDOR_SPECIFIC: u8 = 26;
    /// Session-Timeout (RFC 2865 5.27).
    pub const SESSION_TIMEOUT: u8 = 27;
    /// Idle-Timeout (RFC 2865 5.28).
    pub const IDLE_TIMEOUT: u8 = 28;
    /// Termination-Action (RFC 2865 5.29).
    pub const TERMINATION_ACTION: u8 = 29;
    /// Called-Station-Id (RFC 2865 5.30).
    pub const CALLED_STATION_ID: u8 = 30;
    /// Calling-Station-Id (RFC 2865 5.31).
    pub const CALLING_STATION_ID: u8 = 31;
    /// NAS-Identifier (RFC 2865 5.32).
    pub const NAS_IDENTIFIER: u8 = 32;
    /// Acct-Status-Type (RFC 2866 5.1).
    pub const ACCT_STATUS_TYPE: u8 = 40;
    /// Acct-Delay-Time (RFC 2866 5.2).
    pub const ACCT_DELAY_TIME: u8 = 41;
    /// Acct-Input-Octets (RFC 2866 5.3).
    pub const ACCT_INPUT_OCTETS: u8 = 42;
    /// Acct-Output-Octets (RFC 2866 5.4).
    pub const ACCT_OUTPUT_OCTETS: u8 = 43;
    /// Acct-Session-Id (RFC 2866 5.5).
    pub const ACCT_SESSION_ID: u8 = 44;
    /// Acct-Authentic (RFC 2866 5.6).
    pub const ACCT_AUTHENTIC: u8 = 45;
    /// Acct-Session-Time (RFC 2866 5.7).
    pub const ACCT_SESSION_TIME: u8 = 46;
    /// Acct-Input-Packets (RFC 2866 5.8).
    pub const ACCT_INPUT_PACKETS: u8 = 47;
    /// Acct-Output-Packets (RFC 2866 5.9).
    pub const ACCT_OUTPUT_PACKETS: u8 = 48;
    /// Acct-Terminate-Cause (RFC 2866 5.10).
    pub const ACCT_TERMINATE_CAUSE: u8 = 49;
    /// Acct-Multi-Session-Id (RFC 2866 5.11).
    pub const ACCT_MULTI_SESSION_ID: u8 = 50;
    /// Acct-Input-Gigawords (RFC 2869 5.1).
    pub const ACCT_INPUT_GIGAWORDS: u8 = 52;
    /// Acct-Output-Gigawords (RFC 2869 5.2).
    pub const ACCT_OUTPUT_GIGAWORDS: u8 = 53;
    /// Event-Timestamp (RFC 2869 5.3).
    pub const EVENT_TIMESTAMP: u8 = 55;
    /// NAS-Port-Type (RFC 2865 5.41).
    pub const NAS_PORT_TYPE: u8 = 61;
    /// Tunnel-Type (RFC 2868 3.1).
    pub const TUNNEL_TYPE: u8 = 64;
    /// Tunnel-Medium-Type (RFC 2868 3.2).
    pub const TUNNEL_MEDIUM_TYPE: u8 = 65;
    /// Connect-Info (RFC 2869 5.11).
    pub const CONNECT_INFO: u8 = 77;
    /// EAP-Message (RFC 3579 3.1).
    pub const EAP_MESSAGE: u8 = 79;
    /// Message-Authenticator (RFC 3579 3.2).
    pub const MESSAGE_AUTHENTICATOR: u8 = 80;
    /// Tunnel-Private-Group-ID (RFC 2868 3.6).
    pub const TUNNEL_PRIVATE_GROUP_ID: u8 = 81;
    /// Acct-Interim-Interval (RFC 2869 5.16).
    pub const ACCT_INTERIM_INTERVAL: u8 = 85;
    /// Chargeable-User-Identity (RFC 4372 2).
    pub const CHARGEABLE_USER_IDENTITY: u8 = 89;
    /// NAS-IPv6-Address (RFC 3162 2.1).
    pub const NAS_IPV6_ADDRESS: u8 = 95;
}

/// Length of the Type and Length octets.
pub const ATTR_HEADER_LEN: usize = 2;
/// Largest attribute value (255 - 2; RFC 2865 5).
pub const MAX_VALUE_LEN: usize = 253;
/// Length of a Message-Authenticator value (RFC 3579 3.2).
pub const MESSAGE_AUTHENTICATOR_LEN: usize = 16;

/// One attribute as it sits in the packet: type and a borrowed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawAttribute<'a> {
    /// The Type octet.
    pub attr_type: u8,
    /// The Value octets (Length - 2 of them).
    pub value: &'a [u8],
    /// Offset of the Type octet within the attribute area.
    pub offset: usize,
}

/// Iterator over the attributes of a packet's attribute area; each Length is
/// checked, and after the first malformed attribute it yields one error and
/// stops.
#[derive(Debug, Clone)]
pub struct AttributeIter<'a> {
    data: &'a [u8],
    pos: usize,
    // Offset of `data` within the whole packet, for error reporting.
    base: usize,
    done: bool,
}

impl<'a> AttributeIter<'a> {
    /// Iterates over `data`, an attribute area that starts `base` octets into
    /// the packet (20 for a whole packet's attributes).
    pub fn new(data: &'a [u8], base: usize) -> Self {
        AttributeIter {
            data,
            pos: 0,
            base,
            done: false,
        }
    }
}

impl<'a> Iterator for AttributeIter<'a> {
    type Item = Result<RawAttribute<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.data.len() {
            return None;
        }
        let offset = self.pos;
        let malformed = Error::MalformedAttribute {
            offset: self.base + offset,
        };
        // RFC 2865 5: a Length below 2, or one running past the packet, makes
        // the packet malformed.
        let (attr_type, len) = match (self.data.get(offset), self.data.get(offset + 1)) {
            (Some(&t), Some(&l)) => (t, usize::from(l)),
            _ => {
                self.done = true;
                return Some(Err(malformed));
            }
        };
        if len < ATTR_HEADER_LEN {
            self.done = true;
            return Some(Err(malformed));
        }
        let Some(value) = self.data.get(offset + ATTR_HEADER_LEN..offset + len) else {
            self.done = true;
            return Some(Err(malformed));
        };
        self.pos = offset + len;
        Some(Ok(RawAttribute {
            attr_type,
            value,
            offset,
        }))
    }
}

/// A typed RADIUS attribute.
///
/// A value that does not fit its type's format (an Integer that is not 4
/// octets, say) is kept as [`Attribute::Other`] so that parse then emit
/// gives the same octets back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Attribute {
    /// User-Name (1).
    UserName(Vec<u8>),
    /// NAS-IP-Address (4).
    NasIpAddress(Ipv4Addr),
    /// NAS-Port (5).
    NasPort(u32),
    /// Service-Type (6).
    ServiceType(ServiceType),
    /// Framed-MTU (12).
    FramedMtu(u32),
    /// Reply-Message (18).
    ReplyMessage(Vec<u8>),
    /// State (24).
    State(Vec<u8>),
    /// Class (25).
    Class(Vec<u8>),
    /// Vendor-Specific (26): Vendor-Id then the vendor's octets.
    VendorSpecific {
        /// The SMI Network Management Private Enterprise Code (311 = Microsoft).
        vendor_id: u32,
        /// Everything after the Vendor-Id.
        data: Vec<u8>,
    },
    /// Session-Timeout (27), seconds.
    SessionTimeout(u32),
    /// Idle-Timeout (28), seconds.
    IdleTimeout(u32),
    /// Termination-Action (29).
    TerminationAction(TerminationAction),
    /// Called-Station-Id (30).
    CalledStationId(Vec<u8>),
    /// Calling-Station-Id (31).
    CallingStationId(Vec<u8>),
    /// NAS-Identifier (32).
    NasIdentifier(Vec<u8>),
    /// Acct-Status-Type (40).
    AcctStatusType(AcctStatusType),
    /// Acct-Delay-Time (41), seconds.
    AcctDelayTime(u32),
    /// Acct-Input-Octets (42).
    AcctInputOctets(u32),
    /// Acct-Output-Octets (43).
    AcctOutputOctets(u32),
    /// Acct-Session-Id (44).
    AcctSessionId(Vec<u8>),
    /// Acct-Authentic (45).
    AcctAuthentic(AcctAuthentic),
    /// Acct-Session-Time (46), seconds.
    AcctSessionTime(u32),
    /// Acct-Input-Packets (47).
    AcctInputPackets(u32),
    /// Acct-Output-Packets (48).
    AcctOutputPackets(u32),
    /// Acct-Terminate-Cause (49).
    AcctTerminateCause(AcctTerminateCause),
    /// Acct-Multi-Session-Id (50).
    AcctMultiSessionId(Vec<u8>),
    /// Acct-Input-Gigawords (52).
    AcctInputGigawords(u32),
    /// Acct-Output-Gigawords (53).
    AcctOutputGigawords(u32),
    /// Event-Timestamp (55), seconds since the Unix epoch.
    EventTimestamp(u32),
    /// NAS-Port-Type (61).
    NasPortType(NasPortType),
    /// Tunnel-Type (64): Tag octet then a 24-bit value (RFC 2868 3.1).
    TunnelType {
        /// The Tag (0x00..=0x1F groups attributes of one tunnel).
        tag: u8,
        /// The tunnel type.
        value: TunnelType,
    },
    /// Tunnel-Medium-Type (65): Tag octet then a 24-bit value (RFC 2868 3.2).
    TunnelMediumType {
        /// The Tag.
        tag: u8,
        /// The medium.
        value: TunnelMediumType,
    },
    /// Connect-Info (77).
    ConnectInfo(Vec<u8>),
    /// EAP-Message (79). A value over 253 octets is split into several
    /// attributes on emit (RFC 3579 3.1).
    EapMessage(Vec<u8>),
    /// Message-Authenticator (80).
    MessageAuthenticator([u8; MESSAGE_AUTHENTICATOR_LEN]),
    /// Tunnel-Private-Group-ID (81) (RFC 2868 3.6).
    TunnelPrivateGroupId {
        /// The Tag, present when the first octet is below 0x20 (as hostapd
        /// reads it).
        tag: Option<u8>,
        /// The group (for a VLAN, its number in decimal ASCII).
        value: Vec<u8>,
    },
    /// Acct-Interim-Interval (85), seconds.
    AcctInterimInterval(u32),
    /// Chargeable-User-Identity (89).
    ChargeableUserIdentity(Vec<u8>),
    /// NAS-IPv6-Address (95).
    NasIpv6Address(Ipv6Addr),
    /// Any other attribute, or a known one whose value has the wrong size.
    Other {
        /// The Type octet.
        attr_type: u8,
        /// The Value octets.
        value: Vec<u8>,
    },
}

fn be_u32(value: &[u8]) -> Option<u32> {
    let bytes: [u8; 4] = value.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

// RFC 2868 3.1/3.2: Tag (1) then a 3-octet value.
fn tagged_u24(value: &[u8]) -> Option<(u8, u32)> {
    match *value {
        [tag, a, b, c] => Some((tag, u32::from_be_bytes([0, a, b, c]))),
        _ => None,
    }
}

impl Attribute {
    /// Reads a typed attribute from its type and value octets. Never fails:
    /// anything unexpected becomes [`Attribute::Other`].
    pub fn parse(attr_type: u8, value: &[u8]) -> Attribute {
        use self::attr_type as t;
        let other = || Attribute::Other {
            attr_type,
            value: value.to_vec(),
        };
        let int = |f: fn(u32) -> Attribute| be_u32(value).map(f).unwrap_or_else(other);
        match attr_type {
            t::USER_NAME => Attribute::UserName(value.to_vec()),
            t::NAS_IP_ADDRESS => match <[u8; 4]>::try_from(value) {
                Ok(a) => Attribute::NasIpAddress(Ipv4Addr::from(a)),
                Err(_) => other(),
            },
            t::NAS_PORT => int(Attribute::NasPort),
            t::SERVICE_TYPE => int(|v| Attribute::ServiceType(v.into())),
            t::FRAMED_MTU => int(Attribute::FramedMtu),
            t::REPLY_MESSAGE => Attribute::ReplyMessage(value.to_vec()),
            t::STATE => Attribute::State(value.to_vec()),
            t::CLASS => Attribute::Class(value.to_vec()),
            t::VENDOR_SPECIFIC => match value.get(..4).and_then(be_u32) {
                Some(vendor_id) => Attribute::VendorSpecific {
                    vendor_id,
                    data: value.get(4..).unwrap_or_default().to_vec(),
                },
                None => other(),
            },
            t::SESSION_TIMEOUT => int(Attribute::SessionTimeout),
            t::IDLE_TIMEOUT => int(Attribute::IdleTimeout),
            t::TERMINATION_ACTION => int(|v| Attribute::TerminationAction(v.into())),
            t::CALLED_STATION_ID => Attribute::CalledStationId(value.to_vec()),
            t::CALLING_STATION_ID => Attribute::CallingStationId(value.to_vec()),
            t::NAS_IDENTIFIER => Attribute::NasIdentifier(value.to_vec()),
            t::ACCT_STATUS_TYPE => int(|v| Attribute::AcctStatusType(v.into())),
            t::ACCT_DELAY_TIME => int(Attribute::AcctDelayTime),
            t::ACCT_INPUT_OCTETS => int(Attribute::AcctInputOctets),
            t::ACCT_OUTPUT_OCTETS => int(Attribute::AcctOutputOctets),
            t::ACCT_SESSION_ID => Attribute::AcctSessionId(value.to_vec()),
            t::ACCT_AUTHENTIC => int(|v| Attribute::AcctAuthentic(v.into())),
            t::ACCT_SESSION_TIME => int(Attribute::AcctSessionTime),
            t::ACCT_INPUT_PACKETS => int(Attribute::AcctInputPackets),
            t::ACCT_OUTPUT_PACKETS => int(Attribute::AcctOutputPackets),
            t::ACCT_TERMINATE_CAUSE => int(|v| Attribute::AcctTerminateCause(v.into())),
            t::ACCT_MULTI_SESSION_ID => Attribute::AcctMultiSessionId(value.to_vec()),
            t::ACCT_INPUT_GIGAWORDS => int(Attribute::AcctInputGigawords),
            t::ACCT_OUTPUT_GIGAWORDS => int(Attribute::AcctOutputGigawords),
            t::EVENT_TIMESTAMP => int(Attribute::EventTimestamp),
            t::NAS_PORT_TYPE => int(|v| Attribute::NasPortType(v.into())),
            t::TUNNEL_TYPE => match tagged_u24(value) {
                Some((tag, v)) => Attribute::TunnelType {
                    tag,
                    value: v.into(),
                },
                None => other(),
            },
            t::TUNNEL_MEDIUM_TYPE => match tagged_u24(value) {
                Some((tag, v)) => Attribute::TunnelMediumType {
                    tag,
                    value: v.into(),
                },
                None => other(),
            },
            t::CONNECT_INFO => Attribute::ConnectInfo(value.to_vec()),
            t::EAP_MESSAGE => Attribute::EapMessage(value.to_vec()),
            t::MESSAGE_AUTHENTICATOR => match <[u8; MESSAGE_AUTHENTICATOR_LEN]>::try_from(value) {
                Ok(mac) => Attribute::MessageAuthenticator(mac),
                Err(_) => other(),
            },
            t::TUNNEL_PRIVATE_GROUP_ID => match value.split_first() {
                // RFC 2868 3.6: a first octet of 0x01..=0x1F is a Tag; hostapd
                // (radius_msg_get_vlanid) also takes 0x00 as one.
                Some((&tag, rest)) if tag < 0x20 => Attribute::TunnelPrivateGroupId {
                    tag: Some(tag),
                    value: rest.to_vec(),
                },
                _ => Attribute::TunnelPrivateGroupId {
                    tag: None,
                    value: value.to_vec(),
                },
            },
            t::ACCT_INTERIM_INTERVAL => int(Attribute::AcctInterimInterval),
            t::CHARGEABLE_USER_IDENTITY => Attribute::ChargeableUserIdentity(value.to_vec()),
            t::NAS_IPV6_ADDRESS => match <[u8; 16]>::try_from(value) {
                Ok(a) => Attribute::NasIpv6Address(Ipv6Addr::from(a)),
                Err(_) => other(),
            },
            _ => other(),
        }
    }

    /// The Type octet.
    pub fn attr_type(&self) -> u8 {
        use self::attr_type as t;
        match self {
            Attribute::UserName(_) => t::USER_NAME,
            Attribute::NasIpAddress(_) => t::NAS_IP_ADDRESS,
            Attribute::NasPort(_) => t::NAS_PORT,
            Attribute::ServiceType(_) => t::SERVICE_TYPE,
            Attribute::FramedMtu(_) => t::FRAMED_MTU,
            Attribute::ReplyMessage(_) => t::REPLY_MESSAGE,
            Attribute::State(_) => t::STATE,
            Attribute::Class(_) => t::CLASS,
            Attribute::VendorSpecific { .. } => t::VENDOR_SPECIFIC,
            Attribute::SessionTimeout(_) => t::SESSION_TIMEOUT,
            Attribute::IdleTimeout(_) => t::IDLE_TIMEOUT,
            Attribute::TerminationAction(_) => t::TERMINATION_ACTION,
            Attribute::CalledStationId(_) => t::CALLED_STATION_ID,
            Attribute::CallingStationId(_) => t::CALLING_STATION_ID,
            Attribute::NasIdentifier(_) => t::NAS_IDENTIFIER,
            Attribute::AcctStatusType(_) => t::ACCT_STATUS_TYPE,
            Attribute::AcctDelayTime(_) => t::ACCT_DELAY_TIME,
            Attribute::AcctInputOctets(_) => t::ACCT_INPUT_OCTETS,
            Attribute::AcctOutputOctets(_) => t::ACCT_OUTPUT_OCTETS,
            Attribute::AcctSessionId(_) => t::ACCT_SESSION_ID,
            Attribute::AcctAuthentic(_) => t::ACCT_AUTHENTIC,
            Attribute::AcctSessionTime(_) => t::ACCT_SESSION_TIME,
            Attribute::AcctInputPackets(_) => t::ACCT_INPUT_PACKETS,
            Attribute::AcctOutputPackets(_) => t::ACCT_OUTPUT_PACKETS,
            Attribute::AcctTerminateCause(_) => t::ACCT_TERMINATE_CAUSE,
            Attribute::AcctMultiSessionId(_) => t::ACCT_MULTI_SESSION_ID,
            Attribute::AcctInputGigawords(_) => t::ACCT_INPUT_GIGAWORDS,
            Attribute::AcctOutputGigawords(_) => t::ACCT_OUTPUT_GIGAWORDS,
            Attribute::EventTimestamp(_) => t::EVENT_TIMESTAMP,
            Attribute::NasPortType(_) => t::NAS_PORT_TYPE,
            Attribute::TunnelType { .. } => t::TUNNEL_TYPE,
            Attribute::TunnelMediumType { .. } => t::TUNNEL_MEDIUM_TYPE,
            Attribute::ConnectInfo(_) => t::CONNECT_INFO,
            Attribute::EapMessage(_) => t::EAP_MESSAGE,
            Attribute::MessageAuthenticator(_) => t::MESSAGE_AUTHENTICATOR,
            Attribute::TunnelPrivateGroupId { .. } => t::TUNNEL_PRIVATE_GROUP_ID,
            Attribute::AcctInterimInterval(_) => t::ACCT_INTERIM_INTERVAL,
            Attribute::ChargeableUserIdentity(_) => t::CHARGEABLE_USER_IDENTITY,
            Attribute::NasIpv6Address(_) => t::NAS_IPV6_ADDRESS,
            Attribute::Other { attr_type, .. } => *attr_type,
        }
    }

    /// Appends the value octets (without the header) to `out`.
    fn value_into(&self, out: &mut Vec<u8>) {
        let int = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_be_bytes());
        // Tag then the low 24 bits (RFC 2868 3.1).
        let tagged = |out: &mut Vec<u8>, tag: u8, v: u32| {
            out.push(tag);
            out.extend_from_slice(&v.to_be_bytes()[1..]);
        };
        match self {
            Attribute::UserName(v)
            | Attribute::ReplyMessage(v)
            | Attribute::State(v)
            | Attribute::Class(v)
            | Attribute::CalledStationId(v)
            | Attribute::CallingStationId(v)
            | Attribute::NasIdentifier(v)
            | Attribute::AcctSessionId(v)
            | Attribute::AcctMultiSessionId(v)
            | Attribute::ConnectInfo(v)
            | Attribute::EapMessage(v)
            | Attribute::ChargeableUserIdentity(v)
            | Attribute::Other { value: v, .. } => out.extend_from_slice(v),
            Attribute::NasIpAddress(a) => out.extend_from_slice(&a.octets()),
            Attribute::NasIpv6Address(a) => out.extend_from_slice(&a.octets()),
            Attribute::NasPort(v)
            | Attribute::FramedMtu(v)
            | Attribute::SessionTimeout(v)
            | Attribute::IdleTimeout(v)
            | Attribute::AcctDelayTime(v)
            | Attribute::AcctInputOctets(v)
            | Attribute::AcctOutputOctets(v)
            | Attribute::AcctSessionTime(v)
            | Attribute::AcctInputPackets(v)
            | Attribute::AcctOutputPackets(v)
            | Attribute::AcctInputGigawords(v)
            | Attribute::AcctOutputGigawords(v)
            | Attribute::EventTimestamp(v)
            | Attribute::AcctInterimInterval(v) => int(out, *v),
            Attribute::ServiceType(v) => int(out, (*v).into()),
            Attribute::TerminationAction(v) => int(out, (*v).into()),
            Attribute::AcctStatusType(v) => int(out, (*v).into()),
            Attribute::AcctAuthentic(v) => int(out, (*v).into()),
            Attribute::AcctTerminateCause(v) => int(out, (*v).into()),
            Attribute::NasPortType(v) => int(out, (*v).into()),
            Attribute::VendorSpecific { vendor_id, data } => {
                int(out, *vendor_id);
                out.extend_from_slice(data);
            }
            Attribute::TunnelType { tag, value } => tagged(out, *tag, (*value).into()),
            Attribute::TunnelMediumType { tag, value } => tagged(out, *tag, (*value).into()),
            Attribute::MessageAuthenticator(mac) => out.extend_from_slice(mac),
            Attribute::TunnelPrivateGroupId { tag, value } => {
                if let Some(tag) = tag {
                    out.push(*tag);
                }
                out.extend_from_slice(value);
            }
        }
    }

    /// Length of the value octets.
    fn value_len(&self) -> usize {
        match self {
            Attribute::UserName(v)
            | Attribute::ReplyMessage(v)
            | Attribute::State(v)
            | Attribute::Class(v)
            | Attribute::CalledStationId(v)
            | Attribute::CallingStationId(v)
            | Attribute::NasIdentifier(v)
            | Attribute::AcctSessionId(v)
            | Attribute::AcctMultiSessionId(v)
            | Attribute::ConnectInfo(v)
            | Attribute::EapMessage(v)
            | Attribute::ChargeableUserIdentity(v)
            | Attribute::Other { value: v, .. } => v.len(),
            Attribute::NasIpv6Address(_) => 16,
            Attribute::VendorSpecific { data, .. } => 4 + data.len(),
            Attribute::MessageAuthenticator(_) => MESSAGE_AUTHENTICATOR_LEN,
            Attribute::TunnelPrivateGroupId { tag, value } => {
                usize::from(tag.is_some()) + value.len()
            }
            _ => 4,
        }
    }

    /// Octets this attribute takes on the wire; an EAP-Message over 253
    /// octets counts one header per 253-octet fragment (RFC 3579 3.1).
    pub fn wire_len(&self) -> usize {
        let len = self.value_len();
        match self {
            Attribute::EapMessage(_) => {
                let chunks = len.div_ceil(MAX_VALUE_LEN).max(1);
                chunks * ATTR_HEADER_LEN + len
            }
            _ => ATTR_HEADER_LEN + len,
        }
    }

    /// Checks that the value fits in one attribute (EAP-Message excepted).
    pub fn check_len(&self) -> Result<()> {
        let len = self.value_len();
        if len > MAX_VALUE_LEN && !matches!(self, Attribute::EapMessage(_)) {
            return Err(Error::AttributeTooLong {
                attr_type: self.attr_type(),
                len,
            });
        }
        Ok(())
    }

    /// Appends the wire form to `out`, splitting a long EAP-Message into
    /// 253-octet fragments (RFC 3579 3.1). Fails on an oversized value.
    pub fn emit_into(&self, out: &mut Vec<u8>) -> Result<()> {
        self.check_len()?;
        let attr_type = self.attr_type();
        let mut value = Vec::with_capacity(self.value_len());
        self.value_into(&mut value);
        if value.is_empty() {
            out.extend_from_slice(&[attr_type, ATTR_HEADER_LEN as u8]);
            return Ok(());
        }
        for chunk in value.chunks(MAX_VALUE_LEN) {
            // chunk.len() <= 253, so the Length fits in a u8.
            out.push(attr_type);
            out.push((chunk.len() + ATTR_HEADER_LEN) as u8);
            out.extend_from_slice(chunk);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(a: &Attribute) -> Vec<u8> {
        let mut out = Vec::new();
        a.emit_into(&mut out).unwrap();
        assert_eq!(out.len(), a.wire_len());
        out
    }

    #[test]
    fn iterator_checks_every_length() {
        // Good: User-Name "nemo", then an empty State.
        let good = [1, 6, b'n', b'e', b'm', b'o', 24, 2];
        let attrs: Vec<_> = AttributeIter::new(&good, 20)
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(attrs.len(), 2);
        assert_eq!(attrs[0].value, b"nemo");
        assert_eq!(attrs[1].value, b"");
        // Length 1, length 0, past the end, lone type octet.
        for bad in [&[1u8, 1][..], &[1, 0], &[1, 8, 1, 2, 3, 4, 5], &[1]] {
            let mut it = AttributeIter::new(bad, 20);
            assert_eq!(
                it.next(),
                Some(Err(Error::MalformedAttribute { offset: 20 }))
            );
            assert_eq!(it.next(), None);
        }
        // The error reports the bad attribute's offset in the packet.
        let second_bad = [1, 3, b'x', 2, 1];
        let r: Vec<_> = AttributeIter::new(&second_bad, 20).collect();
        assert_eq!(r[1], Err(Error::MalformedAttribute { offset: 23 }));
    }

    #[test]
    fn typed_round_trip() {
        let cases = [
            Attribute::UserName(b"alice".to_vec()),
            Attribute::NasIpAddress(Ipv4Addr::new(192, 168, 1, 16)),
            Attribute::NasPort(3),
            Attribute::ServiceType(ServiceType::Framed),
            Attribute::NasPortType(NasPortType::Wireless80211),
            Attribute::TunnelType {
                tag: 1,
                value: TunnelType::Vlan,
            },
            Attribute::TunnelMediumType {
                tag: 0,
                value: TunnelMediumType::Ieee802,
            },
            Attribute::TunnelPrivateGroupId {
                tag: Some(1),
                value: b"42".to_vec(),
            },
            Attribute::TunnelPrivateGroupId {
                tag: None,
                value: b"42".to_vec(),
            },
            Attribute::VendorSpecific {
                vendor_id: 311,
                data: vec![16, 4, 0x80, 1],
            },
            Attribute::MessageAuthenticator([7; 16]),
            Attribute::NasIpv6Address(Ipv6Addr::LOCALHOST),
            Attribute::AcctTerminateCause(AcctTerminateCause::Unknown(99)),
            Attribute::Other {
                attr_type: 186,
                value: vec![0, 0x0f, 0xac, 4],
            },
        ];
        for a in cases {
            let w = wire(&a);
            assert_eq!(usize::from(w[1]), w.len());
            assert_eq!(Attribute::parse(w[0], &w[2..]), a);
        }
    }

    #[test]
    fn odd_sizes_become_other_and_round_trip() {
        for (t, v) in [
            (5u8, &[0u8, 1, 2][..]),
            (4, &[1, 2, 3, 4, 5]),
            (80, &[0; 15]),
            (64, &[1, 2]),
            (26, &[0, 0, 1]),
        ] {
            let a = Attribute::parse(t, v);
            assert!(matches!(a, Attribute::Other { .. }), "{a:?}");
            let w = wire(&a);
            assert_eq!(&w[2..], v);
        }
        // Tunnel-Private-Group-ID with a first octet >= 0x20 has no tag.
        assert_eq!(
            Attribute::parse(81, b"100"),
            Attribute::TunnelPrivateGroupId {
                tag: None,
                value: b"100".to_vec()
            }
        );
    }

    #[test]
    fn eap_message_is_split_at_253() {
        let eap: Vec<u8> = (0..600u32).map(|i| i as u8).collect();
        let w = wire(&Attribute::EapMessage(eap.clone()));
        assert_eq!(w.len(), 600 + 3 * 2);
        assert_eq!(&w[..2], &[79, 255]);
        assert_eq!(&w[255..257], &[79, 255]);
        assert_eq!(&w[510..512], &[79, 96]);
        let joined: Vec<u8> = AttributeIter::new(&w, 0)
            .flat_map(|a| a.unwrap().value.to_vec())
            .collect();
        assert_eq!(joined, eap);
        assert_eq!(wire(&Attribute::EapMessage(vec![])), vec![79, 2]);
    }

    #[test]
    fn oversized_value_is_refused() {
        let a = Attribute::State(vec![0; 254]);
        assert_eq!(
            a.emit_into(&mut Vec::new()),
            Err(Error::AttributeTooLong {
                attr_type: 24,
                len: 254
            })
        );
        assert!(Attribute::State(vec![0; 253])
            .emit_into(&mut Vec::new())
            .is_ok());
    }
}
