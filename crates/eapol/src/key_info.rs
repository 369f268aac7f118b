//! The Key Information field of an EAPOL-Key frame
//! (IEEE 802.11-2020 12.7.2, Figure 12-33).
//!
//! ```text
//! bit  0-2  Key Descriptor Version      bit  9  Secure
//! bit  3    Key Type (1 = pairwise)     bit 10  Error
//! bit  4-5  Reserved (WPA: Key Index)   bit 11  Request
//! bit  6    Install                     bit 12  Encrypted Key Data
//! bit  7    Key Ack                     bit 13  SMK Message
//! bit  8    Key MIC                     bit 14-15 Reserved
//! ```

use core::fmt;
use core::ops::{BitAnd, BitOr, BitOrAssign};

use roamd_codes::code_enum;

code_enum! {
    /// Key Descriptor Version, bits 0-2 of Key Information
    /// (IEEE 802.11-2020 12.7.2 b.1).
    pub enum KeyDescriptorVersion(u8) {
        /// 0: MIC and key wrap defined by the AKM (e.g. SAE, OWE, SHA-384 AKMs).
        AkmDefined = 0,
        /// 1: HMAC-MD5 MIC and ARC4 key wrap (WPA/TKIP).
        HmacMd5Arc4 = 1,
        /// 2: HMAC-SHA1-128 MIC and NIST AES key wrap.
        HmacSha1Aes = 2,
        /// 3: AES-128-CMAC MIC and NIST AES key wrap.
        AesCmacAes = 3,
    }
}

/// The 16-bit Key Information field, a bit set with getters and setters.
///
/// Flags combine with `|`: `KeyInfo::KEY_TYPE | KeyInfo::KEY_ACK`. The
/// descriptor version (bits 0-2) and WPA key index (bits 4-5) are multi-bit
/// fields with their own accessors. Reserved bits are kept as received.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyInfo(u16);

impl KeyInfo {
    /// Mask of the Key Descriptor Version bits (0-2).
    pub const DESCRIPTOR_VERSION_MASK: u16 = 0x0007;
    /// Key Type (bit 3): 1 for a pairwise key, 0 for a group key.
    pub const KEY_TYPE: Self = Self(1 << 3);
    /// Mask of the bits 4-5, Key Index in WPA, reserved in RSN.
    pub const KEY_INDEX_MASK: u16 = 0x0030;
    /// Install (bit 6).
    pub const INSTALL: Self = Self(1 << 6);
    /// Key Ack (bit 7): set by the authenticator when it expects a reply.
    pub const KEY_ACK: Self = Self(1 << 7);
    /// Key MIC (bit 8): the frame carries a MIC.
    pub const KEY_MIC: Self = Self(1 << 8);
    /// Secure (bit 9).
    pub const SECURE: Self = Self(1 << 9);
    /// Error (bit 10): a MIC failure report with Request.
    pub const ERROR: Self = Self(1 << 10);
    /// Request (bit 11): the supplicant asks for a handshake.
    pub const REQUEST: Self = Self(1 << 11);
    /// Encrypted Key Data (bit 12).
    pub const ENCRYPTED_KEY_DATA: Self = Self(1 << 12);
    /// SMK Message (bit 13).
    pub const SMK_MESSAGE: Self = Self(1 << 13);

    const NAMED: [(Self, &'static str); 10] = [
        (Self::KEY_TYPE, "PAIRWISE"),
        (Self::INSTALL, "INSTALL"),
        (Self::KEY_ACK, "ACK"),
        (Self::KEY_MIC, "MIC"),
        (Self::SECURE, "SECURE"),
        (Self::ERROR, "ERROR"),
        (Self::REQUEST, "REQUEST"),
        (Self::ENCRYPTED_KEY_DATA, "ENCR"),
        (Self::SMK_MESSAGE, "SMK"),
        (Self(0xc000), "RESERVED"),
    ];

    /// The empty set (group key, version 0).
    pub const fn empty() -> Self {
        Self(0)
    }

    /// Wraps raw bits; every bit is kept.
    pub const fn from_bits(bits: u16) -> Self {
        Self(bits)
    }

    /// The raw bits.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the bits of `other`.
    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }

