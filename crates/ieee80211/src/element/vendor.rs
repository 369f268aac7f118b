//! Vendor Specific element (IEEE 802.11-2020 9.4.2.25).

/// Microsoft OUI used by WPA and WMM.
pub const OUI_MICROSOFT: [u8; 3] = [0x00, 0x50, 0xf2];
/// Wi-Fi Alliance OUI (P2P, OSEN, MBO, ...).
pub const OUI_WFA: [u8; 3] = [0x50, 0x6f, 0x9a];
/// IEEE 802.11 OUI (RSN key data encapsulations).
pub const OUI_IEEE80211: [u8; 3] = [0x00, 0x0f, 0xac];
/// Vendor type of the WPA (v1) element under [`OUI_MICROSOFT`].
pub const VENDOR_TYPE_WPA: u8 = 1;
/// Vendor type of the WMM/WME element under [`OUI_MICROSOFT`].
pub const VENDOR_TYPE_WMM: u8 = 2;
/// Vendor type of the WPS element under [`OUI_MICROSOFT`].
pub const VENDOR_TYPE_WPS: u8 = 4;

/// A Vendor Specific element: OUI (3 octets) then vendor content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorSpecific<'a> {
    data: &'a [u8],
}

impl<'a> VendorSpecific<'a> {
    /// Wraps element data; `None` if shorter than the 3-octet OUI.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= 3).then_some(VendorSpecific { data })
    }

    /// The organization identifier.
    pub fn oui(&self) -> [u8; 3] {
        crate::wire::array_at::<3>(self.data, 0).unwrap_or([0; 3])
    }

    /// Vendor type: the octet after the OUI, if any (a convention of most vendors).
    pub fn vendor_type(&self) -> Option<u8> {
        self.data.get(3).copied()
    }

    /// Everything after the OUI.
    pub fn content(&self) -> &'a [u8] {
        crate::wire::rest(self.data, 3)
    }

    /// Everything after OUI and vendor type.
    pub fn payload(&self) -> &'a [u8] {
        crate::wire::rest(self.data, 4)
    }

    /// The whole element data (OUI included).
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }

    /// True if OUI and vendor type match.
    pub fn is(&self, oui: [u8; 3], vendor_type: u8) -> bool {
        self.oui() == oui && self.vendor_type() == Some(vendor_type)
    }

    /// WPA (v1) element: 00:50:f2 type 1.
    pub fn is_wpa(&self) -> bool {
        self.is(OUI_MICROSOFT, VENDOR_TYPE_WPA)
    }

    /// WMM element: 00:50:f2 type 2.
    pub fn is_wmm(&self) -> bool {
        self.is(OUI_MICROSOFT, VENDOR_TYPE_WMM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wmm() {
        // dd 07 00 50 f2 02 00 01 00 (WMM information element)
        let v = VendorSpecific::new(&[0x00, 0x50, 0xf2, 0x02, 0x00, 0x01, 0x00]).unwrap();
        assert!(v.is_wmm());
        assert!(!v.is_wpa());
        assert_eq!(v.payload(), &[0, 1, 0]);
        assert!(VendorSpecific::new(&[0, 0x50]).is_none());
        assert_eq!(VendorSpecific::new(&[1, 2, 3]).unwrap().vendor_type(), None);
    }
}
