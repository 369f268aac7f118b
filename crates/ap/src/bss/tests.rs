//! The BSS core driven frame by frame with a fake clock.

use std::path::Path;
use std::time::{Duration, Instant};

use roamd_ieee80211::{
    AssocRequestRepr, AuthAlgorithm, AuthenticationRepr, Body, CapabilityInfo, ElementWriter,
    Elements, MacAddr, ManagementFrame, ProbeRequestRepr, Rate, ReasonBodyRepr, ReasonCode,
    StatusCode,
};

use super::*;
use crate::config::Config;

const BSSID: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);

fn bss_with(extra: &str) -> Bss {
    let text = format!(
        "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n{extra}\n"
    );
    let c = Config::parse(Path::new("t.toml"), &text).expect("valid");
    Bss::new(
        c.radios[0].bss[0].clone(),
        &c.radios[0],
        BSSID,
        Instant::now(),
        [7; 32],
    )
    .expect("bss")
}

fn frame(sa: MacAddr, body: Body<'_>) -> Vec<u8> {
    ManagementFrame::new(BSSID, sa, BSSID, body).to_bytes()
}

/// A frame from `sa` to the BSS `bssid`.
fn frame_at(bssid: MacAddr, sa: MacAddr, body: Body<'_>) -> Vec<u8> {
    ManagementFrame::new(bssid, sa, bssid, body).to_bytes()
}

fn auth(sa: MacAddr) -> Vec<u8> {
    frame(
        sa,
        Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        }),
    )
}

fn assoc_elements(ssid: &[u8]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut w = ElementWriter::new(&mut buf);
    w.ssid(ssid).expect("ssid");
    w.supported_rates(&[
        Rate::new(2, true),
        Rate::new(4, true),
        Rate::new(108, false),
    ])
    .expect("rates");
    buf
}

fn assoc(sa: MacAddr, elements: &[u8]) -> Vec<u8> {
    frame(
        sa,
        Body::AssocRequest(AssocRequestRepr {
            capabilities: CapabilityInfo::ESS,
            listen_interval: 5,
            elements: Elements::new(elements),
        }),
    )
}

fn sent_frames(out: &[Output]) -> Vec<Vec<u8>> {
    out.iter()
        .filter_map(|o| match o {
            Output::SendFrame { frame, .. } | Output::SendTracked { frame, .. } => {
                Some(frame.clone())
            }
            _ => None,
        })
        .collect()
}

fn status_of(frame: &[u8]) -> StatusCode {
    match ManagementFrame::parse(frame)
        .expect("our frames parse")
        .body
    {
        Body::AssocResponse(r) | Body::ReassocResponse(r) => r.status,
        Body::Authentication(a) => a.status,
        other => panic!("not a response: {other:?}"),
    }
}

/// Authentication, association, ACK of the response: the station is authorized.
fn join(bss: &mut Bss, now: Instant, sta: MacAddr) -> Vec<Output> {
    let out = bss.handle_frame(now, &auth(sta));
    assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::Success);
    let out = bss.handle_frame(now, &assoc(sta, &assoc_elements(b"lab")));
    let purpose = out
        .iter()
        .find_map(|o| {
            if let Output::SendTracked { purpose: p, .. } = o {
                Some(*p)
            } else {
                None
            }
        })
        .expect("association response is tracked");
    bss.handle_tx_status(now, purpose, true)
}

#[test]
fn open_join_adds_station_then_authorizes_after_ack() {
    let mut bss = bss_with("");
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let out = bss.handle_frame(now, &assoc(STA, &assoc_elements(b"lab")));
    let new_station = out.iter().find_map(|o| match o {
        Output::AddStation(params) => Some(params.clone()),
        _ => None,
    });
    let params = new_station.expect("station added to the kernel");
    assert_eq!(params.aid, 1);
    assert_eq!(params.listen_interval, 5);
    assert_eq!(params.supported_rates, vec![2, 4, 108]);
    assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::Success);
    assert_eq!(
        bss.stations().next().map(|s| s.state),
        Some(StationState::AssociationPending)
    );

    let out = bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
    assert_eq!(
        out,
        vec![
            Output::Authorize {
                sta: STA,
                authorized: true
            },
            Output::CtrlEvent("AP-STA-CONNECTED 02:00:00:00:02:00".into()),
        ]
    );
    assert_eq!(
        bss.stations().next().map(|s| s.state),
        Some(StationState::Authorized)
    );
    assert_eq!(bss.counters().associations, 1);
}

#[test]
fn unacknowledged_association_response_removes_the_station() {
    let mut bss = bss_with("");
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    bss.handle_frame(now, &assoc(STA, &assoc_elements(b"lab")));
    let out = bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), false);
    assert_eq!(out, vec![Output::RemoveStation(STA)]);
    assert_eq!(
        bss.stations().next().map(|s| (s.state, s.aid)),
        Some((StationState::Authenticated, None))
    );
}

#[test]
fn association_before_authentication_is_answered_with_deauthentication() {
    let mut bss = bss_with("");
    let out = bss.handle_frame(Instant::now(), &assoc(STA, &assoc_elements(b"lab")));
    let frames = sent_frames(&out);
    let parsed = ManagementFrame::parse(&frames[0]).expect("parses");
    assert_eq!(
        parsed.body,
        Body::Deauthentication(ReasonBodyRepr {
            reason: ReasonCode::Class2FrameFromNonauthSta,
            elements: Elements::new(&[])
        })
    );
}

#[test]
fn wrong_ssid_and_missing_rates_are_refused() {
    let mut bss = bss_with("");
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let out = bss.handle_frame(now, &assoc(STA, &assoc_elements(b"other")));
    assert_eq!(
        status_of(&sent_frames(&out)[0]),
        StatusCode::UnspecifiedFailure
    );
    let mut ssid_only = Vec::new();
    ElementWriter::new(&mut ssid_only)
        .ssid(b"lab")
        .expect("ssid");
    let out = bss.handle_frame(now, &assoc(STA, &ssid_only));
    assert_eq!(
        status_of(&sent_frames(&out)[0]),
        StatusCode::AssocDeniedRates
    );
    assert_eq!(bss.counters().assoc_rejected, 2);
}

#[test]
fn station_limit_is_enforced_and_aids_are_reused() {
    let mut bss = bss_with("max_stations = 1");
    let now = Instant::now();
    join(&mut bss, now, STA);
    let other = MacAddr([2, 0, 0, 0, 3, 0]);
    // A full table of associated stations refuses at authentication (hostapd's max_num_sta).
    let out = bss.handle_frame(now, &auth(other));
    assert_eq!(
        status_of(&sent_frames(&out)[0]),
        StatusCode::ApUnableToHandleNewSta
    );
    assert_eq!(bss.counters().auth_refused_full, 1);
    // The first station leaves; the second now gets AID 1.
    let deauth = frame(
        STA,
        Body::Deauthentication(ReasonBodyRepr {
            reason: ReasonCode::DeauthLeaving,
            elements: Elements::new(&[]),
        }),
    );
    let out = bss.handle_frame(now, &deauth);
    assert_eq!(
        out,
        vec![
            Output::CtrlEvent("AP-STA-DISCONNECTED 02:00:00:00:02:00".into()),
            Output::RemoveStation(STA),
        ]
    );
    bss.handle_frame(now, &auth(other));
    let out = bss.handle_frame(now, &assoc(other, &assoc_elements(b"lab")));
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::AddStation(params) if params.aid == 1)));
}

