//! The tokio shell against a fake RADIUS server on 127.0.0.1.
#![cfg(feature = "tokio")]

use std::time::Duration;

use roamd_ieee80211::MacAddr;
use roamd_radius::auth::sign_response;
use roamd_radius::shell;
use roamd_radius::{
    AccessRequest, Attribute, ClientConfig, Code, Event, NasInfo, Packet, Reply, Repr,
    ServerConfig, ServerId, ServerKind, SharedSecret,
};
use tokio::net::UdpSocket;

#[tokio::test]
async fn request_answered_over_udp() {
    let server = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let server_addr = server.local_addr().unwrap();
    let config = ClientConfig {
        auth_servers: vec![ServerConfig::new(
            server_addr,
            SharedSecret::from("testing123"),
        )],
        first_wait: Duration::from_millis(200),
        max_wait: Duration::from_millis(400),
        // radius_client_addr: requests leave from this address.
        local_addr: Some("127.0.0.2".parse().unwrap()),
        ..ClientConfig::default()
    };
    let (handle, mut events) = shell::spawn::<u32>(config).await.unwrap();
    let nas = NasInfo {
        nas_identifier: Some(b"ap0".to_vec()),
        ..NasInfo::default()
    };
    let req = AccessRequest::new(
        nas,
        MacAddr([2, 0, 0, 0, 2, 0]),
        "alice",
        vec![2, 1, 0, 10, 1, b'a', b'l', b'i', b'c', b'e'],
    );
    let h = handle.send(req.to_repr(), 42).await.unwrap();

    // Ignore the first transmission: the shell must retransmit.
    let mut buf = [0u8; 4096];
    let (n1, _) = server.recv_from(&mut buf).await.unwrap();
    let first = buf[..n1].to_vec();
    let (n, from) = tokio::time::timeout(Duration::from_secs(5), server.recv_from(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        &buf[..n],
        &first[..],
        "access retransmission is the same octets"
    );
    assert_eq!(from.ip().to_string(), "127.0.0.2");
    let req = Packet::new_checked(&buf[..n]).unwrap();
    let mut reply = Repr::new(Code::AccessReject, req.identifier());
    reply.attributes = vec![
        Attribute::MessageAuthenticator([0; 16]),
        Attribute::EapMessage(vec![4, 1, 0, 4]),
    ];
    let mut bytes = reply.to_bytes().unwrap();
    // First a forgery, then the real answer.
    let mut forged = bytes.clone();
    sign_response(
        &mut forged,
        &req.authenticator(),
        &SharedSecret::from("wrong"),
    )
    .unwrap();
    server.send_to(&forged, from).await.unwrap();
    sign_response(
        &mut bytes,
        &req.authenticator(),
        &SharedSecret::from("testing123"),
    )
    .unwrap();
    server.send_to(&bytes, from).await.unwrap();

    let ev = tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .unwrap()
        .unwrap();
    match ev {
        Event::Response {
            handle: got,
            token: 42,
            reply: Reply::Reject(r),
            ..
        } => {
            assert_eq!(got, h);
            assert_eq!(r.eap_message, Some(vec![4, 1, 0, 4]));
        }
        other => panic!("{other:?}"),
    }
    let stats = handle
        .stats(ServerId {
            kind: ServerKind::Auth,
            index: 0,
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            stats.requests,
            stats.retransmissions,
            stats.bad_authenticators,
            stats.access_rejects
        ),
        (1, 1, 1, 1)
    );
}
