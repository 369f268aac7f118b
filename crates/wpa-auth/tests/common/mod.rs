//! A two-party harness in the style of quinn-proto's `Pair`: an
//! authenticator (`PtkStateMachine` + `GroupKeys`) and the test supplicant,
//! a fake clock, and a record of every action.

#![allow(dead_code)]

pub mod supplicant;

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{CryptoRng, RngCore, SeedableRng};
use roamd_eapol::{EapolKeyRepr, ProtocolVersion};
use roamd_wpa::{Akm, CipherSuite, MacAddr, Pmk};
use roamd_wpa_auth::{Action, GroupKeys, PtkStateMachine, RetryPolicy, StationParams};

pub use supplicant::Supplicant;

pub const AA: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
pub const SPA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

/// An RSNE with one pairwise cipher and one AKM, optionally with MFPC and
/// a group management cipher (as wpa_supplicant sends with PMF).
pub fn rsne(akm: Akm, pairwise: CipherSuite, group: CipherSuite, mfp: bool) -> Vec<u8> {
    let mut body = vec![1, 0];
    body.extend_from_slice(&group.to_bytes());
    body.extend_from_slice(&[1, 0]);
    body.extend_from_slice(&pairwise.to_bytes());
    body.extend_from_slice(&[1, 0]);
    body.extend_from_slice(&akm.to_bytes());
    if mfp {
        // RSN Capabilities: MFPC; PMKID Count 0; BIP-CMAC-128.
        body.extend_from_slice(&[0x80, 0x00, 0, 0, 0x00, 0x0f, 0xac, 0x06]);
    } else {
        body.extend_from_slice(&[0, 0]);
    }
    let mut out = vec![48, body.len() as u8];
    out.extend_from_slice(&body);
    out
}

/// A generator that returns fixed octets (then zeros): injects an ANonce.
pub struct FixedRng {
    bytes: Vec<u8>,
    pos: usize,
}

impl FixedRng {
    pub fn new(bytes: &[u8]) -> Self {
        Self {
            bytes: bytes.to_vec(),
            pos: 0,
        }
    }
}

impl RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for d in dest {
            *d = self.bytes.get(self.pos).copied().unwrap_or(0);
            self.pos += 1;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

// Test only: the octets are chosen by the test on purpose.
impl CryptoRng for FixedRng {}

/// How to build a [`Pair`].
#[derive(Clone)]
pub struct Setup {
    pub akm: Akm,
    pub pairwise: CipherSuite,
    pub group: CipherSuite,
    pub mfp: bool,
    pub pmk: [u8; 32],
    pub sta_pmk: [u8; 32],
    /// More PMK candidates after `pmk` (multi-PSK); none uses `new`.
    pub more_pmks: Vec<[u8; 32]>,
    pub sta_rsne_in_msg2: Option<Vec<u8>>,
    pub policy: RetryPolicy,
    pub seed: u64,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            akm: Akm::Psk,
            pairwise: CipherSuite::Ccmp128,
            group: CipherSuite::Ccmp128,
            mfp: true,
            pmk: [0x45; 32],
            sta_pmk: [0x45; 32],
            more_pmks: Vec::new(),
            sta_rsne_in_msg2: None,
            policy: RetryPolicy::default(),
            seed: 7,
        }
    }
}

pub struct Pair {
    pub ap: PtkStateMachine,
    pub sta: Supplicant,
    pub gk: GroupKeys,
    pub now: Instant,
    pub rng: StdRng,
    /// Every action the authenticator returned, in order.
    pub log: Vec<Action>,
}

