//! Bringing an interface up or down: one `RTM_NEWLINK` request over
//! `NETLINK_ROUTE`, as hostapd's `linux_set_iface_flags` does with an ioctl.
//!
//! The whole message is a `struct ifinfomsg` (16 octets) with the `IFF_UP`
//! bit in `ifi_flags` and `ifi_change`. Encoding it here, rather than through
//! `rtnetlink`, keeps the route-netlink parser (half a megabyte of code for
//! every link attribute there is) out of a binary that needs one bit.

use netlink_packet_core::{
    NetlinkDeserializable, NetlinkHeader, NetlinkMessage, NetlinkPayload, NetlinkSerializable,
    NLM_F_ACK, NLM_F_REQUEST,
};
use netlink_sys::protocols::NETLINK_ROUTE;
use netlink_sys::{AsyncSocket, AsyncSocketExt, SocketAddr, TokioSocket};

use crate::radio::RadioError;

/// `RTM_NEWLINK` (linux/rtnetlink.h).
const RTM_NEWLINK: u16 = 16;
/// `IFF_UP` (linux/if.h).
const IFF_UP: u32 = 1;
/// `sizeof(struct ifinfomsg)`.
const IFINFOMSG_LEN: usize = 16;

/// A `struct ifinfomsg` that changes only the `IFF_UP` flag of one interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SetUp {
    ifindex: u32,
    up: bool,
}

impl NetlinkSerializable for SetUp {
    fn message_type(&self) -> u16 {
        RTM_NEWLINK
    }

    fn buffer_len(&self) -> usize {
        IFINFOMSG_LEN
    }

    fn serialize(&self, buffer: &mut [u8]) {
        // ifi_family (AF_UNSPEC), pad, ifi_type: zero.
        let flags = if self.up { IFF_UP } else { 0 };
        let fields = [(4, self.ifindex), (8, flags), (12, IFF_UP)];
        for (offset, value) in fields {
            if let Some(field) = buffer.get_mut(offset..offset + 4) {
                field.copy_from_slice(&value.to_ne_bytes());
            }
        }
    }
}

/// The kernel answers a request with an acknowledgement or an error, which
/// `NetlinkPayload` carries itself; any other message is not for us.
#[derive(Debug)]
struct Unexpected;

impl NetlinkDeserializable for Unexpected {
    type Error = std::io::Error;

    fn deserialize(header: &NetlinkHeader, _payload: &[u8]) -> Result<Self, Self::Error> {
        Err(std::io::Error::other(format!(
            "unexpected route netlink message type {}",
            header.message_type
        )))
    }
}

impl NetlinkSerializable for Unexpected {
    fn message_type(&self) -> u16 {
        0
    }

    fn buffer_len(&self) -> usize {
        0
    }

    fn serialize(&self, _buffer: &mut [u8]) {}
}

/// Sets or clears `IFF_UP` on `ifindex` and waits for the kernel's answer.
pub(crate) async fn set_link_up(ifindex: u32, up: bool) -> Result<(), RadioError> {
    let failed = |what: &str, e: std::io::Error| {
        RadioError::Netlink(format!("{what} for interface {ifindex}: {e}"))
    };
    let mut socket = TokioSocket::new(NETLINK_ROUTE).map_err(|e| failed("route socket", e))?;
    socket
        .socket_mut()
        .bind_auto()
        .map_err(|e| failed("route socket", e))?;
    socket
        .socket_ref()
        .connect(&SocketAddr::new(0, 0))
        .map_err(|e| failed("route socket", e))?;

    let mut request = NetlinkMessage::new(
        NetlinkHeader::default(),
        NetlinkPayload::InnerMessage(SetUp { ifindex, up }),
    );
    request.header.flags = NLM_F_REQUEST | NLM_F_ACK;
    request.header.sequence_number = 1;
    request.finalize();
    let mut buffer = vec![0; request.buffer_len()];
    request.serialize(&mut buffer);
    socket
        .send(&buffer)
        .await
        .map_err(|e| failed("RTM_NEWLINK", e))?;

    let (reply, _) = socket
        .recv_from_full()
        .await
        .map_err(|e| failed("RTM_NEWLINK reply", e))?;
    match NetlinkMessage::<Unexpected>::deserialize(&reply) {
        Ok(NetlinkMessage {
            payload: NetlinkPayload::Error(error),
            ..
        }) => match error.code {
            None => Ok(()),
            Some(_) => Err(failed("RTM_NEWLINK", error.to_io())),
        },
        Ok(_) => Err(RadioError::Netlink(format!(
            "RTM_NEWLINK for interface {ifindex}: no acknowledgement"
        ))),
        Err(e) => Err(RadioError::Netlink(format!(
            "RTM_NEWLINK for interface {ifindex}: malformed reply: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_is_an_ifinfomsg_changing_only_iff_up() {
        let mut request = NetlinkMessage::new(
            NetlinkHeader::default(),
            NetlinkPayload::InnerMessage(SetUp {
                ifindex: 7,
                up: true,
            }),
        );
        request.header.flags = NLM_F_REQUEST | NLM_F_ACK;
        request.finalize();
        let mut buffer = vec![0; request.buffer_len()];
        request.serialize(&mut buffer);
        assert_eq!(buffer.len(), 16 + IFINFOMSG_LEN);
        assert_eq!(&buffer[4..6], &RTM_NEWLINK.to_ne_bytes());
        let body = &buffer[16..];
        assert_eq!(&body[..4], &[0, 0, 0, 0]);
        assert_eq!(&body[4..8], &7u32.to_ne_bytes());
        assert_eq!(&body[8..12], &IFF_UP.to_ne_bytes());
        assert_eq!(&body[12..16], &IFF_UP.to_ne_bytes());

        let mut down = [0; IFINFOMSG_LEN];
        SetUp {
            ifindex: 7,
            up: false,
        }
        .serialize(&mut down);
        assert_eq!(&down[8..12], &[0, 0, 0, 0]);
        assert_eq!(&down[12..16], &IFF_UP.to_ne_bytes());
    }
}
