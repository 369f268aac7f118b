//! hostapd's global control interface (`hostapd -g PATH -G GROUP`,
//! `hostapd_global_ctrl_iface_receive`): a client (`hostapd_cli -p DIR -i
//! NAME raw ...` for the socket `DIR/NAME`) adds a radio
//! from a hostapd.conf (`ADD <ifname> config=<file>`) or a BSS to a
//! running radio (`ADD bss_config=<phy>:<file>`), removes an interface
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
//! `ADD <ifname> [<dir>]` without a file makes an interface with hostapd's
//! defaults (hostapd_config_alloc, state UNINITIALIZED): its control socket
//! opens in `<dir>` at once, each `SET <key> <value>` is a hostapd.conf
//! line checked on its own ([`roamd_config::hostapd_conf::check_line`]),
//! and `ENABLE` reads the lines as a file and starts the radio, the socket
//! moving to the radio's BSS slot. Until then it has no slot, only a
//! socket index beyond them, and counts against the bound on slots.
//!
//! Once an interface has been added or removed, the start-up files no
//! longer describe the running BSSes: `RELOAD` and SIGHUP are refused, and
//! an interface takes a new file by `REMOVE` and `ADD`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use roamd_ctrl::{AddInterface, Command, GlobalCommand, FAIL, OK};
use roamd_nl80211_ap::{InterfaceInfo, Radio, RadioCommand};
use tracing::{info, warn};

use super::{check_ciphers, ok_or_fail, start_one_bss, start_radio, Daemon, StartedBss};
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
    /// `SET`s refused by [`MAX_PENDING_LINES`].
    sets_refused_full: u64,
    /// An interface was added or removed: reloads are refused.
    pub(super) layout_changed: bool,
    /// Interfaces REMOVE stopped but did not delete: their management
    /// frame registrations stay with this process for a later ADD.
    registered: Vec<u32>,
    /// `TERMINATE` was received.
    pub(super) terminate: bool,
    /// Interfaces `ADD` made without a file, until their `ENABLE`.
    pending: Vec<Pending>,
}

/// An interface `ADD <ifname> [<dir>]` made without a file: its `SET`s
/// wait for `ENABLE`.
#[derive(Debug)]
struct Pending {
    ifname: String,
    /// The index its control socket's requests carry: beyond every BSS
    /// slot, so that no slot `ADD` makes meanwhile takes it.
    id: usize,
    /// The SETs so far, as the lines of a hostapd.conf.
    lines: String,
}

/// SET lines an interface not started yet keeps: a hostapd.conf has a
/// few dozen keys; a control client repeating SETs cannot grow it further.
pub const MAX_PENDING_LINES: usize = 256;

/// STATUS of an interface not started yet (hostapd's state before its
/// driver is set up).
const UNINITIALIZED: &str = "state=UNINITIALIZED\nphy=\nfreq=0\nchannel=0\n";

