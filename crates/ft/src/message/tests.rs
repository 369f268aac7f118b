use super::*;
use crate::testdata::TRACE_MESSAGES;
use roamd_wpa::{Akm, PmkR0};

fn key() -> RrbKey {
    RrbKey::from_slice(&core::array::from_fn::<u8, 32, _>(|i| i as u8)).unwrap()
}

const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

// Every message hostapd sent or received in the FT-PSK and FT-EAP traces
// opens with the configured key, its plaintext is what hostapd logged, and
// sealing the decoded message again gives hostapd's octets (AES-SIV is
// deterministic).
#[test]
fn every_trace_message_decodes_and_reseals_byte_exact() {
    assert_eq!(TRACE_MESSAGES.len(), 14);
    for t in TRACE_MESSAGES {
        let bytes = h(t.message);
        let subtype = Subtype::from(t.subtype);
        let src = MacAddr(t.src);
        let msg = KeyHolderMessage::parse(&bytes).unwrap();
        let plain = msg.open(&key(), src, subtype).unwrap();
        assert_eq!(hex::encode(&*plain), t.plain, "{}", t.at);
        let repr = msg.decode(&key(), src, subtype).unwrap();
        assert_eq!(repr.subtype(), subtype, "{}", t.at);
        assert_eq!(repr.auth.r0kh_id, b"ap0.example.net", "{}", t.at);
        assert_eq!(repr.auth.r1kh_id, AP1, "{}", t.at);
        assert_eq!(
            hex::encode(repr.seal(&key(), src).unwrap()),
            t.message,
            "{}",
            t.at
        );
    }
}

#[test]
fn pull_and_response_fields_from_ft_psk_trace() {
    let pull = TRACE_MESSAGES
        .iter()
        .find(|t| t.at.starts_with("ft-psk") && t.subtype == 1)
        .unwrap();
    let bytes = h(pull.message);
    let m = KeyHolderMessage::parse(&bytes)
        .unwrap()
        .decode(&key(), AP1, Subtype::Pull)
        .unwrap();
    assert_eq!(
        m.auth.nonce,
        Some(h("88d8e69c8abac264313b3cb4f55a9744").try_into().unwrap())
    );
    assert_eq!(
        m.auth.seq,
        Some(Seq {
            dom: 0x1ba9_7b45,
            seq: 0x6dee_2f6a,
            ts: 13
        })
    );
    let r0_name = PmkR0Name(h("4dead139599056f7a77de6ffabfc3002").try_into().unwrap());
    assert_eq!(
        m.body,
        Body::Pull {
            pmk_r0_name: r0_name,
            s1kh_id: STA
        }
    );

    let resp = TRACE_MESSAGES
        .iter()
        .find(|t| t.at.starts_with("ft-psk") && t.subtype == 2)
        .unwrap();
    let bytes = h(resp.message);
    let m = KeyHolderMessage::parse(&bytes)
        .unwrap()
        .decode(&key(), AP0, Subtype::Resp)
        .unwrap();
    let Body::Resp {
        s1kh_id,
        session: Some(s),
    } = m.body
    else {
        panic!("not a positive response")
    };
    assert_eq!(s1kh_id, STA);
    // The PMK-R1 AP0 sent is the one derived from the trace's PMK-R0 for
    // R1KH-ID AP1 (test-vectors.md has the R1 for AP0).
    let r0 = PmkR0::from_slice(&h(
        "03af7b919961cbb7e1c62ebedf30511f94b970f278540f1bca516cf9567b109b",
    ))
    .unwrap();
    let r1 = roamd_wpa::ft::derive_pmk_r1(&r0, Akm::FtPsk, &AP1, &STA).unwrap();
    assert_eq!(s.pmk_r1, r1);
    assert_eq!(
        s.pmk_r1_name,
        roamd_wpa::ft::pmk_r1_name(&r0_name, Akm::FtPsk, &AP1, &STA).unwrap()
    );
    assert_eq!(s.pairwise, 0x10);
    // 1209597 s left of the 14-day lifetime, truncated to 16 bits by hostapd.
    assert_eq!(s.expires_in, 29949);
    assert_eq!(s.session_timeout, 0);
    assert!(s.identity.is_empty() && s.radius_cui.is_empty() && s.vlan.is_empty());
}

