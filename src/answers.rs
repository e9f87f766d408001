//! A person's answers, the shapes a question can ask for, and the check that turns a TOML value
//! into an answer. A leaf: it knows nothing of the rule base or of files (`answers_file` reads
//! and writes those).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::did_you_mean;

/// One answer, in the shape its question asks for. Its serde form is the JSON value (an option
/// id, a list of ids, true/false, or the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Single(String),
    Multi(Vec<String>),
    YesNo(bool),
    Text(String),
}

impl Answer {
    /// The answer as an answers file writes it: `"daily"`, `["a", "b"]`, `true`. (In words,
    /// with the options' labels, it is `Question::describe`.)
    pub fn to_toml(&self) -> String {
        let string = |s: &str| toml::Value::String(s.to_string());
        match self {
            Answer::Single(s) | Answer::Text(s) => string(s),
            Answer::Multi(v) => toml::Value::Array(v.iter().map(|s| string(s)).collect()),
            Answer::YesNo(b) => toml::Value::Boolean(*b),
        }
        .to_string()
    }

    /// The answer as bare option ids (`daily`, `a, b`, `[]`, `true`), text quoted and cut at 60
    /// characters: how `--trace` shows what decided a rule (and its JSON contract).
    pub fn ids(&self) -> String {
        match self {
            Answer::Single(s) => s.clone(),
            Answer::Multi(v) if v.is_empty() => "[]".to_string(),
            Answer::Multi(v) => v.join(", "),
            Answer::YesNo(b) => b.to_string(),
            Answer::Text(t) if t.chars().count() > 60 => {
                format!("\"{}…\"", t.chars().take(59).collect::<String>())
            }
            Answer::Text(t) => format!("\"{t}\""),
        }
    }
}

/// Answers by question id. A question with no entry is unanswered: never guessed.
/// An answer in the built-in rule base's binary form (see `build.rs`): the variant is written
/// out, where the JSON form above leaves it to the value's shape.
pub mod tagged {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Answer;

    #[derive(Serialize, Deserialize)]
    enum Tagged {
        Single(String),
        Multi(Vec<String>),
        YesNo(bool),
        Text(String),
    }

    pub fn serialize<S: Serializer>(a: &Answer, s: S) -> Result<S::Ok, S::Error> {
        match a.clone() {
            Answer::Single(x) => Tagged::Single(x),
            Answer::Multi(x) => Tagged::Multi(x),
            Answer::YesNo(x) => Tagged::YesNo(x),
            Answer::Text(x) => Tagged::Text(x),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        Ok(match Tagged::deserialize(d)? {
            Tagged::Single(x) => Answer::Single(x),
            Tagged::Multi(x) => Answer::Multi(x),
            Tagged::YesNo(x) => Answer::YesNo(x),
            Tagged::Text(x) => Answer::Text(x),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    values: BTreeMap<String, Answer>,
}

impl Answers {
    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.values.get(id)
    }

    pub fn insert(&mut self, id: &str, a: Answer) {
        self.values.insert(id.to_string(), a);
    }

    pub fn remove(&mut self, id: &str) {
        self.values.remove(id);
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Single,
    Multi,
    YesNo,
    Text,
}

impl QuestionKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "single" => QuestionKind::Single,
            "multi" => QuestionKind::Multi,
            "yes-no" => QuestionKind::YesNo,
            "text" => QuestionKind::Text,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multi => "multi",
            QuestionKind::YesNo => "yes-no",
            QuestionKind::Text => "text",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuestionOption {
    pub id: String,
    pub label: String,
    /// In a pick-any list: ticked alone ("None of these", "Not sure").
    pub exclusive: bool,
}

/// Converts a TOML value into an answer for a question of `kind`, or says what is wrong.
pub fn answer_value(
    kind: QuestionKind,
    options: &[QuestionOption],
    v: &toml::Value,
) -> Result<Answer, String> {
    let allowed = || {
        options
            .iter()
            .map(|o| format!("\"{}\"", o.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let check = |s: &str| -> Result<(), String> {
        if options.iter().any(|o| o.id == s) {
            Ok(())
        } else {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            let mut m = format!("`{s}` is not one of the allowed values ({})", allowed());
            if let Some(d) = did_you_mean(s, ids.iter().copied()) {
                m.push_str(&format!("; {d}"));
            }
            Err(m)
        }
    };
    match (kind, v) {
        (QuestionKind::Single, toml::Value::String(s)) => {
            check(s)?;
            Ok(Answer::Single(s.clone()))
        }
        (QuestionKind::Multi, toml::Value::Array(items)) => {
            let mut out: Vec<String> = Vec::new();
            for item in items {
                let toml::Value::String(s) = item else {
                    return Err(format!(
                        "expected a list of option ids (strings), found {}",
                        type_name(item)
                    ));
                };
                check(s)?;
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
            // "None of these" and "Not sure" stand alone.
            if out.len() > 1
                && let Some(x) = out
                    .iter()
                    .find(|s| options.iter().any(|o| &o.id == *s && o.exclusive))
            {
                let others: Vec<&str> =
                    out.iter().filter(|s| *s != x).map(String::as_str).collect();
                return Err(format!(
                    "`{x}` cannot be combined with other options (here: {}); keep `{x}` alone, or remove it",
                    others.join(", ")
                ));
            }
            // Keep the rule base's option order, so equal answers look equal.
            out.sort_by_key(|s| options.iter().position(|o| &o.id == s));
            Ok(Answer::Multi(out))
        }
        (QuestionKind::YesNo, toml::Value::Boolean(b)) => Ok(Answer::YesNo(*b)),
        (QuestionKind::Text, toml::Value::String(s)) => Ok(Answer::Text(s.clone())),
        (QuestionKind::Single, other) => Err(format!(
            "expected one option id in quotes ({}), found {}",
            allowed(),
            type_name(other)
        )),
        (QuestionKind::Multi, other) => Err(format!(
            "expected a list of option ids like [\"{}\"], found {}",
            options.first().map_or("...", |o| o.id.as_str()),
            type_name(other)
        )),
        (QuestionKind::YesNo, other) => Err(format!(
            "expected true or false (without quotes), found {}",
            type_name(other)
        )),
        (QuestionKind::Text, other) => Err(format!(
            "expected text in quotes, found {}",
            type_name(other)
        )),
    }
}

pub fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "a number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true/false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}
