//! The report: what `evaluate` found, as plain data. Renderers turn it into text, Markdown or
//! JSON; its serde form is the JSON contract (`schema_version` 1).

use serde::Serialize;

/// The version of gutcheck's JSON contracts (the report and `scan --format json`), bumped
/// whenever a field is removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

pub use crate::rules::{Disposition, Urgency};

/// An alarm feature that the free text mentions but the answers do not confirm.
#[derive(Debug, Clone, Serialize)]
pub struct MentionedRedFlag {
    pub id: String,
    pub title: String,
    /// The words of the text that mention it.
    pub words: String,
    /// The question that asks about it.
    pub questions: Vec<String>,
}

/// The report's last word before the disclaimer: how soon, what to do next, what it found.
#[derive(Debug, Clone, Serialize)]
pub struct BottomLine {
    /// The disposition in words.
    pub headline: String,
    /// One or two things to do next.
    pub next: Vec<String>,
    /// What the report found, counted ("2 claims you met are unsupported; ...").
    pub counts: String,
}

/// An answer that made a rule apply ("because you said …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Because {
    pub question: String,
    pub prompt: String,
    pub answer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RedFlagHit {
    pub id: String,
    pub title: String,
    pub message: String,
    pub triggered_by: Vec<String>,
    pub because: Vec<Because>,
    pub sources: Vec<String>,
}

/// An alarm feature that the answers neither confirm nor rule out.
#[derive(Debug, Clone, Serialize)]
pub struct OpenRedFlag {
    pub id: String,
    pub title: String,
    /// The questions answered "not sure" or left unanswered.
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuidanceHit {
    pub id: String,
    pub title: String,
    pub text: String,
    pub triggered_by: Vec<String>,
    pub because: Vec<Because>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimHit {
    pub id: String,
    pub title: String,
    pub verdict: crate::rules::Verdict,
    pub summary: String,
    pub evidence: String,
    pub instead: String,
    /// Questions whose answers met the claim (`claims-met`, `claims-text`, or a `when`).
    pub triggered_by: Vec<String>,
    pub because: Vec<Because>,
    /// Words of the free-text answer that made the claim, if any.
    pub matched: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CauseHit {
    pub id: String,
    pub name: String,
    pub about: String,
    pub check: String,
    pub who: String,
    pub triggered_by: Vec<String>,
    pub because: Vec<Because>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub number: usize,
    pub id: String,
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RulesInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub rules: RulesInfo,
    /// The answers file's one-line description (personas, saved sessions), if any.
    pub description: Option<String>,
    pub urgency: Urgency,
    /// How soon and where: `emergency`, `urgent`, `routine` or `info` (see `Disposition`).
    pub disposition: Disposition,
    pub urgent_advice: Option<String>,
    pub red_flags: Vec<RedFlagHit>,
    pub red_flags_not_ruled_out: Vec<OpenRedFlag>,
    /// Alarm features the free text mentions that no answer confirms: not ruled out.
    pub red_flags_mentioned: Vec<MentionedRedFlag>,
    /// Questions that could point to a cause but were skipped or answered "not sure".
    pub causes_open: Vec<String>,
    /// Every question answered, with its prompt and the answer in words (for handouts).
    pub answers: Vec<Because>,
    pub guidance: Vec<GuidanceHit>,
    pub claims: Vec<ClaimHit>,
    /// Text was pasted at the free-text question and matched none of the known claims.
    pub claims_text_matched_none: bool,
    pub causes: Vec<CauseHit>,
    pub unanswered: Vec<String>,
    pub not_sure: Vec<String>,
    /// The prompt of every question in `unanswered` and `not_sure`, so renderers need no rule
    /// base (not part of the JSON: the ids are).
    #[serde(skip)]
    pub prompts: std::collections::BTreeMap<String, String>,
    /// The rule base's words, for the renderers (headings, labels).
    #[serde(skip)]
    pub messages: std::sync::Arc<crate::rules::messages::Messages>,
    pub sources: Vec<SourceRef>,
    pub emergency: String,
    pub bottom_line: BottomLine,
    pub disclaimer: String,
    /// Every rule, fired or not, with the answers that decided it (`--trace` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry>>,
}

/// How one rule was decided.
#[derive(Debug, Clone, Serialize)]
pub struct TraceEntry {
    /// `red-flag`, `guidance`, `claim` or `cause`.
    pub kind: &'static str,
    pub id: String,
    pub fired: bool,
    /// Not fired, but could have with other "not sure" or missing answers.
    pub open: bool,
    /// One entry per line of the rule's `when` (and, for claims, the selection and free text).
    pub checks: Vec<TraceCheck>,
}

/// One line of a rule's condition and how it came out.
#[derive(Debug, Clone, Serialize)]
pub struct TraceCheck {
    /// Human-readable condition, e.g. `nsaid-use is daily or several-days-a-week`.
    pub condition: String,
    /// What was answered for each question the line looks at.
    pub answers: Vec<TraceAnswer>,
    /// `yes`, `no` or `unknown`.
    pub result: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TraceAnswer {
    pub question: String,
    /// The answer in option ids (`null` when unanswered).
    pub answer: Option<String>,
}

impl TraceAnswer {
    /// `question = answer`, the answer as bare ids (see `Answer::ids`).
    pub fn show(&self, m: &crate::rules::messages::Messages) -> String {
        match &self.answer {
            Some(a) => format!("{} = {a}", self.question),
            None => format!("{} = {}", self.question, m.get("trace-unanswered")),
        }
    }
}

impl Report {
    /// The prompt of an open question, or its id when unknown.
    pub fn prompt<'a>(&'a self, id: &'a str) -> &'a str {
        self.prompts.get(id).map_or(id, String::as_str)
    }

    /// The number of a source in this report's list.
    pub fn source_number(&self, id: &str) -> Option<usize> {
        self.sources.iter().find(|s| s.id == id).map(|s| s.number)
    }

    /// `[1, 4]` style references for a list of source ids.
    pub fn cite(&self, ids: &[String]) -> String {
        let nums: Vec<String> = ids
            .iter()
            .filter_map(|id| self.source_number(id))
            .map(|n| n.to_string())
            .collect();
        if nums.is_empty() {
            String::new()
        } else {
            format!("[{}]", nums.join(", "))
        }
    }
}
