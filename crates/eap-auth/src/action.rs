//! What the authenticator asks of the daemon.

use core::time::Duration;

use roamd_eapol::EapType;
use roamd_radius::{AccessRequest, Msk, TerminationAction};

use crate::event::EapEvent;

/// IEEE 802.11-2020 Table 9-49 reason 2: previous authentication no longer
/// valid (hostapd's deauthentication after an EAP timeout or Session-Timeout).
pub const REASON_PREV_AUTH_NOT_VALID: u16 = 2;
/// IEEE 802.11-2020 Table 9-49 reason 23: IEEE 802.1X authentication failed
/// (hostapd ap_sta_delayed_1x_auth_fail_cb).
pub const REASON_IEEE_802_1X_AUTH_FAILED: u16 = 23;

/// Names one Access-Request for its whole life in the RADIUS client; the
/// daemon makes it part of the client token (e.g. `(sta, id)`) and gives it
/// back with the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RadiusRequestId(pub u64);

/// Why authentication failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum FailureReason {
    /// Access-Reject.
    #[error("rejected by the authentication server")]
    Rejected,
    /// The station did not answer an EAP-Request after all
    /// retransmissions.
    #[error("station did not respond")]
    StationTimeout,
    /// The RADIUS client gave the request up (no server answered).
    #[error("authentication server did not respond")]
    RadiusTimeout,
    /// Access-Accept without a usable MSK (missing, too short or not
    /// decryptable MS-MPPE keys).
    #[error("access-accept without usable msk")]
    UnusableAccept,
    /// Access-Challenge without a valid EAP-Request to relay.
    #[error("access-challenge without valid eap-request")]
    InvalidChallenge,
    /// More restarts than `reauth_max` without a success.
    #[error("too many authentication restarts")]
    TooManyRestarts,
}

impl FailureReason {
    /// The Reason Code hostapd deauthenticates with: 2 after an EAP timeout
    /// (ieee802_1x_abort_auth), 23 otherwise (after EAP-Failure, with a
    /// 10 ms delay so the EAP-Failure leaves first).
    pub fn deauth_reason(&self) -> u16 {
        match self {
            FailureReason::StationTimeout => REASON_PREV_AUTH_NOT_VALID,
            _ => REASON_IEEE_802_1X_AUTH_FAILED,
        }
    }
}

/// A successful (re)authentication: what the daemon needs for the 4-way
/// handshake, VLAN binding and accounting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSuccess {
    /// The MSK (MS-MPPE-Recv-Key || MS-MPPE-Send-Key); always `Some` of at
    /// least 32 octets when `require_msk` is set. Zeroized on drop, redacted
    /// in Debug.
    pub msk: Option<Msk>,
    /// The identity: User-Name of the Accept if any (hostapd
    /// ieee802_1x_update_sta_identity), else the EAP identity.
    pub identity: Vec<u8>,
    /// Session-Timeout.
    pub session_timeout: Option<Duration>,
    /// Termination-Action: with RADIUS-Request the authenticator
    /// reauthenticates at Session-Timeout, otherwise it reports
    /// [`Action::SessionTimeout`] then.
    pub termination_action: Option<TerminationAction>,
    /// Idle-Timeout.
    pub idle_timeout: Option<Duration>,
    /// Class attributes, to echo in accounting (RFC 2865 5.25).
    pub class: Vec<Vec<u8>>,
    /// Chargeable-User-Identity (RFC 4372).
    pub cui: Option<Vec<u8>>,
    /// Dynamic VLAN (RFC 3580 3.31).
    pub vlan: Option<u16>,
    /// Acct-Interim-Interval; values under 60 s are dropped as hostapd
    /// does.
    pub acct_interim_interval: Option<Duration>,
    /// Whether the port was already authorized (a reauthentication).
    pub reauthentication: bool,
    /// The last method the server requested (e.g. PEAP).
    pub method: Option<EapType>,
}

impl AuthSuccess {
    /// The PMK for an 802.1X AKM: the first 32 octets of the MSK
    /// (IEEE 802.11-2020 12.7.1.3).
    pub fn pmk(&self) -> Option<&[u8]> {
        self.msk.as_ref().and_then(|m| m.expose().get(..32))
    }
}

/// Something the daemon must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Send this EAPOL frame (EtherType 0x888e payload) to the station.
    SendEapol(Vec<u8>),
    /// Hand this Access-Request to the RADIUS client
    /// (`client.handle_send(now, &request.to_repr(), (sta, id))`), then feed
    /// its outcome to
    /// [`handle_radius`](crate::EapAuthenticator::handle_radius) or
    /// [`handle_radius_timeout`](crate::EapAuthenticator::handle_radius_timeout).
    SendRadius {
        /// Give it back with the outcome.
        id: RadiusRequestId,
        /// The request.
        request: Box<AccessRequest>,
    },
    /// The request is no longer wanted (restart, logoff, failure): the
    /// daemon may cancel it in the RADIUS client; a late outcome is ignored
    /// anyway.
    CancelRadius {
        /// The request.
        id: RadiusRequestId,
    },
    /// Authentication succeeded: derive the PMK and run the 4-way handshake
    /// (again, on reauthentication).
    Authenticated(Box<AuthSuccess>),
    /// Authentication failed: unauthorize the port and deauthenticate with
    /// [`FailureReason::deauth_reason`] (hostapd waits 10 ms after the
    /// EAP-Failure).
    Failed(FailureReason),
    /// EAPOL-Logoff from the station: unauthorize the port, stop accounting
    /// (User-Request) and deauthenticate.
    Logoff,
    /// Session-Timeout reached without Termination-Action RADIUS-Request:
    /// deauthenticate (reason 2; accounting cause Session-Timeout).
    SessionTimeout,
    /// Report this event (log, control interface).
    Event(EapEvent),
}
