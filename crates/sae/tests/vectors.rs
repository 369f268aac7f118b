//! Known-answer vectors.
//!
//! - IEEE Std 802.11-2020 Annex J.10 as hostapd carries them in `sae_tests()`
//!   (`src/common/common_module_tests.c`): group 19 hunting-and-pecking commit, KCK, PMK and
//!   PMKID from fixed rand and mask; group 19 hash-to-element PT -> PWE.
//! - RFC 9380 Appendix J.1.1, J.2.1, J.3.1 (`P256_XMD:SHA-256_SSWU_RO_`,
//!   `P384_XMD:SHA-384_SSWU_RO_`, `P521_XMD:SHA-512_SSWU_RO_`): u0 -> Q0 and u1 -> Q1,
//!   the simplified SWU map alone. SAE's H2E uses the map with its own hash-to-field, so
//!   these pin the map's Z and sign (sgn0) conventions, which must be the RFC's.

use elliptic_curve::ff::PrimeField;
use elliptic_curve::hash2curve::MapToCurve;
use elliptic_curve::sec1::ToEncodedPoint;
use elliptic_curve::FieldBytes;
use primeorder::PrimeCurveParams;
use roamd_sae::vectors::{self, Station, StationParams};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace([' ', '\n'], "")).unwrap()
}

const ADDR1: [u8; 6] = [0x4d, 0x3f, 0x2f, 0xff, 0xe3, 0x87];
const ADDR2: [u8; 6] = [0xa5, 0xd8, 0xaa, 0x95, 0x8e, 0x3c];
const PASSWORD: &[u8] = b"mekmitasdigoat";

#[test]
fn annex_j_group19_hunting_and_pecking_commit_and_keys() {
    let rand = h("992465fd3daa3c60aa6565b7f62a2a7f2e12dd12f198faf4fbed89d7ff1ace94");
    let mask = h("9507a90f777a044d6a0830b91ea3d5dd70bece44e1acffb86983b5e1bf9fb322");
    let local_commit = h(
        "1300 2e2c0f0db52440ad146d967114ce005ce1eab0aa2c2e5c2871b774f6c2575c65
        d5ad9e00829707aa36ba8b859738fc961d08243505f47c035376d7ac4bc8d7b95083bf43827d0fc31ed7
        78dd3671fd21a46d1091d64b6f9a1e1272621325dbe1",
    );
    let peer_commit = h(
        "1300 591b96f3397fb945100848e7b550543b6720d88337ee93fc49fd6df7e08b5223
        e71b9bb048d3873f20556953a96c91536fd8ee6ca9b4a68a148b056a909be03e83ae208f60f8ef553785
        8074db06687032399862999b511e0a1552a5fea317c2",
    );
    let params = StationParams {
        group: 19,
        h2e: false,
        ssid: b"",
        password: PASSWORD,
        identifier: None,
        rejected_groups: &[],
        own: ADDR1,
        peer: ADDR2,
    };
    let mut local = Station::with_rand_mask(&params, &rand, &mask).unwrap();
    assert_eq!(
        hex::encode(local.commit_body(None)),
        hex::encode(&local_commit)
    );
    local
        .process_peer(&peer_commit[2..34], &peer_commit[34..])
        .unwrap();
    let (kck, pmk, pmkid) = local.keys().unwrap();
    assert_eq!(
        hex::encode(kck),
        "1e733f6d9bd53256287304338831b09a39406d121017073a5c30db36f36cb81a"
    );
    assert_eq!(
        hex::encode(pmk),
        "4e4dfab1a2dd8ac1a91790f953faaa452ae5c6873ab75b63605ba663f8a7fe59"
    );
    assert_eq!(hex::encode(pmkid), "8747a600eea3f9f22475df58ca1e5498");
}

