//! roamd's TOML configuration: parsing and validation.
//!
//! Every error names the file, the key (as a path such as
//! `radio[0].bss[1].ssid`) and what is wrong, and the daemon refuses to start.
//!
//! ```toml
//! [[radio]]
//! interface = "wlan0"
//! channel = 1
//! hw_mode = "g"
//!
//! [[radio.bss]]
//! ssid = "campus"
//! security = "open"
//! ```

pub mod hostapd_conf;
pub mod psk_file;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// A configuration error: the file, the key and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown key or a wrong type.
    #[error("{file}: {message}")]
    Syntax {
        /// The file.
        file: PathBuf,
        /// The TOML parser's message (it names the key, line and column).
        message: String,
    },
    /// A value is out of range or inconsistent.
    #[error("{file}: {key}: {message}")]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Path of the offending key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// Frequency band / PHY mode of a radio, as hostapd's `hw_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HwMode {
    /// 2.4 GHz, 802.11b rates only.
    B,
    /// 2.4 GHz, 802.11g (OFDM + DSSS rates).
    G,
    /// 5 GHz, 802.11a.
    A,
}

/// Security of a BSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Security {
    /// No encryption, open system authentication.
    Open,
    /// WPA2-Personal: RSN with a pre-shared key.
    Wpa2Psk,
    /// WPA2-Enterprise: RSN with IEEE 802.1X, EAP relayed to RADIUS.
    Wpa2Eap,
}

/// Management frame protection (IEEE 802.11w), as hostapd's `ieee80211w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Pmf {
    /// Not offered.
    #[default]
    Disabled,
    /// Offered (MFPC); stations may use it.
    Optional,
    /// Required (MFPR); stations without it are refused.
    Required,
}

/// An AKM (key management) suite a PSK BSS offers, as hostapd's `wpa_key_mgmt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyMgmt {
    /// WPA-PSK (00-0f-ac:2).
    WpaPsk,
    /// WPA-PSK-SHA256 (00-0f-ac:6).
    WpaPskSha256,
    /// WPA-EAP, IEEE 802.1X (00-0f-ac:1).
    WpaEap,
    /// WPA-EAP-SHA256 (00-0f-ac:5).
    WpaEapSha256,
}

impl KeyMgmt {
    fn is_psk(self) -> bool {
        matches!(self, KeyMgmt::WpaPsk | KeyMgmt::WpaPskSha256)
    }
}

/// A pairwise (and group) data cipher, as hostapd's `rsn_pairwise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cipher {
    /// CCMP-128 (00-0f-ac:4), required by WPA2.
    Ccmp,
    /// GCMP-128 (00-0f-ac:8).
    Gcmp,
    /// GCMP-256 (00-0f-ac:9).
    #[serde(rename = "gcmp-256")]
    Gcmp256,
    /// CCMP-256 (00-0f-ac:10).
    #[serde(rename = "ccmp-256")]
    Ccmp256,
}

impl Cipher {
    /// The suite selector, e.g. 0x000fac04.
    pub fn suite(self) -> u32 {
        match self {
            Cipher::Ccmp => 0x000f_ac04,
            Cipher::Gcmp => 0x000f_ac08,
            Cipher::Gcmp256 => 0x000f_ac09,
            Cipher::Ccmp256 => 0x000f_ac0a,
        }
    }
}

/// How a WPA2-Enterprise BSS caches PMKSAs (hostapd: disable_pmksa_caching, okc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CacheMode {
    /// No caching: every (re)association runs EAP.
    None,
    /// PMKSA caching: a PMK is used again only at the BSS that created it.
    #[default]
    Sticky,
    /// Opportunistic key caching: one PMK for every BSS of the cache domain.
    Okc,
}

