//! AES key wrap of EAPOL-Key Key Data (RFC 3394; IEEE 802.11-2020 12.7.2).
//!
//! Key Data (GTK/IGTK KDEs, ...) is wrapped with the KEK: AES-128 for a
//! 16-octet KEK, AES-256 for a 32-octet one (SHA-384 AKMs). RFC 3394 needs
//! at least two 64-bit blocks, so 802.11 pads first: "if the Key Data field
//! length is less than 16 octets or not a multiple of 8, append 0xdd followed
//! by zero or more 0x00 octets" up to a multiple of 8 and at least 16.

use aes::{Aes128, Aes256};
use aes_kw::Kek;

use crate::error::Error;
use crate::secret::SecretVec;
use crate::Result;

/// The RFC 3394 integrity check block length.
pub const WRAP_OVERHEAD: usize = 8;

/// The first padding octet (the ID of a vendor-specific element).
pub const KEY_DATA_PAD: u8 = 0xdd;

/// Length of `len` octets of Key Data after 802.11 padding.
pub const fn padded_key_data_len(len: usize) -> usize {
    if len >= 16 && len % 8 == 0 {
        len
    } else if len < 16 {
        16
    } else {
        (len / 8 + 1) * 8
    }
}

/// Key Data with 802.11 padding appended (a zeroizing copy).
pub fn pad_key_data(key_data: &[u8]) -> SecretVec {
    let mut out = SecretVec::zeroed(padded_key_data_len(key_data.len()));
    let buf = out.as_mut_bytes();
    if let Some(dst) = buf.get_mut(..key_data.len()) {
        dst.copy_from_slice(key_data);
    }
    if let Some(pad) = buf.get_mut(key_data.len()) {
        *pad = KEY_DATA_PAD;
    }
    out
}

// Short-lived, on the stack; the AES key schedules zeroize on drop.
#[allow(clippy::large_enum_variant)]
enum AnyKek {
    Aes128(Kek<Aes128>),
    Aes256(Kek<Aes256>),
}

impl AnyKek {
    fn new(kek: &[u8]) -> Result<Self> {
        if let Ok(k) = <[u8; 16]>::try_from(kek) {
            Ok(Self::Aes128(Kek::from(k)))
        } else if let Ok(k) = <[u8; 32]>::try_from(kek) {
            Ok(Self::Aes256(Kek::from(k)))
        } else {
            Err(Error::KeyLength {
                what: "kek",
                len: kek.len(),
            })
        }
    }
}

/// Pads `key_data` (12.7.2) and wraps it with `kek` (16 or 32 octets).
///
/// The output is `padded_key_data_len(key_data.len()) + 8` octets, ready for
/// the Key Data field; Key Data Length is its length.
pub fn wrap_key_data(kek: &[u8], key_data: &[u8]) -> Result<Vec<u8>> {
    let kek = AnyKek::new(kek)?;
    let padded = pad_key_data(key_data);
    let mut out = vec![0u8; padded.len() + WRAP_OVERHEAD];
    let res = match &kek {
        AnyKek::Aes128(k) => k.wrap(padded.as_bytes(), &mut out),
        AnyKek::Aes256(k) => k.wrap(padded.as_bytes(), &mut out),
    };
    res.map_err(|_| Error::KeyDataLength(key_data.len()))?;
    Ok(out)
}

/// Appends the 802.11 padding to `key_data` in place.
///
/// Reserve [`padded_key_data_len`] first: a push past the capacity would
/// move the (secret) octets and free the old buffer without zeroizing it.
pub fn pad_key_data_in_place(key_data: &mut Vec<u8>) {
    let padded = padded_key_data_len(key_data.len());
    if padded > key_data.len() {
        key_data.push(KEY_DATA_PAD);
        key_data.resize(padded, 0);
    }
}