impl Default for Global {
    fn default() -> Self {
        Global {
            removed: Vec::new(),
            max_bsses: DEFAULT_MAX_BSSES,
            adds_refused_full: 0,
            sets_refused_full: 0,
            registered: Vec::new(),
            layout_changed: false,
            terminate: false,
            pending: Vec::new(),
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

    /// Bounds the BSS slots `ADD` may grow the daemon to (before the
    /// first `ADD`: interfaces not started yet take indexes beyond it).
    pub fn set_max_bsses(&mut self, max: usize) {
        self.global.max_bsses = max;
    }

    /// Answers a command of the global socket.
    pub(super) async fn handle_global_ctrl(&mut self, request: Request) {
        let reply = match GlobalCommand::parse(&request.data) {
            GlobalCommand::Ifname(ifname, command) => {
                match (self.live_bss(&ifname), self.pending_index(&ifname)) {
                    (Some(i), _) => Box::pin(self.ctrl_command(i, &request.peer, &command)).await,
                    (None, Some(k)) => {
                        Box::pin(self.pending_command(k, &request.peer, &command)).await
                    }
                    (None, None) => roamd_ctrl::NO_IFNAME_MATCH.into(),
                }
            }
            GlobalCommand::Ping => "PONG\n".into(),
            // The log file is opened with O_APPEND (see the per-BSS RELOG);
            // hostapd's FLUSH resets testing state roamd does not have.
            GlobalCommand::Relog => {
                self.telemetry.reopen_events();
                OK.into()
            }
            GlobalCommand::Flush => OK.into(),
            GlobalCommand::Add(spec) => {
                let command = String::from_utf8_lossy(&request.data);
                log_outcome(&command, Box::pin(self.add_interface(spec)).await)
            }
            GlobalCommand::Remove(ifname) => {
                let command = String::from_utf8_lossy(&request.data);
                let removed = Box::pin(self.remove_interface(&ifname)).await;
                // A port only the removed BSSes listened on closes.
                self.refresh_das().await;
                log_outcome(&command, removed)
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

    /// The interface not started yet named `ifname`.
    fn pending_index(&self, ifname: &str) -> Option<usize> {
        self.global.pending.iter().position(|p| p.ifname == ifname)
    }

    /// A command on the socket of an interface not started yet.
    pub(super) async fn handle_pending_ctrl(&mut self, request: Request) {
        // Gone: REMOVEd after the request was queued.
        let Some(k) = self.global.pending.iter().position(|p| p.id == request.bss) else {
            return;
        };
        let ifname = self.global.pending[k].ifname.clone();
        let reply = self.pending_command(k, &request.peer, &request.data).await;
        // After ENABLE the socket belongs to the BSS slot.
        let id = self.live_bss(&ifname).unwrap_or(request.bss);
        self.ctrl.reply(id, &request.peer, &reply);
    }

    /// The reply of the interface not started yet `k` (hostapd's commands
    /// on an interface in state UNINITIALIZED).
    async fn pending_command(&mut self, k: usize, peer: &Path, data: &[u8]) -> String {
        let Pending { id, ifname, .. } = &self.global.pending[k];
        let (id, ifname) = (*id, ifname.clone());
        match Command::parse(data) {
            Command::Ping => "PONG\n".into(),
            // The key only: values may be secrets.
            Command::Set(key, value) => log_outcome(
                &format!("{ifname}: SET {key}"),
                self.pending_set(k, &key, &value),
            ),
            Command::Enable => log_outcome(
                &format!("{ifname}: ENABLE"),
                Box::pin(self.enable_pending(k)).await,
            ),
            Command::Status => UNINITIALIZED.into(),
            // hostapd's: no address yet, the SSID set so far.
            Command::GetConfig => {
                let lines = &self.global.pending[k].lines;
                // The last one counts (searched forwards: smaller code).
                let ssid = lines
                    .lines()
                    .filter_map(|l| l.strip_prefix("ssid="))
                    .fold(None, |_, ssid| Some(ssid));
                format!(
                    "bssid=00:00:00:00:00:00\nssid={}\nwps_state=disabled\n",
                    ssid.unwrap_or_default()
                )
            }
            Command::Attach => ok_or_fail(self.ctrl.attach(id, peer)),
            Command::Detach => ok_or_fail(self.ctrl.detach(id, peer)),
            Command::Unknown(_) => roamd_ctrl::UNKNOWN.into(),
            _ => FAIL.into(),
        }
    }

    /// SET on an interface not started yet: one more line of its file,
    /// checked on its own.
    fn pending_set(&mut self, k: usize, key: &str, value: &str) -> Result<()> {
        // One SET is one line: a line break or a comment would hide others.
        if key.starts_with('#') || key.contains(['\n', '\r']) || value.contains(['\n', '\r']) {
            anyhow::bail!("not one key and value");
        }
        roamd_config::hostapd_conf::check_line(key, value).map_err(anyhow::Error::msg)?;
        let global = &mut self.global;
        if global.pending[k].lines.matches('\n').count() >= MAX_PENDING_LINES {
            global.sets_refused_full += 1;
            anyhow::bail!(
                "{MAX_PENDING_LINES} SETs already, the most an interface not started yet keeps \
                 (refused {} in all): REMOVE and ADD it again, or ADD it with config=<file>",
                global.sets_refused_full
            );
        }
        let lines = &mut global.pending[k].lines;
        lines.push_str(key);
        lines.push('=');
        lines.push_str(value);
        lines.push('\n');
        Ok(())
    }

    /// The configuration the SETs of interface `k` make, validated as a
    /// file's (its errors name the `n`th SET as line `n`).
    fn pending_config(&self, k: usize) -> Result<Config> {
        let p = &self.global.pending[k];
        let label = PathBuf::from(format!("{} SET", p.ifname));
        Ok(crate::hostapd_conf::parse_with_interfaces(
            &[(label, p.lines.clone())],
            std::slice::from_ref(&p.ifname),
        )?)
    }

    /// ENABLE of an interface not started yet: its radio starts, and its
    /// socket moves to the BSS slot; on failure it stays as it was.
    async fn enable_pending(&mut self, k: usize) -> Result<()> {
        let new = self.pending_config(k)?;
        // Out of the count while its radio takes slots.
        let pending = self.global.pending.remove(k);
        let result = Box::pin(self.add_radio(new, Some(pending.id), None)).await;
        if result.is_err() {
            self.global.pending.insert(k, pending);
        }
        result
    }

    /// ADD without a file: an interface with hostapd's defaults, its
    /// control socket in `dir` open at once.
    fn add_empty(
        &mut self,
        ifname: String,
        dir: Option<PathBuf>,
        driver: Option<String>,
    ) -> Result<()> {
        if ifname.is_empty() {
            anyhow::bail!("no interface named");
        }
        if let Some(driver) = driver.filter(|d| d != "nl80211") {
            anyhow::bail!("{ifname}: driver {driver}: roamd drives nl80211 only");
        }
        if self.live_bss(&ifname).is_some() || self.pending_index(&ifname).is_some() {
            anyhow::bail!("{ifname}: the interface exists already");
        }
        let global = &mut self.global;
        if self.bsses.len() + global.pending.len() >= global.max_bsses {
            global.adds_refused_full += 1;
            anyhow::bail!(
                "{ifname}: {} BSS slots at most, interfaces not started yet included (ADDs \
                 refused so far: {})",
                global.max_bsses,
                global.adds_refused_full
            );
        }
        let first = global.max_bsses.max(self.bsses.len());
        let id = (first..)
            .find(|id| !global.pending.iter().any(|p| p.id == *id))
            .unwrap_or(first);
        self.ctrl.set_name(id, &ifname);
        if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
            self.ctrl
                .add(id, &dir, &ifname, None)
                .with_context(|| format!("{ifname}: control interface in {}", dir.display()))?;
        }
        global.pending.push(Pending {
            ifname,
            id,
            lines: String::new(),
        });
        global.layout_changed = true;
        Ok(())
    }

    /// INTERFACES: one BSS interface a line, those not started yet last;
    /// with `ctrl`, and its control directory (hostapd's
    /// `<ifname> ctrl_iface=<dir|N/A>`).
    pub(super) fn interfaces_report(&self, ctrl: bool) -> String {
        let live = (0..self.ifaces.len())
            .filter(|&i| !self.global.is_removed(i))
            .map(|i| (&self.ifaces[i].name, i));
        let pending = self.global.pending.iter().map(|p| (&p.ifname, p.id));
        let mut report = String::new();
        for (name, id) in live.chain(pending) {
            report.push_str(name);
            if ctrl {
                let dir = self
                    .ctrl
                    .dir(id)
                    .map_or("N/A".into(), |d| d.display().to_string());
                report.push_str(&format!(" ctrl_iface={dir}"));
            }
            report.push('\n');
        }
        report
    }

    /// ADD (hostapd_add_iface): a radio from a hostapd.conf, its first BSS
    /// on the interface named (`config=`); a BSS on the file's interface
    /// beside the running BSSes of radio `phy`, or its radio when it has
    /// none (`bss_config=`); without a file, an interface to SET up.
    async fn add_interface(&mut self, spec: AddInterface) -> Result<()> {
        let new = match spec {
            AddInterface::Config { ifname, config } => {
                crate::hostapd_conf::load_with_interfaces(&[config], &[ifname])?
            }
            AddInterface::Empty {
                ifname,
                ctrl_interface,
                driver,
            } => return self.add_empty(ifname, ctrl_interface, driver),
            AddInterface::BssConfig { phy, config } => {
                let new = crate::hostapd_conf::load(&[config])?;
                let wiphy = phy.strip_prefix("phy").and_then(|n| n.parse().ok());
                // The radio's own interface, if it runs: the BSS joins it.
                let running = (0..self.ifaces.len()).find(|&i| {
                    let (r, b) = self.position(i);
                    !self.global.is_removed(i)
                        && Some(self.ifaces[i].wiphy) == wiphy
                        && self.config.radios[r].bss[b].interface.is_none()
                });
                if let Some(i) = running {
                    return Box::pin(self.add_bss(i, new)).await;
                }
                new
            }
        };
        Box::pin(self.add_radio(new, None, None)).await
    }

    /// ADD bss_config= onto a running radio (hostapd_interface_init_bss):
    /// the file's one BSS starts beside those of the radio of BSS `parent`
    /// (its own interface), on an interface it creates, named by the
    /// file's `interface=`; the radio and its BSSes run on untouched. As
    /// in hostapd, the file's radio settings (channel, ...) are not used.
    /// The BSS gets a configuration entry of its own, a copy of the
    /// radio's with this one BSS, after the others: slot order stays the
    /// order of the entries, and REMOVE takes it alone.
    async fn add_bss(&mut self, parent: usize, new: Config) -> Result<()> {
        let file = new.file.display();
        let [radio_config] = new.radios.as_slice() else {
            anyhow::bail!("{file}: one radio per file");
        };
        let [bss] = radio_config.bss.as_slice() else {
            anyhow::bail!("{file}: bss_config= takes a file of one BSS (no bss= sections)");
        };
        let siblings = self.radio_bsses(parent);
        if siblings.len() >= roamd_config::MAX_BSS_PER_RADIO {
            anyhow::bail!(
                "{file}: the radio has {} BSSes already",
                roamd_config::MAX_BSS_PER_RADIO
            );
        }
        let mut bss = bss.clone();
        bss.interface = Some(radio_config.interface.clone());
        let (r, _) = self.position(parent);
        let mut entry = self.config.radios[r].clone();
        entry.bss = vec![bss];
        // The first BSS number whose default address no BSS of the radio has.
        let radio_mac = self.ifaces[parent].mac;
        let number = (1..roamd_config::MAX_BSS_PER_RADIO)
            .find(|&b| {
                let mac = super::default_bss_mac(radio_mac, b);
                !siblings.iter().any(|&j| self.ifaces[j].mac == mac)
            })
            .unwrap_or(siblings.len());
        let parent = Some((self.ifaces[parent].clone(), number));
        let new = Config {
            radios: vec![entry],
            ..new
        };
        Box::pin(self.add_radio(new, None, parent)).await
    }

    /// Starts the one radio of `new` and gives its BSSes slots: the
    /// tombstones of a removed radio with as many BSSes, or new ones.
    /// `socket`: the control socket of the interface not started yet that
    /// becomes the first BSS. `onto`: the own interface of the running
    /// radio the one BSS of `new` joins, and the BSS number of its default
    /// address.
    async fn add_radio(
        &mut self,
        new: Config,
        socket: Option<usize>,
        onto: Option<(InterfaceInfo, usize)>,
    ) -> Result<()> {
        Box::pin(self.start_added_radio(new, socket, onto)).await?;
        // Its BSSes' DAS ports (radius_das_port) open now, not at a reload;
        // the BSSes serve without one that cannot open.
        self.refresh_das().await;
        Ok(())
    }

    /// DAS sockets to match the BSSes now running; a failure is logged.
    async fn refresh_das(&mut self) {
        if let Err(e) = self.configure_das().await {
            tracing::warn!("RADIUS DAS: {e:#}");
        }
    }

    /// [`Self::add_radio`] but the DAS sockets.
    async fn start_added_radio(
        &mut self,
        new: Config,
        socket: Option<usize>,
        onto: Option<(InterfaceInfo, usize)>,
    ) -> Result<()> {
        let mut new = new;
        Box::pin(super::complete_radio(&mut self.radio, &mut new, 0)).await?;
        let [radio_config] = new.radios.as_slice() else {
            anyhow::bail!("{}: one radio per file", new.file.display());
        };
        let names: Vec<&str> = radio_config
            .bss
            .iter()
            .map(|b| b.interface.as_deref().unwrap_or(&radio_config.interface))
            .collect();
        let taken = |n: &&&str| {
            self.live_bss(n).is_some() || (socket.is_none() && self.pending_index(n).is_some())
        };
        if let Some(name) = names.iter().find(taken) {
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
        if reuse.is_none() && base + count + self.global.pending.len() > self.global.max_bsses {
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
        let started = match onto {
            // Boxed, as each start below: start-up futures are large, and
            // every global command's future would carry them.
            None => {
                Box::pin(start_radio(
                    &mut self.radio,
                    &new,
                    0,
                    &self.global.registered,
                ))
                .await?
            }
            Some((parent, b)) => {
                check_ciphers(&mut self.radio, &new, 0, parent.wiphy).await?;
                let bss = &radio_config.bss[0];
                vec![
                    Box::pin(start_one_bss(
                        &mut self.radio,
                        radio_config,
                        b,
                        bss,
                        &parent,
                    ))
                    .await?,
                ]
            }
        };
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
            Box::pin(self.install_core(i, core, channel)).await;
            self.global.set_removed(i, false);
            self.ctrl.set_name(i, &name);
            if let Some(from) = socket.filter(|&from| k == 0 && self.ctrl.dir(from).is_some()) {
                self.ctrl.renumber(from, i);
            } else if let Some(dir) = &new.ctrl_interface {
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
    /// radio when it is the radio's first BSS (on the radio's own
    /// interface). Its stations are
    /// deauthenticated, its AP stops, its control socket closes and the
    /// interface goes if roamd created it.
    async fn remove_interface(&mut self, ifname: &str) -> Result<()> {
        if let Some(k) = self.pending_index(ifname) {
            let pending = self.global.pending.remove(k);
            self.ctrl.remove(pending.id);
            return Ok(());
        }
        let i = self
            .live_bss(ifname)
            .with_context(|| format!("no interface {ifname}"))?;
        let (r, b) = self.position(i);
        // The radio's own interface: the radio goes, with the BSSes
        // bss_config= added to it.
        let gone = if self.config.radios[r].bss[b].interface.is_none() {
            self.radio_bsses(i)
        } else {
            vec![i]
        };
        let running: Vec<usize> = gone.iter().copied().filter(|&j| self.enabled[j]).collect();
        self.stop_bsses(&running).await;
        for j in gone {
            self.ctrl.event(j, "AP-DISABLED");
            self.ctrl.remove(j);
            self.data_test.close(j);
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

/// OK or FAIL for ADD, REMOVE, and SET and ENABLE of an interface not
/// started yet, logged with `command` (hostapd logs "Add interface" or why
/// not).
fn log_outcome(command: &str, outcome: Result<()>) -> String {
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
