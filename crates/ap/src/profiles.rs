//! Client roaming profiles and the roam-quality classifier.
//!
//! A [`RoamProfiles`] table is shared by the BSSes of the daemon (like the
//! PMKSA registry) and learns, from each association whose port opened,
//! what the station does when it roams: whether it offers PMKIDs at all,
//! only at BSSIDs it authenticated at (sticky, as Apple and Windows
//! clients do), OKC PMKIDs for BSSIDs it never visited, FT, and whether it
//! repeats a PMKID we no longer have. Each association is classed
//! ([`classify`]) as fast, slow, full or failed-to-fast-roam; the classes
//! are counted per station and per SSID ([`SsidSummary`]).
//!
//! Sans-IO and bounded: stations create entries, so the table holds at most
//! `max_entries` (a new station evicts one that left, else the least
//! recently seen, counted in `evictions`), and an entry is dropped
//! `linger` after the station left the last BSS it was at.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::time::{Duration, Instant};

use roamd_ieee80211::MacAddr;

use crate::bss::{PmkidOffer, RoamOutcome};

/// BSSIDs remembered per station (visited, present at): a roaming station
/// sees a handful; a longer history only costs memory.
const MAX_BSSIDS: usize = 16;

/// How the profiles are kept and roams classed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileSettings {
    /// A fast roam (pmksa, okc, ft) slower than this to open the port is `slow`.
    pub slow_roam: Duration,
    /// Most stations profiled at once.
    pub max_entries: usize,
    /// How long a profile outlives the station's departure.
    pub linger: Duration,
}

impl Default for ProfileSettings {
    fn default() -> Self {
        ProfileSettings {
            slow_roam: Duration::from_millis(400),
            max_entries: 1024,
            linger: Duration::from_secs(3600),
        }
    }
}

/// The quality of one (re)association.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoamClass {
    /// A cached or FT key, port open within the threshold.
    Fast,
    /// A cached or FT key, but the port took longer than the threshold.
    Slow,
    /// The whole authentication of the AKM, with no cache it could have used.
    Full,
    /// A full authentication where a cache could have served: the station
    /// offered a PMKID we no longer have on an SSID that caches, or it does
    /// OKC on an OKC SSID.
    FailedToFastRoam,
}

impl RoamClass {
    /// The journal's name of the class.
    pub fn as_str(self) -> &'static str {
        match self {
            RoamClass::Fast => "fast",
            RoamClass::Slow => "slow",
            RoamClass::Full => "full",
            RoamClass::FailedToFastRoam => "failed-to-fast-roam",
        }
    }
}

/// What one association whose port opened showed of the station.
#[derive(Debug, Clone, Copy)]
pub struct Association<'a> {
    /// The SSID of the BSS.
    pub ssid: &'a [u8],
    /// The BSS.
    pub bssid: MacAddr,
    /// How the key was established.
    pub outcome: RoamOutcome,
    /// The PMKIDs it offered.
    pub offered: PmkidOffer,
    /// It offered an OKC PMKID (for a BSSID it never authenticated at,
    /// computed from another BSS's PMK): a hit by OKC, or a miss on a BSS
    /// that does not derive.
    pub okc_hit: bool,
    /// The BSS caches PMKSAs (mode sticky or okc).
    pub caching: bool,
    /// The BSS caches in OKC mode.
    pub okc_mode: bool,
    /// The negotiated AKM is an FT AKM.
    pub ft_akm: bool,
    /// From the request to the open port.
    pub authorize_time: Duration,
}

/// Classes one association. `does_okc`: the station was seen doing OKC.
pub fn classify(a: &Association, does_okc: bool, slow_roam: Duration) -> RoamClass {
    match a.outcome {
        RoamOutcome::Pmksa
        | RoamOutcome::Okc
        | RoamOutcome::FtAir
        | RoamOutcome::FtDs
        | RoamOutcome::SaePmksa => {
            if a.authorize_time > slow_roam {
                RoamClass::Slow
            } else {
                RoamClass::Fast
            }
        }
        RoamOutcome::FullEap | RoamOutcome::Sae
            if (a.caching && a.offered == PmkidOffer::Unknown)
                || (a.okc_mode && (does_okc || a.okc_hit)) =>
        {
            RoamClass::FailedToFastRoam
        }
        // Open and PSK have no faster path outside FT: always `full`.
        _ => RoamClass::Full,
    }
}

