//! The JSON-lines event stream (`[daemon.events]`): one object per line,
//! documented field by field in docs/events.md. Fields are only ever
//! added; `v` changes if one ever has to change meaning.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use roamd_ap::bss::Station;
use roamd_ap::Bss;
use roamd_ieee80211::MacAddr;
use serde::Serialize;

use super::Shared;

/// The stream's version: the `v` of every line.
pub const VERSION: u32 = 1;

/// One line of the stream.
#[derive(Debug, Serialize)]
pub struct Event {
    /// [`VERSION`].
    pub v: u32,
    /// Wall-clock time, milliseconds since the Unix epoch.
    pub ts_ms: u64,
    /// What happened: `association`, `roam`, `handshake`, `disconnection`.
    pub event: &'static str,
    /// The BSS's interface.
    pub ifname: String,
    /// Its SSID (lossy UTF-8).
    pub ssid: String,
    /// Its BSSID.
    pub bssid: String,
    /// The station.
    pub sta: String,
    /// The fields of this kind of event.
    #[serde(flatten)]
    pub fields: EventKind,
}

/// The fields particular to each kind of event.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum EventKind {
    /// The station (re)associated: it is in the kernel's table.
    Association {
        /// Its association ID.
        aid: u16,
        /// A reassociation (from another BSS).
        reassoc: bool,
    },
    /// Its port opened: the roam journal's record.
    Roam {
        /// A reassociation.
        reassoc: bool,
        /// The PMKIDs it offered: none, known, unknown, pmkr1name.
        pmkids: String,
        /// How its key was established (full-eap, pmksa, okc, ft-air, ...).
        outcome: &'static str,
        /// The AKM negotiated ("" for an open SSID).
        akm: &'static str,
        /// RADIUS Access-Requests it took.
        radius_round_trips: u32,
        /// From the (re)association request to the open port.
        authorize_ms: u64,
        /// It advertised FT.
        ft: bool,
        /// It uses PMF.
        pmf: bool,
        /// FT roams: where the PMK-R1 came from ("" otherwise).
        key_source: &'static str,
        /// FT roams whose PMK-R1 was pulled: the pull's round trip.
        key_round_trip_ms: u64,
        /// The roam's quality class (fast, slow, full, failed-to-fast-roam).
        class: &'static str,
    },
    /// A handshake ended.
    Handshake {
        /// `completed` or `failed`.
        result: &'static str,
        /// Why it failed ("" when completed).
        reason: &'static str,
        /// The reason code roamd sent with the deauthentication, 0 when
        /// none went (a completion, a PSK mismatch seen).
        reason_code: u16,
    },
    /// The station, whose port was open, left or was removed.
    Disconnection {},
}

impl EventKind {
    /// A handshake's outcome: completed, or failed for `reason`.
    pub fn handshake(reason: Option<&'static str>, reason_code: u16) -> Self {
        EventKind::Handshake {
            result: if reason.is_some() {
                "failed"
            } else {
                "completed"
            },
            reason: reason.unwrap_or(""),
            reason_code,
        }
    }

    /// The `event` name.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Association { .. } => "association",
            EventKind::Roam { .. } => "roam",
            EventKind::Handshake { .. } => "handshake",
            EventKind::Disconnection {} => "disconnection",
        }
    }

    /// The line for station `sta` of `bss`, now.
    pub fn at(self, bss: &Bss, ifname: &str, sta: MacAddr) -> Event {
        let ts_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Event {
            v: VERSION,
            ts_ms,
            event: self.name(),
            ifname: ifname.to_string(),
            ssid: String::from_utf8_lossy(&bss.config().ssid).into_owned(),
            bssid: bss.bssid().to_string(),
            sta: sta.to_string(),
            fields: self,
        }
    }
}

/// The roam journal record of a station whose port just opened.
pub fn roam(station: &Station) -> Option<EventKind> {
    let record = station.journal.as_ref()?;
    let akm = station
        .negotiated
        .as_ref()
        .and_then(|n| crate::config::suites::akm_name(n.akm))
        .unwrap_or("");
    let key_round_trip_ms = match record.key_source {
        Some(roamd_ap::ft::KeySource::Pulled { round_trip_ms }) => round_trip_ms,
        _ => 0,
    };
    Some(EventKind::Roam {
        reassoc: record.reassoc,
        pmkids: format!("{:?}", record.offered).to_lowercase(),
        outcome: record.outcome.as_str(),
        akm,
        radius_round_trips: record.radius_round_trips,
        authorize_ms: record.authorize_time.map_or(0, |d| d.as_millis() as u64),
        ft: record.ft,
        pmf: record.pmf,
        key_source: record.key_source.map_or("", |k| k.as_str()),
        key_round_trip_ms: key_round_trip_ms.into(),
        class: record.class.map_or("", |c| c.as_str()),
    })
}

/// What the loop hands the writer thread.
enum ToWriter {
    /// A line to append.
    Line(Vec<u8>),
    /// Open the file again by its name (after logrotate moved it away).
    Reopen,
}

