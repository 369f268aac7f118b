//! Arbitrary EAPOL frames (and, interleaved, fake RADIUS outcomes and clock
//! ticks) fed to a started authenticator: nothing may panic.
//!
//! Input: a sequence of records `[op, len, bytes...]`. `op % 8` selects:
//! 0-3 an EAPOL frame of `len` bytes; 4 a Challenge whose EAP-Message is the
//! bytes; 5 an Accept (MSK if `len` is odd); 6 a Reject; 7 time advances by
//! `len * 100` ms and timers run.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use roamd_eap_auth::{AuthState, EapAuthConfig, EapAuthenticator};
use roamd_radius::{AccessAccept, AccessChallenge, AccessReject, Msk, NasInfo, Reply};

fuzz_target!(|data: &[u8]| {
    let config = EapAuthConfig {
        server_timeout: Some(Duration::from_secs(30)),
        request_cui: true,
        ..EapAuthConfig::default()
    };
    let mut auth = EapAuthenticator::new(&config, [2, 0, 0, 0, 2, 0].into(), NasInfo::default())
        .with_initial_identifier(data.first().copied().unwrap_or(0));
    let mut now = Instant::now();
    let _ = auth.start(now);
    let mut rest = data;
    while let [op, len, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (bytes, next) = tail.split_at(n);
        rest = next;
        let pending = auth.pending_radius();
        let _ = match (op % 8, pending) {
            (0..=3, _) => auth.handle_eapol(now, bytes),
            (4, Some(id)) => auth.handle_radius(
                now,
                id,
                Reply::Challenge(AccessChallenge {
                    eap_message: Some(bytes.to_vec()),
                    state: Some(vec![*len]),
                    session_timeout: bytes.first().map(|&b| u32::from(b)),
                    reply_messages: vec![],
                }),
            ),
            (5, Some(id)) => auth.handle_radius(
                now,
                id,
                Reply::Accept(Ok(Box::new(AccessAccept {
                    msk: (len % 2 == 1).then(|| Msk::new(vec![7; 64])),
                    session_timeout: bytes.first().map(|&b| u32::from(b)),
                    idle_timeout: None,
                    termination_action: None,
                    class: vec![],
                    chargeable_user_identity: Some(bytes.to_vec()),
                    vlan: None,
                    eap_message: Some(bytes.to_vec()),
                    acct_interim_interval: Some(u32::from(*len)),
                    user_name: Some(bytes.to_vec()),
                    reply_messages: vec![],
                }))),
            ),
            (6, Some(id)) => auth.handle_radius(
                now,
                id,
                Reply::Reject(AccessReject {
                    eap_message: Some(bytes.to_vec()),
                    reply_messages: vec![],
                }),
            ),
            (7, _) => {
                now += Duration::from_millis(u64::from(*len) * 100);
                auth.handle_timeout(now)
            }
            _ => auth.handle_eapol(now, bytes),
        };
        // Invariants the daemon relies on.
        assert_eq!(
            auth.pending_radius().is_some(),
            auth.state() == AuthState::Backend
        );
        if matches!(auth.state(), AuthState::Held | AuthState::Disconnected) {
            assert!(auth.poll_timeout().is_none() && !auth.is_authorized());
        }
    }
});
