//! The configuration before validation, the one form both front ends build:
//! the TOML file deserializes into these structs and hostapd.conf is read
//! into them key by key. [`validate`] turns either into a [`Config`]; its
//! errors name keys through an [`Origin`], so each front end reports them the
//! way its user wrote them (`radio[0].bss[0].ssid`, `line 4: ssid`).

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use roamd_ieee80211::element::{Akm, CipherSuite, HtCapabilities};
use roamd_ieee80211::MacAddr;
use roamd_wpa::AkmExt;
use serde::Deserialize;

use crate::mac_acl::{MacAcl, MacAclPolicy};
use roamd_sae::Group;

use crate::{
    channel_to_freq, BssConfig, CacheConfig, CacheMode, Config, ConfigError, CtrlGroup, EapConfig,
    HwMode, Pmf, PweMode, RadioConfig, RadiusServer, SaePassword, SaeSettings, Security, WpaAuth,
    WpaConfig, DEFAULT_CTRL_INTERFACE, DEFAULT_MAX_ROAM_PROFILES, DEFAULT_SLOW_ROAM_MS,
    MAX_BSS_PER_RADIO,
};

/// The part of the configuration a key is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The whole file (`radio`, `daemon.ctrl_interface`).
    Top,
    /// Radio r.
    Radio(usize),
    /// BSS b of radio r.
    Bss(usize, usize),
}

