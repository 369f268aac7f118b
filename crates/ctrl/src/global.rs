//! Commands of hostapd's global control interface (`hostapd -g PATH`,
//! `hostapd_global_ctrl_iface_receive`): interfaces added and removed at
//! run time, and `IFNAME=<ifname> <command>` for an interface's own handler.

use std::path::PathBuf;

/// A command received on the global control socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalCommand {
    /// `IFNAME=<ifname> <command>`: the interface's handler answers it
    /// (`FAIL-NO-IFNAME-MATCH` when there is no such interface).
    Ifname(String, Vec<u8>),
    /// `PING` -> `PONG`.
    Ping,
    /// `RELOG`: reopen the log file.
    Relog,
    /// `FLUSH`: hostapd resets its testing state (interfaces stay).
    Flush,
    /// `ADD ...` (hostapd_add_iface).
    Add(AddInterface),
    /// `REMOVE <ifname>`: the interface, and its radio's other BSSes when
    /// it is the radio's first (hostapd_remove_iface).
    Remove(String),
    /// `ATTACH [options]`: events of every interface, `IFNAME=`-prefixed.
    Attach,
    /// `DETACH`.
    Detach,
    /// `INTERFACES [ctrl]`: one ifname a line, with `ctrl`
    /// `<ifname> ctrl_iface=<dir>`.
    Interfaces {
        /// Whether `ctrl` was asked for.
        ctrl: bool,
    },
    /// `TERMINATE`: the daemon exits.
    Terminate,
    /// Anything else; hostapd answers `FAIL`.
    Unknown(String),
}

/// What `ADD` adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddInterface {
    /// `ADD <ifname> config=<file>`: a radio from a hostapd.conf, its
    /// first BSS on `ifname` whatever the file's `interface=` says.
    Config {
        /// The interface.
        ifname: String,
        /// The hostapd.conf.
        config: PathBuf,
    },
    /// `ADD <ifname> [<ctrl_interface> [<driver>]]`: an interface with
    /// hostapd's defaults, set up by `SET` and started by `ENABLE`
    /// (hostapd_config_alloc; hostapd insists on the directory).
    Empty {
        /// The interface.
        ifname: String,
        /// The directory of its control socket, opened at once.
        ctrl_interface: Option<PathBuf>,
        /// The driver named, if any.
        driver: Option<String>,
    },
    /// `ADD bss_config=<phy>:<file>`: a BSS on radio `phy`.
    BssConfig {
        /// The radio, `phy0`.
        phy: String,
        /// The hostapd.conf of the BSS.
        config: PathBuf,
    },
}

impl GlobalCommand {
    /// Parses one datagram as hostapd does: the forwarding prefix first,
    /// then exact words (`ATTACH`, `INTERFACES` and `RELOG` take a tail).
    pub fn parse(datagram: &[u8]) -> GlobalCommand {
        let text = String::from_utf8_lossy(datagram);
        let text = text.trim_end_matches(['\n', '\r', '\0']);
        if let Some((ifname, command)) = text
            .strip_prefix("IFNAME=")
            .and_then(|rest| rest.split_once(' '))
        {
            return GlobalCommand::Ifname(ifname.to_string(), command.as_bytes().to_vec());
        }
        if let Some(rest) = text.strip_prefix("ADD ") {
            return GlobalCommand::Add(parse_add(rest));
        }
        if let Some(ifname) = text.strip_prefix("REMOVE ") {
            return GlobalCommand::Remove(ifname.to_string());
        }
        if let Some(rest) = text.strip_prefix("INTERFACES") {
            return GlobalCommand::Interfaces {
                ctrl: rest.contains("ctrl"),
            };
        }
        match text {
            "PING" => GlobalCommand::Ping,
            "FLUSH" => GlobalCommand::Flush,
            "DETACH" => GlobalCommand::Detach,
            "TERMINATE" => GlobalCommand::Terminate,
            _ if text.starts_with("RELOG") => GlobalCommand::Relog,
            _ if text == "ATTACH" || text.starts_with("ATTACH ") => GlobalCommand::Attach,
            _ => GlobalCommand::Unknown(text.to_string()),
        }
    }
}

