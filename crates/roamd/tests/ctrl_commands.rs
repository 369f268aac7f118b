//! hostapd's per-BSS control commands on the simulated radio: DISABLE and
//! ENABLE stop and start every BSS of the radio with the AP-DISABLED and
//! AP-ENABLED events, GET_CONFIG, UPDATE_BEACON, REKEY_GTK, NOTE, RELOG,
//! LOG_LEVEL, INTERFACES, MIB, SET, and the commands roamd refuses.

use std::path::Path;
use std::time::Duration;

use roamd::config::Config;
use roamd::daemon::Daemon;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{RadioCommand, SimRadio};
use tokio::net::UnixDatagram;

mod support;
use support::{recv, stops_and_starts};

/// A PSK BSS on wlan0 and an SAE BSS on wlan0_1, on one radio.
fn toml(ctrl: &Path) -> String {
    format!(
        "[daemon]\nctrl_interface = {ctrl:?}\n\
         [[radio]]\ninterface = \"wlan0\"\nchannel = 1\n\
         [[radio.bss]]\nssid = \"home\"\nsecurity = \"wpa2-psk\"\npassphrase = \"12345678\"\n\
         rrm_neighbor_report = true\nbss_transition = true\n\
         [[radio.bss]]\nssid = \"sae\"\ninterface = \"wlan0_1\"\nsecurity = \"wpa3-sae\"\n\
         passphrase = \"correct horse battery\"\n"
    )
}

/// Sends `command` from `client` to the socket of `iface`, lets the daemon
/// answer it and returns the reply.
async fn request(
    daemon: &mut Daemon<SimRadio>,
    client: &UnixDatagram,
    dir: &Path,
    iface: &str,
    command: &str,
) -> String {
    support::request(daemon, client, &dir.join(iface), command).await
}

#[tokio::test(flavor = "current_thread")]
async fn per_bss_commands_in_hostapd_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ctrl = dir.path().join("ctrl");
    let config = Config::parse(Path::new("t.toml"), &toml(&ctrl)).expect("valid");
    let radio = support::sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    let since = |n: usize| radio.commands()[n..].to_vec();
    let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
    let monitor = UnixDatagram::bind(dir.path().join("monitor")).expect("monitor");
    let (_, started) = stops_and_starts(&radio.commands());
    assert_eq!(started.len(), 2);

    assert_eq!(
        request(&mut daemon, &monitor, &ctrl, "wlan0_1", "ATTACH").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "GET_CONFIG").await,
        "bssid=02:00:00:00:00:00\nssid=home\nwps_state=disabled\nwpa=2\n\
         key_mgmt=WPA-PSK\ngroup_cipher=CCMP\nrsn_pairwise_cipher=CCMP\n"
    );
    assert!(
        request(&mut daemon, &client, &ctrl, "wlan0_1", "GET_CONFIG")
            .await
            .contains("\nkey_mgmt=SAE\n")
    );
    let mib = request(&mut daemon, &client, &ctrl, "wlan0", "MIB").await;
    assert!(
        mib.starts_with("dot11RSNAOptionImplemented=TRUE\n"),
        "{mib}"
    );
    assert!(
        mib.contains("\ndot11RSNAGroupCipherSelected=00-0f-ac-4\n"),
        "{mib}"
    );
    assert!(mib.ends_with("\nhostapdWPAGroupState=2\n"), "{mib}");
    // Boxed: the test's future would overflow the test thread's stack.
    Box::pin(neighbor_commands(&mut daemon, &client, &ctrl)).await;
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "INTERFACES").await,
        "wlan0\nwlan0_1\n"
    );

    // UPDATE_BEACON hands the beacon over again.
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "UPDATE_BEACON").await,
        "OK\n"
    );
    assert!(matches!(
        since(n).as_slice(),
        [RadioCommand::SetBeacon { ifindex: 4, .. }]
    ));

    // REKEY_GTK installs new group keys.
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "REKEY_GTK").await,
        "OK\n"
    );
    assert!(since(n)
        .iter()
        .any(|c| matches!(c, RadioCommand::NewKey { ifindex: 4, .. })));

    // DISABLE stops both BSSes of the radio, once.
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "DISABLE").await,
        "OK\n"
    );
    let started_ifindexes: Vec<u32> = started.iter().map(|(ifindex, _)| *ifindex).collect();
    assert_eq!(stops_and_starts(&since(n)), (started_ifindexes, vec![]));
    assert_eq!(recv(&monitor).await, "<3>AP-DISABLED");
    assert!(request(&mut daemon, &client, &ctrl, "wlan0", "STATUS")
        .await
        .starts_with("state=DISABLED\n"));
    for refused in ["DISABLE", "UPDATE_BEACON", "REKEY_GTK"] {
        assert_eq!(
            request(&mut daemon, &client, &ctrl, "wlan0_1", refused).await,
            "FAIL\n",
            "{refused}"
        );
    }

    // ENABLE starts them again.
    let n = radio.commands().len();
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0_1", "ENABLE").await,
        "OK\n"
    );
    assert_eq!(stops_and_starts(&since(n)), (vec![], started.clone()));
    assert_eq!(recv(&monitor).await, "<3>AP-ENABLED");
    assert!(request(&mut daemon, &client, &ctrl, "wlan0", "STATUS")
        .await
        .starts_with("state=ENABLED\n"));
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "ENABLE").await,
        "FAIL\n"
    );

    // Logging.
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "NOTE hello there").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "RELOG").await,
        "OK\n"
    );
    let level = request(&mut daemon, &client, &ctrl, "wlan0", "LOG_LEVEL").await;
    assert!(level.starts_with("Current level: "), "{level}");
    assert!(level.ends_with("\nTimestamp: 0\n"), "{level}");
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "LOG_LEVEL debug").await,
        "OK\n"
    );
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "LOG_LEVEL LOUD").await,
        "FAIL\n"
    );

    // What roamd cannot do answers FAIL; what it does not know, UNKNOWN COMMAND.
    // SET: a deny list applies now, an SSID at the next ENABLE.
    let deny = dir.path().join("deny");
    std::fs::write(&deny, "02:00:00:00:02:00\n").expect("write");
    assert_eq!(
        request(
            &mut daemon,
            &client,
            &ctrl,
            "wlan0",
            &format!("SET deny_mac_file {}", deny.display())
        )
        .await,
        "OK\n"
    );
    assert!(!daemon.bsses()[0]
        .config()
        .mac_allowed(MacAddr([2, 0, 0, 0, 2, 0])));
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "SET ssid renamed").await,
        "OK\n"
    );
    assert_eq!(daemon.bsses()[0].config().ssid, b"home");
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "DISABLE").await,
        "OK\n"
    );
    assert_eq!(recv(&monitor).await, "<3>AP-DISABLED");
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "ENABLE").await,
        "OK\n"
    );
    assert_eq!(recv(&monitor).await, "<3>AP-ENABLED");
    assert_eq!(daemon.bsses()[0].config().ssid, b"renamed");
    assert!(!daemon.bsses()[0]
        .config()
        .mac_allowed(MacAddr([2, 0, 0, 0, 2, 0])));

    for refused in [
        "SET wpa_passphrase abcdefgh",
        "SET max_num_sta 0",
        "REKEY_PTK 02:00:00:00:02:00",
        "EAPOL_REAUTH 02:00:00:00:02:00",
        "SA_QUERY 02:00:00:00:02:00",
        "DISASSOC_IMMINENT 02:00:00:00:02:00 10",
    ] {
        assert_eq!(
            request(&mut daemon, &client, &ctrl, "wlan0", refused).await,
            "FAIL\n",
            "{refused}"
        );
    }
    assert_eq!(
        request(&mut daemon, &client, &ctrl, "wlan0", "FROB").await,
        "UNKNOWN COMMAND\n"
    );

    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}

