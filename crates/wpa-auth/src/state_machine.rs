//! The per-station authenticator state machine of the 4-way handshake
//! (IEEE 802.11-2020 12.7.6; hostapd `SM_STATE(WPA_PTK, ...)` in
//! `src/ap/wpa_auth.c`) and of the group key handshake (12.7.7; hostapd
//! `SM_STATE(WPA_PTK_GROUP, ...)`).
//!
//! Inputs are `handle_*` calls with the current time; outputs are the
//! returned [`Action`]s, carried out in order. The one timer is read with
//! [`PtkStateMachine::poll_timeout`] and fired with
//! [`PtkStateMachine::handle_timeout`].

use core::mem;
use std::time::Instant;

use rand::{CryptoRng, RngCore};
use roamd_eapol::{KeyDataIter, KeyDescriptorVersion, MIC_OFFSET};
use roamd_wpa::keywrap::{
    pad_key_data_in_place, padded_key_data_len, strip_key_data_padding, unwrap_key_data,
};
use roamd_wpa::mic::verify_eapol_key_frame;
use roamd_wpa::ptk::derive_ptk;
use roamd_wpa::{
    ft, pmkid, Akm, AkmExt, CipherExt, CipherSuite, MacAddr, MicKey, Nonce, Pmk, PmkR1, Pmkid, Ptk,
    SecretVec,
};
use zeroize::Zeroizing;

use crate::action::{Action, AuthEvent, KeyMessage};
use crate::config::{RetryPolicy, StationParams};
use crate::counters::StaCounters;
use crate::error::Error;
use crate::frames::FrameBuilder;
use crate::ft::FtAssociation;
use crate::group_keys::GroupKeys;
use crate::reason;
use crate::replay::ReplayState;
use crate::rx::{classify, Kind, Received, RSNE_ID};
use roamd_ieee80211::element::id::{FAST_BSS_TRANSITION, MOBILITY_DOMAIN};

/// The state of the 4-way handshake, named as the 802.11 authenticator
/// state machine and hostapd's `WPA_PTK` states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PtkState {
    /// Created, [`PtkStateMachine::start`] not called yet.
    Initialize,
    /// Message 1 sent (with ANonce); waiting for message 2.
    PtkStart,
    /// A message 2 failed its MIC; still waiting for a good one until the
    /// next message 1 retransmission.
    PtkCalcNegotiating,
    /// Message 2 verified, PTK derived (not installed), message 3 sent;
    /// waiting for message 4.
    PtkInitNegotiating,
    /// Message 4 verified; PTK installed, port authorized.
    PtkInitDone,
    /// The station was deauthenticated; the state machine ignores input.
    Disconnected,
}

/// The state of the group key handshake, named as in hostapd's
/// `WPA_PTK_GROUP` state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKeyState {
    /// No group key handshake running.
    Idle,
    /// Group message 1 sent; waiting for group message 2.
    RekeyNegotiating,
}

/// The outcome of trying the PMK candidates on a message 2.
// Returned once per message 2 and taken apart at once, never stored.
#[allow(clippy::large_enum_variant)]
enum PmkSearch {
    /// Candidate `.0` gave PTK `.1`, whose KCK (keyed in `.2`) verified
    /// the MIC.
    Found(usize, Ptk, MicKey),
    /// No candidate verified the MIC.
    NoMatch,
    /// The PTK could not be derived.
    Error,
}

/// PTKINITNEGOTIATING: what is known after a verified message 2.
#[derive(Debug)]
struct InitNegotiating {
    anonce: Nonce,
    snonce: Nonce,
    ptk: Ptk,
    /// [`GroupKeys::generation`] of the GTK in the last message 3.
    gtk_generation: u64,
    /// The PTK of an earlier SNonce after the station changed its SNonce,
    /// with the counter of the message 3 it was sent under (hostapd
    /// `alt_snonce`).
    alt: Option<AltPtk>,
}

#[derive(Debug)]
struct AltPtk {
    snonce: Nonce,
    ptk: Ptk,
    replay_counter: u64,
}

/// PTKINITDONE: the installed PTK and the group key handshake.
#[derive(Debug)]
struct InitDone {
    ptk: Ptk,
    group: GroupKeyState,
}

#[derive(Debug)]
enum State {
    Initialize,
    PtkStart { anonce: Nonce },
    PtkCalcNegotiating { anonce: Nonce },
    PtkInitNegotiating(Box<InitNegotiating>),
    PtkInitDone(InitDone),
    Disconnected,
}

/// Which events were already emitted in the current handshake.
#[derive(Debug, Clone, Copy, Default)]
struct Reported {
    psk_mismatch: bool,
    mic_pairwise_2: bool,
    mic_pairwise_4: bool,
    mic_group_2: bool,
}

impl Reported {
    /// Whether a MIC failure of `message` was reported.
    fn mic(&mut self, message: KeyMessage) -> &mut bool {
        match message {
            KeyMessage::Pairwise2 => &mut self.mic_pairwise_2,
            KeyMessage::Pairwise4 => &mut self.mic_pairwise_4,
            KeyMessage::Group2 => &mut self.mic_group_2,
        }
    }
}

