//! The TLV lists of hostapd's key-holder messages (`struct ft_rrb_tlv`):
//! `le16 type, le16 len, len octets`, back to back, in both the
//! authenticated and the encrypted part.
//!
//! Lookups return the first TLV of a type, as hostapd's
//! `wpa_ft_rrb_get_tlv` does; a TLV whose length runs past the end ends the
//! list there (hostapd stops at "RRB message truncated" the same way).

use roamd_codes::code_enum;

use crate::error::Error;
use crate::wire::{rest, u16_at};

code_enum! {
    /// TLV types (hostapd `wpa_auth.h`, `FT_RRB_*`).
    pub enum TlvType(u16) {
        /// Padding to the minimum Ethernet frame (`FT_RRB_LAST_EMPTY`).
        Padding = 0,
        /// `le32 dom, le32 seq, le32 ts` ([`crate::message::Seq`]).
        Seq = 1,
        /// 16-octet nonce tying a response to its request.
        Nonce = 2,
        /// le32 seconds (defined, never sent by hostapd 2.10).
        Timestamp = 3,
        /// R0KH-ID, 1..=48 octets (the R0KH's NAS identifier).
        R0khId = 4,
        /// R1KH-ID, 6 octets.
        R1khId = 5,
        /// S1KH-ID: the station address, 6 octets.
        S1khId = 6,
        /// PMKR0Name, 16 octets.
        PmkR0Name = 7,
        /// PMK-R0 (defined, never sent).
        PmkR0 = 8,
        /// PMKR1Name, 16 octets.
        PmkR1Name = 9,
        /// PMK-R1, 32 or 48 octets.
        PmkR1 = 10,
        /// le16 hostapd `WPA_CIPHER_*` bit of the pairwise cipher.
        Pairwise = 11,
        /// le16 seconds until the key expires (0: never).
        ExpiresIn = 12,
        /// le16 untagged VLAN ID.
        VlanUntagged = 13,
        /// le16 tagged VLAN IDs.
        VlanTagged = 14,
        /// EAP identity.
        Identity = 15,
        /// RADIUS Chargeable-User-Identity.
        RadiusCui = 16,
        /// le32 seconds of RADIUS Session-Timeout left (0: none).
        SessionTimeout = 17,
    }
}

/// Length of a TLV header.
pub const TLV_HEADER_LEN: usize = 4;

/// One TLV of a received list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Type.
    pub ty: TlvType,
    /// Value.
    pub value: &'a [u8],
}

/// A received TLV list (borrowed, never allocates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tlvs<'a>(&'a [u8]);

impl<'a> Tlvs<'a> {
    /// Wraps the octets of a list.
    pub const fn new(bytes: &'a [u8]) -> Self {
        Tlvs(bytes)
    }

    /// The octets of the list.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// Iterates over the TLVs, stopping at the first truncated one.
    pub fn iter(&self) -> TlvIter<'a> {
        TlvIter(self.0)
    }

    /// The value of the first TLV of type `ty`.
    pub fn find(&self, ty: TlvType) -> Option<&'a [u8]> {
        self.iter().find(|t| t.ty == ty).map(|t| t.value)
    }

    /// The value of the first TLV of type `ty`, which must be `N` octets.
    pub fn find_array<const N: usize>(&self, ty: TlvType) -> Result<[u8; N], Error> {
        self.find(ty)
            .and_then(|v| v.try_into().ok())
            .ok_or(Error::MissingTlv(ty.into()))
    }

    /// The value of the first TLV of type `ty`, of any length.
    pub fn require(&self, ty: TlvType) -> Result<&'a [u8], Error> {
        self.find(ty).ok_or(Error::MissingTlv(ty.into()))
    }

    /// True if the list ends exactly at a TLV boundary.
    pub fn is_well_formed(&self) -> bool {
        let mut it = self.iter();
        while it.next().is_some() {}
        it.0.is_empty()
    }
}

/// Iterator over a [`Tlvs`] list.
#[derive(Debug, Clone)]
pub struct TlvIter<'a>(&'a [u8]);

impl<'a> Iterator for TlvIter<'a> {
    type Item = Tlv<'a>;

    fn next(&mut self) -> Option<Tlv<'a>> {
        let b = self.0;
        let ty = u16_at(b, 0)?;
        let len = usize::from(u16_at(b, 2)?);
        let value = b.get(TLV_HEADER_LEN..TLV_HEADER_LEN + len)?;
        self.0 = rest(b, TLV_HEADER_LEN + len);
        Some(Tlv {
            ty: ty.into(),
            value,
        })
    }
}

/// Appends TLVs to a buffer.
#[derive(Debug)]
pub struct TlvWriter<'b> {
    buf: &'b mut Vec<u8>,
}

impl<'b> TlvWriter<'b> {
    /// Appends to `buf`.
    pub fn new(buf: &'b mut Vec<u8>) -> Self {
        TlvWriter { buf }
    }

    /// Appends one TLV; fails if `value` is longer than 65535 octets.
    pub fn push(&mut self, ty: TlvType, value: &[u8]) -> Result<&mut Self, Error> {
        let len = u16::try_from(value.len()).map_err(|_| Error::FieldLength)?;
        self.buf.extend_from_slice(&u16::from(ty).to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes());
        self.buf.extend_from_slice(value);
        Ok(self)
    }

    /// Appends one TLV made of several parts.
    pub fn push_parts(&mut self, ty: TlvType, parts: &[&[u8]]) -> Result<&mut Self, Error> {
        let total: usize = parts.iter().map(|p| p.len()).sum();
        let len = u16::try_from(total).map_err(|_| Error::FieldLength)?;
        self.buf.extend_from_slice(&u16::from(ty).to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes());
        parts.iter().for_each(|p| self.buf.extend_from_slice(p));
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut buf = Vec::new();
        TlvWriter::new(&mut buf)
            .push(TlvType::Nonce, &[7; 16])
            .unwrap()
            .push(TlvType::R0khId, b"ap0")
            .unwrap()
            .push(TlvType::Identity, b"")
            .unwrap();
        let tlvs = Tlvs::new(&buf);
        assert!(tlvs.is_well_formed());
        assert_eq!(tlvs.find(TlvType::R0khId), Some(&b"ap0"[..]));
        assert_eq!(tlvs.find(TlvType::Identity), Some(&b""[..]));
        assert_eq!(tlvs.find_array::<16>(TlvType::Nonce), Ok([7; 16]));
        assert_eq!(
            tlvs.find_array::<6>(TlvType::Nonce),
            Err(Error::MissingTlv(2))
        );
        assert_eq!(tlvs.iter().count(), 3);
        // Cut inside the last-but-one TLV: the list ends before it.
        let cut = Tlvs::new(&buf[..buf.len() - 6]);
        assert!(!cut.is_well_formed());
        assert_eq!(cut.iter().count(), 1);
        assert_eq!(cut.find(TlvType::R0khId), None);
        assert!(TlvWriter::new(&mut Vec::new())
            .push(TlvType::Identity, &vec![0; 65536])
            .is_err());
    }
}
