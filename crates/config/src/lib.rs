//! roamd's configuration: parsing and validation.
//!
//! Two front ends, roamd's TOML file ([`Config::load`]) and hostapd.conf
//! ([`hostapd_conf`]), build the same unvalidated form in memory, and one
//! validator turns it into the typed [`Config`]. Every error names the file,
//! the key (as a path such as `radio[0].bss[1].ssid`, or hostapd.conf's
//! `line 4: ssid`) and what is wrong, and the daemon refuses to start.
//!
//! ```toml
//! [daemon]
//! ctrl_interface = "/run/roamd"
//! ctrl_interface_group = "netdev"   # group of the control sockets (name or gid)
//!
//! [[radio]]
//! interface = "wlan0"
//! channel = 1
//! hw_mode = "g"
//! country = "DE"                    # regulatory domain (hostapd's country_code)
//! advertise_country = true          # Country element (hostapd's ieee80211d)
//! country_environment = 0x49        # its third octet 'I' (hostapd's country3; default ' ')
//!
//! [[radio.bss]]
//! ssid = "campus"
//! security = "open"
//! # MAC access control (hostapd's macaddr_acl, accept_mac_file, deny_mac_file):
//! # "deny" admits only accepted stations, "accept" every station not denied.
//! mac_acl = "deny"
//! accept_macs = ["02:00:00:00:01:00"]
//! accept_mac_file = "/etc/roamd/campus.accept"   # hostapd's format
//! ```

#[cfg(feature = "shared-cache")]
mod cache_domain;
pub mod hostapd_conf;
pub mod mac_acl;
pub mod psk_file;
mod raw;
pub mod reload;
pub mod runtime;
pub mod schema;
pub mod suites;
#[cfg(feature = "telemetry")]
pub mod telemetry;

use std::path::{Path, PathBuf};
use std::time::Duration;

use roamd_ieee80211::element::{Akm, CipherSuite};
use roamd_ieee80211::MacAddr;
use serde::Deserialize;

#[cfg(feature = "shared-cache")]
pub use cache_domain::{CacheDomain, ClusterStore, SentinelStore};
pub use mac_acl::{MacAcl, MacAclPolicy};

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
    /// WPA3-Personal: SAE only, PMF required.
    Wpa3Sae,
    /// WPA3-Personal transition mode: WPA-PSK and SAE on one SSID, PMF
    /// optional (WPA2 stations join with the PSK, WPA3 stations with SAE
    /// and PMF).
    Wpa2Wpa3,
}

/// SAE settings of a BSS (`[radio.bss.sae]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaeSettings {
    /// Password element derivation.
    pub pwe: PweMode,
    /// Finite cyclic groups in order of preference.
    pub groups: Vec<Group>,
    /// Open SAE exchanges beyond which a commit must carry an anti-clogging
    /// token (hostapd's `sae_anti_clogging_threshold`).
    pub anti_clogging_threshold: usize,
    /// Commits whose elliptic-curve work is done per second; more are
    /// dropped (the station retransmits).
    pub commits_per_second: u32,
    /// The passwords (at least one).
    pub passwords: Vec<SaePassword>,
    /// How SAE PMKSAs are cached (a station returning with the PMKID skips
    /// SAE).
    pub cache: CacheConfig,
}

pub use roamd_sae::{Group, PweMode, SaePassword};

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

/// Where the PMK comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum WpaAuth {
    /// WPA2-PSK.
    Psk {
        /// The PSK every station may use (from `passphrase` or `psk`), if any.
        psk: Option<roamd_wpa::Psk>,
        /// Per-station PSKs from `wpa_psk_file` (hostapd's format); the
        /// wildcard address 00:00:00:00:00:00 matches any station.
        station_psks: Vec<(MacAddr, roamd_wpa::Psk)>,
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
    /// Wait before the first retransmission to this server (it doubles).
    pub timeout: Duration,
    /// Transmissions to this server before failing over to the next.
    pub retries: u32,
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
    /// The local address RADIUS requests leave from (hostapd
    /// radius_client_addr); `None`: the kernel's choice.
    pub radius_client_addr: Option<std::net::IpAddr>,
    /// Reauthentication period (hostapd's eap_reauth_period); `None` disables it.
    pub reauth_period: Option<Duration>,
    /// Go back to the primary server this long after a failover.
    pub retry_primary_interval: Option<Duration>,
    /// Accounting Interim-Update interval unless the server sets one.
    pub acct_interim_interval: Option<Duration>,
    /// PMKSA caching.
    pub cache: CacheConfig,
    /// RFC 5176 Dynamic Authorization (Disconnect-Request), if enabled.
    pub das: Option<DasConfig>,
}

/// The RFC 5176 Dynamic Authorization Server of a BSS (`radius_das_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct DasConfig {
    /// Where its UDP socket listens: 0.0.0.0 and `radius_das_port`, as hostapd.
    pub listen: std::net::SocketAddr,
    /// Who may send requests.
    pub clients: Vec<DasClient>,
    /// Event-Timestamp window and required attributes.
    pub policy: roamd_radius::das::DasPolicy,
}

/// A DAS client.
#[derive(Debug, Clone, PartialEq)]
pub struct DasClient {
    /// Its address; the unspecified address admits any (hostapd's 0.0.0.0).
    pub addr: std::net::IpAddr,
    /// The secret its requests are signed with (never logged).
    pub secret: roamd_radius::SharedSecret,
}

/// WPA2 settings of a BSS.
#[derive(Debug, Clone, PartialEq)]
pub struct WpaConfig {
    /// PSK or 802.1X.
    pub auth: WpaAuth,
    /// Offered AKMs, as hostapd's `wpa_key_mgmt`: one of the [`suites`] roamd supports.
    pub key_mgmt: Vec<Akm>,
    /// Offered pairwise ciphers, in order of preference, as hostapd's
    /// `rsn_pairwise`: one of the [`suites`] roamd supports.
    pub pairwise: Vec<CipherSuite>,
    /// Management frame protection.
    pub pmf: Pmf,
    /// GTK rekey interval; `None` disables time-based rekeying.
    pub group_rekey: Option<Duration>,
    /// Rekey the GTK when a station leaves (hostapd's `wpa_strict_rekey`).
    pub rekey_on_leave: bool,
    /// 802.11r, when `key_mgmt` offers an FT AKM.
    pub ft: Option<FtConfig>,
    /// SAE, when `key_mgmt` offers an SAE AKM.
    pub sae: Option<SaeSettings>,
}

