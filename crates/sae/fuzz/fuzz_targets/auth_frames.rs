//! What stations can send an SAE table: Authentication frames with any transaction, status
//! and body, from a few addresses; or genuine commits and confirms from a station built
//! with the same primitives (any group, either PWE method, with or without identifier), so
//! the code past the curve checks (tokens, repeats, confirms, acceptance) is reached too.
//! Time moves and timers fire in between. No input may panic the table or grow it past
//! `max_instances`.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use rand::rngs::StdRng;
use rand::SeedableRng;
use roamd_ieee80211::MacAddr;
use roamd_sae::vectors::{Station, StationParams};
use roamd_sae::{CommitBudget, Group, PweMode, SaeConfig, SaeOutcome, SaePassword, SaeTable};

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 1]);
const SSID: &[u8] = b"fuzz";
const PASSWORD: &[u8] = b"password";
const MAX_INSTANCES: usize = 4;

fn table(rng: &mut StdRng) -> SaeTable {
    let config = SaeConfig {
        ssid: SSID.to_vec(),
        groups: Group::ALL.to_vec(),
        pwe: PweMode::Both,
        anti_clogging_threshold: 2,
        max_instances: MAX_INSTANCES,
        // Bounds the ECC work per input, as it bounds it per second on the air.
        budget: CommitBudget {
            per_second: 2,
            burst: 3,
        },
        passwords: vec![
            SaePassword::new(PASSWORD),
            SaePassword {
                identifier: Some(b"id".to_vec()),
                ..SaePassword::new(b"other")
            },
        ],
        ..SaeConfig::default()
    };
    SaeTable::new(config, rng).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let mut rng = StdRng::seed_from_u64(7);
    let mut now = Instant::now();
    let mut table = table(&mut rng);
    let mut station: Option<(MacAddr, Station)> = None;
    let mut last_token: Option<Vec<u8>> = None;
    // Records: mode, address choice, a length, then that many octets.
    let mut rest = data;
    while let [mode, who, len, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (body, next) = tail.split_at(n);
        rest = next;
        let sta = MacAddr([2, 0, 0, 0, 1, who & 7]);
        let out = match mode % 6 {
            // A raw frame: transaction and status from the first four octets.
            0 => {
                let (head, payload) = body.split_at(body.len().min(4));
                let mut h = [0u8; 4];
                h[..head.len()].copy_from_slice(head);
                let tr = u16::from_le_bytes([h[0], h[1]]) % 4;
                let status = match h[2] % 4 {
                    0 => 0,
                    1 => 126,
                    2 => 127,
                    _ => u16::from(h[3]),
                };
                table.handle_auth(now, BSSID, sta, tr, status, payload, &mut rng)
            }
            // A genuine commit from a new station (echoing the last token on odd bytes).
            1 => {
                let b = body.first().copied().unwrap_or(0);
                let group = Group::ALL[usize::from(b) % Group::ALL.len()].number();
                let h2e = b & 4 != 0;
                let id = (h2e && b & 8 != 0).then_some(&b"id"[..]);
                let params = StationParams {
                    group,
                    h2e,
                    ssid: SSID,
                    password: if id.is_some() { b"other" } else { PASSWORD },
                    identifier: id,
                    rejected_groups: if b & 16 != 0 { &[25] } else { &[] },
                    own: sta.0,
                    peer: BSSID.0,
                };
                let Ok(st) = Station::new(&params, &mut rng) else {
                    continue;
                };
                let token = last_token.as_deref().filter(|_| b & 32 != 0);
                let out = table.handle_auth(
                    now,
                    BSSID,
                    sta,
                    1,
                    if h2e { 126 } else { 0 },
                    &st.commit_body(token),
                    &mut rng,
                );
                station = Some((sta, st));
                out
            }
            // The station's confirm, with a Send-Confirm from the record.
            2 => {
                let Some((sta, st)) = &station else { continue };
                let sc = u16::from_le_bytes([
                    body.first().copied().unwrap_or(1),
                    body.get(1).copied().unwrap_or(0),
                ]);
                let mut confirm = st.confirm_body(sc);
                if let (Some(flip), Some(byte)) = (body.get(2), confirm.last_mut()) {
                    *byte ^= flip;
                }
                table.handle_auth(now, BSSID, *sta, 2, 0, &confirm, &mut rng)
            }
            3 => {
                now += Duration::from_millis(u64::from(*who) * 40);
                continue;
            }
            4 => {
                table.handle_timeout(now);
                if let Some(t) = table.poll_timeout() {
                    assert!(t > now);
                }
                continue;
            }
            _ => {
                table.remove(sta);
                continue;
            }
        };
        match out {
            SaeOutcome::Reply {
                transaction: 1,
                status: 76,
                body,
            } => {
                last_token = Some(body.get(2..).unwrap_or_default().to_vec());
            }
            SaeOutcome::Reply {
                transaction: 1,
                status: 0 | 126,
                body,
            } => {
                // Let the genuine station take the AP's commit, so its confirm can verify.
                if let Some((s, st)) = &mut station {
                    if let Some(g) = Group::from_number(u16::from_le_bytes([
                        body.first().copied().unwrap_or(0),
                        body.get(1).copied().unwrap_or(0),
                    ])) {
                        let p = g.prime_len();
                        if let (true, Some(sc), Some(el)) =
                            (*s == sta, body.get(2..2 + p), body.get(2 + p..2 + 3 * p))
                        {
                            let _ = st.process_peer(sc, el);
                        }
                    }
                }
            }
            _ => {}
        }
        assert!(table.len() <= MAX_INSTANCES);
    }
});
