//! The 4-way and group key handshakes of each station and the BSS's
//! GTK rekeying, carried out on the radio.

use super::*;

impl Bss {
    /// An EAPOL frame from a station (over the control port).
    pub fn handle_eapol(&mut self, now: Instant, sta: MacAddr, frame: &[u8]) -> Vec<Output> {
        let out = self.on_eapol(now, sta, frame);
        self.finish(now, out)
    }

    fn on_eapol(&mut self, now: Instant, sta: MacAddr, frame: &[u8]) -> Vec<Output> {
        let _span = info_span!("sta", mac = %sta).entered();
        // EAPOL packet type (IEEE 802.1X-2010 11.3.2): 3 is EAPOL-Key, the rest is 802.1X.
        if frame.get(1).is_some_and(|t| *t != 3) {
            // Only once the association is confirmed: EAPOL that races the
            // ACK of the association response is dropped (the identity
            // request follows the ACK anyway), or the exchange would start
            // twice and leave an Access-Request behind.
            if self.stations.get(&sta).is_some_and(|s| {
                s.eap.is_none()
                    && matches!(s.state, StationState::Handshake | StationState::Authorized)
            }) {
                // An 802.1X frame after a cached-PMKSA association (an
                // EAPOL-Start): the station wants EAP, so the entry goes.
                let aid = self.stations.get(&sta).and_then(|s| s.aid).unwrap_or(0);
                let authenticator = self.new_authenticator(sta, aid);
                if let Some(station) = self.stations.get_mut(&sta) {
                    if let (Some((entry, _)), Some(caches)) = (station.cached.take(), &self.pmksa) {
                        caches
                            .borrow_mut()
                            .remove(&self.bssid, &sta, &entry.pmkid());
                    }
                    station.eap = authenticator.map(Box::new);
                }
            }
            let actions = match self.stations.get_mut(&sta).and_then(|s| s.eap.as_mut()) {
                Some(eap) => eap.handle_eapol(now, frame),
                None => {
                    self.counters.rx_ignored += 1;
                    return Vec::new();
                }
            };
            return self.apply_eap(now, sta, actions);
        }
        let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
            (
                Some(Station {
                    machine: Some(m), ..
                }),
                Some(wpa),
            ) => m.handle_eapol_key(now, frame, wpa.group_keys()),
            _ => {
                debug!(
                    len = frame.len(),
                    "EAPOL frame from a station without a handshake: dropped"
                );
                self.counters.rx_ignored += 1;
                return Vec::new();
            }
        };
        self.apply(now, sta, actions)
    }

    /// Carries out what a station's handshake state machine asked for.
    pub(super) fn apply(
        &mut self,
        now: Instant,
        sta: MacAddr,
        actions: Vec<Action>,
    ) -> Vec<Output> {
        let mut out = Vec::new();
        for action in actions {
            let Some(station) = self.stations.get_mut(&sta) else {
                break;
            };
            match action {
                Action::SendEapol(frame) => out.push(station.eapol(frame)),
                Action::InstallPtk {
                    tk,
                    cipher,
                    key_idx,
                } => {
                    station.ptk_installed = true;
                    out.push(Output::InstallKey(KeyInstall {
                        sta: Some(sta),
                        key_idx,
                        cipher,
                        key: tk.as_bytes().to_vec().into(),
                    }));
                }
                // A PTK rekey or an 802.1X reauthentication ends with the
                // port open all along: no new association to record.
                Action::Authorize if station.state == StationState::Authorized => {
                    debug!("new PTK in use; the port stayed open");
                }
                Action::Authorize => {
                    station.state = StationState::Authorized;
                    station.authorized_at = Some(now);
                    info!(aid = station.aid.unwrap_or(0), bssid = %self.bssid, "associated; port authorized");
                    out.push(Output::Authorize {
                        sta,
                        authorized: true,
                    });
                    out.push(self.journal_authorized(now, sta));
                    out.extend(self.start_accounting(now, sta));
                    // hostapd `wpa_ft_push_pmk_r1` (with `pmk_r1_push`): the
                    // R1KHs get the key before the station roams to them;
                    // once per PMK-R0, so not again after an FT roam.
                    if let Some(ft) = &mut self.ft {
                        ft.key_holder_mut()
                            .push_pmk_r1(now, &mut self.rng, sta, None);
                    }
                }
                Action::Deauthenticate { reason } => {
                    info!(reason, "handshake failed: deauthenticating");
                    // A cached PMK that fails the 4-way handshake is not to be tried again.
                    if let (Some((entry, _)), Some(caches)) = (station.cached.take(), &self.pmksa) {
                        caches
                            .borrow_mut()
                            .remove(&self.bssid, &sta, &entry.pmkid());
                    }
                    out.extend(self.deauthenticate(now, sta, ReasonCode::from(reason)));
                    break;
                }
                Action::Event(event) => out.extend(self.on_auth_event(sta, event)),
                other => debug!(?other, "unhandled handshake action"),
            }
        }
        out
    }

    pub(super) fn on_auth_event(&mut self, sta: MacAddr, event: AuthEvent) -> Vec<Output> {
        match event {
            AuthEvent::HandshakeCompleted => {
                info!("4-way handshake completed (EAPOL-4WAY-HS-COMPLETED)");
                return vec![Output::CtrlEvent(format!("EAPOL-4WAY-HS-COMPLETED {sta}"))];
            }
            AuthEvent::PossiblePskMismatch => {
                warn!(
                    "EAPOL-Key MIC failure: possible PSK mismatch (AP-STA-POSSIBLE-PSK-MISMATCH)"
                );
                return vec![Output::CtrlEvent(format!(
                    "AP-STA-POSSIBLE-PSK-MISMATCH {sta}"
                ))];
            }
            AuthEvent::MicFailure { message } => info!(?message, "EAPOL-Key MIC failure"),
            AuthEvent::PmkSelected { index } => {
                info!(
                    psk_candidate = index,
                    "PSK selected among the station's candidates"
                )
            }
            AuthEvent::RsneMismatch => {
                warn!("RSNE in message 2 differs from the association request")
            }
            AuthEvent::GroupHandshakeCompleted => {
                debug!("group key handshake completed");
                // The switch to the new GTK follows at the end of the input.
                if let Some(wpa) = &mut self.wpa {
                    wpa.group_handshake_done(sta);
                }
            }
            other => debug!(?other, "handshake event"),
        }
        Vec::new()
    }

    /// New group keys, and a group key handshake with every station that has a PTK.
    /// `REKEY_GTK`: new group keys now, as the rekey timer would do (the
    /// timer restarts from now). `None` for an open BSS, and while stations
    /// still owe the group key handshake of the last rekey: a second rekey
    /// then would pull the keys they are being given from under them.
    pub fn rekey_gtk_now(&mut self, now: Instant) -> Option<Vec<Output>> {
        if self.wpa.as_ref()?.rekey_pending() > 0 {
            return None;
        }
        let out = self.rekey_group(now);
        Some(self.finish(now, out))
    }

    /// `REKEY_PTK`: a new 4-way handshake with the station now (see
    /// [`PtkStateMachine::start_ptk_rekey`]). `None` unless the station is
    /// here with an established, non-FT PTKSA.
    pub fn rekey_ptk(&mut self, now: Instant, sta: MacAddr) -> Option<Vec<Output>> {
        let _span = info_span!("sta", mac = %sta).entered();
        let machine = self.stations.get_mut(&sta)?.machine.as_deref_mut()?;
        let actions = machine.start_ptk_rekey(now, &mut self.rng);
        if actions.is_empty() {
            return None;
        }
        info!("PTK rekey: a new 4-way handshake");
        // Message 3 carries the current GTK: no group handshake owed.
        if let Some(wpa) = &mut self.wpa {
            wpa.group_handshake_done(sta);
        }
        let out = self.apply(now, sta, actions);
        Some(self.finish(now, out))
    }

    pub(super) fn rekey_group(&mut self, now: Instant) -> Vec<Output> {
        // Stations in a PTK rekey get the new GTK in its message 3.
        let members: std::collections::BTreeSet<MacAddr> = self
            .stations
            .values()
            .filter(|s| {
                s.machine
                    .as_deref()
                    .is_some_and(|m| m.state() == roamd_wpa_auth::PtkState::PtkInitDone)
            })
            .map(|s| s.mac)
            .collect();
        let Some(wpa) = &mut self.wpa else {
            return Vec::new();
        };
        let mut out = wpa.rekey(now, &mut self.rng, members.clone());
        for sta in members {
            let actions = match (self.stations.get_mut(&sta), self.wpa.as_ref()) {
                (
                    Some(Station {
                        machine: Some(m), ..
                    }),
                    Some(wpa),
                ) => m.start_group_rekey(now, wpa.group_keys()),
                _ => continue,
            };
            out.extend(self.apply(now, sta, actions));
        }
        out
    }
}
