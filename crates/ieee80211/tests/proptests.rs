//! Property tests: no parser panics on arbitrary bytes, and valid frames/elements round-trip.

use proptest::prelude::*;
use roamd_ieee80211::action::{FtActionCode, FtActionRepr, SaQueryRepr};
use roamd_ieee80211::body::ActionRepr;
use roamd_ieee80211::element::*;
use roamd_ieee80211::sae::{SaeAuth, SaeCommit, SaeConfirm};
use roamd_ieee80211::{Body, Header, HeaderRepr, ManagementFrame, StatusCode};

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

/// Exercises every accessor/helper of an element list.
fn touch_elements(e: Elements<'_>) {
    let _ = e.check();
    for t in e.typed().flatten() {
        let mut v = Vec::new();
        let _ = t.emit(&mut v);
        if let Element::Rsne(r) = t {
            let _ = r.to_repr().to_data();
            let _ = r.pmkids().map(|p| p.iter().count());
        }
        if let Element::FastBssTransition(d) = t {
            for mic in [16, 24, 32] {
                if let Ok(f) = FteRepr::parse(d, mic) {
                    let _ = (
                        f.gtk(),
                        f.igtk(),
                        f.bigtk(),
                        f.r0kh_id(),
                        f.r1kh_id(),
                        f.oci(),
                    );
                }
            }
        }
        if let Element::Tim(t) = t {
            let _ = t.partial_virtual_bitmap();
        }
        if let Element::Country(c) = t {
            let _ = c.triplets().count();
        }
    }
    let _ = (
        e.ssid(),
        e.supported_rates().count(),
        e.ds_channel(),
        e.rsne(),
        e.mde(),
    );
    let _ = (
        e.fte(),
        e.timeout_interval(),
        e.extended_capabilities().map(|c| c.bit(77)),
    );
    let _ = (
        e.wpa(),
        e.wmm(),
        e.ht_capabilities(),
        e.vht_capabilities(),
        e.rsnxe(),
    );
}

