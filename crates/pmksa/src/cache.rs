//! One BSS's PMKSA cache (hostapd `struct rsn_pmksa_cache`).
//!
//! Entries live in a slab of nodes linked into two intrusive lists:
//! least-recently-used order, and the entries of each station. Memory per
//! entry is what this layout is about (a cache may hold a million): a node
//! keeps only what lookups, expiry and eviction touch (SPA, AA, PMKID,
//! expiry, links) plus the rest of the entry packed in one exact-size,
//! zeroized-on-drop buffer (see `packed.rs`), and the indexes hold slot
//! numbers, never copies of the keys:
//!
//! - `(SPA, PMKID)` -> slot, a `hashbrown::HashTable` of `u32`, for O(1)
//!   association-time lookup; a miss reads no node, only the table;
//! - SPA -> first slot of that station's list, another `HashTable<u32>`,
//!   for replacement, OKC and per-station flushes;
//! - a binary min-heap of slots by `(expiry, slot)`, each node knowing its
//!   heap position, for the earliest expiry and for removing any entry in
//!   O(log n).
//!
//! The hash tables keep std's keyed SipHash: SPA and PMKID come from the
//! air, and a keyless hash would let stations aim collisions at one bucket
//! (hostapd hashes on `PMKID[0] & 0x7f` into 128 chains instead). The slab and the
//! heap grow by doubling but never past `max_entries`, so a full cache holds
//! no spare capacity. Nodes move when the slab grows; the PMK does not, as
//! it lives in the packed buffer.
//!
//! Readers get a [`CachedEntry`], a view that unpacks on demand; a copy of
//! the whole [`PmksaEntry`] comes from [`CachedEntry::to_entry`].

use core::fmt;
use core::time::Duration;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Instant;

use hashbrown::HashTable;
use roamd_wpa::{pmkid, Akm, AkmExt, MacAddr, Pmk, Pmkid};

use crate::counters::Counters;
use crate::entry::{PmksaEntry, SessionAttrs};
use crate::list::PmksaRow;
use crate::packed::{Keys, Packed};

/// Entries per cache unless configured (hostapd `pmksa_cache_max_entries`).
pub const DEFAULT_MAX_ENTRIES: usize = 1024;

/// End of an intrusive list.
const NIL: u32 = u32::MAX;

