//! FT-802.1X-SHA384 (AKM 00-0F-AC:13) in the FT element and handshake
//! layer: FTEs whose MIC field has the AKM's 24 octets (IEEE 802.11-2020
//! 9.4.2.47; hostapd `struct rsn_ftie_sha384`), FT over the air under
//! HMAC-SHA-384-192 with a 24-octet KCK and a 32-octet KEK, and the 4-way
//! handshake of an initial mobility domain association with the
//! AKM-defined key descriptor (version 0). No hostapd trace of SHA-384 is
//! at hand: every MIC and key is recomputed with roamd-wpa.

mod common;

use std::time::Instant;

use common::supplicant::Answered;
use common::{rsne, FixedRng, Supplicant, AA, SPA};
use roamd_eapol::{EapolKeyRepr, KeyDescriptorVersion};
use roamd_ieee80211::element::{ElementWriter, FteRepr, RsneRepr};
use roamd_ieee80211::StatusCode;
use roamd_wpa::ft::{
    derive_pmk_r0, derive_pmk_r1, derive_ptk, pmk_r1_name, verify_ft_mic, write_ft_mic,
    xxkey_from_msk, FtMicInput, PmkR0Derivation,
};
use roamd_wpa::keywrap::unwrap_key_data;
use roamd_wpa::{Akm, CipherSuite, Gtk, Igtk, Pmk, PmkR1, Ptk};
use roamd_wpa_auth::{
    fte_element, Action, AuthEvent, FtAp, FtAssociation, FtAuthRequest, FtPending, GroupKeyState,
    GroupKeys, PtkState, PtkStateMachine, RetryPolicy, StationParams,
};

const AKM: Akm = Akm::FtIeee8021xSha384;
const CIPHER: CipherSuite = CipherSuite::Gcmp256;
const MDE: [u8; 5] = [54, 3, 0xa1, 0xb2, 1];
const R0KH_ID: &[u8] = b"ap0.example.net";
const SSID: &[u8] = b"campus";
const SNONCE: [u8; 32] = [0x5a; 32];
const ANONCE: [u8; 32] = [0xa5; 32];
/// A GCMP-256 GTK.
const GTK: [u8; 32] = [0x33; 32];

/// The station's PMK-R0 from a 64-octet MSK: XXKey is its first 384 bits.
fn pmk_r0() -> PmkR0Derivation {
    let msk: Vec<u8> = (0..64).collect();
    let xxkey = xxkey_from_msk(&msk, AKM).unwrap();
    derive_pmk_r0(&xxkey, AKM, SSID, [0xa1, 0xb2], R0KH_ID, &SPA).unwrap()
}

fn pmk_r1() -> PmkR1 {
    derive_pmk_r1(&pmk_r0().pmk_r0, AKM, &AA, &SPA).unwrap()
}

/// `whole` (an RSNE) with `pmkid` as its one PMKID.
fn with_pmkid(whole: &[u8], pmkid: &[u8; 16]) -> Vec<u8> {
    let mut repr = RsneRepr::parse(&whole[2..]).unwrap();
    repr.pmkids = Some(vec![*pmkid]);
    let mut out = Vec::new();
    ElementWriter::new(&mut out).rsne(&repr).unwrap();
    out
}

fn subelement(id: u8, data: &[u8]) -> Vec<u8> {
    [&[id, data.len() as u8][..], data].concat()
}

/// A whole FTE with a zero MIC field of `mic_len` octets.
fn fte(mic_len: usize, element_count: u8, anonce: &[u8; 32], subelements: &[u8]) -> Vec<u8> {
    let body = [
        &[0, element_count][..],
        &vec![0; mic_len],
        anonce,
        &SNONCE,
        subelements,
    ]
    .concat();
    [&[55, body.len() as u8][..], &body].concat()
}

fn ap(mfp: bool) -> FtAp {
    let mut rsne = rsne(AKM, CIPHER, CIPHER, mfp);
    // FT-EAP (SHA-256) offered beside it: the station picks one.
    let mut repr = RsneRepr::parse(&rsne[2..]).unwrap();
    repr.akms = Some(vec![Akm::FtIeee8021x, AKM]);
    rsne.clear();
    ElementWriter::new(&mut rsne).rsne(&repr).unwrap();
    FtAp {
        bssid: AA,
        rsne,
        mde: MDE.to_vec(),
        r1kh_id: AA,
        akms: vec![Akm::FtIeee8021x, AKM],
        pairwise: vec![CIPHER],
    }
}

