//! Packet authentication: Request/Response Authenticators (RFC 2865 3,
//! RFC 2866 3) and Message-Authenticator (RFC 3579 3.2, RFC 2869 5.14).
//!
//! All functions work on the wire octets through a [`Packet`] view, so that
//! a received datagram is checked before it is parsed into a `Repr`.

use core::ops::Range;

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use subtle::ConstantTimeEq;
use thiserror::Error;

use crate::attribute::{attr_type, ATTR_HEADER_LEN, MESSAGE_AUTHENTICATOR_LEN};
use crate::packet::{Packet, AUTHENTICATOR_LEN, HEADER_LEN};
use crate::secret::SharedSecret;

type HmacMd5 = Hmac<Md5>;

/// A 16-octet Authenticator field value.
pub type Authenticator = [u8; AUTHENTICATOR_LEN];

/// Result of looking for and checking a Message-Authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageAuthenticatorCheck {
    /// No Message-Authenticator attribute.
    Absent,
    /// Exactly one, and its HMAC-MD5 matches.
    Valid,
    /// It does not match, is not 16 octets, or there is more than one.
    Invalid,
}

/// Why a packet could not be signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SignError {
    /// The octets are not a well-formed packet.
    #[error("malformed packet")]
    Malformed,
    /// No Message-Authenticator attribute (of 16 octets) to fill in, or more
    /// than one.
    #[error("no single message-authenticator attribute")]
    NoMessageAuthenticator,
}

fn header(packet: &[u8]) -> &[u8] {
    packet.get(..4).unwrap_or_default()
}

fn body(packet: &[u8]) -> &[u8] {
    packet.get(HEADER_LEN..).unwrap_or_default()
}

/// MD5(Code+ID+Length + `authenticator` + Attributes + Secret): the Response
/// Authenticator when `authenticator` is the Request Authenticator (RFC 2865
/// 3), the Accounting-Request Authenticator when it is all zeros (RFC 2866 3).
fn md5_authenticator(
    packet: &[u8],
    authenticator: &Authenticator,
    secret: &SharedSecret,
) -> Authenticator {
    let mut md5 = Md5::new();
    md5.update(header(packet));
    md5.update(authenticator);
    md5.update(body(packet));
    md5.update(secret.expose());
    md5.finalize().into()
}

/// The Response Authenticator a server computes for `packet` answering a
/// request whose Request Authenticator was `request_authenticator`
/// (RFC 2865 3; RFC 2866 3 for Accounting-Response).
pub fn response_authenticator<T: AsRef<[u8]>>(
    packet: &Packet<T>,
    request_authenticator: &Authenticator,
    secret: &SharedSecret,
) -> Authenticator {
    md5_authenticator(packet.as_bytes(), request_authenticator, secret)
}

/// Checks a response's Authenticator field in constant time.
pub fn verify_response_authenticator<T: AsRef<[u8]>>(
    packet: &Packet<T>,
    request_authenticator: &Authenticator,
    secret: &SharedSecret,
) -> bool {
    let expected = response_authenticator(packet, request_authenticator, secret);
    bool::from(expected.ct_eq(&packet.authenticator()))
}

/// The Accounting-Request Authenticator: MD5 over the packet with a zero
/// Authenticator field, then the secret (RFC 2866 3).
pub fn accounting_request_authenticator<T: AsRef<[u8]>>(
    packet: &Packet<T>,
    secret: &SharedSecret,
) -> Authenticator {
    md5_authenticator(packet.as_bytes(), &[0; AUTHENTICATOR_LEN], secret)
}

/// Checks an Accounting-Request's Authenticator (what a server does).
pub fn verify_accounting_request<T: AsRef<[u8]>>(
    packet: &Packet<T>,
    secret: &SharedSecret,
) -> bool {
    let expected = accounting_request_authenticator(packet, secret);
    bool::from(expected.ct_eq(&packet.authenticator()))
}

/// Finds the value range of the only Message-Authenticator in `packet`.
/// `Ok(None)` if absent; `Err(())` if malformed, duplicated or not 16 octets.
fn locate_message_authenticator<T: AsRef<[u8]>>(
    packet: &Packet<T>,
) -> Result<Option<Range<usize>>, ()> {
    let mut found = None;
    for a in packet.attributes() {
        let a = a.map_err(|_| ())?;
        if a.attr_type != attr_type::MESSAGE_AUTHENTICATOR {
            continue;
        }
        // hostapd radius_msg_verify_msg_auth: more than one is an error.
        if found.is_some() || a.value.len() != MESSAGE_AUTHENTICATOR_LEN {
            return Err(());
        }
        let start = HEADER_LEN + a.offset + ATTR_HEADER_LEN;
        found = Some(start..start + MESSAGE_AUTHENTICATOR_LEN);
    }
    Ok(found)
}

