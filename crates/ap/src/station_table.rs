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

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::time::Instant;

use roamd_ieee80211::MacAddr;

use crate::bss::{Station, StationState};

/// The highest association ID (IEEE 802.11-2020 9.4.1.8).
pub const MAX_AID: u16 = 2007;

/// Stations by address, with their AIDs and timers.
#[derive(Debug)]
pub struct StationTable {
    /// Boxed: a station is large (key state, 802.1X, accounting), and the
    /// tree moves its values on every insert and removal.
    stations: BTreeMap<MacAddr, Box<Station>>,
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

impl Default for StationTable {
    fn default() -> Self {
        StationTable {
            stations: BTreeMap::new(),
            free_aids: (1..=MAX_AID).collect(),
            deadlines: BTreeSet::new(),
            unassociated: BTreeSet::new(),
            dirty: Vec::new(),
        }
    }
}

impl StationTable {
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
        self.stations.values().map(|s| &**s)
    }

    /// Station addresses in order.
    pub fn addresses(&self) -> Vec<MacAddr> {
        self.stations.keys().copied().collect()
    }

    /// The station after `sta` in address order (hostapd's STA-NEXT).
    pub fn after(&self, sta: MacAddr) -> Option<&Station> {
        self.stations
            .range((Bound::Excluded(sta), Bound::Unbounded))
            .next()
            .map(|(_, s)| &**s)
    }

    /// Adds (or replaces) a station. A replaced station's AID is released.
    pub fn insert(&mut self, station: Station) {
        let sta = station.mac;
        self.remove(&sta);
        self.stations.insert(sta, Box::new(station));
        self.dirty.push(sta);
    }

    /// Removes a station, its AID and its timers.
    pub fn remove(&mut self, sta: &MacAddr) -> Option<Station> {
        let station = *self.stations.remove(sta)?;
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

    /// Removes every station (shutdown).
    pub fn drain(&mut self) -> Vec<Station> {
        let stations = std::mem::take(&mut self.stations);
        *self = StationTable::default();
        stations.into_values().map(|s| *s).collect()
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
