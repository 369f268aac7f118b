//! The scripted-station bench: the AP core driven frame by frame with a
//! fake clock, a scripted supplicant (wpa-auth's test supplicant, which
//! checks every MIC, nonce and replay counter) and a scripted RADIUS
//! server, through the paths a review found weak: floods, group source
//! addresses, RADIUS requests outliving their station, the switch to a new
//! GTK, accounting across reassociation and logoff, key hygiene.

#[path = "../../wpa-auth/tests/common/supplicant.rs"]
mod supplicant;

use std::path::Path;
use std::time::{Duration, Instant};

use roamd_ap::config::Config;
use roamd_ap::{Bss, KeyInstall, Output, StationState, TxPurpose};
use roamd_eap_auth::RadiusRequestId;
use roamd_ieee80211::{
    AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo, ElementWriter,
    Elements, MacAddr, ManagementFrame, Rate, ReasonBodyRepr, ReasonCode, ReassocRequestRepr,
    StatusCode,
};
use roamd_radius::{AccessAccept, AcctStatusType, AcctTerminateCause, Msk, Reply};
use roamd_wpa::{Akm, CipherSuite, Pmk};
use supplicant::{Answered, Supplicant};

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const PASSPHRASE: &str = "correct horse battery";
/// wpa_supplicant's RSNE without PMF: CCMP, PSK.
const RSNE_PSK: [u8; 22] = [
    48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0, 0,
];
/// The same with the 802.1X AKM.
const RSNE_EAP: [u8; 22] = [
    48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 1, 0, 0,
];

const PSK_BSS: &str = "security = \"wpa2-psk\"\npassphrase = \"correct horse battery\"";
const EAP_BSS: &str = "security = \"wpa2-eap\"\nnas_identifier = \"ap0\"\n\
    [radio.bss.cache]\nmode = \"none\"\n\
    [[radio.bss.auth_server]]\naddress = \"127.0.0.1:1812\"\nsecret = \"s\"\n\
    [[radio.bss.acct_server]]\naddress = \"127.0.0.1:1813\"\nsecret = \"s\"";

fn sta(n: u32) -> MacAddr {
    let b = n.to_be_bytes();
    MacAddr([2, 0x10, b[0], b[1], b[2], b[3]])
}

/// The AP under test and its fake clock.
struct Ap {
    bss: Bss,
    now: Instant,
}

impl Ap {
    fn new(bss_settings: &str) -> Ap {
        let text = format!(
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n{bss_settings}\n"
        );
        let c = Config::parse(Path::new("t.toml"), &text).expect("valid");
        let now = Instant::now();
        let bss = Bss::new(
            c.radios[0].bss[0].clone(),
            &c.radios[0],
            BSSID,
            now,
            [9; 32],
        )
        .expect("bss");
        Ap { bss, now }
    }

    fn frame(&mut self, frame: &[u8]) -> Vec<Output> {
        self.bss.handle_frame(self.now, frame)
    }

    fn eapol(&mut self, sta: MacAddr, frame: &[u8]) -> Vec<Output> {
        self.bss.handle_eapol(self.now, sta, frame)
    }

    /// Moves the clock on, running every timer that falls due on the way.
    fn advance(&mut self, by: Duration) -> Vec<Output> {
        let until = self.now + by;
        let mut out = Vec::new();
        while let Some(t) = self.bss.poll_timeout().filter(|t| *t <= until) {
            self.now = self.now.max(t);
            out.extend(self.bss.handle_timeout(self.now));
        }
        self.now = until;
        out
    }

    /// Authentication, (re)association and the ACK of the response.
    fn associate(&mut self, sta: MacAddr, rsne: &[u8], reassoc: bool) -> Vec<Output> {
        if !reassoc {
            let out = self.frame(&auth(sta));
            assert_eq!(auth_status(&out), Some(StatusCode::Success));
        }
        let mut elements = assoc_elements();
        elements.extend_from_slice(rsne);
        let out = self.frame(&assoc(sta, &elements, reassoc));
        assert!(out.iter().any(|o| matches!(o, Output::AddStation(_))));
        let mut all = out;
        all.extend(
            self.bss
                .handle_tx_status(self.now, TxPurpose::AssocResponse(sta), true),
        );
        all
    }

    fn supplicant(&self, sta: MacAddr, pmk: Pmk, rsne: &[u8], snonce: u8) -> Supplicant {
        let ap_rsne = self
            .bss
            .wpa()
            .expect("protected")
            .policy()
            .element()
            .to_vec();
        let akm = if rsne == RSNE_EAP {
            Akm::Ieee8021x
        } else {
            Akm::Psk
        };
        Supplicant::new(
            BSSID,
            sta,
            akm,
            CipherSuite::Ccmp128,
            pmk,
            rsne.to_vec(),
            ap_rsne,
            [snonce; 32],
        )
    }

    /// Answers EAPOL-Key frames in `out` with the supplicant until the
    /// exchange settles; returns every output on the way.
    fn handshake(&mut self, s: &mut Supplicant, mut out: Vec<Output>) -> Vec<Output> {
        let mac = s.spa;
        let mut all = Vec::new();
        for _ in 0..4 {
            let frames = eapol_to(&out, mac);
            all.append(&mut out);
            let Some(frame) = frames.last() else { break };
            let (_, reply) = s.receive(frame).expect("supplicant accepts");
            out = self.eapol(mac, &reply);
        }
        all.append(&mut out);
        all
    }

    fn join_psk(&mut self, mac: MacAddr, snonce: u8) -> Supplicant {
        let pmk = Pmk::from(
            &roamd_wpa::psk::psk_from_passphrase(PASSPHRASE.as_bytes(), b"lab").expect("psk"),
        );
        let mut s = self.supplicant(mac, pmk, &RSNE_PSK, snonce);
        let out = self.associate(mac, &RSNE_PSK, false);
        let all = self.handshake(&mut s, out);
        assert!(authorized(&all, mac), "station {mac} authorized: {all:?}");
        s
    }
}

fn mgmt(sa: MacAddr, body: Body<'_>) -> Vec<u8> {
    ManagementFrame::new(BSSID, sa, BSSID, body).to_bytes()
}

fn auth(sa: MacAddr) -> Vec<u8> {
    mgmt(
        sa,
        Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        }),
    )
}

fn assoc_elements() -> Vec<u8> {
    let mut buf = Vec::new();
    let mut w = ElementWriter::new(&mut buf);
    w.ssid(b"lab").expect("ssid");
    w.supported_rates(&[Rate::new(2, true), Rate::new(108, false)])
        .expect("rates");
    buf
}

fn assoc(sa: MacAddr, elements: &[u8], reassoc: bool) -> Vec<u8> {
    let repr = AssocRequestRepr {
        capabilities: CapabilityInfo::ESS,
        listen_interval: 5,
        elements: Elements::new(elements),
    };
    if reassoc {
        mgmt(
            sa,
            Body::ReassocRequest(ReassocRequestRepr {
                capabilities: repr.capabilities,
                listen_interval: repr.listen_interval,
                current_ap: BSSID,
                elements: repr.elements,
            }),
        )
    } else {
        mgmt(sa, Body::AssocRequest(repr))
    }
}

fn deauth(sa: MacAddr) -> Vec<u8> {
    mgmt(
        sa,
        Body::Deauthentication(ReasonBodyRepr {
            reason: ReasonCode::DeauthLeaving,
            elements: Elements::new(&[]),
        }),
    )
}

fn auth_status(out: &[Output]) -> Option<StatusCode> {
    out.iter().find_map(|o| match o {
        Output::SendFrame { frame, .. } => match ManagementFrame::parse(frame).ok()?.body {
            Body::Authentication(a) => Some(a.status),
            _ => None,
        },
        _ => None,
    })
}

fn eapol_to(out: &[Output], to: MacAddr) -> Vec<Vec<u8>> {
    out.iter()
        .filter_map(|o| match o {
            Output::SendEapol { sta, frame, .. } if *sta == to => Some(frame.clone()),
            _ => None,
        })
        .collect()
}

/// The pairwise keys installed for `sta` in `out`.
fn pairwise_keys(out: &[Output], sta: MacAddr) -> Vec<Vec<u8>> {
    out.iter()
        .filter_map(|o| match o {
            Output::InstallKey(KeyInstall {
                sta: Some(m), key, ..
            }) if *m == sta => Some(key.to_vec()),
            _ => None,
        })
        .collect()
}

fn authorized(out: &[Output], to: MacAddr) -> bool {
    out.iter()
        .any(|o| matches!(o, Output::Authorize { sta, authorized: true } if *sta == to))
}

fn radius_ids(out: &[Output]) -> Vec<(MacAddr, RadiusRequestId)> {
    out.iter()
        .filter_map(|o| match o {
            Output::Radius { sta, id, .. } => Some((*sta, *id)),
            _ => None,
        })
        .collect()
}

fn cancelled(out: &[Output]) -> Vec<(MacAddr, RadiusRequestId)> {
    out.iter()
        .filter_map(|o| match o {
            Output::CancelRadius { sta, id } => Some((*sta, *id)),
            _ => None,
        })
        .collect()
}

