//! # apv-report
//!
//! The nulmeting report: the verdicts of several municipalities side by side (the matrix),
//! how alike their articles are (harmonisation), where one lacks a barrier the others have
//! (waterbed warnings), and what changed between two runs. One report model, one renderer per
//! output format.
//!
//! The library never prints: renderers return strings.
//!
//! ```
//! use apv_report::{Format, RenderOptions, Report, ReportOptions, Base, render};
//! use apv_rules::{RuleSetInfo, ScanReport};
//!
//! let rule_set = RuleSetInfo { id: "flevolandse-norm".into(), version: "1".into(), hash: "00".into() };
//! let scan = ScanReport {
//!     municipality: Some("Urk".into()),
//!     rule_set: rule_set.clone(),
//!     documents: vec![],
//!     errors: vec![],
//!     requirements: vec![],
//! };
//! let options = ReportOptions { rule_set, requirements: vec![], base: Base::Model, apv_version: "0.1.0".into() };
//! let report = Report::build(vec![scan], options).unwrap();
//! let json = render(&report, Format::Json, &RenderOptions::default()).unwrap();
//! assert!(json.contains("\"name\": \"Urk\""));
//! ```

#![deny(missing_docs)]

pub mod diff;
pub mod harmonise;
pub mod model;
pub mod render;
pub mod waterbed;

pub use model::{
    Base, Cell, ModelWording, Municipality, Report, ReportError, ReportOptions, RequirementInfo,
    RequirementRow,
};
pub use render::{Format, RenderError, RenderOptions, render};

use apv_rules::ScanReport;

/// Renders one municipality's scan in any format, for `apv scan`.
///
/// JSON is the scan itself (the [`ScanReport`] contract that `apv diff` also reads); the other
/// formats render a report with this one municipality.
pub fn render_scan(
    scan: &ScanReport,
    requirements: &[RequirementInfo],
    format: Format,
    options: &RenderOptions,
    apv_version: &str,
) -> Result<String, RenderError> {
    if format == Format::Json {
        let mut out = serde_json::to_string_pretty(scan)?;
        out.push('\n');
        return Ok(out);
    }
    let report = Report::build(
        vec![scan.clone()],
        ReportOptions {
            rule_set: scan.rule_set.clone(),
            requirements: requirements.to_vec(),
            base: Base::Model,
            apv_version: apv_version.to_string(),
        },
    )
    .map_err(|e| RenderError::Report(e.to_string()))?;
    render(&report, format, options)
}
