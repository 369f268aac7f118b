//! Colon-separated hex display of MAC addresses for messages and listings.

use core::fmt;

use roamd_wpa::MacAddr;

/// Displays a MAC address as `02:00:00:00:01:00` (hostapd `MACSTR`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Mac(pub MacAddr);

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl fmt::Debug for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_colon_hex() {
        assert_eq!(Mac([2, 0, 0, 0xab, 1, 0]).to_string(), "02:00:00:ab:01:00");
    }
}
