//! The per-station authenticator: IEEE 802.1X-2004 8.2 PAE and backend state
//! machines collapsed for EAP pass-through, as hostapd runs them
//! (eapol_auth_sm.c AUTH_PAE/BE_AUTH/REAUTH_TIMER, eap_server.c
//! INITIALIZE..IDLE for the local Identity exchange, then *2 states).
//!
//! Life of a station:
//!
//! ```text
//! start ─► Identity ──Response/Identity──► Backend ──Challenge──► Request
//!              ▲                            │  ▲                     │
//!              │                            │  └────Response─────────┘
//!   EAPOL-Start, reauth timer,          Accept │ Reject, timeouts
//!   backend timeout                         ▼  ▼
//!              └────────────────── Authenticated   Held (quiet period)
//! ```
//!
//! Timers (all `Instant`s, see [`EapAuthenticator::poll_timeout`]):
//! - EAP retransmission of the outstanding request: `retrans_initial`
//!   (3 s) doubling to `retrans_max` (20 s), or the Session-Timeout of the
//!   Access-Challenge when present (hostapd `aaaMethodTimeout`, RFC 3580
//!   3.17); after `max_retrans` (5) retransmissions the station has timed
//!   out. The same timer serves the Request/Identity: hostapd 2.x has no
//!   separate `txPeriod` (802.1X-2004's 30 s dot1xAuthTxPeriod) and retries
//!   the Identity request with the EAP back-off too.
//! - backend timeout (`server_timeout`, off by default);
//! - reauthentication and Session-Timeout after a success.

use core::time::Duration;
use std::time::Instant;

use roamd_eapol::{
    eapol_frame, EapCode, EapPacket, EapRepr, EapType, EapolPacket, Error as EapolError, PacketType,
};
use roamd_ieee80211::MacAddr;
use roamd_radius::{
    AccessAccept, AccessChallenge, AccessReject, AccessRequest, Reply, TerminationAction,
};

use crate::action::{Action, AuthSuccess, FailureReason, RadiusRequestId};
use crate::config::EapAuthConfig;
use crate::context::RequestContext;
use crate::counters::Dot1xCounters;
use crate::event::EapEvent;

#[cfg(test)]
mod tests;

/// Longest identity that fits in User-Name (RFC 2865 5.1).
const MAX_IDENTITY_LEN: usize = 253;

/// Smallest Acct-Interim-Interval hostapd accepts from RADIUS.
const MIN_ACCT_INTERIM_INTERVAL: u32 = 60;

/// Where the authenticator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthState {
    /// Created, [`start`](EapAuthenticator::start) not called yet.
    Idle,
    /// EAP-Request/Identity outstanding.
    Identity,
    /// Access-Request outstanding at the RADIUS client.
    Backend,
    /// A server EAP-Request relayed, the station's Response awaited.
    Request,
    /// Authenticated; the reauthentication or session timer may run.
    Authenticated,
    /// Failed; EAPOL-Start is ignored until the quiet period ends.
    Held,
    /// EAPOL-Logoff or Session-Timeout: the session is over until an
    /// EAPOL-Start.
    Disconnected,
}

/// The 802.1X authenticator for one station in EAP pass-through mode.
///
/// Sans-IO: every input takes the current `Instant` and returns the
/// [`Action`]s to perform, in order. Create one at association (also for a
/// reassociation that does not reuse a PMKSA), then call
/// [`start`](Self::start).
#[derive(Debug)]
pub struct EapAuthenticator {
    config: EapAuthConfig,
    sta: MacAddr,
    context: RequestContext,
    state: AuthState,
    /// Port status (802.1X-2004 authPortStatus): stays authorized while a
    /// reauthentication runs.
    authorized: bool,
    identity: Option<Vec<u8>>,
    /// State of the last Access-Challenge, echoed in the next Access-Request
    /// only (RFC 2865 5.24; hostapd copies it iff the last reply was a
    /// challenge).
    radius_state: Option<Vec<u8>>,
    cui: Option<Vec<u8>>,
    /// Identifier of the outstanding request, or of the last one.
    current_id: u8,
    /// Identifier of the next locally built Request/Identity.
    next_id: u8,
    /// The outstanding EAPOL frame, for retransmission.
    last_request: Option<Vec<u8>>,
    retrans_count: u32,
    /// Session-Timeout of the last Access-Challenge (hostapd methodTimeout).
    method_timeout: Option<Duration>,
    retrans_deadline: Option<Instant>,
    pending_radius: Option<RadiusRequestId>,
    server_deadline: Option<Instant>,
    next_radius_id: u64,
    reauth_deadline: Option<Instant>,
    session_deadline: Option<Instant>,
    held_until: Option<Instant>,
    /// 802.1X-2004 reAuthCount: entries into CONNECTING since the last
    /// success or failure.
    connect_count: u32,
    counters: Dot1xCounters,
    station_method: Option<EapType>,
    server_method: Option<EapType>,
}

