//! The sans-IO core of one BSS: probe responses, open system authentication,
//! (re)association with AID allocation, the station table, inactivity and
//! shutdown. Time is passed in; what the radio must do comes back as
//! [`Output`]s, so every path is testable without a radio.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use roamd_ieee80211::{MacAddr, ReasonCode, StatusCode};
use roamd_nl80211_ap::{ApSettings, HiddenSsid, InterfaceInfo, KeyParams, RadioCommand, StationInfo, StationParams};
use tracing::{debug, info, info_span, warn};

use roamd_eap_auth::{Action as EapAction, EapAuthConfig, EapAuthenticator, RadiusRequestId};
use roamd_radius::{AccessRequest, AccountingRequest, AcctCounters, AcctStatusType, AcctTerminateCause, NasInfo, Reply};
use roamd_pmksa::{CacheMode as PmksaMode, HitKind, Lookup, PmksaCaches, PmksaEntry};
use roamd_wpa::Pmk;
use std::cell::RefCell;
use std::rc::Rc;
use roamd_wpa_auth::{Action, AuthEvent, PtkStateMachine};

use crate::config::{BssConfig, CacheMode, RadioConfig};
use crate::elements::BssElements;
use crate::frames::{self, AssocRequest, AuthRequest, Received};
use crate::rsn::Negotiated;
use crate::wpa::BssWpa;

/// An authenticated station that sends nothing and never associates is
/// forgotten after this long.
const UNASSOCIATED_TIMEOUT: Duration = Duration::from_secs(60);
/// How often associated stations are checked for inactivity, at most.
const MAX_INACTIVITY_POLL: Duration = Duration::from_secs(10);
/// SA Query: how long the station has to answer before its association is
/// considered gone (dot11AssociationSAQueryMaximumTimeout, 1000 TUs), and
/// how often the request is repeated (dot11AssociationSAQueryRetryTimeout, 201 TUs).
const SA_QUERY_MAX_TIMEOUT: Duration = Duration::from_millis(1024);
const SA_QUERY_RETRY_TIMEOUT: Duration = Duration::from_micros(201 * 1024);
/// The association comeback time sent with status 30, in TUs.
const ASSOC_COMEBACK_TUS: u32 = 1000;

/// A running SA Query (IEEE 802.11-2020 11.3.5.4 / 11.13).
#[derive(Debug, Clone)]
pub struct SaQuery {
    /// Transaction identifiers sent so far; any of them may be answered.
    pub transaction_ids: Vec<[u8; 2]>,
    /// When the first request went out.
    pub started: Instant,
    /// When the request is repeated.
    pub next_retry: Instant,
}

/// What the BSS asks of its radio.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Execute; a failure is logged.
    Radio(RadioCommand),
    /// Transmit a frame and report its TX status back with this purpose.
    Tracked(RadioCommand, TxPurpose),
    /// Read the station's counters and call [`Bss::handle_station_info`].
    QueryStation(MacAddr),
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

/// Where a station is in the 802.11 state machine (IEEE 802.11-2020 11.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationState {
    /// Authenticated, not associated (state 2).
    Authenticated,
    /// Association response sent, waiting for its acknowledgement.
    AssociationPending,
    /// Associated; the 4-way handshake runs, the port is still closed.
    Handshake,
    /// Associated and its port authorized (state 4 for an open network).
    Authorized,
}

/// One station known to the BSS.
#[derive(Debug)]
pub struct Station {
    /// Its address.
    pub mac: MacAddr,
    /// Its state.
    pub state: StationState,
    /// Its association ID, once associated.
    pub aid: Option<u16>,
    /// When it last sent us a management frame.
    pub last_seen: Instant,
    /// When its port was authorized.
    pub authorized_at: Option<Instant>,
    /// Listen interval from its association request.
    pub listen_interval: u16,
    /// Capability information from its association request.
    pub capability: u16,
    /// What its RSNE negotiated (protected BSSes).
    pub negotiated: Option<Negotiated>,
    /// Its 4-way / group key handshake state machine (protected BSSes).
    pub machine: Option<PtkStateMachine>,
    /// Its pairwise key is in the kernel: EAPOL frames go out encrypted.
    pub ptk_installed: bool,
    /// An SA Query checking whether the station still holds its association.
    pub sa_query: Option<SaQuery>,
    /// Its 802.1X authenticator (WPA2-Enterprise).
    pub eap: Option<EapAuthenticator>,
    /// A deauthentication due once an EAP-Failure had time to reach it.
    pub deauth_at: Option<(Instant, ReasonCode)>,
    /// The EAP identity it authenticated with.
    pub identity: Option<Vec<u8>>,
    /// RADIUS attributes of its authentication that accounting repeats.
    pub session_attrs: Option<SessionAttrs>,
    /// Its accounting session, once the port is authorized.
    pub acct: Option<AcctSession>,
    /// The cached PMKSA its (re)association request matched.
    pub cached: Option<(Box<PmksaEntry>, HitKind)>,
    /// What this (re)association is costing, for the roam journal.
    pub journal: Option<RoamRecord>,
}

/// Whether the station offered PMKIDs and whether we knew them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PmkidOffer {
    /// No PMKID in the RSNE.
    None,
    /// A PMKID matched a cached PMKSA (or an OKC derivation).
    Known,
    /// PMKIDs we do not have (or caching is off).
    Unknown,
}

