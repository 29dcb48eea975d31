//! Errors: why an input could not be turned into a document at all.
//!
//! Messy input is not an error (it gives a tree plus [`crate::Warning`]s). An error means the
//! file is unreadable, not text, not a supported form, damaged, too large, or holds no APV
//! structure. Every error renders as one line that names the file and the problem.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An input that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file (or `<stdin>`, or a test's name) the error is about.
    pub path: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl ParseError {
    /// An error about `path`.
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Self {
        Self {
            path: path.into(),
            kind,
        }
    }

    /// An error about `path`: its bytes are not valid `form` (".docx", "HTML", "CVDR XML" …).
    pub fn malformed(path: impl Into<String>, form: &str, detail: impl Into<String>) -> Self {
        Self::new(
            path,
            ErrorKind::Malformed {
                form: form.into(),
                detail: detail.into(),
            },
        )
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for ParseError {}

/// Why an input could not be parsed. The report of a scan names unreadable files with these
/// kinds too (its JSON: `{"problem": "too_large", "size": …, "limit": …}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// There is no such file.
    NotFound,
    /// Reading the file is not allowed.
    NoPermission,
    /// The file could not be read for another reason (a directory, an input/output failure).
    Io {
        /// What went wrong, in one line.
        detail: String,
    },
    /// The file is empty or holds only white space.
    Empty,
    /// The bytes are not text (NUL bytes, an image, an executable); `what` says what was seen.
    Binary {
        /// What the bytes look like ("PNG image", "NUL bytes at offset 12").
        what: String,
    },
    /// The file is larger than the configured limit.
    TooLarge {
        /// Size in bytes (or uncompressed size for archives).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file claims a form but is damaged (truncated XML, a .docx that is not a zip).
    Malformed {
        /// The form that was being read ("CVDR XML", ".docx").
        form: String,
        /// What is wrong, in one line.
        detail: String,
    },
    /// A form that cannot be read here (a PDF without `pdftotext`), with what to do instead.
    Unsupported {
        /// What is missing and how to get around it, in one line.
        detail: String,
    },
    /// The text holds no APV structure (no articles were found); `seen` says what it looked like.
    NoStructure {
        /// A short description of what was seen instead.
        seen: String,
    },
}

impl ErrorKind {
    /// The kind of an input/output error.
    pub fn from_io(e: &std::io::Error) -> ErrorKind {
        match e.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied => ErrorKind::NoPermission,
            _ => {
                let s = e.to_string();
                let detail = match s.find(" (os error") {
                    Some(i) => s[..i].to_lowercase(),
                    None => s,
                };
                ErrorKind::Io { detail }
            }
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::NotFound => write!(f, "cannot read file: no such file"),
            ErrorKind::NoPermission => write!(f, "cannot read file: permission denied"),
            ErrorKind::Io { detail } => write!(f, "cannot read file: {detail}"),
            ErrorKind::Empty => write!(f, "the file is empty"),
            ErrorKind::Binary { what } => write!(f, "not a text document ({what})"),
            ErrorKind::TooLarge { size, limit } => write!(
                f,
                "the file is too large ({size} bytes; the limit is {limit} bytes, see --max-file-size)"
            ),
            ErrorKind::Malformed { form, detail } => write!(f, "damaged {form}: {detail}"),
            ErrorKind::Unsupported { detail } => write!(f, "{detail}"),
            ErrorKind::NoStructure { seen } => {
                write!(f, "no APV structure found (no articles); {seen}")
            }
        }
    }
}
