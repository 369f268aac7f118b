//! roamd's radio driver layer.
//!
//! [`Radio`] is the boundary between the daemon and a radio: commands in,
//! replies and [`RadioEvent`]s out. [`Nl80211`] implements it on Linux with
//! nl80211 over generic netlink (the real driver, used in production and by
//! the mac80211_hwsim end-to-end tests); [`SimRadio`] implements it in memory
//! for unit tests. Both hand their events to the daemon through
//! [`RadioEvents`], a bounded queue that sheds probe requests first.
#![warn(missing_docs)]
// Input bytes must never be able to panic the daemon: no indexing or unwrap in library
// code (length arithmetic is on slice lengths plus small constants, so cannot overflow).
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

pub mod attr;
pub mod consts;
mod events;
mod link;
pub mod message;
mod nl80211;
mod radio;
mod sim;

pub use attr::KeyMaterial;
pub use events::{EventDrops, EventKind, RadioEvents, DROP_WARNING_INTERVAL, EVENT_QUEUE_CAPACITY};
pub use link::interface_index;
pub use nl80211::Nl80211;
pub use radio::*;
pub use sim::{SimRadio, SimState, HWSIM_HT};
