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
//!     notices: vec![],
//!     requirements: vec![],
//! };
//! let options = ReportOptions { rule_set, requirements: vec![], base: Base::Model, apv_version: "0.1.0".into() };
//! let report = Report::build(vec![scan], options).unwrap();
//! let json = render(&report, Format::Json, &RenderOptions::default()).unwrap();
//! assert!(json.contains("\"name\": \"Urk\""));
//! assert_eq!(Report::from_json(&json).unwrap().municipalities[0].name, "Urk");
//! ```

#![deny(missing_docs)]

pub mod decisions;
pub mod diff;
pub mod harmonise;
pub mod model;
pub mod render;
pub mod waterbed;

pub use model::{
    Base, ModelWording, Municipality, ReadError, Report, ReportError, ReportFile, ReportOptions,
    RequirementInfo, RequirementRow, SCHEMA_VERSION, json_schema,
};
pub use render::{Format, RenderError, RenderOptions, render, render_diff};
