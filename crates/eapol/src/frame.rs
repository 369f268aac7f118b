//! A received EAPOL frame classified by Packet Type: the entry point of the
//! authenticator's receive path.

use crate::eap::{EapPacket, EapRepr};
use crate::eapol::{eapol_frame, EapolPacket, PacketType, ProtocolVersion};
use crate::error::Result;
use crate::key::{EapolKeyPacket, EapolKeyRepr};

/// The body of an EAPOL frame, by Packet Type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EapolBody<'a> {
    /// EAPOL-EAP: an EAP packet (to the EAP server or RADIUS relay).
    Eap(EapRepr<'a>),
    /// EAPOL-Key: an EAPOL-Key frame (to the 4-way or group handshake).
    Key(EapolKeyRepr<'a>),
    /// EAPOL-Start; any body (802.1X-2010 TLVs) is ignored.
    Start,
    /// EAPOL-Logoff; any body is ignored.
    Logoff,
    /// Any other Packet Type, with its body.
    Other {
        /// Packet Type.
        packet_type: PacketType,
        /// Body, bounded by the body length.
        body: &'a [u8],
    },
}

/// A parsed EAPOL frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EapolFrame<'a> {
    /// Protocol Version.
    pub version: ProtocolVersion,
    /// The classified body.
    pub body: EapolBody<'a>,
}

impl<'a> EapolFrame<'a> {
    /// Parses a received EAPOL frame (from the EtherType 0x888e payload;
    /// trailing link padding is ignored). `mic_len` is the Key MIC length
    /// of the negotiated AKM, used only for EAPOL-Key frames.
    pub fn parse(frame: &'a [u8], mic_len: usize) -> Result<Self> {
        let eapol = EapolPacket::new_checked(frame)?;
        let body = eapol.body_ref();
        let body = match eapol.packet_type() {
            PacketType::EapPacket => {
                EapolBody::Eap(EapRepr::parse(&EapPacket::new_checked(body)?)?)
            }
            PacketType::Key => EapolBody::Key(EapolKeyRepr::parse(&EapolKeyPacket::new_checked(
                body, mic_len,
            )?)?),
            PacketType::Start => EapolBody::Start,
            PacketType::Logoff => EapolBody::Logoff,
            packet_type => EapolBody::Other { packet_type, body },
        };
        Ok(Self {
            version: eapol.version(),
            body,
        })
    }

    /// Packet Type of the body.
    pub fn packet_type(&self) -> PacketType {
        match self.body {
            EapolBody::Eap(_) => PacketType::EapPacket,
            EapolBody::Key(_) => PacketType::Key,
            EapolBody::Start => PacketType::Start,
            EapolBody::Logoff => PacketType::Logoff,
            EapolBody::Other { packet_type, .. } => packet_type,
        }
    }

