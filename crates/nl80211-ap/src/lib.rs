//! roamd's radio driver layer.
//!
//! [`Radio`] is the boundary between the daemon and a radio: commands in,
//! replies and [`RadioEvent`]s out. [`Nl80211`] implements it on Linux with
//! nl80211 over generic netlink (the real driver, used in production and by
//! the mac80211_hwsim end-to-end tests); [`SimRadio`] implements it in memory
//! for unit tests.
#![warn(missing_docs)]

pub mod attr;
pub mod consts;
pub mod message;
mod nl80211;
mod radio;
mod sim;

pub use attr::KeyMaterial;
pub use nl80211::Nl80211;
pub use radio::*;
pub use sim::{SimRadio, SimState};