impl EapAuthenticator {
    /// An authenticator for station `sta`; `context` is the NAS and station
    /// information of its Access-Requests (a [`roamd_radius::NasInfo`] will
    /// do). The first Request/Identity uses Identifier 0 unless
    /// [`with_initial_identifier`](Self::with_initial_identifier) says
    /// otherwise.
    pub fn new(config: &EapAuthConfig, sta: MacAddr, context: impl Into<RequestContext>) -> Self {
        EapAuthenticator {
            config: config.clone(),
            sta,
            context: context.into(),
            state: AuthState::Idle,
            authorized: false,
            identity: None,
            radius_state: None,
            cui: None,
            current_id: 0,
            next_id: 0,
            last_request: None,
            retrans_count: 0,
            method_timeout: None,
            retrans_deadline: None,
            pending_radius: None,
            server_deadline: None,
            next_radius_id: 0,
            reauth_deadline: None,
            session_deadline: None,
            held_until: None,
            connect_count: 0,
            counters: Dot1xCounters::default(),
            station_method: None,
            server_method: None,
        }
    }

    /// Sets the Identifier of the first Request/Identity; RFC 3748 4.1
    /// recommends a random one (hostapd `rand() & 0xff`), so the daemon
    /// passes `rand::random()`.
    pub fn with_initial_identifier(mut self, identifier: u8) -> Self {
        self.next_id = identifier;
        self
    }

    /// The station.
    pub fn sta(&self) -> MacAddr {
        self.sta
    }

    /// Where the authenticator is.
    pub fn state(&self) -> AuthState {
        self.state
    }

    /// Whether the port is authorized (after a success, also during a
    /// reauthentication).
    pub fn is_authorized(&self) -> bool {
        self.authorized
    }

    /// The identity learnt from Response/Identity (or the Accept's
    /// User-Name).
    pub fn identity(&self) -> Option<&[u8]> {
        self.identity.as_deref()
    }

    /// The Chargeable-User-Identity learnt from an Accept.
    pub fn cui(&self) -> Option<&[u8]> {
        self.cui.as_deref()
    }

    /// The counters.
    pub fn counters(&self) -> &Dot1xCounters {
        &self.counters
    }

    /// The EAP Type of the last Response from the station (hostapd
    /// eap_type_supp).
    pub fn station_method(&self) -> Option<EapType> {
        self.station_method
    }

    /// The EAP Type of the last Request from the server (hostapd
    /// eap_type_authsrv).
    pub fn server_method(&self) -> Option<EapType> {
        self.server_method
    }

    /// The Access-Request outstanding, if any.
    pub fn pending_radius(&self) -> Option<RadiusRequestId> {
        self.pending_radius
    }

    /// The Identifier a Response must carry now (that of the outstanding or
    /// last request).
    pub fn current_identifier(&self) -> u8 {
        self.current_id
    }

    /// The per-station Access-Request attributes, to update (e.g. a new
    /// Acct-Session-Id).
    pub fn request_context_mut(&mut self) -> &mut RequestContext {
        &mut self.context
    }

