//! The sealed record: its format, [`Sealer::seal`] and [`Sealer::open`].
//!
//! Version 1, every integer big-endian:
//!
//! ```text
//! clear header (the associated data):
//!   version u8 = 1 | key id u32 | kind u8 (0 sticky, 1 okc)
//!   | SPA [6] | AA [6] (sticky; zeros for okc) | domain length u8 | domain
//! sealed (AES-256-SIV: 16-octet synthetic IV, then the payload):
//!   PMK length u8 | PMK | PMKID [16] | AKM suite [4] | AA [6] | expiry u64 (Unix s)
//!   | identity u16-length-prefixed | class count u8, each u16-prefixed
//!   | CUI flag u8 (+ u16-prefixed) | VLAN flag u8 (+ u16)
//!   | Session-Timeout flag u8 (+ u32) | Acct-Multi-Session-Id u64 | EAP type u8
//! ```

use std::time::{Duration, Instant};

use aes_siv::siv::Aes256Siv;
use aes_siv::KeyInit;
use roamd_pmksa::{PmksaEntry, SessionAttrs};
use roamd_wpa::{Akm, MacAddr, Pmk, Pmkid};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::key::{KeyLookup, KeyRing};

/// The record format version written by [`Sealer::seal`].
pub const VERSION: u8 = 1;

/// Header octets before the domain name.
const FIXED_HEADER: usize = 1 + 4 + 1 + 6 + 6 + 1;
/// The synthetic IV that authenticates the record.
const TAG_LEN: usize = 16;

/// Which of a station's entries a record is: the PMKSA of one AP (sticky
/// caching: used only at that AP) or the station's PMK in an OKC domain
/// (used at every AP of the domain, its PMKID recomputed for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// Used only at the AP (BSSID) that created it.
    Sticky {
        /// That AP.
        aa: MacAddr,
    },
    /// Used at every AP of the domain.
    Okc,
}

/// Why [`Sealer::seal`] wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SealError {
    /// Domain names are 1 to 255 octets.
    #[error("domain name must be 1 to 255 octets")]
    DomainLength,
    /// A session attribute too long for its length field.
    #[error("session attribute {0} too long to seal")]
    TooLong(&'static str),
    /// A sticky record names another AP than the entry's.
    #[error("sticky record for {kind} but the entry is {entry}'s")]
    WrongAp {
        /// The AP of the requested kind.
        kind: MacAddr,
        /// The entry's AA.
        entry: MacAddr,
    },
    /// The entry expired already.
    #[error("entry already expired")]
    Expired,
    /// AES-SIV refused (it cannot for these lengths).
    #[error("sealing failed")]
    Cipher,
}

/// Why [`Sealer::open`] returned no entry; each is counted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OpenError {
    /// Too short, or fields that do not parse.
    #[error("malformed record: {0}")]
    Malformed(&'static str),
    /// Written by a later version of the format.
    #[error("unknown record version {0}")]
    Version(u8),
    /// Sealed with a key this host does not have.
    #[error("sealed with unknown key {0:08x}")]
    UnknownKey(u32),
    /// Sealed with an old key whose grace period is over.
    #[error("sealed with retired key {0:08x}")]
    RetiredKey(u32),
    /// The header names another station, AP, domain or kind than the
    /// record was read for: moved to another station's key.
    #[error("record for another station, AP, domain or kind")]
    Swapped,
    /// The seal does not verify: altered after sealing.
    #[error("record altered (seal does not verify)")]
    Tampered,
    /// Verified but past its expiry (a replayed old record).
    #[error("record expired {0} s ago")]
    Expired(u64),
}

/// What the sealer did, for the status and the logs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCounters {
    /// Records sealed.
    pub sealed: u64,
    /// Records opened.
    pub opened: u64,
    /// [`OpenError::Malformed`] and [`OpenError::Version`].
    pub malformed: u64,
    /// [`OpenError::UnknownKey`] and [`OpenError::RetiredKey`].
    pub unknown_key: u64,
    /// [`OpenError::Swapped`].
    pub swapped: u64,
    /// [`OpenError::Tampered`].
    pub tampered: u64,
    /// [`OpenError::Expired`].
    pub expired: u64,
}

/// An opened record.
#[derive(Debug, Clone)]
pub struct Opened {
    kind: EntryKind,
    spa: MacAddr,
    aa: MacAddr,
    pmk: Pmk,
    pmkid: Pmkid,
    akm: Akm,
    expires_unix: u64,
    session: SessionAttrs,
}

