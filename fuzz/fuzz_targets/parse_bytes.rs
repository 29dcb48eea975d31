//! `parse_bytes` on arbitrary bytes (every reader, detection, encoding fallback): never panics.
//! The first byte picks the file name, so that the extension hint reaches every reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

const NAMES: [&str; 7] = [
    "fuzz.txt",
    "fuzz.md",
    "fuzz.xml",
    "fuzz.html",
    "fuzz.docx",
    "fuzz.pdf",
    "fuzz",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let opts = apv_parser::ParseOptions::default();
    if let Ok(doc) = apv_parser::parse_bytes(bytes, name, &opts) {
        check::document(&doc);
    }
});
