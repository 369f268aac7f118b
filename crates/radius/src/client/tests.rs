//! Client core tests: a fake clock (an `Instant` base plus `Duration`s) and
//! fake servers that answer what the client transmits.

use super::*;
use crate::auth::sign_response;
use crate::builder::{AccessRequest, AccountingRequest, NasInfo};
use crate::code::AcctStatusType;
use crate::mppe::{encrypt_mppe_key, MS_MPPE_RECV_KEY, MS_MPPE_SEND_KEY, VENDOR_MICROSOFT};
use crate::secret::SharedSecret;
use core::net::SocketAddr;
use proptest::prelude::*;
use roamd_ieee80211::MacAddr;

/// Deterministic Request Authenticators: preset ones first, then a counter.
struct TestRng {
    preset: VecDeque<[u8; 16]>,
    counter: u8,
}

impl TestRng {
    fn new() -> Self {
        TestRng {
            preset: VecDeque::new(),
            counter: 0,
        }
    }
}

impl RandomSource for TestRng {
    fn fill_random(&mut self, dest: &mut [u8]) {
        if let Some(p) = self.preset.pop_front() {
            dest.copy_from_slice(&p[..dest.len()]);
            return;
        }
        self.counter = self.counter.wrapping_add(1);
        for (i, b) in dest.iter_mut().enumerate() {
            *b = self.counter.wrapping_mul(31).wrapping_add(i as u8);
        }
    }
}

const A: &str = "10.0.0.1:1812";
const B: &str = "10.0.0.2:1812";
const ACCT: &str = "10.0.0.1:1813";

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn auth_id(index: usize) -> ServerId {
    ServerId {
        kind: ServerKind::Auth,
        index,
    }
}

fn acct_id(index: usize) -> ServerId {
    ServerId {
        kind: ServerKind::Acct,
        index,
    }
}

fn config(servers: &[(&str, &str)]) -> ClientConfig {
    ClientConfig {
        auth_servers: servers
            .iter()
            .map(|(a, s)| ServerConfig::new(addr(a), SharedSecret::from(*s)))
            .collect(),
        acct_servers: vec![ServerConfig::new(
            addr(ACCT),
            SharedSecret::from("acct-secret"),
        )],
        ..ClientConfig::default()
    }
}

fn client(servers: &[(&str, &str)]) -> Client<u32> {
    Client::new(config(servers), TestRng::new()).unwrap()
}

fn access_request(eap: &[u8]) -> Repr {
    let nas = NasInfo {
        nas_identifier: Some(b"ap0".to_vec()),
        bssid: MacAddr([2, 0, 0, 0, 0, 0]),
        ssid: b"roam-eap".to_vec(),
        ..NasInfo::default()
    };
    AccessRequest::new(nas, MacAddr([2, 0, 0, 0, 2, 0]), "alice", eap.to_vec()).to_repr()
}

fn accounting_request() -> Repr {
    let nas = NasInfo {
        nas_identifier: Some(b"ap0".to_vec()),
        ..NasInfo::default()
    };
    AccountingRequest::new(
        nas,
        MacAddr([2, 0, 0, 0, 2, 0]),
        AcctStatusType::Start,
        "30B3BFDBACE80530",
    )
    .to_repr()
}

/// What a server with `secret` answers to `request` (wire octets).
fn answer(request: &[u8], code: Code, attributes: Vec<Attribute>, secret: &str) -> Vec<u8> {
    let req = Packet::new_checked(request).unwrap();
    let mut r = Repr::new(code, req.identifier());
    r.attributes = attributes;
    let mut bytes = r.to_bytes().unwrap();
    sign_response(
        &mut bytes,
        &req.authenticator(),
        &SharedSecret::from(secret),
    )
    .unwrap();
    bytes
}

fn with_mac(mut attrs: Vec<Attribute>) -> Vec<Attribute> {
    attrs.push(Attribute::MessageAuthenticator([0; 16]));
    attrs
}

fn transmits<T>(c: &mut Client<T>) -> Vec<Transmit> {
    core::iter::from_fn(|| c.poll_transmit()).collect()
}

fn events<T>(c: &mut Client<T>) -> Vec<Event<T>> {
    core::iter::from_fn(|| c.poll_event()).collect()
}

fn one_transmit<T>(c: &mut Client<T>) -> Transmit {
    let mut t = transmits(c);
    assert_eq!(t.len(), 1, "{t:?}");
    t.remove(0)
}

