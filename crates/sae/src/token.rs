//! Anti-clogging tokens, as hostapd (`src/ap/comeback_token.c`).
//!
//! token = BE16(idx) || HMAC-SHA256(key, STA-MAC || BE16(idx))[2..32]. `idx` is stored in
//! one of 256 slots picked by HMAC(key, STA-MAC)[0], so a token is good once, for one
//! address, and only while its slot still holds that index; the key (and every slot) is
//! renewed every minute and when the index wraps. The AP keeps 512 octets whatever the
//! number of stations asking.

use std::time::{Duration, Instant};

use rand::{CryptoRng, RngCore};
use roamd_ieee80211::MacAddr;
use roamd_wpa::hash::hmac_parts;
use roamd_wpa::HashAlg;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Token length: hostapd accepts nothing else.
pub(crate) const TOKEN_LEN: usize = 32;
/// How long one key serves (hostapd: 60 s).
const KEY_LIFETIME: Duration = Duration::from_secs(60);

pub(crate) struct TokenIssuer {
    key: Zeroizing<[u8; 32]>,
    key_born: Option<Instant>,
    last_idx: u16,
    pending: [u16; 256],
}

impl TokenIssuer {
    pub(crate) fn new() -> Self {
        Self {
            key: Zeroizing::new([0; 32]),
            key_born: None,
            last_idx: 0,
            pending: [0; 256],
        }
    }

    fn slot(&self, sta: &MacAddr) -> usize {
        let mut hash = [0u8; 1];
        hmac_parts(HashAlg::Sha256, &self.key[..], &[&sta.0], &mut hash);
        usize::from(hash[0])
    }

    fn mac(&self, sta: &MacAddr, idx: u16) -> [u8; TOKEN_LEN] {
        let mut mac = [0u8; TOKEN_LEN];
        hmac_parts(
            HashAlg::Sha256,
            &self.key[..],
            &[&sta.0, &idx.to_be_bytes()],
            &mut mac,
        );
        mac
    }

    /// A token for `sta` (hostapd `auth_build_token_req()`).
    pub(crate) fn issue(
        &mut self,
        now: Instant,
        sta: &MacAddr,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> [u8; TOKEN_LEN] {
        let stale = self
            .key_born
            .is_none_or(|born| now.saturating_duration_since(born) >= KEY_LIFETIME);
        if stale || self.last_idx == u16::MAX {
            rng.fill_bytes(&mut self.key[..]);
            self.key_born = Some(now);
            self.last_idx = 0;
            self.pending = [0; 256];
        }
        let slot = self.slot(sta);
        let idx = match self.pending.get(slot).copied() {
            Some(0) | None => {
                self.last_idx += 1;
                if let Some(p) = self.pending.get_mut(slot) {
                    *p = self.last_idx;
                }
                self.last_idx
            }
            Some(idx) => idx,
        };
        let mut token = self.mac(sta, idx);
        token[..2].copy_from_slice(&idx.to_be_bytes());
        token
    }

    /// Checks and uses up a token from `sta` (hostapd `check_comeback_token()`).
    pub(crate) fn check(&mut self, sta: &MacAddr, token: &[u8]) -> bool {
        let (Some(idx), Some(tail)) = (token.get(..2), token.get(2..)) else {
            return false;
        };
        if token.len() != TOKEN_LEN || self.key_born.is_none() {
            return false;
        }
        let slot = self.slot(sta);
        let expected_idx = self.pending.get(slot).copied().unwrap_or(0);
        if expected_idx == 0 || idx != expected_idx.to_be_bytes() {
            return false;
        }
        let mac = self.mac(sta, expected_idx);
        if !bool::from(tail.ct_eq(mac.get(2..).unwrap_or_default())) {
            return false;
        }
        if let Some(p) = self.pending.get_mut(slot) {
            *p = 0;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn token_is_good_once_for_its_address() {
        let mut issuer = TokenIssuer::new();
        let now = Instant::now();
        let (a, b) = (MacAddr([2, 0, 0, 0, 0, 1]), MacAddr([2, 0, 0, 0, 0, 2]));
        let token = issuer.issue(now, &a, &mut OsRng);
        assert!(!issuer.check(&b, &token));
        let mut forged = token;
        forged[31] ^= 1;
        assert!(!issuer.check(&a, &forged));
        assert!(!issuer.check(&a, &token[..31]));
        assert!(issuer.check(&a, &token));
        assert!(!issuer.check(&a, &token), "used up");
        // The same pending slot gives the same token until used.
        let t1 = issuer.issue(now, &b, &mut OsRng);
        assert_eq!(issuer.issue(now, &b, &mut OsRng), t1);
    }

    #[test]
    fn key_rotation_voids_old_tokens() {
        let mut issuer = TokenIssuer::new();
        let now = Instant::now();
        let a = MacAddr([2, 0, 0, 0, 0, 1]);
        let token = issuer.issue(now, &a, &mut OsRng);
        let _ = issuer.issue(now + KEY_LIFETIME, &MacAddr([2, 0, 0, 0, 0, 9]), &mut OsRng);
        assert!(!issuer.check(&a, &token));
    }
}
