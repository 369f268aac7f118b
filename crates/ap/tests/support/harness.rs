//! Drives a [`Bss`] with a sequence of operations decoded from bytes and
//! checks the core's invariants after each one. Shared by the stable
//! regression test (`tests/sequences.rs`, random bytes) and the cargo-fuzz
//! target (`fuzz/fuzz_targets/ap_sequences.rs`, the fuzzer's bytes): both
//! include this file with `#[path]`, because the crate itself must not
//! grow a test-support module.
//!
//! The operations are what the daemon feeds the core: management frames
//! from a dozen stations and two group addresses (mostly well formed, with
//! fuzzed fields and elements, sometimes raw bytes), EAPOL frames (raw, or
//! the answer a real supplicant would give to the last frame the AP sent,
//! sometimes spoiled), TX status, RADIUS replies and timeouts for the
//! requests the core sent, the kernel's station information, time
//! advancing with the timers run, and the control interface's disconnect.
//!
//! The harness also plays the world the outputs talk to: it mirrors the
//! kernel's station table (AddStation / RemoveStation) and the RADIUS
//! client's pending requests (Radius / CancelRadius / the replies and
//! timeouts it fed back), which is what the invariants are checked against.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use roamd_ap::config::{BssConfig, Config, RadioConfig};
use roamd_ap::{Bss, Output, TxPurpose};
use roamd_eap_auth::RadiusRequestId;
use roamd_eapol::{
    EapolKeyRepr, KeyDescriptorType, KeyDescriptorVersion, KeyInfo, ProtocolVersion, MIC_OFFSET,
};
use roamd_ieee80211::body::ActionCategory;
use roamd_ieee80211::{
    ActionRepr, AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo,
    ElementWriter, Elements, MacAddr, ManagementFrame, ProbeRequestRepr, Rate, ReasonBodyRepr,
    ReasonCode, ReassocRequestRepr, StatusCode,
};
use roamd_pmksa::PmksaCaches;
use roamd_radius::{AccessAccept, AccessChallenge, AccessReject, Msk, Reply};
use roamd_wpa::mic::write_eapol_key_mic;
use roamd_wpa::ptk::derive_ptk;
use roamd_wpa::{Akm, AkmExt, CipherSuite, Pmk, Ptk};

/// The BSS under test.
pub const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
/// Small on purpose: the station table and the AIDs run out.
pub const MAX_STATIONS: usize = 8;
const SSID: &[u8] = b"lab";
/// The PSK of the WPA2-PSK BSS, in hex so no PBKDF2 runs per case.
const PSK_HEX: &str = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
/// The MSK every Access-Accept of the fake RADIUS server carries.
const MSK: [u8; 64] = [0x5a; 64];
/// Unicast stations: more than [`MAX_STATIONS`], so the caps are hit.
const UNICAST_STATIONS: u8 = 12;

/// The three BSS configurations the sequences run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// No security.
    Open,
    /// WPA2-PSK, PMF optional, a short GTK rekey interval, and FT-PSK
    /// offered beside (mobility domain, local PMK-R1s).
    Psk,
    /// WPA2-EAP with a RADIUS server, accounting, OKC caching, PMF optional.
    Eap,
}

impl Flavour {
    /// All of them, in the order a selector byte picks them.
    pub const ALL: [Flavour; 3] = [Flavour::Open, Flavour::Psk, Flavour::Eap];

    fn bss_toml(self) -> String {
        let common =
            format!("ssid = \"lab\"\nmax_stations = {MAX_STATIONS}\nmax_inactivity = 30\n");
        let security = match self {
            Flavour::Open => String::new(),
            Flavour::Psk => format!(
                "security = \"wpa2-psk\"\npsk = \"{PSK_HEX}\"\npmf = \"optional\"\n\
                 key_mgmt = [\"wpa-psk\", \"wpa-psk-sha256\", \"ft-psk\"]\ngroup_rekey = 40\nrekey_on_leave = true\n\
                 [radio.bss.ft]\nmobility_domain = \"a1b2\"\nr0kh_id = \"ap0\"\npsk_generate_local = true\n"
            ),
            Flavour::Eap => "security = \"wpa2-eap\"\npmf = \"optional\"\n\
                 key_mgmt = [\"wpa-eap\", \"wpa-eap-sha256\"]\ngroup_rekey = 90\n\
                 reauth_period = 120\nacct_interim_interval = 60\nnas_identifier = \"ap1\"\n\
                 [[radio.bss.auth_server]]\naddress = \"127.0.0.1\"\nsecret = \"s3cret\"\n\
                 [[radio.bss.acct_server]]\naddress = \"127.0.0.1\"\nsecret = \"s3cret\"\n\
                 [radio.bss.cache]\nmode = \"okc\"\n"
                .to_string(),
        };
        format!("[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\n{common}{security}")
    }