impl Opened {
    /// Its kind.
    pub fn kind(&self) -> EntryKind {
        self.kind
    }

    /// The station.
    pub fn spa(&self) -> MacAddr {
        self.spa
    }

    /// The AP that created the PMKSA.
    pub fn aa(&self) -> MacAddr {
        self.aa
    }

    /// The PMKID at that AP.
    pub fn pmkid(&self) -> Pmkid {
        self.pmkid
    }

    /// Expiry, Unix seconds.
    pub fn expires_unix(&self) -> u64 {
        self.expires_unix
    }

    /// The entry for the local cache: the expiry moved onto the monotonic
    /// clock, `now` and `now_unix` being the same moment.
    pub fn into_entry(self, now: Instant, now_unix: u64) -> PmksaEntry {
        let left = Duration::from_secs(self.expires_unix.saturating_sub(now_unix));
        let expires = now.checked_add(left).unwrap_or(now);
        PmksaEntry::restored(
            now,
            expires,
            self.pmk,
            self.pmkid,
            self.akm,
            self.aa,
            self.spa,
            self.session,
        )
    }
}

/// Seals and opens the records of one domain, and counts.
#[derive(Debug, Clone)]
pub struct Sealer {
    keys: KeyRing,
    counters: StoreCounters,
}

impl Sealer {
    /// A sealer with `keys`.
    pub fn new(keys: KeyRing) -> Self {
        Self {
            keys,
            counters: StoreCounters::default(),
        }
    }

    /// What it counted.
    pub fn counters(&self) -> StoreCounters {
        self.counters
    }

    /// The record of `entry` in `domain`, sealed with the current key; its
    /// expiry is `now_unix` plus the entry's lifetime left at `now` (the
    /// same moment on both clocks).
    pub fn seal(
        &mut self,
        domain: &str,
        kind: EntryKind,
        entry: &PmksaEntry,
        now: Instant,
        now_unix: u64,
    ) -> Result<Vec<u8>, SealError> {
        if let EntryKind::Sticky { aa } = kind {
            if aa != entry.aa() {
                return Err(SealError::WrongAp {
                    kind: aa,
                    entry: entry.aa(),
                });
            }
        }
        let left = entry.remaining(now).as_secs();
        if left == 0 {
            return Err(SealError::Expired);
        }
        let key = self.keys.current();
        let header = header(key.id(), kind, entry.spa(), domain)?;
        let payload = payload(entry, now_unix.saturating_add(left))?;
        let mut siv = Aes256Siv::new(key.bytes().into());
        let sealed = siv
            .encrypt([&header], &payload)
            .map_err(|_| SealError::Cipher)?;
        self.counters.sealed += 1;
        let mut record = header;
        record.extend_from_slice(&sealed);
        Ok(record)
    }

    /// The entry sealed in `record`, read for station `spa` as a `kind`
    /// record of `domain` at `now_unix`; counted on either outcome.
    pub fn open(
        &mut self,
        record: &[u8],
        domain: &str,
        spa: MacAddr,
        kind: EntryKind,
        now_unix: u64,
    ) -> Result<Opened, OpenError> {
        let result = self.try_open(record, domain, spa, kind, now_unix);
        let c = &mut self.counters;
        match &result {
            Ok(_) => c.opened += 1,
            Err(OpenError::Malformed(_) | OpenError::Version(_)) => c.malformed += 1,
            Err(OpenError::UnknownKey(_) | OpenError::RetiredKey(_)) => c.unknown_key += 1,
            Err(OpenError::Swapped) => c.swapped += 1,
            Err(OpenError::Tampered) => c.tampered += 1,
            Err(OpenError::Expired(_)) => c.expired += 1,
        }
        result
    }