#[test]
fn probe_requests_follow_ssid_and_hiding() {
    let probe = |ssid: &[u8]| {
        let mut elements = Vec::new();
        ElementWriter::new(&mut elements).ssid(ssid).expect("ssid");
        let f = ManagementFrame::new(
            MacAddr::BROADCAST,
            STA,
            MacAddr::BROADCAST,
            Body::ProbeRequest(ProbeRequestRepr {
                elements: Elements::new(&elements),
            }),
        );
        f.to_bytes()
    };
    let now = Instant::now();
    let mut open = bss_with("");
    assert_eq!(sent_frames(&open.handle_frame(now, &probe(b""))).len(), 1);
    assert_eq!(
        sent_frames(&open.handle_frame(now, &probe(b"lab"))).len(),
        1
    );
    assert_eq!(
        sent_frames(&open.handle_frame(now, &probe(b"other"))).len(),
        0
    );
    let mut hidden = bss_with("hidden = true");
    assert_eq!(sent_frames(&hidden.handle_frame(now, &probe(b""))).len(), 0);
    let answer = sent_frames(&hidden.handle_frame(now, &probe(b"lab")));
    let parsed = ManagementFrame::parse(&answer[0]).expect("parses");
    assert_eq!(parsed.header.da, STA);
    match parsed.body {
        Body::ProbeResponse(r) => assert_eq!(r.elements.ssid(), Some(&b"lab"[..])),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_frames_are_dropped_and_counted() {
    let mut bss = bss_with("");
    let now = Instant::now();
    let good = assoc(STA, &assoc_elements(b"lab"));
    // Truncated header, truncated fixed fields, an element running past the end.
    let mut bad_element = good.clone();
    let last = bad_element.len() - 1;
    bad_element[last - 3] = 200;
    for bad in [&good[..10], &good[..26], &bad_element[..], &[][..]] {
        assert!(bss.handle_frame(now, bad).is_empty());
    }
    assert_eq!(bss.counters().rx_malformed, 4);
    assert!(bss.stations().next().is_none());
}

#[test]
fn inactive_stations_are_disassociated() {
    let mut bss = bss_with("max_inactivity = 30");
    let t0 = Instant::now();
    join(&mut bss, t0, STA);
    let due = bss.poll_timeout().expect("inactivity check scheduled");
    assert_eq!(due, t0 + Duration::from_secs(10));
    assert_eq!(bss.handle_timeout(due), vec![Output::QueryStation(STA)]);
    let busy = Duration::from_secs(1);
    assert!(bss.handle_station_info(due, STA, Some(busy)).is_empty());
    let idle = Duration::from_secs(31);
    let out = bss.handle_station_info(due, STA, Some(idle));
    // Deauthentication frame, AP-STA-DISCONNECTED, removal from the kernel.
    assert_eq!(out.len(), 3);
    assert_eq!(bss.counters().inactivity_removals, 1);
    assert!(bss.stations().next().is_none());
}

#[test]
fn silent_unassociated_stations_expire() {
    let mut bss = bss_with("");
    let t0 = Instant::now();
    bss.handle_frame(t0, &auth(STA));
    let due = bss.poll_timeout().expect("expiry scheduled");
    assert_eq!(due, t0 + Duration::from_secs(60));
    bss.handle_timeout(due);
    assert!(bss.stations().next().is_none());
}

#[test]
fn shutdown_deauthenticates_with_reason_3() {
    let mut bss = bss_with("");
    join(&mut bss, Instant::now(), STA);
    let out = bss.shutdown(Instant::now());
    assert!(out.contains(&Output::CtrlEvent(
        "AP-STA-DISCONNECTED 02:00:00:00:02:00".into()
    )));
    let frames = sent_frames(&out);
    assert_eq!(frames.len(), 1);
    let parsed = ManagementFrame::parse(&frames[0]).expect("parses");
    assert_eq!(parsed.header.da, STA);
    assert!(
        matches!(parsed.body, Body::Deauthentication(r) if r.reason == ReasonCode::DeauthLeaving)
    );
    assert!(bss.stations().next().is_none());
}

#[test]
fn unsupported_authentication_algorithm_is_refused() {
    let mut bss = bss_with("");
    let shared_key = frame(
        STA,
        Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::SharedKey,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        }),
    );
    let out = bss.handle_frame(Instant::now(), &shared_key);
    assert_eq!(
        status_of(&sent_frames(&out)[0]),
        StatusCode::NotSupportedAuthAlg
    );
    assert!(bss.stations().next().is_none());
}

fn psk_bss() -> Bss {
    bss_with("security = \"wpa2-psk\"\npassphrase = \"correct horse battery\"\npmf = \"optional\"")
}

#[test]
fn rekey_gtk_now_installs_new_group_keys_on_protected_bsses_only() {
    let now = Instant::now();
    assert!(bss_with("").rekey_gtk_now(now).is_none());
    let mut bss = psk_bss();
    let generation = bss.wpa().expect("wpa").generation();
    let out = bss.rekey_gtk_now(now).expect("a protected BSS rekeys");
    assert!(out.iter().any(|o| matches!(o, Output::InstallKey(_))));
    assert_eq!(bss.wpa().expect("wpa").generation(), generation + 1);
}

#[test]
fn rekey_ptk_needs_an_established_ptksa() {
    let now = Instant::now();
    let mut open = bss_with("");
    assert!(open.rekey_ptk(now, STA).is_none(), "unknown station");
    join(&mut open, now, STA);
    assert!(open.rekey_ptk(now, STA).is_none(), "no PTK on an open BSS");
    let mut bss = psk_bss();
    bss.handle_frame(now, &auth(STA));
    let mut elements = assoc_elements(b"lab");
    elements.extend_from_slice(&[
        48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0,
    ]);
    bss.handle_frame(now, &assoc(STA, &elements));
    bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
    assert!(
        bss.rekey_ptk(now, STA).is_none(),
        "the first 4-way handshake is still running"
    );
}

#[test]
fn a_new_deny_list_deauthenticates_the_stations_it_refuses() {
    let now = Instant::now();
    let mut bss = bss_with("");
    join(&mut bss, now, STA);
    let other = MacAddr([2, 0, 0, 0, 3, 0]);
    join(&mut bss, now, other);
    let acl = crate::config::MacAcl::new(
        crate::config::MacAclPolicy::AcceptUnlessDenied,
        Vec::new(),
        vec![STA],
    );
    let frames = sent_frames(&bss.set_mac_acl(now, acl));
    assert_eq!(frames.len(), 1);
    let parsed = ManagementFrame::parse(&frames[0]).expect("parses");
    assert_eq!(parsed.header.da, STA);
    assert!(bss.station(STA).is_none());
    assert!(bss.station(other).is_some());
    let out = bss.handle_frame(now, &auth(STA));
    assert_ne!(status_of(&sent_frames(&out)[0]), StatusCode::Success);
}

#[test]
fn sa_query_needs_an_associated_pmf_station() {
    let mut bss = bss_with("");
    assert!(bss.send_sa_query(STA).is_none());
    join(&mut bss, Instant::now(), STA);
    // Associated, but without PMF.
    assert!(bss.send_sa_query(STA).is_none());
}

#[test]
fn protected_bss_advertises_privacy_and_rsne() {
    let bss = psk_bss();
    let settings = bss.ap_params();
    assert!(settings.privacy);
    assert_eq!(
        settings.rsn.as_ref().map(|r| r.akm_suites.clone()),
        Some(vec![roamd_ieee80211::element::Akm::Psk])
    );
    let tail = settings.beacon_tail;
    let rsne = crate::rsn::RsnPolicy::new(bss.config().wpa.as_ref().expect("wpa"))
        .element()
        .to_vec();
    assert!(
        tail.windows(rsne.len()).any(|w| w == rsne.as_slice()),
        "RSNE in the beacon tail"
    );
    // The group keys go in at start: GTK (1) and IGTK (4), each made the default.
    let keys: Vec<(u8, bool)> = bss
        .start()
        .iter()
        .filter_map(|o| match o {
            Output::SetDefaultKey { key_idx, mgmt } => Some((*key_idx, *mgmt)),
            _ => None,
        })
        .collect();
    assert_eq!(keys, vec![(1, false), (4, true)]);
}

#[test]
fn protected_bss_refuses_association_without_rsne_and_starts_the_handshake_with_one() {
    let mut bss = psk_bss();
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let out = bss.handle_frame(now, &assoc(STA, &assoc_elements(b"lab")));
    assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::InvalidIe);

    let mut elements = assoc_elements(b"lab");
    // wpa_supplicant's RSNE: CCMP, PSK, MFPC.
    elements.extend_from_slice(&[
        48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0x80, 0,
    ]);
    let out = bss.handle_frame(now, &assoc(STA, &elements));
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::AddStation(params) if params.mfp)));
    let out = bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
    // Message 1 goes out in the clear over the control port; the port stays closed.
    assert!(matches!(
        out.as_slice(),
        [Output::SendEapol { encrypt: false, .. }]
    ));
    assert_eq!(
        bss.stations().next().map(|s| s.state),
        Some(StationState::Handshake)
    );
    // Without an answer, message 1 is retransmitted after 100 ms (hostapd).
    let due = bss.poll_timeout().expect("retransmission timer");
    assert_eq!(due, now + Duration::from_millis(100));
    assert!(matches!(
        bss.handle_timeout(due).as_slice(),
        [Output::SendEapol { .. }]
    ));
}

fn sae_bss(extra: &str) -> Bss {
    bss_with(&format!(
        "security = \"wpa3-sae\"\npassphrase = \"correct horse battery\"\n{extra}"
    ))
}

