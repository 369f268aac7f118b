//! End-to-end 4-way and group key handshakes against the test supplicant.

mod common;

use std::time::Duration;

use common::*;
use roamd_eapol::ProtocolVersion;
use roamd_wpa::{pmkid, Akm, CipherExt, CipherSuite, Pmk};
use roamd_wpa_auth::{
    reason, Action, AuthEvent, Error, GroupKeyState, KeyMessage, PtkState, PtkStateMachine,
    RetryPolicy, StationParams,
};

const SEC: Duration = Duration::from_secs(1);

fn installed_tk(actions: &[Action]) -> Vec<u8> {
    actions
        .iter()
        .find_map(|a| match a {
            Action::InstallPtk { tk, key_idx, .. } => {
                assert_eq!(*key_idx, 0);
                Some(tk.as_bytes().to_vec())
            }
            _ => None,
        })
        .expect("InstallPtk")
}

fn assert_completed(pair: &Pair, actions: &[Action], setup: &Setup) {
    let tail: Vec<&Action> = actions
        .iter()
        .filter(|a| !matches!(a, Action::SendEapol(_)))
        .collect();
    assert!(matches!(tail[0], Action::InstallPtk { cipher, .. } if *cipher == setup.pairwise));
    assert_eq!(tail[1], &Action::Authorize);
    assert_eq!(tail[2], &Action::Event(AuthEvent::HandshakeCompleted));
    assert_eq!(tail.len(), 3, "{tail:?}");
    assert_eq!(pair.ap.state(), PtkState::PtkInitDone);
    assert!(pair.ap.is_authorized());
    assert_eq!(pair.ap.poll_timeout(), None);
    let sta_ptk = pair.sta.ptk.as_ref().unwrap();
    assert_eq!(installed_tk(actions), sta_ptk.tk());
    assert_eq!(sta_ptk.tk().len(), setup.pairwise.tk_len().unwrap());
    // The GTK (and IGTK) the station unwrapped are the BSS's.
    let learned = pair.sta.learned.as_ref().unwrap();
    let installs = pair.gk.installs();
    assert_eq!(learned.gtk, installs[0].key.as_bytes());
    assert_eq!(u16::from(learned.gtk_key_id), installs[0].key_idx);
    if setup.mfp {
        let (id, ipn, igtk) = learned.igtk.clone().expect("IGTK KDE with PMF");
        assert_eq!(id, installs[1].key_idx);
        assert_eq!(ipn, [0; 6]);
        assert_eq!(igtk, installs[1].key.as_bytes());
    } else {
        assert!(learned.igtk.is_none());
    }
}

#[test]
fn full_handshake_psk_with_pmf() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let actions = pair.handshake();
    assert_eq!(frames(&actions).len(), 2);
    assert_completed(&pair, &actions, &setup);
    assert_eq!(pair.sta.pmkid_seen, None, "no PMKID KDE for PSK");
    assert_eq!(pair.sta.counters_seen, [1, 2]);
    let c = pair.ap.counters();
    assert_eq!(
        (c.frames_received, c.frames_sent, c.mic_failures),
        (2, 2, 0)
    );
}

#[test]
fn full_handshake_psk_sha256_with_pmf() {
    let setup = Setup {
        akm: Akm::PskSha256,
        ..Setup::default()
    };
    let mut pair = Pair::new(setup.clone());
    let actions = pair.handshake();
    assert_completed(&pair, &actions, &setup);
    // Key Descriptor Version 3: AES-128-CMAC MIC.
    let m1 = frames(&actions)[0].clone();
    assert_eq!(m1[6] & 0x07, 3);
}

#[test]
fn full_handshake_8021x_sends_pmkid_kde() {
    for akm in [Akm::Ieee8021x, Akm::Ieee8021xSha256] {
        let setup = Setup {
            akm,
            mfp: akm == Akm::Ieee8021xSha256,
            ..Setup::default()
        };
        let mut pair = Pair::new(setup.clone());
        let actions = pair.handshake();
        assert_completed(&pair, &actions, &setup);
        let pmk = Pmk::from_slice(&setup.pmk).unwrap();
        let expected = pmkid::pmkid(&pmk, &AA, &SPA, akm).unwrap();
        assert_eq!(pair.sta.pmkid_seen, Some(expected.0), "{akm:?}");
    }
}

