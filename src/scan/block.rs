//! Blocks: the stretches of text a claim is looked for in, one at a time.
//!
//! A block is a paragraph (lines up to a blank line), so a claim wrapped across lines is
//! found, but also ends where writing starts a new thought without a blank line: before a
//! Markdown heading or list item (unless the line before ends with `:`, which leads into the
//! list), after a heading line, and at HTML block tags (`<p>`, `</li>`, `<h2>`, …). Without
//! these cuts a heading such as "Heal your leaky gut in 30 days" would share a sentence
//! with the debunking paragraph below it. A block longer than [`MAX_BLOCK`] is cut at a line
//! break, a sentence end or white space.
//!
//! Boundaries depend only on the bytes around them, so scanning can start at any boundary
//! (the end of the block scanned last) and find the same blocks.

use std::ops::Range;

use memchr::{memchr, memrchr};

/// Longest block handed to the matcher, in bytes.
pub const MAX_BLOCK: usize = 32 * 1024;

/// HTML elements that start or end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C))
}

/// The line content without up to three leading spaces (Markdown's indentation allowance).
fn indented(line: &[u8]) -> &[u8] {
    let n = line.iter().take(3).take_while(|&&b| b == b' ').count();
    &line[n..]
}

pub(crate) fn is_heading(line: &[u8]) -> bool {
    let l = indented(line);
    let hashes = l.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && l.get(hashes)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

pub(crate) use crate::matcher::is_list_item;

/// Does `line` start a new block when it follows `prev`?
fn starts_block(line: &[u8], prev: &[u8]) -> bool {
    if is_heading(line) || is_heading(prev) {
        return true;
    }
    is_list_item(line) && !prev.trim_ascii_end().ends_with(b":")
}

/// Is there an HTML block tag (`<p`, `</div`, …) at `c[i]`?
fn block_tag_at(c: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    if c.get(j) == Some(&b'/') {
        j += 1;
    }
    let start = j;
    while j < c.len() && j - start < 12 && c[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == start
        || !c
            .get(j)
            .is_none_or(|b| matches!(b, b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
    {
        return false;
    }
    let name = &c[start..j];
    BLOCK_TAGS
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(name))
}

/// The first HTML block tag in `c[from..to]`, if any.
fn next_block_tag(c: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut i = from;
    while let Some(k) = memchr(b'<', &c[i..to]) {
        if block_tag_at(c, i + k) {
            return Some(i + k);
        }
        i += k + 1;
    }
    None
}

/// Where to cut a block that would be longer than `MAX_BLOCK`: after the last line break,
/// else after the last sentence end, else after the last white space, else at a character
/// boundary; always after `u`. (Also where `source` cuts a chunk with no paragraph break.)
pub(crate) fn forced_cut(c: &[u8], u: usize, limit: usize) -> usize {
    let part = &c[u..limit];
    if let Some(i) = memrchr(b'\n', part).filter(|&i| i > 0) {
        return u + i + 1;
    }
    if let Some(i) = part
        .windows(2)
        .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ')
    {
        return u + i + 2;
    }
    if let Some(i) = part
        .iter()
        .rposition(|b| b.is_ascii_whitespace())
        .filter(|&i| i > 0)
    {
        return u + i + 1;
    }
    let mut end = limit;
    while end > u + 1 && (c[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    end
}

/// The end of the block that starts at `u` (`u` is a block boundary).
pub fn block_end(c: &[u8], u: usize) -> usize {
    let limit = (u + MAX_BLOCK).min(c.len());
    let mut ls = u;
    let mut prev: &[u8] = &[];
    // Still on the block's first line of text (leading blank lines are skipped)?
    let mut first = true;
    while ls < c.len() {
        // Look no further than just past the limit: a longer line is cut anyway.
        let search_to = (limit + 1).min(c.len());
        let le = memchr(b'\n', &c[ls..search_to]).map_or(search_to, |i| ls + i + 1);
        let line = &c[ls..le];
        let whole_line = ls == 0 || c[ls - 1] == b'\n';
        if first && is_blank(line) {
            ls = le;
            continue;
        }
        if !first && (is_blank(line) || starts_block(line, prev)) {
            return ls;
        }
        // A tag that opens the block belongs to it; any later block tag ends it.
        let tag_from = if first { ls + 1 } else { ls };
        let tag_to = le.min(limit);
        if tag_from < tag_to
            && let Some(t) = next_block_tag(c, tag_from, tag_to)
        {
            return t;
        }
        if le > limit {
            return forced_cut(c, u, limit);
        }
        if first && whole_line && is_heading(line) {
            return le;
        }
        first = false;
        prev = line;
        ls = le;
    }
    c.len()
}

/// The start of the line holding `x`, no further back than `floor`.
fn line_start(c: &[u8], floor: usize, x: usize) -> usize {
    memrchr(b'\n', &c[floor..x]).map_or(floor, |i| floor + i + 1)
}

/// The block of `c` that holds byte `s`. `floor` is a block boundary at or before `s` (the
/// end of the block scanned before, or 0).
pub fn around(c: &[u8], s: usize, floor: usize) -> Range<usize> {
    // Back to the start of the paragraph (or to `floor`).
    let mut start = line_start(c, floor, s);
    while start > floor {
        let prev = line_start(c, floor, start - 1);
        if is_blank(&c[prev..start]) {
            break;
        }
        start = prev;
    }
    // Forward, block by block, to the one that holds `s`.
    loop {
        let end = block_end(c, start);
        if s < end || end >= c.len() {
            return start..end.max(s + 1).min(c.len());
        }
        start = end;
    }
}

/// Every block of `c`, in order (for tests and for scanning without a prefilter).
#[cfg(test)]
pub fn all(c: &[u8]) -> Vec<Range<usize>> {
    let mut v = Vec::new();
    let mut u = 0;
    while u < c.len() {
        let e = block_end(c, u);
        v.push(u..e);
        u = e;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(s: &str) -> Vec<&str> {
        all(s.as_bytes())
            .into_iter()
            .map(|r| s[r].trim())
            .filter(|b| !b.is_empty())
            .collect()
    }

    #[test]
    fn paragraphs_keep_wrapped_lines_together() {
        assert_eq!(
            blocks("Heal your leaky\ngut in 2 weeks.\n\nNext one.\n  \nLast."),
            ["Heal your leaky\ngut in 2 weeks.", "Next one.", "Last."]
        );
    }

    #[test]
    fn headings_and_list_items_are_blocks() {
        assert_eq!(
            blocks(
                "# Heal your gut in 30 days\nThere is no quick fix.\n- one\n- two\nSigns include:\n- bloating"
            ),
            [
                "# Heal your gut in 30 days",
                "There is no quick fix.",
                "- one",
                // A line after a list item continues it, as in Markdown.
                "- two\nSigns include:\n- bloating"
            ]
        );
    }

    #[test]
    fn html_block_tags_cut_blocks_but_inline_tags_do_not() {
        assert_eq!(
            blocks("<h1>Heal <em>leaky</em> gut</h1><p>No evidence.</p><br>x"),
            [
                "<h1>Heal <em>leaky</em> gut",
                "</h1>",
                "<p>No evidence.",
                "</p><br>x"
            ]
        );
    }

    #[test]
    fn long_blocks_are_cut_at_sentence_ends() {
        let s = "Word word word. ".repeat(MAX_BLOCK / 8);
        let b = all(s.as_bytes());
        assert!(b.len() > 1);
        for r in &b {
            assert!(r.len() <= MAX_BLOCK);
            assert!(s[r.clone()].ends_with(". ") || r.end == s.len());
        }
    }

    #[test]
    fn around_finds_the_same_blocks_from_any_boundary() {
        let s =
            "Intro line\nsecond line\n\n## Title\nBody text here.\n- item\n\n<p>one</p><p>two</p>";
        let c = s.as_bytes();
        let blocks = all(c);
        for (i, _) in s.char_indices() {
            if c[i].is_ascii_whitespace() {
                continue;
            }
            let want = blocks.iter().find(|r| r.contains(&i)).unwrap().clone();
            let got = around(c, i, 0);
            // Leading blank lines may or may not be part of a block; the text is the same.
            assert_eq!(s[got].trim(), s[want.clone()].trim(), "from 0 at {i}");
            // From the end of any block before, too.
            for b in &blocks {
                if b.end <= want.start {
                    let got = around(c, i, b.end);
                    assert_eq!(
                        s[got].trim(),
                        s[want.clone()].trim(),
                        "from {} at {i}",
                        b.end
                    );
                }
            }
        }
    }
}
