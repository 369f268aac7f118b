//! The group keys of one BSS: GTK and, with management frame protection,
//! IGTK (IEEE 802.11-2020 12.7.1.4, 12.7.1.5, 12.7.7).
//!
//! Key IDs alternate between 1 and 2 for the GTK and between 4 and 5 for the
//! IGTK, so that the old key stays usable while stations learn the new one
//! (hostapd `GN`/`GM`, `GN_igtk`/`GM_igtk`). The keys are random octets from
//! the caller's CSPRNG; hostapd derives them from a GMK with a PRF, which the
//! standard allows but does not require.

use rand::{CryptoRng, RngCore};
use roamd_eapol::{GtkKde, IgtkKde, Kde};
use roamd_wpa::{CipherExt, CipherSuite, Gtk, Igtk, SecretVec};
use zeroize::Zeroizing;

use crate::error::Error;

/// The mask of a 48-bit packet number (CCMP/GCMP PN, BIP IPN).
const PN_MASK: u64 = (1 << 48) - 1;

/// A group key the daemon installs in the kernel (nl80211 NEW_KEY without a
/// station address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupKeyInstall {
    /// Key ID: 1 or 2 for a GTK, 4 or 5 for an IGTK.
    pub key_idx: u16,
    /// The cipher suite (e.g. CCMP-128 for the GTK, BIP-CMAC-128 for the IGTK).
    pub cipher: CipherSuite,
    /// The key; redacted in `Debug`, zeroized on drop.
    pub key: SecretVec,
    /// True for the IGTK, false for the GTK.
    pub is_igtk: bool,
}

/// The IGTK and its state.
#[derive(Debug, Clone)]
struct IgtkSlot {
    cipher: CipherSuite,
    key: Igtk,
    idx: u16,
    ipn: u64,
}

/// The group keys of one BSS, shared by every station's
/// [`crate::PtkStateMachine`].
#[derive(Debug, Clone)]
pub struct GroupKeys {
    group_cipher: CipherSuite,
    gtk: Gtk,
    gtk_idx: u8,
    gtk_tx_pn: u64,
    igtk: Option<IgtkSlot>,
    generation: u64,
}

fn random_key<R: RngCore + CryptoRng + ?Sized>(rng: &mut R, len: usize) -> Zeroizing<Vec<u8>> {
    let mut key = Zeroizing::new(vec![0u8; len]);
    rng.fill_bytes(&mut key);
    key
}

fn gtk_len(cipher: CipherSuite) -> Result<usize, Error> {
    cipher.tk_len().ok_or(Error::UnsupportedCipher(cipher))
}

fn igtk_len(cipher: CipherSuite) -> Result<usize, Error> {
    cipher
        .igtk_len()
        .ok_or(Error::UnsupportedGroupMgmtCipher(cipher))
}

impl GroupKeys {
    /// New random keys: a GTK of the group cipher's length with Key ID 1
    /// and, if `group_mgmt_cipher` is given (PMF enabled), an IGTK with Key
    /// ID 4. Packet numbers start at 0.
    pub fn generate<R: RngCore + CryptoRng + ?Sized>(
        rng: &mut R,
        group_cipher: CipherSuite,
        group_mgmt_cipher: Option<CipherSuite>,
    ) -> Result<Self, Error> {
        let gtk = Gtk::from_slice(&random_key(rng, gtk_len(group_cipher)?))?;
        let igtk = match group_mgmt_cipher {
            Some(cipher) => Some(IgtkSlot {
                cipher,
                key: Igtk::from_slice(&random_key(rng, igtk_len(cipher)?))?,
                idx: 4,
                ipn: 0,
            }),
            None => None,
        };
        Ok(Self {
            group_cipher,
            gtk,
            gtk_idx: 1,
            gtk_tx_pn: 0,
            igtk,
            generation: 0,
        })
    }

