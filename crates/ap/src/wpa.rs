//! The WPA2 side of a BSS: its RSN policy, its group keys and their
//! rekeying, the PSK of each station, and the translation of the 4-way /
//! group key handshake actions into radio commands.

use std::collections::BTreeSet;
use std::time::Instant;

use rand::{CryptoRng, RngCore};
use roamd_ieee80211::MacAddr;
use roamd_wpa::{AkmExt, CipherSuite, Pmk, Psk};
use roamd_wpa_auth::{GroupKeyInstall, GroupKeys, PtkStateMachine, RetryPolicy, StationParams};
use tracing::{info, warn};

use crate::config::{EapConfig, Pmf, WpaAuth, WpaConfig};
use crate::ft::{BssFt, FtSession};
use crate::output::{KeyInstall, Output};
use crate::rsn::{Negotiated, RsnPolicy};

/// The RSN state of one BSS.
#[derive(Debug)]
pub struct BssWpa {
    policy: RsnPolicy,
    config: WpaConfig,
    group_keys: GroupKeys,
    /// When the GTK is next rekeyed.
    next_rekey: Option<Instant>,
    /// Stations that have not yet acknowledged the new GTK; once empty the
    /// new key becomes the transmit key (hostapd's SETKEYSDONE).
    rekey_pending: BTreeSet<MacAddr>,
    /// The new GTK (and IGTK) indices waiting to become the default.
    default_pending: Option<(u8, Option<u8>)>,
}

