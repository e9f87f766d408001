//! The JSON report: serde of `Report`, pretty-printed, one document, trailing newline.

use std::io::{self, Write};

use crate::report::Report;

pub fn report(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    let s = serde_json::to_string_pretty(r).map_err(io::Error::from)?;
    writeln!(w, "{}", crate::printable::json(s))
}
