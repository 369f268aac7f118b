//! Country element (IEEE 802.11-2020 9.4.2.9).

/// Country element view: 3-octet country string, then triplets (and an optional pad octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country<'a> {
    data: &'a [u8],
}

impl<'a> Country<'a> {
    /// Wraps element data; `None` if shorter than the country string.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= 3).then_some(Country { data })
    }

    /// Country string: two ASCII letters plus the environment octet (' ', 'O', 'I', 0x04, ...).
    pub fn country_string(&self) -> [u8; 3] {
        crate::wire::array_at::<3>(self.data, 0).unwrap_or([0; 3])
    }

    /// The triplets (subband or operating triplets), 3 octets each; a trailing pad is dropped.
    pub fn triplets(&self) -> core::slice::ChunksExact<'a, u8> {
        crate::wire::rest(self.data, 3).chunks_exact(3)
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
    fn country() {
        let c = Country::new(b"US \x01\x0b\x1e\x00").unwrap();
        assert_eq!(&c.country_string(), b"US ");
        let t: Vec<_> = c.triplets().collect();
        assert_eq!(t, vec![&[1u8, 11, 30][..]]);
        assert!(Country::new(b"US").is_none());
    }
}
