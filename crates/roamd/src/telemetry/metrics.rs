//! The Prometheus text endpoint (`[daemon.metrics]`): `GET /metrics` on a
//! small HTTP/1 server (hyper), in the OpenMetrics text format
//! (prometheus-client). The metric names are in docs/metrics.md.
//!
//! Each connection is a task of its own; at most `max_connections` are
//! served at once, one more is closed at once (counted). A request has
//! 8 KiB for its headers and 5 s to send them, and a connection 10 s in
//! all. The loop only copies numbers into a [`Snapshot`]; the text is
//! encoded here.

use std::convert::Infallible;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;
use roamd_ap::Bss;
use roamd_radius::client::ServerStats;
use roamd_radius::ServerId;
use tokio::sync::{mpsc, oneshot, Semaphore};

use super::{Observed, Radius, Scrape, Shared, Telemetry};

/// The roam-time histogram's buckets, in seconds: fast roams take tens of
/// milliseconds, a full EAP exchange hundreds, a struggling one seconds
/// (400 ms is the default `slow_roam_ms`).
pub const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8,
];

/// Labels: name, value.
type Labels = Vec<(&'static str, String)>;

/// Roam time to open port, by BSS, SSID and outcome.
pub(super) type RoamHistogram = Family<Labels, Histogram, fn() -> Histogram>;

pub(super) fn roam_histogram() -> RoamHistogram {
    Family::new_with_constructor(|| Histogram::new(BUCKETS))
}

/// A BSS's labels.
fn bss_labels(ifname: &str, bss: &Bss) -> Labels {
    vec![
        ("ifname", ifname.to_string()),
        (
            "ssid",
            String::from_utf8_lossy(&bss.config().ssid).into_owned(),
        ),
    ]
}

pub(super) fn roam_labels(ifname: &str, bss: &Bss, outcome: &'static str) -> Labels {
    let mut labels = bss_labels(ifname, bss);
    labels.push(("outcome", outcome.to_string()));
    labels
}

/// What one BSS counted, copied out of its core and the daemon.
#[derive(Debug, Clone)]
struct BssSnapshot {
    labels: Labels,
    counters: roamd_ap::Counters,
    stations: u64,
    authorized: u64,
    pmksa: Option<(roamd_pmksa::Counters, usize)>,
    sae: Option<SaeNumbers>,
    observed: Observed,
    radius: Vec<(&'static str, String, ServerId)>,
    client: Option<Radius>,
}

/// The SAE counters the endpoint shows.
#[derive(Debug, Clone, Copy, Default)]
struct SaeNumbers {
    over_budget: u64,
    instances_full: u64,
    sync_limit: u64,
    confirm_mismatch: u64,
    bad_commit: u64,
}

/// Everything a scrape shows, taken on the loop in one go.
#[derive(Debug, Clone)]
pub struct Snapshot {
    bsses: Vec<BssSnapshot>,
    roam_seconds: RoamHistogram,
    shared: Arc<Shared>,
}

pub(super) fn snapshot(
    telemetry: &Telemetry,
    bsses: &[Bss],
    ifnames: &[&str],
    radius: &[Option<Radius>],
    pmksa: &roamd_pmksa::PmksaCaches,
) -> Snapshot {
    let bsses = bsses
        .iter()
        .zip(ifnames)
        .enumerate()
        .map(|(i, (bss, ifname))| BssSnapshot {
            labels: bss_labels(ifname, bss),
            counters: bss.counters().clone(),
            stations: bss.stations().filter(|s| s.aid.is_some()).count() as u64,
            authorized: bss
                .stations()
                .filter(|s| s.state == roamd_ap::StationState::Authorized)
                .count() as u64,
            pmksa: pmksa
                .counters(&bss.bssid())
                .map(|c| (c, pmksa.cache(&bss.bssid()).map_or(0, |c| c.len()))),
            sae: bss.sae_counters().map(|s| SaeNumbers {
                over_budget: s.over_budget,
                instances_full: s.instances_full,
                sync_limit: s.sync_limit,
                confirm_mismatch: s.confirm_mismatch,
                bad_commit: s.bad_commit,
            }),
            observed: telemetry.observed.get(i).cloned().unwrap_or_default(),
            radius: super::radius_servers(bss),
            client: radius.get(i).cloned().flatten(),
        })
        .collect();
    Snapshot {
        bsses,
        roam_seconds: telemetry.roam_seconds.clone(),
        shared: telemetry.shared.clone(),
    }
}

impl Snapshot {
    /// The text of a scrape: the snapshot, with the RADIUS clients'
    /// counters read now.
    pub async fn encode(self) -> String {
        let mut radius = Vec::new();
        for (b, bss) in self.bsses.iter().enumerate() {
            let Some(client) = &bss.client else { continue };
            for (kind, server, id) in &bss.radius {
                if let Ok(Some(stats)) = client.stats(*id).await {
                    radius.push((b, *kind, server.clone(), stats));
                }
            }
        }
        let mut registry = Registry::default();
        registry.register_collector(Box::new(Scraped {
            snapshot: self,
            radius,
        }));
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &registry);
        text
    }
}

/// A snapshot with the RADIUS counters: what the registry encodes.
#[derive(Debug)]
struct Scraped {
    snapshot: Snapshot,
    /// (BSS, kind, server, its counters).
    radius: Vec<(usize, &'static str, String, ServerStats)>,
}

/// One metric family of constant values.
fn family<M: EncodeMetric>(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    metric_type: MetricType,
    rows: impl IntoIterator<Item = (Labels, M)>,
) -> Result<(), std::fmt::Error> {
    let mut metric = encoder.encode_descriptor(name, help, None, metric_type)?;
    for (labels, value) in rows {
        value.encode(metric.encode_family(&labels)?)?;
    }
    Ok(())
}

fn with(labels: &Labels, extra: &[(&'static str, &str)]) -> Labels {
    let mut labels = labels.clone();
    labels.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    labels
}

impl Collector for Scraped {
    fn encode(&self, mut e: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let bsses = &self.snapshot.bsses;
        let counter = |f: fn(&BssSnapshot) -> u64| {
            move |b: &BssSnapshot| (b.labels.clone(), ConstCounter::new(f(b)))
        };
        let c = MetricType::Counter;
        family(
            &mut e,
            "roamd_associations",
            "Successful (re)associations.",
            c,
            bsses.iter().map(counter(|b| b.counters.associations)),
        )?;
        family(
            &mut e,
            "roamd_association_rejections",
            "Refused (re)associations.",
            c,
            bsses.iter().map(counter(|b| b.counters.assoc_rejected)),
        )?;
        family(
            &mut e,
            "roamd_authentications",
            "Successful 802.11 authentications.",
            c,
            bsses.iter().map(counter(|b| b.counters.authentications)),
        )?;
        family(
            &mut e,
            "roamd_authentication_rejections",
            "Refused 802.11 authentications.",
            c,
            bsses.iter().map(counter(|b| b.counters.auth_rejected)),
        )?;
        family(
            &mut e,
            "roamd_frames_received",
            "Management frames received for the BSS.",
            c,
            bsses.iter().map(counter(|b| b.counters.rx_frames)),
        )?;
        family(
            &mut e,
            "roamd_frames_dropped",
            "Frames dropped, by reason: malformed, group-source, table-full, ft-ds, \
             sae-over-budget, sae-instances-full, sae-sync-limit.",
            c,
            bsses.iter().flat_map(|b| {
                let k = &b.counters;
                let sae = b.sae.unwrap_or_default();
                [
                    ("malformed", k.rx_malformed),
                    ("group-source", k.rx_group_source),
                    ("table-full", k.auth_refused_full),
                    ("ft-ds", k.ft_ds_dropped),
                    ("sae-over-budget", sae.over_budget),
                    ("sae-instances-full", sae.instances_full),
                    ("sae-sync-limit", sae.sync_limit),
                ]
                .map(|(reason, n)| (with(&b.labels, &[("reason", reason)]), ConstCounter::new(n)))
            }),
        )?;
        family(
            &mut e,
            "roamd_stations",
            "Stations associated now (in the kernel's table).",
            MetricType::Gauge,
            bsses
                .iter()
                .map(|b| (b.labels.clone(), ConstGauge::new(b.stations as i64))),
        )?;
        family(
            &mut e,
            "roamd_stations_authorized",
            "Stations whose port is open now.",
            MetricType::Gauge,
            bsses
                .iter()
                .map(|b| (b.labels.clone(), ConstGauge::new(b.authorized as i64))),
        )?;
        family(
            &mut e,
            "roamd_roams",
            "Ports opened (roam journal lines), by outcome; reassoc=\"true\" for reassociations.",
            c,
            bsses.iter().flat_map(|b| {
                b.observed.roams.iter().map(|((outcome, reassoc), n)| {
                    (
                        with(
                            &b.labels,
                            &[
                                ("outcome", outcome),
                                ("reassoc", if *reassoc { "true" } else { "false" }),
                            ],
                        ),
                        ConstCounter::new(*n),
                    )
                })
            }),
        )?;
        let histogram = &self.snapshot.roam_seconds;
        histogram.encode(e.encode_descriptor(
            "roamd_roam_authorize_seconds",
            "Time from the (re)association request to the open port, by outcome.",
            None,
            histogram.metric_type(),
        )?)?;
        family(
            &mut e,
            "roamd_handshakes_completed",
            "4-way handshakes completed.",
            c,
            bsses.iter().map(|b| {
                (
                    b.labels.clone(),
                    ConstCounter::new(b.observed.handshakes_completed),
                )
            }),
        )?;
        family(
            &mut e,
            "roamd_handshake_failures",
            "Failed handshakes by reason: the reason code of the deauthentication, \
             psk-mismatch, ft (FT roams refused), sae-confirm-mismatch, sae-bad-commit.",
            c,
            bsses.iter().flat_map(|b| {
                let mut rows: Vec<(Labels, ConstCounter)> = b
                    .observed
                    .handshake_failures
                    .iter()
                    .map(|(reason, n)| {
                        (
                            with(&b.labels, &[("reason", reason)]),
                            ConstCounter::new(*n),
                        )
                    })
                    .collect();
                let mut core = vec![("ft", b.counters.ft_failures)];
                if let Some(s) = &b.sae {
                    core.push(("sae-confirm-mismatch", s.confirm_mismatch));
                    core.push(("sae-bad-commit", s.bad_commit));
                }
                rows.extend(core.into_iter().map(|(reason, n)| {
                    (with(&b.labels, &[("reason", reason)]), ConstCounter::new(n))
                }));
                rows
            }),
        )?;
        family(
            &mut e,
            "roamd_disconnections",
            "Stations whose port was open that left or were removed.",
            c,
            bsses.iter().map(|b| {
                (
                    b.labels.clone(),
                    ConstCounter::new(b.observed.disconnections),
                )
            }),
        )?;
        let pmksa = || bsses.iter().filter_map(|b| b.pmksa.map(|p| (b, p)));
        family(
            &mut e,
            "roamd_pmksa_entries",
            "PMKSA cache entries now.",
            MetricType::Gauge,
            pmksa().map(|(b, (_, len))| (b.labels.clone(), ConstGauge::new(len as i64))),
        )?;
        for (name, help, f) in [
            (
                "roamd_pmksa_hits",
                "PMKSA lookups that found an entry (here or by OKC).",
                (|c: &roamd_pmksa::Counters| c.hits) as fn(&roamd_pmksa::Counters) -> u64,
            ),
            (
                "roamd_pmksa_misses",
                "PMKSA lookups that found none (full EAP follows).",
                |c| c.misses,
            ),
            (
                "roamd_pmksa_okc_derivations",
                "Hits where OKC derived the entry from another BSS's.",
                |c| c.okc_derivations,
            ),
            ("roamd_pmksa_added", "PMKSA entries stored.", |c| c.added),
            (
                "roamd_pmksa_evictions",
                "Live PMKSA entries dropped to make room.",
                |c| c.evictions,
            ),
            (
                "roamd_pmksa_expirations",
                "PMKSA entries whose lifetime ran out.",
                |c| c.expirations,
            ),
        ] {
            family(
                &mut e,
                name,
                help,
                c,
                pmksa().map(|(b, (k, _))| (b.labels.clone(), ConstCounter::new(f(&k)))),
            )?;
        }
        let server = |b: usize, kind: &str, server: &str| {
            with(&bsses[b].labels, &[("kind", kind), ("server", server)])
        };
        for (name, help, f) in [
            (
                "roamd_radius_requests",
                "RADIUS requests sent (retransmissions not counted).",
                (|s: &ServerStats| s.requests) as fn(&ServerStats) -> u64,
            ),
            (
                "roamd_radius_retransmissions",
                "RADIUS requests retransmitted.",
                |s| s.retransmissions,
            ),
            (
                "roamd_radius_timeouts",
                "RADIUS requests given up on (no answer).",
                |s| s.timeouts,
            ),
            (
                "roamd_radius_responses",
                "RADIUS responses accepted.",
                |s| s.responses,
            ),
            (
                "roamd_radius_bad_authenticators",
                "RADIUS responses with a bad authenticator.",
                |s| s.bad_authenticators,
            ),
            (
                "roamd_radius_malformed_responses",
                "RADIUS responses that did not parse.",
                |s| s.malformed_responses,
            ),
            (
                "roamd_radius_access_rejects",
                "Access-Rejects received.",
                |s| s.access_rejects,
            ),
        ] {
            family(
                &mut e,
                name,
                help,
                c,
                self.radius.iter().map(|(b, kind, addr, stats)| {
                    (server(*b, kind, addr), ConstCounter::new(f(stats)))
                }),
            )?;
        }
        family(
            &mut e,
            "roamd_radius_failovers",
            "RADIUS failovers away from a server.",
            c,
            bsses.iter().flat_map(|b| {
                b.observed.radius_failovers.iter().map(|((kind, from), n)| {
                    (
                        with(&b.labels, &[("kind", kind), ("server", from)]),
                        ConstCounter::new(*n),
                    )
                })
            }),
        )?;
        let shared = &self.snapshot.shared;
        for (name, help, n) in [
            (
                "roamd_metrics_scrapes",
                "Scrapes answered.",
                shared.scrapes.load(Relaxed),
            ),
            (
                "roamd_metrics_connections_refused",
                "Scrape connections closed at once: max_connections were open.",
                shared.connections_refused.load(Relaxed),
            ),
            (
                "roamd_events_written",
                "Event lines written to the events file.",
                shared.events_written.load(Relaxed),
            ),
            (
                "roamd_events_dropped",
                "Event lines dropped: the writer's queue was full or the file failed.",
                shared.events_dropped.load(Relaxed),
            ),
        ] {
            family(
                &mut e,
                name,
                help,
                c,
                [(Labels::new(), ConstCounter::new(n))],
            )?;
        }
        Ok(())
    }
}

/// Headers of a request at most (hyper's smallest read buffer).
const MAX_REQUEST: usize = 8192;
/// Time a client has to send its request headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Time a connection may take in all.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `GET /metrics` on `listener`, `max_connections` at a time,
/// asking the loop for a snapshot through `scrapes`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    max_connections: usize,
    scrapes: mpsc::Sender<Scrape>,
    shared: Arc<Shared>,
) {
    let slots = Arc::new(Semaphore::new(max_connections));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, most likely: wait, don't spin.
                tracing::warn!("metrics endpoint: accept: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            shared.connections_refused.fetch_add(1, Relaxed);
            drop(stream);
            continue;
        };
        let scrapes = scrapes.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service =
                hyper::service::service_fn(move |request| answer(request, scrapes.clone()));
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_REQUEST)
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
        });
    }
}

