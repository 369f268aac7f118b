//! Per-BSS PMKSA cache statistics.

/// Counters of one BSS's PMKSA cache.
///
/// `added`, `evictions` and `expirations` are kept by [`crate::PmksaCache`]
/// itself; `hits`, `misses` and `okc_derivations` by the association-time
/// [`crate::PmksaCaches::lookup`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Entries stored (after full authentications and OKC derivations).
    pub added: u64,
    /// Lookups that found a PMKSA, in this BSS's cache or by OKC.
    pub hits: u64,
    /// Lookups that found none (unknown or expired PMKIDs, or caching
    /// disabled): the station runs full EAP. An association that offers no
    /// PMKID, or an FT reassociation (whose PMKID names a PMK-R1), makes no
    /// lookup and counts in neither.
    pub misses: u64,
    /// Of the hits, those where OKC derived a new entry from another BSS's.
    pub okc_derivations: u64,
    /// Live entries dropped to make room (least recently used first).
    pub evictions: u64,
    /// Entries removed because their lifetime ran out.
    pub expirations: u64,
}
