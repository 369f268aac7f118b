//! The EAPOL-Key frame, the body of an EAPOL-Key PDU
//! (IEEE 802.11-2020 12.7.2, Figure 12-32).
//!
//! ```text
//! offset  size  field (offsets within the EAPOL body)
//!  0       1    Descriptor Type
//!  1       2    Key Information
//!  3       2    Key Length
//!  5       8    Key Replay Counter
//! 13      32    Key Nonce
//! 45      16    EAPOL-Key IV
//! 61       8    Key RSC
//! 69       8    Reserved (formerly Key ID)
//! 77       m    Key MIC (m = 16, 24 or 0 depending on the AKM)
//! 77+m     2    Key Data Length
//! 79+m     n    Key Data
//! ```
//! Every multi-octet field is big-endian, except Key RSC, which holds a
//! little-endian packet number and is kept as bytes.

use core::ops::Range;

use crate::bytes;
use crate::eapol::{EapolPacket, EapolRepr, PacketType, ProtocolVersion, HEADER_LEN};
use crate::error::{Error, Result};
use crate::key_info::KeyInfo;
use roamd_codes::code_enum;

code_enum! {
    /// Descriptor Type of an EAPOL-Key frame (IEEE 802.11-2020 12.7.2 a).
    ///
    /// Other types (e.g. 802.1X RC4, 1) are still parsed with the 802.11
    /// layout so that they round-trip; the authenticator drops them, as
    /// hostapd does.
    pub enum KeyDescriptorType(u8) {
        /// 2: IEEE 802.11 (RSN) key descriptor.
        Rsn = 2,
        /// 254: the pre-RSN WPA key descriptor, same layout.
        Wpa = 254,
    }
}

/// Offsets of the EAPOL-Key fields within the EAPOL body.
mod field {
    use core::ops::Range;

    pub(super) const DESCRIPTOR_TYPE: usize = 0;
    pub(super) const KEY_INFO: usize = 1;
    pub(super) const KEY_LENGTH: usize = 3;
    pub(super) const REPLAY_COUNTER: usize = 5;
    pub(super) const KEY_NONCE: usize = 13;
    pub(super) const KEY_IV: usize = 45;
    pub(super) const KEY_RSC: usize = 61;
    pub(super) const RESERVED: usize = 69;
    pub(super) const MIC: usize = 77;

    /// Key MIC for a MIC of `mic_len` octets.
    pub(super) const fn mic(mic_len: usize) -> Range<usize> {
        MIC..MIC.saturating_add(mic_len)
    }

    /// Key Data Length for a MIC of `mic_len` octets.
    pub(super) const fn key_data_length(mic_len: usize) -> usize {
        MIC.saturating_add(mic_len)
    }

    /// Start of Key Data for a MIC of `mic_len` octets.
    pub(super) const fn key_data(mic_len: usize) -> usize {
        MIC.saturating_add(mic_len).saturating_add(2)
    }
}

/// Length of the fields before Key MIC.
pub const KEY_FIXED_LEN: usize = field::MIC;

/// Offset of Key MIC within the whole EAPOL frame (4-octet EAPOL header
/// plus [`KEY_FIXED_LEN`]); it does not depend on the MIC length.
pub const MIC_OFFSET: usize = HEADER_LEN + field::MIC;

/// Range of Key MIC within the whole EAPOL frame, for zeroing it before
/// computing or checking the MIC (IEEE 802.11-2020 12.7.2 h).
pub const fn mic_range(mic_len: usize) -> Range<usize> {
    MIC_OFFSET..MIC_OFFSET.saturating_add(mic_len)
}

/// A read/write view of an EAPOL-Key frame (the EAPOL body) whose Key MIC
/// has `mic_len` octets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EapolKeyPacket<T: AsRef<[u8]>> {
    buffer: T,
    mic_len: usize,
}

impl<T: AsRef<[u8]>> EapolKeyPacket<T> {
    /// Wraps an EAPOL body without checking it; accessors then return zeros
    /// or empty slices for missing bytes.
    pub const fn new_unchecked(buffer: T, mic_len: usize) -> Self {
        Self { buffer, mic_len }
    }

