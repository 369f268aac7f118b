//! Reply formatting (hostapd_ctrl_iface_status, hostapd_ctrl_iface_sta_mib,
//! and roamd's FT_PEERS).

use std::fmt::Write;
use std::time::Instant;

use roamd_ft::{KeyHolder, PeerId, PeerStatus, Stats};
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
    /// The BSSes of the radio.
    pub bss: Vec<StatusBss>,
}

impl StatusReport {
    /// hostapd's STATUS text.
    pub fn format(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "state=ENABLED");
        let _ = writeln!(out, "phy={}", self.phy);
        let _ = writeln!(out, "freq={}", self.freq);
        let _ = writeln!(out, "channel={}", self.channel);
        let _ = writeln!(out, "ieee80211n=0\nieee80211ac=0\nieee80211ax=0");
        let _ = writeln!(out, "beacon_int={}", self.beacon_int);
        let _ = writeln!(out, "dtim_period={}", self.dtim_period);
        for (i, bss) in self.bss.iter().enumerate() {
            let _ = writeln!(out, "bss[{i}]={}", bss.ifname);
            let _ = writeln!(out, "bssid[{i}]={}", bss.bssid);
            let _ = writeln!(out, "ssid[{i}]={}", String::from_utf8_lossy(&bss.ssid));
            let _ = writeln!(out, "num_sta[{i}]={}", bss.num_sta);
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
            (f.mfp, "[MFP]"),
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
            let _ = writeln!(out, "wpa=2");
            let _ = writeln!(out, "AKMSuiteSelector={}", suite(akm));
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
    fn sta_report_in_hostapd_format() {
        let r = StaReport {
            mac: MacAddr([2, 0, 0, 0, 2, 0]),
            flags: StaFlags {
                auth: true,
                assoc: true,
                authorized: true,
                mfp: true,
            },
            aid: 1,
            capability: 0x431,
            listen_interval: 5,
            akm: Some([0, 0x0f, 0xac, 2]),
            pairwise: Some([0, 0x0f, 0xac, 4]),
            rx_bytes: Some(1200),
            extra: vec![("roam_outcome".into(), "okc".into())],
            ..StaReport::default()
        };
        let text = r.format();
        assert!(text.starts_with(
            "02:00:00:00:02:00\nflags=[AUTH][ASSOC][AUTHORIZED][MFP]\naid=1\ncapability=0x431\n"
        ));
        assert!(text.contains("\nAKMSuiteSelector=00-0f-ac-2\n"));
        assert!(text.contains("\nrx_bytes=1200\n"));
        assert!(text.ends_with("roam_outcome=okc\n"));
    }

    #[test]
    fn status_report_lists_bsses() {
        let s = StatusReport {
            phy: "phy0".into(),
            freq: 2412,
            channel: 1,
            beacon_int: 100,
            dtim_period: 2,
            bss: vec![StatusBss {
                ifname: "wlan0".into(),
                bssid: MacAddr([2, 0, 0, 0, 0, 0]),
                ssid: b"lab".to_vec(),
                num_sta: 1,
            }],
        };
        let text = s.format();
        assert!(text.starts_with("state=ENABLED\nphy=phy0\nfreq=2412\n"));
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
