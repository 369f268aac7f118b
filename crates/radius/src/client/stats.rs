//! Per-server counters, after hostapd's RADIUS client MIB (RFC 4668, 4670).

use core::time::Duration;

/// Counters for one server. Only authenticated replies count as accepts,
/// rejects, challenges or responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerStats {
    /// First transmissions of a request to this server.
    pub requests: u64,
    /// Retransmissions to this server.
    pub retransmissions: u64,
    /// Authenticated Access-Accepts.
    pub access_accepts: u64,
    /// Authenticated Access-Rejects.
    pub access_rejects: u64,
    /// Authenticated Access-Challenges.
    pub access_challenges: u64,
    /// Authenticated Accounting-Responses.
    pub responses: u64,
    /// Datagrams that are not well-formed RADIUS packets.
    pub malformed_responses: u64,
    /// Replies whose Response Authenticator or Message-Authenticator is
    /// wrong (forged, or a wrong secret); the request stays pending.
    pub bad_authenticators: u64,
    /// Waits that expired with no valid reply from this server.
    pub timeouts: u64,
    /// Replies with a code that does not answer this server's requests.
    pub unknown_types: u64,
    /// Other drops: no matching pending request, duplicates, wrong source,
    /// missing Message-Authenticator.
    pub packets_dropped: u64,
    /// Of `packets_dropped`: copies of a reply already taken.
    pub duplicates: u64,
    /// Of `packets_dropped`: from an address that is not this server's, or
    /// while this server is not the current one.
    pub unexpected_source: u64,
    /// Of `packets_dropped`: Access responses without the required
    /// Message-Authenticator.
    pub missing_message_authenticator: u64,
    /// Round trip of the last authenticated reply.
    pub round_trip_time: Option<Duration>,
}
