//! Key-holder messages dumped by hostapd 2.10 (`-dd -K`) in the FT traces
//! (generated from the logs: every `FT: RRB frame payload` line, with the
//! plaintext hostapd logged for it; key 00 01 .. 1f on both sides).

pub(crate) struct TraceMessage {
    pub(crate) at: &'static str,
    pub(crate) src: [u8; 6],
    pub(crate) subtype: u8,
    pub(crate) message: &'static str,
    pub(crate) plain: &'static str,
}

pub(crate) const TRACE_MESSAGES: &[TraceMessage] = &[
    TraceMessage {
        at: "ft-psk/ap0.log:604 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 4,
        message: concat!(
            "3100020010003b7f2411572c11e146d99819d937a3a804000f006170302e6578",
            "616d706c652e6e657405000600020000000100a2ff41f28c49a0afd714b83c66",
            "57f8e9",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-psk/ap0.log:622 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 5,
        message: concat!(
            "4100020010003b7f2411572c11e146d99819d937a3a801000c00cf34fce99e8f",
            "0cbc0d00000004000f006170302e6578616d706c652e6e657405000600020000",
            "0001001cae42f9417b17aaf8576797c5e4a30e",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-psk/ap0.log:628 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 1,
        message: concat!(
            "41000200100088d8e69c8abac264313b3cb4f55a974401000c00457ba91b6a2f",
            "ee6d0d00000004000f006170302e6578616d706c652e6e657405000600020000",
            "00010046b101c10bbd2a14f48792428171ec641aba75ac5535b6ad64b9795ef0",
            "0d1aa2c13736c7627a447421635790ea39",
        ),
        plain: "070010004dead139599056f7a77de6ffabfc300206000600020000000200",
    },
    TraceMessage {
        at: "ft-psk/ap0.log:649 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 4,
        message: concat!(
            "310002001000f8fdda92da84deb5db8181e1319a23a004000f006170302e6578",
            "616d706c652e6e657405000600020000000100568e6e98083979cc45ecfc8869",
            "baf672",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-psk/ap0.log:655 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 5,
        message: concat!(
            "410002001000f8fdda92da84deb5db8181e1319a23a001000c00457ba91b6b2f",
            "ee6d0e00000004000f006170302e6578616d706c652e6e657405000600020000",
            "000100aeeb52c36bd62ad57d50513789af760c",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-psk/ap0.log:693 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 2,
        message: concat!(
            "41000200100088d8e69c8abac264313b3cb4f55a974401000c00cf34fce99f8f",
            "0cbc0e00000004000f006170302e6578616d706c652e6e657405000600020000",
            "00010094c4285073356bae230ee0b21c67b1c76b23ae349760ee9e0503a9fa84",
            "b4730f5673f956c866c17bfdb7dd4dcc9f22052666e078ea5d9382b0d7f675f0",
            "09af8bd6413caed1e647af17d4d96a4f6e93d4c5e9213f0da7847c271cd090a7",
            "6bba34e511c53b82d1c9c0ee9f1f56f44d",
        ),
        plain: concat!(
            "060006000200000002000a002000e4ece24431c8a9f48949a51a02e020cbd0bb",
            "1afb35f2860b85963b2ca79e39e109001000fcfd71f247cef01309a96bdcc0f4",
            "6a260b00020010000c000200fd740f000000100000001100040000000000",
        ),
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1429 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 4,
        message: concat!(
            "310002001000bd0cc1339b29dab5a0445e6df03d3ff204000f006170302e6578",
            "616d706c652e6e65740500060002000000010053fc32457a6eb9361b2b036d52",
            "1006e5",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1447 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 5,
        message: concat!(
            "410002001000bd0cc1339b29dab5a0445e6df03d3ff201000c0067f3f1226a43",
            "de5a1100000004000f006170302e6578616d706c652e6e657405000600020000",
            "00010082a1bab7c23c6a55c2dc2c1a0e57b513",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1453 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 1,
        message: concat!(
            "410002001000b444c7556f3adcd925d0c463df25ee9201000c002b15b11eb048",
            "351a1100000004000f006170302e6578616d706c652e6e657405000600020000",
            "000100ba64505bef7cecf73b29e5e85c6fb6dcaf3fe6ca2c61e3baa857c1cd4b",
            "e90e0782f9b1bd1e5df62ec269dd9559ea",
        ),
        plain: "07001000d38b0a8f83e6f7a89e828878a693515906000600020000000200",
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1474 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 4,
        message: concat!(
            "310002001000c26e1879ca0ee127730c220cdeb297b104000f006170302e6578",
            "616d706c652e6e657405000600020000000100edceec38ce352398cb41fa3dbd",
            "037a67",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1480 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 5,
        message: concat!(
            "410002001000c26e1879ca0ee127730c220cdeb297b101000c002b15b11eb148",
            "351a1100000004000f006170302e6578616d706c652e6e657405000600020000",
            "000100c53a2059453c048c8413ead981b695f0",
        ),
        plain: "",
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1518 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 2,
        message: concat!(
            "410002001000b444c7556f3adcd925d0c463df25ee9201000c0067f3f1226b43",
            "de5a1100000004000f006170302e6578616d706c652e6e657405000600020000",
            "0001004e11a977dc827406d6874eacda1e25fae7cae39d6711ebc8bf0e2651e1",
            "04e1b58d4a296fc2a00139fb05b6887caf6b5335418ca94369b25fd2b51fa7aa",
            "211a86213fff919076cce84a7798a8bb24fdb98cd3eebcf96841fe321d02fcba",
            "cecd26d1ea4d97426d27cdcd26412af89c0378411d6c",
        ),
        plain: concat!(
            "060006000200000002000a002000012943cffab11b453cab6567c76e6e539776",
            "ad850f662c8394aadaeeaa6b244c09001000d1b6b899661b73eec7d043678343",
            "b5190b00020010000c000200fe740f000500616c696365100000001100040000",
            "000000",
        ),
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1524 (rx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x01, 0x00],
        subtype: 1,
        message: concat!(
            "4100020010001af81b185a04b4bc65cd66e9cef272db01000c002b15b11eb248",
            "351a1100000004000f006170302e6578616d706c652e6e657405000600020000",
            "0001003ccf1c2ccf2560b1ddde9581e068b24e4d6de111e86bea195c02605032",
            "cd7150ec33c1d6b3dbbaae304efe8eec48",
        ),
        plain: "07001000d38b0a8f83e6f7a89e828878a693515906000600020000000200",
    },
    TraceMessage {
        at: "ft-eap/ap0.log:1552 (tx)",
        src: [0x02, 0x00, 0x00, 0x00, 0x00, 0x00],
        subtype: 2,
        message: concat!(
            "4100020010001af81b185a04b4bc65cd66e9cef272db01000c0067f3f1226c43",
            "de5a1100000004000f006170302e6578616d706c652e6e657405000600020000",
            "000100bcbdcd31d1043b304b72a1d92fb5d59dda6103058f285d008cca40e6c9",
            "b2ecd9483e690ce8ab1d85af94498fad1c17045d1bab08c849f9903c3d7e2781",
            "549477b1332adf9e99763a56df6fe80d94ff2f914ee72684c2e9de9f1179c262",
            "e5649d1e1fdeb569ecbbea6ca954549c5de6185e07b7",
        ),
        plain: concat!(
            "060006000200000002000a002000012943cffab11b453cab6567c76e6e539776",
            "ad850f662c8394aadaeeaa6b244c09001000d1b6b899661b73eec7d043678343",
            "b5190b00020010000c000200fe740f000500616c696365100000001100040000",
            "000000",
        ),
    },
];