    /// The parsed configuration, once per process (parsing is not what is under test).
    fn config(self) -> &'static (BssConfig, RadioConfig) {
        static CONFIGS: OnceLock<Vec<(BssConfig, RadioConfig)>> = OnceLock::new();
        let all = CONFIGS.get_or_init(|| {
            Flavour::ALL
                .iter()
                .map(|f| {
                    let c = Config::parse(Path::new("harness.toml"), &f.bss_toml())
                        .unwrap_or_else(|e| panic!("{f:?}: {e}"));
                    (c.radios[0].bss[0].clone(), c.radios[0].clone())
                })
                .collect()
        });
        &all[self as usize]
    }

    /// A BSS of this flavour (its PMKSA cache attached), at a fixed seed.
    pub fn new_bss(self, now: Instant) -> Bss {
        let (config, radio) = self.config();
        let mut bss = Bss::new(config.clone(), radio, BSSID, now, [7; 32]).expect("bss");
        if self == Flavour::Eap {
            bss.attach_pmksa(Rc::new(RefCell::new(PmksaCaches::new())));
        }
        bss
    }

    /// The PMK a station using this BSS ends up with (PSK, or the fake MSK).
    fn pmk(self) -> Option<Pmk> {
        match self {
            Flavour::Open => None,
            Flavour::Psk => {
                let bytes: Vec<u8> = (0..32)
                    .map(|i| u8::from_str_radix(&PSK_HEX[2 * i..2 * i + 2], 16).unwrap_or(0))
                    .collect();
                Pmk::from_slice(&bytes).ok()
            }
            Flavour::Eap => Pmk::from_slice(&MSK[..32]).ok(),
        }
    }

    /// The AKM suite numbers the BSS offers (00-0F-AC:n).
    fn akms(self) -> [u8; 2] {
        match self {
            Flavour::Open | Flavour::Psk => [2, 6],
            Flavour::Eap => [1, 5],
        }
    }
}

/// Reads the operation bytes; past the end everything reads as zero.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }

    /// Nothing left.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// True with probability about `n`/256.
    fn chance(&mut self, n: u8) -> bool {
        self.u8() < n
    }

    /// Up to `max` bytes (length first).
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = usize::from(self.u8()) % (max + 1);
        let len = len.min(self.data.len());
        let (head, rest) = self.data.split_at(len);
        self.data = rest;
        head.to_vec()
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0; N];
        for b in &mut a {
            *b = self.u8();
        }
        a
    }
}

/// What the supplicant of one station knows.
#[derive(Default)]
struct Supplicant {
    /// The RSNE (whole element) of its last (re)association request.
    rsne: Vec<u8>,
    /// The AKM it selected there.
    akm: Option<Akm>,
    snonce: [u8; 32],
    /// The PTK derived from the last message 1 answered.
    ptk: Option<Ptk>,
    /// The last EAPOL-Key frame the AP sent it.
    last_key: Option<Vec<u8>>,
    /// The last EAP-Request the AP sent it: (identifier, type).
    last_eap_request: Option<(u8, u8)>,
    /// SA Query transaction identifiers the AP sent it.
    sa_query_ids: Vec<[u8; 2]>,
}

/// A BSS, the world around it, and the invariant checks.
pub struct Harness {
    bss: Bss,
    flavour: Flavour,
    pmk: Option<Pmk>,
    started: Instant,
    now: Instant,
    /// The kernel's station table as the outputs built it: station → AID.
    kernel: BTreeMap<MacAddr, u16>,
    /// Access-Requests sent and not yet answered, timed out or cancelled.
    pending_radius: BTreeSet<(MacAddr, RadiusRequestId)>,
    /// Association responses waiting for their TX status.
    tracked: Vec<TxPurpose>,
    supplicants: BTreeMap<MacAddr, Supplicant>,
    last_station: MacAddr,
    /// Operations run.
    pub operations: usize,
    /// Print every operation and output (HARNESS_TRACE=1), to minimise a failure.
    pub trace: bool,
    /// The most stations the table held at once.
    pub most_stations: usize,
    /// Ports opened (how deep the sequence got).
    pub authorizations: usize,
    /// Access-Requests sent.
    pub radius_requests: usize,
}

impl Harness {
    /// A fresh BSS of this flavour at a fixed seed.
    pub fn new(flavour: Flavour) -> Harness {
        let now = Instant::now();
        let bss = flavour.new_bss(now);
        let mut h = Harness {
            bss,
            flavour,
            pmk: flavour.pmk(),
            started: now,
            now,
            kernel: BTreeMap::new(),
            pending_radius: BTreeSet::new(),
            tracked: Vec::new(),
            supplicants: BTreeMap::new(),
            last_station: station(0),
            operations: 0,
            most_stations: 0,
            authorizations: 0,
            radius_requests: 0,
            trace: std::env::var_os("HARNESS_TRACE").is_some(),
        };
        let start = h.bss.start();
        h.absorb(start);
        h
    }

    /// Runs every operation in `data` against a BSS of the flavour its
    /// first byte selects; the first broken invariant is the error.
    pub fn run(data: &[u8]) -> Result<Harness, String> {
        let mut input = Bytes::new(data);
        let flavour = Flavour::ALL[usize::from(input.u8()) % Flavour::ALL.len()];
        let mut h = Harness::new(flavour);
        while !input.is_empty() {
            h.step(&mut input)?;
        }
        Ok(h)
    }

    /// The BSS.
    pub fn bss(&self) -> &Bss {
        &self.bss
    }

