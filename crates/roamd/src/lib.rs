//! roamd: the access point daemon.
//!
//! [`config`] (crate `roamd-config`) reads and validates the configuration;
//! the BSS core is the sans-IO crate `roamd-ap`; [`daemon`] is the tokio
//! shell that feeds radio events, RADIUS outcomes, control commands and the
//! clock into the BSSes and maps what they ask for onto nl80211, the RADIUS
//! client and the control sockets.
#![warn(missing_docs)]

pub use roamd_ap::bss;
pub use roamd_config as config;
pub mod args;
pub mod ctrl;
pub mod daemon;
pub mod frame_path;
pub use roamd_config::hostapd_conf;
pub use roamd_config::psk_file;
