//! Which files a command reads: the documents of a folder and its sub-folders, hidden and
//! system files skipped, loops and deep nesting refused with a notice for the report.

use std::path::{Path, PathBuf};

use apv_rules::{FileProblem, Notice};

/// Folders nested deeper than this inside a municipality's folder are not read (a guard against
/// symbolic-link loops); the report says so.
const MAX_DEPTH: usize = 8;

/// The reserved name of the file of accepted findings beside a municipality's documents; it is
/// never read as a document.
pub const DECISIONS_FILE: &str = apv_report::decisions::FILE_NAME;

/// The recorded decisions in the decisions file of `folder` (the folder of `path`, when it is a
/// file); none when there is no such file. An unreadable or malformed file is an error that
/// names it.
pub fn decisions(path: &Path) -> anyhow::Result<Vec<apv_report::decisions::Decision>> {
    let folder = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    };
    let file = folder.join(DECISIONS_FILE);
    if !file.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| anyhow::anyhow!("{}: kan niet worden gelezen ({e})", file.display()))?;
    apv_report::decisions::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// The documents of `path`: the file itself, or the files of a folder and its sub-folders
/// (sorted by path, hidden ones skipped). Problems met on the way become notices.
pub fn documents(path: &Path, notices: &mut Vec<Notice>) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    // Folders already read, and the folders above: a link to one of them is a loop.
    let mut seen: Vec<PathBuf> = std::fs::canonicalize(path)
        .map(|p| p.ancestors().map(Path::to_path_buf).collect())
        .unwrap_or_default();
    collect_files(path, 0, &mut files, notices, &mut seen);
    files.sort();
    if files.is_empty() {
        notices.push(Notice::EmptyFolder {
            folder: path.display().to_string(),
        });
    }
    files
}

fn collect_files(
    dir: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
    notices: &mut Vec<Notice>,
    seen: &mut Vec<PathBuf>,
) {
    if depth > MAX_DEPTH {
        notices.push(Notice::TooDeep {
            folder: dir.display().to_string(),
            limit: MAX_DEPTH,
        });
        return;
    }
    let unreadable = |path: &Path, err: &std::io::Error| Notice::Unreadable {
        file: path.display().to_string(),
        problem: FileProblem::from_io(err),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            notices.push(unreadable(dir, &err));
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) if is_hidden(&entry.file_name().to_string_lossy()) => {}
            Ok(entry) => {
                let path = entry.path();
                if path.is_dir() {
                    match std::fs::canonicalize(&path) {
                        Ok(real) if seen.contains(&real) => notices.push(Notice::FolderLoop {
                            folder: path.display().to_string(),
                            target: real.display().to_string(),
                        }),
                        Ok(real) => {
                            seen.push(real);
                            collect_files(&path, depth + 1, files, notices, seen);
                        }
                        Err(err) => notices.push(unreadable(&path, &err)),
                    }
                } else if path.is_file() {
                    files.push(path);
                }
            }
            Err(err) => notices.push(unreadable(dir, &err)),
        }
    }
}

/// Files that are never documents: dot files, Office lock files (`~$…`), `Thumbs.db`,
/// `desktop.ini`, and the reserved file of accepted findings.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name.eq_ignore_ascii_case(DECISIONS_FILE)
}

/// Whether `path` (an entry of `dir`) leads back to `dir` or a folder above it.
pub fn contains_itself(dir: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(dir), std::fs::canonicalize(path)) {
        (Ok(dir), Ok(real)) => dir.starts_with(&real),
        _ => false,
    }
}
