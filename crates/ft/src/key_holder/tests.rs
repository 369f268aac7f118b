use super::*;
use crate::config::{parse_r0kh, parse_r1kh, KeyHolderConfig};
use crate::frame::OuiFrameRepr;
use rand::rngs::StdRng;
use rand::SeedableRng;
use roamd_wpa::PmkR0;
use std::collections::VecDeque;

const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
const AP2: MacAddr = MacAddr([2, 0, 0, 0, 3, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
const R0KH_ID: &[u8] = b"ap0.example.net";

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

// The FT-PSK trace's PMK-R0 and PMKR0Name (test-vectors.md).
fn trace_r0() -> PmkR0Params {
    PmkR0Params {
        sta: STA,
        pmk_r0: PmkR0::from_slice(&h(
            "03af7b919961cbb7e1c62ebedf30511f94b970f278540f1bca516cf9567b109b",
        ))
        .unwrap(),
        pmk_r0_name: r0_name(),
        pairwise: 0x10,
        session_timeout: None,
        identity: Vec::new(),
        radius_cui: Vec::new(),
        vlan: Vlan::default(),
    }
}

fn r0_name() -> PmkR0Name {
    PmkR0Name(h("4dead139599056f7a77de6ffabfc3002").try_into().unwrap())
}

fn r0_for(sta: MacAddr, byte: u8) -> PmkR0Params {
    PmkR0Params {
        sta,
        pmk_r0: PmkR0::from_slice(&[byte; 32]).unwrap(),
        pmk_r0_name: PmkR0Name([byte; 16]),
        ..trace_r0()
    }
}

fn req(sta: MacAddr, name: PmkR0Name) -> PmkR1Request<'static> {
    PmkR1Request {
        sta,
        akm: Akm::FtPsk,
        r0kh_id: R0KH_ID,
        pmk_r0_name: name,
    }
}

// The two hostapd configurations of traces/ft-psk (ap0.conf, ap1.conf).
fn ap0_config() -> KeyHolderConfig {
    let mut c = KeyHolderConfig::new(AP0, R0KH_ID);
    c.r0kh
        .push(parse_r0kh(&format!("{AP1} ap1.example.net {KEY}")).unwrap());
    c.r1kh
        .push(parse_r1kh(&format!("{AP1} {AP1} {KEY}")).unwrap());
    c
}

fn ap1_config() -> KeyHolderConfig {
    let mut c = KeyHolderConfig::new(AP1, b"ap1.example.net");
    c.r0kh
        .push(parse_r0kh(&format!("{AP0} ap0.example.net {KEY}")).unwrap());
    c.r1kh
        .push(parse_r1kh(&format!("{AP0} {AP0} {KEY}")).unwrap());
    c
}

fn wildcard_config(own: MacAddr, r0kh_id: &[u8]) -> KeyHolderConfig {
    let mut c = KeyHolderConfig::new(own, r0kh_id);
    c.r0kh
        .push(parse_r0kh(&format!("ff:ff:ff:ff:ff:ff * {KEY}")).unwrap());
    c.r1kh
        .push(parse_r1kh(&format!("00:00:00:00:00:00 00:00:00:00:00:00 {KEY}")).unwrap());
    c
}

/// Key holders on one link; frames delivered by `pump`.
struct Net {
    aps: Vec<KeyHolder>,
    rng: StdRng,
    now: Instant,
    // (sender index, frame) of everything sent, in order.
    log: Vec<(usize, Transmit)>,
}

impl Net {
    fn new(configs: Vec<KeyHolderConfig>) -> Net {
        let now = Instant::now();
        Net {
            aps: configs
                .into_iter()
                .map(|c| KeyHolder::new(c, now))
                .collect(),
            rng: StdRng::seed_from_u64(11),
            now,
            log: Vec::new(),
        }
    }

    fn addr(&self, i: usize) -> MacAddr {
        self.aps[i].config().own_addr
    }

    fn deliver(&mut self, from: usize, t: &Transmit) {
        let src = self.addr(from);
        for j in 0..self.aps.len() {
            if j != from && (t.dst == self.addr(j) || t.dst.is_multicast()) {
                let now = self.now;
                self.aps[j].handle_oui_frame(now, &mut self.rng, src, t.dst, &t.payload);
            }
        }
    }

    /// Delivers frames until none is left; returns how many moved.
    fn pump(&mut self) -> usize {
        let mut moved = 0;
        loop {
            let mut batch = Vec::new();
            for i in 0..self.aps.len() {
                while let Some(t) = self.aps[i].poll_transmit() {
                    batch.push((i, t));
                }
            }
            if batch.is_empty() {
                return moved;
            }
            for (i, t) in batch {
                moved += 1;
                self.deliver(i, &t);
                self.log.push((i, t));
            }
        }
    }

    /// Drops whatever is queued for sending.
    fn lose(&mut self) -> Vec<(usize, Transmit)> {
        let mut lost = Vec::new();
        for i in 0..self.aps.len() {
            while let Some(t) = self.aps[i].poll_transmit() {
                lost.push((i, t));
            }
        }
        lost
    }

    fn advance(&mut self, d: Duration) {
        self.now += d;
        for i in 0..self.aps.len() {
            let now = self.now;
            self.aps[i].handle_timeout(now, &mut self.rng);
        }
    }

    fn request(&mut self, i: usize, r: &PmkR1Request<'_>) -> PmkR1Lookup {
        let now = self.now;
        self.aps[i].request_pmk_r1(now, &mut self.rng, r)
    }

    fn events(&mut self, i: usize) -> Vec<Event> {
        std::iter::from_fn(|| self.aps[i].poll_event()).collect()
    }

    fn subtypes(&self, from: usize) -> Vec<Subtype> {
        self.log
            .iter()
            .filter(|(i, _)| *i == from)
            .map(|(_, t)| OuiFrameRepr::parse(&t.payload).unwrap().subtype)
            .collect()
    }
}

fn available(events: &[Event]) -> &PmkR1Entry {
    match events {
        [Event::PmkR1Available { entry, .. }] => entry,
        other => panic!("expected one PmkR1Available, got {other:?}"),
    }
}

// The roam of traces/ft-psk: AP1 pulls the station's PMK-R1 from AP0 with
// the same message sequence hostapd used, and gets the same key.
#[test]
fn pull_reproduces_the_ft_psk_trace() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    assert_eq!(net.request(1, &req(STA, r0_name())), PmkR1Lookup::Pending);
    // A second FT attempt while the pull is out does not pull again.
    assert_eq!(net.request(1, &req(STA, r0_name())), PmkR1Lookup::Pending);
    net.pump();
    // ap1.log: SEQ_REQ, PULL, SEQ_RESP; ap0.log: SEQ_RESP, SEQ_REQ, RESP.
    use Subtype::*;
    assert_eq!(net.subtypes(1), [SeqReq, Pull, SeqResp]);
    assert_eq!(net.subtypes(0), [SeqResp, SeqReq, Resp]);
    let events = net.events(1);
    let e = available(&events);
    assert_eq!(e.sta, STA);
    assert_eq!(
        e.pmk_r1.as_bytes(),
        h("e4ece24431c8a9f48949a51a02e020cbd0bb1afb35f2860b85963b2ca79e39e1")
    );
    assert_eq!(
        e.pmk_r1_name.0.to_vec(),
        h("fcfd71f247cef01309a96bdcc0f46a26")
    );
    assert_eq!(e.origin, PmkR1Origin::Pulled(AP0));
    assert_eq!(e.pairwise, 0x10);
    // 14 days do not fit EXPIRES_IN: saturated, not wrapped.
    assert_eq!(e.expires, Some(now + Duration::from_secs(65535)));
    assert_eq!(net.aps[0].stats().pulls_answered, 1);
    assert_eq!(net.aps[1].pending_pulls(), 0);
    // Now cached at AP1.
    let PmkR1Lookup::Ready(again) = net.request(1, &req(STA, r0_name())) else {
        panic!()
    };
    assert_eq!(again.pmk_r1, e.pmk_r1);
    // The next station's pull needs no sequence exchange: two frames.
    let sta2 = MacAddr([2, 0, 0, 0, 2, 1]);
    net.aps[0].store_pmk_r0(now, r0_for(sta2, 5));
    net.log.clear();
    net.request(1, &req(sta2, PmkR0Name([5; 16])));
    assert_eq!(net.pump(), 2);
    assert_eq!(available(&net.events(1)).sta, sta2);
    let peers = net.aps[1].peers(now);
    let r0kh = peers
        .iter()
        .find(|p| matches!(p.id, PeerId::R0kh(_)))
        .unwrap();
    assert!(r0kh.seq_known && !r0kh.learned && r0kh.failures == 0);
    assert_eq!(r0kh.last_rx, Some(now));
}

