//! The HTML reader on arbitrary bytes: never panics, renders one origin per line and no
//! empty lines, and what it renders builds into a document that holds the invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    let opts = apv_parser::ParseOptions::default();
    let Ok(source) = apv_parser::read::html::read(data, "fuzz.html", &opts) else {
        return;
    };
    let lines = if source.text.is_empty() {
        0
    } else {
        source.text.split('\n').count()
    };
    assert_eq!(
        source.line_origin.len(),
        lines,
        "one origin per rendered line"
    );
    assert!(
        source
            .text
            .split('\n')
            .all(|l| source.text.is_empty() || !l.trim().is_empty()),
        "no empty rendered lines"
    );
    if let Ok(doc) = apv_parser::build(source, "fuzz.html") {
        check::document(&doc);
    }
});
