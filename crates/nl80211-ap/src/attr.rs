//! Typed nl80211 attributes: the small set an AP daemon sends and reads.
//!
//! Each variant names its nl80211 attribute and carries the value in its wire
//! type; anything else is kept as [`Attr::Other`] so that parsing a kernel
//! message never fails on attributes we do not use.

use core::fmt;

use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, NlasIterator, Parseable};
use zeroize::Zeroizing;

use crate::consts::*;

/// A flag attribute: present means true, it has no payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag;

/// `struct nl80211_sta_flag_update`: which flags to change and their new values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaFlagUpdate {
    /// Bit mask of `1 << STA_FLAG_*` to change.
    pub mask: u32,
    /// New values for the bits in `mask`.
    pub set: u32,
}

impl StaFlagUpdate {
    /// Set (`on`) or clear one `STA_FLAG_*` flag.
    pub fn with(mut self, flag: u32, on: bool) -> Self {
        self.mask |= 1 << flag;
        if on {
            self.set |= 1 << flag;
        } else {
            self.set &= !(1 << flag);
        }
        self
    }
}

/// Wire encoding of one attribute value.
pub trait AttrValue: Sized {
    /// Payload length in bytes, without padding.
    fn value_len(&self) -> usize;
    /// Writes the payload into `buf` (exactly `value_len` bytes).
    fn emit_value(&self, buf: &mut [u8]);
    /// Reads the payload.
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError>;
}

fn exact<const N: usize>(buf: &[u8]) -> Result<[u8; N], DecodeError> {
    buf.get(..N)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| DecodeError::from(format!("attribute needs {N} bytes, has {}", buf.len())))
}

/// Copies `src` to the start of `buf`. netlink sizes `buf` from `value_len`,
/// so it always fits; a short buffer is left short rather than a panic.
fn put(buf: &mut [u8], src: &[u8]) {
    if let Some(dst) = buf.get_mut(..src.len()) {
        dst.copy_from_slice(src);
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            fn value_len(&self) -> usize { std::mem::size_of::<$t>() }
            fn emit_value(&self, buf: &mut [u8]) { put(buf, &self.to_ne_bytes()) }
            fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> { Ok(<$t>::from_ne_bytes(exact(buf)?)) }
        }
    )*};
}
int_value!(u8, u16, u32, u64, i32);

impl AttrValue for Flag {
    fn value_len(&self) -> usize {
        0
    }
    fn emit_value(&self, _: &mut [u8]) {}
    fn parse_value(_: &[u8]) -> Result<Self, DecodeError> {
        Ok(Flag)
    }
}

impl AttrValue for Vec<u8> {
    fn value_len(&self) -> usize {
        self.len()
    }
    fn emit_value(&self, buf: &mut [u8]) {
        put(buf, self)
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        Ok(buf.to_vec())
    }
}

impl AttrValue for [u8; 6] {
    fn value_len(&self) -> usize {
        6
    }
    fn emit_value(&self, buf: &mut [u8]) {
        put(buf, self)
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        exact(buf)
    }
}

/// Interface names are NUL-terminated strings.
impl AttrValue for String {
    fn value_len(&self) -> usize {
        self.len() + 1
    }
    fn emit_value(&self, buf: &mut [u8]) {
        put(buf, self.as_bytes());
        if let Some(nul) = buf.get_mut(self.len()) {
            *nul = 0;
        }
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        let text = buf.split(|b| *b == 0).next().unwrap_or_default();
        Ok(String::from_utf8_lossy(text).into_owned())
    }
}

impl AttrValue for StaFlagUpdate {
    fn value_len(&self) -> usize {
        8
    }
    fn emit_value(&self, buf: &mut [u8]) {
        let [m0, m1, m2, m3] = self.mask.to_ne_bytes();
        let [s0, s1, s2, s3] = self.set.to_ne_bytes();
        put(buf, &[m0, m1, m2, m3, s0, s1, s2, s3]);
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        let raw: [u8; 8] = exact(buf)?;
        let (mask, set) = raw.split_at(4);
        Ok(StaFlagUpdate {
            mask: u32::from_ne_bytes(exact(mask)?),
            set: u32::from_ne_bytes(exact(set)?),
        })
    }
}

