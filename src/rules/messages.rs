//! The words gutcheck says itself: report headings and labels, verdict labels, the interactive
//! session's prompts, scan summaries and answers in words. They live in the rule base (the
//! `[messages]` table of `meta.toml`), so a rule base in another language is a rules directory,
//! not a code change.
//!
//! A message is a template: `{name}` is replaced by a value the code supplies (the names each
//! message may use are in [`CATALOGUE`]). A count has two messages, `ID-one` and `ID-other`.

use std::collections::BTreeMap;
use std::fmt::Display;

/// Every message the code uses, with the `{names}` its template may hold. The rule base must
/// give each one, and nothing else.
pub const CATALOGUE: &[(&str, &[&str])] = &[
    // The report, in every format.
    ("report-title", &[]),
    ("report-rules", &["name", "version"]),
    ("report-answers", &[]),
    ("report-urgency", &["label", "meaning"]),
    ("label-emergency", &[]),
    ("label-urgent", &[]),
    ("label-routine", &[]),
    ("label-info", &[]),
    ("meaning-emergency", &[]),
    ("meaning-urgent", &[]),
    ("meaning-routine", &[]),
    ("meaning-info", &[]),
    ("meaning-info-open", &[]),
    ("open-alarms-one", &["n"]),
    ("open-alarms-other", &["n"]),
    ("open-alarms-advice", &[]),
    ("heading-emergency", &[]),
    ("heading-urgent", &[]),
    ("heading-mentioned", &[]),
    ("mentioned-intro", &[]),
    ("mentioned-item", &["words"]),
    ("heading-not-ruled-out", &[]),
    ("not-ruled-out-intro", &[]),
    ("heading-guidance", &[]),
    ("heading-claims", &[]),
    ("claims-none", &[]),
    ("text-matched-none", &[]),
    ("label-verdict", &[]),
    ("label-evidence", &[]),
    ("label-instead", &[]),
    ("label-in-your-words", &[]),
    ("label-because", &[]),
    ("heading-causes", &[]),
    ("causes-none-open", &[]),
    ("causes-none", &[]),
    ("label-why-it-matters", &[]),
    ("label-how-checked", &[]),
    ("label-whom-to-ask", &[]),
    ("heading-open-points", &[]),
    ("label-not-sure", &[]),
    ("label-unanswered", &[]),
    ("heading-trace", &[]),
    ("trace-fired", &[]),
    ("trace-open", &[]),
    ("trace-not-fired", &[]),
    ("trace-line", &["result", "condition", "answered"]),
    ("trace-unanswered", &[]),
    ("trace-yes", &[]),
    ("trace-no", &[]),
    ("trace-unknown", &[]),
    ("trace-column-rule", &[]),
    ("trace-column-fired", &[]),
    ("trace-column-condition", &[]),
    ("trace-column-answered", &[]),
    ("trace-column-result", &[]),
    ("trace-clause", &["question", "values"]),
    ("trace-or", &[]),
    ("trace-and", &[]),
    ("trace-claim-met", &["question", "claim"]),
    ("trace-claim-text", &["question", "claim"]),
    ("heading-your-answers", &[]),
    ("heading-sources", &[]),
    ("heading-bottom-line", &[]),
    ("heading-disclaimer", &[]),
    ("verdict-unsupported", &[]),
    ("verdict-overstated", &[]),
    ("verdict-wrong-order", &[]),
    ("verdict-overreach", &[]),
    // The bottom line.
    ("bottom-emergency", &[]),
    ("bottom-urgent", &[]),
    ("bottom-routine", &[]),
    ("bottom-info-open-alarms", &[]),
    ("bottom-info-open-causes", &[]),
    ("bottom-info", &[]),
    ("next-tell", &["list"]),
    ("next-read-first", &["title"]),
    ("next-ask-about", &["list"]),
    ("next-check-open", &[]),
    ("list-separator", &[]),
    ("count-alarms-one", &["n"]),
    ("count-alarms-other", &["n"]),
    ("count-claims-one", &["n", "how"]),
    ("count-claims-other", &["n", "how"]),
    ("claims-how-unsupported", &[]),
    ("claims-how-overstated", &[]),
    ("claims-how-mixed", &["unsupported", "overstated"]),
    ("count-causes-one", &["n"]),
    ("count-causes-other", &["n"]),
    ("counts-none", &[]),
    ("counts", &["list"]),
    // Answers in words.
    ("answer-none-of-these", &[]),
    ("answer-yes", &[]),
    ("answer-no", &[]),
    ("answer-nothing-typed", &[]),
    ("answer-long-text", &["head", "n"]),
    // The interactive session.
    ("session-title", &[]),
    ("session-keys", &[]),
    ("session-question", &["k", "total", "section"]),
    ("session-follow-up", &["section"]),
    ("session-multi-keys", &[]),
    ("session-why", &["why"]),
    ("session-why-item", &[]),
    ("session-skipped", &[]),
    ("session-first-question", &[]),
    ("session-back", &[]),
    ("session-mentioned-again", &["words"]),
    ("session-answer-this", &[]),
    ("session-yes", &[]),
    ("session-no", &[]),
    ("session-text-keys", &[]),
    ("session-text-label", &[]),
    ("session-scroll", &["first", "last", "total"]),
    ("session-characters", &["n"]),
    ("session-text-cut", &["dropped"]),
    ("section-alarm", &[]),
    ("section-symptoms", &[]),
    ("section-medicines", &[]),
    ("section-lifestyle", &[]),
    ("section-history", &[]),
    ("section-diet", &[]),
    ("section-labs", &[]),
    ("section-claims", &[]),
    // `gutcheck list` and `gutcheck explain`.
    ("list-questions", &["n"]),
    ("list-red-flags", &["n"]),
    ("list-claims", &["n"]),
    ("list-causes", &["n"]),
    ("list-guidance", &["n"]),
    ("list-more", &[]),
    ("explain-kind-claim", &[]),
    ("explain-kind-cause", &[]),
    ("explain-kind-red-flag", &[]),
    ("explain-kind-guidance", &[]),
    ("explain-kind-question", &[]),
    ("explain-summary", &[]),
    ("explain-evidence", &[]),
    ("explain-instead", &[]),
    ("explain-example", &[]),
    ("explain-recognised", &[]),
    ("explain-recognised-text", &["rules"]),
    ("explain-rule-topic", &["concept"]),
    ("explain-rule-ordered", &[]),
    ("explain-rule-within", &["n"]),
    ("explain-rule-without", &["concepts"]),
    ("explain-rule-or", &[]),
    ("explain-why-it-matters", &[]),
    ("explain-how-checked", &[]),
    ("explain-whom-to-ask", &[]),
    ("explain-answers-pointing", &[]),
    ("explain-and", &[]),
    ("explain-alarm", &[]),
    ("explain-advice", &[]),
    ("explain-why-we-ask", &[]),
    ("explain-answers", &[]),
    // Answers files (`template`, `--save-answers`): comment lines.
    ("template-header", &["name", "version"]),
    ("template-description", &[]),
    ("template-description-hint", &[]),
    ("template-one-of", &[]),
    ("template-any-of", &[]),
    ("template-yes-no", &[]),
    ("template-text", &[]),
    ("template-default", &["value"]),
    // `gutcheck scan`.
    ("scan-not-asserted", &["reason"]),
    ("scan-mentioned-not-claimed", &["reason"]),
    ("scan-files-one", &["n"]),
    ("scan-files-other", &["n"]),
    ("scan-none-found", &["files"]),
    ("scan-found-one", &["n", "files"]),
    ("scan-found-other", &["n", "files"]),
    ("scan-not-counted-one", &["n"]),
    ("scan-not-counted-other", &["n"]),
    ("scan-binary-skipped", &["n"]),
    ("scan-unreadable", &["n"]),
    ("scan-binary-file", &["file"]),
    ("reason-question", &[]),
    ("reason-myth-heading", &[]),
    ("reason-reported", &[]),
    ("reason-refuted", &[]),
    ("reason-negated", &[]),
    ("reason-hedged", &[]),
    ("reason-rebutted", &[]),
    ("reason-careful-page", &[]),
    ("reason-question-long", &[]),
    ("reason-myth-heading-long", &[]),
    ("reason-reported-long", &[]),
    ("reason-refuted-long", &[]),
    ("reason-negated-long", &[]),
    ("reason-hedged-long", &[]),
    ("reason-rebutted-long", &[]),
    ("reason-careful-page-long", &[]),
];

