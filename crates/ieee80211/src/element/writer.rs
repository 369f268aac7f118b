//! Appending elements to a buffer (beacon head/tail, probe and association responses).

use super::fte::FteRepr;
use super::id;
use super::mde::Mde;
use super::rates::Rate;
use super::ric_data::RicData;
use super::rsne::RsneRepr;
use super::timeout_interval::TimeoutInterval;
use super::typed::{Element, SSID_MAX_LEN};
use crate::{Error, Result};

/// Number of rates that fit the Supported Rates element; the rest go to Extended Supported
/// Rates (IEEE 802.11-2020 9.4.2.3).
pub const SUPPORTED_RATES_MAX: usize = 8;

/// Appends encoded elements to a `Vec<u8>`. Every method checks lengths first and writes
/// nothing on error.
#[derive(Debug)]
pub struct ElementWriter<'v> {
    buf: &'v mut Vec<u8>,
}

impl<'v> ElementWriter<'v> {
    /// Writes at the end of `buf`.
    pub fn new(buf: &'v mut Vec<u8>) -> Self {
        ElementWriter { buf }
    }

    /// Bytes in the buffer so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True if the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// An element from parts whose concatenation is the data.
    fn parts(&mut self, eid: u8, parts: &[&[u8]]) -> Result<&mut Self> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let len = u8::try_from(len).map_err(|_| Error::ElementTooLong)?;
        self.buf.reserve(2 + usize::from(len));
        self.buf.push(eid);
        self.buf.push(len);
        for p in parts {
            self.buf.extend_from_slice(p);
        }
        Ok(self)
    }

    /// Any element: ID and data (at most 255 octets).
    pub fn raw(&mut self, eid: u8, data: &[u8]) -> Result<&mut Self> {
        self.parts(eid, &[data])
    }

    /// Already-encoded elements, copied verbatim (e.g. IEs from configuration).
    pub fn encoded(&mut self, elements: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(elements);
        self
    }

    /// An extension element (ID 255): extension ID then data (at most 254 octets).
    pub fn extension(&mut self, ext_id: u8, data: &[u8]) -> Result<&mut Self> {
        self.parts(id::EXTENSION, &[&[ext_id], data])
    }

    /// A typed element, re-encoded exactly.
    pub fn element(&mut self, e: &Element<'_>) -> Result<&mut Self> {
        e.emit(self.buf)?;
        Ok(self)
    }

    /// SSID (0..=32 octets).
    pub fn ssid(&mut self, ssid: &[u8]) -> Result<&mut Self> {
        if ssid.len() > SSID_MAX_LEN {
            return Err(Error::SsidTooLong);
        }
        self.raw(id::SSID, ssid)
    }

    /// Supported Rates with the first 8 of `rates` (at least one is required).
    pub fn supported_rates(&mut self, rates: &[Rate]) -> Result<&mut Self> {
        if rates.is_empty() {
            return Err(Error::ElementLength {
                id: id::SUPPORTED_RATES,
            });
        }
        let n = rates.len().min(SUPPORTED_RATES_MAX);
        let mut b = [0u8; SUPPORTED_RATES_MAX];
        for (d, r) in b.iter_mut().zip(rates) {
            *d = r.0;
        }
        self.raw(id::SUPPORTED_RATES, b.get(..n).unwrap_or(&[]))
    }

    /// Extended Supported Rates with `rates[8..]`; writes nothing if there are at most 8.
    pub fn extended_supported_rates(&mut self, rates: &[Rate]) -> Result<&mut Self> {
        let rest = rates.get(SUPPORTED_RATES_MAX..).unwrap_or(&[]);
        if rest.is_empty() {
            return Ok(self);
        }
        if rest.len() > 255 {
            return Err(Error::ElementTooLong);
        }
        let b: Vec<u8> = rest.iter().map(|r| r.0).collect();
        self.raw(id::EXTENDED_SUPPORTED_RATES, &b)
    }

    /// DSSS Parameter Set with the current channel.
    pub fn ds_parameter_set(&mut self, channel: u8) -> Result<&mut Self> {
        self.raw(id::DS_PARAMETER_SET, &[channel])
    }

    /// TIM: DTIM count and period, bitmap control, partial virtual bitmap (1..=251 octets).
    pub fn tim(
        &mut self,
        dtim_count: u8,
        dtim_period: u8,
        bitmap_control: u8,
        partial_virtual_bitmap: &[u8],
    ) -> Result<&mut Self> {
        if !(1..=251).contains(&partial_virtual_bitmap.len()) {
            return Err(Error::ElementLength { id: id::TIM });
        }
        self.parts(
            id::TIM,
            &[
                &[dtim_count, dtim_period, bitmap_control],
                partial_virtual_bitmap,
            ],
        )
    }

    /// RSNE.
    pub fn rsne(&mut self, rsne: &RsneRepr) -> Result<&mut Self> {
        if rsne.buffer_len() > 255 {
            return Err(Error::ElementTooLong);
        }
        self.raw(id::RSN, &rsne.to_data())
    }

    /// Mobility Domain element.
    pub fn mobility_domain(&mut self, mde: &Mde) -> Result<&mut Self> {
        self.raw(id::MOBILITY_DOMAIN, &mde.to_data())
    }

    /// Fast BSS Transition element.
    pub fn fte(&mut self, fte: &FteRepr<'_>) -> Result<&mut Self> {
        let mut d = Vec::with_capacity(fte.buffer_len());
        fte.emit_data(&mut d)?;
        self.raw(id::FAST_BSS_TRANSITION, &d)
    }

    /// Timeout Interval element.
    pub fn timeout_interval(&mut self, t: &TimeoutInterval) -> Result<&mut Self> {
        self.raw(id::TIMEOUT_INTERVAL, &t.to_data())
    }

    /// RIC Data element.
    pub fn ric_data(&mut self, r: &RicData) -> Result<&mut Self> {
        self.raw(id::RIC_DATA, &r.to_data())
    }

    /// Extended Capabilities from its octets (at least one).
    pub fn extended_capabilities(&mut self, caps: &[u8]) -> Result<&mut Self> {
        if caps.is_empty() {
            return Err(Error::ElementLength {
                id: id::EXTENDED_CAPABILITIES,
            });
        }
        self.raw(id::EXTENDED_CAPABILITIES, caps)
    }

    /// Vendor Specific: OUI then `content` (vendor type included in `content`).
    pub fn vendor(&mut self, oui: [u8; 3], content: &[u8]) -> Result<&mut Self> {
        self.parts(id::VENDOR_SPECIFIC, &[&oui, content])
    }
}

