//! Reply formatting (hostapd_ctrl_iface_status, hostapd_ctrl_iface_sta_mib,
//! hostapd_ctrl_iface_get_config, LOG_LEVEL, and roamd's FT_PEERS).

use std::fmt::Write;
use std::time::Instant;

use roamd_ft::{KeyHolder, PeerId, PeerStatus, Stats};
use roamd_ieee80211::element::{Akm, CipherSuite};
use roamd_ieee80211::MacAddr;

/// hostapd replies in one datagram of at most 4096 bytes.
pub const MAX_REPLY_LEN: usize = 4096;

/// One BSS in a STATUS reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusBss {
    /// Interface name.
    pub ifname: String,
    /// BSSID.
    pub bssid: MacAddr,
    /// SSID.
    pub ssid: Vec<u8>,
    /// Associated stations.
    pub num_sta: usize,
}

/// The data of a STATUS reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// Whether the AP runs (`state=ENABLED`) or was stopped by `DISABLE`
    /// (`state=DISABLED`).
    pub enabled: bool,
    /// Wiphy name, e.g. "phy0".
    pub phy: String,
    /// Channel frequency, MHz.
    pub freq: u32,
    /// Channel number.
    pub channel: u32,
    /// Beacon interval, TUs.
    pub beacon_int: u16,
    /// DTIM period.
    pub dtim_period: u8,
    /// The HT Capabilities Information of an 802.11n radio.
    pub ht_caps_info: Option<u16>,
    /// The BSSes of the radio.
    pub bss: Vec<StatusBss>,
}

impl StatusReport {
    /// hostapd's STATUS text.
    pub fn format(&self) -> String {
        let mut out = String::new();
        let state = if self.enabled { "ENABLED" } else { "DISABLED" };
        let _ = writeln!(out, "state={state}");
        let _ = writeln!(out, "phy={}", self.phy);
        let _ = writeln!(out, "freq={}", self.freq);
        let _ = writeln!(out, "channel={}", self.channel);
        let ht = u8::from(self.ht_caps_info.is_some());
        let _ = writeln!(out, "ieee80211n={ht}\nieee80211ac=0\nieee80211ax=0");
        let _ = writeln!(out, "beacon_int={}", self.beacon_int);
        let _ = writeln!(out, "dtim_period={}", self.dtim_period);
        if let Some(info) = self.ht_caps_info {
            let _ = writeln!(out, "ht_caps_info={info:04x}");
        }
        for (i, bss) in self.bss.iter().enumerate() {
            let _ = writeln!(out, "bss[{i}]={}", bss.ifname);
            let _ = writeln!(out, "bssid[{i}]={}", bss.bssid);
            let _ = writeln!(out, "ssid[{i}]={}", String::from_utf8_lossy(&bss.ssid));
            let _ = writeln!(out, "num_sta[{i}]={}", bss.num_sta);
        }
        out
    }
}

/// The data of a GET_CONFIG reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigReport {
    /// BSSID.
    pub bssid: MacAddr,
    /// SSID.
    pub ssid: Vec<u8>,
    /// RSN settings; `None` for an open BSS.
    pub rsn: Option<RsnConfigReport>,
}

/// The RSN part of a GET_CONFIG reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsnConfigReport {
    /// AKM suites offered.
    pub key_mgmt: Vec<Akm>,
    /// Group data cipher.
    pub group_cipher: CipherSuite,
    /// Pairwise ciphers offered.
    pub pairwise: Vec<CipherSuite>,
}

/// hostapd's key_mgmt names, in the order hostapd_ctrl_iface_get_key_mgmt
/// prints them.
const KEY_MGMT_NAMES: [(Akm, &str); 15] = [
    (Akm::Psk, "WPA-PSK"),
    (Akm::Ieee8021x, "WPA-EAP"),
    (Akm::FtPsk, "FT-PSK"),
    (Akm::FtIeee8021x, "FT-EAP"),
    (Akm::FtIeee8021xSha384, "FT-EAP-SHA384"),
    (Akm::FtSae, "FT-SAE"),
    (Akm::FtSaeExtKey, "FT-SAE-EXT-KEY"),
    (Akm::PskSha256, "WPA-PSK-SHA256"),
    (Akm::Ieee8021xSha256, "WPA-EAP-SHA256"),
    (Akm::Sae, "SAE"),
    (Akm::SaeExtKey, "SAE-EXT-KEY"),
    (Akm::Ieee8021xSuiteB, "WPA-EAP-SUITE-B"),
    (Akm::Ieee8021xSuiteB192, "WPA-EAP-SUITE-B-192"),
    (Akm::Owe, "OWE"),
    (Akm::Ieee8021xSha384, "WPA-EAP-SHA384"),
];

