//! The sans-IO core of one BSS: probe responses, open system authentication,
//! (re)association with AID allocation, the station table, inactivity and
//! shutdown. Time is passed in; what the radio must do comes back as
//! [`Output`]s, so every path is testable without a radio.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use roamd_ieee80211::{MacAddr, ReasonCode, StatusCode};
use roamd_nl80211_ap::{
    ApSettings, HiddenSsid, InterfaceInfo, KeyParams, RadioCommand, StationInfo, StationParams,
};
use tracing::{debug, info, info_span, warn};

use roamd_eap_auth::{Action as EapAction, EapAuthConfig, EapAuthenticator, RadiusRequestId};
use roamd_pmksa::{CacheMode as PmksaMode, HitKind, Lookup, PmksaCaches, PmksaEntry};
use roamd_radius::{
    AccessRequest, AccountingRequest, AcctCounters, AcctStatusType, AcctTerminateCause, NasInfo,
    Reply,
};
use roamd_wpa::Pmk;
use roamd_wpa_auth::{Action, AuthEvent, PtkStateMachine};
use std::cell::RefCell;
use std::rc::Rc;

use crate::config::{BssConfig, CacheMode, RadioConfig};
use crate::elements::BssElements;
use crate::frames::{self, AssocRequest, AuthRequest, Received};
use crate::rsn::Negotiated;
use crate::wpa::BssWpa;

mod accounting;
mod enterprise;
mod handshake;
mod journal;
mod sa_query;
mod station;

pub use station::*;

/// An authenticated station that sends nothing and never associates is
/// forgotten after this long.
const UNASSOCIATED_TIMEOUT: Duration = Duration::from_secs(60);
/// How often associated stations are checked for inactivity, at most.
const MAX_INACTIVITY_POLL: Duration = Duration::from_secs(10);

/// What the BSS asks of its radio.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Execute; a failure is logged.
    Radio(RadioCommand),
    /// Transmit a frame and report its TX status back with this purpose.
    Tracked(RadioCommand, TxPurpose),
    /// Read the station's counters and call [`Bss::handle_station_info`].
    QueryStation(MacAddr),
    /// A control interface event for attached clients (hostapd's wording,
    /// e.g. `AP-STA-CONNECTED 02:00:00:00:02:00`).
    CtrlEvent(String),
    /// Send an Accounting-Request; with `kernel_counters` the daemon first
    /// fills in the station's octet and packet counters (GET_STATION).
    Accounting {
        /// The station.
        sta: MacAddr,
        /// The request.
        request: Box<AccountingRequest>,
        /// Read the traffic counters from the kernel first.
        kernel_counters: bool,
    },
    /// Send an Access-Request for this station's 802.1X exchange; report
    /// the outcome with [`Bss::handle_radius`] / [`Bss::handle_radius_timeout`].
    Radius {
        /// The station.
        sta: MacAddr,
        /// Identifies the request within the station's exchange.
        id: RadiusRequestId,
        /// The request.
        request: Box<AccessRequest>,
    },
}

/// Why the BSS wants to know whether a frame was acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxPurpose {
    /// A successful (re)association response to this station.
    AssocResponse(MacAddr),
}

/// Counters of one BSS, like hostapd's MIB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// Management frames received for this BSS.
    pub rx_frames: u64,
    /// Frames dropped because they did not parse.
    pub rx_malformed: u64,
    /// Frames for another BSS or of a kind we do not handle.
    pub rx_ignored: u64,
    /// Probe responses sent.
    pub probe_responses: u64,
    /// Successful authentications.
    pub authentications: u64,
    /// Refused authentications.
    pub auth_rejected: u64,
    /// Successful (re)associations.
    pub associations: u64,
    /// Refused (re)associations.
    pub assoc_rejected: u64,
    /// Stations removed for inactivity.
    pub inactivity_removals: u64,
}

