//! What another AP can send a key holder: 0x88b7 and 0x890d payloads, as
//! they come (mostly refused by AES-SIV), or with the TLVs sealed under the
//! peer's genuine key, so the code after authentication (sequence
//! numbers, held messages, pulls, pushes, responses) is reached too. The
//! key holder is then driven through its timers; no input may panic it or
//! grow its state past its bounds.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use rand::rngs::StdRng;
use rand::SeedableRng;
use roamd_ft::config::{parse_r0kh, parse_r1kh};
use roamd_ft::frame::FT_OUI;
use roamd_ft::{KeyHolder, KeyHolderConfig, ETHERTYPE_OUI, ETHERTYPE_RRB};
use roamd_ieee80211::MacAddr;
use roamd_wpa::rrb::{rrb_seal, RrbKey};

const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const OWN: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const PEER: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

fn key_holder(now: Instant) -> KeyHolder {
    let mut c = KeyHolderConfig::new(OWN, b"ap0.example.net");
    c.r0kh.push(parse_r0kh(&format!("{PEER} ap1.example.net {KEY}")).unwrap());
    c.r0kh.push(parse_r0kh(&format!("ff:ff:ff:ff:ff:ff * {KEY}")).unwrap());
    c.r1kh.push(parse_r1kh(&format!("{PEER} {PEER} {KEY}")).unwrap());
    c.r1kh.push(parse_r1kh(&format!("00:00:00:00:00:00 00:00:00:00:00:00 {KEY}")).unwrap());
    c.pmk_r1_push = true;
    KeyHolder::new(c, now)
}

fuzz_target!(|data: &[u8]| {
    let now = Instant::now();
    let mut rng = StdRng::seed_from_u64(7);
    let mut kh = key_holder(now);
    let key = RrbKey::from_slice(&[
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, 29, 30, 31,
    ])
    .unwrap();
    // Records: mode, source choice, a length, then that many octets.
    let mut rest = data;
    let mut t = now;
    while let [mode, src, len, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (body, next) = tail.split_at(n);
        rest = next;
        let src = if src & 1 == 0 { PEER } else { MacAddr([2, 0, 0, 0, 2, *src]) };
        let dst = if src.0[5] & 2 == 0 { OWN } else { MacAddr::BROADCAST };
        match mode % 4 {
            0 => kh.handle_oui_frame(t, &mut rng, src, dst, body),
            1 => kh.handle_rrb_frame(src, dst, body),
            2 => {
                // Sealed under the peer's key: subtype, auth TLVs, encrypted TLVs.
                let Some((&subtype, tlvs)) = body.split_first() else { continue };
                let split = tlvs.len() / 2;
                let (auth, plain) = tlvs.split_at(split);
                let Ok(sealed) = rrb_seal(&key, &src, auth, subtype, plain) else { continue };
                let mut frame = FT_OUI.to_vec();
                frame.push(subtype);
                frame.extend_from_slice(&(auth.len() as u16).to_le_bytes());
                frame.extend_from_slice(auth);
                frame.extend_from_slice(&sealed);
                kh.handle_oui_frame(t, &mut rng, src, dst, &frame);
            }
            _ => {
                t += Duration::from_millis(u64::from(*len) * 40);
                kh.handle_timeout(t, &mut rng);
            }
        }
        while kh.poll_transmit().is_some() {}
        while kh.poll_event().is_some() {}
        let _ = kh.peers(t);
        assert!(kh.pending_pulls() <= kh.config().limits.pending_pulls);
        assert!(kh.pmk_r1_count() <= kh.config().limits.pmk_r1_entries);
        assert!(kh.pmk_r0_count() <= kh.config().limits.pmk_r0_entries);
    }
    let _ = (ETHERTYPE_OUI, ETHERTYPE_RRB);
});
