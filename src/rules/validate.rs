//! Raw rule files → a checked `RuleBase`. Every problem is recorded with its file, line,
//! column, rule id and a hint, and loading goes on so that one run reports them all; the
//! rule base is returned only when there are none.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::raw::{self, RawClauseLine};
use super::*;
use crate::answers::{Answer, answer_value, type_name};
use crate::diag::{Diagnostic, closest};

/// Longest regex pattern accepted, in bytes: `--rules DIR` makes patterns user input.
pub const MAX_PATTERN_LEN: usize = 2_000;
/// Compiled-size cap for one regex (regex-lite's `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Compile every regex to check it. Off for the built-in rule base in ordinary runs (its
    /// patterns are compiled and tested by `cargo test`), so a triage run compiles nothing
    /// it does not use.
    pub check_patterns: bool,
}

struct Ctx<'a> {
    origin: &'a Origin,
    diags: Vec<Diagnostic>,
}

/// One file's name and text while validating.
#[derive(Clone, Copy)]
struct Src<'a> {
    name: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(
        &mut self,
        src: Src<'_>,
        span: Option<Range<usize>>,
        rule: Option<&str>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::at(self.origin.file_name(src.name), src.text, span, message);
        if let Some(r) = rule {
            d = d.with_rule(r);
        }
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    fn parse<T: DeserializeOwned>(&mut self, src: Src<'_>) -> Option<T> {
        match toml::from_str::<T>(src.text) {
            Ok(v) => {
                self.printable_strings(src);
                Some(v)
            }
            Err(e) => {
                let msg = e.message().trim().to_string();
                let help = if msg.contains("unknown field") || msg.contains("missing field") {
                    "see docs/rule-base.md for the fields each entry takes"
                } else {
                    "fix the TOML syntax at this place (strings need quotes; regexes go in 'single quotes')"
                };
                self.err(src, e.span(), None, msg, Some(help.to_string()));
                None
            }
        }
    }
}

impl Ctx<'_> {
    /// Every key and string of a rule file is shown to users: a control character or a
    /// bidirectional override in one (an escape sequence, a BEL, a hidden reordering) is
    /// refused. New lines and tabs are allowed in strings, which are wrapped as paragraphs.
    fn printable_strings(&mut self, src: Src<'_>) {
        use toml::de::{DeTable, DeValue};
        let Ok(parsed) = DeTable::parse(src.text) else {
            return;
        };
        let mut bad: Vec<(Range<usize>, String)> = Vec::new();
        fn walk(v: &Spanned<DeValue<'_>>, bad: &mut Vec<(Range<usize>, String)>) {
            match v.get_ref() {
                DeValue::String(s) => {
                    let s = s.replace("\r\n", "\n");
                    if s.chars()
                        .any(|c| crate::printable::is_unsafe(c) && c != '\n' && c != '\t')
                    {
                        bad.push((v.span(), s));
                    }
                }
                DeValue::Array(items) => items.iter().for_each(|i| walk(i, bad)),
                DeValue::Table(t) => table(t, bad),
                _ => {}
            }
        }
        fn table(t: &toml::de::DeTable<'_>, bad: &mut Vec<(Range<usize>, String)>) {
            for (k, v) in t {
                if k.get_ref().chars().any(crate::printable::is_unsafe) {
                    bad.push((k.span(), k.get_ref().to_string()));
                }
                walk(v, bad);
            }
        }
        table(parsed.get_ref(), &mut bad);
        for (span, s) in bad {
            self.err(
                src,
                Some(span),
                None,
                format!(
                    "control character in {}",
                    crate::printable::capped(&s, 80)
                ),
                Some("rule text is shown on terminals: remove escape sequences, control characters and bidirectional overrides (new lines and tabs are fine)".into()),
            );
        }
    }
}