    /// The flavour.
    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    /// One operation, then the invariant checks.
    pub fn step(&mut self, input: &mut Bytes<'_>) -> Result<(), String> {
        self.operations += 1;
        // Weighted: the exchanges that lead somewhere come up most.
        let op = match input.u8() {
            0..=15 => 0,
            16..=39 => 1,
            40..=45 => 3,
            46..=51 => 4,
            52..=59 => 5,
            60..=65 => 6,
            66..=77 => 7,
            78..=101 => 8,
            102..=149 => 9,
            150..=157 => 11,
            158..=169 => 12,
            170..=193 => 13,
            194..=201 => 14,
            202..=213 => 15,
            214..=245 => 16,
            _ => 17,
        };
        if self.trace {
            let states: Vec<String> = self
                .bss
                .stations()
                .map(|s| format!("{}:{:?}", s.mac.0[4], s.state))
                .collect();
            eprintln!(
                "op {} kind {op} at +{:?} [{}]",
                self.operations,
                self.now - self.started,
                states.join(" ")
            );
        }
        let what = self.operation(op, input)?;
        self.most_stations = self.most_stations.max(self.bss.station_table().len());
        self.check().map_err(|e| {
            format!(
                "after operation {} ({what}) at +{:?}: {e}",
                self.operations,
                self.now - self.started
            )
        })
    }

    /// Mostly the station of the previous operation (so exchanges get
    /// somewhere), else any of the unicast stations or a group address.
    fn pick_station(&mut self, input: &mut Bytes<'_>) -> MacAddr {
        let sta = match input.u8() {
            0..=79 => self.last_station,
            b @ 80..=243 => station(b % UNICAST_STATIONS),
            244..=249 => MacAddr::BROADCAST,
            _ => MacAddr([0x01, 0x00, 0x5e, 0x00, 0x00, 0x01]),
        };
        self.last_station = sta;
        sta
    }

    /// For a supplicant's EAPOL frame: often a station in the middle of an
    /// exchange (the AP sent it something), else as [`Self::pick_station`].
    fn pick_eapol_station(&mut self, input: &mut Bytes<'_>) -> MacAddr {
        let busy: Vec<MacAddr> = self
            .supplicants
            .iter()
            .filter(|(sta, s)| {
                (s.last_key.is_some() || s.last_eap_request.is_some())
                    && self.bss.station_table().contains(sta)
            })
            .map(|(sta, _)| *sta)
            .collect();
        let b = input.u8();
        if busy.is_empty() || b >= 160 {
            return self.pick_station(input);
        }
        let sta = busy[usize::from(b) % busy.len()];
        self.last_station = sta;
        sta
    }

    /// For an authentication: usually any unicast station, so the table fills.
    fn pick_newcomer(&mut self, input: &mut Bytes<'_>) -> MacAddr {
        let b = input.u8();
        if b >= 232 {
            return self.pick_station(input);
        }
        let sta = station(b % UNICAST_STATIONS);
        self.last_station = sta;
        sta
    }

