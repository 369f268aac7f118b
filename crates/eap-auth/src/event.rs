//! EAP events for logs and the control interface, named as hostapd's
//! wpa_ctrl.h `CTRL-EVENT-EAP-*` messages.

use roamd_ieee80211::MacAddr;

/// An EAP state change worth reporting (hostapd wpa_msg in eap_server.c).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EapEvent {
    /// EAP (re)started: `CTRL-EVENT-EAP-STARTED`.
    Started,
    /// A method was proposed to the station (only Identity in
    /// pass-through): `CTRL-EVENT-EAP-PROPOSED-METHOD`.
    ProposedMethod {
        /// Vendor-Id (0: IETF).
        vendor: u32,
        /// Method Type.
        method: u8,
    },
    /// The Request/Identity was retransmitted: `CTRL-EVENT-EAP-RETRANSMIT`.
    Retransmit,
    /// A relayed server request was retransmitted:
    /// `CTRL-EVENT-EAP-RETRANSMIT2`.
    Retransmit2,
    /// The station never answered the Request/Identity:
    /// `CTRL-EVENT-EAP-TIMEOUT-FAILURE`.
    TimeoutFailure,
    /// The station stopped answering relayed requests, or the RADIUS
    /// server never answered: `CTRL-EVENT-EAP-TIMEOUT-FAILURE2`.
    TimeoutFailure2,
    /// The authenticator itself decided failure (unusable Accept, malformed
    /// server EAP, too many restarts): `CTRL-EVENT-EAP-FAILURE`.
    Failure,
    /// Access-Accept relayed: `CTRL-EVENT-EAP-SUCCESS2`.
    Success2,
    /// Access-Reject relayed: `CTRL-EVENT-EAP-FAILURE2`.
    Failure2,
}

impl EapEvent {
    /// The control interface event name.
    pub fn name(&self) -> &'static str {
        match self {
            EapEvent::Started => "CTRL-EVENT-EAP-STARTED",
            EapEvent::ProposedMethod { .. } => "CTRL-EVENT-EAP-PROPOSED-METHOD",
            EapEvent::Retransmit => "CTRL-EVENT-EAP-RETRANSMIT",
            EapEvent::Retransmit2 => "CTRL-EVENT-EAP-RETRANSMIT2",
            EapEvent::TimeoutFailure => "CTRL-EVENT-EAP-TIMEOUT-FAILURE",
            EapEvent::TimeoutFailure2 => "CTRL-EVENT-EAP-TIMEOUT-FAILURE2",
            EapEvent::Failure => "CTRL-EVENT-EAP-FAILURE",
            EapEvent::Success2 => "CTRL-EVENT-EAP-SUCCESS2",
            EapEvent::Failure2 => "CTRL-EVENT-EAP-FAILURE2",
        }
    }

    /// The control interface line, as hostapd writes it
    /// (`CTRL-EVENT-EAP-STARTED 02:00:00:00:02:00`,
    /// `CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1`).
    pub fn ctrl_line(&self, sta: &MacAddr) -> String {
        match self {
            EapEvent::ProposedMethod { vendor, method } => {
                format!("{} vendor={vendor} method={method}", self.name())
            }
            _ => format!("{} {}", self.name(), sta),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_trace() {
        // eap-okc ap.log lines 686, 691 and the success at 1499.
        let sta = MacAddr([2, 0, 0, 0, 2, 0]);
        assert_eq!(
            EapEvent::Started.ctrl_line(&sta),
            "CTRL-EVENT-EAP-STARTED 02:00:00:00:02:00"
        );
        assert_eq!(
            EapEvent::ProposedMethod {
                vendor: 0,
                method: 1
            }
            .ctrl_line(&sta),
            "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1"
        );
        assert_eq!(
            EapEvent::Success2.ctrl_line(&sta),
            "CTRL-EVENT-EAP-SUCCESS2 02:00:00:00:02:00"
        );
        assert_eq!(
            EapEvent::TimeoutFailure2.name(),
            "CTRL-EVENT-EAP-TIMEOUT-FAILURE2"
        );
    }
}
