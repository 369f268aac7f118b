//! 802.11r in the BSS core: the FT initial mobility domain association
//! (IEEE 802.11-2020 13.4; hostapd `wpa_auth_ft.c`, `wpa_write_mdie`,
//! `wpa_write_ftie`, and `check_assoc_ies` in `ieee802_11.c`), and the
//! BSS's key holder.
//!
//! A station that associates with an FT AKM gets the Mobility Domain
//! element and an FTE naming our key holders in the association response,
//! and runs the 4-way handshake on a PMK-R1 derived from its XXKey (the
//! PSK for FT-PSK, the second half of the MSK for FT-EAP, its first 384
//! bits for FT-EAP-SHA384): we are its R0KH and keep the PMK-R0 in the
//! BSS's [`KeyHolder`] for the APs it roams to. Every FTE's MIC field is as
//! long as the AKM's MIC ([`Akm::ft_mic_len`]: 24 octets for
//! FT-EAP-SHA384, 16 otherwise).
//!
//! FT over the air and over the DS ([`roamd_wpa_auth::FtPending`]) needs
//! the PMK-R1 the station names. With FT-PSK it is derived here from the
//! PSK when the station's R0KH is this BSS or with `psk_generate_local`
//! (hostapd `ft_psk_generate_local`); otherwise the key holder has it
//! (cached, pushed, or derived from a PMK-R0 of ours) or pulls it from the
//! station's R0KH, and the exchange waits ([`WaitingFt`]) for the answer.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rand::{CryptoRng, RngCore};
use roamd_config::FtConfig;
use roamd_ft::message::{cipher_bit, Vlan};
use roamd_ft::{
    KeyHolder, KeyHolderConfig, PmkR0Params, PmkR1Lookup, PmkR1Origin, PmkR1Request, PullFailure,
    R0khEntry, R1khEntry,
};
use roamd_ieee80211::element::{ElementWriter, FtCapability, Mde};
use roamd_ieee80211::MacAddr;
use roamd_wpa::ft::{derive_pmk_r0, derive_pmk_r1, pmk_r1_name, PmkR0Derivation, PmkR1Name};
use roamd_wpa::rrb::RrbKey;
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
    /// Where its PMK-R1 came from.
    pub key_source: KeySource,
    /// The end of the reassociation deadline: the exchange is dropped
    /// unless the station reassociates by then (IEEE 802.11-2020 13.5.2).
    pub deadline: Instant,
    /// The elements of the answer it got, sent again if the request is
    /// repeated (a retransmission must not get a new ANonce: the station
    /// keeps the first answer it hears).
    pub response: Vec<u8>,
    /// Its PTK is in the kernel: the exchange is kept only to recognise a
    /// repeated Reassociation Request, which is answered again without
    /// touching the keys (CVE-2017-13082).
    pub installed: bool,
}

/// Where the PMK-R1 of an FT roam came from, for the roam journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// Derived here: from the PSK, or from a PMK-R0 this AP holds.
    Local,
    /// Pushed earlier by the station's R0KH.
    Pushed,
    /// Pulled from the station's R0KH while the station waited.
    Pulled {
        /// From the first pull request to the response, in milliseconds
        /// (saturating: hostapd gives up on a pull after about 5 s; 16
        /// bits keep the station entry small).
        round_trip_ms: u16,
    },
    /// Pulled for an earlier attempt of the station, and cached.
    Cached,
    /// Not FT: a cached PMKSA that came from the shared store (another
    /// host's entry used by OKC, or this AP's own restored after a restart).
    Store,
    /// Not FT: the PMKID missed locally; the request waited while the
    /// store was asked, and its record made the PMKSA.
    #[cfg(feature = "shared-cache")]
    StoreFetched {
        /// The wait, in milliseconds.
        round_trip_ms: u16,
    },
    /// Not FT: the PMKID missed locally and in the store (full
    /// authentication after the wait).
    #[cfg(feature = "shared-cache")]
    StoreMiss {
        /// The wait, in milliseconds.
        round_trip_ms: u16,
    },
    /// Not FT: the PMKID missed locally and the store, which might have
    /// held it, was unavailable (full authentication).
    #[cfg(feature = "shared-cache")]
    StoreUnavailable,
    /// Not FT: the PMKID missed locally and the store did not answer
    /// within `miss_wait_ms` (full authentication).
    #[cfg(feature = "shared-cache")]
    StoreTimeout,
}

