//! The bounded queue that carries [`RadioEvent`]s from a radio to the daemon.
//!
//! Anyone in radio range can make the kernel hand us frames, so the queue has
//! a fixed size ([`EVENT_QUEUE_CAPACITY`]) and, when it fills up, sheds the
//! events that are cheapest to lose first:
//!
//! 1. probe requests are admitted only while the queue is less than half
//!    full: a station that misses a probe response probes again, and a probe
//!    storm alone can never take the room of the frames below;
//! 2. other management frames (authentication, association, action, ...)
//!    are admitted until only a small reserve is left;
//! 3. the reserve belongs to the events the daemon's state depends on and no
//!    station can send at will: TX status reports, station removals and the
//!    EAPOL frames of the control port (one per handshake step). They are
//!    dropped only when the queue is completely full.
//!
//! One FIFO queue with admission thresholds, rather than a queue per class,
//! keeps events in the order the kernel reported them. The sender never
//! waits (netlink reading must go on, or the kernel drops for us, blindly);
//! it counts what it drops per kind ([`RadioEvents::drops`]) and warns at
//! most once per [`DROP_WARNING_INTERVAL`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{self, error::TrySendError};
use tracing::warn;

use crate::radio::RadioEvent;

/// How many events a radio may queue for the daemon.
pub const EVENT_QUEUE_CAPACITY: usize = 1024;

/// Shortest time between two warnings about dropped events.
pub const DROP_WARNING_INTERVAL: Duration = Duration::from_secs(10);

/// Frame control octet 0 of a probe request (type 0, subtype 4), with the
/// protocol version bits masked off.
const PROBE_REQUEST_FC: u8 = 0x40;
const FC_TYPE_SUBTYPE_MASK: u8 = 0xfc;

/// The kinds of event the queue tells apart, for admission and counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// [`RadioEvent::MgmtFrame`] holding a probe request.
    ProbeRequest,
    /// Any other [`RadioEvent::MgmtFrame`].
    MgmtFrame,
    /// [`RadioEvent::MgmtTxStatus`].
    MgmtTxStatus,
    /// [`RadioEvent::ControlPortFrame`].
    ControlPortFrame,
    /// [`RadioEvent::ControlPortTxStatus`].
    ControlPortTxStatus,
    /// [`RadioEvent::StationRemoved`].
    StationRemoved,
}

impl EventKind {
    /// The kind of `event`.
    pub fn of(event: &RadioEvent) -> EventKind {
        match event {
            RadioEvent::MgmtFrame { frame, .. } => {
                let fc = frame.first().map(|b| b & FC_TYPE_SUBTYPE_MASK);
                if fc == Some(PROBE_REQUEST_FC) {
                    EventKind::ProbeRequest
                } else {
                    EventKind::MgmtFrame
                }
            }
            RadioEvent::MgmtTxStatus { .. } => EventKind::MgmtTxStatus,
            RadioEvent::ControlPortFrame { .. } => EventKind::ControlPortFrame,
            RadioEvent::ControlPortTxStatus { .. } => EventKind::ControlPortTxStatus,
            RadioEvent::StationRemoved { .. } => EventKind::StationRemoved,
        }
    }
}

/// How many events of each kind were dropped because the queue was too full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventDrops {
    /// Probe requests.
    pub probe_requests: u64,
    /// Other management frames.
    pub mgmt_frames: u64,
    /// Management frame TX status reports.
    pub mgmt_tx_status: u64,
    /// EAPOL frames received over the control port.
    pub control_port_frames: u64,
    /// Control port TX status reports.
    pub control_port_tx_status: u64,
    /// Station removals.
    pub station_removed: u64,
}

impl EventDrops {
    /// All drops together.
    pub fn total(&self) -> u64 {
        self.probe_requests
            + self.mgmt_frames
            + self.mgmt_tx_status
            + self.control_port_frames
            + self.control_port_tx_status
            + self.station_removed
    }
}

