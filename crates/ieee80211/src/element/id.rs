//! Element IDs (IEEE 802.11-2020 Table 9-92) and Element ID Extensions.

/// SSID.
pub const SSID: u8 = 0;
/// Supported Rates and BSS Membership Selectors.
pub const SUPPORTED_RATES: u8 = 1;
/// DSSS Parameter Set.
pub const DS_PARAMETER_SET: u8 = 3;
/// CF Parameter Set.
pub const CF_PARAMETER_SET: u8 = 4;
/// Traffic Indication Map.
pub const TIM: u8 = 5;
/// IBSS Parameter Set.
pub const IBSS_PARAMETER_SET: u8 = 6;
/// Country.
pub const COUNTRY: u8 = 7;
/// BSS Load.
pub const BSS_LOAD: u8 = 11;
/// Challenge text (Shared Key authentication).
pub const CHALLENGE_TEXT: u8 = 16;
/// Power Constraint.
pub const POWER_CONSTRAINT: u8 = 32;
/// Power Capability.
pub const POWER_CAPABILITY: u8 = 33;
/// Supported Channels.
pub const SUPPORTED_CHANNELS: u8 = 36;
/// Channel Switch Announcement.
pub const CHANNEL_SWITCH: u8 = 37;
/// Measurement Request.
pub const MEASUREMENT_REQUEST: u8 = 38;
/// Measurement Report.
pub const MEASUREMENT_REPORT: u8 = 39;
/// ERP information.
pub const ERP_INFO: u8 = 42;
/// HT Capabilities.
pub const HT_CAPABILITIES: u8 = 45;
/// RSN element.
pub const RSN: u8 = 48;
/// Extended Supported Rates and BSS Membership Selectors.
pub const EXTENDED_SUPPORTED_RATES: u8 = 50;
/// Neighbor Report.
pub const NEIGHBOR_REPORT: u8 = 52;
/// Mobility Domain.
pub const MOBILITY_DOMAIN: u8 = 54;
/// Fast BSS Transition.
pub const FAST_BSS_TRANSITION: u8 = 55;
/// Timeout Interval.
pub const TIMEOUT_INTERVAL: u8 = 56;
/// RIC Data.
pub const RIC_DATA: u8 = 57;
/// Supported Operating Classes.
pub const SUPPORTED_OPERATING_CLASSES: u8 = 59;
/// HT Operation.
pub const HT_OPERATION: u8 = 61;
/// RM Enabled Capabilities.
pub const RM_ENABLED_CAPABILITIES: u8 = 70;
/// 20/40 BSS Coexistence.
pub const BSS_COEXISTENCE_20_40: u8 = 72;
/// Management MIC element (BIP).
pub const MANAGEMENT_MIC: u8 = 76;
/// BSS Max Idle Period.
pub const BSS_MAX_IDLE_PERIOD: u8 = 90;
/// Interworking.
pub const INTERWORKING: u8 = 107;
/// Extended Capabilities.
pub const EXTENDED_CAPABILITIES: u8 = 127;
/// VHT Capabilities.
pub const VHT_CAPABILITIES: u8 = 191;
/// VHT Operation.
pub const VHT_OPERATION: u8 = 192;
/// Operating Mode Notification.
pub const OPERATING_MODE_NOTIFICATION: u8 = 199;
/// Vendor Specific.
pub const VENDOR_SPECIFIC: u8 = 221;
/// RSN Extension (RSNXE).
pub const RSNX: u8 = 244;
/// Element ID Extension present: the first data octet is the extension ID.
pub const EXTENSION: u8 = 255;

/// Element ID Extension values (used with [`EXTENSION`]).
pub mod ext {
    /// OWE Diffie-Hellman Parameter.
    pub const OWE_DH_PARAM: u8 = 32;
    /// Password Identifier (SAE).
    pub const PASSWORD_IDENTIFIER: u8 = 33;
    /// HE Capabilities.
    pub const HE_CAPABILITIES: u8 = 35;
    /// HE Operation.
    pub const HE_OPERATION: u8 = 36;
    /// OCI (Operating Channel Information).
    pub const OCV_OCI: u8 = 54;
    /// HE 6 GHz Band Capabilities.
    pub const HE_6GHZ_BAND_CAPABILITIES: u8 = 59;
    /// Rejected Groups (SAE).
    pub const REJECTED_GROUPS: u8 = 92;
    /// Anti-Clogging Token Container (SAE).
    pub const ANTI_CLOGGING_TOKEN: u8 = 93;
}
