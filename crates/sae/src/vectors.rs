//! Test hooks (feature `test-vectors`), not an API: the intermediate values of the IEEE
//! 802.11 Annex J vectors, and a tiny station side built from the same primitives, for
//! the exchange tests, the benches and the fuzz target.

use rand::{CryptoRng, RngCore};
use roamd_ieee80211::sae::{emit_confirm, SaeCommitRepr};
use roamd_wpa::HashAlg;

use crate::error::Error;
use crate::group::{AnyExchange, Group, Pt, Pwe};
use crate::keys::Keys;

/// PWE (x || y) by hunting-and-pecking.
pub fn hunting_and_pecking_pwe(
    group: u16,
    password: &[u8],
    addr1: [u8; 6],
    addr2: [u8; 6],
) -> Option<Vec<u8>> {
    Pwe::hunting_and_pecking(Group::from_number(group)?, password, &addr1, &addr2)
        .ok()?
        .to_bytes()
}

/// PT (x || y) for hash-to-element.
pub fn pt(group: u16, ssid: &[u8], password: &[u8], id: Option<&[u8]>) -> Option<Vec<u8>> {
    Pt::derive(Group::from_number(group)?, ssid, password, id)
        .ok()?
        .to_bytes()
}

/// PWE (x || y) from PT for a pair of addresses.
pub fn pwe_from_pt(
    group: u16,
    ssid: &[u8],
    password: &[u8],
    id: Option<&[u8]>,
    addr1: [u8; 6],
    addr2: [u8; 6],
) -> Option<Vec<u8>> {
    Pt::derive(Group::from_number(group)?, ssid, password, id)
        .ok()?
        .pwe(&addr1, &addr2)
        .ok()?
        .to_bytes()
}

/// One side of an exchange, as a station runs it.
pub struct Station {
    group: Group,
    h2e: bool,
    exchange: AnyExchange,
    identifier: Option<Vec<u8>>,
    rejected_groups: Vec<u16>,
    keys: Option<(Keys, Vec<u8>, Vec<u8>)>,
}

/// How a [`Station`] derives its password element.
pub struct StationParams<'a> {
    /// Group number.
    pub group: u16,
    /// Hash-to-element (status 126) rather than hunting-and-pecking.
    pub h2e: bool,
    /// SSID (H2E).
    pub ssid: &'a [u8],
    /// Password.
    pub password: &'a [u8],
    /// Password Identifier (H2E).
    pub identifier: Option<&'a [u8]>,
    /// Rejected Groups to announce (H2E).
    pub rejected_groups: &'a [u16],
    /// Own address.
    pub own: [u8; 6],
    /// The AP's address.
    pub peer: [u8; 6],
}

impl Station {
    /// A station with a random commit.
    pub fn new(
        params: &StationParams<'_>,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self, Error> {
        let pwe = Self::pwe(params)?;
        Self::with_exchange(params, AnyExchange::new(&pwe, rng)?)
    }

    /// A station whose commit uses fixed rand and mask (Annex J).
    pub fn with_rand_mask(
        params: &StationParams<'_>,
        rand: &[u8],
        mask: &[u8],
    ) -> Result<Self, Error> {
        let pwe = Self::pwe(params)?;
        let exchange =
            AnyExchange::with_rand_mask(&pwe, rand, mask).ok_or(Error::Internal("rand, mask"))?;
        Self::with_exchange(params, exchange)
    }

    fn pwe(params: &StationParams<'_>) -> Result<Pwe, Error> {
        let group = Group::from_number(params.group).ok_or(Error::Config("group"))?;
        if params.h2e {
            Pt::derive(group, params.ssid, params.password, params.identifier)?
                .pwe(&params.own, &params.peer)
        } else {
            Pwe::hunting_and_pecking(group, params.password, &params.own, &params.peer)
        }
    }

    fn with_exchange(params: &StationParams<'_>, exchange: AnyExchange) -> Result<Self, Error> {
        Ok(Self {
            group: Group::from_number(params.group).ok_or(Error::Config("group"))?,
            h2e: params.h2e,
            exchange,
            identifier: params.identifier.map(<[u8]>::to_vec),
            rejected_groups: params.rejected_groups.to_vec(),
            keys: None,
        })
    }

    /// The commit body (after the Status Code), with an optional anti-clogging token.
    pub fn commit_body(&self, token: Option<&[u8]>) -> Vec<u8> {
        let mut out = Vec::new();
        SaeCommitRepr {
            group: self.group.number(),
            h2e: self.h2e,
            token,
            scalar: self.exchange.scalar_bytes(),
            element: self.exchange.element_bytes(),
            password_identifier: self.identifier.as_deref(),
            rejected_groups: &self.rejected_groups,
        }
        .emit(&mut out);
        out
    }

    /// Own commit scalar.
    pub fn scalar(&self) -> &[u8] {
        self.exchange.scalar_bytes()
    }

    /// Own commit element (x || y).
    pub fn element(&self) -> &[u8] {
        self.exchange.element_bytes()
    }

    /// Processes the AP's commit scalar and element: k, then the keys.
    pub fn process_peer(&mut self, scalar: &[u8], element: &[u8]) -> Result<(), Error> {
        let shared = self.exchange.process_peer(scalar, element)?;
        let hash = if self.h2e {
            self.group.h2e_hash()
        } else {
            HashAlg::Sha256
        };
        let salt: Vec<u8> = self
            .rejected_groups
            .iter()
            .flat_map(|g| g.to_le_bytes())
            .collect();
        let salt = (self.h2e && !salt.is_empty()).then_some(&salt[..]);
        let keys = Keys::derive(hash, salt, &shared)?;
        self.keys = Some((keys, scalar.to_vec(), element.to_vec()));
        Ok(())
    }

    /// The Confirm body with this Send-Confirm (after [`Self::process_peer`]).
    pub fn confirm_body(&self, send_confirm: u16) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some((keys, scalar, element)) = &self.keys {
            let own = (self.exchange.scalar_bytes(), self.exchange.element_bytes());
            let confirm = keys.confirm(send_confirm, own, (scalar, element));
            emit_confirm(send_confirm, &confirm, &mut out);
        }
        out
    }

    /// Checks the AP's Confirm body.
    pub fn verify_confirm(&self, body: &[u8]) -> bool {
        let (Some((keys, scalar, element)), Some(&[lo, hi]), Some(confirm)) =
            (&self.keys, body.get(..2), body.get(2..))
        else {
            return false;
        };
        let own = (self.exchange.scalar_bytes(), self.exchange.element_bytes());
        let sc = u16::from_le_bytes([lo, hi]);
        keys.verify(sc, confirm, (scalar, element), own)
    }

    /// KCK, PMK and PMKID (after [`Self::process_peer`]).
    pub fn keys(&self) -> Option<(Vec<u8>, Vec<u8>, [u8; 16])> {
        self.keys.as_ref().map(|(k, _, _)| {
            (
                k.kck().to_vec(),
                k.pmk.as_bytes().to_vec(),
                *k.pmkid.as_bytes(),
            )
        })
    }
}