fn accounting(out: &[Output]) -> Vec<(AcctStatusType, Option<AcctTerminateCause>)> {
    out.iter()
        .filter_map(|o| match o {
            Output::Accounting { request, .. } => Some((request.status, request.terminate_cause)),
            _ => None,
        })
        .collect()
}

fn default_gtk_switches(out: &[Output]) -> Vec<u8> {
    out.iter()
        .filter_map(|o| match o {
            Output::SetDefaultKey {
                key_idx,
                mgmt: false,
            } => Some(*key_idx),
            _ => None,
        })
        .collect()
}

/// An EAPOL-EAP frame from a station.
fn eapol_eap(eap: &[u8]) -> Vec<u8> {
    let mut f = vec![1, 0, (eap.len() >> 8) as u8, eap.len() as u8];
    f.extend_from_slice(eap);
    f
}

/// The station answers the EAP-Request/Identity in `out`.
fn identity_response(out: &[Output], mac: MacAddr) -> Vec<u8> {
    let request = eapol_to(out, mac)
        .into_iter()
        .last()
        .expect("EAP-Request/Identity");
    // EAPOL header (4), then EAP: code 1, identifier.
    let id = request[5];
    eapol_eap(&[2, id, 0, 10, 1, b'a', b'l', b'i', b'c', b'e'])
}

/// A station of the WPA2-EAP BSS associates and answers the identity
/// request: one Access-Request is pending. Returns its id.
fn eap_pending(ap: &mut Ap, mac: MacAddr) -> RadiusRequestId {
    let out = ap.associate(mac, &RSNE_EAP, false);
    let response = identity_response(&out, mac);
    let out = ap.eapol(mac, &response);
    let ids = radius_ids(&out);
    assert_eq!(ids.len(), 1, "{out:?}");
    ids[0].1
}

/// The scripted RADIUS server accepts with an MSK whose first half is the PMK.
fn accept(pmk: &[u8; 32]) -> Reply {
    accept_msk([&pmk[..], &[0x55; 32]].concat())
}

/// The scripted RADIUS server accepts with `msk`.
fn accept_msk(msk: Vec<u8>) -> Reply {
    Reply::Accept(Ok(Box::new(AccessAccept {
        msk: Some(Msk::new(msk)),
        session_timeout: None,
        idle_timeout: None,
        termination_action: None,
        class: vec![],
        chargeable_user_identity: None,
        vlan: None,
        // EAP-Success, identifier irrelevant to the station here.
        eap_message: Some(vec![3, 0, 0, 4]),
        acct_interim_interval: None,
        user_name: None,
        reply_messages: vec![],
    })))
}

/// A full 802.1X authentication and 4-way handshake: the port opens.
fn join_eap(ap: &mut Ap, mac: MacAddr, reassoc: bool) -> (Supplicant, Vec<Output>) {
    let pmk_bytes = [0x42; 32];
    let associated = ap.associate(mac, &RSNE_EAP, reassoc);
    let response = identity_response(&associated, mac);
    let out = ap.eapol(mac, &response);
    let (_, id) = radius_ids(&out)[0];
    let out = ap.bss.handle_radius(ap.now, mac, id, accept(&pmk_bytes));
    let mut s = ap.supplicant(mac, Pmk::from_slice(&pmk_bytes).expect("pmk"), &RSNE_EAP, 7);
    let mut all = associated;
    all.extend(ap.handshake(&mut s, out));
    assert!(authorized(&all, mac), "{all:?}");
    (s, all)
}

// --- Floods -----------------------------------------------------------------

#[test]
fn spoofed_authentication_flood_is_bounded_and_a_real_station_still_joins() {
    let mut ap = Ap::new("max_stations = 64");
    let real = ap.join_psk_open_or_skip();
    for n in 0..10_000 {
        ap.frame(&auth(sta(1000 + n)));
        assert!(ap.bss.station_table().len() <= 64);
    }
    let c = ap.bss.counters();
    assert_eq!(c.authentications, 10_001);
    assert!(c.auth_evictions >= 10_000 - 63, "{c:?}");
    // The associated station kept its place; a newcomer still gets in at once.
    assert_eq!(
        ap.bss.station(real).map(|s| s.state),
        Some(StationState::Authorized)
    );
    let newcomer = sta(99_999);
    ap.associate(newcomer, &[], false);
    assert!(ap.bss.station(newcomer).is_some());
    // Timers: at most one entry per station in each index.
    assert!(ap.bss.station_table().indexed_timers() <= 2 * ap.bss.station_table().len());
}

#[test]
fn a_table_full_of_associated_stations_refuses_with_status_17() {
    let mut ap = Ap::new("max_stations = 3");
    for n in 0..3 {
        ap.associate(sta(n), &[], false);
    }
    let out = ap.frame(&auth(sta(10)));
    assert_eq!(auth_status(&out), Some(StatusCode::ApUnableToHandleNewSta));
    assert_eq!(ap.bss.counters().auth_refused_full, 1);
    assert_eq!(ap.bss.station_table().len(), 3);
}

#[test]
fn frames_from_group_addresses_are_dropped_and_counted() {
    let mut ap = Ap::new("");
    for group in [
        MacAddr([0x01, 0x00, 0x5e, 0, 0, 1]),
        MacAddr([0x33, 0x33, 0, 0, 0, 1]),
        MacAddr::BROADCAST,
    ] {
        assert!(ap.frame(&auth(group)).is_empty());
        assert!(ap.frame(&deauth(group)).is_empty());
    }
    assert_eq!(ap.bss.station_table().len(), 0);
    assert_eq!(ap.bss.counters().rx_group_source, 6);
}

#[test]
fn unassociated_stations_expire_and_their_timers_go_with_them() {
    let mut ap = Ap::new("");
    for n in 0..100 {
        ap.frame(&auth(sta(n)));
    }
    assert_eq!(ap.bss.station_table().indexed_timers(), 200);
    ap.advance(Duration::from_secs(61));
    assert_eq!(ap.bss.station_table().len(), 0);
    assert_eq!(ap.bss.station_table().indexed_timers(), 0);
    assert_eq!(ap.bss.poll_timeout(), None);
}

#[test]
fn the_mac_access_control_list_is_enforced_at_authentication() {
    let (allowed, denied) = (sta(1), sta(2));
    for acl in [
        format!("mac_acl = \"deny\"\naccept_macs = [\"{allowed}\"]"),
        format!("deny_macs = [\"{denied}\"]"),
    ] {
        let mut ap = Ap::new(&acl);
        let out = ap.frame(&auth(denied));
        assert_eq!(
            auth_status(&out),
            Some(StatusCode::UnspecifiedFailure),
            "{acl}"
        );
        assert!(ap.bss.station(denied).is_none());
        assert_eq!(ap.bss.counters().auth_refused_acl, 1);
        let out = ap.frame(&auth(allowed));
        assert_eq!(auth_status(&out), Some(StatusCode::Success), "{acl}");
    }
}

// --- RADIUS requests do not outlive their station ---------------------------

#[test]
fn a_pending_access_request_is_cancelled_when_its_station_leaves() {
    let mut ap = Ap::new(EAP_BSS);
    let mac = sta(1);
    let id = eap_pending(&mut ap, mac);
    let out = ap.frame(&deauth(mac));
    assert_eq!(cancelled(&out), vec![(mac, id)]);
    assert_eq!(ap.bss.counters().radius_cancelled, 1);
}

#[test]
fn a_pending_access_request_is_cancelled_when_its_station_reassociates() {
    let mut ap = Ap::new(EAP_BSS);
    let mac = sta(1);
    let id = eap_pending(&mut ap, mac);
    let mut elements = assoc_elements();
    elements.extend_from_slice(&RSNE_EAP);
    let out = ap.frame(&assoc(mac, &elements, true));
    assert_eq!(cancelled(&out), vec![(mac, id)]);
}

#[test]
fn a_pending_access_request_is_cancelled_when_the_station_restarts_eap() {
    let mut ap = Ap::new(EAP_BSS);
    let mac = sta(1);
    let id = eap_pending(&mut ap, mac);
    // EAPOL-Start: the authenticator restarts and no longer wants the answer.
    let out = ap.eapol(mac, &[1, 1, 0, 0]);
    assert_eq!(cancelled(&out), vec![(mac, id)]);
}

#[test]
fn a_pending_access_request_is_cancelled_when_a_flood_evicts_its_station() {
    let mut ap = Ap::new(&format!("max_stations = 4\n{EAP_BSS}"));
    // The station associates (it holds an AID) and waits for RADIUS; the
    // flood can only take unassociated entries, so its request must stay.
    let mac = sta(1);
    eap_pending(&mut ap, mac);
    let mut out = Vec::new();
    for n in 0..100 {
        out.extend(ap.frame(&auth(sta(100 + n))));
    }
    assert!(cancelled(&out).is_empty());
    assert!(ap.bss.station(mac).is_some());
}

// --- The switch to a new GTK ------------------------------------------------

