//! PMK-R0 and PMK-R1 caches with lifetimes and a size bound.
//!
//! hostapd keeps both in unbounded lists (`/* TODO: add limit on number of
//! entries in cache */`); here a full cache evicts the entry that would
//! expire first, and an entry stored again under the same station and name
//! replaces the old one.

use std::collections::HashMap;
use std::time::Instant;

use roamd_ieee80211::MacAddr;
use roamd_wpa::{PmkR0, PmkR0Name, PmkR1, PmkR1Name};

use crate::message::Vlan;

/// Where a cached PMK-R1 came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PmkR1Origin {
    /// Derived here from a PMK-R0 this AP holds.
    Local,
    /// Pulled from the R0KH at this address.
    Pulled(MacAddr),
    /// Pushed by the R0KH at this address.
    Pushed(MacAddr),
}

/// A PMK-R0 as the AP core stores it after an initial mobility domain
/// association (hostapd `wpa_ft_store_pmk_r0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmkR0Entry {
    /// The station (S0KH-ID).
    pub sta: MacAddr,
    /// PMK-R0.
    pub pmk_r0: PmkR0,
    /// PMKR0Name.
    pub pmk_r0_name: PmkR0Name,
    /// Pairwise cipher, hostapd `WPA_CIPHER_*` bit.
    pub pairwise: u16,
    /// When the key expires (`ft_r0_key_lifetime` after storing).
    pub expires: Option<Instant>,
    /// When the RADIUS Session-Timeout ends.
    pub session_end: Option<Instant>,
    /// EAP identity (empty if none).
    pub identity: Vec<u8>,
    /// RADIUS CUI (empty if none).
    pub radius_cui: Vec<u8>,
    /// VLAN.
    pub vlan: Vlan,
    /// Already pushed to the R1KHs (hostapd pushes once per PMK-R0).
    pub pushed: bool,
}

/// A PMK-R1 this AP may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmkR1Entry {
    /// The station (S1KH-ID).
    pub sta: MacAddr,
    /// PMK-R1.
    pub pmk_r1: PmkR1,
    /// PMKR1Name.
    pub pmk_r1_name: PmkR1Name,
    /// Pairwise cipher, hostapd `WPA_CIPHER_*` bit.
    pub pairwise: u16,
    /// When the key expires.
    pub expires: Option<Instant>,
    /// When the RADIUS Session-Timeout ends.
    pub session_end: Option<Instant>,
    /// EAP identity (empty if none).
    pub identity: Vec<u8>,
    /// RADIUS CUI (empty if none).
    pub radius_cui: Vec<u8>,
    /// VLAN.
    pub vlan: Vlan,
    /// Where it came from.
    pub origin: PmkR1Origin,
}

/// An entry with an end of life.
pub(crate) trait Expiring {
    /// The earliest of expiry and session end.
    fn end(&self) -> Option<Instant>;
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Expiring for PmkR0Entry {
    fn end(&self) -> Option<Instant> {
        earliest(self.expires, self.session_end)
    }
}

impl Expiring for PmkR1Entry {
    fn end(&self) -> Option<Instant> {
        earliest(self.expires, self.session_end)
    }
}

/// A bounded map from (station, key name) to keys.
#[derive(Debug)]
pub(crate) struct KeyCache<N, E> {
    // Each entry with its insertion number, to evict the oldest of those
    // expiring together.
    entries: HashMap<(MacAddr, N), (E, u64)>,
    capacity: usize,
    inserted: u64,
}

impl<N: Copy + Eq + core::hash::Hash, E: Expiring> KeyCache<N, E> {
    pub(crate) fn new(capacity: usize) -> Self {
        KeyCache {
            entries: HashMap::new(),
            capacity,
            inserted: 0,
        }
    }

    /// Stores `entry`; returns true if another entry was evicted for it.
    pub(crate) fn insert(&mut self, sta: MacAddr, name: N, entry: E) -> bool {
        let key = (sta, name);
        let mut evicted = false;
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            // Entries without an end sort last: evict what dies soonest.
            let victim = self
                .entries
                .iter()
                .min_by_key(|(_, (e, n))| (e.end().is_none(), e.end(), *n))
                .map(|(k, _)| *k);
            if let Some(v) = victim {
                self.entries.remove(&v);
                evicted = true;
            }
        }
        if self.capacity > 0 {
            self.inserted += 1;
            self.entries.insert(key, (entry, self.inserted));
        }
        evicted
    }

    /// The live entry for (sta, name).
    pub(crate) fn get(&self, sta: MacAddr, name: N, now: Instant) -> Option<&E> {
        self.entries
            .get(&(sta, name))
            .map(|(e, _)| e)
            .filter(|e| e.end().is_none_or(|end| end > now))
    }

    pub(crate) fn get_mut(&mut self, sta: MacAddr, name: N) -> Option<&mut E> {
        self.entries.get_mut(&(sta, name)).map(|(e, _)| e)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&(MacAddr, N), &E)> {
        self.entries.iter().map(|(k, (e, _))| (k, e))
    }

    pub(crate) fn remove_station(&mut self, sta: MacAddr) -> usize {
        let before = self.entries.len();
        self.entries.retain(|(s, _), _| *s != sta);
        before - self.entries.len()
    }

    /// Drops expired entries; returns how many.
    pub(crate) fn expire(&mut self, now: Instant) -> usize {
        let before = self.entries.len();
        self.entries
            .retain(|_, (e, _)| e.end().is_none_or(|end| end > now));
        before - self.entries.len()
    }

    pub(crate) fn next_expiry(&self) -> Option<Instant> {
        self.entries.values().filter_map(|(e, _)| e.end()).min()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}
