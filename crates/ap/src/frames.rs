//! What the BSS core needs from a received management frame, read with the
//! zero-copy parsers of `roamd-ieee80211`.

use roamd_ieee80211::action::{
    BtmRepr, FtActionCode, FtActionRepr, RadioMeasurementRepr, SaQueryAction, SaQueryRepr,
};
use roamd_ieee80211::body::ActionCategory;
use roamd_ieee80211::element::vendor::{OUI_MICROSOFT, VENDOR_TYPE_WMM};
use roamd_ieee80211::element::{id, HtCapabilities, WmmInfo};
use roamd_ieee80211::{Body, CapabilityInfo, Elements, MacAddr, ManagementFrame, ReasonCode};

/// Mobility Domain element ID (IEEE 802.11-2020 9.4.2.47).
const EID_MOBILITY_DOMAIN: u8 = 54;

/// Open System authentication algorithm number.
pub const AUTH_OPEN_SYSTEM: u16 = 0;
/// Authentication algorithm: Fast BSS Transition (802.11r over the air).
pub const AUTH_FT: u16 = 2;
/// Authentication algorithm: Simultaneous Authentication of Equals (WPA3).
pub const AUTH_SAE: u16 = 3;

/// An authentication frame from a station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthRequest<'a> {
    /// The station.
    pub sa: MacAddr,
    /// The BSSID it addressed.
    pub bssid: MacAddr,
    /// Authentication algorithm number.
    pub algorithm: u16,
    /// Transaction sequence number.
    pub transaction: u16,
    /// Status code (SAE: 0, or 126 for a hash-to-element commit).
    pub status: u16,
    /// What follows the fixed fields, as it is (SAE: the commit or confirm).
    pub payload: &'a [u8],
    /// The same bytes read as elements (FT: RSNE, MDE, FTE).
    pub elements: Elements<'a>,
}

/// A (re)association request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssocRequest<'a> {
    /// The station.
    pub sa: MacAddr,
    /// The BSSID it addressed.
    pub bssid: MacAddr,
    /// A reassociation request.
    pub reassoc: bool,
    /// Capability information.
    pub capability: u16,
    /// Listen interval.
    pub listen_interval: u16,
    /// SSID element, if present.
    pub ssid: Option<&'a [u8]>,
    /// Supported and extended supported rates (raw octets, basic bit included).
    pub rates: Vec<u8>,
    /// RSN element body, if present.
    pub rsne: Option<&'a [u8]>,
    /// Mobility Domain element body, if present (the station speaks 802.11r).
    pub mde: Option<&'a [u8]>,
    /// Fast BSS Transition element body, if present.
    pub fte: Option<&'a [u8]>,
    /// HT Capabilities, if present (an 802.11n station).
    pub ht_capabilities: Option<HtCapabilities>,
    /// WMM Information element, if present (a QoS station).
    pub wmm: Option<WmmInfo>,
}

/// A received management frame, reduced to what the BSS acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received<'a> {
    /// Probe request; `ssid` is `None` when the element is missing.
    ProbeRequest {
        /// The station.
        sa: MacAddr,
        /// Address 3 (wildcard or a BSSID).
        bssid: MacAddr,
        /// SSID element content.
        ssid: Option<&'a [u8]>,
    },
    /// Authentication.
    Authentication(AuthRequest<'a>),
    /// (Re)association request.
    AssocRequest(AssocRequest<'a>),
    /// Deauthentication.
    Deauthentication {
        /// The station.
        sa: MacAddr,
        /// BSSID.
        bssid: MacAddr,
        /// Reason code.
        reason: ReasonCode,
    },
    /// Disassociation.
    Disassociation {
        /// The station.
        sa: MacAddr,
        /// BSSID.
        bssid: MacAddr,
        /// Reason code.
        reason: ReasonCode,
    },
    /// SA Query request or response (IEEE 802.11-2020 9.6.9).
    SaQuery {
        /// The station.
        sa: MacAddr,
        /// BSSID.
        bssid: MacAddr,
        /// A request (else a response).
        request: bool,
        /// Transaction identifier.
        transaction_id: [u8; 2],
    },
    /// FT Request Action frame (over the DS): the station asks, through
    /// us, for FT with `target`.
    FtRequest {
        /// The station.
        sa: MacAddr,
        /// BSSID.
        bssid: MacAddr,
        /// The STA Address field (must be `sa`).
        sta: MacAddr,
        /// The target AP.
        target: MacAddr,
        /// RSNE, MDE and FTE.
        elements: Elements<'a>,
    },
    /// Radio Measurement (802.11k): a Neighbor Report Request, a
    /// measurement report.
    RadioMeasurement {
        /// The station.
        sa: MacAddr,
        /// BSSID.
        bssid: MacAddr,
        /// The frame.
        rm: RadioMeasurementRepr<'a>,
    },
    /// BSS Transition Management (802.11v): a query or a response.
    Btm {
        /// The station.
        sa: MacAddr,
        /// BSSID.
        bssid: MacAddr,
        /// The frame.
        btm: BtmRepr<'a>,
    },
    /// Anything else (beacons of neighbours, action frames for later issues).
    Other,
}

impl Received<'_> {
    /// The transmitter (SA) of the frame, when the BSS acts on it.
    pub fn source(&self) -> Option<MacAddr> {
        match self {
            Received::ProbeRequest { sa, .. }
            | Received::Deauthentication { sa, .. }
            | Received::Disassociation { sa, .. }
            | Received::SaQuery { sa, .. }
            | Received::FtRequest { sa, .. }
            | Received::RadioMeasurement { sa, .. }
            | Received::Btm { sa, .. } => Some(*sa),
            Received::Authentication(req) => Some(req.sa),
            Received::AssocRequest(req) => Some(req.sa),
            Received::Other => None,
        }
    }
}