/// An RSNE offering CCMP with `akm` (00-0f-ac:`akm`) and these capabilities.
fn rsne_with(akm: u8, capabilities: u8) -> [u8; 22] {
    [
        48,
        20,
        1,
        0,
        0,
        0x0f,
        0xac,
        4,
        1,
        0,
        0,
        0x0f,
        0xac,
        4,
        1,
        0,
        0,
        0x0f,
        0xac,
        akm,
        capabilities,
        0,
    ]
}

fn sae_commit_from(sa: MacAddr, payload: &[u8]) -> Vec<u8> {
    frame(
        sa,
        Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::Sae,
            transaction: 1,
            status: StatusCode::Success,
            payload,
        }),
    )
}

#[test]
fn sae_is_refused_where_it_is_not_offered() {
    let mut bss = psk_bss();
    let out = bss.handle_frame(Instant::now(), &sae_commit_from(STA, &[19, 0]));
    assert_eq!(
        status_of(&sent_frames(&out)[0]),
        StatusCode::NotSupportedAuthAlg
    );
    assert!(bss.stations().next().is_none());
}

#[test]
fn an_sae_akm_needs_an_sae_authentication_or_a_cached_pmksa() {
    // Open System, then an association with the SAE AKM and no PMKID the
    // BSS knows: hostapd's WPA_INVALID_PMKID, status 53.
    let mut bss = sae_bss("");
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let mut elements = assoc_elements(b"lab");
    elements.extend_from_slice(&rsne_with(8, 0xc0));
    let out = bss.handle_frame(now, &assoc(STA, &elements));
    assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::InvalidPmkid);
    assert_eq!(bss.counters().assoc_rejected, 1);
}

#[test]
fn an_sae_akm_without_pmf_is_refused_even_in_transition_mode() {
    let mut bss = bss_with("security = \"wpa2-wpa3\"\npassphrase = \"correct horse battery\"");
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let mut elements = assoc_elements(b"lab");
    elements.extend_from_slice(&rsne_with(8, 0));
    let out = bss.handle_frame(now, &assoc(STA, &elements));
    assert_eq!(
        status_of(&sent_frames(&out)[0]),
        StatusCode::RobustMgmtPolicyViolation
    );
    // The WPA2 station of the same SSID joins with the PSK, without PMF.
    let wpa2 = MacAddr([2, 0, 0, 0, 3, 0]);
    bss.handle_frame(now, &auth(wpa2));
    let mut elements = assoc_elements(b"lab");
    elements.extend_from_slice(&rsne_with(2, 0));
    let out = bss.handle_frame(now, &assoc(wpa2, &elements));
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::AddStation(p) if p.sta == wpa2 && !p.mfp)));
}

#[test]
fn sae_commits_never_take_a_real_station_s_place() {
    // One station slot, held by a station that authenticated but has not
    // associated yet: an open system authentication from someone else
    // would evict it, SAE commits (which anyone can send from any
    // address) must not: their exchanges live in the SAE table.
    let mut bss = sae_bss("max_stations = 1");
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    for i in 0..50u8 {
        let spoofed = MacAddr([2, 0x5a, 0, 0, 0, i]);
        let mut commit = vec![19, 0];
        commit.extend_from_slice(&[i; 96]);
        bss.handle_frame(now, &sae_commit_from(spoofed, &commit));
    }
    assert_eq!(bss.stations().map(|s| s.mac).collect::<Vec<_>>(), vec![STA]);
    assert_eq!(bss.counters().auth_evictions, 0);
}

#[test]
fn hash_to_element_is_advertised_in_an_rsnxe() {
    let h2e = sae_bss("[radio.bss.sae]\npwe = \"both\"");
    let tail = h2e.ap_params().beacon_tail;
    assert!(
        tail.windows(3).any(|w| w == [244, 1, 0x20]),
        "RSNXE with SAE H2E"
    );
    let hnp = sae_bss("");
    let tail = hnp.ap_params().beacon_tail;
    assert!(
        !tail.windows(2).any(|w| w == [244, 1]),
        "no RSNXE for hunting-and-pecking only"
    );
}

fn sae_frame(sa: MacAddr, transaction: u16, status: u16, payload: &[u8]) -> Vec<u8> {
    frame(
        sa,
        Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::Sae,
            transaction,
            status: StatusCode::from(status),
            payload,
        }),
    )
}

/// The body of the one Authentication frame in `out`: transaction,
/// status, payload.
fn auth_reply(out: &[Output]) -> (u16, StatusCode, Vec<u8>) {
    let frames = sent_frames(out);
    assert_eq!(frames.len(), 1, "{out:?}");
    match ManagementFrame::parse(&frames[0]).expect("ours").body {
        Body::Authentication(a) => (a.transaction, a.status, a.payload.to_vec()),
        other => panic!("not an authentication: {other:?}"),
    }
}

/// A station's SAE keys: KCK, PMK, PMKID.
type StationKeys = (Vec<u8>, Vec<u8>, [u8; 16]);

/// Runs SAE between `bss` and a station with `password`: the station's
/// keys once its confirm was accepted.
fn sae_exchange(
    bss: &mut Bss,
    now: Instant,
    sta: MacAddr,
    password: &[u8],
    h2e: bool,
) -> Result<StationKeys, StatusCode> {
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::from_seed([9; 32]);
    let mut station = roamd_sae::vectors::Station::new(
        &roamd_sae::vectors::StationParams {
            group: 19,
            h2e,
            ssid: b"lab",
            password,
            identifier: None,
            rejected_groups: &[],
            own: sta.0,
            peer: BSSID.0,
        },
        &mut rng,
    )
    .expect("station");
    let status = if h2e { 126 } else { 0 };
    let out = bss.handle_frame(now, &sae_frame(sta, 1, status, &station.commit_body(None)));
    let (transaction, got, body) = auth_reply(&out);
    assert_eq!(transaction, 1);
    assert_eq!(u16::from(got), status, "the AP's commit");
    let commit = roamd_ieee80211::sae::SaeCommit::parse(&body, h2e).expect("AP commit");
    station
        .process_peer(commit.scalar, commit.element)
        .expect("AP commit valid");
    let out = bss.handle_frame(now, &sae_frame(sta, 2, 0, &station.confirm_body(1)));
    if out.is_empty() {
        return Err(StatusCode::UnspecifiedFailure);
    }
    let (transaction, got, body) = auth_reply(&out);
    assert_eq!(transaction, 2);
    if got != StatusCode::Success {
        return Err(got);
    }
    assert!(station.verify_confirm(&body), "the AP's confirm verifies");
    Ok(station.keys().expect("keys"))
}

/// An association request with the SAE AKM, PMF required, and `pmkid`.
fn sae_assoc(sta: MacAddr, pmkid: &[u8; 16]) -> Vec<u8> {
    let mut elements = assoc_elements(b"lab");
    let mut rsne = rsne_with(8, 0xc0).to_vec();
    rsne[1] += 18;
    rsne.extend_from_slice(&[1, 0]);
    rsne.extend_from_slice(pmkid);
    elements.extend_from_slice(&rsne);
    assoc(sta, &elements)
}

/// The PMKID KDE of an EAPOL-Key message 1 in `out`.
fn message_1_pmkid(out: &[Output]) -> Option<Vec<u8>> {
    out.iter().find_map(|o| match o {
        Output::SendEapol { frame, .. } => {
            let kde = [0xdd, 0x14, 0x00, 0x0f, 0xac, 0x04];
            let at = frame.windows(kde.len()).position(|w| w == kde)?;
            frame
                .get(at + kde.len()..at + kde.len() + 16)
                .map(<[u8]>::to_vec)
        }
        _ => None,
    })
}

#[test]
fn sae_then_association_runs_the_handshake_on_the_sae_pmk() {
    for (pwe, h2e) in [("hunting-and-pecking", false), ("hash-to-element", true)] {
        let mut bss = sae_bss(&format!("[radio.bss.sae]\npwe = \"{pwe}\""));
        let now = Instant::now();
        let (_, _, pmkid) =
            sae_exchange(&mut bss, now, STA, b"correct horse battery", h2e).expect("accepted");
        assert_eq!(bss.stations().map(|s| s.mac).collect::<Vec<_>>(), vec![STA]);
        let out = bss.handle_frame(now, &sae_assoc(STA, &pmkid));
        assert!(
            out.iter()
                .any(|o| matches!(o, Output::AddStation(p) if p.mfp)),
            "{out:?}"
        );
        let out = bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
        // Message 1 names the SAE PMKSA (hostapd does too).
        assert_eq!(message_1_pmkid(&out), Some(pmkid.to_vec()), "{pwe} {out:?}");
        assert_eq!(
            bss.station(STA)
                .and_then(|s| s.journal.as_ref())
                .map(|j| j.outcome),
            Some(RoamOutcome::Sae)
        );
        assert_eq!(bss.sae_counters().map(|c| c.accepted), Some(1));
    }
}

