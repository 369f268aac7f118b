//! Shared cache domains in a build without the `shared-cache` feature:
//! nothing to run, and a configuration that names a store is refused.

use std::cell::RefCell;

use anyhow::{bail, Result};
use roamd_pmksa::PmksaCaches;

use crate::config::Config;

/// What a domain's task would report; never built here.
#[derive(Debug)]
pub enum Inbound {}

/// No shared domains.
pub struct Stores;

impl Stores {
    /// Refuses a configuration with a `[cache_domain]`.
    pub fn start(config: &Config, _pmksa: &RefCell<PmksaCaches>) -> Result<Self> {
        if let Some(d) = config.cache_domains.first() {
            bail!(
                "{}: cache_domain.{}.store: this roamd was built without the `shared-cache` \
                 feature (cargo build --release -p roamd --features shared-cache)",
                config.file.display(),
                d.name
            );
        }
        Ok(Self)
    }

    /// Never returns.
    pub async fn recv(&mut self) -> Inbound {
        std::future::pending().await
    }

    /// Nothing to apply.
    pub fn handle(&mut self, message: Inbound, _pmksa: &RefCell<PmksaCaches>) {
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
