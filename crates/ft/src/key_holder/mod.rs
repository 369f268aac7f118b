//! Sans-IO FT key holder (quinn-proto style), wire-compatible with hostapd
//! 2.10's R0KH-R1KH protocol (`src/ap/wpa_auth_ft.c`).
//!
//! One [`KeyHolder`] per BSS. The caller owns the sockets, the clock and the
//! randomness:
//! - inputs: [`KeyHolder::handle_oui_frame`] (an 0x88b7 payload received on
//!   the key-holder interface), [`KeyHolder::handle_rrb_frame`] (0x890d),
//!   [`KeyHolder::handle_timeout`], and the AP core's calls:
//!   [`KeyHolder::store_pmk_r0`] after an initial mobility domain
//!   association, [`KeyHolder::push_pmk_r1`] after its 4-way handshake,
//!   [`KeyHolder::request_pmk_r1`] when a station starts FT,
//!   [`KeyHolder::relay_over_ds_request`] / [`KeyHolder::send_over_ds_response`];
//! - outputs, polled after every input: [`KeyHolder::poll_transmit`]
//!   (Ethernet payloads to send), [`KeyHolder::poll_event`] (keys that
//!   arrived, pulls that failed, over-DS frames), [`KeyHolder::poll_timeout`].
//!
//! BSSes of one process talk without the wire by handing each other's
//! [`Transmit`]s to [`KeyHolder::handle_oui_frame`] when `dst` is the other's
//! address, as hostapd does between its BSSes.
//!
//! As hostapd: an R1KH asked for an unknown key pulls it from the R0KH named
//! by the station (its `r0kh=` entry, or the wildcard entry, whose address is
//! learnt from the sequence response), every `rkh_pull_timeout` up to
//! `rkh_pull_retries` times, then blocks that R0KH-ID for `rkh_neg_timeout`.
//! Every message carries a per-peer sequence number; a message whose number
//! cannot be judged (first contact, peer restart, clock off by over 10 s) is
//! held while a SEQ_REQ with a fresh nonce asks the peer, and decided when
//! the authenticated SEQ_RESP arrives. Replayed numbers are dropped; frames
//! failing AES-SIV are dropped before any state changes, and peers are
//! learnt through a wildcard only after their frame authenticated.
//!
//! Unlike hostapd, every piece of state a peer or station can create is
//! bounded ([`crate::Limits`]): pending pulls, learnt peers, held messages,
//! and both key caches (evicting the key that expires first). EXPIRES_IN
//! saturates at 65535 s where hostapd 2.10 wraps it modulo 65536. With
//! `pmk_r1_push`, hostapd pushes to every R1KH; we push to the R1KHs our
//! stations roamed to lately (those that pulled a key of ours, see
//! [`KeyHolder::roam_targets`]), and to every R1KH only while none has.
//! [`KeyHolder::peers`] reports each peer's health for the control
//! interface: last exchange each way, pulls, NAKs, timeouts and pushes.

mod event;
mod stats;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rand::{CryptoRng, RngCore};
use roamd_ieee80211::action::ft::{FtActionCode, FtActionRepr};
use roamd_ieee80211::{Elements, MacAddr, StatusCode};
use roamd_wpa::ft::{derive_pmk_r1, pmk_r1_name};
use roamd_wpa::rrb::RrbKey;
use roamd_wpa::{Akm, PmkR0, PmkR0Name, PmkR1Name};
use tracing::debug;

pub use event::{Event, PmkR1Lookup, PmkR1Request, PullFailure};
pub use stats::{PeerCounters, PeerId, PeerStatus, Stats};

use crate::cache::{KeyCache, PmkR0Entry, PmkR1Entry, PmkR1Origin};
use crate::config::{KeyHolderConfig, R0khEntry, R1khEntry};
use crate::error::Error;
use crate::frame::{OuiFrameRepr, Subtype, Transmit, ETHERTYPE_OUI, ETHERTYPE_RRB};
use crate::message::{AuthRepr, Body, KeyHolderMessage, MessageRepr, Session, Vlan, NONCE_LEN};
use crate::over_ds::{PacketType, RrbFrameRepr};
use crate::seq::{SeqCheck, SeqRx, SeqTx};

/// A PMK-R0 for [`KeyHolder::store_pmk_r0`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmkR0Params {
    /// The station.
    pub sta: MacAddr,
    /// PMK-R0 (32 octets, 48 for FT-802.1X-SHA384).
    pub pmk_r0: PmkR0,
    /// PMKR0Name.
    pub pmk_r0_name: PmkR0Name,
    /// Pairwise cipher, hostapd `WPA_CIPHER_*` bit (0x10 CCMP).
    pub pairwise: u16,
    /// RADIUS Session-Timeout, if any.
    pub session_timeout: Option<Duration>,
    /// EAP identity (empty if none).
    pub identity: Vec<u8>,
    /// RADIUS CUI (empty if none).
    pub radius_cui: Vec<u8>,
    /// VLAN.
    pub vlan: Vlan,
}

// A message held until the peer's sequence number is known.
#[derive(Debug)]
struct Held {
    src: MacAddr,
    subtype: Subtype,
    bytes: Vec<u8>,
}

// An outstanding SEQ_REQ (hostapd `struct ft_remote_item`).
#[derive(Debug)]
struct SeqRequest {
    nonce: [u8; NONCE_LEN],
    sent: Instant,
    held: Option<Held>,
}

// A peer key holder, configured or learnt.
#[derive(Debug)]
struct Remote {
    id: PeerId,
    addr: MacAddr,
    key: RrbKey,
    // None for configured peers; learnt ones are dropped then.
    learned_until: Option<Instant>,
    blocked_until: Option<Instant>,
    rx: SeqRx,
    tx: SeqTx,
    seq_requests: Vec<SeqRequest>,
    last_rx: Option<Instant>,
    last_tx: Option<Instant>,
    failures: u64,
    counters: PeerCounters,
}

impl Remote {
    // A message waits for this peer's number: a SEQ_REQ is in flight.
    fn holds_messages(&self) -> bool {
        self.seq_requests.iter().any(|s| s.held.is_some())
    }

    fn new(id: PeerId, addr: MacAddr, key: RrbKey, learned_until: Option<Instant>) -> Self {
        Remote {
            id,
            addr,
            key,
            learned_until,
            blocked_until: None,
            rx: SeqRx::default(),
            tx: SeqTx::default(),
            seq_requests: Vec::new(),
            last_rx: None,
            last_tx: None,
            failures: 0,
            counters: PeerCounters::default(),
        }
    }

    fn is_wildcard(&self) -> bool {
        match &self.id {
            PeerId::R0kh(id) => id == b"*",
            PeerId::R1kh(id) => *id == MacAddr::ZERO && self.addr == MacAddr::ZERO,
        }
    }

    fn is_blocked(&self, now: Instant) -> bool {
        self.blocked_until.is_some_and(|t| t > now)
    }

