//! The control interface protocol of hostapd (`hostapd/ctrl_iface.c`), so
//! that `hostapd_cli` can drive roamd: one command per datagram, one reply
//! per datagram, events prefixed with `<level>` to attached clients.
//!
//! This crate only parses commands and formats replies; the daemon owns the
//! sockets and the data.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
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

mod command;
mod global;
mod reply;

pub use command::{parse_hex, parse_mac, BssTmArgs, Command};
pub use global::{AddInterface, GlobalCommand};
pub use reply::{
    log_level_report, ConfigReport, FtPeersReport, MibReport, RadiusServerMib, RsnConfigReport,
    RsnMib, StaFlags, StaReport, StatusBss, StatusReport, LOG_LEVELS, MAX_REPLY_LEN,
};

/// The reply to a successful command without data.
pub const OK: &str = "OK\n";
/// The reply to a failed command.
pub const FAIL: &str = "FAIL\n";
/// The reply to an unknown command.
pub const UNKNOWN: &str = "UNKNOWN COMMAND\n";
/// The global interface's reply to `IFNAME=` naming no interface.
pub const NO_IFNAME_MATCH: &str = "FAIL-NO-IFNAME-MATCH\n";
/// hostapd's version string, answered to `GET version`.
pub const VERSION: &str = concat!("roamd-", env!("CARGO_PKG_VERSION"));

/// An event line for attached clients at level INFO (`<3>`).
pub fn event(text: &str) -> String {
    format!("<3>{text}")
}
