//! Checks a rule base as written (`raw`, the TOML with spans) and builds the `RuleBase` from
//! it. Every problem is recorded with its code, file, line, column, rule id and a hint, and
//! checking goes on so that one run reports them all. One file per kind of rule; `safety`
//! holds the invariants across files (red flags, `ask-if` order).

pub mod causes;
pub mod claims;
pub mod codes;
pub mod concepts;
pub mod conditions;
pub mod examples;
pub mod guidance;
pub mod ids;
pub mod meta;
pub mod questions;
pub mod raw;
pub mod red_flags;
pub mod safety;
pub mod sources;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::rules::{Origin, RULE_FILES, RuleBase};
use codes::Code;

/// What to check besides the rules themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Compile every regex.
    pub patterns: bool,
    /// Run every claim's examples (needs `patterns`).
    pub examples: bool,
}

/// The state of one check: the problems found so far, and what the checks keep for later
/// steps (the regexes compiled, where each claim's examples are written).
pub struct Ctx<'a> {
    origin: &'a Origin,
    diags: Vec<Diagnostic>,
    /// Every regex compiled while checking, in the order the claims' rules name them.
    compiled: Vec<(String, regex_lite::Regex)>,
    /// For each claim, the spans of its `match` and `no-match` examples in claims.toml.
    example_spans: Vec<examples::Spans>,
    /// Look for control characters in every string (see [`Ctx::printable_strings`]).
    check_strings: bool,
}

/// One file's name and text while checking.
#[derive(Clone, Copy)]
pub struct Src<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The eight rule files, parsed.
pub struct Files {
    pub meta: raw::MetaFile,
    pub concepts: raw::ConceptsFile,
    pub questions: raw::QuestionsFile,
    pub red_flags: raw::RedFlagsFile,
    pub guidance: raw::GuidanceFile,
    pub claims: raw::ClaimsFile,
    pub causes: raw::CausesFile,
    pub sources: raw::SourcesFile,
}

impl<'a> Ctx<'a> {
    pub fn new(origin: &'a Origin) -> Self {
        Ctx {
            origin,
            diags: Vec::new(),
            compiled: Vec::new(),
            example_spans: Vec::new(),
            check_strings: true,
        }
    }

    /// Skips the search for control characters in the files' strings: for the built-in
    /// rule base in ordinary runs, whose strings `cargo test` and `gutcheck rules check`
    /// check (as its patterns, see `LoadOptions::check_patterns`).
    pub fn trust_strings(&mut self) {
        self.check_strings = false;
    }

    /// The problems found.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    fn err(
        &mut self,
        code: Code,
        src: Src<'_>,
        span: Option<Range<usize>>,
        rule: Option<&str>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::at(self.origin.file_name(src.name), src.text, span, message)
            .with_code(code.code);
        if let Some(r) = rule {
            d = d.with_rule(r);
        }
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// Reports a rule file that is not there.
    pub fn missing_file(&mut self, name: &str) {
        self.diags.push(
            Diagnostic::file_level(self.origin.file_name(name), "this rule file is missing")
                .with_code(codes::MISSING_FILE.code)
                .with_help(format!(
                    "a rule base directory holds {}; `gutcheck rules export DIR` writes a complete one to start from",
                    RULE_FILES.join(", ")
                )),
        );
    }

    /// Parses one rule file into its raw shape, reporting where it is not valid.
    pub fn parse<T: DeserializeOwned>(&mut self, src: Src<'_>) -> Option<T> {
        match toml::from_str::<T>(src.text) {
            Ok(v) => {
                if self.check_strings {
                    self.printable_strings(src);
                }
                Some(v)
            }
            Err(e) => {
                let msg = e.message().trim().to_string();
                let (code, help) = if msg.contains("unknown field") || msg.contains("missing field")
                {
                    (
                        codes::UNKNOWN_OR_MISSING_FIELD,
                        "see docs/rule-base.md for the fields each entry takes",
                    )
                } else {
                    (
                        codes::INVALID_TOML,
                        "fix the TOML syntax at this place (strings need quotes; regexes go in 'single quotes')",
                    )
                };
                self.err(code, src, e.span(), None, msg, Some(help.to_string()));
                None
            }
        }
    }