    /// Clears the bits of `other`.
    pub fn remove(&mut self, other: Self) {
        self.0 &= !other.0;
    }

    /// Sets or clears the bits of `other`.
    pub fn set(&mut self, other: Self, value: bool) {
        if value {
            self.insert(other);
        } else {
            self.remove(other);
        }
    }

    /// Key Descriptor Version (bits 0-2).
    pub fn descriptor_version(self) -> KeyDescriptorVersion {
        // The mask keeps the value in 0..=7, so the cast is lossless.
        KeyDescriptorVersion::from((self.0 & Self::DESCRIPTOR_VERSION_MASK) as u8)
    }

    /// Sets Key Descriptor Version; values above 7 are truncated to 3 bits.
    pub fn set_descriptor_version(&mut self, version: KeyDescriptorVersion) {
        let v = u16::from(u8::from(version)) & Self::DESCRIPTOR_VERSION_MASK;
        self.0 = (self.0 & !Self::DESCRIPTOR_VERSION_MASK) | v;
    }

    /// This value with Key Descriptor Version set, for building.
    pub fn with_descriptor_version(mut self, version: KeyDescriptorVersion) -> Self {
        self.set_descriptor_version(version);
        self
    }

    /// WPA Key Index (bits 4-5); reserved (0) in RSN.
    pub const fn key_index(self) -> u8 {
        ((self.0 & Self::KEY_INDEX_MASK) >> 4) as u8
    }

    /// Sets the WPA Key Index (0-3; higher bits are dropped).
    pub fn set_key_index(&mut self, index: u8) {
        let v = (u16::from(index) << 4) & Self::KEY_INDEX_MASK;
        self.0 = (self.0 & !Self::KEY_INDEX_MASK) | v;
    }

    /// Key Type is pairwise.
    pub const fn is_pairwise(self) -> bool {
        self.contains(Self::KEY_TYPE)
    }

    /// Sets Key Type (true = pairwise).
    pub fn set_pairwise(&mut self, value: bool) {
        self.set(Self::KEY_TYPE, value);
    }

    /// Install.
    pub const fn install(self) -> bool {
        self.contains(Self::INSTALL)
    }

    /// Sets Install.
    pub fn set_install(&mut self, value: bool) {
        self.set(Self::INSTALL, value);
    }

    /// Key Ack.
    pub const fn key_ack(self) -> bool {
        self.contains(Self::KEY_ACK)
    }

    /// Sets Key Ack.
    pub fn set_key_ack(&mut self, value: bool) {
        self.set(Self::KEY_ACK, value);
    }

    /// Key MIC.
    pub const fn key_mic(self) -> bool {
        self.contains(Self::KEY_MIC)
    }

    /// Sets Key MIC.
    pub fn set_key_mic(&mut self, value: bool) {
        self.set(Self::KEY_MIC, value);
    }

    /// Secure.
    pub const fn secure(self) -> bool {
        self.contains(Self::SECURE)
    }

    /// Sets Secure.
    pub fn set_secure(&mut self, value: bool) {
        self.set(Self::SECURE, value);
    }

    /// Error.
    pub const fn error(self) -> bool {
        self.contains(Self::ERROR)
    }

    /// Sets Error.
    pub fn set_error(&mut self, value: bool) {
        self.set(Self::ERROR, value);
    }

    /// Request.
    pub const fn request(self) -> bool {
        self.contains(Self::REQUEST)
    }

    /// Sets Request.
    pub fn set_request(&mut self, value: bool) {
        self.set(Self::REQUEST, value);
    }

    /// Encrypted Key Data.
    pub const fn encrypted_key_data(self) -> bool {
        self.contains(Self::ENCRYPTED_KEY_DATA)
    }

    /// Sets Encrypted Key Data.
    pub fn set_encrypted_key_data(&mut self, value: bool) {
        self.set(Self::ENCRYPTED_KEY_DATA, value);
    }

    /// SMK Message.
    pub const fn smk_message(self) -> bool {
        self.contains(Self::SMK_MESSAGE)
    }

    /// Sets SMK Message.
    pub fn set_smk_message(&mut self, value: bool) {
        self.set(Self::SMK_MESSAGE, value);
    }
}

