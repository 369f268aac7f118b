//! The roam journal: one line per (re)association saying what it cost,
//! and the roaming profiles it feeds.

use super::*;
use crate::profiles::{classify, Association, ProfileSettings, RoamProfiles};

impl Bss {
    /// Joins the roaming profiles shared by the BSSes of this daemon.
    pub fn attach_profiles(&mut self, profiles: Rc<RefCell<RoamProfiles>>) {
        self.profiles = Some(profiles);
    }

    /// Writes the journal line of a station whose port just opened and
    /// returns hostapd's AP-STA-CONNECTED event.
    pub(super) fn journal_authorized(&mut self, now: Instant, sta: MacAddr) -> Output {
        let connected = Output::CtrlEvent(format!("AP-STA-CONNECTED {sta}"));
        let ssid = String::from_utf8_lossy(&self.config.ssid).into_owned();
        let Some(station) = self.stations.get_mut(&sta) else {
            return connected;
        };
        // The AKM tells FT-SAE roams from FT-PSK ones (both ft-air/ft-ds).
        let akm = station
            .negotiated
            .as_ref()
            .and_then(|n| crate::config::suites::akm_name(n.akm))
            .unwrap_or("");
        let ft_akm = station.negotiated.as_ref().is_some_and(|n| n.akm.is_ft());
        let mode = self.config.cache().map(|c| c.mode);
        let caching = mode.is_some_and(|m| m != CacheMode::None);
        let okc_mode = mode == Some(CacheMode::Okc);
        let Some(record) = station.journal.as_mut() else {
            return connected;
        };
        let elapsed = now.saturating_duration_since(record.started);
        record.authorize_time = Some(elapsed);
        let association = Association {
            ssid: &self.config.ssid,
            bssid: self.bssid,
            outcome: record.outcome,
            offered: record.offered,
            okc_hit: record.outcome == RoamOutcome::Okc || record.okc_offer,
            caching,
            okc_mode,
            ft_akm,
            authorize_time: elapsed,
        };
        let class = match &self.profiles {
            Some(p) => p.borrow_mut().record(now, sta, &association),
            None => classify(&association, false, ProfileSettings::default().slow_roam),
        };
        record.class = Some(class);
        // A transition request from another BSS of ours that preceded this.
        record.steered = self
            .profiles
            .as_ref()
            .and_then(|p| p.borrow_mut().take_steer(sta, self.bssid))
            .map(|s| s.describe(now));
        let key_source = record.key_source.map_or("", |k| k.as_str());
        let key_round_trip_ms = match record.key_source {
            Some(crate::ft::KeySource::Pulled { round_trip_ms }) => round_trip_ms,
            // The wait for the store (feature `shared-cache`).
            #[cfg(feature = "shared-cache")]
            Some(
                crate::ft::KeySource::StoreFetched { round_trip_ms }
                | crate::ft::KeySource::StoreMiss { round_trip_ms },
            ) => round_trip_ms,
            _ => 0,
        };
        info!(
            sta = %sta,
            ssid = %ssid,
            bssid = %self.bssid,
            reassoc = record.reassoc,
            pmkids = ?record.offered,
            outcome = %record.outcome.as_str(),
            akm = %akm,
            radius_round_trips = record.radius_round_trips,
            authorize_ms = elapsed.as_millis() as u64,
            ft = record.ft,
            pmf = record.pmf,
            key_source = %key_source,
            key_round_trip_ms,
            class = %class.as_str(),
            steered = %record.steered.as_deref().unwrap_or(""),
            "roam"
        );
        connected
    }

    /// Writes the journal line of an FT roam that failed here: its kind
    /// (ft-air, ft-ds), why, and the status the station got.
    pub(super) fn journal_ft_failure(
        &mut self,
        sta: MacAddr,
        kind: RoamOutcome,
        why: crate::ft::FtFailure,
        status: StatusCode,
    ) {
        self.counters.ft_failures += 1;
        info!(
            sta = %sta,
            ssid = %String::from_utf8_lossy(&self.config.ssid),
            bssid = %self.bssid,
            outcome = %kind.as_str(),
            reason = %why.as_str(),
            status = u16::from(status),
            "roam failed"
        );
    }
}
