//! Total (never panicking) little-endian readers over byte slices.

use roamd_ieee80211::MacAddr;

pub(crate) fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    array_at::<2>(b, off).map(u16::from_le_bytes)
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    array_at::<4>(b, off).map(u32::from_le_bytes)
}

pub(crate) fn mac_at(b: &[u8], off: usize) -> Option<MacAddr> {
    array_at::<6>(b, off).map(MacAddr)
}

pub(crate) fn array_at<const N: usize>(b: &[u8], off: usize) -> Option<[u8; N]> {
    b.get(off..off.checked_add(N)?)?.try_into().ok()
}

pub(crate) fn rest(b: &[u8], off: usize) -> &[u8] {
    b.get(off..).unwrap_or(&[])
}
