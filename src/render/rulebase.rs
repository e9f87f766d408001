//! `gutcheck list` and `gutcheck explain`: the rule base for people (text) and for tools
//! (JSON, the `list --format json` contract).

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;

use super::{Style, wrap, wrap_hanging};
use crate::answers::Answer;
use crate::rules::RuleBase;

/// The formats of `gutcheck list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct ListJson<'a> {
    rules: Meta<'a>,
    questions: Vec<QuestionJson<'a>>,
    red_flags: Vec<RuleJson<'a>>,
    guidance: Vec<RuleJson<'a>>,
    concepts: Vec<ConceptJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
    causes: Vec<RuleJson<'a>>,
    sources: Vec<SourceJson<'a>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    name: &'a str,
    version: &'a str,
    origin: String,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    section: &'a str,
    kind: &'a str,
    prompt: &'a str,
    options: Vec<&'a str>,
    default: &'a Answer,
    why: &'a str,
    /// Questions whose answers decide whether this one is asked (empty: always asked).
    ask_if: Vec<&'a str>,
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    title: &'a str,
    questions: Vec<&'a str>,
    sources: &'a [String],
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    id: &'a str,
    title: &'a str,
    verdict: &'a str,
    recognise: Vec<RecogniseJson<'a>>,
    sources: &'a [String],
}

#[derive(Serialize)]
struct ConceptJson<'a> {
    id: &'a str,
    about: &'a str,
    anchor: bool,
    scare_quotes: bool,
    phrases: &'a [String],
}

#[derive(Serialize)]
struct RecogniseJson<'a> {
    all: &'a [String],
    topic: &'a [String],
    none: &'a [String],
    ordered: bool,
    within: Option<usize>,
    regex: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    citation: &'a str,
}

fn uniq<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for s in it {
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v
}

pub fn json(w: &mut dyn Write, rb: &RuleBase) -> io::Result<()> {
    let doc = ListJson {
        rules: Meta {
            name: &rb.meta.name,
            version: &rb.meta.version,
            origin: rb.origin.to_string(),
        },
        questions: rb
            .questions
            .iter()
            .map(|q| QuestionJson {
                id: &q.id,
                section: &q.section,
                kind: q.kind.as_str(),
                prompt: &q.prompt,
                options: q.option_ids().collect(),
                default: &q.default,
                why: &q.why,
                ask_if: q
                    .ask_if
                    .as_ref()
                    .map_or_else(Vec::new, |c| uniq(c.questions())),
            })
            .collect(),
        red_flags: rb
            .red_flags
            .iter()
            .map(|r| RuleJson {
                id: &r.id,
                title: &r.title,
                questions: uniq(r.when.questions()),
                sources: &r.sources,
            })
            .collect(),
        guidance: rb
            .guidance
            .iter()
            .map(|r| RuleJson {
                id: &r.id,
                title: &r.title,
                questions: uniq(r.when.questions()),
                sources: &r.sources,
            })
            .collect(),
        concepts: rb
            .concepts
            .iter()
            .map(|c| ConceptJson {
                id: &c.id,
                about: &c.about,
                anchor: c.anchor,
                scare_quotes: c.scare_quotes,
                phrases: &c.written,
            })
            .collect(),
        claims: rb
            .claims
            .iter()
            .map(|c| ClaimJson {
                id: &c.id,
                title: &c.title,
                verdict: c.verdict.as_str(),
                recognise: c
                    .recognise
                    .iter()
                    .map(|r| RecogniseJson {
                        all: &r.all,
                        topic: &r.topic,
                        none: &r.none,
                        ordered: r.ordered,
                        within: r.within,
                        regex: r.regex.as_deref(),
                    })
                    .collect(),
                sources: &c.sources,
            })
            .collect(),
        causes: rb
            .causes
            .iter()
            .map(|r| RuleJson {
                id: &r.id,
                title: &r.name,
                questions: uniq(r.when.questions()),
                sources: &r.sources,
            })
            .collect(),
        sources: rb
            .sources
            .iter()
            .map(|s| SourceJson {
                id: &s.id,
                citation: &s.citation,
            })
            .collect(),
    };
    let s = serde_json::to_string_pretty(&doc).map_err(io::Error::from)?;
    w.write_all(crate::printable::json(s).as_bytes())?;
    writeln!(w)
}

