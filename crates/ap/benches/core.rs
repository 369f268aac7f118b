//! Events per second of the BSS core as the station table grows, so a
//! per-event cost that scales with the table shows up.
//!
//! Each iteration is a mix of what a busy AP sees: a station joins
//! (authentication, association, the association response's ACK, and on
//! WPA2-PSK the supplicant's messages 2 and 4), an existing station sends
//! an EAPOL-Key frame (a stale one, which the core drops after looking the
//! station up), the timers run, and the joining station leaves again
//! (deauthentication), so the table keeps its size. The joining stations
//! rotate through 64 addresses spread over the address space.
//!
//! Sizes: 1, 1,000 and 10,000 stations. An AP has at most 2,007
//! association IDs (IEEE 802.11-2020 9.4.1.8), so the 10,000 case is 1,900
//! associated stations plus 8,100 authenticated-but-unassociated ones (the
//! table and timer index still hold 10,000 entries); its `max_stations`
//! is raised past the configuration's 2,007 limit on the parsed config.
//!
//! Time is the benchmark thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not
//! wall time: the build machine is shared and preemption would otherwise
//! dominate the figures.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use roamd_ap::config::Config;
use roamd_ap::{Bss, Output, TxPurpose};
use roamd_eapol::{
    EapolKeyRepr, KeyDescriptorType, KeyDescriptorVersion, KeyInfo, ProtocolVersion, MIC_OFFSET,
};
use roamd_ieee80211::{
    AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo, ElementWriter,
    Elements, MacAddr, ManagementFrame, Rate, ReasonBodyRepr, ReasonCode, StatusCode,
};
use roamd_wpa::mic::write_eapol_key_mic;
use roamd_wpa::ptk::derive_ptk;
use roamd_wpa::{Akm, AkmExt, CipherSuite, Pmk, Ptk};

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const PSK: [u8; 32] = [0x42; 32];
/// CCMP, PSK, MFPC.
const RSNE: [u8; 22] = [
    48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0,
];
const CHURN: u32 = 64;
/// Most associated stations: the AIDs run out at 2,007 and the joining
/// stations need some.
const MAX_ASSOCIATED: usize = 1_900;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Security {
    Open,
    Psk,
}

/// Station `n`: its index spread over the address octets.
fn station(n: u32) -> MacAddr {
    let b = n.to_be_bytes();
    MacAddr([2, 0x10, b[0], b[1], b[2], b[3]])
}

fn churn_station(n: u32) -> MacAddr {
    // Interleaved with the base stations in address order.
    let b = (n.wrapping_mul(157) % 10_000).to_be_bytes();
    MacAddr([2, 0x10, b[0], b[1], b[2], b[3] | 1]) // odd low octet
}

fn frame(sa: MacAddr, body: Body<'_>) -> Vec<u8> {
    ManagementFrame::new(BSSID, sa, BSSID, body).to_bytes()
}

struct Frames {
    auth: Vec<u8>,
    assoc: Vec<u8>,
    deauth: Vec<u8>,
}

fn frames(sta: MacAddr, security: Security) -> Frames {
    let mut elements = Vec::new();
    let mut w = ElementWriter::new(&mut elements);
    w.ssid(b"lab").expect("ssid");
    w.supported_rates(&[Rate::new(2, true), Rate::new(108, false)])
        .expect("rates");
    if security == Security::Psk {
        elements.extend_from_slice(&RSNE);
    }
    Frames {
        auth: frame(
            sta,
            Body::Authentication(AuthenticationRepr {
                algorithm: AuthAlgorithm::OpenSystem,
                transaction: 1,
                status: StatusCode::Success,
                payload: &[],
            }),
        ),
        assoc: frame(
            sta,
            Body::AssocRequest(AssocRequestRepr {
                capabilities: CapabilityInfo::ESS,
                listen_interval: 5,
                elements: Elements::new(&elements),
            }),
        ),
        deauth: frame(
            sta,
            Body::Deauthentication(ReasonBodyRepr {
                reason: ReasonCode::DeauthLeaving,
                elements: Elements::new(&[]),
            }),
        ),
    }
}

/// The last EAPOL frame the core sent.
fn eapol(out: &[Output]) -> Option<&[u8]> {
    out.iter().rev().find_map(|o| match o {
        Output::SendEapol { frame, .. } => Some(frame.as_slice()),
        _ => None,
    })
}

/// The supplicant's answer (message 2 or 4) to the AP's message 1 or 3.
fn answer(sta: MacAddr, ptk: &mut Option<Ptk>, from_ap: &[u8]) -> Vec<u8> {
    let akm = Akm::Psk;
    let key = EapolKeyRepr::parse_frame(from_ap, 16).expect("EAPOL-Key");
    let version =
        KeyDescriptorVersion::from(u8::from(akm.key_descriptor_version().expect("version")));
    let snonce = [0x11; 32];
    let (info, nonce, data): (KeyInfo, [u8; 32], &[u8]) = if !key.key_info.key_mic() {
        let pmk = Pmk::from_slice(&PSK).expect("pmk");
        *ptk = Some(
            derive_ptk(
                &pmk,
                akm,
                CipherSuite::Ccmp128,
                &BSSID,
                &sta,
                &key.key_nonce,
                &snonce,
            )
            .expect("ptk"),
        );
        (KeyInfo::KEY_TYPE | KeyInfo::KEY_MIC, snonce, &RSNE)
    } else {
        (
            KeyInfo::KEY_TYPE | KeyInfo::KEY_MIC | KeyInfo::SECURE,
            [0; 32],
            &[],
        )
    };
    let repr = EapolKeyRepr {
        replay_counter: key.replay_counter,
        key_nonce: nonce,
        key_data: data,
        ..EapolKeyRepr::new(
            KeyDescriptorType::Rsn,
            info.with_descriptor_version(version),
        )
    };
    let mut frame = repr.to_frame(ProtocolVersion::V2004, 16).expect("frame");
    let kck = ptk.as_ref().expect("ptk").kck();
    let alg = akm.mic_algorithm().expect("mic");
    write_eapol_key_mic(kck, alg, &mut frame, MIC_OFFSET).expect("mic");
    frame
}

