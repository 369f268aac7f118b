//! FT over the air against hostapd 2.10 (traces/ft-psk, AP1 =
//! 02:00:00:00:01:00): with hostapd's PMK-R1 (pulled from AP0), ANonce and
//! GTK injected, our Authentication Response elements and Reassociation
//! Response elements (RSNE, MDE, FTE with MIC and wrapped GTK) equal
//! hostapd's octet for octet, and wpa_supplicant's real Reassociation
//! Request passes the checks.

mod common;

use common::{hex, FixedRng};
use roamd_ieee80211::element::{Akm, CipherSuite};
use roamd_ieee80211::{MacAddr, StatusCode};
use roamd_wpa::{Gtk, PmkR1};
use roamd_wpa_auth::{FtAp, FtAuthRequest, FtPending, GroupKeys};

const STA: MacAddr = MacAddr([2, 0, 0, 0, 2, 0]);
const AP1: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);
/// ap1.log "FT: Selected PMK-R1" (pulled from AP0) and "FT: Generated ANonce".
const PMK_R1: &str = "e4ece24431c8a9f48949a51a02e020cbd0bb1afb35f2860b85963b2ca79e39e1";
const PMK_R1_NAME: &str = "fcfd71f247cef01309a96bdcc0f46a26";
const ANONCE: &str = "ca31f047480a0b2497d804b869b67f9d9c97d45c9998df2feaa026f1d3e10b40";
/// ap1.log: AP1's GTK (Key ID 1, nothing sent under it yet).
const GTK: &str = "8f4c3b66dc88cafd5de8828f8f80e855";
/// ap1.log "MLME event frame" of the FT Authentication Request.
const AUTH_REQUEST: &str = "b0003a01020000000100020000000200020000000100b00202000100000030260100000fac040100000fac040100000fac04000001004dead139599056f7a77de6ffabfc30023603a1b20137630000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000c16d16d677b98d86b200da39a84aedc69fed8afae251f8a83157c4ff950810d5030f6170302e6578616d706c652e6e6574";
/// ap1.log "CMD_FRAME" of hostapd's Authentication Response.
const AUTH_RESPONSE: &str = "b00000000200000002000200000001000200000001000000020002000000302a0100000fac040100000fac040200000fac02000fac04000001004dead139599056f7a77de6ffabfc30023603a1b201376b000000000000000000000000000000000000ca31f047480a0b2497d804b869b67f9d9c97d45c9998df2feaa026f1d3e10b40c16d16d677b98d86b200da39a84aedc69fed8afae251f8a83157c4ff950810d50106020000000100030f6170302e6578616d706c652e6e6574";
/// ap1.log "MLME event frame" of the Reassociation Request.
const REASSOC_REQUEST: &str = "20003a01020000000100020000000200020000000100c002310405000200000000000007726f616d2d6674010802040b160c12182432043048606c30260100000fac040100000fac040100000fac0400000100fcfd71f247cef01309a96bdcc0f46a263603a1b201376b0003024f69dbca6afd0d0fb6d9e1cbe692ebca31f047480a0b2497d804b869b67f9d9c97d45c9998df2feaa026f1d3e10b40c16d16d677b98d86b200da39a84aedc69fed8afae251f8a83157c4ff950810d50106020000000100030f6170302e6578616d706c652e6e65747f0b04004a02014040400001203b155151525354737475767778797a7b7c7d7e7f808182";
/// ap1.log "CMD_FRAME" of hostapd's Reassociation Response.
const REASSOC_RESPONSE: &str = "3000000002000000020002000000010002000000010000001104000001c0010882848b960c12182432043048606c302a0100000fac040100000fac040200000fac02000fac0400000100fcfd71f247cef01309a96bdcc0f46a263603a1b20137900003c4236371e09b4da868e20327b7cb5357ca31f047480a0b2497d804b869b67f9d9c97d45c9998df2feaa026f1d3e10b40c16d16d677b98d86b200da39a84aedc69fed8afae251f8a83157c4ff950810d50106020000000100030f6170302e6578616d706c652e6e6574022301001000000000000000000cac956edaf81dbad6f14f3191767467007f7608081b5fe37f0804004002000000405a03240100";

fn ap1() -> FtAp {
    FtAp {
        bssid: AP1,
        rsne: hex("30180100000fac040100000fac040200000fac02000fac040000"),
        mde: vec![54, 3, 0xa1, 0xb2, 1],
        r1kh_id: AP1,
        akms: vec![Akm::Psk, Akm::FtPsk],
        pairwise: vec![CipherSuite::Ccmp128],
    }
}

/// The elements of a frame after `fixed` octets of fixed fields.
fn elements(frame_hex: &str, fixed: usize) -> Vec<u8> {
    hex(frame_hex)[24 + fixed..].to_vec()
}

/// The whole element `id` among `elements`.
fn element(elements: &[u8], id: u8) -> Option<Vec<u8>> {
    let mut rest = elements;
    while let [eid, len, tail @ ..] = rest {
        let len = usize::from(*len);
        if *eid == id {
            return Some([&[*eid, len as u8][..], &tail[..len]].concat());
        }
        rest = &tail[len..];
    }
    None
}