fn head(style: Style, s: &str) -> String {
    style.paint(s, |c| c.bold().underline())
}

fn id(style: Style, s: &str) -> String {
    style.paint(s, |c| c.cyan())
}

pub fn text(w: &mut dyn Write, rb: &RuleBase, style: Style) -> io::Result<()> {
    let m = &*rb.meta.messages;
    let heading = |id: &str, n: usize| head(style, &m.fill(id, &[("n", &n)]));
    writeln!(w, "{} {} ({})", rb.meta.name, rb.meta.version, rb.origin)?;
    writeln!(w, "\n{}", heading("list-questions", rb.questions.len()))?;
    for (i, q) in rb.questions.iter().enumerate() {
        let first = format!("{:>3}. {} [{}] ", i + 1, id(style, &q.id), q.kind.as_str());
        writeln!(
            w,
            "{}",
            wrap_hanging(
                &q.prompt,
                style.width + first.len() - plain_len(&first),
                &first,
                "     "
            )
        )?;
    }
    writeln!(w, "\n{}", heading("list-red-flags", rb.red_flags.len()))?;
    let pad = |s: &str, n: usize| format!("{s}{}", " ".repeat(n.saturating_sub(s.chars().count())));
    let n = rb.red_flags.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rb.red_flags {
        writeln!(w, "  {}  {}", id(style, &pad(&r.id, n)), r.title)?;
    }
    writeln!(w, "\n{}", heading("list-claims", rb.claims.len()))?;
    let n = rb.claims.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for c in &rb.claims {
        let v = format!("[{}]", c.verdict);
        writeln!(
            w,
            "  {}  {}  {}",
            id(style, &pad(&c.id, n)),
            pad(&v, 13),
            c.title
        )?;
    }
    writeln!(w, "\n{}", heading("list-causes", rb.causes.len()))?;
    let n = rb.causes.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for c in &rb.causes {
        writeln!(w, "  {}  {}", id(style, &pad(&c.id, n)), c.name)?;
    }
    writeln!(w, "\n{}", heading("list-guidance", rb.guidance.len()))?;
    let n = rb.guidance.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for g in &rb.guidance {
        writeln!(w, "  {}  {}", id(style, &pad(&g.id, n)), g.title)?;
    }
    writeln!(w, "\n{}", m.get("list-more"))?;
    Ok(())
}

fn plain_len(s: &str) -> usize {
    // Width of `s` without ANSI escapes.
    textwrap::core::display_width(s)
}

