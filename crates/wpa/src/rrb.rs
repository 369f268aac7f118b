//! AES-SIV protection of the FT key-holder protocol (hostapd RRB over
//! ethertype 0x88b7, `wpa_auth_ft.c`: `wpa_ft_rrb_encrypt`/`_decrypt`).
//!
//! A message is `le16 auth_len || auth TLVs || AES-SIV(key, AD, enc TLVs)`,
//! where the AES-SIV output is the 16-octet synthetic IV followed by the
//! ciphertext (RFC 5297), and the associated data vector is
//! `[sender address, auth TLVs, message type]`. The key is the 256-bit
//! `r0kh=`/`r1kh=` key: two AES-128 halves, CMAC key first. Building and
//! parsing the TLVs is the FT crate's job; this module only seals and opens.

use aes_siv::siv::Aes128Siv;
use aes_siv::KeyInit;
use zeroize::Zeroize;

use crate::error::Error;
use crate::secret::{SecretBytes, SecretVec};
use crate::{MacAddr, Result};

/// Length of the synthetic IV in front of the ciphertext.
pub const SIV_LEN: usize = 16;

/// A 256-bit key shared between an R0KH and an R1KH.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RrbKey(SecretBytes<32>);

impl RrbKey {
    /// Wraps 32 key octets.
    pub fn from_slice(key: &[u8]) -> Result<Self> {
        if key.len() != 32 {
            return Err(Error::KeyLength {
                what: "rrb key",
                len: key.len(),
            });
        }
        SecretBytes::from_slice(key).map(Self)
    }

    /// The key octets.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    fn cipher(&self) -> Result<Aes128Siv> {
        <Aes128Siv as KeyInit>::new_from_slice(self.as_bytes()).map_err(|_| Error::KeyLength {
            what: "rrb key",
            len: self.0.len(),
        })
    }
}

/// Seals the encrypted TLVs of a key-holder message from `src_addr` of
/// `msg_type` (1 PULL, 2 RESP, 3 PUSH, 4 SEQ_REQ, 5 SEQ_RESP); returns
/// SIV || ciphertext, `plain_tlvs.len() + 16` octets.
pub fn rrb_seal(
    key: &RrbKey,
    src_addr: &MacAddr,
    auth_tlvs: &[u8],
    msg_type: u8,
    plain_tlvs: &[u8],
) -> Result<Vec<u8>> {
    let mut siv = key.cipher()?;
    let mut out = vec![0u8; SIV_LEN + plain_tlvs.len()];
    let (tag_out, body) = out.split_at_mut(SIV_LEN);
    body.copy_from_slice(plain_tlvs);
    let ad: [&[u8]; 3] = [src_addr.as_bytes(), auth_tlvs, &[msg_type]];
    match siv.encrypt_in_place_detached(ad, body) {
        Ok(tag) => {
            tag_out.copy_from_slice(&tag);
            Ok(out)
        }
        Err(_) => {
            // `out` still holds the plaintext (keys).
            out.zeroize();
            Err(Error::KeyDataLength(plain_tlvs.len()))
        }
    }
}

