//! Telemetry (feature `telemetry`): a Prometheus text endpoint
//! (`[daemon.metrics]`) and a JSON-lines event file (`[daemon.events]`).
//!
//! The sans-IO cores already count; nothing here adds state to them. The
//! event loop hands every output of a core to [`Telemetry::observe`] before
//! carrying it out, and what the core emits says enough: a station's port
//! opened (`AP-STA-CONNECTED`, whose journal record the core keeps on the
//! station), it left (`AP-STA-DISCONNECTED`), its handshake completed or
//! failed (the control event, or the reason code of the deauthentication
//! roamd sends). Those few counts and the roam-time histogram live here.
//!
//! A scrape never runs on the event loop: the HTTP task asks the loop for a
//! [`Snapshot`] (plain numbers copied out of the cores, no I/O), then reads
//! the RADIUS clients' counters itself and encodes the text. Events are
//! serialised on the loop (a few hundred bytes) and queued, without
//! waiting, for a writer thread; those that do not fit are dropped and
//! counted.

mod events;
mod metrics;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use anyhow::{Context, Result};
use roamd_ap::{Bss, Output};
use roamd_eap_auth::RadiusRequestId;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::InterfaceInfo;
use roamd_radius::shell::RadiusHandle;
use roamd_radius::{ServerId, ServerKind};
use tokio::sync::{mpsc, oneshot};
use tracing::info;

pub use events::{Event, EventKind, EventSink, VERSION};
pub use metrics::{serve, Snapshot, BUCKETS};

use crate::config::Config;

/// Whether this build has telemetry.
pub const ENABLED: bool = true;

/// The RADIUS client handle the daemon keeps per BSS.
pub type Radius = RadiusHandle<(MacAddr, RadiusRequestId)>;

/// A scrape waiting for the loop's snapshot.
pub struct Scrape(oneshot::Sender<Snapshot>);

