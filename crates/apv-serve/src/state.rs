//! What the server holds: the rule set, the nulmeting of the folder it was started on, and the
//! drafts uploaded since (in memory only, the oldest dropped first).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use apv_report::diff::{self, RunDiff};
use apv_report::render::html::slug;
use apv_report::{Base, Report, ReportOptions};
use apv_rules::RuleSet;
use apv_rules::{FileProblem, Notice};
use rayon::prelude::*;

use crate::analysis::{self, Analysis, Upload};

/// At most this many drafts are kept; uploading one more forgets the oldest.
pub const MAX_DRAFTS: usize = 64;

/// Folders nested deeper than this inside a municipality's folder are not read.
const MAX_DEPTH: usize = 8;

/// An uploaded draft and, when it is a newer version of an earlier upload, what changed.
#[derive(Debug)]
pub struct Draft {
    /// Unguessable id, used in the draft's address.
    pub id: String,
    /// Documents and verdicts.
    pub analysis: Analysis,
    /// The id of the version this one follows, when there is one.
    pub previous: Option<String>,
    /// What changed per requirement since the previous version.
    pub changes: Option<RunDiff>,
}

/// The drafts kept in memory, newest last.
#[derive(Debug, Default)]
pub struct Drafts {
    list: Mutex<VecDeque<Arc<Draft>>>,
}

impl Drafts {
    /// The draft with this id, when it is still kept.
    pub fn get(&self, id: &str) -> Option<Arc<Draft>> {
        let list = self.list.lock().unwrap_or_else(|e| e.into_inner());
        list.iter().find(|d| d.id == id).cloned()
    }

    /// Keeps a draft, forgetting the oldest when [`MAX_DRAFTS`] are kept already.
    pub fn insert(&self, draft: Draft) -> Arc<Draft> {
        let draft = Arc::new(draft);
        let mut list = self.list.lock().unwrap_or_else(|e| e.into_inner());
        if list.len() >= MAX_DRAFTS {
            list.pop_front();
        }
        list.push_back(Arc::clone(&draft));
        draft
    }
}

/// What changed between two versions of a draft, requirement by requirement (the logic of
/// `apv diff`, which matches evidence on article and words, not on file names). The older
/// version is compared under the newer one's name.
pub fn version_changes(old: &Analysis, new: &Analysis) -> RunDiff {
    let mut old_report = old.report.clone();
    for m in &mut old_report.municipalities {
        m.name = new.name.clone();
    }
    diff::diff(&old_report, &new.report)
}

/// The nulmeting of a folder: one analysis per municipality and the report over all of them.
#[derive(Debug)]
pub struct Nulmeting {
    /// The folder.
    pub dir: PathBuf,
    /// The report over all municipalities (matrix, harmonisation, waterbed).
    pub report: Report,
    /// Per municipality, in report order: its address slug and its analysis.
    pub municipalities: Vec<(String, Analysis)>,
}

impl Nulmeting {
    /// Reads every municipality folder of `dir` (one folder per municipality, its name the
    /// municipality's) and checks it. Fails when `dir` cannot be read or has no such folder.
    pub fn load(dir: &Path, rules: &RuleSet, max_file_size: u64) -> Result<Nulmeting, String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read the folder: {e}", dir.display()))?;
        let mut folders: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(name, _)| !is_hidden(name))
            .collect();
        if folders.is_empty() {
            return Err(format!(
                "{}: no municipality folders (expected one folder of documents per municipality)",
                dir.display()
            ));
        }
        folders.sort();
        let mut analyses: Vec<Analysis> = folders
            .par_iter()
            .map(|(name, path)| {
                let (files, notices) = read_folder(path, max_file_size);
                analysis::analyse(rules, Some(name), &files, notices, max_file_size)
            })
            .collect();
        let report = Report::build(
            analyses.iter().map(|a| a.scan.clone()).collect(),
            ReportOptions::for_rules(rules, Base::Model),
        )
        .map_err(|e| format!("{}: {e}", dir.display()))?;
        // The report sorts municipalities by name; keep the analyses in the same order.
        let mut municipalities = Vec::new();
        let mut taken: Vec<String> = Vec::new();
        for m in &report.municipalities {
            let index = analyses
                .iter()
                .position(|a| a.name == m.name)
                .expect("every report column comes from an analysis");
            let a = analyses.swap_remove(index);
            let mut s = slug(&a.name);
            let base = s.clone();
            let mut n = 1;
            while taken.contains(&s) {
                n += 1;
                s = format!("{base}-{n}");
            }
            taken.push(s.clone());
            municipalities.push((s, a));
        }
        Ok(Nulmeting {
            dir: dir.to_path_buf(),
            report,
            municipalities,
        })
    }

    /// The analysis of the municipality with this slug.
    pub fn municipality(&self, slug: &str) -> Option<&Analysis> {
        self.municipalities
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, a)| a)
    }

    /// The slug of a municipality by name.
    pub fn slug_of(&self, name: &str) -> Option<&str> {
        self.municipalities
            .iter()
            .find(|(_, a)| a.name == name)
            .map(|(s, _)| s.as_str())
    }
}

/// The files of a municipality folder and its sub-folders (sorted by path, hidden ones skipped),
/// named by their path inside the folder, and notices about what could not be read.
fn read_folder(dir: &Path, max_file_size: u64) -> (Vec<Upload>, Vec<Notice>) {
    let mut paths = Vec::new();
    let mut notices = Vec::new();
    collect(dir, 0, &mut paths, &mut notices);
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > max_file_size {
            notices.push(Notice::Unreadable {
                file: name,
                problem: FileProblem::TooLarge {
                    size,
                    limit: max_file_size,
                },
            });
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => files.push(Upload { name, bytes }),
            Err(e) => notices.push(Notice::Unreadable {
                file: name,
                problem: FileProblem::from_io(&e),
            }),
        }
    }
    if files.is_empty() && notices.is_empty() {
        notices.push(Notice::EmptyFolder {
            folder: dir.display().to_string(),
        });
    }
    (files, notices)
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, notices: &mut Vec<Notice>) {
    if depth > MAX_DEPTH {
        notices.push(Notice::TooDeep {
            folder: dir.display().to_string(),
            limit: MAX_DEPTH,
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            notices.push(Notice::Unreadable {
                file: dir.display().to_string(),
                problem: FileProblem::from_io(&e),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        if is_hidden(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        // Symbolic links are not followed: a link cannot lead outside the folder or loop.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, depth + 1, out, notices);
        } else if kind.is_file() {
            out.push(path);
        }
    }
}

/// Hidden and system files that are never documents.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}