/// `ADD`'s argument: `bss_config=<phy>:<file>`, or `<ifname> config=<file>`
/// (hostapd cuts at " config=", so the file name may hold spaces).
fn parse_add(rest: &str) -> AddInterface {
    if let Some((phy, file)) = rest
        .strip_prefix("bss_config=")
        .and_then(|spec| spec.split_once(':'))
    {
        return AddInterface::BssConfig {
            phy: phy.to_string(),
            config: PathBuf::from(file),
        };
    }
    if let Some((ifname, file)) = rest.split_once(" config=") {
        return AddInterface::Config {
            ifname: ifname.to_string(),
            config: PathBuf::from(file),
        };
    }
    let mut words = rest.split(' ').filter(|w| !w.is_empty());
    AddInterface::Empty {
        ifname: words.next().unwrap_or_default().to_string(),
        ctrl_interface: words.next().map(PathBuf::from),
        driver: words.next().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostapd_cli_global_commands() {
        assert_eq!(GlobalCommand::parse(b"PING"), GlobalCommand::Ping);
        assert_eq!(GlobalCommand::parse(b"RELOG\n"), GlobalCommand::Relog);
        assert_eq!(GlobalCommand::parse(b"FLUSH"), GlobalCommand::Flush);
        assert_eq!(GlobalCommand::parse(b"ATTACH"), GlobalCommand::Attach);
        assert_eq!(
            GlobalCommand::parse(b"ATTACH probe_rx_events=1"),
            GlobalCommand::Attach
        );
        assert_eq!(GlobalCommand::parse(b"DETACH"), GlobalCommand::Detach);
        assert_eq!(GlobalCommand::parse(b"TERMINATE"), GlobalCommand::Terminate);
        assert_eq!(
            GlobalCommand::parse(b"INTERFACES"),
            GlobalCommand::Interfaces { ctrl: false }
        );
        assert_eq!(
            GlobalCommand::parse(b"INTERFACES ctrl"),
            GlobalCommand::Interfaces { ctrl: true }
        );
        assert_eq!(
            GlobalCommand::parse(b"REMOVE wlan0"),
            GlobalCommand::Remove("wlan0".into())
        );
        // hostapd has no global STATUS: FAIL, as for any unknown word.
        assert_eq!(
            GlobalCommand::parse(b"STATUS"),
            GlobalCommand::Unknown("STATUS".into())
        );
        assert_eq!(
            GlobalCommand::parse(b"REMOVE"),
            GlobalCommand::Unknown("REMOVE".into())
        );
    }

    #[test]
    fn ifname_forwards_the_rest() {
        assert_eq!(
            GlobalCommand::parse(b"IFNAME=wlan0 STA-NEXT 02:00:00:00:02:00"),
            GlobalCommand::Ifname("wlan0".into(), b"STA-NEXT 02:00:00:00:02:00".to_vec())
        );
        // Without a command it is no forwarding (hostapd: unknown, FAIL).
        assert_eq!(
            GlobalCommand::parse(b"IFNAME=wlan0"),
            GlobalCommand::Unknown("IFNAME=wlan0".into())
        );
    }

    #[test]
    fn add_forms() {
        assert_eq!(
            GlobalCommand::parse(b"ADD wlan0 config=/etc/hostapd/my ap.conf"),
            GlobalCommand::Add(AddInterface::Config {
                ifname: "wlan0".into(),
                config: "/etc/hostapd/my ap.conf".into(),
            })
        );
        // hostapd's test framework: `ADD <ifname> <ctrl dir> [driver]`.
        assert_eq!(
            GlobalCommand::parse(b"ADD wlan1 /var/run/hostapd nl80211"),
            GlobalCommand::Add(AddInterface::Empty {
                ifname: "wlan1".into(),
                ctrl_interface: Some("/var/run/hostapd".into()),
                driver: Some("nl80211".into()),
            })
        );
        assert_eq!(
            GlobalCommand::parse(b"ADD wlan1"),
            GlobalCommand::Add(AddInterface::Empty {
                ifname: "wlan1".into(),
                ctrl_interface: None,
                driver: None,
            })
        );
        assert_eq!(
            GlobalCommand::parse(b"ADD bss_config=phy0:/etc/hostapd/bss.conf"),
            GlobalCommand::Add(AddInterface::BssConfig {
                phy: "phy0".into(),
                config: "/etc/hostapd/bss.conf".into(),
            })
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_datagrams_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = GlobalCommand::parse(&bytes);
        }
    }
}
