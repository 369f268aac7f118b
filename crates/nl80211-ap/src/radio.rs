//! The radio boundary: what the daemon asks of a radio and what a radio reports.
//!
//! The daemon speaks only these types, so it runs unchanged on the real
//! nl80211 driver ([`crate::Nl80211`]) and on the in-process simulated radio
//! ([`crate::SimRadio`]) used by unit tests.

use std::future::Future;
use std::pin::Pin;

use roamd_ieee80211::element::{Akm, CipherSuite, HtCapabilities, WmmInfo};
use roamd_ieee80211::MacAddr;

use crate::attr::KeyMaterial;

/// What roamd knows about a network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceInfo {
    /// Kernel interface index.
    pub ifindex: u32,
    /// Interface name, e.g. "wlan0".
    pub name: String,
    /// The wiphy (radio) the interface belongs to.
    pub wiphy: u32,
    /// Interface MAC address: the BSSID of its BSS.
    pub mac: MacAddr,
    /// Current `IFTYPE_*`.
    pub iftype: u32,
}

/// Whether and how the SSID is hidden in beacons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HiddenSsid {
    /// The SSID is broadcast.
    #[default]
    NotHidden,
    /// Beacons carry an empty SSID element.
    ZeroLength,
}

/// Everything needed to start beaconing (NL80211_CMD_START_AP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApSettings {
    /// Beacon frame from the header up to, not including, the TIM element.
    pub beacon_head: Vec<u8>,
    /// Beacon elements after the TIM element.
    pub beacon_tail: Vec<u8>,
    /// Beacon interval in TUs.
    pub beacon_interval: u32,
    /// DTIM period in beacon intervals.
    pub dtim_period: u32,
    /// The SSID (also in `beacon_head` unless hidden).
    pub ssid: Vec<u8>,
    /// SSID hiding.
    pub hidden: HiddenSsid,
    /// Operating channel centre frequency, MHz (20 MHz).
    pub freq_mhz: u32,
    /// The channel runs HT20 (802.11n), else 20 MHz without HT.
    pub ht: bool,
    /// The BSS requires encryption.
    pub privacy: bool,
    /// RSN settings; `Some` also sends EAPOL (ethertype 0x888e) over
    /// nl80211 (the control port) instead of the netdev.
    pub rsn: Option<RsnSettings>,
    /// The kernel forwards no frames between the BSS's stations
    /// (hostapd's `ap_isolate`: NL80211_CMD_SET_BSS after START_AP, sent
    /// either way).
    pub ap_isolate: bool,
}

/// The RSN parameters of an AP, for the kernel (NL80211_ATTR_WPA_VERSIONS etc.).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsnSettings {
    /// AKM suites.
    pub akm_suites: Vec<Akm>,
    /// Pairwise cipher suites.
    pub pairwise_ciphers: Vec<CipherSuite>,
    /// Group cipher suite.
    pub group_cipher: CipherSuite,
}

/// Parameters of a station added to the kernel (NL80211_CMD_NEW_STATION).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationParams {
    /// Station address.
    pub mac: MacAddr,
    /// Association ID, 1..=2007.
    pub aid: u16,
    /// Listen interval from the association request.
    pub listen_interval: u16,
    /// Capability information from the association request.
    pub capability: u16,
    /// Supported rates, 500 kb/s units (basic-rate bit cleared).
    pub supported_rates: Vec<u8>,
    /// HT Capabilities of an 802.11n station.
    pub ht_capability: Option<HtCapabilities>,
    /// Extended Capabilities element body, when the station sent one.
    pub ext_capability: Option<Vec<u8>>,
    /// The QoS Info of a WMM station (NL80211_STA_FLAG_WME, NL80211_ATTR_STA_WME).
    pub wmm: Option<WmmInfo>,
    /// The station negotiated management frame protection.
    pub mfp: bool,
}