#[test]
fn annex_j_group19_hash_to_element_pwe() {
    let addr1 = [0x00, 0x09, 0x5b, 0x66, 0xec, 0x1e];
    let addr2 = [0x00, 0x0b, 0x6b, 0xd9, 0x02, 0x46];
    let pwe =
        vectors::pwe_from_pt(19, b"byteme", PASSWORD, Some(b"psk4internet"), addr1, addr2).unwrap();
    assert_eq!(
        hex::encode(pwe),
        "c93049b9e64000f848201649e999f2b5c22dea69b5632c9df4d633b8aa1f6c1e\
         73634e94b53d82e7383a8d258199d9dc1a5ee8269d060382ccbf33e614ff59a0"
    );
    // The address order does not matter (MAX || MIN).
    let swapped =
        vectors::pwe_from_pt(19, b"byteme", PASSWORD, Some(b"psk4internet"), addr2, addr1);
    assert_eq!(
        swapped.map(hex::encode),
        Some(hex::encode(h(
            "c93049b9e64000f848201649e999f2b5c22dea69b5632c9df4d633b8aa1f6c1e\
         73634e94b53d82e7383a8d258199d9dc1a5ee8269d060382ccbf33e614ff59a0"
        )))
    );
}

#[test]
fn hunting_and_pecking_pwe_is_symmetric_and_on_every_group() {
    for group in [19, 20, 21] {
        let a = vectors::hunting_and_pecking_pwe(group, PASSWORD, ADDR1, ADDR2).unwrap();
        let b = vectors::hunting_and_pecking_pwe(group, PASSWORD, ADDR2, ADDR1).unwrap();
        assert_eq!(a, b);
        let other = vectors::hunting_and_pecking_pwe(group, b"other", ADDR1, ADDR2).unwrap();
        assert_ne!(a, other);
        let pt = vectors::pt(group, b"byteme", PASSWORD, None).unwrap();
        assert_ne!(
            pt,
            vectors::pt(group, b"byteme", PASSWORD, Some(b"id")).unwrap()
        );
    }
}

/// Groups 20 and 21 have no published SAE vector in hostapd's tests. These were computed by
/// an independent big-integer transcription of hostapd's `sae.c` (Python, plain modular
/// arithmetic; `tests/reference/hostapd_sae.py`), which reproduces the group 19 Annex J PWE
/// above byte for byte. They pin the P-521 521-bit shift of hunting-and-pecking, the 72- and
/// 99-octet H2E pwd-value reduction and val mod (r - 1) + 1 on the larger groups.
#[test]
fn transcribed_hostapd_vectors_groups_19_to_21() {
    let addr1 = [0x00, 0x09, 0x5b, 0x66, 0xec, 0x1e];
    let addr2 = [0x00, 0x0b, 0x6b, 0xd9, 0x02, 0x46];
    let id = Some(&b"psk4internet"[..]);
    assert_eq!(
        vectors::hunting_and_pecking_pwe(19, PASSWORD, ADDR1, ADDR2)
            .map(hex::encode)
            .unwrap(),
        "da6eb7b06a1ac5624974f90afdd6a8e9d5722634cf987c34defc91a9874e5658\
         f4fefd130bd5be08fe68af3e4a290272ec065fd3671f3c25bf8ec419ddc9b822"
    );
    assert_eq!(
        vectors::pt(19, b"byteme", PASSWORD, id)
            .map(hex::encode)
            .unwrap(),
        "b6e38c98750c684b5d17c3d8c9a4100b39931279187ca6cced5f37ef46ddfa97\
         5687e972e50f73e3898861e7edad21bea7d5f622df88243bb804920ae8e647fa"
    );
    assert_eq!(
        vectors::pwe_from_pt(19, b"byteme", PASSWORD, id, addr1, addr2)
            .map(hex::encode)
            .unwrap(),
        "c93049b9e64000f848201649e999f2b5c22dea69b5632c9df4d633b8aa1f6c1e\
         73634e94b53d82e7383a8d258199d9dc1a5ee8269d060382ccbf33e614ff59a0"
    );
    assert_eq!(
        vectors::hunting_and_pecking_pwe(20, PASSWORD, ADDR1, ADDR2)
            .map(hex::encode)
            .unwrap(),
        "8fdf12ec95ba0290fbea732470ece9f83245a82c0afc14a9998744d117d6f0b4\
         398c9133ac5871ccce9c6c091625566fc71b54c2e6537eb78203ca60d1ebd58b\
         abe0e0621687b486dd44023920311353595f551089b668b8592dd4a04a86786e"
    );
    assert_eq!(
        vectors::pt(20, b"byteme", PASSWORD, id)
            .map(hex::encode)
            .unwrap(),
        "c20f7de2ff2c6a2482c81aeaa525fb969c0897cec0f05f32942c3dcd4f3a3c83\
         ac68a9ad918eb4b0ac068c9fef93f5847e9bc499f475bc3fe4f345bb14007dab\
         dc7568f7f74f3e5dbb046475903736a395f3570d2c778dc96641d8d2910c75e8"
    );
    assert_eq!(
        vectors::pwe_from_pt(20, b"byteme", PASSWORD, id, addr1, addr2)
            .map(hex::encode)
            .unwrap(),
        "aeb85bd3dfe654a7940fb328b39db8e0b20ea289465d8b68d184bd8e98e2c419\
         165a31eac7d9091d196ed9066d12c3fbf0a27ca78906cab38d3be51601a08127\
         ccf5b68ac5f3854e7efb521eac433030feb681650dc88980efdf542bd4bfaf00"
    );
    assert_eq!(
        vectors::hunting_and_pecking_pwe(21, PASSWORD, ADDR1, ADDR2)
            .map(hex::encode)
            .unwrap(),
        "014d23eaef5b1a7ff7c81d04aa778774acae9e4a96a57b3924c16e1853d3cb2f\
         8a3bb91e762158a537ac5a2bad9e22960462168d37f7790c116c003a8be91e9a\
         037d0108b8bfaa12b59f3a43050016dd884118f325c624de9a918561ca2f7e73\
         bbfe397339d2ca9864aaa8c80d66da4689fe6610bf692e302885621d0815e5f1\
         aef2f48a"
    );
    assert_eq!(
        vectors::pt(21, b"byteme", PASSWORD, id)
            .map(hex::encode)
            .unwrap(),
        "0055fa9b73212b56b6c31861fad6d6bd79cf613a14d3e39de7f81f213f31977c\
         3959991a7e54492359b1e0920c67e7698e4ceaf07695c749fb2bf65166f7cc5d\
         e60c009080882b71f2bd7f5eca80ca6c1e1156b791d7561047783d2c8408070b\
         35a5fc467d13d8813efee38f188429c07f4eb09da9f09d115c1ad86df333b556\
         d0b2199d"
    );
    assert_eq!(
        vectors::pwe_from_pt(21, b"byteme", PASSWORD, id, addr1, addr2)
            .map(hex::encode)
            .unwrap(),
        "00d8991b493a965a97f163c3b1197715ea9d2191f31c0f5e8828d729769cfb52\
         0ecc9719288aefa5d93287f3083fb837a7dff08f19227f5bebe546ea23fc175e\
         fa88008f400b544c5c755570fbbf7ba77fac7ab647fe2142cfd44197ddfe0bc2\
         10a7222dc8d58de93a49c868929d2c28ae608a87f9035f04035d1ebcd7b84984\
         1bb27d85"
    );
}

