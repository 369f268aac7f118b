//! `[cache_domain.NAME]`: a PMKSA cache domain shared with other roamd
//! hosts through a Redis or Valkey store, its records sealed with the
//! domain's key. An SSID joins it with `[radio.bss.cache] domain = "NAME"`.
//!
//! ```toml
//! [cache_domain.campus]
//! store = "redis://roamd:secret@10.0.0.5:6379/0"
//! key_file = "/etc/roamd/campus.key"           # 64 octets, raw or 128 hex digits
//! old_key_files = ["/etc/roamd/campus.key.old"] # read during a rotation ...
//! old_keys_until = "2026-12-31T00:00:00Z"       # ... until then (UTC)
//! max_entries = 100000                          # replica entries per remote AP
//! miss_wait_ms = 5                              # a local miss asks the store
//! ```
//!
//! A store behind Redis Sentinel is named by its sentinels and the master's
//! name: `store = "redis+sentinel://[user:pass@]host1:26379,host2:26379/MASTER[/db]"`;
//! the daemon asks the sentinels for the master at every (re)connection,
//! so a failover is followed. User and password are the master's.
//! `rediss+sentinel://` (a build with `store-tls`) speaks TLS to the
//! sentinels and to the master, both checked against `ca_file` when given.
//! A Redis Cluster is named by some of its nodes:
//! `store = "redis+cluster://[user:pass@]host1:6379,host2:6379"`
//! (`rediss+cluster://` over TLS).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use roamd_pmksa_store::{DomainKey, KeyRing};
use serde::Deserialize;

/// A shared cache domain.
#[derive(Clone, PartialEq, Eq)]
pub struct CacheDomain {
    /// Its name, as the SSIDs' `cache.domain` names it.
    pub name: String,
    /// The store's URL (`redis://[user:pass@]host:port/db`); never logged
    /// whole, it may hold a password ([`CacheDomain::store_display`]).
    pub store: String,
    /// The sealing keys.
    pub keys: KeyRing,
    /// Entries a host keeps for each remote AP of the domain (its replica).
    pub max_entries: usize,
    /// How long a (re)association whose PMKID misses locally waits while
    /// the store is asked; zero: it does not.
    pub miss_wait: std::time::Duration,
    /// A `rediss://` store's CA certificates (PEM), when not the system's.
    pub ca: Option<Vec<u8>>,
}

impl CacheDomain {
    /// The store's URL without user and password, for logs.
    pub fn store_display(&self) -> String {
        redact_url(&self.store)
    }

    /// The sentinels and master of a `redis+sentinel://` store; `None` for
    /// a `redis://` one.
    pub fn sentinel(&self) -> Option<SentinelStore> {
        parse_sentinel_url(&self.store).ok().flatten()
    }

    /// The nodes of a `redis+cluster://` store; `None` for another kind.
    pub fn cluster(&self) -> Option<ClusterStore> {
        parse_cluster_url(&self.store).ok().flatten()
    }
}

/// A store found through Redis Sentinel.
#[derive(Clone, PartialEq, Eq)]
pub struct SentinelStore {
    /// The sentinels: host (an IPv6 address without its brackets) and
    /// port (26379 unless given).
    pub sentinels: Vec<(String, u16)>,
    /// The name the sentinels monitor the master under.
    pub master_name: String,
    /// The master's ACL user.
    pub username: Option<String>,
    /// The master's password.
    pub password: Option<String>,
    /// The database number.
    pub db: i64,
    /// TLS to the sentinels and the master (`rediss+sentinel://`).
    pub tls: bool,
}