/// Traffic counters and timers of one station (NL80211_CMD_GET_STATION).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StationInfo {
    /// Milliseconds since the station was last active.
    pub inactive_ms: Option<u32>,
    /// Seconds since the station was added.
    pub connected_secs: Option<u32>,
    /// Bytes received from the station.
    pub rx_bytes: Option<u64>,
    /// Bytes sent to the station.
    pub tx_bytes: Option<u64>,
    /// Packets received from the station.
    pub rx_packets: Option<u32>,
    /// Packets sent to the station.
    pub tx_packets: Option<u32>,
    /// Signal strength of the last frame, dBm.
    pub signal_dbm: Option<i8>,
}

/// A key to install (NL80211_CMD_NEW_KEY).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyParams {
    /// Pairwise key for this station, or `None` for a group key.
    pub mac: Option<MacAddr>,
    /// Key index (0 for pairwise, 1..=3 group, 4..=5 IGTK).
    pub key_idx: u8,
    /// Cipher suite.
    pub cipher: CipherSuite,
    /// The key itself; zeroized on drop, redacted in `Debug`.
    pub key: KeyMaterial,
    /// Receive sequence counter (little endian), when known.
    pub seq: Option<Vec<u8>>,
}

impl std::fmt::Debug for KeyParams {
    // Key material never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyParams")
            .field("mac", &self.mac)
            .field("key_idx", &self.key_idx)
            .field("cipher", &self.cipher)
            .field("key", &self.key)
            .field("seq", &self.seq)
            .finish()
    }
}

/// One request to a radio.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RadioCommand {
    /// Look up an interface by name.
    GetInterface {
        /// Interface name.
        name: String,
    },
    /// The cipher suites a wiphy supports.
    GetCiphers {
        /// Wiphy index.
        wiphy: u32,
    },
    /// The bands of a wiphy: HT capabilities and channels.
    GetBands {
        /// Wiphy index.
        wiphy: u32,
    },
    /// Create an AP interface on a wiphy (a second BSS on a radio).
    NewApInterface {
        /// The wiphy.
        wiphy: u32,
        /// New interface name.
        name: String,
        /// Its MAC address: the BSSID.
        mac: MacAddr,
    },
    /// Delete an interface roamd created.
    DelInterface {
        /// Interface.
        ifindex: u32,
    },
    /// Put the interface into AP mode and bring it up.
    SetApMode {
        /// Interface.
        ifindex: u32,
    },
    /// Make the interface a port of a bridge (hostapd's `bridge=`) after
    /// [`RadioCommand::SetApMode`]: a bridge refuses a Wi-Fi interface in
    /// station mode. A port of another bridge moves; `master_ifindex` 0
    /// releases it. Route netlink, not nl80211: wait for it with
    /// [`Radio::execute`].
    SetMaster {
        /// Interface.
        ifindex: u32,
        /// The bridge's interface index ([`crate::interface_index`]), or 0.
        master_ifindex: u32,
    },
    /// Subscribe to the management frames an AP handles.
    RegisterApFrames {
        /// Interface.
        ifindex: u32,
    },
    /// Start beaconing.
    StartAp {
        /// Interface.
        ifindex: u32,
        /// Beacon and channel.
        settings: ApSettings,
    },
    /// Replace the beacon of a running AP.
    SetBeacon {
        /// Interface.
        ifindex: u32,
        /// New head.
        beacon_head: Vec<u8>,
        /// New tail.
        beacon_tail: Vec<u8>,
    },
    /// Ask the wireless core to use a country's regulatory domain
    /// (hostapd's `country_code`).
    SetRegulatoryDomain {
        /// ISO 3166-1 alpha-2 code, e.g. `*b"DE"`.
        alpha2: [u8; 2],
    },
    /// The country whose regulatory domain is in force: the kernel applies
    /// a new one asynchronously (it loads the rules from regulatory.db).
    GetRegulatoryDomain,
    /// Stop beaconing.
    StopAp {
        /// Interface.
        ifindex: u32,
    },
    /// Transmit a management frame; replies with a cookie unless `no_ack`.
    SendMgmt {
        /// Interface.
        ifindex: u32,
        /// The whole frame from the frame control field on.
        frame: Vec<u8>,
        /// Do not wait for (or report) an acknowledgement.
        no_ack: bool,
    },
    /// Add a station.
    NewStation {
        /// Interface.
        ifindex: u32,
        /// The station.
        params: StationParams,
    },
    /// Set or clear the authorized flag of a station.
    SetStationAuthorized {
        /// Interface.
        ifindex: u32,
        /// Station.
        mac: MacAddr,
        /// New value.
        authorized: bool,
    },
    /// Remove a station (all of them with `None`).
    DelStation {
        /// Interface.
        ifindex: u32,
        /// Station, or every station.
        mac: Option<MacAddr>,
    },
    /// Read a station's counters.
    GetStation {
        /// Interface.
        ifindex: u32,
        /// Station.
        mac: MacAddr,
    },
    /// Install a key.
    NewKey {
        /// Interface.
        ifindex: u32,
        /// The key.
        key: KeyParams,
    },
    /// Read a group key's transmit sequence counter (its packet number).
    GetKeySeq {
        /// Interface.
        ifindex: u32,
        /// Key index.
        key_idx: u8,
    },
    /// Make a group key the default for transmission.
    SetDefaultKey {
        /// Interface.
        ifindex: u32,
        /// Key index.
        key_idx: u8,
        /// It is a management (IGTK) key.
        mgmt: bool,
    },
    /// Remove a key.
    DelKey {
        /// Interface.
        ifindex: u32,
        /// Station for a pairwise key, `None` for a group key.
        mac: Option<MacAddr>,
        /// Key index.
        key_idx: u8,
    },
    /// Send an EAPOL frame over the control port.
    SendControlPort {
        /// Interface.
        ifindex: u32,
        /// Destination station.
        dest: MacAddr,
        /// The EAPOL frame (no Ethernet header).
        frame: Vec<u8>,
        /// Send it unencrypted even if a pairwise key is installed.
        no_encrypt: bool,
    },
}

