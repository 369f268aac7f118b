//! The real radio: nl80211 over generic netlink, on tokio.
//!
//! One generic netlink socket carries our requests, the management frames we
//! registered for (unicast to the registering socket), the EAPOL frames of the
//! control port (unicast to the socket that started the AP) and, through the
//! "mlme" multicast group, TX status reports. hostapd's driver_nl80211.c does
//! the same with separate sockets.

use futures::StreamExt;
use genetlink::GenetlinkHandle;
use netlink_packet_core::NlasIterator;
use netlink_packet_core::{NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};
use netlink_packet_generic::GenlMessage;
use netlink_sys::AsyncSocket;
use roamd_ieee80211::MacAddr;
use tracing::{debug, warn};

use crate::attr::{Attr, Flag, Nested, StaFlagUpdate, U32Array};
use crate::consts::*;
use crate::events::{event_queue, RadioEvents};
use crate::message::Nl80211Message;
use crate::radio::*;
use roamd_ieee80211::element::{CipherSuite, HtCapabilities};

/// Management frame subtypes (frame control values) an AP must see, as
/// hostapd registers them: auth, assoc, reassoc, disassoc, deauth, probe
/// request. Action frames are registered per category below.
const AP_FRAME_TYPES: [u16; 6] = [0x00b0, 0x0000, 0x0020, 0x00a0, 0x00c0, 0x0040];
/// Action categories (first body byte, or category + action): public
/// (0x04), radio measurement (0x05), FT (0x06), SA Query (0x08), protected
/// dual of public (0x09), WNM (0x0a), vendor (0x7f).
const AP_ACTION_MATCHES: [&[u8]; 7] = [
    &[0x04],
    &[0x05],
    &[0x06],
    &[0x08],
    &[0x09],
    &[0x0a],
    &[0x7f],
];
const ACTION_FRAME_TYPE: u16 = 0x00d0;
/// NL80211_WPA_VERSION_2.
const NL80211_WPA_VERSION_2: u32 = 1 << 1;
/// NL80211_KEY_DEFAULT_TYPE_MULTICAST.
const KEY_DEFAULT_TYPE_MULTICAST: u16 = 2;

/// The nl80211 driver.
pub struct Nl80211 {
    genl: GenetlinkHandle,
    family_id: u16,
}

impl Nl80211 {
    /// Opens the netlink sockets. Must run inside a tokio runtime; spawns the
    /// socket tasks. Returns the driver and its event stream.
    pub async fn connect() -> Result<(Self, RadioEvents), RadioError> {
        // A first connection only to resolve the family and its multicast
        // groups, which must be joined before the main socket starts.
        let (conn, probe, _) = genetlink::new_connection().map_err(netlink_err)?;
        let probe_task = tokio::spawn(conn);
        let family = probe
            .resolve_family::<Nl80211Message>()
            .await
            .map_err(|e| RadioError::Netlink(format!("nl80211 family not found: {e}")))?;
        probe_task.abort();

        let (mut conn, genl, mut unsolicited) = genetlink::new_connection().map_err(netlink_err)?;
        let socket = conn.socket_mut().socket_mut();
        // A burst of probe requests must not overflow the receive buffer.
        let _ = socket.set_rx_buf_sz(4 * 1024 * 1024);
        if let Some(group) = family.multicast_groups.get("mlme") {
            socket.add_membership(*group).map_err(netlink_err)?;
        }
        tokio::spawn(conn);

        let (tx, rx) = event_queue();
        tokio::spawn(async move {
            while let Some((message, _)) = unsolicited.next().await {
                let NetlinkPayload::InnerMessage(raw) = message.payload else {
                    continue;
                };
                match raw.parse_into_genlmsg::<Nl80211Message>() {
                    Ok(genl) => {
                        // Never waits: a full queue drops (and counts) the
                        // event, so reading the socket goes on.
                        if let Some(event) = event_from(genl.payload) {
                            if tx.offer(event).is_err() {
                                break;
                            }
                        }
                    }
                    Err(e) => warn!("dropping malformed nl80211 event: {e}"),
                }
            }
        });
        Ok((
            Nl80211 {
                genl,
                family_id: family.id,
            },
            rx,
        ))
    }

    async fn request(
        &mut self,
        name: &'static str,
        cmd: u8,
        attrs: Vec<Attr>,
        dump: bool,
    ) -> Result<Vec<Nl80211Message>, RadioError> {
        let replies = self.start(cmd, attrs, dump)?;
        collect_replies(name, replies).await
    }

    /// Hands a request to the socket task at once (requests go out in the
    /// order they are started) and returns the stream of its replies.
    fn start(&mut self, cmd: u8, attrs: Vec<Attr>, dump: bool) -> Result<Replies, RadioError> {
        let mut genl = GenlMessage::from_payload(Nl80211Message::new(cmd, attrs));
        genl.set_resolved_family_id(self.family_id);
        genl.finalize();
        let mut nl = NetlinkMessage::from(genl);
        nl.header.flags = NLM_F_REQUEST | NLM_F_ACK | if dump { NLM_F_DUMP } else { 0 };
        nl.finalize();
        let replies = self.genl.send_request(nl).map_err(netlink_err)?;
        Ok(Box::pin(replies))
    }
}

