//! Requests an 802.1X authenticator sends: Access-Request for an EAP
//! exchange and Accounting-Request, with hostapd's attribute choices
//! (ieee802_1x_encapsulate_radius, accounting_msg, add_common_radius_attr),
//! and their final encoding and signing.

use core::net::{Ipv4Addr, Ipv6Addr};

use roamd_ieee80211::MacAddr;

use crate::attribute::Attribute;
use crate::auth::{self, Authenticator};
use crate::code::{
    AcctAuthentic, AcctStatusType, AcctTerminateCause, Code, NasPortType, ServiceType,
};
use crate::error::{Error, Result};
use crate::packet::Repr;
use crate::secret::SharedSecret;

/// hostapd's Framed-MTU for EAP (ieee802_1x.c: RADIUS server may fragment
/// EAP-TLS to fit).
pub const DEFAULT_FRAMED_MTU: u32 = 1400;

/// Formats a MAC address as hostapd's RADIUS_802_1X_ADDR_FORMAT:
/// "AA-BB-CC-DD-EE-FF" (upper case, dashes; RFC 3580 3.21).
pub fn station_id(mac: &MacAddr) -> String {
    let [a, b, c, d, e, f] = mac.0;
    format!("{a:02X}-{b:02X}-{c:02X}-{d:02X}-{e:02X}-{f:02X}")
}

/// Called-Station-Id as hostapd sends it: "AA-BB-CC-DD-EE-FF:SSID"
/// (RFC 3580 3.20).
pub fn called_station_id(bssid: &MacAddr, ssid: &[u8]) -> Vec<u8> {
    let mut out = station_id(bssid).into_bytes();
    out.push(b':');
    out.extend_from_slice(ssid);
    out
}

/// Connect-Info as hostapd writes it: "CONNECT 54Mbps 802.11g"
/// (RFC 2869 5.11).
pub fn connect_info(rate_mbps: u32, phy: &str) -> Vec<u8> {
    format!("CONNECT {rate_mbps}Mbps 802.11{phy}").into_bytes()
}

/// Who the NAS is: the attributes common to every request
/// (hostapd add_common_radius_attr).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NasInfo {
    /// NAS-IP-Address.
    pub nas_ip_address: Option<Ipv4Addr>,
    /// NAS-IPv6-Address.
    pub nas_ipv6_address: Option<Ipv6Addr>,
    /// NAS-Identifier (hostapd's nas_identifier, e.g. "ap0").
    pub nas_identifier: Option<Vec<u8>>,
    /// NAS-Port (hostapd: the station's association id).
    pub nas_port: Option<u32>,
    /// The BSSID, for Called-Station-Id.
    pub bssid: MacAddr,
    /// The SSID, for Called-Station-Id.
    pub ssid: Vec<u8>,
}

impl NasInfo {
    fn push_identity(&self, attrs: &mut Vec<Attribute>) {
        if let Some(ip) = self.nas_ip_address {
            attrs.push(Attribute::NasIpAddress(ip));
        }
        if let Some(ip) = self.nas_ipv6_address {
            attrs.push(Attribute::NasIpv6Address(ip));
        }
        if let Some(id) = &self.nas_identifier {
            attrs.push(Attribute::NasIdentifier(id.clone()));
        }
        attrs.push(Attribute::CalledStationId(called_station_id(
            &self.bssid,
            &self.ssid,
        )));
        attrs.push(Attribute::NasPortType(NasPortType::Wireless80211));
    }
}

