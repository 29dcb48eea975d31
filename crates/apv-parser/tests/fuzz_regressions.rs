//! Inputs the fuzz targets (`fuzz/`) found crashing, kept so that they stay fixed.

use apv_parser::ParseOptions;

/// `parse_bytes` must return a document or an error, never panic.
fn survives(bytes: &[u8], name: &str) {
    let _ = apv_parser::parse_bytes(bytes, name, &ParseOptions::default());
}

#[test]
fn an_html_tag_whose_second_character_is_multibyte_does_not_panic() {
    // Found by `parse_bytes` (28-11-2026): a Markdown line with "<ÿ…" made the `<br>` check of
    // normalisation slice inside the 'ÿ'.
    let found = include_bytes!("../../../fixtures/parser/fuzz/crash-html-tag-multibyte.bin");
    survives(found, "crash.md");
    let text = "Artikel 1 Titel\nHet is verboden <ÿa> en <ébr> te doen.\n";
    let doc = apv_parser::parse_text(text, "tag.txt").expect("the article is read");
    assert_eq!(doc.articles().count(), 1);
}
