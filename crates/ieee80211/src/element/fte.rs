//! Fast BSS Transition element (FTE, IEEE 802.11-2020 9.4.2.46).
//!
//! Layout: MIC Control(2) MIC(16|24|32) ANonce(32) SNonce(32) optional subelements.
//! The MIC length depends on the negotiated AKM, so it is a parse parameter
//! ([`super::suite::Akm::ft_mic_len`]).

use super::raw::{ElementIter, RawElement};
use crate::wire::{array_at, rest, u16_at};
use crate::{Error, MacAddr, Result};

/// FTE subelement IDs (Table 9-243).
pub mod subelement {
    /// R1KH-ID (6 octets).
    pub const R1KH_ID: u8 = 1;
    /// GTK.
    pub const GTK: u8 = 2;
    /// R0KH-ID (1..=48 octets).
    pub const R0KH_ID: u8 = 3;
    /// IGTK.
    pub const IGTK: u8 = 4;
    /// OCI.
    pub const OCI: u8 = 5;
    /// BIGTK.
    pub const BIGTK: u8 = 6;
}

/// Nonce length (ANonce, SNonce).
pub const NONCE_LEN: usize = 32;
/// Maximum R0KH-ID length.
pub const R0KH_ID_MAX_LEN: usize = 48;
/// MIC Control flag: RSNXE Used (bit 0).
pub const MIC_CONTROL_RSNXE_USED: u8 = 0x01;

/// MIC Control field: flags octet (RSNXE Used, MIC Length, reserved) and Element Count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MicControl {
    /// First octet: bit 0 RSNXE Used, bits 1-3 MIC Length (802.11be), rest reserved.
    pub flags: u8,
    /// Number of elements protected by the MIC (0 when there is no MIC).
    pub element_count: u8,
}

impl MicControl {
    /// RSNXE Used bit.
    pub fn rsnxe_used(&self) -> bool {
        self.flags & MIC_CONTROL_RSNXE_USED != 0
    }

    fn from_u16(v: u16) -> Self {
        let [flags, element_count] = v.to_le_bytes();
        MicControl {
            flags,
            element_count,
        }
    }
}

/// A GTK (or, with the same layout minus the RSC semantics, nothing else) subelement:
/// Key Info(2) Key Length(1) RSC(8) Wrapped Key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FtGtk<'a> {
    /// Key Info (bits 0-1: Key ID).
    pub key_info: u16,
    /// Length of the unwrapped key.
    pub key_len: u8,
    /// Receive Sequence Counter.
    pub rsc: [u8; 8],
    /// AES-key-wrapped key (KEK), 24..=40 octets.
    pub wrapped_key: &'a [u8],
}

impl<'a> FtGtk<'a> {
    /// Parses GTK subelement data.
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let bad = Error::MalformedSubelement {
            id: subelement::GTK,
        };
        let wrapped_key = rest(data, 11);
        if !(24..=40).contains(&wrapped_key.len()) || wrapped_key.len() % 8 != 0 {
            return Err(bad);
        }
        Ok(FtGtk {
            key_info: u16_at(data, 0),
            key_len: data.get(2).copied().ok_or(bad)?,
            rsc: array_at::<8>(data, 3).ok_or(bad)?,
            wrapped_key,
        })
    }

    /// Key ID.
    pub fn key_id(&self) -> u8 {
        (self.key_info & 0x3) as u8
    }

    /// Subelement data.
    pub fn to_data(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(11 + self.wrapped_key.len());
        v.extend_from_slice(&self.key_info.to_le_bytes());
        v.push(self.key_len);
        v.extend_from_slice(&self.rsc);
        v.extend_from_slice(self.wrapped_key);
        v
    }
}

/// An IGTK or BIGTK subelement: Key ID(2) IPN/BIPN(6) Key Length(1) Wrapped Key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FtIgtk<'a> {
    /// Key ID (4 or 5 for IGTK, 6 or 7 for BIGTK).
    pub key_id: u16,
    /// IPN (or BIPN) of the key.
    pub ipn: [u8; 6],
    /// Length of the unwrapped key.
    pub key_len: u8,
    /// AES-key-wrapped key, 24..=40 octets.
    pub wrapped_key: &'a [u8],
}

impl<'a> FtIgtk<'a> {
    /// Parses IGTK/BIGTK subelement data (`id` is used for the error only).
    pub fn parse(data: &'a [u8], id: u8) -> Result<Self> {
        let bad = Error::MalformedSubelement { id };
        let wrapped_key = rest(data, 9);
        if !(24..=40).contains(&wrapped_key.len()) || wrapped_key.len() % 8 != 0 {
            return Err(bad);
        }
        Ok(FtIgtk {
            key_id: u16_at(data, 0),
            ipn: array_at::<6>(data, 2).ok_or(bad)?,
            key_len: data.get(8).copied().ok_or(bad)?,
            wrapped_key,
        })
    }

