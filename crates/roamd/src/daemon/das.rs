//! RFC 5176 Dynamic Authorization: the UDP sockets of the BSSes'
//! `radius_das_port` and what a Disconnect-Request does (hostapd's
//! radius_das_receive and hostapd_das_disconnect).
//!
//! One socket per listening address, however many BSSes share it; a
//! request is looked up in every running BSS listening there that lists the
//! sender as a client, and checked with that client's secret. Requests are
//! handled one at a time, synchronously, in the event loop: nothing is kept
//! per request (the checks are in `roamd_radius::das`).

use std::net::SocketAddr;
use std::task::Poll;
use std::time::{Instant, SystemTime};

use roamd_config::DasConfig;
use roamd_radius::das::{self, DasCounters, ErrorCause, Session};
use roamd_radius::SharedSecret;
use tokio::net::UdpSocket;
use tracing::info;

use super::Daemon;
use roamd_nl80211_ap::Radio;

/// A datagram and the listening address it came in on.
pub struct Datagram {
    listen: SocketAddr,
    from: SocketAddr,
    bytes: Vec<u8>,
}

/// The DAS sockets and their counters.
#[derive(Default)]
pub(super) struct DasSockets {
    open: Vec<(SocketAddr, UdpSocket)>,
    counters: DasCounters,
}

impl DasSockets {
    /// Opens the sockets `wanted` lacks and closes the others.
    pub(super) async fn configure(&mut self, wanted: &[SocketAddr]) -> anyhow::Result<()> {
        self.open.retain(|(addr, _)| wanted.contains(addr));
        for &addr in wanted {
            if self.open.iter().any(|(a, _)| *a == addr) {
                continue;
            }
            let socket = UdpSocket::bind(addr)
                .await
                .map_err(|e| anyhow::anyhow!("RADIUS DAS: cannot bind {addr}: {e}"))?;
            info!(%addr, "RADIUS DAS listening");
            self.open.push((addr, socket));
        }
        Ok(())
    }

    /// The next datagram on any socket (never, without sockets). Polled
    /// in the event loop's select: losing the race loses no datagram.
    pub(super) async fn recv(&mut self) -> Option<Datagram> {
        // hostapd's buffer: a request is small.
        let mut buf = [0u8; 1500];
        std::future::poll_fn(|cx| {
            for (listen, socket) in &self.open {
                let mut read = tokio::io::ReadBuf::new(&mut buf);
                // An error (ICMP port unreachable after a reply) is passed
                // over: poll again until the socket registers the waker.
                while let Poll::Ready(result) = socket.poll_recv_from(cx, &mut read) {
                    if let Ok(from) = result {
                        return Poll::Ready(Some(Datagram {
                            listen: *listen,
                            from,
                            bytes: read.filled().to_vec(),
                        }));
                    }
                }
            }
            Poll::Pending
        })
        .await
    }

    /// The counters, as `MIB` lines.
    pub(super) fn mib(&self) -> String {
        let c = &self.counters;
        if self.open.is_empty() {
            return String::new();
        }
        format!(
            "dasDropUnknownClient={}\ndasDropMalformed={}\ndasDropBadAuthenticator={}\n\
             dasDropMissingAttribute={}\ndasDropStaleTimestamp={}\ndasDropUnexpectedCode={}\n\
             dasDisconnectAcks={}\ndasDisconnectNaks={}\ndasCoaNaks={}\n",
            c.unknown_client,
            c.malformed,
            c.bad_authenticator,
            c.missing_attribute,
            c.stale,
            c.unexpected_code,
            c.disconnect_acks,
            c.disconnect_naks,
            c.coa_naks
        )
    }
}

/// The distinct addresses DAS settings listen on.
fn listen_addrs<'a>(das: impl Iterator<Item = &'a DasConfig>) -> Vec<SocketAddr> {
    let mut addrs = Vec::new();
    for d in das {
        if !addrs.contains(&d.listen) {
            addrs.push(d.listen);
        }
    }
    addrs
}

impl<R: Radio> Daemon<R> {
    /// The next datagram on a DAS socket (for tests that drive the loop by hand).
    pub async fn next_das_datagram(&mut self) -> Option<Datagram> {
        self.das.recv().await
    }

    /// Handles a datagram [`Daemon::next_das_datagram`] returned.
    pub async fn handle_das_datagram(&mut self, datagram: Datagram) {
        self.handle_das(datagram).await
    }

    /// The DAS settings of BSS `i`, if it runs and has them.
    fn das_config(&self, i: usize) -> Option<&DasConfig> {
        if !self.enabled[i] || self.global.is_removed(i) {
            return None;
        }
        self.bsses[i].wpa()?.eap()?.das.as_ref()
    }