/// An Access-Request carrying one EAP response from a station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequest {
    /// The NAS.
    pub nas: NasInfo,
    /// The station's MAC, for Calling-Station-Id.
    pub station: MacAddr,
    /// User-Name: the EAP identity.
    pub user_name: Vec<u8>,
    /// Framed-MTU; `Some(1400)` by default.
    pub framed_mtu: Option<u32>,
    /// Connect-Info, e.g. "CONNECT 54Mbps 802.11g".
    pub connect_info: Option<Vec<u8>>,
    /// Acct-Session-Id (hostapd sends it in Access-Requests too).
    pub acct_session_id: Option<Vec<u8>>,
    /// Acct-Multi-Session-Id.
    pub acct_multi_session_id: Option<Vec<u8>>,
    /// Chargeable-User-Identity: a single NUL octet asks the server for one
    /// (RFC 4372 2.1).
    pub chargeable_user_identity: Option<Vec<u8>>,
    /// State from the last Access-Challenge, echoed (RFC 2865 5.24).
    pub state: Option<Vec<u8>>,
    /// The EAP packet from the station; split into 253-octet EAP-Messages.
    pub eap: Vec<u8>,
    /// Anything else, appended last.
    pub extra: Vec<Attribute>,
}

impl AccessRequest {
    /// An Access-Request with hostapd's defaults (Framed-MTU 1400, no
    /// Connect-Info, no State).
    pub fn new(
        nas: NasInfo,
        station: MacAddr,
        user_name: impl Into<Vec<u8>>,
        eap: impl Into<Vec<u8>>,
    ) -> Self {
        AccessRequest {
            nas,
            station,
            user_name: user_name.into(),
            framed_mtu: Some(DEFAULT_FRAMED_MTU),
            connect_info: None,
            acct_session_id: None,
            acct_multi_session_id: None,
            chargeable_user_identity: None,
            state: None,
            eap: eap.into(),
            extra: Vec::new(),
        }
    }

    /// The packet, without Identifier, Authenticator or
    /// Message-Authenticator (added when it is signed, see
    /// [`encode_access_request`]).
    pub fn to_repr(&self) -> Repr {
        let mut a = vec![Attribute::UserName(self.user_name.clone())];
        self.nas.push_identity(&mut a);
        a.push(Attribute::ServiceType(ServiceType::Framed));
        if let Some(port) = self.nas.nas_port {
            a.push(Attribute::NasPort(port));
        }
        a.push(Attribute::CallingStationId(
            station_id(&self.station).into_bytes(),
        ));
        if let Some(ci) = &self.connect_info {
            a.push(Attribute::ConnectInfo(ci.clone()));
        }
        if let Some(id) = &self.acct_session_id {
            a.push(Attribute::AcctSessionId(id.clone()));
        }
        if let Some(id) = &self.acct_multi_session_id {
            a.push(Attribute::AcctMultiSessionId(id.clone()));
        }
        if let Some(cui) = &self.chargeable_user_identity {
            a.push(Attribute::ChargeableUserIdentity(cui.clone()));
        }
        if let Some(mtu) = self.framed_mtu {
            a.push(Attribute::FramedMtu(mtu));
        }
        a.push(Attribute::EapMessage(self.eap.clone()));
        if let Some(state) = &self.state {
            a.push(Attribute::State(state.clone()));
        }
        a.extend(self.extra.iter().cloned());
        Repr {
            code: Code::AccessRequest,
            identifier: 0,
            authenticator: [0; 16],
            attributes: a,
        }
    }
}

/// Session counters for Interim-Update and Stop (RFC 2866 5, RFC 2869 5.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AcctCounters {
    /// Acct-Session-Time, seconds.
    pub session_time: u32,
    /// Octets from the station; split into Acct-Input-Octets (low 32 bits)
    /// and Acct-Input-Gigawords (high 32 bits).
    pub input_octets: u64,
    /// Octets to the station; split likewise.
    pub output_octets: u64,
    /// Acct-Input-Packets.
    pub input_packets: u32,
    /// Acct-Output-Packets.
    pub output_packets: u32,
}

