//! The FT key hierarchy (IEEE 802.11-2020 12.7.1.7) and the FT MIC (13.8.4).
//!
//! ```text
//! R0-Key-Data = KDF-Hash-Length(XXKey, "FT-R0",
//!                 SSIDlength || SSID || MDID || R0KHlength || R0KH-ID || S0KH-ID)
//! PMK-R0 = L(R0-Key-Data, 0, Q), PMK-R0Name-Salt = L(R0-Key-Data, Q, 128)
//! PMKR0Name = Truncate-128(Hash("FT-R0N" || PMK-R0Name-Salt))
//! PMK-R1 = KDF-Hash-Q(PMK-R0, "FT-R1", R1KH-ID || S1KH-ID)
//! PMKR1Name = Truncate-128(Hash("FT-R1N" || PMKR0Name || R1KH-ID || S1KH-ID))
//! PTK = KDF-Hash-PTKLen(PMK-R1, "FT-PTK", SNonce || ANonce || BSSID || STA-ADDR)
//! PTKName = Truncate-128(SHA-256(PMKR1Name || "FT-PTKN" || SNonce || ANonce || BSSID || STA-ADDR))
//! ```
//! Q and Hash are 256 / SHA-256 for FT-PSK, FT-802.1X and FT-SAE, and
//! 384 / SHA-384 for FT-802.1X-SHA384. PTKName always uses SHA-256, as
//! hostapd does (`wpa_pmk_r1_to_ptk`).

use core::fmt;

use subtle::ConstantTimeEq;

use crate::akm::{Akm, AkmExt};
use crate::cipher::CipherSuite;
use crate::error::Error;
use crate::hash::{digest_parts, HashAlg};
use crate::kdf::{kdf, KdfHash};
use crate::mic::{mic_of_parts, Mic};
use crate::ptk::{Ptk, PtkLayout};
use crate::secret::{PmkR0, PmkR1, Psk, SecretBytes, XxKey};
use crate::{MacAddr, Nonce, Result};

/// Longest R0KH-ID, in octets (hostapd `FT_R0KH_ID_MAX_LEN`).
pub const R0KH_ID_MAX_LEN: usize = 48;

/// Longest SSID, in octets.
const SSID_MAX_LEN: usize = 32;

/// Offset of the MIC in an FTE element (ID, Length, MIC Control).
pub const FTE_MIC_OFFSET: usize = 4;

/// FT authentication sequence number of a Reassociation Request MIC.
pub const FT_SEQ_REASSOC_REQUEST: u8 = 5;

/// FT authentication sequence number of a Reassociation Response MIC.
pub const FT_SEQ_REASSOC_RESPONSE: u8 = 6;

macro_rules! key_name {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            /// The name octets.
            pub const fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }
        }

        impl From<[u8; 16]> for $name {
            fn from(b: [u8; 16]) -> Self {
                Self(b)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
    };
}

key_name!(
    /// PMKR0Name: names a PMK-R0, sent by the STA in the RSNE PMKID list of FT auth.
    PmkR0Name
);
key_name!(
    /// PMKR1Name: names a PMK-R1; the PMKID of the RSNE in FT reassociation
    /// and in message 2/3 of the FT initial mobility domain association.
    PmkR1Name
);
key_name!(
    /// PTKName: names an FT PTK.
    PtkName
);

impl From<PmkR1Name> for crate::pmkid::Pmkid {
    fn from(n: PmkR1Name) -> Self {
        Self(n.0)
    }
}

/// The output of the PMK-R0 derivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmkR0Derivation {
    /// PMK-R0, Q bits.
    pub pmk_r0: PmkR0,
    /// PMK-R0Name-Salt (not secret: it only feeds the name hash).
    pub salt: [u8; 16],
    /// PMKR0Name.
    pub pmk_r0_name: PmkR0Name,
}

/// The FT hash of an AKM: SHA-256 or SHA-384 (Q = 256 or 384).
fn ft_hash(akm: Akm) -> Result<KdfHash> {
    match akm {
        Akm::FtPsk | Akm::FtIeee8021x | Akm::FtSae => Ok(KdfHash::Sha256),
        Akm::FtIeee8021xSha384 => Ok(KdfHash::Sha384),
        _ if akm.is_supported() => Err(Error::NotFtAkm),
        _ => Err(Error::UnsupportedAkm(akm)),
    }
}