#[test]
fn challenge_then_accept_with_msk() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "testing123")]);
    let h = c
        .handle_send(
            t0,
            &access_request(&[2, 0x80, 0, 10, 1, b'a', b'l', b'i', b'c', b'e']),
            7,
        )
        .unwrap();
    let tx = one_transmit(&mut c);
    assert_eq!((tx.server, tx.server_id), (addr(A), auth_id(0)));
    // Message-Authenticator first, and valid (BlastRADIUS mitigation).
    let p = Packet::new_checked(&tx.payload[..]).unwrap();
    assert_eq!(
        p.attributes().next().unwrap().unwrap().attr_type,
        crate::attribute::attr_type::MESSAGE_AUTHENTICATOR
    );
    let secret = SharedSecret::from("testing123");
    assert_eq!(
        auth::verify_message_authenticator(&p, None, &secret),
        MessageAuthenticatorCheck::Valid
    );
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(3)));

    let challenge = answer(
        &tx.payload,
        Code::AccessChallenge,
        with_mac(vec![
            Attribute::EapMessage(vec![1, 0x81, 0, 6, 25, 0x20]),
            Attribute::State(b"st".to_vec()),
        ]),
        "testing123",
    );
    c.handle_datagram(
        t0 + Duration::from_millis(50),
        addr(A),
        auth_id(0),
        &challenge,
    );
    let ev = events(&mut c);
    let [Event::Response {
        handle,
        token: 7,
        server,
        reply: Reply::Challenge(ch),
        round_trip,
        ..
    }] = &ev[..]
    else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (*handle, *server, *round_trip),
        (h, auth_id(0), Duration::from_millis(50))
    );
    assert_eq!(ch.state.as_deref(), Some(&b"st"[..]));
    assert_eq!(
        ch.eap_message.as_deref(),
        Some(&[1, 0x81, 0, 6, 25, 0x20][..])
    );
    assert_eq!(c.pending_count(), 0);
    assert_eq!(c.poll_timeout(), None);

    // Next round echoes State; the Accept carries the MS-MPPE keys.
    let mut next = access_request(&[2, 0x81, 0, 6, 25, 0]);
    next.attributes.push(Attribute::State(b"st".to_vec()));
    c.handle_send(t0 + Duration::from_secs(1), &next, 8)
        .unwrap();
    let tx = one_transmit(&mut c);
    let ra = Packet::new_checked(&tx.payload[..])
        .unwrap()
        .authenticator();
    let vsa = |t: u8, key: &[u8]| {
        let v = encrypt_mppe_key(key, 0x0102, &ra, &secret);
        let mut data = vec![t, (v.len() + 2) as u8];
        data.extend_from_slice(&v);
        Attribute::VendorSpecific {
            vendor_id: VENDOR_MICROSOFT,
            data,
        }
    };
    let accept = answer(
        &tx.payload,
        Code::AccessAccept,
        with_mac(vec![
            vsa(MS_MPPE_RECV_KEY, &[0xaa; 32]),
            vsa(MS_MPPE_SEND_KEY, &[0xbb; 32]),
            Attribute::EapMessage(vec![3, 0x81, 0, 4]),
        ]),
        "testing123",
    );
    c.handle_datagram(t0 + Duration::from_secs(1), addr(A), auth_id(0), &accept);
    let ev = events(&mut c);
    let [Event::Response {
        token: 8,
        reply: Reply::Accept(Ok(acc)),
        ..
    }] = &ev[..]
    else {
        panic!("{ev:?}")
    };
    let msk = acc.msk.as_ref().unwrap().expose();
    assert_eq!((&msk[..32], &msk[32..]), (&[0xaa; 32][..], &[0xbb; 32][..]));
    let s = c.stats(auth_id(0)).unwrap();
    assert_eq!(
        (
            s.requests,
            s.access_challenges,
            s.access_accepts,
            s.retransmissions
        ),
        (2, 1, 1, 0)
    );
    assert_eq!(s.round_trip_time, Some(Duration::ZERO));
}

