//! The RSN policy of a BSS: the RSNE it advertises and the checks a
//! station's RSNE must pass at (re)association (IEEE 802.11-2020 12.6.3,
//! hostapd's wpa_validate_wpa_ie).

use roamd_ieee80211::element::{Akm, CipherSuite, RsnCapabilities, RsneRepr};
use roamd_ieee80211::{ElementWriter, StatusCode};
use roamd_nl80211_ap::RsnSettings;

use crate::config::{KeyMgmt, Pmf, PskConfig};

/// RSN element ID.
pub const EID_RSN: u8 = 48;

/// What a station and the BSS agreed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// The AKM.
    pub akm: Akm,
    /// The pairwise cipher.
    pub pairwise: CipherSuite,
    /// Management frame protection is in use.
    pub mfp: bool,
    /// PMKIDs the station offered.
    pub pmkids: Vec<[u8; 16]>,
    /// The station's whole RSN element (ID and length included), which
    /// message 2 of the 4-way handshake must repeat bit for bit.
    pub station_rsne: Vec<u8>,
}

/// The RSN policy of one BSS.
#[derive(Debug, Clone)]
pub struct RsnPolicy {
    akms: Vec<Akm>,
    pmf: Pmf,
    element: Vec<u8>,
}

fn suite_u32(bytes: [u8; 4]) -> u32 {
    u32::from_be_bytes(bytes)
}

impl RsnPolicy {
    /// The policy of a WPA2-PSK BSS.
    pub fn new(config: &PskConfig) -> Self {
        let akms: Vec<Akm> = config
            .key_mgmt
            .iter()
            .map(|k| match k {
                KeyMgmt::WpaPsk => Akm::Psk,
                KeyMgmt::WpaPskSha256 => Akm::PskSha256,
            })
            .collect();
        let mut capabilities = RsnCapabilities::empty();
        if config.pmf != Pmf::Disabled {
            capabilities |= RsnCapabilities::MFPC;
        }
        if config.pmf == Pmf::Required {
            capabilities |= RsnCapabilities::MFPR;
        }
        let repr = RsneRepr {
            group_cipher: Some(CipherSuite::Ccmp128),
            pairwise: Some(vec![CipherSuite::Ccmp128]),
            akms: Some(akms.clone()),
            capabilities: Some(capabilities),
            pmkids: None,
            // BIP-CMAC-128 is the default group management cipher and is left out, as hostapd does.
            group_mgmt_cipher: None,
        };
        let mut element = Vec::new();
        // Within the element size limit by construction (at most two AKMs).
        let _ = ElementWriter::new(&mut element).rsne(&repr);
        RsnPolicy { akms, pmf: config.pmf, element }
    }

    /// The whole RSN element for beacons, probe responses and message 3.
    pub fn element(&self) -> &[u8] {
        &self.element
    }

    /// Management frame protection setting.
    pub fn pmf(&self) -> Pmf {
        self.pmf
    }

    /// What the kernel needs at START_AP.
    pub fn kernel_settings(&self) -> RsnSettings {
        RsnSettings {
            akm_suites: self.akms.iter().map(|a| suite_u32((*a).into())).collect(),
            pairwise_ciphers: vec![suite_u32(CipherSuite::Ccmp128.into())],
            group_cipher: suite_u32(CipherSuite::Ccmp128.into()),
        }
    }