#[test]
fn ft_eap_response_carries_the_identity() {
    let resp = TRACE_MESSAGES
        .iter()
        .find(|t| t.at.starts_with("ft-eap") && t.subtype == 2)
        .unwrap();
    let bytes = h(resp.message);
    let m = KeyHolderMessage::parse(&bytes)
        .unwrap()
        .decode(&key(), AP0, Subtype::Resp)
        .unwrap();
    let Body::Resp {
        session: Some(s), ..
    } = m.body
    else {
        panic!("not a positive response")
    };
    assert_eq!(s.identity, b"alice");
}

#[test]
fn tampered_misaddressed_and_padded_messages() {
    let t = &TRACE_MESSAGES[2];
    let bytes = h(t.message);
    let (src, st) = (MacAddr(t.src), Subtype::from(t.subtype));
    // Any flipped bit, in the auth TLVs or the sealed part.
    for i in [2, 10, 40, bytes.len() - 20, bytes.len() - 1] {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        let m = KeyHolderMessage::parse(&bad).unwrap();
        assert_eq!(m.open(&key(), src, st), Err(Error::Unauthenticated), "{i}");
    }
    let m = KeyHolderMessage::parse(&bytes).unwrap();
    assert_eq!(m.open(&key(), AP0, st), Err(Error::Unauthenticated));
    assert_eq!(
        m.open(&key(), src, Subtype::Push),
        Err(Error::Unauthenticated)
    );
    let other = RrbKey::from_slice(&[7; 32]).unwrap();
    assert_eq!(m.open(&other, src, st), Err(Error::Unauthenticated));
    // Two octets of Ethernet padding are tolerated, as in hostapd.
    let mut padded = bytes.clone();
    padded.extend_from_slice(&[0, 0]);
    let m = KeyHolderMessage::parse(&padded).unwrap();
    assert!(m.open(&key(), src, st).is_ok());
    padded.push(0);
    let m = KeyHolderMessage::parse(&padded).unwrap();
    assert_eq!(m.open(&key(), src, st), Err(Error::Unauthenticated));
    // Truncated.
    assert_eq!(KeyHolderMessage::parse(&bytes[..1]), Err(Error::Truncated));
    assert_eq!(KeyHolderMessage::parse(&bytes[..30]), Err(Error::Truncated));
    let m = KeyHolderMessage::parse(&bytes[..bytes.len() - 40]).unwrap();
    assert_eq!(m.open(&key(), src, st), Err(Error::Unauthenticated));
}

fn session() -> Session {
    Session {
        pmk_r1: PmkR1::from_slice(&[0x11; 48]).unwrap(),
        pmk_r1_name: PmkR1Name([0x22; 16]),
        pairwise: 0x10,
        expires_in: 3600,
        session_timeout: 7200,
        identity: b"bob".to_vec(),
        radius_cui: b"cui".to_vec(),
        vlan: Vlan {
            untagged: Some(10),
            tagged: vec![20, 30],
        },
    }
}

