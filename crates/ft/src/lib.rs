//! placeholder
#![forbid(unsafe_code)]
pub mod error;
pub mod frame;
pub mod message;
pub mod over_ds;
pub mod tlv;
mod wire;
#[cfg(test)]
mod testdata;