/// 802.11r settings of a BSS (`[radio.bss.ft]`; hostapd's
/// `mobility_domain`, `nas_identifier`, `r1_key_holder`, `r0kh`, `r1kh`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtConfig {
    /// The MDID, as written (hostapd `mobility_domain=a1b2` is `[0xa1, 0xb2]`).
    pub mobility_domain: [u8; 2],
    /// Our R0KH-ID (hostapd: `nas_identifier`), 1 to 48 octets.
    pub r0kh_id: Vec<u8>,
    /// Our R1KH-ID (hostapd: `r1_key_holder`); `None`: the BSSID.
    pub r1kh_id: Option<MacAddr>,
    /// FT over the DS offered in the MDE (hostapd `ft_over_ds`, default on).
    pub over_ds: bool,
    /// Reassociation deadline, in TUs (hostapd `reassociation_deadline`).
    pub reassociation_deadline_tu: u32,
    /// Lifetime of a PMK-R0 (hostapd `r0_key_lifetime`, two weeks).
    pub r0_key_lifetime: Duration,
    /// FT-PSK: derive the PMK-R1 locally from the PSK instead of pulling it
    /// (hostapd `ft_psk_generate_local`).
    pub psk_generate_local: bool,
    /// Push PMK-R1s to the R1KHs after an initial association (hostapd
    /// `pmk_r1_push`).
    pub push: bool,
    /// The R0KHs we may pull from.
    pub r0kh: Vec<roamd_ft::config::R0khEntry>,
    /// The R1KHs we answer and push to.
    pub r1kh: Vec<roamd_ft::config::R1khEntry>,
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
    /// Group owning the control directory and sockets (hostapd's
    /// `ctrl_interface_group`); `None` leaves the daemon's own group.
    pub ctrl_interface_group: Option<CtrlGroup>,
    /// PMKSA cache domains shared with other hosts through a store
    /// (`[cache_domain.NAME]`), by name.
    #[cfg(feature = "shared-cache")]
    pub cache_domains: Vec<CacheDomain>,
    /// The metrics endpoint and the event file (`[daemon.metrics]`,
    /// `[daemon.events]`).
    #[cfg(feature = "telemetry")]
    pub telemetry: telemetry::TelemetryConfig,
    /// A fast roam (pmksa, okc, ft) taking longer than this to open the
    /// port is classed `slow`.
    pub slow_roam: Duration,
    /// Most stations with a roaming profile at once (a spoofer's addresses
    /// evict each other beyond it).
    pub max_roam_profiles: usize,
}

impl Config {
    /// No radio yet: `roamd -g PATH` without files, whose interfaces the
    /// global control interface adds.
    pub fn without_radios() -> Config {
        Config {
            file: PathBuf::new(),
            radios: Vec::new(),
            ctrl_interface: None,
            ctrl_interface_group: None,
            #[cfg(feature = "shared-cache")]
            cache_domains: Vec::new(),
            #[cfg(feature = "telemetry")]
            telemetry: telemetry::TelemetryConfig::default(),
            slow_roam: Duration::from_millis(DEFAULT_SLOW_ROAM_MS),
            max_roam_profiles: DEFAULT_MAX_ROAM_PROFILES,
        }
    }
}

/// `[daemon] slow_roam_ms` unless set.
pub const DEFAULT_SLOW_ROAM_MS: u64 = 400;

/// `[daemon] max_roam_profiles` unless set.
pub const DEFAULT_MAX_ROAM_PROFILES: usize = 1024;

/// The group of the control sockets: its members may run `hostapd_cli`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtrlGroup {
    /// A group name, looked up in /etc/group when the sockets are created.
    Name(String),
    /// A numeric group id.
    Id(u32),
}

impl CtrlGroup {
    /// A group name or number, as hostapd's `ctrl_interface_group` takes it
    /// (all digits: a gid).
    pub fn parse(text: &str) -> Option<CtrlGroup> {
        if text.is_empty() {
            return None;
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().ok().map(CtrlGroup::Id);
        }
        // /etc/group separates fields with ':' and entries with newlines.
        let valid = text.len() <= 32 && !text.contains(|c: char| c == ':' || c.is_whitespace());
        valid.then(|| CtrlGroup::Name(text.to_string()))
    }

    /// The gid, looking a name up in /etc/group.
    pub fn gid(&self) -> Result<u32, String> {
        match self {
            CtrlGroup::Id(id) => Ok(*id),
            CtrlGroup::Name(name) => {
                let text = std::fs::read_to_string("/etc/group")
                    .map_err(|e| format!("cannot read /etc/group: {e}"))?;
                self.gid_in(&text)
                    .ok_or_else(|| format!("group {name:?} is not in /etc/group"))
            }
        }
    }

    /// The gid according to `etc_group`, the text of an /etc/group file.
    pub fn gid_in(&self, etc_group: &str) -> Option<u32> {
        match self {
            CtrlGroup::Id(id) => Some(*id),
            CtrlGroup::Name(name) => etc_group.lines().find_map(|line| {
                // name:password:gid:members
                let mut fields = line.split(':');
                (fields.next()? == name)
                    .then(|| fields.nth(1)?.parse().ok())
                    .flatten()
            }),
        }
    }
}

/// hostapd's `ht_capab` flags roamd runs, and their HT Capabilities
/// Information bits (IEEE 802.11-2020 9.4.2.55.2).
pub const HT_CAPAB_FLAGS: &[(&str, u16)] = {
    use roamd_ieee80211::element::ht::cap;
    &[
        ("HT20", 0),
        ("LDPC", cap::LDPC),
        ("GF", cap::GREENFIELD),
        ("SHORT-GI-20", cap::SHORT_GI_20),
        ("SHORT-GI-40", cap::SHORT_GI_40),
        ("TX-STBC", cap::TX_STBC),
        ("RX-STBC1", 0x0100),
        ("RX-STBC12", 0x0200),
        ("RX-STBC123", 0x0300),
        ("DELAYED-BA", cap::DELAYED_BA),
        ("MAX-AMSDU-7935", cap::MAX_AMSDU_7935),
        ("DSSS_CCK-40", cap::DSSS_CCK_40),
        ("40-INTOLERANT", cap::INTOLERANT_40),
        ("LSIG-TXOP-PROT", cap::LSIG_TXOP_PROT),
    ]
};

