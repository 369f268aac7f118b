//! Sealed PMKSA records for a cache domain shared between roamd hosts
//! through Redis or Valkey (sans-IO: no socket, no clock).
//!
//! A PMKSA written to a shared store must not give the store the PMK, nor
//! let anyone who can write to the store make an AP accept a PMK of their
//! choosing, move one station's PMKSA to another, or bring back one that has
//! expired. Each record is therefore sealed with AES-SIV (RFC 5297) under a
//! per-domain key that only the APs hold:
//!
//! - the clear header (format version, key id, entry kind, station MAC,
//!   AP MAC for a sticky entry, domain name) is the associated data, so it
//!   cannot be altered or swapped without the seal failing;
//! - the sealed payload holds the PMK, PMKID, AKM, AA, the absolute expiry
//!   as Unix seconds, and the [`SessionAttrs`] a cached roam restores.
//!
//! [`Sealer::open`] rejects a record with distinct errors: malformed, of an
//! unknown version, sealed with an unknown or retired key, meant for another
//! station/AP/domain/kind ([`OpenError::Swapped`]), altered
//! ([`OpenError::Tampered`]), or expired; each is counted in
//! [`StoreCounters`].
//!
//! AES-SIV is deterministic: sealing the same entry twice gives the same
//! octets. That reveals only that a record was written again unchanged,
//! which the store sees anyway; in exchange no randomness is needed here.
//!
//! Keys rotate through [`KeyRing`]: new records are sealed with the current
//! key, records sealed with an old key are opened until `old_keys_until`.
//! A key id is a hash of the key, so configuration never numbers keys.
//!
//! [`names`] builds and parses the Redis key and announcement formats.
//!
//! ```
//! use std::time::Instant;
//! use roamd_pmksa::{PmksaEntry, SessionAttrs};
//! use roamd_pmksa_store::{DomainKey, EntryKind, KeyRing, Sealer};
//! use roamd_wpa::{Akm, MacAddr, Pmk};
//!
//! let (ap, sta) = (MacAddr([2, 0, 0, 0, 0, 0]), MacAddr([2, 0, 0, 0, 2, 0]));
//! let mut sealer = Sealer::new(KeyRing::new(DomainKey::from_bytes(&[7; 64])?));
//! let now = Instant::now();
//! let unix = 1_800_000_000;
//! let pmk = Pmk::from_slice(&[0x42; 32])?;
//! let entry = PmksaEntry::new(now, pmk, Akm::Ieee8021x, ap, sta, SessionAttrs::default())?;
//!
//! let record = sealer.seal("corp", EntryKind::Okc, &entry, now, unix)?;
//! let opened = sealer.open(&record, "corp", sta, EntryKind::Okc, unix + 60)?;
//! assert_eq!(opened.pmkid(), entry.pmkid());
//! // The same record for another station is refused.
//! assert!(sealer.open(&record, "corp", ap, EntryKind::Okc, unix + 60).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![forbid(unsafe_code)]
// The store is written by others: nothing read from it may panic the daemon.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod key;
pub mod names;
mod record;

pub use key::{DomainKey, KeyError, KeyRing, KEY_LEN};
pub use record::{EntryKind, OpenError, Opened, SealError, Sealer, StoreCounters, VERSION};

pub use roamd_pmksa::{MacAddr, PmksaEntry, SessionAttrs};
