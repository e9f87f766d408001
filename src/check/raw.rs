//! The rule files exactly as written: a serde mirror of the TOML with spans kept on every id and
//! reference, so that `check` can point at the line and column of a problem. Flat structs and
//! `deny_unknown_fields` everywhere: a misspelt key is an error, not a silently ignored field.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One line of a `when` list: question id → expected option(s) or boolean.
pub type RawClauseLine = Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetaFile {
    pub name: Spanned<String>,
    pub version: Spanned<String>,
    pub disclaimer: Spanned<String>,
    pub intro: Spanned<String>,
    pub urgent: Spanned<String>,
    pub emergency: Spanned<String>,
    /// Every word gutcheck says itself (see `rules::messages`).
    #[serde(default)]
    pub messages: std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionsFile {
    #[serde(default)]
    pub question: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub section: Spanned<String>,
    pub kind: Spanned<String>,
    pub prompt: Spanned<String>,
    #[serde(default)]
    pub help: Option<String>,
    pub why: Spanned<String>,
    pub default: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub options: Vec<RawOption>,
    /// Ask only when this holds (on earlier answers); otherwise the default is taken.
    #[serde(default)]
    pub ask_if: Option<Spanned<Vec<RawClauseLine>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOption {
    pub id: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub exclusive: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RedFlagsFile {
    #[serde(default, rename = "red-flag")]
    pub red_flag: Vec<RawRedFlag>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRedFlag {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub message: Spanned<String>,
    pub when: Spanned<Vec<RawClauseLine>>,
    #[serde(default)]
    pub unless: Option<Spanned<Vec<RawClauseLine>>>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub disposition: Option<Spanned<String>>,
    #[serde(default)]
    pub mentioned_by: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GuidanceFile {
    #[serde(default)]
    pub guidance: Vec<RawGuidance>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawGuidance {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub text: Spanned<String>,
    pub when: Spanned<Vec<RawClauseLine>>,
    #[serde(default)]
    pub unless: Option<Spanned<Vec<RawClauseLine>>>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub routine: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConceptsFile {
    #[serde(default)]
    pub concept: Vec<RawConcept>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConcept {
    pub id: Spanned<String>,
    pub about: Spanned<String>,
    #[serde(default)]
    pub anchor: bool,
    #[serde(default)]
    pub scare_quotes: bool,
    pub phrases: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimsFile {
    #[serde(default)]
    pub claim: Vec<RawClaim>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTextRule {
    #[serde(default)]
    pub all: Vec<Spanned<String>>,
    #[serde(default)]
    pub topic: Vec<Spanned<String>>,
    #[serde(default)]
    pub none: Vec<Spanned<String>>,
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub within: Option<Spanned<i64>>,
    #[serde(default)]
    pub regex: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawClaim {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub verdict: Spanned<String>,
    pub summary: Spanned<String>,
    pub evidence: Spanned<String>,
    pub instead: Spanned<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub when: Option<Spanned<Vec<RawClauseLine>>>,
    #[serde(default)]
    pub unless: Option<Spanned<Vec<RawClauseLine>>>,
    pub recognise: Spanned<Vec<Spanned<RawTextRule>>>,
    #[serde(default)]
    pub ignore_cues: Vec<Spanned<String>>,
    #[serde(default)]
    pub sceptics_claim: bool,
    #[serde(default)]
    pub examples: Option<RawExamples>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawExamples {
    #[serde(default, rename = "match")]
    pub must_match: Vec<Spanned<String>>,
    #[serde(default, rename = "no-match")]
    pub must_not_match: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CausesFile {
    #[serde(default)]
    pub cause: Vec<RawCause>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCause {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub about: Spanned<String>,
    pub check: Spanned<String>,
    pub who: Spanned<String>,
    pub when: Spanned<Vec<RawClauseLine>>,
    #[serde(default)]
    pub unless: Option<Spanned<Vec<RawClauseLine>>>,
    pub sources: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourcesFile {
    #[serde(default)]
    pub source: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSource {
    pub id: Spanned<String>,
    pub citation: Spanned<String>,
}