/// One BSS.
#[derive(Debug)]
pub struct Bss {
    config: BssConfig,
    ifindex: u32,
    bssid: MacAddr,
    elements: BssElements,
    stations: BTreeMap<MacAddr, Station>,
    used_aids: BTreeSet<u16>,
    next_inactivity_check: Option<Instant>,
    counters: Counters,
    wpa: Option<BssWpa>,
    pmksa: Option<Rc<RefCell<PmksaCaches>>>,
    ifname: String,
    wiphy: u32,
    channel: u32,
}

impl Bss {
    /// A BSS on `iface` (whose address is the BSSID).
    pub fn new(
        config: BssConfig,
        radio: &RadioConfig,
        iface: &InterfaceInfo,
        now: Instant,
    ) -> Result<Bss, roamd_wpa_auth::Error> {
        let bssid = MacAddr(iface.mac);
        let wpa = config
            .wpa
            .clone()
            .map(|w| BssWpa::new(w, now))
            .transpose()?;
        Ok(Bss {
            elements: BssElements::new(
                &config,
                radio,
                bssid,
                wpa.as_ref().map(|w| w.policy().element()),
            ),
            wpa,
            config,
            ifindex: iface.ifindex,
            bssid,
            stations: BTreeMap::new(),
            used_aids: BTreeSet::new(),
            next_inactivity_check: None,
            counters: Counters::default(),
            pmksa: None,
            ifname: iface.name.clone(),
            wiphy: iface.wiphy,
            channel: radio.channel,
        })
    }

    /// What must happen right after the AP started: the group keys of a
    /// protected BSS go into the kernel.
    pub fn start(&self) -> Vec<Output> {
        self.wpa
            .as_ref()
            .map(|w| w.install_group_keys(self.ifindex))
            .unwrap_or_default()
    }

    /// The index of the GTK in use, when the BSS is protected.
    pub fn gtk_key_idx(&self) -> Option<u8> {
        self.wpa.as_ref().map(BssWpa::gtk_key_idx)
    }

    /// Records the kernel's transmit packet number of the current GTK.
    pub fn set_gtk_tx_pn(&mut self, pn: u64) {
        if let Some(wpa) = &mut self.wpa {
            wpa.set_gtk_tx_pn(pn);
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

    /// The interface name.
    pub fn ifname(&self) -> &str {
        &self.ifname
    }

    /// The wiphy (radio) index.
    pub fn wiphy(&self) -> u32 {
        self.wiphy
    }

    /// The channel number.
    pub fn channel(&self) -> u32 {
        self.channel
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
        use std::ops::Bound;
        self.stations
            .range((Bound::Excluded(sta), Bound::Unbounded))
            .next()
            .map(|(_, s)| s)
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
            self.stations.keys().copied().collect()
        } else if self.stations.contains_key(&sta) {
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
                out.push(self.send(frame));
            }
            out.extend(self.leave(now, sta, AcctTerminateCause::AdminReset));
            if disassociate {
                // A disassociated station stays authenticated.
                self.stations.insert(sta, Station::new(sta, now));
            }
        }
        out.extend(self.finish_rekey_if_done());
        Some(out)
    }

    /// The interface index.
    pub fn ifindex(&self) -> u32 {
        self.ifindex
    }

    /// The counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The stations, by address.
    pub fn stations(&self) -> impl Iterator<Item = &Station> {
        self.stations.values()
    }

    /// What NL80211_CMD_START_AP needs.
    pub fn ap_settings(&self) -> ApSettings {
        ApSettings {
            beacon_head: self.elements.beacon_head(),
            beacon_tail: self.elements.beacon_tail(),
            beacon_interval: u32::from(self.elements.beacon_interval()),
            dtim_period: u32::from(self.elements.dtim_period()),
            ssid: self.config.ssid.clone(),
            hidden: if self.config.hidden {
                HiddenSsid::ZeroLength
            } else {
                HiddenSsid::NotHidden
            },
            freq_mhz: self.elements.freq_mhz(),
            privacy: self.wpa.is_some(),
            rsn: self.wpa.as_ref().map(|w| w.policy().kernel_settings()),
        }
    }