/// Two PSK stations; a rekey; `a` answers its group message 1, `b` does not.
fn rekey_with_one_laggard(ap: &mut Ap) -> (MacAddr, MacAddr) {
    let (a, b) = (sta(1), sta(2));
    let mut sa = ap.join_psk(a, 1);
    ap.join_psk(b, 2);
    let out = ap.advance(Duration::from_secs(100));
    let group1 = eapol_to(&out, a);
    assert_eq!(group1.len(), 1, "group message 1 to a: {out:?}");
    assert_eq!(eapol_to(&out, b).len(), 1);
    let (answered, reply) = sa.receive(&group1[0]).expect("group message 1");
    assert_eq!(answered, Answered::Group1);
    let out = ap.eapol(a, &reply);
    assert!(
        default_gtk_switches(&out).is_empty(),
        "b still owes its group handshake"
    );
    (a, b)
}

#[test]
fn new_gtk_becomes_the_transmit_key_when_the_last_laggard_reassociates() {
    let mut ap = Ap::new(&format!("{PSK_BSS}\ngroup_rekey = 100"));
    let (_, b) = rekey_with_one_laggard(&mut ap);
    let out = ap.associate(b, &RSNE_PSK, true);
    assert_eq!(default_gtk_switches(&out), vec![2]);
}

#[test]
fn new_gtk_becomes_the_transmit_key_when_the_last_laggard_leaves() {
    let mut ap = Ap::new(&format!("{PSK_BSS}\ngroup_rekey = 100"));
    let (_, b) = rekey_with_one_laggard(&mut ap);
    let out = ap.frame(&deauth(b));
    assert_eq!(default_gtk_switches(&out), vec![2]);
}

#[test]
fn new_gtk_becomes_the_transmit_key_when_the_kernel_drops_the_last_laggard() {
    let mut ap = Ap::new(&format!("{PSK_BSS}\ngroup_rekey = 100"));
    let (_, b) = rekey_with_one_laggard(&mut ap);
    let out = ap.bss.handle_station_removed(ap.now, b);
    assert_eq!(default_gtk_switches(&out), vec![2]);
}

#[test]
fn new_gtk_becomes_the_transmit_key_when_the_laggard_times_out() {
    let mut ap = Ap::new(&format!("{PSK_BSS}\ngroup_rekey = 100"));
    let (_, b) = rekey_with_one_laggard(&mut ap);
    // Four group message 1s unanswered: b is deauthenticated, the switch follows.
    let out = ap.advance(Duration::from_secs(10));
    assert!(ap.bss.station(b).is_none());
    assert_eq!(default_gtk_switches(&out), vec![2]);
}

// --- Accounting across reassociation and logoff -----------------------------

#[test]
fn reassociation_stops_the_accounting_session_and_starts_a_new_one() {
    let mut ap = Ap::new(EAP_BSS);
    let mac = sta(1);
    let (_, out) = join_eap(&mut ap, mac, false);
    assert_eq!(accounting(&out), vec![(AcctStatusType::Start, None)]);
    let first_session = ap
        .bss
        .station(mac)
        .and_then(|s| s.acct.clone())
        .expect("session")
        .id;
    let (_, out) = join_eap(&mut ap, mac, true);
    assert_eq!(
        accounting(&out),
        vec![(AcctStatusType::Stop, None), (AcctStatusType::Start, None)]
    );
    let second_session = ap
        .bss
        .station(mac)
        .and_then(|s| s.acct.clone())
        .expect("session")
        .id;
    assert_ne!(first_session, second_session);
}

#[test]
fn eapol_logoff_stops_accounting_and_deauthenticates() {
    let mut ap = Ap::new(EAP_BSS);
    let mac = sta(1);
    join_eap(&mut ap, mac, false);
    let out = ap.eapol(mac, &[1, 2, 0, 0]);
    assert_eq!(
        accounting(&out),
        vec![(AcctStatusType::Stop, Some(AcctTerminateCause::UserRequest))]
    );
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::Authorize { sta, authorized: false } if *sta == mac)));
    let out = ap.advance(Duration::from_millis(50));
    assert!(ap.bss.station(mac).is_none(), "deauthenticated: {out:?}");
    // One Stop only: the deauthentication does not send a second one.
    assert!(accounting(&out).is_empty());
}

// --- Multi-PSK --------------------------------------------------------------

#[test]
fn every_candidate_psk_is_tried_until_the_mic_verifies() {
    let file = std::env::temp_dir().join(format!("roamd-scripted-psk-{}", std::process::id()));
    std::fs::write(
        &file,
        "00:00:00:00:00:00 first wildcard pass\n00:00:00:00:00:00 second wildcard pass\n",
    )
    .expect("psk file");
    let mut ap = Ap::new(&format!("{PSK_BSS}\nwpa_psk_file = {:?}", file));
    std::fs::remove_file(&file).ok();
    let mac = sta(1);
    let pmk = Pmk::from(
        &roamd_wpa::psk::psk_from_passphrase(b"second wildcard pass", b"lab").expect("psk"),
    );
    let mut s = ap.supplicant(mac, pmk, &RSNE_PSK, 1);
    let out = ap.associate(mac, &RSNE_PSK, false);
    let all = ap.handshake(&mut s, out);
    assert!(authorized(&all, mac), "{all:?}");
}

// --- Keys -------------------------------------------------------------------

#[test]
fn installed_keys_never_print() {
    let mut ap = Ap::new(PSK_BSS);
    let mac = sta(1);
    let pmk = Pmk::from(
        &roamd_wpa::psk::psk_from_passphrase(PASSPHRASE.as_bytes(), b"lab").expect("psk"),
    );
    let mut s = ap.supplicant(mac, pmk, &RSNE_PSK, 1);
    let out = ap.associate(mac, &RSNE_PSK, false);
    let all = ap.handshake(&mut s, out);
    let start = ap.bss.start();
    let keys: Vec<&KeyInstall> = all
        .iter()
        .chain(start.iter())
        .filter_map(|o| match o {
            Output::InstallKey(k) => Some(k),
            _ => None,
        })
        .collect();
    assert!(!keys.is_empty());
    for k in keys {
        let printed = format!("{k:?} {:?}", Output::InstallKey(k.clone()));
        assert!(printed.contains("<redacted>"));
        let hex: String = k.key.iter().map(|b| format!("{b:02x}")).collect();
        assert!(!printed.contains(&hex));
        assert!(!printed.contains(&format!("{:?}", &k.key[..4])));
    }
}

impl Ap {
    /// An open-network station joins (the flood test's bystander).
    fn join_psk_open_or_skip(&mut self) -> MacAddr {
        let mac = sta(0);
        let out = self.associate(mac, &[], false);
        assert!(authorized(&out, mac));
        mac
    }
}

#[test]
fn the_gtk_packet_number_is_wanted_only_before_message_3() {
    let mut ap = Ap::new(PSK_BSS);
    let mac = sta(1);
    assert!(!ap.bss.wants_gtk_tx_pn(mac));
    let pmk = Pmk::from(
        &roamd_wpa::psk::psk_from_passphrase(PASSPHRASE.as_bytes(), b"lab").expect("psk"),
    );
    let mut s = ap.supplicant(mac, pmk, &RSNE_PSK, 1);
    let out = ap.associate(mac, &RSNE_PSK, false);
    // Message 1 is out: the station's next EAPOL-Key (message 2) gets message 3.
    assert!(ap.bss.wants_gtk_tx_pn(mac));
    ap.handshake(&mut s, out);
    // Authorized: message 4 and group message 2 need no packet number.
    assert!(!ap.bss.wants_gtk_tx_pn(mac));
}

#[test]
fn a_lost_tx_status_does_not_hold_an_aid_for_ever() {
    let mut ap = Ap::new("");
    let mac = sta(1);
    ap.frame(&auth(mac));
    let out = ap.frame(&assoc(mac, &assoc_elements(), false));
    assert!(out.iter().any(|o| matches!(o, Output::AddStation(_))));
    assert_eq!(ap.bss.station_table().associated_count(), 1);
    // The TX status never comes: taken as no ACK, the kernel entry goes,
    // then the station expires like any unassociated one.
    let out = ap.advance(Duration::from_secs(6));
    assert!(out.contains(&Output::RemoveStation(mac)), "{out:?}");
    assert_eq!(ap.bss.station_table().associated_count(), 0);
    ap.advance(Duration::from_secs(61));
    assert!(ap.bss.station(mac).is_none());
    assert_eq!(ap.bss.poll_timeout(), None);
}

#[test]
fn a_station_costs_little_until_it_runs_a_handshake() {
    // A flood fills the table with authenticated-only stations: their
    // handshake and 802.1X state (about 1.4 kB) is boxed and absent.
    assert!(
        std::mem::size_of::<roamd_ap::Station>() <= 512,
        "Station is {} bytes",
        std::mem::size_of::<roamd_ap::Station>()
    );
}

// --- 802.11r: FT initial mobility domain association ------------------------

const FT_BSS: &str = "security = \"wpa2-psk\"\npassphrase = \"correct horse battery\"\n\
    key_mgmt = [\"ft-psk\", \"wpa-psk\"]\n\
    [radio.bss.ft]\nmobility_domain = \"a1b2\"\nr0kh_id = \"ap0.example.net\"";
