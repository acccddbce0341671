//! `store::decode`: never panics; a document it accepts encodes and
//! decodes again to the same document, and its sessions export as CSV.
#![no_main]

use backwalk::render;
use backwalk::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(document) = store::decode(bytes) else {
        return;
    };
    let again = store::encode(&document);
    assert_eq!(store::decode(&again), Ok(document.clone()));
    render::csv::sessions(document.sessions.iter().map(|s| (s, None))).expect("a decoded store exports");
});