#[test]
fn forged_reply_race_keeps_request_pending() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "testing123")]);
    let h = c
        .handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    let tx = one_transmit(&mut c);
    // The attacker saw the request (Identifier, Request Authenticator) but
    // not the secret: a forged Accept with the right Identifier.
    let forged = answer(
        &tx.payload,
        Code::AccessAccept,
        with_mac(vec![]),
        "guessed-secret",
    );
    c.handle_datagram(t0, addr(A), auth_id(0), &forged);
    assert!(events(&mut c).is_empty());
    assert!(c.is_pending(h));
    assert_eq!(c.stats(auth_id(0)).unwrap().bad_authenticators, 1);
    assert_eq!(c.stats(auth_id(0)).unwrap().access_accepts, 0);
    // A forged reply with a correct Response Authenticator but a bad
    // Message-Authenticator (say, the attacker knows an MD5 collision).
    let mut bad_mac = answer(
        &tx.payload,
        Code::AccessReject,
        with_mac(vec![]),
        "testing123",
    );
    bad_mac[22] ^= 1;
    let req_auth = Packet::new_checked(&tx.payload[..])
        .unwrap()
        .authenticator();
    let resp_auth = auth::response_authenticator(
        &Packet::new_checked(&bad_mac[..]).unwrap(),
        &req_auth,
        &SharedSecret::from("testing123"),
    );
    bad_mac[4..20].copy_from_slice(&resp_auth);
    c.handle_datagram(t0, addr(A), auth_id(0), &bad_mac);
    assert!(c.is_pending(h));
    assert_eq!(c.stats(auth_id(0)).unwrap().bad_authenticators, 2);

    let genuine = answer(
        &tx.payload,
        Code::AccessReject,
        with_mac(vec![Attribute::EapMessage(vec![4, 1, 0, 4])]),
        "testing123",
    );
    c.handle_datagram(t0 + Duration::from_secs(1), addr(A), auth_id(0), &genuine);
    let ev = events(&mut c);
    assert!(
        matches!(&ev[..], [Event::Response { handle, reply: Reply::Reject(_), .. }] if *handle == h),
        "{ev:?}"
    );
    // The same reply again is a duplicate, not a new answer.
    c.handle_datagram(t0 + Duration::from_secs(2), addr(A), auth_id(0), &genuine);
    assert!(events(&mut c).is_empty());
    let s = c.stats(auth_id(0)).unwrap();
    assert_eq!(
        (s.access_rejects, s.duplicates, s.packets_dropped),
        (1, 1, 1)
    );
}

#[test]
fn reject_without_message_authenticator_dropped_unless_opted_out() {
    // RFC 2865 7.3's Access-Reject (Identifier 3, no Message-Authenticator)
    // answering a request whose Request Authenticator our RNG is made to
    // produce.
    use crate::auth::tests::{unhex, REJECT_7_3, REQ_7_3_2};
    let req = unhex(REQ_7_3_2);
    let reject = unhex(REJECT_7_3);
    let ra: [u8; 16] = req[4..20].try_into().unwrap();
    for opt_out in [false, true] {
        let mut server = ServerConfig::new(addr(A), SharedSecret::from("xyzzy5461"));
        if opt_out {
            server = server.allow_missing_message_authenticator();
        }
        let cfg = ClientConfig {
            auth_servers: vec![server],
            ..ClientConfig::default()
        };
        let mut rng = TestRng::new();
        rng.preset = VecDeque::from(vec![[0; 16], [0; 16], [0; 16], ra]);
        let mut c = Client::new(cfg, rng).unwrap();
        let t0 = Instant::now();
        for token in 0..4u32 {
            c.handle_send(t0, &access_request(&[2, 0, 0, 4]), token)
                .unwrap();
        }
        let tx = transmits(&mut c);
        assert_eq!(
            Packet::new_checked(&tx[3].payload[..])
                .unwrap()
                .identifier(),
            3
        );
        c.handle_datagram(t0, addr(A), auth_id(0), &reject);
        let s = *c.stats(auth_id(0)).unwrap();
        let ev = events(&mut c);
        if opt_out {
            assert!(
                matches!(&ev[..], [Event::Response { token: 3, reply: Reply::Reject(r), .. }] if r.eap_message.is_none())
            );
            assert_eq!(s.access_rejects, 1);
        } else {
            assert!(ev.is_empty(), "{ev:?}");
            assert_eq!(
                (
                    s.access_rejects,
                    s.missing_message_authenticator,
                    s.packets_dropped
                ),
                (0, 1, 1)
            );
            assert_eq!(c.pending_count(), 4);
        }
        // Response Authenticator checked either way: not a bad one.
        assert_eq!(s.bad_authenticators, 0);
    }
}