impl core::fmt::Debug for SentinelStore {
    // The password never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SentinelStore")
            .field("sentinels", &self.sentinels)
            .field("master_name", &self.master_name)
            .field("username", &self.username)
            .field("db", &self.db)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

/// A store that is a Redis Cluster, found through some of its nodes.
#[derive(Clone, PartialEq, Eq)]
pub struct ClusterStore {
    /// Nodes to learn the cluster's layout from: host (an IPv6 address
    /// without its brackets) and port (6379 unless given).
    pub nodes: Vec<(String, u16)>,
    /// The ACL user.
    pub username: Option<String>,
    /// The password.
    pub password: Option<String>,
    /// TLS to every node (`rediss+cluster://`).
    pub tls: bool,
}

impl core::fmt::Debug for ClusterStore {
    // The password never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClusterStore")
            .field("nodes", &self.nodes)
            .field("username", &self.username)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

const SENTINEL_SCHEME: &str = "redis+sentinel";
const SENTINEL_TLS_SCHEME: &str = "rediss+sentinel";
const CLUSTER_SCHEME: &str = "redis+cluster";
const CLUSTER_TLS_SCHEME: &str = "rediss+cluster";
const REDIS_PORT: u16 = 6379;
const SENTINEL_PORT: u16 = 26379;

/// The parts of a URL that names several hosts:
/// `SCHEME://[user:pass@]host[:port][,host[:port]...][/PATH]`.
struct MultiHostUrl<'a> {
    tls: bool,
    username: Option<String>,
    password: Option<String>,
    hosts: Vec<(String, u16)>,
    /// After the first `/`; `None` without one.
    path: Option<&'a str>,
}

/// `url` split as a [`MultiHostUrl`] if its scheme is `plain` (or `tls`,
/// with TLS); `Ok(None)` for another scheme. `shape` is the error.
fn parse_multi_host<'a>(
    url: &'a str,
    (plain, tls_scheme): (&str, &str),
    default_port: u16,
    shape: &dyn Fn() -> String,
) -> Result<Option<MultiHostUrl<'a>>, String> {
    let Some((tls, rest)) =
        [(false, plain), (true, tls_scheme)]
            .into_iter()
            .find_map(|(tls, scheme)| {
                let rest = url.strip_prefix(scheme)?.strip_prefix("://")?;
                Some((tls, rest))
            })
    else {
        return Ok(None);
    };
    let (userinfo, rest) = match rest.rsplit_once('@') {
        Some((u, r)) => (Some(u), r),
        None => (None, rest),
    };
    let (hosts_part, path) = match rest.split_once('/') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    let mut hosts = Vec::new();
    for h in hosts_part.split(',') {
        // An IPv6 address is in brackets; the port follows the last `:`.
        let after_host = h.find(']').map_or(0, |at| at + 1);
        let (host, port) = match h.split_at_checked(after_host).map(|(_, t)| t.rfind(':')) {
            Some(Some(colon)) => {
                let (host, port) = h.split_at_checked(after_host + colon).ok_or_else(shape)?;
                let port = port.get(1..).and_then(|p| p.parse::<u16>().ok());
                (host, port.ok_or_else(shape)?)
            }
            _ => (h, default_port),
        };
        if host.is_empty() {
            return Err(shape());
        }
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        hosts.push((host.to_string(), port));
    }
    let (username, password) = match userinfo.map(|u| u.split_once(':')) {
        None => (None, None),
        Some(None) => (Some(userinfo.unwrap_or_default()), None),
        Some(Some((u, p))) => (Some(u), Some(p)),
    };
    let decoded = |s: Option<&str>| {
        s.filter(|s| !s.is_empty())
            .map(|s| percent_decode(s).ok_or_else(shape))
            .transpose()
    };
    Ok(Some(MultiHostUrl {
        tls,
        username: decoded(username)?,
        password: decoded(password)?,
        hosts,
        path,
    }))
}

/// `redis+sentinel://[user:pass@]host[:port][,host[:port]...]/MASTER[/db]`
/// (or `rediss+sentinel://`); `Ok(None)` for another scheme.
fn parse_sentinel_url(url: &str) -> Result<Option<SentinelStore>, String> {
    let shape = || {
        format!("{SENTINEL_SCHEME}://[user:password@]host[:port][,host[:port]...]/MASTER_NAME[/db]")
    };
    let schemes = (SENTINEL_SCHEME, SENTINEL_TLS_SCHEME);
    let Some(u) = parse_multi_host(url, schemes, SENTINEL_PORT, &shape)? else {
        return Ok(None);
    };
    let path = u.path.ok_or_else(shape)?;
    let (master_name, db) = match path.split_once('/') {
        Some((m, "")) => (m, 0),
        Some((m, db)) => (m, db.parse::<i64>().map_err(|_| shape())?),
        None => (path, 0),
    };
    if master_name.is_empty() {
        return Err(shape());
    }
    Ok(Some(SentinelStore {
        sentinels: u.hosts,
        master_name: percent_decode(master_name).ok_or_else(shape)?,
        username: u.username,
        password: u.password,
        db,
        tls: u.tls,
    }))
}

