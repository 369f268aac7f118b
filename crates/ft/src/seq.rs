//! Per-peer sequence numbers: hostapd's replay protection of key-holder
//! messages (`wpa_ft_new_seq`, `wpa_ft_rrb_seq_chk`, `wpa_ft_rrb_seq_accept`,
//! `wpa_ft_rrb_rx_seq_resp`).
//!
//! A sender picks a random domain (low bit set) and a random first number per
//! peer and counts up; it stamps its monotonic clock in seconds. A receiver
//! that has no state for the sender, sees a new domain (the sender
//! restarted), or a timestamp more than 10 s off cannot tell a fresh message
//! from a replay: it holds the message, asks the sender for its current
//! number with a fresh nonce (SEQ_REQ), and decides when the authenticated
//! answer (SEQ_RESP) arrives. Numbers already seen, or up to 2^30 behind the
//! window, are dropped.

use rand::{CryptoRng, RngCore};

use crate::message::Seq;

/// Accepted numbers remembered per peer (`FT_REMOTE_SEQ_BACKLOG`).
pub(crate) const BACKLOG: usize = 16;

// hostapd's window: up to 2^30 ahead of the offset is new, up to 2^30
// behind is old; anything else needs a sequence request.
const AHEAD: u32 = 0x4000_0000;
const BEHIND: u32 = 0xc000_0000;

/// The verdict on a received SEQ TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeqCheck {
    /// Fresh: process the message.
    Fresh,
    /// Replayed or too old: drop it.
    Replay,
    /// Unknown: hold it and send a sequence request.
    Unknown,
}

/// What we know of a peer's numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct SeqRx {
    dom: u32,
    // Local clock minus the peer's clock, seconds, wrapping like hostapd's.
    time_offset: u32,
    last: [u32; BACKLOG],
    num_last: usize,
    offset_idx: usize,
}

impl SeqRx {
    /// True once a sequence response has set the state.
    pub(crate) fn is_known(&self) -> bool {
        self.num_last > 0
    }

    /// Checks `seq` received at local time `now_secs`; `window_secs` is
    /// hostapd's `ftRRBseqTimeout`.
    pub(crate) fn check(&self, seq: &Seq, now_secs: u32, window_secs: u32) -> SeqCheck {
        if self.num_last == 0 || seq.dom != self.dom {
            return SeqCheck::Unknown;
        }
        let now_remote = now_secs.wrapping_sub(self.time_offset);
        let ts_off = seq.ts.wrapping_sub(now_remote.wrapping_sub(window_secs));
        if ts_off > 2 * window_secs {
            return SeqCheck::Unknown;
        }
        let base = self.last.get(self.offset_idx).copied().unwrap_or(0);
        let off = seq.seq.wrapping_sub(base);
        if off > BEHIND {
            return SeqCheck::Replay;
        }
        if off <= AHEAD {
            let seen = self.last.iter().take(self.num_last).any(|&l| l == seq.seq);
            return if seen {
                SeqCheck::Replay
            } else {
                SeqCheck::Fresh
            };
        }
        SeqCheck::Unknown
    }

    /// Records an accepted number. Once the backlog is full the entry at the
    /// window's offset is replaced and the offset moves to the lowest
    /// remaining number (hostapd's `wpa_ft_rrb_seq_accept`, kept as is so
    /// that both ends of a mixed domain judge alike).
    pub(crate) fn accept(&mut self, seq: u32) {
        if self.num_last < BACKLOG {
            if let Some(slot) = self.last.get_mut(self.num_last) {
                *slot = seq;
            }
            self.num_last += 1;
            return;
        }
        let base = self.last.get(self.offset_idx).copied().unwrap_or(0);
        let mut min_idx = 0;
        for (i, &l) in self.last.iter().enumerate() {
            let min = self.last.get(min_idx).copied().unwrap_or(0);
            if l.wrapping_sub(base) < min.wrapping_sub(base) && i != self.offset_idx {
                min_idx = i;
            }
        }
        if let Some(slot) = self.last.get_mut(self.offset_idx) {
            *slot = seq;
        }
        self.offset_idx = min_idx;
    }