/// hostapd's cipher names (wpa_cipher_txt), in the order wpa_write_ciphers
/// lists them.
const CIPHER_NAMES: [(CipherSuite, &str); 5] = [
    (CipherSuite::Ccmp256, "CCMP-256"),
    (CipherSuite::Gcmp256, "GCMP-256"),
    (CipherSuite::Ccmp128, "CCMP"),
    (CipherSuite::Gcmp128, "GCMP"),
    (CipherSuite::Tkip, "TKIP"),
];

fn cipher_name(cipher: CipherSuite) -> &'static str {
    CIPHER_NAMES
        .iter()
        .find(|(c, _)| *c == cipher)
        .map_or("UNKNOWN", |(_, name)| name)
}

impl ConfigReport {
    /// hostapd's GET_CONFIG text. `wps_state=disabled` as hostapd built
    /// with WPS prints it (Debian's); the passphrase and PSK, which hostapd
    /// shows only with WPS on, never appear.
    pub fn format(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "bssid={}", self.bssid);
        let _ = writeln!(out, "ssid={}", String::from_utf8_lossy(&self.ssid));
        let _ = writeln!(out, "wps_state=disabled");
        let Some(rsn) = &self.rsn else {
            return out;
        };
        // hostapd's `wpa` bit field: 2 is RSN (WPA2/WPA3), roamd's only kind.
        let _ = writeln!(out, "wpa=2");
        let key_mgmt: Vec<&str> = KEY_MGMT_NAMES
            .iter()
            .filter(|(akm, _)| rsn.key_mgmt.contains(akm))
            .map(|(_, name)| *name)
            .collect();
        if !key_mgmt.is_empty() {
            let _ = writeln!(out, "key_mgmt={}", key_mgmt.join(" "));
        }
        let _ = writeln!(out, "group_cipher={}", cipher_name(rsn.group_cipher));
        let pairwise: Vec<&str> = CIPHER_NAMES
            .iter()
            .filter(|(c, _)| rsn.pairwise.contains(c))
            .map(|(_, name)| *name)
            .collect();
        if !pairwise.is_empty() {
            let _ = writeln!(out, "rsn_pairwise_cipher={}", pairwise.join(" "));
        }
        out
    }
}

/// hostapd's debug levels (wpa_debug.h), lowest first.
pub const LOG_LEVELS: [&str; 6] = ["EXCESSIVE", "MSGDUMP", "DEBUG", "INFO", "WARNING", "ERROR"];

/// The LOG_LEVEL reply for hostapd's level `level` (one of [`LOG_LEVELS`]).
pub fn log_level_report(level: &str) -> String {
    format!("Current level: {level}\nTimestamp: 0\n")
}

/// The RSN part of a MIB reply (hostapd's wpa_get_mib).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsnMib {
    /// Group data cipher.
    pub group_cipher: CipherSuite,
    /// dot11RSNAConfigPMKLifetime, seconds.
    pub pmk_lifetime_secs: u64,
    /// AKM and pairwise cipher of the last station to negotiate them.
    pub selected: Option<(Akm, CipherSuite)>,
    /// A GTK rekey waits for stations' group key handshakes.
    pub rekey_in_progress: bool,
}

/// One RADIUS server in a MIB reply (hostapd's radius_client_get_mib).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RadiusServerMib {
    /// Accounting (`radiusAcc...`) rather than authentication (`radiusAuth...`).
    pub accounting: bool,
    /// 1-based, in configuration order per kind.
    pub index: usize,
    /// Address, without the port.
    pub address: String,
    /// UDP port.
    pub port: u16,
    /// Round trip of the last authenticated reply, hundredths of a second.
    pub round_trip_cs: u64,
    /// First transmissions.
    pub requests: u64,
    /// Retransmissions.
    pub retransmissions: u64,
    /// Access-Accepts.
    pub access_accepts: u64,
    /// Access-Rejects.
    pub access_rejects: u64,
    /// Access-Challenges.
    pub access_challenges: u64,
    /// Accounting-Responses.
    pub responses: u64,
    /// Malformed replies.
    pub malformed_responses: u64,
    /// Replies with a wrong authenticator.
    pub bad_authenticators: u64,
    /// Requests waiting for this server.
    pub pending: u64,
    /// Timeouts.
    pub timeouts: u64,
    /// Replies of an unexpected type.
    pub unknown_types: u64,
    /// Other drops.
    pub packets_dropped: u64,
}

