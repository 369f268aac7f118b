//! Property tests: parsing arbitrary bytes never panics; emitted packets
//! round-trip; any change to a signed reply is caught.

use proptest::prelude::*;
use roamd_radius::auth::{self, MessageAuthenticatorCheck};
use roamd_radius::{
    mppe, tunnel, AccessAccept, Attribute, Code, Packet, Repr, SharedSecret, TunnelMediumType,
    TunnelType,
};

fn raw_attr() -> impl Strategy<Value = (u8, Vec<u8>)> {
    (any::<u8>(), proptest::collection::vec(any::<u8>(), 0..40))
}

fn attribute() -> impl Strategy<Value = Attribute> {
    let bytes = || proptest::collection::vec(any::<u8>(), 0..60);
    prop_oneof![
        bytes().prop_map(Attribute::UserName),
        any::<u32>().prop_map(Attribute::NasPort),
        any::<[u8; 4]>().prop_map(|a| Attribute::NasIpAddress(a.into())),
        any::<u32>().prop_map(|v| Attribute::ServiceType(v.into())),
        bytes().prop_map(Attribute::State),
        bytes().prop_map(Attribute::Class),
        (any::<u32>(), bytes())
            .prop_map(|(vendor_id, data)| Attribute::VendorSpecific { vendor_id, data }),
        any::<u32>().prop_map(Attribute::SessionTimeout),
        any::<u32>().prop_map(|v| Attribute::AcctStatusType(v.into())),
        (0u8..0x20, 0u32..0x100_0000).prop_map(|(tag, v)| Attribute::TunnelType {
            tag,
            value: TunnelType::from(v)
        }),
        (0u8..0x20, 0u32..0x100_0000).prop_map(|(tag, v)| Attribute::TunnelMediumType {
            tag,
            value: TunnelMediumType::from(v)
        }),
        (0u8..0x20, proptest::collection::vec(0x20u8.., 0..10)).prop_map(|(tag, value)| {
            Attribute::TunnelPrivateGroupId {
                tag: Some(tag),
                value,
            }
        }),
        proptest::collection::vec(any::<u8>(), 0..800).prop_map(Attribute::EapMessage),
        any::<[u8; 16]>().prop_map(Attribute::MessageAuthenticator),
        any::<[u8; 16]>().prop_map(|a| Attribute::NasIpv6Address(a.into())),
        // A raw Message-Authenticator of the wrong size would make a signed
        // packet unverifiable by construction; the typed variant above covers it.
        raw_attr()
            .prop_filter("not Message-Authenticator", |(t, _)| *t != 80)
            .prop_map(|(t, v)| Attribute::parse(t, &v)),
    ]
}

fn repr() -> impl Strategy<Value = Repr> {
    (
        any::<u8>(),
        any::<u8>(),
        any::<[u8; 16]>(),
        proptest::collection::vec(attribute(), 0..12),
    )
        .prop_map(|(code, identifier, authenticator, attributes)| Repr {
            code: Code::from(code),
            identifier,
            authenticator,
            attributes,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), ra in any::<[u8; 16]>()) {
        let secret = SharedSecret::from("testing123");
        let p = Packet::new_unchecked(&bytes[..]);
        let _ = (p.code(), p.identifier(), p.length(), p.authenticator(), p.as_bytes());
        let _ = p.attributes().count();
        let _ = auth::verify_response_authenticator(&p, &ra, &secret);
        let _ = auth::verify_message_authenticator(&p, Some(&ra), &secret);
        let _ = mppe::decrypt_mppe_key(&bytes, &ra, &secret);
        let _ = mppe::find_vendor_subattr(&bytes, 17);
        if let Ok(r) = Repr::parse_bytes(&bytes) {
            let _ = AccessAccept::parse(&r, &ra, &secret);
            let _ = tunnel::vlan_id(&r.attributes);
            let _ = r.eap_message();
            // A packet that parsed emits back to its own octets.
            prop_assert_eq!(r.to_bytes().unwrap(), p.as_bytes());
        }
        let mut buf = bytes.clone();
        let _ = auth::sign_access_request(&mut buf, &secret);
        let _ = auth::sign_accounting_request(&mut buf, &secret);
        let _ = auth::sign_response(&mut buf, &ra, &secret);
    }

    #[test]
    fn well_formed_packets_round_trip(
        code in any::<u8>(), id in any::<u8>(), auth in any::<[u8; 16]>(),
        attrs in proptest::collection::vec(raw_attr(), 0..20),
        padding in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        let mut bytes = vec![code, id, 0, 0];
        bytes.extend_from_slice(&auth);
        for (t, v) in &attrs {
            bytes.push(*t);
            bytes.push(v.len() as u8 + 2);
            bytes.extend_from_slice(v);
        }
        let len = bytes.len() as u16;
        bytes[2..4].copy_from_slice(&len.to_be_bytes());
        let exact = bytes.clone();
        bytes.extend_from_slice(&padding);
        let r = Repr::parse_bytes(&bytes).unwrap();
        prop_assert_eq!(r.attributes.len(), attrs.len());
        prop_assert_eq!(r.to_bytes().unwrap(), exact);
    }

    #[test]
    fn emitted_reprs_round_trip(r in repr()) {
        match r.to_bytes() {
            Ok(bytes) => {
                prop_assert_eq!(bytes.len(), r.buffer_len());
                let back = Repr::parse_bytes(&bytes).unwrap();
                prop_assert_eq!(back.to_bytes().unwrap(), bytes);
                prop_assert_eq!(back.eap_message(), r.eap_message());
                prop_assert_eq!((back.code, back.identifier, back.authenticator), (r.code, r.identifier, r.authenticator));
            }
            Err(_) => prop_assert!(r.check().is_err()),
        }
    }

    #[test]
    fn any_bit_flip_in_a_signed_reply_is_caught(
        attrs in proptest::collection::vec(attribute(), 0..5),
        ra in any::<[u8; 16]>(),
        bit in any::<usize>(),
    ) {
        let secret = SharedSecret::from("testing123");
        let mut r = Repr::new(Code::AccessAccept, 1);
        r.attributes = attrs.into_iter().filter(|a| !matches!(a, Attribute::MessageAuthenticator(_))).collect();
        r.attributes.insert(0, Attribute::MessageAuthenticator([0; 16]));
        let Ok(mut bytes) = r.to_bytes() else { return Ok(()) };
        auth::sign_response(&mut bytes, &ra, &secret).unwrap();
        let ok = Packet::new_checked(&bytes[..]).unwrap();
        prop_assert!(auth::verify_response_authenticator(&ok, &ra, &secret));
        prop_assert_eq!(auth::verify_message_authenticator(&ok, Some(&ra), &secret), MessageAuthenticatorCheck::Valid);
        let bit = bit % (bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
        if let Ok(p) = Packet::new_checked(&bytes[..]) {
            let caught = !auth::verify_response_authenticator(&p, &ra, &secret)
                || auth::verify_message_authenticator(&p, Some(&ra), &secret) != MessageAuthenticatorCheck::Valid;
            prop_assert!(caught);
        }
    }
}
