//! One BSS's PMKSA cache (hostapd `struct rsn_pmksa_cache`).
//!
//! Entries live in a slab of boxed nodes linked into two intrusive lists:
//! least-recently-used order, and the entries of each station. Three indexes
//! point into the slab:
//!
//! - `(SPA, PMKID)` -> slot, a `HashMap` for O(1) association-time lookup
//!   (hostapd hashes on `PMKID[0] & 0x7f` into 128 chains instead);
//! - SPA -> first slot of that station's list, for replacement, OKC and
//!   per-station flushes;
//! - `(expiry, slot)` in a `BTreeSet`, for the earliest expiry and for
//!   removing expired entries in order.
//!
//! The hash maps keep std's keyed SipHash: SPA and PMKID come from the air,
//! and a keyless hash would let stations aim collisions at one bucket.
//! Each entry is boxed so that growing the slab moves pointers, not PMKs
//! (a moved-from buffer is freed without being zeroized).

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use roamd_wpa::{MacAddr, Pmkid};

use crate::counters::Counters;
use crate::entry::PmksaEntry;
use crate::list::PmksaRow;

/// Entries per cache unless configured (hostapd `pmksa_cache_max_entries`).
pub const DEFAULT_MAX_ENTRIES: usize = 1024;

/// End of an intrusive list.
const NIL: u32 = u32::MAX;

/// A slab slot: the entry and its links.
struct Node {
    entry: Box<PmksaEntry>,
    /// Towards the most recently used end.
    lru_prev: u32,
    /// Towards the least recently used end.
    lru_next: u32,
    sta_prev: u32,
    sta_next: u32,
}

/// What [`PmksaCache::add`] did besides storing the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// The stored entry's PMKID.
    pub pmkid: Pmkid,
    /// An entry for the same station and AA (or the same station and
    /// PMKID) was replaced.
    pub replaced: bool,
    /// The station whose least recently used entry was evicted to make room.
    pub evicted: Option<MacAddr>,
}

/// A bounded PMKSA cache with LRU eviction and expiry.
///
/// Sans-IO: every call that depends on time takes `now`; the owner arms a
/// timer for [`Self::poll_timeout`] and calls [`Self::handle_timeout`].
pub struct PmksaCache {
    slots: Vec<Option<Node>>,
    free: Vec<u32>,
    by_pmkid: HashMap<(MacAddr, Pmkid), u32>,
    by_sta: HashMap<MacAddr, u32>,
    by_expiry: BTreeSet<(Instant, u32)>,
    lru_head: u32,
    lru_tail: u32,
    max_entries: usize,
    counters: Counters,
}

impl Default for PmksaCache {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for PmksaCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PmksaCache")
            .field("len", &self.len())
            .field("max_entries", &self.max_entries)
            .field("counters", &self.counters)
            .finish_non_exhaustive()
    }
}

impl PmksaCache {
    /// An empty cache holding at most [`DEFAULT_MAX_ENTRIES`].
    pub fn new() -> Self {
        Self::with_max_entries(DEFAULT_MAX_ENTRIES)
    }

