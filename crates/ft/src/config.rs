//! Key-holder configuration: the `r0kh=`/`r1kh=` lists with their keys,
//! hostapd's timers and the bounds on remotely created state.
//!
//! hostapd's line syntax (`hostapd/config_file.c`: `add_r0kh`, `add_r1kh`):
//! ```text
//! r0kh=<MAC> <R0KH-ID (NAS identifier, 1..48 octets)> <key>
//! r1kh=<MAC> <R1KH-ID as a MAC address> <key>
//! ```
//! The key is 64 hex digits (AES-SIV-256), or a pre-2.7 32-hex-digit key that
//! becomes HMAC-SHA256-KDF(key, "FT OLDKEY") (`rkh_derive_key`). Wildcards:
//! `r0kh=ff:ff:ff:ff:ff:ff * <key>` (any R0KH, its address learnt) and
//! `r1kh=00:00:00:00:00:00 00:00:00:00:00:00 <key>` (any R1KH).

use std::time::Duration;

use hmac::{Hmac, Mac};
use roamd_ieee80211::MacAddr;
use roamd_wpa::rrb::RrbKey;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::error::ParseKeyHolderError;
use crate::message::R0KH_ID_MAX_LEN;

/// One `r0kh=` entry: an R0KH this AP may pull PMK-R1s from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct R0khEntry {
    /// Where to send pulls (`ff:ff:ff:ff:ff:ff` with the wildcard).
    pub addr: MacAddr,
    /// R0KH-ID (`*` alone is the wildcard).
    pub id: Vec<u8>,
    /// Shared key.
    pub key: RrbKey,
}

impl R0khEntry {
    /// True for hostapd's wildcard form (R0KH-ID `*`).
    pub fn is_wildcard(&self) -> bool {
        self.id == b"*"
    }
}

/// One `r1kh=` entry: an R1KH this AP answers pulls from and pushes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct R1khEntry {
    /// Its address.
    pub addr: MacAddr,
    /// R1KH-ID.
    pub id: MacAddr,
    /// Shared key.
    pub key: RrbKey,
}

impl R1khEntry {
    /// True for hostapd's wildcard form (address and R1KH-ID all zero).
    pub fn is_wildcard(&self) -> bool {
        self.addr == MacAddr::ZERO && self.id == MacAddr::ZERO
    }
}

fn fields(line: &str) -> Result<(&str, &str, &str), ParseKeyHolderError> {
    let mut it = line.split_ascii_whitespace();
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(a), Some(b), Some(c), None) => Ok((a, b, c)),
        _ => Err(ParseKeyHolderError::MissingField),
    }
}

fn mac(s: &str) -> Option<MacAddr> {
    s.parse().ok()
}

/// Parses the value of an `r0kh=` line.
pub fn parse_r0kh(value: &str) -> Result<R0khEntry, ParseKeyHolderError> {
    let (addr, id, key) = fields(value)?;
    let addr = mac(addr).ok_or_else(|| ParseKeyHolderError::Address(addr.into()))?;
    if id.is_empty() || id.len() > R0KH_ID_MAX_LEN {
        return Err(ParseKeyHolderError::Id(id.into()));
    }
    Ok(R0khEntry {
        addr,
        id: id.as_bytes().to_vec(),
        key: parse_key(key)?,
    })
}

/// Parses the value of an `r1kh=` line.
pub fn parse_r1kh(value: &str) -> Result<R1khEntry, ParseKeyHolderError> {
    let (addr, id, key) = fields(value)?;
    let addr = mac(addr).ok_or_else(|| ParseKeyHolderError::Address(addr.into()))?;
    let id = mac(id).ok_or_else(|| ParseKeyHolderError::Id(id.into()))?;
    Ok(R1khEntry {
        addr,
        id,
        key: parse_key(key)?,
    })
}

/// Parses a key-holder key: 64 hex digits, or 32 for a pre-2.7 key.
pub fn parse_key(hex: &str) -> Result<RrbKey, ParseKeyHolderError> {
    let bytes = Zeroizing::new(decode_hex(hex).ok_or(ParseKeyHolderError::Key)?);
    match bytes.len() {
        32 => RrbKey::from_slice(&bytes).map_err(|_| ParseKeyHolderError::Key),
        16 => old_key(&bytes),
        _ => Err(ParseKeyHolderError::Key),
    }
}