impl KeySource {
    /// The journal's name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeySource::Local => "local",
            KeySource::Pushed => "pushed",
            KeySource::Pulled { .. } => "pulled",
            KeySource::Cached => "cached",
            KeySource::Store => "store",
            #[cfg(feature = "shared-cache")]
            KeySource::StoreFetched { .. } => "store-fetched",
            #[cfg(feature = "shared-cache")]
            KeySource::StoreMiss { .. } => "store-miss",
            #[cfg(feature = "shared-cache")]
            KeySource::StoreUnavailable => "store-unavailable",
            #[cfg(feature = "shared-cache")]
            KeySource::StoreTimeout => "store-timeout",
        }
    }

    fn of(origin: PmkR1Origin) -> KeySource {
        match origin {
            PmkR1Origin::Local => KeySource::Local,
            PmkR1Origin::Pushed(_) => KeySource::Pushed,
            PmkR1Origin::Pulled(_) => KeySource::Cached,
        }
    }
}

/// An FT Authentication (or over-DS FT Request) waiting for the PMK-R1
/// the key holder is pulling from the station's R0KH; answered when
/// [`roamd_ft::Event::PmkR1Available`] or [`roamd_ft::Event::PullFailed`]
/// arrives. At most one per station, and no more than the key holder's
/// pending pulls (`Limits::pending_pulls`).
#[derive(Debug, Clone)]
pub struct WaitingFt {
    /// The request's elements (RSNE, MDE, FTE), parsed again on the answer.
    pub elements: Vec<u8>,
    /// Over the DS: the station's current AP, where the answer goes.
    pub current_ap: Option<MacAddr>,
}

/// Why an FT roam failed, for the roam journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FtFailure {
    /// No PMK-R1: the key holder could not have it.
    Pull(PullFailure),
    /// The request's RSNE, MDE or FTE were wrong.
    BadRequest,
    /// The reassociation's FTE MIC (or what it repeats) did not verify.
    BadMic,
    /// No reassociation within the reassociation deadline.
    Deadline,
    /// Refused before any key was looked at (access list, full table).
    Refused,
}

impl FtFailure {
    /// The journal's name.
    pub fn as_str(self) -> &'static str {
        match self {
            FtFailure::Pull(PullFailure::UnknownR0kh) => "unknown-r0kh",
            FtFailure::Pull(PullFailure::Blocked) => "r0kh-blocked",
            FtFailure::Pull(PullFailure::NoLocalPmkR0) => "no-pmk-r0",
            FtFailure::Pull(PullFailure::Timeout) => "pull-timeout",
            FtFailure::Pull(PullFailure::Nak) => "r0kh-has-no-key",
            FtFailure::Pull(PullFailure::NameMismatch) => "pmk-r1-name-mismatch",
            FtFailure::Pull(PullFailure::TooManyPending) => "too-many-pulls",
            FtFailure::Pull(_) => "pull-failed",
            FtFailure::BadRequest => "bad-request",
            FtFailure::BadMic => "bad-mic",
            FtFailure::Deadline => "deadline",
            FtFailure::Refused => "refused",
        }
    }
}

/// What the BSS does with an FT request now.
#[derive(Debug)]
pub enum PmkR1Answer {
    /// The key, and where it came from.
    Ready(PmkR1, KeySource),
    /// A pull is under way: the request waits.
    Pending,
    /// No key: status 53 (Invalid PMKID).
    Failed(PullFailure),
}

/// The FT settings of a BSS, with its MDE built once, and its key holder.
#[derive(Debug)]
pub struct BssFt {
    config: FtConfig,
    /// This AP as FT sees it (BSSID, RSNE, MDE, R1KH-ID: configured, or
    /// the BSSID).
    ap: FtAp,
    /// PMK-R0s of our stations, PMK-R1s for this AP, and the protocol
    /// with the other key holders.
    key_holder: KeyHolder,
    /// Requests waiting for a pulled PMK-R1, by station.
    waiting: HashMap<MacAddr, WaitingFt>,
}

/// A BSS's key holder as its siblings in the process see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHolderIdentity {
    /// Its address (the BSSID).
    pub addr: MacAddr,
    /// Its mobility domain.
    pub mobility_domain: [u8; 2],
    /// Its R0KH-ID.
    pub r0kh_id: Vec<u8>,
    /// Its R1KH-ID.
    pub r1kh_id: MacAddr,
}

