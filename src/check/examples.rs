//! Each claim's examples: sentences that must be read as the claim (`match`) and sentences
//! that must not (`no-match`), run through the matcher built from the checked rule base and
//! the regexes the check compiled.

use std::ops::Range;

use super::codes::{self, Code};
use super::{Ctx, Src};
use crate::matcher::{ClaimMatch, Matcher, normalize};
use crate::rules::RuleBase;

/// Where one claim's examples are written in claims.toml.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    pub must_match: Vec<Range<usize>>,
    pub must_not_match: Vec<Range<usize>>,
}

/// Which example of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The `n`th `match` example.
    Match(usize),
    /// The `n`th `no-match` example.
    NoMatch(usize),
}

/// A claim example the matcher gets wrong.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The claim's index in the rule base.
    pub claim: usize,
    pub example: Which,
    pub code: Code,
    pub message: String,
}

/// Runs every claim's examples; returns one failure per failing example.
pub fn failures(rb: &RuleBase, m: &Matcher) -> Vec<Failure> {
    let mut failures = Vec::new();
    for (idx, claim) in rb.claims.iter().enumerate() {
        let mut fail = |example, code, message| {
            failures.push(Failure {
                claim: idx,
                example,
                code,
                message,
            })
        };
        for (n, ex) in claim.examples.must_match.iter().enumerate() {
            let norm = normalize(ex);
            let hits: Vec<ClaimMatch> = m
                .find(&norm.text)
                .into_iter()
                .filter(|h| h.claim == idx)
                .collect();
            if hits.is_empty() {
                fail(
                    Which::Match(n),
                    codes::EXAMPLE_NOT_FOUND,
                    format!("`match` example is not found: {ex:?}"),
                );
            } else if hits.iter().all(|h| h.refuted) {
                fail(
                    Which::Match(n),
                    codes::EXAMPLE_NOT_ASSERTED,
                    format!(
                        "`match` example is found but not read as asserted ({}): {ex:?}",
                        hits[0]
                            .reason
                            .map_or(String::new(), |r| r.words(&rb.meta.messages, true))
                    ),
                );
            }
        }
        for (n, ex) in claim.examples.must_not_match.iter().enumerate() {
            let norm = normalize(ex);
            if m.find(&norm.text)
                .iter()
                .any(|h| h.claim == idx && !h.refuted)
            {
                fail(
                    Which::NoMatch(n),
                    codes::NO_MATCH_EXAMPLE_FOUND,
                    format!("`no-match` example is reported as the claim: {ex:?}"),
                );
            }
        }
    }
    failures
}

/// Runs the examples of a checked rule base, reporting each failure where the example is
/// written; uses the regexes compiled by the check.
pub(super) fn check(ctx: &mut Ctx<'_>, src: Src<'_>, rb: &RuleBase) {
    let matcher = Matcher::with_compiled(rb, std::mem::take(&mut ctx.compiled));
    for f in failures(rb, &matcher) {
        let spans = ctx.example_spans.get(f.claim);
        let span = match f.example {
            Which::Match(n) => spans.and_then(|s| s.must_match.get(n)),
            Which::NoMatch(n) => spans.and_then(|s| s.must_not_match.get(n)),
        };
        ctx.err(
            f.code,
            src,
            span.cloned(),
            Some(&rb.claims[f.claim].id),
            f.message,
            Some("change the claim's `recognise` rules, the concepts' phrases, or the example, until they agree (`gutcheck scan --all` shows why a sentence is or is not read as a claim)".into()),
        );
    }
}