/// A radio's answer to a [`RadioCommand`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RadioReply {
    /// Done, nothing to report.
    Done,
    /// The interface that was looked up.
    Interface(InterfaceInfo),
    /// A transmitted frame's cookie, to match its TX status.
    Cookie(u64),
    /// A station's counters.
    Station(StationInfo),
    /// Cipher suite selectors.
    Ciphers(Vec<CipherSuite>),
    /// A key's sequence counter.
    KeySeq(u64),
    /// The bands of a wiphy.
    Bands(Vec<BandInfo>),
    /// The country whose regulatory domain applies ("00": the world's).
    RegulatoryDomain([u8; 2]),
}

/// One band of a wiphy, as the kernel reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BandInfo {
    /// `consts::BAND_*`.
    pub band: u32,
    /// Its HT capabilities, when it has HT (the Capabilities Information,
    /// A-MPDU parameters and MCS set; the rest 0).
    pub ht: Option<HtCapabilities>,
    /// Its channels, in the kernel's order (ascending frequency).
    pub channels: Vec<ChannelInfo>,
}

/// One channel of a band under the regulatory domain in force.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelInfo {
    /// Centre frequency, MHz.
    pub freq_mhz: u32,
    /// Not usable here (NL80211_FREQUENCY_ATTR_DISABLED).
    pub disabled: bool,
    /// Maximum transmit power, mBm (hundredths of a dBm).
    pub max_tx_power_mbm: u32,
}

impl ChannelInfo {
    /// The channel number of `freq_mhz` in the 2.4 and 5 GHz bands.
    pub fn channel(&self) -> Option<u8> {
        let channel = match self.freq_mhz {
            2484 => 14,
            f @ 2412..=2472 => (f - 2407) / 5,
            f @ 5000..=5895 => (f - 5000) / 5,
            _ => return None,
        };
        u8::try_from(channel).ok()
    }
}

