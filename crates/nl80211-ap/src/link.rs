//! Link settings over `NETLINK_ROUTE`: bringing an interface up or down, as
//! hostapd's `linux_set_iface_flags` does with an ioctl, and making it a port
//! of a bridge (`bridge=`), as its `linux_br_add_if` does. Each is one
//! `RTM_NEWLINK` request, plus [`interface_index`] to name a bridge's index.
//!
//! The message is a `struct ifinfomsg` (16 octets), with the `IFF_UP` bit in
//! `ifi_flags` and `ifi_change` or followed by one `IFLA_MASTER` attribute.
//! Encoding it here, rather than through `rtnetlink`, keeps the route-netlink
//! parser (half a megabyte of code for every link attribute there is) out of
//! a binary that needs one bit and one attribute.

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
/// `IFLA_MASTER` (linux/if_link.h): the ifindex of the bridge (or bond) the
/// link is a port of; 0 releases it.
const IFLA_MASTER: u16 = 10;
/// An `IFLA_MASTER` attribute: `struct rtattr` (length, type) and a u32.
const MASTER_ATTR_LEN: usize = 8;

/// What one `RTM_NEWLINK` changes on an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkChange {
    /// Set (`true`) or clear `IFF_UP`, leaving the other flags alone.
    Up(bool),
    /// Make the interface a port of this master (a bridge); 0: of none.
    Master(u32),
}

/// A `struct ifinfomsg` for one interface, and the attribute of its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SetLink {
    ifindex: u32,
    change: LinkChange,
}

impl NetlinkSerializable for SetLink {
    fn message_type(&self) -> u16 {
        RTM_NEWLINK
    }

    fn buffer_len(&self) -> usize {
        match self.change {
            LinkChange::Up(_) => IFINFOMSG_LEN,
            LinkChange::Master(_) => IFINFOMSG_LEN + MASTER_ATTR_LEN,
        }
    }

    fn serialize(&self, buffer: &mut [u8]) {
        // A zero ifi_change leaves every flag as it is.
        let (flags, change) = match self.change {
            LinkChange::Up(up) => (if up { IFF_UP } else { 0 }, IFF_UP),
            LinkChange::Master(_) => (0, 0),
        };
        let mut message = Vec::with_capacity(self.buffer_len());
        // ifi_family (AF_UNSPEC), pad, ifi_type: zero.
        message.extend_from_slice(&[0; 4]);
        for field in [self.ifindex, flags, change] {
            message.extend_from_slice(&field.to_ne_bytes());
        }
        if let LinkChange::Master(master) = self.change {
            // struct rtattr: rta_len and rta_type, u16 each.
            message.extend_from_slice(&(MASTER_ATTR_LEN as u16).to_ne_bytes());
            message.extend_from_slice(&IFLA_MASTER.to_ne_bytes());
            message.extend_from_slice(&master.to_ne_bytes());
        }
        if let Some(out) = buffer.get_mut(..message.len()) {
            out.copy_from_slice(&message);
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
    set_link(SetLink {
        ifindex,
        change: LinkChange::Up(up),
    })
    .await
}

/// Makes `ifindex` a port of the bridge `master_ifindex` (0: of none) and
/// waits for the kernel's answer. The kernel moves a port of another bridge
/// and accepts the bridge it already has, so this is hostapd's
/// `i802_check_bridge` in one request.
pub(crate) async fn set_master(ifindex: u32, master_ifindex: u32) -> Result<(), RadioError> {
    set_link(SetLink {
        ifindex,
        change: LinkChange::Master(master_ifindex),
    })
    .await
}

/// The kernel's index of the interface `name` (any interface: a bridge, not
/// only a wireless one), by `if_nametoindex(3)`.
pub fn interface_index(name: &str) -> std::io::Result<u32> {
    let not_found = || {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no network interface named {name:?}"),
        )
    };
    // /sys/class/net/<name>/ifindex would need sysfs mounted in our network
    // namespace; the ioctl behind if_nametoindex asks the namespace itself.
    let c_name = std::ffi::CString::new(name).map_err(|_| not_found())?;
    // SAFETY: c_name is a NUL-terminated string that outlives the call, which
    // only reads it.
    let index = unsafe { libc::if_nametoindex(c_name.as_ptr()) };
    match index {
        0 => {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::ENODEV) {
                Err(not_found())
            } else {
                Err(std::io::Error::new(
                    e.kind(),
                    format!("index of interface {name:?}: {e}"),
                ))
            }
        }
        index => Ok(index),
    }
}

