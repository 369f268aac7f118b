//! What the BSS knows about each station.

use super::*;

/// A running SA Query (IEEE 802.11-2020 11.3.5.4 / 11.13).
#[derive(Debug, Clone)]
pub struct SaQuery {
    /// Transaction identifiers sent so far; any of them may be answered.
    pub transaction_ids: Vec<[u8; 2]>,
    /// When the first request went out.
    pub started: Instant,
    /// When the request is repeated.
    pub next_retry: Instant,
}

/// Where a station is in the 802.11 state machine (IEEE 802.11-2020 11.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationState {
    /// Authenticated, not associated (state 2).
    Authenticated,
    /// Association response sent, waiting for its acknowledgement.
    AssociationPending,
    /// Associated; the 4-way handshake runs, the port is still closed.
    Handshake,
    /// Associated and its port authorized (state 4 for an open network).
    Authorized,
}

/// One station known to the BSS.
#[derive(Debug)]
pub struct Station {
    /// Its address.
    pub mac: MacAddr,
    /// Its state.
    pub state: StationState,
    /// Its association ID, once associated.
    pub aid: Option<u16>,
    /// When it last sent us a management frame.
    pub last_seen: Instant,
    /// When it (last) authenticated.
    pub authenticated_at: Instant,
    /// When its port was authorized.
    pub authorized_at: Option<Instant>,
    /// Listen interval from its association request.
    pub listen_interval: u16,
    /// Capability information from its association request.
    pub capability: u16,
    /// It associated with WMM (QoS) and, with [`Station::ht`], 802.11n.
    pub wmm: bool,
    /// It associated with HT Capabilities (802.11n).
    pub ht: bool,
    /// What its RSNE negotiated (protected BSSes).
    pub negotiated: Option<Negotiated>,
    /// Its 4-way / group key handshake state machine (protected BSSes).
    pub machine: Option<Box<PtkStateMachine>>,
    /// Its pairwise key is in the kernel: EAPOL frames go out encrypted.
    pub ptk_installed: bool,
    /// An SA Query checking whether the station still holds its association.
    pub sa_query: Option<SaQuery>,
    /// Its 802.1X authenticator (WPA2-Enterprise).
    pub eap: Option<Box<EapAuthenticator>>,
    /// A deauthentication due once an EAP-Failure had time to reach it.
    pub deauth_at: Option<(Instant, ReasonCode)>,
    /// The EAP identity it authenticated with.
    pub identity: Option<Vec<u8>>,
    /// RADIUS attributes of its authentication that accounting repeats.
    pub session_attrs: Option<SessionAttrs>,
    /// Its accounting session, once the port is authorized.
    pub acct: Option<AcctSession>,
    /// The cached PMKSA its (re)association request matched.
    pub cached: Option<(Box<PmksaEntry>, HitKind)>,
    /// What this (re)association is costing, for the roam journal.
    pub journal: Option<Box<RoamRecord>>,
    /// Between an FT Authentication and the Reassociation: the exchange and
    /// its PTK, not installed yet.
    pub ft: Option<Box<crate::ft::PendingFt>>,
    /// The PMK of its last SAE authentication (WPA3-Personal).
    pub sae: Option<Box<SaeKey>>,
    /// Its (re)association request, held while the store is asked.
    #[cfg(feature = "shared-cache")]
    pub store_wait: Option<Box<StoreWait>>,
    /// The Dialog Token of its unanswered BSS transition request: one at a
    /// time, a new request replaces it.
    pub btm_token: Option<u8>,
    /// When a BSS transition request's Disassociation Timer ends.
    pub disassoc_at: Option<Instant>,
    /// Where the station table indexed its timers.
    pub(crate) index_keys: crate::station_table::IndexKeys,
}

/// Whether the station offered PMKIDs and whether we knew them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PmkidOffer {
    /// No PMKID in the RSNE.
    None,
    /// A PMKID matched a cached PMKSA (or an OKC derivation).
    Known,
    /// PMKIDs we do not have (or caching is off).
    Unknown,
    /// An FT reassociation: the RSNE's PMKID is the PMKR1Name of the FT
    /// exchange, not a PMKSA (no cache lookup, no miss counted).
    PmkR1Name,
}

/// How the station's key was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoamOutcome {
    /// No security.
    Open,
    /// The PSK.
    Psk,
    /// A full 802.1X/EAP exchange.
    FullEap,
    /// A PMKSA cached at this BSS.
    Pmksa,
    /// A PMK from another BSS of the cache domain (OKC).
    Okc,
    /// FT over the air: a PMK-R1 of the mobility domain, no 4-way handshake.
    FtAir,
    /// FT over the DS: the same, negotiated through the previous AP.
    FtDs,
    /// An SAE authentication (WPA3-Personal).
    Sae,
    /// An SAE PMKSA cached at this BSS: no SAE exchange.
    SaePmksa,
}

impl RoamOutcome {
    /// The journal's name of the outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            RoamOutcome::Open => "open",
            RoamOutcome::Psk => "psk",
            RoamOutcome::FullEap => "full-eap",
            RoamOutcome::Pmksa => "pmksa",
            RoamOutcome::Okc => "okc",
            RoamOutcome::FtAir => "ft-air",
            RoamOutcome::FtDs => "ft-ds",
            RoamOutcome::Sae => "sae",
            RoamOutcome::SaePmksa => "sae-pmksa",
        }
    }
}