/// wpa_supplicant's RSNE for FT-PSK, CCMP, no PMF.
const RSNE_FT_PSK: [u8; 22] = [
    48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 0, 0,
];
const MDE: [u8; 5] = [54, 3, 0xa1, 0xb2, 1];

/// wpa_supplicant's RSNE for `akm` with `cipher` as pairwise and group
/// cipher, no PMF ([`RSNE_FT_PSK`] for FT-PSK and CCMP).
fn rsne_of(akm: Akm, cipher: CipherSuite) -> Vec<u8> {
    let mut rsne = RSNE_FT_PSK.to_vec();
    rsne[4..8].copy_from_slice(&cipher.to_bytes());
    rsne[10..14].copy_from_slice(&cipher.to_bytes());
    rsne[16..20].copy_from_slice(&akm.to_bytes());
    rsne
}

/// An RSNE with `name` as its one PMKID.
fn with_pmkid(rsne: &[u8], name: &[u8; 16]) -> Vec<u8> {
    let mut out = rsne.to_vec();
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(name);
    out[1] += 18;
    out
}

#[test]
fn ft_psk_initial_mobility_domain_association() {
    let mut ap = Ap::new(FT_BSS);
    let mac = sta(1);
    let ft_config = ap
        .bss
        .config()
        .wpa
        .as_ref()
        .and_then(|w| w.ft.clone())
        .expect("ft");
    let ft = roamd_ap::ft::BssFt::new(
        ft_config,
        BSSID,
        &[48, 2, 1, 0],
        vec![Akm::FtPsk, Akm::Psk],
        vec![CipherSuite::Ccmp128],
        ap.now,
    );
    let psk = roamd_wpa::psk::psk_from_passphrase(PASSPHRASE.as_bytes(), b"lab").expect("psk");
    let keys = ft
        .initial_keys(
            &roamd_wpa::ft::xxkey_from_psk(&psk),
            Akm::FtPsk,
            b"lab",
            mac,
        )
        .expect("keys");

    // Beacons (and probe responses) carry the MDE right after the RSNE.
    let ap_rsne = ap.bss.wpa().expect("protected").policy().element().to_vec();
    let params = ap.bss.ap_params();
    assert!(params
        .beacon_tail
        .windows(ap_rsne.len() + MDE.len())
        .any(|w| w == [&ap_rsne[..], &MDE[..]].concat()));
    assert!(params
        .rsn
        .as_ref()
        .is_some_and(|r| r.akm_suites.contains(&Akm::FtPsk)));

    let mut rsne_and_mde = RSNE_FT_PSK.to_vec();
    rsne_and_mde.extend_from_slice(&MDE);
    let out = ap.associate(mac, &rsne_and_mde, false);
    // The association response carries our MDE and the FTE naming our key holders.
    let response = out
        .iter()
        .find_map(|o| match o {
            Output::SendTracked { frame, .. } => Some(frame.clone()),
            _ => None,
        })
        .expect("association response");
    assert!(response.ends_with(&ft.initial_association_elements(Akm::FtPsk)));

    // Message 2 names the PMK-R1 and repeats the MDE and FTE; message 3
    // carries our RSNE with PMKR1Name, then MDE, FTE and Timeout Intervals.
    let mut s = Supplicant::new(
        BSSID,
        mac,
        Akm::FtPsk,
        CipherSuite::Ccmp128,
        keys.pmk_r1.clone(),
        [
            with_pmkid(&RSNE_FT_PSK, &keys.pmk_r1_name.0),
            ft.initial_association_elements(Akm::FtPsk),
        ]
        .concat(),
        with_pmkid(&ap_rsne, &keys.pmk_r1_name.0),
        [7; 32],
    );
    let all = ap.handshake(&mut s, out);
    assert!(authorized(&all, mac), "{all:?}");
    let learned = s.learned.expect("message 3");
    assert!(learned
        .ft_elements
        .starts_with(&ft.initial_association_elements(Akm::FtPsk)));
    assert_eq!(
        ap.bss.station(mac).map(|s| s.state),
        Some(StationState::Authorized)
    );
}

#[test]
fn ft_akm_without_our_mobility_domain_is_refused_with_status_54() {
    let mut ap = Ap::new(FT_BSS);
    let mac = sta(2);
    assert_eq!(
        auth_status(&ap.frame(&auth(mac))),
        Some(StatusCode::Success)
    );
    for mde in [&[][..], &[54, 3, 0xa1, 0xb3, 1][..]] {
        let mut elements = assoc_elements();
        elements.extend_from_slice(&RSNE_FT_PSK);
        elements.extend_from_slice(mde);
        let out = ap.frame(&assoc(mac, &elements, false));
        let status = out.iter().find_map(|o| match o {
            Output::SendFrame { frame, .. } => match ManagementFrame::parse(frame).ok()?.body {
                Body::AssocResponse(r) => Some(r.status),
                _ => None,
            },
            _ => None,
        });
        assert_eq!(status, Some(StatusCode::InvalidMde));
    }
    // A WPA-PSK station of the same SSID joins without a mobility domain.
    ap.join_psk(sta(3), 3);
}

// --- 802.11r: FT over the air ------------------------------------------------

/// An FTE body with a zero MIC of `mic_len` octets (16, or 24 for the
/// SHA-384 FT AKM): MIC Control, MIC, nonces, subelements.
fn fte_body(
    mic_len: usize,
    element_count: u8,
    anonce: &[u8; 32],
    snonce: &[u8; 32],
    subelements: &[u8],
) -> Vec<u8> {
    [
        &[0, element_count][..],
        &vec![0; mic_len],
        anonce,
        snonce,
        subelements,
    ]
    .concat()
}

fn element(id: u8, body: &[u8]) -> Vec<u8> {
    [&[id, body.len() as u8][..], body].concat()
}

fn ft_auth(sa: MacAddr, elements: &[u8]) -> Vec<u8> {
    mgmt(
        sa,
        Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::from(2u16),
            transaction: 1,
            status: StatusCode::Success,
            payload: elements,
        }),
    )
}

/// The (status, elements) of the first authentication or reassociation
/// response in `out`.
fn response_elements(out: &[Output]) -> Option<(StatusCode, Vec<u8>)> {
    out.iter().find_map(|o| {
        let frame = match o {
            Output::SendFrame { frame, .. } | Output::SendTracked { frame, .. } => frame,
            _ => return None,
        };
        match ManagementFrame::parse(frame).ok()?.body {
            Body::Authentication(a) => Some((a.status, a.payload.to_vec())),
            Body::ReassocResponse(r) | Body::AssocResponse(r) => {
                Some((r.status, r.elements.as_bytes().to_vec()))
            }
            _ => None,
        }
    })
}

fn find_element(elements: &[u8], id: u8) -> Option<Vec<u8>> {
    Elements::new(elements)
        .find(id)
        .map(|e| element(id, e.data()))
}

/// A station that got its PMK-R0 from the sibling AP "ap0.example.net" of
/// mobility domain a1b2 moves to the AP under test by FT over the air.
struct FtStation {
    /// Its FT AKM: the MIC algorithm, the key lengths and the FTE's MIC
    /// field follow from it.
    akm: Akm,
    /// Its pairwise (and group) cipher.
    cipher: CipherSuite,
    rsne: Vec<u8>,
    mac: MacAddr,
    pmk_r0: roamd_wpa::ft::PmkR0Derivation,
    snonce: [u8; 32],
}

impl FtStation {
    /// An FT-PSK station (CCMP) of the passphrase.
    fn new(mac: MacAddr) -> FtStation {
        let psk = roamd_wpa::psk::psk_from_passphrase(PASSPHRASE.as_bytes(), b"lab").expect("psk");
        let xxkey = roamd_wpa::XxKey::from_slice(psk.as_bytes()).expect("xxkey");
        FtStation::with_xxkey(mac, Akm::FtPsk, CipherSuite::Ccmp128, &xxkey)
    }

    /// An FT-802.1X-SHA384 station (GCMP-256) whose 802.1X authentication
    /// at AP0 gave `msk`: its XXKey is the MSK's first 384 bits.
    fn eap_sha384(mac: MacAddr, msk: &[u8]) -> FtStation {
        let akm = Akm::FtIeee8021xSha384;
        let xxkey = roamd_wpa::ft::xxkey_from_msk(msk, akm).expect("xxkey");
        FtStation::with_xxkey(mac, akm, CipherSuite::Gcmp256, &xxkey)
    }

    fn with_xxkey(
        mac: MacAddr,
        akm: Akm,
        cipher: CipherSuite,
        xxkey: &roamd_wpa::XxKey,
    ) -> FtStation {
        let pmk_r0 = roamd_wpa::ft::derive_pmk_r0(
            xxkey,
            akm,
            b"lab",
            [0xa1, 0xb2],
            b"ap0.example.net",
            &mac,
        )
        .expect("pmk-r0");
        FtStation {
            akm,
            cipher,
            rsne: rsne_of(akm, cipher),
            mac,
            pmk_r0,
            snonce: [0x5a; 32],
        }
    }

