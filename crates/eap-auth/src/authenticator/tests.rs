//! A fake clock and a fake RADIUS server: replies are built directly.

use super::*;
use crate::testdata::{self, hex};
use proptest::prelude::*;
use roamd_radius::{AcceptError, Msk, NasInfo};

const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

fn nas() -> NasInfo {
    NasInfo {
        nas_identifier: Some(b"ap0".to_vec()),
        nas_port: Some(1),
        bssid: MacAddr([2, 0, 0, 0, 0, 0]),
        ssid: b"roam-eap".to_vec(),
        ..NasInfo::default()
    }
}

fn auth_with(config: &EapAuthConfig) -> EapAuthenticator {
    EapAuthenticator::new(config, STA, nas()).with_initial_identifier(128)
}

fn auth() -> EapAuthenticator {
    auth_with(&EapAuthConfig::default())
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// An EAPOL-EAP frame as a station sends it (version 1).
fn eapol_from_sta(eap: &[u8]) -> Vec<u8> {
    eapol_frame(
        roamd_eapol::ProtocolVersion::V2001,
        PacketType::EapPacket,
        eap,
    )
    .unwrap()
}

/// An EAPOL-EAP frame as we send it (version 2).
fn eapol_to_sta(eap: &[u8]) -> Vec<u8> {
    eapol_frame(
        roamd_eapol::ProtocolVersion::V2004,
        PacketType::EapPacket,
        eap,
    )
    .unwrap()
}

fn response(id: u8, ty: u8, data: &[u8]) -> Vec<u8> {
    let len = (5 + data.len()) as u16;
    let mut v = vec![2, id, (len >> 8) as u8, len as u8, ty];
    v.extend_from_slice(data);
    v
}

fn identity_response(id: u8) -> Vec<u8> {
    eapol_from_sta(&response(id, 1, b"alice"))
}

fn challenge(eap: Vec<u8>, state: &[u8]) -> Reply {
    Reply::Challenge(AccessChallenge {
        eap_message: Some(eap),
        state: Some(state.to_vec()),
        session_timeout: None,
        reply_messages: vec![],
    })
}

fn accept(msk: Option<Vec<u8>>, eap: Option<Vec<u8>>) -> AccessAccept {
    AccessAccept {
        msk: msk.map(Msk::new),
        session_timeout: None,
        idle_timeout: None,
        termination_action: None,
        class: vec![],
        chargeable_user_identity: None,
        vlan: None,
        eap_message: eap,
        acct_interim_interval: None,
        user_name: None,
        reply_messages: vec![],
    }
}

fn reply_accept(a: AccessAccept) -> Reply {
    Reply::Accept(Ok(Box::new(a)))
}

fn radius_request(actions: &[Action]) -> (RadiusRequestId, AccessRequest) {
    let found = actions.iter().find_map(|a| match a {
        Action::SendRadius { id, request } => Some((*id, (**request).clone())),
        _ => None,
    });
    found.unwrap_or_else(|| panic!("no SendRadius in {actions:?}"))
}

fn eapol_sent(actions: &[Action]) -> Vec<Vec<u8>> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::SendEapol(f) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

fn events(actions: &[Action]) -> Vec<EapEvent> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Event(e) => Some(*e),
            _ => None,
        })
        .collect()
}

fn success(actions: &[Action]) -> AuthSuccess {
    let found = actions.iter().find_map(|a| match a {
        Action::Authenticated(s) => Some((**s).clone()),
        _ => None,
    });
    found.unwrap_or_else(|| panic!("no Authenticated in {actions:?}"))
}

fn failed(actions: &[Action]) -> Option<FailureReason> {
    actions.iter().find_map(|a| match a {
        Action::Failed(r) => Some(*r),
        _ => None,
    })
}

/// Starts, answers the identity request and returns the RADIUS request id.
fn to_backend(a: &mut EapAuthenticator, now: Instant) -> RadiusRequestId {
    a.start(now);
    let id = a.current_identifier();
    radius_request(&a.handle_eapol(now, &identity_response(id))).0
}

/// Runs a one-challenge exchange to success; returns the actions of the
/// accept.
fn authenticate(a: &mut EapAuthenticator, now: Instant, acc: AccessAccept) -> Vec<Action> {
    let rid = if a.state() == AuthState::Identity {
        let id = a.current_identifier();
        radius_request(&a.handle_eapol(now, &identity_response(id))).0
    } else {
        to_backend(a, now)
    };
    let next = a.current_identifier().wrapping_add(1);
    a.handle_radius(now, rid, challenge(vec![1, next, 0, 6, 25, 0x20], b"s1"));
    let acts = a.handle_eapol(now, &eapol_from_sta(&response(next, 25, &[0])));
    let (rid, req) = radius_request(&acts);
    assert_eq!(req.state.as_deref(), Some(&b"s1"[..]));
    a.handle_radius(now, rid, reply_accept(acc))
}

