//! Full exchanges, AP side ([`SaeTable`]) against a station built from the same primitives
//! (`roamd_sae::vectors::Station`), and every bound of the table hit once.

use std::time::{Duration, Instant};

use rand::rngs::OsRng;
use roamd_ieee80211::MacAddr;
use roamd_sae::vectors::{Station, StationParams};
use roamd_sae::{
    CommitBudget, Group, PweMode, SaeConfig, SaeOutcome, SaePassword, SaeState, SaeTable,
};

const BSSID: [u8; 6] = [0x02, 0, 0, 0, 0, 0x01];
const SSID: &[u8] = b"roam-sae";
const PASSWORD: &[u8] = b"correct horse battery";

fn sta(n: u8) -> [u8; 6] {
    [0x02, 0, 0, 0, 1, n]
}

fn password(secret: &[u8], id: Option<&[u8]>) -> SaePassword {
    SaePassword {
        identifier: id.map(<[u8]>::to_vec),
        ..SaePassword::new(secret)
    }
}

/// Group 19, hunting-and-pecking, [`PASSWORD`], the defaults otherwise.
fn p256_config() -> SaeConfig {
    config(
        &[Group::P256],
        PweMode::HuntingAndPecking,
        vec![password(PASSWORD, None)],
    )
}

/// A table of [`p256_config`].
fn p256_table() -> SaeTable {
    SaeTable::new(p256_config(), &mut OsRng).unwrap()
}

fn config(groups: &[Group], pwe: PweMode, passwords: Vec<SaePassword>) -> SaeConfig {
    SaeConfig {
        ssid: SSID.to_vec(),
        groups: groups.to_vec(),
        pwe,
        budget: CommitBudget {
            per_second: 0,
            burst: 0,
        },
        passwords,
        ..SaeConfig::default()
    }
}

fn station(group: u16, h2e: bool, pw: &[u8], id: Option<&[u8]>, own: [u8; 6]) -> Station {
    station_rejecting(group, h2e, pw, id, own, &[])
}

fn station_rejecting(
    group: u16,
    h2e: bool,
    pw: &[u8],
    id: Option<&[u8]>,
    own: [u8; 6],
    rejected: &[u16],
) -> Station {
    let params = StationParams {
        group,
        h2e,
        ssid: SSID,
        password: pw,
        identifier: id,
        rejected_groups: rejected,
        own,
        peer: BSSID,
    };
    Station::new(&params, &mut OsRng).unwrap()
}

fn commit_status(h2e: bool) -> u16 {
    if h2e {
        126
    } else {
        0
    }
}

fn send(
    table: &mut SaeTable,
    now: Instant,
    from: [u8; 6],
    tr: u16,
    status: u16,
    body: &[u8],
) -> SaeOutcome {
    table.handle_auth(
        now,
        MacAddr(BSSID),
        MacAddr(from),
        tr,
        status,
        body,
        &mut OsRng,
    )
}

/// The AP's commit reply: its status and body.
fn expect_reply(out: SaeOutcome) -> (u16, u16, Vec<u8>) {
    match out {
        SaeOutcome::Reply {
            transaction,
            status,
            body,
        } => (transaction, status, body),
        other => panic!("expected a reply, got {other:?}"),
    }
}

/// Commit and confirm; returns the table's Accepted outcome after checking both sides agree.
fn exchange(table: &mut SaeTable, now: Instant, st: &mut Station, from: [u8; 6], h2e: bool) {
    let (tr, status, ap_commit) = expect_reply(send(
        table,
        now,
        from,
        1,
        commit_status(h2e),
        &st.commit_body(None),
    ));
    assert_eq!((tr, status), (1, commit_status(h2e)));
    let group = Group::from_number(u16::from_le_bytes([ap_commit[0], ap_commit[1]])).unwrap();
    let plen = group.prime_len();
    let (scalar, rest) = ap_commit[2..].split_at(plen);
    st.process_peer(scalar, &rest[..2 * plen]).unwrap();
    assert_eq!(table.state(MacAddr(from)), SaeState::Committed);
    match send(table, now, from, 2, 0, &st.confirm_body(1)) {
        SaeOutcome::Accepted {
            reply_body,
            pmk,
            pmkid,
            group,
            h2e: got_h2e,
            ..
        } => {
            assert!(
                st.verify_confirm(&reply_body),
                "AP confirm verifies at the station"
            );
            let (_, st_pmk, st_pmkid) = st.keys().unwrap();
            assert_eq!(pmk.as_bytes(), &st_pmk[..]);
            assert_eq!(pmkid.0, st_pmkid);
            assert_eq!(
                u16::from_le_bytes([ap_commit[0], ap_commit[1]]),
                group.number()
            );
            assert_eq!(got_h2e, h2e);
        }
        other => panic!("expected Accepted, got {other:?}"),
    }
    assert_eq!(table.state(MacAddr(from)), SaeState::Accepted);
}

