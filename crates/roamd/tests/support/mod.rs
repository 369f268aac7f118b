//! Set-up shared by the daemon's tests on the simulated radio. Each test
//! file uses a part of it.
#![allow(dead_code)]

use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{InterfaceInfo, RadioCommand, SimRadio};

/// The radio's first interface, wlan0 (ifindex 4, phy0), 02:00:00:00:00:00.
pub fn wlan0() -> InterfaceInfo {
    InterfaceInfo {
        ifindex: 4,
        name: "wlan0".into(),
        wiphy: 0,
        mac: MacAddr([2, 0, 0, 0, 0, 0]),
        iftype: 2,
    }
}

/// A simulated radio with [`wlan0`].
pub fn sim_radio() -> SimRadio {
    SimRadio::new(vec![wlan0()]).0
}

/// The interfaces whose AP stopped, and the SSIDs of the APs started,
/// among `commands`.
pub fn stops_and_starts(commands: &[RadioCommand]) -> (Vec<u32>, Vec<(u32, Vec<u8>)>) {
    let stops = commands
        .iter()
        .filter_map(|c| match c {
            RadioCommand::StopAp { ifindex } => Some(*ifindex),
            _ => None,
        })
        .collect();
    let starts = commands
        .iter()
        .filter_map(|c| match c {
            RadioCommand::StartAp { ifindex, settings } => Some((*ifindex, settings.ssid.clone())),
            _ => None,
        })
        .collect();
    (stops, starts)
}