/// What a station has shown of its roaming behaviour.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The SSID of its last association.
    pub ssid: Vec<u8>,
    /// Associations whose port opened.
    pub associations: u32,
    /// Of those, with PMKIDs offered (not counting FT's PMKR1Name).
    pub pmkid_offers: u32,
    /// PMKIDs offered at a BSSID it had not authenticated at here.
    pub pmkid_unvisited: u32,
    /// It offered OKC PMKIDs (whether or not the BSS derived them).
    pub okc: bool,
    /// It used an FT AKM.
    pub ft: bool,
    /// It offered a PMKID we no longer have after one we knew.
    pub stale_pmkid: u32,
    /// Associations per class.
    pub fast: u32,
    /// See [`RoamClass::Slow`].
    pub slow: u32,
    /// See [`RoamClass::Full`].
    pub full: u32,
    /// See [`RoamClass::FailedToFastRoam`].
    pub failed_to_fast_roam: u32,
    /// BSS transition requests it accepted (802.11v).
    pub btm_accepted: u32,
    /// BSS transition requests it rejected.
    pub btm_rejected: u32,
    /// The last BSS transition request, until the roam that follows it.
    steer: Option<Steer>,
    /// An offered PMKID matched once: a later unknown one is stale.
    had_known: bool,
    /// BSSIDs where its port opened, oldest first.
    visited: Vec<MacAddr>,
    /// BSSIDs whose station table holds it now.
    present_at: Vec<MacAddr>,
    last_seen: Instant,
    /// When it left the last BSS it was at.
    left_at: Option<Instant>,
}

impl Profile {
    fn new(now: Instant) -> Self {
        Profile {
            ssid: Vec::new(),
            associations: 0,
            pmkid_offers: 0,
            pmkid_unvisited: 0,
            okc: false,
            ft: false,
            stale_pmkid: 0,
            fast: 0,
            slow: 0,
            full: 0,
            failed_to_fast_roam: 0,
            btm_accepted: 0,
            btm_rejected: 0,
            steer: None,
            had_known: false,
            visited: Vec::new(),
            present_at: Vec::new(),
            last_seen: now,
            left_at: None,
        }
    }

    /// It offered PMKIDs, but only at BSSIDs it had authenticated at.
    pub fn sticky_only(&self) -> bool {
        self.pmkid_offers > 0 && self.pmkid_unvisited == 0
    }

    /// It came back at least once and never offered a PMKID (FT aside).
    pub fn never_offers_pmkid(&self) -> bool {
        self.associations > 1 && self.pmkid_offers == 0 && !self.ft
    }

    fn update(&mut self, now: Instant, a: &Association, class: RoamClass) {
        self.ssid = a.ssid.to_vec();
        self.associations = self.associations.saturating_add(1);
        self.last_seen = now;
        self.left_at = None;
        self.ft |= a.ft_akm;
        self.okc |= a.okc_hit;
        if matches!(a.offered, PmkidOffer::Known | PmkidOffer::Unknown) {
            self.pmkid_offers = self.pmkid_offers.saturating_add(1);
            if !self.visited.contains(&a.bssid) {
                self.pmkid_unvisited = self.pmkid_unvisited.saturating_add(1);
            }
        }
        match a.offered {
            PmkidOffer::Known => self.had_known = true,
            PmkidOffer::Unknown if self.had_known => {
                self.stale_pmkid = self.stale_pmkid.saturating_add(1)
            }
            _ => {}
        }
        let counter = match class {
            RoamClass::Fast => &mut self.fast,
            RoamClass::Slow => &mut self.slow,
            RoamClass::Full => &mut self.full,
            RoamClass::FailedToFastRoam => &mut self.failed_to_fast_roam,
        };
        *counter = counter.saturating_add(1);
        remember(&mut self.visited, a.bssid);
        remember(&mut self.present_at, a.bssid);
    }
}

/// A BSS transition request and the station's answer, kept until its
/// next association at another BSS, whose journal line it explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Steer {
    /// The BSS that asked.
    pub from: MacAddr,
    /// When it asked.
    pub requested: Instant,
    /// The BSS Transition Management status of the answer (0: accept);
    /// `None` while unanswered.
    pub status: Option<u8>,
}

impl Steer {
    /// The journal's `steered=` value for a roam that opened its port at
    /// `now`: `accepted,<ms since the request>ms`, `rejected,status=<n>`
    /// or `unanswered`.
    pub fn describe(&self, now: Instant) -> String {
        match self.status {
            Some(0) => format!(
                "accepted,{}ms",
                now.saturating_duration_since(self.requested).as_millis()
            ),
            Some(status) => format!("rejected,status={status}"),
            None => "unanswered".into(),
        }
    }
}

