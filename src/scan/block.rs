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
    // A line ending with a colon leads into the list below it; a timed turn still starts a
    // block ("[10:00] Ana: quick question:" then "[10:01] Sam: …").
    let leads_in = prev.trim_ascii_end().ends_with(b":");
    (is_list_item(line) && !leads_in)
        || speaker(line).is_some_and(|(_, timed)| timed || (!leads_in && speaker(prev).is_some()))
}

/// The speaker's label a line opens with, as chat logs, transcripts and interviews set out
/// each turn, and whether it carries a time: an optional time ("[Thu 19:05] ", "00:12:31 "),
/// then a name of up to four capitalised words (after a time, any handle) of two letters or
/// more, and a colon ("Rob: …", "DR LEE: …", "[19:05] kemi_runs: …"). A turn is a block of
/// its own when it carries a time or follows another turn, so one speaker's words are not
/// read as part of the sentence of the one before (chat lines seldom end in a stop). A
/// single label line ("Leaky Gut: The Hidden Root …" in a list of titles) and "Q:"/"A:"
/// pairs are left as they were.
pub(crate) fn speaker(line: &[u8]) -> Option<(&[u8], bool)> {
    let mut l = indented(line);
    let mut timed = false;
    if let [b'[', rest @ ..] = l
        && let Some(close) = memchr(b']', &rest[..rest.len().min(28)])
        && rest[..close].iter().any(u8::is_ascii_digit)
    {
        l = rest[close + 1..].trim_ascii_start();
        timed = true;
    } else if let Some(rest) = after_time(l) {
        l = rest;
        timed = true;
    }
    let colon = memchr(b':', &l[..l.len().min(48)])?;
    let (mut name, after) = (&l[..colon], &l[colon + 1..]);
    // A role with the name in brackets: "PRESENTER (Callum Hart):".
    if name.ends_with(b")")
        && let Some(open) = memchr(b'(', name)
    {
        name = name[..open].trim_ascii_end();
    }
    if name.len() > 32 {
        return None;
    }
    if name.len() < 2 || !matches!(after.first(), Some(b' ' | b'\t')) || is_blank(after) {
        return None;
    }
    // Letters beyond ASCII count ("Zoë", "Élodie"); a capital is any script's.
    let word = |w: &[u8]| {
        !w.is_empty()
            && w.iter().all(|&b| {
                b.is_ascii_alphanumeric()
                    || b >= 0x80
                    || matches!(b, b'.' | b'\'' | b'-' | b'_' | b'@')
            })
            && (timed
                || std::str::from_utf8(w)
                    .ok()
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase))
    };
    let mut words = name.split(|&b| b == b' ');
    let first = words.clone().next().unwrap_or_default();
    let label = LABELS
        .iter()
        .any(|l| l.as_bytes().eq_ignore_ascii_case(first));
    (!label && words.clone().count() <= 4 && words.all(word)).then_some((name, timed))
}

/// The rest of a line after the time a chat export opens each message with, if it has one:
/// "19:05 ", "00:12:31 ", "7:05 pm ", optionally after a date ("12/03/2024, 19:05 - ", the
/// layout of an Android phone's export; "3/12/24, 7:05 PM - ").
fn after_time(line: &[u8]) -> Option<&[u8]> {
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut l = line;
    // A date: three numbers parted by `/`, `.` or `-`, then a comma or a space.
    let d = digits(l);
    if (1..=4).contains(&d) && matches!(l.get(d), Some(b'/' | b'.' | b'-')) {
        let sep = l[d];
        let m = digits(&l[d + 1..]);
        let y = d + 1 + m;
        if (1..=2).contains(&m) && l.get(y) == Some(&sep) {
            let n = digits(&l[y + 1..]);
            let end = y + 1 + n;
            if !(1..=4).contains(&n) || !matches!(l.get(end), Some(b',' | b' ')) {
                return None;
            }
            l = l[end + 1..].trim_ascii_start();
        }
    }
    let h = digits(l);
    if !(1..=2).contains(&h) || l.get(h) != Some(&b':') || digits(&l[h + 1..]) != 2 {
        return None;
    }
    let mut i = h + 3;
    if l.get(i) == Some(&b':') && digits(&l[i + 1..]) == 2 {
        i += 3;
    }
    if l.get(i) != Some(&b' ') {
        return None;
    }
    let mut rest = l[i..].trim_ascii_start();
    if let Some(ampm) = rest.get(..2)
        && (ampm.eq_ignore_ascii_case(b"am") || ampm.eq_ignore_ascii_case(b"pm"))
        && rest.get(2).is_none_or(|&b| b == b' ')
    {
        rest = rest[2..].trim_ascii_start();
    }
    if let Some(r) = rest.strip_prefix(b"- ") {
        rest = r.trim_ascii_start();
    }
    Some(rest)
}

