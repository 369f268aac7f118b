//! EAP packet parsing and re-emission.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roamd_eapol::{EapPacket, EapRepr, ProtocolVersion};

fuzz_target!(|data: &[u8]| {
    let view = EapPacket::new_unchecked(data);
    let _ = (view.code(), view.identifier(), view.eap_type(), view.type_data(), view.data());
    if let Ok(repr) = EapRepr::parse_bytes(data) {
        let out = repr.to_vec().expect("parsed packet re-emits");
        // Bytes after Length are padding; the rest is reproduced exactly.
        assert_eq!(&out[..], view.packet());
        assert_eq!(EapRepr::parse_bytes(&out).expect("re-emitted packet parses"), repr);
        let _ = (repr.identity(), repr.expanded());
        let framed = repr.to_eapol(ProtocolVersion::V2004).expect("fits an eapol frame");
        assert_eq!(&framed[4..], &out[..]);
    }
});
