//! `scan --format jsonl`: one JSON finding per line, nothing else (a stream for other tools).

use super::Renderer;
use crate::scan::source::Finding;

/// The findings of one input, one line each.
pub(super) fn findings(r: &Renderer, file: &str, found: &[Finding], out: &mut Vec<u8>) {
    for f in found {
        out.extend_from_slice(super::json::finding_line(r, file, f).as_bytes());
        out.push(b'\n');
    }
}