    /// Subelement data.
    pub fn to_data(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(9 + self.wrapped_key.len());
        v.extend_from_slice(&self.key_id.to_le_bytes());
        v.extend_from_slice(&self.ipn);
        v.push(self.key_len);
        v.extend_from_slice(self.wrapped_key);
        v
    }
}

/// Parsed (or to-be-built) FTE. Subelements are kept as raw bytes, in their original order;
/// build them with [`super::ElementWriter`] (same TLV format) and the `subelement` IDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FteRepr<'a> {
    /// MIC Control.
    pub mic_control: MicControl,
    /// MIC: 16, 24 or 32 octets (all zero before it is computed).
    pub mic: &'a [u8],
    /// ANonce.
    pub anonce: [u8; NONCE_LEN],
    /// SNonce.
    pub snonce: [u8; NONCE_LEN],
    /// Encoded subelements.
    pub subelements: &'a [u8],
}

fn check_mic_len(mic_len: usize) -> Result<()> {
    if matches!(mic_len, 16 | 24 | 32) {
        Ok(())
    } else {
        Err(Error::MicLength)
    }
}

impl<'a> FteRepr<'a> {
    /// Parses FTE data with a MIC of `mic_len` octets (16, 24 or 32) and validates the
    /// subelements' lengths.
    pub fn parse(data: &'a [u8], mic_len: usize) -> Result<Self> {
        check_mic_len(mic_len)?;
        let bad = Error::ElementLength {
            id: super::id::FAST_BSS_TRANSITION,
        };
        let mic_end = 2 + mic_len;
        let fixed = mic_end + 2 * NONCE_LEN;
        if data.len() < fixed {
            return Err(bad);
        }
        let r = FteRepr {
            mic_control: MicControl::from_u16(u16_at(data, 0)),
            mic: data.get(2..mic_end).ok_or(bad)?,
            anonce: array_at::<NONCE_LEN>(data, mic_end).ok_or(bad)?,
            snonce: array_at::<NONCE_LEN>(data, mic_end + NONCE_LEN).ok_or(bad)?,
            subelements: rest(data, fixed),
        };
        for s in r.subelement_iter() {
            let s = s.map_err(|_| Error::MalformedSubelement { id: 0 })?;
            let id = s.id();
            let d = s.data();
            let ok = match id {
                subelement::R1KH_ID => d.len() == 6,
                subelement::R0KH_ID => (1..=R0KH_ID_MAX_LEN).contains(&d.len()),
                subelement::GTK => FtGtk::parse(d).is_ok(),
                subelement::IGTK | subelement::BIGTK => FtIgtk::parse(d, id).is_ok(),
                // OCI: Operating Class, Primary Channel, Frequency Segment 1 Channel.
                subelement::OCI => d.len() >= 3,
                _ => true,
            };
            if !ok {
                return Err(Error::MalformedSubelement { id });
            }
        }
        Ok(r)
    }

