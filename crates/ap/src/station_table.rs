//! The stations of one BSS, their association IDs and their timers.
//!
//! Every station has at most one entry in an ordered deadline index (the
//! earliest of its own timers: handshake retransmission, SA Query, EAP,
//! delayed deauthentication, accounting interim, unassociated expiry), so
//! [`StationTable::next_deadline`] and [`StationTable::take_due`] cost
//! O(log n) per station concerned rather than a scan of the table. A
//! station borrowed mutably is marked dirty and re-indexed by
//! [`StationTable::reindex`], which the BSS calls once at the end of every
//! input; nobody has to remember which timer a change moved.
//!
//! Lookups by address, several per input, go through a hash map: with the
//! stations in a B-tree, its searches were half of the core's time at
//! 10,000 stations. The map is keyed by a seed from the BSS's random
//! generator, so a hostile station cannot choose addresses that collide,
//! and a test run still replays exactly. Listings (the control interface,
//! rekeying, shutdown) go in address order through a separate ordered set.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::time::Instant;

use foldhash::fast::FixedState;
use hashbrown::HashMap;
use roamd_ieee80211::MacAddr;

use crate::bss::{Station, StationState};

/// The highest association ID (IEEE 802.11-2020 9.4.1.8).
pub const MAX_AID: u16 = 2007;

/// Stations by address, with their AIDs and timers.
#[derive(Debug)]
pub struct StationTable {
    /// Boxed: a station is large (key state, 802.1X, accounting), and the
    /// map moves its values when it grows.
    stations: HashMap<MacAddr, Box<Station>, FixedState>,
    /// The same addresses, in order.
    addresses: BTreeSet<MacAddr>,
    /// Keys the hashing of `stations`.
    hash_seed: u64,
    /// AIDs not in use, lowest first (hostapd hands out the lowest free one).
    free_aids: BTreeSet<u16>,
    /// (deadline, station): the earliest timer of every station that has one.
    deadlines: BTreeSet<(Instant, MacAddr)>,
    /// (authenticated at, station) of stations that are authenticated but
    /// not associated: the ones to give up first when the table is full.
    unassociated: BTreeSet<(Instant, MacAddr)>,
    /// Stations borrowed mutably since the last [`StationTable::reindex`].
    dirty: Vec<MacAddr>,
}

/// Where a station stands in the indices, to remove it from them again.
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
            addresses: BTreeSet::new(),
            hash_seed,
            free_aids: (1..=MAX_AID).collect(),
            deadlines: BTreeSet::new(),
            unassociated: BTreeSet::new(),
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
        usize::from(MAX_AID) - self.free_aids.len()
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
        self.addresses.iter().filter_map(|sta| self.get(sta))
    }

    /// Station addresses in order.
    pub fn addresses(&self) -> Vec<MacAddr> {
        self.addresses.iter().copied().collect()
    }

    /// The station after `sta` in address order (hostapd's STA-NEXT).
    pub fn after(&self, sta: MacAddr) -> Option<&Station> {
        self.addresses
            .range((Bound::Excluded(sta), Bound::Unbounded))
            .next()
            .and_then(|next| self.get(next))
    }

    /// Adds (or replaces) a station. A replaced station's AID is released.
    pub fn insert(&mut self, station: Station) {
        let sta = station.mac;
        self.remove(&sta);
        self.stations.insert(sta, Box::new(station));
        self.addresses.insert(sta);
        self.dirty.push(sta);
    }

    /// Removes a station, its AID and its timers.
    pub fn remove(&mut self, sta: &MacAddr) -> Option<Station> {
        let station = *self.stations.remove(sta)?;
        self.addresses.remove(sta);
        self.unindex(*sta, station.index_keys);
        if let Some(aid) = station.aid {
            self.free_aids.insert(aid);
        }
        Some(station)
    }

    /// Takes the lowest free AID for `sta`.
    pub fn allocate_aid(&mut self, sta: &MacAddr) -> Option<u16> {
        let station = self.stations.get_mut(sta)?;
        if let Some(aid) = station.aid {
            return Some(aid);
        }
        let aid = self.free_aids.pop_first()?;
        station.aid = Some(aid);
        self.dirty.push(*sta);
        Some(aid)
    }

    /// Gives the station's AID back (its association did not happen).
    pub fn release_aid(&mut self, sta: &MacAddr) {
        if let Some(aid) = self.stations.get_mut(sta).and_then(|s| s.aid.take()) {
            self.free_aids.insert(aid);
            self.dirty.push(*sta);
        }
    }

    /// The authenticated-but-unassociated station that has waited longest.
    pub fn oldest_unassociated(&self) -> Option<MacAddr> {
        self.unassociated.first().map(|(_, sta)| *sta)
    }

    /// The earliest timer of any station.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.deadlines.first().map(|(t, _)| *t)
    }

    /// The stations with a timer due at `now`, earliest first. They are
    /// marked dirty: the caller handles their timers, then reindexes.
    pub fn take_due(&mut self, now: Instant) -> Vec<MacAddr> {
        let mut due = Vec::new();
        while let Some(&(t, sta)) = self.deadlines.first() {
            if t > now {
                break;
            }
            due.push(sta);
            self.dirty.push(sta);
            // Keep the entry consistent with the station's keys: drop it
            // from both now, reindex puts back whatever is still pending.
            if let Some(station) = self.stations.get_mut(&sta) {
                let keys = std::mem::take(&mut station.index_keys);
                self.deadlines.remove(&(t, sta));
                if let Some(u) = keys.unassociated {
                    self.unassociated.remove(&(u, sta));
                }
            } else {
                self.deadlines.remove(&(t, sta));
            }
        }
        due
    }

    /// Re-indexes the timers of every station changed since the last call.
    pub fn reindex(&mut self) {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        for sta in dirty.drain(..) {
            let Some(station) = self.stations.get(&sta) else {
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
            self.unindex(sta, old);
            if let Some(t) = new.deadline {
                self.deadlines.insert((t, sta));
            }
            if let Some(t) = new.unassociated {
                self.unassociated.insert((t, sta));
            }
            if let Some(station) = self.stations.get_mut(&sta) {
                station.index_keys = new;
            }
        }
        // Keep the allocation for the next input.
        self.dirty = dirty;
    }

    /// Removes every station (shutdown), in address order.
    pub fn drain(&mut self) -> Vec<Station> {
        let addresses = std::mem::take(&mut self.addresses);
        let drained = addresses
            .iter()
            .filter_map(|sta| self.stations.remove(sta))
            .map(|s| *s)
            .collect();
        *self = StationTable::new(self.hash_seed);
        drained
    }

    /// Entries in the timer indices, for tests and invariant checks.
    pub fn indexed_timers(&self) -> usize {
        self.deadlines.len() + self.unassociated.len()
    }

    fn unindex(&mut self, sta: MacAddr, keys: IndexKeys) {
        if let Some(t) = keys.deadline {
            self.deadlines.remove(&(t, sta));
        }
        if let Some(t) = keys.unassociated {
            self.unassociated.remove(&(t, sta));
        }
    }
}
