//! 802.11k and 802.11v roaming assistance, after hostapd's rrm.c,
//! wnm_ap.c and neighbor_db.c: the neighbour list SET_NEIGHBOR fills and
//! Neighbor Report Requests are answered from; beacon measurement requests
//! (REQ_BEACON) and their reports (BEACON-RESP-RX); BSS Transition
//! Management requests built from BSS_TM_REQ's arguments, the station's
//! response as hostapd's BSS-TM-RESP event, and the Disassociation Timer.
//!
//! Bounded: at most [`MAX_NEIGHBORS`] neighbours per BSS; one unanswered
//! transition request per station (a new one replaces it), whose Dialog
//! Token a response must carry: other responses are dropped and counted.
//! Each request and response is a journal line, and the profiles keep the
//! request until the station's next association elsewhere, whose journal
//! line then says `steered=...`.

use std::fmt;

use roamd_ieee80211::action::rrm::{Measurement, BEACON_REQUEST_LEN, MEASUREMENT_TYPE_BEACON};
use roamd_ieee80211::action::wnm::request_mode;
use roamd_ieee80211::action::{BtmRepr, RadioMeasurementRepr, RmAction};
use roamd_ieee80211::{ElementWriter, Elements};

use super::*;

/// Neighbours per BSS: an ESS's APs, set by an operator or a steering
/// daemon; more than fit a Neighbor Report Response is no use.
pub const MAX_NEIGHBORS: usize = 64;

/// Octets of Neighbor Report elements in a response: it must fit one
/// MMPDU (2304 octets) with the header and the fixed fields.
const MAX_REPORT_ELEMENTS: usize = 2304 - 24 - 3;

/// One neighbour (hostapd's `hostapd_neighbor_entry`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbor {
    /// Its BSSID.
    pub bssid: MacAddr,
    /// Its SSID: a request names the SSID it wants neighbours of.
    pub ssid: Vec<u8>,
    /// The Neighbor Report element data (BSSID first), as sent.
    pub nr: Vec<u8>,
    /// LCI measurement report, kept for SHOW_NEIGHBOR.
    pub lci: Option<Vec<u8>>,
    /// Civic location measurement report, kept for SHOW_NEIGHBOR.
    pub civic: Option<Vec<u8>>,
    /// The AP does not move (`stat`).
    pub stationary: bool,
}

/// Octets as lower-case hex digits.
pub struct Hex<'a>(pub &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Display for Neighbor {
    /// hostapd's SHOW_NEIGHBOR line (hostapd_neighbor_show), newline included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ssid={} nr={}",
            self.bssid,
            Hex(&self.ssid),
            Hex(&self.nr)
        )?;
        if let Some(lci) = &self.lci {
            write!(f, " lci={}", Hex(lci))?;
        }
        if let Some(civic) = &self.civic {
            write!(f, " civic={}", Hex(civic))?;
        }
        let stat = if self.stationary { " stat" } else { "" };
        writeln!(f, "{stat}")
    }
}

impl Bss {
    /// SET_NEIGHBOR: adds the neighbour or replaces the one with its BSSID
    /// and SSID. `false` when neighbour reports are off or the list is full.
    pub fn set_neighbor(&mut self, neighbor: Neighbor) -> bool {
        if !self.config.rrm_neighbor_report {
            return false;
        }
        let same = |n: &&mut Neighbor| n.bssid == neighbor.bssid && n.ssid == neighbor.ssid;
        if let Some(entry) = self.neighbors.iter_mut().find(same) {
            *entry = neighbor;
        } else if self.neighbors.len() < MAX_NEIGHBORS {
            // hostapd lists the newest first.
            self.neighbors.insert(0, neighbor);
        } else {
            return false;
        }
        true
    }

    /// REMOVE_NEIGHBOR: the first neighbour with this BSSID (and SSID, when
    /// given); `false` when there is none.
    pub fn remove_neighbor(&mut self, bssid: MacAddr, ssid: Option<&[u8]>) -> bool {
        let at = self
            .neighbors
            .iter()
            .position(|n| n.bssid == bssid && ssid.is_none_or(|s| s == n.ssid));
        at.map(|i| self.neighbors.remove(i)).is_some()
    }

