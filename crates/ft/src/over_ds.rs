//! The FT-over-DS relay (ethertype 0x890d, hostapd `struct ft_rrb_frame`,
//! 802.11r-2008 11A.10.3): an FT Action frame that a station sent to its
//! current AP, forwarded to the target AP, and the target's answer sent back.
//! Not encrypted, not sequence-numbered.
//!
//! ```text
//! u8 frame_type = 1 | u8 packet_type (0 request, 1 response) | le16 action_length
//! | ap_address (6: the sender) | FT Action frame from Category on (action_length)
//! ```
//! Octets after `action_length` are ignored (Ethernet padding).

use roamd_codes::code_enum;
use roamd_ieee80211::action::ft::FtActionRepr;
use roamd_ieee80211::MacAddr;

use crate::error::Error;
use crate::wire::{mac_at, u16_at};

/// The only frame type (`RSN_REMOTE_FRAME_TYPE_FT_RRB`).
pub const FRAME_TYPE_FT_RRB: u8 = 1;

/// Length of the relay header.
pub const HEADER_LEN: usize = 10;

// Category, Action, STA Address, Target AP Address.
const FT_ACTION_MIN_LEN: usize = 14;

code_enum! {
    /// Relay packet type (`FT_PACKET_REQUEST` / `FT_PACKET_RESPONSE`).
    pub enum PacketType(u8) {
        /// Current AP to target AP: the station's FT Request.
        Request = 0,
        /// Target AP to current AP: the FT Response for the station.
        Response = 1,
    }
}

/// View of an 0x890d payload.
#[derive(Debug, Clone, Copy)]
pub struct RrbFrame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RrbFrame<T> {
    /// Wraps a payload without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        RrbFrame { buffer }
    }

    /// Wraps a payload after checking it as hostapd's `wpa_ft_rrb_rx` does.
    pub fn new_checked(buffer: T) -> Result<Self, Error> {
        let f = Self::new_unchecked(buffer);
        f.check()?;
        Ok(f)
    }

    /// Checks frame type, packet type, lengths and the Action category.
    pub fn check(&self) -> Result<(), Error> {
        let b = self.buffer.as_ref();
        if b.len() < HEADER_LEN {
            return Err(Error::Truncated);
        }
        if self.frame_type() != FRAME_TYPE_FT_RRB {
            return Err(Error::UnknownFrameType(self.frame_type()));
        }
        if let PacketType::Unknown(t) = self.packet_type() {
            return Err(Error::UnknownPacketType(t));
        }
        let action = self.action_frame();
        if action.len() < usize::from(self.action_length()) {
            return Err(Error::Truncated);
        }
        if action.len() < FT_ACTION_MIN_LEN {
            return Err(Error::Truncated);
        }
        FtActionRepr::parse_bytes(action).map_err(|_| Error::NotFtAction)?;
        Ok(())
    }

    /// Frame type (1).
    pub fn frame_type(&self) -> u8 {
        self.buffer.as_ref().first().copied().unwrap_or(0)
    }

    /// Packet type.
    pub fn packet_type(&self) -> PacketType {
        self.buffer.as_ref().get(1).copied().unwrap_or(0xff).into()
    }

    /// Action length field.
    pub fn action_length(&self) -> u16 {
        u16_at(self.buffer.as_ref(), 2).unwrap_or(0)
    }

    /// Address of the sending AP.
    pub fn ap_address(&self) -> MacAddr {
        mac_at(self.buffer.as_ref(), 4).unwrap_or(MacAddr::ZERO)
    }

    /// The FT Action frame (Category first), `action_length` octets (or
    /// what there is, unchecked).
    pub fn action_frame(&self) -> &[u8] {
        let b = self.buffer.as_ref();
        let end = HEADER_LEN.saturating_add(usize::from(self.action_length()));
        b.get(HEADER_LEN..end)
            .or_else(|| b.get(HEADER_LEN..))
            .unwrap_or(&[])
    }
}

/// A parsed 0x890d payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RrbFrameRepr<'a> {
    /// Request or response.
    pub packet_type: PacketType,
    /// The sending AP (the current AP of a request, the target of a response).
    pub ap_address: MacAddr,
    /// FT Action frame, Category first.
    pub action_frame: &'a [u8],
}

impl<'a> RrbFrameRepr<'a> {
    /// Parses an 0x890d payload.
    pub fn parse(payload: &'a [u8]) -> Result<Self, Error> {
        let f = RrbFrame::new_checked(payload)?;
        let len = usize::from(f.action_length());
        Ok(RrbFrameRepr {
            packet_type: f.packet_type(),
            ap_address: f.ap_address(),
            action_frame: payload
                .get(HEADER_LEN..HEADER_LEN + len)
                .ok_or(Error::Truncated)?,
        })
    }