/// The data of a MIB reply: hostapd's RSNA and RADIUS client variables
/// (its 802.11 and 802.1X MIB parts print nothing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MibReport {
    /// `None` for an open BSS.
    pub rsn: Option<RsnMib>,
    /// Authentication servers, then accounting servers.
    pub radius: Vec<RadiusServerMib>,
}

fn suite_bytes(selector: [u8; 4]) -> String {
    suite(&selector)
}

impl MibReport {
    /// hostapd's MIB text.
    pub fn format(&self) -> String {
        let mut out = String::new();
        if let Some(rsn) = &self.rsn {
            let bits = match rsn.group_cipher {
                CipherSuite::Ccmp256 | CipherSuite::Gcmp256 | CipherSuite::Tkip => 256,
                _ => 128,
            };
            let unset = [0u8; 4];
            let (akm, pairwise) = rsn
                .selected
                .map_or((unset, unset), |(a, p)| (a.into(), p.into()));
            let (akm, pairwise, group) = (
                suite_bytes(akm),
                suite_bytes(pairwise),
                suite_bytes(rsn.group_cipher.into()),
            );
            let _ = write!(
                out,
                "dot11RSNAOptionImplemented=TRUE\n\
                 dot11RSNAPreauthenticationImplemented=FALSE\n\
                 dot11RSNAEnabled=TRUE\n\
                 dot11RSNAPreauthenticationEnabled=FALSE\n\
                 dot11RSNAConfigVersion=1\n\
                 dot11RSNAConfigPairwiseKeysSupported=9999\n\
                 dot11RSNAConfigGroupRekeyStrict=0\n\
                 dot11RSNAConfigGroupUpdateCount=4\n\
                 dot11RSNAConfigPairwiseUpdateCount=4\n\
                 dot11RSNAConfigGroupCipherSize={bits}\n\
                 dot11RSNAConfigPMKLifetime={}\n\
                 dot11RSNAConfigPMKReauthThreshold=70\n\
                 dot11RSNAConfigNumberOfPTKSAReplayCounters=0\n\
                 dot11RSNAConfigSATimeout=60\n\
                 dot11RSNAAuthenticationSuiteSelected={akm}\n\
                 dot11RSNAPairwiseCipherSelected={pairwise}\n\
                 dot11RSNAGroupCipherSelected={group}\n\
                 dot11RSNAPMKIDUsed=00000000000000000000000000000000\n\
                 dot11RSNAAuthenticationSuiteRequested={akm}\n\
                 dot11RSNAPairwiseCipherRequested={pairwise}\n\
                 dot11RSNAGroupCipherRequested={group}\n\
                 dot11RSNATKIPCounterMeasuresInvoked=0\n\
                 dot11RSNA4WayHandshakeFailures=0\n\
                 dot11RSNAConfigNumberOfGTKSAReplayCounters=0\n\
                 hostapdWPAGroupState={}\n",
                rsn.pmk_lifetime_secs,
                // WPA_GROUP_SETKEYS while stations get the new GTK, else SETKEYSDONE.
                if rsn.rekey_in_progress { 1 } else { 2 },
            );
        }
        for s in &self.radius {
            let (kind, requests) = if s.accounting {
                ("Acc", "Requests")
            } else {
                ("Auth", "AccessRequests")
            };
            let _ = write!(
                out,
                "radius{kind}ServerIndex={}\n\
                 radius{kind}ServerAddress={}\n\
                 radius{kind}ClientServerPortNumber={}\n\
                 radius{kind}ClientRoundTripTime={}\n\
                 radius{kind}Client{requests}={}\n",
                s.index, s.address, s.port, s.round_trip_cs, s.requests
            );
            if s.accounting {
                let _ = write!(
                    out,
                    "radiusAccClientRetransmissions={}\n\
                     radiusAccClientResponses={}\n\
                     radiusAccClientMalformedResponses={}\n",
                    s.retransmissions, s.responses, s.malformed_responses
                );
            } else {
                let _ = write!(
                    out,
                    "radiusAuthClientAccessRetransmissions={}\n\
                     radiusAuthClientAccessAccepts={}\n\
                     radiusAuthClientAccessRejects={}\n\
                     radiusAuthClientAccessChallenges={}\n\
                     radiusAuthClientMalformedAccessResponses={}\n",
                    s.retransmissions,
                    s.access_accepts,
                    s.access_rejects,
                    s.access_challenges,
                    s.malformed_responses
                );
            }
            let _ = write!(
                out,
                "radius{kind}ClientBadAuthenticators={}\n\
                 radius{kind}ClientPendingRequests={}\n\
                 radius{kind}ClientTimeouts={}\n\
                 radius{kind}ClientUnknownTypes={}\n\
                 radius{kind}ClientPacketsDropped={}\n",
                s.bad_authenticators, s.pending, s.timeouts, s.unknown_types, s.packets_dropped
            );
        }
        out
    }
}

