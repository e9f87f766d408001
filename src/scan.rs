//! `gutcheck scan`: find claims in text files. (Placeholder until the scanner lands.)

use std::io::Write;
use std::path::PathBuf;

use crate::cli::ScanFormat;
use crate::error::Error;
use crate::render::Style;
use crate::rules::RuleBase;

pub struct ScanOptions {
    pub format: ScanFormat,
    pub all: bool,
    pub style: Style,
}

/// Scans `files` (standard input when empty) and returns the exit code: 0 no claim found,
/// 1 claims found, 2 an error.
pub fn run(
    _rb: &RuleBase,
    _files: &[PathBuf],
    _opts: &ScanOptions,
    _out: &mut dyn Write,
) -> Result<u8, Error> {
    Err(Error::usage("scan is not implemented yet", None))
}