/// Appends `bssid` (moved to the end if there), dropping the oldest past
/// [`MAX_BSSIDS`].
fn remember(list: &mut Vec<MacAddr>, bssid: MacAddr) {
    list.retain(|b| *b != bssid);
    if list.len() >= MAX_BSSIDS {
        list.remove(0);
    }
    list.push(bssid);
}

/// Roams of one SSID by class, since the daemon started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SsidTally {
    fast: u64,
    slow: u64,
    full: u64,
    failed_to_fast_roam: u64,
}

/// One SSID's roams and the profiles of its known clients.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SsidSummary {
    /// Associations whose port opened.
    pub roams: u64,
    /// Per class.
    pub fast: u64,
    /// See [`RoamClass::Slow`].
    pub slow: u64,
    /// See [`RoamClass::Full`].
    pub full: u64,
    /// See [`RoamClass::FailedToFastRoam`].
    pub failed_to_fast_roam: u64,
    /// Profiled stations whose last association was on this SSID.
    pub clients: u64,
    /// Of those, [`Profile::never_offers_pmkid`].
    pub never_offer_pmkid: u64,
    /// Of those, seen doing OKC.
    pub okc_clients: u64,
    /// Of those, seen using FT.
    pub ft_clients: u64,
}

impl fmt::Display for SsidSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = (self.fast * 100).checked_div(self.roams).unwrap_or(0);
        write!(
            f,
            "roams={} fast={} ({percent}%) slow={} full={} failed_to_fast_roam={} clients={} \
             never_offer_pmkid={} okc_clients={} ft_clients={}",
            self.roams,
            self.fast,
            self.slow,
            self.full,
            self.failed_to_fast_roam,
            self.clients,
            self.never_offer_pmkid,
            self.okc_clients,
            self.ft_clients
        )
    }
}

/// The profiles of the stations known to this daemon.
#[derive(Debug)]
pub struct RoamProfiles {
    settings: ProfileSettings,
    entries: HashMap<MacAddr, Profile>,
    ssids: BTreeMap<Vec<u8>, SsidTally>,
    /// Profiles evicted to make room for a new station.
    pub evictions: u64,
    /// Profiles dropped `linger` after their station left.
    pub expirations: u64,
}