    /// The FTE (a whole element) of an AP's answer, read with this
    /// station's MIC length.
    fn fte<'a>(&self, fte: &'a [u8]) -> roamd_ieee80211::element::FteRepr<'a> {
        roamd_ieee80211::element::FteRepr::parse(&fte[2..], self.akm.ft_mic_len()).expect("fte")
    }

    /// Checks our MIC (sequence 6) over the RSNE, MDE and FTE among the
    /// `elements` of a Reassociation Response, under `ptk`'s KCK; returns
    /// the FTE.
    fn verify_response_mic(&self, elements: &[u8], ptk: &roamd_wpa::Ptk) -> Vec<u8> {
        let (rsne, mde, fte) = (
            find_element(elements, 48).expect("rsne"),
            find_element(elements, 54).expect("mde"),
            find_element(elements, 55).expect("fte"),
        );
        let input = roamd_wpa::FtMicInput {
            sta_addr: &self.mac,
            ap_addr: &BSSID,
            transaction_seq: 6,
            rsne: &rsne,
            mde: &mde,
            fte: &fte,
            ric: &[],
            rsnxe: &[],
        };
        roamd_wpa::ft::verify_ft_mic(ptk.kck(), self.akm, &input).expect("response MIC");
        fte
    }

    /// The ANonce of the FTE among `elements` (an AP's FT answer).
    fn anonce(&self, elements: &[u8]) -> [u8; 32] {
        self.fte(&find_element(elements, 55).expect("fte")).anonce
    }

    /// RSNE (PMKR0Name), MDE and FTE (SNonce, R0KH-ID): the body of an
    /// FT Authentication Request or of an FT Request over the DS.
    fn auth_elements(&self) -> Vec<u8> {
        let r0kh = element(3, b"ap0.example.net");
        [
            with_pmkid(&self.rsne, &self.pmk_r0.pmk_r0_name.0),
            MDE.to_vec(),
            element(
                55,
                &fte_body(self.akm.ft_mic_len(), 0, &[0; 32], &self.snonce, &r0kh),
            ),
        ]
        .concat()
    }

    fn auth_request(&self) -> Vec<u8> {
        ft_auth(self.mac, &self.auth_elements())
    }

    fn pmk_r1_name(&self) -> roamd_wpa::PmkR1Name {
        roamd_wpa::ft::pmk_r1_name(&self.pmk_r0.pmk_r0_name, self.akm, &BSSID, &self.mac)
            .expect("name")
    }

    /// The PTK after the AP's Authentication Response with `anonce`.
    fn ptk(&self, anonce: &[u8; 32]) -> roamd_wpa::Ptk {
        let pmk_r1 = roamd_wpa::ft::derive_pmk_r1(&self.pmk_r0.pmk_r0, self.akm, &BSSID, &self.mac)
            .expect("pmk-r1");
        roamd_wpa::ft::derive_ptk(
            &pmk_r1,
            self.akm,
            self.cipher,
            &self.snonce,
            anonce,
            &BSSID,
            &self.mac,
        )
        .expect("ptk")
    }

    /// The Reassociation Request elements, MIC'd under `ptk`.
    fn reassoc_elements(&self, anonce: &[u8; 32], ptk: &roamd_wpa::Ptk) -> Vec<u8> {
        let rsne = with_pmkid(&self.rsne, &self.pmk_r1_name().0);
        let subelements = [element(1, BSSID.as_bytes()), element(3, b"ap0.example.net")].concat();
        let mut fte = element(
            55,
            &fte_body(self.akm.ft_mic_len(), 3, anonce, &self.snonce, &subelements),
        );
        let unsigned = fte.clone();
        let input = roamd_wpa::FtMicInput {
            sta_addr: &self.mac,
            ap_addr: &BSSID,
            transaction_seq: 5,
            rsne: &rsne,
            mde: &MDE,
            fte: &unsigned,
            ric: &[],
            rsnxe: &[],
        };
        roamd_wpa::ft::write_ft_mic(ptk.kck(), self.akm, &input, &mut fte).expect("mic");
        [assoc_elements(), rsne, MDE.to_vec(), fte].concat()
    }
}

const FT_TARGET_BSS: &str = "security = \"wpa2-psk\"\npassphrase = \"correct horse battery\"\n\
    key_mgmt = [\"ft-psk\", \"wpa-psk\"]\n\
    [radio.bss.ft]\nmobility_domain = \"a1b2\"\nr0kh_id = \"ap1.example.net\"\npsk_generate_local = true";

#[test]
fn ft_over_the_air_installs_the_ptk_once_without_a_4way_handshake() {
    let mut ap = Ap::new(FT_TARGET_BSS);
    let s = FtStation::new(sta(7));
    let (status, elements) = response_elements(&ap.frame(&s.auth_request())).expect("response");
    assert_eq!(status, StatusCode::Success);
    // A retransmitted request gets the same answer (the same ANonce): the
    // station keeps whichever answer it hears first.
    let again = response_elements(&ap.frame(&s.auth_request())).expect("response");
    assert_eq!(again, (status, elements.clone()));
    assert_eq!(ap.bss.counters().ft_auth_repeats, 1);
    let fte = find_element(&elements, 55).expect("fte");
    let parsed = s.fte(&fte);
    assert_eq!(parsed.snonce, s.snonce);
    assert_eq!(parsed.r1kh_id(), Some(BSSID));
    let anonce = parsed.anonce;
    let ptk = s.ptk(&anonce);

    let out = ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    let (status, elements) = response_elements(&out).expect("reassociation response");
    assert_eq!(status, StatusCode::Success);
    assert!(out.iter().any(|o| matches!(o, Output::AddStation(_))));
    // Our MIC (sequence 6) over RSNE (PMKR1Name), MDE and FTE verifies.
    let fte = s.verify_response_mic(&elements, &ptk);
    // The GTK subelement unwraps under the KEK.
    let parsed = s.fte(&fte);
    let gtk = parsed.gtk().expect("gtk subelement");
    roamd_wpa::keywrap::unwrap_key_data(ptk.kek(), gtk.wrapped_key).expect("gtk unwraps");

    // The ACK: the PTK is installed and the port opened, no EAPOL-Key.
    let done = ap
        .bss
        .handle_tx_status(ap.now, TxPurpose::AssocResponse(s.mac), true);
    let installed = pairwise_keys(&done, s.mac);
    assert_eq!(installed, vec![ptk.tk().to_vec()]);
    assert!(authorized(&done, s.mac));
    assert!(eapol_to(&done, s.mac).is_empty());
    assert_eq!(
        ap.bss.station(s.mac).map(|st| st.state),
        Some(StationState::Authorized)
    );

    // A replayed Reassociation Request (CVE-2017-13082) is answered again
    // and never installs that PTK again, nor touches the station.
    let mut replay = ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    assert_eq!(
        response_elements(&replay).map(|r| r.0),
        Some(StatusCode::Success)
    );
    replay.extend(
        ap.bss
            .handle_tx_status(ap.now, TxPurpose::AssocResponse(s.mac), true),
    );
    assert!(
        !replay.iter().any(|o| matches!(
            o,
            Output::InstallKey(KeyInstall { sta: Some(_), .. })
                | Output::RemoveStation(_)
                | Output::AddStation(_)
                | Output::SendEapol { .. }
        )),
        "{replay:?}"
    );
    assert_eq!(ap.bss.counters().ft_reassoc_repeats, 1);
    assert_eq!(
        ap.bss.station(s.mac).map(|st| st.state),
        Some(StationState::Authorized)
    );
    // The timers stay quiet: nothing is due for the station.
    assert!(ap.advance(Duration::from_secs(5)).is_empty());
}

#[test]
fn ft_over_the_air_needs_a_pmk_r1_we_can_have() {
    // Without psk_generate_local, a PMK-R0 held by an R0KH we have no
    // r0kh entry for is refused with status 53.
    let mut ap = Ap::new(&FT_TARGET_BSS.replace("\npsk_generate_local = true", ""));
    let s = FtStation::new(sta(8));
    let (status, _) = response_elements(&ap.frame(&s.auth_request())).expect("response");
    assert_eq!(status, StatusCode::InvalidPmkid);
    assert!(ap.bss.station(s.mac).is_none());
    // A wrong MIC in the reassociation is refused with status 55.
    let mut ap = Ap::new(FT_TARGET_BSS);
    let (_, elements) = response_elements(&ap.frame(&s.auth_request())).expect("response");
    let anonce = s.anonce(&elements);
    let wrong = s.ptk(&[0; 32]);
    let (status, _) =
        response_elements(&ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &wrong), true)))
            .expect("response");
    assert_eq!(status, StatusCode::InvalidFte);
    assert_eq!(ap.bss.counters().ft_failures, 1, "a journal line");
}