#[test]
fn replays_trace_exchange() {
    let mut a = auth();
    let t0 = Instant::now();
    let acts = a.start(t0);
    assert_eq!(
        events(&acts),
        [
            EapEvent::Started,
            EapEvent::ProposedMethod {
                vendor: 0,
                method: 1
            }
        ]
    );
    assert_eq!(eapol_sent(&acts), [hex(&[testdata::REQ_IDENTITY])]);
    assert_eq!(a.state(), AuthState::Identity);
    assert_eq!(a.poll_timeout(), Some(t0 + secs(3)));

    for (n, round) in testdata::ROUNDS.iter().enumerate() {
        let resp = hex(round.response);
        let acts = a.handle_eapol(t0, &eapol_from_sta(&resp));
        let (rid, req) = radius_request(&acts);
        assert_eq!(acts.len(), 1, "round {n}: {acts:?}");
        assert_eq!(req.eap, resp, "round {n}");
        assert_eq!(req.user_name, b"alice");
        assert_eq!(req.station, STA);
        assert_eq!(req.framed_mtu, Some(1400));
        assert_eq!(
            req.state,
            round.request_state.map(|s| hex(&[s])),
            "round {n}"
        );
        assert_eq!(a.state(), AuthState::Backend);
        assert_eq!(
            a.poll_timeout(),
            None,
            "no station timer while at the server"
        );

        let ch = hex(round.challenge);
        let acts = a.handle_radius(
            t0,
            rid,
            challenge(ch.clone(), &hex(&[round.challenge_state])),
        );
        assert_eq!(acts, [Action::SendEapol(eapol_to_sta(&ch))], "round {n}");
        assert_eq!(a.current_identifier(), ch[1]);
        assert_eq!(a.poll_timeout(), Some(t0 + secs(3)));
    }
    assert_eq!(a.server_method(), Some(EapType::Peap));

    let acts = a.handle_eapol(t0, &eapol_from_sta(&hex(testdata::LAST_RESPONSE)));
    let (rid, req) = radius_request(&acts);
    assert_eq!(req.state, Some(hex(&[testdata::LAST_STATE])));
    let msk = hex(testdata::MSK);
    let mut acc = accept(Some(msk.clone()), Some(hex(&[testdata::ACCEPT_EAP])));
    acc.user_name = Some(b"alice".to_vec());
    let acts = a.handle_radius(t0, rid, reply_accept(acc));
    assert_eq!(events(&acts), [EapEvent::Success2]);
    // hostapd relays the server's EAP-Success, Identifier 137.
    assert_eq!(eapol_sent(&acts), [vec![2, 0, 0, 4, 3, 0x89, 0, 4]]);
    let s = success(&acts);
    assert_eq!(s.pmk(), Some(&msk[..32]));
    assert_eq!(s.identity, b"alice");
    assert!(!s.reauthentication);
    assert_eq!(s.method, Some(EapType::Peap));
    assert!(!format!("{s:?}").contains("144"), "msk leaked: {s:?}");
    assert_eq!(a.state(), AuthState::Authenticated);
    assert!(a.is_authorized());
    assert_eq!(a.poll_timeout(), Some(t0 + secs(3600)));

    let c = a.counters();
    assert_eq!(c.eapol_frames_rx, 10);
    assert_eq!(c.eapol_resp_frames_rx, 10);
    assert_eq!(c.eapol_resp_id_frames_rx, 1);
    assert_eq!(c.eapol_req_id_frames_tx, 1);
    assert_eq!(c.eapol_req_frames_tx, 9);
    assert_eq!(c.eapol_frames_tx, 11);
    assert_eq!(c.backend_responses, 10);
    assert_eq!(c.backend_access_challenges, 9);
    assert_eq!(c.backend_auth_successes, 1);
    assert_eq!(c.last_eapol_frame_version, 1);
    assert_eq!(a.station_method(), Some(EapType::Peap));
}

