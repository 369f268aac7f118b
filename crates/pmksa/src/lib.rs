//! PMKSA caching and opportunistic key caching (OKC) for an RSN
//! authenticator, after hostapd's `src/ap/pmksa_cache_auth.c`.
//!
//! A station that completed 802.1X/EAP at a BSS leaves a PMK security
//! association there (IEEE 802.11-2020 12.6.10.1). When it (re)associates
//! and names that PMKSA's PMKID in its RSNE, the authenticator skips EAP and
//! goes straight to the 4-way handshake with the cached PMK, restoring the
//! identity, RADIUS Class, CUI, VLAN and accounting session from the entry.
//! With OKC, a PMKSA created at one BSS is also accepted at the other BSSes
//! of the same domain: the PMKID is recomputed for the new BSSID.
//!
//! - [`PmksaEntry`] and [`SessionAttrs`]: one PMKSA;
//! - [`PmksaCache`]: one BSS's bounded cache (LRU eviction, expiry,
//!   lookup by station and PMKID), compact enough for a million entries;
//!   it hands out [`CachedEntry`] views;
//! - [`PmksaCaches`]: the per-BSS caches with their [`CacheMode`] and OKC
//!   domain, and the association-time [`PmksaCaches::lookup`];
//! - [`PmksaRow`] and [`format_list`]: the control interface `PMKSA` reply.
//!
//! Sans-IO: no clock is read; every time-dependent call takes `now`.
//!
//! ```
//! use std::time::Instant;
//! use roamd_pmksa::{CacheMode, Lookup, MacAddr, PmksaCaches, PmksaEntry, SessionAttrs};
//! use roamd_wpa::{pmkid::pmkid, Akm, Pmk};
//!
//! let (ap0, ap1, sta) = (MacAddr([2, 0, 0, 0, 0, 0]), MacAddr([2, 0, 0, 0, 1, 0]), MacAddr([2, 0, 0, 0, 2, 0]));
//! let mut caches = PmksaCaches::new();
//! caches.register_bss(ap0, CacheMode::Okc, "roam-eap/WPA-EAP");
//! caches.register_bss(ap1, CacheMode::Okc, "roam-eap/WPA-EAP");
//!
//! // Full EAP at AP0: cache the PMK with what RADIUS sent.
//! let now = Instant::now();
//! let pmk = Pmk::from_slice(&[0x42; 32])?;
//! let session = SessionAttrs { identity: b"alice".to_vec(), vlan_id: Some(10), ..Default::default() };
//! caches.add(now, PmksaEntry::new(now, pmk.clone(), Akm::Ieee8021x, ap0, sta, session)?)?;
//!
//! // The station roams to AP1 offering the PMKID it computed for AP1.
//! let offered = [pmkid(&pmk, &ap1, &sta, Akm::Ieee8021x)?.0];
//! match caches.lookup(now, ap1, sta, &offered) {
//!     Lookup::Hit { entry, .. } => assert_eq!(entry.session.vlan_id, Some(10)),
//!     Lookup::Miss { .. } => unreachable!("OKC derives the entry"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![forbid(unsafe_code)]
// Nothing a station sends may panic the daemon: no indexing or unwrap in
// library code.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

pub mod cache;
pub mod counters;
pub mod entry;
pub mod error;
pub mod list;
mod packed;
pub mod registry;

pub use cache::{Added, CachedEntry, PmksaCache, StationEntries, DEFAULT_MAX_ENTRIES};
pub use counters::Counters;
pub use entry::{PmksaEntry, SessionAttrs, DEFAULT_PMK_LIFETIME};
pub use error::Error;
pub use list::{format_list, PmksaRow, LIST_HEADER};
pub use registry::{
    CacheMode, CacheSettings, HitKind, Lookup, PmksaCaches, Reconfigured, SharedChange, StoreView,
};

pub use roamd_wpa::{MacAddr, Pmkid};
