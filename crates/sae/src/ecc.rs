//! The elliptic-curve half of SAE, written once over the curve (IEEE 802.11-2020 12.4.4.2).
//!
//! Everything secret goes through the curve crates' constant-time field and scalar types:
//! hunting-and-pecking tests every candidate with `sqrt()` and keeps the winner with
//! conditional selection, so its run time does not depend on the password. Points from the
//! air are decoded by SEC1, which checks the coordinates are below p and on the curve.

use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::group::Group as _;
use elliptic_curve::hash2curve::MapToCurve;
use elliptic_curve::ops::Reduce;
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::sec1::{EncodedPoint, FromEncodedPoint, ToEncodedPoint};
use elliptic_curve::subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use elliptic_curve::{FieldBytes, Scalar};
use primeorder::{AffinePoint, PrimeCurveParams, ProjectivePoint};
use rand::{CryptoRng, RngCore};
use roamd_wpa::hash::hmac_parts;
use roamd_wpa::kdf::{kdf_bits, KdfHash};
use roamd_wpa::HashAlg;
use zeroize::{Zeroize, Zeroizing};

use crate::error::Error;

/// hostapd `dragonfly_min_pwe_loop_iter()`: hunting-and-pecking runs at least this many
/// rounds, found or not, so the round that found the PWE is not visible.
const MIN_HUNTING_ROUNDS: u8 = 40;
/// hostapd gives up after this many rounds (2^-200 odds for a valid password).
const MAX_HUNTING_ROUNDS: u8 = 200;

/// A curve SAE runs on: the RustCrypto curve plus the two things its crate spells
/// concretely (the SSWU map and SEC1 coding), so the rest is one generic body.
pub(crate) trait SaeCurve: PrimeCurveParams {
    /// The hash of H2E, keyed by the prime length (hostapd `sae_ecc_prime_len_2_hash_len()`).
    const HASH: HashAlg;
    /// Prime length in octets.
    const PRIME_LEN: usize;

    /// RFC 9380 simplified SWU with the curve's Z (-10, -12, -4) and sgn0 = parity.
    fn sswu(u: &Self::FieldElement) -> ProjectivePoint<Self>;
    /// x || y, big-endian, `PRIME_LEN` each; `None` for the identity.
    fn encode(point: &AffinePoint<Self>) -> Option<Vec<u8>>;
    /// The point (x, y): coordinates below p and on the curve (SEC1 decoding checks both).
    fn point(x: &FieldBytes<Self>, y: &FieldBytes<Self>) -> CtOption<AffinePoint<Self>>;

    /// A point from x || y, `PRIME_LEN` octets each.
    fn decode(xy: &[u8]) -> Option<AffinePoint<Self>> {
        if xy.len() != 2 * Self::PRIME_LEN {
            return None;
        }
        let (x, y) = xy.split_at(Self::PRIME_LEN);
        Option::from(Self::point(
            &field_bytes::<Self>(x)?,
            &field_bytes::<Self>(y)?,
        ))
    }
}

macro_rules! sae_curve {
    ($curve:ty, $hash:expr, $len:literal) => {
        impl SaeCurve for $curve {
            const HASH: HashAlg = $hash;
            const PRIME_LEN: usize = $len;

            fn sswu(u: &<$curve as PrimeCurveParams>::FieldElement) -> ProjectivePoint<Self> {
                u.map_to_curve()
            }

            fn encode(point: &AffinePoint<Self>) -> Option<Vec<u8>> {
                let encoded = point.to_encoded_point(false);
                let (x, y) = (encoded.x()?, encoded.y()?);
                let mut out = Vec::with_capacity(2 * $len);
                out.extend_from_slice(x);
                out.extend_from_slice(y);
                Some(out)
            }

            fn point(x: &FieldBytes<Self>, y: &FieldBytes<Self>) -> CtOption<AffinePoint<Self>> {
                let encoded = EncodedPoint::<Self>::from_affine_coordinates(x, y, false);
                AffinePoint::<Self>::from_encoded_point(&encoded)
            }
        }
    };
}

sae_curve!(p256::NistP256, HashAlg::Sha256, 32);
#[cfg(feature = "ext-groups")]
sae_curve!(p384::NistP384, HashAlg::Sha384, 48);
#[cfg(feature = "ext-groups")]
sae_curve!(p521::NistP521, HashAlg::Sha512, 66);