#[test]
fn access_request_carries_context() {
    let mut ctx = RequestContext::new(nas());
    ctx.connect_info = Some(b"CONNECT 54Mbps 802.11g".to_vec());
    ctx.acct_session_id = Some(b"30B3BFDBACE80530".to_vec());
    ctx.acct_multi_session_id = Some(b"FC6D40B18D336F04".to_vec());
    let config = EapAuthConfig {
        request_cui: true,
        ..EapAuthConfig::default()
    };
    let mut a = EapAuthenticator::new(&config, STA, ctx.clone()).with_initial_identifier(128);
    let t0 = Instant::now();
    a.start(t0);
    let (_, req) = radius_request(&a.handle_eapol(t0, &hex(&["0100000a", "0280000a01616c696365"])));
    assert_eq!(req.nas, ctx.nas);
    assert_eq!(req.connect_info, ctx.connect_info);
    assert_eq!(req.acct_session_id, ctx.acct_session_id);
    assert_eq!(req.acct_multi_session_id, ctx.acct_multi_session_id);
    assert_eq!(req.chargeable_user_identity, Some(vec![0]));
    assert_eq!(req.state, None);
    // The encoded packet has the trace's attributes in hostapd's order.
    let repr = req.to_repr();
    assert_eq!(
        repr.attributes.first(),
        Some(&roamd_radius::Attribute::UserName(b"alice".to_vec()))
    );

    // A learnt CUI is echoed afterwards.
    let mut acc = accept(Some(vec![7; 64]), None);
    acc.chargeable_user_identity = Some(b"cui-1".to_vec());
    // Back to Identity and through again.
    let mut b = EapAuthenticator::new(&config, STA, ctx).with_initial_identifier(1);
    let s = success(&authenticate(&mut b, t0, acc));
    assert_eq!(s.cui.as_deref(), Some(&b"cui-1"[..]));
    b.handle_eapol(t0, &[1, 1, 0, 0]); // EAPOL-Start
    let id = b.current_identifier();
    let (_, req) = radius_request(&b.handle_eapol(t0, &identity_response(id)));
    assert_eq!(req.chargeable_user_identity, Some(b"cui-1".to_vec()));
}

#[test]
fn reject_relays_failure_and_holds() {
    let config = EapAuthConfig::default();
    let mut a = auth_with(&config);
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    let acts = a.handle_radius(
        t0,
        rid,
        Reply::Reject(AccessReject {
            eap_message: Some(vec![4, 128, 0, 4]),
            reply_messages: vec![],
        }),
    );
    assert_eq!(events(&acts), [EapEvent::Failure2]);
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[4, 128, 0, 4])]);
    assert_eq!(failed(&acts), Some(FailureReason::Rejected));
    assert_eq!(FailureReason::Rejected.deauth_reason(), 23);
    assert_eq!(a.state(), AuthState::Held);
    assert!(!a.is_authorized());
    assert_eq!(a.poll_timeout(), None);
    assert_eq!(a.counters().backend_auth_fails, 1);

    // Quiet period: EAPOL-Start ignored, then honoured.
    assert!(a.handle_eapol(t0 + secs(10), &[1, 1, 0, 0]).is_empty());
    assert_eq!(a.counters().ignored_start_rx, 1);
    let acts = a.handle_eapol(t0 + secs(60), &[2, 1, 0, 0]);
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[1, 129, 0, 5, 1])]);
    assert_eq!(a.state(), AuthState::Identity);
}

#[test]
fn reject_without_eap_gets_built_failure() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    // A Success inside a Reject is not relayed.
    let acts = a.handle_radius(
        t0,
        rid,
        Reply::Reject(AccessReject {
            eap_message: Some(vec![3, 128, 0, 4]),
            reply_messages: vec![],
        }),
    );
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[4, 128, 0, 4])]);
    assert_eq!(failed(&acts), Some(FailureReason::Rejected));
}

#[test]
fn wrong_identifier_dropped() {
    let mut a = auth();
    let t0 = Instant::now();
    a.start(t0);
    assert!(a.handle_eapol(t0, &identity_response(127)).is_empty());
    assert_eq!(a.counters().wrong_identifier_rx, 1);
    assert_eq!(a.state(), AuthState::Identity);
    // A Nak to the Identity request is discarded too (eap_server.c DISCARD).
    assert!(a
        .handle_eapol(t0, &eapol_from_sta(&response(128, 3, &[25])))
        .is_empty());
    assert_eq!(a.counters().unexpected_eap_rx, 1);
    // Still waiting; the right response goes through.
    radius_request(&a.handle_eapol(t0, &identity_response(128)));

    // In the relayed phase the Identifier must match the server's request.
    let rid = a.pending_radius().unwrap();
    a.handle_radius(t0, rid, challenge(vec![1, 200, 0, 6, 25, 0x20], b"s"));
    assert!(a
        .handle_eapol(t0, &eapol_from_sta(&response(128, 25, &[0])))
        .is_empty());
    assert_eq!(a.counters().wrong_identifier_rx, 2);
    radius_request(&a.handle_eapol(t0, &eapol_from_sta(&response(200, 25, &[0]))));
}

