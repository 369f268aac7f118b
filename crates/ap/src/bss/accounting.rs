//! RADIUS accounting of each station's session (RFC 2866): Start when
//! the port opens, Interim-Update, Stop with the kernel's counters.

use super::*;

impl Bss {
    pub(super) fn accounting_request(
        &self,
        station: &Station,
        status: AcctStatusType,
    ) -> Option<AccountingRequest> {
        let acct = station.acct.as_ref()?;
        let mut request = AccountingRequest::new(
            self.nas_info(station.aid)?,
            station.mac,
            status,
            acct.id.clone(),
        );
        if let Some(attrs) = &station.session_attrs {
            request.user_name = Some(attrs.identity.clone());
            request.class = attrs.class.clone();
            request.chargeable_user_identity = attrs.cui.clone();
        }
        Some(request)
    }

    /// Accounting-Request Start once the port opens (RFC 2866), when the
    /// BSS has accounting servers.
    pub(super) fn start_accounting(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        let Some(eap) = self.wpa.as_ref().and_then(|w| w.eap()) else {
            return Vec::new();
        };
        if eap.acct_servers.is_empty() {
            return Vec::new();
        }
        let default_interim = eap.acct_interim_interval;
        // hostapd's session ids: 16 hex digits, random.
        let id = format!("{:016X}", self.rng.gen::<u64>());
        let Some(station) = self.stations.get_mut(&sta) else {
            return Vec::new();
        };
        if station.acct.is_some() {
            return Vec::new();
        }
        let interim = station
            .session_attrs
            .as_ref()
            .and_then(|a| a.interim)
            .or(default_interim);
        info!(session = %id, "accounting start");
        station.acct = Some(AcctSession {
            id,
            started: now,
            next_interim: interim.map(|i| now + i),
            interim,
        });
        let Some(station) = self.stations.get(&sta) else {
            return Vec::new();
        };
        match self.accounting_request(station, AcctStatusType::Start) {
            Some(request) => vec![Output::Accounting {
                sta,
                request: Box::new(request),
                kernel_counters: false,
            }],
            None => Vec::new(),
        }
    }

    /// Accounting-Request Interim-Update or Stop with the session's counters.
    pub(super) fn accounting_with_counters(
        &self,
        now: Instant,
        station: &Station,
        status: AcctStatusType,
        cause: Option<AcctTerminateCause>,
    ) -> Option<Output> {
        let started = station.acct.as_ref()?.started;
        let mut request = self.accounting_request(station, status)?;
        request.counters = Some(AcctCounters {
            session_time: now.saturating_duration_since(started).as_secs() as u32,
            ..AcctCounters::default()
        });
        request.terminate_cause = cause;
        // The octets and packets come from the kernel while the station is still there.
        Some(Output::Accounting {
            sta: station.mac,
            request: Box::new(request),
            kernel_counters: station.in_kernel(),
        })
    }

    /// The station's Interim-Update, when due.
    pub(super) fn accounting_interim(&mut self, now: Instant, sta: MacAddr) -> Option<Output> {
        let acct = self
            .stations
            .get_mut(&sta)?
            .acct
            .as_mut()
            .filter(|a| a.next_interim.is_some_and(|t| now >= t))?;
        acct.next_interim = acct.interim.map(|i| now + i);
        let station = self.stations.get(&sta)?;
        self.accounting_with_counters(now, station, AcctStatusType::InterimUpdate, None)
    }

    /// Ends the station's accounting session, if one runs: an
    /// Accounting-Request Stop with the session's counters. A later
    /// authorization starts a new session with a new Acct-Session-Id.
    pub(super) fn stop_accounting(
        &mut self,
        now: Instant,
        sta: MacAddr,
        cause: Option<AcctTerminateCause>,
    ) -> Option<Output> {
        let station = self.stations.get(&sta)?;
        let stop = self.accounting_with_counters(now, station, AcctStatusType::Stop, cause);
        if let Some(s) = self.stations.get_mut(&sta) {
            s.acct = None;
        }
        stop
    }
}
