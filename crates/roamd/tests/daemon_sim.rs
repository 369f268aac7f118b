//! The daemon's event loop on the in-process simulated radio: start-up,
//! a station joining through injected frames, TX status, shutdown.

use std::path::Path;
use std::time::Duration;

use roamd::config::Config;
use roamd::daemon::Daemon;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{InterfaceInfo, RadioCommand, RadioEvent, SimRadio};

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
mod support;

const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

#[tokio::test(flavor = "current_thread")]
async fn station_joins_through_the_event_loop_and_is_deauthenticated_on_shutdown() {
    let ctrl_dir = tempfile::tempdir().expect("tempdir");
    let config = Config::parse(
        Path::new("t.toml"),
        &format!(
            "[daemon]\nctrl_interface = {:?}\n[[radio]]\ninterface = \"wlan0\"\nchannel = 6\n[[radio.bss]]\nssid = \"lab\"\n",
            ctrl_dir.path()
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

    let commands = radio.commands();
    assert!(matches!(
        commands[1],
        RadioCommand::SetApMode { ifindex: 4 }
    ));
    assert!(matches!(
        commands[2],
        RadioCommand::RegisterApFrames { ifindex: 4 }
    ));
    let start = commands.iter().find_map(|c| match c {
        RadioCommand::StartAp { settings, .. } => Some(settings.clone()),
        _ => None,
    });
    let settings = start.expect("AP started");
    assert_eq!(settings.freq_mhz, 2437);
    assert_eq!(settings.ssid, b"lab");

    let [auth, assoc] = support::open_join_frames(BSSID, STA);
    radio.inject(RadioEvent::MgmtFrame {
        ifindex: 4,
        frame: auth,
        signal_dbm: Some(-40),
    });
    radio.inject(RadioEvent::MgmtFrame {
        ifindex: 4,
        frame: assoc,
        signal_dbm: Some(-40),
    });
    // A frame for an interface roamd does not serve is ignored.
    radio.inject(RadioEvent::MgmtFrame {
        ifindex: 99,
        frame: vec![0; 3],
        signal_dbm: None,
    });
    for _ in 0..3 {
        let event = events.recv().await.expect("event");
        daemon.handle_event(event).await;
    }
    let sent_assoc_resp = radio.commands().iter().any(
        |c| matches!(c, RadioCommand::SendMgmt { frame, no_ack: false, .. } if frame[0] == 0x10),
    );
    assert!(sent_assoc_resp);
    support::ack_last(&mut daemon, &radio, 4).await;
    assert!(radio
        .commands()
        .iter()
        .any(|c| matches!(c, RadioCommand::SetStationAuthorized { mac, authorized: true, .. } if *mac == STA)));
    assert_eq!(daemon.bsses()[0].counters().associations, 1);

    // The inactivity poll reaches the kernel: GET_STATION for the station.
    daemon
        .handle_timeouts(std::time::Instant::now() + Duration::from_secs(11))
        .await;
    assert!(radio
        .commands()
        .iter()
        .any(|c| matches!(c, RadioCommand::GetStation { mac, .. } if *mac == STA)));

    // hostapd_cli's view over the control socket.
    let client_path = ctrl_dir.path().join("client");
    let client = tokio::net::UnixDatagram::bind(&client_path).expect("client socket");
    let server = ctrl_dir.path().join("wlan0");
    for (command, expect) in [
        ("PING", "PONG\n"),
        (
            "STA-FIRST",
            "02:00:00:00:02:00\nflags=[AUTH][ASSOC][AUTHORIZED]\naid=1\n",
        ),
        ("STA-NEXT 02:00:00:00:02:00", ""),
        ("STA 02:00:00:00:09:00", "FAIL\n"),
        ("STATUS", "state=ENABLED\nphy=phy0\nfreq=2437\nchannel=6\n"),
        ("FROB", "UNKNOWN COMMAND\n"),
        // roamd's extension, on a BSS without FT.
        ("FT_PEERS", "FAIL\n"),
        (
            "ROAM_SUMMARY",
            "ssid=lab roams=1 fast=0 (0%) slow=0 full=1 failed_to_fast_roam=0 clients=1 \
             never_offer_pmkid=0 okc_clients=0 ft_clients=0\n",
        ),
    ] {
        client
            .send_to(command.as_bytes(), &server)
            .await
            .expect("send");
        let mut request = None;
        while request.is_none() {
            tokio::select! {
                Some(r) = daemon.next_ctrl_request() => request = Some(r),
                _ = tokio::time::sleep(Duration::from_secs(5)) => panic!("no control request for {command}"),
            }
        }
        daemon.handle_ctrl_request(request.expect("request")).await;
        let mut buf = vec![0u8; 4096];
        let len = client.recv(&mut buf).await.expect("reply");
        let reply = String::from_utf8_lossy(&buf[..len]).into_owned();
        assert!(reply.starts_with(expect), "{command}: {reply:?}");
        if command == "STA-FIRST" {
            // The journal's class and the station's roaming profile.
            for field in [
                "\nroam_class=full\n",
                "\nprofile_associations=1\n",
                "\nprofile_okc=0\n",
            ] {
                assert!(reply.contains(field), "{field:?} in {reply:?}");
            }
        }
    }

    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
    let commands = radio.commands();
    let deauth = commands.iter().any(|c| matches!(c, RadioCommand::SendMgmt { frame, .. } if frame[0] == 0xc0 && frame[4..10] == STA.0));
    assert!(deauth, "station deauthenticated on shutdown");
    assert!(matches!(
        commands.last(),
        Some(RadioCommand::StopAp { ifindex: 4 })
    ));
}

#[test]
fn example_configs_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("config dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n >= 2);
}

/// A station that joins a second BSS of the process leaves the first one
/// at once (kernel entry removed, counted), as hostapd prunes it.
#[tokio::test(flavor = "current_thread")]
async fn a_station_joining_another_bss_is_pruned_from_the_first() {
    const A: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const B: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
    let config = Config::parse(
        Path::new("t.toml"),
        "[daemon]\nctrl_interface = \"\"\n\
         [[radio]]\ninterface = \"wlan0\"\nchannel = 6\n[[radio.bss]]\nssid = \"lab\"\n\
         [[radio]]\ninterface = \"wlan1\"\nchannel = 6\n[[radio.bss]]\nssid = \"lab\"\n",
    )
    .expect("valid");
    let iface = |ifindex, name: &str, wiphy, mac| InterfaceInfo {
        ifindex,
        name: name.into(),
        wiphy,
        mac,
        iftype: 2,
    };
    let (radio, _events) = SimRadio::new(vec![iface(4, "wlan0", 0, A), iface(5, "wlan1", 1, B)]);
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    for (ifindex, bssid) in [(4, A), (5, B)] {
        support::open_join(&mut daemon, &radio, ifindex, bssid, STA).await;
    }
    let bsses = daemon.bsses();
    assert!(bsses[0].station(STA).is_none(), "still at the first BSS");
    assert!(bsses[1].station(STA).is_some());
    assert_eq!(bsses[0].counters().roamed_away, 1);
    assert!(radio
        .commands()
        .iter()
        .any(|c| matches!(c, RadioCommand::DelStation { ifindex: 4, mac } if *mac == Some(STA))));
}