/// HMAC-MD5 keyed by the secret over the packet with `authenticator` in the
/// Authenticator field and zeros in the Message-Authenticator value at
/// `mac_range` (RFC 3579 3.2).
fn hmac_over(
    packet: &[u8],
    authenticator: &Authenticator,
    mac_range: Range<usize>,
    secret: &SharedSecret,
) -> Authenticator {
    // HMAC accepts keys of any length.
    let mut mac =
        <HmacMd5 as Mac>::new_from_slice(secret.expose()).unwrap_or_else(|_| unreachable!());
    mac.update(header(packet));
    mac.update(authenticator);
    mac.update(packet.get(HEADER_LEN..mac_range.start).unwrap_or_default());
    mac.update(&[0; MESSAGE_AUTHENTICATOR_LEN]);
    mac.update(packet.get(mac_range.end..).unwrap_or_default());
    mac.finalize().into_bytes().into()
}

/// Computes the Message-Authenticator for `packet` (RFC 3579 3.2): for a
/// request pass `None` (its own Request Authenticator is used); for an
/// Access-Accept/Reject/Challenge pass the Request Authenticator of the
/// request it answers. `None` if the packet has no single, 16-octet
/// Message-Authenticator.
pub fn message_authenticator<T: AsRef<[u8]>>(
    packet: &Packet<T>,
    request_authenticator: Option<&Authenticator>,
    secret: &SharedSecret,
) -> Option<Authenticator> {
    let range = locate_message_authenticator(packet).ok()??;
    let auth = request_authenticator
        .copied()
        .unwrap_or_else(|| packet.authenticator());
    Some(hmac_over(packet.as_bytes(), &auth, range, secret))
}

/// Looks for a Message-Authenticator and checks it in constant time
/// (`request_authenticator` as for [`message_authenticator`]).
pub fn verify_message_authenticator<T: AsRef<[u8]>>(
    packet: &Packet<T>,
    request_authenticator: Option<&Authenticator>,
    secret: &SharedSecret,
) -> MessageAuthenticatorCheck {
    let range = match locate_message_authenticator(packet) {
        Ok(Some(r)) => r,
        Ok(None) => return MessageAuthenticatorCheck::Absent,
        Err(()) => return MessageAuthenticatorCheck::Invalid,
    };
    let auth = request_authenticator
        .copied()
        .unwrap_or_else(|| packet.authenticator());
    let expected = hmac_over(packet.as_bytes(), &auth, range.clone(), secret);
    let got = packet.as_bytes().get(range).unwrap_or_default();
    if bool::from(expected.ct_eq(got)) {
        MessageAuthenticatorCheck::Valid
    } else {
        MessageAuthenticatorCheck::Invalid
    }
}

/// Fills in the Message-Authenticator of an emitted Access-Request (or
/// Status-Server) whose Request Authenticator is already set (RFC 3579 3.2).
pub fn sign_access_request(buf: &mut [u8], secret: &SharedSecret) -> Result<(), SignError> {
    let packet = Packet::new_checked(&buf[..]).map_err(|_| SignError::Malformed)?;
    let range = locate_message_authenticator(&packet)
        .map_err(|_| SignError::NoMessageAuthenticator)?
        .ok_or(SignError::NoMessageAuthenticator)?;
    let mac = hmac_over(
        packet.as_bytes(),
        &packet.authenticator(),
        range.clone(),
        secret,
    );
    buf.get_mut(range)
        .ok_or(SignError::Malformed)?
        .copy_from_slice(&mac);
    Ok(())
}

/// Sets the Authenticator of an emitted Accounting-Request (RFC 2866 3). A
/// Message-Authenticator, if present, is filled in first over the zero
/// Authenticator (RFC 3579 3.2 for requests other than Access-Request).
pub fn sign_accounting_request(buf: &mut [u8], secret: &SharedSecret) -> Result<(), SignError> {
    let mut packet = Packet::new_checked(&mut buf[..]).map_err(|_| SignError::Malformed)?;
    packet.set_authenticator(&[0; AUTHENTICATOR_LEN]);
    if let Ok(Some(range)) = locate_message_authenticator(&packet) {
        let mac = hmac_over(
            packet.as_bytes(),
            &[0; AUTHENTICATOR_LEN],
            range.clone(),
            secret,
        );
        let buf = packet.into_inner();
        buf.get_mut(range)
            .ok_or(SignError::Malformed)?
            .copy_from_slice(&mac);
        packet = Packet::new_unchecked(buf);
    }
    let auth = accounting_request_authenticator(&packet, secret);
    packet.set_authenticator(&auth);
    Ok(())
}

