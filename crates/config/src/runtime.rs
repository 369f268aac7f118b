//! hostapd's `SET <name> <value>` on a BSS's control socket, for the keys
//! roamd can take at run time. hostapd hands SET to its hostapd.conf parser
//! and most keys only take effect when the interface starts again (ENABLE
//! after DISABLE); the access control lists apply at once, and stations they
//! no longer admit are disconnected (hostapd_disassoc_deny_mac). Keys that
//! need a new radio setup, new keys or a new RADIUS client (channel,
//! wpa_passphrase, auth_server_*) are refused: RELOAD applies those from the
//! file.

use std::path::Path;
use std::time::Duration;

use crate::{BssConfig, MacAcl, MacAclPolicy};

/// When a SET takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetEffect {
    /// The MAC access control list changed: it applies now.
    MacAcl,
    /// Stored: the BSS uses it when it starts again (ENABLE).
    NextStart,
}

/// Applies `SET name value` to `bss`; an error says why it is refused and
/// leaves `bss` as it was.
pub fn set(bss: &mut BssConfig, name: &str, value: &str) -> Result<SetEffect, String> {
    let number = |max: u64| -> Result<u64, String> {
        value
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("{name}: {value:?} is not a number up to {max}"))
    };
    match name {
        "ssid" => {
            if value.is_empty() || value.len() > 32 {
                return Err(format!("ssid: must be 1..=32 bytes, is {}", value.len()));
            }
            bss.ssid = value.as_bytes().to_vec();
        }
        "ignore_broadcast_ssid" => bss.hidden = number(2)? != 0,
        "max_num_sta" => match number(2007)? {
            0 => return Err("max_num_sta: must be 1..=2007".into()),
            n => bss.max_stations = n as u16,
        },
        "ap_max_inactivity" => match number(u64::from(u32::MAX))? {
            0 => return Err("ap_max_inactivity: must be at least 1 s".into()),
            n => bss.max_inactivity = Duration::from_secs(n),
        },
        "ap_isolate" => bss.ap_isolate = number(1)? == 1,
        "wpa_group_rekey" => {
            let secs = number(u64::from(u32::MAX))?;
            let Some(wpa) = &mut bss.wpa else {
                return Err("wpa_group_rekey: the BSS is open".into());
            };
            wpa.group_rekey = (secs > 0).then(|| Duration::from_secs(secs));
        }
        "macaddr_acl" => {
            let policy = match value {
                "0" => MacAclPolicy::AcceptUnlessDenied,
                "1" => MacAclPolicy::DenyUnlessAccepted,
                _ => return Err(format!("macaddr_acl: {value:?} is not 0 or 1")),
            };
            let acl = &bss.mac_acl;
            bss.mac_acl = MacAcl::new(policy, acl.accepted().to_vec(), acl.denied().to_vec());
            return Ok(SetEffect::MacAcl);
        }
        // As hostapd's parser, the file's entries add to the list (and its
        // `-MAC` lines remove from it).
        "accept_mac_file" | "deny_mac_file" => {
            let acl = &bss.mac_acl;
            let (mut accept, mut deny) = (acl.accepted().to_vec(), acl.denied().to_vec());
            let list = if name == "accept_mac_file" {
                &mut accept
            } else {
                &mut deny
            };
            crate::mac_acl::load_into(Path::new(value), list)?;
            bss.mac_acl = MacAcl::new(acl.policy(), accept, deny);
            return Ok(SetEffect::MacAcl);
        }
        _ => return Err(format!("{name}: not a key roamd changes at run time")),
    }
    Ok(SetEffect::NextStart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use roamd_ieee80211::MacAddr;

    fn bss() -> BssConfig {
        let text = "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n\
                    security = \"wpa2-psk\"\npassphrase = \"12345678\"\n";
        Config::parse(Path::new("t.toml"), text)
            .expect("valid")
            .radios[0]
            .bss[0]
            .clone()
    }

    #[test]
    fn settings_for_the_next_start_are_stored() {
        let mut b = bss();
        assert_eq!(set(&mut b, "ssid", "other"), Ok(SetEffect::NextStart));
        assert_eq!(b.ssid, b"other");
        assert_eq!(set(&mut b, "max_num_sta", "5"), Ok(SetEffect::NextStart));
        assert_eq!(b.max_stations, 5);
        assert_eq!(
            set(&mut b, "wpa_group_rekey", "0"),
            Ok(SetEffect::NextStart)
        );
        assert_eq!(b.wpa.as_ref().expect("wpa").group_rekey, None);
        assert_eq!(
            set(&mut b, "ignore_broadcast_ssid", "1"),
            Ok(SetEffect::NextStart)
        );
        assert!(b.hidden);
    }

    #[test]
    fn bad_values_and_other_keys_are_refused_and_change_nothing() {
        let mut b = bss();
        let before = b.clone();
        for (name, value) in [
            ("ssid", ""),
            ("ssid", "0123456789012345678901234567890123"),
            ("max_num_sta", "0"),
            ("max_num_sta", "2008"),
            ("ap_max_inactivity", "x"),
            ("macaddr_acl", "2"),
            ("wpa_passphrase", "abcdefgh"),
            ("channel", "6"),
            ("deny_mac_file", "/nonexistent/deny"),
        ] {
            assert!(set(&mut b, name, value).is_err(), "{name}={value}");
        }
        assert_eq!(b, before);
    }

    #[test]
    fn mac_lists_add_to_the_running_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("deny");
        std::fs::write(&file, "02:00:00:00:02:00\n").expect("write");
        let mut b = bss();
        let path = file.to_str().expect("utf-8");
        assert_eq!(set(&mut b, "deny_mac_file", path), Ok(SetEffect::MacAcl));
        let sta = MacAddr([2, 0, 0, 0, 2, 0]);
        assert!(!b.mac_allowed(sta));
        std::fs::write(&file, "-02:00:00:00:02:00\n").expect("write");
        assert_eq!(set(&mut b, "deny_mac_file", path), Ok(SetEffect::MacAcl));
        assert!(b.mac_allowed(sta));
        assert_eq!(set(&mut b, "macaddr_acl", "1"), Ok(SetEffect::MacAcl));
        assert!(!b.mac_allowed(sta));
    }
}
