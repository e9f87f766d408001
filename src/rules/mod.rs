//! The rule base: questions, red flags, guidance, claims, causes, sources and the disclaimer,
//! with `when` logic in `condition`. Everything here is plain data: no files, no terminal,
//! no output. `loader` reads the TOML files and `check` turns them into these types.

pub mod condition;
pub mod messages;

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use crate::answers::{Answer, QuestionKind, QuestionOption};
pub use condition::{Clause, Condition, Expect, NOT_SURE};

/// The eight files of a rule base, in the order they are read.
pub const RULE_FILES: [&str; 8] = [
    "meta.toml",
    "concepts.toml",
    "questions.toml",
    "red-flags.toml",
    "guidance.toml",
    "claims.toml",
    "causes.toml",
    "sources.toml",
];

/// Where a rule base came from, for messages and `--version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    BuiltIn,
    Dir(PathBuf),
}

impl Origin {
    /// How a file of this rule base is named in messages.
    pub fn file_name(&self, file: &str) -> String {
        match self {
            Origin::BuiltIn => format!("<built-in>/{file}"),
            Origin::Dir(dir) => dir.join(file).display().to_string(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => write!(f, "built-in"),
            Origin::Dir(d) => write!(f, "{}", d.display()),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    pub version: String,
    pub disclaimer: String,
    pub intro: String,
    pub urgent: String,
    pub emergency: String,
    /// Every word gutcheck says itself, shared by the report (which carries it to the
    /// renderers), the session and scan.
    pub messages: std::sync::Arc<messages::Messages>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// Nothing points to a cause: education only.
    Info,
    /// One or more established causes are worth raising with a clinician.
    Routine,
    /// An alarm feature is present: see a clinician promptly.
    Urgent,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Info => "info",
            Urgency::Routine => "routine",
            Urgency::Urgent => "urgent",
        }
    }
}

/// What to do and how soon, in telephone-triage terms (finer than `Urgency`, which it
/// refines: `emergency` and `urgent` are both `urgency: urgent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    /// Education only.
    Info,
    /// Worth raising with a clinician at a routine appointment.
    Routine,
    /// See a clinician within days.
    Urgent,
    /// Same-day or emergency care.
    Emergency,
}

impl Disposition {
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::Info => "info",
            Disposition::Routine => "routine",
            Disposition::Urgent => "urgent",
            Disposition::Emergency => "emergency",
        }
    }
}

/// Sections questions are grouped under, in the order a session visits them.
pub const SECTIONS: [&str; 8] = [
    "alarm",
    "symptoms",
    "medicines",
    "lifestyle",
    "history",
    "diet",
    "labs",
    "claims",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub section: String,
    pub kind: QuestionKind,
    pub prompt: String,
    pub help: Option<String>,
    pub why: String,
    pub options: Vec<QuestionOption>,
    #[serde(with = "crate::answers::tagged")]
    pub default: Answer,
    /// In the interactive session, ask only when this holds on earlier answers; otherwise
    /// take the default without asking (`ask-if` in the TOML).
    pub ask_if: Option<Condition>,
}

impl Question {
    pub fn option(&self, id: &str) -> Option<&QuestionOption> {
        self.options.iter().find(|o| o.id == id)
    }

    pub fn option_ids(&self) -> impl Iterator<Item = &str> {
        self.options.iter().map(|o| o.id.as_str())
    }

