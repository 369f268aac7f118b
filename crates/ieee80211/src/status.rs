//! Status codes (IEEE 802.11-2020 9.4.1.9, Table 9-50).

use roamd_codes::code_enum;

code_enum! {
    /// Status Code field. Names follow hostapd's `WLAN_STATUS_*`.
    pub enum StatusCode(u16) {
        /// Successful.
        Success = 0,
        /// Unspecified failure.
        UnspecifiedFailure = 1,
        /// TDLS wakeup schedule rejected, alternative provided.
        TdlsWakeupAlternate = 2,
        /// TDLS wakeup schedule rejected.
        TdlsWakeupReject = 3,
        /// Security disabled.
        SecurityDisabled = 5,
        /// Unacceptable lifetime.
        UnacceptableLifetime = 6,
        /// Not in same BSS.
        NotInSameBss = 7,
        /// Cannot support all requested capabilities.
        CapsUnsupported = 10,
        /// Reassociation denied: association cannot be confirmed.
        ReassocNoAssoc = 11,
        /// Association denied for a reason outside the standard.
        AssocDeniedUnspec = 12,
        /// Authentication algorithm not supported.
        NotSupportedAuthAlg = 13,
        /// Authentication transaction sequence number out of sequence.
        UnknownAuthTransaction = 14,
        /// Challenge failure.
        ChallengeFail = 15,
        /// Authentication timeout.
        AuthTimeout = 16,
        /// AP unable to handle additional associated STAs (too many stations).
        ApUnableToHandleNewSta = 17,
        /// Association denied: STA does not support all basic rates.
        AssocDeniedRates = 18,
        /// Association denied: no short preamble support.
        AssocDeniedNoShortPreamble = 19,
        /// Spectrum management required.
        SpecMgmtRequired = 22,
        /// Power capability not acceptable.
        PwrCapabilityNotValid = 23,
        /// Supported channels not acceptable.
        SupportedChannelNotValid = 24,
        /// Association denied: no short slot time support.
        AssocDeniedNoShortSlotTime = 25,
        /// Association denied: no HT support.
        AssocDeniedNoHt = 27,
        /// R0KH unreachable.
        R0khUnreachable = 28,
        /// Association denied: no PCO support.
        AssocDeniedNoPco = 29,
        /// Association request rejected temporarily; try again later (see Timeout Interval).
        AssocRejectedTemporarily = 30,
        /// Robust management frame policy violation.
        RobustMgmtPolicyViolation = 31,
        /// Unspecified QoS-related failure.
        UnspecifiedQosFailure = 32,
        /// Insufficient bandwidth.
        DeniedInsufficientBandwidth = 33,
        /// Poor channel conditions.
        DeniedPoorChannelConditions = 34,
        /// QoS not supported.
        DeniedQosNotSupported = 35,
        /// Request declined.
        RequestDeclined = 37,
        /// Invalid parameters.
        InvalidParameters = 38,
        /// Rejected with suggested changes.
        RejectedWithSuggestedChanges = 39,
        /// Invalid element.
        InvalidIe = 40,
        /// Invalid group cipher.
        GroupCipherNotValid = 41,
        /// Invalid pairwise cipher.
        PairwiseCipherNotValid = 42,
        /// Invalid AKMP.
        AkmpNotValid = 43,
        /// Unsupported RSNE version.
        UnsupportedRsnIeVersion = 44,
        /// Invalid RSNE capabilities.
        InvalidRsnIeCapab = 45,
        /// Cipher suite rejected because of security policy.
        CipherRejectedPerPolicy = 46,
        /// TS not created.
        TsNotCreated = 47,
        /// Direct link not allowed.
        DirectLinkNotAllowed = 48,
        /// Destination STA not present.
        DestStaNotPresent = 49,
        /// Destination STA not a QoS STA.
        DestStaNotQosSta = 50,
        /// Listen interval too large.
        AssocDeniedListenIntTooLarge = 51,
        /// Invalid FT Action frame count.
        InvalidFtActionFrameCount = 52,
        /// Invalid PMKID.
        InvalidPmkid = 53,
        /// Invalid MDE.
        InvalidMde = 54,
        /// Invalid FTE.
        InvalidFte = 55,
        /// Requested TCLAS not supported.
        RequestedTclasNotSupported = 56,
        /// Insufficient TCLAS processing resources.
        InsufficientTclasProcessingResources = 57,
        /// Try another BSS.
        TryAnotherBss = 58,
        /// GAS advertisement protocol not supported.
        GasAdvProtoNotSupported = 59,
        /// No outstanding GAS request.
        NoOutstandingGasReq = 60,
        /// GAS response not received from the advertisement server.
        GasRespNotReceived = 61,
        /// STA timed out waiting for GAS query response.
        StaTimedOutWaitingForGasResp = 62,
        /// GAS response larger than query response length limit.
        GasRespLargerThanLimit = 63,
        /// Request refused: home network does not support it.
        ReqRefusedHome = 64,
        /// Advertisement server unreachable.
        AdvSrvUnreachable = 65,
        /// Request refused: SSPN permissions.
        ReqRefusedSspn = 67,
        /// Request refused: AP does not support unauthenticated access.
        ReqRefusedUnauthAccess = 68,
        /// Invalid RSNE contents.
        InvalidRsnie = 72,
        /// U-APSD coexistence not supported.
        UApsdCoexNotSupported = 73,
        /// Requested U-APSD coexistence mode not supported.
        UApsdCoexModeNotSupported = 74,
        /// Bad interval with U-APSD coexistence.
        BadIntervalWithUApsdCoex = 75,
        /// Anti-clogging token required (SAE).
        AntiCloggingTokenReq = 76,
        /// Finite cyclic group not supported (SAE).
        FiniteCyclicGroupNotSupported = 77,
        /// Cannot find alternative TBTT.
        CannotFindAltTbtt = 78,
        /// Transmission failure.
        TransmissionFailure = 79,
        /// Requested TCLAS not supported.
        ReqTclasNotSupported = 80,
        /// TCLAS resources exhausted.
        TclasResourcesExhausted = 81,
        /// Rejected with suggested BSS transition.
        RejectedWithSuggestedBssTransition = 82,
        /// Reject with recommended schedule.
        RejectWithSchedule = 83,
        /// Reject: no wakeup specified.
        RejectNoWakeupSpecified = 84,
        /// Success, destination STA in power save mode.
        SuccessPowerSaveMode = 85,
        /// FST pending, in process of admitting FST session.
        PendingAdmittingFstSession = 86,
        /// Performing FST now.
        PerformingFstNow = 87,
        /// FST pending, gap(s) in block ack window.
        PendingGapInBaWindow = 88,
        /// Reject because of U-PID setting.
        RejectUPidSetting = 89,
        /// Refused because of an external reason.
        RefusedExternalReason = 92,
        /// Refused: AP out of memory.
        RefusedApOutOfMemory = 93,
        /// Rejected: emergency services not supported.
        RejectedEmergencyServiceNotSupported = 94,
        /// GAS query response outstanding.
        QueryRespOutstanding = 95,
        /// Reject: DSE band.
        RejectDseBand = 96,
        /// TCLAS processing terminated.
        TclasProcessingTerminated = 97,
        /// TS schedule conflict.
        TsScheduleConflict = 98,
        /// Denied with suggested band and channel.
        DeniedWithSuggestedBandAndChannel = 99,
        /// MCCAOP reservation conflict.
        MccaopReservationConflict = 100,
        /// MAF limit exceeded.
        MafLimitExceeded = 101,
        /// MCCA track limit exceeded.
        MccaTrackLimitExceeded = 102,
        /// Denied due to spectrum management.
        DeniedDueToSpectrumManagement = 103,
        /// Association denied: no VHT support.
        AssocDeniedNoVht = 104,
        /// Enablement denied.
        EnablementDenied = 105,
        /// Restriction from authorized GDB.
        RestrictionFromAuthorizedGdb = 106,
        /// Authorization deenabled.
        AuthorizationDeenabled = 107,
        /// FILS authentication failure.
        FilsAuthenticationFailure = 112,
        /// Unknown authentication server.
        UnknownAuthenticationServer = 113,
        /// Unknown password identifier (SAE).
        UnknownPasswordIdentifier = 123,
        /// Denied: no HE support.
        DeniedHeNotSupported = 124,
        /// SAE hash-to-element.
        SaeHashToElement = 126,
        /// SAE-PK.
        SaePk = 127,
    }
}

impl StatusCode {
    /// True for [`StatusCode::Success`].
    pub fn is_success(&self) -> bool {
        *self == StatusCode::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for v in 0..=u16::MAX {
            assert_eq!(u16::from(StatusCode::from(v)), v);
        }
        assert_eq!(StatusCode::from(53), StatusCode::InvalidPmkid);
        assert_eq!(StatusCode::from(4), StatusCode::Unknown(4));
        assert!(StatusCode::from(0).is_success());
    }
}