#[test]
fn duplicate_while_radius_pending_dropped() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    assert!(a.handle_eapol(t0, &identity_response(128)).is_empty());
    assert!(a.handle_eapol(t0, &identity_response(128)).is_empty());
    assert_eq!(a.counters().dropped_while_pending, 2);
    assert_eq!(a.counters().backend_responses, 1);
    assert_eq!(a.pending_radius(), Some(rid));
}

#[test]
fn eapol_start_restarts() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    let acts = a.handle_eapol(t0, &[1, 1, 0, 0]);
    assert_eq!(acts.first(), Some(&Action::CancelRadius { id: rid }));
    assert_eq!(events(&acts)[0], EapEvent::Started);
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[1, 129, 0, 5, 1])]);
    assert_eq!(a.identity(), None);
    assert_eq!(a.counters().eapol_start_frames_rx, 1);
    // The old request's outcome is stale.
    assert!(a
        .handle_radius(t0, rid, challenge(vec![1, 5, 0, 6, 25, 0], b"x"))
        .is_empty());
    assert!(a.handle_radius_timeout(t0, rid).is_empty());
    assert_eq!(a.counters().stale_radius_replies, 2);
    // The new exchange has a new request id.
    let (rid2, req) = radius_request(&a.handle_eapol(t0, &identity_response(129)));
    assert_ne!(rid2, rid);
    assert_eq!(req.state, None);
}

#[test]
fn eapol_start_before_start_starts() {
    let mut a = auth();
    let acts = a.handle_eapol(Instant::now(), &[1, 1, 0, 0]);
    assert_eq!(eapol_sent(&acts), [hex(&[testdata::REQ_IDENTITY])]);
}

#[test]
fn too_many_restarts_fail() {
    let mut a = auth();
    let t0 = Instant::now();
    a.start(t0);
    a.handle_eapol(t0, &[1, 1, 0, 0]); // second CONNECTING: allowed
    let acts = a.handle_eapol(t0, &[1, 1, 0, 0]); // third: reAuthCount 3 > 2
    assert_eq!(failed(&acts), Some(FailureReason::TooManyRestarts));
    assert_eq!(events(&acts), [EapEvent::Failure]);
    assert_eq!(a.state(), AuthState::Held);
}

#[test]
fn logoff() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    let acts = a.handle_eapol(t0, &[1, 2, 0, 0]);
    assert_eq!(acts, [Action::CancelRadius { id: rid }, Action::Logoff]);
    assert_eq!(a.state(), AuthState::Disconnected);
    assert_eq!(a.poll_timeout(), None);
    assert_eq!(a.counters().eapol_logoff_frames_rx, 1);
    // A second Logoff changes nothing; an EAPOL-Start starts again.
    assert!(a.handle_eapol(t0, &[1, 2, 0, 0]).is_empty());
    assert_eq!(a.handle_eapol(t0, &[1, 1, 0, 0]).len(), 3);

    // Logoff while authenticated unauthorizes the port.
    let mut b = auth();
    authenticate(&mut b, t0, accept(Some(vec![1; 64]), None));
    assert!(b.is_authorized());
    assert_eq!(b.handle_eapol(t0, &[2, 2, 0, 0]), [Action::Logoff]);
    assert!(!b.is_authorized());
}

#[test]
fn station_timeout_after_retransmissions() {
    let mut a = auth();
    let t0 = Instant::now();
    let first = eapol_sent(&a.start(t0));
    let mut t = t0;
    // hostapd: 3, 6, 12, 20, 20 s between the 5 retransmissions, then 20 s.
    for wait in [3, 6, 12, 20, 20] {
        t += secs(wait);
        assert_eq!(a.poll_timeout(), Some(t));
        assert!(a.handle_timeout(t - Duration::from_millis(1)).is_empty());
        let acts = a.handle_timeout(t);
        assert_eq!(events(&acts), [EapEvent::Retransmit]);
        assert_eq!(eapol_sent(&acts), first);
    }
    t += secs(20);
    assert_eq!(a.poll_timeout(), Some(t));
    let acts = a.handle_timeout(t);
    assert_eq!(events(&acts), [EapEvent::TimeoutFailure]);
    assert!(
        eapol_sent(&acts).is_empty(),
        "no EAP-Failure to a silent peer"
    );
    assert_eq!(failed(&acts), Some(FailureReason::StationTimeout));
    assert_eq!(FailureReason::StationTimeout.deauth_reason(), 2);
    assert_eq!(a.counters().retransmissions, 5);
    assert_eq!(a.counters().eapol_req_id_frames_tx, 6);
    assert_eq!(a.poll_timeout(), None);
}

