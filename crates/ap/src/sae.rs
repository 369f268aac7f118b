//! The SAE side of a WPA3-Personal BSS: the table of running SAE exchanges
//! (`roamd-sae`, bounded and rate limited there) built from the BSS's
//! configuration, and the key an accepted exchange leaves for the
//! association that follows.

use rand::{CryptoRng, RngCore};
use roamd_sae::{Group, PweMode, SaeConfig, SaePassword, SaeTable};
use roamd_wpa::{Pmk, Pmkid};

use crate::config::{SaePwe, SaeSettings};

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
            // The configuration admits only the groups roamd-sae has.
            groups: settings
                .groups
                .iter()
                .filter_map(|g| Group::from_number(*g))
                .collect(),
            pwe: match settings.pwe {
                SaePwe::HuntingAndPecking => PweMode::HuntingAndPecking,
                SaePwe::HashToElement => PweMode::HashToElement,
                SaePwe::Both => PweMode::Both,
            },
            anti_clogging_threshold: settings.anti_clogging_threshold,
            max_instances,
            commits_per_second: settings.commits_per_second,
            passwords: settings
                .passwords
                .iter()
                .map(|p| SaePassword {
                    password: p.password.clone(),
                    identifier: p.identifier.clone(),
                    peer: p.peer,
                })
                .collect(),
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
