//! `store::decode`: never panics; a document it accepts encodes and
//! decodes again to the same document, and its sessions export as CSV.
#![no_main]

use backwalk::{csv_sessions, decode_store, encode_store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(document) = decode_store(bytes) else {
        return;
    };
    let again = encode_store(&document);
    assert_eq!(decode_store(&again), Ok(document.clone()));
    csv_sessions(document.sessions.iter().map(|s| (s, None))).expect("a decoded store exports");
});
