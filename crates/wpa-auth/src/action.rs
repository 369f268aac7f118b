//! What the state machine asks the daemon to do.

use roamd_wpa::{CipherSuite, SecretVec};

/// Which EAPOL-Key message from the station an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyMessage {
    /// Message 2 of the 4-way handshake.
    Pairwise2,
    /// Message 4 of the 4-way handshake.
    Pairwise4,
    /// Message 2 of the group key handshake.
    Group2,
}

/// Something worth a log line or a control-interface event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthEvent {
    /// The 4-way handshake completed; hostapd's `EAPOL-4WAY-HS-COMPLETED`
    /// (and `AP-STA-CONNECTED`, which follows the authorization).
    HandshakeCompleted,
    /// A group key handshake completed.
    GroupHandshakeCompleted,
    /// Message 2 failed its MIC with a PSK AKM: most likely a wrong
    /// passphrase; hostapd's `AP-STA-POSSIBLE-PSK-MISMATCH`. Emitted once
    /// per 4-way handshake, with the first such failure.
    PossiblePskMismatch,
    /// A frame from the station failed its MIC and was dropped. Emitted for
    /// the first failure of each message in a handshake; later ones are
    /// only counted.
    MicFailure {
        /// The message that failed.
        message: KeyMessage,
    },
    /// Message 2 verified with PMK candidate `index` (0 is
    /// [`crate::StationParams::pmk`]); emitted only for a state machine
    /// made with [`crate::PtkStateMachine::with_pmk_candidates`] and more
    /// than one candidate, so that the daemon can log the matching
    /// `wpa_psk_file` entry (its `keyid`).
    PmkSelected {
        /// Position of the PMK in the candidate list.
        index: usize,
    },
    /// The RSNE in message 2 differed from the association request; a
    /// [`Action::Deauthenticate`] with reason 17 follows.
    RsneMismatch,
}

/// An output of the state machine, to be carried out in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Send this EAPOL frame (EtherType 0x888e payload) to the station,
    /// unencrypted over the control port.
    SendEapol(Vec<u8>),
    /// Install the pairwise key for the station (nl80211 NEW_KEY with the
    /// station's address, RX and TX).
    InstallPtk {
        /// The temporal key; redacted in `Debug`, zeroized on drop.
        tk: SecretVec,
        /// The pairwise cipher suite.
        cipher: CipherSuite,
        /// The key index: always 0 (no Extended Key ID).
        key_idx: u8,
    },
    /// Open the controlled port: set the station authorized (nl80211
    /// SET_STATION authorized=1).
    Authorize,
    /// Deauthenticate the station with this reason code and drop its state.
    Deauthenticate {
        /// IEEE 802.11 reason code ([`crate::reason`]).
        reason: u16,
    },
    /// Log or report an event.
    Event(AuthEvent),
}
