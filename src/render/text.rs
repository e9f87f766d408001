//! The report for a terminal (or a pager): headings, wrapped paragraphs, and color when
//! `Style::color` says so.

use std::io::{self, Write};

use colored::Colorize;

use super::{Style, wrap, wrap_hanging};
use crate::report::{Because, Disposition, Report, Urgency};
use crate::rules::messages::Messages;

struct Out<'a> {
    w: &'a mut dyn Write,
    style: Style,
    m: &'a Messages,
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

    /// A heading, by message id.
    fn heading(&mut self, id: &str) -> io::Result<()> {
        let h = self.style.paint(&self.m.get(id), |c| c.bold().underline());
        writeln!(self.w, "\n{h}")
    }

    /// A paragraph, by message id.
    fn say(&mut self, id: &str, indent: &str) -> io::Result<()> {
        let text = self.m.get(id).into_owned();
        self.para(&text, indent)
    }

    fn para(&mut self, text: &str, indent: &str) -> io::Result<()> {
        writeln!(self.w, "{}", wrap(text, self.style.width, indent))
    }

    /// `    Label: text`, the label a message id.
    fn labelled(&mut self, id: &str, text: &str) -> io::Result<()> {
        let label = self.m.get(id).into_owned();
        let label = label.as_str();
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
        self.labelled("label-because", &said.join("; "))
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
    let m = &*r.messages;
    let mut o = Out { w, style, m };
    let title_text = m.get("report-title");
    let title = o.style.paint(&title_text, |c| c.bold());
    let rules = m.fill(
        "report-rules",
        &[("name", &r.rules.name), ("version", &r.rules.version)],
    );
    if title_text.chars().count() + 2 + rules.chars().count() <= style.width {
        writeln!(o.w, "{title}  {rules}")?;
    } else {
        writeln!(o.w, "{title}\n{}", wrap(&rules, style.width, ""))?;
    }
    let reassuring = r.causes_open.is_empty();
    let (label, line) = super::headline(r);
    let painted = match r.disposition {
        Disposition::Emergency | Disposition::Urgent => {
            o.style.paint(&label, |c| c.red().bold().reversed())
        }
        Disposition::Routine => o.style.paint(&label, |c| c.yellow().bold()),
        // No reassurance colour while questions that could point to a cause are open.
        Disposition::Info if reassuring => o.style.paint(&label, |c| c.green().bold()),
        Disposition::Info => o.style.paint(&label, |c| c.bold()),
    };
    if let Some(d) = &r.description {
        let first = format!("{} ", m.get("report-answers"));
        let rest = " ".repeat(textwrap::core::display_width(&first));
        writeln!(o.w, "{}", wrap_hanging(d, style.width, &first, &rest))?;
    }
    // Wrapped as plain text (wrapping makes control codes visible), then the label painted.
    let urgency = m.fill("report-urgency", &[("label", &label), ("meaning", &line)]);
    let urgency = wrap_hanging(&urgency, style.width, "", "  ").replacen(&label, &painted, 1);
    writeln!(o.w, "{urgency}")?;
    if let Some((open, advice)) = super::open_alarms(r) {
        // Never let a skim of the headline read as an all-clear.
        let warn = format!("{open} {advice}");
        let warn = o
            .style
            .paint(&wrap(&warn, style.width, ""), |c| c.yellow().bold());
        writeln!(o.w, "{warn}")?;
    }

    if r.urgency == Urgency::Urgent {
        let id = if r.disposition == Disposition::Emergency {
            "heading-emergency"
        } else {
            "heading-urgent"
        };
        let h = o.style.paint(&m.get(id), |c| c.red().bold());
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
        o.heading("heading-mentioned")?;
        o.say("mentioned-intro", "  ")?;
        for f in &r.red_flags_mentioned {
            o.item(
                &f.title,
                &m.fill("mentioned-item", &[("words", &f.words)]),
                |c| c.yellow(),
            )?;
        }
    }

    if !r.red_flags_not_ruled_out.is_empty() {
        o.heading("heading-not-ruled-out")?;
        o.say("not-ruled-out-intro", "  ")?;
        for f in &r.red_flags_not_ruled_out {
            o.item(&f.title, "", |c| c.yellow())?;
        }
    }

    if !r.guidance.is_empty() {
        o.heading("heading-guidance")?;
        for g in &r.guidance {
            writeln!(o.w)?;
            o.item(&g.title, &r.cite(&g.sources), |c| c.cyan().bold())?;
            o.para(&g.text, "    ")?;
        }
    }

    o.heading("heading-claims")?;
    if r.claims.is_empty() {
        o.say("claims-none", "  ")?;
    }
    if r.claims_text_matched_none {
        o.say("text-matched-none", "  ")?;
    }
    for c in &r.claims {
        writeln!(o.w)?;
        o.item(&c.title, &r.cite(&c.sources), |s| s.bold())?;
        let verdict = o.style.paint(&c.verdict.label(m), |s| s.magenta().bold());
        writeln!(o.w, "    {} {verdict}", m.get("label-verdict"))?;
        o.labelled("label-evidence", &c.evidence)?;
        o.labelled("label-instead", &c.instead)?;
        if !c.matched.is_empty() {
            let quoted: Vec<String> = c.matched.iter().map(|q| format!("\"{q}\"")).collect();
            o.labelled("label-in-your-words", &quoted.join(", "))?;
        }
        o.because(&c.because)?;
    }

    o.heading("heading-causes")?;
    if r.causes.is_empty() && !reassuring {
        o.say("causes-none-open", "  ")?;
    } else if r.causes.is_empty() {
        o.say("causes-none", "  ")?;
    }
    for c in &r.causes {
        writeln!(o.w)?;
        o.item(&c.name, &r.cite(&c.sources), |s| s.yellow().bold())?;
        o.because(&c.because)?;
        o.labelled("label-why-it-matters", &c.about)?;
        o.labelled("label-how-checked", &c.check)?;
        o.labelled("label-whom-to-ask", &c.who)?;
    }

    if !r.unanswered.is_empty() || !r.not_sure.is_empty() {
        o.heading("heading-open-points")?;
        for (label, ids) in [
            ("label-not-sure", &r.not_sure),
            ("label-unanswered", &r.unanswered),
        ] {
            let label = m.get(label);
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
        o.heading("heading-trace")?;
        let marks = ["trace-fired", "trace-open", "trace-not-fired"].map(|id| m.get(id));
        let mark_width = marks
            .iter()
            .map(|s| textwrap::core::display_width(s))
            .max()
            .unwrap_or(0);
        for t in trace {
            let which = usize::from(!t.fired) + usize::from(!t.fired && !t.open);
            let text = format!("{:<mark_width$}", marks[which]);
            let mark = match which {
                0 => o.style.paint(&text, |c| c.green().bold()),
                1 => o.style.paint(&text, |c| c.yellow()),
                _ => o.style.paint(&text, |c| c.dimmed()),
            };
            writeln!(o.w, "  {mark} {} {}", t.kind, t.id)?;
            for c in &t.checks {
                let given: Vec<String> = c.answers.iter().map(|a| a.show(m)).collect();
                let line = m.fill(
                    "trace-line",
                    &[
                        ("result", &m.get(&format!("trace-{}", c.result))),
                        ("condition", &c.condition),
                        ("answered", &given.join("; ")),
                    ],
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
        o.heading("heading-sources")?;
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

    o.heading("heading-disclaimer")?;
    o.para(&r.disclaimer, "  ")?;
    Ok(())
}

/// Only the bottom line: printed again after a pager closes at the end of a session, so it is
/// on screen whatever page the reader left the pager on.
pub fn bottom_line_only(w: &mut dyn Write, r: &Report, style: Style) -> io::Result<()> {
    bottom_line(
        &mut Out {
            w,
            style,
            m: &r.messages,
        },
        r,
    )
}

/// The last word before the disclaimer, so it is on screen when a session ends.
fn bottom_line(o: &mut Out<'_>, r: &Report) -> io::Result<()> {
    o.heading("heading-bottom-line")?;
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
