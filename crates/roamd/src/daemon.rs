//! The tokio shell: one event loop that feeds radio events, timers and
//! signals into the sans-IO BSS cores and executes what they ask of the radio.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result};
use roamd_eap_auth::RadiusRequestId;
use roamd_ieee80211::element::CipherSuite;
use roamd_ieee80211::MacAddr;
use roamd_nl80211_ap::{
    ApSettings, HiddenSsid, InterfaceInfo, KeyParams, Nl80211, PendingReply, Radio, RadioCommand,
    RadioEvent, RadioEvents, RadioReply, RsnSettings, StationInfo, StationParams,
};
use roamd_radius::shell::RadiusHandle;
use roamd_radius::{ClientConfig, Event, RequestHandle, ServerConfig, ServerId, ServerKind};
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc;
use tracing::{debug, error, info, warn};

use crate::config::EapConfig;
use crate::ctrl::{self, CtrlServer};
use crate::frame_path::{FramePath, Step};
use crate::key_holder_link::{KeyHolderLinks, LinkFrame};
use roamd_pmksa::PmksaCaches;
use std::cell::RefCell;
use std::rc::Rc;

use crate::config::Config;
use rand::RngCore;
use roamd_ap::profiles::{ProfileSettings, RoamProfiles};
use roamd_ap::{ApParams, Bss, Output, TxPurpose};

mod das;
mod global_ctrl;
pub use global_ctrl::{DEFAULT_MAX_BSSES, MAX_PENDING_LINES};

/// Runs the daemon on the kernel's nl80211 until SIGINT or SIGTERM, calling
/// `ready` once every AP is up and the signals are handled (`-B` returns then).
///
/// SIGHUP reloads the configuration from `files`, as `RELOAD` does.
/// With `global` (`-g`, `-G`), hostapd's global control socket adds and
/// removes interfaces at run time.
pub async fn run_nl80211(
    config: Config,
    files: crate::args::ConfigFiles,
    global: Option<&crate::args::GlobalCtrl>,
    ready: impl FnOnce(),
) -> Result<()> {
    let (radio, events) = Nl80211::connect()
        .await
        .context("cannot open nl80211 (is cfg80211 loaded?)")?;
    let mut daemon = Daemon::start(radio, &config).await?;
    if let Some(g) = global {
        daemon.open_global_ctrl(&g.path, g.group.as_ref())?;
    }
    daemon.reload_from(files)?;
    let mut sigterm = signal(SignalKind::terminate()).context("SIGTERM handler")?;
    let mut sigint = signal(SignalKind::interrupt()).context("SIGINT handler")?;
    let stop = async move {
        tokio::select! {
            _ = sigterm.recv() => "SIGTERM",
            _ = sigint.recv() => "SIGINT",
        }
    };
    daemon.start_key_holders().await;
    ready();
    daemon.notify_ready(crate::notify::Notifier::from_env());
    let mut events = events;
    daemon.run(&mut events, stop).await;
    // `events` stays open until the end, so the kernel's replies to the
    // shutdown commands still have a reader.
    daemon.shutdown().await;
    let drops = events.drops();
    info!(
        total = drops.total(),
        probe_requests = drops.probe_requests,
        mgmt_frames = drops.mgmt_frames,
        mgmt_tx_status = drops.mgmt_tx_status,
        control_port_frames = drops.control_port_frames,
        control_port_tx_status = drops.control_port_tx_status,
        station_removed = drops.station_removed,
        "radio events dropped under pressure"
    );
    drop(events);
    Ok(())
}

/// Refuses to start when a configured cipher is not supported by the radio.
async fn check_ciphers<R: Radio>(
    radio: &mut R,
    config: &Config,
    r: usize,
    wiphy: u32,
) -> Result<()> {
    let radio_config = &config.radios[r];
    let wanted: Vec<(usize, Vec<CipherSuite>, bool)> = radio_config
        .bss
        .iter()
        .enumerate()
        .filter_map(|(b, bss)| {
            let wpa = bss.wpa.as_ref()?;
            Some((
                b,
                wpa.pairwise.clone(),
                wpa.pmf != crate::config::Pmf::Disabled,
            ))
        })
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let supported = match radio.execute(RadioCommand::GetCiphers { wiphy }).await {
        Ok(RadioReply::Ciphers(c)) => c,
        Ok(other) => anyhow::bail!("unexpected reply {other:?}"),
        Err(e) => return Err(e).context("cannot read the radio's cipher suites"),
    };
    for (b, pairwise, pmf) in wanted {
        for cipher in pairwise {
            if !supported.contains(&cipher) {
                anyhow::bail!(
                    "{}: radio[{r}].bss[{b}].pairwise: {} is not supported by {} (phy{wiphy})",
                    config.file.display(),
                    crate::config::suites::cipher_name(cipher).unwrap_or("?"),
                    radio_config.interface
                );
            }
        }
        // BIP-CMAC-128 protects management frames.
        if pmf && !supported.contains(&CipherSuite::BipCmac128) {
            anyhow::bail!(
                "{}: radio[{r}].bss[{b}].pmf: {} (phy{wiphy}) does not support BIP-CMAC-128",
                config.file.display(),
                radio_config.interface
            );
        }
    }
    Ok(())
}

/// How long the kernel may take to apply a new regulatory domain (it loads
/// the country's rules from regulatory.db). hostapd also waits for the
/// channel list update (up to 5 s) before it uses the channels, but then
/// carries on with the old ones; roamd refuses to advertise a country whose
/// rules are not in force.
const REGULATORY_DOMAIN_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Sets the regulatory domain of `alpha2` for interface `name` and waits
/// until the kernel reports it in force: the channels and power limits read
/// afterwards are the country's. (A country that is not advertised is set
/// without waiting, as before: nothing reads its channels.)
async fn set_regulatory_domain<R: Radio>(radio: &mut R, name: &str, alpha2: [u8; 2]) -> Result<()> {
    let country = String::from_utf8_lossy(&alpha2).into_owned();
    radio
        .execute(RadioCommand::SetRegulatoryDomain { alpha2 })
        .await
        .with_context(|| format!("{name}: cannot set the regulatory domain to {country}"))?;
    let deadline = tokio::time::Instant::now() + REGULATORY_DOMAIN_WAIT;
    loop {
        match radio.execute(RadioCommand::GetRegulatoryDomain).await {
            Ok(RadioReply::RegulatoryDomain(now)) if now == alpha2 => return Ok(()),
            Ok(_) => {}
            Err(e) => {
                return Err(e).with_context(|| format!("{name}: cannot read the regulatory domain"))
            }
        }
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!(
                "{name}: the regulatory domain of {country} did not take effect within {} s \
                 (is /lib/firmware/regulatory.db, from wireless-regdb, installed?)",
                REGULATORY_DOMAIN_WAIT.as_secs()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Completes radio `r`'s configuration from the radio itself, as hostapd
/// copies it from the driver before the AP starts: the HT Capabilities get
/// the radio's A-MPDU parameters and MCS set (`ht_capab` flags it lacks
/// are refused, as hostapd_check_ht_capab does), and an advertised country
/// gets the Country element's triplets from the channels of the operating
/// band once the country's regulatory domain is in force.
pub(crate) async fn complete_radio<R: Radio>(
    radio: &mut R,
    config: &mut Config,
    r: usize,
) -> Result<()> {
    let file = config.file.display().to_string();
    let Some(radio_config) = config.radios.get_mut(r) else {
        return Ok(());
    };
    let advertised = radio_config
        .country
        .filter(|_| radio_config.advertise_country);
    if radio_config.ht.is_none() && advertised.is_none() {
        return Ok(());
    }
    let name = radio_config.interface.clone();
    let wiphy = match radio
        .execute(RadioCommand::GetInterface { name: name.clone() })
        .await
    {
        Ok(RadioReply::Interface(i)) => i.wiphy,
        Ok(other) => anyhow::bail!("{name}: unexpected reply {other:?}"),
        Err(e) => return Err(e).with_context(|| format!("{file}: interface {name}")),
    };
    if let Some(alpha2) = advertised {
        set_regulatory_domain(radio, &name, alpha2).await?;
    }
    let bands = match radio.execute(RadioCommand::GetBands { wiphy }).await {
        Ok(RadioReply::Bands(bands)) => bands,
        Ok(other) => anyhow::bail!("{name}: unexpected reply {other:?}"),
        Err(e) => return Err(e).context("cannot read the radio's bands"),
    };
    let (band, ghz) = match radio_config.hw_mode {
        crate::config::HwMode::A => (roamd_nl80211_ap::consts::BAND_5GHZ, "5"),
        _ => (roamd_nl80211_ap::consts::BAND_2GHZ, "2.4"),
    };
    let band_info = bands.iter().find(|b| b.band == band);
    if let Some(ht) = radio_config.ht.as_mut() {
        let Some(hw) = band_info.and_then(|b| b.ht) else {
            anyhow::bail!(
                "{file}: radio[{r}].ieee80211n: {name} (phy{wiphy}) has no HT (802.11n) in the {ghz} GHz band"
            );
        };
        if let Some(flag) = crate::config::ht_capab_unsupported(ht.info, hw.info) {
            anyhow::bail!(
                "{file}: radio[{r}].ht_capab: [{flag}] is not supported by {name} (phy{wiphy})"
            );
        }
        ht.ampdu_params = hw.ampdu_params;
        ht.mcs_set = hw.mcs_set;
    }
    if advertised.is_some() {
        let channels = band_info.map(|b| b.channels.as_slice()).unwrap_or_default();
        radio_config.country_triplets = country_triplets(channels, radio_config.hw_mode);
        let triplets = radio_config.country_triplets.len();
        debug!(interface = %name, triplets, "Country element from the channel list");
    }
    Ok(())
}

/// The Country element's triplets for the channels of the operating band:
/// the enabled ones, their power limit in whole dBm (as hostapd's
/// max_tx_power), grouped per run (5 GHz channels are 4 numbers apart).
fn country_triplets(
    channels: &[roamd_nl80211_ap::ChannelInfo],
    hw_mode: crate::config::HwMode,
) -> Vec<roamd_ieee80211::element::SubbandTriplet> {
    let spacing = match hw_mode {
        crate::config::HwMode::A => 4,
        _ => 1,
    };
    let enabled = channels.iter().filter(|c| !c.disabled).filter_map(|c| {
        let dbm = i8::try_from(c.max_tx_power_mbm / 100).unwrap_or(i8::MAX);
        Some((c.channel()?, dbm))
    });
    roamd_ieee80211::element::SubbandTriplet::group(enabled, spacing)
}

/// Identifies a RADIUS request: the station and its 802.1X request number.
type RadiusToken = (MacAddr, RadiusRequestId);
/// The request number of accounting requests (no 802.1X exchange waits for them).
const ACCOUNTING: RadiusRequestId = RadiusRequestId(u64::MAX);

/// The running daemon: its radio, its BSSes and the frames awaiting TX status.
pub struct Daemon<R: Radio> {
    radio: R,
    bsses: Vec<Bss>,
    /// The interface of each BSS (same index).
    ifaces: Vec<InterfaceInfo>,
    /// The channel of each BSS (same index).
    channels: Vec<u32>,
    /// Whether each BSS's AP runs: `DISABLE` stops it, `ENABLE` starts it
    /// again (same index).
    enabled: Vec<bool>,
    /// Access-Requests in flight, to cancel them when the core says so;
    /// at most one per station with an 802.1X exchange.
    radius_in_flight: HashMap<(usize, RadiusToken), RequestHandle>,
    /// Cookie of a transmitted frame -> (BSS index, why we care about its ACK).
    pending_tx: HashMap<u64, (usize, TxPurpose)>,
    /// The RADIUS client of each WPA2-Enterprise BSS.
    radius: Vec<Option<RadiusHandle<RadiusToken>>>,
    /// RADIUS events of every BSS, tagged with the BSS index.
    radius_events: mpsc::UnboundedReceiver<(usize, Event<RadiusToken>)>,
    /// The PMKSA caches of every BSS; OKC looks across them.
    pmksa: Rc<RefCell<PmksaCaches>>,
    /// The roaming profiles of the stations, shared by every BSS.
    profiles: Rc<RefCell<RoamProfiles>>,
    /// The hostapd_cli-compatible control sockets.
    ctrl: CtrlServer,
    /// Commands received on them.
    ctrl_requests: mpsc::Receiver<ctrl::Request>,
    /// Keeps `ctrl_requests` open when there are no control sockets.
    _ctrl_keepalive: Option<mpsc::Sender<ctrl::Request>>,
    /// Interfaces roamd created for second and later BSSes of a radio.
    created: Vec<u32>,
    /// Time from a received frame to its last command handed to the kernel.
    frame_path: FramePath,
    /// systemd's notification socket, when it runs us (`Type=notify`).
    notifier: Option<crate::notify::Notifier>,
    /// Key-holder frames (FT key distribution and over-DS relay) of a
    /// BSS, delivered once the outputs of the current input are carried
    /// out: to a BSS of this process, or on the key holders' link.
    key_holder_frames: Vec<(usize, roamd_ft::Transmit)>,
    /// The key holders' links to other APs (`bridge`, or the BSS interface).
    links: KeyHolderLinks,
    /// Frames received on them.
    link_frames: mpsc::Receiver<LinkFrame>,
    /// Keeps `link_frames` open when there is no link.
    _link_keepalive: mpsc::Sender<LinkFrame>,
    /// (BSS, station) whose port just opened there: the station's entries
    /// in the other BSSes end (hostapd `hostapd_prune_associations`).
    associated: Vec<(usize, MacAddr)>,
    /// The running configuration, which a reload compares the new one with.
    config: Config,
    /// Where it came from, to read it again on a reload (SIGHUP, `RELOAD`).
    files: Option<crate::args::ConfigFiles>,
    /// SIGHUP, once [`Daemon::reload_from`] installed the handler.
    sighup: Option<tokio::signal::unix::Signal>,
    /// Where RADIUS clients started later (a BSS restarted by a reload)
    /// send their events.
    radius_tx: mpsc::UnboundedSender<(usize, Event<RadiusToken>)>,
    /// The key the FT key holders of this process share, when there are
    /// several (a restarted BSS's key holder joins them).
    sibling_key: Option<roamd_wpa::rrb::RrbKey>,
    /// The cache domains shared with other hosts through a store.
    stores: crate::store::Stores,
    /// The metrics endpoint and the event file (feature `telemetry`).
    telemetry: crate::telemetry::Telemetry,
    /// The global control interface (`-g`) and the BSSes its REMOVE left.
    global: global_ctrl::Global,
    /// The data test sockets (feature `testing`).
    data_test: crate::data_test::DataTest,
    /// RFC 5176 Dynamic Authorization sockets (`radius_das_port`).
    das: das::DasSockets,
}

/// Creates (or re-creates) the interface of the `b`th BSS of a radio: an AP
/// interface on the same wiphy, with its own address (hostapd's `bss=`).
async fn create_bss_interface<R: Radio>(
    radio: &mut R,
    parent: &InterfaceInfo,
    b: usize,
    name: &str,
    bssid: Option<MacAddr>,
) -> Result<InterfaceInfo> {
    // Left over from an earlier run that did not clean up: start afresh.
    if let Ok(RadioReply::Interface(old)) = radio
        .execute(RadioCommand::GetInterface {
            name: name.to_string(),
        })
        .await
    {
        radio
            .execute(RadioCommand::DelInterface {
                ifindex: old.ifindex,
            })
            .await
            .ok();
    }
    let mac = bssid.unwrap_or_else(|| default_bss_mac(parent.mac, b));
    let iface = match radio
        .execute(RadioCommand::NewApInterface {
            wiphy: parent.wiphy,
            name: name.to_string(),
            mac,
        })
        .await
        .with_context(|| {
            format!(
                "{name}: cannot create the interface of BSS {b} on phy{}",
                parent.wiphy
            )
        })? {
        RadioReply::Interface(i) => i,
        other => anyhow::bail!("{name}: unexpected reply {other:?}"),
    };
    let ifindex = iface.ifindex;
    radio
        .execute(RadioCommand::SetApMode { ifindex })
        .await
        .with_context(|| format!("{name}: cannot bring it up"))?;
    radio
        .execute(RadioCommand::RegisterApFrames { ifindex })
        .await
        .with_context(|| format!("{name}: cannot register for management frames"))?;
    Ok(iface)
}

/// The address of the `b`th BSS of a radio whose own address is `radio`,
/// unless configured: locally administered, plus the BSS number.
fn default_bss_mac(radio: MacAddr, b: usize) -> MacAddr {
    let mut mac = radio;
    mac.0[0] |= 0x02;
    mac.0[5] = mac.0[5].wrapping_add(b as u8);
    mac
}

/// Starts the RADIUS client of a WPA2-Enterprise BSS; its events go to `events`.
async fn start_radius(
    eap: &EapConfig,
    index: usize,
    events: &mpsc::UnboundedSender<(usize, Event<RadiusToken>)>,
) -> Result<RadiusHandle<RadiusToken>> {
    let server = |s: &crate::config::RadiusServer| {
        let config = ServerConfig::new(s.addr, s.secret.clone()).with_timing(s.timeout, s.retries);
        if s.require_message_authenticator {
            config
        } else {
            config.allow_missing_message_authenticator()
        }
    };
    let config = ClientConfig {
        auth_servers: eap.auth_servers.iter().map(server).collect(),
        acct_servers: eap.acct_servers.iter().map(server).collect(),
        retry_primary_interval: eap.retry_primary_interval,
        local_addr: eap.radius_client_addr,
        ..ClientConfig::default()
    };
    let (handle, mut rx) = roamd_radius::shell::spawn::<RadiusToken>(config)
        .await
        .context("RADIUS client")?;
    let events = events.clone();
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            if events.send((index, event)).is_err() {
                break;
            }
        }
    });
    Ok(handle)
}