    /// The relayed FT Action frame, parsed.
    pub fn action(&self) -> Result<FtActionRepr<'a>, Error> {
        FtActionRepr::parse_bytes(self.action_frame).map_err(|_| Error::NotFtAction)
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + self.action_frame.len()
    }

    /// The 0x890d payload; fails if the Action frame is over 65535 octets.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let len = u16::try_from(self.action_frame.len()).map_err(|_| Error::FieldLength)?;
        let mut v = Vec::with_capacity(self.buffer_len());
        v.push(FRAME_TYPE_FT_RRB);
        v.push(self.packet_type.into());
        v.extend_from_slice(&len.to_le_bytes());
        v.extend_from_slice(&self.ap_address.0);
        v.extend_from_slice(self.action_frame);
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roamd_ieee80211::action::ft::FtActionCode;
    use roamd_ieee80211::StatusCode;

    // traces/ft-psk/ap0.log 703-704: the FT Request relayed by AP1
    // (02:00:00:00:01:00) to AP0; hostapd logs the header fields and the
    // Action frame, from which the 0x890d payload is rebuilt here.
    const REQUEST_ACTION: &str = concat!(
        "060102000000020002000000000030260100000fac040100000fac040100000fac04000001004dea",
        "d139599056f7a77de6ffabfc30023603a1b201376300000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000084af1fb54ee31efc14",
        "aadd032c252c65764c2ead6cf171ee019f5650a5ecc3f8030f6170302e6578616d706c652e6e6574",
    );
    // ap1.log 619-620: AP0's FT Response relayed back to AP1.
    const RESPONSE_ACTION: &str = concat!(
        "06020200000002000200000000000000302a0100000fac040100000fac040200000fac02000fac04",
        "000001004dead139599056f7a77de6ffabfc30023603a1b201376b00000000000000000000000000",
        "0000000000995bca2879634a2bf6d77fca818a1cf326572f112b3b486ef8c830214a2c4c2284af1f",
        "b54ee31efc14aadd032c252c65764c2ead6cf171ee019f5650a5ecc3f80106020000000000030f61",
        "70302e6578616d706c652e6e6574",
    );

    #[test]
    fn request_from_trace() {
        let action = hex::decode(REQUEST_ACTION).unwrap();
        assert_eq!(action.len(), 160);
        let repr = RrbFrameRepr {
            packet_type: PacketType::Request,
            ap_address: MacAddr([2, 0, 0, 0, 1, 0]),
            action_frame: &action,
        };
        let bytes = repr.to_bytes().unwrap();
        assert_eq!(hex::encode(&bytes[..10]), "0100a000020000000100");
        let parsed = RrbFrameRepr::parse(&bytes).unwrap();
        assert_eq!(parsed, repr);
        let ft = parsed.action().unwrap();
        assert_eq!(ft.action, FtActionCode::Request);
        assert_eq!(ft.sta_addr, MacAddr([2, 0, 0, 0, 2, 0]));
        assert_eq!(ft.target_ap_addr, MacAddr([2, 0, 0, 0, 0, 0]));
        assert_eq!(ft.elements.as_bytes().len(), 146);
        // Ethernet padding after the Action frame is ignored.
        let mut padded = bytes.clone();
        padded.extend_from_slice(&[0, 0]);
        assert_eq!(RrbFrameRepr::parse(&padded).unwrap(), repr);
    }

    #[test]
    fn response_from_trace() {
        let action = hex::decode(RESPONSE_ACTION).unwrap();
        assert_eq!(action.len(), 174);
        let repr = RrbFrameRepr {
            packet_type: PacketType::Response,
            ap_address: MacAddr([2, 0, 0, 0, 0, 0]),
            action_frame: &action,
        };
        let bytes = repr.to_bytes().unwrap();
        assert_eq!(hex::encode(&bytes[..10]), "0101ae00020000000000");
        let ft = RrbFrameRepr::parse(&bytes).unwrap().action().unwrap();
        assert_eq!(ft.action, FtActionCode::Response);
        assert_eq!(ft.status, Some(StatusCode::Success));
    }

    #[test]
    fn rejects_malformed() {
        let action = hex::decode(REQUEST_ACTION).unwrap();
        let good = RrbFrameRepr {
            packet_type: PacketType::Request,
            ap_address: MacAddr([2, 0, 0, 0, 1, 0]),
            action_frame: &action,
        }
        .to_bytes()
        .unwrap();
        assert_eq!(RrbFrameRepr::parse(&good[..9]), Err(Error::Truncated));
        assert_eq!(
            RrbFrameRepr::parse(&good[..good.len() - 1]),
            Err(Error::Truncated)
        );
        let mut bad = good.clone();
        bad[0] = 2;
        assert_eq!(RrbFrameRepr::parse(&bad), Err(Error::UnknownFrameType(2)));
        let mut bad = good.clone();
        bad[1] = 7;
        assert_eq!(RrbFrameRepr::parse(&bad), Err(Error::UnknownPacketType(7)));
        let mut bad = good.clone();
        bad[10] = 5; // not category 6
        assert_eq!(RrbFrameRepr::parse(&bad), Err(Error::NotFtAction));
        let mut short = good[..24].to_vec();
        short[2..4].copy_from_slice(&13u16.to_le_bytes());
        short.truncate(23);
        assert_eq!(RrbFrameRepr::parse(&short), Err(Error::Truncated));
    }
}
