//! 802.11r at the BSS: FT Authentication over the air, FT Requests over
//! the DS (relayed through the key holder's 0x890d frames, to a BSS of this
//! process or another AP), and the key holder's events: pulled PMK-R1s that
//! let a waiting request be answered, pushes, and over-DS frames from
//! other APs (hostapd `wpa_ft_process_auth`, `wpa_ft_action_rx`,
//! `wpa_ft_rrb_rx`).

use roamd_ft::{Event as KeyHolderEvent, PullFailure, ETHERTYPE_OUI, ETHERTYPE_RRB};
use roamd_ieee80211::action::ft::{FtActionCode, FtActionRepr};
use roamd_ieee80211::Elements;

use super::*;
use crate::ft::{FtFailure, KeySource, PmkR1Answer, WaitingFt};

/// What an FT request gets now.
enum FtReply {
    /// The exchange, the response elements, and where the key came from.
    Answer(Box<FtPending>, Vec<u8>, KeySource),
    /// A PMK-R1 pull is under way: the request waits for it.
    Wait,
    /// The request repeats the one the station's pending exchange
    /// answered: the same answer again, nothing changes.
    Repeat(Vec<u8>),
    /// Refused with this status, for this reason (the journal's).
    Refuse(StatusCode, FtFailure),
}

impl Bss {
    /// FT Authentication (over the air): the station names its PMK-R0 and
    /// R0KH; with the PMK-R1 for us it gets an ANonce and its PTK is
    /// derived, to be installed when its reassociation succeeds. Without
    /// the key, the answer waits for the key holder's pull.
    pub(super) fn on_ft_authentication(
        &mut self,
        now: Instant,
        sta: MacAddr,
        elements: Elements<'_>,
    ) -> Vec<Output> {
        let reply = self.ft_answer(now, sta, elements, None);
        self.ft_reply(now, sta, elements.as_bytes(), None, reply)
    }

    /// Carries out the reply to an FT request with `elements`, over the air
    /// or (with `current_ap`) over the DS; a reply that must wait for a
    /// pull keeps the request until the pull ends (`resume_ft`).
    fn ft_reply(
        &mut self,
        now: Instant,
        sta: MacAddr,
        elements: &[u8],
        current_ap: Option<MacAddr>,
        reply: FtReply,
    ) -> Vec<Output> {
        if let FtReply::Wait = reply {
            debug!(?current_ap, "FT request waits for the PMK-R1 pull");
            self.counters.ft_pull_waits += 1;
            if let Some(ft) = &mut self.ft {
                let elements = elements.to_vec();
                ft.wait(
                    sta,
                    WaitingFt {
                        elements,
                        current_ap,
                    },
                );
            }
            return Vec::new();
        }
        match current_ap {
            None => self.answer_over_air(now, sta, reply),
            Some(current_ap) => self.answer_over_ds(now, sta, current_ap, reply),
        }
    }

    /// Sends the Authentication Response of an FT authentication.
    fn answer_over_air(&mut self, now: Instant, sta: MacAddr, reply: FtReply) -> Vec<Output> {
        let (mut out, status, response) = match reply {
            FtReply::Answer(pending, response, source) => {
                debug!(key = source.as_str(), "authenticated (FT over the air)");
                let out = self.ft_admit(now, sta, pending, &response, false, source);
                (out, StatusCode::Success, response)
            }
            FtReply::Refuse(status, why) => {
                self.counters.auth_rejected += 1;
                self.journal_ft_failure(sta, RoamOutcome::FtAir, why, status);
                (Vec::new(), status, Vec::new())
            }
            FtReply::Repeat(response) => {
                self.counters.ft_auth_repeats += 1;
                debug!("FT authentication repeated: the same answer again");
                (Vec::new(), StatusCode::Success, response)
            }
            FtReply::Wait => return Vec::new(),
        };
        let frame = self
            .elements
            .auth_response_with(sta, frames::AUTH_FT, 2, status, &response);
        out.push(send(frame));
        out
    }

