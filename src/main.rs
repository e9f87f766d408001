//! Entry point: parse the command line, run, print any error, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use gutcheck::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match gutcheck::run::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A closed stderr must not turn an error into a panic either.
            let _ = write!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
