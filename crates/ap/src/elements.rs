//! The frames a BSS transmits: beacon head and tail, probe, authentication
//! and association responses, deauthentication. Built once per BSS from its
//! configuration, then per station with only the addresses changing.

use roamd_ieee80211::{
    Aid, AssocResponseRepr, AuthAlgorithm, AuthenticationRepr, BeaconRepr, Body, CapabilityInfo,
    ElementWriter, Elements, MacAddr, ManagementFrame, Rate, ReasonBodyRepr, ReasonCode,
    StatusCode,
};

use roamd_ieee80211::action::{FtActionCode, FtActionRepr, SaQueryAction, SaQueryRepr};
use roamd_ieee80211::body::ActionRepr;
use roamd_ieee80211::element::{
    country_data, id, HtOperation, TimeoutInterval, TimeoutIntervalType, WmmParameter,
};

use crate::config::{BssConfig, HwMode, RadioConfig};

/// Rates that fit the Supported Rates element; the rest go to Extended Supported Rates.
const SUPPORTED_RATES_MAX: usize = 8;
/// ERP Information element (IEEE 802.11-2020 9.4.2.11).
const EID_ERP: u8 = 42;
/// RM Enabled Capabilities, first octet (IEEE 802.11-2020 9.4.2.44):
/// Neighbor Report.
const RRM_NEIGHBOR_REPORT: u8 = 0x02;
/// Beacon Passive, Active and Table Measurement (hostapd sets all three).
const RRM_BEACON_REPORT: u8 = 0x70;

/// The per-BSS frame templates.
#[derive(Debug, Clone)]
pub struct BssElements {
    bssid: MacAddr,
    beacon_interval: u16,
    dtim_period: u8,
    freq_mhz: u32,
    capability: CapabilityInfo,
    /// SSID, rates and DS parameter set: the part of the beacon before the TIM.
    head_elements: Vec<u8>,
    /// The same with the SSID always present (hidden BSSes still answer directed probes).
    probe_head_elements: Vec<u8>,
    /// Elements after the TIM: Country, ERP, extended rates, ...
    tail_elements: Vec<u8>,
    /// Elements of a successful association response.
    assoc_elements: Vec<u8>,
    /// The WMM Parameter element of a WMM BSS (empty otherwise), also
    /// in the association responses of WMM stations.
    wmm_element: Vec<u8>,
    /// The HT Capabilities Information advertised, with 802.11n (HT20).
    ht: Option<u16>,
}

/// The rate set of a PHY mode: basic rates flagged (hostapd's defaults).
fn rates(mode: HwMode) -> Vec<Rate> {
    let r = |units, basic| Rate::new(units, basic);
    match mode {
        HwMode::B => vec![r(2, true), r(4, true), r(11, true), r(22, true)],
        HwMode::G => vec![
            r(2, true),
            r(4, true),
            r(11, true),
            r(22, true),
            r(12, false),
            r(18, false),
            r(24, false),
            r(36, false),
            r(48, false),
            r(72, false),
            r(96, false),
            r(108, false),
        ],
        HwMode::A => vec![
            r(12, true),
            r(18, false),
            r(24, true),
            r(36, false),
            r(48, true),
            r(72, false),
            r(96, false),
            r(108, false),
        ],
    }
}