/// How the station's key was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoamOutcome {
    /// No security.
    Open,
    /// The PSK.
    Psk,
    /// A full 802.1X/EAP exchange.
    FullEap,
    /// A PMKSA cached at this BSS.
    Pmksa,
    /// A PMK from another BSS of the cache domain (OKC).
    Okc,
}

impl RoamOutcome {
    fn as_str(self) -> &'static str {
        match self {
            RoamOutcome::Open => "open",
            RoamOutcome::Psk => "psk",
            RoamOutcome::FullEap => "full-eap",
            RoamOutcome::Pmksa => "pmksa",
            RoamOutcome::Okc => "okc",
        }
    }
}

/// One journal entry: what a (re)association cost.
#[derive(Debug, Clone)]
pub struct RoamRecord {
    /// When the (re)association request arrived.
    pub started: Instant,
    /// A reassociation (a roam from another BSS).
    pub reassoc: bool,
    /// The PMKIDs it offered.
    pub offered: PmkidOffer,
    /// How its key was established.
    pub outcome: RoamOutcome,
    /// RADIUS Access-Requests it took.
    pub radius_round_trips: u32,
    /// It advertised FT (a Mobility Domain element).
    pub ft: bool,
    /// It uses PMF.
    pub pmf: bool,
    /// From the request to the open port, once authorized.
    pub authorize_time: Option<Duration>,
}

/// What a RADIUS Access-Accept said that accounting must repeat.
#[derive(Debug, Clone, Default)]
pub struct SessionAttrs {
    /// User-Name.
    pub identity: Vec<u8>,
    /// Class attributes.
    pub class: Vec<Vec<u8>>,
    /// Chargeable-User-Identity.
    pub cui: Option<Vec<u8>>,
    /// Acct-Interim-Interval from the server.
    pub interim: Option<Duration>,
}

/// A running accounting session (RFC 2866).
#[derive(Debug, Clone)]
pub struct AcctSession {
    /// Acct-Session-Id.
    pub id: String,
    /// When the port was authorized.
    pub started: Instant,
    /// When the next Interim-Update is due.
    pub next_interim: Option<Instant>,
    /// Interim interval.
    pub interim: Option<Duration>,
}

impl Station {
    fn new(mac: MacAddr, now: Instant) -> Self {
        Station {
            mac,
            state: StationState::Authenticated,
            aid: None,
            last_seen: now,
            authorized_at: None,
            listen_interval: 0,
            capability: 0,
            negotiated: None,
            machine: None,
            ptk_installed: false,
            sa_query: None,
            eap: None,
            deauth_at: None,
            identity: None,
            session_attrs: None,
            acct: None,
            cached: None,
            journal: None,
        }
    }

    /// Associated with a protected-management-frames security association.
    fn has_mfp_sa(&self) -> bool {
        self.ptk_installed && self.negotiated.as_ref().is_some_and(|n| n.mfp)
    }