    /// Wraps an EAPOL body after [`check_len`](Self::check_len).
    pub fn new_checked(buffer: T, mic_len: usize) -> Result<Self> {
        let packet = Self::new_unchecked(buffer, mic_len);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks the buffer.
    ///
    /// Returns [`Error::Truncated`] if it cannot hold the fields up to Key
    /// Data Length and [`Error::KeyDataLength`] if Key Data Length exceeds
    /// the rest. Bytes after Key Data are allowed and ignored, as hostapd
    /// does.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        let start = field::key_data(self.mic_len);
        if len < start {
            return Err(Error::Truncated);
        }
        if len - start < usize::from(self.key_data_len()) {
            return Err(Error::KeyDataLength);
        }
        Ok(())
    }

    /// Consumes the view, returning the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The MIC length this view was made with.
    pub const fn mic_len(&self) -> usize {
        self.mic_len
    }

    /// Descriptor Type.
    pub fn descriptor_type(&self) -> KeyDescriptorType {
        KeyDescriptorType::from(bytes::byte(self.buf(), field::DESCRIPTOR_TYPE))
    }

    /// Key Information.
    pub fn key_info(&self) -> KeyInfo {
        KeyInfo::from_bits(bytes::be16(self.buf(), field::KEY_INFO))
    }

    /// Key Length (length of the pairwise temporal key, 0 in group messages).
    pub fn key_length(&self) -> u16 {
        bytes::be16(self.buf(), field::KEY_LENGTH)
    }

    /// Key Replay Counter.
    pub fn replay_counter(&self) -> u64 {
        bytes::array(self.buf(), field::REPLAY_COUNTER).map_or(0, u64::from_be_bytes)
    }

    /// Key Nonce.
    pub fn key_nonce(&self) -> [u8; 32] {
        bytes::array(self.buf(), field::KEY_NONCE).unwrap_or([0; 32])
    }

    /// EAPOL-Key IV.
    pub fn key_iv(&self) -> [u8; 16] {
        bytes::array(self.buf(), field::KEY_IV).unwrap_or([0; 16])
    }

    /// Key RSC (little-endian packet number octets).
    pub fn key_rsc(&self) -> [u8; 8] {
        bytes::array(self.buf(), field::KEY_RSC).unwrap_or([0; 8])
    }

    /// Reserved (formerly Key ID).
    pub fn reserved(&self) -> [u8; 8] {
        bytes::array(self.buf(), field::RESERVED).unwrap_or([0; 8])
    }

    /// Key MIC.
    pub fn key_mic(&self) -> &[u8] {
        self.buf().get(field::mic(self.mic_len)).unwrap_or(&[])
    }

    /// Key Data Length.
    pub fn key_data_len(&self) -> u16 {
        bytes::be16(self.buf(), field::key_data_length(self.mic_len))
    }

    /// Key Data, bounded by Key Data Length.
    pub fn key_data(&self) -> &[u8] {
        key_data_of(self.buf(), self.mic_len)
    }

    fn buf(&self) -> &[u8] {
        self.buffer.as_ref()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> EapolKeyPacket<&'a T> {
    /// Key MIC, with the lifetime of the buffer.
    pub fn key_mic_ref(&self) -> &'a [u8] {
        let buf: &'a [u8] = self.buffer.as_ref();
        buf.get(field::mic(self.mic_len)).unwrap_or(&[])
    }

    /// Key Data, with the lifetime of the buffer.
    pub fn key_data_ref(&self) -> &'a [u8] {
        key_data_of(self.buffer.as_ref(), self.mic_len)
    }
}

