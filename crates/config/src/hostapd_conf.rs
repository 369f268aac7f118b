//! hostapd.conf input: the hostapd keys roamd supports, translated into its
//! own configuration and validated by the same code, so `roamd hostapd.conf`
//! runs a network described for hostapd. One file per radio, as hostapd
//! takes one file per interface.
//!
//! Unknown keys are errors (naming the file and line); keys that only tune
//! hostapd internals roamd does not have (logging, WMM parameters, ...) are
//! accepted and listed once in a warning.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::{Config, ConfigError};

/// Keys accepted and ignored: they tune things roamd does not do (yet), or
/// restate its defaults.
const IGNORED: &[&str] = &[
    "logger_syslog",
    "logger_syslog_level",
    "logger_stdout",
    "logger_stdout_level",
    "ctrl_interface_group",
    "macaddr_acl",
    "auth_algs",
    "wmm_enabled",
    "ieee80211n",
    "ieee80211d",
    "country_code",
    "eapol_version",
    "eapol_key_index_workaround",
    "wpa_pairwise",
    "utf8_ssid",
    "preamble",
    "uapsd_advertisement_enabled",
    "dump_file",
    "eap_server",
];

/// One server being assembled from `*_server_addr`, `_port`, `_shared_secret`.
#[derive(Default)]
struct Server {
    addr: String,
    port: Option<String>,
    secret: Option<String>,
}

/// The values of one hostapd.conf, in hostapd's terms.
#[derive(Default)]
struct Hostapd {
    interface: Option<String>,
    ctrl_interface: Option<String>,
    ssid: Option<String>,
    hw_mode: Option<String>,
    channel: Option<String>,
    beacon_int: Option<String>,
    dtim_period: Option<String>,
    hidden: bool,
    max_num_sta: Option<String>,
    ap_max_inactivity: Option<String>,
    wpa: u32,
    wpa_key_mgmt: Vec<String>,
    wpa_passphrase: Option<String>,
    wpa_psk: Option<String>,
    wpa_psk_file: Option<String>,
    rsn_pairwise: Vec<String>,
    ieee80211w: Option<String>,
    wpa_group_rekey: Option<String>,
    wpa_strict_rekey: bool,
    ieee8021x: bool,
    auth_servers: Vec<Server>,
    acct_servers: Vec<Server>,
    nas_identifier: Option<String>,
    own_ip_addr: Option<String>,
    radius_retry_primary_interval: Option<String>,
    acct_interim_interval: Option<String>,
    eap_reauth_period: Option<String>,
    okc: bool,
    disable_pmksa_caching: bool,
}