/// The roaming profiles' settings of a configuration.
fn profile_settings(config: &Config) -> ProfileSettings {
    ProfileSettings {
        slow_roam: config.slow_roam,
        max_entries: config.max_roam_profiles,
        ..ProfileSettings::default()
    }
}

/// A fresh sans-IO core for a BSS on `iface` (its address is the BSSID),
/// seeded from the OS. Touches no radio: a reload builds every new core
/// before stopping anything, so a core that cannot be built refuses it.
fn new_core(
    bss_config: &crate::config::BssConfig,
    radio_config: &crate::config::RadioConfig,
    iface: &InterfaceInfo,
) -> Result<Bss> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    Bss::new(
        bss_config.clone(),
        radio_config,
        iface.mac,
        Instant::now(),
        seed,
    )
    .with_context(|| format!("{}: cannot set up the BSS", iface.name))
}

/// A fresh core for `bss_config`, started on `iface`: at start-up, on
/// ENABLE, and when a reload falls back to the old settings.
async fn build_and_start_bss<R: Radio>(
    radio: &mut R,
    radio_config: &crate::config::RadioConfig,
    bss_config: &crate::config::BssConfig,
    iface: &InterfaceInfo,
) -> Result<Bss> {
    let core = new_core(bss_config, radio_config, iface)?;
    start_bss(radio, radio_config, iface, core).await
}

/// Where the `i`th BSS (in the order of the daemon's BSSes) is in
/// `config`: (radio, BSS of that radio).
fn bss_position(config: &Config, i: usize) -> (usize, usize) {
    config
        .radios
        .iter()
        .enumerate()
        .flat_map(|(r, radio)| (0..radio.bss.len()).map(move |b| (r, b)))
        .nth(i)
        .unwrap_or((0, 0))
}

/// Starts one BSS on its interface, at start-up and when a reload
/// restarts it: joins its bridge, starts the AP with the core's beacon and
/// installs its group keys.
async fn start_bss<R: Radio>(
    radio: &mut R,
    radio_config: &crate::config::RadioConfig,
    iface: &InterfaceInfo,
    bss: Bss,
) -> Result<Bss> {
    let name = &iface.name;
    let ifindex = iface.ifindex;
    if let Some(bridge) = &bss.config().bridge {
        // hostapd's i802_check_bridge: the AP interface joins the
        // bridge (again, harmlessly, if it is a port already).
        let master_ifindex = roamd_nl80211_ap::interface_index(bridge)
            .with_context(|| format!("{name}: bridge {bridge}"))?;
        radio
            .execute(RadioCommand::SetMaster {
                ifindex,
                master_ifindex,
            })
            .await
            .with_context(|| format!("{name}: cannot join bridge {bridge}"))?;
        info!(interface = %name, %bridge, "joined the bridge");
    }
    radio
        .execute(RadioCommand::StartAp {
            ifindex,
            settings: ap_settings(bss.ap_params()),
        })
        .await
        .with_context(|| format!("{name}: cannot start the AP"))?;
    for output in bss.start() {
        if let Some(command) = radio_command(ifindex, output) {
            radio
                .execute(command)
                .await
                .with_context(|| format!("{name}: cannot install the group keys"))?;
        }
    }
    info!(
        interface = %name,
        bssid = %bss.bssid(),
        ssid = %String::from_utf8_lossy(&bss.config().ssid),
        freq = radio_config.freq_mhz,
        "AP started"
    );
    Ok(bss)
}

/// A BSS [`start_radio`] started.
struct StartedBss {
    core: Bss,
    iface: InterfaceInfo,
    /// Whether roamd created its interface (deleted when it goes).
    created: bool,
    /// The interface of its key holders' link, if it does FT.
    link: Option<String>,
}

/// Sets radio `r` of `config` up as an AP and starts its BSSes: at
/// start-up and for the global interface's `ADD`. On failure the BSSes
/// it started stop again and the interfaces it created go. `registered`:
/// interfaces whose management frames this process registered before
/// (a REMOVE keeps them, and the kernel refuses them twice).
async fn start_radio<R: Radio>(
    radio: &mut R,
    config: &Config,
    r: usize,
    registered: &[u32],
) -> Result<Vec<StartedBss>> {
    let radio_config = &config.radios[r];
    let name = &radio_config.interface;
    let iface = match radio
        .execute(RadioCommand::GetInterface { name: name.clone() })
        .await
    {
        Ok(RadioReply::Interface(i)) => i,
        Ok(other) => anyhow::bail!("{name}: unexpected reply {other:?}"),
        Err(e) => {
            return Err(e).with_context(|| format!("{}: interface {name}", config.file.display()))
        }
    };
    let ifindex = iface.ifindex;
    if let Some(alpha2) = radio_config.country {
        // hostapd sets the country before the AP starts, and fails without it.
        // (An advertised country is in force already: see complete_radio.)
        radio
            .execute(RadioCommand::SetRegulatoryDomain { alpha2 })
            .await
            .with_context(|| {
                format!(
                    "{name}: cannot set the regulatory domain to {}",
                    String::from_utf8_lossy(&alpha2)
                )
            })?;
    }
    check_ciphers(radio, config, r, iface.wiphy).await?;
    radio
        .execute(RadioCommand::SetApMode { ifindex })
        .await
        .with_context(|| format!("{name}: cannot switch to AP mode"))?;
    if !registered.contains(&ifindex) {
        radio
            .execute(RadioCommand::RegisterApFrames { ifindex })
            .await
            .with_context(|| format!("{name}: cannot register for management frames"))?;
    }
    // Leftover stations from an earlier run would confuse AID allocation.
    let _ = radio
        .execute(RadioCommand::DelStation { ifindex, mac: None })
        .await;
    let mut started: Vec<StartedBss> = Vec::new();
    for (b, bss_config) in radio_config.bss.iter().enumerate() {
        let error = match start_one_bss(radio, radio_config, b, bss_config, &iface).await {
            Ok(bss) => {
                started.push(bss);
                continue;
            }
            Err(e) => e,
        };
        for s in started {
            let ifindex = s.iface.ifindex;
            let _ = radio.execute(RadioCommand::StopAp { ifindex }).await;
            if s.created {
                let _ = radio.execute(RadioCommand::DelInterface { ifindex }).await;
            }
        }
        return Err(error);
    }
    Ok(started)
}