/// PMKSA cache settings of a BSS (`[radio.bss.cache]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheConfig {
    /// The mode.
    pub mode: CacheMode,
    /// How long an entry lives unless the RADIUS Session-Timeout is shorter.
    pub lifetime: Duration,
    /// Entries per BSS before the least recently used one is evicted.
    pub max_entries: usize,
    /// BSSes with the same domain share PMKs under OKC; by default the SSID
    /// and AKMs (the same ESS, across radios).
    pub domain: Option<String>,
}

impl Default for CacheConfig {
    fn default() -> Self {
        // hostapd: dot11RSNAConfigPMKLifetime 43200 s, pmksa_cache_max_entries 1024.
        CacheConfig {
            mode: CacheMode::Sticky,
            lifetime: Duration::from_secs(43_200),
            max_entries: 1024,
            domain: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCache {
    #[serde(default)]
    mode: CacheMode,
    #[serde(default = "default_cache_lifetime")]
    lifetime: u64,
    #[serde(default = "default_cache_max_entries")]
    max_entries: usize,
    domain: Option<String>,
}

fn default_cache_lifetime() -> u64 {
    43_200
}
fn default_cache_max_entries() -> usize {
    1024
}

/// Where the PMK comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum WpaAuth {
    /// WPA2-PSK.
    Psk {
        /// The PSK every station may use (from `passphrase` or `psk`), if any.
        psk: Option<roamd_wpa::Psk>,
        /// Per-station PSKs from `wpa_psk_file` (hostapd's format); the
        /// wildcard address 00:00:00:00:00:00 matches any station.
        station_psks: Vec<([u8; 6], roamd_wpa::Psk)>,
    },
    /// WPA2-Enterprise.
    Eap(EapConfig),
}

/// A RADIUS server.
#[derive(Debug, Clone, PartialEq)]
pub struct RadiusServer {
    /// Address and port.
    pub addr: std::net::SocketAddr,
    /// Shared secret (never logged).
    pub secret: roamd_radius::SharedSecret,
    /// Drop replies without Message-Authenticator (BlastRADIUS, CVE-2024-3596).
    pub require_message_authenticator: bool,
}

/// 802.1X / RADIUS settings of a WPA2-Enterprise BSS.
#[derive(Debug, Clone, PartialEq)]
pub struct EapConfig {
    /// Authentication servers, primary first.
    pub auth_servers: Vec<RadiusServer>,
    /// Accounting servers, primary first (none: no accounting).
    pub acct_servers: Vec<RadiusServer>,
    /// NAS-Identifier.
    pub nas_identifier: Option<String>,
    /// NAS-IP-Address.
    pub own_ip_addr: Option<std::net::Ipv4Addr>,
    /// Reauthentication period (hostapd's eap_reauth_period); `None` disables it.
    pub reauth_period: Option<Duration>,
    /// Go back to the primary server this long after a failover.
    pub retry_primary_interval: Option<Duration>,
    /// Accounting Interim-Update interval unless the server sets one.
    pub acct_interim_interval: Option<Duration>,
    /// PMKSA caching.
    pub cache: CacheConfig,
    /// First RADIUS retransmission timeout.
    pub radius_timeout: Duration,
    /// Transmissions to one server before failing over.
    pub radius_retries: u32,
}

/// WPA2 settings of a BSS.
#[derive(Debug, Clone, PartialEq)]
pub struct WpaConfig {
    /// PSK or 802.1X.
    pub auth: WpaAuth,
    /// Offered AKMs.
    pub key_mgmt: Vec<KeyMgmt>,
    /// Offered pairwise ciphers, in order of preference.
    pub pairwise: Vec<Cipher>,
    /// Management frame protection.
    pub pmf: Pmf,
    /// GTK rekey interval; `None` disables time-based rekeying.
    pub group_rekey: Option<Duration>,
    /// Rekey the GTK when a station leaves (hostapd's `wpa_strict_rekey`).
    pub rekey_on_leave: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    daemon: RawDaemon,
    #[serde(default)]
    radio: Vec<RawRadio>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDaemon {
    /// Directory of the control sockets (hostapd's ctrl_interface); "" disables them.
    ctrl_interface: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRadio {
    interface: String,
    channel: u32,
    #[serde(default = "default_hw_mode")]
    hw_mode: HwMode,
    #[serde(default = "default_beacon_interval")]
    beacon_interval: u32,
    #[serde(default = "default_dtim_period")]
    dtim_period: u32,
    #[serde(default)]
    bss: Vec<RawBss>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBss {
    ssid: String,
    /// The interface of a second or later BSS on the radio (created by roamd).
    interface: Option<String>,
    /// Its BSSID; by default the radio's address made locally administered
    /// with the BSS number in the last octet (as hostapd's bss= does).
    bssid: Option<String>,
    #[serde(default)]
    hidden: bool,
    #[serde(default = "default_max_stations")]
    max_stations: u32,
    #[serde(default = "default_max_inactivity")]
    max_inactivity: u64,
    #[serde(default = "default_security")]
    security: Security,
    passphrase: Option<String>,
    psk: Option<String>,
    wpa_psk_file: Option<PathBuf>,
    key_mgmt: Option<Vec<KeyMgmt>>,
    pairwise: Option<Vec<Cipher>>,
    #[serde(default)]
    pmf: Pmf,
    #[serde(default = "default_group_rekey")]
    group_rekey: u64,
    #[serde(default)]
    rekey_on_leave: bool,
    #[serde(default)]
    auth_server: Vec<RawRadiusServer>,
    #[serde(default)]
    acct_server: Vec<RawRadiusServer>,
    nas_identifier: Option<String>,
    own_ip_addr: Option<std::net::Ipv4Addr>,
    #[serde(default = "default_reauth_period")]
    reauth_period: u64,
    #[serde(default)]
    radius_retry_primary_interval: u64,
    #[serde(default)]
    acct_interim_interval: u64,
    cache: Option<RawCache>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRadiusServer {
    address: String,
    secret: Option<String>,
    secret_file: Option<PathBuf>,
    #[serde(default = "default_true")]
    require_message_authenticator: bool,
    /// First retransmission timeout, seconds (hostapd: 3).
    #[serde(default = "default_radius_timeout")]
    timeout: u64,
    /// Transmissions before failing over (hostapd: 4).
    #[serde(default = "default_radius_retries")]
    retries: u32,
}

fn default_true() -> bool {
    true
}
fn default_reauth_period() -> u64 {
    3600
}
fn default_radius_timeout() -> u64 {
    3
}
fn default_radius_retries() -> u32 {
    4
}

fn default_group_rekey() -> u64 {
    // hostapd's wpa_group_rekey.
    86400
}

fn default_hw_mode() -> HwMode {
    HwMode::G
}
fn default_beacon_interval() -> u32 {
    100
}
fn default_dtim_period() -> u32 {
    2
}
fn default_max_stations() -> u32 {
    2007
}
fn default_max_inactivity() -> u64 {
    // hostapd's ap_max_inactivity.
    300
}
fn default_security() -> Security {
    Security::Open
}

/// BSSes one radio may carry (hostapd's usual limit for mac80211 drivers).
pub const MAX_BSS_PER_RADIO: usize = 8;

/// Where the control sockets go unless `[daemon] ctrl_interface` says otherwise
/// (`hostapd_cli -p /run/roamd -i wlan0`).
pub const DEFAULT_CTRL_INTERFACE: &str = "/run/roamd";

/// The validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file it came from.
    pub file: PathBuf,
    /// The radios.
    pub radios: Vec<RadioConfig>,
    /// Directory of the hostapd_cli-compatible control sockets, one per
    /// interface (`None`: no control interface).
    pub ctrl_interface: Option<PathBuf>,
}

/// One radio (one wiphy, driven through one interface).
#[derive(Debug, Clone, PartialEq)]
pub struct RadioConfig {
    /// The interface that becomes the radio's first BSS.
    pub interface: String,
    /// Channel number.
    pub channel: u32,
    /// Band and PHY mode.
    pub hw_mode: HwMode,
    /// Centre frequency of `channel`, MHz.
    pub freq_mhz: u32,
    /// Beacon interval, TUs.
    pub beacon_interval: u16,
    /// DTIM period.
    pub dtim_period: u8,
    /// The BSSes on this radio.
    pub bss: Vec<BssConfig>,
}

/// One BSS (one SSID on one radio).
#[derive(Debug, Clone, PartialEq)]
pub struct BssConfig {
    /// The SSID, 1..=32 bytes.
    pub ssid: Vec<u8>,
    /// The interface of a second or later BSS on its radio (roamd creates
    /// it); `None` for the radio's own interface.
    pub interface: Option<String>,
    /// The BSSID of a second or later BSS, when configured.
    pub bssid: Option<[u8; 6]>,
    /// Send an empty SSID in beacons and ignore wildcard probes.
    pub hidden: bool,
    /// Association limit.
    pub max_stations: u16,
    /// A station silent this long is disassociated.
    pub max_inactivity: Duration,
    /// Security.
    pub security: Security,
    /// WPA2 settings, when `security` is not `open`.
    pub wpa: Option<WpaConfig>,
}

impl Config {
    /// Reads and validates `file`.
    pub fn load(file: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
            file: file.to_path_buf(),
            source,
        })?;
        Config::parse(file, &text)
    }

    /// Parses and validates `text`, naming `file` in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            file: file.to_path_buf(),
            message: e.to_string().trim_end().replace('\n', " | "),
        })?;
        let invalid = |key: String, message: String| ConfigError::Invalid {
            file: file.to_path_buf(),
            key,
            message,
        };
        if raw.radio.is_empty() {
            return Err(invalid(
                "radio".into(),
                "at least one [[radio]] is required".into(),
            ));
        }
        let mut radios = Vec::new();
        for (r, radio) in raw.radio.into_iter().enumerate() {
            let key = |k: &str| format!("radio[{r}].{k}");
            if radio.interface.is_empty() || radio.interface.len() > 15 {
                return Err(invalid(
                    key("interface"),
                    "must be an interface name of 1..=15 characters".into(),
                ));
            }
            let freq_mhz = channel_to_freq(radio.hw_mode, radio.channel).ok_or_else(|| {
                invalid(
                    key("channel"),
                    format!(
                        "channel {} is not valid for hw_mode {:?}",
                        radio.channel, radio.hw_mode
                    ),
                )
            })?;
            if !(15..=65535).contains(&radio.beacon_interval) {
                return Err(invalid(
                    key("beacon_interval"),
                    "must be 15..=65535 TUs".into(),
                ));
            }
            if !(1..=255).contains(&radio.dtim_period) {
                return Err(invalid(key("dtim_period"), "must be 1..=255".into()));
            }
            if radio.bss.is_empty() {
                return Err(invalid(
                    key("bss"),
                    "at least one [[radio.bss]] is required".into(),
                ));
            }
            if radio.bss.len() > MAX_BSS_PER_RADIO {
                return Err(invalid(
                    key("bss"),
                    format!("at most {MAX_BSS_PER_RADIO} BSSes per radio"),
                ));
            }
            let mut bss = Vec::new();
            for (b, raw_bss) in radio.bss.into_iter().enumerate() {
                let key = |k: &str| format!("radio[{r}].bss[{b}].{k}");
                if raw_bss.ssid.is_empty() || raw_bss.ssid.len() > 32 {
                    return Err(invalid(
                        key("ssid"),
                        format!("must be 1..=32 bytes, is {}", raw_bss.ssid.len()),
                    ));
                }
                if !(1..=2007).contains(&raw_bss.max_stations) {
                    return Err(invalid(
                        key("max_stations"),
                        "must be 1..=2007 (the AID range)".into(),
                    ));
                }
                if raw_bss.max_inactivity == 0 {
                    return Err(invalid(
                        key("max_inactivity"),
                        "must be at least 1 second".into(),
                    ));
                }
                let wpa = psk_config(&raw_bss, file, &key)?;
                let interface =
                    match (b, &raw_bss.interface) {
                        (0, Some(name)) if *name != radio.interface => return Err(invalid(
                            key("interface"),
                            "the first BSS uses the radio's interface; leave it out or repeat it"
                                .into(),
                        )),
                        (0, _) => None,
                        (_, Some(name)) if name.is_empty() || name.len() > 15 => {
                            return Err(invalid(
                                key("interface"),
                                "must be an interface name of 1..=15 characters".into(),
                            ))
                        }
                        (_, Some(name)) => Some(name.clone()),
                        (_, None) => {
                            let name = format!("{}-{b}", radio.interface);
                            if name.len() > 15 {
                                return Err(invalid(
                                    key("interface"),
                                    format!("{name:?} would be too long: name it"),
                                ));
                            }
                            Some(name)
                        }
                    };
                let bssid = match &raw_bss.bssid {
                    None => None,
                    Some(_) if b == 0 => {
                        return Err(invalid(
                            key("bssid"),
                            "the first BSS uses the radio's own address".into(),
                        ))
                    }
                    Some(text) => Some(roamd_ctrl::parse_mac(text).ok_or_else(|| {
                        invalid(key("bssid"), format!("{text:?} is not a MAC address"))
                    })?),
                };
                bss.push(BssConfig {
                    wpa,
                    interface,
                    bssid,
                    ssid: raw_bss.ssid.into_bytes(),
                    hidden: raw_bss.hidden,
                    max_stations: raw_bss.max_stations as u16,
                    max_inactivity: Duration::from_secs(raw_bss.max_inactivity),
                    security: raw_bss.security,
                });
            }
            radios.push(RadioConfig {
                interface: radio.interface,
                channel: radio.channel,
                hw_mode: radio.hw_mode,
                freq_mhz,
                beacon_interval: radio.beacon_interval as u16,
                dtim_period: radio.dtim_period as u8,
                bss,
            });
        }
        let mut names: Vec<(&str, String)> = Vec::new();
        for (r, radio) in radios.iter().enumerate() {
            names.push((&radio.interface, format!("radio[{r}].interface")));
            for (b, bss) in radio.bss.iter().enumerate() {
                if let Some(name) = &bss.interface {
                    names.push((name, format!("radio[{r}].bss[{b}].interface")));
                }
            }
        }
        for (i, (name, key)) in names.iter().enumerate() {
            if let Some((_, other)) = names[..i].iter().find(|(n, _)| n == name) {
                return Err(invalid(
                    key.clone(),
                    format!("{name:?} is already used by {other}"),
                ));
            }
        }
        let ctrl_interface = match raw.daemon.ctrl_interface {
            None => Some(PathBuf::from(DEFAULT_CTRL_INTERFACE)),
            Some(p) if p.as_os_str().is_empty() => None,
            Some(p) => Some(p),
        };
        Ok(Config {
            file: file.to_path_buf(),
            radios,
            ctrl_interface,
        })
    }
}