/// A station joins: authentication, association, ACK, and the 4-way
/// handshake with the supplicant on WPA2-PSK. Returns its message 4 (a
/// stale frame once the handshake is over) and the inputs it took.
fn join(
    bss: &mut Bss,
    now: Instant,
    sta: MacAddr,
    f: &Frames,
    security: Security,
) -> (Vec<u8>, u32) {
    bss.handle_frame(now, &f.auth);
    bss.handle_frame(now, &f.assoc);
    let out = bss.handle_tx_status(now, TxPurpose::AssocResponse(sta), true);
    if security == Security::Open {
        return (vec![2, 3, 0, 0], 3);
    }
    let mut ptk = None;
    let m2 = answer(sta, &mut ptk, eapol(&out).expect("message 1"));
    let out = bss.handle_eapol(now, sta, &m2);
    let m4 = answer(sta, &mut ptk, eapol(&out).expect("message 3"));
    let out = bss.handle_eapol(now, sta, &m4);
    debug_assert!(out.iter().any(|o| matches!(
        o,
        Output::Authorize {
            authorized: true,
            ..
        }
    )));
    (m4, 5)
}

struct World {
    bss: Bss,
    now: Instant,
    security: Security,
    /// A stale EAPOL-Key frame of every base station.
    base: Vec<(MacAddr, Vec<u8>)>,
    churn: Vec<(MacAddr, Frames)>,
    i: usize,
}

impl World {
    fn new(security: Security, stations: usize) -> World {
        let extra = match security {
            Security::Open => "",
            Security::Psk => {
                "security = \"wpa2-psk\"\npsk = \"4242424242424242424242424242424242424242424242424242424242424242\"\npmf = \"optional\"\n"
            }
        };
        let text = format!(
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n{extra}"
        );
        let c = Config::parse(Path::new("bench.toml"), &text).expect("config");
        let mut config = c.radios[0].bss[0].clone();
        config.max_stations = u16::try_from(stations + CHURN as usize + 16).unwrap_or(u16::MAX);
        let now = Instant::now();
        let mut bss = Bss::new(config, &c.radios[0], BSSID, now, [7; 32]).expect("bss");
        let mut base = Vec::with_capacity(stations);
        for n in 0..stations as u32 {
            let sta = station(n * 2);
            let f = frames(sta, security);
            if base.len() < MAX_ASSOCIATED {
                let (stale, _) = join(&mut bss, now, sta, &f, security);
                base.push((sta, stale));
            } else {
                bss.handle_frame(now, &f.auth);
            }
        }
        assert_eq!(bss.station_table().len(), stations);
        let churn = (0..CHURN)
            .map(|n| {
                let sta = churn_station(n);
                (sta, frames(sta, security))
            })
            .collect();
        World {
            bss,
            now,
            security,
            base,
            churn,
            i: 0,
        }
    }

    /// One iteration; returns the number of inputs it fed.
    fn step(&mut self) -> u32 {
        self.i += 1;
        // Little simulated time passes: the authenticated-only stations of
        // the largest table must not expire during the measurement.
        self.now += Duration::from_micros(10);
        let now = self.now;
        let (sta, f) = &self.churn[self.i % self.churn.len()];
        let (_, mut events) = join(&mut self.bss, now, *sta, f, self.security);
        let (old, stale) = &self.base[self.i % self.base.len()];
        self.bss.handle_eapol(now, *old, stale);
        if self.bss.poll_timeout().is_some_and(|t| t <= now) {
            self.bss.handle_timeout(now);
        }
        self.bss.handle_frame(now, &f.deauth);
        events += 3;
        events
    }
}

/// CPU time of the calling thread, in nanoseconds.
struct CpuTime;

fn thread_cpu_ns() -> Option<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

static WALL: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = (Option<u64>, Instant);
    type Value = f64;

    fn start(&self) -> Self::Intermediate {
        (thread_cpu_ns(), Instant::now())
    }

    fn end(&self, (cpu, wall): Self::Intermediate) -> f64 {
        match (cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => b.saturating_sub(a) as f64,
            _ => wall.elapsed().as_nanos() as f64,
        }
    }

    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }

    fn zero(&self) -> f64 {
        0.0
    }

    fn to_f64(&self, value: &f64) -> f64 {
        *value
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Nanoseconds, like wall time.
        WALL.formatter()
    }
}

fn bench(c: &mut Criterion<CpuTime>) {
    for (name, security) in [("open", Security::Open), ("wpa2_psk", Security::Psk)] {
        let mut group = c.benchmark_group(format!("core_{name}"));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for stations in [1usize, 1_000, 10_000] {
            let mut world = World::new(security, stations);
            let events = world.step();
            group.throughput(Throughput::Elements(u64::from(events)));
            group.bench_with_input(BenchmarkId::from_parameter(stations), &stations, |b, _| {
                b.iter(|| world.step())
            });
            assert_eq!(world.bss.station_table().len(), stations);
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