#[test]
fn full_handshake_every_cipher() {
    for (pairwise, group) in [
        (CipherSuite::Ccmp128, CipherSuite::Ccmp128),
        (CipherSuite::Gcmp128, CipherSuite::Ccmp128),
        (CipherSuite::Gcmp256, CipherSuite::Gcmp256),
        (CipherSuite::Ccmp256, CipherSuite::Ccmp256),
    ] {
        let setup = Setup {
            pairwise,
            group,
            mfp: false,
            ..Setup::default()
        };
        let mut pair = Pair::new(setup.clone());
        let actions = pair.handshake();
        assert_completed(&pair, &actions, &setup);
        assert_eq!(
            pair.sta.learned.as_ref().unwrap().gtk.len(),
            group.tk_len().unwrap()
        );
    }
}

#[test]
fn message_1_retransmitted_then_deauth_15() {
    let mut pair = Pair::new(Setup::default());
    let m1 = only_frame(&pair.start());
    let first_anonce = anonce(&m1);
    assert_eq!(replay_counter(&m1), 1);
    // The timeouts themselves: pairwise_retries_after_100_ms_then_every_second.
    for expected in 2..=4 {
        let again = only_frame(&pair.advance(SEC));
        assert_eq!(replay_counter(&again), expected);
        assert_eq!(anonce(&again), first_anonce, "same ANonce on retransmit");
        assert_eq!(pair.ap.state(), PtkState::PtkStart);
    }
    assert_eq!(
        pair.advance(SEC),
        [Action::Deauthenticate {
            reason: reason::FOURWAY_HANDSHAKE_TIMEOUT
        }]
    );
    assert_eq!(pair.ap.state(), PtkState::Disconnected);
    assert_eq!(pair.ap.poll_timeout(), None);
    assert_eq!(pair.ap.counters().retransmissions, 3);
    assert_eq!(pair.ap.counters().frames_sent, 4);
    assert!(pair.advance(SEC * 10).is_empty());
}

/// hostapd wpa_send_eapol: the first transmission of a pairwise message
/// waits `eapol_key_timeout_first` (100 ms), retransmissions
/// `eapol_key_timeout_subseq` (1 s).
#[test]
fn pairwise_retries_after_100_ms_then_every_second() {
    let ms = Duration::from_millis;
    let mut pair = Pair::new(Setup::default());
    let m1 = only_frame(&pair.start());
    assert_eq!(pair.ap.poll_timeout(), Some(pair.now + ms(100)));
    assert!(pair.advance(ms(99)).is_empty());
    let again = only_frame(&pair.advance(ms(1)));
    assert_eq!(anonce(&again), anonce(&m1));
    assert_eq!(pair.ap.poll_timeout(), Some(pair.now + SEC));
    assert!(pair.advance(ms(999)).is_empty());
    assert_eq!(frames(&pair.advance(ms(1))).len(), 1);
    // Message 3 starts its own count: 100 ms first, then 1 s.
    let (_, m2) = pair.sta.receive(&again).unwrap();
    only_frame(&pair.deliver(&m2));
    assert_eq!(pair.ap.state(), PtkState::PtkInitNegotiating);
    assert_eq!(pair.ap.poll_timeout(), Some(pair.now + ms(100)));
    only_frame(&pair.advance(ms(100)));
    assert_eq!(pair.ap.poll_timeout(), Some(pair.now + SEC));
}

/// hostapd: group message 1 first waits `eapol_key_timeout_first_group`
/// (500 ms), then 1 s.
#[test]
fn group_retries_after_500_ms_then_every_second() {
    let ms = Duration::from_millis;
    let mut pair = Pair::new(Setup::default());
    pair.handshake();
    only_frame(&pair.group_rekey());
    assert_eq!(pair.ap.poll_timeout(), Some(pair.now + ms(500)));
    assert!(pair.advance(ms(499)).is_empty());
    only_frame(&pair.advance(ms(1)));
    assert_eq!(pair.ap.poll_timeout(), Some(pair.now + SEC));
}

