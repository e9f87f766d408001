//! The stable code of every problem the rule-base checks report: `R` and three digits, the
//! hundreds by what is checked (0 files, 1 ids and fields, 2 questions, 3 conditions, 4 red
//! flags and safety, 5 concepts, 6 claims and patterns, 7 claim examples, 8 messages). A code is never
//! reused for another problem; docs/rule-base.md lists them all.

/// One kind of problem: its code, a kebab-case name and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub name: &'static str,
    pub explain: &'static str,
}

macro_rules! codes {
    ($($konst:ident = $code:literal $name:literal $explain:literal;)*) => {
        $(pub const $konst: Code = Code { code: $code, name: $name, explain: $explain };)*
        /// Every code, in order.
        pub const ALL: &[Code] = &[$($konst),*];
        /// The constant's name of each code of `ALL`, for the test that each one is used.
        #[cfg(test)]
        const IDENTS: &[&str] = &[$(stringify!($konst)),*];
    };
}

codes! {
    MISSING_FILE = "R001" "missing-file" "one of the eight rule files is missing";
    NOT_A_DIRECTORY = "R002" "not-a-directory" "`--rules` names something that is not a directory";
    UNREADABLE_FILE = "R003" "unreadable-file" "a rule file exists but cannot be read (permissions, size, not UTF-8)";
    INVALID_TOML = "R004" "invalid-toml" "the file is not valid TOML, or a value has the wrong type";
    UNKNOWN_OR_MISSING_FIELD = "R005" "unknown-or-missing-field" "an entry has a field it does not take, or lacks one it needs";
    CONTROL_CHARACTER = "R006" "control-character" "a key or string holds a control character or a bidirectional override";

    BAD_ID = "R101" "bad-id" "an id is empty or has characters ids cannot hold";
    DUPLICATE_ID = "R102" "duplicate-id" "two entries of one file share an id";
    EMPTY_FIELD = "R103" "empty-field" "a text field shown to the reader is empty";
    LINE_BREAK = "R104" "line-break" "the rule base's name or version has a line break";
    NO_SOURCE = "R105" "no-source" "a rule cites no source";
    UNKNOWN_SOURCE = "R106" "unknown-source" "a rule cites a source id that sources.toml does not define";

    NO_QUESTIONS = "R201" "no-questions" "questions.toml has no question";
    UNKNOWN_SECTION = "R202" "unknown-section" "a question names a section that does not exist";
    UNKNOWN_KIND = "R203" "unknown-kind" "a question's kind is not single, multi, yes-no or text";
    TOO_FEW_OPTIONS = "R204" "too-few-options" "a single or multi question lacks options (a single one needs two)";
    UNEXPECTED_OPTIONS = "R205" "unexpected-options" "a yes-no or text question has options";
    NO_DEFAULT = "R206" "no-default" "a question has no default answer";
    BAD_DEFAULT = "R207" "bad-default" "a question's default is not a valid answer to it";
    ASKED_LATER = "R208" "ask-if-asked-later" "an `ask-if` names a question asked later";
    ASK_IF_CYCLE = "R209" "ask-if-cycle" "`ask-if` conditions lead back to the question itself";
    CLAIMS_MET_OPTION = "R210" "claims-met-option" "an option of `claims-met` is not a claim id";
    CLAIMS_TEXT_KIND = "R211" "claims-text-kind" "`claims-text` is not a text question";

    EMPTY_CONDITION = "R301" "empty-condition" "a `when`, `unless` or `ask-if` list is empty";
    EMPTY_CONDITION_LINE = "R302" "empty-condition-line" "a line of a condition names no question, so it would always apply";
    UNKNOWN_QUESTION = "R303" "unknown-question" "a condition names a question that does not exist";
    TEXT_IN_CONDITION = "R304" "text-in-condition" "a condition names a text question";
    WRONG_ANSWER_TYPE = "R305" "wrong-answer-type" "a condition expects an answer of the wrong type for its question";
    UNKNOWN_OPTION = "R306" "unknown-option" "a condition names an option its question does not have";

    RED_FLAG_UNLESS = "R401" "red-flag-unless" "a red flag has `unless`";
    UNKNOWN_DISPOSITION = "R402" "unknown-disposition" "a red flag's disposition is not `urgent` or `emergency`";
    NO_RED_FLAGS = "R403" "no-red-flags" "the rule base has no red flag";
    UNUSED_ALARM_QUESTION = "R404" "unused-alarm-question" "an alarm question is used by no red flag";
    RED_FLAG_ID_REUSED = "R405" "red-flag-id-reused" "another rule has the id of a red flag";

    NO_PHRASES = "R501" "no-phrases" "a concept has no phrase";
    SHORT_ANCHOR_PHRASE = "R502" "short-anchor-phrase" "an anchor phrase has no word of three letters or more";
    BAD_PHRASE = "R503" "bad-phrase" "a phrase (of a concept, or a red flag's `mentioned-by`) does not parse";
    UNKNOWN_CONCEPT = "R504" "unknown-concept" "a claim names a concept that concepts.toml does not define";
    RESERVED_CONCEPT_IN_RULE = "R505" "reserved-concept-in-rule" "a claim's rule names `first-person`, which only the careful-page reading uses";

    UNKNOWN_VERDICT = "R601" "unknown-verdict" "a claim's verdict is not one of the four";
    NO_RECOGNISE_RULE = "R602" "no-recognise-rule" "a claim has no `recognise` rule";
    RULE_WITHOUT_ALL = "R603" "rule-without-all" "a `recognise` rule has no `all` concept";
    WITHIN_OUT_OF_RANGE = "R604" "within-out-of-range" "a rule's `within` is not between 1 and 200 words";
    EMPTY_REGEX = "R605" "empty-regex" "a rule's regex is empty";
    REGEX_TOO_LONG = "R606" "regex-too-long" "a rule's regex is longer than the limit";
    REGEX_DOES_NOT_COMPILE = "R607" "regex-does-not-compile" "a rule's regex does not compile";

    EXAMPLE_NOT_FOUND = "R701" "example-not-found" "a claim's `match` example is not recognised as the claim";
    EXAMPLE_NOT_ASSERTED = "R702" "example-not-asserted" "a claim's `match` example is found but not read as asserted";
    NO_MATCH_EXAMPLE_FOUND = "R703" "no-match-example-found" "a claim's `no-match` example is reported as the claim";

    MISSING_MESSAGE = "R801" "missing-message" "the [messages] table of meta.toml lacks a message gutcheck says";
    UNKNOWN_MESSAGE = "R802" "unknown-message" "the [messages] table holds a message id gutcheck does not know";
    UNKNOWN_MESSAGE_NAME = "R803" "unknown-message-name" "a message uses a `{name}` that gutcheck does not fill in for it";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for c in ALL {
            assert!(codes.insert(c.code), "code {} used twice", c.code);
            assert!(names.insert(c.name), "name {} used twice", c.name);
            assert!(
                c.code.len() == 4
                    && c.code.starts_with('R')
                    && c.code[1..].chars().all(|d| d.is_ascii_digit()),
                "{}",
                c.code
            );
            assert!(
                c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{}",
                c.name
            );
        }
    }

    /// Every code is reported somewhere: its constant is named outside this file.
    #[test]
    fn every_code_is_used() {
        fn sources(dir: &std::path::Path, out: &mut String) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    sources(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("codes.rs") {
                    out.push_str(&std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        let mut text = String::new();
        sources(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
            &mut text,
        );
        let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for ident in IDENTS {
            let used = text.match_indices(ident).any(|(i, _)| {
                !text[..i].ends_with(is_ident) && !text[i + ident.len()..].starts_with(is_ident)
            });
            assert!(used, "code {ident} is never reported");
        }
    }

    /// docs/rule-base.md lists every code with its name.
    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../docs/rule-base.md");
        for c in ALL {
            let row = format!("| {} | `{}` |", c.code, c.name);
            assert!(doc.contains(&row), "docs/rule-base.md lacks the row {row}");
        }
    }
}
