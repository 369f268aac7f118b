//! RSN element (IEEE 802.11-2020 9.4.2.24).
//!
//! Layout: Version(2) [Group Data Cipher(4) [Pairwise Count(2) List(4n) [AKM Count(2)
//! List(4m) [RSN Capabilities(2) [PMKID Count(2) List(16k) [Group Management Cipher(4)]]]]]].
//! Every field after Version is optional, but only from the end.

use super::suite::{Akm, CipherSuite};
use crate::wire::{array_at, u16_at};
use crate::{Error, Result};
use core::marker::PhantomData;

/// The only defined RSNE version.
pub const RSNE_VERSION: u16 = 1;
/// Length of a PMKID.
pub const PMKID_LEN: usize = 16;

bitflags::bitflags! {
    /// RSN Capabilities field (IEEE 802.11-2020 9.4.2.24.4); unknown bits retained.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct RsnCapabilities: u16 {
        /// Preauthentication supported.
        const PREAUTH = 1 << 0;
        /// No Pairwise.
        const NO_PAIRWISE = 1 << 1;
        /// PTKSA Replay Counter, low bit (2-bit field, see `ptksa_replay_counters`).
        const PTKSA_REPLAY_COUNTER_0 = 1 << 2;
        /// PTKSA Replay Counter, high bit.
        const PTKSA_REPLAY_COUNTER_1 = 1 << 3;
        /// GTKSA Replay Counter, low bit.
        const GTKSA_REPLAY_COUNTER_0 = 1 << 4;
        /// GTKSA Replay Counter, high bit.
        const GTKSA_REPLAY_COUNTER_1 = 1 << 5;
        /// Management Frame Protection Required.
        const MFPR = 1 << 6;
        /// Management Frame Protection Capable.
        const MFPC = 1 << 7;
        /// Joint Multi-Band RSNA.
        const JOINT_MULTIBAND_RSNA = 1 << 8;
        /// PeerKey Enabled.
        const PEERKEY_ENABLED = 1 << 9;
        /// SPP A-MSDU Capable.
        const SPP_AMSDU_CAPABLE = 1 << 10;
        /// SPP A-MSDU Required.
        const SPP_AMSDU_REQUIRED = 1 << 11;
        /// PBAC.
        const PBAC = 1 << 12;
        /// Extended Key ID for Individually Addressed Frames.
        const EXTENDED_KEY_ID = 1 << 13;
        /// OCVC (operating channel validation capable).
        const OCVC = 1 << 14;
    }
}

impl RsnCapabilities {
    /// Number of PTKSA replay counters (1, 2, 4 or 16).
    pub fn ptksa_replay_counters(&self) -> u8 {
        replay_counters((self.bits() >> 2) & 3)
    }

    /// Number of GTKSA replay counters (1, 2, 4 or 16).
    pub fn gtksa_replay_counters(&self) -> u8 {
        replay_counters((self.bits() >> 4) & 3)
    }

    /// Sets the PTKSA Replay Counter field from its 2-bit code (0..=3).
    pub fn with_ptksa_replay_counter_code(self, code: u8) -> Self {
        Self::from_bits_retain((self.bits() & !0x000c) | (u16::from(code & 3) << 2))
    }

    /// Sets the GTKSA Replay Counter field from its 2-bit code (0..=3).
    pub fn with_gtksa_replay_counter_code(self, code: u8) -> Self {
        Self::from_bits_retain((self.bits() & !0x0030) | (u16::from(code & 3) << 4))
    }
}

/// Replay counter field code to count (9.4.2.24.4: 0 -> 1, 1 -> 2, 2 -> 4, 3 -> 16).
fn replay_counters(code: u16) -> u8 {
    match code {
        0 => 1,
        1 => 2,
        2 => 4,
        _ => 16,
    }
}

/// A list of 4-octet suite selectors decoded lazily as `S`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SuiteList<'a, S> {
    bytes: &'a [u8],
    _kind: PhantomData<S>,
}

impl<'a, S: From<[u8; 4]> + PartialEq + 'a> SuiteList<'a, S> {
    fn new(bytes: &'a [u8]) -> Self {
        SuiteList {
            bytes,
            _kind: PhantomData,
        }
    }

    /// Number of suites.
    pub fn len(&self) -> usize {
        self.bytes.len() / 4
    }

    /// True when the list has no suite.
    pub fn is_empty(&self) -> bool {
        self.bytes.len() < 4
    }

    /// Iterates over the suites.
    pub fn iter(&self) -> impl Iterator<Item = S> + 'a {
        self.bytes
            .chunks_exact(4)
            .filter_map(|c| <[u8; 4]>::try_from(c).ok())
            .map(S::from)
    }

    /// True if `s` is in the list.
    pub fn contains(&self, s: S) -> bool {
        self.iter().any(|x| x == s)
    }

    /// The encoded selectors (without the count).
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

