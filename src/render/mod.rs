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

/// The report's headline: the disposition's label and what it means, in every format. No
/// reassurance while questions that could point to a cause are open.
pub fn headline(r: &crate::report::Report) -> (String, String) {
    use crate::report::Disposition;
    let (label, meaning) = match r.disposition {
        Disposition::Emergency => ("label-emergency", "meaning-emergency"),
        Disposition::Urgent => ("label-urgent", "meaning-urgent"),
        Disposition::Routine => ("label-routine", "meaning-routine"),
        Disposition::Info if r.causes_open.is_empty() => ("label-info", "meaning-info"),
        Disposition::Info => ("label-info", "meaning-info-open"),
    };
    let m = &r.messages;
    (m.get(label).into_owned(), m.get(meaning).into_owned())
}

/// "But 2 alarm features were not ruled out" when alarm features are open and the report is
/// not already urgent: the first part (to be stressed) and the advice after it.
pub fn open_alarms(r: &crate::report::Report) -> Option<(String, String)> {
    let open = r.red_flags_not_ruled_out.len() + r.red_flags_mentioned.len();
    (open > 0 && r.urgency != crate::report::Urgency::Urgent).then(|| {
        (
            r.messages.count("open-alarms", open, &[]),
            r.messages.get("open-alarms-advice").into_owned(),
        )
    })
}
