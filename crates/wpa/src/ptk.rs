//! The pairwise transient key and its derivation for the 4-way handshake
//! (IEEE 802.11-2020 12.7.1.3).
//!
//! ```text
//! PTK = PRF-Length(PMK, "Pairwise key expansion",
//!                  Min(AA, SPA) || Max(AA, SPA) || Min(ANonce, SNonce) || Max(ANonce, SNonce))
//! KCK = L(PTK, 0, KCK_bits), KEK = L(PTK, KCK_bits, KEK_bits), TK = L(PTK, KCK_bits + KEK_bits, TK_bits)
//! ```
//! AKMs 1 and 2 use PRF-n (HMAC-SHA1); SHA-256 AKMs and SAE use KDF-SHA-256
//! and the SHA-384 AKMs KDF-SHA-384, with the same label and context
//! (hostapd `wpa_pmk_to_ptk`). FT AKMs derive their PTK from PMK-R1 in
//! [`crate::ft`].

use core::fmt;

use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::akm::{Akm, AkmExt, PtkKdf};
use crate::cipher::{CipherExt, CipherSuite};
use crate::error::Error;
use crate::kdf::{kdf, KdfHash};
use crate::prf::prf_sha1;
use crate::secret::Pmk;
use crate::{MacAddr, Nonce, Result};

/// The PTK label of the 4-way handshake.
pub const PTK_LABEL: &[u8] = b"Pairwise key expansion";

/// The longest PTK held: KCK 32 + KEK 32 + TK 32 octets.
pub const PTK_MAX_LEN: usize = 96;

/// How a PTK splits into KCK, KEK and TK, in octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PtkLayout {
    /// Key confirmation key length.
    pub kck_len: usize,
    /// Key encryption key length.
    pub kek_len: usize,
    /// Temporal key length.
    pub tk_len: usize,
}

impl PtkLayout {
    /// The layout for an AKM and pairwise cipher.
    pub fn new(akm: Akm, cipher: CipherSuite) -> Result<Self> {
        let tk_len = cipher.tk_len().ok_or(Error::UnsupportedCipher(cipher))?;
        match (akm.kck_len(), akm.kek_len()) {
            (Some(kck_len), Some(kek_len)) => Ok(Self {
                kck_len,
                kek_len,
                tk_len,
            }),
            _ => Err(Error::UnsupportedAkm(akm)),
        }
    }

    /// KCK + KEK + TK, in octets.
    pub const fn len(&self) -> usize {
        // Saturating: the fields are public and may hold anything.
        self.kck_len
            .saturating_add(self.kek_len)
            .saturating_add(self.tk_len)
    }

    /// Always false for a layout from [`PtkLayout::new`].
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A pairwise transient key: KCK || KEK || TK, zeroized on drop.
#[derive(Clone)]
pub struct Ptk {
    bytes: [u8; PTK_MAX_LEN],
    layout: PtkLayout,
}

impl Ptk {
    /// Builds a PTK from its concatenated octets; `bytes.len()` must equal `layout.len()`.
    pub fn from_bytes(bytes: &[u8], layout: PtkLayout) -> Result<Self> {
        let mut ptk = Self::zeroed(layout)?;
        if bytes.len() != layout.len() {
            return Err(Error::KeyLength {
                what: "ptk",
                len: bytes.len(),
            });
        }
        ptk.as_mut_bytes().copy_from_slice(bytes);
        Ok(ptk)
    }

    pub(crate) fn zeroed(layout: PtkLayout) -> Result<Self> {
        if layout.len() > PTK_MAX_LEN {
            return Err(Error::KeyLength {
                what: "ptk",
                len: layout.len(),
            });
        }
        Ok(Self {
            bytes: [0; PTK_MAX_LEN],
            layout,
        })
    }

    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8] {
        let len = self.layout.len();
        self.bytes.get_mut(..len).unwrap_or(&mut [])
    }

    /// The whole PTK, KCK || KEK || TK.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.layout.len()).unwrap_or(&[])
    }

    /// The split of this PTK.
    pub fn layout(&self) -> PtkLayout {
        self.layout
    }

    /// Key confirmation key: EAPOL-Key and FT MICs.
    pub fn kck(&self) -> &[u8] {
        self.bytes.get(..self.layout.kck_len).unwrap_or(&[])
    }

    /// Key encryption key: wraps EAPOL-Key Key Data.
    pub fn kek(&self) -> &[u8] {
        let start = self.layout.kck_len;
        self.bytes
            .get(start..start + self.layout.kek_len)
            .unwrap_or(&[])
    }

    /// Temporal key: installed in the driver for the pairwise cipher.
    pub fn tk(&self) -> &[u8] {
        let start = self.layout.kck_len + self.layout.kek_len;
        self.bytes
            .get(start..start + self.layout.tk_len)
            .unwrap_or(&[])
    }
}

