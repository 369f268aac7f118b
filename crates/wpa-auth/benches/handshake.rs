//! One authenticator-side 4-way handshake in process with the test
//! supplicant (PBKDF2 excluded: the PMK is given). Measures both sides:
//! the authenticator's message 1, PTK derivation, MIC checks, key wrap and
//! message 3, plus the supplicant's share (one more PTK derivation, MICs,
//! key unwrap).

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use roamd_wpa::Akm;
use roamd_wpa_auth::Action;

use common::{Pair, Setup};

fn run(setup: &Setup) -> usize {
    let mut pair = Pair::new(setup.clone());
    let actions = pair.handshake();
    debug_assert!(actions.contains(&Action::Authorize));
    actions.len()
}

fn first_frame(actions: &[Action]) -> Vec<u8> {
    match actions.first() {
        Some(Action::SendEapol(f)) => f.clone(),
        other => panic!("{other:?}"),
    }
}

fn bench(c: &mut Criterion) {
    let psk = Setup::default();
    assert_eq!(run(&psk), 5);
    c.bench_function("4way_psk_ccmp_pmf_both_sides", |b| {
        b.iter(|| run(black_box(&psk)))
    });
    let sha256 = Setup {
        akm: Akm::PskSha256,
        ..Setup::default()
    };
    c.bench_function("4way_psk_sha256_ccmp_pmf_both_sides", |b| {
        b.iter(|| run(black_box(&sha256)))
    });
    // The authenticator alone: the supplicant's messages 2 and 4 are
    // recorded once (same seed, so same ANonce/SNonce) and replayed into
    // fresh state machines.
    let (m2, m4) = {
        let mut pair = Pair::new(psk.clone());
        let m1 = first_frame(&pair.start());
        let (_, m2) = pair.sta.receive(&m1).unwrap();
        let m3 = first_frame(&pair.deliver(&m2));
        let (_, m4) = pair.sta.receive(&m3).unwrap();
        (m2, m4)
    };
    c.bench_function("4way_psk_ccmp_pmf_authenticator_only", |b| {
        b.iter(|| {
            let mut pair = Pair::new(psk.clone());
            pair.start();
            pair.deliver(black_box(&m2));
            let done = pair.deliver(black_box(&m4));
            assert_eq!(done.len(), 3);
        })
    });
    // The state machine's own work per station, as the daemon spends it:
    // start (message 1), message 2 (PTK, MIC, message 3), message 4. The
    // test harness (group keys, supplicant, state machine construction,
    // the action log) is built and dropped outside the timing.
    c.bench_function("4way_psk_ccmp_pmf_state_machine_only", |b| {
        b.iter_batched(
            || Pair::new(psk.clone()),
            |mut pair| {
                let now = pair.now;
                pair.ap.start(now, &mut pair.rng, &pair.gk);
                pair.ap.handle_eapol_key(now, black_box(&m2), &pair.gk);
                let done = pair.ap.handle_eapol_key(now, black_box(&m4), &pair.gk);
                assert_eq!(done.len(), 3);
                pair
            },
            BatchSize::SmallInput,
        )
    });
    // The setup alone (group keys, state machine, supplicant), to subtract.
    c.bench_function("pair_setup_only", |b| {
        b.iter(|| Pair::new(black_box(psk.clone())).ap.counters().frames_sent)
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