    fn try_open(
        &self,
        record: &[u8],
        domain: &str,
        spa: MacAddr,
        kind: EntryKind,
        now_unix: u64,
    ) -> Result<Opened, OpenError> {
        let mut r = Reader(record);
        let version = r.u8()?;
        if version != VERSION {
            return Err(OpenError::Version(version));
        }
        let key_id = r.u32()?;
        let kind_octet = r.u8()?;
        let header_spa = r.mac()?;
        let header_aa = r.mac()?;
        let domain_len = usize::from(r.u8()?);
        let header_domain = r.take(domain_len)?;
        let header_len = record.len() - r.0.len();
        let header_kind = match kind_octet {
            0 => EntryKind::Sticky { aa: header_aa },
            1 => EntryKind::Okc,
            _ => return Err(OpenError::Malformed("entry kind")),
        };
        // The header is authenticated below; comparing it first tells a
        // record moved to another key from one altered in place.
        if header_spa != spa || header_kind != kind || header_domain != domain.as_bytes() {
            return Err(OpenError::Swapped);
        }
        let key = match self.keys.for_opening(key_id, now_unix) {
            Ok(key) => key,
            Err(KeyLookup::Unknown) => return Err(OpenError::UnknownKey(key_id)),
            Err(KeyLookup::Retired) => return Err(OpenError::RetiredKey(key_id)),
        };
        let (header, sealed) = record
            .split_at_checked(header_len)
            .ok_or(OpenError::Malformed("header"))?;
        if sealed.len() < TAG_LEN {
            return Err(OpenError::Malformed("too short"));
        }
        let mut siv = Aes256Siv::new(key.bytes().into());
        let plain = Zeroizing::new(
            siv.decrypt([header], sealed)
                .map_err(|_| OpenError::Tampered)?,
        );
        let opened = read_payload(&plain, kind, spa)?;
        if let EntryKind::Sticky { aa } = kind {
            // Authenticated both, so they only differ if we sealed them so.
            if opened.aa != aa {
                return Err(OpenError::Malformed("sticky AA"));
            }
        }
        if opened.expires_unix <= now_unix {
            return Err(OpenError::Expired(now_unix - opened.expires_unix));
        }
        Ok(opened)
    }
}

fn header(key_id: u32, kind: EntryKind, spa: MacAddr, domain: &str) -> Result<Vec<u8>, SealError> {
    let domain_len = u8::try_from(domain.len())
        .ok()
        .filter(|n| *n > 0)
        .ok_or(SealError::DomainLength)?;
    let (kind_octet, aa) = match kind {
        EntryKind::Sticky { aa } => (0, aa),
        EntryKind::Okc => (1, MacAddr([0; 6])),
    };
    let mut h = Vec::with_capacity(FIXED_HEADER + domain.len());
    h.push(VERSION);
    h.extend_from_slice(&key_id.to_be_bytes());
    h.push(kind_octet);
    h.extend_from_slice(&spa.0);
    h.extend_from_slice(&aa.0);
    h.push(domain_len);
    h.extend_from_slice(domain.as_bytes());
    Ok(h)
}

fn payload(entry: &PmksaEntry, expires_unix: u64) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let pmk = entry.pmk().as_bytes();
    let s = &entry.session;
    let mut p = Zeroizing::new(Vec::with_capacity(128 + s.identity.len()));
    p.push(u8::try_from(pmk.len()).map_err(|_| SealError::TooLong("PMK"))?);
    p.extend_from_slice(pmk);
    p.extend_from_slice(&entry.pmkid().0);
    p.extend_from_slice(&<[u8; 4]>::from(entry.akm()));
    p.extend_from_slice(&entry.aa().0);
    p.extend_from_slice(&expires_unix.to_be_bytes());
    put_bytes(&mut p, &s.identity, "identity")?;
    p.push(u8::try_from(s.class.len()).map_err(|_| SealError::TooLong("Class"))?);
    for class in &s.class {
        put_bytes(&mut p, class, "Class")?;
    }
    match &s.cui {
        Some(cui) => {
            p.push(1);
            put_bytes(&mut p, cui, "CUI")?;
        }
        None => p.push(0),
    }
    match s.vlan_id {
        Some(v) => {
            p.push(1);
            p.extend_from_slice(&v.to_be_bytes());
        }
        None => p.push(0),
    }
    match s.session_timeout {
        Some(t) => {
            p.push(1);
            p.extend_from_slice(&t.to_be_bytes());
        }
        None => p.push(0),
    }
    p.extend_from_slice(&s.acct_multi_session_id.to_be_bytes());
    p.push(s.eap_type);
    Ok(p)
}

fn put_bytes(p: &mut Vec<u8>, bytes: &[u8], what: &'static str) -> Result<(), SealError> {
    let len = u16::try_from(bytes.len()).map_err(|_| SealError::TooLong(what))?;
    p.extend_from_slice(&len.to_be_bytes());
    p.extend_from_slice(bytes);
    Ok(())
}