fn q_len(hash: KdfHash) -> usize {
    hash.hash().output_len()
}

/// XXKey from an EAP MSK (12.7.1.7.3): MSK[32..64] for FT-802.1X, MSK[0..48]
/// for FT-802.1X-SHA384. The MSK must be at least 64 octets.
pub fn xxkey_from_msk(msk: &[u8], akm: Akm) -> Result<XxKey> {
    if msk.len() < 64 {
        return Err(Error::KeyLength {
            what: "msk",
            len: msk.len(),
        });
    }
    let part = match akm {
        Akm::FtIeee8021x => msk.get(32..64),
        Akm::FtIeee8021xSha384 => msk.get(..48),
        _ if akm.is_ft() => return Err(Error::UnsupportedAkm(akm)),
        _ if akm.is_supported() => return Err(Error::NotFtAkm),
        _ => return Err(Error::UnsupportedAkm(akm)),
    };
    XxKey::from_slice(part.ok_or(Error::KeyLength {
        what: "msk",
        len: msk.len(),
    })?)
}

/// XXKey for FT-PSK: the PSK itself.
pub fn xxkey_from_psk(psk: &Psk) -> XxKey {
    XxKey::from(psk)
}

/// Derives PMK-R0, its salt and PMKR0Name at the R0KH (12.7.1.7.3).
///
/// `ssid` is 1..=32 octets, `r0kh_id` 1..=48 (the NAS identifier),
/// `s0kh_id` the STA address. The XXKey length must be Q (32 or 48).
pub fn derive_pmk_r0(
    xxkey: &XxKey,
    akm: Akm,
    ssid: &[u8],
    mdid: [u8; 2],
    r0kh_id: &[u8],
    s0kh_id: &MacAddr,
) -> Result<PmkR0Derivation> {
    let hash = ft_hash(akm)?;
    let q = q_len(hash);
    if xxkey.len() != q {
        return Err(Error::KeyLength {
            what: "xxkey",
            len: xxkey.len(),
        });
    }
    let ssid_len = u8::try_from(ssid.len())
        .ok()
        .filter(|l| (1..=SSID_MAX_LEN as u8).contains(l));
    let ssid_len = ssid_len.ok_or(Error::SsidLength(ssid.len()))?;
    let r0kh_len = u8::try_from(r0kh_id.len())
        .ok()
        .filter(|l| (1..=R0KH_ID_MAX_LEN as u8).contains(l));
    let r0kh_len = r0kh_len.ok_or(Error::R0khIdLength(r0kh_id.len()))?;

    // Q + 128 bits: at most 48 + 16 octets.
    let mut data = SecretBytes::<64>::zeroed(q + 16).ok_or(Error::OutputLength(q + 16))?;
    kdf(
        hash,
        xxkey.as_bytes(),
        b"FT-R0",
        &[
            &[ssid_len],
            ssid,
            &mdid,
            &[r0kh_len],
            r0kh_id,
            s0kh_id.as_bytes(),
        ],
        data.as_mut_bytes(),
    )?;
    let (r0, salt_bytes) = data.as_bytes().split_at(q);
    let pmk_r0 = PmkR0::from_slice(r0)?;
    let mut salt = [0u8; 16];
    salt.copy_from_slice(salt_bytes);
    let pmk_r0_name = pmk_r0_name(akm, &salt)?;
    Ok(PmkR0Derivation {
        pmk_r0,
        salt,
        pmk_r0_name,
    })
}

/// PMKR0Name = Truncate-128(Hash("FT-R0N" || PMK-R0Name-Salt)).
pub fn pmk_r0_name(akm: Akm, salt: &[u8; 16]) -> Result<PmkR0Name> {
    let mut name = [0u8; 16];
    digest_parts(ft_hash(akm)?.hash(), &[b"FT-R0N", salt], &mut name);
    Ok(PmkR0Name(name))
}