fn key_data_of(buf: &[u8], mic_len: usize) -> &[u8] {
    let len = usize::from(bytes::be16(buf, field::key_data_length(mic_len)));
    let start = field::key_data(mic_len);
    buf.get(start..start.saturating_add(len)).unwrap_or(&[])
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> EapolKeyPacket<T> {
    /// Sets Descriptor Type.
    pub fn set_descriptor_type(&mut self, value: KeyDescriptorType) {
        bytes::put(self.buf_mut(), field::DESCRIPTOR_TYPE, &[value.into()]);
    }

    /// Sets Key Information.
    pub fn set_key_info(&mut self, value: KeyInfo) {
        bytes::put(self.buf_mut(), field::KEY_INFO, &value.bits().to_be_bytes());
    }

    /// Sets Key Length.
    pub fn set_key_length(&mut self, value: u16) {
        bytes::put(self.buf_mut(), field::KEY_LENGTH, &value.to_be_bytes());
    }

    /// Sets Key Replay Counter.
    pub fn set_replay_counter(&mut self, value: u64) {
        bytes::put(self.buf_mut(), field::REPLAY_COUNTER, &value.to_be_bytes());
    }

    /// Sets Key Nonce.
    pub fn set_key_nonce(&mut self, value: &[u8; 32]) {
        bytes::put(self.buf_mut(), field::KEY_NONCE, value);
    }

    /// Sets EAPOL-Key IV.
    pub fn set_key_iv(&mut self, value: &[u8; 16]) {
        bytes::put(self.buf_mut(), field::KEY_IV, value);
    }

    /// Sets Key RSC.
    pub fn set_key_rsc(&mut self, value: &[u8; 8]) {
        bytes::put(self.buf_mut(), field::KEY_RSC, value);
    }

    /// Sets Reserved.
    pub fn set_reserved(&mut self, value: &[u8; 8]) {
        bytes::put(self.buf_mut(), field::RESERVED, value);
    }

    /// Sets Key MIC. Returns [`Error::MicLength`] unless `mic` has the MIC
    /// length of this view, [`Error::Truncated`] for a short buffer.
    pub fn set_key_mic(&mut self, mic: &[u8]) -> Result<()> {
        if mic.len() != self.mic_len {
            return Err(Error::MicLength);
        }
        let range = field::mic(self.mic_len);
        let dst = self.buf_mut().get_mut(range).ok_or(Error::Truncated)?;
        dst.copy_from_slice(mic);
        Ok(())
    }

    /// Sets Key Data Length.
    pub fn set_key_data_len(&mut self, value: u16) {
        let at = field::key_data_length(self.mic_len);
        bytes::put(self.buf_mut(), at, &value.to_be_bytes());
    }

    /// Key Data, bounded by Key Data Length and the buffer, for writing.
    pub fn key_data_mut(&mut self) -> &mut [u8] {
        let start = field::key_data(self.mic_len);
        let end = start.saturating_add(usize::from(self.key_data_len()));
        let buf = self.buf_mut();
        let end = end.min(buf.len());
        buf.get_mut(start..end).unwrap_or(&mut [])
    }

    fn buf_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }
}

/// A parsed EAPOL-Key frame.
///
/// `key_mic` has the MIC length in use, or is empty when building a frame
/// whose MIC is filled later with [`write_mic`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EapolKeyRepr<'a> {
    /// Descriptor Type.
    pub descriptor_type: KeyDescriptorType,
    /// Key Information.
    pub key_info: KeyInfo,
    /// Key Length.
    pub key_length: u16,
    /// Key Replay Counter.
    pub replay_counter: u64,
    /// Key Nonce.
    pub key_nonce: [u8; 32],
    /// EAPOL-Key IV.
    pub key_iv: [u8; 16],
    /// Key RSC (little-endian packet number octets).
    pub key_rsc: [u8; 8],
    /// Reserved (formerly Key ID).
    pub reserved: [u8; 8],
    /// Key MIC: the MIC length in use, or empty for a zeroed MIC.
    pub key_mic: &'a [u8],
    /// Key Data as carried (encrypted if Encrypted Key Data is set).
    pub key_data: &'a [u8],
}

impl<'a> EapolKeyRepr<'a> {
    /// A frame with the given type and Key Information and every other
    /// field zero or empty; fill the rest with struct update syntax.
    pub const fn new(descriptor_type: KeyDescriptorType, key_info: KeyInfo) -> Self {
        Self {
            descriptor_type,
            key_info,
            key_length: 0,
            replay_counter: 0,
            key_nonce: [0; 32],
            key_iv: [0; 16],
            key_rsc: [0; 8],
            reserved: [0; 8],
            key_mic: &[],
            key_data: &[],
        }
    }