/// A list of PMKIDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PmkidList<'a> {
    bytes: &'a [u8],
}

impl<'a> PmkidList<'a> {
    /// Number of PMKIDs.
    pub fn len(&self) -> usize {
        self.bytes.len() / PMKID_LEN
    }

    /// True when the list has no PMKID.
    pub fn is_empty(&self) -> bool {
        self.bytes.len() < PMKID_LEN
    }

    /// Iterates over the PMKIDs.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8; PMKID_LEN]> + 'a {
        self.bytes
            .chunks_exact(PMKID_LEN)
            .filter_map(|c| <&[u8; PMKID_LEN]>::try_from(c).ok())
    }

    /// The first PMKID (the only one an AP looks at in a (Re)Association Request).
    pub fn first(&self) -> Option<&'a [u8; PMKID_LEN]> {
        self.iter().next()
    }

    /// The encoded PMKIDs (without the count).
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

/// Checked, zero-copy view of RSNE data (element body after ID and length).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rsne<'a> {
    data: &'a [u8],
    version: u16,
    group: Option<CipherSuite>,
    pairwise: Option<SuiteList<'a, CipherSuite>>,
    akms: Option<SuiteList<'a, Akm>>,
    capabilities: Option<RsnCapabilities>,
    pmkids: Option<PmkidList<'a>>,
    group_mgmt: Option<CipherSuite>,
    trailing: &'a [u8],
}

/// Splits a `count(2) + count*unit` list off the front of `rest`.
fn take_list<'a>(rest: &mut &'a [u8], unit: usize) -> Result<Option<&'a [u8]>> {
    match rest.len() {
        0 => Ok(None),
        1 => Err(Error::MalformedElement { id: super::id::RSN }),
        _ => {
            let count = usize::from(u16_at(rest, 0));
            let end = count
                .checked_mul(unit)
                .and_then(|n| n.checked_add(2))
                .ok_or(Error::MalformedElement { id: super::id::RSN })?;
            let list = rest
                .get(2..end)
                .ok_or(Error::MalformedElement { id: super::id::RSN })?;
            *rest = rest.get(end..).unwrap_or(&[]);
            Ok(Some(list))
        }
    }
}

impl<'a> Rsne<'a> {
    /// Parses and validates RSNE data (like hostapd's `wpa_parse_wpa_ie_rsn`: counts must fit,
    /// partial fields are errors, octets after the Group Management Cipher are kept as
    /// [`Rsne::trailing`]).
    pub fn new_checked(data: &'a [u8]) -> Result<Self> {
        let bad = Error::MalformedElement { id: super::id::RSN };
        if data.len() < 2 {
            return Err(Error::ElementLength { id: super::id::RSN });
        }
        let version = u16_at(data, 0);
        if version != RSNE_VERSION {
            return Err(Error::RsneVersion);
        }
        let mut rest = data.get(2..).unwrap_or(&[]);
        let mut r = Rsne {
            data,
            version,
            group: None,
            pairwise: None,
            akms: None,
            capabilities: None,
            pmkids: None,
            group_mgmt: None,
            trailing: &[],
        };
        if rest.is_empty() {
            return Ok(r);
        }
        let g = array_at::<4>(rest, 0).ok_or(bad)?;
        r.group = Some(CipherSuite::from_bytes(g));
        rest = rest.get(4..).unwrap_or(&[]);
        r.pairwise = take_list(&mut rest, 4)?.map(SuiteList::new);
        r.akms = take_list(&mut rest, 4)?.map(SuiteList::new);
        if rest.is_empty() {
            return Ok(r);
        }
        if rest.len() < 2 {
            return Err(bad);
        }
        r.capabilities = Some(RsnCapabilities::from_bits_retain(u16_at(rest, 0)));
        rest = rest.get(2..).unwrap_or(&[]);
        // hostapd ignores a lone octet after the capabilities; keep it as trailing.
        if rest.len() >= 2 {
            r.pmkids = take_list(&mut rest, PMKID_LEN)?.map(|bytes| PmkidList { bytes });
            if let Some(gm) = array_at::<4>(rest, 0) {
                r.group_mgmt = Some(CipherSuite::from_bytes(gm));
                rest = rest.get(4..).unwrap_or(&[]);
            }
        }
        r.trailing = rest;
        Ok(r)
    }

    /// Version (always 1 once parsed).
    pub fn version(&self) -> u16 {
        self.version
    }

    /// Group Data Cipher Suite, if present (absent means CCMP-128 by default).
    pub fn group_cipher(&self) -> Option<CipherSuite> {
        self.group
    }

