//! The control sockets: hostapd's control interface (AF_UNIX datagrams at
//! `<ctrl_interface>/<ifname>`, one per BSS), so that `hostapd_cli -p DIR -i
//! IFNAME` talks to roamd. Commands are parsed by `roamd-ctrl`; the daemon
//! answers them.
//!
//! Nothing here may stall the daemon's single-threaded event loop, whatever
//! a local client does:
//!
//! - replies and events are sent without waiting (hostapd:
//!   `sendmsg(..., MSG_DONTWAIT)`); a datagram that does not fit in the
//!   client's socket queue is dropped and counted. They go through a std
//!   handle of the socket (non-blocking), not tokio's `try_send_to`: after
//!   one `EAGAIN` tokio waits for a writable edge, which an unconnected
//!   datagram socket only gets when the stuck peer reads, so every later
//!   reply would be dropped too;
//! - an attached client (monitor) is detached after more than
//!   [`MAX_MONITOR_ERRORS`] failed sends in a row, or at once if its socket
//!   is gone (hostapd `hostapd_ctrl_iface_send_internal`);
//! - at most [`MAX_MONITORS`] clients are attached per socket (hostapd has
//!   no limit): ATTACH beyond it gets FAIL;
//! - at most [`REQUEST_QUEUE`] received commands wait for the loop; more are
//!   dropped unanswered (the client times out, as with a busy hostapd).
//!
//! [`CtrlServer::counters`] counts each of these.
//!
//! hostapd's global socket (`-g PATH`) is one more socket of the same kind:
//! its requests carry the BSS index [`GLOBAL`], and its monitors get the
//! events of every BSS prefixed with `IFNAME=<ifname> ` (wpa_supplicant's
//! global form; hostapd sends its global monitors only global events).
//! Sockets come and go with the BSSes the global `ADD` and `REMOVE` make.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixDatagram as StdDatagram;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::net::UnixDatagram;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use tracing::{debug, info, warn};

/// The BSS index of requests received on the global socket.
pub const GLOBAL: usize = usize::MAX;

/// A datagram received on a BSS's control socket.
#[derive(Debug)]
pub struct Request {
    /// Index of the BSS whose socket received it, or [`GLOBAL`].
    pub bss: usize,
    /// The command.
    pub data: Vec<u8>,
    /// The client's bound socket, where the reply goes.
    pub peer: PathBuf,
}

/// An attached client (ATTACH) and the lowest event level it wants.
#[derive(Debug, Clone)]
struct Monitor {
    peer: PathBuf,
    level: u8,
    /// Failed sends in a row.
    errors: u32,
}

/// What the control interface dropped or refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CtrlCounters {
    /// Replies not delivered (client's queue full, client gone).
    pub replies_dropped: u64,
    /// Events not delivered to a monitor.
    pub events_dropped: u64,
    /// Monitors detached because sends to them kept failing.
    pub monitors_detached: u64,
    /// ATTACH commands refused because [`MAX_MONITORS`] were attached.
    pub attach_refused: u64,
    /// Commands dropped because [`REQUEST_QUEUE`] were already waiting.
    pub requests_dropped: u64,
}

/// One open control socket.
#[derive(Debug)]
struct Socket {
    /// The sending handle.
    sender: StdDatagram,
    path: PathBuf,
    /// The task reading it, aborted when the socket closes.
    reader: AbortHandle,
    /// The index its requests carry ([`CtrlServer::renumber`] changes it).
    tag: Arc<AtomicUsize>,
}

/// The control sockets of every BSS, and the global one.
#[derive(Debug, Default)]
pub struct CtrlServer {
    /// Each BSS's socket, if it has one.
    sockets: Vec<Option<Socket>>,
    monitors: Vec<Vec<Monitor>>,
    /// The interface name of each BSS, for the global monitors' events.
    names: Vec<String>,
    global: Option<Socket>,
    global_monitors: Vec<Monitor>,
    counters: CtrlCounters,
    /// Kept by the socket reader tasks.
    requests_dropped: Arc<AtomicU64>,
    /// Where the reader tasks of sockets opened later send.
    requests: Option<mpsc::Sender<Request>>,
}

/// hostapd detaches a monitor after more than this many failed sends in a row.
pub const MAX_MONITOR_ERRORS: u32 = 10;

/// Attached clients per control socket.
pub const MAX_MONITORS: usize = 32;

/// Received commands waiting for the event loop, over all sockets.
pub const REQUEST_QUEUE: usize = 64;

