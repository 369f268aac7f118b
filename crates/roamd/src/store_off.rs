//! Shared cache domains in a build without the `shared-cache` feature:
//! nothing to run (the configuration refuses a `[cache_domain]`).

use std::cell::RefCell;

use roamd_pmksa::PmksaCaches;

use crate::config::Config;

/// What a domain's task would report; never built here.
#[derive(Debug)]
pub enum Inbound {}

/// The answer of a fetch; never built here.
#[derive(Debug)]
pub enum FetchAnswer {}

/// No shared domains.
pub struct Stores;

impl Stores {
    /// Nothing to start: the configuration refuses a `[cache_domain]` in
    /// this build.
    /// Infallible, so that the caller's error path compiles away.
    pub fn start(
        _config: &Config,
        _pmksa: &RefCell<PmksaCaches>,
    ) -> Result<Self, core::convert::Infallible> {
        Ok(Self)
    }

    /// Never returns.
    pub async fn recv(&mut self) -> Inbound {
        std::future::pending().await
    }

    /// Nothing to apply.
    pub fn handle(
        &mut self,
        message: Inbound,
        _pmksa: &RefCell<PmksaCaches>,
    ) -> Option<FetchAnswer> {
        match message {}
    }

    /// Nothing is shared.
    pub fn push_changes(&mut self, _pmksa: &RefCell<PmksaCaches>) {}

    /// Nothing to say.
    pub fn status(&self) -> String {
        String::new()
    }

    /// Nothing counted.
    pub fn log_counters(&self) {}
}
