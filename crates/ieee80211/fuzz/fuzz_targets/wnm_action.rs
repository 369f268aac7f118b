//! Radio Measurement and BSS Transition Management bodies (Category
//! first): parse, re-emit, re-parse; and the elements they carry.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roamd_ieee80211::action::rrm::{BeaconReport, BeaconRequest, Measurement};
use roamd_ieee80211::action::{BtmRepr, RadioMeasurementRepr};
use roamd_ieee80211::body::ActionRepr;
use roamd_ieee80211::element::{id, NeighborReport};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = RadioMeasurementRepr::parse_bytes(data) {
        let out = r.to_bytes();
        assert_eq!(out, data);
        let a = ActionRepr::from_bytes(data).expect("an action body");
        assert_eq!(RadioMeasurementRepr::from_action(&a), Ok(r));
        for m in Measurement::reports(r.elements).flatten() {
            let _ = BeaconReport::parse(m.body);
        }
        for e in r.elements.find_all(id::MEASUREMENT_REQUEST) {
            if let Ok(m) = Measurement::parse(id::MEASUREMENT_REQUEST, e.data()) {
                assert_eq!(m.to_data(), e.data());
                if let Ok(b) = BeaconRequest::parse(m.body) {
                    assert_eq!(b.to_data(), m.body);
                }
            }
        }
        for e in r.elements.find_all(id::NEIGHBOR_REPORT) {
            if let Ok(n) = NeighborReport::parse(e.data()) {
                assert_eq!(n.to_data(), e.data());
            }
        }
    }
    if let Ok(b) = BtmRepr::parse_bytes(data) {
        let out = b.to_bytes();
        assert_eq!(out, data);
        let a = ActionRepr::from_bytes(data).expect("an action body");
        assert_eq!(BtmRepr::from_action(&a), Ok(b));
    }
});
