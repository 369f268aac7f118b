//! Management frame MAC header (IEEE 802.11-2020 9.3.3.2).

use crate::frame_control::{FrameControl, FrameFlags, FrameType, ManagementSubtype};
use crate::wire::{check_out, mac_at, put, put_u16, put_u32, rest, u16_at, u32_at};
use crate::{Error, MacAddr, Result};

mod field {
    pub const FRAME_CONTROL: usize = 0;
    pub const DURATION: usize = 2;
    pub const ADDR1: usize = 4;
    pub const ADDR2: usize = 10;
    pub const ADDR3: usize = 16;
    pub const SEQ_CTRL: usize = 22;
    pub const HT_CONTROL: usize = 24;
}

/// Length of a management header without HT Control.
pub const HEADER_LEN: usize = 24;
/// Length of the HT Control field present when the Order bit is set.
pub const HT_CONTROL_LEN: usize = 4;

/// Read-only view of a management frame header followed by its body.
#[derive(Debug, Clone, Copy)]
pub struct Header<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Header<T> {
    /// Wraps a buffer without checking its length; accessors then return 0 for missing bytes.
    pub const fn new_unchecked(buffer: T) -> Self {
        Header { buffer }
    }

    /// Wraps a buffer after checking it holds a full header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let h = Self::new_unchecked(buffer);
        h.check_len()?;
        Ok(h)
    }

    /// Checks the buffer holds the whole header (incl. HT Control when Order is set).
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < HEADER_LEN || self.buffer.as_ref().len() < self.header_len()
        {
            Err(Error::Truncated)
        } else {
            Ok(())
        }
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Header length: 24, or 28 when the Order bit announces an HT Control field.
    pub fn header_len(&self) -> usize {
        // IEEE 802.11-2020 9.2.4.1.10: in a management frame Order=1 means +HTC.
        if self.frame_control().order() {
            HEADER_LEN + HT_CONTROL_LEN
        } else {
            HEADER_LEN
        }
    }

    /// Frame Control field.
    pub fn frame_control(&self) -> FrameControl {
        FrameControl(u16_at(self.buffer.as_ref(), field::FRAME_CONTROL))
    }

    /// Duration/ID field.
    pub fn duration(&self) -> u16 {
        u16_at(self.buffer.as_ref(), field::DURATION)
    }

    /// Address 1 (DA / receiver).
    pub fn addr1(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), field::ADDR1)
    }

    /// Address 2 (SA / transmitter).
    pub fn addr2(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), field::ADDR2)
    }

    /// Address 3 (BSSID).
    pub fn addr3(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), field::ADDR3)
    }

    /// Sequence Control field (sequence number << 4 | fragment number).
    pub fn sequence_control(&self) -> u16 {
        u16_at(self.buffer.as_ref(), field::SEQ_CTRL)
    }

    /// HT Control field, present when the Order bit is set.
    pub fn ht_control(&self) -> Option<u32> {
        self.frame_control()
            .order()
            .then(|| u32_at(self.buffer.as_ref(), field::HT_CONTROL))
    }

    /// The frame body (everything after the header; FCS is not expected).
    pub fn payload(&self) -> &[u8] {
        rest(self.buffer.as_ref(), self.header_len())
    }
}

/// A parsed management frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeaderRepr {
    /// Frame subtype.
    pub subtype: ManagementSubtype,
    /// Frame Control flags. On emit, `ORDER` follows `ht_control.is_some()`.
    pub flags: FrameFlags,
    /// Duration/ID.
    pub duration: u16,
    /// Address 1: destination (receiver).
    pub da: MacAddr,
    /// Address 2: source (transmitter).
    pub sa: MacAddr,
    /// Address 3: BSSID.
    pub bssid: MacAddr,
    /// Sequence Control (sequence number << 4 | fragment number).
    pub sequence_control: u16,
    /// HT Control field (+HTC frames only).
    pub ht_control: Option<u32>,
}

impl HeaderRepr {
    /// Header with no flags, zero duration and sequence control (the driver assigns
    /// sequence numbers on transmit).
    pub fn new(subtype: ManagementSubtype, da: MacAddr, sa: MacAddr, bssid: MacAddr) -> Self {
        HeaderRepr {
            subtype,
            flags: FrameFlags::empty(),
            duration: 0,
            da,
            sa,
            bssid,
            sequence_control: 0,
            ht_control: None,
        }
    }