/// Validates the WPA2 settings of one BSS; `None` for an open BSS.
fn psk_config(
    raw: &RawBss,
    file: &Path,
    key: &dyn Fn(&str) -> String,
) -> Result<Option<WpaConfig>, ConfigError> {
    let invalid = |k: &str, message: String| ConfigError::Invalid {
        file: file.to_path_buf(),
        key: key(k),
        message,
    };
    let psk_only = [
        ("passphrase", raw.passphrase.is_some()),
        ("psk", raw.psk.is_some()),
        ("wpa_psk_file", raw.wpa_psk_file.is_some()),
    ];
    let eap_only = [
        ("auth_server", !raw.auth_server.is_empty()),
        ("acct_server", !raw.acct_server.is_empty()),
        ("nas_identifier", raw.nas_identifier.is_some()),
        ("own_ip_addr", raw.own_ip_addr.is_some()),
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
                ("pmf", raw.pmf != Pmf::Disabled),
            ];
            misplaced(&wpa_keys, "wpa2-psk\" or \"wpa2-eap")?;
            return Ok(None);
        }
        Security::Wpa2Psk => {
            misplaced(&eap_only, "wpa2-eap")?;
            if raw.cache.is_some() {
                // hostapd does not cache PSK PMKSAs either: the PMK is the PSK.
                tracing::warn!(
                    "{}: {}: PMKSA caching does not apply to WPA2-PSK (the PMK is the PSK); ignored",
                    file.display(),
                    key("cache")
                );
            }
            psk_auth(raw, &invalid)?
        }
        Security::Wpa2Eap => {
            misplaced(&psk_only, "wpa2-psk")?;
            WpaAuth::Eap(eap_config(raw, &invalid)?)
        }
    };
    let is_psk = matches!(auth, WpaAuth::Psk { .. });
    let key_mgmt = raw.key_mgmt.clone().unwrap_or_else(|| {
        vec![if is_psk {
            KeyMgmt::WpaPsk
        } else {
            KeyMgmt::WpaEap
        }]
    });
    if key_mgmt.is_empty() {
        return Err(invalid("key_mgmt", "must list at least one AKM".into()));
    }
    if let Some(k) = key_mgmt.iter().find(|k| k.is_psk() != is_psk) {
        return Err(invalid(
            "key_mgmt",
            format!("{k:?} does not match security = {:?}", raw.security),
        ));
    }
    let pairwise = raw.pairwise.clone().unwrap_or_else(|| vec![Cipher::Ccmp]);
    if pairwise.is_empty() {
        return Err(invalid("pairwise", "must list at least one cipher".into()));
    }
    Ok(Some(WpaConfig {
        auth,
        key_mgmt,
        pairwise,
        pmf: raw.pmf,
        group_rekey: (raw.group_rekey > 0).then(|| Duration::from_secs(raw.group_rekey)),
        rekey_on_leave: raw.rekey_on_leave,
    }))
}