/// A slab slot: one entry's index keys, its links and the rest, packed.
/// 80 bytes on 64-bit targets.
struct Node {
    spa: MacAddr,
    aa: MacAddr,
    pmkid: Pmkid,
    expires: Instant,
    packed: Packed,
    /// Towards the most recently used end.
    lru_prev: u32,
    /// Towards the least recently used end.
    lru_next: u32,
    sta_prev: u32,
    sta_next: u32,
    /// Position in the expiry heap.
    heap_pos: u32,
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
    /// `(SPA, PMKID)` -> slot.
    by_pmkid: HashTable<u32>,
    /// SPA -> the slot heading that station's list.
    by_sta: HashTable<u32>,
    hasher: RandomState,
    /// Slots ordered by `(expiry, slot)` as a binary min-heap.
    by_expiry: Vec<u32>,
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

impl fmt::Debug for PmksaCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
            by_pmkid: HashTable::new(),
            by_sta: HashTable::new(),
            hasher: RandomState::new(),
            by_expiry: Vec::new(),
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
        self.by_expiry.len()
    }

    /// True if no entry is held.
    pub fn is_empty(&self) -> bool {
        self.by_expiry.is_empty()
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
        let mut slot = self.station_head(&spa);
        while slot != NIL {
            let Some(node) = self.node(slot) else { break };
            let next = node.sta_next;
            if node.aa == aa {
                self.unlink(slot);
                replaced = true;
            }
            slot = next;
        }
        if let Some(slot) = self.find(&spa, &pmkid) {
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
        self.link(&entry);
        // `entry` drops here and zeroizes its PMK; the cache has its copy.
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
    pub fn get(&mut self, now: Instant, spa: &MacAddr, pmkid: &Pmkid) -> Option<CachedEntry<'_>> {
        let slot = self.live_slot(now, spa, pmkid)?;
        self.touch(slot);
        self.view(slot)
    }

    /// Like [`Self::get`] without marking the entry used.
    pub fn peek(&self, now: Instant, spa: &MacAddr, pmkid: &Pmkid) -> Option<CachedEntry<'_>> {
        let slot = self.live_slot(now, spa, pmkid)?;
        self.view(slot)
    }

    /// All entries of station `spa`, newest first, expired ones included.
    pub fn station_entries(&self, spa: &MacAddr) -> StationEntries<'_> {
        StationEntries {
            cache: self,
            slot: self.station_head(spa),
        }
    }

    /// Removes the entry of `spa` named `pmkid` (e.g. on an EAPOL-Start from
    /// a station that roamed on it, hostapd `ieee802_1x_receive`). Returns
    /// whether there was one.
    pub fn remove(&mut self, spa: &MacAddr, pmkid: &Pmkid) -> bool {
        match self.find(spa, pmkid) {
            Some(slot) => self.unlink(slot),
            None => false,
        }
    }

    /// Removes every entry of station `spa`; returns how many.
    pub fn flush_station(&mut self, spa: &MacAddr) -> usize {
        let mut n = 0;
        loop {
            let slot = self.station_head(spa);
            if slot == NIL || !self.unlink(slot) {
                break;
            }
            n += 1;
        }
        n
    }

    /// Removes every entry (hostapd `PMKSA_FLUSH`); returns how many.
    pub fn flush(&mut self) -> usize {
        let n = self.len();
        // Dropping each node zeroizes its packed PMK.
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
        let &slot = self.by_expiry.first()?;
        self.node(slot).map(|n| n.expires)
    }

    /// Removes every entry expired at `now` (hostapd `pmksa_cache_expire`);
    /// returns how many.
    pub fn handle_timeout(&mut self, now: Instant) -> usize {
        let mut n = 0;
        while let Some(&slot) = self.by_expiry.first() {
            if self.node(slot).is_none_or(|node| node.expires > now) || !self.unlink(slot) {
                break;
            }
            n += 1;
        }
        self.counters.expirations += n as u64;
        n
    }

    /// Applies a new, shorter lifetime to the entries held: an entry now
    /// expires at most `lifetime` after its creation (a longer lifetime
    /// extends nothing; the RADIUS Session-Timeout stays a bound). Entries
    /// whose new expiry has passed at `now` are removed as expired.
    /// Returns how many were shortened (still live) and how many expired.
    pub fn limit_lifetime(&mut self, now: Instant, lifetime: Duration) -> (usize, usize) {
        let mut shortened: usize = 0;
        for node in self.slots.iter_mut().flatten() {
            let Some(entry) = (CachedEntry { node: &*node }).to_entry() else {
                continue;
            };
            let limit = entry
                .created()
                .checked_add(lifetime)
                .unwrap_or(node.expires);
            if limit < node.expires {
                // The packed form stores the creation time relative to the
                // expiry: pack the entry again.
                node.packed = Packed::new(&entry.with_expiry(limit));
                node.expires = limit;
                shortened += 1;
            }
        }
        if shortened == 0 {
            return (0, 0);
        }
        // Many keys moved: a sorted array is a valid min-heap, and
        // rebuilding is cheaper than sifting each.
        let order = self.slots_by_expiry();
        self.by_expiry.clear();
        for (pos, (_, slot)) in order.into_iter().enumerate() {
            self.by_expiry.push(slot);
            if let Some(n) = self.node_mut(slot) {
                n.heap_pos = pos as u32;
            }
        }
        let expired = self.handle_timeout(now);
        (shortened.saturating_sub(expired), expired)
    }

    // The occupied slots with their expiry, soonest first, ties in slot order.
    fn slots_by_expiry(&self) -> Vec<(Instant, u32)> {
        let mut order: Vec<(Instant, u32)> = self
            .by_expiry
            .iter()
            .filter_map(|&slot| self.node(slot).map(|n| (n.expires, slot)))
            .collect();
        order.sort_unstable();
        order
    }

    /// All entries in order of expiry, soonest first (hostapd's list order),
    /// ties in slot order. Sorts a copy of the heap: O(n log n), for the
    /// control interface listing.
    pub fn iter(&self) -> impl Iterator<Item = CachedEntry<'_>> + '_ {
        let order = self.slots_by_expiry();
        order.into_iter().filter_map(|(_, slot)| self.view(slot))
    }

    /// All entries in order of use, most recent first.
    pub fn iter_lru(&self) -> impl Iterator<Item = CachedEntry<'_>> + '_ {
        let mut slot = self.lru_head;
        core::iter::from_fn(move || {
            let node = self.node(slot)?;
            slot = node.lru_next;
            Some(CachedEntry { node })
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

    fn view(&self, slot: u32) -> Option<CachedEntry<'_>> {
        self.node(slot).map(|node| CachedEntry { node })
    }

    fn sta_hash(&self, spa: &MacAddr) -> u64 {
        self.hasher.hash_one(spa)
    }

    fn key_hash(&self, spa: &MacAddr, pmkid: &Pmkid) -> u64 {
        self.hasher.hash_one((spa, pmkid))
    }

    /// The first slot of station `spa`'s list, or `NIL`.
    fn station_head(&self, spa: &MacAddr) -> u32 {
        self.station_head_hashed(self.sta_hash(spa), spa)
    }

    fn station_head_hashed(&self, hash: u64, spa: &MacAddr) -> u32 {
        let slots = &self.slots;
        self.by_sta
            .find(hash, |&s| spa_at(slots, s) == Some(spa))
            .copied()
            .unwrap_or(NIL)
    }

    /// The slot of `spa`'s entry named `pmkid`, expired or not.
    fn find(&self, spa: &MacAddr, pmkid: &Pmkid) -> Option<u32> {
        let slots = &self.slots;
        self.by_pmkid
            .find(self.key_hash(spa, pmkid), |&s| {
                key_at(slots, s) == Some((spa, pmkid))
            })
            .copied()
    }

    fn live_slot(&self, now: Instant, spa: &MacAddr, pmkid: &Pmkid) -> Option<u32> {
        let slot = self.find(spa, pmkid)?;
        let node = self.node(slot)?;
        (node.expires > now).then_some(slot)
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
        let spa = self.node(slot)?.spa;
        self.unlink(slot).then(|| {
            self.counters.evictions += 1;
            spa
        })
    }

    /// A free slot: the last one freed, else a new one.
    fn alloc_slot(&mut self) -> u32 {
        if let Some(slot) = self.free.pop() {
            return slot;
        }
        reserve_capped(&mut self.slots, self.max_entries);
        // `max_entries < NIL` keeps every index below NIL.
        let slot = self.slots.len() as u32;
        self.slots.push(None);
        slot
    }

    /// Stores `entry` in a free slot at the head of the LRU and station
    /// lists and in the expiry heap.
    fn link(&mut self, entry: &PmksaEntry) {
        let (spa, pmkid) = (entry.spa(), entry.pmkid());
        let slot = self.alloc_slot();
        let key_hash = self.key_hash(&spa, &pmkid);
        let hash = self.sta_hash(&spa);
        let sta_next = self.station_head_hashed(hash, &spa);
        let lru_next = self.lru_head;
        let heap_pos = self.by_expiry.len() as u32;
        if let Some(slot_ref) = self.slots.get_mut(slot as usize) {
            *slot_ref = Some(Node {
                spa,
                aa: entry.aa(),
                pmkid,
                expires: entry.expires(),
                packed: Packed::new(entry),
                lru_prev: NIL,
                lru_next,
                sta_prev: NIL,
                sta_next,
                heap_pos,
            });
        }
        match self.node_mut(lru_next) {
            Some(n) => n.lru_prev = slot,
            None => self.lru_tail = slot,
        }
        self.lru_head = slot;
        match self.node_mut(sta_next) {
            Some(n) => {
                n.sta_prev = slot;
                if let Some(head) = self.by_sta.find_mut(hash, |&s| s == sta_next) {
                    *head = slot;
                }
            }
            None => {
                let Self {
                    by_sta,
                    slots,
                    hasher,
                    ..
                } = self;
                by_sta.insert_unique(hash, slot, |&s| {
                    spa_at(slots, s).map_or(0, |spa| hasher.hash_one(spa))
                });
            }
        }
        let Self {
            by_pmkid,
            slots,
            hasher,
            ..
        } = self;
        by_pmkid.insert_unique(key_hash, slot, |&s| {
            key_at(slots, s).map_or(0, |key| hasher.hash_one(key))
        });
        reserve_capped(&mut self.by_expiry, self.max_entries);
        self.by_expiry.push(slot);
        self.sift_up(heap_pos as usize);
    }

    /// Takes the entry out of every list and index and drops it.
    fn unlink(&mut self, slot: u32) -> bool {
        let Some(node) = self.node(slot) else {
            return false;
        };
        let (spa, pmkid) = (node.spa, node.pmkid);
        let (sta_prev, sta_next) = (node.sta_prev, node.sta_next);
        let key_hash = self.key_hash(&spa, &pmkid);
        if let Ok(key) = self.by_pmkid.find_entry(key_hash, |&s| s == slot) {
            key.remove();
        }
        if sta_prev == NIL {
            let hash = self.sta_hash(&spa);
            if sta_next == NIL {
                if let Ok(head) = self.by_sta.find_entry(hash, |&s| s == slot) {
                    head.remove();
                }
            } else if let Some(head) = self.by_sta.find_mut(hash, |&s| s == slot) {
                *head = sta_next;
            }
        }
        let Some(node) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        self.lru_detach(slot, node.lru_prev, node.lru_next);
        if let Some(p) = self.node_mut(node.sta_prev) {
            p.sta_next = node.sta_next;
        }
        if let Some(n) = self.node_mut(node.sta_next) {
            n.sta_prev = node.sta_prev;
        }
        self.heap_remove(node.heap_pos as usize);
        self.free.push(slot);
        // `node` drops here: its packed buffer zeroizes the PMK.
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

    /// The heap order: expiry, then slot (the order the listing shows).
    fn heap_key(&self, slot: u32) -> (Option<Instant>, u32) {
        (self.node(slot).map(|n| n.expires), slot)
    }

    /// Puts `slot` at heap position `pos`.
    fn heap_place(&mut self, pos: usize, slot: u32) {
        if let Some(h) = self.by_expiry.get_mut(pos) {
            *h = slot;
        }
        if let Some(n) = self.node_mut(slot) {
            n.heap_pos = pos as u32;
        }
    }

    fn sift_up(&mut self, mut pos: usize) {
        let Some(&slot) = self.by_expiry.get(pos) else {
            return;
        };
        let key = self.heap_key(slot);
        while pos > 0 {
            let parent = (pos - 1) / 2;
            let Some(&up) = self.by_expiry.get(parent) else {
                break;
            };
            if self.heap_key(up) <= key {
                break;
            }
            self.heap_place(pos, up);
            pos = parent;
        }
        self.heap_place(pos, slot);
    }

    fn sift_down(&mut self, mut pos: usize) {
        let Some(&slot) = self.by_expiry.get(pos) else {
            return;
        };
        let key = self.heap_key(slot);
        loop {
            let left = 2 * pos + 1;
            let Some(&l) = self.by_expiry.get(left) else {
                break;
            };
            let (child, down) = match self.by_expiry.get(left + 1) {
                Some(&r) if self.heap_key(r) < self.heap_key(l) => (left + 1, r),
                _ => (left, l),
            };
            if self.heap_key(down) >= key {
                break;
            }
            self.heap_place(pos, down);
            pos = child;
        }
        self.heap_place(pos, slot);
    }

    /// Removes heap position `pos`; the last element takes its place.
    fn heap_remove(&mut self, pos: usize) {
        let Some(last) = self.by_expiry.pop() else {
            return;
        };
        if pos < self.by_expiry.len() {
            self.heap_place(pos, last);
            self.sift_down(pos);
            if let Some(n) = self.node(last) {
                self.sift_up(n.heap_pos as usize);
            }
        }
    }
}

/// The SPA of the node in `slot`.
fn spa_at(slots: &[Option<Node>], slot: u32) -> Option<&MacAddr> {
    slots.get(slot as usize)?.as_ref().map(|n| &n.spa)
}

/// The SPA and PMKID of the node in `slot`.
fn key_at(slots: &[Option<Node>], slot: u32) -> Option<(&MacAddr, &Pmkid)> {
    slots
        .get(slot as usize)?
        .as_ref()
        .map(|n| (&n.spa, &n.pmkid))
}

/// Makes room for one more element in `v`, doubling its capacity but not
/// past `limit` (the cache's `max_entries`), so that a full cache has no
/// spare capacity.
fn reserve_capped<T>(v: &mut Vec<T>, limit: usize) {
    if v.len() < v.capacity() {
        return;
    }
    let target = v.len().saturating_mul(2).max(4).min(limit).max(v.len() + 1);
    v.reserve_exact(target - v.len());
}

/// At least 1, and below the list terminator.
fn clamp_max(n: usize) -> usize {
    n.clamp(1, (NIL - 1) as usize)
}

/// A cached PMKSA, as the cache holds it: the index keys directly, the
/// rest unpacked on demand. [`Self::to_entry`] copies out the whole entry.
#[derive(Clone, Copy)]
pub struct CachedEntry<'a> {
    node: &'a Node,
}

impl CachedEntry<'_> {
    /// Supplicant address: the station.
    pub fn spa(&self) -> MacAddr {
        self.node.spa
    }

    /// Authenticator address: the BSSID this PMKSA was created for.
    pub fn aa(&self) -> MacAddr {
        self.node.aa
    }

    /// The PMKID naming this PMKSA at [`Self::aa`].
    pub fn pmkid(&self) -> Pmkid {
        self.node.pmkid
    }

    /// When the PMKSA stops being usable.
    pub fn expires(&self) -> Instant {
        self.node.expires
    }

    /// True once `now` has reached the expiry.
    pub fn is_expired(&self, now: Instant) -> bool {
        self.node.expires <= now
    }

    /// Lifetime left at `now`; zero once expired.
    pub fn remaining(&self, now: Instant) -> Duration {
        self.node.expires.saturating_duration_since(now)
    }

    /// True if this entry was derived by OKC.
    pub fn opportunistic(&self) -> bool {
        self.node.packed.opportunistic()
    }

    /// The AKM the PMK was derived under (`None` only if the packed form
    /// were corrupt, which the cache never writes).
    pub fn akm(&self) -> Option<Akm> {
        self.node.packed.akm()
    }

    /// When this entry was created (see [`PmksaEntry::created`]).
    pub fn created(&self) -> Option<Instant> {
        self.to_entry().map(|e| e.created())
    }

    /// A copy of the PMK.
    pub fn pmk(&self) -> Option<Pmk> {
        self.node.packed.akm_pmk().map(|(_, pmk)| pmk)
    }

    /// A copy of the session attributes.
    pub fn session(&self) -> Option<SessionAttrs> {
        self.to_entry().map(|e| e.session)
    }

    /// See [`PmksaEntry::pmkid_for`].
    pub fn pmkid_for(&self, aa: &MacAddr) -> Option<Pmkid> {
        let (akm, pmk) = self.node.packed.akm_pmk()?;
        match akm {
            akm if akm.is_sae() => Some(self.node.pmkid),
            Akm::Ieee8021xSuiteB | Akm::Ieee8021xSuiteB192 => None,
            akm => pmkid::pmkid(&pmk, aa, &self.node.spa, akm).ok(),
        }
    }

    /// A copy of the whole entry.
    pub fn to_entry(&self) -> Option<PmksaEntry> {
        self.node.packed.unpack(Keys {
            spa: self.node.spa,
            aa: self.node.aa,
            pmkid: self.node.pmkid,
            expires: self.node.expires,
        })
    }
}

