//! The EAPOL PDU header (IEEE 802.1X-2010 11.3).
//!
//! ```text
//!  0         1             2                    4
//! +---------+-------------+--------------------+----------------------+
//! | Version | Packet Type | Packet Body Length | Packet Body ...      |
//! +---------+-------------+--------------------+----------------------+
//! ```

use crate::bytes;
use crate::error::{Error, Result};
use roamd_codes::code_enum;

code_enum! {
    /// Protocol Version (IEEE 802.1X-2010 11.3.1).
    pub enum ProtocolVersion(u8) {
        /// IEEE Std 802.1X-2001.
        V2001 = 1,
        /// IEEE Std 802.1X-2004 (hostapd's default `eapol_version=2`).
        V2004 = 2,
        /// IEEE Std 802.1X-2010.
        V2010 = 3,
    }
}

code_enum! {
    /// Packet Type (IEEE 802.1X-2010 Table 11-3).
    pub enum PacketType(u8) {
        /// EAPOL-EAP: the body is one EAP packet.
        EapPacket = 0,
        /// EAPOL-Start.
        Start = 1,
        /// EAPOL-Logoff.
        Logoff = 2,
        /// EAPOL-Key: the body is a key descriptor.
        Key = 3,
        /// EAPOL-Encapsulated-ASF-Alert.
        EncapsulatedAsfAlert = 4,
    }
}

/// Offsets of the EAPOL header fields.
mod field {
    pub(super) const VERSION: usize = 0;
    pub(super) const PACKET_TYPE: usize = 1;
    pub(super) const BODY_LENGTH: usize = 2;
    pub(super) const BODY: usize = 4;
}

/// Length of the EAPOL header.
pub(crate) const HEADER_LEN: usize = field::BODY;

/// A read/write view of an EAPOL frame (header and body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EapolPacket<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> EapolPacket<T> {
    /// Wraps a buffer without checking it; accessors then return zeros or
    /// empty slices for missing bytes instead of panicking.
    pub const fn new_unchecked(buffer: T) -> Self {
        Self { buffer }
    }

    /// Wraps a buffer after [`check_len`](Self::check_len).
    pub fn new_checked(buffer: T) -> Result<Self> {
        let packet = Self::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks the buffer.
    ///
    /// Returns [`Error::Truncated`] if it is shorter than the header and
    /// [`Error::BodyLength`] if the body length exceeds the bytes that follow.
    /// Bytes after the body (e.g. Ethernet padding) are allowed.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(Error::Truncated);
        }
        if len < self.frame_len() {
            return Err(Error::BodyLength);
        }
        Ok(())
    }

    /// Consumes the view, returning the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Protocol Version.
    pub fn version(&self) -> ProtocolVersion {
        ProtocolVersion::from(self.byte(field::VERSION))
    }

    /// Packet Type.
    pub fn packet_type(&self) -> PacketType {
        PacketType::from(self.byte(field::PACKET_TYPE))
    }

    /// Packet Body Length.
    pub fn body_len(&self) -> u16 {
        bytes::be16(self.buffer.as_ref(), field::BODY_LENGTH)
    }

    /// Length of the header and body, i.e. the frame without link padding.
    pub fn frame_len(&self) -> usize {
        HEADER_LEN + usize::from(self.body_len())
    }

    /// The header and body, without trailing link padding (the bytes an
    /// EAPOL-Key MIC covers).
    pub fn frame(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        buf.get(..self.frame_len()).unwrap_or(buf)
    }

    /// The body, bounded by the body length.
    pub fn body(&self) -> &[u8] {
        self.buffer
            .as_ref()
            .get(field::BODY..self.frame_len())
            .unwrap_or(&[])
    }

    fn byte(&self, at: usize) -> u8 {
        bytes::byte(self.buffer.as_ref(), at)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> EapolPacket<&'a T> {
    /// The body with the lifetime of the underlying buffer.
    pub fn body_ref(&self) -> &'a [u8] {
        let buf: &'a [u8] = self.buffer.as_ref();
        buf.get(field::BODY..self.frame_len()).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> EapolPacket<T> {
    /// Sets the Protocol Version.
    pub fn set_version(&mut self, value: ProtocolVersion) {
        self.set_byte(field::VERSION, value.into());
    }

    /// Sets the Packet Type.
    pub fn set_packet_type(&mut self, value: PacketType) {
        self.set_byte(field::PACKET_TYPE, value.into());
    }

    /// Sets the Packet Body Length.
    pub fn set_body_len(&mut self, value: u16) {
        bytes::put(
            self.buffer.as_mut(),
            field::BODY_LENGTH,
            &value.to_be_bytes(),
        );
    }

    /// The body, bounded by the body length and the buffer, for writing.
    pub fn body_mut(&mut self) -> &mut [u8] {
        let end = self.frame_len();
        let buf = self.buffer.as_mut();
        let end = end.min(buf.len());
        buf.get_mut(field::BODY..end).unwrap_or(&mut [])
    }

    fn set_byte(&mut self, at: usize, value: u8) {
        bytes::put(self.buffer.as_mut(), at, &[value]);
    }
}

/// The EAPOL header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EapolRepr {
    /// Protocol Version.
    pub version: ProtocolVersion,
    /// Packet Type.
    pub packet_type: PacketType,
    /// Packet Body Length.
    pub body_len: u16,
}

impl EapolRepr {
    /// Parses the header of a checked packet.
    pub fn parse<T: AsRef<[u8]>>(packet: &EapolPacket<T>) -> Result<Self> {
        packet.check_len()?;
        Ok(Self {
            version: packet.version(),
            packet_type: packet.packet_type(),
            body_len: packet.body_len(),
        })
    }