/// One journal entry: what a (re)association cost.
#[derive(Debug, Clone)]
pub struct RoamRecord {
    /// When the (re)association request arrived.
    pub started: Instant,
    /// A reassociation (a roam from another BSS).
    pub reassoc: bool,
    /// The PMKIDs it offered.
    pub offered: PmkidOffer,
    /// How its key was established.
    pub outcome: RoamOutcome,
    /// RADIUS Access-Requests it took.
    pub radius_round_trips: u32,
    /// It advertised FT (a Mobility Domain element).
    pub ft: bool,
    /// It uses PMF.
    pub pmf: bool,
    /// From the request to the open port, once authorized.
    pub authorize_time: Option<Duration>,
    /// FT roams: where the PMK-R1 came from.
    pub key_source: Option<crate::ft::KeySource>,
    /// A PMKID it offered and we did not have is the OKC PMKID, for this
    /// BSS, of a PMKSA at another BSS of the domain (OKC on a sticky SSID).
    pub okc_offer: bool,
    /// Its quality, once authorized.
    pub class: Option<crate::profiles::RoamClass>,
    /// A BSS transition request from another BSS of ours preceded it:
    /// the request's outcome, as the journal's `steered=` says it.
    pub steered: Option<String>,
}

/// What a RADIUS Access-Accept said that accounting must repeat.
#[derive(Debug, Clone, Default)]
pub struct SessionAttrs {
    /// User-Name.
    pub identity: Vec<u8>,
    /// Class attributes.
    pub class: Vec<Vec<u8>>,
    /// Chargeable-User-Identity.
    pub cui: Option<Vec<u8>>,
    /// Acct-Interim-Interval from the server.
    pub interim: Option<Duration>,
}

/// A running accounting session (RFC 2866).
#[derive(Debug, Clone)]
pub struct AcctSession {
    /// Acct-Session-Id.
    pub id: String,
    /// When the port was authorized.
    pub started: Instant,
    /// When the next Interim-Update is due.
    pub next_interim: Option<Instant>,
    /// Interim interval.
    pub interim: Option<Duration>,
}

impl Station {
    pub(crate) fn new(mac: MacAddr, now: Instant) -> Self {
        Station {
            mac,
            state: StationState::Authenticated,
            aid: None,
            last_seen: now,
            authenticated_at: now,
            authorized_at: None,
            listen_interval: 0,
            capability: 0,
            wmm: false,
            ht: false,
            negotiated: None,
            machine: None,
            ptk_installed: false,
            sa_query: None,
            eap: None,
            deauth_at: None,
            identity: None,
            session_attrs: None,
            acct: None,
            cached: None,
            journal: None,
            ft: None,
            sae: None,
            #[cfg(feature = "shared-cache")]
            store_wait: None,
            btm_token: None,
            disassoc_at: None,
            index_keys: Default::default(),
        }
    }

    /// The earliest of the station's timers, if any runs.
    pub fn next_deadline(&self) -> Option<Instant> {
        let unconfirmed = match self.state {
            StationState::Authenticated => Some(self.last_seen + UNASSOCIATED_TIMEOUT),
            StationState::AssociationPending => Some(self.last_seen + ASSOC_ACK_TIMEOUT),
            _ => None,
        };
        let earliest = [
            unconfirmed,
            self.machine
                .as_deref()
                .and_then(PtkStateMachine::poll_timeout),
            self.sa_query.as_ref().map(|q| q.next_retry),
            self.eap.as_deref().and_then(EapAuthenticator::poll_timeout),
            self.deauth_at.map(|(t, _)| t),
            self.disassoc_at,
            self.acct.as_ref().and_then(|a| a.next_interim),
            // Only while the reassociation is awaited: once it came, the
            // deadline has done its work (and must not keep firing).
            self.ft
                .as_ref()
                .filter(|p| {
                    !p.installed
                        && matches!(
                            self.state,
                            StationState::Authenticated | StationState::Authorized
                        )
                })
                .map(|p| p.deadline),
        ]
        .into_iter()
        .flatten()
        .min();
        // A request held while the store is asked.
        #[cfg(feature = "shared-cache")]
        let earliest = earliest
            .into_iter()
            .chain(self.store_wait.as_ref().and_then(|w| w.pending_deadline()))
            .min();
        earliest
    }

    /// The PMK and PMKID an SAE AKM association runs on: the station's
    /// SAE exchange, else the cached SAE PMKSA its request named.
    pub(super) fn sae_pmk(&self) -> Option<(Pmk, roamd_wpa::Pmkid)> {
        if !self.negotiated.as_ref()?.akm.is_sae() {
            return None;
        }
        match (&self.sae, &self.cached) {
            (Some(key), _) => Some((key.pmk.clone(), key.pmkid)),
            (None, Some((entry, _))) => Some((entry.pmk().clone(), entry.pmkid())),
            (None, None) => None,
        }
    }

    /// Associated with a protected-management-frames security association.
    pub(super) fn has_mfp_sa(&self) -> bool {
        self.ptk_installed && self.negotiated.as_ref().is_some_and(|n| n.mfp)
    }

    /// An EAPOL frame to this station over the control port: in the clear
    /// until its pairwise key is in place.
    pub(super) fn eapol(&self, frame: Vec<u8>) -> Output {
        Output::SendEapol {
            sta: self.mac,
            frame,
            encrypt: self.ptk_installed,
        }
    }

    pub(super) fn in_kernel(&self) -> bool {
        self.aid.is_some()
    }
}
