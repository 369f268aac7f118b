//! Extended Capabilities element (IEEE 802.11-2020 9.4.2.26).

/// Extended Capabilities bit field (any length; absent octets read as 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtendedCapabilities<'a>(pub &'a [u8]);

/// Bit: 20/40 BSS Coexistence Management Support.
pub const BSS_COEX_MGMT: usize = 0;
/// Bit: Extended Channel Switching.
pub const EXT_CHANNEL_SWITCHING: usize = 2;
/// Bit: BSS Transition.
pub const BSS_TRANSITION: usize = 19;
/// Bit: Interworking.
pub const INTERWORKING: usize = 31;
/// Bit: Operating Mode Notification.
pub const OPERATING_MODE_NOTIFICATION: usize = 62;
/// Bit: SAE Password Identifiers In Use.
pub const SAE_PW_ID_IN_USE: usize = 81;
/// Bit: SAE Password Identifiers Used Exclusively.
pub const SAE_PW_ID_EXCLUSIVE: usize = 82;

impl ExtendedCapabilities<'_> {
    /// Whether bit `n` (0 = LSB of the first octet) is set.
    pub fn bit(&self, n: usize) -> bool {
        self.0.get(n / 8).is_some_and(|b| b & (1 << (n % 8)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits() {
        // 7f 08 04 00 40 02 00 00 00 40 (psk-connect beacon)
        let e = ExtendedCapabilities(&[0x04, 0x00, 0x40, 0x02, 0, 0, 0, 0x40]);
        assert!(e.bit(EXT_CHANNEL_SWITCHING));
        assert!(e.bit(22));
        assert!(e.bit(62));
        assert!(!e.bit(BSS_TRANSITION));
        assert!(!e.bit(200));
    }
}
