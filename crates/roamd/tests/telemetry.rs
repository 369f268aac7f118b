//! The metrics endpoint and the event file (feature `telemetry`), on the
//! simulated radio: a station joins an open SSID; the endpoint is scraped
//! over TCP and its text parsed; the connection bound and the request size
//! bound hold; every event line is checked against docs/events.md.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use roamd::config::Config;
use roamd::daemon::Daemon;
use roamd::telemetry::{Event, EventKind};
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{InterfaceInfo, RadioEvent, SimRadio};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod support;

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

/// Sends `request` and reads the whole reply (the server closes).
async fn http(addr: std::net::SocketAddr, request: Vec<u8>) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    // The server may answer (and close) before it has read everything.
    let _ = stream.write_all(&request).await;
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply).await;
    String::from_utf8_lossy(&reply).into_owned()
}

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").into_bytes()
}

/// Runs `client` while answering the scrapes it makes, as the event loop does.
async fn scrape_with<T: Send + 'static>(
    daemon: &mut Daemon<SimRadio>,
    client: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    let mut client = tokio::spawn(client);
    loop {
        tokio::select! {
            done = &mut client => return done.expect("client task"),
            Some(scrape) = daemon.next_scrape() => daemon.answer_scrape(scrape),
            _ = tokio::time::sleep(Duration::from_secs(10)) => panic!("scrape hung"),
        }
    }
}