#[test]
fn drops_wrong_source_malformed_and_unknown_types() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "s1"), (B, "s2")]);
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    let tx = one_transmit(&mut c);
    let reply = answer(&tx.payload, Code::AccessAccept, with_mac(vec![]), "s1");
    // Right bytes, wrong source address.
    c.handle_datagram(t0, addr("10.9.9.9:1812"), auth_id(0), &reply);
    // From the backup server's socket, while it is not current.
    c.handle_datagram(t0, addr(B), auth_id(1), &reply);
    assert_eq!(c.stats(auth_id(0)).unwrap().unexpected_source, 1);
    assert_eq!(c.stats(auth_id(1)).unwrap().unexpected_source, 1);
    // No such server.
    c.handle_datagram(t0, addr(A), auth_id(5), &reply);
    assert_eq!(c.unknown_server_datagrams(), 1);
    // Malformed: short, bad attribute length.
    c.handle_datagram(t0, addr(A), auth_id(0), &reply[..19]);
    let mut bad = reply.clone();
    bad[21] = 1;
    c.handle_datagram(t0, addr(A), auth_id(0), &bad);
    // An Accounting-Response on the authentication socket.
    let mut acct = reply.clone();
    acct[0] = 5;
    c.handle_datagram(t0, addr(A), auth_id(0), &acct);
    // An answer for an Identifier nobody waits for.
    let mut other = reply.clone();
    other[1] ^= 0x55;
    c.handle_datagram(t0, addr(A), auth_id(0), &other);
    let s = *c.stats(auth_id(0)).unwrap();
    assert_eq!(
        (s.malformed_responses, s.unknown_types, s.packets_dropped),
        (2, 1, 2)
    );
    assert_eq!(c.pending_count(), 1);
    assert!(events(&mut c).is_empty());
    c.handle_datagram(t0, addr(A), auth_id(0), &reply);
    assert_eq!(events(&mut c).len(), 1);
}

/// (seconds since t0, server index, Identifier, octets) of a transmission.
type Sent = (u64, usize, u8, Vec<u8>);

/// Drives the client with a fake clock until it is idle; returns each
/// transmission and the events, with the second they happened at.
fn run_silent(c: &mut Client<u32>, t0: Instant) -> (Vec<Sent>, Vec<(u64, Event<u32>)>) {
    let mut sent = Vec::new();
    let mut evs = Vec::new();
    let mut now = t0;
    for _ in 0..1000 {
        for t in transmits(c) {
            let id = Packet::new_checked(&t.payload[..]).unwrap().identifier();
            sent.push(((now - t0).as_secs(), t.server_id.index, id, t.payload));
        }
        evs.extend(events(c).into_iter().map(|e| ((now - t0).as_secs(), e)));
        let Some(next) = c.poll_timeout() else { break };
        assert!(next >= now, "timeout in the past");
        now = next;
        c.handle_timeout(now);
    }
    (sent, evs)
}

#[test]
fn retransmit_failover_and_give_up_timing() {
    let t0 = Instant::now();
    // Same secret on both servers: the same octets move to the backup.
    let mut c = client(&[(A, "same"), (B, "same")]);
    let h = c
        .handle_send(t0, &access_request(&[2, 1, 0, 4]), 9)
        .unwrap();
    let (sent, evs) = run_silent(&mut c, t0);
    let times: Vec<(u64, usize)> = sent.iter().map(|s| (s.0, s.1)).collect();
    // hostapd: 3 s first wait, doubling to 120 s; 4 attempts per server;
    // failover resets the wait (next try at first_try + 3 s, i.e. at once).
    assert_eq!(
        times,
        [
            (0, 0),
            (3, 0),
            (9, 0),
            (21, 0),
            (45, 1),
            (51, 1),
            (63, 1),
            (87, 1),
            (135, 0),
            (141, 0),
            (153, 0),
            (177, 0),
            (225, 1),
            (231, 1),
            (243, 1),
            (267, 1),
            (315, 0),
            (321, 0),
            (333, 0),
            (357, 0),
            (405, 1),
            (411, 1),
            (423, 1),
            (447, 1),
        ]
    );
    assert!(
        sent.iter().all(|s| s.3 == sent[0].3),
        "access retransmissions are the same octets"
    );
    // 3 rounds x 4 attempts x 2 servers, then Timeout.
    let (last_t, last) = evs.last().unwrap();
    assert_eq!(*last_t, 495);
    assert!(matches!(last, Event::Timeout { handle, token: 9 } if *handle == h));
    let failovers: Vec<_> = evs
        .iter()
        .filter_map(|(t, e)| match e {
            Event::ServerFailover {
                to_index,
                reason: FailoverReason::NoResponse,
                ..
            } => Some((*t, *to_index)),
            _ => None,
        })
        .collect();
    // As in hostapd, the expiry that ends the request also fails over.
    assert_eq!(
        failovers,
        [(45, 1), (135, 0), (225, 1), (315, 0), (405, 1), (495, 0)]
    );
    let (a, b) = (*c.stats(auth_id(0)).unwrap(), *c.stats(auth_id(1)).unwrap());
    assert_eq!((a.requests, a.retransmissions, a.timeouts), (3, 9, 12));
    assert_eq!((b.requests, b.retransmissions, b.timeouts), (3, 9, 12));
    assert_eq!(c.pending_count(), 0);
    assert_eq!(c.poll_timeout(), None);
}