    /// Builds the frame; `mic_len` applies to EAPOL-Key bodies.
    pub fn to_vec(&self, mic_len: usize) -> Result<Vec<u8>> {
        match &self.body {
            EapolBody::Eap(eap) => eap.to_eapol(self.version),
            EapolBody::Key(key) => key.to_frame(self.version, mic_len),
            EapolBody::Start => eapol_frame(self.version, PacketType::Start, &[]),
            EapolBody::Logoff => eapol_frame(self.version, PacketType::Logoff, &[]),
            EapolBody::Other { packet_type, body } => eapol_frame(self.version, *packet_type, body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eap::{EapCode, EapType};
    use crate::error::Error;
    use crate::testdata::{self, hex};
    use proptest::prelude::*;

    #[test]
    fn classify_trace_frames() {
        let m2 = hex(testdata::PSK_M2);
        let frame = EapolFrame::parse(&m2, 16).unwrap();
        assert_eq!(frame.version, ProtocolVersion::V2001);
        assert_eq!(frame.packet_type(), PacketType::Key);
        let EapolBody::Key(key) = frame.body else {
            panic!("not a key frame")
        };
        assert_eq!(key.replay_counter, 1);
        assert!(key.key_info.key_mic());

        let id = hex(testdata::OKC_EAP_RESP_IDENTITY);
        let frame = EapolFrame::parse(&id, 16).unwrap();
        let EapolBody::Eap(eap) = frame.body else {
            panic!("not an eap frame")
        };
        assert_eq!(eap.code, EapCode::Response);
        assert_eq!(eap.eap_type, Some(EapType::Identity));
        assert_eq!(eap.identity(), Some(&b"alice"[..]));
    }

    #[test]
    fn all_fixtures_round_trip() {
        for fixture in [
            testdata::PSK_M1,
            testdata::PSK_M2,
            testdata::PSK_M3,
            testdata::PSK_M4,
            testdata::OKC_M1,
            testdata::OKC_M2,
            testdata::OKC_M2_PMKID,
            testdata::OKC_M3,
            testdata::OKC_EAP_REQ_IDENTITY,
            testdata::OKC_EAP_RESP_IDENTITY,
            testdata::OKC_EAP_REQ_MD5,
            testdata::OKC_EAP_RESP_NAK,
            testdata::OKC_EAP_REQ_PEAP_START,
            testdata::OKC_EAP_RESP_PEAP_HELLO,
            testdata::OKC_EAP_RESP_PEAP_ACK,
            testdata::OKC_EAP_REQ_PEAP_FRAGMENT,
            testdata::OKC_EAP_SUCCESS,
        ] {
            let bytes = hex(fixture);
            let frame = EapolFrame::parse(&bytes, 16).unwrap();
            assert_eq!(frame.to_vec(16).unwrap(), bytes, "{fixture:.40}");
        }
    }

    #[test]
    fn start_logoff_and_other() {
        let start = [1, 1, 0, 0];
        let frame = EapolFrame::parse(&start, 16).unwrap();
        assert_eq!(frame.body, EapolBody::Start);
        assert_eq!(frame.to_vec(16).unwrap(), start);
        let logoff = [2, 2, 0, 0, 0, 0];
        let frame = EapolFrame::parse(&logoff, 16).unwrap();
        assert_eq!(frame.body, EapolBody::Logoff);
        assert_eq!(frame.to_vec(16).unwrap(), logoff[..4]);
        let asf = [3, 4, 0, 2, 9, 9];
        let frame = EapolFrame::parse(&asf, 16).unwrap();
        assert_eq!(
            frame.body,
            EapolBody::Other {
                packet_type: PacketType::EncapsulatedAsfAlert,
                body: &[9, 9]
            }
        );
        assert_eq!(frame.to_vec(16).unwrap(), asf);
    }

    #[test]
    fn errors_propagate() {
        assert_eq!(
            EapolFrame::parse(&[2, 0, 0], 16).unwrap_err(),
            Error::Truncated
        );
        assert_eq!(
            EapolFrame::parse(&[2, 0, 0, 5, 1], 16).unwrap_err(),
            Error::BodyLength
        );
        assert_eq!(
            EapolFrame::parse(&[2, 0, 0, 4, 1, 0, 0, 9], 16).unwrap_err(),
            Error::EapLength
        );
        assert_eq!(
            EapolFrame::parse(&[2, 3, 0, 1, 2], 16).unwrap_err(),
            Error::Truncated
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200), mic_len in prop_oneof![Just(0usize), Just(16), Just(24)]) {
            if let Ok(frame) = EapolFrame::parse(&bytes, mic_len) {
                let out = frame.to_vec(mic_len).unwrap();
                prop_assert_eq!(EapolFrame::parse(&out, mic_len).unwrap(), frame);
            }
        }

        #[test]
        fn key_frames_parse_with_header(mut bytes in proptest::collection::vec(any::<u8>(), 99..200)) {
            // Force a valid EAPOL-Key header so the key parser gets exercised.
            let body_len = u16::try_from(bytes.len() - 4).unwrap();
            bytes[1] = 3;
            bytes[2..4].copy_from_slice(&body_len.to_be_bytes());
            let kd_len = u16::try_from(bytes.len() - 99).unwrap();
            bytes[97..99].copy_from_slice(&kd_len.to_be_bytes());
            let frame = EapolFrame::parse(&bytes, 16).unwrap();
            prop_assert_eq!(frame.to_vec(16).unwrap(), bytes);
        }
    }
}
