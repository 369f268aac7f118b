//! hostapd's global control interface (`-g`) on the simulated radio: a
//! daemon started without radios gets one by `ADD <ifname> config=<file>`,
//! answers `IFNAME=` and `INTERFACES`, serves a station, drops it on
//! `REMOVE`, reuses the slot on the next `ADD`, bounds the slots, and sends
//! the events of every BSS to the global monitors. `ADD <ifname> <dir>`
//! without a file is set up by `SET` and started by `ENABLE`.

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use roamd::config::{Config, CtrlGroup};
use roamd::daemon::Daemon;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{InterfaceInfo, RadioCommand, SimRadio};
use tokio::net::UnixDatagram;

mod support;
use support::{recv, request, stops_and_starts};

const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

/// wlan0 (ifindex 4, phy0) and wlan1 (ifindex 5, phy1).
fn two_radios() -> SimRadio {
    let iface = |ifindex, name: &str, wiphy, last| InterfaceInfo {
        ifindex,
        name: name.into(),
        wiphy,
        mac: MacAddr([2, 0, 0, 0, last, 0]),
        iftype: 2,
    };
    SimRadio::new(vec![iface(4, "wlan0", 0, 0), iface(5, "wlan1", 1, 1)]).0
}

/// An open station joins the BSS on `ifindex` (BSSID `bssid`).
async fn join(daemon: &mut Daemon<SimRadio>, radio: &SimRadio, ifindex: u32, bssid: MacAddr) {
    support::open_join(daemon, radio, ifindex, bssid, STA).await;
}

