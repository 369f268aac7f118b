//! hostapd's data-path test commands (built with CONFIG_TESTING_OPTIONS;
//! here with the `testing` feature), with which test tools prove that
//! frames flow through the AP (hostapd/ctrl_iface.c):
//!
//! - `DATA_TEST_CONFIG 1 [ifname=<name>]` opens a packet socket for IPv4
//!   on the BSS interface (or the one named); `DATA_TEST_CONFIG 0` closes it;
//! - `DATA_TEST_TX <dst> <src> <tos> [len=<n>]` sends through it an IPv4
//!   packet of hostapd's fixed form: 192.168.1.1 to 192.168.1.2, protocol
//!   1, TTL 64, the TOS given, a payload counting up from 0 (1486 octets
//!   of IP unless `len=`);
//! - a packet of that form received on the socket is the event
//!   `DATA-TEST-RX <dst> <src>` (with ` len=<n>` when not 1486);
//! - `DATA_TEST_FRAME [ifname=<name>] <hex>` sends one whole Ethernet
//!   frame, of any ethertype, through a socket opened for it.
//!
//! A reader task per open socket hands the events to the event loop
//! through one bounded queue; what does not fit is dropped.

use std::sync::Arc;

use roamd_ieee80211::MacAddr;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use tracing::{debug, warn};

use crate::l2::{L2Socket, HEADER_LEN, MAX_PAYLOAD_LEN};

/// Whether this build has the data test commands.
pub const ENABLED: bool = true;

/// IPv4's ethertype.
const ETHERTYPE_IPV4: u16 = 0x0800;
/// hostapd's HWSIM_PACKETLEN: the largest test frame, header included.
const PACKET_LEN: usize = 1500;
/// hostapd's HWSIM_IP_LEN: the IP length of a test packet without `len=`.
const IP_LEN: usize = PACKET_LEN - HEADER_LEN;
/// An IPv4 header without options.
const IP_HEADER_LEN: usize = 20;
/// Events waiting for the event loop, at most.
const QUEUE_LEN: usize = 64;

/// The test packet (after the Ethernet header): an IPv4 header of
/// `ip_len` octets in all, then the octets 0, 1, 2, ... (hostapd's
/// `hostapd_ctrl_iface_data_test_tx`). `ip_len` is at least 20.
pub fn test_packet(tos: u8, ip_len: u16) -> Vec<u8> {
    let mut packet = vec![0u8; usize::from(ip_len).max(IP_HEADER_LEN)];
    let [len_hi, len_lo] = ip_len.to_be_bytes();
    let header = [
        0x45, tos, len_hi, len_lo, 0, 0, 0, 0, 64, 1, 0, 0, 192, 168, 1, 1, 192, 168, 1, 2,
    ];
    let (head, payload) = packet.split_at_mut(IP_HEADER_LEN);
    head.copy_from_slice(&header);
    let sum = ipv4_checksum(head).to_be_bytes();
    head[10..12].copy_from_slice(&sum);
    for (i, octet) in payload.iter_mut().enumerate() {
        *octet = i as u8;
    }
    packet
}