impl BssElements {
    /// Templates for `bss` on `radio`; `rsne` is the whole RSN element of a
    /// protected BSS.
    pub fn new(bss: &BssConfig, radio: &RadioConfig, bssid: MacAddr, rsne: Option<&[u8]>) -> Self {
        let rates = rates(radio.hw_mode);
        let (supported, extended) = rates.split_at(rates.len().min(SUPPORTED_RATES_MAX));
        let mut capability = CapabilityInfo::ESS;
        if radio.hw_mode == HwMode::G {
            capability |= CapabilityInfo::SHORT_SLOT_TIME;
        }
        if rsne.is_some() {
            capability |= CapabilityInfo::PRIVACY;
        }
        // With an RM Enabled Capabilities element (wpa_supplicant uses RRM
        // only when both say so, as hostapd sets them).
        if bss.rrm_neighbor_report || bss.rrm_beacon_report {
            capability |= CapabilityInfo::RADIO_MEASUREMENT;
        }
        // Every element below is within its size limit by construction (the
        // SSID is at most 32 bytes, validated by the configuration), so the
        // writer cannot fail; errors would only drop an element.
        let head = |ssid: &[u8]| {
            let mut buf = Vec::new();
            let mut w = ElementWriter::new(&mut buf);
            let _ = w.ssid(ssid);
            let _ = w.supported_rates(supported);
            if radio.hw_mode != HwMode::A {
                let _ = w.ds_parameter_set(radio.channel as u8);
            }
            buf
        };
        let hidden_ssid: &[u8] = if bss.hidden { &[] } else { &bss.ssid };
        // 802.11k/v, only when enabled (hostapd's order: RM Enabled
        // Capabilities after the RSN elements, Extended Capabilities later).
        let mut wnm_elements = Vec::new();
        {
            let mut w = ElementWriter::new(&mut wnm_elements);
            let rm = (u8::from(bss.rrm_neighbor_report) * RRM_NEIGHBOR_REPORT)
                | (u8::from(bss.rrm_beacon_report) * RRM_BEACON_REPORT);
            if rm != 0 {
                let _ = w.raw(id::RM_ENABLED_CAPABILITIES, &[rm, 0, 0, 0, 0]);
            }
            // HT20 (hostapd_eid_ht_capabilities, _ht_operation): the
            // primary channel only, no protection while nobody associated.
            if let Some(ht) = &radio.ht {
                let _ = w.raw(id::HT_CAPABILITIES, &ht.to_data());
                let operation = HtOperation {
                    primary_channel: radio.channel as u8,
                    ..HtOperation::default()
                };
                let _ = w.raw(id::HT_OPERATION, &operation.to_data());
            }
            if bss.bss_transition {
                // Bit 19 (BSS Transition): octet 2, bit 3.
                let _ = w.raw(id::EXTENDED_CAPABILITIES, &[0, 0, 0x08]);
            }
        }
        let mut wmm_element = Vec::new();
        if bss.wmm {
            let wmm = WmmParameter::HOSTAPD_DEFAULT.to_data();
            let _ = ElementWriter::new(&mut wmm_element).raw(id::VENDOR_SPECIFIC, &wmm);
        }
        let mut tail_elements = Vec::new();
        {
            let mut w = ElementWriter::new(&mut tail_elements);
            // hostapd's order: the Country element opens the tail, right
            // after the DS Parameter Set and the TIM.
            if let (true, Some([a, b])) = (radio.advertise_country, radio.country) {
                let data = country_data([a, b, radio.country_environment], &radio.country_triplets);
                let _ = w.raw(id::COUNTRY, &data);
            }
            if radio.hw_mode == HwMode::G {
                let _ = w.raw(EID_ERP, &[0]);
            }
            if !extended.is_empty() {
                let _ = w.extended_supported_rates(extended);
            }
            // hostapd's order: ERP, extended rates, RSN.
            if let Some(rsne) = rsne {
                w.encoded(rsne);
            }
            w.encoded(&wnm_elements);
            w.encoded(&wmm_element);
        }
        let mut assoc_elements = Vec::new();
        {
            let mut w = ElementWriter::new(&mut assoc_elements);
            let _ = w.supported_rates(supported);
            if !extended.is_empty() {
                let _ = w.extended_supported_rates(extended);
            }
            w.encoded(&wnm_elements);
        }
        BssElements {
            bssid,
            beacon_interval: radio.beacon_interval,
            dtim_period: radio.dtim_period,
            freq_mhz: radio.freq_mhz,
            capability,
            head_elements: head(hidden_ssid),
            probe_head_elements: head(&bss.ssid),
            tail_elements,
            assoc_elements,
            wmm_element,
            ht: radio.ht.map(|h| h.info),
        }
    }

    /// The HT Capabilities Information advertised, when the BSS runs 802.11n.
    pub fn ht(&self) -> Option<u16> {
        self.ht
    }

    /// Beacon interval, TUs.
    pub fn beacon_interval(&self) -> u16 {
        self.beacon_interval
    }

    /// DTIM period.
    pub fn dtim_period(&self) -> u8 {
        self.dtim_period
    }

    /// Channel frequency, MHz.
    pub fn freq_mhz(&self) -> u32 {
        self.freq_mhz
    }

    /// A frame from this BSS to `da`; the header's subtype follows the body.
    fn frame(&self, da: MacAddr, body: Body<'_>) -> Vec<u8> {
        ManagementFrame::new(da, self.bssid, self.bssid, body).to_bytes()
    }

