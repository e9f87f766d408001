//! The report as a Markdown handout: headings, verdicts, "how it is checked", numbered
//! sources and the disclaimer. No color, no wrapping (Markdown viewers wrap).

use std::io::{self, Write};

use crate::report::{Because, Disposition, Report, Urgency};

fn because(w: &mut dyn Write, b: &[Because]) -> io::Result<()> {
    if b.is_empty() {
        return Ok(());
    }
    let said: Vec<String> = b
        .iter()
        .map(|b| format!("{} → *{}*", b.prompt, md(&b.answer)))
        .collect();
    writeln!(w, "- **Because you said:** {}", said.join("; "))
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
    for (i, c) in flat.chars().enumerate() {
        let start = i == 0 && matches!(c, '-' | '+' | '=' | '>' | '#');
        let ordered = i == digits && digits > 0 && matches!(c, '.' | ')');
        let inline = matches!(
            c,
            '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '|' | '~' | '&' | '!'
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
    writeln!(w, "# gutcheck report\n")?;
    if let Some(d) = &r.description {
        writeln!(w, "*{}*\n", md(d))?;
    }
    let (label, meaning) = super::headline(r);
    let line = format!("**{label}**: {meaning}.");
    writeln!(w, "{line}\n")?;
    let open = r.red_flags_not_ruled_out.len() + r.red_flags_mentioned.len();
    if open > 0 && r.urgency != Urgency::Urgent {
        writeln!(
            w,
            "**But {open} alarm feature{} not ruled out** (answered \"not sure\" or left out): if any applies, see a clinician promptly.\n",
            if open == 1 { " was" } else { "s were" }
        )?;
    }
    writeln!(w, "*Rules: {} {}*", md(&r.rules.name), md(&r.rules.version))?;

    if r.urgency == Urgency::Urgent {
        if r.disposition == Disposition::Emergency {
            writeln!(w, "\n## !! Get care today: same-day or emergency care\n")?;
        } else {
            writeln!(w, "\n## !! See a clinician promptly\n")?;
        }
        if let Some(a) = &r.urgent_advice {
            writeln!(w, "{}\n", md(a))?;
        }
        for rf in &r.red_flags {
            writeln!(w, "### {} {}\n", md(&rf.title), r.cite(&rf.sources))?;
            writeln!(w, "{}\n", md(&rf.message))?;
            because(w, &rf.because)?;
            writeln!(w)?;
        }
        writeln!(w, "> {}", md(&r.emergency))?;
    }

    if !r.red_flags_mentioned.is_empty() {
        writeln!(w, "\n## Alarm features mentioned in your text\n")?;
        writeln!(w, "{}\n", super::MENTIONED_NOT_RULED_OUT)?;
        for m in &r.red_flags_mentioned {
            writeln!(
                w,
                "- {} (\"{}\": mentioned in your text, not ruled out)",
                md(&m.title),
                md(&m.words)
            )?;
        }
    }

    if !r.red_flags_not_ruled_out.is_empty() {
        writeln!(w, "\n## Alarm features not ruled out\n")?;
        writeln!(
            w,
            "Not sure or not answered. If any of these might apply, treat it as a yes and see a clinician promptly.\n"
        )?;
        for f in &r.red_flags_not_ruled_out {
            writeln!(w, "- {}", md(&f.title))?;
        }
    }

    if !r.guidance.is_empty() {
        writeln!(w, "\n## Read this first\n")?;
        for g in &r.guidance {
            writeln!(w, "### {} {}\n", md(&g.title), r.cite(&g.sources))?;
            writeln!(w, "{}\n", md(&g.text))?;
        }
    }

    writeln!(w, "\n## Claims you met\n")?;
    if r.claims.is_empty() {
        writeln!(w, "None of the common leaky-gut claims came up.")?;
    }
    if r.claims_text_matched_none {
        writeln!(w, "\n{}\n", super::TEXT_MATCHED_NONE)?;
    }
    for c in &r.claims {
        writeln!(w, "### {} {}\n", md(&c.title), r.cite(&c.sources))?;
        writeln!(w, "- **Verdict:** {}", c.verdict.label())?;
        writeln!(w, "- **What the evidence says:** {}", md(&c.evidence))?;
        writeln!(w, "- **Instead:** {}", md(&c.instead))?;
        if !c.matched.is_empty() {
            let q: Vec<String> = c.matched.iter().map(|m| format!("\"{}\"", md(m))).collect();
            writeln!(w, "- **In your words:** {}", q.join(", "))?;
        }
        because(w, &c.because)?;
        writeln!(w)?;
    }

    writeln!(w, "\n## Causes worth checking\n")?;
    if r.causes.is_empty() && !r.causes_open.is_empty() {
        writeln!(
            w,
            "None of these answers points to one of the established causes, but some questions that could were skipped or answered \"not sure\" (see Open points). If symptoms start, change or persist, a GP is the place to start."
        )?;
    } else if r.causes.is_empty() {
        writeln!(
            w,
            "Nothing in these answers points to an established cause of a leakier gut. If symptoms start, change or persist, a GP is the place to start."
        )?;
    }
    for c in &r.causes {
        writeln!(w, "### {} {}\n", md(&c.name), r.cite(&c.sources))?;
        because(w, &c.because)?;
        writeln!(w, "- **Why it matters:** {}", md(&c.about))?;
        writeln!(w, "- **How it is usually checked:** {}", md(&c.check))?;
        writeln!(w, "- **Whom to ask:** {}\n", md(&c.who))?;
    }

    if !r.unanswered.is_empty() || !r.not_sure.is_empty() {
        writeln!(w, "\n## Open points\n")?;
        for (label, ids) in [("Not sure", &r.not_sure), ("Unanswered", &r.unanswered)] {
            for id in ids {
                let prompt = r.prompt(id);
                writeln!(w, "- {label}: {} (`{id}`)", md(prompt))?;
            }
        }
    }

    if let Some(trace) = &r.trace {
        writeln!(w, "\n## Trace\n")?;
        writeln!(w, "| rule | fired | condition | answered | result |")?;
        writeln!(w, "| --- | --- | --- | --- | --- |")?;
        for t in trace {
            let fired = if t.fired {
                "**yes**"
            } else if t.open {
                "open"
            } else {
                "no"
            };
            for (i, c) in t.checks.iter().enumerate() {
                let rule = if i == 0 {
                    format!("{} `{}`", t.kind, t.id)
                } else {
                    String::new()
                };
                let f = if i == 0 { fired } else { "" };
                // Question ids are kebab-case: escaping the whole pair escapes the answer.
                let given: Vec<String> = c.answers.iter().map(|a| md(&a.to_string())).collect();
                writeln!(
                    w,
                    "| {rule} | {f} | {} | {} | {} |",
                    md(&c.condition),
                    given.join("; "),
                    c.result
                )?;
            }
        }
    }

    if !r.answers.is_empty() {
        writeln!(w, "\n## Your answers\n")?;
        for a in &r.answers {
            writeln!(w, "- {}: *{}*", md(&a.prompt), md(&a.answer))?;
        }
    }

    if !r.sources.is_empty() {
        writeln!(w, "\n## Sources\n")?;
        for s in &r.sources {
            writeln!(w, "{}. {}", s.number, md(&s.citation))?;
        }
    }
    writeln!(w, "\n## Bottom line\n")?;
    writeln!(w, "**{}**\n", md(&r.bottom_line.headline))?;
    for n in &r.bottom_line.next {
        writeln!(w, "- {}", md(n))?;
    }
    writeln!(w, "\n{}", md(&r.bottom_line.counts))?;

    writeln!(w, "\n## Disclaimer\n")?;
    writeln!(w, "{}", md(&r.disclaimer))?;
    Ok(())
}