#[test]
fn single_server_doubles_to_the_cap_then_times_out() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "s")]);
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    let (sent, evs) = run_silent(&mut c, t0);
    let times: Vec<u64> = sent.iter().map(|s| s.0).collect();
    // 3 x 4 x 1 = 12 transmissions; waits 3, 6, 12, 24, 48, 96, then the
    // 120 s cap.
    assert_eq!(times, [0, 3, 9, 21, 45, 93, 189, 309, 429, 549, 669, 789]);
    assert!(
        matches!(evs[..], [(909, Event::Timeout { token: 1, .. })]),
        "{evs:?}"
    );
}

#[test]
fn each_server_keeps_its_own_timing() {
    let t0 = Instant::now();
    let mut cfg = config(&[(A, "same"), (B, "same")]);
    // A quick primary (1 s, 2 attempts), the backup on the client's
    // defaults (3 s, 4), and an accounting server of its own (5 s, 1).
    cfg.auth_servers[0] = cfg.auth_servers[0]
        .clone()
        .with_timing(Duration::from_secs(1), 2);
    cfg.acct_servers[0] = cfg.acct_servers[0]
        .clone()
        .with_timing(Duration::from_secs(5), 1);
    let mut c = Client::new(cfg, TestRng::new()).unwrap();
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    let (sent, _) = run_silent(&mut c, t0);
    let times: Vec<(u64, usize)> = sent.iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(
        times[..8],
        [
            (0, 0),
            (1, 0),
            (3, 1),
            (9, 1),
            (21, 1),
            (45, 1),
            (93, 0),
            (95, 0)
        ]
    );
    // 3 rounds of (2 + 4) attempts.
    assert_eq!(sent.len(), 18);

    c.handle_send(t0, &accounting_request(), 2).unwrap();
    let (sent, evs) = run_silent(&mut c, t0);
    let times: Vec<u64> = sent.iter().map(|s| s.0).collect();
    // One server, one attempt per round: 3 transmissions, 5 s then 10 s
    // apart, given up 20 s after the last.
    assert_eq!(times, [0, 5, 15]);
    assert!(
        matches!(evs[..], [(35, Event::Timeout { token: 2, .. })]),
        "{evs:?}"
    );
}

