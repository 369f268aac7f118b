//! The binary started as hostapd is: flags refused with exit 2 and the flag
//! named, `-f` and `-K` with `--check`, `-i` with a hostapd.conf without
//! `interface=`, and a `-B` start that fails (no radio by that name), which
//! must return the daemon's error and status and leave no pid file.

use std::path::Path;
use std::process::{Command, Output};

const CONF: &str = "driver=nl80211\nssid=roam-cli\nhw_mode=g\nchannel=1\n\
                    wpa=2\nwpa_key_mgmt=WPA-PSK\nwpa_passphrase=correct horse battery\n";

fn roamd(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roamd"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("roamd runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A directory holding `ap.conf` (no `interface=`) and `wlan.conf` (wlan0).
fn confs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("ap.conf"), CONF).expect("write");
    std::fs::write(
        dir.path().join("wlan.conf"),
        format!("interface=wlan0\n{CONF}"),
    )
    .expect("write");
    dir
}

#[test]
fn refused_flags_exit_2_naming_the_flag() {
    let dir = confs();
    for (args, expected) in [
        (
            &["-G", "netdev", "wlan.conf"][..],
            "roamd: -G gives the group of the global control socket: give -g too",
        ),
        (
            &["--frobnicate", "wlan.conf"][..],
            "roamd: unknown option --frobnicate",
        ),
        (&["-x", "wlan.conf"][..], "roamd: unknown option -x"),
        (
            &["-S", "wlan.conf"][..],
            "roamd: -S: not supported: roamd starts its radios one after another",
        ),
        (
            &["-i", "wlan1,wlan2", "wlan.conf"][..],
            "roamd: -i names 2 interface(s)",
        ),
    ] {
        let out = roamd(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn v_prints_the_version() {
    let out = roamd(Path::new("/"), &["-v"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("roamd "));
}

#[test]
fn i_names_the_interface_of_a_file_without_one() {
    let dir = confs();
    let out = roamd(dir.path(), &["--check", "ap.conf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("interface: required"));
    let out = roamd(dir.path(), &["--check", "-i", "wlan7", "ap.conf"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("configuration is valid"));
}

#[test]
fn f_sends_the_log_to_the_file() {
    let dir = confs();
    let out = roamd(
        dir.path(),
        &["-t", "-K", "-f", "ap.log", "--check", "wlan.conf"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let log = std::fs::read_to_string(dir.path().join("ap.log")).expect("log file");
    assert!(log.contains("-K: roamd never logs key material"), "{log}");
    // Appended, as hostapd's -f does.
    roamd(dir.path(), &["-K", "-f", "ap.log", "--check", "wlan.conf"]);
    let again = std::fs::read_to_string(dir.path().join("ap.log")).expect("log file");
    assert_eq!(again.matches("-K: roamd never").count(), 2, "{again}");
}

#[test]
fn a_failed_background_start_returns_its_error_and_leaves_no_pid_file() {
    let dir = confs();
    // No radio has this interface (or nl80211 itself is missing here): the
    // daemon fails before it is ready.
    let out = roamd(
        dir.path(),
        &["-B", "-P", "ap.pid", "-i", "roamdtest9", "ap.conf"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("roamd: "), "{stderr}");
    assert!(
        stderr.contains("roamdtest9") || stderr.contains("nl80211"),
        "{stderr}"
    );
    assert!(!dir.path().join("ap.pid").exists());
}
