//! Records from the store are written by whoever can write to it: opening
//! arbitrary octets, or a genuine record with arbitrary octets XORed in,
//! must never panic, and an altered genuine record must never open.
//!
//! Input: `[mode, rest...]`; mode even: `rest` is the record; mode odd:
//! `rest` is XORed over a genuine record (cycled), which must then open only
//! if nothing changed.
#![no_main]

use std::time::Instant;

use libfuzzer_sys::fuzz_target;
use roamd_pmksa::{PmksaEntry, SessionAttrs};
use roamd_pmksa_store::{DomainKey, EntryKind, KeyRing, Sealer};
use roamd_wpa::{Akm, MacAddr, Pmk};

const AP: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
const NOW: u64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key = DomainKey::from_bytes(&[7; 64]).expect("64 octets");
    let mut sealer = Sealer::new(KeyRing::new(key));
    let kind = if mode & 2 == 0 {
        EntryKind::Okc
    } else {
        EntryKind::Sticky { aa: AP }
    };
    if mode & 1 == 0 {
        let _ = sealer.open(rest, "campus", STA, kind, NOW);
        return;
    }
    let now = Instant::now();
    let pmk = Pmk::from_slice(&[0x42; 32]).expect("PMK");
    let session = SessionAttrs {
        identity: b"alice".to_vec(),
        ..Default::default()
    };
    let entry = PmksaEntry::new(now, pmk, Akm::Ieee8021x, AP, STA, session).expect("entry");
    let mut record = sealer.seal("campus", kind, &entry, now, NOW).expect("seal");
    let mut changed = false;
    if !rest.is_empty() {
        for (i, b) in record.iter_mut().enumerate() {
            let x = rest[i % rest.len()];
            changed |= x != 0;
            *b ^= x;
        }
    }
    let opened = sealer.open(&record, "campus", STA, kind, NOW);
    assert_eq!(opened.is_ok(), !changed, "an altered record opened");
});