/// The AKMs this state machine runs the 4-way handshake for (the FT ones
/// for an initial mobility domain association). FT-802.1X-SHA384 uses the
/// AKM-defined descriptor (version 0): HMAC-SHA384-192 MICs of 24 octets,
/// a 24-octet KCK and a 32-octet KEK, all from roamd-wpa's `AkmExt`. SAE
/// and FT-SAE run it on the PMK of the SAE exchange, with the AKM-defined
/// descriptor too (AES-128-CMAC MICs, KDF-SHA-256).
fn akm_supported(akm: Akm) -> bool {
    matches!(
        akm,
        Akm::Psk
            | Akm::PskSha256
            | Akm::Ieee8021x
            | Akm::Ieee8021xSha256
            | Akm::FtPsk
            | Akm::FtIeee8021x
            | Akm::FtIeee8021xSha384
            | Akm::Sae
            | Akm::FtSae
    )
}

/// True if `bytes` is exactly one element with ID `id`.
fn is_one_element(bytes: &[u8], id: u8) -> bool {
    matches!(bytes, [first, len, body @ ..] if *first == id && usize::from(*len) == body.len())
}

/// True if `bytes` starts with an element with ID `id` and splits into
/// whole elements.
fn is_element_list(bytes: &[u8], id: u8) -> bool {
    if bytes.first() != Some(&id) {
        return false;
    }
    let mut rest = bytes;
    while let [_, len, tail @ ..] = rest {
        match tail.get(usize::from(*len)..) {
            Some(next) => rest = next,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The Key Data of message 3 or group message 1 before wrapping: `rsne`
/// (empty for group message 1), the GTK KDE, the IGTK KDE with PMF,
/// `tail` (FT: FTE and Timeout Intervals), then the 802.11 padding. Sized
/// up front so that the GTK is never left behind in a buffer freed by a
/// reallocation.
fn key_data_plaintext(
    rsne: &[u8],
    gk: &GroupKeys,
    mfp: bool,
    tail: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let len = padded_key_data_len(rsne.len() + gk.kdes_len(mfp) + tail.len());
    let mut plaintext = Zeroizing::new(Vec::with_capacity(len));
    plaintext.extend_from_slice(rsne);
    gk.emit_kdes(&mut plaintext, mfp)?;
    plaintext.extend_from_slice(tail);
    pad_key_data_in_place(&mut plaintext);
    Ok(plaintext)
}

/// One station's authenticator: the 4-way handshake and, once it is done,
/// group key handshakes.
///
/// The daemon creates one per (re)associated RSN station, calls
/// [`start`](Self::start), passes every EAPOL-Key frame from the station to
/// [`handle_eapol_key`](Self::handle_eapol_key), fires
/// [`handle_timeout`](Self::handle_timeout) at
/// [`poll_timeout`](Self::poll_timeout), and on a GTK rekey calls
/// [`start_group_rekey`](Self::start_group_rekey). Each call returns the
/// [`Action`]s to carry out, in order.
#[derive(Debug)]
pub struct PtkStateMachine {
    aa: MacAddr,
    spa: MacAddr,
    akm: Akm,
    pairwise_cipher: CipherSuite,
    sta_rsne: Vec<u8>,
    /// The start of message 3's Key Data: our RSNE (for FT with PMKR1Name
    /// inserted) and the elements that follow it.
    ap_rsne: Vec<u8>,
    /// The end of message 3's Key Data after the group keys (FT only).
    message_3_tail: Vec<u8>,
    /// FT initial mobility domain association: `pmk` is the PMK-R1.
    ft: Option<Box<FtAssociation>>,
    /// The PMK: candidate 0 until message 2 verifies, then the one it
    /// verified with.
    pmk: Pmk,
    /// Candidates 1, 2, ... (multi-PSK); emptied once message 2 verified.
    more_pmks: Vec<Pmk>,
    /// The candidate message 2 verified with.
    pmk_index: Option<usize>,
    /// More than one candidate was given: report which one matched.
    report_pmk_index: bool,
    pmkid: Option<Pmkid>,
    mfp: bool,
    policy: RetryPolicy,
    frames: FrameBuilder,
    state: State,
    replay: ReplayState,
    /// Transmissions of the current message 1 or 3 (hostapd `TimeoutCtr`).
    timeout_ctr: u32,
    /// Transmissions of the current group message 1 (hostapd `GTimeoutCtr`).
    group_timeout_ctr: u32,
    deadline: Option<Instant>,
    counters: StaCounters,
    reported: Reported,
    /// A PTK rekey is running (hostapd `PTKRequest`): the port stays open
    /// on the installed PTK until message 4 installs the new one.
    rekeying: bool,
}

impl PtkStateMachine {
    /// A state machine in [`PtkState::Initialize`] for a station that just
    /// (re)associated with an RSNE.
    ///
    /// Fails for an AKM other than PSK, PSK-SHA256, 802.1X and
    /// 802.1X-SHA256, an unknown cipher, a PMK of the wrong length, or
    /// RSNE octets that are not whole elements.
    pub fn new(params: StationParams, policy: RetryPolicy) -> Result<Self, Error> {
        Self::with_pmk_candidates(params, Vec::new(), policy)
    }

    /// Like [`new`](Self::new), for a station that may use any of several
    /// PMKs (hostapd `wpa_psk_file`: its own entries, wildcard entries, the
    /// BSS passphrase): `params.pmk` is candidate 0 and `more_pmks` are
    /// candidates 1, 2, ... Message 2 is checked against each in turn, as
    /// hostapd's PTKCALCNEGOTIATING does; the first that verifies is kept
    /// for the rest of the handshake and the others are dropped
    /// ([`pmk_index`](Self::pmk_index), [`AuthEvent::PmkSelected`]).
    ///
    /// Each candidate costs a PTK derivation per message 2 that does not
    /// verify; the list comes from configuration, not from the station.
    /// Every candidate must have the AKM's PMK length. A PMKID derived for
    /// an 802.1X AKM comes from `params.pmk`.
    pub fn with_pmk_candidates(
        params: StationParams,
        more_pmks: Vec<Pmk>,
        policy: RetryPolicy,
    ) -> Result<Self, Error> {
        let akm = params.akm;
        if !akm_supported(akm) {
            return Err(Error::UnsupportedAkm(akm));
        }
        let tk_len = params
            .pairwise_cipher
            .tk_len()
            .ok_or(Error::UnsupportedCipher(params.pairwise_cipher))?;
        params
            .group_cipher
            .tk_len()
            .ok_or(Error::UnsupportedCipher(params.group_cipher))?;
        let expected = akm.pmk_len().ok_or(Error::UnsupportedAkm(akm))?;
        if let Some(bad) = core::iter::once(&params.pmk)
            .chain(&more_pmks)
            .find(|pmk| pmk.len() != expected)
        {
            return Err(Error::PmkLength {
                expected,
                got: bad.len(),
            });
        }
        if !is_one_element(&params.sta_rsne, RSNE_ID) {
            return Err(Error::StationRsne);
        }
        if !is_element_list(&params.ap_rsne, RSNE_ID) {
            return Err(Error::AuthenticatorRsne);
        }
        // An FT AKM needs its mobility domain, and only an FT AKM has one;
        // several PSKs cannot each have a PMK-R1 under one name.
        let ft = match (akm.is_ft(), params.ft) {
            (false, None) => None,
            (true, Some(ft))
                if more_pmks.is_empty()
                    && is_one_element(&ft.mde, MOBILITY_DOMAIN)
                    && is_one_element(&ft.fte, FAST_BSS_TRANSITION) =>
            {
                Some(Box::new(ft))
            }
            _ => return Err(Error::FtAssociation),
        };
        let (ap_rsne, message_3_tail) = match &ft {
            Some(ft) => (
                ft.rsne_with_pmk_r1_name(&params.ap_rsne)?,
                ft.message_3_tail(),
            ),
            None => (params.ap_rsne, Vec::new()),
        };
        let mic_alg = akm.mic_algorithm().ok_or(Error::UnsupportedAkm(akm))?;
        let descriptor_version = akm
            .key_descriptor_version()
            .ok_or(Error::UnsupportedAkm(akm))?;
        // hostapd puts a PMKID KDE in message 1 for 802.1X AKMs, derived
        // from the PMK when no PMKSA entry supplies one; never for PSK
        // unless the caller asks (a PMKID would allow offline guessing).
        let pmkid = match params.pmkid {
            Some(id) => Some(id),
            // With FT the PMK here is a PMK-R1: no PMKID of it.
            None if akm.is_8021x() && !akm.is_ft() => {
                Some(pmkid::pmkid(&params.pmk, &params.aa, &params.spa, akm)?)
            }
            None => None,
        };
        let frames = FrameBuilder {
            eapol_version: params.eapol_version,
            descriptor_version: KeyDescriptorVersion::from(u8::from(descriptor_version)),
            mic_alg,
            mic_len: mic_alg.mic_len(),
            // tk_len is 16 or 32.
            pairwise_key_len: u16::try_from(tk_len).unwrap_or(0),
        };
        Ok(Self {
            aa: params.aa,
            spa: params.spa,
            akm,
            pairwise_cipher: params.pairwise_cipher,
            sta_rsne: params.sta_rsne,
            ap_rsne,
            message_3_tail,
            ft,
            pmk: params.pmk,
            report_pmk_index: !more_pmks.is_empty(),
            more_pmks,
            pmk_index: None,
            pmkid,
            mfp: params.mfp,
            policy,
            frames,
            state: State::Initialize,
            replay: ReplayState::default(),
            timeout_ctr: 0,
            group_timeout_ctr: 0,
            deadline: None,
            counters: StaCounters::default(),
            reported: Reported::default(),
            rekeying: false,
        })
    }

    /// The state machine of a station that arrived by FT (over the air or
    /// over the DS): no 4-way handshake, the PTK of the FT exchange is the
    /// one in use ([`PtkState::PtkInitDone`]), ready for group key
    /// handshakes. `params` are those of an initial mobility domain
    /// association (`pmk` the PMK-R1, `ft` given).
    pub fn after_fast_transition(
        params: StationParams,
        ptk: Ptk,
        policy: RetryPolicy,
    ) -> Result<Self, Error> {
        let mut machine = Self::new(params, policy)?;
        if machine.ft.is_none() {
            return Err(Error::FtAssociation);
        }
        machine.state = State::PtkInitDone(InitDone {
            ptk,
            group: GroupKeyState::Idle,
        });
        Ok(machine)
    }

    // --- Getters ---

    /// The 4-way handshake state.
    pub fn state(&self) -> PtkState {
        match self.state {
            State::Initialize => PtkState::Initialize,
            State::PtkStart { .. } => PtkState::PtkStart,
            State::PtkCalcNegotiating { .. } => PtkState::PtkCalcNegotiating,
            State::PtkInitNegotiating(_) => PtkState::PtkInitNegotiating,
            State::PtkInitDone(_) => PtkState::PtkInitDone,
            State::Disconnected => PtkState::Disconnected,
        }
    }

    /// The group key handshake state.
    pub fn group_state(&self) -> GroupKeyState {
        match &self.state {
            State::PtkInitDone(done) => done.group,
            _ => GroupKeyState::Idle,
        }
    }

    /// True once the PTK is installed and the port authorized, and
    /// during a PTK rekey, which keeps the installed PTK in use.
    pub fn is_authorized(&self) -> bool {
        match self.state {
            State::PtkInitDone(_) => true,
            State::Initialize | State::Disconnected => false,
            _ => self.rekeying,
        }
    }

    /// The station's address (SPA).
    pub fn spa(&self) -> MacAddr {
        self.spa
    }

    /// Our address (AA).
    pub fn aa(&self) -> MacAddr {
        self.aa
    }

    /// The negotiated AKM.
    pub fn akm(&self) -> Akm {
        self.akm
    }

    /// Which PMK candidate message 2 verified with (0 is
    /// [`StationParams::pmk`]), once one did.
    pub fn pmk_index(&self) -> Option<usize> {
        self.pmk_index
    }

    /// The EAPOL-Key statistics of this station.
    pub fn counters(&self) -> &StaCounters {
        &self.counters
    }

    /// When [`handle_timeout`](Self::handle_timeout) must be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadline
    }

    // --- Inputs ---

    /// Starts the 4-way handshake: picks an ANonce and sends message 1.
    ///
    /// Does nothing unless in [`PtkState::Initialize`]: a PTK rekey is a
    /// new association's state machine here.
    pub fn start<R: RngCore + CryptoRng + ?Sized>(
        &mut self,
        now: Instant,
        rng: &mut R,
        _group_keys: &GroupKeys,
    ) -> Vec<Action> {
        if !matches!(self.state, State::Initialize) {
            return Vec::new();
        }
        // hostapd AUTHENTICATION2: an unpredictable ANonce rather than the
        // standard's counter, against precomputation.
        let mut anonce = [0u8; 32];
        rng.fill_bytes(&mut anonce);
        self.state = State::PtkStart { anonce };
        self.timeout_ctr = 0;
        self.reported = Reported::default();
        self.send_message_1(now)
    }

    /// Starts a PTK rekey: a new 4-way handshake on the established PTKSA
    /// (IEEE 802.11-2020 12.7.6; hostapd `wpa_auth_rekey_ptk`, PTKINITDONE
    /// -> AUTHENTICATION2 -> PTKSTART). The installed PTK stays in use, and
    /// the port open, until message 4 installs the new one; a group key
    /// handshake running is dropped, since message 3 carries the current
    /// GTK. Does nothing unless in [`PtkState::PtkInitDone`], and for an FT
    /// association, whose key hierarchy a 4-way handshake does not renew.
    pub fn start_ptk_rekey<R: RngCore + CryptoRng + ?Sized>(
        &mut self,
        now: Instant,
        rng: &mut R,
    ) -> Vec<Action> {
        if !matches!(self.state, State::PtkInitDone(_)) || self.akm.is_ft() {
            return Vec::new();
        }
        let mut anonce = [0u8; 32];
        rng.fill_bytes(&mut anonce);
        // A late group message 2 must not count as a reply to message 1.
        self.replay.drop_pending();
        self.state = State::PtkStart { anonce };
        self.rekeying = true;
        self.timeout_ctr = 0;
        self.reported = Reported::default();
        self.counters.ptk_rekeys += 1;
        self.send_message_1(now)
    }

    /// Handles an EAPOL frame (EtherType 0x888e payload) from the station
    /// that carries an EAPOL-Key frame. Bad or unexpected frames are
    /// dropped and counted in [`counters`](Self::counters).
    pub fn handle_eapol_key(
        &mut self,
        now: Instant,
        frame: &[u8],
        group_keys: &GroupKeys,
    ) -> Vec<Action> {
        self.counters.frames_received += 1;
        if matches!(self.state, State::Initialize | State::Disconnected) {
            self.counters.unexpected_dropped += 1;
            return Vec::new();
        }
        let version = u8::from(self.frames.descriptor_version);
        let rx = match classify(frame, self.frames.mic_len, version) {
            Ok(rx) => rx,
            Err(_) => {
                self.counters.malformed_dropped += 1;
                return Vec::new();
            }
        };
        match rx.kind {
            // Rekey requests and Michael MIC failure reports (TKIP only)
            // are not acted on.
            Kind::Request => {
                self.counters.requests_ignored += 1;
                Vec::new()
            }
            Kind::Message(KeyMessage::Pairwise2) => self.on_message_2(now, &rx, group_keys),
            Kind::Message(KeyMessage::Pairwise4) => self.on_message_4(now, &rx, group_keys),
            Kind::Message(KeyMessage::Group2) => self.on_group_message_2(&rx),
        }
    }

    /// Fires the retransmission timer if `now` has reached
    /// [`poll_timeout`](Self::poll_timeout): resends message 1, 3 or group
    /// 1 with a new replay counter, or deauthenticates once the tries are
    /// used up (reason 15, or 16 for the group key handshake).
    pub fn handle_timeout(&mut self, now: Instant, group_keys: &GroupKeys) -> Vec<Action> {
        match self.deadline {
            Some(deadline) if now >= deadline => self.deadline = None,
            _ => return Vec::new(),
        }
        match &self.state {
            State::PtkStart { anonce } | State::PtkCalcNegotiating { anonce } => {
                self.state = State::PtkStart { anonce: *anonce };
                self.send_message_1(now)
            }
            State::PtkInitNegotiating(_) => self.send_message_3(now, group_keys, None),
            State::PtkInitDone(done) if done.group == GroupKeyState::RekeyNegotiating => {
                self.send_group_message_1(now, group_keys)
            }
            _ => Vec::new(),
        }
    }

    /// Starts a group key handshake with the current GTK (and IGTK), after
    /// [`GroupKeys::rekey`]. Does nothing unless in
    /// [`PtkState::PtkInitDone`]; restarts a group key handshake already
    /// running.
    pub fn start_group_rekey(&mut self, now: Instant, group_keys: &GroupKeys) -> Vec<Action> {
        let State::PtkInitDone(done) = &mut self.state else {
            return Vec::new();
        };
        done.group = GroupKeyState::RekeyNegotiating;
        // A reply to a group message 1 with an older GTK must not count.
        self.replay.drop_pending();
        self.group_timeout_ctr = 0;
        *self.reported.mic(KeyMessage::Group2) = false;
        self.send_group_message_1(now, group_keys)
    }

    // --- Process traffic ---

    /// Message 2 (IEEE 802.11-2020 12.7.6.3; hostapd PTKCALCNEGOTIATING).
    fn on_message_2(&mut self, now: Instant, rx: &Received<'_>, gk: &GroupKeys) -> Vec<Action> {
        let counter = rx.key.replay_counter;
        let snonce = rx.key.key_nonce;
        match &mut self.state {
            State::PtkStart { anonce } | State::PtkCalcNegotiating { anonce } => {
                let anonce = *anonce;
                if !self.replay.is_pending(counter) {
                    self.counters.replays_dropped += 1;
                    return Vec::new();
                }
                let (index, ptk, mic) = match self.find_pmk(&anonce, &snonce, rx) {
                    PmkSearch::Found(index, ptk, mic) => (index, ptk, mic),
                    PmkSearch::NoMatch => {
                        self.state = State::PtkCalcNegotiating { anonce };
                        return self.mic_failure(KeyMessage::Pairwise2);
                    }
                    PmkSearch::Error => return Vec::new(),
                };
                if !self.rsne_matches(&ptk, rx) {
                    return self.rsne_mismatch();
                }
                let selected = self.keep_pmk(index);
                // Counters are spent only by a verified frame, so a forged
                // message 2 cannot lock out the real one.
                self.replay.answered(true);
                // PTKCALCNEGOTIATING2: message 3 gets its own tries.
                self.timeout_ctr = 0;
                self.deadline = None;
                self.state = State::PtkInitNegotiating(Box::new(InitNegotiating {
                    anonce,
                    snonce,
                    ptk,
                    gtk_generation: gk.generation(),
                    alt: None,
                }));
                let mut actions = self.send_message_3(now, gk, Some(mic));
                if let Some(event) = selected {
                    actions.insert(0, event);
                }
                actions
            }
            State::PtkInitNegotiating(neg) => {
                // Only a reply to one of our message 1s can be a message 2.
                if !self.replay.is_prev(counter) || neg.snonce == snonce {
                    // A retransmitted message 2: message 3 is already on its
                    // way and is resent by the timer (hostapd "ignore
                    // retransmitted EAPOL-Key 2/4 - SNonce did not change").
                    self.counters.replays_dropped += 1;
                    return Vec::new();
                }
                // The station answered another message 1 with a new SNonce
                // (hostapd update_snonce). The PTK is not installed yet, so
                // take the new one and send message 3 again.
                let anonce = neg.anonce;
                let Some(ptk) = self.derive(&self.pmk, &anonce, &snonce) else {
                    self.counters.malformed_dropped += 1;
                    return Vec::new();
                };
                let Some(mic) = self.verified_mic_key(&ptk, rx) else {
                    return self.mic_failure(KeyMessage::Pairwise2);
                };
                if !self.rsne_matches(&ptk, rx) {
                    return self.rsne_mismatch();
                }
                let last_message_3 = self.replay.last();
                self.replay.forget_prev(counter);
                self.replay.drop_pending();
                if let State::PtkInitNegotiating(neg) = &mut self.state {
                    let old_ptk = mem::replace(&mut neg.ptk, ptk);
                    let old_snonce = mem::replace(&mut neg.snonce, snonce);
                    neg.alt = Some(AltPtk {
                        snonce: old_snonce,
                        ptk: old_ptk,
                        replay_counter: last_message_3,
                    });
                }
                self.timeout_ctr = 0;
                self.deadline = None;
                self.send_message_3(now, gk, Some(mic))
            }
            State::PtkInitDone(_) => {
                self.counters.replays_dropped += 1;
                Vec::new()
            }
            State::Initialize | State::Disconnected => {
                self.counters.unexpected_dropped += 1;
                Vec::new()
            }
        }
    }

    /// Message 4 (IEEE 802.11-2020 12.7.6.5; hostapd PTKINITDONE).
    fn on_message_4(&mut self, now: Instant, rx: &Received<'_>, gk: &GroupKeys) -> Vec<Action> {
        let counter = rx.key.replay_counter;
        let neg = match &mut self.state {
            State::PtkInitNegotiating(neg) => neg,
            // The PTK is installed once; a repeated message 4 must never
            // install it again (KRACK, CVE-2017-13077..).
            State::PtkInitDone(_) => {
                self.counters.replays_dropped += 1;
                return Vec::new();
            }
            _ => {
                self.counters.unexpected_dropped += 1;
                return Vec::new();
            }
        };
        let alt_counter = neg.alt.as_ref().map(|alt| alt.replay_counter);
        if !self.replay.is_pending(counter) && alt_counter != Some(counter) {
            self.counters.replays_dropped += 1;
            return Vec::new();
        }
        let alg = self.frames.mic_alg;
        let verifies =
            |ptk: &Ptk| verify_eapol_key_frame(ptk.kck(), alg, rx.pdu, MIC_OFFSET).is_ok();
        if !verifies(&neg.ptk) {
            // The station may still use the SNonce of an earlier message 2
            // (hostapd wpa_try_alt_snonce).
            match neg.alt.take() {
                Some(alt) if verifies(&alt.ptk) => {
                    neg.ptk = alt.ptk;
                    neg.snonce = alt.snonce;
                }
                alt => {
                    neg.alt = alt;
                    return self.mic_failure(KeyMessage::Pairwise4);
                }
            }
        }
        self.replay.answered(false);
        self.deadline = None;
        let State::PtkInitNegotiating(neg) = mem::replace(&mut self.state, State::Disconnected)
        else {
            return Vec::new();
        };
        let mut actions = vec![
            Action::InstallPtk {
                tk: SecretVec::from_slice(neg.ptk.tk()),
                cipher: self.pairwise_cipher,
                key_idx: 0,
            },
            Action::Authorize,
            Action::Event(AuthEvent::HandshakeCompleted),
        ];
        self.rekeying = false;
        // A copy rather than a move out of the box: dropping the box
        // zeroizes the PTK there (and the alternative one).
        self.state = State::PtkInitDone(InitDone {
            ptk: neg.ptk.clone(),
            group: GroupKeyState::Idle,
        });
        // The GTK changed after message 3 was built: hand over the new one.
        if neg.gtk_generation != gk.generation() {
            actions.extend(self.start_group_rekey(now, gk));
        }
        actions
    }

    /// Group message 2 (IEEE 802.11-2020 12.7.7.3; hostapd REKEYESTABLISHED).
    fn on_group_message_2(&mut self, rx: &Received<'_>) -> Vec<Action> {
        let State::PtkInitDone(done) = &mut self.state else {
            self.counters.unexpected_dropped += 1;
            return Vec::new();
        };
        if done.group != GroupKeyState::RekeyNegotiating
            || !self.replay.is_pending(rx.key.replay_counter)
        {
            self.counters.replays_dropped += 1;
            return Vec::new();
        }
        if verify_eapol_key_frame(done.ptk.kck(), self.frames.mic_alg, rx.pdu, MIC_OFFSET).is_err()
        {
            return self.mic_failure(KeyMessage::Group2);
        }
        done.group = GroupKeyState::Idle;
        self.replay.answered(false);
        self.group_timeout_ctr = 0;
        self.deadline = None;
        vec![Action::Event(AuthEvent::GroupHandshakeCompleted)]
    }

    // --- Transmit ---

    /// hostapd wpa_send_eapol: the first try of a message gets the short
    /// timeout, retransmissions the long one.
    fn timeout_for(&self, tries: u32, group: bool) -> core::time::Duration {
        let p = &self.policy;
        match (tries <= 1, group) {
            (true, false) => p.first_timeout,
            (false, false) => p.subsequent_timeout,
            (true, true) => p.group_first_timeout,
            (false, true) => p.group_subsequent_timeout,
        }
    }

    fn sent(&mut self, now: Instant, tries: u32, group: bool, frame: Vec<u8>) -> Vec<Action> {
        self.counters.frames_sent += 1;
        if tries > 1 {
            self.counters.retransmissions += 1;
        }
        // An absurd policy (centuries) saturates to an immediate retry.
        let wait = self.timeout_for(tries, group);
        self.deadline = Some(now.checked_add(wait).unwrap_or(now));
        vec![Action::SendEapol(frame)]
    }

    /// PTKSTART: message 1 with a fresh replay counter.
    fn send_message_1(&mut self, now: Instant) -> Vec<Action> {
        let State::PtkStart { anonce } = &self.state else {
            return Vec::new();
        };
        let anonce = *anonce;
        self.timeout_ctr += 1;
        if self.timeout_ctr > self.policy.pairwise_update_count {
            return self.disconnect(reason::FOURWAY_HANDSHAKE_TIMEOUT);
        }
        let counter = self.replay.next();
        match self.frames.message_1(counter, &anonce, self.pmkid.as_ref()) {
            Ok(frame) => self.sent(now, self.timeout_ctr, false, frame),
            Err(_) => self.disconnect(reason::UNSPECIFIED),
        }
    }

    /// PTKINITNEGOTIATING: message 3 with a fresh replay counter and the
    /// current group keys. `mic` is the PTK's KCK already keyed when
    /// message 2 was just verified with it.
    fn send_message_3(&mut self, now: Instant, gk: &GroupKeys, mic: Option<MicKey>) -> Vec<Action> {
        self.timeout_ctr += 1;
        if self.timeout_ctr > self.policy.pairwise_update_count {
            return self.disconnect(reason::FOURWAY_HANDSHAKE_TIMEOUT);
        }
        let counter = self.replay.next();
        let State::PtkInitNegotiating(neg) = &mut self.state else {
            return Vec::new();
        };
        // IEEE 802.11-2020 12.7.6.4: Key Data = RSNE, GTK KDE, IGTK KDE.
        let built = key_data_plaintext(&self.ap_rsne, gk, self.mfp, &self.message_3_tail).and_then(
            |plaintext| {
                let mic = match mic {
                    Some(mic) => mic,
                    None => MicKey::new(self.frames.mic_alg, neg.ptk.kck())?,
                };
                self.frames.message_3(
                    neg.ptk.kek(),
                    &mic,
                    counter,
                    &neg.anonce,
                    gk.key_rsc(),
                    &plaintext,
                )
            },
        );
        neg.gtk_generation = gk.generation();
        match built {
            Ok(frame) => self.sent(now, self.timeout_ctr, false, frame),
            Err(_) => self.disconnect(reason::UNSPECIFIED),
        }
    }

    /// REKEYNEGOTIATING: group message 1 with a fresh replay counter.
    fn send_group_message_1(&mut self, now: Instant, gk: &GroupKeys) -> Vec<Action> {
        self.group_timeout_ctr += 1;
        if self.group_timeout_ctr > self.policy.group_update_count {
            // hostapd KEYERROR.
            return self.disconnect(reason::GROUP_KEY_UPDATE_TIMEOUT);
        }
        let counter = self.replay.next();
        let State::PtkInitDone(done) = &self.state else {
            return Vec::new();
        };
        // IEEE 802.11-2020 12.7.7.2: Key Data = GTK KDE, IGTK KDE.
        let built = key_data_plaintext(&[], gk, self.mfp, &[]).and_then(|plaintext| {
            let mic = MicKey::new(self.frames.mic_alg, done.ptk.kck())?;
            self.frames
                .group_message_1(done.ptk.kek(), &mic, counter, gk.key_rsc(), &plaintext)
        });
        match built {
            Ok(frame) => self.sent(now, self.group_timeout_ctr, true, frame),
            Err(_) => self.disconnect(reason::UNSPECIFIED),
        }
    }

    fn disconnect(&mut self, reason: u16) -> Vec<Action> {
        // Dropping the state zeroizes the PTK.
        self.state = State::Disconnected;
        self.deadline = None;
        vec![Action::Deauthenticate { reason }]
    }

    // --- Checks ---

    /// The PTK from `pmk`; `None` cannot happen for the AKMs and ciphers
    /// `new` accepts.
    fn derive(&self, pmk: &Pmk, anonce: &Nonce, snonce: &Nonce) -> Option<Ptk> {
        if self.ft.is_some() {
            let pmk_r1 = PmkR1::from_slice(pmk.as_bytes()).ok()?;
            return ft::derive_ptk(
                &pmk_r1,
                self.akm,
                self.pairwise_cipher,
                snonce,
                anonce,
                &self.aa,
                &self.spa,
            )
            .ok();
        }
        derive_ptk(
            pmk,
            self.akm,
            self.pairwise_cipher,
            &self.aa,
            &self.spa,
            anonce,
            snonce,
        )
        .ok()
    }

    /// Tries every PMK candidate on message 2 (hostapd PTKCALCNEGOTIATING's
    /// loop over `wpa_auth_get_psk`) until one gives a PTK whose KCK
    /// verifies the MIC.
    fn find_pmk(&mut self, anonce: &Nonce, snonce: &Nonce, rx: &Received<'_>) -> PmkSearch {
        for (index, pmk) in core::iter::once(&self.pmk)
            .chain(&self.more_pmks)
            .enumerate()
        {
            let Some(ptk) = self.derive(pmk, anonce, snonce) else {
                self.counters.malformed_dropped += 1;
                return PmkSearch::Error;
            };
            if let Some(mic) = self.verified_mic_key(&ptk, rx) {
                return PmkSearch::Found(index, ptk, mic);
            }
        }
        PmkSearch::NoMatch
    }

    /// Keeps PMK candidate `index` for the rest of the handshake and drops
    /// (zeroizes) the others; the event to report, if any.
    fn keep_pmk(&mut self, index: usize) -> Option<Action> {
        let more = mem::take(&mut self.more_pmks);
        // A copy, not a move out of the vector: dropping `more` then
        // zeroizes every candidate in place.
        if let Some(chosen) = index.checked_sub(1).and_then(|i| more.get(i)) {
            self.pmk = chosen.clone();
        }
        self.pmk_index = Some(index);
        self.report_pmk_index
            .then_some(Action::Event(AuthEvent::PmkSelected { index }))
    }

    /// The PTK's KCK keyed for the MIC, if it verifies the frame; kept to
    /// MIC the reply (message 3) without keying again.
    fn verified_mic_key(&self, ptk: &Ptk, rx: &Received<'_>) -> Option<MicKey> {
        let mic = MicKey::new(self.frames.mic_alg, ptk.kck()).ok()?;
        mic.verify_eapol_key_frame(rx.pdu, MIC_OFFSET).ok()?;
        Some(mic)
    }

    /// IEEE 802.11-2020 12.7.6.3: the RSNE in message 2 must be bitwise
    /// equal to the one in the (re)association request.
    fn rsne_matches(&self, ptk: &Ptk, rx: &Received<'_>) -> bool {
        if let Some(ft) = &self.ft {
            return !rx.key.key_info.encrypted_key_data()
                && ft.message_2_matches(&self.sta_rsne, rx.key.key_data);
        }
        let expected = self.sta_rsne.get(2..);
        if rx.key.key_info.encrypted_key_data() {
            // Unusual in message 2, but hostapd accepts it.
            let Ok(plain) = unwrap_key_data(ptk.kek(), rx.key.key_data) else {
                return false;
            };
            let found =
                KeyDataIter::new(strip_key_data_padding(plain.as_bytes())).find_element(RSNE_ID);
            found.is_some() && found == expected
        } else {
            let found = KeyDataIter::new(rx.key.key_data).find_element(RSNE_ID);
            found.is_some() && found == expected
        }
    }

    fn rsne_mismatch(&mut self) -> Vec<Action> {
        let mut actions = vec![Action::Event(AuthEvent::RsneMismatch)];
        actions.extend(self.disconnect(reason::IE_IN_4WAY_DIFFERS));
        actions
    }

    /// Drops a frame whose MIC failed: counted always, reported once per
    /// message and handshake.
    fn mic_failure(&mut self, message: KeyMessage) -> Vec<Action> {
        self.counters.mic_failures += 1;
        let mut actions = Vec::new();
        let slot = self.reported.mic(message);
        if !*slot {
            *slot = true;
            actions.push(Action::Event(AuthEvent::MicFailure { message }));
        }
        if message == KeyMessage::Pairwise2 && self.akm.is_psk() && !self.reported.psk_mismatch {
            self.reported.psk_mismatch = true;
            actions.push(Action::Event(AuthEvent::PossiblePskMismatch));
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_checks() {
        assert!(is_one_element(&[48, 2, 1, 0], 48));
        assert!(!is_one_element(&[48, 3, 1, 0], 48));
        assert!(!is_one_element(&[221, 2, 1, 0], 48));
        assert!(!is_one_element(&[48], 48));
        assert!(is_element_list(&[48, 2, 1, 0, 244, 1, 0x20], 48));
        assert!(!is_element_list(&[48, 2, 1, 0, 244, 2, 0x20], 48));
        assert!(!is_element_list(&[48, 2, 1, 0, 244], 48));
        assert!(!is_element_list(&[], 48));
    }
}
