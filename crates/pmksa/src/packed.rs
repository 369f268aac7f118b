//! The compact form in which the cache keeps what an entry has besides its
//! index keys: PMK, AKM, creation time and session attributes, packed into
//! one exact-size heap buffer that is zeroized on drop.
//!
//! A [`PmksaEntry`] is 240 bytes inline plus one allocation per session
//! vector, most of it room for rarely present data; packed, a typical
//! 802.1X entry takes under 90 bytes in one allocation. The cache reads
//! these bytes only to hand out a copy of the entry and in the OKC scan.
//!
//! Layout, in order (`varint`: LEB128, at most 10 octets):
//!
//! | field | encoding |
//! | --- | --- |
//! | flags | u8: bit 0 opportunistic; bits 1-2 creation time ([`CREATED_BY_LIFETIME`] ...); bit 3 CUI, bit 4 VLAN, bit 5 Session-Timeout present; bits 6-7 PMK length ([`PMK_32`] ...) |
//! | AKM | u8 RSN suite type, or [`AKM_RAW`] and the 4-octet selector |
//! | PMK length | u8, only if [`PMK_OTHER`] |
//! | PMK | octets |
//! | created | if not [`CREATED_BY_LIFETIME`]: varint seconds, varint nanoseconds from the expiry |
//! | identity | varint length, octets |
//! | class | varint count, then varint length and octets each |
//! | CUI | if present: varint length, octets |
//! | VLAN | if present: u16 big-endian |
//! | Session-Timeout | if present: varint |
//! | Acct-Multi-Session-Id | varint |
//! | EAP type | u8 |
//!
//! The buffer is written only here, from a valid entry, and read back with
//! checked reads: a decoding failure cannot happen, but would surface as
//! `None` rather than a panic.

use core::time::Duration;
use std::time::Instant;

use roamd_wpa::{Akm, MacAddr, Pmk, Pmkid};
use zeroize::Zeroize;

use crate::entry::{lifetime, PmksaEntry, SessionAttrs};

const FLAG_OPPORTUNISTIC: u8 = 1 << 0;
const CREATED_MASK: u8 = 0b11 << 1;
/// Created [`lifetime`] before the expiry, as every entry made by
/// [`PmksaEntry::new`]: nothing stored.
const CREATED_BY_LIFETIME: u8 = 0 << 1;
const CREATED_BEFORE_EXPIRY: u8 = 1 << 1;
/// Not made by this crate, but representable.
const CREATED_AFTER_EXPIRY: u8 = 2 << 1;
const FLAG_CUI: u8 = 1 << 3;
const FLAG_VLAN: u8 = 1 << 4;
const FLAG_SESSION_TIMEOUT: u8 = 1 << 5;
const PMK_MASK: u8 = 0b11 << 6;
const PMK_32: u8 = 0 << 6;
const PMK_48: u8 = 1 << 6;
const PMK_64: u8 = 2 << 6;
const PMK_OTHER: u8 = 3 << 6;

/// AKM octet of an `Akm::Other`, kept as its whole selector (it may even
/// be an RSN one) so that it round-trips unchanged. No RSN suite type is
/// 255.
const AKM_RAW: u8 = 0xff;

/// The RSN OUI of named AKM selectors.
const RSN_OUI: [u8; 3] = [0x00, 0x0f, 0xac];

/// An entry's PMK, AKM, creation time and session, packed.
pub(crate) struct Packed(Box<[u8]>);

impl Drop for Packed {
    fn drop(&mut self) {
        // The PMK is in here; identities are personal data too.
        self.0.zeroize();
    }
}

/// The fields of an entry that the cache keeps outside [`Packed`].
pub(crate) struct Keys {
    pub(crate) spa: MacAddr,
    pub(crate) aa: MacAddr,
    pub(crate) pmkid: Pmkid,
    pub(crate) expires: Instant,
}

impl Packed {
    /// Packs what `entry` holds besides SPA, AA, PMKID and expiry (which
    /// the cache keeps unpacked, as index keys).
    pub(crate) fn new(entry: &PmksaEntry) -> Self {
        let mut count = Counter(0);
        encode(entry, &mut count);
        // Allocated at its final size and filled in place: a growing Vec
        // would free copies of the PMK without zeroizing them.
        let mut buf = vec![0u8; count.0].into_boxed_slice();
        encode(
            entry,
            &mut SliceWriter {
                buf: &mut buf,
                pos: 0,
            },
        );
        Self(buf)
    }

