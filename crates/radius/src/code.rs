//! RADIUS packet codes and enumerated attribute values.

use roamd_codes::code_enum;

code_enum! {
    /// Packet Code (RFC 2865 3, RFC 2866 3, RFC 5997, RFC 5176).
    pub enum Code(u8) {
        /// Access-Request (1).
        AccessRequest = 1,
        /// Access-Accept (2).
        AccessAccept = 2,
        /// Access-Reject (3).
        AccessReject = 3,
        /// Accounting-Request (4).
        AccountingRequest = 4,
        /// Accounting-Response (5).
        AccountingResponse = 5,
        /// Access-Challenge (11).
        AccessChallenge = 11,
        /// Status-Server (12, RFC 5997).
        StatusServer = 12,
        /// Disconnect-Request (40, RFC 5176).
        DisconnectRequest = 40,
        /// Disconnect-ACK (41).
        DisconnectAck = 41,
        /// Disconnect-NAK (42).
        DisconnectNak = 42,
        /// CoA-Request (43).
        CoaRequest = 43,
        /// CoA-ACK (44).
        CoaAck = 44,
        /// CoA-NAK (45).
        CoaNak = 45,
    }
}

impl Code {
    /// Whether this code answers an Access-Request (RFC 2865 4).
    pub fn is_access_response(self) -> bool {
        matches!(
            self,
            Code::AccessAccept | Code::AccessReject | Code::AccessChallenge
        )
    }
}

code_enum! {
    /// Service-Type values (RFC 2865 5.6).
    pub enum ServiceType(u32) {
        /// Login (1).
        Login = 1,
        /// Framed (2): what an 802.1X authenticator sends (hostapd).
        Framed = 2,
        /// Callback Login (3).
        CallbackLogin = 3,
        /// Callback Framed (4).
        CallbackFramed = 4,
        /// Outbound (5).
        Outbound = 5,
        /// Administrative (6).
        Administrative = 6,
        /// NAS Prompt (7).
        NasPrompt = 7,
        /// Authenticate Only (8).
        AuthenticateOnly = 8,
        /// Callback NAS Prompt (9).
        CallbackNasPrompt = 9,
        /// Call Check (10).
        CallCheck = 10,
        /// Callback Administrative (11).
        CallbackAdministrative = 11,
    }
}

code_enum! {
    /// Termination-Action values (RFC 2865 5.29).
    pub enum TerminationAction(u32) {
        /// Default (0): end the session at Session-Timeout.
        Default = 0,
        /// RADIUS-Request (1): re-authenticate at Session-Timeout.
        RadiusRequest = 1,
    }
}

code_enum! {
    /// Acct-Status-Type values (RFC 2866 5.1).
    pub enum AcctStatusType(u32) {
        /// Start (1).
        Start = 1,
        /// Stop (2).
        Stop = 2,
        /// Interim-Update (3).
        InterimUpdate = 3,
        /// Accounting-On (7).
        AccountingOn = 7,
        /// Accounting-Off (8).
        AccountingOff = 8,
    }
}

code_enum! {
    /// Acct-Authentic values (RFC 2866 5.6).
    pub enum AcctAuthentic(u32) {
        /// RADIUS (1).
        Radius = 1,
        /// Local (2).
        Local = 2,
        /// Remote (3).
        Remote = 3,
    }
}

code_enum! {
    /// Acct-Terminate-Cause values (RFC 2866 5.10).
    pub enum AcctTerminateCause(u32) {
        /// User Request (1).
        UserRequest = 1,
        /// Lost Carrier (2).
        LostCarrier = 2,
        /// Lost Service (3).
        LostService = 3,
        /// Idle Timeout (4).
        IdleTimeout = 4,
        /// Session Timeout (5).
        SessionTimeout = 5,
        /// Admin Reset (6).
        AdminReset = 6,
        /// Admin Reboot (7).
        AdminReboot = 7,
        /// Port Error (8).
        PortError = 8,
        /// NAS Error (9).
        NasError = 9,
        /// NAS Request (10).
        NasRequest = 10,
        /// NAS Reboot (11).
        NasReboot = 11,
        /// Port Unneeded (12).
        PortUnneeded = 12,
        /// Port Preempted (13).
        PortPreempted = 13,
        /// Port Suspended (14).
        PortSuspended = 14,
        /// Service Unavailable (15).
        ServiceUnavailable = 15,
        /// Callback (16).
        Callback = 16,
        /// User Error (17).
        UserError = 17,
        /// Host Request (18).
        HostRequest = 18,
    }
}

code_enum! {
    /// NAS-Port-Type values (RFC 2865 5.41).
    pub enum NasPortType(u32) {
        /// Async (0).
        Async = 0,
        /// Virtual (5).
        Virtual = 5,
        /// Ethernet (15).
        Ethernet = 15,
        /// Wireless - IEEE 802.11 (19).
        Wireless80211 = 19,
    }
}

code_enum! {
    /// Tunnel-Type values (RFC 2868 3.1, RFC 3580 3.31).
    pub enum TunnelType(u32) {
        /// PPTP (1).
        Pptp = 1,
        /// L2F (2).
        L2f = 2,
        /// L2TP (3).
        L2tp = 3,
        /// GRE (10).
        Gre = 10,
        /// VLAN (13, RFC 3580 3.31): dynamic VLAN assignment.
        Vlan = 13,
    }
}

code_enum! {
    /// Tunnel-Medium-Type values (RFC 2868 3.2).
    pub enum TunnelMediumType(u32) {
        /// IPv4 (1).
        Ipv4 = 1,
        /// IPv6 (2).
        Ipv6 = 2,
        /// IEEE 802 (6): used with Tunnel-Type VLAN.
        Ieee802 = 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for v in 0..=255u8 {
            assert_eq!(u8::from(Code::from(v)), v);
        }
        assert_eq!(Code::from(11), Code::AccessChallenge);
        assert_eq!(Code::from(200), Code::Unknown(200));
        assert_eq!(u32::from(NasPortType::Wireless80211), 19);
        assert_eq!(TunnelType::from(13), TunnelType::Vlan);
        assert_eq!(u32::from(TunnelMediumType::Ieee802), 6);
        assert!(Code::AccessReject.is_access_response());
        assert!(!Code::AccountingResponse.is_access_response());
    }
}