/// `redis+cluster://[user:pass@]host[:port][,host[:port]...]` (or
/// `rediss+cluster://`); `Ok(None)` for another scheme.
fn parse_cluster_url(url: &str) -> Result<Option<ClusterStore>, String> {
    let shape = || format!("{CLUSTER_SCHEME}://[user:password@]host[:port][,host[:port]...]");
    let schemes = (CLUSTER_SCHEME, CLUSTER_TLS_SCHEME);
    let Some(u) = parse_multi_host(url, schemes, REDIS_PORT, &shape)? else {
        return Ok(None);
    };
    // A cluster has one database (0): no path.
    if u.path.is_some_and(|p| !p.is_empty() && p != "0") {
        return Err(format!("{}: a Redis Cluster has database 0 only", shape()));
    }
    Ok(Some(ClusterStore {
        nodes: u.hosts,
        username: u.username,
        password: u.password,
        tls: u.tls,
    }))
}

/// `%XX` escapes decoded, as in the userinfo of a URL.
fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            let hex = core::str::from_utf8(&hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

impl core::fmt::Debug for CacheDomain {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CacheDomain")
            .field("name", &self.name)
            .field("store", &self.store_display())
            .field("keys", &self.keys)
            .field("max_entries", &self.max_entries)
            .field("miss_wait", &self.miss_wait)
            .field("ca", &self.ca.as_ref().map(Vec::len))
            .finish()
    }
}

/// `scheme://user:pass@host/..` without `user:pass@`.
fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host_part = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{host_part}")
        }
        None => "<invalid url>".into(),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawCacheDomain {
    pub store: Option<String>,
    pub key_file: Option<PathBuf>,
    pub old_key_files: Vec<PathBuf>,
    /// `YYYY-MM-DDTHH:MM:SSZ` (a string: the TOML date-time parser is
    /// kilobytes more in the binary).
    pub old_keys_until: Option<String>,
    pub max_entries: Option<usize>,
    pub miss_wait_ms: Option<u64>,
    pub ca_file: Option<PathBuf>,
}

/// Replica entries per remote AP unless `max_entries` says otherwise: the
/// stations of a large site (about 100 octets each in memory).
pub const DEFAULT_REPLICA_MAX_ENTRIES: usize = 100_000;

/// A local miss waits this long for the store unless `miss_wait_ms` says
/// otherwise: a store on the site's LAN answers a GET in well under a
/// millisecond, and a station waits for its association response for
/// hundreds (wpa_supplicant gives up after 5 s).
pub const DEFAULT_MISS_WAIT_MS: u64 = 5;

/// The longest `miss_wait_ms`: a wait past it would be longer than the
/// full authentication it tries to save.
pub const MAX_MISS_WAIT_MS: u64 = 1000;