fn toml_str(s: &str) -> String {
    format!("{s:?}")
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

impl Hostapd {
    fn read(file: &Path, text: &str) -> Result<(Hostapd, Vec<String>), ConfigError> {
        let mut h = Hostapd::default();
        let mut ignored = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |message: String| ConfigError::Invalid {
                file: file.to_path_buf(),
                key: format!("line {}", index + 1),
                message,
            };
            let Some((key, value)) = line.split_once('=') else {
                return Err(at(format!("{line:?} is not key=value")));
            };
            let v = value.to_string();
            let flag = || value.trim() == "1";
            match key {
                "interface" => h.interface = Some(v),
                "driver" if value == "nl80211" => {}
                "driver" => return Err(at(format!("driver={value}: roamd drives nl80211 only"))),
                "ctrl_interface" => {
                    // Also hostapd's "DIR=/path GROUP=name" form.
                    let dir = value
                        .split_whitespace()
                        .find_map(|p| p.strip_prefix("DIR="))
                        .unwrap_or(value);
                    h.ctrl_interface = Some(dir.to_string());
                }
                "ssid" => h.ssid = Some(v),
                "ssid2" => {
                    h.ssid = Some(
                        parse_ssid2(value)
                            .ok_or_else(|| at(format!("ssid2={value}: not \"text\" or hex")))?,
                    )
                }
                "hw_mode" => h.hw_mode = Some(v),
                "channel" => h.channel = Some(v),
                "beacon_int" => h.beacon_int = Some(v),
                "dtim_period" => h.dtim_period = Some(v),
                "ignore_broadcast_ssid" => h.hidden = value != "0",
                "max_num_sta" => h.max_num_sta = Some(v),
                "ap_max_inactivity" => h.ap_max_inactivity = Some(v),
                "wpa" => {
                    h.wpa = value
                        .parse()
                        .map_err(|_| at(format!("wpa={value}: not a number")))?
                }
                "wpa_key_mgmt" => {
                    h.wpa_key_mgmt = value.split_whitespace().map(str::to_string).collect()
                }
                "wpa_passphrase" => h.wpa_passphrase = Some(v),
                "wpa_psk" => h.wpa_psk = Some(v),
                "wpa_psk_file" => h.wpa_psk_file = Some(v),
                "rsn_pairwise" => {
                    h.rsn_pairwise = value.split_whitespace().map(str::to_string).collect()
                }
                "ieee80211w" => h.ieee80211w = Some(v),
                "wpa_group_rekey" => h.wpa_group_rekey = Some(v),
                "wpa_strict_rekey" => h.wpa_strict_rekey = flag(),
                "ieee8021x" => h.ieee8021x = flag(),
                "auth_server_addr" => h.auth_servers.push(Server {
                    addr: v,
                    ..Server::default()
                }),
                "acct_server_addr" => h.acct_servers.push(Server {
                    addr: v,
                    ..Server::default()
                }),
                "auth_server_port"
                | "auth_server_shared_secret"
                | "acct_server_port"
                | "acct_server_shared_secret" => {
                    let list = if key.starts_with("auth") {
                        &mut h.auth_servers
                    } else {
                        &mut h.acct_servers
                    };
                    let server = list
                        .last_mut()
                        .ok_or_else(|| at(format!("{key} before its *_server_addr")))?;
                    if key.ends_with("port") {
                        server.port = Some(v);
                    } else {
                        server.secret = Some(v);
                    }
                }
                "nas_identifier" => h.nas_identifier = Some(v),
                "own_ip_addr" => h.own_ip_addr = Some(v),
                "radius_retry_primary_interval" => h.radius_retry_primary_interval = Some(v),
                "radius_acct_interim_interval" => h.acct_interim_interval = Some(v),
                "eap_reauth_period" => h.eap_reauth_period = Some(v),
                "okc" => h.okc = flag(),
                "disable_pmksa_caching" => h.disable_pmksa_caching = flag(),
                "bss" => {
                    return Err(at(
                        "bss=: several BSSes per radio are not supported yet".into()
                    ))
                }
                k if IGNORED.contains(&k) => ignored.push(k.to_string()),
                k => return Err(at(format!("{k}: not a hostapd.conf key roamd supports"))),
            }
        }
        Ok((h, ignored))
    }

    /// The radio's `[[radio]]` table in roamd's TOML.
    fn to_toml(&self, file: &Path) -> Result<String, ConfigError> {
        let missing = |key: &str| ConfigError::Invalid {
            file: file.to_path_buf(),
            key: key.to_string(),
            message: "required".into(),
        };
        let mut t = String::new();
        let _ = writeln!(t, "[[radio]]");
        let _ = writeln!(
            t,
            "interface = {}",
            toml_str(
                self.interface
                    .as_deref()
                    .ok_or_else(|| missing("interface"))?
            )
        );
        let _ = writeln!(
            t,
            "channel = {}",
            self.channel.as_deref().ok_or_else(|| missing("channel"))?
        );
        if let Some(mode) = &self.hw_mode {
            let _ = writeln!(t, "hw_mode = {}", toml_str(mode));
        }
        for (key, value) in [
            ("beacon_interval", &self.beacon_int),
            ("dtim_period", &self.dtim_period),
        ] {
            if let Some(v) = value {
                let _ = writeln!(t, "{key} = {v}");
            }
        }
        let _ = writeln!(t, "\n[[radio.bss]]");
        let _ = writeln!(
            t,
            "ssid = {}",
            toml_str(self.ssid.as_deref().ok_or_else(|| missing("ssid"))?)
        );
        if self.hidden {
            let _ = writeln!(t, "hidden = true");
        }
        for (key, value) in [
            ("max_stations", &self.max_num_sta),
            ("max_inactivity", &self.ap_max_inactivity),
        ] {
            if let Some(v) = value {
                let _ = writeln!(t, "{key} = {v}");
            }
        }
        if self.wpa & 2 == 0 {
            return Ok(t);
        }
        let eap = self.ieee8021x || self.wpa_key_mgmt.iter().any(|k| k.contains("EAP"));
        let _ = writeln!(
            t,
            "security = {}",
            toml_str(if eap { "wpa2-eap" } else { "wpa2-psk" })
        );
        if !self.wpa_key_mgmt.is_empty() {
            let akms: Vec<String> = self
                .wpa_key_mgmt
                .iter()
                .map(|k| toml_str(&k.to_lowercase()))
                .collect();
            let _ = writeln!(t, "key_mgmt = [{}]", akms.join(", "));
        }
        if !self.rsn_pairwise.is_empty() {
            let ciphers: Vec<String> = self
                .rsn_pairwise
                .iter()
                .map(|c| toml_str(&c.to_lowercase()))
                .collect();
            let _ = writeln!(t, "pairwise = [{}]", ciphers.join(", "));
        }
        match self.ieee80211w.as_deref() {
            Some("1") => {
                let _ = writeln!(t, "pmf = \"optional\"");
            }
            Some("2") => {
                let _ = writeln!(t, "pmf = \"required\"");
            }
            _ => {}
        }
        let strings = [
            ("passphrase", &self.wpa_passphrase),
            ("psk", &self.wpa_psk),
            ("wpa_psk_file", &self.wpa_psk_file),
            ("nas_identifier", &self.nas_identifier),
            ("own_ip_addr", &self.own_ip_addr),
        ];
        for (key, value) in strings {
            if let Some(v) = value {
                let _ = writeln!(t, "{key} = {}", toml_str(v));
            }
        }
        let numbers = [
            ("group_rekey", &self.wpa_group_rekey),
            (
                "radius_retry_primary_interval",
                &self.radius_retry_primary_interval,
            ),
            ("acct_interim_interval", &self.acct_interim_interval),
            ("reauth_period", &self.eap_reauth_period),
        ];
        for (key, value) in numbers {
            if let Some(v) = value {
                let _ = writeln!(t, "{key} = {v}");
            }
        }
        if self.wpa_strict_rekey {
            let _ = writeln!(t, "rekey_on_leave = true");
        }
        if eap {
            // hostapd: PMKSA caching on unless disabled, OKC off unless enabled.
            let mode = if self.disable_pmksa_caching {
                "none"
            } else if self.okc {
                "okc"
            } else {
                "sticky"
            };
            let _ = writeln!(t, "\n[radio.bss.cache]\nmode = {}", toml_str(mode));
        }
        for (table, servers, port) in [
            ("auth_server", &self.auth_servers, 1812),
            ("acct_server", &self.acct_servers, 1813),
        ] {
            for s in servers {
                let _ = writeln!(t, "\n[[radio.bss.{table}]]");
                let _ = writeln!(
                    t,
                    "address = {}",
                    toml_str(&format!(
                        "{}:{}",
                        s.addr,
                        s.port.as_deref().unwrap_or(&port.to_string())
                    ))
                );
                if let Some(secret) = &s.secret {
                    let _ = writeln!(t, "secret = {}", toml_str(secret));
                }
            }
        }
        Ok(t)
    }
}

