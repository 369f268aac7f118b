//! One PMKSA: the PMK, its name, and the session state that a cached roam
//! restores instead of running EAP again.

use core::time::Duration;
use std::time::Instant;

use roamd_wpa::{pmkid, Akm, AkmExt, MacAddr, Pmk, Pmkid};

use crate::error::Error;

/// PMKSA lifetime when the RADIUS server sent no Session-Timeout
/// (hostapd `dot11RSNAConfigPMKLifetime`, 43200 s).
pub const DEFAULT_PMK_LIFETIME: Duration = Duration::from_secs(43_200);

/// The authentication-server state kept with a PMKSA (hostapd
/// `pmksa_cache_from_eapol_data`): a station that roams on a cached PMKSA
/// skips EAP, so accounting and VLAN assignment must come from here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionAttrs {
    /// EAP identity (EAP-Response/Identity, RADIUS User-Name); empty if none.
    pub identity: Vec<u8>,
    /// RADIUS Class attributes (RFC 2865 5.25), echoed in accounting.
    pub class: Vec<Vec<u8>>,
    /// RADIUS Chargeable-User-Identity (RFC 4372).
    pub cui: Option<Vec<u8>>,
    /// VLAN from the Tunnel-Private-Group-ID of Access-Accept (RFC 3580 3.31).
    pub vlan_id: Option<u16>,
    /// RADIUS Session-Timeout in seconds (RFC 2865 5.27), if sent; it set
    /// the entry's expiry.
    pub session_timeout: Option<u32>,
    /// Acct-Multi-Session-Id (RFC 2866 5.11), kept across roams.
    pub acct_multi_session_id: u64,
    /// EAP method type the server completed (hostapd `eap_type_authsrv`), 0 if unknown.
    pub eap_type: u8,
}

/// A cached PMK security association (IEEE 802.11-2020 12.6.10.1).
///
/// The key fields (PMK, PMKID, AKM, addresses, times) are fixed at creation
/// so that the PMKID always names this PMK for this AA and SPA; the cache
/// indexes entries by them. Cloning copies the PMK into another zeroizing
/// container.
#[derive(Debug, Clone)]
pub struct PmksaEntry {
    pmk: Pmk,
    pmkid: Pmkid,
    akm: Akm,
    spa: MacAddr,
    aa: MacAddr,
    created: Instant,
    expires: Instant,
    opportunistic: bool,
    /// RADIUS and EAP state restored on a cached roam.
    pub session: SessionAttrs,
}

impl PmksaEntry {
    /// A PMKSA after a full authentication at `aa` (hostapd
    /// `pmksa_cache_auth_create_entry`): the PMKID is derived from the PMK
    /// (12.7.1.3) and the entry expires `session.session_timeout` seconds
    /// from `now`, or after [`DEFAULT_PMK_LIFETIME`] if that is absent or 0.
    ///
    /// For FT-802.1X the PMK to cache is MSK octets 32..64 (hostapd).
    /// Fails for unknown AKMs and for Suite B, whose PMKID is keyed with the
    /// KCK: use [`Self::with_pmkid`] there.
    pub fn new(
        now: Instant,
        pmk: Pmk,
        akm: Akm,
        aa: MacAddr,
        spa: MacAddr,
        session: SessionAttrs,
    ) -> Result<Self, Error> {
        if matches!(akm, Akm::Ieee8021xSuiteB | Akm::Ieee8021xSuiteB192) {
            return Err(Error::Pmkid(roamd_wpa::Error::UnsupportedAkm(akm)));
        }
        let id = pmkid::pmkid(&pmk, &aa, &spa, akm)?;
        Ok(Self::with_pmkid(now, pmk, id, akm, aa, spa, session))
    }

    /// A PMKSA whose PMKID the caller already has (SAE, Suite B, or a PMKID
    /// computed for message 1/4). Expiry as in [`Self::new`].
    pub fn with_pmkid(
        now: Instant,
        pmk: Pmk,
        pmkid: Pmkid,
        akm: Akm,
        aa: MacAddr,
        spa: MacAddr,
        session: SessionAttrs,
    ) -> Self {
        let lifetime = lifetime(session.session_timeout);
        Self {
            pmk,
            pmkid,
            akm,
            spa,
            aa,
            created: now,
            expires: far_instant(now, lifetime),
            opportunistic: false,
            session,
        }
    }

