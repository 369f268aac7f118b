//! The parent process of 12.4.8: one protocol instance per station, and the bounds on
//! what commits from the air may cost (hostapd `handle_auth_sae()`, `sae_sm_step()`).
//!
//! An instance exists from the AP's Commit on: hostapd's Nothing state is "no entry".
//! On an AP the Confirmed state lasts no time: hostapd sends its Confirm only once the
//! station's has verified (`sae_confirm_immediate=0`), so Committed -> Confirmed ->
//! Accepted happens within one frame.

use std::time::{Duration, Instant};

use foldhash::fast::FixedState;
use hashbrown::HashMap;
use rand::{CryptoRng, RngCore};
use roamd_ieee80211::element::id;
use roamd_ieee80211::sae::{
    commit_group, emit_confirm, emit_token_request, SaeCommit, SaeCommitRepr, SaeConfirm,
};
use roamd_ieee80211::{MacAddr, StatusCode};
use roamd_wpa::{Pmk, Pmkid, SecretVec};
use tracing::debug;

use crate::budget::{Bucket, CommitBudget};
use crate::error::Error;
use crate::group::{AnyExchange, Group, Pt, Pwe};
use crate::keys::Keys;
use crate::token::TokenIssuer;

/// dot11RSNASAESync: repeated frames answered per instance before it is dropped.
const SAE_SYNC_MAX: u8 = 5;
const TRANSACTION_COMMIT: u16 = 1;
const TRANSACTION_CONFIRM: u16 = 2;

/// Which password element derivations the AP accepts (hostapd `sae_pwe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PweMode {
    /// 0: hunting-and-pecking only (status 0 commits).
    #[default]
    HuntingAndPecking,
    /// 1: hash-to-element only (status 126 commits).
    HashToElement,
    /// 2: both.
    Both,
}

impl PweMode {
    /// From hostapd's `sae_pwe` value (3, "force hunting-and-pecking", maps to 0).
    pub const fn from_number(n: u8) -> Option<Self> {
        match n {
            0 | 3 => Some(Self::HuntingAndPecking),
            1 => Some(Self::HashToElement),
            2 => Some(Self::Both),
            _ => None,
        }
    }

    fn allows(self, h2e: bool) -> bool {
        match self {
            Self::HuntingAndPecking => !h2e,
            Self::HashToElement => h2e,
            Self::Both => true,
        }
    }

    fn uses_h2e(self) -> bool {
        self != Self::HuntingAndPecking
    }
}

/// One SAE password (hostapd `sae_password=secret|mac=..|id=..`).
#[derive(Clone, PartialEq, Eq)]
pub struct SaePassword {
    /// The password octets.
    pub password: SecretVec,
    /// Password Identifier: stations must name it (H2E only).
    pub identifier: Option<Vec<u8>>,
    /// The only station that may use this password.
    pub peer: Option<MacAddr>,
}

impl SaePassword {
    /// A password for every station, without identifier.
    pub fn new(password: &[u8]) -> Self {
        Self {
            password: SecretVec::from_slice(password),
            identifier: None,
            peer: None,
        }
    }
}

impl core::fmt::Debug for SaePassword {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SaePassword")
            .field("password", &self.password)
            .field("identifier", &self.identifier)
            .field("peer", &self.peer)
            .finish()
    }
}

/// What the AP offers and how much it will spend.
#[derive(Debug, Clone)]
pub struct SaeConfig {
    /// SSID (the H2E PT is bound to it).
    pub ssid: Vec<u8>,
    /// Groups accepted (hostapd `sae_groups`; default 19).
    pub groups: Vec<Group>,
    /// Password element derivations accepted (hostapd `sae_pwe`).
    pub pwe: PweMode,
    /// Open instances from which commits need a token (hostapd
    /// `sae_anti_clogging_threshold`, default 5; 0: always).
    pub anti_clogging_threshold: usize,
    /// Instances at most; commits from further stations are dropped.
    pub max_instances: usize,
    /// Rate and burst of commits that cost ECC work.
    pub budget: CommitBudget,
    /// How long an instance may take to complete, and how long an accepted one is kept
    /// to answer a repeated Confirm.
    pub instance_timeout: Duration,
    /// Passwords, tried in order.
    pub passwords: Vec<SaePassword>,
}

