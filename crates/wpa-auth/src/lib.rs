//! The WPA2 authenticator (AP side) of the 4-way handshake and the group key
//! handshake (IEEE 802.11-2020 12.7.6 and 12.7.7), sans-IO.
//!
//! No sockets, no clock, no threads: time is an [`std::time::Instant`]
//! argument and randomness comes from a caller's `RngCore + CryptoRng`
//! (`rand::rngs::OsRng` in the daemon, a seeded generator in tests).
//! Behaviour follows hostapd's `src/ap/wpa_auth.c` (`wpa_receive`,
//! `SM_STATE(WPA_PTK, ...)`, `SM_STATE(WPA_PTK_GROUP, ...)`).
//!
//! - [`GroupKeys`] (one per BSS): GTK and IGTK with their Key IDs and
//!   packet numbers; [`GroupKeys::rekey`] makes the next ones.
//! - [`PtkStateMachine`] (one per station): the 4-way handshake, then group
//!   key handshakes. Every call returns the [`Action`]s to carry out.
//!
//! How the daemon drives a station:
//!
//! | when | call | then |
//! |---|---|---|
//! | BSS start | [`GroupKeys::generate`], [`GroupKeys::installs`] | install the GTK/IGTK |
//! | (re)association with an RSNE, PMK known | [`PtkStateMachine::new`], [`PtkStateMachine::start`] | send message 1 |
//! | the same, several PSKs may match (`wpa_psk_file`) | [`PtkStateMachine::with_pmk_candidates`] | as above; [`AuthEvent::PmkSelected`] tells which one matched |
//! | EAPOL-Key frame from the station | [`PtkStateMachine::handle_eapol_key`] | message 3, or install PTK + authorize |
//! | timer at [`PtkStateMachine::poll_timeout`] | [`PtkStateMachine::handle_timeout`] | retransmit or deauthenticate |
//! | GTK rekey timer | [`GroupKeys::rekey`], then [`PtkStateMachine::start_group_rekey`] per authorized station | install new keys, group message 1 |
//! | disassociation | drop the state machine | its keys zeroize |
//!
//! ```
//! use std::time::Instant;
//! use rand::rngs::OsRng;
//! use roamd_eapol::ProtocolVersion;
//! use roamd_wpa::{Akm, CipherSuite, MacAddr, Pmk};
//! use roamd_wpa_auth::{Action, GroupKeys, PtkStateMachine, RetryPolicy, StationParams};
//!
//! let rsne = vec![0x30, 0x14, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0, 0];
//! let gk = GroupKeys::generate(&mut OsRng, CipherSuite::Ccmp128, Some(CipherSuite::BipCmac128))?;
//! let mut sta = PtkStateMachine::new(
//!     StationParams {
//!         aa: MacAddr([2, 0, 0, 0, 0, 0]),
//!         spa: MacAddr([2, 0, 0, 0, 2, 0]),
//!         akm: Akm::Psk,
//!         pairwise_cipher: CipherSuite::Ccmp128,
//!         group_cipher: CipherSuite::Ccmp128,
//!         sta_rsne: rsne.clone(),
//!         ap_rsne: rsne,
//!         pmk: Pmk::from_slice(&[0x45; 32])?,
//!         pmkid: None,
//!         mfp: false,
//!         eapol_version: ProtocolVersion::V2004,
//!         ft: None,
//!     },
//!     RetryPolicy::default(),
//! )?;
//! let now = Instant::now();
//! for action in sta.start(now, &mut OsRng, &gk) {
//!     match action {
//!         Action::SendEapol(frame) => assert_eq!(frame.len(), 99), // message 1
//!         other => unreachable!("{other:?}"),
//!     }
//! }
//! assert_eq!(sta.poll_timeout(), Some(now + std::time::Duration::from_millis(100)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! KRACK-class protections (CVE-2017-13077 ff.): the PTK is installed
//! exactly once, on the first verified message 4; replay counters are never
//! reused; a repeated message 2 or 4 never re-derives or re-installs keys.

// Frames from stations must never be able to panic the daemon: no
// indexing or unwrap in library code.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![forbid(unsafe_code)]

mod action;
mod config;
mod counters;
mod error;
mod frames;
mod ft;
mod ft_transition;
mod group_keys;
pub mod reason;
mod replay;
mod rx;
mod state_machine;

pub use action::{Action, AuthEvent, KeyMessage};
pub use config::{RetryPolicy, StationParams};
pub use counters::StaCounters;
pub use error::Error;
pub use ft::{fte_element, FtAssociation};
pub use ft_transition::{FtAp, FtAuthRequest, FtPending};
pub use group_keys::{GroupKeyInstall, GroupKeys};
pub use state_machine::{GroupKeyState, PtkState, PtkStateMachine};