#[tokio::test(flavor = "current_thread")]
async fn add_serve_remove_and_add_again_through_the_global_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ctrl = dir.path().join("ctrl");
    let global = dir.path().join("run").join("hostapd-global");
    let conf = dir.path().join("ap.conf");
    std::fs::write(
        &conf,
        format!(
            "interface=wlan0\nctrl_interface={}\nssid=lab\nhw_mode=g\nchannel=6\n",
            ctrl.display()
        ),
    )
    .expect("write");
    let radio = two_radios();
    let mut daemon = Daemon::start(radio.clone(), &Config::without_radios())
        .await
        .expect("starts without radios");
    // root may give any group; anyone else only one of their own.
    let own = std::fs::metadata(dir.path()).expect("metadata");
    let gid = if own.uid() == 0 { 4242 } else { own.gid() };
    daemon
        .open_global_ctrl(&global, Some(&CtrlGroup::Id(gid)))
        .expect("global socket");
    // The socket and its new directory: the -G group, mode 0770.
    for path in [global.parent().expect("dir"), &global] {
        let meta = std::fs::metadata(path).expect("exists");
        assert_eq!(meta.gid(), gid, "{}", path.display());
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o770,
            "{}",
            path.display()
        );
    }
    let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
    let monitor = UnixDatagram::bind(dir.path().join("monitor")).expect("monitor");
    let add = format!("ADD wlan0 config={}", conf.display());

    for (command, reply) in [
        ("PING", "PONG\n"),
        ("INTERFACES", ""),
        ("RELOG", "OK\n"),
        // hostapd has no global STATUS: an unknown command is FAIL there.
        ("STATUS", "FAIL\n"),
        ("FROB", "FAIL\n"),
        ("IFNAME=wlan0 PING", "FAIL-NO-IFNAME-MATCH\n"),
        ("REMOVE wlan0", "FAIL\n"),
        // Without a file only nl80211 (hostapd falls back to its default).
        ("ADD wlan0 /tmp madwifi", "FAIL\n"),
        ("ADD wlan0 config=/nonexistent.conf", "FAIL\n"),
    ] {
        assert_eq!(
            request(&mut daemon, &client, &global, command).await,
            reply,
            "{command}"
        );
    }
    assert_eq!(
        request(&mut daemon, &monitor, &global, "ATTACH").await,
        "OK\n"
    );

    // ADD: the radio starts, its socket opens, the global monitor hears it.
    assert_eq!(request(&mut daemon, &client, &global, &add).await, "OK\n");
    assert_eq!(recv(&monitor).await, "<3>IFNAME=wlan0 AP-ENABLED");
    let (_, started) = stops_and_starts(&radio.commands());
    assert_eq!(started, [(4, b"lab".to_vec())]);
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES ctrl").await,
        format!("wlan0 ctrl_iface={}\n", ctrl.display())
    );
    assert_eq!(
        request(&mut daemon, &client, &global, &add).await,
        "FAIL\n",
        "exists already"
    );
    let status = request(&mut daemon, &client, &global, "IFNAME=wlan0 STATUS").await;
    assert!(
        status.contains("state=ENABLED\n") && status.contains("bss[0]=wlan0\n"),
        "{status}"
    );
    assert_eq!(
        request(&mut daemon, &client, &ctrl.join("wlan0"), "PING").await,
        "PONG\n"
    );

    // A station joins; its events reach the global monitor too.
    join(&mut daemon, &radio, 4, MacAddr([2, 0, 0, 0, 0, 0])).await;
    assert!(daemon.bsses()[0].station(STA).is_some());
    assert_eq!(
        recv(&monitor).await,
        format!("<3>IFNAME=wlan0 AP-STA-CONNECTED {STA}")
    );
    let sta = request(
        &mut daemon,
        &client,
        &global,
        &format!("IFNAME=wlan0 STA {STA}"),
    )
    .await;
    assert!(sta.starts_with(&format!("{STA}\n")), "{sta}");

    // REMOVE: the station is deauthenticated, the AP stops, the socket goes.
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &global, "REMOVE wlan0").await,
        "OK\n"
    );
    let since = radio.commands()[n..].to_vec();
    assert!(
        since.iter().any(
            |c| matches!(c, RadioCommand::SendMgmt { ifindex: 4, frame, .. } if frame[0] == 0xc0)
        ),
        "{since:?}"
    );
    assert_eq!(stops_and_starts(&since).0, [4]);
    assert!(daemon.bsses()[0].station(STA).is_none());
    let mut events = Vec::new();
    while events.last().map(String::as_str) != Some("<3>IFNAME=wlan0 AP-DISABLED") {
        events.push(recv(&monitor).await);
    }
    assert!(!ctrl.join("wlan0").exists());
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        ""
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "IFNAME=wlan0 PING").await,
        "FAIL-NO-IFNAME-MATCH\n"
    );
    // The start-up files no longer describe the BSSes.
    assert!(!daemon.reload("test").await);

    // ADD again: the tombstone's slot serves again.
    assert_eq!(request(&mut daemon, &client, &global, &add).await, "OK\n");
    assert_eq!(daemon.bsses().len(), 1);
    // Its management frames stayed registered (the kernel refuses them twice).
    let registrations = radio
        .commands()
        .iter()
        .filter(|c| matches!(c, RadioCommand::RegisterApFrames { ifindex: 4 }))
        .count();
    assert_eq!(registrations, 1);
    assert_eq!(
        request(&mut daemon, &client, &ctrl.join("wlan0"), "PING").await,
        "PONG\n"
    );
    join(&mut daemon, &radio, 4, MacAddr([2, 0, 0, 0, 0, 0])).await;
    assert!(daemon.bsses()[0].station(STA).is_some());

    // The bound on slots; the file's interface= yields to ADD's name.
    daemon.set_max_bsses(1);
    let add1 = format!("ADD wlan1 config={}", conf.display());
    assert_eq!(
        request(&mut daemon, &client, &global, &add1).await,
        "FAIL\n"
    );
    daemon.set_max_bsses(2);
    assert_eq!(request(&mut daemon, &client, &global, &add1).await, "OK\n");
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\nwlan1\n"
    );
    // bss_config= onto wlan1's radio: the file's interface, wlan0, exists
    // already. FLUSH (hostapd's) keeps the interfaces.
    let bss_config = format!("ADD bss_config=phy1:{}", conf.display());
    assert_eq!(
        request(&mut daemon, &client, &global, &bss_config).await,
        "FAIL\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "FLUSH").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\nwlan1\n"
    );
    // DISABLE through IFNAME= stops that radio only.
    assert_eq!(
        request(&mut daemon, &client, &global, "IFNAME=wlan1 DISABLE").await,
        "OK\n"
    );
    let status = request(&mut daemon, &client, &global, "IFNAME=wlan0 STATUS").await;
    assert!(status.contains("state=ENABLED\n"), "{status}");
    // The monitor heard the re-ADD, wlan1's ADD and DISABLE, then DETACH's reply.
    let mut heard = vec![request(&mut daemon, &monitor, &global, "DETACH").await];
    while heard.last().map(String::as_str) != Some("OK\n") {
        heard.push(recv(&monitor).await);
    }
    assert!(
        heard.contains(&"<3>IFNAME=wlan1 AP-DISABLED".to_string()),
        "{heard:?}"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "TERMINATE").await,
        "OK\n"
    );
    daemon.shutdown().await;
    assert!(!global.exists());
}