fn read_payload(plain: &[u8], kind: EntryKind, spa: MacAddr) -> Result<Opened, OpenError> {
    let mut r = Reader(plain);
    let pmk_len = usize::from(r.u8()?);
    let pmk = Pmk::from_slice(r.take(pmk_len)?).map_err(|_| OpenError::Malformed("PMK"))?;
    let pmkid = Pmkid(r.array()?);
    let akm = Akm::from(r.array::<4>()?);
    let aa = r.mac()?;
    let expires_unix = r.u64()?;
    let identity = r.bytes()?;
    let class = (0..r.u8()?)
        .map(|_| r.bytes())
        .collect::<Result<Vec<_>, _>>()?;
    let cui = r.flag()?.then(|| r.bytes()).transpose()?;
    let vlan_id = r.flag()?.then(|| r.u16()).transpose()?;
    let session_timeout = r.flag()?.then(|| r.u32()).transpose()?;
    let acct_multi_session_id = r.u64()?;
    let eap_type = r.u8()?;
    if !r.0.is_empty() {
        return Err(OpenError::Malformed("trailing octets"));
    }
    Ok(Opened {
        kind,
        spa,
        aa,
        pmk,
        pmkid,
        akm,
        expires_unix,
        session: SessionAttrs {
            identity,
            class,
            cui,
            vlan_id,
            session_timeout,
            acct_multi_session_id,
            eap_type,
        },
    })
}

