//! EAP packets (RFC 3748 4), the body of an EAPOL-EAP frame.
//!
//! ```text
//!  0      1            2        4      5
//! +------+------------+--------+------+------------------+
//! | Code | Identifier | Length | Type | Type-Data ...    |
//! +------+------------+--------+------+------------------+
//! ```
//! Type and Type-Data are present in Requests and Responses only.

use crate::bytes;
use crate::eapol::{eapol_frame, PacketType, ProtocolVersion};
use crate::error::{Error, Result};
use roamd_codes::code_enum;

code_enum! {
    /// EAP Code (RFC 3748 4).
    pub enum EapCode(u8) {
        /// Request, authenticator to peer.
        Request = 1,
        /// Response, peer to authenticator.
        Response = 2,
        /// Success.
        Success = 3,
        /// Failure.
        Failure = 4,
    }
}

code_enum! {
    /// EAP method Type (RFC 3748 5, IANA "Method Types").
    pub enum EapType(u8) {
        /// Identity (RFC 3748 5.1).
        Identity = 1,
        /// Notification (RFC 3748 5.2).
        Notification = 2,
        /// Legacy Nak (RFC 3748 5.3.1), Response only.
        Nak = 3,
        /// MD5-Challenge (RFC 3748 5.4).
        Md5Challenge = 4,
        /// EAP-TLS (RFC 5216).
        Tls = 13,
        /// EAP-TTLS (RFC 5281).
        Ttls = 21,
        /// PEAP.
        Peap = 25,
        /// EAP-MSCHAPv2.
        MsChapV2 = 26,
        /// Expanded Type (RFC 3748 5.7).
        Expanded = 254,
    }
}

/// Offsets of the EAP fields.
mod field {
    pub(super) const CODE: usize = 0;
    pub(super) const IDENTIFIER: usize = 1;
    pub(super) const LENGTH: usize = 2;
    pub(super) const DATA: usize = 4;
    pub(super) const TYPE: usize = 4;
    pub(super) const TYPE_DATA: usize = 5;
}

/// Length of the EAP header (Code, Identifier, Length).
pub(crate) const HEADER_LEN: usize = field::DATA;

/// A read/write view of an EAP packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EapPacket<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> EapPacket<T> {
    /// Wraps a buffer without checking it; accessors then return zeros or
    /// empty slices for missing bytes.
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
    /// [`Error::EapLength`] if Length is below 4 or exceeds the buffer.
    /// Bytes after Length are padding and ignored (RFC 3748 4.1).
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(Error::Truncated);
        }
        let length = usize::from(self.length());
        if length < HEADER_LEN || length > len {
            return Err(Error::EapLength);
        }
        Ok(())
    }

    /// Consumes the view, returning the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Code.
    pub fn code(&self) -> EapCode {
        EapCode::from(bytes::byte(self.buffer.as_ref(), field::CODE))
    }

    /// Identifier.
    pub fn identifier(&self) -> u8 {
        bytes::byte(self.buffer.as_ref(), field::IDENTIFIER)
    }

    /// Length (header included).
    pub fn length(&self) -> u16 {
        bytes::be16(self.buffer.as_ref(), field::LENGTH)
    }

    /// The packet bounded by Length.
    pub fn packet(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        buf.get(..usize::from(self.length())).unwrap_or(buf)
    }

    /// Everything after the header, bounded by Length.
    pub fn data(&self) -> &[u8] {
        self.packet().get(field::DATA..).unwrap_or(&[])
    }

    /// Type, if the packet is long enough to have one. Only meaningful for
    /// Requests and Responses.
    pub fn eap_type(&self) -> Option<EapType> {
        self.packet().get(field::TYPE).map(|&t| EapType::from(t))
    }

    /// Type-Data: everything after Type, bounded by Length.
    pub fn type_data(&self) -> &[u8] {
        self.packet().get(field::TYPE_DATA..).unwrap_or(&[])
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> EapPacket<&'a T> {
    /// Everything after the header, with the lifetime of the buffer.
    pub fn data_ref(&self) -> &'a [u8] {
        let buf: &'a [u8] = self.buffer.as_ref();
        let end = usize::from(bytes::be16(buf, field::LENGTH));
        buf.get(field::DATA..end).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> EapPacket<T> {
    /// Sets Code.
    pub fn set_code(&mut self, value: EapCode) {
        bytes::put(self.buffer.as_mut(), field::CODE, &[value.into()]);
    }

    /// Sets Identifier.
    pub fn set_identifier(&mut self, value: u8) {
        bytes::put(self.buffer.as_mut(), field::IDENTIFIER, &[value]);
    }

    /// Sets Length.
    pub fn set_length(&mut self, value: u16) {
        bytes::put(self.buffer.as_mut(), field::LENGTH, &value.to_be_bytes());
    }

    /// Sets Type.
    pub fn set_eap_type(&mut self, value: EapType) {
        bytes::put(self.buffer.as_mut(), field::TYPE, &[value.into()]);
    }

    /// Everything after the header, bounded by Length and the buffer.
    pub fn data_mut(&mut self) -> &mut [u8] {
        let end = usize::from(self.length());
        let buf = self.buffer.as_mut();
        let end = end.min(buf.len());
        buf.get_mut(field::DATA..end).unwrap_or(&mut [])
    }
}

/// A parsed EAP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EapRepr<'a> {
    /// Code.
    pub code: EapCode,
    /// Identifier.
    pub identifier: u8,
    /// Type; `Some` for Requests and Responses, `None` for other codes.
    pub eap_type: Option<EapType>,
    /// Type-Data for Requests and Responses; for other codes, the whole
    /// Data field (empty for Success and Failure).
    pub type_data: &'a [u8],
}

