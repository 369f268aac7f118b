//! An element list (the variable part of a frame body) and lookups over it.

use super::ext_capabilities::ExtendedCapabilities;
use super::fte::FteRepr;
use super::id;
use super::mde::Mde;
use super::rates::RateIter;
use super::raw::{ElementIter, RawElement};
use super::rsne::Rsne;
use super::timeout_interval::TimeoutInterval;
use super::typed::Element;
use super::vendor::{VendorSpecific, OUI_MICROSOFT, VENDOR_TYPE_WMM, VENDOR_TYPE_WPA};
use crate::Result;

/// A borrowed list of elements. Lookups scan from the start and return the first match;
/// they stop silently at a malformed tail (use [`Elements::check`] to reject those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Elements<'a>(&'a [u8]);

impl<'a> Elements<'a> {
    /// Wraps the bytes of an element list.
    pub const fn new(buf: &'a [u8]) -> Self {
        Elements(buf)
    }

    /// The underlying bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// True if there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checked TLV iterator.
    pub fn iter(&self) -> ElementIter<'a> {
        ElementIter::new(self.0)
    }

    /// Fails if any element's length overruns the buffer.
    pub fn check(&self) -> Result<()> {
        self.iter().try_for_each(|e| e.map(|_| ()))
    }

    /// Iterator of typed elements.
    pub fn typed(&self) -> impl Iterator<Item = Result<Element<'a>>> + 'a {
        self.iter().map(|r| r.and_then(Element::parse))
    }

    /// Well-formed elements only (stops at a malformed tail).
    fn ok_iter(&self) -> impl Iterator<Item = RawElement<'a>> + 'a {
        self.iter().map_while(|r| r.ok())
    }

    /// First element with ID `id`.
    pub fn find(&self, id: u8) -> Option<RawElement<'a>> {
        self.ok_iter().find(|e| e.id() == id)
    }

    /// All elements with ID `id`.
    pub fn find_all(&self, id: u8) -> impl Iterator<Item = RawElement<'a>> + 'a {
        self.ok_iter().filter(move |e| e.id() == id)
    }

    /// First extension element with Element ID Extension `ext_id`.
    pub fn find_ext(&self, ext_id: u8) -> Option<RawElement<'a>> {
        self.ok_iter().find(|e| e.ext_id() == Some(ext_id))
    }

    /// First Vendor Specific element with this OUI and vendor type.
    pub fn find_vendor(&self, oui: [u8; 3], vendor_type: u8) -> Option<VendorSpecific<'a>> {
        self.find_all(id::VENDOR_SPECIFIC)
            .filter_map(|e| VendorSpecific::new(e.data()))
            .find(|v| v.is(oui, vendor_type))
    }

    /// SSID octets, if an SSID element is present (not length-checked: see [`Element::parse`]).
    pub fn ssid(&self) -> Option<&'a [u8]> {
        self.find(id::SSID).map(|e| e.data())
    }

    /// Supported Rates followed by Extended Supported Rates (membership selectors included).
    pub fn supported_rates(&self) -> RateIter<'a> {
        let data = |i| self.find(i).map_or(&[][..], |e: RawElement<'a>| e.data());
        RateIter::new(
            data(id::SUPPORTED_RATES),
            data(id::EXTENDED_SUPPORTED_RATES),
        )
    }

    /// Current channel from the DSSS Parameter Set.
    pub fn ds_channel(&self) -> Option<u8> {
        match self.find(id::DS_PARAMETER_SET)?.data() {
            &[c] => Some(c),
            _ => None,
        }
    }

    /// RSNE, validated: `Ok(None)` if absent, `Err` if present but malformed.
    pub fn rsne(&self) -> Result<Option<Rsne<'a>>> {
        self.find(id::RSN)
            .map(|e| Rsne::new_checked(e.data()))
            .transpose()
    }

    /// Mobility Domain element: `Ok(None)` if absent, `Err` if malformed.
    pub fn mde(&self) -> Result<Option<Mde>> {
        self.find(id::MOBILITY_DOMAIN)
            .map(|e| Mde::parse(e.data()))
            .transpose()
    }

    /// Raw FTE data; parse it with [`super::fte::FteRepr::parse`] and the AKM's MIC length.
    pub fn fte(&self) -> Option<&'a [u8]> {
        self.find(id::FAST_BSS_TRANSITION).map(|e| e.data())
    }

    /// FTE parsed with a MIC of `mic_len` octets (see [`super::Akm::ft_mic_len`]):
    /// `Ok(None)` if absent, `Err` if malformed.
    pub fn fte_repr(&self, mic_len: usize) -> Result<Option<FteRepr<'a>>> {
        self.fte().map(|d| FteRepr::parse(d, mic_len)).transpose()
    }

    /// Timeout Interval element: `Ok(None)` if absent, `Err` if malformed.
    pub fn timeout_interval(&self) -> Result<Option<TimeoutInterval>> {
        self.find(id::TIMEOUT_INTERVAL)
            .map(|e| TimeoutInterval::parse(e.data()))
            .transpose()
    }

    /// Extended Capabilities.
    pub fn extended_capabilities(&self) -> Option<ExtendedCapabilities<'a>> {
        self.find(id::EXTENDED_CAPABILITIES)
            .map(|e| ExtendedCapabilities(e.data()))
    }

    /// HT Capabilities data, if present.
    pub fn ht_capabilities(&self) -> Option<&'a [u8]> {
        self.find(id::HT_CAPABILITIES).map(|e| e.data())
    }

    /// VHT Capabilities data, if present.
    pub fn vht_capabilities(&self) -> Option<&'a [u8]> {
        self.find(id::VHT_CAPABILITIES).map(|e| e.data())
    }

    /// RSNX element data, if present.
    pub fn rsnxe(&self) -> Option<&'a [u8]> {
        self.find(id::RSNX).map(|e| e.data())
    }

    /// WPA (v1) vendor element (00:50:f2 type 1).
    pub fn wpa(&self) -> Option<VendorSpecific<'a>> {
        self.find_vendor(OUI_MICROSOFT, VENDOR_TYPE_WPA)
    }

    /// WMM vendor element (00:50:f2 type 2).
    pub fn wmm(&self) -> Option<VendorSpecific<'a>> {
        self.find_vendor(OUI_MICROSOFT, VENDOR_TYPE_WMM)
    }
}

