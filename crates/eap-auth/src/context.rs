//! What every Access-Request of one station carries besides the EAP packet.

use roamd_radius::builder::DEFAULT_FRAMED_MTU;
use roamd_radius::{Attribute, NasInfo};

/// The per-station attributes of Access-Requests (hostapd
/// add_common_radius_attr and ieee802_1x_encapsulate_radius), fixed at
/// association.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    /// The NAS: NAS-Identifier, addresses, Called-Station-Id, NAS-Port.
    pub nas: NasInfo,
    /// Connect-Info, e.g. "CONNECT 54Mbps 802.11g".
    pub connect_info: Option<Vec<u8>>,
    /// Acct-Session-Id.
    pub acct_session_id: Option<Vec<u8>>,
    /// Acct-Multi-Session-Id.
    pub acct_multi_session_id: Option<Vec<u8>>,
    /// Framed-MTU; hostapd sends 1400.
    pub framed_mtu: Option<u32>,
    /// Anything else (WLAN-Pairwise-Cipher, WLAN-AKM-Suite, ...), appended.
    pub extra: Vec<Attribute>,
}

impl RequestContext {
    /// A context with hostapd's Framed-MTU and nothing optional.
    pub fn new(nas: NasInfo) -> Self {
        RequestContext {
            nas,
            connect_info: None,
            acct_session_id: None,
            acct_multi_session_id: None,
            framed_mtu: Some(DEFAULT_FRAMED_MTU),
            extra: Vec::new(),
        }
    }
}

impl From<NasInfo> for RequestContext {
    fn from(nas: NasInfo) -> Self {
        RequestContext::new(nas)
    }
}

impl Default for RequestContext {
    fn default() -> Self {
        RequestContext::new(NasInfo::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = RequestContext::from(NasInfo::default());
        assert_eq!(c.framed_mtu, Some(1400));
        assert_eq!(c, RequestContext::default());
    }
}