/// The station's RSNE (SHA-384 AKM), MDE and FTE of its FT Authentication
/// Request, whose FTE has a zero MIC field of `mic_len` octets.
fn auth_request_elements(mfp: bool, mic_len: usize) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let rsne = with_pmkid(&rsne(AKM, CIPHER, CIPHER, mfp), &pmk_r0().pmk_r0_name.0);
    let fte = fte(mic_len, 0, &[0; 32], &subelement(3, R0KH_ID));
    (rsne, MDE.to_vec(), fte)
}

fn parse_request(ap: &FtAp, mic_len: usize) -> Result<FtAuthRequest, StatusCode> {
    let (rsne, mde, fte) = auth_request_elements(false, mic_len);
    FtAuthRequest::parse(ap, SPA, Some(&rsne[2..]), Some(&mde[2..]), Some(&fte[2..]))
}

/// The whole element `id` among `elements`.
fn element(elements: &[u8], id: u8) -> Vec<u8> {
    let mut rest = elements;
    while let [eid, len, tail @ ..] = rest {
        let len = usize::from(*len);
        if *eid == id {
            return [&[*eid, len as u8][..], &tail[..len]].concat();
        }
        rest = &tail[len..];
    }
    panic!("no element {id}")
}

/// The Reassociation Request's RSNE (PMKR1Name), MDE and FTE, MIC'd under
/// `ptk` with a MIC field of `mic_len` octets.
fn reassoc_request(ptk: &Ptk, mic_len: usize) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let name = pmk_r1_name(&pmk_r0().pmk_r0_name, AKM, &AA, &SPA).unwrap();
    let rsne = with_pmkid(&rsne(AKM, CIPHER, CIPHER, false), &name.0);
    let subelements = [subelement(1, AA.as_bytes()), subelement(3, R0KH_ID)].concat();
    let mut fte = fte(mic_len, 3, &ANONCE, &subelements);
    let unsigned = fte.clone();
    let input = FtMicInput {
        sta_addr: &SPA,
        ap_addr: &AA,
        transaction_seq: 5,
        rsne: &rsne,
        mde: &MDE,
        fte: &unsigned,
        ric: &[],
        rsnxe: &[],
    };
    write_ft_mic(ptk.kck(), AKM, &input, &mut fte).unwrap();
    (rsne, MDE.to_vec(), fte)
}

#[test]
fn fte_element_has_the_mic_field_of_the_akm() {
    let build = |akm| fte_element(akm, 3, &ANONCE, &SNONCE, AA, R0KH_ID, &[]).unwrap();
    let (sha384, sha256) = (build(AKM), build(Akm::FtIeee8021x));
    // MIC Control, MIC, ANonce, SNonce, R1KH-ID (8), R0KH-ID (17).
    assert_eq!(usize::from(sha384[1]), 2 + 24 + 64 + 8 + 17);
    assert_eq!(usize::from(sha256[1]), 2 + 16 + 64 + 8 + 17);
    assert_eq!(sha384.len(), sha256.len() + 8);
    for (fte, mic_len) in [(&sha384, 24), (&sha256, 16)] {
        let parsed = FteRepr::parse(&fte[2..], mic_len).unwrap();
        assert_eq!(parsed.mic, &vec![0; mic_len][..]);
        assert_eq!(parsed.mic_control.element_count, 3);
        assert_eq!((parsed.anonce, parsed.snonce), (ANONCE, SNONCE));
        assert_eq!(parsed.r1kh_id(), Some(AA));
        assert_eq!(parsed.r0kh_id(), Some(R0KH_ID));
    }
    // The same octets as the FTE a station builds by hand.
    let subelements = [subelement(1, AA.as_bytes()), subelement(3, R0KH_ID)].concat();
    assert_eq!(sha384, fte(24, 3, &ANONCE, &subelements));
}

