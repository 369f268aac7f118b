//! Zero-copy IEEE 802.11 management frame and information element parser/builder.
//!
//! Sans-IO and allocation-free for parsing: every parser borrows the received bytes and
//! checks every length, so no input can make it panic. Builders append to a `Vec<u8>`.
//!
//! Layout follows smoltcp: a typed view (`Beacon<T: AsRef<[u8]>>`, ...) with `new_checked`
//! and accessors, plus a plain `Repr` struct with `parse`, `buffer_len` and `emit`.
//!
//! Entry points:
//! - [`ManagementFrame::parse`] for a received frame, [`ManagementFrame::to_bytes`] to build one;
//! - [`Elements`] to read information elements, [`ElementWriter`] to build them.
//!
//! ```
//! use roamd_ieee80211::{
//!     element::{Akm, ElementWriter, Elements, Rate},
//!     Aid, AssocResponseRepr, Body, CapabilityInfo, MacAddr, ManagementFrame, StatusCode,
//! };
//!
//! // An Association Request as received from nl80211 (no FCS).
//! let rx = hex::decode(concat!(
//!     "00003a01020000000000020000000200020000000000c000310405000008726f616d2d70736b",
//!     "010802040b160c12182432043048606c301a0100000fac040100000fac040100000fac028000",
//!     "0000000fac06",
//! )).unwrap();
//! let frame = ManagementFrame::parse(&rx).unwrap();
//! let Body::AssocRequest(req) = frame.body else { unreachable!() };
//! assert_eq!(req.elements.ssid(), Some(&b"roam-psk"[..]));
//! let rsne = req.elements.rsne().unwrap().expect("RSNE present");
//! assert!(rsne.akms().unwrap().contains(Akm::Psk));
//! let rates: Vec<Rate> = req.elements.supported_rates().collect();
//!
//! // The Association Response.
//! let mut ies = Vec::new();
//! ElementWriter::new(&mut ies)
//!     .supported_rates(&rates).unwrap()
//!     .extended_supported_rates(&rates).unwrap();
//! let bssid: MacAddr = "02:00:00:00:00:00".parse().unwrap();
//! let tx = ManagementFrame::new(frame.header.sa, bssid, bssid, Body::AssocResponse(
//!     AssocResponseRepr {
//!         capabilities: CapabilityInfo::ESS | CapabilityInfo::PRIVACY,
//!         status: StatusCode::Success,
//!         aid: Aid::new(1).unwrap(),
//!         elements: Elements::new(&ies),
//!     },
//! )).to_bytes();
//! assert_eq!(&tx[28..30], &[0x01, 0xc0]); // AID field with bits 14 and 15 set
//! ```
#![deny(missing_docs)]
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

mod error;
mod wire;

#[cfg(test)]
mod testdata;

pub mod action;
pub mod body;
pub mod capability;
pub mod element;
pub mod frame;
pub mod frame_control;
pub mod header;
pub mod mac_addr;
pub mod reason;
pub mod sae;
pub mod status;

pub use body::{
    Action, ActionRepr, Aid, AssocRequest, AssocRequestRepr, AssocResponse, AssocResponseRepr,
    AuthAlgorithm, Authentication, AuthenticationRepr, Beacon, BeaconRepr, ProbeRequest,
    ProbeRequestRepr, ProbeResponseRepr, ReasonBody, ReasonBodyRepr, ReassocRequest,
    ReassocRequestRepr,
};
pub use capability::CapabilityInfo;
pub use element::{Element, ElementWriter, Elements, Rate, RawElement};
pub use error::Error;
pub use frame::{Body, ManagementFrame};
pub use frame_control::{FrameControl, FrameFlags, FrameType, ManagementSubtype};
pub use header::{Header, HeaderRepr};
pub use mac_addr::MacAddr;
pub use reason::ReasonCode;
pub use status::StatusCode;

/// Result alias with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;