    fn operation(&mut self, op: u8, input: &mut Bytes<'_>) -> Result<&'static str, String> {
        let now = self.now;
        Ok(match op {
            0 => {
                let sta = self.pick_newcomer(input);
                let f = self.auth_frame(sta, input);
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                "authentication"
            }
            1 => {
                let sta = self.pick_station(input);
                let f = self.assoc_frame(sta, input);
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                "(re)association request"
            }
            3 | 4 => {
                let sta = self.pick_station(input);
                let disassoc = op == 4;
                let reason = ReasonBodyRepr {
                    reason: ReasonCode::from(u16::from(input.u8() % 12)),
                    elements: Elements::new(&[]),
                };
                let body = if disassoc {
                    Body::Disassociation(reason)
                } else {
                    Body::Deauthentication(reason)
                };
                let bssid = self.pick_bssid(input);
                let f = ManagementFrame::new(BSSID, sta, bssid, body).to_bytes();
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                "deauthentication / disassociation"
            }
            5 => {
                let sta = self.pick_station(input);
                let f = self.sa_query_frame(sta, input);
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                "SA Query"
            }
            6 => {
                let sta = self.pick_station(input);
                let mut elements = Vec::new();
                let mut w = ElementWriter::new(&mut elements);
                match input.u8() % 4 {
                    0 => drop(w.ssid(b"")),
                    1 => drop(w.ssid(SSID)),
                    2 => drop(w.ssid(b"other")),
                    _ => {}
                }
                let bssid = self.pick_bssid(input);
                let f = ManagementFrame::new(
                    MacAddr::BROADCAST,
                    sta,
                    bssid,
                    Body::ProbeRequest(ProbeRequestRepr {
                        elements: Elements::new(&elements),
                    }),
                )
                .to_bytes();
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                "probe request"
            }
            7 => {
                let f = self.raw_frame(input);
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                "raw frame"
            }
            8 => {
                // Authentication, association, ACK: the common path, in one go.
                let sta = self.pick_newcomer(input);
                let f = self.auth_frame_valid(sta);
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                let f = self.assoc_frame_valid(sta, input);
                let out = self.bss.handle_frame(now, &f);
                self.absorb(out);
                let out =
                    self.bss
                        .handle_tx_status(now, TxPurpose::AssocResponse(sta), input.u8() > 20);
                self.tracked.retain(|p| *p != TxPurpose::AssocResponse(sta));
                self.absorb(out);
                "join"
            }
            9 => {
                let sta = self.pick_eapol_station(input);
                let frame = self.plausible_eapol(sta, input);
                let out = self.bss.handle_eapol(now, sta, &frame);
                self.absorb(out);
                "EAPOL (supplicant)"
            }
            11 => {
                let sta = self.pick_station(input);
                let mut frame = input.bytes(120);
                if input.bool() && frame.len() >= 4 {
                    // Mostly-valid header so the body parsers run.
                    frame[0] = 2;
                    frame[1] %= 4;
                    let len = (frame.len() - 4) as u16;
                    frame[2..4].copy_from_slice(&len.to_be_bytes());
                }
                let out = self.bss.handle_eapol(now, sta, &frame);
                self.absorb(out);
                "EAPOL (raw)"
            }
            12 => {
                let purpose = if !self.tracked.is_empty() && input.u8() < 220 {
                    let i = usize::from(input.u8()) % self.tracked.len();
                    self.tracked.remove(i)
                } else {
                    TxPurpose::AssocResponse(self.pick_station(input))
                };
                let ack = input.u8() > 40;
                let out = self.bss.handle_tx_status(now, purpose, ack);
                self.absorb(out);
                "TX status"
            }
            13 => {
                self.radius_reply(input);
                "RADIUS reply"
            }
            14 => {
                let target = if !self.pending_radius.is_empty() && input.u8() < 230 {
                    let i = usize::from(input.u8()) % self.pending_radius.len();
                    self.pending_radius.iter().nth(i).copied()
                } else {
                    Some((
                        self.pick_station(input),
                        RadiusRequestId(u64::from(input.u8())),
                    ))
                };
                if let Some((sta, id)) = target {
                    self.pending_radius.remove(&(sta, id));
                    let out = self.bss.handle_radius_timeout(now, sta, id);
                    self.absorb(out);
                }
                "RADIUS timeout"
            }
            15 => {
                let sta = self.pick_station(input);
                let kind = input.u8();
                if kind < 20 || !self.kernel.contains_key(&sta) {
                    // The kernel lost (or never had) the station.
                    self.kernel.remove(&sta);
                    let out = if kind & 1 == 0 {
                        self.bss.handle_station_info(now, sta, None)
                    } else {
                        self.bss.handle_station_removed(now, sta)
                    };
                    self.absorb(out);
                } else {
                    let inactive = Duration::from_secs(u64::from(input.u8() % 64));
                    let out = self.bss.handle_station_info(now, sta, Some(inactive));
                    self.absorb(out);
                }
                "station info"
            }
            16 => {
                self.advance(input)?;
                "time"
            }
            _ => {
                let sta = self.pick_station(input);
                let reason = ReasonCode::from(u16::from(input.u8() % 8));
                let flags = input.u8();
                if let Some(out) =
                    self.bss
                        .ctrl_disconnect(now, sta, reason, flags & 1 == 1, flags & 2 == 2)
                {
                    self.absorb(out);
                }
                "ctrl disconnect"
            }
        })
    }

    /// Time passes; the timers that are due run (as the daemon's loop
    /// would), and afterwards none may still be due.
    fn advance(&mut self, input: &mut Bytes<'_>) -> Result<(), String> {
        let kind = input.u8();
        let step = match kind % 6 {
            0 | 1 => self
                .bss
                .poll_timeout()
                .map(|t| t.saturating_duration_since(self.now))
                .unwrap_or(Duration::from_secs(1)),
            2 => Duration::from_millis(u64::from(input.u8()) * 4),
            3 | 4 => Duration::from_secs(u64::from(input.u8() % 64)),
            _ => Duration::from_secs(60 * u64::from(input.u8() % 32)),
        };
        self.now += step;
        // Now and then another input comes first, with timers overdue.
        if kind >= 240 {
            return Ok(());
        }
        if self.bss.poll_timeout().is_some_and(|t| t <= self.now) {
            let out = self.bss.handle_timeout(self.now);
            self.absorb(out);
            if let Some(t) = self.bss.poll_timeout().filter(|t| *t <= self.now) {
                return Err(format!(
                    "a timer is still due after handle_timeout ({:?} overdue): the daemon would spin",
                    self.now - t
                ));
            }
        }
        Ok(())
    }

    fn pick_bssid(&self, input: &mut Bytes<'_>) -> MacAddr {
        match input.u8() {
            0..=239 => BSSID,
            240..=247 => MacAddr::BROADCAST,
            _ => MacAddr([2, 0, 0, 0, 0, 9]),
        }
    }

    fn auth_frame_valid(&self, sta: MacAddr) -> Vec<u8> {
        frame(
            sta,
            Body::Authentication(AuthenticationRepr {
                algorithm: AuthAlgorithm::OpenSystem,
                transaction: 1,
                status: StatusCode::Success,
                payload: &[],
            }),
        )
    }

    fn auth_frame(&self, sta: MacAddr, input: &mut Bytes<'_>) -> Vec<u8> {
        let algorithm = match input.u8() {
            0..=219 => AuthAlgorithm::OpenSystem,
            n => AuthAlgorithm::from(u16::from(n % 4)),
        };
        let transaction = match input.u8() {
            0..=219 => 1,
            n => u16::from(n % 4),
        };
        let payload = input.bytes(8);
        let bssid = self.pick_bssid(input);
        ManagementFrame::new(
            BSSID,
            sta,
            bssid,
            Body::Authentication(AuthenticationRepr {
                algorithm,
                transaction,
                status: StatusCode::Success,
                payload: &payload,
            }),
        )
        .to_bytes()
    }

    /// An RSNE a station could send here: one of the BSS's AKMs, CCMP,
    /// MFPC usually, sometimes a PMKID (the right one for the fake MSK, or
    /// not), and now and then something the policy refuses.
    fn rsne(&self, sta: MacAddr, input: &mut Bytes<'_>) -> (Vec<u8>, Akm) {
        let offered = self.flavour.akms();
        let akm = match input.u8() {
            0..=159 => offered[0],
            160..=239 => offered[1],
            n => n % 16,
        };
        let pairwise = if input.chance(245) { 4 } else { 2 };
        let caps: u16 = match input.u8() % 8 {
            0 => 0,
            1 => 0xc0, // MFPR | MFPC
            2 => input.u16(),
            _ => 0x80, // MFPC
        };
        let mut body = vec![1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, pairwise];
        body.extend_from_slice(&[1, 0, 0x00, 0x0f, 0xac, akm]);
        body.extend_from_slice(&caps.to_le_bytes());
        let akm = Akm::from_bytes([0x00, 0x0f, 0xac, akm]);
        match input.u8() % 4 {
            0 => {
                let pmkid = self
                    .pmk
                    .as_ref()
                    .and_then(|pmk| roamd_wpa::pmkid::pmkid(pmk, &BSSID, &sta, akm).ok())
                    .map(|p| *p.as_bytes())
                    .unwrap_or([0; 16]);
                body.extend_from_slice(&[1, 0]);
                body.extend_from_slice(&pmkid);
            }
            1 => {
                body.extend_from_slice(&[1, 0]);
                body.extend_from_slice(&input.array::<16>());
            }
            _ => {}
        }
        if input.chance(10) {
            body.truncate(usize::from(input.u8()) % (body.len() + 1));
        }
        let mut element = vec![48, body.len() as u8];
        element.extend_from_slice(&body);
        (element, akm)
    }

    fn assoc_elements(&mut self, sta: MacAddr, input: &mut Bytes<'_>, valid: bool) -> Vec<u8> {
        let mut elements = Vec::new();
        let mut w = ElementWriter::new(&mut elements);
        let ssid_kind = if valid { 0 } else { input.u8() % 8 };
        match ssid_kind {
            6 => drop(w.ssid(b"other")),
            7 => {}
            _ => drop(w.ssid(SSID)),
        }
        if valid || input.chance(240) {
            drop(w.supported_rates(&[
                Rate::new(2, true),
                Rate::new(4, true),
                Rate::new(11, false),
                Rate::new(108, false),
            ]));
        }
        let rsn = self.flavour != Flavour::Open || input.chance(10);
        if rsn && (valid || input.chance(240)) {
            let (rsne, akm) = self.rsne(sta, input);
            elements.extend_from_slice(&rsne);
            let s = self.supplicants.entry(sta).or_default();
            s.rsne = rsne;
            s.akm = Some(akm);
            s.ptk = None;
            s.snonce = [sta.0[4]; 32];
            s.last_key = None;
        }
        let mut w = ElementWriter::new(&mut elements);
        if input.chance(20) {
            // A Mobility Domain element (the journal notes FT capability).
            drop(w.raw(54, &[0x12, 0x34, 0x01]));
        }
        if !valid && input.chance(30) {
            let id = input.u8();
            let data = input.bytes(16);
            drop(w.raw(id, &data));
        }
        elements
    }

    fn assoc_frame_valid(&mut self, sta: MacAddr, input: &mut Bytes<'_>) -> Vec<u8> {
        let elements = self.assoc_elements(sta, input, true);
        frame(
            sta,
            Body::AssocRequest(AssocRequestRepr {
                capabilities: CapabilityInfo::ESS,
                listen_interval: 10,
                elements: Elements::new(&elements),
            }),
        )
    }

    fn assoc_frame(&mut self, sta: MacAddr, input: &mut Bytes<'_>) -> Vec<u8> {
        let reassoc = input.bool();
        let capabilities = CapabilityInfo::from(input.u16() | 0x0001);
        let listen_interval = input.u16();
        let elements = self.assoc_elements(sta, input, false);
        let bssid = self.pick_bssid(input);
        let body = if reassoc {
            Body::ReassocRequest(ReassocRequestRepr {
                capabilities,
                listen_interval,
                current_ap: MacAddr([2, 0, 0, 0, 0, 1]),
                elements: Elements::new(&elements),
            })
        } else {
            Body::AssocRequest(AssocRequestRepr {
                capabilities,
                listen_interval,
                elements: Elements::new(&elements),
            })
        };
        ManagementFrame::new(BSSID, sta, bssid, body).to_bytes()
    }

    fn sa_query_frame(&self, sta: MacAddr, input: &mut Bytes<'_>) -> Vec<u8> {
        let request = input.chance(60);
        let sent = self
            .supplicants
            .get(&sta)
            .map(|s| s.sa_query_ids.as_slice())
            .unwrap_or_default();
        let tid = match sent.last() {
            Some(t) if input.chance(200) => *t,
            _ => input.array::<2>(),
        };
        let body = [u8::from(!request), tid[0], tid[1]];
        let bssid = self.pick_bssid(input);
        ManagementFrame::new(
            BSSID,
            sta,
            bssid,
            Body::Action(ActionRepr {
                category: ActionCategory::SaQuery,
                body: &body,
            }),
        )
        .to_bytes()
    }

    /// Bytes that may or may not parse: a well-formed frame with bytes
    /// flipped or cut, or plain noise.
    fn raw_frame(&mut self, input: &mut Bytes<'_>) -> Vec<u8> {
        let sta = self.pick_station(input);
        let mut f = match input.u8() % 3 {
            0 => self.assoc_frame(sta, input),
            1 => self.auth_frame(sta, input),
            _ => return input.bytes(80),
        };
        for _ in 0..(input.u8() % 4) {
            if f.is_empty() {
                break;
            }
            let i = usize::from(input.u16()) % f.len();
            f[i] ^= input.u8();
        }
        if input.chance(40) {
            f.truncate(usize::from(input.u8()) % (f.len() + 1));
        }
        f
    }

    /// What a supplicant would send now: the answer to the last EAPOL-Key
    /// frame or EAP-Request, an EAPOL-Start or -Logoff; sometimes spoiled.
    fn plausible_eapol(&mut self, sta: MacAddr, input: &mut Bytes<'_>) -> Vec<u8> {
        let version = if input.bool() { 1 } else { 2 };
        let kind = input.u8();
        match kind % 8 {
            0..=4 => {
                if let Some(frame) = self.key_reply(sta, input) {
                    return frame;
                }
                self.eap_reply(sta, version, input)
            }
            5 => self.eap_reply(sta, version, input),
            6 => vec![version, 1, 0, 0], // EAPOL-Start
            _ => vec![version, 2, 0, 0], // EAPOL-Logoff
        }
    }

    fn eap_reply(&mut self, sta: MacAddr, version: u8, input: &mut Bytes<'_>) -> Vec<u8> {
        let (id, kind) = self
            .supplicants
            .get(&sta)
            .and_then(|s| s.last_eap_request)
            .unwrap_or((input.u8(), 1));
        let id = if input.chance(240) { id } else { input.u8() };
        let (eap_type, data) = match kind {
            1 => (1, b"alice@example.org".to_vec()),
            _ if input.chance(40) => (3, vec![25]), // Nak, ask for PEAP
            t => (t, input.bytes(40)),
        };
        let eap_len = 5 + data.len() as u16;
        let mut frame = vec![version, 0];
        frame.extend_from_slice(&eap_len.to_be_bytes());
        frame.extend_from_slice(&[2, id]);
        frame.extend_from_slice(&eap_len.to_be_bytes());
        frame.push(eap_type);
        frame.extend_from_slice(&data);
        frame
    }

    /// Message 2, 4 or group message 2 for the last EAPOL-Key frame the AP
    /// sent this station, under the right PTK unless spoiled.
    fn key_reply(&mut self, sta: MacAddr, input: &mut Bytes<'_>) -> Option<Vec<u8>> {
        let spoil = input.u8();
        let pmk = if spoil == 255 {
            Pmk::from_slice(&[0xee; 32]).ok()?
        } else {
            self.pmk.clone()?
        };
        let s = self.supplicants.get_mut(&sta)?;
        let akm = s.akm?;
        let last = s.last_key.clone()?;
        let mic_alg = akm.mic_algorithm()?;
        let mic_len = mic_alg.mic_len();
        let key = EapolKeyRepr::parse_frame(&last, mic_len).ok()?;
        let version = KeyDescriptorVersion::from(u8::from(akm.key_descriptor_version()?));
        let info = key.key_info;
        let replay_counter = match spoil {
            250 => key.replay_counter.wrapping_add(1),
            251 => key.replay_counter.wrapping_sub(1),
            _ => key.replay_counter,
        };
        let (bits, nonce, data) = if info.is_pairwise() && !info.key_mic() {
            // Message 1: derive the PTK with a fresh SNonce.
            s.snonce[0] = s.snonce[0].wrapping_add(1);
            let ptk = derive_ptk(
                &pmk,
                akm,
                CipherSuite::Ccmp128,
                &BSSID,
                &sta,
                &key.key_nonce,
                &s.snonce,
            )
            .ok()?;
            s.ptk = Some(ptk);
            let rsne = if spoil == 252 {
                Vec::new()
            } else {
                s.rsne.clone()
            };
            (KeyInfo::KEY_TYPE | KeyInfo::KEY_MIC, s.snonce, rsne)
        } else if info.is_pairwise() {
            (
                KeyInfo::KEY_TYPE | KeyInfo::KEY_MIC | KeyInfo::SECURE,
                [0; 32],
                Vec::new(),
            )
        } else {
            (KeyInfo::KEY_MIC | KeyInfo::SECURE, [0; 32], Vec::new())
        };
        let repr = EapolKeyRepr {
            replay_counter,
            key_nonce: nonce,
            key_data: &data,
            ..EapolKeyRepr::new(
                KeyDescriptorType::Rsn,
                bits.with_descriptor_version(version),
            )
        };
        let mut frame = repr.to_frame(ProtocolVersion::V2004, mic_len).ok()?;
        let ptk = s.ptk.as_ref()?;
        write_eapol_key_mic(ptk.kck(), mic_alg, &mut frame, MIC_OFFSET).ok()?;
        if spoil == 253 {
            // A broken MIC.
            if let Some(b) = frame.get_mut(MIC_OFFSET) {
                *b ^= 1;
            }
        }
        Some(frame)
    }

    /// The fake RADIUS server answers a pending request (or a stale id).
    fn radius_reply(&mut self, input: &mut Bytes<'_>) {
        let target = if !self.pending_radius.is_empty() && input.u8() < 230 {
            let i = usize::from(input.u8()) % self.pending_radius.len();
            self.pending_radius.iter().nth(i).copied()
        } else {
            Some((
                self.pick_station(input),
                RadiusRequestId(u64::from(input.u8())),
            ))
        };
        let Some((sta, id)) = target else {
            return;
        };
        self.pending_radius.remove(&(sta, id));
        let eap_id = self
            .supplicants
            .get(&sta)
            .and_then(|s| s.last_eap_request)
            .map_or(0, |(id, _)| id.wrapping_add(1));
        let kind = input.u8();
        let small_timeout = |input: &mut Bytes<'_>| match input.u8() {
            0..=199 => None,
            n => Some(u32::from(n % 8)),
        };
        let reply = match kind % 8 {
            0..=2 => {
                let eap_type = match input.u8() % 4 {
                    0 => 4,  // MD5-Challenge
                    1 => 25, // PEAP
                    2 => 13, // TLS
                    _ => input.u8(),
                };
                let mut data = input.bytes(24);
                if input.chance(10) {
                    data.clear();
                }
                let len = 5 + data.len() as u16;
                let mut eap = vec![1, eap_id];
                eap.extend_from_slice(&len.to_be_bytes());
                eap.push(eap_type);
                eap.extend_from_slice(&data);
                if input.chance(10) {
                    eap = input.bytes(12);
                }
                Reply::Challenge(AccessChallenge {
                    eap_message: Some(eap),
                    state: Some(input.bytes(8)),
                    session_timeout: small_timeout(input),
                    reply_messages: vec![],
                })
            }
            3..=5 => Reply::Accept(Ok(Box::new(AccessAccept {
                msk: input.chance(240).then(|| Msk::new(MSK.to_vec())),
                session_timeout: match input.u8() {
                    0..=219 => None,
                    n => Some(u32::from(n % 16) * 10),
                },
                idle_timeout: None,
                termination_action: None,
                class: vec![b"class-1".to_vec()],
                chargeable_user_identity: input.bool().then(|| b"cui".to_vec()),
                vlan: None,
                eap_message: Some(vec![3, eap_id.wrapping_sub(1), 0, 4]),
                acct_interim_interval: match input.u8() {
                    0..=199 => None,
                    n => Some(u32::from(n % 4) * 30),
                },
                user_name: input.bool().then(|| b"alice".to_vec()),
                reply_messages: vec![],
            }))),
            6 => Reply::Reject(AccessReject {
                eap_message: Some(vec![4, eap_id.wrapping_sub(1), 0, 4]),
                reply_messages: vec![],
            }),
            _ => Reply::AccountingResponse,
        };
        let out = self.bss.handle_radius(self.now, sta, id, reply);
        self.absorb(out);
    }