/// The `PRIME_LEN`-octet big-endian form of a field element or scalar repr.
fn field_bytes<C: SaeCurve>(bytes: &[u8]) -> Option<FieldBytes<C>> {
    (bytes.len() == C::PRIME_LEN).then(|| FieldBytes::<C>::clone_from_slice(bytes))
}

/// MAX(a, b) || MIN(a, b), the address order of every SAE derivation.
pub(crate) fn max_min(a: &[u8; 6], b: &[u8; 6]) -> [u8; 12] {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    let mut out = [0u8; 12];
    out[..6].copy_from_slice(hi);
    out[6..].copy_from_slice(lo);
    out
}

/// y^2 = x^3 + ax + b.
fn y_squared<C: SaeCurve>(x: &C::FieldElement) -> C::FieldElement {
    let x2 = x.square();
    x2 * x + C::EQUATION_A * x + C::EQUATION_B
}

/// The point (x, y) with y of the given parity; x must be on the curve.
fn point_with_parity<C: SaeCurve>(
    x: &C::FieldElement,
    odd: Choice,
) -> CtOption<ProjectivePoint<C>> {
    let y2 = y_squared::<C>(x);
    y2.sqrt().and_then(|y| {
        let y = C::FieldElement::conditional_select(&-y, &y, y.is_odd().ct_eq(&odd));
        C::point(&x.to_repr(), &y.to_repr()).map(ProjectivePoint::<C>::from)
    })
}

/// PWE by hunting-and-pecking (12.4.4.2.2, hostapd `sae_derive_pwe_ecc()`).
///
/// pwd-seed = HMAC-SHA256(MAX(addr) || MIN(addr), password || counter);
/// pwd-value = KDF-SHA256-bits(pwd-seed, "SAE Hunting and Pecking", p), bits = len(p).
/// The first pwd-value below p whose y^2 is a square gives x; y has the parity of the
/// last pwd-seed octet.
pub(crate) fn hunting_and_pecking<C: SaeCurve>(
    password: &[u8],
    addr1: &[u8; 6],
    addr2: &[u8; 6],
) -> Result<ProjectivePoint<C>, Error> {
    let key = max_min(addr1, addr2);
    let prime = prime_bytes::<C>();
    let bits = C::FieldElement::NUM_BITS;
    let bits16 = u16::try_from(bits).map_err(|_| Error::Internal("prime size"))?;
    let mut found = Choice::from(0);
    let mut x_found = C::FieldElement::ZERO;
    let mut seed_odd = Choice::from(0);
    let mut value = Zeroizing::new(vec![0u8; C::PRIME_LEN]);
    let mut seed = Zeroizing::new([0u8; 32]);
    for counter in 1..=MAX_HUNTING_ROUNDS {
        // The standard's loop condition: only a password needing more than 40 rounds
        // (odds 2^-40) makes the count visible, as in hostapd.
        if counter > MIN_HUNTING_ROUNDS && bool::from(found) {
            break;
        }
        hmac_parts(
            HashAlg::Sha256,
            &key,
            &[password, &[counter]],
            &mut seed[..],
        );
        kdf_bits(
            KdfHash::Sha256,
            &seed[..],
            b"SAE Hunting and Pecking",
            &[&prime],
            bits16,
            &mut value,
        )
        .map_err(|_| Error::Internal("kdf length"))?;
        shift_right(&mut value, (8 - bits % 8) % 8);
        let candidate = field_bytes::<C>(&value)
            .map(C::FieldElement::from_repr)
            .ok_or(Error::Internal("prime length"))?;
        let in_range = candidate.is_some();
        let x = candidate.unwrap_or(C::FieldElement::ZERO);
        let is_square = y_squared::<C>(&x).sqrt().is_some();
        let fresh = in_range & is_square & !found;
        x_found.conditional_assign(&x, fresh);
        let last = seed.last().copied().unwrap_or(0);
        seed_odd.conditional_assign(&Choice::from(last & 1), fresh);
        found |= in_range & is_square;
    }
    // Not found in 200 rounds: x_found is still zero, which must not become a PWE.
    let pwe = point_with_parity::<C>(&x_found, seed_odd).and_then(|p| CtOption::new(p, found));
    Option::from(pwe).ok_or(Error::NoPasswordElement)
}