/// A checked reader: every read fails with [`OpenError::Malformed`] past
/// the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], OpenError> {
        let (head, rest) = self
            .0
            .split_at_checked(n)
            .ok_or(OpenError::Malformed("truncated"))?;
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], OpenError> {
        self.take(N)?
            .try_into()
            .map_err(|_| OpenError::Malformed("truncated"))
    }

    fn u8(&mut self) -> Result<u8, OpenError> {
        self.array::<1>().map(|[b]| b)
    }

    fn flag(&mut self) -> Result<bool, OpenError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(OpenError::Malformed("flag")),
        }
    }

    fn u16(&mut self) -> Result<u16, OpenError> {
        self.array().map(u16::from_be_bytes)
    }

    fn u32(&mut self) -> Result<u32, OpenError> {
        self.array().map(u32::from_be_bytes)
    }

    fn u64(&mut self) -> Result<u64, OpenError> {
        self.array().map(u64::from_be_bytes)
    }

    fn mac(&mut self) -> Result<MacAddr, OpenError> {
        self.array().map(MacAddr)
    }

    fn bytes(&mut self) -> Result<Vec<u8>, OpenError> {
        let n = usize::from(self.u16()?);
        self.take(n).map(<[u8]>::to_vec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{DomainKey, KEY_LEN};

    const AP0: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
    const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
    const OTHER_STA: MacAddr = MacAddr([2, 0, 0, 0, 3, 0]);
    const T: u64 = 1_800_000_000;

    fn key(b: u8) -> DomainKey {
        DomainKey::from_bytes(&[b; KEY_LEN]).unwrap()
    }

    fn session() -> SessionAttrs {
        SessionAttrs {
            identity: b"alice@example.org".to_vec(),
            class: vec![b"class-1".to_vec(), vec![0, 255, 7]],
            cui: Some(b"cui-alice".to_vec()),
            vlan_id: Some(10),
            session_timeout: Some(3600),
            acct_multi_session_id: 0xfeed_0001,
            eap_type: 25,
        }
    }

    fn entry(now: Instant) -> PmksaEntry {
        let pmk = Pmk::from_slice(&[0x42; 32]).unwrap();
        PmksaEntry::new(now, pmk, Akm::Ieee8021x, AP0, STA, session()).unwrap()
    }

    #[test]
    fn seal_and_open_round_trip() {
        let now = Instant::now();
        let mut s = Sealer::new(KeyRing::new(key(1)));
        let e = entry(now);
        for kind in [EntryKind::Okc, EntryKind::Sticky { aa: AP0 }] {
            let record = s.seal("corp", kind, &e, now, T).unwrap();
            // The store never sees the PMK nor the identity in clear.
            assert!(!record.windows(8).any(|w| w == [0x42; 8]));
            assert!(!record.windows(5).any(|w| w == b"alice"));
            let o = s.open(&record, "corp", STA, kind, T + 10).unwrap();
            assert_eq!((o.kind(), o.spa(), o.aa()), (kind, STA, AP0));
            assert_eq!(o.expires_unix(), T + 3600);
            let later = now + Duration::from_secs(10);
            let back = o.into_entry(later, T + 10);
            assert_eq!(back.pmk(), e.pmk());
            assert_eq!(back.pmkid(), e.pmkid());
            assert_eq!(back.akm(), e.akm());
            assert_eq!((back.aa(), back.spa()), (AP0, STA));
            assert_eq!(back.session, session());
            assert_eq!(back.expires(), later + Duration::from_secs(3590));
            assert!(!back.opportunistic());
        }
        assert_eq!(
            s.counters(),
            StoreCounters {
                sealed: 2,
                opened: 2,
                ..Default::default()
            }
        );
    }

    #[test]
    fn every_altered_octet_is_caught() {
        let now = Instant::now();
        let mut s = Sealer::new(KeyRing::new(key(1)));
        let record = s.seal("corp", EntryKind::Okc, &entry(now), now, T).unwrap();
        let header_len = FIXED_HEADER + 4;
        for i in 0..record.len() {
            let mut bad = record.clone();
            bad[i] ^= 0x01;
            let err = s.open(&bad, "corp", STA, EntryKind::Okc, T).unwrap_err();
            match i {
                0 => assert_eq!(err, OpenError::Version(0)),
                1..=4 => assert!(matches!(err, OpenError::UnknownKey(_)), "{i}: {err:?}"),
                // Kind, SPA, AA (zeros for OKC: authenticated, so tampered),
                // domain length and domain.
                5..=11 | 18..=22 => {
                    assert!(
                        matches!(err, OpenError::Swapped | OpenError::Malformed(_)),
                        "{i}: {err:?}"
                    )
                }
                _ => assert_eq!(err, OpenError::Tampered, "octet {i} of {header_len}+"),
            }
        }
        let c = s.counters();
        assert_eq!(c.opened, 0);
        assert_eq!(
            c.malformed + c.unknown_key + c.swapped + c.tampered,
            record.len() as u64
        );
        assert!(c.tampered > 50);
        // Truncations never panic and never open.
        for n in 0..record.len() {
            assert!(s
                .open(&record[..n], "corp", STA, EntryKind::Okc, T)
                .is_err());
        }
    }

    #[test]
    fn swapped_station_domain_or_ap_is_refused() {
        let now = Instant::now();
        let mut s = Sealer::new(KeyRing::new(key(1)));
        let okc = s.seal("corp", EntryKind::Okc, &entry(now), now, T).unwrap();
        let sticky_kind = EntryKind::Sticky { aa: AP0 };
        let sticky = s.seal("corp", sticky_kind, &entry(now), now, T).unwrap();
        let open = |s: &mut Sealer, r: &[u8], d: &str, sta, k| s.open(r, d, sta, k, T).unwrap_err();
        assert_eq!(
            open(&mut s, &okc, "corp", OTHER_STA, EntryKind::Okc),
            OpenError::Swapped
        );
        assert_eq!(
            open(&mut s, &okc, "guest", STA, EntryKind::Okc),
            OpenError::Swapped
        );
        assert_eq!(
            open(&mut s, &okc, "corp", STA, sticky_kind),
            OpenError::Swapped
        );
        let at_ap1 = EntryKind::Sticky { aa: AP1 };
        assert_eq!(
            open(&mut s, &sticky, "corp", STA, at_ap1),
            OpenError::Swapped
        );
        // Rewriting the header to the other station makes the seal fail.
        let mut moved = okc.clone();
        moved[6..12].copy_from_slice(&OTHER_STA.0);
        assert_eq!(
            open(&mut s, &moved, "corp", OTHER_STA, EntryKind::Okc),
            OpenError::Tampered
        );
        assert_eq!((s.counters().swapped, s.counters().tampered), (4, 1));
        // A sticky record cannot be sealed for another AP than the entry's.
        assert!(matches!(
            s.seal("corp", at_ap1, &entry(now), now, T),
            Err(SealError::WrongAp { .. })
        ));
    }

    #[test]
    fn expired_records_are_refused() {
        let now = Instant::now();
        let mut s = Sealer::new(KeyRing::new(key(1)));
        let record = s.seal("corp", EntryKind::Okc, &entry(now), now, T).unwrap();
        assert!(s
            .open(&record, "corp", STA, EntryKind::Okc, T + 3599)
            .is_ok());
        assert_eq!(
            s.open(&record, "corp", STA, EntryKind::Okc, T + 3600)
                .unwrap_err(),
            OpenError::Expired(0)
        );
        assert_eq!(
            s.open(&record, "corp", STA, EntryKind::Okc, T + 4000)
                .unwrap_err(),
            OpenError::Expired(400)
        );
        assert_eq!(s.counters().expired, 2);
        // An entry with no lifetime left is not written at all.
        let late = now + Duration::from_secs(3600);
        assert_eq!(
            s.seal("corp", EntryKind::Okc, &entry(now), late, T + 3600),
            Err(SealError::Expired)
        );
    }

    #[test]
    fn rotation_reads_old_keys_until_the_deadline() {
        let now = Instant::now();
        let mut old = Sealer::new(KeyRing::new(key(1)));
        let record = old
            .seal("corp", EntryKind::Okc, &entry(now), now, T)
            .unwrap();
        let ring = KeyRing::new(key(2)).with_old_keys(vec![key(1)], Some(T + 100));
        let mut new = Sealer::new(ring);
        assert!(new
            .open(&record, "corp", STA, EntryKind::Okc, T + 99)
            .is_ok());
        assert_eq!(
            new.open(&record, "corp", STA, EntryKind::Okc, T + 100)
                .unwrap_err(),
            OpenError::RetiredKey(key(1).id())
        );
        // New records carry the new key's id; the old ring cannot read them.
        let fresh = new
            .seal("corp", EntryKind::Okc, &entry(now), now, T)
            .unwrap();
        assert_eq!(fresh[1..5], key(2).id().to_be_bytes());
        assert_eq!(
            old.open(&fresh, "corp", STA, EntryKind::Okc, T)
                .unwrap_err(),
            OpenError::UnknownKey(key(2).id())
        );
        // Same key id forged onto a record sealed under another key.
        let mut other = Sealer::new(KeyRing::new(key(3)));
        let mut forged = other
            .seal("corp", EntryKind::Okc, &entry(now), now, T)
            .unwrap();
        forged[1..5].copy_from_slice(&key(2).id().to_be_bytes());
        assert_eq!(
            new.open(&forged, "corp", STA, EntryKind::Okc, T)
                .unwrap_err(),
            OpenError::Tampered
        );
        assert_eq!(new.counters().unknown_key, 1);
    }

    #[test]
    fn domain_and_attribute_limits() {
        let now = Instant::now();
        let mut s = Sealer::new(KeyRing::new(key(1)));
        assert_eq!(
            s.seal("", EntryKind::Okc, &entry(now), now, T),
            Err(SealError::DomainLength)
        );
        let long = "d".repeat(256);
        assert_eq!(
            s.seal(&long, EntryKind::Okc, &entry(now), now, T),
            Err(SealError::DomainLength)
        );
        let mut e = entry(now);
        e.session.identity = vec![b'x'; 70_000];
        assert_eq!(
            s.seal("corp", EntryKind::Okc, &e, now, T),
            Err(SealError::TooLong("identity"))
        );
        // Empty session, 48-octet PMK (SHA-384 AKMs).
        let pmk = Pmk::from_slice(&[9; 48]).unwrap();
        let e = PmksaEntry::with_pmkid(
            now,
            pmk,
            Pmkid([3; 16]),
            Akm::Ieee8021xSuiteB192,
            AP0,
            STA,
            SessionAttrs::default(),
        );
        let r = s
            .seal(&"d".repeat(255), EntryKind::Okc, &e, now, T)
            .unwrap();
        let o = s
            .open(&r, &"d".repeat(255), STA, EntryKind::Okc, T)
            .unwrap();
        let back = o.into_entry(now, T);
        assert_eq!(back.pmk().as_bytes(), &[9; 48]);
        assert_eq!(back.akm(), Akm::Ieee8021xSuiteB192);
        assert_eq!(back.session, SessionAttrs::default());
    }

    proptest::proptest! {
        #[test]
        fn open_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let mut s = Sealer::new(KeyRing::new(key(1)));
            let _ = s.open(&bytes, "corp", STA, EntryKind::Okc, T);
        }
    }
}