/// An array of u32 values in host byte order (suite selector lists).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct U32Array(pub Vec<u32>);

impl AttrValue for U32Array {
    fn value_len(&self) -> usize {
        self.0.len() * 4
    }
    fn emit_value(&self, buf: &mut [u8]) {
        for (chunk, v) in buf.chunks_exact_mut(4).zip(&self.0) {
            chunk.copy_from_slice(&v.to_ne_bytes());
        }
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        if buf.len() % 4 != 0 {
            return Err(DecodeError::from("u32 array length is not a multiple of 4"));
        }
        buf.chunks_exact(4)
            .map(|c| exact(c).map(u32::from_ne_bytes))
            .collect::<Result<_, _>>()
            .map(U32Array)
    }
}

/// Key material (NL80211_ATTR_KEY_DATA): zeroized on drop, `<redacted>` in
/// `Debug`, so that logging a command or message never shows a key.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct KeyMaterial(Zeroizing<Vec<u8>>);

impl KeyMaterial {
    /// Copies `key`.
    pub fn from_slice(key: &[u8]) -> Self {
        Self(Zeroizing::new(key.to_vec()))
    }

    /// The key octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length in octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True if there are no octets.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&[u8]> for KeyMaterial {
    fn from(key: &[u8]) -> Self {
        Self::from_slice(key)
    }
}

impl From<Vec<u8>> for KeyMaterial {
    /// Takes the vector over; it is zeroized when the key is dropped.
    fn from(key: Vec<u8>) -> Self {
        Self(Zeroizing::new(key))
    }
}

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<redacted {} octets>", self.0.len())
    }
}

impl AttrValue for KeyMaterial {
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn emit_value(&self, buf: &mut [u8]) {
        buf.copy_from_slice(&self.0)
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        Ok(Self::from_slice(buf))
    }
}

/// A nested attribute set (kept raw; see [`crate::StationInfo`] for the one we decode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nested(pub Vec<u8>);

impl AttrValue for Nested {
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn emit_value(&self, buf: &mut [u8]) {
        put(buf, &self.0)
    }
    fn parse_value(buf: &[u8]) -> Result<Self, DecodeError> {
        Ok(Nested(buf.to_vec()))
    }
}

