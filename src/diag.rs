//! A located problem in an input file (file, line, column, rule id, message, hint) and its
//! one renderer. Loading rules and reading answers files both report through this type, so
//! every bad input looks the same to the user.

use std::fmt;
use std::ops::Range;

use crate::printable;

/// Longest message, in characters, before it is cut: a message may echo input (a 5 MB
/// unknown key must not make a 10 MB error line).
const MAX_MESSAGE: usize = 1_000;
/// Longest rule id or file name shown.
const MAX_NAME: usize = 200;

/// One problem found in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Display name of the file (`rules/claims.toml`, `<built-in>/claims.toml`, `<stdin>`).
    pub file: String,
    /// 1-based line and column (column counted in characters); `None` when the problem has no
    /// place in the file (a missing file, say).
    pub location: Option<(usize, usize)>,
    /// The source line the problem is on, for the caret display.
    pub snippet: Option<String>,
    /// Width of the underline, in characters.
    pub width: usize,
    /// The stable code of this kind of problem (`R303`), when it has one.
    pub code: Option<&'static str>,
    /// The rule or question the problem belongs to, when there is one.
    pub rule_id: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with no position (whole-file problems).
    pub fn file_level(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            location: None,
            snippet: None,
            width: 0,
            code: None,
            rule_id: None,
            message: message.into(),
            help: None,
        }
    }

    /// A problem at a byte span of `text`.
    pub fn at(
        file: impl Into<String>,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let mut d = Diagnostic::file_level(file, message);
        if let Some(span) = span {
            let start = floor_char_boundary(text, span.start.min(text.len()));
            let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line_no = text[..start].matches('\n').count() + 1;
            let col = text[line_start..start].chars().count() + 1;
            let line = text[line_start..line_end].trim_end_matches('\r');
            let width = text[start..end.min(line_end)].chars().count().max(1);
            d.location = Some((line_no, col));
            d.snippet = Some(line.to_string());
            d.width = width;
        }
        d
    }

    /// Tags the problem with its stable code (see `check::codes` for the rule base's).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_rule(mut self, id: impl Into<String>) -> Self {
        self.rule_id = Some(id.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    /// `error[CODE]: FILE:LINE:COL: [rule id] message` (`error:` when there is no code), then
    /// the line with a caret, then `help:`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Everything here may echo input: control characters are shown, lengths capped.
        match self.code {
            Some(code) => write!(f, "error[{code}]: ")?,
            None => write!(f, "error: ")?,
        }
        write!(f, "{}", printable::capped(&self.file, MAX_NAME))?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": ")?;
        if let Some(id) = &self.rule_id {
            write!(f, "[{}] ", printable::capped(id, MAX_NAME))?;
        }
        writeln!(f, "{}", printable::capped_text(&self.message, MAX_MESSAGE))?;
        if let (Some(snippet), Some((line, col))) = (&self.snippet, self.location) {
            let gutter = line.to_string().len();
            // Long lines (minified files, pasted text) are cut around the caret.
            let (shown, caret_col) = clip_line(snippet, col, 100);
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {shown}")?;
            writeln!(
                f,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(caret_col.saturating_sub(1)),
                "^".repeat(self.width.min(60))
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "help: {}", printable::capped_text(help, 4 * MAX_MESSAGE))?;
        }
        Ok(())
    }
}

/// Keeps at most `max` characters of `line` around column `col`, control characters made
/// visible (the caret column moves with them).
fn clip_line(line: &str, col: usize, max: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let (start, end) = if chars.len() <= max {
        (0, chars.len())
    } else {
        let start = col
            .saturating_sub(max / 2)
            .min(chars.len().saturating_sub(max));
        (start, (start + max).min(chars.len()))
    };
    let mut s: String = String::from(if start > 0 { "…" } else { "" });
    let mut caret = 1 + usize::from(start > 0);
    for (i, c) in chars[start..end].iter().enumerate() {
        let shown = printable::line(c.encode_utf8(&mut [0; 4])).into_owned();
        if start + i + 1 < col {
            caret += shown.chars().count();
        }
        s.push_str(&shown);
    }
    if end < chars.len() {
        s.push('…');
    }
    (s, caret)
}

/// Closest candidates to `wanted` among `candidates`, for "did you mean" hints.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    // Ids are short; comparing a megabyte of pasted text with each would take seconds.
    if wanted.len() > 200 {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(s, _)| *s > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `x`?" for the candidate closest to `wanted`, if one is close enough. Every
/// suggestion of a valid id is worded by this one function.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wanted, candidates)
        .first()
        .map(|n| format!("did you mean `{n}`?"))
}

/// A hint: `then` after "did you mean `x`?" when a candidate is close, `then` alone otherwise.
pub fn suggest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    then: &str,
) -> String {
    match did_you_mean(wanted, candidates) {
        Some(s) => format!("{s} {then}"),
        None => then.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        let start = text.find("\"x\"").unwrap();
        let d = Diagnostic::at("f.toml", text, Some(start..start + 3), "bad");
        assert_eq!(d.location, Some((2, 6)));
        let shown = d.to_string();
        assert!(shown.starts_with("error: f.toml:2:6: bad"), "{shown}");
        assert!(shown.contains("     ^^^"), "{shown}");
    }

    #[test]
    fn suggests_close_ids() {
        assert_eq!(
            closest("bloodinstool", ["blood-in-stool", "fever"]),
            vec!["blood-in-stool"]
        );
        assert!(closest("zzz", ["fever"]).is_empty());
        assert_eq!(
            did_you_mean("fevr", ["fever", "pain"]).as_deref(),
            Some("did you mean `fever`?")
        );
        assert_eq!(suggest("zzz", ["fever"], "see the list"), "see the list");
    }

    #[test]
    fn shows_the_code_first() {
        let d = Diagnostic::file_level("f.toml", "bad").with_code("R001");
        assert!(d.to_string().starts_with("error[R001]: f.toml: bad"));
    }
}
