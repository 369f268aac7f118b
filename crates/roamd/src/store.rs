//! PMKSA cache domains shared with other roamd hosts through Redis or
//! Valkey (feature `shared-cache`; `[cache_domain.NAME] store = ...`).
//!
//! One tokio task per domain owns the store's connections; the event loop
//! talks to it only through bounded channels. Towards the task the loop
//! uses `try_send`: a full queue is counted and the change dropped (the
//! entry stays cached here), so a slow or dead store never stalls the loop.
//! The task sends back with `send().await`, which holds back only itself.
//!
//! - Write-through: an entry a full authentication caches at a shared BSS
//!   is sealed ([`roamd_pmksa_store::Sealer`], in the loop: the task only
//!   moves octets) and written with `SET key record EX <lifetime left>`,
//!   then announced on the domain's channel with the record.
//! - Replication: the other hosts, subscribed to the channel, open the
//!   record and insert it into their registry
//!   ([`PmksaCaches::insert_replica`]): association-time lookups stay in
//!   memory. Removals go the same way (`DEL` + announcement).
//! - Warm-up: at start-up and after every reconnection the task
//!   subscribes first, then `SCAN`s the domain's keys, so nothing written
//!   in between is missed; this restores a restarted host's sticky entries.
//! - Failures: a lost or refused connection is logged as "store
//!   unavailable" and retried with backoff (250 ms doubling to 30 s); while
//!   it is down, writes are dropped and counted. No station waits on it.
//!
//! A `redis+sentinel://` store is found through its sentinels: the task
//! asks them for the master at every (re)connection, so after a failover
//! the next reconnection reaches the new master (and warms up from it).
//! `rediss+sentinel://` does the same over TLS, to the sentinels and the
//! master.
//!
//! A `redis+cluster://` store is a Redis Cluster: redis-rs's cluster
//! connection sends each command to its key's slot master (and follows
//! MOVED and layout changes), the warm-up SCANs each master in turn (the
//! masters from CLUSTER SLOTS) and MGETs by slot, a write is SET then
//! PUBLISH, one after the other (key and channel sit in different slots),
//! and the announcements come as RESP3 pushes on the same connection
//! (a classic SUBSCRIBE hears PUBLISH from any node), through a bounded
//! queue: one dropped when it is full is logged, and the record is fetched
//! on a miss.
//!
//! TLS (`rediss://`) only in a build with the `store-tls` feature: redis-rs
//! does TLS through rustls, whose own crypto providers are ring or aws-lc;
//! that build installs RustCrypto's provider (crate `rustls-rustcrypto`, an
//! alpha release) as the process default before the first connection, and
//! rustls is built without the others. The records are sealed either way;
//! TLS protects the ACL password and hides which stations roam.
//!
//! - Miss wait: the replica is kept current by the announcements, but a
//!   station can roam faster than an announcement travels. A BSS whose
//!   lookup missed holds the (re)association request and emits
//!   [`Output::FetchPmksa`](roamd_ap::Output::FetchPmksa); [`Stores::fetch`]
//!   hands a `GET` of the station's key to the domain's task, which runs
//!   it beside its other work (its own future on the multiplexed
//!   connection), and the record comes back as [`Inbound::Fetched`]: it is
//!   opened into the registry like an announced one, then the BSS is told
//!   ([`FetchAnswer`]). The BSS gives up after `miss_wait_ms` by itself.
//!   The registry knows whether each domain's store is up
//!   ([`PmksaCaches::set_store_available`]): a BSS does not wait on a
//!   store that is down, and its journal says `store-unavailable`.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use futures::StreamExt;
use roamd_ap::bss::StoreAnswer;
use roamd_pmksa::{CacheMode, MacAddr, PmksaCaches, SharedChange};
use roamd_pmksa_store::names::{self, Announcement, Change};
use roamd_pmksa_store::{EntryKind, Sealer, StoreCounters};
use tokio::sync::mpsc;
use tracing::{debug, info, warn};

use crate::config::Config;

/// Changes waiting for one domain's task.
const OUTBOUND_LEN: usize = 1024;
/// Records and removals waiting for the loop, all domains.
const INBOUND_LEN: usize = 1024;
/// Longest wait for one store operation before the connection counts as lost.
const OP_TIMEOUT: Duration = Duration::from_secs(2);
const BACKOFF_FIRST: Duration = Duration::from_millis(250);
const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// Keys per SCAN step and MGET of the warm-up.
const SCAN_COUNT: usize = 1000;

/// What the loop asks a domain's task to do.
#[derive(Debug)]
enum Outbound {
    Write {
        key: String,
        record: Vec<u8>,
        ttl_secs: u64,
    },
    Delete {
        key: String,
    },
    /// Read one record for a waiting (re)association.
    Fetch {
        key: String,
        bssid: MacAddr,
        sta: MacAddr,
    },
}

