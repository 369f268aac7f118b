//! `[daemon.metrics]` and `[daemon.events]`: the Prometheus endpoint and
//! the JSON-lines event file (roamd's `telemetry` feature).
//!
//! ```toml
//! [daemon.metrics]
//! listen = "127.0.0.1:9110"
//!
//! [daemon.events]
//! file = "/var/log/roamd/events.jsonl"
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

/// `[daemon.metrics] max_connections` unless set.
pub const DEFAULT_METRICS_MAX_CONNECTIONS: usize = 4;
/// `[daemon.events] queue` unless set.
pub const DEFAULT_EVENTS_QUEUE: usize = 1024;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawMetrics {
    pub listen: Option<String>,
    pub allow_remote: bool,
    pub max_connections: Option<usize>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawEvents {
    pub file: Option<PathBuf>,
    pub queue: Option<usize>,
}

/// The Prometheus text endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsConfig {
    /// Address and port it listens on.
    pub listen: SocketAddr,
    /// Most scrape connections served at once; more are closed at once
    /// (counted).
    pub max_connections: usize,
}

/// The JSON-lines event file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsConfig {
    /// The file the events are appended to.
    pub file: PathBuf,
    /// Events waiting for the writer at most; beyond, they are dropped
    /// (counted) rather than slow the event loop.
    pub queue: usize,
}

/// What the telemetry of the daemon does; both off by default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TelemetryConfig {
    /// `[daemon.metrics]`, when it has a `listen` address.
    pub metrics: Option<MetricsConfig>,
    /// `[daemon.events]`, when it has a `file`.
    pub events: Option<EventsConfig>,
}

/// Validates the two tables; `invalid(key, message)` names the key.
pub(crate) fn telemetry(
    metrics: &RawMetrics,
    events: &RawEvents,
    invalid: &dyn Fn(&str, String) -> crate::ConfigError,
) -> Result<TelemetryConfig, crate::ConfigError> {
    let metrics = match &metrics.listen {
        None => None,
        Some(text) => {
            let listen: SocketAddr = text.parse().map_err(|_| {
                invalid(
                    "daemon.metrics.listen",
                    format!(
                        "{text:?} is not an address and port (\"127.0.0.1:9110\", \"[::1]:9110\")"
                    ),
                )
            })?;
            // The counters say who roams where: not for the whole network
            // unless the operator says so.
            if !listen.ip().is_loopback() && !metrics.allow_remote {
                return Err(invalid(
                    "daemon.metrics.listen",
                    format!(
                        "{listen} is not a loopback address; set allow_remote = true to serve it"
                    ),
                ));
            }
            let max_connections = metrics
                .max_connections
                .unwrap_or(DEFAULT_METRICS_MAX_CONNECTIONS);
            if !(1..=64).contains(&max_connections) {
                return Err(invalid(
                    "daemon.metrics.max_connections",
                    format!("{max_connections} is not between 1 and 64"),
                ));
            }
            Some(MetricsConfig {
                listen,
                max_connections,
            })
        }
    };
    let events = match &events.file {
        None => None,
        Some(file) => {
            let queue = events.queue.unwrap_or(DEFAULT_EVENTS_QUEUE);
            if !(1..=1_048_576).contains(&queue) {
                return Err(invalid(
                    "daemon.events.queue",
                    format!("{queue} is not between 1 and 1048576"),
                ));
            }
            if file.as_os_str().is_empty() {
                return Err(invalid("daemon.events.file", "is empty".into()));
            }
            Some(EventsConfig {
                file: file.clone(),
                queue,
            })
        }
    };
    Ok(TelemetryConfig { metrics, events })
}