#[test]
fn a_wrong_sae_password_creates_no_station() {
    let mut bss = sae_bss("");
    let now = Instant::now();
    assert!(sae_exchange(&mut bss, now, STA, b"not the password", false).is_err());
    assert!(bss.stations().next().is_none());
    assert_eq!(bss.sae_counters().map(|c| c.confirm_mismatch), Some(1));
}

#[test]
fn a_station_comes_back_with_its_sae_pmksa_and_skips_sae() {
    let mut bss = sae_bss("");
    let now = Instant::now();
    let caches = Rc::new(RefCell::new(PmksaCaches::new()));
    bss.attach_pmksa(caches);
    let (_, _, pmkid) =
        sae_exchange(&mut bss, now, STA, b"correct horse battery", false).expect("accepted");
    bss.handle_frame(now, &sae_assoc(STA, &pmkid));
    bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
    // It leaves, then returns with Open System and the PMKID.
    let later = now + Duration::from_secs(30);
    bss.handle_frame(
        later,
        &frame(
            STA,
            Body::Deauthentication(ReasonBodyRepr {
                reason: ReasonCode::DeauthLeaving,
                elements: Elements::new(&[]),
            }),
        ),
    );
    assert!(bss.station(STA).is_none());
    let out = bss.handle_frame(later, &auth(STA));
    assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::Success);
    let out = bss.handle_frame(later, &sae_assoc(STA, &pmkid));
    assert!(
        out.iter().any(|o| matches!(o, Output::AddStation(_))),
        "{out:?}"
    );
    let out = bss.handle_tx_status(later, TxPurpose::AssocResponse(STA), true);
    assert_eq!(message_1_pmkid(&out), Some(pmkid.to_vec()));
    assert_eq!(
        bss.station(STA)
            .and_then(|s| s.journal.as_ref())
            .map(|j| j.outcome),
        Some(RoamOutcome::SaePmksa)
    );
    assert_eq!(
        bss.sae_counters().map(|c| c.accepted),
        Some(1),
        "no second SAE"
    );
}

// Two hosts: A's registry queues its new PMKSA for the store, B's gets it
// as a replica (what the daemon's store link does), and B's OKC roam says
// where the key came from.
#[test]
fn an_okc_roam_on_a_replicated_pmksa_is_journalled_from_the_store() {
    let okc = "[radio.bss.cache]\nmode = \"okc\"\ndomain = \"campus\"";
    let mut a = sae_bss(okc);
    let text = format!(
        "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n\
         security = \"wpa3-sae\"\npassphrase = \"correct horse battery\"\n{okc}\n"
    );
    let c = Config::parse(Path::new("t.toml"), &text).expect("valid");
    let bssid_b = MacAddr([2, 0, 0, 0, 0, 1]);
    let mut b = Bss::new(
        c.radios[0].bss[0].clone(),
        &c.radios[0],
        bssid_b,
        Instant::now(),
        [8; 32],
    )
    .expect("bss");
    let host_a = Rc::new(RefCell::new(PmksaCaches::new()));
    let host_b = Rc::new(RefCell::new(PmksaCaches::new()));
    a.attach_pmksa(host_a.clone());
    b.attach_pmksa(host_b.clone());
    assert!(host_a.borrow_mut().set_shared(&a.bssid(), true));
    let now = Instant::now();
    let (_, _, pmkid) =
        sae_exchange(&mut a, now, STA, b"correct horse battery", false).expect("accepted");
    let changes = host_a.borrow_mut().take_shared_changes();
    let [roamd_pmksa::SharedChange::Added {
        domain,
        mode,
        entry,
    }] = &changes[..]
    else {
        panic!("{changes:?}")
    };
    assert_eq!(domain, "campus");
    assert!(host_b
        .borrow_mut()
        .insert_replica(now, domain, *mode, (**entry).clone()));

    let to_b = |body| ManagementFrame::new(bssid_b, STA, bssid_b, body).to_bytes();
    b.handle_frame(
        now,
        &to_b(Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        })),
    );
    let mut elements = assoc_elements(b"lab");
    let mut rsne = rsne_with(8, 0xc0).to_vec();
    rsne[1] += 18;
    rsne.extend_from_slice(&[1, 0]);
    rsne.extend_from_slice(&pmkid);
    elements.extend_from_slice(&rsne);
    let out = b.handle_frame(
        now,
        &to_b(Body::AssocRequest(AssocRequestRepr {
            capabilities: CapabilityInfo::ESS,
            listen_interval: 5,
            elements: Elements::new(&elements),
        })),
    );
    assert!(
        out.iter().any(|o| matches!(o, Output::AddStation(_))),
        "{out:?}"
    );
    let station = b.station(STA).expect("station");
    assert!(matches!(
        station.cached.as_ref().map(|(_, k)| *k),
        Some(HitKind::Okc { .. })
    ));
    assert_eq!(
        station.journal.as_ref().and_then(|r| r.key_source),
        Some(crate::ft::KeySource::Store)
    );
}

#[test]
fn okc_takes_an_sae_pmksa_to_another_bss_of_the_domain() {
    // hostapd's pmksa_cache_get_okc compares SAE entries by their stored
    // PMKID: a station that ran SAE at A offers the same PMKID at B.
    let okc = "[radio.bss.cache]\nmode = \"okc\"";
    let mut a = sae_bss(okc);
    let text = format!(
        "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\n\
         security = \"wpa3-sae\"\npassphrase = \"correct horse battery\"\n{okc}\n"
    );
    let c = Config::parse(Path::new("t.toml"), &text).expect("valid");
    let bssid_b = MacAddr([2, 0, 0, 0, 0, 1]);
    let mut b = Bss::new(
        c.radios[0].bss[0].clone(),
        &c.radios[0],
        bssid_b,
        Instant::now(),
        [8; 32],
    )
    .expect("bss");
    let caches = Rc::new(RefCell::new(PmksaCaches::new()));
    a.attach_pmksa(caches.clone());
    b.attach_pmksa(caches);
    let now = Instant::now();
    let (_, _, pmkid) =
        sae_exchange(&mut a, now, STA, b"correct horse battery", false).expect("accepted");
    let to_b = |body| ManagementFrame::new(bssid_b, STA, bssid_b, body).to_bytes();
    let out = b.handle_frame(
        now,
        &to_b(Body::Authentication(AuthenticationRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction: 1,
            status: StatusCode::Success,
            payload: &[],
        })),
    );
    assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::Success);
    let mut elements = assoc_elements(b"lab");
    let mut rsne = rsne_with(8, 0xc0).to_vec();
    rsne[1] += 18;
    rsne.extend_from_slice(&[1, 0]);
    rsne.extend_from_slice(&pmkid);
    elements.extend_from_slice(&rsne);
    let out = b.handle_frame(
        now,
        &to_b(Body::AssocRequest(AssocRequestRepr {
            capabilities: CapabilityInfo::ESS,
            listen_interval: 5,
            elements: Elements::new(&elements),
        })),
    );
    assert!(
        out.iter().any(|o| matches!(o, Output::AddStation(_))),
        "{out:?}"
    );
    assert!(matches!(
        b.station(STA)
            .and_then(|s| s.cached.as_ref())
            .map(|(_, k)| *k),
        Some(HitKind::Okc { .. })
    ));
    let out = b.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
    assert_eq!(message_1_pmkid(&out), Some(pmkid.to_vec()));
}

