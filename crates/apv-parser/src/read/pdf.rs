//! PDF, through `pdftotext -layout` (Debian package `poppler-utils`) when it is installed.
//!
//! The PDF bytes go to `pdftotext` on standard input and its text comes back on standard
//! output, bounded by `ParseOptions::max_file_size` and a time limit; the text then takes the
//! plain-text path. Without `pdftotext` on `PATH` the error says how to install it or to
//! convert the file. Nothing is fetched; no file is written.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::{InputForm, SourceBasis};
use crate::source::SourceText;

/// How long `pdftotext` may run before it is stopped.
pub const TIMEOUT: Duration = Duration::from_secs(120);

const FORM: &str = "PDF";

/// Reads a PDF through `pdftotext` found on the process's `PATH`.
pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<SourceText, ParseError> {
    read_with_path(bytes, name, opts, std::env::var_os("PATH").as_deref())
}

/// Reads a PDF through `pdftotext` found on `path_var` (a `PATH`-style list of directories);
/// `None` or an empty list means it is not installed.
pub fn read_with_path(
    bytes: &[u8],
    name: &str,
    opts: &ParseOptions,
    path_var: Option<&OsStr>,
) -> Result<SourceText, ParseError> {
    let err = |kind| ParseError::new(name, kind);
    if bytes.len() as u64 > opts.max_file_size {
        return Err(err(ErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: opts.max_file_size,
        }));
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        let what = super::detect::describe_magic(bytes)
            .map(|w| format!("; it looks like {w}"))
            .unwrap_or_default();
        return Err(ParseError::malformed(
            name,
            FORM,
            format!("the file does not start with %PDF-{what}"),
        ));
    }
    let Some(program) = find_program(path_var, "pdftotext") else {
        return Err(err(ErrorKind::Unsupported {
            detail: "reading a PDF needs pdftotext, which is not installed: install poppler-utils (apt-get install poppler-utils) or convert the file to text first (pdftotext -layout file.pdf file.txt)".into(),
        }));
    };
    let out = run(&program, bytes, opts.max_file_size)
        .map_err(|detail| ParseError::malformed(name, FORM, detail))?;
    let text = String::from_utf8_lossy(&out).into_owned();
    if !text.chars().any(char::is_alphanumeric) {
        return Err(err(ErrorKind::Unsupported {
            detail: "the PDF holds no text layer (a scanned image?); run OCR on it first or use the CVDR XML or HTML version".into(),
        }));
    }
    let mut source = super::text::read(text.as_bytes(), name, opts)?;
    source.form = InputForm::Pdf;
    source.source_basis = SourceBasis::PdfText;
    Ok(source)
}

/// The first executable file called `program` in a `PATH`-style list.
pub fn find_program(path_var: Option<&OsStr>, program: &str) -> Option<PathBuf> {
    let path_var = path_var?;
    std::env::split_paths(path_var)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(program))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &std::path::Path) -> bool {
    p.is_file()
}

/// Runs `pdftotext -layout - -` with the PDF on stdin; returns its output, at most `limit` bytes.
fn run(program: &std::path::Path, pdf: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut child = Command::new(program)
        .args(["-layout", "-enc", "UTF-8", "-q", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let mut stdin = child.stdin.take().ok_or("no stdin for pdftotext")?;
    let mut stdout = child.stdout.take().ok_or("no stdout for pdftotext")?;
    let mut stderr = child.stderr.take().ok_or("no stderr for pdftotext")?;
    let pdf = pdf.to_vec();
    // A broken pipe here means pdftotext gave up early; its exit status says why.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&pdf);
    });
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let r = (&mut stdout).take(limit + 1).read_to_end(&mut out);
        (out, r)
    });
    let err_reader = std::thread::spawn(move || {
        let mut e = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut e);
        e
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "pdftotext took longer than {} s",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => {
                if reader.is_finished() {
                    // Output over the limit: stop pdftotext rather than wait for it.
                    let _ = child.kill();
                    break child.wait().map_err(|e| e.to_string())?;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(format!("waiting for pdftotext: {e}")),
        }
    };
    let _ = writer.join();
    let (out, read_result) = reader
        .join()
        .map_err(|_| "reading pdftotext output failed")?;
    let err = err_reader.join().unwrap_or_default();
    read_result.map_err(|e| format!("reading pdftotext output: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "pdftotext produced more than {limit} bytes of text"
        ));
    }
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        let first = msg
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(format!("pdftotext could not read it ({status}): {first}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_pdftotext_the_error_says_what_to_do() {
        let opts = ParseOptions::default();
        for path in [
            None,
            Some(OsStr::new("")),
            Some(OsStr::new("/nonexistent-dir")),
        ] {
            let e = read_with_path(b"%PDF-1.4\n", "apv.pdf", &opts, path).unwrap_err();
            assert!(matches!(e.kind, ErrorKind::Unsupported { .. }));
            let msg = e.to_string();
            assert!(msg.starts_with("apv.pdf: "), "{msg}");
            assert!(msg.contains("apt-get install poppler-utils"), "{msg}");
            assert!(!msg.contains('\n'));
        }
    }

    #[test]
    fn a_file_without_the_pdf_header_is_malformed() {
        let e = read_with_path(
            b"\x89PNG\r\n\x1a\n....",
            "scan.pdf",
            &ParseOptions::default(),
            None,
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("does not start with %PDF-"), "{msg}");
        assert!(msg.contains("PNG"), "{msg}");
    }
}
