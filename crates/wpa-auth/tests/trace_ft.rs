//! Byte-exact comparison with hostapd 2.10 (traces/ft-psk, AP0): the 4-way
//! handshake of an FT initial mobility domain association, FT-PSK, CCMP,
//! no PMF, mobility domain a1b2, R0KH-ID "ap0.example.net", R1KH-ID
//! 02:00:00:00:00:00. With hostapd's PMK-R1, ANonce and GTK injected, our
//! messages 1 and 3 must equal hostapd's octet for octet (message 3 carries
//! PMKR1Name in the RSNE, the MDE, the FTE of the association response and
//! two Timeout Interval elements), and wpa_supplicant's messages 2 and 4
//! must complete the handshake.

mod common;

use std::time::Instant;

use common::{frame_of, hex, FixedRng};
use roamd_eapol::{EapolKeyRepr, ProtocolVersion};
use roamd_wpa::ft::PmkR1Name;
use roamd_wpa::keywrap::unwrap_key_data;
use roamd_wpa::{Akm, CipherSuite, Gtk, MacAddr, Pmk};
use roamd_wpa_auth::{
    Action, AuthEvent, Error, FtAssociation, GroupKeys, PtkState, PtkStateMachine, RetryPolicy,
    StationParams,
};

/// ap0.log "FT: PMK-R1" and "FT: PMKR1Name" (test-vectors.md derives them).
const PMK_R1: &str = "c698d8629ec1f97b6626470c02f788244c5f6f99ec0e2536d2a755ba77756e8d";
const PMK_R1_NAME: &str = "570833ad6f5e66fcbfaf4efd863f1f3d";
const ANONCE: &str = "5063e3dd34bdef55fb2d54f4e52a5c90c503f2238233e876c085d64938f8aac5";
const GTK: &str = "1dc99ee356fa5bb4b56ddbd047c3054a";
const KEK: &str = "9c3cd525fc8ba0518c33c768a551b106";
const TK: &str = "901d9fa418ef443fcdf73a3a0e6bf483";

/// wpa_supplicant.log "RX EAPOL" of message 1.
const MSG1: &str = "0203005f02008b001000000000000000015063e3dd34bdef55fb2d54f4e52a5c90c503f2238233e876c085d64938f8aac50000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
/// ap0.log "RX EAPOL data" of message 2: RSNE with PMKR1Name, MDE, FTE.
const MSG2: &str = "010300f902010b0000000000000000000194104cba3290efc1e821f55ea5722e7d9ee96e37c67d70689328c79adc79f0de0000000000000000000000000000000000000000000000000000000000000000b577950117dc101ab267422342eabe2f009a30260100000fac040100000fac040100000fac0400000100570833ad6f5e66fcbfaf4efd863f1f3d3603a1b201376b000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000106020000000000030f6170302e6578616d706c652e6e6574";
/// wpa_supplicant.log "RX EAPOL" of message 3.
const MSG3: &str = "0203012f0213cb001000000000000000025063e3dd34bdef55fb2d54f4e52a5c90c503f2238233e876c085d64938f8aac500000000000000000000000000000000000000000000000000000000000000000305541c7871b489fd387b3c20cb86ad00d087277220229f792cc62bcb1d92b93940a7f87b62dcded7f925453453c6c75ba30022b4785c7eab971cd32f655122a12ea908eb2ec1ff749a6d28166ce9f7d357d81debc1849b1a389bbd0fd5719d40ee3e09f3ce6f9f929f1261342bcd31698bad71e6f06a15ea526ab4f0c051989a908ab65392cdd04617371baaa1b4b1c1208d2486328a9fd38420f8c38454b6ca4ef5e29f9ffb4382fdf8a5cc4582015abf6187f29b675e393ddd96cdb5158c7f4f3cb69481f04d3e5d57c99e4ae6112c4e9d5de528bd356d491889ed77ca2465d7";
/// ap0.log "Plaintext EAPOL-Key Key Data" of message 3; hostapd wraps the
/// first 200 octets (196 of elements and KDEs, 0xdd, zeros).
const MSG3_PLAINTEXT: &str = "302a0100000fac040100000fac040200000fac02000fac0400000100570833ad6f5e66fcbfaf4efd863f1f3d3603a1b201dd16000fac0101001dc99ee356fa5bb4b56ddbd047c3054a376b000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000106020000000000030f6170302e6578616d706c652e6e65743805010000000038050200751200dd0000000000000000000000";
/// ap0.log "RX EAPOL data" of message 4.
const MSG4: &str = "0103005f02030b00000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001432230a99779885bf23bde41ed7fca00000";

/// The station's RSNE from its association request (FT-PSK, no PMKID).
const STA_RSNE: &str = "30140100000fac040100000fac040100000fac040000";
/// hostapd's RSNE and MDE (Beacon tail): WPA-PSK and FT-PSK offered.
const AP_RSNE_MDE: &str = "30180100000fac040100000fac040200000fac02000fac0400003603a1b201";
/// The MDE and FTE of hostapd's association response (R1KH-ID, R0KH-ID).
const MDE: &str = "3603a1b201";
const FTE: &str = "376b000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000106020000000000030f6170302e6578616d706c652e6e6574";

