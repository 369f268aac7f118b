//! FT over the air: the FT Authentication and Reassociation exchange that
//! moves a station to this AP without a 4-way handshake (IEEE 802.11-2020
//! 13.5; hostapd `wpa_ft_process_auth_req`, `wpa_ft_validate_reassoc` and
//! `wpa_sm_write_assoc_resp_ies` in `src/ap/wpa_auth_ft.c`).
//!
//! 1. The station's FT Authentication Request names its PMK-R0
//!    (PMKR0Name as the RSNE's PMKID) and its R0KH, and brings an SNonce:
//!    [`FtAuthRequest::parse`]. Its PMK-R1 for this AP follows from those
//!    (the caller finds or fetches it, keyed by [`FtAuthRequest::pmk_r1_name`]).
//! 2. [`FtPending::authenticate`] picks the ANonce, derives the PTK and
//!    builds the response elements (RSNE echoing PMKR0Name, MDE, FTE with
//!    both nonces and both key holders). The PTK stays pending.
//! 3. The Reassociation Request must repeat all of it, with a MIC under
//!    the PTK's KCK: [`FtPending::check_reassoc`].
//! 4. The Reassociation Response carries the RSNE with PMKR1Name, the MDE
//!    and an FTE with our MIC and the group keys wrapped under the KEK:
//!    [`FtPending::reassoc_response_elements`]. The PTK is installed once,
//!    when that response is acknowledged, never again for a retransmitted
//!    request (CVE-2017-13082): the caller drops the [`FtPending`] then.

use rand::{CryptoRng, RngCore};
use roamd_ieee80211::element::fte::subelement;
use roamd_ieee80211::element::{ElementWriter, FtGtk, FtIgtk, FteRepr, RsneRepr};
use roamd_ieee80211::{MacAddr, StatusCode};
use roamd_wpa::ft::{
    derive_ptk, pmk_r1_name, verify_ft_mic, write_ft_mic, FtMicInput, PmkR0Name, PmkR1Name,
    FT_SEQ_REASSOC_REQUEST, FT_SEQ_REASSOC_RESPONSE,
};
use roamd_wpa::keywrap::wrap_padded_key_data;
use roamd_wpa::{Akm, CipherSuite, Nonce, PmkR1, Ptk};

use crate::error::Error;
use crate::ft::{fte_element, rsne_with_pmkid};
use crate::group_keys::GroupKeys;

/// Elements under the Reassociation MIC: RSNE, MDE, FTE.
const MIC_ELEMENT_COUNT: u8 = 3;

/// This AP's side of FT, the same for every station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtAp {
    /// The BSSID (also the AP address under the MIC).
    pub bssid: MacAddr,
    /// Our whole RSNE, as in Beacons.
    pub rsne: Vec<u8>,
    /// Our whole MDE.
    pub mde: Vec<u8>,
    /// Our R1KH-ID.
    pub r1kh_id: MacAddr,
    /// The AKMs we offer (the FT ones count here).
    pub akms: Vec<Akm>,
    /// The pairwise ciphers we offer.
    pub pairwise: Vec<CipherSuite>,
}

/// What a station's FT Authentication Request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtAuthRequest {
    /// The FT AKM it selected.
    pub akm: Akm,
    /// The pairwise cipher it selected.
    pub pairwise: CipherSuite,
    /// The PMK-R0 it holds.
    pub pmk_r0_name: PmkR0Name,
    /// The R0KH that holds that PMK-R0.
    pub r0kh_id: Vec<u8>,
    /// Its nonce.
    pub snonce: Nonce,
    /// The PMK-R1 this AP needs for it: named after the PMK-R0, our
    /// R1KH-ID and the station.
    pub pmk_r1_name: PmkR1Name,
}