#[cfg(test)]
mod tests {
    use super::super::rsne::RsnCapabilities;
    use super::super::suite::{Akm, CipherSuite};
    use super::*;
    use crate::testdata::*;

    fn rates() -> Vec<Rate> {
        [
            0x82u8, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48, 0x60, 0x6c,
        ]
        .into_iter()
        .map(Rate)
        .collect()
    }

    #[test]
    fn psk_beacon_elements() {
        // Head elements: SSID, rates, DS; tail: ERP, ext rates, RSNE, 3b (op classes), ext caps.
        let mut head = Vec::new();
        ElementWriter::new(&mut head)
            .ssid(b"roam-psk")
            .unwrap()
            .supported_rates(&rates())
            .unwrap()
            .ds_parameter_set(1)
            .unwrap();
        let want = hex::decode(PSK_BEACON_HEAD).unwrap();
        assert_eq!(head, want[36..]);

        let rsne = RsneRepr {
            group_cipher: Some(CipherSuite::Ccmp128),
            pairwise: Some(vec![CipherSuite::Ccmp128]),
            akms: Some(vec![Akm::Psk]),
            capabilities: Some(RsnCapabilities::MFPC),
            pmkids: None,
            group_mgmt_cipher: None,
        };
        let mut tail = Vec::new();
        let mut w = ElementWriter::new(&mut tail);
        w.raw(id::ERP_INFO, &[0x04]).unwrap();
        w.extended_supported_rates(&rates()).unwrap();
        w.rsne(&rsne).unwrap();
        w.raw(id::SUPPORTED_OPERATING_CLASSES, &[0x51, 0x00])
            .unwrap();
        w.extended_capabilities(&[0x04, 0x00, 0x40, 0x02, 0, 0, 0, 0x40])
            .unwrap();
        assert_eq!(tail, hex::decode(PSK_BEACON_TAIL).unwrap());
    }

    #[test]
    fn errors_write_nothing() {
        let mut v = Vec::new();
        let mut w = ElementWriter::new(&mut v);
        assert_eq!(w.ssid(&[0; 33]).err(), Some(Error::SsidTooLong));
        assert_eq!(w.raw(1, &[0; 256]).err(), Some(Error::ElementTooLong));
        assert!(w.extension(1, &[0; 255]).is_err());
        assert!(w.supported_rates(&[]).is_err());
        assert!(w.tim(0, 1, 0, &[]).is_err());
        w.extended_supported_rates(&rates()[..8]).unwrap();
        assert!(w.is_empty());
        w.vendor([0, 0x50, 0xf2], &[2, 0, 1, 0]).unwrap();
        w.extension(35, &[1]).unwrap();
        w.tim(0, 2, 0, &[0]).unwrap();
        assert_eq!(
            v,
            [0xdd, 7, 0, 0x50, 0xf2, 2, 0, 1, 0, 0xff, 2, 35, 1, 5, 4, 0, 2, 0, 0]
        );
    }
}
