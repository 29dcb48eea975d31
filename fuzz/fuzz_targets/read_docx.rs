//! The .docx reader on arbitrary bytes: never panics, renders one origin per line and no
//! empty lines, and what it renders builds into a document that holds the invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    check::reader(apv_parser::InputForm::Docx, data, "fuzz.docx");
});
