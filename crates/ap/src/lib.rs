//! roamd's access point core: the sans-IO state machine of a BSS.
//!
//! [`Bss`] owns one BSS: its station table ([`station_table`]), the
//! 4-way and group key handshakes ([`wpa`], over `roamd-wpa-auth`), the
//! 802.1X relay to RADIUS (over `roamd-eap-auth`), PMKSA caching (over
//! `roamd-pmksa`), accounting, the SA Query procedure and the roam
//! journal. It performs no I/O, reads no clock and owns no OS randomness:
//! frames, EAPOL, TX status, RADIUS outcomes, the kernel's station
//! counters and the current time come in through `handle_*` methods; what
//! must happen goes out as [`Output`] intents in the core's own terms,
//! which the daemon maps onto nl80211, its RADIUS client and the control
//! interface. See [`bss`] for the input/poll order.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]
#![warn(missing_docs)]

pub mod bss;
pub mod elements;
pub mod frames;
pub mod ft;
pub mod output;
pub mod profiles;
pub mod rsn;
pub mod sae;
pub mod station_table;
pub mod wpa;

pub use bss::{Bss, Counters, RoamOutcome, SetupError, Station, StationState};
pub use output::{ApParams, KeyInstall, NewStation, Output, RsnParams, TxPurpose};
/// The typed configuration the core runs on.
pub use roamd_config as config;
