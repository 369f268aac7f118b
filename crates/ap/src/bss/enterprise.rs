//! WPA2-Enterprise: the 802.1X exchange of each station, relayed to
//! RADIUS, and the PMKSA cache that lets a roaming station skip it.

use super::*;

impl Bss {
    /// Joins the PMKSA cache registry shared by the BSSes of this daemon
    /// (WPA2-Enterprise and SAE BSSes; the cache mode and domain come from
    /// the BSS's configuration).
    pub fn attach_pmksa(&mut self, caches: Rc<RefCell<PmksaCaches>>) {
        let Some(settings) = self.pmksa_settings() else {
            return;
        };
        caches.borrow_mut().register_bss_with_max_entries(
            self.bssid,
            settings.mode,
            settings.domain,
            settings.max_entries,
        );
        self.pmksa = Some(caches);
    }

    /// Applies new PMKSA cache settings (mode, lifetime, max_entries,
    /// domain) on a reload, without touching the stations: the registry
    /// keeps, re-scopes, shortens, evicts or flushes the existing entries
    /// and says which. `None` for a BSS that caches nothing (open, PSK).
    pub fn apply_cache_settings(
        &mut self,
        now: Instant,
        cache: &crate::config::CacheConfig,
    ) -> Option<roamd_pmksa::Reconfigured> {
        self.config.set_cache(cache);
        if let Some(wpa) = &mut self.wpa {
            wpa.set_cache(cache);
        }
        let settings = self.pmksa_settings()?;
        let caches = self.pmksa.as_ref()?;
        let outcome = caches
            .borrow_mut()
            .reconfigure_bss(now, self.bssid, settings)?;
        info!(bssid = %self.bssid, "PMKSA cache reconfigured: {outcome}");
        Some(outcome)
    }

    /// The registry settings of this BSS's cache, from its configuration;
    /// the OKC domain is by default the SSID and AKMs.
    fn pmksa_settings(&self) -> Option<roamd_pmksa::CacheSettings> {
        let cache = self.config.cache()?;
        let mode = match cache.mode {
            CacheMode::None => PmksaMode::None,
            CacheMode::Sticky => PmksaMode::Sticky,
            CacheMode::Okc => PmksaMode::Okc,
        };
        let domain = cache.domain.clone().unwrap_or_else(|| {
            let akms = self
                .config
                .wpa
                .as_ref()
                .map(|w| format!("{:?}", w.key_mgmt))
                .unwrap_or_default();
            format!("{}/{akms}", String::from_utf8_lossy(&self.config.ssid))
        });
        Some(roamd_pmksa::CacheSettings {
            mode,
            domain,
            max_entries: cache.max_entries,
            lifetime: cache.lifetime,
        })
    }

    /// This BSS's PMKSA cache counters.
    pub fn pmksa_counters(&self) -> Option<roamd_pmksa::Counters> {
        self.pmksa.as_ref()?.borrow().counters(&self.bssid)
    }

    /// A RADIUS reply for a station's 802.1X exchange.
    pub fn handle_radius(
        &mut self,
        now: Instant,
        sta: MacAddr,
        id: RadiusRequestId,
        reply: Reply,
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        let Some(eap) = self.stations.get_mut(&sta).and_then(|s| s.eap.as_mut()) else {
            return self.finish(now, Vec::new());
        };
        let actions = eap.handle_radius(now, id, reply);
        let out = self.apply_eap(now, sta, actions);
        self.finish(now, out)
    }