/// What a domain's task tells the loop.
#[derive(Debug)]
pub enum Inbound {
    /// A record read in the warm-up or announced by another host.
    Record {
        /// Index of the domain.
        domain: usize,
        /// Its key.
        key: String,
        /// The sealed record.
        record: Vec<u8>,
        /// Read by the warm-up's SCAN (not announced).
        warm: bool,
    },
    /// The answer to [`Outbound::Fetch`].
    Fetched {
        /// Index of the domain.
        domain: usize,
        /// The key read.
        key: String,
        /// The BSS that asked.
        bssid: MacAddr,
        /// The station it asked for.
        sta: MacAddr,
        /// The record, `None` if the store holds none; `Err` if it could
        /// not be read.
        record: Result<Option<Vec<u8>>, String>,
    },
    /// Another host removed a record.
    Removed {
        /// Index of the domain.
        domain: usize,
        /// Its key.
        key: String,
    },
    /// Connected, subscribed and warmed up.
    Up {
        /// Index of the domain.
        domain: usize,
        /// Records the SCAN read.
        warmed: usize,
        /// How long the warm-up took.
        took: Duration,
    },
    /// The connection was lost or refused.
    Down {
        /// Index of the domain.
        domain: usize,
        /// Why.
        why: String,
    },
}

/// What the loop counted for one domain.
#[derive(Debug, Default, Clone, Copy)]
struct LinkCounters {
    written: u64,
    deleted: u64,
    /// Changes dropped because the task's queue was full.
    queue_full: u64,
    /// Changes dropped because the store was unavailable.
    unavailable: u64,
    replicated: u64,
    removed: u64,
    /// Records opened but of no use here (another AP's sticky entry).
    ignored: u64,
    /// Records read for waiting (re)associations: found, not found,
    /// failed (including those not asked: store down, queue full).
    fetch_found: u64,
    fetch_absent: u64,
    fetch_failed: u64,
}

/// What a fetch found, for the BSS whose (re)association request waits.
#[derive(Debug)]
pub struct FetchAnswer {
    /// The BSS.
    pub bssid: MacAddr,
    /// The station.
    pub sta: MacAddr,
    /// What the store said.
    pub answer: StoreAnswer,
}

struct Domain {
    name: String,
    sealer: Sealer,
    outbound: mpsc::Sender<Outbound>,
    up: bool,
    counters: LinkCounters,
    /// A cluster's announcements dropped on a full queue (counted by the
    /// task's connection).
    announcements_dropped: Arc<AtomicU64>,
}

/// The shared cache domains of this daemon.
pub struct Stores {
    domains: Vec<Domain>,
    inbound: mpsc::Receiver<Inbound>,
}

impl Stores {
    /// Starts one task per `[cache_domain]` of `config` and marks the BSSes
    /// that join it shared in `pmksa`. The tasks connect in the background:
    /// a store down at start-up delays nothing.
    pub fn start(config: &Config, pmksa: &RefCell<PmksaCaches>) -> Result<Self> {
        let (inbound_tx, inbound) = mpsc::channel(INBOUND_LEN);
        // Each daemon instance skips its own announcements by this number.
        let origin = random_origin();
        let mut domains = Vec::new();
        for (index, d) in config.cache_domains.iter().enumerate() {
            let target = StoreTarget::new(d).with_context(|| {
                format!(
                    "{}: cache_domain.{}.store: {}",
                    config.file.display(),
                    d.name,
                    d.store_display()
                )
            })?;
            let mut registry = pmksa.borrow_mut();
            let joined: Vec<_> = registry
                .bsses()
                .filter(|(_, mode, domain)| *domain == d.name && *mode != CacheMode::None)
                .map(|(bssid, _, _)| bssid)
                .collect();
            for bssid in &joined {
                registry.set_shared(bssid, true);
            }
            registry.set_replica_max_entries(&d.name, d.max_entries);
            // Unavailable until the task has connected and warmed up.
            registry.set_store_available(&d.name, false);
            registry.set_miss_wait(&d.name, d.miss_wait);
            if joined.is_empty() {
                warn!(
                    domain = %d.name,
                    "cache_domain.{}: no BSS names it as its cache domain",
                    d.name
                );
            }
            info!(domain = %d.name, store = %d.store_display(), bsses = joined.len(), "shared PMKSA cache domain");
            let (outbound, outbound_rx) = mpsc::channel(OUTBOUND_LEN);
            let announcements_dropped = target.announcements_dropped();
            tokio::spawn(domain_task(
                index,
                d.name.clone(),
                target,
                origin,
                outbound_rx,
                inbound_tx.clone(),
            ));
            domains.push(Domain {
                name: d.name.clone(),
                sealer: Sealer::new(d.keys.clone()),
                outbound,
                up: false,
                counters: LinkCounters::default(),
                announcements_dropped,
            });
        }
        Ok(Self { domains, inbound })
    }

