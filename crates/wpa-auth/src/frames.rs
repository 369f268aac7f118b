//! Building the EAPOL-Key frames the authenticator sends: message 1 and 3
//! of the 4-way handshake (IEEE 802.11-2020 12.7.6.2, 12.7.6.4) and message
//! 1 of the group key handshake (12.7.7.2).

use roamd_eapol::{
    EapolKeyRepr, Kde, KeyDescriptorType, KeyDescriptorVersion, KeyInfo, ProtocolVersion,
    MIC_OFFSET,
};
use roamd_wpa::keywrap::wrap_padded_key_data;
use roamd_wpa::{MicAlgorithm, MicKey, Nonce, Pmkid};

use crate::error::Error;

/// The fixed framing parameters of one station's EAPOL-Key frames.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameBuilder {
    pub(crate) eapol_version: ProtocolVersion,
    pub(crate) descriptor_version: KeyDescriptorVersion,
    pub(crate) mic_alg: MicAlgorithm,
    pub(crate) mic_len: usize,
    /// Key Length of pairwise messages: the pairwise cipher's TK length.
    pub(crate) pairwise_key_len: u16,
}

impl FrameBuilder {
    fn key_info(&self, flags: KeyInfo) -> KeyInfo {
        flags.with_descriptor_version(self.descriptor_version)
    }

    /// Message 1: Key Ack, pairwise, no MIC, ANonce, optional PMKID KDE.
    pub(crate) fn message_1(
        &self,
        replay_counter: u64,
        anonce: &Nonce,
        pmkid: Option<&Pmkid>,
    ) -> Result<Vec<u8>, Error> {
        let mut key_data = Vec::new();
        if let Some(pmkid) = pmkid {
            Kde::Pmkid(pmkid.0).emit(&mut key_data)?;
        }
        let repr = EapolKeyRepr {
            key_length: self.pairwise_key_len,
            replay_counter,
            key_nonce: *anonce,
            key_data: &key_data,
            ..EapolKeyRepr::new(
                KeyDescriptorType::Rsn,
                self.key_info(KeyInfo::KEY_TYPE | KeyInfo::KEY_ACK),
            )
        };
        Ok(repr.to_frame(self.eapol_version, self.mic_len)?)
    }

    /// Message 3: Install, Key Ack, Key MIC, Secure, Encrypted Key Data,
    /// ANonce, Key RSC, wrapped `plaintext` (RSNE, GTK KDE, IGTK KDE,
    /// padded), MIC with the KCK in `mic`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn message_3(
        &self,
        kek: &[u8],
        mic: &MicKey,
        replay_counter: u64,
        anonce: &Nonce,
        key_rsc: [u8; 8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let flags = KeyInfo::KEY_TYPE
            | KeyInfo::INSTALL
            | KeyInfo::KEY_ACK
            | KeyInfo::KEY_MIC
            | KeyInfo::SECURE
            | KeyInfo::ENCRYPTED_KEY_DATA;
        self.protected(
            kek,
            mic,
            flags,
            self.pairwise_key_len,
            replay_counter,
            anonce,
            key_rsc,
            plaintext,
        )
    }

    /// Group message 1: Key Ack, Key MIC, Secure, Encrypted Key Data, group
    /// key type, Key Length 0, Key RSC, wrapped `plaintext` (GTK KDE, IGTK
    /// KDE, padded).
    pub(crate) fn group_message_1(
        &self,
        kek: &[u8],
        mic: &MicKey,
        replay_counter: u64,
        key_rsc: [u8; 8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let flags =
            KeyInfo::KEY_ACK | KeyInfo::KEY_MIC | KeyInfo::SECURE | KeyInfo::ENCRYPTED_KEY_DATA;
        self.protected(
            kek,
            mic,
            flags,
            0,
            replay_counter,
            &[0; 32],
            key_rsc,
            plaintext,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn protected(
        &self,
        kek: &[u8],
        mic: &MicKey,
        flags: KeyInfo,
        key_length: u16,
        replay_counter: u64,
        nonce: &Nonce,
        key_rsc: [u8; 8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, Error> {
        // IEEE 802.11-2020 12.7.2 j: NIST AES key wrap of the padded Key
        // Data with the KEK.
        let wrapped = wrap_padded_key_data(kek, plaintext)?;
        let repr = EapolKeyRepr {
            key_length,
            replay_counter,
            key_nonce: *nonce,
            key_rsc,
            key_data: &wrapped,
            ..EapolKeyRepr::new(KeyDescriptorType::Rsn, self.key_info(flags))
        };
        let mut frame = repr.to_frame(self.eapol_version, self.mic_len)?;
        // 12.7.2 h: the MIC covers the whole PDU with the MIC field zero.
        mic.write_eapol_key_mic(&mut frame, MIC_OFFSET)?;
        Ok(frame)
    }
}
