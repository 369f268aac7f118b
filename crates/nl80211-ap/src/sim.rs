//! An in-process simulated radio for tests: it records every command and
//! answers like a cooperative kernel, so the daemon's event loop can be driven
//! without a Wi-Fi stack.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use roamd_ieee80211::element::{CipherSuite, HtCapabilities};
use roamd_ieee80211::MacAddr;

use crate::events::{event_queue, EventSender, RadioEvents};
use crate::radio::*;

/// mac80211_hwsim's HT capabilities in both bands: 20/40 MHz,
/// greenfield, short GI 20 and 40, DSSS/CCK in 40 MHz (SM power save
/// disabled, as mac80211 reports it), A-MPDU factor 3 and density 6, MCS 0-15.
pub const HWSIM_HT: HtCapabilities = HtCapabilities {
    info: 0x107e,
    ampdu_params: 0x1b,
    mcs_set: [0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0],
    extended: 0,
    beamforming: 0,
    asel: 0,
};

/// Enabled channels at `freqs` (MHz), each allowing `max_tx_power_mbm`:
/// the sim's fixed channel list, whatever the country.
fn sim_channels(freqs: impl IntoIterator<Item = u32>, max_tx_power_mbm: u32) -> Vec<ChannelInfo> {
    freqs
        .into_iter()
        .map(|freq_mhz| ChannelInfo {
            freq_mhz,
            disabled: false,
            max_tx_power_mbm,
        })
        .collect()
}

/// Shared view of what a [`SimRadio`] was asked to do.
#[derive(Debug, Default)]
pub struct SimState {
    /// Every command, in order.
    pub commands: Vec<RadioCommand>,
    /// Interfaces by name.
    pub interfaces: HashMap<String, InterfaceInfo>,
    /// Stations currently added, per interface.
    pub stations: HashMap<u32, Vec<MacAddr>>,
    /// SSIDs whose StartAp fails (EINVAL), as a driver refusing settings.
    pub refused_ssids: Vec<Vec<u8>>,
    /// The radio has no HT (802.11n); by default it has mac80211_hwsim's.
    pub no_ht: bool,
    /// The regulatory domain in force ("00" until set).
    pub alpha2: [u8; 2],
    /// A new regulatory domain never takes effect (no regulatory.db).
    pub regulatory_domain_stuck: bool,
    next_cookie: u64,
}

/// A radio that lives in memory.
#[derive(Debug, Clone)]
pub struct SimRadio {
    /// What happened so far.
    pub state: Arc<Mutex<SimState>>,
    events: EventSender,
}

impl SimRadio {
    /// A radio with the given interfaces, and the receiver of its events.
    pub fn new(interfaces: Vec<InterfaceInfo>) -> (Self, RadioEvents) {
        let (events, rx) = event_queue();
        let state = SimState {
            interfaces: interfaces
                .into_iter()
                .map(|i| (i.name.clone(), i))
                .collect(),
            next_cookie: 1,
            alpha2: *b"00",
            ..SimState::default()
        };
        (
            SimRadio {
                state: Arc::new(Mutex::new(state)),
                events,
            },
            rx,
        )
    }

    /// Delivers an event as if the kernel had sent it, through the same
    /// bounded queue (a full queue drops it and counts the drop).
    pub fn inject(&self, event: RadioEvent) {
        let _ = self.events.offer(event);
    }

    /// The cookie of the last frame transmitted.
    pub fn last_cookie(&self) -> u64 {
        self.lock().next_cookie
    }

    /// The commands executed so far.
    pub fn commands(&self) -> Vec<RadioCommand> {
        self.lock().commands.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        // A test that panicked while holding the lock already failed.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Radio for SimRadio {
    async fn execute(&mut self, command: RadioCommand) -> Result<RadioReply, RadioError> {
        self.apply(command)
    }

    fn submit(&mut self, command: RadioCommand) -> Result<PendingReply, RadioError> {
        let reply = self.apply(command);
        Ok(PendingReply::new(std::future::ready(reply)))
    }
}

impl SimRadio {
    /// Carries a command out on the simulated state (at once: nothing waits).
    fn apply(&mut self, command: RadioCommand) -> Result<RadioReply, RadioError> {
        let mut state = self.lock();
        state.commands.push(command.clone());
        Ok(match command {
            RadioCommand::StartAp { settings, .. }
                if state.refused_ssids.contains(&settings.ssid) =>
            {
                return Err(RadioError::Kernel {
                    command: "START_AP",
                    errno: 22,
                    message: "Invalid argument".into(),
                });
            }
            RadioCommand::GetInterface { name } => RadioReply::Interface(
                state
                    .interfaces
                    .get(&name)
                    .cloned()
                    .ok_or(RadioError::NoSuchInterface(name))?,
            ),
            RadioCommand::SendMgmt { no_ack: false, .. } | RadioCommand::SendControlPort { .. } => {
                state.next_cookie += 1;
                RadioReply::Cookie(state.next_cookie)
            }
            RadioCommand::NewStation { ifindex, params } => {
                state.stations.entry(ifindex).or_default().push(params.mac);
                RadioReply::Done
            }
            RadioCommand::DelStation { ifindex, mac } => {
                let list = state.stations.entry(ifindex).or_default();
                match mac {
                    Some(mac) => list.retain(|m| *m != mac),
                    None => list.clear(),
                }
                RadioReply::Done
            }
            RadioCommand::GetStation { .. } => RadioReply::Station(StationInfo::default()),
            RadioCommand::GetKeySeq { .. } => RadioReply::KeySeq(0),
            RadioCommand::NewApInterface { wiphy, name, mac } => {
                let ifindex = 100 + state.interfaces.len() as u32;
                let info = InterfaceInfo {
                    ifindex,
                    name: name.clone(),
                    wiphy,
                    mac,
                    iftype: 3,
                };
                state.interfaces.insert(name, info.clone());
                RadioReply::Interface(info)
            }
            RadioCommand::DelInterface { ifindex } => {
                state.interfaces.retain(|_, i| i.ifindex != ifindex);
                RadioReply::Done
            }
            // mac80211_hwsim's set: WEP, TKIP, CCMP-128/256, GCMP-128/256, BIP.
            RadioCommand::GetCiphers { .. } => RadioReply::Ciphers(
                [
                    0x000fac01, 0x000fac05, 0x000fac02, 0x000fac04, 0x000fac0a, 0x000fac08,
                    0x000fac09, 0x000fac06, 0x000fac0d, 0x000fac0b, 0x000fac0c,
                ]
                .into_iter()
                .map(CipherSuite::from_suite)
                .collect(),
            ),
            RadioCommand::GetBands { .. } => {
                let ht = (!state.no_ht).then_some(HWSIM_HT);
                RadioReply::Bands(vec![
                    BandInfo {
                        band: crate::consts::BAND_2GHZ,
                        ht,
                        channels: sim_channels((1..=13).map(|c| 2407 + 5 * c), 2000),
                    },
                    BandInfo {
                        band: crate::consts::BAND_5GHZ,
                        ht,
                        channels: sim_channels([36, 40, 44, 48].map(|c| 5000 + 5 * c), 2300),
                    },
                ])
            }
            RadioCommand::GetRegulatoryDomain => RadioReply::RegulatoryDomain(state.alpha2),
            RadioCommand::SetRegulatoryDomain { alpha2 } => {
                if !state.regulatory_domain_stuck {
                    state.alpha2 = alpha2;
                }
                RadioReply::Done
            }
            _ => RadioReply::Done,
        })
    }
}