impl Default for SaeConfig {
    fn default() -> Self {
        Self {
            ssid: Vec::new(),
            groups: vec![Group::P256],
            pwe: PweMode::default(),
            anti_clogging_threshold: 5,
            max_instances: 1024,
            budget: CommitBudget::default(),
            instance_timeout: Duration::from_secs(5),
            passwords: Vec::new(),
        }
    }
}

/// What to do with an SAE Authentication frame.
#[derive(Debug)]
pub enum SaeOutcome {
    /// Send an Authentication frame (algorithm 3) with this transaction, status and body.
    Reply {
        /// Authentication transaction sequence number.
        transaction: u16,
        /// Status Code (126 on the AP's H2E Commit).
        status: u16,
        /// Body after the Status Code.
        body: Vec<u8>,
    },
    /// The Confirm verified: send this Confirm (transaction 2, status 0); the station is
    /// authenticated with this PMK.
    Accepted {
        /// The AP's Confirm body.
        reply_body: Vec<u8>,
        /// PMK, 32 octets (AKM 8 and 9).
        pmk: Pmk,
        /// PMKID of the PMKSA.
        pmkid: Pmkid,
        /// Group of the exchange.
        group: Group,
        /// Hash-to-element was used.
        h2e: bool,
        /// The Password Identifier the station used.
        password_id: Option<Vec<u8>>,
    },
    /// Drop silently (over budget, bad token, reflection, repeated frame, ...), counted.
    Ignore,
}

/// Where an instance stands (hostapd's `enum sae_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SaeState {
    /// No instance.
    Nothing,
    /// Both commits exchanged; waiting for the station's Confirm.
    Committed,
    /// Own Confirm sent, station's not verified (never lasts on an AP; see the module doc).
    Confirmed,
    /// Confirms verified; kept a while to answer a repeated Confirm.
    Accepted,
}

/// What the table did, for the status command and the logs. Every bound has its counter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaeCounters {
    /// Commits received.
    pub commits: u64,
    /// Commits that cost ECC work (password element, scalar multiplications).
    pub commits_processed: u64,
    /// Confirms received.
    pub confirms: u64,
    /// Exchanges completed.
    pub accepted: u64,
    /// Commits answered with status 76 and a token.
    pub token_requests: u64,
    /// Commits with a wrong, stale or reused token (dropped).
    pub bad_token: u64,
    /// Commits dropped because `max_instances` were open.
    pub instances_full: u64,
    /// Commits dropped by the work budget.
    pub over_budget: u64,
    /// Commits that reflected the AP's own (dropped).
    pub reflection: u64,
    /// Malformed commits: truncated, scalar out of range, element not on the curve,
    /// a rejected group the AP offers.
    pub bad_commit: u64,
    /// Confirms that did not verify.
    pub confirm_mismatch: u64,
    /// Commits for a group the AP does not offer (status 77).
    pub unsupported_group: u64,
    /// Commits naming no usable password (status 123, or 1 without an identifier).
    pub unknown_password_id: u64,
    /// Instances dropped for repeating frames beyond dot11RSNASAESync.
    pub sync_limit: u64,
    /// Instances that did not complete in time.
    pub expired: u64,
}

/// The values of a completed commit exchange.
struct Exchanged {
    group: Group,
    h2e: bool,
    exchange: AnyExchange,
    keys: Keys,
    peer_scalar: Vec<u8>,
    peer_element: Vec<u8>,
    password_id: Option<Vec<u8>>,
    /// The AP's Commit body, re-sent to a repeated commit.
    commit_body: Vec<u8>,
}