/// hostapd's station flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaFlags {
    /// Authenticated.
    pub auth: bool,
    /// Associated.
    pub assoc: bool,
    /// Port authorized.
    pub authorized: bool,
    /// Management frame protection.
    pub mfp: bool,
    /// WMM (QoS).
    pub wmm: bool,
    /// 802.11n.
    pub ht: bool,
}

/// The data of a STA / STA-FIRST / STA-NEXT reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaReport {
    /// Station address.
    pub mac: MacAddr,
    /// Flags.
    pub flags: StaFlags,
    /// AID (0 if not associated).
    pub aid: u16,
    /// Capability information.
    pub capability: u16,
    /// Listen interval.
    pub listen_interval: u16,
    /// Negotiated AKM suite selector (00-0f-ac:N), if any.
    pub akm: Option<[u8; 4]>,
    /// Negotiated pairwise cipher suite selector, if any.
    pub pairwise: Option<[u8; 4]>,
    /// hostapd's numbers of the PTK and PTK group state machines
    /// (`hostapdWPAPTKState`, `hostapdWPAPTKGroupState`), if it has them.
    pub wpa_states: Option<(u8, u8)>,
    /// EAP identity.
    pub identity: Option<Vec<u8>>,
    /// Traffic counters from the kernel.
    pub rx_packets: Option<u32>,
    /// Traffic counters from the kernel.
    pub tx_packets: Option<u32>,
    /// Traffic counters from the kernel.
    pub rx_bytes: Option<u64>,
    /// Traffic counters from the kernel.
    pub tx_bytes: Option<u64>,
    /// Milliseconds since the last frame.
    pub inactive_msec: Option<u32>,
    /// Seconds since the station was added.
    pub connected_time: Option<u32>,
    /// Signal strength.
    pub signal: Option<i8>,
    /// roamd's roam journal: `key=value` lines appended verbatim.
    pub extra: Vec<(String, String)>,
}

fn suite(s: &[u8; 4]) -> String {
    format!("{:02x}-{:02x}-{:02x}-{}", s[0], s[1], s[2], s[3])
}