impl<'a> IntoIterator for Elements<'a> {
    type Item = Result<RawElement<'a>>;
    type IntoIter = ElementIter<'a>;

    fn into_iter(self) -> ElementIter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::super::rates::Rate;
    use super::super::suite::Akm;
    use super::*;
    use crate::testdata::*;

    #[test]
    fn assoc_req_lookups() {
        let f = hex::decode(PSK_ASSOC_REQ).unwrap();
        let e = Elements::new(&f[28..]);
        e.check().unwrap();
        assert_eq!(e.ssid(), Some(&b"roam-psk"[..]));
        let rates: Vec<Rate> = e.supported_rates().collect();
        assert_eq!(rates.len(), 12);
        assert_eq!(rates[11], Rate(0x6c));
        let rsne = e.rsne().unwrap().unwrap();
        assert!(rsne.akms().unwrap().contains(Akm::Psk));
        assert_eq!(e.mde(), Ok(None));
        assert_eq!(e.fte_repr(16), Ok(None));
        assert!(e.extended_capabilities().unwrap().bit(2));
        assert!(e.wmm().is_none());
        assert!(e.typed().all(|t| t.is_ok()));
    }

    #[test]
    fn probe_req_lookups() {
        let f = hex::decode(PSK_PROBE_REQ).unwrap();
        let e = Elements::new(&f[24..]);
        assert_eq!(e.ssid(), Some(&b""[..]));
        assert_eq!(e.ds_channel(), Some(1));
        assert_eq!(
            e.find_ext(id::ext::HE_CAPABILITIES).unwrap().data().len(),
            0x16
        );
        assert!(e.find_vendor([0, 0x50, 0xf2], 4).is_some());
        assert_eq!(e.find_all(id::VENDOR_SPECIFIC).count(), 3);
        assert!(e.rsne().unwrap().is_none());
    }

    #[test]
    fn malformed_tail() {
        let buf = [0, 1, b'x', 48, 5, 1];
        let e = Elements::new(&buf);
        assert!(e.check().is_err());
        assert_eq!(e.ssid(), Some(&b"x"[..]));
        assert_eq!(e.rsne(), Ok(None));
        let buf = [48, 1, 1];
        assert!(Elements::new(&buf).rsne().is_err());
    }
}
