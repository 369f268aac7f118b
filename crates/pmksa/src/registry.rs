//! The daemon's PMKSA caches: one per BSS, each with its SSID's caching mode
//! and OKC domain.
//!
//! hostapd's `okc=1` lets a BSS take a PMKSA from any other BSS of the same
//! process (`wpa_auth_for_each_auth` in `wpa_auth_pmksa_get_okc`), whatever
//! its SSID. Here OKC only looks at BSSes registered with the same domain
//! name (the daemon uses SSID + AKM) that are themselves in OKC mode, so a
//! PMK never crosses SSIDs or leaves a sticky SSID.
//!
//! A domain can also be shared with other hosts through a store (the
//! daemon's `shared-cache` feature). The registry stays sans-IO: a BSS
//! marked shared ([`PmksaCaches::set_shared`]) queues a [`SharedChange`]
//! for each entry a full authentication adds and each entry removed, which
//! the daemon drains after every input ([`PmksaCaches::take_shared_changes`])
//! and writes to the store; what other hosts wrote comes back through
//! [`PmksaCaches::insert_replica`] and [`PmksaCaches::remove_replica`]. An
//! OKC entry of a remote AP is held in a replica BSS under that AP's BSSID,
//! a source for OKC like a local BSS of the domain but never looked up
//! itself, so association-time lookups stay in memory.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use roamd_wpa::{MacAddr, Pmkid};

use crate::cache::{Added, CachedEntry, PmksaCache, DEFAULT_MAX_ENTRIES};
use crate::counters::Counters;
use crate::entry::PmksaEntry;
use crate::error::Error;
use crate::list::PmksaRow;

/// How a BSS (per SSID) caches PMKSAs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// No caching: nothing is stored and offered PMKIDs are ignored
    /// (hostapd `disable_pmksa_caching=1`).
    None,
    /// Only PMKSAs created at this BSS are used (hostapd default, `okc=0`).
    #[default]
    Sticky,
    /// This BSS's PMKSAs first, then opportunistic key caching from the
    /// other OKC BSSes of the same domain (hostapd `okc=1`).
    Okc,
}

impl CacheMode {
    /// The mode for hostapd's `disable_pmksa_caching` and `okc` settings.
    pub fn from_hostapd(disable_pmksa_caching: bool, okc: bool) -> Self {
        match (disable_pmksa_caching, okc) {
            (true, _) => Self::None,
            (false, false) => Self::Sticky,
            (false, true) => Self::Okc,
        }
    }
}

/// Where a lookup hit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// A PMKSA held by this BSS's own cache.
    Pmksa,
    /// Derived by OKC from the entry another BSS holds; the new entry is
    /// now stored in this BSS's cache too.
    Okc {
        /// The BSS whose entry was used.
        from_bss: MacAddr,
    },
}

/// The result of the association-time lookup.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// A live PMKSA names one of the offered PMKIDs: skip EAP, run the 4-way
    /// handshake with `entry.pmk()` and put `entry.pmkid()` in message 1/4,
    /// and restore `entry.session`.
    Hit {
        /// A copy of the entry (this BSS's entry, or the newly derived one).
        entry: Box<PmksaEntry>,
        /// Where it came from.
        kind: HitKind,
    },
    /// No usable PMKSA: run full EAP.
    Miss {
        /// The station offered at least one PMKID (unknown or stale, or
        /// ignored because caching is off).
        offered: bool,
    },
}

impl Lookup {
    /// The entry on a hit.
    pub fn entry(&self) -> Option<&PmksaEntry> {
        match self {
            Self::Hit { entry, .. } => Some(entry),
            Self::Miss { .. } => None,
        }
    }

    /// True on a hit.
    pub fn is_hit(&self) -> bool {
        matches!(self, Self::Hit { .. })
    }
}

/// The cache settings of one BSS, as a reload applies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSettings {
    /// The caching mode.
    pub mode: CacheMode,
    /// The OKC domain.
    pub domain: String,
    /// The cache limit.
    pub max_entries: usize,
    /// The longest an entry may live from its creation.
    pub lifetime: Duration,
}

/// What [`PmksaCaches::reconfigure_bss`] did to a BSS's existing entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reconfigured {
    /// The mode before.
    pub mode_before: CacheMode,
    /// The mode now.
    pub mode: CacheMode,
    /// The mode or the OKC domain changed: the entries stay, but other
    /// BSSes may (OKC) or may no longer (sticky) derive from them.
    pub rescoped: bool,
    /// Entries removed because caching is now off.
    pub flushed: usize,
    /// Entries whose expiry the shorter lifetime brought forward.
    pub shortened: usize,
    /// Entries removed because they are older than the new lifetime.
    pub expired: usize,
    /// Entries evicted (least recently used) down to the new `max_entries`.
    pub evicted: usize,
    /// Entries held afterwards.
    pub kept: usize,
}

impl core::fmt::Display for Reconfigured {
    /// One line for the log and the reload reply: "sticky -> okc: 3
    /// entries kept (re-scoped)", "okc -> none: 3 entries flushed", ...
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let name = |m: CacheMode| match m {
            CacheMode::None => "none",
            CacheMode::Sticky => "sticky",
            CacheMode::Okc => "okc",
        };
        if self.mode_before == self.mode {
            write!(f, "{}: ", name(self.mode))?;
        } else {
            write!(f, "{} -> {}: ", name(self.mode_before), name(self.mode))?;
        }
        write!(f, "{} entries kept", self.kept)?;
        if self.rescoped && self.mode != CacheMode::None {
            f.write_str(" (re-scoped)")?;
        }
        for (n, what) in [
            (self.flushed, "flushed"),
            (self.shortened, "shortened"),
            (self.expired, "expired"),
            (self.evicted, "evicted"),
        ] {
            if n > 0 {
                write!(f, ", {n} {what}")?;
            }
        }
        Ok(())
    }
}

/// Whether this build shares caches through a store (feature `shared`, on
/// with roamd's `shared-cache`): without it the hooks below compile to
/// nothing, so an AP without a store carries none of their code.
const SHARING: bool = cfg!(feature = "shared");

/// A change to a shared BSS's cache that the store must repeat.
#[derive(Debug, Clone)]
pub enum SharedChange {
    /// A full authentication cached `entry` (OKC derivations are not
    /// written: their source is).
    Added {
        /// The BSS's domain.
        domain: String,
        /// The BSS's mode.
        mode: CacheMode,
        /// The new entry (boxed: it holds the PMK and session state).
        entry: Box<PmksaEntry>,
    },
    /// An entry of station `spa` at `aa` was removed (EAPOL-Start, a failed
    /// handshake on the cached PMK, a flush).
    Removed {
        /// The BSS's domain.
        domain: String,
        /// The BSS's mode.
        mode: CacheMode,
        /// The BSS.
        aa: MacAddr,
        /// The station.
        spa: MacAddr,
    },
}

/// One registered BSS.
#[derive(Debug)]
struct Bss {
    mode: CacheMode,
    domain: String,
    cache: PmksaCache,
    /// Its changes go to the store.
    shared: bool,
    /// A remote AP's entries, replicated from the store: an OKC source only.
    replica: bool,
}