    /// An FT Request Action frame (over the DS) from a station of ours:
    /// relayed to its target through the key holder (hostapd
    /// `wpa_ft_action_rx`). The station must be associated here with its
    /// keys in place.
    pub(super) fn on_ft_request(
        &mut self,
        sa: MacAddr,
        sta: MacAddr,
        target: MacAddr,
        elements: Elements<'_>,
    ) -> Vec<Output> {
        let ours = self
            .stations
            .get(&sa)
            .is_some_and(|s| s.state == StationState::Authorized);
        let relayed = match &mut self.ft {
            Some(ft) if ours && sta == sa && target != self.bssid => FtActionRepr {
                action: FtActionCode::Request,
                sta_addr: sta,
                target_ap_addr: target,
                status: None,
                elements,
            }
            .to_bytes()
            .ok()
            .and_then(|action| ft.key_holder_mut().relay_over_ds_request(&action).ok()),
            _ => None,
        };
        if relayed.is_none() {
            self.counters.ft_ds_dropped += 1;
            debug!(sta = %sa, %target, "FT Request dropped");
            return Vec::new();
        }
        self.counters.ft_ds_relayed += 1;
        Vec::new()
    }

    /// Once the key holders' link is up: the key holder asks its peers
    /// for their sequence numbers ([`roamd_ft::KeyHolder::warm_up`]), so
    /// the first roam does not wait for it.
    pub fn start_key_holder(&mut self, now: Instant) -> Vec<Output> {
        if let Some(ft) = &mut self.ft {
            ft.key_holder_mut().warm_up(now, &mut self.rng);
        }
        self.finish(now, Vec::new())
    }

    /// A frame of the key holders' protocol for this BSS (`ethertype`
    /// 0x88b7 or 0x890d, `payload` after the Ethernet header), from
    /// another AP or another BSS of this process.
    pub fn handle_key_holder_frame(
        &mut self,
        now: Instant,
        src: MacAddr,
        dst: MacAddr,
        ethertype: u16,
        payload: &[u8],
    ) -> Vec<Output> {
        if let Some(ft) = &mut self.ft {
            let kh = ft.key_holder_mut();
            match ethertype {
                ETHERTYPE_OUI => kh.handle_oui_frame(now, &mut self.rng, src, dst, payload),
                ETHERTYPE_RRB => kh.handle_rrb_frame(src, dst, payload),
                _ => {}
            }
        }
        self.finish(now, Vec::new())
    }

    /// Acts on what the key holder has to say, and sends its frames.
    pub(super) fn drain_key_holder(&mut self, now: Instant) -> Vec<Output> {
        let mut out = Vec::new();
        loop {
            let Some(ft) = &mut self.ft else {
                return out;
            };
            if let Some(event) = ft.key_holder_mut().poll_event() {
                out.extend(self.on_key_holder_event(now, event));
                continue;
            }
            match ft.key_holder_mut().poll_transmit() {
                Some(transmit) => out.push(Output::KeyHolderFrame(transmit)),
                None => return out,
            }
        }
    }

    fn on_key_holder_event(&mut self, now: Instant, event: KeyHolderEvent) -> Vec<Output> {
        match event {
            KeyHolderEvent::PmkR1Available { entry, round_trip } => {
                let _span = info_span!("sta", mac = %entry.sta).entered();
                debug!(
                    round_trip_ms = round_trip.as_millis() as u64,
                    "PMK-R1 pulled"
                );
                let round_trip_ms = u16::try_from(round_trip.as_millis()).unwrap_or(u16::MAX);
                let key = (entry.pmk_r1.clone(), KeySource::Pulled { round_trip_ms });
                self.resume_ft(now, entry.sta, Ok(key))
            }
            KeyHolderEvent::PullFailed { sta, reason, .. } => {
                let _span = info_span!("sta", mac = %sta).entered();
                self.resume_ft(now, sta, Err(reason))
            }
            KeyHolderEvent::PmkR1Pushed { sta, from } => {
                debug!(sta = %sta, %from, "PMK-R1 pushed to us");
                Vec::new()
            }
            KeyHolderEvent::OverDsRequest {
                current_ap,
                sta,
                elements,
            } => self.on_ft_over_ds_request(now, sta, current_ap, &elements),
            KeyHolderEvent::OverDsResponse { sta, action_frame } => {
                self.on_ft_over_ds_response(sta, &action_frame)
            }
        }
    }

    /// A pull ended: the request that waited for it is answered.
    fn resume_ft(
        &mut self,
        now: Instant,
        sta: MacAddr,
        key: Result<(roamd_wpa::PmkR1, KeySource), PullFailure>,
    ) -> Vec<Output> {
        let Some(waiting) = self.ft.as_mut().and_then(|f| f.take_waiting(sta)) else {
            return Vec::new();
        };
        let elements = Elements::new(&waiting.elements);
        let reply = match key {
            Ok(key) => self.ft_answer(now, sta, elements, Some(key)),
            Err(reason) => FtReply::Refuse(StatusCode::InvalidPmkid, FtFailure::Pull(reason)),
        };
        self.ft_reply(now, sta, &waiting.elements, waiting.current_ap, reply)
    }