#[test]
fn answer_to_an_earlier_message_1_is_accepted() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let _m1_again = only_frame(&pair.advance(SEC));
    // Message 2 to the first message 1 (counter 1) arrives late.
    let actions = pair.deliver(&m2);
    let actions = pair.drive(actions);
    assert_completed(&pair, &actions, &setup);
}

#[test]
fn message_3_retransmitted_then_deauth_15() {
    let mut pair = Pair::new(Setup::default());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    assert_eq!(replay_counter(&m3), 2);
    assert_eq!(pair.ap.state(), PtkState::PtkInitNegotiating);
    for expected in 3..=5 {
        let again = only_frame(&pair.advance(SEC));
        assert_eq!(replay_counter(&again), expected);
        assert_eq!(anonce(&again), anonce(&m1));
    }
    assert_eq!(
        pair.advance(SEC),
        [Action::Deauthenticate {
            reason: reason::FOURWAY_HANDSHAKE_TIMEOUT
        }]
    );
    assert_eq!(pair.install_count(), 0);
    assert!(!pair.log.contains(&Action::Authorize));
}

#[test]
fn message_3_retransmit_answered() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    let m3_again = only_frame(&pair.advance(SEC));
    assert!(replay_counter(&m3_again) > replay_counter(&m3));
    // The supplicant saw both (in order) and answers the second.
    pair.sta.receive(&m3).unwrap();
    let (_, m4) = pair.sta.receive(&m3_again).unwrap();
    let actions = pair.deliver(&m4);
    assert_completed(&pair, &actions, &setup);
    // Its answer to the first message 3 comes late: dropped, no reinstall.
    let ptk = pair.sta.ptk.clone().unwrap();
    let late = pair.sta.message_4_for(&ptk, replay_counter(&m3));
    assert!(pair.deliver(&late).is_empty());
    assert_eq!(pair.install_count(), 1);
}

#[test]
fn answer_to_the_first_message_3_is_accepted() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    let _m3_again = only_frame(&pair.advance(SEC));
    let (_, m4) = pair.sta.receive(&m3).unwrap();
    let actions = pair.deliver(&m4);
    assert_completed(&pair, &actions, &setup);
}