#[test]
fn an_ft_authentication_request_is_read_with_the_akms_mic_length() {
    let ap = ap(false);
    let req = parse_request(&ap, 24).unwrap();
    assert_eq!(req.akm, AKM);
    assert_eq!(req.pairwise, CIPHER);
    assert_eq!(req.snonce, SNONCE);
    assert_eq!(req.r0kh_id, R0KH_ID);
    assert_eq!(req.pmk_r0_name, pmk_r0().pmk_r0_name);
    assert_eq!(
        req.pmk_r1_name,
        pmk_r1_name(&pmk_r0().pmk_r0_name, AKM, &AA, &SPA).unwrap()
    );
    // A 16-octet MIC field under SHA-384 shifts the nonces and subelements
    // by 8 octets: the R0KH-ID is no longer there.
    assert_eq!(
        parse_request(&ap, 16).map(|_| ()),
        Err(StatusCode::InvalidFte)
    );
}

/// The FT Authentication of the station, answered with [`ANONCE`].
fn authenticated(ap: &FtAp) -> (FtPending, Vec<u8>) {
    let req = parse_request(ap, 24).unwrap();
    FtPending::authenticate(ap, SPA, &req, &pmk_r1(), &mut FixedRng::new(&ANONCE)).unwrap()
}

fn station_ptk() -> Ptk {
    derive_ptk(&pmk_r1(), AKM, CIPHER, &SNONCE, &ANONCE, &AA, &SPA).unwrap()
}

#[test]
fn ft_over_the_air_with_sha384_mics_of_24_octets() {
    let ap = ap(true);
    let (pending, response) = authenticated(&ap);
    // Authentication Response: RSNE echoing PMKR0Name, MDE, FTE with a
    // zero 24-octet MIC field, both nonces and both key holders.
    let rsne = element(&response, 48);
    assert_eq!(
        RsneRepr::parse(&rsne[2..]).unwrap().pmkids,
        Some(vec![pmk_r0().pmk_r0_name.0])
    );
    assert_eq!(element(&response, 54), MDE);
    let subelements = [subelement(1, AA.as_bytes()), subelement(3, R0KH_ID)].concat();
    assert_eq!(
        element(&response, 55),
        fte(24, 0, &ANONCE, &subelements),
        "FTE of the Authentication Response"
    );

    // Both ends derive the same PTK: KCK 24, KEK 32, TK 32 (GCMP-256).
    let ptk = station_ptk();
    assert_eq!(pending.ptk().kck(), ptk.kck());
    assert_eq!(pending.ptk().tk(), ptk.tk());
    assert_eq!(
        (ptk.kck().len(), ptk.kek().len(), ptk.tk().len()),
        (24, 32, 32)
    );

    let (rsne, mde, fte_24) = reassoc_request(&ptk, 24);
    assert_eq!(
        pending.check_reassoc(&ap, Some(&rsne), Some(&mde), Some(&fte_24)),
        Ok(())
    );
    // Every octet of the 24-octet MIC counts, the last 8 included.
    for at in [4, 4 + 15, 4 + 16, 4 + 23] {
        let mut bad = fte_24.clone();
        bad[at] ^= 1;
        assert_eq!(
            pending.check_reassoc(&ap, Some(&rsne), Some(&mde), Some(&bad)),
            Err(StatusCode::InvalidFte),
            "MIC octet {}",
            at - 4
        );
    }
    // A 16-octet MIC (the SHA-256 layout) is refused, even with a valid MIC
    // of that length (write_ft_mic writes the AKM's 24 octets over it).
    let (_, _, fte_16) = reassoc_request(&ptk, 16);
    assert_eq!(
        pending.check_reassoc(&ap, Some(&rsne), Some(&mde), Some(&fte_16)),
        Err(StatusCode::InvalidFte)
    );

    // Reassociation Response: our MIC (sequence 6) verifies under the
    // KCK, the GTK and IGTK unwrap under the 32-octet KEK.
    let gk = GroupKeys::from_keys(
        CIPHER,
        Gtk::from_slice(&GTK).unwrap(),
        1,
        Some((
            CipherSuite::BipCmac128,
            Igtk::from_slice(&[0x44; 16]).unwrap(),
            4,
        )),
    )
    .unwrap();
    let elements = pending.reassoc_response_elements(&ap, &gk, true).unwrap();
    let (rsne, mde, fte) = (
        element(&elements, 48),
        element(&elements, 54),
        element(&elements, 55),
    );
    let input = FtMicInput {
        sta_addr: &SPA,
        ap_addr: &AA,
        transaction_seq: 6,
        rsne: &rsne,
        mde: &mde,
        fte: &fte,
        ric: &[],
        rsnxe: &[],
    };
    verify_ft_mic(ptk.kck(), AKM, &input).expect("response MIC");
    let parsed = FteRepr::parse(&fte[2..], 24).unwrap();
    assert_eq!(parsed.mic.len(), 24);
    assert_eq!(parsed.mic_control.element_count, 3);
    assert_eq!((parsed.anonce, parsed.snonce), (ANONCE, SNONCE));
    let gtk = parsed.gtk().expect("gtk subelement");
    let plain = unwrap_key_data(ptk.kek(), gtk.wrapped_key).expect("gtk unwraps");
    assert_eq!(&plain.as_bytes()[..usize::from(gtk.key_len)], &GTK[..]);
    let igtk = parsed.igtk().expect("igtk subelement");
    unwrap_key_data(ptk.kek(), igtk.wrapped_key).expect("igtk unwraps");
}