#[test]
fn local_pmk_r0_and_nak_and_unknown_r0kh() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    // The R0KH itself derives its PMK-R1 (test-vectors.md: R1KH-ID AP0).
    let PmkR1Lookup::Ready(e) = net.request(0, &req(STA, r0_name())) else {
        panic!()
    };
    assert_eq!(
        e.pmk_r1.as_bytes(),
        h("c698d8629ec1f97b6626470c02f788244c5f6f99ec0e2536d2a755ba77756e8d")
    );
    assert_eq!(
        e.pmk_r1_name.0.to_vec(),
        h("570833ad6f5e66fcbfaf4efd863f1f3d")
    );
    assert_eq!(e.origin, PmkR1Origin::Local);
    assert_eq!(
        net.request(0, &req(STA, PmkR0Name([1; 16]))),
        PmkR1Lookup::Failed(PullFailure::NoLocalPmkR0)
    );
    // AP0 has no such PMK-R0: a NAK.
    assert_eq!(
        net.request(1, &req(STA, PmkR0Name([1; 16]))),
        PmkR1Lookup::Pending
    );
    net.pump();
    assert_eq!(
        net.events(1),
        [Event::PullFailed {
            sta: STA,
            pmk_r0_name: PmkR0Name([1; 16]),
            reason: PullFailure::Nak
        }]
    );
    assert_eq!(net.aps[0].stats().naks_sent, 1);
    // An R0KH-ID in no list, and no wildcard.
    let other = PmkR1Request {
        r0kh_id: b"ap9.example.net",
        ..req(STA, r0_name())
    };
    assert_eq!(
        net.request(1, &other),
        PmkR1Lookup::Failed(PullFailure::UnknownR0kh)
    );
}

#[test]
fn pull_timeout_retries_then_fails_and_blocks_wildcard_r0kh() {
    let mut net = Net::new(vec![wildcard_config(AP1, b"ap1.example.net")]);
    assert_eq!(net.request(0, &req(STA, r0_name())), PmkR1Lookup::Pending);
    // Nobody answers: the wildcard R0KH's pulls go to the broadcast address.
    let lost = net.lose();
    assert!(lost.iter().all(|(_, t)| t.dst == MacAddr::BROADCAST));
    assert_eq!(
        net.aps[0].poll_timeout(),
        Some(net.now + Duration::from_secs(1))
    );
    for _ in 0..3 {
        net.advance(Duration::from_secs(1));
        assert!(net.events(0).is_empty());
    }
    assert_eq!(net.aps[0].stats().pulls_sent, 4);
    net.advance(Duration::from_secs(1));
    assert_eq!(
        net.events(0),
        [Event::PullFailed {
            sta: STA,
            pmk_r0_name: r0_name(),
            reason: PullFailure::Timeout
        }]
    );
    assert_eq!(net.aps[0].stats().pull_timeouts, 1);
    // Blocked for rkh_neg_timeout (60 s).
    assert_eq!(
        net.request(0, &req(STA, r0_name())),
        PmkR1Lookup::Failed(PullFailure::Blocked)
    );
    assert!(net.aps[0].peers(net.now).iter().any(|p| p.blocked));
    net.advance(Duration::from_secs(61));
    assert_eq!(net.request(0, &req(STA, r0_name())), PmkR1Lookup::Pending);
}

#[test]
fn configured_r0kh_is_not_blocked() {
    let mut net = Net::new(vec![ap1_config()]);
    net.request(0, &req(STA, r0_name()));
    for _ in 0..4 {
        net.lose();
        net.advance(Duration::from_millis(1000));
    }
    assert!(matches!(
        net.events(0).as_slice(),
        [Event::PullFailed {
            reason: PullFailure::Timeout,
            ..
        }]
    ));
    assert_eq!(net.request(0, &req(STA, r0_name())), PmkR1Lookup::Pending);
}