/// Every BSS's PMKSA cache, with its mode and OKC domain.
#[derive(Debug, Default)]
pub struct PmksaCaches {
    // Ordered so that OKC scans BSSes in a fixed order.
    bsses: BTreeMap<MacAddr, Bss>,
    /// Changes of shared BSSes not yet taken by the daemon.
    outbox: Vec<SharedChange>,
    /// (BSS, station) whose local entry came from the store (a restart):
    /// the journal says so on a hit.
    /// Few (one per station a restarted host had), and a plain list keeps
    /// hashing code out of builds without a store.
    restored: Vec<(MacAddr, MacAddr)>,
    /// Entries a replica of each domain holds (a domain's stations, not
    /// one BSS's); unset: the largest limit of the domain's local BSSes.
    replica_max_entries: Vec<(String, usize)>,
    /// What the BSSes of each shared domain may expect of its store.
    #[cfg(feature = "shared")]
    stores: Vec<(String, StoreView)>,
}

/// What a BSS of a shared domain may expect of the domain's store at the
/// moment ([`PmksaCaches::store_view`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoreView {
    /// The daemon is connected to the store (false until the first
    /// connection and while it reconnects).
    pub available: bool,
    /// How long an association whose offered PMKID missed locally may wait
    /// for the store to be asked; zero: not at all.
    pub miss_wait: Duration,
}

impl PmksaCaches {
    /// No BSS registered.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers BSS `bssid` with `mode` and OKC `domain`, with a cache of
    /// [`DEFAULT_MAX_ENTRIES`]. Re-registering changes mode and domain and
    /// keeps the entries, except that mode [`CacheMode::None`] flushes them.
    /// Returns true if the BSS was not registered before.
    pub fn register_bss(
        &mut self,
        bssid: MacAddr,
        mode: CacheMode,
        domain: impl Into<String>,
    ) -> bool {
        self.register_bss_with_max_entries(bssid, mode, domain, DEFAULT_MAX_ENTRIES)
    }

    /// [`Self::register_bss`] with a cache limit of `max_entries`
    /// (hostapd has no setting for it and uses 1024).
    pub fn register_bss_with_max_entries(
        &mut self,
        bssid: MacAddr,
        mode: CacheMode,
        domain: impl Into<String>,
        max_entries: usize,
    ) -> bool {
        let domain = domain.into();
        match self.bsses.get_mut(&bssid) {
            Some(bss) => {
                bss.mode = mode;
                bss.domain = domain;
                bss.replica = false;
                bss.cache.set_max_entries(max_entries);
                if mode == CacheMode::None {
                    bss.cache.flush();
                }
                false
            }
            None => {
                let cache = PmksaCache::with_max_entries(max_entries);
                self.bsses.insert(
                    bssid,
                    Bss {
                        mode,
                        domain,
                        cache,
                        shared: false,
                        replica: false,
                    },
                );
                true
            }
        }
    }

    /// Applies new cache settings to the registered BSS `bssid` in place
    /// (a configuration reload): its stations keep their entries unless
    /// the new settings rule them out. Mode [`CacheMode::None`] flushes
    /// them; a smaller `max_entries` evicts the least recently used; a
    /// shorter `lifetime` makes every entry end at most that long after
    /// its creation (expiring those older than that); sticky <-> OKC and a
    /// new domain only change who may derive from them. `None` if the BSS
    /// is not registered.
    pub fn reconfigure_bss(
        &mut self,
        now: Instant,
        bssid: MacAddr,
        settings: CacheSettings,
    ) -> Option<Reconfigured> {
        let bss = self.bsses.get_mut(&bssid)?;
        let mut outcome = Reconfigured {
            mode_before: bss.mode,
            mode: settings.mode,
            rescoped: bss.mode != settings.mode || bss.domain != settings.domain,
            ..Reconfigured::default()
        };
        bss.mode = settings.mode;
        bss.domain = settings.domain;
        if settings.mode == CacheMode::None {
            outcome.flushed = bss.cache.flush();
        }
        let (shortened, expired) = bss.cache.limit_lifetime(now, settings.lifetime);
        outcome.shortened = shortened;
        outcome.expired = expired;
        let evictions = bss.cache.counters().evictions;
        bss.cache.set_max_entries(settings.max_entries);
        outcome.evicted = (bss.cache.counters().evictions - evictions) as usize;
        outcome.kept = bss.cache.len();
        Some(outcome)
    }

    /// Forgets BSS `bssid` and its entries (BSS removed or disabled).
    pub fn unregister_bss(&mut self, bssid: &MacAddr) -> bool {
        self.bsses.remove(bssid).is_some()
    }

