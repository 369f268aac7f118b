//! Command parsing (hostapd_ctrl_iface_receive_process).

/// A MAC address.
use roamd_ieee80211::MacAddr;

/// A control interface command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command {
    /// `PING` -> `PONG`.
    Ping,
    /// `STATUS`.
    Status,
    /// `STA-FIRST`: the first station.
    StaFirst,
    /// `STA-NEXT <mac>`: the station after this one.
    StaNext(MacAddr),
    /// `STA <mac>`.
    Sta(MacAddr),
    /// `DEAUTHENTICATE <mac> [reason=N] [tx=0]`.
    Deauthenticate {
        /// Station (ff:ff:ff:ff:ff:ff: all).
        mac: MacAddr,
        /// Reason code (default 2).
        reason: u16,
        /// Send the frame (`tx=0`: only remove the station).
        tx: bool,
    },
    /// `DISASSOCIATE <mac> [reason=N] [tx=0]`.
    Disassociate {
        /// Station.
        mac: MacAddr,
        /// Reason code (default 2).
        reason: u16,
        /// Send the frame.
        tx: bool,
    },
    /// `PMKSA`: the cache listing.
    Pmksa,
    /// `PMKSA_FLUSH`.
    PmksaFlush,
    /// `FT_PEERS`, a roamd extension (hostapd has none): the health of the
    /// BSS's FT key holder and of each R0KH/R1KH peer.
    FtPeers,
    /// `ROAM_SUMMARY`, a roamd extension: the roams of the BSS's SSID by
    /// class and the roaming profiles of its clients.
    RoamSummary,
    /// `GET <name>`.
    Get(String),
    /// `RELOAD` (hostapd_cli reload): re-read the configuration.
    Reload,
    /// `ATTACH` (options ignored).
    Attach,
    /// `DETACH`.
    Detach,
    /// `LEVEL <n>`.
    Level(u8),
    /// `ENABLE`: start the BSS again after `DISABLE`.
    Enable,
    /// `DISABLE`: deauthenticate the BSS's stations and stop its AP.
    Disable,
    /// `GET_CONFIG`: the BSS's security settings.
    GetConfig,
    /// `UPDATE_BEACON`: hand the beacon and probe response to the kernel again.
    UpdateBeacon,
    /// `NOTE <text>`: logged.
    Note(String),
    /// `RELOG`: reopen the log file.
    Relog,
    /// `LOG_LEVEL [level [timestamp]]`: with no argument, the current level.
    LogLevel(Option<String>),
    /// `INTERFACES`: the BSS interfaces of the process.
    Interfaces,
    /// `MIB`: the RSNA, 802.1X and RADIUS client MIB variables.
    Mib,
    /// `REKEY_GTK`: new group keys now.
    RekeyGtk,
    /// `REKEY_PTK <mac>`: a new 4-way handshake for the station.
    RekeyPtk(MacAddr),
    /// `EAPOL_REAUTH <mac>`: restart 802.1X authentication of the station.
    EapolReauth(MacAddr),
    /// `SA_QUERY <mac>`: send the station an SA Query request.
    SaQuery(MacAddr),
    /// `SET <name> <value>`.
    Set(String, String),
    /// `SET_NEIGHBOR <bssid> ssid=<"text" or hex> nr=<hex> [lci=<hex>]
    /// [civic=<hex>] [stat]`.
    SetNeighbor {
        /// The neighbour.
        bssid: MacAddr,
        /// Its SSID.
        ssid: Vec<u8>,
        /// Its Neighbor Report element data.
        nr: Vec<u8>,
        /// LCI report.
        lci: Option<Vec<u8>>,
        /// Civic location report.
        civic: Option<Vec<u8>>,
        /// A stationary AP.
        stationary: bool,
    },
    /// `REMOVE_NEIGHBOR <bssid> [ssid=<"text" or hex>]`.
    RemoveNeighbor(MacAddr, Option<Vec<u8>>),
    /// `SHOW_NEIGHBOR`.
    ShowNeighbor,
    /// `BSS_TM_REQ <mac> [args]`; also `DISASSOC_IMMINENT <mac> <timer>`,
    /// hostapd's request with Disassociation Imminent, Dialog Token 1,
    /// Validity Interval 0 and no candidates.
    BssTmReq(BssTmArgs),
    /// `REQ_BEACON <mac> [req_mode=<hex>] <hex request>`.
    ReqBeacon {
        /// The station.
        sta: MacAddr,
        /// Measurement Request Mode.
        mode: u8,
        /// The Beacon request's Measurement Request field.
        request: Vec<u8>,
    },
    /// Anything else.
    Unknown(String),
    /// A known command with bad arguments.
    Invalid(String),
}