#[test]
fn new_cache_settings_apply_live_and_keep_the_stations() {
    let mut bss = sae_bss("");
    let now = Instant::now();
    let caches = Rc::new(RefCell::new(PmksaCaches::new()));
    bss.attach_pmksa(caches.clone());
    let (_, _, pmkid) =
        sae_exchange(&mut bss, now, STA, b"correct horse battery", false).expect("accepted");
    bss.handle_frame(now, &sae_assoc(STA, &pmkid));
    bss.handle_tx_status(now, TxPurpose::AssocResponse(STA), true);
    assert_eq!(caches.borrow().cache(&BSSID).map(|c| c.len()), Some(1));
    let mut cache = bss.config().cache().cloned().expect("SAE caches");
    cache.mode = crate::config::CacheMode::Okc;
    cache.lifetime = Duration::from_secs(60);
    let later = now + Duration::from_secs(30);
    let outcome = bss.apply_cache_settings(later, &cache).expect("applied");
    assert_eq!(
        outcome.to_string(),
        "sticky -> okc: 1 entries kept (re-scoped), 1 shortened"
    );
    assert_eq!(bss.config().cache(), Some(&cache));
    assert_eq!(
        caches.borrow().mode(&BSSID),
        Some(roamd_pmksa::CacheMode::Okc)
    );
    assert!(bss.station(STA).is_some(), "the station stays");
    cache.mode = crate::config::CacheMode::None;
    let outcome = bss.apply_cache_settings(later, &cache).expect("applied");
    assert_eq!(outcome.flushed, 1);
    assert!(bss.station(STA).is_some(), "the station stays");
    // A PSK BSS has no cache to reconfigure.
    assert!(psk_bss().apply_cache_settings(later, &cache).is_none());
}

#[test]
fn the_journal_classes_each_association_and_feeds_the_shared_profiles() {
    use crate::profiles::{ProfileSettings, RoamClass, RoamProfiles};
    let mut bss = bss_with("");
    let settings = ProfileSettings::default();
    let profiles = Rc::new(RefCell::new(RoamProfiles::new(settings)));
    bss.attach_profiles(profiles.clone());
    let now = Instant::now();
    join(&mut bss, now, STA);
    let class = bss
        .station(STA)
        .and_then(|s| s.journal.as_ref())
        .and_then(|r| r.class);
    // Open: no faster path than the one taken.
    assert_eq!(class, Some(RoamClass::Full));
    let p = profiles.borrow().get(STA).cloned().expect("profiled");
    assert_eq!((p.associations, p.full, p.pmkid_offers), (1, 1, 0));
    // It leaves: the profile lingers, then goes.
    let left = now + Duration::from_secs(1);
    bss.handle_frame(
        left,
        &frame(
            STA,
            Body::Deauthentication(ReasonBodyRepr {
                reason: ReasonCode::DeauthLeaving,
                elements: Elements::new(&[]),
            }),
        ),
    );
    assert!(bss.station(STA).is_none());
    profiles.borrow_mut().expire(left + settings.linger / 2);
    assert!(profiles.borrow().get(STA).is_some());
    profiles.borrow_mut().expire(left + settings.linger);
    assert!(profiles.borrow().get(STA).is_none());
}

// The bounded wait on a local miss in a domain shared through a store: the
// test plays the daemon (it fills the registry as a fetch would and
// answers) and the clock.
#[cfg(feature = "shared-cache")]
mod store_waits {
    use super::*;
    use crate::ft::KeySource;
    use roamd_wpa::{Akm, Pmk};

    /// The AP of another host where the station authenticated first.
    const HOST_A_AP: MacAddr = MacAddr([2, 0, 0, 0, 0, 0x0a]);
    const WAIT: Duration = Duration::from_millis(5);

    fn pmk() -> Pmk {
        Pmk::from_slice(&[0x42; 32]).expect("pmk")
    }

    /// An OKC BSS of domain `campus`, shared, its store `available`.
    fn shared_bss(available: bool) -> (Bss, Rc<RefCell<PmksaCaches>>) {
        let mut bss = bss_with(
            "security = \"wpa2-eap\"\nnas_identifier = \"ap0\"\n\
             [radio.bss.cache]\nmode = \"okc\"\ndomain = \"campus\"\n\
             [[radio.bss.auth_server]]\naddress = \"127.0.0.1:1812\"\nsecret = \"s\"",
        );
        let caches = Rc::new(RefCell::new(PmksaCaches::new()));
        bss.attach_pmksa(caches.clone());
        {
            let mut c = caches.borrow_mut();
            assert!(c.set_shared(&BSSID, true));
            c.set_miss_wait("campus", WAIT);
            c.set_store_available("campus", available);
        }
        (bss, caches)
    }

    /// What the store holds for `sta`: host A's entry (a full EAP there).
    fn host_a_entry(now: Instant, sta: MacAddr) -> PmksaEntry {
        PmksaEntry::new(
            now,
            pmk(),
            Akm::Ieee8021x,
            HOST_A_AP,
            sta,
            roamd_pmksa::SessionAttrs::default(),
        )
        .expect("entry")
    }

    /// `sta`'s association request offering its OKC PMKID for this BSS.
    fn okc_assoc(sta: MacAddr) -> Vec<u8> {
        let id = roamd_wpa::pmkid::pmkid(&pmk(), &BSSID, &sta, Akm::Ieee8021x).expect("pmkid");
        let mut elements = assoc_elements(b"lab");
        let mut rsne = rsne_with(1, 0).to_vec();
        rsne[1] += 18;
        rsne.extend_from_slice(&[1, 0]);
        rsne.extend_from_slice(&id.0);
        elements.extend_from_slice(&rsne);
        assoc(sta, &elements)
    }

    fn sta(n: u8) -> MacAddr {
        MacAddr([2, 0, 0, 1, 0, n])
    }

    /// Authentication, then the association request: its outputs.
    fn roam_in(bss: &mut Bss, now: Instant, sta: MacAddr) -> Vec<Output> {
        bss.handle_frame(now, &auth(sta));
        bss.handle_frame(now, &okc_assoc(sta))
    }

    fn answered(out: &[Output]) -> bool {
        out.iter().any(|o| matches!(o, Output::AddStation(_)))
    }

    fn journal(bss: &Bss, sta: MacAddr) -> (RoamOutcome, Option<KeySource>) {
        let r = bss
            .station(sta)
            .and_then(|s| s.journal.as_ref())
            .expect("journal");
        (r.outcome, r.key_source)
    }

    #[test]
    fn a_miss_waits_for_the_store_and_roams_on_what_it_fetched() {
        let (mut bss, caches) = shared_bss(true);
        let now = Instant::now();
        let out = roam_in(&mut bss, now, STA);
        assert_eq!(out, [Output::FetchPmksa { sta: STA }]);
        assert_eq!(bss.station(STA).unwrap().state, StationState::Authenticated);
        assert_eq!(bss.poll_timeout(), Some(now + WAIT));
        // A retransmitted request does not ask again.
        assert!(bss.handle_frame(now, &okc_assoc(STA)).is_empty());
        assert_eq!(bss.counters().store_waits, 1);

        // The daemon's fetch puts host A's entry into the replica.
        let later = now + Duration::from_millis(2);
        assert!(caches.borrow_mut().insert_replica(
            later,
            "campus",
            roamd_pmksa::CacheMode::Okc,
            host_a_entry(now, STA)
        ));
        let out = bss.handle_store_answer(later, STA, StoreAnswer::Answered);
        assert!(answered(&out), "{out:?}");
        assert_eq!(
            journal(&bss, STA),
            (
                RoamOutcome::Okc,
                Some(KeySource::StoreFetched { round_trip_ms: 2 })
            )
        );
        assert!(bss.station(STA).unwrap().store_wait.is_none());
        // The deadline is gone with the wait; a late answer does nothing.
        assert!(bss.poll_timeout().unwrap() > now + WAIT);
        assert!(bss
            .handle_store_answer(later, STA, StoreAnswer::Answered)
            .is_empty());
        // The handshake runs on the fetched PMK (message 1 names it).
        let out = bss.handle_tx_status(later, TxPurpose::AssocResponse(STA), true);
        assert!(message_1_pmkid(&out).is_some(), "{out:?}");
    }

    #[test]
    fn a_miss_in_the_store_too_runs_full_eap_after_the_wait() {
        let (mut bss, _caches) = shared_bss(true);
        let now = Instant::now();
        assert_eq!(
            roam_in(&mut bss, now, STA),
            [Output::FetchPmksa { sta: STA }]
        );
        let later = now + Duration::from_millis(1);
        let out = bss.handle_store_answer(later, STA, StoreAnswer::Answered);
        assert!(answered(&out), "{out:?}");
        assert_eq!(
            journal(&bss, STA),
            (
                RoamOutcome::FullEap,
                Some(KeySource::StoreMiss { round_trip_ms: 1 })
            )
        );
        // EAP starts once the response is acknowledged.
        let out = bss.handle_tx_status(later, TxPurpose::AssocResponse(STA), true);
        assert!(
            out.iter().any(|o| matches!(o, Output::SendEapol { .. })),
            "{out:?}"
        );
    }

