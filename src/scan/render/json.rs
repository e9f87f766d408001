//! `scan --format json`: one document `{"schema_version": 1, "findings": [...], "summary":
//! {...}, "disclaimer": "..."}`, one finding per line, written as found.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Renderer, Totals};
use crate::rules::Verdict;
use crate::scan::source::Finding;

/// One finding as JSON. Lines and columns are 1-based, columns count characters, the end is
/// just past the last character; offsets are bytes from the start of the input.
#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    file: &'a str,
    line: u64,
    column: u64,
    end_line: u64,
    end_column: u64,
    claim: &'a str,
    verdict: Verdict,
    matched: &'a str,
    refuted: bool,
    /// Why a mention is not counted as asserted (`--all`): null for a claim.
    reason: Option<&'static str>,
    offset: u64,
    end_offset: u64,
}

/// One finding as a line of JSON (without a line end), for `json` and `jsonl`.
pub(super) fn finding_line(r: &Renderer, file: &str, f: &Finding) -> String {
    let c = &r.rb.claims[f.claim];
    let j = JsonFinding {
        file,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        claim: &c.id,
        verdict: c.verdict,
        matched: &f.matched,
        refuted: f.refuted,
        reason: f.reason.map(crate::matcher::assertion::Reason::as_str),
        offset: f.offset,
        end_offset: f.end_offset,
    };
    let s = serde_json::to_string(&j).expect("a finding serialises");
    crate::printable::json(s)
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: u64,
    refuted: u64,
    skipped_binary: usize,
    errors: usize,
    claims: BTreeMap<String, u64>,
}

/// What comes before the first finding.
pub(super) fn begin(w: &mut dyn Write) -> io::Result<()> {
    write!(
        w,
        "{{\n  \"schema_version\": {},\n  \"findings\": [",
        crate::report::SCHEMA_VERSION
    )
}

/// The findings of one input, joined by `,\n` without a leading or trailing separator.
pub(super) fn findings(r: &Renderer, file: &str, found: &[Finding], out: &mut Vec<u8>) {
    for (i, f) in found.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"    " } else { b",\n    " });
        out.extend_from_slice(finding_line(r, file, f).as_bytes());
    }
}

/// The summary and the disclaimer after the last finding.
pub(super) fn end(
    r: &Renderer,
    w: &mut dyn Write,
    t: &Totals,
    any_written: bool,
) -> io::Result<()> {
    let summary = JsonSummary {
        files: t.scanned,
        findings: t.findings(),
        refuted: t.refuted,
        skipped_binary: t.binary,
        errors: t.errors,
        claims: t
            .per_claim
            .iter()
            .map(|(&c, &n)| (r.rb.claims[c].id.clone(), n))
            .collect(),
    };
    let close = if any_written { "\n  ]" } else { "]" };
    write!(w, "{close},\n  \"summary\": ")?;
    serde_json::to_writer(&mut *w, &summary).map_err(io::Error::from)?;
    write!(w, ",\n  \"disclaimer\": ")?;
    serde_json::to_writer(&mut *w, &r.rb.meta.disclaimer).map_err(io::Error::from)?;
    writeln!(w, "\n}}")
}