    /// The next message of a domain's task; pending forever without
    /// domains.
    pub async fn recv(&mut self) -> Inbound {
        if self.domains.is_empty() {
            return std::future::pending().await;
        }
        match self.inbound.recv().await {
            Some(m) => m,
            None => std::future::pending().await,
        }
    }

    /// Applies what a task reported to the registry; the answer for a
    /// waiting (re)association, when it was a fetch.
    pub fn handle(
        &mut self,
        message: Inbound,
        pmksa: &RefCell<PmksaCaches>,
    ) -> Option<FetchAnswer> {
        match message {
            Inbound::Record {
                domain,
                key,
                record,
                warm,
            } => {
                let d = self.domains.get_mut(domain)?;
                take_record(d, &key, &record, warm, pmksa);
            }
            Inbound::Fetched {
                domain,
                key,
                bssid,
                sta,
                record,
            } => {
                let d = self.domains.get_mut(domain)?;
                let answer = match record {
                    Ok(Some(record)) => {
                        d.counters.fetch_found += 1;
                        take_record(d, &key, &record, false, pmksa);
                        StoreAnswer::Answered
                    }
                    Ok(None) => {
                        d.counters.fetch_absent += 1;
                        debug!(domain = %d.name, %key, "no such record in the store");
                        StoreAnswer::Answered
                    }
                    Err(why) => {
                        d.counters.fetch_failed += 1;
                        warn!(domain = %d.name, %key, %why, "store unavailable: record not read");
                        StoreAnswer::Unavailable
                    }
                };
                return Some(FetchAnswer { bssid, sta, answer });
            }
            Inbound::Removed { domain, key } => {
                let d = self.domains.get_mut(domain)?;
                let (spa, kind) = names::parse_record_key(&d.name, &key)?;
                let aa = match kind {
                    EntryKind::Sticky { aa } => aa,
                    EntryKind::Okc => roamd_pmksa::MacAddr([0; 6]),
                };
                let n = pmksa
                    .borrow_mut()
                    .remove_replica(&d.name, mode_of(kind), aa, spa);
                d.counters.removed += n as u64;
                debug!(domain = %d.name, sta = %spa, removed = n, "PMKSA removed by another host");
            }
            Inbound::Up {
                domain,
                warmed,
                took,
            } => {
                let d = self.domains.get_mut(domain)?;
                d.up = true;
                pmksa.borrow_mut().set_store_available(&d.name, true);
                info!(
                    domain = %d.name,
                    warmed,
                    warm_ms = took.as_millis() as u64,
                    "store available: replica warmed"
                );
            }
            Inbound::Down { domain, why } => {
                let d = self.domains.get_mut(domain)?;
                if d.up {
                    warn!(domain = %d.name, %why, "store unavailable: serving from the local cache");
                } else {
                    debug!(domain = %d.name, %why, "store still unavailable");
                }
                d.up = false;
                pmksa.borrow_mut().set_store_available(&d.name, false);
            }
        }
        None
    }

    /// Asks the store of `bssid`'s domain for station `sta`'s record (a
    /// (re)association there waits, [`roamd_ap::Output::FetchPmksa`]);
    /// the answer comes as [`Inbound::Fetched`]. The answer at once when
    /// the store cannot be asked.
    pub fn fetch(
        &mut self,
        bssid: MacAddr,
        sta: MacAddr,
        pmksa: &RefCell<PmksaCaches>,
    ) -> Option<StoreAnswer> {
        let registry = pmksa.borrow();
        let (Some(domain), Some(mode)) = (registry.domain(&bssid), registry.mode(&bssid)) else {
            return Some(StoreAnswer::Unavailable);
        };
        let Some(d) = self.domains.iter_mut().find(|d| d.name == domain) else {
            return Some(StoreAnswer::Unavailable);
        };
        if !d.up {
            d.counters.fetch_failed += 1;
            return Some(StoreAnswer::Unavailable);
        }
        let key = names::record_key(&d.name, sta, kind_of(mode, bssid));
        match d.outbound.try_send(Outbound::Fetch { key, bssid, sta }) {
            Ok(()) => None,
            Err(_) => {
                d.counters.fetch_failed += 1;
                d.counters.queue_full += 1;
                warn!(domain = %d.name, sta = %sta, "store queue full: record not read");
                Some(StoreAnswer::Unavailable)
            }
        }
    }

