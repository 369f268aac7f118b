//! The data test commands in a build without the `testing` feature: none
//! (they answer `UNKNOWN COMMAND`, as hostapd's without
//! CONFIG_TESTING_OPTIONS), and every hook compiles away.

/// Whether this build has the data test commands.
pub const ENABLED: bool = false;

/// Nothing open.
#[derive(Debug, Default)]
pub struct DataTest;

impl DataTest {
    /// Never returns.
    pub async fn recv(&mut self) -> Option<(usize, String)> {
        std::future::pending().await
    }

    /// No data test command here.
    pub fn command(&mut self, _bss: usize, _ifname: &str, _command: &str) -> Option<bool> {
        None
    }

    /// Nothing to close.
    pub fn close(&mut self, _bss: usize) {}
}
