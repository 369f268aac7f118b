//! Zero-copy parsers and builders for the EAPOL and EAP wire formats an
//! IEEE 802.11 authenticator sends and receives. No I/O and no crypto.
//!
//! Layers, each a view `XPacket<T: AsRef<[u8]>>` over a buffer plus a plain
//! `XRepr` with `parse`, `buffer_len` and `emit`:
//!
//! - [`EapolPacket`] / [`EapolRepr`]: the EAPOL header (IEEE 802.1X-2010 11.3);
//! - [`EapPacket`] / [`EapRepr`]: an EAP packet (RFC 3748 4);
//! - [`EapolKeyPacket`] / [`EapolKeyRepr`]: the EAPOL-Key frame
//!   (IEEE 802.11-2020 12.7.2), whose MIC length is a parameter;
//! - [`KeyDataIter`] / [`KeyDataItem`] / [`Kde`]: elements and KDEs in the
//!   (decrypted) Key Data field.
//!
//! [`EapolFrame::parse`] classifies a received frame in one call.
//!
//! Safety contract: no function panics on input bytes. Views made with
//! `new_checked` guarantee every accessor has its bytes; views made with
//! `new_unchecked` return zeros or empty slices for missing bytes.
//!
//! Building message 1 of the 4-way handshake, then filling a MIC:
//!
//! ```
//! use roamd_eapol::{
//!     write_mic, EapolKeyRepr, KeyDescriptorType, KeyDescriptorVersion, KeyInfo, ProtocolVersion,
//! };
//!
//! let key_info = KeyInfo::KEY_TYPE | KeyInfo::KEY_ACK;
//! let m1 = EapolKeyRepr {
//!     key_length: 16,
//!     replay_counter: 1,
//!     key_nonce: [0x7c; 32],
//!     ..EapolKeyRepr::new(
//!         KeyDescriptorType::Rsn,
//!         key_info.with_descriptor_version(KeyDescriptorVersion::HmacSha1Aes),
//!     )
//! };
//! let mut frame = m1.to_frame(ProtocolVersion::V2004, 16).unwrap();
//! assert_eq!(&frame[..7], &[0x02, 0x03, 0x00, 0x5f, 0x02, 0x00, 0x8a]);
//! // For message 3 the caller computes the MIC over `frame` now (MIC zeroed)
//! // and stores it:
//! write_mic(&mut frame, &[0xaa; 16]).unwrap();
//! assert_eq!(&frame[roamd_eapol::mic_range(16)], &[0xaa; 16]);
//! ```
//!
//! Receiving message 2 and reading what the authenticator checks:
//!
//! ```
//! use roamd_eapol::{
//!     mic_input, push_element, EapolBody, EapolFrame, EapolKeyRepr, KeyDataIter,
//!     KeyDescriptorType, KeyInfo, ProtocolVersion,
//! };
//!
//! # let mut key_data = Vec::new();
//! # push_element(&mut key_data, 48, &[1, 0]).unwrap();
//! # let received = EapolKeyRepr {
//! #     replay_counter: 1,
//! #     key_nonce: [0x22; 32],
//! #     key_mic: &[0x15; 16],
//! #     key_data: &key_data,
//! #     ..EapolKeyRepr::new(KeyDescriptorType::Rsn, KeyInfo::from_bits(0x010a))
//! # }
//! # .to_frame(ProtocolVersion::V2001, 16)
//! # .unwrap();
//! let mic_len = 16; // from the negotiated AKM
//! match EapolFrame::parse(&received, mic_len).unwrap().body {
//!     EapolBody::Key(m2) => {
//!         assert!(m2.key_info.key_mic() && m2.key_info.is_pairwise());
//!         assert_eq!(m2.replay_counter, 1);
//!         let snonce = m2.key_nonce;
//!         let rsne = KeyDataIter::new(m2.key_data).find_element(48);
//!         assert_eq!(rsne, Some(&[1, 0][..]));
//!         // MIC check input: the frame with Key MIC zeroed; compare the
//!         // computed MIC with `m2.key_mic`.
//!         let input = mic_input(&received, mic_len).unwrap();
//! #       let _ = (snonce, input);
//!     }
//!     EapolBody::Eap(_eap) => { /* to the EAP server or RADIUS relay */ }
//!     EapolBody::Start | EapolBody::Logoff | EapolBody::Other { .. } => {}
//! }
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

mod bytes;
mod eap;
mod eapol;
mod error;
mod frame;
mod kde;
mod key;
mod key_info;
#[cfg(test)]
mod testdata;

pub use eap::{EapCode, EapPacket, EapRepr, EapType};
pub use eapol::{eapol_frame, EapolPacket, EapolRepr, PacketType, ProtocolVersion};
pub use error::{Error, Result};
pub use frame::{EapolBody, EapolFrame};
pub use kde::{
    pad_key_data, push_element, ErrorKde, GtkKde, IgtkKde, Kde, KdeType, KeyDataItem, KeyDataIter,
    OciKde, KDE_OUI, VENDOR_SPECIFIC,
};
pub use key::{
    mic_input, mic_range, write_mic, EapolKeyPacket, EapolKeyRepr, KeyDescriptorType,
    KEY_FIXED_LEN, MIC_OFFSET,
};
pub use key_info::{KeyDescriptorVersion, KeyInfo};

/// EAP header length (RFC 3748 4).
pub const EAP_HEADER_LEN: usize = eap::HEADER_LEN;
/// EAPOL header length (IEEE 802.1X-2010 11.3).
pub const EAPOL_HEADER_LEN: usize = eapol::HEADER_LEN;
