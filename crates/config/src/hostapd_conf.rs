//! hostapd.conf input: the hostapd keys roamd supports, read into the same
//! unvalidated configuration the TOML file deserializes into and validated
//! by the same code, so `roamd hostapd.conf` runs a network described for
//! hostapd. One file per radio, as hostapd takes one file per interface.
//!
//! A `bss=<ifname>` line starts another BSS on the same radio, as in hostapd
//! (`hostapd_config_bss`): the lines after it belong to that BSS, which
//! starts from hostapd's defaults and inherits nothing from the BSSes above
//! it; `bssid=` sets its address. Radio keys (`channel`, `hw_mode`, ...) in
//! a section still set the radio's value, as hostapd's do. hostapd has a
//! `ctrl_interface` and `dtim_period` per BSS where roamd has one of each
//! per daemon and radio: differing values are refused, with their lines.
//! Errors name the line in the right section; a key a section lacks is
//! named after its `bss=` line.
//!
//! Errors name the file, the line and hostapd's key. Unknown keys are
//! errors; keys that only tune hostapd internals roamd does not have
//! (logging, WMM's per access category parameters, ...) are accepted and
//! listed once in a warning. Keys with a security or regulatory meaning are
//! honoured or refused, never ignored:
//! `macaddr_acl` 0 or 1 with `accept_mac_file`/`deny_mac_file` (2, RADIUS, is
//! refused), `ctrl_interface_group`, `country_code`, `country3` and `ieee80211d`,
//! `auth_algs` 1 or 3 (roamd authenticates with open system only).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use roamd_ieee80211::MacAddr;
use roamd_wpa::AkmExt;

use crate::mac_acl::MacAclPolicy;
use crate::raw::{
    self, Origin, RawBss, RawCache, RawConfig, RawFt, RawRadio, RawRadiusServer, RawSae,
    RawSaePassword, Scope,
};
use crate::suites::{akm_from_hostapd, cipher_from_hostapd};
use crate::{CacheMode, Config, ConfigError, HwMode, Pmf, PweMode, Security, MAX_BSS_PER_RADIO};

/// Every key [`Reader::entry`] reads: honoured, honoured for some values
/// only, or refused by name with a reason (`eap_user_file`, ...). A key
/// that is neither here nor in [`IGNORED`] (or [`IGNORED_PREFIXES`]) is
/// refused as unknown before the reader looks at it, so this table is the
/// whole list, and `docs/migrating-from-hostapd.md` is tested against it.
pub const KEYS: &[&str] = &[
    "interface",
    "driver",
    "ctrl_interface",
    "ctrl_interface_group",
    "ssid",
    "ssid2",
    "hw_mode",
    "channel",
    "beacon_int",
    "dtim_period",
    "country_code",
    "country3",
    "ieee80211d",
    "ieee80211n",
    "ht_capab",
    "wmm_enabled",
    "bridge",
    "ap_isolate",
    "rrm_neighbor_report",
    "rrm_beacon_report",
    "bss_transition",
    "ignore_broadcast_ssid",
    "max_num_sta",
    "ap_max_inactivity",
    "macaddr_acl",
    "accept_mac_file",
    "deny_mac_file",
    "auth_algs",
    "wpa",
    "wpa_key_mgmt",
    "wpa_passphrase",
    "wpa_psk",
    "wpa_psk_file",
    "rsn_pairwise",
    "ieee80211w",
    "sae_password",
    "sae_pwe",
    "sae_groups",
    "sae_anti_clogging_threshold",
    "sae_require_mfp",
    "wpa_group_rekey",
    "wpa_strict_rekey",
    "ieee8021x",
    "auth_server_addr",
    "auth_server_port",
    "auth_server_shared_secret",
    "acct_server_addr",
    "acct_server_port",
    "acct_server_shared_secret",
    "nas_identifier",
    "own_ip_addr",
    "radius_client_addr",
    "radius_das_port",
    "radius_das_client",
    "radius_das_time_window",
    "radius_das_require_event_timestamp",
    "radius_das_require_message_authenticator",
    "radius_retry_primary_interval",
    "radius_acct_interim_interval",
    "eap_reauth_period",
    "okc",
    "disable_pmksa_caching",
    "mobility_domain",
    "r1_key_holder",
    "r0kh",
    "r1kh",
    "ft_over_ds",
    "pmk_r1_push",
    "ft_psk_generate_local",
    "reassociation_deadline",
    "r0_key_lifetime",
    "ft_r0_key_lifetime",
    "bss",
    "bssid",
    "eap_user_file",
    "radius_server_clients",
    "rts_threshold",
    "fragm_threshold",
    "dynamic_vlan",
    "vlan_file",
];

/// Families of keys accepted and ignored, by prefix: WMM's per access
/// category parameters (roamd advertises hostapd's defaults).
pub const IGNORED_PREFIXES: &[&str] = &["wmm_ac_"];

/// Whether the reader knows `key` (see [`KEYS`]).
pub fn is_known(key: &str) -> bool {
    KEYS.contains(&key)
        || IGNORED.contains(&key)
        || IGNORED_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// Keys accepted and ignored: they tune things roamd does not do (yet).
/// None has a security or regulatory meaning.
pub const IGNORED: &[&str] = &[
    "logger_syslog",
    "logger_syslog_level",
    "logger_stdout",
    "logger_stdout_level",
    "eapol_version",
    "eapol_key_index_workaround",
    "wpa_pairwise",
    "utf8_ssid",
    "preamble",
    "uapsd_advertisement_enabled",
    "dump_file",
    "eap_server",
];

/// Keys that only matter with `wpa=2`. hostapd runs an open network without
/// them when `wpa=0`, and so does roamd (with a warning naming them).
const WPA_ONLY: &[&str] = &[
    "wpa_key_mgmt",
    "wpa_passphrase",
    "wpa_psk",
    "wpa_psk_file",
    "rsn_pairwise",
    "ieee80211w",
    "wpa_group_rekey",
    "wpa_strict_rekey",
    "auth_server_addr",
    "auth_server_port",
    "auth_server_shared_secret",
    "acct_server_addr",
    "acct_server_port",
    "acct_server_shared_secret",
    "nas_identifier",
    "own_ip_addr",
    "radius_client_addr",
    "radius_das_port",
    "radius_das_client",
    "radius_das_time_window",
    "radius_das_require_event_timestamp",
    "radius_das_require_message_authenticator",
    "radius_retry_primary_interval",
    "radius_acct_interim_interval",
    "eap_reauth_period",
    "okc",
    "disable_pmksa_caching",
    "mobility_domain",
    "r1_key_holder",
    "r0kh",
    "r1kh",
    "ft_over_ds",
    "pmk_r1_push",
    "ft_psk_generate_local",
    "reassociation_deadline",
    "r0_key_lifetime",
    "ft_r0_key_lifetime",
    "sae_password",
    "sae_pwe",
    "sae_groups",
    "sae_anti_clogging_threshold",
    "sae_require_mfp",
];

/// The key of the top-level group setting, as the validator names it.
const GROUP_KEY: &str = "daemon.ctrl_interface_group";

/// Lines of a file by the roamd key they set: the line and hostapd's name.
type KeyLines = HashMap<String, (usize, String)>;

/// Where one file set each of roamd's keys.
#[derive(Debug, Default)]
struct FileKeys {
    file: PathBuf,
    /// The radio's keys (and the control socket group's, [`GROUP_KEY`]).
    radio: KeyLines,
    /// Each BSS's: the first BSS's, then one per `bss=` section.
    bss: Vec<BssKeys>,
}

/// Where one BSS's keys were set.
#[derive(Debug, Default)]
struct BssKeys {
    /// The `bss=` line that starts the section, and its interface; `None`
    /// for the first BSS (the lines before any `bss=`).
    section: Option<(usize, String)>,
    keys: KeyLines,
}

/// Names keys of a configuration read from hostapd.conf files, file `r`
/// holding radio `r`.
#[derive(Debug, Default)]
struct HostapdOrigin {
    files: Vec<FileKeys>,
    /// The file that set the control socket group.
    group_file: usize,
}

impl Origin for HostapdOrigin {
    fn locate(&self, scope: Scope, key: &str) -> (PathBuf, String) {
        let (index, bss) = match scope {
            Scope::Top => (self.group_file, None),
            Scope::Radio(r) => (r, None),
            Scope::Bss(r, b) => (r, Some(b)),
        };
        let Some(file) = self.files.get(index) else {
            return (PathBuf::new(), hostapd_name(key).to_string());
        };
        let (keys, section) = match bss.map(|b| file.bss.get(b)) {
            None => (&file.radio, None),
            Some(Some(bss)) => (&bss.keys, bss.section.as_ref()),
            Some(None) => return (file.file.clone(), hostapd_name(key).to_string()),
        };
        let name = match (keys.get(key), section) {
            (Some((line, name)), _) => format!("line {line}: {name}"),
            // A key the BSS does not set, such as a required one: in a
            // `bss=` section, the section says which BSS lacks it.
            (None, Some((line, ifname))) => {
                format!("bss={ifname} (line {line}): {}", hostapd_name(key))
            }
            (None, None) => hostapd_name(key).to_string(),
        };
        (file.file.clone(), name)
    }
}

/// hostapd's name for a key the file did not set.
fn hostapd_name(key: &str) -> &str {
    match key {
        "passphrase" => "wpa_passphrase",
        "psk" => "wpa_psk",
        "auth_server" => "auth_server_addr",
        "acct_server" => "acct_server_addr",
        GROUP_KEY => "ctrl_interface_group",
        "ft.mobility_domain" => "mobility_domain",
        "ft.r0kh_id" => "nas_identifier",
        "ft.r1kh_id" => "r1_key_holder",
        "wmm" => "wmm_enabled",
        "radius_das_clients" => "radius_das_client",
        other => other,
    }
}

/// hostapd's `ssid=`: plain text; `ssid2=` also takes "quoted" or hex (P"..." not supported).
fn parse_ssid2(value: &str) -> Option<String> {
    if let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Some(quoted.to_string());
    }
    if value.len() % 2 == 0 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        let bytes: Option<Vec<u8>> = (0..value.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(value.get(i..i + 2)?, 16).ok())
            .collect();
        return bytes.and_then(|b| String::from_utf8(b).ok());
    }
    None
}

/// One hostapd.conf, read.
struct HostapdFile {
    radio: RawRadio,
    /// Each BSS's `ctrl_interface` (hostapd's is per BSS): line and directory.
    ctrl_interfaces: Vec<(usize, PathBuf)>,
    /// Each BSS's control socket group: line, hostapd key and value.
    ctrl_interface_groups: Vec<(usize, &'static str, String)>,
    keys: FileKeys,
}

/// One BSS of a file as it is read: the first BSS (the lines before any
/// `bss=`) or a `bss=` section. Each starts from hostapd's defaults
/// (`hostapd_config_defaults_bss`): a section inherits nothing from the
/// BSSes before it.
struct Section {
    /// hostapd's `wpa` of this BSS: 0 (open) or 2.
    wpa: u32,
    bss: RawBss,
    keys: BssKeys,
    ctrl_interface: Option<(usize, PathBuf)>,
    /// Line, hostapd key and value of the control socket group.
    ctrl_interface_group: Option<(usize, &'static str, String)>,
    /// Line and value of `dtim_period`, per BSS in hostapd.
    dtim_period: Option<(usize, u32)>,
    ieee8021x: Option<usize>,
    okc: bool,
    disable_pmksa_caching: bool,
    accept: Vec<MacAddr>,
    deny: Vec<MacAddr>,
    ignored_without_wpa: Vec<String>,
}

impl Section {
    fn new(wpa: u32, section: Option<(usize, String)>) -> Self {
        Section {
            wpa,
            bss: RawBss::default(),
            keys: BssKeys {
                section,
                keys: HashMap::new(),
            },
            ctrl_interface: None,
            ctrl_interface_group: None,
            dtim_period: None,
            ieee8021x: None,
            okc: false,
            disable_pmksa_caching: false,
            accept: Vec::new(),
            deny: Vec::new(),
            ignored_without_wpa: Vec::new(),
        }
    }

