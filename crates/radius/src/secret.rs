//! Secret-holding types: zeroized on drop, `<redacted>` in Debug.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The shared secret between this NAS and one RADIUS server (RFC 2865 3).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SharedSecret(Vec<u8>);

impl SharedSecret {
    /// Wraps the secret octets.
    pub fn new(secret: impl Into<Vec<u8>>) -> SharedSecret {
        SharedSecret(secret.into())
    }

    /// The secret octets. Never log them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl PartialEq for SharedSecret {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for SharedSecret {}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(<redacted>)")
    }
}

impl From<&str> for SharedSecret {
    fn from(s: &str) -> Self {
        SharedSecret::new(s.as_bytes())
    }
}

/// Key material recovered from an Access-Accept: an MS-MPPE key or the MSK.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct KeyMaterial(Vec<u8>);

impl KeyMaterial {
    /// Wraps key octets.
    pub fn new(key: impl Into<Vec<u8>>) -> KeyMaterial {
        KeyMaterial(key.into())
    }

    /// The key octets. Never log them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Number of octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no octets.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyMaterial(<redacted>, {} octets)", self.0.len())
    }
}

/// The EAP Master Session Key: MS-MPPE-Recv-Key || MS-MPPE-Send-Key (as
/// hostapd's ieee802_1x_get_keys builds it; the PMK is its first 32 octets).
pub type Msk = KeyMaterial;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = SharedSecret::from("testing123");
        assert_eq!(format!("{s:?}"), "SharedSecret(<redacted>)");
        let k = KeyMaterial::new(vec![0xaa; 64]);
        let d = format!("{k:?}");
        assert!(!d.contains("aa") && !d.contains("170"), "{d}");
        assert_eq!(s, SharedSecret::new(b"testing123".to_vec()));
        assert_ne!(s, SharedSecret::from("testing12"));
    }
}
