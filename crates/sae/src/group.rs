//! The groups this AP offers, and the non-generic face of the curve code: one enum per
//! value (PT, PWE, exchange) with a variant per curve, so callers never become generic.

use p256::NistP256;
#[cfg(feature = "ext-groups")]
use p384::NistP384;
#[cfg(feature = "ext-groups")]
use p521::NistP521;
use primeorder::{AffinePoint, ProjectivePoint};
use rand::{CryptoRng, RngCore};
use roamd_wpa::HashAlg;
use zeroize::Zeroize;

use crate::ecc::{self, Exchange, SaeCurve, Shared};
use crate::error::Error;

/// An SAE Finite Cyclic Group (IANA "Group Description" numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// 19: NIST P-256.
    P256,
    /// 20: NIST P-384 (feature `ext-groups`).
    #[cfg(feature = "ext-groups")]
    P384,
    /// 21: NIST P-521 (feature `ext-groups`).
    #[cfg(feature = "ext-groups")]
    P521,
}

impl Group {
    /// Every group of this build, in hostapd's preference order.
    #[cfg(feature = "ext-groups")]
    pub const ALL: &'static [Group] = &[Group::P256, Group::P384, Group::P521];
    /// Every group of this build: P-384 and P-521 need feature `ext-groups`.
    #[cfg(not(feature = "ext-groups"))]
    pub const ALL: &'static [Group] = &[Group::P256];

    /// The group with this number, if supported.
    pub const fn from_number(number: u16) -> Option<Self> {
        match number {
            19 => Some(Self::P256),
            #[cfg(feature = "ext-groups")]
            20 => Some(Self::P384),
            #[cfg(feature = "ext-groups")]
            21 => Some(Self::P521),
            _ => None,
        }
    }

    /// The group number (19, 20, 21).
    pub const fn number(self) -> u16 {
        match self {
            Self::P256 => 19,
            #[cfg(feature = "ext-groups")]
            Self::P384 => 20,
            #[cfg(feature = "ext-groups")]
            Self::P521 => 21,
        }
    }

    /// Prime length in octets: the length of a scalar and of each element coordinate.
    pub const fn prime_len(self) -> usize {
        match self {
            Self::P256 => NistP256::PRIME_LEN,
            #[cfg(feature = "ext-groups")]
            Self::P384 => NistP384::PRIME_LEN,
            #[cfg(feature = "ext-groups")]
            Self::P521 => NistP521::PRIME_LEN,
        }
    }

    /// Checks a peer's commit scalar and element (no scalar multiplication).
    pub(crate) fn check_peer(self, scalar: &[u8], element: &[u8]) -> Result<(), Error> {
        match self {
            Self::P256 => ecc::check_peer::<NistP256>(scalar, element).map(drop),
            #[cfg(feature = "ext-groups")]
            Self::P384 => ecc::check_peer::<NistP384>(scalar, element).map(drop),
            #[cfg(feature = "ext-groups")]
            Self::P521 => ecc::check_peer::<NistP521>(scalar, element).map(drop),
        }
    }

    /// The hash of hash-to-element and of its keys: SHA-256, SHA-384, SHA-512.
    pub const fn h2e_hash(self) -> HashAlg {
        match self {
            Self::P256 => NistP256::HASH,
            #[cfg(feature = "ext-groups")]
            Self::P384 => NistP384::HASH,
            #[cfg(feature = "ext-groups")]
            Self::P521 => NistP521::HASH,
        }
    }
}

/// One arm per curve: `$value` of enum `$from` to enum `$to`, binding the inner value.
macro_rules! per_curve {
    ($value:expr, $from:ident => $to:ident, |$x:ident| $body:expr) => {
        match $value {
            $from::P256($x) => $to::P256($body),
            #[cfg(feature = "ext-groups")]
            $from::P384($x) => $to::P384($body),
            #[cfg(feature = "ext-groups")]
            $from::P521($x) => $to::P521($body),
        }
    };
    ($value:expr, $from:ident, |$x:ident| $body:expr) => {
        match $value {
            $from::P256($x) => $body,
            #[cfg(feature = "ext-groups")]
            $from::P384($x) => $body,
            #[cfg(feature = "ext-groups")]
            $from::P521($x) => $body,
        }
    };
}

/// The password element's hash-to-element base (PT): password-equivalent, zeroized on drop.
pub(crate) enum Pt {
    P256(AffinePoint<NistP256>),
    #[cfg(feature = "ext-groups")]
    P384(AffinePoint<NistP384>),
    #[cfg(feature = "ext-groups")]
    P521(AffinePoint<NistP521>),
}

impl Drop for Pt {
    fn drop(&mut self) {
        per_curve!(self, Pt, |p| p.zeroize())
    }
}

