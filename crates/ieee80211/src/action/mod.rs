//! Typed Action frame bodies. Views and reprs cover the whole Action body, Category
//! included, i.e. the bytes a [`crate::body::ActionRepr`] was parsed from (and the payload
//! hostapd relays over the DS for FT).

pub mod ft;
pub mod sa_query;

pub use ft::{FtAction, FtActionCode, FtActionRepr};
pub use sa_query::{SaQuery, SaQueryAction, SaQueryRepr};
