//! The RSN policy of a BSS: the RSNE it advertises and the checks a
//! station's RSNE must pass at (re)association (IEEE 802.11-2020 12.6.3,
//! hostapd's wpa_validate_wpa_ie).

use crate::output::RsnParams;
use roamd_ieee80211::element::{Akm, CipherSuite, RsnCapabilities, RsneRepr};
use roamd_ieee80211::{ElementWriter, StatusCode};

#[cfg(test)]
use crate::config::WpaAuth;
use crate::config::{Pmf, WpaConfig};

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
    pairwise: Vec<CipherSuite>,
    group: CipherSuite,
    pmf: Pmf,
    element: Vec<u8>,
    /// The RSN Extension element, or nothing.
    rsnxe: Vec<u8>,
}

/// RSN Extension element ID.
pub const EID_RSNX: u8 = 244;
/// RSNXE Extended RSN Capabilities bit 5: SAE hash-to-element (9.4.2.241).
const RSNX_SAE_H2E: u8 = 1 << 5;

impl RsnPolicy {
    /// The policy of a WPA2 BSS.
    pub fn new(config: &WpaConfig) -> Self {
        let akms = config.key_mgmt.clone();
        let mut capabilities = RsnCapabilities::empty();
        if config.pmf != Pmf::Disabled {
            capabilities |= RsnCapabilities::MFPC;
        }
        if config.pmf == Pmf::Required {
            capabilities |= RsnCapabilities::MFPR;
        }
        let pairwise = config.pairwise.clone();
        // Like hostapd: CCMP-128 for group traffic whenever it is offered,
        // else the first pairwise cipher.
        let group = if config.pairwise.contains(&CipherSuite::Ccmp128) {
            CipherSuite::Ccmp128
        } else {
            pairwise.first().copied().unwrap_or(CipherSuite::Ccmp128)
        };
        let repr = RsneRepr {
            group_cipher: Some(group),
            pairwise: Some(pairwise.clone()),
            akms: Some(akms.clone()),
            capabilities: Some(capabilities),
            pmkids: None,
            // BIP-CMAC-128 is the default group management cipher and is left out, as hostapd does.
            group_mgmt_cipher: None,
        };
        let mut element = Vec::new();
        // Within the element size limit by construction (the configuration
        // offers at most nine AKMs and four ciphers).
        let _ = ElementWriter::new(&mut element).rsne(&repr);
        // An SAE BSS that takes hash-to-element says so, as hostapd's
        // sae_pwe=1/2 does; a station uses H2E only then.
        let h2e = config
            .sae
            .as_ref()
            .is_some_and(|s| s.pwe != crate::config::PweMode::HuntingAndPecking);
        let rsnxe = if h2e {
            vec![EID_RSNX, 1, RSNX_SAE_H2E]
        } else {
            Vec::new()
        };
        RsnPolicy {
            akms,
            pairwise,
            group,
            pmf: config.pmf,
            element,
            rsnxe,
        }
    }

    /// The whole RSN element for beacons, probe responses and message 3.
    pub fn element(&self) -> &[u8] {
        &self.element
    }

    /// The RSN Extension element (empty when the BSS has no extended RSN
    /// capability): after the RSNE in beacons, probe responses and message 3.
    pub fn rsnxe(&self) -> &[u8] {
        &self.rsnxe
    }

    /// The RSNE and RSNXE, as beacons and message 3 carry them.
    pub fn elements(&self) -> Vec<u8> {
        [&self.element[..], &self.rsnxe[..]].concat()
    }

    /// The group data cipher.
    pub fn group_cipher(&self) -> CipherSuite {
        self.group
    }

    /// Management frame protection setting.
    pub fn pmf(&self) -> Pmf {
        self.pmf
    }

    /// What the kernel needs at START_AP.
    pub fn kernel_settings(&self) -> RsnParams {
        RsnParams {
            akm_suites: self.akms.clone(),
            pairwise_ciphers: self.pairwise.clone(),
            group_cipher: self.group,
        }
    }