#[test]
fn relayed_request_retransmits_with_session_timeout_hint() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    let eap = vec![1, 129, 0, 6, 25, 0x20];
    let reply = Reply::Challenge(AccessChallenge {
        eap_message: Some(eap.clone()),
        state: None,
        session_timeout: Some(10),
        reply_messages: vec![],
    });
    a.handle_radius(t0, rid, reply);
    let mut t = t0;
    for _ in 0..5 {
        t += secs(10);
        assert_eq!(a.poll_timeout(), Some(t));
        let acts = a.handle_timeout(t);
        assert_eq!(events(&acts), [EapEvent::Retransmit2]);
        assert_eq!(eapol_sent(&acts), [eapol_to_sta(&eap)]);
    }
    let acts = a.handle_timeout(t + secs(10));
    assert_eq!(events(&acts), [EapEvent::TimeoutFailure2]);
    assert_eq!(failed(&acts), Some(FailureReason::StationTimeout));
    assert_eq!(a.counters().eapol_req_frames_tx, 6);
}

#[test]
fn radius_timeout_fails() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    let acts = a.handle_radius_timeout(t0 + secs(90), rid);
    assert_eq!(events(&acts), [EapEvent::TimeoutFailure2]);
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[4, 128, 0, 4])]);
    assert_eq!(failed(&acts), Some(FailureReason::RadiusTimeout));
    assert_eq!(a.state(), AuthState::Held);
    assert_eq!(a.counters().backend_timeouts, 1);
}

#[test]
fn server_timeout_restarts() {
    let config = EapAuthConfig {
        server_timeout: Some(secs(30)),
        ..EapAuthConfig::default()
    };
    let mut a = auth_with(&config);
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    assert_eq!(a.poll_timeout(), Some(t0 + secs(30)));
    let acts = a.handle_timeout(t0 + secs(30));
    assert_eq!(acts.first(), Some(&Action::CancelRadius { id: rid }));
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[1, 129, 0, 5, 1])]);
    radius_request(&a.handle_eapol(t0 + secs(31), &identity_response(129)));
    // Third CONNECTING: reAuthMax exceeded.
    let acts = a.handle_timeout(t0 + secs(61));
    assert_eq!(failed(&acts), Some(FailureReason::TooManyRestarts));
}

#[test]
fn reauthentication_timer() {
    let config = EapAuthConfig {
        reauth_period: Some(secs(100)),
        ..EapAuthConfig::default()
    };
    let mut a = auth_with(&config);
    let t0 = Instant::now();
    let s = success(&authenticate(&mut a, t0, accept(Some(vec![1; 64]), None)));
    assert!(!s.reauthentication);
    assert_eq!(a.poll_timeout(), Some(t0 + secs(100)));

    let t1 = t0 + secs(100);
    let acts = a.handle_timeout(t1);
    assert_eq!(events(&acts)[0], EapEvent::Started);
    assert_eq!(eapol_sent(&acts).len(), 1);
    assert_eq!(a.state(), AuthState::Identity);
    assert!(a.is_authorized(), "the association and port stay up");
    assert_eq!(a.identity(), None);
    assert_eq!(a.counters().reauthentications, 1);

    let acts = authenticate(&mut a, t1, accept(Some(vec![2; 64]), None));
    let s = success(&acts);
    assert!(s.reauthentication);
    assert_eq!(s.pmk(), Some(&[2u8; 32][..]));
    assert_eq!(a.poll_timeout(), Some(t1 + secs(100)));

    // A failed reauthentication unauthorizes.
    let t2 = t1 + secs(100);
    a.handle_timeout(t2);
    let rid = radius_request(&a.handle_eapol(t2, &identity_response(a.current_identifier()))).0;
    let acts = a.handle_radius(
        t2,
        rid,
        Reply::Reject(AccessReject {
            eap_message: None,
            reply_messages: vec![],
        }),
    );
    assert_eq!(failed(&acts), Some(FailureReason::Rejected));
    assert!(!a.is_authorized());
}

