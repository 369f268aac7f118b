//! PRF-n, the HMAC-SHA1 based pseudo-random function (IEEE 802.11-2020 12.7.1.2).
//!
//! ```text
//! PRF-n(K, A, B) = L(R, 0, n) where
//!   R = HMAC-SHA-1(K, A || 0x00 || B || 0) || HMAC-SHA-1(K, A || 0x00 || B || 1) || ...
//! ```
//! The 802.11 output sizes are n = 128, 192, 256, 384 and 512 bits; any
//! length works here (`out.len()` octets), and a shorter output is a prefix of
//! a longer one.

use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::error::Error;
use crate::hash::new_hmac;
use crate::Result;

/// Largest PRF output: the counter is one octet, so at most 256 SHA-1 blocks.
pub const PRF_MAX_LEN: usize = 256 * 20;

/// Fills `out` with PRF-(8 * `out.len()`)(`key`, `label`, `data[0] || data[1] || ...`).
///
/// `label` is the bare ASCII label (e.g. `b"Pairwise key expansion"`); the
/// 0x00 separator is added here.
pub fn prf_sha1(key: &[u8], label: &[u8], data: &[&[u8]], out: &mut [u8]) -> Result<()> {
    if out.is_empty() || out.len() > PRF_MAX_LEN {
        return Err(Error::OutputLength(out.len()));
    }
    // Every block hashes the same `label || 0 || data` before its counter:
    // hash that prefix once (for the PTK, one SHA-1 block of three) and
    // branch off a copy per block.
    let mut prefix: Hmac<Sha1> = new_hmac(key);
    prefix.update(label);
    prefix.update(&[0]);
    for d in data {
        prefix.update(d);
    }
    for (i, block) in out.chunks_mut(20).enumerate() {
        let mut mac = prefix.clone();
        // i < 256 because out.len() <= PRF_MAX_LEN.
        mac.update(&[i as u8]);
        let tag = mac.finalize().into_bytes();
        for (dst, src) in block.iter_mut().zip(tag.iter()) {
            *dst = *src;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prf512(key: &[u8], label: &[u8], data: &[u8]) -> String {
        let mut out = [0u8; 64];
        prf_sha1(key, label, &[data], &mut out).unwrap();
        hex::encode(out)
    }

    // IEEE 802.11 Annex J.3 test vectors (PRF-512).
    #[test]
    fn annex_j3_vector_1() {
        assert_eq!(
            prf512(&[0x0b; 20], b"prefix", b"Hi There"),
            "bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee\
             75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a"
        );
    }

    #[test]
    fn annex_j3_vector_2() {
        assert_eq!(
            prf512(b"Jefe", b"prefix", b"what do ya want for nothing?"),
            "51f4de5b33f249adf81aeb713a3c20f4fe631446fabdfa58244759ae58ef9009\
             a99abf4eac2ca5fa87e692c440eb40023e7babb206d61de7b92f41529092b8fc"
        );
    }

    #[test]
    fn annex_j3_vector_3() {
        assert_eq!(
            prf512(&[0xaa; 20], b"prefix", &[0xdd; 50]),
            "e1ac546ec4cb636f9976487be5c86be17a0252ca5d8d8df12cfb0473525249ce\
             9dd8d177ead710bc9b590547239107aef7b4abd43d87f0a68f1cbd9e2b6f7607"
        );
    }

    #[test]
    fn shorter_outputs_are_prefixes_and_data_parts_concatenate() {
        let full = prf512(b"Jefe", b"prefix", b"what do ya want for nothing?");
        for bits in [128usize, 192, 256, 384] {
            let mut out = vec![0u8; bits / 8];
            prf_sha1(
                b"Jefe",
                b"prefix",
                &[b"what do ya ", b"want for nothing?"],
                &mut out,
            )
            .unwrap();
            assert_eq!(hex::encode(&out), full[..bits / 4]);
        }
    }

    #[test]
    fn output_length_limits() {
        assert_eq!(
            prf_sha1(b"k", b"l", &[], &mut []),
            Err(Error::OutputLength(0))
        );
        let mut big = vec![0u8; PRF_MAX_LEN + 1];
        assert!(prf_sha1(b"k", b"l", &[], &mut big).is_err());
        let mut max = vec![0u8; PRF_MAX_LEN];
        assert!(prf_sha1(b"k", b"l", &[], &mut max).is_ok());
    }
}