    /// Hands the registry's changes of shared BSSes to the domains' tasks;
    /// called after every input of the event loop.
    pub fn push_changes(&mut self, pmksa: &RefCell<PmksaCaches>) {
        if self.domains.is_empty() {
            return;
        }
        let changes = pmksa.borrow_mut().take_shared_changes();
        if changes.is_empty() {
            return;
        }
        let now = Instant::now();
        let now_unix = unix_now();
        for change in changes {
            let (domain, command) = match change {
                SharedChange::Added {
                    domain,
                    mode,
                    entry,
                } => {
                    let Some(d) = self.domains.iter_mut().find(|d| d.name == domain) else {
                        continue;
                    };
                    let kind = kind_of(mode, entry.aa());
                    let key = names::record_key(&d.name, entry.spa(), kind);
                    let ttl_secs = entry.remaining(now).as_secs();
                    match d.sealer.seal(&d.name, kind, &entry, now, now_unix) {
                        Ok(record) => (
                            domain,
                            Outbound::Write {
                                key,
                                record,
                                ttl_secs,
                            },
                        ),
                        Err(e) => {
                            warn!(domain = %d.name, sta = %entry.spa(), "PMKSA not written to the store: {e}");
                            continue;
                        }
                    }
                }
                SharedChange::Removed {
                    domain,
                    mode,
                    aa,
                    spa,
                } => {
                    let key = names::record_key(&domain, spa, kind_of(mode, aa));
                    (domain, Outbound::Delete { key })
                }
            };
            let Some(d) = self.domains.iter_mut().find(|d| d.name == domain) else {
                continue;
            };
            let is_write = matches!(command, Outbound::Write { .. });
            if !d.up {
                // The task would only drop it; say why the roam elsewhere
                // will run full EAP.
                d.counters.unavailable += 1;
                warn!(domain = %d.name, unavailable = d.counters.unavailable, "store unavailable: PMKSA change kept local");
                continue;
            }
            let key = match &command {
                Outbound::Write { key, .. }
                | Outbound::Delete { key }
                | Outbound::Fetch { key, .. } => key.clone(),
            };
            match d.outbound.try_send(command) {
                Ok(()) if is_write => {
                    d.counters.written += 1;
                    // The replication delay is measured from this line.
                    info!(domain = %d.name, %key, "PMKSA sent to the store");
                }
                Ok(()) => d.counters.deleted += 1,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    d.counters.queue_full += 1;
                    warn!(domain = %d.name, queue_full = d.counters.queue_full, "store queue full: PMKSA change kept local");
                }
                Err(mpsc::error::TrySendError::Closed(_)) => d.counters.unavailable += 1,
            }
        }
    }

    /// The `STATUS=` part: each domain up or down.
    pub fn status(&self) -> String {
        self.domains
            .iter()
            .map(|d| {
                format!(
                    ", store {}: {}",
                    d.name,
                    if d.up { "up" } else { "unavailable" }
                )
            })
            .collect()
    }

    /// Logs the counters (at shutdown).
    pub fn log_counters(&self) {
        for d in &self.domains {
            let c = d.counters;
            let s: StoreCounters = d.sealer.counters();
            info!(
                domain = %d.name,
                written = c.written,
                deleted = c.deleted,
                queue_full = c.queue_full,
                unavailable = c.unavailable,
                replicated = c.replicated,
                removed = c.removed,
                ignored = c.ignored,
                fetch_found = c.fetch_found,
                fetch_absent = c.fetch_absent,
                fetch_failed = c.fetch_failed,
                announcements_dropped = d.announcements_dropped.load(Ordering::Relaxed),
                sealed = s.sealed,
                opened = s.opened,
                tampered = s.tampered,
                swapped = s.swapped,
                expired = s.expired,
                unknown_key = s.unknown_key,
                malformed = s.malformed,
                "shared PMKSA store counters"
            );
        }
    }
}

/// Opens a record the store gave (announced, warm-up, fetch) into the
/// registry.
fn take_record(d: &mut Domain, key: &str, record: &[u8], warm: bool, pmksa: &RefCell<PmksaCaches>) {
    let now = Instant::now();
    let now_unix = unix_now();
    let Some((spa, kind)) = names::parse_record_key(&d.name, key) else {
        debug!(domain = %d.name, %key, "not a record key of this domain");
        return;
    };
    let opened = match d.sealer.open(record, &d.name, spa, kind, now_unix) {
        Ok(o) => o,
        Err(e) => {
            let c = d.sealer.counters();
            warn!(
                domain = %d.name,
                %key,
                error = %e,
                tampered = c.tampered,
                swapped = c.swapped,
                expired = c.expired,
                unknown_key = c.unknown_key,
                malformed = c.malformed,
                "store record rejected"
            );
            return;
        }
    };
    let mode = mode_of(kind);
    let (aa, pmkid) = (opened.aa(), opened.pmkid());
    let entry = opened.into_entry(now, now_unix);
    if pmksa.borrow_mut().insert_replica(now, &d.name, mode, entry) {
        d.counters.replicated += 1;
        // A warm-up reads the whole domain: one line per entry only at
        // debug level there ("replica warmed" sums up).
        if warm {
            debug!(domain = %d.name, sta = %spa, aa = %aa, %pmkid, warm, "PMKSA replicated from the store");
        } else {
            info!(domain = %d.name, sta = %spa, aa = %aa, %pmkid, warm, "PMKSA replicated from the store");
        }
    } else {
        d.counters.ignored += 1;
    }
}

fn kind_of(mode: CacheMode, aa: roamd_pmksa::MacAddr) -> EntryKind {
    match mode {
        CacheMode::Okc => EntryKind::Okc,
        CacheMode::Sticky | CacheMode::None => EntryKind::Sticky { aa },
    }
}

