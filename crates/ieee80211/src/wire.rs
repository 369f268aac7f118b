//! Total (never panicking) little-endian readers and writers over byte slices.
//!
//! Views call these after `check_len`, so the fallbacks (0 / no-op) are only reached when a
//! view was built with `new_unchecked` over a short buffer: wrong, but never a panic.

use crate::MacAddr;

pub(crate) fn u8_at(b: &[u8], off: usize) -> u8 {
    b.get(off).copied().unwrap_or(0)
}

pub(crate) fn u16_at(b: &[u8], off: usize) -> u16 {
    match b.get(off..off.wrapping_add(2)) {
        Some(&[x, y]) => u16::from_le_bytes([x, y]),
        _ => 0,
    }
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> u32 {
    array_at::<4>(b, off).map(u32::from_le_bytes).unwrap_or(0)
}

pub(crate) fn u64_at(b: &[u8], off: usize) -> u64 {
    array_at::<8>(b, off).map(u64::from_le_bytes).unwrap_or(0)
}

pub(crate) fn mac_at(b: &[u8], off: usize) -> MacAddr {
    MacAddr(array_at::<6>(b, off).unwrap_or([0; 6]))
}

pub(crate) fn array_at<const N: usize>(b: &[u8], off: usize) -> Option<[u8; N]> {
    b.get(off..off.checked_add(N)?)?.try_into().ok()
}

pub(crate) fn rest(b: &[u8], off: usize) -> &[u8] {
    b.get(off..).unwrap_or(&[])
}

/// Copies `src` to `dst[off..]`; no-op if it does not fit (callers check lengths first).
pub(crate) fn put(dst: &mut [u8], off: usize, src: &[u8]) {
    if let Some(d) = off
        .checked_add(src.len())
        .and_then(|end| dst.get_mut(off..end))
    {
        d.copy_from_slice(src);
    }
}

pub(crate) fn put_u16(dst: &mut [u8], off: usize, v: u16) {
    put(dst, off, &v.to_le_bytes());
}

pub(crate) fn put_u32(dst: &mut [u8], off: usize, v: u32) {
    put(dst, off, &v.to_le_bytes());
}

pub(crate) fn put_u64(dst: &mut [u8], off: usize, v: u64) {
    put(dst, off, &v.to_le_bytes());
}

/// Fails with `BufferTooShort` unless `buf` holds at least `need` bytes.
pub(crate) fn check_out(buf: &[u8], need: usize) -> crate::Result<()> {
    if buf.len() < need {
        Err(crate::Error::BufferTooShort)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_are_total() {
        assert_eq!(u16_at(&[1], 0), 0);
        assert_eq!(u16_at(&[1, 2], usize::MAX), 0);
        assert_eq!(u32_at(&[1, 2, 3, 4], 0), 0x0403_0201);
        assert_eq!(u64_at(&[0; 7], 0), 0);
        assert_eq!(rest(&[1, 2], 5), &[] as &[u8]);
        let mut b = [0u8; 2];
        put(&mut b, 1, &[1, 2]);
        assert_eq!(b, [0, 0]);
        put_u16(&mut b, 0, 0x0102);
        assert_eq!(b, [2, 1]);
    }
}
