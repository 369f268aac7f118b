//! Configuration the daemon applies at start-up: ctrl_interface_group (the
//! control directory and sockets get the group and mode 0770, as hostapd
//! gives them, so the group's members may run hostapd_cli), and the
//! country's regulatory domain, set before the AP starts.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use roamd::config::Config;
use roamd::daemon::Daemon;
use roamd_nl80211_ap::RadioCommand;

mod support;
use support::sim_radio;

#[tokio::test(flavor = "current_thread")]
async fn control_directory_and_sockets_get_the_configured_group() {
    let parent = tempfile::tempdir().expect("tempdir");
    let ctrl_dir = parent.path().join("ctrl");
    // root may give any group; anyone else only one of their own.
    let own = std::fs::metadata(parent.path()).expect("metadata");
    let gid = if own.uid() == 0 { 4242 } else { own.gid() };
    let config = Config::parse(
        Path::new("t.toml"),
        &format!(
            "[daemon]\nctrl_interface = {:?}\nctrl_interface_group = \"{gid}\"\n\
             [[radio]]\ninterface = \"wlan0\"\nchannel = 6\n[[radio.bss]]\nssid = \"lab\"\n",
            ctrl_dir
        ),
    )
    .expect("valid");
    let radio = sim_radio();
    let mut daemon = Daemon::start(radio, &config).await.expect("starts");
    for path in [ctrl_dir.clone(), ctrl_dir.join("wlan0")] {
        let meta = std::fs::metadata(&path).expect("exists");
        assert_eq!(meta.gid(), gid, "{}", path.display());
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o770,
            "{}",
            path.display()
        );
    }
    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}

#[tokio::test(flavor = "current_thread")]
async fn an_unknown_group_name_stops_the_start() {
    let parent = tempfile::tempdir().expect("tempdir");
    let config = Config::parse(
        Path::new("t.toml"),
        &format!(
            "[daemon]\nctrl_interface = {:?}\nctrl_interface_group = \"no-such-group-roamd\"\n\
             [[radio]]\ninterface = \"wlan0\"\nchannel = 6\n[[radio.bss]]\nssid = \"lab\"\n",
            parent.path().join("ctrl")
        ),
    )
    .expect("valid");
    let radio = sim_radio();
    let error = match Daemon::start(radio, &config).await {
        Ok(_) => panic!("started without the group"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.contains("group \"no-such-group-roamd\" is not in /etc/group"),
        "{error}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_country_sets_the_regulatory_domain_before_the_ap_starts() {
    let config = Config::parse(
        Path::new("t.toml"),
        "[daemon]\nctrl_interface = \"\"\n[[radio]]\ninterface = \"wlan0\"\nchannel = 6\n\
         country = \"DE\"\n[[radio.bss]]\nssid = \"lab\"\n",
    )
    .expect("valid");
    let radio = sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    let commands = radio.commands();
    let position = |wanted: fn(&RadioCommand) -> bool| commands.iter().position(wanted);
    let reg =
        position(|c| matches!(c, RadioCommand::SetRegulatoryDomain { alpha2 } if alpha2 == b"DE"));
    let start = position(|c| matches!(c, RadioCommand::StartAp { .. }));
    assert!(reg.is_some() && reg < start, "{commands:?}");
    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}