    /// Checks the RSNE of a (re)association request (`data` is the element
    /// body, `None` if the request had none) and returns what was agreed or
    /// the status code to refuse with.
    pub fn negotiate(&self, data: Option<&[u8]>) -> Result<Negotiated, StatusCode> {
        let data = data.ok_or(StatusCode::InvalidIe)?;
        let rsne = RsneRepr::parse(data).map_err(|_| StatusCode::InvalidIe)?;
        if rsne.group_cipher.is_some_and(|g| g != self.group) {
            return Err(StatusCode::GroupCipherNotValid);
        }
        // A station selects exactly one pairwise cipher (absent: CCMP-128, 9.4.2.24.1).
        let pairwise = match rsne.pairwise.as_deref() {
            None => CipherSuite::Ccmp128,
            Some([one]) => *one,
            Some(_) => return Err(StatusCode::PairwiseCipherNotValid),
        };
        if !self.pairwise.contains(&pairwise) {
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
        if mfp
            && rsne
                .group_mgmt_cipher
                .is_some_and(|c| c != CipherSuite::BipCmac128)
        {
            return Err(StatusCode::CipherRejectedPerPolicy);
        }
        // The SHA-256 PSK AKM is defined for use with PMF only when both ask for it; hostapd allows it either way.
        let mut station_rsne = vec![EID_RSN, data.len() as u8];
        station_rsne.extend_from_slice(data);
        Ok(Negotiated {
            akm,
            pairwise,
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

    fn policy(pmf: Pmf, key_mgmt: Vec<Akm>) -> RsnPolicy {
        RsnPolicy::new(&WpaConfig {
            auth: WpaAuth::Psk {
                psk: None,
                station_psks: Vec::new(),
            },
            key_mgmt,
            pairwise: vec![CipherSuite::Ccmp128],
            pmf,
            group_rekey: Some(Duration::from_secs(86400)),
            rekey_on_leave: false,
            ft: None,
            sae: None,
        })
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    #[test]
    fn advertised_rsne_matches_hostapd() {
        // traces/psk-connect beacon tail: WPA-PSK, CCMP, ieee80211w=1.
        assert_eq!(
            policy(Pmf::Optional, vec![Akm::Psk]).element(),
            hex("30140100000fac040100000fac040100000fac028000")
        );
        assert_eq!(
            policy(Pmf::Disabled, vec![Akm::Psk]).kernel_settings(),
            RsnParams {
                akm_suites: vec![Akm::Psk],
                pairwise_ciphers: vec![CipherSuite::Ccmp128],
                group_cipher: CipherSuite::Ccmp128
            }
        );
    }

    #[test]
    fn station_rsne_checks() {
        // wpa_supplicant's RSNE with MFPC (traces/psk-connect association request).
        let sta = hex("0100000fac040100000fac040100000fac028000");
        let p = policy(Pmf::Optional, vec![Akm::Psk]);
        let n = p.negotiate(Some(&sta)).expect("accepted");
        assert!(n.mfp);
        assert_eq!(n.akm, Akm::Psk);
        assert_eq!(n.station_rsne[..2], [48, 20]);
        assert!(
            !policy(Pmf::Disabled, vec![Akm::Psk])
                .negotiate(Some(&sta))
                .expect("ok")
                .mfp
        );

        let no_mfp = hex("0100000fac040100000fac040100000fac020000");
        assert_eq!(
            policy(Pmf::Required, vec![Akm::Psk]).negotiate(Some(&no_mfp)),
            Err(StatusCode::RobustMgmtPolicyViolation)
        );
        assert_eq!(p.negotiate(None), Err(StatusCode::InvalidIe));
        assert_eq!(p.negotiate(Some(&[1])), Err(StatusCode::InvalidIe));
        let tkip_group = hex("0100000fac020100000fac040100000fac020000");
        assert_eq!(
            p.negotiate(Some(&tkip_group)),
            Err(StatusCode::GroupCipherNotValid)
        );
        let tkip_pairwise = hex("0100000fac040100000fac020100000fac020000");
        assert_eq!(
            p.negotiate(Some(&tkip_pairwise)),
            Err(StatusCode::PairwiseCipherNotValid)
        );
        let sha256 = hex("0100000fac040100000fac040100000fac060000");
        assert_eq!(p.negotiate(Some(&sha256)), Err(StatusCode::AkmpNotValid));
        let both = policy(Pmf::Optional, vec![Akm::Psk, Akm::PskSha256]);
        assert_eq!(
            both.negotiate(Some(&sha256)).expect("ok").akm,
            Akm::PskSha256
        );
        let two_pairwise = hex("0100000fac040200000fac04000fac090100000fac020000");
        assert_eq!(
            p.negotiate(Some(&two_pairwise)),
            Err(StatusCode::PairwiseCipherNotValid)
        );
    }

    #[test]
    fn gcmp_256_is_negotiated_when_offered() {
        let mut config = WpaConfig {
            auth: WpaAuth::Psk {
                psk: None,
                station_psks: Vec::new(),
            },
            key_mgmt: vec![Akm::Psk],
            pairwise: vec![CipherSuite::Gcmp256, CipherSuite::Ccmp128],
            pmf: Pmf::Disabled,
            group_rekey: None,
            rekey_on_leave: false,
            ft: None,
            sae: None,
        };
        let p = RsnPolicy::new(&config);
        assert_eq!(p.group_cipher(), CipherSuite::Ccmp128);
        assert_eq!(
            p.kernel_settings().pairwise_ciphers,
            vec![CipherSuite::Gcmp256, CipherSuite::Ccmp128]
        );
        let gcmp = hex("0100000fac040100000fac090100000fac020000");
        assert_eq!(
            p.negotiate(Some(&gcmp)).expect("ok").pairwise,
            CipherSuite::Gcmp256
        );
        config.pairwise = vec![CipherSuite::Ccmp256];
        let only256 = RsnPolicy::new(&config);
        assert_eq!(only256.group_cipher(), CipherSuite::Ccmp256);
        assert_eq!(
            only256.negotiate(Some(&gcmp)),
            Err(StatusCode::GroupCipherNotValid)
        );
    }
}