    #[test]
    fn no_answer_within_miss_wait_means_full_eap() {
        let (mut bss, caches) = shared_bss(true);
        let now = Instant::now();
        roam_in(&mut bss, now, STA);
        // Just before the deadline nothing happens.
        let early = now + WAIT - Duration::from_micros(1);
        assert!(!answered(&bss.handle_timeout(early)));
        let due = bss.poll_timeout().expect("the wait's deadline");
        assert_eq!(due, now + WAIT);
        let out = bss.handle_timeout(due);
        assert!(answered(&out), "{out:?}");
        assert_eq!(
            journal(&bss, STA),
            (RoamOutcome::FullEap, Some(KeySource::StoreTimeout))
        );
        assert_eq!(bss.counters().store_wait_timeouts, 1);
        // The answer comes late: the entry is kept, the roam goes on.
        caches.borrow_mut().insert_replica(
            due,
            "campus",
            roamd_pmksa::CacheMode::Okc,
            host_a_entry(now, STA),
        );
        assert!(!answered(&bss.handle_store_answer(
            due,
            STA,
            StoreAnswer::Answered
        )));
        assert_eq!(journal(&bss, STA).0, RoamOutcome::FullEap);

        // A station that leaves while it waits: its answer is ignored.
        let other = sta(1);
        assert_eq!(
            roam_in(&mut bss, due, other),
            [Output::FetchPmksa { sta: other }]
        );
        bss.handle_frame(
            due,
            &frame(
                other,
                Body::Deauthentication(ReasonBodyRepr {
                    reason: ReasonCode::DeauthLeaving,
                    elements: Elements::new(&[]),
                }),
            ),
        );
        assert!(bss
            .handle_store_answer(due, other, StoreAnswer::Answered)
            .is_empty());
        assert!(bss.station(other).is_none());
    }

    #[test]
    fn a_store_down_is_not_waited_for_and_the_journal_says_so() {
        let (mut bss, caches) = shared_bss(false);
        let now = Instant::now();
        let out = roam_in(&mut bss, now, STA);
        assert!(answered(&out), "{out:?}");
        assert!(!out.iter().any(|o| matches!(o, Output::FetchPmksa { .. })));
        assert_eq!(
            journal(&bss, STA),
            (RoamOutcome::FullEap, Some(KeySource::StoreUnavailable))
        );
        assert_eq!(bss.counters().store_unavailable, 1);

        // Up as far as the registry knows, but the daemon cannot ask it.
        caches.borrow_mut().set_store_available("campus", true);
        let other = sta(1);
        assert_eq!(
            roam_in(&mut bss, now, other),
            [Output::FetchPmksa { sta: other }]
        );
        let out = bss.handle_store_answer(now, other, StoreAnswer::Unavailable);
        assert!(answered(&out), "{out:?}");
        assert_eq!(
            journal(&bss, other),
            (RoamOutcome::FullEap, Some(KeySource::StoreUnavailable))
        );

        // An entry the replica holds is used whatever the store's state.
        caches.borrow_mut().set_store_available("campus", false);
        let third = sta(2);
        caches.borrow_mut().insert_replica(
            now,
            "campus",
            roamd_pmksa::CacheMode::Okc,
            host_a_entry(now, third),
        );
        assert!(answered(&roam_in(&mut bss, now, third)));
        assert_eq!(
            journal(&bss, third),
            (RoamOutcome::Okc, Some(KeySource::Store))
        );
    }

    #[test]
    fn waits_are_bounded_per_bss_and_off_without_a_shared_domain() {
        let (mut bss, caches) = shared_bss(true);
        let now = Instant::now();
        for n in 0..MAX_STORE_WAITS as u8 {
            assert_eq!(
                roam_in(&mut bss, now, sta(n)),
                [Output::FetchPmksa { sta: sta(n) }]
            );
        }
        let over = sta(200);
        let out = roam_in(&mut bss, now, over);
        assert!(answered(&out), "{out:?}");
        assert_eq!(journal(&bss, over), (RoamOutcome::FullEap, None));
        assert_eq!(bss.counters().store_waits_refused, 1);
        // One answer frees a place.
        bss.handle_store_answer(now, sta(0), StoreAnswer::Answered);
        let next = sta(201);
        assert_eq!(
            roam_in(&mut bss, now, next),
            [Output::FetchPmksa { sta: next }]
        );

        // miss_wait_ms = 0: no wait.
        caches.borrow_mut().set_miss_wait("campus", Duration::ZERO);
        assert!(answered(&roam_in(&mut bss, now, sta(202))));
        // A BSS whose domain is not shared never waits.
        caches.borrow_mut().set_miss_wait("campus", WAIT);
        caches.borrow_mut().set_shared(&BSSID, false);
        let out = roam_in(&mut bss, now, sta(203));
        assert!(answered(&out), "{out:?}");
        assert_eq!(journal(&bss, sta(203)), (RoamOutcome::FullEap, None));
    }
}

mod wnm {
    use super::*;
    use crate::profiles::{ProfileSettings, RoamProfiles};
    use roamd_ieee80211::action::{BtmRepr, RadioMeasurementRepr, RmAction};
    use roamd_ieee80211::body::ActionRepr;

    const OTHER: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

    fn action(sa: MacAddr, body: &[u8]) -> Vec<u8> {
        frame(
            sa,
            Body::Action(ActionRepr::from_bytes(body).expect("action")),
        )
    }

    fn neighbor(n: u8, ssid: &[u8]) -> Neighbor {
        let mut nr = vec![2, 0, 0, 0, 9, n, 0x8f, 0, 0, 0, 81, 1, 7];
        nr.push(n);
        Neighbor {
            bssid: MacAddr([2, 0, 0, 0, 9, n]),
            ssid: ssid.to_vec(),
            nr,
            lci: None,
            civic: None,
            stationary: false,
        }
    }

    /// The body of the one Action frame in `out`.
    fn action_body(out: &[Output]) -> Vec<u8> {
        let frames = sent_frames(out);
        assert_eq!(frames.len(), 1, "{out:?}");
        match ManagementFrame::parse(&frames[0]).expect("parses").body {
            Body::Action(a) => {
                let mut v = vec![0; a.buffer_len()];
                a.emit(&mut v).expect("emit");
                v
            }
            other => panic!("not an action: {other:?}"),
        }
    }

