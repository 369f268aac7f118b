//! The DAS side: any datagram through verify_request with each policy,
//! either as is (mostly refused by authentication) or re-signed with the
//! client's secret (first octet's bit 0), so the attribute checks, the
//! session selection and the reply are reached too. Never panics; a
//! request that verifies gets a reply that is a well-formed, signed packet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roamd_radius::auth::{sign_accounting_request, verify_response_authenticator};
use roamd_radius::das::{self, DasPolicy, Session};
use roamd_radius::{Packet, SharedSecret};

const NOW: u64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let secret = SharedSecret::from("das-secret");
    let mut datagram = bytes.to_vec();
    if mode & 1 != 0 {
        let _ = sign_accounting_request(&mut datagram, &secret);
    }
    let policy = DasPolicy {
        time_window: u32::from(mode >> 3) * 10,
        require_event_timestamp: mode & 2 != 0,
        require_message_authenticator: mode & 4 != 0,
    };
    let Ok(request) = das::verify_request(&datagram, &secret, NOW, &policy) else {
        return;
    };
    let error = match &request.selectors {
        Ok(selectors) => {
            let _ = selectors.nas_matches(Some(b"ap0"), None);
            let sessions = [
                (
                    (),
                    Session {
                        mac: [2, 0, 0, 0, 2, 0].into(),
                        user_name: Some(b"alice"),
                        ..Session::default()
                    },
                ),
                (
                    (),
                    Session {
                        mac: [2, 0, 0, 0, 3, 0].into(),
                        acct_session_id: Some(b"0123456789ABCDEF"),
                        ..Session::default()
                    },
                ),
            ];
            das::select(selectors, sessions).err()
        }
        Err(cause) => Some(*cause),
    };
    let reply = das::encode_reply(&request, error, &secret, NOW);
    let p = Packet::new_checked(&reply[..]).expect("a well-formed reply");
    assert!(verify_response_authenticator(
        &p,
        &request.authenticator,
        &secret
    ));
});