impl StaReport {
    /// hostapd's STA MIB text: the bare MAC, then `key=value` lines.
    pub fn format(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.mac);
        let f = self.flags;
        let flags: String = [
            (f.auth, "[AUTH]"),
            (f.assoc, "[ASSOC]"),
            (f.authorized, "[AUTHORIZED]"),
            (f.wmm, "[WMM]"),
            (f.mfp, "[MFP]"),
            (f.ht, "[HT]"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, s)| *s)
        .collect();
        let _ = writeln!(out, "flags={flags}");
        let _ = writeln!(out, "aid={}", self.aid);
        let _ = writeln!(out, "capability=0x{:x}", self.capability);
        let _ = writeln!(out, "listen_interval={}", self.listen_interval);
        if let (Some(akm), Some(pairwise)) = (&self.akm, &self.pairwise) {
            let _ = writeln!(out, "dot11RSNAStatsSTAAddress={}", self.mac);
            let _ = writeln!(out, "dot11RSNAStatsVersion=1");
            let _ = writeln!(
                out,
                "dot11RSNAStatsSelectedPairwiseCipher={}",
                suite(pairwise)
            );
            let _ = writeln!(out, "dot11RSNAStatsTKIPLocalMICFailures=0");
            let _ = writeln!(out, "dot11RSNAStatsTKIPRemoteMICFailures=0");
            let _ = writeln!(out, "wpa=2");
            let _ = writeln!(out, "AKMSuiteSelector={}", suite(akm));
            if let Some((ptk, group)) = self.wpa_states {
                let _ = writeln!(out, "hostapdWPAPTKState={ptk}");
                let _ = writeln!(out, "hostapdWPAPTKGroupState={group}");
            }
        }
        if let Some(identity) = &self.identity {
            let _ = writeln!(
                out,
                "dot1xAuthSessionUserName={}",
                String::from_utf8_lossy(identity)
            );
        }
        let opt = |out: &mut String, key: &str, v: Option<String>| {
            if let Some(v) = v {
                let _ = writeln!(out, "{key}={v}");
            }
        };
        opt(
            &mut out,
            "rx_packets",
            self.rx_packets.map(|v| v.to_string()),
        );
        opt(
            &mut out,
            "tx_packets",
            self.tx_packets.map(|v| v.to_string()),
        );
        opt(&mut out, "rx_bytes", self.rx_bytes.map(|v| v.to_string()));
        opt(&mut out, "tx_bytes", self.tx_bytes.map(|v| v.to_string()));
        opt(
            &mut out,
            "inactive_msec",
            self.inactive_msec.map(|v| v.to_string()),
        );
        opt(&mut out, "signal", self.signal.map(|v| v.to_string()));
        opt(
            &mut out,
            "connected_time",
            self.connected_time.map(|v| v.to_string()),
        );
        for (k, v) in &self.extra {
            let _ = writeln!(out, "{k}={v}");
        }
        out
    }
}

/// The data of an FT_PEERS reply (a roamd extension): the key holder of one
/// FT BSS and each of its R0KH/R1KH peers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtPeersReport {
    /// PMK-R0s held.
    pub pmk_r0: usize,
    /// PMK-R1s held.
    pub pmk_r1: usize,
    /// Pulls waiting for a response.
    pub pending_pulls: usize,
    /// The key holder's counters.
    pub stats: Stats,
    /// Every peer, configured and learnt: R0KHs, then R1KHs.
    pub peers: Vec<PeerStatus>,
}

impl FtPeersReport {
    /// A key holder's state at `now`.
    pub fn new(key_holder: &KeyHolder, now: Instant) -> Self {
        FtPeersReport {
            pmk_r0: key_holder.pmk_r0_count(),
            pmk_r1: key_holder.pmk_r1_count(),
            pending_pulls: key_holder.pending_pulls(),
            stats: key_holder.stats().clone(),
            peers: key_holder.peers(now),
        }
    }

    /// A line of totals, then one line per peer, `last_*_ms` counted back
    /// from `now` (`-`: never). Peer lines that would not fit in one reply
    /// datagram ([`MAX_REPLY_LEN`]) are left out whole; `peers=` says how
    /// many there are.
    pub fn format(&self, now: Instant) -> String {
        let s = &self.stats;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "pmk_r0={} pmk_r1={} pending_pulls={} pulls_sent={} pull_timeouts={} \
             pushes_sent={} pushes_received={} pushes_skipped={} replayed={} \
             unauthenticated={} peers={}",
            self.pmk_r0,
            self.pmk_r1,
            self.pending_pulls,
            s.pulls_sent,
            s.pull_timeouts,
            s.pushes_sent,
            s.pushes_received,
            s.pushes_skipped,
            s.replayed,
            s.unauthenticated,
            self.peers.len(),
        );
        for peer in &self.peers {
            let line = peer_line(peer, now);
            if out.len() + line.len() > MAX_REPLY_LEN {
                break;
            }
            out.push_str(&line);
        }
        out
    }
}