/// A radio with two BSSes (bss=): REMOVE of the second removes it alone
/// (its interface, which roamd created, deleted); REMOVE of the first
/// removes the radio.
#[tokio::test(flavor = "current_thread")]
async fn remove_a_second_bss_then_the_radio() {
    let dir = tempfile::tempdir().expect("tempdir");
    let global = dir.path().join("global");
    let conf = dir.path().join("two.conf");
    std::fs::write(
        &conf,
        "interface=wlan0\nssid=lab\nhw_mode=g\nchannel=6\nbss=wlan0_1\nssid=guest\n",
    )
    .expect("write");
    let radio = two_radios();
    let mut daemon = Daemon::start(radio.clone(), &Config::without_radios())
        .await
        .expect("starts");
    daemon
        .open_global_ctrl(&global, None)
        .expect("global socket");
    let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
    let add = format!("ADD wlan0 config={}", conf.display());
    assert_eq!(request(&mut daemon, &client, &global, &add).await, "OK\n");
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES ctrl").await,
        "wlan0 ctrl_iface=N/A\nwlan0_1 ctrl_iface=N/A\n"
    );
    let created = radio.commands().iter().find_map(|c| match c {
        RadioCommand::NewApInterface { .. } => Some(()),
        _ => None,
    });
    assert!(created.is_some());
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &global, "REMOVE wlan0_1").await,
        "OK\n"
    );
    let since = radio.commands()[n..].to_vec();
    assert!(
        since
            .iter()
            .any(|c| matches!(c, RadioCommand::DelInterface { .. })),
        "{since:?}"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\n"
    );
    // The radio's DISABLE no longer touches the removed BSS.
    assert_eq!(
        request(&mut daemon, &client, &global, "IFNAME=wlan0 DISABLE").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "IFNAME=wlan0 ENABLE").await,
        "OK\n"
    );
    let status = request(&mut daemon, &client, &global, "IFNAME=wlan0 STATUS").await;
    assert!(!status.contains("wlan0_1"), "{status}");
    assert_eq!(
        request(&mut daemon, &client, &global, "REMOVE wlan0").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        ""
    );
    // Two slots left as tombstones, taken again by the same radio.
    assert_eq!(request(&mut daemon, &client, &global, &add).await, "OK\n");
    assert_eq!(daemon.bsses().len(), 2);
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\nwlan0_1\n"
    );
}