/// Binds `path` (given `group`, a gid, when set); returns a non-blocking
/// socket for sending and a tokio handle of the same socket for receiving.
fn bind(path: &Path, group: Option<u32>) -> io::Result<(StdDatagram, UnixDatagram)> {
    if path.exists() {
        // A socket nobody answers on is stale; one that answers is another daemon's.
        let probe = StdDatagram::unbound()?;
        if probe.connect(path).is_ok() {
            return Err(io::Error::new(
                io::ErrorKind::AddrInUse,
                "another daemon owns this control socket",
            ));
        }
        std::fs::remove_file(path)?;
    }
    let socket = StdDatagram::bind(path)?;
    if let Some(gid) = group {
        std::os::unix::fs::chown(path, None, Some(gid))?;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o770))?;
    // Non-blocking for both: the flag belongs to the socket, not the handle.
    socket.set_nonblocking(true)?;
    let sender = socket.try_clone()?;
    Ok((sender, UnixDatagram::from_std(socket)?))
}

/// Creates `dir` with mode 0770 and `group` when set; an existing one
/// gets them too when `adopt`, as a control directory does.
fn create_dir(dir: &Path, group: Option<u32>, adopt: bool) -> io::Result<()> {
    if !adopt && dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    if let Some(gid) = group {
        std::os::unix::fs::chown(dir, None, Some(gid))?;
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o770))
}

impl CtrlServer {
    /// A server without sockets; received commands of the sockets opened
    /// later arrive on the returned channel.
    pub fn new() -> (Self, mpsc::Receiver<Request>) {
        let (tx, rx) = mpsc::channel(REQUEST_QUEUE);
        let server = CtrlServer {
            requests: Some(tx),
            ..CtrlServer::default()
        };
        (server, rx)
    }

    /// Opens `<dir>/<ifname>` for each BSS (`None`: that BSS has none).
    /// Received commands arrive on the returned channel. Like hostapd, the
    /// directory and the sockets get mode 0770 and, when `group` (a gid, from
    /// ctrl_interface_group) is set, that group: its members may use them.
    pub fn open(
        dir: &Path,
        ifnames: &[String],
        group: Option<u32>,
    ) -> io::Result<(Self, mpsc::Receiver<Request>)> {
        let (mut server, rx) = CtrlServer::new();
        for (bss, ifname) in ifnames.iter().enumerate() {
            server.add(bss, dir, ifname, group)?;
        }
        Ok((server, rx))
    }

    /// Opens `<dir>/<ifname>` for BSS `bss` (a BSS added at run time, or
    /// one whose slot is reused), as [`CtrlServer::open`] does.
    pub fn add(
        &mut self,
        bss: usize,
        dir: &Path,
        ifname: &str,
        group: Option<u32>,
    ) -> io::Result<()> {
        create_dir(dir, group, true)?;
        // A slot's earlier socket may have had the same path.
        self.remove(bss);
        let socket = self.bind_socket(bss, &dir.join(ifname), group)?;
        if self.sockets.len() <= bss {
            self.sockets.resize_with(bss + 1, || None);
            self.monitors.resize_with(bss + 1, Vec::new);
        }
        self.sockets[bss] = Some(socket);
        self.set_name(bss, ifname);
        Ok(())
    }

