//! The RADIUS packet: a zero-copy [`Packet`] view and an owned [`Repr`].
//!
//! Wire form (RFC 2865 3):
//! Code (1) | Identifier (1) | Length (2) | Authenticator (16) | Attributes.

use crate::attribute::{Attribute, AttributeIter, RawAttribute};
use crate::code::Code;
use crate::error::{Error, Result};

mod field {
    use core::ops::{Range, RangeFrom};

    pub(super) const CODE: usize = 0;
    pub(super) const IDENTIFIER: usize = 1;
    pub(super) const LENGTH: Range<usize> = 2..4;
    pub(super) const AUTHENTICATOR: Range<usize> = 4..20;
    pub(super) const ATTRIBUTES: RangeFrom<usize> = 20..;
}

/// Length of the fixed header.
pub const HEADER_LEN: usize = field::ATTRIBUTES.start;
/// Largest packet RFC 2865 3 allows.
pub const MAX_PACKET_LEN: usize = 4096;
/// Length of the Authenticator field.
pub const AUTHENTICATOR_LEN: usize = 16;
/// Offset of the Authenticator field.
pub const AUTHENTICATOR_OFFSET: usize = field::AUTHENTICATOR.start;

/// A read/write view over a buffer holding a RADIUS packet.
///
/// Accessors never panic, even on a view made with `new_unchecked` over a
/// short buffer (they read missing octets as zero); use `new_checked` to get
/// a view whose header and attribute lengths are all known good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without checking it.
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps a buffer and runs [`check_len`](Self::check_len).
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let packet = Self::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks the packet is well formed. Fails with:
    /// - `Truncated` if the buffer holds fewer than 20 octets;
    /// - `BadLength` if the Length field is below 20 or above 4096;
    /// - `LengthExceedsBuffer` if the Length field exceeds the buffer (octets
    ///   past Length are padding and ignored, RFC 2865 3);
    /// - `MalformedAttribute` if an attribute Length is below 2 or runs past
    ///   the packet's Length (RFC 2865 5).
    pub fn check_len(&self) -> Result<()> {
        let buf = self.buffer.as_ref();
        if buf.len() < HEADER_LEN {
            return Err(Error::Truncated);
        }
        let length = self.length();
        let len = usize::from(length);
        if !(HEADER_LEN..=MAX_PACKET_LEN).contains(&len) {
            return Err(Error::BadLength(length));
        }
        if len > buf.len() {
            return Err(Error::LengthExceedsBuffer {
                length,
                available: buf.len(),
            });
        }
        self.attributes().try_for_each(|a| a.map(|_| ()))
    }

    /// Consumes the view, returning the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The Code field.
    pub fn code(&self) -> Code {
        Code::from(self.buffer.as_ref().get(field::CODE).copied().unwrap_or(0))
    }

    /// The Identifier field.
    pub fn identifier(&self) -> u8 {
        self.buffer
            .as_ref()
            .get(field::IDENTIFIER)
            .copied()
            .unwrap_or(0)
    }

    /// The Length field.
    pub fn length(&self) -> u16 {
        match self.buffer.as_ref().get(field::LENGTH) {
            Some(&[hi, lo]) => u16::from_be_bytes([hi, lo]),
            _ => 0,
        }
    }

    /// The Authenticator field.
    pub fn authenticator(&self) -> [u8; AUTHENTICATOR_LEN] {
        let mut out = [0; AUTHENTICATOR_LEN];
        if let Some(a) = self.buffer.as_ref().get(field::AUTHENTICATOR) {
            out.copy_from_slice(a);
        }
        out
    }

    /// The packet's octets up to its Length (padding dropped); the whole
    /// buffer if Length is out of range.
    pub fn as_bytes(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        buf.get(..usize::from(self.length())).unwrap_or(buf)
    }

    /// The attribute area: octets 20 up to Length.
    pub fn attributes_bytes(&self) -> &[u8] {
        self.as_bytes().get(field::ATTRIBUTES).unwrap_or_default()
    }

    /// Iterates over the attributes, checking each Length.
    pub fn attributes(&self) -> AttributeIter<'_> {
        AttributeIter::new(self.attributes_bytes(), HEADER_LEN)
    }

    /// The first well-formed attribute of `attr_type`, if any.
    pub fn find(&self, attr_type: u8) -> Option<RawAttribute<'_>> {
        self.attributes()
            .map_while(|a| a.ok())
            .find(|a| a.attr_type == attr_type)
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets the Code field.
    pub fn set_code(&mut self, code: Code) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::CODE) {
            *b = code.into();
        }
    }

    /// Sets the Identifier field.
    pub fn set_identifier(&mut self, id: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::IDENTIFIER) {
            *b = id;
        }
    }

    /// Sets the Length field.
    pub fn set_length(&mut self, length: u16) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::LENGTH) {
            b.copy_from_slice(&length.to_be_bytes());
        }
    }

    /// Sets the Authenticator field.
    pub fn set_authenticator(&mut self, auth: &[u8; AUTHENTICATOR_LEN]) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::AUTHENTICATOR) {
            b.copy_from_slice(auth);
        }
    }

    /// The attribute area, writable (octets 20 to the end of the buffer).
    pub fn attributes_mut(&mut self) -> &mut [u8] {
        self.buffer
            .as_mut()
            .get_mut(field::ATTRIBUTES)
            .unwrap_or_default()
    }
}

