//! From k to KCK, PMK, PMKID and the Confirm (12.4.5.4, 12.4.5.5; hostapd
//! `sae_derive_keys()`, `sae_cn_confirm()`).
//!
//! ```text
//! keyseed   = H(salt, k)            salt = 0^hash_len, or the Rejected Groups list (H2E)
//! KCK || PMK = KDF-Hash-Length(keyseed, "SAE KCK and PMK", (scalar + peer-scalar) mod r)
//! PMKID     = L((scalar + peer-scalar) mod r, 0, 128)
//! confirm   = HMAC(KCK, send-confirm || scalar1 || element1 || scalar2 || element2)
//! ```
//! H is HMAC-SHA-256 with hunting-and-pecking and the group's hash with H2E; the PMK is
//! 32 octets for AKMs 8 and 9.

use roamd_wpa::hash::hmac_parts;
use roamd_wpa::kdf::{kdf, KdfHash};
use roamd_wpa::{HashAlg, Pmk, Pmkid, SecretVec};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::ecc::Shared;
use crate::error::Error;

/// PMK length for AKM 8 (SAE) and 9 (FT-SAE).
const PMK_LEN: usize = 32;

/// Keys of one completed commit exchange.
pub(crate) struct Keys {
    hash: HashAlg,
    kck: SecretVec,
    pub(crate) pmk: Pmk,
    pub(crate) pmkid: Pmkid,
}

impl Keys {
    /// Derives the keys; `salt` is the H2E Rejected Groups list when the peer sent one.
    pub(crate) fn derive(
        hash: HashAlg,
        salt: Option<&[u8]>,
        shared: &Shared,
    ) -> Result<Self, Error> {
        let kdf_hash = match hash {
            HashAlg::Sha256 => KdfHash::Sha256,
            HashAlg::Sha384 => KdfHash::Sha384,
            HashAlg::Sha512 => KdfHash::Sha512,
            HashAlg::Sha1 => return Err(Error::Internal("sha1 for sae")),
        };
        let hash_len = hash.output_len();
        let zeros = [0u8; 64];
        let salt = salt.unwrap_or(zeros.get(..hash_len).unwrap_or_default());
        let mut keyseed = Zeroizing::new([0u8; 64]);
        let keyseed = keyseed.get_mut(..hash_len).unwrap_or_default();
        hmac_parts(hash, salt, &[&shared.k], keyseed);
        let mut keys = Zeroizing::new([0u8; 64 + PMK_LEN]);
        let keys = keys.get_mut(..hash_len + PMK_LEN).unwrap_or_default();
        kdf(
            kdf_hash,
            keyseed,
            b"SAE KCK and PMK",
            &[&shared.scalar_sum],
            keys,
        )
        .map_err(|_| Error::Internal("kdf length"))?;
        let (kck, pmk) = keys.split_at(hash_len);
        let mut pmkid = [0u8; 16];
        pmkid.copy_from_slice(
            shared
                .scalar_sum
                .get(..16)
                .ok_or(Error::Internal("order length"))?,
        );
        Ok(Self {
            hash,
            kck: SecretVec::from_slice(kck),
            pmk: Pmk::from_slice(pmk).map_err(|_| Error::Internal("pmk length"))?,
            pmkid: Pmkid(pmkid),
        })
    }

    /// CN(KCK, send-confirm, scalar1, element1, scalar2, element2): the sender's values first.
    pub(crate) fn confirm(
        &self,
        send_confirm: u16,
        first: (&[u8], &[u8]),
        second: (&[u8], &[u8]),
    ) -> Vec<u8> {
        let mut out = vec![0u8; self.hash.output_len()];
        hmac_parts(
            self.hash,
            self.kck.as_bytes(),
            &[
                &send_confirm.to_le_bytes(),
                first.0,
                first.1,
                second.0,
                second.1,
            ],
            &mut out,
        );
        out
    }

    /// Checks a peer's Confirm in constant time; `received` may carry trailing elements.
    pub(crate) fn verify(
        &self,
        peer_send_confirm: u16,
        received: &[u8],
        peer: (&[u8], &[u8]),
        own: (&[u8], &[u8]),
    ) -> bool {
        let expected = self.confirm(peer_send_confirm, peer, own);
        match received.get(..expected.len()) {
            Some(got) => bool::from(got.ct_eq(&expected)),
            None => false,
        }
    }

    /// KCK octets, for the vectors.
    #[cfg(any(test, feature = "test-vectors"))]
    pub(crate) fn kck(&self) -> &[u8] {
        self.kck.as_bytes()
    }
}
