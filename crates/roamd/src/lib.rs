//! roamd: the access point daemon.
//!
//! [`config`] reads and validates the TOML configuration; [`bss`] is the
//! sans-IO core of one BSS (probe, authentication, association, station
//! table, inactivity); [`daemon`] is the tokio shell that feeds radio events
//! and the clock into the BSSes and executes what they ask of the radio.
#![warn(missing_docs)]

pub mod bss;
pub use roamd_config as config;
pub mod ctrl;
pub mod daemon;
pub mod elements;
pub mod frames;
pub use roamd_config::hostapd_conf;
pub use roamd_config::psk_file;
pub mod rsn;
pub mod wpa;
