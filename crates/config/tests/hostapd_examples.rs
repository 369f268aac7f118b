//! Debian's hostapd example files (tests/data/hostapd-examples/, copied
//! unchanged from /usr/share/doc/hostapd/examples/): each is read as hostapd
//! reads it (hostapd.conf itself; the lists through the key that names
//! them), and each has one verdict here: accepted, or refused with the
//! message that names the file, the line, the key and why.

use std::path::{Path, PathBuf};

use roamd_config::hostapd_conf;
use roamd_ieee80211::MacAddr;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hostapd-examples")
}

/// A small hostapd.conf (`ap.conf`, four lines before `extra`) that uses
/// one example list.
fn with(extra: &str) -> Result<roamd_config::Config, String> {
    let text = format!("interface=wlan0\nssid=test\nhw_mode=g\nchannel=1\n{extra}");
    hostapd_conf::parse(&[(PathBuf::from("ap.conf"), text)]).map_err(|e| e.to_string())
}

/// The verdict on one example file: `Ok(())` accepted, `Err(message)` refused.
fn verdict(name: &str) -> Result<(), String> {
    let path = examples().join(name);
    let p = path.display();
    match name {
        // The fully commented reference, as shipped (nothing uncommented).
        "hostapd.conf" => {
            let c = hostapd_conf::load(std::slice::from_ref(&path)).map_err(|e| e.to_string())?;
            let bss = &c.radios[0].bss[0];
            assert_eq!(c.radios[0].interface, "wlan0");
            assert_eq!(bss.ssid, b"test");
            assert_eq!(bss.security, roamd_config::Security::Open);
            Ok(())
        }
        "hostapd.accept" => with(&format!("macaddr_acl=1\naccept_mac_file={p}\n")).map(drop),
        "hostapd.deny" => {
            let c = with(&format!("macaddr_acl=0\ndeny_mac_file={p}\n"))?;
            let bss = &c.radios[0].bss[0];
            for denied in [
                "00:20:30:40:50:60",
                "00:ab:cd:ef:12:34",
                "00:00:30:40:50:60",
            ] {
                let mac: MacAddr = denied.parse().expect("MAC");
                assert!(!bss.mac_allowed(mac), "{denied} is denied");
            }
            assert!(bss.mac_allowed(MacAddr([0, 0x11, 0x22, 0x33, 0x44, 0x55])));
            Ok(())
        }
        "hostapd.wpa_psk" => with(&format!("wpa=2\nwpa_psk_file={p}\n")).map(drop),
        "hostapd.eap_user" => with(&format!("eap_server=1\neap_user_file={p}\n")).map(drop),
        "hostapd.radius_clients" => with(&format!("radius_server_clients={p}\n")).map(drop),
        other => panic!("{other}: no verdict written for this example file"),
    }
}

#[test]
fn every_debian_example_file_is_accepted_or_refused_precisely() {
    let dir = examples();
    let p = |name: &str| dir.join(name).display().to_string();
    let expected: &[(&str, Result<(), String>)] = &[
        // Runs as shipped: an open network (wpa is not set), with
        // rts_threshold/fragm_threshold -1 (the radio's own) and the WMM
        // parameters ignored with a warning.
        ("hostapd.conf", Ok(())),
        (
            "hostapd.accept",
            Err(format!(
                "ap.conf: line 6: accept_mac_file: {} line 6: VLAN id 1: per-station VLANs are \
                 not supported (leave it out or use 0)",
                p("hostapd.accept")
            )),
        ),
        ("hostapd.deny", Ok(())),
        (
            "hostapd.wpa_psk",
            Err(format!(
                "ap.conf: line 6: wpa_psk_file: {} line 18: unsupported parameter \"vlanid\"",
                p("hostapd.wpa_psk")
            )),
        ),
        (
            "hostapd.eap_user",
            Err(
                "ap.conf: line 6: eap_user_file: roamd has no integrated EAP server; \
                 authenticate through a RADIUS server (ieee8021x=1, auth_server_addr)"
                    .into(),
            ),
        ),
        (
            "hostapd.radius_clients",
            Err(
                "ap.conf: line 5: radius_server_clients: roamd has no integrated RADIUS \
                 server; run one (e.g. FreeRADIUS) and point auth_server_addr at it"
                    .into(),
            ),
        ),
    ];
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/data/hostapd-examples")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("hostapd."))
        .collect();
    files.sort();
    let mut listed: Vec<String> = expected.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "one verdict per example file");
    for (name, want) in expected {
        let got = verdict(name);
        match &got {
            Ok(()) => eprintln!("{name}: accepted"),
            Err(e) => eprintln!("{name}: refused: {e}"),
        }
        assert_eq!(&got, want, "{name}");
    }
}
