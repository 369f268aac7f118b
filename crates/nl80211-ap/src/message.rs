//! The nl80211 generic netlink message: a command and its attributes.

use netlink_packet_core::{DecodeError, Emitable, ParseableParametrized};
use netlink_packet_generic::{GenlFamily, GenlHeader};

use crate::attr::{parse_attrs, Attr};

/// One nl80211 message (request, reply or event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nl80211Message {
    /// `CMD_*`.
    pub cmd: u8,
    /// The attributes, in order.
    pub attrs: Vec<Attr>,
}

impl Nl80211Message {
    /// A message with `cmd` and `attrs`.
    pub fn new(cmd: u8, attrs: Vec<Attr>) -> Self {
        Nl80211Message { cmd, attrs }
    }

    /// The first attribute for which `pick` returns a value.
    pub fn find<T>(&self, pick: impl FnMut(&Attr) -> Option<T>) -> Option<T> {
        self.attrs.iter().find_map(pick)
    }
}

impl GenlFamily for Nl80211Message {
    fn family_name() -> &'static str {
        "nl80211"
    }

    fn command(&self) -> u8 {
        self.cmd
    }

    fn version(&self) -> u8 {
        1
    }
}

impl Emitable for Nl80211Message {
    fn buffer_len(&self) -> usize {
        self.attrs.as_slice().buffer_len()
    }

    fn emit(&self, buffer: &mut [u8]) {
        self.attrs.as_slice().emit(buffer)
    }
}

impl ParseableParametrized<[u8], GenlHeader> for Nl80211Message {
    fn parse_with_param(buf: &[u8], header: GenlHeader) -> Result<Self, DecodeError> {
        Ok(Nl80211Message {
            cmd: header.cmd,
            attrs: parse_attrs(buf)?,
        })
    }
}