fn mode_of(kind: EntryKind) -> CacheMode {
    match kind {
        EntryKind::Okc => CacheMode::Okc,
        EntryKind::Sticky { .. } => CacheMode::Sticky,
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn random_origin() -> u64 {
    use rand::RngCore;
    rand::rngs::OsRng.next_u64()
}

/// Where a domain's store is.
enum StoreTarget {
    /// `redis://`: this server.
    Direct(redis::Client),
    /// `redis+sentinel://`: the master the sentinels name.
    Sentinel {
        sentinel: redis::sentinel::SentinelClient,
        master_name: String,
    },
    /// `redis+cluster://`: a Redis Cluster, learnt from these nodes.
    Cluster {
        cluster: roamd_config::ClusterStore,
        ca: Option<Vec<u8>>,
        /// Announcements dropped on a full queue, all sessions.
        dropped: Arc<AtomicU64>,
    },
}

/// A connected store: the connection for commands, and the stream of the
/// domain's announcements (their payloads).
struct Link {
    conn: Conn,
    announcements: futures::stream::BoxStream<'static, Vec<u8>>,
}

/// The connection for commands: to one server, or to a cluster (which
/// routes each key to its slot's master).
#[derive(Clone)]
enum Conn {
    Single(redis::aio::MultiplexedConnection),
    Cluster(redis::cluster_async::ClusterConnection),
}

impl redis::aio::ConnectionLike for Conn {
    fn req_packed_command<'a>(
        &'a mut self,
        cmd: &'a redis::Cmd,
    ) -> redis::RedisFuture<'a, redis::Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a redis::Pipeline,
        offset: usize,
        count: usize,
    ) -> redis::RedisFuture<'a, Vec<redis::Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

impl StoreTarget {
    fn new(d: &roamd_config::CacheDomain) -> redis::RedisResult<Self> {
        if let Some(cluster) = d.cluster() {
            return Ok(Self::Cluster {
                cluster,
                ca: d.ca.clone(),
                dropped: Arc::default(),
            });
        }
        let Some(s) = d.sentinel() else {
            return Ok(Self::Direct(direct_client(d)?));
        };
        let nodes = s.sentinels.iter().map(|(host, port)| {
            let (host, port) = (host.clone(), *port);
            if s.tls {
                redis::ConnectionAddr::TcpTls {
                    host,
                    port,
                    insecure: false,
                    tls_params: None,
                }
            } else {
                redis::ConnectionAddr::Tcp(host, port)
            }
        });
        let mut builder = redis::sentinel::SentinelClientBuilder::new(
            nodes,
            &s.master_name,
            redis::sentinel::SentinelServerType::Master,
        )?
        .set_client_to_redis_db(s.db);
        if let Some(user) = &s.username {
            builder = builder.set_client_to_redis_username(user);
        }
        if let Some(password) = &s.password {
            builder = builder.set_client_to_redis_password(password);
        }
        if s.tls {
            builder = sentinel_tls(builder, d)?;
        }
        Ok(Self::Sentinel {
            sentinel: builder.build()?,
            master_name: s.master_name,
        })
    }

    /// The count of a cluster's dropped announcements (zero, and never
    /// counted, for the other kinds).
    fn announcements_dropped(&self) -> Arc<AtomicU64> {
        match self {
            Self::Cluster { dropped, .. } => dropped.clone(),
            _ => Arc::default(),
        }
    }

    /// Connects and subscribes to `channel` (the sentinels asked afresh
    /// for the master; a cluster's layout learnt afresh).
    async fn connect(&mut self, channel: &str) -> Result<Link, String> {
        let client = match self {
            Self::Direct(client) => client.clone(),
            Self::Sentinel {
                sentinel,
                master_name,
            } => {
                let found = timed(sentinel.async_get_client()).await;
                found.map_err(|e| format!("sentinels: master {master_name:?}: {e}"))?
            }
            Self::Cluster {
                cluster,
                ca,
                dropped,
            } => return connect_cluster(cluster, ca, channel, dropped.clone()).await,
        };
        let conn = timed(client.get_multiplexed_async_connection()).await?;
        let mut pubsub = timed(client.get_async_pubsub()).await?;
        timed(pubsub.subscribe(channel)).await?;
        let (_sink, messages) = pubsub.split();
        let announcements = messages.map(|m| m.get_payload_bytes().to_vec()).boxed();
        Ok(Link {
            conn: Conn::Single(conn),
            announcements,
        })
    }
}

/// Announcements a cluster connection holds for the task; more are
/// dropped and counted (the record is still fetched on a miss).
const CLUSTER_PUSH_LEN: usize = 1024;

/// A cluster: the connection routes each command to its slot's master
/// and follows the cluster's changes; the subscription (RESP3 pushes)
/// hears PUBLISH from any node, and is renewed by redis-rs after a
/// reconnection.
async fn connect_cluster(
    cluster: &roamd_config::ClusterStore,
    ca: &Option<Vec<u8>>,
    channel: &str,
    dropped: Arc<AtomicU64>,
) -> Result<Link, String> {
    let scheme = if cluster.tls { "rediss" } else { "redis" };
    let nodes = cluster.nodes.iter().map(|(host, port)| {
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.clone()
        };
        format!("{scheme}://{host}:{port}")
    });
    let (push_tx, push_rx) = mpsc::channel::<redis::PushInfo>(CLUSTER_PUSH_LEN);
    let counted = dropped.clone();
    let mut builder = redis::cluster::ClusterClientBuilder::new(nodes)
        .use_protocol(redis::ProtocolVersion::RESP3)
        .connection_timeout(OP_TIMEOUT)
        .response_timeout(OP_TIMEOUT)
        .push_sender(move |info: redis::PushInfo| {
            let sent = push_tx.try_send(info);
            if let Err(mpsc::error::TrySendError::Full(_)) = &sent {
                counted.fetch_add(1, Ordering::Relaxed);
            }
            sent
        });
    if let Some(user) = &cluster.username {
        builder = builder.username(user);
    }
    if let Some(password) = &cluster.password {
        builder = builder.password(password);
    }
    builder = cluster_tls(builder, cluster.tls, ca);
    let client = builder.build().map_err(|e| e.to_string())?;
    let mut conn = timed(client.get_async_connection()).await?;
    timed(conn.subscribe(channel)).await?;
    let logged = dropped.load(Ordering::Relaxed);
    let announcements = futures::stream::unfold((push_rx, logged), move |(mut rx, mut logged)| {
        let dropped = dropped.clone();
        async move {
            loop {
                let info = rx.recv().await?;
                let lost = dropped.load(Ordering::Relaxed);
                if lost > logged {
                    warn!(
                        lost,
                        "store announcements dropped: their records are fetched on a miss"
                    );
                    logged = lost;
                }
                if info.kind != redis::PushKind::Message {
                    continue;
                }
                // [channel, payload]
                if let Some(redis::Value::BulkString(payload)) = info.data.into_iter().nth(1) {
                    return Some((payload, (rx, logged)));
                }
            }
        }
    })
    .boxed();
    Ok(Link {
        conn: Conn::Cluster(conn),
        announcements,
    })
}

