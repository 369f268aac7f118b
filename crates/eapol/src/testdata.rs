//! Byte fixtures from the hostapd/wpa_supplicant 2.10 traces in
//! `shared/docs/traces` (hex, one frame per constant).

/// Decodes a space-separated hex dump.
pub(crate) fn hex(dump: &str) -> Vec<u8> {
    let compact: String = dump.split_whitespace().collect();
    hex::decode(compact).expect("fixture is valid hex")
}

/// psk-connect, wpa_supplicant.log:613: message 1/4 (AP -> STA, no key data).
pub(crate) const PSK_M1: &str = "02 03 00 5f 02 00 8a 00 10 00 00 00 00 00 00 00 01 7c 29 57 fb 79 87 92 7c a5 91 0d 99 48 2d 0f fe ac 3a 56 ef 4b 90 2e 62 56 66 59 fd 53 44 83 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

/// psk-connect, ap.log:412: message 2/4 (STA -> AP, RSNE in key data).
pub(crate) const PSK_M2: &str = "01 03 00 7b 02 01 0a 00 00 00 00 00 00 00 00 00 01 22 4f 04 de 86 29 3e 36 31 70 c1 19 53 c6 5a e0 d1 4a d7 ea 46 c7 bf 57 e3 48 87 c8 da 95 ca 2f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 15 70 57 5d b5 8e e2 4c 36 06 a3 9d 7f 3c 54 2e 00 1c 30 1a 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 00 0f ac 02 80 00 00 00 00 0f ac 06";

/// psk-connect, wpa_supplicant.log:667: message 3/4 (AP -> STA, wrapped key data).
pub(crate) const PSK_M3: &str = "02 03 00 b7 02 13 ca 00 10 00 00 00 00 00 00 00 02 7c 29 57 fb 79 87 92 7c a5 91 0d 99 48 2d 0f fe ac 3a 56 ef 4b 90 2e 62 56 66 59 fd 53 44 83 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ab 9c 18 b1 81 78 1e a8 24 af 95 60 21 b3 02 f5 00 58 de 33 7f ec 59 c9 0d 7e 8a be 57 b2 0e a8 11 40 bf 33 d6 d9 2d 96 5d 6f 90 89 78 3f 57 4e 0e ff 73 1e 61 68 f9 5a 6b fd a4 2d 01 d6 6f 37 d1 25 6b 5a 98 6b 72 66 a8 fe 3d 0a 43 ee 5d 77 1b e7 b8 c9 86 be 98 26 1c e0 80 8b 9a 6e fa 8f 4c 0c f3 c7 7f d5 c8 90 98 c5";

/// psk-connect, ap.log:454: message 4/4 (STA -> AP).
pub(crate) const PSK_M4: &str = "01 03 00 5f 02 03 0a 00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 7a ac 22 0a c7 66 3a 6c 6f c9 22 f0 db f9 58 11 00 00";

/// psk-connect, ap.log:437: plaintext key data of message 3/4 (RSNE, GTK KDE, IGTK KDE, padding);
/// hostapd dumps 8 octets more than it wraps (80 octets).
pub(crate) const PSK_M3_KEY_DATA: &str = "30 14 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 00 0f ac 02 80 00 dd 16 00 0f ac 01 01 00 97 a2 58 2e 7a de 40 7e 4f 6b 1c a4 7e 5d 10 7f dd 1c 00 0f ac 09 04 00 00 00 00 00 00 00 c7 fd 5c 79 58 8e af 3d 98 fe a1 a2 9b e2 02 dc dd 00 00 00 00 00 00 00 00 00 00 00";

/// eap-okc, wpa_supplicant.log:1234: message 1/4 with a PMKID KDE.
pub(crate) const OKC_M1: &str = "02 03 00 75 02 00 8a 00 10 00 00 00 00 00 00 00 01 63 bb ac f1 0a 03 e2 30 e6 ab 20 e8 78 3a d7 76 2f 63 df dd 41 58 bd 6c d1 af 57 ba ab 42 01 33 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 16 dd 14 00 0f ac 04 ed 66 f0 0d 20 ec f0 a9 52 af 96 56 d4 9e db e0";

/// eap-okc, ap.log:1534: message 2/4.
pub(crate) const OKC_M2: &str = "01 03 00 75 02 01 0a 00 00 00 00 00 00 00 00 00 01 94 77 0d 97 fd 6f 4e 64 07 e2 cd 15 dd cb ef 1d 59 7d 61 e4 0d b3 69 38 b7 c9 5d 9c 5e 2c ba c6 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 b8 6c 45 7d d5 8b eb 11 87 48 84 0c 9a 3d 30 11 00 16 30 14 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 00 0f ac 01 00 00";

/// eap-okc, ap.log:1784: message 2/4 whose RSNE lists a PMKID (OKC roam).
pub(crate) const OKC_M2_PMKID: &str = "01 03 00 87 02 01 0a 00 00 00 00 00 00 00 00 00 01 95 d7 82 ee 3c af 17 6b dc ce b1 39 b8 be ce fc 6d 1b 49 9b 5a 92 00 27 97 c6 a3 8e 09 29 48 f3 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ab 64 58 a7 f3 4e 30 5a 51 61 f4 22 47 98 79 f3 00 28 30 26 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 00 0f ac 01 00 00 01 00 5c f5 0b c4 aa 3d 69 40 17 4d 0a 75 4c 73 e2 ed";