    /// Keys given by the caller (tests, or keys restored from elsewhere).
    ///
    /// `gtk_idx` must be 1 or 2 and the GTK as long as the group cipher's
    /// key; the IGTK, if any, comes with its cipher and a Key ID of 4 or 5.
    pub fn from_keys(
        group_cipher: CipherSuite,
        gtk: Gtk,
        gtk_idx: u8,
        igtk: Option<(CipherSuite, Igtk, u16)>,
    ) -> Result<Self, Error> {
        let expected = gtk_len(group_cipher)?;
        if gtk.len() != expected {
            return Err(Error::KeyLength {
                expected,
                got: gtk.len(),
            });
        }
        if !matches!(gtk_idx, 1 | 2) {
            return Err(Error::KeyIndex(gtk_idx.into()));
        }
        let igtk = match igtk {
            Some((cipher, key, idx)) => {
                let expected = igtk_len(cipher)?;
                if key.len() != expected {
                    return Err(Error::KeyLength {
                        expected,
                        got: key.len(),
                    });
                }
                if !matches!(idx, 4 | 5) {
                    return Err(Error::KeyIndex(idx));
                }
                Some(IgtkSlot {
                    cipher,
                    key,
                    idx,
                    ipn: 0,
                })
            }
            None => None,
        };
        Ok(Self {
            group_cipher,
            gtk,
            gtk_idx,
            gtk_tx_pn: 0,
            igtk,
            generation: 0,
        })
    }

    /// Replaces the GTK (and IGTK) with new random keys under the other Key
    /// ID (1 <-> 2, 4 <-> 5) and returns what the daemon must install.
    ///
    /// Install them for receive at once; make the new GTK the default
    /// transmit key once every station has it (all group key handshakes
    /// started with [`crate::PtkStateMachine::start_group_rekey`] completed
    /// or failed), as hostapd's SETKEYSDONE does. Packet numbers restart at
    /// 0; update them with [`set_gtk_tx_pn`](Self::set_gtk_tx_pn).
    pub fn rekey<R: RngCore + CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<Vec<GroupKeyInstall>, Error> {
        let gtk = Gtk::from_slice(&random_key(rng, gtk_len(self.group_cipher)?))?;
        let igtk = match &self.igtk {
            Some(slot) => Some(IgtkSlot {
                cipher: slot.cipher,
                key: Igtk::from_slice(&random_key(rng, igtk_len(slot.cipher)?))?,
                // IEEE 802.11-2020 12.7.1.5: the IGTK Key ID alternates 4/5.
                idx: if slot.idx == 4 { 5 } else { 4 },
                ipn: 0,
            }),
            None => None,
        };
        self.gtk = gtk;
        // IEEE 802.11-2020 12.7.1.4: the GTK Key ID alternates 1/2.
        self.gtk_idx = if self.gtk_idx == 1 { 2 } else { 1 };
        self.gtk_tx_pn = 0;
        self.igtk = igtk;
        self.generation = self.generation.wrapping_add(1);
        Ok(self.installs())
    }

    /// The current keys as kernel installs (GTK first), e.g. at BSS start.
    pub fn installs(&self) -> Vec<GroupKeyInstall> {
        let mut out = vec![GroupKeyInstall {
            key_idx: self.gtk_idx.into(),
            cipher: self.group_cipher,
            key: SecretVec::from_slice(self.gtk.as_bytes()),
            is_igtk: false,
        }];
        if let Some(slot) = &self.igtk {
            out.push(GroupKeyInstall {
                key_idx: slot.idx,
                cipher: slot.cipher,
                key: SecretVec::from_slice(slot.key.as_bytes()),
                is_igtk: true,
            });
        }
        out
    }

    /// Sets the GTK's current transmit packet number (the kernel's key
    /// sequence counter); it goes into Key RSC of messages 3 and group 1.
    pub fn set_gtk_tx_pn(&mut self, pn: u64) {
        self.gtk_tx_pn = pn & PN_MASK;
    }