    /// When [`Bss::handle_timeout`] must next run.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let expiry = self
            .stations
            .values()
            .filter(|s| s.state == StationState::Authenticated)
            .map(|s| s.last_seen + UNASSOCIATED_TIMEOUT)
            .min();
        let handshakes = self
            .stations
            .values()
            .filter_map(|s| s.machine.as_ref()?.poll_timeout())
            .min();
        let sa_queries = self
            .stations
            .values()
            .filter_map(|s| Some(s.sa_query.as_ref()?.next_retry))
            .min();
        let eap = self
            .stations
            .values()
            .filter_map(|s| s.eap.as_ref()?.poll_timeout())
            .min();
        let deauths = self
            .stations
            .values()
            .filter_map(|s| Some(s.deauth_at?.0))
            .min();
        let interims = self
            .stations
            .values()
            .filter_map(|s| s.acct.as_ref()?.next_interim)
            .min();
        let rekey = self.wpa.as_ref().and_then(BssWpa::next_rekey);
        [
            expiry,
            self.next_inactivity_check,
            handshakes,
            rekey,
            sa_queries,
            eap,
            deauths,
            interims,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Expires silent unassociated stations and polls associated ones for inactivity.
    pub fn handle_timeout(&mut self, now: Instant) -> Vec<Output> {
        let expired: Vec<MacAddr> = self
            .stations
            .values()
            .filter(|s| {
                s.state == StationState::Authenticated && now >= s.last_seen + UNASSOCIATED_TIMEOUT
            })
            .map(|s| s.mac)
            .collect();
        for mac in expired {
            debug!(sta = %mac, "forgetting authenticated station that never associated");
            self.forget(mac, now);
        }
        let mut out = Vec::new();
        let due: Vec<MacAddr> = self
            .stations
            .values()
            .filter(|s| {
                s.machine
                    .as_ref()
                    .and_then(PtkStateMachine::poll_timeout)
                    .is_some_and(|t| now >= t)
            })
            .map(|s| s.mac)
            .collect();
        for sta in due {
            let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
                (
                    Some(Station {
                        machine: Some(m), ..
                    }),
                    Some(wpa),
                ) => m.handle_timeout(now, wpa.group_keys()),
                _ => continue,
            };
            out.extend(self.apply(now, sta, actions));
        }
        out.extend(self.sa_query_timeouts(now));
        out.extend(self.eap_timeouts(now));
        out.extend(self.accounting_interims(now));
        if self.wpa.as_ref().is_some_and(|w| w.rekey_due(now)) {
            out.extend(self.rekey_group(now));
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
        out
    }

    fn schedule_inactivity_check(&mut self, now: Instant) {
        let any_associated = self.stations.values().any(|s| s.in_kernel());
        self.next_inactivity_check =
            any_associated.then(|| now + self.config.max_inactivity.min(MAX_INACTIVITY_POLL));
    }

    /// Handles a received management frame.
    pub fn handle_frame(&mut self, now: Instant, frame: &[u8]) -> Vec<Output> {
        let received = match frames::parse(frame) {
            Ok(r) => r,
            Err(e) => {
                self.counters.rx_malformed += 1;
                debug!(bssid = %self.bssid, len = frame.len(), "dropping malformed management frame: {e}");
                return Vec::new();
            }
        };
        self.counters.rx_frames += 1;
        match received {
            Received::ProbeRequest { sa, bssid, ssid } => self.on_probe_request(sa, bssid, ssid),
            Received::Authentication(req) if req.bssid == self.bssid => {
                self.on_authentication(now, req)
            }
            Received::AssocRequest(req) if req.bssid == self.bssid => {
                self.on_assoc_request(now, req)
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
        let frame = self.elements.probe_response(sa);
        // Like hostapd, probe responses are not acknowledged-tracked.
        vec![Output::Radio(RadioCommand::SendMgmt {
            ifindex: self.ifindex,
            frame,
            no_ack: true,
        })]
    }

    fn send(&self, frame: Vec<u8>) -> Output {
        Output::Radio(RadioCommand::SendMgmt {
            ifindex: self.ifindex,
            frame,
            no_ack: false,
        })
    }

    fn on_authentication(&mut self, now: Instant, req: AuthRequest) -> Vec<Output> {
        let sta = req.sa;
        let _span = info_span!("sta", mac = %sta).entered();
        let status = if req.algorithm != frames::AUTH_OPEN_SYSTEM {
            StatusCode::NotSupportedAuthAlg
        } else if req.transaction != 1 {
            StatusCode::UnknownAuthTransaction
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
            let frame = self.elements.auth_response(
                sta,
                req.algorithm,
                req.transaction.wrapping_add(1),
                status,
            );
            return vec![self.send(frame)];
        }
        if self.stations.get(&sta).is_some_and(Station::has_mfp_sa) {
            // An unprotected authentication frame must not tear down a PMF
            // association; the SA Query at (re)association decides (11.3.5.4).
            debug!("authentication from a station with a PMF association: kept until the SA Query");
            return vec![self.send(self.elements.auth_response(
                sta,
                req.algorithm,
                2,
                StatusCode::Success,
            ))];
        }
        // A new authentication ends any association (IEEE 802.11-2020 11.3.4.2).
        let mut out = self.leave(now, sta, AcctTerminateCause::UserRequest);
        self.stations.insert(sta, Station::new(sta, now));
        self.counters.authentications += 1;
        debug!("authenticated (open system)");
        out.push(
            self.send(
                self.elements
                    .auth_response(sta, req.algorithm, 2, StatusCode::Success),
            ),
        );
        out
    }

    fn on_assoc_request(&mut self, now: Instant, req: AssocRequest) -> Vec<Output> {
        let sta = req.sa;
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get(&sta) else {
            // Class 2 frame from a station that is not authenticated (11.3.3).
            info!("association request before authentication: deauthenticating");
            self.counters.assoc_rejected += 1;
            let frame = self
                .elements
                .deauthentication(sta, ReasonCode::Class2FrameFromNonauthSta);
            return vec![self.send(frame)];
        };
        if station.has_mfp_sa() {
            return self.refuse_during_sa_query(now, sta, req.reassoc);
        }
        let existing_aid = station.aid;
        let status = if req.ssid != Some(self.config.ssid.as_slice()) {
            StatusCode::UnspecifiedFailure
        } else if req.rates.is_empty() {
            StatusCode::AssocDeniedRates
        } else if existing_aid.is_none()
            && self.associated_count() >= usize::from(self.config.max_stations)
        {
            StatusCode::ApUnableToHandleNewSta
        } else {
            StatusCode::Success
        };
        let negotiated = match (&self.wpa, status) {
            (Some(wpa), StatusCode::Success) => match wpa.policy().negotiate(req.rsne) {
                Ok(n) => Some(n),
                Err(refusal) => {
                    self.counters.assoc_rejected += 1;
                    info!(status = ?refusal, "association refused: RSNE not acceptable");
                    let frame = self
                        .elements
                        .assoc_response(sta, req.reassoc, refusal, None);
                    return vec![self.send(frame)];
                }
            },
            _ => None,
        };
        let mfp = negotiated.as_ref().is_some_and(|n| n.mfp);
        let (cached, offered) = self.lookup_pmksa(now, sta, negotiated.as_ref());
        let aid = match (status, existing_aid) {
            (StatusCode::Success, Some(aid)) => Some(aid),
            (StatusCode::Success, None) => self.allocate_aid(),
            _ => None,
        };
        let Some(aid) = aid else {
            let status = if status == StatusCode::Success {
                StatusCode::ApUnableToHandleNewSta
            } else {
                status
            };
            self.counters.assoc_rejected += 1;
            info!(?status, reassoc = req.reassoc, "association refused");
            let frame = self.elements.assoc_response(sta, req.reassoc, status, None);
            return vec![self.send(frame)];
        };
        let mut out = Vec::new();
        if existing_aid.is_some() {
            // Re-association: replace the kernel entry with the new capabilities.
            out.push(Output::Radio(RadioCommand::DelStation {
                ifindex: self.ifindex,
                mac: Some(sta.0),
            }));
        }
        if let Some(s) = self.stations.get_mut(&sta) {
            s.aid = Some(aid);
            s.state = StationState::AssociationPending;
            s.last_seen = now;
            s.listen_interval = req.listen_interval;
            s.capability = req.capability;
            s.negotiated = negotiated;
            s.machine = None;
            s.ptk_installed = false;
            s.eap = None;
            let outcome = match (&self.wpa, &cached) {
                (None, _) => RoamOutcome::Open,
                (Some(w), _) if w.eap().is_none() => RoamOutcome::Psk,
                (_, Some((_, HitKind::Okc { .. }))) => RoamOutcome::Okc,
                (_, Some(_)) => RoamOutcome::Pmksa,
                (_, None) => RoamOutcome::FullEap,
            };
            s.cached = cached;
            s.journal = Some(RoamRecord {
                started: now,
                reassoc: req.reassoc,
                offered,
                outcome,
                radius_round_trips: 0,
                ft: req.mde,
                pmf: mfp,
                authorize_time: None,
            });
        }
        out.push(Output::Radio(RadioCommand::NewStation {
            ifindex: self.ifindex,
            params: StationParams {
                mac: sta.0,
                aid,
                listen_interval: req.listen_interval,
                capability: req.capability,
                supported_rates: req.rates.iter().map(|r| r & 0x7f).collect(),
                ht_capability: None,
                ext_capability: None,
                wme: false,
                mfp,
            },
        }));
        let frame = self
            .elements
            .assoc_response(sta, req.reassoc, StatusCode::Success, Some(aid));
        out.push(Output::Tracked(
            RadioCommand::SendMgmt {
                ifindex: self.ifindex,
                frame,
                no_ack: false,
            },
            TxPurpose::AssocResponse(sta),
        ));
        self.schedule_inactivity_check_if_idle(now);
        out
    }

    fn schedule_inactivity_check_if_idle(&mut self, now: Instant) {
        if self.next_inactivity_check.is_none() {
            self.next_inactivity_check =
                Some(now + self.config.max_inactivity.min(MAX_INACTIVITY_POLL));
        }
    }

    /// Handles the TX status of a tracked frame.
    pub fn handle_tx_status(&mut self, now: Instant, purpose: TxPurpose, ack: bool) -> Vec<Output> {
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
                    if let Some(aid) = station.aid.take() {
                        self.used_aids.remove(&aid);
                    }
                    return vec![Output::Radio(RadioCommand::DelStation {
                        ifindex: self.ifindex,
                        mac: Some(sta.0),
                    })];
                }
                self.counters.associations += 1;
                let aid = station.aid.unwrap_or(0);
                let Some(wpa) = &self.wpa else {
                    station.state = StationState::Authorized;
                    station.authorized_at = Some(now);
                    info!(aid, bssid = %self.bssid, "associated; port authorized");
                    let event = self.journal_authorized(now, sta);
                    return vec![
                        Output::Radio(RadioCommand::SetStationAuthorized {
                            ifindex: self.ifindex,
                            mac: sta.0,
                            authorized: true,
                        }),
                        event,
                    ];
                };
                station.state = StationState::Handshake;
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
                    let actions = machine.start(now, &mut rand::rngs::OsRng, wpa.group_keys());
                    station.machine = Some(machine);
                    return self.apply(now, sta, actions);
                }
                if wpa.eap().is_some() {
                    info!(aid, bssid = %self.bssid, "associated; starting IEEE 802.1X authentication");
                    let Some(authenticator) = self.new_authenticator(sta, aid) else {
                        return Vec::new();
                    };
                    let Some(station) = self.stations.get_mut(&sta) else {
                        return Vec::new();
                    };
                    let mut authenticator = authenticator;
                    let actions = authenticator.start(now);
                    station.eap = Some(authenticator);
                    return self.apply_eap(now, sta, actions);
                }
                let machine = station
                    .negotiated
                    .as_ref()
                    .and_then(|n| wpa.station_machine(self.bssid, sta, n));
                let Some(mut machine) = machine else {
                    warn!("no PSK for this station: deauthenticating");
                    return self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed);
                };
                info!(aid, bssid = %self.bssid, "associated; starting the 4-way handshake");
                let actions = machine.start(now, &mut rand::rngs::OsRng, wpa.group_keys());
                station.machine = Some(machine);
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
        if !self.stations.contains_key(&sta) {
            return Vec::new();
        }
        info!(?reason, "station left (deauthenticated)");
        self.leave(now, sta, AcctTerminateCause::UserRequest)
    }