/// What the daemon counts beside its cores, per BSS (same index).
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// Journal lines (ports opened) by outcome and whether it was a
    /// reassociation.
    pub roams: BTreeMap<(&'static str, bool), u64>,
    /// 4-way handshakes completed (`EAPOL-4WAY-HS-COMPLETED`).
    pub handshakes_completed: u64,
    /// Handshake failures by reason.
    pub handshake_failures: BTreeMap<&'static str, u64>,
    /// Stations whose port was open and that left.
    pub disconnections: u64,
    /// RADIUS failovers by server kind and the server left.
    pub radius_failovers: BTreeMap<(&'static str, String), u64>,
}

/// Counters the serving tasks share with the loop.
#[derive(Debug, Default)]
pub struct Shared {
    /// Scrape connections closed at once: `max_connections` were open.
    pub connections_refused: AtomicU64,
    /// Scrapes answered.
    pub scrapes: AtomicU64,
    /// Event lines written.
    pub events_written: AtomicU64,
    /// Event lines dropped: the writer's queue was full, or it failed.
    pub events_dropped: AtomicU64,
}

/// The daemon's telemetry: the endpoint's scrape requests and the event
/// sink.
pub struct Telemetry {
    scrapes: mpsc::Receiver<Scrape>,
    /// Keeps `scrapes` open when there is no endpoint.
    _scrape_keepalive: Option<mpsc::Sender<Scrape>>,
    /// Where the endpoint listens (the port, when configured as 0).
    local_addr: Option<std::net::SocketAddr>,
    events: Option<EventSink>,
    observed: Vec<Observed>,
    roam_seconds: metrics::RoamHistogram,
    shared: Arc<Shared>,
}

impl Telemetry {
    /// Opens the endpoint's listener and the event file, as configured.
    pub fn start(config: &Config) -> Result<Self> {
        let shared = Arc::new(Shared::default());
        let t = &config.telemetry;
        let (scrape_tx, scrapes) =
            mpsc::channel(t.metrics.as_ref().map_or(1, |m| m.max_connections));
        let mut local_addr = None;
        let mut keepalive = Some(scrape_tx.clone());
        if let Some(m) = &t.metrics {
            let listener = std::net::TcpListener::bind(m.listen)
                .with_context(|| format!("[daemon.metrics] listen = \"{}\"", m.listen))?;
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let addr = listener.local_addr()?;
            info!(%addr, "metrics endpoint ready (GET /metrics)");
            local_addr = Some(addr);
            tokio::spawn(serve(
                listener,
                m.max_connections,
                scrape_tx,
                shared.clone(),
            ));
            keepalive = None;
        }
        let events = match &t.events {
            Some(e) => Some(
                EventSink::open(&e.file, e.queue, shared.clone())
                    .with_context(|| format!("[daemon.events] file = {:?}", e.file))?,
            ),
            None => None,
        };
        Ok(Telemetry {
            scrapes,
            _scrape_keepalive: keepalive,
            local_addr,
            events,
            observed: Vec::new(),
            roam_seconds: metrics::roam_histogram(),
            shared,
        })
    }

    /// Where the endpoint listens, if it does.
    pub fn local_addr(&self) -> Option<std::net::SocketAddr> {
        self.local_addr
    }

    /// The next scrape waiting for a snapshot.
    pub async fn recv(&mut self) -> Option<Scrape> {
        self.scrapes.recv().await
    }

    /// Answers a scrape with the counters of the cores and of the daemon.
    pub fn answer(
        &self,
        scrape: Scrape,
        bsses: &[Bss],
        ifnames: &[&str],
        radius: &[Option<Radius>],
        pmksa: &roamd_pmksa::PmksaCaches,
    ) {
        let snapshot = metrics::snapshot(self, bsses, ifnames, radius, pmksa);
        // The scraper may have gone: nothing to do then.
        let _ = scrape.0.send(snapshot);
    }

    fn observed(&mut self, i: usize) -> &mut Observed {
        if self.observed.len() <= i {
            self.observed.resize_with(i + 1, Observed::default);
        }
        &mut self.observed[i]
    }

    /// BSS `i` runs a new core (a reload restarted it): what the daemon
    /// counted of it starts afresh, as the core's counters do. (The
    /// roam-time histogram keeps its observations.)
    pub fn restarted(&mut self, i: usize) {
        if let Some(observed) = self.observed.get_mut(i) {
            *observed = Observed::default();
        }
    }

    /// Counts a RADIUS failover of BSS `i`.
    pub fn radius_failover(&mut self, i: usize, kind: ServerKind, from: std::net::SocketAddr) {
        *self
            .observed(i)
            .radius_failovers
            .entry((server_kind(kind), from.to_string()))
            .or_default() += 1;
    }

    /// Looks at an output of BSS `i` before the daemon carries it out.
    pub fn observe(&mut self, i: usize, bsses: &[Bss], ifaces: &[InterfaceInfo], output: &Output) {
        let (Some(bss), Some(iface)) = (bsses.get(i), ifaces.get(i)) else {
            return;
        };
        let ifname = iface.name.as_str();
        let event = match output {
            Output::AddStation(s) => {
                let reassoc = bss
                    .station(s.sta)
                    .and_then(|st| st.journal.as_ref())
                    .is_some_and(|r| r.reassoc);
                EventKind::Association {
                    aid: s.aid,
                    reassoc,
                }
                .at(bss, ifname, s.sta)
            }
            Output::CtrlEvent(text) => {
                let Some((name, sta)) = text.split_once(' ') else {
                    return;
                };
                let Ok(sta) = sta.parse::<MacAddr>() else {
                    return;
                };
                match name {
                    "AP-STA-CONNECTED" => {
                        let Some(station) = bss.station(sta) else {
                            return;
                        };
                        let (Some(record), Some(roam)) =
                            (station.journal.as_ref(), events::roam(station))
                        else {
                            return;
                        };
                        *self
                            .observed(i)
                            .roams
                            .entry((record.outcome.as_str(), record.reassoc))
                            .or_default() += 1;
                        if let Some(t) = record.authorize_time {
                            self.roam_seconds
                                .get_or_create(&metrics::roam_labels(
                                    ifname,
                                    bss,
                                    record.outcome.as_str(),
                                ))
                                .observe(t.as_secs_f64());
                        }
                        roam.at(bss, ifname, sta)
                    }
                    "AP-STA-DISCONNECTED" => {
                        self.observed(i).disconnections += 1;
                        EventKind::Disconnection {}.at(bss, ifname, sta)
                    }
                    "EAPOL-4WAY-HS-COMPLETED" => {
                        self.observed(i).handshakes_completed += 1;
                        EventKind::handshake(None, 0).at(bss, ifname, sta)
                    }
                    "AP-STA-POSSIBLE-PSK-MISMATCH" => {
                        self.failure(i, "psk-mismatch");
                        EventKind::handshake(Some("psk-mismatch"), 0).at(bss, ifname, sta)
                    }
                    _ => return,
                }
            }
            Output::SendFrame { frame, .. } | Output::SendTracked { frame, .. } => {
                let Some((sta, code)) = deauthentication(frame) else {
                    return;
                };
                let Some(reason) = handshake_failure(code) else {
                    return;
                };
                self.failure(i, reason);
                EventKind::handshake(Some(reason), code).at(bss, ifname, sta)
            }
            _ => return,
        };
        if let Some(sink) = &self.events {
            sink.send(&event);
        }
    }

    fn failure(&mut self, i: usize, reason: &'static str) {
        *self
            .observed(i)
            .handshake_failures
            .entry(reason)
            .or_default() += 1;
    }

    /// Opens the event file again by its name (see [`EventSink::reopen`]).
    pub fn reopen_events(&self) {
        if let Some(sink) = &self.events {
            sink.reopen();
        }
    }

    /// Writes the events still queued and closes the file (at shutdown).
    pub fn close(&mut self) {
        if let Some(sink) = self.events.take() {
            sink.close();
        }
        let s = &self.shared;
        info!(
            scrapes = s.scrapes.load(Relaxed),
            connections_refused = s.connections_refused.load(Relaxed),
            events_written = s.events_written.load(Relaxed),
            events_dropped = s.events_dropped.load(Relaxed),
            "telemetry counters"
        );
    }
}

/// `auth` or `acct`, as the metrics label RADIUS servers.
fn server_kind(kind: ServerKind) -> &'static str {
    match kind {
        ServerKind::Auth => "auth",
        ServerKind::Acct => "acct",
    }
}

