//! One module per subcommand: arguments, then `run`.

pub mod parse;
pub mod rules;
pub mod scan;