/// Reads hostapd.conf files, one radio each, into a roamd configuration.
pub fn load(files: &[PathBuf]) -> Result<Config, ConfigError> {
    let mut texts = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
            file: file.clone(),
            source,
        })?;
        texts.push((file.clone(), text));
    }
    parse(&texts)
}

/// Parses hostapd.conf texts (file name, content), one radio each.
pub fn parse(files: &[(PathBuf, String)]) -> Result<Config, ConfigError> {
    let mut toml = String::new();
    let mut ctrl_interface = None;
    for (file, text) in files {
        let (h, ignored) = Hostapd::read(file, text)?;
        if !ignored.is_empty() {
            tracing::warn!(
                "{}: ignored hostapd.conf keys: {}",
                file.display(),
                ignored.join(", ")
            );
        }
        ctrl_interface = ctrl_interface.or(h.ctrl_interface.clone());
        let radio = h.to_toml(file)?;
        // Semantic errors come back naming roamd's key; say which file they are about.
        Config::parse(file, &radio).map_err(hostapd_terms)?;
        toml.push_str(&radio);
        toml.push('\n');
    }
    // Without ctrl_interface hostapd has no control socket; neither does roamd.
    let daemon = format!(
        "[daemon]\nctrl_interface = {}\n\n",
        toml_str(ctrl_interface.as_deref().unwrap_or(""))
    );
    let first = files.first().map(|(f, _)| f.clone()).unwrap_or_default();
    Config::parse(&first, &format!("{daemon}{toml}")).map_err(hostapd_terms)
}