    /// The registered BSSes with their mode and domain, by BSSID (not the
    /// replicas of remote APs).
    pub fn bsses(&self) -> impl Iterator<Item = (MacAddr, CacheMode, &str)> + '_ {
        self.bsses
            .iter()
            .filter(|(_, s)| !s.replica)
            .map(|(b, s)| (*b, s.mode, s.domain.as_str()))
    }

    /// Marks BSS `bssid` shared through a store: from now on its adds and
    /// removals are queued as [`SharedChange`]s. False if not registered.
    pub fn set_shared(&mut self, bssid: &MacAddr, shared: bool) -> bool {
        match self.bsses.get_mut(bssid) {
            Some(b) if !b.replica => {
                b.shared = shared;
                true
            }
            _ => false,
        }
    }

    /// Lets each replica of `domain` hold `max_entries` entries: a remote
    /// AP's replica holds the stations of the whole domain that authenticated
    /// there, more than one BSS's cache limit.
    pub fn set_replica_max_entries(&mut self, domain: &str, max_entries: usize) {
        self.replica_max_entries.retain(|(d, _)| d != domain);
        self.replica_max_entries
            .push((domain.to_string(), max_entries.max(1)));
        for b in self
            .bsses
            .values_mut()
            .filter(|b| b.replica && b.domain == domain)
        {
            b.cache.set_max_entries(max_entries.max(1));
        }
    }

    #[cfg(feature = "shared")]
    /// Sets how long an association that missed locally may wait for
    /// `domain`'s store (`[cache_domain.NAME] miss_wait_ms`).
    pub fn set_miss_wait(&mut self, domain: &str, miss_wait: Duration) {
        let view = StoreView {
            miss_wait,
            ..self.domain_store(domain)
        };
        self.set_domain_store(domain, view);
    }

    #[cfg(feature = "shared")]
    /// Records whether the daemon is connected to `domain`'s store.
    pub fn set_store_available(&mut self, domain: &str, available: bool) {
        let view = StoreView {
            available,
            ..self.domain_store(domain)
        };
        self.set_domain_store(domain, view);
    }

    #[cfg(feature = "shared")]
    fn domain_store(&self, domain: &str) -> StoreView {
        self.stores
            .iter()
            .find(|(d, _)| d == domain)
            .map_or_else(StoreView::default, |(_, v)| *v)
    }

    #[cfg(feature = "shared")]
    fn set_domain_store(&mut self, domain: &str, view: StoreView) {
        self.stores.retain(|(d, _)| d != domain);
        self.stores.push((domain.to_string(), view));
    }

    #[cfg(feature = "shared")]
    /// The store of `bss`'s domain, when `bss` is shared through one
    /// ([`Self::set_shared`]). Feature `shared` only, like the setters.
    pub fn store_view(&self, bss: &MacAddr) -> Option<StoreView> {
        let b = self.bsses.get(bss).filter(|b| b.shared && !b.replica)?;
        Some(self.domain_store(&b.domain))
    }

    /// The changes of shared BSSes since the last call, oldest first.
    pub fn take_shared_changes(&mut self) -> Vec<SharedChange> {
        std::mem::take(&mut self.outbox)
    }

    /// Inserts an entry another host (or this one before a restart) wrote
    /// to `domain`'s store in `mode` (hostapd has no equivalent). An entry
    /// of a local BSS of that domain and mode goes into its cache (a sticky
    /// entry survives a restart this way); an OKC entry of a remote AP goes
    /// into that AP's replica, if a local OKC BSS of the domain can use it.
    /// Nothing is queued for the store. Returns whether it was stored (not
    /// when the same PMKSA is held already, e.g. this host's own).
    pub fn insert_replica(
        &mut self,
        now: Instant,
        domain: &str,
        mode: CacheMode,
        entry: PmksaEntry,
    ) -> bool {
        if mode == CacheMode::None || entry.is_expired(now) {
            return false;
        }
        let (aa, spa) = (entry.aa(), entry.spa());
        let local_okc = self
            .bsses
            .values()
            .filter(|b| !b.replica && b.domain == domain && b.mode == CacheMode::Okc)
            .map(|b| b.cache.max_entries())
            .max()
            .map(|local| {
                self.replica_max_entries
                    .iter()
                    .find(|(d, _)| d == domain)
                    .map_or(local, |(_, n)| *n)
            });
        let bss = match self.bsses.get_mut(&aa) {
            Some(b) if b.domain == domain && b.mode == mode => b,
            Some(_) => return false,
            None => {
                let Some(max_entries) = local_okc.filter(|_| mode == CacheMode::Okc) else {
                    return false;
                };
                self.bsses.entry(aa).or_insert(Bss {
                    mode,
                    domain: domain.to_string(),
                    cache: PmksaCache::with_max_entries(max_entries),
                    shared: false,
                    replica: true,
                })
            }
        };
        if bss
            .cache
            .station_entries(&spa)
            .any(|e| e.pmkid() == entry.pmkid())
        {
            return false;
        }
        let replica = bss.replica;
        bss.cache.add(now, entry);
        if !replica && !self.restored.contains(&(aa, spa)) {
            self.restored.push((aa, spa));
        }
        true
    }

    /// Removes what another host removed from `domain`'s store: in
    /// [`CacheMode::Okc`] the station's entries at every OKC BSS of the
    /// domain, local or replica (it asked for EAP again, or its PMK failed);
    /// in [`CacheMode::Sticky`] its entry at `aa`. Nothing is queued.
    /// Returns how many entries went.
    pub fn remove_replica(
        &mut self,
        domain: &str,
        mode: CacheMode,
        aa: MacAddr,
        spa: MacAddr,
    ) -> usize {
        let mut n = 0;
        for (b, bss) in &mut self.bsses {
            let hit = bss.domain == domain
                && bss.mode == mode
                && match mode {
                    CacheMode::Okc => true,
                    CacheMode::Sticky => *b == aa,
                    CacheMode::None => false,
                };
            if hit {
                n += bss.cache.flush_station(&spa);
                let b = *b;
                self.restored.retain(|r| *r != (b, spa));
            }
        }
        n
    }

    /// Whether a hit of [`Self::lookup`] at `bss` for `spa` used an entry
    /// from the store: derived from a remote AP's replica, or this BSS's own
    /// entry restored after a restart.
    pub fn hit_from_store(&self, bss: &MacAddr, spa: &MacAddr, kind: HitKind) -> bool {
        if !SHARING {
            return false;
        }
        match kind {
            HitKind::Okc { from_bss } => self.bsses.get(&from_bss).is_some_and(|b| b.replica),
            HitKind::Pmksa => self.restored.contains(&(*bss, *spa)),
        }
    }

    /// Entries held for remote APs.
    pub fn replica_len(&self) -> usize {
        self.bsses
            .values()
            .filter(|b| b.replica)
            .map(|b| b.cache.len())
            .sum()
    }

    fn queue_removed(&mut self, bss: &MacAddr, spa: MacAddr) {
        if !SHARING {
            return;
        }
        self.restored.retain(|r| *r != (*bss, spa));
        if let Some(b) = self.bsses.get(bss).filter(|b| b.shared) {
            self.outbox.push(SharedChange::Removed {
                domain: b.domain.clone(),
                mode: b.mode,
                aa: *bss,
                spa,
            });
        }
    }

    /// The caching mode of `bssid`.
    pub fn mode(&self, bssid: &MacAddr) -> Option<CacheMode> {
        self.bsses.get(bssid).map(|b| b.mode)
    }

    /// The OKC domain of `bssid`.
    pub fn domain(&self, bssid: &MacAddr) -> Option<&str> {
        self.bsses.get(bssid).map(|b| b.domain.as_str())
    }

    /// The cache of `bssid`, for inspection.
    pub fn cache(&self, bssid: &MacAddr) -> Option<&PmksaCache> {
        self.bsses.get(bssid).map(|b| &b.cache)
    }

    /// Stores the PMKSA of a full authentication at `entry.aa()` (hostapd
    /// `wpa_auth_pmksa_add`, after EAP success and the 4-way handshake's
    /// PMK). Replaces the station's previous entry at that BSS. Returns
    /// `Ok(None)` without storing when the BSS's mode is
    /// [`CacheMode::None`].
    pub fn add(&mut self, now: Instant, entry: PmksaEntry) -> Result<Option<Added>, Error> {
        let bss = self
            .bsses
            .get_mut(&entry.aa())
            .ok_or(Error::UnknownBss(entry.aa()))?;
        if bss.mode == CacheMode::None || bss.replica {
            return Ok(None);
        }
        let key = (entry.aa(), entry.spa());
        if SHARING && !self.restored.is_empty() {
            self.restored.retain(|r| *r != key);
        }
        if SHARING && bss.shared {
            self.outbox.push(SharedChange::Added {
                domain: bss.domain.clone(),
                mode: bss.mode,
                entry: Box::new(entry.clone()),
            });
        }
        Ok(Some(bss.cache.add(now, entry)))
    }

    /// The association-time lookup at BSS `bss` for station `spa` offering
    /// `pmkids` in its RSNE (hostapd `wpa_validate_wpa_ie`).
    ///
    /// Every offered PMKID is first looked up in `bss`'s own cache. In
    /// [`CacheMode::Okc`] the station's live entries at the other OKC BSSes
    /// of the domain are then tried, each offered PMKID in turn against
    /// `Truncate-128(HMAC(PMK, "PMK Name" || bss || spa))` (12.7.1.3;
    /// SAE entries by their stored PMKID); a match is copied into `bss`'s
    /// cache as an opportunistic entry. [`CacheMode::None`] and an
    /// unregistered `bss` always miss.
    ///
    /// The caller must still check that the entry's AKM is the one the
    /// station selected.
    pub fn lookup(
        &mut self,
        now: Instant,
        bss: MacAddr,
        spa: MacAddr,
        pmkids: &[[u8; 16]],
    ) -> Lookup {
        let offered = !pmkids.is_empty();
        let Some(own) = self.bsses.get_mut(&bss).filter(|b| !b.replica) else {
            return Lookup::Miss { offered };
        };
        let mode = own.mode;
        if mode != CacheMode::None {
            for id in pmkids {
                if let Some(e) = own.cache.get(now, &spa, &Pmkid(*id)) {
                    let Some(entry) = e.to_entry() else { continue };
                    let entry = Box::new(entry);
                    own.cache.counters_mut().hits += 1;
                    return Lookup::Hit {
                        entry,
                        kind: HitKind::Pmksa,
                    };
                }
            }
        }
        if mode == CacheMode::Okc && offered {
            if let Some((from_bss, source_pmkid, derived)) = self.find_okc(now, bss, spa, pmkids) {
                // The source was used: keep it from being evicted first.
                if let Some(src) = self.bsses.get_mut(&from_bss) {
                    src.cache.get(now, &spa, &source_pmkid);
                }
                if let Some(own) = self.bsses.get_mut(&bss) {
                    let entry = Box::new(derived.clone());
                    own.cache.add(now, derived);
                    let c = own.cache.counters_mut();
                    c.hits += 1;
                    c.okc_derivations += 1;
                    return Lookup::Hit {
                        entry,
                        kind: HitKind::Okc { from_bss },
                    };
                }
            }
        }
        if let Some(own) = self.bsses.get_mut(&bss) {
            own.cache.counters_mut().misses += 1;
        }
        Lookup::Miss { offered }
    }

    /// The first offered PMKID that an entry of `spa` at another OKC BSS of
    /// `bss`'s domain has at `bss` (hostapd `pmksa_cache_get_okc`): the
    /// source BSS, the source entry's PMKID and the entry to store at `bss`.
    fn find_okc(
        &self,
        now: Instant,
        bss: MacAddr,
        spa: MacAddr,
        pmkids: &[[u8; 16]],
    ) -> Option<(MacAddr, Pmkid, PmksaEntry)> {
        let domain = self.bsses.get(&bss)?.domain.as_str();
        // Each candidate's PMKID at `bss` is computed once (one HMAC per
        // entry), then matched against the offered list in its order.
        let candidates: Vec<(MacAddr, CachedEntry<'_>, Pmkid)> = self
            .bsses
            .iter()
            .filter(|(b, s)| **b != bss && s.mode == CacheMode::Okc && s.domain == domain)
            .flat_map(|(b, s)| s.cache.station_entries(&spa).map(move |e| (*b, e)))
            .filter(|(_, e)| !e.is_expired(now))
            .filter_map(|(b, e)| e.pmkid_for(&bss).map(|id| (b, e, id)))
            .collect();
        pmkids.iter().find_map(|offered| {
            let (b, e, id) = candidates.iter().find(|(_, _, id)| id.0 == *offered)?;
            let derived = e.to_entry()?.into_okc(now, bss, *id);
            Some((*b, e.pmkid(), derived))
        })
    }

    /// Whether one of `pmkids` is the OKC PMKID at `bss` of a live entry of
    /// `spa` at another BSS of `bss`'s domain, whatever the caches' modes:
    /// a station doing OKC where the cache does not (a `sticky` SSID). Read
    /// only; one HMAC per such entry, so for misses only.
    pub fn is_okc_offer(
        &self,
        now: Instant,
        bss: MacAddr,
        spa: MacAddr,
        pmkids: &[[u8; 16]],
    ) -> bool {
        let Some(domain) = self.domain(&bss) else {
            return false;
        };
        self.bsses
            .iter()
            .filter(|(b, s)| **b != bss && s.domain == domain)
            .flat_map(|(_, s)| s.cache.station_entries(&spa))
            .filter(|e| !e.is_expired(now))
            .filter_map(|e| e.pmkid_for(&bss))
            .any(|id| pmkids.contains(&id.0))
    }

    /// The live entry of `spa` named `pmkid` at `bss`, marked used.
    pub fn get(
        &mut self,
        now: Instant,
        bss: &MacAddr,
        spa: &MacAddr,
        pmkid: &Pmkid,
    ) -> Option<CachedEntry<'_>> {
        self.bsses.get_mut(bss)?.cache.get(now, spa, pmkid)
    }

    /// Removes the entry of `spa` named `pmkid` at `bss` (EAPOL-Start from a
    /// station that roamed on it). Returns whether there was one.
    pub fn remove(&mut self, bss: &MacAddr, spa: &MacAddr, pmkid: &Pmkid) -> bool {
        let removed = self
            .bsses
            .get_mut(bss)
            .is_some_and(|b| b.cache.remove(spa, pmkid));
        if removed {
            self.queue_removed(bss, *spa);
        }
        removed
    }

    /// Removes station `spa`'s entries at every BSS (e.g. RADIUS
    /// Disconnect-Request); returns how many.
    pub fn flush_station(&mut self, spa: &MacAddr) -> usize {
        let mut emptied = Vec::new();
        let mut n = 0;
        for (b, bss) in &mut self.bsses {
            let k = bss.cache.flush_station(spa);
            if SHARING && k > 0 && !bss.replica {
                emptied.push(*b);
            }
            n += k;
        }
        for b in emptied {
            self.queue_removed(&b, *spa);
        }
        n
    }

    /// Removes every entry at `bss` (control interface `PMKSA_FLUSH`);
    /// `None` if the BSS is not registered. A shared BSS's entries leave
    /// the store too.
    pub fn flush(&mut self, bss: &MacAddr) -> Option<usize> {
        let b = self.bsses.get_mut(bss)?;
        let mut stations: Vec<MacAddr> = Vec::new();
        if SHARING && b.shared {
            // No sort: it would be kilobytes of code for a rare command.
            for e in b.cache.iter() {
                if !stations.contains(&e.spa()) {
                    stations.push(e.spa());
                }
            }
        }
        let n = b.cache.flush();
        for spa in stations {
            self.queue_removed(bss, spa);
        }
        Some(n)
    }

    /// Removes every entry at every BSS, replicas included, locally only
    /// (the store keeps them); returns how many.
    pub fn flush_all(&mut self) -> usize {
        self.bsses.values_mut().map(|b| b.cache.flush()).sum()
    }

    /// The control interface `PMKSA` rows of `bss` at `now`; render them
    /// with [`crate::format_list`].
    pub fn list(&self, now: Instant, bss: &MacAddr) -> Option<Vec<PmksaRow>> {
        self.bsses.get(bss).map(|b| b.cache.list(now))
    }

    /// The counters of `bss`.
    pub fn counters(&self, bss: &MacAddr) -> Option<Counters> {
        self.bsses.get(bss).map(|b| b.cache.counters())
    }

    /// The earliest expiry over all caches.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.bsses
            .values()
            .filter_map(|b| b.cache.poll_timeout())
            .min()
    }

    /// Removes expired entries from every cache; returns how many.
    pub fn handle_timeout(&mut self, now: Instant) -> usize {
        self.bsses
            .values_mut()
            .map(|b| b.cache.handle_timeout(now))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use core::time::Duration;

    use roamd_wpa::{pmkid::pmkid, Akm, Pmk};

    use super::*;
    use crate::entry::SessionAttrs;

    // traces/eap-okc/ap.log: PMK (line 1546), AP0/AP1 BSSIDs and station.
    const TRACE_PMK: &str = "90c417c7096a4d8242d54b6fb6ff9e09f5b0ec4df826748b10d9002117103119";
    const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
    const AP2: MacAddr = MacAddr([2, 0, 0, 0, 3, 0]);
    const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
    const PMKID_AP0: &str = "ed66f00d20ecf0a952af9656d49edbe0";
    const PMKID_AP1: &str = "5cf50bc4aa3d6940174d0a754c73e2ed";

    fn trace_pmk() -> Pmk {
        Pmk::from_slice(&hex::decode(TRACE_PMK).unwrap()).unwrap()
    }

    fn session() -> SessionAttrs {
        SessionAttrs {
            identity: b"alice".to_vec(),
            class: vec![b"class-1".to_vec()],
            cui: Some(b"cui-alice".to_vec()),
            vlan_id: Some(10),
            session_timeout: None,
            acct_multi_session_id: 0xfeed_0001,
            eap_type: 25,
        }
    }

    fn full_eap(now: Instant, aa: MacAddr) -> PmksaEntry {
        PmksaEntry::new(now, trace_pmk(), Akm::Ieee8021x, aa, STA, session()).unwrap()
    }

    fn id(hex_id: &str) -> [u8; 16] {
        hex::decode(hex_id).unwrap().try_into().unwrap()
    }

    fn okc_pair() -> PmksaCaches {
        let mut r = PmksaCaches::new();
        assert!(r.register_bss(AP0, CacheMode::Okc, "roam-eap/1"));
        assert!(r.register_bss(AP1, CacheMode::Okc, "roam-eap/1"));
        r
    }

    // The eap-okc trace: full EAP at AP0, OKC roam to AP1, back to AP0 on
    // AP0's own PMKSA.
    #[test]
    fn eap_okc_trace() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        let added = r.add(t0, full_eap(t0, AP0)).unwrap().unwrap();
        assert_eq!(added.pmkid.to_string(), PMKID_AP0);

        let t1 = t0 + Duration::from_secs(3);
        let hit = r.lookup(t1, AP1, STA, &[id(PMKID_AP1)]);
        let Lookup::Hit { entry, kind } = hit else {
            panic!("miss")
        };
        assert_eq!(kind, HitKind::Okc { from_bss: AP0 });
        assert_eq!(entry.pmkid().to_string(), PMKID_AP1);
        assert_eq!(entry.pmk(), &trace_pmk());
        assert_eq!(entry.aa(), AP1);
        assert!(entry.opportunistic());
        assert_eq!(entry.session, session());
        assert_eq!(entry.expires(), t0 + crate::DEFAULT_PMK_LIFETIME);

        // Now stored at AP1: a second lookup there is a plain hit.
        let again = r.lookup(t1, AP1, STA, &[id(PMKID_AP1)]);
        assert!(matches!(
            again,
            Lookup::Hit {
                kind: HitKind::Pmksa,
                ..
            }
        ));
        let rows = r.list(t1, &AP1).unwrap();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].opportunistic);
        assert_eq!(rows[0].seconds_left, 43_197);

        let t2 = t1 + Duration::from_secs(1);
        let back = r.lookup(t2, AP0, STA, &[id(PMKID_AP0)]);
        assert!(matches!(
            back,
            Lookup::Hit {
                kind: HitKind::Pmksa,
                ..
            }
        ));
        assert!(!back.entry().unwrap().opportunistic());

        let c0 = r.counters(&AP0).unwrap();
        let c1 = r.counters(&AP1).unwrap();
        assert_eq!(
            (c0.hits, c0.misses, c0.okc_derivations, c0.added),
            (1, 0, 0, 1)
        );
        assert_eq!(
            (c1.hits, c1.misses, c1.okc_derivations, c1.added),
            (2, 0, 1, 1)
        );
    }

    #[test]
    fn an_okc_pmkid_is_recognised_on_a_sticky_ssid() {
        let t0 = Instant::now();
        let mut r = PmksaCaches::new();
        r.register_bss(AP0, CacheMode::Sticky, "roam-eap/1");
        r.register_bss(AP1, CacheMode::Sticky, "roam-eap/1");
        r.register_bss(AP2, CacheMode::Sticky, "other/1");
        r.add(t0, full_eap(t0, AP0)).unwrap();
        assert!(matches!(
            r.lookup(t0, AP1, STA, &[id(PMKID_AP1)]),
            Lookup::Miss { offered: true }
        ));
        assert!(r.is_okc_offer(t0, AP1, STA, &[[0xaa; 16], id(PMKID_AP1)]));
        // AP0's own PMKID at AP1, another domain, another station: no.
        assert!(!r.is_okc_offer(t0, AP1, STA, &[id(PMKID_AP0)]));
        let at_ap2 = pmkid(&trace_pmk(), &AP2, &STA, Akm::Ieee8021x).unwrap();
        assert!(!r.is_okc_offer(t0, AP2, STA, &[at_ap2.0]));
        assert!(!r.is_okc_offer(t0, AP1, AP2, &[id(PMKID_AP1)]));
    }

    #[test]
    fn okc_derivation_for_several_bssids() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        r.register_bss(AP2, CacheMode::Okc, "roam-eap/1");
        let extra: Vec<MacAddr> = (0..5u8)
            .map(|n| MacAddr([0x02, 0x11, 0x22, 0x33, 0x44, n]))
            .collect();
        for b in &extra {
            r.register_bss(*b, CacheMode::Okc, "roam-eap/1");
        }
        r.add(t0, full_eap(t0, AP0)).unwrap();
        for b in [AP1, AP2].iter().chain(&extra) {
            let expected = pmkid(&trace_pmk(), b, &STA, Akm::Ieee8021x).unwrap();
            // The station offers a stale PMKID first, then the right one.
            let hit = r.lookup(t0, *b, STA, &[[0xaa; 16], expected.0]);
            let Lookup::Hit { entry, kind } = hit else {
                panic!("miss at {b:?}")
            };
            // The source is the first BSS (by BSSID) holding a matching entry.
            assert_eq!(kind, HitKind::Okc { from_bss: AP0 });
            assert_eq!(entry.pmkid(), expected);
            assert_eq!(entry.aa(), *b);
        }
        assert_eq!(
            pmkid(&trace_pmk(), &AP1, &STA, Akm::Ieee8021x)
                .unwrap()
                .to_string(),
            PMKID_AP1
        );
        // Offering AP0's PMKID at AP1 is no OKC match: it names AP0's PMKSA.
        let mut r = okc_pair();
        r.add(t0, full_eap(t0, AP0)).unwrap();
        assert!(matches!(
            r.lookup(t0, AP1, STA, &[id(PMKID_AP0)]),
            Lookup::Miss { offered: true }
        ));
        assert_eq!(r.counters(&AP1).unwrap().misses, 1);
    }

    #[test]
    fn okc_with_sha256_akm() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        let e =
            PmksaEntry::new(t0, trace_pmk(), Akm::Ieee8021xSha256, AP0, STA, session()).unwrap();
        r.add(t0, e).unwrap();
        let expected = pmkid(&trace_pmk(), &AP1, &STA, Akm::Ieee8021xSha256).unwrap();
        assert_ne!(expected.to_string(), PMKID_AP1);
        let hit = r.lookup(t0, AP1, STA, &[expected.0]);
        assert_eq!(hit.entry().unwrap().pmkid(), expected);
        assert_eq!(hit.entry().unwrap().akm(), Akm::Ieee8021xSha256);
    }

    #[test]
    fn okc_ignores_expired_source() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        let mut s = session();
        s.session_timeout = Some(60);
        r.add(
            t0,
            PmksaEntry::new(t0, trace_pmk(), Akm::Ieee8021x, AP0, STA, s).unwrap(),
        )
        .unwrap();
        let late = t0 + Duration::from_secs(60);
        assert!(!r.lookup(late, AP1, STA, &[id(PMKID_AP1)]).is_hit());
        let early = t0 + Duration::from_secs(59);
        let hit = r.lookup(early, AP1, STA, &[id(PMKID_AP1)]);
        // The derived entry keeps the source's expiry.
        assert_eq!(hit.entry().unwrap().expires(), t0 + Duration::from_secs(60));
        assert_eq!(r.poll_timeout(), Some(t0 + Duration::from_secs(60)));
        assert_eq!(r.handle_timeout(late), 2);
        assert_eq!(r.counters(&AP0).unwrap().expirations, 1);
        assert_eq!(r.counters(&AP1).unwrap().expirations, 1);
        assert_eq!(r.poll_timeout(), None);
    }

    // An OKC domain and a sticky SSID side by side: same station, same PMK.
    #[test]
    fn mode_isolation_between_ssids() {
        let t0 = Instant::now();
        let s0 = MacAddr([2, 0, 0, 0, 0x10, 0]);
        let s1 = MacAddr([2, 0, 0, 0, 0x11, 0]);
        let mut r = okc_pair();
        r.register_bss(s0, CacheMode::Sticky, "corp/1");
        r.register_bss(s1, CacheMode::Sticky, "corp/1");
        r.add(t0, full_eap(t0, AP0)).unwrap();
        r.add(t0, full_eap(t0, s0)).unwrap();
        let at = |b: &MacAddr| pmkid(&trace_pmk(), b, &STA, Akm::Ieee8021x).unwrap().0;

        // Sticky: its own entry hits; another sticky BSS never derives one.
        assert!(matches!(
            r.lookup(t0, s0, STA, &[at(&s0)]),
            Lookup::Hit {
                kind: HitKind::Pmksa,
                ..
            }
        ));
        assert!(matches!(
            r.lookup(t0, s1, STA, &[at(&s1)]),
            Lookup::Miss { offered: true }
        ));
        // ... nor from the OKC domain's entry, even when the PMKID is AP0's.
        assert!(!r.lookup(t0, s1, STA, &[at(&AP0), at(&s1)]).is_hit());
        // OKC at the same time: AP1 derives from AP0, not from the sticky s0.
        let hit = r.lookup(t0, AP1, STA, &[at(&AP1)]);
        assert!(matches!(
            hit,
            Lookup::Hit {
                kind: HitKind::Okc { from_bss: AP0 },
                ..
            }
        ));
        // With only the sticky BSS's entry, OKC BSSes find nothing.
        r.flush(&AP0).unwrap();
        r.flush(&AP1).unwrap();
        assert!(!r.lookup(t0, AP1, STA, &[at(&AP1)]).is_hit());
        // An OKC BSS of another domain is not a source either.
        r.register_bss(s1, CacheMode::Okc, "other");
        r.add(t0, full_eap(t0, s1)).unwrap();
        assert!(!r.lookup(t0, AP1, STA, &[at(&AP1)]).is_hit());
        assert_eq!(r.counters(&s1).unwrap().okc_derivations, 0);
        assert_eq!(r.counters(&AP1).unwrap().okc_derivations, 1);
    }

    #[test]
    fn none_mode_never_hits_nor_stores() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        r.register_bss(AP2, CacheMode::None, "roam-eap/1");
        assert_eq!(r.add(t0, full_eap(t0, AP2)).unwrap(), None);
        assert!(r.cache(&AP2).unwrap().is_empty());
        // Even with a usable entry elsewhere in the domain.
        r.add(t0, full_eap(t0, AP0)).unwrap();
        let own = pmkid(&trace_pmk(), &AP2, &STA, Akm::Ieee8021x).unwrap().0;
        assert!(matches!(
            r.lookup(t0, AP2, STA, &[own, id(PMKID_AP0)]),
            Lookup::Miss { offered: true }
        ));
        assert!(matches!(
            r.lookup(t0, AP2, STA, &[]),
            Lookup::Miss { offered: false }
        ));
        // A None BSS is not an OKC source.
        assert!(r.cache(&AP2).unwrap().is_empty());
        // Switching a BSS to None drops what it held.
        r.register_bss(AP0, CacheMode::None, "roam-eap/1");
        assert!(r.cache(&AP0).unwrap().is_empty());
        assert!(!r.lookup(t0, AP1, STA, &[id(PMKID_AP1)]).is_hit());
        assert_eq!(r.counters(&AP2).unwrap().misses, 2);
    }

    #[test]
    fn miss_kinds_and_unknown_bss() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        assert!(matches!(
            r.lookup(t0, AP0, STA, &[]),
            Lookup::Miss { offered: false }
        ));
        assert!(matches!(
            r.lookup(t0, AP0, STA, &[[1; 16]]),
            Lookup::Miss { offered: true }
        ));
        assert!(matches!(
            r.lookup(t0, AP2, STA, &[[1; 16]]),
            Lookup::Miss { offered: true }
        ));
        assert_eq!(
            r.add(t0, full_eap(t0, AP2)).unwrap_err(),
            Error::UnknownBss(AP2)
        );
        assert_eq!(r.counters(&AP0).unwrap().misses, 2);
        assert_eq!(r.counters(&AP2), None);
    }

    #[test]
    fn replacement_and_flushes() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        r.add(t0, full_eap(t0, AP0)).unwrap();
        // A new full EAP at AP0 replaces the station's entry there.
        let pmk2 = Pmk::from_slice(&[0x5a; 32]).unwrap();
        let e2 = PmksaEntry::new(t0, pmk2, Akm::Ieee8021x, AP0, STA, session()).unwrap();
        let id2 = e2.pmkid();
        assert!(r.add(t0, e2).unwrap().unwrap().replaced);
        assert_eq!(r.cache(&AP0).unwrap().len(), 1);
        assert!(!r.lookup(t0, AP0, STA, &[id(PMKID_AP0)]).is_hit());
        assert!(r.lookup(t0, AP0, STA, &[id2.0]).is_hit());
        // OKC to AP1 with the new PMK, then remove at AP1 (EAPOL-Start).
        let at1 = pmkid(
            &Pmk::from_slice(&[0x5a; 32]).unwrap(),
            &AP1,
            &STA,
            Akm::Ieee8021x,
        )
        .unwrap();
        assert!(r.lookup(t0, AP1, STA, &[at1.0]).is_hit());
        assert!(r.remove(&AP1, &STA, &at1));
        assert!(!r.remove(&AP1, &STA, &at1));
        assert!(r.get(t0, &AP0, &STA, &id2).is_some());
        // A replacement at AP1 from OKC replaces its own older entry.
        assert!(r.lookup(t0, AP1, STA, &[at1.0]).is_hit());
        assert!(r.lookup(t0, AP1, STA, &[at1.0]).is_hit());
        assert_eq!(r.cache(&AP1).unwrap().len(), 1);
        // flush_station hits every BSS; flush one BSS; flush all.
        let other: MacAddr = MacAddr([2, 0, 0, 0, 9, 0]);
        r.add(
            t0,
            PmksaEntry::new(t0, trace_pmk(), Akm::Ieee8021x, AP0, other, session()).unwrap(),
        )
        .unwrap();
        assert_eq!(r.flush_station(&STA), 2);
        assert_eq!(r.flush(&AP0), Some(1));
        assert_eq!(r.flush(&AP2), None);
        r.add(t0, full_eap(t0, AP0)).unwrap();
        r.add(t0, full_eap(t0, AP1)).unwrap();
        assert_eq!(r.flush_all(), 2);
        assert!(r.unregister_bss(&AP1));
        assert!(!r.unregister_bss(&AP1));
        assert_eq!(r.bsses().map(|(b, _, _)| b).collect::<Vec<_>>(), [AP0]);
    }

    #[test]
    fn okc_touches_source_and_can_evict_at_destination() {
        let t0 = Instant::now();
        let mut r = PmksaCaches::new();
        r.register_bss_with_max_entries(AP0, CacheMode::Okc, "d", 2);
        r.register_bss_with_max_entries(AP1, CacheMode::Okc, "d", 1);
        let other: MacAddr = MacAddr([2, 0, 0, 0, 9, 0]);
        r.add(t0, full_eap(t0, AP0)).unwrap();
        r.add(
            t0,
            PmksaEntry::new(t0, trace_pmk(), Akm::Ieee8021x, AP0, other, session()).unwrap(),
        )
        .unwrap();
        r.add(
            t0,
            PmksaEntry::new(t0, trace_pmk(), Akm::Ieee8021x, AP1, other, session()).unwrap(),
        )
        .unwrap();
        // STA's entry at AP0 is now least recently used; OKC use refreshes it.
        assert!(r.lookup(t0, AP1, STA, &[id(PMKID_AP1)]).is_hit());
        let lru: Vec<_> = r.cache(&AP0).unwrap().iter_lru().map(|e| e.spa()).collect();
        assert_eq!(lru, [STA, other]);
        // AP1 holds one entry: the derived one evicted `other`'s.
        assert_eq!(r.counters(&AP1).unwrap().evictions, 1);
        assert_eq!(r.cache(&AP1).unwrap().iter().next().unwrap().spa(), STA);
    }

    fn settings(mode: CacheMode, domain: &str, max_entries: usize, secs: u64) -> CacheSettings {
        CacheSettings {
            mode,
            domain: domain.into(),
            max_entries,
            lifetime: Duration::from_secs(secs),
        }
    }

    #[test]
    fn reconfiguring_a_bss_keeps_rescopes_expires_evicts_or_flushes() {
        let t0 = Instant::now();
        let mut r = PmksaCaches::new();
        r.register_bss(AP0, CacheMode::Sticky, "roam-eap/1");
        r.register_bss(AP1, CacheMode::Okc, "roam-eap/1");
        r.add(t0, full_eap(t0, AP0)).unwrap();
        // Sticky: AP1 cannot derive from AP0's entry.
        assert!(!r.lookup(t0, AP1, STA, &[id(PMKID_AP1)]).is_hit());
        assert_eq!(
            r.reconfigure_bss(t0, AP2, settings(CacheMode::Okc, "x", 1, 1)),
            None
        );

        // Sticky -> OKC: the entry stays and now serves OKC at AP1.
        let o = r
            .reconfigure_bss(
                t0,
                AP0,
                settings(CacheMode::Okc, "roam-eap/1", 1024, 43_200),
            )
            .unwrap();
        assert_eq!(
            o,
            Reconfigured {
                mode_before: CacheMode::Sticky,
                mode: CacheMode::Okc,
                rescoped: true,
                kept: 1,
                ..Reconfigured::default()
            }
        );
        assert_eq!(o.to_string(), "sticky -> okc: 1 entries kept (re-scoped)");
        assert!(r.lookup(t0, AP1, STA, &[id(PMKID_AP1)]).is_hit());
        assert_eq!(r.mode(&AP0), Some(CacheMode::Okc));

        // Unchanged settings: nothing happens.
        let o = r
            .reconfigure_bss(
                t0,
                AP0,
                settings(CacheMode::Okc, "roam-eap/1", 1024, 43_200),
            )
            .unwrap();
        assert_eq!(o.to_string(), "okc: 1 entries kept");

        // A shorter lifetime: 10 min old entries end after 15 min.
        let other = MacAddr([2, 0, 0, 0, 9, 0]);
        let t1 = t0 + Duration::from_secs(300);
        r.add(
            t1,
            PmksaEntry::new(t1, trace_pmk(), Akm::Ieee8021x, AP0, other, session()).unwrap(),
        )
        .unwrap();
        let now = t0 + Duration::from_secs(600);
        let o = r
            .reconfigure_bss(now, AP0, settings(CacheMode::Okc, "roam-eap/1", 1024, 900))
            .unwrap();
        assert_eq!(
            (o.shortened, o.expired, o.kept, o.rescoped),
            (2, 0, 2, false)
        );
        assert_eq!(
            r.cache(&AP0).unwrap().poll_timeout(),
            Some(t0 + Duration::from_secs(900))
        );
        // ... and after 7 min, the older one is already past it.
        let o = r
            .reconfigure_bss(now, AP0, settings(CacheMode::Okc, "roam-eap/1", 1024, 420))
            .unwrap();
        assert_eq!((o.shortened, o.expired, o.kept), (1, 1, 1));
        assert_eq!(o.to_string(), "okc: 1 entries kept, 1 shortened, 1 expired");

        // A smaller max_entries evicts the least recently used.
        r.add(now, full_eap(now, AP0)).unwrap();
        let o = r
            .reconfigure_bss(
                now,
                AP0,
                settings(CacheMode::Sticky, "roam-eap/1", 1, 43_200),
            )
            .unwrap();
        assert_eq!((o.evicted, o.kept, o.rescoped), (1, 1, true));
        assert_eq!(r.cache(&AP0).unwrap().iter().next().unwrap().spa(), STA);

        // -> none: flushed.
        let o = r
            .reconfigure_bss(now, AP0, settings(CacheMode::None, "roam-eap/1", 1, 43_200))
            .unwrap();
        assert_eq!((o.flushed, o.kept), (1, 0));
        assert_eq!(o.to_string(), "sticky -> none: 0 entries kept, 1 flushed");
        assert_eq!(r.add(now, full_eap(now, AP0)).unwrap(), None);
    }

    // Two hosts of one OKC domain, the store between them played by the
    // test: host A's full EAP reaches host B as a replica, B derives its
    // entry by OKC from it; removals go both ways.
    #[cfg(feature = "shared")]
    #[test]
    fn okc_across_hosts_through_replicas() {
        let t0 = Instant::now();
        let mut a = PmksaCaches::new();
        a.register_bss(AP0, CacheMode::Okc, "d");
        assert!(a.set_shared(&AP0, true));
        let mut b = PmksaCaches::new();
        b.register_bss(AP1, CacheMode::Okc, "d");
        b.set_shared(&AP1, true);

        a.add(t0, full_eap(t0, AP0)).unwrap();
        let changes = a.take_shared_changes();
        let [SharedChange::Added {
            domain,
            mode,
            entry,
        }] = &changes[..]
        else {
            panic!("{changes:?}")
        };
        assert_eq!(
            (domain.as_str(), *mode, entry.aa()),
            ("d", CacheMode::Okc, AP0)
        );
        assert!(a.take_shared_changes().is_empty());
        // Host A hears its own write back: nothing changes.
        let entry: PmksaEntry = (**entry).clone();
        assert!(!a.insert_replica(t0, "d", CacheMode::Okc, entry.clone()));

        b.set_replica_max_entries("d", 5000);
        assert!(b.insert_replica(t0, "d", CacheMode::Okc, entry.clone()));
        assert!(!b.insert_replica(t0, "d", CacheMode::Okc, entry.clone()));
        assert_eq!(b.replica_len(), 1);
        assert_eq!(b.cache(&AP0).unwrap().max_entries(), 5000);
        assert_eq!(b.bsses().count(), 1);
        // Another domain, or sticky, is no use to B.
        assert!(!b.insert_replica(t0, "other", CacheMode::Okc, entry.clone()));
        assert!(!b.insert_replica(t0, "d", CacheMode::Sticky, entry.clone()));
        // The replica itself is never a BSS to look up at.
        assert!(!b.lookup(t0, AP0, STA, &[id(PMKID_AP0)]).is_hit());

        let Lookup::Hit { entry: got, kind } = b.lookup(t0, AP1, STA, &[id(PMKID_AP1)]) else {
            panic!("miss")
        };
        assert_eq!(kind, HitKind::Okc { from_bss: AP0 });
        assert!(b.hit_from_store(&AP1, &STA, kind));
        assert_eq!(got.pmkid().to_string(), PMKID_AP1);
        assert_eq!(got.session, session());
        // The derived entry is not written back: its source is there.
        assert!(b.take_shared_changes().is_empty());

        // EAPOL-Start at B: B's entry goes, and the store is told.
        assert!(b.remove(&AP1, &STA, &got.pmkid()));
        let changes = b.take_shared_changes();
        assert!(matches!(
            &changes[..],
            [SharedChange::Removed {
                mode: CacheMode::Okc,
                aa: AP1,
                spa: STA,
                ..
            }]
        ));
        // A hears it: the station's entries of the domain go there too.
        assert_eq!(a.remove_replica("d", CacheMode::Okc, AP1, STA), 1);
        assert!(a.cache(&AP0).unwrap().is_empty());
        assert!(a.take_shared_changes().is_empty());
        assert_eq!(b.remove_replica("d", CacheMode::Okc, AP1, STA), 1);
        assert_eq!(b.replica_len(), 0);
    }

    #[cfg(feature = "shared")]
    #[test]
    fn sticky_entry_survives_a_restart_through_the_store() {
        let t0 = Instant::now();
        let mut before = PmksaCaches::new();
        before.register_bss(AP0, CacheMode::Sticky, "d");
        before.set_shared(&AP0, true);
        before.add(t0, full_eap(t0, AP0)).unwrap();
        let Some(SharedChange::Added { entry, .. }) = before.take_shared_changes().pop() else {
            panic!("not queued")
        };

        let mut after = PmksaCaches::new();
        after.register_bss(AP0, CacheMode::Sticky, "d");
        after.register_bss(AP1, CacheMode::Sticky, "d");
        after.set_shared(&AP0, true);
        let entry = *entry;
        assert!(after.insert_replica(t0, "d", CacheMode::Sticky, entry.clone()));
        // Sticky: only at the AP that created it.
        assert!(!after.lookup(t0, AP1, STA, &[id(PMKID_AP1)]).is_hit());
        let hit = after.lookup(t0, AP0, STA, &[id(PMKID_AP0)]);
        let Lookup::Hit { kind, .. } = hit else {
            panic!("miss")
        };
        assert!(after.hit_from_store(&AP0, &STA, kind));
        assert!(after.take_shared_changes().is_empty());
        // A new full EAP makes it a local entry again.
        after.add(t0, full_eap(t0, AP0)).unwrap();
        assert!(!after.hit_from_store(&AP0, &STA, HitKind::Pmksa));
        // Sticky removal at another AP leaves this one's entry.
        assert_eq!(after.remove_replica("d", CacheMode::Sticky, AP1, STA), 0);
        assert_eq!(after.remove_replica("d", CacheMode::Sticky, AP0, STA), 1);
        // Expired entries are not restored.
        let late = t0 + crate::DEFAULT_PMK_LIFETIME;
        assert!(!after.insert_replica(late, "d", CacheMode::Sticky, entry));
    }

    #[cfg(feature = "shared")]
    #[test]
    fn only_shared_bsses_see_their_domain_s_store() {
        let mut r = okc_pair();
        assert_eq!(r.store_view(&AP0), None);
        r.set_shared(&AP0, true);
        // Shared, store never heard of: unavailable, no wait.
        assert_eq!(r.store_view(&AP0), Some(StoreView::default()));
        let wait = Duration::from_millis(5);
        r.set_miss_wait("roam-eap/1", wait);
        r.set_store_available("roam-eap/1", true);
        let up = StoreView {
            available: true,
            miss_wait: wait,
        };
        assert_eq!(r.store_view(&AP0), Some(up));
        r.set_store_available("roam-eap/1", false);
        assert_eq!(
            r.store_view(&AP0),
            Some(StoreView {
                available: false,
                ..up
            })
        );
        r.set_store_available("other", true);
        assert!(!r.store_view(&AP0).unwrap().available);
        assert_eq!(r.store_view(&AP1), None);
        assert_eq!(r.store_view(&AP2), None);
    }

    #[cfg(feature = "shared")]
    #[test]
    fn flushes_of_shared_bsses_are_queued() {
        let t0 = Instant::now();
        let mut r = okc_pair();
        r.set_shared(&AP0, true);
        let other = MacAddr([2, 0, 0, 0, 9, 0]);
        r.add(t0, full_eap(t0, AP0)).unwrap();
        r.add(
            t0,
            PmksaEntry::new(t0, trace_pmk(), Akm::Ieee8021x, AP0, other, session()).unwrap(),
        )
        .unwrap();
        r.add(t0, full_eap(t0, AP1)).unwrap();
        assert_eq!(r.take_shared_changes().len(), 2);
        assert_eq!(r.flush_station(&STA), 2);
        let changes = r.take_shared_changes();
        assert!(matches!(
            &changes[..],
            [SharedChange::Removed {
                aa: AP0,
                spa: STA,
                ..
            }]
        ));
        assert_eq!(r.flush(&AP0), Some(1));
        assert!(matches!(
            &r.take_shared_changes()[..],
            [SharedChange::Removed { spa, .. }] if *spa == other
        ));
        assert!(!r.set_shared(&AP2, true));
    }

    #[test]
    fn mode_from_hostapd() {
        assert_eq!(CacheMode::from_hostapd(true, true), CacheMode::None);
        assert_eq!(CacheMode::from_hostapd(false, false), CacheMode::Sticky);
        assert_eq!(CacheMode::from_hostapd(false, true), CacheMode::Okc);
        assert_eq!(CacheMode::default(), CacheMode::Sticky);
    }
}
