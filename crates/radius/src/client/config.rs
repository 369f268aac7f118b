//! Client configuration: servers, retransmission timing, table bounds.

use core::net::{IpAddr, SocketAddr};
use core::time::Duration;

use thiserror::Error;

use crate::secret::SharedSecret;

/// One RADIUS server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Address and port (1812 authentication, 1813 accounting).
    pub addr: SocketAddr,
    /// The shared secret.
    pub secret: SharedSecret,
    /// Drop Access-Accept/Reject/Challenge without a Message-Authenticator
    /// (BlastRADIUS, CVE-2024-3596; hostapd 2.11 934b0c3a4). Default true;
    /// turn off only for a server that cannot send one.
    pub require_message_authenticator: bool,
    /// This server's own wait before the first retransmission; `None`:
    /// the client's [`ClientConfig::first_wait`].
    pub first_wait: Option<Duration>,
    /// This server's own transmissions before failing over; `None`: the
    /// client's [`ClientConfig::attempts_before_failover`].
    pub attempts_before_failover: Option<u32>,
}

impl ServerConfig {
    /// A server that must send Message-Authenticator in every Access
    /// response.
    pub fn new(addr: SocketAddr, secret: SharedSecret) -> ServerConfig {
        ServerConfig {
            addr,
            secret,
            require_message_authenticator: true,
            first_wait: None,
            attempts_before_failover: None,
        }
    }

    /// This server's own retransmission timing, in place of the client's.
    pub fn with_timing(
        mut self,
        first_wait: Duration,
        attempts_before_failover: u32,
    ) -> ServerConfig {
        self.first_wait = Some(first_wait);
        self.attempts_before_failover = Some(attempts_before_failover);
        self
    }

    /// Explicit opt-out: accept Access responses without a
    /// Message-Authenticator (one that is present is still checked).
    pub fn allow_missing_message_authenticator(mut self) -> ServerConfig {
        self.require_message_authenticator = false;
        self
    }
}

/// Client settings. Defaults follow hostapd's radius_client.c.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Authentication servers; the first is the primary.
    pub auth_servers: Vec<ServerConfig>,
    /// Accounting servers; the first is the primary.
    pub acct_servers: Vec<ServerConfig>,
    /// Wait before the first retransmission (RADIUS_CLIENT_FIRST_WAIT, 3 s),
    /// for servers without their own [`ServerConfig::first_wait`].
    pub first_wait: Duration,
    /// Cap of the doubling wait (RADIUS_CLIENT_MAX_WAIT, 120 s).
    pub max_wait: Duration,
    /// Transmissions to one server before failing over to the next
    /// (RADIUS_CLIENT_NUM_FAILOVER, 4), for servers without their own
    /// [`ServerConfig::attempts_before_failover`].
    pub attempts_before_failover: u32,
    /// A request is given up (`Event::Timeout`) after
    /// `max_failover_rounds` times the sum of the servers'
    /// `attempts_before_failover` transmissions (RADIUS_CLIENT_MAX_FAILOVER, 3).
    pub max_failover_rounds: u32,
    /// After failing over away from the primary, go back to it after this
    /// long (hostapd radius_retry_primary_interval; `None` = stay).
    pub retry_primary_interval: Option<Duration>,
    /// Pending requests kept at most (1..=256); the oldest is dropped with
    /// `Event::Evicted` beyond that.
    pub max_pending: usize,
    /// The local address requests leave from (hostapd radius_client_addr);
    /// `None`: the kernel's choice. Same family as every server.
    pub local_addr: Option<IpAddr>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            auth_servers: Vec::new(),
            acct_servers: Vec::new(),
            first_wait: Duration::from_secs(3),
            max_wait: Duration::from_secs(120),
            attempts_before_failover: 4,
            max_failover_rounds: 3,
            retry_primary_interval: None,
            max_pending: 256,
            local_addr: None,
        }
    }
}

// Bounds that keep `Instant + Duration` far from overflow.
const MAX_WAIT_LIMIT: Duration = Duration::from_secs(24 * 3600);
const MAX_INTERVAL_LIMIT: Duration = Duration::from_secs(365 * 24 * 3600);

