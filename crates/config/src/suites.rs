//! The AKM and cipher suites a BSS may be configured with, by name: as
//! hostapd.conf writes them (`WPA-PSK`) and as roamd's TOML file does
//! (`wpa-psk`).
//!
//! The suites are the workspace's one [`Akm`] and [`CipherSuite`] types;
//! these tables are the subset roamd supports, and any other name is refused.

use roamd_ieee80211::element::{Akm, CipherSuite};
use serde::de::Error as _;
use serde::Deserialize;

/// The AKMs a BSS may offer: hostapd.conf name, TOML name, suite.
const AKMS: [(&str, &str, Akm); 9] = [
    ("WPA-PSK", "wpa-psk", Akm::Psk),
    ("WPA-PSK-SHA256", "wpa-psk-sha256", Akm::PskSha256),
    ("WPA-EAP", "wpa-eap", Akm::Ieee8021x),
    ("WPA-EAP-SHA256", "wpa-eap-sha256", Akm::Ieee8021xSha256),
    ("FT-PSK", "ft-psk", Akm::FtPsk),
    ("FT-EAP", "ft-eap", Akm::FtIeee8021x),
    ("FT-EAP-SHA384", "ft-eap-sha384", Akm::FtIeee8021xSha384),
    ("SAE", "sae", Akm::Sae),
    ("FT-SAE", "ft-sae", Akm::FtSae),
];

/// The TOML names of [`AKMS`], for serde's "expected one of" message.
const AKM_NAMES: &[&str] = &[
    "wpa-psk",
    "wpa-psk-sha256",
    "wpa-eap",
    "wpa-eap-sha256",
    "ft-psk",
    "ft-eap",
    "ft-eap-sha384",
    "sae",
    "ft-sae",
];

/// The pairwise (and group) data ciphers a BSS may offer: hostapd.conf
/// name, TOML name, suite.
const CIPHERS: [(&str, &str, CipherSuite); 4] = [
    ("CCMP", "ccmp", CipherSuite::Ccmp128),
    ("GCMP", "gcmp", CipherSuite::Gcmp128),
    ("GCMP-256", "gcmp-256", CipherSuite::Gcmp256),
    ("CCMP-256", "ccmp-256", CipherSuite::Ccmp256),
];

/// The TOML names of [`CIPHERS`].
const CIPHER_NAMES: &[&str] = &["ccmp", "gcmp", "gcmp-256", "ccmp-256"];

/// The AKM for a hostapd.conf `wpa_key_mgmt` name (any case), if supported.
pub(crate) fn akm_from_hostapd(name: &str) -> Option<Akm> {
    AKMS.iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, _, akm)| akm)
}

/// The hostapd.conf names of the supported AKMs, for error messages.
pub(crate) fn hostapd_akm_names() -> String {
    AKMS.iter()
        .map(|(n, _, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The TOML name of a supported AKM, e.g. `wpa-psk`.
pub fn akm_name(akm: Akm) -> Option<&'static str> {
    AKMS.iter()
        .find(|(_, _, a)| *a == akm)
        .map(|&(_, name, _)| name)
}

/// The cipher for a hostapd.conf `rsn_pairwise` name (any case), if supported.
pub(crate) fn cipher_from_hostapd(name: &str) -> Option<CipherSuite> {
    CIPHERS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, _, cipher)| cipher)
}

/// The TOML name of a supported cipher, e.g. `ccmp-256`.
pub fn cipher_name(cipher: CipherSuite) -> Option<&'static str> {
    CIPHERS
        .iter()
        .find(|(_, _, c)| *c == cipher)
        .map(|&(_, name, _)| name)
}

/// Reads a TOML list of AKM names (`key_mgmt = ["wpa-psk"]`).
pub(crate) fn deserialize_akms<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Akm>>, D::Error> {
    deserialize_names(deserializer, &AKMS, AKM_NAMES)
}

/// Reads a TOML list of cipher names (`pairwise = ["ccmp"]`).
pub(crate) fn deserialize_ciphers<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<CipherSuite>>, D::Error> {
    deserialize_names(deserializer, &CIPHERS, CIPHER_NAMES)
}

/// Looks each name of a TOML list up in `table`; an unknown one is refused
/// as serde refuses an unknown enum variant.
fn deserialize_names<'de, D: serde::Deserializer<'de>, T: Copy>(
    deserializer: D,
    table: &[(&str, &str, T)],
    names: &'static [&'static str],
) -> Result<Option<Vec<T>>, D::Error> {
    let Some(given) = Option::<Vec<String>>::deserialize(deserializer)? else {
        return Ok(None);
    };
    given
        .iter()
        .map(|name| {
            table
                .iter()
                .find(|(_, n, _)| n == name)
                .map(|&(_, _, suite)| suite)
                .ok_or_else(|| D::Error::unknown_variant(name, names))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree() {
        for (hostapd, toml, akm) in AKMS {
            assert_eq!(akm_from_hostapd(hostapd), Some(akm));
            assert_eq!(akm_from_hostapd(&hostapd.to_lowercase()), Some(akm));
            assert_eq!(akm_name(akm), Some(toml));
            assert!(AKM_NAMES.contains(&toml));
        }
        assert_eq!(akm_from_hostapd("SAE"), Some(Akm::Sae));
        assert_eq!(akm_name(Akm::FtSae), Some("ft-sae"));
        assert_eq!(akm_from_hostapd("SAE-EXT-KEY"), None);
        for (hostapd, toml, cipher) in CIPHERS {
            assert_eq!(cipher_from_hostapd(hostapd), Some(cipher));
            assert_eq!(cipher_from_hostapd(&hostapd.to_lowercase()), Some(cipher));
            assert_eq!(cipher_name(cipher), Some(toml));
            assert!(CIPHER_NAMES.contains(&toml));
        }
        assert_eq!(cipher_from_hostapd("TKIP"), None);
        assert_eq!(cipher_name(CipherSuite::Tkip), None);
    }
}