impl FtAuthRequest {
    /// Reads the RSNE, MDE and FTE (element bodies) of an FT Authentication
    /// Request from `sta`, or the status to refuse it with (as hostapd).
    pub fn parse(
        ap: &FtAp,
        sta: MacAddr,
        rsne: Option<&[u8]>,
        mde: Option<&[u8]>,
        fte: Option<&[u8]>,
    ) -> Result<Self, StatusCode> {
        let rsne = rsne
            .and_then(|b| RsneRepr::parse(b).ok())
            .ok_or(StatusCode::InvalidIe)?;
        let akm = match rsne.akms.as_deref() {
            Some([akm]) if akm.is_ft() && ap.akms.contains(akm) => *akm,
            _ => return Err(StatusCode::AkmpNotValid),
        };
        let pairwise = match rsne.pairwise.as_deref() {
            Some([cipher]) if ap.pairwise.contains(cipher) => *cipher,
            _ => return Err(StatusCode::PairwiseCipherNotValid),
        };
        let pmk_r0_name = match rsne.pmkids.as_deref() {
            Some([name, ..]) => PmkR0Name(*name),
            _ => return Err(StatusCode::InvalidPmkid),
        };
        if mde.and_then(|b| b.get(..2)) != ap.mde.get(2..4) {
            return Err(StatusCode::InvalidMde);
        }
        // The FTE's MIC field (all zero here) is as long as the AKM's MIC.
        let fte = fte
            .and_then(|b| FteRepr::parse(b, akm.ft_mic_len()).ok())
            .ok_or(StatusCode::InvalidFte)?;
        let r0kh_id = fte.r0kh_id().ok_or(StatusCode::InvalidFte)?.to_vec();
        let pmk_r1_name = pmk_r1_name(&pmk_r0_name, akm, &ap.r1kh_id, &sta)
            .map_err(|_| StatusCode::AkmpNotValid)?;
        Ok(FtAuthRequest {
            akm,
            pairwise,
            pmk_r0_name,
            r0kh_id,
            snonce: fte.snonce,
            pmk_r1_name,
        })
    }
}

/// A station between its FT Authentication and its Reassociation: the
/// PTK is derived, not installed.
pub struct FtPending {
    sta: MacAddr,
    akm: Akm,
    pairwise: CipherSuite,
    pmk_r1_name: PmkR1Name,
    r0kh_id: Vec<u8>,
    anonce: Nonce,
    snonce: Nonce,
    ptk: Ptk,
}

