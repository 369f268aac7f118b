//! Fixtures from the eap-okc trace (/work/shared/docs/traces/eap-okc/ap.log):
//! station 02:00:00:00:02:00 authenticating as "alice" with PEAP against
//! FreeRADIUS through hostapd 2.10 (`hostapd -dd`). Hex, split in chunks.

/// EAPOL frame: EAP-Request/Identity, Identifier 128, as hostapd sent it
/// (EAPOL version 2, ap.log lines 693-708).
pub(crate) const REQ_IDENTITY: &str = "020000050180000501";

/// One round: the station's EAP-Response, then the Access-Challenge that
/// answered its Access-Request (EAP-Message, State). The first response is
/// Response/Identity "alice" (Identifier 128); the server then proposes MD5,
/// the station Naks for PEAP (25), and PEAP runs to Identifier 137.
pub(crate) struct Round {
    /// EAP packet from the station (EAP-Message of the Access-Request).
    pub(crate) response: &'static [&'static str],
    /// State the Access-Request echoed (none in the first).
    pub(crate) request_state: Option<&'static str>,
    /// EAP-Message of the Access-Challenge.
    pub(crate) challenge: &'static [&'static str],
    /// State of the Access-Challenge.
    pub(crate) challenge_state: &'static str,
}

pub(crate) const ROUNDS: &[Round] = &[
    Round {
        response: &["0280000a01616c696365"],
        request_state: None,
        challenge: &["0181001604102debcee7b6b74b8a02f88024bf079760"],
        challenge_state: "65e526a96564221b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &["028100060319"],
        request_state: Some("65e526a96564221b7bf8ab8ca7ceb31a"),
        challenge: &["018200061920"],
        challenge_state: "65e526a964673f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &[
            "028200c21980000000b816030100b3010000af03031dd84c41fbdb972407ce367dbab862d744e7e8",
            "bee3508199032f76025971e943000038c02cc030009fcca9cca8ccaac02bc02f009ec024c028006b",
            "c023c0270067c00ac0140039c009c0130033009d009c003d003c0035002f00ff0100004e000b0004",
            "03000102000a000c000a001d0017001e001900180016000000170000000d002a0028040305030603",
            "080708080809080a080b080408050806040105010601030303010302040205020602",
        ],
        request_state: Some("65e526a964673f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "018303ec19c000000487160303003d02000039030340e4e11405ba3662a27e8063a3868b586fc489",
            "ddac8ad030dc2909df66eff6a500c030000011ff01000100000b0004030001020017000016030303",
            "060b0003020002ff0002fc308202f8308201e0a00302010202143023e856419a3dbba0c07c7d2f5f",
            "7761038c05e0300d06092a864886f70d01010b050030143112301006035504030c096c6f63616c68",
            "6f7374301e170d3236303532303136323732385a170d3336303531373136323732385a3014311230",
            "1006035504030c096c6f63616c686f737430820122300d06092a864886f70d01010105000382010f",
            "003082010a0282010100aef64cf800aa44249d687b9e14990d827c3a742af25a3b196e3447a6d357",
            "cd90ed42d103840e452395b2c62b8cb0159269968fd05cb98c701b7f08b899e4eb982aa8d7515ca1",
            "fc4c078e0c082bba23e4b78462dabf90c302ef9eb5d279ef6348280bf7191e48e4fd951dd9ee5c92",
            "f2a047d1ec69ac0e13dae8776f5b24dabdadd59dd766dba4c6ea009d567aed3e45d85e4f7c24caf9",
            "a67126b28629289ebc460a4830df1fe9e07dfe04ada5c13a2dfbf8b57c1aa5b5d0cf3fdabe098834",
            "a18ec64c579ddd1a63806eabcc2f615af2d116922b569e3c93f331ed387884cdb28ce1538d765023",
            "3b494634a7154c5f20df0b8bc1ad6c7179d3b2992beb962b15d90203010001a34230403009060355",
            "1d130402300030140603551d11040d300b82096c6f63616c686f7374301d0603551d0e0416041484",
            "0ed8a3744f6ea6d8e3fbfba59965c189d57716300d06092a864886f70d01010b0500038201010058",
            "c52e4b19c76204a0473382a6a198e6efae64a138a6c9b3551206b123feda22e6a4f760977023f068",
            "756dee0f31665887d13019a85566d723802af592728b6b2bceb220aaee7a83a33900a78ffd823147",
            "3dff22a088f4f9d5c99a7cb47be1e9d22a804a3032a0c697a40119c372688d193cba8e4a95a8d05d",
            "2ca2a1be6e9e6619983e7960e43face09492b87d4ba26478ddb43dabc0e7f077e06c9038c5a5ee99",
            "fc7c24fcdefad7851d9e7f326067d9e5b0050551a277e1adbea3ae16e6b663f30e0aee6e727463c7",
            "e4b03e101fcfd88ed49bb9efdedbea133b0ef1bcf199e8ac2f532d5218dd43d4592e2e2062db593c",
            "aca3287d46b15133134d37f93d9e50160303012c0c00012803001d209e587035759b95d545f992a3",
            "7c6b336836f4257dcffef6e3a30ade1d5c1c1e5d080401008a1e6c02df376a8f5f96878f922ac768",
            "377b9879feaaa98e9d5228d3b0ff8ed09be3680202876dc8122090aa9e04f312f0259904cb3a73ec",
            "a8d545230afef93f4bb92fe9ec07bdd73522344cfb7da54b84259067a672b897be2c9b3f91436517",
            "4b1c5d36",
        ],
        challenge_state: "65e526a967663f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &["028300061900"],
        request_state: Some("65e526a967663f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "018400ab1900e5ac550268dc97984fe1db3b1ede0276295503423a8092ddfefe064c1fb00a74e368",
            "15576b2302d9d1fb1d159685f3bffb2f0d0e57ed66bfe332cec11bfad395ffa74a0e18fa4094284b",
            "81428a51d6c1b90ee6095d51fa0ebc4bd1c82e5a695e3ebee9acdf6b30b64dc3411745b2784a2158",
            "f3eb537ee32485aeebccfff9f4e24ad870c881fa1ad14ef99d1686ce8480234dcf94d9b9e3a2fa7f",
            "d5eb16030300040e000000",
        ],
        challenge_state: "65e526a966613f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &[
            "0284006719800000005d16030300251000002120cf7a784834cadf163d0be3e1ad1e3df243b6042a",
            "1d0456329f78499efd7cc95114030300010116030300281785fbb606bb8e9243615032fc4ba77c51",
            "3cd214408d95d0286a77d0d6fc9be6e36fb3637fbe07f6",
        ],
        request_state: Some("65e526a966613f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "0185003919001403030001011603030028404f613a410684f5a1bab858a85d86248738246a20c884",
            "960e72b36a71e4cc3725ed0e3fc987c218",
        ],
        challenge_state: "65e526a961603f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &["028500061900"],
        request_state: Some("65e526a961603f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "018600281900170303001d404f613a410684f66ca2ea7d7ea216aaa65845a6cef2b9f2558d437914",
        ],
        challenge_state: "65e526a960633f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &[
            "028600291900170303001e1785fbb606bb8e9380fe7bd3833f32de9cbda0016ea02873a548e1e847",
            "de",
        ],
        request_state: Some("65e526a960633f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "018700491900170303003e404f613a410684f7c537a44c7fa67ef1c29b08d378069fa954f7042c47",
            "56a8a4e8bfaf54c917432701d61a4e5f26f8f06699c3d4a4daee0b678d738fad68",
        ],
        challenge_state: "65e526a963623f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &[
            "0287005f190017030300541785fbb606bb8e94e6b4295f4d51148d297660521808740db3c5fa9d5c",
            "54b84b0b52c5dc2cfb7c81375127651569176072d0399b0ea20145f5613be9bb45f08a5ca4d15c55",
            "7f06dd555d172980ecc5dc6fcef864",
        ],
        request_state: Some("65e526a963623f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "0188005219001703030047404f613a410684f81fed04eae3fe8f5d557bdcec989184f68ad1f81262",
            "d9e757effbc6bdb6a28f18640aa5e47c4a518770daf6191743948fc5f915acb1fa2d079b47a47303",
            "8681",
        ],
        challenge_state: "65e526a9626d3f1b7bf8ab8ca7ceb31a",
    },
    Round {
        response: &["028800251900170303001a1785fbb606bb8e9577bd3d9c93b21a54415d28c9a60b303f3d51"],
        request_state: Some("65e526a9626d3f1b7bf8ab8ca7ceb31a"),
        challenge: &[
            "0189002e19001703030023404f613a410684f9740705377aebfefc759db684affc2a29edda1b337a",
            "f871950b77ad",
        ],
        challenge_state: "65e526a96d6c3f1b7bf8ab8ca7ceb31a",
    },
];

/// The last response (Identifier 137) and the State it echoed.
pub(crate) const LAST_RESPONSE: &[&str] = &[
    "0289002e190017030300231785fbb606bb8e96fc06673e1bc3fa41c352b8d110200ed19fdf8bf8fb",
    "7c50efd847c1",
];
/// State echoed by the last Access-Request.
pub(crate) const LAST_STATE: &str = "65e526a96d6c3f1b7bf8ab8ca7ceb31a";
/// EAP-Message of the Access-Accept: EAP-Success, Identifier 137.
pub(crate) const ACCEPT_EAP: &str = "03890004";
/// MS-MPPE-Recv-Key || MS-MPPE-Send-Key of the Accept (ap.log lines
/// 1492-1493): the MSK; its first half is the PMK of line 1546.
pub(crate) const MSK: &[&str] = &[
    "90c417c7096a4d8242d54b6fb6ff9e09f5b0ec4df826748b10d9002117103119",
    "ee67a36bacb1f0a58b7a8e1bfe29da3be9cf5be557bde76c9efaeed257507f0b",
];

/// Joins chunks and decodes.
pub(crate) fn hex(chunks: &[&str]) -> Vec<u8> {
    ::hex::decode(chunks.concat()).unwrap()
}
