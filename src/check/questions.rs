//! questions.toml: sections, kinds, options, defaults and `ask-if`; and the two questions the
//! claims rely on (`claims-met`, `claims-text`).

use std::collections::BTreeMap;

use super::conditions::clause_lines;
use super::ids::{Seen, nonempty};
use super::safety::forward_refs;
use super::{Ctx, Src, codes, raw};
use crate::answers::{Answer, answer_value};
use crate::rules::{
    CLAIMS_MET, CLAIMS_TEXT, Condition, Question, QuestionKind, QuestionOption, RuleBase, SECTIONS,
};

pub(super) fn check(ctx: &mut Ctx<'_>, src: Src<'_>, f: raw::QuestionsFile) -> Vec<Question> {
    let mut seen = Seen::default();
    let mut out = Vec::new();
    if f.question.is_empty() {
        ctx.err(
            codes::NO_QUESTIONS,
            src,
            None,
            None,
            "no questions",
            Some("add at least one [[question]]".into()),
        );
    }
    // `ask-if` may name only questions asked before: a later one (or the question itself)
    // is reported as a cycle when it leads back, so the fix is clear.
    let ask_if_refs: BTreeMap<String, Vec<String>> = f
        .question
        .iter()
        .map(|q| {
            let refs = q.ask_if.as_ref().map_or_else(Vec::new, |c| {
                c.get_ref()
                    .iter()
                    .flat_map(|line| line.get_ref().keys().map(|k| k.get_ref().clone()))
                    .collect()
            });
            (q.id.get_ref().clone(), refs)
        })
        .collect();
    for q in f.question {
        seen.check(ctx, src, &q.id, "question");
        // Reported here; the clause check would only add "unknown question".
        let forward = q
            .ask_if
            .as_ref()
            .is_some_and(|cond| forward_refs(ctx, src, q.id.get_ref(), &out, &ask_if_refs, cond));
        let id = q.id.get_ref().clone();
        nonempty(ctx, src, &id, "prompt", &q.prompt);
        nonempty(ctx, src, &id, "why", &q.why);
        if !SECTIONS.contains(&q.section.get_ref().as_str()) {
            ctx.err(
                codes::UNKNOWN_SECTION,
                src,
                Some(q.section.span()),
                Some(&id),
                format!("unknown section `{}`", q.section.get_ref()),
                Some(format!("use one of: {}", SECTIONS.join(", "))),
            );
        }
        let kind = QuestionKind::parse(q.kind.get_ref()).unwrap_or_else(|| {
            ctx.err(
                codes::UNKNOWN_KIND,
                src,
                Some(q.kind.span()),
                Some(&id),
                format!("unknown question kind `{}`", q.kind.get_ref()),
                Some("use one of: single, multi, yes-no, text".into()),
            );
            QuestionKind::Text
        });
        let mut opt_seen = Seen::default();
        for o in &q.options {
            opt_seen.check(ctx, src, &o.id, "option");
        }
        match kind {
            QuestionKind::Single | QuestionKind::Multi if q.options.is_empty() => ctx.err(
                codes::TOO_FEW_OPTIONS,
                src,
                Some(q.kind.span()),
                Some(&id),
                format!("a `{}` question needs options", kind.as_str()),
                Some("add options = [{ id = \"...\", label = \"...\" }, ...]".into()),
            ),
            QuestionKind::Single if q.options.len() < 2 => ctx.err(
                codes::TOO_FEW_OPTIONS,
                src,
                Some(q.kind.span()),
                Some(&id),
                "a `single` question needs at least two options",
                Some("add another option, or make it a yes-no question".into()),
            ),
            QuestionKind::YesNo | QuestionKind::Text if !q.options.is_empty() => ctx.err(
                codes::UNEXPECTED_OPTIONS,
                src,
                Some(q.kind.span()),
                Some(&id),
                format!("a `{}` question takes no options", kind.as_str()),
                Some("remove `options`, or make it a single or multi question".into()),
            ),
            _ => {}
        }
        let options: Vec<QuestionOption> = q
            .options
            .into_iter()
            .map(|o| QuestionOption {
                id: o.id.into_inner(),
                label: o.label,
                exclusive: o.exclusive,
            })
            .collect();
        let default = match &q.default {
            None => {
                ctx.err(
                    codes::NO_DEFAULT,
                    src,
                    Some(q.id.span()),
                    Some(&id),
                    "question has no `default`",
                    Some(
                        "every question needs a default, so pressing Enter always moves on".into(),
                    ),
                );
                Answer::Text(String::new())
            }
            Some(v) => match answer_value(kind, &options, v.get_ref()) {
                Ok(a) => a,
                Err(msg) => {
                    ctx.err(
                        codes::BAD_DEFAULT,
                        src,
                        Some(v.span()),
                        Some(&id),
                        format!("bad default: {msg}"),
                        None,
                    );
                    Answer::Text(String::new())
                }
            },
        };
        let ask_if = q.ask_if.as_ref().filter(|_| !forward).map(|cond| {
            // Only earlier questions are known when this one comes up.
            let lines = clause_lines(ctx, src, &id, &out, cond);
            Condition {
                alternatives: lines,
                unless: Vec::new(),
            }
        });
        out.push(Question {
            id,
            section: q.section.into_inner(),
            kind,
            prompt: q.prompt.into_inner(),
            help: q.help,
            why: q.why.into_inner(),
            options,
            default,
            ask_if,
        });
    }
    out
}

/// Checks that `claims-met` offers only claim ids and `claims-text` is a text question.
pub(super) fn check_special(ctx: &mut Ctx<'_>, src: Src<'_>, rb: &RuleBase) {
    if let Some(q) = rb.question(CLAIMS_MET) {
        for o in &q.options {
            if rb.claim(&o.id).is_none() {
                let at = src
                    .text
                    .find(&format!("\"{}\"", o.id))
                    .map(|i| i..i + o.id.len() + 2);
                ctx.err(
                    codes::CLAIMS_MET_OPTION,
                    src,
                    at,
                    Some(CLAIMS_MET),
                    format!("option `{}` of `{CLAIMS_MET}` is not a claim id", o.id),
                    Some(
                        "the options of this question must be the ids of claims in claims.toml"
                            .into(),
                    ),
                );
            }
        }
    }
    if let Some(q) = rb.question(CLAIMS_TEXT)
        && q.kind != QuestionKind::Text
    {
        ctx.err(
            codes::CLAIMS_TEXT_KIND,
            src,
            None,
            Some(CLAIMS_TEXT),
            format!("`{CLAIMS_TEXT}` must be a text question"),
            Some("set kind = \"text\"".into()),
        );
    }
}
