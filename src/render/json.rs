//! The JSON report: serde of `Report`, pretty-printed, one document, trailing newline.

use std::io::{self, Write};

use crate::report::Report;

/// The JSON report (the contract of scripted runs).
pub struct Json;

impl super::ReportRenderer for Json {
    fn report(&self, w: &mut dyn Write, r: &Report) -> io::Result<()> {
        let s = serde_json::to_string_pretty(r).map_err(io::Error::from)?;
        writeln!(w, "{}", crate::printable::json(s))
    }
}
