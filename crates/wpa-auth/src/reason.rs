//! The IEEE 802.11 reason codes this crate puts in
//! [`crate::Action::Deauthenticate`] (IEEE 802.11-2020 Table 9-49).

/// 1: unspecified reason (used when a frame could not be built).
pub const UNSPECIFIED: u16 = 1;
/// 15: 4-way handshake timeout (message 1 or 3 retries exhausted).
pub const FOURWAY_HANDSHAKE_TIMEOUT: u16 = 15;
/// 16: group key handshake timeout (group message 1 retries exhausted).
pub const GROUP_KEY_UPDATE_TIMEOUT: u16 = 16;
/// 17: the RSNE in message 2 differs from the (re)association request.
pub const IE_IN_4WAY_DIFFERS: u16 = 17;
