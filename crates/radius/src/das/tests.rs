use super::*;
use crate::auth::{
    sign_accounting_request, verify_message_authenticator, verify_response_authenticator,
};

const SECRET: &str = "das-secret";
const NOW: u64 = 1_800_000_000;
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

/// A request as a DAS client (radclient) sends it, signed with `secret`.
fn request(code: Code, attributes: Vec<Attribute>, secret: &str) -> Vec<u8> {
    let mut r = Repr::new(code, 7);
    r.attributes = attributes;
    let mut buf = r.to_bytes().unwrap();
    sign_accounting_request(&mut buf, &SharedSecret::from(secret)).unwrap();
    buf
}

fn disconnect(extra: Vec<Attribute>) -> Vec<u8> {
    let mut a = vec![
        Attribute::UserName(b"alice".to_vec()),
        Attribute::CallingStationId(b"02-00-00-00-02-00".to_vec()),
        Attribute::EventTimestamp(NOW as u32),
    ];
    a.extend(extra);
    request(Code::DisconnectRequest, a, SECRET)
}

fn verify(bytes: &[u8], policy: &DasPolicy) -> Result<DasRequest, DropReason> {
    verify_request(bytes, &SharedSecret::from(SECRET), NOW, policy)
}

#[test]
fn valid_disconnect_request_selects_the_station_and_is_acked() {
    let bytes = disconnect(vec![Attribute::MessageAuthenticator([0; 16])]);
    let req = verify(&bytes, &DasPolicy::default()).unwrap();
    assert_eq!(req.kind, DasKind::Disconnect);
    assert_eq!(req.identifier, 7);
    let sel = req.selectors.clone().unwrap();
    assert_eq!(sel.calling_station_id, Some(STA));
    assert_eq!(sel.user_name.as_deref(), Some(&b"alice"[..]));
    assert!(sel.nas_matches(None, None));
    let alice = Session {
        mac: STA,
        user_name: Some(b"alice"),
        ..Session::default()
    };
    let bob = Session {
        mac: MacAddr([2, 0, 0, 0, 3, 0]),
        user_name: Some(b"alice"),
        ..Session::default()
    };
    assert_eq!(select(&sel, [(1, bob), (2, alice)]), Ok(2));
    assert_eq!(
        select(&sel, [(1, bob)]),
        Err(ErrorCause::SessionContextNotFound)
    );

    let secret = SharedSecret::from(SECRET);
    let reply = encode_reply(&req, None, &secret, NOW);
    let p = Packet::new_checked(&reply[..]).unwrap();
    assert_eq!(p.code(), Code::DisconnectAck);
    assert_eq!(p.identifier(), 7);
    assert!(verify_response_authenticator(
        &p,
        &req.authenticator,
        &secret
    ));
    assert_eq!(
        verify_message_authenticator(&p, Some(&req.authenticator), &secret),
        MessageAuthenticatorCheck::Valid
    );
    assert!(p.find(ERROR_CAUSE).is_none());
    assert_eq!(
        p.find(attr_type::EVENT_TIMESTAMP).unwrap().value,
        (NOW as u32).to_be_bytes()
    );

    let nak = encode_reply(&req, Some(ErrorCause::SessionContextNotFound), &secret, NOW);
    let p = Packet::new_checked(&nak[..]).unwrap();
    assert_eq!(p.code(), Code::DisconnectNak);
    assert_eq!(p.find(ERROR_CAUSE).unwrap().value, 503u32.to_be_bytes());
    assert!(verify_response_authenticator(
        &p,
        &req.authenticator,
        &secret
    ));
}

