//! 802.11r in the BSS core: the FT initial mobility domain association
//! (IEEE 802.11-2020 13.4; hostapd `wpa_auth_ft.c`, `wpa_write_mdie`,
//! `wpa_write_ftie`, and `check_assoc_ies` in `ieee802_11.c`).
//!
//! A station that associates with an FT AKM gets the Mobility Domain
//! element and an FTE naming our key holders in the association response,
//! and runs the 4-way handshake on a PMK-R1: for FT-PSK the PSK is the
//! XXKey, from which the PMK-R0 (we are the R0KH) and then the PMK-R1 (we
//! are also the R1KH) are derived here.
//!
//! FT over the air ([`roamd_wpa_auth::FtPending`]) needs the PMK-R1 the
//! station names. With FT-PSK it is derived here from the PSK when the
//! station's R0KH is this BSS, or with `psk_generate_local` for any R0KH
//! (hostapd `ft_psk_generate_local`); pulling it from another R0KH over the
//! key-holder protocol (`roamd-ft`) is not wired in yet.

use roamd_config::FtConfig;
use roamd_ieee80211::element::{ElementWriter, FtCapability, Mde};
use roamd_ieee80211::MacAddr;
use roamd_wpa::ft::{derive_pmk_r0, derive_pmk_r1, pmk_r1_name, PmkR0Derivation, PmkR1Name};
use roamd_wpa::{Akm, CipherSuite, Pmk, PmkR1, XxKey};
use roamd_wpa_auth::{fte_element, FtAp, FtAssociation, FtAuthRequest};

/// A station's FT exchange between its FT Authentication (over the air,
/// or over the DS through its current AP) and its Reassociation.
#[derive(Debug)]
pub struct PendingFt {
    /// The exchange and its PTK.
    pub exchange: roamd_wpa_auth::FtPending,
    /// It came over the DS.
    pub over_ds: bool,
}

/// The FT settings of a BSS, with the element octets built once.
#[derive(Debug, Clone)]
pub struct BssFt {
    config: FtConfig,
    /// The whole FTE of an initial mobility domain association response:
    /// no MIC, no nonces, our R1KH-ID and R0KH-ID.
    initial_fte: Vec<u8>,
    /// This AP as FT sees it (BSSID, RSNE, MDE, R1KH-ID: configured, or
    /// the BSSID).
    ap: FtAp,
}

/// The keys of one station's initial mobility domain association.
pub struct InitialKeys {
    /// The PMK-R0 we hold as its R0KH, with its name.
    pub pmk_r0: PmkR0Derivation,
    /// The PMK-R1 the 4-way handshake runs on, as the handshake's PMK.
    pub pmk_r1: Pmk,
    /// Its name.
    pub pmk_r1_name: PmkR1Name,
}

impl BssFt {
    /// The FT side of a BSS with BSSID `bssid`, RSNE `rsne` (whole
    /// element), offering `akms` and `pairwise`.
    pub fn new(
        config: FtConfig,
        bssid: MacAddr,
        rsne: &[u8],
        akms: Vec<Akm>,
        pairwise: Vec<CipherSuite>,
    ) -> Self {
        let r1kh_id = config.r1kh_id.unwrap_or(bssid);
        let mut capability = FtCapability::empty();
        capability.set(FtCapability::OVER_DS, config.over_ds);
        let mut mde = Vec::new();
        let _ = ElementWriter::new(&mut mde).mobility_domain(&Mde {
            mdid: config.mobility_domain,
            ft_capability: capability,
        });
        // No nonces: the FTE names our key holders only. The R0KH-ID is 1
        // to 48 octets (validated), so the element fits.
        let initial_fte =
            fte_element(0, &[0; 32], &[0; 32], r1kh_id, &config.r0kh_id, &[]).unwrap_or_default();
        let ap = FtAp {
            bssid,
            rsne: rsne.to_vec(),
            mde,
            r1kh_id,
            akms,
            pairwise,
        };
        BssFt {
            config,
            initial_fte,
            ap,
        }
    }

    /// This AP for the FT over the air exchange.
    pub fn ap(&self) -> &FtAp {
        &self.ap
    }

    /// The PMK-R1 an FT Authentication Request names, derived from `psk`
    /// when we may (FT-PSK; the station's R0KH is us, or
    /// `psk_generate_local`) and the derivation gives the name it asked for.
    pub fn local_pmk_r1(
        &self,
        req: &FtAuthRequest,
        psk: &[u8],
        ssid: &[u8],
        sta: MacAddr,
    ) -> Option<PmkR1> {
        let ours = req.r0kh_id == self.config.r0kh_id;
        if req.akm != Akm::FtPsk || !(ours || self.config.psk_generate_local) {
            return None;
        }
        let xxkey = XxKey::from_slice(psk).ok()?;
        let pmk_r0 = derive_pmk_r0(
            &xxkey,
            req.akm,
            ssid,
            self.config.mobility_domain,
            &req.r0kh_id,
            &sta,
        )
        .ok()?;
        if pmk_r0.pmk_r0_name != req.pmk_r0_name {
            return None;
        }
        derive_pmk_r1(&pmk_r0.pmk_r0, req.akm, &self.ap.r1kh_id, &sta).ok()
    }