/// Parses `aa:bb:cc:dd:ee:ff`, two hex digits per octet as hostapd's
/// `hwaddr_aton` wants (stricter than [`MacAddr`]'s `FromStr`).
pub fn parse_mac(text: &str) -> Option<MacAddr> {
    let mut mac = [0u8; 6];
    let mut parts = text.split(':');
    for byte in &mut mac {
        let part = parts.next()?;
        if part.len() != 2 {
            return None;
        }
        *byte = u8::from_str_radix(part, 16).ok()?;
    }
    parts.next().is_none().then_some(MacAddr(mac))
}

/// The arguments of `BSS_TM_REQ` (hostapd_ctrl_iface_bss_tm_req):
/// `disassoc_timer=`, `valid_int=`, `dialog_token=`, `neighbor=<bssid>,<bssid
/// info>,<op class>,<channel>,<phy type>[,<hex subelements>]` (repeated),
/// `pref=1`, `abridged=1`, `disassoc_imminent=1`. Any other argument is
/// refused: `bss_term=` and `url=` (BSS termination, ESS disassociation)
/// and `mbo=` (roamd has no MBO) among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BssTmArgs {
    /// The station.
    pub sta: MacAddr,
    /// Request Mode bits (IEEE 802.11-2020 Figure 9-924).
    pub mode: u8,
    /// Disassociation Timer, beacon intervals.
    pub disassoc_timer: u16,
    /// Validity Interval (hostapd's default 1).
    pub validity_interval: u8,
    /// Dialog Token; `None`: the BSS picks one.
    pub dialog_token: Option<u8>,
    /// Candidate list: Neighbor Report elements.
    pub candidates: Vec<u8>,
}

/// Octets from hex digits, two per octet (hostapd's `wpabuf_parse_bin`).
pub fn parse_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// hostapd's `ssid_parse` at the start of `text`: `"text"` or hex up to
/// the next space. Returns the SSID (1..=32 octets) and what follows.
fn parse_ssid(text: &str) -> Option<(Vec<u8>, &str)> {
    let (ssid, rest) = match text.strip_prefix('"') {
        Some(quoted) => {
            let (s, rest) = quoted.split_once('"')?;
            (s.as_bytes().to_vec(), rest)
        }
        None => {
            let (s, rest) = text.split_once(' ').unwrap_or((text, ""));
            (parse_hex(s)?, rest)
        }
    };
    (1..=32).contains(&ssid.len()).then_some((ssid, rest))
}

/// C's `atoi`-like read of a decimal value: `None` unless the whole word parses.
fn number<T: std::str::FromStr>(word: &str) -> Option<T> {
    word.parse().ok()
}

/// `strtol(.., 0)` for what operators write: `0x` hex, else decimal.
fn c_long(text: &str) -> Option<u32> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        text.parse().ok()
    }
}

/// One `neighbor=` value: a whole Neighbor Report element.
fn parse_candidate(value: &str, out: &mut Vec<u8>) -> Option<()> {
    let mut fields = value.split(',');
    let bssid = parse_mac(fields.next()?)?;
    let info = c_long(fields.next()?)?;
    let mut data = bssid.0.to_vec();
    data.extend_from_slice(&info.to_le_bytes());
    for _ in 0..3 {
        data.push(number(fields.next()?)?); // Operating Class, Channel, PHY Type
    }
    if let Some(sub) = fields.next() {
        data.extend(parse_hex(sub)?);
    }
    if fields.next().is_some() || data.len() > 255 {
        return None;
    }
    out.extend_from_slice(&[52, data.len() as u8]);
    out.extend(data);
    Some(())
}

