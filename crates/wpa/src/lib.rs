//! The WPA/RSN key hierarchy of an authenticator, as pure functions.
//!
//! Everything here is sans-IO: no clock, no sockets, no randomness. Callers
//! pass keys, addresses and nonces in and get keys, names and MICs out.
//!
//! What is covered (clauses of IEEE Std 802.11-2020):
//!
//! - passphrase to PSK, PBKDF2-HMAC-SHA1 (J.4, [`psk`]);
//! - PRF-n over HMAC-SHA1 (12.7.1.2, [`prf`]) and KDF-Hash-Length over
//!   HMAC-SHA-256/384 (12.7.1.6.2, [`kdf`]);
//! - AKM and cipher suite properties ([`akm`], [`cipher`]);
//! - PTK derivation for the 4-way handshake (12.7.1.3, [`ptk`]);
//! - PMKID (12.7.1.3, [`pmkid`]);
//! - EAPOL-Key MIC (12.7.2, [`mic`]);
//! - AES key wrap of EAPOL-Key Key Data with 802.11 padding ([`keywrap`]);
//! - the FT key hierarchy and FT MIC (12.7.1.7 and 13.8.4, [`ft`]);
//! - AES-SIV sealing of FT key-holder (RRB) messages as hostapd does ([`rrb`]).
//!
//! Secrets live in types from [`secret`] that zeroize on drop, compare in
//! constant time and print `<redacted>`.
//!
//! A 4-way handshake as the authenticator sees it:
//!
//! ```
//! use roamd_wpa::{mic, psk, ptk, pmkid, keywrap, Akm, AkmExt, CipherSuite, MacAddr, Pmk};
//!
//! let akm = Akm::Psk;
//! let pmk = Pmk::from(&psk::psk_from_passphrase(b"correct horse battery", b"roam-psk")?);
//! let (aa, spa) = (MacAddr([2, 0, 0, 0, 0, 0]), MacAddr([2, 0, 0, 0, 2, 0]));
//! let id = pmkid::pmkid(&pmk, &aa, &spa, akm)?; // PMKID KDE of message 1/4
//! # let (anonce, snonce) = ([1u8; 32], [2u8; 32]);
//! // Message 2/4 carries the SNonce: derive the PTK and check its MIC.
//! let ptk = ptk::derive_ptk(&pmk, akm, CipherSuite::Ccmp128, &aa, &spa, &anonce, &snonce)?;
//! let alg = akm.mic_algorithm().expect("known akm");
//! # let mut msg2 = vec![0u8; 121];
//! # mic::write_eapol_key_mic(ptk.kck(), alg, &mut msg2, mic::EAPOL_KEY_MIC_OFFSET)?;
//! mic::verify_eapol_key_frame(ptk.kck(), alg, &msg2, mic::EAPOL_KEY_MIC_OFFSET)?;
//! // Message 3/4: wrap the GTK KDE with the KEK, then MIC the frame.
//! let key_data = keywrap::wrap_key_data(ptk.kek(), &[0xdd, 0x16, 0x00, 0x0f, 0xac, 0x01, 1, 0, /* GTK */ 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7])?;
//! assert_eq!(key_data.len(), 32);
//! # let _ = id;
//! # Ok::<(), roamd_wpa::Error>(())
//! ```
//!
//! Behaviour follows hostapd (`src/common/wpa_common.c`) wherever the
//! standard leaves a choice, so that hostapd-era peers interoperate.

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

pub mod akm;
pub mod cipher;
pub mod error;
pub mod ft;
pub mod hash;
pub mod kdf;
pub mod keywrap;
pub mod mic;
pub mod pmkid;
pub mod prf;
pub mod psk;
pub mod ptk;
pub mod rrb;
pub mod secret;

pub use akm::{Akm, AkmExt, KeyDescriptorVersion, PtkKdf};
pub use cipher::{CipherExt, CipherSuite};
pub use error::Error;
pub use ft::{FtMicInput, PmkR0Derivation, PmkR0Name, PmkR1Name, PtkName};
pub use hash::HashAlg;
pub use kdf::KdfHash;
pub use mic::{Mic, MicAlgorithm, MicKey};
pub use pmkid::Pmkid;
pub use ptk::{Ptk, PtkLayout};
pub use rrb::RrbKey;
pub use secret::{Gtk, Igtk, Pmk, PmkR0, PmkR1, Psk, SecretBytes, SecretVec, XxKey};

/// A 48-bit IEEE MAC address (AA, SPA, BSSID, R1KH-ID, S0KH-ID, ...); the workspace's one type.
pub use roamd_ieee80211::MacAddr;

/// A 256-bit EAPOL-Key / FT nonce (ANonce, SNonce).
pub type Nonce = [u8; 32];

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;
