//! What a configuration reload changes: the running [`Config`] and a newly
//! validated one are compared BSS by BSS, keyed by interface name, and each
//! BSS is found unchanged, changed only in its PMKSA cache settings (applied
//! live, nobody disconnected), or changed otherwise (that BSS restarts).
//! A change of a radio's own settings restarts every BSS on it.
//!
//! Some changes are refused, the running configuration staying as it is:
//! radios or BSSes added, removed or reordered, a BSSID, the control
//! interface directory or group, and what opens the 802.11r key holders' links (FT on
//! or off, `bridge`), since the daemon opens those once at start-up. hostapd
//! refuses the same kind of change (`hostapd_reload_config` only reloads the
//! BSSes it has).

use crate::{BssConfig, CacheConfig, Config, RadioConfig, WpaAuth};

/// What happens to one BSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BssChange {
    /// Nothing changed: stations, keys and caches stay.
    Unchanged,
    /// Only the PMKSA cache settings changed: applied live.
    Cache,
    /// The BSS restarts; the settings that changed, as configuration keys
    /// (`ssid`, `wpa.key_mgmt`, `radio.channel`, ...).
    Restart(Vec<&'static str>),
}

/// One BSS in a [`ReloadPlan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BssPlan {
    /// Its interface (the key BSSes are matched by).
    pub interface: String,
    /// What happens to it.
    pub change: BssChange,
}

/// The outcome of [`plan`]: every BSS in the order the daemon runs them
/// (radio by radio), which is the same in both configurations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadPlan {
    /// One per BSS.
    pub bsses: Vec<BssPlan>,
}

impl ReloadPlan {
    /// True when nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.bsses.iter().all(|b| b.change == BssChange::Unchanged)
    }
}

/// Why a new configuration cannot be applied without restarting roamd.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {what}: restart roamd to apply this change")]
pub struct ReloadRefused {
    /// The new configuration's file.
    pub file: String,
    /// What changed.
    pub what: String,
}

/// Compares the running configuration `old` with the validated `new`.
pub fn plan(old: &Config, new: &Config) -> Result<ReloadPlan, ReloadRefused> {
    let refuse = |what: String| ReloadRefused {
        file: new.file.display().to_string(),
        what,
    };
    if old.ctrl_interface != new.ctrl_interface
        || old.ctrl_interface_group != new.ctrl_interface_group
    {
        return Err(refuse("the control interface changed".into()));
    }
    #[cfg(feature = "telemetry")]
    if old.telemetry != new.telemetry {
        // The listener and the event file are opened once, at start-up.
        return Err(refuse("[daemon.metrics] or [daemon.events] changed".into()));
    }
    #[cfg(feature = "shared-cache")]
    if old.cache_domains != new.cache_domains {
        // Each domain's store task holds its connection and key ring.
        return Err(refuse("a [cache_domain] (store, keys) changed".into()));
    }
    let interfaces = |c: &Config| -> Vec<Vec<String>> {
        c.radios
            .iter()
            .map(|r| {
                r.bss
                    .iter()
                    .map(|b| bss_interface(r, b).to_string())
                    .collect()
            })
            .collect()
    };
    let (before, after) = (interfaces(old), interfaces(new));
    if before != after {
        return Err(refuse(format!(
            "radios or BSSes added, removed or reordered (interfaces {before:?} -> {after:?})"
        )));
    }
    let mut bsses = Vec::new();
    for (old_radio, new_radio) in old.radios.iter().zip(&new.radios) {
        let radio_changes = radio_changes(old_radio, new_radio);
        for (old_bss, new_bss) in old_radio.bss.iter().zip(&new_radio.bss) {
            let interface = bss_interface(new_radio, new_bss).to_string();
            if key_holder_link(old_bss) != key_holder_link(new_bss) {
                return Err(refuse(format!(
                    "{interface}: 802.11r switched on or off, or its bridge changed"
                )));
            }
            if old_bss.bssid != new_bss.bssid {
                // The BSSID is the address of the interface roamd created.
                return Err(refuse(format!("{interface}: bssid changed")));
            }
            let mut changed = radio_changes.clone();
            changed.extend(bss_changes(old_bss, new_bss));
            let change = if !changed.is_empty() {
                BssChange::Restart(changed)
            } else if old_bss.cache() != new_bss.cache() {
                BssChange::Cache
            } else {
                BssChange::Unchanged
            };
            bsses.push(BssPlan { interface, change });
        }
    }
    Ok(ReloadPlan { bsses })
}

/// The interface of a BSS: its own, or its radio's for the first.
pub fn bss_interface<'a>(radio: &'a RadioConfig, bss: &'a BssConfig) -> &'a str {
    bss.interface.as_deref().unwrap_or(&radio.interface)
}

