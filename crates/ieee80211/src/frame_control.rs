//! Frame Control field (IEEE 802.11-2020 9.2.4.1).

bitflags::bitflags! {
    /// The flag octet (second octet) of the Frame Control field.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct FrameFlags: u8 {
        /// To DS.
        const TO_DS = 0x01;
        /// From DS.
        const FROM_DS = 0x02;
        /// More Fragments.
        const MORE_FRAGMENTS = 0x04;
        /// Retry.
        const RETRY = 0x08;
        /// Power Management.
        const POWER_MGMT = 0x10;
        /// More Data.
        const MORE_DATA = 0x20;
        /// Protected Frame: the body is encrypted (or was, before the driver decrypted it).
        const PROTECTED = 0x40;
        /// +HTC/Order: in a management frame an HT Control field follows the header.
        const ORDER = 0x80;
    }
}

/// The Type subfield.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameType {
    /// Management (0).
    Management,
    /// Control (1).
    Control,
    /// Data (2).
    Data,
    /// Extension (3).
    Extension,
}

impl FrameType {
    fn from_bits(b: u8) -> Self {
        match b & 3 {
            0 => FrameType::Management,
            1 => FrameType::Control,
            2 => FrameType::Data,
            _ => FrameType::Extension,
        }
    }
}

/// Management frame subtypes (IEEE 802.11-2020 Table 9-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ManagementSubtype {
    /// Association Request (0).
    AssocRequest,
    /// Association Response (1).
    AssocResponse,
    /// Reassociation Request (2).
    ReassocRequest,
    /// Reassociation Response (3).
    ReassocResponse,
    /// Probe Request (4).
    ProbeRequest,
    /// Probe Response (5).
    ProbeResponse,
    /// Beacon (8).
    Beacon,
    /// ATIM (9).
    Atim,
    /// Disassociation (10).
    Disassociation,
    /// Authentication (11).
    Authentication,
    /// Deauthentication (12).
    Deauthentication,
    /// Action (13).
    Action,
    /// Action No Ack (14).
    ActionNoAck,
    /// Any other (reserved or newer) subtype, 0..=15.
    Unknown(u8),
}

impl From<u8> for ManagementSubtype {
    fn from(v: u8) -> Self {
        use ManagementSubtype::*;
        match v {
            0 => AssocRequest,
            1 => AssocResponse,
            2 => ReassocRequest,
            3 => ReassocResponse,
            4 => ProbeRequest,
            5 => ProbeResponse,
            8 => Beacon,
            9 => Atim,
            10 => Disassociation,
            11 => Authentication,
            12 => Deauthentication,
            13 => Action,
            14 => ActionNoAck,
            n => Unknown(n),
        }
    }
}

impl From<ManagementSubtype> for u8 {
    fn from(v: ManagementSubtype) -> u8 {
        use ManagementSubtype::*;
        match v {
            AssocRequest => 0,
            AssocResponse => 1,
            ReassocRequest => 2,
            ReassocResponse => 3,
            ProbeRequest => 4,
            ProbeResponse => 5,
            Beacon => 8,
            Atim => 9,
            Disassociation => 10,
            Authentication => 11,
            Deauthentication => 12,
            Action => 13,
            ActionNoAck => 14,
            Unknown(n) => n & 0x0f,
        }
    }
}

/// The 16-bit Frame Control field, as read from the wire (little endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FrameControl(pub u16);

impl FrameControl {
    /// Frame control of a management frame of `subtype` with `flags`.
    pub fn management(subtype: ManagementSubtype, flags: FrameFlags) -> Self {
        let st: u8 = subtype.into();
        FrameControl(u16::from(st & 0x0f) << 4 | u16::from(flags.bits()) << 8)
    }

    /// Protocol Version subfield (must be 0).
    pub fn protocol_version(&self) -> u8 {
        (self.0 & 0x3) as u8
    }

    /// Type subfield.
    pub fn frame_type(&self) -> FrameType {
        FrameType::from_bits((self.0 >> 2) as u8)
    }

    /// Raw Subtype subfield (0..=15).
    pub fn subtype_bits(&self) -> u8 {
        ((self.0 >> 4) & 0x0f) as u8
    }

    /// Subtype interpreted as a management subtype (meaningful when the type is Management).
    pub fn management_subtype(&self) -> ManagementSubtype {
        ManagementSubtype::from(self.subtype_bits())
    }

    /// The flag octet.
    pub fn flags(&self) -> FrameFlags {
        FrameFlags::from_bits_retain((self.0 >> 8) as u8)
    }

    /// Protected Frame bit.
    pub fn protected(&self) -> bool {
        self.flags().contains(FrameFlags::PROTECTED)
    }

    /// Order (+HTC) bit.
    pub fn order(&self) -> bool {
        self.flags().contains(FrameFlags::ORDER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        // Authentication with Protected: b0 40
        let fc = FrameControl(u16::from_le_bytes([0xb0, 0x40]));
        assert_eq!(fc.protocol_version(), 0);
        assert_eq!(fc.frame_type(), FrameType::Management);
        assert_eq!(fc.management_subtype(), ManagementSubtype::Authentication);
        assert!(fc.protected());
        assert_eq!(
            FrameControl::management(ManagementSubtype::Authentication, FrameFlags::PROTECTED),
            fc
        );
        // data frame 08 02
        let fc = FrameControl(u16::from_le_bytes([0x08, 0x02]));
        assert_eq!(fc.frame_type(), FrameType::Data);
        assert!(fc.flags().contains(FrameFlags::FROM_DS));
    }

    #[test]
    fn subtype_round_trip() {
        for v in 0..16u8 {
            assert_eq!(u8::from(ManagementSubtype::from(v)), v);
        }
        assert_eq!(ManagementSubtype::from(6), ManagementSubtype::Unknown(6));
    }
}