impl core::fmt::Debug for FtPending {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FtPending")
            .field("sta", &self.sta)
            .field("akm", &self.akm)
            .field("pmk_r1_name", &self.pmk_r1_name)
            .field("ptk", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl FtPending {
    /// Answers `req` with `pmk_r1` (the PMK-R1 named
    /// [`FtAuthRequest::pmk_r1_name`]): a fresh ANonce, the PTK, and the
    /// elements of the Authentication Response.
    pub fn authenticate<R: RngCore + CryptoRng + ?Sized>(
        ap: &FtAp,
        sta: MacAddr,
        req: &FtAuthRequest,
        pmk_r1: &PmkR1,
        rng: &mut R,
    ) -> Result<(FtPending, Vec<u8>), Error> {
        let mut anonce = [0u8; 32];
        rng.fill_bytes(&mut anonce);
        let ptk = derive_ptk(
            pmk_r1,
            req.akm,
            req.pairwise,
            &req.snonce,
            &anonce,
            &ap.bssid,
            &sta,
        )?;
        let pending = FtPending {
            sta,
            akm: req.akm,
            pairwise: req.pairwise,
            pmk_r1_name: req.pmk_r1_name,
            r0kh_id: req.r0kh_id.clone(),
            anonce,
            snonce: req.snonce,
            ptk,
        };
        // hostapd echoes the requested PMKR0Name in the response's RSNE.
        let mut elements = rsne_with_pmkid(&ap.rsne, &req.pmk_r0_name.0)?;
        elements.extend_from_slice(&ap.mde);
        elements.extend_from_slice(&pending.fte(ap, 0, &[])?);
        Ok((pending, elements))
    }

    /// The station, its AKM and pairwise cipher.
    pub fn station(&self) -> (MacAddr, Akm, CipherSuite) {
        (self.sta, self.akm, self.pairwise)
    }

    /// Whether `req` repeats the request this exchange answered (same
    /// SNonce, same PMK-R1): a retransmission to answer the same way.
    pub fn answers(&self, req: &FtAuthRequest) -> bool {
        self.snonce == req.snonce && self.pmk_r1_name == req.pmk_r1_name
    }

    /// The name of the PMK-R1 in use.
    pub fn pmk_r1_name(&self) -> PmkR1Name {
        self.pmk_r1_name
    }

    /// The PTK, for installing once the reassociation succeeded.
    pub fn ptk(&self) -> &Ptk {
        &self.ptk
    }

    /// Checks a Reassociation Request's whole RSNE, MDE and FTE elements
    /// against this exchange, MIC included; the status to refuse it with.
    pub fn check_reassoc(
        &self,
        ap: &FtAp,
        rsne: Option<&[u8]>,
        mde: Option<&[u8]>,
        fte: Option<&[u8]>,
    ) -> Result<(), StatusCode> {
        let (Some(rsne), Some(mde), Some(fte)) = (rsne, mde, fte) else {
            return Err(StatusCode::InvalidIe);
        };
        let repr = rsne
            .get(2..)
            .and_then(|b| RsneRepr::parse(b).ok())
            .ok_or(StatusCode::InvalidIe)?;
        if repr.pmkids.as_deref() != Some(&[self.pmk_r1_name.0][..]) {
            return Err(StatusCode::InvalidPmkid);
        }
        if repr.akms.as_deref() != Some(&[self.akm][..])
            || repr.pairwise.as_deref() != Some(&[self.pairwise][..])
        {
            return Err(StatusCode::InvalidIe);
        }
        if mde.get(2..4) != ap.mde.get(2..4) {
            return Err(StatusCode::InvalidMde);
        }
        let parsed = fte
            .get(2..)
            .and_then(|b| FteRepr::parse(b, self.akm.ft_mic_len()).ok())
            .ok_or(StatusCode::InvalidFte)?;
        if parsed.anonce != self.anonce
            || parsed.snonce != self.snonce
            || parsed.r1kh_id() != Some(ap.r1kh_id)
            || parsed.r0kh_id() != Some(&self.r0kh_id[..])
            || parsed.mic_control.element_count != MIC_ELEMENT_COUNT
        {
            return Err(StatusCode::InvalidFte);
        }
        let input = FtMicInput {
            sta_addr: &self.sta,
            ap_addr: &ap.bssid,
            transaction_seq: FT_SEQ_REASSOC_REQUEST,
            rsne,
            mde,
            fte,
            ric: &[],
            rsnxe: &[],
        };
        verify_ft_mic(self.ptk.kck(), self.akm, &input).map_err(|_| StatusCode::InvalidFte)
    }

    /// The RSNE (with PMKR1Name), MDE and FTE (MIC, nonces, key holders,
    /// GTK and, with PMF, IGTK wrapped under the KEK) of the Reassociation
    /// Response.
    pub fn reassoc_response_elements(
        &self,
        ap: &FtAp,
        gk: &GroupKeys,
        mfp: bool,
    ) -> Result<Vec<u8>, Error> {
        let rsne = rsne_with_pmkid(&ap.rsne, &self.pmk_r1_name.0)?;
        let group = gk.ft_subelements(self.ptk.kek(), mfp)?;
        let mut fte = self.fte(ap, MIC_ELEMENT_COUNT, &group)?;
        let unsigned = fte.clone();
        let input = FtMicInput {
            sta_addr: &self.sta,
            ap_addr: &ap.bssid,
            transaction_seq: FT_SEQ_REASSOC_RESPONSE,
            rsne: &rsne,
            mde: &ap.mde,
            fte: &unsigned,
            ric: &[],
            rsnxe: &[],
        };
        write_ft_mic(self.ptk.kck(), self.akm, &input, &mut fte)?;
        let mut elements = rsne;
        elements.extend_from_slice(&ap.mde);
        elements.extend_from_slice(&fte);
        Ok(elements)
    }

    /// A whole FTE of this exchange: MIC Control with `element_count`, a
    /// zero MIC, both nonces, both key holders, then `more` subelements.
    fn fte(&self, ap: &FtAp, element_count: u8, more: &[u8]) -> Result<Vec<u8>, Error> {
        fte_element(
            self.akm,
            element_count,
            &self.anonce,
            &self.snonce,
            ap.r1kh_id,
            &self.r0kh_id,
            more,
        )
    }
}

impl GroupKeys {
    /// The FTE's GTK subelement (Key Info with the key ID, key length, RSC,
    /// the GTK wrapped under `kek`) and, with `with_igtk`, the IGTK
    /// subelement (key ID, IPN, key length, wrapped IGTK); hostapd
    /// `wpa_ft_gtk_subelem` and `wpa_ft_igtk_subelem`.
    pub(crate) fn ft_subelements(&self, kek: &[u8], with_igtk: bool) -> Result<Vec<u8>, Error> {
        let too_long = |_| Error::FtAssociation;
        let gtk = self.gtk_bytes();
        let wrapped = wrap_padded_key_data(kek, gtk)?;
        let gtk = FtGtk {
            key_info: u16::from(self.gtk_key_idx() & 0x03),
            key_len: u8::try_from(gtk.len()).map_err(|_| Error::FtAssociation)?,
            rsc: self.key_rsc(),
            wrapped_key: &wrapped,
        };
        let mut out = Vec::new();
        ElementWriter::new(&mut out)
            .raw(subelement::GTK, &gtk.to_data())
            .map_err(too_long)?;
        if let (true, Some((key_id, ipn, igtk))) = (with_igtk, self.igtk_parts()) {
            let wrapped = wrap_padded_key_data(kek, igtk)?;
            let igtk = FtIgtk {
                key_id,
                ipn,
                key_len: u8::try_from(igtk.len()).map_err(|_| Error::FtAssociation)?,
                wrapped_key: &wrapped,
            };
            ElementWriter::new(&mut out)
                .raw(subelement::IGTK, &igtk.to_data())
                .map_err(too_long)?;
        }
        Ok(out)
    }
}