    // hostapd `eloop_replenish_timeout`: only ever extends a learnt peer.
    fn replenish(&mut self, now: Instant, timeout: Duration) {
        if let Some(until) = &mut self.learned_until {
            *until = (*until).max(now + timeout);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    R0(usize),
    R1(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PendingPull {
    pmk_r0_name: PmkR0Name,
    pmk_r1_name: PmkR1Name,
    r0kh_id: Vec<u8>,
    nonce: [u8; NONCE_LEN],
    retries_left: u32,
    deadline: Instant,
    started: Instant,
}

// An R1KH that pulled a key of ours: a station of ours roamed there, so
// others likely will, and PMK-R1 pushes go there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RoamTarget {
    r1kh_id: MacAddr,
    last_seen: Instant,
}

/// The key holder of one BSS: R0KH and R1KH at once.
#[derive(Debug)]
pub struct KeyHolder {
    config: KeyHolderConfig,
    epoch: Instant,
    r0khs: Vec<Remote>,
    r1khs: Vec<Remote>,
    pmk_r0: KeyCache<PmkR0Name, PmkR0Entry>,
    pmk_r1: KeyCache<PmkR1Name, PmkR1Entry>,
    pulls: HashMap<MacAddr, PendingPull>,
    // At most one per non-wildcard R1KH peer.
    roam_targets: Vec<RoamTarget>,
    held_total: usize,
    // The next warm-up round while a configured peer's number is unknown.
    warm_up: Option<WarmUp>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
    stats: Stats,
}

// Warm-up rounds back off from 1 s to once a minute: a peer that starts
// after us (or restarts) is asked again soon, a peer that stays down
// costs one small frame a minute.
const WARM_UP_FIRST: Duration = Duration::from_secs(1);
const WARM_UP_MAX: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy)]
struct WarmUp {
    next: Instant,
    interval: Duration,
}

// `bump!(self.field)` counts in [`Stats`], `bump!(self[side].field)` in a
// peer's [`PeerCounters`].
macro_rules! bump {
    ($self:ident . $field:ident) => {
        $self.stats.$field = $self.stats.$field.saturating_add(1)
    };
    ($self:ident [ $side:expr ] . $field:ident) => {
        if let Some(p) = $self.peer($side) {
            p.counters.$field = p.counters.$field.saturating_add(1);
        }
    };
}

impl KeyHolder {
    /// A key holder started at `now` (its sequence timestamps count from it).
    pub fn new(config: KeyHolderConfig, now: Instant) -> Self {
        let r0khs = config
            .r0kh
            .iter()
            .map(|e| Remote::new(PeerId::R0kh(e.id.clone()), e.addr, e.key.clone(), None))
            .collect();
        let r1khs = config
            .r1kh
            .iter()
            .map(|e| Remote::new(PeerId::R1kh(e.id), e.addr, e.key.clone(), None))
            .collect();
        KeyHolder {
            pmk_r0: KeyCache::new(config.limits.pmk_r0_entries),
            pmk_r1: KeyCache::new(config.limits.pmk_r1_entries),
            config,
            epoch: now,
            r0khs,
            r1khs,
            pulls: HashMap::new(),
            roam_targets: Vec::new(),
            held_total: 0,
            warm_up: None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            stats: Stats::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &KeyHolderConfig {
        &self.config
    }

    /// Trusts another BSS of this process as R0KH and R1KH, with a key
    /// that never leaves the process, unless the configuration already
    /// names its R0KH-ID or R1KH-ID (hostapd needs `r0kh=`/`r1kh=` lines
    /// even between its own BSSes; roamd's BSSes of one mobility domain
    /// know each other).
    pub fn trust_sibling(&mut self, r0kh: R0khEntry, r1kh: R1khEntry) {
        let id = PeerId::R0kh(r0kh.id.clone());
        if !self.r0khs.iter().any(|r| r.id == id) {
            self.r0khs
                .push(Remote::new(id, r0kh.addr, r0kh.key.clone(), None));
        }
        let id = PeerId::R1kh(r1kh.id);
        if !self.r1khs.iter().any(|r| r.id == id) {
            self.r1khs
                .push(Remote::new(id, r1kh.addr, r1kh.key.clone(), None));
        }
    }

    /// Counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Pulls waiting for a response.
    pub fn pending_pulls(&self) -> usize {
        self.pulls.len()
    }

    /// PMK-R0s held.
    pub fn pmk_r0_count(&self) -> usize {
        self.pmk_r0.len()
    }

    /// PMK-R1s held.
    pub fn pmk_r1_count(&self) -> usize {
        self.pmk_r1.len()
    }

    /// Health of every peer, configured and learnt: R0KHs, then R1KHs.
    pub fn peers(&self, now: Instant) -> Vec<PeerStatus> {
        self.r0khs
            .iter()
            .chain(&self.r1khs)
            .map(|r| PeerStatus {
                id: r.id.clone(),
                addr: r.addr,
                learned: r.learned_until.is_some(),
                blocked: r.is_blocked(now),
                last_rx: r.last_rx,
                last_tx: r.last_tx,
                failures: r.failures,
                seq_known: r.rx.is_known(),
                deferred: r.seq_requests.iter().filter(|s| s.held.is_some()).count(),
                roam_target: match r.id {
                    PeerId::R1kh(id) => self.roam_targets.iter().any(|t| t.r1kh_id == id),
                    PeerId::R0kh(_) => false,
                },
                counters: r.counters,
            })
            .collect()
    }

    /// The R1KH-IDs our stations roamed to lately (they pulled a key of
    /// ours within `roam_target_timeout`), where [`KeyHolder::push_pmk_r1`]
    /// pushes; most recent first.
    pub fn roam_targets(&self) -> Vec<MacAddr> {
        let mut targets = self.roam_targets.clone();
        targets.sort_by_key(|t| std::cmp::Reverse(t.last_seen));
        targets.into_iter().map(|t| t.r1kh_id).collect()
    }

    // A station of ours roamed to `r1kh_id`: push there from now on. One
    // entry per R1KH we know, so a peer cannot grow the list; the least
    // recently seen gives way.
    fn note_roam_target(&mut self, now: Instant, r1kh_id: MacAddr) {
        if self.config.timers.roam_target_timeout.is_zero() || r1kh_id == MacAddr::ZERO {
            return;
        }
        if let Some(t) = self.roam_targets.iter_mut().find(|t| t.r1kh_id == r1kh_id) {
            t.last_seen = now;
            return;
        }
        let bound = self.r1khs.iter().filter(|r| !r.is_wildcard()).count();
        if bound == 0 {
            return;
        }
        while self.roam_targets.len() >= bound {
            let oldest = self.roam_targets.iter().enumerate();
            let Some((i, _)) = oldest.min_by_key(|(_, t)| t.last_seen) else {
                break;
            };
            self.roam_targets.swap_remove(i);
        }
        self.roam_targets.push(RoamTarget {
            r1kh_id,
            last_seen: now,
        });
    }

    // The roam targets not yet aged out at `now`.
    fn live_roam_targets(&self, now: Instant) -> Vec<MacAddr> {
        let timeout = self.config.timers.roam_target_timeout;
        self.roam_targets
            .iter()
            .filter(|t| now.saturating_duration_since(t.last_seen) < timeout)
            .map(|t| t.r1kh_id)
            .collect()
    }

    /// The next frame to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// The next event for the AP core.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`KeyHolder::handle_timeout`] is next due.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let seq_timeout = self.config.timers.seq_timeout;
        let roam_timeout = self.config.timers.roam_target_timeout;
        let roam_expiries = self
            .roam_targets
            .iter()
            .map(move |t| t.last_seen.checked_add(roam_timeout));
        let peers = self.r0khs.iter().chain(&self.r1khs);
        let peer_times = peers.flat_map(|r| {
            r.seq_requests
                .iter()
                .map(move |s| Some(s.sent + seq_timeout))
                .chain([r.learned_until, r.blocked_until])
        });
        self.pulls
            .values()
            .map(|p| Some(p.deadline))
            .chain(peer_times)
            .chain(roam_expiries)
            .chain([self.pmk_r0.next_expiry(), self.pmk_r1.next_expiry()])
            .chain([self.warm_up.map(|w| w.next)])
            .flatten()
            .min()
    }

    fn secs(&self, now: Instant) -> u32 {
        // hostapd stamps its monotonic seconds; ours count from `epoch` and
        // wrap like a u32 of seconds.
        (now.saturating_duration_since(self.epoch).as_secs() & 0xffff_ffff) as u32
    }

    fn window_secs(&self) -> u32 {
        u32::try_from(self.config.timers.seq_timeout.as_secs()).unwrap_or(u32::MAX)
    }

    fn peer(&mut self, side: Side) -> Option<&mut Remote> {
        match side {
            Side::R0(i) => self.r0khs.get_mut(i),
            Side::R1(i) => self.r1khs.get_mut(i),
        }
    }

    // hostapd `wpa_ft_rrb_lookup_r0kh`: the first configured entry with the
    // ID (then the oldest learnt one), and the first wildcard.
    fn lookup_r0kh(&self, id: &[u8]) -> (Option<usize>, Option<usize>) {
        let found = self
            .r0khs
            .iter()
            .position(|r| !r.is_wildcard() && r.id == PeerId::R0kh(id.to_vec()));
        let wild = self.r0khs.iter().position(Remote::is_wildcard);
        (found, wild)
    }

    fn lookup_r1kh(&self, id: MacAddr) -> (Option<usize>, Option<usize>) {
        let found = self
            .r1khs
            .iter()
            .position(|r| !r.is_wildcard() && r.id == PeerId::R1kh(id));
        let wild = self.r1khs.iter().position(Remote::is_wildcard);
        (found, wild)
    }

    // A peer learnt through the wildcard at `wild`, kept for `timeout`.
    fn learn(
        &mut self,
        now: Instant,
        r0: bool,
        wild: Option<usize>,
        addr: MacAddr,
        id: PeerId,
        timeout: Duration,
    ) -> Option<usize> {
        let limit = self.config.limits.learned_peers;
        let list = if r0 { &mut self.r0khs } else { &mut self.r1khs };
        let key = list.get(wild?)?.key.clone();
        if list.iter().filter(|r| r.learned_until.is_some()).count() >= limit {
            bump!(self.learned_peers_full);
            return None;
        }
        debug!(%addr, r0, "FT: learnt key holder through wildcard");
        list.push(Remote::new(id, addr, key, Some(now + timeout)));
        Some(list.len() - 1)
    }

    fn send_message(
        &mut self,
        now: Instant,
        side: Side,
        dst: MacAddr,
        key: &RrbKey,
        msg: &MessageRepr<'_>,
    ) -> bool {
        match msg.seal(key, self.config.own_addr) {
            Ok(sealed) => {
                let payload = OuiFrameRepr {
                    subtype: msg.subtype(),
                    message: &sealed,
                }
                .to_bytes();
                self.transmits.push_back(Transmit {
                    dst,
                    ethertype: ETHERTYPE_OUI,
                    payload,
                });
                bump!(self.tx_frames);
                if let Some(p) = self.peer(side) {
                    p.last_tx = Some(now);
                }
                true
            }
            Err(e) => {
                debug!(%dst, error = %e, "FT: cannot build key-holder message");
                false
            }
        }
    }

    // hostapd `wpa_ft_rrb_seq_req`: remember a fresh nonce (and the message
    // to decide later) and ask the peer for its sequence number.
    #[allow(clippy::too_many_arguments)]
    fn send_seq_req(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        side: Side,
        dst: MacAddr,
        r0kh_id: &[u8],
        r1kh_id: MacAddr,
        key: &RrbKey,
        held: Option<Held>,
    ) {
        let limits = self.config.limits;
        let too_long = held
            .as_ref()
            .is_some_and(|h| h.bytes.len() > limits.deferred_message_len);
        let total_full = self.held_total >= limits.deferred_total;
        let queued = self.peer(side).map(|p| p.seq_requests.len());
        if too_long || total_full || queued.is_none_or(|q| q >= limits.deferred_per_peer) {
            bump!(self.deferred_dropped);
            return;
        }
        let mut nonce = [0; NONCE_LEN];
        rng.fill_bytes(&mut nonce);
        if held.is_some() {
            bump!(self.deferred);
        }
        let Some(peer) = self.peer(side) else { return };
        peer.seq_requests.push(SeqRequest {
            nonce,
            sent: now,
            held,
        });
        self.held_total += 1;
        let msg = MessageRepr {
            auth: AuthRepr {
                nonce: Some(nonce),
                seq: None,
                r0kh_id,
                r1kh_id,
            },
            body: Body::SeqReq,
        };
        self.send_message(now, side, dst, key, &msg);
    }

    fn seq_verdict(&mut self, side: Side, msg: &AuthRepr<'_>, now: Instant) -> SeqCheck {
        let (now_secs, window) = (self.secs(now), self.window_secs());
        match (self.peer(side), msg.seq) {
            (Some(p), Some(seq)) => p.rx.check(&seq, now_secs, window),
            _ => SeqCheck::Replay,
        }
    }

    fn next_seq(
        &mut self,
        side: Side,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Option<crate::message::Seq> {
        let now_secs = self.secs(now);
        self.peer(side).map(|p| p.tx.next(now_secs, rng))
    }

    fn note_failure(&mut self, side: Option<Side>) {
        if let Some(p) = side.and_then(|s| self.peer(s)) {
            p.failures = p.failures.saturating_add(1);
        }
    }

    /// Handles an 0x88b7 payload (after the Ethernet header) from `src` to `dst`.
    pub fn handle_oui_frame(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        src: MacAddr,
        dst: MacAddr,
        payload: &[u8],
    ) {
        bump!(self.rx_frames);
        if src.is_multicast() || (dst != self.config.own_addr && !dst.is_multicast()) {
            bump!(self.not_for_us);
            return;
        }
        let Ok(frame) = OuiFrameRepr::parse(payload) else {
            bump!(self.malformed);
            return;
        };
        // A frame to a group address must not make us send sequence
        // requests (hostapd's `no_defer`).
        self.dispatch(
            now,
            rng,
            src,
            frame.subtype,
            frame.message,
            dst.is_multicast(),
        );
    }

    fn dispatch(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        src: MacAddr,
        subtype: Subtype,
        raw: &[u8],
        no_defer: bool,
    ) {
        let parsed = KeyHolderMessage::parse(raw).and_then(|m| Ok((m, m.auth()?)));
        let Ok((msg, auth)) = parsed else {
            bump!(self.malformed);
            return;
        };
        let rx = Rx {
            src,
            subtype,
            msg,
            auth,
            raw,
            no_defer,
        };
        match subtype {
            Subtype::Pull => self.rx_pull(now, rng, &rx),
            Subtype::Resp | Subtype::Push => self.rx_r1(now, rng, &rx),
            Subtype::SeqReq => self.rx_seq_req(now, rng, &rx),
            Subtype::SeqResp => self.rx_seq_resp(now, rng, &rx),
            Subtype::Unknown(_) => bump!(self.malformed),
        }
    }

    // Sequence check, wildcard re-check, AES-SIV and learning, shared by the
    // messages that carry keys (hostapd `wpa_ft_rrb_rx_pull`/`_rx_r1`).
    // Returns the peer and the plaintext when the message is to be processed
    // now; holds it and sends a SEQ_REQ when its number is unknown.
    fn admit(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        rx: &Rx<'_>,
        r0: bool,
        found: Option<usize>,
        wild: Option<usize>,
    ) -> Option<(Side, RrbKey, zeroize::Zeroizing<Vec<u8>>)> {
        let side_of = |i| if r0 { Side::R0(i) } else { Side::R1(i) };
        let list = if r0 { &self.r0khs } else { &self.r1khs };
        let Some(key) = found
            .or(wild)
            .and_then(|i| list.get(i))
            .map(|r| r.key.clone())
        else {
            bump!(self.unknown_peer);
            return None;
        };
        let moved = found
            .and_then(|i| list.get(i))
            .is_none_or(|r| r.addr != rx.src);
        let mut verdict = match found {
            Some(i) => self.seq_verdict(side_of(i), &rx.auth, now),
            None => SeqCheck::Replay,
        };
        if !rx.no_defer && wild.is_some() && moved {
            // Wildcard peer unknown or at a new address: ask it.
            verdict = SeqCheck::Unknown;
        }
        if rx.no_defer && verdict == SeqCheck::Unknown {
            verdict = SeqCheck::Replay;
        }
        if verdict == SeqCheck::Replay {
            bump!(self.replayed);
            self.note_failure(found.map(side_of));
            return None;
        }
        let Ok(plain) = rx.msg.open(&key, rx.src, rx.subtype) else {
            bump!(self.unauthenticated);
            self.note_failure(found.map(side_of));
            return None;
        };
        let idx = match found {
            Some(i) => i,
            None => {
                let id = if r0 {
                    PeerId::R0kh(rx.auth.r0kh_id.to_vec())
                } else {
                    PeerId::R1kh(rx.auth.r1kh_id)
                };
                let timeout = self.config.timers.pos_timeout;
                self.learn(now, r0, wild, rx.src, id, timeout)?
            }
        };
        let side = side_of(idx);
        if verdict == SeqCheck::Unknown {
            let held = Held {
                src: rx.src,
                subtype: rx.subtype,
                bytes: rx.raw.to_vec(),
            };
            let (r0kh_id, r1kh_id) = (rx.auth.r0kh_id, rx.auth.r1kh_id);
            self.send_seq_req(now, rng, side, rx.src, r0kh_id, r1kh_id, &key, Some(held));
            return None;
        }
        let pos_timeout = self.config.timers.pos_timeout;
        let seq = rx.auth.seq.map(|s| s.seq).unwrap_or(0);
        let p = self.peer(side)?;
        p.rx.accept(seq);
        p.replenish(now, pos_timeout);
        p.last_rx = Some(now);
        Some((side, key, plain))
    }

    // R0KH: a PMK-R1 pull (hostapd `wpa_ft_rrb_rx_pull`).
    fn rx_pull(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng), rx: &Rx<'_>) {
        if rx.auth.r0kh_id != self.config.r0kh_id.as_slice() {
            bump!(self.not_for_us);
            return;
        }
        let Some(nonce) = rx.auth.nonce else {
            bump!(self.malformed);
            return;
        };
        let (found, wild) = self.lookup_r1kh(rx.auth.r1kh_id);
        let Some((side, key, plain)) = self.admit(now, rng, rx, false, found, wild) else {
            return;
        };
        let Ok(Body::Pull {
            pmk_r0_name,
            s1kh_id,
        }) = Body::parse(Subtype::Pull, &plain)
        else {
            bump!(self.malformed);
            return;
        };
        let Some(seq) = self.next_seq(side, now, rng) else {
            return;
        };
        let session = self.session_for(now, s1kh_id, pmk_r0_name, rx.auth.r1kh_id);
        if session.is_some() {
            bump!(self.pulls_answered);
            bump!(self[side].pulls_served);
            self.note_roam_target(now, rx.auth.r1kh_id);
        } else {
            debug!(sta = %s1kh_id, "FT: no PMK-R0 for pull, sending NAK");
            bump!(self.naks_sent);
            bump!(self[side].naks_sent);
        }
        let resp = MessageRepr {
            auth: AuthRepr {
                nonce: Some(nonce),
                seq: Some(seq),
                r0kh_id: rx.auth.r0kh_id,
                r1kh_id: rx.auth.r1kh_id,
            },
            body: Body::Resp { s1kh_id, session },
        };
        self.send_message(now, side, rx.src, &key, &resp);
    }

    // hostapd `wpa_ft_rrb_build_r0`: a PMK-R1 for `r1kh_id` from our PMK-R0.
    fn session_for(
        &self,
        now: Instant,
        sta: MacAddr,
        pmk_r0_name: PmkR0Name,
        r1kh_id: MacAddr,
    ) -> Option<Session> {
        let r0 = self.pmk_r0.get(sta, pmk_r0_name, now)?;
        let akm = if r0.pmk_r0.len() == 48 {
            Akm::FtIeee8021xSha384
        } else {
            Akm::FtPsk
        };
        let pmk_r1 = derive_pmk_r1(&r0.pmk_r0, akm, &r1kh_id, &sta).ok()?;
        let name = pmk_r1_name(&r0.pmk_r0_name, akm, &r1kh_id, &sta).ok()?;
        let left = |t: Option<Instant>| match t {
            Some(t) => t.saturating_duration_since(now).as_secs().max(1),
            None => 0,
        };
        Some(Session {
            pmk_r1,
            pmk_r1_name: name,
            pairwise: r0.pairwise,
            expires_in: u16::try_from(left(r0.expires)).unwrap_or(u16::MAX),
            session_timeout: u32::try_from(left(r0.session_end)).unwrap_or(u32::MAX),
            identity: r0.identity.clone(),
            radius_cui: r0.radius_cui.clone(),
            vlan: r0.vlan.clone(),
        })
    }

    fn r1_entry(&self, now: Instant, sta: MacAddr, s: Session, origin: PmkR1Origin) -> PmkR1Entry {
        let max = self.config.timers.r1_max_key_lifetime;
        let mut lifetime = Duration::from_secs(u64::from(s.expires_in));
        if !max.is_zero() && (lifetime.is_zero() || max < lifetime) {
            lifetime = max;
        }
        PmkR1Entry {
            sta,
            pmk_r1: s.pmk_r1,
            pmk_r1_name: s.pmk_r1_name,
            pairwise: s.pairwise,
            expires: (!lifetime.is_zero()).then(|| now + lifetime),
            session_end: (s.session_timeout > 0)
                .then(|| now + Duration::from_secs(u64::from(s.session_timeout))),
            identity: s.identity,
            radius_cui: s.radius_cui,
            vlan: s.vlan,
            origin,
        }
    }

    fn store_r1(&mut self, entry: PmkR1Entry) {
        if self.pmk_r1.insert(entry.sta, entry.pmk_r1_name, entry) {
            bump!(self.pmk_r1_evicted);
        }
    }

    // R1KH: a pull response or a push (hostapd `wpa_ft_rrb_rx_resp`,
    // `_rx_push`, `_rx_r1`).
    fn rx_r1(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng), rx: &Rx<'_>) {
        let nonce = rx.auth.nonce;
        if rx.subtype == Subtype::Resp
            && !nonce.is_some_and(|n| self.pulls.values().any(|p| p.nonce == n))
        {
            bump!(self.unexpected_responses);
            return;
        }
        if rx.auth.r1kh_id != self.config.r1kh_id {
            bump!(self.not_for_us);
            return;
        }
        let (found, wild) = self.lookup_r0kh(rx.auth.r0kh_id);
        let Some((side, _, plain)) = self.admit(now, rng, rx, true, found, wild) else {
            return;
        };
        match Body::parse(rx.subtype, &plain) {
            Ok(Body::Resp { s1kh_id, session }) => {
                self.complete_pull(now, side, nonce, s1kh_id, session, rx.src)
            }
            Ok(Body::Push {
                s1kh_id, session, ..
            }) => {
                let entry = self.r1_entry(now, s1kh_id, session, PmkR1Origin::Pushed(rx.src));
                self.store_r1(entry);
                bump!(self.pushes_received);
                bump!(self[side].pushes_received);
                self.events.push_back(Event::PmkR1Pushed {
                    sta: s1kh_id,
                    from: rx.src,
                });
            }
            _ => bump!(self.malformed),
        }
    }