impl Exchanged {
    fn own(&self) -> (&[u8], &[u8]) {
        (self.exchange.scalar_bytes(), self.exchange.element_bytes())
    }

    fn peer(&self) -> (&[u8], &[u8]) {
        (&self.peer_scalar, &self.peer_element)
    }

    fn commit_status(&self) -> u16 {
        commit_status(self.h2e)
    }
}

enum Phase {
    Committed,
    Accepted {
        /// Own Send-Confirm.
        send_confirm: u16,
        /// The station's last verified Send-Confirm (hostapd `rc`).
        peer_send_confirm: u16,
    },
}

struct Instance {
    phase: Phase,
    exchanged: Exchanged,
    deadline: Instant,
    sync: u8,
}

/// A password with its PTs, one per configured group (for H2E).
struct PasswordEntry {
    password: SaePassword,
    pts: Vec<(Group, Pt)>,
}

/// The SAE instances of one BSS.
pub struct SaeTable {
    config: SaeConfig,
    passwords: Vec<PasswordEntry>,
    instances: HashMap<MacAddr, Instance, FixedState>,
    tokens: TokenIssuer,
    bucket: Bucket,
    counters: SaeCounters,
}

impl core::fmt::Debug for SaeTable {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SaeTable")
            .field("instances", &self.instances.len())
            .field("counters", &self.counters)
            .finish_non_exhaustive()
    }
}

fn commit_status(h2e: bool) -> u16 {
    if h2e {
        StatusCode::SaeHashToElement.into()
    } else {
        StatusCode::Success.into()
    }
}

fn reply(transaction: u16, status: StatusCode, body: Vec<u8>) -> SaeOutcome {
    SaeOutcome::Reply {
        transaction,
        status: status.into(),
        body,
    }
}

impl SaeTable {
    /// Builds the table; derives the H2E PTs (one per password and group) now.
    pub fn new(mut config: SaeConfig, rng: &mut (impl RngCore + CryptoRng)) -> Result<Self, Error> {
        if config.groups.is_empty() {
            return Err(Error::Config("no SAE group"));
        }
        if config.passwords.is_empty() {
            return Err(Error::Config("no SAE password"));
        }
        config.groups.dedup();
        // hostapd `sae_status_success()`: identifiers need H2E, so they widen the mode.
        let with_id = config
            .passwords
            .iter()
            .filter(|p| p.identifier.is_some())
            .count();
        if with_id == config.passwords.len() {
            config.pwe = PweMode::HashToElement;
        } else if with_id > 0 && config.pwe == PweMode::HuntingAndPecking {
            config.pwe = PweMode::Both;
        }
        let mut passwords = Vec::with_capacity(config.passwords.len());
        for password in &config.passwords {
            let mut pts = Vec::new();
            if config.pwe.uses_h2e() {
                for &group in &config.groups {
                    let pt = Pt::derive(
                        group,
                        &config.ssid,
                        password.password.as_bytes(),
                        password.identifier.as_deref(),
                    )?;
                    pts.push((group, pt));
                }
            }
            passwords.push(PasswordEntry {
                password: password.clone(),
                pts,
            });
        }
        Ok(Self {
            bucket: Bucket::new(config.budget),
            instances: HashMap::with_hasher(FixedState::with_seed(rng.next_u64())),
            passwords,
            tokens: TokenIssuer::new(),
            counters: SaeCounters::default(),
            config,
        })
    }