/// Parses a management frame; any length or format error is an `Err`.
pub fn parse(frame: &[u8]) -> roamd_ieee80211::Result<Received<'_>> {
    let ManagementFrame { header, body } = ManagementFrame::parse(frame)?;
    let (sa, bssid) = (header.sa, header.bssid);
    fn assoc<'a>(
        (sa, bssid): (MacAddr, MacAddr),
        reassoc: bool,
        capabilities: CapabilityInfo,
        listen_interval: u16,
        elements: Elements<'a>,
    ) -> roamd_ieee80211::Result<Received<'a>> {
        elements.check()?;
        Ok(Received::AssocRequest(AssocRequest {
            sa,
            bssid,
            reassoc,
            capability: capabilities.bits(),
            listen_interval,
            ssid: elements.ssid(),
            rates: elements.supported_rates().map(|r| r.0).collect(),
            rsne: elements.find(crate::rsn::EID_RSN).map(|e| e.data()),
            mde: elements.find(EID_MOBILITY_DOMAIN).map(|e| e.data()),
            fte: elements.fte(),
            ht_capabilities: elements
                .find(id::HT_CAPABILITIES)
                .and_then(|e| HtCapabilities::parse(e.data()).ok()),
            wmm: elements
                .find_vendor(OUI_MICROSOFT, VENDOR_TYPE_WMM)
                .and_then(|v| WmmInfo::parse(&v)),
        }))
    }
    Ok(match body {
        Body::ProbeRequest(p) => {
            p.elements.check()?;
            Received::ProbeRequest {
                sa,
                bssid,
                ssid: p.elements.ssid(),
            }
        }
        Body::Authentication(a) => Received::Authentication(AuthRequest {
            sa,
            bssid,
            algorithm: a.algorithm.into(),
            transaction: a.transaction,
            status: a.status.into(),
            payload: a.payload,
            elements: Elements::new(a.payload),
        }),
        Body::AssocRequest(a) => assoc(
            (sa, bssid),
            false,
            a.capabilities,
            a.listen_interval,
            a.elements,
        )?,
        Body::ReassocRequest(a) => assoc(
            (sa, bssid),
            true,
            a.capabilities,
            a.listen_interval,
            a.elements,
        )?,
        Body::Deauthentication(r) => Received::Deauthentication {
            sa,
            bssid,
            reason: r.reason,
        },
        Body::Disassociation(r) => Received::Disassociation {
            sa,
            bssid,
            reason: r.reason,
        },
        Body::Action(a) if a.category == ActionCategory::SaQuery => {
            let q = SaQueryRepr::from_action(&a)?;
            Received::SaQuery {
                sa,
                bssid,
                request: q.action == SaQueryAction::Request,
                transaction_id: q.transaction_id,
            }
        }
        Body::Action(a) if a.category == ActionCategory::FastBssTransition => {
            let ft = FtActionRepr::from_action(&a)?;
            if ft.action != FtActionCode::Request {
                return Ok(Received::Other);
            }
            Received::FtRequest {
                sa,
                bssid,
                sta: ft.sta_addr,
                target: ft.target_ap_addr,
                elements: ft.elements,
            }
        }
        // Link Measurement and the other WNM actions are not handled:
        // `Other`, not malformed.
        Body::Action(a) if a.category == ActionCategory::RadioMeasurement => {
            match RadioMeasurementRepr::from_action(&a) {
                Ok(rm) => Received::RadioMeasurement { sa, bssid, rm },
                Err(roamd_ieee80211::Error::UnexpectedAction) => Received::Other,
                Err(e) => return Err(e),
            }
        }
        Body::Action(a) if a.category == ActionCategory::Wnm => match BtmRepr::from_action(&a) {
            Ok(btm) => Received::Btm { sa, bssid, btm },
            Err(roamd_ieee80211::Error::UnexpectedAction) => Received::Other,
            Err(e) => return Err(e),
        },
        _ => Received::Other,
    })
}
