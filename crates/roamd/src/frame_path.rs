//! How long the AP takes per step of a join or a roam: from the moment the
//! event loop takes a received frame to the moment the last command it
//! caused is handed to the kernel. The station gives the AP about 100 ms for
//! some answers, so this is the number to compare with hostapd's.
//!
//! Each step kind keeps its last [`SAMPLES`] durations in a ring (bounded,
//! whatever the air sends) for a median, plus a count and the maximum.

use std::fmt;
use std::time::Duration;

/// Samples kept per step kind.
pub const SAMPLES: usize = 256;

/// What a received frame was, as far as the timing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Probe request.
    Probe,
    /// Authentication (open system, FT).
    Auth,
    /// SAE Commit: the elliptic-curve work of the exchange.
    SaeCommit,
    /// SAE Confirm.
    SaeConfirm,
    /// Association request.
    Assoc,
    /// Reassociation request.
    Reassoc,
    /// Any other management frame.
    OtherMgmt,
    /// EAPOL-Key answered with an EAPOL-Key (message 2, answered by message 3).
    EapolKeyAnswered,
    /// EAPOL-Key that ends an exchange (message 4, group message 2).
    EapolKey,
    /// Other EAPOL (802.1X/EAP).
    Eapol,
}

impl Step {
    const ALL: [Step; 10] = [
        Step::Probe,
        Step::Auth,
        Step::SaeCommit,
        Step::SaeConfirm,
        Step::Assoc,
        Step::Reassoc,
        Step::OtherMgmt,
        Step::EapolKeyAnswered,
        Step::EapolKey,
        Step::Eapol,
    ];

    /// The step of a management frame, from its frame control subtype
    /// (and for an authentication its algorithm and transaction, after the
    /// 24-octet header).
    pub fn of_mgmt(frame: &[u8]) -> Step {
        const SAE: [u8; 2] = 3u16.to_le_bytes();
        match frame.first().map(|fc| fc >> 4) {
            Some(0) => Step::Assoc,
            Some(2) => Step::Reassoc,
            Some(4) => Step::Probe,
            Some(11) => match (frame.get(24..26), frame.get(26..28)) {
                (Some(alg), Some([1, 0])) if alg == SAE => Step::SaeCommit,
                (Some(alg), Some([2, 0])) if alg == SAE => Step::SaeConfirm,
                _ => Step::Auth,
            },
            _ => Step::OtherMgmt,
        }
    }

    /// The step of an EAPOL frame, from its packet type and whether the
    /// AP answered it with EAPOL.
    pub fn of_eapol(frame: &[u8], answered: bool) -> Step {
        match (frame.get(1), answered) {
            (Some(3), true) => Step::EapolKeyAnswered,
            (Some(3), false) => Step::EapolKey,
            _ => Step::Eapol,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Step::Probe => "probe",
            Step::Auth => "auth",
            Step::SaeCommit => "sae-commit",
            Step::SaeConfirm => "sae-confirm",
            Step::Assoc => "assoc",
            Step::Reassoc => "reassoc",
            Step::OtherMgmt => "other-mgmt",
            Step::EapolKeyAnswered => "eapol-key-answered",
            Step::EapolKey => "eapol-key",
            Step::Eapol => "eapol",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone)]
struct Samples {
    count: u64,
    max: Duration,
    ring: Vec<Duration>,
    next: usize,
}

impl Default for Samples {
    fn default() -> Self {
        Samples {
            count: 0,
            max: Duration::ZERO,
            ring: Vec::new(),
            next: 0,
        }
    }
}

/// The timings of every step kind.
#[derive(Debug, Clone, Default)]
pub struct FramePath {
    steps: [Samples; 8],
}

/// One step kind's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// The step.
    pub step: Step,
    /// Frames handled.
    pub count: u64,
    /// Median of the last [`SAMPLES`].
    pub median: Duration,
    /// Longest ever.
    pub max: Duration,
}

impl FramePath {
    /// Records one step.
    pub fn record(&mut self, step: Step, took: Duration) {
        let Some(s) = self.steps.get_mut(step as usize) else {
            return;
        };
        s.count += 1;
        s.max = s.max.max(took);
        if s.ring.len() < SAMPLES {
            s.ring.push(took);
        } else if let Some(slot) = s.ring.get_mut(s.next) {
            *slot = took;
        }
        s.next = (s.next + 1) % SAMPLES;
    }

    /// Summaries of the steps seen at least once.
    pub fn summaries(&self) -> Vec<Summary> {
        Step::ALL
            .iter()
            .zip(&self.steps)
            .filter(|(_, s)| s.count > 0)
            .map(|(step, s)| {
                let mut sorted = s.ring.clone();
                sorted.sort_unstable();
                Summary {
                    step: *step,
                    count: s.count,
                    median: sorted.get(sorted.len() / 2).copied().unwrap_or_default(),
                    max: s.max,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_classified_from_the_frame() {
        assert_eq!(Step::of_mgmt(&[0xb0, 0]), Step::Auth);
        assert_eq!(Step::of_mgmt(&[0x00, 0]), Step::Assoc);
        assert_eq!(Step::of_mgmt(&[0x20, 0]), Step::Reassoc);
        assert_eq!(Step::of_mgmt(&[0x40, 0]), Step::Probe);
        assert_eq!(Step::of_mgmt(&[0xc0, 0]), Step::OtherMgmt);
        assert_eq!(Step::of_mgmt(&[]), Step::OtherMgmt);
        let auth = |alg: u8, transaction: u8| {
            let mut f = vec![0xb0; 24];
            f.extend_from_slice(&[alg, 0, transaction, 0, 0, 0]);
            f
        };
        assert_eq!(Step::of_mgmt(&auth(3, 1)), Step::SaeCommit);
        assert_eq!(Step::of_mgmt(&auth(3, 2)), Step::SaeConfirm);
        assert_eq!(Step::of_mgmt(&auth(0, 1)), Step::Auth);
        assert_eq!(Step::of_eapol(&[2, 3, 0, 0], true), Step::EapolKeyAnswered);
        assert_eq!(Step::of_eapol(&[2, 3, 0, 0], false), Step::EapolKey);
        assert_eq!(Step::of_eapol(&[2, 0, 0, 0], true), Step::Eapol);
    }

    #[test]
    fn the_sample_ring_is_bounded_and_the_median_follows_recent_samples() {
        let mut path = FramePath::default();
        for _ in 0..1000 {
            path.record(Step::Auth, Duration::from_micros(900));
        }
        for _ in 0..SAMPLES {
            path.record(Step::Auth, Duration::from_micros(100));
        }
        let s = path.summaries();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].count, 1000 + SAMPLES as u64);
        assert_eq!(s[0].median, Duration::from_micros(100));
        assert_eq!(s[0].max, Duration::from_micros(900));
        assert!(path.steps.iter().all(|s| s.ring.len() <= SAMPLES));
    }
}
