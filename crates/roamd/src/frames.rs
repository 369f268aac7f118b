//! What the BSS core needs from a received management frame, read with the
//! zero-copy parsers of `roamd-ieee80211`.

use roamd_ieee80211::{
    AssocRequest as AssocRequestView, AssocRequestRepr, Authentication, AuthenticationRepr, Header,
    MacAddr, ManagementSubtype, ProbeRequest, ProbeRequestRepr, ReasonBody, ReasonBodyRepr, ReasonCode,
    ReassocRequest, ReassocRequestRepr,
};

/// Open System authentication algorithm number.
pub const AUTH_OPEN_SYSTEM: u16 = 0;

/// An authentication frame from a station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthRequest {
    /// The station.
    pub sa: MacAddr,
    /// The BSSID it addressed.
    pub bssid: MacAddr,
    /// Authentication algorithm number.
    pub algorithm: u16,
    /// Transaction sequence number.
    pub transaction: u16,
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
    Authentication(AuthRequest),
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
    /// Anything else (beacons of neighbours, action frames for later issues).
    Other,
}

/// Parses a management frame; any length or format error is an `Err`.
pub fn parse(frame: &[u8]) -> roamd_ieee80211::Result<Received<'_>> {
    let header = Header::new_checked(frame)?;
    let sa = header.addr2();
    let bssid = header.addr3();
    // Borrow the body from `frame`, not from the view, so it outlives `header`.
    let payload = frame.get(header.header_len()..).unwrap_or_default();
    if header.frame_control().frame_type() != roamd_ieee80211::FrameType::Management {
        return Ok(Received::Other);
    }
    Ok(match header.frame_control().management_subtype() {
        ManagementSubtype::ProbeRequest => {
            let repr = ProbeRequestRepr::parse(&ProbeRequest::new_checked(payload)?)?;
            repr.elements.check()?;
            Received::ProbeRequest { sa, bssid, ssid: repr.elements.ssid() }
        }
        ManagementSubtype::Authentication => {
            let repr = AuthenticationRepr::parse(&Authentication::new_checked(payload)?)?;
            Received::Authentication(AuthRequest {
                sa,
                bssid,
                algorithm: repr.algorithm.into(),
                transaction: repr.transaction,
            })
        }
        ManagementSubtype::AssocRequest => {
            let repr = AssocRequestRepr::parse(&AssocRequestView::new_checked(payload)?)?;
            repr.elements.check()?;
            Received::AssocRequest(AssocRequest {
                sa,
                bssid,
                reassoc: false,
                capability: repr.capabilities.bits(),
                listen_interval: repr.listen_interval,
                ssid: repr.elements.ssid(),
                rates: repr.elements.supported_rates().map(|r| r.0).collect(),
            })
        }
        ManagementSubtype::ReassocRequest => {
            let repr = ReassocRequestRepr::parse(&ReassocRequest::new_checked(payload)?)?;
            repr.elements.check()?;
            Received::AssocRequest(AssocRequest {
                sa,
                bssid,
                reassoc: true,
                capability: repr.capabilities.bits(),
                listen_interval: repr.listen_interval,
                ssid: repr.elements.ssid(),
                rates: repr.elements.supported_rates().map(|r| r.0).collect(),
            })
        }
        ManagementSubtype::Deauthentication => {
            let repr = ReasonBodyRepr::parse(&ReasonBody::new_checked(payload)?)?;
            Received::Deauthentication { sa, bssid, reason: repr.reason }
        }
        ManagementSubtype::Disassociation => {
            let repr = ReasonBodyRepr::parse(&ReasonBody::new_checked(payload)?)?;
            Received::Disassociation { sa, bssid, reason: repr.reason }
        }
        _ => Received::Other,
    })
}