/// Derives PMK-R1 for R1KH `r1kh_id` (the target BSSID's key holder) and
/// S1KH `s1kh_id` (the STA) (12.7.1.7.4).
pub fn derive_pmk_r1(
    pmk_r0: &PmkR0,
    akm: Akm,
    r1kh_id: &MacAddr,
    s1kh_id: &MacAddr,
) -> Result<PmkR1> {
    let hash = ft_hash(akm)?;
    let q = q_len(hash);
    if pmk_r0.len() != q {
        return Err(Error::KeyLength {
            what: "pmk-r0",
            len: pmk_r0.len(),
        });
    }
    let mut pmk_r1 = PmkR1::zeroed(q)?;
    kdf(
        hash,
        pmk_r0.as_bytes(),
        b"FT-R1",
        &[r1kh_id.as_bytes(), s1kh_id.as_bytes()],
        pmk_r1.as_mut_bytes(),
    )?;
    Ok(pmk_r1)
}

/// PMKR1Name = Truncate-128(Hash("FT-R1N" || PMKR0Name || R1KH-ID || S1KH-ID)).
pub fn pmk_r1_name(
    pmk_r0_name: &PmkR0Name,
    akm: Akm,
    r1kh_id: &MacAddr,
    s1kh_id: &MacAddr,
) -> Result<PmkR1Name> {
    let mut name = [0u8; 16];
    digest_parts(
        ft_hash(akm)?.hash(),
        &[
            b"FT-R1N",
            &pmk_r0_name.0,
            r1kh_id.as_bytes(),
            s1kh_id.as_bytes(),
        ],
        &mut name,
    );
    Ok(PmkR1Name(name))
}

/// Derives the FT PTK from PMK-R1 (12.7.1.7.5); `bssid` is the target AP.
///
/// Used both for FT reassociation and for the 4-way handshake of an FT
/// initial mobility domain association.
pub fn derive_ptk(
    pmk_r1: &PmkR1,
    akm: Akm,
    cipher: CipherSuite,
    snonce: &Nonce,
    anonce: &Nonce,
    bssid: &MacAddr,
    sta_addr: &MacAddr,
) -> Result<Ptk> {
    let hash = ft_hash(akm)?;
    if pmk_r1.len() != q_len(hash) {
        return Err(Error::KeyLength {
            what: "pmk-r1",
            len: pmk_r1.len(),
        });
    }
    let layout = PtkLayout::new(akm, cipher)?;
    let mut ptk = Ptk::zeroed(layout)?;
    kdf(
        hash,
        pmk_r1.as_bytes(),
        b"FT-PTK",
        &[snonce, anonce, bssid.as_bytes(), sta_addr.as_bytes()],
        ptk.as_mut_bytes(),
    )?;
    Ok(ptk)
}

/// PTKName = Truncate-128(SHA-256(PMKR1Name || "FT-PTKN" || SNonce || ANonce || BSSID || STA-ADDR)).
pub fn ptk_name(
    pmk_r1_name: &PmkR1Name,
    snonce: &Nonce,
    anonce: &Nonce,
    bssid: &MacAddr,
    sta_addr: &MacAddr,
) -> PtkName {
    let mut name = [0u8; 16];
    digest_parts(
        HashAlg::Sha256,
        &[
            &pmk_r1_name.0,
            b"FT-PTKN",
            snonce,
            anonce,
            bssid.as_bytes(),
            sta_addr.as_bytes(),
        ],
        &mut name,
    );
    PtkName(name)
}

/// The parts the FT MIC covers (13.8.4), each a whole element with its
/// ID and Length octets; pass an empty slice for an absent one.
#[derive(Debug, Clone, Copy)]
pub struct FtMicInput<'a> {
    /// The non-AP STA address.
    pub sta_addr: &'a MacAddr,
    /// The target AP address (BSSID).
    pub ap_addr: &'a MacAddr,
    /// 5 for a Reassociation Request, 6 for a Reassociation Response
    /// (3/4 for FT Authentication with a resource request).
    pub transaction_seq: u8,
    /// The RSNE.
    pub rsne: &'a [u8],
    /// The MDE.
    pub mde: &'a [u8],
    /// The FTE; its MIC field (octets 4..4 + MIC length) counts as zero
    /// whatever it holds.
    pub fte: &'a [u8],
    /// The RIC, if any.
    pub ric: &'a [u8],
    /// The RSNXE, if the FTE's MIC Control says it is used.
    pub rsnxe: &'a [u8],
}

