//! The stations of one BSS, their association IDs and their timers.
//!
//! Every station has at most one live entry in each of two min-heaps: the
//! earliest of its own timers (handshake retransmission, SA Query, EAP,
//! delayed deauthentication, accounting interim, unassociated expiry), and,
//! while it is authenticated but not associated, the time it authenticated
//! (the first to give up when the table is full). A station borrowed
//! mutably is marked dirty and re-indexed by [`StationTable::reindex`],
//! which the BSS calls once at the end of every input; nobody has to
//! remember which timer a change moved.
//!
//! The cost of one input must not grow with the table (a busy AP holds
//! thousands of entries, most of them spoofed):
//! - lookups by address, several per input, go through a hash map keyed by
//!   a seed from the BSS's random generator, so a hostile station cannot
//!   choose addresses that collide, and a test run still replays exactly;
//! - the heaps are lazy: a moved or removed timer leaves its old entry
//!   behind, recognised as stale (it no longer matches the station's
//!   [`IndexKeys`]) when it reaches the top. New deadlines are mostly the
//!   latest, so a push rarely climbs the heap. Stale entries are bounded:
//!   past twice the stations plus [`HEAP_SLACK`], a heap is rebuilt;
//! - AIDs are a bitmap.
//!
//! Listings in address order (the control interface, rekeying, shutdown)
//! sort the addresses when asked; they are rare.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

use foldhash::fast::FixedState;
use hashbrown::HashMap;
use roamd_ieee80211::MacAddr;

use crate::bss::{Station, StationState};

/// The highest association ID (IEEE 802.11-2020 9.4.1.8).
pub const MAX_AID: u16 = 2007;

/// Stale heap entries tolerated beyond twice the live ones before a heap
/// is rebuilt.
pub const HEAP_SLACK: usize = 64;

/// A lazy min-heap of (time, station).
type TimeHeap = BinaryHeap<Reverse<(Instant, MacAddr)>>;

/// Stations by address, with their AIDs and timers.
#[derive(Debug)]
pub struct StationTable {
    /// Boxed: a station is large (key state, 802.1X, accounting), and the
    /// map moves its values when it grows.
    stations: HashMap<MacAddr, Box<Station>, FixedState>,
    /// Keys the hashing of `stations`.
    hash_seed: u64,
    /// AIDs in use, bit `aid` of the bitmap (AID 0 is never handed out).
    aids: AidBitmap,
    /// (deadline, station): the earliest timer of every station that has one.
    deadlines: TimeHeap,
    /// (authenticated at, station) of stations that are authenticated but
    /// not associated: the ones to give up first when the table is full.
    unassociated: TimeHeap,
    /// Stations borrowed mutably since the last [`StationTable::reindex`].
    dirty: Vec<MacAddr>,
}

/// Where a station stands in the heaps: its entries there are live only
/// while they match these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexKeys {
    deadline: Option<Instant>,
    unassociated: Option<Instant>,
}

impl StationTable {
    /// An empty table whose address hashing is keyed by `hash_seed`.
    pub fn new(hash_seed: u64) -> Self {
        StationTable {
            stations: HashMap::with_hasher(FixedState::with_seed(hash_seed)),
            hash_seed,
            aids: AidBitmap::default(),
            deadlines: BinaryHeap::new(),
            unassociated: BinaryHeap::new(),
            dirty: Vec::new(),
        }
    }

    /// Number of stations (authenticated or associated).
    pub fn len(&self) -> usize {
        self.stations.len()
    }

    /// No station at all.
    pub fn is_empty(&self) -> bool {
        self.stations.is_empty()
    }

    /// Stations holding an AID (associated, or waiting for the ACK of their
    /// association response).
    pub fn associated_count(&self) -> usize {
        self.aids.in_use
    }

    /// One station.
    pub fn get(&self, sta: &MacAddr) -> Option<&Station> {
        self.stations.get(sta).map(|s| &**s)
    }

    /// One station, to change it; its timers are re-indexed at the next
    /// [`StationTable::reindex`].
    pub fn get_mut(&mut self, sta: &MacAddr) -> Option<&mut Station> {
        let station = self.stations.get_mut(sta)?;
        self.dirty.push(*sta);
        Some(&mut **station)
    }

    /// Whether the station is known.
    pub fn contains(&self, sta: &MacAddr) -> bool {
        self.stations.contains_key(sta)
    }

    /// Stations in address order.
    pub fn values(&self) -> impl Iterator<Item = &Station> {
        self.addresses()
            .into_iter()
            .filter_map(|sta| self.get(&sta))
    }

    /// Station addresses in order.
    pub fn addresses(&self) -> Vec<MacAddr> {
        let mut addresses: Vec<MacAddr> = self.stations.keys().copied().collect();
        addresses.sort_unstable();
        addresses
    }