#[test]
fn replayed_frames_are_dropped() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    net.request(1, &req(STA, r0_name()));
    net.pump();
    net.events(1);
    // A second pull with known sequence numbers; keep its frame.
    let sta2 = MacAddr([2, 0, 0, 0, 2, 1]);
    net.aps[0].store_pmk_r0(now, r0_for(sta2, 5));
    net.log.clear();
    net.request(1, &req(sta2, PmkR0Name([5; 16])));
    net.pump();
    assert_eq!(available(&net.events(1)).sta, sta2);
    let (_, pull) = net.log[0].clone();
    let answered = net.aps[0].stats().pulls_answered;
    // The old PULL again: same sequence number, dropped before decryption.
    net.deliver(1, &pull);
    assert_eq!(net.aps[0].stats().replayed, 1);
    assert_eq!(net.aps[0].stats().pulls_answered, answered);
    assert!(net.aps[0].poll_transmit().is_none());
    // Its RESP again at AP1: no pull waits for that nonce any more.
    let (_, resp) = net.log[1].clone();
    net.deliver(0, &resp);
    assert_eq!(net.aps[1].stats().unexpected_responses, 1);
    assert!(net.events(1).is_empty());
    assert!(net.aps[0].peers(now).iter().any(|p| p.failures == 1));
}

#[test]
fn tampered_frames_are_dropped() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    net.request(1, &req(STA, r0_name()));
    let frames = net.lose();
    let (_, pull) = frames
        .iter()
        .find(|(_, t)| t.payload[5] == 1)
        .unwrap()
        .clone();
    let mut bad = pull.clone();
    let last = bad.payload.len() - 1;
    bad.payload[last] ^= 0x80;
    net.deliver(1, &bad);
    // Unknown sequence state: the check is deferred, so AES-SIV runs first.
    assert_eq!(net.aps[0].stats().unauthenticated, 1);
    assert!(net.aps[0].poll_transmit().is_none());
    // A changed R1KH-ID names a key holder AP0 does not know.
    let mut bad = pull.clone();
    let pos = bad.payload.len() - 46 - 6; // SIV + 30 octets, after R1KH-ID
    bad.payload[pos] ^= 1;
    net.deliver(1, &bad);
    assert_eq!(net.aps[0].stats().unknown_peer, 1);
    // Truncated and foreign frames.
    let mut short = pull.clone();
    short.payload.truncate(20);
    net.deliver(1, &short);
    assert_eq!(net.aps[0].stats().malformed, 1);
    net.aps[0].handle_oui_frame(now, &mut net.rng, MacAddr::BROADCAST, AP0, &pull.payload);
    net.aps[0].handle_oui_frame(now, &mut net.rng, AP1, AP2, &pull.payload);
    assert_eq!(net.aps[0].stats().not_for_us, 2);
    assert_eq!(net.aps[0].stats().pulls_answered, 0);
    // The genuine frame still works.
    net.deliver(1, &pull);
    net.pump();
    assert_eq!(available(&net.events(1)).sta, STA);
}

// Both sides with hostapd's wildcard lines only: AP1 pulls from the
// broadcast address, learns AP0's address from its sequence response, and
// gets the key on the first retry; AP0 learns AP1 as an R1KH.
#[test]
fn wildcards_and_learning() {
    let mut net = Net::new(vec![
        wildcard_config(AP0, R0KH_ID),
        wildcard_config(AP1, b"ap1.example.net"),
    ]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    assert_eq!(net.request(1, &req(STA, r0_name())), PmkR1Lookup::Pending);
    net.pump();
    // The broadcast PULL is not deferred (it could make every AP send
    // sequence requests), so it is dropped; the SEQ_REQ was answered.
    assert!(net.events(1).is_empty());
    assert_eq!(net.aps[0].stats().replayed, 1);
    let learned = net.aps[1].peers(now);
    let r0 = learned
        .iter()
        .find(|p| p.id == PeerId::R0kh(R0KH_ID.to_vec()))
        .unwrap();
    assert_eq!((r0.addr, r0.learned, r0.seq_known), (AP0, true, true));
    net.advance(Duration::from_secs(1));
    net.pump();
    let events = net.events(1);
    let e = available(&events);
    assert_eq!(
        e.pmk_r1.as_bytes(),
        h("e4ece24431c8a9f48949a51a02e020cbd0bb1afb35f2860b85963b2ca79e39e1")
    );
    let r1 = net.aps[0].peers(net.now);
    let r1 = r1.iter().find(|p| p.id == PeerId::R1kh(AP1)).unwrap();
    assert_eq!((r1.addr, r1.learned), (AP1, true));
    // Learnt peers are forgotten after rkh_pos_timeout without traffic.
    net.advance(Duration::from_secs(86_401));
    assert!(net.aps[0].peers(net.now).iter().all(|p| !p.learned));
}

#[test]
fn push_to_configured_r1khs() {
    let mut c0 = ap0_config();
    c0.pmk_r1_push = true;
    c0.r1kh
        .push(parse_r1kh(&format!("{AP2} {AP2} {KEY}")).unwrap());
    let mut net = Net::new(vec![c0, ap1_config()]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    // Only to AP1 (AP2 is configured but not where the station goes).
    assert_eq!(
        net.aps[0].push_pmk_r1(now, &mut net.rng, STA, Some(&[AP1])),
        1
    );
    assert_eq!(net.aps[0].push_pmk_r1(now, &mut net.rng, STA, None), 0);
    net.pump();
    assert_eq!(
        net.events(1),
        [Event::PmkR1Pushed {
            sta: STA,
            from: AP0
        }]
    );
    assert_eq!(net.aps[1].stats().deferred, 1);
    let PmkR1Lookup::Ready(e) = net.request(1, &req(STA, r0_name())) else {
        panic!()
    };
    assert_eq!(e.origin, PmkR1Origin::Pushed(AP0));
    // The same PUSH again is a replay.
    let (_, push) = net.log[0].clone();
    net.deliver(0, &push);
    assert_eq!(net.aps[1].stats().replayed, 1);
    // Another PMK-R0 pushes to all when none of `only` is known.
    net.aps[0].store_pmk_r0(now, r0_for(MacAddr([2, 0, 0, 0, 2, 1]), 9));
    let sent = net.aps[0].push_pmk_r1(now, &mut net.rng, MacAddr([2, 0, 0, 0, 2, 1]), Some(&[AP0]));
    assert_eq!(sent, 2);
}

fn peer<'a>(peers: &'a [PeerStatus], id: &PeerId) -> &'a PeerStatus {
    peers.iter().find(|p| p.id == *id).unwrap()
}

