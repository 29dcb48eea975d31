//! Readers: one module per input form, each turning bytes into a [`SourceText`].
//!
//! [`read`] picks the form ([`ParseOptions::form`] when given, else [`detect_form`]) and
//! dispatches to that form's reader. Adding a form is one match arm in [`read`] plus, where
//! its content can be recognised, one check in [`detect_form`].

pub mod cvdr;
mod decode;
pub mod detect;
pub mod docx;
pub mod html;
mod layout;
mod lines;
pub(crate) mod markdown;
pub mod pdf;
pub mod text;

use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::InputForm;
use crate::source::SourceText;

/// Reads `bytes` (named `name` in errors) into lines of text, in the form given by
/// `opts.form` or detected from the content and the name.
pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<SourceText, ParseError> {
    if bytes.len() as u64 > opts.max_file_size {
        return Err(ParseError::new(
            name,
            ErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: opts.max_file_size,
            },
        ));
    }
    match detect::detect(bytes, name, opts)? {
        InputForm::Text | InputForm::Markdown => text::read(bytes, name, opts),
        InputForm::CvdrXml => cvdr::read(bytes, name, opts),
        InputForm::Html => html::read(bytes, name, opts),
        InputForm::Docx => docx::read(bytes, name, opts),
        InputForm::Pdf => pdf::read(bytes, name, opts),
    }
}

/// Guesses the form of an input from its content, with the file name's extension as a hint.
///
/// Content wins over the name: a `.txt` file holding Markdown headings is Markdown.
pub fn detect_form(bytes: &[u8], name: &str) -> InputForm {
    if let Ok(form) = detect::detect(bytes, name, &ParseOptions::default()) {
        return form;
    }
    let ext = extension(name);
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"%PDF-") {
        return InputForm::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") && ext.as_deref() == Some("docx") {
        return InputForm::Docx;
    }
    if matches!(ext.as_deref(), Some("md" | "markdown")) {
        return InputForm::Markdown;
    }
    // Text and Markdown are told apart by the text reader once the bytes are decoded.
    InputForm::Text
}

/// The lower-cased extension of a file name, if any.
pub fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// A human name for a form, used in messages.
pub fn form_name(form: InputForm) -> &'static str {
    match form {
        InputForm::Text => "plain text",
        InputForm::Markdown => "Markdown",
        InputForm::CvdrXml => "CVDR XML",
        InputForm::Html => "HTML",
        InputForm::Docx => ".docx",
        InputForm::Pdf => "PDF",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content_and_extension() {
        assert_eq!(detect_form(b"%PDF-1.7\n", "x.txt"), InputForm::Pdf);
        assert_eq!(detect_form(b"# Titel\n", "apv.md"), InputForm::Markdown);
        assert_eq!(detect_form(b"Artikel 1\n", "apv.txt"), InputForm::Text);
        assert_eq!(extension("dir.d/apv"), None);
        assert_eq!(extension("a/b/APV.MD").as_deref(), Some("md"));
    }

    #[test]
    fn too_large_is_an_error() {
        let opts = ParseOptions {
            max_file_size: 4,
            form: None,
        };
        let err = read(b"Artikel 1 Begrippen", "big.txt", &opts).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::TooLarge { size: 19, limit: 4 }
        ));
    }
}