impl BssWpa {
    /// The RSN state of a WPA2 BSS, with fresh random group keys.
    pub fn new(
        config: WpaConfig,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self, roamd_wpa_auth::Error> {
        let policy = RsnPolicy::new(&config);
        let mgmt = (config.pmf != Pmf::Disabled).then_some(CipherSuite::BipCmac128);
        let group_keys = GroupKeys::generate(rng, policy.group_cipher(), mgmt)?;
        let next_rekey = config.group_rekey.map(|d| now + d);
        Ok(BssWpa {
            policy,
            config,
            group_keys,
            next_rekey,
            rekey_pending: BTreeSet::new(),
            default_pending: None,
        })
    }

    /// The RSN policy.
    pub fn policy(&self) -> &RsnPolicy {
        &self.policy
    }

    /// The group keys, for the stations' state machines.
    pub fn group_keys(&self) -> &GroupKeys {
        &self.group_keys
    }

    /// The key index of the current GTK.
    pub fn gtk_key_idx(&self) -> u8 {
        self.group_keys.gtk_key_idx()
    }

    /// Records the kernel's transmit packet number of the current GTK, which
    /// message 3 and group message 1 carry as the Key RSC.
    pub fn set_gtk_tx_pn(&mut self, pn: u64) {
        self.group_keys.set_gtk_tx_pn(pn);
    }

    /// When the GTK is next rekeyed.
    pub fn next_rekey(&self) -> Option<Instant> {
        self.next_rekey
    }

    /// The key generation, to tell rekeys apart in logs and tests.
    pub fn generation(&self) -> u64 {
        self.group_keys.generation()
    }

    /// Commands installing the current group keys as the default keys (at AP start).
    pub fn install_group_keys(&self) -> Vec<Output> {
        let installs = self.group_keys.installs();
        let mut out = install_commands(&installs);
        out.extend(default_commands(&installs));
        out
    }

    /// Every PSK `sta` may use, in the order they are tried on message 2:
    /// its own entries in the PSK file, the BSS's passphrase/PSK, then every
    /// wildcard entry (hostapd tries each until the MIC verifies).
    pub(crate) fn psks_for(&self, sta: MacAddr) -> Vec<&Psk> {
        let WpaAuth::Psk { psk, station_psks } = &self.config.auth else {
            return Vec::new();
        };
        let file = |mac: MacAddr| {
            station_psks
                .iter()
                .filter(move |(m, _)| *m == mac)
                .map(|(_, p)| p)
        };
        file(sta)
            .chain(psk.as_ref())
            .chain(file(MacAddr::ZERO))
            .collect()
    }

    /// Replaces the PMKSA cache settings (a reload applying them live).
    pub(crate) fn set_cache(&mut self, cache: &crate::config::CacheConfig) {
        if let WpaAuth::Eap(eap) = &mut self.config.auth {
            eap.cache = cache.clone();
        }
        if let Some(sae) = &mut self.config.sae {
            sae.cache = cache.clone();
        }
    }

    /// The 802.1X settings of a WPA2-Enterprise BSS.
    pub fn eap(&self) -> Option<&EapConfig> {
        match &self.config.auth {
            WpaAuth::Eap(eap) => Some(eap),
            WpaAuth::Psk { .. } => None,
        }
    }

    /// The SAE settings of a WPA3-Personal (or transition mode) BSS.
    pub fn sae(&self) -> Option<&crate::config::SaeSettings> {
        self.config.sae.as_ref()
    }

    /// The 4-way handshake state machine for a station of a PSK BSS that
    /// just associated (no FT AKM: [`BssWpa::ft_machine`]).
    pub fn station_machine(
        &self,
        bssid: MacAddr,
        sta: MacAddr,
        negotiated: &Negotiated,
    ) -> Option<PtkStateMachine> {
        let mut pmks = self.psks_for(sta).into_iter().map(Pmk::from);
        let first = pmks.next()?;
        self.machine_with_pmks(bssid, sta, negotiated, first, None, pmks.collect())
    }

    /// The 4-way handshake of an initial mobility domain association: it
    /// runs on the PMK-R1 derived from `xxkey` (the PSK, or FT-EAP's half
    /// of the MSK), and the PMK-R0 goes to the BSS's key holder with
    /// `session` for the APs the station roams to.
    #[allow(clippy::too_many_arguments)]
    pub fn ft_machine(
        &self,
        now: Instant,
        bssid: MacAddr,
        ssid: &[u8],
        ft: &mut BssFt,
        sta: MacAddr,
        negotiated: &Negotiated,
        xxkey: &roamd_wpa::XxKey,
        session: FtSession,
    ) -> Option<PtkStateMachine> {
        let keys = match ft.initial_keys(xxkey, negotiated.akm, ssid, sta) {
            Ok(keys) => keys,
            Err(e) => {
                warn!(sta = %sta, "cannot derive the FT key hierarchy: {e}");
                return None;
            }
        };
        ft.store_pmk_r0(now, sta, &keys.pmk_r0, negotiated.pairwise, session);
        let params = self.ft_params(bssid, ft, sta, negotiated, keys.pmk_r1, keys.pmk_r1_name);
        logged(
            PtkStateMachine::new(params, RetryPolicy::default()),
            sta,
            "cannot start the 4-way handshake",
        )
    }

    /// The state machine of a station that arrived by FT: already done, for
    /// the group key handshakes to come.
    pub fn machine_after_fast_transition(
        &self,
        bssid: MacAddr,
        ft: &BssFt,
        sta: MacAddr,
        negotiated: &Negotiated,
        pending: &roamd_wpa_auth::FtPending,
    ) -> Option<PtkStateMachine> {
        // The PMK slot is never used again (a new PTK is a new association),
        // but must have the AKM's PMK length (48 octets with SHA-384).
        let unused = Pmk::from_slice(&vec![0; negotiated.akm.pmk_len()?]).ok()?;
        let params = self.ft_params(bssid, ft, sta, negotiated, unused, pending.pmk_r1_name());
        logged(
            PtkStateMachine::after_fast_transition(
                params,
                pending.ptk().clone(),
                RetryPolicy::default(),
            ),
            sta,
            "cannot keep the FT keys",
        )
    }

    /// The parameters of an FT station: our RSNE and MDE for message 3,
    /// `pmk` the PMK-R1 named `pmk_r1_name`.
    fn ft_params(
        &self,
        bssid: MacAddr,
        ft: &BssFt,
        sta: MacAddr,
        negotiated: &Negotiated,
        pmk: Pmk,
        pmk_r1_name: roamd_wpa::PmkR1Name,
    ) -> StationParams {
        let mut ap_elements = self.policy.elements();
        ap_elements.extend_from_slice(ft.mde());
        StationParams {
            ap_rsne: ap_elements,
            ft: Some(ft.association(negotiated.akm, pmk_r1_name)),
            ..self.params(bssid, sta, negotiated, pmk, None)
        }
    }

    /// The 4-way handshake state machine with a PMK from 802.1X or a cached
    /// PMKSA (whose PMKID goes into message 1).
    pub fn machine_with_pmk(
        &self,
        bssid: MacAddr,
        sta: MacAddr,
        negotiated: &Negotiated,
        pmk: Pmk,
        pmkid: Option<roamd_wpa::Pmkid>,
    ) -> Option<PtkStateMachine> {
        self.machine_with_pmks(bssid, sta, negotiated, pmk, pmkid, Vec::new())
    }

    /// The 4-way handshake state machine trying `pmk`, then each of `more`
    /// on message 2.
    fn machine_with_pmks(
        &self,
        bssid: MacAddr,
        sta: MacAddr,
        negotiated: &Negotiated,
        pmk: Pmk,
        pmkid: Option<roamd_wpa::Pmkid>,
        more: Vec<Pmk>,
    ) -> Option<PtkStateMachine> {
        self.machine_from(self.params(bssid, sta, negotiated, pmk, pmkid), more)
    }

    fn params(
        &self,
        bssid: MacAddr,
        sta: MacAddr,
        negotiated: &Negotiated,
        pmk: Pmk,
        pmkid: Option<roamd_wpa::Pmkid>,
    ) -> StationParams {
        StationParams {
            aa: bssid,
            spa: sta,
            akm: negotiated.akm,
            pairwise_cipher: negotiated.pairwise,
            group_cipher: self.group_keys.group_cipher(),
            sta_rsne: negotiated.station_rsne.clone(),
            ap_rsne: self.policy.elements(),
            pmk,
            pmkid,
            mfp: negotiated.mfp,
            eapol_version: roamd_eapol::ProtocolVersion::from(2u8),
            ft: None,
        }
    }

    fn machine_from(&self, params: StationParams, more: Vec<Pmk>) -> Option<PtkStateMachine> {
        let sta = params.spa;
        logged(
            PtkStateMachine::with_pmk_candidates(params, more, RetryPolicy::default()),
            sta,
            "cannot start the 4-way handshake",
        )
    }

    /// Whether a rekey is due at `now`.
    pub fn rekey_due(&self, now: Instant) -> bool {
        self.next_rekey.is_some_and(|t| now >= t)
    }

    /// A station left: it no longer holds up the switch to a new GTK, and
    /// when it held the GTK and `rekey_on_leave` is set, a rekey is due now.
    pub fn station_left(&mut self, sta: MacAddr, now: Instant, held_gtk: bool) {
        self.rekey_pending.remove(&sta);
        if held_gtk && self.config.rekey_on_leave {
            self.next_rekey = Some(now);
        }
    }

    /// Generates new group keys and installs them (not yet as the default:
    /// that waits until every station has them). Returns the commands and
    /// the stations whose group key handshake must start.
    pub fn rekey(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        stations: BTreeSet<MacAddr>,
    ) -> Vec<Output> {
        self.next_rekey = self.config.group_rekey.map(|d| now + d);
        let installs = match self.group_keys.rekey(rng) {
            Ok(i) => i,
            Err(e) => {
                warn!("GTK rekey failed: {e}");
                return Vec::new();
            }
        };
        info!(
            generation = self.group_keys.generation(),
            stations = stations.len(),
            "GTK rekey"
        );
        let mut out = install_commands(&installs);
        let indices = default_indices(&installs);
        if stations.is_empty() {
            out.extend(default_commands(&installs));
        } else {
            self.default_pending = Some(indices);
            self.rekey_pending = stations;
        }
        out
    }

    /// A station finished its group key handshake, or no longer owes it
    /// (it failed, reassociated or left): it no longer holds up the switch.
    pub fn group_handshake_done(&mut self, sta: MacAddr) {
        self.rekey_pending.remove(&sta);
    }

    /// Stations that still owe the group key handshake of the last rekey.
    pub fn rekey_pending(&self) -> usize {
        self.rekey_pending.len()
    }

    /// Makes the new group keys the default once no station is waiting for them.
    pub fn switch_default_if_ready(&mut self) -> Vec<Output> {
        if !self.rekey_pending.is_empty() {
            return Vec::new();
        }
        match self.default_pending.take() {
            Some((gtk, igtk)) => set_default(gtk, igtk),
            None => Vec::new(),
        }
    }
}

fn install_commands(installs: &[GroupKeyInstall]) -> Vec<Output> {
    installs
        .iter()
        .map(|k| {
            Output::InstallKey(KeyInstall {
                sta: None,
                key_idx: k.key_idx as u8,
                cipher: k.cipher,
                key: k.key.as_bytes().to_vec().into(),
            })
        })
        .collect()
}

fn default_indices(installs: &[GroupKeyInstall]) -> (u8, Option<u8>) {
    let gtk = installs
        .iter()
        .find(|k| !k.is_igtk)
        .map_or(1, |k| k.key_idx as u8);
    let igtk = installs.iter().find(|k| k.is_igtk).map(|k| k.key_idx as u8);
    (gtk, igtk)
}

fn default_commands(installs: &[GroupKeyInstall]) -> Vec<Output> {
    let (gtk, igtk) = default_indices(installs);
    set_default(gtk, igtk)
}

fn set_default(gtk: u8, igtk: Option<u8>) -> Vec<Output> {
    let mut out = vec![Output::SetDefaultKey {
        key_idx: gtk,
        mgmt: false,
    }];
    if let Some(igtk) = igtk {
        out.push(Output::SetDefaultKey {
            key_idx: igtk,
            mgmt: true,
        });
    }
    out
}

/// The state machine, or `None` with `what` logged for the station.
fn logged(
    machine: Result<PtkStateMachine, roamd_wpa_auth::Error>,
    sta: MacAddr,
    what: &str,
) -> Option<PtkStateMachine> {
    machine.map_err(|e| warn!(sta = %sta, "{what}: {e}")).ok()
}