fn psk_auth(
    raw: &RawBss,
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
            roamd_wpa::psk::psk_from_passphrase(p.as_bytes(), raw.ssid.as_bytes()).map_err(
                |e| {
                    // The error describes the passphrase's shape, never its content.
                    invalid(
                        "passphrase",
                        format!("{e} (8..=63 printable ASCII characters)"),
                    )
                },
            )?,
        ),
        (None, Some(hex)) => Some(
            roamd_wpa::psk::parse_psk_hex(hex)
                .map_err(|_| invalid("psk", "must be exactly 64 hexadecimal digits".into()))?,
        ),
        (None, None) => None,
    };
    let station_psks = match &raw.wpa_psk_file {
        Some(path) => crate::psk_file::load(path, raw.ssid.as_bytes())
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
                let addr = s
                    .address
                    .parse::<std::net::SocketAddr>()
                    .or_else(|_| {
                        s.address
                            .parse::<std::net::IpAddr>()
                            .map(|ip| (ip, default_port).into())
                    })
                    .map_err(|_| {
                        invalid(
                            &k("address"),
                            format!("{:?} is not an IP address or IP:port", s.address),
                        )
                    })?;
                let secret = match (&s.secret, &s.secret_file) {
                    (Some(_), Some(_)) => {
                        return Err(invalid(
                            &k("secret"),
                            "set either secret or secret_file".into(),
                        ))
                    }
                    (Some(secret), None) => secret.clone(),
                    (None, Some(path)) => std::fs::read_to_string(path)
                        .map(|t| t.trim_end_matches(['\r', '\n']).to_string())
                        .map_err(|e| {
                            invalid(&k("secret_file"), format!("{}: {e}", path.display()))
                        })?,
                    (None, None) => {
                        return Err(invalid(&k("secret"), "a shared secret is required".into()))
                    }
                };
                if secret.is_empty() {
                    return Err(invalid(&k("secret"), "must not be empty".into()));
                }
                if s.timeout == 0 || s.retries == 0 {
                    return Err(invalid(
                        &k("timeout"),
                        "timeout and retries must be at least 1".into(),
                    ));
                }
                Ok(RadiusServer {
                    addr,
                    secret: roamd_radius::SharedSecret::new(secret.into_bytes()),
                    require_message_authenticator: s.require_message_authenticator,
                })
            })
            .collect()
    };
    let auth_servers = servers(&raw.auth_server, "auth_server", 1812)?;
    let acct_servers = servers(&raw.acct_server, "acct_server", 1813)?;
    let first = &raw.auth_server[0];
    let secs = |v: u64| (v > 0).then(|| Duration::from_secs(v));
    let cache = match &raw.cache {
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
    };
    Ok(EapConfig {
        auth_servers,
        acct_servers,
        nas_identifier: raw.nas_identifier.clone(),
        own_ip_addr: raw.own_ip_addr,
        reauth_period: secs(raw.reauth_period),
        retry_primary_interval: secs(raw.radius_retry_primary_interval),
        acct_interim_interval: secs(raw.acct_interim_interval),
        cache,
        radius_timeout: Duration::from_secs(first.timeout),
        radius_retries: first.retries,
    })
}

