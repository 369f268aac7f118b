//! What the key holder tells the AP core.

use std::time::Duration;

use roamd_ieee80211::MacAddr;
use roamd_wpa::{Akm, PmkR0Name};

use crate::cache::PmkR1Entry;

/// A station's request for a PMK-R1 at this AP (from its FT Authentication
/// or FT Request: R0KH-ID from the FTE, PMKR0Name from the RSNE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PmkR1Request<'a> {
    /// The station.
    pub sta: MacAddr,
    /// Its FT AKM (selects SHA-256 or SHA-384 for PMKR1Name).
    pub akm: Akm,
    /// R0KH-ID the station named.
    pub r0kh_id: &'a [u8],
    /// PMKR0Name the station named.
    pub pmk_r0_name: PmkR0Name,
}

/// The answer to [`crate::KeyHolder::request_pmk_r1`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PmkR1Lookup {
    /// The key is here (cached, or derived from a local PMK-R0).
    Ready(Box<PmkR1Entry>),
    /// A pull request is under way: wait for [`Event::PmkR1Available`] or
    /// [`Event::PullFailed`] for this station.
    Pending,
    /// No key and no way to get one: answer the station with status 53
    /// (Invalid PMKID), as hostapd does.
    Failed(PullFailure),
}

/// Why no PMK-R1 could be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PullFailure {
    /// No `r0kh=` entry for the R0KH-ID and no wildcard.
    UnknownR0kh,
    /// The R0KH-ID timed out recently and is blocked (`rkh_neg_timeout`).
    Blocked,
    /// The R0KH-ID is our own, and we hold no such PMK-R0.
    NoLocalPmkR0,
    /// No answer after all retries (`rkh_pull_retries`).
    Timeout,
    /// The R0KH answered that it has no such PMK-R0.
    Nak,
    /// The R0KH's PMK-R1 carries another PMKR1Name than the station's.
    NameMismatch,
    /// Too many pulls are pending ([`crate::Limits::pending_pulls`]).
    TooManyPending,
    /// The request could not be sealed (an R0KH-ID over 48 octets).
    Encode,
}

/// An event for the AP core, in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A pulled PMK-R1 arrived for a station waiting for it: resume its FT
    /// authentication (or over-DS request) with this key.
    PmkR1Available {
        /// The key (origin [`crate::PmkR1Origin::Pulled`]).
        entry: Box<PmkR1Entry>,
        /// From the first pull request to the response.
        round_trip: Duration,
    },
    /// The pull for a station failed: answer it with status 53.
    PullFailed {
        /// The station.
        sta: MacAddr,
        /// PMKR0Name it presented.
        pmk_r0_name: PmkR0Name,
        /// Why.
        reason: PullFailure,
    },
    /// An R0KH pushed a PMK-R1 (now cached).
    PmkR1Pushed {
        /// The station.
        sta: MacAddr,
        /// The R0KH's address.
        from: MacAddr,
    },
    /// Over-DS: a current AP relays a station's FT Request to us. Process it
    /// like an FT Authentication (with [`crate::KeyHolder::request_pmk_r1`])
    /// and answer with [`crate::KeyHolder::send_over_ds_response`].
    OverDsRequest {
        /// The AP the station is associated with.
        current_ap: MacAddr,
        /// The station.
        sta: MacAddr,
        /// Elements of the FT Request (RSNE, MDE, FTE, ...).
        elements: Vec<u8>,
    },
    /// Over-DS: the target AP's FT Response for one of our stations; send
    /// this Action frame body (Category first) to the station.
    OverDsResponse {
        /// The station.
        sta: MacAddr,
        /// The FT Action frame body.
        action_frame: Vec<u8>,
    },
}