    /// The octets, for their size.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    fn flags(&self) -> u8 {
        self.0.first().copied().unwrap_or(0)
    }

    /// True if the entry was derived by OKC.
    pub(crate) fn opportunistic(&self) -> bool {
        self.flags() & FLAG_OPPORTUNISTIC != 0
    }

    /// A reader positioned after the flags.
    fn reader(&self) -> Reader<'_> {
        Reader {
            rest: self.0.get(1..).unwrap_or_default(),
        }
    }

    /// The AKM.
    pub(crate) fn akm(&self) -> Option<Akm> {
        read_akm(&mut self.reader())
    }

    /// The AKM and the PMK, as the OKC scan needs them.
    pub(crate) fn akm_pmk(&self) -> Option<(Akm, Pmk)> {
        let mut r = self.reader();
        let akm = read_akm(&mut r)?;
        let pmk = read_pmk(self.flags(), &mut r)?;
        Some((akm, pmk))
    }

    /// The whole entry, given the fields the cache keeps unpacked.
    pub(crate) fn unpack(&self, keys: Keys) -> Option<PmksaEntry> {
        let flags = self.flags();
        let mut r = self.reader();
        let akm = read_akm(&mut r)?;
        let pmk = read_pmk(flags, &mut r)?;
        let created_offset = match flags & CREATED_MASK {
            CREATED_BY_LIFETIME => None,
            _ => Some(Duration::new(r.varint()?, u32::try_from(r.varint()?).ok()?)),
        };
        let identity = r.vec()?;
        let classes = r.varint()?;
        // Each class takes at least one octet: a corrupt count cannot make
        // us reserve more than the buffer holds.
        let mut class = Vec::with_capacity(usize::try_from(classes).ok()?.min(r.rest.len()));
        for _ in 0..classes {
            class.push(r.vec()?);
        }
        let cui = match flags & FLAG_CUI {
            0 => None,
            _ => Some(r.vec()?),
        };
        let vlan_id = match flags & FLAG_VLAN {
            0 => None,
            _ => Some(u16::from_be_bytes(r.bytes(2)?.try_into().ok()?)),
        };
        let session_timeout = match flags & FLAG_SESSION_TIMEOUT {
            0 => None,
            _ => Some(u32::try_from(r.varint()?).ok()?),
        };
        let acct_multi_session_id = r.varint()?;
        let eap_type = r.u8()?;
        let created = match (flags & CREATED_MASK, created_offset) {
            (CREATED_AFTER_EXPIRY, Some(d)) => keys.expires.checked_add(d)?,
            (_, Some(d)) => keys.expires.checked_sub(d)?,
            (_, None) => keys.expires.checked_sub(lifetime(session_timeout))?,
        };
        let session = SessionAttrs {
            identity,
            class,
            cui,
            vlan_id,
            session_timeout,
            acct_multi_session_id,
            eap_type,
        };
        Some(PmksaEntry::from_parts(
            pmk,
            keys.pmkid,
            akm,
            keys.aa,
            keys.spa,
            created,
            keys.expires,
            flags & FLAG_OPPORTUNISTIC != 0,
            session,
        ))
    }
}

fn read_akm(r: &mut Reader<'_>) -> Option<Akm> {
    match r.u8()? {
        AKM_RAW => {
            let [o0, o1, o2, t]: [u8; 4] = r.bytes(4)?.try_into().ok()?;
            Some(Akm::Other([o0, o1, o2], t))
        }
        t => Some(Akm::from_bytes([RSN_OUI[0], RSN_OUI[1], RSN_OUI[2], t])),
    }
}

fn read_pmk(flags: u8, r: &mut Reader<'_>) -> Option<Pmk> {
    let len = match flags & PMK_MASK {
        PMK_32 => 32,
        PMK_48 => 48,
        PMK_64 => 64,
        _ => r.u8()?.into(),
    };
    Pmk::from_slice(r.bytes(len)?).ok()
}

/// Where [`encode`] puts octets.
trait Sink {
    fn put(&mut self, bytes: &[u8]);