/// Starts BSS `b` of a radio whose own interface is `parent`: on it for
/// the first BSS, else on an interface it creates (deleted again if the
/// BSS does not start). At start-up, and for the global `ADD` of a BSS to
/// a running radio.
async fn start_one_bss<R: Radio>(
    radio: &mut R,
    radio_config: &crate::config::RadioConfig,
    b: usize,
    bss_config: &crate::config::BssConfig,
    parent: &InterfaceInfo,
) -> Result<StartedBss> {
    let (iface, created) = match &bss_config.interface {
        None => (parent.clone(), false),
        Some(name) => (
            create_bss_interface(radio, parent, b, name, bss_config.bssid).await?,
            true,
        ),
    };
    let ft = bss_config.wpa.as_ref().is_some_and(|w| w.ft.is_some());
    let link = ft.then(|| {
        bss_config
            .bridge
            .clone()
            .unwrap_or_else(|| iface.name.clone())
    });
    match build_and_start_bss(radio, radio_config, bss_config, &iface).await {
        Ok(core) => Ok(StartedBss {
            core,
            iface,
            created,
            link,
        }),
        Err(e) => {
            if created {
                let ifindex = iface.ifindex;
                let _ = radio.execute(RadioCommand::DelInterface { ifindex }).await;
            }
            Err(e)
        }
    }
}

impl<R: Radio> Daemon<R> {
    /// Sets every configured radio up as an AP and starts beaconing.
    pub async fn start(mut radio: R, config: &Config) -> Result<Self> {
        let mut config = config.clone();
        for r in 0..config.radios.len() {
            Box::pin(complete_radio(&mut radio, &mut config, r)).await?;
        }
        let config = &config;
        let mut bsses = Vec::new();
        let mut ifaces = Vec::new();
        let mut channels = Vec::new();
        let mut created = Vec::new();
        let mut link_interfaces = Vec::new();
        for r in 0..config.radios.len() {
            for started in Box::pin(start_radio(&mut radio, config, r, &[])).await? {
                if started.created {
                    created.push(started.iface.ifindex);
                }
                link_interfaces.push(started.link);
                bsses.push(started.core);
                ifaces.push(started.iface);
                channels.push(config.radios[r].channel);
            }
        }
        // The key holders of this process trust each other with a key of
        // their own, so FT between its BSSes needs no r0kh/r1kh lines.
        let siblings: Vec<_> = bsses
            .iter()
            .filter_map(|b| b.ft().map(|f| f.identity()))
            .collect();
        let mut sibling_key = None;
        if siblings.len() > 1 {
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            let key = roamd_wpa::rrb::RrbKey::from_slice(&key).context("sibling key")?;
            for bss in &mut bsses {
                bss.trust_siblings(&siblings, &key);
            }
            sibling_key = Some(key);
        }
        let (link_tx, link_frames) = mpsc::channel(crate::key_holder_link::QUEUE_LEN);
        let links = KeyHolderLinks::open(&link_interfaces, &link_tx)?;
        let pmksa = Rc::new(RefCell::new(PmksaCaches::new()));
        let profiles = Rc::new(RefCell::new(RoamProfiles::new(profile_settings(config))));
        for bss in &mut bsses {
            bss.attach_pmksa(pmksa.clone());
            bss.attach_profiles(profiles.clone());
        }
        let stores = crate::store::Stores::start(config, &pmksa)?;
        let telemetry = crate::telemetry::Telemetry::start(config)?;
        let (radius_tx, radius_events) = mpsc::unbounded_channel();
        let mut radius = Vec::new();
        for (index, bss) in bsses.iter().enumerate() {
            radius.push(match bss.wpa().and_then(|w| w.eap()) {
                Some(eap) => Some(start_radius(eap, index, &radius_tx).await?),
                None => None,
            });
        }
        let (ctrl, ctrl_requests, _ctrl_keepalive) = match &config.ctrl_interface {
            Some(dir) => {
                let ifnames: Vec<String> = ifaces.iter().map(|i| i.name.clone()).collect();
                let group = match &config.ctrl_interface_group {
                    Some(group) => Some(group.gid().map_err(|e| {
                        anyhow::anyhow!("control interface in {}: {e}", dir.display())
                    })?),
                    None => None,
                };
                let (server, rx) = CtrlServer::open(dir, &ifnames, group)
                    .with_context(|| format!("control interface in {}", dir.display()))?;
                info!(dir = %dir.display(), "control interface ready (hostapd_cli -p {} -i IFNAME)", dir.display());
                (server, rx, None)
            }
            None => {
                let (server, rx) = CtrlServer::new();
                (server, rx, None)
            }
        };
        let mut daemon = Daemon {
            enabled: vec![true; bsses.len()],
            radio,
            bsses,
            ifaces,
            channels,
            radius_in_flight: HashMap::new(),
            pending_tx: HashMap::new(),
            radius,
            radius_events,
            pmksa,
            profiles,
            ctrl,
            ctrl_requests,
            _ctrl_keepalive,
            created,
            frame_path: FramePath::default(),
            notifier: None,
            key_holder_frames: Vec::new(),
            links,
            link_frames,
            _link_keepalive: link_tx,
            associated: Vec::new(),
            config: config.clone(),
            files: None,
            sighup: None,
            radius_tx,
            sibling_key,
            stores,
            telemetry,
            global: global_ctrl::Global::default(),
            data_test: Default::default(),
            das: das::DasSockets::default(),
        };
        daemon.configure_das().await?;
        Ok(daemon)
    }

    /// Starts the FT key holders once their links are open (each asks its
    /// peers for their sequence numbers).
    pub async fn start_key_holders(&mut self) {
        for i in 0..self.bsses.len() {
            let outputs = self.bsses[i].start_key_holder(Instant::now());
            self.execute(i, outputs).await;
        }
    }

    /// Reads the configuration from `files` again on SIGHUP and `RELOAD`
    /// (until this is called, `RELOAD` answers `FAIL` and SIGHUP keeps its
    /// default action).
    pub fn reload_from(&mut self, files: crate::args::ConfigFiles) -> Result<()> {
        self.sighup = Some(signal(SignalKind::hangup()).context("SIGHUP handler")?);
        self.files = Some(files);
        Ok(())
    }

    /// Reloads the configuration (SIGHUP, `RELOAD`), telling the service
    /// manager (`RELOADING=1`, then `READY=1`). A configuration that does
    /// not validate, or changes what only a restart can, is refused with
    /// the reason logged and the running one stays. Returns whether the
    /// new one was applied.
    pub async fn reload(&mut self, trigger: &'static str) -> bool {
        let started = Instant::now();
        if let Some(n) = &self.notifier {
            n.reloading();
        }
        // logrotate's postrotate signal: the event file moved away.
        self.telemetry.reopen_events();
        let loaded = match &self.files {
            _ if self.global.layout_changed => Err(anyhow::anyhow!(global_ctrl::NO_RELOAD)),
            Some(files) => files.load().map_err(anyhow::Error::from),
            None => Err(anyhow::anyhow!("no configuration file to read again")),
        };
        let applied = match loaded {
            Ok(new) => self.apply_config(new).await,
            Err(e) => Err(e),
        };
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let ok = match applied {
            Ok(summary) => {
                info!(trigger, elapsed_ms, "configuration reloaded: {summary}");
                if let Err(e) = self.configure_das().await {
                    error!("{e:#}");
                }
                true
            }
            Err(e) => {
                error!(trigger, elapsed_ms, "configuration reload refused: {e:#}");
                false
            }
        };
        if let Some(n) = &self.notifier {
            n.ready(&self.status_line());
        }
        ok
    }

    /// Applies a validated configuration, BSS by BSS (see
    /// [`roamd_config::reload`]): an unchanged BSS is left alone, new cache
    /// settings are applied live, any other change restarts that BSS only
    /// (its stations are deauthenticated), a radio's own settings restart
    /// its BSSes. Every new core is built before anything stops, so a
    /// refusal leaves the running configuration as it was. Returns what
    /// was done, one clause per changed BSS.
    pub async fn apply_config(&mut self, new: Config) -> Result<String> {
        use roamd_config::reload::BssChange;
        // The plan lists BSSes in the order of `self.bsses`, and refuses a
        // change of layout: BSS `i` is at the same place in both.
        let plan = roamd_config::reload::plan(&self.config, &new)?;
        let mut new = new;
        for r in 0..new.radios.len() {
            complete_radio(&mut self.radio, &mut new, r).await?;
        }
        let mut fresh: Vec<(usize, Bss)> = Vec::new();
        let mut checked = Vec::new();
        for (i, bss_plan) in plan.bsses.iter().enumerate() {
            if !matches!(bss_plan.change, BssChange::Restart(_)) {
                continue;
            }
            let (r, b) = bss_position(&new, i);
            if !checked.contains(&r) {
                check_ciphers(&mut self.radio, &new, r, self.ifaces[i].wiphy).await?;
                checked.push(r);
            }
            fresh.push((
                i,
                new_core(&new.radios[r].bss[b], &new.radios[r], &self.ifaces[i])?,
            ));
        }
        let now = Instant::now();
        let mut summary = Vec::new();
        for (i, bss_plan) in plan.bsses.iter().enumerate() {
            let interface = &bss_plan.interface;
            match &bss_plan.change {
                BssChange::Unchanged => {}
                BssChange::Cache => {
                    let (r, b) = bss_position(&new, i);
                    let Some(cache) = new.radios[r].bss[b].cache() else {
                        continue;
                    };
                    match self.bsses[i].apply_cache_settings(now, cache) {
                        Some(outcome) => {
                            info!(
                                %interface,
                                "reload: PMKSA cache settings applied live, no station disconnected: {outcome}"
                            );
                            summary.push(format!("{interface}: cache {outcome}"));
                        }
                        None => summary.push(format!("{interface}: cache settings stored")),
                    }
                }
                BssChange::Restart(keys) => {
                    let changed = keys.join(", ");
                    info!(%interface, %changed, "reload: restarting the BSS");
                    summary.push(format!("{interface}: restarted ({changed} changed)"));
                }
            }
        }
        let restarting: Vec<usize> = fresh.iter().map(|(i, _)| *i).collect();
        // All of them stop before any starts: the BSSes of a radio move
        // to a new channel together.
        self.stop_bsses(&restarting).await;
        for (r, (old, radio)) in self.config.radios.iter().zip(&new.radios).enumerate() {
            let restarted = restarting.iter().any(|&i| bss_position(&new, i).0 == r);
            if let (true, true, Some(alpha2)) =
                (restarted, old.country != radio.country, radio.country)
            {
                self.radio
                    .execute(RadioCommand::SetRegulatoryDomain { alpha2 })
                    .await
                    .with_context(|| {
                        format!("{}: cannot set the regulatory domain", radio.interface)
                    })?;
            }
        }
        let mut failed = Vec::new();
        for (i, core) in fresh {
            let (r, b) = bss_position(&new, i);
            let radio_config = &new.radios[r];
            let iface = self.ifaces[i].clone();
            let error = match start_bss(&mut self.radio, radio_config, &iface, core).await {
                Ok(bss) => {
                    self.install_core(i, bss, radio_config.channel).await;
                    continue;
                }
                Err(e) => e,
            };
            error!(interface = %iface.name, "reload: the BSS did not start with its new settings: {error:#}");
            failed.push(iface.name.clone());
            // Back to its old settings, so that it serves again and the
            // next reload sees the change still to make.
            let (old_radio, old_bss) = (
                self.config.radios[r].clone(),
                self.config.radios[r].bss[b].clone(),
            );
            match build_and_start_bss(&mut self.radio, &old_radio, &old_bss, &iface).await {
                Ok(bss) => {
                    self.install_core(i, bss, old_radio.channel).await;
                    new.radios[r].bss[b] = old_bss;
                    warn!(interface = %iface.name, "reload: the BSS runs its old settings again");
                }
                Err(e) => {
                    error!(interface = %iface.name, "reload: the BSS is down: {e:#}");
                }
            }
        }
        self.profiles
            .borrow_mut()
            .set_settings(profile_settings(&new));
        self.config = new;
        self.mark_shared_bsses();
        if !failed.is_empty() {
            anyhow::bail!(
                "{}: did not start with the new settings (see above)",
                failed.join(", ")
            );
        }
        Ok(if summary.is_empty() {
            "nothing changed".into()
        } else {
            summary.join("; ")
        })
    }

