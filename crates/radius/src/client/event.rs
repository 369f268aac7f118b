//! What the client core hands out: datagrams to send and events.

use core::net::SocketAddr;
use core::time::Duration;

use crate::packet::Repr;
use crate::response::{AcceptError, AccessAccept, AccessChallenge, AccessReject};

/// Authentication or accounting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServerKind {
    /// Authentication servers (Access-Request).
    Auth,
    /// Accounting servers (Accounting-Request).
    Acct,
}

/// A configured server: its kind and position in the configured list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServerId {
    /// Authentication or accounting.
    pub kind: ServerKind,
    /// Index into `auth_servers` or `acct_servers`.
    pub index: usize,
}

/// Identifies one request for its whole life (across retransmissions,
/// new Identifiers and failovers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestHandle(pub u64);

/// A datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Destination address.
    pub server: SocketAddr,
    /// Which server (the shell's socket for it).
    pub server_id: ServerId,
    /// The RADIUS packet.
    pub payload: Vec<u8>,
}

/// An authenticated reply, read for the authenticator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Access-Accept, with the MSK decrypted; an error if its MS-MPPE keys
    /// cannot be read.
    Accept(Result<Box<AccessAccept>, AcceptError>),
    /// Access-Reject.
    Reject(AccessReject),
    /// Access-Challenge.
    Challenge(AccessChallenge),
    /// Accounting-Response.
    AccountingResponse,
}

/// Why the client moved to another server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailoverReason {
    /// The current server did not answer `attempts_before_failover` times.
    NoResponse,
    /// `retry_primary_interval` passed: back to the primary.
    RetryPrimary,
}

/// Something the caller should act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<T> {
    /// A request got its authenticated reply.
    Response {
        /// The request.
        handle: RequestHandle,
        /// The caller's token for it.
        token: T,
        /// The server that answered.
        server: ServerId,
        /// The reply, read.
        reply: Reply,
        /// The reply packet.
        packet: Repr,
        /// Time since the last transmission.
        round_trip: Duration,
    },
    /// A request was given up after its last retransmission.
    Timeout {
        /// The request.
        handle: RequestHandle,
        /// The caller's token for it.
        token: T,
    },
    /// A request was dropped because the pending table was full.
    Evicted {
        /// The request.
        handle: RequestHandle,
        /// The caller's token for it.
        token: T,
    },
    /// Requests of `kind` now go to another server.
    ServerFailover {
        /// Authentication or accounting.
        kind: ServerKind,
        /// Server left.
        from: SocketAddr,
        /// Server now used.
        to: SocketAddr,
        /// Index of the server now used.
        to_index: usize,
        /// Why.
        reason: FailoverReason,
    },
}