#[cfg(feature = "store-tls")]
fn cluster_tls(
    builder: redis::cluster::ClusterClientBuilder,
    tls: bool,
    ca: &Option<Vec<u8>>,
) -> redis::cluster::ClusterClientBuilder {
    if !tls {
        return builder;
    }
    // Before any TLS connection; already installed (a second domain) is fine.
    let _ = rustls_rustcrypto::provider().install_default();
    let builder = builder.tls(redis::TlsMode::Secure);
    match ca {
        Some(ca) => builder.certs(redis::TlsCertificates {
            client_tls: None,
            root_cert: Some(ca.clone()),
        }),
        None => builder,
    }
}

/// Without `store-tls` the configuration refuses `rediss+cluster://`.
#[cfg(not(feature = "store-tls"))]
fn cluster_tls(
    builder: redis::cluster::ClusterClientBuilder,
    _: bool,
    _: &Option<Vec<u8>>,
) -> redis::cluster::ClusterClientBuilder {
    builder
}

/// The keys of the domain matching a pattern, a SCAN step at a time: on
/// one server, or on each master of a cluster in turn (SCAN is per node).
struct Scan {
    pattern: String,
    /// The nodes left to scan (`None`: the one server), the current last.
    nodes: Vec<Option<(String, u16)>>,
    cursor: u64,
}

impl Scan {
    async fn start(conn: &mut Conn, pattern: String) -> Result<Scan, String> {
        let mut nodes = match conn {
            Conn::Single(_) => vec![None],
            Conn::Cluster(c) => {
                let slots = timed(redis::cmd("CLUSTER").arg("SLOTS").query_async(c)).await?;
                cluster_masters(&slots).into_iter().map(Some).collect()
            }
        };
        nodes.reverse();
        Ok(Scan {
            pattern,
            nodes,
            cursor: 0,
        })
    }

    /// The next keys (maybe none), or `None` when every node is done.
    async fn next(&mut self, conn: &mut Conn) -> Result<Option<Vec<String>>, String> {
        let Some(node) = self.nodes.last() else {
            return Ok(None);
        };
        let mut scan = redis::cmd("SCAN");
        scan.arg(self.cursor)
            .arg("MATCH")
            .arg(&self.pattern)
            .arg("COUNT")
            .arg(SCAN_COUNT);
        let reply = match (node, &mut *conn) {
            (Some((host, port)), Conn::Cluster(c)) => {
                let at = redis::cluster_routing::RoutingInfo::SingleNode(
                    redis::cluster_routing::SingleNodeRoutingInfo::ByAddress {
                        host: host.clone(),
                        port: *port,
                    },
                );
                timed(c.route_command(scan, at)).await?
            }
            (_, conn) => timed(scan.query_async(conn)).await?,
        };
        let (next, keys): (u64, Vec<String>) =
            redis::from_redis_value(reply).map_err(|e| e.to_string())?;
        self.cursor = next;
        if next == 0 {
            self.nodes.pop();
        }
        Ok(Some(keys))
    }
}