    /// Sets the IGTK's current packet number (IPN), sent in the IGTK KDE.
    pub fn set_igtk_ipn(&mut self, ipn: u64) {
        if let Some(slot) = &mut self.igtk {
            slot.ipn = ipn & PN_MASK;
        }
    }

    /// The GTK's transmit packet number.
    pub fn gtk_tx_pn(&self) -> u64 {
        self.gtk_tx_pn
    }

    /// The IGTK's packet number, if PMF is enabled.
    pub fn igtk_ipn(&self) -> Option<u64> {
        self.igtk.as_ref().map(|s| s.ipn)
    }

    /// The GTK's Key ID (1 or 2).
    pub fn gtk_key_idx(&self) -> u8 {
        self.gtk_idx
    }

    /// The IGTK's Key ID (4 or 5), if PMF is enabled.
    pub fn igtk_key_idx(&self) -> Option<u16> {
        self.igtk.as_ref().map(|s| s.idx)
    }

    /// The group data cipher.
    pub fn group_cipher(&self) -> CipherSuite {
        self.group_cipher
    }

    /// The group management cipher, if PMF is enabled.
    pub fn group_mgmt_cipher(&self) -> Option<CipherSuite> {
        self.igtk.as_ref().map(|s| s.cipher)
    }

    /// How many times [`rekey`](Self::rekey) ran: a station that was sent an
    /// older GTK in message 3 needs a group key handshake.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The GTK itself (for the FTE's GTK subelement).
    pub(crate) fn gtk_bytes(&self) -> &[u8] {
        self.gtk.as_bytes()
    }

    /// Key ID, IPN (6 octets, little-endian) and key of the IGTK, if any.
    pub(crate) fn igtk_parts(&self) -> Option<(u16, [u8; 6], &[u8])> {
        let slot = self.igtk.as_ref()?;
        let [ipn @ .., _, _] = slot.ipn.to_le_bytes();
        Some((slot.idx, ipn, slot.key.as_bytes()))
    }

    /// Key RSC of messages 3 and group 1: the GTK's PN, little-endian
    /// (IEEE 802.11-2020 12.7.2 f).
    pub(crate) fn key_rsc(&self) -> [u8; 8] {
        self.gtk_tx_pn.to_le_bytes()
    }