#[test]
fn wrong_pmk_gives_mic_failures_then_deauth_15() {
    let mut pair = Pair::new(Setup {
        sta_pmk: [0x46; 32],
        ..Setup::default()
    });
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    assert_eq!(
        pair.deliver(&m2),
        [
            Action::Event(AuthEvent::MicFailure {
                message: KeyMessage::Pairwise2
            }),
            Action::Event(AuthEvent::PossiblePskMismatch),
        ]
    );
    assert_eq!(pair.ap.state(), PtkState::PtkCalcNegotiating);
    // The same (bad) frame again: counted, not reported again.
    assert!(pair.deliver(&m2).is_empty());
    let mut deauth = Vec::new();
    for _ in 0..4 {
        let actions = pair.advance(SEC);
        match frames(&actions).as_slice() {
            [m1] => {
                let (_, m2) = pair.sta.receive(m1).unwrap();
                assert!(pair.deliver(&m2).is_empty());
            }
            [] => deauth = actions,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        deauth,
        [Action::Deauthenticate {
            reason: reason::FOURWAY_HANDSHAKE_TIMEOUT
        }]
    );
    assert_eq!(pair.install_count(), 0);
    assert!(!pair.log.contains(&Action::Authorize));
    assert_eq!(
        pair.log
            .iter()
            .filter(|a| **a == Action::Event(AuthEvent::PossiblePskMismatch))
            .count(),
        1
    );
    assert_eq!(pair.ap.counters().mic_failures, 5);
}

/// hostapd wpa_psk_file: every candidate PMK is tried on message 2.
#[test]
fn multi_psk_station_using_the_third_candidate_completes() {
    let setup = Setup {
        more_pmks: vec![[0x46; 32], [0x47; 32], [0x48; 32]],
        sta_pmk: [0x47; 32],
        ..Setup::default()
    };
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let actions = pair.deliver(&m2);
    assert_eq!(frames(&actions).len(), 1, "{actions:?}");
    assert!(actions.contains(&Action::Event(AuthEvent::PmkSelected { index: 2 })));
    assert_eq!(pair.ap.pmk_index(), Some(2));
    let all = pair.drive(actions);
    assert!(all.contains(&Action::Authorize), "{all:?}");
    assert_eq!(pair.ap.state(), PtkState::PtkInitDone);
    assert_eq!(pair.ap.counters().mic_failures, 0);
    assert_eq!(pair.ap.pmk_index(), Some(2));
}

#[test]
fn multi_psk_station_matching_no_candidate_fails_as_before() {
    let mut pair = Pair::new(Setup {
        more_pmks: vec![[0x46; 32], [0x47; 32]],
        sta_pmk: [0x50; 32],
        ..Setup::default()
    });
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    assert_eq!(
        pair.deliver(&m2),
        [
            Action::Event(AuthEvent::MicFailure {
                message: KeyMessage::Pairwise2
            }),
            Action::Event(AuthEvent::PossiblePskMismatch),
        ]
    );
    // One failure per frame, not one per candidate.
    assert_eq!(pair.ap.counters().mic_failures, 1);
    assert_eq!(pair.ap.state(), PtkState::PtkCalcNegotiating);
    assert_eq!(pair.ap.pmk_index(), None);
}

#[test]
fn multi_psk_candidates_must_have_the_akm_pmk_length() {
    let rsne = rsne(Akm::Psk, CipherSuite::Ccmp128, CipherSuite::Ccmp128, false);
    let params = StationParams {
        aa: AA,
        spa: SPA,
        akm: Akm::Psk,
        pairwise_cipher: CipherSuite::Ccmp128,
        group_cipher: CipherSuite::Ccmp128,
        sta_rsne: rsne.clone(),
        ap_rsne: rsne,
        pmk: Pmk::from_slice(&[1; 32]).unwrap(),
        pmkid: None,
        mfp: false,
        eapol_version: ProtocolVersion::V2004,
        ft: None,
    };
    let more = vec![
        Pmk::from_slice(&[2; 32]).unwrap(),
        Pmk::from_slice(&[3; 48]).unwrap(),
    ];
    let err =
        PtkStateMachine::with_pmk_candidates(params, more, RetryPolicy::default()).unwrap_err();
    assert_eq!(
        err,
        Error::PmkLength {
            expected: 32,
            got: 48
        }
    );
}

#[test]
fn single_pmk_reports_index_0_without_an_event() {
    let mut pair = Pair::new(Setup::default());
    let actions = pair.handshake();
    assert_eq!(pair.ap.pmk_index(), Some(0));
    assert!(!actions
        .iter()
        .any(|a| matches!(a, Action::Event(AuthEvent::PmkSelected { .. }))));
}

#[test]
fn wrong_pmk_with_8021x_reports_no_psk_mismatch() {
    let mut pair = Pair::new(Setup {
        akm: Akm::Ieee8021x,
        sta_pmk: [0x46; 32],
        ..Setup::default()
    });
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    assert_eq!(
        pair.deliver(&m2),
        [Action::Event(AuthEvent::MicFailure {
            message: KeyMessage::Pairwise2
        })]
    );
}

#[test]
fn replayed_message_2_and_4_install_once() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    // Message 2 again (same SNonce, same counter) while message 3 is out.
    assert!(pair.deliver(&m2).is_empty());
    assert_eq!(pair.ap.counters().replays_dropped, 1);
    assert_eq!(pair.ap.state(), PtkState::PtkInitNegotiating);
    let (_, m4) = pair.sta.receive(&m3).unwrap();
    let actions = pair.deliver(&m4);
    assert_completed(&pair, &actions, &setup);
    // Message 4 and message 2 replayed after the PTK is installed.
    assert!(pair.deliver(&m4).is_empty());
    assert!(pair.deliver(&m4).is_empty());
    assert!(pair.deliver(&m2).is_empty());
    assert_eq!(pair.install_count(), 1);
    assert_eq!(pair.ap.counters().replays_dropped, 4);
    assert_eq!(pair.ap.state(), PtkState::PtkInitDone);
    // A message 4 with a fresh, never-used counter does not install either.
    let ptk = pair.sta.ptk.clone().unwrap();
    let forged = pair.sta.message_4_for(&ptk, 1000);
    assert!(pair.deliver(&forged).is_empty());
    assert_eq!(pair.install_count(), 1);
    assert_eq!(pair.ap.counters().frames_sent, 2, "nothing resent");
}

