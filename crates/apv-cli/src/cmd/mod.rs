//! One module per subcommand: arguments, then `run`.

pub mod parse;
