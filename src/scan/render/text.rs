//! `scan --format text`: `path:line:col  claim-id  [verdict]`, the source line with the match
//! highlighted (color) and underlined (`^^^`), the claim's one-line summary with a pointer to
//! `gutcheck explain ID`; a count per claim and the disclaimer at the end.

use std::io::{self, Write};

use colored::Colorize;

use super::{Renderer, Totals};
use crate::render::wrap;
use crate::scan::source::{Context, Finding};

/// One finding: where, which claim, the line with the match underlined, what to read.
pub(super) fn finding(r: &Renderer, file: &str, f: &Finding, out: &mut Vec<u8>) {
    let c = &r.rb.claims[f.claim];
    // A file name may hold a new line or an escape sequence: it must not break
    // `path:line:col` or reach the terminal.
    let file = crate::printable::line(file);
    let place = r
        .style
        .paint(&format!("{file}:{}:{}", f.line, f.column), |s| s.bold());
    let id = r.style.paint(&c.id, |s| s.bold());
    let verdict = r.style.paint(&format!("[{}]", c.verdict), |s| s.yellow());
    let _ = write!(out, "{place}  {id}  {verdict}");
    let m = &r.rb.meta.messages;
    // A mention left uncounted, in the rule base's words: short, and as a sentence.
    let reason = |long: bool| {
        f.reason
            .unwrap_or(crate::matcher::assertion::Reason::Refuted)
            .words(m, long)
    };
    if f.refuted {
        let why = m.fill("scan-not-asserted", &[("reason", &reason(false))]);
        let _ = write!(out, "  {}", r.style.paint(&why, |s| s.green()));
    }
    out.push(b'\n');
    if let Some(ctx) = &f.context {
        snippet(r, ctx, out);
    }
    let key = (
        f.claim,
        f.refuted.then(|| {
            f.reason
                .unwrap_or(crate::matcher::assertion::Reason::Refuted)
                .as_str()
        }),
    );
    let text = r.notes.get(key, || {
        let explain = format!("(gutcheck explain {})", c.id);
        let note = if f.refuted {
            m.fill("scan-mentioned-not-claimed", &[("reason", &reason(true))])
        } else {
            c.summary.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let width = r.style.width.max(40);
        let opts = textwrap::Options::new(width)
            .initial_indent("    = ")
            .subsequent_indent("      ")
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let mut text = textwrap::fill(&note, &opts);
        // The pointer stays whole, so it can be copied: on the last line if it fits.
        let last = text.rsplit('\n').next().unwrap_or("");
        if textwrap::core::display_width(last) + 1 + explain.len() <= width {
            text.push(' ');
        } else {
            text.push_str("\n      ");
        }
        text.push_str(&explain);
        text
    });
    let _ = writeln!(out, "{text}\n");
}

/// The source line, trimmed to the width around the match, and a caret underline.
fn snippet(r: &Renderer, ctx: &Context, out: &mut Vec<u8>) {
    let before = printable(&ctx.text[..ctx.span.start]);
    let matched = printable(&ctx.text[ctx.span.clone()]);
    let after = printable(&ctx.text[ctx.span.end..]);
    let avail = r.style.width.saturating_sub(4).max(20);
    let (mut cut_left, mut cut_right) = (ctx.cut_left, ctx.cut_right);
    let width = |s: &str| textwrap::core::display_width(s);
    let marks = usize::from(cut_left) + usize::from(cut_right);
    let (shown_before, shown_match, shown_after) =
        if width(&before) + width(&matched) + width(&after) + marks <= avail {
            (before.as_str(), matched.as_str(), after.as_str())
        } else {
            // Too wide: the match (as much as fits), context before it, the rest after;
            // two columns are kept for the `…` marks.
            let shown_match = take_width(&matched, avail.saturating_sub(2));
            let room = avail.saturating_sub(width(shown_match) + 2);
            let left = width(&before).min((room / 3).max(room.saturating_sub(width(&after))));
            let shown_before = take_width_from_end(&before, left);
            let shown_after = if shown_match.len() < matched.len() {
                ""
            } else {
                take_width(&after, room.saturating_sub(width(shown_before)))
            };
            cut_left |= shown_before.len() < before.len();
            cut_right |= shown_match.len() < matched.len() || shown_after.len() < after.len();
            (shown_before, shown_match, shown_after)
        };
    let lead = if cut_left { "…" } else { "" };
    let tail = if cut_right { "…" } else { "" };
    let hl = r.style.paint(shown_match, |s| s.red().bold());
    let _ = writeln!(out, "    {lead}{shown_before}{hl}{shown_after}{tail}");
    let pad = " ".repeat(width(lead) + width(shown_before));
    let carets = "^".repeat(width(shown_match).max(1));
    let _ = writeln!(
        out,
        "    {pad}{}",
        r.style.paint(&carets, |s| s.red().bold())
    );
}

/// The summary after the last finding, and the disclaimer.
pub(super) fn end(r: &Renderer, w: &mut dyn Write, t: &Totals) -> io::Result<()> {
    let m = &r.rb.meta.messages;
    let files = m.count("scan-files", t.scanned, &[]);
    let n = t.findings();
    if n == 0 {
        let none = m.fill("scan-none-found", &[("files", &files)]);
        writeln!(w, "{}", r.style.paint(&none, |s| s.bold()))?;
    } else {
        let head = m.count("scan-found", n as usize, &[("files", &files)]);
        writeln!(w, "{}", r.style.paint(&head, |s| s.bold()))?;
        let id_width = t
            .per_claim
            .keys()
            .map(|&c| r.rb.claims[c].id.len())
            .max()
            .unwrap_or(0);
        let mut rows: Vec<(usize, u64)> = t.per_claim.iter().map(|(&c, &n)| (c, n)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let count_width = rows.first().map_or(1, |r| r.1.to_string().len());
        for (c, count) in rows {
            let claim = &r.rb.claims[c];
            writeln!(
                w,
                "  {:<id_width$}  ×{count:<count_width$}  {}",
                claim.id, claim.verdict
            )?;
        }
    }
    if t.refuted > 0 {
        let line = m.count("scan-not-counted", t.refuted as usize, &[]);
        writeln!(w, "  {line}")?;
    }
    if t.binary > 0 || t.errors > 0 {
        let mut parts = Vec::new();
        if t.binary > 0 {
            parts.push(m.fill("scan-binary-skipped", &[("n", &t.binary)]));
        }
        if t.errors > 0 {
            parts.push(m.fill("scan-unreadable", &[("n", &t.errors)]));
        }
        writeln!(w, "  ({})", parts.join(", "))?;
    }
    writeln!(w)?;
    writeln!(w, "{}", wrap(&r.rb.meta.disclaimer, r.style.width, ""))
}

/// A line of scanned text safe to print on one terminal line: tabs become spaces, line ends
/// go, other control characters (escape sequences included) are made visible.
pub fn printable(s: &str) -> String {
    let s = s.replace('\t', "    ").replace(['\r', '\n'], "");
    crate::printable::line(&s).into_owned()
}

/// The longest prefix of `s` that is at most `max` columns wide.
fn take_width(s: &str, max: usize) -> &str {
    let mut w = 0;
    for (i, c) in s.char_indices() {
        w += textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if w > max {
            return &s[..i];
        }
    }
    s
}

/// The longest suffix of `s` that is at most `max` columns wide.
fn take_width_from_end(s: &str, max: usize) -> &str {
    let mut w = 0;
    for (i, c) in s.char_indices().rev() {
        w += textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if w > max {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_taken_by_columns_not_bytes() {
        assert_eq!(take_width("héllo", 2), "hé");
        assert_eq!(take_width_from_end("héllo", 3), "llo");
        assert_eq!(take_width("日本語", 4), "日本");
        assert_eq!(printable("a\tb\x1b[31m"), "a    b\\u{1b}[31m");
    }
}