fn body(whole: &Option<Vec<u8>>) -> Option<&[u8]> {
    whole.as_deref().map(|e| &e[2..])
}

fn authenticated() -> FtPending {
    let ap = ap1();
    let req_elements = elements(AUTH_REQUEST, 6);
    let (rsne, mde, fte) = (
        element(&req_elements, 48),
        element(&req_elements, 54),
        element(&req_elements, 55),
    );
    let req = FtAuthRequest::parse(&ap, STA, body(&rsne), body(&mde), body(&fte)).unwrap();
    assert_eq!(req.pmk_r1_name.0.to_vec(), hex(PMK_R1_NAME));
    assert_eq!(req.r0kh_id, b"ap0.example.net");
    let pmk_r1 = PmkR1::from_slice(&hex(PMK_R1)).unwrap();
    let (pending, response) =
        FtPending::authenticate(&ap, STA, &req, &pmk_r1, &mut FixedRng::new(&hex(ANONCE))).unwrap();
    assert_eq!(
        hex::encode(response),
        hex::encode(elements(AUTH_RESPONSE, 6))
    );
    pending
}

/// RSNE, MDE and FTE, each a whole element if present.
type FtElements = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

fn reassoc_parts() -> FtElements {
    // Capability, listen interval, current AP.
    let e = elements(REASSOC_REQUEST, 10);
    (element(&e, 48), element(&e, 54), element(&e, 55))
}

#[test]
fn hostapd_ft_over_the_air_byte_exact() {
    let ap = ap1();
    let pending = authenticated();
    let (rsne, mde, fte) = reassoc_parts();
    assert_eq!(
        pending.check_reassoc(&ap, rsne.as_deref(), mde.as_deref(), fte.as_deref()),
        Ok(())
    );
    let gk = GroupKeys::from_keys(
        CipherSuite::Ccmp128,
        Gtk::from_slice(&hex(GTK)).unwrap(),
        1,
        None,
    )
    .unwrap();
    let ours = pending.reassoc_response_elements(&ap, &gk, false).unwrap();
    // hostapd's: capability, status, AID, rates, extended rates, then these.
    let theirs = elements(REASSOC_RESPONSE, 6);
    let start = theirs.windows(2).position(|w| w == [48, 42]).unwrap();
    assert_eq!(
        hex::encode(&ours),
        hex::encode(&theirs[start..start + ours.len()])
    );
}

#[test]
fn a_reassociation_that_does_not_match_is_refused() {
    let ap = ap1();
    let pending = authenticated();
    let (rsne, mde, fte) = reassoc_parts();
    let (rsne, mde, fte) = (rsne.unwrap(), mde.unwrap(), fte.unwrap());
    let flip = |e: &[u8], at: usize| {
        let mut e = e.to_vec();
        e[at] ^= 1;
        e
    };
    // The MIC, a nonce, the R0KH-ID: all under the MIC, all refused.
    for at in [5, 25, 60, fte.len() - 1] {
        assert_eq!(
            pending.check_reassoc(&ap, Some(&rsne), Some(&mde), Some(&flip(&fte, at))),
            Err(StatusCode::InvalidFte),
            "FTE octet {at}"
        );
    }
    assert_eq!(
        pending.check_reassoc(
            &ap,
            Some(&flip(&rsne, rsne.len() - 1)),
            Some(&mde),
            Some(&fte)
        ),
        Err(StatusCode::InvalidPmkid)
    );
    assert_eq!(
        pending.check_reassoc(&ap, Some(&rsne), Some(&flip(&mde, 2)), Some(&fte)),
        Err(StatusCode::InvalidMde)
    );
    assert_eq!(
        pending.check_reassoc(&ap, Some(&rsne), None, Some(&fte)),
        Err(StatusCode::InvalidIe)
    );
}

#[test]
fn authentication_requests_we_cannot_serve_are_refused_as_hostapd_does() {
    let ap = ap1();
    let e = elements(AUTH_REQUEST, 6);
    let (rsne, mde, fte) = (element(&e, 48), element(&e, 54), element(&e, 55));
    let parse = |rsne: Option<&[u8]>, mde: Option<&[u8]>, fte: Option<&[u8]>| {
        FtAuthRequest::parse(&ap, STA, rsne, mde, fte).map(|_| ())
    };
    assert_eq!(
        parse(body(&rsne), Some(&[0xa1, 0xb3, 1]), body(&fte)),
        Err(StatusCode::InvalidMde)
    );
    assert_eq!(
        parse(body(&rsne), body(&mde), None),
        Err(StatusCode::InvalidFte)
    );
    assert_eq!(
        parse(None, body(&mde), body(&fte)),
        Err(StatusCode::InvalidIe)
    );
    // An RSNE without PMKID names no PMK-R0.
    let no_pmkid = hex("0100000fac040100000fac040100000fac040000");
    assert_eq!(
        parse(Some(&no_pmkid), body(&mde), body(&fte)),
        Err(StatusCode::InvalidPmkid)
    );
    // WPA-PSK is not an FT AKM.
    let psk = hex("0100000fac040100000fac040100000fac02000001004dead139599056f7a77de6ffabfc3002");
    assert_eq!(
        parse(Some(&psk), body(&mde), body(&fte)),
        Err(StatusCode::AkmpNotValid)
    );
}
