//! Sans-IO RADIUS client core (quinn-proto style).
//!
//! The caller owns sockets and the clock:
//! - inputs: [`Client::handle_send`] (a request), [`Client::handle_datagram`]
//!   (bytes received on a server's socket), [`Client::handle_timeout`];
//! - outputs, polled in this order after every input:
//!   [`Client::poll_transmit`], [`Client::poll_timeout`],
//!   [`Client::poll_event`].
//!
//! Timing follows hostapd's radius_client.c: first retransmission after
//! `first_wait` (3 s), the wait doubling up to `max_wait` (120 s); after
//! `attempts_before_failover` (4) transmissions to one server all pending
//! requests of that kind move to the next server (round robin); a server may
//! have its own `first_wait` and `attempts_before_failover`; a request is
//! given up after `max_failover_rounds` rounds of every server's attempts
//! (`3 * 4 * servers` with the defaults); `retry_primary_interval` brings the client back to the
//! primary.
//!
//! Stricter than hostapd 2.10 (which removes the pending request before
//! checking the authenticator): a datagram must come from the current
//! server's address, match a pending request by Identifier, and pass the
//! Response Authenticator and Message-Authenticator checks against that
//! request BEFORE anything changes. A forged reply is counted
//! (`bad_authenticators`) and dropped, and the request stays pending for the
//! genuine reply. Access responses without Message-Authenticator are dropped
//! unless the server is configured to allow it; Accounting-Responses are
//! authenticated too. Retransmitted Accounting-Requests get a new Identifier,
//! an updated Acct-Delay-Time and a new Authenticator (RFC 2866 5.2);
//! retransmitted Access-Requests are the same octets, unless they move to a
//! server with another secret, where they are re-signed with a new
//! Identifier and Request Authenticator (hostapd flushes them instead).

mod config;
mod event;
mod stats;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use rand::{CryptoRng, RngCore};
use thiserror::Error;

pub use config::{ClientConfig, ConfigError, ServerConfig};
pub use event::{Event, FailoverReason, Reply, RequestHandle, ServerId, ServerKind, Transmit};
pub use stats::ServerStats;

use crate::attribute::Attribute;
use crate::auth::{self, Authenticator, MessageAuthenticatorCheck};
use crate::builder::{encode_access_request, encode_accounting_request};
use crate::code::Code;
use crate::error::Error;
use crate::packet::{Packet, Repr};
use crate::response::{AccessAccept, AccessChallenge, AccessReject};

/// A source of random octets for Request Authenticators (RFC 2865 3: they
/// must be unpredictable). Any `RngCore + CryptoRng` is one; tests pass a
/// seeded generator to stay deterministic.
pub trait RandomSource: Send {
    /// Fills `dest` with random octets.
    fn fill_random(&mut self, dest: &mut [u8]);
}

impl<R: RngCore + CryptoRng + Send> RandomSource for R {
    fn fill_random(&mut self, dest: &mut [u8]) {
        self.fill_bytes(dest);
    }
}

/// Why a request was not accepted by [`Client::handle_send`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SendError {
    /// Only Access-Request and Accounting-Request can be sent.
    #[error("cannot send code {0:?}")]
    UnsupportedCode(Code),
    /// No server of that kind is configured.
    #[error("no {0:?} server configured")]
    NoServer(ServerKind),
    /// The request does not encode (an attribute or the packet too long).
    #[error("request does not encode: {0}")]
    Encode(Error),
}

// Replies remembered to recognise duplicates.
const RECENT_REPLIES: usize = 64;

struct Pending<T> {
    handle: RequestHandle,
    token: T,
    kind: ServerKind,
    // Attributes as the caller gave them (Message-Authenticator is added
    // when signing; Acct-Delay-Time is updated on retransmission).
    body: Repr,
    identifier: u8,
    authenticator: Authenticator,
    bytes: Vec<u8>,
    // Server whose secret signed `bytes`.
    signed_for: usize,
    // Server the last transmission went to.
    last_server: usize,
    first_try: Instant,
    last_attempt: Instant,
    next_try: Instant,
    next_wait: Duration,
    attempts: u32,
    accu_attempts: u32,
}

