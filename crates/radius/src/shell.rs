//! Thin tokio shell around the sans-IO [`Client`] (feature `tokio`), like
//! quinn's ConnectionDriver: one UDP socket per configured server, a task
//! that sends what the core transmits, feeds it what the sockets receive,
//! and sleeps until [`Client::poll_timeout`]. Events come out on a channel.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use rand::rngs::OsRng;
use thiserror::Error;
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;

use crate::client::{
    Client, ClientConfig, Event, RequestHandle, SendError, ServerId, ServerKind, ServerStats,
};
use crate::packet::Repr;

/// Why a shell call failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ShellError {
    /// The core refused the request.
    #[error(transparent)]
    Send(#[from] SendError),
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] crate::client::ConfigError),
    /// A socket could not be opened.
    #[error("socket: {0}")]
    Io(#[from] io::Error),
    /// The driver task has stopped.
    #[error("radius driver stopped")]
    Closed,
}

enum Command<T> {
    Send {
        repr: Repr,
        token: T,
        reply: oneshot::Sender<Result<RequestHandle, SendError>>,
    },
    Cancel {
        handle: RequestHandle,
    },
    Stats {
        server: ServerId,
        reply: oneshot::Sender<Option<ServerStats>>,
    },
}

/// Handle to a running driver; cheap to clone. Dropping every handle stops
/// the driver.
#[derive(Debug)]
pub struct RadiusHandle<T> {
    commands: mpsc::UnboundedSender<Command<T>>,
}

impl<T> Clone for RadiusHandle<T> {
    fn clone(&self) -> Self {
        RadiusHandle {
            commands: self.commands.clone(),
        }
    }
}

impl<T> RadiusHandle<T> {
    /// Sends a request (see [`Client::handle_send`]); the reply comes as an
    /// [`Event`] carrying `token`.
    pub async fn send(&self, repr: Repr, token: T) -> Result<RequestHandle, ShellError> {
        let (reply, rx) = oneshot::channel();
        self.commands
            .send(Command::Send { repr, token, reply })
            .map_err(|_| ShellError::Closed)?;
        Ok(rx.await.map_err(|_| ShellError::Closed)??)
    }

    /// Forgets a pending request.
    pub fn cancel(&self, handle: RequestHandle) {
        let _ = self.commands.send(Command::Cancel { handle });
    }

    /// A server's counters.
    pub async fn stats(&self, server: ServerId) -> Result<Option<ServerStats>, ShellError> {
        let (reply, rx) = oneshot::channel();
        self.commands
            .send(Command::Stats { server, reply })
            .map_err(|_| ShellError::Closed)?;
        rx.await.map_err(|_| ShellError::Closed)
    }
}

async fn open_socket(server: SocketAddr, local: Option<IpAddr>) -> io::Result<UdpSocket> {
    let any: IpAddr = match server {
        SocketAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
        SocketAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
    };
    let socket = UdpSocket::bind((local.unwrap_or(any), 0)).await?;
    // Connected: the kernel filters other sources; the core checks again.
    socket.connect(server).await?;
    Ok(socket)
}

/// Opens one socket per server and spawns the driver on the current tokio
/// runtime. Returns the handle and the event stream.
pub async fn spawn<T: Send + 'static>(
    config: ClientConfig,
) -> Result<(RadiusHandle<T>, mpsc::UnboundedReceiver<Event<T>>), ShellError> {
    let client = Client::new(config.clone(), OsRng)?;
    let mut sockets = HashMap::new();
    for (kind, list) in [
        (ServerKind::Auth, &config.auth_servers),
        (ServerKind::Acct, &config.acct_servers),
    ] {
        for (index, server) in list.iter().enumerate() {
            sockets.insert(
                ServerId { kind, index },
                Arc::new(open_socket(server.addr, config.local_addr).await?),
            );
        }
    }
    let (commands, command_rx) = mpsc::unbounded_channel();
    let (event_tx, events) = mpsc::unbounded_channel();
    tokio::spawn(drive(client, sockets, command_rx, event_tx));
    Ok((RadiusHandle { commands }, events))
}

async fn drive<T: Send + 'static>(
    mut client: Client<T>,
    sockets: HashMap<ServerId, Arc<UdpSocket>>,
    mut commands: mpsc::UnboundedReceiver<Command<T>>,
    events: mpsc::UnboundedSender<Event<T>>,
) {
    let (dgram_tx, mut datagrams) = mpsc::channel::<(ServerId, SocketAddr, Vec<u8>)>(64);
    // Readers die with the JoinSet when this task ends.
    let mut readers = JoinSet::new();
    for (&id, socket) in &sockets {
        let (socket, tx) = (socket.clone(), dgram_tx.clone());
        readers.spawn(async move {
            let mut buf = vec![0u8; 65536];
            loop {
                match socket.recv_from(&mut buf).await {
                    Ok((n, from)) => {
                        // recv_from never reports more than the buffer holds.
                        let datagram = buf.get(..n).unwrap_or_default().to_vec();
                        if tx.send((id, from, datagram)).await.is_err() {
                            return;
                        }
                    }
                    // ICMP errors surface here on connected sockets; the
                    // core's timers handle the silence.
                    Err(_) => tokio::task::yield_now().await,
                }
            }
        });
    }
    loop {
        while let Some(t) = client.poll_transmit() {
            if let Some(socket) = sockets.get(&t.server_id) {
                // A failed send is a lost datagram: retransmission covers it.
                let _ = socket.send(&t.payload).await;
            }
        }
        while let Some(e) = client.poll_event() {
            if events.send(e).is_err() {
                return;
            }
        }
        let deadline = client.poll_timeout();
        tokio::select! {
            cmd = commands.recv() => match cmd {
                None => return,
                Some(Command::Send { repr, token, reply }) => {
                    let _ = reply.send(client.handle_send(Instant::now(), &repr, token));
                }
                Some(Command::Cancel { handle }) => {
                    client.cancel(handle);
                }
                Some(Command::Stats { server, reply }) => {
                    let _ = reply.send(client.stats(server).copied());
                }
            },
            Some((id, from, bytes)) = datagrams.recv() => {
                client.handle_datagram(Instant::now(), from, id, &bytes);
            }
            _ = sleep_until(deadline), if deadline.is_some() => {
                client.handle_timeout(Instant::now());
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    if let Some(d) = deadline {
        tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await;
    }
}