/// Drop counters shared by the senders and the receiver.
#[derive(Debug, Default)]
struct DropCounters {
    probe_requests: AtomicU64,
    mgmt_frames: AtomicU64,
    mgmt_tx_status: AtomicU64,
    control_port_frames: AtomicU64,
    control_port_tx_status: AtomicU64,
    station_removed: AtomicU64,
    // When the last warning was logged.
    last_warning: Mutex<Option<Instant>>,
}

impl DropCounters {
    fn counter(&self, kind: EventKind) -> &AtomicU64 {
        match kind {
            EventKind::ProbeRequest => &self.probe_requests,
            EventKind::MgmtFrame => &self.mgmt_frames,
            EventKind::MgmtTxStatus => &self.mgmt_tx_status,
            EventKind::ControlPortFrame => &self.control_port_frames,
            EventKind::ControlPortTxStatus => &self.control_port_tx_status,
            EventKind::StationRemoved => &self.station_removed,
        }
    }

    fn snapshot(&self) -> EventDrops {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        EventDrops {
            probe_requests: get(&self.probe_requests),
            mgmt_frames: get(&self.mgmt_frames),
            mgmt_tx_status: get(&self.mgmt_tx_status),
            control_port_frames: get(&self.control_port_frames),
            control_port_tx_status: get(&self.control_port_tx_status),
            station_removed: get(&self.station_removed),
        }
    }

    fn record(&self, kind: EventKind, now: Instant) {
        self.counter(kind).fetch_add(1, Ordering::Relaxed);
        // Only the drop path takes the lock; a poisoned lock still holds a
        // valid Option<Instant>.
        let mut last = self.last_warning.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_none_or(|t| now.saturating_duration_since(t) >= DROP_WARNING_INTERVAL) {
            *last = Some(now);
            let d = self.snapshot();
            warn!(
                total = d.total(),
                probe_requests = d.probe_requests,
                mgmt_frames = d.mgmt_frames,
                mgmt_tx_status = d.mgmt_tx_status,
                control_port_frames = d.control_port_frames,
                control_port_tx_status = d.control_port_tx_status,
                station_removed = d.station_removed,
                "radio event queue full: dropping events (totals since start)"
            );
        }
    }
}

/// Occupancy limits of the queue, per admission class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Limits {
    capacity: usize,
    // Probe requests are admitted while fewer events than this are queued.
    probe_requests: usize,
    // Other management frames likewise.
    mgmt_frames: usize,
}

impl Limits {
    fn for_capacity(capacity: usize) -> Limits {
        // A sixteenth, at least one slot, is reserved for the events no
        // station can flood.
        let reserve = (capacity / 16).max(1);
        Limits {
            capacity,
            probe_requests: capacity / 2,
            mgmt_frames: capacity.saturating_sub(reserve),
        }
    }

    fn admits(&self, kind: EventKind, queued: usize) -> bool {
        let limit = match kind {
            EventKind::ProbeRequest => self.probe_requests,
            EventKind::MgmtFrame => self.mgmt_frames,
            EventKind::MgmtTxStatus
            | EventKind::ControlPortFrame
            | EventKind::ControlPortTxStatus
            | EventKind::StationRemoved => self.capacity,
        };
        queued < limit
    }
}

/// The daemon's end of the queue.
#[derive(Debug)]
pub struct RadioEvents {
    rx: mpsc::Receiver<RadioEvent>,
    drops: Arc<DropCounters>,
}

impl RadioEvents {
    /// The next event; `None` once every sender is gone and the queue is
    /// empty. Cancel-safe, like [`mpsc::Receiver::recv`].
    pub async fn recv(&mut self) -> Option<RadioEvent> {
        self.rx.recv().await
    }

    /// The next event if one is queued now.
    pub fn try_recv(&mut self) -> Option<RadioEvent> {
        self.rx.try_recv().ok()
    }

    /// Events dropped so far because the queue was too full.
    pub fn drops(&self) -> EventDrops {
        self.drops.snapshot()
    }

    /// Events waiting.
    pub fn len(&self) -> usize {
        self.rx.len()
    }

    /// Whether no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.rx.is_empty()
    }
}

/// The daemon stopped reading: the receiver is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Closed;

