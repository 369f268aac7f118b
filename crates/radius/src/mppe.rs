//! MS-MPPE-Send-Key / MS-MPPE-Recv-Key (RFC 2548 2.4.2, 2.4.3): the EAP
//! keys a server returns in an Access-Accept, hidden with the shared secret
//! and the Request Authenticator.
//!
//! Value = Salt (2, high bit set) | String (n x 16), where the plaintext is
//! Key-Length (1) | Key | zero padding, and
//! b(1) = MD5(Secret | Request-Authenticator | Salt), c(1) = p(1) XOR b(1),
//! b(i) = MD5(Secret | c(i-1)),                     c(i) = p(i) XOR b(i).

use md5::{Digest, Md5};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::auth::Authenticator;
use crate::secret::{KeyMaterial, SharedSecret};

/// Microsoft's vendor id (RFC 2548 2).
pub const VENDOR_MICROSOFT: u32 = 311;
/// MS-MPPE-Send-Key vendor type (RFC 2548 2.4.2).
pub const MS_MPPE_SEND_KEY: u8 = 16;
/// MS-MPPE-Recv-Key vendor type (RFC 2548 2.4.3).
pub const MS_MPPE_RECV_KEY: u8 = 17;

const BLOCK: usize = 16;
const SALT_LEN: usize = 2;

/// Why an MS-MPPE key could not be recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MppeError {
    /// Shorter than salt plus one block, or not salt plus whole blocks.
    #[error("mppe key value of {0} octets is not salt plus 16-octet blocks")]
    BadLength(usize),
    /// The salt's most significant bit is clear (RFC 2548 2.4.2: it MUST be
    /// set).
    #[error("mppe key salt high bit clear")]
    SaltHighBitClear,
    /// The decrypted Key-Length is zero or exceeds the decrypted octets
    /// (wrong secret or Request Authenticator).
    #[error("mppe key length octet {0} invalid")]
    BadKeyLength(u8),
}

fn first_block_pad(
    secret: &SharedSecret,
    request_authenticator: &Authenticator,
    salt: &[u8],
) -> [u8; BLOCK] {
    Md5::new()
        .chain_update(secret.expose())
        .chain_update(request_authenticator)
        .chain_update(salt)
        .finalize()
        .into()
}

/// Decrypts `cipher` (whole blocks) given b(1); b(i) = MD5(secret | c(i-1)).
pub(crate) fn decrypt_chain(
    secret: &SharedSecret,
    b1: [u8; BLOCK],
    cipher: &[u8],
) -> Zeroizing<Vec<u8>> {
    let mut plain = Zeroizing::new(Vec::with_capacity(cipher.len()));
    let mut pad = Zeroizing::new(b1);
    for block in cipher.chunks(BLOCK) {
        plain.extend(block.iter().zip(pad.iter()).map(|(c, b)| c ^ b));
        *pad = Md5::new()
            .chain_update(secret.expose())
            .chain_update(block)
            .finalize()
            .into();
    }
    plain
}

/// Reads Key-Length | Key | padding.
pub(crate) fn unpad(plain: &[u8]) -> Result<KeyMaterial, MppeError> {
    let (&len, rest) = plain.split_first().ok_or(MppeError::BadLength(0))?;
    match rest.get(..usize::from(len)) {
        Some(key) if len > 0 => Ok(KeyMaterial::new(key.to_vec())),
        _ => Err(MppeError::BadKeyLength(len)),
    }
}

/// Recovers a key from an MS-MPPE-Send-Key or -Recv-Key value (salt and
/// encrypted string, without the vendor type/length octets).
pub fn decrypt_mppe_key(
    value: &[u8],
    request_authenticator: &Authenticator,
    secret: &SharedSecret,
) -> Result<KeyMaterial, MppeError> {
    let (salt, cipher) = match value.split_at_checked(SALT_LEN) {
        Some((salt, cipher)) if !cipher.is_empty() && cipher.len() % BLOCK == 0 => (salt, cipher),
        _ => return Err(MppeError::BadLength(value.len())),
    };
    if salt.first().is_none_or(|b| b & 0x80 == 0) {
        return Err(MppeError::SaltHighBitClear);
    }
    let b1 = first_block_pad(secret, request_authenticator, salt);
    unpad(&decrypt_chain(secret, b1, cipher))
}

