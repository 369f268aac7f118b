//! What the daemon knows about a station at (re)association, and the
//! retransmission policy.

use core::time::Duration;

use roamd_eapol::ProtocolVersion;
use roamd_wpa::{Akm, CipherSuite, MacAddr, Pmk, Pmkid};

/// Inputs of one station's 4-way handshake, taken at (re)association.
#[derive(Debug, Clone)]
pub struct StationParams {
    /// Authenticator address: our BSSID.
    pub aa: MacAddr,
    /// Supplicant address: the station's MAC address.
    pub spa: MacAddr,
    /// The AKM the station selected in its RSNE.
    pub akm: Akm,
    /// The pairwise cipher the station selected.
    pub pairwise_cipher: CipherSuite,
    /// The BSS's group data cipher.
    pub group_cipher: CipherSuite,
    /// The station's RSNE from its (re)association request, the whole
    /// element (ID 48, length, body); message 2 must carry the same octets.
    pub sta_rsne: Vec<u8>,
    /// Our RSNE (as in Beacons) for message 3, the whole element, optionally
    /// followed by more whole elements (e.g. an RSNXE) sent the same way.
    pub ap_rsne: Vec<u8>,
    /// The PMK: the PSK, the MSK-derived PMK or a cached PMKSA's PMK.
    pub pmk: Pmk,
    /// The PMKID of the PMKSA in use, put in a PMKID KDE in message 1.
    /// With an 802.1X AKM and none given, the PMKID is computed from the
    /// PMK (hostapd does the same); with a PSK AKM none is sent.
    pub pmkid: Option<Pmkid>,
    /// Management frame protection is in use with this station: the IGTK
    /// KDE goes into messages 3 and group 1.
    pub mfp: bool,
    /// EAPOL protocol version of the frames we send (hostapd
    /// `eapol_version`, default 2).
    pub eapol_version: ProtocolVersion,
    /// FT initial mobility domain association (FT AKMs only): then `pmk`
    /// is the PMK-R1.
    pub ft: Option<crate::FtAssociation>,
}

/// Retransmission of messages 1, 3 and group 1 (hostapd
/// `dot11RSNAConfigPairwiseUpdateCount`, `dot11RSNAConfigGroupUpdateCount`
/// and the `eapol_key_timeout_*` constants of `src/ap/wpa_auth.c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Wait after the first transmission of message 1 or 3.
    pub first_timeout: Duration,
    /// Wait after each retransmission of message 1 or 3.
    pub subsequent_timeout: Duration,
    /// Wait after the first transmission of group message 1.
    pub group_first_timeout: Duration,
    /// Wait after each retransmission of group message 1.
    pub group_subsequent_timeout: Duration,
    /// Transmissions of message 1, and of message 3, before giving up with
    /// reason 15.
    pub pairwise_update_count: u32,
    /// Transmissions of group message 1 before giving up with reason 16.
    pub group_update_count: u32,
}

impl Default for RetryPolicy {
    /// hostapd's values: a station that is there answers within
    /// milliseconds, so the first retry comes early (100 ms pairwise,
    /// 500 ms group, where the station may be dozing), later ones after
    /// 1 s; 4 transmissions (IEEE 802.11-2020 dot11RSNAConfigPairwiseUpdateCount
    /// and dot11RSNAConfigGroupUpdateCount default to 3; hostapd uses 4).
    fn default() -> Self {
        Self {
            first_timeout: Duration::from_millis(100),
            subsequent_timeout: Duration::from_secs(1),
            group_first_timeout: Duration::from_millis(500),
            group_subsequent_timeout: Duration::from_secs(1),
            pairwise_update_count: 4,
            group_update_count: 4,
        }
    }
}