    /// Plays the world's side of the outputs: the kernel's table, the
    /// RADIUS client, the stations' view of what the AP sent.
    fn absorb(&mut self, out: Vec<Output>) {
        for o in out {
            if self.trace {
                eprintln!("    {}", brief(&o));
            }
            match o {
                Output::SendFrame { frame, .. } => {
                    let Ok(parsed) = ManagementFrame::parse(&frame) else {
                        continue;
                    };
                    if let Body::Action(a) = parsed.body {
                        if a.category == ActionCategory::SaQuery {
                            if let [0, t0, t1, ..] = a.body {
                                self.supplicants
                                    .entry(parsed.header.da)
                                    .or_default()
                                    .sa_query_ids
                                    .push([*t0, *t1]);
                            }
                        }
                    }
                }
                Output::SendTracked { purpose, .. } => self.tracked.push(purpose),
                Output::SendEapol { sta, frame, .. } => {
                    let s = self.supplicants.entry(sta).or_default();
                    match frame.get(1) {
                        Some(3) => s.last_key = Some(frame),
                        Some(0) => {
                            // EAP-Request: code 1, identifier, length, type.
                            if let (Some(1), Some(id), Some(t)) =
                                (frame.get(4), frame.get(5), frame.get(8))
                            {
                                s.last_eap_request = Some((*id, *t));
                            }
                        }
                        _ => {}
                    }
                }
                Output::AddStation(new) => {
                    // A second add without a removal fails in the kernel
                    // (EEXIST): record it as an AID of 0 for check().
                    let aid = if self.kernel.contains_key(&new.sta) {
                        0
                    } else {
                        new.aid
                    };
                    self.kernel.insert(new.sta, aid);
                }
                Output::RemoveStation(sta) => {
                    self.kernel.remove(&sta);
                }
                Output::Authorize {
                    authorized: true, ..
                } => self.authorizations += 1,
                Output::Radius { sta, id, .. } => {
                    self.radius_requests += 1;
                    if !self.pending_radius.insert((sta, id)) {
                        // Same id twice: make it visible to check() as a duplicate.
                        self.pending_radius.insert((sta, RadiusRequestId(u64::MAX)));
                    }
                }
                Output::CancelRadius { sta, id } => {
                    self.pending_radius.remove(&(sta, id));
                }
                _ => {}
            }
        }
    }