/// Wraps Key Data that is already padded (see [`pad_key_data_in_place`])
/// with `kek` (16 or 32 octets), without another copy of the plaintext.
///
/// Fails with [`Error::KeyDataLength`] unless `padded` is a multiple of 8
/// of at least 16 octets.
pub fn wrap_padded_key_data(kek: &[u8], padded: &[u8]) -> Result<Vec<u8>> {
    if padded_key_data_len(padded.len()) != padded.len() {
        return Err(Error::KeyDataLength(padded.len()));
    }
    let mut out = vec![0u8; padded.len() + WRAP_OVERHEAD];
    // Each key schedule built where it is used: no move of an enum sized
    // for AES-256 (once per message 3).
    let res = if let Ok(k) = <[u8; 16]>::try_from(kek) {
        Kek::<Aes128>::from(k).wrap(padded, &mut out)
    } else if let Ok(k) = <[u8; 32]>::try_from(kek) {
        Kek::<Aes256>::from(k).wrap(padded, &mut out)
    } else {
        return Err(Error::KeyLength {
            what: "kek",
            len: kek.len(),
        });
    };
    res.map_err(|_| Error::KeyDataLength(padded.len()))?;
    Ok(out)
}

/// Unwraps received Key Data with `kek` (16 or 32 octets).
///
/// The result keeps any 802.11 padding; the KDE parser stops at it, or use
/// [`strip_key_data_padding`]. Fails with [`Error::UnwrapFailed`] on a wrong
/// KEK or tampered data, [`Error::KeyDataLength`] unless the input is a
/// multiple of 8 of at least 24 octets.
pub fn unwrap_key_data(kek: &[u8], wrapped: &[u8]) -> Result<SecretVec> {
    let kek = AnyKek::new(kek)?;
    if wrapped.len() < 16 + WRAP_OVERHEAD || wrapped.len() % 8 != 0 {
        return Err(Error::KeyDataLength(wrapped.len()));
    }
    let mut out = SecretVec::zeroed(wrapped.len() - WRAP_OVERHEAD);
    let res = match &kek {
        AnyKek::Aes128(k) => k.unwrap(wrapped, out.as_mut_bytes()),
        AnyKek::Aes256(k) => k.unwrap(wrapped, out.as_mut_bytes()),
    };
    // On failure `out` may hold garbage plaintext; it zeroizes on drop.
    res.map_err(|_| Error::UnwrapFailed)?;
    Ok(out)
}

