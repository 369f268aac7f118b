//! The 4-way handshake of an FT initial mobility domain association
//! (IEEE 802.11-2020 13.4; hostapd `wpa_auth.c` PTKCALCNEGOTIATING /
//! PTKINITNEGOTIATING under `wpa_key_mgmt_ft`).
//!
//! The handshake is the usual one with four differences:
//! - the PTK comes from PMK-R1 through the FT KDF ([`roamd_wpa::ft::derive_ptk`]);
//! - message 2 carries the station's RSNE with PMKR1Name as its only
//!   PMKID, the MDE and the FTE of our association response: the RSNE may
//!   differ from the association request's in its PMKID list only
//!   (hostapd `wpa_compare_rsn_ie` with `ft_initial_assoc`), the MDE and
//!   the FTE must be the ones we sent (`ft_check_msg_2_of_4`);
//! - message 3 carries our RSNE with PMKR1Name inserted, then (after the
//!   group keys) the FTE of the association response and two Timeout
//!   Interval elements: the reassociation deadline in TUs and the key
//!   lifetime in seconds.

use roamd_eapol::KeyDataIter;
use roamd_ieee80211::element::fte::subelement;
use roamd_ieee80211::element::id::{FAST_BSS_TRANSITION, MOBILITY_DOMAIN, RSN};
use roamd_ieee80211::element::{
    ElementWriter, FteRepr, MicControl, RsneRepr, TimeoutInterval, TimeoutIntervalType,
};
use roamd_ieee80211::MacAddr;
use roamd_wpa::ft::PmkR1Name;
use roamd_wpa::{Akm, Nonce};

use crate::error::Error;

/// A whole FTE for `akm`: MIC Control with `element_count`, a zero MIC
/// of the AKM's length (16 octets, 24 for the SHA-384 FT AKMs: hostapd
/// `wpa_write_ftie` picks `struct rsn_ftie_sha384` the same way), both
/// nonces, R1KH-ID, R0KH-ID, then the already encoded subelements `more`.
/// The caller computes the MIC over the finished element.
pub fn fte_element(
    akm: Akm,
    element_count: u8,
    anonce: &Nonce,
    snonce: &Nonce,
    r1kh_id: MacAddr,
    r0kh_id: &[u8],
    more: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut subelements = Vec::new();
    ElementWriter::new(&mut subelements)
        .raw(subelement::R1KH_ID, r1kh_id.as_bytes())
        .and_then(|w| w.raw(subelement::R0KH_ID, r0kh_id))
        .map_err(|_| Error::FtAssociation)?
        .encoded(more);
    let fte = FteRepr {
        mic_control: MicControl {
            flags: 0,
            element_count,
        },
        mic: &vec![0; akm.ft_mic_len()],
        anonce: *anonce,
        snonce: *snonce,
        subelements: &subelements,
    };
    let mut out = Vec::new();
    ElementWriter::new(&mut out)
        .fte(&fte)
        .map_err(|_| Error::FtAssociation)?;
    Ok(out)
}

/// `elements`, whose first is a whole RSNE, with `pmkid` as that RSNE's one
/// PMKID (hostapd `wpa_insert_pmkid`); the elements after it are kept.
pub(crate) fn rsne_with_pmkid(elements: &[u8], pmkid: &[u8; 16]) -> Result<Vec<u8>, Error> {
    let (rsne, rest) = split_first_element(elements).ok_or(Error::AuthenticatorRsne)?;
    let mut repr = rsne
        .get(2..)
        .and_then(|b| RsneRepr::parse(b).ok())
        .ok_or(Error::AuthenticatorRsne)?;
    repr.pmkids = Some(vec![*pmkid]);
    let mut out = Vec::new();
    ElementWriter::new(&mut out)
        .rsne(&repr)
        .map_err(|_| Error::AuthenticatorRsne)?
        .encoded(rest);
    Ok(out)
}

/// What an FT initial mobility domain association adds to a station's
/// handshake. With it, [`crate::StationParams::pmk`] is the PMK-R1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtAssociation {
    /// The name of that PMK-R1.
    pub pmk_r1_name: PmkR1Name,
    /// The MDE of our association response, the whole element.
    pub mde: Vec<u8>,
    /// The FTE of our association response, the whole element.
    pub fte: Vec<u8>,
    /// Reassociation deadline, in TUs (hostapd `reassociation_deadline`).
    pub reassociation_deadline_tu: u32,
    /// Lifetime of the PMK-R0, in seconds (hostapd `r0_key_lifetime`).
    pub key_lifetime_secs: u32,
}

impl FtAssociation {
    /// `rsne` (the first element of `ap_elements`) with PMKR1Name as its
    /// PMKID list, followed by the other elements (the MDE): the start of
    /// message 3's Key Data.
    pub(crate) fn rsne_with_pmk_r1_name(&self, ap_elements: &[u8]) -> Result<Vec<u8>, Error> {
        rsne_with_pmkid(ap_elements, &self.pmk_r1_name.0)
    }

    /// The end of message 3's Key Data, after the group keys: FTE, then
    /// the two Timeout Interval elements.
    pub(crate) fn message_3_tail(&self) -> Vec<u8> {
        let mut tail = self.fte.clone();
        let mut w = ElementWriter::new(&mut tail);
        for (kind, value) in [
            (
                TimeoutIntervalType::ReassociationDeadline,
                self.reassociation_deadline_tu,
            ),
            (TimeoutIntervalType::KeyLifetime, self.key_lifetime_secs),
        ] {
            // Five octets of data: cannot exceed an element.
            let _ = w.timeout_interval(&TimeoutInterval { kind, value });
        }
        tail
    }

    /// Checks the Key Data elements of message 2 against the association:
    /// the RSNE equals the association request's `sta_rsne` but for its
    /// PMKID list, which is exactly PMKR1Name; the MDE and the FTE are the
    /// ones we sent.
    pub(crate) fn message_2_matches(&self, sta_rsne: &[u8], key_data: &[u8]) -> bool {
        let elements = KeyDataIter::new(key_data);
        let (Some(rsne), Some(mde), Some(fte)) = (
            elements.clone().find_element(RSN),
            elements.clone().find_element(MOBILITY_DOMAIN),
            elements.find_element(FAST_BSS_TRANSITION),
        ) else {
            return false;
        };
        let (Some(sent_mde), Some(sent_fte)) = (self.mde.get(2..), self.fte.get(2..)) else {
            return false;
        };
        mde == sent_mde && fte == sent_fte && self.rsne_matches(sta_rsne, rsne)
    }

    fn rsne_matches(&self, sta_rsne: &[u8], msg2_rsne: &[u8]) -> bool {
        let (Some(assoc), Ok(msg2)) = (
            sta_rsne.get(2..).and_then(|b| RsneRepr::parse(b).ok()),
            RsneRepr::parse(msg2_rsne),
        ) else {
            return false;
        };
        msg2.pmkids.as_deref() == Some(&[self.pmk_r1_name.0][..])
            && msg2.group_cipher == assoc.group_cipher
            && msg2.pairwise == assoc.pairwise
            && msg2.akms == assoc.akms
            && msg2.capabilities == assoc.capabilities
            && msg2.group_mgmt_cipher == assoc.group_mgmt_cipher
    }
}

/// The first whole element of `bytes` and what follows it.
fn split_first_element(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = usize::from(*bytes.get(1)?);
    let end = 2 + len;
    Some((bytes.get(..end)?, bytes.get(end..)?))
}
