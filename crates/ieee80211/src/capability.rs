//! Capability Information field (IEEE 802.11-2020 9.4.1.4).

bitflags::bitflags! {
    /// Capability Information bits; unknown bits are retained.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct CapabilityInfo: u16 {
        /// ESS: sent by an AP.
        const ESS = 1 << 0;
        /// IBSS.
        const IBSS = 1 << 1;
        /// CF-Pollable (obsolete).
        const CF_POLLABLE = 1 << 2;
        /// CF-Poll Request (obsolete).
        const CF_POLL_REQUEST = 1 << 3;
        /// Privacy: the BSS requires confidentiality (WEP/RSN).
        const PRIVACY = 1 << 4;
        /// Short Preamble.
        const SHORT_PREAMBLE = 1 << 5;
        /// Spectrum Management.
        const SPECTRUM_MGMT = 1 << 8;
        /// QoS.
        const QOS = 1 << 9;
        /// Short Slot Time.
        const SHORT_SLOT_TIME = 1 << 10;
        /// APSD.
        const APSD = 1 << 11;
        /// Radio Measurement.
        const RADIO_MEASUREMENT = 1 << 12;
        /// EPD.
        const EPD = 1 << 13;
        /// Delayed Block Ack (obsolete).
        const DELAYED_BLOCK_ACK = 1 << 14;
        /// Immediate Block Ack (obsolete).
        const IMMEDIATE_BLOCK_ACK = 1 << 15;
    }
}

impl From<u16> for CapabilityInfo {
    fn from(v: u16) -> Self {
        CapabilityInfo::from_bits_retain(v)
    }
}

impl From<CapabilityInfo> for u16 {
    fn from(c: CapabilityInfo) -> u16 {
        c.bits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_values() {
        // psk-connect beacon: 0x0411 = ESS | Privacy | Short Slot Time
        let c = CapabilityInfo::from(0x0411);
        assert_eq!(
            c,
            CapabilityInfo::ESS | CapabilityInfo::PRIVACY | CapabilityInfo::SHORT_SLOT_TIME
        );
        // STA assoc request: 0x0431 adds Short Preamble
        assert!(CapabilityInfo::from(0x0431).contains(CapabilityInfo::SHORT_PREAMBLE));
        assert_eq!(u16::from(CapabilityInfo::from(0x00c0)), 0x00c0);
    }
}