impl BssTmArgs {
    fn parse(rest: &str) -> Option<BssTmArgs> {
        let mut words = rest.split_whitespace();
        let mut args = BssTmArgs {
            sta: parse_mac(words.next()?)?,
            mode: 0,
            disassoc_timer: 0,
            validity_interval: 1,
            dialog_token: None,
            candidates: Vec::new(),
        };
        for word in words {
            let (key, value) = word.split_once('=')?;
            match key {
                "disassoc_timer" => args.disassoc_timer = number(value)?,
                "valid_int" => args.validity_interval = number(value)?,
                "dialog_token" => args.dialog_token = Some(number(value)?),
                "neighbor" => parse_candidate(value, &mut args.candidates)?,
                // Request Mode bits, set by `=1` (hostapd looks for " pref=1").
                "pref" | "abridged" | "disassoc_imminent" => {
                    let bit = match key {
                        "pref" => 0x01,
                        "abridged" => 0x02,
                        _ => 0x04,
                    };
                    args.mode |= bit * u8::from(value == "1");
                }
                _ => return None,
            }
        }
        Some(args)
    }
}

/// `SET_NEIGHBOR`'s arguments (hostapd_ctrl_iface_set_neighbor).
fn parse_set_neighbor(rest: &str) -> Option<Command> {
    let (bssid, rest) = rest.split_once(' ')?;
    let (_, ssid) = rest.split_once("ssid=")?;
    let (ssid, rest) = parse_ssid(ssid)?;
    let (mut nr, mut lci, mut civic, mut stationary) = (None, None, None, false);
    for word in rest.split_whitespace() {
        match word.split_once('=') {
            Some(("nr", v)) => nr = Some(parse_hex(v)?),
            Some(("lci", v)) => lci = Some(parse_hex(v)?),
            Some(("civic", v)) => civic = Some(parse_hex(v)?),
            Some(("bss_parameter", _)) => {}
            None if word == "stat" => stationary = true,
            _ => return None,
        }
    }
    // The element data starts with the neighbour's 13 fixed octets.
    let nr = nr.filter(|nr| (13..=255).contains(&nr.len()))?;
    let short = |v: &Option<Vec<u8>>| v.as_ref().is_none_or(|v| v.len() <= 255);
    (short(&lci) && short(&civic)).then_some(())?;
    Some(Command::SetNeighbor {
        bssid: parse_mac(bssid)?,
        ssid,
        nr,
        lci,
        civic,
        stationary,
    })
}

/// `REQ_BEACON`'s arguments (hostapd_ctrl_iface_req_beacon).
fn parse_req_beacon(rest: &str) -> Option<Command> {
    let mut words = rest.split_whitespace();
    let sta = parse_mac(words.next()?)?;
    let mut request = words.next()?;
    let mut mode = 0;
    if let Some(m) = request.strip_prefix("req_mode=") {
        mode = u8::from_str_radix(m, 16).ok()?;
        request = words.next()?;
    }
    Some(Command::ReqBeacon {
        sta,
        mode,
        request: parse_hex(request)?,
    })
}

