//! Random sequences of frames, EAPOL, TX status, RADIUS outcomes, station
//! information, time and control commands against the three BSS flavours,
//! with the core's invariants checked after every operation (see
//! `support/harness.rs`; the cargo-fuzz target `fuzz/` runs the same
//! harness on the fuzzer's bytes). Seeded, so a failure replays exactly.

#[path = "support/harness.rs"]
mod harness;

use harness::{Bytes, Flavour, Harness, MAX_STATIONS};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEQUENCES: u64 = 2_000;

fn random_input(seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let len = rng.gen_range(0..1200);
    let mut data = vec![0u8; len];
    rng.fill(&mut data[..]);
    // The flavour byte: round-robin so each flavour gets a third.
    if let Some(first) = data.first_mut() {
        *first = (seed % 3) as u8;
    }
    data
}

#[test]
fn random_sequences_keep_the_invariants() {
    let mut operations = 0;
    let mut full_tables = 0;
    for seed in 0..SEQUENCES {
        let data = random_input(seed);
        match Harness::run(&data) {
            Ok(h) => {
                operations += h.operations;
                if h.most_stations == MAX_STATIONS {
                    full_tables += 1;
                }
            }
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    eprintln!("{operations} operations, {full_tables} sequences filled the table");
    assert!(
        operations > 10 * SEQUENCES as usize,
        "{operations} operations"
    );
    // The sequences must reach the station cap, or the bounds go untested.
    assert!(
        full_tables > SEQUENCES / 20,
        "only {full_tables} sequences filled the table of {MAX_STATIONS}"
    );
}

/// Deep paths are reached: authorized stations in every flavour, RADIUS
/// round trips, evictions.
#[test]
fn sequences_reach_authorized_stations() {
    for flavour in Flavour::ALL {
        let mut authorized = 0;
        let mut radius = 0;
        for seed in 0..300u64 {
            let mut data = random_input(seed * 3 + flavour as u64);
            if data.is_empty() {
                continue;
            }
            data[0] = flavour as u8;
            let mut h = Harness::new(flavour);
            let mut input = Bytes::new(&data[1..]);
            while !input.is_empty() {
                h.step(&mut input).unwrap_or_else(|e| panic!("{e}"));
            }
            authorized += h.authorizations;
            radius += h.radius_requests;
        }
        eprintln!("{flavour:?}: {authorized} ports opened, {radius} Access-Requests");
        assert!(authorized > 0, "{flavour:?}: no port ever opened");
        if flavour == Flavour::Eap {
            assert!(radius > 0, "no Access-Request ever sent");
        }
    }
}

/// Replays one seed, or a fuzzer artifact, with a trace:
/// `SEED=n HARNESS_TRACE=1 cargo test -p roamd-ap --test sequences replay
/// -- --ignored --nocapture` (or `REPLAY_FILE=fuzz/artifacts/...`).
#[test]
#[ignore]
fn replay() {
    let data = match std::env::var_os("REPLAY_FILE") {
        Some(path) => std::fs::read(&path).expect("REPLAY_FILE"),
        None => {
            let seed = std::env::var("SEED").ok().and_then(|s| s.parse().ok());
            random_input(seed.unwrap_or(0))
        }
    };
    if let Err(e) = Harness::run(&data) {
        panic!("{e}");
    }
}

/// Found by the sequences (fuzzer artifact minimised to: authentication,
/// association, EAPOL before the TX status, TX status, EAPOL): a WPA2-EAP
/// station that sends EAPOL before the TX status of its association
/// response got an 802.1X authenticator early (the path meant for an
/// EAPOL-Start after a cached PMKSA); the acknowledgement then replaced it
/// with a fresh one without cancelling its Access-Request, which stayed
/// pending in the RADIUS client forever, under the same (station, id)
/// token the new authenticator's first request reuses.
#[test]
fn eapol_before_the_association_ack_leaves_no_access_request_behind() {
    use roamd_ap::{Output, TxPurpose};
    use roamd_ieee80211::{
        AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo, ElementWriter,
        Elements, MacAddr, ManagementFrame, Rate, StatusCode,
    };
    use std::collections::BTreeSet;
    use std::time::Instant;

    let sta = MacAddr([2, 0, 0, 0, 2, 0]);
    let now = Instant::now();
    let mut bss = Flavour::Eap.new_bss(now);
    let mut elements = Vec::new();
    let mut w = ElementWriter::new(&mut elements);
    w.ssid(b"lab").expect("ssid");
    w.supported_rates(&[Rate::new(2, true), Rate::new(108, false)])
        .expect("rates");
    // RSNE: CCMP, 802.1X.
    elements.extend_from_slice(&[
        48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 1, 0, 0,
    ]);
    let frame = |body| ManagementFrame::new(harness::BSSID, sta, harness::BSSID, body).to_bytes();
    let auth = frame(Body::Authentication(AuthenticationRepr {
        algorithm: AuthAlgorithm::OpenSystem,
        transaction: 1,
        status: StatusCode::Success,
        payload: &[],
    }));
    let assoc = frame(Body::AssocRequest(AssocRequestRepr {
        capabilities: CapabilityInfo::ESS,
        listen_interval: 5,
        elements: Elements::new(&elements),
    }));
    // The RADIUS client's view: requests sent and not cancelled.
    let mut pending = BTreeSet::new();
    let mut last_request_id = 0;
    let mut run = |out: Vec<Output>| {
        for o in out {
            match o {
                Output::Radius { sta, id, .. } => {
                    assert!(pending.insert((sta, id)), "{id:?} reused while pending")
                }
                Output::CancelRadius { sta, id } => {
                    pending.remove(&(sta, id));
                }
                Output::SendEapol { frame, .. } if frame.get(4) == Some(&1) => {
                    last_request_id = frame[5];
                }
                _ => {}
            }
        }
        (pending.len(), last_request_id)
    };
    let identity = |id: u8| {
        let mut f = vec![2, 0, 0, 10, 2, id, 0, 10, 1];
        f.extend_from_slice(b"alice");
        f
    };
    run(bss.handle_frame(now, &auth));
    run(bss.handle_frame(now, &assoc));
    // Before the association response's TX status, the station starts EAP.
    let (_, id) = run(bss.handle_eapol(now, sta, &[2, 1, 0, 0]));
    run(bss.handle_eapol(now, sta, &identity(id)));
    let (_, id) = run(bss.handle_tx_status(now, TxPurpose::AssocResponse(sta), true));
    let (pending, _) = run(bss.handle_eapol(now, sta, &identity(id)));
    assert!(
        pending <= 1,
        "{pending} Access-Requests pending for one station"
    );
}