    /// Opens and closes DAS sockets to match the BSSes' settings.
    pub(super) async fn configure_das(&mut self) -> anyhow::Result<()> {
        let addrs = listen_addrs((0..self.bsses.len()).filter_map(|i| self.das_config(i)));
        self.das.configure(&addrs).await
    }

    /// Handles one datagram on a DAS socket: drop, or answer.
    pub(super) async fn handle_das(&mut self, d: Datagram) {
        let now = Instant::now();
        let unix = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |t| t.as_secs());
        let from_ip = d.from.ip();
        // The BSSes listening there that know the sender, and its secret.
        let mut secret: Option<SharedSecret> = None;
        let mut candidates = Vec::new();
        for i in 0..self.bsses.len() {
            let Some(das) = self.das_config(i).filter(|c| c.listen == d.listen) else {
                continue;
            };
            let client = das
                .clients
                .iter()
                .find(|c| c.addr == from_ip || c.addr.is_unspecified());
            if let Some(client) = client {
                // One secret per client address: the first BSS's.
                if secret.get_or_insert_with(|| client.secret.clone()) == &client.secret {
                    candidates.push((i, das.policy));
                }
            }
        }
        let verified = match (secret, candidates.first()) {
            (Some(secret), Some(&(_, policy))) => {
                das::verify_request(&d.bytes, &secret, unix, &policy)
                    .map(|request| (request, secret))
                    .map_err(Some)
            }
            _ => Err(None),
        };
        let (request, secret) = match verified {
            Ok(v) => v,
            Err(why) => {
                match why {
                    Some(why) => self.das.counters.count_drop(why),
                    None => self.das.counters.unknown_client += 1,
                }
                let why = why.map_or_else(|| "unknown client".into(), |w| w.to_string());
                info!(from = %d.from, "RADIUS DAS: drop: {why}");
                return;
            }
        };
        let (error, found) = match &request.selectors {
            Err(cause) => (Some(*cause), None),
            Ok(selectors) => self.das_lookup(selectors, &candidates),
        };
        if let Some((i, mac)) = found {
            self.pmksa.borrow_mut().flush_station(&mac);
            // hostapd_das_disconnect: reason 2, Previous authentication no longer valid.
            if let Some(outputs) = self.bsses[i].ctrl_disconnect(now, mac, 2.into(), false, true) {
                self.execute(i, outputs).await;
            }
        }
        let sta = found.map(|(_, mac)| mac);
        info!(from = %d.from, kind = ?request.kind, ?error, ?sta, "RADIUS DAS: answered");
        self.das.counters.count_reply(request.kind, error);
        let reply = das::encode_reply(&request, error, &secret, unix);
        if let Some((_, socket)) = self.das.open.iter().find(|(a, _)| *a == d.listen) {
            // Like any UDP reply, it may be lost; the client retransmits.
            let _ = socket.send_to(&reply, d.from).await;
        }
    }

    /// The session `selectors` name among the candidate BSSes' stations:
    /// (NAK cause, station to disconnect).
    fn das_lookup(
        &self,
        selectors: &das::Selectors,
        candidates: &[(usize, das::DasPolicy)],
    ) -> (
        Option<ErrorCause>,
        Option<(usize, roamd_ieee80211::MacAddr)>,
    ) {
        let ours: Vec<usize> = candidates
            .iter()
            .map(|&(i, _)| i)
            .filter(|&i| {
                let eap = self.bsses[i].wpa().and_then(|w| w.eap());
                let id = eap.and_then(|e| e.nas_identifier.as_deref());
                selectors.nas_matches(id.map(str::as_bytes), eap.and_then(|e| e.own_ip_addr))
            })
            .collect();
        if ours.is_empty() {
            return (Some(ErrorCause::NasIdentificationMismatch), None);
        }
        let sessions = ours.iter().flat_map(|&i| {
            self.bsses[i].stations().map(move |s| {
                let attrs = s.session_attrs.as_ref();
                let session = Session {
                    mac: s.mac,
                    user_name: attrs
                        .map(|a| a.identity.as_slice())
                        .or(s.identity.as_deref()),
                    acct_session_id: s.acct.as_ref().map(|a| a.id.as_bytes()),
                    acct_multi_session_id: None,
                    cui: attrs.and_then(|a| a.cui.as_deref()),
                };
                ((i, s.mac), session)
            })
        });
        match das::select(selectors, sessions) {
            Ok(found) => (None, Some(found)),
            Err(cause) => (Some(cause), None),
        }
    }
}