#[test]
fn failover_to_other_secret_resigns_access_request() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "secret-a"), (B, "secret-b")]);
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    let mut now = t0;
    let mut sent = transmits(&mut c);
    while sent.len() < 5 {
        now = c.poll_timeout().unwrap();
        c.handle_timeout(now);
        sent.extend(transmits(&mut c));
    }
    assert_eq!((now - t0).as_secs(), 45);
    let (first, moved) = (&sent[0], &sent[4]);
    assert_eq!(moved.server_id, auth_id(1));
    let p0 = Packet::new_checked(&first.payload[..]).unwrap();
    let p1 = Packet::new_checked(&moved.payload[..]).unwrap();
    assert_ne!(p0.identifier(), p1.identifier(), "new Identifier");
    assert_ne!(
        p0.authenticator(),
        p1.authenticator(),
        "new Request Authenticator"
    );
    let (sa, sb) = (
        SharedSecret::from("secret-a"),
        SharedSecret::from("secret-b"),
    );
    assert_eq!(
        auth::verify_message_authenticator(&p1, None, &sb),
        MessageAuthenticatorCheck::Valid
    );
    assert_eq!(
        auth::verify_message_authenticator(&p1, None, &sa),
        MessageAuthenticatorCheck::Invalid
    );
    assert_eq!(
        p0.attributes_bytes()[18..],
        p1.attributes_bytes()[18..],
        "same attributes"
    );
    // A late genuine answer from A to the old packet is not accepted (A is
    // no longer current); B's answer to the new one is.
    let late = answer(
        &first.payload,
        Code::AccessAccept,
        with_mac(vec![]),
        "secret-a",
    );
    c.handle_datagram(now, addr(A), auth_id(0), &late);
    assert_eq!(c.pending_count(), 1);
    let ok = answer(
        &moved.payload,
        Code::AccessAccept,
        with_mac(vec![]),
        "secret-b",
    );
    c.handle_datagram(now, addr(B), auth_id(1), &ok);
    assert!(
        matches!(events(&mut c).last(), Some(Event::Response { server, .. }) if *server == auth_id(1))
    );
    // Later retransmissions to B reuse the re-signed octets.
    assert_eq!(c.pending_count(), 0);
}

#[test]
fn fail_back_to_primary_after_retry_interval() {
    let t0 = Instant::now();
    let mut cfg = config(&[(A, "s"), (B, "s")]);
    cfg.retry_primary_interval = Some(Duration::from_secs(60));
    let mut c: Client<u32> = Client::new(cfg, TestRng::new()).unwrap();
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    let mut now = t0;
    let mut log = Vec::new();
    while now - t0 < Duration::from_secs(110) {
        for e in events(&mut c) {
            if let Event::ServerFailover {
                to_index, reason, ..
            } = e
            {
                log.push((
                    (now - t0).as_secs(),
                    100 + to_index + 10 * (reason == FailoverReason::RetryPrimary) as usize,
                ));
            }
        }
        for t in transmits(&mut c) {
            log.push(((now - t0).as_secs(), t.server_id.index));
        }
        now = c.poll_timeout().unwrap();
        c.handle_timeout(now);
    }
    // Failover to B at 45 s, back to the primary at 45 + 60 = 105 s, where
    // the request is resent to A at once.
    assert_eq!(
        log,
        [
            (0, 0),
            (3, 0),
            (9, 0),
            (21, 0),
            (45, 101),
            (45, 1),
            (51, 1),
            (63, 1),
            (87, 1),
            (105, 110),
            (105, 0)
        ]
    );
    assert_eq!(c.current_server(ServerKind::Auth), Some(auth_id(0)));
    // Without traffic the fail-back timer alone wakes the client.
    let mut c: Client<u32> = Client::new(
        ClientConfig {
            retry_primary_interval: Some(Duration::from_secs(60)),
            ..config(&[(A, "s"), (B, "s")])
        },
        TestRng::new(),
    )
    .unwrap();
    let h = c
        .handle_send(t0, &access_request(&[2, 1, 0, 4]), 1)
        .unwrap();
    for _ in 0..4 {
        let n = c.poll_timeout().unwrap();
        c.handle_timeout(n);
    }
    c.handle_timeout(t0 + Duration::from_secs(45));
    assert_eq!(c.current_server(ServerKind::Auth), Some(auth_id(1)));
    let tx = transmits(&mut c).pop().unwrap();
    c.handle_datagram(
        t0 + Duration::from_secs(46),
        addr(B),
        auth_id(1),
        &answer(&tx.payload, Code::AccessReject, with_mac(vec![]), "s"),
    );
    assert!(!c.is_pending(h));
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(105)));
    c.handle_timeout(t0 + Duration::from_secs(105));
    assert_eq!(c.current_server(ServerKind::Auth), Some(auth_id(0)));
    assert_eq!(c.poll_timeout(), None);
}