    /// Checks the RSNE of a (re)association request (`data` is the element
    /// body, `None` if the request had none) and returns what was agreed or
    /// the status code to refuse with.
    pub fn negotiate(&self, data: Option<&[u8]>) -> Result<Negotiated, StatusCode> {
        let data = data.ok_or(StatusCode::InvalidIe)?;
        let rsne = RsneRepr::parse(data).map_err(|_| StatusCode::InvalidIe)?;
        if rsne.group_cipher.is_some_and(|g| g != CipherSuite::Ccmp128) {
            return Err(StatusCode::GroupCipherNotValid);
        }
        let pairwise = rsne.pairwise.clone().unwrap_or_else(|| vec![CipherSuite::Ccmp128]);
        if pairwise.as_slice() != [CipherSuite::Ccmp128] && !pairwise.contains(&CipherSuite::Ccmp128) {
            return Err(StatusCode::PairwiseCipherNotValid);
        }
        // A station must select exactly one AKM and one pairwise cipher.
        let akms = rsne.akms.clone().unwrap_or_else(|| vec![Akm::Ieee8021x]);
        let akm = match akms.as_slice() {
            [one] if self.akms.contains(one) => *one,
            _ => return Err(StatusCode::AkmpNotValid),
        };
        let caps = rsne.capabilities.unwrap_or(RsnCapabilities::empty());
        let station_mfpc = caps.contains(RsnCapabilities::MFPC);
        let station_mfpr = caps.contains(RsnCapabilities::MFPR);
        let mfp = match self.pmf {
            Pmf::Disabled if station_mfpr => return Err(StatusCode::RobustMgmtPolicyViolation),
            Pmf::Disabled => false,
            Pmf::Required if !station_mfpc => return Err(StatusCode::RobustMgmtPolicyViolation),
            Pmf::Required | Pmf::Optional => station_mfpc,
        };
        if mfp && rsne.group_mgmt_cipher.is_some_and(|c| c != CipherSuite::BipCmac128) {
            return Err(StatusCode::CipherRejectedPerPolicy);
        }
        // The SHA-256 PSK AKM is defined for use with PMF only when both ask for it; hostapd allows it either way.
        let mut station_rsne = vec![EID_RSN, data.len() as u8];
        station_rsne.extend_from_slice(data);
        Ok(Negotiated {
            akm,
            pairwise: CipherSuite::Ccmp128,
            mfp,
            pmkids: rsne.pmkids.unwrap_or_default(),
            station_rsne,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn policy(pmf: Pmf, key_mgmt: Vec<KeyMgmt>) -> RsnPolicy {
        RsnPolicy::new(&PskConfig {
            psk: None,
            station_psks: Vec::new(),
            key_mgmt,
            pmf,
            group_rekey: Some(Duration::from_secs(86400)),
            rekey_on_leave: false,
        })
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
    }

    #[test]
    fn advertised_rsne_matches_hostapd() {
        // traces/psk-connect beacon tail: WPA-PSK, CCMP, ieee80211w=1.
        assert_eq!(policy(Pmf::Optional, vec![KeyMgmt::WpaPsk]).element(), hex("30140100000fac040100000fac040100000fac028000"));
        assert_eq!(
            policy(Pmf::Disabled, vec![KeyMgmt::WpaPsk]).kernel_settings(),
            RsnSettings { akm_suites: vec![0x000fac02], pairwise_ciphers: vec![0x000fac04], group_cipher: 0x000fac04 }
        );
    }

    #[test]
    fn station_rsne_checks() {
        // wpa_supplicant's RSNE with MFPC (traces/psk-connect association request).
        let sta = hex("0100000fac040100000fac040100000fac028000");
        let p = policy(Pmf::Optional, vec![KeyMgmt::WpaPsk]);
        let n = p.negotiate(Some(&sta)).expect("accepted");
        assert!(n.mfp);
        assert_eq!(n.akm, Akm::Psk);
        assert_eq!(n.station_rsne[..2], [48, 20]);
        assert!(!policy(Pmf::Disabled, vec![KeyMgmt::WpaPsk]).negotiate(Some(&sta)).expect("ok").mfp);

        let no_mfp = hex("0100000fac040100000fac040100000fac020000");
        assert_eq!(policy(Pmf::Required, vec![KeyMgmt::WpaPsk]).negotiate(Some(&no_mfp)), Err(StatusCode::RobustMgmtPolicyViolation));
        assert_eq!(p.negotiate(None), Err(StatusCode::InvalidIe));
        assert_eq!(p.negotiate(Some(&[1])), Err(StatusCode::InvalidIe));
        let tkip_group = hex("0100000fac020100000fac040100000fac020000");
        assert_eq!(p.negotiate(Some(&tkip_group)), Err(StatusCode::GroupCipherNotValid));
        let tkip_pairwise = hex("0100000fac040100000fac020100000fac020000");
        assert_eq!(p.negotiate(Some(&tkip_pairwise)), Err(StatusCode::PairwiseCipherNotValid));
        let sha256 = hex("0100000fac040100000fac040100000fac060000");
        assert_eq!(p.negotiate(Some(&sha256)), Err(StatusCode::AkmpNotValid));
        let both = policy(Pmf::Optional, vec![KeyMgmt::WpaPsk, KeyMgmt::WpaPskSha256]);
        assert_eq!(both.negotiate(Some(&sha256)).expect("ok").akm, Akm::PskSha256);
    }
}