    /// The station after `sta` in address order (hostapd's STA-NEXT).
    pub fn after(&self, sta: MacAddr) -> Option<&Station> {
        self.stations
            .iter()
            .filter(|(mac, _)| **mac > sta)
            .min_by_key(|(mac, _)| **mac)
            .map(|(_, s)| &**s)
    }

    /// Adds (or replaces) a station. A replaced station's AID is released.
    pub fn insert(&mut self, mut station: Station) {
        let sta = station.mac;
        self.remove(&sta);
        // A new entry: whatever the heaps hold for this address is stale.
        station.index_keys = IndexKeys::default();
        self.stations.insert(sta, Box::new(station));
        self.dirty.push(sta);
    }

    /// Removes a station and its AID; its heap entries become stale.
    pub fn remove(&mut self, sta: &MacAddr) -> Option<Station> {
        let station = *self.stations.remove(sta)?;
        if let Some(aid) = station.aid {
            self.aids.release(aid);
        }
        Some(station)
    }

    /// Takes the lowest free AID for `sta`.
    pub fn allocate_aid(&mut self, sta: &MacAddr) -> Option<u16> {
        let station = self.stations.get_mut(sta)?;
        if let Some(aid) = station.aid {
            return Some(aid);
        }
        let aid = self.aids.allocate()?;
        station.aid = Some(aid);
        self.dirty.push(*sta);
        Some(aid)
    }

    /// Gives the station's AID back (its association did not happen).
    pub fn release_aid(&mut self, sta: &MacAddr) {
        if let Some(aid) = self.stations.get_mut(sta).and_then(|s| s.aid.take()) {
            self.aids.release(aid);
            self.dirty.push(*sta);
        }
    }

    /// The authenticated-but-unassociated station that has waited longest.
    pub fn oldest_unassociated(&mut self) -> Option<MacAddr> {
        prune(&mut self.unassociated, &self.stations, |k| k.unassociated);
        self.unassociated.peek().map(|Reverse((_, sta))| *sta)
    }

    /// The earliest timer of any station (exact between inputs: the heap's
    /// top is pruned by every [`StationTable::reindex`]).
    pub fn next_deadline(&self) -> Option<Instant> {
        self.deadlines.peek().map(|Reverse((t, _))| *t)
    }

    /// The stations with a timer due at `now`, earliest first. They are
    /// marked dirty: the caller handles their timers, then reindexes.
    pub fn take_due(&mut self, now: Instant) -> Vec<MacAddr> {
        let mut due = Vec::new();
        while let Some(&Reverse((t, sta))) = self.deadlines.peek() {
            if t > now {
                break;
            }
            self.deadlines.pop();
            let Some(station) = self.stations.get_mut(&sta) else {
                continue;
            };
            if station.index_keys.deadline != Some(t) {
                continue;
            }
            // Both of its entries are stale from here; reindex pushes back
            // whatever is still pending once the caller has handled it.
            station.index_keys = IndexKeys::default();
            due.push(sta);
            self.dirty.push(sta);
        }
        due
    }

    /// Re-indexes the timers of every station changed since the last call.
    pub fn reindex(&mut self) {
        let mut dirty = std::mem::take(&mut self.dirty);
        for sta in dirty.drain(..) {
            let Some(station) = self.stations.get_mut(&sta) else {
                continue;
            };
            let old = station.index_keys;
            let new = IndexKeys {
                deadline: station.next_deadline(),
                unassociated: (station.state == StationState::Authenticated)
                    .then_some(station.authenticated_at),
            };
            if old == new {
                continue;
            }
            station.index_keys = new;
            if let Some(t) = new.deadline.filter(|_| new.deadline != old.deadline) {
                self.deadlines.push(Reverse((t, sta)));
            }
            if let Some(t) = new
                .unassociated
                .filter(|_| new.unassociated != old.unassociated)
            {
                self.unassociated.push(Reverse((t, sta)));
            }
        }
        // Keep the allocation for the next input.
        self.dirty = dirty;
        prune(&mut self.deadlines, &self.stations, |k| k.deadline);
        prune(&mut self.unassociated, &self.stations, |k| k.unassociated);
        let bound = 2 * self.stations.len() + HEAP_SLACK;
        if self.deadlines.len() > bound {
            self.deadlines = live_entries(&self.stations, |k| k.deadline);
        }
        if self.unassociated.len() > bound {
            self.unassociated = live_entries(&self.stations, |k| k.unassociated);
        }
    }

    /// Removes every station (shutdown), in address order.
    pub fn drain(&mut self) -> Vec<Station> {
        let drained = self
            .addresses()
            .iter()
            .filter_map(|sta| self.stations.remove(sta))
            .map(|s| *s)
            .collect();
        *self = StationTable::new(self.hash_seed);
        drained
    }

    /// Entries in the timer heaps, stale ones included: at most
    /// 2 × (2 × stations + [`HEAP_SLACK`]), and exactly two per
    /// unassociated station when nothing moved.
    pub fn indexed_timers(&self) -> usize {
        self.deadlines.len() + self.unassociated.len()
    }