#[test]
fn accounting_retransmissions_get_new_id_and_delay_time() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "s")]);
    let h = c.handle_send(t0, &accounting_request(), 4).unwrap();
    let mut sent = transmits(&mut c);
    for _ in 0..3 {
        let now = c.poll_timeout().unwrap();
        c.handle_timeout(now);
        sent.extend(transmits(&mut c));
    }
    let secret = SharedSecret::from("acct-secret");
    let mut ids = Vec::new();
    for (t, expect_delay) in sent.iter().zip([0u32, 3, 9, 21]) {
        assert_eq!(t.server_id, acct_id(0));
        let p = Packet::new_checked(&t.payload[..]).unwrap();
        assert_eq!(p.code(), Code::AccountingRequest);
        assert!(
            auth::verify_accounting_request(&p, &secret),
            "recomputed authenticator"
        );
        assert_eq!(
            p.find(crate::attribute::attr_type::ACCT_DELAY_TIME)
                .unwrap()
                .value,
            expect_delay.to_be_bytes()
        );
        ids.push(p.identifier());
    }
    ids.dedup();
    assert_eq!(ids.len(), 4, "a fresh Identifier each time");
    // An answer to a superseded transmission matches nothing.
    let now = t0 + Duration::from_secs(22);
    let stale = answer(
        &sent[2].payload,
        Code::AccountingResponse,
        vec![],
        "acct-secret",
    );
    c.handle_datagram(now, addr(ACCT), acct_id(0), &stale);
    assert!(c.is_pending(h));
    // A forged Accounting-Response is authenticated too.
    let forged = answer(&sent[3].payload, Code::AccountingResponse, vec![], "nope");
    c.handle_datagram(now, addr(ACCT), acct_id(0), &forged);
    assert!(c.is_pending(h));
    assert_eq!(c.stats(acct_id(0)).unwrap().bad_authenticators, 1);
    let ok = answer(
        &sent[3].payload,
        Code::AccountingResponse,
        vec![],
        "acct-secret",
    );
    c.handle_datagram(now, addr(ACCT), acct_id(0), &ok);
    assert!(matches!(
        &events(&mut c)[..],
        [Event::Response {
            token: 4,
            reply: Reply::AccountingResponse,
            ..
        }]
    ));
    let s = c.stats(acct_id(0)).unwrap();
    assert_eq!(
        (s.requests, s.retransmissions, s.responses, s.timeouts),
        (1, 3, 1, 3)
    );
    // Accounting-Responses need no Message-Authenticator.
    assert_eq!(s.missing_message_authenticator, 0);
}

#[test]
fn accounting_request_without_delay_time_gets_one() {
    let mut c = client(&[(A, "s")]);
    let mut r = accounting_request();
    r.attributes
        .retain(|a| !matches!(a, Attribute::AcctDelayTime(_)));
    c.handle_send(Instant::now(), &r, 0).unwrap();
    let t = one_transmit(&mut c);
    assert!(Packet::new_checked(&t.payload[..])
        .unwrap()
        .find(41)
        .is_some());
}

#[test]
fn identifiers_never_collide_and_table_is_bounded() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "s")]);
    let mut handles = Vec::new();
    for i in 0..256u32 {
        handles.push(
            c.handle_send(t0, &access_request(&[2, 1, 0, 4]), i)
                .unwrap(),
        );
    }
    let ids: std::collections::BTreeSet<u8> = transmits(&mut c)
        .iter()
        .map(|t| Packet::new_checked(&t.payload[..]).unwrap().identifier())
        .collect();
    assert_eq!(ids.len(), 256);
    // A 257th evicts the oldest, whose Identifier (0) is then free.
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 256)
        .unwrap();
    assert!(matches!(
        &events(&mut c)[..],
        [Event::Evicted { token: 0, .. }]
    ));
    assert!(!c.is_pending(handles[0]));
    assert_eq!(
        Packet::new_checked(&one_transmit(&mut c).payload[..])
            .unwrap()
            .identifier(),
        0
    );
    assert_eq!(c.pending_count(), 256);
    // Accounting has its own Identifier space and shares the table.
    c.handle_send(t0, &accounting_request(), 999).unwrap();
    assert!(matches!(
        &events(&mut c)[..],
        [Event::Evicted { token: 1, .. }]
    ));
    assert_eq!(
        Packet::new_checked(&one_transmit(&mut c).payload[..])
            .unwrap()
            .identifier(),
        0
    );
}