fn touch_frame(m: &ManagementFrame<'_>) {
    let _ = m.to_bytes();
    match m.body {
        Body::AssocRequest(r) => touch_elements(r.elements),
        Body::ReassocRequest(r) => touch_elements(r.elements),
        Body::AssocResponse(r) | Body::ReassocResponse(r) => touch_elements(r.elements),
        Body::ProbeRequest(r) => touch_elements(r.elements),
        Body::ProbeResponse(r) | Body::Beacon(r) => touch_elements(r.elements),
        Body::Authentication(a) => {
            touch_elements(a.elements());
            let _ = SaeAuth::parse(&a);
        }
        Body::Action(a) | Body::ActionNoAck(a) => {
            let _ = FtActionRepr::from_action(&a).map(|f| touch_elements(f.elements));
            let _ = SaQueryRepr::from_action(&a);
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn frame_parse_never_panics(mut f in bytes(400), subtype in 0u8..16, flags in any::<u8>()) {
        // Steer half the inputs to a management header so bodies get exercised.
        if f.len() >= 2 && f[0] & 1 == 0 {
            f[0] = subtype << 4;
            f[1] = flags;
        }
        if let Ok(m) = ManagementFrame::parse(&f) {
            touch_frame(&m);
        }
        let _ = Header::new_checked(&f[..]).map(|h| HeaderRepr::parse(&h));
    }

    #[test]
    fn element_parsers_never_panic(b in bytes(600)) {
        touch_elements(Elements::new(&b));
        let _ = Rsne::new_checked(&b).map(|r| r.to_repr().to_data());
        for mic in [0, 16, 24, 32] {
            let _ = FteRepr::parse(&b, mic);
        }
        let _ = (Mde::parse(&b), TimeoutInterval::parse(&b), RicData::parse(&b));
        let _ = (FtGtk::parse(&b), FtIgtk::parse(&b, 4));
        let _ = (FtActionRepr::parse_bytes(&b), SaQueryRepr::parse_bytes(&b));
        let _ = (SaeCommit::parse(&b, false), SaeCommit::parse(&b, true), SaeConfirm::parse(&b));
        for st in 0u8..16 {
            if let Ok(body) = Body::parse(st.into(), &b) {
                let mut out = vec![0; body.buffer_len()];
                let _ = body.emit(&mut out);
            }
        }
    }

    #[test]
    fn elements_round_trip(list in prop::collection::vec((any::<u8>(), bytes(256)), 0..12)) {
        let mut buf = Vec::new();
        for (id, data) in &list {
            if let Ok(e) = RawElement::new(*id, data) {
                e.emit(&mut buf);
            }
        }
        let e = Elements::new(&buf);
        prop_assert!(e.check().is_ok());
        let mut out = Vec::new();
        for raw in e.iter() {
            let raw = raw.unwrap();
            match raw.parse() {
                // typed element re-encodes to the exact bytes
                Ok(t) => t.emit(&mut out).unwrap(),
                Err(_) => raw.emit(&mut out),
            }
        }
        prop_assert_eq!(out, buf);
    }
}

fn cipher() -> impl Strategy<Value = CipherSuite> {
    (
        prop::sample::select(vec![[0u8, 0x0f, 0xac], [0, 0x50, 0xf2]]),
        any::<u8>(),
    )
        .prop_map(|(o, t)| CipherSuite::from_bytes([o[0], o[1], o[2], t]))
}

fn akm() -> impl Strategy<Value = Akm> {
    (
        prop::sample::select(vec![[0u8, 0x0f, 0xac], [0, 0x50, 0xf2]]),
        any::<u8>(),
    )
        .prop_map(|(o, t)| Akm::from_bytes([o[0], o[1], o[2], t]))
}

prop_compose! {
    /// An RSNE whose present fields form a prefix (so it is encodable exactly).
    fn rsne()(
        last in 0u8..=6,
        group in cipher(),
        pairwise in prop::collection::vec(cipher(), 0..4),
        akms in prop::collection::vec(akm(), 0..4),
        caps in any::<u16>(),
        pmkids in prop::collection::vec(any::<[u8; 16]>(), 0..3),
        gm in cipher(),
    ) -> RsneRepr {
        RsneRepr {
            group_cipher: (last >= 1).then_some(group),
            pairwise: (last >= 2).then_some(pairwise),
            akms: (last >= 3).then_some(akms),
            capabilities: (last >= 4).then_some(RsnCapabilities::from_bits_retain(caps)),
            pmkids: (last >= 5).then_some(pmkids),
            group_mgmt_cipher: (last >= 6).then_some(gm),
        }
    }
}

proptest! {
    #[test]
    fn rsne_round_trip(r in rsne()) {
        let d = r.to_data();
        prop_assert_eq!(d.len(), r.buffer_len());
        let parsed = Rsne::new_checked(&d).unwrap();
        prop_assert_eq!(parsed.to_repr(), r);
        prop_assert_eq!(parsed.to_repr().to_data(), d);
    }

    #[test]
    fn fte_round_trip(
        mic_len in prop::sample::select(vec![16usize, 24, 32]),
        flags in any::<u8>(), count in any::<u8>(),
        mic in any::<[u8; 32]>(), anonce in any::<[u8; 32]>(), snonce in any::<[u8; 32]>(),
        r1 in prop::option::of(any::<[u8; 6]>()),
        r0 in prop::option::of(prop::collection::vec(any::<u8>(), 1..=48)),
        gtk in prop::option::of((any::<u16>(), any::<u8>(), any::<[u8; 8]>(), prop::sample::select(vec![24usize, 32, 40]))),
        unknown in prop::option::of((7u8..=255, bytes(10))),
    ) {
        let mut sub = Vec::new();
        let mut w = ElementWriter::new(&mut sub);
        if let Some(r1) = r1 { w.raw(fte::subelement::R1KH_ID, &r1).unwrap(); }
        if let Some(r0) = &r0 { w.raw(fte::subelement::R0KH_ID, r0).unwrap(); }
        let key = [0x5a; 40];
        if let Some((ki, kl, rsc, wl)) = gtk {
            let g = FtGtk { key_info: ki, key_len: kl, rsc, wrapped_key: &key[..wl] };
            w.raw(fte::subelement::GTK, &g.to_data()).unwrap();
        }
        if let Some((id, d)) = &unknown { w.raw(*id, d).unwrap(); }
        let f = FteRepr {
            mic_control: MicControl { flags, element_count: count },
            mic: &mic[..mic_len],
            anonce,
            snonce,
            subelements: &sub,
        };
        let mut d = Vec::new();
        f.emit_data(&mut d).unwrap();
        let p = FteRepr::parse(&d, mic_len).unwrap();
        prop_assert_eq!(p, f);
        prop_assert_eq!(p.r0kh_id(), r0.as_deref());
        prop_assert_eq!(p.r1kh_id().map(|m| m.0), r1);
        prop_assert_eq!(p.gtk().is_some(), gtk.is_some());
    }

    #[test]
    fn fixed_elements_round_trip(a in any::<[u8; 3]>(), t in any::<u8>(), v in any::<u32>()) {
        let m = Mde::parse(&a).unwrap();
        prop_assert_eq!(m.to_data(), a);
        let ti = TimeoutInterval { kind: t.into(), value: v };
        prop_assert_eq!(TimeoutInterval::parse(&ti.to_data()), Ok(ti));
    }
}

/// Fixed-field length of each body layout we build below.
fn fixed_len(subtype: u8) -> Option<usize> {
    Some(match subtype {
        0 => 4,
        1 | 3 => 6,
        2 => 10,
        4 => 0,
        5 | 8 => 12,
        10 | 12 => 2,
        11 => 6,
        13 | 14 => 1,
        9 | 6 | 7 | 15 => 0,
        _ => return None,
    })
}

prop_compose! {
    /// A valid management frame built by hand (not by this crate's emitters).
    fn valid_frame()(
        subtype in prop::sample::select(vec![0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
        flags in any::<u8>(),
        rest_hdr in any::<[u8; 22]>(),
        htc in any::<[u8; 4]>(),
        fixed in any::<[u8; 12]>(),
        aid in 0u16..=2007,
        elems in prop::collection::vec((any::<u8>(), bytes(40)), 0..6),
        action_body in bytes(60),
    ) -> Vec<u8> {
        let mut f = vec![subtype << 4, flags];
        f.extend_from_slice(&rest_hdr);
        if flags & 0x80 != 0 {
            f.extend_from_slice(&htc);
        }
        let n = fixed_len(subtype).unwrap_or(0);
        let mut fx = fixed[..n].to_vec();
        if subtype == 1 || subtype == 3 {
            fx[4..6].copy_from_slice(&(aid | 0xc000).to_le_bytes());
        }
        f.extend_from_slice(&fx);
        if matches!(subtype, 13 | 14 | 6 | 7 | 9 | 15) {
            f.extend_from_slice(&action_body);
        } else {
            for (id, d) in &elems {
                f.push(*id);
                f.push(d.len() as u8);
                f.extend_from_slice(d);
            }
        }
        f
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn frames_round_trip(f in valid_frame()) {
        let m = ManagementFrame::parse(&f).unwrap();
        prop_assert_eq!(m.to_bytes(), f.clone());
        prop_assert_eq!(m.buffer_len(), f.len());
        // parse(emit(repr)) == repr
        let again = m.to_bytes();
        prop_assert_eq!(ManagementFrame::parse(&again).unwrap(), m);
    }

    #[test]
    fn ft_action_round_trip(
        code in 1u8..=4, sta in any::<[u8; 6]>(), ap in any::<[u8; 6]>(),
        status in any::<u16>(), elems in bytes(50),
    ) {
        let action = FtActionCode::from(code);
        let r = FtActionRepr {
            action,
            sta_addr: sta.into(),
            target_ap_addr: ap.into(),
            status: action.has_status().then_some(StatusCode::from(status)),
            elements: Elements::new(&elems),
        };
        let b = r.to_bytes().unwrap();
        prop_assert_eq!(FtActionRepr::parse_bytes(&b), Ok(r));
        let a = ActionRepr::from_bytes(&b).unwrap();
        prop_assert_eq!(FtActionRepr::from_action(&a), Ok(r));
    }
}