/// eap-okc, wpa_supplicant.log:2108: message 3/4 with a non-zero Key RSC.
pub(crate) const OKC_M3: &str = "02 03 00 97 02 13 ca 00 10 00 00 00 00 00 00 00 02 89 71 05 cc 5c 25 86 75 1c 68 ca 98 e0 1f 67 2f ac cd 61 4c 82 bb b2 8f aa 02 3d 7b 54 f2 80 ab 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 59 1c 94 2c 89 bf 68 e9 cd 21 53 7d a2 6f ba 68 00 38 1a fe 00 90 ee 33 ea 72 1d 0e c8 17 9f 21 78 5d 4f 43 fd 48 38 e2 67 2c bd 26 36 34 0e 47 8e cc 43 59 a7 5f d5 1f 83 9b ce d8 58 04 88 cd 20 3c 64 d0 17 62 9c 2c ea 29";

/// eap-okc, ap.log:1558: plaintext key data of message 3/4 (RSNE, GTK KDE, padding);
/// hostapd dumps 8 octets more than it wraps (48 octets).
pub(crate) const OKC_M3_KEY_DATA: &str = "30 14 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 00 0f ac 01 00 00 dd 16 00 0f ac 01 01 00 2d 60 b7 cc 65 e0 3e 61 ec e5 a5 17 95 0d 4c 1e dd 00 00 00 00 00 00 00 00 00";

/// eap-okc, wpa_supplicant.log:628: EAP-Request/Identity, identifier 128.
pub(crate) const OKC_EAP_REQ_IDENTITY: &str = "02 00 00 05 01 80 00 05 01";

/// eap-okc, wpa_supplicant.log:650: EAP-Response/Identity "alice".
pub(crate) const OKC_EAP_RESP_IDENTITY: &str = "01 00 00 0a 02 80 00 0a 01 61 6c 69 63 65";

/// eap-okc, wpa_supplicant.log:663: EAP-Request/MD5-Challenge from FreeRADIUS.
pub(crate) const OKC_EAP_REQ_MD5: &str =
    "02 00 00 16 01 81 00 16 04 10 2d eb ce e7 b6 b7 4b 8a 02 f8 80 24 bf 07 97 60";

/// eap-okc, wpa_supplicant.log:681: EAP-Response/Nak asking for PEAP (25).
pub(crate) const OKC_EAP_RESP_NAK: &str = "01 00 00 06 02 81 00 06 03 19";

/// eap-okc, wpa_supplicant.log:696: EAP-Request/PEAP start.
pub(crate) const OKC_EAP_REQ_PEAP_START: &str = "02 00 00 06 01 82 00 06 19 20";

/// eap-okc, wpa_supplicant.log:734: EAP-Response/PEAP carrying a TLS ClientHello.
pub(crate) const OKC_EAP_RESP_PEAP_HELLO: &str = "01 00 00 c2 02 82 00 c2 19 80 00 00 00 b8 16 03 01 00 b3 01 00 00 af 03 03 1d d8 4c 41 fb db 97 24 07 ce 36 7d ba b8 62 d7 44 e7 e8 be e3 50 81 99 03 2f 76 02 59 71 e9 43 00 00 38 c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23 c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff 01 00 00 4e 00 0b 00 04 03 00 01 02 00 0a 00 0c 00 0a 00 1d 00 17 00 1e 00 19 00 18 00 16 00 00 00 17 00 00 00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01 06 01 03 03 03 01 03 02 04 02 05 02 06 02";

/// eap-okc, wpa_supplicant.log:764: EAP-Response/PEAP acknowledgement.
pub(crate) const OKC_EAP_RESP_PEAP_ACK: &str = "01 00 00 06 02 83 00 06 19 00";

/// eap-okc, wpa_supplicant.log:1218: EAP-Success, identifier 137.
pub(crate) const OKC_EAP_SUCCESS: &str = "02 00 00 04 03 89 00 04";

