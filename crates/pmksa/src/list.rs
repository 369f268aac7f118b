//! The control interface listing of a PMKSA cache (hostapd `PMKSA` command,
//! `pmksa_cache_auth_list`).

use core::fmt;

use roamd_wpa::{MacAddr, Pmkid};

/// First line of the `PMKSA` reply, as hostapd prints it.
pub const LIST_HEADER: &str = "Index / SPA / PMKID / expiration (in seconds) / opportunistic";

/// One line of the `PMKSA` listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PmksaRow {
    /// Position in the listing, from 0, in order of expiry.
    pub index: usize,
    /// The station.
    pub spa: MacAddr,
    /// The entry's PMKID.
    pub pmkid: Pmkid,
    /// Whole seconds until expiry, 0 for an expired entry not yet removed.
    pub seconds_left: u64,
    /// Derived by OKC (printed 1) or created by authentication here (0).
    pub opportunistic: bool,
}

impl fmt::Display for PmksaRow {
    /// `<index> <spa> <pmkid hex> <seconds> <0|1>`, no newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {}",
            self.index,
            self.spa,
            self.pmkid,
            self.seconds_left,
            u8::from(self.opportunistic)
        )
    }
}

/// The whole `PMKSA` reply: the header and one line per row, each ending
/// in a newline.
pub fn format_list(rows: &[PmksaRow]) -> String {
    let mut out = String::with_capacity(LIST_HEADER.len() + 1 + rows.len() * 64);
    out.push_str(LIST_HEADER);
    out.push('\n');
    for row in rows {
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostapd_format() {
        let rows = [
            PmksaRow {
                index: 0,
                spa: MacAddr([2, 0, 0, 0, 2, 0]),
                pmkid: Pmkid([0xed; 16]),
                seconds_left: 43200,
                opportunistic: false,
            },
            PmksaRow {
                index: 1,
                spa: MacAddr([2, 0, 0, 0, 3, 0]),
                pmkid: Pmkid([0x5c; 16]),
                seconds_left: 7,
                opportunistic: true,
            },
        ];
        assert_eq!(
            format_list(&rows),
            format!(
                "Index / SPA / PMKID / expiration (in seconds) / opportunistic\n\
                 0 02:00:00:00:02:00 {} 43200 0\n\
                 1 02:00:00:00:03:00 {} 7 1\n",
                "ed".repeat(16),
                "5c".repeat(16)
            )
        );
        assert_eq!(format_list(&[]), format!("{LIST_HEADER}\n"));
    }
}