    /// Every key and string of a rule file is shown to users: a control character or a
    /// bidirectional override in one (an escape sequence, a BEL, a hidden reordering) is
    /// refused. New lines and tabs are allowed in strings, which are wrapped as paragraphs.
    fn printable_strings(&mut self, src: Src<'_>) {
        use toml::de::{DeTable, DeValue};
        // A file whose text holds no unsafe character and no escape that could spell one
        // (`\u001b`, `\e`, `\b`, `\f`, a lone `\r`) has none in its strings either: only
        // then is it parsed a second time to find where they are. Most of a rule file is
        // ASCII, so a character is decoded only where a byte starts one beyond it.
        let bytes = src.text.as_bytes();
        let suspect = bytes.iter().enumerate().any(|(i, &b)| match b {
            b'\n' | b'\t' => false,
            b'\r' => bytes.get(i + 1) != Some(&b'\n'),
            b'\\' => matches!(
                bytes.get(i + 1),
                Some(b'u' | b'U' | b'x' | b'e' | b'b' | b'f' | b'r')
            ),
            0..=0x7f => crate::printable::is_unsafe(char::from(b)),
            0xc0.. => src.text[i..]
                .chars()
                .next()
                .is_some_and(crate::printable::is_unsafe),
            _ => false,
        });
        if !suspect {
            return;
        }
        let Ok(parsed) = DeTable::parse(src.text) else {
            return;
        };
        let mut bad: Vec<(Range<usize>, String)> = Vec::new();
        fn walk(v: &Spanned<DeValue<'_>>, bad: &mut Vec<(Range<usize>, String)>) {
            match v.get_ref() {
                DeValue::String(s) => {
                    let s = s.replace("\r\n", "\n");
                    if s.chars()
                        .any(|c| crate::printable::is_unsafe(c) && c != '\n' && c != '\t')
                    {
                        bad.push((v.span(), s));
                    }
                }
                DeValue::Array(items) => items.iter().for_each(|i| walk(i, bad)),
                DeValue::Table(t) => table(t, bad),
                _ => {}
            }
        }
        fn table(t: &toml::de::DeTable<'_>, bad: &mut Vec<(Range<usize>, String)>) {
            for (k, v) in t {
                if k.get_ref().chars().any(crate::printable::is_unsafe) {
                    bad.push((k.span(), k.get_ref().to_string()));
                }
                walk(v, bad);
            }
        }
        table(parsed.get_ref(), &mut bad);
        for (span, s) in bad {
            self.err(
                codes::CONTROL_CHARACTER,
                src,
                Some(span),
                None,
                format!(
                    "control character in {}",
                    crate::printable::capped(&s, 80)
                ),
                Some("rule text is shown on terminals: remove escape sequences, control characters and bidirectional overrides (new lines and tabs are fine)".into()),
            );
        }
    }
}

/// Checks the parsed files (`srcs` holds the text of each, by file name) and builds the rule
/// base; returns every problem found when there is one.
pub fn rule_base(
    mut ctx: Ctx<'_>,
    srcs: &BTreeMap<&str, Src<'_>>,
    files: Files,
    checks: Checks,
) -> Result<RuleBase, Vec<Diagnostic>> {
    let meta = meta::check(&mut ctx, srcs["meta.toml"], files.meta);
    let sources = sources::check(&mut ctx, srcs["sources.toml"], files.sources);
    let source_ids: BTreeSet<String> = sources.iter().map(|s| s.id.clone()).collect();
    let questions = questions::check(&mut ctx, srcs["questions.toml"], files.questions);
    let red_flags = red_flags::check(
        &mut ctx,
        srcs["red-flags.toml"],
        files.red_flags,
        &questions,
        &source_ids,
    );
    let guidance = guidance::check(
        &mut ctx,
        srcs["guidance.toml"],
        files.guidance,
        &questions,
        &source_ids,
    );
    let concepts = concepts::check(&mut ctx, srcs["concepts.toml"], files.concepts);
    let known = claims::Known {
        questions: &questions,
        sources: &source_ids,
        concepts: concepts.iter().map(|c| c.id.clone()).collect(),
    };
    let claims = claims::check(&mut ctx, srcs["claims.toml"], files.claims, &known, checks);
    let causes = causes::check(
        &mut ctx,
        srcs["causes.toml"],
        files.causes,
        &questions,
        &source_ids,
    );
    let rb = RuleBase {
        origin: ctx.origin.clone(),
        meta,
        questions,
        red_flags,
        guidance,
        concepts,
        claims,
        causes,
        sources,
    };
    questions::check_special(&mut ctx, srcs["questions.toml"], &rb);
    safety::check(&mut ctx, srcs, &rb);
    if checks.patterns && checks.examples && ctx.diags.is_empty() {
        examples::check(&mut ctx, srcs["claims.toml"], &rb);
    }
    if ctx.diags.is_empty() {
        Ok(rb)
    } else {
        Err(ctx.diags)
    }
}