/// u -> (x, y) through the same `MapToCurve` the crate's H2E calls.
fn map<C>(u: &[u8]) -> Vec<u8>
where
    C: PrimeCurveParams,
    C::FieldElement: MapToCurve<Output = primeorder::ProjectivePoint<C>>,
    primeorder::AffinePoint<C>: ToEncodedPoint<C>,
    elliptic_curve::FieldBytesSize<C>: elliptic_curve::sec1::ModulusSize,
{
    let u = C::FieldElement::from_repr(FieldBytes::<C>::clone_from_slice(u)).unwrap();
    let p = u.map_to_curve().to_affine().to_encoded_point(false);
    [p.x().unwrap().as_slice(), p.y().unwrap().as_slice()].concat()
}

#[test]
fn rfc9380_sswu_map_p256() {
    // J.1.1, msg = "" and "abc".
    for (u, q) in [
        (
            "ad5342c66a6dd0ff080df1da0ea1c04b96e0330dd89406465eeba11582515009",
            "ab640a12220d3ff283510ff3f4b1953d09fad35795140b1c5d64f313967934d5\
          dccb558863804a881d4fff3455716c836cef230e5209594ddd33d85c565b19b1",
        ),
        (
            "8c0f1d43204bd6f6ea70ae8013070a1518b43873bcd850aafa0a9e220e2eea5a",
            "51cce63c50d972a6e51c61334f0f4875c9ac1cd2d3238412f84e31da7d980ef5\
          b45d1a36d00ad90e5ec7840a60a4de411917fbe7c82c3949a6e699e5a1b66aac",
        ),
        (
            "afe47f2ea2b10465cc26ac403194dfb68b7f5ee865cda61e9f3e07a537220af1",
            "5219ad0ddef3cc49b714145e91b2f7de6ce0a7a7dc7406c7726c7e373c58cb48\
          7950144e52d30acbec7b624c203b1996c99617d0b61c2442354301b191d93ecf",
        ),
    ] {
        assert_eq!(hex::encode(map::<p256::NistP256>(&h(u))), q);
    }
}