/// Something a radio reports without being asked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RadioEvent {
    /// A management frame was received.
    MgmtFrame {
        /// Interface it arrived on.
        ifindex: u32,
        /// The whole frame from the frame control field on.
        frame: Vec<u8>,
        /// Signal strength, dBm.
        signal_dbm: Option<i32>,
    },
    /// The outcome of a transmitted management frame.
    MgmtTxStatus {
        /// Interface.
        ifindex: u32,
        /// Cookie from [`RadioReply::Cookie`].
        cookie: u64,
        /// The receiver acknowledged it.
        ack: bool,
        /// The frame that was sent.
        frame: Vec<u8>,
    },
    /// An EAPOL frame was received over the control port.
    ControlPortFrame {
        /// Interface.
        ifindex: u32,
        /// Sender.
        src: MacAddr,
        /// Ethertype (0x888e).
        ethertype: u16,
        /// The frame arrived unencrypted.
        unencrypted: bool,
        /// The EAPOL frame.
        frame: Vec<u8>,
    },
    /// The outcome of an EAPOL frame sent over the control port.
    ControlPortTxStatus {
        /// Interface.
        ifindex: u32,
        /// Cookie from [`RadioReply::Cookie`].
        cookie: u64,
        /// The receiver acknowledged it.
        ack: bool,
    },
    /// The kernel removed a station.
    StationRemoved {
        /// Interface.
        ifindex: u32,
        /// Station.
        mac: MacAddr,
    },
}

/// Why a radio command failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RadioError {
    /// The kernel refused the command.
    #[error("{command} failed: {message} (errno {errno})")]
    Kernel {
        /// Command name.
        command: &'static str,
        /// Positive errno.
        errno: i32,
        /// strerror-like text.
        message: String,
    },
    /// No interface has that name.
    #[error("no wireless interface named {0:?}")]
    NoSuchInterface(String),
    /// No reply came in time (a socket overrun drops replies too).
    #[error("{command}: no reply from the kernel")]
    NoReply {
        /// Command name.
        command: &'static str,
    },
    /// The netlink socket failed.
    #[error("netlink: {0}")]
    Netlink(String),
    /// The reply lacked something it must carry.
    #[error("{command}: malformed reply: {what}")]
    BadReply {
        /// Command name.
        command: &'static str,
        /// What was missing.
        what: &'static str,
    },
}

/// A radio: executes commands. Events arrive on a separate queue
/// ([`crate::RadioEvents`]) returned by the radio's constructor, so the daemon
/// can wait on events and timers while it is not executing a command.
pub trait Radio {
    /// Executes one command.
    fn execute(
        &mut self,
        command: RadioCommand,
    ) -> impl Future<Output = Result<RadioReply, RadioError>>;

    /// Hands a frame-path command (a frame, EAPOL, a station, a key) to the
    /// kernel at once and returns the wait for its reply, so that the
    /// commands of one event go out back to back, in order, instead of one
    /// netlink round trip each. Commands whose reply carries data (queries,
    /// interfaces) are refused: use [`Radio::execute`].
    fn submit(&mut self, command: RadioCommand) -> Result<PendingReply, RadioError>;
}

/// The reply of a command already handed to the kernel.
pub struct PendingReply(Pin<Box<dyn Future<Output = Result<RadioReply, RadioError>>>>);

impl PendingReply {
    /// Wraps the wait for a reply.
    pub fn new(reply: impl Future<Output = Result<RadioReply, RadioError>> + 'static) -> Self {
        PendingReply(Box::pin(reply))
    }

    /// Waits for the reply.
    pub async fn reply(self) -> Result<RadioReply, RadioError> {
        self.0.await
    }
}

impl std::fmt::Debug for PendingReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingReply")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_params_debug_hides_the_key() {
        let key = KeyParams {
            mac: Some(MacAddr([2, 0, 0, 0, 1, 0])),
            key_idx: 0,
            cipher: CipherSuite::Ccmp128,
            key: vec![0x5a; 16].into(),
            seq: None,
        };
        let command = RadioCommand::NewKey { ifindex: 3, key };
        let text = format!("{command:?} {command:#?}");
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.contains("5a") && !text.contains("90,"), "{text}");
    }
}