    /// Opens hostapd's global socket at `path` (`-g`): its directory is
    /// created with mode 0770 and `group` (`-G`) when missing, as hostapd
    /// does, and left alone otherwise (it may be /run).
    pub fn open_global(&mut self, path: &Path, group: Option<u32>) -> io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_dir(dir, group, false)?;
        }
        self.global = Some(self.bind_socket(GLOBAL, path, group)?);
        Ok(())
    }

    /// The name of BSS `bss` in the events its global monitors get.
    pub fn set_name(&mut self, bss: usize, ifname: &str) {
        if self.names.len() <= bss {
            self.names.resize(bss + 1, String::new());
        }
        self.names[bss] = ifname.to_string();
    }

    /// Closes the socket of BSS `bss` (REMOVE) and forgets its monitors.
    pub fn remove(&mut self, bss: usize) {
        if let Some(socket) = self.sockets.get_mut(bss).and_then(Option::take) {
            socket.reader.abort();
            let _ = std::fs::remove_file(&socket.path);
        }
        if let Some(list) = self.monitors.get_mut(bss) {
            list.clear();
        }
    }

    /// Binds `path` and starts the task that queues what it receives,
    /// tagged with `bss`.
    fn bind_socket(&mut self, bss: usize, path: &Path, group: Option<u32>) -> io::Result<Socket> {
        let (sender, reader) = bind(path, group)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let tx = self
            .requests
            .clone()
            .ok_or_else(|| io::Error::other("control interface without a request queue"))?;
        let dropped = self.requests_dropped.clone();
        let tag = Arc::new(AtomicUsize::new(bss));
        let index = tag.clone();
        let task = tokio::spawn(async move {
            // hostapd reads at most 4095 bytes per command.
            let mut buf = vec![0u8; 4096];
            loop {
                let Ok((len, from)) = reader.recv_from(&mut buf).await else {
                    break;
                };
                // Unbound clients cannot get a reply.
                let Some(peer) = from.as_pathname().map(Path::to_path_buf) else {
                    continue;
                };
                let data = buf.get(..len.min(4095)).unwrap_or_default().to_vec();
                let bss = index.load(Ordering::Relaxed);
                match tx.try_send(Request { bss, data, peer }) {
                    Ok(()) => {}
                    Err(mpsc::error::TrySendError::Full(r)) => {
                        dropped.fetch_add(1, Ordering::Relaxed);
                        debug!(peer = %r.peer.display(), "control interface busy: command dropped");
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => break,
                }
            }
        });
        Ok(Socket {
            sender,
            path: path.to_path_buf(),
            reader: task.abort_handle(),
            tag,
        })
    }

    /// Moves the socket of `from`, its monitors and its name to `to` (an
    /// interface the global ADD made without a file takes its BSS slot on
    /// ENABLE): the clients keep their socket and their ATTACH. Requests
    /// already queued still carry `from`.
    pub fn renumber(&mut self, from: usize, to: usize) {
        self.remove(to);
        let socket = self.sockets.get_mut(from).and_then(Option::take);
        let monitors = self.monitors.get_mut(from).map(std::mem::take);
        let name = self.names.get(from).cloned().unwrap_or_default();
        if self.sockets.len() <= to {
            self.sockets.resize_with(to + 1, || None);
            self.monitors.resize_with(to + 1, Vec::new);
        }
        if let Some(socket) = &socket {
            socket.tag.store(to, Ordering::Relaxed);
        }
        self.sockets[to] = socket;
        self.monitors[to] = monitors.unwrap_or_default();
        self.set_name(to, &name);
    }

    /// The socket of `bss` ([`GLOBAL`] included).
    fn socket(&self, bss: usize) -> Option<&Socket> {
        match bss {
            GLOBAL => self.global.as_ref(),
            _ => self.sockets.get(bss)?.as_ref(),
        }
    }

    /// The monitors of `bss` ([`GLOBAL`] included).
    fn monitor_list(&mut self, bss: usize) -> Option<&mut Vec<Monitor>> {
        match bss {
            GLOBAL => self.global.is_some().then_some(&mut self.global_monitors),
            _ => self.monitors.get_mut(bss),
        }
    }

    /// Sends a reply (truncated to hostapd's 4096 bytes), or drops it if
    /// the client's queue is full.
    pub fn reply(&mut self, bss: usize, peer: &Path, text: &str) {
        let Some(socket) = self.socket(bss) else {
            return;
        };
        let socket = &socket.sender;
        let bytes = text.as_bytes();
        let bytes = bytes
            .get(..bytes.len().min(roamd_ctrl::MAX_REPLY_LEN))
            .unwrap_or_default();
        if let Err(e) = socket.send_to(bytes, peer) {
            self.counters.replies_dropped += 1;
            debug!(peer = %peer.display(), "control reply not delivered: {e}");
        }
    }

    /// ATTACH: the client gets events from now on. False (FAIL) when
    /// [`MAX_MONITORS`] other clients are attached to this socket.
    pub fn attach(&mut self, bss: usize, peer: &Path) -> bool {
        let Some(list) = self.monitor_list(bss) else {
            return false;
        };
        // Attaching again starts afresh (level, errors).
        list.retain(|m| m.peer != peer);
        if list.len() >= MAX_MONITORS {
            self.counters.attach_refused += 1;
            warn!(peer = %peer.display(), "{MAX_MONITORS} control interface clients attached: ATTACH refused");
            return false;
        }
        list.push(Monitor {
            peer: peer.to_path_buf(),
            level: 2,
            errors: 0,
        });
        true
    }

    /// DETACH; false if the client was not attached.
    pub fn detach(&mut self, bss: usize, peer: &Path) -> bool {
        let Some(list) = self.monitor_list(bss) else {
            return false;
        };
        let before = list.len();
        list.retain(|m| m.peer != peer);
        list.len() != before
    }

    /// LEVEL n for an attached client; false if it is not attached.
    pub fn set_level(&mut self, bss: usize, peer: &Path, level: u8) -> bool {
        let Some(m) = self
            .monitor_list(bss)
            .and_then(|l| l.iter_mut().find(|m| m.peer == peer))
        else {
            return false;
        };
        m.level = level;
        true
    }

    /// Sends an INFO-level event to every attached client of `bss`, and
    /// to the global monitors with the BSS's `IFNAME=` prefix, dropping it
    /// for those whose queue is full.
    pub fn event(&mut self, bss: usize, text: &str) {
        let counters = &mut self.counters;
        if let (Some(Some(socket)), Some(list)) =
            (self.sockets.get(bss), self.monitors.get_mut(bss))
        {
            send_event(&socket.sender, list, counters, &roamd_ctrl::event(text));
        }
        if let (Some(global), false) = (&self.global, self.global_monitors.is_empty()) {
            let name = self.names.get(bss).map_or("", String::as_str);
            let line = roamd_ctrl::event(&format!("IFNAME={name} {text}"));
            send_event(&global.sender, &mut self.global_monitors, counters, &line);
        }
    }

    /// The directory of the socket of `bss`, if it has one.
    pub fn dir(&self, bss: usize) -> Option<&Path> {
        self.sockets.get(bss)?.as_ref()?.path.parent()
    }

    /// Clients attached to the socket of `bss` ([`GLOBAL`] included).
    pub fn monitors(&self, bss: usize) -> usize {
        match bss {
            GLOBAL => self.global_monitors.len(),
            _ => self.monitors.get(bss).map_or(0, Vec::len),
        }
    }

    /// What was dropped or refused so far.
    pub fn counters(&self) -> CtrlCounters {
        CtrlCounters {
            requests_dropped: self.requests_dropped.load(Ordering::Relaxed),
            ..self.counters
        }
    }

    /// Logs the counters and removes the socket files.
    pub fn close(&self) {
        if !self.sockets.is_empty() || self.global.is_some() {
            let c = self.counters();
            info!(
                replies_dropped = c.replies_dropped,
                events_dropped = c.events_dropped,
                monitors_detached = c.monitors_detached,
                attach_refused = c.attach_refused,
                requests_dropped = c.requests_dropped,
                "control interface counters"
            );
        }
        for socket in self.sockets.iter().flatten().chain(&self.global) {
            let _ = std::fs::remove_file(&socket.path);
        }
    }
}

