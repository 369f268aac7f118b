//! The key holders' Ethernet link: one `AF_PACKET` socket per ethertype and
//! interface, as hostapd's `l2_packet_init(..., l2_hdr=1)` opens for the
//! 802.11r frames of `crates/ft` (0x88b7 between key holders, 0x890d for the
//! FT-over-DS relay) on the `bridge=` interface, else on the BSS interface.
//!
//! The socket carries whole Ethernet frames and we build the header
//! ourselves, because hostapd's frames have the BSSID as their source, not
//! the address of the interface they leave by (a bridge has its own): peers
//! answer and address the BSS. Frames arrive with their header, which
//! [`L2Socket::recv`] splits off; the key holder checks the destination.
//!
//! Nothing here waits on the network: [`L2Socket::send`] fails at once on a
//! full socket buffer (the caller counts it; the protocol retries), and
//! [`L2Socket::recv`] is a future for the event loop to select on.
//!
//! This module is roamd's only `unsafe` code: four libc calls (socket, bind,
//! recvmsg, sendmsg) with their buffers and the descriptor's registration
//! with tokio, each with its SAFETY argument.

use std::ffi::c_void;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicU64, Ordering};

use roamd_ieee80211::MacAddr;
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

/// An Ethernet II header: destination, source, ethertype.
pub const HEADER_LEN: usize = 14;
/// The largest frame roamd takes from the link, header included; hostapd's
/// key-holder and relay frames are under 1500 octets.
pub const MAX_FRAME_LEN: usize = 2048;
/// A receive buffer of this size holds the payload of any frame roamd takes.
pub const MAX_PAYLOAD_LEN: usize = MAX_FRAME_LEN - HEADER_LEN;

/// One frame received: its addresses and ethertype, and the payload (all
/// after the 14-octet header) in the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received<'a> {
    /// Destination address.
    pub dst: MacAddr,
    /// Source address.
    pub src: MacAddr,
    /// Ethertype (the socket's own: others are dropped).
    pub ethertype: u16,
    /// Everything after the Ethernet header.
    pub payload: &'a [u8],
}

/// A non-blocking `AF_PACKET` socket for one ethertype on one interface.
#[derive(Debug)]
pub struct L2Socket {
    fd: AsyncFd<OwnedFd>,
    ifname: String,
    ethertype: u16,
    /// Frames received and not handed over: too short, too long for the
    /// buffer, of another ethertype, or our own going out.
    dropped: AtomicU64,
}

/// `AF_PACKET` as the `sa_family_t` of a `sockaddr_ll`.
const AF_PACKET_FAMILY: u16 = libc::AF_PACKET as u16;

/// What [`classify`] makes of one received frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// For the caller: addresses, ethertype and payload length.
    Take {
        dst: MacAddr,
        src: MacAddr,
        ethertype: u16,
        payload_len: usize,
    },
    /// Not for the caller (counted in `dropped`).
    Drop,
}

/// Judges a frame from its packet type (`sll_pkttype`), its header and its
/// length on the wire (`frame_len`, whatever fitted in the buffer).
fn classify(
    pkttype: u8,
    header: &[u8; HEADER_LEN],
    frame_len: usize,
    payload_room: usize,
    wanted: u16,
) -> Frame {
    // Our own transmissions are not news from a peer. A socket bound to one
    // protocol is not shown them (only ETH_P_ALL taps are, marked outgoing),
    // but the check costs nothing and keeps that true if the binding changes.
    // (On lo a frame also comes back in, as PACKET_OTHERHOST, to every socket
    // of its protocol, the sender's included: loopback receives what it sends.)
    if pkttype == libc::PACKET_OUTGOING {
        return Frame::Drop;
    }
    let Some(payload_len) = frame_len.checked_sub(HEADER_LEN) else {
        return Frame::Drop;
    };
    // A frame cut to the buffer would only fail its integrity check later.
    if payload_len > payload_room {
        return Frame::Drop;
    }
    let [d0, d1, d2, d3, d4, d5, s0, s1, s2, s3, s4, s5, t0, t1] = *header;
    let ethertype = u16::from_be_bytes([t0, t1]);
    if ethertype != wanted {
        return Frame::Drop;
    }
    Frame::Take {
        dst: MacAddr([d0, d1, d2, d3, d4, d5]),
        src: MacAddr([s0, s1, s2, s3, s4, s5]),
        ethertype,
        payload_len,
    }
}