    /// Parses a checked view.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &EapolKeyPacket<&'a T>) -> Result<Self> {
        packet.check_len()?;
        Ok(Self {
            descriptor_type: packet.descriptor_type(),
            key_info: packet.key_info(),
            key_length: packet.key_length(),
            replay_counter: packet.replay_counter(),
            key_nonce: packet.key_nonce(),
            key_iv: packet.key_iv(),
            key_rsc: packet.key_rsc(),
            reserved: packet.reserved(),
            key_mic: packet.key_mic_ref(),
            key_data: packet.key_data_ref(),
        })
    }

    /// Parses the EAPOL-Key body of a whole EAPOL frame.
    ///
    /// Returns [`Error::NotKey`] if the Packet Type is not EAPOL-Key.
    pub fn parse_frame(frame: &'a [u8], mic_len: usize) -> Result<Self> {
        let eapol = EapolPacket::new_checked(frame)?;
        if eapol.packet_type() != PacketType::Key {
            return Err(Error::NotKey);
        }
        Self::parse(&EapolKeyPacket::new_checked(eapol.body_ref(), mic_len)?)
    }

    /// Length of the emitted EAPOL-Key frame (EAPOL body).
    pub const fn buffer_len(&self, mic_len: usize) -> usize {
        field::key_data(mic_len).saturating_add(self.key_data.len())
    }

    /// Writes the frame into a view whose buffer holds at least
    /// [`buffer_len`](Self::buffer_len) octets. Key MIC is written from
    /// `key_mic`, or zeroed if `key_mic` is empty.
    ///
    /// Returns [`Error::MicLength`] if `key_mic` is neither empty nor of the
    /// view's MIC length, [`Error::TooLong`] if Key Data exceeds 65535 octets,
    /// and [`Error::Truncated`] for a short buffer.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut EapolKeyPacket<T>) -> Result<()> {
        let mic_len = packet.mic_len();
        if !self.key_mic.is_empty() && self.key_mic.len() != mic_len {
            return Err(Error::MicLength);
        }
        let key_data_len = u16::try_from(self.key_data.len()).map_err(|_| Error::TooLong)?;
        if packet.buffer.as_ref().len() < self.buffer_len(mic_len) {
            return Err(Error::Truncated);
        }
        packet.set_descriptor_type(self.descriptor_type);
        packet.set_key_info(self.key_info);
        packet.set_key_length(self.key_length);
        packet.set_replay_counter(self.replay_counter);
        packet.set_key_nonce(&self.key_nonce);
        packet.set_key_iv(&self.key_iv);
        packet.set_key_rsc(&self.key_rsc);
        packet.set_reserved(&self.reserved);
        if self.key_mic.is_empty() {
            if let Some(mic) = packet.buf_mut().get_mut(field::mic(mic_len)) {
                mic.fill(0);
            }
        } else {
            packet.set_key_mic(self.key_mic)?;
        }
        packet.set_key_data_len(key_data_len);
        bytes::put(packet.key_data_mut(), 0, self.key_data);
        Ok(())
    }

    /// Builds the whole EAPOL frame (EAPOL header and this EAPOL-Key frame).
    ///
    /// With an empty `key_mic` the MIC field is zero, ready for computing
    /// the MIC over the returned bytes and storing it with [`write_mic`].
    pub fn to_frame(&self, version: ProtocolVersion, mic_len: usize) -> Result<Vec<u8>> {
        let body_len = u16::try_from(self.buffer_len(mic_len)).map_err(|_| Error::TooLong)?;
        let header = EapolRepr {
            version,
            packet_type: PacketType::Key,
            body_len,
        };
        let mut out = vec![0u8; header.buffer_len()];
        let mut eapol = EapolPacket::new_unchecked(&mut out[..]);
        header.emit(&mut eapol);
        self.emit(&mut EapolKeyPacket::new_unchecked(
            eapol.body_mut(),
            mic_len,
        ))?;
        Ok(out)
    }
}

/// Checks that `frame` is an EAPOL-Key frame whose body holds a MIC of
/// `mic_len` octets, and returns the frame length bounded by the body length.
fn key_frame_len(frame: &[u8], mic_len: usize) -> Result<usize> {
    let eapol = EapolPacket::new_checked(frame)?;
    if eapol.packet_type() != PacketType::Key {
        return Err(Error::NotKey);
    }
    if eapol.body().len() < field::key_data(mic_len) {
        return Err(Error::Truncated);
    }
    Ok(eapol.frame_len())
}