// HMAC-SHA256-KDF(old, "FT OLDKEY", 256 bits) of hostapd's sha256-kdf.c:
// one block, HMAC(old, label || 0x00 || 0x01).
fn old_key(old: &[u8]) -> Result<RrbKey, ParseKeyHolderError> {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(old).map_err(|_| ParseKeyHolderError::Key)?;
    mac.update(b"FT OLDKEY\0\x01");
    let mut out: [u8; 32] = mac.finalize().into_bytes().into();
    let key = RrbKey::from_slice(&out).map_err(|_| ParseKeyHolderError::Key);
    out.zeroize();
    key
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    s.as_bytes()
        .chunks_exact(2)
        .map(|p| {
            let d = |c: u8| char::from(c).to_digit(16);
            u8::try_from(d(*p.first()?)? * 16 + d(*p.get(1)?)?).ok()
        })
        .collect()
}

/// hostapd's key-holder timers (`ap_config.c` defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// How long a learned (wildcard) peer is kept after a good exchange
    /// (`rkh_pos_timeout`, 86400 s).
    pub pos_timeout: Duration,
    /// How long an R0KH-ID that did not answer is blocked (`rkh_neg_timeout`,
    /// 60 s; zero disables blocking).
    pub neg_timeout: Duration,
    /// Wait for a pull response before retrying (`rkh_pull_timeout`, 1000 ms).
    pub pull_timeout: Duration,
    /// Pull requests sent per station before giving up (`rkh_pull_retries`, 4).
    pub pull_retries: u32,
    /// Lifetime of a PMK-R0 (`ft_r0_key_lifetime`, 1209600 s; zero: none).
    pub r0_key_lifetime: Duration,
    /// Upper bound on a PMK-R1's lifetime (`r1_max_key_lifetime`, 0: none).
    pub r1_max_key_lifetime: Duration,
    /// Sequence-number window and deferral timeout (`ftRRBseqTimeout`, 10 s).
    pub seq_timeout: Duration,
    /// How long an R1KH stays a push target after its last pull of a key
    /// of ours (roamd, 1 day; zero: push to every R1KH, as hostapd).
    pub roam_target_timeout: Duration,
}

impl Default for Timers {
    fn default() -> Self {
        Timers {
            pos_timeout: Duration::from_secs(86_400),
            neg_timeout: Duration::from_secs(60),
            pull_timeout: Duration::from_millis(1000),
            pull_retries: 4,
            r0_key_lifetime: Duration::from_secs(1_209_600),
            r1_max_key_lifetime: Duration::ZERO,
            seq_timeout: Duration::from_secs(10),
            roam_target_timeout: Duration::from_secs(86_400),
        }
    }
}

/// Bounds on state a remote peer (or a station) can make us create. hostapd
/// bounds only the deferred messages (100 per peer); the rest is ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Pull requests waiting for a response (one per station).
    pub pending_pulls: usize,
    /// Peers learnt through a wildcard, per list (R0KHs, R1KHs).
    pub learned_peers: usize,
    /// PMK-R0 cache entries.
    pub pmk_r0_entries: usize,
    /// PMK-R1 cache entries.
    pub pmk_r1_entries: usize,
    /// Sequence requests outstanding per peer, each holding at most one
    /// message until the peer's sequence number is known (`ftRRBmaxQueueLen`).
    pub deferred_per_peer: usize,
    /// Sequence requests outstanding for all peers together.
    pub deferred_total: usize,
    /// Longest message held (octets); longer ones are not deferred.
    pub deferred_message_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            pending_pulls: 256,
            learned_peers: 64,
            pmk_r0_entries: 1024,
            pmk_r1_entries: 1024,
            deferred_per_peer: 100,
            deferred_total: 256,
            deferred_message_len: 1500,
        }
    }
}