#[test]
fn four_way_handshake_of_an_ft_eap_sha384_initial_association() {
    let name = pmk_r1_name(&pmk_r0().pmk_r0_name, AKM, &AA, &SPA).unwrap();
    let pmk = Pmk::from_slice(pmk_r1().as_bytes()).unwrap();
    assert_eq!(pmk.len(), 48);
    let sta_rsne = rsne(AKM, CIPHER, CIPHER, false);
    let ap_rsne = rsne(AKM, CIPHER, CIPHER, false);
    let assoc_fte = fte_element(AKM, 0, &[0; 32], &[0; 32], AA, R0KH_ID, &[]).unwrap();
    let params = StationParams {
        aa: AA,
        spa: SPA,
        akm: AKM,
        pairwise_cipher: CIPHER,
        group_cipher: CIPHER,
        sta_rsne: sta_rsne.clone(),
        ap_rsne: [&ap_rsne[..], &MDE].concat(),
        pmk: pmk.clone(),
        pmkid: None,
        mfp: false,
        eapol_version: roamd_eapol::ProtocolVersion::V2004,
        ft: Some(FtAssociation {
            pmk_r1_name: name,
            mde: MDE.to_vec(),
            fte: assoc_fte.clone(),
            reassociation_deadline_tu: 1000,
            key_lifetime_secs: 1_209_600,
        }),
    };
    let mut sm = PtkStateMachine::new(params, RetryPolicy::default()).unwrap();
    let mut rng = FixedRng::new(&[0x77; 64]);
    let gk = GroupKeys::from_keys(CIPHER, Gtk::from_slice(&GTK).unwrap(), 1, None).unwrap();
    // Message 2 repeats the association response's MDE and FTE.
    let mut s = Supplicant::new(
        AA,
        SPA,
        AKM,
        CIPHER,
        pmk,
        [
            with_pmkid(&sta_rsne, &name.0),
            MDE.to_vec(),
            assoc_fte.clone(),
        ]
        .concat(),
        with_pmkid(&ap_rsne, &name.0),
        SNONCE,
    );
    let now = Instant::now();
    let m1 = common::frame_of(&sm.start(now, &mut rng, &gk));
    // The AKM-defined descriptor, no PMKID KDE (the PMK is a PMK-R1), and
    // room for a 24-octet MIC.
    let key = EapolKeyRepr::parse_frame(&m1, 24).unwrap();
    assert_eq!(
        key.key_info.descriptor_version(),
        KeyDescriptorVersion::from(0)
    );
    assert_eq!(key.key_mic.len(), 24);
    assert!(key.key_data.is_empty());
    let (_, m2) = s.receive(&m1).expect("message 1");
    let m3 = common::frame_of(&sm.handle_eapol_key(now, &m2, &gk));
    assert_eq!(
        EapolKeyRepr::parse_frame(&m3, 24).unwrap().key_mic.len(),
        24
    );
    let (_, m4) = s
        .receive(&m3)
        .expect("message 3: HMAC-SHA-384-192, 32-octet KEK");
    let learned = s.learned.clone().expect("message 3");
    assert!(learned
        .ft_elements
        .starts_with(&[&MDE[..], &assoc_fte].concat()));
    assert_eq!(learned.gtk, GTK);
    let done = sm.handle_eapol_key(now, &m4, &gk);
    let ptk = s.ptk.as_ref().expect("ptk");
    match done.as_slice() {
        [Action::InstallPtk { tk, cipher, .. }, Action::Authorize, Action::Event(AuthEvent::HandshakeCompleted)] =>
        {
            assert_eq!(*cipher, CIPHER);
            assert_eq!(tk.as_bytes(), ptk.tk());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sm.state(), PtkState::PtkInitDone);

    // A group rekey: group message 1 carries a 24-octet MIC too and the
    // new GTK wrapped under the 32-octet KEK.
    let mut gk = gk;
    gk.rekey(&mut rng).unwrap();
    let g1 = common::frame_of(&sm.start_group_rekey(now, &gk));
    assert_eq!(
        EapolKeyRepr::parse_frame(&g1, 24).unwrap().key_mic.len(),
        24
    );
    assert_eq!(sm.group_state(), GroupKeyState::RekeyNegotiating);
    let (answered, g2) = s.receive(&g1).expect("group message 1");
    assert_eq!(answered, Answered::Group1);
    assert_ne!(
        s.learned.as_ref().map(|l| l.gtk.clone()),
        Some(GTK.to_vec())
    );
    sm.handle_eapol_key(now, &g2, &gk);
    assert_eq!(sm.group_state(), GroupKeyState::Idle);
}

#[test]
fn message_2_with_a_16_octet_mic_is_dropped() {
    // A station that gets the MIC length wrong (HMAC-SHA-1/AES-CMAC size)
    // never completes: its message 2 does not parse at 24 octets, or fails
    // the MIC.
    let name = pmk_r1_name(&pmk_r0().pmk_r0_name, AKM, &AA, &SPA).unwrap();
    let pmk = Pmk::from_slice(pmk_r1().as_bytes()).unwrap();
    let rsne_ = rsne(AKM, CIPHER, CIPHER, false);
    let assoc_fte = fte_element(AKM, 0, &[0; 32], &[0; 32], AA, R0KH_ID, &[]).unwrap();
    let params = StationParams {
        aa: AA,
        spa: SPA,
        akm: AKM,
        pairwise_cipher: CIPHER,
        group_cipher: CIPHER,
        sta_rsne: rsne_.clone(),
        ap_rsne: [&rsne_[..], &MDE].concat(),
        pmk,
        pmkid: None,
        mfp: false,
        eapol_version: roamd_eapol::ProtocolVersion::V2004,
        ft: Some(FtAssociation {
            pmk_r1_name: name,
            mde: MDE.to_vec(),
            fte: assoc_fte.clone(),
            reassociation_deadline_tu: 1000,
            key_lifetime_secs: 1_209_600,
        }),
    };
    let mut sm = PtkStateMachine::new(params, RetryPolicy::default()).unwrap();
    let mut rng = FixedRng::new(&[0x77; 64]);
    let gk = GroupKeys::generate(&mut rng, CIPHER, None).unwrap();
    let m1 = common::frame_of(&sm.start(Instant::now(), &mut rng, &gk));
    let anonce = EapolKeyRepr::parse_frame(&m1, 24).unwrap().key_nonce;
    let ptk = derive_ptk(&pmk_r1(), AKM, CIPHER, &SNONCE, &anonce, &AA, &SPA).unwrap();
    // Message 2 framed with a 16-octet MIC of HMAC-SHA-384 truncated.
    let key_data = [with_pmkid(&rsne_, &name.0), MDE.to_vec(), assoc_fte].concat();
    let info = (roamd_eapol::KeyInfo::KEY_TYPE | roamd_eapol::KeyInfo::KEY_MIC)
        .with_descriptor_version(KeyDescriptorVersion::from(0));
    let repr = EapolKeyRepr {
        replay_counter: EapolKeyRepr::parse_frame(&m1, 24).unwrap().replay_counter,
        key_nonce: SNONCE,
        key_data: &key_data,
        ..EapolKeyRepr::new(roamd_eapol::KeyDescriptorType::Rsn, info)
    };
    let mut short = repr
        .to_frame(roamd_eapol::ProtocolVersion::V2004, 16)
        .unwrap();
    let full =
        roamd_wpa::mic::eapol_key_mic(ptk.kck(), roamd_wpa::MicAlgorithm::HmacSha384_192, &short)
            .unwrap();
    short[roamd_eapol::mic_range(16)].copy_from_slice(&full.as_bytes()[..16]);
    let actions = sm.handle_eapol_key(Instant::now(), &short, &gk);
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::SendEapol(_) | Action::InstallPtk { .. })),
        "{actions:?}"
    );
    assert_ne!(sm.state(), PtkState::PtkInitDone);
}