/// Sends `line` to the monitors in `list` whose level lets it through;
/// detaches those whose sends keep failing (hostapd
/// `hostapd_ctrl_iface_send_internal`).
fn send_event(
    socket: &StdDatagram,
    list: &mut Vec<Monitor>,
    counters: &mut CtrlCounters,
    line: &str,
) {
    for m in list.iter_mut().filter(|m| m.level <= 3) {
        match socket.send_to(line.as_bytes(), &m.peer) {
            Ok(_) => m.errors = 0,
            Err(e) => {
                counters.events_dropped += 1;
                m.errors = match e.kind() {
                    io::ErrorKind::NotFound => MAX_MONITOR_ERRORS + 1,
                    _ => m.errors.saturating_add(1),
                };
                debug!(peer = %m.peer.display(), errors = m.errors, "control event not delivered: {e}");
            }
        }
    }
    list.retain(|m| {
        let keep = m.errors <= MAX_MONITOR_ERRORS;
        if !keep {
            counters.monitors_detached += 1;
            warn!(peer = %m.peer.display(), "control interface client not receiving: detached");
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn open(dir: &Path) -> (CtrlServer, mpsc::Receiver<Request>) {
        CtrlServer::open(dir, &["wlan0".into()], None).expect("open")
    }

    async fn recv_text(client: &UnixDatagram) -> String {
        let mut buf = vec![0u8; 4096];
        let len = tokio::time::timeout(Duration::from_secs(5), client.recv(&mut buf))
            .await
            .expect("a datagram")
            .expect("recv");
        String::from_utf8_lossy(buf.get(..len).unwrap_or_default()).into_owned()
    }

    // A monitor that ATTACHes and then never reads fills its socket's
    // receive queue; sending to it must neither block the event loop nor
    // keep it attached, and must not hold up a monitor that reads.
    #[tokio::test(flavor = "current_thread")]
    async fn a_monitor_that_never_reads_does_not_block_and_is_detached() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut server, _rx) = open(dir.path());
        let stuck_path = dir.path().join("stuck-client");
        let _stuck = UnixDatagram::bind(&stuck_path).expect("client");
        let reader_path = dir.path().join("reading-client");
        let reader = UnixDatagram::bind(&reader_path).expect("client");
        assert!(server.attach(0, &stuck_path));
        assert!(server.attach(0, &reader_path));
        let emit = async {
            for n in 0..200u8 {
                let text = format!("AP-STA-CONNECTED 02:00:00:00:{n:02x}:00");
                server.event(0, &text);
                assert_eq!(recv_text(&reader).await, format!("<3>{text}"));
            }
        };
        tokio::time::timeout(Duration::from_secs(5), emit)
            .await
            .expect("events to a stuck monitor block the event loop");
        assert_eq!(server.monitors(0), 1, "stuck monitor still attached");
        let c = server.counters();
        // Detached on the 11th failure in a row, as hostapd does.
        assert_eq!(c.events_dropped, u64::from(MAX_MONITOR_ERRORS) + 1);
        assert_eq!(c.monitors_detached, 1);
        // A client that drains its queue may attach again.
        assert!(server.attach(0, &stuck_path));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_monitor_whose_socket_is_gone_is_detached_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut server, _rx) = open(dir.path());
        let gone = dir.path().join("gone");
        drop(UnixDatagram::bind(&gone).expect("client"));
        std::fs::remove_file(&gone).expect("unlink");
        assert!(server.attach(0, &gone));
        server.event(0, "AP-STA-CONNECTED 02:00:00:00:02:00");
        assert_eq!(server.monitors(0), 0);
        assert_eq!(server.counters().monitors_detached, 1);
        assert_eq!(server.counters().events_dropped, 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn replies_to_a_client_that_never_reads_are_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut server, _rx) = open(dir.path());
        let path = dir.path().join("client");
        let client = UnixDatagram::bind(&path).expect("client");
        for _ in 0..100 {
            server.reply(0, &path, "PONG\n");
        }
        let dropped = server.counters().replies_dropped;
        assert!((1..100).contains(&dropped), "{dropped}");
        assert_eq!(recv_text(&client).await, "PONG\n");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn attach_is_refused_beyond_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut server, _rx) = open(dir.path());
        let peer = |n: usize| dir.path().join(format!("client-{n}"));
        for n in 0..MAX_MONITORS {
            assert!(server.attach(0, &peer(n)));
        }
        assert!(!server.attach(0, &peer(MAX_MONITORS)));
        assert_eq!(server.counters().attach_refused, 1);
        // Attaching again is no new client.
        assert!(server.attach(0, &peer(3)));
        assert_eq!(server.monitors(0), MAX_MONITORS);
        assert!(server.detach(0, &peer(0)));
        assert!(server.attach(0, &peer(MAX_MONITORS)));
        // A BSS without a socket has no monitors.
        assert!(!server.attach(1, &peer(0)));
    }

    // An interface the global ADD made without a file takes its BSS slot
    // on ENABLE: its socket, monitors and name move; requests carry the
    // new index.
    #[tokio::test(flavor = "current_thread")]
    async fn renumber_moves_the_socket_and_its_monitors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut server, mut rx) = CtrlServer::new();
        server.add(40, dir.path(), "wlan1", None).expect("add");
        let monitor_path = dir.path().join("monitor");
        let monitor = UnixDatagram::bind(&monitor_path).expect("monitor");
        assert!(server.attach(40, &monitor_path));
        server.renumber(40, 0);
        assert_eq!(server.monitors(40), 0);
        assert_eq!(server.dir(0), Some(dir.path()));
        server.event(0, "AP-ENABLED");
        assert_eq!(recv_text(&monitor).await, "<3>AP-ENABLED");
        let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
        client
            .send_to(b"PING", dir.path().join("wlan1"))
            .await
            .expect("send");
        let request = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("a request")
            .expect("open");
        assert_eq!(request.bss, 0);
    }

    // Commands arriving faster than the loop takes them: the queue holds
    // REQUEST_QUEUE, the rest are dropped and counted.
    #[tokio::test(flavor = "current_thread")]
    async fn request_queue_is_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (server, mut rx) = open(dir.path());
        let client = UnixDatagram::bind(dir.path().join("client")).expect("client");
        let extra = 36;
        for _ in 0..REQUEST_QUEUE + extra {
            client
                .send_to(b"PING", dir.path().join("wlan0"))
                .await
                .expect("send");
        }
        tokio::time::timeout(Duration::from_secs(5), async {
            while server.counters().requests_dropped < extra as u64 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .expect("the reader drops what does not fit");
        let mut queued = 0;
        while let Ok(r) = rx.try_recv() {
            assert_eq!(r.data, b"PING");
            queued += 1;
        }
        assert_eq!(queued, REQUEST_QUEUE);
        assert_eq!(server.counters().requests_dropped, extra as u64);
    }
}
