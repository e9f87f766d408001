//! The JSON report: serde of `Report`, pretty-printed, one document, trailing newline.

use std::io::{self, Write};

use crate::report::Report;

pub fn report(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r).map_err(io::Error::from)?;
    writeln!(w)
}