    /// Iterates over the subelements (ID, data).
    pub fn subelement_iter(&self) -> ElementIter<'a> {
        ElementIter::new(self.subelements)
    }

    fn find(&self, id: u8) -> Option<RawElement<'a>> {
        self.subelement_iter()
            .map_while(|r| r.ok())
            .find(|s| s.id() == id)
    }

    /// R1KH-ID subelement.
    pub fn r1kh_id(&self) -> Option<MacAddr> {
        self.find(subelement::R1KH_ID)
            .and_then(|s| MacAddr::from_slice(s.data()))
    }

    /// R0KH-ID subelement.
    pub fn r0kh_id(&self) -> Option<&'a [u8]> {
        self.find(subelement::R0KH_ID).map(|s| s.data())
    }

    /// GTK subelement.
    pub fn gtk(&self) -> Option<FtGtk<'a>> {
        self.find(subelement::GTK)
            .and_then(|s| FtGtk::parse(s.data()).ok())
    }

    /// IGTK subelement.
    pub fn igtk(&self) -> Option<FtIgtk<'a>> {
        self.find(subelement::IGTK)
            .and_then(|s| FtIgtk::parse(s.data(), subelement::IGTK).ok())
    }

    /// BIGTK subelement.
    pub fn bigtk(&self) -> Option<FtIgtk<'a>> {
        self.find(subelement::BIGTK)
            .and_then(|s| FtIgtk::parse(s.data(), subelement::BIGTK).ok())
    }

    /// OCI subelement data.
    pub fn oci(&self) -> Option<&'a [u8]> {
        self.find(subelement::OCI).map(|s| s.data())
    }

    /// Offset of the MIC in the element data (after MIC Control); add 2 for the offset in
    /// the encoded element (ID and length octets).
    pub const MIC_OFFSET: usize = 2;

    /// Length of the element data.
    pub fn buffer_len(&self) -> usize {
        2 + self.mic.len() + 2 * NONCE_LEN + self.subelements.len()
    }

    /// Appends the element data (no ID/length) to `out`; fails if the MIC length is not
    /// 16/24/32 or the data would exceed 255 octets.
    pub fn emit_data(&self, out: &mut Vec<u8>) -> Result<()> {
        check_mic_len(self.mic.len())?;
        if self.buffer_len() > 255 {
            return Err(Error::ElementTooLong);
        }
        out.push(self.mic_control.flags);
        out.push(self.mic_control.element_count);
        out.extend_from_slice(self.mic);
        out.extend_from_slice(&self.anonce);
        out.extend_from_slice(&self.snonce);
        out.extend_from_slice(self.subelements);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ElementWriter, Elements};
    use super::*;
    use crate::testdata::*;

    fn fte_of(frame_hex: &str, body_fixed: usize) -> Vec<u8> {
        let f = hex::decode(frame_hex).unwrap();
        let e = Elements::new(&f[24 + body_fixed..]);
        e.fte().unwrap().to_vec()
    }

    #[test]
    fn ft_auth_request() {
        // STA's FT auth request: no MIC, SNonce, R0KH-ID only.
        let d = fte_of(FT_AUTH_REQ, 6);
        let r = FteRepr::parse(&d, 16).unwrap();
        assert_eq!(r.mic_control, MicControl::default());
        assert_eq!(r.mic, &[0; 16]);
        assert_eq!(r.anonce, [0; 32]);
        assert_eq!(r.snonce[..4], [0xc1, 0x6d, 0x16, 0xd6]);
        assert_eq!(r.r0kh_id(), Some(&b"ap0.example.net"[..]));
        assert_eq!(r.r1kh_id(), None);
        let mut out = Vec::new();
        r.emit_data(&mut out).unwrap();
        assert_eq!(out, d);
    }

    #[test]
    fn ft_reassoc_response_with_gtk() {
        let d = fte_of(FT_REASSOC_RESP, 6);
        let r = FteRepr::parse(&d, 16).unwrap();
        assert_eq!(r.mic_control.element_count, 3);
        assert!(!r.mic_control.rsnxe_used());
        assert_eq!(r.r1kh_id(), Some("02:00:00:00:01:00".parse().unwrap()));
        assert_eq!(r.r0kh_id(), Some(&b"ap0.example.net"[..]));
        let gtk = r.gtk().unwrap();
        assert_eq!(gtk.key_id(), 1);
        assert_eq!(gtk.key_len, 16);
        assert_eq!(gtk.wrapped_key.len(), 24);
        assert_eq!(gtk.to_data().len(), 35);
        assert!(r.igtk().is_none());
        let mut out = Vec::new();
        r.emit_data(&mut out).unwrap();
        assert_eq!(out, d);
        // Rebuild subelements with the writer, in the trace's order.
        let mut sub = Vec::new();
        ElementWriter::new(&mut sub)
            .raw(subelement::R1KH_ID, &r.r1kh_id().unwrap().0)
            .unwrap()
            .raw(subelement::R0KH_ID, r.r0kh_id().unwrap())
            .unwrap()
            .raw(subelement::GTK, &gtk.to_data())
            .unwrap();
        assert_eq!(sub, r.subelements);
    }

    #[test]
    fn mic_len_and_errors() {
        let d = fte_of(FT_REASSOC_REQ, 10);
        assert!(FteRepr::parse(&d, 16).is_ok());
        assert_eq!(FteRepr::parse(&d, 20), Err(Error::MicLength));
        // A wrong MIC length shifts every later field.
        assert_ne!(
            FteRepr::parse(&d, 24).map(|r| r.snonce),
            Ok(FteRepr::parse(&d, 16).unwrap().snonce)
        );
        assert!(FteRepr::parse(&d[..81], 16).is_err());
        let mut bad = d.clone();
        let n = bad.len();
        bad[n - 16] = 49; // R0KH-ID length 49 > 48 (and overruns)
        assert!(FteRepr::parse(&bad, 16).is_err());
        // 24-octet MIC round trip.
        let mut d24 = vec![0u8; 2 + 24 + 64];
        d24.extend_from_slice(&[1, 6, 2, 0, 0, 0, 1, 0]);
        let r = FteRepr::parse(&d24, 24).unwrap();
        assert_eq!(r.mic.len(), 24);
        let mut out = Vec::new();
        r.emit_data(&mut out).unwrap();
        assert_eq!(out, d24);
    }
}
