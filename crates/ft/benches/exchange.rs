//! Key-holder CPU cost per FT roam, both sides in process: the R1KH's pull
//! request (PMKR1Name, AES-SIV seal), the R0KH's handling (AES-SIV open,
//! sequence check, PMK-R1 and PMKR1Name derivation, AES-SIV seal of the
//! response) and the R1KH's handling of the response (open, sequence check,
//! cache insert, event). Sequence numbers are already known, as on every
//! roam but the first between two APs; `first_contact` measures that one
//! (with the SEQ_REQ/SEQ_RESP exchanges in both directions).

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rand::rngs::StdRng;
use rand::SeedableRng;
use roamd_ft::config::{parse_r0kh, parse_r1kh};
use roamd_ft::{Event, KeyHolder, KeyHolderConfig, PmkR0Params, PmkR1Lookup, PmkR1Request};
use roamd_ieee80211::MacAddr;
use roamd_wpa::{Akm, PmkR0, PmkR0Name};

const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
const R0KH_ID: &[u8] = b"ap0.example.net";

struct Pair {
    r0kh: KeyHolder,
    r1kh: KeyHolder,
    rng: StdRng,
    now: Instant,
}

impl Pair {
    fn new() -> Pair {
        let now = Instant::now();
        let mut c0 = KeyHolderConfig::new(AP0, R0KH_ID);
        c0.r1kh
            .push(parse_r1kh(&format!("{AP1} {AP1} {KEY}")).unwrap());
        let mut c1 = KeyHolderConfig::new(AP1, b"ap1.example.net");
        c1.r0kh
            .push(parse_r0kh(&format!("{AP0} ap0.example.net {KEY}")).unwrap());
        let mut r0kh = KeyHolder::new(c0, now);
        r0kh.store_pmk_r0(
            now,
            PmkR0Params {
                sta: STA,
                pmk_r0: PmkR0::from_slice(&[7; 32]).unwrap(),
                pmk_r0_name: PmkR0Name([0x4d; 16]),
                pairwise: 0x10,
                session_timeout: None,
                identity: Vec::new(),
                radius_cui: Vec::new(),
                vlan: Default::default(),
            },
        );
        Pair {
            r0kh,
            r1kh: KeyHolder::new(c1, now),
            rng: StdRng::seed_from_u64(1),
            now,
        }
    }

    /// One roam: request, frames both ways, the PMK-R1 delivered.
    fn roam(&mut self) -> usize {
        let req = PmkR1Request {
            sta: STA,
            akm: Akm::FtPsk,
            r0kh_id: R0KH_ID,
            pmk_r0_name: PmkR0Name([0x4d; 16]),
        };
        let pending = self.r1kh.request_pmk_r1(self.now, &mut self.rng, &req);
        debug_assert_eq!(pending, PmkR1Lookup::Pending);
        let mut frames = 0;
        loop {
            let mut moved = false;
            while let Some(t) = self.r1kh.poll_transmit() {
                self.r0kh
                    .handle_oui_frame(self.now, &mut self.rng, AP1, t.dst, &t.payload);
                frames += 1;
                moved = true;
            }
            while let Some(t) = self.r0kh.poll_transmit() {
                self.r1kh
                    .handle_oui_frame(self.now, &mut self.rng, AP0, t.dst, &t.payload);
                frames += 1;
                moved = true;
            }
            if !moved {
                break;
            }
        }
        let Some(Event::PmkR1Available { entry, .. }) = self.r1kh.poll_event() else {
            panic!("no PMK-R1 delivered")
        };
        // The next roam must pull again.
        self.r1kh.forget_station(entry.sta);
        frames
    }
}

fn bench(c: &mut Criterion) {
    let mut pair = Pair::new();
    assert_eq!(pair.roam(), 6); // first contact: sequence exchanges included
    assert_eq!(pair.roam(), 2); // then: PULL and RESP
    c.bench_function("ft_pull_roam_both_sides", |b| {
        b.iter(|| black_box(pair.roam()))
    });
    c.bench_function("ft_pull_first_contact_both_sides", |b| {
        b.iter(|| {
            let mut fresh = Pair::new();
            black_box(fresh.roam())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