/// The replies of a request already handed to the socket task.
type Replies = std::pin::Pin<
    Box<
        dyn futures::Stream<
            Item = Result<
                NetlinkMessage<GenlMessage<Nl80211Message>>,
                netlink_packet_core::DecodeError,
            >,
        >,
    >,
>;

/// How long a request may wait for its replies. Requests, frames and
/// events share one socket: when a flood of received frames overruns its
/// buffer the kernel drops whatever does not fit, an ACK included, and a
/// request waiting for it would stall the event loop for good. Generous:
/// installing a key waits for RCU grace periods, which take seconds on an
/// emulated CPU (2 s failed NEW_KEY at start-up in the hwsim VM).
const REPLY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits for the replies of a request; a kernel error becomes
/// [`RadioError::Kernel`], a reply lost to a socket overrun
/// [`RadioError::NoReply`].
async fn collect_replies(
    name: &'static str,
    replies: Replies,
) -> Result<Vec<Nl80211Message>, RadioError> {
    tokio::time::timeout(REPLY_TIMEOUT, read_replies(name, replies))
        .await
        .unwrap_or(Err(RadioError::NoReply { command: name }))
}

async fn read_replies(
    name: &'static str,
    mut replies: Replies,
) -> Result<Vec<Nl80211Message>, RadioError> {
    {
        let mut out = Vec::new();
        while let Some(reply) = replies.next().await {
            match reply.map_err(netlink_err)?.payload {
                NetlinkPayload::InnerMessage(m) => out.push(m.payload),
                NetlinkPayload::Error(e) => {
                    if let Some(code) = e.code {
                        let errno = code.get().abs();
                        return Err(RadioError::Kernel {
                            command: name,
                            errno,
                            message: std::io::Error::from_raw_os_error(errno).to_string(),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }
}

impl Nl80211 {
    async fn interface(&mut self, name: &str) -> Result<InterfaceInfo, RadioError> {
        let replies = self
            .request("GET_INTERFACE", CMD_GET_INTERFACE, vec![], true)
            .await?;
        replies
            .iter()
            .filter_map(interface_info)
            .find(|i| i.name == name)
            .ok_or_else(|| RadioError::NoSuchInterface(name.to_string()))
    }

    async fn set_ap_mode(&mut self, ifindex: u32) -> Result<(), RadioError> {
        // mac80211 refuses to change the type of a running interface.
        crate::link::set_link_up(ifindex, false).await?;
        self.request(
            "SET_INTERFACE",
            CMD_SET_INTERFACE,
            vec![Attr::IfIndex(ifindex), Attr::IfType(IFTYPE_AP)],
            false,
        )
        .await?;
        crate::link::set_link_up(ifindex, true).await
    }

    async fn register_ap_frames(&mut self, ifindex: u32) -> Result<(), RadioError> {
        let plain = AP_FRAME_TYPES.iter().map(|t| (*t, &[][..]));
        let action = AP_ACTION_MATCHES.iter().map(|m| (ACTION_FRAME_TYPE, *m));
        for (frame_type, matching) in plain.chain(action) {
            let attrs = vec![
                Attr::IfIndex(ifindex),
                Attr::FrameType(frame_type),
                Attr::FrameMatch(matching.to_vec()),
            ];
            self.request("REGISTER_FRAME", CMD_REGISTER_FRAME, attrs, false)
                .await?;
        }
        Ok(())
    }

    async fn start_ap(&mut self, ifindex: u32, s: ApSettings) -> Result<(), RadioError> {
        let mut attrs = vec![
            Attr::IfIndex(ifindex),
            Attr::BeaconHead(s.beacon_head),
            Attr::BeaconTail(s.beacon_tail),
            Attr::BeaconInterval(s.beacon_interval),
            Attr::DtimPeriod(s.dtim_period),
            Attr::Ssid(s.ssid),
            Attr::HiddenSsid(match s.hidden {
                HiddenSsid::NotHidden => HIDDEN_SSID_NOT_IN_USE,
                HiddenSsid::ZeroLength => HIDDEN_SSID_ZERO_LEN,
            }),
            // No AUTH_TYPE: its absence means "automatic"; the kernel
            // rejects NL80211_AUTHTYPE_AUTOMATIC given explicitly.
            Attr::WiphyFreq(s.freq_mhz),
            // HT20 or not: hostapd says so with the channel type instead.
            Attr::ChannelWidth(if s.ht {
                CHAN_WIDTH_20
            } else {
                CHAN_WIDTH_20_NOHT
            }),
            Attr::CenterFreq1(s.freq_mhz),
            // The kernel stops the AP if roamd dies without stopping it.
            Attr::SocketOwner(Flag),
        ];
        if s.privacy {
            attrs.push(Attr::Privacy(Flag));
        }
        if let Some(rsn) = s.rsn {
            attrs.push(Attr::WpaVersions(NL80211_WPA_VERSION_2));
            attrs.push(Attr::AkmSuites(U32Array(
                rsn.akm_suites.iter().map(|a| a.to_suite()).collect(),
            )));
            attrs.push(Attr::CipherSuitesPairwise(U32Array(
                rsn.pairwise_ciphers.iter().map(|c| c.to_suite()).collect(),
            )));
            attrs.push(Attr::CipherSuiteGroup(rsn.group_cipher.to_suite()));
            // EAPOL travels over this socket (hostapd: "using control port for RX").
            attrs.push(Attr::ControlPortEthertype(0x888e));
            attrs.push(Attr::ControlPortNoEncrypt(Flag));
            attrs.push(Attr::ControlPortOverNl80211(Flag));
        }
        self.request("START_AP", CMD_START_AP, attrs, false).await?;
        // Set either way, as hostapd does: mac80211 keeps the flag on the
        // interface across STOP_AP/START_AP. Only a failure to isolate is
        // an error (a driver without SET_BSS cannot have been isolating).
        let attrs = vec![
            Attr::IfIndex(ifindex),
            Attr::ApIsolate(u8::from(s.ap_isolate)),
        ];
        match self.request("SET_BSS", CMD_SET_BSS, attrs, false).await {
            Err(e) if s.ap_isolate => Err(e),
            _ => Ok(()),
        }
    }

    async fn get_station(&mut self, ifindex: u32, mac: MacAddr) -> Result<StationInfo, RadioError> {
        let replies = self
            .request(
                "GET_STATION",
                CMD_GET_STATION,
                vec![Attr::IfIndex(ifindex), Attr::Mac(mac.0)],
                false,
            )
            .await?;
        let nested = replies
            .iter()
            .find_map(|m| {
                m.find(|a| {
                    if let Attr::StaInfo(Nested(n)) = a {
                        Some(n.clone())
                    } else {
                        None
                    }
                })
            })
            .ok_or(RadioError::BadReply {
                command: "GET_STATION",
                what: "no STA_INFO",
            })?;
        Ok(station_info(&nested))
    }

    fn key_attrs(ifindex: u32, mac: Option<MacAddr>, key_idx: u8) -> Vec<Attr> {
        let mut attrs = vec![Attr::IfIndex(ifindex), Attr::KeyIdx(key_idx)];
        if let Some(mac) = mac {
            attrs.push(Attr::Mac(mac.0));
        }
        attrs
    }
}

impl Radio for Nl80211 {
    async fn execute(&mut self, command: RadioCommand) -> Result<RadioReply, RadioError> {
        let command = match one_shot(command) {
            Ok(request) => {
                let replies = self.request(request.name, request.cmd, request.attrs, false);
                return replies.await.map(|r| request.reply.of(&r));
            }
            Err(other) => other,
        };
        use RadioCommand as C;
        match command {
            C::GetInterface { name } => self.interface(&name).await.map(RadioReply::Interface),
            C::GetCiphers { wiphy } => {
                let replies = self
                    .request("GET_WIPHY", CMD_GET_WIPHY, vec![Attr::Wiphy(wiphy)], false)
                    .await?;
                let ciphers = replies
                    .iter()
                    .find_map(|m| {
                        m.find(|a| {
                            if let Attr::CipherSuites(U32Array(c)) = a {
                                Some(c.clone())
                            } else {
                                None
                            }
                        })
                    })
                    .unwrap_or_default();
                Ok(RadioReply::Ciphers(
                    ciphers.into_iter().map(CipherSuite::from_suite).collect(),
                ))
            }
            C::GetBands { wiphy } => {
                // Split, as hostapd asks: one message cannot hold every band.
                let attrs = vec![Attr::Wiphy(wiphy), Attr::SplitWiphyDump(Flag)];
                let replies = self
                    .request("GET_WIPHY", CMD_GET_WIPHY, attrs, true)
                    .await?;
                Ok(RadioReply::Bands(bands(&replies, wiphy)))
            }
            C::SetApMode { ifindex } => self.set_ap_mode(ifindex).await.map(done),
            C::SetMaster {
                ifindex,
                master_ifindex,
            } => crate::link::set_master(ifindex, master_ifindex)
                .await
                .map(done),
            C::RegisterApFrames { ifindex } => self.register_ap_frames(ifindex).await.map(done),
            C::StartAp { ifindex, settings } => self.start_ap(ifindex, settings).await.map(done),
            C::SetBeacon {
                ifindex,
                beacon_head,
                beacon_tail,
            } => {
                let attrs = vec![
                    Attr::IfIndex(ifindex),
                    Attr::BeaconHead(beacon_head),
                    Attr::BeaconTail(beacon_tail),
                ];
                self.request("SET_BEACON", CMD_SET_BEACON, attrs, false)
                    .await
                    .map(done)
            }
            C::SetRegulatoryDomain { alpha2 } => {
                let alpha2 = String::from_utf8_lossy(&alpha2).into_owned();
                self.request(
                    "REQ_SET_REG",
                    CMD_REQ_SET_REG,
                    vec![Attr::RegAlpha2(alpha2)],
                    false,
                )
                .await
                .map(done)
            }
            C::GetRegulatoryDomain => {
                let replies = self.request("GET_REG", CMD_GET_REG, vec![], false).await?;
                let alpha2 = replies.iter().find_map(|m| {
                    m.find(|a| match a {
                        Attr::RegAlpha2(s) => s.as_bytes().get(..2)?.try_into().ok(),
                        _ => None,
                    })
                });
                // No alpha2 in the answer: say so as the world's domain.
                Ok(RadioReply::RegulatoryDomain(alpha2.unwrap_or(*b"00")))
            }
            C::StopAp { ifindex } => self
                .request("STOP_AP", CMD_STOP_AP, vec![Attr::IfIndex(ifindex)], false)
                .await
                .map(done),
            C::GetStation { ifindex, mac } => self
                .get_station(ifindex, mac)
                .await
                .map(RadioReply::Station),
            C::NewApInterface { wiphy, name, mac } => {
                let attrs = vec![
                    Attr::Wiphy(wiphy),
                    Attr::IfName(name.clone()),
                    Attr::IfType(IFTYPE_AP),
                    Attr::Mac(mac.0),
                ];
                let replies = self
                    .request("NEW_INTERFACE", CMD_NEW_INTERFACE, attrs, false)
                    .await?;
                match replies.iter().find_map(interface_info) {
                    Some(info) => Ok(RadioReply::Interface(info)),
                    // Older kernels do not echo the interface: look it up.
                    None => self.interface(&name).await.map(RadioReply::Interface),
                }
            }
            C::DelInterface { ifindex } => self
                .request(
                    "DEL_INTERFACE",
                    CMD_DEL_INTERFACE,
                    vec![Attr::IfIndex(ifindex)],
                    false,
                )
                .await
                .map(done),
            C::GetKeySeq { ifindex, key_idx } => {
                let attrs = Self::key_attrs(ifindex, None, key_idx);
                let replies = self.request("GET_KEY", CMD_GET_KEY, attrs, false).await?;
                // Little endian, 6 octets for CCMP/GCMP (IEEE 802.11-2020 12.5.3.2).
                let seq = replies
                    .iter()
                    .find_map(|m| {
                        m.find(|a| {
                            if let Attr::KeySeq(s) = a {
                                Some(s.clone())
                            } else {
                                None
                            }
                        })
                    })
                    .unwrap_or_default();
                let pn = seq
                    .iter()
                    .take(8)
                    .rev()
                    .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
                Ok(RadioReply::KeySeq(pn))
            }
            // one_shot took every other command.
            other => Err(RadioError::Netlink(format!("unroutable command {other:?}"))),
        }
    }

    fn submit(&mut self, command: RadioCommand) -> Result<PendingReply, RadioError> {
        let request = one_shot(command).map_err(|other| {
            RadioError::Netlink(format!("{other:?} waits for its reply; use execute"))
        })?;
        let replies = self.start(request.cmd, request.attrs, false)?;
        let (name, reply) = (request.name, request.reply);
        Ok(PendingReply::new(async move {
            collect_replies(name, replies).await.map(|r| reply.of(&r))
        }))
    }
}

/// A command that is one netlink request whose reply is an ACK or a cookie:
/// the commands of the frame path, which can go out back to back.
struct OneShot {
    name: &'static str,
    cmd: u8,
    attrs: Vec<Attr>,
    reply: ReplyKind,
}

/// What the reply of a [`OneShot`] carries.
#[derive(Clone, Copy)]
enum ReplyKind {
    Done,
    Cookie,
}

impl ReplyKind {
    fn of(self, replies: &[Nl80211Message]) -> RadioReply {
        match self {
            ReplyKind::Done => RadioReply::Done,
            ReplyKind::Cookie => cookie_of(replies).map_or(RadioReply::Done, RadioReply::Cookie),
        }
    }
}

/// The request of a one-shot command; other commands come back unchanged.
// The "error" is the command itself, handed back unchanged, not a failure.
#[allow(clippy::result_large_err)]
fn one_shot(command: RadioCommand) -> Result<OneShot, RadioCommand> {
    use RadioCommand as C;
    let shot = |name, cmd, attrs, reply| {
        Ok(OneShot {
            name,
            cmd,
            attrs,
            reply,
        })
    };
    match command {
        C::SendMgmt {
            ifindex,
            frame,
            no_ack,
        } => {
            let mut attrs = vec![Attr::IfIndex(ifindex), Attr::Frame(frame)];
            if no_ack {
                attrs.push(Attr::DontWaitForAck(Flag));
            }
            shot("FRAME", CMD_FRAME, attrs, ReplyKind::Cookie)
        }
        C::SendControlPort {
            ifindex,
            dest,
            frame,
            no_encrypt,
        } => {
            let mut attrs = vec![
                Attr::IfIndex(ifindex),
                Attr::Mac(dest.0),
                Attr::Frame(frame),
                Attr::ControlPortEthertype(0x888e),
            ];
            if no_encrypt {
                attrs.push(Attr::ControlPortNoEncrypt(Flag));
            }
            shot(
                "CONTROL_PORT_FRAME",
                CMD_CONTROL_PORT_FRAME,
                attrs,
                ReplyKind::Cookie,
            )
        }
        C::NewStation { ifindex, params } => shot(
            "NEW_STATION",
            CMD_NEW_STATION,
            new_station_attrs(ifindex, params),
            ReplyKind::Done,
        ),
        C::SetStationAuthorized {
            ifindex,
            mac,
            authorized,
        } => {
            let flags = StaFlagUpdate::default().with(STA_FLAG_AUTHORIZED, authorized);
            let attrs = vec![
                Attr::IfIndex(ifindex),
                Attr::Mac(mac.0),
                Attr::StaFlags2(flags),
            ];
            shot("SET_STATION", CMD_SET_STATION, attrs, ReplyKind::Done)
        }
        C::DelStation { ifindex, mac } => {
            let mut attrs = vec![Attr::IfIndex(ifindex)];
            attrs.extend(mac.map(|m| Attr::Mac(m.0)));
            shot("DEL_STATION", CMD_DEL_STATION, attrs, ReplyKind::Done)
        }
        C::NewKey { ifindex, key } => {
            let mut attrs = Nl80211::key_attrs(ifindex, key.mac, key.key_idx);
            attrs.push(Attr::KeyData(key.key.clone()));
            attrs.push(Attr::KeyCipher(key.cipher.to_suite()));
            attrs.push(Attr::KeyType(if key.mac.is_some() {
                KEYTYPE_PAIRWISE
            } else {
                KEYTYPE_GROUP
            }));
            if let Some(seq) = &key.seq {
                attrs.push(Attr::KeySeq(seq.clone()));
            }
            shot("NEW_KEY", CMD_NEW_KEY, attrs, ReplyKind::Done)
        }
        C::SetDefaultKey {
            ifindex,
            key_idx,
            mgmt,
        } => {
            let mut attrs = Nl80211::key_attrs(ifindex, None, key_idx);
            if mgmt {
                attrs.push(Attr::KeyDefaultMgmt(Flag));
            } else {
                // The default for group-addressed frames only, as hostapd sets it.
                attrs.push(Attr::KeyDefault(Flag));
                attrs.push(Attr::KeyDefaultTypes(Nested(vec![
                    4,
                    0,
                    KEY_DEFAULT_TYPE_MULTICAST as u8,
                    0,
                ])));
            }
            shot("SET_KEY", CMD_SET_KEY, attrs, ReplyKind::Done)
        }
        C::DelKey {
            ifindex,
            mac,
            key_idx,
        } => {
            let attrs = Nl80211::key_attrs(ifindex, mac, key_idx);
            shot("DEL_KEY", CMD_DEL_KEY, attrs, ReplyKind::Done)
        }
        other => Err(other),
    }
}

fn new_station_attrs(ifindex: u32, p: StationParams) -> Vec<Attr> {
    let flags = StaFlagUpdate::default()
        .with(STA_FLAG_AUTHENTICATED, true)
        .with(STA_FLAG_ASSOCIATED, true)
        .with(STA_FLAG_AUTHORIZED, false)
        .with(STA_FLAG_WME, p.wmm.is_some())
        .with(STA_FLAG_MFP, p.mfp)
        .with(STA_FLAG_SHORT_PREAMBLE, p.capability & 0x0020 != 0);
    let mut attrs = vec![
        Attr::IfIndex(ifindex),
        Attr::Mac(p.mac.0),
        Attr::StaAid(p.aid),
        Attr::StaListenInterval(p.listen_interval),
        Attr::StaSupportedRates(p.supported_rates),
        Attr::StaCapability(p.capability),
        Attr::StaFlags2(flags),
    ];
    if let Some(ht) = p.ht_capability {
        attrs.push(Attr::HtCapability(ht.to_data().to_vec()));
    }
    // As hostapd's wpa_driver_nl80211_sta_add for a WMM station.
    if let Some(wmm) = p.wmm {
        attrs.push(Attr::StaWme(Nested(vec![
            5,
            0,
            STA_WME_UAPSD_QUEUES as u8,
            0,
            wmm.uapsd_queues(),
            0,
            0,
            0,
            5,
            0,
            STA_WME_MAX_SP as u8,
            0,
            wmm.max_sp(),
            0,
            0,
            0,
        ])));
    }
    if let Some(ext) = p.ext_capability {
        attrs.push(Attr::StaExtCapability(ext));
    }
    attrs
}

fn done<T>(_: T) -> RadioReply {
    RadioReply::Done
}

fn netlink_err(e: impl std::fmt::Display) -> RadioError {
    RadioError::Netlink(e.to_string())
}

fn cookie_of(replies: &[Nl80211Message]) -> Option<u64> {
    replies.iter().find_map(|m| {
        m.find(|a| {
            if let Attr::Cookie(c) = a {
                Some(*c)
            } else {
                None
            }
        })
    })
}

fn interface_info(m: &Nl80211Message) -> Option<InterfaceInfo> {
    let mut info = InterfaceInfo {
        ifindex: 0,
        name: String::new(),
        wiphy: 0,
        mac: MacAddr::ZERO,
        iftype: 0,
    };
    for attr in &m.attrs {
        match attr {
            Attr::IfIndex(i) => info.ifindex = *i,
            Attr::IfName(n) => info.name = n.clone(),
            Attr::Wiphy(w) => info.wiphy = *w,
            Attr::Mac(mac) => info.mac = MacAddr(*mac),
            Attr::IfType(t) => info.iftype = *t,
            _ => {}
        }
    }
    (info.ifindex != 0 && !info.name.is_empty()).then_some(info)
}

/// The bands of `wiphy` (HT capabilities and channels), gathered from the
/// messages of a split wiphy dump: a band's attributes, even its channels,
/// may come in several.
pub(crate) fn bands(replies: &[Nl80211Message], wiphy: u32) -> Vec<BandInfo> {
    let mut bands: Vec<BandInfo> = Vec::new();
    // The bands whose HT capabilities the kernel gave: only they have HT.
    let mut with_ht = Vec::new();
    for m in replies {
        if !m
            .attrs
            .iter()
            .any(|a| matches!(a, Attr::Wiphy(w) if *w == wiphy))
        {
            continue;
        }
        let Some(nested) = m.find(|a| match a {
            Attr::WiphyBands(Nested(n)) => Some(n.clone()),
            _ => None,
        }) else {
            continue;
        };
        for band in NlasIterator::new(&nested[..]).flatten() {
            let index = u32::from(band.kind());
            let at = match bands.iter().position(|b| b.band == index) {
                Some(at) => at,
                None => {
                    bands.push(BandInfo {
                        band: index,
                        ..BandInfo::default()
                    });
                    bands.len() - 1
                }
            };
            let Some(info) = bands.get_mut(at) else {
                continue;
            };
            for nla in NlasIterator::new(band.value()).flatten() {
                let v = nla.value();
                match (nla.kind(), v) {
                    (BAND_ATTR_FREQS, _) => {
                        let freqs = NlasIterator::new(v).flatten();
                        info.channels
                            .extend(freqs.filter_map(|f| channel_info(f.value())));
                    }
                    (BAND_ATTR_HT_CAPA, &[a, b, ..]) => {
                        info.ht.get_or_insert_with(HtCapabilities::default).info =
                            u16::from_ne_bytes([a, b]);
                        with_ht.push(index);
                    }
                    (BAND_ATTR_HT_MCS_SET, _) => {
                        if let Some(set) = v.get(..16).and_then(|s| s.try_into().ok()) {
                            info.ht.get_or_insert_with(HtCapabilities::default).mcs_set = set;
                        }
                    }
                    (BAND_ATTR_HT_AMPDU_FACTOR, &[f, ..]) => {
                        let ht = info.ht.get_or_insert_with(HtCapabilities::default);
                        ht.ampdu_params = (ht.ampdu_params & !0x03) | (f & 0x03)
                    }
                    (BAND_ATTR_HT_AMPDU_DENSITY, &[d, ..]) => {
                        let ht = info.ht.get_or_insert_with(HtCapabilities::default);
                        ht.ampdu_params = (ht.ampdu_params & 0x03) | ((d & 0x07) << 2)
                    }
                    _ => {}
                }
            }
        }
    }
    for b in &mut bands {
        if !with_ht.contains(&b.band) {
            b.ht = None;
        }
    }
    bands
}

/// One channel of NL80211_BAND_ATTR_FREQS; `None` without its frequency.
fn channel_info(nested: &[u8]) -> Option<ChannelInfo> {
    let mut channel = ChannelInfo::default();
    for nla in NlasIterator::new(nested).flatten() {
        match (nla.kind(), nla.value()) {
            (FREQUENCY_ATTR_FREQ, &[a, b, c, d, ..]) => {
                channel.freq_mhz = u32::from_ne_bytes([a, b, c, d])
            }
            (FREQUENCY_ATTR_DISABLED, _) => channel.disabled = true,
            (FREQUENCY_ATTR_MAX_TX_POWER, &[a, b, c, d, ..]) => {
                channel.max_tx_power_mbm = u32::from_ne_bytes([a, b, c, d])
            }
            _ => {}
        }
    }
    (channel.freq_mhz != 0).then_some(channel)
}

/// Decodes the nested NL80211_ATTR_STA_INFO attributes we report.
pub(crate) fn station_info(nested: &[u8]) -> StationInfo {
    let mut info = StationInfo::default();
    for nla in NlasIterator::new(nested).flatten() {
        let v = nla.value();
        let u32v = || {
            v.get(..4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_ne_bytes)
        };
        let u64v = || {
            v.get(..8)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_ne_bytes)
        };
        match nla.kind() {
            STA_INFO_INACTIVE_TIME => info.inactive_ms = u32v(),
            STA_INFO_CONNECTED_TIME => info.connected_secs = u32v(),
            STA_INFO_RX_BYTES64 => info.rx_bytes = u64v(),
            STA_INFO_TX_BYTES64 => info.tx_bytes = u64v(),
            STA_INFO_RX_BYTES if info.rx_bytes.is_none() => info.rx_bytes = u32v().map(u64::from),
            STA_INFO_TX_BYTES if info.tx_bytes.is_none() => info.tx_bytes = u32v().map(u64::from),
            STA_INFO_RX_PACKETS => info.rx_packets = u32v(),
            STA_INFO_TX_PACKETS => info.tx_packets = u32v(),
            STA_INFO_SIGNAL => info.signal_dbm = v.first().map(|b| *b as i8),
            _ => {}
        }
    }
    info
}

/// Turns an unsolicited nl80211 message into an event, if it is one we use.
pub(crate) fn event_from(m: Nl80211Message) -> Option<RadioEvent> {
    let mut ifindex = None;
    let mut frame = None;
    let mut cookie = None;
    let mut ack = false;
    let mut signal = None;
    let mut mac = None;
    let mut ethertype = None;
    let mut unencrypted = false;
    for attr in m.attrs {
        match attr {
            Attr::IfIndex(i) => ifindex = Some(i),
            Attr::Frame(f) => frame = Some(f),
            Attr::Cookie(c) => cookie = Some(c),
            Attr::Ack(_) => ack = true,
            Attr::RxSignalDbm(s) => signal = Some(s),
            Attr::Mac(a) => mac = Some(MacAddr(a)),
            Attr::ControlPortEthertype(e) => ethertype = Some(e),
            Attr::ControlPortNoEncrypt(_) => unencrypted = true,
            _ => {}
        }
    }
    let ifindex = ifindex?;
    let event = match m.cmd {
        CMD_FRAME => RadioEvent::MgmtFrame {
            ifindex,
            frame: frame?,
            signal_dbm: signal,
        },
        CMD_FRAME_TX_STATUS => RadioEvent::MgmtTxStatus {
            ifindex,
            cookie: cookie?,
            ack,
            frame: frame.unwrap_or_default(),
        },
        CMD_CONTROL_PORT_FRAME => RadioEvent::ControlPortFrame {
            ifindex,
            src: mac?,
            ethertype: ethertype.unwrap_or(0x888e),
            unencrypted,
            frame: frame?,
        },
        CMD_CONTROL_PORT_FRAME_TX_STATUS => RadioEvent::ControlPortTxStatus {
            ifindex,
            cookie: cookie?,
            ack,
        },
        CMD_DEL_STATION => RadioEvent::StationRemoved { ifindex, mac: mac? },
        other => {
            debug!(cmd = other, ifindex, "ignoring nl80211 event");
            return None;
        }
    };
    Some(event)
}

#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn a_reply_lost_to_an_overrun_ends_the_wait() {
        let lost: super::Replies = Box::pin(futures::stream::pending());
        let result = super::collect_replies("FRAME", lost).await;
        assert!(matches!(
            result,
            Err(RadioError::NoReply { command: "FRAME" })
        ));
    }

    use super::*;

    #[test]
    fn frame_event_is_decoded() {
        let m = Nl80211Message::new(
            CMD_FRAME,
            vec![
                Attr::Wiphy(0),
                Attr::IfIndex(3),
                Attr::WiphyFreq(2412),
                Attr::RxSignalDbm(-30),
                Attr::Frame(vec![0x40, 0]),
            ],
        );
        assert_eq!(
            event_from(m),
            Some(RadioEvent::MgmtFrame {
                ifindex: 3,
                frame: vec![0x40, 0],
                signal_dbm: Some(-30)
            })
        );
    }

    #[test]
    fn events_missing_required_attributes_are_dropped() {
        assert_eq!(
            event_from(Nl80211Message::new(CMD_FRAME, vec![Attr::IfIndex(3)])),
            None
        );
        assert_eq!(
            event_from(Nl80211Message::new(CMD_FRAME, vec![Attr::Frame(vec![1])])),
            None
        );
        assert_eq!(
            event_from(Nl80211Message::new(
                CMD_FRAME_TX_STATUS,
                vec![Attr::IfIndex(3)]
            )),
            None
        );
    }

    #[test]
    fn tx_status_carries_ack() {
        let m = Nl80211Message::new(
            CMD_FRAME_TX_STATUS,
            vec![Attr::IfIndex(2), Attr::Cookie(9), Attr::Ack(Flag)],
        );
        assert_eq!(
            event_from(m),
            Some(RadioEvent::MgmtTxStatus {
                ifindex: 2,
                cookie: 9,
                ack: true,
                frame: vec![]
            })
        );
    }

    /// One netlink attribute, padded to 4 octets.
    fn nla(kind: u16, value: &[u8]) -> Vec<u8> {
        let mut out = ((4 + value.len()) as u16).to_ne_bytes().to_vec();
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(value);
        out.resize(out.len().div_ceil(4) * 4, 0);
        out
    }

    #[test]
    fn bands_gather_a_split_dump_and_ht_only_where_given() {
        let mut mcs = [0u8; 16];
        mcs[0] = 0xff;
        let band0 = [
            nla(BAND_ATTR_HT_MCS_SET, &mcs),
            nla(BAND_ATTR_HT_CAPA, &0x107eu16.to_ne_bytes()),
            nla(BAND_ATTR_HT_AMPDU_FACTOR, &[3]),
            nla(BAND_ATTR_HT_AMPDU_DENSITY, &[6]),
        ]
        .concat();
        // One channel of NL80211_BAND_ATTR_FREQS (entry `i`).
        let freq = |i: u16, mhz: u32, disabled: bool, mbm: u32| {
            let mut attrs = [
                nla(FREQUENCY_ATTR_FREQ, &mhz.to_ne_bytes()),
                nla(FREQUENCY_ATTR_MAX_TX_POWER, &mbm.to_ne_bytes()),
            ]
            .concat();
            if disabled {
                attrs.extend(nla(FREQUENCY_ATTR_DISABLED, &[]));
            }
            nla(i, &attrs)
        };
        let message = |wiphy, bands: Vec<u8>| {
            Nl80211Message::new(
                CMD_NEW_WIPHY,
                vec![Attr::Wiphy(wiphy), Attr::WiphyBands(Nested(bands))],
            )
        };
        // Message 1: band 0's HT attributes; messages 2 and 3: band 0's
        // channels one by one, as the kernel splits them; message 4: band
        // 1 without HT but a channel without a frequency; another wiphy.
        let replies = [
            message(0, nla(0, &band0)),
            message(
                0,
                nla(0, &nla(BAND_ATTR_FREQS, &freq(0, 2412, false, 2000))),
            ),
            message(0, nla(0, &nla(BAND_ATTR_FREQS, &freq(1, 2484, true, 2000)))),
            message(
                0,
                nla(
                    1,
                    &nla(
                        BAND_ATTR_FREQS,
                        &nla(0, &nla(FREQUENCY_ATTR_MAX_TX_POWER, &[0; 4])),
                    ),
                ),
            ),
            message(1, nla(1, &band0)),
        ];
        let bands = bands(&replies, 0);
        assert_eq!(bands.len(), 2, "{bands:?}");
        assert_eq!(bands[0].band, BAND_2GHZ);
        let ht = bands[0].ht.expect("band 0 has HT");
        assert_eq!((ht.info, ht.ampdu_params, ht.mcs_set), (0x107e, 0x1b, mcs));
        assert_eq!(
            bands[0].channels,
            vec![
                ChannelInfo {
                    freq_mhz: 2412,
                    disabled: false,
                    max_tx_power_mbm: 2000
                },
                ChannelInfo {
                    freq_mhz: 2484,
                    disabled: true,
                    max_tx_power_mbm: 2000
                },
            ]
        );
        assert_eq!(bands[0].channels[1].channel(), Some(14));
        assert_eq!((bands[1].band, bands[1].ht), (BAND_5GHZ, None));
        assert!(bands[1].channels.is_empty());
        assert!(super::bands(&replies, 7).is_empty());
        // A truncated attribute is skipped, not a panic.
        let broken = message(0, nla(0, &[8, 0, 4, 0, 1]));
        assert!(super::bands(&[broken], 0).iter().all(|b| b.ht.is_none()));
    }

    #[test]
    fn channel_numbers_of_both_bands() {
        let channel = |freq_mhz| {
            ChannelInfo {
                freq_mhz,
                ..ChannelInfo::default()
            }
            .channel()
        };
        assert_eq!(channel(2412), Some(1));
        assert_eq!(channel(2472), Some(13));
        assert_eq!(channel(5180), Some(36));
        assert_eq!(channel(5825), Some(165));
        assert_eq!(channel(5955), None);
    }

    #[test]
    fn a_wmm_ht_station_is_added_as_hostapd_adds_it() {
        let params = StationParams {
            mac: MacAddr([2, 0, 0, 0, 1, 0]),
            aid: 1,
            listen_interval: 5,
            capability: 0x0431,
            supported_rates: vec![2, 4],
            ht_capability: Some(crate::HWSIM_HT),
            ext_capability: None,
            wmm: roamd_ieee80211::element::WmmInfo::parse(
                &roamd_ieee80211::element::VendorSpecific::new(&[0, 0x50, 0xf2, 2, 0, 1, 0x2f])
                    .expect("vendor"),
            ),
            mfp: false,
        };
        let attrs = new_station_attrs(3, params);
        let flags = attrs.iter().find_map(|a| match a {
            Attr::StaFlags2(f) => Some(*f),
            _ => None,
        });
        assert!(flags.is_some_and(|f| f.set & (1 << STA_FLAG_WME) != 0));
        assert!(attrs.contains(&Attr::HtCapability(crate::HWSIM_HT.to_data().to_vec())));
        let wme = [
            nla(STA_WME_UAPSD_QUEUES, &[0x0f]),
            nla(STA_WME_MAX_SP, &[1]),
        ]
        .concat();
        assert!(attrs.contains(&Attr::StaWme(Nested(wme))), "{attrs:?}");
    }

    #[test]
    fn station_info_decodes_and_ignores_short_values() {
        // INACTIVE_TIME = 1234, then a truncated RX_PACKETS.
        let mut nested = vec![8, 0, STA_INFO_INACTIVE_TIME as u8, 0];
        nested.extend_from_slice(&1234u32.to_ne_bytes());
        nested.extend_from_slice(&[6, 0, STA_INFO_RX_PACKETS as u8, 0, 1, 2, 0, 0]);
        let info = station_info(&nested);
        assert_eq!(info.inactive_ms, Some(1234));
        assert_eq!(info.rx_packets, None);
    }
}