/// The samples of an OpenMetrics text: `name{labels}` -> value.
fn samples(text: &str) -> BTreeMap<String, f64> {
    assert!(text.ends_with("# EOF\n"), "{text}");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (key, value) = l.rsplit_once(' ').unwrap_or_else(|| panic!("sample {l:?}"));
            let value = value.parse().unwrap_or_else(|_| panic!("value in {l:?}"));
            (key.to_string(), value)
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn the_endpoint_and_the_event_file_tell_what_a_station_did() {
    let dir = tempfile::tempdir().expect("tempdir");
    let events_file = dir.path().join("events.jsonl");
    let config = Config::parse(
        Path::new("t.toml"),
        &format!(
            "[daemon]\nctrl_interface = \"\"\n[daemon.metrics]\nlisten = \"127.0.0.1:0\"\n\
             max_connections = 2\n[daemon.events]\nfile = {events_file:?}\n\
             [[radio]]\ninterface = \"wlan0\"\nchannel = 6\n[[radio.bss]]\nssid = \"lab\"\n"
        ),
    )
    .expect("valid");
    let iface = InterfaceInfo {
        ifindex: 4,
        name: "wlan0".into(),
        wiphy: 0,
        mac: BSSID,
        iftype: 2,
    };
    let (radio, mut events) = SimRadio::new(vec![iface]);
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    let addr = daemon.telemetry().local_addr().expect("listening");
    assert!(addr.ip().is_loopback() && addr.port() != 0);

    // A station joins the open SSID.
    let [auth, assoc] = support::open_join_frames(BSSID, STA);
    for frame in [auth, assoc] {
        radio.inject(RadioEvent::MgmtFrame {
            ifindex: 4,
            frame,
            signal_dbm: Some(-40),
        });
        let event = events.recv().await.expect("event");
        daemon.handle_event(event).await;
    }
    support::ack_last(&mut daemon, &radio, 4).await;
    assert_eq!(daemon.bsses()[0].counters().associations, 1);

    // Scraped over TCP, parsed.
    let reply = scrape_with(&mut daemon, http(addr, get("/metrics"))).await;
    let (head, text) = reply.split_once("\r\n\r\n").expect("HTTP reply");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("application/openmetrics-text"), "{head}");
    let s = samples(text);
    let bss = r#"ifname="wlan0",ssid="lab""#;
    for (key, value) in [
        (format!("roamd_associations_total{{{bss}}}"), 1.0),
        (format!("roamd_stations{{{bss}}}"), 1.0),
        (format!("roamd_stations_authorized{{{bss}}}"), 1.0),
        (
            format!(r#"roamd_roams_total{{{bss},outcome="open",reassoc="false"}}"#),
            1.0,
        ),
        (
            format!(r#"roamd_roam_authorize_seconds_count{{{bss},outcome="open"}}"#),
            1.0,
        ),
        (
            format!(r#"roamd_roam_authorize_seconds_bucket{{le="+Inf",{bss},outcome="open"}}"#),
            1.0,
        ),
        (
            format!(r#"roamd_frames_dropped_total{{{bss},reason="malformed"}}"#),
            0.0,
        ),
        (format!("roamd_disconnections_total{{{bss}}}"), 0.0),
        ("roamd_metrics_connections_refused_total".into(), 0.0),
    ] {
        assert_eq!(s.get(&key), Some(&value), "{key} in\n{text}");
    }

    // Anything but GET /metrics is refused.
    let reply = scrape_with(&mut daemon, http(addr, get("/"))).await;
    assert!(reply.starts_with("HTTP/1.1 404"), "{reply}");
    let post = b"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".to_vec();
    let reply = scrape_with(&mut daemon, http(addr, post)).await;
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply}");

    // A request is 8 KiB of headers at most.
    let mut huge = b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: ".to_vec();
    huge.resize(huge.len() + 64 * 1024, b'a');
    huge.extend(b"\r\n\r\n");
    let reply = scrape_with(&mut daemon, http(addr, huge)).await;
    assert!(!reply.starts_with("HTTP/1.1 200"), "{reply}");

    // Two connections at once at most: a third is closed at once, counted.
    let idle: Vec<TcpStream> = vec![
        TcpStream::connect(addr).await.expect("connect"),
        TcpStream::connect(addr).await.expect("connect"),
    ];
    tokio::time::sleep(Duration::from_millis(100)).await;
    let reply = tokio::time::timeout(Duration::from_secs(5), http(addr, get("/metrics")))
        .await
        .expect("the third connection is closed at once");
    assert_eq!(reply, "", "no reply beyond max_connections");
    drop(idle);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let reply = scrape_with(&mut daemon, http(addr, get("/metrics"))).await;
    let s = samples(reply.split_once("\r\n\r\n").expect("reply").1);
    assert_eq!(s["roamd_metrics_connections_refused_total"], 1.0);
    assert!(s["roamd_metrics_scrapes_total"] >= 1.0);

    // The station is deauthenticated on shutdown: a disconnection.
    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
    let text = std::fs::read_to_string(&events_file).expect("events file");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["event"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["association", "roam", "disconnection"], "{text}");
    assert_eq!(lines[1]["outcome"], "open");
    assert_eq!(lines[1]["sta"], "02:00:00:00:02:00");
    let schema = schema();
    for line in &lines {
        check(&schema, line);
    }
}

/// docs/events.md's field table: field -> (JSON type, events carrying it).
fn schema() -> BTreeMap<String, (String, Vec<String>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/events.md");
    let text = std::fs::read_to_string(&path).expect("docs/events.md");
    let mut fields = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let [field, kind, events, ..] = cells.as_slice() else {
            continue;
        };
        let Some(field) = field.strip_prefix('`').and_then(|f| f.strip_suffix('`')) else {
            continue;
        };
        let events: Vec<String> = events
            .split(',')
            .map(|e| e.trim().trim_matches('`').to_string())
            .collect();
        fields.insert(field.to_string(), (kind.to_string(), events));
    }
    assert!(fields.len() >= 20, "{fields:?}");
    fields
}

/// Every key of `line` is documented for its event with its JSON type, and
/// every field documented for that event is there.
fn check(schema: &BTreeMap<String, (String, Vec<String>)>, line: &Value) {
    let object = line.as_object().expect("an object per line");
    let event = object["event"].as_str().expect("event");
    let carried = |events: &[String]| events.iter().any(|e| e == "all" || e == event);
    for (key, value) in object {
        let (kind, events) = schema
            .get(key)
            .unwrap_or_else(|| panic!("{event}: {key} is not in docs/events.md"));
        assert!(carried(events), "{event}: {key} is not documented for it");
        let ok = match kind.as_str() {
            "string" => value.is_string(),
            "integer" => value.is_u64(),
            "boolean" => value.is_boolean(),
            other => panic!("{key}: unknown type {other}"),
        };
        assert!(ok, "{event}: {key} = {value} is not a {kind}");
    }
    for (field, (_, events)) in schema {
        if carried(events) {
            assert!(object.contains_key(field), "{event}: {field} missing");
        }
    }
    assert_eq!(object["v"], 1);
}

/// Every kind of event, as the daemon serialises it, against the schema
/// (the handshake outcomes need a PSK or EAP exchange the test above does
/// not run).
#[test]
fn every_kind_of_event_matches_docs_events_md() {
    let schema = schema();
    let kinds = [
        EventKind::Association {
            aid: 1,
            reassoc: true,
        },
        EventKind::Roam {
            reassoc: true,
            pmkids: "known".into(),
            outcome: "okc",
            akm: "wpa-eap",
            radius_round_trips: 0,
            authorize_ms: 12,
            ft: false,
            pmf: true,
            key_source: "",
            key_round_trip_ms: 0,
            class: "fast",
        },
        EventKind::handshake(None, 0),
        EventKind::handshake(Some("4way-timeout"), 15),
        EventKind::Disconnection {},
    ];
    let mut names = Vec::new();
    for fields in kinds {
        names.push(fields.name());
        let event = Event {
            v: roamd::telemetry::VERSION,
            ts_ms: 1,
            event: fields.name(),
            ifname: "wlan0".into(),
            ssid: "lab".into(),
            bssid: BSSID.to_string(),
            sta: STA.to_string(),
            fields,
        };
        let line = serde_json::to_string(&event).expect("serialises");
        assert!(!line.contains('\n'));
        check(&schema, &serde_json::from_str(&line).expect("JSON"));
    }
    // The `event` row names every kind.
    let (_, events) = &schema["event"];
    assert_eq!(events, &["all"]);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/events.md");
    let text = std::fs::read_to_string(path).expect("docs/events.md");
    for name in names {
        assert!(text.contains(&format!("`{name}`")), "{name} undocumented");
    }
}