/// Stores a computed MIC into the Key MIC field of a whole EAPOL-Key frame
/// built by [`EapolKeyRepr::to_frame`].
///
/// Returns [`Error::NotKey`] for another Packet Type and
/// [`Error::Truncated`] if the body cannot hold a MIC of `mic.len()` octets.
pub fn write_mic(frame: &mut [u8], mic: &[u8]) -> Result<()> {
    key_frame_len(frame, mic.len())?;
    let dst = frame
        .get_mut(mic_range(mic.len()))
        .ok_or(Error::Truncated)?;
    dst.copy_from_slice(mic);
    Ok(())
}

/// A copy of a received EAPOL-Key frame, without link padding and with Key
/// MIC zeroed: the input of the MIC check (IEEE 802.11-2020 12.7.2 h).
///
/// Returns [`Error::NotKey`] for another Packet Type and
/// [`Error::Truncated`] if the body cannot hold a MIC of `mic_len` octets.
pub fn mic_input(frame: &[u8], mic_len: usize) -> Result<Vec<u8>> {
    let len = key_frame_len(frame, mic_len)?;
    let mut copy = frame.get(..len).ok_or(Error::BodyLength)?.to_vec();
    if let Some(mic) = copy.get_mut(mic_range(mic_len)) {
        mic.fill(0);
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_info::KeyDescriptorVersion;
    use crate::testdata::{self, hex};
    use proptest::prelude::*;

    fn parse(frame: &[u8]) -> EapolKeyRepr<'_> {
        EapolKeyRepr::parse_frame(frame, 16).unwrap()
    }

    /// Re-emits a parsed frame with the same EAPOL version.
    fn reemit(frame: &[u8], mic_len: usize) -> Vec<u8> {
        let version = EapolPacket::new_unchecked(frame).version();
        EapolKeyRepr::parse_frame(frame, mic_len)
            .unwrap()
            .to_frame(version, mic_len)
            .unwrap()
    }

    #[test]
    fn deconstruct_message_1() {
        let frame = hex(testdata::PSK_M1);
        let m1 = parse(&frame);
        assert_eq!(m1.descriptor_type, KeyDescriptorType::Rsn);
        assert_eq!(m1.key_info.bits(), 0x008a);
        assert_eq!(m1.key_length, 16);
        assert_eq!(m1.replay_counter, 1);
        assert_eq!(m1.key_nonce[..4], [0x7c, 0x29, 0x57, 0xfb]);
        assert_eq!(m1.key_nonce[31], 0x02);
        assert_eq!(m1.key_iv, [0; 16]);
        assert_eq!(m1.key_rsc, [0; 8]);
        assert_eq!(m1.key_mic, &[0; 16]);
        assert!(m1.key_data.is_empty());
    }

    #[test]
    fn deconstruct_message_2() {
        let frame = hex(testdata::PSK_M2);
        let m2 = parse(&frame);
        assert_eq!(m2.key_info.bits(), 0x010a);
        assert_eq!(m2.key_length, 0);
        assert_eq!(m2.replay_counter, 1);
        assert_eq!(
            m2.key_nonce,
            hex("224f04de86293e363170c11953c65ae0d14ad7ea46c7bf57e34887c8da95ca2f")[..]
        );
        assert_eq!(m2.key_mic, &hex("1570575db58ee24c3606a39d7f3c542e")[..]);
        assert_eq!(m2.key_data.len(), 28);
        assert_eq!(m2.key_data[..2], [0x30, 0x1a]);
        // The MIC covers the frame with Key MIC zeroed: hostapd's dump of the
        // header before the MIC matches, and the MIC range is zero.
        let input = mic_input(&frame, 16).unwrap();
        assert_eq!(input[4..MIC_OFFSET], hex(
            "02010a00000000000000000001224f04de86293e363170c11953c65ae0d14ad7ea46c7bf57e34887c8da95ca2f\
             0000000000000000000000000000000000000000000000000000000000000000"
        )[..]);
        assert_eq!(input[mic_range(16)], [0; 16]);
        assert_eq!(input[MIC_OFFSET + 16..], frame[MIC_OFFSET + 16..]);
    }

    #[test]
    fn deconstruct_message_3_and_4() {
        let frame = hex(testdata::PSK_M3);
        let m3 = parse(&frame);
        assert_eq!(m3.key_info.bits(), 0x13ca);
        assert_eq!(m3.replay_counter, 2);
        assert_eq!(m3.key_data.len(), 88);
        assert_eq!(m3.key_mic, &hex("ab9c18b181781ea824af956021b302f5")[..]);

        let frame = hex(testdata::OKC_M3);
        let m3 = parse(&frame);
        assert_eq!(m3.key_rsc, [6, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(m3.key_data.len(), 56);

        let frame = hex(testdata::PSK_M4);
        let m4 = parse(&frame);
        assert_eq!(m4.key_info.bits(), 0x030a);
        assert_eq!(m4.replay_counter, 2);
        assert_eq!(m4.key_nonce, [0; 32]);
        assert!(m4.key_data.is_empty());
    }

    #[test]
    fn trace_frames_round_trip() {
        for fixture in [
            testdata::PSK_M1,
            testdata::PSK_M2,
            testdata::PSK_M3,
            testdata::PSK_M4,
            testdata::OKC_M1,
            testdata::OKC_M2,
            testdata::OKC_M2_PMKID,
            testdata::OKC_M3,
        ] {
            let frame = hex(fixture);
            assert_eq!(reemit(&frame, 16), frame, "{fixture:.40}");
        }
    }

    #[test]
    fn construct_message_1() {
        let frame = hex(testdata::PSK_M1);
        let nonce = parse(&frame).key_nonce;
        let m1 = EapolKeyRepr {
            key_length: 16,
            replay_counter: 1,
            key_nonce: nonce,
            ..EapolKeyRepr::new(
                KeyDescriptorType::Rsn,
                (KeyInfo::KEY_TYPE | KeyInfo::KEY_ACK)
                    .with_descriptor_version(KeyDescriptorVersion::HmacSha1Aes),
            )
        };
        assert_eq!(m1.to_frame(ProtocolVersion::V2004, 16).unwrap(), frame);
    }

    #[test]
    fn construct_message_3_then_fill_mic() {
        let frame = hex(testdata::PSK_M3);
        let parsed = parse(&frame);
        let m3 = EapolKeyRepr {
            key_mic: &[],
            ..parsed
        };
        let mut built = m3.to_frame(ProtocolVersion::V2004, 16).unwrap();
        assert_eq!(built[mic_range(16)], [0; 16]);
        assert_eq!(built, mic_input(&frame, 16).unwrap());
        write_mic(&mut built, parsed.key_mic).unwrap();
        assert_eq!(built, frame);
    }

    #[test]
    fn construct_group_message_1() {
        // hostapd group message 1/2: Secure, MIC, Ack, Encrypted Key Data,
        // group key type (key_info 0x1382), Key RSC = current GTK PN.
        let wrapped = [0x5a; 40];
        let g1 = EapolKeyRepr {
            replay_counter: 3,
            key_rsc: [9, 0, 0, 0, 0, 0, 0, 0],
            key_data: &wrapped,
            ..EapolKeyRepr::new(
                KeyDescriptorType::Rsn,
                (KeyInfo::SECURE
                    | KeyInfo::KEY_MIC
                    | KeyInfo::KEY_ACK
                    | KeyInfo::ENCRYPTED_KEY_DATA)
                    .with_descriptor_version(KeyDescriptorVersion::HmacSha1Aes),
            )
        };
        let mut frame = g1.to_frame(ProtocolVersion::V2004, 16).unwrap();
        assert_eq!(frame.len(), 4 + 95 + 40);
        assert_eq!(&frame[..7], &[2, 3, 0, 135, 2, 0x13, 0x82]);
        write_mic(&mut frame, &[1; 16]).unwrap();
        let parsed = parse(&frame);
        assert!(!parsed.key_info.is_pairwise());
        assert_eq!(parsed.key_mic, &[1; 16]);
        assert_eq!(
            EapolKeyRepr {
                key_mic: &[],
                ..parsed
            },
            g1
        );
    }

    #[test]
    fn mic_length_is_a_parameter() {
        // A SHA-384 AKM frame (24-octet MIC) and a FILS frame (no MIC).
        let data = [0xdd, 0x05, 0x00, 0x0f, 0xac, 0x0a, 0x01];
        for mic_len in [0usize, 16, 24, 32] {
            let mic = vec![0xee; mic_len];
            let repr = EapolKeyRepr {
                key_mic: &mic,
                key_data: &data,
                replay_counter: u64::MAX,
                ..EapolKeyRepr::new(KeyDescriptorType::Rsn, KeyInfo::from_bits(0x0108))
            };
            let frame = repr.to_frame(ProtocolVersion::V2010, mic_len).unwrap();
            assert_eq!(frame.len(), MIC_OFFSET + mic_len + 2 + data.len());
            assert_eq!(frame[mic_range(mic_len)], mic[..]);
            assert_eq!(bytes::be16(&frame, MIC_OFFSET + mic_len), 7);
            assert_eq!(EapolKeyRepr::parse_frame(&frame, mic_len).unwrap(), repr);
            let zeroed = mic_input(&frame, mic_len).unwrap();
            assert!(zeroed[mic_range(mic_len)].iter().all(|&b| b == 0));
        }
        // Parsing a 16-octet MIC frame with a 24-octet MIC length misreads
        // Key Data Length, which is then caught.
        let frame = hex(testdata::PSK_M2);
        assert_eq!(
            EapolKeyRepr::parse_frame(&frame, 24).unwrap_err(),
            Error::KeyDataLength
        );
    }

    #[test]
    fn errors() {
        let frame = hex(testdata::PSK_M2);
        // A short body.
        assert_eq!(
            EapolKeyPacket::new_checked(&frame[4..4 + 94], 16).unwrap_err(),
            Error::Truncated
        );
        // Key Data Length beyond the body.
        let mut bad = frame.clone();
        bad[4 + 93 + 1] = 0x1d;
        assert_eq!(
            EapolKeyRepr::parse_frame(&bad, 16).unwrap_err(),
            Error::KeyDataLength
        );
        // Not a Key frame.
        let eap = hex(testdata::OKC_EAP_SUCCESS);
        assert_eq!(
            EapolKeyRepr::parse_frame(&eap, 16).unwrap_err(),
            Error::NotKey
        );
        assert_eq!(mic_input(&eap, 16).unwrap_err(), Error::NotKey);
        let mut eap_mut = eap.clone();
        assert_eq!(
            write_mic(&mut eap_mut, &[0; 16]).unwrap_err(),
            Error::NotKey
        );
        // MIC length mismatches.
        let repr = parse(&frame);
        assert_eq!(
            repr.to_frame(ProtocolVersion::V2004, 24).unwrap_err(),
            Error::MicLength
        );
        let mut out = frame.clone();
        assert_eq!(
            write_mic(&mut out, &[0; 200]).unwrap_err(),
            Error::Truncated
        );
        let mut view = EapolKeyPacket::new_unchecked(&mut out[4..], 16);
        assert_eq!(view.set_key_mic(&[0; 24]).unwrap_err(), Error::MicLength);
        // Emit into a short buffer.
        let mut short = [0u8; 50];
        assert_eq!(
            repr.emit(&mut EapolKeyPacket::new_unchecked(&mut short[..], 16))
                .unwrap_err(),
            Error::Truncated
        );
        // Key Data too long.
        let big = vec![0u8; 65536];
        let too_long = EapolKeyRepr {
            key_data: &big,
            ..repr
        };
        assert_eq!(
            too_long.to_frame(ProtocolVersion::V2004, 16).unwrap_err(),
            Error::TooLong
        );
        // A huge MIC length does not overflow.
        assert_eq!(
            EapolKeyPacket::new_checked(&frame[4..], usize::MAX).unwrap_err(),
            Error::Truncated
        );
    }

    #[test]
    fn padding_after_body_is_ignored() {
        let mut frame = hex(testdata::PSK_M4);
        let len = frame.len();
        frame.extend_from_slice(&[0xff; 20]);
        let repr = parse(&frame);
        assert_eq!(
            repr.to_frame(ProtocolVersion::V2001, 16).unwrap(),
            frame[..len]
        );
        assert_eq!(mic_input(&frame, 16).unwrap().len(), len);
    }

    #[test]
    fn extra_bytes_after_key_data_are_ignored() {
        // Body longer than Key Data (hostapd: "ignore extra data").
        let mut frame = hex(testdata::PSK_M4);
        frame.extend_from_slice(&[1, 2, 3]);
        frame[3] += 3;
        let repr = parse(&frame);
        assert!(repr.key_data.is_empty());
        // The MIC input keeps them: the MIC covers the whole body.
        assert_eq!(mic_input(&frame, 16).unwrap().len(), frame.len());
    }

    #[test]
    fn unchecked_view_does_not_panic() {
        let view = EapolKeyPacket::new_unchecked(&[2u8, 1][..], 16);
        assert_eq!(view.key_info().bits(), 0);
        assert_eq!(view.replay_counter(), 0);
        assert!(view.key_mic().is_empty() && view.key_data().is_empty());
        assert_eq!(view.key_nonce(), [0; 32]);
        let mut buf = [0u8; 3];
        let mut view = EapolKeyPacket::new_unchecked(&mut buf[..], 16);
        view.set_replay_counter(1);
        view.set_key_data_len(9);
        assert!(view.key_data_mut().is_empty());
        assert_eq!(view.set_key_mic(&[0; 16]).unwrap_err(), Error::Truncated);
    }

    /// Descriptor type, key info, key length, replay counter, nonce, IV,
    /// RSC, reserved, key data, MIC length.
    type Fields = (
        u8,
        u16,
        u16,
        u64,
        [u8; 32],
        [u8; 16],
        [u8; 8],
        [u8; 8],
        Vec<u8>,
        usize,
    );

    fn arb_repr() -> impl Strategy<Value = Fields> {
        (
            any::<u8>(),
            any::<u16>(),
            any::<u16>(),
            any::<u64>(),
            any::<[u8; 32]>(),
            any::<[u8; 16]>(),
            any::<[u8; 8]>(),
            any::<[u8; 8]>(),
            proptest::collection::vec(any::<u8>(), 0..200),
            prop_oneof![Just(0usize), Just(16), Just(24)],
        )
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256), mic_len in 0usize..40) {
            let view = EapolKeyPacket::new_unchecked(&bytes[..], mic_len);
            let _ = (view.key_info(), view.key_mic(), view.key_data(), view.key_nonce());
            if let Ok(repr) = EapolKeyRepr::parse(&view) {
                let mut out = vec![0u8; repr.buffer_len(mic_len)];
                repr.emit(&mut EapolKeyPacket::new_unchecked(&mut out[..], mic_len)).unwrap();
                prop_assert_eq!(&out[..], &bytes[..out.len()]);
            }
            let _ = EapolKeyRepr::parse_frame(&bytes, mic_len);
            let _ = mic_input(&bytes, mic_len);
            let mut copy = bytes.clone();
            let _ = write_mic(&mut copy, &vec![0; mic_len]);
        }

        #[test]
        fn round_trip((ty, info, klen, rc, nonce, iv, rsc, res, data, mic_len) in arb_repr(), mic_byte in any::<u8>()) {
            let mic = vec![mic_byte; mic_len];
            let repr = EapolKeyRepr {
                descriptor_type: ty.into(),
                key_info: KeyInfo::from_bits(info),
                key_length: klen,
                replay_counter: rc,
                key_nonce: nonce,
                key_iv: iv,
                key_rsc: rsc,
                reserved: res,
                key_mic: &mic,
                key_data: &data,
            };
            let frame = repr.to_frame(ProtocolVersion::V2004, mic_len).unwrap();
            let parsed = EapolKeyRepr::parse_frame(&frame, mic_len).unwrap();
            prop_assert_eq!(parsed, repr);
            prop_assert_eq!(parsed.to_frame(ProtocolVersion::V2004, mic_len).unwrap(), frame.clone());
            // Zeroed then filled equals direct emission.
            let mut zeroed = EapolKeyRepr { key_mic: &[], ..repr }.to_frame(ProtocolVersion::V2004, mic_len).unwrap();
            prop_assert_eq!(&zeroed, &mic_input(&frame, mic_len).unwrap());
            write_mic(&mut zeroed, &mic).unwrap();
            prop_assert_eq!(zeroed, frame);
        }
    }
}
