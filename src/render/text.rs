//! The report for a terminal (or a pager): headings, wrapped paragraphs, and color when
//! `Style::color` says so.

use std::io::{self, Write};

use colored::Colorize;

use super::{Style, TEXT_MATCHED_NONE, wrap, wrap_hanging};
use crate::report::{Because, Disposition, Report, Urgency};

struct Out<'a> {
    w: &'a mut dyn Write,
    style: Style,
}

impl Out<'_> {
    /// `  * Title [1, 2]`, wrapped with a hanging indent, the title painted after wrapping.
    fn item(
        &mut self,
        title: &str,
        rest: &str,
        f: impl Fn(colored::ColoredString) -> colored::ColoredString,
    ) -> io::Result<()> {
        // Keep a citation like [1, 2, 3] on one line.
        let rest = rest.replace(", ", ",\u{a0}");
        let line = if rest.is_empty() {
            title.to_string()
        } else {
            format!("{title} {rest}")
        };
        let wrapped = wrap_hanging(&line, self.style.width, "  * ", "    ");
        let painted = if self.style.color && wrapped.contains(title) {
            wrapped.replacen(title, &f(title.normal()).to_string(), 1)
        } else {
            wrapped
        };
        writeln!(self.w, "{painted}")
    }

    fn heading(&mut self, s: &str) -> io::Result<()> {
        let h = self.style.paint(s, |c| c.bold().underline());
        writeln!(self.w, "\n{h}")
    }

    fn para(&mut self, text: &str, indent: &str) -> io::Result<()> {
        writeln!(self.w, "{}", wrap(text, self.style.width, indent))
    }

    fn labelled(&mut self, label: &str, text: &str) -> io::Result<()> {
        let first = format!("    {label} ");
        let rest = " ".repeat(4);
        let wrapped = wrap_hanging(text, self.style.width, &first, &rest);
        // Bold the label after wrapping so the width is measured on plain text.
        let painted = wrapped.replacen(label, &self.style.paint(label, |c| c.bold()), 1);
        writeln!(self.w, "{painted}")
    }

    fn because(&mut self, b: &[Because]) -> io::Result<()> {
        if b.is_empty() {
            return Ok(());
        }
        let said: Vec<String> = b
            .iter()
            .map(|b| format!("{} → {}", b.prompt, b.answer))
            .collect();
        self.labelled("Because you said:", &said.join("; "))
    }
}

/// The text report, for a terminal, a pager or a pipe.
pub struct Text {
    pub style: Style,
}

impl super::ReportRenderer for Text {
    fn report(&self, w: &mut dyn Write, r: &Report) -> io::Result<()> {
        report(w, r, self.style)
    }
}

