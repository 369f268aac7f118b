//! Key-holder messages: what follows the subtype octet of an 0x88b7 frame
//! (hostapd `wpa_ft_rrb_build`, `wpa_ft_rrb_oui_rx`).
//!
//! ```text
//! le16 auth_len | auth TLVs (plaintext, authenticated) | SIV (16) | encrypted TLVs
//! ```
//! The SIV and ciphertext are AES-SIV over the encrypted TLVs with the
//! associated data `[sender MAC, auth TLVs, subtype]` ([`roamd_wpa::rrb`]).
//! A message shorter than 64 octets gets a padding TLV (type 0) at the end of
//! the auth part, as hostapd pads to the minimum Ethernet frame.
//!
//! | subtype | auth TLVs | encrypted TLVs |
//! |---|---|---|
//! | PULL | NONCE, SEQ, R0KH_ID, R1KH_ID | PMK_R0_NAME, S1KH_ID |
//! | RESP | NONCE, SEQ, R0KH_ID, R1KH_ID | S1KH_ID + session (none: a NAK) |
//! | PUSH | SEQ, R0KH_ID, R1KH_ID | S1KH_ID, PMK_R0_NAME + session |
//! | SEQ_REQ | NONCE, R0KH_ID, R1KH_ID | none |
//! | SEQ_RESP | NONCE, SEQ, R0KH_ID, R1KH_ID | none |
//!
//! The session TLVs are PMK_R1, PMK_R1_NAME, PAIRWISE, EXPIRES_IN,
//! IDENTITY, RADIUS_CUI, SESSION_TIMEOUT and the VLAN TLVs, in hostapd's
//! order (`wpa_ft_rrb_build_r0`), so that sealed output matches hostapd's
//! octet for octet.

use roamd_ieee80211::MacAddr;
use roamd_wpa::rrb::{rrb_open, rrb_seal, RrbKey, SIV_LEN};
use roamd_wpa::{PmkR0Name, PmkR1, PmkR1Name};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::frame::Subtype;
use crate::tlv::{TlvType, TlvWriter, Tlvs, TLV_HEADER_LEN};
use crate::wire::{u16_at, u32_at};

/// Length of the NONCE TLV value.
pub const NONCE_LEN: usize = 16;

/// Longest R0KH-ID.
pub const R0KH_ID_MAX_LEN: usize = roamd_wpa::ft::R0KH_ID_MAX_LEN;

/// hostapd pads messages to this length (`RRB_MIN_MSG_LEN`).
pub const MIN_MESSAGE_LEN: usize = 64;

/// Most tagged VLANs kept from a message (hostapd `MAX_NUM_TAGGED_VLAN`).
pub const MAX_TAGGED_VLANS: usize = 32;

// Ethernet drivers may pad short frames with two octets that hostapd then
// strips before retrying AES-SIV (`wpa_ft_rrb_decrypt`).
const ETHERNET_PAD_RETRY: usize = 2;

/// The SEQ TLV (`struct ft_rrb_seq`): the sender's random domain (low bit
/// set), its counter, and its monotonic clock in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Seq {
    /// Random per-peer domain; a change means the sender restarted.
    pub dom: u32,
    /// Sequence number, counting up from a random start.
    pub seq: u32,
    /// Sender's monotonic time, seconds.
    pub ts: u32,
}

impl Seq {
    /// Encoded length.
    pub const LEN: usize = 12;

    /// Parses the TLV value.
    pub fn parse(v: &[u8]) -> Option<Seq> {
        if v.len() != Self::LEN {
            return None;
        }
        Some(Seq {
            dom: u32_at(v, 0)?,
            seq: u32_at(v, 4)?,
            ts: u32_at(v, 8)?,
        })
    }

    /// The TLV value.
    pub fn to_bytes(&self) -> [u8; 12] {
        let mut b = [0; 12];
        for (dst, v) in b.chunks_exact_mut(4).zip([self.dom, self.seq, self.ts]) {
            dst.copy_from_slice(&v.to_le_bytes());
        }
        b
    }
}

