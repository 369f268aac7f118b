//! KDF-Hash-Length, the counter-mode KDF of IEEE 802.11-2020 12.7.1.6.2.
//!
//! ```text
//! KDF-Hash-Length(K, label, Context) = L(result, 0, Length) where
//!   result = || over i = 1..=ceil(Length / HashLen) of
//!            HMAC-Hash(K, i || label || Context || Length)
//! ```
//! `i` and `Length` (in bits) are 16-bit little-endian; unlike PRF-n the label
//! has no 0x00 terminator.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};

use crate::error::Error;
use crate::hash::{new_hmac, HashAlg};
use crate::Result;

/// The hash of a KDF-Hash-Length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KdfHash {
    /// KDF-SHA-256: SHA-256 AKMs, SAE, FT with 256-bit keys.
    Sha256,
    /// KDF-SHA-384: Suite B 192-bit, FT-802.1X-SHA384, SAE H2E with group 20.
    Sha384,
    /// KDF-SHA-512: SAE H2E with group 21.
    Sha512,
}

impl KdfHash {
    /// The underlying hash.
    pub const fn hash(self) -> HashAlg {
        match self {
            Self::Sha256 => HashAlg::Sha256,
            Self::Sha384 => HashAlg::Sha384,
            Self::Sha512 => HashAlg::Sha512,
        }
    }
}

/// Largest KDF output: Length is a 16-bit count of bits.
pub const KDF_MAX_LEN: usize = u16::MAX as usize / 8;

/// Fills `out` with KDF-`hash`-(8 * `out.len()`)(`key`, `label`, `context[0] || context[1] || ...`).
pub fn kdf(
    hash: KdfHash,
    key: &[u8],
    label: &[u8],
    context: &[&[u8]],
    out: &mut [u8],
) -> Result<()> {
    if out.is_empty() || out.len() > KDF_MAX_LEN {
        return Err(Error::OutputLength(out.len()));
    }
    // Fits: out.len() <= 8191.
    kdf_bits(hash, key, label, context, (out.len() * 8) as u16, out)
}

/// KDF-`hash`-`bits` into `out` (`ceil(bits / 8)` octets), the bits past `bits` in the last
/// octet cleared, as hostapd's `sha256_prf_bits()`: SAE hunting-and-pecking asks for
/// exactly the bit length of the prime (521 for P-521).
pub fn kdf_bits(
    hash: KdfHash,
    key: &[u8],
    label: &[u8],
    context: &[&[u8]],
    bits: u16,
    out: &mut [u8],
) -> Result<()> {
    if bits == 0 || out.len() != usize::from(bits).div_ceil(8) {
        return Err(Error::OutputLength(out.len()));
    }
    let length = bits.to_le_bytes();
    // One monomorphic loop per hash keeps the HMAC state small and in place.
    match hash {
        KdfHash::Sha256 => kdf_with::<Hmac<Sha256>>(key, label, context, &length, out),
        KdfHash::Sha384 => kdf_with::<Hmac<Sha384>>(key, label, context, &length, out),
        KdfHash::Sha512 => kdf_with::<Hmac<Sha512>>(key, label, context, &length, out),
    }
    let unused = (8 - bits % 8) % 8;
    if let Some(last) = out.last_mut() {
        *last &= 0xffu8 << unused;
    }
    Ok(())
}

fn kdf_with<M: Mac + KeyInit + Clone>(
    key: &[u8],
    label: &[u8],
    context: &[&[u8]],
    bits: &[u8; 2],
    out: &mut [u8],
) {
    let keyed: M = new_hmac(key);
    for (i, block) in out.chunks_mut(M::output_size()).enumerate() {
        let mut mac = keyed.clone();
        // The counter starts at 1; at most 8191 / 32 + 1 blocks, fits in u16.
        mac.update(&((i + 1) as u16).to_le_bytes());
        mac.update(label);
        for c in context {
            mac.update(c);
        }
        mac.update(bits);
        let tag = mac.finalize().into_bytes();
        for (dst, src) in block.iter_mut().zip(tag.iter()) {
            *dst = *src;
        }
    }
}