    fn varint(&mut self, mut v: u64) {
        let mut out = [0u8; 10];
        let mut n = 0;
        for byte in out.iter_mut() {
            n += 1;
            // The low 7 bits, with the high bit set if more follow.
            *byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                break;
            }
            *byte |= 0x80;
        }
        self.put(out.get(..n).unwrap_or_default());
    }

    fn vec(&mut self, bytes: &[u8]) {
        self.varint(bytes.len() as u64);
        self.put(bytes);
    }
}

/// Counts octets: the first pass sizes the buffer.
struct Counter(usize);

impl Sink for Counter {
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// Fills a buffer of the counted size.
struct SliceWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl Sink for SliceWriter<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.pos.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            dst.copy_from_slice(bytes);
        }
        self.pos = end;
    }
}

fn encode(entry: &PmksaEntry, out: &mut impl Sink) {
    let s = &entry.session;
    let (created, expires) = (entry.created(), entry.expires());
    let (created_mode, created_offset) =
        if expires.checked_sub(lifetime(s.session_timeout)) == Some(created) {
            (CREATED_BY_LIFETIME, None)
        } else if created <= expires {
            (CREATED_BEFORE_EXPIRY, Some(expires.duration_since(created)))
        } else {
            (CREATED_AFTER_EXPIRY, Some(created.duration_since(expires)))
        };
    let pmk = entry.pmk().as_bytes();
    let pmk_code = match pmk.len() {
        32 => PMK_32,
        48 => PMK_48,
        64 => PMK_64,
        _ => PMK_OTHER,
    };
    let flags = [
        (entry.opportunistic(), FLAG_OPPORTUNISTIC),
        (s.cui.is_some(), FLAG_CUI),
        (s.vlan_id.is_some(), FLAG_VLAN),
        (s.session_timeout.is_some(), FLAG_SESSION_TIMEOUT),
    ]
    .iter()
    .filter(|(set, _)| *set)
    .fold(created_mode | pmk_code, |acc, (_, bit)| acc | bit);
    out.put(&[flags]);
    match entry.akm() {
        Akm::Other(oui, t) => {
            out.put(&[AKM_RAW]);
            out.put(&oui);
            out.put(&[t]);
        }
        named => out.put(&[named.to_bytes()[3]]),
    }
    if pmk_code == PMK_OTHER {
        // A PMK is at most 64 octets (`Pmk`'s capacity).
        out.put(&[pmk.len() as u8]);
    }
    out.put(pmk);
    if let Some(offset) = created_offset {
        out.varint(offset.as_secs());
        out.varint(offset.subsec_nanos().into());
    }
    out.vec(&s.identity);
    out.varint(s.class.len() as u64);
    for class in &s.class {
        out.vec(class);
    }
    if let Some(cui) = &s.cui {
        out.vec(cui);
    }
    if let Some(vlan) = s.vlan_id {
        out.put(&vlan.to_be_bytes());
    }
    if let Some(timeout) = s.session_timeout {
        out.varint(timeout.into());
    }
    out.varint(s.acct_multi_session_id);
    out.put(&[s.eap_type]);
}