/// An Accounting-Request for one station session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountingRequest {
    /// The NAS.
    pub nas: NasInfo,
    /// The station's MAC, for Calling-Station-Id.
    pub station: MacAddr,
    /// Start, Interim-Update or Stop.
    pub status: AcctStatusType,
    /// Acct-Session-Id.
    pub session_id: Vec<u8>,
    /// Acct-Multi-Session-Id.
    pub multi_session_id: Option<Vec<u8>>,
    /// User-Name.
    pub user_name: Option<Vec<u8>>,
    /// Acct-Authentic; `Some(Radius)` by default.
    pub authentic: Option<AcctAuthentic>,
    /// Counters (Interim-Update, Stop).
    pub counters: Option<AcctCounters>,
    /// Acct-Terminate-Cause (Stop).
    pub terminate_cause: Option<AcctTerminateCause>,
    /// Event-Timestamp, Unix seconds (the caller owns the clock).
    pub event_timestamp: Option<u32>,
    /// Class attributes from the Access-Accept, echoed (RFC 2865 5.25).
    pub class: Vec<Vec<u8>>,
    /// Chargeable-User-Identity from the Access-Accept (RFC 4372 2.2).
    pub chargeable_user_identity: Option<Vec<u8>>,
    /// Connect-Info.
    pub connect_info: Option<Vec<u8>>,
    /// Anything else, appended last.
    pub extra: Vec<Attribute>,
}

impl AccountingRequest {
    /// An Accounting-Request with Acct-Authentic RADIUS and nothing optional.
    pub fn new(
        nas: NasInfo,
        station: MacAddr,
        status: AcctStatusType,
        session_id: impl Into<Vec<u8>>,
    ) -> Self {
        AccountingRequest {
            nas,
            station,
            status,
            session_id: session_id.into(),
            multi_session_id: None,
            user_name: None,
            authentic: Some(AcctAuthentic::Radius),
            counters: None,
            terminate_cause: None,
            event_timestamp: None,
            class: Vec::new(),
            chargeable_user_identity: None,
            connect_info: None,
            extra: Vec::new(),
        }
    }

    /// The packet, with Acct-Delay-Time 0 (updated on retransmission,
    /// RFC 2866 5.2) and without Identifier or Authenticator.
    pub fn to_repr(&self) -> Repr {
        let mut a = vec![
            Attribute::AcctStatusType(self.status),
            Attribute::AcctSessionId(self.session_id.clone()),
        ];
        if let Some(id) = &self.multi_session_id {
            a.push(Attribute::AcctMultiSessionId(id.clone()));
        }
        if let Some(auth) = self.authentic {
            a.push(Attribute::AcctAuthentic(auth));
        }
        if let Some(u) = &self.user_name {
            a.push(Attribute::UserName(u.clone()));
        }
        self.nas.push_identity(&mut a);
        if let Some(port) = self.nas.nas_port {
            a.push(Attribute::NasPort(port));
        }
        a.push(Attribute::CallingStationId(
            station_id(&self.station).into_bytes(),
        ));
        if let Some(ci) = &self.connect_info {
            a.push(Attribute::ConnectInfo(ci.clone()));
        }
        a.extend(self.class.iter().cloned().map(Attribute::Class));
        if let Some(cui) = &self.chargeable_user_identity {
            a.push(Attribute::ChargeableUserIdentity(cui.clone()));
        }
        if let Some(c) = self.counters {
            a.push(Attribute::AcctSessionTime(c.session_time));
            a.push(Attribute::AcctInputPackets(c.input_packets));
            a.push(Attribute::AcctOutputPackets(c.output_packets));
            // RFC 2869 5.1/5.2: octets modulo 2^32, wraps in Gigawords.
            a.push(Attribute::AcctInputOctets(c.input_octets as u32));
            a.push(Attribute::AcctInputGigawords((c.input_octets >> 32) as u32));
            a.push(Attribute::AcctOutputOctets(c.output_octets as u32));
            a.push(Attribute::AcctOutputGigawords(
                (c.output_octets >> 32) as u32,
            ));
        }
        if let Some(cause) = self.terminate_cause {
            a.push(Attribute::AcctTerminateCause(cause));
        }
        if let Some(ts) = self.event_timestamp {
            a.push(Attribute::EventTimestamp(ts));
        }
        a.push(Attribute::AcctDelayTime(0));
        a.extend(self.extra.iter().cloned());
        Repr {
            code: Code::AccountingRequest,
            identifier: 0,
            authenticator: [0; 16],
            attributes: a,
        }
    }
}