/// Everything a [`crate::KeyHolder`] needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHolderConfig {
    /// Address frames are sent from and accepted at (the BSSID in hostapd).
    pub own_addr: MacAddr,
    /// Our R0KH-ID (`nas_identifier`), 1..=48 octets.
    pub r0kh_id: Vec<u8>,
    /// Our R1KH-ID (`r1_key_holder`, default the BSSID).
    pub r1kh_id: MacAddr,
    /// `r0kh=` lines, in file order.
    pub r0kh: Vec<R0khEntry>,
    /// `r1kh=` lines, in file order.
    pub r1kh: Vec<R1khEntry>,
    /// `pmk_r1_push`: push PMK-R1s to the R1KHs our stations roam to, or to
    /// every R1KH with a known address while none has pulled from us.
    pub pmk_r1_push: bool,
    /// Timers.
    pub timers: Timers,
    /// Bounds.
    pub limits: Limits,
}

impl KeyHolderConfig {
    /// A configuration with hostapd's defaults and empty lists.
    pub fn new(own_addr: MacAddr, r0kh_id: &[u8]) -> Self {
        KeyHolderConfig {
            own_addr,
            r0kh_id: r0kh_id.to_vec(),
            r1kh_id: own_addr,
            r0kh: Vec::new(),
            r1kh: Vec::new(),
            pmk_r1_push: false,
            timers: Timers::default(),
            limits: Limits::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn lines_from_the_ft_traces() {
        let r0 = parse_r0kh(&format!("02:00:00:00:01:00 ap1.example.net {KEY}")).unwrap();
        assert_eq!(r0.addr, MacAddr([2, 0, 0, 0, 1, 0]));
        assert_eq!(r0.id, b"ap1.example.net");
        assert_eq!(hex::encode(r0.key.as_bytes()), KEY);
        assert!(!r0.is_wildcard());
        let r1 = parse_r1kh(&format!("02:00:00:00:01:00 02:00:00:00:01:00 {KEY}")).unwrap();
        assert_eq!(r1.id, MacAddr([2, 0, 0, 0, 1, 0]));
        assert!(!r1.is_wildcard());
    }

    #[test]
    fn wildcards_and_old_keys() {
        let r0 = parse_r0kh(&format!("ff:ff:ff:ff:ff:ff * {KEY}")).unwrap();
        assert!(r0.is_wildcard());
        assert!(r0.addr.is_broadcast());
        let r1 = parse_r1kh(&format!("00:00:00:00:00:00 00:00:00:00:00:00 {KEY}")).unwrap();
        assert!(r1.is_wildcard());
        // HMAC-SHA256(key, "FT OLDKEY\0" 0x01), computed with Python's hmac.
        let old = parse_key("000102030405060708090a0b0c0d0e0f").unwrap();
        assert_eq!(
            hex::encode(old.as_bytes()),
            "19dafc5c6b21def65f42f15bc967aa63777ba7553557803d6849fc947ef66ff7"
        );
        assert_eq!(parse_key(&KEY.to_uppercase()).unwrap().as_bytes()[31], 0x1f);
    }

    #[test]
    fn bad_lines() {
        use ParseKeyHolderError as E;
        assert_eq!(parse_r0kh("02:00:00:00:01:00 ap1"), Err(E::MissingField));
        assert_eq!(
            parse_r0kh(&format!("02:00:00:00:01:00 ap1 {KEY} extra")),
            Err(E::MissingField)
        );
        assert_eq!(
            parse_r0kh(&format!("02:00:00:00:01 ap1 {KEY}")),
            Err(E::Address("02:00:00:00:01".into()))
        );
        let long = "x".repeat(49);
        assert_eq!(
            parse_r0kh(&format!("02:00:00:00:01:00 {long} {KEY}")),
            Err(E::Id(long))
        );
        assert!(parse_r0kh(&format!("02:00:00:00:01:00 {} {KEY}", "x".repeat(48))).is_ok());
        assert_eq!(
            parse_r1kh(&format!("02:00:00:00:01:00 ap1 {KEY}")),
            Err(E::Id("ap1".into()))
        );
        assert_eq!(
            parse_r1kh("02:00:00:00:01:00 02:00:00:00:01:00 0011"),
            Err(E::Key)
        );
        assert_eq!(parse_key(&KEY[..63]), Err(E::Key));
        assert_eq!(parse_key(&format!("{}zz", &KEY[..62])), Err(E::Key));
    }
}
