//! Domain keys and their rotation.

use sha2::{Digest, Sha256};
use thiserror::Error;
use zeroize::Zeroizing;

/// AES-256-SIV takes two AES-256 keys: 64 octets.
pub const KEY_LEN: usize = 64;

/// Why a key file's contents are not a key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// Neither 64 raw octets nor 128 hex digits.
    #[error("a key is 64 octets, raw or as 128 hex digits; found {0} octets")]
    Length(usize),
    /// 128 characters that are not all hex digits.
    #[error("a key of 128 characters must be hex digits")]
    NotHex,
}

/// One AES-256-SIV key of a cache domain.
#[derive(Clone)]
pub struct DomainKey {
    bytes: Zeroizing<[u8; KEY_LEN]>,
    id: u32,
}

impl DomainKey {
    /// Exactly [`KEY_LEN`] octets.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let array: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| KeyError::Length(bytes.len()))?;
        let bytes = Zeroizing::new(array);
        // The id names the key in each record without numbering keys in the
        // configuration; 32 bits of a hash reveal nothing usable about it.
        let digest = Sha256::new()
            .chain_update(b"roamd pmksa-store key id")
            .chain_update(bytes.as_slice())
            .finalize();
        let id = digest
            .get(..4)
            .and_then(|d| d.try_into().ok())
            .map_or(0, u32::from_be_bytes);
        Ok(Self { bytes, id })
    }

    /// A key file's contents: 128 hex digits (surrounding whitespace
    /// ignored, as an editor leaves a newline) or 64 raw octets.
    pub fn from_file_contents(contents: &[u8]) -> Result<Self, KeyError> {
        if contents.len() == KEY_LEN {
            return Self::from_bytes(contents);
        }
        let text = contents.trim_ascii();
        if text.len() != 2 * KEY_LEN {
            return Err(KeyError::Length(contents.len()));
        }
        let raw = Zeroizing::new(hex::decode(text).map_err(|_| KeyError::NotHex)?);
        Self::from_bytes(&raw)
    }

    /// The id written in the records this key seals.
    pub fn id(&self) -> u32 {
        self.id
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }
}

// For configuration comparisons; never on a path an attacker times.
impl PartialEq for DomainKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for DomainKey {}

impl core::fmt::Debug for DomainKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "DomainKey(id {:08x}, <redacted>)", self.id)
    }
}

/// The keys of a domain: the current one seals and opens; old ones only
/// open, and only until `old_until` (Unix seconds), the grace period after a
/// rotation in which records sealed before it are still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRing {
    current: DomainKey,
    old: Vec<DomainKey>,
    old_until: Option<u64>,
}

impl KeyRing {
    /// One key, no old ones.
    pub fn new(current: DomainKey) -> Self {
        Self {
            current,
            old: Vec::new(),
            old_until: None,
        }
    }

    /// Accepts records sealed with `old` keys for reading until `until`
    /// (Unix seconds); `None`: for as long as they are configured.
    pub fn with_old_keys(mut self, old: Vec<DomainKey>, until: Option<u64>) -> Self {
        self.old = old;
        self.old_until = until;
        self
    }

    /// The old keys, and until when they open records.
    pub fn old_keys(&self) -> (&[DomainKey], Option<u64>) {
        (&self.old, self.old_until)
    }

    /// The key that seals.
    pub fn current(&self) -> &DomainKey {
        &self.current
    }

    /// The key with `id` usable for opening at `now_unix`.
    pub(crate) fn for_opening(&self, id: u32, now_unix: u64) -> Result<&DomainKey, KeyLookup> {
        if self.current.id == id {
            return Ok(&self.current);
        }
        let old = self
            .old
            .iter()
            .find(|k| k.id == id)
            .ok_or(KeyLookup::Unknown)?;
        match self.old_until {
            Some(until) if now_unix >= until => Err(KeyLookup::Retired),
            _ => Ok(old),
        }
    }
}

/// Why [`KeyRing::for_opening`] found no key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyLookup {
    Unknown,
    Retired,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_contents_raw_or_hex() {
        let raw = [0xa5u8; KEY_LEN];
        let from_raw = DomainKey::from_file_contents(&raw).unwrap();
        let text = format!("{}\n", hex::encode(raw));
        let from_hex = DomainKey::from_file_contents(text.as_bytes()).unwrap();
        assert_eq!(from_raw.id(), from_hex.id());
        assert_eq!(from_raw.bytes(), from_hex.bytes());
        assert_eq!(
            DomainKey::from_file_contents(b"abcd\n").unwrap_err(),
            KeyError::Length(5)
        );
        let bad = "zz".repeat(KEY_LEN);
        assert_eq!(
            DomainKey::from_file_contents(bad.as_bytes()).unwrap_err(),
            KeyError::NotHex
        );
        assert!(!format!("{from_raw:?}").contains("a5"));
    }

    #[test]
    fn ids_differ_and_old_keys_retire() {
        let a = DomainKey::from_bytes(&[1; KEY_LEN]).unwrap();
        let b = DomainKey::from_bytes(&[2; KEY_LEN]).unwrap();
        assert_ne!(a.id(), b.id());
        let ring = KeyRing::new(b.clone()).with_old_keys(vec![a.clone()], Some(1000));
        assert_eq!(ring.for_opening(b.id(), 5000).unwrap().id(), b.id());
        assert_eq!(ring.for_opening(a.id(), 999).unwrap().id(), a.id());
        assert_eq!(
            ring.for_opening(a.id(), 1000).unwrap_err(),
            KeyLookup::Retired
        );
        assert_eq!(ring.for_opening(7, 0).unwrap_err(), KeyLookup::Unknown);
    }
}