impl Command {
    /// Parses one datagram (hostapd reads at most 4095 bytes; trailing
    /// newlines are tolerated).
    pub fn parse(datagram: &[u8]) -> Command {
        let text = String::from_utf8_lossy(datagram);
        let text = text.trim_end_matches(['\n', '\r', '\0']);
        let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
        let invalid = || Command::Invalid(text.to_string());
        let mac_arg = |rest: &str| parse_mac(rest.split_whitespace().next().unwrap_or(""));
        match word {
            "PING" => Command::Ping,
            "STATUS" => Command::Status,
            "STA-FIRST" => Command::StaFirst,
            "STA-NEXT" => mac_arg(rest).map_or_else(invalid, Command::StaNext),
            "STA" => mac_arg(rest).map_or_else(invalid, Command::Sta),
            "DEAUTHENTICATE" | "DISASSOCIATE" => {
                let Some(mac) = mac_arg(rest) else {
                    return invalid();
                };
                let mut reason = 2;
                let mut tx = true;
                for option in rest.split_whitespace().skip(1) {
                    match option.split_once('=') {
                        Some(("reason", v)) => match v.parse() {
                            Ok(r) => reason = r,
                            Err(_) => return invalid(),
                        },
                        Some(("tx", v)) => tx = v != "0",
                        _ => {}
                    }
                }
                if word == "DEAUTHENTICATE" {
                    Command::Deauthenticate { mac, reason, tx }
                } else {
                    Command::Disassociate { mac, reason, tx }
                }
            }
            "PMKSA" => Command::Pmksa,
            "PMKSA_FLUSH" => Command::PmksaFlush,
            "FT_PEERS" => Command::FtPeers,
            "ROAM_SUMMARY" => Command::RoamSummary,
            "GET" => Command::Get(rest.trim().to_string()),
            "RELOAD" => Command::Reload,
            "ATTACH" => Command::Attach,
            "DETACH" => Command::Detach,
            "ENABLE" => Command::Enable,
            "DISABLE" => Command::Disable,
            "GET_CONFIG" => Command::GetConfig,
            "UPDATE_BEACON" => Command::UpdateBeacon,
            "NOTE" => Command::Note(rest.to_string()),
            "RELOG" => Command::Relog,
            "LOG_LEVEL" => {
                let level = rest.trim();
                Command::LogLevel((!level.is_empty()).then(|| level.to_string()))
            }
            "INTERFACES" => Command::Interfaces,
            "MIB" => Command::Mib,
            "REKEY_GTK" => Command::RekeyGtk,
            "REKEY_PTK" => mac_arg(rest).map_or_else(invalid, Command::RekeyPtk),
            "EAPOL_REAUTH" => mac_arg(rest).map_or_else(invalid, Command::EapolReauth),
            "SA_QUERY" => mac_arg(rest).map_or_else(invalid, Command::SaQuery),
            // hostapd splits at the first space: the value may hold more.
            "SET" => match rest.split_once(' ') {
                Some((name, value)) => Command::Set(name.to_string(), value.to_string()),
                None => invalid(),
            },
            "DISASSOC_IMMINENT" => {
                let mut words = rest.split_whitespace();
                let sta = words.next().and_then(parse_mac);
                match (sta, words.next().and_then(number)) {
                    (Some(sta), Some(disassoc_timer)) => Command::BssTmReq(BssTmArgs {
                        sta,
                        mode: 0x04,
                        disassoc_timer,
                        validity_interval: 0,
                        dialog_token: Some(1),
                        candidates: Vec::new(),
                    }),
                    _ => invalid(),
                }
            }
            "SET_NEIGHBOR" => parse_set_neighbor(rest).unwrap_or_else(invalid),
            "REMOVE_NEIGHBOR" => {
                let (bssid, ssid) = rest.split_once(' ').unwrap_or((rest, ""));
                let ssid = match ssid.split_once("ssid=") {
                    Some((_, s)) => match parse_ssid(s) {
                        Some((s, _)) => Some(s),
                        None => return invalid(),
                    },
                    None => None,
                };
                parse_mac(bssid).map_or_else(invalid, |b| Command::RemoveNeighbor(b, ssid))
            }
            "SHOW_NEIGHBOR" => Command::ShowNeighbor,
            "BSS_TM_REQ" => BssTmArgs::parse(rest).map_or_else(invalid, Command::BssTmReq),
            "REQ_BEACON" => parse_req_beacon(rest).unwrap_or_else(invalid),
            "LEVEL" => rest
                .trim()
                .parse()
                .map_or_else(|_| invalid(), Command::Level),
            _ => Command::Unknown(text.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

    #[test]
    fn hostapd_cli_commands() {
        assert_eq!(Command::parse(b"PING"), Command::Ping);
        assert_eq!(Command::parse(b"STATUS\n"), Command::Status);
        assert_eq!(Command::parse(b"STA-FIRST"), Command::StaFirst);
        assert_eq!(
            Command::parse(b"STA-NEXT 02:00:00:00:02:00"),
            Command::StaNext(STA)
        );
        assert_eq!(Command::parse(b"STA 02:00:00:00:02:00"), Command::Sta(STA));
        assert_eq!(
            Command::parse(b"DEAUTHENTICATE 02:00:00:00:02:00 reason=3 tx=0"),
            Command::Deauthenticate {
                mac: STA,
                reason: 3,
                tx: false
            }
        );
        assert_eq!(
            Command::parse(b"DISASSOCIATE 02:00:00:00:02:00"),
            Command::Disassociate {
                mac: STA,
                reason: 2,
                tx: true
            }
        );
        assert_eq!(
            Command::parse(b"GET version"),
            Command::Get("version".into())
        );
        assert_eq!(Command::parse(b"LEVEL 2"), Command::Level(2));
        assert_eq!(Command::parse(b"FT_PEERS\n"), Command::FtPeers);
        assert_eq!(Command::parse(b"ROAM_SUMMARY"), Command::RoamSummary);
        assert_eq!(Command::parse(b"RELOAD"), Command::Reload);
        assert_eq!(
            Command::parse(b"ft_peers"),
            Command::Unknown("ft_peers".into())
        );
        assert_eq!(Command::parse(b"ATTACH probe_rx_events=1"), Command::Attach);
        assert_eq!(Command::parse(b"FROB"), Command::Unknown("FROB".into()));
        assert_eq!(Command::parse(b"ENABLE"), Command::Enable);
        assert_eq!(Command::parse(b"DISABLE\n"), Command::Disable);
        assert_eq!(Command::parse(b"GET_CONFIG"), Command::GetConfig);
        assert_eq!(Command::parse(b"UPDATE_BEACON"), Command::UpdateBeacon);
        assert_eq!(
            Command::parse(b"NOTE hello there"),
            Command::Note("hello there".into())
        );
        assert_eq!(Command::parse(b"RELOG"), Command::Relog);
        assert_eq!(Command::parse(b"LOG_LEVEL"), Command::LogLevel(None));
        assert_eq!(
            Command::parse(b"LOG_LEVEL DEBUG 1"),
            Command::LogLevel(Some("DEBUG 1".into()))
        );
        assert_eq!(Command::parse(b"INTERFACES"), Command::Interfaces);
        assert_eq!(Command::parse(b"MIB"), Command::Mib);
        assert_eq!(Command::parse(b"REKEY_GTK"), Command::RekeyGtk);
        assert_eq!(
            Command::parse(b"REKEY_PTK 02:00:00:00:02:00"),
            Command::RekeyPtk(STA)
        );
        assert_eq!(
            Command::parse(b"EAPOL_REAUTH 02:00:00:00:02:00"),
            Command::EapolReauth(STA)
        );
        assert_eq!(
            Command::parse(b"SA_QUERY 02:00:00:00:02:00"),
            Command::SaQuery(STA)
        );
        assert!(matches!(Command::parse(b"SA_QUERY"), Command::Invalid(_)));
        assert_eq!(
            Command::parse(b"SET deny_mac_file /etc/deny list"),
            Command::Set("deny_mac_file".into(), "/etc/deny list".into())
        );
        assert!(matches!(Command::parse(b"SET ssid"), Command::Invalid(_)));
        assert_eq!(
            Command::parse(b"DISASSOC_IMMINENT 02:00:00:00:02:00 10"),
            Command::BssTmReq(BssTmArgs {
                sta: STA,
                mode: 0x04,
                disassoc_timer: 10,
                validity_interval: 0,
                dialog_token: Some(1),
                candidates: Vec::new(),
            })
        );
        assert!(matches!(Command::parse(b"STA zz"), Command::Invalid(_)));
        assert!(matches!(
            Command::parse(b"DEAUTHENTICATE 02:00:00:00:02:00 reason=x"),
            Command::Invalid(_)
        ));
    }

    #[test]
    fn neighbor_commands() {
        let bssid = MacAddr([2, 0, 0, 0, 1, 0]);
        let nr = "020000000100 8f000000 51 01 07".replace(' ', "");
        let cmd = format!("SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"my net\" nr={nr} stat");
        let Command::SetNeighbor {
            bssid: b,
            ssid,
            nr: n,
            lci,
            civic,
            stationary,
        } = Command::parse(cmd.as_bytes())
        else {
            panic!("not parsed")
        };
        assert_eq!(
            (b, &ssid[..], n.len(), lci, civic, stationary),
            (bssid, &b"my net"[..], 13, None, None, true)
        );
        // Hex SSID, LCI and civic.
        let cmd = format!("SET_NEIGHBOR 02:00:00:00:01:00 ssid=6e6574 nr={nr} lci=0102 civic=03");
        assert!(matches!(
            Command::parse(cmd.as_bytes()),
            Command::SetNeighbor { ref ssid, lci: Some(_), civic: Some(_), stationary: false, .. } if ssid == b"net"
        ));
        for bad in [
            "SET_NEIGHBOR 02:00:00:00:01:00 nr=00",
            "SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"x\"",
            "SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"x\" nr=0200",
            "SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"\" nr=02000000010000000000510107",
            "SET_NEIGHBOR zz ssid=\"x\" nr=02000000010000000000510107",
            "SET_NEIGHBOR 02:00:00:00:01:00 ssid=\"x\" nr=02000000010000000000510107 lci=0",
            "REMOVE_NEIGHBOR 02:00:00:00:01:00 ssid=zz",
            "REMOVE_NEIGHBOR",
        ] {
            assert!(
                matches!(Command::parse(bad.as_bytes()), Command::Invalid(_)),
                "{bad}"
            );
        }
        assert_eq!(
            Command::parse(b"REMOVE_NEIGHBOR 02:00:00:00:01:00 ssid=\"x\""),
            Command::RemoveNeighbor(bssid, Some(b"x".to_vec()))
        );
        assert_eq!(
            Command::parse(b"REMOVE_NEIGHBOR 02:00:00:00:01:00"),
            Command::RemoveNeighbor(bssid, None)
        );
        assert_eq!(Command::parse(b"SHOW_NEIGHBOR"), Command::ShowNeighbor);
    }

    #[test]
    fn bss_tm_req_arguments() {
        let cmd =
            b"BSS_TM_REQ 02:00:00:00:02:00 neighbor=02:00:00:00:01:00,0x0000008f,81,1,7,030101 \
            neighbor=02:00:00:00:03:00,0,115,36,9 pref=1 disassoc_imminent=1 disassoc_timer=10 \
            valid_int=255 abridged=0";
        let Command::BssTmReq(a) = Command::parse(cmd) else {
            panic!("not parsed")
        };
        assert_eq!(a.sta, STA);
        assert_eq!(a.mode, 0x05);
        assert_eq!(
            (a.disassoc_timer, a.validity_interval, a.dialog_token),
            (10, 255, None)
        );
        assert_eq!(
            a.candidates,
            [
                &[52, 16, 2, 0, 0, 0, 1, 0, 0x8f, 0, 0, 0, 81, 1, 7, 3, 1, 1][..],
                &[52, 13, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 115, 36, 9]
            ]
            .concat()
        );
        let Command::BssTmReq(a) = Command::parse(b"BSS_TM_REQ 02:00:00:00:02:00 dialog_token=7")
        else {
            panic!("not parsed")
        };
        assert_eq!((a.mode, a.dialog_token), (0, Some(7)));
        for bad in [
            "BSS_TM_REQ",
            "BSS_TM_REQ 02:00:00:00:02:00 disassoc_timer=70000",
            "BSS_TM_REQ 02:00:00:00:02:00 neighbor=02:00:00:00:01:00,0,81,1",
            "BSS_TM_REQ 02:00:00:00:02:00 neighbor=02:00:00:00:01:00,0,81,1,7,0",
            "BSS_TM_REQ 02:00:00:00:02:00 mbo=0:0:0",
            "BSS_TM_REQ 02:00:00:00:02:00 bss_term=0,30",
            "BSS_TM_REQ 02:00:00:00:02:00 url=http://x",
            "BSS_TM_REQ 02:00:00:00:02:00 frob",
        ] {
            assert!(
                matches!(Command::parse(bad.as_bytes()), Command::Invalid(_)),
                "{bad}"
            );
        }
    }

    #[test]
    fn req_beacon_arguments() {
        assert_eq!(
            Command::parse(b"REQ_BEACON 02:00:00:00:02:00 req_mode=01 51000000000002ffffffffffff"),
            Command::ReqBeacon {
                sta: STA,
                mode: 1,
                request: parse_hex("51000000000002ffffffffffff").unwrap()
            }
        );
        assert!(matches!(
            Command::parse(b"REQ_BEACON 02:00:00:00:02:00 510"),
            Command::Invalid(_)
        ));
        assert!(matches!(
            Command::parse(b"REQ_BEACON 02:00:00:00:02:00 req_mode=01"),
            Command::Invalid(_)
        ));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_datagrams_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = Command::parse(&bytes);
        }
    }
}