/// The masters in a CLUSTER SLOTS reply: `[[start, end, [host, port,
/// id], replica...], ...]`, each master once.
fn cluster_masters(slots: &redis::Value) -> Vec<(String, u16)> {
    let mut masters: Vec<(String, u16)> = Vec::new();
    let redis::Value::Array(ranges) = slots else {
        return masters;
    };
    for range in ranges {
        let redis::Value::Array(parts) = range else {
            continue;
        };
        let Some(redis::Value::Array(node)) = parts.get(2) else {
            continue;
        };
        let host = match node.first() {
            Some(redis::Value::BulkString(h)) => String::from_utf8_lossy(h).into_owned(),
            Some(redis::Value::SimpleString(h)) => h.clone(),
            _ => continue,
        };
        let Some(redis::Value::Int(port)) = node.get(1) else {
            continue;
        };
        let Ok(port) = u16::try_from(*port) else {
            continue;
        };
        if !masters.contains(&(host.clone(), port)) {
            masters.push((host, port));
        }
    }
    masters
}

#[cfg(not(feature = "store-tls"))]
fn direct_client(d: &roamd_config::CacheDomain) -> redis::RedisResult<redis::Client> {
    redis::Client::open(d.store.as_str())
}

#[cfg(feature = "store-tls")]
fn direct_client(d: &roamd_config::CacheDomain) -> redis::RedisResult<redis::Client> {
    if d.store.starts_with("rediss://") {
        // Before any TLS connection; already installed (a second domain) is fine.
        let _ = rustls_rustcrypto::provider().install_default();
    }
    match &d.ca {
        Some(ca) => redis::Client::build_with_tls(
            d.store.as_str(),
            redis::TlsCertificates {
                client_tls: None,
                root_cert: Some(ca.clone()),
            },
        ),
        None => redis::Client::open(d.store.as_str()),
    }
}

/// `rediss+sentinel://`: TLS to the sentinels and to the master they
/// name, both checked against `ca_file` when given.
#[cfg(feature = "store-tls")]
fn sentinel_tls(
    builder: redis::sentinel::SentinelClientBuilder,
    d: &roamd_config::CacheDomain,
) -> redis::RedisResult<redis::sentinel::SentinelClientBuilder> {
    // Before any TLS connection; already installed (a second domain) is fine.
    let _ = rustls_rustcrypto::provider().install_default();
    let mut builder = builder.set_client_to_redis_tls_mode(redis::TlsMode::Secure);
    if let Some(ca) = &d.ca {
        let certificates = || redis::TlsCertificates {
            client_tls: None,
            root_cert: Some(ca.clone()),
        };
        builder = builder
            .set_client_to_sentinel_certificates(certificates())
            .set_client_to_redis_certificates(certificates());
    }
    Ok(builder)
}

/// Without `store-tls` the configuration refuses `rediss+sentinel://`.
#[cfg(not(feature = "store-tls"))]
fn sentinel_tls(
    _: redis::sentinel::SentinelClientBuilder,
    d: &roamd_config::CacheDomain,
) -> redis::RedisResult<redis::sentinel::SentinelClientBuilder> {
    Err(redis::RedisError::from((
        redis::ErrorKind::InvalidClientConfig,
        "TLS needs the store-tls feature",
        d.store_display(),
    )))
}

