//! ManagementFrame::parse on arbitrary bytes, then re-emit and re-parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roamd_ieee80211::action::{BtmRepr, FtActionRepr, RadioMeasurementRepr, SaQueryRepr};
use roamd_ieee80211::sae::SaeAuth;
use roamd_ieee80211::{Body, ManagementFrame};

fuzz_target!(|data: &[u8]| {
    let Ok(m) = ManagementFrame::parse(data) else {
        return;
    };
    let out = m.to_bytes();
    assert_eq!(out.len(), m.buffer_len());
    // Re-emitting is lossless except for the AID's two top bits (always set on emit).
    let again = ManagementFrame::parse(&out).expect("re-parse of emitted frame");
    assert_eq!(again.to_bytes(), out);
    if !matches!(m.body, Body::AssocResponse(_) | Body::ReassocResponse(_)) {
        assert_eq!(out, data);
    }
    match m.body {
        Body::Authentication(a) => {
            let _ = SaeAuth::parse(&a);
            let _ = a.elements().typed().count();
        }
        Body::Action(a) | Body::ActionNoAck(a) => {
            if let Ok(f) = FtActionRepr::from_action(&a) {
                let b = f.to_bytes().expect("emit parsed ft action");
                assert_eq!(FtActionRepr::parse_bytes(&b), Ok(f));
            }
            let _ = SaQueryRepr::from_action(&a);
            if let Ok(r) = RadioMeasurementRepr::from_action(&a) {
                assert_eq!(r.to_bytes()[1..], *a.body);
            }
            if let Ok(b) = BtmRepr::from_action(&a) {
                assert_eq!(b.to_bytes()[1..], *a.body);
            }
        }
        _ => {}
    }
});
