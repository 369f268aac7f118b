//! The Ethernet payloads hostapd exchanges between APs.
//!
//! - Ethertype [`ETHERTYPE_OUI`] (0x88b7, IEEE 802 OUI Extended EtherType)
//!   carries the R0KH-R1KH protocol: `00 13 74` (hostapd's OUI), `00 01`,
//!   one subtype octet ([`Subtype`]), then a key-holder message
//!   ([`crate::message`]) (`eth_p_oui.c`, `wpa_auth_glue.c`).
//! - Ethertype [`ETHERTYPE_RRB`] (0x890d) carries the FT-over-DS relay,
//!   unencrypted ([`crate::over_ds`]).
//!
//! Both go to the peer's MAC address on the `bridge=` interface (or the BSS
//! interface without one). A receiver accepts a frame only if it is addressed
//! to its own address or to a group address, and never from a group address.

use roamd_codes::code_enum;
use roamd_ieee80211::MacAddr;

use crate::error::Error;
use crate::wire::rest;

/// Ethertype of the R0KH-R1KH protocol (`ETH_P_OUI`).
pub const ETHERTYPE_OUI: u16 = 0x88b7;

/// Ethertype of the FT-over-DS relay (`ETH_P_RRB`).
pub const ETHERTYPE_RRB: u16 = 0x890d;

/// Length of an Ethernet II header.
pub const ETHERNET_HEADER_LEN: usize = 14;

/// hostapd's OUI (`00:13:74`) and OUI type (`00 01`) in front of the subtype.
pub const FT_OUI: [u8; 5] = [0x00, 0x13, 0x74, 0x00, 0x01];

/// Octets in front of a key-holder message: OUI, OUI type, subtype.
pub const OUI_HEADER_LEN: usize = FT_OUI.len() + 1;

code_enum! {
    /// Key-holder message subtype, the octet after the OUI (`FT_PACKET_R0KH_R1KH_*`).
    pub enum Subtype(u8) {
        /// PMK-R1 pull request, R1KH to R0KH.
        Pull = 1,
        /// PMK-R1 pull response, R0KH to R1KH.
        Resp = 2,
        /// PMK-R1 push, R0KH to R1KH.
        Push = 3,
        /// Sequence number request.
        SeqReq = 4,
        /// Sequence number response.
        SeqResp = 5,
    }
}

/// View of an 0x88b7 payload (after the Ethernet header).
#[derive(Debug, Clone, Copy)]
pub struct OuiFrame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> OuiFrame<T> {
    /// Wraps a payload without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        OuiFrame { buffer }
    }

    /// Wraps a payload after checking its length and OUI.
    pub fn new_checked(buffer: T) -> Result<Self, Error> {
        let f = Self::new_unchecked(buffer);
        f.check()?;
        Ok(f)
    }

    /// Checks the header is present and carries hostapd's OUI.
    pub fn check(&self) -> Result<(), Error> {
        let b = self.buffer.as_ref();
        match b.get(..FT_OUI.len()) {
            None => Err(Error::Truncated),
            Some(oui) if oui != FT_OUI => Err(Error::WrongOui),
            Some(_) if b.len() < OUI_HEADER_LEN => Err(Error::Truncated),
            Some(_) => Ok(()),
        }
    }

    /// The subtype.
    pub fn subtype(&self) -> Subtype {
        self.buffer
            .as_ref()
            .get(FT_OUI.len())
            .copied()
            .unwrap_or(0)
            .into()
    }

    /// The key-holder message after the subtype.
    pub fn message(&self) -> &[u8] {
        rest(self.buffer.as_ref(), OUI_HEADER_LEN)
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

/// A parsed 0x88b7 payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OuiFrameRepr<'a> {
    /// Subtype.
    pub subtype: Subtype,
    /// Key-holder message.
    pub message: &'a [u8],
}

impl<'a> OuiFrameRepr<'a> {
    /// Parses an 0x88b7 payload.
    pub fn parse(payload: &'a [u8]) -> Result<Self, Error> {
        let f = OuiFrame::new_checked(payload)?;
        Ok(OuiFrameRepr {
            subtype: f.subtype(),
            message: rest(payload, OUI_HEADER_LEN),
        })
    }

    /// Encoded length.
    pub fn buffer_len(&self) -> usize {
        OUI_HEADER_LEN + self.message.len()
    }

    /// The 0x88b7 payload.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.buffer_len());
        v.extend_from_slice(&FT_OUI);
        v.push(self.subtype.into());
        v.extend_from_slice(self.message);
        v
    }
}

/// An Ethernet frame to send: destination, ethertype and the payload after
/// the Ethernet header (what an `AF_PACKET`/`SOCK_DGRAM` socket takes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Destination address (the peer key holder's MAC).
    pub dst: MacAddr,
    /// [`ETHERTYPE_OUI`] or [`ETHERTYPE_RRB`].
    pub ethertype: u16,
    /// Payload after the Ethernet header.
    pub payload: Vec<u8>,
}

impl Transmit {
    /// The whole Ethernet II frame from `src` (for `SOCK_RAW` sockets).
    pub fn to_ethernet_frame(&self, src: MacAddr) -> Vec<u8> {
        let mut v = Vec::with_capacity(ETHERNET_HEADER_LEN + self.payload.len());
        v.extend_from_slice(&self.dst.0);
        v.extend_from_slice(&src.0);
        v.extend_from_slice(&self.ethertype.to_be_bytes());
        v.extend_from_slice(&self.payload);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oui_frame_round_trip() {
        let payload = [0x00, 0x13, 0x74, 0x00, 0x01, 0x04, 0x31, 0x00];
        let r = OuiFrameRepr::parse(&payload).unwrap();
        assert_eq!(r.subtype, Subtype::SeqReq);
        assert_eq!(r.message, &[0x31, 0x00]);
        assert_eq!(r.to_bytes(), payload);
        assert_eq!(OuiFrameRepr::parse(&payload[..5]), Err(Error::Truncated));
        assert_eq!(OuiFrameRepr::parse(&payload[..3]), Err(Error::Truncated));
        let mut other = payload;
        other[2] = 0x75;
        assert_eq!(OuiFrameRepr::parse(&other), Err(Error::WrongOui));
        assert_eq!(
            OuiFrameRepr::parse(&[0x00, 0x13, 0x74, 0x00, 0x01, 9]).map(|r| r.subtype),
            Ok(Subtype::Unknown(9))
        );
        let t = Transmit {
            dst: MacAddr([2, 0, 0, 0, 0, 0]),
            ethertype: ETHERTYPE_OUI,
            payload: payload.to_vec(),
        };
        let eth = t.to_ethernet_frame(MacAddr([2, 0, 0, 0, 1, 0]));
        assert_eq!(
            &eth[..14],
            &[2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0x88, 0xb7]
        );
        assert_eq!(&eth[14..], &payload);
    }
}
