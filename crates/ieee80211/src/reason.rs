//! Reason codes (IEEE 802.11-2020 9.4.1.7, Table 9-49).

use roamd_codes::code_enum;

code_enum! {
    /// Reason Code field. Names follow hostapd's `WLAN_REASON_*`.
    pub enum ReasonCode(u16) {
        /// Unspecified reason.
        Unspecified = 1,
        /// Previous authentication no longer valid.
        PrevAuthNotValid = 2,
        /// Deauthenticated because sending STA is leaving (or has left) the BSS.
        DeauthLeaving = 3,
        /// Disassociated due to inactivity.
        DisassocDueToInactivity = 4,
        /// Disassociated because AP is unable to handle all currently associated STAs.
        DisassocApBusy = 5,
        /// Class 2 frame received from nonauthenticated STA.
        Class2FrameFromNonauthSta = 6,
        /// Class 3 frame received from nonassociated STA.
        Class3FrameFromNonassocSta = 7,
        /// Disassociated because sending STA is leaving (or has left) the BSS.
        DisassocStaHasLeft = 8,
        /// STA requesting (re)association is not authenticated with responding STA.
        StaReqAssocWithoutAuth = 9,
        /// Power Capability element unacceptable.
        PwrCapabilityNotValid = 10,
        /// Supported Channels element unacceptable.
        SupportedChannelNotValid = 11,
        /// BSS transition management.
        BssTransitionDisassoc = 12,
        /// Invalid element.
        InvalidIe = 13,
        /// Message integrity code (MIC) failure.
        MichaelMicFailure = 14,
        /// 4-way handshake timeout.
        FourwayHandshakeTimeout = 15,
        /// Group key handshake timeout.
        GroupKeyUpdateTimeout = 16,
        /// Element in 4-way handshake different from (Re)Association Request/Probe Response/Beacon.
        IeIn4wayDiffers = 17,
        /// Invalid group cipher.
        GroupCipherNotValid = 18,
        /// Invalid pairwise cipher.
        PairwiseCipherNotValid = 19,
        /// Invalid AKMP.
        AkmpNotValid = 20,
        /// Unsupported RSNE version.
        UnsupportedRsnIeVersion = 21,
        /// Invalid RSNE capabilities.
        InvalidRsnIeCapab = 22,
        /// IEEE 802.1X authentication failed.
        Ieee8021xAuthFailed = 23,
        /// Cipher suite rejected because of the security policy.
        CipherSuiteRejected = 24,
        /// TDLS direct-link teardown: TDLS peer STA unreachable.
        TdlsTeardownUnreachable = 25,
        /// TDLS direct-link teardown for unspecified reason.
        TdlsTeardownUnspecified = 26,
        /// Disassociated because session terminated by SSP request.
        SspRequestedDisassoc = 27,
        /// Disassociated because of lack of SSP roaming agreement.
        NoSspRoamingAgreement = 28,
        /// Requested service rejected because of SSP cipher suite or AKM requirement.
        BadCipherOrAkm = 29,
        /// Requested service not authorized in this location.
        NotAuthorizedThisLocation = 30,
        /// TS deleted because QoS AP lacks sufficient bandwidth.
        ServiceChangePrecludesTs = 31,
        /// Disassociated for unspecified QoS-related reason.
        UnspecifiedQosReason = 32,
        /// Disassociated because QoS AP lacks sufficient bandwidth.
        NotEnoughBandwidth = 33,
        /// Disassociated because of excessive unacknowledged frames.
        DisassocLowAck = 34,
        /// Disassociated because STA is transmitting outside the limits of its TXOPs.
        ExceededTxop = 35,
        /// Requesting STA is leaving the BSS (or resetting).
        StaLeaving = 36,
        /// Requesting STA is no longer using the stream or session.
        EndTsBaDls = 37,
        /// Requesting STA received frames using a mechanism it has not set up.
        UnknownTsBa = 38,
        /// Requested from peer STA due to timeout.
        Timeout = 39,
        /// Peer STA does not support the requested cipher suite.
        PeerkeyMismatch = 45,
        /// Disassociated because authorized access limit reached.
        AuthorizedAccessLimitReached = 46,
        /// Disassociated due to external service requirements.
        ExternalServiceRequirements = 47,
        /// Invalid FT Action frame count.
        InvalidFtActionFrameCount = 48,
        /// Invalid PMKID.
        InvalidPmkid = 49,
        /// Invalid MDE.
        InvalidMde = 50,
        /// Invalid FTE.
        InvalidFte = 51,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for v in 0..=u16::MAX {
            assert_eq!(u16::from(ReasonCode::from(v)), v);
        }
        assert_eq!(ReasonCode::from(15), ReasonCode::FourwayHandshakeTimeout);
        assert_eq!(ReasonCode::from(0), ReasonCode::Unknown(0));
    }
}