/// Shifts a big-endian number right by `shift` (< 8) bits, in place.
fn shift_right(value: &mut [u8], shift: u32) {
    if shift == 0 {
        return;
    }
    let mut carry = 0u8;
    for byte in value.iter_mut() {
        let next = *byte << (8 - shift);
        *byte = (*byte >> shift) | carry;
        carry = next;
    }
}

/// p, big-endian, `PRIME_LEN` octets (the KDF context of hunting-and-pecking). p is not a
/// field element; p - 1 is, and p being odd, p is p - 1 with its lowest bit set.
fn prime_bytes<C: SaeCurve>() -> Vec<u8> {
    let mut p = (-C::FieldElement::ONE).to_repr().to_vec();
    if let Some(last) = p.last_mut() {
        *last |= 1;
    }
    p
}

/// `value` (big-endian, any length) modulo p, in constant time: Horner's rule over chunks
/// one octet shorter than p, each of which is below p by construction.
fn reduce_mod_p<C: SaeCurve>(value: &[u8]) -> Result<C::FieldElement, Error> {
    let chunk = C::PRIME_LEN - 1;
    // 2^(8 * chunk): a one then `chunk` zero octets.
    let mut radix = vec![0u8; C::PRIME_LEN];
    if let Some(first) = radix.first_mut() {
        *first = 1;
    }
    let radix: C::FieldElement = Option::from(C::FieldElement::from_repr(
        field_bytes::<C>(&radix).ok_or(Error::Internal("prime length"))?,
    ))
    .ok_or(Error::Internal("radix above p"))?;
    let first = match value.len() % chunk {
        0 => chunk,
        n => n,
    };
    let (head, tail) = value.split_at(first.min(value.len()));
    let mut acc = field_from_padded::<C>(head)?;
    for part in tail.chunks(chunk) {
        acc = acc * radix + field_from_padded::<C>(part)?;
    }
    Ok(acc)
}

/// A field element from at most `PRIME_LEN - 1` big-endian octets (always below p).
fn field_from_padded<C: SaeCurve>(bytes: &[u8]) -> Result<C::FieldElement, Error> {
    if bytes.len() >= C::PRIME_LEN {
        return Err(Error::Internal("chunk length"));
    }
    let mut padded = Zeroizing::new(vec![0u8; C::PRIME_LEN]);
    right_align(bytes, &mut padded)?;
    let repr = field_bytes::<C>(&padded).ok_or(Error::Internal("prime length"))?;
    Option::from(C::FieldElement::from_repr(repr)).ok_or(Error::Internal("chunk above p"))
}

/// Copies `src` into the last octets of `dst` (a big-endian number zero-extended).
fn right_align(src: &[u8], dst: &mut [u8]) -> Result<(), Error> {
    let start = dst
        .len()
        .checked_sub(src.len())
        .ok_or(Error::Internal("number too long"))?;
    dst.get_mut(start..)
        .ok_or(Error::Internal("number too long"))?
        .copy_from_slice(src);
    Ok(())
}

/// PT for hash-to-element (12.4.4.2.3, hostapd `sae_derive_pt_ecc()`).
///
/// pwd-seed = HKDF-Extract(ssid, password [|| identifier]);
/// u1, u2 = HKDF-Expand(pwd-seed, "SAE Hash to Element u1 P1" / "... u2 P2", len) mod p,
/// len = olen(p) + ceil(olen(p) / 2) (99 for P-521, not RFC 9380's 98);
/// PT = SSWU(u1) + SSWU(u2).
pub(crate) fn derive_pt<C: SaeCurve>(
    ssid: &[u8],
    password: &[u8],
    identifier: Option<&[u8]>,
) -> Result<AffinePoint<C>, Error> {
    let hash_len = C::HASH.output_len();
    let mut seed = Zeroizing::new([0u8; 64]);
    let seed = seed
        .get_mut(..hash_len)
        .ok_or(Error::Internal("hash length"))?;
    hmac_parts(
        C::HASH,
        ssid,
        &[password, identifier.unwrap_or_default()],
        seed,
    );
    let len = C::PRIME_LEN + C::PRIME_LEN.div_ceil(2);
    let mut value = Zeroizing::new(vec![0u8; len]);
    let mut pt = ProjectivePoint::<C>::IDENTITY;
    for label in [
        &b"SAE Hash to Element u1 P1"[..],
        b"SAE Hash to Element u2 P2",
    ] {
        hkdf_expand(C::HASH, seed, label, &mut value)?;
        let u = reduce_mod_p::<C>(&value)?;
        pt += C::sswu(&u);
    }
    Ok(pt.to_affine())
}