#[test]
fn reauthentication_on_request() {
    let mut a = auth();
    let t0 = Instant::now();
    // Not yet authenticated: nothing to restart.
    assert!(a.reauthenticate(t0).is_empty());
    authenticate(&mut a, t0, accept(Some(vec![1; 64]), None));
    let acts = a.reauthenticate(t0 + secs(5));
    assert_eq!(events(&acts)[0], EapEvent::Started);
    assert_eq!(eapol_sent(&acts).len(), 1);
    assert_eq!(a.state(), AuthState::Identity);
    assert!(a.is_authorized(), "the port stays open meanwhile");
    assert_eq!(a.counters().reauthentications, 1);
    // A second request while it runs changes nothing.
    assert!(a.reauthenticate(t0 + secs(6)).is_empty());
    let s = success(&authenticate(
        &mut a,
        t0 + secs(6),
        accept(Some(vec![2; 64]), None),
    ));
    assert!(s.reauthentication);
}

#[test]
fn no_reauth_when_disabled() {
    let config = EapAuthConfig {
        reauth_period: None,
        ..EapAuthConfig::default()
    };
    let mut a = auth_with(&config);
    authenticate(&mut a, Instant::now(), accept(Some(vec![1; 64]), None));
    assert_eq!(a.poll_timeout(), None);
}

#[test]
fn session_timeout_ends_session() {
    let mut a = auth();
    let t0 = Instant::now();
    let mut acc = accept(Some(vec![1; 64]), None);
    acc.session_timeout = Some(600);
    acc.termination_action = Some(TerminationAction::Default);
    let s = success(&authenticate(&mut a, t0, acc));
    assert_eq!(s.session_timeout, Some(secs(600)));
    assert_eq!(a.poll_timeout(), Some(t0 + secs(600)));
    let acts = a.handle_timeout(t0 + secs(600));
    assert_eq!(acts, [Action::SessionTimeout]);
    assert_eq!(a.state(), AuthState::Disconnected);
    assert!(!a.is_authorized());
    assert_eq!(a.poll_timeout(), None);
}

#[test]
fn session_timeout_with_radius_request_reauthenticates() {
    let mut a = auth();
    let t0 = Instant::now();
    let mut acc = accept(Some(vec![1; 64]), None);
    acc.session_timeout = Some(600);
    acc.termination_action = Some(TerminationAction::RadiusRequest);
    success(&authenticate(&mut a, t0, acc));
    assert_eq!(a.poll_timeout(), Some(t0 + secs(600)));
    let acts = a.handle_timeout(t0 + secs(600));
    assert!(!acts.contains(&Action::SessionTimeout));
    assert_eq!(events(&acts)[0], EapEvent::Started);
    assert!(a.is_authorized());
}

#[test]
fn accept_fields_and_built_success() {
    let mut a = auth();
    let t0 = Instant::now();
    let mut acc = accept(Some(vec![9; 64]), None);
    acc.class = vec![b"c1".to_vec(), b"c2".to_vec()];
    acc.vlan = Some(100);
    acc.acct_interim_interval = Some(30);
    acc.idle_timeout = Some(300);
    acc.user_name = Some(b"alice@example".to_vec());
    let acts = authenticate(&mut a, t0, acc);
    // No EAP-Message: EAP-Success with the Identifier of the last request.
    let last_id = a.current_identifier();
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[3, last_id, 0, 4])]);
    let s = success(&acts);
    assert_eq!(s.class, [b"c1".to_vec(), b"c2".to_vec()]);
    assert_eq!(s.vlan, Some(100));
    assert_eq!(s.acct_interim_interval, None, "under 60 s is ignored");
    assert_eq!(s.idle_timeout, Some(secs(300)));
    assert_eq!(s.identity, b"alice@example");
    assert_eq!(a.identity(), Some(&b"alice@example"[..]));
}

#[test]
fn unusable_accept_fails() {
    let t0 = Instant::now();
    for msk in [None, Some(vec![1; 16])] {
        let mut a = auth();
        let acts = authenticate(&mut a, t0, accept(msk, Some(vec![3, 1, 0, 4])));
        assert_eq!(events(&acts), [EapEvent::Failure]);
        assert_eq!(failed(&acts), Some(FailureReason::UnusableAccept));
        let sent = eapol_sent(&acts);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0][4], 4, "EAP-Failure, not the server's Success");
    }
    let mut a = auth();
    let rid = to_backend(&mut a, t0);
    let err = AcceptError::NotAccessAccept(roamd_radius::Code::AccessReject);
    let acts = a.handle_radius(t0, rid, Reply::Accept(Err(err)));
    assert_eq!(failed(&acts), Some(FailureReason::UnusableAccept));

    // Key-less 802.1X may go without.
    let config = EapAuthConfig {
        require_msk: false,
        ..EapAuthConfig::default()
    };
    let mut a = auth_with(&config);
    let s = success(&authenticate(&mut a, t0, accept(None, None)));
    assert_eq!(s.pmk(), None);
}

