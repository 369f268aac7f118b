//! Typed Action frame bodies. Views and reprs cover the whole Action body, Category
//! included, i.e. the bytes a [`crate::body::ActionRepr`] was parsed from (and the payload
//! hostapd relays over the DS for FT).

pub mod ft;
pub mod rrm;
pub mod sa_query;
pub mod wnm;

pub use ft::{FtAction, FtActionCode, FtActionRepr};
pub use rrm::{RadioMeasurement, RadioMeasurementRepr, RmAction};
pub use sa_query::{SaQuery, SaQueryAction, SaQueryRepr};
pub use wnm::{Btm, BtmAction, BtmRepr};