    /// After a reload: the BSSes whose cache domain is shared through a
    /// store (a `[cache_domain]`) write to it, the others no longer (a
    /// restarted BSS registers afresh, a cache change may move it).
    #[cfg(not(feature = "shared-cache"))]
    fn mark_shared_bsses(&mut self) {}

    /// After a reload: the BSSes whose cache domain is shared through a
    /// store write to it, the others no longer.
    #[cfg(feature = "shared-cache")]
    fn mark_shared_bsses(&mut self) {
        let domains: Vec<&str> = self
            .config
            .cache_domains
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        let mut registry = self.pmksa.borrow_mut();
        let marks: Vec<(MacAddr, bool)> = registry
            .bsses()
            .map(|(bssid, mode, domain)| {
                (
                    bssid,
                    mode != roamd_pmksa::CacheMode::None && domains.contains(&domain),
                )
            })
            .collect();
        for (bssid, shared) in marks {
            registry.set_shared(&bssid, shared);
        }
    }

    /// A fetch for a (re)association waiting at a BSS came back.
    #[cfg(feature = "shared-cache")]
    async fn store_answer(&mut self, a: crate::store::FetchAnswer) {
        // By BSSID: a reload may have moved the BSS since.
        let Some(i) = self.bsses.iter().position(|b| b.bssid() == a.bssid) else {
            return;
        };
        let outputs = self.bsses[i].handle_store_answer(Instant::now(), a.sta, a.answer);
        self.execute(i, outputs).await;
    }

    #[cfg(not(feature = "shared-cache"))]
    async fn store_answer(&mut self, a: crate::store::FetchAnswer) {
        match a {}
    }

    /// Stops the BSSes `indexes` for a restart: deauthenticates their
    /// stations, forgets what is in flight for them and stops the APs.
    async fn stop_bsses(&mut self, indexes: &[usize]) {
        let mut any = false;
        for &i in indexes {
            let outputs = self.bsses[i].shutdown(Instant::now());
            any |= !outputs.is_empty();
            self.execute(i, outputs).await;
        }
        if any {
            // Removing a station flushes its queued frames: let the
            // deauthentications reach the air first.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        for &i in indexes {
            self.radius_in_flight.retain(|(bss, _), _| *bss != i);
            self.pending_tx.retain(|_, (bss, _)| *bss != i);
            self.associated.retain(|(bss, _)| *bss != i);
            self.stop_ap(i).await;
        }
    }

    /// Removes the stations of BSS `i` from the kernel and stops its AP.
    async fn stop_ap(&mut self, i: usize) {
        let ifindex = self.ifaces[i].ifindex;
        let _ = self
            .radio
            .execute(RadioCommand::DelStation { ifindex, mac: None })
            .await;
        if let Err(e) = self.radio.execute(RadioCommand::StopAp { ifindex }).await {
            warn!(bssid = %self.bsses[i].bssid(), "cannot stop the AP: {e}");
        }
        info!(bssid = %self.bsses[i].bssid(), "AP stopped");
    }