/// The FT MIC (13.8.4): AES-128-CMAC(KCK, STA-ADDR || AP-ADDR || seq ||
/// RSNE || MDE || FTE(MIC = 0) || RIC || RSNXE), or HMAC-SHA-384-192 for
/// FT-802.1X-SHA384.
pub fn ft_mic(kck: &[u8], akm: Akm, input: &FtMicInput<'_>) -> Result<Mic> {
    ft_hash(akm)?;
    let alg = akm.mic_algorithm().ok_or(Error::UnsupportedAkm(akm))?;
    let mic_len = alg.mic_len();
    let mic_end = FTE_MIC_OFFSET + mic_len;
    let (head, rest) = match (input.fte.get(..FTE_MIC_OFFSET), input.fte.get(mic_end..)) {
        (Some(h), Some(r)) => (h, r),
        _ => return Err(Error::MicOutOfRange),
    };
    let zeros = [0u8; crate::mic::MIC_MAX_LEN];
    let zeros = zeros.get(..mic_len).ok_or(Error::MicOutOfRange)?;
    mic_of_parts(
        alg,
        kck,
        &[
            input.sta_addr.as_bytes(),
            input.ap_addr.as_bytes(),
            &[input.transaction_seq],
            input.rsne,
            input.mde,
            head,
            zeros,
            rest,
            input.ric,
            input.rsnxe,
        ],
    )
}

/// Verifies the MIC carried in `input.fte` (constant time).
pub fn verify_ft_mic(kck: &[u8], akm: Akm, input: &FtMicInput<'_>) -> Result<()> {
    let mic = ft_mic(kck, akm, input)?;
    let received = input
        .fte
        .get(FTE_MIC_OFFSET..FTE_MIC_OFFSET + mic.len())
        .ok_or(Error::MicOutOfRange)?;
    if bool::from(mic.as_bytes().ct_eq(received)) {
        Ok(())
    } else {
        Err(Error::MicMismatch)
    }
}

