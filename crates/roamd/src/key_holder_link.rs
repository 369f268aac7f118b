//! The key holders' link: where the 802.11r key-holder frames of the BSSes
//! meet other APs (hostapd `hostapd_setup_wpa`: an `l2_packet` for 0x890d
//! and one for 0x88b7 on `bridge=`, or on the BSS interface without one).
//!
//! One pair of sockets per interface, shared by the BSSes on it. Each
//! socket has a reader task that hands frames to the event loop through one
//! bounded queue: a peer that floods the link fills the queue, and the
//! frames that do not fit are dropped and counted, never buffered without
//! bound. Sending never waits ([`L2Socket::send`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use roamd_ft::{ETHERTYPE_OUI, ETHERTYPE_RRB};
use roamd_ieee80211::MacAddr;
use tokio::sync::mpsc;
use tracing::{debug, warn};

use crate::l2::{L2Socket, MAX_PAYLOAD_LEN};

/// Frames from the links waiting for the event loop, at most.
pub const QUEUE_LEN: usize = 256;

/// A frame received on a link.
#[derive(Debug)]
pub struct LinkFrame {
    /// The link it came in on.
    pub link: usize,
    /// Addresses and ethertype.
    pub src: MacAddr,
    /// Destination.
    pub dst: MacAddr,
    /// 0x88b7 or 0x890d.
    pub ethertype: u16,
    /// After the Ethernet header.
    pub payload: Vec<u8>,
}

/// Counters of the links.
#[derive(Debug, Default)]
pub struct LinkCounters {
    /// Frames dropped because the queue to the event loop was full.
    pub queue_full: AtomicU64,
    /// Frames that could not be sent.
    pub send_failed: AtomicU64,
}

#[derive(Debug)]
struct Link {
    ifname: String,
    oui: Arc<L2Socket>,
    rrb: Arc<L2Socket>,
}

/// The links of the process and the BSSes on each.
#[derive(Debug, Default)]
pub struct KeyHolderLinks {
    links: Vec<Link>,
    /// The link of each BSS (same index as the daemon's BSSes).
    of_bss: Vec<Option<usize>>,
    counters: Arc<LinkCounters>,
}

impl KeyHolderLinks {
    /// Opens the links of the BSSes: `interfaces[i]` is where BSS `i`'s
    /// key holder talks (`bridge`, or its interface), `None` without FT.
    /// Received frames go to `tx`.
    pub fn open(interfaces: &[Option<String>], tx: &mpsc::Sender<LinkFrame>) -> Result<Self> {
        let mut links: Vec<Link> = Vec::new();
        let mut of_bss = Vec::new();
        let counters = Arc::new(LinkCounters::default());
        for ifname in interfaces {
            let Some(ifname) = ifname else {
                of_bss.push(None);
                continue;
            };
            if let Some(i) = links.iter().position(|l| &l.ifname == ifname) {
                of_bss.push(Some(i));
                continue;
            }
            let open = |ethertype| {
                L2Socket::open(ifname, ethertype)
                    .map(Arc::new)
                    .with_context(|| format!("cannot open the FT key holders' link on {ifname}"))
            };
            let link = Link {
                ifname: ifname.clone(),
                oui: open(ETHERTYPE_OUI)?,
                rrb: open(ETHERTYPE_RRB)?,
            };
            let index = links.len();
            for socket in [&link.oui, &link.rrb] {
                spawn_reader(index, socket.clone(), tx.clone(), counters.clone());
            }
            debug!(interface = %ifname, "FT key holders' link open");
            links.push(link);
            of_bss.push(Some(index));
        }
        Ok(KeyHolderLinks {
            links,
            of_bss,
            counters,
        })
    }

    /// No link is open (no BSS offers FT).
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// The link of BSS `bss`.
    pub fn link_of(&self, bss: usize) -> Option<usize> {
        self.of_bss.get(bss).copied().flatten()
    }

    /// Sends a key holder's frame of BSS `bss` from `src` (its BSSID).
    pub fn send(&self, bss: usize, src: MacAddr, frame: &roamd_ft::Transmit) {
        let Some(link) = self.link_of(bss).and_then(|i| self.links.get(i)) else {
            return;
        };
        let socket = match frame.ethertype {
            ETHERTYPE_OUI => &link.oui,
            ETHERTYPE_RRB => &link.rrb,
            _ => return,
        };
        if let Err(e) = socket.send(src, frame.dst, &frame.payload) {
            self.counters.send_failed.fetch_add(1, Ordering::Relaxed);
            warn!(interface = %link.ifname, dst = %frame.dst, "key holder frame not sent: {e}");
        }
    }

    /// The counters.
    pub fn counters(&self) -> &LinkCounters {
        &self.counters
    }
}

fn spawn_reader(
    link: usize,
    socket: Arc<L2Socket>,
    tx: mpsc::Sender<LinkFrame>,
    counters: Arc<LinkCounters>,
) {
    tokio::spawn(async move {
        let mut buf = vec![0u8; MAX_PAYLOAD_LEN];
        loop {
            let frame = match socket.recv(&mut buf).await {
                Ok(r) => LinkFrame {
                    link,
                    src: r.src,
                    dst: r.dst,
                    ethertype: r.ethertype,
                    payload: r.payload.to_vec(),
                },
                Err(e) => {
                    warn!("key holders' link {}: {e}", socket.ifname());
                    return;
                }
            };
            match tx.try_send(frame) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(_)) => {
                    counters.queue_full.fetch_add(1, Ordering::Relaxed);
                }
                Err(mpsc::error::TrySendError::Closed(_)) => return,
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    // Another AP floods the link faster than the loop reads it: the queue
    // holds what it can, the rest is dropped and counted.
    #[tokio::test]
    async fn a_flood_on_the_link_stops_at_the_queue_and_is_counted() {
        let (tx, mut rx) = mpsc::channel(2);
        let links = KeyHolderLinks::open(&[Some("lo".into())], &tx).unwrap_or_else(|e| {
            panic!(
                "cannot open the link on lo: {e:#}; this test needs CAP_NET_RAW (run it as root)"
            )
        });
        assert_eq!(links.link_of(0), Some(0));
        let peer = L2Socket::open("lo", ETHERTYPE_OUI).expect("a peer on lo");
        let (src, dst) = (MacAddr([2, 0, 0, 0, 9, 0]), MacAddr([2, 0, 0, 0, 0, 0]));
        for _ in 0..20 {
            peer.send(src, dst, b"flood").expect("send");
        }
        // The reader task runs while this one sleeps.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut queued = 0;
        while let Ok(frame) = rx.try_recv() {
            assert_eq!(
                (frame.src, frame.dst, frame.ethertype),
                (src, dst, ETHERTYPE_OUI)
            );
            queued += 1;
        }
        assert_eq!(queued, 2);
        assert!(links.counters().queue_full.load(Ordering::Relaxed) >= 18);
    }
}