/// Unwrapped Key Data without its 802.11 padding.
///
/// Walks the elements/KDEs (ID, length, body) as hostapd's
/// `wpa_parse_kde_ies` does and stops at a 0xdd octet that is last or is
/// followed by a zero length, which is where padding starts. A malformed
/// trailing element is left in place for the parser to reject.
pub fn strip_key_data_padding(plain: &[u8]) -> &[u8] {
    let mut pos = 0usize;
    while let Some(&id) = plain.get(pos) {
        let len = plain.get(pos + 1).copied();
        if id == KEY_DATA_PAD && matches!(len, None | Some(0)) {
            return plain.get(..pos).unwrap_or(plain);
        }
        match len {
            Some(l) => pos += 2 + usize::from(l),
            None => break,
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_in_place_then_wrap_equals_wrap_key_data() {
        let kek = [0x11; 16];
        for len in [0usize, 7, 16, 22, 24, 82] {
            let data: Vec<u8> = (0..len as u8).map(|b| b | 1).collect();
            let mut padded = Vec::with_capacity(padded_key_data_len(len));
            padded.extend_from_slice(&data);
            let capacity = padded.capacity();
            pad_key_data_in_place(&mut padded);
            assert_eq!(padded.capacity(), capacity, "no reallocation");
            assert_eq!(padded, pad_key_data(&data).as_bytes());
            assert_eq!(
                wrap_padded_key_data(&kek, &padded).unwrap(),
                wrap_key_data(&kek, &data).unwrap()
            );
        }
        assert_eq!(
            wrap_padded_key_data(&kek, &[0; 20]),
            Err(Error::KeyDataLength(20))
        );
    }
    use proptest::prelude::*;

    // RFC 3394 section 4.1: 128 bits of key data with a 128-bit KEK.
    #[test]
    fn rfc3394_4_1() {
        let kek = hex::decode("000102030405060708090a0b0c0d0e0f").unwrap();
        let data = hex::decode("00112233445566778899aabbccddeeff").unwrap();
        let wrapped = wrap_key_data(&kek, &data).unwrap();
        assert_eq!(
            hex::encode(&wrapped),
            "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"
        );
        assert_eq!(
            unwrap_key_data(&kek, &wrapped).unwrap().as_bytes(),
            &data[..]
        );
    }

    // RFC 3394 section 4.6: 256 bits of key data with a 256-bit KEK.
    #[test]
    fn rfc3394_4_6() {
        let kek = hex::decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
            .unwrap();
        let data = hex::decode("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f")
            .unwrap();
        let wrapped = wrap_key_data(&kek, &data).unwrap();
        assert_eq!(
            hex::encode(&wrapped),
            "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"
        );
    }

    // traces/psk-connect: message 3/4 Key Data (RSNE, GTK KDE, IGTK KDE; 76
    // octets, padded to 80) wrapped with the KEK (ap.log 428 and 437,
    // wpa_supplicant.log 680 and 685).
    const MSG3_PLAIN: &str = "30140100000fac040100000fac040100000fac028000dd16000fac01010097a2582e7ade407e4f6b1ca47e5d107fdd1c000fac090400000000000000c7fd5c79588eaf3d98fea1a29be202dc";
    const MSG3_WRAPPED: &str = "de337fec59c90d7e8abe57b20ea81140bf33d6d92d965d6f9089783f574e0eff731e6168f95a6bfda42d01d66f37d1256b5a986b7266a8fe3d0a43ee5d771be7b8c986be98261ce0808b9a6efa8f4c0cf3c77fd5c89098c5";

    #[test]
    fn psk_connect_msg3_key_data() {
        let kek = hex::decode("969dbc0551336cec8369df37a620b1fe").unwrap();
        let plain = hex::decode(MSG3_PLAIN).unwrap();
        assert_eq!(plain.len(), 76);
        let wrapped = wrap_key_data(&kek, &plain).unwrap();
        assert_eq!(hex::encode(&wrapped), MSG3_WRAPPED);
        let back = unwrap_key_data(&kek, &wrapped).unwrap();
        assert_eq!(back.len(), 80);
        assert_eq!(&back.as_bytes()[76..], &[0xdd, 0, 0, 0]);
        assert_eq!(strip_key_data_padding(back.as_bytes()), &plain[..]);
    }

    #[test]
    fn padding_rule() {
        assert_eq!(padded_key_data_len(0), 16);
        assert_eq!(padded_key_data_len(15), 16);
        assert_eq!(padded_key_data_len(16), 16);
        assert_eq!(padded_key_data_len(17), 24);
        assert_eq!(padded_key_data_len(24), 24);
        assert_eq!(padded_key_data_len(30), 32);
        let p = pad_key_data(&[1, 2, 3]);
        assert_eq!(
            p.as_bytes(),
            &[1, 2, 3, 0xdd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(pad_key_data(&[7; 16]).as_bytes(), &[7; 16]);
        assert_eq!(pad_key_data(&[7; 23]).as_bytes()[23], 0xdd);
    }

    // A GTK KDE (IEEE 802.11-2020 12.7.2, Figure 12-33): dd len 00-0F-AC:1
    // KeyID/Tx, reserved, GTK; 24 octets with the GTK of traces/ft-psk.
    fn gtk_kde() -> Vec<u8> {
        let mut kde = vec![0xdd, 0x16, 0x00, 0x0f, 0xac, 0x01, 0x01, 0x00];
        kde.extend_from_slice(&hex::decode("91f09106de791a0c17a5481004d295fc").unwrap());
        kde
    }

    // An IGTK KDE (Figure 12-38): dd len 00-0F-AC:9 KeyID(2) IPN(6) IGTK(16); 30 octets.
    fn igtk_kde() -> Vec<u8> {
        let mut kde = vec![
            0xdd, 0x1c, 0x00, 0x0f, 0xac, 0x09, 0x04, 0x00, 0, 0, 0, 0, 0, 0,
        ];
        kde.extend_from_slice(&[0x5a; 16]);
        kde
    }

    #[test]
    fn gtk_kde_round_trip_with_padding() {
        // GTK + IGTK KDEs (as in message 3/4 with PMF): 54 octets, padded to 56.
        let mut data = gtk_kde();
        data.extend_from_slice(&igtk_kde());
        assert_eq!(data.len(), 54);
        for kek in [vec![0x42u8; 16], vec![0x24u8; 32]] {
            let wrapped = wrap_key_data(&kek, &data).unwrap();
            assert_eq!(wrapped.len(), 56 + 8);
            let plain = unwrap_key_data(&kek, &wrapped).unwrap();
            assert_eq!(&plain.as_bytes()[..54], &data[..]);
            assert_eq!(&plain.as_bytes()[54..], &[0xdd, 0x00]);
            assert_eq!(strip_key_data_padding(plain.as_bytes()), &data[..]);
        }
        // A lone 24-octet GTK KDE is a multiple of 8 and needs no padding.
        let kde = gtk_kde();
        let wrapped = wrap_key_data(&[1; 16], &kde).unwrap();
        assert_eq!(wrapped.len(), 32);
        let plain = unwrap_key_data(&[1; 16], &wrapped).unwrap();
        assert_eq!(plain.as_bytes(), &kde[..]);
        assert_eq!(strip_key_data_padding(plain.as_bytes()), &kde[..]);
    }

    #[test]
    fn tampered_or_wrong_key_fails() {
        let kek = [0x42u8; 16];
        let wrapped = wrap_key_data(&kek, &gtk_kde()).unwrap();
        for i in 0..wrapped.len() {
            let mut t = wrapped.clone();
            t[i] ^= 0x01;
            assert_eq!(
                unwrap_key_data(&kek, &t),
                Err(Error::UnwrapFailed),
                "byte {i}"
            );
        }
        assert_eq!(
            unwrap_key_data(&[0x43; 16], &wrapped),
            Err(Error::UnwrapFailed)
        );
        assert_eq!(
            unwrap_key_data(&kek, &wrapped[..31]),
            Err(Error::KeyDataLength(31))
        );
        assert_eq!(
            unwrap_key_data(&kek, &wrapped[..16]),
            Err(Error::KeyDataLength(16))
        );
        assert_eq!(
            wrap_key_data(&[0; 24], b"x"),
            Err(Error::KeyLength {
                what: "kek",
                len: 24
            })
        );
    }

    #[test]
    fn strip_padding_cases() {
        assert_eq!(strip_key_data_padding(&[]), &[] as &[u8]);
        assert_eq!(strip_key_data_padding(&[0xdd]), &[] as &[u8]);
        assert_eq!(
            strip_key_data_padding(&[0x30, 0x01, 0xaa, 0xdd, 0x00, 0x00]),
            &[0x30, 0x01, 0xaa]
        );
        // A 0xdd inside an element body is not padding.
        assert_eq!(
            strip_key_data_padding(&[0x30, 0x02, 0xdd, 0x00]),
            &[0x30, 0x02, 0xdd, 0x00]
        );
        // A vendor element with a non-zero length is kept.
        assert_eq!(
            strip_key_data_padding(&[0xdd, 0x01, 0x05]),
            &[0xdd, 0x01, 0x05]
        );
        // Truncated trailing element: left for the parser.
        assert_eq!(
            strip_key_data_padding(&[0x30, 0x09, 0x01]),
            &[0x30, 0x09, 0x01]
        );
    }

    proptest! {
        #[test]
        fn wrap_unwrap_round_trip(
            data in proptest::collection::vec(any::<u8>(), 0..300),
            long in any::<bool>(),
        ) {
            let kek = if long { vec![9u8; 32] } else { vec![9u8; 16] };
            let wrapped = wrap_key_data(&kek, &data).unwrap();
            prop_assert_eq!(wrapped.len(), padded_key_data_len(data.len()) + 8);
            let plain = unwrap_key_data(&kek, &wrapped).unwrap();
            prop_assert_eq!(&plain.as_bytes()[..data.len()], &data[..]);
            let padded = pad_key_data(&data);
            prop_assert_eq!(plain.as_bytes(), padded.as_bytes());
        }

        #[test]
        fn unwrap_and_strip_never_panic(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            let _ = unwrap_key_data(&[1; 16], &data);
            let s = strip_key_data_padding(&data);
            prop_assert!(s.len() <= data.len());
        }
    }
}
