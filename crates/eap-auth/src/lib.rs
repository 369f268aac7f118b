//! Sans-IO IEEE 802.1X authenticator for one station, in EAP pass-through
//! mode: EAP between the station (EAPOL) and a RADIUS server, as hostapd's
//! ieee802_1x.c, eapol_auth_sm.c and eap_server.c run it for WPA2/WPA3
//! Enterprise with an external server.
//!
//! The authenticator does the local EAP-Request/Identity exchange, then
//! relays every EAP-Response in an Access-Request (User-Name, State echoed)
//! and every EAP-Request of an Access-Challenge back, retransmitting to the
//! station with EAP's back-off. It reports the outcome as [`Action`]s: an
//! [`AuthSuccess`] with the MSK (the daemon derives PMK = MSK\[0..32\] and
//! runs the 4-way handshake) or a [`FailureReason`]. It never touches a
//! socket or a clock: the RADIUS client core (`roamd-radius`) transmits,
//! retransmits and fails over; the daemon moves frames and `Instant`s.
//!
//! ```
//! use std::time::Instant;
//! use roamd_eap_auth::{Action, EapAuthConfig, EapAuthenticator};
//! use roamd_ieee80211::MacAddr;
//! use roamd_radius::{AccessChallenge, NasInfo, Reply};
//!
//! let config = EapAuthConfig::default();
//! let sta = MacAddr([2, 0, 0, 0, 2, 0]);
//! let nas = NasInfo { nas_identifier: Some(b"ap0".to_vec()), ..NasInfo::default() };
//! let mut auth = EapAuthenticator::new(&config, sta, nas).with_initial_identifier(128);
//! let now = Instant::now();
//!
//! // At association: EAP-Request/Identity.
//! let actions = auth.start(now);
//! assert!(actions.contains(&Action::SendEapol(vec![2, 0, 0, 5, 1, 128, 0, 5, 1])));
//!
//! // The station answers "alice": an Access-Request for the RADIUS client.
//! let resp = [1, 0, 0, 10, 2, 128, 0, 10, 1, b'a', b'l', b'i', b'c', b'e'];
//! let actions = auth.handle_eapol(now, &resp);
//! let Some(Action::SendRadius { id, request }) = actions.first() else { panic!() };
//! assert_eq!(request.user_name, b"alice");
//!
//! // The server challenges: its EAP-Request goes to the station.
//! let challenge = AccessChallenge {
//!     eap_message: Some(vec![1, 129, 0, 6, 25, 0x20]),
//!     state: Some(b"st".to_vec()),
//!     session_timeout: None,
//!     reply_messages: vec![],
//! };
//! let actions = auth.handle_radius(now, *id, Reply::Challenge(challenge));
//! assert_eq!(actions, [Action::SendEapol(vec![2, 0, 0, 6, 1, 129, 0, 6, 25, 0x20])]);
//! assert!(auth.poll_timeout().is_some()); // retransmission timer armed
//! ```
#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![forbid(unsafe_code)]
// Input bytes must never be able to panic the daemon: no indexing or unwrap in library
// code (length arithmetic is on slice lengths plus small constants, so cannot overflow).
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod action;
mod authenticator;
mod config;
mod context;
mod counters;
mod event;
#[cfg(test)]
mod testdata;

pub use action::{
    Action, AuthSuccess, FailureReason, RadiusRequestId, REASON_IEEE_802_1X_AUTH_FAILED,
    REASON_PREV_AUTH_NOT_VALID,
};
pub use authenticator::{AuthState, EapAuthenticator};
pub use config::EapAuthConfig;
pub use context::RequestContext;
pub use counters::Dot1xCounters;
pub use event::EapEvent;