/// The authenticated (plaintext) TLVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthRepr<'a> {
    /// NONCE (PULL, RESP, SEQ_REQ, SEQ_RESP).
    pub nonce: Option<[u8; NONCE_LEN]>,
    /// SEQ (all but SEQ_REQ).
    pub seq: Option<Seq>,
    /// R0KH-ID, 1..=48 octets.
    pub r0kh_id: &'a [u8],
    /// R1KH-ID.
    pub r1kh_id: MacAddr,
}

impl<'a> AuthRepr<'a> {
    /// Parses the auth TLVs: R0KH_ID and R1KH_ID are required, NONCE and SEQ
    /// optional but, when present, of the right length.
    pub fn parse(tlvs: Tlvs<'a>) -> Result<Self, Error> {
        let r0kh_id = tlvs.require(TlvType::R0khId)?;
        if r0kh_id.is_empty() || r0kh_id.len() > R0KH_ID_MAX_LEN {
            return Err(Error::MissingTlv(TlvType::R0khId.into()));
        }
        let r1kh_id = MacAddr(tlvs.find_array(TlvType::R1khId)?);
        let nonce = match tlvs.find(TlvType::Nonce) {
            None => None,
            Some(_) => Some(tlvs.find_array(TlvType::Nonce)?),
        };
        let seq = match tlvs.find(TlvType::Seq) {
            None => None,
            Some(v) => Some(Seq::parse(v).ok_or(Error::MissingTlv(TlvType::Seq.into()))?),
        };
        Ok(AuthRepr {
            nonce,
            seq,
            r0kh_id,
            r1kh_id,
        })
    }

    fn emit(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.r0kh_id.is_empty() || self.r0kh_id.len() > R0KH_ID_MAX_LEN {
            return Err(Error::FieldLength);
        }
        let mut w = TlvWriter::new(out);
        if let Some(n) = &self.nonce {
            w.push(TlvType::Nonce, n)?;
        }
        if let Some(s) = &self.seq {
            w.push(TlvType::Seq, &s.to_bytes())?;
        }
        w.push(TlvType::R0khId, self.r0kh_id)?
            .push(TlvType::R1khId, &self.r1kh_id.0)?;
        Ok(())
    }
}

/// VLAN assignment carried with a PMK-R1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vlan {
    /// Untagged VLAN ID.
    pub untagged: Option<u16>,
    /// Tagged VLAN IDs, sorted.
    pub tagged: Vec<u16>,
}

impl Vlan {
    /// True if neither is set (no VLAN TLVs are sent).
    pub fn is_empty(&self) -> bool {
        self.untagged.is_none() && self.tagged.is_empty()
    }
}

/// A pairwise cipher as hostapd's `WPA_CIPHER_*` bit, the PAIRWISE TLV
/// (`src/common/defs.h`); 0 for a cipher hostapd has no bit for.
pub fn cipher_bit(cipher: roamd_ieee80211::element::CipherSuite) -> u16 {
    use roamd_ieee80211::element::CipherSuite as C;
    match cipher {
        C::Tkip => 1 << 3,
        C::Ccmp128 => 1 << 4,
        C::Gcmp128 => 1 << 6,
        C::Gcmp256 => 1 << 8,
        C::Ccmp256 => 1 << 9,
        _ => 0,
    }
}

/// What travels with a PMK-R1 (hostapd's "session TLVs").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// PMK-R1 for the R1KH named in the auth part.
    pub pmk_r1: PmkR1,
    /// PMKR1Name.
    pub pmk_r1_name: PmkR1Name,
    /// Pairwise cipher as hostapd's `WPA_CIPHER_*` bit (0x10 CCMP).
    pub pairwise: u16,
    /// Seconds until the key expires, 0 for never. Only 16 bits on the
    /// wire: hostapd 2.10 truncates its 14-day default modulo 65536.
    pub expires_in: u16,
    /// Seconds of RADIUS Session-Timeout left, 0 for none.
    pub session_timeout: u32,
    /// EAP identity (empty if none; hostapd sends the TLV anyway).
    pub identity: Vec<u8>,
    /// RADIUS Chargeable-User-Identity (empty if none).
    pub radius_cui: Vec<u8>,
    /// VLAN.
    pub vlan: Vlan,
}