/// Renames roamd's keys in an error to the hostapd.conf keys the user wrote.
fn hostapd_terms(e: ConfigError) -> ConfigError {
    match e {
        ConfigError::Invalid { file, key, message } => {
            let leaf = key.rsplit('.').next().unwrap_or(&key);
            let hostapd = match leaf {
                "passphrase" => "wpa_passphrase",
                "psk" => "wpa_psk",
                "beacon_interval" => "beacon_int",
                "max_stations" => "max_num_sta",
                "max_inactivity" => "ap_max_inactivity",
                "key_mgmt" => "wpa_key_mgmt",
                "pairwise" => "rsn_pairwise",
                "group_rekey" => "wpa_group_rekey",
                other => other,
            };
            ConfigError::Invalid {
                file,
                key: hostapd.to_string(),
                message,
            }
        }
        ConfigError::Syntax { file, message } => ConfigError::Syntax {
            file,
            message: format!("unsupported value: {message}"),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CacheMode, Cipher, KeyMgmt, Pmf, Security, WpaAuth};

    fn one(text: &str) -> Result<Config, ConfigError> {
        parse(&[(PathBuf::from("ap.conf"), text.to_string())])
    }

    #[test]
    fn the_reference_psk_config_is_read() {
        // ../shared/tools/hwsim-scenarios/psk-connect.sh's hostapd.conf.
        let c = one("interface=wlan0\ndriver=nl80211\nctrl_interface=/run/hostapd\nssid=roam-psk\nhw_mode=g\nchannel=1\n\
                     wpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=correct horse battery\nieee80211w=1\n")
            .expect("valid");
        assert_eq!(c.ctrl_interface, Some(PathBuf::from("/run/hostapd")));
        let bss = &c.radios[0].bss[0];
        assert_eq!(bss.ssid, b"roam-psk");
        assert_eq!(bss.security, Security::Wpa2Psk);
        let wpa = bss.wpa.as_ref().expect("wpa");
        assert_eq!(wpa.pmf, Pmf::Optional);
        assert_eq!(wpa.key_mgmt, vec![KeyMgmt::WpaPsk]);
        assert_eq!(wpa.pairwise, vec![Cipher::Ccmp]);
        let expected = roamd_wpa::psk::psk_from_passphrase(b"correct horse battery", b"roam-psk")
            .expect("psk");
        assert!(matches!(&wpa.auth, WpaAuth::Psk { psk: Some(p), .. } if *p == expected));
    }

    #[test]
    fn the_reference_eap_okc_config_is_read() {
        let c = one("interface=wlan1\ndriver=nl80211\nssid=roam-eap\nhw_mode=g\nchannel=1\nieee8021x=1\n\
                     auth_server_addr=127.0.0.1\nauth_server_port=1812\nauth_server_shared_secret=testing123\n\
                     acct_server_addr=127.0.0.1\nacct_server_shared_secret=testing123\nnas_identifier=ap1\n\
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
    fn errors_name_the_file_and_the_hostapd_key() {
        let e = one("interface=wlan0\nssid=x\nchannel=1\nfrobnicate=1\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "ap.conf: line 4: frobnicate: not a hostapd.conf key roamd supports"
        );
        let e = one("interface=wlan0\nssid=x\nchannel=1\nwpa=2\nwpa_passphrase=short\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("ap.conf: wpa_passphrase: "), "{e}");
        assert!(!e.contains("short"), "{e}");
        let e = one("interface=wlan0\nssid=x\nchannel=1\ndriver=wired\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "ap.conf: line 4: driver=wired: roamd drives nl80211 only"
        );
        let e = one("ssid=x\nchannel=1\n").unwrap_err().to_string();
        assert_eq!(e, "ap.conf: interface: required");
        let e = one("interface=wlan0\nssid=x\nchannel=1\nauth_server_port=1812\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "ap.conf: line 4: auth_server_port before its *_server_addr"
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
    }
}