    /// An Authentication frame with algorithm SAE from `sta` to `bssid`: its transaction
    /// number, status code and the body after the status. Returns what to do.
    #[allow(clippy::too_many_arguments)]
    pub fn handle_auth(
        &mut self,
        now: Instant,
        bssid: MacAddr,
        sta: MacAddr,
        transaction: u16,
        status: u16,
        body: &[u8],
        rng: &mut (impl RngCore + CryptoRng),
    ) -> SaeOutcome {
        if self.instances.get(&sta).is_some_and(|i| i.deadline <= now) {
            self.expire(&sta);
        }
        match transaction {
            TRANSACTION_COMMIT => {
                self.counters.commits += 1;
                self.on_commit(now, bssid, sta, status, body, rng)
            }
            TRANSACTION_CONFIRM => {
                self.counters.confirms += 1;
                self.on_confirm(now, sta, status, body)
            }
            _ if status == u16::from(StatusCode::Success) => {
                reply(transaction, StatusCode::UnknownAuthTransaction, Vec::new())
            }
            _ => SaeOutcome::Ignore,
        }
    }

    fn on_commit(
        &mut self,
        now: Instant,
        bssid: MacAddr,
        sta: MacAddr,
        status: u16,
        body: &[u8],
        rng: &mut (impl RngCore + CryptoRng),
    ) -> SaeOutcome {
        let h2e = status == u16::from(StatusCode::SaeHashToElement);
        let known_status = h2e || status == u16::from(StatusCode::Success);
        let exists = self.instances.contains_key(&sta);
        if !known_status || !self.config.pwe.allows(h2e) {
            // hostapd: a status it does not take (SAE-PK, the wrong PWE method) gets status 1
            // from a new station, and silence within an exchange.
            debug!(%sta, status, "sae: commit status not accepted");
            return if exists {
                SaeOutcome::Ignore
            } else {
                reply(
                    TRANSACTION_COMMIT,
                    StatusCode::UnspecifiedFailure,
                    Vec::new(),
                )
            };
        }
        let Some(number) = commit_group(body) else {
            self.counters.bad_commit += 1;
            return reply(
                TRANSACTION_COMMIT,
                StatusCode::UnspecifiedFailure,
                Vec::new(),
            );
        };
        let Some(group) = Group::from_number(number).filter(|g| self.config.groups.contains(g))
        else {
            // The station retries with another of its groups.
            self.counters.unsupported_group += 1;
            return reply(
                TRANSACTION_COMMIT,
                StatusCode::FiniteCyclicGroupNotSupported,
                number.to_le_bytes().to_vec(),
            );
        };
        let Ok(commit) = SaeCommit::parse(body, h2e) else {
            self.counters.bad_commit += 1;
            return reply(
                TRANSACTION_COMMIT,
                StatusCode::UnspecifiedFailure,
                Vec::new(),
            );
        };
        // Before the token check: a retransmission carries the token already used up.
        if let Some(outcome) = self.repeated_commit(&sta, group, h2e, &commit) {
            return outcome;
        }
        if let Some(token) = commit.token {
            if !self.tokens.check(&sta, token) {
                self.counters.bad_token += 1;
                return SaeOutcome::Ignore;
            }
        }
        if group.check_peer(commit.scalar, commit.element).is_err() {
            self.counters.bad_commit += 1;
            return reply(
                TRANSACTION_COMMIT,
                StatusCode::UnspecifiedFailure,
                Vec::new(),
            );
        }
        if let Err(status) = self.check_commit_elements(&commit, h2e) {
            return reply(TRANSACTION_COMMIT, status, Vec::new());
        }
        let password_id = commit.password_identifier();
        let Some(password) = self.password_for(&sta, password_id) else {
            self.counters.unknown_password_id += 1;
            let status = if password_id.is_some() {
                StatusCode::UnknownPasswordIdentifier
            } else {
                StatusCode::UnspecifiedFailure
            };
            return reply(TRANSACTION_COMMIT, status, Vec::new());
        };
        if !exists && commit.token.is_none() && self.needs_token() {
            self.counters.token_requests += 1;
            let token = self.tokens.issue(now, &sta, rng);
            let mut body = Vec::with_capacity(2 + 3 + token.len());
            emit_token_request(number, &token, h2e, &mut body);
            return reply(TRANSACTION_COMMIT, StatusCode::AntiCloggingTokenReq, body);
        }
        if !exists && self.instances.len() >= self.config.max_instances {
            self.counters.instances_full += 1;
            return SaeOutcome::Ignore;
        }
        if !self.bucket.take(now) {
            self.counters.over_budget += 1;
            return SaeOutcome::Ignore;
        }
        self.counters.commits_processed += 1;
        let salt = if h2e {
            commit
                .elements
                .find_ext(id::ext::REJECTED_GROUPS)
                .and_then(|e| e.ext_data())
        } else {
            None
        };
        let Some(entry) = self.passwords.get(password) else {
            return SaeOutcome::Ignore;
        };
        let exchanged = match derive_exchange(entry, group, h2e, &bssid, &sta, &commit, salt, rng) {
            Ok(exchanged) => exchanged,
            Err(Error::BadScalar | Error::BadElement) => {
                self.counters.bad_commit += 1;
                self.instances.remove(&sta);
                return reply(
                    TRANSACTION_COMMIT,
                    StatusCode::UnspecifiedFailure,
                    Vec::new(),
                );
            }
            Err(e) => {
                debug!(%sta, error = %e, "sae: commit not processed");
                self.instances.remove(&sta);
                return reply(
                    TRANSACTION_COMMIT,
                    StatusCode::UnspecifiedFailure,
                    Vec::new(),
                );
            }
        };
        let outcome = SaeOutcome::Reply {
            transaction: TRANSACTION_COMMIT,
            status: exchanged.commit_status(),
            body: exchanged.commit_body.clone(),
        };
        debug!(%sta, group = group.number(), h2e, "sae: committed");
        self.instances.insert(
            sta,
            Instance {
                phase: Phase::Committed,
                exchanged,
                deadline: now + self.config.instance_timeout,
                sync: 0,
            },
        );
        outcome
    }

