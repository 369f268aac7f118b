//! HT Capabilities (IEEE 802.11-2020 9.4.2.55) and HT Operation (9.4.2.56)
//! elements, and the WMM elements (WMM specification 2.2: a Vendor
//! Specific element, 00:50:f2 type 2) that 802.11n stations need with them.

use super::typed::{HT_CAPABILITIES_LEN, HT_OPERATION_LEN};
use super::vendor::{VendorSpecific, OUI_MICROSOFT, VENDOR_TYPE_WMM};
use crate::wire::{array_at, put, put_u16, put_u32, u16_at, u32_at, u8_at};
use crate::{Error, Result};

/// HT Capabilities Information bits (9.4.2.55.2), as hostapd's `ht_capab` names them.
pub mod cap {
    /// `[LDPC]`: LDPC coding.
    pub const LDPC: u16 = 0x0001;
    /// `[HT40-]`/`[HT40+]`: 20 and 40 MHz.
    pub const CHANNEL_WIDTH_40: u16 = 0x0002;
    /// SM Power Save field.
    pub const SMPS_MASK: u16 = 0x000c;
    /// SM Power Save disabled (hostapd's default).
    pub const SMPS_DISABLED: u16 = 0x000c;
    /// `[GF]`: HT-greenfield.
    pub const GREENFIELD: u16 = 0x0010;
    /// `[SHORT-GI-20]`.
    pub const SHORT_GI_20: u16 = 0x0020;
    /// `[SHORT-GI-40]`.
    pub const SHORT_GI_40: u16 = 0x0040;
    /// `[TX-STBC]`.
    pub const TX_STBC: u16 = 0x0080;
    /// Rx STBC field: `[RX-STBC1]` 1, `[RX-STBC12]` 2, `[RX-STBC123]` 3 streams.
    pub const RX_STBC_MASK: u16 = 0x0300;
    /// `[DELAYED-BA]`.
    pub const DELAYED_BA: u16 = 0x0400;
    /// `[MAX-AMSDU-7935]`.
    pub const MAX_AMSDU_7935: u16 = 0x0800;
    /// `[DSSS_CCK-40]`.
    pub const DSSS_CCK_40: u16 = 0x1000;
    /// `[40-INTOLERANT]`.
    pub const INTOLERANT_40: u16 = 0x4000;
    /// `[LSIG-TXOP-PROT]`.
    pub const LSIG_TXOP_PROT: u16 = 0x8000;
}

/// HT Capabilities element data (26 octets), little-endian fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HtCapabilities {
    /// HT Capabilities Information ([`cap`]).
    pub info: u16,
    /// A-MPDU Parameters: maximum length exponent (bits 0-1), minimum
    /// start spacing (bits 2-4).
    pub ampdu_params: u8,
    /// Supported MCS Set.
    pub mcs_set: [u8; 16],
    /// HT Extended Capabilities.
    pub extended: u16,
    /// Transmit Beamforming Capabilities.
    pub beamforming: u32,
    /// ASEL Capabilities.
    pub asel: u8,
}

impl HtCapabilities {
    /// Parses the 26 octets of element data.
    pub fn parse(data: &[u8]) -> Result<Self> {
        if data.len() != HT_CAPABILITIES_LEN {
            return Err(Error::ElementLength {
                id: super::id::HT_CAPABILITIES,
            });
        }
        Ok(HtCapabilities {
            info: u16_at(data, 0),
            ampdu_params: u8_at(data, 2),
            mcs_set: array_at(data, 3).unwrap_or_default(),
            extended: u16_at(data, 19),
            beamforming: u32_at(data, 21),
            asel: u8_at(data, 25),
        })
    }

    /// A station's capabilities as an AP advertising `ours` uses them
    /// (hostapd's `hostapd_get_ht_capab`): features the AP does not run
    /// are masked out; STBC and SM power save, which are not symmetric,
    /// stay, unless the AP has no STBC in the matching direction.
    pub fn masked_by(mut self, ours: u16) -> Self {
        let mut info = self.info & (ours | cap::RX_STBC_MASK | cap::TX_STBC | cap::SMPS_MASK);
        if ours & cap::TX_STBC == 0 {
            info &= !cap::RX_STBC_MASK;
        }
        if ours & cap::RX_STBC_MASK == 0 {
            info &= !cap::TX_STBC;
        }
        self.info = info;
        self
    }