/// Where a BSS's key holder talks to other APs, if it has one.
fn key_holder_link(bss: &BssConfig) -> Option<Option<&str>> {
    let ft = bss.wpa.as_ref().is_some_and(|w| w.ft.is_some());
    ft.then_some(bss.bridge.as_deref())
}

/// The radio settings that differ (each restarts every BSS of the radio).
fn radio_changes(old: &RadioConfig, new: &RadioConfig) -> Vec<&'static str> {
    let mut changed = Changed::default();
    let mut check = |differs, key| changed.check(differs, key);
    check(old.channel != new.channel, "radio.channel");
    check(old.hw_mode != new.hw_mode, "radio.hw_mode");
    check(old.freq_mhz != new.freq_mhz, "radio.frequency");
    check(
        old.beacon_interval != new.beacon_interval,
        "radio.beacon_interval",
    );
    check(old.dtim_period != new.dtim_period, "radio.dtim_period");
    check(old.country != new.country, "radio.country");
    check(
        old.advertise_country != new.advertise_country,
        "radio.advertise_country",
    );
    check(
        old.country_environment != new.country_environment,
        "radio.country_environment",
    );
    // Only the configured part: the daemon completes the rest from the radio.
    let ht_info = |r: &RadioConfig| r.ht.map(|h| h.info);
    check(ht_info(old) != ht_info(new), "radio.ht_capab");
    changed.0
}

/// The settings of a BSS other than its PMKSA cache that differ.
fn bss_changes(old: &BssConfig, new: &BssConfig) -> Vec<&'static str> {
    let mut changed = Changed::default();
    let mut check = |differs, key| changed.check(differs, key);
    check(old.ssid != new.ssid, "ssid");
    check(old.hidden != new.hidden, "hidden");
    check(old.max_stations != new.max_stations, "max_stations");
    check(old.max_inactivity != new.max_inactivity, "max_inactivity");
    check(old.mac_acl != new.mac_acl, "mac_acl");
    check(old.security != new.security, "security");
    check(old.ap_isolate != new.ap_isolate, "ap_isolate");
    // Advertised in the beacon: the BSS restarts with its new elements.
    check(
        old.rrm_neighbor_report != new.rrm_neighbor_report,
        "rrm_neighbor_report",
    );
    check(
        old.rrm_beacon_report != new.rrm_beacon_report,
        "rrm_beacon_report",
    );
    check(old.bss_transition != new.bss_transition, "bss_transition");
    check(old.bridge != new.bridge, "bridge");
    check(old.wmm != new.wmm, "wmm");
    match (&old.wpa, &new.wpa) {
        (Some(o), Some(n)) => {
            let (o_auth, n_auth) = (without_cache(&o.auth), without_cache(&n.auth));
            let auth_key = match n_auth {
                WpaAuth::Psk { .. } => "passphrase",
                WpaAuth::Eap(_) => "radius",
            };
            check(o_auth != n_auth, auth_key);
            check(o.key_mgmt != n.key_mgmt, "key_mgmt");
            check(o.pairwise != n.pairwise, "pairwise");
            check(o.pmf != n.pmf, "pmf");
            check(o.group_rekey != n.group_rekey, "group_rekey");
            check(o.rekey_on_leave != n.rekey_on_leave, "rekey_on_leave");
            check(o.ft != n.ft, "ft");
            let sae = |w: &crate::WpaConfig| {
                w.sae.clone().map(|mut s| {
                    s.cache = CacheConfig::default();
                    s
                })
            };
            check(sae(o) != sae(n), "sae");
        }
        (None, None) => {}
        _ => check(true, "wpa"),
    }
    changed.0
}

