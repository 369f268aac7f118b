//! Per-BSS settings of the 802.1X authenticator, with hostapd's defaults.

use core::time::Duration;

use roamd_eapol::ProtocolVersion;

/// Settings shared by every station of a BSS.
///
/// Defaults follow hostapd 2.10: `eapol_version=2`, `eap_reauth_period=3600`,
/// the EAP server's retransmission back-off (eap_server.c
/// `eap_sm_calculateTimeout`: 3 s doubling to 20 s, `MaxRetrans` 5) and the
/// 802.1X-2004 PAE constants of eapol_auth_sm.c (`reAuthMax` 2,
/// `quietPeriod` 60 s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EapAuthConfig {
    /// EAPOL Protocol Version of transmitted frames (hostapd `eapol_version`).
    pub eapol_version: ProtocolVersion,
    /// Displayable text in EAP-Request/Identity (hostapd `eap_message`,
    /// RFC 3748 5.1); empty by default.
    pub identity_request_text: Vec<u8>,
    /// First EAP retransmission timeout (RFC 2988 2.1 initial RTO, as
    /// hostapd uses before it has RTT samples).
    pub retrans_initial: Duration,
    /// Cap of the doubling retransmission timeout (RFC 3748 4.3 RTOmax).
    pub retrans_max: Duration,
    /// Retransmissions of one EAP-Request before the station is given up
    /// (hostapd `MaxRetrans`; RFC 3748 4.3 suggests 3 to 5).
    pub max_retrans: u32,
    /// Backend timeout (802.1X-2004 `serverTimeout`, hostapd 30 s): how long
    /// to wait for the RADIUS outcome before restarting authentication.
    /// `None` (default) leaves retransmission and failover to the RADIUS
    /// client, whose final timeout arrives through
    /// [`handle_radius_timeout`](crate::EapAuthenticator::handle_radius_timeout).
    pub server_timeout: Option<Duration>,
    /// Restarts allowed without a success before the station is failed
    /// (802.1X-2004 `reAuthMax`).
    pub reauth_max: u32,
    /// After a failure, EAPOL-Start is ignored for this long
    /// (802.1X-2004 `quietPeriod`, state HELD).
    pub quiet_period: Duration,
    /// Re-authentication period after a success (hostapd
    /// `eap_reauth_period`); `None` disables it. A Session-Timeout with
    /// Termination-Action RADIUS-Request overrides it.
    pub reauth_period: Option<Duration>,
    /// Ask the server for a Chargeable-User-Identity (hostapd
    /// `radius_request_cui`, RFC 4372 2.1).
    pub request_cui: bool,
    /// Treat an Access-Accept without a usable MSK (at least 32 octets) as a
    /// failure: an RSN station needs the PMK. Set `false` for key-less
    /// 802.1X.
    pub require_msk: bool,
}

impl Default for EapAuthConfig {
    fn default() -> Self {
        EapAuthConfig {
            eapol_version: ProtocolVersion::V2004,
            identity_request_text: Vec::new(),
            retrans_initial: Duration::from_secs(3),
            retrans_max: Duration::from_secs(20),
            max_retrans: 5,
            server_timeout: None,
            reauth_max: 2,
            quiet_period: Duration::from_secs(60),
            reauth_period: Some(Duration::from_secs(3600)),
            request_cui: false,
            require_msk: true,
        }
    }
}

impl EapAuthConfig {
    /// The retransmission timeout after `count` retransmissions of one
    /// request: `retrans_initial` doubled `count` times, capped at
    /// `retrans_max` (hostapd `eap_sm_calculateTimeout`).
    pub fn backoff(&self, count: u32) -> Duration {
        let mut rto = self.retrans_initial;
        for _ in 0..count {
            rto = rto.saturating_mul(2);
            if rto >= self.retrans_max {
                return self.retrans_max;
            }
        }
        rto.min(self.retrans_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostapd_backoff() {
        let c = EapAuthConfig::default();
        let secs: Vec<u64> = (0..7).map(|n| c.backoff(n).as_secs()).collect();
        assert_eq!(secs, [3, 6, 12, 20, 20, 20, 20]);
        assert_eq!(c.backoff(u32::MAX), Duration::from_secs(20));
    }
}
