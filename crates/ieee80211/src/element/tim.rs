//! Traffic Indication Map element (IEEE 802.11-2020 9.4.2.5).

/// TIM element view: DTIM Count, DTIM Period, Bitmap Control, Partial Virtual Bitmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tim<'a> {
    data: &'a [u8],
}

impl<'a> Tim<'a> {
    /// Wraps element data; `None` unless 4..=254 octets (bitmap of 1..=251 octets).
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (4..=254).contains(&data.len()).then_some(Tim { data })
    }

    /// DTIM Count.
    pub fn dtim_count(&self) -> u8 {
        crate::wire::u8_at(self.data, 0)
    }

    /// DTIM Period.
    pub fn dtim_period(&self) -> u8 {
        crate::wire::u8_at(self.data, 1)
    }

    /// Bitmap Control (bit 0: group traffic buffered; bits 1-7: bitmap offset / 2).
    pub fn bitmap_control(&self) -> u8 {
        crate::wire::u8_at(self.data, 2)
    }

    /// Partial Virtual Bitmap.
    pub fn partial_virtual_bitmap(&self) -> &'a [u8] {
        crate::wire::rest(self.data, 3)
    }

    /// Element data.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tim() {
        let t = Tim::new(&[0, 2, 1, 0x04]).unwrap();
        assert_eq!(t.dtim_period(), 2);
        assert_eq!(t.bitmap_control(), 1);
        assert_eq!(t.partial_virtual_bitmap(), &[4]);
        assert!(Tim::new(&[0, 2, 1]).is_none());
    }
}