    /// No RADIUS server answered a station's Access-Request.
    pub fn handle_radius_timeout(
        &mut self,
        now: Instant,
        sta: MacAddr,
        id: RadiusRequestId,
    ) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        warn!("no RADIUS server answered");
        let Some(eap) = self.stations.get_mut(&sta).and_then(|s| s.eap.as_mut()) else {
            return self.finish(now, Vec::new());
        };
        let actions = eap.handle_radius_timeout(now, id);
        let out = self.apply_eap(now, sta, actions);
        self.finish(now, out)
    }

    /// `EAPOL_REAUTH`: the station's 802.1X authentication runs again now.
    /// `None` if the station is unknown here or not an authenticated
    /// 802.1X station.
    pub fn eapol_reauth(&mut self, now: Instant, sta: MacAddr) -> Option<Vec<Output>> {
        let _span = info_span!("sta", mac = %sta).entered();
        let eap = self.stations.get_mut(&sta)?.eap.as_mut()?;
        // Nothing to do (no action) unless it is authenticated.
        let actions = eap.reauthenticate(now);
        if actions.is_empty() {
            return None;
        }
        let out = self.apply_eap(now, sta, actions);
        Some(self.finish(now, out))
    }

    /// The station's 802.1X timer, when due.
    pub(super) fn eap_timeout(&mut self, now: Instant, sta: MacAddr) -> Vec<Output> {
        let due = self
            .stations
            .get(&sta)
            .and_then(|s| s.eap.as_ref()?.poll_timeout())
            .is_some_and(|t| now >= t);
        if !due {
            return Vec::new();
        }
        let actions = self
            .stations
            .get_mut(&sta)
            .and_then(|s| s.eap.as_mut())
            .map(|e| e.handle_timeout(now))
            .unwrap_or_default();
        self.apply_eap(now, sta, actions)
    }

    /// A new 802.1X authenticator for a station of a WPA2-Enterprise BSS.
    pub(super) fn new_authenticator(&mut self, sta: MacAddr, aid: u16) -> Option<EapAuthenticator> {
        let eap = self.wpa.as_ref()?.eap()?;
        let config = EapAuthConfig {
            reauth_period: eap.reauth_period,
            ..EapAuthConfig::default()
        };
        let nas = self.nas_info(Some(aid))?;
        Some(EapAuthenticator::new(&config, sta, nas).with_initial_identifier(self.rng.gen()))
    }

    /// Looks the station's offered PMKIDs up in the cache (WPA2-Enterprise).
    pub(super) fn lookup_pmksa(
        &mut self,
        now: Instant,
        sta: MacAddr,
        negotiated: Option<&Negotiated>,
    ) -> (Option<(Box<PmksaEntry>, HitKind)>, PmkidOffer) {
        let Some(n) = negotiated else {
            return (None, PmkidOffer::None);
        };
        if n.pmkids.is_empty() {
            return (None, PmkidOffer::None);
        }
        let Some(caches) = &self.pmksa else {
            return (None, PmkidOffer::Unknown);
        };
        match caches.borrow_mut().lookup(now, self.bssid, sta, &n.pmkids) {
            // A PMKSA is only good for the AKM it was made with.
            Lookup::Hit { entry, kind } if entry.akm() == n.akm => {
                debug!(sta = %sta, ?kind, "PMKSA cache hit");
                (Some((entry, kind)), PmkidOffer::Known)
            }
            _ => {
                debug!(sta = %sta, "PMKSA cache miss: full EAP");
                (None, PmkidOffer::Unknown)
            }
        }
    }

    /// After a miss: whether an offered PMKID is an OKC PMKID for this BSS
    /// (the station does OKC where the cache does not), for its profile.
    pub(super) fn offers_okc_pmkid(
        &self,
        now: Instant,
        sta: MacAddr,
        negotiated: Option<&Negotiated>,
    ) -> bool {
        match (&self.pmksa, negotiated) {
            (Some(caches), Some(n)) => caches
                .borrow()
                .is_okc_offer(now, self.bssid, sta, &n.pmkids),
            _ => false,
        }
    }

    /// Caches the PMKSA of a full 802.1X authentication.
    pub(super) fn add_pmksa(
        &mut self,
        now: Instant,
        sta: MacAddr,
        pmk: &Pmk,
        success: &roamd_eap_auth::AuthSuccess,
    ) {
        let (Some(caches), Some(eap)) = (&self.pmksa, self.wpa.as_ref().and_then(|w| w.eap()))
        else {
            return;
        };
        let Some(akm) = self
            .stations
            .get(&sta)
            .and_then(|s| s.negotiated.as_ref())
            .map(|n| n.akm)
        else {
            return;
        };
        let lifetime = eap.cache.lifetime.as_secs();
        let session_timeout = success
            .session_timeout
            .map(|t| t.as_secs())
            .filter(|t| *t > 0);
        let session = roamd_pmksa::SessionAttrs {
            identity: success.identity.clone(),
            class: success.class.clone(),
            cui: success.cui.clone(),
            vlan_id: success.vlan,
            session_timeout: Some(session_timeout.map_or(lifetime, |t| t.min(lifetime)) as u32),
            acct_multi_session_id: 0,
            eap_type: 0,
        };
        match PmksaEntry::new(now, pmk.clone(), akm, self.bssid, sta, session) {
            Ok(entry) => {
                let pmkid = entry.pmkid();
                if let Ok(Some(_)) = caches.borrow_mut().add(now, entry) {
                    debug!(sta = %sta, %pmkid, "PMKSA cached");
                }
            }
            Err(e) => debug!(sta = %sta, "PMKSA not cached: {e}"),
        }
    }

    pub(super) fn nas_info(&self, aid: Option<u16>) -> Option<NasInfo> {
        let eap = self.wpa.as_ref()?.eap()?;
        Some(NasInfo {
            nas_ip_address: eap.own_ip_addr,
            nas_ipv6_address: None,
            nas_identifier: eap.nas_identifier.clone().map(String::into_bytes),
            nas_port: aid.map(u32::from),
            bssid: self.bssid,
            ssid: self.config.ssid.clone(),
        })
    }

    /// Carries out what a station's 802.1X authenticator asked for.
    pub(super) fn apply_eap(
        &mut self,
        now: Instant,
        sta: MacAddr,
        actions: Vec<EapAction>,
    ) -> Vec<Output> {
        let mut out = Vec::new();
        for action in actions {
            let Some(station) = self.stations.get_mut(&sta) else {
                break;
            };
            match action {
                EapAction::SendEapol(frame) => out.push(station.eapol(frame)),
                EapAction::SendRadius { id, request } => {
                    if let Some(record) = station.journal.as_mut() {
                        record.radius_round_trips += 1;
                    }
                    out.push(Output::Radius { sta, id, request });
                }
                EapAction::Authenticated(success) => {
                    info!(
                        identity = %String::from_utf8_lossy(&success.identity),
                        reauthentication = success.reauthentication,
                        "IEEE 802.1X authentication succeeded"
                    );
                    station.identity = Some(success.identity.clone());
                    station.session_attrs = Some(SessionAttrs {
                        identity: success.identity.clone(),
                        class: success.class.clone(),
                        cui: success.cui.clone(),
                        interim: success.acct_interim_interval,
                    });
                    let pmk = success.pmk().and_then(|p| Pmk::from_slice(p).ok());
                    let ft_akm = station
                        .negotiated
                        .as_ref()
                        .map(|n| n.akm)
                        .filter(|a| a.is_ft());
                    if let (Some(pmk), None) = (&pmk, ft_akm) {
                        self.add_pmksa(now, sta, pmk, &success);
                    }
                    let Some(station) = self.stations.get_mut(&sta) else {
                        break;
                    };
                    let machine = match (pmk, station.negotiated.as_ref(), self.wpa.as_ref()) {
                        // FT-EAP: the handshake runs on the PMK-R1 from
                        // the MSK's XXKey, and we are the R0KH.
                        (Some(_), Some(n), Some(wpa)) if n.akm.is_ft() => {
                            let msk = success.msk.as_ref().map(|m| m.expose());
                            let xxkey =
                                msk.and_then(|m| roamd_wpa::ft::xxkey_from_msk(m, n.akm).ok());
                            let session = FtSession {
                                session_timeout: success.session_timeout,
                                identity: success.identity.clone(),
                                radius_cui: success.cui.clone().unwrap_or_default(),
                            };
                            match (xxkey, self.ft.as_mut()) {
                                (Some(xxkey), Some(ft)) => {
                                    let ssid = &self.config.ssid;
                                    wpa.ft_machine(
                                        now, self.bssid, ssid, ft, sta, n, &xxkey, session,
                                    )
                                }
                                _ => None,
                            }
                        }
                        (Some(pmk), Some(n), Some(wpa)) => {
                            wpa.machine_with_pmk(self.bssid, sta, n, pmk, None)
                        }
                        _ => None,
                    };
                    let Some(mut machine) = machine else {
                        warn!("no usable MSK in the Access-Accept: deauthenticating");
                        out.extend(self.deauthenticate(now, sta, ReasonCode::Ieee8021xAuthFailed));
                        break;
                    };
                    let group_keys = match self.wpa.as_ref() {
                        Some(wpa) => wpa.group_keys(),
                        None => break,
                    };
                    let actions = machine.start(now, &mut self.rng, group_keys);
                    station.machine = Some(Box::new(machine));
                    out.extend(self.apply(now, sta, actions));
                }
                EapAction::Failed(reason) => {
                    info!(?reason, "IEEE 802.1X authentication failed");
                    // Let the EAP-Failure reach the station before the deauthentication (hostapd waits too).
                    station.deauth_at = Some((
                        now + DEAUTH_AFTER_FAILURE,
                        ReasonCode::from(reason.deauth_reason()),
                    ));
                }
                EapAction::Logoff => {
                    // hostapd: the session's accounting stops (User-Request),
                    // the port closes and the station is deauthenticated
                    // as after a failed authentication.
                    info!("EAPOL-Logoff: port closed, accounting stopped, deauthenticating");
                    station.state = StationState::Handshake;
                    station.deauth_at =
                        Some((now + DEAUTH_AFTER_FAILURE, ReasonCode::Ieee8021xAuthFailed));
                    out.push(Output::Authorize {
                        sta,
                        authorized: false,
                    });
                    out.extend(self.stop_accounting(
                        now,
                        sta,
                        Some(AcctTerminateCause::UserRequest),
                    ));
                }
                EapAction::CancelRadius { id } => {
                    self.counters.radius_cancelled += 1;
                    out.push(Output::CancelRadius { sta, id });
                }
                EapAction::SessionTimeout => {
                    info!("RADIUS Session-Timeout: deauthenticating");
                    out.extend(self.deauthenticate(now, sta, ReasonCode::PrevAuthNotValid));
                    break;
                }
                EapAction::Event(event) => {
                    let line = event.ctrl_line(&sta);
                    info!("{line}");
                    out.push(Output::CtrlEvent(line));
                }
                _ => {}
            }
        }
        out
    }
}
