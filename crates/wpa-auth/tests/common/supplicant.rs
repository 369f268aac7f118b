//! A minimal, test-only supplicant (STA side of the 4-way and group key
//! handshakes) built from roamd-wpa and roamd-eapol, strict about what it
//! receives: it checks every MIC, the ANonce, the Key Information bits, the
//! unwrapped RSNE/GTK/IGTK KDEs, and that replay counters strictly increase.
//! Shared by the integration tests and the benchmark.

#![allow(dead_code)]

use roamd_eapol::{
    EapolKeyRepr, Kde, KeyDataItem, KeyDataIter, KeyDescriptorType, KeyDescriptorVersion, KeyInfo,
    ProtocolVersion, MIC_OFFSET,
};
use roamd_wpa::keywrap::{strip_key_data_padding, unwrap_key_data};
use roamd_wpa::mic::{verify_eapol_key_frame, write_eapol_key_mic};
use roamd_wpa::ptk::derive_ptk;
use roamd_wpa::{Akm, AkmExt, CipherExt, CipherSuite, MacAddr, MicAlgorithm, Nonce, Pmk, Ptk};

/// Which authenticator message the supplicant just answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Message 1 (reply: message 2).
    Message1,
    /// Message 3 (reply: message 4).
    Message3,
    /// Group message 1 (reply: group message 2).
    Group1,
}

/// What the supplicant learned from a message 3 or group message 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learned {
    pub ap_rsne: Vec<u8>,
    /// FT: the MDE, FTE and Timeout Interval elements of message 3.
    pub ft_elements: Vec<u8>,
    pub gtk_key_id: u8,
    pub gtk: Vec<u8>,
    pub igtk: Option<(u16, [u8; 6], Vec<u8>)>,
    pub key_rsc: [u8; 8],
}

pub struct Supplicant {
    pub aa: MacAddr,
    pub spa: MacAddr,
    pub akm: Akm,
    pub cipher: CipherSuite,
    pub pmk: Pmk,
    /// The RSNE this station sends in message 2 (whole element).
    pub rsne: Vec<u8>,
    /// The RSNE expected first in message 3's Key Data (whole element).
    pub expected_ap_rsne: Vec<u8>,
    pub snonce: Nonce,
    pub anonce: Option<Nonce>,
    /// PTK derived from the last message 1 (TPTK).
    pub ptk: Option<Ptk>,
    /// Counter of the last frame accepted from the AP.
    pub last_counter: u64,
    /// Counter of every frame seen from the AP, in order.
    pub counters_seen: Vec<u64>,
    pub pmkid_seen: Option<[u8; 16]>,
    pub learned: Option<Learned>,
    pub eapol_version: ProtocolVersion,
}