    fn in_kernel(&self) -> bool {
        self.aid.is_some()
    }
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
        let wpa = config.wpa.clone().map(|w| BssWpa::new(w, now)).transpose()?;
        Ok(Bss {
            elements: BssElements::new(&config, radio, bssid, wpa.as_ref().map(|w| w.policy().element())),
            wpa,
            config,
            ifindex: iface.ifindex,
            bssid,
            stations: BTreeMap::new(),
            used_aids: BTreeSet::new(),
            next_inactivity_check: None,
            counters: Counters::default(),
            pmksa: None,
        })
    }

    /// Joins the PMKSA cache registry shared by the BSSes of this daemon
    /// (WPA2-Enterprise BSSes only; the cache mode and domain come from the
    /// BSS's configuration).
    pub fn attach_pmksa(&mut self, caches: Rc<RefCell<PmksaCaches>>) {
        let Some(eap) = self.wpa.as_ref().and_then(|w| w.eap()) else { return };
        let mode = match eap.cache.mode {
            CacheMode::None => PmksaMode::None,
            CacheMode::Sticky => PmksaMode::Sticky,
            CacheMode::Okc => PmksaMode::Okc,
        };
        let domain = eap.cache.domain.clone().unwrap_or_else(|| {
            let akms = self.config.wpa.as_ref().map(|w| format!("{:?}", w.key_mgmt)).unwrap_or_default();
            format!("{}/{akms}", String::from_utf8_lossy(&self.config.ssid))
        });
        caches.borrow_mut().register_bss_with_max_entries(self.bssid.0, mode, domain, eap.cache.max_entries);
        self.pmksa = Some(caches);
    }

    /// This BSS's PMKSA cache counters.
    pub fn pmksa_counters(&self) -> Option<roamd_pmksa::Counters> {
        self.pmksa.as_ref()?.borrow().counters(&self.bssid.0)
    }

    /// What must happen right after the AP started: the group keys of a
    /// protected BSS go into the kernel.
    pub fn start(&self) -> Vec<Output> {
        self.wpa.as_ref().map(|w| w.install_group_keys(self.ifindex)).unwrap_or_default()
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
            hidden: if self.config.hidden { HiddenSsid::ZeroLength } else { HiddenSsid::NotHidden },
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
        let handshakes = self.stations.values().filter_map(|s| s.machine.as_ref()?.poll_timeout()).min();
        let sa_queries = self.stations.values().filter_map(|s| Some(s.sa_query.as_ref()?.next_retry)).min();
        let eap = self.stations.values().filter_map(|s| s.eap.as_ref()?.poll_timeout()).min();
        let deauths = self.stations.values().filter_map(|s| Some(s.deauth_at?.0)).min();
        let interims = self.stations.values().filter_map(|s| s.acct.as_ref()?.next_interim).min();
        let rekey = self.wpa.as_ref().and_then(BssWpa::next_rekey);
        [expiry, self.next_inactivity_check, handshakes, rekey, sa_queries, eap, deauths, interims].into_iter().flatten().min()
    }

    /// Expires silent unassociated stations and polls associated ones for inactivity.
    pub fn handle_timeout(&mut self, now: Instant) -> Vec<Output> {
        let expired: Vec<MacAddr> = self
            .stations
            .values()
            .filter(|s| s.state == StationState::Authenticated && now >= s.last_seen + UNASSOCIATED_TIMEOUT)
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
            .filter(|s| s.machine.as_ref().and_then(PtkStateMachine::poll_timeout).is_some_and(|t| now >= t))
            .map(|s| s.mac)
            .collect();
        for sta in due {
            let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
                (Some(Station { machine: Some(m), .. }), Some(wpa)) => m.handle_timeout(now, wpa.group_keys()),
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
                self.stations.values().filter(|s| s.state == StationState::Authorized).map(|s| Output::QueryStation(s.mac)),
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
            Received::Authentication(req) if req.bssid == self.bssid => self.on_authentication(now, req),
            Received::AssocRequest(req) if req.bssid == self.bssid => self.on_assoc_request(now, req),
            Received::Deauthentication { sa, bssid, reason } if bssid == self.bssid => {
                self.on_deauthentication(now, sa, reason)
            }
            Received::Disassociation { sa, bssid, reason } if bssid == self.bssid => self.on_disassociation(now, sa, reason),
            Received::SaQuery { sa, bssid, request, transaction_id } if bssid == self.bssid => {
                self.on_sa_query(sa, request, transaction_id)
            }
            _ => {
                self.counters.rx_ignored += 1;
                Vec::new()
            }
        }
    }

    fn on_probe_request(&mut self, sa: MacAddr, bssid: MacAddr, ssid: Option<&[u8]>) -> Vec<Output> {
        if !bssid.is_broadcast() && bssid != self.bssid {
            return Vec::new();
        }
        let matches = match ssid {
            Some(s) if s.is_empty() => !self.config.hidden,
            Some(s) => s == self.config.ssid.as_slice(),
            None => false,
        };
        if !matches {
            return Vec::new();
        }
        self.counters.probe_responses += 1;
        let frame = self.elements.probe_response(sa);
        // Like hostapd, probe responses are not acknowledged-tracked.
        vec![Output::Radio(RadioCommand::SendMgmt { ifindex: self.ifindex, frame, no_ack: true })]
    }

    fn send(&self, frame: Vec<u8>) -> Output {
        Output::Radio(RadioCommand::SendMgmt { ifindex: self.ifindex, frame, no_ack: false })
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
            info!(algorithm = req.algorithm, transaction = req.transaction, ?status, "authentication refused");
            let frame = self.elements.auth_response(sta, req.algorithm, req.transaction.wrapping_add(1), status);
            return vec![self.send(frame)];
        }
        if self.stations.get(&sta).is_some_and(Station::has_mfp_sa) {
            // An unprotected authentication frame must not tear down a PMF
            // association; the SA Query at (re)association decides (11.3.5.4).
            debug!("authentication from a station with a PMF association: kept until the SA Query");
            return vec![self.send(self.elements.auth_response(sta, req.algorithm, 2, StatusCode::Success))];
        }
        // A new authentication ends any association (IEEE 802.11-2020 11.3.4.2).
        let mut out = self.leave(now, sta, AcctTerminateCause::UserRequest);
        self.stations.insert(sta, Station::new(sta, now));
        self.counters.authentications += 1;
        debug!("authenticated (open system)");
        out.push(self.send(self.elements.auth_response(sta, req.algorithm, 2, StatusCode::Success)));
        out
    }

    fn on_assoc_request(&mut self, now: Instant, req: AssocRequest) -> Vec<Output> {
        let sta = req.sa;
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get(&sta) else {
            // Class 2 frame from a station that is not authenticated (11.3.3).
            info!("association request before authentication: deauthenticating");
            self.counters.assoc_rejected += 1;
            let frame = self.elements.deauthentication(sta, ReasonCode::Class2FrameFromNonauthSta);
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
        } else if existing_aid.is_none() && self.associated_count() >= usize::from(self.config.max_stations) {
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
                    let frame = self.elements.assoc_response(sta, req.reassoc, refusal, None);
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
            let status = if status == StatusCode::Success { StatusCode::ApUnableToHandleNewSta } else { status };
            self.counters.assoc_rejected += 1;
            info!(?status, reassoc = req.reassoc, "association refused");
            let frame = self.elements.assoc_response(sta, req.reassoc, status, None);
            return vec![self.send(frame)];
        };
        let mut out = Vec::new();
        if existing_aid.is_some() {
            // Re-association: replace the kernel entry with the new capabilities.
            out.push(Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) }));
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
        let frame = self.elements.assoc_response(sta, req.reassoc, StatusCode::Success, Some(aid));
        out.push(Output::Tracked(
            RadioCommand::SendMgmt { ifindex: self.ifindex, frame, no_ack: false },
            TxPurpose::AssocResponse(sta),
        ));
        self.schedule_inactivity_check_if_idle(now);
        out
    }

    /// Answers a (re)association attempt of a station that still has a PMF
    /// association: status 30 with a comeback time, and an SA Query to see
    /// whether the old association is still alive.
    fn refuse_during_sa_query(&mut self, now: Instant, sta: MacAddr, reassoc: bool) -> Vec<Output> {
        let mut out = vec![self.send(self.elements.assoc_comeback(sta, reassoc, ASSOC_COMEBACK_TUS))];
        let Some(station) = self.stations.get_mut(&sta) else { return out };
        if station.sa_query.is_none() {
            let tid = random_transaction_id();
            info!("association attempt while a PMF association exists: SA Query");
            station.sa_query =
                Some(SaQuery { transaction_ids: vec![tid], started: now, next_retry: now + SA_QUERY_RETRY_TIMEOUT });
            out.push(self.send(self.elements.sa_query(sta, true, tid)));
        }
        out
    }

    fn on_sa_query(&mut self, sta: MacAddr, request: bool, transaction_id: [u8; 2]) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get_mut(&sta) else { return Vec::new() };
        if request {
            // A station checking on us: answer with its transaction identifier.
            if !station.in_kernel() {
                return Vec::new();
            }
            return vec![self.send(self.elements.sa_query(sta, false, transaction_id))];
        }
        if station.sa_query.as_ref().is_some_and(|q| q.transaction_ids.contains(&transaction_id)) {
            info!("SA Query answered: the existing association stays");
            station.sa_query = None;
        }
        Vec::new()
    }

    /// Repeats or concludes the running SA Queries.
    fn sa_query_timeouts(&mut self, now: Instant) -> Vec<Output> {
        let mut out = Vec::new();
        let due: Vec<MacAddr> = self
            .stations
            .values()
            .filter(|s| s.sa_query.as_ref().is_some_and(|q| now >= q.next_retry))
            .map(|s| s.mac)
            .collect();
        for sta in due {
            let _span = info_span!("sta", mac = %sta).entered();
            let Some(query) = self.stations.get_mut(&sta).and_then(|s| s.sa_query.as_mut()) else { continue };
            if now >= query.started + SA_QUERY_MAX_TIMEOUT {
                info!("SA Query timed out: the old association is gone");
                out.extend(self.leave(now, sta, AcctTerminateCause::LostCarrier));
                self.stations.insert(sta, Station::new(sta, now));
                continue;
            }
            let tid = random_transaction_id();
            query.transaction_ids.push(tid);
            query.next_retry = now + SA_QUERY_RETRY_TIMEOUT;
            out.push(self.send(self.elements.sa_query(sta, true, tid)));
        }
        out
    }

    fn schedule_inactivity_check_if_idle(&mut self, now: Instant) {
        if self.next_inactivity_check.is_none() {
            self.next_inactivity_check = Some(now + self.config.max_inactivity.min(MAX_INACTIVITY_POLL));
        }
    }

    /// Handles the TX status of a tracked frame.
    pub fn handle_tx_status(&mut self, now: Instant, purpose: TxPurpose, ack: bool) -> Vec<Output> {
        match purpose {
            TxPurpose::AssocResponse(sta) => {
                let _span = info_span!("sta", mac = %sta).entered();
                let Some(station) = self.stations.get_mut(&sta) else { return Vec::new() };
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
                    return vec![Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) })];
                }
                self.counters.associations += 1;
                let aid = station.aid.unwrap_or(0);
                let Some(wpa) = &self.wpa else {
                    station.state = StationState::Authorized;
                    station.authorized_at = Some(now);
                    info!(aid, bssid = %self.bssid, "associated; port authorized");
                    self.journal_authorized(now, sta);
                    return vec![Output::Radio(RadioCommand::SetStationAuthorized {
                        ifindex: self.ifindex,
                        mac: sta.0,
                        authorized: true,
                    })];
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
                    let machine = station
                        .negotiated
                        .as_ref()
                        .and_then(|n| wpa.machine_with_pmk(self.bssid, sta, n, entry.pmk().clone(), Some(entry.pmkid())));
                    let Some(mut machine) = machine else {
                        return self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed);
                    };
                    let actions = machine.start(now, &mut rand::rngs::OsRng, wpa.group_keys());
                    station.machine = Some(machine);
                    return self.apply(now, sta, actions);
                }
                if wpa.eap().is_some() {
                    info!(aid, bssid = %self.bssid, "associated; starting IEEE 802.1X authentication");
                    let Some(authenticator) = self.new_authenticator(sta, aid) else { return Vec::new() };
                    let Some(station) = self.stations.get_mut(&sta) else { return Vec::new() };
                    let mut authenticator = authenticator;
                    let actions = authenticator.start(now);
                    station.eap = Some(authenticator);
                    return self.apply_eap(now, sta, actions);
                }
                let machine = station.negotiated.as_ref().and_then(|n| wpa.station_machine(self.bssid, sta, n));
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

    fn on_deauthentication(&mut self, now: Instant, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
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
            out.extend(self.accounting_with_counters(now, station, AcctStatusType::Stop, Some(cause)));
        }
        if self.forget(sta, now).is_some_and(|s| s.in_kernel()) {
            out.push(Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) }));
        }
        out
    }

    fn on_disassociation(&mut self, now: Instant, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get_mut(&sta) else { return Vec::new() };
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
        if self.stations.get(&sta).is_some_and(|s| s.state == StationState::Authorized) {
            info!(sta = %sta, "kernel removed the station");
            self.forget(sta, now);
        }
        Vec::new()
    }

    /// Acts on a station's counters (from an inactivity poll).
    pub fn handle_station_info(&mut self, now: Instant, sta: MacAddr, info: Option<StationInfo>) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(info) = info else {
            if self.stations.get(&sta).is_some_and(|s| s.state == StationState::Authorized) {
                warn!("station vanished from the kernel; forgetting it");
                self.forget(sta, now);
            }
            return Vec::new();
        };
        let inactive = Duration::from_millis(u64::from(info.inactive_ms.unwrap_or(0)));
        if inactive < self.config.max_inactivity || !self.stations.contains_key(&sta) {
            return Vec::new();
        }
        info!(inactive_s = inactive.as_secs(), "station inactive: disassociating");
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
            out.extend(self.accounting_with_counters(now, station, AcctStatusType::Stop, Some(AcctTerminateCause::AdminReboot)));
        }
        for sta in std::mem::take(&mut self.stations).into_keys() {
            info!(sta = %sta, "deauthenticating station: AP shutting down");
            out.push(self.send(self.elements.deauthentication(sta, ReasonCode::DeauthLeaving)));
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

    /// An EAPOL frame from a station (over the control port).
    pub fn handle_eapol(&mut self, now: Instant, sta: MacAddr, frame: &[u8]) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        // EAPOL packet type (IEEE 802.1X-2010 11.3.2): 3 is EAPOL-Key, the rest is 802.1X.
        if frame.get(1).is_some_and(|t| *t != 3) {
            if self.stations.get(&sta).is_some_and(|s| s.eap.is_none() && s.in_kernel()) {
                // An 802.1X frame after a cached-PMKSA association (an
                // EAPOL-Start): the station wants EAP, so the entry goes.
                let aid = self.stations.get(&sta).and_then(|s| s.aid).unwrap_or(0);
                let authenticator = self.new_authenticator(sta, aid);
                if let Some(station) = self.stations.get_mut(&sta) {
                    if let (Some((entry, _)), Some(caches)) = (station.cached.take(), &self.pmksa) {
                        caches.borrow_mut().remove(&self.bssid.0, &sta.0, &entry.pmkid());
                    }
                    station.eap = authenticator;
                }
            }
            let actions = match self.stations.get_mut(&sta).and_then(|s| s.eap.as_mut()) {
                Some(eap) => eap.handle_eapol(now, frame),
                None => {
                    self.counters.rx_ignored += 1;
                    return Vec::new();
                }
            };
            return self.apply_eap(now, sta, actions);
        }
        let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
            (Some(Station { machine: Some(m), .. }), Some(wpa)) => m.handle_eapol_key(now, frame, wpa.group_keys()),
            _ => {
                debug!(len = frame.len(), "EAPOL frame from a station without a handshake: dropped");
                self.counters.rx_ignored += 1;
                return Vec::new();
            }
        };
        self.apply(now, sta, actions)
    }

    /// A RADIUS reply for a station's 802.1X exchange.
    pub fn handle_radius(&mut self, now: Instant, sta: MacAddr, id: RadiusRequestId, reply: Reply) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(eap) = self.stations.get_mut(&sta).and_then(|s| s.eap.as_mut()) else { return Vec::new() };
        let actions = eap.handle_radius(now, id, reply);
        self.apply_eap(now, sta, actions)
    }

    /// No RADIUS server answered a station's Access-Request.
    pub fn handle_radius_timeout(&mut self, now: Instant, sta: MacAddr, id: RadiusRequestId) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        warn!("no RADIUS server answered");
        let Some(eap) = self.stations.get_mut(&sta).and_then(|s| s.eap.as_mut()) else { return Vec::new() };
        let actions = eap.handle_radius_timeout(now, id);
        self.apply_eap(now, sta, actions)
    }

    fn eap_timeouts(&mut self, now: Instant) -> Vec<Output> {
        let mut out = Vec::new();
        let due: Vec<MacAddr> = self
            .stations
            .values()
            .filter(|s| {
                s.eap.as_ref().and_then(EapAuthenticator::poll_timeout).is_some_and(|t| now >= t)
                    || s.deauth_at.is_some_and(|(t, _)| now >= t)
            })
            .map(|s| s.mac)
            .collect();
        for sta in due {
            let _span = info_span!("sta", mac = %sta).entered();
            let Some(station) = self.stations.get_mut(&sta) else { continue };
            if let Some((_, reason)) = station.deauth_at.filter(|(t, _)| now >= *t) {
                out.extend(self.deauthenticate(now, sta, reason));
                continue;
            }
            let actions = station.eap.as_mut().map(|e| e.handle_timeout(now)).unwrap_or_default();
            out.extend(self.apply_eap(now, sta, actions));
        }
        out
    }

    /// A new 802.1X authenticator for a station of a WPA2-Enterprise BSS.
    fn new_authenticator(&self, sta: MacAddr, aid: u16) -> Option<EapAuthenticator> {
        let eap = self.wpa.as_ref()?.eap()?;
        let config = EapAuthConfig { reauth_period: eap.reauth_period, ..EapAuthConfig::default() };
        let nas = self.nas_info(Some(aid))?;
        Some(EapAuthenticator::new(&config, sta.0, nas).with_initial_identifier(rand::random()))
    }

    /// Looks the station's offered PMKIDs up in the cache (WPA2-Enterprise).
    fn lookup_pmksa(
        &mut self,
        now: Instant,
        sta: MacAddr,
        negotiated: Option<&Negotiated>,
    ) -> (Option<(Box<PmksaEntry>, HitKind)>, PmkidOffer) {
        let Some(n) = negotiated else { return (None, PmkidOffer::None) };
        if n.pmkids.is_empty() {
            return (None, PmkidOffer::None);
        }
        let Some(caches) = &self.pmksa else { return (None, PmkidOffer::Unknown) };
        match caches.borrow_mut().lookup(now, self.bssid.0, sta.0, &n.pmkids) {
            // A PMKSA is only good for the AKM it was made with.
            Lookup::Hit { entry, kind } if entry.akm() == wpa_akm(n) => {
                debug!(sta = %sta, ?kind, "PMKSA cache hit");
                (Some((entry, kind)), PmkidOffer::Known)
            }
            _ => {
                debug!(sta = %sta, "PMKSA cache miss: full EAP");
                (None, PmkidOffer::Unknown)
            }
        }
    }

    /// Caches the PMKSA of a full 802.1X authentication.
    fn add_pmksa(&mut self, now: Instant, sta: MacAddr, pmk: &Pmk, success: &roamd_eap_auth::AuthSuccess) {
        let (Some(caches), Some(eap)) = (&self.pmksa, self.wpa.as_ref().and_then(|w| w.eap())) else { return };
        let Some(akm) = self.stations.get(&sta).and_then(|s| s.negotiated.as_ref()).map(wpa_akm) else { return };
        let lifetime = eap.cache.lifetime.as_secs();
        let session_timeout = success.session_timeout.map(|t| t.as_secs()).filter(|t| *t > 0);
        let session = roamd_pmksa::SessionAttrs {
            identity: success.identity.clone(),
            class: success.class.clone(),
            cui: success.cui.clone(),
            vlan_id: success.vlan,
            session_timeout: Some(session_timeout.map_or(lifetime, |t| t.min(lifetime)) as u32),
            acct_multi_session_id: 0,
            eap_type: 0,
        };
        match PmksaEntry::new(now, pmk.clone(), akm, self.bssid.0, sta.0, session) {
            Ok(entry) => {
                let pmkid = entry.pmkid();
                if let Ok(Some(_)) = caches.borrow_mut().add(now, entry) {
                    debug!(sta = %sta, %pmkid, "PMKSA cached");
                }
            }
            Err(e) => debug!(sta = %sta, "PMKSA not cached: {e}"),
        }
    }

    /// Writes the journal line of a station whose port just opened.
    fn journal_authorized(&mut self, now: Instant, sta: MacAddr) {
        let ssid = String::from_utf8_lossy(&self.config.ssid).into_owned();
        let Some(station) = self.stations.get_mut(&sta) else { return };
        let Some(record) = station.journal.as_mut() else { return };
        let elapsed = now.saturating_duration_since(record.started);
        record.authorize_time = Some(elapsed);
        info!(
            sta = %sta,
            ssid = %ssid,
            bssid = %self.bssid,
            reassoc = record.reassoc,
            pmkids = ?record.offered,
            outcome = %record.outcome.as_str(),
            radius_round_trips = record.radius_round_trips,
            authorize_ms = elapsed.as_millis() as u64,
            ft = record.ft,
            pmf = record.pmf,
            "roam"
        );
    }

    fn nas_info(&self, aid: Option<u16>) -> Option<NasInfo> {
        let eap = self.wpa.as_ref()?.eap()?;
        Some(NasInfo {
            nas_ip_address: eap.own_ip_addr,
            nas_ipv6_address: None,
            nas_identifier: eap.nas_identifier.clone().map(String::into_bytes),
            nas_port: aid.map(u32::from),
            bssid: self.bssid.0,
            ssid: self.config.ssid.clone(),
        })
    }

    fn accounting_request(&self, station: &Station, status: AcctStatusType) -> Option<AccountingRequest> {
        let acct = station.acct.as_ref()?;
        let mut request = AccountingRequest::new(self.nas_info(station.aid)?, station.mac.0, status, acct.id.clone());
        if let Some(attrs) = &station.session_attrs {
            request.user_name = Some(attrs.identity.clone());
            request.class = attrs.class.clone();
            request.chargeable_user_identity = attrs.cui.clone();
        }
        Some(request)
    }

    /// Accounting-Request Start once the port opens (RFC 2866), when the
    /// BSS has accounting servers.
    fn start_accounting(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        let Some(eap) = self.wpa.as_ref().and_then(|w| w.eap()) else { return Vec::new() };
        if eap.acct_servers.is_empty() {
            return Vec::new();
        }
        let default_interim = eap.acct_interim_interval;
        let Some(station) = self.stations.get_mut(&sta) else { return Vec::new() };
        if station.acct.is_some() {
            return Vec::new();
        }
        let interim = station.session_attrs.as_ref().and_then(|a| a.interim).or(default_interim);
        // hostapd's session ids: 16 hex digits, random.
        let id = format!("{:016X}", rand::random::<u64>());
        info!(session = %id, "accounting start");
        station.acct = Some(AcctSession { id, started: now, next_interim: interim.map(|i| now + i), interim });
        let Some(station) = self.stations.get(&sta) else { return Vec::new() };
        match self.accounting_request(station, AcctStatusType::Start) {
            Some(request) => vec![Output::Accounting { sta, request: Box::new(request), kernel_counters: false }],
            None => Vec::new(),
        }
    }

    /// Accounting-Request Interim-Update or Stop with the session's counters.
    fn accounting_with_counters(
        &self,
        now: Instant,
        station: &Station,
        status: AcctStatusType,
        cause: Option<AcctTerminateCause>,
    ) -> Option<Output> {
        let started = station.acct.as_ref()?.started;
        let mut request = self.accounting_request(station, status)?;
        request.counters = Some(AcctCounters {
            session_time: now.saturating_duration_since(started).as_secs() as u32,
            ..AcctCounters::default()
        });
        request.terminate_cause = cause;
        // The octets and packets come from the kernel while the station is still there.
        Some(Output::Accounting { sta: station.mac, request: Box::new(request), kernel_counters: station.in_kernel() })
    }

    fn accounting_interims(&mut self, now: Instant) -> Vec<Output> {
        let due: Vec<MacAddr> = self
            .stations
            .values()
            .filter(|s| s.acct.as_ref().and_then(|a| a.next_interim).is_some_and(|t| now >= t))
            .map(|s| s.mac)
            .collect();
        let mut out = Vec::new();
        for sta in due {
            if let Some(acct) = self.stations.get_mut(&sta).and_then(|s| s.acct.as_mut()) {
                acct.next_interim = acct.interim.map(|i| now + i);
            }
            if let Some(station) = self.stations.get(&sta) {
                out.extend(self.accounting_with_counters(now, station, AcctStatusType::InterimUpdate, None));
            }
        }
        out
    }

    /// Carries out what a station's 802.1X authenticator asked for.
    fn apply_eap(&mut self, now: Instant, sta: MacAddr, actions: Vec<EapAction>) -> Vec<Output> {
        let mut out = Vec::new();
        for action in actions {
            let Some(station) = self.stations.get_mut(&sta) else { break };
            match action {
                EapAction::SendEapol(frame) => out.push(Output::Radio(RadioCommand::SendControlPort {
                    ifindex: self.ifindex,
                    dest: sta.0,
                    frame,
                    no_encrypt: !station.ptk_installed,
                })),
                EapAction::SendRadius { id, request } => {
                    if let Some(record) = station.journal.as_mut() {
                        record.radius_round_trips += 1;
                    }
                    out.push(Output::Radius { sta, id, request });
                }
                EapAction::Authenticated(success) => {
                    info!(
                        identity = %String::from_utf8_lossy(&success.identity),
                        reauthentication = success.reauthentication,
                        "IEEE 802.1X authentication succeeded"
                    );
                    station.identity = Some(success.identity.clone());
                    station.session_attrs = Some(SessionAttrs {
                        identity: success.identity.clone(),
                        class: success.class.clone(),
                        cui: success.cui.clone(),
                        interim: success.acct_interim_interval,
                    });
                    let pmk = success.pmk().and_then(|p| Pmk::from_slice(p).ok());
                    if let Some(pmk) = &pmk {
                        self.add_pmksa(now, sta, pmk, &success);
                    }
                    let Some(station) = self.stations.get_mut(&sta) else { break };
                    let machine = match (pmk, station.negotiated.as_ref(), self.wpa.as_ref()) {
                        (Some(pmk), Some(n), Some(wpa)) => wpa.machine_with_pmk(self.bssid, sta, n, pmk, None),
                        _ => None,
                    };
                    let Some(mut machine) = machine else {
                        warn!("no usable MSK in the Access-Accept: deauthenticating");
                        out.extend(self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed));
                        break;
                    };
                    let group_keys = match self.wpa.as_ref() {
                        Some(wpa) => wpa.group_keys(),
                        None => break,
                    };
                    let actions = machine.start(now, &mut rand::rngs::OsRng, group_keys);
                    station.machine = Some(machine);
                    out.extend(self.apply(now, sta, actions));
                }
                EapAction::Failed(reason) => {
                    info!(?reason, "IEEE 802.1X authentication failed");
                    // Let the EAP-Failure reach the station before the deauthentication (hostapd waits too).
                    station.deauth_at = Some((now + Duration::from_millis(20), ReasonCode::from(reason.deauth_reason())));
                }
                EapAction::Logoff => {
                    info!("EAPOL-Logoff: port closed");
                    station.state = StationState::Handshake;
                    out.push(Output::Radio(RadioCommand::SetStationAuthorized {
                        ifindex: self.ifindex,
                        mac: sta.0,
                        authorized: false,
                    }));
                }
                EapAction::SessionTimeout => {
                    info!("RADIUS Session-Timeout: deauthenticating");
                    out.extend(self.deauthenticate(now, sta, ReasonCode::PrevAuthNotValid));
                    break;
                }
                EapAction::Event(event) => info!("{}", event.ctrl_line(&sta.0)),
                _ => {}
            }
        }
        out
    }

    /// Carries out what a station's handshake state machine asked for.
    fn apply(&mut self, now: Instant, sta: MacAddr, actions: Vec<Action>) -> Vec<Output> {
        let mut out = Vec::new();
        for action in actions {
            let Some(station) = self.stations.get_mut(&sta) else { break };
            match action {
                Action::SendEapol(frame) => out.push(Output::Radio(RadioCommand::SendControlPort {
                    ifindex: self.ifindex,
                    dest: sta.0,
                    frame,
                    // Before the PTK is in place the frames must go out in the clear.
                    no_encrypt: !station.ptk_installed,
                })),
                Action::InstallPtk { tk, cipher_suite_selector, key_idx } => {
                    station.ptk_installed = true;
                    out.push(Output::Radio(RadioCommand::NewKey {
                        ifindex: self.ifindex,
                        key: KeyParams {
                            mac: Some(sta.0),
                            key_idx,
                            cipher: cipher_suite_selector,
                            key: tk.as_bytes().to_vec(),
                            seq: None,
                        },
                    }));
                }
                Action::Authorize => {
                    station.state = StationState::Authorized;
                    station.authorized_at = Some(now);
                    info!(aid = station.aid.unwrap_or(0), bssid = %self.bssid, "associated; port authorized");
                    out.push(Output::Radio(RadioCommand::SetStationAuthorized {
                        ifindex: self.ifindex,
                        mac: sta.0,
                        authorized: true,
                    }));
                    self.journal_authorized(now, sta);
                    out.extend(self.start_accounting(now, sta));
                }
                Action::Deauthenticate { reason } => {
                    info!(reason, "handshake failed: deauthenticating");
                    // A cached PMK that fails the 4-way handshake is not to be tried again.
                    if let (Some((entry, _)), Some(caches)) = (station.cached.take(), &self.pmksa) {
                        caches.borrow_mut().remove(&self.bssid.0, &sta.0, &entry.pmkid());
                    }
                    out.extend(self.deauthenticate(now, sta, ReasonCode::from(reason)));
                    break;
                }
                Action::Event(event) => out.extend(self.on_auth_event(sta, event)),
                other => debug!(?other, "unhandled handshake action"),
            }
        }
        out
    }

    fn on_auth_event(&mut self, sta: MacAddr, event: AuthEvent) -> Vec<Output> {
        match event {
            AuthEvent::HandshakeCompleted => info!("4-way handshake completed (EAPOL-4WAY-HS-COMPLETED)"),
            AuthEvent::PossiblePskMismatch => warn!("EAPOL-Key MIC failure: possible PSK mismatch (AP-STA-POSSIBLE-PSK-MISMATCH)"),
            AuthEvent::MicFailure { message } => info!(?message, "EAPOL-Key MIC failure"),
            AuthEvent::RsneMismatch => warn!("RSNE in message 2 differs from the association request"),
            AuthEvent::GroupHandshakeCompleted => {
                debug!("group key handshake completed");
                if let Some(wpa) = &mut self.wpa {
                    return wpa.group_handshake_done(sta, self.ifindex);
                }
            }
            other => debug!(?other, "handshake event"),
        }
        Vec::new()
    }

    /// New group keys, and a group key handshake with every station that has a PTK.
    fn rekey_group(&mut self, now: Instant) -> Vec<Output> {
        let members: std::collections::BTreeSet<MacAddr> = self
            .stations
            .values()
            .filter(|s| s.machine.as_ref().is_some_and(PtkStateMachine::is_authorized))
            .map(|s| s.mac)
            .collect();
        let Some(wpa) = &mut self.wpa else { return Vec::new() };
        let mut out = wpa.rekey(now, self.ifindex, members.clone());
        for sta in members {
            let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
                (Some(Station { machine: Some(m), .. }), Some(wpa)) => m.start_group_rekey(now, wpa.group_keys()),
                _ => continue,
            };
            out.extend(self.apply(now, sta, actions));
        }
        out
    }

    fn finish_rekey_if_done(&mut self) -> Vec<Output> {
        match &mut self.wpa {
            // A departed station no longer holds up the switch to the new GTK.
            Some(wpa) => wpa.switch_default_if_ready(self.ifindex),
            None => Vec::new(),
        }
    }
}

/// The negotiated AKM in roamd-wpa's terms.
fn wpa_akm(n: &Negotiated) -> roamd_wpa::Akm {
    roamd_wpa::Akm::from_suite(u32::from_be_bytes(n.akm.into()))
}

fn random_transaction_id() -> [u8; 2] {
    rand::random()
}

#[cfg(test)]
#[path = "bss_tests.rs"]
mod tests;
