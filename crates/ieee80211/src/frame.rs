//! Whole management frames: header plus typed body.

use crate::body::*;
use crate::header::Header;
use crate::wire::check_out;
use crate::{HeaderRepr, MacAddr, ManagementSubtype, Result};

/// A management frame body, by subtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body<'a> {
    /// Association Request.
    AssocRequest(AssocRequestRepr<'a>),
    /// Association Response.
    AssocResponse(AssocResponseRepr<'a>),
    /// Reassociation Request.
    ReassocRequest(ReassocRequestRepr<'a>),
    /// Reassociation Response.
    ReassocResponse(AssocResponseRepr<'a>),
    /// Probe Request.
    ProbeRequest(ProbeRequestRepr<'a>),
    /// Probe Response.
    ProbeResponse(ProbeResponseRepr<'a>),
    /// Beacon.
    Beacon(BeaconRepr<'a>),
    /// Disassociation.
    Disassociation(ReasonBodyRepr<'a>),
    /// Authentication.
    Authentication(AuthenticationRepr<'a>),
    /// Deauthentication.
    Deauthentication(ReasonBodyRepr<'a>),
    /// Action.
    Action(ActionRepr<'a>),
    /// Action No Ack.
    ActionNoAck(ActionRepr<'a>),
    /// A subtype without a parser here (ATIM, reserved), body kept verbatim.
    Other {
        /// Frame subtype.
        subtype: ManagementSubtype,
        /// Frame body.
        body: &'a [u8],
    },
}

impl<'a> Body<'a> {
    /// Parses `body` according to `subtype`.
    pub fn parse(subtype: ManagementSubtype, body: &'a [u8]) -> Result<Self> {
        use ManagementSubtype as S;
        Ok(match subtype {
            S::AssocRequest => {
                Body::AssocRequest(AssocRequestRepr::parse(&AssocRequest::new_checked(body)?)?)
            }
            S::AssocResponse => Body::AssocResponse(AssocResponseRepr::parse(
                &AssocResponse::new_checked(body)?,
            )?),
            S::ReassocRequest => Body::ReassocRequest(ReassocRequestRepr::parse(
                &ReassocRequest::new_checked(body)?,
            )?),
            S::ReassocResponse => Body::ReassocResponse(AssocResponseRepr::parse(
                &AssocResponse::new_checked(body)?,
            )?),
            S::ProbeRequest => {
                Body::ProbeRequest(ProbeRequestRepr::parse(&ProbeRequest::new_checked(body)?)?)
            }
            S::ProbeResponse => {
                Body::ProbeResponse(BeaconRepr::parse(&Beacon::new_checked(body)?)?)
            }
            S::Beacon => Body::Beacon(BeaconRepr::parse(&Beacon::new_checked(body)?)?),
            S::Disassociation => {
                Body::Disassociation(ReasonBodyRepr::parse(&ReasonBody::new_checked(body)?)?)
            }
            S::Authentication => Body::Authentication(AuthenticationRepr::parse(
                &Authentication::new_checked(body)?,
            )?),
            S::Deauthentication => {
                Body::Deauthentication(ReasonBodyRepr::parse(&ReasonBody::new_checked(body)?)?)
            }
            S::Action => Body::Action(ActionRepr::parse(&Action::new_checked(body)?)?),
            S::ActionNoAck => Body::ActionNoAck(ActionRepr::parse(&Action::new_checked(body)?)?),
            S::Atim | S::Unknown(_) => Body::Other { subtype, body },
        })
    }

    /// The subtype this body is sent with.
    pub fn subtype(&self) -> ManagementSubtype {
        use ManagementSubtype as S;
        match self {
            Body::AssocRequest(_) => S::AssocRequest,
            Body::AssocResponse(_) => S::AssocResponse,
            Body::ReassocRequest(_) => S::ReassocRequest,
            Body::ReassocResponse(_) => S::ReassocResponse,
            Body::ProbeRequest(_) => S::ProbeRequest,
            Body::ProbeResponse(_) => S::ProbeResponse,
            Body::Beacon(_) => S::Beacon,
            Body::Disassociation(_) => S::Disassociation,
            Body::Authentication(_) => S::Authentication,
            Body::Deauthentication(_) => S::Deauthentication,
            Body::Action(_) => S::Action,
            Body::ActionNoAck(_) => S::ActionNoAck,
            Body::Other { subtype, .. } => *subtype,
        }
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        match self {
            Body::AssocRequest(r) => r.buffer_len(),
            Body::AssocResponse(r) | Body::ReassocResponse(r) => r.buffer_len(),
            Body::ReassocRequest(r) => r.buffer_len(),
            Body::ProbeRequest(r) => r.buffer_len(),
            Body::ProbeResponse(r) | Body::Beacon(r) => r.buffer_len(),
            Body::Disassociation(r) | Body::Deauthentication(r) => r.buffer_len(),
            Body::Authentication(r) => r.buffer_len(),
            Body::Action(r) | Body::ActionNoAck(r) => r.buffer_len(),
            Body::Other { body, .. } => body.len(),
        }
    }

    /// Writes the body to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        match self {
            Body::AssocRequest(r) => r.emit(buf),
            Body::AssocResponse(r) | Body::ReassocResponse(r) => r.emit(buf),
            Body::ReassocRequest(r) => r.emit(buf),
            Body::ProbeRequest(r) => r.emit(buf),
            Body::ProbeResponse(r) | Body::Beacon(r) => r.emit(buf),
            Body::Disassociation(r) | Body::Deauthentication(r) => r.emit(buf),
            Body::Authentication(r) => r.emit(buf),
            Body::Action(r) | Body::ActionNoAck(r) => r.emit(buf),
            Body::Other { body, .. } => {
                check_out(buf, body.len())?;
                crate::wire::put(buf, 0, body);
                Ok(())
            }
        }
    }
}

/// A parsed or to-be-sent management frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManagementFrame<'a> {
    /// MAC header. On emit its subtype is taken from `body`.
    pub header: HeaderRepr,
    /// Typed body.
    pub body: Body<'a>,
}

impl<'a> ManagementFrame<'a> {
    /// Parses a received frame (no FCS). The body is parsed in the clear even when the
    /// Protected bit is set: mac80211 hands robust frames over decrypted with the bit kept.
    pub fn parse(frame: &'a [u8]) -> Result<Self> {
        let h = Header::new_checked(frame)?;
        let header = HeaderRepr::parse(&h)?;
        let body = crate::wire::rest(frame, h.header_len());
        Ok(ManagementFrame {
            header,
            body: Body::parse(header.subtype, body)?,
        })
    }

    /// A frame with a default header (no flags, duration and sequence 0) for `body`.
    pub fn new(da: MacAddr, sa: MacAddr, bssid: MacAddr, body: Body<'a>) -> Self {
        ManagementFrame {
            header: HeaderRepr::new(body.subtype(), da, sa, bssid),
            body,
        }
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        self.header.buffer_len() + self.body.buffer_len()
    }

    /// Writes the frame to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        let header = HeaderRepr {
            subtype: self.body.subtype(),
            ..self.header
        };
        header.emit(buf)?;
        let body_buf = buf.get_mut(header.buffer_len()..).unwrap_or_default();
        self.body.emit(body_buf)
    }

    /// The encoded frame.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = vec![0; self.buffer_len()];
        // Cannot fail: the buffer has exactly buffer_len() bytes.
        if self.emit(&mut v).is_err() {
            v.clear();
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::{Akm, ElementWriter, Elements, Rate};
    use crate::testdata::*;
    use crate::{CapabilityInfo, Error, ReasonCode, StatusCode};

    const ALL: &[&str] = &[
        PSK_BEACON_HEAD,
        PSK_PROBE_REQ,
        PSK_PROBE_RESP,
        PSK_AUTH_REQ,
        PSK_AUTH_RESP,
        PSK_ASSOC_REQ,
        PSK_ASSOC_RESP,
        PSK_DEAUTH_BCAST,
        FT_BEACON_HEAD,
        FT_AUTH_REQ,
        FT_AUTH_RESP,
        FT_REASSOC_REQ,
        FT_REASSOC_RESP,
        FT_ACTION_REQ,
        FT_ACTION_RESP,
        FT_OVER_DS_ASSOC_REQ,
        EAP_DEAUTH_STA,
    ];

    #[test]
    fn every_trace_frame_round_trips() {
        for h in ALL {
            let f = hex::decode(h).unwrap();
            let m = ManagementFrame::parse(&f).unwrap();
            assert_eq!(m.to_bytes(), f, "{h}");
            assert_eq!(m.buffer_len(), f.len());
            for e in m.elements_for_test().iter() {
                e.unwrap().parse().unwrap();
            }
        }
    }

    impl<'a> ManagementFrame<'a> {
        fn elements_for_test(&self) -> Elements<'a> {
            match self.body {
                Body::AssocRequest(r) => r.elements,
                Body::ReassocRequest(r) => r.elements,
                Body::AssocResponse(r) | Body::ReassocResponse(r) => r.elements,
                Body::ProbeRequest(r) => r.elements,
                Body::ProbeResponse(r) | Body::Beacon(r) => r.elements,
                Body::Authentication(a) => a.elements(),
                _ => Elements::new(&[]),
            }
        }
    }

    #[test]
    fn parse_assoc_req() {
        let f = hex::decode(PSK_ASSOC_REQ).unwrap();
        let m = ManagementFrame::parse(&f).unwrap();
        assert_eq!(m.header.sa.to_string(), "02:00:00:00:02:00");
        let Body::AssocRequest(req) = m.body else {
            panic!("{:?}", m.body)
        };
        assert_eq!(req.listen_interval, 5);
        let rsne = req.elements.rsne().unwrap().unwrap();
        assert!(rsne.akms().unwrap().contains(Akm::Psk));
    }

    #[test]
    fn build_responses_like_hostapd() {
        let ap: MacAddr = "02:00:00:00:00:00".parse().unwrap();
        let sta: MacAddr = "02:00:00:00:02:00".parse().unwrap();
        // Authentication response (open system, transaction 2).
        let auth = ManagementFrame::new(
            sta,
            ap,
            ap,
            Body::Authentication(AuthenticationRepr {
                algorithm: AuthAlgorithm::OpenSystem,
                transaction: 2,
                status: StatusCode::Success,
                payload: &[],
            }),
        );
        assert_eq!(auth.to_bytes(), hex::decode(PSK_AUTH_RESP).unwrap());

        // Association response with AID 1.
        let rates: Vec<Rate> = [
            0x82u8, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48, 0x60, 0x6c,
        ]
        .into_iter()
        .map(Rate)
        .collect();
        let mut ies = Vec::new();
        ElementWriter::new(&mut ies)
            .supported_rates(&rates)
            .unwrap()
            .extended_supported_rates(&rates)
            .unwrap()
            .extended_capabilities(&[0x04, 0x00, 0x40, 0x02, 0, 0, 0, 0x40])
            .unwrap()
            .raw(0x5a, &[0x24, 0x01, 0x00])
            .unwrap();
        let resp = ManagementFrame::new(
            sta,
            ap,
            ap,
            Body::AssocResponse(AssocResponseRepr {
                capabilities: CapabilityInfo::from(0x0411),
                status: StatusCode::Success,
                aid: Aid::new(1).unwrap(),
                elements: Elements::new(&ies),
            }),
        );
        assert_eq!(resp.to_bytes(), hex::decode(PSK_ASSOC_RESP).unwrap());

        // Broadcast deauthentication, reason 2.
        let deauth = ManagementFrame::new(
            MacAddr::BROADCAST,
            ap,
            ap,
            Body::Deauthentication(ReasonBodyRepr::new(ReasonCode::PrevAuthNotValid)),
        );
        assert_eq!(deauth.to_bytes(), hex::decode(PSK_DEAUTH_BCAST).unwrap());
    }

    #[test]
    fn build_beacon_head_and_probe_response() {
        let bssid: MacAddr = "02:00:00:00:00:00".parse().unwrap();
        let sta: MacAddr = "02:00:00:00:02:00".parse().unwrap();
        let rates: Vec<Rate> = [
            0x82u8, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48, 0x60, 0x6c,
        ]
        .into_iter()
        .map(Rate)
        .collect();
        let mut head_ies = Vec::new();
        ElementWriter::new(&mut head_ies)
            .ssid(b"roam-psk")
            .unwrap()
            .supported_rates(&rates)
            .unwrap()
            .ds_parameter_set(1)
            .unwrap();
        let tail = hex::decode(PSK_BEACON_TAIL).unwrap();
        let beacon = BeaconRepr {
            timestamp: 0,
            beacon_interval: 100,
            capabilities: CapabilityInfo::ESS
                | CapabilityInfo::PRIVACY
                | CapabilityInfo::SHORT_SLOT_TIME,
            elements: Elements::new(&head_ies),
        };
        let head = ManagementFrame::new(MacAddr::BROADCAST, bssid, bssid, Body::Beacon(beacon));
        assert_eq!(head.to_bytes(), hex::decode(PSK_BEACON_HEAD).unwrap());

        // hostapd's probe response: head elements then tail elements.
        let mut all = head_ies.clone();
        all.extend_from_slice(&tail);
        let resp = ManagementFrame::new(
            sta,
            bssid,
            bssid,
            Body::ProbeResponse(BeaconRepr {
                elements: Elements::new(&all),
                ..beacon
            }),
        );
        assert_eq!(resp.to_bytes(), hex::decode(PSK_PROBE_RESP).unwrap());
    }

    #[test]
    fn errors_and_other() {
        assert_eq!(ManagementFrame::parse(&[0; 10]), Err(Error::Truncated));
        let mut f = hex::decode(PSK_AUTH_REQ).unwrap();
        f.truncate(29);
        assert_eq!(ManagementFrame::parse(&f), Err(Error::Truncated));
        // ATIM (subtype 9) and a reserved subtype 6 come back as Other.
        let mut f = hex::decode(PSK_AUTH_REQ).unwrap();
        f[0] = 0x90;
        let m = ManagementFrame::parse(&f).unwrap();
        assert_eq!(
            m.body,
            Body::Other {
                subtype: ManagementSubtype::Atim,
                body: &f[24..]
            }
        );
        assert_eq!(m.to_bytes(), f);
        f[0] = 0x60;
        let m = ManagementFrame::parse(&f).unwrap();
        assert_eq!(m.body.subtype(), ManagementSubtype::Unknown(6));
        assert_eq!(m.to_bytes(), f);
        f[0] = 0x08;
        assert_eq!(ManagementFrame::parse(&f), Err(Error::NotManagement));
    }
}