    /// The invariants.
    pub fn check(&self) -> Result<(), String> {
        let table = self.bss.station_table();
        let stations = table.len();
        if stations > MAX_STATIONS {
            return Err(format!("{stations} stations > max_stations {MAX_STATIONS}"));
        }
        let with_aid = table.associated_count();
        if with_aid > MAX_STATIONS {
            return Err(format!("{with_aid} stations hold an AID > {MAX_STATIONS}"));
        }
        let counted_aids = self.bss.stations().filter(|s| s.aid.is_some()).count();
        if counted_aids != with_aid {
            return Err(format!(
                "{counted_aids} stations have an AID but the table counts {with_aid} in use"
            ));
        }
        // Every station's timers are indexed as they stand (a missing or
        // stale entry would fire late or never), stale entries bounded.
        table.check_index()?;
        let earliest = self.bss.stations().filter_map(|s| s.next_deadline()).min();
        if table.next_deadline() != earliest {
            return Err(format!(
                "the index's next deadline {:?} is not the stations' earliest {:?}",
                table.next_deadline().map(|t| t - self.started),
                earliest.map(|t| t - self.started)
            ));
        }
        // Each station has at most one Access-Request pending, and a
        // station that left had its request cancelled.
        let mut per_station: BTreeMap<MacAddr, usize> = BTreeMap::new();
        for (sta, id) in &self.pending_radius {
            if !self.bss.station_table().contains(sta) {
                return Err(format!(
                    "Access-Request {id:?} of {sta} pending, but the station is gone (never cancelled)"
                ));
            }
            *per_station.entry(*sta).or_default() += 1;
        }
        if let Some((sta, n)) = per_station.iter().find(|(_, n)| **n > 1) {
            return Err(format!("{n} Access-Requests pending for {sta}"));
        }
        if self.pending_radius.len() > stations {
            return Err(format!(
                "{} Access-Requests pending for {stations} stations",
                self.pending_radius.len()
            ));
        }
        // What the kernel holds, the table knows, with the same AID.
        for (sta, aid) in &self.kernel {
            if *aid == 0 {
                return Err(format!("AddStation for {sta}, already in the kernel"));
            }
            match self.bss.station(*sta) {
                Some(s) if s.aid == Some(*aid) => {}
                Some(s) => {
                    return Err(format!(
                        "{sta} is in the kernel with AID {aid}, in the table with {:?} ({:?})",
                        s.aid, s.state
                    ))
                }
                None => {
                    return Err(format!(
                        "{sta} (AID {aid}) left in the kernel, gone from the table"
                    ))
                }
            }
        }
        let aids: BTreeSet<u16> = self.kernel.values().copied().collect();
        if aids.len() != self.kernel.len() {
            return Err("two stations in the kernel share an AID".into());
        }
        if self.bss.stations().any(|s| s.mac.is_multicast()) {
            return Err("a group address in the station table".into());
        }
        Ok(())
    }
}

/// One line per output, without frame bytes.
fn brief(o: &Output) -> String {
    match o {
        Output::SendFrame { frame, .. } | Output::SendTracked { frame, .. } => {
            match ManagementFrame::parse(frame) {
                Ok(f) => format!("frame to {}: {:?}", f.header.da, f.body),
                Err(e) => format!("unparsable frame: {e}"),
            }
        }
        Output::SendEapol { sta, frame, .. } => {
            format!("EAPOL to {sta}: {:02x?}", &frame[..frame.len().min(12)])
        }
        Output::Radius { sta, id, .. } => format!("Radius {sta} {id:?}"),
        Output::Accounting { sta, .. } => format!("Accounting {sta}"),
        Output::InstallKey(k) => format!("InstallKey {:?}", k.sta),
        other => format!("{other:?}"),
    }
}

/// Unicast station `i` (locally administered).
fn station(i: u8) -> MacAddr {
    MacAddr([2, 0, 0, 0, i + 1, 0])
}

fn frame(sa: MacAddr, body: Body<'_>) -> Vec<u8> {
    ManagementFrame::new(BSSID, sa, BSSID, body).to_bytes()
}