#[test]
fn ft_over_the_ds_is_relayed_for_associated_stations_and_answered_by_the_target() {
    let current_ap = MacAddr([2, 0, 0, 0, 9, 0]);
    let mut ap = Ap::new(FT_TARGET_BSS);
    let s = FtStation::new(sta(9));
    // At the target: the request relayed by the station's current AP,
    // in hostapd's 0x890d frame.
    let request = roamd_ieee80211::action::FtActionRepr {
        action: roamd_ieee80211::action::FtActionCode::Request,
        sta_addr: s.mac,
        target_ap_addr: BSSID,
        status: None,
        elements: Elements::new(&s.auth_elements()),
    }
    .to_bytes()
    .expect("ft request");
    let relayed = roamd_ft::over_ds::RrbFrameRepr {
        packet_type: roamd_ft::over_ds::PacketType::Request,
        ap_address: current_ap,
        action_frame: &request,
    }
    .to_bytes()
    .expect("rrb frame");
    let now = ap.now;
    let out =
        ap.bss
            .handle_key_holder_frame(now, current_ap, BSSID, roamd_ft::ETHERTYPE_RRB, &relayed);
    let (status, elements) = out
        .iter()
        .find_map(|o| match o {
            Output::KeyHolderFrame(t)
                if t.dst == current_ap && t.ethertype == roamd_ft::ETHERTYPE_RRB =>
            {
                let frame = roamd_ft::over_ds::RrbFrameRepr::parse(&t.payload).expect("rrb");
                assert_eq!(frame.ap_address, BSSID);
                let answer = frame.action().expect("ft action");
                assert_eq!((answer.sta_addr, answer.target_ap_addr), (s.mac, BSSID));
                Some((answer.status?, answer.elements.as_bytes().to_vec()))
            }
            _ => None,
        })
        .expect("an answer for the current AP");
    assert_eq!(status, StatusCode::Success);
    let anonce = s.anonce(&elements);
    // No authentication frame went out: the answer travels through the DS.
    assert!(response_elements(&out).is_none());
    let ptk = s.ptk(&anonce);
    let out = ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    assert_eq!(
        response_elements(&out).map(|r| r.0),
        Some(StatusCode::Success)
    );
    let done = ap
        .bss
        .handle_tx_status(ap.now, TxPurpose::AssocResponse(s.mac), true);
    assert!(authorized(&done, s.mac));
    let journal = done.iter().find_map(|o| match o {
        Output::CtrlEvent(e) if e.starts_with("AP-STA-CONNECTED") => Some(e.clone()),
        _ => None,
    });
    assert!(journal.is_some(), "{done:?}");
    assert_eq!(
        ap.bss
            .station(s.mac)
            .and_then(|st| st.journal.as_ref())
            .map(|j| j.outcome.as_str()),
        Some("ft-ds")
    );

    // At a current AP: an FT Request from a station that is not
    // associated here is dropped, not relayed.
    let stranger = FtStation::new(sta(10));
    let request = roamd_ieee80211::action::FtActionRepr {
        action: roamd_ieee80211::action::FtActionCode::Request,
        sta_addr: stranger.mac,
        target_ap_addr: current_ap,
        status: None,
        elements: Elements::new(&stranger.auth_elements()),
    }
    .to_bytes()
    .expect("ft request");
    let frame = mgmt(
        stranger.mac,
        Body::Action(roamd_ieee80211::body::ActionRepr::from_bytes(&request).expect("action")),
    );
    assert!(ap.frame(&frame).is_empty());
    assert_eq!(ap.bss.counters().ft_ds_dropped, 1);
    assert_eq!(ap.bss.counters().ft_ds_relayed, 0);
}

// --- 802.11r: key holders -----------------------------------------------------

/// The address of AP0, the station's R0KH, in the key-holder tests.
const R0KH_ADDR: MacAddr = MacAddr([2, 0, 0, 0, 0x0a, 0]);

/// `frame` (a management frame to [`BSSID`]) addressed to `bssid` instead.
fn retarget(mut frame: Vec<u8>, bssid: MacAddr) -> Vec<u8> {
    frame[4..10].copy_from_slice(bssid.as_bytes());
    frame[16..22].copy_from_slice(bssid.as_bytes());
    frame
}