/// An owned, parsed RADIUS packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repr {
    /// The Code.
    pub code: Code,
    /// The Identifier.
    pub identifier: u8,
    /// The Authenticator (Request or Response, depending on the code).
    pub authenticator: [u8; AUTHENTICATOR_LEN],
    /// The attributes, in wire order.
    pub attributes: Vec<Attribute>,
}

impl Repr {
    /// A packet with no attributes and a zero authenticator.
    pub fn new(code: Code, identifier: u8) -> Repr {
        Repr {
            code,
            identifier,
            authenticator: [0; AUTHENTICATOR_LEN],
            attributes: Vec::new(),
        }
    }

    /// Parses a packet view, checking every length.
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Repr> {
        packet.check_len()?;
        let attributes = packet
            .attributes()
            .map(|a| a.map(|a| Attribute::parse(a.attr_type, a.value)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Repr {
            code: packet.code(),
            identifier: packet.identifier(),
            authenticator: packet.authenticator(),
            attributes,
        })
    }

    /// Parses bytes (a received datagram; octets past Length are ignored).
    pub fn parse_bytes(bytes: &[u8]) -> Result<Repr> {
        Repr::parse(&Packet::new_checked(bytes)?)
    }

    /// Octets the emitted packet takes.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN
            + self
                .attributes
                .iter()
                .map(Attribute::wire_len)
                .sum::<usize>()
    }

    /// Checks every attribute fits and the packet is at most 4096 octets.
    pub fn check(&self) -> Result<()> {
        self.attributes.iter().try_for_each(Attribute::check_len)?;
        let len = self.buffer_len();
        if len > MAX_PACKET_LEN {
            return Err(Error::PacketTooLong(len));
        }
        Ok(())
    }

