//! The invariants that keep a rule base safe, across files: alarm features exist, each alarm
//! question can raise one, no other rule shares a red flag's id, and `ask-if` names only
//! questions asked before (no cycles).

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::ids::id_span;
use super::raw::RawClauseLine;
use super::{Ctx, Src, codes};
use crate::rules::{Question, RuleBase};

/// Red flags exist, each alarm question can raise one, and no other rule shares a red flag's
/// id (so `explain ID` and the JSON `triggered_by` lists cannot confuse an alarm with advice).
pub(super) fn check(ctx: &mut Ctx<'_>, srcs: &BTreeMap<&str, Src<'_>>, rb: &RuleBase) {
    let flags = srcs["red-flags.toml"];
    if rb.red_flags.is_empty() {
        ctx.err(
            codes::NO_RED_FLAGS,
            flags,
            None,
            None,
            "no red flags: nothing could ever make a report urgent",
            Some("add at least one [[red-flag]] with the alarm question that raises it, like blood in the stool".into()),
        );
    }
    let used = rb.alarm_questions();
    let qsrc = srcs["questions.toml"];
    for q in rb.questions.iter().filter(|q| q.section == "alarm") {
        if !used.contains(&q.id.as_str()) {
            ctx.err(
                codes::UNUSED_ALARM_QUESTION,
                qsrc,
                id_span(qsrc.text, &q.id),
                Some(&q.id),
                format!("alarm question `{}` is used by no red flag", q.id),
                Some("an answer to an alarm question must be able to make the report urgent: name it in a red flag's `when`, or move it to another section".into()),
            );
        }
    }
    let others = [
        (
            "guidance.toml",
            "guidance entry",
            rb.guidance
                .iter()
                .map(|g| g.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "claims.toml",
            "claim",
            rb.claims.iter().map(|c| c.id.as_str()).collect(),
        ),
        (
            "causes.toml",
            "cause",
            rb.causes.iter().map(|c| c.id.as_str()).collect(),
        ),
    ];
    for (file, what, ids) in others {
        let src = srcs[file];
        for id in ids {
            if rb.red_flags.iter().any(|r| r.id == id) {
                ctx.err(
                    codes::RED_FLAG_ID_REUSED,
                    src,
                    id_span(src.text, id),
                    Some(id),
                    format!("{what} id `{id}` is also the id of a red flag"),
                    Some(
                        "give it another id: a red flag's id must name that alarm feature only"
                            .into(),
                    ),
                );
            }
        }
    }
}

/// Reports `ask-if` references to questions not asked before `id`: "cycle" with the
/// questions in it when the references lead back to `id`, "asked later" otherwise. True when
/// any was reported.
pub(super) fn forward_refs(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    id: &str,
    earlier: &[Question],
    refs: &BTreeMap<String, Vec<String>>,
    cond: &Spanned<Vec<RawClauseLine>>,
) -> bool {
    let mut found = false;
    for line in cond.get_ref() {
        for key in line.get_ref().keys() {
            let target = key.get_ref();
            if earlier.iter().any(|q| &q.id == target) || !refs.contains_key(target) {
                continue; // asked before, or unknown (reported by the clause check)
            }
            found = true;
            let (code, message, help) = match cycle_path(target, id, refs) {
                Some(mut path) => {
                    path.insert(0, id.to_string());
                    (
                        codes::ASK_IF_CYCLE,
                        format!("`ask-if` cycle: {}", path.join(" → ")),
                        "each question's `ask-if` may name only questions asked before it; break the cycle by removing one of these conditions",
                    )
                }
                None => (
                    codes::ASKED_LATER,
                    format!("`ask-if` of `{id}` names `{target}`, which is asked later"),
                    "a question's `ask-if` may name only questions asked before it: move this question after it",
                ),
            };
            ctx.err(
                code,
                src,
                Some(key.span()),
                Some(id),
                message,
                Some(help.into()),
            );
        }
    }
    found
}

/// The path of `ask-if` references from `from` to `to` (both included), if there is one.
fn cycle_path(from: &str, to: &str, refs: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last()?.clone();
        if last == to {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in refs.get(&last).into_iter().flatten() {
            let mut p = path.clone();
            p.push(next.clone());
            stack.push(p);
        }
    }
    None
}