/// KDF-SHA-256 into `out`; see [`kdf`].
pub fn kdf_sha256(key: &[u8], label: &[u8], context: &[&[u8]], out: &mut [u8]) -> Result<()> {
    kdf(KdfHash::Sha256, key, label, context, out)
}

/// KDF-SHA-384 into `out`; see [`kdf`].
pub fn kdf_sha384(key: &[u8], label: &[u8], context: &[&[u8]], out: &mut [u8]) -> Result<()> {
    kdf(KdfHash::Sha384, key, label, context, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::hmac_parts;

    #[test]
    fn kdf_bits_masks_the_tail_and_matches_whole_octets() {
        let mut whole = [0u8; 66];
        kdf(KdfHash::Sha256, &[7; 32], b"L", &[b"c"], &mut whole).unwrap();
        let mut same = [0u8; 66];
        kdf_bits(KdfHash::Sha256, &[7; 32], b"L", &[b"c"], 528, &mut same).unwrap();
        assert_eq!(whole, same);
        // 521 bits: a different Length input, and only the top bit of the last octet.
        let mut p521 = [0u8; 66];
        kdf_bits(KdfHash::Sha256, &[7; 32], b"L", &[b"c"], 521, &mut p521).unwrap();
        assert_ne!(p521[..32], whole[..32]);
        assert_eq!(p521[65] & 0x7f, 0);
        assert!(kdf_bits(KdfHash::Sha512, &[7; 32], b"L", &[], 521, &mut [0; 65]).is_err());
        assert!(kdf_bits(KdfHash::Sha512, &[7; 32], b"L", &[], 0, &mut []).is_err());
    }

    #[test]
    fn matches_the_definition_by_hand() {
        // Two blocks of SHA-256 for a 384-bit output.
        let key = b"key";
        let mut out = [0u8; 48];
        kdf_sha256(key, b"label", &[b"con", b"text"], &mut out).unwrap();
        let mut b1 = [0u8; 32];
        let mut b2 = [0u8; 32];
        let len = 384u16.to_le_bytes();
        hmac_parts(
            HashAlg::Sha256,
            key,
            &[&1u16.to_le_bytes(), b"label", b"context", &len],
            &mut b1,
        );
        hmac_parts(
            HashAlg::Sha256,
            key,
            &[&2u16.to_le_bytes(), b"label", b"context", &len],
            &mut b2,
        );
        assert_eq!(&out[..32], &b1);
        assert_eq!(&out[32..], &b2[..16]);
    }

    #[test]
    fn sha384_single_block() {
        let mut out = [0u8; 48];
        kdf_sha384(b"k", b"L", &[b"c"], &mut out).unwrap();
        let mut b1 = [0u8; 48];
        hmac_parts(
            HashAlg::Sha384,
            b"k",
            &[&1u16.to_le_bytes(), b"L", b"c", &384u16.to_le_bytes()],
            &mut b1,
        );
        assert_eq!(out, b1);
    }

    #[test]
    fn length_is_part_of_the_input() {
        // Unlike PRF-n, a shorter KDF output is not a prefix of a longer one.
        let mut a = [0u8; 32];
        let mut b = [0u8; 48];
        kdf_sha256(b"k", b"L", &[], &mut a).unwrap();
        kdf_sha256(b"k", b"L", &[], &mut b).unwrap();
        assert_ne!(&a[..], &b[..32]);
    }

    #[test]
    fn output_length_limits() {
        assert!(kdf_sha256(b"k", b"l", &[], &mut []).is_err());
        let mut big = vec![0u8; KDF_MAX_LEN + 1];
        assert_eq!(
            kdf_sha256(b"k", b"l", &[], &mut big),
            Err(Error::OutputLength(KDF_MAX_LEN + 1))
        );
        let mut max = vec![0u8; KDF_MAX_LEN];
        assert!(kdf_sha384(b"k", b"l", &[], &mut max).is_ok());
    }
}
