//! WPA3-Personal: SAE (IEEE 802.11-2020 12.4) for the AP side, sans-IO.
//!
//! The AP never starts SAE: it answers a station's Commit with its own, and the
//! station's Confirm with its own, after which the station is authenticated with
//! the PMK the exchange produced. [`SaeTable`] is the "parent process" of 12.4.8:
//! it owns one protocol instance per station, and bounds what a flood of commits
//! can cost:
//!
//! - anti-clogging tokens once `anti_clogging_threshold` instances are open
//!   (no state is created for a commit answered with a token request);
//! - at most `max_instances` instances;
//! - a token bucket on the commits that cost scalar multiplications (over it, a
//!   commit is dropped and the station retransmits);
//! - an instance that does not complete expires (time is an input: `Instant`).
//!
//! Groups 19, 20 and 21 (P-256, P-384, P-521) on the RustCrypto curves, with the
//! password element by hunting-and-pecking or hash-to-element (`sae_pwe` 0, 1, 2).
//! Behaviour follows hostapd (`src/common/sae.c`, `handle_auth_sae()` in
//! `src/ap/ieee802_11.c`, `src/ap/comeback_token.c`) wherever the standard leaves
//! a choice.
//!
//! ```
//! use std::time::Instant;
//! use roamd_sae::{Group, PweMode, SaeConfig, SaeOutcome, SaePassword, SaeTable};
//! # let mut rng = rand::rngs::OsRng;
//! let config = SaeConfig {
//!     ssid: b"roam".to_vec(),
//!     groups: vec![Group::P256],
//!     pwe: PweMode::Both,
//!     passwords: vec![SaePassword::new(b"correct horse")],
//!     ..SaeConfig::default()
//! };
//! let mut table = SaeTable::new(config, &mut rng)?;
//! let (bssid, sta) = ([2, 0, 0, 0, 0, 1].into(), [2, 0, 0, 0, 0, 2].into());
//! // A Commit with an unsupported group is refused with status 77.
//! let out = table.handle_auth(Instant::now(), bssid, sta, 1, 0, &[99, 0], &mut rng);
//! assert!(matches!(out, SaeOutcome::Reply { transaction: 1, status: 77, .. }));
//! # Ok::<(), roamd_sae::Error>(())
//! ```

// Frames from stations must never be able to panic the daemon: no
// indexing or unwrap in library code.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod budget;
mod ecc;
mod error;
mod group;
mod keys;
mod table;
mod token;

pub use budget::CommitBudget;
pub use error::Error;
pub use group::Group;
pub use table::{PweMode, SaeConfig, SaeCounters, SaeOutcome, SaePassword, SaeState, SaeTable};

#[cfg(feature = "test-vectors")]
pub mod vectors;