impl Pt {
    /// PT for (SSID, password, identifier) on `group` (done once per password and group).
    pub(crate) fn derive(
        group: Group,
        ssid: &[u8],
        password: &[u8],
        identifier: Option<&[u8]>,
    ) -> Result<Self, Error> {
        Ok(match group {
            Group::P256 => Pt::P256(ecc::derive_pt(ssid, password, identifier)?),
            #[cfg(feature = "ext-groups")]
            Group::P384 => Pt::P384(ecc::derive_pt(ssid, password, identifier)?),
            #[cfg(feature = "ext-groups")]
            Group::P521 => Pt::P521(ecc::derive_pt(ssid, password, identifier)?),
        })
    }

    /// x || y, for the Annex J vectors.
    #[cfg(any(test, feature = "test-vectors"))]
    pub(crate) fn to_bytes(&self) -> Option<Vec<u8>> {
        per_curve!(self, Pt, |p| encode_affine(p))
    }

    /// PWE = val * PT for this pair of addresses.
    pub(crate) fn pwe(&self, addr1: &[u8; 6], addr2: &[u8; 6]) -> Result<Pwe, Error> {
        Ok(match self {
            Pt::P256(p) => Pwe::P256(ecc::pwe_from_pt(p, addr1, addr2)?),
            #[cfg(feature = "ext-groups")]
            Pt::P384(p) => Pwe::P384(ecc::pwe_from_pt(p, addr1, addr2)?),
            #[cfg(feature = "ext-groups")]
            Pt::P521(p) => Pwe::P521(ecc::pwe_from_pt(p, addr1, addr2)?),
        })
    }
}

#[cfg(any(test, feature = "test-vectors"))]
fn encode_affine<C: SaeCurve>(p: &AffinePoint<C>) -> Option<Vec<u8>> {
    C::encode(p)
}

/// The password element of one exchange.
pub(crate) enum Pwe {
    P256(ProjectivePoint<NistP256>),
    #[cfg(feature = "ext-groups")]
    P384(ProjectivePoint<NistP384>),
    #[cfg(feature = "ext-groups")]
    P521(ProjectivePoint<NistP521>),
}

impl Drop for Pwe {
    fn drop(&mut self) {
        per_curve!(self, Pwe, |p| p.zeroize())
    }
}

impl Pwe {
    /// PWE by hunting-and-pecking (at least 40 rounds, constant time in the password).
    pub(crate) fn hunting_and_pecking(
        group: Group,
        password: &[u8],
        addr1: &[u8; 6],
        addr2: &[u8; 6],
    ) -> Result<Self, Error> {
        Ok(match group {
            Group::P256 => Pwe::P256(ecc::hunting_and_pecking(password, addr1, addr2)?),
            #[cfg(feature = "ext-groups")]
            Group::P384 => Pwe::P384(ecc::hunting_and_pecking(password, addr1, addr2)?),
            #[cfg(feature = "ext-groups")]
            Group::P521 => Pwe::P521(ecc::hunting_and_pecking(password, addr1, addr2)?),
        })
    }

    /// x || y, for the Annex J vectors.
    #[cfg(any(test, feature = "test-vectors"))]
    pub(crate) fn to_bytes(&self) -> Option<Vec<u8>> {
        per_curve!(self, Pwe, |p| encode_affine(&p.to_affine()))
    }
}

/// The AP's commit on one group, and the peer commit processing.
pub(crate) enum AnyExchange {
    P256(Exchange<NistP256>),
    #[cfg(feature = "ext-groups")]
    P384(Exchange<NistP384>),
    #[cfg(feature = "ext-groups")]
    P521(Exchange<NistP521>),
}

impl AnyExchange {
    /// Draws rand and mask and computes the commit.
    pub(crate) fn new(pwe: &Pwe, rng: &mut (impl RngCore + CryptoRng)) -> Result<Self, Error> {
        Ok(per_curve!(pwe, Pwe => AnyExchange, |p| Exchange::new(*p, rng)?))
    }

    /// A commit from fixed rand and mask (Annex J).
    #[cfg(any(test, feature = "test-vectors"))]
    pub(crate) fn with_rand_mask(pwe: &Pwe, rand: &[u8], mask: &[u8]) -> Option<Self> {
        Some(per_curve!(pwe, Pwe => AnyExchange, |p| Exchange::with_rand_mask(*p, rand, mask)?))
    }

    pub(crate) fn scalar_bytes(&self) -> &[u8] {
        per_curve!(self, AnyExchange, |e| e.scalar_bytes())
    }

    pub(crate) fn element_bytes(&self) -> &[u8] {
        per_curve!(self, AnyExchange, |e| e.element_bytes())
    }

    pub(crate) fn process_peer(&self, scalar: &[u8], element: &[u8]) -> Result<Shared, Error> {
        per_curve!(self, AnyExchange, |e| e.process_peer(scalar, element))
    }
}
