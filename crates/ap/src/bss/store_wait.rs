//! A cache domain shared with other hosts through a store (feature
//! `shared-cache`): the bounded wait on a local miss.
//!
//! The replica a host keeps of its domain is current to within the
//! store's announcement delay, so a station that roams faster than that
//! (or one whose entry the replica lost) offers a PMKID this host does not
//! have yet. Rather than start full EAP at once, the (re)association
//! request is held: the BSS emits [`Output::FetchPmksa`], the daemon reads
//! the station's record from the store without blocking its loop, puts
//! what it got into the registry and calls [`Bss::handle_store_answer`];
//! the request is then handled again, and its lookup hits or misses as
//! usual. No answer by the domain's `miss_wait` means full authentication
//! ([`Bss::handle_timeout`]). The wait is bounded: one request per
//! station, at most [`MAX_STORE_WAITS`] per BSS (counted beyond), and none
//! while the store is known to be unavailable (the journal says so).

use super::*;
use crate::ft::KeySource;

/// Stations of one BSS that may wait for the store at the same time; a
/// miss beyond it goes straight to full authentication (counted in
/// [`Counters::store_waits_refused`]).
pub const MAX_STORE_WAITS: usize = 32;

/// What the daemon learnt when it asked the store for a waiting station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreAnswer {
    /// The store answered; its record, if it had one and the record
    /// opened, is in the registry now.
    Answered,
    /// The store could not be asked (not connected, its queue full, an
    /// error or no answer in time on the daemon's side).
    Unavailable,
}

/// How a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitEnd {
    /// The daemon's answer.
    Store(StoreAnswer),
    /// `miss_wait` passed first.
    TimedOut,
}

/// A (re)association request held while the store is asked.
#[derive(Debug)]
pub struct StoreWait {
    /// The request, handled again once the wait ends.
    pub(crate) request: Vec<u8>,
    /// When the store was asked.
    pub(crate) started: Instant,
    /// Full authentication then, whatever the store says later.
    pub(crate) deadline: Instant,
    /// Set while the request is handled again.
    pub(crate) end: Option<WaitEnd>,
}

impl StoreWait {
    /// The deadline, while the answer is awaited.
    pub(crate) fn pending_deadline(&self) -> Option<Instant> {
        self.end.is_none().then_some(self.deadline)
    }
}

/// What the (re)association path does after its local lookup.
pub(super) enum AfterLookup {
    /// Answer later; these outputs now (the fetch, or nothing for a
    /// repeated request).
    Wait(Vec<Output>),
    /// Go on; the store's part in the roam, for the journal.
    Go(Option<KeySource>),
}

impl Bss {
    /// The store's answer for station `sta`, whose (re)association request
    /// waits since it emitted [`Output::FetchPmksa`]: the request is
    /// handled again. A late answer (the wait timed out, the station left
    /// or authenticated again) does nothing.
    pub fn handle_store_answer(
        &mut self,
        now: Instant,
        sta: MacAddr,
        answer: StoreAnswer,
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let out = self.end_store_wait(now, sta, WaitEnd::Store(answer));
        self.finish(now, out)
    }

    /// The station's wait for the store, when it timed out.
    pub(super) fn store_wait_timeout(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        let due = self
            .stations
            .get(&sta)
            .and_then(|s| s.store_wait.as_ref()?.pending_deadline())
            .is_some_and(|t| now >= t);
        if !due {
            return Vec::new();
        }
        self.counters.store_wait_timeouts += 1;
        info!("the store did not answer within miss_wait_ms: full authentication");
        self.end_store_wait(now, sta, WaitEnd::TimedOut)
    }