/// The one's complement of the one's complement sum of the header's words.
fn ipv4_checksum(header: &[u8]) -> u16 {
    let mut sum: u32 = header
        .chunks(2)
        .map(|w| u32::from(u16::from_be_bytes([w[0], *w.get(1).unwrap_or(&0)])))
        .sum();
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Whether `payload` (after the Ethernet header) is a test packet, as
/// `hostapd_data_test_rx` judges it: its IP length, if so. Unlike
/// hostapd's, the IP length must fit in what was received.
pub fn test_packet_len(payload: &[u8]) -> Option<usize> {
    if payload.len() < IP_HEADER_LEN || payload.len() > IP_LEN {
        return None;
    }
    let (header, rest) = payload.split_at(IP_HEADER_LEN);
    let ip_len = usize::from(u16::from_be_bytes([header[2], header[3]]));
    if header[0] != 0x45 || !(IP_HEADER_LEN..=payload.len()).contains(&ip_len) {
        return None;
    }
    let counted = rest
        .iter()
        .take(ip_len - IP_HEADER_LEN)
        .enumerate()
        .all(|(i, &octet)| octet == i as u8);
    counted.then_some(ip_len)
}

/// The event for a received test packet.
fn rx_event(dst: MacAddr, src: MacAddr, ip_len: usize) -> String {
    let extra = if ip_len == IP_LEN {
        String::new()
    } else {
        format!(" len={ip_len}")
    };
    format!("DATA-TEST-RX {dst} {src}{extra}")
}

/// The open test sockets, by BSS.
#[derive(Debug)]
pub struct DataTest {
    sockets: Vec<(usize, Arc<L2Socket>, AbortHandle)>,
    tx: mpsc::Sender<(usize, String)>,
    events: mpsc::Receiver<(usize, String)>,
}

impl Default for DataTest {
    fn default() -> Self {
        let (tx, events) = mpsc::channel(QUEUE_LEN);
        DataTest {
            sockets: Vec::new(),
            tx,
            events,
        }
    }
}

impl DataTest {
    /// The next event: (BSS, `DATA-TEST-RX ...`).
    pub async fn recv(&mut self) -> Option<(usize, String)> {
        self.events.recv().await
    }

    /// The reply to `command` on BSS `bss` (interface `ifname`), or `None`
    /// when it is no data test command.
    pub fn command(&mut self, bss: usize, ifname: &str, command: &str) -> Option<bool> {
        let (word, rest) = command.split_once(' ').unwrap_or((command, ""));
        Some(match word {
            "DATA_TEST_CONFIG" => self.config(bss, ifname, rest),
            "DATA_TEST_TX" => self.transmit(bss, rest).is_some(),
            "DATA_TEST_FRAME" => send_frame(ifname, rest).is_some(),
            _ => return None,
        })
    }

    /// DATA_TEST_CONFIG: `0` closes the socket of `bss`, `1` opens it
    /// (nothing to do if it is open already).
    fn config(&mut self, bss: usize, ifname: &str, args: &str) -> bool {
        if !args.starts_with('1') {
            self.close(bss);
            return true;
        }
        if self.sockets.iter().any(|(b, ..)| *b == bss) {
            return true;
        }
        let ifname = args
            .split_once(" ifname=")
            .map_or(ifname, |(_, n)| n.trim());
        let socket = match L2Socket::open(ifname, ETHERTYPE_IPV4) {
            Ok(s) => Arc::new(s),
            Err(e) => {
                warn!("DATA_TEST_CONFIG: {e}");
                return false;
            }
        };
        let (reader, tx) = (socket.clone(), self.tx.clone());
        let task = tokio::spawn(async move {
            let mut buf = vec![0u8; MAX_PAYLOAD_LEN];
            loop {
                let frame = match reader.recv(&mut buf).await {
                    Ok(frame) => frame,
                    Err(e) => {
                        warn!("data test socket: {e}");
                        return;
                    }
                };
                if let Some(ip_len) = test_packet_len(frame.payload) {
                    let event = rx_event(frame.dst, frame.src, ip_len);
                    if tx.try_send((bss, event)).is_err() {
                        debug!("data test: event dropped");
                    }
                }
            }
        });
        self.sockets.push((bss, socket, task.abort_handle()));
        true
    }

    /// DATA_TEST_TX `<dst> <src> <tos> [len=<n>]` through the socket of `bss`.
    fn transmit(&self, bss: usize, args: &str) -> Option<()> {
        let (_, socket, _) = self.sockets.iter().find(|(b, ..)| *b == bss)?;
        let mut words = args.split_whitespace();
        let dst = roamd_ctrl::parse_mac(words.next()?)?;
        let src = roamd_ctrl::parse_mac(words.next()?)?;
        let tos = words.next()?;
        let tos = match tos.strip_prefix("0x") {
            Some(hex) => u8::from_str_radix(hex, 16).ok()?,
            None => tos.parse().ok()?,
        };
        let ip_len = match words.find_map(|w| w.strip_prefix("len=")) {
            Some(n) => n
                .parse()
                .ok()
                .filter(|n| (20..=IP_LEN as u16).contains(n))?,
            None => IP_LEN as u16,
        };
        let sent = socket.send(src, dst, &test_packet(tos, ip_len));
        sent.map_err(|e| warn!("DATA_TEST_TX: {e}")).ok()
    }

    /// Closes the socket of `bss` (DATA_TEST_CONFIG 0, REMOVE).
    pub fn close(&mut self, bss: usize) {
        self.sockets.retain(|(b, _, task)| {
            if *b == bss {
                task.abort();
            }
            *b != bss
        });
    }
}

/// DATA_TEST_FRAME `[ifname=<name>] <hex>`: one whole Ethernet frame, sent
/// on `ifname` through a socket of its ethertype.
fn send_frame(ifname: &str, args: &str) -> Option<()> {
    let (ifname, hex) = match args.strip_prefix("ifname=") {
        Some(rest) => rest.split_once(' ')?,
        None => (ifname, args),
    };
    let frame = roamd_ctrl::parse_hex(hex.trim()).filter(|f| f.len() >= HEADER_LEN)?;
    let (header, payload) = frame.split_at(HEADER_LEN);
    let address = |at: usize| Some(MacAddr(header.get(at..at + 6)?.try_into().ok()?));
    let ethertype = u16::from_be_bytes([header[12], header[13]]);
    let socket = L2Socket::open(ifname, ethertype)
        .map_err(|e| warn!("DATA_TEST_FRAME: {e}"))
        .ok()?;
    socket
        .send(address(6)?, address(0)?, payload)
        .map_err(|e| warn!("DATA_TEST_FRAME: {e}"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_packet_is_hostapds() {
        let packet = test_packet(0x20, 1486);
        assert_eq!(packet.len(), 1486);
        assert_eq!(
            &packet[..20],
            &[
                0x45, 0x20, 0x05, 0xce, 0, 0, 0, 0, 64, 1, 0xf1, 0xbb, 192, 168, 1, 1, 192, 168, 1,
                2
            ]
        );
        // The header sums to 0xffff with its checksum.
        assert_eq!(ipv4_checksum(&packet[..20]), 0);
        assert_eq!(&packet[20..24], &[0, 1, 2, 3]);
        assert_eq!(packet[20 + 256], 0);
        assert_eq!(test_packet(0, 20).len(), 20);
    }

    #[test]
    fn received_test_packets_are_recognised() {
        assert_eq!(test_packet_len(&test_packet(0, 1486)), Some(1486));
        assert_eq!(test_packet_len(&test_packet(7, 100)), Some(100));
        let dst = MacAddr([2, 0, 0, 0, 0, 0]);
        let src = MacAddr([2, 0, 0, 0, 2, 0]);
        assert_eq!(
            rx_event(dst, src, 1486),
            "DATA-TEST-RX 02:00:00:00:00:00 02:00:00:00:02:00"
        );
        assert_eq!(
            rx_event(dst, src, 100),
            "DATA-TEST-RX 02:00:00:00:00:00 02:00:00:00:02:00 len=100"
        );
        // A payload octet out of sequence, an IP length beyond what came,
        // options (IHL 6), a short packet, an IPv6 one: not test packets.
        let mut wrong = test_packet(0, 100);
        wrong[50] ^= 1;
        let mut long = test_packet(0, 100);
        long[3] = 101;
        let mut options = test_packet(0, 100);
        options[0] = 0x46;
        let mut v6 = test_packet(0, 100);
        v6[0] = 0x65;
        for packet in [wrong, long, options, v6, vec![0x45; 19]] {
            assert_eq!(test_packet_len(&packet), None);
        }
        // Extra octets after the IP length (Ethernet padding) are fine.
        let mut padded = test_packet(0, 28);
        padded.extend_from_slice(&[0; 18]);
        assert_eq!(test_packet_len(&padded), Some(28));
    }

    #[test]
    fn commands_need_an_open_socket_and_valid_arguments() {
        let mut t = DataTest::default();
        assert_eq!(t.command(0, "wlan0", "PING"), None);
        // No socket: DATA_TEST_TX fails, DATA_TEST_CONFIG 0 is fine.
        let tx = "DATA_TEST_TX 02:00:00:00:02:00 02:00:00:00:00:00 0";
        assert_eq!(t.command(0, "wlan0", tx), Some(false));
        assert_eq!(t.command(0, "wlan0", "DATA_TEST_CONFIG 0"), Some(true));
        // No such interface (or no CAP_NET_RAW): FAIL.
        assert_eq!(
            t.command(0, "no-such-if0", "DATA_TEST_CONFIG 1"),
            Some(false)
        );
        assert_eq!(t.command(0, "wlan0", "DATA_TEST_FRAME 0011"), Some(false));
    }
}
