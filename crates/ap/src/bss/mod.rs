//! The sans-IO core of one BSS: probe responses, open system
//! authentication, (re)association with AID allocation, the station table,
//! the 4-way and group key handshakes, the 802.1X relay to RADIUS, PMKSA
//! caching, accounting, the SA Query procedure, inactivity and shutdown.
//!
//! Inputs, each taking the current time: [`Bss::handle_frame`] (a
//! management frame), [`Bss::handle_eapol`], [`Bss::handle_tx_status`],
//! [`Bss::handle_radius`] / [`Bss::handle_radius_timeout`],
//! [`Bss::handle_station_info`] / [`Bss::handle_station_removed`] (the
//! kernel's view of a station), [`Bss::handle_timeout`] and
//! [`Bss::ctrl_disconnect`]. Each returns the [`Output`]s to carry out, in
//! order; after any of them the caller asks [`Bss::poll_timeout`] when to
//! call [`Bss::handle_timeout`] next. Randomness comes from a generator
//! seeded by the caller, so a test replays a run exactly.
//!
//! Everything a station can create is bounded: the table holds at most
//! `max_stations` entries (a full table gives up the station that has been
//! authenticated-but-unassociated longest, else refuses with status 17),
//! each station has at most one pending Access-Request (cancelled when it
//! leaves or restarts), and at most one entry in the timer index.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use roamd_eap_auth::{Action as EapAction, EapAuthConfig, EapAuthenticator, RadiusRequestId};
use roamd_ieee80211::element::id;
use roamd_ieee80211::{MacAddr, ReasonCode, StatusCode};
use roamd_pmksa::{CacheMode as PmksaMode, HitKind, Lookup, PmksaCaches, PmksaEntry};
use roamd_radius::{
    AccountingRequest, AcctCounters, AcctStatusType, AcctTerminateCause, NasInfo, Reply,
};
use roamd_wpa::ft::xxkey_from_psk;
use roamd_wpa::{AkmExt, Pmk};
use roamd_wpa_auth::{Action, AuthEvent, FtAuthRequest, FtPending, PtkStateMachine};
use tracing::{debug, info, info_span, warn};

use crate::config::{BssConfig, CacheMode, RadioConfig};
use crate::elements::BssElements;
use crate::frames::{self, AssocRequest, AuthRequest, Received};
use crate::ft::{BssFt, FtSession, PendingFt};
use crate::output::{ApParams, KeyInstall, NewStation, Output, TxPurpose};
use crate::rsn::Negotiated;
use crate::sae::{BssSae, SaeKey};
use crate::station_table::StationTable;
use crate::wpa::BssWpa;

mod accounting;
mod enterprise;
mod fast_transition;
mod handshake;
mod journal;
mod sa_query;
mod sae;
mod station;
#[cfg(feature = "shared-cache")]
mod store_wait;
mod wnm;

pub use station::*;
#[cfg(feature = "shared-cache")]
pub use store_wait::{StoreAnswer, StoreWait, MAX_STORE_WAITS};
pub use wnm::{Neighbor, MAX_NEIGHBORS};

/// An authenticated station that sends nothing and never associates is
/// forgotten after this long.
pub const UNASSOCIATED_TIMEOUT: Duration = Duration::from_secs(60);
/// The TX status of an association response that never comes (a report
/// lost on the way) is taken as no ACK after this long, so the station does
/// not hold its AID and its place in the table for ever.
pub const ASSOC_ACK_TIMEOUT: Duration = Duration::from_secs(5);
/// How often associated stations are checked for inactivity, at most.
const MAX_INACTIVITY_POLL: Duration = Duration::from_secs(10);
/// How long an EAP-Failure (or the answer to a logoff) has to reach the
/// station before the deauthentication (hostapd waits too).
const DEAUTH_AFTER_FAILURE: Duration = Duration::from_millis(20);

/// Counters of one BSS, like hostapd's MIB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// Management frames received for this BSS.
    pub rx_frames: u64,
    /// Frames dropped because they did not parse.
    pub rx_malformed: u64,
    /// Frames for another BSS or of a kind we do not handle.
    pub rx_ignored: u64,
    /// Frames dropped because their source address is a group address.
    pub rx_group_source: u64,
    /// Probe responses sent.
    pub probe_responses: u64,
    /// Successful authentications.
    pub authentications: u64,
    /// Refused authentications (any status).
    pub auth_rejected: u64,
    /// Authentications refused because the station table was full of
    /// associated stations (status 17).
    pub auth_refused_full: u64,
    /// Authentications refused by the MAC access control list.
    pub auth_refused_acl: u64,
    /// Unassociated stations given up to make room for a new authentication.
    pub auth_evictions: u64,
    /// Successful (re)associations.
    pub associations: u64,
    /// Refused (re)associations.
    pub assoc_rejected: u64,
    /// Stations removed for inactivity.
    pub inactivity_removals: u64,
    /// Access-Requests cancelled because their station left or restarted.
    pub radius_cancelled: u64,
    /// Stations whose entry here ended because they associated with
    /// another BSS of this process.
    pub roamed_away: u64,
    /// FT Requests (over the DS) relayed to a target AP.
    pub ft_ds_relayed: u64,
    /// FT Requests (over the DS) dropped: the station is not associated
    /// and authorized here, or names another station or this AP.
    pub ft_ds_dropped: u64,
    /// FT requests that waited for a PMK-R1 pull from another key holder.
    pub ft_pull_waits: u64,
    /// FT exchanges dropped because the station did not reassociate
    /// within the reassociation deadline.
    pub ft_deadline_expired: u64,
    /// FT roams that failed here (journal lines "roam failed").
    pub ft_failures: u64,
    /// FT Authentication Requests (or over-DS FT Requests) repeating the
    /// pending exchange's, answered the same way again.
    pub ft_auth_repeats: u64,
    /// Reassociation Requests repeating a completed FT reassociation,
    /// answered again without reinstalling the PTK.
    pub ft_reassoc_repeats: u64,
    /// (Re)associations held while the store was asked for the PMKSA
    /// their offered PMKID names (shared cache domains).
    #[cfg(feature = "shared-cache")]
    pub store_waits: u64,
    /// ... of which the store did not answer within `miss_wait_ms`.
    #[cfg(feature = "shared-cache")]
    pub store_wait_timeouts: u64,
    /// Misses that did not wait: [`MAX_STORE_WAITS`] requests waited already.
    #[cfg(feature = "shared-cache")]
    pub store_waits_refused: u64,
    /// Misses that did not wait: the store was unavailable.
    #[cfg(feature = "shared-cache")]
    pub store_unavailable: u64,
    /// Neighbor Report Requests answered.
    pub neighbor_reports: u64,
    /// BSS transition requests sent.
    pub btm_requests: u64,
    /// BSS transition responses that answered our request.
    pub btm_responses: u64,
    /// BSS transition responses dropped: no request pending, or another
    /// Dialog Token.
    pub btm_unsolicited: u64,
}

