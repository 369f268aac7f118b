//! Bounds-checked reads and writes shared by the views.
//!
//! Every helper returns `None` (or does nothing) instead of panicking when
//! the buffer is too short, so unchecked views never panic on input bytes.

/// Reads `N` bytes at `at`.
pub(crate) fn array<const N: usize>(buf: &[u8], at: usize) -> Option<[u8; N]> {
    buf.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// Reads a big-endian u16 at `at`, or 0 if out of bounds.
pub(crate) fn be16(buf: &[u8], at: usize) -> u16 {
    array(buf, at).map_or(0, u16::from_be_bytes)
}

/// Reads a byte at `at`, or 0 if out of bounds.
pub(crate) fn byte(buf: &[u8], at: usize) -> u8 {
    buf.get(at).copied().unwrap_or(0)
}

/// Copies `value` to `at` if it fits.
pub(crate) fn put(buf: &mut [u8], at: usize, value: &[u8]) {
    if let Some(end) = at.checked_add(value.len()) {
        if let Some(dst) = buf.get_mut(at..end) {
            dst.copy_from_slice(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_is_harmless() {
        let mut buf = [1u8, 2, 3];
        assert_eq!(array::<2>(&buf, 1), Some([2, 3]));
        assert_eq!(array::<2>(&buf, 2), None);
        assert_eq!(array::<2>(&buf, usize::MAX), None);
        assert_eq!(be16(&buf, 0), 0x0102);
        assert_eq!(be16(&buf, 2), 0);
        assert_eq!(byte(&buf, 3), 0);
        put(&mut buf, 2, &[9, 9]);
        put(&mut buf, usize::MAX, &[9]);
        assert_eq!(buf, [1, 2, 3]);
        put(&mut buf, 1, &[7, 8]);
        assert_eq!(buf, [1, 7, 8]);
    }
}