/// Loads a rule base from the texts of its files (`(file name, text)` for each name in
/// `RULE_FILES`; a missing one is an error).
pub fn load(
    origin: Origin,
    files: &[(String, String)],
    opts: LoadOptions,
) -> Result<RuleBase, Vec<Diagnostic>> {
    let mut ctx = Ctx {
        origin: &origin,
        diags: Vec::new(),
    };
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    };
    let mut srcs: BTreeMap<&str, Src<'_>> = BTreeMap::new();
    for name in RULE_FILES {
        match get(name) {
            Some(text) => {
                srcs.insert(name, Src { name, text });
            }
            None => ctx.diags.push(
                Diagnostic::file_level(origin.file_name(name), "this rule file is missing")
                    .with_help(format!(
                        "a rule base directory holds {}; `gutcheck rules export DIR` writes a complete one to start from",
                        RULE_FILES.join(", ")
                    )),
            ),
        }
    }
    let meta: Option<raw::MetaFile> = srcs.get("meta.toml").and_then(|s| ctx.parse(*s));
    let questions: Option<raw::QuestionsFile> =
        srcs.get("questions.toml").and_then(|s| ctx.parse(*s));
    let red_flags: Option<raw::RedFlagsFile> =
        srcs.get("red-flags.toml").and_then(|s| ctx.parse(*s));
    let guidance: Option<raw::GuidanceFile> = srcs.get("guidance.toml").and_then(|s| ctx.parse(*s));
    let concepts: Option<raw::ConceptsFile> = srcs.get("concepts.toml").and_then(|s| ctx.parse(*s));
    let claims: Option<raw::ClaimsFile> = srcs.get("claims.toml").and_then(|s| ctx.parse(*s));
    let causes: Option<raw::CausesFile> = srcs.get("causes.toml").and_then(|s| ctx.parse(*s));
    let sources: Option<raw::SourcesFile> = srcs.get("sources.toml").and_then(|s| ctx.parse(*s));

    let (
        Some(meta),
        Some(concepts),
        Some(questions),
        Some(red_flags),
        Some(guidance),
        Some(claims),
        Some(causes),
        Some(sources),
    ) = (
        meta, concepts, questions, red_flags, guidance, claims, causes, sources,
    )
    else {
        return Err(ctx.diags);
    };

    let meta_src = srcs["meta.toml"];
    let meta = check_meta(&mut ctx, meta_src, meta);
    let sources = check_sources(&mut ctx, srcs["sources.toml"], sources);
    let source_ids: BTreeSet<String> = sources.iter().map(|s| s.id.clone()).collect();
    let questions = check_questions(&mut ctx, srcs["questions.toml"], questions);

    let mut rb = RuleBase {
        origin: origin.clone(),
        meta,
        questions,
        red_flags: Vec::new(),
        guidance: Vec::new(),
        concepts: Vec::new(),
        claims: Vec::new(),
        causes: Vec::new(),
        sources,
    };

    // Red flags.
    let src = srcs["red-flags.toml"];
    let mut seen = Seen::default();
    for r in red_flags.red_flag {
        seen.check(&mut ctx, src, &r.id, "red flag");
        let id = r.id.get_ref().clone();
        nonempty(&mut ctx, src, &id, "title", &r.title);
        nonempty(&mut ctx, src, &id, "message", &r.message);
        let when = condition(&mut ctx, src, &id, &rb.questions, &r.when, None);
        if let Some(u) = &r.unless {
            ctx.err(
                src,
                Some(u.span()),
                Some(&id),
                "a red flag cannot have `unless`",
                Some("an alarm feature always makes the report urgent, whatever else is answered; remove `unless`".into()),
            );
        }
        let sources = cited(&mut ctx, src, &id, &source_ids, &r.sources);
        let disposition = match &r.disposition {
            None => Disposition::Urgent,
            Some(d) => match d.get_ref().as_str() {
                "urgent" => Disposition::Urgent,
                "emergency" => Disposition::Emergency,
                other => {
                    ctx.err(
                        src,
                        Some(d.span()),
                        Some(&id),
                        format!("unknown disposition `{other}` for a red flag"),
                        Some("a red flag is `urgent` (within days, the default) or `emergency` (same day or emergency care)".into()),
                    );
                    Disposition::Urgent
                }
            },
        };
        let mut mentioned_by = Vec::new();
        for p in &r.mentioned_by {
            match crate::matcher::vocabulary::expand(p.get_ref()) {
                Ok(list) => mentioned_by.extend(list),
                Err(why) => ctx.err(
                    src,
                    Some(p.span()),
                    Some(&id),
                    format!("phrase {:?}: {why}", p.get_ref()),
                    Some(
                        "phrases are written as in concepts.toml (`blood in {my,the} stool{,s}`)"
                            .into(),
                    ),
                ),
            }
        }
        rb.red_flags.push(RedFlag {
            id,
            title: r.title.into_inner(),
            message: r.message.into_inner(),
            when,
            sources,
            disposition,
            mentioned_by,
        });
    }

    // Guidance.
    let src = srcs["guidance.toml"];
    let mut seen = Seen::default();
    for g in guidance.guidance {
        seen.check(&mut ctx, src, &g.id, "guidance entry");
        let id = g.id.get_ref().clone();
        nonempty(&mut ctx, src, &id, "title", &g.title);
        nonempty(&mut ctx, src, &id, "text", &g.text);
        let when = condition(
            &mut ctx,
            src,
            &id,
            &rb.questions,
            &g.when,
            g.unless.as_ref(),
        );
        let sources = cited(&mut ctx, src, &id, &source_ids, &g.sources);
        rb.guidance.push(Guidance {
            id,
            title: g.title.into_inner(),
            text: g.text.into_inner(),
            when,
            sources,
            routine: g.routine,
        });
    }

    // Concepts.
    let src = srcs["concepts.toml"];
    let mut seen = Seen::default();
    for c in concepts.concept {
        seen.check(&mut ctx, src, &c.id, "concept");
        let id = c.id.get_ref().clone();
        nonempty(&mut ctx, src, &id, "about", &c.about);
        if c.phrases.get_ref().is_empty() {
            ctx.err(
                src,
                Some(c.phrases.span()),
                Some(&id),
                "a concept needs at least one phrase",
                Some(
                    "list the words that express it: phrases = [\"leaky gut\", \"gut lining\"]"
                        .into(),
                ),
            );
        }
        let mut phrases = Vec::new();
        let mut seen_phrases: std::collections::HashSet<String> = Default::default();
        for p in c.phrases.get_ref() {
            // Scanning looks for an anchor phrase in every file: it needs a word long enough
            // to be rare ("igg", "gut"), or every "l" or "m" in a text becomes a candidate.
            let expanded = crate::matcher::vocabulary::expand(p.get_ref());
            if c.anchor
                && let Ok(list) = &expanded
                && let Some(short) = list.iter().find(|x| {
                    !x.split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| w.chars().count() >= 3)
                })
            {
                ctx.err(
                    src,
                    Some(p.span()),
                    Some(c.id.get_ref()),
                    format!(
                        "anchor phrase {:?} spells {short:?}, which has no word of three letters or more",
                        p.get_ref()
                    ),
                    Some("scan looks for anchor phrases in every text; give it a longer word, or move the phrase to a concept that is not an anchor".into()),
                );
            }
            match expanded {
                Ok(list) => {
                    for x in list {
                        if seen_phrases.insert(x.clone()) {
                            phrases.push(x);
                        }
                    }
                }
                Err(why) => ctx.err(
                    src,
                    Some(p.span()),
                    Some(&id),
                    format!("phrase {:?}: {why}", p.get_ref()),
                    Some("a phrase is words; `{a,b}` gives alternatives (`heal{,s,ed,ing}`) and a final `*` any ending (`permeab*`)".into()),
                ),
            }
        }
        rb.concepts.push(Concept {
            id,
            about: c.about.into_inner(),
            written: c
                .phrases
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            phrases,
            anchor: c.anchor,
        });
    }
    let concept_ids: Vec<String> = rb.concepts.iter().map(|c| c.id.clone()).collect();

    // Claims.
    let src = srcs["claims.toml"];
    let mut seen = Seen::default();
    for c in claims.claim {
        seen.check(&mut ctx, src, &c.id, "claim");
        let id = c.id.get_ref().clone();
        for (field, v) in [
            ("title", &c.title),
            ("summary", &c.summary),
            ("evidence", &c.evidence),
            ("instead", &c.instead),
        ] {
            nonempty(&mut ctx, src, &id, field, v);
        }
        let verdict = Verdict::parse(c.verdict.get_ref()).unwrap_or_else(|| {
            ctx.err(
                src,
                Some(c.verdict.span()),
                Some(&id),
                format!("unknown verdict `{}`", c.verdict.get_ref()),
                Some(format!(
                    "use one of: {}",
                    Verdict::ALL.map(|v| v.as_str()).join(", ")
                )),
            );
            Verdict::Unsupported
        });
        let when = match &c.when {
            Some(w) => condition(&mut ctx, src, &id, &rb.questions, w, c.unless.as_ref()),
            None => Condition::default(),
        };
        let sources = cited(&mut ctx, src, &id, &source_ids, &c.sources);
        if c.recognise.get_ref().is_empty() {
            ctx.err(
                src,
                Some(c.recognise.span()),
                Some(&id),
                "a claim needs at least one `recognise` rule",
                Some("say which concepts make the claim together: recognise = [ { all = [\"barrier\", \"repair\"] } ]".into()),
            );
        }
        let mut recognise = Vec::new();
        for r in c.recognise.into_inner() {
            recognise.push(text_rule(&mut ctx, src, &id, &concept_ids, r, opts));
        }
        let mut ignore_cues = Vec::new();
        for cue in &c.ignore_cues {
            known_concept(&mut ctx, src, &id, &concept_ids, cue);
            ignore_cues.push(cue.get_ref().clone());
        }
        let examples = c
            .examples
            .map(|e| Examples {
                must_match: e.must_match.into_iter().map(Spanned::into_inner).collect(),
                must_not_match: e
                    .must_not_match
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
            })
            .unwrap_or_default();
        rb.claims.push(Claim {
            id,
            title: c.title.into_inner(),
            verdict,
            summary: c.summary.into_inner(),
            evidence: c.evidence.into_inner(),
            instead: c.instead.into_inner(),
            sources,
            when,
            recognise,
            ignore_cues,
            examples,
        });
    }

    // Causes.
    let src = srcs["causes.toml"];
    let mut seen = Seen::default();
    for c in causes.cause {
        seen.check(&mut ctx, src, &c.id, "cause");
        let id = c.id.get_ref().clone();
        for (field, v) in [
            ("name", &c.name),
            ("about", &c.about),
            ("check", &c.check),
            ("who", &c.who),
        ] {
            nonempty(&mut ctx, src, &id, field, v);
        }
        let when = condition(
            &mut ctx,
            src,
            &id,
            &rb.questions,
            &c.when,
            c.unless.as_ref(),
        );
        let sources = cited(&mut ctx, src, &id, &source_ids, &c.sources);
        rb.causes.push(Cause {
            id,
            name: c.name.into_inner(),
            about: c.about.into_inner(),
            check: c.check.into_inner(),
            who: c.who.into_inner(),
            when,
            sources,
        });
    }

    check_special_questions(&mut ctx, srcs["questions.toml"], &rb);
    check_safety(&mut ctx, &srcs, &rb);

    if ctx.diags.is_empty() {
        Ok(rb)
    } else {
        Err(ctx.diags)
    }
}

