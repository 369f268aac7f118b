//! EAPOL header + EAPOL-Key frame (MIC length 16 or 24) + Key Data items.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roamd_eapol::{
    mic_input, mic_range, write_mic, EapolBody, EapolFrame, EapolKeyRepr, KeyDataItem, KeyDataIter,
};

/// Iterates Key Data; every item that parses re-emits to bytes that parse
/// the same.
fn check_key_data(key_data: &[u8]) {
    let mut count = 0usize;
    for item in KeyDataIter::new(key_data) {
        count += 1;
        assert!(count <= key_data.len(), "iterator does not advance");
        if let Ok(item) = item {
            let mut out = Vec::new();
            item.emit(&mut out).expect("parsed item re-emits");
            let again: Vec<_> = KeyDataIter::new(&out).collect();
            assert_eq!(again, [Ok::<KeyDataItem<'_>, _>(item)]);
        }
    }
    let _ = KeyDataIter::new(key_data).find_element(48);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, frame)) = data.split_first() else {
        return;
    };
    let mic_len = if selector & 1 == 0 { 16 } else { 24 };

    // The raw input as Key Data too, for KDE coverage without a frame.
    check_key_data(frame);

    if let Ok(parsed) = EapolFrame::parse(frame, mic_len) {
        let out = parsed.to_vec(mic_len).expect("parsed frame re-emits");
        assert_eq!(EapolFrame::parse(&out, mic_len).expect("re-emitted frame parses"), parsed);
        if let EapolBody::Key(key) = parsed.body {
            check_key_data(key.key_data);
            // Zeroing and refilling the MIC restores the frame.
            let mut zeroed = mic_input(frame, mic_len).expect("key frame has a mic");
            assert!(zeroed[mic_range(mic_len)].iter().all(|&b| b == 0));
            write_mic(&mut zeroed, key.key_mic).expect("mic fits");
            let reparsed = EapolKeyRepr::parse_frame(&zeroed, mic_len).expect("still parses");
            assert_eq!(reparsed, key);
        }
    }
    let _ = EapolKeyRepr::parse_frame(frame, mic_len);
    let mut copy = frame.to_vec();
    let _ = write_mic(&mut copy, &[0u8; 24][..mic_len]);
});
