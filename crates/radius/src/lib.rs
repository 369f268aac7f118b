//! RADIUS client for roamd's 802.1X authenticator.
//!
//! Layers, bottom up:
//! - the wire codec: [`Packet`] (zero-copy view) and [`Repr`] (owned), typed
//!   [`Attribute`]s (RFC 2865, 2866, 2868, 2869, 3162, 3579, 4372);
//! - packet crypto in [`auth`] (Request/Response Authenticators,
//!   Message-Authenticator) and [`mppe`] (RFC 2548 MS-MPPE keys);
//! - request builders ([`AccessRequest`], [`AccountingRequest`]) and response
//!   readers ([`AccessAccept`] with the MSK and VLAN, [`AccessChallenge`],
//!   [`AccessReject`]);
//! - [`Client`]: a sans-IO client core in the style of quinn-proto (the
//!   caller passes `Instant`s in and moves datagrams), with retransmission,
//!   failover and fail-back as hostapd's radius_client.c, but stricter: a
//!   reply is authenticated against its pending request before it changes any
//!   state (see [`client`]);
//! - [`das`]: the Dynamic Authorization Server side of RFC 5176
//!   (Disconnect-Request, CoA-Request), sans-IO and stateless;
//! - with the `tokio` feature, [`shell`]: one UDP socket per server driving
//!   the core.
//!
//! Nothing here panics on input octets.
//!
//! # Driving the core (what the 802.1X authenticator does)
//!
//! ```
//! use std::time::{Duration, Instant};
//! use roamd_ieee80211::MacAddr;
//! use roamd_radius::{
//!     AccessRequest, Client, ClientConfig, Event, NasInfo, Reply, ServerConfig, SharedSecret,
//! };
//!
//! let server = ServerConfig::new("127.0.0.1:1812".parse().unwrap(), SharedSecret::from("testing123"));
//! let config = ClientConfig { auth_servers: vec![server], ..ClientConfig::default() };
//! let mut client: Client<MacAddr> = Client::new(config, rand::rngs::OsRng).unwrap();
//!
//! // An EAP-Response/Identity from station 02:00:00:00:02:00.
//! let nas = NasInfo {
//!     nas_identifier: Some(b"ap0".to_vec()),
//!     bssid: MacAddr([2, 0, 0, 0, 0, 0]),
//!     ssid: b"roam-eap".to_vec(),
//!     ..NasInfo::default()
//! };
//! let sta = MacAddr([2, 0, 0, 0, 2, 0]);
//! let mut req = AccessRequest::new(nas, sta, "alice", vec![2, 0x80, 0, 10, 1, b'a', b'l', b'i', b'c', b'e']);
//! req.connect_info = Some(roamd_radius::builder::connect_info(54, "g"));
//! let now = Instant::now();
//! let handle = client.handle_send(now, &req.to_repr(), sta).unwrap();
//!
//! // Send what the core wants sent; sleep until its timer; feed it replies.
//! let t = client.poll_transmit().unwrap();
//! assert_eq!(t.server.port(), 1812);
//! assert_eq!(client.poll_timeout(), Some(now + Duration::from_secs(3)));
//! // ... socket.send_to(&t.payload, t.server); later, on receipt:
//! // client.handle_datagram(Instant::now(), from, t.server_id, &bytes);
//! // and when the timer fires: client.handle_timeout(Instant::now());
//! while let Some(event) = client.poll_event() {
//!     match event {
//!         Event::Response { token, reply: Reply::Challenge(ch), .. } => { /* EAP to `token`, keep ch.state */ }
//!         Event::Response { reply: Reply::Accept(Ok(accept)), .. } => { /* PMK = accept.msk[..32], accept.vlan */ }
//!         Event::Response { reply: Reply::Reject(_), .. } | Event::Timeout { .. } => { /* EAP-Failure */ }
//!         _ => {}
//!     }
//! }
//! # let _ = handle;
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

pub mod attribute;
pub mod auth;
pub mod builder;
pub mod client;
pub mod code;
pub mod das;
pub mod error;
pub mod mppe;
pub mod packet;
pub mod response;
pub mod secret;
pub mod tunnel;

#[cfg(feature = "tokio")]
pub mod shell;

pub use attribute::{attr_type, Attribute, AttributeIter, RawAttribute};
pub use auth::{Authenticator, MessageAuthenticatorCheck};
pub use builder::{
    called_station_id, encode_access_request, encode_accounting_request, station_id, AccessRequest,
    AccountingRequest, AcctCounters, NasInfo,
};
pub use client::{
    Client, ClientConfig, ConfigError, Event, FailoverReason, Reply, RequestHandle, SendError,
    ServerConfig, ServerId, ServerKind, ServerStats, Transmit,
};
pub use code::{
    AcctAuthentic, AcctStatusType, AcctTerminateCause, Code, NasPortType, ServiceType,
    TerminationAction, TunnelMediumType, TunnelType,
};
pub use error::{Error, Result};
pub use packet::{Packet, Repr};
pub use response::{AcceptError, AccessAccept, AccessChallenge, AccessReject};
pub use secret::{KeyMaterial, Msk, SharedSecret};