/// Validates the `[cache_domain.*]` tables; `invalid(key, message)` names
/// the key (`cache_domain.NAME.key_file`).
pub(crate) fn cache_domains(
    raw: &BTreeMap<String, RawCacheDomain>,
    invalid: &dyn Fn(&str, String) -> crate::ConfigError,
) -> Result<Vec<CacheDomain>, crate::ConfigError> {
    let mut out = Vec::new();
    for (name, d) in raw {
        let key = |k: &str| format!("cache_domain.{name}.{k}");
        if name.is_empty() || name.len() > 255 {
            return Err(invalid(
                &format!("cache_domain.{name:?}"),
                "a domain name is 1 to 255 octets".into(),
            ));
        }
        let store = d
            .store
            .clone()
            .ok_or_else(|| invalid(&key("store"), "required (redis://host:port/db)".into()))?;
        check_store_url(&store).map_err(|m| invalid(&key("store"), m))?;
        let key_file = d.key_file.as_ref().ok_or_else(|| {
            invalid(
                &key("key_file"),
                "required: a file of 64 random octets (raw, or 128 hex digits)".into(),
            )
        })?;
        let current = read_key(key_file).map_err(|m| invalid(&key("key_file"), m))?;
        let mut old = Vec::new();
        for (i, f) in d.old_key_files.iter().enumerate() {
            old.push(read_key(f).map_err(|m| invalid(&key(&format!("old_key_files[{i}]")), m))?);
        }
        let until = match &d.old_keys_until {
            None => None,
            Some(_) if old.is_empty() => {
                return Err(invalid(
                    &key("old_keys_until"),
                    "set without old_key_files".into(),
                ))
            }
            Some(t) => Some(unix_seconds(t).map_err(|m| invalid(&key("old_keys_until"), m))?),
        };
        let max_entries = d.max_entries.unwrap_or(DEFAULT_REPLICA_MAX_ENTRIES);
        if max_entries == 0 {
            return Err(invalid(&key("max_entries"), "must be at least 1".into()));
        }
        let miss_wait_ms = d.miss_wait_ms.unwrap_or(DEFAULT_MISS_WAIT_MS);
        if miss_wait_ms > MAX_MISS_WAIT_MS {
            return Err(invalid(
                &key("miss_wait_ms"),
                format!("at most {MAX_MISS_WAIT_MS} (0: a local miss does not wait)"),
            ));
        }
        let tls = ["rediss://", "rediss+sentinel://", "rediss+cluster://"]
            .iter()
            .any(|scheme| store.starts_with(scheme));
        let ca = match &d.ca_file {
            None => None,
            Some(_) if !tls => {
                return Err(invalid(
                    &key("ca_file"),
                    "only for a rediss://, rediss+sentinel:// or rediss+cluster:// store".into(),
                ))
            }
            Some(f) => Some(std::fs::read(f).map_err(|e| {
                invalid(
                    &key("ca_file"),
                    format!("{}: cannot read: {e}", f.display()),
                )
            })?),
        };
        out.push(CacheDomain {
            name: name.clone(),
            store,
            keys: KeyRing::new(current).with_old_keys(old, until),
            max_entries,
            miss_wait: std::time::Duration::from_millis(miss_wait_ms),
            ca,
        });
    }
    Ok(out)
}

fn check_store_url(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("not a URL: redis://[user:password@]host:port/db".into());
    };
    match scheme {
        "redis" if !rest.is_empty() => Ok(()),
        SENTINEL_SCHEME => parse_sentinel_url(url).map(|_| ()),
        SENTINEL_TLS_SCHEME if cfg!(feature = "store-tls") => parse_sentinel_url(url).map(|_| ()),
        CLUSTER_SCHEME => parse_cluster_url(url).map(|_| ()),
        CLUSTER_TLS_SCHEME if cfg!(feature = "store-tls") => parse_cluster_url(url).map(|_| ()),
        "rediss" if cfg!(feature = "store-tls") && !rest.is_empty() => Ok(()),
        "rediss" | SENTINEL_TLS_SCHEME | CLUSTER_TLS_SCHEME => Err(
            "TLS to the store (rediss://, rediss+sentinel://, rediss+cluster://) needs roamd \
             built with the \
             `store-tls` feature: \
             else use redis:// on a trusted network or through a TLS tunnel (the records \
             are sealed either way)"
                .into(),
        ),
        _ => Err(format!(
            "{scheme}:// is not a store URL: redis://[user:password@]host:port/db, \
             {SENTINEL_SCHEME}://host:port[,host:port...]/MASTER_NAME[/db] or \
             {CLUSTER_SCHEME}://host:port[,host:port...]"
        )),
    }
}