    /// FT over the DS at the target AP: a station's FT Request, relayed by
    /// its current AP `current_ap`. Answered as an FT Authentication; the
    /// station then reassociates here.
    fn on_ft_over_ds_request(
        &mut self,
        now: Instant,
        sta: MacAddr,
        current_ap: MacAddr,
        elements: &[u8],
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let reply = if sta.is_multicast() {
            FtReply::Refuse(StatusCode::UnspecifiedFailure, FtFailure::Refused)
        } else if !self.config.mac_allowed(sta) {
            self.counters.auth_refused_acl += 1;
            FtReply::Refuse(StatusCode::UnspecifiedFailure, FtFailure::Refused)
        } else if !self.stations.contains(&sta) && !self.make_room(now) {
            self.counters.auth_refused_full += 1;
            FtReply::Refuse(StatusCode::ApUnableToHandleNewSta, FtFailure::Refused)
        } else {
            self.ft_answer(now, sta, Elements::new(elements), None)
        };
        self.ft_reply(now, sta, elements, Some(current_ap), reply)
    }

    /// Sends the FT Response of an over-DS request back through the
    /// station's current AP.
    fn answer_over_ds(
        &mut self,
        now: Instant,
        sta: MacAddr,
        current_ap: MacAddr,
        reply: FtReply,
    ) -> Vec<Output> {
        let (out, status, response) = match reply {
            FtReply::Answer(pending, response, source) => {
                debug!(%current_ap, key = source.as_str(), "FT over the DS: answered");
                let out = self.ft_admit(now, sta, pending, &response, true, source);
                (out, StatusCode::Success, response)
            }
            FtReply::Refuse(status, why) => {
                self.counters.auth_rejected += 1;
                self.journal_ft_failure(sta, RoamOutcome::FtDs, why, status);
                (Vec::new(), status, Vec::new())
            }
            FtReply::Repeat(response) => {
                self.counters.ft_auth_repeats += 1;
                (Vec::new(), StatusCode::Success, response)
            }
            FtReply::Wait => return Vec::new(),
        };
        if let Some(ft) = &mut self.ft {
            let sent = ft
                .key_holder_mut()
                .send_over_ds_response(current_ap, sta, status, &response);
            if let Err(e) = sent {
                warn!("cannot relay the FT Response: {e}");
            }
        }
        out
    }

    /// FT over the DS at the station's current AP: the target's answer,
    /// sent to the station as an FT Response Action frame.
    fn on_ft_over_ds_response(&mut self, sta: MacAddr, action_frame: &[u8]) -> Vec<Output> {
        let Ok(ft) = FtActionRepr::parse_bytes(action_frame) else {
            return Vec::new();
        };
        if ft.action != FtActionCode::Response || !self.stations.contains(&sta) {
            return Vec::new();
        }
        let status = ft.status.unwrap_or(StatusCode::UnspecifiedFailure);
        let frame =
            self.elements
                .ft_response(sta, ft.target_ap_addr, status, ft.elements.as_bytes());
        vec![send(frame)]
    }

    /// A Reassociation Request repeating the one that completed the
    /// station's FT exchange (a retransmission, or a replay: IEEE 802.11
    /// frames carry no replay protection before PMF): if its MIC verifies
    /// under the installed PTK, the response is sent again and nothing
    /// else happens, as hostapd 2.10 does; above all the PTK is not
    /// installed again, which would reset its packet numbers
    /// (CVE-2017-13082). `None` when it is not such a repeat.
    pub(super) fn repeated_ft_reassociation(
        &mut self,
        sta: MacAddr,
        rsne: Option<&[u8]>,
        mde: Option<&[u8]>,
        fte: Option<&[u8]>,
        wmm: bool,
    ) -> Option<Vec<Output>> {
        let station = self.stations.get(&sta)?;
        let done = station.ft.as_deref().filter(|p| p.installed)?;
        let (ft, wpa, n) = (
            self.ft.as_ref()?,
            self.wpa.as_ref()?,
            station.negotiated.as_ref()?,
        );
        let whole =
            |id: u8, body: Option<&[u8]>| body.map(|b| [&[id, b.len() as u8][..], b].concat());
        done.exchange
            .check_reassoc(
                ft.ap(),
                whole(id::RSN, rsne).as_deref(),
                whole(id::MOBILITY_DOMAIN, mde).as_deref(),
                whole(id::FAST_BSS_TRANSITION, fte).as_deref(),
            )
            .ok()?;
        let mut elements = done
            .exchange
            .reassoc_response_elements(ft.ap(), wpa.group_keys(), n.mfp)
            .ok()?;
        if wmm {
            elements.extend_from_slice(self.elements.wmm_element());
        }
        let frame =
            self.elements
                .assoc_response(sta, true, StatusCode::Success, station.aid, &elements);
        self.counters.ft_reassoc_repeats += 1;
        info!("FT reassociation repeated: answered again, keys untouched");
        Some(vec![send(frame)])
    }