#[test]
fn cancel_and_send_errors() {
    let t0 = Instant::now();
    let mut c = client(&[(A, "s")]);
    let h = c
        .handle_send(t0, &access_request(&[2, 1, 0, 4]), 5)
        .unwrap();
    c.handle_send(t0, &access_request(&[2, 1, 0, 4]), 6)
        .unwrap();
    assert_eq!(c.cancel(h), Some(5));
    assert_eq!(c.cancel(h), None);
    assert_eq!(c.cancel_where(|t| *t == 6), 1);
    assert_eq!(c.poll_timeout(), None);
    assert_eq!(
        c.handle_send(t0, &Repr::new(Code::AccessAccept, 0), 0),
        Err(SendError::UnsupportedCode(Code::AccessAccept))
    );
    let mut big = access_request(&[]);
    big.attributes.push(Attribute::State(vec![0; 300]));
    assert!(matches!(
        c.handle_send(t0, &big, 0),
        Err(SendError::Encode(Error::AttributeTooLong { .. }))
    ));
    let mut no_acct: Client<u32> = Client::new(
        ClientConfig {
            acct_servers: vec![],
            ..config(&[(A, "s")])
        },
        TestRng::new(),
    )
    .unwrap();
    assert_eq!(
        no_acct.handle_send(t0, &accounting_request(), 0),
        Err(SendError::NoServer(ServerKind::Acct))
    );
    assert!(Client::<u32>::new(
        ClientConfig {
            max_pending: 0,
            ..ClientConfig::default()
        },
        TestRng::new()
    )
    .is_err());
}

#[derive(Debug, Clone)]
enum Op {
    SendAuth,
    SendAcct,
    AnswerOldest { genuine: bool },
    Advance(u16),
    Garbage(Vec<u8>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => Just(Op::SendAuth),
        2 => Just(Op::SendAcct),
        3 => any::<bool>().prop_map(|genuine| Op::AnswerOldest { genuine }),
        3 => (0u16..200).prop_map(Op::Advance),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(Op::Garbage),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever happens, no two pending requests of a kind share an
    /// Identifier, the table stays bounded, and forged answers never
    /// complete a request.
    #[test]
    fn identifier_allocator_never_reuses_pending(ops in proptest::collection::vec(op(), 1..300)) {
        let t0 = Instant::now();
        let mut cfg = config(&[(A, "s1"), (B, "s2")]);
        cfg.max_pending = 40;
        let mut c: Client<u32> = Client::new(cfg, TestRng::new()).unwrap();
        let mut now = t0;
        let mut last_tx: Vec<Transmit> = Vec::new();
        let mut token = 0u32;
        for op in ops {
            match op {
                Op::SendAuth => { token += 1; c.handle_send(now, &access_request(&[2, 1, 0, 4]), token).unwrap(); }
                Op::SendAcct => { token += 1; c.handle_send(now, &accounting_request(), token).unwrap(); }
                Op::AnswerOldest { genuine } => {
                    if let Some(t) = last_tx.first() {
                        let kind = t.server_id.kind;
                        let secret = match (kind, t.server_id.index) { (ServerKind::Acct, _) => "acct-secret", (_, 0) => "s1", _ => "s2" };
                        let code = if kind == ServerKind::Acct { Code::AccountingResponse } else { Code::AccessReject };
                        let attrs = if kind == ServerKind::Acct { vec![] } else { with_mac(vec![]) };
                        let reply = answer(&t.payload, code, attrs, if genuine { secret } else { "forged" });
                        let before = c.pending_count();
                        c.handle_datagram(now, t.server, t.server_id, &reply);
                        if !genuine { prop_assert_eq!(c.pending_count(), before); }
                        last_tx.remove(0);
                    }
                }
                Op::Advance(s) => { now += Duration::from_secs(u64::from(s)); c.handle_timeout(now); }
                Op::Garbage(bytes) => c.handle_datagram(now, addr(A), auth_id(0), &bytes),
            }
            last_tx.extend(transmits(&mut c));
            while let Some(e) = c.poll_event() {
                if let Event::Response { server, .. } = e {
                    prop_assert!(c.stats(server).is_some());
                }
            }
            prop_assert!(c.pending_count() <= 40);
            for kind in [ServerKind::Auth, ServerKind::Acct] {
                let mut ids: Vec<u8> = c.pending.iter().filter(|p| p.kind == kind).map(|p| p.identifier).collect();
                let n = ids.len();
                ids.sort_unstable();
                ids.dedup();
                prop_assert_eq!(ids.len(), n, "duplicate pending Identifier");
            }
            if let Some(t) = c.poll_timeout() {
                prop_assert!(t >= t0);
            }
        }
    }
}
