//! # apv-rules
//!
//! Decides, with evidence, whether a municipality's documents meet each requirement of a norm
//! (the Flevolandse norm by default). Requirements are data files in `rules/`; this crate loads
//! them, matches them on the content of the parsed articles (never on article numbers), and
//! returns a [`Verdict`] per requirement.
//!
//! The library never prints: it returns values.

#![deny(missing_docs)]

pub mod verdict;

pub use verdict::*;
