//! The report model as JSON: what other tools and `apv diff` read.
//!
//! Shape (stable): `apv_version`, `rule_set` {`id`, `version`, `hash`}, `base`,
//! `requirements` [{`id`, `title`, `norm_text`, `model`, `met`, `assessed`, `harmonisation`}],
//! `municipalities` [{`name`, `met`, `assessed`, `total`, `share_met`, `documents`, `errors`,
//! `requirements` [{`id`, `title`, `status`, `articles`, `evidence`, `missing`,
//! `explanation`}]}], `waterbed` [{`municipality`, `requirement`, `title`, `status`, `met`,
//! `municipalities`, `message`}].

use super::RenderError;
use crate::model::Report;

/// Renders the report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(report)?;
    out.push('\n');
    Ok(out)
}