    /// Writes the packet into a view over a buffer of at least
    /// [`buffer_len`](Self::buffer_len) octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<()> {
        let bytes = self.to_bytes()?;
        let out = packet
            .buffer
            .as_mut()
            .get_mut(..bytes.len())
            .ok_or(Error::BufferTooShort)?;
        out.copy_from_slice(&bytes);
        Ok(())
    }

    /// Emits the packet into a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.check()?;
        let len = self.buffer_len();
        let mut out = Vec::with_capacity(len);
        out.push(self.code.into());
        out.push(self.identifier);
        // check() bounds len by 4096.
        out.extend_from_slice(&(len as u16).to_be_bytes());
        out.extend_from_slice(&self.authenticator);
        for a in &self.attributes {
            a.emit_into(&mut out)?;
        }
        debug_assert_eq!(out.len(), len);
        Ok(out)
    }

    /// The EAP packet carried in the EAP-Message attributes, concatenated in
    /// order (RFC 3579 3.1); `None` if there are none.
    pub fn eap_message(&self) -> Option<Vec<u8>> {
        let mut found = false;
        let mut out = Vec::new();
        for a in &self.attributes {
            if let Attribute::EapMessage(v) = a {
                found = true;
                out.extend_from_slice(v);
            }
        }
        found.then_some(out)
    }

    /// The first attribute for which `f` returns `Some`.
    pub fn find_map<'a, R>(&'a self, f: impl FnMut(&'a Attribute) -> Option<R>) -> Option<R> {
        self.attributes.iter().find_map(f)
    }

    /// Whether an attribute of `attr_type` is present.
    pub fn has(&self, attr_type: u8) -> bool {
        self.attributes.iter().any(|a| a.attr_type() == attr_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv4Addr;

    // RFC 2865 7.1: Access-Request for user "nemo" from NAS 192.168.1.16
    // port 3, password "arctangent" hidden with secret "xyzzy5461".
    pub(crate) const RFC2865_7_1_REQUEST: [u8; 56] = [
        0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5,
        0xcb, 0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe,
        0x70, 0x8d, 0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee, 0x04,
        0x06, 0xc0, 0xa8, 0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
    ];

    #[test]
    fn deconstruct() {
        let p = Packet::new_checked(&RFC2865_7_1_REQUEST[..]).unwrap();
        assert_eq!(p.code(), Code::AccessRequest);
        assert_eq!(p.identifier(), 0);
        assert_eq!(p.length(), 56);
        assert_eq!(p.authenticator()[..2], [0x0f, 0x40]);
        assert_eq!(p.attributes().count(), 4);
        assert_eq!(p.find(4).unwrap().value, &[192, 168, 1, 16]);
    }

    #[test]
    fn parse_and_emit() {
        let repr = Repr::parse_bytes(&RFC2865_7_1_REQUEST).unwrap();
        assert_eq!(repr.attributes[0], Attribute::UserName(b"nemo".to_vec()));
        assert!(matches!(
            repr.attributes[1],
            Attribute::Other { attr_type: 2, .. }
        ));
        assert_eq!(
            repr.attributes[2],
            Attribute::NasIpAddress(Ipv4Addr::new(192, 168, 1, 16))
        );
        assert_eq!(repr.attributes[3], Attribute::NasPort(3));
        assert_eq!(repr.buffer_len(), 56);
        assert_eq!(repr.to_bytes().unwrap(), RFC2865_7_1_REQUEST);
        let mut buf = [0u8; 56];
        repr.emit(&mut Packet::new_unchecked(&mut buf[..])).unwrap();
        assert_eq!(buf, RFC2865_7_1_REQUEST);
        let mut short = [0u8; 55];
        assert_eq!(
            repr.emit(&mut Packet::new_unchecked(&mut short[..])),
            Err(Error::BufferTooShort)
        );
    }

    #[test]
    fn padding_is_ignored() {
        let mut padded = RFC2865_7_1_REQUEST.to_vec();
        padded.extend_from_slice(&[0xff; 7]);
        let repr = Repr::parse_bytes(&padded).unwrap();
        assert_eq!(repr.to_bytes().unwrap(), RFC2865_7_1_REQUEST);
    }

    #[test]
    fn every_bad_length_is_refused() {
        let b = &RFC2865_7_1_REQUEST;
        for n in 0..HEADER_LEN {
            assert_eq!(Packet::new_checked(&b[..n]).unwrap_err(), Error::Truncated);
        }
        for n in HEADER_LEN..b.len() {
            assert_eq!(
                Packet::new_checked(&b[..n]).unwrap_err(),
                Error::LengthExceedsBuffer {
                    length: 56,
                    available: n
                }
            );
        }
        let mut bad = b.to_vec();
        bad[3] = 19;
        assert_eq!(
            Packet::new_checked(&bad[..]).unwrap_err(),
            Error::BadLength(19)
        );
        bad[2] = 0x10;
        bad[3] = 0x01;
        assert_eq!(
            Packet::new_checked(&bad[..]).unwrap_err(),
            Error::BadLength(4097)
        );
        // Length cuts the last attribute in half.
        let mut cut = b.to_vec();
        cut[3] = 54;
        assert_eq!(
            Packet::new_checked(&cut[..]).unwrap_err(),
            Error::MalformedAttribute { offset: 50 }
        );
        // An attribute Length of 1.
        let mut one = b.to_vec();
        one[21] = 1;
        assert_eq!(
            Packet::new_checked(&one[..]).unwrap_err(),
            Error::MalformedAttribute { offset: 20 }
        );
    }

    #[test]
    fn unchecked_accessors_never_panic() {
        let p = Packet::new_unchecked(&[1u8, 2, 0xff][..]);
        assert_eq!(p.code(), Code::AccessRequest);
        assert_eq!(p.length(), 0);
        assert_eq!(p.authenticator(), [0; 16]);
        assert_eq!(p.attributes().count(), 0);
        let mut buf = [0u8; 3];
        let mut p = Packet::new_unchecked(&mut buf[..]);
        p.set_authenticator(&[1; 16]);
        p.set_length(20);
        assert!(p.attributes_mut().is_empty());
    }

    #[test]
    fn too_long_packet_is_refused() {
        let mut r = Repr::new(Code::AccessRequest, 1);
        r.attributes.push(Attribute::EapMessage(vec![0; 4077]));
        assert_eq!(
            r.to_bytes().unwrap_err(),
            Error::PacketTooLong(20 + 4077 + 17 * 2)
        );
        r.attributes[0] = Attribute::EapMessage(vec![0; 4000]);
        let bytes = r.to_bytes().unwrap();
        assert_eq!(
            Repr::parse_bytes(&bytes)
                .unwrap()
                .eap_message()
                .unwrap()
                .len(),
            4000
        );
    }
}