#[test]
fn message_4_before_message_3_is_dropped() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let ptk = pair.sta.ptk.clone().unwrap();
    let early_m4 = pair.sta.message_4_for(&ptk, 1);
    assert!(pair.deliver(&early_m4).is_empty());
    assert_eq!(pair.ap.counters().unexpected_dropped, 1);
    assert_eq!(pair.ap.state(), PtkState::PtkStart);
    // The handshake still completes.
    let actions = pair.deliver(&m2);
    let actions = pair.drive(actions);
    assert_completed(&pair, &actions, &setup);
}

#[test]
fn requests_and_odd_frames_are_counted_and_ignored() {
    let mut pair = Pair::new(Setup::default());
    let actions = pair.handshake();
    assert!(actions.contains(&Action::Authorize));
    let ptk = pair.sta.ptk.clone().unwrap();
    // Request for a new 4-way handshake, GTK rekey request, Michael MIC
    // failure report (Error + Request).
    for bits in [0x0b0a, 0x0b02, 0x0f02, 0x0f0a] {
        assert!(pair
            .deliver(&pair.sta.frame_with_info(&ptk, bits, 50))
            .is_empty());
    }
    assert_eq!(pair.ap.counters().requests_ignored, 4);
    // Key Ack set by the station, wrong descriptor version, garbage.
    assert!(pair
        .deliver(&pair.sta.frame_with_info(&ptk, 0x038a, 51))
        .is_empty());
    assert!(pair
        .deliver(&pair.sta.frame_with_info(&ptk, 0x030b, 52))
        .is_empty());
    assert!(pair.deliver(&[1, 3, 0, 200, 2, 0]).is_empty());
    assert_eq!(pair.ap.counters().malformed_dropped, 3);
    // Group message 2 with no group handshake running.
    assert!(pair.deliver(&pair.sta.group_2_for(&ptk, 53)).is_empty());
    assert_eq!(pair.install_count(), 1);
    assert_eq!(pair.ap.state(), PtkState::PtkInitDone);
}

#[test]
fn frames_before_start_and_after_deauth_are_ignored() {
    let mut pair = Pair::new(Setup::default());
    let ptk_frame = vec![1, 3, 0, 95];
    assert!(pair.deliver(&ptk_frame).is_empty());
    assert_eq!(pair.ap.counters().unexpected_dropped, 1);
    assert!(pair.ap.handle_timeout(pair.now, &pair.gk).is_empty());
    assert!(pair.ap.start_group_rekey(pair.now, &pair.gk).is_empty());
    let m1 = only_frame(&pair.start());
    assert!(pair.start().is_empty(), "start is one-shot");
    for _ in 0..4 {
        pair.advance(SEC);
    }
    assert_eq!(pair.ap.state(), PtkState::Disconnected);
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    assert!(pair.deliver(&m2).is_empty());
    assert_eq!(pair.install_count(), 0);
}

#[test]
fn rsne_mismatch_deauth_17() {
    let mut pair = Pair::new(Setup {
        // Message 2 claims no MFPC, unlike the association request.
        sta_rsne_in_msg2: Some(rsne(
            Akm::Psk,
            CipherSuite::Ccmp128,
            CipherSuite::Ccmp128,
            false,
        )),
        ..Setup::default()
    });
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    assert_eq!(
        pair.deliver(&m2),
        [
            Action::Event(AuthEvent::RsneMismatch),
            Action::Deauthenticate {
                reason: reason::IE_IN_4WAY_DIFFERS
            }
        ]
    );
    assert_eq!(pair.ap.state(), PtkState::Disconnected);
}

#[test]
fn message_2_without_rsne_deauth_17() {
    let mut pair = Pair::new(Setup {
        // An unrelated element instead of the RSNE.
        sta_rsne_in_msg2: Some(vec![221, 4, 0, 0x50, 0xf2, 9]),
        ..Setup::default()
    });
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    assert!(pair.deliver(&m2).contains(&Action::Deauthenticate {
        reason: reason::IE_IN_4WAY_DIFFERS
    }));
}