    /// The answer to an FT Authentication Request (over the air or over
    /// the DS): the exchange and the response elements, a wait for the
    /// PMK-R1, or the status to refuse it with. `key` is the PMK-R1 a
    /// pull brought.
    fn ft_answer(
        &mut self,
        now: Instant,
        sta: MacAddr,
        elements: Elements<'_>,
        key: Option<(roamd_wpa::PmkR1, KeySource)>,
    ) -> FtReply {
        let body = |id: u8| elements.find(id).map(|e| e.data());
        let (Some(ft), Some(wpa)) = (&mut self.ft, &self.wpa) else {
            return FtReply::Refuse(StatusCode::NotSupportedAuthAlg, FtFailure::Refused);
        };
        let (rsne, mde, fte) = (body(id::RSN), body(id::MOBILITY_DOMAIN), elements.fte());
        let req = match FtAuthRequest::parse(ft.ap(), sta, rsne, mde, fte) {
            Ok(req) => req,
            Err(status) => return FtReply::Refuse(status, FtFailure::BadRequest),
        };
        let repeated = self
            .stations
            .get(&sta)
            .and_then(|s| s.ft.as_deref())
            .filter(|p| !p.installed && p.exchange.answers(&req));
        if let Some(p) = repeated {
            return FtReply::Repeat(p.response.clone());
        }
        let (pmk_r1, source) = match key {
            Some(key) => key,
            None => {
                let owned = wpa.psks_for(sta);
                let psks: Vec<&[u8]> = owned.iter().map(|p| p.as_bytes()).collect();
                match ft.pmk_r1_for(now, &mut self.rng, &req, &psks, &self.config.ssid, sta) {
                    PmkR1Answer::Ready(key, source) => (key, source),
                    PmkR1Answer::Pending => return FtReply::Wait,
                    PmkR1Answer::Failed(reason) => {
                        return FtReply::Refuse(StatusCode::InvalidPmkid, FtFailure::Pull(reason));
                    }
                }
            }
        };
        match FtPending::authenticate(ft.ap(), sta, &req, &pmk_r1, &mut self.rng) {
            Ok((pending, response)) => FtReply::Answer(Box::new(pending), response, source),
            Err(_) => FtReply::Refuse(StatusCode::UnspecifiedFailure, FtFailure::Refused),
        }
    }

    /// A station authenticated by FT: a fresh entry holding its pending
    /// exchange (any association it had here ends, as with any
    /// authentication, except a PMF association: it waits for the
    /// reassociation).
    fn ft_admit(
        &mut self,
        now: Instant,
        sta: MacAddr,
        pending: Box<FtPending>,
        response: &[u8],
        over_ds: bool,
        key_source: KeySource,
    ) -> Vec<Output> {
        let deadline = now
            + self
                .ft
                .as_ref()
                .map_or(Duration::ZERO, BssFt::reassociation_deadline);
        let pending = PendingFt {
            exchange: *pending,
            over_ds,
            key_source,
            deadline,
            response: response.to_vec(),
            installed: false,
        };
        self.counters.authentications += 1;
        if let Some(station) = self
            .stations
            .get_mut(&sta)
            .filter(|s| s.has_mfp_sa() && s.state == StationState::Authorized)
        {
            // An unprotected FT Authentication must not end a PMF
            // association (anyone can send one, or replay the station's):
            // it stays until a reassociation proves the new keys.
            debug!("FT authentication from a station with a PMF association: kept until the reassociation");
            station.ft = Some(Box::new(pending));
            return Vec::new();
        }
        let out = self.leave(now, sta, AcctTerminateCause::UserRequest);
        let mut station = Station::new(sta, now);
        station.ft = Some(Box::new(pending));
        self.stations.insert(station);
        out
    }
}
