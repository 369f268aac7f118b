//! Live reload on the simulated radio: the file the daemon started from
//! is changed and read again. Cache settings apply without stopping an AP,
//! an invalid file or a removed BSS is refused and changes nothing, and a
//! changed SSID or channel restarts only the BSSes concerned.

use std::path::Path;
use std::time::Duration;

use roamd::args::{ConfigFiles, ConfigSource};
use roamd::config::{CacheMode, Config};
use roamd::daemon::Daemon;
use roamd_nl80211_ap::{RadioCommand, SimRadio};

mod support;
use support::stops_and_starts;

/// A PSK BSS on wlan0 and an SAE BSS (which caches PMKSAs) on wlan0_1.
fn toml(ctrl: &Path, channel: u32, psk_ssid: &str, cache_mode: &str, second: bool) -> String {
    let mut text = format!(
        "[daemon]\nctrl_interface = {ctrl:?}\n\
         [[radio]]\ninterface = \"wlan0\"\nchannel = {channel}\n\
         [[radio.bss]]\nssid = \"{psk_ssid}\"\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\n"
    );
    if second {
        text.push_str(&format!(
            "[[radio.bss]]\nssid = \"sae\"\ninterface = \"wlan0_1\"\nsecurity = \"wpa3-sae\"\n\
             passphrase = \"correct horse battery\"\n[radio.bss.cache]\nmode = \"{cache_mode}\"\n"
        ));
    }
    text
}

#[tokio::test(flavor = "current_thread")]
async fn reload_applies_cache_settings_live_and_restarts_only_changed_bsses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ctrl = dir.path().join("ctrl");
    let file = dir.path().join("roamd.toml");
    std::fs::write(&file, toml(&ctrl, 1, "home", "sticky", true)).expect("write");
    let config = Config::load(&file).expect("valid");
    let radio = support::sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    daemon
        .reload_from(ConfigFiles {
            source: ConfigSource::Toml(file.clone()),
            interfaces: Vec::new(),
        })
        .expect("SIGHUP handler");
    let second = daemon.bsses()[1].bssid();
    let since = |n: usize| radio.commands()[n..].to_vec();

    // Nothing changed.
    let n = radio.commands().len();
    assert!(daemon.reload("test").await);
    assert!(since(n).is_empty(), "{:?}", since(n));

    // sticky -> okc: applied live, no AP stops.
    std::fs::write(&file, toml(&ctrl, 1, "home", "okc", true)).expect("write");
    let n = radio.commands().len();
    assert!(daemon.reload("test").await);
    assert_eq!(stops_and_starts(&since(n)), (vec![], vec![]));
    let cache = daemon.bsses()[1].config().cache().expect("SAE caches");
    assert_eq!(cache.mode, CacheMode::Okc);
    assert_eq!(daemon.bsses()[1].bssid(), second);

    // An invalid file is refused: nothing changes.
    std::fs::write(&file, "[[radio]]\ninterface = 7\n").expect("write");
    let n = radio.commands().len();
    assert!(!daemon.reload("test").await);
    assert!(since(n).is_empty());
    assert_eq!(daemon.bsses()[0].config().ssid, b"home");

    // So is a removed BSS.
    std::fs::write(&file, toml(&ctrl, 1, "home", "okc", false)).expect("write");
    assert!(!daemon.reload("test").await);
    assert_eq!(daemon.bsses().len(), 2);

    // A new SSID restarts wlan0 only, with the new SSID.
    std::fs::write(&file, toml(&ctrl, 1, "office", "okc", true)).expect("write");
    let n = radio.commands().len();
    assert!(daemon.reload("test").await);
    assert_eq!(
        stops_and_starts(&since(n)),
        (vec![4], vec![(4, b"office".to_vec())])
    );
    assert_eq!(daemon.bsses()[0].config().ssid, b"office");

    // A BSS the radio refuses to start with its new settings runs its old
    // ones again, and the reload is reported as failed.
    radio.state.lock().expect("sim").refused_ssids = vec![b"bad".to_vec()];
    std::fs::write(&file, toml(&ctrl, 1, "bad", "okc", true)).expect("write");
    let n = radio.commands().len();
    assert!(!daemon.reload("test").await);
    assert_eq!(
        stops_and_starts(&since(n)),
        (vec![4], vec![(4, b"bad".to_vec()), (4, b"office".to_vec())])
    );
    assert_eq!(daemon.bsses()[0].config().ssid, b"office");
    // The change is still to make: the next reload tries again.
    radio.state.lock().expect("sim").refused_ssids.clear();
    let n = radio.commands().len();
    assert!(daemon.reload("test").await);
    assert_eq!(
        stops_and_starts(&since(n)),
        (vec![4], vec![(4, b"bad".to_vec())])
    );
    std::fs::write(&file, toml(&ctrl, 1, "office", "okc", true)).expect("write");
    assert!(daemon.reload("test").await);

    // A new channel restarts both BSSes of the radio: both stop first.
    std::fs::write(&file, toml(&ctrl, 6, "office", "okc", true)).expect("write");
    let n = radio.commands().len();
    assert!(daemon.reload("test").await);
    let (stops, starts) = stops_and_starts(&since(n));
    let created = ifindex_of(&radio, b"sae");
    assert_eq!(stops, [4, created]);
    assert_eq!(
        starts,
        [(4, b"office".to_vec()), (created, b"sae".to_vec())]
    );
    assert_eq!(daemon.bsses()[1].freq_mhz(), 2437);
    assert_eq!(daemon.bsses()[1].bssid(), second);

    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}