fn params() -> StationParams {
    StationParams {
        aa: MacAddr([2, 0, 0, 0, 0, 0]),
        spa: MacAddr([2, 0, 0, 0, 2, 0]),
        akm: Akm::FtPsk,
        pairwise_cipher: CipherSuite::Ccmp128,
        group_cipher: CipherSuite::Ccmp128,
        sta_rsne: hex(STA_RSNE),
        ap_rsne: hex(AP_RSNE_MDE),
        pmk: Pmk::from_slice(&hex(PMK_R1)).unwrap(),
        pmkid: None,
        mfp: false,
        eapol_version: ProtocolVersion::V2004,
        ft: Some(FtAssociation {
            pmk_r1_name: PmkR1Name(hex(PMK_R1_NAME).try_into().unwrap()),
            mde: hex(MDE),
            fte: hex(FTE),
            // hostapd 2.10's defaults, as its message 3 shows.
            reassociation_deadline_tu: 0,
            key_lifetime_secs: 1_209_600,
        }),
    }
}

fn trace_setup() -> (PtkStateMachine, GroupKeys) {
    let gk = GroupKeys::from_keys(
        CipherSuite::Ccmp128,
        Gtk::from_slice(&hex(GTK)).unwrap(),
        1,
        None,
    )
    .unwrap();
    (
        PtkStateMachine::new(params(), RetryPolicy::default()).unwrap(),
        gk,
    )
}

#[test]
fn hostapd_ft_initial_association_byte_exact() {
    let (mut sm, gk) = trace_setup();
    let now = Instant::now();
    let mut rng = FixedRng::new(&hex(ANONCE));

    let m1 = frame_of(&sm.start(now, &mut rng, &gk));
    assert_eq!(hex::encode(&m1), MSG1);

    let m3 = frame_of(&sm.handle_eapol_key(now, &hex(MSG2), &gk));
    let key = EapolKeyRepr::parse_frame(&m3, 16).unwrap();
    let plain = unwrap_key_data(&hex(KEK), key.key_data).unwrap();
    assert_eq!(
        hex::encode(plain.as_bytes()),
        hex::encode(&hex(MSG3_PLAINTEXT)[..200])
    );
    assert_eq!(hex::encode(&m3), MSG3);

    let done = sm.handle_eapol_key(now, &hex(MSG4), &gk);
    match done.as_slice() {
        [Action::InstallPtk {
            tk,
            cipher: CipherSuite::Ccmp128,
            key_idx: 0,
        }, Action::Authorize, Action::Event(AuthEvent::HandshakeCompleted)] => {
            assert_eq!(tk.as_bytes(), &hex(TK)[..]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sm.state(), PtkState::PtkInitDone);
}

/// Message 2 with its Key Data changed and its MIC made valid again: the
/// MIC cannot be forged, but a station can still send other elements.
fn resigned_message_2(edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    use roamd_wpa::mic::write_eapol_key_mic;
    use roamd_wpa::MicAlgorithm;
    // KCK from ap0.log "FT: KCK".
    let kck = hex("f3a9cb2b38cc4f290df45afc3a65ee1b");
    let mut frame = hex(MSG2);
    edit(&mut frame);
    write_eapol_key_mic(&kck, MicAlgorithm::AesCmac128, &mut frame, 81).unwrap();
    frame
}

#[test]
fn message_2_must_name_the_pmk_r1_and_repeat_our_mde_and_fte() {
    let msg2 = hex(MSG2);
    let find = |needle: &str| {
        let needle = hex(needle);
        msg2.windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    let pmk_r1_name_at = find(PMK_R1_NAME);
    let mde_at = find(MDE);
    let r0kh_at = find("6170302e6578616d706c652e6e6574");
    for (what, at) in [
        ("PMKR1Name", pmk_r1_name_at),
        ("MDE", mde_at + 4),
        ("FTE's R0KH-ID", r0kh_at),
    ] {
        let (mut sm, gk) = trace_setup();
        let now = Instant::now();
        sm.start(now, &mut FixedRng::new(&hex(ANONCE)), &gk);
        let bad = resigned_message_2(|f| f[at] ^= 0x01);
        let actions = sm.handle_eapol_key(now, &bad, &gk);
        assert!(
            actions.contains(&Action::Event(AuthEvent::RsneMismatch)),
            "{what}: {actions:?}"
        );
        assert_eq!(sm.state(), PtkState::Disconnected, "{what}");
    }
}

#[test]
fn an_ft_akm_needs_its_mobility_domain_and_only_it_has_one() {
    let mut no_ft = params();
    no_ft.ft = None;
    assert!(matches!(
        PtkStateMachine::new(no_ft, RetryPolicy::default()),
        Err(Error::FtAssociation)
    ));
    let mut not_ft_akm = params();
    not_ft_akm.akm = Akm::Psk;
    assert!(matches!(
        PtkStateMachine::new(not_ft_akm, RetryPolicy::default()),
        Err(Error::FtAssociation)
    ));
    let mut bad_mde = params();
    if let Some(ft) = bad_mde.ft.as_mut() {
        ft.mde.pop();
    }
    assert!(matches!(
        PtkStateMachine::new(bad_mde, RetryPolicy::default()),
        Err(Error::FtAssociation)
    ));
}
