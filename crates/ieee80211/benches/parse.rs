//! Parse cost of a received Association Request with RSNE (psk-connect/ap.log, ASSOC_REQ).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use roamd_ieee80211::{Body, ManagementFrame};

/// psk-connect/ap.log:313 (118 octets, WPA2-PSK + PMF RSNE, ext caps, op classes).
const ASSOC_REQ: &str = concat!(
    "00003a01020000000000020000000200020000000000c000310405000008726f616d2d70736b010802040b16",
    "0c12182432043048606c301a0100000fac040100000fac040100000fac0280000000000fac067f0b04004a02",
    "014040400001203b155151525354737475767778797a7b7c7d7e7f808182",
);

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn bench(c: &mut Criterion) {
    let frame = unhex(ASSOC_REQ);
    assert_eq!(frame.len(), 118);

    c.bench_function("assoc_req/parse_frame", |b| {
        b.iter(|| ManagementFrame::parse(black_box(&frame)).is_ok())
    });

    c.bench_function("assoc_req/parse_frame+ssid+rates+rsne", |b| {
        b.iter(|| {
            let m = ManagementFrame::parse(black_box(&frame)).unwrap();
            let Body::AssocRequest(req) = m.body else {
                unreachable!()
            };
            let e = req.elements;
            e.check().unwrap();
            let ssid = e.ssid().unwrap();
            let rates = e.supported_rates().count();
            let rsne = e.rsne().unwrap().unwrap();
            let akms = rsne.akms().unwrap().iter().count();
            black_box((ssid, rates, akms, rsne.capabilities()))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