macro_rules! attrs {
    ($($(#[$doc:meta])* $name:ident($ty:ty) = $kind:path,)*) => {
        /// One nl80211 attribute.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Attr {
            $($(#[$doc])* $name($ty),)*
            /// An attribute roamd does not interpret.
            Other(DefaultNla),
        }

        impl Nla for Attr {
            fn value_len(&self) -> usize {
                match self { $(Attr::$name(v) => v.value_len(),)* Attr::Other(o) => o.value_len() }
            }
            fn kind(&self) -> u16 {
                match self {
                    $(Attr::$name(_) => $kind,)*
                    Attr::Other(o) => o.kind(),
                }
            }
            fn emit_value(&self, buf: &mut [u8]) {
                match self { $(Attr::$name(v) => v.emit_value(buf),)* Attr::Other(o) => o.emit_value(buf) }
            }
        }

        impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for Attr {
            fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
                let value = buf.value();
                // Some numbers mean different things in different commands
                // (CONTROL_PORT_ETHERTYPE is a u16 in START_AP but a flag in
                // a wiphy dump): a value of the wrong shape is kept raw.
                let typed = match buf.kind() {
                    $($kind => <$ty>::parse_value(value).map(Attr::$name).ok(),)*
                    _ => None,
                };
                match typed {
                    Some(attr) => Ok(attr),
                    None => Ok(Attr::Other(DefaultNla::parse(buf)?)),
                }
            }
        }
    };
}

attrs! {
    /// NL80211_ATTR_WIPHY: wiphy index.
    Wiphy(u32) = ATTR_WIPHY,
    /// NL80211_ATTR_WIPHY_NAME: e.g. "phy0".
    WiphyName(String) = ATTR_WIPHY_NAME,
    /// NL80211_ATTR_IFINDEX.
    IfIndex(u32) = ATTR_IFINDEX,
    /// NL80211_ATTR_IFNAME.
    IfName(String) = ATTR_IFNAME,
    /// NL80211_ATTR_REG_ALPHA2: a country code, e.g. "DE".
    RegAlpha2(String) = ATTR_REG_ALPHA2,
    /// NL80211_ATTR_IFTYPE: `IFTYPE_*`.
    IfType(u32) = ATTR_IFTYPE,
    /// NL80211_ATTR_MAC: interface or station address.
    Mac([u8; 6]) = ATTR_MAC,
    /// NL80211_ATTR_WDEV.
    Wdev(u64) = ATTR_WDEV,
    /// NL80211_ATTR_GENERATION.
    Generation(u32) = ATTR_GENERATION,
    /// NL80211_ATTR_BEACON_HEAD: beacon frame up to and excluding the TIM.
    BeaconHead(Vec<u8>) = ATTR_BEACON_HEAD,
    /// NL80211_ATTR_BEACON_TAIL: beacon elements after the TIM.
    BeaconTail(Vec<u8>) = ATTR_BEACON_TAIL,
    /// NL80211_ATTR_BEACON_INTERVAL in TUs.
    BeaconInterval(u32) = ATTR_BEACON_INTERVAL,
    /// NL80211_ATTR_DTIM_PERIOD.
    DtimPeriod(u32) = ATTR_DTIM_PERIOD,
    /// NL80211_ATTR_SSID.
    Ssid(Vec<u8>) = ATTR_SSID,
    /// NL80211_ATTR_HIDDEN_SSID: `HIDDEN_SSID_*`.
    HiddenSsid(u32) = ATTR_HIDDEN_SSID,
    /// NL80211_ATTR_AUTH_TYPE: `AUTHTYPE_*`.
    AuthType(u32) = ATTR_AUTH_TYPE,
    /// NL80211_ATTR_PRIVACY.
    Privacy(Flag) = ATTR_PRIVACY,
    /// NL80211_ATTR_IE: extra elements for beacons.
    Ie(Vec<u8>) = ATTR_IE,
    /// NL80211_ATTR_IE_PROBE_RESP.
    IeProbeResp(Vec<u8>) = ATTR_IE_PROBE_RESP,
    /// NL80211_ATTR_IE_ASSOC_RESP.
    IeAssocResp(Vec<u8>) = ATTR_IE_ASSOC_RESP,
    /// NL80211_ATTR_WIPHY_FREQ in MHz.
    WiphyFreq(u32) = ATTR_WIPHY_FREQ,
    /// NL80211_ATTR_CHANNEL_WIDTH: `CHAN_WIDTH_*`.
    ChannelWidth(u32) = ATTR_CHANNEL_WIDTH,
    /// NL80211_ATTR_CENTER_FREQ1 in MHz.
    CenterFreq1(u32) = ATTR_CENTER_FREQ1,
    /// NL80211_ATTR_SOCKET_OWNER: the AP stops when our socket closes.
    SocketOwner(Flag) = ATTR_SOCKET_OWNER,
    /// NL80211_ATTR_AP_ISOLATE: no frames between the stations of the BSS.
    ApIsolate(u8) = ATTR_AP_ISOLATE,
    /// NL80211_ATTR_CONTROL_PORT: the port is controlled by the authorized flag.
    ControlPort(Flag) = ATTR_CONTROL_PORT,
    /// NL80211_ATTR_CONTROL_PORT_ETHERTYPE.
    ControlPortEthertype(u16) = ATTR_CONTROL_PORT_ETHERTYPE,
    /// NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT.
    ControlPortNoEncrypt(Flag) = ATTR_CONTROL_PORT_NO_ENCRYPT,
    /// NL80211_ATTR_CONTROL_PORT_OVER_NL80211: EAPOL frames travel over this socket.
    ControlPortOverNl80211(Flag) = ATTR_CONTROL_PORT_OVER_NL80211,
    /// NL80211_ATTR_WPA_VERSIONS.
    WpaVersions(u32) = ATTR_WPA_VERSIONS,
    /// NL80211_ATTR_CIPHER_SUITE_GROUP.
    CipherSuiteGroup(u32) = ATTR_CIPHER_SUITE_GROUP,
    /// NL80211_ATTR_CIPHER_SUITES_PAIRWISE: an array of u32 suite selectors.
    CipherSuitesPairwise(U32Array) = ATTR_CIPHER_SUITES_PAIRWISE,
    /// NL80211_ATTR_CIPHER_SUITES: the ciphers a wiphy supports.
    CipherSuites(U32Array) = ATTR_CIPHER_SUITES,
    /// NL80211_ATTR_AKM_SUITES: an array of u32 suite selectors.
    AkmSuites(U32Array) = ATTR_AKM_SUITES,
    /// NL80211_ATTR_FRAME: a whole 802.11 (or, for the control port, EAPOL) frame.
    Frame(Vec<u8>) = ATTR_FRAME,
    /// NL80211_ATTR_FRAME_TYPE: frame control field of frames to register for.
    FrameType(u16) = ATTR_FRAME_TYPE,
    /// NL80211_ATTR_FRAME_MATCH: prefix of the frame body to match.
    FrameMatch(Vec<u8>) = ATTR_FRAME_MATCH,
    /// NL80211_ATTR_COOKIE: identifies a transmitted frame in its TX status.
    Cookie(u64) = ATTR_COOKIE,
    /// NL80211_ATTR_ACK: the frame was acknowledged.
    Ack(Flag) = ATTR_ACK,
    /// NL80211_ATTR_DONT_WAIT_FOR_ACK.
    DontWaitForAck(Flag) = ATTR_DONT_WAIT_FOR_ACK,
    /// NL80211_ATTR_RX_SIGNAL_DBM.
    RxSignalDbm(i32) = ATTR_RX_SIGNAL_DBM,
    /// NL80211_ATTR_STA_AID.
    StaAid(u16) = ATTR_STA_AID,
    /// NL80211_ATTR_STA_LISTEN_INTERVAL.
    StaListenInterval(u16) = ATTR_STA_LISTEN_INTERVAL,
    /// NL80211_ATTR_STA_SUPPORTED_RATES: rates in 500 kb/s units.
    StaSupportedRates(Vec<u8>) = ATTR_STA_SUPPORTED_RATES,
    /// NL80211_ATTR_STA_CAPABILITY: capability information field.
    StaCapability(u16) = ATTR_STA_CAPABILITY,
    /// NL80211_ATTR_STA_EXT_CAPABILITY.
    StaExtCapability(Vec<u8>) = ATTR_STA_EXT_CAPABILITY,
    /// NL80211_ATTR_STA_FLAGS2.
    StaFlags2(StaFlagUpdate) = ATTR_STA_FLAGS2,
    /// NL80211_ATTR_HT_CAPABILITY.
    HtCapability(Vec<u8>) = ATTR_HT_CAPABILITY,
    /// NL80211_ATTR_STA_WME (nested: U-APSD queues, max SP).
    StaWme(Nested) = ATTR_STA_WME,
    /// NL80211_ATTR_WIPHY_BANDS (nested per band: HT capabilities, channels).
    WiphyBands(Nested) = ATTR_WIPHY_BANDS,
    /// NL80211_ATTR_SPLIT_WIPHY_DUMP: the wiphy dump may take several messages.
    SplitWiphyDump(Flag) = ATTR_SPLIT_WIPHY_DUMP,
    /// NL80211_ATTR_VHT_CAPABILITY.
    VhtCapability(Vec<u8>) = ATTR_VHT_CAPABILITY,
    /// NL80211_ATTR_STA_INFO (nested, decoded by [`crate::StationInfo`]).
    StaInfo(Nested) = ATTR_STA_INFO,
    /// NL80211_ATTR_REASON_CODE.
    ReasonCode(u16) = ATTR_REASON_CODE,
    /// NL80211_ATTR_KEY_DATA: redacted in `Debug`, zeroized on drop.
    KeyData(KeyMaterial) = ATTR_KEY_DATA,
    /// NL80211_ATTR_KEY_IDX.
    KeyIdx(u8) = ATTR_KEY_IDX,
    /// NL80211_ATTR_KEY_CIPHER: cipher suite selector, e.g. 0x000fac04.
    KeyCipher(u32) = ATTR_KEY_CIPHER,
    /// NL80211_ATTR_KEY_SEQ: receive sequence counter, little endian.
    KeySeq(Vec<u8>) = ATTR_KEY_SEQ,
    /// NL80211_ATTR_KEY_TYPE: `KEYTYPE_*`.
    KeyType(u32) = ATTR_KEY_TYPE,
    /// NL80211_ATTR_KEY_DEFAULT.
    KeyDefault(Flag) = ATTR_KEY_DEFAULT,
    /// NL80211_ATTR_KEY_DEFAULT_MGMT.
    KeyDefaultMgmt(Flag) = ATTR_KEY_DEFAULT_MGMT,
    /// NL80211_ATTR_KEY_DEFAULT_TYPES (nested flags).
    KeyDefaultTypes(Nested) = ATTR_KEY_DEFAULT_TYPES,
}

/// Iterates the attributes of a message payload, skipping none and failing on
/// the first malformed one.
pub fn parse_attrs(payload: &[u8]) -> Result<Vec<Attr>, DecodeError> {
    NlasIterator::new(payload)
        .map(|nla| Attr::parse(&nla?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_packet_core::Emitable;

    fn round_trip(attr: Attr) {
        let mut buf = vec![0u8; attr.buffer_len()];
        attr.emit(&mut buf);
        let parsed = parse_attrs(&buf).expect("parses");
        assert_eq!(parsed, vec![attr]);
    }

    #[test]
    fn attributes_round_trip() {
        round_trip(Attr::IfIndex(7));
        round_trip(Attr::IfName("wlan0".into()));
        round_trip(Attr::Mac([2, 0, 0, 0, 1, 0]));
        round_trip(Attr::Privacy(Flag));
        round_trip(Attr::Cookie(0x1122334455667788));
        round_trip(Attr::BeaconHead(vec![0x80, 0, 0, 0, 0xff]));
        round_trip(Attr::StaFlags2(
            StaFlagUpdate::default().with(STA_FLAG_AUTHORIZED, true),
        ));
        round_trip(Attr::KeyIdx(1));
        round_trip(Attr::RxSignalDbm(-50));
        round_trip(Attr::AkmSuites(U32Array(vec![0x000fac02, 0x000fac06])));
    }

    #[test]
    fn key_data_round_trips_and_is_redacted() {
        let key = [0xa5u8; 16];
        let attr = Attr::KeyData(KeyMaterial::from_slice(&key));
        round_trip(attr.clone());
        let mut buf = vec![0u8; attr.buffer_len()];
        attr.emit(&mut buf);
        let text = format!("{attr:?} {:?}", parse_attrs(&buf).expect("parses"));
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.contains("a5") && !text.contains("165"), "{text}");
    }

    #[test]
    fn truncated_values_are_kept_raw_and_bad_lengths_are_errors() {
        // IFINDEX (u32) with a 2-byte payload: not an IfIndex.
        let buf = [6u8, 0, ATTR_IFINDEX as u8, 0, 1, 2, 0, 0];
        assert!(matches!(
            parse_attrs(&buf).expect("parses").as_slice(),
            [Attr::Other(_)]
        ));
        // Length field past the end of the buffer.
        let buf = [40u8, 0, 3, 0, 1, 2, 3, 4];
        assert!(parse_attrs(&buf).is_err());
    }

    #[test]
    fn short_buffers_neither_panic_nor_parse() {
        let mut short = [0xaau8; 3];
        "wlan0".to_string().emit_value(&mut short);
        StaFlagUpdate::default().emit_value(&mut short);
        7u32.emit_value(&mut short);
        assert!(U32Array::parse_value(&[1, 2, 3, 4, 5]).is_err());
        let one = U32Array::parse_value(&1u32.to_ne_bytes()).expect("parses");
        assert_eq!(one, U32Array(vec![1]));
    }

    #[test]
    fn unknown_attributes_are_kept() {
        let buf = [8u8, 0, 0xee, 0x0e, 1, 2, 3, 4];
        let parsed = parse_attrs(&buf).expect("parses");
        assert!(matches!(parsed.as_slice(), [Attr::Other(_)]));
    }

    #[test]
    fn sta_flag_update_sets_and_clears() {
        let u = StaFlagUpdate::default()
            .with(STA_FLAG_AUTHENTICATED, true)
            .with(STA_FLAG_AUTHORIZED, false);
        assert_eq!(
            u.mask,
            (1 << STA_FLAG_AUTHENTICATED) | (1 << STA_FLAG_AUTHORIZED)
        );
        assert_eq!(u.set, 1 << STA_FLAG_AUTHENTICATED);
    }
}
