//! RFC 5176 Dynamic Authorization on the simulated radio: a
//! Disconnect-Request from the configured DAS client, signed with its
//! secret, deauthenticates the station it names and is ACKed; a forged one,
//! a stale one and one from another address are dropped unanswered; an
//! unknown session is NAKed 503 and a CoA-Request 405.

use std::net::UdpSocket as StdUdpSocket;
use std::path::Path;
use std::time::{Duration, SystemTime};

use roamd::config::Config;
use roamd::daemon::Daemon;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{RadioCommand, SimRadio};
use roamd_radius::attribute::attr_type;
use roamd_radius::auth::{sign_accounting_request, verify_response_authenticator};
use roamd_radius::{Attribute, Code, Packet, Repr, SharedSecret};
use tokio::net::UdpSocket;

mod support;

const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const SECRET: &str = "das-secret";

fn toml(port: u16) -> String {
    format!(
        "[daemon]\nctrl_interface = \"\"\n\
         [[radio]]\ninterface = \"wlan0\"\nchannel = 1\n\
         [[radio.bss]]\nssid = \"corp\"\nsecurity = \"wpa2-eap\"\nnas_identifier = \"ap1\"\n\
         radius_das_port = {port}\nradius_das_clients = [\"127.0.0.1 {SECRET}\"]\n\
         [[radio.bss.auth_server]]\naddress = \"127.0.0.1:9\"\nsecret = \"s\"\n"
    )
}

/// Station `STA` authenticates and associates with an RSNE offering 802.1X.
async fn join(daemon: &mut Daemon<SimRadio>, radio: &SimRadio) {
    use roamd_ieee80211::{
        AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo, ElementWriter,
        Elements, ManagementFrame, Rate, StatusCode,
    };
    let mut elements = Vec::new();
    let mut w = ElementWriter::new(&mut elements);
    w.ssid(b"corp").expect("ssid");
    w.supported_rates(&[Rate::new(2, true)]).expect("rates");
    // Version 1, CCMP group and pairwise, AKM 00-0f-ac:1 (802.1X).
    let rsne = [
        1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 1, 0, 0,
    ];
    w.raw(48, &rsne).expect("rsne");
    let to = |body| ManagementFrame::new(BSSID, STA, BSSID, body).to_bytes();
    let frames = [
        to(Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        })),
        to(Body::AssocRequest(AssocRequestRepr {
            capabilities: CapabilityInfo::ESS | CapabilityInfo::PRIVACY,
            listen_interval: 1,
            elements: Elements::new(&elements),
        })),
    ];
    support::join_with(daemon, radio, 4, frames).await;
}

fn unix_now() -> u32 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as u32
}

/// A request as radclient sends it.
fn request(code: Code, id: u8, attributes: Vec<Attribute>, secret: &str) -> Vec<u8> {
    let mut r = Repr::new(code, id);
    r.attributes = attributes;
    let mut buf = r.to_bytes().expect("emits");
    sign_accounting_request(&mut buf, &SharedSecret::from(secret)).expect("signs");
    buf
}

/// Sends `bytes` to the DAS, lets the daemon handle it, and returns the
/// reply if one comes.
async fn exchange(
    daemon: &mut Daemon<SimRadio>,
    client: &UdpSocket,
    port: u16,
    bytes: &[u8],
) -> Option<Vec<u8>> {
    client
        .send_to(bytes, ("127.0.0.1", port))
        .await
        .expect("send");
    let d = tokio::time::timeout(Duration::from_secs(5), daemon.next_das_datagram())
        .await
        .expect("a datagram")
        .expect("open");
    daemon.handle_das_datagram(d).await;
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_millis(300), client.recv(&mut buf))
        .await
        .ok()?
        .expect("recv");
    buf.truncate(n);
    Some(buf)
}

fn error_cause(reply: &[u8]) -> Option<u32> {
    let p = Packet::new_checked(reply).expect("well formed");
    p.find(101)
        .map(|a| u32::from_be_bytes(a.value.try_into().expect("4 octets")))
}