/// Sends one `RTM_NEWLINK` and waits for the kernel's answer.
async fn set_link(change: SetLink) -> Result<(), RadioError> {
    let ifindex = change.ifindex;
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
        NetlinkPayload::InnerMessage(change),
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

    fn encode(ifindex: u32, change: LinkChange) -> Vec<u8> {
        let mut request = NetlinkMessage::new(
            NetlinkHeader::default(),
            NetlinkPayload::InnerMessage(SetLink { ifindex, change }),
        );
        request.header.flags = NLM_F_REQUEST | NLM_F_ACK;
        request.finalize();
        let mut buffer = vec![0; request.buffer_len()];
        request.serialize(&mut buffer);
        buffer
    }

    #[test]
    fn request_is_an_ifinfomsg_changing_only_iff_up() {
        let buffer = encode(7, LinkChange::Up(true));
        assert_eq!(buffer.len(), 16 + IFINFOMSG_LEN);
        assert_eq!(&buffer[4..6], &RTM_NEWLINK.to_ne_bytes());
        let body = &buffer[16..];
        assert_eq!(&body[..4], &[0, 0, 0, 0]);
        assert_eq!(&body[4..8], &7u32.to_ne_bytes());
        assert_eq!(&body[8..12], &IFF_UP.to_ne_bytes());
        assert_eq!(&body[12..16], &IFF_UP.to_ne_bytes());

        let down = encode(7, LinkChange::Up(false));
        assert_eq!(&down[16 + 8..16 + 12], &[0, 0, 0, 0]);
        assert_eq!(&down[16 + 12..16 + 16], &IFF_UP.to_ne_bytes());
    }

    #[test]
    fn master_request_is_an_ifinfomsg_with_one_ifla_master() {
        let buffer = encode(7, LinkChange::Master(12));
        // nlmsghdr, ifinfomsg, rtattr: 16 + 16 + 8 octets, the length in
        // the header too.
        assert_eq!(buffer.len(), 40);
        assert_eq!(&buffer[..4], &40u32.to_ne_bytes());
        assert_eq!(&buffer[4..6], &RTM_NEWLINK.to_ne_bytes());
        let flags = u16::from_ne_bytes([buffer[6], buffer[7]]);
        assert_eq!(flags, NLM_F_REQUEST | NLM_F_ACK);
        let mut body = vec![0, 0, 0, 0];
        body.extend_from_slice(&7u32.to_ne_bytes());
        // No flag changes: ifi_flags and ifi_change zero.
        body.extend_from_slice(&[0; 8]);
        body.extend_from_slice(&8u16.to_ne_bytes());
        body.extend_from_slice(&10u16.to_ne_bytes());
        body.extend_from_slice(&12u32.to_ne_bytes());
        assert_eq!(&buffer[16..], &body[..]);

        // Master 0 releases the port: the same attribute with zero.
        let release = encode(7, LinkChange::Master(0));
        assert_eq!(&release[36..], &[0, 0, 0, 0]);
    }

    #[test]
    fn interface_index_finds_loopback_and_names_a_missing_interface() {
        // The loopback interface is the first of every network namespace.
        assert_eq!(interface_index("lo").expect("lo"), 1);
        let e = interface_index("roamd-none0").expect_err("no such interface");
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        assert!(e.to_string().contains("\"roamd-none0\""), "{e}");
        let e = interface_index("a\0b").expect_err("no NUL in names");
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }
}