/// The event file's writer: a thread that appends the lines the loop
/// queues, so that a slow disk never holds up the loop.
pub struct EventSink {
    tx: Option<SyncSender<ToWriter>>,
    writer: Option<std::thread::JoinHandle<()>>,
    shared: Arc<Shared>,
}

impl EventSink {
    /// Opens `file` for appending (creating it, mode 0640) and starts the
    /// writer, with room for `queue` lines.
    pub fn open(file: &Path, queue: usize, shared: Arc<Shared>) -> std::io::Result<Self> {
        let out = open_for_append(file)?;
        let (tx, rx) = sync_channel(queue);
        let counters = shared.clone();
        let path = file.to_path_buf();
        let writer = std::thread::Builder::new()
            .name("roamd-events".into())
            .spawn(move || write_lines(&path, out, rx, &counters))?;
        Ok(EventSink {
            tx: Some(tx),
            writer: Some(writer),
            shared,
        })
    }

    /// Queues `event`'s line; drops it (counted) when the queue is full.
    pub fn send(&self, event: &Event) {
        let Some(tx) = &self.tx else { return };
        let mut line = match serde_json::to_vec(event) {
            Ok(line) => line,
            Err(_) => {
                self.shared.events_dropped.fetch_add(1, Relaxed);
                return;
            }
        };
        line.push(b'\n');
        match tx.try_send(ToWriter::Line(line)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
                self.shared.events_dropped.fetch_add(1, Relaxed);
            }
        }
    }

    /// Has the writer open the file again by its name, after the lines
    /// queued so far (SIGHUP, RELOAD, RELOG: logrotate's `postrotate`).
    /// Not done if the queue is full; the next call tries again.
    pub fn reopen(&self) {
        if let Some(tx) = &self.tx {
            if tx.try_send(ToWriter::Reopen).is_err() {
                tracing::warn!("events file: queue full, not reopened");
            }
        }
    }

    /// Lets the writer finish the queue and waits for it.
    pub fn close(mut self) {
        self.tx = None;
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// `file` opened for appending, created with mode 0640.
fn open_for_append(file: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o640)
        .open(file)
}

/// The writer thread: appends each line, flushing whenever the queue is
/// empty, and opens `path` again when asked, until the sink closes.
fn write_lines(path: &Path, file: std::fs::File, rx: Receiver<ToWriter>, shared: &Shared) {
    let mut out = std::io::BufWriter::new(file);
    let mut failed = false;
    while let Ok(first) = rx.recv() {
        let mut pending = vec![first];
        pending.extend(rx.try_iter());
        for message in pending {
            let line = match message {
                ToWriter::Line(line) => line,
                ToWriter::Reopen => {
                    let _ = out.flush();
                    match open_for_append(path) {
                        Ok(file) => {
                            out = std::io::BufWriter::new(file);
                            failed = false;
                        }
                        Err(e) => tracing::error!("events file: cannot reopen: {e}"),
                    }
                    continue;
                }
            };
            match out.write_all(&line) {
                Ok(()) => {
                    shared.events_written.fetch_add(1, Relaxed);
                }
                Err(e) => {
                    shared.events_dropped.fetch_add(1, Relaxed);
                    if !failed {
                        tracing::error!("events file: {e}; lines are dropped (counted)");
                        failed = true;
                    }
                }
            }
        }
        if let Err(e) = out.flush() {
            if !failed {
                tracing::error!("events file: {e}; lines are dropped (counted)");
                failed = true;
            }
        }
    }
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(sta: &str) -> Event {
        Event {
            v: VERSION,
            ts_ms: 0,
            event: "disconnection",
            ifname: "wlan0".into(),
            ssid: "lab".into(),
            bssid: "02:00:00:00:00:00".into(),
            sta: sta.into(),
            fields: EventKind::Disconnection {},
        }
    }

    #[test]
    fn a_reopen_follows_a_rotation_that_renames_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("events.jsonl");
        let shared = Arc::new(Shared::default());
        let sink = EventSink::open(&file, 8, shared.clone()).expect("opens");
        sink.send(&event("02:00:00:00:02:01"));
        // logrotate renames, then signals. The first line goes to the old
        // file whenever the writer gets to it: its descriptor follows the
        // rename, and the reopen is queued after the line.
        let rotated = dir.path().join("events.jsonl.1");
        std::fs::rename(&file, &rotated).expect("rename");
        sink.reopen();
        sink.send(&event("02:00:00:00:02:02"));
        sink.close();
        let old = std::fs::read_to_string(&rotated).expect("rotated file");
        let new = std::fs::read_to_string(&file).expect("new file");
        assert!(
            old.contains("02:00:00:00:02:01") && !old.contains("02:00:00:00:02:02"),
            "{old}"
        );
        assert!(
            new.contains("02:00:00:00:02:02") && !new.contains("02:00:00:00:02:01"),
            "{new}"
        );
        assert_eq!(shared.events_written.load(Relaxed), 2);
    }
}