/// Everything about one id, for `gutcheck explain`. Returns false if the id is unknown.
pub fn explain(w: &mut dyn Write, rb: &RuleBase, wanted: &str, style: Style) -> io::Result<bool> {
    let width = style.width;
    let m = &*rb.meta.messages;
    let sources = |w: &mut dyn Write, ids: &[String]| -> io::Result<()> {
        writeln!(w, "\n{}", head(style, &m.get("heading-sources")))?;
        for (i, s) in ids.iter().enumerate() {
            let cit = rb.source(s).map_or(s.as_str(), |x| x.citation.as_str());
            let first = format!("  [{}] ", i + 1);
            writeln!(
                w,
                "{}",
                wrap_hanging(cit, width, &first, &" ".repeat(first.len()))
            )?;
        }
        Ok(())
    };
    // The first line: the entry's title, its kind (a message id) and its id.
    let title = |w: &mut dyn Write, title: &str, kind: &str, entry: &str| -> io::Result<()> {
        writeln!(
            w,
            "{}  {} {}",
            head(style, title),
            m.get(kind),
            id(style, entry)
        )
    };
    // A titled paragraph, the title a message id.
    let section = |w: &mut dyn Write, title: &str, body: &str| -> io::Result<()> {
        writeln!(w, "\n{}", head(style, &m.get(title)))?;
        writeln!(w, "{}", wrap(body, width, "  "))
    };
    if let Some(c) = rb.claim(wanted) {
        title(w, &c.title, "explain-kind-claim", &c.id)?;
        writeln!(
            w,
            "{} {} ({})",
            m.get("label-verdict"),
            c.verdict.label(m),
            c.verdict
        )?;
        section(w, "explain-summary", &c.summary)?;
        section(w, "explain-evidence", &c.evidence)?;
        section(w, "explain-instead", &c.instead)?;
        if let Some(ex) = c.examples.must_match.first() {
            section(w, "explain-example", &format!("\"{}\"", ex.trim()))?;
        }
        // How `scan` and the free text recognise it, in the rule base's own words.
        let ways: Vec<String> = c
            .recognise
            .iter()
            .map(|r| {
                let mut parts: Vec<String> = r.all.clone();
                parts.extend(
                    r.topic
                        .iter()
                        .map(|t| m.fill("explain-rule-topic", &[("concept", t)])),
                );
                let mut line = parts.join(" + ");
                if r.ordered {
                    line.push_str(&m.get("explain-rule-ordered"));
                }
                if let Some(n) = r.within {
                    line.push_str(&m.fill("explain-rule-within", &[("n", &n)]));
                }
                if !r.none.is_empty() {
                    let none = r.none.join(&m.get("trace-or"));
                    line.push_str(&m.fill("explain-rule-without", &[("concepts", &none)]));
                }
                line
            })
            .collect();
        section(
            w,
            "explain-recognised",
            &m.fill(
                "explain-recognised-text",
                &[("rules", &ways.join(&m.get("explain-rule-or")))],
            ),
        )?;
        sources(w, &c.sources)?;
    } else if let Some(c) = rb.cause(wanted) {
        title(w, &c.name, "explain-kind-cause", &c.id)?;
        section(w, "explain-why-it-matters", &c.about)?;
        section(w, "explain-how-checked", &c.check)?;
        section(w, "explain-whom-to-ask", &c.who)?;
        writeln!(w, "\n{}", head(style, &m.get("explain-answers-pointing")))?;
        for line in &c.when.alternatives {
            let words: Vec<String> = line
                .iter()
                .map(|cl| {
                    let q = rb.question(&cl.question);
                    let prompt = q.map_or(cl.question.as_str(), |q| q.prompt.as_str());
                    let want = match &cl.expect {
                        crate::rules::Expect::Bool(b) => m
                            .get(if *b { "answer-yes" } else { "answer-no" })
                            .into_owned(),
                        crate::rules::Expect::AnyOf(opts) => opts
                            .iter()
                            .map(|o| q.map_or(o.as_str(), |q| q.label(o)))
                            .collect::<Vec<_>>()
                            .join(&m.get("trace-or")),
                    };
                    format!("{} → {want}", prompt.trim_end_matches(['?', ' ']))
                })
                .collect();
            writeln!(
                w,
                "{}",
                wrap_hanging(&words.join(&m.get("explain-and")), width, "  * ", "    ")
            )?;
        }
        sources(w, &c.sources)?;
    } else if let Some(r) = rb.red_flags.iter().find(|r| r.id == wanted) {
        title(w, &r.title, "explain-kind-red-flag", &r.id)?;
        section(w, "explain-alarm", &r.message)?;
        sources(w, &r.sources)?;
    } else if let Some(g) = rb.guidance.iter().find(|g| g.id == wanted) {
        title(w, &g.title, "explain-kind-guidance", &g.id)?;
        section(w, "explain-advice", &g.text)?;
        sources(w, &g.sources)?;
    } else if let Some(q) = rb.question(wanted) {
        title(w, &q.prompt, "explain-kind-question", &q.id)?;
        section(w, "explain-why-we-ask", &q.why)?;
        if !q.options.is_empty() {
            writeln!(w, "\n{}", head(style, &m.get("explain-answers")))?;
            for o in &q.options {
                writeln!(w, "  {}  {}", id(style, &o.id), o.label)?;
            }
        }
    } else {
        return Ok(false);
    }
    writeln!(w)?;
    writeln!(w, "{}", wrap(&rb.meta.disclaimer, width, ""))?;
    Ok(true)
}

/// Every id `explain` accepts, for suggestions.
pub fn all_ids(rb: &RuleBase) -> Vec<&str> {
    rb.claims
        .iter()
        .map(|c| c.id.as_str())
        .chain(rb.causes.iter().map(|c| c.id.as_str()))
        .chain(rb.red_flags.iter().map(|c| c.id.as_str()))
        .chain(rb.guidance.iter().map(|c| c.id.as_str()))
        .chain(rb.questions.iter().map(|c| c.id.as_str()))
        .collect()
}
