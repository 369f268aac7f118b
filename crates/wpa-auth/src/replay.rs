//! Key Replay Counters of the frames we send (IEEE 802.11-2020 12.7.2 c).
//!
//! Every EAPOL-Key frame to a station gets a counter one higher than the
//! last, never reused. A reply must carry the counter of a frame we sent and
//! that is still unanswered. Like hostapd's `key_replay[RSNA_MAX_EAPOL_RETRIES]`
//! we keep the counters of the last four transmissions, so that a reply to
//! an earlier retransmission is still accepted.

/// How many outstanding transmissions stay answerable (hostapd
/// `RSNA_MAX_EAPOL_RETRIES`).
pub(crate) const WINDOW: usize = 4;

#[derive(Debug, Clone, Default)]
pub(crate) struct ReplayState {
    /// The last counter used; 0 before the first frame.
    last: u64,
    /// Unanswered counters, newest first.
    pending: [Option<u64>; WINDOW],
    /// The message 1 counters that were pending when message 2 was
    /// accepted, to recognise retransmitted message 2s (hostapd
    /// `prev_key_replay`).
    prev: [Option<u64>; WINDOW],
}

impl ReplayState {
    /// The counter for a new frame; it becomes pending.
    pub(crate) fn next(&mut self) -> u64 {
        // 2^64 frames to one station cannot happen; saturating keeps the
        // sequence non-decreasing rather than wrapping to reused values.
        self.last = self.last.saturating_add(1);
        self.pending.rotate_right(1);
        self.pending[0] = Some(self.last);
        self.last
    }

    /// The last counter used (0 if none).
    pub(crate) fn last(&self) -> u64 {
        self.last
    }

    /// True if `counter` is that of an unanswered frame.
    pub(crate) fn is_pending(&self, counter: u64) -> bool {
        self.pending.contains(&Some(counter))
    }

    /// True if `counter` is that of a message 1 answered earlier.
    pub(crate) fn is_prev(&self, counter: u64) -> bool {
        self.prev.contains(&Some(counter))
    }

    /// A verified reply arrived: no outstanding counter is acceptable any
    /// more. With `keep_prev` (message 2) they are remembered as answered
    /// message 1 counters.
    pub(crate) fn answered(&mut self, keep_prev: bool) {
        self.prev = if keep_prev {
            self.pending
        } else {
            [None; WINDOW]
        };
        self.pending = [None; WINDOW];
    }

    /// Makes every outstanding counter unacceptable, keeping the answered
    /// message 1 counters (a new round of the same handshake starts).
    pub(crate) fn drop_pending(&mut self) {
        self.pending = [None; WINDOW];
    }

    /// Forgets one answered message 1 counter (after an SNonce update).
    pub(crate) fn forget_prev(&mut self, counter: u64) {
        for slot in &mut self.prev {
            if *slot == Some(counter) {
                *slot = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_increase_and_window_slides() {
        let mut r = ReplayState::default();
        assert_eq!(r.last(), 0);
        let got: Vec<u64> = (0..6).map(|_| r.next()).collect();
        assert_eq!(got, [1, 2, 3, 4, 5, 6]);
        assert!(!r.is_pending(2));
        assert!((3..=6).all(|c| r.is_pending(c)));
        r.answered(true);
        assert!(!r.is_pending(6));
        assert!(r.is_prev(6) && r.is_prev(3));
        r.forget_prev(6);
        assert!(!r.is_prev(6));
        assert_eq!(r.next(), 7);
        r.answered(false);
        assert!(!r.is_prev(3) && !r.is_pending(7));
    }
}