/// The radio's end of the queue.
#[derive(Debug, Clone)]
pub(crate) struct EventSender {
    tx: mpsc::Sender<RadioEvent>,
    limits: Limits,
    drops: Arc<DropCounters>,
}

impl EventSender {
    /// Queues `event` if its class is still admitted, else counts it as
    /// dropped. Never waits. `Err` only when the receiver is gone.
    pub(crate) fn offer(&self, event: RadioEvent) -> Result<(), Closed> {
        if self.tx.is_closed() {
            return Err(Closed);
        }
        let kind = EventKind::of(&event);
        let queued = self.tx.max_capacity().saturating_sub(self.tx.capacity());
        if !self.limits.admits(kind, queued) {
            self.drops.record(kind, Instant::now());
            return Ok(());
        }
        match self.tx.try_send(event) {
            Ok(()) => Ok(()),
            // Another sender (only the simulated radio has several) took
            // the last slot since the check.
            Err(TrySendError::Full(_)) => {
                self.drops.record(kind, Instant::now());
                Ok(())
            }
            Err(TrySendError::Closed(_)) => Err(Closed),
        }
    }
}

/// A queue of [`EVENT_QUEUE_CAPACITY`] events.
pub(crate) fn event_queue() -> (EventSender, RadioEvents) {
    event_queue_with_capacity(EVENT_QUEUE_CAPACITY)
}

fn event_queue_with_capacity(capacity: usize) -> (EventSender, RadioEvents) {
    // tokio panics on a zero-sized channel.
    let capacity = capacity.max(1);
    let (tx, rx) = mpsc::channel(capacity);
    let drops = Arc::new(DropCounters::default());
    let sender = EventSender {
        tx,
        limits: Limits::for_capacity(capacity),
        drops: drops.clone(),
    };
    (sender, RadioEvents { rx, drops })
}

#[cfg(test)]
mod tests {
    use super::*;
    use roamd_ieee80211::MacAddr;

    fn probe(n: u8) -> RadioEvent {
        RadioEvent::MgmtFrame {
            ifindex: 1,
            frame: vec![0x40, 0, 0, 0, n],
            signal_dbm: None,
        }
    }

    fn auth(n: u8) -> RadioEvent {
        RadioEvent::MgmtFrame {
            ifindex: 1,
            frame: vec![0xb0, 0, 0, 0, n],
            signal_dbm: None,
        }
    }

    fn tx_status(cookie: u64) -> RadioEvent {
        RadioEvent::MgmtTxStatus {
            ifindex: 1,
            cookie,
            ack: true,
            frame: vec![],
        }
    }

    fn eapol(n: u8) -> RadioEvent {
        RadioEvent::ControlPortFrame {
            ifindex: 1,
            src: MacAddr([2, 0, 0, 0, 0, n]),
            ethertype: 0x888e,
            unencrypted: false,
            frame: vec![2, 3, 0, 0],
        }
    }