impl Pair {
    pub fn new(setup: Setup) -> Self {
        let mut rng = StdRng::seed_from_u64(setup.seed);
        let gk = GroupKeys::generate(
            &mut rng,
            setup.group,
            setup.mfp.then_some(CipherSuite::BipCmac128),
        )
        .unwrap();
        let sta_rsne = rsne(setup.akm, setup.pairwise, setup.group, setup.mfp);
        let ap_rsne = rsne(setup.akm, setup.pairwise, setup.group, setup.mfp);
        let params = StationParams {
            aa: AA,
            spa: SPA,
            akm: setup.akm,
            pairwise_cipher: setup.pairwise,
            group_cipher: setup.group,
            sta_rsne: sta_rsne.clone(),
            ap_rsne: ap_rsne.clone(),
            pmk: Pmk::from_slice(&setup.pmk).unwrap(),
            pmkid: None,
            mfp: setup.mfp,
            eapol_version: ProtocolVersion::V2004,
            ft: None,
        };
        let ap = if setup.more_pmks.is_empty() {
            PtkStateMachine::new(params, setup.policy)
        } else {
            let more = setup
                .more_pmks
                .iter()
                .map(|p| Pmk::from_slice(p).unwrap())
                .collect();
            PtkStateMachine::with_pmk_candidates(params, more, setup.policy)
        }
        .unwrap();
        let mut snonce = [0u8; 32];
        rng.fill_bytes(&mut snonce);
        let sta = Supplicant::new(
            AA,
            SPA,
            setup.akm,
            setup.pairwise,
            Pmk::from_slice(&setup.sta_pmk).unwrap(),
            setup.sta_rsne_in_msg2.unwrap_or(sta_rsne),
            ap_rsne,
            snonce,
        );
        Self {
            ap,
            sta,
            gk,
            now: Instant::now(),
            rng,
            log: Vec::new(),
        }
    }

    fn record(&mut self, actions: Vec<Action>) -> Vec<Action> {
        self.log.extend(actions.iter().cloned());
        actions
    }

    pub fn start(&mut self) -> Vec<Action> {
        let actions = self.ap.start(self.now, &mut self.rng, &self.gk);
        self.record(actions)
    }

    pub fn deliver(&mut self, frame: &[u8]) -> Vec<Action> {
        let actions = self.ap.handle_eapol_key(self.now, frame, &self.gk);
        self.record(actions)
    }

    /// Advances the clock by `d` and fires the timer if due.
    pub fn advance(&mut self, d: Duration) -> Vec<Action> {
        self.now += d;
        let actions = self.ap.handle_timeout(self.now, &self.gk);
        self.record(actions)
    }

    pub fn group_rekey(&mut self) -> Vec<Action> {
        self.gk.rekey(&mut self.rng).unwrap();
        let actions = self.ap.start_group_rekey(self.now, &self.gk);
        self.record(actions)
    }

    /// Delivers every frame in `actions` to the supplicant and its replies
    /// to the authenticator, until nothing is sent; returns all actions.
    pub fn drive(&mut self, actions: Vec<Action>) -> Vec<Action> {
        let mut all = Vec::new();
        let mut queue = actions;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for action in queue {
                if let Action::SendEapol(frame) = &action {
                    let (_, reply) = self.sta.receive(frame).expect("supplicant accepts frame");
                    next.extend(self.deliver(&reply));
                }
                all.push(action);
            }
            queue = next;
        }
        all
    }

    /// Runs a whole 4-way handshake from `start`.
    pub fn handshake(&mut self) -> Vec<Action> {
        let first = self.start();
        self.drive(first)
    }

    pub fn install_count(&self) -> usize {
        self.log
            .iter()
            .filter(|a| matches!(a, Action::InstallPtk { .. }))
            .count()
    }
}

/// The frames in `actions`.
pub fn frames(actions: &[Action]) -> Vec<Vec<u8>> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::SendEapol(f) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

/// The one frame in `actions`.
pub fn only_frame(actions: &[Action]) -> Vec<u8> {
    let f = frames(actions);
    assert_eq!(f.len(), 1, "{actions:?}");
    f.into_iter().next().unwrap()
}

pub fn replay_counter(frame: &[u8]) -> u64 {
    EapolKeyRepr::parse_frame(frame, 16).unwrap().replay_counter
}

pub fn anonce(frame: &[u8]) -> [u8; 32] {
    EapolKeyRepr::parse_frame(frame, 16).unwrap().key_nonce
}

/// Octets from hex digits (trace dumps).
#[allow(dead_code)]
pub fn hex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// The one EAPOL frame `actions` send.
#[allow(dead_code)]
pub fn frame_of(actions: &[Action]) -> Vec<u8> {
    match actions {
        [Action::SendEapol(frame)] => frame.clone(),
        other => panic!("{other:?}"),
    }
}