    fn complete_pull(
        &mut self,
        now: Instant,
        side: Side,
        nonce: Option<[u8; NONCE_LEN]>,
        sta: MacAddr,
        session: Option<Session>,
        from: MacAddr,
    ) {
        let entry = session.map(|s| self.r1_entry(now, sta, s, PmkR1Origin::Pulled(from)));
        if let Some(e) = &entry {
            self.store_r1(e.clone());
        }
        let matches = self.pulls.get(&sta).is_some_and(|p| Some(p.nonce) == nonce);
        let Some(pull) = matches.then(|| self.pulls.remove(&sta)).flatten() else {
            bump!(self.unexpected_responses);
            return;
        };
        let event = match entry {
            None => {
                bump!(self.naks_received);
                bump!(self[side].naks_received);
                Event::PullFailed {
                    sta,
                    pmk_r0_name: pull.pmk_r0_name,
                    reason: PullFailure::Nak,
                }
            }
            Some(e) if e.pmk_r1_name != pull.pmk_r1_name => {
                self.note_failure(Some(side));
                Event::PullFailed {
                    sta,
                    pmk_r0_name: pull.pmk_r0_name,
                    reason: PullFailure::NameMismatch,
                }
            }
            Some(e) => {
                bump!(self[side].pulls_answered);
                Event::PmkR1Available {
                    entry: Box::new(e),
                    round_trip: now.saturating_duration_since(pull.started),
                }
            }
        };
        self.events.push_back(event);
    }