fn read_key(path: &Path) -> Result<DomainKey, String> {
    let bytes = zeroize::Zeroizing::new(
        std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?,
    );
    DomainKey::from_file_contents(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC) as Unix seconds.
fn unix_seconds(text: &str) -> Result<u64, String> {
    let bad = || format!("{text:?}: a UTC date and time, e.g. \"2026-12-31T00:00:00Z\"");
    let b = text.as_bytes();
    let shape_ok = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(bad());
    }
    let num = |from: usize, to: usize| -> i64 {
        text.get(from..to)
            .and_then(|s| s.parse().ok())
            .unwrap_or(-1)
    };
    let (y, mo, d, h, mi, s) = (
        num(0, 4),
        num(5, 7),
        num(8, 10),
        num(11, 13),
        num(14, 16),
        num(17, 19),
    );
    if !(1970..=9999).contains(&y)
        || !(1..=12).contains(&mo)
        || !(1..=31).contains(&d)
        || h > 23
        || mi > 59
        || s > 60
    {
        return Err(bad());
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
    u64::try_from(secs).map_err(|_| bad())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_urls() {
        assert_eq!(unix_seconds("2026-12-31T00:00:00Z"), Ok(1_798_675_200));
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(unix_seconds("2000-03-01T12:30:15Z"), Ok(951_913_815));
        assert!(unix_seconds("2026-12-31").is_err());
        assert!(unix_seconds("2026-13-01T00:00:00Z").is_err());
        assert!(unix_seconds("2026-12-31T00:00:00+01:00").is_err());
        assert_eq!(redact_url("redis://u:p@h:1/0"), "redis://h:1/0");
        assert_eq!(redact_url("redis://h:1/0"), "redis://h:1/0");
        assert!(check_store_url("redis://127.0.0.1:6379/0").is_ok());
        assert_eq!(
            check_store_url("rediss://h").is_ok(),
            cfg!(feature = "store-tls")
        );
        assert!(check_store_url("http://h").is_err());
        assert!(check_store_url("h:6379").is_err());
        assert_eq!(
            redact_url("redis+sentinel://u:p@s1:26379,s2/campus/2"),
            "redis+sentinel://s1:26379,s2/campus/2"
        );
    }

    #[test]
    fn sentinel_urls() {
        let s =
            parse_sentinel_url("redis+sentinel://roamd:s%40cret@10.0.0.1,10.0.0.2:5000/campus/3")
                .unwrap()
                .unwrap();
        assert_eq!(
            s.sentinels,
            [("10.0.0.1".into(), 26379), ("10.0.0.2".into(), 5000)]
        );
        assert!(!s.tls);
        assert_eq!(s.master_name, "campus");
        assert_eq!(s.username.as_deref(), Some("roamd"));
        assert_eq!(s.password.as_deref(), Some("s@cret"));
        assert_eq!(s.db, 3);
        assert!(!format!("{s:?}").contains("cret"));
        let s = parse_sentinel_url("redis+sentinel://[::1]:26380,[fe80::2]/m")
            .unwrap()
            .unwrap();
        assert_eq!(
            (s.sentinels, s.db, s.password),
            (
                vec![("::1".to_string(), 26380), ("fe80::2".to_string(), 26379)],
                0,
                None
            )
        );
        let s = parse_sentinel_url("redis+sentinel://:pw@h/m/")
            .unwrap()
            .unwrap();
        assert_eq!((s.username, s.password.as_deref()), (None, Some("pw")));
        assert_eq!(parse_sentinel_url("redis://h:6379/0"), Ok(None));
        for bad in [
            "redis+sentinel://h",
            "redis+sentinel://h/",
            "redis+sentinel://h,/m",
            "redis+sentinel://h:port/m",
            "redis+sentinel://h/m/db",
            "redis+sentinel://u:%zz@h/m",
        ] {
            assert!(check_store_url(bad).is_err(), "{bad}");
        }
        assert!(check_store_url("redis+sentinel://h1,h2:26379/campus").is_ok());
        let s = parse_sentinel_url("rediss+sentinel://h1/campus")
            .unwrap()
            .unwrap();
        assert!(s.tls);
        assert_eq!(
            check_store_url("rediss+sentinel://h1/campus").is_ok(),
            cfg!(feature = "store-tls")
        );
        assert!(check_store_url("rediss+sentinel://h1").is_err());
    }

    #[test]
    fn cluster_urls() {
        let c = parse_cluster_url("redis+cluster://roamd:pw@10.0.0.1,[::1]:7001")
            .unwrap()
            .unwrap();
        assert_eq!(c.nodes, [("10.0.0.1".into(), 6379), ("::1".into(), 7001)]);
        assert_eq!(
            (c.username.as_deref(), c.password.as_deref(), c.tls),
            (Some("roamd"), Some("pw"), false)
        );
        assert!(!format!("{c:?}").contains("pw"));
        assert!(parse_cluster_url("redis+cluster://h/").unwrap().is_some());
        assert_eq!(parse_cluster_url("redis://h:6379/0"), Ok(None));
        for bad in [
            "redis+cluster://",
            "redis+cluster://h,",
            "redis+cluster://h/2",
        ] {
            assert!(check_store_url(bad).is_err(), "{bad}");
        }
        assert!(check_store_url("redis+cluster://h1:7000,h2:7001").is_ok());
        assert_eq!(
            check_store_url("rediss+cluster://h1").is_ok(),
            cfg!(feature = "store-tls")
        );
    }
}