impl Supplicant {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        aa: MacAddr,
        spa: MacAddr,
        akm: Akm,
        cipher: CipherSuite,
        pmk: Pmk,
        rsne: Vec<u8>,
        expected_ap_rsne: Vec<u8>,
        snonce: Nonce,
    ) -> Self {
        Self {
            aa,
            spa,
            akm,
            cipher,
            pmk,
            rsne,
            expected_ap_rsne,
            snonce,
            anonce: None,
            ptk: None,
            last_counter: 0,
            counters_seen: Vec::new(),
            pmkid_seen: None,
            learned: None,
            eapol_version: ProtocolVersion::V2001,
        }
    }

    /// Ready for another 4-way handshake (a PTK rekey) with a new SNonce.
    pub fn new_handshake(&mut self, snonce: Nonce) {
        self.snonce = snonce;
        self.anonce = None;
    }

    pub fn mic_alg(&self) -> MicAlgorithm {
        self.akm.mic_algorithm().unwrap()
    }

    pub fn mic_len(&self) -> usize {
        self.mic_alg().mic_len()
    }

    fn version(&self) -> KeyDescriptorVersion {
        KeyDescriptorVersion::from(u8::from(self.akm.key_descriptor_version().unwrap()))
    }

    /// Handles a frame from the AP and returns the reply to send.
    pub fn receive(&mut self, frame: &[u8]) -> Result<(Answered, Vec<u8>), String> {
        let key = EapolKeyRepr::parse_frame(frame, self.mic_len()).map_err(|e| e.to_string())?;
        let info = key.key_info;
        if key.descriptor_type != KeyDescriptorType::Rsn {
            return Err("descriptor type".into());
        }
        if info.descriptor_version() != self.version() {
            return Err(format!(
                "descriptor version {:?}",
                info.descriptor_version()
            ));
        }
        if !info.key_ack() || info.request() || info.error() {
            return Err(format!("bad key info {:#06x}", info.bits()));
        }
        // IEEE 802.11-2020 12.7.2 c: strictly increasing replay counters.
        if key.replay_counter <= self.last_counter {
            return Err(format!(
                "replay counter {} not above {}",
                key.replay_counter, self.last_counter
            ));
        }
        self.counters_seen.push(key.replay_counter);
        if info.is_pairwise() && !info.key_mic() {
            self.message_1(&key)
        } else if info.is_pairwise() {
            self.message_3(frame, &key)
        } else {
            self.group_1(frame, &key)
        }
    }

    fn message_1(&mut self, key: &EapolKeyRepr<'_>) -> Result<(Answered, Vec<u8>), String> {
        let info = key.key_info;
        if info.install() || info.secure() || info.encrypted_key_data() {
            return Err(format!("bad message 1 key info {:#06x}", info.bits()));
        }
        if usize::from(key.key_length) != self.cipher.tk_len().unwrap() {
            return Err("message 1 key length".into());
        }
        if key.key_mic.iter().any(|&b| b != 0) {
            return Err("message 1 has a mic".into());
        }
        if let Some(anonce) = self.anonce {
            if anonce != key.key_nonce {
                return Err("anonce changed across message 1 retransmissions".into());
            }
        }
        self.pmkid_seen = KeyDataIter::new(key.key_data).find_kde(|kde| match kde {
            Kde::Pmkid(p) => Some(*p),
            _ => None,
        });
        self.anonce = Some(key.key_nonce);
        // With an FT AKM the PMK is the PMK-R1 (initial mobility domain
        // association) and `rsne` carries the RSNE with PMKR1Name, the MDE
        // and the FTE of the association response.
        let ptk = if self.akm.is_ft() {
            let pmk_r1 = roamd_wpa::PmkR1::from_slice(self.pmk.as_bytes()).unwrap();
            roamd_wpa::ft::derive_ptk(
                &pmk_r1,
                self.akm,
                self.cipher,
                &self.snonce,
                &key.key_nonce,
                &self.aa,
                &self.spa,
            )
        } else {
            derive_ptk(
                &self.pmk,
                self.akm,
                self.cipher,
                &self.aa,
                &self.spa,
                &key.key_nonce,
                &self.snonce,
            )
        }
        .map_err(|e| e.to_string())?;
        let reply = self.message_2_for(&ptk, key.replay_counter);
        self.ptk = Some(ptk);
        self.last_counter = key.replay_counter;
        Ok((Answered::Message1, reply))
    }

    /// Message 2 with this station's SNonce and RSNE under `ptk`.
    pub fn message_2_for(&self, ptk: &Ptk, replay_counter: u64) -> Vec<u8> {
        let info = (KeyInfo::KEY_TYPE | KeyInfo::KEY_MIC).with_descriptor_version(self.version());
        let repr = EapolKeyRepr {
            replay_counter,
            key_nonce: self.snonce,
            key_data: &self.rsne,
            ..EapolKeyRepr::new(KeyDescriptorType::Rsn, info)
        };
        self.seal(ptk, repr)
    }

    /// Message 4 for `replay_counter` under `ptk`.
    pub fn message_4_for(&self, ptk: &Ptk, replay_counter: u64) -> Vec<u8> {
        let info = (KeyInfo::KEY_TYPE | KeyInfo::KEY_MIC | KeyInfo::SECURE)
            .with_descriptor_version(self.version());
        let repr = EapolKeyRepr {
            replay_counter,
            ..EapolKeyRepr::new(KeyDescriptorType::Rsn, info)
        };
        self.seal(ptk, repr)
    }

    /// Group message 2 for `replay_counter` under `ptk`.
    pub fn group_2_for(&self, ptk: &Ptk, replay_counter: u64) -> Vec<u8> {
        let info = (KeyInfo::KEY_MIC | KeyInfo::SECURE).with_descriptor_version(self.version());
        let repr = EapolKeyRepr {
            replay_counter,
            ..EapolKeyRepr::new(KeyDescriptorType::Rsn, info)
        };
        self.seal(ptk, repr)
    }

    /// An EAPOL-Key frame with the given Key Information under `ptk`.
    pub fn frame_with_info(&self, ptk: &Ptk, bits: u16, replay_counter: u64) -> Vec<u8> {
        let repr = EapolKeyRepr {
            replay_counter,
            ..EapolKeyRepr::new(KeyDescriptorType::Rsn, KeyInfo::from_bits(bits))
        };
        self.seal(ptk, repr)
    }

    fn seal(&self, ptk: &Ptk, repr: EapolKeyRepr<'_>) -> Vec<u8> {
        let mut frame = repr.to_frame(self.eapol_version, self.mic_len()).unwrap();
        write_eapol_key_mic(ptk.kck(), self.mic_alg(), &mut frame, MIC_OFFSET).unwrap();
        frame
    }

    fn verify_and_unwrap(&self, frame: &[u8], key: &EapolKeyRepr<'_>) -> Result<Learned, String> {
        let ptk = self.ptk.as_ref().ok_or("no ptk")?;
        verify_eapol_key_frame(ptk.kck(), self.mic_alg(), frame, MIC_OFFSET)
            .map_err(|e| format!("mic: {e}"))?;
        if !key.key_info.encrypted_key_data() || !key.key_info.secure() {
            return Err("key data not encrypted or not secure".into());
        }
        let plain = unwrap_key_data(ptk.kek(), key.key_data).map_err(|e| e.to_string())?;
        let mut learned = Learned {
            key_rsc: key.key_rsc,
            ..Learned::default()
        };
        let mut have_gtk = false;
        for item in KeyDataIter::new(strip_key_data_padding(plain.as_bytes())) {
            match item.map_err(|e| e.to_string())? {
                KeyDataItem::Element { id: 48, data } => {
                    learned.ap_rsne = [&[48, data.len() as u8][..], data].concat();
                }
                KeyDataItem::Element {
                    id: id @ (54..=56),
                    data,
                } if self.akm.is_ft() => {
                    learned
                        .ft_elements
                        .extend_from_slice(&[id, data.len() as u8]);
                    learned.ft_elements.extend_from_slice(data);
                }
                KeyDataItem::Kde(Kde::Gtk(g)) => {
                    have_gtk = true;
                    learned.gtk_key_id = g.key_id;
                    learned.gtk = g.gtk.to_vec();
                }
                KeyDataItem::Kde(Kde::Igtk(k)) => {
                    learned.igtk = Some((k.key_id, k.pn, k.key.to_vec()));
                }
                other => return Err(format!("unexpected key data item {other:?}")),
            }
        }
        if !have_gtk {
            return Err("no gtk kde".into());
        }
        Ok(learned)
    }

    fn message_3(
        &mut self,
        frame: &[u8],
        key: &EapolKeyRepr<'_>,
    ) -> Result<(Answered, Vec<u8>), String> {
        if !key.key_info.install() {
            return Err("message 3 without install".into());
        }
        if Some(key.key_nonce) != self.anonce {
            return Err("message 3 anonce differs from message 1".into());
        }
        if usize::from(key.key_length) != self.cipher.tk_len().unwrap() {
            return Err("message 3 key length".into());
        }
        let learned = self.verify_and_unwrap(frame, key)?;
        if learned.ap_rsne != self.expected_ap_rsne {
            return Err("message 3 rsne differs from beacon".into());
        }
        let ptk = self.ptk.as_ref().ok_or("no ptk")?;
        let reply = self.message_4_for(ptk, key.replay_counter);
        self.learned = Some(learned);
        self.last_counter = key.replay_counter;
        Ok((Answered::Message3, reply))
    }

    fn group_1(
        &mut self,
        frame: &[u8],
        key: &EapolKeyRepr<'_>,
    ) -> Result<(Answered, Vec<u8>), String> {
        if key.key_info.install() || key.key_length != 0 || key.key_nonce != [0; 32] {
            return Err("bad group message 1".into());
        }
        let learned = self.verify_and_unwrap(frame, key)?;
        if !learned.ap_rsne.is_empty() {
            return Err("rsne in group message 1".into());
        }
        let ptk = self.ptk.as_ref().ok_or("no ptk")?;
        let reply = self.group_2_for(ptk, key.replay_counter);
        self.learned = Some(learned);
        self.last_counter = key.replay_counter;
        Ok((Answered::Group1, reply))
    }
}