/// The interface the AP of `ssid` was first started on.
fn ifindex_of(radio: &SimRadio, ssid: &[u8]) -> u32 {
    radio
        .commands()
        .iter()
        .find_map(|c| match c {
            RadioCommand::StartAp { ifindex, settings } if settings.ssid == ssid => Some(*ifindex),
            _ => None,
        })
        .expect("started")
}

/// Sends `command` to the control socket of `iface` and lets the daemon
/// answer it; returns the reply.
async fn ctrl(daemon: &mut Daemon<SimRadio>, dir: &Path, iface: &str, command: &str) -> String {
    let client_path = dir.join(format!("client-{}", command.len()));
    let _ = std::fs::remove_file(&client_path);
    let client = tokio::net::UnixDatagram::bind(&client_path).expect("client socket");
    client
        .send_to(command.as_bytes(), dir.join(iface))
        .await
        .expect("send");
    let request = tokio::time::timeout(Duration::from_secs(5), daemon.next_ctrl_request())
        .await
        .expect("a control request")
        .expect("open");
    daemon.handle_ctrl_request(request).await;
    let mut buf = vec![0u8; 4096];
    let len = client.recv(&mut buf).await.expect("reply");
    String::from_utf8_lossy(&buf[..len]).into_owned()
}

#[tokio::test(flavor = "current_thread")]
async fn hostapd_cli_reload_rereads_hostapd_conf_with_the_same_interface_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ctrl_dir = dir.path().join("ctrl");
    let file = dir.path().join("hostapd.conf");
    // The file names another interface: `-i wlan0` overrides it, on
    // start-up and on every reload.
    let hostapd_conf = |ssid: &str, extra: &str| {
        format!(
            "interface=wlan9\nctrl_interface={}\nssid={ssid}\nhw_mode=g\nchannel=1\n\
             wpa=2\nwpa_key_mgmt=WPA-PSK\nwpa_passphrase=12345678\nrsn_pairwise=CCMP\n{extra}",
            ctrl_dir.display()
        )
    };
    std::fs::write(&file, hostapd_conf("lab", "")).expect("write");
    let files = ConfigFiles {
        source: ConfigSource::HostapdConf(vec![file.clone()]),
        interfaces: vec!["wlan0".into()],
    };
    let config = files.load().expect("valid");
    let radio = support::sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    daemon.reload_from(files).expect("SIGHUP handler");
    // systemd's side of the notifications.
    let notify_path = dir.path().join("notify");
    let manager = std::os::unix::net::UnixDatagram::bind(&notify_path).expect("bind");
    manager
        .set_read_timeout(Some(Duration::from_secs(1)))
        .expect("timeout");
    let notifier = roamd::notify::Notifier::connect(notify_path.to_str().expect("utf-8"), None)
        .expect("notifier");
    daemon.notify_ready(Some(notifier));
    let mut buf = [0u8; 512];
    let mut next_notification = || {
        let n = manager.recv(&mut buf).expect("a notification");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    assert!(next_notification().starts_with("READY=1"));

    // A bad line: FAIL, and the running configuration stays.
    std::fs::write(&file, hostapd_conf("lab", "channel=99\n")).expect("write");
    assert_eq!(
        ctrl(&mut daemon, &ctrl_dir, "wlan0", "RELOAD").await,
        "FAIL\n"
    );
    assert!(next_notification().starts_with("RELOADING=1\nMONOTONIC_USEC="));
    assert!(next_notification().starts_with("READY=1\nSTATUS="));

    // A new SSID: OK, wlan0 restarted with it.
    std::fs::write(&file, hostapd_conf("lab2", "")).expect("write");
    let n = radio.commands().len();
    assert_eq!(
        ctrl(&mut daemon, &ctrl_dir, "wlan0", "RELOAD").await,
        "OK\n"
    );
    let (stops, starts) = stops_and_starts(&radio.commands()[n..]);
    assert_eq!((stops, starts), (vec![4], vec![(4, b"lab2".to_vec())]));
    assert!(next_notification().starts_with("RELOADING=1\n"));
    assert!(next_notification().starts_with("READY=1\n"));
    assert_eq!(
        ctrl(&mut daemon, &ctrl_dir, "wlan0", "PING").await,
        "PONG\n"
    );

    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}