    /// A commit from a station that has an instance: a reflection of the AP's own, a
    /// retransmission (the AP's Commit re-sent, within dot11RSNASAESync), a repeat of an
    /// accepted one (dropped, 12.4.8.6.1), or `None`: a new commit restarts the exchange.
    fn repeated_commit(
        &mut self,
        sta: &MacAddr,
        group: Group,
        h2e: bool,
        commit: &SaeCommit<'_>,
    ) -> Option<SaeOutcome> {
        let instance = self.instances.get_mut(sta)?;
        let ex = &instance.exchanged;
        if ex.own() == (commit.scalar, commit.element) {
            self.counters.reflection += 1;
            return Some(SaeOutcome::Ignore);
        }
        let same =
            ex.group == group && ex.h2e == h2e && ex.peer() == (commit.scalar, commit.element);
        match (&instance.phase, same) {
            (Phase::Committed, true) => {
                instance.sync += 1;
                if instance.sync > SAE_SYNC_MAX {
                    self.counters.sync_limit += 1;
                    self.instances.remove(sta);
                    return Some(SaeOutcome::Ignore);
                }
                Some(SaeOutcome::Reply {
                    transaction: TRANSACTION_COMMIT,
                    status: ex.commit_status(),
                    body: ex.commit_body.clone(),
                })
            }
            (Phase::Accepted { .. }, true) => Some(SaeOutcome::Ignore),
            (_, false) => None,
        }
    }