    fn end_store_wait(&mut self, now: Instant, sta: MacAddr, end: WaitEnd) -> Vec<Output> {
        let Some(wait) = self
            .stations
            .get_mut(&sta)
            .and_then(|s| s.store_wait.as_mut())
            .filter(|w| w.end.is_none())
        else {
            debug!(?end, "no request waits for the store: answer ignored");
            return Vec::new();
        };
        wait.end = Some(end);
        let request = std::mem::take(&mut wait.request);
        let out = match frames::parse(&request) {
            Ok(Received::AssocRequest(req)) if req.bssid == self.bssid => {
                self.on_assoc_request(now, req, &request)
            }
            _ => Vec::new(),
        };
        // A path that answered before the lookup leaves no wait behind.
        if let Some(s) = self.stations.get_mut(&sta) {
            if s.store_wait.as_ref().is_some_and(|w| w.end.is_some()) {
                s.store_wait = None;
            }
        }
        out
    }

    /// After the association-time lookup: whether a request whose offered
    /// PMKIDs all missed (`offered` [`PmkidOffer::Unknown`]) waits for the
    /// store, and, for a request handled again after a wait, what the
    /// store did for it. `request` is the whole frame, kept to be handled
    /// again.
    pub(super) fn after_lookup(
        &mut self,
        now: Instant,
        sta: MacAddr,
        request: &[u8],
        hit: bool,
        offered: PmkidOffer,
    ) -> AfterLookup {
        let view = self
            .pmksa
            .as_ref()
            .and_then(|c| c.borrow().store_view(&self.bssid));
        self.store_waiting.retain(|m| {
            self.stations
                .get(m)
                .and_then(|s| s.store_wait.as_ref()?.pending_deadline())
                .is_some()
        });
        let waiting = self.store_waiting.len();
        let Some(station) = self.stations.get_mut(&sta) else {
            return AfterLookup::Go(None);
        };
        if let Some(wait) = station.store_wait.as_ref() {
            if let Some(end) = wait.end {
                // Handled again after the wait.
                let waited = now.saturating_duration_since(wait.started);
                let round_trip_ms = u16::try_from(waited.as_millis()).unwrap_or(u16::MAX);
                station.store_wait = None;
                return AfterLookup::Go(Some(match (end, hit) {
                    (_, true) => KeySource::StoreFetched { round_trip_ms },
                    (WaitEnd::Store(StoreAnswer::Answered), false) => {
                        KeySource::StoreMiss { round_trip_ms }
                    }
                    (WaitEnd::Store(StoreAnswer::Unavailable), false) => {
                        KeySource::StoreUnavailable
                    }
                    (WaitEnd::TimedOut, false) => KeySource::StoreTimeout,
                }));
            }
        }
        if hit || offered != PmkidOffer::Unknown {
            // (A repeated request that now hits: the entry came meanwhile.)
            station.store_wait = None;
            return AfterLookup::Go(None);
        }
        let Some(view) = view else {
            return AfterLookup::Go(None);
        };
        if !view.available {
            self.counters.store_unavailable += 1;
            info!("PMKID unknown here and the store unavailable: full authentication");
            return AfterLookup::Go(Some(KeySource::StoreUnavailable));
        }
        if view.miss_wait.is_zero() {
            return AfterLookup::Go(None);
        }
        if let Some(wait) = station.store_wait.as_mut() {
            // A retransmission: the store is being asked already; the
            // latest copy is answered.
            wait.request = request.to_vec();
            return AfterLookup::Wait(Vec::new());
        }
        if waiting >= MAX_STORE_WAITS {
            self.counters.store_waits_refused += 1;
            info!(
                waiting,
                "PMKID unknown here, too many requests wait for the store: full authentication"
            );
            return AfterLookup::Go(None);
        }
        station.store_wait = Some(Box::new(StoreWait {
            request: request.to_vec(),
            started: now,
            deadline: now + view.miss_wait,
            end: None,
        }));
        self.store_waiting.push(sta);
        self.counters.store_waits += 1;
        debug!(
            miss_wait_ms = view.miss_wait.as_millis() as u64,
            "PMKID unknown here: asking the store"
        );
        AfterLookup::Wait(vec![Output::FetchPmksa { sta }])
    }
}