    /// An empty cache holding at most `max_entries` (at least 1).
    pub fn with_max_entries(max_entries: usize) -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            by_pmkid: HashMap::new(),
            by_sta: HashMap::new(),
            by_expiry: BTreeSet::new(),
            lru_head: NIL,
            lru_tail: NIL,
            max_entries: clamp_max(max_entries),
            counters: Counters::default(),
        }
    }

    /// The capacity limit.
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// Changes the capacity limit, evicting least recently used entries
    /// down to it.
    pub fn set_max_entries(&mut self, max_entries: usize) {
        self.max_entries = clamp_max(max_entries);
        while self.len() > self.max_entries {
            if self.evict_lru().is_none() {
                break;
            }
        }
    }

    /// Entries held, expired ones not yet removed included.
    pub fn len(&self) -> usize {
        self.by_pmkid.len()
    }

    /// True if no entry is held.
    pub fn is_empty(&self) -> bool {
        self.by_pmkid.is_empty()
    }

    /// The statistics.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    pub(crate) fn counters_mut(&mut self) -> &mut Counters {
        &mut self.counters
    }

    /// Stores `entry` as the most recently used (hostapd
    /// `pmksa_cache_auth_add_entry`).
    ///
    /// An entry of the same station for the same AA is replaced, as hostapd
    /// replaces a station's entry in a BSS's cache; so is one with the same
    /// station and PMKID. When the cache is full, expired entries go first,
    /// then the least recently used one.
    pub fn add(&mut self, now: Instant, entry: PmksaEntry) -> Added {
        let (spa, aa, pmkid) = (entry.spa(), entry.aa(), entry.pmkid());
        let mut replaced = false;
        let mut slot = self.by_sta.get(&spa).copied().unwrap_or(NIL);
        while slot != NIL {
            let Some(node) = self.node(slot) else { break };
            let next = node.sta_next;
            if node.entry.aa() == aa {
                self.unlink(slot);
                replaced = true;
            }
            slot = next;
        }
        if let Some(&slot) = self.by_pmkid.get(&(spa, pmkid)) {
            self.unlink(slot);
            replaced = true;
        }
        let mut evicted = None;
        if self.len() >= self.max_entries {
            self.handle_timeout(now);
        }
        while self.len() >= self.max_entries {
            match self.evict_lru() {
                Some(sta) => evicted = Some(sta),
                None => break,
            }
        }
        self.link(Box::new(entry));
        self.counters.added += 1;
        Added {
            pmkid,
            replaced,
            evicted,
        }
    }

    /// The live entry of station `spa` named `pmkid` (hostapd
    /// `pmksa_cache_auth_get`); marks it most recently used. Expired
    /// entries are not returned.
    pub fn get(&mut self, now: Instant, spa: &MacAddr, pmkid: &Pmkid) -> Option<&PmksaEntry> {
        let slot = self.live_slot(now, spa, pmkid)?;
        self.touch(slot);
        self.node(slot).map(|n| &*n.entry)
    }

    /// Like [`Self::get`] without marking the entry used.
    pub fn peek(&self, now: Instant, spa: &MacAddr, pmkid: &Pmkid) -> Option<&PmksaEntry> {
        let slot = self.live_slot(now, spa, pmkid)?;
        self.node(slot).map(|n| &*n.entry)
    }

    /// All entries of station `spa`, newest first, expired ones included.
    pub fn station_entries(&self, spa: &MacAddr) -> StationEntries<'_> {
        StationEntries {
            cache: self,
            slot: self.by_sta.get(spa).copied().unwrap_or(NIL),
        }
    }

    /// Removes the entry of `spa` named `pmkid` (e.g. on an EAPOL-Start from
    /// a station that roamed on it, hostapd `ieee802_1x_receive`). Returns
    /// whether there was one.
    pub fn remove(&mut self, spa: &MacAddr, pmkid: &Pmkid) -> bool {
        match self.by_pmkid.get(&(*spa, *pmkid)) {
            Some(&slot) => self.unlink(slot),
            None => false,
        }
    }

    /// Removes every entry of station `spa`; returns how many.
    pub fn flush_station(&mut self, spa: &MacAddr) -> usize {
        let mut n = 0;
        while let Some(&slot) = self.by_sta.get(spa) {
            if !self.unlink(slot) {
                break;
            }
            n += 1;
        }
        n
    }

    /// Removes every entry (hostapd `PMKSA_FLUSH`); returns how many.
    pub fn flush(&mut self) -> usize {
        let n = self.len();
        // Dropping each boxed entry in place zeroizes its PMK.
        self.slots.clear();
        self.free.clear();
        self.by_pmkid.clear();
        self.by_sta.clear();
        self.by_expiry.clear();
        self.lru_head = NIL;
        self.lru_tail = NIL;
        n
    }

    /// The earliest expiry of a held entry: when [`Self::handle_timeout`]
    /// has work.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.by_expiry.first().map(|&(t, _)| t)
    }

    /// Removes every entry expired at `now` (hostapd `pmksa_cache_expire`);
    /// returns how many.
    pub fn handle_timeout(&mut self, now: Instant) -> usize {
        let mut n = 0;
        while let Some(&(t, slot)) = self.by_expiry.first() {
            if t > now || !self.unlink(slot) {
                break;
            }
            n += 1;
        }
        self.counters.expirations += n as u64;
        n as usize
    }

    /// All entries in order of expiry, soonest first (hostapd's list order).
    pub fn iter(&self) -> impl Iterator<Item = &PmksaEntry> + '_ {
        self.by_expiry
            .iter()
            .filter_map(|&(_, slot)| self.node(slot).map(|n| &*n.entry))
    }

    /// All entries in order of use, most recent first.
    pub fn iter_lru(&self) -> impl Iterator<Item = &PmksaEntry> + '_ {
        let mut slot = self.lru_head;
        core::iter::from_fn(move || {
            let node = self.node(slot)?;
            slot = node.lru_next;
            Some(&*node.entry)
        })
    }

    /// The control interface rows at `now` (hostapd `PMKSA` command), in
    /// order of expiry; see [`crate::format_list`].
    pub fn list(&self, now: Instant) -> Vec<PmksaRow> {
        self.iter()
            .enumerate()
            .map(|(index, e)| PmksaRow {
                index,
                spa: e.spa(),
                pmkid: e.pmkid(),
                seconds_left: e.remaining(now).as_secs(),
                opportunistic: e.opportunistic(),
            })
            .collect()
    }

    fn live_slot(&self, now: Instant, spa: &MacAddr, pmkid: &Pmkid) -> Option<u32> {
        let slot = *self.by_pmkid.get(&(*spa, *pmkid))?;
        let node = self.node(slot)?;
        (!node.entry.is_expired(now)).then_some(slot)
    }

    fn node(&self, slot: u32) -> Option<&Node> {
        self.slots.get(slot as usize)?.as_ref()
    }

    fn node_mut(&mut self, slot: u32) -> Option<&mut Node> {
        self.slots.get_mut(slot as usize)?.as_mut()
    }

    /// Drops the least recently used entry; returns its station.
    fn evict_lru(&mut self) -> Option<MacAddr> {
        let slot = self.lru_tail;
        let spa = self.node(slot)?.entry.spa();
        self.unlink(slot).then(|| {
            self.counters.evictions += 1;
            spa
        })
    }

    /// Puts `entry` in a free slot at the head of the LRU and station lists.
    fn link(&mut self, entry: Box<PmksaEntry>) {
        let key = (entry.spa(), entry.pmkid());
        let expires = entry.expires();
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                // `max_entries < NIL` keeps every index below NIL.
                let s = self.slots.len() as u32;
                self.slots.push(None);
                s
            }
        };
        let lru_next = self.lru_head;
        let sta_next = self.by_sta.insert(key.0, slot).unwrap_or(NIL);
        if let Some(slot_ref) = self.slots.get_mut(slot as usize) {
            *slot_ref = Some(Node {
                entry,
                lru_prev: NIL,
                lru_next,
                sta_prev: NIL,
                sta_next,
            });
        }
        match self.node_mut(lru_next) {
            Some(n) => n.lru_prev = slot,
            None => self.lru_tail = slot,
        }
        self.lru_head = slot;
        if let Some(n) = self.node_mut(sta_next) {
            n.sta_prev = slot;
        }
        self.by_pmkid.insert(key, slot);
        self.by_expiry.insert((expires, slot));
    }

    /// Takes the entry out of every list and index and drops it.
    fn unlink(&mut self, slot: u32) -> bool {
        let Some(node) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        self.lru_detach(slot, node.lru_prev, node.lru_next);
        let spa = node.entry.spa();
        match self.node_mut(node.sta_prev) {
            Some(p) => p.sta_next = node.sta_next,
            None => {
                if node.sta_next == NIL {
                    self.by_sta.remove(&spa);
                } else {
                    self.by_sta.insert(spa, node.sta_next);
                }
            }
        }
        if let Some(n) = self.node_mut(node.sta_next) {
            n.sta_prev = node.sta_prev;
        }
        let key = (spa, node.entry.pmkid());
        if self.by_pmkid.get(&key) == Some(&slot) {
            self.by_pmkid.remove(&key);
        }
        self.by_expiry.remove(&(node.entry.expires(), slot));
        self.free.push(slot);
        // `node` drops here: the boxed entry zeroizes its PMK in place.
        true
    }

    /// Splices `slot` out of the LRU list given its links.
    fn lru_detach(&mut self, slot: u32, prev: u32, next: u32) {
        if self.lru_head == slot {
            self.lru_head = next;
        } else if let Some(p) = self.node_mut(prev) {
            p.lru_next = next;
        }
        if self.lru_tail == slot {
            self.lru_tail = prev;
        } else if let Some(n) = self.node_mut(next) {
            n.lru_prev = prev;
        }
    }

    /// Moves `slot` to the most recently used end.
    fn touch(&mut self, slot: u32) {
        if self.lru_head == slot {
            return;
        }
        let Some(node) = self.node(slot) else { return };
        let (prev, next) = (node.lru_prev, node.lru_next);
        self.lru_detach(slot, prev, next);
        let head = self.lru_head;
        if let Some(n) = self.node_mut(slot) {
            n.lru_prev = NIL;
            n.lru_next = head;
        }
        match self.node_mut(head) {
            Some(h) => h.lru_prev = slot,
            None => self.lru_tail = slot,
        }
        self.lru_head = slot;
    }
}

