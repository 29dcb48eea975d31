//! One module per subcommand: arguments, then `run`.

pub mod compare;
pub mod diff;
pub mod parse;
pub mod rules;
pub mod scan;
pub mod serve;
pub mod size;