    /// "the first BSS" or "bss=wlan0_1 (line 9)", for messages.
    fn name(&self) -> String {
        match &self.keys.section {
            None => "the first BSS".into(),
            Some((line, ifname)) => format!("bss={ifname} (line {line})"),
        }
    }
}

/// Keys of the radio (hostapd's `struct hostapd_config`, not per BSS): in a
/// `bss=` section they still set the radio's value, as in hostapd.
const RADIO_KEYS: &[&str] = &[
    "interface",
    "driver",
    "hw_mode",
    "channel",
    "beacon_int",
    "country_code",
    "country3",
    "ieee80211d",
    "ieee80211n",
    "ht_capab",
];

/// Reads one file's lines into the raw configuration of its radio.
struct Reader<'a> {
    file: &'a Path,
    /// hostapd's `wpa` of each BSS, in file order.
    wpa_per_bss: Vec<u32>,
    radio: RawRadio,
    radio_keys: KeyLines,
    /// The BSSes before the current one.
    done: Vec<Section>,
    /// The BSS the lines belong to now.
    cur: Section,
    ignored: Vec<String>,
}

impl<'a> Reader<'a> {
    /// An error about line `line` (the key is in the message).
    fn at(&self, line: usize, message: String) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.to_path_buf(),
            key: format!("line {line}"),
            message,
        }
    }

    /// An error about the value of `key` on line `line`.
    fn bad(&self, line: usize, key: &str, message: String) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.to_path_buf(),
            key: format!("line {line}: {key}"),
            message,
        }
    }

    /// Remembers that `line` set roamd's `roamd_key`: a key of the current
    /// BSS when `bss.` prefixed, else of the radio.
    fn set(&mut self, roamd_key: &str, line: usize, key: &str) {
        let (keys, roamd_key) = match roamd_key.strip_prefix("bss.") {
            Some(bss_key) => (&mut self.cur.keys.keys, bss_key),
            None => (&mut self.radio_keys, roamd_key),
        };
        keys.insert(roamd_key.to_string(), (line, key.to_string()));
    }

    /// `bss=<ifname>`: the BSS read so far is complete and a new one, with
    /// hostapd's defaults, starts on the radio's channel.
    fn start_bss(&mut self, line: usize, ifname: &str) -> Result<(), ConfigError> {
        let number = self.done.len() + 1;
        if number >= MAX_BSS_PER_RADIO {
            return Err(self.bad(
                line,
                "bss",
                format!("at most {MAX_BSS_PER_RADIO} BSSes per radio"),
            ));
        }
        let wpa = self.wpa_per_bss.get(number).copied().unwrap_or_default();
        let next = Section::new(wpa, Some((line, ifname.to_string())));
        let done = std::mem::replace(&mut self.cur, next);
        self.done.push(done);
        self.cur.bss.interface = Some(ifname.to_string());
        // Validation checks the name as the BSS's interface.
        self.set("bss.interface", line, "bss");
        Ok(())
    }

    /// The BSS's FT settings, created by its first FT key.
    fn ft(&mut self) -> &mut RawFt {
        self.cur.bss.ft.get_or_insert_with(RawFt::default)
    }

    fn number<T: FromStr>(&self, line: usize, key: &str, value: &str) -> Result<T, ConfigError> {
        value
            .trim()
            .parse()
            .map_err(|_| self.bad(line, key, format!("{value:?} is not a number")))
    }

    /// hostapd's `sae_password=<password>[|mac=<peer>][|id=<identifier>]`
    /// (the password may not contain '|'; `vlanid=` and `pk=` are refused).
    fn sae_password(
        &self,
        line: usize,
        key: &str,
        value: &str,
    ) -> Result<RawSaePassword, ConfigError> {
        let mut parts = value.split('|');
        let mut entry = RawSaePassword {
            password: parts.next().unwrap_or_default().to_string(),
            ..RawSaePassword::default()
        };
        for part in parts {
            match part.split_once('=') {
                Some(("mac", mac)) => entry.mac = Some(mac.to_string()),
                Some(("id", id)) => entry.id = Some(id.to_string()),
                Some((name @ ("vlanid" | "pk"), _)) => {
                    return Err(self.bad(line, key, format!("{name}= is not supported")))
                }
                _ => {
                    return Err(self.bad(
                        line,
                        key,
                        format!("{part:?}: expected mac=<address> or id=<identifier>"),
                    ))
                }
            }
        }
        Ok(entry)
    }

    fn entry(&mut self, line: usize, key: &str, value: &str) -> Result<(), ConfigError> {
        if !is_known(key) {
            return Err(self.at(line, unknown_key(key)));
        }
        let v = value.to_string();
        let flag = value.trim() == "1";
        if self.cur.wpa == 0 && WPA_ONLY.contains(&key) {
            self.cur.ignored_without_wpa.push(key.to_string());
            return Ok(());
        }
        if !self.done.is_empty() && RADIO_KEYS.contains(&key) {
            tracing::warn!(
                "{}: line {line}: {key} is a radio setting: in {} it sets the radio's, \
                 for every BSS (as in hostapd)",
                self.file.display(),
                self.cur.name()
            );
        }
        match key {
            "interface" => {
                self.radio.interface = Some(v);
                self.set("interface", line, key);
            }
            "driver" if value == "nl80211" => {}
            "driver" => {
                return Err(self.at(line, format!("driver={value}: roamd drives nl80211 only")))
            }
            "ctrl_interface" => {
                // Also the "DIR=/path GROUP=name" form.
                let mut dir = value;
                if value.starts_with("DIR=") {
                    for part in value.split_whitespace() {
                        if let Some(d) = part.strip_prefix("DIR=") {
                            dir = d;
                        } else if let Some(group) = part.strip_prefix("GROUP=") {
                            self.cur.ctrl_interface_group =
                                Some((line, "ctrl_interface", group.into()));
                        } else {
                            return Err(self.bad(
                                line,
                                key,
                                format!("{part:?}: expected DIR=path or GROUP=group"),
                            ));
                        }
                    }
                }
                self.cur.ctrl_interface = Some((line, PathBuf::from(dir)));
            }
            "ctrl_interface_group" => {
                self.cur.ctrl_interface_group = Some((line, "ctrl_interface_group", v));
            }
            "ssid" => {
                self.cur.bss.ssid = Some(v);
                self.set("bss.ssid", line, key);
            }
            "ssid2" => {
                let ssid = parse_ssid2(value)
                    .ok_or_else(|| self.at(line, format!("ssid2={value}: not \"text\" or hex")))?;
                self.cur.bss.ssid = Some(ssid);
                self.set("bss.ssid", line, key);
            }
            "hw_mode" => {
                self.radio.hw_mode = match value {
                    "a" => HwMode::A,
                    "b" => HwMode::B,
                    "g" => HwMode::G,
                    _ => {
                        return Err(self.bad(
                            line,
                            key,
                            format!("{value:?} is not supported (a, b or g)"),
                        ))
                    }
                };
                self.set("hw_mode", line, key);
            }
            "channel" => {
                self.radio.channel = Some(self.number(line, key, value)?);
                self.set("channel", line, key);
            }
            "beacon_int" => {
                self.radio.beacon_interval = self.number(line, key, value)?;
                self.set("beacon_interval", line, key);
            }
            // Per BSS in hostapd; see `shared_dtim_period`.
            "dtim_period" => {
                let period: u32 = self.number(line, key, value)?;
                if !(1..=255).contains(&period) {
                    return Err(self.bad(line, key, "must be 1..=255".into()));
                }
                self.cur.dtim_period = Some((line, period));
            }
            "country_code" => {
                self.radio.country = Some(v);
                self.set("country", line, key);
            }
            // hostapd reads it as hex (strtol base 16): 0x49 or 49 is 'I'.
            "country3" => {
                let hex = value.trim();
                let hex = hex.strip_prefix("0x").unwrap_or(hex);
                self.radio.country_environment = u32::from_str_radix(hex, 16)
                    .map_err(|_| self.bad(line, key, format!("{value:?} is not a hex number")))?;
                self.set("country_environment", line, key);
            }
            "ieee80211d" => {
                self.radio.advertise_country = flag;
                self.set("advertise_country", line, key);
            }
            "ieee80211n" => {
                self.radio.ieee80211n = flag;
                self.set("ieee80211n", line, key);
            }
            "ht_capab" => {
                self.radio.ht_capab = v;
                self.set("ht_capab", line, key);
            }
            "wmm_enabled" => {
                self.cur.bss.wmm = Some(flag);
                self.set("bss.wmm", line, key);
            }
            "bridge" => {
                self.cur.bss.bridge = Some(v);
                self.set("bss.bridge", line, key);
            }
            "ap_isolate" => {
                self.cur.bss.ap_isolate = flag;
                self.set("bss.ap_isolate", line, key);
            }
            "rrm_neighbor_report" => {
                self.cur.bss.rrm_neighbor_report = flag;
                self.set("bss.rrm_neighbor_report", line, key);
            }
            "rrm_beacon_report" => {
                self.cur.bss.rrm_beacon_report = flag;
                self.set("bss.rrm_beacon_report", line, key);
            }
            "bss_transition" => {
                self.cur.bss.bss_transition = flag;
                self.set("bss.bss_transition", line, key);
            }
            "ignore_broadcast_ssid" => {
                self.cur.bss.hidden = value != "0";
                self.set("bss.hidden", line, key);
            }
            "max_num_sta" => {
                self.cur.bss.max_stations = self.number(line, key, value)?;
                self.set("bss.max_stations", line, key);
            }
            "ap_max_inactivity" => {
                self.cur.bss.max_inactivity = self.number(line, key, value)?;
                self.set("bss.max_inactivity", line, key);
            }
            "macaddr_acl" => {
                self.cur.bss.mac_acl = Some(match value {
                    "0" => MacAclPolicy::AcceptUnlessDenied,
                    "1" => MacAclPolicy::DenyUnlessAccepted,
                    "2" => {
                        return Err(self.bad(
                            line,
                            key,
                            "2 (ask a RADIUS server) is not supported; use 0 (accept unless \
                             denied) or 1 (deny unless accepted)"
                                .into(),
                        ))
                    }
                    _ => {
                        return Err(self.bad(
                            line,
                            key,
                            format!("{value:?}: expected 0 (accept unless denied) or 1 (deny unless accepted)"),
                        ))
                    }
                });
                self.set("bss.mac_acl", line, key);
            }
            "accept_mac_file" | "deny_mac_file" => {
                // Read now, in file order: hostapd adds every file's entries
                // to the same list, and a later file's -MAC removes earlier ones.
                let mut list = std::mem::take(if key == "accept_mac_file" {
                    &mut self.cur.accept
                } else {
                    &mut self.cur.deny
                });
                crate::mac_acl::load_into(Path::new(value), &mut list)
                    .map_err(|message| self.bad(line, key, message))?;
                if key == "accept_mac_file" {
                    self.cur.accept = list;
                } else {
                    self.cur.deny = list;
                }
                self.set(&format!("bss.{key}"), line, key);
            }
            "auth_algs" => {
                // Bit 0: open system, bit 1: shared key, which needs WEP keys
                // roamd does not have (hostapd then only does open system too).
                let algs: u32 = self.number(line, key, value)?;
                if algs & 1 == 0 || algs & !3 != 0 {
                    return Err(self.bad(
                        line,
                        key,
                        format!(
                            "{value}: roamd authenticates with open system only; use 1 (open \
                             system) or 3 (open system and shared key, which without WEP keys \
                             is open system)"
                        ),
                    ));
                }
            }
            // Checked before the other keys.
            "wpa" => {}
            "wpa_key_mgmt" => {
                let akms = value
                    .split_whitespace()
                    .map(|name| {
                        akm_from_hostapd(name).ok_or_else(|| {
                            self.bad(
                                line,
                                key,
                                format!(
                                    "{name} is not supported ({})",
                                    crate::suites::hostapd_akm_names()
                                ),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                self.cur.bss.key_mgmt = Some(akms);
                self.set("bss.key_mgmt", line, key);
            }
            "wpa_passphrase" => {
                self.cur.bss.passphrase = Some(v);
                self.set("bss.passphrase", line, key);
            }
            "wpa_psk" => {
                self.cur.bss.psk = Some(v);
                self.set("bss.psk", line, key);
            }
            "wpa_psk_file" => {
                self.cur.bss.wpa_psk_file = Some(PathBuf::from(value));
                self.set("bss.wpa_psk_file", line, key);
            }
            "rsn_pairwise" => {
                let ciphers = value
                    .split_whitespace()
                    .map(|name| {
                        cipher_from_hostapd(name).ok_or_else(|| {
                            self.bad(
                                line,
                                key,
                                format!("{name} is not supported (CCMP, GCMP, GCMP-256, CCMP-256)"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                self.cur.bss.pairwise = Some(ciphers);
                self.set("bss.pairwise", line, key);
            }
            "ieee80211w" => {
                self.cur.bss.pmf = Some(match value {
                    "0" => Pmf::Disabled,
                    "1" => Pmf::Optional,
                    "2" => Pmf::Required,
                    _ => {
                        return Err(self.bad(
                            line,
                            key,
                            format!("{value:?}: expected 0, 1 (optional) or 2 (required)"),
                        ))
                    }
                });
                self.set("bss.pmf", line, key);
            }
            "sae_password" => {
                let entry = self.sae_password(line, key, value)?;
                let sae = self.cur.bss.sae.get_or_insert_with(RawSae::default);
                sae.passwords.push(entry);
                self.set("bss.sae.passwords", line, key);
            }
            "sae_pwe" => {
                let mode = value
                    .trim()
                    .parse()
                    .ok()
                    .and_then(PweMode::from_number)
                    .ok_or_else(|| {
                        self.bad(
                            line,
                            key,
                            format!(
                                "{value:?}: expected 0 (hunting-and-pecking), 1 (hash-to-element) \
                                 or 2 (both)"
                            ),
                        )
                    })?;
                self.cur.bss.sae.get_or_insert_with(RawSae::default).pwe = mode;
                self.set("bss.sae.pwe", line, key);
            }
            "sae_groups" => {
                let groups = value
                    .split_whitespace()
                    .map(|g| self.number(line, key, g))
                    .collect::<Result<Vec<u16>, _>>()?;
                self.cur.bss.sae.get_or_insert_with(RawSae::default).groups = groups;
                self.set("bss.sae.groups", line, key);
            }
            "sae_anti_clogging_threshold" => {
                let threshold = self.number(line, key, value)?;
                self.cur
                    .bss
                    .sae
                    .get_or_insert_with(RawSae::default)
                    .anti_clogging_threshold = threshold;
                self.set("bss.sae.anti_clogging_threshold", line, key);
            }
            // roamd requires PMF of every SAE station (WPA3), as
            // sae_require_mfp=1 does in transition mode.
            "sae_require_mfp" if flag => {}
            "sae_require_mfp" => tracing::warn!(
                "{}: line {line}: sae_require_mfp=0: roamd requires management frame \
                 protection of SAE stations anyway (WPA3)",
                self.file.display()
            ),
            "wpa_group_rekey" => {
                self.cur.bss.group_rekey = self.number(line, key, value)?;
                self.set("bss.group_rekey", line, key);
            }
            "wpa_strict_rekey" => {
                self.cur.bss.rekey_on_leave = flag;
                self.set("bss.rekey_on_leave", line, key);
            }
            "ieee8021x" => self.cur.ieee8021x = flag.then_some(line),
            "auth_server_addr" | "acct_server_addr" => {
                let name = server_list_name(key);
                let list = if name == "auth_server" {
                    &mut self.cur.bss.auth_server
                } else {
                    &mut self.cur.bss.acct_server
                };
                list.push(RawRadiusServer {
                    address: Some(v),
                    ..RawRadiusServer::default()
                });
                let prefix = format!("bss.{name}[{}]", list.len() - 1);
                self.set(&format!("{prefix}.address"), line, key);
                // Until its own line, a missing secret is this server's problem.
                self.set(
                    &format!("{prefix}.secret"),
                    line,
                    &format!("{name}_shared_secret"),
                );
            }
            "auth_server_port"
            | "auth_server_shared_secret"
            | "acct_server_port"
            | "acct_server_shared_secret" => {
                let name = server_list_name(key);
                let port = if key.ends_with("port") {
                    Some(self.number::<u16>(line, key, value)?)
                } else {
                    None
                };
                let list = if name == "auth_server" {
                    &mut self.cur.bss.auth_server
                } else {
                    &mut self.cur.bss.acct_server
                };
                let index = list.len().saturating_sub(1);
                let Some(server) = list.last_mut() else {
                    return Err(self.at(line, format!("{key} before its *_server_addr")));
                };
                let field = match port {
                    Some(port) => {
                        server.port = Some(port);
                        "address"
                    }
                    None => {
                        server.secret = Some(v);
                        "secret"
                    }
                };
                self.set(&format!("bss.{name}[{index}].{field}"), line, key);
            }
            "nas_identifier" => {
                self.cur.bss.nas_identifier = Some(v);
                self.set("bss.nas_identifier", line, key);
            }
            "own_ip_addr" => {
                self.cur.bss.own_ip_addr = Some(value.parse().map_err(|_| {
                    self.bad(line, key, format!("{value:?} is not an IPv4 address"))
                })?);
                self.set("bss.own_ip_addr", line, key);
            }
            "radius_client_addr" => {
                self.cur.bss.radius_client_addr =
                    Some(value.parse().map_err(|_| {
                        self.bad(line, key, format!("{value:?} is not an IP address"))
                    })?);
                self.set("bss.radius_client_addr", line, key);
            }
            "radius_das_port" => {
                self.cur.bss.radius_das_port = self.number(line, key, value)?;
                self.set("bss.radius_das_port", line, key);
            }
            "radius_das_client" => {
                // One client: a later line replaces it, as in hostapd.
                self.cur.bss.radius_das_clients = vec![v];
                self.set("bss.radius_das_clients", line, key);
            }
            "radius_das_time_window" => {
                self.cur.bss.radius_das_time_window = self.number(line, key, value)?;
            }
            "radius_das_require_event_timestamp" => {
                self.cur.bss.radius_das_require_event_timestamp = flag
            }
            "radius_das_require_message_authenticator" => {
                self.cur.bss.radius_das_require_message_authenticator = flag
            }
            "radius_retry_primary_interval" => {
                self.cur.bss.radius_retry_primary_interval = self.number(line, key, value)?;
                self.set("bss.radius_retry_primary_interval", line, key);
            }
            "radius_acct_interim_interval" => {
                self.cur.bss.acct_interim_interval = self.number(line, key, value)?;
                self.set("bss.acct_interim_interval", line, key);
            }
            "eap_reauth_period" => {
                self.cur.bss.reauth_period = self.number(line, key, value)?;
                self.set("bss.reauth_period", line, key);
            }
            "okc" => self.cur.okc = flag,
            "disable_pmksa_caching" => self.cur.disable_pmksa_caching = flag,
            "mobility_domain" => {
                self.ft().mobility_domain = Some(v);
                self.set("bss.ft.mobility_domain", line, key);
            }
            "r1_key_holder" => {
                self.ft().r1kh_id = Some(v);
                self.set("bss.ft.r1kh_id", line, key);
            }
            "r0kh" | "r1kh" => {
                let ft = self.ft();
                let list = if key == "r0kh" {
                    &mut ft.r0kh
                } else {
                    &mut ft.r1kh
                };
                list.push(v);
                // Each line is checked on its own, so an error names it.
                let entry = if key == "r0kh" {
                    roamd_ft::config::parse_r0kh(value).map(drop)
                } else {
                    roamd_ft::config::parse_r1kh(value).map(drop)
                };
                entry.map_err(|e| self.bad(line, key, e.to_string()))?;
                self.set(&format!("bss.ft.{key}"), line, key);
            }
            "ft_over_ds" => {
                self.ft().over_ds = flag;
                self.set("bss.ft.over_ds", line, key);
            }
            "pmk_r1_push" => {
                self.ft().push = flag;
                self.set("bss.ft.push", line, key);
            }
            "ft_psk_generate_local" => {
                self.ft().psk_generate_local = flag;
                self.set("bss.ft.psk_generate_local", line, key);
            }
            "reassociation_deadline" => {
                let tu = self.number(line, key, value)?;
                self.ft().reassociation_deadline = tu;
                self.set("bss.ft.reassociation_deadline", line, key);
            }
            // hostapd's deprecated key counts minutes, its successor seconds.
            "r0_key_lifetime" | "ft_r0_key_lifetime" => {
                let n: u64 = self.number(line, key, value)?;
                let seconds = if key == "r0_key_lifetime" {
                    n.saturating_mul(60)
                } else {
                    n
                };
                self.ft().r0_key_lifetime = seconds;
                self.set("bss.ft.r0_key_lifetime", line, key);
            }
            "bss" => self.start_bss(line, value)?,
            // hostapd's integrated servers: roamd authenticates through an
            // external RADIUS server only.
            "eap_user_file" => {
                return Err(self.bad(
                    line,
                    key,
                    "roamd has no integrated EAP server; authenticate through a RADIUS \
                     server (ieee8021x=1, auth_server_addr)"
                        .into(),
                ))
            }
            // RADIUS-assigned VLANs need an interface (or bridge port)
            // per VLAN; roamd keeps every station of a BSS on its own.
            "dynamic_vlan" if value == "0" => {}
            "dynamic_vlan" | "vlan_file" => {
                return Err(self.bad(
                    line,
                    key,
                    "dynamic VLANs (RADIUS-assigned, per-VLAN interfaces) are not supported: \
                     every station of a BSS is on its interface or bridge"
                        .into(),
                ))
            }
            "radius_server_clients" => {
                return Err(self.bad(
                    line,
                    key,
                    "roamd has no integrated RADIUS server; run one (e.g. FreeRADIUS) and \
                     point auth_server_addr at it"
                        .into(),
                ))
            }
            "bssid" => {
                self.cur.bss.bssid = Some(v);
                self.set("bss.bssid", line, key);
            }
            k if IGNORED.contains(&k) => self.ignored.push(k.to_string()),
            // WMM's per-access-category parameters: roamd sends no WMM
            // element, as with wmm_enabled above.
            k if k.starts_with("wmm_ac_") => self.ignored.push(k.to_string()),
            // -1, hostapd's default, leaves the radio as it is; a threshold
            // roamd would have to set on the wiphy is refused.
            "rts_threshold" | "fragm_threshold" if value.trim() == "-1" => {}
            "rts_threshold" | "fragm_threshold" => {
                return Err(self.bad(
                    line,
                    key,
                    format!("{value:?}: only -1 (the radio's own setting) is supported"),
                ))
            }
            // A key of KEYS without its arm above.
            k => return Err(self.at(line, unknown_key(k))),
        }
        Ok(())
    }
}

/// The refusal of a key roamd does not know.
fn unknown_key(key: &str) -> String {
    format!("{key}: not a hostapd.conf key roamd supports")
}

/// `auth_server` for hostapd's auth_server_* keys, else `acct_server`.
fn server_list_name(key: &str) -> &'static str {
    if key.starts_with("auth") {
        "auth_server"
    } else {
        "acct_server"
    }
}

/// hostapd's `wpa` of one BSS's lines: 0 (open) or 2. It decides whether
/// the WPA keys count, wherever it is among them.
fn wpa_of(file: &Path, entries: &[(usize, &str, &str)]) -> Result<u32, ConfigError> {
    let at = |line: usize, message: String| ConfigError::Invalid {
        file: file.to_path_buf(),
        key: format!("line {line}"),
        message,
    };
    Ok(
        match entries.iter().rev().find(|(_, key, _)| *key == "wpa") {
            None => 0,
            Some((line, _, value)) => match *value {
                "0" => 0,
                "2" => 2,
                "3" => {
                    tracing::warn!(
                    "{}: line {line}: wpa=3: WPA (version 1) is not supported; running WPA2 only",
                    file.display()
                );
                    2
                }
                "1" => {
                    return Err(at(
                        *line,
                        "wpa: 1 (WPA version 1) is not supported; use wpa=2 (WPA2)".into(),
                    ))
                }
                _ => {
                    return Err(at(
                        *line,
                        format!("wpa: {value:?}: expected 0 (open) or 2 (WPA2)"),
                    ))
                }
            },
        },
    )
}

/// Reads one hostapd.conf into its radio's raw configuration.
fn read(file: &Path, text: &str) -> Result<HostapdFile, ConfigError> {
    let mut entries = Vec::new();
    for (index, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(ConfigError::Invalid {
                file: file.to_path_buf(),
                key: format!("line {}", index + 1),
                message: format!("{line:?} is not key=value"),
            });
        };
        entries.push((index + 1, key, value));
    }
    let wpa_per_bss = entries
        .split(|(_, key, _)| *key == "bss")
        .map(|lines| wpa_of(file, lines))
        .collect::<Result<Vec<_>, _>>()?;
    let first_wpa = wpa_per_bss.first().copied().unwrap_or_default();
    let mut reader = Reader {
        file,
        wpa_per_bss,
        radio: RawRadio::default(),
        radio_keys: HashMap::new(),
        done: Vec::new(),
        cur: Section::new(first_wpa, None),
        ignored: Vec::new(),
    };
    for (line, key, value) in entries {
        reader.entry(line, key, value)?;
    }
    let Reader {
        mut radio,
        mut radio_keys,
        mut done,
        cur,
        ignored,
        ..
    } = reader;
    done.push(cur);
    let sections = done;
    if !ignored.is_empty() {
        tracing::warn!(
            "{}: ignored hostapd.conf keys: {}",
            file.display(),
            ignored.join(", ")
        );
    }
    if let Some((line, period)) = shared_dtim_period(file, &sections)? {
        radio.dtim_period = period;
        radio_keys.insert("dtim_period".into(), (line, "dtim_period".into()));
    }
    let mut keys = FileKeys {
        file: file.to_path_buf(),
        radio: radio_keys,
        bss: Vec::new(),
    };
    let mut ctrl_interfaces = Vec::new();
    let mut ctrl_interface_groups = Vec::new();
    for section in sections {
        ctrl_interfaces.extend(section.ctrl_interface.clone());
        ctrl_interface_groups.extend(section.ctrl_interface_group.clone());
        let (bss, bss_keys) = finish_bss(file, section)?;
        radio.bss.push(bss);
        keys.bss.push(bss_keys);
    }
    Ok(HostapdFile {
        radio,
        ctrl_interfaces,
        ctrl_interface_groups,
        keys,
    })
}

/// The radio's DTIM period and the line that set it, if one did. hostapd
/// has one per BSS (2 where a section does not set it); roamd's BSSes
/// beacon with their radio's, so they must agree.
fn shared_dtim_period(
    file: &Path,
    sections: &[Section],
) -> Result<Option<(usize, u32)>, ConfigError> {
    const HOSTAPD_DEFAULT: u32 = 2;
    let period = |s: &Section| s.dtim_period.map_or(HOSTAPD_DEFAULT, |(_, p)| p);
    let Some(first) = sections.first() else {
        return Ok(None);
    };
    if let Some(other) = sections.iter().find(|s| period(s) != period(first)) {
        // Point at a line that sets it: the other section's, else the first's.
        let (here, there) = if other.dtim_period.is_some() {
            (other, first)
        } else {
            (first, other)
        };
        let line = here.dtim_period.map_or(0, |(line, _)| line);
        return Err(ConfigError::Invalid {
            file: file.to_path_buf(),
            key: format!("line {line}: dtim_period"),
            message: format!(
                "{} here, {} in {}: roamd's BSSes on one radio share one DTIM period \
                 (hostapd's default, {HOSTAPD_DEFAULT}, applies to each BSS that does not set it)",
                period(here),
                period(there),
                there.name()
            ),
        });
    }
    Ok(sections.iter().find_map(|s| s.dtim_period))
}

/// One BSS's raw configuration from its section, and where its keys were set.
fn finish_bss(file: &Path, section: Section) -> Result<(RawBss, BssKeys), ConfigError> {
    let name = section.name();
    let Section {
        wpa,
        mut bss,
        keys,
        ieee8021x,
        okc,
        disable_pmksa_caching,
        accept,
        deny,
        ignored_without_wpa,
        ..
    } = section;
    if !ignored_without_wpa.is_empty() {
        tracing::warn!(
            "{}: {name}: wpa is not 2, so this is an open network and these keys do not apply: {}",
            file.display(),
            ignored_without_wpa.join(", ")
        );
    }
    if wpa == 2 {
        let akms = bss.key_mgmt.iter().flatten();
        let eap = ieee8021x.is_some() || akms.clone().any(|k| k.is_8021x());
        let sae = akms.clone().any(|k| k.is_sae());
        bss.security = match (eap, sae) {
            (true, _) => Security::Wpa2Eap,
            (false, true) if akms.clone().any(|k| k.is_psk()) => Security::Wpa2Wpa3,
            (false, true) => Security::Wpa3Sae,
            (false, false) => Security::Wpa2Psk,
        };
        if eap || sae {
            // hostapd: PMKSA caching on unless disabled, OKC off unless enabled.
            let mode = if disable_pmksa_caching {
                CacheMode::None
            } else if okc {
                CacheMode::Okc
            } else {
                CacheMode::Sticky
            };
            bss.cache = Some(RawCache {
                mode,
                ..RawCache::default()
            });
        }
    } else if let Some(line) = ieee8021x {
        // Without WPA, hostapd's IEEE 802.1X hands out dynamic WEP keys.
        return Err(ConfigError::Invalid {
            file: file.to_path_buf(),
            key: format!("line {line}"),
            message: "ieee8021x: IEEE 802.1X without wpa=2 (dynamic WEP) is not supported".into(),
        });
    }
    // hostapd's macaddr_acl defaults to 0, where an accept list still
    // overrides the deny list.
    bss.mac_acl.get_or_insert(MacAclPolicy::AcceptUnlessDenied);
    bss.accept_macs = accept;
    bss.deny_macs = deny;
    Ok((bss, keys))
}

/// Reads hostapd.conf files, one radio each, into a roamd configuration.
pub fn load(files: &[PathBuf]) -> Result<Config, ConfigError> {
    load_with_interfaces(files, &[])
}

/// [`load`] as `hostapd -i IFNAME,... FILE...`: the `n`th name, when given,
/// replaces the `interface=` of the `n`th file.
pub fn load_with_interfaces(
    files: &[PathBuf],
    interfaces: &[String],
) -> Result<Config, ConfigError> {
    let mut texts = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
            file: file.clone(),
            source,
        })?;
        texts.push((file.clone(), text));
    }
    parse_with_interfaces(&texts, interfaces)
}

/// Parses hostapd.conf texts (file name, content), one radio each.
pub fn parse(files: &[(PathBuf, String)]) -> Result<Config, ConfigError> {
    parse_with_interfaces(files, &[])
}

/// [`parse`] with `-i`'s interface names (see [`load_with_interfaces`]).
pub fn parse_with_interfaces(
    files: &[(PathBuf, String)],
    interfaces: &[String],
) -> Result<Config, ConfigError> {
    let mut raw = RawConfig::default();
    let mut origin = HostapdOrigin::default();
    // The file and line of the first ctrl_interface.
    let mut dir_set_at: Option<(PathBuf, usize)> = None;
    // ... and of the first control socket group, with its key.
    let mut group_set_at: Option<(PathBuf, usize, &str)> = None;
    for (index, (file, text)) in files.iter().enumerate() {
        let mut h = read(file, text)?;
        if let Some(name) = interfaces.get(index) {
            // hostapd_interface_init: -i replaces the first BSS's interface.
            // Errors then name the key without a line: it is not the file's.
            h.radio.interface = Some(name.clone());
            h.keys.radio.remove("interface");
        }
        // hostapd's ctrl_interface is per BSS; roamd keeps every BSS's
        // socket (`DIR/IFNAME`) in one directory.
        for (line, dir) in h.ctrl_interfaces {
            match (&raw.daemon.ctrl_interface, &dir_set_at) {
                (Some(first), Some((first_file, first_line))) if *first != dir => {
                    return Err(ConfigError::Invalid {
                        file: file.clone(),
                        key: format!("line {line}: ctrl_interface"),
                        message: format!(
                            "directory {:?} differs from {:?} ({}: line {first_line}: \
                             ctrl_interface); roamd keeps every control socket in one directory",
                            dir.display(),
                            first.display(),
                            first_file.display()
                        ),
                    });
                }
                (Some(_), _) => {}
                (None, _) => {
                    raw.daemon.ctrl_interface = Some(dir);
                    dir_set_at = Some((file.clone(), line));
                }
            }
        }
        for (line, key, group) in h.ctrl_interface_groups {
            match (&raw.daemon.ctrl_interface_group, &group_set_at) {
                // One directory holds every BSS's socket: one group for all.
                (Some(first), Some((first_file, first_line, first_key))) if *first != group => {
                    return Err(ConfigError::Invalid {
                        file: file.clone(),
                        key: format!("line {line}: {key}"),
                        message: format!(
                            "group {group:?} differs from {first:?} ({}: line {first_line}: \
                             {first_key}); the control sockets have one group",
                            first_file.display()
                        ),
                    });
                }
                (Some(_), _) => {}
                (None, _) => {
                    raw.daemon.ctrl_interface_group = Some(group);
                    group_set_at = Some((file.clone(), line, key));
                    origin.group_file = index;
                    h.keys
                        .radio
                        .insert(GROUP_KEY.to_string(), (line, key.to_string()));
                }
            }
        }
        raw.radio.push(h.radio);
        origin.files.push(h.keys);
    }
    // Without ctrl_interface hostapd has no control socket; neither does roamd.
    raw.daemon.ctrl_interface.get_or_insert_with(PathBuf::new);
    let first = files.first().map(|(f, _)| f.clone()).unwrap_or_default();
    raw::validate(raw, &first, &origin)
}

/// Checks `key=value` as one line of a file, for hostapd's per-interface
/// `SET` on an interface not started yet (`hostapd_config_fill` on one
/// line): the key must be known and its value valid. The line is read in
/// a BSS with `wpa=2`, so that the WPA keys' values are checked whatever
/// the order of the SETs; what depends on other lines (a port before its
/// server, a missing SSID) is checked by [`parse_with_interfaces`] when
/// the interface starts. The error names the key.
pub fn check_line(key: &str, value: &str) -> Result<(), String> {
    read(Path::new(""), &format!("wpa=2\n{key}={value}\n"))
        .map(drop)
        .map_err(|e| match e {
            // "line 2: key" or "line 2" (the key is then in the message).
            ConfigError::Invalid { key, message, .. } => {
                match key
                    .strip_prefix("line 2")
                    .map(|k| k.trim_start_matches(": "))
                {
                    Some("") => message,
                    Some(k) => format!("{k}: {message}"),
                    None => format!("{key}: {message}"),
                }
            }
            other => other.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CtrlGroup, Group, WpaAuth};
    use roamd_ieee80211::element::{Akm, CipherSuite};

    fn one(text: &str) -> Result<Config, ConfigError> {
        parse(&[(PathBuf::from("ap.conf"), text.to_string())])
    }

    fn error(text: &str) -> String {
        one(text).expect_err("refused").to_string()
    }

    const BASE: &str = "interface=wlan0\nssid=x\nchannel=1\n";

    #[test]
    fn every_key_of_the_table_is_read_and_no_other() {
        for key in KEYS.iter().chain(IGNORED) {
            let e = one(&format!("{BASE}wpa=2\n{key}=x\n"))
                .err()
                .map(|e| e.to_string());
            assert!(
                !e.as_deref().unwrap_or("").contains(&unknown_key(key)),
                "{key} is in the table but not read: {e:?}"
            );
        }
        assert_eq!(
            error(&format!("{BASE}wps_state=2\n")),
            "ap.conf: line 4: wps_state: not a hostapd.conf key roamd supports"
        );
        assert!(is_known("wmm_ac_vo_cwmin"));
        for key in WPA_ONLY.iter().chain(RADIO_KEYS) {
            assert!(KEYS.contains(key), "{key} is read but not in KEYS");
        }
    }

    #[test]
    fn one_set_line_is_checked_with_its_key_named() {
        assert_eq!(check_line("ssid", "lab"), Ok(()));
        assert_eq!(check_line("wpa_key_mgmt", "WPA-PSK"), Ok(()));
        assert_eq!(
            check_line("channel", "six"),
            Err("channel: \"six\" is not a number".into())
        );
        assert_eq!(
            check_line("wps_state", "2"),
            Err("wps_state: not a hostapd.conf key roamd supports".into())
        );
        assert!(check_line("wpa", "1").expect_err("WPA1").contains("wpa"));
        assert!(check_line("wpa_key_mgmt", "WPA-FOO")
            .expect_err("unknown AKM")
            .starts_with("wpa_key_mgmt: WPA-FOO is not supported"));
    }

    #[test]
    fn sae_keys_are_read_as_hostapd_means_them() {
        let c = one(&format!(
            "{BASE}wpa=2\nwpa_key_mgmt=SAE FT-SAE\nmobility_domain=a1b2\nnas_identifier=ap0\n\
             sae_password=first secret\nsae_password=alice's|id=alice|mac=02:00:00:00:02:00\n\
             sae_pwe=2\nsae_groups=20 19\nsae_anti_clogging_threshold=3\nsae_require_mfp=1\n\
             ieee80211w=2\n"
        ))
        .expect("valid");
        let bss = &c.radios[0].bss[0];
        assert_eq!(bss.security, Security::Wpa3Sae);
        let wpa = bss.wpa.as_ref().expect("rsn");
        assert_eq!(wpa.key_mgmt, vec![Akm::Sae, Akm::FtSae]);
        assert_eq!(wpa.pmf, Pmf::Required);
        let sae = wpa.sae.as_ref().expect("sae");
        assert_eq!(sae.pwe, PweMode::Both);
        assert_eq!(sae.groups, vec![Group::P384, Group::P256]);
        assert_eq!(sae.anti_clogging_threshold, 3);
        assert_eq!(sae.passwords.len(), 2);
        assert_eq!(sae.passwords[0].password.as_bytes(), b"first secret");
        assert_eq!(sae.passwords[1].identifier.as_deref(), Some(&b"alice"[..]));
        assert_eq!(sae.passwords[1].peer, Some(MacAddr([2, 0, 0, 0, 2, 0])));

        // Transition mode: the passphrase is the PSK and the SAE password;
        // PMF is offered unless set.
        let c = one(&format!(
            "{BASE}wpa=2\nwpa_key_mgmt=WPA-PSK SAE\nwpa_passphrase=correct horse\n"
        ))
        .expect("valid");
        let bss = &c.radios[0].bss[0];
        assert_eq!(bss.security, Security::Wpa2Wpa3);
        let wpa = bss.wpa.as_ref().expect("rsn");
        assert_eq!(wpa.pmf, Pmf::Optional);
        assert!(matches!(wpa.auth, WpaAuth::Psk { psk: Some(_), .. }));
        let sae = wpa.sae.as_ref().expect("sae");
        assert_eq!(sae.passwords[0].password.as_bytes(), b"correct horse");
        assert_eq!(sae.groups, vec![Group::P256]);
        assert_eq!(sae.pwe, PweMode::HuntingAndPecking);
    }

    #[test]
    fn thresholds_are_left_to_the_radio_and_wmm_parameters_ignored() {
        let c = one(&format!(
            "{BASE}rts_threshold=-1\nfragm_threshold=-1\nwmm_ac_be_aifs=3\n"
        ))
        .expect("valid");
        assert_eq!(c.radios[0].bss[0].security, Security::Open);
        assert_eq!(
            error(&format!("{BASE}rts_threshold=500\n")),
            "ap.conf: line 4: rts_threshold: \"500\": only -1 (the radio's own setting) is \
             supported"
        );
    }

    #[test]
    fn sae_errors_name_the_line() {
        let sae = format!("{BASE}wpa=2\nwpa_key_mgmt=SAE\nwpa_passphrase=correct horse\n");
        assert_eq!(
            error(&format!("{sae}sae_pwe=4\n")),
            "ap.conf: line 7: sae_pwe: \"4\": expected 0 (hunting-and-pecking), 1 \
             (hash-to-element) or 2 (both)"
        );
        assert_eq!(
            error(&format!("{sae}sae_groups=19 22\n")),
            "ap.conf: line 7: sae_groups: group 22 is not supported (19: P-256, 20: P-384, 21: P-521)"
        );
        assert_eq!(
            error(&format!("{sae}sae_password=x|vlanid=3\n")),
            "ap.conf: line 7: sae_password: vlanid= is not supported"
        );
        assert_eq!(
            error(&format!("{sae}ieee80211w=0\n")),
            "ap.conf: line 7: ieee80211w: SAE needs management frame protection: \"required\" \
             (or \"optional\" in transition mode)"
        );
        assert_eq!(
            error(&format!("{BASE}wpa=2\nwpa_key_mgmt=SAE\n")),
            "ap.conf: wpa_passphrase: SAE needs passphrase or sae.passwords"
        );
    }

    #[test]
    fn the_reference_psk_config_is_read() {
        // ../shared/tools/hwsim-scenarios/psk-connect.sh's hostapd.conf.
        let c = one("interface=wlan0\ndriver=nl80211\nctrl_interface=/run/hostapd\nssid=roam-psk\nhw_mode=g\nchannel=1\n\
                     wpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=correct horse battery\nieee80211w=1\n")
            .expect("valid");
        assert_eq!(c.ctrl_interface, Some(PathBuf::from("/run/hostapd")));
        assert_eq!(c.ctrl_interface_group, None);
        let bss = &c.radios[0].bss[0];
        assert_eq!(bss.ssid, b"roam-psk");
        assert_eq!(bss.security, Security::Wpa2Psk);
        assert!(bss.mac_allowed(MacAddr([2, 0, 0, 0, 0, 1])));
        let wpa = bss.wpa.as_ref().expect("wpa");
        assert_eq!(wpa.pmf, Pmf::Optional);
        assert_eq!(wpa.key_mgmt, vec![Akm::Psk]);
        assert_eq!(wpa.pairwise, vec![CipherSuite::Ccmp128]);
        let expected = roamd_wpa::psk::psk_from_passphrase(b"correct horse battery", b"roam-psk")
            .expect("psk");
        assert!(matches!(&wpa.auth, WpaAuth::Psk { psk: Some(p), .. } if *p == expected));
    }

    /// traces/ft-psk/ap0.conf without its line 2, `bridge=br0` (see
    /// [`the_reference_bridge_is_read`]).
    const FT_PSK: &str = "interface=wlan0\ndriver=nl80211\nctrl_interface=/run/hostapd\nssid=roam-ft\n\
        hw_mode=g\nchannel=1\nwpa=2\nrsn_pairwise=CCMP\nmobility_domain=a1b2\n\
        nas_identifier=ap0.example.net\nr1_key_holder=020000000000\nft_over_ds=1\npmk_r1_push=0\n\
        r0kh=02:00:00:00:01:00 ap1.example.net 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n\
        r1kh=02:00:00:00:01:00 02:00:00:00:01:00 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n\
        wpa_key_mgmt=FT-PSK WPA-PSK\nwpa_passphrase=correct horse battery\n";

    #[test]
    fn the_reference_ft_psk_config_is_read() {
        let c = one(FT_PSK).expect("valid");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("wpa");
        assert_eq!(wpa.key_mgmt, vec![Akm::FtPsk, Akm::Psk]);
        let ft = wpa.ft.as_ref().expect("ft");
        assert_eq!(ft.mobility_domain, [0xa1, 0xb2]);
        assert_eq!(ft.r0kh_id, b"ap0.example.net");
        assert_eq!(ft.r1kh_id, Some(MacAddr([2, 0, 0, 0, 0, 0])));
        assert!(ft.over_ds && !ft.push && !ft.psk_generate_local);
        assert_eq!(ft.reassociation_deadline_tu, 1000);
        assert_eq!(
            ft.r0_key_lifetime,
            std::time::Duration::from_secs(1_209_600)
        );
        assert_eq!(ft.r0kh.len(), 1);
        assert_eq!(ft.r0kh[0].id, b"ap1.example.net");
        assert_eq!(ft.r1kh[0].id, MacAddr([2, 0, 0, 0, 1, 0]));
    }

    /// The trace's file as it is, with `bridge=` on line 2.
    fn ft_psk_bridged(bridge: &str) -> String {
        FT_PSK.replacen(
            "interface=wlan0\n",
            &format!("interface=wlan0\nbridge={bridge}\n"),
            1,
        )
    }

    #[test]
    fn the_reference_bridge_is_read() {
        let c = one(&ft_psk_bridged("br0")).expect("valid");
        assert_eq!(c.radios[0].bss[0].bridge.as_deref(), Some("br0"));
        assert_eq!(one(FT_PSK).expect("valid").radios[0].bss[0].bridge, None);
        // Open networks are bridged too (the data path, not only 802.11r).
        let open = one(&format!("{BASE}bridge=br-lan\n")).expect("valid");
        assert_eq!(open.radios[0].bss[0].bridge.as_deref(), Some("br-lan"));
    }

    #[test]
    fn a_bad_bridge_name_names_the_line() {
        assert_eq!(
            error(&ft_psk_bridged("br/0")),
            "ap.conf: line 2: bridge: \"br/0\" is not an interface name (no '/', ':', spaces, \".\" or \"..\")"
        );
        assert_eq!(
            error(&ft_psk_bridged("a-bridge-too-long")),
            "ap.conf: line 2: bridge: must be an interface name of 1..=15 characters"
        );
        assert_eq!(
            error(&ft_psk_bridged("")),
            "ap.conf: line 2: bridge: must be an interface name of 1..=15 characters"
        );
        assert_eq!(
            error(&ft_psk_bridged("wlan0")),
            "ap.conf: line 2: bridge: \"wlan0\" is an AP interface (line 1: interface), not a bridge"
        );
    }

    #[test]
    fn ft_errors_name_the_line() {
        let without_md = FT_PSK.replace("mobility_domain=a1b2\n", "");
        assert_eq!(
            error(&without_md),
            "ap.conf: mobility_domain: is required with FT (four hex digits, e.g. \"a1b2\")"
        );
        let bad_md = FT_PSK.replace("mobility_domain=a1b2", "mobility_domain=a1b");
        assert!(
            error(&bad_md).starts_with("ap.conf: line 9: mobility_domain: must be four hex digits")
        );
        let bad_r0kh = FT_PSK.replace("ap1.example.net 0001", "ap1.example.net zz01");
        assert!(
            error(&bad_r0kh).starts_with("ap.conf: line 14: r0kh: "),
            "{}",
            error(&bad_r0kh)
        );
        let eap = FT_PSK.replace("FT-PSK WPA-PSK", "FT-EAP").replace(
            "wpa_passphrase=correct horse battery\n",
            "ieee8021x=1\nauth_server_addr=127.0.0.1\nauth_server_shared_secret=s\n",
        );
        let eap = one(&eap).expect("FT-EAP is accepted");
        let wpa = eap.radios[0].bss[0].wpa.as_ref().expect("wpa");
        assert_eq!(wpa.key_mgmt, vec![Akm::FtIeee8021x]);
        assert!(wpa.ft.is_some());
        // FT-802.1X-SHA384 is an FT AKM too: it needs the mobility domain.
        let sha384 = FT_PSK
            .replace("FT-PSK WPA-PSK", "FT-EAP-SHA384 FT-EAP")
            .replace(
                "wpa_passphrase=correct horse battery\n",
                "ieee8021x=1\nauth_server_addr=127.0.0.1\nauth_server_shared_secret=s\n",
            );
        let c = one(&sha384).expect("FT-EAP-SHA384 is accepted");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("wpa");
        assert_eq!(wpa.key_mgmt, vec![Akm::FtIeee8021xSha384, Akm::FtIeee8021x]);
        assert!(wpa.ft.is_some());
        let without_md = sha384.replace("mobility_domain=a1b2\n", "");
        assert_eq!(
            error(&without_md),
            "ap.conf: mobility_domain: is required with FT (four hex digits, e.g. \"a1b2\")"
        );
        assert!(
            error(&sha384.replace("FT-EAP-SHA384 FT-EAP", "FT-EAP-SHA384 WPA-PSK"))
                .contains("wpa-psk does not match"),
            "a PSK AKM beside it is refused"
        );
        let no_ft_akm = FT_PSK.replace("FT-PSK WPA-PSK", "WPA-PSK");
        assert!(
            error(&no_ft_akm).contains("must offer ft-psk, ft-eap, ft-eap-sha384 or ft-sae"),
            "{}",
            error(&no_ft_akm)
        );
        // Minutes in the deprecated key, seconds in its successor.
        let minutes = one(&format!("{FT_PSK}r0_key_lifetime=10\n")).expect("valid");
        let ft = minutes.radios[0].bss[0]
            .wpa
            .as_ref()
            .and_then(|w| w.ft.as_ref())
            .expect("ft");
        assert_eq!(ft.r0_key_lifetime, std::time::Duration::from_secs(600));
    }

    #[test]
    fn radius_das_keys() {
        const EAP: &str = "interface=wlan1\nssid=roam-eap\nhw_mode=g\nchannel=1\nieee8021x=1\n\
            auth_server_addr=127.0.0.1\nauth_server_shared_secret=s\nwpa=2\nwpa_key_mgmt=WPA-EAP\n";
        let das = |c: &Config| match &c.radios[0].bss[0].wpa.as_ref().expect("wpa").auth {
            WpaAuth::Eap(eap) => eap.das.clone(),
            _ => panic!("not EAP"),
        };
        let c = one(&format!(
            "{EAP}radius_das_port=3799\nradius_das_client=127.0.0.1 a secret\n\
             radius_das_time_window=60\nradius_das_require_event_timestamp=1\n\
             radius_das_require_message_authenticator=1\n"
        ))
        .expect("valid");
        let d = das(&c).expect("DAS on");
        assert_eq!(d.listen.to_string(), "0.0.0.0:3799");
        assert_eq!(d.clients.len(), 1);
        assert_eq!(d.clients[0].addr.to_string(), "127.0.0.1");
        assert_eq!(d.clients[0].secret.expose(), b"a secret");
        assert_eq!(d.policy.time_window, 60);
        assert!(d.policy.require_event_timestamp && d.policy.require_message_authenticator);
        // hostapd: no radius_das_port, no DAS.
        let off = one(&format!("{EAP}radius_das_client=0.0.0.0 s\n")).expect("valid");
        assert_eq!(das(&off), None);
        let on = |client: &str| format!("{EAP}radius_das_port=3799\nradius_das_client={client}\n");
        assert_eq!(
            error(&on("127.0.0.1")),
            "ap.conf: line 11: radius_das_client: expected \"<IP> <secret>\""
        );
        assert_eq!(
            error(&on("host s")),
            "ap.conf: line 11: radius_das_client: \"host\" is not an IP address"
        );
        assert!(error(&format!("{EAP}radius_das_port=x\n"))
            .starts_with("ap.conf: line 10: radius_das_port: "));
        assert_eq!(
            error(&format!(
                "{EAP}radius_das_port=70000\nradius_das_client=0.0.0.0 s\n"
            )),
            "ap.conf: line 10: radius_das_port: must be at most 65535"
        );
        assert_eq!(
            error(&format!("{EAP}radius_das_port=3799\n")),
            "ap.conf: radius_das_client: the DAS needs a client (\"<IP> <secret>\")"
        );
    }

    #[test]
    fn the_reference_eap_okc_config_is_read() {
        let c = one("interface=wlan1\ndriver=nl80211\nssid=roam-eap\nhw_mode=g\nchannel=1\nieee8021x=1\n\
                     auth_server_addr=127.0.0.1\nauth_server_port=1812\nauth_server_shared_secret=testing123\n\
                     acct_server_addr=127.0.0.1\nacct_server_shared_secret=testing123\nnas_identifier=ap1\n\
                     radius_client_addr=127.0.0.2\n\
                     wpa=2\nwpa_key_mgmt=WPA-EAP\nrsn_pairwise=CCMP\nokc=1\n")
            .expect("valid");
        assert_eq!(c.ctrl_interface, None);
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("wpa");
        let WpaAuth::Eap(eap) = &wpa.auth else {
            panic!("not EAP")
        };
        assert_eq!(eap.cache.mode, CacheMode::Okc);
        assert_eq!(eap.auth_servers[0].addr.to_string(), "127.0.0.1:1812");
        assert_eq!(eap.acct_servers[0].addr.to_string(), "127.0.0.1:1813");
        assert_eq!(eap.nas_identifier.as_deref(), Some("ap1"));
        assert_eq!(eap.radius_client_addr, Some("127.0.0.2".parse().unwrap()));
    }

    #[test]
    fn radius_servers_over_ipv6_keep_their_port() {
        let c = one(&format!(
            "{BASE}wpa=2\nieee8021x=1\nauth_server_addr=::1\nauth_server_port=1645\nauth_server_shared_secret=s\n"
        ))
        .expect("valid");
        let WpaAuth::Eap(eap) = &c.radios[0].bss[0].wpa.as_ref().expect("wpa").auth else {
            panic!("not EAP")
        };
        assert_eq!(eap.auth_servers[0].addr.to_string(), "[::1]:1645");
        let e = error(&format!(
            "{BASE}wpa=2\nieee8021x=1\nauth_server_addr=127.0.0.1\n"
        ));
        assert_eq!(
            e,
            "ap.conf: line 6: auth_server_shared_secret: a shared secret is required"
        );
    }

    #[test]
    fn open_network_and_ssid2() {
        let c = one("interface=wlan0\nssid2=\"lab net\"\nchannel=6\nignore_broadcast_ssid=1\nlogger_syslog=-1\n").expect("valid");
        assert_eq!(c.radios[0].bss[0].ssid, b"lab net");
        assert!(c.radios[0].bss[0].hidden);
        assert_eq!(c.radios[0].bss[0].security, Security::Open);
        assert_eq!(
            one("interface=wlan0\nssid2=6c6162\nchannel=6\n")
                .expect("hex")
                .radios[0]
                .bss[0]
                .ssid,
            b"lab"
        );
    }

    #[test]
    fn without_wpa_2_the_wpa_keys_do_not_apply_as_in_hostapd() {
        let c = one(&format!("{BASE}wpa_passphrase=correct horse\nwpa=0\n")).expect("valid");
        assert_eq!(c.radios[0].bss[0].security, Security::Open);
        assert_eq!(c.radios[0].bss[0].wpa, None);
    }

    #[test]
    fn wpa_1_and_dynamic_wep_are_refused_not_run_open() {
        assert_eq!(
            error(&format!("{BASE}wpa=1\nwpa_passphrase=correct horse\n")),
            "ap.conf: line 4: wpa: 1 (WPA version 1) is not supported; use wpa=2 (WPA2)"
        );
        assert_eq!(
            error(&format!("{BASE}ieee8021x=1\n")),
            "ap.conf: line 4: ieee8021x: IEEE 802.1X without wpa=2 (dynamic WEP) is not supported"
        );
        let c = one(&format!("{BASE}wpa=3\nwpa_passphrase=correct horse\n")).expect("valid");
        assert_eq!(c.radios[0].bss[0].security, Security::Wpa2Psk);
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_hostapd_key() {
        assert_eq!(
            error(&format!("{BASE}frobnicate=1\n")),
            "ap.conf: line 4: frobnicate: not a hostapd.conf key roamd supports"
        );
        let e = error(&format!("{BASE}wpa=2\nwpa_passphrase=short\n"));
        assert!(e.starts_with("ap.conf: line 5: wpa_passphrase: "), "{e}");
        assert!(!e.contains("short"), "{e}");
        assert_eq!(
            error(&format!("{BASE}driver=wired\n")),
            "ap.conf: line 4: driver=wired: roamd drives nl80211 only"
        );
        assert_eq!(error("ssid=x\nchannel=1\n"), "ap.conf: interface: required");
        assert_eq!(
            error(&format!("{BASE}wpa=2\nauth_server_port=1812\n")),
            "ap.conf: line 5: auth_server_port before its *_server_addr"
        );
        assert_eq!(
            error("interface=wlan0\nssid=x\nchannel=40\n"),
            "ap.conf: line 3: channel: channel 40 is not valid for hw_mode G"
        );
        assert_eq!(
            error("interface=wlan0\nssid=x\nchannel=six\n"),
            "ap.conf: line 3: channel: \"six\" is not a number"
        );
        assert_eq!(
            error(&format!("{BASE}wpa=2\nwpa_key_mgmt=WPA-PSK SAE-EXT-KEY\nwpa_passphrase=correct horse\n")),
            "ap.conf: line 5: wpa_key_mgmt: SAE-EXT-KEY is not supported (WPA-PSK, WPA-PSK-SHA256, \
             WPA-EAP, WPA-EAP-SHA256, FT-PSK, FT-EAP, FT-EAP-SHA384, SAE, FT-SAE)"
        );
        assert_eq!(
            error(&format!(
                "{BASE}wpa=2\nrsn_pairwise=TKIP\nwpa_passphrase=correct horse\n"
            )),
            "ap.conf: line 5: rsn_pairwise: TKIP is not supported (CCMP, GCMP, GCMP-256, CCMP-256)"
        );
        assert_eq!(
            error(&format!("{BASE}max_num_sta=0\n")),
            "ap.conf: line 4: max_num_sta: must be 1..=2007 (the AID range)"
        );
    }

    #[test]
    fn two_files_are_two_radios() {
        let c = parse(&[
            (
                PathBuf::from("a.conf"),
                "interface=wlan0\nssid=one\nchannel=1\n".into(),
            ),
            (
                PathBuf::from("b.conf"),
                "interface=wlan1\nssid=two\nchannel=6\n".into(),
            ),
        ])
        .expect("valid");
        assert_eq!(c.radios.len(), 2);
        assert_eq!(c.radios[1].freq_mhz, 2437);
        let e = parse(&[
            (PathBuf::from("a.conf"), BASE.into()),
            (
                PathBuf::from("b.conf"),
                format!("ssid=y\nchannel=6\n{BASE}"),
            ),
        ])
        .expect_err("same interface")
        .to_string();
        assert_eq!(
            e,
            "b.conf: line 3: interface: \"wlan0\" is already used by a.conf: line 1: interface"
        );
        let e = parse(&[
            (PathBuf::from("a.conf"), BASE.into()),
            (
                PathBuf::from("b.conf"),
                "interface=wlan1\nssid=\nchannel=6\n".into(),
            ),
        ])
        .expect_err("empty ssid")
        .to_string();
        assert_eq!(e, "b.conf: line 2: ssid: must be 1..=32 bytes, is 0");
    }

    #[test]
    fn interfaces_from_the_command_line_replace_the_files_own() {
        let files = [
            (PathBuf::from("a.conf"), BASE.to_string()),
            (PathBuf::from("b.conf"), "ssid=y\nchannel=6\n".to_string()),
        ];
        let names = ["wlan3".to_string(), "wlan4".to_string()];
        let c = parse_with_interfaces(&files, &names).expect("valid");
        assert_eq!(c.radios[0].interface, "wlan3");
        assert_eq!(c.radios[1].interface, "wlan4");
        // A name -i gives is checked as the file's own would be.
        let e = parse_with_interfaces(&files, &["wlan3".into(), "wlan3".into()])
            .expect_err("same interface")
            .to_string();
        assert_eq!(
            e,
            "b.conf: interface: \"wlan3\" is already used by a.conf: interface"
        );
        let e = parse_with_interfaces(&files, &["wlan/3".into(), "wlan4".into()])
            .expect_err("bad name")
            .to_string();
        assert!(
            e.starts_with("a.conf: interface: \"wlan/3\" is not an interface name"),
            "{e}"
        );
    }

    fn list_file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        file
    }

    const STATION: MacAddr = MacAddr([2, 0, 0, 0, 0, 1]);
    const OTHER: MacAddr = MacAddr([2, 0, 0, 0, 0, 2]);

    #[test]
    fn macaddr_acl_1_admits_only_the_accept_file() {
        let accept = list_file("# staff\n02:00:00:00:00:01\n");
        let c = one(&format!(
            "{BASE}macaddr_acl=1\naccept_mac_file={}\n",
            accept.path().display()
        ))
        .expect("valid");
        let bss = &c.radios[0].bss[0];
        assert_eq!(bss.mac_acl.policy(), MacAclPolicy::DenyUnlessAccepted);
        assert!(bss.mac_allowed(STATION));
        assert!(!bss.mac_allowed(OTHER));
    }

    #[test]
    fn macaddr_acl_0_refuses_only_the_deny_file() {
        let deny = list_file("02:00:00:00:00:02\n");
        let c = one(&format!(
            "{BASE}macaddr_acl=0\ndeny_mac_file={}\n",
            deny.path().display()
        ))
        .expect("valid");
        let bss = &c.radios[0].bss[0];
        assert!(bss.mac_allowed(STATION));
        assert!(!bss.mac_allowed(OTHER));
        // A later file's "-MAC" lifts an earlier file's entry, as in hostapd.
        let lift = list_file("-02:00:00:00:00:02\n");
        let c = one(&format!(
            "{BASE}deny_mac_file={}\ndeny_mac_file={}\n",
            deny.path().display(),
            lift.path().display()
        ))
        .expect("valid");
        assert!(c.radios[0].bss[0].mac_allowed(OTHER));
    }

    #[test]
    fn unsupported_mac_acl_settings_are_refused_with_the_line() {
        assert_eq!(
            error(&format!("{BASE}macaddr_acl=2\n")),
            "ap.conf: line 4: macaddr_acl: 2 (ask a RADIUS server) is not supported; use 0 \
             (accept unless denied) or 1 (deny unless accepted)"
        );
        assert_eq!(
            error(&format!("{BASE}macaddr_acl=yes\n")),
            "ap.conf: line 4: macaddr_acl: \"yes\": expected 0 (accept unless denied) or 1 (deny unless accepted)"
        );
        let vlan = list_file("02:00:00:00:00:01\n02:00:00:00:00:02 20\n");
        let e = error(&format!(
            "{BASE}macaddr_acl=1\naccept_mac_file={}\n",
            vlan.path().display()
        ));
        assert_eq!(
            e,
            format!(
                "ap.conf: line 5: accept_mac_file: {} line 2: VLAN id 20: per-station VLANs are \
                 not supported (leave it out or use 0)",
                vlan.path().display()
            )
        );
        let e = error(&format!("{BASE}deny_mac_file=/nonexistent/deny\n"));
        assert!(
            e.starts_with("ap.conf: line 4: deny_mac_file: /nonexistent/deny: cannot read: "),
            "{e}"
        );
    }

    #[test]
    fn ctrl_interface_group_is_kept_by_name_or_number() {
        let c = one(&format!(
            "ctrl_interface=/run/hostapd\nctrl_interface_group=netdev\n{BASE}"
        ))
        .expect("valid");
        assert_eq!(
            c.ctrl_interface_group,
            Some(CtrlGroup::Name("netdev".into()))
        );
        let c = one(&format!(
            "ctrl_interface=DIR=/run/hostapd GROUP=100\n{BASE}"
        ))
        .expect("valid");
        assert_eq!(c.ctrl_interface, Some(PathBuf::from("/run/hostapd")));
        assert_eq!(c.ctrl_interface_group, Some(CtrlGroup::Id(100)));
        assert_eq!(
            error(&format!(
                "ctrl_interface=/run/hostapd\nctrl_interface_group=wheel:x\n{BASE}"
            )),
            "ap.conf: line 2: ctrl_interface_group: \"wheel:x\" is not a group name or number"
        );
        let e = parse(&[
            (
                PathBuf::from("a.conf"),
                format!("ctrl_interface=/run/hostapd\nctrl_interface_group=netdev\n{BASE}"),
            ),
            (
                PathBuf::from("b.conf"),
                "ctrl_interface_group=wheel\ninterface=wlan1\nssid=y\nchannel=6\n".into(),
            ),
        ])
        .expect_err("two groups")
        .to_string();
        assert_eq!(
            e,
            "b.conf: line 1: ctrl_interface_group: group \"wheel\" differs from \"netdev\" \
             (a.conf: line 2: ctrl_interface_group); the control sockets have one group"
        );
    }

    #[test]
    fn country_code_and_ieee80211d_are_typed() {
        let c = one(&format!("{BASE}country_code=DE\nieee80211d=1\n")).expect("valid");
        let radio = &c.radios[0];
        assert_eq!(
            (radio.country, radio.advertise_country),
            (Some(*b"DE"), true)
        );
        assert_eq!(radio.country_environment, b' ');
        // country3 is hex, with or without 0x, as hostapd's strtol reads it.
        for value in ["0x49", "49"] {
            let c = one(&format!(
                "{BASE}country_code=DE\nieee80211d=1\ncountry3={value}\n"
            ))
            .expect("valid");
            assert_eq!(c.radios[0].country_environment, b'I');
        }
        assert_eq!(
            error(&format!("{BASE}country3=0x4x\n")),
            "ap.conf: line 4: country3: \"0x4x\" is not a hex number"
        );
        assert!(error(&format!("{BASE}country3=0x41\n"))
            .starts_with("ap.conf: line 4: country3: 0x41 is not an environment"));
        let c = one(&format!("{BASE}country_code=US\n")).expect("valid");
        assert_eq!(c.radios[0].country, Some(*b"US"));
        assert!(!c.radios[0].advertise_country);
        assert_eq!(
            error(&format!("{BASE}country_code=de\n")),
            "ap.conf: line 4: country_code: \"de\" is not a country code (two capital letters, ISO 3166-1)"
        );
        assert_eq!(
            error(&format!("{BASE}country_code=DEU\n")),
            "ap.conf: line 4: country_code: \"DEU\" is not a country code (two capital letters, ISO 3166-1)"
        );
        assert_eq!(
            error(&format!("{BASE}ieee80211d=1\n")),
            "ap.conf: line 4: ieee80211d: advertising the country (IEEE 802.11d) needs a country code"
        );
    }

    #[test]
    fn auth_algs_must_include_open_system() {
        for ok in ["1", "3"] {
            one(&format!("{BASE}auth_algs={ok}\n")).expect("open system");
        }
        for refused in ["0", "2", "5"] {
            let e = error(&format!("{BASE}auth_algs={refused}\n"));
            assert!(
                e.starts_with(&format!(
                    "ap.conf: line 4: auth_algs: {refused}: roamd authenticates with open system only"
                )),
                "{e}"
            );
        }
        assert_eq!(
            error(&format!("{BASE}auth_algs=open\n")),
            "ap.conf: line 4: auth_algs: \"open\" is not a number"
        );
    }

    /// A WPA2-PSK first BSS (lines 1-7) and a `bss=wlan0_1` section from line 8.
    const TWO_BSS: &str = "interface=wlan0\nctrl_interface=/run/hostapd\nssid=home\nhw_mode=g\n\
        channel=6\nwpa=2\nwpa_passphrase=correct horse battery\n\
        bss=wlan0_1\nssid=guest\n";

    #[test]
    fn a_bss_section_is_a_second_bss_with_hostapd_defaults() {
        let c = one(TWO_BSS).expect("valid");
        assert_eq!(c.radios.len(), 1);
        let radio = &c.radios[0];
        assert_eq!(radio.interface, "wlan0");
        assert_eq!(radio.freq_mhz, 2437);
        assert_eq!(radio.bss.len(), 2);
        assert_eq!(radio.bss[0].ssid, b"home");
        assert_eq!(radio.bss[0].interface, None);
        assert_eq!(radio.bss[0].security, Security::Wpa2Psk);
        // Nothing is inherited: without its own wpa=2 the section is open.
        let guest = &radio.bss[1];
        assert_eq!(guest.ssid, b"guest");
        assert_eq!(guest.interface.as_deref(), Some("wlan0_1"));
        assert_eq!(guest.bssid, None);
        assert_eq!(guest.security, Security::Open);
        assert_eq!(guest.wpa, None);
        assert_eq!(c.ctrl_interface, Some(PathBuf::from("/run/hostapd")));
    }

    #[test]
    fn three_bss_sections_with_their_own_security_and_bssid() {
        let c = one(&format!(
            "{TWO_BSS}max_num_sta=10\nbss=wlan0_2\nbssid=02:00:00:00:00:42\nssid=iot\nwpa=2\n\
             wpa_key_mgmt=SAE\nsae_password=iot secret\nieee80211w=2\nignore_broadcast_ssid=1\n\
             wpa_psk_file=/nonexistent\nwpa=0\n\
             bss=wlan0_3\nssid=psk2\nwpa=2\nwpa_psk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
        ))
        .expect("valid");
        let bss = &c.radios[0].bss;
        assert_eq!(bss.len(), 4);
        assert_eq!(bss[1].max_stations, 10);
        assert_eq!(bss[0].max_stations, 2007);
        // The last wpa= of a section decides, as in hostapd: the WPA keys
        // of wlan0_2 do not apply, whatever the other sections say.
        assert_eq!(bss[2].interface.as_deref(), Some("wlan0_2"));
        assert_eq!(bss[2].bssid, Some(MacAddr([2, 0, 0, 0, 0, 0x42])));
        assert_eq!(bss[2].security, Security::Open);
        assert!(bss[2].hidden);
        assert!(!bss[0].hidden && !bss[1].hidden && !bss[3].hidden);
        assert_eq!(bss[3].interface.as_deref(), Some("wlan0_3"));
        assert_eq!(bss[3].security, Security::Wpa2Psk);
        // And with wpa=2 there, the same SAE keys apply to that BSS only.
        let sae = one(&format!(
            "{TWO_BSS}bss=wlan0_2\nssid=iot\nwpa=2\nwpa_key_mgmt=SAE\nsae_password=iot secret\n"
        ))
        .expect("valid");
        let bss = &sae.radios[0].bss;
        assert_eq!(bss[2].security, Security::Wpa3Sae);
        assert_eq!(bss[2].wpa.as_ref().expect("rsn").pmf, Pmf::Required);
        assert_eq!(bss[0].security, Security::Wpa2Psk);
        assert!(bss[0].wpa.as_ref().expect("rsn").sae.is_none());
    }

    #[test]
    fn errors_name_the_line_in_the_right_section() {
        // The same key, bad in the second section only.
        assert_eq!(
            error(&format!("{TWO_BSS}max_num_sta=0\n")),
            "ap.conf: line 10: max_num_sta: must be 1..=2007 (the AID range)"
        );
        let e = error(&format!("{TWO_BSS}wpa=2\nwpa_passphrase=short\n"));
        assert!(e.starts_with("ap.conf: line 11: wpa_passphrase: "), "{e}");
        assert!(!e.contains("short"), "{e}");
        // The first BSS's passphrase is not the second's: what the section
        // lacks is named after its bss= line.
        assert_eq!(
            error(&format!("{TWO_BSS}wpa=2\n")),
            "ap.conf: bss=wlan0_1 (line 8): wpa_passphrase: wpa2-psk needs passphrase, psk or \
             a non-empty wpa_psk_file"
        );
        assert_eq!(
            error(&TWO_BSS.replace("ssid=guest\n", "")),
            "ap.conf: bss=wlan0_1 (line 8): ssid: required"
        );
        assert_eq!(
            error(&format!("{TWO_BSS}wpa=1\n")),
            "ap.conf: line 10: wpa: 1 (WPA version 1) is not supported; use wpa=2 (WPA2)"
        );
        assert_eq!(
            error(&format!("{TWO_BSS}ieee8021x=1\n")),
            "ap.conf: line 10: ieee8021x: IEEE 802.1X without wpa=2 (dynamic WEP) is not supported"
        );
        // A bad key in the first BSS still names its own line.
        assert_eq!(
            error(&TWO_BSS.replace("ssid=home\n", "ssid=home\nmax_num_sta=0\n")),
            "ap.conf: line 4: max_num_sta: must be 1..=2007 (the AID range)"
        );
        // The interface of a section is its bss= line.
        assert_eq!(
            error(&TWO_BSS.replace("bss=wlan0_1", "bss=wlan0")),
            "ap.conf: line 8: bss: \"wlan0\" is already used by line 1: interface"
        );
        assert_eq!(
            error(&TWO_BSS.replace("bss=wlan0_1", "bss=")),
            "ap.conf: line 8: bss: must be an interface name of 1..=15 characters"
        );
        assert_eq!(
            error(&format!("{TWO_BSS}bss=wlan0_1\nssid=x\n")),
            "ap.conf: line 10: bss: \"wlan0_1\" is already used by line 8: bss"
        );
        assert_eq!(
            error(&format!("{TWO_BSS}bridge=wlan0_1\n")),
            "ap.conf: line 10: bridge: \"wlan0_1\" is an AP interface (line 8: bss), not a bridge"
        );
    }

    #[test]
    fn a_radio_key_in_a_bss_section_sets_the_radio_as_in_hostapd() {
        // hostapd's channel is the radio's (conf->channel) wherever it is set.
        let c = one(&format!("{TWO_BSS}channel=11\n")).expect("valid");
        assert_eq!(c.radios[0].channel, 11);
        assert_eq!(c.radios[0].freq_mhz, 2462);
        assert_eq!(
            error(&format!("{TWO_BSS}channel=40\n")),
            "ap.conf: line 10: channel: channel 40 is not valid for hw_mode G"
        );
        // interface= names the first BSS's (the radio's) interface even here.
        let c = one(&format!("{TWO_BSS}interface=wlan5\n")).expect("valid");
        assert_eq!(c.radios[0].interface, "wlan5");
        assert_eq!(c.radios[0].bss[1].interface.as_deref(), Some("wlan0_1"));
    }

    #[test]
    fn dtim_period_is_per_bss_in_hostapd_and_must_agree() {
        let both = format!("{TWO_BSS}dtim_period=3\n")
            .replace("channel=6\n", "channel=6\ndtim_period=3\n");
        assert_eq!(one(&both).expect("valid").radios[0].dtim_period, 3);
        assert_eq!(
            error(&format!("{TWO_BSS}dtim_period=3\n")),
            "ap.conf: line 10: dtim_period: 3 here, 2 in the first BSS: roamd's BSSes on one \
             radio share one DTIM period (hostapd's default, 2, applies to each BSS that does \
             not set it)"
        );
        // Set in the first BSS only: the section keeps hostapd's default.
        assert_eq!(
            error(&TWO_BSS.replace("channel=6\n", "channel=6\ndtim_period=1\n")),
            "ap.conf: line 6: dtim_period: 1 here, 2 in bss=wlan0_1 (line 9): roamd's BSSes on \
             one radio share one DTIM period (hostapd's default, 2, applies to each BSS that \
             does not set it)"
        );
        assert_eq!(
            error(&format!("{BASE}dtim_period=0\n")),
            "ap.conf: line 4: dtim_period: must be 1..=255"
        );
    }

    #[test]
    fn bssid_is_for_bss_sections() {
        assert_eq!(
            error(&format!("{TWO_BSS}bssid=02:00:00:00:00:zz\n")),
            "ap.conf: line 10: bssid: \"02:00:00:00:00:zz\" is not a MAC address"
        );
        assert_eq!(
            error(&format!("{BASE}bssid=02:00:00:00:00:01\n")),
            "ap.conf: line 4: bssid: the first BSS uses the radio's own address"
        );
    }

    #[test]
    fn at_most_max_bss_per_radio_sections() {
        let mut text = BASE.to_string();
        for b in 1..MAX_BSS_PER_RADIO {
            text.push_str(&format!("bss=wlan0_{b}\nssid=s{b}\n"));
        }
        let c = one(&text).expect("valid");
        assert_eq!(c.radios[0].bss.len(), MAX_BSS_PER_RADIO);
        let line = text.lines().count() + 1;
        text.push_str("bss=wlan0_x\nssid=one too many\n");
        assert_eq!(
            error(&text),
            format!("ap.conf: line {line}: bss: at most {MAX_BSS_PER_RADIO} BSSes per radio")
        );
    }

    #[test]
    fn per_bss_control_sockets_share_one_directory_and_group() {
        // hostapd: DIR/IFNAME per BSS; roamd: one DIR for every BSS.
        let c = one(&format!(
            "{TWO_BSS}ctrl_interface=/run/hostapd\nctrl_interface_group=0\n"
        ))
        .expect("valid");
        assert_eq!(c.ctrl_interface, Some(PathBuf::from("/run/hostapd")));
        assert_eq!(c.ctrl_interface_group, Some(CtrlGroup::Id(0)));
        assert_eq!(
            error(&format!("{TWO_BSS}ctrl_interface=/run/other\n")),
            "ap.conf: line 10: ctrl_interface: directory \"/run/other\" differs from \
             \"/run/hostapd\" (ap.conf: line 2: ctrl_interface); roamd keeps every control \
             socket in one directory"
        );
        assert_eq!(
            error(&format!(
                "ctrl_interface_group=netdev\n{TWO_BSS}ctrl_interface_group=wheel\n"
            )),
            "ap.conf: line 11: ctrl_interface_group: group \"wheel\" differs from \"netdev\" \
             (ap.conf: line 1: ctrl_interface_group); the control sockets have one group"
        );
    }

    #[test]
    fn bss_sections_in_the_second_of_two_files() {
        let files = |second: &str| {
            parse(&[
                (PathBuf::from("a.conf"), TWO_BSS.into()),
                (PathBuf::from("b.conf"), second.into()),
            ])
        };
        let c =
            files("interface=wlan1\nssid=b\nchannel=11\nbss=wlan1_1\nssid=b1\n").expect("valid");
        assert_eq!(c.radios.len(), 2);
        assert_eq!(c.radios[1].bss[1].interface.as_deref(), Some("wlan1_1"));
        assert_eq!(
            files("interface=wlan1\nssid=b\nchannel=11\nbss=wlan1_1\n")
                .expect_err("no ssid")
                .to_string(),
            "b.conf: bss=wlan1_1 (line 4): ssid: required"
        );
        assert_eq!(
            files("interface=wlan1\nssid=b\nchannel=11\nbss=wlan0_1\nssid=b1\n")
                .expect_err("same interface")
                .to_string(),
            "b.conf: line 4: bss: \"wlan0_1\" is already used by a.conf: line 8: bss"
        );
    }

    #[test]
    fn mac_lists_belong_to_their_section() {
        let accept = list_file("02:00:00:00:00:01\n");
        let deny = list_file("02:00:00:00:00:02\n");
        let c = one(&format!(
            "{TWO_BSS}macaddr_acl=1\naccept_mac_file={}\nbss=wlan0_2\nssid=third\n\
             deny_mac_file={}\n",
            accept.path().display(),
            deny.path().display()
        ))
        .expect("valid");
        let bss = &c.radios[0].bss;
        // The first BSS has no list: everyone.
        assert!(bss[0].mac_allowed(STATION) && bss[0].mac_allowed(OTHER));
        // wlan0_1 admits only its accept list.
        assert!(bss[1].mac_allowed(STATION) && !bss[1].mac_allowed(OTHER));
        // wlan0_2 has only its deny list and hostapd's default policy.
        assert!(bss[2].mac_allowed(STATION) && !bss[2].mac_allowed(OTHER));
    }

    #[test]
    fn integrated_servers_are_refused_by_name() {
        assert_eq!(
            error(&format!("{BASE}eap_user_file=/etc/hostapd.eap_user\n")),
            "ap.conf: line 4: eap_user_file: roamd has no integrated EAP server; authenticate \
             through a RADIUS server (ieee8021x=1, auth_server_addr)"
        );
        assert_eq!(
            error(&format!(
                "{BASE}radius_server_clients=/etc/hostapd.radius_clients\n"
            )),
            "ap.conf: line 4: radius_server_clients: roamd has no integrated RADIUS server; run \
             one (e.g. FreeRADIUS) and point auth_server_addr at it"
        );
    }
}