    // hostapd `wpa_ft_rrb_rx_seq`: which peer sent a SEQ_REQ/SEQ_RESP, with
    // the message authenticated and the peer learnt if need be.
    fn rx_seq(&mut self, now: Instant, rx: &Rx<'_>) -> Option<(Side, RrbKey, bool)> {
        let to_r0kh = rx.auth.r0kh_id == self.config.r0kh_id.as_slice();
        let to_r1kh = rx.auth.r1kh_id == self.config.r1kh_id;
        if to_r0kh == to_r1kh {
            bump!(self.not_for_us);
            return None;
        }
        // The peer is the other end: an R0KH if the R1KH-ID is ours.
        let r0 = to_r1kh;
        let (found, wild) = if r0 {
            self.lookup_r0kh(rx.auth.r0kh_id)
        } else {
            self.lookup_r1kh(rx.auth.r1kh_id)
        };
        let list = if r0 { &self.r0khs } else { &self.r1khs };
        let known_here = found
            .and_then(|i| list.get(i))
            .is_some_and(|r| r.addr == rx.src);
        if wild.is_none() && !known_here {
            bump!(self.unknown_peer);
            return None;
        }
        let key = found.or(wild).and_then(|i| list.get(i))?.key.clone();
        if rx.msg.open(&key, rx.src, rx.subtype).is_err() {
            bump!(self.unauthenticated);
            self.note_failure(found.map(|i| if r0 { Side::R0(i) } else { Side::R1(i) }));
            return None;
        }
        let seq_timeout = self.config.timers.seq_timeout;
        let idx = match found {
            Some(i) => i,
            None => {
                let id = if r0 {
                    PeerId::R0kh(rx.auth.r0kh_id.to_vec())
                } else {
                    PeerId::R1kh(rx.auth.r1kh_id)
                };
                self.learn(now, r0, wild, rx.src, id, seq_timeout)?
            }
        };
        let side = if r0 { Side::R0(idx) } else { Side::R1(idx) };
        let p = self.peer(side)?;
        p.replenish(now, seq_timeout);
        p.last_rx = Some(now);
        Some((side, key, wild.is_some()))
    }