    /// Starts authentication: EAP-Request/Identity to the station
    /// (hostapd AUTH_PAE DISCONNECTED -> RESTART -> CONNECTING).
    pub fn start(&mut self, now: Instant) -> Vec<Action> {
        let mut out = Vec::new();
        self.connect_count = 0;
        self.restart(now, &mut out);
        out
    }

    /// The earliest instant at which [`handle_timeout`](Self::handle_timeout)
    /// has work.
    pub fn poll_timeout(&self) -> Option<Instant> {
        [
            self.retrans_deadline,
            self.server_deadline,
            self.reauth_deadline,
            self.session_deadline,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Runs the timers due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) -> Vec<Action> {
        let mut out = Vec::new();
        if due(self.session_deadline, now) {
            self.session_deadline = None;
            self.end_session(&mut out);
            out.push(Action::SessionTimeout);
        }
        if due(self.retrans_deadline, now) {
            self.retransmit(now, &mut out);
        }
        if due(self.server_deadline, now) {
            // 802.1X-2004 BE_AUTH TIMEOUT -> AUTH_PAE ABORTING -> RESTART.
            self.server_deadline = None;
            self.counters.backend_timeouts += 1;
            self.restart(now, &mut out);
        }
        if due(self.reauth_deadline, now) {
            // REAUTH_TIMER REAUTHENTICATE: restart without unauthorizing.
            self.reauth_deadline = None;
            out.extend(self.reauthenticate(now));
        }
        out
    }

    /// Reauthenticates now, as the reauthentication timer would
    /// (hostapd_cli `eapol_reauth`, hostapd eapol_auth_reauthenticate): an
    /// authenticated station is asked its identity again and keeps its
    /// port open meanwhile. Does nothing in any other state, where an
    /// authentication is running or has failed.
    pub fn reauthenticate(&mut self, now: Instant) -> Vec<Action> {
        let mut out = Vec::new();
        if self.state == AuthState::Authenticated {
            self.counters.reauthentications += 1;
            self.restart(now, &mut out);
        }
        out
    }

    /// Processes an EAPOL frame from the station (the EtherType 0x888e
    /// payload). Malformed and unexpected frames are counted and dropped.
    pub fn handle_eapol(&mut self, now: Instant, frame: &[u8]) -> Vec<Action> {
        let mut out = Vec::new();
        let eapol = match EapolPacket::new_checked(frame) {
            Ok(p) => p,
            Err(EapolError::BodyLength) => {
                self.counters.eap_length_error_frames_rx += 1;
                return out;
            }
            Err(_) => {
                self.counters.invalid_eapol_frames_rx += 1;
                return out;
            }
        };
        self.counters.eapol_frames_rx += 1;
        self.counters.last_eapol_frame_version = eapol.version().into();
        match eapol.packet_type() {
            PacketType::EapPacket => self.rx_eap(now, eapol.body_ref(), &mut out),
            PacketType::Start => {
                self.counters.eapol_start_frames_rx += 1;
                self.rx_start(now, &mut out);
            }
            PacketType::Logoff => {
                self.counters.eapol_logoff_frames_rx += 1;
                self.rx_logoff(&mut out);
            }
            // EAPOL-Key belongs to the 4-way handshake; ASF alerts are
            // ignored by hostapd too.
            PacketType::Key | PacketType::EncapsulatedAsfAlert => {
                self.counters.ignored_eapol_rx += 1;
            }
            _ => self.counters.invalid_eapol_frames_rx += 1,
        }
        out
    }

    /// Processes the RADIUS client's reply to request `id`.
    pub fn handle_radius(
        &mut self,
        now: Instant,
        id: RadiusRequestId,
        reply: Reply,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        if self.pending_radius != Some(id)
            || self.state != AuthState::Backend
            || matches!(reply, Reply::AccountingResponse)
        {
            self.counters.stale_radius_replies += 1;
            return out;
        }
        self.pending_radius = None;
        self.server_deadline = None;
        match reply {
            Reply::Challenge(ch) => self.rx_challenge(now, ch, &mut out),
            Reply::Accept(Ok(accept)) => self.rx_accept(now, *accept, &mut out),
            Reply::Accept(Err(_)) => {
                self.counters.backend_access_accepts += 1;
                self.local_failure(now, FailureReason::UnusableAccept, &mut out);
            }
            Reply::Reject(rj) => self.rx_reject(now, rj, &mut out),
            Reply::AccountingResponse => {}
        }
        out
    }

    /// The RADIUS client gave request `id` up (`Event::Timeout`), dropped it
    /// (`Event::Evicted`) or could not send it (`SendError`): the station
    /// gets an EAP-Failure and authentication fails.
    pub fn handle_radius_timeout(&mut self, now: Instant, id: RadiusRequestId) -> Vec<Action> {
        let mut out = Vec::new();
        if self.pending_radius != Some(id) {
            self.counters.stale_radius_replies += 1;
            return out;
        }
        self.pending_radius = None;
        self.server_deadline = None;
        self.counters.backend_timeouts += 1;
        out.push(Action::Event(EapEvent::TimeoutFailure2));
        self.send_canned(EapRepr::failure(self.current_id), &mut out);
        self.fail(now, FailureReason::RadiusTimeout, &mut out);
        out
    }

    // --- station side -----------------------------------------------------

    fn rx_eap(&mut self, now: Instant, body: &[u8], out: &mut Vec<Action>) {
        let Ok(packet) = EapPacket::new_checked(body) else {
            self.counters.malformed_eap_rx += 1;
            return;
        };
        let Ok(repr) = EapRepr::parse(&packet) else {
            self.counters.malformed_eap_rx += 1;
            return;
        };
        // hostapd handle_eap: only Responses go on (Initiate needs ERP).
        if repr.code != EapCode::Response {
            self.counters.unexpected_eap_rx += 1;
            return;
        }
        self.counters.eapol_resp_frames_rx += 1;
        self.station_method = repr.eap_type;
        match self.state {
            AuthState::Identity | AuthState::Request => {}
            AuthState::Backend => {
                // BE_AUTH waits for the server: a retransmitted or early
                // Response has nowhere to go.
                self.counters.dropped_while_pending += 1;
                return;
            }
            _ => {
                self.counters.unexpected_eap_rx += 1;
                return;
            }
        }
        // RFC 3748 4.1: a Response must match the outstanding Request.
        if repr.identifier != self.current_id {
            self.counters.wrong_identifier_rx += 1;
            return;
        }
        if let Some(identity) = repr.identity() {
            // hostapd ieee802_1x_learn_identity: any Response/Identity
            // (also one asked for by the server) sets User-Name.
            if identity.len() > MAX_IDENTITY_LEN {
                self.counters.invalid_identity_rx += 1;
                return;
            }
            self.identity = Some(identity.to_vec());
            self.counters.eapol_resp_id_frames_rx += 1;
        } else if self.state == AuthState::Identity {
            // eap_server.c RECEIVED -> DISCARD: the Identity method only
            // takes Identity responses (a Nak is meaningless there).
            self.counters.unexpected_eap_rx += 1;
            return;
        }
        self.send_radius(now, packet.packet(), out);
    }

    fn rx_start(&mut self, now: Instant, out: &mut Vec<Action>) {
        match self.state {
            AuthState::Held => {
                if self.held_until.is_some_and(|t| now < t) {
                    self.counters.ignored_start_rx += 1;
                    return;
                }
                self.connect_count = 0;
            }
            AuthState::Idle | AuthState::Disconnected => self.connect_count = 0,
            _ => {}
        }
        self.restart(now, out);
    }

    fn rx_logoff(&mut self, out: &mut Vec<Action>) {
        match self.state {
            AuthState::Held | AuthState::Disconnected => {}
            _ => {
                self.end_session(out);
                out.push(Action::Logoff);
            }
        }
    }

    fn retransmit(&mut self, now: Instant, out: &mut Vec<Action>) {
        self.retrans_deadline = None;
        let identity_phase = self.state == AuthState::Identity;
        let Some(frame) = self.last_request.clone() else {
            return;
        };
        self.retrans_count += 1;
        if self.retrans_count > self.config.max_retrans {
            // eap_server.c TIMEOUT_FAILURE(2); ieee802_1x_abort_auth then
            // disconnects: no EAP-Failure to a silent peer.
            out.push(Action::Event(if identity_phase {
                EapEvent::TimeoutFailure
            } else {
                EapEvent::TimeoutFailure2
            }));
            self.fail(now, FailureReason::StationTimeout, out);
            return;
        }
        out.push(Action::Event(if identity_phase {
            EapEvent::Retransmit
        } else {
            EapEvent::Retransmit2
        }));
        self.counters.retransmissions += 1;
        self.transmit(frame, identity_phase, out);
        self.retrans_deadline = Some(now + self.rto());
    }

    // --- server side ------------------------------------------------------

    fn rx_challenge(&mut self, now: Instant, ch: AccessChallenge, out: &mut Vec<Action>) {
        self.counters.backend_access_challenges += 1;
        self.radius_state = ch.state;
        let Some(eap) = ch.eap_message else {
            self.local_failure(now, FailureReason::InvalidChallenge, out);
            return;
        };
        let request = EapPacket::new_checked(&eap[..])
            .ok()
            .and_then(|p| EapRepr::parse(&p).ok().map(|r| (r, p.packet().to_vec())));
        let Some((repr, packet)) = request.filter(|(r, _)| r.code == EapCode::Request) else {
            self.local_failure(now, FailureReason::InvalidChallenge, out);
            return;
        };
        let Ok(frame) = eapol_frame(self.config.eapol_version, PacketType::EapPacket, &packet)
        else {
            self.local_failure(now, FailureReason::InvalidChallenge, out);
            return;
        };
        self.server_method = repr.eap_type;
        self.current_id = repr.identifier;
        self.next_id = repr.identifier.wrapping_add(1);
        // RFC 3580 3.17: Session-Timeout in a challenge is the EAP
        // retransmission timeout (hostapd aaaMethodTimeout; 0 means none).
        self.method_timeout = ch
            .session_timeout
            .filter(|&t| t > 0)
            .map(|t| Duration::from_secs(t.into()));
        self.counters.backend_other_requests_to_supplicant += 1;
        self.state = AuthState::Request;
        let identity = repr.eap_type == Some(EapType::Identity);
        self.send_request(now, frame, identity, out);
    }

    fn rx_accept(&mut self, now: Instant, accept: AccessAccept, out: &mut Vec<Action>) {
        self.counters.backend_access_accepts += 1;
        let usable = accept.msk.as_ref().is_some_and(|m| m.len() >= 32);
        if self.config.require_msk && !usable {
            self.local_failure(now, FailureReason::UnusableAccept, out);
            return;
        }
        self.counters.backend_auth_successes += 1;
        out.push(Action::Event(EapEvent::Success2));
        let eap = server_eap(accept.eap_message.as_deref(), EapCode::Success)
            .unwrap_or_else(|| canned(EapRepr::success(self.current_id)));
        self.send_eap(&eap, out);

        if let Some(name) = accept.user_name.filter(|n| n.len() <= MAX_IDENTITY_LEN) {
            self.identity = Some(name);
        }
        if let Some(cui) = &accept.chargeable_user_identity {
            self.cui = Some(cui.clone());
        }
        let session_timeout = accept
            .session_timeout
            .map(|t| Duration::from_secs(t.into()));
        let reauth_at = |d: Duration| now.checked_add(d);
        // RFC 3580 3.17 (hostapd ieee802_1x_receive_auth): with
        // Termination-Action RADIUS-Request, Session-Timeout is the
        // reauthentication period; otherwise the session ends then.
        match (session_timeout, accept.termination_action) {
            (Some(t), Some(TerminationAction::RadiusRequest)) => {
                self.session_deadline = None;
                self.reauth_deadline = reauth_at(t);
            }
            (Some(t), _) => {
                self.session_deadline = reauth_at(t);
                self.reauth_deadline = self.config.reauth_period.and_then(reauth_at);
            }
            (None, _) => {
                self.session_deadline = None;
                self.reauth_deadline = self.config.reauth_period.and_then(reauth_at);
            }
        }
        let reauthentication = self.authorized;
        self.authorized = true;
        self.state = AuthState::Authenticated;
        self.connect_count = 0;
        self.clear_exchange();
        out.push(Action::Authenticated(Box::new(AuthSuccess {
            msk: accept.msk,
            identity: self.identity.clone().unwrap_or_default(),
            session_timeout,
            termination_action: accept.termination_action,
            idle_timeout: accept.idle_timeout.map(|t| Duration::from_secs(t.into())),
            class: accept.class,
            cui: self.cui.clone(),
            vlan: accept.vlan,
            acct_interim_interval: accept
                .acct_interim_interval
                .filter(|&t| t >= MIN_ACCT_INTERIM_INTERVAL)
                .map(|t| Duration::from_secs(t.into())),
            reauthentication,
            method: self.server_method,
        })));
    }

    fn rx_reject(&mut self, now: Instant, rj: AccessReject, out: &mut Vec<Action>) {
        self.counters.backend_auth_fails += 1;
        out.push(Action::Event(EapEvent::Failure2));
        let eap = server_eap(rj.eap_message.as_deref(), EapCode::Failure)
            .unwrap_or_else(|| canned(EapRepr::failure(self.current_id)));
        self.send_eap(&eap, out);
        self.fail(now, FailureReason::Rejected, out);
    }

    // --- common steps -----------------------------------------------------

    /// AUTH_PAE RESTART -> CONNECTING, EAP INITIALIZE -> Request/Identity.
    fn restart(&mut self, now: Instant, out: &mut Vec<Action>) {
        self.cancel_radius(out);
        self.clear_exchange();
        self.reauth_deadline = None;
        self.connect_count += 1;
        if self.connect_count > self.config.reauth_max {
            // CONNECTING with reAuthCount > reAuthMax -> DISCONNECTED,
            // which hostapd turns into a deauthentication.
            self.local_failure(now, FailureReason::TooManyRestarts, out);
            return;
        }
        // Reauthentication asks the identity again (eap_server.c
        // INITIALIZE clears it in pass-through).
        self.identity = None;
        self.counters.authentications_started += 1;
        out.push(Action::Event(EapEvent::Started));
        out.push(Action::Event(EapEvent::ProposedMethod {
            vendor: 0,
            method: EapType::Identity.into(),
        }));
        let id = self.next_id;
        self.next_id = id.wrapping_add(1);
        self.current_id = id;
        let version = self.config.eapol_version;
        let frame = EapRepr::request_identity(id, &self.config.identity_request_text)
            .to_eapol(version)
            .unwrap_or_else(|_| canned_frame(version, EapRepr::request_identity(id, &[])));
        self.state = AuthState::Identity;
        self.send_request(now, frame, true, out);
    }

    fn send_request(
        &mut self,
        now: Instant,
        frame: Vec<u8>,
        identity: bool,
        out: &mut Vec<Action>,
    ) {
        self.retrans_count = 0;
        self.last_request = Some(frame.clone());
        self.transmit(frame, identity, out);
        self.retrans_deadline = Some(now + self.rto());
    }

    fn transmit(&mut self, frame: Vec<u8>, identity: bool, out: &mut Vec<Action>) {
        self.counters.eapol_frames_tx += 1;
        if identity {
            self.counters.eapol_req_id_frames_tx += 1;
        } else {
            self.counters.eapol_req_frames_tx += 1;
        }
        out.push(Action::SendEapol(frame));
    }

    fn rto(&self) -> Duration {
        self.method_timeout
            .unwrap_or_else(|| self.config.backoff(self.retrans_count))
    }

    fn send_radius(&mut self, now: Instant, eap: &[u8], out: &mut Vec<Action>) {
        self.retrans_deadline = None;
        self.last_request = None;
        let id = RadiusRequestId(self.next_radius_id);
        self.next_radius_id = self.next_radius_id.wrapping_add(1);
        let ctx = &self.context;
        let mut request = AccessRequest::new(
            ctx.nas.clone(),
            self.sta,
            self.identity.clone().unwrap_or_default(),
            eap.to_vec(),
        );
        request.framed_mtu = ctx.framed_mtu;
        request.connect_info = ctx.connect_info.clone();
        request.acct_session_id = ctx.acct_session_id.clone();
        request.acct_multi_session_id = ctx.acct_multi_session_id.clone();
        request.extra = ctx.extra.clone();
        request.state = self.radius_state.clone();
        if self.config.request_cui {
            // RFC 4372 2.1: the learnt CUI, or a single NUL to ask for one.
            request.chargeable_user_identity = Some(self.cui.clone().unwrap_or_else(|| vec![0]));
        }
        self.counters.backend_responses += 1;
        self.pending_radius = Some(id);
        self.server_deadline = self.config.server_timeout.and_then(|t| now.checked_add(t));
        self.state = AuthState::Backend;
        out.push(Action::SendRadius {
            id,
            request: Box::new(request),
        });
    }

    fn cancel_radius(&mut self, out: &mut Vec<Action>) {
        self.server_deadline = None;
        if let Some(id) = self.pending_radius.take() {
            out.push(Action::CancelRadius { id });
        }
    }

    /// Forgets the EAP exchange in progress (not the session).
    fn clear_exchange(&mut self) {
        self.radius_state = None;
        self.last_request = None;
        self.retrans_deadline = None;
        self.retrans_count = 0;
        self.method_timeout = None;
    }

    /// A failure the server did not announce: tell the station with an
    /// EAP-Failure, then fail.
    fn local_failure(&mut self, now: Instant, reason: FailureReason, out: &mut Vec<Action>) {
        out.push(Action::Event(EapEvent::Failure));
        self.send_canned(EapRepr::failure(self.current_id), out);
        self.fail(now, reason, out);
    }

    /// AUTH_PAE HELD: unauthorized, quiet period, timers stopped.
    fn fail(&mut self, now: Instant, reason: FailureReason, out: &mut Vec<Action>) {
        self.cancel_radius(out);
        self.clear_exchange();
        self.reauth_deadline = None;
        self.session_deadline = None;
        self.authorized = false;
        self.state = AuthState::Held;
        self.held_until = now.checked_add(self.config.quiet_period);
        self.connect_count = 0;
        out.push(Action::Failed(reason));
    }

    /// AUTH_PAE DISCONNECTED after Logoff or Session-Timeout.
    fn end_session(&mut self, out: &mut Vec<Action>) {
        self.cancel_radius(out);
        self.clear_exchange();
        self.reauth_deadline = None;
        self.session_deadline = None;
        self.authorized = false;
        self.identity = None;
        self.state = AuthState::Disconnected;
    }

    fn send_canned(&mut self, repr: EapRepr<'_>, out: &mut Vec<Action>) {
        let eap = canned(repr);
        self.send_eap(&eap, out);
    }

    fn send_eap(&mut self, eap: &[u8], out: &mut Vec<Action>) {
        if let Ok(frame) = eapol_frame(self.config.eapol_version, PacketType::EapPacket, eap) {
            self.counters.eapol_frames_tx += 1;
            out.push(Action::SendEapol(frame));
        }
    }
}

fn due(deadline: Option<Instant>, now: Instant) -> bool {
    deadline.is_some_and(|t| t <= now)
}

/// The server's EAP packet if it parses and has the expected Code, bounded
/// by its Length; hostapd relays it as is.
fn server_eap(eap: Option<&[u8]>, code: EapCode) -> Option<Vec<u8>> {
    let packet = EapPacket::new_checked(eap?).ok()?;
    let repr = EapRepr::parse(&packet).ok()?;
    (repr.code == code).then(|| packet.packet().to_vec())
}

/// A header-only or short packet we build ourselves; these always encode.
fn canned(repr: EapRepr<'_>) -> Vec<u8> {
    repr.to_vec().unwrap_or_default()
}

fn canned_frame(version: roamd_eapol::ProtocolVersion, repr: EapRepr<'_>) -> Vec<u8> {
    repr.to_eapol(version).unwrap_or_default()
}