    /// The 26 data octets.
    pub fn to_data(&self) -> [u8; HT_CAPABILITIES_LEN] {
        let mut out = [0u8; HT_CAPABILITIES_LEN];
        put_u16(&mut out, 0, self.info);
        put(&mut out, 2, &[self.ampdu_params]);
        put(&mut out, 3, &self.mcs_set);
        put_u16(&mut out, 19, self.extended);
        put_u32(&mut out, 21, self.beamforming);
        put(&mut out, 25, &[self.asel]);
        out
    }
}

/// HT Operation element data (22 octets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HtOperation {
    /// Primary Channel.
    pub primary_channel: u8,
    /// HT Operation Information (secondary channel offset, width,
    /// protection, ...), 5 octets.
    pub info: [u8; 5],
    /// Basic HT-MCS Set.
    pub basic_mcs_set: [u8; 16],
}

impl HtOperation {
    /// Parses the 22 octets of element data.
    pub fn parse(data: &[u8]) -> Result<Self> {
        if data.len() != HT_OPERATION_LEN {
            return Err(Error::ElementLength {
                id: super::id::HT_OPERATION,
            });
        }
        Ok(HtOperation {
            primary_channel: u8_at(data, 0),
            info: array_at(data, 1).unwrap_or_default(),
            basic_mcs_set: array_at(data, 6).unwrap_or_default(),
        })
    }

    /// The 22 data octets.
    pub fn to_data(&self) -> [u8; HT_OPERATION_LEN] {
        let mut out = [0u8; HT_OPERATION_LEN];
        put(&mut out, 0, &[self.primary_channel]);
        put(&mut out, 1, &self.info);
        put(&mut out, 6, &self.basic_mcs_set);
        out
    }
}

/// WMM OUI subtype of the Information element (stations' requests).
pub const WMM_SUBTYPE_INFORMATION: u8 = 0;
/// WMM OUI subtype of the Parameter element (beacons, responses).
pub const WMM_SUBTYPE_PARAMETER: u8 = 1;
/// The only WMM version.
pub const WMM_VERSION: u8 = 1;

/// A station's WMM Information element: its QoS Info field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WmmInfo {
    /// QoS Info: U-APSD flags per access category (bits 0-3, VO VI BK BE)
    /// and Max SP Length (bits 5-6).
    pub qos_info: u8,
}

impl WmmInfo {
    /// The WMM Information element of a vendor element, `None` if it is
    /// another vendor element, subtype or version (hostapd
    /// `hostapd_eid_wmm_valid`; a WMM Parameter element is accepted too,
    /// its first octets have the same layout).
    pub fn parse(vendor: &VendorSpecific<'_>) -> Option<Self> {
        if !vendor.is(OUI_MICROSOFT, VENDOR_TYPE_WMM) {
            return None;
        }
        match *vendor.payload() {
            [WMM_SUBTYPE_INFORMATION | WMM_SUBTYPE_PARAMETER, WMM_VERSION, qos_info, ..] => {
                Some(WmmInfo { qos_info })
            }
            _ => None,
        }
    }

    /// The access categories the station wants U-APSD for (bits 0-3).
    pub fn uapsd_queues(&self) -> u8 {
        self.qos_info & 0x0f
    }

    /// Max SP Length (bits 5-6).
    pub fn max_sp(&self) -> u8 {
        (self.qos_info >> 5) & 0x03
    }
}

/// EDCA parameters of one access category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AcParams {
    /// AIFSN.
    pub aifsn: u8,
    /// Admission control mandatory.
    pub acm: bool,
    /// log2(CWmin + 1).
    pub ecw_min: u8,
    /// log2(CWmax + 1).
    pub ecw_max: u8,
    /// TXOP limit, units of 32 µs.
    pub txop_limit: u16,
}

