//! hostapd's global control interface (`hostapd -g PATH -G GROUP`,
//! `hostapd_global_ctrl_iface_receive`): a client (`hostapd_cli -p DIR -i
//! NAME raw ...` for the socket `DIR/NAME`) adds a radio
//! from a hostapd.conf (`ADD <ifname> config=<file>`), removes an interface
//! (`REMOVE <ifname>`), lists them (`INTERFACES`), forwards a command to an
//! interface (`IFNAME=<ifname> <command>`), watches the events of all of them
//! (`ATTACH`) and stops the daemon (`TERMINATE`).
//!
//! The daemon keeps its BSSes in parallel vectors whose indexes the radio
//! events, RADIUS requests and timers carry, so a removed BSS is not taken
//! out: it stays as a stopped tombstone (its stations gone, its AP stopped,
//! its control socket closed, its interface deleted if roamd created it),
//! and a later `ADD` of a radio with as many BSSes takes its slots again.
//! [`Daemon::set_max_bsses`] bounds the slots (32 by default).
//!
//! Once an interface has been added or removed, the start-up files no
//! longer describe the running BSSes: `RELOAD` and SIGHUP are refused, and
//! an interface takes a new file by `REMOVE` and `ADD`.

use std::path::Path;

use anyhow::{Context, Result};
use roamd_ctrl::{AddInterface, GlobalCommand, FAIL, OK};
use roamd_nl80211_ap::{Radio, RadioCommand};
use tracing::{info, warn};

use super::{start_radio, Daemon, StartedBss};
use crate::config::{Config, CtrlGroup};
use crate::ctrl::{Request, GLOBAL};

/// The slots (BSSes, removed ones included) the global interface's `ADD`
/// may grow the daemon to, unless [`Daemon::set_max_bsses`] says otherwise.
pub const DEFAULT_MAX_BSSES: usize = 32;

/// Why a reload is refused once the global interface changed the BSSes.
pub(super) const NO_RELOAD: &str = "interfaces were added or removed through the global \
     control interface, so the start-up files no longer describe them: REMOVE and ADD an \
     interface to give it a new file";

/// The global interface's state in the daemon.
#[derive(Debug)]
pub(super) struct Global {
    /// Whether each BSS was removed (a tombstone); missing: no.
    removed: Vec<bool>,
    /// The bound on slots.
    max_bsses: usize,
    /// `ADD`s refused because of it.
    adds_refused_full: u64,
    /// An interface was added or removed: reloads are refused.
    pub(super) layout_changed: bool,
    /// Interfaces REMOVE stopped but did not delete: their management
    /// frame registrations stay with this process for a later ADD.
    registered: Vec<u32>,
    /// `TERMINATE` was received.
    pub(super) terminate: bool,
}

impl Default for Global {
    fn default() -> Self {
        Global {
            removed: Vec::new(),
            max_bsses: DEFAULT_MAX_BSSES,
            adds_refused_full: 0,
            registered: Vec::new(),
            layout_changed: false,
            terminate: false,
        }
    }
}

impl Global {
    /// Whether BSS `i` was removed.
    pub(super) fn is_removed(&self, i: usize) -> bool {
        self.removed.get(i).copied().unwrap_or(false)
    }

    fn set_removed(&mut self, i: usize, removed: bool) {
        if self.removed.len() <= i {
            self.removed.resize(i + 1, false);
        }
        self.removed[i] = removed;
    }
}

impl<R: Radio> Daemon<R> {
    /// Opens hostapd's global control socket at `path` (`-g`), with
    /// `group` (`-G`).
    pub fn open_global_ctrl(&mut self, path: &Path, group: Option<&CtrlGroup>) -> Result<()> {
        let gid = match group {
            Some(g) => Some(g.gid().map_err(|e| anyhow::anyhow!("-G: {e}"))?),
            None => None,
        };
        self.ctrl
            .open_global(path, gid)
            .with_context(|| format!("global control interface {}", path.display()))?;
        for (i, iface) in self.ifaces.iter().enumerate() {
            self.ctrl.set_name(i, &iface.name);
        }
        info!(path = %path.display(), "global control interface ready");
        Ok(())
    }

    /// Bounds the BSS slots `ADD` may grow the daemon to.
    pub fn set_max_bsses(&mut self, max: usize) {
        self.global.max_bsses = max;
    }