impl BitOr for KeyInfo {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl BitOrAssign for KeyInfo {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for KeyInfo {
    type Output = Self;

    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl From<u16> for KeyInfo {
    fn from(bits: u16) -> Self {
        Self(bits)
    }
}

impl From<KeyInfo> for u16 {
    fn from(info: KeyInfo) -> Self {
        info.0
    }
}

impl fmt::Debug for KeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "KeyInfo({:#06x} ver={}",
            self.0,
            self.0 & Self::DESCRIPTOR_VERSION_MASK
        )?;
        if self.key_index() != 0 {
            write!(f, " idx={}", self.key_index())?;
        }
        for (flag, name) in Self::NAMED {
            if self.0 & flag.0 != 0 {
                write!(f, " {name}")?;
            }
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_values() {
        // 4-way handshake from psk-connect: 0x008a, 0x010a, 0x13ca, 0x030a.
        let m1 = KeyInfo::from_bits(0x008a);
        assert_eq!(m1.descriptor_version(), KeyDescriptorVersion::HmacSha1Aes);
        assert!(m1.is_pairwise() && m1.key_ack());
        assert!(!m1.key_mic() && !m1.install() && !m1.secure());

        let m2 = KeyInfo::from_bits(0x010a);
        assert!(m2.is_pairwise() && m2.key_mic() && !m2.key_ack());

        let m3 = KeyInfo::from_bits(0x13ca);
        assert!(m3.install() && m3.key_ack() && m3.key_mic() && m3.secure());
        assert!(m3.encrypted_key_data() && m3.is_pairwise());
        assert!(!m3.error() && !m3.request() && !m3.smk_message());

        let m4 = KeyInfo::from_bits(0x030a);
        assert!(m4.key_mic() && m4.secure() && !m4.key_ack());
    }

    #[test]
    fn build_matches_trace() {
        let m3 = (KeyInfo::KEY_TYPE
            | KeyInfo::INSTALL
            | KeyInfo::KEY_ACK
            | KeyInfo::KEY_MIC
            | KeyInfo::SECURE
            | KeyInfo::ENCRYPTED_KEY_DATA)
            .with_descriptor_version(KeyDescriptorVersion::HmacSha1Aes);
        assert_eq!(m3.bits(), 0x13ca);

        let mut info = KeyInfo::empty();
        info.set_pairwise(true);
        info.set_key_ack(true);
        info.set_descriptor_version(KeyDescriptorVersion::HmacSha1Aes);
        assert_eq!(info.bits(), 0x008a);
        info.set_key_ack(false);
        info.set_key_mic(true);
        assert_eq!(info.bits(), 0x010a);
    }

    #[test]
    fn setters_touch_one_field() {
        let mut info = KeyInfo::from_bits(0xffff);
        info.set_descriptor_version(KeyDescriptorVersion::AkmDefined);
        assert_eq!(info.bits(), 0xfff8);
        info.set_key_index(1);
        assert_eq!(info.key_index(), 1);
        assert_eq!(info.bits(), 0xffd8);
        info.set_install(false);
        info.set_secure(false);
        info.set_error(false);
        info.set_request(false);
        info.set_encrypted_key_data(false);
        info.set_smk_message(false);
        assert_eq!(info.bits(), 0xc198);
        info.set_descriptor_version(KeyDescriptorVersion::Unknown(15));
        assert_eq!(info.descriptor_version(), KeyDescriptorVersion::Unknown(7));
        assert_eq!(u16::from(KeyInfo::from(0x1234)), 0x1234);
        assert_eq!((info & KeyInfo::KEY_ACK).bits(), 0x80);
        let mut or = KeyInfo::empty();
        or |= KeyInfo::SECURE;
        assert!(or.contains(KeyInfo::SECURE));
    }

    #[test]
    fn debug_names_flags() {
        let text = format!("{:?}", KeyInfo::from_bits(0x13ca));
        assert_eq!(
            text,
            "KeyInfo(0x13ca ver=2 PAIRWISE INSTALL ACK MIC SECURE ENCR)"
        );
        assert_eq!(
            format!("{:?}", KeyInfo::from_bits(0xc010)),
            "KeyInfo(0xc010 ver=0 idx=1 RESERVED)"
        );
    }
}