#[tokio::test(flavor = "current_thread")]
async fn disconnect_request_drops_the_station_and_a_forged_one_does_not() {
    let port = StdUdpSocket::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("addr")
        .port();
    let config = Config::parse(Path::new("t.toml"), &toml(port)).expect("valid");
    let radio = support::sim_radio();
    let mut daemon = Daemon::start(radio.clone(), &config).await.expect("starts");
    join(&mut daemon, &radio).await;
    assert!(daemon.bsses()[0].station(STA).is_some(), "joined");
    let client = UdpSocket::bind("127.0.0.1:0").await.expect("client");
    let select_sta = || {
        vec![
            Attribute::CallingStationId(b"02-00-00-00-02-00".to_vec()),
            Attribute::NasIdentifier(b"ap1".to_vec()),
            Attribute::EventTimestamp(unix_now()),
        ]
    };

    // Wrong secret: dropped, no reply, the station stays.
    let forged = request(Code::DisconnectRequest, 1, select_sta(), "guess");
    assert_eq!(exchange(&mut daemon, &client, port, &forged).await, None);
    // A stale Event-Timestamp: dropped too.
    let mut stale = select_sta();
    stale[2] = Attribute::EventTimestamp(unix_now() - 3600);
    let stale = request(Code::DisconnectRequest, 2, stale, SECRET);
    assert_eq!(exchange(&mut daemon, &client, port, &stale).await, None);
    assert!(daemon.bsses()[0].station(STA).is_some(), "still there");

    // Another NAS, another station: NAKed.
    let mut other_nas = select_sta();
    other_nas[1] = Attribute::NasIdentifier(b"ap2".to_vec());
    let bytes = request(Code::DisconnectRequest, 3, other_nas, SECRET);
    let reply = exchange(&mut daemon, &client, port, &bytes)
        .await
        .expect("a NAK");
    assert_eq!(
        Packet::new_checked(&reply[..]).unwrap().code(),
        Code::DisconnectNak
    );
    assert_eq!(error_cause(&reply), Some(403));
    let mut other_sta = select_sta();
    other_sta[0] = Attribute::CallingStationId(b"02:00:00:00:09:00".to_vec());
    let bytes = request(Code::DisconnectRequest, 4, other_sta, SECRET);
    let reply = exchange(&mut daemon, &client, port, &bytes)
        .await
        .expect("a NAK");
    assert_eq!(error_cause(&reply), Some(503));
    // CoA: unsupported, as hostapd without Hotspot 2.0.
    let bytes = request(Code::CoaRequest, 5, select_sta(), SECRET);
    let reply = exchange(&mut daemon, &client, port, &bytes)
        .await
        .expect("a NAK");
    assert_eq!(
        Packet::new_checked(&reply[..]).unwrap().code(),
        Code::CoaNak
    );
    assert_eq!(error_cause(&reply), Some(405));
    assert!(daemon.bsses()[0].station(STA).is_some(), "still there");

    // The genuine request: deauthenticated (reason 2), ACKed.
    let before = radio.commands().len();
    let bytes = request(Code::DisconnectRequest, 6, select_sta(), SECRET);
    let reply = exchange(&mut daemon, &client, port, &bytes)
        .await
        .expect("an ACK");
    let p = Packet::new_checked(&reply[..]).unwrap();
    assert_eq!(p.code(), Code::DisconnectAck);
    assert_eq!(p.identifier(), 6);
    let request_auth = Packet::new_checked(&bytes[..]).unwrap().authenticator();
    assert!(verify_response_authenticator(
        &p,
        &request_auth,
        &SharedSecret::from(SECRET)
    ));
    assert!(p.find(attr_type::MESSAGE_AUTHENTICATOR).is_some());
    assert!(daemon.bsses()[0].station(STA).is_none(), "gone");
    let deauth = radio.commands()[before..].iter().any(|c| {
        matches!(c, RadioCommand::SendMgmt { frame, .. }
            if frame.first() == Some(&0xc0) && frame.get(24..26) == Some(&[2, 0][..]))
    });
    assert!(deauth, "{:?}", &radio.commands()[before..]);
    // Once more: the session is gone.
    let bytes = request(Code::DisconnectRequest, 7, select_sta(), SECRET);
    let reply = exchange(&mut daemon, &client, port, &bytes)
        .await
        .expect("a NAK");
    assert_eq!(error_cause(&reply), Some(503));
}
