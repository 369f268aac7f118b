//! Per-station PSKs in hostapd's `wpa_psk_file` format.
//!
//! One entry per line: `[keyid=ID] [wps=0|1] MAC SECRET`, where SECRET is a
//! 64-digit hex PSK or an 8..=63 character passphrase (the rest of the line).
//! `00:00:00:00:00:00` matches any station. `#` starts a comment line.

use std::path::Path;

use roamd_ctrl::parse_mac;
use roamd_ieee80211::MacAddr;
use roamd_wpa::Psk;

/// One entry: a station address (all zeros: any station) and its PSK.
pub type StationPsk = (MacAddr, Psk);

/// Reads `path`; errors name the line and what is wrong, never the secret.
pub fn load(path: &Path, ssid: &[u8]) -> Result<Vec<StationPsk>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    parse(&text, ssid)
        .map_err(|(line, message)| format!("{} line {line}: {message}", path.display()))
}

/// Parses the file's text.
pub fn parse(text: &str, ssid: &[u8]) -> Result<Vec<StationPsk>, (usize, String)> {
    let mut entries = Vec::new();
    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut rest = line;
        let mac = loop {
            let (token, tail) = rest
                .split_once(char::is_whitespace)
                .ok_or((line_no, "missing secret".to_string()))?;
            rest = tail.trim_start();
            match token.split_once('=') {
                Some(("keyid" | "wps", _)) => continue,
                Some((name, _)) => {
                    return Err((line_no, format!("unsupported parameter {name:?}")))
                }
                None => {
                    break parse_mac(token)
                        .ok_or((line_no, format!("{token:?} is not a MAC address")))?
                }
            }
        };
        let secret = rest.trim_end();
        let psk = if secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            roamd_wpa::psk::parse_psk_hex(secret)
                .map_err(|_| (line_no, "invalid hex PSK".to_string()))?
        } else {
            roamd_wpa::psk::psk_from_passphrase(secret.as_bytes(), ssid).map_err(|_| {
                (
                    line_no,
                    "passphrase must be 8..=63 printable ASCII characters".to_string(),
                )
            })?
        };
        entries.push((mac, psk));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostapd_format_is_read() {
        let text =
            "# comment\n\n00:00:00:00:00:00 secret passphrase\nkeyid=guest 02:00:00:00:02:00 \
                    f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e\n";
        let entries = parse(text, b"IEEE").expect("valid");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0, MacAddr::ZERO);
        assert_eq!(
            entries[0].1,
            roamd_wpa::psk::psk_from_passphrase(b"secret passphrase", b"IEEE").expect("psk")
        );
        assert_eq!(entries[1].0, MacAddr([2, 0, 0, 0, 2, 0]));
        assert_eq!(
            entries[1].1,
            roamd_wpa::psk::psk_from_passphrase(b"password", b"IEEE").expect("psk")
        );
    }

    #[test]
    fn errors_name_the_line_not_the_secret() {
        assert_eq!(
            parse("zz:00 secretpass", b"x").unwrap_err(),
            (1, "\"zz:00\" is not a MAC address".into())
        );
        let e = parse("# x\n02:00:00:00:02:00 short", b"x").unwrap_err();
        assert_eq!(
            e,
            (
                2,
                "passphrase must be 8..=63 printable ASCII characters".into()
            )
        );
        assert_eq!(
            parse("vlanid=3 02:00:00:00:02:00 secretpass", b"x")
                .unwrap_err()
                .1,
            "unsupported parameter \"vlanid\""
        );
        assert_eq!(
            parse("02:00:00:00:02:00", b"x").unwrap_err().1,
            "missing secret"
        );
    }
}