#[test]
fn full_exchange_every_group_and_pwe_mode() {
    let now = Instant::now();
    for &group in Group::ALL {
        for (mode, h2e) in [
            (PweMode::HuntingAndPecking, false),
            (PweMode::HashToElement, true),
            (PweMode::Both, false),
            (PweMode::Both, true),
        ] {
            let mut table = SaeTable::new(
                config(Group::ALL, mode, vec![password(PASSWORD, None)]),
                &mut OsRng,
            )
            .unwrap();
            let mut st = station(group.number(), h2e, PASSWORD, None, sta(1));
            exchange(&mut table, now, &mut st, sta(1), h2e);
            assert_eq!(table.counters().accepted, 1);
        }
    }
}

#[test]
fn full_exchange_with_password_identifiers() {
    let now = Instant::now();
    for &group in Group::ALL {
        let passwords = vec![
            password(b"for everyone", None),
            password(PASSWORD, Some(b"psk4internet")),
        ];
        let mut table = SaeTable::new(
            config(Group::ALL, PweMode::HuntingAndPecking, passwords),
            &mut OsRng,
        )
        .unwrap();
        // An identifier widens sae_pwe=0 to both, as hostapd.
        assert_eq!(table.config().pwe, PweMode::Both);
        let mut st = station(
            group.number(),
            true,
            PASSWORD,
            Some(b"psk4internet"),
            sta(1),
        );
        exchange(&mut table, now, &mut st, sta(1), true);
        let mut plain = station(group.number(), false, b"for everyone", None, sta(2));
        exchange(&mut table, now, &mut plain, sta(2), false);
        // The AP's commit names the identifier back.
        let st3 = station(
            group.number(),
            true,
            PASSWORD,
            Some(b"psk4internet"),
            sta(3),
        );
        let (_, _, body) = expect_reply(send(
            &mut table,
            now,
            sta(3),
            1,
            126,
            &st3.commit_body(None),
        ));
        assert!(body.ends_with(b"psk4internet"));
    }
}

#[test]
fn unknown_identifier_gets_123_and_identifier_without_h2e_too() {
    let now = Instant::now();
    let passwords = vec![password(PASSWORD, Some(b"alice"))];
    let mut table =
        SaeTable::new(config(&[Group::P256], PweMode::Both, passwords), &mut OsRng).unwrap();
    let st = station(19, true, PASSWORD, Some(b"mallory"), sta(1));
    let (_, status, _) = expect_reply(send(&mut table, now, sta(1), 1, 126, &st.commit_body(None)));
    assert_eq!(status, 123);
    // Without an identifier no password fits: status 1.
    let st = station(19, true, PASSWORD, None, sta(2));
    let (_, status, _) = expect_reply(send(&mut table, now, sta(2), 1, 126, &st.commit_body(None)));
    assert_eq!(status, 1);
    assert_eq!(table.counters().unknown_password_id, 2);
    assert!(table.is_empty());
}

