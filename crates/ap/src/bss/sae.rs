//! WPA3-Personal: SAE authentication. The exchange itself runs in
//! `roamd-sae`'s table (bounded, rate limited, anti-clogging), which holds
//! every half-done exchange: no station entry exists until a confirm
//! verifies, so a flood of commits from invented addresses never reaches
//! the station table. Here an accepted exchange becomes a station entry
//! with its PMK, and a cached PMKSA that lets the station come back
//! without SAE.

use roamd_sae::SaeOutcome;

use super::*;

/// What the PMKIDs of an association after a fresh SAE exchange say for
/// the journal: the station offered one (that exchange's, normally) or not.
pub(super) fn offer(n: &Negotiated) -> PmkidOffer {
    if n.pmkids.is_empty() {
        PmkidOffer::None
    } else {
        PmkidOffer::Known
    }
}

impl Bss {
    /// An Authentication frame with the SAE algorithm, admitted by
    /// [`Bss::on_authentication`] (algorithm offered, ACL passed).
    pub(super) fn on_sae_authentication(&mut self, now: Instant, req: AuthRequest) -> Vec<Output> {
        let sta = req.sa;
        let Some(sae) = &mut self.sae else {
            return Vec::new();
        };
        let outcome = sae.table_mut().handle_auth(
            now,
            self.bssid,
            sta,
            req.transaction,
            req.status,
            req.payload,
            &mut self.rng,
        );
        match outcome {
            SaeOutcome::Ignore => Vec::new(),
            SaeOutcome::Reply {
                transaction,
                status,
                body,
            } => {
                debug!(transaction, status, "SAE reply");
                vec![send(self.elements.auth_response_with(
                    sta,
                    frames::AUTH_SAE,
                    transaction,
                    StatusCode::from(status),
                    &body,
                ))]
            }
            SaeOutcome::Accepted {
                reply_body,
                pmk,
                pmkid,
                group,
                h2e,
                ..
            } => {
                let key = SaeKey {
                    pmk,
                    pmkid,
                    group: group.number(),
                };
                info!(group = key.group, h2e, "SAE authentication accepted");
                self.sae_accepted(now, sta, key, &reply_body)
            }
        }
    }

    /// The station's confirm verified: it is authenticated with `key`.
    fn sae_accepted(
        &mut self,
        now: Instant,
        sta: MacAddr,
        key: SaeKey,
        confirm: &[u8],
    ) -> Vec<Output> {
        let mut out = Vec::new();
        if self.stations.get(&sta).is_some_and(Station::has_mfp_sa) {
            // As with open system: an authentication must not tear down a
            // PMF association; the SA Query at (re)association decides.
            debug!("SAE from a station with a PMF association: kept until the SA Query");
        } else {
            // A new authentication ends any association (11.3.4.2).
            out = self.leave(now, sta, AcctTerminateCause::UserRequest);
            if !self.make_room(now) {
                self.counters.auth_refused_full += 1;
                self.counters.auth_rejected += 1;
                info!("SAE accepted but the station table is full of associated stations");
                out.push(send(self.elements.auth_response(
                    sta,
                    frames::AUTH_SAE,
                    2,
                    StatusCode::ApUnableToHandleNewSta,
                )));
                return out;
            }
            self.stations.insert(Station::new(sta, now));
        }
        self.cache_sae_pmksa(now, sta, &key);
        if let Some(s) = self.stations.get_mut(&sta) {
            s.sae = Some(Box::new(key));
            s.last_seen = now;
        }
        self.counters.authentications += 1;
        out.push(send(self.elements.auth_response_with(
            sta,
            frames::AUTH_SAE,
            2,
            StatusCode::Success,
            confirm,
        )));
        out
    }

    /// Caches the PMKSA of an SAE authentication (hostapd
    /// `wpa_auth_pmksa_add_sae`), named by the PMKID SAE derived.
    fn cache_sae_pmksa(&mut self, now: Instant, sta: MacAddr, key: &SaeKey) {
        let (Some(caches), Some(sae)) = (
            &self.pmksa,
            self.config.wpa.as_ref().and_then(|w| w.sae.as_ref()),
        ) else {
            return;
        };
        let session = roamd_pmksa::SessionAttrs {
            session_timeout: Some(sae.cache.lifetime.as_secs().min(u64::from(u32::MAX)) as u32),
            ..Default::default()
        };
        let entry = PmksaEntry::with_pmkid(
            now,
            key.pmk.clone(),
            key.pmkid,
            roamd_wpa::Akm::Sae,
            self.bssid,
            sta,
            session,
        );
        if let Ok(Some(_)) = caches.borrow_mut().add(now, entry) {
            debug!(pmkid = %key.pmkid, "SAE PMKSA cached");
        }
    }

    /// The SAE exchanges' counters, for a WPA3-Personal BSS.
    pub fn sae_counters(&self) -> Option<&roamd_sae::SaeCounters> {
        self.sae.as_ref().map(|s| s.table().counters())
    }
}