    /// Pairwise Cipher Suite list, if present (absent means CCMP-128 by default).
    pub fn pairwise_ciphers(&self) -> Option<SuiteList<'a, CipherSuite>> {
        self.pairwise
    }

    /// AKM Suite list, if present (absent means IEEE 802.1X by default).
    pub fn akms(&self) -> Option<SuiteList<'a, Akm>> {
        self.akms
    }

    /// RSN Capabilities, if present.
    pub fn capabilities(&self) -> Option<RsnCapabilities> {
        self.capabilities
    }

    /// PMKID list, if present.
    pub fn pmkids(&self) -> Option<PmkidList<'a>> {
        self.pmkids
    }

    /// Group Management Cipher Suite, if present (absent means BIP-CMAC-128 when MFPC).
    pub fn group_mgmt_cipher(&self) -> Option<CipherSuite> {
        self.group_mgmt
    }

    /// Octets after the last recognised field (ignored, as hostapd does).
    pub fn trailing(&self) -> &'a [u8] {
        self.trailing
    }

    /// The whole element data.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }

    /// Owned copy for modification and re-emission (trailing octets are dropped).
    pub fn to_repr(&self) -> RsneRepr {
        RsneRepr {
            group_cipher: self.group,
            pairwise: self.pairwise.map(|l| l.iter().collect()),
            akms: self.akms.map(|l| l.iter().collect()),
            capabilities: self.capabilities,
            pmkids: self.pmkids.map(|l| l.iter().copied().collect()),
            group_mgmt_cipher: self.group_mgmt,
        }
    }
}

/// Owned RSNE for building. `None` fields are omitted; as on the wire, a field can only be
/// emitted if all fields before it are, so `emit` writes earlier absent fields with their
/// defaults (count 0 lists, zero capabilities) when a later one is present.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RsneRepr {
    /// Group Data Cipher Suite.
    pub group_cipher: Option<CipherSuite>,
    /// Pairwise Cipher Suites.
    pub pairwise: Option<Vec<CipherSuite>>,
    /// AKM Suites.
    pub akms: Option<Vec<Akm>>,
    /// RSN Capabilities.
    pub capabilities: Option<RsnCapabilities>,
    /// PMKIDs.
    pub pmkids: Option<Vec<[u8; PMKID_LEN]>>,
    /// Group Management Cipher Suite.
    pub group_mgmt_cipher: Option<CipherSuite>,
}

impl RsneRepr {
    /// Parses RSNE data into an owned repr.
    pub fn parse(data: &[u8]) -> Result<Self> {
        Ok(Rsne::new_checked(data)?.to_repr())
    }

    /// Index (1..=6) of the last present field, 0 if only the version.
    fn last_field(&self) -> u8 {
        if self.group_mgmt_cipher.is_some() {
            6
        } else if self.pmkids.is_some() {
            5
        } else if self.capabilities.is_some() {
            4
        } else if self.akms.is_some() {
            3
        } else if self.pairwise.is_some() {
            2
        } else if self.group_cipher.is_some() {
            1
        } else {
            0
        }
    }

    /// Length of the element data (without ID and length octets).
    pub fn buffer_len(&self) -> usize {
        let last = self.last_field();
        let mut n = 2;
        if last >= 1 {
            n += 4;
        }
        if last >= 2 {
            n += 2 + 4 * self.pairwise.as_ref().map_or(0, Vec::len);
        }
        if last >= 3 {
            n += 2 + 4 * self.akms.as_ref().map_or(0, Vec::len);
        }
        if last >= 4 {
            n += 2;
        }
        if last >= 5 {
            n += 2 + PMKID_LEN * self.pmkids.as_ref().map_or(0, Vec::len);
        }
        if last >= 6 {
            n += 4;
        }
        n
    }

    /// Appends the element data (no ID/length) to `out`.
    pub fn emit_data(&self, out: &mut Vec<u8>) {
        let last = self.last_field();
        out.extend_from_slice(&RSNE_VERSION.to_le_bytes());
        if last >= 1 {
            let g = self.group_cipher.unwrap_or(CipherSuite::Ccmp128);
            out.extend_from_slice(&g.to_bytes());
        }
        if last >= 2 {
            let l = self.pairwise.as_deref().unwrap_or(&[]);
            out.extend_from_slice(&(l.len() as u16).to_le_bytes());
            l.iter().for_each(|s| out.extend_from_slice(&s.to_bytes()));
        }
        if last >= 3 {
            let l = self.akms.as_deref().unwrap_or(&[]);
            out.extend_from_slice(&(l.len() as u16).to_le_bytes());
            l.iter().for_each(|s| out.extend_from_slice(&s.to_bytes()));
        }
        if last >= 4 {
            let c = self.capabilities.unwrap_or_default();
            out.extend_from_slice(&c.bits().to_le_bytes());
        }
        if last >= 5 {
            let l = self.pmkids.as_deref().unwrap_or(&[]);
            out.extend_from_slice(&(l.len() as u16).to_le_bytes());
            l.iter().for_each(|p| out.extend_from_slice(p));
        }
        if let (true, Some(gm)) = (last >= 6, self.group_mgmt_cipher) {
            out.extend_from_slice(&gm.to_bytes());
        }
    }