#[test]
fn password_bound_to_a_station() {
    let now = Instant::now();
    let bound = SaePassword {
        peer: Some(MacAddr(sta(1))),
        ..SaePassword::new(b"only for one")
    };
    let mut table = SaeTable::new(
        config(
            &[Group::P256],
            PweMode::HuntingAndPecking,
            vec![bound, password(PASSWORD, None)],
        ),
        &mut OsRng,
    )
    .unwrap();
    let mut st = station(19, false, b"only for one", None, sta(1));
    exchange(&mut table, now, &mut st, sta(1), false);
    // Another station using the bound password gets the general one: confirm mismatch.
    let mut other = station(19, false, b"only for one", None, sta(2));
    let (_, _, ap_commit) = expect_reply(send(
        &mut table,
        now,
        sta(2),
        1,
        0,
        &other.commit_body(None),
    ));
    other
        .process_peer(&ap_commit[2..34], &ap_commit[34..98])
        .unwrap();
    let (_, status, _) = expect_reply(send(&mut table, now, sta(2), 2, 0, &other.confirm_body(1)));
    assert_eq!(status, 15);
}

#[test]
fn wrong_password_is_a_confirm_mismatch() {
    let now = Instant::now();
    let mut table = SaeTable::new(
        config(
            &[Group::P256],
            PweMode::Both,
            vec![password(PASSWORD, None)],
        ),
        &mut OsRng,
    )
    .unwrap();
    for (n, h2e) in [(1, false), (2, true)] {
        let mut st = station(19, h2e, b"wrong password", None, sta(n));
        let (_, _, ap_commit) = expect_reply(send(
            &mut table,
            now,
            sta(n),
            1,
            commit_status(h2e),
            &st.commit_body(None),
        ));
        st.process_peer(&ap_commit[2..34], &ap_commit[34..98])
            .unwrap();
        let (tr, status, body) =
            expect_reply(send(&mut table, now, sta(n), 2, 0, &st.confirm_body(1)));
        assert_eq!((tr, status, body.len()), (2, 15, 0));
        assert_eq!(
            table.state(MacAddr(sta(n))),
            SaeState::Nothing,
            "instance removed"
        );
    }
    assert_eq!(table.counters().confirm_mismatch, 2);
    assert_eq!(table.counters().accepted, 0);
}

#[test]
fn reflected_commit_is_dropped() {
    let now = Instant::now();
    let mut table = p256_table();
    let st = station(19, false, PASSWORD, None, sta(1));
    let (_, _, ap_commit) =
        expect_reply(send(&mut table, now, sta(1), 1, 0, &st.commit_body(None)));
    assert!(matches!(
        send(&mut table, now, sta(1), 1, 0, &ap_commit),
        SaeOutcome::Ignore
    ));
    assert_eq!(table.counters().reflection, 1);
    assert_eq!(table.counters().commits_processed, 1);
}

const P256_ORDER: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P256_PRIME: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

#[test]
fn bad_scalars_and_elements_are_refused_before_any_ecc_work() {
    let now = Instant::now();
    let mut table = p256_table();
    let good = station(19, false, PASSWORD, None, sta(1)).commit_body(None);
    let mut bad = Vec::new();
    for scalar in [
        vec![0u8; 32],
        {
            let mut one = vec![0u8; 32];
            one[31] = 1;
            one
        },
        hex::decode(P256_ORDER).unwrap(),
        vec![0xff; 32],
    ] {
        let mut body = good.clone();
        body[2..34].copy_from_slice(&scalar);
        bad.push(body);
    }
    // Not on the curve (y + 1), the "identity" (0, 0), a coordinate equal to p.
    let mut off_curve = good.clone();
    off_curve[97] ^= 1;
    bad.push(off_curve);
    let mut zero = good.clone();
    zero[34..98].fill(0);
    bad.push(zero);
    let mut x_is_p = good.clone();
    x_is_p[34..66].copy_from_slice(&hex::decode(P256_PRIME).unwrap());
    bad.push(x_is_p);
    // Truncated.
    bad.push(good[..97].to_vec());
    for body in &bad {
        let (tr, status, _) = expect_reply(send(&mut table, now, sta(1), 1, 0, body));
        assert_eq!((tr, status), (1, 1));
    }
    assert_eq!(table.counters().bad_commit, bad.len() as u64);
    assert_eq!(table.counters().commits_processed, 0);
    assert!(table.is_empty());
}