/// Encodes and signs an Access-Request: Identifier `identifier`, Request
/// Authenticator `request_authenticator` (16 random octets from the caller,
/// RFC 2865 3), any Message-Authenticator in `repr` dropped and a fresh one
/// placed FIRST (BlastRADIUS / CVE-2024-3596 mitigation, as hostapd 2.11),
/// computed per RFC 3579 3.2.
pub fn encode_access_request(
    repr: &Repr,
    identifier: u8,
    request_authenticator: &Authenticator,
    secret: &SharedSecret,
) -> Result<Vec<u8>> {
    let mut r = Repr {
        code: Code::AccessRequest,
        identifier,
        authenticator: *request_authenticator,
        attributes: Vec::with_capacity(repr.attributes.len() + 1),
    };
    r.attributes.push(Attribute::MessageAuthenticator([0; 16]));
    r.attributes.extend(
        repr.attributes
            .iter()
            .filter(|a| !is_message_authenticator(a))
            .cloned(),
    );
    let mut buf = r.to_bytes()?;
    auth::sign_access_request(&mut buf, secret)
        .map_err(|_| Error::MalformedAttribute { offset: 20 })?;
    Ok(buf)
}

/// Encodes and signs an Accounting-Request (RFC 2866 3); returns the packet
/// and its Request Authenticator.
pub fn encode_accounting_request(
    repr: &Repr,
    identifier: u8,
    secret: &SharedSecret,
) -> Result<(Vec<u8>, Authenticator)> {
    let r = Repr {
        code: Code::AccountingRequest,
        identifier,
        authenticator: [0; 16],
        attributes: repr.attributes.clone(),
    };
    let mut buf = r.to_bytes()?;
    auth::sign_accounting_request(&mut buf, secret)
        .map_err(|_| Error::MalformedAttribute { offset: 20 })?;
    let mut ra = [0; 16];
    ra.copy_from_slice(buf.get(4..20).unwrap_or(&[0; 16]));
    Ok((buf, ra))
}