/// Opens SIV || ciphertext of a key-holder message; fails with
/// [`Error::UnwrapFailed`] if the key, any AD part or the data is wrong.
pub fn rrb_open(
    key: &RrbKey,
    src_addr: &MacAddr,
    auth_tlvs: &[u8],
    msg_type: u8,
    sealed: &[u8],
) -> Result<SecretVec> {
    let mut siv = key.cipher()?;
    let (tag, body) = match (sealed.get(..SIV_LEN), sealed.get(SIV_LEN..)) {
        (Some(t), Some(b)) => (t, b),
        _ => return Err(Error::KeyDataLength(sealed.len())),
    };
    let mut plain = SecretVec::from_slice(body);
    let ad: [&[u8]; 3] = [src_addr.as_bytes(), auth_tlvs, &[msg_type]];
    siv.decrypt_in_place_detached(ad, plain.as_mut_bytes(), aes_siv::Tag::from_slice(tag))
        .map_err(|_| Error::UnwrapFailed)?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

    fn key() -> RrbKey {
        RrbKey::from_slice(&core::array::from_fn::<u8, 32, _>(|i| i as u8)).unwrap()
    }

    // traces/ft-psk/ap0.log 637-641: PULL (type 1) from AP1, opened at AP0.
    #[test]
    fn open_pull_from_trace() {
        let auth = hex::decode("0200100088d8e69c8abac264313b3cb4f55a974401000c00457ba91b6a2fee6d0d00000004000f006170302e6578616d706c652e6e657405000600020000000100").unwrap();
        let sealed = hex::decode("46b101c10bbd2a14f48792428171ec641aba75ac5535b6ad64b9795ef00d1aa2c13736c7627a447421635790ea39").unwrap();
        let plain = rrb_open(&key(), &AP1, &auth, 1, &sealed).unwrap();
        assert_eq!(
            hex::encode(plain.as_bytes()),
            "070010004dead139599056f7a77de6ffabfc300206000600020000000200"
        );
        assert_eq!(
            rrb_open(&key(), &AP0, &auth, 1, &sealed),
            Err(Error::UnwrapFailed)
        );
        assert_eq!(
            rrb_open(&key(), &AP1, &auth, 2, &sealed),
            Err(Error::UnwrapFailed)
        );
        assert_eq!(
            rrb_open(&key(), &AP1, &auth[1..], 1, &sealed),
            Err(Error::UnwrapFailed)
        );
        let mut bad = sealed.clone();
        bad[20] ^= 1;
        assert_eq!(
            rrb_open(&key(), &AP1, &auth, 1, &bad),
            Err(Error::UnwrapFailed)
        );
        assert_eq!(
            rrb_open(&key(), &AP1, &auth, 1, &sealed[..15]),
            Err(Error::KeyDataLength(15))
        );
    }

    // traces/ft-psk/ap0.log 688-692: RESP (type 2) carrying PMK-R1 e4ece244...,
    // sealed at AP0; AES-SIV is deterministic, so the bytes match.
    #[test]
    fn seal_resp_from_trace() {
        let auth = hex::decode("0200100088d8e69c8abac264313b3cb4f55a974401000c00cf34fce99f8f0cbc0e00000004000f006170302e6578616d706c652e6e657405000600020000000100").unwrap();
        let plain = hex::decode("060006000200000002000a002000e4ece24431c8a9f48949a51a02e020cbd0bb1afb35f2860b85963b2ca79e39e109001000fcfd71f247cef01309a96bdcc0f46a260b00020010000c000200fd740f000000100000001100040000000000").unwrap();
        let sealed = rrb_seal(&key(), &AP0, &auth, 2, &plain).unwrap();
        assert_eq!(
            hex::encode(&sealed),
            "94c4285073356bae230ee0b21c67b1c76b23ae349760ee9e0503a9fa84b4730f5673f956c866c17bfdb7dd4dcc9f22052666e078ea5d9382b0d7f675f009af8bd6413caed1e647af17d4d96a4f6e93d4c5e9213f0da7847c271cd090a76bba34e511c53b82d1c9c0ee9f1f56f44d"
        );
        assert_eq!(
            rrb_open(&key(), &AP0, &auth, 2, &sealed)
                .unwrap()
                .as_bytes(),
            &plain[..]
        );
    }

    // ap0.log 644-648: SEQ_REQ (type 4) with no encrypted TLVs is just the SIV.
    #[test]
    fn seal_empty_from_trace() {
        let auth = hex::decode("02001000f8fdda92da84deb5db8181e1319a23a004000f006170302e6578616d706c652e6e657405000600020000000100").unwrap();
        let sealed = rrb_seal(&key(), &AP0, &auth, 4, &[]).unwrap();
        assert_eq!(hex::encode(&sealed), "568e6e98083979cc45ecfc8869baf672");
        assert!(rrb_open(&key(), &AP0, &auth, 4, &sealed)
            .unwrap()
            .is_empty());
        assert!(RrbKey::from_slice(&[0; 16]).is_err());
        assert_eq!(format!("{:?}", key()), "RrbKey(<redacted>)");
    }
}
