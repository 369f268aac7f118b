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
    /// `DISASSOC_IMMINENT <mac> <timer>` (802.11v, which roamd lacks).
    DisassocImminent,
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
            "DISASSOC_IMMINENT" => Command::DisassocImminent,
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
            Command::DisassocImminent
        );
        assert!(matches!(Command::parse(b"STA zz"), Command::Invalid(_)));
        assert!(matches!(
            Command::parse(b"DEAUTHENTICATE 02:00:00:00:02:00 reason=x"),
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