impl Session {
    fn emit(&self, w: &mut TlvWriter<'_>) -> Result<(), Error> {
        w.push(TlvType::PmkR1, self.pmk_r1.as_bytes())?
            .push(TlvType::PmkR1Name, self.pmk_r1_name.as_bytes())?
            .push(TlvType::Pairwise, &self.pairwise.to_le_bytes())?
            .push(TlvType::ExpiresIn, &self.expires_in.to_le_bytes())?
            .push(TlvType::Identity, &self.identity)?
            .push(TlvType::RadiusCui, &self.radius_cui)?
            .push(TlvType::SessionTimeout, &self.session_timeout.to_le_bytes())?;
        if let Some(v) = self.vlan.untagged {
            w.push(TlvType::VlanUntagged, &v.to_le_bytes())?;
        }
        if !self.vlan.tagged.is_empty() {
            let ids: Vec<u8> = self
                .vlan
                .tagged
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect();
            w.push(TlvType::VlanTagged, &ids)?;
        }
        Ok(())
    }

    // hostapd `wpa_ft_rrb_rx_r1`: PMK_R1_NAME and PMK_R1 (32 or 48) are
    // required; optional TLVs of the wrong length count as absent.
    fn parse(tlvs: Tlvs<'_>, pairwise: u16) -> Result<Session, Error> {
        let pmk_r1_name = PmkR1Name(tlvs.find_array(TlvType::PmkR1Name)?);
        let pmk_r1 = PmkR1::from_slice(tlvs.require(TlvType::PmkR1)?)
            .map_err(|_| Error::MissingTlv(TlvType::PmkR1.into()))?;
        let expires_in = tlvs
            .find(TlvType::ExpiresIn)
            .and_then(|v| (v.len() == 2).then(|| u16_at(v, 0)).flatten())
            .unwrap_or(0);
        let session_timeout = tlvs
            .find(TlvType::SessionTimeout)
            .and_then(|v| (v.len() == 4).then(|| u32_at(v, 0)).flatten())
            .unwrap_or(0);
        Ok(Session {
            pmk_r1,
            pmk_r1_name,
            pairwise,
            expires_in,
            session_timeout,
            identity: tlvs.find(TlvType::Identity).unwrap_or(&[]).to_vec(),
            radius_cui: tlvs.find(TlvType::RadiusCui).unwrap_or(&[]).to_vec(),
            vlan: parse_vlan(tlvs)?,
        })
    }
}

