//! Byte-exact comparison with hostapd 2.10 (traces/psk-connect): WPA2-PSK,
//! CCMP, PMF (ieee80211w=1), passphrase "correct horse battery", SSID
//! "roam-psk". With hostapd's ANonce, GTK and IGTK injected, our messages 1
//! and 3 must equal hostapd's octet for octet, and the real messages 2 and
//! 4 from wpa_supplicant must complete the handshake.

mod common;

use std::time::Instant;

use common::{frame_of, hex, FixedRng};
use roamd_eapol::{EapolKeyRepr, ProtocolVersion};
use roamd_wpa::keywrap::unwrap_key_data;
use roamd_wpa::{Akm, CipherSuite, Gtk, Igtk, MacAddr, Pmk};
use roamd_wpa_auth::{
    Action, AuthEvent, GroupKeys, PtkState, PtkStateMachine, RetryPolicy, StationParams,
};

const PMK: &str = "451b1f9ecdfcaa59bb4a43c10555f134e519f0b2613c42671846ca0651bccf22";
const ANONCE: &str = "7c2957fb7987927ca5910d99482d0ffeac3a56ef4b902e62566659fd53448302";
const GTK: &str = "97a2582e7ade407e4f6b1ca47e5d107f";
const IGTK: &str = "c7fd5c79588eaf3d98fea1a29be202dc";
const KEK: &str = "969dbc0551336cec8369df37a620b1fe";
const TK: &str = "5a78d72e7d6f18336729ab658b67eab6";

/// wpa_supplicant.log "RX EAPOL" of message 1.
const MSG1: &str = "0203005f02008a001000000000000000017c2957fb7987927ca5910d99482d0ffeac3a56ef4b902e62566659fd534483020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
/// ap.log "RX EAPOL data" of message 2.
const MSG2: &str = "0103007b02010a00000000000000000001224f04de86293e363170c11953c65ae0d14ad7ea46c7bf57e34887c8da95ca2f00000000000000000000000000000000000000000000000000000000000000001570575db58ee24c3606a39d7f3c542e001c301a0100000fac040100000fac040100000fac0280000000000fac06";
/// wpa_supplicant.log "RX EAPOL" of message 3.
const MSG3: &str = "020300b70213ca001000000000000000027c2957fb7987927ca5910d99482d0ffeac3a56ef4b902e62566659fd534483020000000000000000000000000000000000000000000000000000000000000000ab9c18b181781ea824af956021b302f50058de337fec59c90d7e8abe57b20ea81140bf33d6d92d965d6f9089783f574e0eff731e6168f95a6bfda42d01d66f37d1256b5a986b7266a8fe3d0a43ee5d771be7b8c986be98261ce0808b9a6efa8f4c0cf3c77fd5c89098c5";
/// ap.log "Plaintext EAPOL-Key Key Data" of message 3: 88 octets, of which
/// hostapd wraps the first 80 (76 octets of KDEs, 0xdd, zeros).
const MSG3_PLAINTEXT: &str = "30140100000fac040100000fac040100000fac028000dd16000fac01010097a2582e7ade407e4f6b1ca47e5d107fdd1c000fac090400000000000000c7fd5c79588eaf3d98fea1a29be202dcdd0000000000000000000000";
/// ap.log "RX EAPOL data" of message 4.
const MSG4: &str = "0103005f02030a00000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007aac220ac7663a6c6fc922f0dbf958110000";

/// The station's RSNE from its association request (PMF capable, BIP-CMAC-128).
const STA_RSNE: &str = "301a0100000fac040100000fac040100000fac0280000000000fac06";
/// hostapd's RSNE (Beacon tail).
const AP_RSNE: &str = "30140100000fac040100000fac040100000fac028000";

fn trace_setup() -> (PtkStateMachine, GroupKeys) {
    let gk = GroupKeys::from_keys(
        CipherSuite::Ccmp128,
        Gtk::from_slice(&hex(GTK)).unwrap(),
        1,
        Some((
            CipherSuite::BipCmac128,
            Igtk::from_slice(&hex(IGTK)).unwrap(),
            4,
        )),
    )
    .unwrap();
    let sm = PtkStateMachine::new(
        StationParams {
            aa: MacAddr([2, 0, 0, 0, 0, 0]),
            spa: MacAddr([2, 0, 0, 0, 2, 0]),
            akm: Akm::Psk,
            pairwise_cipher: CipherSuite::Ccmp128,
            group_cipher: CipherSuite::Ccmp128,
            sta_rsne: hex(STA_RSNE),
            ap_rsne: hex(AP_RSNE),
            pmk: Pmk::from_slice(&hex(PMK)).unwrap(),
            pmkid: None,
            mfp: true,
            eapol_version: ProtocolVersion::V2004,
            ft: None,
        },
        RetryPolicy::default(),
    )
    .unwrap();
    (sm, gk)
}

#[test]
fn hostapd_psk_connect_byte_exact() {
    let (mut sm, gk) = trace_setup();
    let now = Instant::now();
    let mut rng = FixedRng::new(&hex(ANONCE));

    let m1 = frame_of(&sm.start(now, &mut rng, &gk));
    assert_eq!(hex::encode(&m1), MSG1);

    let m3 = frame_of(&sm.handle_eapol_key(now, &hex(MSG2), &gk));
    // The key data plaintext equals hostapd's (unwrapped with the trace's KEK).
    let key = EapolKeyRepr::parse_frame(&m3, 16).unwrap();
    let plain = unwrap_key_data(&hex(KEK), key.key_data).unwrap();
    assert_eq!(plain.as_bytes(), &hex(MSG3_PLAINTEXT)[..80]);
    // And so is the whole frame, MIC included.
    assert_eq!(hex::encode(&m3), MSG3);
    assert_eq!(sm.state(), PtkState::PtkInitNegotiating);

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
    assert_eq!(sm.counters().mic_failures, 0);
}

#[test]
fn hostapd_message_2_with_one_bit_flipped_is_a_mic_failure() {
    let (mut sm, gk) = trace_setup();
    let now = Instant::now();
    sm.start(now, &mut FixedRng::new(&hex(ANONCE)), &gk);
    let mut m2 = hex(MSG2);
    // Flip a bit in the RSNE inside Key Data: covered by the MIC.
    *m2.last_mut().unwrap() ^= 0x01;
    let actions = sm.handle_eapol_key(now, &m2, &gk);
    assert!(actions.contains(&Action::Event(AuthEvent::PossiblePskMismatch)));
    assert_eq!(sm.state(), PtkState::PtkCalcNegotiating);
    // The genuine one still works.
    let m3 = frame_of(&sm.handle_eapol_key(now, &hex(MSG2), &gk));
    assert_eq!(hex::encode(&m3), MSG3);
}
