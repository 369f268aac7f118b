//! Element iteration, typed parsing of every element, RSNE, FTE, HT and
//! WMM parsers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roamd_ieee80211::element::{
    Element, Elements, FteRepr, HtCapabilities, HtOperation, Mde, Rsne, TimeoutInterval, WmmInfo,
    WmmParameter,
};

fuzz_target!(|data: &[u8]| {
    let e = Elements::new(data);
    let _ = e.check();
    let mut out = Vec::new();
    for raw in e.iter() {
        let Ok(raw) = raw else { break };
        let mut raw_bytes = Vec::new();
        raw.emit(&mut raw_bytes);
        if let Ok(t) = raw.parse() {
            // A typed element re-encodes to exactly its original bytes.
            let mut typed = Vec::new();
            t.emit(&mut typed).expect("emit parsed element");
            assert_eq!(typed, raw_bytes);
        }
        out.extend_from_slice(&raw_bytes);
        match raw.parse() {
            Ok(Element::Rsne(r)) => {
                let repr = r.to_repr();
                let d = repr.to_data();
                if r.trailing().is_empty() {
                    assert_eq!(d, r.as_bytes());
                }
                assert_eq!(Rsne::new_checked(&d).map(|x| x.to_repr()), Ok(repr));
            }
            Ok(Element::FastBssTransition(d)) => {
                for mic in [16, 24, 32] {
                    if let Ok(f) = FteRepr::parse(d, mic) {
                        let mut o = Vec::new();
                        f.emit_data(&mut o).expect("emit parsed fte");
                        assert_eq!(o, d);
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
            // The HT and WMM views re-encode to the original bytes.
            Ok(Element::HtCapabilities(d)) => {
                let ht = HtCapabilities::parse(d).expect("26 octets parse");
                assert_eq!(ht.to_data(), d);
            }
            Ok(Element::HtOperation(d)) => {
                let op = HtOperation::parse(d).expect("22 octets parse");
                assert_eq!(op.to_data(), d);
            }
            Ok(Element::VendorSpecific(v)) => {
                let _ = WmmInfo::parse(&v).map(|w| (w.uapsd_queues(), w.max_sp()));
                if let Ok(p) = WmmParameter::parse(v.as_bytes()) {
                    let again = WmmParameter::parse(&p.to_data()).expect("re-parses");
                    assert_eq!(again, p);
                }
            }
            _ => {}
        }
    }
    // Whole-buffer parsers on the raw input too.
    if let Ok(r) = Rsne::new_checked(data) {
        let _ = r.to_repr().to_data();
    }
    for mic in [16, 24, 32] {
        let _ = FteRepr::parse(data, mic);
    }
    let _ = (Mde::parse(data), TimeoutInterval::parse(data));
    let _ = (HtCapabilities::parse(data), HtOperation::parse(data));
    let _ = WmmParameter::parse(data);
    let _ = (
        e.ssid(),
        e.supported_rates().count(),
        e.rsne(),
        e.mde(),
        e.timeout_interval(),
    );
    if e.check().is_ok() {
        assert_eq!(out, data);
    }
});