#[test]
fn group_rekey_end_to_end_with_retransmit() {
    let mut pair = Pair::new(Setup::default());
    pair.handshake();
    let old_gtk = pair.sta.learned.clone().unwrap();
    let g1 = only_frame(&pair.group_rekey());
    assert_eq!(pair.ap.group_state(), GroupKeyState::RekeyNegotiating);
    assert_eq!(replay_counter(&g1), 3);
    // Lost; the retransmission has a new counter.
    let g1_again = only_frame(&pair.advance(SEC));
    assert_eq!(replay_counter(&g1_again), 4);
    let (_, g2) = pair.sta.receive(&g1_again).unwrap();
    assert_eq!(
        pair.deliver(&g2),
        [Action::Event(AuthEvent::GroupHandshakeCompleted)]
    );
    assert_eq!(pair.ap.group_state(), GroupKeyState::Idle);
    assert_eq!(pair.ap.poll_timeout(), None);
    let new = pair.sta.learned.clone().unwrap();
    let installs = pair.gk.installs();
    assert_eq!(new.gtk, installs[0].key.as_bytes());
    assert_ne!(new.gtk, old_gtk.gtk);
    assert_eq!((new.gtk_key_id, old_gtk.gtk_key_id), (2, 1));
    assert_eq!(new.igtk.as_ref().unwrap().0, 5);
    // Replayed group message 2: ignored.
    assert!(pair.deliver(&g2).is_empty());
    // A second rekey goes back to Key IDs 1 and 4.
    let actions = pair.group_rekey();
    pair.drive(actions);
    let third = pair.sta.learned.clone().unwrap();
    assert_eq!((third.gtk_key_id, third.igtk.unwrap().0), (1, 4));
    assert_eq!(pair.install_count(), 1);
}

#[test]
fn ptk_rekey_installs_a_new_ptk_with_the_port_open_throughout() {
    let mut pair = Pair::new(Setup::default());
    let first = pair.handshake();
    let old_tk = installed_tk(&first);
    // A group key handshake running is dropped: message 3 carries the GTK.
    let g1 = only_frame(&pair.group_rekey());
    let m1 = only_frame(&pair.ap.start_ptk_rekey(pair.now, &mut pair.rng));
    assert_eq!(pair.ap.state(), PtkState::PtkStart);
    assert!(pair.ap.is_authorized(), "the old PTK stays in use");
    assert_eq!(pair.ap.group_state(), GroupKeyState::Idle);
    assert_eq!(pair.ap.counters().ptk_rekeys, 1);
    // Nothing starts twice.
    assert!(pair.ap.start_ptk_rekey(pair.now, &mut pair.rng).is_empty());
    // The late group message 2 is not an answer to anything now.
    let (_, g2) = pair.sta.receive(&g1).unwrap();
    assert!(pair.deliver(&g2).is_empty());
    assert_ne!(anonce(&m1), pair.sta.anonce.unwrap(), "a fresh ANonce");
    pair.sta.new_handshake([0x5a; 32]);
    let rest = pair.drive(vec![Action::SendEapol(m1)]);
    let new_tk = installed_tk(&rest);
    assert_ne!(new_tk, old_tk);
    assert_completed(&pair, &rest, &Setup::default());
    assert_eq!(pair.install_count(), 2);
    // A repeated message 4 installs nothing (KRACK).
    let m4 = pair
        .sta
        .message_4_for(pair.sta.ptk.as_ref().unwrap(), pair.sta.last_counter);
    assert!(pair.deliver(&m4).is_empty());
    assert_eq!(pair.install_count(), 2);
}

#[test]
fn ptk_rekey_unanswered_deauthenticates() {
    let mut pair = Pair::new(Setup::default());
    pair.handshake();
    pair.ap.start_ptk_rekey(pair.now, &mut pair.rng);
    let mut last = Vec::new();
    for _ in 0..10 {
        last = pair.advance(SEC);
        if !pair.ap.is_authorized() {
            break;
        }
    }
    assert!(last.contains(&Action::Deauthenticate {
        reason: reason::FOURWAY_HANDSHAKE_TIMEOUT
    }));
    assert!(!pair.ap.is_authorized());
}

