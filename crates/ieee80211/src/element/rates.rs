//! Supported Rates / Extended Supported Rates (IEEE 802.11-2020 9.4.2.3, 9.4.2.13).

/// One octet of a (Extended) Supported Rates element: rate in 500 kb/s units, top bit = basic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rate(pub u8);

impl Rate {
    /// A rate of `units` x 500 kb/s (`units` < 128), flagged basic or not.
    pub const fn new(units: u8, basic: bool) -> Self {
        Rate((units & 0x7f) | if basic { 0x80 } else { 0 })
    }

    /// Basic rate (or, for a membership selector, "required") bit.
    pub fn is_basic(&self) -> bool {
        self.0 & 0x80 != 0
    }

    /// Rate in units of 500 kb/s, without the basic bit.
    pub fn units(&self) -> u8 {
        self.0 & 0x7f
    }

    /// Rate in kb/s.
    pub fn kbps(&self) -> u32 {
        u32::from(self.units()) * 500
    }

    /// True for a BSS membership selector (Table 9-78: 122 HE PHY .. 127 HT PHY), not a rate.
    pub fn is_membership_selector(&self) -> bool {
        self.is_basic() && (122..=127).contains(&self.units())
    }

    /// The same rate with the basic bit set or cleared.
    pub fn with_basic(self, basic: bool) -> Self {
        Rate::new(self.units(), basic)
    }
}

/// HT PHY membership selector (127).
pub const SELECTOR_HT_PHY: Rate = Rate::new(127, true);
/// VHT PHY membership selector (126).
pub const SELECTOR_VHT_PHY: Rate = Rate::new(126, true);
/// SAE hash-to-element only membership selector (123).
pub const SELECTOR_SAE_H2E_ONLY: Rate = Rate::new(123, true);

/// The rate octets of a Supported Rates or Extended Supported Rates element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rates<'a>(pub &'a [u8]);

impl<'a> Rates<'a> {
    /// Iterates over the rates.
    pub fn iter(&self) -> RateIter<'a> {
        RateIter {
            first: self.0.iter(),
            second: [].iter(),
        }
    }

    /// Number of rates.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Iterator over rates, possibly spanning Supported and Extended Supported Rates.
#[derive(Debug, Clone)]
pub struct RateIter<'a> {
    first: core::slice::Iter<'a, u8>,
    second: core::slice::Iter<'a, u8>,
}

impl<'a> RateIter<'a> {
    /// Rates from `supported` followed by `extended`.
    pub fn new(supported: &'a [u8], extended: &'a [u8]) -> Self {
        RateIter {
            first: supported.iter(),
            second: extended.iter(),
        }
    }
}

impl Iterator for RateIter<'_> {
    type Item = Rate;

    fn next(&mut self) -> Option<Rate> {
        self.first
            .next()
            .or_else(|| self.second.next())
            .map(|&b| Rate(b))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.first.len() + self.second.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for RateIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        // psk-connect beacon: 82 84 8b 96 0c 12 18 24 | 30 48 60 6c
        let r: Vec<Rate> = RateIter::new(&[0x82, 0x84, 0x8b, 0x96], &[0x6c]).collect();
        assert_eq!(r.len(), 5);
        assert!(r[0].is_basic());
        assert_eq!(r[0].kbps(), 1000);
        assert_eq!(r[2].kbps(), 5500);
        assert!(!r[4].is_basic());
        assert_eq!(r[4].kbps(), 54000);
        assert!(Rate(0xff).is_membership_selector());
        assert!(!Rate(0x7f).is_membership_selector());
        assert_eq!(Rate::new(2, true), Rate(0x82));
        assert_eq!(Rate(0x82).with_basic(false), Rate(2));
    }
}
