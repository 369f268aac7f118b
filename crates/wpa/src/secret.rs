//! Containers for key material.
//!
//! Every type here zeroizes its bytes on drop, compares in constant time
//! (via `subtle`) and prints `<redacted>` from `Debug` and `Display`, so a
//! stray `{:?}` in a log line never leaks a key. The bytes are reachable only
//! through an explicit `as_bytes()`.

use core::fmt;

use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::Error;
use crate::Result;

/// Up to `N` secret octets stored inline (no heap), zeroized on drop.
#[derive(Clone)]
pub struct SecretBytes<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> SecretBytes<N> {
    /// Copies `bytes`; fails if longer than `N`.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let mut out = Self::zeroed(bytes.len()).ok_or(Error::KeyLength {
            what: "secret",
            len: bytes.len(),
        })?;
        out.as_mut_bytes().copy_from_slice(bytes);
        Ok(out)
    }

    /// `len` zero octets, or `None` if `len > N`; filled in by the caller.
    pub(crate) fn zeroed(len: usize) -> Option<Self> {
        (len <= N).then_some(Self { bytes: [0; N], len })
    }

    /// The secret octets.
    pub fn as_bytes(&self) -> &[u8] {
        // `len <= N` is an invariant of every constructor.
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8] {
        let len = self.len;
        self.bytes.get_mut(..len).unwrap_or(&mut [])
    }

    /// Length in octets.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if no octets are held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<const N: usize> Drop for SecretBytes<N> {
    fn drop(&mut self) {
        self.bytes.zeroize();
        self.len = 0;
    }
}

impl<const N: usize> ZeroizeOnDrop for SecretBytes<N> {}

impl<const N: usize> ConstantTimeEq for SecretBytes<N> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.as_bytes().ct_eq(other.as_bytes())
    }
}

impl<const N: usize> PartialEq for SecretBytes<N> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<const N: usize> Eq for SecretBytes<N> {}

impl<const N: usize> fmt::Debug for SecretBytes<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<const N: usize> fmt::Display for SecretBytes<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Heap-allocated secret octets of any length (unwrapped Key Data), zeroized on drop.
#[derive(Clone, Default)]
pub struct SecretVec(Vec<u8>);

impl SecretVec {
    /// Copies `bytes`.
    pub fn from_slice(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// `len` zero octets.
    pub(crate) fn zeroed(len: usize) -> Self {
        Self(vec![0; len])
    }

    /// The secret octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8] {
        &mut self.0
    }

    /// Drops everything from `len` on, zeroizing it.
    pub fn truncate(&mut self, len: usize) {
        if let Some(tail) = self.0.get_mut(len..) {
            tail.zeroize();
        }
        self.0.truncate(len);
    }

    /// Length in octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True if no octets are held.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for SecretVec {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for SecretVec {}

impl ConstantTimeEq for SecretVec {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.as_slice().ct_eq(other.0.as_slice())
    }
}

impl PartialEq for SecretVec {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SecretVec {}

impl fmt::Debug for SecretVec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for SecretVec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Defines a named secret newtype over [`SecretBytes`] with a set of valid lengths.
macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $cap:literal, [$($len:literal),+]) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(SecretBytes<$cap>);

        impl $name {
            /// The lengths, in octets, this key may have.
            pub const VALID_LENGTHS: &'static [usize] = &[$($len),+];

            /// Copies `bytes`; fails unless its length is one of [`Self::VALID_LENGTHS`].
            pub fn from_slice(bytes: &[u8]) -> Result<Self> {
                if !Self::VALID_LENGTHS.contains(&bytes.len()) {
                    return Err(Error::KeyLength { what: $what, len: bytes.len() });
                }
                SecretBytes::from_slice(bytes)
                    .map(Self)
                    .map_err(|_| Error::KeyLength { what: $what, len: bytes.len() })
            }

            /// `len` zero octets for the caller to fill; `len` must be valid.
            #[allow(dead_code)]
            pub(crate) fn zeroed(len: usize) -> Result<Self> {
                if !Self::VALID_LENGTHS.contains(&len) {
                    return Err(Error::KeyLength { what: $what, len });
                }
                SecretBytes::zeroed(len)
                    .map(Self)
                    .ok_or(Error::KeyLength { what: $what, len })
            }

            /// The key octets.
            pub fn as_bytes(&self) -> &[u8] {
                self.0.as_bytes()
            }

            #[allow(dead_code)]
            pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8] {
                self.0.as_mut_bytes()
            }

            /// Length in octets.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Always false: every valid length is non-zero.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl ConstantTimeEq for $name {
            fn ct_eq(&self, other: &Self) -> Choice {
                self.0.ct_eq(&other.0)
            }
        }

        impl ZeroizeOnDrop for $name {}

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
    };
}

