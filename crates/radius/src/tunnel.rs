//! Dynamic VLAN from tunnel attributes (RFC 3580 3.31, RFC 2868), read as
//! hostapd's radius_msg_get_vlanid does.

use crate::attribute::Attribute;
use crate::code::{TunnelMediumType, TunnelType};

// RFC 2868: tags 0x00..=0x1F; hostapd groups a larger tag under tag 0.
const TAGS: usize = 0x20;

#[derive(Default, Clone, Copy)]
struct Tunnel {
    used: bool,
    vlan_type: bool,
    ieee802: bool,
    vlan: Option<u16>,
}

/// The tunnel a tag belongs to (tags past 0x1F share tag 0's, see [`TAGS`]).
fn slot(tunnels: &mut [Tunnel; TAGS], tag: u8) -> &mut Tunnel {
    let [first, rest @ ..] = tunnels;
    match usize::from(tag).checked_sub(1) {
        Some(i) => rest.get_mut(i).unwrap_or(first),
        None => first,
    }
}

/// Parses a Tunnel-Private-Group-ID as a VLAN id: decimal ASCII digits only,
/// 1..=4094 (IEEE 802.1Q). Stricter than hostapd's `atoi`, which accepts
/// trailing garbage.
pub fn parse_vlan_id(value: &[u8]) -> Option<u16> {
    if value.is_empty() || value.len() > 4 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = value.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    (1..=4094).contains(&n).then_some(n)
}

/// The VLAN to put the station on: from the lowest-tagged tunnel that has
/// Tunnel-Type VLAN (13), Tunnel-Medium-Type IEEE-802 (6) and a valid
/// Tunnel-Private-Group-ID; `None` if no tunnel qualifies.
pub fn vlan_id(attributes: &[Attribute]) -> Option<u16> {
    let mut tunnels = [Tunnel::default(); TAGS];
    for a in attributes {
        match a {
            Attribute::TunnelType { tag, value } => {
                let t = slot(&mut tunnels, *tag);
                t.used = true;
                t.vlan_type = *value == TunnelType::Vlan;
            }
            Attribute::TunnelMediumType { tag, value } => {
                let t = slot(&mut tunnels, *tag);
                t.used = true;
                t.ieee802 = *value == TunnelMediumType::Ieee802;
            }
            Attribute::TunnelPrivateGroupId { tag, value } => {
                if let Some(v) = parse_vlan_id(value) {
                    let t = slot(&mut tunnels, tag.unwrap_or(0));
                    t.used = true;
                    t.vlan = Some(v);
                }
            }
            _ => {}
        }
    }
    tunnels
        .iter()
        .find(|t| t.used && t.vlan_type && t.ieee802)
        .and_then(|t| t.vlan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vlan(tag: u8, id: &[u8]) -> Vec<Attribute> {
        vec![
            Attribute::TunnelType {
                tag,
                value: TunnelType::Vlan,
            },
            Attribute::TunnelMediumType {
                tag,
                value: TunnelMediumType::Ieee802,
            },
            Attribute::TunnelPrivateGroupId {
                tag: Some(tag),
                value: id.to_vec(),
            },
        ]
    }

    #[test]
    fn vlan_from_tunnel_attributes() {
        assert_eq!(vlan_id(&vlan(1, b"42")), Some(42));
        assert_eq!(vlan_id(&vlan(0, b"4094")), Some(4094));
        // Untagged group id (first octet >= 0x20) belongs to tag 0.
        let mut a = vlan(0, b"7");
        a[2] = Attribute::TunnelPrivateGroupId {
            tag: None,
            value: b"7".to_vec(),
        };
        assert_eq!(vlan_id(&a), Some(7));
        // The lowest tag wins.
        let mut two = vlan(5, b"50");
        two.extend(vlan(2, b"20"));
        assert_eq!(vlan_id(&two), Some(20));
        // Wrong type, wrong medium, missing group, bad numbers.
        let mut wrong = vlan(1, b"42");
        wrong[0] = Attribute::TunnelType {
            tag: 1,
            value: TunnelType::L2tp,
        };
        assert_eq!(vlan_id(&wrong), None);
        let mut wrong = vlan(1, b"42");
        wrong[1] = Attribute::TunnelMediumType {
            tag: 1,
            value: TunnelMediumType::Ipv4,
        };
        assert_eq!(vlan_id(&wrong), None);
        assert_eq!(vlan_id(&vlan(1, b"42")[..2]), None);
        // Group id under another tag does not join the tunnel.
        let mut split = vlan(1, b"42");
        split[2] = Attribute::TunnelPrivateGroupId {
            tag: Some(2),
            value: b"42".to_vec(),
        };
        assert_eq!(vlan_id(&split), None);
        for bad in [&b"0"[..], b"4095", b"12a", b"", b"-1", b" 12", b"00042"] {
            assert_eq!(vlan_id(&vlan(1, bad)), None, "{bad:?}");
        }
        assert_eq!(parse_vlan_id(b"0042"), Some(42));
    }

    #[test]
    fn tags_past_0x1f_share_tag_0() {
        // 0x1F is the last tag with its own tunnel.
        assert_eq!(vlan_id(&vlan(0x1f, b"31")), Some(31));
        let mut a = vlan(0x1f, b"31");
        a[2] = Attribute::TunnelPrivateGroupId {
            tag: None,
            value: b"31".to_vec(),
        };
        assert_eq!(vlan_id(&a), None);
        // Larger tags are grouped under tag 0, with untagged group ids.
        for tag in [0x20, 0x80, 0xff] {
            let mut a = vlan(tag, b"9");
            a[2] = Attribute::TunnelPrivateGroupId {
                tag: None,
                value: b"9".to_vec(),
            };
            assert_eq!(vlan_id(&a), Some(9), "tag {tag:#x}");
        }
    }
}