/// The first `ht_capab` flag of `configured` that a radio whose HT
/// Capabilities Information is `radio` lacks, as hostapd's
/// `ieee80211n_supported_ht_capab` checks them (Rx STBC by the number of
/// streams; 40 MHz intolerance is a wish, not a capability).
pub fn ht_capab_unsupported(configured: u16, radio: u16) -> Option<&'static str> {
    use roamd_ieee80211::element::ht::cap;
    let rx_stbc = |info: u16| info & cap::RX_STBC_MASK;
    HT_CAPAB_FLAGS.iter().find_map(|&(name, bits)| {
        let lacking = if bits & cap::RX_STBC_MASK != 0 {
            bits == rx_stbc(configured) && rx_stbc(configured) > rx_stbc(radio)
        } else {
            bits != cap::INTOLERANT_40 && configured & bits != 0 && radio & bits == 0
        };
        lacking.then_some(name)
    })
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
    /// Country (ISO 3166-1 alpha-2, e.g. `*b"DE"`) whose regulatory domain
    /// applies (hostapd's `country_code`).
    pub country: Option<[u8; 2]>,
    /// Advertise `country` in a Country element (hostapd's `ieee80211d`);
    /// only set together with `country`.
    pub advertise_country: bool,
    /// The third octet of the advertised country string (hostapd's
    /// `country3`): `b' '` for all environments, `b'O'` outdoor, `b'I'`
    /// indoor, ...
    pub country_environment: u8,
    /// The Country element's subband triplets: empty in a parsed
    /// configuration; with `advertise_country`, the daemon fills them in
    /// from the radio's channels once the regulatory domain is in force.
    pub country_triplets: Vec<roamd_ieee80211::element::SubbandTriplet>,
    /// 802.11n (HT, 20 MHz), hostapd's `ieee80211n`: the HT Capabilities
    /// the BSSes advertise. The Capabilities Information comes from
    /// `ht_capab`; the daemon fills in the A-MPDU parameters and the MCS
    /// set from the radio at start-up, as hostapd copies them from the driver.
    pub ht: Option<roamd_ieee80211::element::HtCapabilities>,
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
    pub bssid: Option<MacAddr>,
    /// Send an empty SSID in beacons and ignore wildcard probes.
    pub hidden: bool,
    /// Association limit.
    pub max_stations: u16,
    /// A station silent this long is disassociated.
    pub max_inactivity: Duration,
    /// Which stations may authenticate.
    pub mac_acl: MacAcl,
    /// Security.
    pub security: Security,
    /// WPA2 settings, when `security` is not `open`.
    pub wpa: Option<WpaConfig>,
    /// The kernel forwards no frames between the BSS's stations (hostapd's
    /// `ap_isolate`).
    pub ap_isolate: bool,
    /// 802.11k: answer Neighbor Report Requests from the list SET_NEIGHBOR
    /// fills, and say so in the RM Enabled Capabilities element (hostapd's
    /// `rrm_neighbor_report`).
    pub rrm_neighbor_report: bool,
    /// 802.11k: advertise beacon measurement (REQ_BEACON; hostapd's
    /// `rrm_beacon_report`).
    pub rrm_beacon_report: bool,
    /// 802.11v: BSS Transition Management (BSS_TM_REQ, the Extended
    /// Capabilities bit; hostapd's `bss_transition`).
    pub bss_transition: bool,
    /// The bridge the BSS interface is made a port of, as hostapd's
    /// `bridge=`: the key holders' 802.11r frames (0x88b7, 0x890d) go out on
    /// it, else on the BSS interface.
    pub bridge: Option<String>,
    /// WMM (QoS): the WMM Parameter element, QoS stations (hostapd's
    /// `wmm_enabled`; on by default with 802.11n, which requires it).
    pub wmm: bool,
}

impl BssConfig {
    /// Whether the station `mac` may authenticate (the MAC access control list).
    pub fn mac_allowed(&self, mac: MacAddr) -> bool {
        self.mac_acl.allows(mac)
    }

    /// The PMKSA cache settings of a WPA2-Enterprise or SAE BSS (802.1X's
    /// when it has both).
    pub fn cache(&self) -> Option<&CacheConfig> {
        let wpa = self.wpa.as_ref()?;
        match &wpa.auth {
            WpaAuth::Eap(eap) => Some(&eap.cache),
            WpaAuth::Psk { .. } => wpa.sae.as_ref().map(|s| &s.cache),
        }
    }

    /// Replaces the PMKSA cache settings (of 802.1X and SAE alike), as a
    /// reload does.
    pub fn set_cache(&mut self, cache: &CacheConfig) {
        let Some(wpa) = self.wpa.as_mut() else { return };
        if let WpaAuth::Eap(eap) = &mut wpa.auth {
            eap.cache = cache.clone();
        }
        if let Some(sae) = &mut wpa.sae {
            sae.cache = cache.clone();
        }
    }
}

/// Names TOML keys by their path, all in one file.
struct TomlOrigin<'a> {
    file: &'a Path,
}

impl raw::Origin for TomlOrigin<'_> {
    fn locate(&self, scope: raw::Scope, key: &str) -> (PathBuf, String) {
        let path = match scope {
            raw::Scope::Top => key.to_string(),
            raw::Scope::Radio(r) => format!("radio[{r}].{key}"),
            raw::Scope::Bss(r, b) => format!("radio[{r}].bss[{b}].{key}"),
        };
        (self.file.to_path_buf(), path)
    }
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
        let raw: raw::RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.to_string().trim_end().replace('\n', " | ");
            ConfigError::Syntax {
                file: file.to_path_buf(),
                message: without_shared_cache(message),
            }
        })?;
        raw::validate(raw, file, &TomlOrigin { file })
    }
}