fn peer_line(p: &PeerStatus, now: Instant) -> String {
    let (kind, id) = match &p.id {
        PeerId::R0kh(id) => ("r0kh", printable(id)),
        PeerId::R1kh(id) => ("r1kh", id.to_string()),
    };
    let ago = |t: Option<Instant>| match t {
        Some(t) => now.saturating_duration_since(t).as_millis().to_string(),
        None => "-".into(),
    };
    let c = &p.counters;
    format!(
        "{kind} id={id} addr={} learned={} blocked={} seq_known={} last_rx_ms={} \
         last_tx_ms={} pulls_sent={} pulls_answered={} naks={} timeouts={} \
         pulls_served={} naks_sent={} pushes_in={} pushes_out={} failures={} \
         deferred={} roam_target={}\n",
        p.addr,
        u8::from(p.learned),
        u8::from(p.blocked),
        u8::from(p.seq_known),
        ago(p.last_rx),
        ago(p.last_tx),
        c.pulls_sent,
        c.pulls_answered,
        c.naks_received,
        c.pull_timeouts,
        c.pulls_served,
        c.naks_sent,
        c.pushes_received,
        c.pushes_sent,
        p.failures,
        p.deferred,
        u8::from(p.roam_target),
    )
}

// An R0KH-ID as text when every octet is printable ASCII (no space: the
// line is `key=value` words), else as hex; learnt IDs come off the wire.
fn printable(id: &[u8]) -> String {
    if !id.is_empty() && id.iter().all(u8::is_ascii_graphic) {
        return String::from_utf8_lossy(id).into_owned();
    }
    id.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_config_in_hostapd_format() {
        let report = ConfigReport {
            bssid: MacAddr([2, 0, 0, 0, 0, 0]),
            ssid: b"lab".to_vec(),
            rsn: Some(RsnConfigReport {
                key_mgmt: vec![Akm::Sae, Akm::FtPsk, Akm::Psk],
                group_cipher: CipherSuite::Ccmp128,
                pairwise: vec![CipherSuite::Ccmp128, CipherSuite::Gcmp256],
            }),
        };
        assert_eq!(
            report.format(),
            "bssid=02:00:00:00:00:00\nssid=lab\nwps_state=disabled\nwpa=2\n\
             key_mgmt=WPA-PSK FT-PSK SAE\ngroup_cipher=CCMP\n\
             rsn_pairwise_cipher=GCMP-256 CCMP\n"
        );
        let open = ConfigReport {
            rsn: None,
            ..report
        };
        assert_eq!(
            open.format(),
            "bssid=02:00:00:00:00:00\nssid=lab\nwps_state=disabled\n"
        );
    }

    #[test]
    fn mib_in_hostapd_format() {
        let server = RadiusServerMib {
            accounting: false,
            index: 1,
            address: "127.0.0.1".into(),
            port: 1812,
            round_trip_cs: 3,
            requests: 5,
            retransmissions: 1,
            access_accepts: 1,
            access_rejects: 0,
            access_challenges: 4,
            responses: 0,
            malformed_responses: 0,
            bad_authenticators: 0,
            pending: 0,
            timeouts: 1,
            unknown_types: 0,
            packets_dropped: 2,
        };
        let report = MibReport {
            rsn: Some(RsnMib {
                group_cipher: CipherSuite::Ccmp128,
                pmk_lifetime_secs: 43200,
                selected: Some((Akm::Ieee8021x, CipherSuite::Ccmp128)),
                rekey_in_progress: false,
            }),
            radius: vec![
                server.clone(),
                RadiusServerMib {
                    accounting: true,
                    port: 1813,
                    ..server
                },
            ],
        };
        let text = report.format();
        assert!(text.starts_with("dot11RSNAOptionImplemented=TRUE\n"));
        assert!(text.contains("\ndot11RSNAConfigGroupCipherSize=128\n"));
        assert!(text.contains("\ndot11RSNAAuthenticationSuiteSelected=00-0f-ac-1\n"));
        assert!(text.contains("\nhostapdWPAGroupState=2\nradiusAuthServerIndex=1\n"));
        assert!(text.contains(
            "radiusAuthClientRoundTripTime=3\nradiusAuthClientAccessRequests=5\n\
             radiusAuthClientAccessRetransmissions=1\nradiusAuthClientAccessAccepts=1\n"
        ));
        assert!(text.contains("\nradiusAccClientRequests=5\nradiusAccClientRetransmissions=1\n"));
        assert!(text.ends_with("radiusAccClientPacketsDropped=2\n"));
        let rsn_only = MibReport {
            radius: Vec::new(),
            ..report
        };
        assert_eq!(
            rsn_only.format(),
            "dot11RSNAOptionImplemented=TRUE\n\
             dot11RSNAPreauthenticationImplemented=FALSE\n\
             dot11RSNAEnabled=TRUE\n\
             dot11RSNAPreauthenticationEnabled=FALSE\n\
             dot11RSNAConfigVersion=1\n\
             dot11RSNAConfigPairwiseKeysSupported=9999\n\
             dot11RSNAConfigGroupRekeyStrict=0\n\
             dot11RSNAConfigGroupUpdateCount=4\n\
             dot11RSNAConfigPairwiseUpdateCount=4\n\
             dot11RSNAConfigGroupCipherSize=128\n\
             dot11RSNAConfigPMKLifetime=43200\n\
             dot11RSNAConfigPMKReauthThreshold=70\n\
             dot11RSNAConfigNumberOfPTKSAReplayCounters=0\n\
             dot11RSNAConfigSATimeout=60\n\
             dot11RSNAAuthenticationSuiteSelected=00-0f-ac-1\n\
             dot11RSNAPairwiseCipherSelected=00-0f-ac-4\n\
             dot11RSNAGroupCipherSelected=00-0f-ac-4\n\
             dot11RSNAPMKIDUsed=00000000000000000000000000000000\n\
             dot11RSNAAuthenticationSuiteRequested=00-0f-ac-1\n\
             dot11RSNAPairwiseCipherRequested=00-0f-ac-4\n\
             dot11RSNAGroupCipherRequested=00-0f-ac-4\n\
             dot11RSNATKIPCounterMeasuresInvoked=0\n\
             dot11RSNA4WayHandshakeFailures=0\n\
             dot11RSNAConfigNumberOfGTKSAReplayCounters=0\n\
             hostapdWPAGroupState=2\n"
        );
        assert_eq!(MibReport::default().format(), "");
    }

    #[test]
    fn log_level_in_hostapd_format() {
        assert_eq!(
            log_level_report("INFO"),
            "Current level: INFO\nTimestamp: 0\n"
        );
    }

    #[test]
    fn sta_report_in_hostapd_format() {
        let r = StaReport {
            mac: MacAddr([2, 0, 0, 0, 2, 0]),
            flags: StaFlags {
                auth: true,
                assoc: true,
                authorized: true,
                mfp: true,
                wmm: true,
                ht: true,
            },
            aid: 1,
            capability: 0x431,
            listen_interval: 5,
            akm: Some([0, 0x0f, 0xac, 2]),
            pairwise: Some([0, 0x0f, 0xac, 4]),
            rx_bytes: Some(1200),
            wpa_states: Some((11, 0)),
            extra: vec![("roam_outcome".into(), "okc".into())],
            ..StaReport::default()
        };
        let text = r.format();
        assert!(text.starts_with(
            "02:00:00:00:02:00\nflags=[AUTH][ASSOC][AUTHORIZED][WMM][MFP][HT]\naid=1\ncapability=0x431\n"
        ));
        assert!(text.contains(
            "\ndot11RSNAStatsTKIPRemoteMICFailures=0\nwpa=2\nAKMSuiteSelector=00-0f-ac-2\n\
             hostapdWPAPTKState=11\nhostapdWPAPTKGroupState=0\n"
        ));
        assert!(text.contains("\nrx_bytes=1200\n"));
        assert!(text.ends_with("roam_outcome=okc\n"));
    }

    #[test]
    fn status_report_lists_bsses() {
        let s = StatusReport {
            enabled: true,
            phy: "phy0".into(),
            freq: 2412,
            channel: 1,
            beacon_int: 100,
            dtim_period: 2,
            ht_caps_info: Some(0x000c),
            bss: vec![StatusBss {
                ifname: "wlan0".into(),
                bssid: MacAddr([2, 0, 0, 0, 0, 0]),
                ssid: b"lab".to_vec(),
                num_sta: 1,
            }],
        };
        let text = s.format();
        assert!(text.starts_with("state=ENABLED\nphy=phy0\nfreq=2412\n"));
        assert!(text.contains("\nieee80211n=1\n") && text.contains("\nht_caps_info=000c\n"));
        assert!(
            text.contains("bss[0]=wlan0\nbssid[0]=02:00:00:00:00:00\nssid[0]=lab\nnum_sta[0]=1\n")
        );
    }

    fn peer(id: PeerId) -> PeerStatus {
        PeerStatus {
            id,
            addr: MacAddr([2, 0, 0, 0, 1, 0]),
            learned: false,
            blocked: false,
            last_rx: None,
            last_tx: None,
            failures: 0,
            seq_known: false,
            deferred: 0,
            roam_target: false,
            counters: roamd_ft::PeerCounters::default(),
        }
    }

    #[test]
    fn ft_peers_report_one_line_per_peer() {
        let then = Instant::now();
        let now = then + std::time::Duration::from_millis(1234);
        let mut stats = Stats::default();
        stats.pulls_sent = 1;
        stats.pushes_skipped = 2;
        let mut r0kh = peer(PeerId::R0kh(b"ap1.example.net".to_vec()));
        r0kh.seq_known = true;
        r0kh.last_rx = Some(then);
        r0kh.last_tx = Some(then + std::time::Duration::from_millis(34));
        r0kh.counters.pulls_sent = 1;
        r0kh.counters.pulls_answered = 1;
        let mut r1kh = peer(PeerId::R1kh(MacAddr([2, 0, 0, 0, 3, 0])));
        r1kh.learned = true;
        r1kh.roam_target = true;
        r1kh.counters.pushes_sent = 3;
        let report = FtPeersReport {
            pmk_r0: 2,
            pmk_r1: 1,
            pending_pulls: 0,
            stats,
            peers: vec![r0kh, r1kh, peer(PeerId::R0kh(b"ap 2\xff".to_vec()))],
        };
        let text = report.format(now);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "pmk_r0=2 pmk_r1=1 pending_pulls=0 pulls_sent=1 pull_timeouts=0 pushes_sent=0 \
                 pushes_received=0 pushes_skipped=2 replayed=0 unauthenticated=0 peers=3",
                "r0kh id=ap1.example.net addr=02:00:00:00:01:00 learned=0 blocked=0 seq_known=1 \
                 last_rx_ms=1234 last_tx_ms=1200 pulls_sent=1 pulls_answered=1 naks=0 \
                 timeouts=0 pulls_served=0 naks_sent=0 pushes_in=0 pushes_out=0 failures=0 \
                 deferred=0 roam_target=0",
                "r1kh id=02:00:00:00:03:00 addr=02:00:00:00:01:00 learned=1 blocked=0 \
                 seq_known=0 last_rx_ms=- last_tx_ms=- pulls_sent=0 pulls_answered=0 naks=0 \
                 timeouts=0 pulls_served=0 naks_sent=0 pushes_in=0 pushes_out=3 failures=0 \
                 deferred=0 roam_target=1",
                "r0kh id=61702032ff addr=02:00:00:00:01:00 learned=0 blocked=0 seq_known=0 \
                 last_rx_ms=- last_tx_ms=- pulls_sent=0 pulls_answered=0 naks=0 timeouts=0 \
                 pulls_served=0 naks_sent=0 pushes_in=0 pushes_out=0 failures=0 deferred=0 \
                 roam_target=0",
            ]
        );
        assert!(text.ends_with("roam_target=0\n"));
    }

    #[test]
    fn ft_peers_report_fits_one_datagram() {
        let now = Instant::now();
        let peers = (0..100)
            .map(|i| peer(PeerId::R1kh(MacAddr([2, 0, 0, 0, 4, i]))))
            .collect();
        let report = FtPeersReport {
            pmk_r0: 0,
            pmk_r1: 0,
            pending_pulls: 0,
            stats: Stats::default(),
            peers,
        };
        let text = report.format(now);
        assert!(text.len() <= MAX_REPLY_LEN);
        assert!(text.lines().next().unwrap().ends_with(" peers=100"));
        assert!(text.ends_with("roam_target=0\n"));
        assert!(text.lines().count() < 101);
    }

    #[test]
    fn ft_peers_report_from_a_key_holder() {
        let now = Instant::now();
        let own = MacAddr([2, 0, 0, 0, 0, 0]);
        let mut config = roamd_ft::KeyHolderConfig::new(own, b"ap0.example.net");
        config.r1kh.push(
            roamd_ft::config::parse_r1kh(
                "02:00:00:00:01:00 02:00:00:00:01:00 \
                 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            )
            .unwrap(),
        );
        let report = FtPeersReport::new(&KeyHolder::new(config, now), now);
        assert_eq!(report.peers.len(), 1);
        assert!(report
            .format(now)
            .starts_with("pmk_r0=0 pmk_r1=0 pending_pulls=0 "));
    }
}