/// 802.11k neighbours, in hostapd's formats; wlan0_1 has them off.
async fn neighbor_commands(daemon: &mut Daemon<SimRadio>, client: &UnixDatagram, ctrl: &Path) {
    let nr = "0200000001008f000000510107";
    for (iface, command, reply) in [
        (
            "wlan0",
            format!("SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"home\" nr={nr}"),
            "OK\n",
        ),
        (
            "wlan0",
            format!("SET_NEIGHBOR 02:00:00:00:02:00 ssid=686f6d65 nr={nr} stat"),
            "OK\n",
        ),
        (
            "wlan0",
            "SET_NEIGHBOR 02:00:00:00:02:00 ssid=\"home\"".into(),
            "FAIL\n",
        ),
        (
            "wlan0_1",
            format!("SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"sae\" nr={nr}"),
            "FAIL\n",
        ),
        (
            "wlan0",
            "REMOVE_NEIGHBOR 02:00:00:00:03:00".into(),
            "FAIL\n",
        ),
        ("wlan0_1", "SHOW_NEIGHBOR".into(), "FAIL\n"),
        (
            "wlan0",
            "BSS_TM_REQ 02:00:00:00:09:00 pref=1".into(),
            "FAIL\n",
        ),
        (
            "wlan0",
            "REQ_BEACON 02:00:00:00:09:00 51000000000002ffffffffffff".into(),
            "FAIL\n",
        ),
    ] {
        assert_eq!(
            request(daemon, client, ctrl, iface, &command).await,
            reply,
            "{command}"
        );
    }
    assert_eq!(
        request(daemon, client, ctrl, "wlan0", "SHOW_NEIGHBOR").await,
        format!(
            "02:00:00:00:02:00 ssid=686f6d65 nr={nr} stat\n\
             02:00:00:00:01:00 ssid=686f6d65 nr={nr}\n"
        )
    );
    assert_eq!(
        request(
            daemon,
            client,
            ctrl,
            "wlan0",
            "REMOVE_NEIGHBOR 02:00:00:00:02:00"
        )
        .await,
        "OK\n"
    );
    assert_eq!(
        request(daemon, client, ctrl, "wlan0", "SHOW_NEIGHBOR").await,
        format!("02:00:00:00:01:00 ssid=686f6d65 nr={nr}\n")
    );
}