/// The Ethernet header of a frame we send.
fn header(dst: MacAddr, src: MacAddr, ethertype: u16) -> [u8; HEADER_LEN] {
    let mut header = [0; HEADER_LEN];
    let (addresses, kind) = header.split_at_mut(12);
    let (d, s) = addresses.split_at_mut(6);
    d.copy_from_slice(&dst.0);
    s.copy_from_slice(&src.0);
    kind.copy_from_slice(&ethertype.to_be_bytes());
    header
}

/// `sockaddr_ll` binding to one protocol on one interface.
fn link_address(ifindex: u32, ethertype: u16) -> io::Result<libc::sockaddr_ll> {
    let ifindex = i32::try_from(ifindex)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "interface index too large"))?;
    // SAFETY: sockaddr_ll is plain integers and arrays; all zero is valid.
    let mut address: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    address.sll_family = AF_PACKET_FAMILY;
    address.sll_protocol = ethertype.to_be();
    address.sll_ifindex = ifindex;
    Ok(address)
}

impl L2Socket {
    /// Opens the link for `ethertype` on the interface `ifname`. Needs
    /// CAP_NET_RAW. Errors name the interface and the ethertype.
    pub fn open(ifname: &str, ethertype: u16) -> io::Result<L2Socket> {
        let context = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("{ifname}, ethertype {ethertype:#06x}: {e}"),
            )
        };
        let ifindex = roamd_nl80211_ap::interface_index(ifname).map_err(context)?;
        let address = link_address(ifindex, ethertype).map_err(context)?;
        // Protocol 0 receives nothing until bind names the protocol with the
        // interface, so no other interface's frames queue up in between.
        // SAFETY: socket(2) takes no pointers.
        let raw = unsafe {
            libc::socket(
                libc::AF_PACKET,
                libc::SOCK_RAW | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                0,
            )
        };
        if raw < 0 {
            let e = io::Error::last_os_error();
            let hint = if e.raw_os_error() == Some(libc::EPERM) {
                " (AF_PACKET needs CAP_NET_RAW)"
            } else {
                ""
            };
            return Err(context(io::Error::new(
                e.kind(),
                format!("packet socket: {e}{hint}"),
            )));
        }
        // SAFETY: socket(2) just returned this descriptor; nothing else owns it.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: address is a live sockaddr_ll and the length is its size.
        let bound = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&address as *const libc::sockaddr_ll).cast::<libc::sockaddr>(),
                std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t,
            )
        };
        if bound < 0 {
            let e = io::Error::last_os_error();
            return Err(context(io::Error::new(e.kind(), format!("bind: {e}"))));
        }
        // Read readiness only: sends never wait.
        // SAFETY: the OwnedFd is open and moves into the AsyncFd, which
        // keeps it, and its one descriptor, until both are dropped.
        let fd = unsafe { AsyncFd::register_with_interest(fd, Interest::READABLE) }
            .map_err(|e| context(e.into()))?;
        Ok(L2Socket {
            fd,
            ifname: ifname.to_string(),
            ethertype,
            dropped: AtomicU64::new(0),
        })
    }

    /// The interface the socket is bound to.
    pub fn ifname(&self) -> &str {
        &self.ifname
    }

    /// The ethertype the socket carries.
    pub fn ethertype(&self) -> u16 {
        self.ethertype
    }

    /// Frames received and dropped so far (too short, too long for the
    /// buffer, another ethertype, our own).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// The next frame for us; its payload is put in `buf` (at most
    /// `buf.len()` octets: [`MAX_PAYLOAD_LEN`] takes every frame roamd
    /// expects). Frames that are not for us are dropped and counted.
    /// Cancel safe (for `select!`): a frame is taken off the socket only in
    /// the poll that returns it.
    pub async fn recv<'a>(&self, buf: &'a mut [u8]) -> io::Result<Received<'a>> {
        loop {
            let mut ready = self.fd.readable().await.map_err(|e| self.context(e))?;
            let frame = match ready.try_io(|fd| receive(fd.as_raw_fd(), buf)) {
                Ok(result) => result.map_err(|e| self.context(e))?,
                // Drained: wait for the next readiness.
                Err(_would_block) => continue,
            };
            let (pkttype, header, frame_len) = frame;
            match classify(pkttype, &header, frame_len, buf.len(), self.ethertype) {
                Frame::Take {
                    dst,
                    src,
                    ethertype,
                    payload_len,
                } => {
                    let payload = buf.get(..payload_len).unwrap_or_default();
                    return Ok(Received {
                        dst,
                        src,
                        ethertype,
                        payload,
                    });
                }
                Frame::Drop => {
                    self.dropped.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }

    /// Sends `payload` to `dst` with `src` as the source (the BSSID) and the
    /// socket's ethertype. Never waits: a full socket buffer is an error
    /// (`WouldBlock`) for the caller to log and count.
    pub fn send(&self, src: MacAddr, dst: MacAddr, payload: &[u8]) -> io::Result<()> {
        let header = header(dst, src, self.ethertype);
        // sendmsg does not write through iov_base; the casts to *mut only
        // satisfy struct iovec.
        let mut iov = [
            libc::iovec {
                iov_base: header.as_ptr().cast_mut().cast::<c_void>(),
                iov_len: header.len(),
            },
            libc::iovec {
                iov_base: payload.as_ptr().cast_mut().cast::<c_void>(),
                iov_len: payload.len(),
            },
        ];
        // SAFETY: msghdr is plain integers and pointers; all zero is valid
        // (no address: the socket's bound interface and protocol are used).
        let mut message: libc::msghdr = unsafe { std::mem::zeroed() };
        message.msg_iov = iov.as_mut_ptr();
        message.msg_iovlen = iov.len() as _;
        // SAFETY: message points at iov, whose buffers (header, payload)
        // are live for the call; sendmsg only reads them.
        let sent =
            unsafe { libc::sendmsg(self.fd.get_ref().as_raw_fd(), &message, libc::MSG_DONTWAIT) };
        let expected = HEADER_LEN + payload.len();
        match usize::try_from(sent) {
            Err(_) => Err(self.context(io::Error::last_os_error())),
            Ok(n) if n != expected => Err(self.context(io::Error::new(
                io::ErrorKind::WriteZero,
                format!("sent {n} of {expected} octets"),
            ))),
            Ok(_) => Ok(()),
        }
    }

    /// Names the interface and ethertype in an error.
    fn context(&self, e: io::Error) -> io::Error {
        io::Error::new(
            e.kind(),
            format!("{}, ethertype {:#06x}: {e}", self.ifname, self.ethertype),
        )
    }
}

/// One `recvmsg`: the header into its own array and the payload into `buf`,
/// so the caller's buffer starts at the payload. Returns the packet type,
/// the header and the frame's length on the wire (MSG_TRUNC), which may
/// exceed what was stored.
fn receive(fd: RawFd, buf: &mut [u8]) -> io::Result<(u8, [u8; HEADER_LEN], usize)> {
    let mut header = [0u8; HEADER_LEN];
    // SAFETY: sockaddr_ll is plain integers and arrays; all zero is valid.
    let mut from: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    let mut iov = [
        libc::iovec {
            iov_base: header.as_mut_ptr().cast::<c_void>(),
            iov_len: header.len(),
        },
        libc::iovec {
            iov_base: buf.as_mut_ptr().cast::<c_void>(),
            iov_len: buf.len(),
        },
    ];
    // SAFETY: as for `from`.
    let mut message: libc::msghdr = unsafe { std::mem::zeroed() };
    message.msg_name = (&mut from as *mut libc::sockaddr_ll).cast::<c_void>();
    message.msg_namelen = std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t;
    message.msg_iov = iov.as_mut_ptr();
    message.msg_iovlen = iov.len() as _;
    // SAFETY: message points at `from` and at iov, whose buffers (header,
    // buf) are live, writable and no longer than the lengths given; the
    // kernel writes at most those lengths.
    let received = unsafe { libc::recvmsg(fd, &mut message, libc::MSG_TRUNC) };
    let frame_len = usize::try_from(received).map_err(|_| io::Error::last_os_error())?;
    // Too short for a header: classify drops it; zero what recvmsg did not fill.
    if frame_len < HEADER_LEN {
        header = [0; HEADER_LEN];
    }
    Ok((from.sll_pkttype, header, frame_len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const SRC: MacAddr = MacAddr([0x02, 0, 0, 0, 0, 0x01]);
    const DST: MacAddr = MacAddr([0x02, 0, 0, 0, 0x01, 0x00]);
    /// IEEE 802 local experimental ethertype 2: no one else's frames.
    const TEST_ETHERTYPE: u16 = 0x88b6;

    fn frame_header(ethertype: u16) -> [u8; HEADER_LEN] {
        header(DST, SRC, ethertype)
    }

    #[test]
    fn header_is_destination_source_ethertype() {
        assert_eq!(
            frame_header(0x88b7),
            [2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0x88, 0xb7]
        );
    }

    #[test]
    fn only_whole_incoming_frames_of_our_ethertype_are_taken() {
        let h = frame_header(0x88b7);
        let take =
            |pkttype, header: &[u8; HEADER_LEN], len| classify(pkttype, header, len, 100, 0x88b7);
        assert_eq!(
            take(libc::PACKET_HOST, &h, HEADER_LEN + 3),
            Frame::Take {
                dst: DST,
                src: SRC,
                ethertype: 0x88b7,
                payload_len: 3
            }
        );
        // An empty payload is still a frame; the key holder judges it.
        assert!(matches!(
            take(libc::PACKET_MULTICAST, &h, HEADER_LEN),
            Frame::Take { payload_len: 0, .. }
        ));
        assert_eq!(take(libc::PACKET_OUTGOING, &h, HEADER_LEN + 3), Frame::Drop);
        assert_eq!(take(libc::PACKET_HOST, &h, HEADER_LEN - 1), Frame::Drop);
        assert_eq!(take(libc::PACKET_HOST, &h, 0), Frame::Drop);
        // Longer than the buffer: truncated, so dropped.
        assert_eq!(take(libc::PACKET_HOST, &h, HEADER_LEN + 101), Frame::Drop);
        assert!(matches!(
            take(libc::PACKET_HOST, &h, HEADER_LEN + 100),
            Frame::Take {
                payload_len: 100,
                ..
            }
        ));
        assert_eq!(
            take(libc::PACKET_HOST, &frame_header(0x890d), HEADER_LEN + 3),
            Frame::Drop
        );
    }

    fn open_on_lo() -> L2Socket {
        L2Socket::open("lo", TEST_ETHERTYPE).unwrap_or_else(|e| {
            panic!(
                "cannot open an AF_PACKET socket on lo: {e}; this test needs CAP_NET_RAW \
                 (run it as root)"
            )
        })
    }

    /// The next frame on `socket` carrying `marker`, skipping others (another
    /// test run on this host may use the ethertype too); `None` after `wait`.
    async fn frame_with(
        socket: &L2Socket,
        marker: &[u8],
        wait: Duration,
    ) -> Option<(MacAddr, MacAddr, u16, Vec<u8>)> {
        let mut buf = vec![0; MAX_PAYLOAD_LEN];
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let r = tokio::time::timeout_at(deadline, socket.recv(&mut buf))
                .await
                .ok()?;
            let r = r.expect("recv");
            if r.payload.starts_with(marker) {
                return Some((r.dst, r.src, r.ethertype, r.payload.to_vec()));
            }
        }
    }

    #[tokio::test]
    async fn a_frame_crosses_loopback_once_with_our_header() {
        let sender = open_on_lo();
        let receiver = open_on_lo();
        assert_eq!(
            (receiver.ifname(), receiver.ethertype()),
            ("lo", TEST_ETHERTYPE)
        );

        // A marker of this run's own, so frames of a concurrent run do not count.
        let marker = format!(
            "roamd-l2-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        );
        let mut payload = marker.clone().into_bytes();
        payload.extend_from_slice(&[0u8, 1, 2, 0xff]);
        payload.resize(1400, 0x5a);
        sender.send(SRC, DST, &payload).expect("send");

        let wait = Duration::from_secs(2);
        let (dst, src, ethertype, got) = frame_with(&receiver, marker.as_bytes(), wait)
            .await
            .expect("the receiver gets the frame");
        assert_eq!((dst, src, ethertype), (DST, SRC, TEST_ETHERTYPE));
        assert_eq!(got, payload);
        // Exactly one copy: the transmission is not delivered as well.
        let again = frame_with(&receiver, marker.as_bytes(), Duration::from_millis(300)).await;
        assert!(again.is_none(), "a second copy arrived");
    }

    #[test]
    fn open_names_the_interface_and_ethertype() {
        let e = L2Socket::open("roamd-none0", 0x88b7).expect_err("no such interface");
        let text = e.to_string();
        assert!(
            text.contains("roamd-none0") && text.contains("0x88b7"),
            "{text}"
        );
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