/// The 802.1X session a PMK-R0 carries to the other APs.
#[derive(Debug, Clone, Default)]
pub struct FtSession {
    /// RADIUS Session-Timeout.
    pub session_timeout: Option<Duration>,
    /// EAP identity.
    pub identity: Vec<u8>,
    /// RADIUS Chargeable-User-Identity.
    pub radius_cui: Vec<u8>,
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
    /// element), offering `akms` and `pairwise`, started at `now`.
    pub fn new(
        config: FtConfig,
        bssid: MacAddr,
        rsne: &[u8],
        akms: Vec<Akm>,
        pairwise: Vec<CipherSuite>,
        now: Instant,
    ) -> Self {
        let r1kh_id = config.r1kh_id.unwrap_or(bssid);
        let mut capability = FtCapability::empty();
        capability.set(FtCapability::OVER_DS, config.over_ds);
        let mut mde = Vec::new();
        let _ = ElementWriter::new(&mut mde).mobility_domain(&Mde {
            mdid: config.mobility_domain,
            ft_capability: capability,
        });
        let ap = FtAp {
            bssid,
            rsne: rsne.to_vec(),
            mde,
            r1kh_id,
            akms,
            pairwise,
        };
        let mut kh = KeyHolderConfig::new(bssid, &config.r0kh_id);
        kh.r1kh_id = r1kh_id;
        kh.r0kh = config.r0kh.clone();
        kh.r1kh = config.r1kh.clone();
        kh.pmk_r1_push = config.push;
        kh.timers.r0_key_lifetime = config.r0_key_lifetime;
        BssFt {
            config,
            ap,
            key_holder: KeyHolder::new(kh, now),
            waiting: HashMap::new(),
        }
    }

    /// The key holder, for its timers, frames, events and health.
    pub fn key_holder(&self) -> &KeyHolder {
        &self.key_holder
    }

    /// The key holder, to feed it.
    pub fn key_holder_mut(&mut self) -> &mut KeyHolder {
        &mut self.key_holder
    }

    /// How long a station has between its FT Authentication and its
    /// Reassociation (`reassociation_deadline`, in TUs of 1024 µs).
    pub fn reassociation_deadline(&self) -> Duration {
        Duration::from_micros(u64::from(self.config.reassociation_deadline_tu) * 1024)
    }

    /// Who this key holder is, for its siblings in this process.
    pub fn identity(&self) -> KeyHolderIdentity {
        KeyHolderIdentity {
            addr: self.ap.bssid,
            mobility_domain: self.config.mobility_domain,
            r0kh_id: self.config.r0kh_id.clone(),
            r1kh_id: self.ap.r1kh_id,
        }
    }

    /// Trusts `sibling`, another BSS of this process, as R0KH and R1KH
    /// with the process's own `key` when it serves our mobility domain.
    pub fn trust_sibling(&mut self, sibling: &KeyHolderIdentity, key: &RrbKey) {
        if sibling.mobility_domain != self.config.mobility_domain || sibling.addr == self.ap.bssid {
            return;
        }
        self.key_holder.trust_sibling(
            R0khEntry {
                addr: sibling.addr,
                id: sibling.r0kh_id.clone(),
                key: key.clone(),
            },
            R1khEntry {
                addr: sibling.addr,
                id: sibling.r1kh_id,
                key: key.clone(),
            },
        );
    }

    /// The PMK-R1 an FT request names: derived from one of `psks` when we
    /// may ([`BssFt::local_pmk_r1`]), else from the key holder, which may
    /// start a pull (the request then waits in [`BssFt::wait`]).
    pub fn pmk_r1_for(
        &mut self,
        now: Instant,
        rng: &mut (impl RngCore + CryptoRng),
        req: &FtAuthRequest,
        psks: &[&[u8]],
        ssid: &[u8],
        sta: MacAddr,
    ) -> PmkR1Answer {
        if let Some(key) = psks
            .iter()
            .find_map(|psk| self.local_pmk_r1(req, psk, ssid, sta))
        {
            return PmkR1Answer::Ready(key, KeySource::Local);
        }
        let request = PmkR1Request {
            sta,
            akm: req.akm,
            r0kh_id: &req.r0kh_id,
            pmk_r0_name: req.pmk_r0_name,
        };
        match self.key_holder.request_pmk_r1(now, rng, &request) {
            PmkR1Lookup::Ready(entry) => {
                PmkR1Answer::Ready(entry.pmk_r1.clone(), KeySource::of(entry.origin))
            }
            PmkR1Lookup::Pending => PmkR1Answer::Pending,
            PmkR1Lookup::Failed(why) => PmkR1Answer::Failed(why),
        }
    }

    /// Keeps a request until its pull ends (replacing an earlier one of
    /// the station: the key holder runs one pull per station).
    pub fn wait(&mut self, sta: MacAddr, waiting: WaitingFt) {
        self.waiting.insert(sta, waiting);
    }