impl fmt::Debug for CachedEntry<'_> {
    /// The index keys only: nothing secret or personal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedEntry")
            .field("spa", &self.node.spa)
            .field("aa", &self.node.aa)
            .field("pmkid", &self.node.pmkid)
            .field("expires", &self.node.expires)
            .finish_non_exhaustive()
    }
}

/// Iterator over one station's entries; see [`PmksaCache::station_entries`].
pub struct StationEntries<'a> {
    cache: &'a PmksaCache,
    slot: u32,
}

impl<'a> Iterator for StationEntries<'a> {
    type Item = CachedEntry<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let node = self.cache.node(self.slot)?;
        self.slot = node.sta_next;
        Some(CachedEntry { node })
    }
}

#[cfg(test)]
mod tests {
    use core::time::Duration;

    use proptest::prelude::*;
    use roamd_wpa::{Akm, Pmk};

    use super::*;
    use crate::entry::SessionAttrs;

    const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

    fn sta(n: u16) -> MacAddr {
        let [hi, lo] = n.to_be_bytes();
        MacAddr([2, 0, 0, 0x10, hi, lo])
    }

    fn entry(now: Instant, aa: MacAddr, spa: MacAddr, timeout: Option<u32>) -> PmksaEntry {
        let pmk = Pmk::from_slice(&[spa.0[4] ^ spa.0[5] ^ aa.0[4]; 32]).unwrap();
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
    fn a_shorter_lifetime_shortens_and_expires_entries() {
        let t0 = Instant::now();
        let mut c = PmksaCache::new();
        // Created at t0 (1 h), t0 + 10 min (12 h) and t0 + 20 min (30 min).
        c.add(t0, entry(t0, AP0, sta(1), Some(3600)));
        let t1 = t0 + Duration::from_secs(600);
        c.add(t1, entry(t1, AP0, sta(2), None));
        let t2 = t0 + Duration::from_secs(1200);
        c.add(t2, entry(t2, AP0, sta(3), Some(1800)));
        // 15 min after creation: sta(1)'s entry has lived longer and goes,
        // sta(2)'s and sta(3)'s now end 15 min after their creation.
        let now = t0 + Duration::from_secs(1400);
        let lifetime = Duration::from_secs(900);
        assert_eq!(c.limit_lifetime(now, lifetime), (2, 1));
        assert_eq!(c.len(), 2);
        assert_eq!(c.counters().expirations, 1);
        let expiries: Vec<_> = c.iter().map(|e| (e.spa(), e.expires())).collect();
        assert_eq!(expiries, [(sta(2), t1 + lifetime), (sta(3), t2 + lifetime)]);
        let created: Vec<_> = c.iter().map(|e| e.created()).collect();
        assert_eq!(created, [Some(t1), Some(t2)]);
        assert_eq!(c.poll_timeout(), Some(t1 + lifetime));
        // The heap is sound: expiry removes them in order.
        assert_eq!(c.handle_timeout(t1 + lifetime), 1);
        assert_eq!(spas(&c), [sta(3)]);
        // A longer lifetime extends nothing.
        assert_eq!(c.limit_lifetime(now, Duration::from_secs(86_400)), (0, 0));
        assert_eq!(c.poll_timeout(), Some(t2 + lifetime));
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
    fn cached_entry_gives_back_what_was_added() {
        let now = Instant::now();
        let mut c = PmksaCache::new();
        let session = SessionAttrs {
            identity: b"alice".to_vec(),
            class: vec![b"c1".to_vec()],
            cui: Some(b"cui".to_vec()),
            vlan_id: Some(7),
            session_timeout: Some(60),
            acct_multi_session_id: 42,
            eap_type: 13,
        };
        let pmk = Pmk::from_slice(&[0x33; 48]).unwrap();
        let e = PmksaEntry::new(
            now,
            pmk.clone(),
            Akm::FtIeee8021xSha384,
            AP0,
            sta(1),
            session.clone(),
        )
        .unwrap();
        let id = e.pmkid();
        c.add(now, e.clone());
        let got = c.peek(now, &sta(1), &id).unwrap();
        assert_eq!(got.akm(), Some(Akm::FtIeee8021xSha384));
        assert_eq!(got.pmk(), Some(pmk));
        assert_eq!(got.created(), Some(now));
        assert_eq!(got.session(), Some(session));
        assert_eq!(got.pmkid_for(&AP1), e.pmkid_for(&AP1));
        assert!(!got.opportunistic());
        let back = got.to_entry().unwrap();
        assert_eq!(format!("{back:?}"), format!("{e:?}"));
        // Debug shows keys only.
        assert!(!format!("{got:?}").contains("alice"));
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
            let ap = |n: u8| MacAddr([2, 0, 0, 0, n, 0]);
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
                let by_expiry: Vec<Instant> = c.iter().map(|e| e.expires()).collect();
                prop_assert!(by_expiry.windows(2).all(|w| w[0] <= w[1]));
                prop_assert_eq!(by_expiry.len(), model.len());
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