/// One domain's connection: reconnects with backoff until the daemon
/// drops its sender.
async fn domain_task(
    index: usize,
    name: String,
    mut target: StoreTarget,
    origin: u64,
    mut outbound: mpsc::Receiver<Outbound>,
    inbound: mpsc::Sender<Inbound>,
) {
    let mut backoff = BACKOFF_FIRST;
    loop {
        let session = match target.connect(&names::channel(&name)).await {
            Ok(link) => {
                session(
                    index,
                    &name,
                    link,
                    origin,
                    &mut outbound,
                    &inbound,
                    &mut backoff,
                )
                .await
            }
            Err(why) => Err(why),
        };
        let why = match session {
            Ok(()) => return,
            Err(why) => why,
        };
        if inbound
            .send(Inbound::Down { domain: index, why })
            .await
            .is_err()
        {
            return;
        }
        // Whatever the loop queued before it heard is dropped: the store
        // is down and the entries stay cached locally.
        let pause = tokio::time::sleep(backoff);
        tokio::pin!(pause);
        loop {
            tokio::select! {
                _ = &mut pause => break,
                command = outbound.recv() => match command {
                    None => return,
                    // A (re)association waits: tell it now.
                    Some(Outbound::Fetch { key, bssid, sta }) => {
                        let m = Inbound::Fetched {
                            domain: index,
                            key,
                            bssid,
                            sta,
                            record: Err("store unavailable".into()),
                        };
                        if inbound.send(m).await.is_err() {
                            return;
                        }
                    }
                    Some(_) => {}
                },
            }
        }
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

/// Connects, subscribes, warms up, then serves until the connection fails
/// (`Err`) or the daemon stops (`Ok`).
async fn session(
    index: usize,
    name: &str,
    link: Link,
    origin: u64,
    outbound: &mut mpsc::Receiver<Outbound>,
    inbound: &mpsc::Sender<Inbound>,
    backoff: &mut Duration,
) -> Result<(), String> {
    let started = Instant::now();
    let channel = names::channel(name);
    // Subscribed (in `connect`) before scanning: a record written
    // meanwhile is announced.
    let Link {
        mut conn,
        announcements: mut messages,
    } = link;
    let mut warmed = 0;
    let mut scan = Scan::start(&mut conn, names::scan_pattern(name)).await?;
    while let Some(keys) = scan.next(&mut conn).await? {
        if keys.is_empty() {
            continue;
        }
        // A cluster splits the MGET by slot.
        let records: Vec<Option<Vec<u8>>> =
            timed(redis::cmd("MGET").arg(&keys).query_async(&mut conn)).await?;
        for (key, record) in keys.into_iter().zip(records) {
            let Some(record) = record else { continue };
            warmed += 1;
            let m = Inbound::Record {
                domain: index,
                key,
                record,
                warm: true,
            };
            inbound.send(m).await.map_err(|_| "daemon stopped")?;
        }
    }
    let up = Inbound::Up {
        domain: index,
        warmed,
        took: started.elapsed(),
    };
    inbound.send(up).await.map_err(|_| "daemon stopped")?;
    *backoff = BACKOFF_FIRST;
    loop {
        tokio::select! {
            message = messages.next() => {
                let Some(message) = message else {
                    return Err("subscription closed".into());
                };
                let Some(a) = Announcement::decode(&message) else {
                    continue;
                };
                if a.origin == origin {
                    continue;
                }
                let m = match a.change {
                    Change::Added { key, record } => Inbound::Record {
                        domain: index,
                        key: key.to_string(),
                        record: record.to_vec(),
                        warm: false,
                    },
                    Change::Removed { key } => Inbound::Removed {
                        domain: index,
                        key: key.to_string(),
                    },
                };
                inbound.send(m).await.map_err(|_| "daemon stopped")?;
            }
            command = outbound.recv() => {
                let Some(command) = command else { return Ok(()) };
                if let Outbound::Fetch { key, bssid, sta } = command {
                    // Beside the writes, not behind them: the multiplexed
                    // connection pipelines it, and this loop goes on.
                    let mut conn = conn.clone();
                    let inbound = inbound.clone();
                    tokio::spawn(async move {
                        let record = timed(
                            redis::cmd("GET").arg(&key).query_async::<Option<Vec<u8>>>(&mut conn),
                        )
                        .await;
                        let m = Inbound::Fetched { domain: index, key, bssid, sta, record };
                        // The daemon stopping is no concern of a fetch.
                        let _ = inbound.send(m).await;
                    });
                    continue;
                }
                let (change, announcement) = match &command {
                    Outbound::Write { key, record, ttl_secs } => {
                        let a = Announcement { origin, change: Change::Added { key, record } };
                        let mut set = redis::cmd("SET");
                        set.arg(key).arg(record).arg("EX").arg(*ttl_secs);
                        (set, a.encode())
                    }
                    Outbound::Delete { key } => {
                        let a = Announcement { origin, change: Change::Removed { key } };
                        let mut del = redis::cmd("DEL");
                        del.arg(key);
                        (del, a.encode())
                    }
                    Outbound::Fetch { .. } => continue,
                };
                let mut publish = redis::cmd("PUBLISH");
                publish.arg(&channel).arg(announcement);
                if let Conn::Cluster(_) = conn {
                    // The key's slot and the channel's differ: a cluster
                    // takes them one after the other.
                    timed(change.query_async::<()>(&mut conn)).await?;
                    timed(publish.query_async::<()>(&mut conn)).await?;
                } else {
                    let mut pipe = redis::pipe();
                    pipe.add_command(change).ignore();
                    pipe.add_command(publish).ignore();
                    timed(pipe.query_async::<()>(&mut conn)).await?;
                }
                if let Outbound::Write { key, .. } = &command {
                    debug!(domain = %name, %key, "PMKSA written to the store");
                }
            }
        }
    }
}

/// `op` within [`OP_TIMEOUT`], its error as text.
async fn timed<T>(
    op: impl std::future::Future<Output = redis::RedisResult<T>>,
) -> Result<T, String> {
    match tokio::time::timeout(OP_TIMEOUT, op).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", OP_TIMEOUT.as_secs())),
    }
}