#[test]
fn push_nak_and_padding_round_trip() {
    let auth = AuthRepr {
        nonce: None,
        seq: Some(Seq {
            dom: 3,
            seq: 4,
            ts: 5,
        }),
        r0kh_id: b"r0",
        r1kh_id: AP1,
    };
    let push = MessageRepr {
        auth,
        body: Body::Push {
            s1kh_id: STA,
            pmk_r0_name: PmkR0Name([0x33; 16]),
            session: session(),
        },
    };
    let bytes = push.seal(&key(), AP0).unwrap();
    let back = KeyHolderMessage::parse(&bytes)
        .unwrap()
        .decode(&key(), AP0, Subtype::Push)
        .unwrap();
    assert_eq!(back, push);

    // A NAK is exactly 64 octets; a SEQ_REQ is padded to 64 with a type-0 TLV.
    let nak = MessageRepr {
        auth: AuthRepr {
            nonce: Some([9; 16]),
            seq: None,
            r0kh_id: b"r0",
            r1kh_id: AP1,
        },
        body: Body::Resp {
            s1kh_id: STA,
            session: None,
        },
    };
    let bytes = nak.seal(&key(), AP0).unwrap();
    assert_eq!(bytes.len(), MIN_MESSAGE_LEN);
    let m = KeyHolderMessage::parse(&bytes).unwrap();
    assert!(m.auth_tlvs().find(TlvType::Padding).is_none());
    assert_eq!(m.decode(&key(), AP0, Subtype::Resp).unwrap(), nak);
    let mut seq_req = nak.clone();
    seq_req.body = Body::SeqReq;
    let bytes = seq_req.seal(&key(), AP0).unwrap();
    assert_eq!(bytes.len(), MIN_MESSAGE_LEN);
    let m = KeyHolderMessage::parse(&bytes).unwrap();
    assert_eq!(m.auth_tlvs().find(TlvType::Padding), Some(&[0u8; 6][..]));
    assert_eq!(m.decode(&key(), AP0, Subtype::SeqReq).unwrap(), seq_req);
    // Padding that would be under a TLV header is a whole header.
    let mut almost = seq_req.clone();
    almost.auth.r0kh_id = b"1234567890"; // 62 octets unpadded
    let bytes = almost.seal(&key(), AP0).unwrap();
    assert_eq!(bytes.len(), 66);
    assert_eq!(
        KeyHolderMessage::parse(&bytes)
            .unwrap()
            .decode(&key(), AP0, Subtype::SeqReq)
            .unwrap(),
        almost
    );
}

#[test]
fn malformed_bodies_are_rejected() {
    let auth = AuthRepr {
        nonce: Some([1; 16]),
        seq: Some(Seq {
            dom: 1,
            seq: 2,
            ts: 3,
        }),
        r0kh_id: b"r0",
        r1kh_id: AP1,
    };
    // A PUSH without PAIRWISE is not a NAK: it is rejected.
    let mut plain = Vec::new();
    TlvWriter::new(&mut plain)
        .push(TlvType::S1khId, &STA.0)
        .unwrap()
        .push(TlvType::PmkR0Name, &[0; 16])
        .unwrap();
    assert_eq!(
        Body::parse(Subtype::Push, &plain),
        Err(Error::MissingTlv(11))
    );
    assert_eq!(
        Body::parse(Subtype::Pull, &plain[..10]),
        Err(Error::MissingTlv(7))
    );
    // A PMK-R1 of 20 octets.
    let mut plain = Vec::new();
    TlvWriter::new(&mut plain)
        .push(TlvType::S1khId, &STA.0)
        .unwrap()
        .push(TlvType::PmkR1, &[0; 20])
        .unwrap()
        .push(TlvType::PmkR1Name, &[0; 16])
        .unwrap()
        .push(TlvType::Pairwise, &[0x10, 0])
        .unwrap();
    assert_eq!(
        Body::parse(Subtype::Resp, &plain),
        Err(Error::MissingTlv(10))
    );
    // Auth part: R0KH-ID too long, R1KH-ID missing, SEQ of the wrong size.
    let mut a = Vec::new();
    TlvWriter::new(&mut a)
        .push(TlvType::R0khId, &[b'x'; 49])
        .unwrap();
    TlvWriter::new(&mut a)
        .push(TlvType::R1khId, &AP1.0)
        .unwrap();
    assert_eq!(AuthRepr::parse(Tlvs::new(&a)), Err(Error::MissingTlv(4)));
    let mut a = Vec::new();
    auth.emit(&mut a).unwrap();
    assert_eq!(AuthRepr::parse(Tlvs::new(&a)), Ok(auth));
    assert_eq!(
        AuthRepr::parse(Tlvs::new(&a[..a.len() - 10])),
        Err(Error::MissingTlv(5))
    );
    let mut a = Vec::new();
    TlvWriter::new(&mut a)
        .push(TlvType::Seq, &[0; 8])
        .unwrap()
        .push(TlvType::R0khId, b"r0")
        .unwrap()
        .push(TlvType::R1khId, &AP1.0)
        .unwrap();
    assert_eq!(AuthRepr::parse(Tlvs::new(&a)), Err(Error::MissingTlv(1)));
    let mut long = auth;
    long.r0kh_id = &[b'y'; 49];
    assert_eq!(
        MessageRepr {
            auth: long,
            body: Body::SeqReq
        }
        .seal(&key(), AP0),
        Err(Error::FieldLength)
    );
}
