//! The commit work budget: a token bucket on the commits that cost scalar multiplications.
//!
//! A commit's ECC work (the password element, rand * (...)) costs a millisecond or more;
//! a station can send hundreds a second from as many forged addresses. Anti-clogging
//! tokens only start once instances pile up, so the bucket bounds the CPU a flood can take
//! before that. A commit over budget is dropped unanswered: a real station retransmits.

use std::time::{Duration, Instant};

/// Rate and burst of commit processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitBudget {
    /// Commits processed per second on average; 0 lifts the bound.
    pub per_second: u32,
    /// Commits that may be processed back to back after a quiet spell (at least 1).
    pub burst: u32,
}

impl Default for CommitBudget {
    fn default() -> Self {
        Self {
            per_second: 50,
            burst: 10,
        }
    }
}

/// The bucket: credit is time, one commit costs `1 s / per_second` of it.
#[derive(Debug)]
pub(crate) struct Bucket {
    cost: Option<Duration>,
    cap: Duration,
    credit: Duration,
    last: Option<Instant>,
}

impl Bucket {
    pub(crate) fn new(budget: CommitBudget) -> Self {
        let cost = (budget.per_second > 0).then(|| Duration::from_secs(1) / budget.per_second);
        let cap = cost.unwrap_or_default() * budget.burst.max(1);
        Self {
            cost,
            cap,
            credit: cap,
            last: None,
        }
    }

    /// Takes one commit's worth, if there is credit.
    pub(crate) fn take(&mut self, now: Instant) -> bool {
        let Some(cost) = self.cost else {
            return true;
        };
        if let Some(last) = self.last {
            let earned = now.saturating_duration_since(last);
            self.credit = self.credit.saturating_add(earned).min(self.cap);
        }
        self.last = Some(now);
        match self.credit.checked_sub(cost) {
            Some(rest) => {
                self.credit = rest;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_rate() {
        let mut b = Bucket::new(CommitBudget {
            per_second: 10,
            burst: 3,
        });
        let t0 = Instant::now();
        assert!((0..3).all(|_| b.take(t0)));
        assert!(!b.take(t0));
        assert!(!b.take(t0 + Duration::from_millis(50)));
        assert!(b.take(t0 + Duration::from_millis(100)));
        // A long quiet spell refills only up to the burst.
        let later = t0 + Duration::from_secs(60);
        assert!((0..3).all(|_| b.take(later)));
        assert!(!b.take(later));
    }

    #[test]
    fn zero_rate_is_unbounded() {
        let mut b = Bucket::new(CommitBudget {
            per_second: 0,
            burst: 0,
        });
        let t0 = Instant::now();
        assert!((0..1000).all(|_| b.take(t0)));
    }
}