// What an operator sees per peer: when it last spoke and was spoken to,
// and what each pull, NAK, timeout and push did.
#[test]
fn peer_health_counts_each_exchange() {
    let mut c0 = ap0_config();
    c0.pmk_r1_push = true;
    let mut net = Net::new(vec![c0, ap1_config()]);
    let t0 = net.now;
    let (at_ap1, at_ap0) = (PeerId::R0kh(R0KH_ID.to_vec()), PeerId::R1kh(AP1));
    let fresh = net.aps[1].peers(t0);
    let r0kh = peer(&fresh, &at_ap1);
    assert_eq!((r0kh.last_rx, r0kh.last_tx), (None, None));
    assert_eq!(r0kh.counters, PeerCounters::default());

    // A pull answered with a key.
    net.aps[0].store_pmk_r0(t0, trace_r0());
    net.request(1, &req(STA, r0_name()));
    net.pump();
    assert_eq!(available(&net.events(1)).sta, STA);
    let peers = net.aps[1].peers(t0);
    let r0kh = peer(&peers, &at_ap1);
    assert_eq!((r0kh.last_rx, r0kh.last_tx), (Some(t0), Some(t0)));
    assert_eq!(
        (r0kh.counters.pulls_sent, r0kh.counters.pulls_answered),
        (1, 1)
    );
    let peers = net.aps[0].peers(t0);
    let r1kh = peer(&peers, &at_ap0);
    assert_eq!((r1kh.last_rx, r1kh.last_tx), (Some(t0), Some(t0)));
    assert_eq!(r1kh.counters.pulls_served, 1);
    assert!(r1kh.seq_known && r1kh.roam_target && !r1kh.learned);

    // A pull answered with a NAK, a second later.
    net.advance(Duration::from_secs(1));
    let t1 = net.now;
    net.request(1, &req(STA, PmkR0Name([1; 16])));
    net.pump();
    assert_eq!(net.events(1).len(), 1);
    let peers = net.aps[1].peers(t1);
    let r0kh = peer(&peers, &at_ap1);
    assert_eq!((r0kh.last_rx, r0kh.last_tx), (Some(t1), Some(t1)));
    assert_eq!(
        (r0kh.counters.pulls_sent, r0kh.counters.naks_received),
        (2, 1)
    );
    assert_eq!(peer(&net.aps[0].peers(t1), &at_ap0).counters.naks_sent, 1);

    // A push.
    let sta2 = MacAddr([2, 0, 0, 0, 2, 1]);
    net.aps[0].store_pmk_r0(t1, r0_for(sta2, 5));
    assert_eq!(net.aps[0].push_pmk_r1(t1, &mut net.rng, sta2, None), 1);
    net.pump();
    assert_eq!(peer(&net.aps[0].peers(t1), &at_ap0).counters.pushes_sent, 1);
    let peers = net.aps[1].peers(t1);
    assert_eq!(peer(&peers, &at_ap1).counters.pushes_received, 1);

    // A pull nobody answers: four requests, one timeout, one failure; the
    // last answer stays the last reception.
    net.request(1, &req(MacAddr([2, 0, 0, 0, 2, 2]), PmkR0Name([2; 16])));
    for _ in 0..4 {
        net.lose();
        net.advance(Duration::from_secs(1));
    }
    let peers = net.aps[1].peers(net.now);
    let r0kh = peer(&peers, &at_ap1);
    assert_eq!(r0kh.counters.pulls_sent, 6);
    assert_eq!((r0kh.counters.pull_timeouts, r0kh.failures), (1, 1));
    assert_eq!(r0kh.last_rx, Some(t1));
    assert_eq!(r0kh.last_tx, Some(t1 + Duration::from_secs(3)));
    assert!(!r0kh.blocked);
    // None of this was a failure on AP0's side.
    assert_eq!(peer(&net.aps[0].peers(net.now), &at_ap0).failures, 0);
}

fn ap2_config() -> KeyHolderConfig {
    let mut c = ap1_config();
    c.own_addr = AP2;
    c.r1kh_id = AP2;
    c.r0kh_id = b"ap2.example.net".to_vec();
    c
}