    /// A PMKSA read back from elsewhere (another host's announcement, the
    /// shared store after a restart): every field as it was, the expiry
    /// given, `created` = `now`.
    #[allow(clippy::too_many_arguments)]
    pub fn restored(
        now: Instant,
        expires: Instant,
        pmk: Pmk,
        pmkid: Pmkid,
        akm: Akm,
        aa: MacAddr,
        spa: MacAddr,
        session: SessionAttrs,
    ) -> Self {
        Self::from_parts(pmk, pmkid, akm, aa, spa, now, expires, false, session)
    }

    /// The PMK: the key of the 4-way handshake on a cached roam.
    pub fn pmk(&self) -> &Pmk {
        &self.pmk
    }

    /// The PMKID naming this PMKSA at [`Self::aa`]; sent in the PMKID KDE of
    /// message 1/4.
    pub fn pmkid(&self) -> Pmkid {
        self.pmkid
    }

    /// The AKM the PMK was derived under.
    pub fn akm(&self) -> Akm {
        self.akm
    }

    /// Supplicant address: the station.
    pub fn spa(&self) -> MacAddr {
        self.spa
    }

    /// Authenticator address: the BSSID this PMKSA was created for.
    pub fn aa(&self) -> MacAddr {
        self.aa
    }

    /// When this entry was created (for an OKC entry: when it was derived).
    pub fn created(&self) -> Instant {
        self.created
    }

    /// When the PMKSA stops being usable.
    pub fn expires(&self) -> Instant {
        self.expires
    }

    /// True if this entry was derived by OKC from another BSS's entry
    /// rather than by authentication at this BSS.
    pub fn opportunistic(&self) -> bool {
        self.opportunistic
    }

    /// True once `now` has reached the expiry.
    pub fn is_expired(&self, now: Instant) -> bool {
        self.expires <= now
    }

    /// Lifetime left at `now`; zero once expired. This bounds the station's
    /// session when it roams on this PMKSA.
    pub fn remaining(&self, now: Instant) -> Duration {
        self.expires.saturating_duration_since(now)
    }

    /// The PMKID this PMKSA would have at authenticator `aa`, as OKC
    /// compares it (hostapd `pmksa_cache_get_okc`): recomputed from the PMK,
    /// except for SAE, whose PMKID does not involve the addresses and is
    /// compared as stored. `None` for Suite B (KCK-keyed, not cached here)
    /// and unknown AKMs.
    pub fn pmkid_for(&self, aa: &MacAddr) -> Option<Pmkid> {
        match self.akm {
            akm if akm.is_sae() => Some(self.pmkid),
            Akm::Ieee8021xSuiteB | Akm::Ieee8021xSuiteB192 => None,
            akm => pmkid::pmkid(&self.pmk, aa, &self.spa, akm).ok(),
        }
    }

    /// The entry OKC stores at `aa` (hostapd `pmksa_cache_add_okc`): same
    /// PMK, AKM, expiry and session state, the PMKID for `aa`, opportunistic.
    pub(crate) fn into_okc(self, now: Instant, aa: MacAddr, pmkid: Pmkid) -> Self {
        Self {
            pmkid,
            aa,
            created: now,
            opportunistic: true,
            ..self
        }
    }

    /// The same entry ending at `expires` (a reload shortening the lifetime).
    pub(crate) fn with_expiry(self, expires: Instant) -> Self {
        Self { expires, ..self }
    }

    /// An entry from every field, as the cache unpacks it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        pmk: Pmk,
        pmkid: Pmkid,
        akm: Akm,
        aa: MacAddr,
        spa: MacAddr,
        created: Instant,
        expires: Instant,
        opportunistic: bool,
        session: SessionAttrs,
    ) -> Self {
        Self {
            pmk,
            pmkid,
            akm,
            spa,
            aa,
            created,
            expires,
            opportunistic,
            session,
        }
    }
}

/// The lifetime of a PMKSA given the RADIUS Session-Timeout: that many
/// seconds if more than 0, else [`DEFAULT_PMK_LIFETIME`] (hostapd).
pub(crate) fn lifetime(session_timeout: Option<u32>) -> Duration {
    match session_timeout {
        Some(secs) if secs > 0 => Duration::from_secs(secs.into()),
        _ => DEFAULT_PMK_LIFETIME,
    }
}

