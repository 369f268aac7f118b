//! Per-station EAPOL-Key statistics.

/// Counters of one station's EAPOL-Key traffic; dropped frames are counted
/// by cause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StaCounters {
    /// EAPOL frames handed to [`crate::PtkStateMachine::handle_eapol_key`].
    pub frames_received: u64,
    /// EAPOL-Key frames sent (first transmissions and retransmissions).
    pub frames_sent: u64,
    /// Of these, retransmissions after a timeout.
    pub retransmissions: u64,
    /// Frames whose MIC did not verify.
    pub mic_failures: u64,
    /// Frames with a replay counter we are not waiting for, or repeats of a
    /// message already handled (message 2 or 4 after their handshake step).
    pub replays_dropped: u64,
    /// Frames that are valid EAPOL-Key frames but not expected in this
    /// state (message 4 before message 3, group message 2 with no group
    /// handshake running, frames before `start` or after deauthentication).
    pub unexpected_dropped: u64,
    /// Frames that do not parse, have a wrong descriptor type or version,
    /// or invalid Key Information bits (Key Ack set, Key MIC clear, SMK).
    pub malformed_dropped: u64,
    /// EAPOL-Key Requests (rekey requests, Michael MIC failure reports),
    /// counted and ignored.
    pub requests_ignored: u64,
    /// PTK rekeys started ([`crate::PtkStateMachine::start_ptk_rekey`]).
    pub ptk_rekeys: u64,
}
