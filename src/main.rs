//! Entry point: parse the command line, run, print any error, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use gutcheck::cli::Cli;
use gutcheck::error::Error;

fn main() -> ExitCode {
    let result = match Cli::try_parse() {
        Ok(cli) => gutcheck::run::run(cli),
        // `--help` and `--version` go to standard output, which may be full or closed: report
        // that like any other output error instead of exiting 0 with nothing written.
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e
            .print()
            .and_then(|()| std::io::stdout().flush())
            .map(|()| 0)
            .map_err(Error::from),
        Err(e) => e.exit(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A closed stderr must not turn an error into a panic either.
            let _ = write!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