/// eap-okc, wpa_supplicant.log:747: EAP-Request/PEAP fragment (1004 octets, L and M flags).
pub(crate) const OKC_EAP_REQ_PEAP_FRAGMENT: &str = "02 00 03 ec 01 83 03 ec 19 c0 00 00 04 87 16 03 03 00 3d 02 00 00 39 03 03 40 e4 e1 14 05 ba 36 62 a2 7e 80 63 a3 86 8b 58 6f c4 89 dd ac 8a d0 30 dc 29 09 df 66 ef f6 a5 00 c0 30 00 00 11 ff 01 00 01 00 00 0b 00 04 03 00 01 02 00 17 00 00 16 03 03 03 06 0b 00 03 02 00 02 ff 00 02 fc 30 82 02 f8 30 82 01 e0 a0 03 02 01 02 02 14 30 23 e8 56 41 9a 3d bb a0 c0 7c 7d 2f 5f 77 61 03 8c 05 e0 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00 30 14 31 12 30 10 06 03 55 04 03 0c 09 6c 6f 63 61 6c 68 6f 73 74 30 1e 17 0d 32 36 30 35 32 30 31 36 32 37 32 38 5a 17 0d 33 36 30 35 31 37 31 36 32 37 32 38 5a 30 14 31 12 30 10 06 03 55 04 03 0c 09 6c 6f 63 61 6c 68 6f 73 74 30 82 01 22 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 82 01 0f 00 30 82 01 0a 02 82 01 01 00 ae f6 4c f8 00 aa 44 24 9d 68 7b 9e 14 99 0d 82 7c 3a 74 2a f2 5a 3b 19 6e 34 47 a6 d3 57 cd 90 ed 42 d1 03 84 0e 45 23 95 b2 c6 2b 8c b0 15 92 69 96 8f d0 5c b9 8c 70 1b 7f 08 b8 99 e4 eb 98 2a a8 d7 51 5c a1 fc 4c 07 8e 0c 08 2b ba 23 e4 b7 84 62 da bf 90 c3 02 ef 9e b5 d2 79 ef 63 48 28 0b f7 19 1e 48 e4 fd 95 1d d9 ee 5c 92 f2 a0 47 d1 ec 69 ac 0e 13 da e8 77 6f 5b 24 da bd ad d5 9d d7 66 db a4 c6 ea 00 9d 56 7a ed 3e 45 d8 5e 4f 7c 24 ca f9 a6 71 26 b2 86 29 28 9e bc 46 0a 48 30 df 1f e9 e0 7d fe 04 ad a5 c1 3a 2d fb f8 b5 7c 1a a5 b5 d0 cf 3f da be 09 88 34 a1 8e c6 4c 57 9d dd 1a 63 80 6e ab cc 2f 61 5a f2 d1 16 92 2b 56 9e 3c 93 f3 31 ed 38 78 84 cd b2 8c e1 53 8d 76 50 23 3b 49 46 34 a7 15 4c 5f 20 df 0b 8b c1 ad 6c 71 79 d3 b2 99 2b eb 96 2b 15 d9 02 03 01 00 01 a3 42 30 40 30 09 06 03 55 1d 13 04 02 30 00 30 14 06 03 55 1d 11 04 0d 30 0b 82 09 6c 6f 63 61 6c 68 6f 73 74 30 1d 06 03 55 1d 0e 04 16 04 14 84 0e d8 a3 74 4f 6e a6 d8 e3 fb fb a5 99 65 c1 89 d5 77 16 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00 03 82 01 01 00 58 c5 2e 4b 19 c7 62 04 a0 47 33 82 a6 a1 98 e6 ef ae 64 a1 38 a6 c9 b3 55 12 06 b1 23 fe da 22 e6 a4 f7 60 97 70 23 f0 68 75 6d ee 0f 31 66 58 87 d1 30 19 a8 55 66 d7 23 80 2a f5 92 72 8b 6b 2b ce b2 20 aa ee 7a 83 a3 39 00 a7 8f fd 82 31 47 3d ff 22 a0 88 f4 f9 d5 c9 9a 7c b4 7b e1 e9 d2 2a 80 4a 30 32 a0 c6 97 a4 01 19 c3 72 68 8d 19 3c ba 8e 4a 95 a8 d0 5d 2c a2 a1 be 6e 9e 66 19 98 3e 79 60 e4 3f ac e0 94 92 b8 7d 4b a2 64 78 dd b4 3d ab c0 e7 f0 77 e0 6c 90 38 c5 a5 ee 99 fc 7c 24 fc de fa d7 85 1d 9e 7f 32 60 67 d9 e5 b0 05 05 51 a2 77 e1 ad be a3 ae 16 e6 b6 63 f3 0e 0a ee 6e 72 74 63 c7 e4 b0 3e 10 1f cf d8 8e d4 9b b9 ef de db ea 13 3b 0e f1 bc f1 99 e8 ac 2f 53 2d 52 18 dd 43 d4 59 2e 2e 20 62 db 59 3c ac a3 28 7d 46 b1 51 33 13 4d 37 f9 3d 9e 50 16 03 03 01 2c 0c 00 01 28 03 00 1d 20 9e 58 70 35 75 9b 95 d5 45 f9 92 a3 7c 6b 33 68 36 f4 25 7d cf fe f6 e3 a3 0a de 1d 5c 1c 1e 5d 08 04 01 00 8a 1e 6c 02 df 37 6a 8f 5f 96 87 8f 92 2a c7 68 37 7b 98 79 fe aa a9 8e 9d 52 28 d3 b0 ff 8e d0 9b e3 68 02 02 87 6d c8 12 20 90 aa 9e 04 f3 12 f0 25 99 04 cb 3a 73 ec a8 d5 45 23 0a fe f9 3f 4b b9 2f e9 ec 07 bd d7 35 22 34 4c fb 7d a5 4b 84 25 90 67 a6 72 b8 97 be 2c 9b 3f 91 43 65 17 4b 1c 5d 36";