#[test]
fn wrong_secret_and_altered_attribute_are_dropped() {
    let forged = request(
        Code::DisconnectRequest,
        vec![Attribute::UserName(b"alice".to_vec())],
        "guess",
    );
    assert_eq!(
        verify(&forged, &DasPolicy::default()),
        Err(DropReason::BadAuthenticator)
    );
    // Signed, then one octet of User-Name changed.
    let mut altered = disconnect(vec![]);
    altered[22] ^= 1;
    assert_eq!(
        verify(&altered, &DasPolicy::default()),
        Err(DropReason::BadAuthenticator)
    );
    // A Message-Authenticator that does not match, under a good authenticator.
    let mut r = Repr::parse_bytes(&disconnect(vec![])).unwrap();
    r.attributes.push(Attribute::MessageAuthenticator([1; 16]));
    let mut bytes = r.to_bytes().unwrap();
    bytes[4..20].fill(0);
    let ra = auth::accounting_request_authenticator(
        &Packet::new_checked(&bytes[..]).unwrap(),
        &SharedSecret::from(SECRET),
    );
    bytes[4..20].copy_from_slice(&ra);
    assert_eq!(
        verify(&bytes, &DasPolicy::default()),
        Err(DropReason::BadMessageAuthenticator)
    );
}

#[test]
fn event_timestamp_window() {
    let policy = DasPolicy::default();
    for (ts, ok) in [
        (NOW - 300, true),
        (NOW + 300, true),
        (NOW - 301, false),
        (NOW + 301, false),
        (0, false),
    ] {
        let bytes = request(
            Code::DisconnectRequest,
            vec![
                Attribute::UserName(b"alice".to_vec()),
                Attribute::EventTimestamp(ts as u32),
            ],
            SECRET,
        );
        let got = verify(&bytes, &policy).map(|_| ());
        assert_eq!(
            got,
            if ok {
                Ok(())
            } else {
                Err(DropReason::StaleEventTimestamp)
            },
            "{ts}"
        );
    }
    let none = request(
        Code::DisconnectRequest,
        vec![Attribute::UserName(b"a".to_vec())],
        SECRET,
    );
    assert!(verify(&none, &policy).is_ok());
    let strict = DasPolicy {
        require_event_timestamp: true,
        ..policy
    };
    assert_eq!(
        verify(&none, &strict),
        Err(DropReason::MissingEventTimestamp)
    );
    // A 3-octet Event-Timestamp counts as none.
    let odd = request(
        Code::DisconnectRequest,
        vec![Attribute::Other {
            attr_type: 55,
            value: vec![1, 2, 3],
        }],
        SECRET,
    );
    assert_eq!(
        verify(&odd, &strict),
        Err(DropReason::MissingEventTimestamp)
    );
}

#[test]
fn message_authenticator_required_and_missing() {
    let policy = DasPolicy {
        require_message_authenticator: true,
        ..DasPolicy::default()
    };
    assert_eq!(
        verify(&disconnect(vec![]), &policy),
        Err(DropReason::MissingMessageAuthenticator)
    );
    let signed = disconnect(vec![Attribute::MessageAuthenticator([0; 16])]);
    assert!(verify(&signed, &policy).is_ok());
    let two = disconnect(vec![
        Attribute::MessageAuthenticator([0; 16]),
        Attribute::MessageAuthenticator([0; 16]),
    ]);
    assert_eq!(
        verify(&two, &DasPolicy::default()),
        Err(DropReason::BadMessageAuthenticator)
    );
}

#[test]
fn unknown_invalid_and_duplicate_attributes() {
    let unknown = verify(
        &disconnect(vec![Attribute::SessionTimeout(5)]),
        &DasPolicy::default(),
    );
    assert_eq!(
        unknown.unwrap().selectors,
        Err(ErrorCause::UnsupportedAttribute)
    );
    let bad_ip = disconnect(vec![Attribute::Other {
        attr_type: 4,
        value: vec![1, 2, 3],
    }]);
    assert_eq!(
        verify(&bad_ip, &DasPolicy::default()).unwrap().selectors,
        Err(ErrorCause::InvalidAttributeValue)
    );
    let bad_mac = request(
        Code::DisconnectRequest,
        vec![Attribute::CallingStationId(b"02-00-zz".to_vec())],
        SECRET,
    );
    assert_eq!(
        verify(&bad_mac, &DasPolicy::default()).unwrap().selectors,
        Err(ErrorCause::InvalidAttributeValue)
    );
    // Duplicates: the first counts, as hostapd's radius_msg_get_attr_ptr.
    let dup = disconnect(vec![Attribute::UserName(b"bob".to_vec())]);
    let sel = verify(&dup, &DasPolicy::default())
        .unwrap()
        .selectors
        .unwrap();
    assert_eq!(sel.user_name.as_deref(), Some(&b"alice"[..]));
}