    fn rx_seq_req(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng), rx: &Rx<'_>) {
        let Some(nonce) = rx.auth.nonce else {
            bump!(self.malformed);
            return;
        };
        let Some((side, key, _)) = self.rx_seq(now, rx) else {
            return;
        };
        let Some(seq) = self.next_seq(side, now, rng) else {
            return;
        };
        let resp = MessageRepr {
            auth: AuthRepr {
                nonce: Some(nonce),
                seq: Some(seq),
                r0kh_id: rx.auth.r0kh_id,
                r1kh_id: rx.auth.r1kh_id,
            },
            body: Body::SeqResp,
        };
        self.send_message(now, side, rx.src, &key, &resp);
    }

    // hostapd `wpa_ft_rrb_rx_seq_resp`: learn the peer's number (and, for a
    // wildcard peer, its address), then decide every message held for it.
    fn rx_seq_resp(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng), rx: &Rx<'_>) {
        let (Some(nonce), Some(seq)) = (rx.auth.nonce, rx.auth.seq) else {
            bump!(self.malformed);
            return;
        };
        let Some((side, _, wildcard)) = self.rx_seq(now, rx) else {
            return;
        };
        let (now_secs, window) = (self.secs(now), self.window_secs());
        let timers = self.config.timers;
        let Some(p) = self.peer(side) else { return };
        let asked = p.seq_requests.iter().any(|s| {
            s.nonce == nonce && now.saturating_duration_since(s.sent) <= timers.seq_timeout
        });
        if !asked {
            bump!(self.bad_seq_responses);
            return;
        }
        p.replenish(now, timers.pos_timeout);
        if wildcard {
            p.addr = rx.src;
        }
        if p.rx.check(&seq, now_secs, window) == SeqCheck::Fresh {
            p.rx.accept(seq.seq);
        } else {
            let held = p.seq_requests.len();
            p.rx.reset(&seq, now_secs, held);
        }
        let requests = std::mem::take(&mut p.seq_requests);
        self.held_total = self.held_total.saturating_sub(requests.len());
        for held in requests.into_iter().filter_map(|r| r.held) {
            self.dispatch(now, rng, held.src, held.subtype, &held.bytes, true);
        }
    }

    /// Asks every configured peer whose sequence number we do not know for
    /// it, so that the first station to roam does not wait for that round
    /// trip (beyond hostapd, which asks only when a message arrives: a
    /// first pull then costs three round trips instead of one). Call once
    /// the link is up. Peers that do not answer (not started yet, down)
    /// are asked again from [`Self::handle_timeout`], after 1 s and then
    /// less and less often, up to once a minute, until every configured
    /// peer's number is known: a hostapd started after us must not make
    /// a station's first roam to it wait for our sequence exchange, which
    /// can take it past the station's authentication timeout.
    pub fn warm_up(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng)) {
        self.warm_up = Some(WarmUp {
            next: now,
            interval: WARM_UP_FIRST,
        });
        self.warm_up_round(now, rng);
    }

    // One warm-up round: a fresh SEQ_REQ to each usable configured peer
    // whose number is unknown, replacing an unanswered earlier warm-up
    // request (so at most one per peer is outstanding), and the next
    // round scheduled while any remains unknown.
    fn warm_up_round(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng)) {
        let Some(warm_up) = self.warm_up else { return };
        if warm_up.next > now {
            return;
        }
        let (own_r0, own_r1, own_addr) = (
            self.config.r0kh_id.clone(),
            self.config.r1kh_id,
            self.config.own_addr,
        );
        let mut asks = Vec::new();
        for (i, r) in self.r0khs.iter().enumerate() {
            if let PeerId::R0kh(id) = &r.id {
                let usable = r.learned_until.is_none()
                    && !r.is_wildcard()
                    && !r.addr.is_multicast()
                    && r.addr != own_addr;
                if usable && !r.rx.is_known() && !r.holds_messages() {
                    asks.push((Side::R0(i), r.addr, id.clone(), own_r1, r.key.clone()));
                }
            }
        }
        for (i, r) in self.r1khs.iter().enumerate() {
            if let PeerId::R1kh(id) = r.id {
                let usable = r.learned_until.is_none()
                    && !r.is_wildcard()
                    && r.addr != MacAddr::ZERO
                    && r.addr != own_addr;
                if usable && !r.rx.is_known() && !r.holds_messages() {
                    asks.push((Side::R1(i), r.addr, own_r0.clone(), id, r.key.clone()));
                }
            }
        }
        self.warm_up = (!asks.is_empty()).then(|| WarmUp {
            next: now + warm_up.interval,
            interval: (warm_up.interval * 2).min(WARM_UP_MAX),
        });
        for (side, addr, r0kh_id, r1kh_id, key) in asks {
            let mut replaced = 0;
            if let Some(p) = self.peer(side) {
                let before = p.seq_requests.len();
                p.seq_requests.retain(|s| s.held.is_some());
                replaced = before - p.seq_requests.len();
            }
            self.held_total = self.held_total.saturating_sub(replaced);
            self.send_seq_req(now, rng, side, addr, &r0kh_id, r1kh_id, &key, None);
        }
    }

    /// Stores a PMK-R0 derived at the initial mobility domain association
    /// (it expires after `ft_r0_key_lifetime`).
    pub fn store_pmk_r0(&mut self, now: Instant, p: PmkR0Params) {
        let lifetime = self.config.timers.r0_key_lifetime;
        let entry = PmkR0Entry {
            sta: p.sta,
            pmk_r0: p.pmk_r0,
            pmk_r0_name: p.pmk_r0_name,
            pairwise: p.pairwise,
            expires: (!lifetime.is_zero()).then(|| now + lifetime),
            session_end: p.session_timeout.filter(|t| !t.is_zero()).map(|t| now + t),
            identity: p.identity,
            radius_cui: p.radius_cui,
            vlan: p.vlan,
            pushed: false,
        };
        if self.pmk_r0.insert(p.sta, p.pmk_r0_name, entry) {
            bump!(self.pmk_r0_evicted);
        }
    }

    /// Stores a PMK-R1 the AP core made itself (`ft_psk_generate_local`).
    pub fn store_pmk_r1(&mut self, entry: PmkR1Entry) {
        self.store_r1(entry);
    }

    /// Forgets a station's keys and pending pull.
    pub fn forget_station(&mut self, sta: MacAddr) {
        self.pmk_r0.remove_station(sta);
        self.pmk_r1.remove_station(sta);
        self.pulls.remove(&sta);
    }

    /// With `pmk_r1_push`, pushes a PMK-R1 for `sta` to the R1KHs with a
    /// known address and ID (hostapd `wpa_ft_push_pmk_r1` pushes to all of
    /// them), once per PMK-R0. `only`, if given, restricts the push to those
    /// R1KH-IDs; without it, to the [`KeyHolder::roam_targets`] (where our
    /// stations roamed lately). When none of those is known, all are pushed
    /// to; pushes left out are counted in [`Stats::pushes_skipped`] when
    /// learning chose. Returns the number of pushes sent.
    pub fn push_pmk_r1(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        sta: MacAddr,
        only: Option<&[MacAddr]>,
    ) -> usize {
        if !self.config.pmk_r1_push {
            return 0;
        }
        let mut newest: Option<(PmkR0Name, Option<Instant>)> = None;
        for ((s, name), e) in self.pmk_r0.iter() {
            let live = e.expires.is_none_or(|t| t > now);
            if *s == sta && live && newest.as_ref().is_none_or(|(_, x)| e.expires > *x) {
                newest = Some((*name, e.expires));
            }
        }
        let Some((name, _)) = newest else { return 0 };
        match self.pmk_r0.get_mut(sta, name) {
            Some(e) if !e.pushed => e.pushed = true,
            _ => return 0,
        }
        let targets: Vec<(usize, MacAddr)> = self
            .r1khs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.id {
                PeerId::R1kh(id) if r.addr != MacAddr::ZERO && id != MacAddr::ZERO => Some((i, id)),
                _ => None,
            })
            .collect();
        let learnt = match only {
            Some(_) => Vec::new(),
            None => self.live_roam_targets(now),
        };
        let wanted = only.unwrap_or(&learnt);
        let all = targets.len();
        let chosen: Vec<(usize, MacAddr)> = if targets.iter().any(|(_, id)| wanted.contains(id)) {
            targets
                .into_iter()
                .filter(|(_, id)| wanted.contains(id))
                .collect()
        } else {
            targets
        };
        if only.is_none() {
            let skipped = all.saturating_sub(chosen.len()) as u64;
            self.stats.pushes_skipped = self.stats.pushes_skipped.saturating_add(skipped);
        }
        let mut sent = 0;
        for (i, r1kh_id) in chosen {
            let Some(session) = self.session_for(now, sta, name, r1kh_id) else {
                continue;
            };
            let Some(seq) = self.next_seq(Side::R1(i), now, rng) else {
                continue;
            };
            let Some((addr, key)) = self.r1khs.get(i).map(|r| (r.addr, r.key.clone())) else {
                continue;
            };
            let r0kh_id = self.config.r0kh_id.clone();
            let msg = MessageRepr {
                auth: AuthRepr {
                    nonce: None,
                    seq: Some(seq),
                    r0kh_id: &r0kh_id,
                    r1kh_id,
                },
                body: Body::Push {
                    s1kh_id: sta,
                    pmk_r0_name: name,
                    session,
                },
            };
            if self.send_message(now, Side::R1(i), addr, &key, &msg) {
                bump!(self.pushes_sent);
                bump!(self[Side::R1(i)].pushes_sent);
                sent += 1;
            }
        }
        sent
    }

    /// Finds the PMK-R1 for a station starting FT here, in hostapd's order
    /// (`wpa_ft_process_auth_req`): the PMK-R1 cache, then a PMK-R0 of our
    /// own, then a pull from the station's R0KH.
    pub fn request_pmk_r1(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        req: &PmkR1Request<'_>,
    ) -> PmkR1Lookup {
        let own_r1 = self.config.r1kh_id;
        let Ok(r1_name) = pmk_r1_name(&req.pmk_r0_name, req.akm, &own_r1, &req.sta) else {
            return PmkR1Lookup::Failed(PullFailure::Encode);
        };
        if let Some(e) = self.pmk_r1.get(req.sta, r1_name, now) {
            return PmkR1Lookup::Ready(Box::new(e.clone()));
        }
        if req.r0kh_id == self.config.r0kh_id.as_slice() {
            return match self.derive_local(now, req, r1_name) {
                Some(e) => PmkR1Lookup::Ready(Box::new(e)),
                None => PmkR1Lookup::Failed(PullFailure::NoLocalPmkR0),
            };
        }
        if let Some(p) = self.pulls.get(&req.sta) {
            if p.pmk_r0_name == req.pmk_r0_name && p.r0kh_id == req.r0kh_id {
                return PmkR1Lookup::Pending;
            }
        } else if self.pulls.len() >= self.config.limits.pending_pulls {
            bump!(self.pending_pulls_full);
            return PmkR1Lookup::Failed(PullFailure::TooManyPending);
        }
        let mut nonce = [0; NONCE_LEN];
        rng.fill_bytes(&mut nonce);
        let mut pull = PendingPull {
            pmk_r0_name: req.pmk_r0_name,
            pmk_r1_name: r1_name,
            r0kh_id: req.r0kh_id.to_vec(),
            nonce,
            retries_left: self.config.timers.pull_retries,
            deadline: now,
            started: now,
        };
        match self.send_pull(now, rng, req.sta, &mut pull) {
            Ok(()) => {
                self.pulls.insert(req.sta, pull);
                PmkR1Lookup::Pending
            }
            Err(reason) => {
                self.pulls.remove(&req.sta);
                PmkR1Lookup::Failed(reason)
            }
        }
    }

    // hostapd `wpa_ft_local_derive_pmk_r1`.
    fn derive_local(
        &mut self,
        now: Instant,
        req: &PmkR1Request<'_>,
        r1_name: PmkR1Name,
    ) -> Option<PmkR1Entry> {
        let own_r1 = self.config.r1kh_id;
        let r0 = self.pmk_r0.get(req.sta, req.pmk_r0_name, now)?;
        let pmk_r1 = derive_pmk_r1(&r0.pmk_r0, req.akm, &own_r1, &req.sta).ok()?;
        let entry = PmkR1Entry {
            sta: req.sta,
            pmk_r1,
            pmk_r1_name: r1_name,
            pairwise: r0.pairwise,
            expires: r0.expires,
            session_end: r0.session_end,
            identity: r0.identity.clone(),
            radius_cui: r0.radius_cui.clone(),
            vlan: r0.vlan.clone(),
            origin: PmkR1Origin::Local,
        };
        self.store_r1(entry.clone());
        Some(entry)
    }

    // hostapd `wpa_ft_pull_pmk_r1`: one (re)transmission of a pull.
    fn send_pull(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        sta: MacAddr,
        pull: &mut PendingPull,
    ) -> Result<(), PullFailure> {
        if pull.retries_left == 0 {
            return Err(PullFailure::Timeout);
        }
        pull.retries_left -= 1;
        let timers = self.config.timers;
        // Keep the peer long enough to check the response's sequence number.
        let keep = timers.pull_timeout + Duration::from_secs(1) + timers.seq_timeout;
        let (found, wild) = self.lookup_r0kh(&pull.r0kh_id);
        let idx = match (found, wild) {
            (Some(i), _) => i,
            (None, Some(w)) => {
                let addr = self
                    .r0khs
                    .get(w)
                    .map(|r| r.addr)
                    .unwrap_or(MacAddr::BROADCAST);
                let id = PeerId::R0kh(pull.r0kh_id.clone());
                self.learn(now, true, Some(w), addr, id, keep)
                    .ok_or(PullFailure::TooManyPending)?
            }
            (None, None) => return Err(PullFailure::UnknownR0kh),
        };
        let own_addr = self.config.own_addr;
        let own_r1 = self.config.r1kh_id;
        let peer = self.r0khs.get_mut(idx).ok_or(PullFailure::UnknownR0kh)?;
        peer.replenish(now, keep);
        if peer.is_blocked(now) {
            return Err(PullFailure::Blocked);
        }
        if peer.addr == own_addr {
            return Err(PullFailure::UnknownR0kh);
        }
        let (addr, key, seq_known) = (peer.addr, peer.key.clone(), peer.rx.is_known());
        if !seq_known {
            // Its response would need one anyway: save a round trip.
            let r0kh_id = pull.r0kh_id.clone();
            self.send_seq_req(now, rng, Side::R0(idx), addr, &r0kh_id, own_r1, &key, None);
        }
        let seq = self
            .next_seq(Side::R0(idx), now, rng)
            .ok_or(PullFailure::UnknownR0kh)?;
        let msg = MessageRepr {
            auth: AuthRepr {
                nonce: Some(pull.nonce),
                seq: Some(seq),
                r0kh_id: &pull.r0kh_id,
                r1kh_id: own_r1,
            },
            body: Body::Pull {
                pmk_r0_name: pull.pmk_r0_name,
                s1kh_id: sta,
            },
        };
        if !self.send_message(now, Side::R0(idx), addr, &key, &msg) {
            return Err(PullFailure::Encode);
        }
        debug!(%sta, r0kh = %addr, "FT: PMK-R1 pull sent");
        bump!(self.pulls_sent);
        bump!(self[Side::R0(idx)].pulls_sent);
        pull.deadline = now + timers.pull_timeout;
        Ok(())
    }

    // hostapd `wpa_ft_block_r0kh`: only with a wildcard (otherwise the R0KH
    // is configured and will stay so).
    fn block_r0kh(&mut self, now: Instant, id: &[u8]) {
        let neg = self.config.timers.neg_timeout;
        if neg.is_zero() {
            return;
        }
        let (found, wild) = self.lookup_r0kh(id);
        if wild.is_none() {
            return;
        }
        let idx = match found {
            Some(i) => Some(i),
            None => self.learn(
                now,
                true,
                wild,
                MacAddr::ZERO,
                PeerId::R0kh(id.to_vec()),
                neg,
            ),
        };
        if let Some(p) = idx.and_then(|i| self.r0khs.get_mut(i)) {
            p.blocked_until = Some(now + neg);
            if let Some(until) = &mut p.learned_until {
                *until = now + neg;
            }
        }
    }

    /// Retransmits or fails pulls, drops unanswered sequence requests,
    /// forgets learnt peers and expires keys.
    pub fn handle_timeout(&mut self, now: Instant, rng: &mut (impl RngCore + CryptoRng)) {
        let due: Vec<MacAddr> = self
            .pulls
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(s, _)| *s)
            .collect();
        for sta in due {
            let Some(mut pull) = self.pulls.remove(&sta) else {
                continue;
            };
            let result = if pull.retries_left > 0 {
                self.send_pull(now, rng, sta, &mut pull)
            } else {
                bump!(self.pull_timeouts);
                self.block_r0kh(now, &pull.r0kh_id);
                // After blocking, which learns a wildcard R0KH if need be.
                if let (Some(i), _) = self.lookup_r0kh(&pull.r0kh_id) {
                    self.note_failure(Some(Side::R0(i)));
                    bump!(self[Side::R0(i)].pull_timeouts);
                }
                Err(PullFailure::Timeout)
            };
            match result {
                Ok(()) => {
                    self.pulls.insert(sta, pull);
                }
                Err(reason) => self.events.push_back(Event::PullFailed {
                    sta,
                    pmk_r0_name: pull.pmk_r0_name,
                    reason,
                }),
            }
        }

        let seq_timeout = self.config.timers.seq_timeout;
        let mut dropped = 0;
        let mut unanswered = 0;
        for p in self.r0khs.iter_mut().chain(self.r1khs.iter_mut()) {
            let before = p.seq_requests.len();
            p.seq_requests.retain(|s| {
                let live = s.sent + seq_timeout > now;
                if !live && s.held.is_some() {
                    unanswered += 1;
                }
                live
            });
            dropped += before - p.seq_requests.len();
            if p.blocked_until.is_some_and(|t| t <= now) {
                p.blocked_until = None;
            }
        }
        for list in [&mut self.r0khs, &mut self.r1khs] {
            list.retain(|p| {
                let keep = p.learned_until.is_none_or(|t| t > now);
                if !keep {
                    dropped += p.seq_requests.len();
                }
                keep
            });
        }
        self.held_total = self.held_total.saturating_sub(dropped);
        self.stats.deferred_dropped = self.stats.deferred_dropped.saturating_add(unanswered);
        let roam_timeout = self.config.timers.roam_target_timeout;
        self.roam_targets
            .retain(|t| now.saturating_duration_since(t.last_seen) < roam_timeout);
        let expired = self.pmk_r0.expire(now) + self.pmk_r1.expire(now);
        self.stats.keys_expired = self.stats.keys_expired.saturating_add(expired as u64);
        self.warm_up_round(now, rng);
    }

    /// Relays an FT Request Action frame (Category first) that one of our
    /// stations sent to its target AP (hostapd `wpa_ft_action_rx`); the
    /// caller has checked the STA address is the sender's and over-DS is on.
    pub fn relay_over_ds_request(&mut self, action_frame: &[u8]) -> Result<MacAddr, Error> {
        let ft = FtActionRepr::parse_bytes(action_frame).map_err(|_| Error::NotFtAction)?;
        if ft.action != FtActionCode::Request {
            return Err(Error::NotFtAction);
        }
        let target = ft.target_ap_addr;
        if target.is_multicast() || target == self.config.own_addr {
            return Err(Error::BadTargetAp);
        }
        let payload = RrbFrameRepr {
            packet_type: PacketType::Request,
            ap_address: self.config.own_addr,
            action_frame,
        }
        .to_bytes()?;
        self.push_rrb(target, payload);
        Ok(target)
    }

    /// Answers a relayed FT Request ([`Event::OverDsRequest`]) through the
    /// station's current AP (hostapd `wpa_ft_send_rrb_auth_resp`).
    pub fn send_over_ds_response(
        &mut self,
        current_ap: MacAddr,
        sta: MacAddr,
        status: StatusCode,
        elements: &[u8],
    ) -> Result<(), Error> {
        let action = FtActionRepr {
            action: FtActionCode::Response,
            sta_addr: sta,
            target_ap_addr: self.config.own_addr,
            status: Some(status),
            elements: Elements::new(elements),
        }
        .to_bytes()
        .map_err(|_| Error::NotFtAction)?;
        let payload = RrbFrameRepr {
            packet_type: PacketType::Response,
            ap_address: self.config.own_addr,
            action_frame: &action,
        }
        .to_bytes()?;
        self.push_rrb(current_ap, payload);
        Ok(())
    }

    fn push_rrb(&mut self, dst: MacAddr, payload: Vec<u8>) {
        bump!(self.tx_frames);
        bump!(self.over_ds_frames);
        self.transmits.push_back(Transmit {
            dst,
            ethertype: ETHERTYPE_RRB,
            payload,
        });
    }

    /// Handles an 0x890d payload from `src` to `dst` (hostapd `wpa_ft_rrb_rx`).
    pub fn handle_rrb_frame(&mut self, src: MacAddr, dst: MacAddr, payload: &[u8]) {
        bump!(self.rx_frames);
        if src.is_multicast() || (dst != self.config.own_addr && !dst.is_multicast()) {
            bump!(self.not_for_us);
            return;
        }
        let parsed = RrbFrameRepr::parse(payload).and_then(|f| Ok((f, f.action()?)));
        let Ok((frame, ft)) = parsed else {
            bump!(self.malformed);
            return;
        };
        let event = match frame.packet_type {
            PacketType::Request
                if ft.action == FtActionCode::Request
                    && ft.target_ap_addr == self.config.own_addr =>
            {
                Event::OverDsRequest {
                    current_ap: frame.ap_address,
                    sta: ft.sta_addr,
                    elements: ft.elements.as_bytes().to_vec(),
                }
            }
            PacketType::Response => Event::OverDsResponse {
                sta: ft.sta_addr,
                action_frame: frame.action_frame.to_vec(),
            },
            _ => {
                bump!(self.not_for_us);
                return;
            }
        };
        bump!(self.over_ds_frames);
        self.events.push_back(event);
    }
}

// A received key-holder message, as dispatched.
struct Rx<'a> {
    src: MacAddr,
    subtype: Subtype,
    msg: KeyHolderMessage<'a>,
    auth: AuthRepr<'a>,
    raw: &'a [u8],
    no_defer: bool,
}
