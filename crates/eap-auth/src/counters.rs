//! Per-station counters in the spirit of the IEEE 802.1X MIB
//! (dot1xAuthStatsTable, dot1xAuthDiagTable), as hostapd keeps them in
//! eapol_auth_sm_i.h, plus the drops this implementation makes.

/// Counters of one station's authenticator. They only grow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dot1xCounters {
    /// dot1xAuthEapolFramesRx: valid EAPOL frames received.
    pub eapol_frames_rx: u64,
    /// dot1xAuthEapolFramesTx: EAPOL frames sent.
    pub eapol_frames_tx: u64,
    /// dot1xAuthEapolStartFramesRx.
    pub eapol_start_frames_rx: u64,
    /// dot1xAuthEapolLogoffFramesRx.
    pub eapol_logoff_frames_rx: u64,
    /// dot1xAuthEapolRespIdFramesRx: Response/Identity frames accepted.
    pub eapol_resp_id_frames_rx: u64,
    /// dot1xAuthEapolRespFramesRx: EAP-Response frames received.
    pub eapol_resp_frames_rx: u64,
    /// dot1xAuthEapolReqIdFramesTx: Request/Identity frames sent.
    pub eapol_req_id_frames_tx: u64,
    /// dot1xAuthEapolReqFramesTx: other EAP-Request frames sent.
    pub eapol_req_frames_tx: u64,
    /// dot1xAuthInvalidEapolFramesRx: too short, or of an unknown Packet
    /// Type.
    pub invalid_eapol_frames_rx: u64,
    /// dot1xAuthEapLengthErrorFramesRx: Packet Body Length beyond the frame.
    pub eap_length_error_frames_rx: u64,
    /// dot1xAuthLastEapolFrameVersion.
    pub last_eapol_frame_version: u8,
    /// dot1xAuthBackendResponses: Access-Requests handed to the RADIUS
    /// client.
    pub backend_responses: u64,
    /// dot1xAuthBackendAccessChallenges.
    pub backend_access_challenges: u64,
    /// dot1xAuthBackendOtherRequestsToSupplicant: server EAP-Requests
    /// relayed to the station.
    pub backend_other_requests_to_supplicant: u64,
    /// dot1xAuthBackendAuthSuccesses: Access-Accepts that authenticated the
    /// station.
    pub backend_auth_successes: u64,
    /// dot1xAuthBackendAuthFails: Access-Rejects.
    pub backend_auth_fails: u64,
    /// Access-Accepts received (including unusable ones).
    pub backend_access_accepts: u64,
    /// RADIUS requests given up by the client, or backend timeouts.
    pub backend_timeouts: u64,
    /// EAP packets inside EAPOL-EAP that do not parse (RFC 3748 4).
    pub malformed_eap_rx: u64,
    /// EAP packets from the station that are not Responses, Responses when
    /// no request is outstanding, or of the wrong Type.
    pub unexpected_eap_rx: u64,
    /// Responses whose Identifier does not match the outstanding request.
    pub wrong_identifier_rx: u64,
    /// Responses dropped while a RADIUS request is outstanding
    /// (duplicates).
    pub dropped_while_pending: u64,
    /// Response/Identity with an identity too long for User-Name.
    pub invalid_identity_rx: u64,
    /// EAPOL-Key and ASF-Alert frames, not handled here.
    pub ignored_eapol_rx: u64,
    /// EAPOL-Start ignored during the quiet period.
    pub ignored_start_rx: u64,
    /// RADIUS outcomes for a request that is no longer outstanding.
    pub stale_radius_replies: u64,
    /// EAP-Request retransmissions to the station.
    pub retransmissions: u64,
    /// Authentications started (initial, EAPOL-Start, reauthentication).
    pub authentications_started: u64,
    /// Reauthentications started by the reauthentication timer.
    pub reauthentications: u64,
}