fn report(w: &mut dyn Write, r: &Report, style: Style) -> io::Result<()> {
    let mut o = Out { w, style };
    let title = o.style.paint("gutcheck report", |c| c.bold());
    let rules = format!("(rules: {} {})", r.rules.name, r.rules.version);
    if "gutcheck report  ".len() + rules.chars().count() <= style.width {
        writeln!(o.w, "{title}  {rules}")?;
    } else {
        writeln!(o.w, "{title}\n{}", wrap(&rules, style.width, ""))?;
    }
    let reassuring = r.causes_open.is_empty();
    let (label, line) = super::headline(r);
    let label = match r.disposition {
        Disposition::Emergency | Disposition::Urgent => {
            o.style.paint(label, |c| c.red().bold().reversed())
        }
        Disposition::Routine => o.style.paint(label, |c| c.yellow().bold()),
        // No reassurance colour while questions that could point to a cause are open.
        Disposition::Info if reassuring => o.style.paint(label, |c| c.green().bold()),
        Disposition::Info => o.style.paint(label, |c| c.bold()),
    };
    if let Some(d) = &r.description {
        writeln!(
            o.w,
            "{}",
            wrap_hanging(d, style.width, "Answers: ", "         ")
        )?;
    }
    writeln!(
        o.w,
        "{}",
        wrap_hanging(&format!("Urgency: {label} - {line}"), style.width, "", "  ")
    )?;
    let open = r.red_flags_not_ruled_out.len() + r.red_flags_mentioned.len();
    if open > 0 && r.urgency != Urgency::Urgent {
        // Never let a skim of the headline read as an all-clear.
        let warn = format!(
            "But {open} alarm feature{} not ruled out (answered \"not sure\" or left out): if any applies, see a clinician promptly.",
            if open == 1 { " was" } else { "s were" }
        );
        let warn = o
            .style
            .paint(&wrap(&warn, style.width, ""), |c| c.yellow().bold());
        writeln!(o.w, "{warn}")?;
    }

    if r.urgency == Urgency::Urgent {
        let h = if r.disposition == Disposition::Emergency {
            o.style
                .paint("!! Get care today: same-day or emergency care", |c| {
                    c.red().bold()
                })
        } else {
            o.style
                .paint("!! See a clinician promptly", |c| c.red().bold())
        };
        writeln!(o.w, "\n{h}")?;
        if let Some(advice) = &r.urgent_advice {
            o.para(advice, "  ")?;
        }
        for rf in &r.red_flags {
            writeln!(o.w)?;
            o.item(&rf.title, &r.cite(&rf.sources), |c| c.red().bold())?;
            o.para(&rf.message, "    ")?;
            o.because(&rf.because)?;
        }
        writeln!(o.w)?;
        o.para(&r.emergency, "  ")?;
    }

    if !r.red_flags_mentioned.is_empty() {
        o.heading("Alarm features mentioned in your text")?;
        o.para(super::MENTIONED_NOT_RULED_OUT, "  ")?;
        for m in &r.red_flags_mentioned {
            o.item(
                &m.title,
                &format!("(\"{}\": mentioned in your text, not ruled out)", m.words),
                |c| c.yellow(),
            )?;
        }
    }

    if !r.red_flags_not_ruled_out.is_empty() {
        o.heading("Alarm features not ruled out")?;
        o.para(
            "You were not sure about these, or did not answer. If any of them might apply, treat it as a yes: see a clinician promptly.",
            "  ",
        )?;
        for f in &r.red_flags_not_ruled_out {
            o.item(&f.title, "", |c| c.yellow())?;
        }
    }

    if !r.guidance.is_empty() {
        o.heading("Read this first")?;
        for g in &r.guidance {
            writeln!(o.w)?;
            o.item(&g.title, &r.cite(&g.sources), |c| c.cyan().bold())?;
            o.para(&g.text, "    ")?;
        }
    }

    o.heading("Claims you met")?;
    if r.claims.is_empty() {
        o.para(
            "None of the common leaky-gut claims came up in your answers.",
            "  ",
        )?;
    }
    if r.claims_text_matched_none {
        o.para(TEXT_MATCHED_NONE, "  ")?;
    }
    for c in &r.claims {
        writeln!(o.w)?;
        o.item(&c.title, &r.cite(&c.sources), |s| s.bold())?;
        let verdict = o.style.paint(c.verdict.label(), |s| s.magenta().bold());
        writeln!(o.w, "    Verdict: {verdict}")?;
        o.labelled("What the evidence says:", &c.evidence)?;
        o.labelled("Instead:", &c.instead)?;
        if !c.matched.is_empty() {
            let quoted: Vec<String> = c.matched.iter().map(|m| format!("\"{m}\"")).collect();
            o.labelled("In your words:", &quoted.join(", "))?;
        }
        o.because(&c.because)?;
    }

    o.heading("Causes worth checking")?;
    if r.causes.is_empty() && !reassuring {
        o.para(
            "None of your answers points to one of the established causes, but some questions that could were skipped or answered \"not sure\" (see Open points). If symptoms start, change or persist, a GP is the place to start.",
            "  ",
        )?;
    } else if r.causes.is_empty() {
        o.para(
            "Nothing in your answers points to one of the established causes of a leakier gut (coeliac disease, inflammatory bowel disease, gut infection, regular anti-inflammatory painkillers, heavy drinking, intense endurance exercise). If symptoms start, change or persist, a GP is the place to start.",
            "  ",
        )?;
    }
    for c in &r.causes {
        writeln!(o.w)?;
        o.item(&c.name, &r.cite(&c.sources), |s| s.yellow().bold())?;
        o.because(&c.because)?;
        o.labelled("Why it matters:", &c.about)?;
        o.labelled("How it is usually checked:", &c.check)?;
        o.labelled("Whom to ask:", &c.who)?;
    }

    if !r.unanswered.is_empty() || !r.not_sure.is_empty() {
        o.heading("Open points")?;
        for (label, ids) in [("Not sure:", &r.not_sure), ("Unanswered:", &r.unanswered)] {
            for id in ids {
                let prompt = r.prompt(id);
                let first = format!("  * {label} ");
                writeln!(
                    o.w,
                    "{}",
                    wrap_hanging(&format!("{prompt} ({id})"), style.width, &first, "    ")
                )?;
            }
        }
    }

    if let Some(trace) = &r.trace {
        o.heading("Trace: every rule and how your answers decided it")?;
        for t in trace {
            let mark = if t.fired {
                o.style.paint("FIRED", |c| c.green().bold())
            } else if t.open {
                o.style.paint("open ", |c| c.yellow())
            } else {
                o.style.paint("-    ", |c| c.dimmed())
            };
            writeln!(o.w, "  {mark} {} {}", t.kind, t.id)?;
            for c in &t.checks {
                let given: Vec<String> = c.answers.iter().map(|a| a.to_string()).collect();
                let line = format!(
                    "[{}] {} (answered: {})",
                    c.result,
                    c.condition,
                    given.join("; ")
                );
                writeln!(
                    o.w,
                    "{}",
                    wrap_hanging(&line, style.width, "        ", "          ")
                )?;
            }
        }
    }

    if !r.sources.is_empty() {
        o.heading("Sources")?;
        for s in &r.sources {
            let first = format!("  [{}] ", s.number);
            let rest = " ".repeat(first.len());
            writeln!(
                o.w,
                "{}",
                wrap_hanging(&s.citation, style.width, &first, &rest)
            )?;
        }
    }

    bottom_line(&mut o, r)?;

    o.heading("Disclaimer")?;
    o.para(&r.disclaimer, "  ")?;
    Ok(())
}

/// Only the bottom line: printed again after a pager closes at the end of a session, so it is
/// on screen whatever page the reader left the pager on.
pub fn bottom_line_only(w: &mut dyn Write, r: &Report, style: Style) -> io::Result<()> {
    bottom_line(&mut Out { w, style }, r)
}

/// The last word before the disclaimer, so it is on screen when a session ends.
fn bottom_line(o: &mut Out<'_>, r: &Report) -> io::Result<()> {
    o.heading("Bottom line")?;
    let b = &r.bottom_line;
    let headline = match r.disposition {
        Disposition::Emergency | Disposition::Urgent => o
            .style
            .paint(&wrap(&b.headline, o.style.width, "  "), |c| c.red().bold()),
        _ => o
            .style
            .paint(&wrap(&b.headline, o.style.width, "  "), |c| c.bold()),
    };
    writeln!(o.w, "{headline}")?;
    for n in &b.next {
        writeln!(o.w, "{}", wrap_hanging(n, o.style.width, "  - ", "    "))?;
    }
    o.para(&b.counts, "  ")
}