// AP0 pushes to both R1KHs until a station of its roams to AP2 (AP2
// pulls); then only to AP2, until that is a day old.
#[test]
fn push_goes_where_stations_roam() {
    let mut c0 = ap0_config();
    c0.pmk_r1_push = true;
    c0.r1kh
        .push(parse_r1kh(&format!("{AP2} {AP2} {KEY}")).unwrap());
    let mut net = Net::new(vec![c0, ap1_config(), ap2_config()]);
    let now = net.now;
    let sta = |i| MacAddr([2, 0, 0, 0, 2, i]);
    let push = |net: &mut Net, i: u8| {
        let now = net.now;
        net.aps[0].store_pmk_r0(now, r0_for(sta(i), i + 1));
        net.log.clear();
        let sent = net.aps[0].push_pmk_r1(now, &mut net.rng, sta(i), None);
        net.pump();
        let pushed = [net.events(1), net.events(2)].concat();
        assert_eq!(pushed.len(), sent);
        let mut to: Vec<MacAddr> = net
            .log
            .iter()
            .filter(|(from, t)| {
                *from == 0 && OuiFrameRepr::parse(&t.payload).unwrap().subtype == Subtype::Push
            })
            .map(|(_, t)| t.dst)
            .collect();
        to.sort();
        assert_eq!(to.len(), sent);
        to
    };
    assert!(net.aps[0].roam_targets().is_empty());
    assert_eq!(push(&mut net, 1), [AP1, AP2]);
    assert_eq!(net.aps[0].stats().pushes_skipped, 0);

    // A station of AP0 roams to AP2: AP2 pulls its key.
    net.aps[0].store_pmk_r0(now, r0_for(sta(2), 3));
    let r2 = PmkR1Request {
        r0kh_id: R0KH_ID,
        ..req(sta(2), PmkR0Name([3; 16]))
    };
    assert_eq!(net.request(2, &r2), PmkR1Lookup::Pending);
    net.pump();
    assert_eq!(available(&net.events(2)).sta, sta(2));
    assert_eq!(net.aps[0].roam_targets(), [AP2]);
    let peers = net.aps[0].peers(now);
    assert!(peer(&peers, &PeerId::R1kh(AP2)).roam_target);
    assert!(!peer(&peers, &PeerId::R1kh(AP1)).roam_target);
    // A NAK teaches nothing: AP1 asks for a key AP0 does not hold.
    net.request(1, &req(sta(9), PmkR0Name([9; 16])));
    net.pump();
    assert!(matches!(
        net.events(1).as_slice(),
        [Event::PullFailed {
            reason: PullFailure::Nak,
            ..
        }]
    ));
    assert_eq!(net.aps[0].roam_targets(), [AP2]);

    assert_eq!(push(&mut net, 3), [AP2]);
    assert_eq!(net.aps[0].stats().pushes_skipped, 1);
    // The caller's choice still wins.
    net.aps[0].store_pmk_r0(now, r0_for(sta(4), 5));
    assert_eq!(
        net.aps[0].push_pmk_r1(now, &mut net.rng, sta(4), Some(&[AP1])),
        1
    );
    net.pump();
    assert_eq!(net.events(1).len(), 1);
    assert_eq!(net.aps[0].stats().pushes_skipped, 1);

    // Aged out after a day without a pull: all R1KHs again.
    assert_eq!(
        net.aps[0].poll_timeout(),
        Some(now + Duration::from_secs(86_400))
    );
    net.advance(Duration::from_secs(86_400));
    assert!(net.aps[0].roam_targets().is_empty());
    assert_eq!(push(&mut net, 5), [AP1, AP2]);
}

#[test]
fn roam_targets_are_bounded_by_the_r1khs_known() {
    let mut c0 = ap0_config();
    c0.r1kh
        .push(parse_r1kh(&format!("{AP2} {AP2} {KEY}")).unwrap());
    let t0 = Instant::now();
    let mut kh = KeyHolder::new(c0, t0);
    let ids = [AP1, AP2, MacAddr([2, 0, 0, 0, 4, 0])];
    for (i, id) in ids.into_iter().enumerate() {
        kh.note_roam_target(t0 + Duration::from_secs(i as u64), id);
    }
    // Two R1KHs known: the oldest of three gave way.
    assert_eq!(kh.roam_targets(), [ids[2], AP2]);
    // Seen again: refreshed, not added.
    kh.note_roam_target(t0 + Duration::from_secs(5), AP2);
    assert_eq!(kh.roam_targets(), [AP2, ids[2]]);
    kh.note_roam_target(t0, MacAddr::ZERO);
    assert_eq!(kh.roam_targets().len(), 2);
    // A zero timeout turns learning off.
    let mut c = ap0_config();
    c.timers.roam_target_timeout = Duration::ZERO;
    let mut kh = KeyHolder::new(c, t0);
    kh.note_roam_target(t0, AP1);
    assert!(kh.roam_targets().is_empty());
}

#[test]
fn peer_restart_is_detected_by_its_new_domain() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    net.request(1, &req(STA, r0_name()));
    net.pump();
    net.events(1);
    // AP1 restarts: new domain, AP0 asks for its numbers again.
    net.aps[1] = KeyHolder::new(ap1_config(), now);
    net.log.clear();
    net.request(1, &req(STA, r0_name()));
    net.pump();
    assert_eq!(available(&net.events(1)).sta, STA);
    assert!(net.subtypes(0).contains(&Subtype::SeqReq));
}