    /// The element data as a new vector.
    pub fn to_data(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.buffer_len());
        self.emit_data(&mut v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    #[test]
    fn psk_pmf_from_assoc_req() {
        // psk-connect ASSOC_REQ: 30 1a 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 00 0f ac 02
        //                        80 00 00 00 00 0f ac 06
        let d = unhex("0100000fac040100000fac040100000fac0280000000000fac06");
        let r = Rsne::new_checked(&d).unwrap();
        assert_eq!(r.group_cipher(), Some(CipherSuite::Ccmp128));
        assert!(r.pairwise_ciphers().unwrap().contains(CipherSuite::Ccmp128));
        assert_eq!(r.akms().unwrap().iter().collect::<Vec<_>>(), vec![Akm::Psk]);
        let caps = r.capabilities().unwrap();
        assert!(caps.contains(RsnCapabilities::MFPC));
        assert!(!caps.contains(RsnCapabilities::MFPR));
        assert_eq!(caps.ptksa_replay_counters(), 1);
        let c = caps
            .with_ptksa_replay_counter_code(3)
            .with_gtksa_replay_counter_code(2);
        assert_eq!(c.bits(), 0x80 | 0x0c | 0x20);
        assert_eq!(
            (c.ptksa_replay_counters(), c.gtksa_replay_counters()),
            (16, 4)
        );
        assert!(r.pmkids().unwrap().is_empty());
        assert_eq!(r.group_mgmt_cipher(), Some(CipherSuite::BipCmac128));
        assert_eq!(r.to_repr().to_data(), d);
    }

    #[test]
    fn ft_with_pmkid() {
        // ft-psk reassoc: 30 26 ... 01 00 <PMKR1Name>
        let d =
            unhex("0100000fac040100000fac040100000fac0400000100fcfd71f247cef01309a96bdcc0f46a26");
        let r = Rsne::new_checked(&d).unwrap();
        assert_eq!(r.akms().unwrap().iter().next(), Some(Akm::FtPsk));
        assert_eq!(r.pmkids().unwrap().len(), 1);
        assert_eq!(r.pmkids().unwrap().first().unwrap()[0], 0xfc);
        assert_eq!(r.group_mgmt_cipher(), None);
        assert_eq!(r.to_repr().to_data(), d);
        // beacon: two AKMs, no PMKID count
        let d = unhex("0100000fac040100000fac040200000fac02000fac040000");
        let r = Rsne::new_checked(&d).unwrap();
        assert_eq!(r.akms().unwrap().len(), 2);
        assert_eq!(r.pmkids(), None);
        assert_eq!(r.to_repr().to_data(), d);
    }

    #[test]
    fn optional_fields_and_errors() {
        for d in [&[1u8, 0][..], &[1, 0, 0, 0x0f, 0xac, 4]] {
            let r = Rsne::new_checked(d).unwrap();
            assert_eq!(r.to_repr().to_data(), d);
        }
        assert_eq!(
            Rsne::new_checked(&[1]).err(),
            Some(Error::ElementLength { id: 48 })
        );
        assert_eq!(Rsne::new_checked(&[2, 0]).err(), Some(Error::RsneVersion));
        let bad = Error::MalformedElement { id: 48 };
        assert_eq!(Rsne::new_checked(&[1, 0, 0, 0x0f]).err(), Some(bad));
        assert_eq!(
            Rsne::new_checked(&[1, 0, 0, 0x0f, 0xac, 4, 2, 0, 0, 0x0f, 0xac, 4]).err(),
            Some(bad)
        );
        assert_eq!(
            Rsne::new_checked(&[1, 0, 0, 0x0f, 0xac, 4, 1]).err(),
            Some(bad)
        );
        assert_eq!(
            Rsne::new_checked(&[1, 0, 0, 0x0f, 0xac, 4, 0xff, 0xff]).err(),
            Some(bad)
        );
        // trailing junk after group mgmt cipher is tolerated
        let d = unhex("0100000fac040100000fac040100000fac0280000000000fac06aa");
        assert_eq!(Rsne::new_checked(&d).unwrap().trailing(), &[0xaa]);
    }

    #[test]
    fn repr_fills_gaps() {
        let r = RsneRepr {
            akms: Some(vec![Akm::Sae]),
            ..Default::default()
        };
        let d = r.to_data();
        assert_eq!(d.len(), r.buffer_len());
        assert_eq!(
            d,
            unhex("0100000fac040000 0100000fac08".replace(' ', "").as_str())
        );
    }
}