    /// The request of `sta` that waited for a pull, if any.
    pub fn take_waiting(&mut self, sta: MacAddr) -> Option<WaitingFt> {
        self.waiting.remove(&sta)
    }

    /// Requests waiting for a pull.
    pub fn waiting_count(&self) -> usize {
        self.waiting.len()
    }

    /// Stores the PMK-R0 of an initial mobility domain association, for
    /// the R1KHs that pull it (hostapd `wpa_ft_store_pmk_r0`).
    pub fn store_pmk_r0(
        &mut self,
        now: Instant,
        sta: MacAddr,
        pmk_r0: &PmkR0Derivation,
        pairwise: CipherSuite,
        session: FtSession,
    ) {
        self.key_holder.store_pmk_r0(
            now,
            PmkR0Params {
                sta,
                pmk_r0: pmk_r0.pmk_r0.clone(),
                pmk_r0_name: pmk_r0.pmk_r0_name,
                pairwise: cipher_bit(pairwise),
                session_timeout: session.session_timeout,
                identity: session.identity,
                radius_cui: session.radius_cui,
                vlan: Vlan::default(),
            },
        );
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

    /// MDE then FTE: what an association response with the FT AKM `akm`
    /// adds.
    pub fn initial_association_elements(&self, akm: Akm) -> Vec<u8> {
        let mut elements = self.ap.mde.clone();
        elements.extend_from_slice(&self.initial_fte(akm));
        elements
    }

    /// The whole FTE of an initial mobility domain association response
    /// with `akm`: no MIC, no nonces, our R1KH-ID and R0KH-ID. Built per
    /// association, as hostapd's `wpa_write_ftie`, since its MIC field is
    /// as long as the negotiated AKM's MIC (24 octets for
    /// FT-802.1X-SHA384, 16 otherwise).
    fn initial_fte(&self, akm: Akm) -> Vec<u8> {
        // The R0KH-ID is 1 to 48 octets (validated), so the element fits.
        fte_element(
            akm,
            0,
            &[0; 32],
            &[0; 32],
            self.ap.r1kh_id,
            &self.config.r0kh_id,
            &[],
        )
        .unwrap_or_default()
    }

    /// Whether a request's MDE (its body) names our mobility domain
    /// (hostapd refuses anything else with status 54).
    pub fn mde_matches(&self, body: Option<&[u8]>) -> bool {
        body.and_then(|b| b.get(..2)) == Some(&self.config.mobility_domain[..])
    }

    /// PMK-R0 and PMK-R1 of station `sta` from its XXKey: the PSK with
    /// FT-PSK, part of the MSK with FT-EAP
    /// ([`roamd_wpa::ft::xxkey_from_msk`]).
    pub fn initial_keys(
        &self,
        xxkey: &XxKey,
        akm: Akm,
        ssid: &[u8],
        sta: MacAddr,
    ) -> Result<InitialKeys, roamd_wpa::Error> {
        let pmk_r0 = derive_pmk_r0(
            xxkey,
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

    /// What the 4-way handshake of an association with `akm` needs.
    pub fn association(&self, akm: Akm, pmk_r1_name: PmkR1Name) -> FtAssociation {
        FtAssociation {
            pmk_r1_name,
            mde: self.ap.mde.clone(),
            fte: self.initial_fte(akm),
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
            Instant::now(),
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
            ft.initial_association_elements(Akm::FtPsk),
            hex(&format!("3603a1b201{fte}"))
        );
        // FT-802.1X-SHA384: the same FTE with a 24-octet MIC field
        // (hostapd `struct rsn_ftie_sha384`), 8 more zero octets.
        let fte_sha384 = format!("3773{}{}", "00".repeat(2 + 24 + 64), &fte[4 + 2 * 82..]);
        assert_eq!(
            ft.initial_association_elements(Akm::FtIeee8021xSha384),
            hex(&format!("3603a1b201{fte_sha384}"))
        );
        assert!(ft.mde_matches(Some(&hex("a1b201"))));
        assert!(!ft.mde_matches(Some(&hex("a1b301"))));
        assert!(!ft.mde_matches(None));
        // ap0.log: XXKey is the PSK; PMK-R1 and PMKR1Name of 02:00:00:00:02:00.
        let psk =
            roamd_wpa::psk::psk_from_passphrase(b"correct horse battery", b"roam-ft").expect("psk");
        let keys = ft
            .initial_keys(
                &roamd_wpa::ft::xxkey_from_psk(&psk),
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