    /// hostapd `sae_parse_password_identifier()`, `check_sae_rejected_groups()`.
    fn check_commit_elements(
        &mut self,
        commit: &SaeCommit<'_>,
        h2e: bool,
    ) -> Result<(), StatusCode> {
        if commit.password_identifier().is_some() && !h2e {
            self.counters.unknown_password_id += 1;
            return Err(StatusCode::UnknownPasswordIdentifier);
        }
        if !h2e {
            return Ok(());
        }
        let Some(rejected) = commit
            .elements
            .find_ext(id::ext::REJECTED_GROUPS)
            .and_then(|e| e.ext_data())
        else {
            return Ok(());
        };
        // A group the station says was rejected, but that the AP offers, is a downgrade.
        let downgrade = rejected.len() % 2 != 0
            || rejected.chunks_exact(2).any(|c| {
                let n = u16::from_le_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ]);
                Group::from_number(n).is_some_and(|g| self.config.groups.contains(&g))
            });
        if downgrade {
            self.counters.bad_commit += 1;
            return Err(StatusCode::UnspecifiedFailure);
        }
        Ok(())
    }

    /// hostapd `sae_get_password()`: the first password for this station with this
    /// identifier (none with none).
    fn password_for(&self, sta: &MacAddr, identifier: Option<&[u8]>) -> Option<usize> {
        self.passwords.iter().position(|e| {
            e.password.peer.is_none_or(|p| p == *sta)
                && e.password.identifier.as_deref() == identifier
        })
    }

    /// hostapd `use_anti_clogging()`: open (committed, not accepted) instances at the
    /// threshold.
    fn needs_token(&self) -> bool {
        let threshold = self.config.anti_clogging_threshold;
        threshold == 0
            || self
                .instances
                .values()
                .filter(|i| matches!(i.phase, Phase::Committed))
                .count()
                >= threshold
    }

    fn on_confirm(&mut self, now: Instant, sta: MacAddr, status: u16, body: &[u8]) -> SaeOutcome {
        if status != u16::from(StatusCode::Success) {
            return SaeOutcome::Ignore;
        }
        let Some(instance) = self.instances.get_mut(&sta) else {
            return reply(
                TRANSACTION_CONFIRM,
                StatusCode::UnspecifiedFailure,
                Vec::new(),
            );
        };
        let Ok(confirm) = SaeConfirm::parse(body) else {
            return reply(
                TRANSACTION_CONFIRM,
                StatusCode::UnspecifiedFailure,
                Vec::new(),
            );
        };
        let ex = &instance.exchanged;
        if let Phase::Accepted {
            peer_send_confirm, ..
        } = instance.phase
        {
            // hostapd: a Confirm not newer than the last verified one is ignored.
            if confirm.send_confirm <= peer_send_confirm || confirm.send_confirm == u16::MAX {
                return SaeOutcome::Ignore;
            }
        }
        if !ex
            .keys
            .verify(confirm.send_confirm, confirm.confirm, ex.peer(), ex.own())
        {
            self.counters.confirm_mismatch += 1;
            debug!(%sta, "sae: confirm mismatch");
            self.instances.remove(&sta);
            return reply(TRANSACTION_CONFIRM, StatusCode::ChallengeFail, Vec::new());
        }
        match instance.phase {
            Phase::Committed => {
                let send_confirm = 1;
                let mut reply_body = Vec::new();
                emit_confirm(
                    send_confirm,
                    &ex.keys.confirm(send_confirm, ex.own(), ex.peer()),
                    &mut reply_body,
                );
                let outcome = SaeOutcome::Accepted {
                    reply_body,
                    pmk: ex.keys.pmk.clone(),
                    pmkid: ex.keys.pmkid,
                    group: ex.group,
                    h2e: ex.h2e,
                    password_id: ex.password_id.clone(),
                };
                instance.phase = Phase::Accepted {
                    send_confirm,
                    peer_send_confirm: confirm.send_confirm,
                };
                instance.deadline = now + self.config.instance_timeout;
                instance.sync = 0;
                self.counters.accepted += 1;
                debug!(%sta, group = ex.group.number(), "sae: accepted");
                outcome
            }
            Phase::Accepted { send_confirm, .. } => {
                // The station did not get the AP's Confirm: send it again, within
                // dot11RSNASAESync.
                instance.sync += 1;
                if instance.sync > SAE_SYNC_MAX {
                    self.counters.sync_limit += 1;
                    self.instances.remove(&sta);
                    return SaeOutcome::Ignore;
                }
                let send_confirm = send_confirm.saturating_add(1);
                let mut body = Vec::new();
                emit_confirm(
                    send_confirm,
                    &ex.keys.confirm(send_confirm, ex.own(), ex.peer()),
                    &mut body,
                );
                instance.phase = Phase::Accepted {
                    send_confirm,
                    peer_send_confirm: confirm.send_confirm,
                };
                reply(TRANSACTION_CONFIRM, StatusCode::Success, body)
            }
        }
    }

    fn expire(&mut self, sta: &MacAddr) {
        if let Some(instance) = self.instances.remove(sta) {
            if matches!(instance.phase, Phase::Committed) {
                self.counters.expired += 1;
            }
        }
    }

    /// The earliest instance deadline.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.instances.values().map(|i| i.deadline).min()
    }

    /// Drops the instances whose deadline has passed (an accepted one silently, an
    /// incomplete one counted as expired).
    pub fn handle_timeout(&mut self, now: Instant) {
        let expired = &mut self.counters.expired;
        self.instances.retain(|_, i| {
            let keep = i.deadline > now;
            if !keep && matches!(i.phase, Phase::Committed) {
                *expired += 1;
            }
            keep
        });
    }

    /// Forgets a station (deauthenticated, gone, or its station entry created).
    pub fn remove(&mut self, sta: MacAddr) {
        self.instances.remove(&sta);
    }

    /// The state of a station's instance.
    pub fn state(&self, sta: MacAddr) -> SaeState {
        match self.instances.get(&sta).map(|i| &i.phase) {
            None => SaeState::Nothing,
            Some(Phase::Committed) => SaeState::Committed,
            Some(Phase::Accepted { .. }) => SaeState::Accepted,
        }
    }

    /// What the table did so far.
    pub fn counters(&self) -> &SaeCounters {
        &self.counters
    }

    /// Instances held.
    pub fn len(&self) -> usize {
        self.instances.len()
    }

    /// True if no instance is held.
    pub fn is_empty(&self) -> bool {
        self.instances.is_empty()
    }

    /// The effective configuration (the PWE mode widened for identifiers).
    pub fn config(&self) -> &SaeConfig {
        &self.config
    }
}

