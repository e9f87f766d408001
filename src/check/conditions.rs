//! `when`, `unless` and `ask-if`: each line names questions and the answers it needs.

use toml::Spanned;

use super::raw::RawClauseLine;
use super::{Ctx, Src, codes};
use crate::answers::type_name;
use crate::diag::did_you_mean;
use crate::rules::{Clause, Condition, Expect, Question, QuestionKind};

/// A rule's `when` and `unless` as a condition on the answers to `questions`.
pub(super) fn condition(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    questions: &[Question],
    when: &Spanned<Vec<RawClauseLine>>,
    unless: Option<&Spanned<Vec<RawClauseLine>>>,
) -> Condition {
    let alternatives = clause_lines(ctx, src, rule, questions, when);
    let unless = unless.map_or_else(Vec::new, |u| clause_lines(ctx, src, rule, questions, u));
    Condition {
        alternatives,
        unless,
    }
}

/// The lines of a condition list, each a set of clauses that must all hold.
pub(super) fn clause_lines(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    questions: &[Question],
    when: &Spanned<Vec<RawClauseLine>>,
) -> Vec<Vec<Clause>> {
    if when.get_ref().is_empty() {
        ctx.err(
            codes::EMPTY_CONDITION,
            src,
            Some(when.span()),
            Some(rule),
            "this condition list is empty",
            Some("add at least one line, like { question-id = \"option-id\" }".into()),
        );
    }
    let mut alternatives = Vec::new();
    for line in when.get_ref() {
        if line.get_ref().is_empty() {
            ctx.err(
                codes::EMPTY_CONDITION_LINE,
                src,
                Some(line.span()),
                Some(rule),
                "empty condition line `{}` would always apply",
                Some("name at least one question and the answer it needs".into()),
            );
            continue;
        }
        let mut clauses = Vec::new();
        for (key, value) in line.get_ref() {
            let qid = key.get_ref();
            let Some(q) = questions.iter().find(|q| &q.id == qid) else {
                let near = did_you_mean(qid, questions.iter().map(|q| q.id.as_str()));
                ctx.err(
                    codes::UNKNOWN_QUESTION,
                    src,
                    Some(key.span()),
                    Some(rule),
                    format!("condition names unknown question `{qid}`"),
                    Some(match near {
                        Some(d) => format!("{d} question ids are in questions.toml"),
                        None => "use a question id from questions.toml".to_string(),
                    }),
                );
                continue;
            };
            let expect = match (q.kind, value.get_ref()) {
                (QuestionKind::YesNo, toml::Value::Boolean(b)) => Expect::Bool(*b),
                (QuestionKind::Single | QuestionKind::Multi, toml::Value::String(s)) => {
                    Expect::AnyOf(vec![s.clone()])
                }
                (QuestionKind::Single | QuestionKind::Multi, toml::Value::Array(items))
                    if !items.is_empty() && items.iter().all(|i| i.is_str()) =>
                {
                    Expect::AnyOf(
                        items
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect(),
                    )
                }
                (QuestionKind::Text, _) => {
                    ctx.err(
                        codes::TEXT_IN_CONDITION,
                        src,
                        Some(key.span()),
                        Some(rule),
                        format!("`{qid}` is a text question and cannot be used in a condition"),
                        Some("claims match free text through their patterns instead".into()),
                    );
                    continue;
                }
                (kind, other) => {
                    ctx.err(
                        codes::WRONG_ANSWER_TYPE,
                        src,
                        Some(value.span()),
                        Some(rule),
                        format!(
                            "`{qid}` is a {} question; found {}",
                            kind.as_str(),
                            type_name(other)
                        ),
                        Some(if kind == QuestionKind::YesNo {
                            "write true or false".into()
                        } else {
                            "write an option id in quotes, or a list of them".into()
                        }),
                    );
                    continue;
                }
            };
            if let Expect::AnyOf(opts) = &expect {
                for o in opts {
                    if q.option(o).is_none() {
                        let options =
                            format!("options: {}", q.option_ids().collect::<Vec<_>>().join(", "));
                        ctx.err(
                            codes::UNKNOWN_OPTION,
                            src,
                            Some(value.span()),
                            Some(rule),
                            format!("`{o}` is not an option of question `{qid}`"),
                            Some(match did_you_mean(o, q.option_ids()) {
                                Some(d) => format!("{d} {options}"),
                                None => options,
                            }),
                        );
                    }
                }
            }
            clauses.push(Clause {
                question: qid.clone(),
                expect,
            });
        }
        // Keys come out of the TOML table sorted by name; list them in the order asked.
        clauses.sort_by_key(|c| questions.iter().position(|q| q.id == c.question));
        alternatives.push(clauses);
    }
    alternatives
}