    /// Removes a station: its accounting Stop (with the kernel's counters,
    /// so before the kernel entry goes), then the kernel entry.
    fn leave(&mut self, now: Instant, sta: MacAddr, cause: AcctTerminateCause) -> Vec<Output> {
        let mut out = Vec::new();
        if let Some(station) = self.stations.get(&sta) {
            out.extend(self.accounting_with_counters(
                now,
                station,
                AcctStatusType::Stop,
                Some(cause),
            ));
        }
        if self
            .stations
            .get(&sta)
            .is_some_and(|s| s.state == StationState::Authorized)
        {
            out.push(Output::CtrlEvent(format!("AP-STA-DISCONNECTED {sta}")));
        }
        if self.forget(sta, now).is_some_and(|s| s.in_kernel()) {
            out.push(Output::Radio(RadioCommand::DelStation {
                ifindex: self.ifindex,
                mac: Some(sta.0),
            }));
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
        self.stations.insert(sta, Station::new(sta, now));
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
            self.forget(sta, now);
        }
        Vec::new()
    }

    /// Acts on a station's counters (from an inactivity poll).
    pub fn handle_station_info(
        &mut self,
        now: Instant,
        sta: MacAddr,
        info: Option<StationInfo>,
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(info) = info else {
            if self
                .stations
                .get(&sta)
                .is_some_and(|s| s.state == StationState::Authorized)
            {
                warn!("station vanished from the kernel; forgetting it");
                self.forget(sta, now);
            }
            return Vec::new();
        };
        let inactive = Duration::from_millis(u64::from(info.inactive_ms.unwrap_or(0)));
        if inactive < self.config.max_inactivity || !self.stations.contains_key(&sta) {
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
    pub fn shutdown(&mut self) -> Vec<Output> {
        let mut out = Vec::new();
        let now = Instant::now();
        for station in self.stations.values() {
            out.extend(self.accounting_with_counters(
                now,
                station,
                AcctStatusType::Stop,
                Some(AcctTerminateCause::AdminReboot),
            ));
        }
        for sta in std::mem::take(&mut self.stations).into_keys() {
            info!(sta = %sta, "deauthenticating station: AP shutting down");
            out.push(
                self.send(
                    self.elements
                        .deauthentication(sta, ReasonCode::DeauthLeaving),
                ),
            );
        }
        self.used_aids.clear();
        out
    }

    fn associated_count(&self) -> usize {
        self.used_aids.len()
    }

    fn allocate_aid(&mut self) -> Option<u16> {
        let aid = (1..=2007u16).find(|a| !self.used_aids.contains(a))?;
        self.used_aids.insert(aid);
        Some(aid)
    }

    /// Removes a station from the table (not from the kernel), releasing
    /// its AID and its place in a running GTK rekey.
    fn forget(&mut self, sta: MacAddr, now: Instant) -> Option<Station> {
        let station = self.stations.remove(&sta)?;
        if let Some(aid) = station.aid {
            self.used_aids.remove(&aid);
        }
        if let Some(wpa) = &mut self.wpa {
            if station.ptk_installed {
                wpa.station_left(sta, now);
            }
        }
        Some(station)
    }

    /// Sends a deauthentication and removes the station everywhere.
    fn deauthenticate(&mut self, now: Instant, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
        let cause = match reason {
            ReasonCode::DisassocDueToInactivity => AcctTerminateCause::IdleTimeout,
            ReasonCode::PrevAuthNotValid => AcctTerminateCause::SessionTimeout,
            _ => AcctTerminateCause::NasRequest,
        };
        let mut out = vec![self.send(self.elements.deauthentication(sta, reason))];
        out.extend(self.leave(now, sta, cause));
        out.extend(self.finish_rekey_if_done());
        out
    }
}

#[cfg(test)]
mod tests;
