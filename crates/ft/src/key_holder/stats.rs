//! Counters and per-peer health.

use std::time::Instant;

use roamd_ieee80211::MacAddr;

/// Counters since start (all saturating).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Frames handed to the key holder.
    pub rx_frames: u64,
    /// Frames queued for sending.
    pub tx_frames: u64,
    /// Frames that did not parse, or lacked a required TLV.
    pub malformed: u64,
    /// Frames not for us (other destination, group source, other R0KH/R1KH-ID).
    pub not_for_us: u64,
    /// Frames from key holders in neither list and without a wildcard.
    pub unknown_peer: u64,
    /// Frames that failed AES-SIV: wrong key or tampered.
    pub unauthenticated: u64,
    /// Frames dropped for a replayed or old sequence number.
    pub replayed: u64,
    /// Frames held until a sequence response.
    pub deferred: u64,
    /// Frames not held because a queue was full, or dropped from it unanswered.
    pub deferred_dropped: u64,
    /// Sequence responses without a matching request.
    pub bad_seq_responses: u64,
    /// Pull requests sent (retries included).
    pub pulls_sent: u64,
    /// Pulls that timed out after all retries.
    pub pull_timeouts: u64,
    /// NAKs received.
    pub naks_received: u64,
    /// Pull requests answered with a PMK-R1.
    pub pulls_answered: u64,
    /// Pull requests answered with a NAK.
    pub naks_sent: u64,
    /// Responses matching no pending pull.
    pub unexpected_responses: u64,
    /// PMK-R1 pushes sent.
    pub pushes_sent: u64,
    /// PMK-R1 pushes accepted.
    pub pushes_received: u64,
    /// PMK-R1 pushes not sent to an R1KH because no station of ours has
    /// roamed there lately ([`crate::KeyHolder::roam_targets`]).
    pub pushes_skipped: u64,
    /// Pulls refused because [`crate::Limits::pending_pulls`] were pending.
    pub pending_pulls_full: u64,
    /// Peers not learnt because [`crate::Limits::learned_peers`] were known.
    pub learned_peers_full: u64,
    /// PMK-R0s evicted from a full cache.
    pub pmk_r0_evicted: u64,
    /// PMK-R1s evicted from a full cache.
    pub pmk_r1_evicted: u64,
    /// Keys dropped at the end of their lifetime.
    pub keys_expired: u64,
    /// Over-DS frames relayed or delivered.
    pub over_ds_frames: u64,
}

/// Which list a peer is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerId {
    /// An R0KH (`r0kh=`), by R0KH-ID.
    R0kh(Vec<u8>),
    /// An R1KH (`r1kh=`), by R1KH-ID.
    R1kh(MacAddr),
}

/// What was exchanged with one peer since it was configured or learnt (all
/// saturating). The pull counters are about an R0KH peer, `pulls_served`
/// and `naks_sent` about an R1KH peer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeerCounters {
    /// Pull requests we sent to it (retries included).
    pub pulls_sent: u64,
    /// Our pulls it answered with a PMK-R1 of the name we asked for.
    pub pulls_answered: u64,
    /// Our pulls it answered with a NAK.
    pub naks_received: u64,
    /// Our pulls it left unanswered through all retries.
    pub pull_timeouts: u64,
    /// Its pulls we answered with a PMK-R1 (a station of ours roamed there).
    pub pulls_served: u64,
    /// Its pulls we answered with a NAK.
    pub naks_sent: u64,
    /// PMK-R1s we pushed to it.
    pub pushes_sent: u64,
    /// PMK-R1s it pushed to us.
    pub pushes_received: u64,
}

/// Health of one peer key holder, for the control interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerStatus {
    /// Which peer.
    pub id: PeerId,
    /// Its address (learnt ones: from its last sequence response).
    pub addr: MacAddr,
    /// Learnt through a wildcard rather than configured.
    pub learned: bool,
    /// Blocked after unanswered pulls.
    pub blocked: bool,
    /// Last authenticated message from it.
    pub last_rx: Option<Instant>,
    /// Last message queued for it.
    pub last_tx: Option<Instant>,
    /// Authentication failures, replays, unanswered pulls and responses
    /// carrying another PMKR1Name than asked for.
    pub failures: u64,
    /// Its sequence numbers are known.
    pub seq_known: bool,
    /// Messages from it held for a sequence response.
    pub deferred: usize,
    /// An R1KH that PMK-R1 pushes currently go to, learnt from its pulls
    /// ([`crate::KeyHolder::roam_targets`]).
    pub roam_target: bool,
    /// What was exchanged with it.
    pub counters: PeerCounters,
}
