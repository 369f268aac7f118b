//! Country element (IEEE 802.11-2020 9.4.2.9).
//!
//! An AP that sets `dot11MultiDomainCapabilityActivated` (hostapd's
//! `ieee80211d=1`) advertises its country and, per subband, the channels
//! and the maximum transmit power allowed there, so stations configure
//! themselves for the local regulations.

/// Element data limit: the country string, the triplets and the pad octet.
const DATA_MAX: usize = 255;

/// Country element view: 3-octet country string, then triplets (and an optional pad octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country<'a> {
    data: &'a [u8],
}

impl<'a> Country<'a> {
    /// Wraps element data; `None` if shorter than the country string.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= 3).then_some(Country { data })
    }

    /// Country string: two ASCII letters plus the environment octet (' ', 'O', 'I', 0x04, ...).
    pub fn country_string(&self) -> [u8; 3] {
        crate::wire::array_at::<3>(self.data, 0).unwrap_or([0; 3])
    }

    /// The triplets (subband or operating triplets), 3 octets each; a trailing pad is dropped.
    pub fn triplets(&self) -> core::slice::ChunksExact<'a, u8> {
        crate::wire::rest(self.data, 3).chunks_exact(3)
    }

    /// Element data.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }
}

/// A Subband triplet: `channels` channels from `first_channel` on (one
/// channel-spacing apart), each allowing `max_power_dbm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubbandTriplet {
    /// First channel number.
    pub first_channel: u8,
    /// Number of channels.
    pub channels: u8,
    /// Maximum transmit power level, dBm (signed).
    pub max_power_dbm: i8,
}

impl SubbandTriplet {
    /// Groups `(channel, max power dBm)` of the enabled channels, in
    /// ascending order, into triplets as hostapd's hostapd_eid_country
    /// does: a run of channels `spacing` apart (1 in 2.4 GHz, 4 in 5 GHz)
    /// with the same power is one triplet.
    pub fn group(channels: impl IntoIterator<Item = (u8, i8)>, spacing: u8) -> Vec<Self> {
        let mut out: Vec<SubbandTriplet> = Vec::new();
        for (channel, power) in channels {
            if let Some(last) = out.last_mut() {
                let next =
                    u32::from(last.first_channel) + u32::from(last.channels) * u32::from(spacing);
                if next == u32::from(channel) && last.max_power_dbm == power && last.channels < 255
                {
                    last.channels += 1;
                    continue;
                }
            }
            out.push(SubbandTriplet {
                first_channel: channel,
                channels: 1,
                max_power_dbm: power,
            });
        }
        out
    }
}

/// The data of a Country element: `country` (two letters and the
/// environment octet), then the triplets that fit, padded to an even
/// length as the standard requires.
pub fn country_data(country: [u8; 3], triplets: &[SubbandTriplet]) -> Vec<u8> {
    let mut data = country.to_vec();
    for t in triplets {
        // Room for the pad octet too; further triplets are dropped
        // (hostapd stops at the end of its buffer the same way).
        if data.len() + 3 > DATA_MAX - 1 {
            break;
        }
        data.extend_from_slice(&[t.first_channel, t.channels, t.max_power_dbm as u8]);
    }
    if data.len() % 2 == 1 {
        data.push(0);
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triplets_group_runs_of_equal_power() {
        // 2.4 GHz in Germany: channels 1-13 at 20 dBm.
        let de: Vec<_> = (1..=13).map(|c| (c, 20)).collect();
        let t = SubbandTriplet::group(de, 1);
        assert_eq!(
            t,
            vec![SubbandTriplet {
                first_channel: 1,
                channels: 13,
                max_power_dbm: 20
            }]
        );
        // 5 GHz: a gap (52 missing) and a power change split the runs.
        let five = [(36, 23), (40, 23), (44, 23), (48, 23), (56, 23), (60, 20)];
        let t = SubbandTriplet::group(five, 4);
        let as_tuples: Vec<_> = t
            .iter()
            .map(|t| (t.first_channel, t.channels, t.max_power_dbm))
            .collect();
        assert_eq!(as_tuples, vec![(36, 4, 23), (56, 1, 23), (60, 1, 20)]);
        assert!(SubbandTriplet::group([], 1).is_empty());
    }

    #[test]
    fn country_data_round_trips_and_is_padded_to_even_length() {
        let triplets = [SubbandTriplet {
            first_channel: 1,
            channels: 13,
            max_power_dbm: 20,
        }];
        // 3 + 3 octets: even, no pad.
        let data = country_data(*b"DE ", &triplets);
        assert_eq!(data, b"DE \x01\x0d\x14");
        let view = Country::new(&data).unwrap();
        assert_eq!(&view.country_string(), b"DE ");
        assert_eq!(
            view.triplets().collect::<Vec<_>>(),
            vec![&[1u8, 13, 20][..]]
        );
        // Two triplets: 9 octets, padded to 10; the view drops the pad.
        let two = [
            triplets[0],
            SubbandTriplet {
                first_channel: 36,
                channels: 4,
                max_power_dbm: -1,
            },
        ];
        let data = country_data(*b"US\x04", &two);
        assert_eq!(data.len(), 10);
        assert_eq!(data.last(), Some(&0));
        let view = Country::new(&data).unwrap();
        assert_eq!(view.triplets().nth(1), Some(&[36u8, 4, 0xff][..]));
        // No channels: the country string and the pad.
        assert_eq!(country_data(*b"DE ", &[]), b"DE \0");
    }

    #[test]
    fn country_data_stays_within_an_element() {
        let many = [SubbandTriplet {
            first_channel: 1,
            channels: 1,
            max_power_dbm: 20,
        }; 100];
        let data = country_data(*b"DE ", &many);
        assert!(data.len() <= 255 && data.len() % 2 == 0, "{}", data.len());
        assert_eq!(data.len(), 3 + 83 * 3);
    }

    #[test]
    fn country() {
        let c = Country::new(b"US \x01\x0b\x1e\x00").unwrap();
        assert_eq!(&c.country_string(), b"US ");
        let t: Vec<_> = c.triplets().collect();
        assert_eq!(t, vec![&[1u8, 11, 30][..]]);
        assert!(Country::new(b"US").is_none());
    }
}
