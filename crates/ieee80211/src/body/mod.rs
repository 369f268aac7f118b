//! Management frame bodies: a view and a `Repr` per body layout.

pub mod action;
pub mod aid;
pub mod assoc_request;
pub mod assoc_response;
pub mod authentication;
pub mod beacon;
pub mod probe_request;
pub mod reason_body;
pub mod reassoc_request;

pub use action::{Action, ActionCategory, ActionRepr};
pub use aid::Aid;
pub use assoc_request::{AssocRequest, AssocRequestRepr};
pub use assoc_response::{AssocResponse, AssocResponseRepr};
pub use authentication::{AuthAlgorithm, Authentication, AuthenticationRepr};
pub use beacon::{Beacon, BeaconRepr, ProbeResponseRepr};
pub use probe_request::{ProbeRequest, ProbeRequestRepr};
pub use reason_body::{ReasonBody, ReasonBodyRepr};
pub use reassoc_request::{ReassocRequest, ReassocRequestRepr};