/// `now + d`, saturating to the latest representable instant we try.
fn far_instant(now: Instant, d: Duration) -> Instant {
    now.checked_add(d)
        .or_else(|| now.checked_add(DEFAULT_PMK_LIFETIME))
        .unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AA: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
    const SPA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

    fn pmk() -> Pmk {
        Pmk::from_slice(&[0x11; 32]).unwrap()
    }

    #[test]
    fn expiry_from_session_timeout() {
        let now = Instant::now();
        let mut s = SessionAttrs {
            session_timeout: Some(3600),
            ..SessionAttrs::default()
        };
        let e = PmksaEntry::new(now, pmk(), Akm::Ieee8021x, AA, SPA, s.clone()).unwrap();
        assert_eq!(e.expires() - now, Duration::from_secs(3600));
        assert_eq!(e.remaining(now + Duration::from_secs(600)).as_secs(), 3000);
        assert!(!e.is_expired(now + Duration::from_secs(3599)));
        assert!(e.is_expired(now + Duration::from_secs(3600)));
        // hostapd: session_timeout > 0 only; 0 means the default lifetime.
        s.session_timeout = Some(0);
        let e = PmksaEntry::new(now, pmk(), Akm::Ieee8021x, AA, SPA, s).unwrap();
        assert_eq!(e.expires() - now, DEFAULT_PMK_LIFETIME);
        let e =
            PmksaEntry::new(now, pmk(), Akm::Ieee8021x, AA, SPA, SessionAttrs::default()).unwrap();
        assert_eq!(e.expires() - now, DEFAULT_PMK_LIFETIME);
        assert_eq!(e.created(), now);
        assert!(!e.opportunistic());
    }

    #[test]
    fn pmkid_is_derived() {
        let now = Instant::now();
        let e = PmksaEntry::new(
            now,
            pmk(),
            Akm::Ieee8021xSha256,
            AA,
            SPA,
            SessionAttrs::default(),
        )
        .unwrap();
        assert_eq!(
            e.pmkid(),
            pmkid::pmkid(&pmk(), &AA, &SPA, Akm::Ieee8021xSha256).unwrap()
        );
        assert_eq!(e.pmkid_for(&AA), Some(e.pmkid()));
        assert_ne!(e.pmkid_for(&MacAddr([2, 0, 0, 0, 1, 0])), Some(e.pmkid()));
    }

    #[test]
    fn suite_b_and_unknown_need_explicit_pmkid() {
        let now = Instant::now();
        for akm in [
            Akm::Ieee8021xSuiteB,
            Akm::Ieee8021xSuiteB192,
            Akm::Other([0; 3], 99),
        ] {
            assert_eq!(
                PmksaEntry::new(now, pmk(), akm, AA, SPA, SessionAttrs::default()).unwrap_err(),
                Error::Pmkid(roamd_wpa::Error::UnsupportedAkm(akm))
            );
            let e = PmksaEntry::with_pmkid(
                now,
                pmk(),
                Pmkid([9; 16]),
                akm,
                AA,
                SPA,
                SessionAttrs::default(),
            );
            assert_eq!(e.pmkid_for(&AA), None);
        }
    }

    #[test]
    fn sae_pmkid_compared_as_stored() {
        let e = PmksaEntry::with_pmkid(
            Instant::now(),
            pmk(),
            Pmkid([7; 16]),
            Akm::Sae,
            AA,
            SPA,
            SessionAttrs::default(),
        );
        assert_eq!(
            e.pmkid_for(&MacAddr([2, 0, 0, 0, 1, 0])),
            Some(Pmkid([7; 16]))
        );
    }

    #[test]
    fn okc_copy_keeps_session_and_expiry() {
        let now = Instant::now();
        let s = SessionAttrs {
            identity: b"alice".to_vec(),
            class: vec![b"c1".to_vec(), b"c2".to_vec()],
            cui: Some(b"cui".to_vec()),
            vlan_id: Some(30),
            session_timeout: Some(100),
            acct_multi_session_id: 0x1234,
            eap_type: 25,
        };
        let e = PmksaEntry::new(now, pmk(), Akm::Ieee8021x, AA, SPA, s).unwrap();
        let later = now + Duration::from_secs(10);
        let ap1 = MacAddr([2, 0, 0, 0, 1, 0]);
        let d = e.clone().into_okc(later, ap1, e.pmkid_for(&ap1).unwrap());
        assert_eq!(d.aa(), ap1);
        assert_eq!(d.spa(), SPA);
        assert_eq!(d.pmk(), e.pmk());
        assert_eq!(d.expires(), e.expires());
        assert_eq!(d.created(), later);
        assert_eq!(d.session, e.session);
        assert!(d.opportunistic());
    }

    #[test]
    fn debug_redacts_pmk() {
        let e = PmksaEntry::new(
            Instant::now(),
            pmk(),
            Akm::Ieee8021x,
            AA,
            SPA,
            SessionAttrs::default(),
        )
        .unwrap();
        let s = format!("{e:?}");
        assert!(s.contains("Pmk(<redacted>)"));
        assert!(!s.contains("17, 17"));
    }
}