/// Why a [`ClientConfig`] was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A `first_wait` (the client's or a server's) is zero or above
    /// `max_wait`, or `max_wait` above a day.
    #[error("retransmission waits out of range")]
    BadWait,
    /// An `attempts_before_failover` (the client's or a server's) or
    /// `max_failover_rounds` is zero.
    #[error("attempt counts must be at least one")]
    BadAttempts,
    /// `max_pending` is not within 1..=256 (one Identifier each).
    #[error("max_pending must be within 1..=256")]
    BadMaxPending,
    /// `retry_primary_interval` is zero or above a year.
    #[error("retry_primary_interval out of range")]
    BadRetryPrimaryInterval,
    /// `local_addr` is not of the family of every server.
    #[error("the local address and a server's are of different IP families")]
    LocalAddrFamily,
}

impl ClientConfig {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let servers = self.auth_servers.iter().chain(&self.acct_servers);
        let waits = servers.clone().filter_map(|s| s.first_wait);
        if self.max_wait > MAX_WAIT_LIMIT
            || core::iter::once(self.first_wait)
                .chain(waits)
                .any(|w| w.is_zero() || w > self.max_wait)
        {
            return Err(ConfigError::BadWait);
        }
        let attempts = servers.filter_map(|s| s.attempts_before_failover);
        if self.max_failover_rounds == 0
            || core::iter::once(self.attempts_before_failover)
                .chain(attempts)
                .any(|a| a == 0)
        {
            return Err(ConfigError::BadAttempts);
        }
        if !(1..=256).contains(&self.max_pending) {
            return Err(ConfigError::BadMaxPending);
        }
        if self
            .retry_primary_interval
            .is_some_and(|i| i.is_zero() || i > MAX_INTERVAL_LIMIT)
        {
            return Err(ConfigError::BadRetryPrimaryInterval);
        }
        if let Some(local) = self.local_addr {
            let mut servers = self.auth_servers.iter().chain(&self.acct_servers);
            if servers.any(|s| s.addr.is_ipv4() != local.is_ipv4()) {
                return Err(ConfigError::LocalAddrFamily);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(addr: &str) -> ServerConfig {
        ServerConfig::new(addr.parse().unwrap(), SharedSecret::from("x"))
    }

    #[test]
    fn defaults_are_hostapds_and_valid() {
        let c = ClientConfig::default();
        assert_eq!(c.first_wait, Duration::from_secs(3));
        assert_eq!(c.max_wait, Duration::from_secs(120));
        assert_eq!(c.attempts_before_failover, 4);
        assert_eq!(c.validate(), Ok(()));
        let s = ServerConfig::new("127.0.0.1:1812".parse().unwrap(), SharedSecret::from("x"));
        assert!(s.require_message_authenticator);
        assert!(
            !s.allow_missing_message_authenticator()
                .require_message_authenticator
        );
        assert!(!format!("{c:?}").contains("\"x\""));
    }

    #[test]
    fn bad_settings_are_refused() {
        let bad = |f: fn(&mut ClientConfig)| {
            let mut c = ClientConfig::default();
            f(&mut c);
            c.validate().unwrap_err()
        };
        assert_eq!(bad(|c| c.first_wait = Duration::ZERO), ConfigError::BadWait);
        assert_eq!(
            bad(|c| c.max_wait = Duration::from_secs(1)),
            ConfigError::BadWait
        );
        assert_eq!(
            bad(|c| c.max_wait = Duration::from_secs(100_000)),
            ConfigError::BadWait
        );
        assert_eq!(
            bad(|c| c.attempts_before_failover = 0),
            ConfigError::BadAttempts
        );
        assert_eq!(bad(|c| c.max_failover_rounds = 0), ConfigError::BadAttempts);
        assert_eq!(
            bad(|c| c.acct_servers = vec![server("127.0.0.1:1812").with_timing(Duration::ZERO, 4)]),
            ConfigError::BadWait
        );
        assert_eq!(
            bad(|c| c.auth_servers =
                vec![server("127.0.0.1:1812").with_timing(Duration::from_secs(1), 0)]),
            ConfigError::BadAttempts
        );
        assert_eq!(bad(|c| c.max_pending = 0), ConfigError::BadMaxPending);
        assert_eq!(bad(|c| c.max_pending = 257), ConfigError::BadMaxPending);
        assert_eq!(
            bad(|c| {
                c.auth_servers = vec![server("127.0.0.1:1812")];
                c.local_addr = Some("::1".parse().unwrap());
            }),
            ConfigError::LocalAddrFamily
        );
        assert_eq!(
            bad(|c| c.retry_primary_interval = Some(Duration::ZERO)),
            ConfigError::BadRetryPrimaryInterval
        );
    }
}
