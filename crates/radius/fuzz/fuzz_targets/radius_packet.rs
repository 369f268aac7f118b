//! Parse + attribute iteration + Access-Accept extraction with a fixed
//! secret + the client core fed the datagram. The first octet picks how the
//! datagram reaches the client: as is (mostly refused by authentication), or
//! re-signed as the genuine server would, so the code after authentication
//! (reply reading, MS-MPPE decryption, VLAN) is reached too.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use roamd_radius::auth::{self, sign_response};
use roamd_radius::client::RandomSource;
use roamd_radius::{
    tunnel, AccessAccept, AccessRequest, AccountingRequest, AcctStatusType, Client, ClientConfig,
    NasInfo, Packet, Repr, ServerConfig, ServerId, ServerKind, SharedSecret,
};

struct Counter(u8);

impl RandomSource for Counter {
    fn fill_random(&mut self, dest: &mut [u8]) {
        self.0 = self.0.wrapping_add(1);
        dest.fill(self.0);
    }
}

const SECRET: &str = "testing123";
const RA: [u8; 16] = [0x5a; 16];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let secret = SharedSecret::from(SECRET);

    // Codec.
    let view = Packet::new_unchecked(bytes);
    let _ = (
        view.code(),
        view.identifier(),
        view.length(),
        view.authenticator(),
    );
    for a in view.attributes() {
        if a.is_err() {
            break;
        }
    }
    let _ = auth::verify_response_authenticator(&view, &RA, &secret);
    let _ = auth::verify_message_authenticator(&view, Some(&RA), &secret);
    if let Ok(repr) = Repr::parse_bytes(bytes) {
        let again = repr.to_bytes().expect("a parsed packet emits");
        assert_eq!(&again[..], view.as_bytes(), "emit(parse(x)) == x");
        let _ = AccessAccept::parse(&repr, &RA, &secret);
        let _ = tunnel::vlan_id(&repr.attributes);
        let _ = repr.eap_message();
    }

    // Client core: one Access-Request and one Accounting-Request pending.
    let auth_addr = "127.0.0.1:1812".parse().unwrap();
    let acct_addr = "127.0.0.1:1813".parse().unwrap();
    let mut auth_server = ServerConfig::new(auth_addr, SharedSecret::from(SECRET));
    if mode & 0x10 != 0 {
        auth_server = auth_server.allow_missing_message_authenticator();
    }
    let config = ClientConfig {
        auth_servers: vec![auth_server],
        acct_servers: vec![ServerConfig::new(acct_addr, SharedSecret::from(SECRET))],
        ..ClientConfig::default()
    };
    let mut client: Client<u8> = Client::new(config, Counter(0)).unwrap();
    let t0 = Instant::now();
    let nas = NasInfo {
        nas_identifier: Some(b"ap0".to_vec()),
        ..NasInfo::default()
    };
    let eap = vec![2, 1, 0, 10, 1, b'a', b'l', b'i', b'c', b'e'];
    client
        .handle_send(
            t0,
            &AccessRequest::new(nas.clone(), [2; 6].into(), "alice", eap).to_repr(),
            1,
        )
        .unwrap();
    client
        .handle_send(
            t0,
            &AccountingRequest::new(nas, [2; 6].into(), AcctStatusType::Start, "s").to_repr(),
            2,
        )
        .unwrap();
    let sent: Vec<_> = std::iter::from_fn(|| client.poll_transmit()).collect();
    let (kind, target) = if mode & 1 == 0 {
        (ServerKind::Auth, &sent[0])
    } else {
        (ServerKind::Acct, &sent[1])
    };
    let server = ServerId { kind, index: 0 };
    let from = if kind == ServerKind::Auth {
        auth_addr
    } else {
        acct_addr
    };

    let mut datagram = bytes.to_vec();
    if mode & 2 != 0 && datagram.len() >= 20 {
        // Answer as the genuine server: matching Identifier, signed.
        let req = Packet::new_checked(&target.payload[..]).unwrap();
        datagram[1] = req.identifier();
        let _ = sign_response(&mut datagram, &req.authenticator(), &secret);
    }
    let now = t0 + Duration::from_millis(u64::from(mode >> 5) * 700);
    client.handle_timeout(now);
    client.handle_datagram(now, from, server, &datagram);
    // And once more: a duplicate must not complete anything twice.
    client.handle_datagram(now, from, server, &datagram);
    let mut responses = 0;
    while let Some(e) = client.poll_event() {
        if let roamd_radius::Event::Response { .. } = e {
            responses += 1;
        }
    }
    assert!(
        responses <= 1,
        "one datagram completed {responses} requests"
    );
    let _ = client.poll_timeout();
    while client.poll_transmit().is_some() {}
});