/// Signs an emitted response as a server would: the Message-Authenticator
/// (if present) over the packet with the Request Authenticator in place,
/// then the Response Authenticator (RFC 3579 3.2, RFC 2865 3). For test
/// servers and fuzzing; a NAS never sends responses.
pub fn sign_response(
    buf: &mut [u8],
    request_authenticator: &Authenticator,
    secret: &SharedSecret,
) -> Result<(), SignError> {
    let packet = Packet::new_checked(&buf[..]).map_err(|_| SignError::Malformed)?;
    if let Ok(Some(range)) = locate_message_authenticator(&packet) {
        let mac = hmac_over(
            packet.as_bytes(),
            request_authenticator,
            range.clone(),
            secret,
        );
        buf.get_mut(range)
            .ok_or(SignError::Malformed)?
            .copy_from_slice(&mac);
    }
    let mut packet = Packet::new_unchecked(&mut buf[..]);
    let auth = response_authenticator(&packet, request_authenticator, secret);
    packet.set_authenticator(&auth);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::attribute::Attribute;
    use crate::code::Code;
    use crate::packet::Repr;

    const XYZZY: &str = "xyzzy5461";

    // RFC 2865 7.1.
    const REQ_7_1: &str = "01000038 0f403f947397 8057bd83d5cb98f4227a 01066e656d6f \
        02120dbe708d93d413ce3196e43f782a0aee 0406c0a80110 0506 00000003";
    const ACCEPT_7_1: &str = "02000026 86fe220e7624ba2a1005f6bf9b55e0b2 0606 00000001 \
        0f06 00000000 0e06 c0a80103";
    // RFC 2865 7.2 (CHAP).
    const REQ_7_2: &str = "01010047 2aee86f08d0d55969ca5978e0d3367a2 0108666c6f707379 \
        031316e97557c3161858 95f293ff63440772 75 0406c0a80110 0506 00000014 \
        0606 00000002 0706 00000001";
    const ACCEPT_7_2: &str = "02010038 15efbc7dab26cfa3dc34d9c03c8601a4 0606 00000002 \
        0706 00000001 0806 fffffffe 0a06 00000002 0d06 00000001 0c06 000005dc";
    // RFC 2865 7.3: challenge-response card; the second request's State
    // length as corrected by Errata 1469.
    pub(crate) const REQ_7_3_1: &str = "01020039 f3a47a1f6a6d76710b947ab93041a039 01076d6f707379 \
        0212336575737782 89b570885e15084825c5 0406c0a80110 0506 00000007";
    pub(crate) const CHALLENGE_7_3: &str = "0b02004e 36f3c8764ae8c71157403c0c71ff9c45 \
        1230 4368616c6c656e6765203332373639343330 2e2020456e74657220726573706f6e736520 \
        61742070726f6d70742e 180a 3332373639343330";
    pub(crate) const REQ_7_3_2: &str = "01030043 b122556d428a13d0d6253807c457ecf0 01076d6f707379 \
        0212692c1f205fc081b919b95195f561a581 0406c0a80110 0506 00000007 180a 3332373639343330";
    pub(crate) const REJECT_7_3: &str = "03030014 a42f4fca45916c4e09c8340f9e746aa0";

    pub(crate) fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        hex::decode(s).unwrap()
    }

    #[test]
    fn rfc2865_7_1_response_authenticator() {
        let req = unhex(REQ_7_1);
        let acc = unhex(ACCEPT_7_1);
        let req = Packet::new_checked(&req[..]).unwrap();
        let acc = Packet::new_checked(&acc[..]).unwrap();
        assert_eq!(acc.code(), Code::AccessAccept);
        let secret = SharedSecret::from(XYZZY);
        assert!(verify_response_authenticator(
            &acc,
            &req.authenticator(),
            &secret
        ));
        assert!(!verify_response_authenticator(
            &acc,
            &req.authenticator(),
            &SharedSecret::from("xyzzy5462")
        ));
        let mut other_ra = req.authenticator();
        other_ra[0] ^= 1;
        assert!(!verify_response_authenticator(&acc, &other_ra, &secret));
        // The Accept parses: Service-Type Login, Login-Service Telnet,
        // Login-IP-Host 192.168.1.3.
        let repr = Repr::parse(&acc).unwrap();
        assert_eq!(repr.attributes.len(), 3);
        assert_eq!(repr.to_bytes().unwrap(), acc.as_bytes());
    }

    #[test]
    fn rfc2865_7_2_response_authenticator() {
        let req = unhex(REQ_7_2);
        let acc = unhex(ACCEPT_7_2);
        let req = Packet::new_checked(&req[..]).unwrap();
        let acc = Packet::new_checked(&acc[..]).unwrap();
        assert_eq!(req.identifier(), 1);
        assert_eq!(req.find(1).unwrap().value, b"flopsy");
        assert!(verify_response_authenticator(
            &acc,
            &req.authenticator(),
            &SharedSecret::from(XYZZY)
        ));
    }

    #[test]
    fn rfc2865_7_3_challenge_and_reject() {
        let secret = SharedSecret::from(XYZZY);
        for (req, resp, code) in [
            (REQ_7_3_1, CHALLENGE_7_3, Code::AccessChallenge),
            (REQ_7_3_2, REJECT_7_3, Code::AccessReject),
        ] {
            let (req, resp) = (unhex(req), unhex(resp));
            let req = Packet::new_checked(&req[..]).unwrap();
            let resp = Packet::new_checked(&resp[..]).unwrap();
            assert_eq!(resp.code(), code);
            assert_eq!(resp.identifier(), req.identifier());
            assert!(verify_response_authenticator(
                &resp,
                &req.authenticator(),
                &secret
            ));
            // Neither carries a Message-Authenticator: hostapd 2.10 takes the
            // Reject; our client drops it unless the server opts out.
            assert_eq!(
                verify_message_authenticator(&resp, Some(&req.authenticator()), &secret),
                MessageAuthenticatorCheck::Absent
            );
        }
        let ch = Repr::parse_bytes(&unhex(CHALLENGE_7_3)).unwrap();
        assert_eq!(
            ch.attributes[0],
            Attribute::ReplyMessage(b"Challenge 32769430.  Enter response at prompt.".to_vec())
        );
        assert_eq!(ch.attributes[1], Attribute::State(b"32769430".to_vec()));
    }

    #[test]
    fn rfc2865_7_1_user_password_hiding() {
        // RFC 2865 5.2: c1 = p1 XOR MD5(secret + RA); checks our MD5 use
        // against the published ciphertext of "arctangent".
        let req = unhex(REQ_7_1);
        let p = Packet::new_checked(&req[..]).unwrap();
        let hidden = p.find(2).unwrap().value;
        let b1: [u8; 16] = Md5::new()
            .chain_update(XYZZY)
            .chain_update(p.authenticator())
            .finalize()
            .into();
        let plain: Vec<u8> = hidden.iter().zip(b1).map(|(c, b)| c ^ b).collect();
        assert_eq!(&plain[..10], b"arctangent");
        assert!(plain[10..].iter().all(|&b| b == 0));
    }

    fn independent_hmac(packet: &[u8], auth: &[u8; 16], ma_at: usize, secret: &[u8]) -> [u8; 16] {
        // RFC 3579 3.2 spelled out: copy, zero the MAC, put `auth` in place.
        let mut copy = packet.to_vec();
        copy[4..20].copy_from_slice(auth);
        copy[ma_at..ma_at + 16].fill(0);
        let mut m = <HmacMd5 as Mac>::new_from_slice(secret).unwrap();
        m.update(&copy);
        m.finalize().into_bytes().into()
    }

    #[test]
    fn message_authenticator_request_and_response() {
        let secret = SharedSecret::from("testing123");
        let mut req = Repr::new(Code::AccessRequest, 9);
        req.authenticator = [0x11; 16];
        req.attributes = vec![
            Attribute::MessageAuthenticator([0; 16]),
            Attribute::UserName(b"alice".to_vec()),
            Attribute::EapMessage(vec![2, 0x80, 0, 10, 1, b'a', b'l', b'i', b'c', b'e']),
        ];
        let mut buf = req.to_bytes().unwrap();
        sign_access_request(&mut buf, &secret).unwrap();
        let expected = independent_hmac(&buf, &[0x11; 16], 22, b"testing123");
        assert_eq!(buf[22..38], expected);
        let p = Packet::new_checked(&buf[..]).unwrap();
        assert_eq!(
            verify_message_authenticator(&p, None, &secret),
            MessageAuthenticatorCheck::Valid
        );
        assert_eq!(
            verify_message_authenticator(&p, None, &SharedSecret::from("testing124")),
            MessageAuthenticatorCheck::Invalid
        );

        // A Challenge answering it: MAC over the Request Authenticator.
        let mut ch = Repr::new(Code::AccessChallenge, 9);
        ch.attributes = vec![
            Attribute::EapMessage(vec![1, 0x81, 0, 6, 25, 0x20]),
            Attribute::MessageAuthenticator([0; 16]),
            Attribute::State(vec![0x65; 16]),
        ];
        let mut resp = ch.to_bytes().unwrap();
        sign_response(&mut resp, &[0x11; 16], &secret).unwrap();
        let ma_at = 20 + 8 + 2;
        let mac = independent_hmac(&resp, &[0x11; 16], ma_at, b"testing123");
        assert_eq!(resp[ma_at..ma_at + 16], mac);
        let p = Packet::new_checked(&resp[..]).unwrap();
        assert!(verify_response_authenticator(&p, &[0x11; 16], &secret));
        assert_eq!(
            verify_message_authenticator(&p, Some(&[0x11; 16]), &secret),
            MessageAuthenticatorCheck::Valid
        );
        // Against another request, or with the packet's own authenticator,
        // the MAC fails.
        assert_eq!(
            verify_message_authenticator(&p, Some(&[0x12; 16]), &secret),
            MessageAuthenticatorCheck::Invalid
        );
        assert_eq!(
            verify_message_authenticator(&p, None, &secret),
            MessageAuthenticatorCheck::Invalid
        );
        // Flip one attribute octet: both checks fail.
        let mut bad = resp.clone();
        bad[ma_at + 20] ^= 1;
        let p = Packet::new_checked(&bad[..]).unwrap();
        assert!(!verify_response_authenticator(&p, &[0x11; 16], &secret));
        assert_eq!(
            verify_message_authenticator(&p, Some(&[0x11; 16]), &secret),
            MessageAuthenticatorCheck::Invalid
        );
    }

    #[test]
    fn message_authenticator_absent_duplicate_or_short() {
        let secret = SharedSecret::from("s");
        let mut r = Repr::new(Code::AccessReject, 1);
        let bytes = r.to_bytes().unwrap();
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(
            verify_message_authenticator(&p, Some(&[0; 16]), &secret),
            MessageAuthenticatorCheck::Absent
        );
        assert_eq!(message_authenticator(&p, None, &secret), None);
        r.attributes = vec![
            Attribute::MessageAuthenticator([0; 16]),
            Attribute::MessageAuthenticator([0; 16]),
        ];
        let mut bytes = r.to_bytes().unwrap();
        assert_eq!(sign_response(&mut bytes, &[0; 16], &secret), Ok(()));
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(
            verify_message_authenticator(&p, Some(&[0; 16]), &secret),
            MessageAuthenticatorCheck::Invalid
        );
        r.attributes = vec![Attribute::Other {
            attr_type: 80,
            value: vec![0; 15],
        }];
        let mut bytes = r.to_bytes().unwrap();
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(
            verify_message_authenticator(&p, None, &secret),
            MessageAuthenticatorCheck::Invalid
        );
        assert_eq!(
            sign_access_request(&mut bytes, &secret),
            Err(SignError::NoMessageAuthenticator)
        );
        assert_eq!(
            sign_access_request(&mut [1, 2, 3], &secret),
            Err(SignError::Malformed)
        );
    }

    #[test]
    fn accounting_request_authenticator_round_trip() {
        let secret = SharedSecret::from("acct-secret");
        let mut r = Repr::new(Code::AccountingRequest, 7);
        r.authenticator = [0xee; 16];
        r.attributes = vec![
            Attribute::AcctSessionId(b"30B3BFDBACE80530".to_vec()),
            Attribute::AcctDelayTime(0),
        ];
        let mut buf = r.to_bytes().unwrap();
        sign_accounting_request(&mut buf, &secret).unwrap();
        // Independent: MD5(packet with zero authenticator || secret).
        let mut zero = buf.clone();
        zero[4..20].fill(0);
        let expected: [u8; 16] = Md5::new()
            .chain_update(&zero)
            .chain_update(b"acct-secret")
            .finalize()
            .into();
        assert_eq!(buf[4..20], expected);
        let p = Packet::new_checked(&buf[..]).unwrap();
        assert!(verify_accounting_request(&p, &secret));
        assert!(!verify_accounting_request(&p, &SharedSecret::from("other")));
        // Accounting-Response: same formula as an Access response.
        let mut resp = Repr::new(Code::AccountingResponse, 7).to_bytes().unwrap();
        sign_response(&mut resp, &expected, &secret).unwrap();
        let rp = Packet::new_checked(&resp[..]).unwrap();
        assert!(verify_response_authenticator(&rp, &expected, &secret));
    }
}