impl<'a> EapRepr<'a> {
    /// Parses a checked packet.
    ///
    /// Returns [`Error::MissingEapType`] for a Request or Response without
    /// Type.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &EapPacket<&'a T>) -> Result<Self> {
        packet.check_len()?;
        let code = packet.code();
        let data = packet.data_ref();
        let (eap_type, type_data) = match code {
            // RFC 3748 4.1: Requests and Responses carry a Type.
            EapCode::Request | EapCode::Response => {
                let (&ty, rest) = data.split_first().ok_or(Error::MissingEapType)?;
                (Some(EapType::from(ty)), rest)
            }
            _ => (None, data),
        };
        Ok(Self {
            code,
            identifier: packet.identifier(),
            eap_type,
            type_data,
        })
    }

    /// Parses an EAP packet from raw bytes (bytes after Length are ignored).
    pub fn parse_bytes(bytes: &'a [u8]) -> Result<Self> {
        Self::parse(&EapPacket::new_checked(bytes)?)
    }

    /// An EAP-Request/Identity with an optional displayable message
    /// (RFC 3748 5.1).
    pub const fn request_identity(identifier: u8, display: &'a [u8]) -> Self {
        Self {
            code: EapCode::Request,
            identifier,
            eap_type: Some(EapType::Identity),
            type_data: display,
        }
    }

    /// An EAP-Success (RFC 3748 4.2); its identifier matches the last Response.
    pub const fn success(identifier: u8) -> Self {
        Self {
            code: EapCode::Success,
            identifier,
            eap_type: None,
            type_data: &[],
        }
    }

    /// An EAP-Failure (RFC 3748 4.2).
    pub const fn failure(identifier: u8) -> Self {
        Self {
            code: EapCode::Failure,
            identifier,
            eap_type: None,
            type_data: &[],
        }
    }

    /// The identity of an EAP-Response/Identity (RFC 3748 5.1), as sent; it
    /// is not necessarily UTF-8.
    pub fn identity(&self) -> Option<&'a [u8]> {
        match (self.code, self.eap_type) {
            (EapCode::Response, Some(EapType::Identity)) => Some(self.type_data),
            _ => None,
        }
    }

    /// The Vendor-Id, Vendor-Type and vendor data of an Expanded Type
    /// (RFC 3748 5.7), or `None` for other types or a short Type-Data.
    pub fn expanded(&self) -> Option<(u32, u32, &'a [u8])> {
        if self.eap_type != Some(EapType::Expanded) {
            return None;
        }
        let id: [u8; 3] = bytes::array(self.type_data, 0)?;
        let vendor_type: [u8; 4] = bytes::array(self.type_data, 3)?;
        let rest = self.type_data.get(7..)?;
        Some((
            u32::from_be_bytes([0, id[0], id[1], id[2]]),
            u32::from_be_bytes(vendor_type),
            rest,
        ))
    }

    /// Length of the emitted packet.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + usize::from(self.eap_type.is_some()) + self.type_data.len()
    }

    /// Writes the packet into a view over a buffer of at least
    /// [`buffer_len`](Self::buffer_len) octets.
    ///
    /// Returns [`Error::TooLong`] above 65535 octets and [`Error::Truncated`]
    /// for a short buffer.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut EapPacket<T>) -> Result<()> {
        let len = self.buffer_len();
        let length = u16::try_from(len).map_err(|_| Error::TooLong)?;
        if packet.buffer.as_ref().len() < len {
            return Err(Error::Truncated);
        }
        packet.set_code(self.code);
        packet.set_identifier(self.identifier);
        packet.set_length(length);
        let data = packet.data_mut();
        match self.eap_type {
            Some(ty) => {
                bytes::put(data, 0, &[ty.into()]);
                bytes::put(data, 1, self.type_data);
            }
            None => bytes::put(data, 0, self.type_data),
        }
        Ok(())
    }

    /// The packet as bytes.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut out = vec![0u8; self.buffer_len()];
        self.emit(&mut EapPacket::new_unchecked(&mut out[..]))?;
        Ok(out)
    }

    /// The packet inside an EAPOL-EAP frame.
    pub fn to_eapol(&self, version: ProtocolVersion) -> Result<Vec<u8>> {
        eapol_frame(version, PacketType::EapPacket, &self.to_vec()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{self, hex};
    use proptest::prelude::*;

    /// The EAP packet inside an EAPOL fixture.
    fn eap_of(fixture: &str) -> Vec<u8> {
        hex(fixture)[4..].to_vec()
    }

    #[test]
    fn deconstruct_request_identity() {
        let bytes = eap_of(testdata::OKC_EAP_REQ_IDENTITY);
        let packet = EapPacket::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.code(), EapCode::Request);
        assert_eq!(packet.identifier(), 128);
        assert_eq!(packet.length(), 5);
        assert_eq!(packet.eap_type(), Some(EapType::Identity));
        assert!(packet.type_data().is_empty());
        assert_eq!(packet.data(), &[1]);
    }

    #[test]
    fn construct_request_identity() {
        let repr = EapRepr::request_identity(128, &[]);
        assert_eq!(
            repr.to_eapol(ProtocolVersion::V2004).unwrap(),
            hex(testdata::OKC_EAP_REQ_IDENTITY)
        );
    }

    #[test]
    fn parse_response_identity() {
        let bytes = eap_of(testdata::OKC_EAP_RESP_IDENTITY);
        let repr = EapRepr::parse_bytes(&bytes).unwrap();
        assert_eq!(repr.code, EapCode::Response);
        assert_eq!(repr.identifier, 128);
        assert_eq!(repr.identity(), Some(&b"alice"[..]));
        assert_eq!(EapRepr::request_identity(1, b"x").identity(), None);
        assert_eq!(repr.to_vec().unwrap(), bytes);
    }

    #[test]
    fn construct_success_and_failure() {
        assert_eq!(
            EapRepr::success(0x89)
                .to_eapol(ProtocolVersion::V2004)
                .unwrap(),
            hex(testdata::OKC_EAP_SUCCESS)
        );
        assert_eq!(EapRepr::failure(7).to_vec().unwrap(), [4, 7, 0, 4]);
        let parsed = EapRepr::parse_bytes(&[3, 0x89, 0, 4]).unwrap();
        assert_eq!(parsed, EapRepr::success(0x89));
    }

    #[test]
    fn parse_method_exchange() {
        let cases: [(&str, EapCode, u8, EapType, usize); 6] = [
            (
                testdata::OKC_EAP_REQ_MD5,
                EapCode::Request,
                129,
                EapType::Md5Challenge,
                17,
            ),
            (
                testdata::OKC_EAP_RESP_NAK,
                EapCode::Response,
                129,
                EapType::Nak,
                1,
            ),
            (
                testdata::OKC_EAP_REQ_PEAP_START,
                EapCode::Request,
                130,
                EapType::Peap,
                1,
            ),
            (
                testdata::OKC_EAP_RESP_PEAP_HELLO,
                EapCode::Response,
                130,
                EapType::Peap,
                189,
            ),
            (
                testdata::OKC_EAP_RESP_PEAP_ACK,
                EapCode::Response,
                131,
                EapType::Peap,
                1,
            ),
            (
                testdata::OKC_EAP_REQ_PEAP_FRAGMENT,
                EapCode::Request,
                131,
                EapType::Peap,
                999,
            ),
        ];
        for (fixture, code, id, ty, type_data_len) in cases {
            let bytes = eap_of(fixture);
            let repr = EapRepr::parse_bytes(&bytes).unwrap();
            assert_eq!(
                (repr.code, repr.identifier, repr.eap_type),
                (code, id, Some(ty))
            );
            assert_eq!(repr.type_data.len(), type_data_len, "{fixture:.20}");
            assert_eq!(repr.to_vec().unwrap(), bytes);
        }
        // The Nak asks for PEAP.
        let nak = eap_of(testdata::OKC_EAP_RESP_NAK);
        assert_eq!(EapRepr::parse_bytes(&nak).unwrap().type_data, &[25]);
    }

    #[test]
    fn length_checks() {
        assert_eq!(
            EapRepr::parse_bytes(&[1, 1, 0]).unwrap_err(),
            Error::Truncated
        );
        assert_eq!(
            EapRepr::parse_bytes(&[1, 1, 0, 3]).unwrap_err(),
            Error::EapLength
        );
        assert_eq!(
            EapRepr::parse_bytes(&[1, 1, 0, 6, 1]).unwrap_err(),
            Error::EapLength
        );
        assert_eq!(
            EapRepr::parse_bytes(&[2, 1, 0, 4]).unwrap_err(),
            Error::MissingEapType
        );
        // Padding after Length is ignored.
        let repr = EapRepr::parse_bytes(&[2, 1, 0, 6, 1, b'a', 0, 0]).unwrap();
        assert_eq!(repr.identity(), Some(&b"a"[..]));
        let long = vec![0u8; 65535];
        let too_long = EapRepr::request_identity(0, &long);
        assert_eq!(too_long.to_vec().unwrap_err(), Error::TooLong);
        let mut short = [0u8; 4];
        assert_eq!(
            EapRepr::request_identity(0, b"a")
                .emit(&mut EapPacket::new_unchecked(&mut short[..]))
                .unwrap_err(),
            Error::Truncated
        );
    }

    #[test]
    fn expanded_type() {
        let bytes = [1, 5, 0, 14, 254, 0, 0x9f, 0x68, 0, 0, 0, 1, 0xaa, 0xbb];
        let repr = EapRepr::parse_bytes(&bytes).unwrap();
        assert_eq!(repr.expanded(), Some((0x9f68, 1, &[0xaa, 0xbb][..])));
        let short = [1, 5, 0, 11, 254, 0, 0x9f, 0x68, 0, 0, 0];
        assert_eq!(EapRepr::parse_bytes(&short).unwrap().expanded(), None);
        assert_eq!(EapRepr::success(1).expanded(), None);
    }

    #[test]
    fn unknown_code_keeps_data() {
        // RFC 6696 Initiate (5) is not named: its data is opaque.
        let bytes = [5, 9, 0, 6, 1, 2];
        let repr = EapRepr::parse_bytes(&bytes).unwrap();
        assert_eq!(repr.code, EapCode::Unknown(5));
        assert_eq!(repr.eap_type, None);
        assert_eq!(repr.type_data, &[1, 2]);
        assert_eq!(repr.to_vec().unwrap(), bytes);
    }

    fn arb_repr() -> impl Strategy<Value = (u8, u8, Option<u8>, Vec<u8>)> {
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 0..300),
        )
            .prop_map(|(code, id, ty, data)| {
                let ty = matches!(code, 1 | 2).then_some(ty);
                (code, id, ty, data)
            })
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let unchecked = EapPacket::new_unchecked(&bytes[..]);
            let _ = (unchecked.code(), unchecked.eap_type(), unchecked.type_data(), unchecked.data_ref());
            if let Ok(repr) = EapRepr::parse_bytes(&bytes) {
                let out = repr.to_vec().unwrap();
                let view = EapPacket::new_unchecked(&bytes[..]);
                prop_assert_eq!(&out[..], view.packet());
            }
        }

        #[test]
        fn round_trip((code, id, ty, data) in arb_repr()) {
            let repr = EapRepr {
                code: code.into(),
                identifier: id,
                eap_type: ty.map(EapType::from),
                type_data: &data,
            };
            let bytes = repr.to_vec().unwrap();
            prop_assert_eq!(EapRepr::parse_bytes(&bytes).unwrap(), repr);
        }
    }
}
