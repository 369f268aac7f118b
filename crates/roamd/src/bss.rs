//! The sans-IO core of one BSS: probe responses, open system authentication,
//! (re)association with AID allocation, the station table, inactivity and
//! shutdown. Time is passed in; what the radio must do comes back as
//! [`Output`]s, so every path is testable without a radio.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use roamd_ieee80211::{MacAddr, ReasonCode, StatusCode};
use roamd_nl80211_ap::{ApSettings, HiddenSsid, InterfaceInfo, RadioCommand, StationInfo, StationParams};
use tracing::{debug, info, info_span, warn};

use crate::config::{BssConfig, RadioConfig};
use crate::elements::BssElements;
use crate::frames::{self, AssocRequest, AuthRequest, Received};

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
    /// Associated and its port authorized (state 4 for an open network).
    Authorized,
}

/// One station known to the BSS.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

impl Station {
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
}

impl Bss {
    /// A BSS on `iface` (whose address is the BSSID).
    pub fn new(config: BssConfig, radio: &RadioConfig, iface: &InterfaceInfo) -> Bss {
        let bssid = MacAddr(iface.mac);
        Bss {
            elements: BssElements::new(&config, radio, bssid),
            config,
            ifindex: iface.ifindex,
            bssid,
            stations: BTreeMap::new(),
            used_aids: BTreeSet::new(),
            next_inactivity_check: None,
            counters: Counters::default(),
        }
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
            privacy: false,
            rsn: None,
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
        [expiry, self.next_inactivity_check].into_iter().flatten().min()
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
            self.forget(mac);
        }
        let mut out = Vec::new();
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
                self.on_deauthentication(sa, reason)
            }
            Received::Disassociation { sa, bssid, reason } if bssid == self.bssid => self.on_disassociation(now, sa, reason),
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
        let mut out = Vec::new();
        // A new authentication ends any association (IEEE 802.11-2020 11.3.4.2).
        if let Some(old) = self.stations.get(&sta) {
            if old.in_kernel() {
                out.push(Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) }));
                debug!("re-authentication ends the earlier association");
            }
        }
        if let Some(aid) = self.stations.get(&sta).and_then(|s| s.aid) {
            self.used_aids.remove(&aid);
        }
        self.stations.insert(
            sta,
            Station {
                mac: sta,
                state: StationState::Authenticated,
                aid: None,
                last_seen: now,
                authorized_at: None,
                listen_interval: 0,
                capability: 0,
            },
        );
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
                mfp: false,
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
                station.state = StationState::Authorized;
                station.authorized_at = Some(now);
                self.counters.associations += 1;
                info!(aid = station.aid.unwrap_or(0), bssid = %self.bssid, "associated; port authorized");
                vec![Output::Radio(RadioCommand::SetStationAuthorized {
                    ifindex: self.ifindex,
                    mac: sta.0,
                    authorized: true,
                })]
            }
        }
    }

    fn on_deauthentication(&mut self, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.forget(sta) else { return Vec::new() };
        info!(?reason, "station left (deauthenticated)");
        if station.in_kernel() {
            vec![Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) })]
        } else {
            Vec::new()
        }
    }

    fn on_disassociation(&mut self, now: Instant, sta: MacAddr, reason: ReasonCode) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get_mut(&sta) else { return Vec::new() };
        if !station.in_kernel() {
            return Vec::new();
        }
        info!(?reason, "station left (disassociated)");
        station.state = StationState::Authenticated;
        station.last_seen = now;
        station.authorized_at = None;
        if let Some(aid) = station.aid.take() {
            self.used_aids.remove(&aid);
        }
        vec![Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) })]
    }

    /// The kernel removed a station on its own.
    pub fn handle_station_removed(&mut self, _now: Instant, sta: MacAddr) -> Vec<Output> {
        if self.stations.get(&sta).is_some_and(|s| s.state == StationState::Authorized) {
            info!(sta = %sta, "kernel removed the station");
            self.forget(sta);
        }
        Vec::new()
    }

    /// Acts on a station's counters (from an inactivity poll).
    pub fn handle_station_info(&mut self, now: Instant, sta: MacAddr, info: Option<StationInfo>) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(info) = info else {
            if self.stations.get(&sta).is_some_and(|s| s.state == StationState::Authorized) {
                warn!("station vanished from the kernel; forgetting it");
                self.forget(sta);
            }
            return Vec::new();
        };
        let inactive = Duration::from_millis(u64::from(info.inactive_ms.unwrap_or(0)));
        if inactive < self.config.max_inactivity || !self.stations.contains_key(&sta) {
            return Vec::new();
        }
        info!(inactive_s = inactive.as_secs(), "station inactive: disassociating");
        self.counters.inactivity_removals += 1;
        self.forget(sta);
        self.schedule_inactivity_check(now);
        let frame = self.elements.deauthentication(sta, ReasonCode::DisassocDueToInactivity);
        vec![self.send(frame), Output::Radio(RadioCommand::DelStation { ifindex: self.ifindex, mac: Some(sta.0) })]
    }

    /// Deauthenticates every station (reason 3, the AP is leaving). The
    /// caller removes them from the kernel once the frames had time to go out.
    pub fn shutdown(&mut self) -> Vec<Output> {
        let mut out = Vec::new();
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

    fn forget(&mut self, sta: MacAddr) -> Option<Station> {
        let station = self.stations.remove(&sta)?;
        if let Some(aid) = station.aid {
            self.used_aids.remove(&aid);
        }
        Some(station)
    }
}

#[cfg(test)]
#[path = "bss_tests.rs"]
mod tests;
