//! Every example configuration in `config/` is valid: an operator copies
//! them, so a change to the configuration types must keep them working.

use std::path::Path;

#[test]
fn every_example_in_config_is_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("config/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            if let Err(e) = roamd_config::Config::load(&path) {
                panic!("{}: {e}", path.display());
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 6,
        "only {checked} examples found in {}",
        dir.display()
    );
}
