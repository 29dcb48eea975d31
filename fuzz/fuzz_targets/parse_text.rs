//! `parse_text` on arbitrary UTF-8: never panics, and what it returns holds the model's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|text: &str| {
    if let Ok(doc) = apv_parser::parse_text(text, "fuzz.txt") {
        check::document(&doc);
    }
});