/// The station and the reason code of a Deauthentication or
/// Disassociation frame roamd sends (None for any other frame).
fn deauthentication(frame: &[u8]) -> Option<(MacAddr, u16)> {
    // Frame Control: management type, subtype 12 (deauthentication) or
    // 10 (disassociation); the reason follows the 24-octet header.
    let fc = *frame.first()?;
    if fc & 0x0c != 0 || !matches!(fc >> 4, 0x0a | 0x0c) {
        return None;
    }
    let addr1: [u8; 6] = frame.get(4..10)?.try_into().ok()?;
    let reason = frame.get(24..26)?;
    Some((MacAddr(addr1), u16::from_le_bytes([reason[0], reason[1]])))
}

/// The name of a reason code that ends a failed handshake (IEEE 802.11
/// Table 9-49); other reasons (leaving, inactivity) are not failures.
pub fn handshake_failure(code: u16) -> Option<&'static str> {
    Some(match code {
        13 => "invalid-ie",
        14 => "mic-failure",
        15 => "4way-timeout",
        16 => "group-key-timeout",
        17 => "ie-in-4way-differs",
        18 => "invalid-group-cipher",
        19 => "invalid-pairwise-cipher",
        20 => "invalid-akmp",
        21 => "unsupported-rsne-version",
        22 => "invalid-rsne-capabilities",
        23 => "8021x-failed",
        24 => "cipher-rejected",
        _ => return None,
    })
}

/// The server identities of a BSS's RADIUS client, for the endpoint:
/// kind, address, id.
fn radius_servers(bss: &Bss) -> Vec<(&'static str, String, ServerId)> {
    let Some(eap) = bss.wpa().and_then(|w| w.eap()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (kind, servers) in [
        (ServerKind::Auth, &eap.auth_servers),
        (ServerKind::Acct, &eap.acct_servers),
    ] {
        for (index, s) in servers.iter().enumerate() {
            out.push((
                server_kind(kind),
                s.addr.to_string(),
                ServerId { kind, index },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deauthentication_frames_give_station_and_reason() {
        let mut frame = vec![0xc0, 0, 0, 0, 2, 0, 0, 0, 2, 0];
        frame.resize(24, 0);
        assert_eq!(deauthentication(&frame), None, "no reason field");
        frame.extend([15, 0]);
        assert_eq!(
            deauthentication(&frame),
            Some((MacAddr([2, 0, 0, 0, 2, 0]), 15))
        );
        frame[0] = 0xa0;
        assert!(deauthentication(&frame).is_some(), "disassociation");
        frame[0] = 0x10;
        assert_eq!(deauthentication(&frame), None, "association response");
        assert_eq!(deauthentication(&[]), None);
        assert_eq!(handshake_failure(15), Some("4way-timeout"));
        assert_eq!(handshake_failure(3), None, "leaving is no failure");
    }
}
