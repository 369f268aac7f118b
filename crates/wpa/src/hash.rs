//! Hash selection and HMAC/digest over several input parts.
//!
//! The key hierarchy hashes concatenations (label || addresses || nonces);
//! feeding the parts one by one avoids building them in a heap buffer that
//! would then need zeroizing.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use zeroize::Zeroize;

/// A hash function of the key hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-1 (PRF-n, legacy PMKID, descriptor version 2 MIC).
    Sha1,
    /// SHA-256 (KDF-SHA256, SHA-256 AKMs, FT).
    Sha256,
    /// SHA-384 (Suite B 192-bit, FT-802.1X-SHA384, SAE H2E with group 20).
    Sha384,
    /// SHA-512 (SAE H2E with group 21).
    Sha512,
}

impl HashAlg {
    /// Digest length in octets.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// The largest digest, in octets.
pub(crate) const MAX_OUTPUT_LEN: usize = 64;

/// An HMAC computation in progress with the hash picked at run time.
///
/// Cloning a freshly keyed state skips re-hashing the padded key, which the
/// multi-block PRF/KDF loops use.
#[derive(Clone)]
pub(crate) enum HmacState {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

/// A keyed MAC; HMAC takes keys of any length.
pub(crate) fn new_hmac<M: KeyInit>(key: &[u8]) -> M {
    match M::new_from_slice(key) {
        Ok(m) => m,
        // RFC 2104: HMAC takes keys of any length (long ones are hashed).
        Err(_) => unreachable!("hmac accepts any key length"),
    }
}

impl HmacState {
    pub(crate) fn new(alg: HashAlg, key: &[u8]) -> Self {
        match alg {
            HashAlg::Sha1 => Self::Sha1(new_hmac(key)),
            HashAlg::Sha256 => Self::Sha256(new_hmac(key)),
            HashAlg::Sha384 => Self::Sha384(new_hmac(key)),
            HashAlg::Sha512 => Self::Sha512(new_hmac(key)),
        }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Self::Sha1(m) => m.update(data),
            Self::Sha256(m) => m.update(data),
            Self::Sha384(m) => m.update(data),
            Self::Sha512(m) => m.update(data),
        }
    }

    /// Writes the first `out.len()` octets of the tag (at most the digest length).
    pub(crate) fn finalize_into(self, out: &mut [u8]) {
        let mut full = [0u8; MAX_OUTPUT_LEN];
        let n = match self {
            Self::Sha1(m) => copy_out(&m.finalize().into_bytes(), &mut full),
            Self::Sha256(m) => copy_out(&m.finalize().into_bytes(), &mut full),
            Self::Sha384(m) => copy_out(&m.finalize().into_bytes(), &mut full),
            Self::Sha512(m) => copy_out(&m.finalize().into_bytes(), &mut full),
        };
        let take = out.len().min(n);
        if let (Some(dst), Some(src)) = (out.get_mut(..take), full.get(..take)) {
            dst.copy_from_slice(src);
        }
        full.zeroize();
    }
}

fn copy_out(src: &[u8], dst: &mut [u8; MAX_OUTPUT_LEN]) -> usize {
    let n = src.len().min(MAX_OUTPUT_LEN);
    if let (Some(d), Some(s)) = (dst.get_mut(..n), src.get(..n)) {
        d.copy_from_slice(s);
    }
    n
}

/// HMAC-`alg`(key, parts[0] || parts[1] || ...), truncated to `out.len()`.
/// HKDF-Extract(salt, ikm) is HMAC(salt, ikm) (RFC 5869 2.2), as SAE uses it.
pub fn hmac_parts(alg: HashAlg, key: &[u8], parts: &[&[u8]], out: &mut [u8]) {
    let mut mac = HmacState::new(alg, key);
    for p in parts {
        mac.update(p);
    }
    mac.finalize_into(out);
}

/// `alg`(parts[0] || parts[1] || ...), truncated to `out.len()`.
pub(crate) fn digest_parts(alg: HashAlg, parts: &[&[u8]], out: &mut [u8]) {
    fn run<D: Digest>(parts: &[&[u8]], out: &mut [u8]) {
        let mut d = D::new();
        for p in parts {
            d.update(p);
        }
        let full = d.finalize();
        let take = out.len().min(full.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..take), full.get(..take)) {
            dst.copy_from_slice(src);
        }
    }
    match alg {
        HashAlg::Sha1 => run::<Sha1>(parts, out),
        HashAlg::Sha256 => run::<Sha256>(parts, out),
        HashAlg::Sha384 => run::<Sha384>(parts, out),
        HashAlg::Sha512 => run::<Sha512>(parts, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2202_hmac_sha1_test_1() {
        let mut out = [0u8; 20];
        hmac_parts(HashAlg::Sha1, &[0x0b; 20], &[b"Hi ", b"There"], &mut out);
        assert_eq!(hex::encode(out), "b617318655057264e28bc0b6fb378c8ef146be00");
    }

    #[test]
    fn rfc4231_hmac_sha256_test_1() {
        let mut out = [0u8; 32];
        hmac_parts(HashAlg::Sha256, &[0x0b; 20], &[b"Hi There"], &mut out);
        assert_eq!(
            hex::encode(out),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

    #[test]
    fn rfc4231_hmac_sha384_test_1() {
        let mut out = [0u8; 48];
        hmac_parts(HashAlg::Sha384, &[0x0b; 20], &[b"Hi There"], &mut out);
        assert_eq!(
            hex::encode(out),
            "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c\
             faea9ea9076ede7f4af152e8b2fa9cb6"
        );
    }

    #[test]
    fn rfc4231_hmac_sha512_test_1() {
        let mut out = [0u8; 64];
        hmac_parts(HashAlg::Sha512, &[0x0b; 20], &[b"Hi There"], &mut out);
        assert_eq!(
            hex::encode(out),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde\
             daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
        );
    }

    #[test]
    fn truncation_and_digest() {
        let mut short = [0u8; 16];
        hmac_parts(HashAlg::Sha1, &[0x0b; 20], &[b"Hi There"], &mut short);
        assert_eq!(hex::encode(short), "b617318655057264e28bc0b6fb378c8e");
        let mut d = [0u8; 32];
        digest_parts(HashAlg::Sha256, &[b"a", b"bc"], &mut d);
        assert_eq!(
            hex::encode(d),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