    fn beacon_body<'e>(&self, elements: &'e [u8]) -> BeaconRepr<'e> {
        BeaconRepr {
            timestamp: 0,
            beacon_interval: self.beacon_interval,
            capabilities: self.capability,
            elements: Elements::new(elements),
        }
    }

    /// Beacon up to the TIM element (the kernel inserts the TIM).
    pub fn beacon_head(&self) -> Vec<u8> {
        self.frame(
            MacAddr::BROADCAST,
            Body::Beacon(self.beacon_body(&self.head_elements)),
        )
    }

    /// The WMM Parameter element (ID and length included) of a WMM BSS,
    /// empty otherwise: the association response of a WMM station ends with it.
    pub fn wmm_element(&self) -> &[u8] {
        &self.wmm_element
    }

    /// Beacon elements after the TIM.
    pub fn beacon_tail(&self) -> Vec<u8> {
        self.tail_elements.clone()
    }

    /// A probe response to `da`.
    pub fn probe_response(&self, da: MacAddr) -> Vec<u8> {
        let mut elements = self.probe_head_elements.clone();
        elements.extend_from_slice(&self.tail_elements);
        self.frame(da, Body::ProbeResponse(self.beacon_body(&elements)))
    }

    /// An authentication frame to `da`.
    pub fn auth_response(
        &self,
        da: MacAddr,
        algorithm: u16,
        transaction: u16,
        status: StatusCode,
    ) -> Vec<u8> {
        self.auth_response_with(da, algorithm, transaction, status, &[])
    }

    /// An authentication response carrying `elements` (FT: RSNE, MDE, FTE).
    pub fn auth_response_with(
        &self,
        da: MacAddr,
        algorithm: u16,
        transaction: u16,
        status: StatusCode,
        elements: &[u8],
    ) -> Vec<u8> {
        let body = AuthenticationRepr {
            algorithm: AuthAlgorithm::from(algorithm),
            transaction,
            status,
            payload: elements,
        };
        self.frame(da, Body::Authentication(body))
    }

    /// A (re)association response; `aid` is `Some` exactly when `status` is success.
    pub fn assoc_response(
        &self,
        da: MacAddr,
        reassoc: bool,
        status: StatusCode,
        aid: Option<u16>,
        ft_elements: &[u8],
    ) -> Vec<u8> {
        // hostapd's order: rates, then MDE and FTE.
        let mut elements = Vec::new();
        if aid.is_some() {
            elements.extend_from_slice(&self.assoc_elements);
            elements.extend_from_slice(ft_elements);
        }
        let body = AssocResponseRepr {
            capabilities: self.capability,
            status,
            aid: aid.and_then(Aid::new).unwrap_or(Aid::NONE),
            elements: Elements::new(&elements),
        };
        self.frame(
            da,
            if reassoc {
                Body::ReassocResponse(body)
            } else {
                Body::AssocResponse(body)
            },
        )
    }

    /// A (re)association refusal with status 30 and an association comeback
    /// time (Timeout Interval type 3): the station is still associated with
    /// PMF and an SA Query is checking whether it really left (11.3.5.4).
    pub fn assoc_comeback(&self, da: MacAddr, reassoc: bool, comeback_tus: u32) -> Vec<u8> {
        let mut elements = Vec::new();
        let tie = TimeoutInterval {
            kind: TimeoutIntervalType::AssociationComeback,
            value: comeback_tus,
        };
        let _ = ElementWriter::new(&mut elements).timeout_interval(&tie);
        let body = AssocResponseRepr {
            capabilities: self.capability,
            status: StatusCode::AssocRejectedTemporarily,
            aid: Aid::NONE,
            elements: Elements::new(&elements),
        };
        self.frame(
            da,
            if reassoc {
                Body::ReassocResponse(body)
            } else {
                Body::AssocResponse(body)
            },
        )
    }

    /// An SA Query request or response to `da`.
    pub fn sa_query(&self, da: MacAddr, request: bool, transaction_id: [u8; 2]) -> Vec<u8> {
        let query = SaQueryRepr {
            action: if request {
                SaQueryAction::Request
            } else {
                SaQueryAction::Response
            },
            transaction_id,
            elements: Elements::new(&[]),
        };
        self.action(da, &query.to_bytes())
    }

    /// An Action frame to `da` with this body (Category first).
    pub fn action(&self, da: MacAddr, body: &[u8]) -> Vec<u8> {
        match ActionRepr::from_bytes(body) {
            Ok(action) => self.frame(da, Body::Action(action)),
            Err(_) => Vec::new(),
        }
    }

    /// An FT Response Action frame (over the DS) to the station `da`, on
    /// behalf of `target`.
    pub fn ft_response(
        &self,
        da: MacAddr,
        target: MacAddr,
        status: StatusCode,
        elements: &[u8],
    ) -> Vec<u8> {
        let response = FtActionRepr {
            action: FtActionCode::Response,
            sta_addr: da,
            target_ap_addr: target,
            status: Some(status),
            elements: Elements::new(elements),
        };
        let Ok(body) = response.to_bytes() else {
            return Vec::new();
        };
        self.action(da, &body)
    }

    /// A disassociation frame to `da`.
    pub fn disassociation(&self, da: MacAddr, reason: ReasonCode) -> Vec<u8> {
        let body = ReasonBodyRepr {
            reason,
            elements: Elements::new(&[]),
        };
        self.frame(da, Body::Disassociation(body))
    }

    /// A deauthentication frame to `da`.
    pub fn deauthentication(&self, da: MacAddr, reason: ReasonCode) -> Vec<u8> {
        let body = ReasonBodyRepr {
            reason,
            elements: Elements::new(&[]),
        };
        self.frame(da, Body::Deauthentication(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn templates(hidden: bool) -> BssElements {
        let text = format!(
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"roam-psk\"\nhidden = {hidden}\n"
        );
        let c = Config::parse(Path::new("t.toml"), &text).expect("valid");
        BssElements::new(
            &c.radios[0].bss[0],
            &c.radios[0],
            MacAddr([2, 0, 0, 0, 0, 0]),
            None,
        )
    }

    #[test]
    fn beacon_head_matches_hostapd_layout() {
        // hostapd 2.10's beacon head for the same SSID/channel (traces/psk-connect),
        // with the capability of an open BSS (no privacy bit).
        let expected = "80000000ffffffffffff020000000000020000000000000000000000000000006400\
                        0104 0008726f616d2d70736b 010882848b960c121824 030101";
        let expected: Vec<u8> = hex(expected);
        assert_eq!(templates(false).beacon_head(), expected);
    }

    #[test]
    fn hidden_ssid_is_empty_in_beacons_but_not_in_probe_responses() {
        let t = templates(true);
        let head = t.beacon_head();
        assert_eq!(&head[36..38], &[0, 0]);
        let resp = t.probe_response(MacAddr([2, 0, 0, 0, 2, 0]));
        assert_eq!(&resp[36..46], b"\x00\x08roam-psk");
    }

    #[test]
    fn assoc_response_carries_aid_with_top_bits() {
        let t = templates(false);
        let f = t.assoc_response(
            MacAddr([2, 0, 0, 0, 2, 0]),
            false,
            StatusCode::Success,
            Some(1),
            &[],
        );
        assert_eq!(f[0], 0x10);
        assert_eq!(&f[24..30], &[0x01, 0x04, 0, 0, 0x01, 0xc0]);
    }

    #[test]
    fn country_element_opens_the_tail_of_beacons_and_probe_responses() {
        let text = "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\ncountry = \"DE\"\n\
                    advertise_country = true\n[[radio.bss]]\nssid = \"roam-psk\"\n";
        let mut c = Config::parse(Path::new("t.toml"), text).expect("valid");
        // What the daemon reads from the kernel for DE: channels 1-13, 20 dBm.
        c.radios[0].country_triplets = vec![roamd_ieee80211::element::SubbandTriplet {
            first_channel: 1,
            channels: 13,
            max_power_dbm: 20,
        }];
        let t = BssElements::new(&c.radios[0].bss[0], &c.radios[0], MacAddr([2; 6]), None);
        // Country (7), 6 octets: "DE ", channels 1..=13 at 20 dBm; then ERP.
        let country = hex("0706 444520 010d14");
        let tail = t.beacon_tail();
        assert_eq!(&tail[..8], &country[..]);
        assert_eq!(tail[8], EID_ERP);
        // A probe response: SSID, rates, DS Parameter Set, then Country.
        let resp = t.probe_response(MacAddr([2, 0, 0, 0, 2, 0]));
        let after_ds = 36 + 10 + 10 + 3;
        assert_eq!(&resp[after_ds - 3..after_ds], &[3, 1, 1]);
        assert_eq!(&resp[after_ds..after_ds + 8], &country[..]);
        // Not advertised unless asked.
        assert!(!templates(false).beacon_tail().starts_with(&[id::COUNTRY]));
    }

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }
}