#[test]
fn group_rekey_key_rsc_is_the_gtk_pn() {
    let mut pair = Pair::new(Setup::default());
    pair.handshake();
    pair.gk.rekey(&mut pair.rng).unwrap();
    pair.gk.set_gtk_tx_pn(0x0000_0102_0304_0506);
    pair.gk.set_igtk_ipn(0x0a0b);
    let actions = pair.ap.start_group_rekey(pair.now, &pair.gk);
    pair.drive(actions);
    let learned = pair.sta.learned.clone().unwrap();
    assert_eq!(learned.key_rsc, [6, 5, 4, 3, 2, 1, 0, 0]);
    assert_eq!(learned.igtk.unwrap().1, [0x0b, 0x0a, 0, 0, 0, 0]);
}

#[test]
fn group_rekey_timeout_deauth_16() {
    let mut pair = Pair::new(Setup::default());
    pair.handshake();
    pair.group_rekey();
    for _ in 0..3 {
        assert_eq!(frames(&pair.advance(SEC)).len(), 1);
    }
    assert_eq!(
        pair.advance(SEC),
        [Action::Deauthenticate {
            reason: reason::GROUP_KEY_UPDATE_TIMEOUT
        }]
    );
    assert_eq!(pair.ap.state(), PtkState::Disconnected);
}

#[test]
fn group_message_2_with_bad_mic_or_old_counter_is_dropped() {
    let mut pair = Pair::new(Setup::default());
    pair.handshake();
    let g1 = only_frame(&pair.group_rekey());
    let (_, g2) = pair.sta.receive(&g1).unwrap();
    let mut bad = g2.clone();
    bad[90] ^= 1;
    assert_eq!(
        pair.deliver(&bad),
        [Action::Event(AuthEvent::MicFailure {
            message: KeyMessage::Group2
        })]
    );
    // Restarting the rekey invalidates the answer to the first group message 1.
    let g1b = only_frame(&pair.ap.start_group_rekey(pair.now, &pair.gk));
    assert!(pair.deliver(&g2).is_empty());
    let (_, g2b) = pair.sta.receive(&g1b).unwrap();
    assert_eq!(
        pair.deliver(&g2b),
        [Action::Event(AuthEvent::GroupHandshakeCompleted)]
    );
}

#[test]
fn gtk_rekey_during_4way_triggers_group_handshake() {
    let mut pair = Pair::new(Setup::default());
    let m1 = only_frame(&pair.start());
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    // The BSS rekeys while message 3 (with the old GTK) is in flight.
    pair.gk.rekey(&mut pair.rng).unwrap();
    let (_, m4) = pair.sta.receive(&m3).unwrap();
    let actions = pair.deliver(&m4);
    assert!(actions.contains(&Action::Authorize));
    assert_eq!(frames(&actions).len(), 1, "group message 1 follows");
    pair.drive(actions);
    assert_eq!(
        pair.sta.learned.as_ref().unwrap().gtk,
        pair.gk.installs()[0].key.as_bytes()
    );
}

#[test]
fn snonce_update_from_another_message_1() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let m1b = only_frame(&pair.advance(SEC));
    // The station answers the first message 1 ...
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    // ... and then the second with a new SNonce (hostapd update_snonce).
    pair.sta.snonce = [0x99; 32];
    pair.sta.last_counter = 0;
    let (_, m2b) = pair.sta.receive(&m1b).unwrap();
    let m3b = only_frame(&pair.deliver(&m2b));
    assert!(replay_counter(&m3b) > replay_counter(&m3));
    // The same updated message 2 again is a replay.
    assert!(pair.deliver(&m2b).is_empty());
    let (_, m4) = pair.sta.receive(&m3b).unwrap();
    let actions = pair.deliver(&m4);
    assert_completed(&pair, &actions, &setup);
}

