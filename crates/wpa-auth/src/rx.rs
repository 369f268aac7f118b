//! Classifying an EAPOL-Key frame from the station, as hostapd's
//! `wpa_receive` does before the state machine sees it.

use roamd_eapol::{EapolKeyRepr, EapolPacket, KeyDataIter, KeyDescriptorType};

use crate::action::KeyMessage;

/// The RSN element ID (IEEE 802.11-2020 9.4.2.24).
pub(crate) const RSNE_ID: u8 = 48;

/// What a received frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A message of a handshake.
    Message(KeyMessage),
    /// An EAPOL-Key Request (rekey request or Michael MIC failure report).
    Request,
}

/// A received EAPOL-Key frame that passed the generic checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Received<'a> {
    /// The EAPOL PDU without link padding: the octets the MIC covers.
    pub(crate) pdu: &'a [u8],
    /// The parsed frame.
    pub(crate) key: EapolKeyRepr<'a>,
    /// Which message it is.
    pub(crate) kind: Kind,
}

/// Why a frame was dropped before reaching the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reject {
    /// Not an EAPOL-Key frame, truncated, or bad lengths.
    Malformed,
    /// Descriptor type or version, or Key Information bits, not acceptable.
    Invalid,
}

/// Parses and classifies `frame` for an AKM with `mic_len`-octet MICs and
/// key descriptor version `version` (the low three bits of Key Information).
pub(crate) fn classify(frame: &[u8], mic_len: usize, version: u8) -> Result<Received<'_>, Reject> {
    let eapol = EapolPacket::new_checked(frame).map_err(|_| Reject::Malformed)?;
    let pdu = frame.get(..eapol.frame_len()).ok_or(Reject::Malformed)?;
    let key = EapolKeyRepr::parse_frame(pdu, mic_len).map_err(|_| Reject::Malformed)?;
    // hostapd accepts the WPA descriptor type in RSN mode: some stations
    // send message 4 with it.
    if !matches!(
        key.descriptor_type,
        KeyDescriptorType::Rsn | KeyDescriptorType::Wpa
    ) {
        return Err(Reject::Invalid);
    }
    let info = key.key_info;
    // IEEE 802.11-2020 12.7.2 b: the supplicant uses the version the
    // authenticator chose (hostapd wpa_auth_valid_key_desc_ver).
    if info.smk_message() || u8::from(info.descriptor_version()) != version {
        return Err(Reject::Invalid);
    }
    if info.request() {
        return Ok(Received {
            pdu,
            key,
            kind: Kind::Request,
        });
    }
    // Key Ack is set only by the authenticator; every supplicant message of
    // these handshakes carries a MIC.
    if info.key_ack() || !info.key_mic() {
        return Err(Reject::Invalid);
    }
    let message = if !info.is_pairwise() {
        KeyMessage::Group2
    } else if key.key_data.is_empty()
        || (info.secure()
            && !info.encrypted_key_data()
            && KeyDataIter::new(key.key_data)
                .find_element(RSNE_ID)
                .is_none())
    {
        // hostapd: message 4 has no Key Data, or Secure set and no RSNE.
        KeyMessage::Pairwise4
    } else {
        KeyMessage::Pairwise2
    };
    Ok(Received {
        pdu,
        key,
        kind: Kind::Message(message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use roamd_eapol::{KeyInfo, ProtocolVersion};

    fn frame(bits: u16, key_data: &[u8]) -> Vec<u8> {
        EapolKeyRepr {
            key_data,
            ..EapolKeyRepr::new(KeyDescriptorType::Rsn, KeyInfo::from_bits(bits))
        }
        .to_frame(ProtocolVersion::V2001, 16)
        .unwrap()
    }

    #[test]
    fn classifies_like_hostapd() {
        let rsne = [0x30, 0x02, 0x01, 0x00];
        let kind = |f: &[u8]| classify(f, 16, 2).map(|r| r.kind);
        assert_eq!(
            kind(&frame(0x010a, &rsne)),
            Ok(Kind::Message(KeyMessage::Pairwise2))
        );
        assert_eq!(
            kind(&frame(0x030a, &[])),
            Ok(Kind::Message(KeyMessage::Pairwise4))
        );
        assert_eq!(
            kind(&frame(0x0302, &[])),
            Ok(Kind::Message(KeyMessage::Group2))
        );
        assert_eq!(kind(&frame(0x0b0a, &[])), Ok(Kind::Request));
        assert_eq!(kind(&frame(0x0f02, &[])), Ok(Kind::Request));
        // Key Ack set, MIC clear, wrong version, SMK.
        assert_eq!(kind(&frame(0x018a, &rsne)), Err(Reject::Invalid));
        assert_eq!(kind(&frame(0x000a, &rsne)), Err(Reject::Invalid));
        assert_eq!(kind(&frame(0x010b, &rsne)), Err(Reject::Invalid));
        assert_eq!(kind(&frame(0x210a, &rsne)), Err(Reject::Invalid));
        assert_eq!(kind(&[1, 3, 0, 0]), Err(Reject::Malformed));
    }

    #[test]
    fn link_padding_is_not_part_of_the_pdu() {
        let mut f = frame(0x030a, &[]);
        let len = f.len();
        f.extend_from_slice(&[0; 10]);
        assert_eq!(classify(&f, 16, 2).unwrap().pdu.len(), len);
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = classify(&bytes, 16, 2);
        }
    }
}
