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

/// A one-BSS radio on channel 6 advertising Germany.
fn country_config() -> Config {
    Config::parse(
        Path::new("t.toml"),
        "[daemon]\nctrl_interface = \"\"\n[[radio]]\ninterface = \"wlan0\"\nchannel = 6\n\
         country = \"DE\"\nadvertise_country = true\n[[radio.bss]]\nssid = \"lab\"\n",
    )
    .expect("valid")
}

#[tokio::test(flavor = "current_thread")]
async fn the_country_element_carries_the_radios_channels_once_the_domain_is_in_force() {
    use roamd_ieee80211::element::{id, Country, Elements};
    let radio = sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &country_config())
        .await
        .expect("starts");
    let commands = radio.commands();
    let position = |wanted: fn(&RadioCommand) -> bool| commands.iter().position(wanted);
    // The channels are read after the kernel reports the new domain.
    let in_force = position(|c| matches!(c, RadioCommand::GetRegulatoryDomain));
    let bands = position(|c| matches!(c, RadioCommand::GetBands { .. }));
    assert!(in_force.is_some() && in_force < bands, "{commands:?}");
    let settings = commands
        .iter()
        .find_map(|c| match c {
            RadioCommand::StartAp { settings, .. } => Some(settings.clone()),
            _ => None,
        })
        .expect("AP started");
    // The sim's 2.4 GHz channels: 1-13 at 20 dBm, one triplet.
    let tail = Elements::new(&settings.beacon_tail);
    let element = tail.find(id::COUNTRY).expect("Country element");
    let country = Country::new(element.data()).expect("valid");
    assert_eq!(&country.country_string(), b"DE ");
    assert_eq!(
        country.triplets().collect::<Vec<_>>(),
        vec![&[1u8, 13, 20][..]]
    );
    assert_eq!(settings.beacon_tail.first(), Some(&id::COUNTRY));
    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}

#[tokio::test(flavor = "current_thread")]
async fn a_regulatory_domain_that_never_takes_effect_stops_the_start() {
    let radio = sim_radio();
    radio.state.lock().expect("lock").regulatory_domain_stuck = true;
    let error = match Daemon::start(radio.clone(), &country_config()).await {
        Ok(_) => panic!("started without the country's channels"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.starts_with("wlan0: the regulatory domain of DE did not take effect within 2 s"),
        "{error}"
    );
    assert!(!radio
        .commands()
        .iter()
        .any(|c| matches!(c, RadioCommand::StartAp { .. })));
}

/// A one-BSS radio on channel 6 with 802.11n and these `ht_capab` flags.
fn ht_config(ht_capab: &str) -> Config {
    Config::parse(
        Path::new("t.toml"),
        &format!(
            "[daemon]\nctrl_interface = \"\"\n[[radio]]\ninterface = \"wlan0\"\nchannel = 6\n\
             ieee80211n = true\nht_capab = \"{ht_capab}\"\n[[radio.bss]]\nssid = \"lab\"\n"
        ),
    )
    .expect("valid")
}

#[tokio::test(flavor = "current_thread")]
async fn ht_starts_ht20_with_the_radios_mcs_set_and_hands_stations_ht_to_the_kernel() {
    use roamd_ieee80211::element::{id, Elements, HtCapabilities};
    use roamd_nl80211_ap::{RadioEvent, HWSIM_HT};
    let radio = sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &ht_config("[SHORT-GI-20]"))
        .await
        .expect("starts");
    let settings = radio
        .commands()
        .into_iter()
        .find_map(|c| match c {
            RadioCommand::StartAp { settings, .. } => Some(settings),
            _ => None,
        })
        .expect("AP started");
    assert!(settings.ht);
    let tail = Elements::new(&settings.beacon_tail);
    let caps = tail.find(id::HT_CAPABILITIES).expect("HT Capabilities");
    let caps = HtCapabilities::parse(caps.data()).expect("valid");
    assert_eq!(caps.info, 0x002c);
    assert_eq!(
        (caps.ampdu_params, caps.mcs_set),
        (HWSIM_HT.ampdu_params, HWSIM_HT.mcs_set)
    );
    // An HT station with WMM (support::open_join_frames plus the elements).
    let sta = roamd_ieee80211::MacAddr([2, 0, 0, 0, 2, 0]);
    let [auth, assoc] = support::open_join_frames(support::wlan0().mac, sta);
    let mut assoc = assoc;
    assoc.extend_from_slice(&[id::HT_CAPABILITIES, 26]);
    assoc.extend_from_slice(&HWSIM_HT.to_data());
    assoc.extend_from_slice(&[0xdd, 7, 0, 0x50, 0xf2, 2, 0, 1, 0]);
    for frame in [auth, assoc] {
        daemon
            .handle_event(RadioEvent::MgmtFrame {
                ifindex: 4,
                frame,
                signal_dbm: None,
            })
            .await;
    }
    let params = radio
        .commands()
        .into_iter()
        .find_map(|c| match c {
            RadioCommand::NewStation { params, .. } => Some(params),
            _ => None,
        })
        .expect("station added");
    // Masked by the BSS's own capabilities, as hostapd_get_ht_capab does.
    let masked = HWSIM_HT.masked_by(0x002c);
    assert_eq!(masked.info, 0x002c);
    assert_eq!(params.ht_capability, Some(masked));
    assert_eq!(params.wmm.map(|w| w.uapsd_queues()), Some(0));
    tokio::time::timeout(Duration::from_secs(5), daemon.shutdown())
        .await
        .expect("shutdown finishes");
}

#[tokio::test(flavor = "current_thread")]
async fn ht_on_a_radio_without_it_or_a_flag_it_lacks_stops_the_start() {
    let radio = sim_radio();
    radio.state.lock().expect("lock").no_ht = true;
    let error = Daemon::start(radio.clone(), &ht_config(""))
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(
        error.contains("t.toml: radio[0].ieee80211n: wlan0 (phy0) has no HT"),
        "{error}"
    );
    assert!(!radio
        .commands()
        .iter()
        .any(|c| matches!(c, RadioCommand::StartAp { .. })));
    // mac80211_hwsim has no LDPC.
    let error = Daemon::start(sim_radio(), &ht_config("[LDPC]"))
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(
        error.contains("t.toml: radio[0].ht_capab: [LDPC] is not supported by wlan0"),
        "{error}"
    );
}