#[test]
fn invalid_challenge_fails() {
    let t0 = Instant::now();
    let bad: [Option<Vec<u8>>; 4] = [
        None,
        Some(vec![1, 2, 0]),
        Some(vec![2, 2, 0, 6, 25, 0]),
        Some(vec![1, 2, 0, 9, 25, 0]),
    ];
    for eap in bad {
        let mut a = auth();
        let rid = to_backend(&mut a, t0);
        let reply = Reply::Challenge(AccessChallenge {
            eap_message: eap.clone(),
            state: None,
            session_timeout: None,
            reply_messages: vec![],
        });
        let acts = a.handle_radius(t0, rid, reply);
        assert_eq!(
            failed(&acts),
            Some(FailureReason::InvalidChallenge),
            "{eap:?}"
        );
    }
    // Padding after the EAP Length is not relayed.
    let mut a = auth();
    let rid = to_backend(&mut a, t0);
    let acts = a.handle_radius(t0, rid, challenge(vec![1, 2, 0, 6, 25, 0, 0xee], b"s"));
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[1, 2, 0, 6, 25, 0])]);
}

#[test]
fn accounting_response_is_not_an_outcome() {
    let mut a = auth();
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    assert!(a
        .handle_radius(t0, rid, Reply::AccountingResponse)
        .is_empty());
    assert_eq!(a.pending_radius(), Some(rid));
}

#[test]
fn malformed_frames_counted() {
    let mut a = auth();
    let t0 = Instant::now();
    a.start(t0);
    let cases: [(&[u8], &str); 8] = [
        (&[], "invalid"),
        (&[1, 0, 0], "invalid"),
        (&[1, 0, 0, 10, 2, 128], "length"),
        (&[1, 9, 0, 0], "invalid"),
        (&[1, 0, 0, 3, 2, 128, 0], "eap"),
        (&[1, 0, 0, 4, 2, 128, 0, 9], "eap"),
        (&[1, 0, 0, 4, 2, 128, 0, 4], "eap"),
        (&[1, 0, 0, 5, 1, 128, 0, 5, 1], "unexpected"),
    ];
    for (frame, _) in cases {
        assert!(a.handle_eapol(t0, frame).is_empty(), "{frame:?}");
    }
    let c = a.counters();
    assert_eq!(c.invalid_eapol_frames_rx, 3);
    assert_eq!(c.eap_length_error_frames_rx, 1);
    assert_eq!(c.malformed_eap_rx, 3);
    assert_eq!(c.unexpected_eap_rx, 1);
    // EAPOL-Key is someone else's.
    assert!(a.handle_eapol(t0, &[1, 3, 0, 0]).is_empty());
    assert_eq!(a.counters().ignored_eapol_rx, 1);
    // Too long an identity for User-Name.
    let long = eapol_from_sta(&response(128, 1, &[b'a'; 254]));
    assert!(a.handle_eapol(t0, &long).is_empty());
    assert_eq!(a.counters().invalid_identity_rx, 1);
    assert_eq!(a.state(), AuthState::Identity);
}

#[test]
fn identifiers_wrap_and_follow_server() {
    let mut a =
        EapAuthenticator::new(&EapAuthConfig::default(), STA, nas()).with_initial_identifier(255);
    let t0 = Instant::now();
    let rid = to_backend(&mut a, t0);
    assert_eq!(a.current_identifier(), 255);
    a.handle_radius(t0, rid, challenge(vec![1, 40, 0, 6, 25, 0x20], b"s"));
    // EAPOL-Start: the next local request follows the server's Identifier.
    let acts = a.handle_eapol(t0, &[1, 1, 0, 0]);
    assert_eq!(eapol_sent(&acts), [eapol_to_sta(&[1, 41, 0, 5, 1])]);
}

#[test]
fn identity_request_text() {
    let config = EapAuthConfig {
        identity_request_text: b"hello".to_vec(),
        ..EapAuthConfig::default()
    };
    let mut a = auth_with(&config);
    let acts = a.start(Instant::now());
    assert_eq!(
        eapol_sent(&acts),
        [eapol_to_sta(&[
            1, 128, 0, 10, 1, b'h', b'e', b'l', b'l', b'o'
        ])]
    );
}

/// One input of the fuzz-like sequence test.
#[derive(Debug, Clone)]
enum Input {
    Frame(Vec<u8>),
    Response(u8, u8, Vec<u8>),
    Start,
    Logoff,
    Advance(u16),
    Challenge(Vec<u8>, Option<u32>),
    Accept(bool, Option<u32>, bool),
    Reject,
    RadiusTimeout,
    StaleRadius,
}

