//! Passphrase and hex PSKs (IEEE 802.11-2020 J.4).
//!
//! ```text
//! PSK = PBKDF2(HMAC-SHA1, passphrase, ssid, 4096, 256 bits)
//! ```
//! hostapd's `wpa_passphrase=` takes 8..=63 printable ASCII characters and
//! `wpa_psk=` takes 64 hex digits; both end up here.

use sha1::Sha1;
use zeroize::Zeroize;

use crate::error::Error;
use crate::secret::Psk;
use crate::Result;

/// PBKDF2 iteration count (J.4.1).
pub const PBKDF2_ITERATIONS: u32 = 4096;

/// Shortest passphrase, in characters.
pub const PASSPHRASE_MIN_LEN: usize = 8;

/// Longest passphrase, in characters (64 would be read as a hex PSK).
pub const PASSPHRASE_MAX_LEN: usize = 63;

/// Longest SSID, in octets.
pub const SSID_MAX_LEN: usize = 32;

/// Checks a passphrase: 8..=63 octets, each printable ASCII (32..=126).
pub fn validate_passphrase(passphrase: &[u8]) -> Result<()> {
    if !(PASSPHRASE_MIN_LEN..=PASSPHRASE_MAX_LEN).contains(&passphrase.len()) {
        return Err(Error::PassphraseLength(passphrase.len()));
    }
    match passphrase.iter().position(|b| !(32..=126).contains(b)) {
        Some(i) => Err(Error::PassphraseChar(i)),
        None => Ok(()),
    }
}

/// Derives the PSK from a passphrase and SSID (PBKDF2-HMAC-SHA1, 4096, 32 octets).
///
/// The passphrase is validated first; the SSID must be 1..=32 octets.
pub fn psk_from_passphrase(passphrase: &[u8], ssid: &[u8]) -> Result<Psk> {
    validate_passphrase(passphrase)?;
    if ssid.is_empty() || ssid.len() > SSID_MAX_LEN {
        return Err(Error::SsidLength(ssid.len()));
    }
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha1>(passphrase, ssid, PBKDF2_ITERATIONS, &mut out);
    let psk = Psk::from_array(out);
    out.zeroize();
    Ok(psk)
}

/// Parses a raw PSK written as 64 hex digits (either case).
pub fn parse_psk_hex(hex: &str) -> Result<Psk> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return Err(Error::PskHex);
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        match (
            pair.first().and_then(|c| nibble(*c)),
            pair.get(1).and_then(|c| nibble(*c)),
        ) {
            (Some(hi), Some(lo)) => *byte = hi << 4 | lo,
            _ => {
                out.zeroize();
                return Err(Error::PskHex);
            }
        }
    }
    let psk = Psk::from_array(out);
    out.zeroize();
    Ok(psk)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn psk_hex(pass: &[u8], ssid: &[u8]) -> String {
        hex::encode(psk_from_passphrase(pass, ssid).unwrap().as_bytes())
    }

    // IEEE 802.11 Annex J.4 test vectors.
    #[test]
    fn annex_j4_vector_1() {
        assert_eq!(
            psk_hex(b"password", b"IEEE"),
            "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"
        );
    }

    #[test]
    fn annex_j4_vector_2() {
        assert_eq!(
            psk_hex(b"ThisIsAPassword", b"ThisIsASSID"),
            "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"
        );
    }

    #[test]
    fn annex_j4_vector_3() {
        assert_eq!(
            psk_hex(&[b'a'; 32], &[b'Z'; 32]),
            "becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62"
        );
    }

    // traces/psk-connect and traces/ft-psk configs.
    #[test]
    fn trace_psks() {
        assert_eq!(
            psk_hex(b"correct horse battery", b"roam-psk"),
            "451b1f9ecdfcaa59bb4a43c10555f134e519f0b2613c42671846ca0651bccf22"
        );
        assert_eq!(
            psk_hex(b"correct horse battery", b"roam-ft"),
            "a9575a4af2667aecc2e3d5166d63971e8c0a610ea830739ba01fc64af571a221"
        );
    }

    #[test]
    fn passphrase_validation() {
        assert_eq!(
            validate_passphrase(b"1234567"),
            Err(Error::PassphraseLength(7))
        );
        assert_eq!(
            validate_passphrase(&[b'x'; 64]),
            Err(Error::PassphraseLength(64))
        );
        assert_eq!(validate_passphrase(b"12345678"), Ok(()));
        assert_eq!(validate_passphrase(&[b'~'; 63]), Ok(()));
        assert_eq!(
            validate_passphrase(b"abc\tdefgh"),
            Err(Error::PassphraseChar(3))
        );
        assert_eq!(
            validate_passphrase("pässwörd".as_bytes()),
            Err(Error::PassphraseChar(1))
        );
        assert_eq!(
            psk_from_passphrase(b"password", b""),
            Err(Error::SsidLength(0))
        );
        assert_eq!(
            psk_from_passphrase(b"password", &[0; 33]),
            Err(Error::SsidLength(33))
        );
    }

    #[test]
    fn hex_psk() {
        let h = "F42C6FC52DF0EBEF9EBB4B90B38A5F902E83FE1B135A70E23AED762E9710a12e";
        let psk = parse_psk_hex(h).unwrap();
        assert_eq!(psk, psk_from_passphrase(b"password", b"IEEE").unwrap());
        assert_eq!(parse_psk_hex(&h[1..]), Err(Error::PskHex));
        assert_eq!(parse_psk_hex(&h.replace('F', "g")), Err(Error::PskHex));
        assert_eq!(parse_psk_hex(""), Err(Error::PskHex));
    }

    proptest! {
        #[test]
        fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..80), s in ".{0,70}") {
            let _ = validate_passphrase(&bytes);
            let _ = parse_psk_hex(&s);
        }
    }
}
