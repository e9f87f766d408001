//! The report as a Markdown handout: headings, verdicts, "how it is checked", numbered
//! sources and the disclaimer. No color, no wrapping (Markdown viewers wrap).

use std::io::{self, Write};

use crate::report::{Because, Disposition, Report, Urgency};
use crate::rules::messages::Messages;

fn because(w: &mut dyn Write, m: &Messages, b: &[Because]) -> io::Result<()> {
    if b.is_empty() {
        return Ok(());
    }
    let said: Vec<String> = b
        .iter()
        .map(|b| format!("{} → *{}*", b.prompt, md(&b.answer)))
        .collect();
    writeln!(w, "- **{}** {}", m.get("label-because"), said.join("; "))
}

/// Text that stays text: control characters made visible, white space (line breaks
/// included) folded to single spaces, so it cannot leave its paragraph, and every character
/// that could start markup escaped: inline markup, entities, and at the start a list, quote,
/// heading, thematic break or code fence (`Me\n~~~` must not open a code block).
fn md(s: &str) -> String {
    let flat = crate::printable::text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(flat.len() + 8);
    let digits = flat.chars().take_while(char::is_ascii_digit).count();
    let mut chars = flat.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let start = i == 0 && matches!(c, '-' | '+' | '=' | '>' | '#');
        let ordered = i == digits && digits > 0 && matches!(c, '.' | ')');
        // `!` is markup only as the start of an image, `![`.
        let image = c == '!' && chars.peek().is_some_and(|&(_, n)| n == '[');
        let inline = image
            || matches!(
                c,
                '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '|' | '~' | '&'
            );
        if start || ordered || inline {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The Markdown handout.
pub struct Markdown;

impl super::ReportRenderer for Markdown {
    fn report(&self, w: &mut dyn Write, r: &Report) -> io::Result<()> {
        report(w, r)
    }
}

fn report(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    let m = &*r.messages;
    // A message, escaped as Markdown text.
    let say = |id: &str| md(&m.get(id));
    writeln!(w, "# {}\n", m.get("report-title"))?;
    if let Some(d) = &r.description {
        writeln!(w, "*{}*\n", md(d))?;
    }
    let (label, meaning) = super::headline(r);
    let line = format!("**{label}**: {meaning}.");
    writeln!(w, "{line}\n")?;
    if let Some((open, advice)) = super::open_alarms(r) {
        writeln!(w, "**{open}** {advice}\n")?;
    }
    let rules = m.fill(
        "report-rules",
        &[("name", &r.rules.name), ("version", &r.rules.version)],
    );
    writeln!(w, "*{}*", md(&rules))?;

    if r.urgency == Urgency::Urgent {
        let id = if r.disposition == Disposition::Emergency {
            "heading-emergency"
        } else {
            "heading-urgent"
        };
        writeln!(w, "\n## {}\n", md(&m.get(id)))?;
        if let Some(a) = &r.urgent_advice {
            writeln!(w, "{}\n", md(a))?;
        }
        for rf in &r.red_flags {
            writeln!(w, "### {} {}\n", md(&rf.title), r.cite(&rf.sources))?;
            writeln!(w, "{}\n", md(&rf.message))?;
            because(w, m, &rf.because)?;
            writeln!(w)?;
        }
        writeln!(w, "> {}", md(&r.emergency))?;
    }

    if !r.red_flags_mentioned.is_empty() {
        writeln!(w, "\n## {}\n", say("heading-mentioned"))?;
        writeln!(w, "{}\n", say("mentioned-intro"))?;
        for f in &r.red_flags_mentioned {
            let words = md(&f.words);
            writeln!(
                w,
                "- {} {}",
                md(&f.title),
                m.fill("mentioned-item", &[("words", &words)])
            )?;
        }
    }

    if !r.red_flags_not_ruled_out.is_empty() {
        writeln!(w, "\n## {}\n", say("heading-not-ruled-out"))?;
        writeln!(w, "{}\n", say("not-ruled-out-intro"))?;
        for f in &r.red_flags_not_ruled_out {
            writeln!(w, "- {}", md(&f.title))?;
        }
    }

    if !r.guidance.is_empty() {
        writeln!(w, "\n## {}\n", say("heading-guidance"))?;
        for g in &r.guidance {
            writeln!(w, "### {} {}\n", md(&g.title), r.cite(&g.sources))?;
            writeln!(w, "{}\n", md(&g.text))?;
        }
    }

    writeln!(w, "\n## {}\n", say("heading-claims"))?;
    if r.claims.is_empty() {
        writeln!(w, "{}", say("claims-none"))?;
    }
    if r.claims_text_matched_none {
        writeln!(w, "\n{}\n", say("text-matched-none"))?;
    }
    for c in &r.claims {
        writeln!(w, "### {} {}\n", md(&c.title), r.cite(&c.sources))?;
        writeln!(
            w,
            "- **{}** {}",
            say("label-verdict"),
            md(&c.verdict.label(m))
        )?;
        writeln!(w, "- **{}** {}", say("label-evidence"), md(&c.evidence))?;
        writeln!(w, "- **{}** {}", say("label-instead"), md(&c.instead))?;
        if !c.matched.is_empty() {
            let q: Vec<String> = c.matched.iter().map(|q| format!("\"{}\"", md(q))).collect();
            writeln!(w, "- **{}** {}", say("label-in-your-words"), q.join(", "))?;
        }
        because(w, m, &c.because)?;
        writeln!(w)?;
    }

    writeln!(w, "\n## {}\n", say("heading-causes"))?;
    if r.causes.is_empty() && !r.causes_open.is_empty() {
        writeln!(w, "{}", say("causes-none-open"))?;
    } else if r.causes.is_empty() {
        writeln!(w, "{}", say("causes-none"))?;
    }
    for c in &r.causes {
        writeln!(w, "### {} {}\n", md(&c.name), r.cite(&c.sources))?;
        because(w, m, &c.because)?;
        writeln!(w, "- **{}** {}", say("label-why-it-matters"), md(&c.about))?;
        writeln!(w, "- **{}** {}", say("label-how-checked"), md(&c.check))?;
        writeln!(w, "- **{}** {}\n", say("label-whom-to-ask"), md(&c.who))?;
    }

    if !r.unanswered.is_empty() || !r.not_sure.is_empty() {
        writeln!(w, "\n## {}\n", say("heading-open-points"))?;
        for (label, ids) in [
            ("label-not-sure", &r.not_sure),
            ("label-unanswered", &r.unanswered),
        ] {
            let label = md(&m.get(label));
            for id in ids {
                let prompt = r.prompt(id);
                writeln!(w, "- {label} {} (`{id}`)", md(prompt))?;
            }
        }
    }

    if let Some(trace) = &r.trace {
        writeln!(w, "\n## {}\n", say("heading-trace"))?;
        let columns: Vec<String> = ["rule", "fired", "condition", "answered", "result"]
            .iter()
            .map(|c| md(&m.get(&format!("trace-column-{c}"))))
            .collect();
        writeln!(w, "| {} |", columns.join(" | "))?;
        writeln!(w, "| --- | --- | --- | --- | --- |")?;
        for t in trace {
            let fired = if t.fired {
                format!("**{}**", say("trace-fired"))
            } else if t.open {
                say("trace-open")
            } else {
                say("trace-not-fired")
            };
            for (i, c) in t.checks.iter().enumerate() {
                let rule = if i == 0 {
                    format!("{} `{}`", t.kind, t.id)
                } else {
                    String::new()
                };
                let f = if i == 0 { fired.as_str() } else { "" };
                // Question ids are kebab-case: escaping the whole pair escapes the answer.
                let given: Vec<String> = c.answers.iter().map(|a| md(&a.show(m))).collect();
                writeln!(
                    w,
                    "| {rule} | {f} | {} | {} | {} |",
                    md(&c.condition),
                    given.join("; "),
                    md(&m.get(&format!("trace-{}", c.result)))
                )?;
            }
        }
    }

    if !r.answers.is_empty() {
        writeln!(w, "\n## {}\n", say("heading-your-answers"))?;
        for a in &r.answers {
            writeln!(w, "- {}: *{}*", md(&a.prompt), md(&a.answer))?;
        }
    }

    if !r.sources.is_empty() {
        writeln!(w, "\n## {}\n", say("heading-sources"))?;
        for s in &r.sources {
            writeln!(w, "{}. {}", s.number, md(&s.citation))?;
        }
    }
    writeln!(w, "\n## {}\n", say("heading-bottom-line"))?;
    writeln!(w, "**{}**\n", md(&r.bottom_line.headline))?;
    for n in &r.bottom_line.next {
        writeln!(w, "- {}", md(n))?;
    }
    writeln!(w, "\n{}", md(&r.bottom_line.counts))?;

    writeln!(w, "\n## {}\n", say("heading-disclaimer"))?;
    writeln!(w, "{}", md(&r.disclaimer))?;
    Ok(())
}