/// hostapd's test framework's way: `ADD <ifname> <dir>`, then SET and
/// ENABLE on the interface's own socket (or through `IFNAME=`).
#[tokio::test(flavor = "current_thread")]
async fn add_without_a_file_then_set_and_enable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ctrl = dir.path().join("ctrl");
    let global = dir.path().join("global");
    let radio = two_radios();
    let mut daemon = Daemon::start(radio.clone(), &Config::without_radios())
        .await
        .expect("starts");
    // wlan1, wlan9 and one more: three slots, those not started included.
    daemon.set_max_bsses(3);
    daemon
        .open_global_ctrl(&global, None)
        .expect("global socket");
    let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
    let monitor = UnixDatagram::bind(dir.path().join("monitor")).expect("monitor");
    let add = format!("ADD wlan1 {} nl80211", ctrl.display());
    assert_eq!(request(&mut daemon, &client, &global, &add).await, "OK\n");
    assert_eq!(
        request(&mut daemon, &client, &global, &add).await,
        "FAIL\n",
        "exists already"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES ctrl").await,
        format!("wlan1 ctrl_iface={}\n", ctrl.display())
    );
    // Its own socket answers at once, as hostapd's does.
    let wlan1 = ctrl.join("wlan1");
    for (command, reply) in [
        ("PING", "PONG\n"),
        ("ATTACH", "OK\n"),
        ("STATUS", "state=UNINITIALIZED\nphy=\nfreq=0\nchannel=0\n"),
        ("DISABLE", "FAIL\n"),
        ("FROB", "UNKNOWN COMMAND\n"),
    ] {
        let from = if command == "ATTACH" {
            &monitor
        } else {
            &client
        };
        assert_eq!(
            request(&mut daemon, from, &wlan1, command).await,
            reply,
            "{command}"
        );
    }
    // Each SET is a hostapd.conf line, checked as in a file.
    for (command, reply) in [
        ("SET channel six", "FAIL\n"),
        ("SET wps_state 2", "FAIL\n"),
        ("SET wpa 1", "FAIL\n"),
        ("SET #ssid x", "FAIL\n"),
        ("SET ssid a\nchannel=7", "FAIL\n"),
        ("SET hw_mode g", "OK\n"),
        ("SET channel 6", "OK\n"),
    ] {
        assert_eq!(
            request(&mut daemon, &client, &wlan1, command).await,
            reply,
            "{command}"
        );
    }
    // No SSID yet: the configuration is invalid, the interface waits.
    assert_eq!(
        request(&mut daemon, &client, &wlan1, "ENABLE").await,
        "FAIL\n"
    );
    assert!(stops_and_starts(&radio.commands()).1.is_empty());
    assert_eq!(
        request(&mut daemon, &client, &global, "IFNAME=wlan1 SET ssid lab").await,
        "OK\n"
    );
    let config = request(&mut daemon, &client, &wlan1, "GET_CONFIG").await;
    assert!(
        config.starts_with("bssid=00:00:00:00:00:00\nssid=lab\n"),
        "{config}"
    );

    // Another one, removed before it starts; the bound counts it.
    let add9 = format!("ADD wlan9 {}", ctrl.display());
    assert_eq!(request(&mut daemon, &client, &global, &add9).await, "OK\n");
    // A client repeating SETs meets the bound on lines.
    let wlan9 = ctrl.join("wlan9");
    for _ in 0..roamd::daemon::MAX_PENDING_LINES {
        assert_eq!(
            request(&mut daemon, &client, &wlan9, "SET beacon_int 100").await,
            "OK\n"
        );
    }
    assert_eq!(
        request(&mut daemon, &client, &wlan9, "SET beacon_int 100").await,
        "FAIL\n",
        "the bound on SET lines"
    );
    let add8 = format!("ADD wlan8 {}", ctrl.display());
    assert_eq!(request(&mut daemon, &client, &global, &add8).await, "OK\n");
    let add7 = format!("ADD wlan7 {}", ctrl.display());
    assert_eq!(
        request(&mut daemon, &client, &global, &add7).await,
        "FAIL\n",
        "three slots at most"
    );
    for name in ["wlan9", "wlan8"] {
        assert_eq!(
            request(&mut daemon, &client, &global, &format!("REMOVE {name}")).await,
            "OK\n"
        );
        assert!(!ctrl.join(name).exists());
    }

    // ENABLE: the radio starts; the socket and its monitor stay.
    assert_eq!(
        request(&mut daemon, &client, &wlan1, "ENABLE").await,
        "OK\n"
    );
    assert_eq!(recv(&monitor).await, "<3>AP-ENABLED");
    let (_, started) = stops_and_starts(&radio.commands());
    assert_eq!(started, [(5, b"lab".to_vec())]);
    let status = request(&mut daemon, &client, &wlan1, "STATUS").await;
    assert!(
        status.contains("state=ENABLED\n") && status.contains("channel=6\n"),
        "{status}"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan1\n"
    );
    support::open_join(&mut daemon, &radio, 5, MacAddr([2, 0, 0, 0, 1, 0]), STA).await;
    assert!(daemon.bsses()[0].station(STA).is_some());
    assert_eq!(recv(&monitor).await, format!("<3>AP-STA-CONNECTED {STA}"));
    // Started: SET is the running BSS's again (hostapd's run-time keys).
    assert_eq!(
        request(&mut daemon, &client, &wlan1, "SET channel 1").await,
        "FAIL\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "REMOVE wlan1").await,
        "OK\n"
    );
    assert!(!wlan1.exists());
}

/// The ifindex the simulated radio gave the interface `name`.
async fn ifindex_of(radio: &SimRadio, name: &str) -> u32 {
    use roamd_nl80211_ap::{Radio, RadioReply};
    let command = RadioCommand::GetInterface { name: name.into() };
    match radio.clone().execute(command).await {
        Ok(RadioReply::Interface(i)) => i.ifindex,
        other => panic!("{name}: {other:?}"),
    }
}