fn hkdf_expand(hash: HashAlg, prk: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    use hkdf::Hkdf;
    let result = match hash {
        HashAlg::Sha256 => Hkdf::<sha2::Sha256>::from_prk(prk).map(|h| h.expand(info, out).is_ok()),
        HashAlg::Sha384 => Hkdf::<sha2::Sha384>::from_prk(prk).map(|h| h.expand(info, out).is_ok()),
        HashAlg::Sha512 => Hkdf::<sha2::Sha512>::from_prk(prk).map(|h| h.expand(info, out).is_ok()),
        HashAlg::Sha1 => Ok(false),
    };
    match result {
        Ok(true) => Ok(()),
        _ => Err(Error::Internal("hkdf length")),
    }
}

/// PWE = val * PT, val = HKDF-Extract(0^n, MAX(addr) || MIN(addr)) mod (r - 1) + 1
/// (hostapd `sae_derive_pwe_from_pt_ecc()`). val depends only on the addresses, so the
/// reduction may branch.
pub(crate) fn pwe_from_pt<C: SaeCurve>(
    pt: &AffinePoint<C>,
    addr1: &[u8; 6],
    addr2: &[u8; 6],
) -> Result<ProjectivePoint<C>, Error> {
    let hash_len = C::HASH.output_len();
    let mut hash = [0u8; 64];
    let hash = hash
        .get_mut(..hash_len)
        .ok_or(Error::Internal("hash length"))?;
    let zeros = [0u8; 64];
    let salt = zeros.get(..hash_len).unwrap_or_default();
    hmac_parts(C::HASH, salt, &[&max_min(addr1, addr2)], hash);
    let mut repr = vec![0u8; C::PRIME_LEN];
    right_align(hash, &mut repr)?;
    let repr = field_bytes::<C>(&repr).ok_or(Error::Internal("prime length"))?;
    // hash < 2^bits(r) < 2 (r - 1), so val mod (r - 1) + 1 = hash + 1 below r - 1, and
    // hash - r + 2 otherwise: in arithmetic mod r that is (hash mod r) + 1 + [hash >= r - 1].
    let exact: Option<Scalar<C>> = Scalar::<C>::from_repr(repr.clone()).into();
    let at_least_r_minus_1 = match exact {
        None => true,
        Some(s) => s == -Scalar::<C>::ONE,
    };
    let mut val = <Scalar<C> as Reduce<C::Uint>>::reduce_bytes(&repr) + Scalar::<C>::ONE;
    if at_least_r_minus_1 {
        val += Scalar::<C>::ONE;
    }
    Ok(ProjectivePoint::<C>::from(*pt) * val)
}

/// An AP's side of one exchange on curve `C`: its commit, and the peer's once checked.
pub(crate) struct Exchange<C: SaeCurve> {
    pwe: ProjectivePoint<C>,
    rand: Scalar<C>,
    scalar: Scalar<C>,
    /// Own scalar || element, as sent.
    scalar_bytes: Vec<u8>,
    element_bytes: Vec<u8>,
}

impl<C: SaeCurve> Drop for Exchange<C> {
    fn drop(&mut self) {
        self.pwe.zeroize();
        self.rand.zeroize();
    }
}

/// What the peer's commit gave: k and (scalar + peer scalar) mod r, both secret until
/// hashed.
pub(crate) struct Shared {
    /// x of K = rand * (peer-scalar * PWE + PEER-ELEMENT), `PRIME_LEN` octets.
    pub(crate) k: Zeroizing<Vec<u8>>,
    /// (commit-scalar + peer-commit-scalar) mod r, order length (= prime length here).
    pub(crate) scalar_sum: Zeroizing<Vec<u8>>,
}