    fn offer_all(tx: &EventSender, events: impl IntoIterator<Item = RadioEvent>) {
        for e in events {
            tx.offer(e).expect("receiver alive");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(EventKind::of(&probe(0)), EventKind::ProbeRequest);
        assert_eq!(EventKind::of(&auth(0)), EventKind::MgmtFrame);
        // Protocol version bits do not matter; an empty frame is not a probe.
        let mut p = probe(0);
        if let RadioEvent::MgmtFrame { frame, .. } = &mut p {
            frame[0] = 0x43;
        }
        assert_eq!(EventKind::of(&p), EventKind::ProbeRequest);
        let empty = RadioEvent::MgmtFrame {
            ifindex: 1,
            frame: vec![],
            signal_dbm: None,
        };
        assert_eq!(EventKind::of(&empty), EventKind::MgmtFrame);
        assert_eq!(EventKind::of(&tx_status(1)), EventKind::MgmtTxStatus);
        assert_eq!(EventKind::of(&eapol(1)), EventKind::ControlPortFrame);
    }

    #[test]
    fn limits_of_the_real_queue() {
        let l = Limits::for_capacity(EVENT_QUEUE_CAPACITY);
        assert_eq!(
            (l.probe_requests, l.mgmt_frames, l.capacity),
            (512, 960, 1024)
        );
        let l = Limits::for_capacity(4);
        assert_eq!((l.probe_requests, l.mgmt_frames, l.capacity), (2, 3, 4));
    }

    #[test]
    fn a_flood_is_shed_probes_first_then_mgmt_and_the_reserve_holds() {
        let (tx, mut rx) = event_queue();
        // A probe storm fills half the queue, no more.
        offer_all(&tx, (0..2000).map(|i| probe(i as u8)));
        assert_eq!(rx.len(), 512);
        assert_eq!(rx.drops().probe_requests, 2000 - 512);
        // Authentication frames still get in, up to the reserve.
        offer_all(&tx, (0..1000).map(|i| auth(i as u8)));
        assert_eq!(rx.len(), 960);
        assert_eq!(rx.drops().mgmt_frames, 1000 - 448);
        // The reserve is there for TX status and EAPOL.
        offer_all(&tx, (0..32).map(tx_status));
        offer_all(&tx, (0..32).map(eapol));
        assert_eq!(rx.len(), 1024);
        assert_eq!(rx.drops().mgmt_tx_status, 0);
        assert_eq!(rx.drops().control_port_frames, 0);
        // Completely full: now even they are dropped, and counted.
        offer_all(&tx, [tx_status(99), eapol(99)]);
        offer_all(
            &tx,
            [RadioEvent::StationRemoved {
                ifindex: 1,
                mac: MacAddr([2; 6]),
            }],
        );
        let d = rx.drops();
        assert_eq!(
            (d.mgmt_tx_status, d.control_port_frames, d.station_removed),
            (1, 1, 1)
        );
        assert_eq!(d.total(), 1488 + 552 + 3);

        // One slot free again: probes and auth frames still are not
        // admitted, a TX status is.
        assert_eq!(rx.try_recv(), Some(probe(0)));
        offer_all(&tx, [probe(7), auth(7), tx_status(100)]);
        assert_eq!(rx.drops().probe_requests, 2000 - 512 + 1);
        assert_eq!(rx.drops().mgmt_frames, 1000 - 448 + 1);
        assert_eq!(rx.len(), 1024);

        // Order is kept: the probes, the auth frames, then the rest.
        let rest: Vec<_> = std::iter::from_fn(|| rx.try_recv()).collect();
        let expected: Vec<_> = (1..512)
            .map(|i| probe(i as u8))
            .chain((0..448).map(|i| auth(i as u8)))
            .chain((0..32).map(tx_status))
            .chain((0..32).map(eapol))
            .chain([tx_status(100)])
            .collect();
        assert_eq!(rest, expected);
    }

    #[test]
    fn small_queue_policy() {
        let (tx, mut rx) = event_queue_with_capacity(4);
        offer_all(&tx, [probe(1), probe(2), probe(3)]);
        offer_all(&tx, [auth(1), auth(2)]);
        offer_all(&tx, [eapol(1), eapol(2)]);
        let got: Vec<_> = std::iter::from_fn(|| rx.try_recv()).collect();
        assert_eq!(got, [probe(1), probe(2), auth(1), eapol(1)]);
        let d = rx.drops();
        assert_eq!(
            (d.probe_requests, d.mgmt_frames, d.control_port_frames),
            (1, 1, 1)
        );
    }

    #[test]
    fn offer_fails_once_the_receiver_is_gone() {
        let (tx, rx) = event_queue_with_capacity(4);
        drop(rx);
        assert_eq!(tx.offer(eapol(1)), Err(Closed));
        assert_eq!(tx.offer(probe(1)), Err(Closed));
    }

    #[tokio::test]
    async fn recv_drains_then_ends_with_the_senders() {
        let (tx, mut rx) = event_queue_with_capacity(4);
        offer_all(&tx, [auth(1), eapol(1)]);
        drop(tx);
        assert_eq!(rx.recv().await, Some(auth(1)));
        assert_eq!(rx.recv().await, Some(eapol(1)));
        assert_eq!(rx.recv().await, None);
        assert!(rx.is_empty());
    }
}