    /// Answers a command of the global socket.
    pub(super) async fn handle_global_ctrl(&mut self, request: Request) {
        let reply = match GlobalCommand::parse(&request.data) {
            GlobalCommand::Ifname(ifname, command) => match self.live_bss(&ifname) {
                Some(i) => Box::pin(self.ctrl_command(i, &request.peer, &command)).await,
                None => roamd_ctrl::NO_IFNAME_MATCH.into(),
            },
            GlobalCommand::Ping => "PONG\n".into(),
            // The log file is opened with O_APPEND (see the per-BSS RELOG);
            // hostapd's FLUSH resets testing state roamd does not have.
            GlobalCommand::Relog => {
                self.telemetry.reopen_events();
                OK.into()
            }
            GlobalCommand::Flush => OK.into(),
            GlobalCommand::Add(spec) => {
                log_outcome(&request, Box::pin(self.add_interface(spec)).await)
            }
            GlobalCommand::Remove(ifname) => {
                log_outcome(&request, Box::pin(self.remove_interface(&ifname)).await)
            }
            GlobalCommand::Attach => super::ok_or_fail(self.ctrl.attach(GLOBAL, &request.peer)),
            GlobalCommand::Detach => super::ok_or_fail(self.ctrl.detach(GLOBAL, &request.peer)),
            GlobalCommand::Interfaces { ctrl } => self.interfaces_report(ctrl),
            GlobalCommand::Terminate => {
                self.global.terminate = true;
                OK.into()
            }
            GlobalCommand::Unknown(_) => FAIL.into(),
        };
        self.ctrl.reply(GLOBAL, &request.peer, &reply);
    }

    /// The BSS on interface `ifname`, unless removed.
    fn live_bss(&self, ifname: &str) -> Option<usize> {
        (0..self.ifaces.len())
            .find(|&i| self.ifaces[i].name == ifname && !self.global.is_removed(i))
    }

    /// INTERFACES: one BSS interface a line; with `ctrl`, and its control
    /// directory (hostapd's `<ifname> ctrl_iface=<dir|N/A>`).
    pub(super) fn interfaces_report(&self, ctrl: bool) -> String {
        let mut report = String::new();
        for (i, iface) in self.ifaces.iter().enumerate() {
            if self.global.is_removed(i) {
                continue;
            }
            report.push_str(&iface.name);
            if ctrl {
                let dir = self
                    .ctrl
                    .dir(i)
                    .map_or("N/A".into(), |d| d.display().to_string());
                report.push_str(&format!(" ctrl_iface={dir}"));
            }
            report.push('\n');
        }
        report
    }

    /// ADD (hostapd_add_iface): a radio from a hostapd.conf, its first BSS
    /// on the interface named (`config=`), or on the file's own when the
    /// radio `phy` has no BSS yet (`bss_config=`).
    async fn add_interface(&mut self, spec: AddInterface) -> Result<()> {
        let new = match spec {
            AddInterface::Config {
                ifname,
                config: Some(file),
            } => crate::hostapd_conf::load_with_interfaces(&[file], &[ifname])?,
            AddInterface::Config {
                ifname,
                config: None,
            } => anyhow::bail!(
                "{ifname}: an interface without a configuration file (to SET up) is not \
                 supported: give config=<file>"
            ),
            AddInterface::BssConfig { phy, config } => {
                let wiphy = phy.strip_prefix("phy").and_then(|n| n.parse().ok());
                let busy = (0..self.ifaces.len())
                    .any(|i| !self.global.is_removed(i) && Some(self.ifaces[i].wiphy) == wiphy);
                if busy {
                    anyhow::bail!(
                        "bss_config={phy}: a BSS cannot join a running radio (a radio's BSSes \
                         start together, from the bss= sections of one file): REMOVE the \
                         radio and ADD it with the BSS in its file"
                    );
                }
                crate::hostapd_conf::load(&[config])?
            }
        };
        self.add_radio(new).await
    }