#[test]
fn unsupported_group_and_wrong_pwe_method() {
    let now = Instant::now();
    let mut table = p256_table();
    let st = station(20, false, PASSWORD, None, sta(1));
    let (_, status, body) =
        expect_reply(send(&mut table, now, sta(1), 1, 0, &st.commit_body(None)));
    assert_eq!((status, body), (77, vec![20, 0]));
    assert_eq!(table.counters().unsupported_group, 1);
    // H2E commit to an H&P-only AP, and SAE-PK: status 1.
    let st = station(19, true, PASSWORD, None, sta(1));
    for status in [126, 127] {
        let (_, got, _) = expect_reply(send(
            &mut table,
            now,
            sta(1),
            1,
            status,
            &st.commit_body(None),
        ));
        assert_eq!(got, 1);
    }
    // H&P to an H2E-only AP.
    let mut h2e_only = SaeTable::new(
        config(
            &[Group::P256],
            PweMode::HashToElement,
            vec![password(PASSWORD, None)],
        ),
        &mut OsRng,
    )
    .unwrap();
    let st = station(19, false, PASSWORD, None, sta(1));
    let (_, got, _) = expect_reply(send(
        &mut h2e_only,
        now,
        sta(1),
        1,
        0,
        &st.commit_body(None),
    ));
    assert_eq!(got, 1);
    // Unknown transaction; confirm before commit.
    let (_, got, _) = expect_reply(send(&mut table, now, sta(1), 3, 0, &[]));
    assert_eq!(got, 14);
    let (tr, got, _) = expect_reply(send(&mut table, now, sta(1), 2, 0, &[1, 0, 0, 0]));
    assert_eq!((tr, got), (2, 1));
}

#[test]
fn rejected_groups_salt_the_keys_and_catch_a_downgrade() {
    let now = Instant::now();
    let mut table = SaeTable::new(
        config(
            &[Group::P256, Group::P384],
            PweMode::HashToElement,
            vec![password(PASSWORD, None)],
        ),
        &mut OsRng,
    )
    .unwrap();
    // Group 21 is not offered: an honest rejection, used as the keyseed salt.
    let mut st = station_rejecting(19, true, PASSWORD, None, sta(1), &[21]);
    exchange(&mut table, now, &mut st, sta(1), true);
    // Group 20 is offered: the station was downgraded.
    let st = station_rejecting(19, true, PASSWORD, None, sta(2), &[20]);
    let (_, status, _) = expect_reply(send(&mut table, now, sta(2), 1, 126, &st.commit_body(None)));
    assert_eq!(status, 1);
    assert_eq!(table.counters().bad_commit, 1);
}

#[test]
fn anti_clogging_token_once_the_threshold_is_reached() {
    for h2e in [false, true] {
        let now = Instant::now();
        let mut cfg = config(
            &[Group::P256],
            PweMode::Both,
            vec![password(PASSWORD, None)],
        );
        cfg.anti_clogging_threshold = 2;
        let mut table = SaeTable::new(cfg, &mut OsRng).unwrap();
        for n in 1..=2 {
            let st = station(19, h2e, PASSWORD, None, sta(n));
            let (_, status, _) = expect_reply(send(
                &mut table,
                now,
                sta(n),
                1,
                commit_status(h2e),
                &st.commit_body(None),
            ));
            assert_eq!(status, commit_status(h2e));
        }
        let mut st = station(19, h2e, PASSWORD, None, sta(3));
        let (tr, status, body) = expect_reply(send(
            &mut table,
            now,
            sta(3),
            1,
            commit_status(h2e),
            &st.commit_body(None),
        ));
        assert_eq!((tr, status), (1, 76));
        assert_eq!(table.len(), 2, "no state for a token request");
        assert_eq!(&body[..2], &[19, 0]);
        let token = if h2e {
            assert_eq!(
                &body[2..5],
                &[255, 33, 93],
                "token in the container element"
            );
            body[5..].to_vec()
        } else {
            body[2..].to_vec()
        };
        assert_eq!(token.len(), 32);
        // A forged token, or the right one from another address, is dropped.
        let mut forged = token.clone();
        forged[10] ^= 1;
        assert!(matches!(
            send(
                &mut table,
                now,
                sta(3),
                1,
                commit_status(h2e),
                &st.commit_body(Some(&forged))
            ),
            SaeOutcome::Ignore
        ));
        let other = station(19, h2e, PASSWORD, None, sta(4));
        assert!(matches!(
            send(
                &mut table,
                now,
                sta(4),
                1,
                commit_status(h2e),
                &other.commit_body(Some(&token))
            ),
            SaeOutcome::Ignore
        ));
        assert_eq!(table.counters().bad_token, 2);
        // The token echoed: processed, and the exchange completes.
        let (_, status, ap_commit) = expect_reply(send(
            &mut table,
            now,
            sta(3),
            1,
            commit_status(h2e),
            &st.commit_body(Some(&token)),
        ));
        assert_eq!(status, commit_status(h2e));
        // The AP's commit was lost: the station's retransmission, with the token already
        // used up, is answered with the same commit.
        let (_, _, resent) = expect_reply(send(
            &mut table,
            now,
            sta(3),
            1,
            commit_status(h2e),
            &st.commit_body(Some(&token)),
        ));
        assert_eq!(resent, ap_commit);
        st.process_peer(&ap_commit[2..34], &ap_commit[34..98])
            .unwrap();
        assert!(matches!(
            send(&mut table, now, sta(3), 2, 0, &st.confirm_body(1)),
            SaeOutcome::Accepted { .. }
        ));
        // Used once only.
        let again = station(19, h2e, PASSWORD, None, sta(3));
        table.remove(MacAddr(sta(3)));
        assert!(matches!(
            send(
                &mut table,
                now,
                sta(3),
                1,
                commit_status(h2e),
                &again.commit_body(Some(&token))
            ),
            SaeOutcome::Ignore
        ));
        assert_eq!(table.counters().token_requests, 1);
    }
}