#[test]
fn rfc9380_sswu_map_p384() {
    // J.2.1, msg = "" and "abc".
    for (u, q) in [
        ("25c8d7dc1acd4ee617766693f7f8829396065d1b447eedb155871feffd9c6653279ac7e5c46edb7010a0e4ff64c9f3b4",
         "e4717e29eef38d862bee4902a7d21b44efb58c464e3e1f0d03894d94de310f8ffc6de86786dd3e15a1541b18d4eb2846\
          6b95a6e639822312298a47526bb77d9cd7bcf76244c991c8cd70075e2ee6e8b9a135c4a37e3c0768c7ca871c0ceb53d4"),
        ("59428be4ed69131df59a0c6a8e188d2d4ece3f1b2a3a02602962b47efa4d7905945b1e2cc80b36aa35c99451073521ac",
         "509527cfc0750eedc53147e6d5f78596c8a3b7360e0608e2fab0563a1670d58d8ae107c9f04bcf90e89489ace5650efd\
          33337b13cb35e173fdea4cb9e8cce915d836ff57803dbbeb7998aa49d17df2ff09b67031773039d09fbd9305a1566bc4"),
        ("53350214cb6bef0b51abb791b1c4209a2b4c16a0c67e1ab1401017fad774cd3b3f9a8bcdf7f6229dd8dd5a075cb149a0",
         "fc853b69437aee9a19d5acf96a4ee4c5e04cf7b53406dfaa2afbdd7ad2351b7f554e4bbc6f5db4177d4d44f933a8f6ee\
          7e042547e01834c9043b10f3a8221c4a879cb156f04f72bfccab0c047a304e30f2aa8b2e260d34c4592c0c33dd0c6482"),
    ] {
        assert_eq!(hex::encode(map::<p384::NistP384>(&h(u))), q);
    }
}

#[test]
fn rfc9380_sswu_map_p521() {
    // J.3.1, msg = "" and "abc".
    for (u, q) in [
        ("01e5f09974e5724f25286763f00ce76238c7a6e03dc396600350ee2c4135fb17dc555be99a4a4bae0fd303d4f66d984ed7b6a3ba386093752a855d26d559d69e7e9e",
         "00b70ae99b6339fffac19cb9bfde2098b84f75e50ac1e80d6acb954e4534af5f0e9c4a5b8a9c10317b8e6421574bae2b133b4f2b8c6ce4b3063da1d91d34fa2b3a3c\
          007f368d98a4ddbf381fb354de40e44b19e43bb11a1278759f4ea7b485e1b6db33e750507c071250e3e443c1aaed61f2c28541bb54b1b456843eda1eb15ec2a9b36e"),
        ("00ae593b42ca2ef93ac488e9e09a5fe5a2f6fb330d18913734ff602f2a761fcaaf5f596e790bcc572c9140ec03f6cccc38f767f1c1975a0b4d70b392d95a0c7278aa",
         "01143d0e9cddcdacd6a9aafe1bcf8d218c0afc45d4451239e821f5d2a56df92be942660b532b2aa59a9c635ae6b30e803c45a6ac871432452e685d661cd41cf67214\
          00ff75515df265e996d702a5380defffab1a6d2bc232234c7bcffa433cd8aa791fbc8dcf667f08818bffa739ae25773b32073213cae9a0f2a917a0b1301a242dda0c"),
        ("003d00c37e95f19f358adeeaa47288ec39998039c3256e13c2a4c00a7cb61a34c8969472960150a27276f2390eb5e53e47ab193351c2d2d9f164a85c6a5696d94fe8",
         "01b254e1c99c835836f0aceebba7d77750c48366ecb07fb658e4f5b76e229ae6ca5d271bb0006ffcc42324e15a6d3daae587f9049de2dbb0494378ffb60279406f56\
          01845f4af72fc2b1a5a2fe966f6a97298614288b456cfc385a425b686048b25c952fbb5674057e1eb055d04568c0679a8e2dda3158dc16ac598dbb1d006f5ad915b0"),
    ] {
        assert_eq!(hex::encode(map::<p521::NistP521>(&h(u))), q);
    }
}
