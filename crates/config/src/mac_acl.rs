//! MAC address access control of a BSS, as hostapd's `macaddr_acl` with its
//! `accept_mac_file` and `deny_mac_file`.
//!
//! A station on the accept list is admitted, else one on the deny list is
//! refused, else the policy decides (hostapd's `hostapd_check_acl`). The list
//! files have hostapd's format: one `MAC [VLAN-ID]` per line, `#` starts a
//! comment line, and `-MAC` removes that address from the entries read so
//! far. roamd has no per-station VLANs, so a VLAN id other than 0 is refused.

use std::path::Path;

use roamd_ctrl::parse_mac;
use roamd_ieee80211::MacAddr;
use serde::Deserialize;

/// What happens to a station on neither list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum MacAclPolicy {
    /// Admitted (hostapd's `macaddr_acl=0`; TOML `mac_acl = "accept"`).
    #[default]
    #[serde(rename = "accept")]
    AcceptUnlessDenied,
    /// Refused (hostapd's `macaddr_acl=1`; TOML `mac_acl = "deny"`).
    #[serde(rename = "deny")]
    DenyUnlessAccepted,
}

/// The access control list of a BSS. The default admits every station.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MacAcl {
    policy: MacAclPolicy,
    /// Sorted and without duplicates, for binary search.
    accept: Vec<MacAddr>,
    deny: Vec<MacAddr>,
}

impl MacAcl {
    /// The list for `policy` with these accepted and denied addresses.
    pub fn new(policy: MacAclPolicy, mut accept: Vec<MacAddr>, mut deny: Vec<MacAddr>) -> Self {
        for list in [&mut accept, &mut deny] {
            list.sort_unstable();
            list.dedup();
        }
        MacAcl {
            policy,
            accept,
            deny,
        }
    }

    /// Whether `mac` may authenticate.
    pub fn allows(&self, mac: MacAddr) -> bool {
        // The accept list wins over the deny list, as in hostapd.
        if self.accept.binary_search(&mac).is_ok() {
            return true;
        }
        if self.deny.binary_search(&mac).is_ok() {
            return false;
        }
        self.policy == MacAclPolicy::AcceptUnlessDenied
    }

    /// The policy for stations on neither list.
    pub fn policy(&self) -> MacAclPolicy {
        self.policy
    }

    /// The accepted addresses, sorted.
    pub fn accepted(&self) -> &[MacAddr] {
        &self.accept
    }

    /// The denied addresses, sorted.
    pub fn denied(&self) -> &[MacAddr] {
        &self.deny
    }
}

/// Reads a TOML list of addresses written `02:00:00:00:01:00`.
pub(crate) fn deserialize_macs<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<MacAddr>, D::Error> {
    Vec::<String>::deserialize(deserializer)?
        .iter()
        .map(|text| {
            parse_mac(text)
                .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a MAC address")))
        })
        .collect()
}

/// Reads the list file `path` into `list` (after what it holds, so `-MAC`
/// lines also remove earlier entries); errors name the file and line.
pub fn load_into(path: &Path, list: &mut Vec<MacAddr>) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    parse_into(&text, list)
        .map_err(|(line, message)| format!("{} line {line}: {message}", path.display()))
}

/// Parses a list file's text into `list`; errors carry the line number.
pub fn parse_into(text: &str, list: &mut Vec<MacAddr>) -> Result<(), (usize, String)> {
    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (remove, entry) = match line.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, line),
        };
        let (mac_text, rest) = entry
            .split_once(char::is_whitespace)
            .map_or((entry, ""), |(mac, rest)| (mac, rest.trim_start()));
        let mac =
            parse_mac(mac_text).ok_or((line_no, format!("{mac_text:?} is not a MAC address")))?;
        if remove {
            // hostapd ignores anything after the address of a removal.
            list.retain(|m| *m != mac);
            continue;
        }
        // hostapd reads the VLAN id with atoi(), so a trailing "# note" is 0.
        let vlan = rest.split_whitespace().next().unwrap_or("");
        if !(vlan.is_empty() || vlan.starts_with('#')) {
            match vlan.parse::<u32>() {
                Ok(0) => {}
                Ok(id) => {
                    return Err((
                        line_no,
                        format!(
                        "VLAN id {id}: per-station VLANs are not supported (leave it out or use 0)"
                    ),
                    ))
                }
                Err(_) => return Err((line_no, format!("{vlan:?} is not a VLAN id"))),
            }
        }
        list.push(mac);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: MacAddr = MacAddr([2, 0, 0, 0, 0, 0xa]);
    const B: MacAddr = MacAddr([2, 0, 0, 0, 0, 0xb]);
    const C: MacAddr = MacAddr([2, 0, 0, 0, 0, 0xc]);

    #[test]
    fn hostapd_list_format_is_read() {
        let mut list = Vec::new();
        parse_into(
            "# accepted stations\n\n02:00:00:00:00:0a\n02:00:00:00:00:0B 0\n\
             02:00:00:00:00:0c # the printer\n02:00:00:00:00:0a\n",
            &mut list,
        )
        .expect("valid");
        assert_eq!(list, vec![A, B, C, A]);
        // A second file removes entries of the first, as hostapd applies them in order.
        parse_into("-02:00:00:00:00:0a\n", &mut list).expect("valid");
        assert_eq!(list, vec![B, C]);
    }

    #[test]
    fn bad_lines_are_refused_with_their_number() {
        let mut list = Vec::new();
        assert_eq!(
            parse_into("02:00:00:00:00:0a\n02:00:00:00:00\n", &mut list),
            Err((2, "\"02:00:00:00:00\" is not a MAC address".into()))
        );
        assert_eq!(
            parse_into("# guests\n02:00:00:00:00:0a 7\n", &mut list),
            Err((
                2,
                "VLAN id 7: per-station VLANs are not supported (leave it out or use 0)".into()
            ))
        );
        assert_eq!(
            parse_into("02:00:00:00:00:0a vlan7\n", &mut list),
            Err((1, "\"vlan7\" is not a VLAN id".into()))
        );
        assert_eq!(
            parse_into("-zz\n", &mut list),
            Err((1, "\"zz\" is not a MAC address".into()))
        );
    }

    #[test]
    fn accept_unless_denied_refuses_only_the_deny_list() {
        let acl = MacAcl::new(MacAclPolicy::AcceptUnlessDenied, vec![], vec![B]);
        assert!(acl.allows(A));
        assert!(!acl.allows(B));
        assert!(MacAcl::default().allows(B));
    }

    #[test]
    fn deny_unless_accepted_admits_only_the_accept_list() {
        let acl = MacAcl::new(MacAclPolicy::DenyUnlessAccepted, vec![A, C, A], vec![]);
        assert_eq!(acl.accepted(), &[A, C]);
        assert!(acl.allows(A));
        assert!(acl.allows(C));
        assert!(!acl.allows(B));
    }

    #[test]
    fn the_accept_list_wins_over_the_deny_list() {
        // hostapd_check_acl consults the accept list first.
        for policy in [
            MacAclPolicy::AcceptUnlessDenied,
            MacAclPolicy::DenyUnlessAccepted,
        ] {
            let acl = MacAcl::new(policy, vec![A], vec![A, B]);
            assert!(acl.allows(A), "{policy:?}");
            assert!(!acl.allows(B), "{policy:?}");
        }
    }
}