    /// Restarts from a sequence response the check did not accept: the
    /// peer's current number and clock, tolerating `held` messages it sent
    /// just before (hostapd accepts 16 + queue length older numbers).
    pub(crate) fn reset(&mut self, seq: &Seq, now_secs: u32, held: usize) {
        let slack = u32::try_from(BACKLOG + held).unwrap_or(u32::MAX);
        self.dom = seq.dom;
        self.num_last = 2;
        self.offset_idx = 0;
        self.last = [0; BACKLOG];
        let [first, second, ..] = &mut self.last;
        *first = seq.seq.wrapping_sub(slack);
        *second = seq.seq;
        self.time_offset = now_secs.wrapping_sub(seq.ts);
    }
}

/// Our numbers towards a peer.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SeqTx {
    dom: u32,
    next: u32,
}

impl SeqTx {
    /// The SEQ TLV for the next message; picks the domain and first number
    /// on first use.
    pub(crate) fn next(&mut self, now_secs: u32, rng: &mut (impl RngCore + CryptoRng)) -> Seq {
        if self.dom == 0 {
            self.next = rng.next_u32();
            self.dom = rng.next_u32() | 1;
        }
        let seq = Seq {
            dom: self.dom,
            seq: self.next,
            ts: now_secs,
        };
        self.next = self.next.wrapping_add(1);
        seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(seq: u32, ts: u32) -> Seq {
        Seq { dom: 7, seq, ts }
    }

    #[test]
    fn unknown_until_reset_then_replays_drop() {
        let mut rx = SeqRx::default();
        assert_eq!(rx.check(&seq(100, 50), 1000, 10), SeqCheck::Unknown);
        rx.reset(&seq(100, 50), 1000, 1);
        assert!(rx.is_known());
        // Remote clock 50 at local 1000: a message stamped 55 at local 1005.
        assert_eq!(rx.check(&seq(101, 55), 1005, 10), SeqCheck::Fresh);
        rx.accept(101);
        assert_eq!(rx.check(&seq(101, 55), 1005, 10), SeqCheck::Replay);
        assert_eq!(rx.check(&seq(100, 55), 1005, 10), SeqCheck::Replay);
        // Up to 17 older numbers (backlog + one held) pass; far older ones drop.
        assert_eq!(rx.check(&seq(90, 55), 1005, 10), SeqCheck::Fresh);
        assert_eq!(rx.check(&seq(70, 55), 1005, 10), SeqCheck::Replay);
        // Another domain, or a clock 11 s off: ask again.
        assert_eq!(
            rx.check(
                &Seq {
                    dom: 9,
                    seq: 102,
                    ts: 55
                },
                1005,
                10
            ),
            SeqCheck::Unknown
        );
        assert_eq!(rx.check(&seq(102, 66), 1005, 10), SeqCheck::Unknown);
        assert_eq!(rx.check(&seq(102, 44), 1005, 10), SeqCheck::Unknown);
        assert_eq!(rx.check(&seq(102, 45), 1005, 10), SeqCheck::Fresh);
        // More than 2^30 ahead.
        assert_eq!(
            rx.check(&seq(100 + AHEAD + 1, 55), 1005, 10),
            SeqCheck::Unknown
        );
    }

    #[test]
    fn full_backlog_keeps_rejecting_replays() {
        let mut rx = SeqRx::default();
        rx.reset(&seq(1000, 0), 0, 0);
        for s in 1001..1100 {
            assert_eq!(rx.check(&seq(s, 0), 0, 10), SeqCheck::Fresh, "{s}");
            rx.accept(s);
            assert_eq!(rx.check(&seq(s, 0), 0, 10), SeqCheck::Replay, "{s}");
        }
        assert_eq!(rx.check(&seq(1050, 0), 0, 10), SeqCheck::Replay);
    }

    #[test]
    fn tx_counts_up_with_odd_domain() {
        struct Fixed(u32);
        impl RngCore for Fixed {
            fn next_u32(&mut self) -> u32 {
                self.0 += 2;
                self.0
            }
            fn next_u64(&mut self) -> u64 {
                u64::from(self.next_u32())
            }
            fn fill_bytes(&mut self, d: &mut [u8]) {
                d.fill(0)
            }
            fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), rand::Error> {
                d.fill(0);
                Ok(())
            }
        }
        impl CryptoRng for Fixed {}
        let mut tx = SeqTx::default();
        let mut rng = Fixed(0);
        let a = tx.next(5, &mut rng);
        let b = tx.next(6, &mut rng);
        assert_eq!(a.dom % 2, 1);
        assert_eq!((a.dom, b.seq, b.ts), (b.dom, a.seq + 1, 6));
    }
}