impl AcParams {
    /// Parameters without admission control.
    pub const fn new(aifsn: u8, ecw_min: u8, ecw_max: u8, txop_limit: u16) -> Self {
        AcParams {
            aifsn,
            acm: false,
            ecw_min,
            ecw_max,
            txop_limit,
        }
    }
}

/// WMM Parameter element (WMM specification 2.2.2) of an AP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WmmParameter {
    /// QoS Info: parameter set count (bits 0-3), U-APSD (bit 7).
    pub qos_info: u8,
    /// Best effort, background, video, voice (ACI order).
    pub ac: [AcParams; 4],
}

/// Length of the WMM Parameter element data, OUI included.
pub const WMM_PARAMETER_LEN: usize = 24;

impl WmmParameter {
    /// hostapd's defaults (`wmm_ac_*` in hostapd.conf, the WMM
    /// specification's AP values): BE, BK, VI, VO; parameter set count 1,
    /// as in hostapd's beacons (it counts the first computation).
    pub const HOSTAPD_DEFAULT: WmmParameter = WmmParameter {
        qos_info: 1,
        ac: [
            AcParams::new(3, 4, 10, 0),
            AcParams::new(7, 4, 10, 0),
            AcParams::new(2, 3, 4, 94),
            AcParams::new(2, 2, 3, 47),
        ],
    };

    /// Parses Vendor Specific element data (OUI included).
    pub fn parse(data: &[u8]) -> Result<Self> {
        let bad = Error::ElementLength {
            id: super::id::VENDOR_SPECIFIC,
        };
        let head = [
            OUI_MICROSOFT[0],
            OUI_MICROSOFT[1],
            OUI_MICROSOFT[2],
            VENDOR_TYPE_WMM,
            WMM_SUBTYPE_PARAMETER,
            WMM_VERSION,
        ];
        if data.len() != WMM_PARAMETER_LEN || data.get(..6) != Some(&head[..]) {
            return Err(bad);
        }
        let mut ac = [WmmParameter::HOSTAPD_DEFAULT.ac[0]; 4];
        for (i, record) in ac.iter_mut().enumerate() {
            let [aci_aifsn, ecw, t0, t1] = array_at::<4>(data, 8 + 4 * i).ok_or(bad)?;
            *record = AcParams {
                aifsn: aci_aifsn & 0x0f,
                acm: aci_aifsn & 0x10 != 0,
                ecw_min: ecw & 0x0f,
                ecw_max: ecw >> 4,
                txop_limit: u16::from_le_bytes([t0, t1]),
            };
        }
        Ok(WmmParameter {
            qos_info: *data.get(6).ok_or(bad)?,
            ac,
        })
    }