    fn gtk_kde(&self) -> Kde<'_> {
        // hostapd sends Tx = 0 in the GTK KDE (the AP transmits with the GTK).
        Kde::Gtk(GtkKde {
            key_id: self.gtk_idx,
            tx: false,
            gtk: self.gtk.as_bytes(),
        })
    }

    fn igtk_kde(&self, with_igtk: bool) -> Option<Kde<'_>> {
        let slot = self.igtk.as_ref().filter(|_| with_igtk)?;
        let [pn @ .., _, _] = slot.ipn.to_le_bytes();
        Some(Kde::Igtk(IgtkKde {
            key_id: slot.idx,
            pn,
            key: slot.key.as_bytes(),
        }))
    }

    /// Octets [`emit_kdes`](Self::emit_kdes) appends.
    pub(crate) fn kdes_len(&self, with_igtk: bool) -> usize {
        self.gtk_kde().buffer_len() + self.igtk_kde(with_igtk).map_or(0, |k| k.buffer_len())
    }

    /// Appends the GTK KDE and, when `with_igtk`, the IGTK KDE to `out`.
    pub(crate) fn emit_kdes(&self, out: &mut Vec<u8>, with_igtk: bool) -> Result<(), Error> {
        self.gtk_kde().emit(out)?;
        if let Some(igtk) = self.igtk_kde(with_igtk) {
            igtk.emit(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn generate_and_rekey_alternate_key_ids() {
        let mut rng = StdRng::seed_from_u64(1);
        let mut gk = GroupKeys::generate(
            &mut rng,
            CipherSuite::Ccmp128,
            Some(CipherSuite::BipCmac128),
        )
        .unwrap();
        assert_eq!((gk.gtk_key_idx(), gk.igtk_key_idx()), (1, Some(4)));
        let first = gk.installs();
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].cipher, CipherSuite::Ccmp128);
        assert_eq!(first[1].cipher, CipherSuite::BipCmac128);
        assert!(first[1].is_igtk && !first[0].is_igtk);
        gk.set_gtk_tx_pn(0x1234);
        let second = gk.rekey(&mut rng).unwrap();
        assert_eq!((second[0].key_idx, second[1].key_idx), (2, 5));
        assert_ne!(first[0].key, second[0].key);
        assert_eq!(gk.gtk_tx_pn(), 0);
        assert_eq!(gk.generation(), 1);
        let third = gk.rekey(&mut rng).unwrap();
        assert_eq!((third[0].key_idx, third[1].key_idx), (1, 4));
    }

    #[test]
    fn key_lengths_follow_ciphers() {
        let mut rng = StdRng::seed_from_u64(2);
        let gk = GroupKeys::generate(&mut rng, CipherSuite::Gcmp256, None).unwrap();
        assert_eq!(gk.installs()[0].key.len(), 32);
        assert_eq!(gk.installs().len(), 1);
        assert!(matches!(
            GroupKeys::generate(&mut rng, CipherSuite::Tkip, None),
            Err(Error::UnsupportedCipher(_))
        ));
        let gtk = Gtk::from_slice(&[1; 32]).unwrap();
        assert_eq!(
            GroupKeys::from_keys(CipherSuite::Ccmp128, gtk, 1, None).unwrap_err(),
            Error::KeyLength {
                expected: 16,
                got: 32
            }
        );
        let gtk = Gtk::from_slice(&[1; 16]).unwrap();
        assert_eq!(
            GroupKeys::from_keys(CipherSuite::Ccmp128, gtk, 3, None).unwrap_err(),
            Error::KeyIndex(3)
        );
    }

    #[test]
    fn kdes_match_hostapd_layout() {
        let gtk = Gtk::from_slice(&[0xaa; 16]).unwrap();
        let igtk = Igtk::from_slice(&[0xbb; 16]).unwrap();
        let mut gk = GroupKeys::from_keys(
            CipherSuite::Ccmp128,
            gtk,
            1,
            Some((CipherSuite::BipCmac128, igtk, 4)),
        )
        .unwrap();
        gk.set_igtk_ipn(0x0102_0304_0506);
        gk.set_gtk_tx_pn(u64::MAX);
        assert_eq!(gk.key_rsc(), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0]);
        let mut out = Vec::new();
        gk.emit_kdes(&mut out, true).unwrap();
        assert_eq!(out.len(), gk.kdes_len(true));
        assert_eq!(&out[..8], &[0xdd, 0x16, 0x00, 0x0f, 0xac, 0x01, 0x01, 0x00]);
        assert_eq!(&out[24..30], &[0xdd, 0x1c, 0x00, 0x0f, 0xac, 0x09]);
        assert_eq!(&out[30..38], &[0x04, 0x00, 6, 5, 4, 3, 2, 1]);
        assert_eq!(out.len(), 24 + 30);
        let mut no_igtk = Vec::new();
        gk.emit_kdes(&mut no_igtk, false).unwrap();
        assert_eq!(no_igtk.len(), 24);
        assert_eq!(gk.kdes_len(false), 24);
    }

    #[test]
    fn debug_is_redacted() {
        let gk = GroupKeys::from_keys(
            CipherSuite::Ccmp128,
            Gtk::from_slice(&[0x5a; 16]).unwrap(),
            1,
            None,
        )
        .unwrap();
        let s = format!("{gk:?} {:?}", gk.installs());
        assert!(!s.contains("5a") && !s.contains("90"), "{s}");
    }
}