    /// SHOW_NEIGHBOR: `None` when neighbour reports are off.
    pub fn neighbors(&self) -> Option<&[Neighbor]> {
        self.config.rrm_neighbor_report.then_some(&self.neighbors)
    }

    /// The Neighbor Report elements of the neighbours in `ssid`, as many
    /// as fit one frame.
    fn neighbor_elements(&self, ssid: &[u8]) -> Vec<u8> {
        let mut elements = Vec::new();
        for n in self.neighbors.iter().filter(|n| n.ssid == ssid) {
            if elements.len() + 2 + n.nr.len() > MAX_REPORT_ELEMENTS {
                break;
            }
            let _ = ElementWriter::new(&mut elements).raw(id::NEIGHBOR_REPORT, &n.nr);
        }
        elements
    }

    /// A Dialog Token for a request of ours: never 0.
    fn next_dialog_token(&mut self) -> u8 {
        self.dialog_token = self.dialog_token.wrapping_add(1).max(1);
        self.dialog_token
    }

    /// A Neighbor Report Request (answered from the list) or a measurement
    /// report (beacon reports become BEACON-RESP-RX events).
    pub(super) fn on_radio_measurement(
        &mut self,
        sta: MacAddr,
        rm: &RadioMeasurementRepr,
    ) -> Vec<Output> {
        if !self.stations.get(&sta).is_some_and(Station::in_kernel) {
            return Vec::new();
        }
        match rm.action {
            RmAction::NeighborReportRequest if self.config.rrm_neighbor_report => {
                // hostapd: the SSID the request names, else ours. LCI and
                // civic requests are not answered (no measurement reports).
                let ssid = rm.elements.ssid().filter(|s| (1..=32).contains(&s.len()));
                let elements = self.neighbor_elements(ssid.unwrap_or(&self.config.ssid));
                self.counters.neighbor_reports += 1;
                let response = RadioMeasurementRepr {
                    action: RmAction::NeighborReportResponse,
                    dialog_token: rm.dialog_token,
                    repetitions: 0,
                    elements: Elements::new(&elements),
                };
                vec![send(self.elements.action(sta, &response.to_bytes()))]
            }
            RmAction::MeasurementReport => Measurement::reports(rm.elements)
                .flatten()
                .filter(|m| m.kind == MEASUREMENT_TYPE_BEACON)
                .map(|m| {
                    Output::CtrlEvent(format!(
                        "BEACON-RESP-RX {sta} {} {:02x} {}",
                        rm.dialog_token,
                        m.mode,
                        Hex(m.body)
                    ))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// REQ_BEACON: a Beacon request (`request`, the Measurement Request
    /// field) to an authorized station, in Measurement Request Mode
    /// `mode`. Returns the Dialog Token, hostapd's reply; `None` when the
    /// station is not authorized or the request is shorter than its fixed
    /// fields or too long for an element.
    pub fn request_beacon_report(
        &mut self,
        sta: MacAddr,
        mode: u8,
        request: &[u8],
    ) -> Option<(u8, Vec<Output>)> {
        let authorized = self
            .stations
            .get(&sta)
            .is_some_and(|s| s.state == StationState::Authorized);
        if !authorized || request.len() < BEACON_REQUEST_LEN {
            return None;
        }
        let measurement = Measurement {
            token: 1,
            mode,
            kind: MEASUREMENT_TYPE_BEACON,
            body: request,
        };
        let mut elements = Vec::new();
        ElementWriter::new(&mut elements)
            .raw(id::MEASUREMENT_REQUEST, &measurement.to_data())
            .ok()?;
        let token = self.next_dialog_token();
        let body = RadioMeasurementRepr {
            action: RmAction::MeasurementRequest,
            dialog_token: token,
            repetitions: 0,
            elements: Elements::new(&elements),
        };
        Some((
            token,
            vec![send(self.elements.action(sta, &body.to_bytes()))],
        ))
    }

    /// BSS_TM_REQ (and DISASSOC_IMMINENT): sends `request`, a
    /// [`BtmRepr::Request`] whose Dialog Token 0 lets the BSS pick one, to
    /// an associated station. A Disassociation Timer disassociates the
    /// station when it ends, if it is still here (hostapd's
    /// set_disassoc_timer). `None` when BSS transition is off, the station
    /// not associated, or `request` not a request.
    pub fn send_bss_tm_request(
        &mut self,
        now: Instant,
        sta: MacAddr,
        request: &BtmRepr,
    ) -> Option<Vec<Output>> {
        let BtmRepr::Request {
            dialog_token,
            mode,
            disassoc_timer,
            validity_interval,
            termination_duration,
            session_url,
            candidates,
        } = *request
        else {
            return None;
        };
        if !self.config.bss_transition || !self.stations.get(&sta).is_some_and(Station::in_kernel) {
            return None;
        }
        let token = match dialog_token {
            0 => self.next_dialog_token(),
            t => t,
        };
        // The timer counts beacon intervals (TUs of 1024 µs).
        let interval = u64::from(self.elements.beacon_interval().max(1));
        let station = self.stations.get_mut(&sta)?;
        station.btm_token = Some(token);
        station.disassoc_at = (disassoc_timer > 0)
            .then(|| now + Duration::from_micros(u64::from(disassoc_timer) * interval * 1024));
        self.counters.btm_requests += 1;
        info!(
            sta = %sta,
            dialog_token = token,
            mode,
            disassoc_timer,
            "bss transition request"
        );
        if let Some(profiles) = &self.profiles {
            profiles.borrow_mut().steer_requested(now, sta, self.bssid);
        }
        let body = BtmRepr::Request {
            dialog_token: token,
            mode,
            disassoc_timer,
            validity_interval,
            termination_duration,
            session_url,
            candidates,
        };
        let out = vec![send(self.elements.action(sta, &body.to_bytes()))];
        // The timer goes into the station table's index.
        Some(self.finish(now, out))
    }

    /// A station's BSS Transition Management Response (the BSS-TM-RESP
    /// event, when it answers our request) or Query (answered with a
    /// request listing the neighbours of this SSID).
    pub(super) fn on_btm(&mut self, sta: MacAddr, btm: &BtmRepr) -> Vec<Output> {
        if !self.config.bss_transition {
            return Vec::new();
        }
        let candidates = self.neighbor_elements(&self.config.ssid);
        let Some(station) = self.stations.get_mut(&sta).filter(|s| s.in_kernel()) else {
            return Vec::new();
        };
        match *btm {
            BtmRepr::Response {
                dialog_token,
                status,
                termination_delay,
                target_bssid,
                ..
            } => {
                if station.btm_token != Some(dialog_token) {
                    self.counters.btm_unsolicited += 1;
                    return Vec::new();
                }
                station.btm_token = None;
                self.counters.btm_responses += 1;
                let target = target_bssid.map_or(String::new(), |t| t.to_string());
                info!(
                    sta = %sta,
                    dialog_token,
                    status,
                    target = %target,
                    "bss transition response"
                );
                if let Some(profiles) = &self.profiles {
                    profiles.borrow_mut().steer_answered(sta, status);
                }
                // hostapd's format (wnm_ap.c), Dialog Token not included.
                let mut event = format!(
                    "BSS-TM-RESP {sta} status_code={status} bss_termination_delay={termination_delay}"
                );
                if !target.is_empty() {
                    event.push_str(" target_bssid=");
                    event.push_str(&target);
                }
                vec![Output::CtrlEvent(event)]
            }
            BtmRepr::Query { dialog_token, .. } => {
                station.btm_token = Some(dialog_token);
                let mode = if candidates.is_empty() {
                    0
                } else {
                    request_mode::PREF_CAND_LIST
                };
                let request = BtmRepr::Request {
                    dialog_token,
                    mode,
                    disassoc_timer: 0,
                    validity_interval: 1,
                    termination_duration: None,
                    session_url: None,
                    candidates: Elements::new(&candidates),
                };
                vec![send(self.elements.action(sta, &request.to_bytes()))]
            }
            BtmRepr::Request { .. } => Vec::new(),
        }
    }

    /// The Disassociation Timer of a transition request ended and the
    /// station is still here: disassociated (hostapd: reason 2).
    pub(super) fn disassoc_timer_ended(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        info!("BSS transition disassociation timer ended: disassociating");
        let mut out = vec![send(
            self.elements
                .disassociation(sta, ReasonCode::PrevAuthNotValid),
        )];
        out.extend(self.leave(now, sta, AcctTerminateCause::AdminReset));
        self.stations.insert(Station::new(sta, now));
        out
    }
}