fn arb_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Input::Frame),
        (
            any::<u8>(),
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 0..10)
        )
            .prop_map(|(i, t, d)| Input::Response(i, t, d)),
        Just(Input::Start),
        Just(Input::Logoff),
        any::<u16>().prop_map(Input::Advance),
        (
            proptest::collection::vec(any::<u8>(), 0..12),
            proptest::option::of(0u32..50)
        )
            .prop_map(|(e, s)| Input::Challenge(e, s)),
        (
            any::<bool>(),
            proptest::option::of(0u32..5000),
            any::<bool>()
        )
            .prop_map(|(m, s, r)| Input::Accept(m, s, r)),
        Just(Input::Reject),
        Just(Input::RadiusTimeout),
        Just(Input::StaleRadius),
    ]
}

proptest! {
    #[test]
    fn arbitrary_eapol_never_panics(frames in proptest::collection::vec(
        proptest::collection::vec(any::<u8>(), 0..80), 0..20)) {
        let mut a = auth();
        let t0 = Instant::now();
        a.start(t0);
        for f in &frames {
            let _ = a.handle_eapol(t0, f);
        }
        let c = a.counters();
        // Every frame is counted; an unknown Packet Type is both received and
        // invalid (hostapd ieee802_1x_receive).
        let accounted = c.eapol_frames_rx + c.invalid_eapol_frames_rx + c.eap_length_error_frames_rx;
        prop_assert!(accounted >= frames.len() as u64);
        prop_assert!(c.eapol_frames_rx <= frames.len() as u64);
    }

    #[test]
    fn arbitrary_sequences_keep_invariants(inputs in proptest::collection::vec(arb_input(), 0..40)) {
        let mut a = auth();
        let mut now = Instant::now();
        a.start(now);
        for input in inputs {
            let acts = match input {
                Input::Frame(f) => a.handle_eapol(now, &f),
                Input::Response(id, ty, d) => a.handle_eapol(now, &eapol_from_sta(&response(id, ty, &d))),
                Input::Start => a.handle_eapol(now, &[1, 1, 0, 0]),
                Input::Logoff => a.handle_eapol(now, &[1, 2, 0, 0]),
                Input::Advance(ms) => {
                    now += Duration::from_millis(u64::from(ms) * 10);
                    a.handle_timeout(now)
                }
                Input::Challenge(eap, st) => match a.pending_radius() {
                    Some(id) => a.handle_radius(now, id, Reply::Challenge(AccessChallenge {
                        eap_message: Some(eap), state: Some(vec![1]), session_timeout: st,
                        reply_messages: vec![],
                    })),
                    None => vec![],
                },
                Input::Accept(msk, st, rr) => match a.pending_radius() {
                    Some(id) => {
                        let mut acc = accept(msk.then(|| vec![5; 64]), None);
                        acc.session_timeout = st;
                        acc.termination_action = rr.then_some(TerminationAction::RadiusRequest);
                        a.handle_radius(now, id, reply_accept(acc))
                    }
                    None => vec![],
                },
                Input::Reject => match a.pending_radius() {
                    Some(id) => a.handle_radius(now, id, Reply::Reject(AccessReject {
                        eap_message: None, reply_messages: vec![] })),
                    None => vec![],
                },
                Input::RadiusTimeout => match a.pending_radius() {
                    Some(id) => a.handle_radius_timeout(now, id),
                    None => vec![],
                },
                Input::StaleRadius => a.handle_radius_timeout(now, RadiusRequestId(u64::MAX)),
            };
            // At most one request outstanding; actions consistent with state.
            let sends = acts.iter().filter(|x| matches!(x, Action::SendRadius { .. })).count();
            prop_assert!(sends <= 1);
            if sends == 1 {
                prop_assert_eq!(a.state(), AuthState::Backend);
            }
            match a.state() {
                AuthState::Backend => prop_assert!(a.pending_radius().is_some()),
                _ => prop_assert!(a.pending_radius().is_none()),
            }
            if matches!(a.state(), AuthState::Held | AuthState::Disconnected) {
                prop_assert_eq!(a.poll_timeout(), None);
                prop_assert!(!a.is_authorized());
            }
            if matches!(a.state(), AuthState::Identity | AuthState::Request) {
                prop_assert!(a.poll_timeout().is_some());
            }
            if let Some(t) = a.poll_timeout() {
                prop_assert!(t >= now || a.state() != AuthState::Idle);
            }
        }
    }
}
