//! Key hierarchy benchmarks: PTK + MIC (per 4-way handshake), PMKID (per
//! OKC/PMKSA lookup), PBKDF2 (per passphrase, at config load).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use roamd_wpa::mic::{eapol_key_mic_at, EAPOL_KEY_MIC_OFFSET};
use roamd_wpa::pmkid::pmkid;
use roamd_wpa::psk::psk_from_passphrase;
use roamd_wpa::ptk::derive_ptk;
use roamd_wpa::{Akm, AkmExt, CipherSuite, MacAddr, Pmk};

fn bench(c: &mut Criterion) {
    let pmk = Pmk::from_slice(&[0x45; 32]).unwrap();
    let aa = MacAddr([2, 0, 0, 0, 0, 0]);
    let spa = MacAddr([2, 0, 0, 0, 2, 0]);
    let anonce = [0x7c; 32];
    let snonce = [0x22; 32];
    // A message 2/4 of 121 octets (EAPOL header + 95 + 22-octet RSNE).
    let frame = [0x5au8; 121];

    c.bench_function("ptk_prf384_plus_mic_hmac_sha1_121B", |b| {
        b.iter(|| {
            let ptk = derive_ptk(
                black_box(&pmk),
                Akm::Psk,
                CipherSuite::Ccmp128,
                &aa,
                &spa,
                black_box(&anonce),
                black_box(&snonce),
            )
            .unwrap();
            let alg = Akm::Psk.mic_algorithm().unwrap();
            eapol_key_mic_at(ptk.kck(), alg, black_box(&frame), EAPOL_KEY_MIC_OFFSET).unwrap()
        })
    });

    c.bench_function("ptk_kdf_sha256_plus_mic_cmac_121B", |b| {
        b.iter(|| {
            let ptk = derive_ptk(
                black_box(&pmk),
                Akm::PskSha256,
                CipherSuite::Ccmp128,
                &aa,
                &spa,
                black_box(&anonce),
                black_box(&snonce),
            )
            .unwrap();
            let alg = Akm::PskSha256.mic_algorithm().unwrap();
            eapol_key_mic_at(ptk.kck(), alg, black_box(&frame), EAPOL_KEY_MIC_OFFSET).unwrap()
        })
    });

    c.bench_function("pmkid_sha1", |b| {
        b.iter(|| pmkid(black_box(&pmk), &aa, black_box(&spa), Akm::Ieee8021x).unwrap())
    });

    c.bench_function("pmkid_sha256", |b| {
        b.iter(|| pmkid(black_box(&pmk), &aa, black_box(&spa), Akm::PskSha256).unwrap())
    });

    c.bench_function("pbkdf2_sha1_4096", |b| {
        b.iter(|| psk_from_passphrase(black_box(b"correct horse battery"), b"roam-psk").unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