/// The ECC work of a commit: password element, own commit, k, keys, the AP's Commit body.
#[allow(clippy::too_many_arguments)]
fn derive_exchange(
    entry: &PasswordEntry,
    group: Group,
    h2e: bool,
    bssid: &MacAddr,
    sta: &MacAddr,
    commit: &SaeCommit<'_>,
    rejected_groups: Option<&[u8]>,
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<Exchanged, Error> {
    let pwe = if h2e {
        let (_, pt) = entry
            .pts
            .iter()
            .find(|(g, _)| *g == group)
            .ok_or(Error::Internal("no PT for group"))?;
        pt.pwe(&bssid.0, &sta.0)?
    } else {
        Pwe::hunting_and_pecking(group, entry.password.password.as_bytes(), &bssid.0, &sta.0)?
    };
    let exchange = AnyExchange::new(&pwe, rng)?;
    let shared = exchange.process_peer(commit.scalar, commit.element)?;
    let hash = if h2e {
        group.h2e_hash()
    } else {
        roamd_wpa::HashAlg::Sha256
    };
    let keys = Keys::derive(hash, rejected_groups, &shared)?;
    let password_id = commit.password_identifier().map(<[u8]>::to_vec);
    let mut commit_body = Vec::with_capacity(2 + 3 * group.prime_len() + 40);
    SaeCommitRepr {
        group: group.number(),
        h2e,
        token: None,
        scalar: exchange.scalar_bytes(),
        element: exchange.element_bytes(),
        password_identifier: password_id.as_deref(),
        rejected_groups: &[],
    }
    .emit(&mut commit_body);
    Ok(Exchanged {
        group,
        h2e,
        exchange,
        keys,
        peer_scalar: commit.scalar.to_vec(),
        peer_element: commit.element.to_vec(),
        password_id,
        commit_body,
    })
}