    /// Puts the fresh core of a restarted BSS in place of index `i`: its
    /// PMKSA cache starts empty (the old PMKs belong to the old settings),
    /// its key holder joins its siblings, its RADIUS client restarts.
    /// An `i` one past the last BSS (the global interface's `ADD`) is a
    /// new slot, whose interface the caller pushed.
    async fn install_core(&mut self, i: usize, mut bss: Bss, channel: u32) {
        // Its counters start afresh with the new core's.
        self.telemetry.restarted(i);
        if let Some(old) = self.bsses.get(i) {
            self.pmksa.borrow_mut().unregister_bss(&old.bssid());
        }
        bss.attach_pmksa(self.pmksa.clone());
        bss.attach_profiles(self.profiles.clone());
        if let (Some(key), Some(identity)) = (&self.sibling_key, bss.ft().map(|f| f.identity())) {
            let mut siblings: Vec<_> = self
                .bsses
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, b)| b.ft().map(|f| f.identity()))
                .collect();
            for other in &mut self.bsses {
                other.trust_siblings(std::slice::from_ref(&identity), key);
            }
            siblings.push(identity);
            bss.trust_siblings(&siblings, key);
        }
        let radius = match bss.wpa().and_then(|w| w.eap()) {
            Some(eap) => match start_radius(eap, i, &self.radius_tx).await {
                Ok(handle) => Some(handle),
                Err(e) => {
                    error!(bssid = %bss.bssid(), "RADIUS client: {e:#}");
                    None
                }
            },
            None => None,
        };
        if i == self.bsses.len() {
            self.bsses.push(bss);
            self.radius.push(radius);
            self.channels.push(channel);
            self.enabled.push(true);
        } else {
            self.radius[i] = radius;
            self.bsses[i] = bss;
            self.channels[i] = channel;
            // A reload that restarts a disabled BSS enables it again.
            self.enabled[i] = true;
        }
        // Registered afresh above: shared again if its domain is.
        self.mark_shared_bsses();
        let outputs = self.bsses[i].start_key_holder(Instant::now());
        self.execute(i, outputs).await;
    }

    /// The BSS cores, for inspection.
    pub fn bsses(&self) -> &[Bss] {
        &self.bsses
    }

    /// Tells the service manager, if any, that every AP is up; from now on
    /// the event loop pings its watchdog.
    pub fn notify_ready(&mut self, notifier: Option<crate::notify::Notifier>) {
        if let Some(n) = &notifier {
            n.ready(&format!("BSSes up: {}", self.bsses.len()));
        }
        self.notifier = notifier;
    }

    /// The `STATUS=` line: what `systemctl status roamd` shows.
    fn status_line(&self) -> String {
        let stations: usize = self
            .bsses
            .iter()
            .map(|b| b.station_table().associated_count())
            .sum();
        let associations: u64 = self.bsses.iter().map(|b| b.counters().associations).sum();
        format!(
            "BSSes: {}, stations associated: {stations}, associations since start: {associations}{}",
            self.bsses.len(),
            self.stores.status()
        )
    }

    /// Runs until `stop` completes or the radio's event stream ends.
    pub async fn run(
        &mut self,
        events: &mut RadioEvents,
        stop: impl std::future::Future<Output = &'static str>,
    ) {
        tokio::pin!(stop);
        let mut sighup = self.sighup.take();
        // The watchdog is pinged from this loop, so a loop that stalls
        // stops the pings and the service manager restarts us.
        let mut watchdog = self
            .notifier
            .as_ref()
            .and_then(crate::notify::Notifier::watchdog_interval)
            .map(tokio::time::interval);
        loop {
            let cache_expiry = self.pmksa.borrow().poll_timeout();
            let deadline = self
                .bsses
                .iter()
                .zip(&self.enabled)
                .filter(|(_, enabled)| **enabled)
                .filter_map(|(bss, _)| bss.poll_timeout())
                .chain(cache_expiry)
                .min();
            let sleep = async {
                match deadline {
                    Some(t) => tokio::time::sleep_until(t.into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                biased;
                why = &mut stop => {
                    info!("{why}: shutting down");
                    return;
                }
                event = events.recv() => match event {
                    Some(event) => self.handle_event(event).await,
                    None => {
                        error!("the radio's event stream ended");
                        return;
                    }
                },
                Some((index, event)) = self.radius_events.recv() => self.handle_radius_event(index, event).await,
                Some(request) = self.ctrl_requests.recv() => self.handle_ctrl(request).await,
                Some(frame) = self.link_frames.recv() => self.handle_link_frame(frame).await,
                // Boxed: its state stays out of the loop's future.
                Some(datagram) = self.das.recv() => Box::pin(self.handle_das(datagram)).await,
                Some(()) = async {
                    match sighup.as_mut() {
                        Some(s) => s.recv().await,
                        None => std::future::pending().await,
                    }
                } => {
                    self.reload("SIGHUP").await;
                }
                message = self.stores.recv() => {
                    if let Some(answer) = self.stores.handle(message, &self.pmksa) {
                        self.store_answer(answer).await;
                    }
                }
                // Compiled out without the feature (a constant false).
                Some(scrape) = self.telemetry.recv(), if crate::telemetry::ENABLED => self.answer_scrape(scrape),
                Some((i, event)) = self.data_test.recv(), if crate::data_test::ENABLED => self.ctrl.event(i, &event),
                _ = sleep => self.handle_timeouts(Instant::now()).await,
                _ = async {
                    match watchdog.as_mut() {
                        Some(w) => w.tick().await,
                        None => std::future::pending().await,
                    }
                } => {
                    if let Some(n) = &self.notifier {
                        n.watchdog(&self.status_line());
                    }
                }
            }
            // What the input changed in shared cache domains goes to the store.
            self.stores.push_changes(&self.pmksa);
            if self.global.terminate {
                info!("TERMINATE: shutting down");
                return;
            }
        }
    }

    /// Runs the timers of the PMKSA caches and of every BSS due at `now`.
    pub async fn handle_timeouts(&mut self, now: Instant) {
        self.pmksa.borrow_mut().handle_timeout(now);
        for i in 0..self.bsses.len() {
            // A disabled BSS's timers (a GTK rekey) wait for ENABLE, which
            // replaces its core anyway.
            if !self.enabled[i] {
                continue;
            }
            let outputs = self.bsses[i].handle_timeout(now);
            self.execute(i, outputs).await;
        }
    }

    /// Handles one radio event.
    pub async fn handle_event(&mut self, event: RadioEvent) {
        let now = Instant::now();
        match event {
            RadioEvent::MgmtFrame { ifindex, frame, .. } => {
                // A disabled BSS answers nothing (frames still queued when
                // its AP stopped).
                if let Some(i) = self.bss_index(ifindex).filter(|&i| self.enabled[i]) {
                    let outputs = self.bsses[i].handle_frame(now, &frame);
                    let handed = self.execute(i, outputs).await;
                    self.frame_path
                        .record(Step::of_mgmt(&frame), handed.saturating_duration_since(now));
                }
            }
            RadioEvent::MgmtTxStatus { cookie, ack, .. } => {
                if let Some((i, purpose)) = self.pending_tx.remove(&cookie) {
                    let outputs = self.bsses[i].handle_tx_status(now, purpose, ack);
                    self.execute(i, outputs).await;
                }
            }
            RadioEvent::ControlPortFrame {
                ifindex,
                src,
                frame,
                ..
            } => {
                if let Some(i) = self.bss_index(ifindex) {
                    // A message 2 is answered with message 3, whose Key RSC is
                    // the GTK's current packet number: one netlink round trip,
                    // only on that path.
                    let sta = src;
                    if let (Some(3), Some(key_idx), true) = (
                        frame.get(1),
                        self.bsses[i].gtk_key_idx(),
                        self.bsses[i].wants_gtk_tx_pn(sta),
                    ) {
                        if let Ok(RadioReply::KeySeq(pn)) = self
                            .radio
                            .execute(RadioCommand::GetKeySeq { ifindex, key_idx })
                            .await
                        {
                            self.bsses[i].set_gtk_tx_pn(pn);
                        }
                    }
                    let outputs = self.bsses[i].handle_eapol(now, sta, &frame);
                    let answered = outputs
                        .iter()
                        .any(|o| matches!(o, Output::SendEapol { .. }));
                    let handed = self.execute(i, outputs).await;
                    self.frame_path.record(
                        Step::of_eapol(&frame, answered),
                        handed.saturating_duration_since(now),
                    );
                }
            }
            RadioEvent::StationRemoved { ifindex, mac } => {
                if let Some(i) = self.bss_index(ifindex) {
                    let outputs = self.bsses[i].handle_station_removed(now, mac);
                    self.execute(i, outputs).await;
                }
            }
            _ => {}
        }
    }

    /// The next control interface command (for tests that drive the loop by hand).
    pub async fn next_ctrl_request(&mut self) -> Option<ctrl::Request> {
        self.ctrl_requests.recv().await
    }

    /// The next scrape of the metrics endpoint (never, without one).
    pub async fn next_scrape(&mut self) -> Option<crate::telemetry::Scrape> {
        self.telemetry.recv().await
    }

    /// Answers a scrape with the counters of every BSS.
    pub fn answer_scrape(&self, scrape: crate::telemetry::Scrape) {
        let ifnames: Vec<&str> = self.ifaces.iter().map(|i| i.name.as_str()).collect();
        self.telemetry.answer(
            scrape,
            &self.bsses,
            &ifnames,
            &self.radius,
            &self.pmksa.borrow(),
        );
    }

    /// The telemetry: where the metrics endpoint listens.
    pub fn telemetry(&self) -> &crate::telemetry::Telemetry {
        &self.telemetry
    }

    /// Answers one control interface command.
    pub async fn handle_ctrl_request(&mut self, request: ctrl::Request) {
        self.handle_ctrl(request).await
    }

    /// Answers one control interface command (hostapd_cli).
    async fn handle_ctrl(&mut self, request: ctrl::Request) {
        let i = request.bss;
        if i == ctrl::GLOBAL {
            // Boxed: ADD's start-up future would make every command's large.
            return Box::pin(self.handle_global_ctrl(request)).await;
        }
        // An interface the global ADD made without a file, not started yet.
        if i >= self.bsses.len() {
            return Box::pin(self.handle_pending_ctrl(request)).await;
        }
        // Queued before its BSS was removed.
        if self.global.is_removed(i) {
            return;
        }
        let reply = self.ctrl_command(i, &request.peer, &request.data).await;
        self.ctrl.reply(i, &request.peer, &reply);
    }

    /// The reply of BSS `i` to `data` from `peer`, received on its socket
    /// or forwarded by the global one (`IFNAME=`).
    async fn ctrl_command(&mut self, i: usize, peer: &std::path::Path, data: &[u8]) -> String {
        use roamd_ctrl::{Command, FAIL, OK, UNKNOWN};
        let now = Instant::now();
        match Command::parse(data) {
            Command::Ping => "PONG\n".into(),
            Command::Status => self.status_report(i).format(),
            Command::StaFirst => {
                let first = self.bsses[i].stations().next().map(|s| s.mac);
                match first {
                    Some(mac) => self.sta_report(i, mac).await,
                    None => String::new(),
                }
            }
            Command::StaNext(mac) => match self.bsses[i].station_after(mac).map(|s| s.mac) {
                Some(next) => self.sta_report(i, next).await,
                None => String::new(),
            },
            Command::Sta(mac) => match self.bsses[i].station(mac) {
                Some(_) => self.sta_report(i, mac).await,
                None => FAIL.into(),
            },
            Command::Deauthenticate { mac, reason, tx } => {
                self.ctrl_disconnect(i, now, mac, reason, false, tx).await
            }
            Command::Disassociate { mac, reason, tx } => {
                self.ctrl_disconnect(i, now, mac, reason, true, tx).await
            }
            Command::Pmksa => {
                let rows = self
                    .pmksa
                    .borrow()
                    .list(now, &self.bsses[i].bssid())
                    .unwrap_or_default();
                roamd_pmksa::format_list(&rows)
            }
            Command::PmksaFlush => {
                self.pmksa.borrow_mut().flush(&self.bsses[i].bssid());
                OK.into()
            }
            Command::FtPeers => match self.bsses[i].ft() {
                Some(ft) => roamd_ctrl::FtPeersReport::new(ft.key_holder(), now).format(now),
                None => FAIL.into(),
            },
            Command::RoamSummary => {
                let ssid = &self.bsses[i].config().ssid;
                let summary = self.profiles.borrow_mut().summary(now, ssid);
                format!("ssid={} {summary}\n", String::from_utf8_lossy(ssid))
            }
            Command::Get(name) if name == "version" => roamd_ctrl::VERSION.into(),
            Command::Get(_) => FAIL.into(),
            Command::Reload => if self.reload("RELOAD").await {
                OK
            } else {
                FAIL
            }
            .into(),
            Command::Attach => if self.ctrl.attach(i, peer) { OK } else { FAIL }.into(),
            Command::Detach => if self.ctrl.detach(i, peer) { OK } else { FAIL }.into(),
            Command::Level(level) => if self.ctrl.set_level(i, peer, level) {
                OK
            } else {
                FAIL
            }
            .into(),
            Command::Disable => ok_or_fail(self.disable_radio(i).await),
            Command::Enable => ok_or_fail(self.enable_radio(i).await),
            Command::GetConfig => self.config_report(i).format(),
            Command::Mib => self.mib_report(i).await.format() + &self.das.mib(),
            Command::UpdateBeacon => ok_or_fail(self.update_beacon(i).await),
            Command::Note(text) => {
                info!(interface = %self.ifaces[i].name, "NOTE: {text}");
                OK.into()
            }
            // The log file is opened once with O_APPEND: a rotation that
            // copies and truncates keeps working (hostapd reopens it for
            // rotations that rename). The event file is reopened.
            Command::Relog => {
                self.telemetry.reopen_events();
                OK.into()
            }
            Command::LogLevel(None) => roamd_ctrl::log_level_report(hostapd_level(
                tracing::level_filters::LevelFilter::current(),
            )),
            Command::LogLevel(Some(args)) => {
                // hostapd's levels are accepted, but the tracing filter is
                // fixed at start-up (-d, RUST_LOG): a reload handle would
                // cost binary size for a debugging aid.
                let level = args.split_whitespace().next().unwrap_or("");
                let known = roamd_ctrl::LOG_LEVELS
                    .iter()
                    .any(|l| l.eq_ignore_ascii_case(level));
                ok_or_fail(known)
            }
            Command::Interfaces => self.interfaces_report(false),
            // One await for every command that only drives the BSS core.
            command @ (Command::RekeyGtk
            | Command::SaQuery(_)
            | Command::RekeyPtk(_)
            | Command::EapolReauth(_)
            | Command::SetNeighbor { .. }
            | Command::RemoveNeighbor(..)
            | Command::ShowNeighbor
            | Command::BssTmReq(_)
            | Command::ReqBeacon { .. }) => {
                let (reply, outputs) = self.bss_command(i, now, command);
                self.execute(i, outputs).await;
                reply
            }
            Command::Set(name, value) => self.ctrl_set(i, now, &name, &value).await,
            Command::Unknown(text) => {
                let name = &self.ifaces[i].name;
                if let Some(ok) = self.data_test.command(i, name, &text) {
                    return ok_or_fail(ok);
                }
                debug!(command = %text, "unknown control interface command");
                UNKNOWN.into()
            }
            _ => FAIL.into(),
        }
    }

    /// The control commands that only drive BSS `i`'s core: the reply and
    /// the outputs to carry out.
    fn bss_command(
        &mut self,
        i: usize,
        now: Instant,
        command: roamd_ctrl::Command,
    ) -> (String, Vec<Output>) {
        use roamd_ctrl::{Command, FAIL, OK};
        use roamd_ieee80211::{action::BtmRepr, Elements};
        let enabled = self.enabled[i];
        let bss = &mut self.bsses[i];
        let done = |outputs: Option<Vec<Output>>| match outputs {
            Some(outputs) => (OK.into(), outputs),
            None => (FAIL.into(), Vec::new()),
        };
        let reply = match command {
            Command::RekeyGtk => return done(bss.rekey_gtk_now(now).filter(|_| enabled)),
            Command::SaQuery(mac) => return done(bss.send_sa_query(mac)),
            Command::RekeyPtk(mac) => return done(bss.rekey_ptk(now, mac)),
            Command::EapolReauth(mac) => return done(bss.eapol_reauth(now, mac)),
            Command::BssTmReq(a) => {
                let request = BtmRepr::Request {
                    dialog_token: a.dialog_token.unwrap_or(0),
                    mode: a.mode,
                    disassoc_timer: a.disassoc_timer,
                    validity_interval: a.validity_interval,
                    termination_duration: None,
                    session_url: None,
                    candidates: Elements::new(&a.candidates),
                };
                return done(bss.send_bss_tm_request(now, a.sta, &request));
            }
            Command::ReqBeacon { sta, mode, request } => {
                return match bss.request_beacon_report(sta, mode, &request) {
                    Some((token, outputs)) => (token.to_string(), outputs),
                    None => (FAIL.into(), Vec::new()),
                }
            }
            Command::SetNeighbor {
                bssid,
                ssid,
                nr,
                lci,
                civic,
                stationary,
            } => ok_or_fail(bss.set_neighbor(roamd_ap::bss::Neighbor {
                bssid,
                ssid,
                nr,
                lci,
                civic,
                stationary,
            })),
            Command::RemoveNeighbor(bssid, ssid) => {
                ok_or_fail(bss.remove_neighbor(bssid, ssid.as_deref()))
            }
            Command::ShowNeighbor => bss.neighbors().map_or_else(
                || FAIL.into(),
                |list| list.iter().map(ToString::to_string).collect(),
            ),
            _ => FAIL.into(),
        };
        (reply, Vec::new())
    }

    /// Where BSS `i` is in the configuration: (radio, BSS of that radio).
    fn position(&self, i: usize) -> (usize, usize) {
        bss_position(&self.config, i)
    }

    /// The BSSes on the radio of BSS `i` (hostapd's interface).
    fn radio_bsses(&self, i: usize) -> Vec<usize> {
        let wiphy = self.ifaces[i].wiphy;
        (0..self.ifaces.len())
            .filter(|&j| self.ifaces[j].wiphy == wiphy && !self.global.is_removed(j))
            .collect()
    }

    /// DISABLE (hostapd_disable_iface): every BSS of the radio of BSS `i`
    /// deauthenticates its stations and stops its AP, and `AP-DISABLED`
    /// goes to the monitors of each. False if they are disabled already.
    async fn disable_radio(&mut self, i: usize) -> bool {
        let running: Vec<usize> = self
            .radio_bsses(i)
            .into_iter()
            .filter(|&j| self.enabled[j])
            .collect();
        if running.is_empty() {
            return false;
        }
        self.stop_bsses(&running).await;
        for &j in &running {
            // stop_ap logged "AP stopped".
            self.enabled[j] = false;
            self.ctrl.event(j, "AP-DISABLED");
        }
        if let Some(n) = &self.notifier {
            n.ready(&self.status_line());
        }
        true
    }

    /// ENABLE (hostapd_enable_iface): the disabled BSSes of the radio of
    /// BSS `i` start again with their current configuration (new group
    /// keys, an empty PMKSA cache), and `AP-ENABLED` goes to the monitors
    /// of each. False if none was disabled or one did not start.
    async fn enable_radio(&mut self, i: usize) -> bool {
        let stopped: Vec<usize> = self
            .radio_bsses(i)
            .into_iter()
            .filter(|&j| !self.enabled[j])
            .collect();
        if stopped.is_empty() {
            return false;
        }
        let mut all = true;
        for j in stopped {
            let (r, b) = self.position(j);
            let radio_config = self.config.radios[r].clone();
            let iface = self.ifaces[j].clone();
            let bss_config = &radio_config.bss[b];
            match build_and_start_bss(&mut self.radio, &radio_config, bss_config, &iface).await {
                Ok(bss) => {
                    self.install_core(j, bss, radio_config.channel).await;
                    self.ctrl.event(j, "AP-ENABLED");
                }
                Err(e) => {
                    error!(interface = %iface.name, "ENABLE: {e:#}");
                    all = false;
                }
            }
        }
        if let Some(n) = &self.notifier {
            n.ready(&self.status_line());
        }
        all
    }

    /// SET (see [`roamd_config::runtime`]): the access control lists apply
    /// now, other keys when the BSS starts again (ENABLE). The running
    /// configuration keeps the change, so a RELOAD whose file differs from
    /// it restarts the BSS with the file's settings, as hostapd's does.
    async fn ctrl_set(&mut self, i: usize, now: Instant, name: &str, value: &str) -> String {
        let (r, b) = self.position(i);
        let mut bss_config = self.config.radios[r].bss[b].clone();
        let interface = self.ifaces[i].name.clone();
        match roamd_config::runtime::set(&mut bss_config, name, value) {
            Ok(effect) => {
                if effect == roamd_config::runtime::SetEffect::MacAcl {
                    let outputs = self.bsses[i].set_mac_acl(now, bss_config.mac_acl.clone());
                    self.execute(i, outputs).await;
                }
                info!(%interface, name, value, "SET");
                self.config.radios[r].bss[b] = bss_config;
                roamd_ctrl::OK.into()
            }
            Err(e) => {
                info!(%interface, "SET refused: {e}");
                roamd_ctrl::FAIL.into()
            }
        }
    }

    /// UPDATE_BEACON: the core's beacon handed to the kernel again (probe
    /// responses are built per request, so they follow by themselves).
    async fn update_beacon(&mut self, i: usize) -> bool {
        if !self.enabled[i] {
            return false;
        }
        let params = self.bsses[i].ap_params();
        let command = RadioCommand::SetBeacon {
            ifindex: self.ifaces[i].ifindex,
            beacon_head: params.beacon_head,
            beacon_tail: params.beacon_tail,
        };
        match self.radio.execute(command).await {
            Ok(_) => true,
            Err(e) => {
                warn!(interface = %self.ifaces[i].name, "UPDATE_BEACON: {e}");
                false
            }
        }
    }

    /// MIB: the RSNA variables of BSS `i` and the counters of its RADIUS
    /// servers (authentication, then accounting; the requests in flight
    /// are counted on the first authentication server).
    async fn mib_report(&self, i: usize) -> roamd_ctrl::MibReport {
        let bss = &self.bsses[i];
        let rsn = bss.wpa().map(|wpa| roamd_ctrl::RsnMib {
            group_cipher: wpa.policy().group_cipher(),
            pmk_lifetime_secs: bss
                .config()
                .cache()
                .map_or(43_200, |c| c.lifetime.as_secs()),
            selected: bss
                .stations()
                .filter_map(|s| s.negotiated.as_ref())
                .map(|n| (n.akm, n.pairwise))
                .last(),
            rekey_in_progress: wpa.rekey_pending() > 0,
        });
        let mut radius = Vec::new();
        if let (Some(client), Some(eap)) = (&self.radius[i], bss.wpa().and_then(|w| w.eap())) {
            let pending = self
                .radius_in_flight
                .keys()
                .filter(|(b, _)| *b == i)
                .count() as u64;
            let kinds = [
                (ServerKind::Auth, &eap.auth_servers),
                (ServerKind::Acct, &eap.acct_servers),
            ];
            for (kind, servers) in kinds {
                for (index, server) in servers.iter().enumerate() {
                    let id = ServerId { kind, index };
                    let st = client.stats(id).await.ok().flatten().unwrap_or_default();
                    let accounting = kind == ServerKind::Acct;
                    radius.push(roamd_ctrl::RadiusServerMib {
                        accounting,
                        index: index + 1,
                        address: server.addr.ip().to_string(),
                        port: server.addr.port(),
                        round_trip_cs: st
                            .round_trip_time
                            .map_or(0, |d| (d.as_millis() / 10) as u64),
                        requests: st.requests,
                        retransmissions: st.retransmissions,
                        access_accepts: st.access_accepts,
                        access_rejects: st.access_rejects,
                        access_challenges: st.access_challenges,
                        responses: st.responses,
                        malformed_responses: st.malformed_responses,
                        bad_authenticators: st.bad_authenticators,
                        pending: if !accounting && index == 0 {
                            pending
                        } else {
                            0
                        },
                        timeouts: st.timeouts,
                        unknown_types: st.unknown_types,
                        packets_dropped: st.packets_dropped,
                    });
                }
            }
        }
        roamd_ctrl::MibReport { rsn, radius }
    }

    /// GET_CONFIG: the security settings of BSS `i`.
    fn config_report(&self, i: usize) -> roamd_ctrl::ConfigReport {
        let bss = &self.bsses[i];
        roamd_ctrl::ConfigReport {
            bssid: bss.bssid(),
            ssid: bss.config().ssid.clone(),
            rsn: bss.wpa().map(|wpa| {
                let rsn = wpa.policy().kernel_settings();
                roamd_ctrl::RsnConfigReport {
                    key_mgmt: rsn.akm_suites,
                    group_cipher: rsn.group_cipher,
                    pairwise: rsn.pairwise_ciphers,
                }
            }),
        }
    }

    /// DEAUTHENTICATE / DISASSOCIATE: OK, or FAIL for an unknown station.
    async fn ctrl_disconnect(
        &mut self,
        i: usize,
        now: Instant,
        mac: MacAddr,
        reason: u16,
        disassociate: bool,
        tx: bool,
    ) -> String {
        match self.bsses[i].ctrl_disconnect(now, mac, reason.into(), disassociate, tx) {
            Some(outputs) => {
                self.execute(i, outputs).await;
                roamd_ctrl::OK.into()
            }
            None => roamd_ctrl::FAIL.into(),
        }
    }

    /// The kernel's counters of a station of BSS `i`, if it has them.
    async fn station_info(&mut self, i: usize, mac: MacAddr) -> Option<StationInfo> {
        let ifindex = self.ifaces[i].ifindex;
        match self
            .radio
            .execute(RadioCommand::GetStation { ifindex, mac })
            .await
        {
            Ok(RadioReply::Station(info)) => Some(info),
            _ => None,
        }
    }

    /// STATUS: the radio of BSS `i` and every BSS on it.
    fn status_report(&self, i: usize) -> roamd_ctrl::StatusReport {
        let this = &self.bsses[i];
        let wiphy = self.ifaces[i].wiphy;
        let (beacon_int, dtim_period) = this.beacon_timing();
        let bss = self
            .radio_bsses(i)
            .into_iter()
            .map(|j| (&self.bsses[j], &self.ifaces[j]))
            .map(|(b, iface)| roamd_ctrl::StatusBss {
                ifname: iface.name.clone(),
                bssid: b.bssid(),
                ssid: b.config().ssid.clone(),
                num_sta: b.stations().filter(|s| s.aid.is_some()).count(),
            })
            .collect();
        roamd_ctrl::StatusReport {
            enabled: self.enabled[i],
            phy: format!("phy{wiphy}"),
            freq: this.freq_mhz(),
            channel: self.channels[i],
            beacon_int,
            dtim_period,
            ht_caps_info: self.config.radios[self.position(i).0].ht.map(|h| h.info),
            bss,
        }
    }

    /// STA: hostapd's station MIB plus roamd's roam journal.
    async fn sta_report(&mut self, i: usize, mac: MacAddr) -> String {
        let Some(station) = self.bsses[i].station(mac) else {
            return String::new();
        };
        let in_kernel = station.aid.is_some();
        let mut report = roamd_ctrl::StaReport {
            mac,
            flags: roamd_ctrl::StaFlags {
                auth: true,
                assoc: in_kernel,
                authorized: station.state == crate::bss::StationState::Authorized,
                mfp: station.negotiated.as_ref().is_some_and(|n| n.mfp),
                wmm: station.wmm,
                ht: station.ht,
            },
            aid: station.aid.unwrap_or(0),
            capability: station.capability,
            listen_interval: station.listen_interval,
            akm: station.negotiated.as_ref().map(|n| n.akm.into()),
            pairwise: station.negotiated.as_ref().map(|n| n.pairwise.into()),
            identity: station.identity.clone(),
            wpa_states: station
                .machine
                .as_deref()
                .map(|m| hostapd_ptk_states(m.state(), m.group_state())),
            ..roamd_ctrl::StaReport::default()
        };
        if let Some(record) = &station.journal {
            report.extra = vec![
                ("roam_reassoc".into(), u8::from(record.reassoc).to_string()),
                (
                    "roam_pmkids".into(),
                    format!("{:?}", record.offered).to_lowercase(),
                ),
                ("roam_outcome".into(), record.outcome.as_str().into()),
                (
                    "roam_radius_round_trips".into(),
                    record.radius_round_trips.to_string(),
                ),
                (
                    "roam_authorize_ms".into(),
                    record
                        .authorize_time
                        .map_or("-".into(), |d| d.as_millis().to_string()),
                ),
                ("roam_ft".into(), u8::from(record.ft).to_string()),
                ("roam_pmf".into(), u8::from(record.pmf).to_string()),
                (
                    "roam_class".into(),
                    record.class.map_or("-", |c| c.as_str()).into(),
                ),
                (
                    "roam_steered".into(),
                    record.steered.as_deref().unwrap_or("-").into(),
                ),
            ];
        }
        if let Some(p) = self.profiles.borrow().get(mac) {
            let flag = |b: bool| u8::from(b).to_string();
            report.extra.extend([
                ("profile_associations".into(), p.associations.to_string()),
                ("profile_pmkid_offers".into(), p.pmkid_offers.to_string()),
                ("profile_sticky_only".into(), flag(p.sticky_only())),
                (
                    "profile_pmkid_unvisited".into(),
                    p.pmkid_unvisited.to_string(),
                ),
                ("profile_okc".into(), flag(p.okc)),
                ("profile_ft".into(), flag(p.ft)),
                ("profile_stale_pmkid".into(), p.stale_pmkid.to_string()),
                ("profile_fast".into(), p.fast.to_string()),
                ("profile_slow".into(), p.slow.to_string()),
                ("profile_full".into(), p.full.to_string()),
                (
                    "profile_failed_to_fast_roam".into(),
                    p.failed_to_fast_roam.to_string(),
                ),
                ("profile_btm_accepted".into(), p.btm_accepted.to_string()),
                ("profile_btm_rejected".into(), p.btm_rejected.to_string()),
            ]);
        }
        if let Some(key) = &station.sae {
            // hostapd's STA field.
            report
                .extra
                .push(("sae_group".into(), key.group.to_string()));
        }
        if in_kernel {
            if let Some(info) = self.station_info(i, mac).await {
                report.rx_packets = info.rx_packets;
                report.tx_packets = info.tx_packets;
                report.rx_bytes = info.rx_bytes;
                report.tx_bytes = info.tx_bytes;
                report.inactive_msec = info.inactive_ms;
                report.connected_time = info.connected_secs;
                report.signal = info.signal_dbm;
            }
        }
        report.format()
    }

    async fn handle_radius_event(&mut self, index: usize, event: Event<RadiusToken>) {
        let now = Instant::now();
        let outputs = match event {
            Event::Response {
                token: (sta, id),
                reply,
                round_trip,
                ..
            } => {
                debug!(sta = %sta, rtt_ms = round_trip.as_millis() as u64, "RADIUS reply");
                if id == ACCOUNTING {
                    debug!(sta = %sta, "Accounting-Response");
                    return;
                }
                self.radius_in_flight.remove(&(index, (sta, id)));
                self.bsses[index].handle_radius(now, sta, id, reply)
            }
            Event::Timeout {
                token: (sta, id), ..
            }
            | Event::Evicted {
                token: (sta, id), ..
            } => {
                if id == ACCOUNTING {
                    warn!(sta = %sta, "no accounting server answered");
                    return;
                }
                self.radius_in_flight.remove(&(index, (sta, id)));
                self.bsses[index].handle_radius_timeout(now, sta, id)
            }
            Event::ServerFailover { kind, from, to, .. } => {
                self.telemetry.radius_failover(index, kind, from);
                warn!(?kind, %from, %to, bssid = %self.bsses[index].bssid(), "RADIUS server failover");
                Vec::new()
            }
        };
        self.execute(index, outputs).await;
    }

    fn bss_index(&self, ifindex: u32) -> Option<usize> {
        self.ifaces.iter().position(|i| i.ifindex == ifindex)
    }

    /// Carries out a BSS's outputs. Radio intents are handed to the kernel
    /// back to back (in order, without a round trip each) and their replies
    /// collected once the queue is empty; what a failure causes (an
    /// unacknowledged association response) goes through the queue again.
    /// Returns when the first batch of commands went to the kernel (the
    /// socket task sends them as soon as this task waits for a reply).
    async fn execute(&mut self, bss: usize, outputs: Vec<Output>) -> Instant {
        let mut queue: std::collections::VecDeque<Output> = outputs.into();
        let ifindex = self.ifaces[bss].ifindex;
        let mut in_flight: Vec<(PendingReply, Option<TxPurpose>)> = Vec::new();
        let mut handed = None;
        loop {
            while let Some(output) = queue.pop_front() {
                self.carry_out(bss, ifindex, output, &mut queue, &mut in_flight)
                    .await;
            }
            let handed = *handed.get_or_insert_with(Instant::now);
            if in_flight.is_empty() {
                for (from, sta) in std::mem::take(&mut self.associated) {
                    self.prune_elsewhere(from, sta).await;
                }
                for (from, frame) in std::mem::take(&mut self.key_holder_frames) {
                    self.deliver_key_holder_frame(from, frame).await;
                }
                return handed;
            }
            for (pending, purpose) in std::mem::take(&mut in_flight) {
                match (pending.reply().await, purpose) {
                    (Ok(RadioReply::Cookie(cookie)), Some(purpose)) => {
                        self.pending_tx.insert(cookie, (bss, purpose));
                    }
                    (Ok(_), _) => {}
                    (Err(e), purpose) => {
                        warn!(bssid = %self.bsses[bss].bssid(), "radio command failed: {e}");
                        if let Some(purpose) = purpose {
                            let now = Instant::now();
                            queue.extend(self.bsses[bss].handle_tx_status(now, purpose, false));
                        }
                    }
                }
            }
        }
    }

    /// A station connected through BSS `from`: its entries in the other
    /// BSSes of this process end.
    async fn prune_elsewhere(&mut self, from: usize, sta: MacAddr) {
        for j in 0..self.bsses.len() {
            if j == from || self.bsses[j].station(sta).is_none() {
                continue;
            }
            let outputs = self.bsses[j].handle_associated_elsewhere(Instant::now(), sta);
            Box::pin(self.execute(j, outputs)).await;
        }
    }

    /// A key holder's frame: to the BSS of this process it is addressed
    /// to (hostapd `hostapd_wpa_auth_send_ether` delivers internally too),
    /// to every other BSS when it is for a group address, and on the
    /// key holders' link unless a BSS here took it.
    async fn deliver_key_holder_frame(&mut self, from: usize, frame: roamd_ft::Transmit) {
        let src = self.bsses[from].bssid();
        let (dst, ethertype) = (frame.dst, frame.ethertype);
        let others = (0..self.bsses.len()).filter(|&j| j != from).collect();
        let taken = self
            .hand_to_key_holders(others, src, dst, ethertype, &frame.payload)
            .await;
        if dst.is_multicast() || !taken {
            self.links.send(from, src, &frame);
        }
    }

    /// A frame from another AP on a key holders' link: to the BSS on that
    /// link it is addressed to, or to all of them for a group address.
    pub async fn handle_link_frame(&mut self, frame: LinkFrame) {
        if self.bsses.iter().any(|b| b.bssid() == frame.src) {
            // Our own, looped back by the link.
            return;
        }
        let on_link = (0..self.bsses.len())
            .filter(|&j| self.links.link_of(j) == Some(frame.link))
            .collect();
        let LinkFrame {
            src,
            dst,
            ethertype,
            payload,
            ..
        } = frame;
        self.hand_to_key_holders(on_link, src, dst, ethertype, &payload)
            .await;
    }

    /// Hands a key-holder frame to those of the BSSes `candidates` it is
    /// addressed to (all of them for a group address); true when one took
    /// it.
    async fn hand_to_key_holders(
        &mut self,
        candidates: Vec<usize>,
        src: MacAddr,
        dst: MacAddr,
        ethertype: u16,
        payload: &[u8],
    ) -> bool {
        let mut taken = false;
        for j in candidates {
            if !(dst.is_multicast() || self.bsses[j].bssid() == dst) {
                continue;
            }
            taken = true;
            let outputs =
                self.bsses[j].handle_key_holder_frame(Instant::now(), src, dst, ethertype, payload);
            Box::pin(self.execute(j, outputs)).await;
        }
        taken
    }

    /// Carries out one output: a radio intent is handed to the kernel
    /// (its reply joins `in_flight`), the rest is done here.
    async fn carry_out(
        &mut self,
        bss: usize,
        ifindex: u32,
        output: Output,
        queue: &mut std::collections::VecDeque<Output>,
        in_flight: &mut Vec<(PendingReply, Option<TxPurpose>)>,
    ) {
        self.telemetry
            .observe(bss, &self.bsses, &self.ifaces, &output);
        // Once a station's port opens here, its entries elsewhere end.
        if let Output::Authorize {
            sta,
            authorized: true,
        } = &output
        {
            if self.bsses.len() > 1 {
                self.associated.push((bss, *sta));
            }
        }
        {
            match output {
                Output::SendTracked { frame, purpose } => {
                    let command = RadioCommand::SendMgmt {
                        ifindex,
                        frame,
                        no_ack: false,
                    };
                    match self.radio.submit(command) {
                        Ok(pending) => in_flight.push((pending, Some(purpose))),
                        Err(e) => {
                            warn!(bssid = %self.bsses[bss].bssid(), "frame transmission failed: {e}");
                            let now = Instant::now();
                            queue.extend(self.bsses[bss].handle_tx_status(now, purpose, false));
                        }
                    }
                }
                Output::Radius { sta, id, request } => {
                    let sent = match &self.radius[bss] {
                        Some(client) => client
                            .send(request.to_repr(), (sta, id))
                            .await
                            .map_err(|e| e.to_string()),
                        None => Err("no RADIUS client".to_string()),
                    };
                    if let Ok(handle) = &sent {
                        self.radius_in_flight.insert((bss, (sta, id)), *handle);
                    }
                    if let Err(e) = sent {
                        warn!(sta = %sta, "cannot send the Access-Request: {e}");
                        queue.extend(self.bsses[bss].handle_radius_timeout(
                            Instant::now(),
                            sta,
                            id,
                        ));
                    }
                }
                Output::Accounting {
                    sta,
                    mut request,
                    kernel_counters,
                } => {
                    if kernel_counters {
                        if let Some(info) = self.station_info(bss, sta).await {
                            if let Some(c) = request.counters.as_mut() {
                                c.input_octets = info.rx_bytes.unwrap_or(0);
                                c.output_octets = info.tx_bytes.unwrap_or(0);
                                c.input_packets = info.rx_packets.unwrap_or(0);
                                c.output_packets = info.tx_packets.unwrap_or(0);
                            }
                        }
                    }
                    if let Some(client) = &self.radius[bss] {
                        // Accounting responses carry nothing for the station: token id u64::MAX.
                        if let Err(e) = client.send(request.to_repr(), (sta, ACCOUNTING)).await {
                            warn!(sta = %sta, "cannot send the Accounting-Request: {e}");
                        }
                    }
                }
                Output::CancelRadius { sta, id } => {
                    if let (Some(handle), Some(client)) = (
                        self.radius_in_flight.remove(&(bss, (sta, id))),
                        &self.radius[bss],
                    ) {
                        client.cancel(handle);
                    }
                }
                Output::CtrlEvent(text) => self.ctrl.event(bss, &text),
                Output::KeyHolderFrame(frame) => self.key_holder_frames.push((bss, frame)),
                #[cfg(feature = "shared-cache")]
                Output::FetchPmksa { sta } => {
                    let bssid = self.bsses[bss].bssid();
                    if let Some(answer) = self.stores.fetch(bssid, sta, &self.pmksa) {
                        queue.extend(self.bsses[bss].handle_store_answer(
                            Instant::now(),
                            sta,
                            answer,
                        ));
                    }
                }
                Output::QueryStation(mac) => {
                    let inactive = self.station_info(bss, mac).await.map(|info| {
                        std::time::Duration::from_millis(u64::from(info.inactive_ms.unwrap_or(0)))
                    });
                    queue.extend(self.bsses[bss].handle_station_info(
                        Instant::now(),
                        mac,
                        inactive,
                    ));
                }
                other => {
                    if let Some(command) = radio_command(ifindex, other) {
                        match self.radio.submit(command) {
                            Ok(pending) => in_flight.push((pending, None)),
                            Err(e) => {
                                warn!(bssid = %self.bsses[bss].bssid(), "radio command failed: {e}")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Logs the RADIUS counters of every server (hostapd's RADIUS MIB).
    async fn log_radius_stats(&self) {
        for (index, client) in self.radius.iter().enumerate() {
            let (Some(client), Some(eap)) = (client, self.bsses[index].wpa().and_then(|w| w.eap()))
            else {
                continue;
            };
            let kinds = [
                (ServerKind::Auth, &eap.auth_servers),
                (ServerKind::Acct, &eap.acct_servers),
            ];
            for (kind, servers) in kinds {
                for (i, server) in servers.iter().enumerate() {
                    if let Ok(Some(st)) = client.stats(ServerId { kind, index: i }).await {
                        info!(
                            bssid = %self.bsses[index].bssid(),
                            ?kind,
                            server = %server.addr,
                            requests = st.requests,
                            retransmissions = st.retransmissions,
                            accepts = st.access_accepts,
                            rejects = st.access_rejects,
                            challenges = st.access_challenges,
                            responses = st.responses,
                            bad_authenticators = st.bad_authenticators,
                            malformed = st.malformed_responses,
                            timeouts = st.timeouts,
                            dropped = st.packets_dropped,
                            "RADIUS server counters"
                        );
                    }
                }
            }
        }
    }

    /// One line per SSID: its roams by class and its clients' profiles.
    fn log_roam_summaries(&self) {
        let now = Instant::now();
        let mut profiles = self.profiles.borrow_mut();
        let mut seen: Vec<&[u8]> = Vec::new();
        for bss in &self.bsses {
            let ssid = bss.config().ssid.as_slice();
            if seen.contains(&ssid) {
                continue;
            }
            seen.push(ssid);
            let summary = profiles.summary(now, ssid);
            info!(ssid = %String::from_utf8_lossy(ssid), "roam summary: {summary}");
        }
        info!(
            profiles = profiles.len(),
            evictions = profiles.evictions,
            expirations = profiles.expirations,
            "roaming profile counters"
        );
    }

    /// Deauthenticates every station and stops every AP.
    pub async fn shutdown(&mut self) {
        if let Some(n) = &self.notifier {
            n.stopping();
        }
        self.log_radius_stats().await;
        self.stores.log_counters();
        for s in self.frame_path.summaries() {
            info!(
                step = %s.step,
                count = s.count,
                median_us = s.median.as_micros() as u64,
                max_us = s.max.as_micros() as u64,
                "frame path: received frame to last command handed to the kernel"
            );
        }
        for bss in &self.bsses {
            let c = bss.counters();
            info!(
                bssid = %bss.bssid(),
                rx_frames = c.rx_frames,
                rx_malformed = c.rx_malformed,
                rx_group_source = c.rx_group_source,
                authentications = c.authentications,
                auth_rejected = c.auth_rejected,
                auth_refused_full = c.auth_refused_full,
                auth_refused_acl = c.auth_refused_acl,
                auth_evictions = c.auth_evictions,
                associations = c.associations,
                assoc_rejected = c.assoc_rejected,
                radius_cancelled = c.radius_cancelled,
                roamed_away = c.roamed_away,
                "BSS counters"
            );
            #[cfg(feature = "shared-cache")]
            if c.store_waits + c.store_waits_refused + c.store_unavailable > 0 {
                info!(
                    bssid = %bss.bssid(),
                    store_waits = c.store_waits,
                    store_wait_timeouts = c.store_wait_timeouts,
                    store_waits_refused = c.store_waits_refused,
                    store_unavailable = c.store_unavailable,
                    "shared cache miss counters"
                );
            }
            if let Some(ft) = bss.ft() {
                let k = ft.key_holder().stats();
                info!(
                    bssid = %bss.bssid(),
                    ft_ds_relayed = c.ft_ds_relayed,
                    ft_ds_dropped = c.ft_ds_dropped,
                    ft_pull_waits = c.ft_pull_waits,
                    ft_deadline_expired = c.ft_deadline_expired,
                    kh_rx = k.rx_frames,
                    kh_tx = k.tx_frames,
                    kh_malformed = k.malformed,
                    kh_unauthenticated = k.unauthenticated,
                    kh_replayed = k.replayed,
                    kh_deferred = k.deferred,
                    kh_pulls_sent = k.pulls_sent,
                    kh_pulls_answered = k.pulls_answered,
                    kh_pull_timeouts = k.pull_timeouts,
                    kh_pushes_sent = k.pushes_sent,
                    kh_pushes_received = k.pushes_received,
                    "FT counters"
                );
            }
            if let Some(s) = bss.sae_counters() {
                info!(
                    bssid = %bss.bssid(),
                    commits = s.commits,
                    commits_processed = s.commits_processed,
                    confirms = s.confirms,
                    accepted = s.accepted,
                    token_requests = s.token_requests,
                    bad_token = s.bad_token,
                    instances_full = s.instances_full,
                    over_budget = s.over_budget,
                    reflection = s.reflection,
                    bad_commit = s.bad_commit,
                    confirm_mismatch = s.confirm_mismatch,
                    unsupported_group = s.unsupported_group,
                    unknown_password_id = s.unknown_password_id,
                    sync_limit = s.sync_limit,
                    expired = s.expired,
                    "sae counters"
                );
            }
            if let Some(c) = bss.pmksa_counters() {
                info!(
                    bssid = %bss.bssid(),
                    added = c.added,
                    hits = c.hits,
                    misses = c.misses,
                    okc_derivations = c.okc_derivations,
                    evictions = c.evictions,
                    expirations = c.expirations,
                    "PMKSA cache counters"
                );
            }
        }
        self.log_roam_summaries();
        if !self.links.is_empty() {
            use std::sync::atomic::Ordering::Relaxed;
            let c = self.links.counters();
            info!(
                queue_full = c.queue_full.load(Relaxed),
                send_failed = c.send_failed.load(Relaxed),
                "key holders' link counters"
            );
        }
        let mut any = false;
        for i in 0..self.bsses.len() {
            let outputs = self.bsses[i].shutdown(Instant::now());
            any |= !outputs.is_empty();
            self.execute(i, outputs).await;
        }
        if any {
            // Removing a station flushes its queued frames: let the
            // deauthentications reach the air first.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        for i in 0..self.bsses.len() {
            if !self.global.is_removed(i) {
                self.stop_ap(i).await;
            }
        }
        for ifindex in std::mem::take(&mut self.created) {
            let _ = self
                .radio
                .execute(RadioCommand::DelInterface { ifindex })
                .await;
        }
        self.ctrl.close();
        self.telemetry.close();
    }
}

/// The nl80211 command for a radio intent of the core (`None` for the
/// intents the daemon carries out elsewhere: RADIUS, control events, queries).
fn radio_command(ifindex: u32, output: Output) -> Option<RadioCommand> {
    Some(match output {
        Output::SendFrame { frame, no_ack } => RadioCommand::SendMgmt {
            ifindex,
            frame,
            no_ack,
        },
        Output::SendTracked { frame, .. } => RadioCommand::SendMgmt {
            ifindex,
            frame,
            no_ack: false,
        },
        Output::SendEapol {
            sta,
            frame,
            encrypt,
        } => RadioCommand::SendControlPort {
            ifindex,
            dest: sta,
            frame,
            no_encrypt: !encrypt,
        },
        Output::AddStation(s) => RadioCommand::NewStation {
            ifindex,
            params: StationParams {
                mac: s.sta,
                aid: s.aid,
                listen_interval: s.listen_interval,
                capability: s.capability,
                supported_rates: s.supported_rates,
                ht_capability: s.ht_capabilities,
                ext_capability: None,
                wmm: s.wmm,
                mfp: s.mfp,
            },
        },
        Output::RemoveStation(sta) => RadioCommand::DelStation {
            ifindex,
            mac: Some(sta),
        },
        Output::Authorize { sta, authorized } => RadioCommand::SetStationAuthorized {
            ifindex,
            mac: sta,
            authorized,
        },
        Output::InstallKey(k) => RadioCommand::NewKey {
            ifindex,
            key: KeyParams {
                mac: k.sta,
                key_idx: k.key_idx,
                cipher: k.cipher,
                key: k.key.to_vec().into(),
                seq: None,
            },
        },
        Output::SetDefaultKey { key_idx, mgmt } => RadioCommand::SetDefaultKey {
            ifindex,
            key_idx,
            mgmt,
        },
        Output::QueryStation(_)
        | Output::CtrlEvent(_)
        | Output::Accounting { .. }
        | Output::Radius { .. }
        | Output::CancelRadius { .. }
        | Output::KeyHolderFrame(_) => return None,
        #[cfg(feature = "shared-cache")]
        Output::FetchPmksa { .. } => return None,
    })
}

/// NL80211_CMD_START_AP's settings for the core's AP parameters.
/// hostapd's reply to a command without data.
fn ok_or_fail(ok: bool) -> String {
    if ok { roamd_ctrl::OK } else { roamd_ctrl::FAIL }.into()
}

/// hostapd's numbers (wpa_auth_i.h) for the states of a station's PTK and
/// PTK group state machines, as `STA` prints them.
fn hostapd_ptk_states(
    ptk: roamd_wpa_auth::PtkState,
    group: roamd_wpa_auth::GroupKeyState,
) -> (u8, u8) {
    use roamd_wpa_auth::{GroupKeyState, PtkState};
    let ptk = match ptk {
        PtkState::Initialize => 0,
        PtkState::Disconnected => 2,
        PtkState::PtkStart => 7,
        PtkState::PtkCalcNegotiating => 8,
        PtkState::PtkInitNegotiating => 10,
        PtkState::PtkInitDone => 11,
    };
    let group = match group {
        GroupKeyState::Idle => 0,
        GroupKeyState::RekeyNegotiating => 1,
    };
    (ptk, group)
}

/// hostapd's name (wpa_debug.h) for tracing's most verbose level enabled.
fn hostapd_level(filter: tracing::level_filters::LevelFilter) -> &'static str {
    use tracing::level_filters::LevelFilter;
    match filter {
        LevelFilter::TRACE => "EXCESSIVE",
        LevelFilter::DEBUG => "DEBUG",
        LevelFilter::INFO => "INFO",
        LevelFilter::WARN => "WARNING",
        _ => "ERROR",
    }
}

fn ap_settings(p: ApParams) -> ApSettings {
    ApSettings {
        beacon_head: p.beacon_head,
        beacon_tail: p.beacon_tail,
        beacon_interval: p.beacon_interval,
        dtim_period: p.dtim_period,
        ssid: p.ssid,
        hidden: if p.hidden {
            HiddenSsid::ZeroLength
        } else {
            HiddenSsid::NotHidden
        },
        freq_mhz: p.freq_mhz,
        ht: p.ht,
        privacy: p.privacy,
        rsn: p.rsn.map(|r| RsnSettings {
            akm_suites: r.akm_suites,
            pairwise_ciphers: r.pairwise_ciphers,
            group_cipher: r.group_cipher,
        }),
        ap_isolate: p.ap_isolate,
    }
}

#[cfg(test)]
mod country_tests {
    use super::country_triplets;
    use crate::config::HwMode;
    use roamd_nl80211_ap::ChannelInfo;

    fn channel(freq_mhz: u32, disabled: bool, max_tx_power_mbm: u32) -> ChannelInfo {
        ChannelInfo {
            freq_mhz,
            disabled,
            max_tx_power_mbm,
        }
    }

    #[test]
    fn triplets_skip_disabled_channels_and_take_whole_dbm() {
        let triplets = |channels: &[ChannelInfo], mode| -> Vec<(u8, u8, i8)> {
            country_triplets(channels, mode)
                .iter()
                .map(|t| (t.first_channel, t.channels, t.max_power_dbm))
                .collect()
        };
        // 5 GHz: 44 disabled splits the run; 52 has another limit.
        let five = [
            channel(5180, false, 2300),
            channel(5200, false, 2300),
            channel(5220, true, 2300),
            channel(5240, false, 2300),
            channel(5260, false, 2000),
        ];
        assert_eq!(
            triplets(&five, HwMode::A),
            vec![(36, 2, 23), (48, 1, 23), (52, 1, 20)]
        );
        // 2.4 GHz: 20.5 dBm is 20, as hostapd's max_tx_power; 14 disabled.
        let two = [
            channel(2412, false, 2050),
            channel(2417, false, 2000),
            channel(2484, true, 2000),
        ];
        assert_eq!(triplets(&two, HwMode::G), vec![(1, 2, 20)]);
        assert!(triplets(&[], HwMode::G).is_empty());
    }
}