impl Drop for Ptk {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl ZeroizeOnDrop for Ptk {}

impl ConstantTimeEq for Ptk {
    fn ct_eq(&self, other: &Self) -> Choice {
        let same_layout = Choice::from(u8::from(self.layout == other.layout));
        same_layout & self.as_bytes().ct_eq(other.as_bytes())
    }
}

impl PartialEq for Ptk {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for Ptk {}

impl fmt::Debug for Ptk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ptk(<redacted>, {:?})", self.layout)
    }
}

impl fmt::Display for Ptk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Derives the 4-way handshake PTK from the PMK (12.7.1.3).
///
/// `aa` is the authenticator (BSSID), `spa` the station. Fails for FT AKMs
/// ([`Error::FtAkm`], use [`crate::ft::derive_ptk`]), unknown AKMs and
/// unknown ciphers.
pub fn derive_ptk(
    pmk: &Pmk,
    akm: Akm,
    cipher: CipherSuite,
    aa: &MacAddr,
    spa: &MacAddr,
    anonce: &Nonce,
    snonce: &Nonce,
) -> Result<Ptk> {
    let kind = akm.ptk_kdf().ok_or(Error::UnsupportedAkm(akm))?;
    if akm.is_ft() {
        return Err(Error::FtAkm);
    }
    let layout = PtkLayout::new(akm, cipher)?;
    let (a1, a2) = if aa <= spa { (aa, spa) } else { (spa, aa) };
    let (n1, n2) = if anonce <= snonce {
        (anonce, snonce)
    } else {
        (snonce, anonce)
    };
    let context: [&[u8]; 4] = [a1.as_bytes(), a2.as_bytes(), n1, n2];
    let mut ptk = Ptk::zeroed(layout)?;
    match kind {
        PtkKdf::PrfSha1 => prf_sha1(pmk.as_bytes(), PTK_LABEL, &context, ptk.as_mut_bytes())?,
        PtkKdf::KdfSha256 => kdf(
            KdfHash::Sha256,
            pmk.as_bytes(),
            PTK_LABEL,
            &context,
            ptk.as_mut_bytes(),
        )?,
        PtkKdf::KdfSha384 => kdf(
            KdfHash::Sha384,
            pmk.as_bytes(),
            PTK_LABEL,
            &context,
            ptk.as_mut_bytes(),
        )?,
    }
    Ok(ptk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::psk::psk_from_passphrase;

    const AA: MacAddr = MacAddr([0x02, 0, 0, 0, 0x00, 0]);
    const SPA: MacAddr = MacAddr([0x02, 0, 0, 0, 0x01, 0]);

    fn seq(start: u8) -> Nonce {
        core::array::from_fn(|i| start + i as u8)
    }

    fn ieee_pmk() -> Pmk {
        Pmk::from(&psk_from_passphrase(b"password", b"IEEE").unwrap())
    }

    // test-vectors.md "PMKID and PTK": PRF-384 over the password/IEEE PMK.
    #[test]
    fn prf384_ptk() {
        let ptk = derive_ptk(
            &ieee_pmk(),
            Akm::Psk,
            CipherSuite::Ccmp128,
            &AA,
            &SPA,
            &seq(0),
            &seq(0x20),
        )
        .unwrap();
        assert_eq!(hex::encode(ptk.kck()), "7ce02acf5396ba89735454d0acb33032");
        assert_eq!(hex::encode(ptk.kek()), "d1439f4f97b46a952a81d9bc525d32a7");
        assert_eq!(hex::encode(ptk.tk()), "ce4f038d832dc68f69eb3034410a6007");
        // Min/Max ordering: swapping roles gives the same PTK.
        let swapped = derive_ptk(
            &ieee_pmk(),
            Akm::Psk,
            CipherSuite::Ccmp128,
            &SPA,
            &AA,
            &seq(0x20),
            &seq(0),
        )
        .unwrap();
        assert_eq!(ptk, swapped);
    }

    // test-vectors.md: same inputs with KDF-SHA256-384 (AKM 6).
    #[test]
    fn kdf_sha256_ptk() {
        let ptk = derive_ptk(
            &ieee_pmk(),
            Akm::PskSha256,
            CipherSuite::Ccmp128,
            &AA,
            &SPA,
            &seq(0),
            &seq(0x20),
        )
        .unwrap();
        assert_eq!(
            hex::encode(ptk.as_bytes()),
            "94d05c77dfadf2a9cbe6a7334f28cac9cfa0f83a4e95d0334516d62331811b32\
             8f8b3fac6f3e2b055b0c4c4bd3c27d32"
        );
        let sae = derive_ptk(
            &ieee_pmk(),
            Akm::Sae,
            CipherSuite::Ccmp128,
            &AA,
            &SPA,
            &seq(0),
            &seq(0x20),
        )
        .unwrap();
        assert_eq!(ptk, sae);
    }

    // traces/psk-connect: the real 4-way handshake.
    #[test]
    fn psk_connect_trace_ptk() {
        let pmk = Pmk::from(&psk_from_passphrase(b"correct horse battery", b"roam-psk").unwrap());
        let anonce: Nonce =
            hex::decode("7c2957fb7987927ca5910d99482d0ffeac3a56ef4b902e62566659fd53448302")
                .unwrap()
                .try_into()
                .unwrap();
        let snonce: Nonce =
            hex::decode("224f04de86293e363170c11953c65ae0d14ad7ea46c7bf57e34887c8da95ca2f")
                .unwrap()
                .try_into()
                .unwrap();
        let ptk = derive_ptk(
            &pmk,
            Akm::Psk,
            CipherSuite::Ccmp128,
            &MacAddr([2, 0, 0, 0, 0, 0]),
            &MacAddr([2, 0, 0, 0, 2, 0]),
            &anonce,
            &snonce,
        )
        .unwrap();
        assert_eq!(hex::encode(ptk.kck()), "a4408970a36c62d9336e117bdfc59f29");
        assert_eq!(hex::encode(ptk.kek()), "969dbc0551336cec8369df37a620b1fe");
        assert_eq!(hex::encode(ptk.tk()), "5a78d72e7d6f18336729ab658b67eab6");
    }

    #[test]
    fn layouts() {
        let l = PtkLayout::new(Akm::Psk, CipherSuite::Gcmp256).unwrap();
        assert_eq!((l.kck_len, l.kek_len, l.tk_len, l.len()), (16, 16, 32, 64));
        let l = PtkLayout::new(Akm::Ieee8021xSuiteB192, CipherSuite::Gcmp256).unwrap();
        assert_eq!((l.kck_len, l.kek_len, l.tk_len, l.len()), (24, 32, 32, 88));
        assert_eq!(
            PtkLayout::new(Akm::Other([0; 3], 7), CipherSuite::Ccmp128),
            Err(Error::UnsupportedAkm(Akm::Other([0; 3], 7)))
        );
        assert!(PtkLayout::new(Akm::Psk, CipherSuite::Other([0; 3], 2)).is_err());
    }

    #[test]
    fn sha384_ptk_is_prefix_free_and_sized() {
        let pmk = Pmk::from_slice(&[0x11; 48]).unwrap();
        let ptk = derive_ptk(
            &pmk,
            Akm::Ieee8021xSuiteB192,
            CipherSuite::Gcmp256,
            &AA,
            &SPA,
            &seq(0),
            &seq(1),
        )
        .unwrap();
        assert_eq!(
            (ptk.kck().len(), ptk.kek().len(), ptk.tk().len()),
            (24, 32, 32)
        );
        let mut expect = [0u8; 88];
        let ctx: [&[u8]; 4] = [AA.as_bytes(), SPA.as_bytes(), &seq(0), &seq(1)];
        kdf(KdfHash::Sha384, &[0x11; 48], PTK_LABEL, &ctx, &mut expect).unwrap();
        assert_eq!(ptk.as_bytes(), &expect[..]);
    }

    #[test]
    fn rejects_ft_and_unknown() {
        let pmk = ieee_pmk();
        let r = derive_ptk(
            &pmk,
            Akm::FtPsk,
            CipherSuite::Ccmp128,
            &AA,
            &SPA,
            &seq(0),
            &seq(1),
        );
        assert_eq!(r.unwrap_err(), Error::FtAkm);
        let r = derive_ptk(
            &pmk,
            Akm::Other([0; 3], 1),
            CipherSuite::Ccmp128,
            &AA,
            &SPA,
            &seq(0),
            &seq(1),
        );
        assert_eq!(r.unwrap_err(), Error::UnsupportedAkm(Akm::Other([0; 3], 1)));
    }

    #[test]
    fn from_bytes_and_debug() {
        let layout = PtkLayout::new(Akm::Psk, CipherSuite::Ccmp128).unwrap();
        let ptk = Ptk::from_bytes(&[5; 48], layout).unwrap();
        assert_eq!(ptk.tk(), &[5; 16]);
        assert!(Ptk::from_bytes(&[5; 47], layout).is_err());
        assert_eq!(format!("{ptk}"), "<redacted>");
        assert!(!format!("{ptk:?}").contains('5'));
    }
}
