//! # apv-report
//!
//! The nulmeting report: the verdicts of several municipalities side by side (the matrix),
//! how alike their articles are (harmonisation), where one lacks a barrier the others have
//! (waterbed warnings), and what changed between two runs. One report model, one renderer per
//! output format.
//!
//! The library never prints: renderers return strings.

#![deny(missing_docs)]