/// First words of labels that set out a page's own parts, not a speaker's turn ("SOURCE: …",
/// "VERDICT: False", "Ingredients: …", "The claim: …"): such lines stay in their paragraph.
const LABELS: &[&str] = &[
    "accuracy",
    "actually",
    "address",
    "allergens",
    "analysis",
    "answer",
    "assessment",
    "author",
    "background",
    "benefits",
    "bottom",
    "by",
    "caption",
    "category",
    "caution",
    "check",
    "claim",
    "claims",
    "closed",
    "code",
    "comment",
    "conclusion",
    "cons",
    "contains",
    "context",
    "cook",
    "correction",
    "date",
    "details",
    "directions",
    "disclaimer",
    "dosage",
    "dose",
    "duration",
    "edit",
    "email",
    "evidence",
    "example",
    "explanation",
    "fact",
    "fact-check",
    "factcheck",
    "facts",
    "false",
    "fax",
    "finding",
    "findings",
    "free",
    "grade",
    "hours",
    "how",
    "image",
    "ingredients",
    "key",
    "label",
    "lesson",
    "level",
    "location",
    "misleading",
    "mostly",
    "myth",
    "myths",
    "nb",
    "note",
    "notes",
    "offer",
    "open",
    "our",
    "outcome",
    "p.s.",
    "partly",
    "phone",
    "photo",
    "posted",
    "prep",
    "price",
    "promo",
    "pros",
    "ps",
    "published",
    "question",
    "rated",
    "rating",
    "read",
    "reality",
    "reason",
    "ref",
    "references",
    "reply",
    "research",
    "response",
    "result",
    "results",
    "risk",
    "ruling",
    "sale",
    "science",
    "score",
    "see",
    "serves",
    "serving",
    "shipping",
    "source",
    "sources",
    "status",
    "step",
    "storage",
    "subject",
    "subtotal",
    "summary",
    "tags",
    "takeaway",
    "takeaways",
    "tel",
    "the",
    "time",
    "tip",
    "title",
    "tl",
    "tldr",
    "total",
    "true",
    "truth",
    "update",
    "updated",
    "use",
    "uses",
    "venue",
    "verdict",
    "video",
    "warning",
    "website",
    "what",
    "why",
    "yield",
];

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
            // Blank lines all the way to the limit are a block of their own: the search
            // stops at the limit, so going on from there would find the same empty line.
            if le >= limit {
                return le.max(u + 1).min(c.len());
            }
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

    #[test]
    fn blank_lines_longer_than_a_block_are_a_block_and_the_reading_goes_on() {
        // Lines of one space, more of them than a block holds: block_end used to stop at the
        // limit on an empty line and return to it for ever.
        let mut text = String::from("Leaky gut causes autism\n");
        text.push_str(&" \n".repeat(MAX_BLOCK));
        text.push_str("word\n");
        let c = text.as_bytes();
        let first = block_end(c, 0);
        assert_eq!(&text[..first], "Leaky gut causes autism\n");
        let blocks = all(c);
        assert_eq!(blocks.last().map(|b| &text[b.clone()]), Some("word\n"));
        assert!(blocks.windows(2).all(|w| w[0].end == w[1].start));
    }

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
    fn chat_turns_are_blocks_but_a_lone_label_line_is_not() {
        assert_eq!(
            blocks(
                "Club chat\n[Sat 09:14] Mo: my gut leaks so i'm tired\n[Sat 09:15] Jess: it doesn't\n\
                 09:16 priya_k: lol\nJESS: nope\nKeep reading"
            ),
            [
                "Club chat",
                "[Sat 09:14] Mo: my gut leaks so i'm tired",
                "[Sat 09:15] Jess: it doesn't",
                "09:16 priya_k: lol",
                // After another turn, a capitalised name alone labels a turn.
                "JESS: nope\nKeep reading"
            ]
        );
        // A role may carry the name in brackets.
        assert_eq!(
            blocks("HOST (Ann Lee): Welcome back.\nGUEST (Jo Reyes): Thanks."),
            ["HOST (Ann Lee): Welcome back.", "GUEST (Jo Reyes): Thanks."]
        );
        // Without a time, a label line that follows no turn stays in its paragraph (a list of
        // post titles), and so do question-and-answer pairs.
        for text in [
            "Related posts\nLeaky Gut: The Hidden Root of It All\nFive Foods to Avoid",
            "Q: Is it real?\nA: Yes, it is.",
            // A page's own labels, one under another, are no speakers.
            "SOURCE: a coach's video\nVERDICT: False",
            "See https://example.org\nhttp://example.org: a site",
        ] {
            assert_eq!(blocks(text), [text]);
        }
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
