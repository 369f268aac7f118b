//! Reply formatting (hostapd_ctrl_iface_status, hostapd_ctrl_iface_sta_mib).

use std::fmt::Write;

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
}
