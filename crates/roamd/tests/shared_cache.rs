//! The shared PMKSA store against a real Redis (Debian's `redis-server`,
//! started here on a free loopback port): two "hosts" (two registries and
//! two [`Stores`]) in one OKC domain, write-through and replication, removal,
//! the warm-up of a restarted host, a tampered record, a fetch on a local
//! miss, the store going away.
//! Fails, never skips, when redis-server is missing (CI installs it).
#![cfg(feature = "shared-cache")]

use std::cell::RefCell;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use roamd::bss::StoreAnswer;
use roamd::config::Config;
use roamd::store::{FetchAnswer, Inbound, Stores};
use roamd_pmksa::{CacheMode, HitKind, Lookup, MacAddr, PmksaCaches, PmksaEntry, SessionAttrs};
use roamd_wpa::{pmkid::pmkid, Akm, Pmk};

const AP_A: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const AP_B: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

struct Redis {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Redis {
    fn start() -> Redis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir.path())
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server (Debian package redis-server) is required");
        // Dropped (killed and waited for) on every path, a panic included.
        let redis = Redis {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return redis;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not listen on {port}");
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-p", &self.port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn config(port: u16, key_file: &Path) -> Config {
    config_with_store(&format!("redis://127.0.0.1:{port}/0"), key_file)
}

fn config_with_store(store: &str, key_file: &Path) -> Config {
    Config::parse(
        Path::new("t.toml"),
        &format!(
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n\
             [cache_domain.campus]\nstore = \"{store}\"\nkey_file = {key_file:?}\n"
        ),
    )
    .expect("valid")
}

/// A Redis Sentinel (`redis-server --sentinel`) monitoring `master_port`
/// as `campus`.
struct Sentinel {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Sentinel {
    fn start(master_port: u16) -> Sentinel {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("sentinel.conf");
        std::fs::write(
            &conf,
            format!(
                "port {port}\nbind 127.0.0.1\ndir {}\nsentinel monitor campus 127.0.0.1 {master_port} 1\n",
                dir.path().display()
            ),
        )
        .unwrap();
        let child = Command::new("redis-server")
            .arg(&conf)
            .arg("--sentinel")
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server --sentinel");
        let sentinel = Sentinel {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..100 {
            let out = Command::new("redis-cli")
                .args(["-p", &port.to_string()])
                .args(["SENTINEL", "get-master-addr-by-name", "campus"])
                .output()
                .expect("redis-cli");
            if String::from_utf8_lossy(&out.stdout).contains(&master_port.to_string()) {
                return sentinel;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the sentinel on {port} does not name the master");
    }
}

impl Drop for Sentinel {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn registry(bss: MacAddr) -> RefCell<PmksaCaches> {
    let mut r = PmksaCaches::new();
    r.register_bss(bss, CacheMode::Okc, "campus");
    r.register_bss(
        MacAddr([2, 0, 0, 0, 9, 9]),
        CacheMode::Sticky,
        "campus-sticky",
    );
    RefCell::new(r)
}

fn entry(now: Instant) -> PmksaEntry {
    let session = SessionAttrs {
        identity: b"alice".to_vec(),
        vlan_id: Some(10),
        session_timeout: Some(600),
        ..Default::default()
    };
    let pmk = Pmk::from_slice(&[0x42; 32]).unwrap();
    PmksaEntry::new(now, pmk, Akm::Ieee8021x, AP_A, STA, session).unwrap()
}

/// Feeds `stores` its task's messages until `done` holds (5 s at most);
/// what handling the last one answered.
async fn pump(
    stores: &mut Stores,
    pmksa: &RefCell<PmksaCaches>,
    mut done: impl FnMut(&Inbound) -> bool,
) -> Option<FetchAnswer> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let m = tokio::time::timeout_at(deadline, stores.recv())
            .await
            .expect("no message from the store task within 5 s");
        let stop = done(&m);
        let answer = stores.handle(m, pmksa);
        if stop {
            return answer;
        }
    }
}

fn is_fetched(m: &Inbound) -> bool {
    matches!(m, Inbound::Fetched { .. })
}

fn is_up(m: &Inbound) -> bool {
    matches!(m, Inbound::Up { .. })
}

fn okc_at_b(pmksa: &RefCell<PmksaCaches>) -> Lookup {
    let offered = pmkid(
        &Pmk::from_slice(&[0x42; 32]).unwrap(),
        &AP_B,
        &STA,
        Akm::Ieee8021x,
    )
    .unwrap();
    pmksa
        .borrow_mut()
        .lookup(Instant::now(), AP_B, STA, &[offered.0])
}

#[tokio::test(flavor = "current_thread")]
async fn two_hosts_share_an_okc_domain_through_redis() {
    let redis = Redis::start();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("campus.key");
    std::fs::write(&key_file, [7u8; 64]).unwrap();
    let config = config(redis.port, &key_file);

    let pmksa_a = registry(AP_A);
    let pmksa_b = registry(AP_B);
    let mut a = Stores::start(&config, &pmksa_a).unwrap();
    let mut b = Stores::start(&config, &pmksa_b).unwrap();
    pump(&mut a, &pmksa_a, is_up).await;
    pump(&mut b, &pmksa_b, is_up).await;

    // Full EAP at A: written through, announced, replicated at B.
    let now = Instant::now();
    pmksa_a.borrow_mut().add(now, entry(now)).unwrap();
    let written = Instant::now();
    a.push_changes(&pmksa_a);
    pump(&mut b, &pmksa_b, |m| matches!(m, Inbound::Record { .. })).await;
    eprintln!("replication delay {:?}", written.elapsed());
    let stored = redis.cli(&["KEYS", "roamd:pmksa:campus:*"]);
    assert_eq!(stored.trim(), "roamd:pmksa:campus:020000000200:okc");
    let ttl: u64 = redis
        .cli(&["TTL", "roamd:pmksa:campus:020000000200:okc"])
        .trim()
        .parse()
        .unwrap();
    assert!((590..=600).contains(&ttl), "TTL {ttl}");
    // The record holds no PMK in clear.
    let raw = redis.cli(&["--no-raw", "GET", "roamd:pmksa:campus:020000000200:okc"]);
    assert!(!raw.contains("BBBBBBBB"), "{raw}");

    let Lookup::Hit { entry: got, kind } = okc_at_b(&pmksa_b) else {
        panic!("B did not derive an OKC entry from the replica")
    };
    assert_eq!(kind, HitKind::Okc { from_bss: AP_A });
    assert!(pmksa_b.borrow().hit_from_store(&AP_B, &STA, kind));
    assert_eq!(got.session.vlan_id, Some(10));
    assert_eq!(got.session.identity, b"alice");

    // A third host started later warms its replica with SCAN.
    let pmksa_c = registry(AP_B);
    let mut c = Stores::start(&config, &pmksa_c).unwrap();
    pump(&mut c, &pmksa_c, is_up).await;
    assert_eq!(pmksa_c.borrow().replica_len(), 1);

    // A tampered record (one octet of the sealed part changed) is refused.
    let key = "roamd:pmksa:campus:020000000300:okc";
    let mut forged = redis_get(&redis, "roamd:pmksa:campus:020000000200:okc");
    forged[6..12].copy_from_slice(&[2, 0, 0, 0, 3, 0]);
    redis_set(&redis, key, &forged);
    let pmksa_d = registry(AP_B);
    let mut d = Stores::start(&config, &pmksa_d).unwrap();
    pump(&mut d, &pmksa_d, is_up).await;
    assert_eq!(pmksa_d.borrow().replica_len(), 1, "only the genuine record");

    // B's replica loses the entry (or never heard of it): a miss there
    // fetches the record, and the lookup hits again.
    assert!(pmksa_b
        .borrow()
        .store_view(&AP_B)
        .is_some_and(|v| v.available && v.miss_wait == Duration::from_millis(5)));
    pmksa_b
        .borrow_mut()
        .remove_replica("campus", CacheMode::Okc, AP_B, STA);
    assert!(!okc_at_b(&pmksa_b).is_hit());
    let asked = Instant::now();
    assert!(b.fetch(AP_B, STA, &pmksa_b).is_none(), "on its way");
    let answer = pump(&mut b, &pmksa_b, is_fetched).await.expect("answer");
    eprintln!("fetch on a miss {:?}", asked.elapsed());
    assert_eq!(
        (answer.bssid, answer.sta, answer.answer),
        (AP_B, STA, StoreAnswer::Answered)
    );
    let Lookup::Hit { entry: got, .. } = okc_at_b(&pmksa_b) else {
        panic!("the fetched record did not serve the OKC lookup")
    };
    // A station the store does not know: answered, nothing found.
    let stranger = MacAddr([2, 0, 0, 0, 7, 0]);
    assert!(b.fetch(AP_B, stranger, &pmksa_b).is_none());
    let answer = pump(&mut b, &pmksa_b, is_fetched).await.expect("answer");
    assert_eq!(
        (answer.sta, answer.answer),
        (stranger, StoreAnswer::Answered)
    );

    // EAPOL-Start at B: the removal reaches A.
    let offered = got.pmkid();
    assert!(pmksa_b.borrow_mut().remove(&AP_B, &STA, &offered));
    b.push_changes(&pmksa_b);
    pump(&mut a, &pmksa_a, |m| matches!(m, Inbound::Removed { .. })).await;
    assert!(pmksa_a.borrow().cache(&AP_A).unwrap().is_empty());
    assert_eq!(
        redis
            .cli(&["EXISTS", "roamd:pmksa:campus:020000000200:okc"])
            .trim(),
        "0"
    );

    // The store goes away: the tasks say so, changes stay local, nothing blocks.
    drop(redis);
    pump(&mut a, &pmksa_a, |m| matches!(m, Inbound::Down { .. })).await;
    let t = Instant::now();
    pmksa_a.borrow_mut().add(t, entry(t)).unwrap();
    a.push_changes(&pmksa_a);
    assert!(t.elapsed() < Duration::from_millis(50));
    assert!(a.status().contains("unavailable"));
    // A miss neither waits nor asks: the BSS hears it at once.
    assert!(!pmksa_a.borrow().store_view(&AP_A).unwrap().available);
    assert_eq!(a.fetch(AP_A, STA, &pmksa_a), Some(StoreAnswer::Unavailable));
}

/// A Redis Cluster of three masters on loopback (no replicas), its slots
/// spread by `redis-cli --cluster create`; with `tls` (redis-server's TLS
/// arguments) the nodes speak only TLS, to clients and to each other, and
/// `redis-cli` reaches them with `tls_args`.
fn start_cluster(tls: &[std::ffi::OsString], tls_args: &[std::ffi::OsString]) -> Vec<Redis> {
    let free = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let nodes: Vec<Redis> = (0..3)
        .map(|_| {
            let (port, bus) = (free(), free());
            let dir = tempfile::tempdir().unwrap();
            let mut server = Command::new("redis-server");
            if tls.is_empty() {
                server.args(["--port", &port.to_string()]);
            } else {
                server.args(["--port", "0", "--tls-port", &port.to_string()]);
                server.args(tls).args(["--tls-cluster", "yes"]);
            }
            let child = server
                .args(["--bind", "127.0.0.1"])
                .args([
                    "--cluster-enabled",
                    "yes",
                    "--cluster-port",
                    &bus.to_string(),
                ])
                .args(["--save", "", "--appendonly", "no"])
                .arg("--dir")
                .arg(dir.path())
                .stdout(Stdio::null())
                .spawn()
                .expect("redis-server (Debian package redis-server) is required");
            let node = Redis {
                child,
                port,
                _dir: dir,
            };
            let up = (0..100).any(|_| {
                let ok = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
                if !ok {
                    std::thread::sleep(Duration::from_millis(50));
                }
                ok
            });
            assert!(up, "redis-server did not listen on {port}");
            node
        })
        .collect();
    let ok = Command::new("redis-cli")
        .args(tls_args)
        .arg("--cluster")
        .arg("create")
        .args(nodes.iter().map(|n| format!("127.0.0.1:{}", n.port)))
        .args(["--cluster-replicas", "0", "--cluster-yes"])
        .stdout(Stdio::null())
        .status()
        .expect("redis-cli")
        .success();
    assert!(ok, "redis-cli --cluster create");
    for node in &nodes {
        let formed = (0..200).any(|_| {
            let out = Command::new("redis-cli")
                .args(tls_args)
                .args(["-p", &node.port.to_string(), "CLUSTER", "INFO"])
                .output()
                .expect("redis-cli");
            let ok = String::from_utf8_lossy(&out.stdout).contains("cluster_state:ok");
            if !ok {
                std::thread::sleep(Duration::from_millis(50));
            }
            ok
        });
        assert!(formed, "the cluster did not form at {}", node.port);
    }
    nodes
}

// `redis+cluster://`: three masters; records of many stations land on
// different masters; B hears A's announcements through the cluster; a
// third host warms up with a SCAN of every master; a miss is fetched.
#[tokio::test(flavor = "current_thread")]
async fn two_hosts_share_an_okc_domain_through_a_cluster() {
    let cluster = start_cluster(&[], &[]);
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("campus.key");
    std::fs::write(&key_file, [7u8; 64]).unwrap();
    let config = config_with_store(
        &format!("redis+cluster://127.0.0.1:{}", cluster[0].port),
        &key_file,
    );
    let held = |n: &Redis| n.cli(&["DBSIZE"]).trim().parse().unwrap();
    share_through_cluster(&config, &cluster, held).await;
}

/// Hosts A and B, then C, in `config`'s cluster domain: write-through to
/// several masters (`held` counts a node's keys), replication, warm-up,
/// a fetch on a miss.
async fn share_through_cluster(config: &Config, cluster: &[Redis], held: impl Fn(&Redis) -> usize) {
    let pmksa_a = registry(AP_A);
    let pmksa_b = registry(AP_B);
    let mut a = Stores::start(config, &pmksa_a).unwrap();
    let mut b = Stores::start(config, &pmksa_b).unwrap();
    pump(&mut a, &pmksa_a, is_up).await;
    pump(&mut b, &pmksa_b, is_up).await;

    const STATIONS: u8 = 24;
    let now = Instant::now();
    for n in 0..STATIONS {
        let sta = MacAddr([2, 0, 0, 1, 0, n]);
        let pmk = Pmk::from_slice(&[0x42; 32]).unwrap();
        let e =
            PmksaEntry::new(now, pmk, Akm::Ieee8021x, AP_A, sta, SessionAttrs::default()).unwrap();
        pmksa_a.borrow_mut().add(now, e).unwrap();
    }
    a.push_changes(&pmksa_a);
    let mut heard = 0;
    pump(&mut b, &pmksa_b, |m| {
        heard += usize::from(matches!(m, Inbound::Record { .. }));
        heard == usize::from(STATIONS)
    })
    .await;
    let held: Vec<usize> = cluster.iter().map(held).collect();
    assert_eq!(
        held.iter().sum::<usize>(),
        usize::from(STATIONS),
        "{held:?}"
    );
    assert!(
        held.iter().filter(|&&n| n > 0).count() > 1,
        "the records sit on one master only: {held:?}"
    );

    // A third host started later warms its replica from every master.
    let pmksa_c = registry(AP_B);
    let mut c = Stores::start(config, &pmksa_c).unwrap();
    pump(&mut c, &pmksa_c, is_up).await;
    assert_eq!(pmksa_c.borrow().replica_len(), usize::from(STATIONS));

    // A miss at B fetches the record from its slot's master.
    let sta = MacAddr([2, 0, 0, 1, 0, 5]);
    pmksa_b
        .borrow_mut()
        .remove_replica("campus", CacheMode::Okc, AP_B, sta);
    assert!(b.fetch(AP_B, sta, &pmksa_b).is_none(), "on its way");
    let answer = pump(&mut b, &pmksa_b, is_fetched).await.expect("answer");
    assert_eq!((answer.sta, answer.answer), (sta, StoreAnswer::Answered));
    assert_eq!(pmksa_b.borrow().replica_len(), usize::from(STATIONS));
}

fn redis_get(redis: &Redis, key: &str) -> Vec<u8> {
    let out = Command::new("redis-cli")
        .args(["-p", &redis.port.to_string(), "--raw", "GET", key])
        .output()
        .unwrap();
    let mut v = out.stdout;
    // --raw ends the value with a newline.
    v.pop();
    v
}

fn redis_set(redis: &Redis, key: &str, value: &[u8]) {
    use std::io::Write;
    let mut child = Command::new("redis-cli")
        .args(["-p", &redis.port.to_string(), "-x", "SET", key])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(value).unwrap();
    child.wait().unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_store_behind_sentinel_is_found_through_it() {
    let redis = Redis::start();
    let sentinel = Sentinel::start(redis.port);
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("campus.key");
    std::fs::write(&key_file, [7u8; 64]).unwrap();
    // One sentinel that does not answer, then the real one.
    let unused = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = config_with_store(
        &format!(
            "redis+sentinel://127.0.0.1:{unused},127.0.0.1:{}/campus/0",
            sentinel.port
        ),
        &key_file,
    );
    let pmksa = registry(AP_A);
    let mut a = Stores::start(&config, &pmksa).unwrap();
    pump(&mut a, &pmksa, is_up).await;
    let now = Instant::now();
    pmksa.borrow_mut().add(now, entry(now)).unwrap();
    a.push_changes(&pmksa);
    // Written to the master the sentinel named.
    for _ in 0..100 {
        if redis
            .cli(&["EXISTS", "roamd:pmksa:campus:020000000200:okc"])
            .trim()
            == "1"
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the record did not reach the master");
}

/// A CA and a server certificate for 127.0.0.1 signed by it, in `dir`.
#[cfg(feature = "store-tls")]
struct TlsFiles {
    ca: std::path::PathBuf,
    cert: std::path::PathBuf,
    key: std::path::PathBuf,
}

#[cfg(feature = "store-tls")]
impl TlsFiles {
    fn make(dir: &Path) -> TlsFiles {
        std::fs::write(
            dir.join("leaf.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        // A CA, and the server's certificate signed by it (webpki refuses a
        // CA certificate as the server's own).
        let openssl = |args: &[&str]| {
            let ok = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .stderr(Stdio::null())
                .status()
                .expect("openssl")
                .success();
            assert!(ok, "openssl {args:?}");
        };
        let ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
        let run = |line: String| openssl(&line.split(' ').collect::<Vec<_>>());
        run(format!(
            "req -x509 {ec} -days 2 -subj /CN=roamd-test-CA -keyout ca.key -out ca.pem"
        ));
        run(format!(
            "req {ec} -subj /CN=localhost -keyout key.pem -out leaf.csr"
        ));
        run(
            "x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
             -extfile leaf.ext -out cert.pem"
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        TlsFiles {
            ca: dir.join("ca.pem"),
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
        }
    }

    /// redis-server's arguments to speak only TLS on `port`.
    fn server_args(&self, port: u16) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = ["--port", "0", "--tls-port", &port.to_string()]
            .iter()
            .map(Into::into)
            .collect();
        for (flag, file) in [
            ("--tls-cert-file", &self.cert),
            ("--tls-key-file", &self.key),
            ("--tls-ca-cert-file", &self.ca),
        ] {
            args.push(flag.into());
            args.push(file.into());
        }
        args.extend(["--tls-auth-clients", "no"].map(Into::into));
        args
    }

    /// Whether the TLS Redis on `port` holds `key`.
    fn exists(&self, port: u16, key: &str) -> bool {
        self.cli(port, &["EXISTS", key]).trim() == "1"
    }

    /// redis-cli over TLS to `port`.
    fn cli(&self, port: u16, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["--tls", "--cacert"])
            .arg(&self.ca)
            .args(["-p", &port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// A Redis that speaks only TLS.
#[cfg(feature = "store-tls")]
fn start_tls_redis(tls: &TlsFiles) -> Redis {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new("redis-server")
        .args(tls.server_args(port))
        .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir.path())
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server");
    let redis = Redis {
        child,
        port,
        _dir: dir,
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", redis.port)).is_ok() {
            return redis;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("redis-server did not listen on {port} (TLS)");
}

#[cfg(feature = "store-tls")]
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the store of `config`, caches one entry, and waits until its
/// record is in the store `exists` looks at.
#[cfg(feature = "store-tls")]
async fn written_through(config: &Config, exists: impl Fn(&str) -> bool) {
    let pmksa = registry(AP_A);
    let mut a = Stores::start(config, &pmksa).unwrap();
    pump(&mut a, &pmksa, is_up).await;
    let now = Instant::now();
    pmksa.borrow_mut().add(now, entry(now)).unwrap();
    a.push_changes(&pmksa);
    for _ in 0..100 {
        if exists("roamd:pmksa:campus:020000000200:okc") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the record did not reach the TLS store");
}

#[cfg(feature = "store-tls")]
fn tls_config(store: &str, dir: &Path, ca: &Path) -> Config {
    let key_file = dir.join("campus.key");
    std::fs::write(&key_file, [7u8; 64]).unwrap();
    Config::parse(
        Path::new("t.toml"),
        &format!(
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n\
             [cache_domain.campus]\nstore = \"{store}\"\n\
             key_file = {key_file:?}\nca_file = {ca:?}\n"
        ),
    )
    .expect("valid")
}

// `rediss://` with the RustCrypto provider: a Redis that speaks only TLS,
// its certificate from a CA given by `ca_file`.
#[cfg(feature = "store-tls")]
#[tokio::test(flavor = "current_thread")]
async fn a_tls_store_is_reached_with_rustcrypto() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsFiles::make(dir.path());
    let redis = start_tls_redis(&tls);
    let config = tls_config(
        &format!("rediss://127.0.0.1:{}/0", redis.port),
        dir.path(),
        &tls.ca,
    );
    written_through(&config, |key| tls.exists(redis.port, key)).await;
}

// `rediss+sentinel://`: a sentinel and a master that both speak only TLS,
// the sentinel reaching the master over TLS too (tls-replication).
#[cfg(feature = "store-tls")]
#[tokio::test(flavor = "current_thread")]
async fn a_tls_store_behind_a_tls_sentinel_is_found_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsFiles::make(dir.path());
    let redis = start_tls_redis(&tls);
    let port = free_port();
    let sentinel_dir = tempfile::tempdir().unwrap();
    let conf = sentinel_dir.path().join("sentinel.conf");
    std::fs::write(
        &conf,
        format!(
            "bind 127.0.0.1\ndir {}\ntls-replication yes\n\
             sentinel monitor campus 127.0.0.1 {} 1\n",
            sentinel_dir.path().display(),
            redis.port
        ),
    )
    .unwrap();
    let child = Command::new("redis-server")
        .arg(&conf)
        .arg("--sentinel")
        .args(tls.server_args(port))
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server --sentinel");
    let _sentinel = Sentinel {
        child,
        port,
        _dir: sentinel_dir,
    };
    let named = (0..100).any(|_| {
        let found = tls
            .cli(port, &["SENTINEL", "get-master-addr-by-name", "campus"])
            .contains(&redis.port.to_string());
        if !found {
            std::thread::sleep(Duration::from_millis(50));
        }
        found
    });
    assert!(named, "the TLS sentinel on {port} does not name the master");
    let config = tls_config(
        &format!("rediss+sentinel://127.0.0.1:{port}/campus/0"),
        dir.path(),
        &tls.ca,
    );
    written_through(&config, |key| tls.exists(redis.port, key)).await;
}

// `rediss+cluster://`: the same over TLS (tls-cluster: the nodes' bus too).
#[cfg(feature = "store-tls")]
#[tokio::test(flavor = "current_thread")]
async fn a_tls_cluster_is_shared_through() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsFiles::make(dir.path());
    // server_args without its leading `--port 0 --tls-port N`.
    let server: Vec<std::ffi::OsString> = tls.server_args(0).into_iter().skip(4).collect();
    let cli: Vec<std::ffi::OsString> =
        vec!["--tls".into(), "--cacert".into(), tls.ca.clone().into()];
    let cluster = start_cluster(&server, &cli);
    let config = tls_config(
        &format!("rediss+cluster://127.0.0.1:{}", cluster[0].port),
        dir.path(),
        &tls.ca,
    );
    let held = |n: &Redis| tls.cli(n.port, &["DBSIZE"]).trim().parse().unwrap();
    share_through_cluster(&config, &cluster, held).await;
}
