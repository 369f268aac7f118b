//! Why SAE input or configuration was refused.

use thiserror::Error;

/// An SAE failure. Protocol failures become a status code or a silent drop in
/// [`crate::SaeTable::handle_auth`]; configuration failures come from [`crate::SaeTable::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// The peer's commit scalar is not in (1, r).
    #[error("commit scalar out of range")]
    BadScalar,
    /// The peer's commit element is not a point on the curve, or K is the identity.
    #[error("commit element not on the curve")]
    BadElement,
    /// Hunting-and-pecking found no password element in 200 rounds.
    #[error("no password element")]
    NoPasswordElement,
    /// The configuration has no group, no password, or an empty SSID.
    #[error("invalid SAE configuration: {0}")]
    Config(&'static str),
    /// A length that holds by construction did not (a bug, reported rather than panicking).
    #[error("internal error: {0}")]
    Internal(&'static str),
}