impl<C: SaeCurve> Exchange<C> {
    /// rand, mask in [2, r - 1] with rand + mask mod r > 1 (hostapd
    /// `dragonfly_generate_scalar()`); COMMIT-ELEMENT = -(mask * PWE).
    pub(crate) fn new(
        pwe: ProjectivePoint<C>,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self, Error> {
        for _ in 0..100 {
            let rand = Scalar::<C>::random(&mut *rng);
            let mut mask = Scalar::<C>::random(&mut *rng);
            let scalar = rand + mask;
            // Uniform random values: these comparisons reveal only rejected draws.
            let small = |s: &Scalar<C>| bool::from(s.is_zero() | s.ct_eq(&Scalar::<C>::ONE));
            if small(&rand) || small(&mask) || small(&scalar) {
                continue;
            }
            let element = (-(pwe * mask)).to_affine();
            mask.zeroize();
            let element_bytes = C::encode(&element).ok_or(Error::Internal("identity element"))?;
            return Ok(Self {
                pwe,
                rand,
                scalar,
                scalar_bytes: scalar.to_repr().to_vec(),
                element_bytes,
            });
        }
        Err(Error::Internal("no random scalar"))
    }

    /// Fixed rand and mask, for the Annex J vectors.
    #[cfg(any(test, feature = "test-vectors"))]
    pub(crate) fn with_rand_mask(
        pwe: ProjectivePoint<C>,
        rand: &[u8],
        mask: &[u8],
    ) -> Option<Self> {
        let rand: Scalar<C> = Option::from(Scalar::<C>::from_repr(field_bytes::<C>(rand)?))?;
        let mask: Scalar<C> = Option::from(Scalar::<C>::from_repr(field_bytes::<C>(mask)?))?;
        let scalar = rand + mask;
        let element_bytes = C::encode(&(-(pwe * mask)).to_affine())?;
        Some(Self {
            pwe,
            rand,
            scalar,
            scalar_bytes: scalar.to_repr().to_vec(),
            element_bytes,
        })
    }

    pub(crate) fn scalar_bytes(&self) -> &[u8] {
        &self.scalar_bytes
    }

    pub(crate) fn element_bytes(&self) -> &[u8] {
        &self.element_bytes
    }

    /// Derives k from the peer's commit (hostapd `sae_derive_k_ecc()`); K must not be the
    /// identity.
    pub(crate) fn process_peer(&self, scalar: &[u8], element: &[u8]) -> Result<Shared, Error> {
        let (peer_scalar, peer_element) = check_peer::<C>(scalar, element)?;
        let big_k = ((self.pwe * peer_scalar) + peer_element) * self.rand;
        let big_k = big_k.to_affine();
        if bool::from(ProjectivePoint::<C>::from(big_k).is_identity()) {
            return Err(Error::BadElement);
        }
        let k = Zeroizing::new(big_k.x().to_vec());
        let sum = self.scalar + peer_scalar;
        Ok(Shared {
            k,
            scalar_sum: Zeroizing::new(sum.to_repr().to_vec()),
        })
    }
}

/// Checks a peer's commit (12.4.5.4, hostapd `sae_parse_commit_scalar()`,
/// `sae_parse_commit_element_ecc()`): scalar in (1, r), element a point on the curve
/// (coordinates below p) and not the identity. Cheap: no scalar multiplication.
pub(crate) fn check_peer<C: SaeCurve>(
    scalar: &[u8],
    element: &[u8],
) -> Result<(Scalar<C>, ProjectivePoint<C>), Error> {
    let repr = field_bytes::<C>(scalar).ok_or(Error::BadScalar)?;
    let peer_scalar: Scalar<C> =
        Option::from(Scalar::<C>::from_repr(repr)).ok_or(Error::BadScalar)?;
    if bool::from(peer_scalar.is_zero() | peer_scalar.ct_eq(&Scalar::<C>::ONE)) {
        return Err(Error::BadScalar);
    }
    let peer_element = ProjectivePoint::<C>::from(C::decode(element).ok_or(Error::BadElement)?);
    if bool::from(peer_element.is_identity()) {
        return Err(Error::BadElement);
    }
    Ok((peer_scalar, peer_element))
}