fn key_holder_frames(out: &[Output]) -> Vec<roamd_ft::Transmit> {
    out.iter()
        .filter_map(|o| match o {
            Output::KeyHolderFrame(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// AP0 (the R0KH, at [`R0KH_ADDR`]) holding the PMK-R0 of `s`'s initial
/// mobility domain association, and AP1 (at [`BSSID`], no
/// `psk_generate_local`), key holders of one process that trust each other.
fn two_key_holders(s: &FtStation) -> (Ap, Ap) {
    let (mut ap0, ap1) = sibling_key_holders(
        FT_BSS,
        &FT_TARGET_BSS.replace("\npsk_generate_local = true", ""),
    );
    // The initial association at AP0: its PMK-R0 goes to AP0's key holder.
    let out = ap0.frame(&retarget(auth(s.mac), R0KH_ADDR));
    assert_eq!(auth_status(&out), Some(StatusCode::Success));
    let mut elements = assoc_elements();
    elements.extend_from_slice(&[&RSNE_FT_PSK[..], &MDE[..]].concat());
    let out = ap0.frame(&retarget(assoc(s.mac, &elements, false), R0KH_ADDR));
    assert!(out.iter().any(|o| matches!(o, Output::AddStation(_))));
    let out = ap0
        .bss
        .handle_tx_status(ap0.now, TxPurpose::AssocResponse(s.mac), true);
    assert_eq!(eapol_to(&out, s.mac).len(), 1, "message 1");
    assert_eq!(ap0.bss.ft().map(|f| f.key_holder().pmk_r0_count()), Some(1));
    (ap0, ap1)
}

/// AP0 (at [`R0KH_ADDR`]) with `ap0_settings` and AP1 (at [`BSSID`]) with
/// `ap1_settings`: key holders of one process that trust each other.
fn sibling_key_holders(ap0_settings: &str, ap1_settings: &str) -> (Ap, Ap) {
    let mut ap0 = Ap::new(ap0_settings);
    ap0.bss = Bss::new(
        ap0.bss.config().clone(),
        &Config::parse(Path::new("t.toml"), "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\nsecurity = \"open\"\n")
            .expect("radio")
            .radios[0],
        R0KH_ADDR,
        ap0.now,
        [3; 32],
    )
    .expect("bss");
    let mut ap1 = Ap::new(ap1_settings);
    let ids: Vec<_> = [&ap0, &ap1]
        .iter()
        .filter_map(|a| a.bss.ft().map(|f| f.identity()))
        .collect();
    let key = roamd_wpa::rrb::RrbKey::from_slice(&[7; 32]).expect("key");
    ap0.bss.trust_siblings(&ids, &key);
    ap1.bss.trust_siblings(&ids, &key);
    (ap0, ap1)
}

/// Carries key-holder frames between AP0 and AP1 until none is left;
/// returns AP1's other outputs.
fn shuttle(ap0: &mut Ap, ap1: &mut Ap, mut from_ap1: Vec<Output>) -> Vec<Output> {
    let mut rest = Vec::new();
    for _ in 0..10 {
        let to_ap0 = key_holder_frames(&from_ap1);
        rest.extend(
            from_ap1
                .into_iter()
                .filter(|o| !matches!(o, Output::KeyHolderFrame(_))),
        );
        let mut to_ap1 = Vec::new();
        for t in to_ap0 {
            assert_eq!(t.dst, R0KH_ADDR);
            let now = ap0.now;
            let out = ap0
                .bss
                .handle_key_holder_frame(now, BSSID, t.dst, t.ethertype, &t.payload);
            to_ap1.extend(key_holder_frames(&out));
        }
        if to_ap1.is_empty() {
            return rest;
        }
        from_ap1 = Vec::new();
        for t in to_ap1 {
            assert_eq!(t.dst, BSSID);
            let now = ap1.now;
            from_ap1.extend(ap1.bss.handle_key_holder_frame(
                now,
                R0KH_ADDR,
                t.dst,
                t.ethertype,
                &t.payload,
            ));
        }
    }
    panic!("the key holders never settled");
}

#[test]
fn ft_over_the_air_waits_for_the_pmk_r1_pulled_from_the_r0kh() {
    let s = FtStation::new(sta(11));
    let (mut ap0, mut ap1) = two_key_holders(&s);
    // AP1 has no key: the FT Authentication waits while it pulls.
    let out = ap1.frame(&s.auth_request());
    assert!(response_elements(&out).is_none(), "{out:?}");
    assert!(!key_holder_frames(&out).is_empty());
    assert_eq!(ap1.bss.counters().ft_pull_waits, 1);
    let out = shuttle(&mut ap0, &mut ap1, out);
    let (status, elements) = response_elements(&out).expect("the answer once the key came");
    assert_eq!(status, StatusCode::Success);
    let anonce = s.anonce(&elements);
    let ptk = s.ptk(&anonce);
    let out = ap1.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    assert_eq!(
        response_elements(&out).map(|r| r.0),
        Some(StatusCode::Success)
    );
    let done = ap1
        .bss
        .handle_tx_status(ap1.now, TxPurpose::AssocResponse(s.mac), true);
    assert!(authorized(&done, s.mac));
    let record = ap1
        .bss
        .station(s.mac)
        .and_then(|st| st.journal.as_ref())
        .expect("journal");
    assert_eq!(record.outcome.as_str(), "ft-air");
    assert!(matches!(
        record.key_source,
        Some(roamd_ap::ft::KeySource::Pulled { .. })
    ));
    let kh = ap1.bss.ft().expect("ft").key_holder();
    assert_eq!(kh.pending_pulls(), 0);
    assert_eq!(ap1.bss.ft().expect("ft").waiting_count(), 0);
}

#[test]
fn an_unanswered_pull_refuses_the_ft_authentication_with_status_53() {
    let s = FtStation::new(sta(12));
    let (_ap0, mut ap1) = two_key_holders(&s);
    let out = ap1.frame(&s.auth_request());
    assert!(response_elements(&out).is_none());
    // AP0 never answers: after hostapd's retries, status 53.
    let out = ap1.advance(Duration::from_secs(10));
    let (status, _) = response_elements(&out).expect("the refusal");
    assert_eq!(status, StatusCode::InvalidPmkid);
    assert_eq!(ap1.bss.counters().ft_failures, 1, "a journal line");
    assert!(ap1.bss.station(s.mac).is_none());
    assert_eq!(ap1.bss.ft().expect("ft").waiting_count(), 0);
}

#[test]
fn an_ft_exchange_past_its_reassociation_deadline_is_dropped() {
    // reassociation_deadline = 1000 TU (1.024 s), hostapd's default.
    let mut ap = Ap::new(FT_TARGET_BSS);
    let s = FtStation::new(sta(13));
    let (status, elements) = response_elements(&ap.frame(&s.auth_request())).expect("response");
    assert_eq!(status, StatusCode::Success);
    let anonce = s.anonce(&elements);
    ap.advance(Duration::from_millis(1030));
    assert!(ap.bss.station(s.mac).is_none());
    assert_eq!(ap.bss.counters().ft_deadline_expired, 1);
    assert_eq!(ap.bss.counters().ft_failures, 1, "a journal line");
    // The late reassociation is from a station that is not authenticated:
    // no keys, a deauthentication.
    let ptk = s.ptk(&anonce);
    let out = ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    assert!(!out.iter().any(|o| matches!(o, Output::AddStation(_))));
    assert!(!out
        .iter()
        .any(|o| matches!(o, Output::InstallKey(KeyInstall { sta: Some(_), .. }))));
    // Within the deadline the same exchange succeeds.
    let (_, elements) = response_elements(&ap.frame(&s.auth_request())).expect("response");
    let anonce = s.anonce(&elements);
    ap.advance(Duration::from_millis(900));
    let out = ap.frame(&assoc(
        s.mac,
        &s.reassoc_elements(&anonce, &s.ptk(&anonce)),
        true,
    ));
    assert_eq!(
        response_elements(&out).map(|r| r.0),
        Some(StatusCode::Success)
    );
}

#[test]
fn ft_keeps_a_pmf_association_until_the_reassociation_proves_the_keys() {
    let mut ap = Ap::new(&FT_TARGET_BSS.replace("key_mgmt", "pmf = \"required\"\nkey_mgmt"));
    let mut s = FtStation::new(sta(14));
    // wpa_supplicant's RSNE with ieee80211w=2: MFPR and MFPC.
    let n = s.rsne.len();
    s.rsne[n - 2] = 0xc0;
    let ft_roam = |ap: &mut Ap, s: &FtStation| {
        let (status, elements) =
            response_elements(&ap.frame(&s.auth_request())).expect("auth response");
        assert_eq!(status, StatusCode::Success);
        let anonce = s.anonce(&elements);
        (anonce, s.ptk(&anonce))
    };
    let (anonce, ptk) = ft_roam(&mut ap, &s);
    let out = ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    let (status, elements) = response_elements(&out).expect("reassociation response");
    assert_eq!(status, StatusCode::Success);
    // PMF: the IGTK travels in the FTE too.
    let fte = find_element(&elements, 55).expect("fte");
    let parsed = s.fte(&fte);
    assert!(parsed.igtk().is_some(), "IGTK subelement");
    let done = ap
        .bss
        .handle_tx_status(ap.now, TxPurpose::AssocResponse(s.mac), true);
    assert!(authorized(&done, s.mac));

    // Anyone may send (or replay) an FT Authentication: the PMF
    // association stays, nothing is removed.
    s.snonce = [0x6b; 32];
    let (anonce, ptk) = ft_roam(&mut ap, &s);
    assert_eq!(
        ap.bss.station(s.mac).map(|st| st.state),
        Some(StationState::Authorized)
    );
    // The station's own reassociation (its MIC verifies) needs no SA
    // Query: it is answered at once and the new PTK goes in.
    let out = ap.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    assert_eq!(
        response_elements(&out).map(|r| r.0),
        Some(StatusCode::Success),
        "{out:?}"
    );
    let done = ap
        .bss
        .handle_tx_status(ap.now, TxPurpose::AssocResponse(s.mac), true);
    let installed = pairwise_keys(&done, s.mac);
    assert_eq!(installed, vec![ptk.tk().to_vec()]);

    // An FT Authentication never followed by the reassociation: the
    // exchange goes at the deadline, the association stays.
    s.snonce = [0x7c; 32];
    ft_roam(&mut ap, &s);
    ap.advance(Duration::from_secs(2));
    let st = ap.bss.station(s.mac).expect("still associated");
    assert_eq!(st.state, StationState::Authorized);
    assert!(st.ft.is_none());
}

// --- 802.11r: FT-EAP-SHA384 ----------------------------------------------------

/// An FT-EAP-SHA384 BSS (AKM 00-0F-AC:13, GCMP-256) whose R0KH-ID is `r0kh_id`.
fn ft_eap_sha384_bss(r0kh_id: &str) -> String {
    format!(
        "security = \"wpa2-eap\"\nnas_identifier = \"{r0kh_id}\"\n\
         key_mgmt = [\"ft-eap-sha384\"]\npairwise = [\"gcmp-256\"]\n\
         [[radio.bss.auth_server]]\naddress = \"127.0.0.1:1812\"\nsecret = \"s\"\n\
         [radio.bss.ft]\nmobility_domain = \"a1b2\"\nr0kh_id = \"{r0kh_id}\""
    )
}

/// MIC Control, a 24-octet MIC, both nonces, R1KH-ID (8) and R0KH-ID
/// "ap0.example.net" (17): the FTE body of FT-EAP-SHA384 here.
const FTE_SHA384_LEN: usize = 2 + 24 + 64 + 8 + 17;

/// The FT-EAP-SHA384 initial mobility domain association of `s` at AP0
/// (at [`R0KH_ADDR`]): the association response's FTE has the AKM's
/// 24-octet MIC field, 802.1X gives `msk`, and the 4-way handshake runs on
/// the PMK-R1 (48 octets) with HMAC-SHA-384-192 MICs of 24 octets and a
/// 32-octet KEK, the station's side from roamd-wpa. Returns the
/// handshake's outputs.
fn ft_eap_sha384_initial_association(ap0: &mut Ap, s: &FtStation, msk: &[u8]) -> Vec<Output> {
    let out = ap0.frame(&retarget(auth(s.mac), R0KH_ADDR));
    assert_eq!(auth_status(&out), Some(StatusCode::Success));
    let mut elements = assoc_elements();
    elements.extend_from_slice(&[&s.rsne[..], &MDE[..]].concat());
    let mut associated = ap0.frame(&retarget(assoc(s.mac, &elements, false), R0KH_ADDR));
    let (status, response) = response_elements(&associated).expect("association response");
    assert_eq!(status, StatusCode::Success);
    let assoc_fte = find_element(&response, 55).expect("fte");
    assert_eq!(usize::from(assoc_fte[1]), FTE_SHA384_LEN);
    let parsed = s.fte(&assoc_fte);
    assert_eq!(parsed.mic, &[0; 24][..]);
    assert_eq!(parsed.r1kh_id(), Some(R0KH_ADDR));
    assert_eq!(parsed.r0kh_id(), Some(&b"ap0.example.net"[..]));
    associated.extend(
        ap0.bss
            .handle_tx_status(ap0.now, TxPurpose::AssocResponse(s.mac), true),
    );
    // 802.1X: the Access-Accept's MSK gives XXKey (its first 384 bits).
    let out = ap0.eapol(s.mac, &identity_response(&associated, s.mac));
    let (_, id) = radius_ids(&out)[0];
    let out = ap0
        .bss
        .handle_radius(ap0.now, s.mac, id, accept_msk(msk.to_vec()));
    assert_eq!(ap0.bss.ft().map(|f| f.key_holder().pmk_r0_count()), Some(1));
    // The 4-way handshake on the PMK-R1 (48 octets), with HMAC-SHA-384-192
    // MICs of 24 octets, the KEK of 32: the station's side from roamd-wpa.
    let pmk_r1 =
        roamd_wpa::ft::derive_pmk_r1(&s.pmk_r0.pmk_r0, s.akm, &R0KH_ADDR, &s.mac).expect("pmk-r1");
    let name =
        roamd_wpa::ft::pmk_r1_name(&s.pmk_r0.pmk_r0_name, s.akm, &R0KH_ADDR, &s.mac).expect("name");
    let ap_rsne = ap0
        .bss
        .wpa()
        .expect("protected")
        .policy()
        .element()
        .to_vec();
    let mut supplicant = Supplicant::new(
        R0KH_ADDR,
        s.mac,
        s.akm,
        s.cipher,
        Pmk::from_slice(pmk_r1.as_bytes()).expect("pmk"),
        [
            with_pmkid(&s.rsne, &name.0),
            MDE.to_vec(),
            assoc_fte.clone(),
        ]
        .concat(),
        with_pmkid(&ap_rsne, &name.0),
        [7; 32],
    );
    assert_eq!(supplicant.mic_len(), 24);
    let all = ap0.handshake(&mut supplicant, out);
    assert!(authorized(&all, s.mac), "{all:?}");
    let learned = supplicant.learned.clone().expect("message 3");
    assert!(learned
        .ft_elements
        .starts_with(&[&MDE[..], &assoc_fte].concat()));

    all
}

#[test]
fn ft_eap_sha384_from_an_8021x_initial_association_to_a_sibling_over_the_air() {
    let msk: Vec<u8> = (0x40..0x80).collect();
    let s = FtStation::eap_sha384(sta(15), &msk);
    let (mut ap0, mut ap1) = sibling_key_holders(
        &ft_eap_sha384_bss("ap0.example.net"),
        &ft_eap_sha384_bss("ap1.example.net"),
    );

    ft_eap_sha384_initial_association(&mut ap0, &s, &msk);

    // FT over the air to AP1, which pulls the PMK-R1 from AP0.
    let out = ap1.frame(&s.auth_request());
    assert!(response_elements(&out).is_none(), "{out:?}");
    let out = shuttle(&mut ap0, &mut ap1, out);
    let (status, elements) = response_elements(&out).expect("the answer once the key came");
    assert_eq!(status, StatusCode::Success);
    let fte = find_element(&elements, 55).expect("fte");
    assert_eq!(usize::from(fte[1]), FTE_SHA384_LEN);
    let parsed = s.fte(&fte);
    assert_eq!((parsed.snonce, parsed.r1kh_id()), (s.snonce, Some(BSSID)));
    let anonce = parsed.anonce;
    let ptk = s.ptk(&anonce);
    assert_eq!(
        (ptk.kck().len(), ptk.kek().len(), ptk.tk().len()),
        (24, 32, 32)
    );

    // The Reassociation Request's 24-octet MIC verifies; ours (sequence 6)
    // verifies under the KCK, and the GTK unwraps under the KEK.
    let out = ap1.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    let (status, elements) = response_elements(&out).expect("reassociation response");
    assert_eq!(status, StatusCode::Success, "{out:?}");
    let fte = s.verify_response_mic(&elements, &ptk);
    let parsed = s.fte(&fte);
    assert_eq!(parsed.mic.len(), 24);
    let gtk = parsed.gtk().expect("gtk subelement");
    assert_eq!(gtk.key_len, 32, "GCMP-256 GTK");
    roamd_wpa::keywrap::unwrap_key_data(ptk.kek(), gtk.wrapped_key).expect("gtk unwraps");

    // The ACK: the 32-octet TK is installed, the port opens, no EAP and
    // no EAPOL-Key.
    let done = ap1
        .bss
        .handle_tx_status(ap1.now, TxPurpose::AssocResponse(s.mac), true);
    let installed = pairwise_keys(&done, s.mac);
    assert_eq!(installed, vec![ptk.tk().to_vec()]);
    assert!(authorized(&done, s.mac));
    assert!(eapol_to(&done, s.mac).is_empty(), "{done:?}");
    assert!(radius_ids(&done).is_empty());
    let record = ap1
        .bss
        .station(s.mac)
        .and_then(|st| st.journal.as_ref())
        .expect("journal");
    assert_eq!(record.outcome.as_str(), "ft-air");
    assert!(matches!(
        record.key_source,
        Some(roamd_ap::ft::KeySource::Pulled { .. })
    ));
}

#[test]
fn an_ft_eap_sha384_authentication_with_a_16_octet_mic_field_is_refused() {
    // A station that builds the SHA-256 FTE layout under FT-EAP-SHA384
    // (its RSNE names AKM 13): the FTE does not parse, status 55.
    let msk: Vec<u8> = (0x40..0x80).collect();
    let mut s = FtStation::eap_sha384(sta(16), &msk);
    let mut ap1 = Ap::new(&ft_eap_sha384_bss("ap1.example.net"));
    s.akm = Akm::FtIeee8021x;
    let request = s.auth_elements();
    assert_eq!(request[16..20], Akm::FtIeee8021xSha384.to_bytes());
    let (status, _) = response_elements(&ap1.frame(&ft_auth(s.mac, &request))).expect("response");
    assert_eq!(status, StatusCode::InvalidFte);
    assert!(ap1.bss.station(s.mac).is_none());
}

#[test]
fn ft_eap_sha384_over_the_ds_with_the_pmk_r1_pushed_by_the_r0kh() {
    let msk: Vec<u8> = (0x10..0x50).collect();
    let s = FtStation::eap_sha384(sta(17), &msk);
    let (mut ap0, mut ap1) = sibling_key_holders(
        &format!("{}\npush = true", ft_eap_sha384_bss("ap0.example.net")),
        &ft_eap_sha384_bss("ap1.example.net"),
    );
    let mut out = ft_eap_sha384_initial_association(&mut ap0, &s, &msk);
    out.extend(ap0.advance(Duration::from_millis(10)));
    // AP0 pushes the PMK-R1 (48 octets, named with SHA-384) to AP1.
    // AP1 first learns AP0's sequence numbers, as from hostapd.
    let pushes = key_holder_frames(&out);
    assert!(!pushes.is_empty(), "{out:?}");
    let mut from_ap1 = Vec::new();
    for t in pushes {
        assert_eq!(t.dst, BSSID);
        let now = ap1.now;
        from_ap1.extend(ap1.bss.handle_key_holder_frame(
            now,
            R0KH_ADDR,
            t.dst,
            t.ethertype,
            &t.payload,
        ));
    }
    shuttle(&mut ap0, &mut ap1, from_ap1);

    // The station, associated at AP0, asks for AP1 over the DS: AP0
    // relays, AP1 answers at once with the pushed key, AP0 hands the FT
    // Response to the station.
    let request = roamd_ieee80211::action::FtActionRepr {
        action: roamd_ieee80211::action::FtActionCode::Request,
        sta_addr: s.mac,
        target_ap_addr: BSSID,
        status: None,
        elements: Elements::new(&s.auth_elements()),
    }
    .to_bytes()
    .expect("ft request");
    let frame = mgmt(
        s.mac,
        Body::Action(roamd_ieee80211::body::ActionRepr::from_bytes(&request).expect("action")),
    );
    let out = ap0.frame(&retarget(frame, R0KH_ADDR));
    let relayed = key_holder_frames(&out);
    assert_eq!(relayed.len(), 1, "{out:?}");
    assert_eq!(
        (relayed[0].dst, relayed[0].ethertype),
        (BSSID, roamd_ft::ETHERTYPE_RRB)
    );
    let now = ap1.now;
    let out = ap1.bss.handle_key_holder_frame(
        now,
        R0KH_ADDR,
        BSSID,
        roamd_ft::ETHERTYPE_RRB,
        &relayed[0].payload,
    );
    let answer = key_holder_frames(&out);
    assert_eq!(answer.len(), 1, "answered at once: {out:?}");
    assert_eq!(answer[0].dst, R0KH_ADDR);
    let now = ap0.now;
    let out = ap0.bss.handle_key_holder_frame(
        now,
        BSSID,
        R0KH_ADDR,
        answer[0].ethertype,
        &answer[0].payload,
    );
    let (status, elements) = out
        .iter()
        .find_map(|o| match o {
            Output::SendFrame { frame, .. } => match ManagementFrame::parse(frame).ok()?.body {
                Body::Action(a) => {
                    let response = roamd_ieee80211::action::FtActionRepr::from_action(&a).ok()?;
                    assert_eq!((response.sta_addr, response.target_ap_addr), (s.mac, BSSID));
                    Some((response.status?, response.elements.as_bytes().to_vec()))
                }
                _ => None,
            },
            _ => None,
        })
        .expect("the FT Response to the station");
    assert_eq!(status, StatusCode::Success);
    let fte = find_element(&elements, 55).expect("fte");
    assert_eq!(usize::from(fte[1]), FTE_SHA384_LEN);
    let anonce = s.fte(&fte).anonce;

    // The reassociation at AP1, MIC'd with HMAC-SHA-384-192.
    let ptk = s.ptk(&anonce);
    let out = ap1.frame(&assoc(s.mac, &s.reassoc_elements(&anonce, &ptk), true));
    assert_eq!(
        response_elements(&out).map(|r| r.0),
        Some(StatusCode::Success),
        "{out:?}"
    );
    let done = ap1
        .bss
        .handle_tx_status(ap1.now, TxPurpose::AssocResponse(s.mac), true);
    assert!(authorized(&done, s.mac));
    let record = ap1
        .bss
        .station(s.mac)
        .and_then(|st| st.journal.as_ref())
        .expect("journal");
    assert_eq!(record.outcome.as_str(), "ft-ds");
    assert_eq!(record.key_source, Some(roamd_ap::ft::KeySource::Pushed));
}
