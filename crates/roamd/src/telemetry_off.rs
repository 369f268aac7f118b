//! Telemetry in a build without the `telemetry` feature: nothing to run
//! (the configuration refuses `[daemon.metrics]` and `[daemon.events]`),
//! and every hook compiles away.

use roamd_ap::{Bss, Output};
use roamd_eap_auth::RadiusRequestId;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::InterfaceInfo;
use roamd_radius::shell::RadiusHandle;
use roamd_radius::ServerKind;

use crate::config::Config;

/// The RADIUS client handle the daemon keeps per BSS.
pub type Radius = RadiusHandle<(MacAddr, RadiusRequestId)>;

/// Whether this build has telemetry.
pub const ENABLED: bool = false;

/// A scrape; never built here.
pub enum Scrape {}

/// No endpoint, no event file.
pub struct Telemetry;

impl Telemetry {
    /// Nothing to open. Infallible, so that the caller's error path
    /// compiles away.
    pub fn start(_config: &Config) -> Result<Self, core::convert::Infallible> {
        Ok(Telemetry)
    }

    /// Never returns.
    pub async fn recv(&mut self) -> Option<Scrape> {
        std::future::pending().await
    }

    /// Nothing to answer.
    pub fn answer(
        &self,
        scrape: Scrape,
        _bsses: &[Bss],
        _ifnames: &[&str],
        _radius: &[Option<Radius>],
        _pmksa: &roamd_pmksa::PmksaCaches,
    ) {
        match scrape {}
    }

    /// Nothing counted.
    #[inline(always)]
    pub fn radius_failover(&mut self, _i: usize, _kind: ServerKind, _from: std::net::SocketAddr) {}

    /// Nothing counted.
    #[inline(always)]
    pub fn restarted(&mut self, _i: usize) {}

    /// Nothing observed.
    #[inline(always)]
    pub fn observe(
        &mut self,
        _i: usize,
        _bsses: &[Bss],
        _ifaces: &[InterfaceInfo],
        _output: &Output,
    ) {
    }

    /// No event file.
    #[inline(always)]
    pub fn reopen_events(&self) {}

    /// Nothing to close.
    #[inline(always)]
    pub fn close(&mut self) {}
}
