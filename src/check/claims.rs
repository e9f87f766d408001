//! claims.toml: each claim's verdict and texts, the rules it is recognised by (concepts, and
//! the odd regex), and its examples.

use std::collections::BTreeSet;

use toml::Spanned;

use super::concepts::known_concept;
use super::conditions::condition;
use super::ids::{Seen, nonempty};
use super::sources::cited;
use super::{Checks, Ctx, Src, codes, examples, raw};
use crate::matcher::{MAX_PATTERN_LEN, build_regex};
use crate::rules::{Claim, Condition, Examples, Question, TextRule, Verdict};

/// What a claim may refer to.
pub(super) struct Known<'a> {
    pub questions: &'a [Question],
    pub sources: &'a BTreeSet<String>,
    pub concepts: Vec<String>,
}

pub(super) fn check(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    f: raw::ClaimsFile,
    known: &Known<'_>,
    checks: Checks,
) -> Vec<Claim> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for c in f.claim {
        seen.check(ctx, src, &c.id, "claim");
        let id = c.id.get_ref().clone();
        for (field, v) in [
            ("title", &c.title),
            ("summary", &c.summary),
            ("evidence", &c.evidence),
            ("instead", &c.instead),
        ] {
            nonempty(ctx, src, &id, field, v);
        }
        let verdict = Verdict::parse(c.verdict.get_ref()).unwrap_or_else(|| {
            ctx.err(
                codes::UNKNOWN_VERDICT,
                src,
                Some(c.verdict.span()),
                Some(&id),
                format!("unknown verdict `{}`", c.verdict.get_ref()),
                Some(format!(
                    "use one of: {}",
                    Verdict::ALL.map(|v| v.as_str()).join(", ")
                )),
            );
            Verdict::Unsupported
        });
        let when = match &c.when {
            Some(w) => condition(ctx, src, &id, known.questions, w, c.unless.as_ref()),
            None => Condition::default(),
        };
        let sources = cited(ctx, src, &id, known.sources, &c.sources);
        if c.recognise.get_ref().is_empty() {
            ctx.err(
                codes::NO_RECOGNISE_RULE,
                src,
                Some(c.recognise.span()),
                Some(&id),
                "a claim needs at least one `recognise` rule",
                Some("say which concepts make the claim together: recognise = [ { all = [\"barrier\", \"repair\"] } ]".into()),
            );
        }
        let mut recognise = Vec::new();
        for r in c.recognise.into_inner() {
            recognise.push(text_rule(ctx, src, &id, &known.concepts, r, checks));
        }
        let mut ignore_cues = Vec::new();
        for cue in &c.ignore_cues {
            known_concept(ctx, src, &id, &known.concepts, cue);
            ignore_cues.push(cue.get_ref().clone());
        }
        let (examples, spans) = match c.examples {
            None => (Examples::default(), examples::Spans::default()),
            Some(e) => {
                let (must_match, match_spans) = e.must_match.into_iter().map(split).unzip();
                let (must_not_match, no_match_spans) =
                    e.must_not_match.into_iter().map(split).unzip();
                (
                    Examples {
                        must_match,
                        must_not_match,
                    },
                    examples::Spans {
                        must_match: match_spans,
                        must_not_match: no_match_spans,
                    },
                )
            }
        };
        ctx.example_spans.push(spans);
        out.push(Claim {
            id,
            title: c.title.into_inner(),
            verdict,
            summary: c.summary.into_inner(),
            evidence: c.evidence.into_inner(),
            instead: c.instead.into_inner(),
            sources,
            when,
            recognise,
            ignore_cues,
            sceptics_claim: c.sceptics_claim,
            examples,
        });
    }
    out
}

fn split(s: Spanned<String>) -> (String, std::ops::Range<usize>) {
    let span = s.span();
    (s.into_inner(), span)
}

fn text_rule(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    id: &str,
    concept_ids: &[String],
    r: Spanned<raw::RawTextRule>,
    checks: Checks,
) -> TextRule {
    let span = r.span();
    let r = r.into_inner();
    let mut list = |v: &[Spanned<String>]| -> Vec<String> {
        v.iter()
            .filter(|c| {
                if !known_concept(ctx, src, id, concept_ids, c) {
                    return false;
                }
                // Its phrases are kept out of the automaton, so a rule naming it never holds.
                let reserved = c.get_ref() == crate::matcher::FIRST_PERSON;
                if reserved {
                    ctx.err(
                        codes::RESERVED_CONCEPT_IN_RULE,
                        src,
                        Some(c.span()),
                        Some(id),
                        format!("`{}` cannot be named by a rule", c.get_ref()),
                        Some(
                            "it is read only for the careful-page check (docs/rule-base.md); \
                             define a concept of your own with the same phrases"
                                .into(),
                        ),
                    );
                }
                !reserved
            })
            .map(|c| c.get_ref().clone())
            .collect()
    };
    let all = list(&r.all);
    let topic = list(&r.topic);
    let none = list(&r.none);
    if r.all.is_empty() {
        ctx.err(
            codes::RULE_WITHOUT_ALL,
            src,
            Some(span.clone()),
            Some(id),
            "a `recognise` rule needs `all`: at least one concept the sentence itself must hold",
            Some("for example { all = [\"repair\", \"time-span\"], topic = [\"barrier\"] }".into()),
        );
    }
    let within = match r.within {
        Some(w) if !(1..=200).contains(w.get_ref()) => {
            ctx.err(
                codes::WITHIN_OUT_OF_RANGE,
                src,
                Some(w.span()),
                Some(id),
                format!(
                    "`within` is {}; it must be between 1 and 200 words",
                    w.get_ref()
                ),
                None,
            );
            None
        }
        Some(w) => Some(*w.get_ref() as usize),
        None => None,
    };
    if let Some(rx) = &r.regex {
        regex(ctx, src, id, rx, checks);
    }
    TextRule {
        all,
        topic,
        none,
        ordered: r.ordered,
        within,
        regex: r.regex.map(Spanned::into_inner),
    }
}

/// Checks a rule's regex: not empty, not too long, and (with `checks.patterns`) compiles;
/// the compiled regex is kept for the examples.
fn regex(ctx: &mut Ctx<'_>, src: Src<'_>, rule: &str, p: &Spanned<String>, checks: Checks) {
    let text = p.get_ref();
    if text.is_empty() {
        ctx.err(
            codes::EMPTY_REGEX,
            src,
            Some(p.span()),
            Some(rule),
            "empty regex",
            Some("an empty regex matches everything; remove it".into()),
        );
        return;
    }
    if text.len() > MAX_PATTERN_LEN {
        ctx.err(
            codes::REGEX_TOO_LONG,
            src,
            Some(p.span()),
            Some(rule),
            format!(
                "regex is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                text.len()
            ),
            Some("use concepts for the words and keep the regex for what they cannot say".into()),
        );
        return;
    }
    if !checks.patterns {
        return;
    }
    match build_regex(text) {
        Ok(compiled) => ctx.compiled.push((text.clone(), compiled)),
        Err(first) => ctx.err(
            codes::REGEX_DOES_NOT_COMPILE,
            src,
            Some(p.span()),
            Some(rule),
            "regex does not compile",
            Some(format!(
                "{}\n      (Rust regex syntax: no look-around or back-references)",
                first
                    .lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join("\n      ")
            )),
        ),
    }
}
