//! Sequences of management frames, EAPOL, TX status, RADIUS outcomes,
//! station information, time and control commands against a BSS (open,
//! WPA2-PSK or WPA2-EAP, picked by the first byte), with the core's
//! invariants checked after every operation: no panic, the station and
//! AID caps, at most one pending Access-Request per station (cancelled
//! when it leaves), the timer index consistent with the stations, the
//! kernel's table consistent with the core's, no timer left due after
//! `handle_timeout`. The harness is shared with `tests/sequences.rs`.
#![no_main]

#[path = "../../tests/support/harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = harness::Harness::run(data) {
        panic!("invariant broken: {e}");
    }
});
