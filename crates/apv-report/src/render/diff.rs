//! What changed between two runs, as text for the terminal: a summary per municipality, then
//! each change with the words that came and went.

use std::fmt::Write;

use apv_rules::{Evidence, RuleSetInfo, Status};

use super::notice::notice_nl;
use super::{RenderOptions, short_hash, shorten};
use crate::diff::{ChangeKind, Direction, RunDiff};
use crate::model::percent;

/// Renders the diff as Dutch text.
pub fn render_text(diff: &RunDiff, options: &RenderOptions) -> String {
    let mut out = String::new();
    let arrow = if options.ascii { "->" } else { "→" };
    let info = |r: &RuleSetInfo| format!("{} {} ({})", r.id, r.version, short_hash(&r.hash));
    if diff.old_rule_set != diff.new_rule_set {
        let _ = writeln!(
            out,
            "Regelset: {} {arrow} {}\n",
            info(&diff.old_rule_set),
            info(&diff.new_rule_set)
        );
    }

    for summary in &diff.summary {
        let name = summary.municipality.as_str();
        let changes = summary.better + summary.worse + summary.neutral;
        let share = |s: Option<f64>| s.map(percent).unwrap_or_else(|| "-".to_string());
        let _ = write!(out, "{name}: ");
        if changes == 0 {
            let _ = write!(out, "geen wijzigingen");
        } else {
            let _ = write!(
                out,
                "{} beter, {} slechter, {} anders gewijzigd",
                summary.better, summary.worse, summary.neutral
            );
        }
        let _ = writeln!(
            out,
            " (aandeel voldoet {} {arrow} {})",
            share(summary.old_share_met),
            share(summary.new_share_met)
        );
        for c in diff
            .municipalities
            .iter()
            .filter(|c| c.municipality == name)
        {
            let what = match &c.what {
                ChangeKind::Added => "nieuw in deze run".to_string(),
                ChangeKind::Removed => "ontbreekt in de nieuwe run".to_string(),
                ChangeKind::NoticeAdded { notice } => format!("nieuw: {}", notice_nl(notice)),
                ChangeKind::NoticeRemoved { notice } => {
                    format!("opgelost: {}", notice_nl(notice))
                }
                ChangeKind::DecisionOutdated { decision } => {
                    format!(
                        "besluit bij {}: {}",
                        decision.requirement,
                        decision.summary_nl()
                    )
                }
            };
            let _ = writeln!(out, "  [{}] {what}", c.direction.label_nl());
        }
        for c in diff.verdicts.iter().filter(|c| c.municipality == name) {
            let status = |s: Option<Status>| s.map(|s| s.label_nl()).unwrap_or("geen oordeel");
            let _ = writeln!(
                out,
                "  [{}] {} {}: {} {arrow} {}",
                c.direction.label_nl(),
                c.requirement,
                c.title,
                status(c.old_status),
                status(c.new_status)
            );
            if c.old_articles != c.new_articles {
                let list = |a: &[String]| {
                    if a.is_empty() {
                        "-".to_string()
                    } else {
                        a.join(", ")
                    }
                };
                let _ = writeln!(
                    out,
                    "      artikelen: {} {arrow} {}",
                    list(&c.old_articles),
                    list(&c.new_articles)
                );
            }
            if !c.missing_added.is_empty() {
                let _ = writeln!(out, "      ontbreekt nu: {}", c.missing_added.join(", "));
            }
            if !c.missing_removed.is_empty() {
                let _ = writeln!(out, "      nu gevonden: {}", c.missing_removed.join(", "));
            }
            for e in &c.evidence_added {
                let _ = writeln!(out, "      + {}", evidence_line(e, options.ascii));
            }
            for e in &c.evidence_removed {
                let _ = writeln!(out, "      - {}", evidence_line(e, options.ascii));
            }
        }
    }
    if !diff.summary.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} beter, {} slechter, {} anders gewijzigd, {} ongewijzigd.",
        diff.count(Direction::Better),
        diff.count(Direction::Worse),
        diff.count(Direction::Neutral),
        diff.unchanged
    );
    out
}

fn evidence_line(e: &Evidence, ascii: bool) -> String {
    let quote = shorten(&e.quote, 120, ascii);
    match &e.article {
        Some(a) => format!("{} r. {} (art. {a}): \"{quote}\"", e.document, e.line),
        None => format!("{} r. {}: \"{quote}\"", e.document, e.line),
    }
}
