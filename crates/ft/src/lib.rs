//! 802.11r key distribution between APs, interoperable with hostapd 2.10.
//!
//! hostapd's APs hand PMK-R1s to each other with a vendor protocol of their
//! own (`src/ap/wpa_auth_ft.c`), not the 802.11r RRB: Ethernet frames of
//! type 0x88b7 with hostapd's OUI `00:13:74`, a subtype (pull, response,
//! push, sequence request, sequence response) and TLV lists, partly
//! plaintext and authenticated, partly AES-SIV-encrypted under the key of an
//! `r0kh=`/`r1kh=` line. FT-over-DS Action frames travel between APs in
//! ethertype 0x890d frames, unprotected. This crate implements both:
//!
//! - wire codecs, zero-copy views plus `Repr`s that parse and emit:
//!   [`frame`] (0x88b7 header, [`Transmit`]), [`tlv`], [`message`]
//!   (sealing and opening with [`roamd_wpa::rrb`]), [`over_ds`] (0x890d);
//! - [`KeyHolder`], the sans-IO state machine of one BSS as R0KH and R1KH:
//!   PMK-R0/PMK-R1 caches, pull with hostapd's retries and timeouts, push,
//!   per-peer sequence numbers with hostapd's sequence request exchange,
//!   wildcard peers and learning, every remotely created state bounded;
//! - [`config`]: the `r0kh=`/`r1kh=` line syntax and hostapd's timers.
//!
//! A pull between two key holders in one process:
//!
//! ```
//! use std::time::Instant;
//! use rand::{rngs::StdRng, SeedableRng};
//! use roamd_ft::config::{parse_r0kh, parse_r1kh};
//! use roamd_ft::{Event, KeyHolder, KeyHolderConfig, PmkR0Params, PmkR1Lookup, PmkR1Request};
//! use roamd_ieee80211::MacAddr;
//! use roamd_wpa::{Akm, PmkR0, PmkR0Name};
//!
//! let key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
//! let (ap0, ap1, sta) = (MacAddr([2, 0, 0, 0, 0, 0]), MacAddr([2, 0, 0, 0, 1, 0]), MacAddr([2, 0, 0, 0, 2, 0]));
//! let mut c0 = KeyHolderConfig::new(ap0, b"ap0.example.net");
//! c0.r1kh.push(parse_r1kh(&format!("{ap1} {ap1} {key}")).unwrap());
//! let mut c1 = KeyHolderConfig::new(ap1, b"ap1.example.net");
//! c1.r0kh.push(parse_r0kh(&format!("{ap0} ap0.example.net {key}")).unwrap());
//! let (now, mut rng) = (Instant::now(), StdRng::seed_from_u64(1));
//! let (mut r0kh, mut r1kh) = (KeyHolder::new(c0, now), KeyHolder::new(c1, now));
//!
//! // AP0 did the station's initial mobility domain association.
//! let pmk_r0_name = PmkR0Name([0x4d; 16]);
//! r0kh.store_pmk_r0(now, PmkR0Params {
//!     sta, pmk_r0: PmkR0::from_slice(&[7; 32]).unwrap(), pmk_r0_name, pairwise: 0x10,
//!     session_timeout: None, identity: vec![], radius_cui: vec![], vlan: Default::default(),
//! });
//! // The station roams to AP1, which pulls the PMK-R1.
//! let req = PmkR1Request { sta, akm: Akm::FtPsk, r0kh_id: b"ap0.example.net", pmk_r0_name };
//! assert_eq!(r1kh.request_pmk_r1(now, &mut rng, &req), PmkR1Lookup::Pending);
//! // The I/O driver carries frames both ways until nothing is left.
//! loop {
//!     let mut moved = false;
//!     while let Some(t) = r1kh.poll_transmit() {
//!         r0kh.handle_oui_frame(now, &mut rng, ap1, t.dst, &t.payload);
//!         moved = true;
//!     }
//!     while let Some(t) = r0kh.poll_transmit() {
//!         r1kh.handle_oui_frame(now, &mut rng, ap0, t.dst, &t.payload);
//!         moved = true;
//!     }
//!     if !moved { break; }
//! }
//! let Some(Event::PmkR1Available { entry, .. }) = r1kh.poll_event() else { panic!() };
//! assert_eq!(entry.sta, sta);
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// Frames from other APs must never be able to panic the daemon: no indexing
// or unwrap in library code.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

pub mod cache;
pub mod config;
pub mod error;
pub mod frame;
pub mod key_holder;
pub mod message;
pub mod over_ds;
mod seq;
pub mod tlv;
mod wire;

#[cfg(test)]
mod testdata;

pub use cache::{PmkR0Entry, PmkR1Entry, PmkR1Origin};
pub use config::{KeyHolderConfig, Limits, R0khEntry, R1khEntry, Timers};
pub use error::{Error, ParseKeyHolderError};
pub use frame::{Subtype, Transmit, ETHERTYPE_OUI, ETHERTYPE_RRB};
pub use key_holder::{
    Event, KeyHolder, PeerCounters, PeerId, PeerStatus, PmkR0Params, PmkR1Lookup, PmkR1Request,
    PullFailure, Stats,
};