/// Names a key the way the user wrote it.
pub(crate) trait Origin {
    /// The file that set `key` (roamd's name, relative to `scope`) and the
    /// key's name there.
    fn locate(&self, scope: Scope, key: &str) -> (PathBuf, String);
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawConfig {
    pub daemon: RawDaemon,
    pub radio: Vec<RawRadio>,
    #[cfg(feature = "shared-cache")]
    pub cache_domain: std::collections::BTreeMap<String, crate::cache_domain::RawCacheDomain>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawDaemon {
    /// Directory of the control sockets (hostapd's ctrl_interface); "" disables them.
    pub ctrl_interface: Option<PathBuf>,
    /// Group owning them (hostapd's ctrl_interface_group): a name or a gid.
    pub ctrl_interface_group: Option<String>,
    /// A fast roam taking longer than this to open the port is `slow`.
    pub slow_roam_ms: Option<u64>,
    /// Most stations with a roaming profile at once.
    pub max_roam_profiles: Option<usize>,
    /// The Prometheus endpoint (feature `telemetry`).
    #[cfg(feature = "telemetry")]
    pub metrics: crate::telemetry::RawMetrics,
    /// The JSON-lines event file (feature `telemetry`).
    #[cfg(feature = "telemetry")]
    pub events: crate::telemetry::RawEvents,
}

/// The third octet of the Country element's country string (IEEE
/// 802.11-2020 9.4.2.9): all environments, outdoor, indoor, non-country
/// entity; an operating class table number (1..=5) is also accepted.
const COUNTRY_ENVIRONMENTS: [u8; 4] = [b' ', b'O', b'I', b'X'];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawRadio {
    pub interface: Option<String>,
    pub channel: Option<u32>,
    pub hw_mode: HwMode,
    pub beacon_interval: u32,
    pub dtim_period: u32,
    /// ISO 3166-1 alpha-2 (hostapd's country_code).
    pub country: Option<String>,
    /// Send the Country element (hostapd's ieee80211d).
    pub advertise_country: bool,
    /// The country string's third octet (hostapd's country3).
    pub country_environment: u32,
    /// 802.11n, HT20 (hostapd's ieee80211n).
    pub ieee80211n: bool,
    /// hostapd's ht_capab: "[SHORT-GI-20][LDPC]".
    pub ht_capab: String,
    pub bss: Vec<RawBss>,
}

impl Default for RawRadio {
    fn default() -> Self {
        RawRadio {
            interface: None,
            channel: None,
            hw_mode: HwMode::G,
            beacon_interval: 100,
            dtim_period: 2,
            country: None,
            advertise_country: false,
            country_environment: u32::from(b' '),
            ieee80211n: false,
            ht_capab: String::new(),
            bss: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawBss {
    pub ssid: Option<String>,
    /// The interface of a second or later BSS on the radio (created by roamd).
    pub interface: Option<String>,
    /// Its BSSID; by default the radio's address made locally administered
    /// with the BSS number in the last octet (as hostapd's bss= does).
    pub bssid: Option<String>,
    pub hidden: bool,
    pub max_stations: u32,
    pub max_inactivity: u64,
    pub mac_acl: Option<MacAclPolicy>,
    pub accept_mac_file: Option<PathBuf>,
    pub deny_mac_file: Option<PathBuf>,
    #[serde(default, deserialize_with = "crate::mac_acl::deserialize_macs")]
    pub accept_macs: Vec<MacAddr>,
    #[serde(default, deserialize_with = "crate::mac_acl::deserialize_macs")]
    pub deny_macs: Vec<MacAddr>,
    pub security: Security,
    pub passphrase: Option<String>,
    pub psk: Option<String>,
    pub wpa_psk_file: Option<PathBuf>,
    #[serde(default, deserialize_with = "crate::suites::deserialize_akms")]
    pub key_mgmt: Option<Vec<Akm>>,
    #[serde(default, deserialize_with = "crate::suites::deserialize_ciphers")]
    pub pairwise: Option<Vec<CipherSuite>>,
    /// Unset: required with wpa3-sae, optional with wpa2-wpa3, else disabled.
    pub pmf: Option<Pmf>,
    pub group_rekey: u64,
    pub rekey_on_leave: bool,
    pub auth_server: Vec<RawRadiusServer>,
    pub acct_server: Vec<RawRadiusServer>,
    pub nas_identifier: Option<String>,
    pub own_ip_addr: Option<Ipv4Addr>,
    pub radius_client_addr: Option<std::net::IpAddr>,
    pub reauth_period: u64,
    pub radius_retry_primary_interval: u64,
    pub acct_interim_interval: u64,
    pub cache: Option<RawCache>,
    pub ft: Option<RawFt>,
    pub sae: Option<RawSae>,
    pub ap_isolate: bool,
    pub rrm_neighbor_report: bool,
    pub rrm_beacon_report: bool,
    pub bss_transition: bool,
    /// The bridge the BSS interface joins (hostapd's bridge=).
    pub bridge: Option<String>,
    /// WMM (hostapd's wmm_enabled); unset: on with 802.11n.
    pub wmm: Option<bool>,
    /// RFC 5176 DAS (hostapd's radius_das_*): its UDP port, 0 (the
    /// default) for none; its clients as "IP SECRET".
    pub radius_das_port: u32,
    pub radius_das_clients: Vec<String>,
    pub radius_das_time_window: u32,
    pub radius_das_require_event_timestamp: bool,
    pub radius_das_require_message_authenticator: bool,
}

impl Default for RawBss {
    fn default() -> Self {
        RawBss {
            ssid: None,
            interface: None,
            bssid: None,
            hidden: false,
            // The AID range.
            max_stations: 2007,
            // hostapd's ap_max_inactivity.
            max_inactivity: 300,
            mac_acl: None,
            accept_mac_file: None,
            deny_mac_file: None,
            accept_macs: Vec::new(),
            deny_macs: Vec::new(),
            security: Security::Open,
            passphrase: None,
            psk: None,
            wpa_psk_file: None,
            key_mgmt: None,
            pairwise: None,
            pmf: None,
            // hostapd's wpa_group_rekey.
            group_rekey: 86400,
            rekey_on_leave: false,
            auth_server: Vec::new(),
            acct_server: Vec::new(),
            nas_identifier: None,
            own_ip_addr: None,
            radius_client_addr: None,
            // hostapd's eap_reauth_period.
            reauth_period: 3600,
            radius_retry_primary_interval: 0,
            acct_interim_interval: 0,
            cache: None,
            ft: None,
            sae: None,
            ap_isolate: false,
            rrm_neighbor_report: false,
            rrm_beacon_report: false,
            bss_transition: false,
            bridge: None,
            wmm: None,
            radius_das_port: 0,
            radius_das_clients: Vec::new(),
            radius_das_time_window: roamd_radius::das::DasPolicy::default().time_window,
            radius_das_require_event_timestamp: false,
            radius_das_require_message_authenticator: false,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawRadiusServer {
    /// "IP" or "IP:port".
    pub address: Option<String>,
    /// The port when `address` is a bare IP (hostapd's *_server_port); the
    /// TOML file writes it into `address`.
    #[serde(skip)]
    pub port: Option<u16>,
    pub secret: Option<String>,
    pub secret_file: Option<PathBuf>,
    pub require_message_authenticator: bool,
    /// First retransmission timeout, seconds (hostapd: 3).
    pub timeout: u64,
    /// Transmissions before failing over (hostapd: 4).
    pub retries: u32,
}

impl Default for RawRadiusServer {
    fn default() -> Self {
        RawRadiusServer {
            address: None,
            port: None,
            secret: None,
            secret_file: None,
            require_message_authenticator: true,
            timeout: 3,
            retries: 4,
        }
    }
}

/// `[radio.bss.ft]`: 802.11r.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawFt {
    /// Four hex digits, as hostapd's mobility_domain.
    pub mobility_domain: Option<String>,
    /// R0KH-ID; hostapd.conf: nas_identifier.
    pub r0kh_id: Option<String>,
    /// R1KH-ID, a MAC address; hostapd.conf: r1_key_holder (12 hex digits).
    pub r1kh_id: Option<String>,
    pub over_ds: bool,
    /// TUs.
    pub reassociation_deadline: u32,
    /// Seconds.
    pub r0_key_lifetime: u64,
    pub psk_generate_local: bool,
    pub push: bool,
    /// hostapd's `r0kh=` values: "MAC R0KH-ID KEY".
    pub r0kh: Vec<String>,
    /// hostapd's `r1kh=` values: "MAC R1KH-ID KEY".
    pub r1kh: Vec<String>,
    /// A file of `r0kh=`/`r1kh=` lines (hostapd.conf syntax), so the
    /// shared keys can live apart from the configuration.
    pub key_holders_file: Option<std::path::PathBuf>,
}

impl Default for RawFt {
    fn default() -> Self {
        RawFt {
            mobility_domain: None,
            r0kh_id: None,
            r1kh_id: None,
            // hostapd's defaults.
            over_ds: true,
            reassociation_deadline: 1000,
            r0_key_lifetime: 1_209_600,
            psk_generate_local: false,
            push: false,
            r0kh: Vec::new(),
            r1kh: Vec::new(),
            key_holders_file: None,
        }
    }
}

/// `[radio.bss.sae]`: WPA3-Personal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawSae {
    #[serde(deserialize_with = "deserialize_pwe")]
    pub pwe: PweMode,
    pub groups: Vec<u16>,
    pub anti_clogging_threshold: usize,
    pub commits_per_second: u32,
    pub passwords: Vec<RawSaePassword>,
}

impl Default for RawSae {
    fn default() -> Self {
        RawSae {
            pwe: PweMode::default(),
            // hostapd: only the mandatory group unless sae_groups says more.
            groups: vec![19],
            // hostapd's sae_anti_clogging_threshold.
            anti_clogging_threshold: 5,
            // A few stations' worth of retries in one second, and a bound
            // on the CPU a flood of commits can take (see roamd-sae).
            commits_per_second: 50,
            passwords: Vec::new(),
        }
    }
}

/// `sae.pwe` by name.
fn deserialize_pwe<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<PweMode, D::Error> {
    const NAMES: &[&str] = &["hunting-and-pecking", "hash-to-element", "both"];
    let name = String::deserialize(deserializer)?;
    match name.as_str() {
        "hunting-and-pecking" => Ok(PweMode::HuntingAndPecking),
        "hash-to-element" => Ok(PweMode::HashToElement),
        "both" => Ok(PweMode::Both),
        _ => Err(serde::de::Error::unknown_variant(&name, NAMES)),
    }
}

/// One `sae.passwords` entry (hostapd's `sae_password=secret|id=..|mac=..`).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSaePassword {
    pub password: String,
    pub id: Option<String>,
    pub mac: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawCache {
    pub mode: CacheMode,
    pub lifetime: u64,
    pub max_entries: usize,
    pub domain: Option<String>,
}

impl Default for RawCache {
    fn default() -> Self {
        let defaults = CacheConfig::default();
        RawCache {
            mode: defaults.mode,
            lifetime: defaults.lifetime.as_secs(),
            max_entries: defaults.max_entries,
            domain: None,
        }
    }
}

/// Validates `raw`, read from `file` (the first file, for several hostapd.conf).
pub(crate) fn validate(
    raw: RawConfig,
    file: &Path,
    origin: &dyn Origin,
) -> Result<Config, ConfigError> {
    let invalid_at = |scope: Scope, key: &str, message: String| {
        let (file, key) = origin.locate(scope, key);
        ConfigError::Invalid { file, key, message }
    };
    if raw.radio.is_empty() {
        return Err(invalid_at(
            Scope::Top,
            "radio",
            "at least one [[radio]] is required".into(),
        ));
    }
    let mut radios = Vec::new();
    for (r, radio) in raw.radio.into_iter().enumerate() {
        radios.push(radio_config(radio, r, origin)?);
    }
    let mut names: Vec<(&str, Scope)> = Vec::new();
    for (r, radio) in radios.iter().enumerate() {
        names.push((&radio.interface, Scope::Radio(r)));
        for (b, bss) in radio.bss.iter().enumerate() {
            if let Some(name) = &bss.interface {
                names.push((name, Scope::Bss(r, b)));
            }
        }
    }
    // The interface key at `other`, named relative to where `scope` was set.
    let interface_at = |other: Scope, scope: Scope, key: &str| {
        let (this_file, _) = origin.locate(scope, key);
        let (other_file, other_key) = origin.locate(other, "interface");
        if other_file == this_file {
            other_key
        } else {
            format!("{}: {other_key}", other_file.display())
        }
    };
    for (i, (name, scope)) in names.iter().enumerate() {
        if let Some((_, other)) = names[..i].iter().find(|(n, _)| n == name) {
            let other = interface_at(*other, *scope, "interface");
            return Err(invalid_at(
                *scope,
                "interface",
                format!("{name:?} is already used by {other}"),
            ));
        }
    }
    // A BSS interface cannot be a port of itself or of another AP interface.
    for (r, radio) in radios.iter().enumerate() {
        for (b, bss) in radio.bss.iter().enumerate() {
            let Some(bridge) = &bss.bridge else { continue };
            if let Some((_, other)) = names.iter().find(|(n, _)| n == bridge) {
                let scope = Scope::Bss(r, b);
                let other = interface_at(*other, scope, "bridge");
                return Err(invalid_at(
                    scope,
                    "bridge",
                    format!("{bridge:?} is an AP interface ({other}), not a bridge"),
                ));
            }
        }
    }
    let ctrl_interface = match raw.daemon.ctrl_interface {
        None => Some(PathBuf::from(DEFAULT_CTRL_INTERFACE)),
        Some(p) if p.as_os_str().is_empty() => None,
        Some(p) => Some(p),
    };
    let ctrl_interface_group = match &raw.daemon.ctrl_interface_group {
        None => None,
        Some(text) => Some(CtrlGroup::parse(text).ok_or_else(|| {
            invalid_at(
                Scope::Top,
                "daemon.ctrl_interface_group",
                format!("{text:?} is not a group name or number"),
            )
        })?),
    };
    if ctrl_interface.is_none() && ctrl_interface_group.is_some() {
        let (file, key) = origin.locate(Scope::Top, "daemon.ctrl_interface_group");
        tracing::warn!(
            "{}: {key}: there is no control interface, so no socket gets this group",
            file.display()
        );
    }
    #[cfg(feature = "shared-cache")]
    let cache_domains = crate::cache_domain::cache_domains(&raw.cache_domain, &|key, message| {
        invalid_at(Scope::Top, key, message)
    })?;
    #[cfg(feature = "telemetry")]
    let telemetry =
        crate::telemetry::telemetry(&raw.daemon.metrics, &raw.daemon.events, &|key, message| {
            invalid_at(Scope::Top, key, message)
        })?;
    let slow_roam_ms = raw.daemon.slow_roam_ms.unwrap_or(DEFAULT_SLOW_ROAM_MS);
    if !(1..=60_000).contains(&slow_roam_ms) {
        return Err(invalid_at(
            Scope::Top,
            "daemon.slow_roam_ms",
            format!("{slow_roam_ms} is not between 1 and 60000"),
        ));
    }
    let max_roam_profiles = raw
        .daemon
        .max_roam_profiles
        .unwrap_or(DEFAULT_MAX_ROAM_PROFILES);
    if !(1..=65_536).contains(&max_roam_profiles) {
        return Err(invalid_at(
            Scope::Top,
            "daemon.max_roam_profiles",
            format!("{max_roam_profiles} is not between 1 and 65536"),
        ));
    }
    Ok(Config {
        file: file.to_path_buf(),
        radios,
        ctrl_interface,
        ctrl_interface_group,
        #[cfg(feature = "shared-cache")]
        cache_domains,
        #[cfg(feature = "telemetry")]
        telemetry,
        slow_roam: Duration::from_millis(slow_roam_ms),
        max_roam_profiles,
    })
}

fn radio_config(
    radio: RawRadio,
    r: usize,
    origin: &dyn Origin,
) -> Result<RadioConfig, ConfigError> {
    let invalid = |key: &str, message: String| {
        let (file, key) = origin.locate(Scope::Radio(r), key);
        ConfigError::Invalid { file, key, message }
    };
    let interface = radio
        .interface
        .ok_or_else(|| invalid("interface", "required".into()))?;
    if let Some(problem) = interface_name_problem(&interface) {
        return Err(invalid("interface", problem));
    }
    let channel = radio
        .channel
        .ok_or_else(|| invalid("channel", "required".into()))?;
    let freq_mhz = channel_to_freq(radio.hw_mode, channel).ok_or_else(|| {
        invalid(
            "channel",
            format!(
                "channel {channel} is not valid for hw_mode {:?}",
                radio.hw_mode
            ),
        )
    })?;
    if !(15..=65535).contains(&radio.beacon_interval) {
        return Err(invalid("beacon_interval", "must be 15..=65535 TUs".into()));
    }
    if !(1..=255).contains(&radio.dtim_period) {
        return Err(invalid("dtim_period", "must be 1..=255".into()));
    }
    let country = match &radio.country {
        None => None,
        Some(code) => match code.as_bytes() {
            &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some([a, b]),
            _ => {
                return Err(invalid(
                    "country",
                    format!("{code:?} is not a country code (two capital letters, ISO 3166-1)"),
                ))
            }
        },
    };
    if radio.advertise_country && country.is_none() {
        // hostapd refuses this too: the Country element needs the code.
        return Err(invalid(
            "advertise_country",
            "advertising the country (IEEE 802.11d) needs a country code".into(),
        ));
    }
    let country_environment = match u8::try_from(radio.country_environment) {
        Ok(e) if COUNTRY_ENVIRONMENTS.contains(&e) || (1..=5).contains(&e) => e,
        _ => {
            return Err(invalid(
                "country_environment",
                format!(
                    "{:#04x} is not an environment (0x20 any, 0x4f outdoor, 0x49 indoor, 0x58 non-country, 0x01..=0x05 an Annex E table)",
                    radio.country_environment
                ),
            ))
        }
    };
    if radio.bss.is_empty() {
        return Err(invalid(
            "bss",
            "at least one [[radio.bss]] is required".into(),
        ));
    }
    if radio.bss.len() > MAX_BSS_PER_RADIO {
        return Err(invalid(
            "bss",
            format!("at most {MAX_BSS_PER_RADIO} BSSes per radio"),
        ));
    }
    let ht = match radio.ieee80211n {
        // hostapd disables HT in 11b mode; roamd says so instead.
        true if radio.hw_mode == HwMode::B => {
            return Err(invalid(
                "ieee80211n",
                "802.11n (HT) needs hw_mode g or a, not b".into(),
            ))
        }
        true => Some(HtCapabilities {
            info: ht_capab(&radio.ht_capab).map_err(|m| invalid("ht_capab", m))?,
            ..HtCapabilities::default()
        }),
        // hostapd reads ht_capab only with ieee80211n=1.
        false => None,
    };
    let mut bss = Vec::new();
    for (b, raw_bss) in radio.bss.into_iter().enumerate() {
        bss.push(bss_config(raw_bss, &interface, ht.is_some(), r, b, origin)?);
    }
    Ok(RadioConfig {
        interface,
        channel,
        hw_mode: radio.hw_mode,
        freq_mhz,
        beacon_interval: radio.beacon_interval as u16,
        dtim_period: radio.dtim_period as u8,
        country,
        advertise_country: radio.advertise_country,
        country_environment,
        country_triplets: Vec::new(),
        ht,
        bss,
    })
}

/// The HT Capabilities Information of hostapd's `ht_capab` flags
/// (`hostapd_config_ht_capab`: `[LDPC][SHORT-GI-20]`), SM power save
/// disabled as hostapd's default. hostapd ignores a flag it does not know;
/// roamd refuses it, and the flags of 40 MHz channels and SM power save,
/// which it does not run.
fn ht_capab(text: &str) -> Result<u16, String> {
    let mut info = roamd_ieee80211::element::ht::cap::SMPS_DISABLED;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some((flag, after)) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
            return Err(format!("{text:?}: expected [FLAG][FLAG]..."));
        };
        rest = after.trim_start();
        info |= match flag {
            "HT40+" | "HT40-" => {
                return Err(format!(
                    "[{flag}]: 40 MHz channels are not supported; roamd runs HT20"
                ))
            }
            "SMPS-STATIC" | "SMPS-DYNAMIC" => {
                return Err(format!("[{flag}]: SM power save is not supported"))
            }
            _ => match crate::HT_CAPAB_FLAGS.iter().find(|(n, _)| *n == flag) {
                Some((_, bits)) => *bits,
                None => return Err(format!("[{flag}] is not an HT capability flag")),
            },
        };
    }
    Ok(info)
}

fn bss_config(
    raw: RawBss,
    radio_interface: &str,
    ht: bool,
    r: usize,
    b: usize,
    origin: &dyn Origin,
) -> Result<BssConfig, ConfigError> {
    let invalid = |key: &str, message: String| {
        let (file, key) = origin.locate(Scope::Bss(r, b), key);
        ConfigError::Invalid { file, key, message }
    };
    let ssid = raw
        .ssid
        .clone()
        .ok_or_else(|| invalid("ssid", "required".into()))?;
    if ssid.is_empty() || ssid.len() > 32 {
        return Err(invalid(
            "ssid",
            format!("must be 1..=32 bytes, is {}", ssid.len()),
        ));
    }
    if !(1..=2007).contains(&raw.max_stations) {
        return Err(invalid(
            "max_stations",
            "must be 1..=2007 (the AID range)".into(),
        ));
    }
    if raw.max_inactivity == 0 {
        return Err(invalid(
            "max_inactivity",
            "must be at least 1 second".into(),
        ));
    }
    let wpa = wpa_config(&raw, &ssid, &|key| origin.locate(Scope::Bss(r, b), key))?;
    let mac_acl = mac_acl(&raw, &invalid)?;
    if mac_acl.policy() == MacAclPolicy::DenyUnlessAccepted && mac_acl.accepted().is_empty() {
        let (file, key) = origin.locate(Scope::Bss(r, b), "mac_acl");
        tracing::warn!(
            "{}: {key}: the accept list is empty, so no station can authenticate",
            file.display()
        );
    }
    let interface = match (b, &raw.interface) {
        (0, Some(name)) if name != radio_interface => {
            return Err(invalid(
                "interface",
                "the first BSS uses the radio's interface; leave it out or repeat it".into(),
            ))
        }
        (0, _) => None,
        (_, Some(name)) => {
            if let Some(problem) = interface_name_problem(name) {
                return Err(invalid("interface", problem));
            }
            Some(name.clone())
        }
        (_, None) => {
            let name = format!("{radio_interface}-{b}");
            if name.len() > 15 {
                return Err(invalid(
                    "interface",
                    format!("{name:?} would be too long: name it"),
                ));
            }
            Some(name)
        }
    };
    let bssid = match &raw.bssid {
        None => None,
        Some(_) if b == 0 => {
            return Err(invalid(
                "bssid",
                "the first BSS uses the radio's own address".into(),
            ))
        }
        Some(text) => Some(
            roamd_ctrl::parse_mac(text)
                .ok_or_else(|| invalid("bssid", format!("{text:?} is not a MAC address")))?,
        ),
    };
    if let Some(problem) = raw.bridge.as_deref().and_then(interface_name_problem) {
        return Err(invalid("bridge", problem));
    }
    // HT stations send QoS data frames only to a WMM AP (hostapd's
    // wmm_enabled follows ieee80211n unless set).
    let wmm = raw.wmm.unwrap_or(ht);
    if ht && !wmm {
        return Err(invalid(
            "wmm",
            "802.11n (ieee80211n) requires WMM; turn both on or off".into(),
        ));
    }
    Ok(BssConfig {
        wpa,
        interface,
        bssid,
        bridge: raw.bridge,
        wmm,
        ap_isolate: raw.ap_isolate,
        rrm_neighbor_report: raw.rrm_neighbor_report,
        rrm_beacon_report: raw.rrm_beacon_report,
        bss_transition: raw.bss_transition,
        ssid: ssid.into_bytes(),
        hidden: raw.hidden,
        max_stations: raw.max_stations as u16,
        max_inactivity: Duration::from_secs(raw.max_inactivity),
        mac_acl,
        security: raw.security,
    })
}

/// Why `name` cannot name a Linux network interface, by the kernel's rule
/// (dev_valid_name): 1..=15 octets (IFNAMSIZ less its NUL), not "." or "..",
/// no '/', ':' or whitespace. Caught here, a typo names its key instead of
/// failing later as a netlink or socket error.
fn interface_name_problem(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 15 {
        return Some("must be an interface name of 1..=15 characters".into());
    }
    let bad_char = |c: char| c == '/' || c == ':' || c.is_whitespace();
    if name == "." || name == ".." || name.contains(bad_char) {
        return Some(format!(
            "{name:?} is not an interface name (no '/', ':', spaces, \".\" or \"..\")"
        ));
    }
    None
}

/// The access control list: inline addresses first, then the list files.
fn mac_acl(
    raw: &RawBss,
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<MacAcl, ConfigError> {
    let mut accept: Vec<MacAddr> = raw.accept_macs.clone();
    if let Some(path) = &raw.accept_mac_file {
        crate::mac_acl::load_into(path, &mut accept)
            .map_err(|message| invalid("accept_mac_file", message))?;
    }
    let mut deny: Vec<MacAddr> = raw.deny_macs.clone();
    if let Some(path) = &raw.deny_mac_file {
        crate::mac_acl::load_into(path, &mut deny)
            .map_err(|message| invalid("deny_mac_file", message))?;
    }
    let has_accept_list = raw.accept_mac_file.is_some() || !raw.accept_macs.is_empty();
    let policy = match raw.mac_acl {
        Some(policy) => policy,
        // Under the default policy an accept list only overrides the deny
        // list; whoever writes one most likely means to admit only those.
        None if has_accept_list => {
            return Err(invalid(
                "mac_acl",
                "an accept list needs mac_acl = \"deny\" (admit only the listed stations) \
                 or mac_acl = \"accept\" (admit every station not denied)"
                    .into(),
            ))
        }
        None => MacAclPolicy::AcceptUnlessDenied,
    };
    Ok(MacAcl::new(policy, accept, deny))
}

/// Validates the WPA2 settings of one BSS; `None` for an open BSS.
fn wpa_config(
    raw: &RawBss,
    ssid: &str,
    locate: &dyn Fn(&str) -> (PathBuf, String),
) -> Result<Option<WpaConfig>, ConfigError> {
    let invalid = |k: &str, message: String| {
        let (file, key) = locate(k);
        ConfigError::Invalid { file, key, message }
    };
    let psk_only = [
        ("passphrase", raw.passphrase.is_some()),
        ("psk", raw.psk.is_some()),
        ("wpa_psk_file", raw.wpa_psk_file.is_some()),
    ];
    let eap_only = [
        ("auth_server", !raw.auth_server.is_empty()),
        ("acct_server", !raw.acct_server.is_empty()),
        // FT names its R0KH after the NAS (hostapd), whatever the AKM.
        (
            "nas_identifier",
            raw.nas_identifier.is_some() && raw.ft.is_none(),
        ),
        ("own_ip_addr", raw.own_ip_addr.is_some()),
        ("radius_client_addr", raw.radius_client_addr.is_some()),
        ("radius_das_port", raw.radius_das_port != 0),
    ];
    let misplaced = |keys: &[(&str, bool)], wanted: &str| -> Result<(), ConfigError> {
        match keys.iter().find(|(_, set)| *set) {
            Some((name, _)) => Err(invalid(
                name,
                format!("only applies to security = \"{wanted}\""),
            )),
            None => Ok(()),
        }
    };
    let auth = match raw.security {
        Security::Open => {
            misplaced(&psk_only, "wpa2-psk")?;
            misplaced(&eap_only, "wpa2-eap")?;
            let wpa_keys = [
                ("key_mgmt", raw.key_mgmt.is_some()),
                ("pairwise", raw.pairwise.is_some()),
                ("pmf", raw.pmf.is_some_and(|p| p != Pmf::Disabled)),
                ("ft", raw.ft.is_some()),
            ];
            misplaced(&wpa_keys, "wpa2-psk\" or \"wpa2-eap")?;
            misplaced(&[("sae", raw.sae.is_some())], "wpa3-sae\" or \"wpa2-wpa3")?;
            return Ok(None);
        }
        Security::Wpa2Psk => {
            misplaced(&eap_only, "wpa2-eap")?;
            misplaced(&[("sae", raw.sae.is_some())], "wpa3-sae\" or \"wpa2-wpa3")?;
            if raw.cache.is_some() {
                // hostapd does not cache PSK PMKSAs either: the PMK is the PSK.
                let (file, key) = locate("cache");
                tracing::warn!(
                    "{}: {key}: PMKSA caching does not apply to WPA2-PSK (the PMK is the PSK); ignored",
                    file.display(),
                );
            }
            psk_auth(raw, ssid, &invalid)?
        }
        Security::Wpa2Eap => {
            misplaced(&psk_only, "wpa2-psk")?;
            misplaced(&[("sae", raw.sae.is_some())], "wpa3-sae\" or \"wpa2-wpa3")?;
            WpaAuth::Eap(eap_config(raw, &invalid)?)
        }
        Security::Wpa3Sae | Security::Wpa2Wpa3 => {
            misplaced(&eap_only, "wpa2-eap")?;
            let offers_psk = match &raw.key_mgmt {
                Some(akms) => akms.iter().any(|k| k.is_psk()),
                None => raw.security == Security::Wpa2Wpa3,
            };
            if offers_psk {
                psk_auth(raw, ssid, &invalid)?
            } else {
                if let Some(key) = ["psk", "wpa_psk_file"]
                    .into_iter()
                    .find(|k| psk_only.iter().any(|(n, set)| n == k && *set))
                {
                    return Err(invalid(
                        key,
                        "SAE uses the passphrase or sae.passwords, not a PSK".into(),
                    ));
                }
                WpaAuth::Psk {
                    psk: None,
                    station_psks: Vec::new(),
                }
            }
        }
    };
    let key_mgmt = raw.key_mgmt.clone().unwrap_or_else(|| match raw.security {
        Security::Wpa2Eap => vec![Akm::Ieee8021x],
        Security::Wpa3Sae => vec![Akm::Sae],
        Security::Wpa2Wpa3 => vec![Akm::Psk, Akm::Sae],
        Security::Open | Security::Wpa2Psk => vec![Akm::Psk],
    });
    if key_mgmt.is_empty() {
        return Err(invalid("key_mgmt", "must list at least one AKM".into()));
    }
    let ft = ft_config(raw, &key_mgmt, &invalid)?;
    let akm_fits = |k: &Akm| match raw.security {
        Security::Wpa2Eap => k.is_8021x(),
        Security::Wpa3Sae => k.is_sae(),
        Security::Wpa2Wpa3 => k.is_psk() || k.is_sae(),
        Security::Open | Security::Wpa2Psk => k.is_psk(),
    };
    if let Some(k) = key_mgmt.iter().find(|k| !akm_fits(k)) {
        let name = crate::suites::akm_name(*k).unwrap_or("?");
        let hint = if k.is_sae() {
            " (SAE needs security = \"wpa3-sae\" or \"wpa2-wpa3\")"
        } else {
            ""
        };
        return Err(invalid(
            "key_mgmt",
            format!("{name} does not match security = {:?}{hint}", raw.security),
        ));
    }
    if raw.security == Security::Wpa2Wpa3
        && !(key_mgmt.iter().any(|k| k.is_psk()) && key_mgmt.iter().any(|k| k.is_sae()))
    {
        return Err(invalid(
            "key_mgmt",
            "wpa2-wpa3 offers both a PSK AKM and an SAE AKM (or use wpa2-psk / wpa3-sae)".into(),
        ));
    }
    let sae = sae_settings(raw, &key_mgmt, &invalid)?;
    let pmf = match (raw.security, raw.pmf) {
        // WPA3 makes PMF mandatory for SAE: required on an SAE-only
        // network, at least offered in transition mode.
        (Security::Wpa3Sae | Security::Wpa2Wpa3, Some(Pmf::Disabled)) => {
            return Err(invalid(
                "pmf",
                "SAE needs management frame protection: \"required\" (or \"optional\" in \
                 transition mode)"
                    .into(),
            ))
        }
        (Security::Wpa3Sae, None) => Pmf::Required,
        (Security::Wpa2Wpa3, None) => Pmf::Optional,
        (_, pmf) => pmf.unwrap_or_default(),
    };
    let pairwise = raw
        .pairwise
        .clone()
        .unwrap_or_else(|| vec![CipherSuite::Ccmp128]);
    if pairwise.is_empty() {
        return Err(invalid("pairwise", "must list at least one cipher".into()));
    }
    Ok(Some(WpaConfig {
        auth,
        key_mgmt,
        pairwise,
        pmf,
        group_rekey: (raw.group_rekey > 0).then(|| Duration::from_secs(raw.group_rekey)),
        rekey_on_leave: raw.rekey_on_leave,
        ft,
        sae,
    }))
}

/// `[cache]`: how the BSS caches PMKSAs (802.1X and SAE).
fn cache_config(
    raw: &RawBss,
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<CacheConfig, ConfigError> {
    Ok(match &raw.cache {
        None => CacheConfig::default(),
        Some(c) => {
            if c.lifetime == 0 {
                return Err(invalid(
                    "cache.lifetime",
                    "must be at least 1 second".into(),
                ));
            }
            if c.max_entries == 0 {
                return Err(invalid("cache.max_entries", "must be at least 1".into()));
            }
            CacheConfig {
                mode: c.mode,
                lifetime: Duration::from_secs(c.lifetime),
                max_entries: c.max_entries,
                domain: c.domain.clone(),
            }
        }
    })
}

/// `[sae]` and the SAE AKMs go together; the passwords come from
/// `sae.passwords`, or else the passphrase (as hostapd's `sae_password`
/// and `wpa_passphrase`).
fn sae_settings(
    raw: &RawBss,
    key_mgmt: &[Akm],
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<Option<SaeSettings>, ConfigError> {
    if !key_mgmt.iter().any(|k| k.is_sae()) {
        return Ok(None);
    }
    let defaults = RawSae::default();
    let sae = raw.sae.as_ref().unwrap_or(&defaults);
    if sae.groups.is_empty() {
        return Err(invalid("sae.groups", "must list at least one group".into()));
    }
    let groups = sae
        .groups
        .iter()
        .map(|&g| {
            Group::from_number(g).ok_or_else(|| {
                let why = if matches!(g, 20 | 21) {
                    format!(
                        "group {g} needs roamd built with the `sae-ext-groups` feature \
                         (this build has group 19, P-256)"
                    )
                } else {
                    format!("group {g} is not supported (19: P-256, 20: P-384, 21: P-521)")
                };
                invalid("sae.groups", why)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if sae.commits_per_second == 0 {
        return Err(invalid(
            "sae.commits_per_second",
            "must be at least 1".into(),
        ));
    }
    let mut passwords = Vec::new();
    for entry in &sae.passwords {
        if entry.password.is_empty() {
            return Err(invalid("sae.passwords", "a password is empty".into()));
        }
        let peer = match &entry.mac {
            None => None,
            Some(text) => Some(roamd_ctrl::parse_mac(text).ok_or_else(|| {
                invalid(
                    "sae.passwords",
                    format!("mac {text:?} is not a MAC address"),
                )
            })?),
        };
        if entry
            .id
            .as_ref()
            .is_some_and(|id| id.is_empty() || id.len() > 254)
        {
            return Err(invalid(
                "sae.passwords",
                "an id must be 1..=254 octets".into(),
            ));
        }
        passwords.push(SaePassword {
            password: roamd_wpa::SecretVec::from_slice(entry.password.as_bytes()),
            identifier: entry.id.as_ref().map(|id| id.as_bytes().to_vec()),
            peer,
        });
    }
    if passwords.is_empty() {
        let Some(passphrase) = &raw.passphrase else {
            return Err(invalid(
                "passphrase",
                "SAE needs passphrase or sae.passwords".into(),
            ));
        };
        if passphrase.is_empty() {
            return Err(invalid("passphrase", "must not be empty".into()));
        }
        passwords.push(SaePassword::new(passphrase.as_bytes()));
    }
    Ok(Some(SaeSettings {
        cache: cache_config(raw, invalid)?,
        pwe: sae.pwe,
        groups,
        anti_clogging_threshold: sae.anti_clogging_threshold,
        commits_per_second: sae.commits_per_second,
        passwords,
    }))
}

/// `[ft]` and the FT AKMs go together: an FT AKM needs a mobility domain,
/// and a mobility domain without an FT AKM would advertise FT no station
/// can use.
fn ft_config(
    raw: &RawBss,
    key_mgmt: &[Akm],
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<Option<crate::FtConfig>, ConfigError> {
    let ft_akm = key_mgmt.iter().find(|a| a.is_ft());
    let ft =
        match (&raw.ft, ft_akm) {
            (None, None) => return Ok(None),
            (None, Some(akm)) => {
                return Err(invalid(
                    "ft.mobility_domain",
                    format!(
                        "{} needs a mobility domain",
                        crate::suites::akm_name(*akm).unwrap_or("FT")
                    ),
                ))
            }
            (Some(_), None) => return Err(invalid(
                "key_mgmt",
                "must offer ft-psk, ft-eap, ft-eap-sha384 or ft-sae when a mobility domain is set"
                    .into(),
            )),
            (Some(ft), Some(_)) => ft,
        };
    let Some(mobility_domain) = ft.mobility_domain.as_deref() else {
        return Err(invalid(
            "ft.mobility_domain",
            "is required with FT (four hex digits, e.g. \"a1b2\")".into(),
        ));
    };
    let mobility_domain = Some(mobility_domain)
        .and_then(|text| {
            let bytes = hex_octets(text)?;
            <[u8; 2]>::try_from(bytes).ok()
        })
        .ok_or_else(|| {
            invalid(
                "ft.mobility_domain",
                "must be four hex digits (e.g. \"a1b2\")".into(),
            )
        })?;
    let r0kh_id = ft
        .r0kh_id
        .clone()
        .or_else(|| raw.nas_identifier.clone())
        .ok_or_else(|| {
            invalid(
                "ft.r0kh_id",
                "is required with FT (hostapd: nas_identifier)".into(),
            )
        })?;
    if r0kh_id.is_empty() || r0kh_id.len() > 48 {
        return Err(invalid("ft.r0kh_id", "must be 1 to 48 octets".into()));
    }
    let r1kh_id = match &ft.r1kh_id {
        None => None,
        Some(text) => Some(
            text.parse::<MacAddr>()
                .ok()
                .or_else(|| {
                    hex_octets(text)
                        .and_then(|b| <[u8; 6]>::try_from(b).ok())
                        .map(MacAddr)
                })
                .ok_or_else(|| invalid("ft.r1kh_id", format!("{text:?} is not a MAC address")))?,
        ),
    };
    if ft.r0_key_lifetime == 0 {
        return Err(invalid("ft.r0_key_lifetime", "must be at least 1 s".into()));
    }
    let mut r0kh = ft
        .r0kh
        .iter()
        .map(|line| {
            roamd_ft::config::parse_r0kh(line).map_err(|e| invalid("ft.r0kh", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut r1kh = ft
        .r1kh
        .iter()
        .map(|line| {
            roamd_ft::config::parse_r1kh(line).map_err(|e| invalid("ft.r1kh", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(path) = &ft.key_holders_file {
        let (more_r0kh, more_r1kh) = key_holders_file(path)
            .map_err(|e| invalid("ft.key_holders_file", format!("{}: {e}", path.display())))?;
        r0kh.extend(more_r0kh);
        r1kh.extend(more_r1kh);
    }
    Ok(Some(crate::FtConfig {
        mobility_domain,
        r0kh_id: r0kh_id.into_bytes(),
        r1kh_id,
        over_ds: ft.over_ds,
        reassociation_deadline_tu: ft.reassociation_deadline,
        r0_key_lifetime: Duration::from_secs(ft.r0_key_lifetime),
        psk_generate_local: ft.psk_generate_local,
        push: ft.push,
        r0kh,
        r1kh,
    }))
}

/// The `r0kh=` and `r1kh=` lines of a key-holders file (`#` comments and
/// blank lines allowed); an error names the line.
type KeyHolderLists = (Vec<roamd_ft::R0khEntry>, Vec<roamd_ft::R1khEntry>);

fn key_holders_file(path: &std::path::Path) -> Result<KeyHolderLists, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (mut r0kh, mut r1kh) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |e: String| format!("line {}: {e}", n + 1);
        match line.split_once('=') {
            Some(("r0kh", value)) => r0kh
                .push(roamd_ft::config::parse_r0kh(value).map_err(|e| at(format!("r0kh: {e}")))?),
            Some(("r1kh", value)) => r1kh
                .push(roamd_ft::config::parse_r1kh(value).map_err(|e| at(format!("r1kh: {e}")))?),
            _ => return Err(at("expected r0kh=... or r1kh=...".into())),
        }
    }
    Ok((r0kh, r1kh))
}

/// Octets from hex digits, two per octet.
fn hex_octets(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
        })
        .collect()
}

fn psk_auth(
    raw: &RawBss,
    ssid: &str,
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<WpaAuth, ConfigError> {
    let psk = match (&raw.passphrase, &raw.psk) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "psk",
                "set either passphrase or psk, not both".into(),
            ))
        }
        (Some(p), None) => Some(
            roamd_wpa::psk::psk_from_passphrase(p.as_bytes(), ssid.as_bytes()).map_err(|e| {
                // The error describes the passphrase's shape, never its content.
                invalid(
                    "passphrase",
                    format!("{e} (8..=63 printable ASCII characters)"),
                )
            })?,
        ),
        (None, Some(hex)) => Some(
            roamd_wpa::psk::parse_psk_hex(hex)
                .map_err(|_| invalid("psk", "must be exactly 64 hexadecimal digits".into()))?,
        ),
        (None, None) => None,
    };
    let station_psks = match &raw.wpa_psk_file {
        Some(path) => crate::psk_file::load(path, ssid.as_bytes())
            .map_err(|message| invalid("wpa_psk_file", message))?,
        None => Vec::new(),
    };
    if psk.is_none() && station_psks.is_empty() {
        return Err(invalid(
            "passphrase",
            "wpa2-psk needs passphrase, psk or a non-empty wpa_psk_file".into(),
        ));
    }
    Ok(WpaAuth::Psk { psk, station_psks })
}

fn eap_config(
    raw: &RawBss,
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<EapConfig, ConfigError> {
    if raw.auth_server.is_empty() {
        return Err(invalid(
            "auth_server",
            "wpa2-eap needs at least one [[radio.bss.auth_server]]".into(),
        ));
    }
    let servers = |list: &[RawRadiusServer],
                   name: &str,
                   default_port: u16|
     -> Result<Vec<RadiusServer>, ConfigError> {
        list.iter()
            .enumerate()
            .map(|(i, s)| {
                let k = |field: &str| format!("{name}[{i}].{field}");
                let address = s
                    .address
                    .as_deref()
                    .ok_or_else(|| invalid(&k("address"), "required".into()))?;
                let ip = address.parse::<std::net::IpAddr>();
                let addr = match (s.port, ip) {
                    (Some(port), Ok(ip)) => Ok((ip, port).into()),
                    (Some(_), Err(_)) => Err(format!("{address:?} is not an IP address")),
                    (None, Ok(ip)) => Ok((ip, default_port).into()),
                    (None, Err(_)) => address
                        .parse::<std::net::SocketAddr>()
                        .map_err(|_| format!("{address:?} is not an IP address or IP:port")),
                }
                .map_err(|message| invalid(&k("address"), message))?;
                let secret = read_secret(&s.secret, &s.secret_file, &k, invalid)?;
                if s.timeout == 0 || s.retries == 0 {
                    return Err(invalid(
                        &k("timeout"),
                        "timeout and retries must be at least 1".into(),
                    ));
                }
                Ok(RadiusServer {
                    addr,
                    secret,
                    require_message_authenticator: s.require_message_authenticator,
                    timeout: Duration::from_secs(s.timeout),
                    retries: s.retries,
                })
            })
            .collect()
    };
    let auth_servers = servers(&raw.auth_server, "auth_server", 1812)?;
    let acct_servers = servers(&raw.acct_server, "acct_server", 1813)?;
    if let Some(local) = raw.radius_client_addr {
        let mut all = auth_servers.iter().chain(&acct_servers);
        if let Some(s) = all.find(|s| s.addr.is_ipv4() != local.is_ipv4()) {
            return Err(invalid(
                "radius_client_addr",
                format!("{local} cannot reach the RADIUS server {}", s.addr.ip()),
            ));
        }
    }
    let secs = |v: u64| (v > 0).then(|| Duration::from_secs(v));
    let cache = cache_config(raw, invalid)?;
    let das = das_config(raw, invalid)?;
    Ok(EapConfig {
        auth_servers,
        acct_servers,
        nas_identifier: raw.nas_identifier.clone(),
        own_ip_addr: raw.own_ip_addr,
        radius_client_addr: raw.radius_client_addr,
        reauth_period: secs(raw.reauth_period),
        retry_primary_interval: secs(raw.radius_retry_primary_interval),
        acct_interim_interval: secs(raw.acct_interim_interval),
        cache,
        das,
    })
}

/// A shared secret given inline or in a file (its line end dropped); never empty.
fn read_secret(
    secret: &Option<String>,
    secret_file: &Option<PathBuf>,
    k: &dyn Fn(&str) -> String,
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<roamd_radius::SharedSecret, ConfigError> {
    let secret = match (secret, secret_file) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                &k("secret"),
                "set either secret or secret_file".into(),
            ))
        }
        (Some(secret), None) => secret.clone(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map(|t| t.trim_end_matches(['\r', '\n']).to_string())
            .map_err(|e| invalid(&k("secret_file"), format!("{}: {e}", path.display())))?,
        (None, None) => return Err(invalid(&k("secret"), "a shared secret is required".into())),
    };
    if secret.is_empty() {
        return Err(invalid(&k("secret"), "must not be empty".into()));
    }
    Ok(roamd_radius::SharedSecret::new(secret.into_bytes()))
}

/// The DAS of a BSS; `None` when its port is 0.
fn das_config(
    raw: &RawBss,
    invalid: &dyn Fn(&str, String) -> ConfigError,
) -> Result<Option<crate::DasConfig>, ConfigError> {
    if raw.radius_das_port == 0 {
        return Ok(None);
    }
    let port = u16::try_from(raw.radius_das_port)
        .map_err(|_| invalid("radius_das_port", "must be at most 65535".into()))?;
    if raw.radius_das_clients.is_empty() {
        return Err(invalid(
            "radius_das_clients",
            "the DAS needs a client (\"<IP> <secret>\")".into(),
        ));
    }
    let clients = raw
        .radius_das_clients
        .iter()
        .map(|c| {
            // hostapd's radius_das_client: the secret is the rest of the line.
            let (ip, secret) = c
                .split_once(' ')
                .filter(|(_, secret)| !secret.is_empty())
                .ok_or_else(|| "expected \"<IP> <secret>\"".to_string())?;
            let addr = ip
                .parse()
                .map_err(|_| format!("{ip:?} is not an IP address"))?;
            let secret = roamd_radius::SharedSecret::from(secret);
            Ok(crate::DasClient { addr, secret })
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(|m| invalid("radius_das_clients", m))?;
    Ok(Some(crate::DasConfig {
        listen: (Ipv4Addr::UNSPECIFIED, port).into(),
        clients,
        policy: roamd_radius::das::DasPolicy {
            time_window: raw.radius_das_time_window,
            require_event_timestamp: raw.radius_das_require_event_timestamp,
            require_message_authenticator: raw.radius_das_require_message_authenticator,
        },
    }))
}