fn is_message_authenticator(a: &Attribute) -> bool {
    a.attr_type() == crate::attribute::attr_type::MESSAGE_AUTHENTICATOR
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{
        verify_accounting_request, verify_message_authenticator, MessageAuthenticatorCheck,
    };
    use crate::packet::Packet;

    fn nas() -> NasInfo {
        NasInfo {
            nas_identifier: Some(b"ap0".to_vec()),
            nas_port: Some(1),
            bssid: MacAddr([2, 0, 0, 0, 0, 0]),
            ssid: b"roam-eap".to_vec(),
            ..NasInfo::default()
        }
    }

    #[test]
    fn station_id_format() {
        assert_eq!(
            station_id(&MacAddr([0x02, 0, 0, 0, 2, 0])),
            "02-00-00-00-02-00"
        );
        assert_eq!(
            station_id(&MacAddr([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff])),
            "AA-BB-CC-DD-EE-FF"
        );
        assert_eq!(
            called_station_id(&MacAddr([2, 0, 0, 0, 0, 0]), b"roam-eap"),
            b"02-00-00-00-00-00:roam-eap"
        );
    }

    /// Mirrors the first Access-Request of traces/eap-okc/ap.log (lines
    /// 731-762), minus hostapd's WLAN-* suite attributes and with the
    /// Message-Authenticator moved first; every value and length matches.
    #[test]
    fn access_request_like_hostapd_trace() {
        let mut req = AccessRequest::new(
            nas(),
            MacAddr([2, 0, 0, 0, 2, 0]),
            "alice",
            hex::decode("0280000a01616c696365").unwrap(),
        );
        req.connect_info = Some(connect_info(54, "g"));
        assert_eq!(
            req.connect_info.as_deref(),
            Some(&b"CONNECT 54Mbps 802.11g"[..])
        );
        req.acct_session_id = Some(b"30B3BFDBACE80530".to_vec());
        req.acct_multi_session_id = Some(b"FC6D40B18D336F04".to_vec());
        let secret = SharedSecret::from("testing123");
        let bytes = encode_access_request(&req.to_repr(), 0, &[0x33; 16], &secret).unwrap();
        let p = Packet::new_checked(&bytes[..]).unwrap();
        let lens: Vec<(u8, usize)> = p
            .attributes()
            .map(|a| a.unwrap())
            .map(|a| (a.attr_type, a.value.len() + 2))
            .collect();
        assert_eq!(
            lens,
            [
                (80, 18),
                (1, 7),
                (32, 5),
                (30, 28),
                (61, 6),
                (6, 6),
                (5, 6),
                (31, 19),
                (77, 24),
                (44, 18),
                (50, 18),
                (12, 6),
                (79, 12)
            ]
        );
        // hostapd's 211 octets less the three 6-octet WLAN-* attributes.
        assert_eq!(p.length(), 211 - 18);
        assert_eq!(p.find(30).unwrap().value, b"02-00-00-00-00-00:roam-eap");
        assert_eq!(p.find(61).unwrap().value, &[0, 0, 0, 19]);
        assert_eq!(p.find(12).unwrap().value, &1400u32.to_be_bytes());
        assert_eq!(
            verify_message_authenticator(&p, None, &secret),
            MessageAuthenticatorCheck::Valid
        );
        assert_eq!(p.authenticator(), [0x33; 16]);
    }

    #[test]
    fn access_request_state_long_eap_and_stray_mac() {
        let mut req = AccessRequest::new(nas(), MacAddr([1; 6]), "bob", vec![7u8; 1000]);
        req.state = Some(b"st".to_vec());
        req.extra.push(Attribute::MessageAuthenticator([9; 16]));
        let secret = SharedSecret::from("s");
        let bytes = encode_access_request(&req.to_repr(), 5, &[0; 16], &secret).unwrap();
        let repr = Repr::parse_bytes(&bytes).unwrap();
        assert_eq!(repr.eap_message().unwrap(), vec![7u8; 1000]);
        assert_eq!(
            repr.attributes
                .iter()
                .filter(|a| is_message_authenticator(a))
                .count(),
            1
        );
        assert!(is_message_authenticator(&repr.attributes[0]));
        assert_eq!(
            repr.attributes
                .iter()
                .filter(|a| matches!(a, Attribute::EapMessage(_)))
                .count(),
            4
        );
        assert!(repr.has(crate::attribute::attr_type::STATE));
    }

    #[test]
    fn accounting_request_counters_and_signature() {
        let mut acct = AccountingRequest::new(
            nas(),
            MacAddr([2, 0, 0, 0, 2, 0]),
            AcctStatusType::Stop,
            "30B3BFDBACE80530",
        );
        acct.user_name = Some(b"alice".to_vec());
        acct.counters = Some(AcctCounters {
            session_time: 61,
            input_octets: (5u64 << 32) | 7,
            output_octets: 9,
            input_packets: 3,
            output_packets: 4,
        });
        acct.terminate_cause = Some(AcctTerminateCause::UserRequest);
        acct.class = vec![b"c".to_vec()];
        let repr = acct.to_repr();
        assert!(repr.attributes.contains(&Attribute::AcctInputOctets(7)));
        assert!(repr.attributes.contains(&Attribute::AcctInputGigawords(5)));
        assert!(repr.attributes.contains(&Attribute::AcctOutputGigawords(0)));
        assert!(repr.attributes.contains(&Attribute::AcctDelayTime(0)));
        assert!(repr.attributes.contains(&Attribute::Class(b"c".to_vec())));
        let secret = SharedSecret::from("acct");
        let (bytes, ra) = encode_accounting_request(&repr, 3, &secret).unwrap();
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(p.code(), Code::AccountingRequest);
        assert_eq!(p.identifier(), 3);
        assert_eq!(p.authenticator(), ra);
        assert!(verify_accounting_request(&p, &secret));
    }
}