    /// The label of an option id, or the id itself if unknown.
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.option(id).map_or(id, |o| o.label.as_str())
    }

    /// An answer in words, as the person would recognise it.
    pub fn describe(&self, answer: &Answer, m: &messages::Messages) -> String {
        match answer {
            Answer::Single(id) => self.label(id).to_string(),
            Answer::Multi(ids) if ids.is_empty() => m.get("answer-none-of-these").into_owned(),
            Answer::Multi(ids) => ids
                .iter()
                .map(|id| self.label(id))
                .collect::<Vec<_>>()
                .join(", "),
            Answer::YesNo(true) => m.get("answer-yes").into_owned(),
            Answer::YesNo(false) => m.get("answer-no").into_owned(),
            Answer::Text(t) => {
                let t = t.trim();
                let n = t.chars().count();
                if n == 0 {
                    m.get("answer-nothing-typed").into_owned()
                } else if n > 120 {
                    // A long paste is quoted once, briefly; its length says the rest.
                    let head: String = t.chars().take(100).collect();
                    m.fill("answer-long-text", &[("head", &head.trim_end()), ("n", &n)])
                } else {
                    format!("\"{t}\"")
                }
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RedFlag {
    pub id: String,
    pub title: String,
    pub message: String,
    pub when: Condition,
    pub sources: Vec<String>,
    /// How soon: `Emergency` (same day or emergency care) or `Urgent` (within days).
    pub disposition: Disposition,
    /// Phrases that, in the free-text answer, mention this alarm feature.
    pub mentioned_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Guidance {
    pub id: String,
    pub title: String,
    pub text: String,
    pub when: Condition,
    pub sources: Vec<String>,
    /// Advice that is itself a reason to see a clinician (tests for relatives): the report
    /// is at least `routine` when it applies.
    pub routine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Unsupported,
    Overstated,
    WrongOrder,
    Overreach,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Unsupported,
        Verdict::Overstated,
        Verdict::WrongOrder,
        Verdict::Overreach,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unsupported => "unsupported",
            Verdict::Overstated => "overstated",
            Verdict::WrongOrder => "wrong-order",
            Verdict::Overreach => "overreach",
        }
    }
}

impl Verdict {
    /// The verdict in words, for people (reports); `as_str` is the id, for machines.
    pub fn label(self, m: &messages::Messages) -> String {
        m.get(&format!("verdict-{}", self.as_str())).into_owned()
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Examples {
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub title: String,
    pub verdict: Verdict,
    pub summary: String,
    pub evidence: String,
    pub instead: String,
    pub sources: Vec<String>,
    pub when: Condition,
    /// How the claim is recognised in text: any one rule that holds in a sentence.
    pub recognise: Vec<TextRule>,
    /// Assertion cues that do not count against this claim (its own wording uses them:
    /// "leaky gut is not real" is negated in form but asserts `fake-condition`).
    pub ignore_cues: Vec<String>,
    /// The over-sceptical claim ("leaky gut is made up"): a careful page makes it in its own
    /// voice, so the careful-page reading (`scan::source::Scanner::settled`) leaves it counted.
    pub sceptics_claim: bool,
    pub examples: Examples,
}

/// A named vocabulary: the phrases that express one idea ("a repair verb", "a time span").
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Concept {
    pub id: String,
    pub about: String,
    /// Phrases as written (with `{a,b}` alternatives and a trailing `*`), for listing.
    pub written: Vec<String>,
    /// Every phrase spelled out: lower case, hyphens as spaces, `*` kept at the end.
    pub phrases: Phrases,
    /// The scanner looks for text around this concept's phrases first (they are rare
    /// outside pages about the gut), so every claim rule should need one anchor concept.
    pub anchor: bool,
    /// A phrase of this concept in short quote marks ('it was "die-off"') keeps the claim at a
    /// distance, although the concept is an anchor (an anchor's words in quotes otherwise
    /// name the subject: '"leaky gut" is made up').
    #[serde(default)]
    pub scare_quotes: bool,
}

/// Every phrase of a concept spelled out, held in one string, one phrase per line. The
/// built-in rule base spells out about 19,000 phrases; read back one allocation each, they
/// were a third of a scripted triage's time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phrases(String);

/// The phrases of [`Phrases`], in order.
pub struct PhraseIter<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for PhraseIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                self.rest = Some(&rest[i + 1..]);
                Some(&rest[..i])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

impl Phrases {
    pub fn iter(&self) -> PhraseIter<'_> {
        PhraseIter {
            rest: (!self.0.is_empty()).then_some(self.0.as_str()),
        }
    }

    pub fn len(&self) -> usize {
        match self.0.is_empty() {
            true => 0,
            false => memchr::memchr_iter(b'\n', self.0.as_bytes()).count() + 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Phrases {
    /// Phrases are spelled out on one line each; a line break inside one reads as a space.
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Phrases {
        let mut text = String::new();
        for (i, p) in iter.into_iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.extend(p.as_ref().chars().map(|c| if c == '\n' { ' ' } else { c }));
        }
        Phrases(text)
    }
}

impl<'a> IntoIterator for &'a Phrases {
    type Item = &'a str;
    type IntoIter = PhraseIter<'a>;

    fn into_iter(self) -> PhraseIter<'a> {
        self.iter()
    }
}

/// One way a claim is said: concepts that must occur together in one sentence.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TextRule {
    /// Concepts that must all occur in the sentence.
    pub all: Vec<String>,
    /// Concepts that must occur in the sentence or in the page's topic (its title or the
    /// heading above the sentence).
    pub topic: Vec<String>,
    /// Concepts that must not occur in the sentence.
    pub none: Vec<String>,
    /// The sentence's concepts occur in the order of `all`.
    pub ordered: bool,
    /// All of the sentence's concepts lie within this many words.
    pub within: Option<usize>,
    /// A regular expression the sentence must also match (for the rare case that needs one).
    pub regex: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cause {
    pub id: String,
    pub name: String,
    pub about: String,
    pub check: String,
    pub who: String,
    pub when: Condition,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub citation: String,
}

/// The question whose options are claim ids ("which of these have you met?").
pub const CLAIMS_MET: &str = "claims-met";
/// The free-text question matched against claim patterns.
pub const CLAIMS_TEXT: &str = "claims-text";

/// A loaded, checked rule base.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleBase {
    pub origin: Origin,
    pub meta: Meta,
    pub questions: Vec<Question>,
    pub red_flags: Vec<RedFlag>,
    pub guidance: Vec<Guidance>,
    /// The vocabulary claims are recognised with, and the assertion cues.
    pub concepts: Vec<Concept>,
    pub claims: Vec<Claim>,
    pub causes: Vec<Cause>,
    pub sources: Vec<Source>,
}

impl RuleBase {
    /// A rule base with only these concepts (id, spelled-out phrases), for unit tests of the
    /// matcher that must not depend on the built-in rules.
    #[cfg(test)]
    pub fn for_tests(concepts: &[(&str, &[&str])]) -> RuleBase {
        RuleBase {
            origin: Origin::BuiltIn,
            meta: Meta::default(),
            questions: Vec::new(),
            red_flags: Vec::new(),
            guidance: Vec::new(),
            concepts: concepts
                .iter()
                .map(|(id, phrases)| Concept {
                    id: id.to_string(),
                    about: String::new(),
                    written: phrases.iter().map(|p| p.to_string()).collect(),
                    phrases: phrases.iter().map(|p| p.to_string()).collect(),
                    ..Default::default()
                })
                .collect(),
            claims: Vec::new(),
            causes: Vec::new(),
            sources: Vec::new(),
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Ids of every question whose answer can raise a red flag.
    pub fn alarm_questions(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for rf in &self.red_flags {
            for q in rf.when.questions() {
                if !ids.contains(&q) {
                    ids.push(q);
                }
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::Phrases;

    #[test]
    fn phrases_come_back_as_they_went_in() {
        let none: Phrases = Vec::<String>::new().into_iter().collect();
        assert!(none.is_empty());
        assert_eq!(none.len(), 0);
        assert_eq!(none.iter().count(), 0);
        let p: Phrases = ["leaky gut", "gut lining*", "#-day"].into_iter().collect();
        assert_eq!(p.len(), 3);
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            ["leaky gut", "gut lining*", "#-day"]
        );
        // A line break inside a phrase cannot split it in two.
        let wrapped: Phrases = ["gut\nlining"].into_iter().collect();
        assert_eq!((&wrapped).into_iter().collect::<Vec<_>>(), ["gut lining"]);
    }
}