async fn answer(
    request: Request<Incoming>,
    scrapes: mpsc::Sender<Scrape>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let reply = |status: StatusCode, content_type: &'static str, body: String| {
        let mut response = Response::new(Full::new(Bytes::from(body)));
        *response.status_mut() = status;
        response.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static(content_type),
        );
        Ok(response)
    };
    const TEXT: &str = "text/plain; charset=utf-8";
    if request.uri().path() != "/metrics" {
        return reply(StatusCode::NOT_FOUND, TEXT, "GET /metrics\n".into());
    }
    if request.method() != Method::GET {
        return reply(
            StatusCode::METHOD_NOT_ALLOWED,
            TEXT,
            "GET /metrics\n".into(),
        );
    }
    let (tx, rx) = oneshot::channel();
    let snapshot = match scrapes.send(Scrape(tx)).await {
        Ok(()) => rx.await.ok(),
        Err(_) => None,
    };
    let Some(snapshot) = snapshot else {
        return reply(
            StatusCode::SERVICE_UNAVAILABLE,
            TEXT,
            "shutting down\n".into(),
        );
    };
    let shared = snapshot.shared.clone();
    let text = snapshot.encode().await;
    shared.scrapes.fetch_add(1, Relaxed);
    reply(
        StatusCode::OK,
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
        text,
    )
}