    /// Parses a header; rejects protocol version != 0 and non-management frames.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(h: &Header<&T>) -> Result<Self> {
        h.check_len()?;
        let fc = h.frame_control();
        if fc.protocol_version() != 0 {
            return Err(Error::ProtocolVersion);
        }
        if fc.frame_type() != FrameType::Management {
            return Err(Error::NotManagement);
        }
        Ok(HeaderRepr {
            subtype: fc.management_subtype(),
            flags: fc.flags(),
            duration: h.duration(),
            da: h.addr1(),
            sa: h.addr2(),
            bssid: h.addr3(),
            sequence_control: h.sequence_control(),
            ht_control: h.ht_control(),
        })
    }

    /// Sequence number (12 bits).
    pub fn sequence_number(&self) -> u16 {
        self.sequence_control >> 4
    }

    /// Fragment number (4 bits).
    pub fn fragment_number(&self) -> u8 {
        (self.sequence_control & 0x0f) as u8
    }

    /// Protected Frame bit.
    pub fn protected(&self) -> bool {
        self.flags.contains(FrameFlags::PROTECTED)
    }

    /// The Frame Control field this header emits.
    pub fn frame_control(&self) -> FrameControl {
        let mut flags = self.flags;
        flags.set(FrameFlags::ORDER, self.ht_control.is_some());
        FrameControl::management(self.subtype, flags)
    }

    /// Emitted length: 24, or 28 with HT Control.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN
            + if self.ht_control.is_some() {
                HT_CONTROL_LEN
            } else {
                0
            }
    }

    /// Writes the header to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        put_u16(buf, field::FRAME_CONTROL, self.frame_control().0);
        put_u16(buf, field::DURATION, self.duration);
        put(buf, field::ADDR1, &self.da.0);
        put(buf, field::ADDR2, &self.sa.0);
        put(buf, field::ADDR3, &self.bssid.0);
        put_u16(buf, field::SEQ_CTRL, self.sequence_control);
        if let Some(htc) = self.ht_control {
            put_u32(buf, field::HT_CONTROL, htc);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // psk-connect/ap.log: Authentication from the STA (seq_ctrl=0xb0, duration 0x013a).
    const AUTH: [u8; 30] = [
        0xb0, 0x00, 0x3a, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xb0, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn parse_emit() {
        let h = Header::new_checked(&AUTH[..]).unwrap();
        let r = HeaderRepr::parse(&h).unwrap();
        assert_eq!(r.subtype, ManagementSubtype::Authentication);
        assert_eq!(r.duration, 0x013a);
        assert_eq!(r.da.to_string(), "02:00:00:00:00:00");
        assert_eq!(r.sa.to_string(), "02:00:00:00:02:00");
        assert_eq!(r.bssid.to_string(), "02:00:00:00:00:00");
        assert_eq!(r.sequence_number(), 0xb);
        assert_eq!(r.fragment_number(), 0);
        assert_eq!(h.payload(), &AUTH[24..]);
        let mut out = [0u8; 24];
        r.emit(&mut out).unwrap();
        assert_eq!(out, AUTH[..24]);
        assert_eq!(r.emit(&mut [0u8; 23]), Err(Error::BufferTooShort));
    }

    #[test]
    fn htc_and_errors() {
        let mut f = AUTH;
        f[1] = 0x80; // Order: needs 28 bytes of header
        let h = Header::new_checked(&f[..]).unwrap();
        let r = HeaderRepr::parse(&h).unwrap();
        assert_eq!(r.ht_control, Some(0x0001_0000));
        assert_eq!(h.payload(), &f[28..]);
        let mut out = [0u8; 28];
        r.emit(&mut out).unwrap();
        assert_eq!(out, f[..28]);
        assert_eq!(Header::new_checked(&f[..27]).err(), Some(Error::Truncated));
        assert_eq!(
            Header::new_checked(&AUTH[..23]).err(),
            Some(Error::Truncated)
        );
        let mut d = AUTH;
        d[0] = 0x08;
        assert_eq!(
            HeaderRepr::parse(&Header::new_checked(&d[..]).unwrap()),
            Err(Error::NotManagement)
        );
        d[0] = 0xb1;
        assert_eq!(
            HeaderRepr::parse(&Header::new_checked(&d[..]).unwrap()),
            Err(Error::ProtocolVersion)
        );
    }
}