impl RoamProfiles {
    /// An empty table.
    pub fn new(settings: ProfileSettings) -> Self {
        RoamProfiles {
            settings,
            entries: HashMap::new(),
            ssids: BTreeMap::new(),
            evictions: 0,
            expirations: 0,
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> ProfileSettings {
        self.settings
    }

    /// The station's profile.
    pub fn get(&self, sta: MacAddr) -> Option<&Profile> {
        self.entries.get(&sta)
    }

    /// Profiles held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No profile held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Classes an association whose port just opened and learns from it.
    pub fn record(&mut self, now: Instant, sta: MacAddr, a: &Association) -> RoamClass {
        self.expire(now);
        if !self.entries.contains_key(&sta) {
            while self.entries.len() >= self.settings.max_entries.max(1) {
                self.evict_one();
            }
        }
        let profile = self.entries.entry(sta).or_insert_with(|| Profile::new(now));
        let class = classify(a, profile.okc, self.settings.slow_roam);
        profile.update(now, a, class);
        let tally = self.ssids.entry(a.ssid.to_vec()).or_default();
        let counter = match class {
            RoamClass::Fast => &mut tally.fast,
            RoamClass::Slow => &mut tally.slow,
            RoamClass::Full => &mut tally.full,
            RoamClass::FailedToFastRoam => &mut tally.failed_to_fast_roam,
        };
        *counter += 1;
        class
    }

    /// The station left `bssid`'s table; once it is at no BSS, its profile
    /// starts to linger.
    pub fn left(&mut self, now: Instant, sta: MacAddr, bssid: MacAddr) {
        if let Some(p) = self.entries.get_mut(&sta) {
            p.present_at.retain(|b| *b != bssid);
            if p.present_at.is_empty() && p.left_at.is_none() {
                p.left_at = Some(now);
            }
        }
    }

    /// Drops the profiles whose station left more than `linger` ago.
    pub fn expire(&mut self, now: Instant) {
        let linger = self.settings.linger;
        let before = self.entries.len();
        self.entries.retain(|_, p| {
            p.left_at
                .is_none_or(|t| now.saturating_duration_since(t) < linger)
        });
        self.expirations += (before - self.entries.len()) as u64;
    }

    /// Makes room: a station that left goes first, else the one seen least
    /// recently (a spoofer's many addresses evict each other, not the
    /// stations that stay).
    fn evict_one(&mut self) {
        let victim = self
            .entries
            .iter()
            .min_by_key(|(_, p)| (p.left_at.is_none(), p.last_seen))
            .map(|(mac, _)| *mac);
        if let Some(mac) = victim {
            self.entries.remove(&mac);
            self.evictions += 1;
        }
    }

    /// The roams of `ssid` and the profiles of its known clients.
    pub fn summary(&mut self, now: Instant, ssid: &[u8]) -> SsidSummary {
        self.expire(now);
        let t = self.ssids.get(ssid).copied().unwrap_or_default();
        let mut s = SsidSummary {
            roams: t.fast + t.slow + t.full + t.failed_to_fast_roam,
            fast: t.fast,
            slow: t.slow,
            full: t.full,
            failed_to_fast_roam: t.failed_to_fast_roam,
            ..SsidSummary::default()
        };
        for p in self.entries.values().filter(|p| p.ssid == ssid) {
            s.clients += 1;
            s.never_offer_pmkid += u64::from(p.never_offers_pmkid());
            s.okc_clients += u64::from(p.okc);
            s.ft_clients += u64::from(p.ft);
        }
        s
    }

    /// `from` asked the station to move (BSS_TM_REQ).
    pub fn steer_requested(&mut self, now: Instant, sta: MacAddr, from: MacAddr) {
        if let Some(p) = self.entries.get_mut(&sta) {
            p.steer = Some(Steer {
                from,
                requested: now,
                status: None,
            });
        }
    }

    /// The station answered the request with `status` (0: accept).
    pub fn steer_answered(&mut self, sta: MacAddr, status: u8) {
        if let Some(p) = self.entries.get_mut(&sta) {
            let counter = if status == 0 {
                &mut p.btm_accepted
            } else {
                &mut p.btm_rejected
            };
            *counter = counter.saturating_add(1);
            if let Some(s) = &mut p.steer {
                s.status = Some(status);
            }
        }
    }

    /// The request that preceded the station's association at `bssid`,
    /// once: only a request from another BSS explains a roam here.
    pub fn take_steer(&mut self, sta: MacAddr, bssid: MacAddr) -> Option<Steer> {
        let p = self.entries.get_mut(&sta)?;
        p.steer.take_if(|s| s.from != bssid)
    }

    /// New settings (a reload); a lower bound evicts at the next station.
    pub fn set_settings(&mut self, settings: ProfileSettings) {
        self.settings = settings;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: MacAddr = MacAddr([2, 0, 0, 0, 0, 0xa]);
    const B: MacAddr = MacAddr([2, 0, 0, 0, 0, 0xb]);
    const STA: MacAddr = MacAddr([2, 0, 0, 0, 1, 1]);

    fn assoc(
        bssid: MacAddr,
        outcome: RoamOutcome,
        offered: PmkidOffer,
        ms: u64,
    ) -> Association<'static> {
        Association {
            ssid: b"corp",
            bssid,
            outcome,
            offered,
            okc_hit: outcome == RoamOutcome::Okc,
            caching: true,
            okc_mode: true,
            ft_akm: matches!(outcome, RoamOutcome::FtAir | RoamOutcome::FtDs),
            authorize_time: Duration::from_millis(ms),
        }
    }

    #[test]
    fn classifier_thresholds() {
        let slow = Duration::from_millis(400);
        let mut a = assoc(A, RoamOutcome::Pmksa, PmkidOffer::Known, 400);
        assert_eq!(classify(&a, false, slow), RoamClass::Fast);
        a.authorize_time = Duration::from_millis(401);
        assert_eq!(classify(&a, false, slow), RoamClass::Slow);
        a.outcome = RoamOutcome::FtDs;
        assert_eq!(classify(&a, false, slow), RoamClass::Slow);
        let full = assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 900);
        assert_eq!(classify(&full, false, slow), RoamClass::Full);
        // A PMKID we no longer have: a cache would have served.
        let stale = assoc(A, RoamOutcome::FullEap, PmkidOffer::Unknown, 50);
        assert_eq!(classify(&stale, false, slow), RoamClass::FailedToFastRoam);
        // Not where caching is off: no cache could have served.
        let uncached = Association {
            caching: false,
            okc_mode: false,
            ..stale
        };
        assert_eq!(classify(&uncached, false, slow), RoamClass::Full);
        // An OKC client on an OKC SSID, full EAP anyway.
        assert_eq!(classify(&full, true, slow), RoamClass::FailedToFastRoam);
        let sticky_ssid = Association {
            okc_mode: false,
            ..full
        };
        assert_eq!(classify(&sticky_ssid, true, slow), RoamClass::Full);
        let psk = assoc(A, RoamOutcome::Psk, PmkidOffer::None, 10);
        assert_eq!(classify(&psk, false, slow), RoamClass::Full);
    }

    #[test]
    fn profile_learns_from_outcomes() {
        let t0 = Instant::now();
        let mut table = RoamProfiles::new(ProfileSettings::default());
        let c = table.record(
            t0,
            STA,
            &assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 120),
        );
        assert_eq!(c, RoamClass::Full);
        // Back at A with its PMKID: sticky so far.
        table.record(
            t0,
            STA,
            &assoc(A, RoamOutcome::Pmksa, PmkidOffer::Known, 30),
        );
        let p = table.get(STA).unwrap();
        assert!(p.sticky_only() && !p.okc && !p.never_offers_pmkid());
        // To B, never visited, by OKC.
        table.record(t0, STA, &assoc(B, RoamOutcome::Okc, PmkidOffer::Known, 30));
        let p = table.get(STA).unwrap();
        assert!(p.okc && !p.sticky_only());
        assert_eq!(p.pmkid_unvisited, 1);
        // Its PMKSA expired; it repeats the PMKID.
        let c = table.record(
            t0,
            STA,
            &assoc(A, RoamOutcome::FullEap, PmkidOffer::Unknown, 300),
        );
        assert_eq!(c, RoamClass::FailedToFastRoam);
        let p = table.get(STA).unwrap();
        assert_eq!(p.stale_pmkid, 1);
        assert_eq!(
            (p.fast, p.slow, p.full, p.failed_to_fast_roam),
            (2, 0, 1, 1)
        );
        let s = table.summary(t0, b"corp");
        assert_eq!(
            s.to_string(),
            "roams=4 fast=2 (50%) slow=0 full=1 failed_to_fast_roam=1 clients=1 \
             never_offer_pmkid=0 okc_clients=1 ft_clients=0"
        );
    }

