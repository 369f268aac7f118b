//! Typed interpretation of one element.

use super::country::Country;
use super::ext_capabilities::ExtendedCapabilities;
use super::id;
use super::mde::Mde;
use super::rates::Rates;
use super::raw::RawElement;
use super::ric_data::RicData;
use super::rsne::Rsne;
use super::tim::Tim;
use super::timeout_interval::TimeoutInterval;
use super::vendor::VendorSpecific;
use crate::{Error, Result};

/// Maximum SSID length (IEEE 802.11-2020 9.4.2.2).
pub const SSID_MAX_LEN: usize = 32;
/// HT Capabilities data length (9.4.2.55).
pub const HT_CAPABILITIES_LEN: usize = 26;
/// HT Operation data length (9.4.2.56).
pub const HT_OPERATION_LEN: usize = 22;
/// VHT Capabilities data length (9.4.2.157).
pub const VHT_CAPABILITIES_LEN: usize = 12;
/// VHT Operation data length (9.4.2.158).
pub const VHT_OPERATION_LEN: usize = 5;
/// Minimum FTE data length: MIC Control(2) + MIC(16) + ANonce(32) + SNonce(32).
pub const FTE_MIN_LEN: usize = 82;

/// A typed element. Every variant keeps enough to re-emit the exact original bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Element<'a> {
    /// SSID (0), 0..=32 octets.
    Ssid(&'a [u8]),
    /// Supported Rates and BSS Membership Selectors (1), at least 1 octet.
    SupportedRates(Rates<'a>),
    /// DSSS Parameter Set (3): current channel.
    DsParameterSet {
        /// Current channel number.
        channel: u8,
    },
    /// TIM (5).
    Tim(Tim<'a>),
    /// Country (7).
    Country(Country<'a>),
    /// HT Capabilities (45), opaque, 26 octets.
    HtCapabilities(&'a [u8]),
    /// RSNE (48), fully validated.
    Rsne(Rsne<'a>),
    /// Extended Supported Rates (50), at least 1 octet.
    ExtendedSupportedRates(Rates<'a>),
    /// Mobility Domain (54).
    MobilityDomain(Mde),
    /// Fast BSS Transition (55): raw data of at least 82 octets; parse with
    /// [`super::fte::FteRepr::parse`] once the AKM (hence the MIC length) is known.
    FastBssTransition(&'a [u8]),
    /// Timeout Interval (56).
    TimeoutInterval(TimeoutInterval),
    /// RIC Data (57).
    RicData(RicData),
    /// HT Operation (61), opaque, 22 octets.
    HtOperation(&'a [u8]),
    /// Extended Capabilities (127), at least 1 octet.
    ExtendedCapabilities(ExtendedCapabilities<'a>),
    /// VHT Capabilities (191), opaque, 12 octets.
    VhtCapabilities(&'a [u8]),
    /// VHT Operation (192), opaque, 5 octets.
    VhtOperation(&'a [u8]),
    /// Vendor Specific (221).
    VendorSpecific(VendorSpecific<'a>),
    /// An element with Element ID Extension (255).
    Extension {
        /// Element ID Extension.
        ext_id: u8,
        /// Data after the extension ID.
        data: &'a [u8],
    },
    /// Any other element, kept verbatim.
    Unknown {
        /// Element ID.
        id: u8,
        /// Element data.
        data: &'a [u8],
    },
}

fn exact(data: &[u8], len: usize, eid: u8) -> Result<&[u8]> {
    if data.len() == len {
        Ok(data)
    } else {
        Err(Error::ElementLength { id: eid })
    }
}

impl<'a> Element<'a> {
    /// Interprets a raw element, checking the length rules of its type.
    pub fn parse(raw: RawElement<'a>) -> Result<Self> {
        let data = raw.data();
        let eid = raw.id();
        let bad_len = Error::ElementLength { id: eid };
        Ok(match eid {
            id::SSID if data.len() <= SSID_MAX_LEN => Element::Ssid(data),
            id::SSID => return Err(Error::SsidTooLong),
            id::SUPPORTED_RATES if !data.is_empty() => Element::SupportedRates(Rates(data)),
            id::EXTENDED_SUPPORTED_RATES if !data.is_empty() => {
                Element::ExtendedSupportedRates(Rates(data))
            }
            id::DS_PARAMETER_SET => match data {
                &[channel] => Element::DsParameterSet { channel },
                _ => return Err(bad_len),
            },
            id::TIM => Element::Tim(Tim::new(data).ok_or(bad_len)?),
            id::COUNTRY => Element::Country(Country::new(data).ok_or(bad_len)?),
            id::HT_CAPABILITIES => Element::HtCapabilities(exact(data, HT_CAPABILITIES_LEN, eid)?),
            id::HT_OPERATION => Element::HtOperation(exact(data, HT_OPERATION_LEN, eid)?),
            id::VHT_CAPABILITIES => {
                Element::VhtCapabilities(exact(data, VHT_CAPABILITIES_LEN, eid)?)
            }
            id::VHT_OPERATION => Element::VhtOperation(exact(data, VHT_OPERATION_LEN, eid)?),
            id::RSN => Element::Rsne(Rsne::new_checked(data)?),
            id::MOBILITY_DOMAIN => Element::MobilityDomain(Mde::parse(data)?),
            id::FAST_BSS_TRANSITION if data.len() >= FTE_MIN_LEN => {
                Element::FastBssTransition(data)
            }
            id::TIMEOUT_INTERVAL => Element::TimeoutInterval(TimeoutInterval::parse(data)?),
            id::RIC_DATA => Element::RicData(RicData::parse(data)?),
            id::EXTENDED_CAPABILITIES if !data.is_empty() => {
                Element::ExtendedCapabilities(ExtendedCapabilities(data))
            }
            id::VENDOR_SPECIFIC => {
                Element::VendorSpecific(VendorSpecific::new(data).ok_or(bad_len)?)
            }
            id::EXTENSION => match data.split_first() {
                Some((&ext_id, data)) => Element::Extension { ext_id, data },
                None => return Err(bad_len),
            },
            id::SUPPORTED_RATES
            | id::EXTENDED_SUPPORTED_RATES
            | id::FAST_BSS_TRANSITION
            | id::EXTENDED_CAPABILITIES => return Err(bad_len),
            id => Element::Unknown { id, data },
        })
    }

    /// Element ID (255 for extension elements).
    pub fn id(&self) -> u8 {
        match self {
            Element::Ssid(_) => id::SSID,
            Element::SupportedRates(_) => id::SUPPORTED_RATES,
            Element::DsParameterSet { .. } => id::DS_PARAMETER_SET,
            Element::Tim(_) => id::TIM,
            Element::Country(_) => id::COUNTRY,
            Element::HtCapabilities(_) => id::HT_CAPABILITIES,
            Element::Rsne(_) => id::RSN,
            Element::ExtendedSupportedRates(_) => id::EXTENDED_SUPPORTED_RATES,
            Element::MobilityDomain(_) => id::MOBILITY_DOMAIN,
            Element::FastBssTransition(_) => id::FAST_BSS_TRANSITION,
            Element::TimeoutInterval(_) => id::TIMEOUT_INTERVAL,
            Element::RicData(_) => id::RIC_DATA,
            Element::HtOperation(_) => id::HT_OPERATION,
            Element::ExtendedCapabilities(_) => id::EXTENDED_CAPABILITIES,
            Element::VhtCapabilities(_) => id::VHT_CAPABILITIES,
            Element::VhtOperation(_) => id::VHT_OPERATION,
            Element::VendorSpecific(_) => id::VENDOR_SPECIFIC,
            Element::Extension { .. } => id::EXTENSION,
            Element::Unknown { id, .. } => *id,
        }
    }

    /// Calls `f` with the element's data (for extension elements: ext ID, then data).
    fn with_data<R>(&self, f: impl FnOnce(&[u8], &[u8]) -> R) -> R {
        match *self {
            Element::Ssid(d)
            | Element::HtCapabilities(d)
            | Element::FastBssTransition(d)
            | Element::HtOperation(d)
            | Element::VhtCapabilities(d)
            | Element::VhtOperation(d)
            | Element::Unknown { data: d, .. } => f(&[], d),
            Element::SupportedRates(r) | Element::ExtendedSupportedRates(r) => f(&[], r.0),
            Element::DsParameterSet { channel } => f(&[], &[channel]),
            Element::Tim(t) => f(&[], t.as_bytes()),
            Element::Country(c) => f(&[], c.as_bytes()),
            Element::Rsne(r) => f(&[], r.as_bytes()),
            Element::MobilityDomain(m) => f(&[], &m.to_data()),
            Element::TimeoutInterval(t) => f(&[], &t.to_data()),
            Element::RicData(r) => f(&[], &r.to_data()),
            Element::ExtendedCapabilities(e) => f(&[], e.0),
            Element::VendorSpecific(v) => f(&[], v.as_bytes()),
            Element::Extension { ext_id, data } => f(&[ext_id], data),
        }
    }

    /// Encoded length, ID and length octets included.
    pub fn buffer_len(&self) -> usize {
        self.with_data(|a, b| 2 + a.len() + b.len())
    }

    /// Appends the element (ID, length, data) to `out`.
    pub fn emit(&self, out: &mut Vec<u8>) -> Result<()> {
        let id = self.id();
        self.with_data(|a, b| {
            let len = u8::try_from(a.len() + b.len()).map_err(|_| Error::ElementTooLong)?;
            out.extend_from_slice(&[id, len]);
            out.extend_from_slice(a);
            out.extend_from_slice(b);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::raw::ElementIter;
    use super::*;

    fn round_trip(buf: &[u8]) {
        let mut out = Vec::new();
        for e in ElementIter::new(buf) {
            let t = Element::parse(e.unwrap()).unwrap();
            assert_eq!(t.buffer_len(), e.unwrap().buffer_len());
            t.emit(&mut out).unwrap();
        }
        assert_eq!(out, buf);
    }

    #[test]
    fn trace_element_lists() {
        use crate::testdata::*;
        // Probe request body: HT caps, ext caps, HE caps (extension), VHT caps, WPS, P2P, ...
        let probe = hex::decode(PSK_PROBE_REQ).unwrap();
        round_trip(&probe[24..]);
        let types: Vec<_> = ElementIter::new(&probe[24..])
            .map(|e| Element::parse(e.unwrap()).unwrap().id())
            .collect();
        assert_eq!(
            types,
            vec![0, 1, 50, 3, 45, 127, 255, 255, 221, 221, 114, 221]
        );
        for t in [PSK_BEACON_TAIL, FT_BEACON_TAIL] {
            round_trip(&hex::decode(t).unwrap());
        }
        let req = hex::decode(FT_REASSOC_REQ).unwrap();
        round_trip(&req[34..]);
    }

    #[test]
    fn ext_and_vendor() {
        let buf = [0xff, 3, 35, 1, 2, 0xdd, 4, 0, 0x50, 0xf2, 1, 0xaa, 1, 9];
        round_trip(&buf);
        let mut it = ElementIter::new(&buf);
        assert_eq!(
            Element::parse(it.next().unwrap().unwrap()).unwrap(),
            Element::Extension {
                ext_id: 35,
                data: &[1, 2]
            }
        );
        match Element::parse(it.next().unwrap().unwrap()).unwrap() {
            Element::VendorSpecific(v) => assert!(v.is_wpa()),
            e => panic!("{e:?}"),
        }
        assert_eq!(
            Element::parse(it.next().unwrap().unwrap()).unwrap(),
            Element::Unknown {
                id: 0xaa,
                data: &[9]
            }
        );
    }

    #[test]
    fn length_rules() {
        let e = |id, d: &'static [u8]| Element::parse(RawElement::new(id, d).unwrap());
        assert_eq!(e(0, &[b'a'; 33]), Err(Error::SsidTooLong));
        assert_eq!(e(1, &[]), Err(Error::ElementLength { id: 1 }));
        assert_eq!(e(3, &[1, 2]), Err(Error::ElementLength { id: 3 }));
        assert_eq!(e(45, &[0; 25]), Err(Error::ElementLength { id: 45 }));
        assert_eq!(e(55, &[0; 81]), Err(Error::ElementLength { id: 55 }));
        assert_eq!(e(255, &[]), Err(Error::ElementLength { id: 255 }));
        assert_eq!(e(221, &[0, 1]), Err(Error::ElementLength { id: 221 }));
        assert!(e(55, &[0; 82]).is_ok());
        let big = Element::Unknown {
            id: 9,
            data: &[0; 256],
        };
        assert_eq!(big.emit(&mut Vec::new()), Err(Error::ElementTooLong));
    }
}
