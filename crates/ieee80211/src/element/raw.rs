//! Checked TLV iteration over an element list (IEEE 802.11-2020 9.4.2.1).

use super::id;
use crate::{Error, Result};

/// One element as found on the wire: ID and data (the length is `data.len()`, 0..=255).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawElement<'a> {
    id: u8,
    data: &'a [u8],
}

impl<'a> RawElement<'a> {
    /// An element with `id` and `data`; fails if `data` exceeds 255 octets.
    pub fn new(id: u8, data: &'a [u8]) -> Result<Self> {
        if data.len() > 255 {
            return Err(Error::ElementTooLong);
        }
        Ok(RawElement { id, data })
    }

    /// Element ID.
    pub fn id(&self) -> u8 {
        self.id
    }

    /// Element data (after the length octet; for an extension element it starts with the
    /// extension ID).
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Element ID Extension, for an extension element (ID 255) with at least one data octet.
    pub fn ext_id(&self) -> Option<u8> {
        if self.id == id::EXTENSION {
            self.data.first().copied()
        } else {
            None
        }
    }

    /// Data after the extension ID, for an extension element.
    pub fn ext_data(&self) -> Option<&'a [u8]> {
        if self.id == id::EXTENSION {
            self.data.get(1..)
        } else {
            None
        }
    }

    /// Encoded length: 2 + data length.
    pub fn buffer_len(&self) -> usize {
        2 + self.data.len()
    }

    /// Appends ID, length and data to `out`.
    pub fn emit(&self, out: &mut Vec<u8>) {
        out.push(self.id);
        // `new` and the iterator guarantee data.len() <= 255.
        out.push(self.data.len() as u8);
        out.extend_from_slice(self.data);
    }

    /// Interprets the element as a typed [`super::Element`].
    pub fn parse(&self) -> Result<super::Element<'a>> {
        super::Element::parse(*self)
    }
}

/// Iterator over the elements of a buffer; yields an error once (then stops) if an element's
/// length runs past the end.
#[derive(Debug, Clone)]
pub struct ElementIter<'a> {
    rest: &'a [u8],
}

impl<'a> ElementIter<'a> {
    /// Iterates over `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        ElementIter { rest: buf }
    }
}

impl<'a> Iterator for ElementIter<'a> {
    type Item = Result<RawElement<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let (&id, tail) = self.rest.split_first()?;
        let Some((&len, tail)) = tail.split_first() else {
            self.rest = &[];
            return Some(Err(Error::ElementOverrun));
        };
        let len = usize::from(len);
        match (tail.get(..len), tail.get(len..)) {
            (Some(data), Some(rest)) => {
                self.rest = rest;
                Some(Ok(RawElement { id, data }))
            }
            _ => {
                self.rest = &[];
                Some(Err(Error::ElementOverrun))
            }
        }
    }
}

impl core::iter::FusedIterator for ElementIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterate() {
        let buf = [0, 2, b'a', b'b', 255, 2, 35, 7, 3, 0];
        let v: Vec<_> = ElementIter::new(&buf).collect();
        assert_eq!(v.len(), 3);
        let e = v[1].unwrap();
        assert_eq!(e.ext_id(), Some(35));
        assert_eq!(e.ext_data(), Some(&[7u8][..]));
        assert_eq!(v[2].unwrap().data(), &[] as &[u8]);
        let mut out = Vec::new();
        for e in &v {
            e.unwrap().emit(&mut out);
        }
        assert_eq!(out, buf);
    }

    #[test]
    fn overrun() {
        let v: Vec<_> = ElementIter::new(&[0, 3, 1, 2]).collect();
        assert_eq!(v, vec![Err(Error::ElementOverrun)]);
        let v: Vec<_> = ElementIter::new(&[0, 0, 7]).collect();
        assert_eq!(v.len(), 2);
        assert_eq!(v[1], Err(Error::ElementOverrun));
        assert_eq!(ElementIter::new(&[]).next(), None);
        assert_eq!(RawElement::new(1, &[0; 256]), Err(Error::ElementTooLong));
        assert_eq!(RawElement::new(0, &[]).unwrap().ext_id(), None);
        assert_eq!(RawElement::new(255, &[]).unwrap().ext_id(), None);
    }
}
