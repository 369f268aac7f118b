//! Measures a shared cache domain at scale against a running Redis or
//! Valkey: writes N sealed OKC records (N stations of one domain, as
//! roamd writes them), reports the store's memory per record, then starts
//! a host's [`Stores`] and times the warm-up of its replica (SCAN + MGET +
//! opening every record), and the lookup of a replicated entry.
//!
//!     redis-server --port 6390 --save "" &
//!     cargo run --release -p roamd --features shared-cache --example store_warm -- \
//!         redis://127.0.0.1:6390/0 100000
//!
//! The database given is flushed first.

use std::cell::RefCell;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use roamd::config::Config;
use roamd::store::{Inbound, Stores};
use roamd_pmksa::{CacheMode, MacAddr, PmksaCaches, PmksaEntry, SessionAttrs};
use roamd_pmksa_store::{names, DomainKey, EntryKind, KeyRing, Sealer};
use roamd_wpa::{pmkid::pmkid, Akm, Pmk};

const REMOTE_AP: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const LOCAL_AP: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

fn station(i: u32) -> MacAddr {
    let b = i.to_be_bytes();
    MacAddr([2, 0x10, b[0], b[1], b[2], b[3]])
}

fn used_memory(conn: &mut redis::Connection) -> u64 {
    let info: String = redis::cmd("INFO").arg("memory").query(conn).expect("INFO");
    info.lines()
        .find_map(|l| l.strip_prefix("used_memory:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("used_memory")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .unwrap_or_else(|| "redis://127.0.0.1:6390/0".into());
    let n: u32 = args.next().map_or(100_000, |v| v.parse().expect("N"));
    let dir = std::env::temp_dir().join(format!("roamd-store-warm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_file = dir.join("campus.key");
    std::fs::write(&key_file, [7u8; 64]).expect("key file");

    let client = redis::Client::open(url.as_str()).expect("store URL");
    let mut conn = client.get_connection().expect("connect to the store");
    redis::cmd("FLUSHDB").exec(&mut conn).expect("FLUSHDB");
    let before = used_memory(&mut conn);

    // N records as roamd writes them: sealed, SET with the lifetime as TTL.
    let mut sealer = Sealer::new(KeyRing::new(DomainKey::from_bytes(&[7; 64]).unwrap()));
    let now = Instant::now();
    let now_unix = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let pmk = Pmk::from_slice(&[0x42; 32]).unwrap();
    let started = Instant::now();
    let mut record_octets = 0;
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let mut pipe = redis::pipe();
        for &i in chunk {
            let session = SessionAttrs {
                identity: format!("user{i}@example.org").into_bytes(),
                class: vec![b"class-attribute-1".to_vec()],
                vlan_id: Some(10),
                session_timeout: Some(43_200),
                ..Default::default()
            };
            let entry = PmksaEntry::new(
                now,
                pmk.clone(),
                Akm::Ieee8021x,
                REMOTE_AP,
                station(i),
                session,
            )
            .unwrap();
            let record = sealer
                .seal("campus", EntryKind::Okc, &entry, now, now_unix)
                .unwrap();
            record_octets = record.len();
            let key = names::record_key("campus", station(i), EntryKind::Okc);
            pipe.cmd("SET")
                .arg(key)
                .arg(record)
                .arg("EX")
                .arg(43_200)
                .ignore();
        }
        pipe.exec(&mut conn).expect("SET");
    }
    let written = started.elapsed();
    let after = used_memory(&mut conn);
    println!(
        "RESULT store_records={n} record_octets={record_octets} store_bytes_per_record={} write_s={:.2}",
        (after - before) / u64::from(n.max(1)),
        written.as_secs_f64()
    );

    let config = Config::parse(
        Path::new("warm.toml"),
        &format!(
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n\
             [cache_domain.campus]\nstore = \"{url}\"\nkey_file = {key_file:?}\nmax_entries = {}\n",
            n.max(1)
        ),
    )
    .expect("config");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut caches = PmksaCaches::new();
        caches.register_bss(LOCAL_AP, CacheMode::Okc, "campus");
        let pmksa = RefCell::new(caches);
        let started = Instant::now();
        let mut stores = Stores::start(&config, &pmksa).expect("stores");
        loop {
            let m = tokio::time::timeout(Duration::from_secs(120), stores.recv())
                .await
                .expect("warm-up within 120 s");
            let up = matches!(m, Inbound::Up { .. });
            stores.handle(m, &pmksa);
            if up {
                break;
            }
        }
        let warm = started.elapsed();
        let replicated = pmksa.borrow().replica_len();
        println!(
            "RESULT warm_records={replicated} warm_s={:.2} warm_us_per_record={:.1}",
            warm.as_secs_f64(),
            warm.as_secs_f64() * 1e6 / f64::from(n.max(1))
        );
        assert_eq!(replicated, n as usize, "every record replicated");

        // Association-time lookup of a replicated entry: an OKC derivation
        // in memory, no store round trip.
        let mut times = Vec::new();
        for i in (0..n).step_by((n as usize / 1000).max(1)) {
            let offered = pmkid(&pmk, &LOCAL_AP, &station(i), Akm::Ieee8021x).unwrap();
            let t = Instant::now();
            let hit = pmksa
                .borrow_mut()
                .lookup(Instant::now(), LOCAL_AP, station(i), &[offered.0]);
            times.push(t.elapsed());
            assert!(hit.is_hit());
        }
        times.sort();
        println!(
            "RESULT replicated_lookup_us_p50={:.1} replicated_lookup_us_p99={:.1}",
            times[times.len() / 2].as_secs_f64() * 1e6,
            times[times.len() * 99 / 100].as_secs_f64() * 1e6
        );
    });
    let _ = std::fs::remove_dir_all(&dir);
}