#[test]
fn max_instances_bounds_the_table() {
    let now = Instant::now();
    let mut cfg = p256_config();
    cfg.anti_clogging_threshold = 100;
    cfg.max_instances = 2;
    let mut table = SaeTable::new(cfg, &mut OsRng).unwrap();
    for n in 1..=3 {
        let st = station(19, false, PASSWORD, None, sta(n));
        let out = send(&mut table, now, sta(n), 1, 0, &st.commit_body(None));
        assert_eq!(matches!(out, SaeOutcome::Ignore), n == 3);
    }
    assert_eq!(table.len(), 2);
    assert_eq!(table.counters().instances_full, 1);
}

#[test]
fn work_budget_drops_commits_over_the_rate() {
    let now = Instant::now();
    let mut cfg = p256_config();
    cfg.anti_clogging_threshold = 100;
    cfg.budget = CommitBudget {
        per_second: 2,
        burst: 2,
    };
    let mut table = SaeTable::new(cfg, &mut OsRng).unwrap();
    let outs: Vec<bool> = (1..=3)
        .map(|n| {
            let st = station(19, false, PASSWORD, None, sta(n));
            matches!(
                send(&mut table, now, sta(n), 1, 0, &st.commit_body(None)),
                SaeOutcome::Reply { .. }
            )
        })
        .collect();
    assert_eq!(outs, [true, true, false]);
    assert_eq!(table.counters().over_budget, 1);
    assert_eq!(table.counters().commits_processed, 2);
    // Half a second later one more fits (the station's retransmission).
    let st = station(19, false, PASSWORD, None, sta(3));
    let later = now + Duration::from_millis(500);
    assert!(matches!(
        send(&mut table, later, sta(3), 1, 0, &st.commit_body(None)),
        SaeOutcome::Reply { .. }
    ));
}

#[test]
fn incomplete_instances_expire() {
    let now = Instant::now();
    let mut table = p256_table();
    assert_eq!(table.poll_timeout(), None);
    let st = station(19, false, PASSWORD, None, sta(1));
    send(&mut table, now, sta(1), 1, 0, &st.commit_body(None));
    let mut done = station(19, false, PASSWORD, None, sta(2));
    exchange(&mut table, now, &mut done, sta(2), false);
    assert_eq!(table.poll_timeout(), Some(now + Duration::from_secs(5)));
    table.handle_timeout(now + Duration::from_secs(4));
    assert_eq!(table.len(), 2);
    table.handle_timeout(now + Duration::from_secs(5));
    assert!(table.is_empty());
    assert_eq!(
        table.counters().expired,
        1,
        "the accepted one leaves uncounted"
    );
    // A late frame to an expired instance finds nothing (expired on arrival too).
    let st = station(19, false, PASSWORD, None, sta(3));
    send(&mut table, now, sta(3), 1, 0, &st.commit_body(None));
    let (tr, status, _) = expect_reply(send(
        &mut table,
        now + Duration::from_secs(6),
        sta(3),
        2,
        0,
        &[1, 0, 0],
    ));
    assert_eq!((tr, status), (2, 1));
    assert_eq!(table.counters().expired, 2);
}