/// Why a BSS could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Its group keys.
    #[error("group keys: {0}")]
    Keys(#[from] roamd_wpa_auth::Error),
    /// Its SAE password elements.
    #[error("SAE: {0}")]
    Sae(#[from] roamd_sae::Error),
}

/// One BSS.
#[derive(Debug)]
pub struct Bss {
    config: BssConfig,
    bssid: MacAddr,
    elements: BssElements,
    stations: StationTable,
    next_inactivity_check: Option<Instant>,
    counters: Counters,
    wpa: Option<BssWpa>,
    /// 802.11r, when the BSS offers an FT AKM.
    ft: Option<BssFt>,
    /// WPA3-Personal, when the BSS offers an SAE AKM.
    sae: Option<BssSae>,
    pmksa: Option<Rc<RefCell<PmksaCaches>>>,
    /// The roaming profiles shared by the BSSes of the daemon.
    profiles: Option<Rc<RefCell<crate::profiles::RoamProfiles>>>,
    rng: StdRng,
    /// 802.11k neighbours (SET_NEIGHBOR), newest first.
    neighbors: Vec<wnm::Neighbor>,
    /// The last Dialog Token of a BSS transition or beacon request.
    dialog_token: u8,
    /// Outputs of paths that have no output list at hand (a station
    /// forgotten deep inside another input), delivered with the input's own.
    deferred: Vec<Output>,
    /// Stations whose request waits for the store (pruned when counted).
    #[cfg(feature = "shared-cache")]
    store_waiting: Vec<MacAddr>,
}

impl Bss {
    /// A BSS with this BSSID; `seed` seeds its random generator (nonces,
    /// group keys, identifiers): the daemon passes OS randomness, tests a
    /// constant.
    pub fn new(
        config: BssConfig,
        radio: &RadioConfig,
        bssid: MacAddr,
        now: Instant,
        seed: [u8; 32],
    ) -> Result<Bss, SetupError> {
        let mut rng = StdRng::from_seed(seed);
        let wpa = config
            .wpa
            .clone()
            .map(|w| BssWpa::new(w, now, &mut rng))
            .transpose()?;
        let ft = match (&config.wpa, &wpa) {
            (Some(c), Some(w)) => c.ft.clone().map(|f| {
                BssFt::new(
                    f,
                    bssid,
                    w.policy().element(),
                    c.key_mgmt.clone(),
                    c.pairwise.clone(),
                    now,
                )
            }),
            _ => None,
        };
        let sae = config
            .wpa
            .as_ref()
            .and_then(|w| w.sae.as_ref())
            .map(|s| BssSae::new(s, &config.ssid, usize::from(config.max_stations), &mut rng))
            .transpose()?;
        // hostapd's order: RSNE, then the MDE.
        let rsn_elements = wpa.as_ref().map(|w| {
            let mut elements = w.policy().elements();
            elements.extend_from_slice(ft.as_ref().map_or(&[][..], BssFt::mde));
            elements
        });
        Ok(Bss {
            elements: BssElements::new(&config, radio, bssid, rsn_elements.as_deref()),
            wpa,
            ft,
            sae,
            config,
            bssid,
            stations: StationTable::new(rng.gen()),
            next_inactivity_check: None,
            counters: Counters::default(),
            pmksa: None,
            profiles: None,
            neighbors: Vec::new(),
            dialog_token: 0,
            rng,
            deferred: Vec::new(),
            #[cfg(feature = "shared-cache")]
            store_waiting: Vec::new(),
        })
    }

    /// What must happen right after the AP started: the group keys of a
    /// protected BSS go into the kernel.
    pub fn start(&self) -> Vec<Output> {
        self.wpa
            .as_ref()
            .map(BssWpa::install_group_keys)
            .unwrap_or_default()
    }

    /// The index of the GTK in use, when the BSS is protected.
    pub fn gtk_key_idx(&self) -> Option<u8> {
        self.wpa.as_ref().map(BssWpa::gtk_key_idx)
    }

    /// Whether the station's next EAPOL-Key frame (its message 2) will be
    /// answered with a message 3, whose Key RSC is the GTK's transmit
    /// packet number: only then is the kernel worth asking for it.
    pub fn wants_gtk_tx_pn(&self, sta: MacAddr) -> bool {
        use roamd_wpa_auth::PtkState;
        self.stations
            .get(&sta)
            .and_then(|s| s.machine.as_ref())
            .is_some_and(|m| matches!(m.state(), PtkState::PtkStart | PtkState::PtkCalcNegotiating))
    }

    /// Records the kernel's transmit packet number of the current GTK.
    pub fn set_gtk_tx_pn(&mut self, pn: u64) {
        if let Some(wpa) = &mut self.wpa {
            wpa.set_gtk_tx_pn(pn);
        }
    }

    /// 802.11r: the FT side and key holder, when the BSS offers FT.
    pub fn ft(&self) -> Option<&BssFt> {
        self.ft.as_ref()
    }

    /// Trusts the key holders of the other BSSes of this process
    /// (`siblings`, this one among them) with a `key` that never leaves
    /// the process: roams between them need no `r0kh`/`r1kh` lines.
    pub fn trust_siblings(
        &mut self,
        siblings: &[crate::ft::KeyHolderIdentity],
        key: &roamd_wpa::rrb::RrbKey,
    ) {
        if let Some(ft) = &mut self.ft {
            for sibling in siblings {
                ft.trust_sibling(sibling, key);
            }
        }
    }

    /// The BSS's WPA state, when it is protected.
    pub fn wpa(&self) -> Option<&BssWpa> {
        self.wpa.as_ref()
    }

    /// The configuration.
    pub fn config(&self) -> &BssConfig {
        &self.config
    }

    /// The BSSID.
    pub fn bssid(&self) -> MacAddr {
        self.bssid
    }

    /// Beacon interval (TUs) and DTIM period.
    pub fn beacon_timing(&self) -> (u16, u8) {
        (self.elements.beacon_interval(), self.elements.dtim_period())
    }

    /// Channel frequency, MHz.
    pub fn freq_mhz(&self) -> u32 {
        self.elements.freq_mhz()
    }

    /// One station.
    pub fn station(&self, sta: MacAddr) -> Option<&Station> {
        self.stations.get(&sta)
    }

    /// The station after `sta` in address order (hostapd's STA-NEXT).
    pub fn station_after(&self, sta: MacAddr) -> Option<&Station> {
        self.stations.after(sta)
    }

    /// The station table (sizes and timer index, for tests and metrics).
    pub fn station_table(&self) -> &StationTable {
        &self.stations
    }

    /// The PMKSA cache of this BSS, shared with the daemon's other BSSes.
    pub fn pmksa(&self) -> Option<&Rc<RefCell<PmksaCaches>>> {
        self.pmksa.as_ref()
    }

    /// DEAUTHENTICATE / DISASSOCIATE from the control interface:
    /// `None` when the station is unknown; `sta` broadcast means every station.
    pub fn ctrl_disconnect(
        &mut self,
        now: Instant,
        sta: MacAddr,
        reason: ReasonCode,
        disassociate: bool,
        send_frame: bool,
    ) -> Option<Vec<Output>> {
        let targets: Vec<MacAddr> = if sta.is_broadcast() {
            self.stations.addresses()
        } else if self.stations.contains(&sta) {
            vec![sta]
        } else {
            return None;
        };
        let mut out = Vec::new();
        for sta in targets {
            let _span = info_span!("sta", mac = %sta).entered();
            info!(
                ?reason,
                disassociate, "disconnected from the control interface"
            );
            if send_frame {
                let frame = if disassociate {
                    self.elements.disassociation(sta, reason)
                } else {
                    self.elements.deauthentication(sta, reason)
                };
                out.push(send(frame));
            }
            out.extend(self.leave(now, sta, AcctTerminateCause::AdminReset));
            if disassociate {
                // A disassociated station stays authenticated.
                self.stations.insert(Station::new(sta, now));
            }
        }
        Some(self.finish(now, out))
    }

    /// `SET accept_mac_file|deny_mac_file|macaddr_acl`: a new access
    /// control list, applied now; associated stations it no longer admits
    /// are deauthenticated (hostapd_disassoc_deny_mac: reason 1).
    pub fn set_mac_acl(&mut self, now: Instant, acl: crate::config::MacAcl) -> Vec<Output> {
        self.config.mac_acl = acl;
        let refused: Vec<MacAddr> = self
            .stations
            .addresses()
            .into_iter()
            .filter(|sta| !self.config.mac_allowed(*sta))
            .collect();
        let mut out = Vec::new();
        for sta in refused {
            out.extend(
                self.ctrl_disconnect(now, sta, ReasonCode::Unspecified, false, true)
                    .unwrap_or_default(),
            );
        }
        out
    }

    /// The counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The stations, by address.
    pub fn stations(&self) -> impl Iterator<Item = &Station> {
        self.stations.values()
    }

    /// What starting the AP needs.
    pub fn ap_params(&self) -> ApParams {
        ApParams {
            beacon_head: self.elements.beacon_head(),
            beacon_tail: self.elements.beacon_tail(),
            beacon_interval: u32::from(self.elements.beacon_interval()),
            dtim_period: u32::from(self.elements.dtim_period()),
            ssid: self.config.ssid.clone(),
            hidden: self.config.hidden,
            freq_mhz: self.elements.freq_mhz(),
            ht: self.elements.ht().is_some(),
            privacy: self.wpa.is_some(),
            rsn: self.wpa.as_ref().map(|w| w.policy().kernel_settings()),
            ap_isolate: self.config.ap_isolate,
        }
    }

    /// When [`Bss::handle_timeout`] must next run.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let rekey = self.wpa.as_ref().and_then(BssWpa::next_rekey);
        let key_holder = self.ft.as_ref().and_then(|f| f.key_holder().poll_timeout());
        let sae = self.sae.as_ref().and_then(|s| s.table().poll_timeout());
        [
            self.stations.next_deadline(),
            self.next_inactivity_check,
            rekey,
            key_holder,
            sae,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Runs the timers that are due: handshake and SA Query
    /// retransmissions, EAP timeouts, delayed deauthentications, accounting
    /// interims, silent unassociated stations, GTK rekeying and the
    /// inactivity poll.
    pub fn handle_timeout(&mut self, now: Instant) -> Vec<Output> {
        let mut out = Vec::new();
        for sta in self.stations.take_due(now) {
            let _span = info_span!("sta", mac = %sta).entered();
            out.extend(self.station_timeout(now, sta));
        }
        if self.wpa.as_ref().is_some_and(|w| w.rekey_due(now)) {
            out.extend(self.rekey_group(now));
        }
        if let Some(ft) = &mut self.ft {
            if ft.key_holder().poll_timeout().is_some_and(|t| now >= t) {
                ft.key_holder_mut().handle_timeout(now, &mut self.rng);
            }
        }
        if let Some(sae) = &mut self.sae {
            if sae.table().poll_timeout().is_some_and(|t| now >= t) {
                sae.table_mut().handle_timeout(now);
            }
        }
        if self.next_inactivity_check.is_some_and(|t| now >= t) {
            out.extend(
                self.stations
                    .values()
                    .filter(|s| s.state == StationState::Authorized)
                    .map(|s| Output::QueryStation(s.mac)),
            );
            self.schedule_inactivity_check(now);
        }
        self.finish(now, out)
    }

    /// The due timers of one station.
    fn station_timeout(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        #[cfg(not(feature = "shared-cache"))]
        let mut out = Vec::new();
        #[cfg(feature = "shared-cache")]
        let mut out = self.store_wait_timeout(now, sta);
        if self.stations.get(&sta).is_some_and(|s| {
            s.state == StationState::AssociationPending && now >= s.last_seen + ASSOC_ACK_TIMEOUT
        }) {
            info!("no TX status for the association response: taken as not acknowledged");
            out = self.on_tx_status(now, TxPurpose::AssocResponse(sta), false);
        }
        let Some(station) = self.stations.get(&sta) else {
            return out;
        };
        let ft_expired = station
            .ft
            .as_ref()
            .is_some_and(|p| !p.installed && now >= p.deadline);
        if ft_expired && station.state == StationState::Authorized {
            // A PMF association kept through the FT authentication stays;
            // only the exchange goes.
            info!("FT reassociation deadline expired: exchange dropped, association kept");
            self.counters.ft_deadline_expired += 1;
            if let Some(s) = self.stations.get_mut(&sta) {
                s.ft = None;
            }
            return out;
        }
        if station.state == StationState::Authenticated && ft_expired {
            // 13.5.2: no reassociation within the deadline, the PTKSA of
            // the FT exchange goes (a later reassociation is a class 3
            // frame from an unauthenticated station).
            self.counters.ft_deadline_expired += 1;
            let kind = match station.ft.as_deref() {
                Some(p) if p.over_ds => RoamOutcome::FtDs,
                _ => RoamOutcome::FtAir,
            };
            self.journal_ft_failure(
                sta,
                kind,
                crate::ft::FtFailure::Deadline,
                StatusCode::UnspecifiedFailure,
            );
            self.forget(sta, now);
            return out;
        }
        if station.state == StationState::Authenticated
            && now >= station.last_seen + UNASSOCIATED_TIMEOUT
        {
            debug!("forgetting authenticated station that never associated");
            self.forget(sta, now);
            return out;
        }
        if let Some((_, reason)) = station.deauth_at.filter(|(t, _)| now >= *t) {
            out.extend(self.deauthenticate(now, sta, reason));
            return out;
        }
        if station.disassoc_at.is_some_and(|t| now >= t) {
            out.extend(self.disassoc_timer_ended(now, sta));
            return out;
        }
        let handshake_due = station
            .machine
            .as_deref()
            .and_then(PtkStateMachine::poll_timeout)
            .is_some_and(|t| now >= t);
        if handshake_due {
            let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
                (
                    Some(Station {
                        machine: Some(m), ..
                    }),
                    Some(wpa),
                ) => m.handle_timeout(now, wpa.group_keys()),
                _ => Vec::new(),
            };
            out.extend(self.apply(now, sta, actions));
        }
        out.extend(self.sa_query_timeout(now, sta));
        out.extend(self.eap_timeout(now, sta));
        out.extend(self.accounting_interim(now, sta));
        out
    }

    /// Ends every input: what was deferred, the switch to a new GTK once
    /// no station still owes its group key handshake (whichever path
    /// removed the last one), and the timer index brought up to date.
    fn finish(&mut self, now: Instant, mut out: Vec<Output>) -> Vec<Output> {
        out.extend(self.drain_key_holder(now));
        out.append(&mut self.deferred);
        if let Some(wpa) = &mut self.wpa {
            out.extend(wpa.switch_default_if_ready());
        }
        self.stations.reindex();
        out
    }

    fn schedule_inactivity_check(&mut self, now: Instant) {
        let any_associated = self.stations.associated_count() > 0;
        self.next_inactivity_check =
            any_associated.then(|| now + self.config.max_inactivity.min(MAX_INACTIVITY_POLL));
    }

    /// Handles a received management frame.
    pub fn handle_frame(&mut self, now: Instant, frame: &[u8]) -> Vec<Output> {
        let out = self.on_frame(now, frame);
        self.finish(now, out)
    }

    fn on_frame(&mut self, now: Instant, frame: &[u8]) -> Vec<Output> {
        let received = match frames::parse(frame) {
            Ok(r) => r,
            Err(e) => {
                self.counters.rx_malformed += 1;
                debug!(bssid = %self.bssid, len = frame.len(), "dropping malformed management frame: {e}");
                return Vec::new();
            }
        };
        self.counters.rx_frames += 1;
        if received.source().is_some_and(|sa| sa.is_multicast()) {
            // No station has a group address; hostapd drops these too.
            self.counters.rx_group_source += 1;
            return Vec::new();
        }
        match received {
            Received::ProbeRequest { sa, bssid, ssid } => self.on_probe_request(sa, bssid, ssid),
            Received::Authentication(req) if req.bssid == self.bssid => {
                self.on_authentication(now, req)
            }
            Received::AssocRequest(req) if req.bssid == self.bssid => {
                self.on_assoc_request(now, req, frame)
            }
            Received::Deauthentication { sa, bssid, reason } if bssid == self.bssid => {
                self.on_deauthentication(now, sa, reason)
            }
            Received::Disassociation { sa, bssid, reason } if bssid == self.bssid => {
                self.on_disassociation(now, sa, reason)
            }
            Received::SaQuery {
                sa,
                bssid,
                request,
                transaction_id,
            } if bssid == self.bssid => self.on_sa_query(sa, request, transaction_id),
            Received::FtRequest {
                sa,
                bssid,
                sta,
                target,
                elements,
            } if bssid == self.bssid => self.on_ft_request(sa, sta, target, elements),
            Received::RadioMeasurement { sa, bssid, rm } if bssid == self.bssid => {
                self.on_radio_measurement(sa, &rm)
            }
            Received::Btm { sa, bssid, btm } if bssid == self.bssid => self.on_btm(sa, &btm),
            _ => {
                self.counters.rx_ignored += 1;
                Vec::new()
            }
        }
    }

    fn on_probe_request(
        &mut self,
        sa: MacAddr,
        bssid: MacAddr,
        ssid: Option<&[u8]>,
    ) -> Vec<Output> {
        if !bssid.is_broadcast() && bssid != self.bssid {
            return Vec::new();
        }
        let matches = match ssid {
            Some([]) => !self.config.hidden,
            Some(s) => s == self.config.ssid.as_slice(),
            None => false,
        };
        if !matches {
            return Vec::new();
        }
        self.counters.probe_responses += 1;
        // Like hostapd, probe responses are not acknowledged-tracked.
        vec![Output::SendFrame {
            frame: self.elements.probe_response(sa),
            no_ack: true,
        }]
    }

    fn on_authentication(&mut self, now: Instant, req: AuthRequest) -> Vec<Output> {
        let sta = req.sa;
        let _span = info_span!("sta", mac = %sta).entered();
        let ft_auth = req.algorithm == frames::AUTH_FT && self.ft.is_some();
        let sae_auth = req.algorithm == frames::AUTH_SAE && self.sae.is_some();
        // SAE's confirm (transaction 2) continues an exchange the commit
        // already admitted.
        let sae_confirm = sae_auth && req.transaction == 2;
        let status = if req.algorithm != frames::AUTH_OPEN_SYSTEM && !ft_auth && !sae_auth {
            StatusCode::NotSupportedAuthAlg
        } else if req.transaction != 1 && !sae_confirm {
            StatusCode::UnknownAuthTransaction
        } else if sae_confirm {
            StatusCode::Success
        } else if !self.config.mac_allowed(sta) {
            // hostapd's macaddr_acl / accept_mac_file / deny_mac_file.
            self.counters.auth_refused_acl += 1;
            StatusCode::UnspecifiedFailure
        } else if !sae_auth && !self.stations.contains(&sta) && !self.make_room(now) {
            // (An SAE exchange needs no station entry until it is
            // accepted, and a commit, which anyone can send, must not
            // evict a real station: the SAE table has its own bound.)
            // Full of associated stations (hostapd's max_num_sta).
            self.counters.auth_refused_full += 1;
            StatusCode::ApUnableToHandleNewSta
        } else {
            StatusCode::Success
        };
        if status != StatusCode::Success {
            self.counters.auth_rejected += 1;
            info!(
                algorithm = req.algorithm,
                transaction = req.transaction,
                ?status,
                "authentication refused"
            );
            // SAE answers a commit with a commit (hostapd sends the same
            // transaction number back); the others with the next one.
            let transaction = if sae_auth {
                req.transaction
            } else {
                req.transaction.wrapping_add(1)
            };
            let frame = self
                .elements
                .auth_response(sta, req.algorithm, transaction, status);
            return vec![send(frame)];
        }
        if sae_auth {
            return self.on_sae_authentication(now, req);
        }
        if ft_auth {
            // A PMF association survives it too: only the reassociation,
            // whose MIC proves the keys, replaces it (ft_admit).
            return self.on_ft_authentication(now, sta, req.elements);
        }
        if self.stations.get(&sta).is_some_and(Station::has_mfp_sa) {
            // An unprotected authentication frame must not tear down a PMF
            // association; the SA Query at (re)association decides (11.3.5.4).
            debug!("authentication from a station with a PMF association: kept until the SA Query");
            return vec![send(self.elements.auth_response(
                sta,
                req.algorithm,
                2,
                StatusCode::Success,
            ))];
        }
        // A new authentication ends any association (IEEE 802.11-2020 11.3.4.2).
        let mut out = self.leave(now, sta, AcctTerminateCause::UserRequest);
        self.stations.insert(Station::new(sta, now));
        self.counters.authentications += 1;
        debug!("authenticated (open system)");
        out.push(send(self.elements.auth_response(
            sta,
            req.algorithm,
            2,
            StatusCode::Success,
        )));
        out
    }

    /// The station associated with another BSS of this process (hostapd
    /// `hostapd_prune_associations`): its entry here ends now, accounting
    /// and kernel entry included, rather than when it is found inactive
    /// minutes later. No frame: the station is on the other BSS.
    pub fn handle_associated_elsewhere(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        if !self.stations.contains(&sta) {
            return Vec::new();
        }
        let _span = info_span!("sta", mac = %sta).entered();
        info!("station associated with another BSS of this process: entry ended here");
        self.counters.roamed_away += 1;
        let out = self.leave(now, sta, AcctTerminateCause::UserRequest);
        self.finish(now, out)
    }

    /// Makes room for one more station when the table is full: the station
    /// authenticated-but-unassociated the longest is given up (so a flood
    /// of spoofed authentications cannot lock real stations out until the
    /// entries time out). False when every entry is associated.
    fn make_room(&mut self, now: Instant) -> bool {
        if self.stations.len() < usize::from(self.config.max_stations) {
            return true;
        }
        let Some(oldest) = self.stations.oldest_unassociated() else {
            return false;
        };
        debug!(evicted = %oldest, "station table full: giving up the oldest unassociated station");
        self.counters.auth_evictions += 1;
        self.forget(oldest, now);
        true
    }

    /// A (re)association request; `frame` is the whole of it.
    fn on_assoc_request(&mut self, now: Instant, req: AssocRequest, frame: &[u8]) -> Vec<Output> {
        let sta = req.sa;
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get(&sta) else {
            // Class 2 frame from a station that is not authenticated (11.3.3).
            info!("association request before authentication: deauthenticating");
            self.counters.assoc_rejected += 1;
            let frame = self
                .elements
                .deauthentication(sta, ReasonCode::Class2FrameFromNonauthSta);
            return vec![send(frame)];
        };
        // The reassociation of an FT exchange is authenticated by its MIC:
        // no SA Query (hostapd: `!reassoc || auth_alg != WLAN_AUTH_FT`).
        let ft_reassoc = req.reassoc && station.ft.as_ref().is_some_and(|p| !p.installed);
        if station.has_mfp_sa() && !ft_reassoc {
            return self.refuse_during_sa_query(now, sta, req.reassoc);
        }
        // hostapd: QoS only with a WMM BSS, HT only with WMM too
        // (copy_sta_ht_capab).
        let wmm = req.wmm.filter(|_| self.config.wmm);
        let ht_capabilities = match (req.ht_capabilities, self.elements.ht()) {
            (Some(theirs), Some(ours)) if wmm.is_some() => Some(theirs.masked_by(ours)),
            _ => None,
        };
        if req.reassoc {
            if let Some(out) =
                self.repeated_ft_reassociation(sta, req.rsne, req.mde, req.fte, wmm.is_some())
            {
                return out;
            }
        }
        // A completed FT exchange has nothing to say about a new association.
        let Some(station) = self.stations.get_mut(&sta) else {
            return Vec::new();
        };
        if station.ft.as_ref().is_some_and(|p| p.installed) {
            station.ft = None;
        }
        let existing_aid = station.aid;
        let status = if req.ssid != Some(self.config.ssid.as_slice()) {
            StatusCode::UnspecifiedFailure
        } else if req.rates.is_empty() {
            StatusCode::AssocDeniedRates
        } else if existing_aid.is_none()
            && self.stations.associated_count() >= usize::from(self.config.max_stations)
        {
            StatusCode::ApUnableToHandleNewSta
        } else {
            StatusCode::Success
        };
        let negotiated = match (&self.wpa, status) {
            (Some(wpa), StatusCode::Success) => match wpa.policy().negotiate(req.rsne) {
                Ok(n) => Some(n),
                Err(refusal) => {
                    return self.refuse_association(
                        sta,
                        req.reassoc,
                        refusal,
                        "RSNE not acceptable",
                    );
                }
            },
            _ => None,
        };
        // An FT AKM needs our mobility domain (hostapd check_assoc_ies).
        let pending_ft = self
            .stations
            .get(&sta)
            .and_then(|s| s.ft.as_deref())
            .map(|p| &p.exchange);
        let ft_elements = match (&self.ft, &negotiated, pending_ft, &self.wpa) {
            // The reassociation of FT over the air: its MIC and everything
            // the authentication agreed on, then our MIC and the group keys.
            (Some(ft), Some(n), Some(pending), Some(wpa)) if n.akm.is_ft() && req.reassoc => {
                let whole = |id: u8, body: Option<&[u8]>| {
                    body.map(|b| [&[id, b.len() as u8][..], b].concat())
                };
                let checked = pending.check_reassoc(
                    ft.ap(),
                    whole(id::RSN, req.rsne).as_deref(),
                    whole(id::MOBILITY_DOMAIN, req.mde).as_deref(),
                    whole(id::FAST_BSS_TRANSITION, req.fte).as_deref(),
                );
                let built = checked.and_then(|()| {
                    pending
                        .reassoc_response_elements(ft.ap(), wpa.group_keys(), n.mfp)
                        .map_err(|_| StatusCode::UnspecifiedFailure)
                });
                match built {
                    Ok(elements) => elements,
                    Err(status) => {
                        let why = if status == StatusCode::InvalidFte {
                            crate::ft::FtFailure::BadMic
                        } else {
                            crate::ft::FtFailure::BadRequest
                        };
                        let kind = match self.stations.get(&sta).and_then(|s| s.ft.as_deref()) {
                            Some(p) if p.over_ds => RoamOutcome::FtDs,
                            _ => RoamOutcome::FtAir,
                        };
                        self.journal_ft_failure(sta, kind, why, status);
                        return self.refuse_association(
                            sta,
                            req.reassoc,
                            status,
                            "FT reassociation not acceptable",
                        );
                    }
                }
            }
            (Some(ft), Some(n), _, _) if n.akm.is_ft() => {
                if !ft.mde_matches(req.mde) {
                    return self.refuse_association(
                        sta,
                        req.reassoc,
                        StatusCode::InvalidMde,
                        "FT AKM without our mobility domain",
                    );
                }
                ft.initial_association_elements(n.akm)
            }
            _ => Vec::new(),
        };
        let mfp = negotiated.as_ref().is_some_and(|n| n.mfp);
        let sae_akm = negotiated.as_ref().is_some_and(|n| n.akm.is_sae());
        let fresh_sae = sae_akm && self.stations.get(&sta).is_some_and(|s| s.sae.is_some());
        if sae_akm && !mfp {
            // WPA3: SAE only with PMF (hostapd sae_require_mfp).
            return self.refuse_association(
                sta,
                req.reassoc,
                StatusCode::RobustMgmtPolicyViolation,
                "SAE without management frame protection",
            );
        }
        let (cached, offered) = match negotiated.as_ref() {
            // The PMK of the SAE exchange just run, whatever PMKID the
            // request names.
            Some(n) if fresh_sae => (None, self::sae::offer(n)),
            Some(_) if ft_reassoc => (None, PmkidOffer::PmkR1Name),
            _ => self.lookup_pmksa(now, sta, negotiated.as_ref()),
        };
        // A miss in a domain shared through a store may wait for it.
        #[cfg(feature = "shared-cache")]
        let store_note = match self.after_lookup(now, sta, frame, cached.is_some(), offered) {
            store_wait::AfterLookup::Wait(out) => return out,
            store_wait::AfterLookup::Go(note) => note,
        };
        #[cfg(not(feature = "shared-cache"))]
        let (store_note, _) = (None::<crate::ft::KeySource>, frame);
        let from_store = match (&cached, &self.pmksa) {
            (Some((_, kind)), Some(caches)) => {
                caches.borrow().hit_from_store(&self.bssid, &sta, *kind)
            }
            _ => false,
        };
        let okc_offer =
            offered == PmkidOffer::Unknown && self.offers_okc_pmkid(now, sta, negotiated.as_ref());
        if sae_akm && !fresh_sae && !ft_reassoc && cached.is_none() {
            // Open System authentication with an SAE AKM is only a return
            // with a cached PMKSA (hostapd: WPA_INVALID_PMKID).
            return self.refuse_association(
                sta,
                req.reassoc,
                StatusCode::InvalidPmkid,
                "SAE AKM without an SAE authentication or a cached PMKSA",
            );
        }
        let aid = match status {
            StatusCode::Success => self.stations.allocate_aid(&sta),
            _ => None,
        };
        let Some(aid) = aid else {
            let status = if status == StatusCode::Success {
                StatusCode::ApUnableToHandleNewSta
            } else {
                status
            };
            let why = match status {
                StatusCode::UnspecifiedFailure => "not our SSID",
                StatusCode::AssocDeniedRates => "no supported rates",
                _ => "no room for another station",
            };
            return self.refuse_association(sta, req.reassoc, status, why);
        };
        let mut out = Vec::new();
        if existing_aid.is_some() {
            // Re-association: replace the kernel entry with the new capabilities.
            out.push(Output::RemoveStation(sta));
            out.extend(self.end_session(now, sta));
        }
        if let Some(s) = self.stations.get_mut(&sta) {
            s.aid = Some(aid);
            s.state = StationState::AssociationPending;
            s.last_seen = now;
            s.listen_interval = req.listen_interval;
            s.capability = req.capability;
            s.wmm = wmm.is_some();
            s.ht = ht_capabilities.is_some();
            s.negotiated = negotiated;
            s.machine = None;
            s.ptk_installed = false;
            s.eap = None;
            let outcome = match (&self.wpa, &cached) {
                _ if s.ft.as_ref().is_some_and(|p| p.over_ds) => RoamOutcome::FtDs,
                _ if s.ft.is_some() => RoamOutcome::FtAir,
                (None, _) => RoamOutcome::Open,
                _ if fresh_sae => RoamOutcome::Sae,
                _ if sae_akm => RoamOutcome::SaePmksa,
                (Some(w), _) if w.eap().is_none() => RoamOutcome::Psk,
                (_, Some((_, HitKind::Okc { .. }))) => RoamOutcome::Okc,
                (_, Some(_)) => RoamOutcome::Pmksa,
                (_, None) => RoamOutcome::FullEap,
            };
            s.cached = cached;
            let key_source = match &s.ft {
                Some(p) => Some(p.key_source),
                None => store_note.or(from_store.then_some(crate::ft::KeySource::Store)),
            };
            s.journal = Some(Box::new(RoamRecord {
                key_source,
                started: now,
                reassoc: req.reassoc,
                offered,
                outcome,
                radius_round_trips: 0,
                ft: req.mde.is_some(),
                pmf: mfp,
                authorize_time: None,
                okc_offer,
                class: None,
                steered: None,
            }));
        }
        out.push(Output::AddStation(NewStation {
            sta,
            aid,
            listen_interval: req.listen_interval,
            capability: req.capability,
            supported_rates: req.rates.iter().map(|r| r & 0x7f).collect(),
            mfp,
            ht_capabilities,
            wmm,
        }));
        let mut ft_elements = ft_elements;
        if wmm.is_some() {
            ft_elements.extend_from_slice(self.elements.wmm_element());
        }
        let frame = self.elements.assoc_response(
            sta,
            req.reassoc,
            StatusCode::Success,
            Some(aid),
            &ft_elements,
        );
        out.push(Output::SendTracked {
            frame,
            purpose: TxPurpose::AssocResponse(sta),
        });
        self.schedule_inactivity_check_if_idle(now);
        out
    }

    /// Refuses a (re)association with `status`, logging why.
    fn refuse_association(
        &mut self,
        sta: MacAddr,
        reassoc: bool,
        status: StatusCode,
        why: &str,
    ) -> Vec<Output> {
        self.counters.assoc_rejected += 1;
        info!(?status, reassoc, "association refused: {why}");
        let frame = self
            .elements
            .assoc_response(sta, reassoc, status, None, &[]);
        vec![send(frame)]
    }

    fn schedule_inactivity_check_if_idle(&mut self, now: Instant) {
        if self.next_inactivity_check.is_none() {
            self.next_inactivity_check =
                Some(now + self.config.max_inactivity.min(MAX_INACTIVITY_POLL));
        }
    }

    /// Handles the TX status of a tracked frame.
    pub fn handle_tx_status(&mut self, now: Instant, purpose: TxPurpose, ack: bool) -> Vec<Output> {
        let out = self.on_tx_status(now, purpose, ack);
        self.finish(now, out)
    }

    fn on_tx_status(&mut self, now: Instant, purpose: TxPurpose, ack: bool) -> Vec<Output> {
        match purpose {
            TxPurpose::AssocResponse(sta) => {
                let _span = info_span!("sta", mac = %sta).entered();
                let Some(station) = self.stations.get_mut(&sta) else {
                    return Vec::new();
                };
                if station.state != StationState::AssociationPending {
                    return Vec::new();
                }
                if !ack {
                    // The station never learnt it is associated: undo (hostapd's handle_assoc_cb).
                    info!("association response not acknowledged; removing the station");
                    station.state = StationState::Authenticated;
                    self.stations.release_aid(&sta);
                    return vec![Output::RemoveStation(sta)];
                }
                self.counters.associations += 1;
                let aid = station.aid.unwrap_or(0);
                let Some(wpa) = &self.wpa else {
                    station.state = StationState::Authorized;
                    station.authorized_at = Some(now);
                    info!(aid, bssid = %self.bssid, "associated; port authorized");
                    let event = self.journal_authorized(now, sta);
                    return vec![
                        Output::Authorize {
                            sta,
                            authorized: true,
                        },
                        event,
                    ];
                };
                station.state = StationState::Handshake;
                if let Some(done) = station.ft.as_mut().filter(|p| !p.installed) {
                    // FT: the PTK of the exchange, installed now and never
                    // again for this exchange (a repeated reassociation is
                    // answered without it: CVE-2017-13082); no 4-way
                    // handshake.
                    done.installed = true;
                    let pending = &done.exchange;
                    let machine = match (&self.ft, station.negotiated.as_ref()) {
                        (Some(ft), Some(n)) => {
                            wpa.machine_after_fast_transition(self.bssid, ft, sta, n, pending)
                        }
                        _ => None,
                    };
                    let Some(machine) = machine else {
                        return self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed);
                    };
                    info!(aid, bssid = %self.bssid, "reassociated by FT over the air");
                    station.machine = Some(Box::new(machine));
                    let (_, _, cipher) = pending.station();
                    let actions = vec![
                        Action::InstallPtk {
                            tk: roamd_wpa::SecretVec::from_slice(pending.ptk().tk()),
                            cipher,
                            key_idx: 0,
                        },
                        Action::Authorize,
                    ];
                    return self.apply(now, sta, actions);
                }
                if let Some((pmk, pmkid)) = station.sae_pmk() {
                    let n = station.negotiated.clone();
                    let machine = n.as_ref().and_then(|n| {
                        if n.akm.is_ft() {
                            // FT-SAE: the SAE PMK is the XXKey of the
                            // mobility domain (12.7.1.7.3).
                            let xxkey = roamd_wpa::XxKey::from_slice(pmk.as_bytes()).ok()?;
                            let ft = self.ft.as_mut()?;
                            wpa.ft_machine(
                                now,
                                self.bssid,
                                &self.config.ssid,
                                ft,
                                sta,
                                n,
                                &xxkey,
                                FtSession::default(),
                            )
                        } else {
                            wpa.machine_with_pmk(self.bssid, sta, n, pmk, Some(pmkid))
                        }
                    });
                    let Some(mut machine) = machine else {
                        return self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed);
                    };
                    info!(aid, bssid = %self.bssid, "associated (SAE); starting the 4-way handshake");
                    let actions = machine.start(now, &mut self.rng, wpa.group_keys());
                    if let Some(station) = self.stations.get_mut(&sta) {
                        station.machine = Some(Box::new(machine));
                    }
                    return self.apply(now, sta, actions);
                }
                if let Some((entry, kind)) = station.cached.as_ref() {
                    info!(aid, bssid = %self.bssid, ?kind, "associated; cached PMKSA, skipping EAP");
                    let session = &entry.session;
                    station.identity = Some(session.identity.clone());
                    station.session_attrs = Some(SessionAttrs {
                        identity: session.identity.clone(),
                        class: session.class.clone(),
                        cui: session.cui.clone(),
                        interim: None,
                    });
                    let machine = station.negotiated.as_ref().and_then(|n| {
                        wpa.machine_with_pmk(
                            self.bssid,
                            sta,
                            n,
                            entry.pmk().clone(),
                            Some(entry.pmkid()),
                        )
                    });
                    let Some(mut machine) = machine else {
                        return self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed);
                    };
                    let actions = machine.start(now, &mut self.rng, wpa.group_keys());
                    station.machine = Some(Box::new(machine));
                    return self.apply(now, sta, actions);
                }
                if wpa.eap().is_some() {
                    info!(aid, bssid = %self.bssid, "associated; starting IEEE 802.1X authentication");
                    // Whatever exchange ran before must not outlive this one.
                    let mut out: Vec<Output> = self.cancel_radius(sta).into_iter().collect();
                    let Some(authenticator) = self.new_authenticator(sta, aid) else {
                        return Vec::new();
                    };
                    let Some(station) = self.stations.get_mut(&sta) else {
                        return Vec::new();
                    };
                    let mut authenticator = authenticator;
                    let actions = authenticator.start(now);
                    station.eap = Some(Box::new(authenticator));
                    out.extend(self.apply_eap(now, sta, actions));
                    return out;
                }
                let machine = station.negotiated.as_ref().and_then(|n| {
                    if n.akm.is_ft() {
                        let psk = wpa.psks_for(sta).first().map(|p| xxkey_from_psk(p))?;
                        let ft = self.ft.as_mut()?;
                        let ssid = &self.config.ssid;
                        wpa.ft_machine(
                            now,
                            self.bssid,
                            ssid,
                            ft,
                            sta,
                            n,
                            &psk,
                            FtSession::default(),
                        )
                    } else {
                        wpa.station_machine(self.bssid, sta, n)
                    }
                });
                let Some(mut machine) = machine else {
                    warn!("no PSK for this station: deauthenticating");
                    return self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed);
                };
                info!(aid, bssid = %self.bssid, "associated; starting the 4-way handshake");
                let actions = machine.start(now, &mut self.rng, wpa.group_keys());
                station.machine = Some(Box::new(machine));
                self.apply(now, sta, actions)
            }
        }
    }

    fn on_deauthentication(
        &mut self,
        now: Instant,
        sta: MacAddr,
        reason: ReasonCode,
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        if !self.stations.contains(&sta) {
            // It gives up an SAE exchange it had not finished.
            if let Some(sae) = &mut self.sae {
                sae.table_mut().remove(sta);
            }
            return Vec::new();
        }
        info!(?reason, "station left (deauthenticated)");
        self.leave(now, sta, AcctTerminateCause::UserRequest)
    }

    /// Removes a station: its accounting Stop (with the kernel's counters,
    /// so before the kernel entry goes), then the kernel entry.
    fn leave(&mut self, now: Instant, sta: MacAddr, cause: AcctTerminateCause) -> Vec<Output> {
        let mut out = Vec::new();
        out.extend(self.stop_accounting(now, sta, Some(cause)));
        if self
            .stations
            .get(&sta)
            .is_some_and(|s| s.state == StationState::Authorized)
        {
            out.push(Output::CtrlEvent(format!("AP-STA-DISCONNECTED {sta}")));
        }
        if self.forget(sta, now).is_some_and(|s| s.in_kernel()) {
            out.push(Output::RemoveStation(sta));
        }
        out
    }

    fn on_disassociation(&mut self, now: Instant, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get_mut(&sta) else {
            return Vec::new();
        };
        if !station.in_kernel() {
            return Vec::new();
        }
        info!(?reason, "station left (disassociated)");
        // Disassociation keeps the authentication (state 2): a fresh entry.
        let out = self.leave(now, sta, AcctTerminateCause::UserRequest);
        self.stations.insert(Station::new(sta, now));
        out
    }

    /// The kernel removed a station on its own.
    pub fn handle_station_removed(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        if self
            .stations
            .get(&sta)
            .is_some_and(|s| s.state == StationState::Authorized)
        {
            info!(sta = %sta, "kernel removed the station");
            let out = self.stop_accounting(now, sta, Some(AcctTerminateCause::LostCarrier));
            self.forget(sta, now);
            return self.finish(now, out.into_iter().collect());
        }
        self.finish(now, Vec::new())
    }

    /// Acts on a station's inactivity as the kernel reports it (from an
    /// inactivity poll); `None` when the kernel does not know the station.
    pub fn handle_station_info(
        &mut self,
        now: Instant,
        sta: MacAddr,
        inactive: Option<Duration>,
    ) -> Vec<Output> {
        let out = self.on_station_info(now, sta, inactive);
        self.finish(now, out)
    }

    fn on_station_info(
        &mut self,
        now: Instant,
        sta: MacAddr,
        inactive: Option<Duration>,
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(inactive) = inactive else {
            if self
                .stations
                .get(&sta)
                .is_some_and(|s| s.state == StationState::Authorized)
            {
                warn!("station vanished from the kernel; forgetting it");
                let out = self.stop_accounting(now, sta, Some(AcctTerminateCause::LostCarrier));
                self.forget(sta, now);
                return out.into_iter().collect();
            }
            return Vec::new();
        };
        if inactive < self.config.max_inactivity || !self.stations.contains(&sta) {
            return Vec::new();
        }
        info!(
            inactive_s = inactive.as_secs(),
            "station inactive: disassociating"
        );
        self.counters.inactivity_removals += 1;
        let out = self.deauthenticate(now, sta, ReasonCode::DisassocDueToInactivity);
        self.schedule_inactivity_check(now);
        out
    }

    /// Deauthenticates every station (reason 3, the AP is leaving). The
    /// caller removes them from the kernel once the frames had time to go out.
    pub fn shutdown(&mut self, now: Instant) -> Vec<Output> {
        let mut out = Vec::new();
        for sta in self.stations.addresses() {
            out.extend(self.stop_accounting(now, sta, Some(AcctTerminateCause::AdminReboot)));
            out.extend(self.cancel_radius(sta));
        }
        for station in self.stations.drain() {
            info!(sta = %station.mac, "deauthenticating station: AP shutting down");
            out.push(send(
                self.elements
                    .deauthentication(station.mac, ReasonCode::DeauthLeaving),
            ));
            // Monitors see the station go, as on any other departure
            // (DISABLE keeps them attached).
            if station.state == StationState::Authorized {
                out.push(Output::CtrlEvent(format!(
                    "AP-STA-DISCONNECTED {}",
                    station.mac
                )));
            }
        }
        out.append(&mut self.deferred);
        out
    }

    /// Removes a station from the table (not from the kernel), releasing
    /// its AID, its pending Access-Request and its place in a running GTK
    /// rekey.
    fn forget(&mut self, sta: MacAddr, now: Instant) -> Option<Station> {
        let cancel = self.cancel_radius(sta);
        self.deferred.extend(cancel);
        if let Some(sae) = &mut self.sae {
            sae.table_mut().remove(sta);
        }
        let station = self.stations.remove(&sta)?;
        if let Some(profiles) = &self.profiles {
            profiles.borrow_mut().left(now, sta, self.bssid);
        }
        if let Some(wpa) = &mut self.wpa {
            wpa.station_left(sta, now, station.ptk_installed);
        }
        Some(station)
    }

    /// What ends with a (re)association that replaces the station's
    /// previous one: its accounting session (hostapd stops it and starts a
    /// new one once the port opens again), its pending Access-Request and
    /// its place in a running GTK rekey.
    fn end_session(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        let mut out: Vec<Output> = self.stop_accounting(now, sta, None).into_iter().collect();
        out.extend(self.cancel_radius(sta));
        if let Some(wpa) = &mut self.wpa {
            wpa.group_handshake_done(sta);
        }
        out
    }

    /// Cancels the station's pending Access-Request, if any.
    fn cancel_radius(&mut self, sta: MacAddr) -> Option<Output> {
        let id = self.stations.get(&sta)?.eap.as_ref()?.pending_radius()?;
        self.counters.radius_cancelled += 1;
        Some(Output::CancelRadius { sta, id })
    }

    /// Sends a deauthentication and removes the station everywhere.
    fn deauthenticate(&mut self, now: Instant, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
        let cause = match reason {
            ReasonCode::DisassocDueToInactivity => AcctTerminateCause::IdleTimeout,
            ReasonCode::PrevAuthNotValid => AcctTerminateCause::SessionTimeout,
            _ => AcctTerminateCause::NasRequest,
        };
        let mut out = vec![send(self.elements.deauthentication(sta, reason))];
        out.extend(self.leave(now, sta, cause));
        out
    }
}

/// Transmits a management frame.
fn send(frame: Vec<u8>) -> Output {
    Output::SendFrame {
        frame,
        no_ack: false,
    }
}

#[cfg(test)]
mod tests;