/// At least 1, and below the list terminator.
fn clamp_max(n: usize) -> usize {
    n.clamp(1, (NIL - 1) as usize)
}

/// Iterator over one station's entries; see [`PmksaCache::station_entries`].
pub struct StationEntries<'a> {
    cache: &'a PmksaCache,
    slot: u32,
}

impl<'a> Iterator for StationEntries<'a> {
    type Item = &'a PmksaEntry;

    fn next(&mut self) -> Option<Self::Item> {
        let node = self.cache.node(self.slot)?;
        self.slot = node.sta_next;
        Some(&node.entry)
    }
}

#[cfg(test)]
mod tests {
    use core::time::Duration;

    use proptest::prelude::*;
    use roamd_wpa::{Akm, Pmk};

    use super::*;
    use crate::entry::SessionAttrs;

    const AP0: MacAddr = [2, 0, 0, 0, 0, 0];
    const AP1: MacAddr = [2, 0, 0, 0, 1, 0];

    fn sta(n: u16) -> MacAddr {
        let [hi, lo] = n.to_be_bytes();
        [2, 0, 0, 0x10, hi, lo]
    }

    fn entry(now: Instant, aa: MacAddr, spa: MacAddr, timeout: Option<u32>) -> PmksaEntry {
        let pmk = Pmk::from_slice(&[spa[4] ^ spa[5] ^ aa[4]; 32]).unwrap();
        let session = SessionAttrs {
            session_timeout: timeout,
            ..SessionAttrs::default()
        };
        PmksaEntry::new(now, pmk, Akm::Ieee8021x, aa, spa, session).unwrap()
    }

