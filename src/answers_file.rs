//! Answers files: read and checked against the questions of a rule base, and written back out
//! (`template`, `--save-answers`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use crate::answers::{Answers, QuestionKind, answer_value};
use crate::diag::{Diagnostic, suggest};
use crate::rules::{Question, RuleBase};

/// An answers file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswersFile {
    /// One line saying who this is (personas, vignettes).
    #[serde(default)]
    description: Option<String>,
    /// Expected results, used by the test vignettes; ignored by gutcheck itself.
    #[serde(default)]
    #[allow(dead_code)]
    expect: Option<toml::Value>,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// A parsed answers file.
#[derive(Debug, Clone, Default)]
pub struct AnswersFile {
    pub description: Option<String>,
    pub answers: Answers,
}

/// Parses and checks an answers file; `file` names it in messages. Every problem is reported.
pub fn parse(file: &str, text: &str, rb: &RuleBase) -> Result<AnswersFile, Vec<Diagnostic>> {
    let raw: RawAnswersFile = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().to_string();
        let help = if msg.contains("unknown field") {
            "an answers file holds `description = \"...\"` and an [answers] table; `gutcheck template` prints one"
        } else {
            "fix the TOML syntax here; `gutcheck template` prints a valid answers file"
        };
        vec![Diagnostic::at(file, text, e.span(), msg).with_help(help)]
    })?;
    let mut diags = Vec::new();
    let mut answers = Answers::default();
    for (key, value) in raw.answers {
        let id = key.get_ref();
        let Some(q) = rb.question(id) else {
            diags.push(
                Diagnostic::at(
                    file,
                    text,
                    Some(key.span()),
                    format!("unknown question id `{id}`"),
                )
                .with_rule(id.clone())
                .with_help(suggest(
                    id,
                    rb.questions.iter().map(|q| q.id.as_str()),
                    "`gutcheck list` shows every question id",
                )),
            );
            continue;
        };
        match answer_value(q.kind, &q.options, value.get_ref()) {
            Ok(a) => answers.insert(id, a),
            Err(msg) => diags.push(
                Diagnostic::at(file, text, Some(value.span()), format!("bad answer: {msg}"))
                    .with_rule(id.clone())
                    .with_help(allowed_help(q)),
            ),
        }
    }
    if diags.is_empty() {
        Ok(AnswersFile {
            description: raw.description,
            answers,
        })
    } else {
        Err(diags)
    }
}

fn allowed_help(q: &Question) -> String {
    match q.kind {
        QuestionKind::Single => format!(
            "`{}` takes one of: {}",
            q.id,
            q.option_ids()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionKind::Multi => format!(
            "`{}` takes a list of any of: {} (use [] for none)",
            q.id,
            q.option_ids()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionKind::YesNo => format!("`{}` takes true or false", q.id),
        QuestionKind::Text => format!("`{}` takes text in quotes", q.id),
    }
}

/// Rule text in a comment: a line break in it would end the comment and break the file.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A commented answers file. With `answers = None` it is the template (every default);
/// otherwise it holds the given answers and leaves unanswered questions commented out.
pub fn write_file(rb: &RuleBase, description: Option<&str>, answers: Option<&Answers>) -> String {
    let m = &*rb.meta.messages;
    // A message as comment lines: each of its lines after `# `.
    let comment = |s: &mut String, text: &str| {
        for line in text.lines() {
            let _ = writeln!(s, "# {line}");
        }
    };
    let mut s = String::new();
    comment(
        &mut s,
        &m.fill(
            "template-header",
            &[("name", &rb.meta.name), ("version", &rb.meta.version)],
        ),
    );
    let _ = writeln!(s);
    let template = m.get("template-description");
    let desc = match (description, answers) {
        (Some(d), _) => Some(d),
        (None, None) => Some(template.as_ref()),
        // Saved answers replay to the identical report: no description is invented.
        (None, Some(_)) => None,
    };
    match desc {
        Some(d) => {
            let _ = writeln!(s, "description = {}", toml::Value::String(d.to_string()));
        }
        None => {
            let example = toml::Value::String(m.get("template-description-hint").into_owned());
            let _ = writeln!(s, "# description = {example}");
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "[answers]");
    let mut section = "";
    for q in &rb.questions {
        if q.section != section {
            section = &q.section;
            let _ = writeln!(s, "\n# --- {section} ---");
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "# {}", one_line(&q.prompt));
        match q.kind {
            QuestionKind::Single | QuestionKind::Multi => {
                let id = if q.kind == QuestionKind::Single {
                    "template-one-of"
                } else {
                    "template-any-of"
                };
                comment(&mut s, &m.get(id));
                for o in &q.options {
                    let _ = writeln!(s, "#   \"{}\"  {}", o.id, one_line(&o.label));
                }
            }
            QuestionKind::YesNo => comment(&mut s, &m.get("template-yes-no")),
            QuestionKind::Text => comment(&mut s, &m.get("template-text")),
        }
        let default = q.default.to_toml();
        comment(&mut s, &m.fill("template-default", &[("value", &default)]));
        match answers {
            None => {
                let _ = writeln!(s, "{} = {}", q.id, q.default.to_toml());
            }
            Some(a) => match a.get(&q.id) {
                Some(v) => {
                    let _ = writeln!(s, "{} = {}", q.id, v.to_toml());
                }
                None => {
                    let _ = writeln!(s, "# {} = {}", q.id, m.get("trace-unanswered"));
                }
            },
        }
    }
    s
}
