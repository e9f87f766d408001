//! Findings → bytes, in the three `scan` formats, one module each: [`text`], [`json`] and
//! [`jsonl`]. [`Renderer`] picks the module for the format.

mod json;
mod jsonl;
mod text;

use std::collections::BTreeMap;
use std::io::{self, Write};

pub use text::printable;

use super::source::Finding;
use crate::render::Style;
use crate::rules::RuleBase;

/// The output formats of `gutcheck scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ScanFormat {
    /// `path:line:col  claim  verdict`, the line with the match highlighted, a summary
    Text,
    /// One JSON document: {"schema_version": 1, "findings": [...]}
    Json,
    /// One JSON finding per line, written as found
    Jsonl,
}

/// Totals over every input, for the end of the report and the exit code.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub inputs: usize,
    pub scanned: usize,
    pub binary: usize,
    pub errors: usize,
    /// Findings (not refuted) per claim index.
    pub per_claim: BTreeMap<usize, u64>,
    pub refuted: u64,
}

impl Totals {
    pub fn findings(&self) -> u64 {
        self.per_claim.values().sum()
    }

    pub fn add(&mut self, f: &Finding) {
        if f.refuted {
            self.refuted += 1;
        } else {
            *self.per_claim.entry(f.claim).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: &Totals) {
        for (&c, &n) in &other.per_claim {
            *self.per_claim.entry(c).or_default() += n;
        }
        self.refuted += other.refuted;
    }
}

/// Renders findings for one format and style.
pub struct Renderer<'a> {
    pub rb: &'a RuleBase,
    pub format: ScanFormat,
    pub style: Style,
    /// The wrapped note under each text finding, by claim and reason: it is the same for every
    /// finding of a claim, and wrapping it anew was a tenth of a scan of leaky-gut pages.
    pub notes: NoteCache,
}

/// A note's key: the claim's index, and the reason when the mention is not counted.
type NoteKey = (usize, Option<&'static str>);

/// Wrapped notes already made (see [`Renderer::notes`]), keyed by claim and reason.
#[derive(Default)]
pub struct NoteCache(std::sync::Mutex<std::collections::HashMap<NoteKey, std::sync::Arc<str>>>);

impl NoteCache {
    /// The note for `key`, made by `make` the first time.
    pub(super) fn get(&self, key: NoteKey, make: impl FnOnce() -> String) -> std::sync::Arc<str> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(key).or_insert_with(|| make().into()).clone()
    }
}

impl Renderer<'_> {
    /// What comes before the first finding.
    pub fn begin(&self, w: &mut dyn Write) -> io::Result<()> {
        match self.format {
            ScanFormat::Json => json::begin(w),
            ScanFormat::Text | ScanFormat::Jsonl => Ok(()),
        }
    }

    /// The findings of one input, appended to `out`. For JSON the findings are joined by
    /// `,\n` without a leading or trailing separator (see [`Renderer::separator`]).
    pub fn findings(&self, file: &str, found: &[Finding], out: &mut Vec<u8>) {
        match self.format {
            ScanFormat::Text => {
                for f in found {
                    text::finding(self, file, f, out);
                }
            }
            ScanFormat::Json => json::findings(self, file, found, out),
            ScanFormat::Jsonl => jsonl::findings(self, file, found, out),
        }
    }

    /// What goes between two batches of findings (JSON only).
    pub fn separator(&self, first: bool) -> &'static [u8] {
        match (self.format, first) {
            (ScanFormat::Json, true) => b"\n",
            (ScanFormat::Json, false) => b",\n",
            _ => b"",
        }
    }

    /// What comes after the last finding: the summary and the disclaimer (not in JSON Lines).
    pub fn end(&self, w: &mut dyn Write, t: &Totals, any_written: bool) -> io::Result<()> {
        match self.format {
            ScanFormat::Jsonl => Ok(()),
            ScanFormat::Json => json::end(self, w, t, any_written),
            ScanFormat::Text => text::end(self, w, t),
        }
    }
}