    fn spas(cache: &PmksaCache) -> Vec<MacAddr> {
        cache.iter_lru().map(|e| e.spa()).collect()
    }

    #[test]
    fn add_get_remove() {
        let now = Instant::now();
        let mut c = PmksaCache::new();
        assert_eq!(c.max_entries(), 1024);
        let e = entry(now, AP0, sta(1), None);
        let id = e.pmkid();
        let added = c.add(now, e);
        assert_eq!(
            added,
            Added {
                pmkid: id,
                replaced: false,
                evicted: None
            }
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c.get(now, &sta(1), &id).unwrap().aa(), AP0);
        assert!(c.get(now, &sta(2), &id).is_none());
        assert!(c.get(now, &sta(1), &Pmkid([0; 16])).is_none());
        assert!(c.remove(&sta(1), &id));
        assert!(!c.remove(&sta(1), &id));
        assert!(c.is_empty());
        assert_eq!(c.station_entries(&sta(1)).count(), 0);
        assert_eq!(c.counters().added, 1);
    }

    #[test]
    fn same_station_same_aa_is_replaced() {
        let now = Instant::now();
        let mut c = PmksaCache::new();
        let first = entry(now, AP0, sta(1), None);
        let old = first.pmkid();
        c.add(now, first);
        c.add(now, entry(now, AP0, sta(2), None));
        let pmk = Pmk::from_slice(&[0x77; 32]).unwrap();
        let second = PmksaEntry::new(
            now,
            pmk,
            Akm::Ieee8021x,
            AP0,
            sta(1),
            SessionAttrs::default(),
        )
        .unwrap();
        let new = second.pmkid();
        assert!(c.add(now, second).replaced);
        assert_eq!(c.len(), 2);
        assert!(c.get(now, &sta(1), &old).is_none());
        assert!(c.get(now, &sta(1), &new).is_some());
        // Another AA for the same station coexists.
        let other = entry(now, AP1, sta(1), None);
        assert!(!c.add(now, other).replaced);
        assert_eq!(c.station_entries(&sta(1)).count(), 2);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn lru_eviction_order() {
        let now = Instant::now();
        let mut c = PmksaCache::with_max_entries(3);
        let ids: Vec<Pmkid> = (1..=3)
            .map(|n| {
                let e = entry(now, AP0, sta(n), None);
                let id = e.pmkid();
                assert_eq!(c.add(now, e).evicted, None);
                id
            })
            .collect();
        assert_eq!(spas(&c), [sta(3), sta(2), sta(1)]);
        // Using sta 1 makes sta 2 the least recently used.
        assert!(c.get(now, &sta(1), &ids[0]).is_some());
        assert_eq!(spas(&c), [sta(1), sta(3), sta(2)]);
        // peek does not count as use.
        assert!(c.peek(now, &sta(2), &ids[1]).is_some());
        assert_eq!(
            c.add(now, entry(now, AP0, sta(4), None)).evicted,
            Some(sta(2))
        );
        assert_eq!(spas(&c), [sta(4), sta(1), sta(3)]);
        assert_eq!(
            c.add(now, entry(now, AP0, sta(5), None)).evicted,
            Some(sta(3))
        );
        assert_eq!(spas(&c), [sta(5), sta(4), sta(1)]);
        assert_eq!(c.counters().evictions, 2);
        assert_eq!(c.len(), 3);
        // Shrinking the limit evicts from the LRU end.
        c.set_max_entries(1);
        assert_eq!(spas(&c), [sta(5)]);
        assert_eq!(c.counters().evictions, 4);
    }

    #[test]
    fn full_cache_drops_expired_before_live() {
        let t0 = Instant::now();
        let mut c = PmksaCache::with_max_entries(2);
        c.add(t0, entry(t0, AP0, sta(1), None));
        c.add(t0, entry(t0, AP0, sta(2), Some(10)));
        let t1 = t0 + Duration::from_secs(11);
        // sta 1 is the LRU but sta 2 has expired: it goes instead.
        assert_eq!(c.add(t1, entry(t1, AP0, sta(3), None)).evicted, None);
        assert_eq!(spas(&c), [sta(3), sta(1)]);
        assert_eq!(c.counters().expirations, 1);
        assert_eq!(c.counters().evictions, 0);
    }

    #[test]
    fn expiry_with_fake_clock() {
        let t0 = Instant::now();
        let mut c = PmksaCache::new();
        assert_eq!(c.poll_timeout(), None);
        let a = entry(t0, AP0, sta(1), Some(30));
        let b = entry(t0, AP0, sta(2), Some(10));
        let d = entry(t0, AP0, sta(3), None);
        let (ia, ib) = (a.pmkid(), b.pmkid());
        c.add(t0, a);
        c.add(t0, b);
        c.add(t0, d);
        assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(10)));
        let t9 = t0 + Duration::from_secs(9);
        assert_eq!(c.handle_timeout(t9), 0);
        assert!(c.get(t9, &sta(2), &ib).is_some());
        let t10 = t0 + Duration::from_secs(10);
        // Expired but not yet removed: invisible to lookups.
        assert!(c.get(t10, &sta(2), &ib).is_none());
        assert!(c.peek(t10, &sta(2), &ib).is_none());
        assert_eq!(c.len(), 3);
        assert_eq!(c.handle_timeout(t10), 1);
        assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(30)));
        assert_eq!(c.list(t10)[0].seconds_left, 20);
        let t100 = t0 + Duration::from_secs(100);
        assert_eq!(c.handle_timeout(t100), 1);
        assert!(c.get(t100, &sta(1), &ia).is_none());
        assert_eq!(c.poll_timeout(), Some(t0 + crate::DEFAULT_PMK_LIFETIME));
        assert_eq!(c.counters().expirations, 2);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn flush_station_and_flush() {
        let now = Instant::now();
        let mut c = PmksaCache::new();
        c.add(now, entry(now, AP0, sta(1), None));
        c.add(now, entry(now, AP1, sta(1), None));
        c.add(now, entry(now, AP0, sta(2), None));
        assert_eq!(c.flush_station(&sta(1)), 2);
        assert_eq!(c.flush_station(&sta(1)), 0);
        assert_eq!(spas(&c), [sta(2)]);
        c.add(now, entry(now, AP0, sta(3), None));
        assert_eq!(c.flush(), 2);
        assert!(c.is_empty());
        assert_eq!(c.poll_timeout(), None);
        assert_eq!(c.iter_lru().count(), 0);
        // Usable after a flush.
        let e = entry(now, AP0, sta(4), None);
        let id = e.pmkid();
        c.add(now, e);
        assert!(c.get(now, &sta(4), &id).is_some());
    }

    #[test]
    fn listing_in_expiry_order() {
        let now = Instant::now();
        let mut c = PmksaCache::new();
        let a = entry(now, AP0, sta(1), Some(50));
        let b = entry(now, AP0, sta(2), Some(20));
        let ib = b.pmkid();
        c.add(now, a);
        c.add(now, b);
        let rows = c.list(now + Duration::from_millis(1500));
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            PmksaRow {
                index: 0,
                spa: sta(2),
                pmkid: ib,
                seconds_left: 18,
                opportunistic: false
            }
        );
        assert_eq!(
            (rows[1].index, rows[1].spa, rows[1].seconds_left),
            (1, sta(1), 48)
        );
    }

    #[derive(Debug, Clone)]
    enum Op {
        Add { sta: u16, ap: u8, timeout: u8 },
        Get { sta: u16, ap: u8 },
        Remove { sta: u16, ap: u8 },
        FlushStation { sta: u16 },
        Tick { secs: u8 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u16..12, 0u8..3, 0u8..40).prop_map(|(sta, ap, timeout)| Op::Add { sta, ap, timeout }),
            (0u16..12, 0u8..3).prop_map(|(sta, ap)| Op::Get { sta, ap }),
            (0u16..12, 0u8..3).prop_map(|(sta, ap)| Op::Remove { sta, ap }),
            (0u16..12).prop_map(|sta| Op::FlushStation { sta }),
            (0u8..20).prop_map(|secs| Op::Tick { secs }),
        ]
    }

    // Against a plain model: a Vec in LRU order (most recent first).
    proptest! {
        #[test]
        fn matches_model(ops in proptest::collection::vec(op(), 0..200), max in 1usize..8) {
            let t0 = Instant::now();
            let mut now = t0;
            let mut c = PmksaCache::with_max_entries(max);
            let mut model: Vec<(MacAddr, MacAddr, Pmkid, Instant)> = Vec::new();
            let ap = |n: u8| [2, 0, 0, 0, n, 0];
            for op in ops {
                match op {
                    Op::Add { sta: s, ap: a, timeout } => {
                        let e = entry(now, ap(a), sta(s), Some(timeout.into()));
                        let id = e.pmkid();
                        let exp = e.expires();
                        c.add(now, e);
                        model.retain(|m| !(m.0 == sta(s) && (m.1 == ap(a) || m.2 == id)));
                        if model.len() >= max {
                            model.retain(|m| m.3 > now);
                        }
                        while model.len() >= max {
                            model.pop();
                        }
                        model.insert(0, (sta(s), ap(a), id, exp));
                    }
                    Op::Get { sta: s, ap: a } => {
                        let id = entry(now, ap(a), sta(s), None).pmkid();
                        let got = c.get(now, &sta(s), &id).map(|e| e.aa());
                        let pos = model.iter().position(|m| m.0 == sta(s) && m.2 == id && m.3 > now);
                        prop_assert_eq!(got, pos.map(|p| model[p].1));
                        if let Some(p) = pos {
                            let m = model.remove(p);
                            model.insert(0, m);
                        }
                    }
                    Op::Remove { sta: s, ap: a } => {
                        let id = entry(now, ap(a), sta(s), None).pmkid();
                        let before = model.len();
                        model.retain(|m| !(m.0 == sta(s) && m.2 == id));
                        prop_assert_eq!(c.remove(&sta(s), &id), before != model.len());
                    }
                    Op::FlushStation { sta: s } => {
                        let before = model.len();
                        model.retain(|m| m.0 != sta(s));
                        prop_assert_eq!(c.flush_station(&sta(s)), before - model.len());
                    }
                    Op::Tick { secs } => {
                        now += Duration::from_secs(secs.into());
                        let before = model.len();
                        model.retain(|m| m.3 > now);
                        prop_assert_eq!(c.handle_timeout(now), before - model.len());
                    }
                }
                let got: Vec<_> = c.iter_lru().map(|e| (e.spa(), e.aa(), e.pmkid(), e.expires())).collect();
                prop_assert_eq!(&got, &model);
                prop_assert_eq!(c.len(), model.len());
                prop_assert_eq!(c.poll_timeout(), model.iter().map(|m| m.3).min());
                for s in 0..12 {
                    let mut a: Vec<_> = c.station_entries(&sta(s)).map(|e| e.pmkid()).collect();
                    let mut b: Vec<_> = model.iter().filter(|m| m.0 == sta(s)).map(|m| m.2).collect();
                    a.sort();
                    b.sort();
                    prop_assert_eq!(a, b);
                }
            }
        }
    }
}