#[test]
fn repeated_commit_is_answered_within_the_sync_limit() {
    let now = Instant::now();
    let mut table = p256_table();
    let st = station(19, false, PASSWORD, None, sta(1));
    let (_, _, first) = expect_reply(send(&mut table, now, sta(1), 1, 0, &st.commit_body(None)));
    for _ in 0..5 {
        let (_, status, again) =
            expect_reply(send(&mut table, now, sta(1), 1, 0, &st.commit_body(None)));
        assert_eq!((status, &again), (0, &first), "the same commit re-sent");
    }
    assert_eq!(
        table.counters().commits_processed,
        1,
        "no ECC work for a repeat"
    );
    assert!(matches!(
        send(&mut table, now, sta(1), 1, 0, &st.commit_body(None)),
        SaeOutcome::Ignore
    ));
    assert_eq!(table.counters().sync_limit, 1);
    assert!(table.is_empty());
    // A new commit restarts the exchange with a new AP commit.
    let mut fresh = station(19, false, PASSWORD, None, sta(1));
    let (_, _, second) = expect_reply(send(
        &mut table,
        now,
        sta(1),
        1,
        0,
        &fresh.commit_body(None),
    ));
    assert_ne!(first, second);
    let st2 = station(19, false, PASSWORD, None, sta(1));
    let (_, _, third) = expect_reply(send(&mut table, now, sta(1), 1, 0, &st2.commit_body(None)));
    assert_ne!(second, third);
    fresh.process_peer(&third[2..34], &third[34..98]).unwrap();
    // The restarted exchange is with st2, so fresh's confirm fails.
    let (_, status, _) = expect_reply(send(&mut table, now, sta(1), 2, 0, &fresh.confirm_body(1)));
    assert_eq!(status, 15);
}

#[test]
fn repeated_confirm_after_accept_gets_the_confirm_again() {
    let now = Instant::now();
    let mut table = p256_table();
    let mut st = station(19, false, PASSWORD, None, sta(1));
    exchange(&mut table, now, &mut st, sta(1), false);
    // Not newer than the verified one: ignored.
    assert!(matches!(
        send(&mut table, now, sta(1), 2, 0, &st.confirm_body(1)),
        SaeOutcome::Ignore
    ));
    for sc in 2..=6u16 {
        let (tr, status, body) =
            expect_reply(send(&mut table, now, sta(1), 2, 0, &st.confirm_body(sc)));
        assert_eq!((tr, status), (2, 0));
        assert!(st.verify_confirm(&body));
        assert_eq!(u16::from_le_bytes([body[0], body[1]]), sc);
    }
    assert!(matches!(
        send(&mut table, now, sta(1), 2, 0, &st.confirm_body(7)),
        SaeOutcome::Ignore
    ));
    assert_eq!(table.counters().sync_limit, 1);
    // Beyond dot11RSNASAESync the instance is gone.
    assert_eq!(table.state(MacAddr(sta(1))), SaeState::Nothing);
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let now = Instant::now();
    let mut table = p256_table();
    let mut st = station(19, false, PASSWORD, None, sta(1));
    let (_, _, ap_commit) =
        expect_reply(send(&mut table, now, sta(1), 1, 0, &st.commit_body(None)));
    st.process_peer(&ap_commit[2..34], &ap_commit[34..98])
        .unwrap();
    let out = send(&mut table, now, sta(1), 2, 0, &st.confirm_body(1));
    let (_, pmk, _) = st.keys().unwrap();
    let text = format!("{out:?} {table:?} {:?}", table.config());
    assert!(!text.contains(&hex::encode(&pmk)) && !text.contains(&format!("{:?}", &pmk[..4])));
    assert!(!text.contains("correct horse"));
    assert!(text.contains("redacted"));
}