    /// The whole MDE (Beacons, Probe Responses, association responses).
    pub fn mde(&self) -> &[u8] {
        &self.ap.mde
    }

    /// MDE then FTE: what an association response with an FT AKM adds.
    pub fn initial_association_elements(&self) -> Vec<u8> {
        let mut elements = self.ap.mde.clone();
        elements.extend_from_slice(&self.initial_fte);
        elements
    }

    /// Whether a request's MDE (its body) names our mobility domain
    /// (hostapd refuses anything else with status 54).
    pub fn mde_matches(&self, body: Option<&[u8]>) -> bool {
        body.and_then(|b| b.get(..2)) == Some(&self.config.mobility_domain[..])
    }

    /// FT-PSK: PMK-R0 and PMK-R1 of station `sta` from the PSK.
    pub fn initial_keys(
        &self,
        psk: &[u8],
        akm: Akm,
        ssid: &[u8],
        sta: MacAddr,
    ) -> Result<InitialKeys, roamd_wpa::Error> {
        let xxkey = XxKey::from_slice(psk)?;
        let pmk_r0 = derive_pmk_r0(
            &xxkey,
            akm,
            ssid,
            self.config.mobility_domain,
            &self.config.r0kh_id,
            &sta,
        )?;
        let pmk_r1: PmkR1 = derive_pmk_r1(&pmk_r0.pmk_r0, akm, &self.ap.r1kh_id, &sta)?;
        let pmk_r1_name = pmk_r1_name(&pmk_r0.pmk_r0_name, akm, &self.ap.r1kh_id, &sta)?;
        Ok(InitialKeys {
            pmk_r1: Pmk::from_slice(pmk_r1.as_bytes())?,
            pmk_r1_name,
            pmk_r0,
        })
    }

    /// What the 4-way handshake of this association needs.
    pub fn association(&self, pmk_r1_name: PmkR1Name) -> FtAssociation {
        FtAssociation {
            pmk_r1_name,
            mde: self.ap.mde.clone(),
            fte: self.initial_fte.clone(),
            reassociation_deadline_tu: self.config.reassociation_deadline_tu,
            key_lifetime_secs: u32::try_from(self.config.r0_key_lifetime.as_secs())
                .unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    /// traces/ft-psk/ap0.conf, as roamd's TOML.
    fn ap0() -> BssFt {
        let text = r#"
[[radio]]
interface = "wlan0"
channel = 1
[[radio.bss]]
ssid = "roam-ft"
security = "wpa2-psk"
passphrase = "correct horse battery"
key_mgmt = ["ft-psk", "wpa-psk"]
[radio.bss.ft]
mobility_domain = "a1b2"
r0kh_id = "ap0.example.net"
r1kh_id = "02:00:00:00:00:00"
"#;
        let c = Config::parse(Path::new("ap0.toml"), text).expect("config");
        let ft = c.radios[0].bss[0]
            .wpa
            .as_ref()
            .and_then(|w| w.ft.clone())
            .expect("ft");
        BssFt::new(
            ft,
            MacAddr([2, 0, 0, 0, 0, 0]),
            &[48, 2, 1, 0],
            vec![Akm::FtPsk, Akm::Psk],
            vec![CipherSuite::Ccmp128],
        )
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn elements_and_keys_are_hostapds() {
        let ft = ap0();
        // ap0.log "WPA: MDIE in EAPOL-Key" and "WPA: FTIE in EAPOL-Key".
        assert_eq!(ft.mde(), hex("3603a1b201"));
        let fte = "376b000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000106020000000000030f6170302e6578616d706c652e6e6574";
        assert_eq!(
            ft.initial_association_elements(),
            hex(&format!("3603a1b201{fte}"))
        );
        assert!(ft.mde_matches(Some(&hex("a1b201"))));
        assert!(!ft.mde_matches(Some(&hex("a1b301"))));
        assert!(!ft.mde_matches(None));
        // ap0.log: XXKey is the PSK; PMK-R1 and PMKR1Name of 02:00:00:00:02:00.
        let psk =
            roamd_wpa::psk::psk_from_passphrase(b"correct horse battery", b"roam-ft").expect("psk");
        let keys = ft
            .initial_keys(
                psk.as_bytes(),
                Akm::FtPsk,
                b"roam-ft",
                MacAddr([2, 0, 0, 0, 2, 0]),
            )
            .expect("keys");
        assert_eq!(
            keys.pmk_r1.as_bytes(),
            hex("c698d8629ec1f97b6626470c02f788244c5f6f99ec0e2536d2a755ba77756e8d")
        );
        assert_eq!(
            keys.pmk_r1_name.0.to_vec(),
            hex("570833ad6f5e66fcbfaf4efd863f1f3d")
        );
        assert_eq!(
            keys.pmk_r0.pmk_r0_name.0.to_vec(),
            hex("4dead139599056f7a77de6ffabfc3002")
        );
    }
}