#[test]
fn keys_expire() {
    let mut c0 = ap0_config();
    c0.timers.r0_key_lifetime = Duration::from_secs(100);
    let mut c1 = ap1_config();
    c1.timers.r1_max_key_lifetime = Duration::from_secs(30);
    let mut net = Net::new(vec![c0, c1]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    net.request(1, &req(STA, r0_name()));
    net.pump();
    let events = net.events(1);
    assert_eq!(
        available(&events).expires,
        Some(now + Duration::from_secs(30))
    );
    assert_eq!(
        net.aps[1].poll_timeout(),
        Some(now + Duration::from_secs(30))
    );
    net.advance(Duration::from_secs(31));
    assert_eq!(net.aps[1].pmk_r1_count(), 0);
    assert_eq!(net.aps[0].pmk_r0_count(), 1);
    net.advance(Duration::from_secs(70));
    assert_eq!(net.aps[0].pmk_r0_count(), 0);
    assert_eq!(net.aps[0].stats().keys_expired, 1);
    assert_eq!(
        net.request(0, &req(STA, r0_name())),
        PmkR1Lookup::Failed(PullFailure::NoLocalPmkR0)
    );
}

#[test]
fn bound_pending_pulls() {
    let mut c1 = ap1_config();
    c1.limits.pending_pulls = 2;
    let mut net = Net::new(vec![c1]);
    for i in 0..2 {
        let sta = MacAddr([2, 0, 0, 0, 2, i]);
        assert_eq!(net.request(0, &req(sta, r0_name())), PmkR1Lookup::Pending);
    }
    let sta = MacAddr([2, 0, 0, 0, 2, 9]);
    assert_eq!(
        net.request(0, &req(sta, r0_name())),
        PmkR1Lookup::Failed(PullFailure::TooManyPending)
    );
    assert_eq!(net.aps[0].stats().pending_pulls_full, 1);
    assert_eq!(net.aps[0].pending_pulls(), 2);
}

#[test]
fn bound_learned_peers() {
    let mut c0 = wildcard_config(AP0, R0KH_ID);
    c0.limits.learned_peers = 1;
    let mut c1 = ap1_config();
    c1.r0kh = vec![parse_r0kh(&format!("{AP0} ap0.example.net {KEY}")).unwrap()];
    let mut c2 = c1.clone();
    c2.own_addr = AP2;
    c2.r1kh_id = AP2;
    let mut net = Net::new(vec![c0, c1, c2]);
    let now = net.now;
    net.aps[0].store_pmk_r0(now, trace_r0());
    net.request(1, &req(STA, r0_name()));
    net.request(2, &req(STA, r0_name()));
    net.pump();
    assert_eq!(available(&net.events(1)).sta, STA);
    assert!(net.events(2).is_empty());
    assert!(net.aps[0].stats().learned_peers_full >= 1);
    assert_eq!(
        net.aps[0].peers(now).iter().filter(|p| p.learned).count(),
        1
    );
}

#[test]
fn bound_key_caches() {
    let mut c0 = ap0_config();
    c0.limits.pmk_r0_entries = 2;
    let mut c1 = ap1_config();
    c1.limits.pmk_r1_entries = 1;
    let mut net = Net::new(vec![c0, c1]);
    let now = net.now;
    for i in 0..3 {
        net.aps[0].store_pmk_r0(now, r0_for(MacAddr([2, 0, 0, 0, 2, i]), i + 1));
    }
    assert_eq!(net.aps[0].pmk_r0_count(), 2);
    assert_eq!(net.aps[0].stats().pmk_r0_evicted, 1);
    // Storing the same key again replaces it.
    net.aps[0].store_pmk_r0(now, r0_for(MacAddr([2, 0, 0, 0, 2, 2]), 3));
    assert_eq!(net.aps[0].pmk_r0_count(), 2);
    for i in 1..3 {
        net.request(1, &req(MacAddr([2, 0, 0, 0, 2, i]), PmkR0Name([i + 1; 16])));
    }
    net.pump();
    let events = net.events(1);
    assert_eq!(events.len(), 2);
    assert!(events
        .iter()
        .all(|e| matches!(e, Event::PmkR1Available { .. })));
    assert_eq!(net.aps[1].pmk_r1_count(), 1);
    assert_eq!(net.aps[1].stats().pmk_r1_evicted, 1);
}

#[test]
fn bound_held_messages() {
    let mut c0 = ap0_config();
    c0.limits.deferred_per_peer = 2;
    let mut net = Net::new(vec![c0, ap1_config()]);
    let now = net.now;
    for i in 0..3 {
        let sta = MacAddr([2, 0, 0, 0, 2, i]);
        net.aps[0].store_pmk_r0(now, r0_for(sta, i + 1));
        net.request(1, &req(sta, PmkR0Name([i + 1; 16])));
    }
    // AP1's three SEQ_REQ + PULL pairs reach AP0; AP0's answers are lost.
    let frames: Vec<_> = std::iter::from_fn(|| net.aps[1].poll_transmit()).collect();
    assert_eq!(frames.len(), 6);
    for t in &frames {
        net.deliver(1, t);
    }
    assert_eq!(net.aps[0].stats().deferred, 2);
    assert_eq!(net.aps[0].stats().deferred_dropped, 1);
    assert_eq!(net.aps[0].peers(now)[1].deferred, 2);
    // Held messages are dropped unanswered after 10 s.
    net.lose();
    net.advance(Duration::from_secs(11));
    assert_eq!(net.aps[0].peers(net.now)[1].deferred, 0);
    assert_eq!(net.aps[0].stats().deferred_dropped, 3);
}

#[test]
fn bound_held_messages_overall_and_by_size() {
    for (total, max_len, held) in [(1, 1500, 1), (256, 50, 0)] {
        let mut c0 = ap0_config();
        c0.limits.deferred_total = total;
        c0.limits.deferred_message_len = max_len;
        let mut net = Net::new(vec![c0, ap1_config()]);
        for i in 0..3 {
            net.request(1, &req(MacAddr([2, 0, 0, 0, 2, i]), PmkR0Name([i + 1; 16])));
        }
        let frames: Vec<_> = std::iter::from_fn(|| net.aps[1].poll_transmit()).collect();
        for t in &frames {
            net.deliver(1, t);
        }
        assert_eq!(net.aps[0].stats().deferred, held);
        assert_eq!(net.aps[0].stats().deferred_dropped, 3 - held);
    }
}

#[test]
fn over_ds_relay() {
    // traces/ft-psk/ap0.log 704: the station's FT Request via AP1 to AP0.
    let request = h(concat!(
        "060102000000020002000000000030260100000fac040100000fac040100000fac04000001004dea",
        "d139599056f7a77de6ffabfc30023603a1b201376300000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000084af1fb54ee31efc14",
        "aadd032c252c65764c2ead6cf171ee019f5650a5ecc3f8030f6170302e6578616d706c652e6e6574",
    ));
    let now = Instant::now();
    let mut ap1 = KeyHolder::new(ap1_config(), now);
    let mut ap0 = KeyHolder::new(ap0_config(), now);
    assert_eq!(ap1.relay_over_ds_request(&request), Ok(AP0));
    let t = ap1.poll_transmit().unwrap();
    assert_eq!((t.dst, t.ethertype), (AP0, ETHERTYPE_RRB));
    assert_eq!(&t.payload[..10], &h("0100a000020000000100")[..]);
    ap0.handle_rrb_frame(AP1, AP0, &t.payload);
    let Some(Event::OverDsRequest {
        current_ap,
        sta,
        elements,
    }) = ap0.poll_event()
    else {
        panic!()
    };
    assert_eq!((current_ap, sta), (AP1, STA));
    assert_eq!(elements, &request[14..]);
    ap0.send_over_ds_response(AP1, STA, StatusCode::Success, &elements)
        .unwrap();
    let t = ap0.poll_transmit().unwrap();
    assert_eq!(t.dst, AP1);
    ap1.handle_rrb_frame(AP0, AP1, &t.payload);
    let Some(Event::OverDsResponse { sta, action_frame }) = ap1.poll_event() else {
        panic!()
    };
    assert_eq!(sta, STA);
    assert_eq!(
        &action_frame[..16],
        &h("06020200000002000200000000000000")[..]
    );
    // Not for this AP, or to itself.
    let t = RrbFrameRepr {
        packet_type: PacketType::Request,
        ap_address: AP1,
        action_frame: &request,
    }
    .to_bytes()
    .unwrap();
    ap1.handle_rrb_frame(AP0, AP1, &t);
    assert!(ap1.poll_event().is_none());
    let mut to_self = request.clone();
    to_self[8..14].copy_from_slice(&AP0.0);
    assert_eq!(ap0.relay_over_ds_request(&to_self), Err(Error::BadTargetAp));
    assert_eq!(
        ap0.relay_over_ds_request(&request[..10]),
        Err(Error::NotFtAction)
    );
}

/// Hands out the random values hostapd drew in the trace, in the order this
/// key holder asks for them.
struct ScriptedRng(VecDeque<Vec<u8>>);

impl ScriptedRng {
    fn next_chunk(&mut self, len: usize) -> Vec<u8> {
        let c = self.0.pop_front().expect("script exhausted");
        assert_eq!(c.len(), len);
        c
    }
}

impl RngCore for ScriptedRng {
    fn next_u32(&mut self) -> u32 {
        u32::from_le_bytes(self.next_chunk(4).try_into().unwrap())
    }
    fn next_u64(&mut self) -> u64 {
        unimplemented!()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        dest.copy_from_slice(&self.next_chunk(dest.len()));
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for ScriptedRng {}

fn trace_frame(at: &str) -> Vec<u8> {
    let t = crate::testdata::TRACE_MESSAGES
        .iter()
        .find(|t| t.at.starts_with(at))
        .unwrap();
    // As received on 0x88b7: OUI, subtype, message.
    OuiFrameRepr {
        subtype: t.subtype.into(),
        message: &h(t.message),
    }
    .to_bytes()
}

fn sent_message(kh: &mut KeyHolder) -> String {
    let t = kh.poll_transmit().expect("a frame");
    hex::encode(OuiFrameRepr::parse(&t.payload).unwrap().message)
}

fn trace_message(at: &str) -> String {
    hex::encode(&trace_frame(at)[6..])
}

// In place of hostapd's AP0 (R0KH), facing hostapd's AP1 as recorded in
// traces/ft-psk: given hostapd's random values, every frame this key holder
// sends is the octets hostapd's AP0 sent.
#[test]
fn as_r0kh_sends_hostapds_octets() {
    let t0 = Instant::now();
    let mut c0 = ap0_config();
    // The trace's EXPIRES_IN (29949) is what is left when the response is
    // built 14 s after the PMK-R0 was stored.
    c0.timers.r0_key_lifetime = Duration::from_secs(29_949 + 14);
    let mut ap0 = KeyHolder::new(c0, t0);
    ap0.store_pmk_r0(t0, trace_r0());
    let mut rng = ScriptedRng(VecDeque::from([
        h("9e8f0cbc"),                         // first sequence number towards AP1
        h("cf34fce9"),                         // domain
        h("f8fdda92da84deb5db8181e1319a23a0"), // SEQ_REQ nonce
    ]));
    let at13 = t0 + Duration::from_secs(13);
    let at14 = t0 + Duration::from_secs(14);
    ap0.handle_oui_frame(at13, &mut rng, AP1, AP0, &trace_frame("ft-psk/ap0.log:604"));
    assert_eq!(sent_message(&mut ap0), trace_message("ft-psk/ap0.log:622"));
    ap0.handle_oui_frame(at13, &mut rng, AP1, AP0, &trace_frame("ft-psk/ap0.log:628"));
    assert_eq!(sent_message(&mut ap0), trace_message("ft-psk/ap0.log:649"));
    ap0.handle_oui_frame(at14, &mut rng, AP1, AP0, &trace_frame("ft-psk/ap0.log:655"));
    assert_eq!(sent_message(&mut ap0), trace_message("ft-psk/ap0.log:693"));
    assert!(ap0.poll_transmit().is_none());
    assert_eq!(ap0.stats().pulls_answered, 1);
}

// In place of hostapd's AP1 (R1KH), facing hostapd's AP0.
#[test]
fn as_r1kh_sends_hostapds_octets() {
    let t0 = Instant::now();
    let mut ap1 = KeyHolder::new(ap1_config(), t0);
    let mut rng = ScriptedRng(VecDeque::from([
        h("88d8e69c8abac264313b3cb4f55a9744"), // pull nonce
        h("3b7f2411572c11e146d99819d937a3a8"), // SEQ_REQ nonce
        h("6a2fee6d"),                         // first sequence number
        h("457ba91b"),                         // domain
    ]));
    let at13 = t0 + Duration::from_secs(13);
    let at14 = t0 + Duration::from_secs(14);
    assert_eq!(
        ap1.request_pmk_r1(at13, &mut rng, &req(STA, r0_name())),
        PmkR1Lookup::Pending
    );
    assert_eq!(sent_message(&mut ap1), trace_message("ft-psk/ap0.log:604"));
    assert_eq!(sent_message(&mut ap1), trace_message("ft-psk/ap0.log:628"));
    ap1.handle_oui_frame(at13, &mut rng, AP0, AP1, &trace_frame("ft-psk/ap0.log:622"));
    assert!(ap1.poll_transmit().is_none());
    ap1.handle_oui_frame(at14, &mut rng, AP0, AP1, &trace_frame("ft-psk/ap0.log:649"));
    assert_eq!(sent_message(&mut ap1), trace_message("ft-psk/ap0.log:655"));
    ap1.handle_oui_frame(at14, &mut rng, AP0, AP1, &trace_frame("ft-psk/ap0.log:693"));
    let events: Vec<_> = std::iter::from_fn(|| ap1.poll_event()).collect();
    let e = available(&events);
    assert_eq!(
        e.pmk_r1.as_bytes(),
        h("e4ece24431c8a9f48949a51a02e020cbd0bb1afb35f2860b85963b2ca79e39e1")
    );
    assert_eq!(e.expires, Some(at14 + Duration::from_secs(29_949)));
}

// The same against traces/ft-eap, where the PMK-R0 carries the EAP identity
// and AP1 pulls a second time once sequence numbers are known.
#[test]
fn as_r0kh_sends_hostapds_octets_ft_eap() {
    let t0 = Instant::now();
    let mut c0 = ap0_config();
    c0.timers.r0_key_lifetime = Duration::from_secs(29_950 + 17);
    let mut ap0 = KeyHolder::new(c0, t0);
    let name = PmkR0Name(h("d38b0a8f83e6f7a89e828878a6935159").try_into().unwrap());
    ap0.store_pmk_r0(
        t0,
        PmkR0Params {
            pmk_r0: PmkR0::from_slice(&h(
                "94fa8c41527e228cf74882d43a8049b7384269844c9452d938cdd8b2b2c8d49e",
            ))
            .unwrap(),
            pmk_r0_name: name,
            identity: b"alice".to_vec(),
            ..trace_r0()
        },
    );
    let mut rng = ScriptedRng(VecDeque::from([
        h("6a43de5a"),
        h("67f3f122"),
        h("c26e1879ca0ee127730c220cdeb297b1"),
    ]));
    let at = t0 + Duration::from_secs(17);
    let mut exchange = |rx: &str, tx: &str| {
        ap0.handle_oui_frame(at, &mut rng, AP1, AP0, &trace_frame(rx));
        assert_eq!(sent_message(&mut ap0), trace_message(tx), "{rx}");
    };
    exchange("ft-eap/ap0.log:1429", "ft-eap/ap0.log:1447"); // SEQ_REQ -> SEQ_RESP
    exchange("ft-eap/ap0.log:1453", "ft-eap/ap0.log:1474"); // PULL -> SEQ_REQ
    exchange("ft-eap/ap0.log:1480", "ft-eap/ap0.log:1518"); // SEQ_RESP -> RESP
    exchange("ft-eap/ap0.log:1524", "ft-eap/ap0.log:1552"); // PULL -> RESP
    assert_eq!(ap0.stats().pulls_answered, 2);
    // hostapd's PULL once more: a replay.
    ap0.handle_oui_frame(at, &mut rng, AP1, AP0, &trace_frame("ft-eap/ap0.log:1524"));
    assert!(ap0.poll_transmit().is_none());
    assert_eq!(ap0.stats().replayed, 1);
}

// AP 1 pulls a key of AP 0's, both knowing each other's numbers: a PULL
// and its RESP, no sequence exchange.
fn first_pull_is_one_round_trip(net: &mut Net, now: Instant) {
    net.aps[0].store_pmk_r0(now, trace_r0());
    net.log.clear();
    assert_eq!(net.request(1, &req(STA, r0_name())), PmkR1Lookup::Pending);
    assert_eq!(net.pump(), 2, "PULL and RESP only");
    assert_eq!(available(&net.events(1)).sta, STA);
}

// Warmed up, the two key holders know each other's sequence numbers before
// any station roams: the first pull is one round trip, as later ones.
#[test]
fn a_warm_up_saves_the_first_pull_its_sequence_exchanges() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let now = net.now;
    for i in 0..2 {
        net.aps[i].warm_up(now, &mut net.rng);
    }
    net.pump();
    // Each is the other's R0KH and R1KH: two sequence states each way.
    use Subtype::*;
    assert_eq!(net.subtypes(0), [SeqReq, SeqReq, SeqResp, SeqResp]);
    assert_eq!(net.subtypes(1), [SeqReq, SeqReq, SeqResp, SeqResp]);
    assert!(net.aps[1].peers(now).iter().all(|p| p.seq_known));
    assert!(net.aps[0].peers(now).iter().all(|p| p.seq_known));
    // Warming up again asks nothing.
    net.aps[0].warm_up(now, &mut net.rng);
    assert!(net.aps[0].poll_transmit().is_none());
    first_pull_is_one_round_trip(&mut net, now);
}

// A peer that starts after us misses our warm-up; it is asked again a
// second later, so its first pull of one of our keys is still one round
// trip. A peer that never answers is asked less and less often, with one
// request outstanding at a time.
#[test]
fn a_peer_started_later_is_warmed_up_by_the_retry() {
    let mut net = Net::new(vec![ap0_config(), ap1_config()]);
    let t0 = net.now;
    net.aps[0].warm_up(t0, &mut net.rng);
    while net.aps[0].poll_transmit().is_some() {} // AP 1 is not up yet
    assert_eq!(net.aps[0].poll_timeout(), Some(t0 + Duration::from_secs(1)));
    net.now = t0 + Duration::from_millis(500);
    let now = net.now;
    net.aps[1].warm_up(now, &mut net.rng);
    net.pump();
    assert!(net.aps[1].peers(now).iter().all(|p| p.seq_known));
    assert!(net.aps[0].peers(now).iter().all(|p| !p.seq_known));
    net.now = t0 + Duration::from_secs(1);
    let now = net.now;
    net.aps[0].handle_timeout(now, &mut net.rng);
    net.pump();
    assert!(net.aps[0].peers(now).iter().all(|p| p.seq_known));
    assert_eq!(net.aps[0].stats().bad_seq_responses, 0);
    // Everything known: no more rounds.
    net.aps[0].handle_timeout(now + Duration::from_secs(5), &mut net.rng);
    assert!(net.aps[0].poll_transmit().is_none());
    first_pull_is_one_round_trip(&mut net, now);
}

#[test]
fn a_silent_peer_is_asked_less_and_less_often() {
    let mut ap0 = KeyHolder::new(ap0_config(), Instant::now());
    let mut rng = StdRng::seed_from_u64(3);
    let t0 = Instant::now();
    ap0.warm_up(t0, &mut rng);
    let mut rounds = Vec::new();
    let mut now = t0;
    while now < t0 + Duration::from_secs(300) {
        let sent = std::iter::from_fn(|| ap0.poll_transmit()).count();
        if sent > 0 {
            rounds.push((now - t0).as_secs());
            // Its R0KH and R1KH entries: one request each.
            assert_eq!(sent, 2);
        }
        now = ap0.poll_timeout().expect("a next round");
        ap0.handle_timeout(now, &mut rng);
    }
    assert_eq!(rounds, [0, 1, 3, 7, 15, 31, 63, 123, 183, 243]);
    let outstanding: usize = ap0.peers(now).iter().map(|p| p.deferred).sum();
    assert_eq!(outstanding, 0, "warm-up requests hold no message");
    assert_eq!(ap0.stats().deferred_dropped, 0);
}
