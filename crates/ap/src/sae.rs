//! The SAE side of a WPA3-Personal BSS: the table of running SAE exchanges
//! (`roamd-sae`, bounded and rate limited there) built from the BSS's
//! configuration, and the key an accepted exchange leaves for the
//! association that follows.

use rand::{CryptoRng, RngCore};
use roamd_sae::{CommitBudget, SaeConfig, SaeTable};
use roamd_wpa::{Pmk, Pmkid};

use crate::config::SaeSettings;

/// The SAE state of one BSS.
#[derive(Debug)]
pub struct BssSae {
    table: SaeTable,
}

/// What a station's accepted SAE exchange left: the PMK and PMKID its
/// association uses (12.4.5.4).
#[derive(Debug, Clone)]
pub struct SaeKey {
    /// The PMK.
    pub pmk: Pmk,
    /// Its PMKID.
    pub pmkid: Pmkid,
    /// The group the exchange ran in (hostapd's `sae_group` STA field).
    pub group: u16,
}

impl BssSae {
    /// The SAE exchanges of a BSS named `ssid`, at most `max_instances` at
    /// once (the BSS's station limit).
    pub fn new(
        settings: &SaeSettings,
        ssid: &[u8],
        max_instances: usize,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self, roamd_sae::Error> {
        let config = SaeConfig {
            ssid: ssid.to_vec(),
            groups: settings.groups.clone(),
            pwe: settings.pwe,
            anti_clogging_threshold: settings.anti_clogging_threshold,
            max_instances,
            budget: CommitBudget {
                per_second: settings.commits_per_second,
                ..CommitBudget::default()
            },
            passwords: settings.passwords.clone(),
            ..SaeConfig::default()
        };
        Ok(BssSae {
            table: SaeTable::new(config, rng)?,
        })
    }

    /// The running exchanges.
    pub fn table(&self) -> &SaeTable {
        &self.table
    }

    pub(crate) fn table_mut(&mut self) -> &mut SaeTable {
        &mut self.table
    }
}