    /// Length of the frame this header describes (header and body).
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN + self.body_len as usize
    }

    /// Writes the header; the caller fills the body through
    /// [`EapolPacket::body_mut`]. Bytes beyond a short buffer are skipped.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut EapolPacket<T>) {
        packet.set_version(self.version);
        packet.set_packet_type(self.packet_type);
        packet.set_body_len(self.body_len);
    }
}

/// Builds a whole EAPOL frame around `body`.
///
/// Returns [`Error::TooLong`] if the body exceeds 65535 octets.
pub fn eapol_frame(
    version: ProtocolVersion,
    packet_type: PacketType,
    body: &[u8],
) -> Result<Vec<u8>> {
    let body_len = u16::try_from(body.len()).map_err(|_| Error::TooLong)?;
    let repr = EapolRepr {
        version,
        packet_type,
        body_len,
    };
    let mut out = vec![0u8; repr.buffer_len()];
    let mut packet = EapolPacket::new_unchecked(&mut out[..]);
    repr.emit(&mut packet);
    bytes::put(packet.body_mut(), 0, body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;
    use proptest::prelude::*;

    #[test]
    fn deconstruct_eapol_start_like() {
        // EAP-Success from the eap-okc trace: version 2, type 0, length 4.
        let bytes = testdata::hex(testdata::OKC_EAP_SUCCESS);
        let packet = EapolPacket::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.version(), ProtocolVersion::V2004);
        assert_eq!(packet.packet_type(), PacketType::EapPacket);
        assert_eq!(packet.body_len(), 4);
        assert_eq!(packet.body(), &[0x03, 0x89, 0x00, 0x04]);
    }

    #[test]
    fn parse_key_message_versions() {
        // The AP sends version 2, the STA answers with version 1.
        let m1 = testdata::hex(testdata::PSK_M1);
        let m2 = testdata::hex(testdata::PSK_M2);
        let p1 = EapolRepr::parse(&EapolPacket::new_unchecked(&m1[..])).unwrap();
        let p2 = EapolRepr::parse(&EapolPacket::new_unchecked(&m2[..])).unwrap();
        assert_eq!(p1.version, ProtocolVersion::V2004);
        assert_eq!(p2.version, ProtocolVersion::V2001);
        assert_eq!(p1.packet_type, PacketType::Key);
        assert_eq!(p1.body_len, 95);
        assert_eq!(p2.body_len, 123);
        assert_eq!(p1.buffer_len(), m1.len());
    }

    #[test]
    fn padding_is_ignored() {
        let mut bytes = testdata::hex(testdata::OKC_EAP_SUCCESS);
        bytes.extend_from_slice(&[0u8; 42]);
        let packet = EapolPacket::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.body().len(), 4);
        assert_eq!(packet.frame().len(), 8);
        assert_eq!(packet.body_ref(), &bytes[4..8]);
    }

    #[test]
    fn short_body_is_an_error() {
        let bytes = testdata::hex(testdata::OKC_EAP_SUCCESS);
        assert_eq!(
            EapolPacket::new_checked(&bytes[..7]).unwrap_err(),
            Error::BodyLength
        );
        assert_eq!(
            EapolPacket::new_checked(&bytes[..3]).unwrap_err(),
            Error::Truncated
        );
    }

    #[test]
    fn unknown_codes_round_trip() {
        assert_eq!(ProtocolVersion::from(9), ProtocolVersion::Unknown(9));
        assert_eq!(u8::from(PacketType::Unknown(5)), 5);
        assert_eq!(PacketType::from(4), PacketType::EncapsulatedAsfAlert);
    }

    #[test]
    fn construct() {
        let frame = eapol_frame(
            ProtocolVersion::V2004,
            PacketType::EapPacket,
            &[0x03, 0x89, 0x00, 0x04],
        )
        .unwrap();
        assert_eq!(frame, testdata::hex(testdata::OKC_EAP_SUCCESS));
        assert_eq!(
            eapol_frame(ProtocolVersion::V2004, PacketType::Key, &vec![0; 65536]).unwrap_err(),
            Error::TooLong
        );
    }

    #[test]
    fn unchecked_accessors_do_not_panic() {
        let packet = EapolPacket::new_unchecked(&[0x02u8][..]);
        assert_eq!(packet.body_len(), 0);
        assert_eq!(packet.packet_type(), PacketType::EapPacket);
        assert!(packet.body().is_empty());
        let mut short = [0u8; 2];
        let mut packet = EapolPacket::new_unchecked(&mut short[..]);
        packet.set_body_len(10);
        assert!(packet.body_mut().is_empty());
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(packet) = EapolPacket::new_checked(&bytes[..]) {
                let repr = EapolRepr::parse(&packet).unwrap();
                let rebuilt = eapol_frame(repr.version, repr.packet_type, packet.body()).unwrap();
                prop_assert_eq!(&rebuilt[..], packet.frame());
            }
        }

        #[test]
        fn round_trip(version in any::<u8>(), ty in any::<u8>(), body in proptest::collection::vec(any::<u8>(), 0..64)) {
            let frame = eapol_frame(version.into(), ty.into(), &body).unwrap();
            let packet = EapolPacket::new_checked(&frame[..]).unwrap();
            let repr = EapolRepr::parse(&packet).unwrap();
            prop_assert_eq!(u8::from(repr.version), version);
            prop_assert_eq!(u8::from(repr.packet_type), ty);
            prop_assert_eq!(packet.body(), &body[..]);
        }
    }
}
