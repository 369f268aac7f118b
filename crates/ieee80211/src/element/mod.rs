//! Information elements (IEEE 802.11-2020 9.4.2): TLV iteration, typed views, builders.

pub mod country;
pub mod elements;
pub mod ext_capabilities;
pub mod fte;
pub mod ht;
pub mod id;
pub mod mde;
pub mod neighbor_report;
pub mod rates;
pub mod raw;
pub mod ric_data;
pub mod rsne;
pub mod suite;
pub mod tim;
pub mod timeout_interval;
pub mod typed;
pub mod vendor;
pub mod writer;

pub use country::{country_data, Country, SubbandTriplet};
pub use elements::Elements;
pub use ext_capabilities::ExtendedCapabilities;
pub use fte::{FtGtk, FtIgtk, FteRepr, MicControl};
pub use ht::{AcParams, HtCapabilities, HtOperation, WmmInfo, WmmParameter};
pub use mde::{FtCapability, Mde};
pub use neighbor_report::NeighborReport;
pub use rates::{Rate, RateIter, Rates};
pub use raw::{ElementIter, RawElement};
pub use ric_data::RicData;
pub use rsne::{PmkidList, RsnCapabilities, Rsne, RsneRepr, SuiteList};
pub use suite::{Akm, CipherSuite};
pub use tim::Tim;
pub use timeout_interval::{TimeoutInterval, TimeoutIntervalType};
pub use typed::Element;
pub use vendor::VendorSpecific;
pub use writer::ElementWriter;
