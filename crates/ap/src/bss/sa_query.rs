//! The SA Query procedure (IEEE 802.11-2020 11.3.5.4, 11.13): an
//! unprotected (re)association attempt must not break a PMF association.

use super::*;

/// SA Query: how long the station has to answer before its association is
/// considered gone (dot11AssociationSAQueryMaximumTimeout, 1000 TUs), and
/// how often the request is repeated (dot11AssociationSAQueryRetryTimeout, 201 TUs).
pub(super) const SA_QUERY_MAX_TIMEOUT: Duration = Duration::from_millis(1024);
pub(super) const SA_QUERY_RETRY_TIMEOUT: Duration = Duration::from_micros(201 * 1024);
/// The association comeback time sent with status 30, in TUs.
pub(super) const ASSOC_COMEBACK_TUS: u32 = 1000;

impl Bss {
    /// Answers a (re)association attempt of a station that still has a PMF
    /// association: status 30 with a comeback time, and an SA Query to see
    /// whether the old association is still alive.
    pub(super) fn refuse_during_sa_query(
        &mut self,
        now: Instant,
        sta: MacAddr,
        reassoc: bool,
    ) -> Vec<Output> {
        let mut out = vec![send(self.elements.assoc_comeback(
            sta,
            reassoc,
            ASSOC_COMEBACK_TUS,
        ))];
        let Some(station) = self.stations.get_mut(&sta) else {
            return out;
        };
        if station.sa_query.is_none() {
            let tid = self.rng.gen();
            info!("association attempt while a PMF association exists: SA Query");
            station.sa_query = Some(SaQuery {
                transaction_ids: vec![tid],
                started: now,
                next_retry: now + SA_QUERY_RETRY_TIMEOUT,
            });
            out.push(send(self.elements.sa_query(sta, true, tid)));
        }
        out
    }

    pub(super) fn on_sa_query(
        &mut self,
        sta: MacAddr,
        request: bool,
        transaction_id: [u8; 2],
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(station) = self.stations.get_mut(&sta) else {
            return Vec::new();
        };
        if request {
            // A station checking on us: answer with its transaction identifier.
            if !station.in_kernel() {
                return Vec::new();
            }
            return vec![send(self.elements.sa_query(sta, false, transaction_id))];
        }
        if station
            .sa_query
            .as_ref()
            .is_some_and(|q| q.transaction_ids.contains(&transaction_id))
        {
            info!("SA Query answered: the existing association stays");
            station.sa_query = None;
        }
        Vec::new()
    }

    /// Repeats or concludes the station's SA Query, when due.
    pub(super) fn sa_query_timeout(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        let tid: [u8; 2] = self.rng.gen();
        let Some(query) = self
            .stations
            .get_mut(&sta)
            .and_then(|s| s.sa_query.as_mut())
            .filter(|q| now >= q.next_retry)
        else {
            return Vec::new();
        };
        if now >= query.started + SA_QUERY_MAX_TIMEOUT {
            info!("SA Query timed out: the old association is gone");
            let out = self.leave(now, sta, AcctTerminateCause::LostCarrier);
            self.stations.insert(Station::new(sta, now));
            return out;
        }
        // At most one identifier per retry: 1024/201 retries before the timeout.
        query.transaction_ids.push(tid);
        query.next_retry = now + SA_QUERY_RETRY_TIMEOUT;
        vec![send(self.elements.sa_query(sta, true, tid))]
    }

    /// `SA_QUERY <mac>` (hostapd_ctrl_iface_sa_query): one SA Query request
    /// to an associated PMF station, as a liveness probe. Like hostapd's, it
    /// starts no procedure: an unanswered request ends nothing. `None` when
    /// the station is not associated with PMF.
    pub fn send_sa_query(&mut self, sta: MacAddr) -> Option<Vec<Output>> {
        let station = self.stations.get(&sta)?;
        let mfp = station.negotiated.as_ref().is_some_and(|n| n.mfp);
        if !station.in_kernel() || !mfp {
            return None;
        }
        let tid: [u8; 2] = self.rng.gen();
        info!(%sta, "SA Query requested on the control interface");
        Some(vec![send(self.elements.sa_query(sta, true, tid))])
    }
}