/// Centre frequency of a 20 MHz channel (IEEE 802.11-2020 Annex E).
pub fn channel_to_freq(mode: HwMode, channel: u32) -> Option<u32> {
    match mode {
        HwMode::B | HwMode::G => match channel {
            1..=13 => Some(2407 + 5 * channel),
            14 if mode == HwMode::B => Some(2484),
            _ => None,
        },
        HwMode::A => match channel {
            36..=177 if channel % 2 == 0 || channel >= 149 => Some(5000 + 5 * channel),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("test.toml"), text)
    }

    const GOOD: &str = r#"
        [[radio]]
        interface = "wlan0"
        channel = 6

        [[radio.bss]]
        ssid = "campus"
    "#;

    #[test]
    fn minimal_config_gets_hostapd_defaults() {
        let c = parse(GOOD).expect("valid");
        let r = &c.radios[0];
        assert_eq!(r.freq_mhz, 2437);
        assert_eq!(r.beacon_interval, 100);
        assert_eq!(r.dtim_period, 2);
        assert_eq!(r.bss[0].ssid, b"campus");
        assert_eq!(r.bss[0].max_inactivity, Duration::from_secs(300));
        assert_eq!(r.bss[0].security, Security::Open);
        assert_eq!(r.bss[0].wpa, None);
    }

    #[test]
    fn wpa2_psk_from_passphrase_matches_annex_j() {
        let text = GOOD.replace(
            "\"campus\"",
            "\"IEEE\"\nsecurity = \"wpa2-psk\"\npassphrase = \"password\"\npmf = \"optional\"",
        );
        let c = parse(&text).expect("valid");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("psk config");
        let expected = roamd_wpa::psk::parse_psk_hex(
            "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e",
        )
        .expect("hex");
        assert!(matches!(&wpa.auth, WpaAuth::Psk { psk: Some(p), .. } if *p == expected));
        assert_eq!(wpa.pmf, Pmf::Optional);
        assert_eq!(wpa.key_mgmt, vec![KeyMgmt::WpaPsk]);
        assert_eq!(wpa.group_rekey, Some(Duration::from_secs(86400)));
        let text = text.replace(
            "pmf = ",
            "pairwise = [\"gcmp-256\", \"ccmp-256\", \"ccmp\"]\npmf = ",
        );
        let c = parse(&text).expect("valid");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("psk config");
        assert_eq!(
            wpa.pairwise,
            vec![Cipher::Gcmp256, Cipher::Ccmp256, Cipher::Ccmp]
        );
    }

    #[test]
    fn wpa2_psk_errors_never_show_the_secret() {
        let psk = |extra: &str| {
            GOOD.replace(
                "\"campus\"",
                &format!("\"lab\"\nsecurity = \"wpa2-psk\"\n{extra}"),
            )
        };
        let e = parse(&psk("passphrase = \"short\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("test.toml: radio[0].bss[0].passphrase: "),
            "{e}"
        );
        assert!(!e.contains("short"), "{e}");
        let e = parse(&psk("psk = \"abcd\"")).unwrap_err().to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].bss[0].psk: must be exactly 64 hexadecimal digits"
        );
        let e = parse(&psk("")).unwrap_err().to_string();
        assert_eq!(e, "test.toml: radio[0].bss[0].passphrase: wpa2-psk needs passphrase, psk or a non-empty wpa_psk_file");
        let e = parse(&psk("passphrase = \"correct horse\"\npsk = \"00\""))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].bss[0].psk: set either passphrase or psk, not both"
        );
        let e = parse(&GOOD.replace(
            "[[radio.bss]]",
            "[[radio.bss]]\npassphrase = \"correct horse\"",
        ))
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].bss[0].passphrase: only applies to security = \"wpa2-psk\""
        );
        let e = parse(&psk("passphrase = \"correct horse\"\npmf = \"sometimes\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown variant `sometimes`"), "{e}");
    }

    #[test]
    fn errors_name_file_key_and_problem() {
        let e = parse(&GOOD.replace("\"campus\"", "\"\""))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].bss[0].ssid: must be 1..=32 bytes, is 0"
        );
        let e = parse(&GOOD.replace("channel = 6", "channel = 40"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].channel: channel 40 is not valid for hw_mode G"
        );
        let e = parse(&GOOD.replace("ssid = ", "sid = "))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("test.toml: ") && e.contains("unknown field `sid`"),
            "{e}"
        );
        let e = parse(&GOOD.replace("channel = 6", "channel = \"six\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 4"), "{e}");
        let e = parse("").unwrap_err().to_string();
        assert_eq!(e, "test.toml: radio: at least one [[radio]] is required");
        let e = parse(&GOOD.replace("[[radio.bss]]", "[[radio.bss]]\nsecurity = \"wep\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown variant `wep`"), "{e}");
    }

    #[test]
    fn several_bsses_per_radio() {
        let text = format!("{GOOD}\n[[radio.bss]]\nssid = \"guest\"\n[[radio.bss]]\nssid = \"iot\"\ninterface = \"iot0\"\nbssid = \"02:00:00:00:00:42\"\n");
        let c = parse(&text).expect("valid");
        let bss = &c.radios[0].bss;
        assert_eq!(bss.len(), 3);
        assert_eq!(bss[0].interface, None);
        assert_eq!(bss[1].interface.as_deref(), Some("wlan0-1"));
        assert_eq!(bss[2].interface.as_deref(), Some("iot0"));
        assert_eq!(bss[2].bssid, Some([2, 0, 0, 0, 0, 0x42]));
        let clash = format!("{GOOD}\n[[radio.bss]]\nssid = \"guest\"\ninterface = \"wlan0\"\n");
        let e = parse(&clash).unwrap_err().to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].bss[1].interface: \"wlan0\" is already used by radio[0].interface"
        );
    }

    #[test]
    fn duplicate_interfaces_are_refused() {
        let text = format!("{GOOD}\n{GOOD}");
        let e = parse(&text).unwrap_err().to_string();
        assert_eq!(
            e,
            "test.toml: radio[1].interface: \"wlan0\" is already used by radio[0].interface"
        );
    }

    #[test]
    fn channel_table() {
        assert_eq!(channel_to_freq(HwMode::G, 1), Some(2412));
        assert_eq!(channel_to_freq(HwMode::G, 14), None);
        assert_eq!(channel_to_freq(HwMode::B, 14), Some(2484));
        assert_eq!(channel_to_freq(HwMode::A, 36), Some(5180));
        assert_eq!(channel_to_freq(HwMode::A, 37), None);
        assert_eq!(channel_to_freq(HwMode::A, 165), Some(5825));
    }
}