secret_type!(
    /// Pairwise master key: 256 bits, 384 for SHA-384 AKMs, up to 512 for
    /// SAE-EXT-KEY/OWE/DPP (IEEE 802.11-2020 12.7.1.3).
    Pmk, "pmk", 64, [32, 48, 64]
);

secret_type!(
    /// Pre-shared key: the 256-bit PSK from a passphrase or a 64-hex-digit string.
    Psk, "psk", 32, [32]
);

secret_type!(
    /// FT first-level key PMK-R0 (IEEE 802.11-2020 12.7.1.7.3): 256 or 384 bits.
    PmkR0, "pmk-r0", 48, [32, 48]
);

secret_type!(
    /// FT second-level key PMK-R1 (IEEE 802.11-2020 12.7.1.7.4): 256 or 384 bits.
    PmkR1, "pmk-r1", 48, [32, 48]
);

secret_type!(
    /// FT XXKey: the PSK, the second 256 bits of the MSK, or the first 384
    /// bits of the MSK for FT-802.1X-SHA384 (IEEE 802.11-2020 12.7.1.7.3).
    XxKey, "xxkey", 48, [32, 48]
);

secret_type!(
    /// Group temporal key: 16 octets (CCMP-128/GCMP-128) or 32 (CCMP-256/GCMP-256, TKIP).
    Gtk, "gtk", 32, [16, 32]
);

secret_type!(
    /// Integrity group temporal key: 16 octets (BIP-CMAC-128/GMAC-128) or 32 (-256).
    Igtk, "igtk", 32, [16, 32]
);

impl<const N: usize> SecretBytes<N> {
    /// A copy of the first `N` octets of a shorter key, for conversions
    /// whose lengths fit by construction (a 32-octet PSK into a PMK).
    fn copy_of<const M: usize>(src: &SecretBytes<M>) -> Self {
        let mut out = Self {
            bytes: [0; N],
            len: src.len().min(N),
        };
        for (dst, byte) in out.bytes.iter_mut().zip(src.as_bytes()) {
            *dst = *byte;
        }
        out
    }
}

impl Psk {
    /// Wraps a 32-octet array.
    pub fn from_array(bytes: [u8; 32]) -> Self {
        Self(SecretBytes { bytes, len: 32 })
    }
}

impl From<&Psk> for Pmk {
    /// With a PSK AKM the PMK is the PSK (IEEE 802.11-2020 12.7.1.3).
    fn from(psk: &Psk) -> Self {
        Self(SecretBytes::copy_of(&psk.0))
    }
}

impl From<&Psk> for XxKey {
    /// With FT-PSK the XXKey is the PSK (IEEE 802.11-2020 12.7.1.7.3).
    fn from(psk: &Psk) -> Self {
        Self(SecretBytes::copy_of(&psk.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let pmk = Pmk::from_slice(&[0x42; 32]).unwrap();
        assert_eq!(format!("{pmk:?}"), "Pmk(<redacted>)");
        assert_eq!(format!("{pmk}"), "<redacted>");
        let s = SecretBytes::<8>::from_slice(&[1, 2, 3]).unwrap();
        assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
        let v = SecretVec::from_slice(&[9; 5]);
        assert_eq!(format!("{v:?} {v}"), "<redacted> <redacted>");
    }

    #[test]
    fn lengths_are_checked() {
        assert!(Pmk::from_slice(&[0; 31]).is_err());
        assert!(Pmk::from_slice(&[0; 48]).is_ok());
        assert!(Psk::from_slice(&[0; 48]).is_err());
        assert!(Gtk::from_slice(&[0; 16]).is_ok());
        assert!(Gtk::from_slice(&[0; 24]).is_err());
        assert!(SecretBytes::<4>::from_slice(&[0; 5]).is_err());
        assert_eq!(
            PmkR0::from_slice(&[0; 3]),
            Err(Error::KeyLength {
                what: "pmk-r0",
                len: 3
            })
        );
    }

    #[test]
    fn constant_time_equality() {
        let a = Gtk::from_slice(&[1; 16]).unwrap();
        let b = Gtk::from_slice(&[1; 16]).unwrap();
        let c = Gtk::from_slice(&[2; 16]).unwrap();
        let d = Gtk::from_slice(&[1; 32]).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert!(bool::from(a.ct_eq(&b)));
    }

    #[test]
    fn psk_converts_to_pmk_and_xxkey() {
        let psk = Psk::from_array([7; 32]);
        assert_eq!(Pmk::from(&psk).as_bytes(), &[7; 32]);
        assert_eq!(XxKey::from(&psk).as_bytes(), &[7; 32]);
    }

    #[test]
    fn secret_vec_truncate() {
        let mut v = SecretVec::from_slice(&[1, 2, 3, 4]);
        v.truncate(2);
        assert_eq!(v.as_bytes(), &[1, 2]);
        v.truncate(10);
        assert_eq!(v.len(), 2);
    }
}