/// `ADD bss_config=phy0:<file>` onto a running radio: the BSS starts
/// beside the first on an interface of its own, the first BSS's station
/// stays; REMOVE takes it alone; REMOVE of the radio takes both.
#[tokio::test(flavor = "current_thread")]
async fn bss_config_joins_a_running_radio() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ctrl = dir.path().join("ctrl");
    let global = dir.path().join("global");
    let conf = dir.path().join("ap.conf");
    let base = format!("ctrl_interface={}\nssid=lab\nhw_mode=g\n", ctrl.display());
    std::fs::write(&conf, format!("interface=wlan0\nchannel=6\n{base}")).expect("write");
    // Its own channel is not used: the radio's stays (as in hostapd).
    let guest = dir.path().join("guest.conf");
    std::fs::write(&guest, format!("interface=wlan0_g\nchannel=11\n{base}")).expect("write");
    let two = dir.path().join("two.conf");
    std::fs::write(
        &two,
        format!("interface=wlan0_h\nchannel=6\n{base}bss=wlan0_i\nssid=x\n"),
    )
    .expect("write");
    let radio = two_radios();
    let mut daemon = Daemon::start(radio.clone(), &Config::without_radios())
        .await
        .expect("starts");
    daemon
        .open_global_ctrl(&global, None)
        .expect("global socket");
    let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
    let add = format!("ADD wlan0 config={}", conf.display());
    assert_eq!(request(&mut daemon, &client, &global, &add).await, "OK\n");
    join(&mut daemon, &radio, 4, MacAddr([2, 0, 0, 0, 0, 0])).await;
    assert!(daemon.bsses()[0].station(STA).is_some());

    let n = radio.commands().len();
    let add_guest = format!("ADD bss_config=phy0:{}", guest.display());
    assert_eq!(
        request(&mut daemon, &client, &global, &add_guest).await,
        "OK\n"
    );
    let since = radio.commands()[n..].to_vec();
    // Nothing of the running BSS stopped or was flushed.
    assert!(
        !since.iter().any(|c| matches!(
            c,
            RadioCommand::StopAp { ifindex: 4 }
                | RadioCommand::DelStation { ifindex: 4, .. }
                | RadioCommand::SetApMode { ifindex: 4 }
        )),
        "{since:?}"
    );
    assert!(daemon.bsses()[0].station(STA).is_some());
    // Its interface on phy0, with the radio's address as the second BSS's.
    let guest_mac = MacAddr([2, 0, 0, 0, 0, 1]);
    assert!(since.iter().any(|c| matches!(
        c,
        RadioCommand::NewApInterface { wiphy: 0, name, mac } if name == "wlan0_g" && *mac == guest_mac
    )));
    let ifindex = ifindex_of(&radio, "wlan0_g").await;
    assert_eq!(stops_and_starts(&since).1, [(ifindex, b"lab".to_vec())]);
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\nwlan0_g\n"
    );
    let status = request(&mut daemon, &client, &ctrl.join("wlan0_g"), "STATUS").await;
    assert!(
        status.contains("channel=6\n") && status.contains("bss[1]=wlan0_g\n"),
        "{status}"
    );
    // hostapd's data test commands: only with the testing feature, and
    // DATA_TEST_TX only once DATA_TEST_CONFIG opened the socket.
    let tx = "DATA_TEST_TX 02:00:00:00:02:00 02:00:00:00:00:00 0";
    let expected = if cfg!(feature = "testing") {
        "FAIL\n"
    } else {
        "UNKNOWN COMMAND\n"
    };
    assert_eq!(
        request(&mut daemon, &client, &ctrl.join("wlan0"), tx).await,
        expected
    );
    // A second station joins the new BSS.
    let sta2 = MacAddr([2, 0, 0, 0, 3, 0]);
    support::open_join(&mut daemon, &radio, ifindex, guest_mac, sta2).await;
    assert!(daemon.bsses()[1].station(sta2).is_some());
    assert!(daemon.bsses()[0].station(STA).is_some());

    // A name in use, a file of two BSSes: refused.
    for refused in [
        add_guest.clone(),
        format!("ADD bss_config=phy0:{}", two.display()),
    ] {
        assert_eq!(
            request(&mut daemon, &client, &global, &refused).await,
            "FAIL\n",
            "{refused}"
        );
    }

    // REMOVE of the added BSS leaves the first running, its station too.
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &global, "REMOVE wlan0_g").await,
        "OK\n"
    );
    let since = radio.commands()[n..].to_vec();
    assert_eq!(stops_and_starts(&since).0, [ifindex]);
    assert!(since
        .iter()
        .any(|c| matches!(c, RadioCommand::DelInterface { ifindex: i } if *i == ifindex)));
    assert!(daemon.bsses()[0].station(STA).is_some());
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        "wlan0\n"
    );
    // Again: the tombstone's slot serves it.
    assert_eq!(
        request(&mut daemon, &client, &global, &add_guest).await,
        "OK\n"
    );
    assert_eq!(daemon.bsses().len(), 2);
    // REMOVE of the radio's own interface takes the added BSS too.
    assert_eq!(
        request(&mut daemon, &client, &global, "REMOVE wlan0").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &global, "INTERFACES").await,
        ""
    );
    // bss_config= for a radio without BSSes starts the radio.
    assert_eq!(
        request(
            &mut daemon,
            &client,
            &global,
            &format!("ADD bss_config=phy0:{}", conf.display())
        )
        .await,
        "OK\n"
    );
}