/// Why a pending request could not be sent again. Neither happens to a
/// request that encoded once; the core then gives the request up rather than
/// panic or retry it forever.
#[derive(Debug)]
enum ResendError {
    /// No pending request at the index given.
    NoSuchRequest,
    /// The request (with a new Identifier or secret) no longer encodes.
    Encode,
}

struct Servers {
    config: Vec<ServerConfig>,
    stats: Vec<ServerStats>,
    current: usize,
    next_identifier: u8,
    // When to go back to the primary (set while away from it).
    failback_at: Option<Instant>,
}

impl Servers {
    fn new(config: Vec<ServerConfig>) -> Servers {
        let stats = vec![ServerStats::default(); config.len()];
        Servers {
            config,
            stats,
            current: 0,
            next_identifier: 0,
            failback_at: None,
        }
    }
}

/// The RADIUS client core. `T` is the caller's token for each request (a
/// station address, say), handed back in its [`Event`].
pub struct Client<T> {
    config: ClientConfig,
    auth: Servers,
    acct: Servers,
    pending: Vec<Pending<T>>,
    next_handle: u64,
    // (server, Identifier, Response Authenticator) of taken replies.
    recent: VecDeque<(ServerId, u8, Authenticator)>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event<T>>,
    rng: Box<dyn RandomSource>,
    unknown_server_datagrams: u64,
}

impl<T> core::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("pending", &self.pending.len())
            .field("auth_current", &self.auth.current)
            .field("acct_current", &self.acct.current)
            .finish_non_exhaustive()
    }
}

impl<T> Client<T> {
    /// A client with `config` and a random source for Request
    /// Authenticators.
    pub fn new(
        config: ClientConfig,
        rng: impl RandomSource + 'static,
    ) -> Result<Client<T>, ConfigError> {
        config.validate()?;
        Ok(Client {
            auth: Servers::new(config.auth_servers.clone()),
            acct: Servers::new(config.acct_servers.clone()),
            config,
            pending: Vec::new(),
            next_handle: 0,
            recent: VecDeque::with_capacity(RECENT_REPLIES),
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            rng: Box::new(rng),
            unknown_server_datagrams: 0,
        })
    }

    // --- Getters ---

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Counters of one server.
    pub fn stats(&self, server: ServerId) -> Option<&ServerStats> {
        self.servers(server.kind).stats.get(server.index)
    }

    /// The server requests of `kind` currently go to.
    pub fn current_server(&self, kind: ServerKind) -> Option<ServerId> {
        let s = self.servers(kind);
        (!s.config.is_empty()).then_some(ServerId {
            kind,
            index: s.current,
        })
    }

    /// Requests awaiting a reply.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Whether `handle` is still awaiting a reply.
    pub fn is_pending(&self, handle: RequestHandle) -> bool {
        self.pending.iter().any(|p| p.handle == handle)
    }

    /// Datagrams passed with a `ServerId` that names no configured server.
    pub fn unknown_server_datagrams(&self) -> u64 {
        self.unknown_server_datagrams
    }

    fn servers(&self, kind: ServerKind) -> &Servers {
        match kind {
            ServerKind::Auth => &self.auth,
            ServerKind::Acct => &self.acct,
        }
    }

    fn servers_mut(&mut self, kind: ServerKind) -> &mut Servers {
        match kind {
            ServerKind::Auth => &mut self.auth,
            ServerKind::Acct => &mut self.acct,
        }
    }

    fn stats_mut(&mut self, server: ServerId) -> Option<&mut ServerStats> {
        self.servers_mut(server.kind).stats.get_mut(server.index)
    }

    // --- Commands ---