/// The messages of a rule base, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Messages(BTreeMap<String, String>);

impl Messages {
    /// Messages as the loader checked them (see [`Messages::problems`]).
    pub fn new(map: BTreeMap<String, String>) -> Messages {
        Messages(map)
    }

    /// The message `id` as written. An id the rule base lacks (the loader refuses such a rule
    /// base) shows as `⟨id⟩` rather than failing.
    pub fn get(&self, id: &str) -> std::borrow::Cow<'_, str> {
        debug_assert!(
            CATALOGUE.iter().any(|(c, _)| *c == id),
            "message `{id}` is not in the catalogue"
        );
        match self.0.get(id) {
            Some(s) => std::borrow::Cow::Borrowed(s.as_str()),
            None => std::borrow::Cow::Owned(format!("⟨{id}⟩")),
        }
    }

    /// The message `id` with each `{name}` replaced by its value.
    pub fn fill(&self, id: &str, args: &[(&str, &dyn Display)]) -> String {
        let template = self.get(id);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest: &str = &template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').and_then(|close| {
                let name = &after[..close];
                args.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (close, v))
            }) {
                Some((close, v)) => {
                    out.push_str(&v.to_string());
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `ID-one` when `n` is 1, else `ID-other`, with `{n}` and the other values filled in.
    pub fn count(
        &self,
        id: &str,
        n: impl Display + PartialEq<usize>,
        args: &[(&str, &dyn Display)],
    ) -> String {
        let which = if n == 1 { "one" } else { "other" };
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
        all.extend_from_slice(args);
        self.fill(&format!("{id}-{which}"), &all)
    }

    /// What is wrong with a `[messages]` table, by message id: missing ids, unknown ids (with
    /// the closest known one), and `{names}` a template may not use. Empty when all is well.
    pub fn problems(map: &BTreeMap<String, String>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (id, names) in CATALOGUE {
            match map.get(*id) {
                None => out.push((
                    id.to_string(),
                    format!("message `{id}` is missing from [messages]"),
                )),
                Some(t) => {
                    for name in placeholders(t) {
                        if !names.contains(&name) {
                            let allowed = if names.is_empty() {
                                "it takes no values".to_string()
                            } else {
                                format!(
                                    "it may use {}",
                                    names
                                        .iter()
                                        .map(|n| format!("{{{n}}}"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            };
                            out.push((
                                id.to_string(),
                                format!(
                                    "message `{id}` uses {{{name}}}, which is not given: {allowed}"
                                ),
                            ));
                        }
                    }
                }
            }
        }
        for id in map.keys() {
            if !CATALOGUE.iter().any(|(c, _)| c == id) {
                out.push((id.clone(), format!("unknown message `{id}`")));
            }
        }
        out
    }
}

/// The `{names}` in a template (a `{` not followed by a name and `}` is text).
fn placeholders(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-') =>
            {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(pairs: &[(&str, &str)]) -> Messages {
        Messages::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn fills_names_and_leaves_other_braces() {
        let m = messages(&[("report-rules", "(rules: {name} {version}) {x} {")]);
        assert_eq!(
            m.fill("report-rules", &[("name", &"base"), ("version", &"1.0")]),
            "(rules: base 1.0) {x} {"
        );
    }

    #[test]
    fn counts_pick_one_or_other() {
        let m = messages(&[
            ("count-causes-one", "1 cause"),
            ("count-causes-other", "{n} causes"),
        ]);
        assert_eq!(m.count("count-causes", 1usize, &[]), "1 cause");
        assert_eq!(m.count("count-causes", 3usize, &[]), "3 causes");
    }

    #[test]
    fn the_catalogue_has_no_duplicates() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn problems_name_missing_unknown_and_bad_names() {
        let mut map: BTreeMap<String, String> = CATALOGUE
            .iter()
            .map(|(id, _)| (id.to_string(), "x".to_string()))
            .collect();
        assert!(Messages::problems(&map).is_empty());
        map.remove("report-title");
        map.insert("report-titel".into(), "x".into());
        map.insert("report-urgency".into(), "{label} {colour}".into());
        let p: Vec<String> = Messages::problems(&map).into_iter().map(|p| p.1).collect();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("`report-title` is missing"));
        assert!(p[1].contains("{colour}") && p[1].contains("{label}, {meaning}"));
        assert!(p[2].contains("unknown message `report-titel`"));
    }
}