/// Hides `key` as an MS-MPPE key value (salt | string), as a server does;
/// the salt's high bit is forced on. For tests and fuzzing.
pub fn encrypt_mppe_key(
    key: &[u8],
    salt: u16,
    request_authenticator: &Authenticator,
    secret: &SharedSecret,
) -> Vec<u8> {
    let salt = (salt | 0x8000).to_be_bytes();
    // Key-Length is one octet; longer keys cannot be expressed.
    let key = key.get(..255).unwrap_or(key);
    let mut plain = Zeroizing::new(Vec::with_capacity(1 + key.len() + BLOCK));
    plain.push(key.len() as u8);
    plain.extend_from_slice(key);
    let padded = plain.len().div_ceil(BLOCK) * BLOCK;
    plain.resize(padded, 0);
    let mut out = salt.to_vec();
    let mut pad: [u8; BLOCK] = first_block_pad(secret, request_authenticator, &salt);
    for block in plain.chunks(BLOCK) {
        let c: Vec<u8> = block.iter().zip(pad).map(|(p, b)| p ^ b).collect();
        pad = Md5::new()
            .chain_update(secret.expose())
            .chain_update(&c)
            .finalize()
            .into();
        out.extend_from_slice(&c);
    }
    out
}

/// Finds the value of the first Microsoft vendor sub-attribute of
/// `vendor_type` in a Vendor-Specific attribute's data (after the
/// Vendor-Id): a run of Vendor-Type (1) | Vendor-Length (1) | value. A bad
/// Vendor-Length ends the search, as in hostapd radius_msg_get_vendor_attr.
pub fn find_vendor_subattr(data: &[u8], vendor_type: u8) -> Option<&[u8]> {
    let mut rest = data;
    while let [t, len, ..] = *rest {
        let len = usize::from(len);
        let value = rest.get(2..len.max(2)).filter(|_| len >= 2)?;
        if t == vendor_type {
            return Some(value);
        }
        rest = rest.get(len..)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::tests::unhex;

    #[test]
    fn rfc2548_round_trip() {
        let secret = SharedSecret::from("testing123");
        let ra = [0x5a; 16];
        for len in [1usize, 15, 16, 31, 32, 64, 255] {
            let key: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let value = encrypt_mppe_key(&key, 0x1234, &ra, &secret);
            assert_eq!(value[0] & 0x80, 0x80);
            assert_eq!((value.len() - 2) % 16, 0);
            assert_eq!((value.len() - 2) / 16, (1 + len).div_ceil(16));
            let back = decrypt_mppe_key(&value, &ra, &secret).unwrap();
            assert_eq!(back.expose(), &key[..]);
            // Wrong Request Authenticator or secret: garbage, usually caught
            // by the length octet; never the key.
            let mut other = ra;
            other[15] ^= 1;
            assert!(decrypt_mppe_key(&value, &other, &secret)
                .map(|k| k.expose() != key)
                .unwrap_or(true));
        }
    }

    #[test]
    fn rfc2548_salt_and_length_checks() {
        let secret = SharedSecret::from("s");
        let ra = [0; 16];
        let mut v = encrypt_mppe_key(&[1; 32], 0, &ra, &secret);
        for n in [0, 1, 2, 17, 19, 33] {
            assert_eq!(
                decrypt_mppe_key(&v[..n.min(v.len())], &ra, &secret).unwrap_err(),
                MppeError::BadLength(n.min(v.len()))
            );
        }
        v[0] &= 0x7f;
        assert_eq!(
            decrypt_mppe_key(&v, &ra, &secret).unwrap_err(),
            MppeError::SaltHighBitClear
        );
        assert_eq!(unpad(&[0, 1, 2]).unwrap_err(), MppeError::BadKeyLength(0));
        assert_eq!(unpad(&[3, 1, 2]).unwrap_err(), MppeError::BadKeyLength(3));
        assert_eq!(unpad(&[2, 1, 2]).unwrap().expose(), &[1, 2]);
    }

    #[test]
    fn vendor_subattr_walk() {
        let data = [16, 4, 0xaa, 0xbb, 17, 3, 0xcc];
        assert_eq!(find_vendor_subattr(&data, 16), Some(&[0xaa, 0xbb][..]));
        assert_eq!(find_vendor_subattr(&data, 17), Some(&[0xcc][..]));
        assert_eq!(find_vendor_subattr(&data, 18), None);
        assert_eq!(find_vendor_subattr(&[16, 1, 0], 16), None);
        assert_eq!(find_vendor_subattr(&[16, 9, 0], 16), None);
        assert_eq!(find_vendor_subattr(&[17, 2, 16, 2], 16), Some(&[][..]));
    }

    /// The real Access-Accept of traces/eap-okc/ap.log (FreeRADIUS, secret
    /// testing123). hostapd does not log the Request Authenticator of the
    /// Access-Request (random), so b(1) cannot be recomputed from the trace;
    /// everything after it can: b(1) is recovered from the known first
    /// plaintext block, then blocks 2 and 3 are decrypted from the server's
    /// ciphertext through the secret-keyed chain and must give the logged key
    /// octets and zero padding byte for byte.
    #[test]
    fn eap_okc_trace_mppe_keys() {
        let secret = SharedSecret::from("testing123");
        // Vendor-Specific values (Vendor-Id 311 first), ap.log lines 1477, 1479.
        let recv_vsa = unhex("000001371134878fb769f76144a04a0e88a47b7b0e283cca4fb195c49fc6e19916eb6fdfc3dc7263e53014c4bb518884858a316ec4ab8dc6");
        let send_vsa = unhex("00000137103489e45666c94d0d1c18b3f2268ffea4c3de2afa721259b1159a8ac53d014e6afe693290851911eaaa524095bed85c2ac87a3d");
        // ap.log lines 1492-1493.
        let send_key = unhex("ee67a36bacb1f0a58b7a8e1bfe29da3be9cf5be557bde76c9efaeed257507f0b");
        let recv_key = unhex("90c417c7096a4d8242d54b6fb6ff9e09f5b0ec4df826748b10d9002117103119");
        for (vsa, key, vtype) in [
            (&recv_vsa, &recv_key, MS_MPPE_RECV_KEY),
            (&send_vsa, &send_key, MS_MPPE_SEND_KEY),
        ] {
            assert_eq!(
                u32::from_be_bytes(vsa[..4].try_into().unwrap()),
                VENDOR_MICROSOFT
            );
            let value = find_vendor_subattr(&vsa[4..], vtype).unwrap();
            assert_eq!(value.len(), 2 + 48);
            assert_eq!(value[0] & 0x80, 0x80, "salt high bit");
            let cipher = &value[2..];
            let mut p1 = vec![32u8];
            p1.extend_from_slice(&key[..15]);
            let b1: [u8; 16] = core::array::from_fn(|i| cipher[i] ^ p1[i]);
            let plain = decrypt_chain(&secret, b1, cipher);
            assert_eq!(plain[0], 32);
            assert_eq!(
                &plain[1..33],
                &key[..],
                "blocks 2-3 decrypt to the logged key"
            );
            assert!(plain[33..].iter().all(|&b| b == 0), "zero padding");
            assert_eq!(unpad(&plain).unwrap().expose(), &key[..]);
            // With the wrong secret the chained blocks do not decrypt.
            let wrong = decrypt_chain(&SharedSecret::from("testing124"), b1, cipher);
            assert_ne!(&wrong[16..33], &key[15..]);
        }
        // MSK = Recv-Key || Send-Key, so the PMK (its first 32 octets) is the
        // Recv-Key: the PMKID hostapd derived from it (ap.log line 1508,
        // HMAC-SHA1-128(PMK, "PMK Name" | AA | SPA)) must match.
        use hmac::{Hmac, Mac};
        let mut msk = recv_key.clone();
        msk.extend_from_slice(&send_key);
        let mut m = <Hmac<sha1::Sha1> as Mac>::new_from_slice(&msk[..32]).unwrap();
        m.update(b"PMK Name");
        m.update(&[2, 0, 0, 0, 0, 0]);
        m.update(&[2, 0, 0, 0, 2, 0]);
        let pmkid = m.finalize().into_bytes();
        assert_eq!(&pmkid[..16], &unhex("ed66f00d20ecf0a952af9656d49edbe0")[..]);
    }
}
