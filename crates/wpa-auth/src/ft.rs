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
use roamd_ieee80211::element::RsneRepr;
use roamd_wpa::ft::PmkR1Name;

use crate::rx::RSNE_ID;

/// Element ID of the Mobility Domain element.
pub(crate) const MDE_ID: u8 = 54;
/// Element ID of the Fast BSS Transition element.
pub(crate) const FTE_ID: u8 = 55;
/// Element ID of the Timeout Interval element.
const TIE_ID: u8 = 56;
/// Timeout Interval type: reassociation deadline, in TUs.
const TIE_REASSOC_DEADLINE: u8 = 1;
/// Timeout Interval type: key lifetime, in seconds.
const TIE_KEY_LIFETIME: u8 = 2;

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
    /// message 3's Key Data (hostapd `wpa_insert_pmkid`).
    pub(crate) fn rsne_with_pmk_r1_name(&self, ap_elements: &[u8]) -> Option<Vec<u8>> {
        let (rsne, rest) = split_first_element(ap_elements)?;
        let mut repr = RsneRepr::parse(rsne.get(2..)?).ok()?;
        repr.pmkids = Some(vec![self.pmk_r1_name.0]);
        let data = repr.to_data();
        let mut out = Vec::with_capacity(2 + data.len() + rest.len());
        out.extend_from_slice(&[RSNE_ID, u8::try_from(data.len()).ok()?]);
        out.extend_from_slice(&data);
        out.extend_from_slice(rest);
        Some(out)
    }

    /// The end of message 3's Key Data, after the group keys: FTE, then
    /// the two Timeout Interval elements.
    pub(crate) fn message_3_tail(&self) -> Vec<u8> {
        let mut tail = self.fte.clone();
        for (kind, value) in [
            (TIE_REASSOC_DEADLINE, self.reassociation_deadline_tu),
            (TIE_KEY_LIFETIME, self.key_lifetime_secs),
        ] {
            tail.extend_from_slice(&[TIE_ID, 5, kind]);
            tail.extend_from_slice(&value.to_le_bytes());
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
            elements.clone().find_element(RSNE_ID),
            elements.clone().find_element(MDE_ID),
            elements.find_element(FTE_ID),
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
