//! What the AP core asks of the world: intents in the core's own terms,
//! which the daemon maps onto nl80211, RADIUS and the control interface.

use std::fmt;

use roamd_eap_auth::RadiusRequestId;
use roamd_ieee80211::element::{Akm, CipherSuite, HtCapabilities, WmmInfo};
use roamd_ieee80211::MacAddr;
use roamd_radius::{AccessRequest, AccountingRequest};
use zeroize::Zeroizing;

/// One thing the BSS wants done, in the order returned.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Transmit a management frame (a failure is only logged).
    SendFrame {
        /// The whole frame, header included.
        frame: Vec<u8>,
        /// Do not wait for an acknowledgement (probe responses).
        no_ack: bool,
    },
    /// Transmit a management frame and report whether it was acknowledged
    /// with [`crate::Bss::handle_tx_status`].
    SendTracked {
        /// The whole frame.
        frame: Vec<u8>,
        /// Why the acknowledgement matters.
        purpose: TxPurpose,
    },
    /// Send an EAPOL frame to a station over the control port.
    SendEapol {
        /// The station.
        sta: MacAddr,
        /// The EAPOL frame.
        frame: Vec<u8>,
        /// Encrypt it with the station's pairwise key (installed already).
        encrypt: bool,
    },
    /// Add the station to the kernel's table (after a successful association).
    AddStation(NewStation),
    /// Remove the station from the kernel's table.
    RemoveStation(MacAddr),
    /// Open or close the station's port.
    Authorize {
        /// The station.
        sta: MacAddr,
        /// Open (true) or close.
        authorized: bool,
    },
    /// Install a key: pairwise when `sta` is set, group otherwise.
    InstallKey(KeyInstall),
    /// Make a group key the transmit key.
    SetDefaultKey {
        /// Key index.
        key_idx: u8,
        /// The management group key (IGTK) rather than the GTK.
        mgmt: bool,
    },
    /// Read the station's counters and call [`crate::Bss::handle_station_info`].
    QueryStation(MacAddr),
    /// A control interface event for attached clients (hostapd's wording,
    /// e.g. `AP-STA-CONNECTED 02:00:00:00:02:00`).
    CtrlEvent(String),
    /// Send an Accounting-Request; with `kernel_counters` the daemon first
    /// fills in the station's octet and packet counters.
    Accounting {
        /// The station.
        sta: MacAddr,
        /// The request.
        request: Box<AccountingRequest>,
        /// Read the traffic counters from the kernel first.
        kernel_counters: bool,
    },
    /// Send an Access-Request for this station's 802.1X exchange; report
    /// the outcome with [`crate::Bss::handle_radius`] or
    /// [`crate::Bss::handle_radius_timeout`].
    Radius {
        /// The station.
        sta: MacAddr,
        /// Identifies the request within the station's exchange.
        id: RadiusRequestId,
        /// The request.
        request: Box<AccessRequest>,
    },
    /// The Access-Request is no longer wanted: stop retransmitting it and
    /// free its RADIUS Identifier.
    CancelRadius {
        /// The station.
        sta: MacAddr,
        /// The request.
        id: RadiusRequestId,
    },
    /// A frame of the key holders' protocol (hostapd's 0x88b7 R0KH-R1KH
    /// messages and 0x890d over-DS relay), from this BSS's address: to
    /// another BSS of this process when `dst` is one
    /// ([`crate::Bss::handle_key_holder_frame`] there), else on the key
    /// holders' link (`bridge`, or the BSS interface).
    KeyHolderFrame(roamd_ft::Transmit),
    /// Read the PMKSA record of station `sta` from the store of this BSS's
    /// shared cache domain (its (re)association request waits), put what
    /// it holds into the registry and report with
    /// [`crate::Bss::handle_store_answer`]. Never wait for it: the BSS
    /// gives up after its domain's `miss_wait_ms`.
    #[cfg(feature = "shared-cache")]
    FetchPmksa {
        /// The station.
        sta: MacAddr,
    },
}

/// Why the BSS wants to know whether a frame was acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxPurpose {
    /// A successful (re)association response to this station.
    AssocResponse(MacAddr),
}

/// A station the kernel must learn about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStation {
    /// Its address.
    pub sta: MacAddr,
    /// Its association ID.
    pub aid: u16,
    /// Listen interval from its association request.
    pub listen_interval: u16,
    /// Capability information from its association request.
    pub capability: u16,
    /// Its supported rates, in 500 kb/s units (basic-rate bit cleared).
    pub supported_rates: Vec<u8>,
    /// It uses management frame protection.
    pub mfp: bool,
    /// Its HT Capabilities, when both it and the BSS are 802.11n (and it
    /// uses WMM, as hostapd's copy_sta_ht_capab requires).
    pub ht_capabilities: Option<HtCapabilities>,
    /// Its WMM QoS Info, when both it and the BSS use WMM.
    pub wmm: Option<WmmInfo>,
}

/// A key for the kernel. The key bytes are wiped when dropped and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyInstall {
    /// The station of a pairwise key; `None` for a group key.
    pub sta: Option<MacAddr>,
    /// Key index.
    pub key_idx: u8,
    /// Cipher suite.
    pub cipher: CipherSuite,
    /// The key.
    pub key: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for KeyInstall {
    // Key material never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyInstall")
            .field("sta", &self.sta)
            .field("key_idx", &self.key_idx)
            .field("cipher", &self.cipher)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// What starting the AP needs (beacon templates and security).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApParams {
    /// Beacon frame up to the TIM element.
    pub beacon_head: Vec<u8>,
    /// Beacon elements after the TIM element.
    pub beacon_tail: Vec<u8>,
    /// Beacon interval, TUs.
    pub beacon_interval: u32,
    /// DTIM period.
    pub dtim_period: u32,
    /// The SSID.
    pub ssid: Vec<u8>,
    /// Beacons carry an empty SSID.
    pub hidden: bool,
    /// Channel frequency, MHz.
    pub freq_mhz: u32,
    /// The channel runs HT20 (802.11n).
    pub ht: bool,
    /// The privacy capability bit.
    pub privacy: bool,
    /// The RSN settings the kernel needs, for a protected BSS.
    pub rsn: Option<RsnParams>,
    /// No frames between the stations of the BSS (hostapd's `ap_isolate`).
    pub ap_isolate: bool,
}

/// The suites of a protected BSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsnParams {
    /// AKM suites.
    pub akm_suites: Vec<Akm>,
    /// Pairwise cipher suites.
    pub pairwise_ciphers: Vec<CipherSuite>,
    /// Group cipher suite.
    pub group_cipher: CipherSuite,
}