// hostapd `wpa_ft_rrb_get_tlv_vlan`: IDs outside 1..=4094 are skipped.
fn parse_vlan(tlvs: Tlvs<'_>) -> Result<Vlan, Error> {
    let mut vlan = Vlan::default();
    for t in tlvs.iter() {
        let valid = |c: &[u8]| u16_at(c, 0).filter(|id| (1..=4094).contains(id));
        match t.ty {
            TlvType::VlanUntagged => {
                if t.value.len() != 2 {
                    return Err(Error::MissingTlv(TlvType::VlanUntagged.into()));
                }
                if let Some(id) = valid(t.value) {
                    vlan.untagged = Some(id);
                }
            }
            TlvType::VlanTagged => {
                if t.value.len() % 2 != 0 {
                    return Err(Error::MissingTlv(TlvType::VlanTagged.into()));
                }
                for c in t.value.chunks_exact(2) {
                    if let Some(id) = valid(c) {
                        if vlan.tagged.len() < MAX_TAGGED_VLANS {
                            vlan.tagged.push(id);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    vlan.tagged.sort_unstable();
    Ok(vlan)
}

/// The encrypted part of a message, by subtype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// PMK-R1 pull request.
    Pull {
        /// PMKR0Name the station presented.
        pmk_r0_name: PmkR0Name,
        /// The station.
        s1kh_id: MacAddr,
    },
    /// Pull response.
    Resp {
        /// The station.
        s1kh_id: MacAddr,
        /// The key; `None` is a NAK (the R0KH has no such PMK-R0).
        session: Option<Session>,
    },
    /// PMK-R1 push.
    Push {
        /// The station.
        s1kh_id: MacAddr,
        /// PMKR0Name the PMK-R1 derives from.
        pmk_r0_name: PmkR0Name,
        /// The key.
        session: Session,
    },
    /// Sequence number request (nothing encrypted).
    SeqReq,
    /// Sequence number response (nothing encrypted).
    SeqResp,
}

impl Body {
    /// The subtype that carries this body.
    pub fn subtype(&self) -> Subtype {
        match self {
            Body::Pull { .. } => Subtype::Pull,
            Body::Resp { .. } => Subtype::Resp,
            Body::Push { .. } => Subtype::Push,
            Body::SeqReq => Subtype::SeqReq,
            Body::SeqResp => Subtype::SeqResp,
        }
    }

    fn emit(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut w = TlvWriter::new(out);
        match self {
            Body::Pull {
                pmk_r0_name,
                s1kh_id,
            } => {
                w.push(TlvType::PmkR0Name, pmk_r0_name.as_bytes())?
                    .push(TlvType::S1khId, &s1kh_id.0)?;
            }
            Body::Resp { s1kh_id, session } => {
                w.push(TlvType::S1khId, &s1kh_id.0)?;
                if let Some(s) = session {
                    s.emit(&mut w)?;
                }
            }
            Body::Push {
                s1kh_id,
                pmk_r0_name,
                session,
            } => {
                w.push(TlvType::S1khId, &s1kh_id.0)?
                    .push(TlvType::PmkR0Name, pmk_r0_name.as_bytes())?;
                session.emit(&mut w)?;
            }
            Body::SeqReq | Body::SeqResp => {}
        }
        Ok(())
    }

    /// Parses decrypted TLVs of `subtype`.
    pub fn parse(subtype: Subtype, plain: &[u8]) -> Result<Body, Error> {
        let tlvs = Tlvs::new(plain);
        let s1kh = || tlvs.find_array(TlvType::S1khId).map(MacAddr);
        let r0_name = || tlvs.find_array(TlvType::PmkR0Name).map(PmkR0Name);
        let pairwise = tlvs
            .find(TlvType::Pairwise)
            .filter(|v| v.len() == 2)
            .and_then(|v| u16_at(v, 0));
        match subtype {
            Subtype::Pull => Ok(Body::Pull {
                pmk_r0_name: r0_name()?,
                s1kh_id: s1kh()?,
            }),
            Subtype::Resp => Ok(Body::Resp {
                s1kh_id: s1kh()?,
                // No PAIRWISE: hostapd's NAK (`wpa_ft_rrb_rx_r1` returns -2).
                session: pairwise.map(|p| Session::parse(tlvs, p)).transpose()?,
            }),
            Subtype::Push => Ok(Body::Push {
                s1kh_id: s1kh()?,
                pmk_r0_name: r0_name()?,
                session: Session::parse(
                    tlvs,
                    pairwise.ok_or(Error::MissingTlv(TlvType::Pairwise.into()))?,
                )?,
            }),
            Subtype::SeqReq => Ok(Body::SeqReq),
            Subtype::SeqResp => Ok(Body::SeqResp),
            Subtype::Unknown(_) => Err(Error::Truncated),
        }
    }
}

/// A whole key-holder message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRepr<'a> {
    /// Authenticated TLVs.
    pub auth: AuthRepr<'a>,
    /// Encrypted TLVs.
    pub body: Body,
}

impl MessageRepr<'_> {
    /// The subtype.
    pub fn subtype(&self) -> Subtype {
        self.body.subtype()
    }

    /// Builds and seals the message as sent by `src` (the key-holder
    /// message after the subtype octet).
    pub fn seal(&self, key: &RrbKey, src: MacAddr) -> Result<Vec<u8>, Error> {
        let mut auth = Vec::with_capacity(96);
        self.auth.emit(&mut auth)?;
        let mut plain = Zeroizing::new(Vec::with_capacity(160));
        self.body.emit(&mut plain)?;
        let len = 2 + auth.len() + plain.len() + SIV_LEN;
        if len < MIN_MESSAGE_LEN {
            let pad = (MIN_MESSAGE_LEN - len).max(TLV_HEADER_LEN);
            TlvWriter::new(&mut auth).push(TlvType::Padding, &vec![0; pad - TLV_HEADER_LEN])?;
        }
        let auth_len = u16::try_from(auth.len()).map_err(|_| Error::FieldLength)?;
        let sealed = rrb_seal(key, &src, &auth, self.subtype().into(), &plain)?;
        let mut out = Vec::with_capacity(2 + auth.len() + sealed.len());
        out.extend_from_slice(&auth_len.to_le_bytes());
        out.extend_from_slice(&auth);
        out.extend_from_slice(&sealed);
        Ok(out)
    }
}

/// View of a received key-holder message: the auth TLVs and the sealed part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHolderMessage<'a> {
    auth: &'a [u8],
    sealed: &'a [u8],
}

impl<'a> KeyHolderMessage<'a> {
    /// Splits a message at its auth length.
    pub fn parse(message: &'a [u8]) -> Result<Self, Error> {
        let auth_len = usize::from(u16_at(message, 0).ok_or(Error::Truncated)?);
        let auth = message.get(2..2 + auth_len).ok_or(Error::Truncated)?;
        let sealed = message.get(2 + auth_len..).unwrap_or(&[]);
        Ok(KeyHolderMessage { auth, sealed })
    }

    /// The auth TLV octets (part of the AES-SIV associated data).
    pub fn auth_bytes(&self) -> &'a [u8] {
        self.auth
    }

    /// The auth TLVs.
    pub fn auth_tlvs(&self) -> Tlvs<'a> {
        Tlvs::new(self.auth)
    }

    /// The parsed auth TLVs.
    pub fn auth(&self) -> Result<AuthRepr<'a>, Error> {
        AuthRepr::parse(self.auth_tlvs())
    }

    /// SIV and ciphertext.
    pub fn sealed(&self) -> &'a [u8] {
        self.sealed
    }

    /// Opens the encrypted TLVs sent by `src` as `subtype`; like hostapd,
    /// retries without the last two octets (Ethernet padding) on failure.
    pub fn open(
        &self,
        key: &RrbKey,
        src: MacAddr,
        subtype: Subtype,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let open = |sealed: &[u8]| {
            rrb_open(key, &src, self.auth, subtype.into(), sealed)
                .map(|p| Zeroizing::new(p.as_bytes().to_vec()))
        };
        open(self.sealed).or_else(|_| {
            let shorter = self
                .sealed
                .len()
                .checked_sub(ETHERNET_PAD_RETRY)
                .filter(|l| *l >= SIV_LEN)
                .and_then(|l| self.sealed.get(..l))
                .ok_or(Error::Unauthenticated)?;
            open(shorter).map_err(|_| Error::Unauthenticated)
        })
    }

    /// Opens and parses the whole message.
    pub fn decode(
        &self,
        key: &RrbKey,
        src: MacAddr,
        subtype: Subtype,
    ) -> Result<MessageRepr<'a>, Error> {
        let auth = self.auth()?;
        let plain = self.open(key, src, subtype)?;
        Ok(MessageRepr {
            auth,
            body: Body::parse(subtype, &plain)?,
        })
    }
}

#[cfg(test)]
mod tests;
