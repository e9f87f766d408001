//! The error type of every command, its fix-it message and its exit code.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::printable;

/// Exit code: the command did what was asked.
pub const EXIT_OK: u8 = 0;
/// Exit code: `scan` found at least one claim.
pub const EXIT_FOUND: u8 = 1;
/// Exit code: bad usage or bad input (a file, an answer, a rule base), or output that could
/// not be written.
pub const EXIT_ERROR: u8 = 2;
/// Exit code: interrupted (Ctrl-C, or end of input at a prompt).
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug)]
pub enum Error {
    /// One or more located problems in input files.
    Input(Vec<Diagnostic>),
    /// A file could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A file could not be written.
    Write { path: PathBuf, source: io::Error },
    /// Writing to standard output failed for a reason other than a closed pipe.
    Output(io::Error),
    /// Standard output was closed by the reader (`| head`): not an error for the user.
    BrokenPipe,
    /// Interactive mode was asked for without a terminal.
    NoTerminal,
    /// Wrong use of the command line that clap cannot see.
    Usage {
        message: String,
        help: Option<String>,
    },
    /// The user pressed Ctrl-C or closed the input at a prompt.
    Interrupted,
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted => EXIT_INTERRUPTED,
            Error::BrokenPipe => EXIT_OK,
            _ => EXIT_ERROR,
        }
    }

    pub fn usage(message: impl Into<String>, help: Option<&str>) -> Self {
        Error::Usage {
            message: message.into(),
            help: help.map(str::to_string),
        }
    }

    pub fn input(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

impl From<io::Error> for Error {
    /// Errors while writing the report: a closed pipe is quiet, anything else is reported.
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Output(e)
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(diags) => {
                for (i, d) in diags.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                if diags.len() > 1 {
                    writeln!(f, "\n{} problems found.", diags.len())?;
                }
                Ok(())
            }
            Error::Read { path, source } => {
                writeln!(
                    f,
                    "error: cannot read {}: {}",
                    printable::path(path),
                    describe_io(source)
                )?;
                writeln!(f, "help: check the path and that you may read the file")
            }
            Error::Write { path, source } => {
                writeln!(
                    f,
                    "error: cannot write {}: {}",
                    printable::path(path),
                    describe_io(source)
                )?;
                if is_disk_full(source) {
                    writeln!(
                        f,
                        "help: the disk is full; free some space (or write somewhere else) and try again"
                    )
                } else {
                    writeln!(f, "help: check that the directory exists and is writable")
                }
            }
            Error::Output(e) => writeln!(f, "error: cannot write the output: {}", describe_io(e)),
            Error::BrokenPipe => Ok(()),
            Error::NoTerminal => {
                writeln!(
                    f,
                    "error: no terminal to ask questions on (standard input or error is not a terminal)"
                )?;
                writeln!(
                    f,
                    "help: run `gutcheck --answers FILE.toml` (or `--answers -` to read standard input);\n      `gutcheck template` prints an answers file to start from"
                )
            }
            Error::Usage { message, help } => {
                writeln!(f, "error: {}", printable::capped_text(message, 1_000))?;
                if let Some(h) = help {
                    writeln!(f, "help: {h}")?;
                }
                Ok(())
            }
            Error::Interrupted => writeln!(f, "interrupted"),
        }
    }
}

impl std::error::Error for Error {}

/// No space left on the device (or over quota): a full disk, not a missing directory.
fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// io::Error's Display includes "(os error N)"; users need the words only.
fn describe_io(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