#[test]
fn station_id_forms() {
    for s in [
        "02-00-00-00-02-00",
        "02:00:00:00:02:00",
        "020000000200",
        "0200.0000.0200",
        "02-00-00-00-02-00:x",
    ] {
        assert_eq!(parse_station_id(s.as_bytes()), Some(STA), "{s}");
    }
    for s in [
        "",
        "02-00-00-00-02",
        "02-00-00-00-02-0",
        "0g-00-00-00-02-00",
    ] {
        assert_eq!(parse_station_id(s.as_bytes()), None, "{s}");
    }
}

#[test]
fn nas_and_selection_rules() {
    let mut sel = Selectors {
        nas_identifier: Some(b"ap0".to_vec()),
        nas_ip_address: Some(Ipv4Addr::new(10, 0, 0, 1)),
        ..Selectors::default()
    };
    assert!(sel.nas_matches(Some(b"ap0"), Some(Ipv4Addr::new(10, 0, 0, 1))));
    assert!(!sel.nas_matches(Some(b"ap1"), Some(Ipv4Addr::new(10, 0, 0, 1))));
    assert!(!sel.nas_matches(Some(b"ap0"), None));
    // No session selector: nothing matches.
    let s = Session {
        mac: STA,
        ..Session::default()
    };
    assert_eq!(
        select(&sel, [(0, s)]),
        Err(ErrorCause::SessionContextNotFound)
    );
    sel.acct_session_id = Some(b"30B3BFDBACE80530".to_vec());
    let a = Session {
        acct_session_id: Some(b"30B3BFDBACE80530"),
        ..s
    };
    let b = Session {
        mac: MacAddr([9; 6]),
        ..a
    };
    assert_eq!(select(&sel, [(0, a), (1, s)]), Ok(0));
    assert_eq!(
        select(&sel, [(0, a), (1, b)]),
        Err(ErrorCause::MultipleSessionSelectionUnsupported)
    );
    sel.cui = Some(b"cui".to_vec());
    assert_eq!(
        select(&sel, [(0, a)]),
        Err(ErrorCause::SessionContextNotFound)
    );
}

#[test]
fn coa_is_nakked_and_other_codes_dropped() {
    let coa = request(
        Code::CoaRequest,
        vec![Attribute::UserName(b"alice".to_vec())],
        SECRET,
    );
    let req = verify(&coa, &DasPolicy::default()).unwrap();
    assert_eq!(req.kind, DasKind::Coa);
    assert_eq!(req.selectors, Err(ErrorCause::UnsupportedService));
    let reply = encode_reply(
        &req,
        Some(ErrorCause::UnsupportedService),
        &SharedSecret::from(SECRET),
        NOW,
    );
    assert_eq!(
        Packet::new_checked(&reply[..]).unwrap().code(),
        Code::CoaNak
    );
    let acct = request(Code::AccountingRequest, vec![], SECRET);
    assert_eq!(
        verify(&acct, &DasPolicy::default()),
        Err(DropReason::UnexpectedCode)
    );
    let mut counters = DasCounters::default();
    counters.count_drop(DropReason::UnexpectedCode);
    counters.count_reply(DasKind::Coa, Some(ErrorCause::UnsupportedService));
    assert_eq!((counters.unexpected_code, counters.coa_naks), (1, 1));
}

#[test]
fn truncated_and_garbled_packets_never_panic() {
    let bytes = disconnect(vec![Attribute::MessageAuthenticator([0; 16])]);
    for n in 0..bytes.len() {
        assert!(verify(&bytes[..n], &DasPolicy::default()).is_err());
    }
    for i in 0..bytes.len() {
        for x in [0x01, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= x;
            let _ = verify(&b, &DasPolicy::default());
            let _ = selectors(&b);
        }
    }
}
