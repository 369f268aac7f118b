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

/// Sends `command` from `client` to the control socket at `to`, lets the
/// daemon answer it and returns the reply.
pub async fn request(
    daemon: &mut roamd::daemon::Daemon<SimRadio>,
    client: &tokio::net::UnixDatagram,
    to: &std::path::Path,
    command: &str,
) -> String {
    client.send_to(command.as_bytes(), to).await.expect("send");
    let request = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        daemon.next_ctrl_request(),
    )
    .await
    .expect("a control request")
    .expect("open");
    // Boxed: the daemon's future is large in a debug build, and a test
    // that sends many requests holds one stack slot per call site.
    Box::pin(daemon.handle_ctrl_request(request)).await;
    recv(client).await
}

/// The next datagram `client` receives (a reply or an event), as text.
pub async fn recv(client: &tokio::net::UnixDatagram) -> String {
    let mut buf = vec![0u8; 4096];
    let len = tokio::time::timeout(std::time::Duration::from_secs(5), client.recv(&mut buf))
        .await
        .expect("a datagram")
        .expect("recv");
    String::from_utf8_lossy(&buf[..len]).into_owned()
}

/// The frames with which station `sta` joins the open BSS "lab" at
/// `bssid`: an Open System authentication, then an association request.
pub fn open_join_frames(bssid: MacAddr, sta: MacAddr) -> [Vec<u8>; 2] {
    use roamd_ieee80211::{
        AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo, ElementWriter,
        Elements, ManagementFrame, Rate, StatusCode,
    };
    let mut elements = Vec::new();
    let mut w = ElementWriter::new(&mut elements);
    w.ssid(b"lab").expect("ssid");
    w.supported_rates(&[Rate::new(2, true)]).expect("rates");
    let to = |body| ManagementFrame::new(bssid, sta, bssid, body).to_bytes();
    [
        to(Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        })),
        to(Body::AssocRequest(AssocRequestRepr {
            capabilities: CapabilityInfo::ESS,
            listen_interval: 1,
            elements: Elements::new(&elements),
        })),
    ]
}

/// Station `sta` joins the open BSS "lab" at `bssid` on `ifindex`
/// ([`open_join_frames`]), the association response acknowledged.
pub async fn open_join(
    daemon: &mut roamd::daemon::Daemon<SimRadio>,
    radio: &SimRadio,
    ifindex: u32,
    bssid: MacAddr,
    sta: MacAddr,
) {
    join_with(daemon, radio, ifindex, open_join_frames(bssid, sta)).await;
}

/// A station's `frames` (authentication, association request) received
/// on `ifindex`, the last frame the AP sent (its association response)
/// acknowledged.
pub async fn join_with(
    daemon: &mut roamd::daemon::Daemon<SimRadio>,
    radio: &SimRadio,
    ifindex: u32,
    frames: impl IntoIterator<Item = Vec<u8>>,
) {
    use roamd_nl80211_ap::RadioEvent;
    for frame in frames {
        daemon
            .handle_event(RadioEvent::MgmtFrame {
                ifindex,
                frame,
                signal_dbm: None,
            })
            .await;
    }
    ack_last(daemon, radio, ifindex).await;
}

/// The last frame the AP sent on `ifindex` acknowledged by its receiver.
pub async fn ack_last(
    daemon: &mut roamd::daemon::Daemon<SimRadio>,
    radio: &SimRadio,
    ifindex: u32,
) {
    let cookie = radio.last_cookie();
    daemon
        .handle_event(roamd_nl80211_ap::RadioEvent::MgmtTxStatus {
            ifindex,
            cookie,
            ack: true,
            frame: vec![],
        })
        .await;
}