#[test]
fn snonce_update_but_station_keeps_old_snonce() {
    let mut pair = Pair::new(Setup::default());
    let m1 = only_frame(&pair.start());
    let m1b = only_frame(&pair.advance(SEC));
    let (_, m2) = pair.sta.receive(&m1).unwrap();
    let old_ptk = pair.sta.ptk.clone().unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    // A second message 2 with another SNonce arrives ...
    let mut other = Supplicant::new(
        AA,
        SPA,
        Akm::Psk,
        CipherSuite::Ccmp128,
        Pmk::from_slice(&[0x45; 32]).unwrap(),
        pair.sta.rsne.clone(),
        pair.sta.expected_ap_rsne.clone(),
        [0x77; 32],
    );
    let (_, m2b) = other.receive(&m1b).unwrap();
    let _m3b = only_frame(&pair.deliver(&m2b));
    // ... but the station answers the first message 3 with its old PTK.
    let m4 = pair.sta.message_4_for(&old_ptk, replay_counter(&m3));
    let actions = pair.deliver(&m4);
    assert_eq!(installed_tk(&actions), old_ptk.tk());
    assert_eq!(pair.install_count(), 1);
}

#[test]
fn replay_counters_strictly_increase_across_everything() {
    let mut pair = Pair::new(Setup::default());
    let mut sent = Vec::new();
    let m1 = only_frame(&pair.start());
    sent.push(m1);
    sent.extend(frames(&pair.advance(SEC)));
    let (_, m2) = pair.sta.receive(sent.last().unwrap()).unwrap();
    let m3 = only_frame(&pair.deliver(&m2));
    sent.push(m3);
    sent.extend(frames(&pair.advance(SEC)));
    let (_, m4) = pair.sta.receive(sent.last().unwrap()).unwrap();
    pair.deliver(&m4);
    for _ in 0..3 {
        sent.extend(frames(&pair.group_rekey()));
        sent.extend(frames(&pair.advance(SEC)));
        let (_, g2) = pair.sta.receive(sent.last().unwrap()).unwrap();
        pair.deliver(&g2);
    }
    let counters: Vec<u64> = sent.iter().map(|f| replay_counter(f)).collect();
    assert_eq!(counters, (1..=10).collect::<Vec<u64>>());
    assert_eq!(pair.ap.counters().frames_sent, 10);
    assert_eq!(pair.ap.counters().retransmissions, 5);
}

#[test]
fn link_padding_after_the_frame_is_ignored() {
    let setup = Setup::default();
    let mut pair = Pair::new(setup.clone());
    let m1 = only_frame(&pair.start());
    let (_, mut m2) = pair.sta.receive(&m1).unwrap();
    m2.extend_from_slice(&[0; 16]);
    let m3 = only_frame(&pair.deliver(&m2));
    let (_, m4) = pair.sta.receive(&m3).unwrap();
    let actions = pair.deliver(&m4);
    assert_completed(&pair, &actions, &setup);
}

#[test]
fn secrets_are_redacted_in_debug() {
    let mut pair = Pair::new(Setup::default());
    let actions = pair.handshake();
    let tk = installed_tk(&actions);
    let text = format!("{actions:?} {:?} {:?}", pair.ap, pair.gk);
    let hex_tk: String = tk.iter().map(|b| format!("{b:02x}")).collect();
    assert!(text.contains("<redacted>"));
    assert!(!text.contains(&hex_tk));
    assert!(!text.contains(&format!("{:?}", &tk[..4])));
}

mod fuzz_like {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Arbitrary frames in any state never panic, never install a key
        /// and never make the authenticator send anything.
        #[test]
        fn arbitrary_frames_do_nothing(
            stage in 0u8..3,
            frames in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..160), 1..8),
        ) {
            let mut pair = Pair::new(Setup::default());
            match stage {
                0 => {}
                1 => { pair.start(); }
                _ => { pair.handshake(); }
            }
            let installs = pair.install_count();
            for mut f in frames {
                // Make some of them look like EAPOL-Key frames.
                if f.len() > 4 && f[0] & 1 == 0 {
                    f[1] = 3;
                    let body = (f.len() - 4) as u16;
                    f[2..4].copy_from_slice(&body.to_be_bytes());
                }
                let actions = pair.deliver(&f);
                prop_assert!(actions.is_empty(), "{:?}", actions);
            }
            prop_assert_eq!(pair.install_count(), installs);
        }
    }
}