    /// Checks, for tests and fuzzing, that every station's timers are
    /// indexed as they stand (a missing entry would never fire), that the
    /// heaps' tops are live, and that stale entries stay bounded. O(n).
    pub fn check_index(&self) -> Result<(), String> {
        let bound = 2 * self.stations.len() + HEAP_SLACK;
        for (name, heap, key) in [
            (
                "deadline",
                &self.deadlines,
                deadline_key as fn(&IndexKeys) -> _,
            ),
            ("unassociated", &self.unassociated, unassociated_key),
        ] {
            if heap.len() > bound {
                return Err(format!(
                    "{} {name} entries for {} stations",
                    heap.len(),
                    self.stations.len()
                ));
            }
            let entries: std::collections::BTreeSet<(Instant, MacAddr)> =
                heap.iter().map(|Reverse(entry)| *entry).collect();
            for (sta, station) in &self.stations {
                if let Some(t) = key(&station.index_keys) {
                    if !entries.contains(&(t, *sta)) {
                        return Err(format!("{sta}: its {name} entry is missing"));
                    }
                }
            }
            if let Some(Reverse((t, sta))) = heap.peek() {
                let live = self
                    .stations
                    .get(sta)
                    .is_some_and(|s| key(&s.index_keys) == Some(*t));
                if !live {
                    return Err(format!("the {name} heap's top ({sta}) is stale"));
                }
            }
        }
        for (sta, station) in &self.stations {
            let expected = IndexKeys {
                deadline: station.next_deadline(),
                unassociated: (station.state == StationState::Authenticated)
                    .then_some(station.authenticated_at),
            };
            if station.index_keys != expected {
                return Err(format!(
                    "{sta}: indexed as {:?}, its timers are {expected:?}",
                    station.index_keys
                ));
            }
        }
        Ok(())
    }
}

fn deadline_key(keys: &IndexKeys) -> Option<Instant> {
    keys.deadline
}

fn unassociated_key(keys: &IndexKeys) -> Option<Instant> {
    keys.unassociated
}

/// Pops stale entries off the top of a heap, so its top is live.
fn prune(
    heap: &mut TimeHeap,
    stations: &HashMap<MacAddr, Box<Station>, FixedState>,
    key: impl Fn(&IndexKeys) -> Option<Instant>,
) {
    while let Some(&Reverse((t, sta))) = heap.peek() {
        let live = stations
            .get(&sta)
            .is_some_and(|s| key(&s.index_keys) == Some(t));
        if live {
            break;
        }
        heap.pop();
    }
}

/// A heap of the live entries only (the rebuild when stale ones pile up).
fn live_entries(
    stations: &HashMap<MacAddr, Box<Station>, FixedState>,
    key: impl Fn(&IndexKeys) -> Option<Instant>,
) -> TimeHeap {
    stations
        .iter()
        .filter_map(|(sta, s)| key(&s.index_keys).map(|t| Reverse((t, *sta))))
        .collect()
}

/// Association IDs in use, one bit each.
#[derive(Debug)]
struct AidBitmap {
    words: [u64; AID_WORDS],
    in_use: usize,
}

const AID_WORDS: usize = (MAX_AID as usize + 1).div_ceil(64);

impl Default for AidBitmap {
    fn default() -> Self {
        // AID 0 is not an AID: mark it taken for good.
        let mut words = [0; AID_WORDS];
        if let Some(first) = words.first_mut() {
            *first = 1;
        }
        AidBitmap { words, in_use: 0 }
    }
}

impl AidBitmap {
    /// The lowest free AID (hostapd hands out the lowest free one).
    fn allocate(&mut self) -> Option<u16> {
        let (index, word) = self
            .words
            .iter_mut()
            .enumerate()
            .find(|(_, w)| **w != u64::MAX)?;
        let bit = word.trailing_ones() as usize;
        let aid = u16::try_from(index * 64 + bit)
            .ok()
            .filter(|a| *a <= MAX_AID)?;
        *word |= 1 << bit;
        self.in_use += 1;
        Some(aid)
    }

    fn release(&mut self, aid: u16) {
        let (index, bit) = (usize::from(aid) / 64, aid % 64);
        if let Some(word) = self.words.get_mut(index) {
            if *word & (1 << bit) != 0 && aid != 0 {
                *word &= !(1 << bit);
                self.in_use -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aids_are_handed_out_lowest_first_up_to_2007() {
        let mut aids = AidBitmap::default();
        for expected in 1..=MAX_AID {
            assert_eq!(aids.allocate(), Some(expected));
        }
        assert_eq!(aids.allocate(), None);
        assert_eq!(aids.in_use, usize::from(MAX_AID));
        aids.release(700);
        aids.release(700);
        aids.release(0);
        assert_eq!(aids.in_use, usize::from(MAX_AID) - 1);
        assert_eq!(aids.allocate(), Some(700));
    }
}