    /// Sends a request: `repr` must be an Access-Request or an
    /// Accounting-Request; its Identifier and Authenticator are ignored and
    /// any Message-Authenticator is replaced by one placed first
    /// (Access-Request). An Accounting-Request without Acct-Delay-Time gets
    /// one. The first transmission is queued at once.
    pub fn handle_send(
        &mut self,
        now: Instant,
        repr: &Repr,
        token: T,
    ) -> Result<RequestHandle, SendError> {
        let kind = match repr.code {
            Code::AccessRequest => ServerKind::Auth,
            Code::AccountingRequest => ServerKind::Acct,
            other => return Err(SendError::UnsupportedCode(other)),
        };
        if self.servers(kind).config.is_empty() {
            return Err(SendError::NoServer(kind));
        }
        let mut body = repr.clone();
        if kind == ServerKind::Acct
            && !body
                .attributes
                .iter()
                .any(|a| matches!(a, Attribute::AcctDelayTime(_)))
        {
            body.attributes.push(Attribute::AcctDelayTime(0));
        }
        // Encode once up front so a bad request consumes nothing.
        let server = self.servers(kind).current;
        let probe_auth = [0; 16];
        self.encode(kind, &body, 0, &probe_auth, server)
            .map_err(SendError::Encode)?;

        while self.pending.len() >= self.config.max_pending {
            self.evict_oldest(None);
        }
        let identifier = loop {
            match self.allocate_identifier(kind) {
                Some(id) => break id,
                None => self.evict_oldest(Some(kind)),
            }
        };
        let request_auth = self.random_authenticator(kind);
        let (bytes, authenticator) = self
            .encode(kind, &body, identifier, &request_auth, server)
            .map_err(SendError::Encode)?;
        let handle = RequestHandle(self.next_handle);
        self.next_handle += 1;
        let first_wait = self.first_wait(ServerId {
            kind,
            index: server,
        });
        self.pending.push(Pending {
            handle,
            token,
            kind,
            body,
            identifier,
            authenticator,
            bytes: bytes.clone(),
            signed_for: server,
            last_server: server,
            first_try: now,
            last_attempt: now,
            next_try: now.checked_add(first_wait).unwrap_or(now),
            next_wait: (first_wait * 2).min(self.config.max_wait),
            attempts: 1,
            accu_attempts: 1,
        });
        let server_id = ServerId {
            kind,
            index: server,
        };
        if let Some(s) = self.stats_mut(server_id) {
            s.requests += 1;
        }
        self.queue_transmit(server_id, bytes);
        Ok(handle)
    }

    /// Forgets a pending request (a station left, say); returns its token.
    pub fn cancel(&mut self, handle: RequestHandle) -> Option<T> {
        let i = self.pending.iter().position(|p| p.handle == handle)?;
        Some(self.pending.remove(i).token)
    }

    /// Forgets every pending request whose token matches; returns how many.
    pub fn cancel_where(&mut self, mut f: impl FnMut(&T) -> bool) -> usize {
        let before = self.pending.len();
        self.pending.retain(|p| !f(&p.token));
        before - self.pending.len()
    }

    // --- Inputs ---