    #[test]
    fn ft_and_never_offering_clients() {
        let t0 = Instant::now();
        let mut table = RoamProfiles::new(ProfileSettings::default());
        let other = MacAddr([2, 0, 0, 0, 1, 2]);
        table.record(
            t0,
            STA,
            &assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 100),
        );
        table.record(
            t0,
            STA,
            &assoc(B, RoamOutcome::FtAir, PmkidOffer::PmkR1Name, 20),
        );
        table.record(
            t0,
            other,
            &assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 100),
        );
        table.record(
            t0,
            other,
            &assoc(B, RoamOutcome::FullEap, PmkidOffer::None, 100),
        );
        let ft = table.get(STA).unwrap();
        assert!(ft.ft && ft.pmkid_offers == 0 && !ft.never_offers_pmkid());
        assert!(table.get(other).unwrap().never_offers_pmkid());
        let s = table.summary(t0, b"corp");
        assert_eq!((s.clients, s.never_offer_pmkid, s.ft_clients), (2, 1, 1));
    }

    #[test]
    fn bounded_and_expired() {
        let t0 = Instant::now();
        let settings = ProfileSettings {
            max_entries: 4,
            ..ProfileSettings::default()
        };
        let mut table = RoamProfiles::new(settings);
        let mac = |i: u8| MacAddr([2, 0, 0, 0, 2, i]);
        for i in 0..4 {
            let at = t0 + Duration::from_secs(u64::from(i));
            table.record(
                at,
                mac(i),
                &assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 1),
            );
        }
        // Station 2 left: it goes before the least recently seen (0).
        table.left(t0 + Duration::from_secs(5), mac(2), A);
        let later = t0 + Duration::from_secs(6);
        table.record(
            later,
            mac(9),
            &assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 1),
        );
        assert_eq!(table.len(), 4);
        assert!(table.get(mac(2)).is_none() && table.get(mac(0)).is_some());
        // Then the oldest; the table never grows past its bound.
        for i in 10..50 {
            table.record(
                later,
                mac(i),
                &assoc(A, RoamOutcome::FullEap, PmkidOffer::None, 1),
            );
        }
        assert_eq!(table.len(), 4);
        assert_eq!(table.evictions, 41);
        // Leaving one of two BSSes keeps it present; leaving both starts
        // the linger.
        table.record(
            later,
            mac(49),
            &assoc(B, RoamOutcome::Pmksa, PmkidOffer::Known, 1),
        );
        table.left(later, mac(49), A);
        table.expire(later + settings.linger * 2);
        assert!(table.get(mac(49)).is_some());
        table.left(later, mac(49), B);
        table.expire(later + settings.linger - Duration::from_secs(1));
        assert!(table.get(mac(49)).is_some());
        table.expire(later + settings.linger);
        assert!(table.get(mac(49)).is_none());
        assert_eq!(table.expirations, 1);
    }
}