#[derive(Default)]
struct Seen(BTreeMap<String, Range<usize>>);

impl Seen {
    fn check(&mut self, ctx: &mut Ctx<'_>, src: Src<'_>, id: &Spanned<String>, what: &str) {
        let s = id.get_ref();
        // Ids become TOML keys and values in templates and saved answers files, command-line
        // arguments and JSON: only lower-case letters, digits and hyphens round-trip
        // everywhere. Source ids are only cited inside rule files and keep capitals and dots
        // (`NICE-NG20`).
        let ok = |c: char| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || c == '-'
                || (what == "source" && (c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        };
        if s.is_empty() || !s.chars().all(ok) {
            let allowed = if what == "source" {
                "source ids use letters, digits, `-`, `_` and `.`, like `NICE-NG20`"
            } else {
                "ids use only a-z, 0-9 and `-`, like `blood-in-stool`"
            };
            ctx.err(
                src,
                Some(id.span()),
                None,
                format!(
                    "{what} id `{}` is empty or has characters ids cannot hold",
                    crate::printable::capped(s, 80)
                ),
                Some(allowed.into()),
            );
        }
        if let Some(first) = self.0.get(s) {
            let first_line = src.text[..first.start].matches('\n').count() + 1;
            ctx.err(
                src,
                Some(id.span()),
                Some(s),
                format!("duplicate {what} id `{s}` (first defined on line {first_line})"),
                Some("give each entry its own id, or remove one of them".into()),
            );
        } else {
            self.0.insert(s.clone(), id.span());
        }
    }
}

fn nonempty(ctx: &mut Ctx<'_>, src: Src<'_>, id: &str, field: &str, v: &Spanned<String>) {
    if v.get_ref().trim().is_empty() {
        ctx.err(
            src,
            Some(v.span()),
            Some(id),
            format!("`{field}` is empty"),
            Some(format!(
                "write the {field} text; the report shows it to the reader"
            )),
        );
    }
}

fn check_meta(ctx: &mut Ctx<'_>, src: Src<'_>, m: raw::MetaFile) -> Meta {
    for (field, v) in [
        ("name", &m.name),
        ("version", &m.version),
        ("disclaimer", &m.disclaimer),
        ("intro", &m.intro),
        ("urgent", &m.urgent),
        ("emergency", &m.emergency),
    ] {
        nonempty(ctx, src, "meta", field, v);
    }
    for (field, v) in [("name", &m.name), ("version", &m.version)] {
        if v.get_ref().contains(['\n', '\r']) {
            ctx.err(
                src,
                Some(v.span()),
                Some("meta"),
                format!("`{field}` has a line break"),
                Some(format!(
                    "the {field} is shown on one line (report headers, answers-file comments): write it on one line"
                )),
            );
        }
    }
    let messages = check_messages(ctx, src, &m.messages);
    Meta {
        messages,
        name: m.name.into_inner(),
        version: m.version.into_inner(),
        disclaimer: m.disclaimer.into_inner(),
        intro: m.intro.into_inner(),
        urgent: m.urgent.into_inner(),
        emergency: m.emergency.into_inner(),
    }
}

/// The `[messages]` table: every message of the catalogue, nothing else, and only the
/// `{names}` each may use.
fn check_messages(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> std::sync::Arc<messages::Messages> {
    let map: BTreeMap<String, String> = raw
        .iter()
        .map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone()))
        .collect();
    let ids = || messages::CATALOGUE.iter().map(|(id, _)| *id);
    for (id, problem) in messages::Messages::problems(&map) {
        let key = raw.keys().find(|k| *k.get_ref() == id);
        let value = raw
            .iter()
            .find(|(k, _)| *k.get_ref() == id)
            .map(|(_, v)| v.span());
        let help = if key.is_none() {
            format!(
                "add `{id} = \"...\"` to the [messages] table of meta.toml (`gutcheck rules export DIR` writes the built-in one)"
            )
        } else if problem.starts_with("unknown") {
            match closest(&id, ids()).first() {
                Some(n) => format!(
                    "did you mean `{n}`? The message ids are listed in the built-in meta.toml"
                ),
                None => {
                    "remove it: the message ids are listed in the built-in meta.toml".to_string()
                }
            }
        } else {
            "use only the names this message is given, or none".to_string()
        };
        let span = if problem.starts_with("unknown") {
            key.map(|k| k.span())
        } else {
            value
        };
        ctx.err(src, span, Some("messages"), problem, Some(help));
    }
    std::sync::Arc::new(messages::Messages::new(map))
}