    /// A datagram received on the socket of `server` from `from`.
    pub fn handle_datagram(
        &mut self,
        now: Instant,
        from: core::net::SocketAddr,
        server: ServerId,
        bytes: &[u8],
    ) {
        let Some(config) = self.servers(server.kind).config.get(server.index) else {
            self.unknown_server_datagrams += 1;
            return;
        };
        let secret = config.secret.clone();
        let require_mac = config.require_message_authenticator;
        let is_current = self.servers(server.kind).current == server.index && from == config.addr;
        let Some(stats) = self.stats_mut(server) else {
            return;
        };
        if !is_current {
            stats.unexpected_source += 1;
            stats.packets_dropped += 1;
            return;
        }
        let Ok(packet) = Packet::new_checked(bytes) else {
            stats.malformed_responses += 1;
            return;
        };
        let code = packet.code();
        let answers_kind = match server.kind {
            ServerKind::Auth => code.is_access_response(),
            ServerKind::Acct => code == Code::AccountingResponse,
        };
        if !answers_kind {
            stats.unknown_types += 1;
            return;
        }
        let id = packet.identifier();
        let response_auth = packet.authenticator();
        if self.recent.contains(&(server, id, response_auth)) {
            if let Some(stats) = self.stats_mut(server) {
                stats.duplicates += 1;
                stats.packets_dropped += 1;
            }
            return;
        }
        let found = self.pending.iter().enumerate().find(|(_, p)| {
            p.kind == server.kind && p.identifier == id && p.last_server == server.index
        });
        let Some((index, request_auth)) = found.map(|(i, p)| (i, p.authenticator)) else {
            if let Some(stats) = self.stats_mut(server) {
                stats.packets_dropped += 1;
            }
            return;
        };

        // Authenticate against the pending request before touching it.
        if !auth::verify_response_authenticator(&packet, &request_auth, &secret) {
            if let Some(stats) = self.stats_mut(server) {
                stats.bad_authenticators += 1;
            }
            return;
        }
        match auth::verify_message_authenticator(&packet, Some(&request_auth), &secret) {
            MessageAuthenticatorCheck::Valid => {}
            MessageAuthenticatorCheck::Invalid => {
                if let Some(stats) = self.stats_mut(server) {
                    stats.bad_authenticators += 1;
                }
                return;
            }
            MessageAuthenticatorCheck::Absent => {
                if server.kind == ServerKind::Auth && require_mac {
                    if let Some(stats) = self.stats_mut(server) {
                        stats.missing_message_authenticator += 1;
                        stats.packets_dropped += 1;
                    }
                    return;
                }
            }
        }
        let Ok(repr) = Repr::parse(&packet) else {
            if let Some(stats) = self.stats_mut(server) {
                stats.malformed_responses += 1;
            }
            return;
        };

        // Authentic: now the request completes.
        let p = self.pending.remove(index);
        let round_trip = now.saturating_duration_since(p.last_attempt);
        let reply = match code {
            Code::AccessAccept => {
                Reply::Accept(AccessAccept::parse(&repr, &request_auth, &secret).map(Box::new))
            }
            Code::AccessReject => Reply::Reject(AccessReject::parse(&repr)),
            Code::AccessChallenge => Reply::Challenge(AccessChallenge::parse(&repr)),
            _ => Reply::AccountingResponse,
        };
        if let Some(stats) = self.stats_mut(server) {
            match code {
                Code::AccessAccept => stats.access_accepts += 1,
                Code::AccessReject => stats.access_rejects += 1,
                Code::AccessChallenge => stats.access_challenges += 1,
                _ => stats.responses += 1,
            }
            stats.round_trip_time = Some(round_trip);
        }
        if self.recent.len() == RECENT_REPLIES {
            self.recent.pop_front();
        }
        self.recent.push_back((server, id, response_auth));
        self.events.push_back(Event::Response {
            handle: p.handle,
            token: p.token,
            server,
            reply,
            packet: repr,
            round_trip,
        });
    }

