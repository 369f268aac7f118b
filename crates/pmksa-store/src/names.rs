//! The names the store uses: one Redis key per record, one pub/sub channel
//! per domain, and the announcements sent on it.
//!
//! - key `roamd:pmksa:<domain>:<spa>:<aa>` for a sticky entry (used only at
//!   AP `aa`), `roamd:pmksa:<domain>:<spa>:okc` for a station's OKC entry
//!   (one per station and domain); MACs as 12 lowercase hex digits so that
//!   `:` only separates fields (a domain may contain `:`: keys are parsed
//!   from the right);
//! - channel `roamd:pmksa:<domain>`;
//! - announcement `+<origin><key>\n<sealed record>` (added) or
//!   `-<origin><key>` (removed), origin being 8 octets naming the sender:
//!   the record travels with the announcement, so a host inserts it without
//!   asking the store again.

use roamd_wpa::MacAddr;

use crate::EntryKind;

const PREFIX: &str = "roamd:pmksa:";

/// The Redis key of the record of `spa` in `domain`.
pub fn record_key(domain: &str, spa: MacAddr, kind: EntryKind) -> String {
    let tail = match kind {
        EntryKind::Sticky { aa } => hex::encode(aa.0),
        EntryKind::Okc => "okc".to_string(),
    };
    format!("{PREFIX}{domain}:{}:{tail}", hex::encode(spa.0))
}

/// The `SCAN MATCH` pattern of every record of `domain` (glob characters
/// in the domain name escaped).
pub fn scan_pattern(domain: &str) -> String {
    let mut p = String::from(PREFIX);
    for c in domain.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push_str(":*");
    p
}

/// The station and kind a record key of `domain` names; `None` for a key
/// of another domain or not ours.
pub fn parse_record_key(domain: &str, key: &str) -> Option<(MacAddr, EntryKind)> {
    let rest = key
        .strip_prefix(PREFIX)?
        .strip_prefix(domain)?
        .strip_prefix(':')?;
    let (spa, tail) = rest.split_once(':')?;
    let spa = mac(spa)?;
    let kind = match tail {
        "okc" => EntryKind::Okc,
        aa => EntryKind::Sticky { aa: mac(aa)? },
    };
    Some((spa, kind))
}

fn mac(hex12: &str) -> Option<MacAddr> {
    let mut out = [0u8; 6];
    hex::decode_to_slice(hex12, &mut out).ok()?;
    Some(MacAddr(out))
}

/// The pub/sub channel of `domain`.
pub fn channel(domain: &str) -> String {
    format!("{PREFIX}{domain}")
}

/// A message on a domain's channel, from the host instance `origin` (a
/// random number each daemon picks at start-up: it skips its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement<'a> {
    /// The sender.
    pub origin: u64,
    /// What changed.
    pub change: Change<'a>,
}

/// What an [`Announcement`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<'a> {
    /// A record was written; it comes along.
    Added {
        /// Its key.
        key: &'a str,
        /// The sealed record.
        record: &'a [u8],
    },
    /// A record was deleted.
    Removed {
        /// Its key.
        key: &'a str,
    },
}

impl<'a> Announcement<'a> {
    /// The octets published: `+` or `-`, the origin (8 octets), the key,
    /// and for `+` a newline and the record.
    pub fn encode(&self) -> Vec<u8> {
        let origin = self.origin.to_be_bytes();
        match &self.change {
            Change::Added { key, record } => {
                [b"+", &origin[..], key.as_bytes(), b"\n", record].concat()
            }
            Change::Removed { key } => [b"-", &origin[..], key.as_bytes()].concat(),
        }
    }

    /// A received message; `None` if it is not one.
    pub fn decode(message: &'a [u8]) -> Option<Self> {
        let (&op, rest) = message.split_first()?;
        let (origin, rest) = rest.split_first_chunk::<8>()?;
        let origin = u64::from_be_bytes(*origin);
        let change = match op {
            b'+' => {
                let newline = rest.iter().position(|b| *b == b'\n')?;
                let (key, record) = rest.split_at_checked(newline)?;
                Change::Added {
                    key: core::str::from_utf8(key).ok()?,
                    record: record.get(1..)?,
                }
            }
            b'-' => Change::Removed {
                key: core::str::from_utf8(rest).ok()?,
            },
            _ => return None,
        };
        Some(Announcement { origin, change })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
    const AP: MacAddr = MacAddr([2, 0, 0, 0, 0, 0xab]);

    #[test]
    fn keys_round_trip() {
        let okc = record_key("corp:eap", STA, EntryKind::Okc);
        assert_eq!(okc, "roamd:pmksa:corp:eap:020000000200:okc");
        assert_eq!(
            parse_record_key("corp:eap", &okc),
            Some((STA, EntryKind::Okc))
        );
        let sticky = record_key("corp", STA, EntryKind::Sticky { aa: AP });
        assert_eq!(sticky, "roamd:pmksa:corp:020000000200:0200000000ab");
        assert_eq!(
            parse_record_key("corp", &sticky),
            Some((STA, EntryKind::Sticky { aa: AP }))
        );
        assert_eq!(parse_record_key("corp:eap", &sticky), None);
        assert_eq!(parse_record_key("cor", &sticky), None);
        assert_eq!(parse_record_key("corp", "roamd:pmksa:corp:zz:okc"), None);
        assert_eq!(scan_pattern("a*b"), "roamd:pmksa:a\\*b:*");
        assert_eq!(channel("corp"), "roamd:pmksa:corp");
    }

    #[test]
    fn announcements_round_trip() {
        let add = Announcement {
            origin: 0x0102_0304_0506_0708,
            change: Change::Added {
                key: "k",
                record: b"\n\x00rec",
            },
        };
        assert_eq!(Announcement::decode(&add.encode()), Some(add));
        let del = Announcement {
            origin: 9,
            change: Change::Removed { key: "k2" },
        };
        assert_eq!(Announcement::decode(&del.encode()), Some(del));
        assert_eq!(Announcement::decode(b""), None);
        assert_eq!(Announcement::decode(b"-short"), None);
        assert_eq!(Announcement::decode(b"+12345678nonewline"), None);
        assert_eq!(Announcement::decode(b"?x"), None);
    }
}