/// The names of the settings found to differ, in the order checked.
#[derive(Default)]
struct Changed(Vec<&'static str>);

impl Changed {
    fn check(&mut self, differs: bool, key: &'static str) {
        if differs {
            self.0.push(key);
        }
    }
}

/// `auth` with default cache settings, to compare the rest.
fn without_cache(auth: &WpaAuth) -> WpaAuth {
    match auth {
        WpaAuth::Eap(eap) => WpaAuth::Eap(crate::EapConfig {
            cache: CacheConfig::default(),
            ..eap.clone()
        }),
        psk => psk.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;
    use crate::CacheMode;

    const EAP_BSS: &str = "[[radio.bss]]\nssid = \"corp\"\ninterface = \"wlan0_1\"\n\
        security = \"wpa2-eap\"\n\
        [[radio.bss.auth_server]]\naddress = \"127.0.0.1:1812\"\nsecret = \"s\"\n";

    fn config(radio: &str, psk_ssid: &str, cache: &str) -> Config {
        let text = format!(
            "[[radio]]\ninterface = \"wlan0\"\n{radio}\n\
             [[radio.bss]]\nssid = \"{psk_ssid}\"\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\n\
             {EAP_BSS}{cache}"
        );
        Config::parse(Path::new("roamd.toml"), &text).expect("valid")
    }

    fn changes(old: &Config, new: &Config) -> Vec<BssChange> {
        plan(old, new)
            .expect("a plan")
            .bsses
            .into_iter()
            .map(|b| b.change)
            .collect()
    }

    const CH1: &str = "channel = 1";

    #[test]
    fn an_identical_configuration_changes_nothing() {
        let c = config(CH1, "home", "");
        let p = plan(&c, &c.clone()).unwrap();
        assert!(p.is_empty());
        let names: Vec<_> = p.bsses.iter().map(|b| b.interface.as_str()).collect();
        assert_eq!(names, ["wlan0", "wlan0_1"]);
    }

    #[test]
    fn cache_settings_alone_apply_live() {
        let old = config(CH1, "home", "");
        for cache in [
            "[radio.bss.cache]\nmode = \"okc\"\n",
            "[radio.bss.cache]\nmode = \"none\"\n",
            "[radio.bss.cache]\nlifetime = 600\n",
            "[radio.bss.cache]\nmax_entries = 10\n",
            "[radio.bss.cache]\ndomain = \"corp-okc\"\n",
        ] {
            let new = config(CH1, "home", cache);
            assert_eq!(
                changes(&old, &new),
                [BssChange::Unchanged, BssChange::Cache],
                "{cache}"
            );
        }
        let new = config(CH1, "home", "[radio.bss.cache]\nmode = \"okc\"\n");
        let cache = new.radios[0].bss[1].cache().unwrap();
        assert_eq!(cache.mode, CacheMode::Okc);
        assert_eq!(cache.lifetime, Duration::from_secs(43_200));
    }

    #[test]
    fn other_bss_settings_restart_that_bss_only() {
        let old = config(CH1, "home", "");
        let new = config(CH1, "home2", "[radio.bss.cache]\nmode = \"okc\"\n");
        // The PSK is derived from the SSID: it changes with it.
        assert_eq!(
            changes(&old, &new),
            [
                BssChange::Restart(vec!["ssid", "passphrase"]),
                BssChange::Cache
            ]
        );
        let mut new = old.clone();
        if let Some(WpaAuth::Psk { psk, .. }) =
            new.radios[0].bss[0].wpa.as_mut().map(|w| &mut w.auth)
        {
            *psk = Some(roamd_wpa::Psk::from_array([7; 32]));
        }
        new.radios[0].bss[1].max_stations = 5;
        assert_eq!(
            changes(&old, &new),
            [
                BssChange::Restart(vec!["passphrase"]),
                BssChange::Restart(vec!["max_stations"])
            ]
        );
    }

    #[test]
    fn radio_settings_restart_every_bss_of_the_radio() {
        let old = config(CH1, "home", "");
        let new = config("channel = 6", "home", "");
        let restart = BssChange::Restart(vec!["radio.channel", "radio.frequency"]);
        assert_eq!(changes(&old, &new), [restart.clone(), restart]);
    }

    #[test]
    fn added_removed_or_renamed_bsses_are_refused() {
        let old = config(CH1, "home", "");
        let mut new = old.clone();
        new.radios[0].bss.pop();
        let e = plan(&old, &new).unwrap_err().to_string();
        assert!(e.starts_with("roamd.toml: radios or BSSes added"), "{e}");
        assert!(e.ends_with("restart roamd to apply this change"), "{e}");
        let mut new = old.clone();
        new.radios[0].bss[1].interface = Some("wlan0_2".into());
        assert!(plan(&old, &new).is_err());
        let mut new = old.clone();
        new.radios[0].bss[1].bssid = Some(roamd_ieee80211::MacAddr([2, 0, 0, 0, 7, 0]));
        let e = plan(&old, &new).unwrap_err().to_string();
        assert!(e.contains("wlan0_1: bssid changed"), "{e}");
        let mut new = old.clone();
        new.ctrl_interface = None;
        assert!(plan(&old, &new).is_err());
        let mut new = old.clone();
        new.radios[0].bss[1].bridge = Some("br0".into());
        // Without FT the bridge alone restarts the BSS.
        assert_eq!(
            changes(&old, &new),
            [BssChange::Unchanged, BssChange::Restart(vec!["bridge"])]
        );
    }
}