fn check_sources(ctx: &mut Ctx<'_>, src: Src<'_>, f: raw::SourcesFile) -> Vec<Source> {
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for s in f.source {
        seen.check(ctx, src, &s.id, "source");
        nonempty(ctx, src, s.id.get_ref(), "citation", &s.citation);
        out.push(Source {
            id: s.id.into_inner(),
            citation: s.citation.into_inner(),
        });
    }
    out
}

fn check_questions(ctx: &mut Ctx<'_>, src: Src<'_>, f: raw::QuestionsFile) -> Vec<Question> {
    let mut seen = Seen::default();
    let mut out = Vec::new();
    if f.question.is_empty() {
        ctx.err(
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
                src,
                Some(q.section.span()),
                Some(&id),
                format!("unknown section `{}`", q.section.get_ref()),
                Some(format!("use one of: {}", SECTIONS.join(", "))),
            );
        }
        let kind = QuestionKind::parse(q.kind.get_ref()).unwrap_or_else(|| {
            ctx.err(
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
                src,
                Some(q.kind.span()),
                Some(&id),
                format!("a `{}` question needs options", kind.as_str()),
                Some("add options = [{ id = \"...\", label = \"...\" }, ...]".into()),
            ),
            QuestionKind::Single if q.options.len() < 2 => ctx.err(
                src,
                Some(q.kind.span()),
                Some(&id),
                "a `single` question needs at least two options",
                Some("add another option, or make it a yes-no question".into()),
            ),
            QuestionKind::YesNo | QuestionKind::Text if !q.options.is_empty() => ctx.err(
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

fn condition(
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

fn clause_lines(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    questions: &[Question],
    when: &Spanned<Vec<RawClauseLine>>,
) -> Vec<Vec<Clause>> {
    if when.get_ref().is_empty() {
        ctx.err(
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
                let near = closest(qid, questions.iter().map(|q| q.id.as_str()));
                ctx.err(
                    src,
                    Some(key.span()),
                    Some(rule),
                    format!("condition names unknown question `{qid}`"),
                    Some(match near.first() {
                        Some(n) => {
                            format!("did you mean `{n}`? question ids are in questions.toml")
                        }
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
                        let near = closest(o, q.option_ids());
                        ctx.err(
                            src,
                            Some(value.span()),
                            Some(rule),
                            format!("`{o}` is not an option of question `{qid}`"),
                            Some(match near.first() {
                                Some(n) => format!(
                                    "did you mean \"{n}\"? options: {}",
                                    q.option_ids().collect::<Vec<_>>().join(", ")
                                ),
                                None => format!(
                                    "options: {}",
                                    q.option_ids().collect::<Vec<_>>().join(", ")
                                ),
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

fn cited(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    known: &BTreeSet<String>,
    sources: &Spanned<Vec<Spanned<String>>>,
) -> Vec<String> {
    if sources.get_ref().is_empty() {
        ctx.err(
            src,
            Some(sources.span()),
            Some(rule),
            "no source cited",
            Some("every rule cites at least one source id from sources.toml".into()),
        );
    }
    let mut out = Vec::new();
    for s in sources.get_ref() {
        if !known.contains(s.get_ref()) {
            let near = closest(s.get_ref(), known.iter().map(String::as_str));
            ctx.err(
                src,
                Some(s.span()),
                Some(rule),
                format!("unknown source `{}`", s.get_ref()),
                Some(match near.first() {
                    Some(n) => {
                        format!("did you mean `{n}`? add the citation to sources.toml if it is new")
                    }
                    None => {
                        "add the citation to sources.toml, or cite an existing source id".into()
                    }
                }),
            );
        }
        out.push(s.get_ref().clone());
    }
    out
}

/// Checks a concept reference: it must name a concept of `concepts.toml`.
fn known_concept(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    ids: &[String],
    c: &Spanned<String>,
) -> bool {
    if ids.iter().any(|i| i == c.get_ref()) {
        return true;
    }
    let help = match closest(c.get_ref(), ids.iter().map(String::as_str)).first() {
        Some(s) => format!("did you mean `{s}`? concepts are defined in concepts.toml"),
        None => "concepts are defined in concepts.toml (`gutcheck list --format json` shows them)"
            .into(),
    };
    ctx.err(
        src,
        Some(c.span()),
        Some(rule),
        format!("unknown concept `{}`", c.get_ref()),
        Some(help),
    );
    false
}

fn text_rule(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    id: &str,
    concept_ids: &[String],
    r: Spanned<raw::RawTextRule>,
    opts: LoadOptions,
) -> TextRule {
    let span = r.span();
    let r = r.into_inner();
    let mut list = |v: &[Spanned<String>]| -> Vec<String> {
        v.iter()
            .filter(|c| known_concept(ctx, src, id, concept_ids, c))
            .map(|c| c.get_ref().clone())
            .collect()
    };
    let all = list(&r.all);
    let topic = list(&r.topic);
    let none = list(&r.none);
    if r.all.is_empty() {
        ctx.err(
            src,
            Some(span.clone()),
            Some(id),
            "a `recognise` rule needs `all`: at least one concept the sentence itself must hold",
            Some("for example { all = [\"repair\", \"time-span\"], topic = [\"barrier\"] }".into()),
        );
    }
    let within = match r.within {
        Some(w) if !(1..=200).contains(w.get_ref()) => {
            ctx.err(
                src,
                Some(w.span()),
                Some(id),
                format!(
                    "`within` is {}; it must be between 1 and 200 words",
                    w.get_ref()
                ),
                None,
            );
            None
        }
        Some(w) => Some(*w.get_ref() as usize),
        None => None,
    };
    if let Some(rx) = &r.regex {
        regex(ctx, src, id, rx, opts);
    }
    TextRule {
        all,
        topic,
        none,
        ordered: r.ordered,
        within,
        regex: r.regex.map(Spanned::into_inner),
    }
}

fn regex(ctx: &mut Ctx<'_>, src: Src<'_>, rule: &str, p: &Spanned<String>, opts: LoadOptions) {
    let text = p.get_ref();
    if text.is_empty() {
        ctx.err(
            src,
            Some(p.span()),
            Some(rule),
            "empty regex",
            Some("an empty regex matches everything; remove it".into()),
        );
        return;
    }
    if text.len() > MAX_PATTERN_LEN {
        ctx.err(
            src,
            Some(p.span()),
            Some(rule),
            format!(
                "regex is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                text.len()
            ),
            Some("use concepts for the words and keep the regex for what they cannot say".into()),
        );
        return;
    }
    if opts.check_patterns
        && let Err(first) = crate::matcher::build_regex(text)
    {
        ctx.err(
            src,
            Some(p.span()),
            Some(rule),
            "regex does not compile",
            Some(format!(
                "{}\n      (Rust regex syntax: no look-around or back-references)",
                first
                    .lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join("\n      ")
            )),
        );
    }
}

/// Checks that `claims-met` offers only claim ids and `claims-text` is a text question.
fn check_special_questions(ctx: &mut Ctx<'_>, src: Src<'_>, rb: &RuleBase) {
    if let Some(q) = rb.question(CLAIMS_MET) {
        for o in &q.options {
            if rb.claim(&o.id).is_none() {
                let at = src
                    .text
                    .find(&format!("\"{}\"", o.id))
                    .map(|i| i..i + o.id.len() + 2);
                ctx.err(
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
            src,
            None,
            Some(CLAIMS_TEXT),
            format!("`{CLAIMS_TEXT}` must be a text question"),
            Some("set kind = \"text\"".into()),
        );
    }
}

/// The span of `id = "ID"` in a rule file's text, for problems found after loading.
fn id_span(text: &str, id: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&quoted) {
        let at = from + i;
        let before = text[..at].trim_end();
        if before.ends_with('=') && before[..before.len() - 1].trim_end().ends_with("id") {
            return Some(at..at + quoted.len());
        }
        from = at + quoted.len();
    }
    None
}

/// The invariants that keep a rule base safe: alarm features exist, each alarm question can
/// raise one, and no other rule shares a red flag's id (so `explain ID` and the JSON
/// `triggered_by` lists cannot confuse an alarm with advice).
fn check_safety(ctx: &mut Ctx<'_>, srcs: &BTreeMap<&str, Src<'_>>, rb: &RuleBase) {
    let flags = srcs["red-flags.toml"];
    if rb.red_flags.is_empty() {
        ctx.err(
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
fn forward_refs(
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
            let (message, help) = match cycle_path(target, id, refs) {
                Some(mut path) => {
                    path.insert(0, id.to_string());
                    (
                        format!("`ask-if` cycle: {}", path.join(" → ")),
                        "each question's `ask-if` may name only questions asked before it; break the cycle by removing one of these conditions",
                    )
                }
                None => (
                    format!("`ask-if` of `{id}` names `{target}`, which is asked later"),
                    "a question's `ask-if` may name only questions asked before it: move this question after it",
                ),
            };
            ctx.err(src, Some(key.span()), Some(id), message, Some(help.into()));
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