/// Checked reads over the packed octets.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.bytes(1)?.first().copied()
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            v |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn vec(&mut self) -> Option<Vec<u8>> {
        let len = usize::try_from(self.varint()?).ok()?;
        Some(self.bytes(len)?.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use roamd_wpa::Pmkid;

    use super::*;

    fn keys(e: &PmksaEntry) -> Keys {
        Keys {
            spa: e.spa(),
            aa: e.aa(),
            pmkid: e.pmkid(),
            expires: e.expires(),
        }
    }

    fn same(a: &PmksaEntry, b: &PmksaEntry) -> bool {
        (
            a.pmk(),
            a.pmkid(),
            a.akm(),
            a.spa(),
            a.aa(),
            a.created(),
            a.expires(),
            a.opportunistic(),
            &a.session,
        ) == (
            b.pmk(),
            b.pmkid(),
            b.akm(),
            b.spa(),
            b.aa(),
            b.created(),
            b.expires(),
            b.opportunistic(),
            &b.session,
        )
    }

    #[test]
    fn round_trips() {
        let now = Instant::now();
        let full = SessionAttrs {
            identity: vec![b'x'; 300],
            class: vec![b"c1".to_vec(), Vec::new(), vec![7; 200]],
            cui: Some(Vec::new()),
            vlan_id: Some(4094),
            session_timeout: Some(u32::MAX),
            acct_multi_session_id: u64::MAX,
            eap_type: 254,
        };
        let zero_timeout = SessionAttrs {
            session_timeout: Some(0),
            vlan_id: Some(0),
            ..SessionAttrs::default()
        };
        let sessions = [SessionAttrs::default(), full, zero_timeout];
        let akms = [
            Akm::Ieee8021x,
            Akm::FtIeee8021xSha384,
            Akm::Sae,
            Akm::Other([0x00, 0x0f, 0xac], 1),
            Akm::Other([0xff; 3], 0xff),
        ];
        for (i, session) in sessions.iter().enumerate() {
            for (j, akm) in akms.iter().enumerate() {
                let len = [32, 48, 64][(i + j) % 3];
                let pmk = Pmk::from_slice(&vec![0x5a; len]).unwrap();
                let e = PmksaEntry::with_pmkid(
                    now,
                    pmk,
                    Pmkid([j as u8; 16]),
                    *akm,
                    MacAddr([2, 0, 0, 0, 0, 0]),
                    MacAddr([2, 0, 0, 0, 2, i as u8]),
                    session.clone(),
                );
                let p = Packed::new(&e);
                let back = p.unpack(keys(&e)).unwrap();
                assert!(same(&e, &back), "{e:?} / {back:?}");
                assert_eq!(p.akm(), Some(*akm));
                assert_eq!(p.akm_pmk().unwrap().1, *e.pmk());
                let later = now + Duration::new(5, 123);
                let okc = e.into_okc(later, MacAddr([2, 0, 0, 0, 1, 0]), Pmkid([9; 16]));
                let p = Packed::new(&okc);
                assert!(p.opportunistic());
                assert!(same(&okc, &p.unpack(keys(&okc)).unwrap()));
                // Created after its expiry: not made by this crate, kept anyway.
                let odd = PmksaEntry::from_parts(
                    okc.pmk().clone(),
                    okc.pmkid(),
                    okc.akm(),
                    okc.aa(),
                    okc.spa(),
                    okc.expires() + Duration::new(1, 7),
                    okc.expires(),
                    false,
                    okc.session.clone(),
                );
                assert!(same(&odd, &Packed::new(&odd).unpack(keys(&odd)).unwrap()));
            }
        }
    }

    #[test]
    fn typical_entry_is_small() {
        let session = SessionAttrs {
            identity: b"alice@example.org".to_vec(),
            class: vec![b"class-0123456789abcdef".to_vec()],
            vlan_id: Some(10),
            session_timeout: Some(3600),
            acct_multi_session_id: 0x1234_5678,
            eap_type: 25,
            ..SessionAttrs::default()
        };
        let e = PmksaEntry::new(
            Instant::now(),
            Pmk::from_slice(&[1; 32]).unwrap(),
            Akm::Ieee8021x,
            MacAddr([2, 0, 0, 0, 0, 0]),
            MacAddr([2, 0, 0, 0, 2, 0]),
            session,
        )
        .unwrap();
        // flags, AKM, PMK 32, identity 1+17, class 1+1+22, VLAN 2,
        // Session-Timeout 2, Acct-Multi-Session-Id 5, EAP type 1.
        assert_eq!(Packed::new(&e).len(), 86);
    }

    #[test]
    fn truncated_buffer_decodes_to_none() {
        let e = PmksaEntry::new(
            Instant::now(),
            Pmk::from_slice(&[1; 32]).unwrap(),
            Akm::Ieee8021x,
            MacAddr([2, 0, 0, 0, 0, 0]),
            MacAddr([2, 0, 0, 0, 2, 0]),
            SessionAttrs::default(),
        )
        .unwrap();
        let whole = Packed::new(&e);
        for n in 0..whole.len() {
            let p = Packed(whole.0.get(..n).unwrap().into());
            assert!(p.unpack(keys(&e)).is_none(), "{n}");
        }
        let mut bad_varint = Reader { rest: &[0xff; 11] };
        assert_eq!(bad_varint.varint(), None);
    }
}
