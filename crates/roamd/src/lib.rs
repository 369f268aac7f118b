//! roamd: the access point daemon.
//!
//! [`config`] (crate `roamd-config`) reads and validates the configuration;
//! the BSS core is the sans-IO crate `roamd-ap`; [`daemon`] is the tokio
//! shell that feeds radio events, RADIUS outcomes, control commands and the
//! clock into the BSSes and maps what they ask for onto nl80211, the RADIUS
//! client and the control sockets. [`l2`] is the Ethernet link of the 802.11r
//! key holders (hostapd's `bridge=` frames).
#![warn(missing_docs)]
// The modules that talk to libc directly opt out, and say why each time.
#![deny(unsafe_code)]

pub use roamd_ap::bss;
pub use roamd_config as config;
pub mod args;
pub mod ctrl;
pub mod daemon;
#[allow(unsafe_code)]
pub mod daemonize;
#[cfg(feature = "testing")]
pub mod data_test;
#[cfg(not(feature = "testing"))]
#[path = "data_test_off.rs"]
pub mod data_test;
pub mod frame_path;
pub mod key_holder_link;
#[allow(unsafe_code)]
pub mod l2;
pub mod notify;
#[cfg(feature = "shared-cache")]
pub mod store;
#[cfg(not(feature = "shared-cache"))]
#[path = "store_off.rs"]
pub mod store;
#[cfg(feature = "telemetry")]
pub mod telemetry;
#[cfg(not(feature = "telemetry"))]
#[path = "telemetry_off.rs"]
pub mod telemetry;
pub use roamd_config::hostapd_conf;
pub use roamd_config::psk_file;
#[allow(unsafe_code)]
pub mod syslog;
