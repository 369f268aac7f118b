//! PMKSA cache benchmarks: lookup cost (hit and miss) and memory per entry
//! at 10k, 100k and 1M entries, plus the association-time registry lookup
//! (own hit, OKC derivation, miss after an OKC scan).
//!
//! Memory is measured, not estimated: a counting global allocator keeps the
//! number of live heap bytes (requested sizes; malloc's own per-block
//! overhead, ~8-16 bytes, is not included), and the bench prints
//! `(bytes after filling - bytes before) / entries` for an empty cache
//! filled with N entries. That covers the slab of nodes, each entry's
//! packed buffer (PMK and session), both hash tables (at their power-of-two
//! bucket count) and the expiry heap. `size_of` figures of the public types
//! are printed next to it; the cache does not store them as such.
//!
//! Run short: `cargo bench -p roamd-pmksa -- --warm-up-time 1 --measurement-time 2`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use roamd_pmksa::{CacheMode, PmksaCache, PmksaCaches, PmksaEntry, SessionAttrs};
use roamd_wpa::{pmkid::pmkid, Akm, MacAddr, Pmk, Pmkid};

/// The system allocator, counting live bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const AA: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);

fn sta(i: usize) -> MacAddr {
    let b = (i as u32).to_be_bytes();
    MacAddr([2, 0x10, b[0], b[1], b[2], b[3]])
}

/// A PMKID that looks random; the cache only hashes and compares it.
fn fake_pmkid(i: usize, salt: u64) -> Pmkid {
    let mut x = (i as u64 ^ salt).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut out = [0u8; 16];
    for chunk in out.chunks_mut(8) {
        x ^= x >> 29;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        chunk.copy_from_slice(&x.to_le_bytes());
    }
    Pmkid(out)
}

/// A typical 802.1X session: a user name, one Class, a VLAN.
fn session() -> SessionAttrs {
    SessionAttrs {
        identity: b"alice@example.org".to_vec(),
        class: vec![b"class-0123456789abcdef".to_vec()],
        cui: None,
        vlan_id: Some(10),
        session_timeout: Some(3600),
        acct_multi_session_id: 0x1234_5678,
        eap_type: 25,
    }
}

fn entry(now: Instant, i: usize, session: SessionAttrs) -> PmksaEntry {
    let pmk = Pmk::from_slice(&[(i % 251) as u8; 32]).unwrap();
    PmksaEntry::with_pmkid(
        now,
        pmk,
        fake_pmkid(i, 0),
        Akm::Ieee8021x,
        AA,
        sta(i),
        session,
    )
}

fn filled(now: Instant, n: usize, session: &SessionAttrs) -> PmksaCache {
    let mut cache = PmksaCache::with_max_entries(n);
    for i in 0..n {
        cache.add(now, entry(now, i, session.clone()));
    }
    cache
}

fn report_memory(now: Instant) {
    println!(
        "size_of: PmksaEntry {} B, SessionAttrs {} B, Pmk {} B",
        size_of::<PmksaEntry>(),
        size_of::<SessionAttrs>(),
        size_of::<Pmk>()
    );
    for (label, s) in [("bare", SessionAttrs::default()), ("typical", session())] {
        for n in SIZES {
            let before = LIVE.load(Ordering::Relaxed);
            let cache = filled(now, n, &s);
            let after = LIVE.load(Ordering::Relaxed);
            println!(
                "memory {label:>7} session, {n:>7} entries: {:>6.1} MiB total, {:.0} B/entry",
                (after - before) as f64 / (1024.0 * 1024.0),
                (after - before) as f64 / n as f64
            );
            drop(cache);
        }
    }
}

fn cache_lookup(c: &mut Criterion) {
    let now = Instant::now();
    report_memory(now);
    let mut group = c.benchmark_group("cache_get");
    for n in SIZES {
        let mut cache = filled(now, n, &session());
        // Keys spread over the whole cache so large sizes miss the CPU caches.
        let probes: Vec<(MacAddr, Pmkid, Pmkid)> = (0..4096)
            .map(|k| {
                let i = (k * 7919 + 13) % n;
                (sta(i), fake_pmkid(i, 0), fake_pmkid(i, 1))
            })
            .collect();
        let mut k = 0;
        group.bench_function(BenchmarkId::new("hit", n), |b| {
            b.iter(|| {
                let (spa, id, _) = &probes[k & 4095];
                k += 1;
                black_box(cache.get(now, spa, id).is_some())
            })
        });
        group.bench_function(BenchmarkId::new("miss_stale_pmkid", n), |b| {
            b.iter(|| {
                let (spa, _, stale) = &probes[k & 4095];
                k += 1;
                black_box(cache.get(now, spa, stale).is_some())
            })
        });
        drop(cache);
    }
    group.finish();
}

fn registry_lookup(c: &mut Criterion) {
    let now = Instant::now();
    let ap1 = MacAddr([2, 0, 0, 0, 1, 0]);
    let n = 10_000;
    let mut caches = PmksaCaches::new();
    caches.register_bss_with_max_entries(AA, CacheMode::Okc, "d", n);
    caches.register_bss_with_max_entries(ap1, CacheMode::Okc, "d", n);
    let pmk = |i: usize| Pmk::from_slice(&[(i % 251) as u8; 32]).unwrap();
    for i in 0..n {
        let e = PmksaEntry::new(now, pmk(i), Akm::Ieee8021x, AA, sta(i), session()).unwrap();
        caches.add(now, e).unwrap();
    }
    let own: Vec<[u8; 16]> = (0..n)
        .map(|i| pmkid(&pmk(i), &AA, &sta(i), Akm::Ieee8021x).unwrap().0)
        .collect();
    let at1: Vec<[u8; 16]> = (0..n)
        .map(|i| pmkid(&pmk(i), &ap1, &sta(i), Akm::Ieee8021x).unwrap().0)
        .collect();
    let mut group = c.benchmark_group("registry_lookup_10k");
    let mut k = 0;
    group.bench_function("hit_own", |b| {
        b.iter(|| {
            let i = k % n;
            k += 1;
            black_box(caches.lookup(now, AA, sta(i), &[own[i]]).is_hit())
        })
    });
    group.bench_function("okc_derive_then_remove", |b| {
        b.iter(|| {
            let i = k % n;
            k += 1;
            let hit = caches.lookup(now, ap1, sta(i), &[at1[i]]);
            caches.remove(&ap1, &sta(i), &Pmkid(at1[i]));
            black_box(hit.is_hit())
        })
    });
    group.bench_function("miss_after_okc_scan", |b| {
        b.iter(|| {
            let i = k % n;
            k += 1;
            black_box(caches.lookup(now, ap1, sta(i), &[[0xee; 16]]).is_hit())
        })
    });
    group.bench_function("miss_no_pmkid", |b| {
        b.iter(|| {
            let i = k % n;
            k += 1;
            black_box(caches.lookup(now, AA, sta(i), &[]).is_hit())
        })
    });
    group.finish();
}

criterion_group!(benches, cache_lookup, registry_lookup);
criterion_main!(benches);
