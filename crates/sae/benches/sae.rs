//! AP-side SAE cost: a station's Commit (password element, own commit, k, keys) and its
//! Confirm, per group and PWE method; and the H2E PT derivation done once per password
//! and group at start. The AP's randomness is reseeded each round so its commit, and the
//! station's confirm computed once outside the loop, stay valid.

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rand::rngs::StdRng;
use rand::SeedableRng;
use roamd_ieee80211::MacAddr;
use roamd_sae::vectors::{self, Station, StationParams};
use roamd_sae::{CommitBudget, Group, PweMode, SaeConfig, SaeOutcome, SaePassword, SaeTable};

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 1]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 1, 1]);
const SSID: &[u8] = b"roam-sae";
const PASSWORD: &[u8] = b"correct horse battery";

struct Setup {
    table: SaeTable,
    commit: Vec<u8>,
    confirm: Vec<u8>,
    status: u16,
}

fn setup(group: Group, h2e: bool) -> Setup {
    let mut rng = StdRng::seed_from_u64(1);
    let config = SaeConfig {
        ssid: SSID.to_vec(),
        groups: vec![group],
        pwe: PweMode::Both,
        anti_clogging_threshold: usize::MAX,
        budget: CommitBudget {
            per_second: 0,
            burst: 0,
        },
        passwords: vec![SaePassword::new(PASSWORD)],
        ..SaeConfig::default()
    };
    let mut table = SaeTable::new(config, &mut rng).unwrap();
    let params = StationParams {
        group: group.number(),
        h2e,
        ssid: SSID,
        password: PASSWORD,
        identifier: None,
        rejected_groups: &[],
        own: STA.0,
        peer: BSSID.0,
    };
    let mut station = Station::new(&params, &mut rng).unwrap();
    let commit = station.commit_body(None);
    let status = if h2e { 126 } else { 0 };
    let SaeOutcome::Reply { body, .. } = table.handle_auth(
        Instant::now(),
        BSSID,
        STA,
        1,
        status,
        &commit,
        &mut StdRng::seed_from_u64(7),
    ) else {
        panic!("no commit reply");
    };
    let plen = group.prime_len();
    station
        .process_peer(&body[2..2 + plen], &body[2 + plen..2 + 3 * plen])
        .unwrap();
    table.remove(STA);
    Setup {
        table,
        commit,
        confirm: station.confirm_body(1),
        status,
    }
}

fn exchange(c: &mut Criterion) {
    let now = Instant::now();
    for &group in Group::ALL {
        for (name, h2e) in [("hnp", false), ("h2e", true)] {
            let mut s = setup(group, h2e);
            c.bench_function(&format!("ap_commit_{}_{name}", group.number()), |b| {
                b.iter(|| {
                    s.table.remove(STA);
                    let mut rng = StdRng::seed_from_u64(7);
                    black_box(
                        s.table
                            .handle_auth(now, BSSID, STA, 1, s.status, &s.commit, &mut rng),
                    )
                })
            });
            c.bench_function(
                &format!("ap_commit_and_confirm_{}_{name}", group.number()),
                |b| {
                    b.iter(|| {
                        s.table.remove(STA);
                        let mut rng = StdRng::seed_from_u64(7);
                        s.table
                            .handle_auth(now, BSSID, STA, 1, s.status, &s.commit, &mut rng);
                        let out = s
                            .table
                            .handle_auth(now, BSSID, STA, 2, 0, &s.confirm, &mut rng);
                        assert!(matches!(out, SaeOutcome::Accepted { .. }));
                        black_box(out)
                    })
                },
            );
        }
    }
}

fn pt_derivation(c: &mut Criterion) {
    for &group in Group::ALL {
        c.bench_function(&format!("pt_{}", group.number()), |b| {
            b.iter(|| black_box(vectors::pt(group.number(), SSID, PASSWORD, None)))
        });
    }
}

criterion_group!(benches, exchange, pt_derivation);
criterion_main!(benches);