    fn events(out: &[Output]) -> Vec<String> {
        out.iter()
            .filter_map(|o| match o {
                Output::CtrlEvent(e) => Some(e.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn capabilities_are_advertised_only_when_enabled() {
        let tail = bss_with("").elements.beacon_tail();
        assert!(!tail.windows(2).any(|w| w == [70, 5] || w == [127, 3]));
        let bss =
            bss_with("rrm_neighbor_report = true\nrrm_beacon_report = true\nbss_transition = true");
        let tail = bss.elements.beacon_tail();
        assert!(tail.windows(7).any(|w| w == [70, 5, 0x72, 0, 0, 0, 0]));
        assert!(tail.windows(5).any(|w| w == [127, 3, 0, 0, 0x08]));
        // Capability Information (after timestamp and interval): Radio Measurement.
        let head = bss.elements.beacon_head();
        assert_eq!(head[24 + 10 + 1] & 0x10, 0x10);
        assert_eq!(bss_with("").elements.beacon_head()[24 + 10 + 1] & 0x10, 0);
        let only_nr = bss_with("rrm_neighbor_report = true")
            .elements
            .beacon_tail();
        assert!(only_nr.windows(3).any(|w| w == [70, 5, 0x02]));
        assert!(!only_nr.windows(2).any(|w| w == [127, 3]));
    }

    #[test]
    fn the_neighbor_list_is_bounded_and_answers_neighbor_report_requests() {
        assert!(!bss_with("").set_neighbor(neighbor(0, b"lab")));
        let mut bss = bss_with("rrm_neighbor_report = true");
        for n in 0..MAX_NEIGHBORS as u8 {
            let ssid: &[u8] = if n % 2 == 0 { b"lab" } else { b"guest" };
            assert!(bss.set_neighbor(neighbor(n, ssid)));
        }
        // Full: a new one is refused, a known one replaced.
        assert!(!bss.set_neighbor(neighbor(200, b"lab")));
        let mut changed = neighbor(0, b"lab");
        changed.stationary = true;
        assert!(bss.set_neighbor(changed));
        let list = bss.neighbors().expect("enabled");
        assert_eq!(list.len(), MAX_NEIGHBORS);
        // Newest first, as hostapd lists them.
        assert_eq!(list[0].bssid, MacAddr([2, 0, 0, 0, 9, 63]));
        assert_eq!(
            list.last().map(ToString::to_string).as_deref(),
            Some("02:00:00:00:09:00 ssid=6c6162 nr=0200000009008f00000051010700 stat\n")
        );
        // Removal: by BSSID, the SSID must match when given.
        assert!(!bss.remove_neighbor(MacAddr([2, 0, 0, 0, 9, 1]), Some(b"lab")));
        assert!(bss.remove_neighbor(MacAddr([2, 0, 0, 0, 9, 1]), Some(b"guest")));
        assert!(bss.remove_neighbor(MacAddr([2, 0, 0, 0, 9, 3]), None));
        assert!(!bss.remove_neighbor(MacAddr([2, 0, 0, 0, 9, 3]), None));
        assert!(bss.set_neighbor(neighbor(200, b"lab")));

        let request = |ssid: Option<&[u8]>| {
            let mut elements = Vec::new();
            if let Some(s) = ssid {
                ElementWriter::new(&mut elements).ssid(s).expect("ssid");
            }
            RadioMeasurementRepr {
                action: RmAction::NeighborReportRequest,
                dialog_token: 9,
                repetitions: 0,
                elements: Elements::new(&elements),
            }
            .to_bytes()
        };
        let now = Instant::now();
        // Only associated stations are answered.
        assert!(bss
            .handle_frame(now, &action(STA, &request(None)))
            .is_empty());
        join(&mut bss, now, STA);
        let body = action_body(&bss.handle_frame(now, &action(STA, &request(None))));
        let r = RadioMeasurementRepr::parse_bytes(&body).expect("response");
        assert_eq!(
            (r.action, r.dialog_token),
            (RmAction::NeighborReportResponse, 9)
        );
        let bssids: Vec<u8> = r
            .elements
            .find_all(id::NEIGHBOR_REPORT)
            .map(|e| {
                roamd_ieee80211::element::NeighborReport::parse(e.data())
                    .expect("nr")
                    .bssid
                    .0[5]
            })
            .collect();
        // The SSID of the BSS: the even ones and the new one, newest first.
        assert_eq!(bssids.len(), 33);
        assert_eq!(bssids[0], 200);
        assert!(bssids.iter().all(|b| b % 2 == 0));
        // The SSID the request names.
        let body = action_body(&bss.handle_frame(now, &action(STA, &request(Some(b"guest")))));
        let r = RadioMeasurementRepr::parse_bytes(&body).expect("response");
        assert_eq!(r.elements.find_all(id::NEIGHBOR_REPORT).count(), 30);
        assert_eq!(bss.counters().neighbor_reports, 2);
    }

    #[test]
    fn a_transition_request_is_answered_once_and_linked_to_the_next_roam() {
        let config = "bss_transition = true";
        let mut a = bss_with(config);
        // B: another BSS of this process.
        let c = Config::parse(
            Path::new("t.toml"),
            "[[radio]]\ninterface = \"wlan0\"\nchannel = 1\n[[radio.bss]]\nssid = \"lab\"\nbss_transition = true\n",
        )
        .expect("valid");
        let mut b = Bss::new(
            c.radios[0].bss[0].clone(),
            &c.radios[0],
            OTHER,
            Instant::now(),
            [8; 32],
        )
        .expect("bss");
        let profiles = Rc::new(RefCell::new(RoamProfiles::new(ProfileSettings::default())));
        a.attach_profiles(profiles.clone());
        b.attach_profiles(profiles.clone());
        let now = Instant::now();
        let request = BtmRepr::Request {
            dialog_token: 0,
            mode: 0x01,
            disassoc_timer: 0,
            validity_interval: 255,
            termination_duration: None,
            session_url: None,
            candidates: Elements::new(&[52, 13, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 81, 1, 7]),
        };
        assert!(a.send_bss_tm_request(now, STA, &request).is_none());
        assert!(bss_with("")
            .send_bss_tm_request(now, STA, &request)
            .is_none());
        join(&mut a, now, STA);
        let out = a.send_bss_tm_request(now, STA, &request).expect("sent");
        let BtmRepr::Request { dialog_token, .. } =
            BtmRepr::parse_bytes(&action_body(&out)).expect("request")
        else {
            panic!("not a request")
        };
        assert_ne!(dialog_token, 0);
        let response = |token: u8, status: u8| {
            BtmRepr::Response {
                dialog_token: token,
                status,
                termination_delay: 0,
                target_bssid: (status == 0).then_some(OTHER),
                candidates: Elements::new(&[]),
            }
            .to_bytes()
        };
        // Another token: dropped and counted.
        let out = a.handle_frame(
            now,
            &action(STA, &response(dialog_token.wrapping_add(1), 0)),
        );
        assert!(out.is_empty());
        assert_eq!(a.counters().btm_unsolicited, 1);
        let out = a.handle_frame(now, &action(STA, &response(dialog_token, 0)));
        assert_eq!(
            events(&out),
            ["BSS-TM-RESP 02:00:00:00:02:00 status_code=0 bss_termination_delay=0 target_bssid=02:00:00:00:01:00"]
        );
        // Answered: a repeat is unsolicited.
        assert!(a
            .handle_frame(now, &action(STA, &response(dialog_token, 0)))
            .is_empty());
        assert_eq!(
            (a.counters().btm_responses, a.counters().btm_unsolicited),
            (1, 2)
        );
        assert_eq!(
            profiles
                .borrow()
                .get(STA)
                .map(|p| (p.btm_accepted, p.btm_rejected)),
            Some((1, 0))
        );

        // The station moves to B (a BSS of this process): its journal says so.
        let later = now + Duration::from_millis(1500);
        a.handle_associated_elsewhere(later, STA);
        let out = b.handle_frame(
            later,
            &frame_at(
                OTHER,
                STA,
                Body::Authentication(AuthenticationRepr {
                    algorithm: AuthAlgorithm::OpenSystem,
                    transaction: 1,
                    status: StatusCode::Success,
                    payload: &[],
                }),
            ),
        );
        assert_eq!(status_of(&sent_frames(&out)[0]), StatusCode::Success);
        let elements = assoc_elements(b"lab");
        b.handle_frame(
            later,
            &frame_at(
                OTHER,
                STA,
                Body::AssocRequest(AssocRequestRepr {
                    capabilities: CapabilityInfo::ESS,
                    listen_interval: 5,
                    elements: Elements::new(&elements),
                }),
            ),
        );
        b.handle_tx_status(later, TxPurpose::AssocResponse(STA), true);
        let steered = b
            .station(STA)
            .and_then(|s| s.journal.as_ref())
            .and_then(|r| r.steered.clone());
        assert_eq!(steered.as_deref(), Some("accepted,1500ms"));
        // Once: the next association says nothing.
        assert!(profiles.borrow_mut().take_steer(STA, OTHER).is_none());

        // A rejection is counted and said.
        let out = b.send_bss_tm_request(later, STA, &request).expect("sent");
        let Ok(BtmRepr::Request { dialog_token, .. }) = BtmRepr::parse_bytes(&action_body(&out))
        else {
            panic!("not a request")
        };
        let body = response(dialog_token, 7);
        let rx = frame_at(
            OTHER,
            STA,
            Body::Action(ActionRepr::from_bytes(&body).expect("action")),
        );
        let out = b.handle_frame(later, &rx);
        assert_eq!(
            events(&out),
            ["BSS-TM-RESP 02:00:00:00:02:00 status_code=7 bss_termination_delay=0"]
        );
        assert_eq!(
            profiles
                .borrow()
                .get(STA)
                .map(|p| (p.btm_accepted, p.btm_rejected)),
            Some((1, 1))
        );
        let steer = profiles.borrow_mut().take_steer(STA, BSSID).expect("kept");
        assert_eq!(steer.describe(later), "rejected,status=7");
    }

    #[test]
    fn the_disassociation_timer_disassociates_a_station_that_stayed() {
        let mut bss = bss_with("bss_transition = true");
        let now = Instant::now();
        join(&mut bss, now, STA);
        let request = BtmRepr::Request {
            dialog_token: 1,
            mode: 0x04,
            disassoc_timer: 10,
            validity_interval: 0,
            termination_duration: None,
            session_url: None,
            candidates: Elements::new(&[]),
        };
        bss.send_bss_tm_request(now, STA, &request).expect("sent");
        // 10 beacon intervals of 100 TUs.
        let end = now + Duration::from_micros(10 * 100 * 1024);
        assert_eq!(bss.poll_timeout(), Some(end));
        assert!(sent_frames(&bss.handle_timeout(end - Duration::from_millis(1))).is_empty());
        let out = bss.handle_timeout(end);
        let frames = sent_frames(&out);
        assert!(matches!(
            ManagementFrame::parse(&frames[0]).expect("parses").body,
            Body::Disassociation(ReasonBodyRepr {
                reason: ReasonCode::PrevAuthNotValid,
                ..
            })
        ));
        assert!(events(&out).contains(&"AP-STA-DISCONNECTED 02:00:00:00:02:00".to_string()));
        assert!(out.contains(&Output::RemoveStation(STA)));
        assert_eq!(
            bss.station(STA).map(|s| s.state),
            Some(StationState::Authenticated)
        );
    }

    #[test]
    fn beacon_requests_and_reports() {
        let mut bss = bss_with("rrm_beacon_report = true");
        let now = Instant::now();
        let field = [0x51, 0, 0, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(bss.request_beacon_report(STA, 0, &field).is_none());
        join(&mut bss, now, STA);
        assert!(bss.request_beacon_report(STA, 0, &field[..12]).is_none());
        let (token, out) = bss.request_beacon_report(STA, 1, &field).expect("sent");
        let body = action_body(&out);
        assert_eq!(&body[..10], &[5, 0, token, 0, 0, 38, 16, 1, 1, 5]);
        assert_eq!(&body[10..], &field);
        let (next, _) = bss.request_beacon_report(STA, 0, &field).expect("sent");
        assert_ne!(next, token);
        // The report: one Beacon report, one of another type (ignored).
        let mut report = vec![5u8, 1, token, 39, 29, 1, 0, 5];
        report.extend_from_slice(&[81, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x64, 0, 0x10, 0xc0, 0xff]);
        report.extend_from_slice(&[2, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4]);
        report.extend_from_slice(&[39, 3, 2, 0, 8]);
        let out = bss.handle_frame(now, &action(STA, &report));
        assert_eq!(
            events(&out),
            [format!(
                "BEACON-RESP-RX 02:00:00:00:02:00 {token} 00 5106000000000000000064001\
                 0c0ff0200000001000001020304"
            )]
        );
    }
}

/// An 802.11n BSS on channel 6, its HT completed as the daemon does from
/// mac80211_hwsim (A-MPDU parameters 0x1b, MCS 0-15).
fn ht_bss() -> Bss {
    let text = "[[radio]]\ninterface = \"wlan0\"\nchannel = 6\nieee80211n = true\n\
                ht_capab = \"[SHORT-GI-20]\"\n[[radio.bss]]\nssid = \"lab\"\n";
    let mut c = Config::parse(Path::new("t.toml"), text).expect("valid");
    let ht = c.radios[0].ht.as_mut().expect("HT");
    ht.ampdu_params = 0x1b;
    ht.mcs_set[..2].copy_from_slice(&[0xff, 0xff]);
    Bss::new(
        c.radios[0].bss[0].clone(),
        &c.radios[0],
        BSSID,
        Instant::now(),
        [7; 32],
    )
    .expect("bss")
}

/// wpa_supplicant's HT Capabilities on mac80211_hwsim, and a WMM
/// Information element with U-APSD for voice.
fn ht_wmm_elements(wmm: bool) -> Vec<u8> {
    let mut buf = assoc_elements(b"lab");
    let ht = roamd_ieee80211::element::HtCapabilities {
        info: 0x107e,
        ampdu_params: 0x1b,
        mcs_set: [0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
        ..Default::default()
    };
    let mut w = ElementWriter::new(&mut buf);
    w.raw(id::HT_CAPABILITIES, &ht.to_data()).expect("HT");
    if wmm {
        w.raw(id::VENDOR_SPECIFIC, &[0, 0x50, 0xf2, 2, 0, 1, 0x01])
            .expect("WMM");
    }
    buf
}

fn added(out: &[Output]) -> NewStation {
    out.iter()
        .find_map(|o| match o {
            Output::AddStation(p) => Some(p.clone()),
            _ => None,
        })
        .expect("station added")
}

#[test]
fn an_ht_bss_advertises_ht20_and_wmm_as_hostapd() {
    let bss = ht_bss();
    let params = bss.ap_params();
    assert!(params.ht);
    let tail = Elements::new(&params.beacon_tail);
    let caps = tail.find(id::HT_CAPABILITIES).expect("HT Capabilities");
    let caps = roamd_ieee80211::element::HtCapabilities::parse(caps.data()).expect("valid");
    // SM power save disabled and [SHORT-GI-20]; the radio's A-MPDU and MCS.
    assert_eq!((caps.info, caps.ampdu_params), (0x002c, 0x1b));
    assert_eq!(caps.mcs_set[..3], [0xff, 0xff, 0]);
    let op = tail.find(id::HT_OPERATION).expect("HT Operation");
    assert_eq!(op.data()[..2], [6, 0], "primary channel 6, no secondary");
    let wmm = tail.find_vendor([0, 0x50, 0xf2], 2).expect("WMM Parameter");
    assert_eq!(
        roamd_ieee80211::element::WmmParameter::parse(wmm.as_bytes()),
        Ok(roamd_ieee80211::element::WmmParameter::HOSTAPD_DEFAULT)
    );
    // The probe response carries them too; an a/b/g BSS none of them.
    let probe = bss.elements.probe_response(STA);
    assert!(Elements::new(&probe[36..]).find(id::HT_OPERATION).is_some());
    let plain = bss_with("").ap_params();
    assert!(!plain.ht);
    assert!(Elements::new(&plain.beacon_tail)
        .find(id::HT_CAPABILITIES)
        .is_none());
    assert!(Elements::new(&plain.beacon_tail)
        .find(id::VENDOR_SPECIFIC)
        .is_none());
}

#[test]
fn an_ht_station_hands_its_ht_capabilities_and_qos_info_to_the_kernel() {
    let mut bss = ht_bss();
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let out = bss.handle_frame(now, &assoc(STA, &ht_wmm_elements(true)));
    let params = added(&out);
    // Masked by the BSS's SHORT-GI-20 (hostapd_get_ht_capab).
    assert_eq!(params.ht_capabilities.map(|h| h.info), Some(0x002c));
    assert_eq!(params.wmm.map(|w| w.uapsd_queues()), Some(0x01));
    let response = &sent_frames(&out)[0];
    assert_eq!(status_of(response), StatusCode::Success);
    let elements = Elements::new(&response[30..]);
    assert!(elements.find(id::HT_CAPABILITIES).is_some());
    assert!(elements.find(id::HT_OPERATION).is_some());
    assert!(elements.find_vendor([0, 0x50, 0xf2], 2).is_some());
    let station = bss.stations().next().expect("station");
    assert!(station.wmm && station.ht);
}

#[test]
fn a_non_ht_station_joins_an_ht_bss_without_ht_or_qos() {
    let mut bss = ht_bss();
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let out = bss.handle_frame(now, &assoc(STA, &assoc_elements(b"lab")));
    let params = added(&out);
    assert_eq!((params.ht_capabilities, params.wmm), (None, None));
    let response = &sent_frames(&out)[0];
    assert_eq!(status_of(response), StatusCode::Success);
    // The BSS's HT elements, but no WMM Parameter for a non-WMM station.
    let elements = Elements::new(&response[30..]);
    assert!(elements.find(id::HT_OPERATION).is_some());
    assert!(elements.find_vendor([0, 0x50, 0xf2], 2).is_none());
}

#[test]
fn ht_without_wmm_is_not_ht_and_an_abg_bss_ignores_both() {
    // hostapd's copy_sta_ht_capab: HT only for a WMM station.
    let mut bss = ht_bss();
    let now = Instant::now();
    bss.handle_frame(now, &auth(STA));
    let params = added(&bss.handle_frame(now, &assoc(STA, &ht_wmm_elements(false))));
    assert_eq!((params.ht_capabilities, params.wmm), (None, None));
    let mut plain = bss_with("");
    plain.handle_frame(now, &auth(STA));
    let params = added(&plain.handle_frame(now, &assoc(STA, &ht_wmm_elements(true))));
    assert_eq!((params.ht_capabilities, params.wmm), (None, None));
    // WMM without HT: QoS, no HT.
    let mut wmm = bss_with("wmm = true");
    wmm.handle_frame(now, &auth(STA));
    let params = added(&wmm.handle_frame(now, &assoc(STA, &ht_wmm_elements(true))));
    assert!(params.ht_capabilities.is_none() && params.wmm.is_some());
}
