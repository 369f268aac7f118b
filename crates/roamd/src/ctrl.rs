//! The control sockets: hostapd's control interface (AF_UNIX datagrams at
//! `<ctrl_interface>/<ifname>`, one per BSS), so that `hostapd_cli -p DIR -i
//! IFNAME` talks to roamd. Commands are parsed by `roamd-ctrl`; the daemon
//! answers them.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::net::UnixDatagram;
use tokio::sync::mpsc;
use tracing::{debug, warn};

/// A datagram received on a BSS's control socket.
#[derive(Debug)]
pub struct Request {
    /// Index of the BSS whose socket received it.
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
    errors: u32,
}

/// The control sockets of every BSS.
#[derive(Debug, Default)]
pub struct CtrlServer {
    sockets: Vec<Option<(Arc<UnixDatagram>, PathBuf)>>,
    monitors: Vec<Vec<Monitor>>,
}

/// hostapd drops an attached client after this many failed sends.
const MAX_MONITOR_ERRORS: u32 = 10;

fn bind(path: &Path, group: Option<u32>) -> io::Result<UnixDatagram> {
    if path.exists() {
        // A socket nobody answers on is stale; one that answers is another daemon's.
        let probe = std::os::unix::net::UnixDatagram::unbound()?;
        if probe.connect(path).is_ok() {
            return Err(io::Error::new(
                io::ErrorKind::AddrInUse,
                "another daemon owns this control socket",
            ));
        }
        std::fs::remove_file(path)?;
    }
    let socket = UnixDatagram::bind(path)?;
    if let Some(gid) = group {
        std::os::unix::fs::chown(path, None, Some(gid))?;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o770))?;
    Ok(socket)
}

impl CtrlServer {
    /// Opens `<dir>/<ifname>` for each BSS (`None`: that BSS has none).
    /// Received commands arrive on the returned channel. Like hostapd, the
    /// directory and the sockets get mode 0770 and, when `group` (a gid, from
    /// ctrl_interface_group) is set, that group: its members may use them.
    pub fn open(
        dir: &Path,
        ifnames: &[String],
        group: Option<u32>,
    ) -> io::Result<(Self, mpsc::UnboundedReceiver<Request>)> {
        std::fs::create_dir_all(dir)?;
        if let Some(gid) = group {
            std::os::unix::fs::chown(dir, None, Some(gid))?;
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o770))?;
        let (tx, rx) = mpsc::unbounded_channel();
        let mut server = CtrlServer::default();
        for (bss, ifname) in ifnames.iter().enumerate() {
            let path = dir.join(ifname);
            let socket = Arc::new(
                bind(&path, group)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?,
            );
            let reader = socket.clone();
            let tx = tx.clone();
            tokio::spawn(async move {
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
                    if tx.send(Request { bss, data, peer }).is_err() {
                        break;
                    }
                }
            });
            server.sockets.push(Some((socket, path)));
            server.monitors.push(Vec::new());
        }
        Ok((server, rx))
    }

    /// Sends a reply (truncated to hostapd's 4096 bytes).
    pub async fn reply(&self, bss: usize, peer: &Path, text: &str) {
        let Some(Some((socket, _))) = self.sockets.get(bss) else {
            return;
        };
        let bytes = text.as_bytes();
        let bytes = bytes
            .get(..bytes.len().min(roamd_ctrl::MAX_REPLY_LEN))
            .unwrap_or_default();
        if let Err(e) = socket.send_to(bytes, peer).await {
            debug!(peer = %peer.display(), "control reply not delivered: {e}");
        }
    }

    /// ATTACH: the client gets events from now on.
    pub fn attach(&mut self, bss: usize, peer: &Path) {
        if let Some(list) = self.monitors.get_mut(bss) {
            list.retain(|m| m.peer != peer);
            list.push(Monitor {
                peer: peer.to_path_buf(),
                level: 2,
                errors: 0,
            });
        }
    }

    /// DETACH; false if the client was not attached.
    pub fn detach(&mut self, bss: usize, peer: &Path) -> bool {
        let Some(list) = self.monitors.get_mut(bss) else {
            return false;
        };
        let before = list.len();
        list.retain(|m| m.peer != peer);
        list.len() != before
    }

    /// LEVEL n for an attached client; false if it is not attached.
    pub fn set_level(&mut self, bss: usize, peer: &Path, level: u8) -> bool {
        let Some(m) = self
            .monitors
            .get_mut(bss)
            .and_then(|l| l.iter_mut().find(|m| m.peer == peer))
        else {
            return false;
        };
        m.level = level;
        true
    }

    /// Sends an INFO-level event to every attached client of `bss`.
    pub async fn event(&mut self, bss: usize, text: &str) {
        let Some(Some((socket, _))) = self.sockets.get(bss) else {
            return;
        };
        let Some(list) = self.monitors.get_mut(bss) else {
            return;
        };
        let line = roamd_ctrl::event(text);
        for m in list.iter_mut().filter(|m| m.level <= 3) {
            match socket.send_to(line.as_bytes(), &m.peer).await {
                Ok(_) => m.errors = 0,
                Err(e) if e.kind() == io::ErrorKind::NotFound => m.errors = MAX_MONITOR_ERRORS + 1,
                Err(_) => m.errors += 1,
            }
        }
        list.retain(|m| {
            let keep = m.errors <= MAX_MONITOR_ERRORS;
            if !keep {
                warn!(peer = %m.peer.display(), "control interface client gone: detached");
            }
            keep
        });
    }

    /// Removes the socket files.
    pub fn close(&self) {
        for (_, path) in self.sockets.iter().flatten() {
            let _ = std::fs::remove_file(path);
        }
    }
}
