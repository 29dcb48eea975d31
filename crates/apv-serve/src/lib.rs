//! # apv-serve
//!
//! `apv serve`: a local web application for people who do not use a terminal. A policy officer
//! drops the draft of a new APV (Word, PDF, CVDR XML, HTML, text or Markdown) on the page and
//! sees the verdict on each requirement of the norm, the words it rests on highlighted in the
//! article, the Model-APV wording beside it, and what changed since the previous version; an
//! analyst opens the nulmeting of a folder of municipalities, sorts and filters the matrix and
//! follows any cell to its evidence.
//!
//! The layout of the crate follows a request:
//! - [`server`]: binding, the access token, security headers and the routes;
//! - [`state`]: the rule set, the nulmeting of the folder and the drafts kept in memory;
//! - [`analysis`]: bytes in, parsed documents and verdicts out (shared by uploads and folders);
//! - [`pages`]: the HTML of every page (maud, so every text from a document is escaped);
//! - `assets/`: the one stylesheet and the one script, served from the same origin.
//!
//! The library never prints: [`Server::url`] tells the caller what to print.
//!
//! ```no_run
//! let config = apv_serve::Config::new(apv_rules::RuleSet::embedded());
//! let server = apv_serve::Server::bind(config).unwrap();
//! let _url = server.url();
//! server.run().unwrap();
//! ```

#![deny(missing_docs)]

pub mod analysis;
pub mod pages;
pub mod server;
pub mod state;

pub use server::{Config, Server};
