//! `parse_duration`: never panics; what it accepts is 1 s to 24 h, and
//! the short form `format_duration` writes reads back to the same value.
#![no_main]

use backwalk::{format_duration, parse_duration};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(duration) = parse_duration(text) else {
        return;
    };
    let seconds = duration.seconds();
    assert!((1..=86_400).contains(&seconds), "{text:?} gave {seconds} s");
    let short = format_duration(seconds.into());
    assert_eq!(parse_duration(&short), Ok(duration), "{text:?} → {short:?}");
});
