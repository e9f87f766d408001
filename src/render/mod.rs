//! Report → bytes. One module per format, all behind one trait, [`ReportRenderer`]; `text`
//! is the only one that uses color. `rulebase` renders the rule base itself (`list`,
//! `explain`), not a report.

pub mod json;
pub mod markdown;
pub mod rulebase;
pub mod text;

use std::io::{self, Write};

use crate::report::Report;

/// Every report format has this one shape: a report in, bytes out. Renderers read only the
/// report (never the rule base).
pub trait ReportRenderer {
    fn report(&self, w: &mut dyn Write, r: &Report) -> io::Result<()>;
}

/// The report formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

impl ReportFormat {
    /// The renderer of this format; `style` matters to text only.
    pub fn renderer(self, style: Style) -> Box<dyn ReportRenderer> {
        match self {
            ReportFormat::Text => Box::new(text::Text { style }),
            ReportFormat::Json => Box::new(json::Json),
            ReportFormat::Markdown => Box::new(markdown::Markdown),
        }
    }
}

/// When to use color (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ColorChoice {
    /// Color when writing to a terminal, unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

/// How text output looks: decided once at startup from the terminal and the color flags.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Column to wrap at.
    pub width: usize,
}

impl Style {
    /// `s` styled by `f` when color is on, plain otherwise. Markdown and JSON never call it.
    pub fn paint(
        &self,
        s: &str,
        f: impl Fn(colored::ColoredString) -> colored::ColoredString,
    ) -> String {
        use colored::Colorize;
        if self.color {
            f(s.normal()).to_string()
        } else {
            s.to_string()
        }
    }

    pub fn plain() -> Style {
        Style {
            color: false,
            width: 80,
        }
    }
}

/// Wraps `text` to `width` with `indent` on every line.
/// Text from the rule base or an answers file goes through here: control characters are
/// made visible first (see `printable`).
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let text = crate::printable::text(text);
    let width = width.max(indent.len() + 20);
    let opts = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    text.split("\n\n")
        .map(|para| {
            textwrap::fill(
                &para.split_ascii_whitespace().collect::<Vec<_>>().join(" "),
                &opts,
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Like `wrap`, with a different first-line prefix (a bullet, a label).
pub fn wrap_hanging(text: &str, width: usize, first: &str, rest: &str) -> String {
    let text = crate::printable::text(text);
    let width = width.max(rest.len() + 20);
    let opts = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    // ASCII white space only: a non-breaking space keeps its neighbours together while
    // wrapping, and becomes a plain space again in the output (friendlier to grep).
    textwrap::fill(
        &text.split_ascii_whitespace().collect::<Vec<_>>().join(" "),
        &opts,
    )
    .replace('\u{a0}', " ")
}

/// Said when the pasted free text holds none of the claims the rule base knows, so the text is
/// not silently dropped.
pub const TEXT_MATCHED_NONE: &str = "The text you pasted matched none of the claims gutcheck knows. That does not make it sound: check where it comes from, and ask a GP or pharmacist about anything it recommends.";

/// Said under "Alarm features mentioned in your text", in every format.
pub const MENTIONED_NOT_RULED_OUT: &str = "Your text mentions these, and your answers do not confirm them: they are not ruled out. If any of them applies to you, see a clinician promptly.";

/// The report's headline: the disposition's label and what it means, in every format. No
/// reassurance while questions that could point to a cause are open.
pub fn headline(r: &crate::report::Report) -> (&'static str, &'static str) {
    use crate::report::Disposition;
    match r.disposition {
        Disposition::Emergency => ("EMERGENCY", "get same-day or emergency care now"),
        Disposition::Urgent => (
            "URGENT",
            "an alarm feature is present: see a clinician within days",
        ),
        Disposition::Routine => (
            "ROUTINE",
            "some established causes are worth raising with a clinician",
        ),
        Disposition::Info if r.causes_open.is_empty() => (
            "INFO",
            "no alarm feature reported, and nothing points to an established cause",
        ),
        Disposition::Info => (
            "INFO",
            "no alarm feature reported; some questions that could point to a cause were skipped",
        ),
    }
}
