//! `store::decode`: never panics; a document it accepts serialises and
//! decodes again to the same document, and its sessions can be exported.
#![no_main]

use backwalk::render;
use backwalk::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(document) = store::decode(bytes) else {
        return;
    };
    let again = serde_json::to_vec(&document).expect("a decoded document serialises");
    assert_eq!(store::decode(&again), Ok(document.clone()));
    render::csv::sessions(&document.sessions, document.settings.weight_kg).expect("a decoded store exports");
});