/// A build without the `shared-cache` feature has no `cache_domain` key,
/// one without `telemetry` no `daemon.metrics` or `daemon.events` (their
/// parsers would be kilobytes in every binary); serde's "unknown field"
/// then says which feature it needs.
fn without_shared_cache(message: String) -> String {
    // A plain scan: `str::contains` inlines a substring searcher per call.
    let mentions = |needle: &str| {
        message
            .as_bytes()
            .windows(needle.len().max(1))
            .any(|w| w == needle.as_bytes())
    };
    let (what, feature) =
        if cfg!(not(feature = "shared-cache")) && mentions("unknown field `cache_domain`") {
            ("[cache_domain]: a shared cache domain", "shared-cache")
        } else if cfg!(not(feature = "telemetry"))
            && (mentions("unknown field `metrics`") || mentions("unknown field `events`"))
        {
            ("[daemon.metrics], [daemon.events]: telemetry", "telemetry")
        } else {
            return message;
        };
    format!(
        "{what} needs roamd built with the `{feature}` feature \
         (cargo build --release -p roamd --features {feature}) | {message}"
    )
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
    fn key_holders_come_from_a_file_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        let file = dir.path().join("ft-peers.conf");
        let lines = format!(
            "# the other AP\nr0kh=02:00:00:00:01:00 ap1.example.net {key}\n\nr1kh=02:00:00:00:01:00 02:00:00:00:01:00 {key}\n"
        );
        std::fs::write(&file, lines).expect("write");
        let text = |file: &Path| {
            format!(
                "{GOOD}\nsecurity = \"wpa2-psk\"\npassphrase = \"correct horse battery\"\nkey_mgmt = [\"ft-psk\"]\n\
                 [radio.bss.ft]\nmobility_domain = \"a1b2\"\nr0kh_id = \"ap0.example.net\"\n\
                 r0kh = [\"ff:ff:ff:ff:ff:ff * {key}\"]\nkey_holders_file = \"{}\"\n",
                file.display()
            )
        };
        let c = parse(&text(&file)).expect("valid");
        let ft = c.radios[0].bss[0]
            .wpa
            .as_ref()
            .and_then(|w| w.ft.as_ref())
            .expect("ft");
        // Inline lines first, then the file's.
        assert_eq!(ft.r0kh.len(), 2);
        assert_eq!(ft.r0kh[1].id, b"ap1.example.net");
        assert_eq!(ft.r1kh.len(), 1);
        // A bad line is named with its file and number.
        std::fs::write(&file, "r1kh=02:00:00:00:01:00 nonsense x\n").expect("write");
        let e = parse(&text(&file)).expect_err("bad line").to_string();
        assert!(
            e.contains("key_holders_file") && e.contains("ft-peers.conf: line 1: r1kh"),
            "{e}"
        );
        let e = parse(&text(&dir.path().join("missing.conf")))
            .expect_err("missing")
            .to_string();
        assert!(e.contains("missing.conf"), "{e}");
    }

    #[test]
    fn ieee80211n_takes_ht_capab_and_turns_wmm_on() {
        use roamd_ieee80211::element::ht::cap;
        let plain = parse(GOOD).expect("valid");
        assert_eq!(plain.radios[0].ht, None);
        assert!(!plain.radios[0].bss[0].wmm);
        let ht = GOOD.replace(
            "channel = 6",
            "channel = 6\nieee80211n = true\nht_capab = \"[SHORT-GI-20][RX-STBC1][HT20]\"",
        );
        let c = parse(&ht).expect("valid");
        let info = c.radios[0].ht.expect("HT").info;
        assert_eq!(info, cap::SMPS_DISABLED | cap::SHORT_GI_20 | 0x0100);
        assert!(c.radios[0].bss[0].wmm);
        let e = parse(&ht.replace("\"campus\"", "\"campus\"\nwmm = false"))
            .expect_err("HT without WMM")
            .to_string();
        assert!(
            e.contains("radio[0].bss[0].wmm") && e.contains("requires WMM"),
            "{e}"
        );
        let e = parse(&ht.replace("HT20", "HT40+"))
            .expect_err("HT40")
            .to_string();
        assert!(e.contains("radio[0].ht_capab: [HT40+]"), "{e}");
    }

    #[test]
    fn ht_capab_flags_the_radio_lacks_are_named() {
        // mac80211_hwsim: 20/40, GF, short GI 20/40, DSSS/CCK-40, SMPS off.
        let hwsim = 0x107e;
        assert_eq!(ht_capab_unsupported(0x002c, hwsim), None);
        assert_eq!(ht_capab_unsupported(0x002d, hwsim), Some("LDPC"));
        assert_eq!(ht_capab_unsupported(0x0200, hwsim), Some("RX-STBC12"));
        assert_eq!(ht_capab_unsupported(0x0100, 0x0300), None);
        assert_eq!(ht_capab_unsupported(0x0300, 0x0100), Some("RX-STBC123"));
        assert_eq!(
            ht_capab_unsupported(0x4000, 0),
            None,
            "40-INTOLERANT is a wish"
        );
    }

    #[test]
    fn hostapd_ht_keys_are_honoured_and_bad_flags_named_by_line() {
        let read = |extra: &str| {
            crate::hostapd_conf::parse(&[(
                PathBuf::from("ap.conf"),
                format!("interface=wlan0\nssid=x\nhw_mode=g\nchannel=1\n{extra}"),
            )])
        };
        let c =
            read("ieee80211n=1\nwmm_enabled=1\nht_capab=[SHORT-GI-20] [LDPC]\n").expect("valid");
        assert_eq!(c.radios[0].ht.expect("HT").info, 0x002d);
        assert!(c.radios[0].bss[0].wmm);
        let wmm_only = read("wmm_enabled=1\n").expect("valid");
        assert!(wmm_only.radios[0].bss[0].wmm && wmm_only.radios[0].ht.is_none());
        let e = read("ieee80211n=1\nwmm_enabled=0\n")
            .expect_err("no WMM")
            .to_string();
        assert!(e.contains("ap.conf: line 6: wmm_enabled"), "{e}");
        let e = read("ieee80211n=1\nht_capab=[SHORT-GI-20][VHT]\n")
            .expect_err("VHT")
            .to_string();
        assert!(
            e.contains("ap.conf: line 6: ht_capab: [VHT] is not an HT"),
            "{e}"
        );
        let e = read("ieee80211n=1\nht_capab=SHORT-GI-20\n")
            .expect_err("brackets")
            .to_string();
        assert!(e.contains("ap.conf: line 6: ht_capab"), "{e}");
    }

    #[test]
    fn ap_isolate_is_per_bss_and_off_by_default() {
        let c = parse(&GOOD.replace("\"campus\"", "\"campus\"\nap_isolate = true")).expect("valid");
        assert!(c.radios[0].bss[0].ap_isolate);
        assert!(!parse(GOOD).expect("valid").radios[0].bss[0].ap_isolate);
        let hostapd = crate::hostapd_conf::parse(&[(
            PathBuf::from("ap.conf"),
            "interface=wlan0\nssid=x\nchannel=1\nap_isolate=1\n".to_string(),
        )])
        .expect("valid");
        assert!(hostapd.radios[0].bss[0].ap_isolate);
    }

    #[test]
    fn roaming_assistance_is_per_bss_and_off_by_default() {
        let b = &parse(GOOD).expect("valid").radios[0].bss[0];
        assert!(!b.rrm_neighbor_report && !b.rrm_beacon_report && !b.bss_transition);
        let on = "\"campus\"\nrrm_neighbor_report = true\nrrm_beacon_report = true\nbss_transition = true";
        let c = parse(&GOOD.replace("\"campus\"", on)).expect("valid");
        let b = &c.radios[0].bss[0];
        assert!(b.rrm_neighbor_report && b.rrm_beacon_report && b.bss_transition);
        let hostapd = crate::hostapd_conf::parse(&[(
            PathBuf::from("ap.conf"),
            "interface=wlan0\nssid=x\nchannel=1\nrrm_neighbor_report=1\nbss_transition=1\n"
                .to_string(),
        )])
        .expect("valid");
        let b = &hostapd.radios[0].bss[0];
        assert!(b.rrm_neighbor_report && !b.rrm_beacon_report && b.bss_transition);
    }

    #[test]
    fn bridge_is_per_bss_and_checked_like_an_interface_name() {
        let two = r#"
            [[radio]]
            interface = "wlan0"
            channel = 6

            [[radio.bss]]
            ssid = "campus"
            bridge = "br-lan"

            [[radio.bss]]
            ssid = "guests"
        "#;
        let c = parse(two).expect("valid");
        assert_eq!(c.radios[0].bss[0].bridge.as_deref(), Some("br-lan"));
        assert_eq!(c.radios[0].bss[1].bridge, None);
        assert_eq!(parse(GOOD).expect("valid").radios[0].bss[0].bridge, None);

        let with = |bridge: &str| {
            let text = GOOD.replace("\"campus\"", &format!("\"campus\"\nbridge = {bridge:?}"));
            parse(&text).expect_err("refused").to_string()
        };
        assert_eq!(
            with("br lan"),
            "test.toml: radio[0].bss[0].bridge: \"br lan\" is not an interface name \
             (no '/', ':', spaces, \".\" or \"..\")"
        );
        assert_eq!(
            with("sixteen-octets-x"),
            "test.toml: radio[0].bss[0].bridge: must be an interface name of 1..=15 characters"
        );
        assert_eq!(
            with("wlan0"),
            "test.toml: radio[0].bss[0].bridge: \"wlan0\" is an AP interface \
             (radio[0].interface), not a bridge"
        );
        // The same rule for the AP interfaces themselves.
        let e = parse(&GOOD.replace("\"wlan0\"", "\"wlan:0\""))
            .expect_err("refused")
            .to_string();
        assert!(
            e.starts_with("test.toml: radio[0].interface: \"wlan:0\" is not"),
            "{e}"
        );
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
        assert_eq!(wpa.key_mgmt, vec![Akm::Psk]);
        assert_eq!(wpa.group_rekey, Some(Duration::from_secs(86400)));
        let text = text.replace(
            "pmf = ",
            "pairwise = [\"gcmp-256\", \"ccmp-256\", \"ccmp\"]\npmf = ",
        );
        let c = parse(&text).expect("valid");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("psk config");
        assert_eq!(
            wpa.pairwise,
            vec![
                CipherSuite::Gcmp256,
                CipherSuite::Ccmp256,
                CipherSuite::Ccmp128
            ]
        );
    }

    #[test]
    fn wpa3_sae_requires_pmf_and_takes_its_passwords() {
        let sae = GOOD.replace(
            "\"campus\"",
            "\"campus\"\nsecurity = \"wpa3-sae\"\npassphrase = \"correct horse\"\n\
             [radio.bss.sae]\npwe = \"hash-to-element\"\ngroups = [19, 21]\n\
             commits_per_second = 20\n\
             passwords = [{ password = \"p\", id = \"bob\", mac = \"02:00:00:00:03:00\" }]",
        );
        let c = parse(&sae).expect("valid");
        let bss = &c.radios[0].bss[0];
        let wpa = bss.wpa.as_ref().expect("rsn");
        assert_eq!(wpa.key_mgmt, vec![Akm::Sae]);
        assert_eq!(wpa.pmf, Pmf::Required);
        // No PSK AKM: no PSK derived from the passphrase.
        assert!(matches!(wpa.auth, WpaAuth::Psk { psk: None, .. }));
        let s = wpa.sae.as_ref().expect("sae");
        assert_eq!(s.pwe, PweMode::HashToElement);
        assert_eq!(s.groups, vec![Group::P256, Group::P521]);
        assert_eq!(s.commits_per_second, 20);
        assert_eq!(s.anti_clogging_threshold, 5);
        // sae.passwords replace the passphrase, as sae_password does.
        assert_eq!(s.passwords.len(), 1);
        assert_eq!(s.passwords[0].identifier.as_deref(), Some(&b"bob"[..]));

        let e = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            e(&sae.replace("[radio.bss.sae]", "pmf = \"disabled\"\n[radio.bss.sae]")),
            "test.toml: radio[0].bss[0].pmf: SAE needs management frame protection: \
             \"required\" (or \"optional\" in transition mode)"
        );
        assert_eq!(
            e(&sae.replace("groups = [19, 21]", "groups = [19, 2]")),
            "test.toml: radio[0].bss[0].sae.groups: group 2 is not supported (19: P-256, \
             20: P-384, 21: P-521)"
        );
        assert_eq!(
            e(&sae
                .replace("wpa3-sae", "wpa2-wpa3")
                .replace("[radio.bss.sae]", "key_mgmt = [\"sae\"]\n[radio.bss.sae]")),
            "test.toml: radio[0].bss[0].key_mgmt: wpa2-wpa3 offers both a PSK AKM and an SAE \
             AKM (or use wpa2-psk / wpa3-sae)"
        );
        assert_eq!(
            e(&sae.replace("wpa3-sae", "wpa2-psk")),
            "test.toml: radio[0].bss[0].sae: only applies to security = \"wpa3-sae\" or \
             \"wpa2-wpa3\""
        );
        let transition = GOOD.replace(
            "\"campus\"",
            "\"campus\"\nsecurity = \"wpa2-wpa3\"\npassphrase = \"correct horse\"",
        );
        let c = parse(&transition).expect("valid");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("rsn");
        assert_eq!(wpa.key_mgmt, vec![Akm::Psk, Akm::Sae]);
        assert_eq!(wpa.pmf, Pmf::Optional);
        assert!(matches!(wpa.auth, WpaAuth::Psk { psk: Some(_), .. }));
    }

    #[cfg(not(feature = "shared-cache"))]
    #[test]
    fn cache_domains_need_the_feature() {
        let text = format!("{GOOD}\n[cache_domain.campus]\nstore = \"redis://h\"\n");
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.starts_with("test.toml: [cache_domain]: ") && e.contains("`shared-cache` feature"),
            "{e}"
        );
    }

    #[cfg(not(feature = "telemetry"))]
    #[test]
    fn metrics_and_events_need_the_feature() {
        for table in [
            "[daemon.metrics]\nlisten = \"127.0.0.1:9110\"",
            "[daemon.events]\nfile = \"/tmp/e\"",
        ] {
            let e = parse(&format!("{GOOD}\n{table}\n"))
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with("test.toml: [daemon.metrics], [daemon.events]: ")
                    && e.contains("`telemetry` feature"),
                "{e}"
            );
        }
    }

    #[cfg(feature = "telemetry")]
    #[test]
    fn metrics_listen_on_loopback_unless_allowed() {
        let with = |table: &str| parse(&format!("{GOOD}\n{table}\n"));
        let c = with(
            "[daemon.metrics]\nlisten = \"127.0.0.1:9110\"\n[daemon.events]\nfile = \"/tmp/e\"",
        )
        .expect("valid");
        let m = c.telemetry.metrics.expect("metrics");
        assert_eq!(m.listen, "127.0.0.1:9110".parse().unwrap());
        assert_eq!(
            m.max_connections,
            telemetry::DEFAULT_METRICS_MAX_CONNECTIONS
        );
        let e = c.telemetry.events.expect("events");
        assert_eq!(e.queue, telemetry::DEFAULT_EVENTS_QUEUE);
        assert!(parse(GOOD).unwrap().telemetry == telemetry::TelemetryConfig::default());
        let e = with("[daemon.metrics]\nlisten = \"0.0.0.0:9110\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("daemon.metrics.listen") && e.contains("allow_remote"),
            "{e}"
        );
        with("[daemon.metrics]\nlisten = \"0.0.0.0:9110\"\nallow_remote = true").expect("allowed");
        let e = with("[daemon.metrics]\nlisten = \"localhost\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not an address and port"), "{e}");
        let e = with("[daemon.metrics]\nlisten = \"[::1]:9110\"\nmax_connections = 0")
            .unwrap_err()
            .to_string();
        assert!(e.contains("daemon.metrics.max_connections"), "{e}");
        let e = with("[daemon.events]\nfile = \"/tmp/e\"\nqueue = 0")
            .unwrap_err()
            .to_string();
        assert!(e.contains("daemon.events.queue"), "{e}");
    }

    #[cfg(feature = "shared-cache")]
    #[test]
    fn cache_domains_read_their_keys_and_name_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("campus.key");
        std::fs::write(&key, format!("{}\n", "ab".repeat(64))).unwrap();
        let old = dir.path().join("old.key");
        std::fs::write(&old, [7u8; 64]).unwrap();
        let with = |table: &str| format!("{GOOD}\n[cache_domain.campus]\n{table}");
        let good = with(&format!(
            "store = \"redis://roamd:pw@127.0.0.1:6379/0\"\nkey_file = {key:?}\n\
             old_key_files = [{old:?}]\nold_keys_until = \"2026-12-31T00:00:00Z\"\n"
        ));
        let c = parse(&good).expect("valid");
        let d = &c.cache_domains[0];
        assert_eq!(d.name, "campus");
        assert_eq!(d.store_display(), "redis://127.0.0.1:6379/0");
        assert!(!format!("{d:?}").contains("pw"));
        let (old_keys, until) = d.keys.old_keys();
        assert_eq!((old_keys.len(), until), (1, Some(1_798_675_200)));
        assert!(parse(GOOD).unwrap().cache_domains.is_empty());
        assert_eq!(d.miss_wait, std::time::Duration::from_millis(5));
        let store_and_key = format!("store = \"redis://h\"\nkey_file = {key:?}\n");
        let c = parse(&with(&format!("{store_and_key}miss_wait_ms = 0\n"))).expect("valid");
        assert!(c.cache_domains[0].miss_wait.is_zero());
        let e = parse(&with(&format!("{store_and_key}miss_wait_ms = 1001\n")))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cache_domain.campus.miss_wait_ms: at most 1000"),
            "{e}"
        );

        let missing = dir.path().join("missing.key");
        let e = parse(&with(&format!(
            "store = \"redis://h:6379\"\nkey_file = {missing:?}\n"
        )))
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("test.toml: cache_domain.campus.key_file: "),
            "{e}"
        );
        assert!(e.contains("missing.key: cannot read"), "{e}");
        let short = dir.path().join("short.key");
        std::fs::write(&short, "abcd").unwrap();
        let e = parse(&with(&format!(
            "store = \"redis://h:6379\"\nkey_file = {short:?}\n"
        )))
        .unwrap_err()
        .to_string();
        assert!(e.contains("short.key: a key is 64 octets"), "{e}");
        let e = parse(&with(&format!("key_file = {key:?}\n")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cache_domain.campus.store: required"), "{e}");
        let tls = parse(&with(&format!(
            "store = \"rediss://h:6379\"\nkey_file = {key:?}\nca_file = {key:?}\n"
        )));
        if cfg!(feature = "store-tls") {
            assert!(tls.expect("valid").cache_domains[0].ca.is_some());
        } else {
            let e = tls.unwrap_err().to_string();
            assert!(e.contains("`store-tls` feature"), "{e}");
        }
        let e = parse(&with(&format!("{store_and_key}ca_file = {key:?}\n")))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(
                "ca_file: only for a rediss://, rediss+sentinel:// or rediss+cluster:// store"
            ),
            "{e}"
        );
        let e = parse(&with("store = \"redis://h:6379\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cache_domain.campus.key_file: required"), "{e}");
        let e = parse(&with(&format!(
            "store = \"redis://h\"\nkey_file = {key:?}\nold_keys_until = \"2026-12-31T00:00:00Z\"\n"
        )))
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("old_keys_until: set without old_key_files"),
            "{e}"
        );
    }

    #[test]
    fn das_keys() {
        let eap = GOOD.replace(
            "\"campus\"",
            "\"campus\"\nsecurity = \"wpa2-eap\"\n\
             radius_das_port = 3799\nradius_das_time_window = 30\n\
             radius_das_clients = [\"10.0.0.9 d e\"]\n\
             [[radio.bss.auth_server]]\naddress = \"10.0.0.1\"\nsecret = \"s\"",
        );
        let c = parse(&eap).expect("valid");
        let Some(WpaAuth::Eap(e)) = c.radios[0].bss[0].wpa.as_ref().map(|w| &w.auth) else {
            panic!("not an EAP BSS");
        };
        let das = e.das.as_ref().expect("DAS");
        assert_eq!(das.listen.to_string(), "0.0.0.0:3799");
        assert_eq!(das.policy.time_window, 30);
        assert!(!das.policy.require_message_authenticator);
        assert_eq!(das.clients[0].addr.to_string(), "10.0.0.9");
        assert_eq!(das.clients[0].secret.expose(), b"d e");
        let err = |text: &str| parse(text).expect_err("invalid").to_string();
        let e = err(&eap.replace("10.0.0.9 d e", "10.0.0.9"));
        assert!(
            e.contains("radio[0].bss[0].radius_das_clients: expected \"<IP> <secret>\""),
            "{e}"
        );
        let e = err(&eap.replace("[\"10.0.0.9 d e\"]", "[]"));
        assert!(
            e.contains("radius_das_clients: the DAS needs a client"),
            "{e}"
        );
        let psk = GOOD.replace("\"campus\"", "\"campus\"\nradius_das_port = 1");
        assert!(err(&psk).contains("radius_das_port: only applies to security = \"wpa2-eap\""));
    }

    #[test]
    fn each_radius_server_keeps_its_own_timing() {
        let eap = GOOD.replace(
            "\"campus\"",
            "\"campus\"\nsecurity = \"wpa2-eap\"\n\
             [[radio.bss.auth_server]]\naddress = \"10.0.0.1\"\nsecret = \"s\"\ntimeout = 1\nretries = 2\n\
             [[radio.bss.auth_server]]\naddress = \"10.0.0.2\"\nsecret = \"s\"\n\
             [[radio.bss.acct_server]]\naddress = \"10.0.0.1\"\nsecret = \"s\"\ntimeout = 7\nretries = 1",
        );
        let eap_text = eap;
        let c = parse(&eap_text).expect("valid");
        let Some(WpaAuth::Eap(eap)) = c.radios[0].bss[0].wpa.as_ref().map(|w| &w.auth) else {
            panic!("not an EAP BSS");
        };
        let other_family = eap_text.replacen(
            "[[radio.bss.auth_server]]",
            "radius_client_addr = \"::1\"\n[[radio.bss.auth_server]]",
            1,
        );
        let e = parse(&other_family)
            .expect_err("IPv6 to IPv4 servers")
            .to_string();
        assert!(
            e.contains("radius_client_addr: ::1 cannot reach the RADIUS server 10.0.0.1"),
            "{e}"
        );
        let timing = |s: &RadiusServer| (s.timeout.as_secs(), s.retries);
        let auth: Vec<_> = eap.auth_servers.iter().map(timing).collect();
        assert_eq!(auth, [(1, 2), (3, 4)]);
        assert_eq!(timing(&eap.acct_servers[0]), (7, 1));
    }

    #[test]
    fn ft_eap_sha384_is_an_ft_akm_of_a_wpa2_eap_bss() {
        let eap = GOOD.replace(
            "\"campus\"",
            "\"campus\"\nsecurity = \"wpa2-eap\"\nnas_identifier = \"ap0\"\n\
             key_mgmt = [\"ft-eap-sha384\", \"ft-eap\", \"wpa-eap\"]\n\
             [[radio.bss.auth_server]]\naddress = \"127.0.0.1:1812\"\nsecret = \"s\"",
        );
        let with_ft = format!(
            "{eap}\n[radio.bss.ft]\nmobility_domain = \"a1b2\"\nr0kh_id = \"ap0.example.net\"\n"
        );
        let c = parse(&with_ft).expect("valid");
        let wpa = c.radios[0].bss[0].wpa.as_ref().expect("eap config");
        assert_eq!(
            wpa.key_mgmt,
            vec![Akm::FtIeee8021xSha384, Akm::FtIeee8021x, Akm::Ieee8021x]
        );
        assert_eq!(
            wpa.ft.as_ref().map(|f| f.mobility_domain),
            Some([0xa1, 0xb2])
        );
        assert_eq!(
            suites::akm_name(Akm::FtIeee8021xSha384),
            Some("ft-eap-sha384")
        );
        // An FT AKM without [ft] is refused, SHA-384 alone as well.
        let alone = eap.replace(
            "[\"ft-eap-sha384\", \"ft-eap\", \"wpa-eap\"]",
            "[\"ft-eap-sha384\"]",
        );
        let e = parse(&alone).expect_err("no mobility domain").to_string();
        assert!(e.contains("ft-eap-sha384 needs a mobility domain"), "{e}");
        // A PSK BSS cannot offer it.
        let psk = GOOD.replace(
            "\"campus\"",
            "\"campus\"\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\n\
             key_mgmt = [\"ft-eap-sha384\"]\n[radio.bss.ft]\nmobility_domain = \"a1b2\"\n\
             r0kh_id = \"ap0.example.net\"",
        );
        let e = parse(&psk).expect_err("not a PSK AKM").to_string();
        assert!(e.contains("ft-eap-sha384 does not match"), "{e}");
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
        let e = parse(&GOOD.replace(
            "[[radio.bss]]",
            "[[radio.bss]]\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\nkey_mgmt = [\"sae-ext-key\"]",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.contains(
                "unknown variant `sae-ext-key`, expected one of `wpa-psk`, `wpa-psk-sha256`, \
                 `wpa-eap`, `wpa-eap-sha256`"
            ),
            "{e}"
        );
        let e = parse(&GOOD.replace(
            "[[radio.bss]]",
            "[[radio.bss]]\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\nkey_mgmt = [\"sae\"]",
        ))
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].bss[0].key_mgmt: sae does not match security = Wpa2Psk \
             (SAE needs security = \"wpa3-sae\" or \"wpa2-wpa3\")"
        );
        let e = parse(&GOOD.replace(
            "[[radio.bss]]",
            "[[radio.bss]]\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\npairwise = [\"tkip\"]",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.contains(
                "unknown variant `tkip`, expected one of `ccmp`, `gcmp`, `gcmp-256`, `ccmp-256`"
            ),
            "{e}"
        );
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
        assert_eq!(bss[2].bssid, Some(MacAddr([2, 0, 0, 0, 0, 0x42])));
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
    fn required_keys_are_named() {
        let e = parse(&GOOD.replace("ssid = \"campus\"", "hidden = true"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "test.toml: radio[0].bss[0].ssid: required");
        let e = parse(&GOOD.replace("channel = 6", ""))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "test.toml: radio[0].channel: required");
    }

    #[test]
    fn mac_acl_admits_as_configured() {
        let deny_file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(deny_file.path(), "02:00:00:00:00:03\n").expect("write");
        let text = GOOD.replace(
            "ssid = \"campus\"",
            &format!(
                "ssid = \"campus\"\nmac_acl = \"deny\"\naccept_macs = [\"02:00:00:00:00:01\"]\n\
                 deny_mac_file = {:?}",
                deny_file.path().display().to_string()
            ),
        );
        let c = parse(&text).expect("valid");
        let bss = &c.radios[0].bss[0];
        assert_eq!(bss.mac_acl.policy(), MacAclPolicy::DenyUnlessAccepted);
        assert!(bss.mac_allowed(MacAddr([2, 0, 0, 0, 0, 1])));
        assert!(!bss.mac_allowed(MacAddr([2, 0, 0, 0, 0, 2])));
        assert_eq!(bss.mac_acl.denied(), &[MacAddr([2, 0, 0, 0, 0, 3])]);

        let text = GOOD.replace(
            "ssid = \"campus\"",
            "ssid = \"campus\"\ndeny_macs = [\"02:00:00:00:00:02\"]",
        );
        let bss = &parse(&text).expect("valid").radios[0].bss[0];
        assert!(bss.mac_allowed(MacAddr([2, 0, 0, 0, 0, 1])));
        assert!(!bss.mac_allowed(MacAddr([2, 0, 0, 0, 0, 2])));
    }

    #[test]
    fn mac_acl_mistakes_are_refused() {
        // An accept list under the default policy would admit everyone.
        let e = parse(&GOOD.replace(
            "ssid = \"campus\"",
            "ssid = \"campus\"\naccept_macs = [\"02:00:00:00:00:01\"]",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("test.toml: radio[0].bss[0].mac_acl: an accept list needs mac_acl"),
            "{e}"
        );
        let e = parse(&GOOD.replace(
            "ssid = \"campus\"",
            "ssid = \"campus\"\ndeny_macs = [\"02:00:00:00:00\"]",
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("\"02:00:00:00:00\" is not a MAC address"), "{e}");
        let e = parse(&GOOD.replace(
            "ssid = \"campus\"",
            "ssid = \"campus\"\nmac_acl = \"radius\"",
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown variant `radius`"), "{e}");
        let e = parse(&GOOD.replace(
            "ssid = \"campus\"",
            "ssid = \"campus\"\nmac_acl = \"deny\"\naccept_mac_file = \"/nonexistent/accept\"",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "test.toml: radio[0].bss[0].accept_mac_file: /nonexistent/accept: cannot read: "
            ),
            "{e}"
        );
    }

    #[test]
    fn country_is_two_capital_letters() {
        let c =
            parse(&GOOD.replace("channel = 6", "channel = 6\ncountry = \"FR\"")).expect("valid");
        assert_eq!(c.radios[0].country, Some(*b"FR"));
        let c = parse(&GOOD.replace(
            "channel = 6",
            "channel = 6\ncountry = \"FR\"\nadvertise_country = true",
        ))
        .expect("valid");
        let radio = &c.radios[0];
        assert!(radio.advertise_country);
        // All environments unless said; the triplets come from the radio.
        assert_eq!(radio.country_environment, b' ');
        assert!(radio.country_triplets.is_empty());
        let c = parse(&GOOD.replace(
            "channel = 6",
            "channel = 6\ncountry = \"FR\"\nadvertise_country = true\ncountry_environment = 0x49",
        ))
        .expect("valid");
        assert_eq!(c.radios[0].country_environment, b'I');
        let e = parse(&GOOD.replace("channel = 6", "channel = 6\ncountry_environment = 0x41"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("test.toml: radio[0].country_environment: 0x41 is not an environment"),
            "{e}"
        );
        assert_eq!(parse(GOOD).expect("valid").radios[0].country, None);
        let e = parse(&GOOD.replace("channel = 6", "channel = 6\ncountry = \"F1\""))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].country: \"F1\" is not a country code (two capital letters, ISO 3166-1)"
        );
        let e = parse(&GOOD.replace("channel = 6", "channel = 6\nadvertise_country = true"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "test.toml: radio[0].advertise_country: advertising the country (IEEE 802.11d) needs a country code"
        );
    }

    #[test]
    fn ctrl_interface_group_by_name_or_gid() {
        let with_group = |group: &str| {
            parse(&format!(
                "[daemon]\nctrl_interface_group = {group:?}\n{GOOD}"
            ))
        };
        let c = with_group("netdev").expect("valid");
        assert_eq!(c.ctrl_interface.as_deref(), Some(Path::new("/run/roamd")));
        assert_eq!(
            c.ctrl_interface_group,
            Some(CtrlGroup::Name("netdev".into()))
        );
        assert_eq!(
            with_group("108").expect("valid").ctrl_interface_group,
            Some(CtrlGroup::Id(108))
        );
        assert_eq!(parse(GOOD).expect("valid").ctrl_interface_group, None);
        let e = with_group("net dev").unwrap_err().to_string();
        assert_eq!(
            e,
            "test.toml: daemon.ctrl_interface_group: \"net dev\" is not a group name or number"
        );
        assert!(with_group("").is_err());
    }

    #[test]
    fn group_names_are_looked_up_in_etc_group() {
        let etc_group = "root:x:0:\nnetdev:x:108:alice,bob\nbroken\nwheel:x:ten:\n";
        let gid = |name: &str| CtrlGroup::Name(name.into()).gid_in(etc_group);
        assert_eq!(gid("netdev"), Some(108));
        assert_eq!(gid("root"), Some(0));
        assert_eq!(gid("net"), None);
        assert_eq!(gid("wheel"), None);
        assert_eq!(CtrlGroup::Id(7).gid_in(etc_group), Some(7));
        assert_eq!(CtrlGroup::Id(7).gid(), Ok(7));
        assert_eq!(CtrlGroup::Name("root".into()).gid(), Ok(0));
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