/// Computes the FT MIC and writes it into the FTE at `fte` (the element
/// `input.fte` was taken from, e.g. a copy of it in the outgoing frame).
pub fn write_ft_mic(kck: &[u8], akm: Akm, input: &FtMicInput<'_>, fte: &mut [u8]) -> Result<()> {
    let mic = ft_mic(kck, akm, input)?;
    fte.get_mut(FTE_MIC_OFFSET..FTE_MIC_OFFSET + mic.len())
        .ok_or(Error::MicOutOfRange)?
        .copy_from_slice(mic.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::psk::psk_from_passphrase;

    fn h<const N: usize>(s: &str) -> [u8; N] {
        hex::decode(s).unwrap().try_into().unwrap()
    }

    const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
    const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
    const MDID: [u8; 2] = [0xa1, 0xb2];
    const R0KH: &[u8] = b"ap0.example.net";

    fn r0() -> PmkR0Derivation {
        let psk = psk_from_passphrase(b"correct horse battery", b"roam-ft").unwrap();
        derive_pmk_r0(
            &xxkey_from_psk(&psk),
            Akm::FtPsk,
            b"roam-ft",
            MDID,
            R0KH,
            &STA,
        )
        .unwrap()
    }

    // test-vectors.md "FT-PSK key hierarchy" (traces/ft-psk/ap0.log 511-537).
    #[test]
    fn ft_psk_hierarchy_initial_md_association() {
        let psk = psk_from_passphrase(b"correct horse battery", b"roam-ft").unwrap();
        assert_eq!(
            hex::encode(xxkey_from_psk(&psk).as_bytes()),
            "a9575a4af2667aecc2e3d5166d63971e8c0a610ea830739ba01fc64af571a221"
        );
        let r0 = r0();
        assert_eq!(
            hex::encode(r0.pmk_r0.as_bytes()),
            "03af7b919961cbb7e1c62ebedf30511f94b970f278540f1bca516cf9567b109b"
        );
        assert_eq!(hex::encode(r0.salt), "ff5967f8072612d53115aae43b8c031a");
        assert_eq!(
            r0.pmk_r0_name.to_string(),
            "4dead139599056f7a77de6ffabfc3002"
        );

        let r1 = derive_pmk_r1(&r0.pmk_r0, Akm::FtPsk, &AP0, &STA).unwrap();
        assert_eq!(
            hex::encode(r1.as_bytes()),
            "c698d8629ec1f97b6626470c02f788244c5f6f99ec0e2536d2a755ba77756e8d"
        );
        let r1_name = pmk_r1_name(&r0.pmk_r0_name, Akm::FtPsk, &AP0, &STA).unwrap();
        assert_eq!(r1_name.to_string(), "570833ad6f5e66fcbfaf4efd863f1f3d");

        let snonce = h::<32>("94104cba3290efc1e821f55ea5722e7d9ee96e37c67d70689328c79adc79f0de");
        let anonce = h::<32>("5063e3dd34bdef55fb2d54f4e52a5c90c503f2238233e876c085d64938f8aac5");
        let ptk = derive_ptk(
            &r1,
            Akm::FtPsk,
            CipherSuite::Ccmp128,
            &snonce,
            &anonce,
            &AP0,
            &STA,
        )
        .unwrap();
        assert_eq!(hex::encode(ptk.kck()), "f3a9cb2b38cc4f290df45afc3a65ee1b");
        assert_eq!(hex::encode(ptk.kek()), "9c3cd525fc8ba0518c33c768a551b106");
        assert_eq!(hex::encode(ptk.tk()), "901d9fa418ef443fcdf73a3a0e6bf483");
        let name = ptk_name(&r1_name, &snonce, &anonce, &AP0, &STA);
        assert_eq!(name.to_string(), "ba73bdaef8a781f08735090c9aa4a9c5");
    }

    // traces/ft-psk/ap1.log 672-688: FT over the air to AP1 (R1KH-ID = AP1).
    #[test]
    fn ft_psk_roam_to_ap1() {
        let r0 = r0();
        let r1 = derive_pmk_r1(&r0.pmk_r0, Akm::FtPsk, &AP1, &STA).unwrap();
        assert_eq!(
            hex::encode(r1.as_bytes()),
            "e4ece24431c8a9f48949a51a02e020cbd0bb1afb35f2860b85963b2ca79e39e1"
        );
        let r1_name = pmk_r1_name(&r0.pmk_r0_name, Akm::FtPsk, &AP1, &STA).unwrap();
        assert_eq!(r1_name.to_string(), "fcfd71f247cef01309a96bdcc0f46a26");
        let snonce = h::<32>("66d54f608535ae2704383e56a1d404981eb7e454fdf986698311190364274ffc");
        let anonce = h::<32>("7f6de7f8bfdf960e182f3e8f8d50f00dd12ee44ea4a686076c2f5cde74d923bc");
        let ptk = derive_ptk(
            &r1,
            Akm::FtPsk,
            CipherSuite::Ccmp128,
            &snonce,
            &anonce,
            &AP1,
            &STA,
        )
        .unwrap();
        assert_eq!(
            hex::encode(ptk.as_bytes()),
            "14d77198935448cd36eb2fba8f9aa48f432c7b4a79953637bc8047000e81594632efa6a4c8a2461583f366754f815e08"
        );
        assert_eq!(
            ptk_name(&r1_name, &snonce, &anonce, &AP1, &STA).to_string(),
            "1f131866c30d8c2646d89fb23d65561d"
        );
    }

    const KCK_AP1: &str = "14d77198935448cd36eb2fba8f9aa48f";
    const MDE: &str = "3603a1b201";
    const REQ_RSNE: &str =
        "30260100000fac040100000fac040100000fac0400000100fcfd71f247cef01309a96bdcc0f46a26";
    const REQ_FTE: &str = "376b00031e6ec528289acc9faeadfd223ea2145a7f6de7f8bfdf960e182f3e8f8d50f00dd12ee44ea4a686076c2f5cde74d923bc66d54f608535ae2704383e56a1d404981eb7e454fdf986698311190364274ffc0106020000000100030f6170302e6578616d706c652e6e6574";
    const RESP_RSNE: &str =
        "302a0100000fac040100000fac040200000fac02000fac0400000100fcfd71f247cef01309a96bdcc0f46a26";
    const RESP_FTE: &str = "379000037085d8168bbb2e3ef913a1bcb76a93d97f6de7f8bfdf960e182f3e8f8d50f00dd12ee44ea4a686076c2f5cde74d923bc66d54f608535ae2704383e56a1d404981eb7e454fdf986698311190364274ffc0106020000000100030f6170302e6578616d706c652e6e65740223010010050000000000000017f0257cc5804a5543385f7eb84ec68c71524cf2213d4c22";

    // traces/ft-psk/ap1.log 725 (Reassociation Request) and 779 (Response).
    #[test]
    fn ft_reassociation_mics_from_trace() {
        let kck = hex::decode(KCK_AP1).unwrap();
        let mde = hex::decode(MDE).unwrap();
        for (seq, rsne, fte, mic) in [
            (
                FT_SEQ_REASSOC_REQUEST,
                REQ_RSNE,
                REQ_FTE,
                "1e6ec528289acc9faeadfd223ea2145a",
            ),
            (
                FT_SEQ_REASSOC_RESPONSE,
                RESP_RSNE,
                RESP_FTE,
                "7085d8168bbb2e3ef913a1bcb76a93d9",
            ),
        ] {
            let rsne = hex::decode(rsne).unwrap();
            let fte = hex::decode(fte).unwrap();
            let input = FtMicInput {
                sta_addr: &STA,
                ap_addr: &AP1,
                transaction_seq: seq,
                rsne: &rsne,
                mde: &mde,
                fte: &fte,
                ric: &[],
                rsnxe: &[],
            };
            assert_eq!(
                hex::encode(ft_mic(&kck, Akm::FtPsk, &input).unwrap().as_bytes()),
                mic
            );
            verify_ft_mic(&kck, Akm::FtPsk, &input).unwrap();

            // Rebuild from a zeroed MIC field.
            let mut zeroed = fte.clone();
            zeroed[4..20].fill(0);
            let input0 = FtMicInput {
                fte: &zeroed,
                ..input
            };
            let mut out = zeroed.clone();
            write_ft_mic(&kck, Akm::FtPsk, &input0, &mut out).unwrap();
            assert_eq!(out, fte);

            // Any change is caught.
            let mut bad = fte.clone();
            let last = bad.len() - 1;
            bad[last] ^= 1;
            let bad_input = FtMicInput { fte: &bad, ..input };
            assert_eq!(
                verify_ft_mic(&kck, Akm::FtPsk, &bad_input),
                Err(Error::MicMismatch)
            );
            let wrong_seq = FtMicInput {
                transaction_seq: seq ^ 3,
                ..input
            };
            assert_eq!(
                verify_ft_mic(&kck, Akm::FtPsk, &wrong_seq),
                Err(Error::MicMismatch)
            );
        }
    }

    // The GTK subelement of the Reassociation Response FTE is wrapped with
    // the KEK of the PTK above: Key Info(2) Key Length(1) RSC(8) Wrapped Key.
    #[test]
    fn ft_gtk_subelement_unwraps() {
        let fte = hex::decode(RESP_FTE).unwrap();
        let sub = &fte[fte.len() - 37..];
        assert_eq!(&sub[..2], &[0x02, 0x23]);
        let kek = hex::decode("432c7b4a79953637bc8047000e815946").unwrap();
        let gtk = crate::keywrap::unwrap_key_data(&kek, &sub[13..]).unwrap();
        assert_eq!(gtk.len(), usize::from(sub[4]));
        // ap1.log 221: the GTK of AP1.
        assert_eq!(
            hex::encode(gtk.as_bytes()),
            "8f4c3b66dc88cafd5de8828f8f80e855"
        );
    }

    // traces/ft-eap/ap0.log 1278-1336: XXKey = MSK[32..64]. hostapd builds
    // the MSK as MS-MPPE-Recv-Key || MS-MPPE-Send-Key.
    #[test]
    fn ft_eap_xxkey_from_msk() {
        let recv = "cb179ac3b24712e671d3e216b523fd11fb18673b2c0d6bade245e00d6fca848a";
        let send = "491989f2db61856ecaeb9fce98ec9f27921fb7047c376449fc00564f013ebd98";
        let msk = hex::decode(format!("{recv}{send}")).unwrap();
        let xx = xxkey_from_msk(&msk, Akm::FtIeee8021x).unwrap();
        assert_eq!(hex::encode(xx.as_bytes()), send);
        let r0 = derive_pmk_r0(&xx, Akm::FtIeee8021x, b"roam-ft", MDID, R0KH, &STA).unwrap();
        assert_eq!(
            hex::encode(r0.pmk_r0.as_bytes()),
            "94fa8c41527e228cf74882d43a8049b7384269844c9452d938cdd8b2b2c8d49e"
        );
        assert_eq!(
            r0.pmk_r0_name.to_string(),
            "d38b0a8f83e6f7a89e828878a6935159"
        );

        let xx384 = xxkey_from_msk(&msk, Akm::FtIeee8021xSha384).unwrap();
        assert_eq!(xx384.as_bytes(), &msk[..48]);
        assert_eq!(
            xxkey_from_msk(&msk[..63], Akm::FtIeee8021x),
            Err(Error::KeyLength {
                what: "msk",
                len: 63
            })
        );
        assert_eq!(xxkey_from_msk(&msk, Akm::Psk), Err(Error::NotFtAkm));
        assert_eq!(
            xxkey_from_msk(&msk, Akm::FtPsk),
            Err(Error::UnsupportedAkm(Akm::FtPsk))
        );
    }

    #[test]
    fn sha384_hierarchy_sizes_and_definition() {
        let xx = XxKey::from_slice(&[7; 48]).unwrap();
        let akm = Akm::FtIeee8021xSha384;
        let r0 = derive_pmk_r0(&xx, akm, b"s", MDID, b"r0", &STA).unwrap();
        assert_eq!(r0.pmk_r0.len(), 48);
        let mut data = [0u8; 64];
        kdf(
            KdfHash::Sha384,
            &[7; 48],
            b"FT-R0",
            &[&[1], b"s", &MDID, &[2], b"r0", STA.as_bytes()],
            &mut data,
        )
        .unwrap();
        assert_eq!(r0.pmk_r0.as_bytes(), &data[..48]);
        assert_eq!(r0.salt, data[48..]);
        let mut name = [0u8; 16];
        digest_parts(HashAlg::Sha384, &[b"FT-R0N", &data[48..]], &mut name);
        assert_eq!(r0.pmk_r0_name.0, name);

        let r1 = derive_pmk_r1(&r0.pmk_r0, akm, &AP1, &STA).unwrap();
        assert_eq!(r1.len(), 48);
        let ptk = derive_ptk(
            &r1,
            akm,
            CipherSuite::Gcmp256,
            &[1; 32],
            &[2; 32],
            &AP1,
            &STA,
        )
        .unwrap();
        assert_eq!(
            (ptk.kck().len(), ptk.kek().len(), ptk.tk().len()),
            (24, 32, 32)
        );

        // FT MIC with a 24-octet KCK is HMAC-SHA-384-192.
        let mut fte = vec![0x37, 0x00, 0x00, 0x03];
        fte.extend_from_slice(&[0; 24 + 64]);
        fte[1] = (fte.len() - 2) as u8;
        let input = FtMicInput {
            sta_addr: &STA,
            ap_addr: &AP1,
            transaction_seq: 5,
            rsne: b"\x30\x00",
            mde: b"",
            fte: &fte,
            ric: b"",
            rsnxe: b"",
        };
        let mic = ft_mic(ptk.kck(), akm, &input).unwrap();
        assert_eq!(mic.len(), 24);
        let mut expect = [0u8; 24];
        crate::hash::hmac_parts(
            HashAlg::Sha384,
            ptk.kck(),
            &[STA.as_bytes(), AP1.as_bytes(), &[5], b"\x30\x00", &fte],
            &mut expect,
        );
        assert_eq!(mic.as_bytes(), &expect);
    }

    #[test]
    fn argument_checks() {
        let xx = XxKey::from_slice(&[7; 32]).unwrap();
        assert_eq!(
            derive_pmk_r0(&xx, Akm::FtPsk, b"", MDID, R0KH, &STA),
            Err(Error::SsidLength(0))
        );
        assert_eq!(
            derive_pmk_r0(&xx, Akm::FtPsk, &[0; 33], MDID, R0KH, &STA),
            Err(Error::SsidLength(33))
        );
        assert_eq!(
            derive_pmk_r0(&xx, Akm::FtPsk, b"s", MDID, b"", &STA),
            Err(Error::R0khIdLength(0))
        );
        assert_eq!(
            derive_pmk_r0(&xx, Akm::FtPsk, b"s", MDID, &[0; 49], &STA),
            Err(Error::R0khIdLength(49))
        );
        assert!(derive_pmk_r0(&xx, Akm::FtPsk, &[0; 32], MDID, &[0; 48], &STA).is_ok());
        assert_eq!(
            derive_pmk_r0(&xx, Akm::Psk, b"s", MDID, R0KH, &STA),
            Err(Error::NotFtAkm)
        );
        assert_eq!(
            derive_pmk_r0(&xx, Akm::FtIeee8021xSha384, b"s", MDID, R0KH, &STA),
            Err(Error::KeyLength {
                what: "xxkey",
                len: 32
            })
        );
        let r0 = PmkR0::from_slice(&[1; 48]).unwrap();
        assert!(derive_pmk_r1(&r0, Akm::FtPsk, &AP0, &STA).is_err());
        let r1 = PmkR1::from_slice(&[1; 32]).unwrap();
        assert!(derive_ptk(
            &r1,
            Akm::FtIeee8021xSha384,
            CipherSuite::Ccmp128,
            &[0; 32],
            &[0; 32],
            &AP0,
            &STA
        )
        .is_err());
        assert_eq!(
            derive_ptk(
                &r1,
                Akm::Other([0; 3], 3),
                CipherSuite::Ccmp128,
                &[0; 32],
                &[0; 32],
                &AP0,
                &STA
            ),
            Err(Error::UnsupportedAkm(Akm::Other([0; 3], 3)))
        );
        let input = FtMicInput {
            sta_addr: &STA,
            ap_addr: &AP0,
            transaction_seq: 5,
            rsne: &[],
            mde: &[],
            fte: &[0x37, 0x10, 0, 0, 1, 2],
            ric: &[],
            rsnxe: &[],
        };
        assert_eq!(
            ft_mic(&[0; 16], Akm::FtPsk, &input),
            Err(Error::MicOutOfRange)
        );
        assert_eq!(
            verify_ft_mic(&[0; 16], Akm::FtPsk, &input),
            Err(Error::MicOutOfRange)
        );
        assert_eq!(ft_mic(&[0; 16], Akm::Psk, &input), Err(Error::NotFtAkm));
        assert_eq!(
            format!("{:?}", PmkR1Name([0; 16])),
            format!("PmkR1Name({})", "00".repeat(16))
        );
        assert_eq!(crate::pmkid::Pmkid::from(PmkR1Name([9; 16])).0, [9; 16]);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_inputs_never_panic(
            ssid in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            r0kh in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60),
            fte in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            kck_len in 0usize..40,
            akm in 0u8..16,
        ) {
            let akm = Akm::from_bytes([0x00, 0x0f, 0xac, akm]);
            let xx = XxKey::from_slice(&[1; 32]).unwrap();
            let _ = derive_pmk_r0(&xx, akm, &ssid, MDID, &r0kh, &STA);
            let input = FtMicInput {
                sta_addr: &STA,
                ap_addr: &AP0,
                transaction_seq: 5,
                rsne: &ssid,
                mde: &r0kh,
                fte: &fte,
                ric: &[],
                rsnxe: &[],
            };
            let kck = vec![0u8; kck_len];
            let _ = ft_mic(&kck, akm, &input);
            let _ = verify_ft_mic(&kck, akm, &input);
            let mut out = fte.clone();
            let _ = write_ft_mic(&kck, akm, &input, &mut out);
        }
    }
}