    /// Runs retransmissions, failover and fail-back due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        for kind in [ServerKind::Auth, ServerKind::Acct] {
            let s = self.servers(kind);
            if s.current != 0 && s.failback_at.is_some_and(|at| now >= at) {
                self.change_server(kind, 0, now, FailoverReason::RetryPrimary);
            }
            let s = self.servers(kind);
            let n = s.config.len();
            let attempts = self.attempts_before_failover(ServerId {
                kind,
                index: s.current,
            });
            let failover = n > 1
                && self
                    .pending
                    .iter()
                    .any(|p| p.kind == kind && now >= p.next_try && p.attempts >= attempts);
            if failover {
                let next = (self.servers(kind).current + 1) % n;
                self.change_server(kind, next, now, FailoverReason::NoResponse);
            }
        }

        let mut i = 0;
        while let Some(p) = self.pending.get(i) {
            if now < p.next_try {
                i += 1;
                continue;
            }
            let (kind, last, accu_attempts) = (p.kind, p.last_server, p.accu_attempts);
            if let Some(s) = self.stats_mut(ServerId { kind, index: last }) {
                s.timeouts += 1;
            }
            let limit = self
                .config
                .max_failover_rounds
                .saturating_mul(self.attempts_per_round(kind));
            if accu_attempts >= limit {
                self.time_out(i);
                continue;
            }
            if self.retransmit(i, now).is_err() {
                // Cannot happen for a request that encoded before; give it up
                // rather than loop.
                self.time_out(i);
                continue;
            }
            i += 1;
        }
    }

    // --- Outputs ---

    /// The next datagram to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next run.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let retransmit = self.pending.iter().map(|p| p.next_try).min();
        let failback = [&self.auth, &self.acct]
            .into_iter()
            .filter(|s| s.current != 0)
            .filter_map(|s| s.failback_at)
            .min();
        match (retransmit, failback) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event<T>> {
        self.events.pop_front()
    }

    // --- Internals ---

    /// The wait before the first retransmission to `server`: its own, else
    /// the client's.
    fn first_wait(&self, server: ServerId) -> Duration {
        let own = self.servers(server.kind).config.get(server.index);
        own.and_then(|c| c.first_wait)
            .unwrap_or(self.config.first_wait)
    }

    /// Transmissions to `server` before failing over: its own, else the
    /// client's.
    fn attempts_before_failover(&self, server: ServerId) -> u32 {
        let own = self.servers(server.kind).config.get(server.index);
        own.and_then(|c| c.attempts_before_failover)
            .unwrap_or(self.config.attempts_before_failover)
    }

    /// One failover round: every server of `kind` tried its number of
    /// times (hostapd: RADIUS_CLIENT_NUM_FAILOVER times the servers).
    fn attempts_per_round(&self, kind: ServerKind) -> u32 {
        (0..self.servers(kind).config.len())
            .map(|index| self.attempts_before_failover(ServerId { kind, index }))
            .fold(0u32, u32::saturating_add)
    }

    fn queue_transmit(&mut self, server_id: ServerId, payload: Vec<u8>) {
        let Some(config) = self.servers(server_id.kind).config.get(server_id.index) else {
            return;
        };
        self.transmits.push_back(Transmit {
            server: config.addr,
            server_id,
            payload,
        });
    }

    fn random_authenticator(&mut self, kind: ServerKind) -> Authenticator {
        let mut a = [0; 16];
        // Accounting-Request Authenticators are computed, not random.
        if kind == ServerKind::Auth {
            self.rng.fill_random(&mut a);
        }
        a
    }

    fn encode(
        &self,
        kind: ServerKind,
        body: &Repr,
        identifier: u8,
        request_auth: &Authenticator,
        server: usize,
    ) -> Result<(Vec<u8>, Authenticator), Error> {
        let secret = &self
            .servers(kind)
            .config
            .get(server)
            .ok_or(Error::Truncated)?
            .secret;
        match kind {
            ServerKind::Auth => Ok((
                encode_access_request(body, identifier, request_auth, secret)?,
                *request_auth,
            )),
            ServerKind::Acct => encode_accounting_request(body, identifier, secret),
        }
    }

    /// Next Identifier of `kind` not held by a pending request (round robin,
    /// so a just-answered Identifier is not reused soon).
    fn allocate_identifier(&mut self, kind: ServerKind) -> Option<u8> {
        for _ in 0..=u8::MAX {
            let s = self.servers_mut(kind);
            let id = s.next_identifier;
            s.next_identifier = id.wrapping_add(1);
            if !self
                .pending
                .iter()
                .any(|p| p.kind == kind && p.identifier == id)
            {
                return Some(id);
            }
        }
        None
    }

    /// Gives up pending request `i`: it leaves with a Timeout event.
    fn time_out(&mut self, i: usize) {
        if i < self.pending.len() {
            let p = self.pending.remove(i);
            self.events.push_back(Event::Timeout {
                handle: p.handle,
                token: p.token,
            });
        }
    }

    fn evict_oldest(&mut self, kind: Option<ServerKind>) {
        let Some(i) = self
            .pending
            .iter()
            .position(|p| kind.is_none_or(|k| p.kind == k))
        else {
            return;
        };
        let p = self.pending.remove(i);
        self.events.push_back(Event::Evicted {
            handle: p.handle,
            token: p.token,
        });
    }

    fn change_server(&mut self, kind: ServerKind, to: usize, now: Instant, reason: FailoverReason) {
        let interval = self.config.retry_primary_interval;
        let first_wait = self.first_wait(ServerId { kind, index: to });
        let next_wait = (first_wait * 2).min(self.config.max_wait);
        let s = self.servers_mut(kind);
        let from = s.current;
        let (Some(from_addr), Some(to_addr)) = (
            s.config.get(from).map(|c| c.addr),
            s.config.get(to).map(|c| c.addr),
        ) else {
            return;
        };
        if from == to {
            return;
        }
        s.current = to;
        if to == 0 {
            s.failback_at = None;
        } else if from == 0 {
            s.failback_at = interval.and_then(|i| now.checked_add(i));
        }
        // hostapd radius_change_server: reset the retry counters.
        for p in self.pending.iter_mut().filter(|p| p.kind == kind) {
            p.attempts = 0;
            p.next_wait = next_wait;
            p.next_try = p.first_try.checked_add(first_wait).unwrap_or(p.first_try);
        }
        self.events.push_back(Event::ServerFailover {
            kind,
            from: from_addr,
            to: to_addr,
            to_index: to,
            reason,
        });
    }

    /// Sends pending request `i` again to the current server.
    fn retransmit(&mut self, i: usize, now: Instant) -> Result<(), ResendError> {
        let p = self.pending.get(i).ok_or(ResendError::NoSuchRequest)?;
        let (kind, signed, first_try) = (p.kind, p.signed_for, p.first_try);
        let server = self.servers(kind).current;
        let same_secret = {
            let cfg = &self.servers(kind).config;
            signed == server
                || cfg.get(signed).map(|c| &c.secret) == cfg.get(server).map(|c| &c.secret)
        };
        match kind {
            ServerKind::Acct => {
                // RFC 2866 5.2: Acct-Delay-Time is how long the request has
                // waited; its change needs a new Identifier (hostapd
                // radius_client_retransmit).
                let delay = now.saturating_duration_since(first_try).as_secs();
                let delay = u32::try_from(delay).unwrap_or(u32::MAX);
                let p = self.pending.get_mut(i).ok_or(ResendError::NoSuchRequest)?;
                for a in &mut p.body.attributes {
                    if let Attribute::AcctDelayTime(d) = a {
                        *d = delay;
                    }
                }
                self.resign(i, server)?;
            }
            ServerKind::Auth if !same_secret => self.resign(i, server)?,
            ServerKind::Auth => {}
        }
        let max_wait = self.config.max_wait;
        let p = self.pending.get_mut(i).ok_or(ResendError::NoSuchRequest)?;
        let first_to_server = p.last_server != server || p.attempts == 0;
        p.attempts += 1;
        p.accu_attempts += 1;
        p.last_attempt = now;
        p.last_server = server;
        p.next_try = now.checked_add(p.next_wait).unwrap_or(now);
        p.next_wait = (p.next_wait * 2).min(max_wait);
        let bytes = p.bytes.clone();
        let server_id = ServerId {
            kind,
            index: server,
        };
        if let Some(s) = self.stats_mut(server_id) {
            if first_to_server {
                s.requests += 1;
            } else {
                s.retransmissions += 1;
            }
        }
        self.queue_transmit(server_id, bytes);
        Ok(())
    }

    /// Gives pending request `i` a new Identifier (and, for Access-Request,
    /// a new Request Authenticator) and signs it for `server`.
    fn resign(&mut self, i: usize, server: usize) -> Result<(), ResendError> {
        let p = self.pending.get(i).ok_or(ResendError::NoSuchRequest)?;
        let (kind, old_id) = (p.kind, p.identifier);
        // Free our own Identifier only after picking the new one, so the
        // two differ and a late reply to the old one cannot match.
        let id = self.allocate_identifier(kind).unwrap_or(old_id);
        let auth = self.random_authenticator(kind);
        let p = self.pending.get(i).ok_or(ResendError::NoSuchRequest)?;
        let (bytes, authenticator) = self
            .encode(kind, &p.body, id, &auth, server)
            .map_err(|_| ResendError::Encode)?;
        let p = self.pending.get_mut(i).ok_or(ResendError::NoSuchRequest)?;
        p.identifier = id;
        p.authenticator = authenticator;
        p.bytes = bytes;
        p.signed_for = server;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