    /// The element data: OUI, type, subtype, version, QoS Info, a reserved
    /// octet, then one record per access category.
    pub fn to_data(&self) -> [u8; WMM_PARAMETER_LEN] {
        let mut out = [0u8; WMM_PARAMETER_LEN];
        put(&mut out, 0, &OUI_MICROSOFT);
        put(
            &mut out,
            3,
            &[
                VENDOR_TYPE_WMM,
                WMM_SUBTYPE_PARAMETER,
                WMM_VERSION,
                self.qos_info,
            ],
        );
        for (aci, p) in (0u8..).zip(&self.ac) {
            let at = 8 + 4 * usize::from(aci);
            let aci_aifsn = (p.aifsn & 0x0f) | (u8::from(p.acm) << 4) | (aci << 5);
            put(
                &mut out,
                at,
                &[aci_aifsn, (p.ecw_min & 0x0f) | (p.ecw_max << 4)],
            );
            put_u16(&mut out, at + 2, p.txop_limit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ht_capabilities_round_trip() {
        // wpa_supplicant on mac80211_hwsim (traces/psk-connect probe request).
        let probe = hex::decode(crate::testdata::PSK_PROBE_REQ).unwrap();
        let at = 24 + 2 + 10 + 6 + 3 + 2;
        assert_eq!(probe[at - 2..at], [0x2d, 0x1a]);
        let body = &probe[at..at + HT_CAPABILITIES_LEN];
        let ht = HtCapabilities::parse(body).unwrap();
        assert_eq!(ht.info, 0x107e);
        assert_eq!(ht.ampdu_params, 0x1b);
        assert_eq!(ht.mcs_set[..2], [0xff, 0xff]);
        assert_eq!(ht.mcs_set[12], 0x01);
        assert_eq!(ht.to_data(), body);
        let full = HtCapabilities {
            info: 0x0102,
            ampdu_params: 3,
            mcs_set: [9; 16],
            extended: 0x0405,
            beamforming: 0x0607_0809,
            asel: 0x0a,
        };
        assert_eq!(HtCapabilities::parse(&full.to_data()), Ok(full));
        assert!(HtCapabilities::parse(&body[..25]).is_err());
        assert!(HtCapabilities::parse(&[0; 27]).is_err());
        // An AP with SHORT-GI-20 only: the station's 40 MHz, greenfield,
        // short GI 40 and DSSS/CCK-40 go; its SM power save stays.
        assert_eq!(ht.masked_by(0x002c).info, 0x002c);
        let stbc = HtCapabilities {
            info: cap::TX_STBC | 0x0100,
            ..HtCapabilities::default()
        };
        assert_eq!(stbc.masked_by(cap::TX_STBC | 0x0100).info, 0x0180);
        // We send STBC, receive none: its Rx STBC stays, its Tx STBC goes.
        assert_eq!(stbc.masked_by(cap::TX_STBC).info, 0x0100);
        assert_eq!(stbc.masked_by(0).info, 0);
    }

    #[test]
    fn ht_operation_round_trip() {
        let op = HtOperation {
            primary_channel: 6,
            info: [0, 4, 0, 0, 0],
            basic_mcs_set: [0; 16],
        };
        let data = op.to_data();
        assert_eq!(data[..3], [6, 0, 4]);
        assert_eq!(HtOperation::parse(&data), Ok(op));
        assert!(HtOperation::parse(&data[..21]).is_err());
    }

    #[test]
    fn wmm_parameter_matches_hostapd() {
        // hostapd 2.10's default WMM Parameter element, data after dd 18.
        let expected = hex::decode("0050f2020101010003a4000027a4000042435e0062322f00").unwrap();
        assert_eq!(WmmParameter::HOSTAPD_DEFAULT.to_data().to_vec(), expected);
        assert_eq!(
            WmmParameter::parse(&expected),
            Ok(WmmParameter::HOSTAPD_DEFAULT)
        );
        assert!(WmmParameter::parse(&expected[..23]).is_err());
        let mut info = expected.clone();
        info[4] = WMM_SUBTYPE_INFORMATION;
        assert!(WmmParameter::parse(&info).is_err());
    }

    #[test]
    fn wmm_information_of_a_station() {
        // dd 07 00 50 f2 02 00 01 0f: U-APSD on every AC, Max SP 0.
        let data = [0x00, 0x50, 0xf2, 0x02, 0x00, 0x01, 0x2f];
        let wmm = WmmInfo::parse(&VendorSpecific::new(&data).unwrap()).unwrap();
        assert_eq!((wmm.uapsd_queues(), wmm.max_sp()), (0x0f, 1));
        let wpa = [0x00, 0x50, 0xf2, 0x01, 0x01, 0x00];
        assert_eq!(WmmInfo::parse(&VendorSpecific::new(&wpa).unwrap()), None);
        let short = [0x00, 0x50, 0xf2, 0x02, 0x00, 0x01];
        assert_eq!(WmmInfo::parse(&VendorSpecific::new(&short).unwrap()), None);
        let version2 = [0x00, 0x50, 0xf2, 0x02, 0x00, 0x02, 0];
        assert_eq!(
            WmmInfo::parse(&VendorSpecific::new(&version2).unwrap()),
            None
        );
    }
}