    /// Starts the one radio of `new` and gives its BSSes slots: the
    /// tombstones of a removed radio with as many BSSes, or new ones.
    async fn add_radio(&mut self, new: Config) -> Result<()> {
        let mut new = new;
        super::complete_ht(&mut self.radio, &mut new, 0).await?;
        let [radio_config] = new.radios.as_slice() else {
            anyhow::bail!("{}: one radio per file", new.file.display());
        };
        let names: Vec<&str> = radio_config
            .bss
            .iter()
            .map(|b| b.interface.as_deref().unwrap_or(&radio_config.interface))
            .collect();
        if let Some(name) = names.iter().find(|n| self.live_bss(n).is_some()) {
            anyhow::bail!("{name}: the interface exists already");
        }
        let count = names.len();
        // A removed radio whose BSSes are all tombstones, with as many.
        let mut first = 0;
        let mut reuse = None;
        for (r, old) in self.config.radios.iter().enumerate() {
            let slots = first..first + old.bss.len();
            if old.bss.len() == count && slots.clone().all(|i| self.global.is_removed(i)) {
                reuse = Some((r, first));
                break;
            }
            first = slots.end;
        }
        let base = reuse.map_or(self.bsses.len(), |(_, first)| first);
        if reuse.is_none() && base + count > self.global.max_bsses {
            self.global.adds_refused_full += 1;
            anyhow::bail!(
                "{}: {} BSS slots at most (ADDs refused so far: {})",
                names.join(", "),
                self.global.max_bsses,
                self.global.adds_refused_full
            );
        }
        let group = match &new.ctrl_interface_group {
            Some(g) => Some(g.gid().map_err(anyhow::Error::msg)?),
            None => None,
        };
        let started = start_radio(&mut self.radio, &new, 0, &self.global.registered).await?;
        let channel = radio_config.channel;
        match reuse {
            Some((r, _)) => self.config.radios[r] = radio_config.clone(),
            None => self.config.radios.push(radio_config.clone()),
        }
        // An added BSS has no key holders' link to other APs (the start-up
        // files open them): FT with its siblings here only.
        for (
            k,
            StartedBss {
                core,
                iface,
                created,
                ..
            },
        ) in started.into_iter().enumerate()
        {
            let i = base + k;
            if created {
                self.created.push(iface.ifindex);
            }
            let name = iface.name.clone();
            match self.ifaces.get_mut(i) {
                Some(slot) => *slot = iface,
                None => self.ifaces.push(iface),
            }
            self.install_core(i, core, channel).await;
            self.global.set_removed(i, false);
            self.ctrl.set_name(i, &name);
            if let Some(dir) = &new.ctrl_interface {
                if let Err(e) = self.ctrl.add(i, dir, &name, group) {
                    warn!(interface = %name, "control interface in {}: {e}", dir.display());
                }
            }
            self.ctrl.event(i, "AP-ENABLED");
        }
        self.global.layout_changed = true;
        Ok(())
    }

    /// REMOVE (hostapd_remove_iface): the BSS on `ifname`, or its whole
    /// radio when it is the radio's first BSS. Its stations are
    /// deauthenticated, its AP stops, its control socket closes and the
    /// interface goes if roamd created it.
    async fn remove_interface(&mut self, ifname: &str) -> Result<()> {
        let i = self
            .live_bss(ifname)
            .with_context(|| format!("no interface {ifname}"))?;
        let (r, b) = self.position(i);
        let gone: Vec<usize> = if b == 0 {
            let first = i;
            (first..first + self.config.radios[r].bss.len())
                .filter(|&j| !self.global.is_removed(j))
                .collect()
        } else {
            vec![i]
        };
        let running: Vec<usize> = gone.iter().copied().filter(|&j| self.enabled[j]).collect();
        self.stop_bsses(&running).await;
        for j in gone {
            self.ctrl.event(j, "AP-DISABLED");
            self.ctrl.remove(j);
            self.enabled[j] = false;
            self.radius[j] = None;
            self.global.set_removed(j, true);
            self.pmksa
                .borrow_mut()
                .unregister_bss(&self.bsses[j].bssid());
            let ifindex = self.ifaces[j].ifindex;
            if let Some(at) = self.created.iter().position(|&c| c == ifindex) {
                self.created.remove(at);
                let _ = self
                    .radio
                    .execute(RadioCommand::DelInterface { ifindex })
                    .await;
            } else if !self.global.registered.contains(&ifindex) {
                self.global.registered.push(ifindex);
            }
            // No radio event reaches a tombstone.
            self.ifaces[j].ifindex = 0;
        }
        self.global.layout_changed = true;
        Ok(())
    }
}

/// OK or FAIL for ADD and REMOVE, logged with the command (hostapd logs
/// "Add interface" or why not).
fn log_outcome(request: &Request, outcome: Result<()>) -> String {
    let command = String::from_utf8_lossy(&request.data);
    match outcome {
        Ok(()) => {
            info!("{command}: done");
            OK.into()
        }
        Err(e) => {
            warn!("{command}: {e:#}");
            FAIL.into()
        }
    }
}
