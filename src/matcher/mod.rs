//! Claim recognition: text normalisation (markup, quotes, dashes, white space), the concept
//! vocabulary, sentences, and each claim's rules (which concepts occur together in one
//! sentence). Whether a mention is asserted is [`assertion`]'s question. Used by
//! `scan`, by the free-text answer of the triage, and by the rule examples.

pub mod assertion;
pub mod vocabulary;
mod wordtrie;

use std::ops::Range;
use std::sync::OnceLock;

use crate::rules::{Concept, RuleBase};
use assertion::{Cues, Reason, Sentence, Surroundings};
use vocabulary::{Hit, Vocabulary};

/// Text made comparable: markup dropped, quotes and dashes plain, white space single, with
/// the byte offset in the original text of every byte kept.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// Where the original offsets jump: from normalised byte `n` on, byte `n + k` comes from
    /// original byte `o + k` (until the next entry). Most text is copied as it is, so this
    /// holds one entry per change (a collapsed space, markup, a replaced character), not one
    /// per byte.
    segs: Vec<(usize, usize)>,
    /// The original length: where the end of the normalised text maps.
    src_len: usize,
}

impl Normalized {
    /// The original byte offset of normalised byte `i` (`i == text.len()` maps the end).
    pub fn orig(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.src_len;
        }
        let k = self.segs.partition_point(|&(n, _)| n <= i);
        let (n, o) = self.segs[k - 1];
        o + (i - n)
    }

    /// Records that normalised byte `n` comes from original byte `o`.
    fn map_to(&mut self, n: usize, o: usize) {
        if let Some(&(n0, o0)) = self.segs.last()
            && o0 + (n - n0) == o
        {
            return;
        }
        self.segs.push((n, o));
    }

    /// The original byte range of a normalised byte range.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.orig(r.start);
        // The end maps to just past the last original byte of the last normalised char.
        let end = if r.end == 0 {
            start
        } else {
            let last = self.orig(r.end - 1);
            let next = self.orig(r.end);
            next.max(last + 1)
        };
        start..end.max(start)
    }
}

/// Inline HTML elements whose tags are dropped without leaving a space (`<em>heal</em>s`).
const INLINE_TAGS: [&str; 12] = [
    "a", "b", "i", "u", "em", "strong", "span", "mark", "small", "sup", "sub", "code",
];

fn tag_name(tag: &str) -> &str {
    let t = tag.trim_start_matches('/');
    let end = t
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(t.len());
    &t[..end]
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "quot" | "ldquo" | "rdquo" | "bdquo" => '"',
        "apos" | "lsquo" | "rsquo" | "sbquo" => '\'',
        "mdash" | "ndash" | "minus" | "hyphen" => '-',
        "lt" => '<',
        "gt" => '>',
        "shy" | "zwj" | "zwnj" => '\u{200B}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code).map(plain_char);
        }
    })
}

/// Maps typographic characters to the plain ones patterns are written with.
pub(crate) fn plain_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        // Letters beyond ASCII are matched in lower case too (ASCII is folded later, byte by
        // byte, in `vocabulary::fold`): a rule base in another language works the same way.
        c if !c.is_ascii() && c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        c => c,
    }
}

/// Position of ASCII byte `b` within the first `limit` bytes of `s`.
fn find_byte(s: &str, b: u8, limit: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr(b, &bytes[..bytes.len().min(limit)])
}

/// Bytes that normalisation keeps as they are: ASCII letters, digits and plain punctuation.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'.' | b','
                    | b';'
                    | b':'
                    | b'!'
                    | b'?'
                    | b'\''
                    | b'"'
                    | b'('
                    | b')'
                    | b'-'
                    | b'/'
                    | b'%'
                    | b'+'
                    | b'='
            );
        b += 1;
    }
    t
};

/// Normalises `src` for matching (see the module docs).
pub fn normalize(src: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(src.len()),
        segs: Vec::new(),
        src_len: src.len(),
    };
    let bytes = src.as_bytes();
    let mut pending_space: Option<usize> = None;
    let mut at_line_start = true;
    // The line is a list item ("• Achy knees", "- Bloating") or a table row set out with tabs:
    // its end is a sentence end when text that is not another list item follows, as an item or
    // a row has no full stop of its own.
    let mut item_line = false;
    let mut i = 0;
    let push = |out: &mut Normalized, pending: &mut Option<usize>, c: char, orig: usize| {
        if c == ' ' {
            if pending.is_none() {
                *pending = Some(orig);
            }
            return;
        }
        if c == '\u{200B}'
            || c == '\u{00AD}'
            || c == '\u{FEFF}'
            || c == '\u{200C}'
            || c == '\u{200D}'
        {
            return;
        }
        if let Some(p) = pending.take()
            && !out.text.is_empty()
        {
            let n = out.text.len();
            out.map_to(n, p);
            out.text.push(' ');
        }
        let start = out.text.len();
        out.text.push(c);
        if src[orig..].starts_with(c) {
            out.map_to(start, orig);
        } else {
            // Every byte of a replaced character maps to where it came from.
            for n in start..out.text.len() {
                out.segs.push((n, orig));
            }
        }
    };
    while i < src.len() {
        // At its first mark, a line that opens with a bullet is a list item.
        if at_line_start && !item_line && opens_with_bullet(&src[i..]) {
            item_line = true;
        }
        // Fast path: a run of plain ASCII letters, digits and punctuation that normalisation
        // keeps as it is (most of any text) is copied in one go.
        // A single space or line break between two plain bytes stays in the run (as a
        // space): normalisation would make it one space anyway.
        let mut j = i;
        let mut breaks = false;
        while j < bytes.len() {
            let b = bytes[j];
            if PLAIN[usize::from(b)] {
                j += 1;
            } else if j > i
                && bytes
                    .get(j + 1)
                    .is_some_and(|&n| PLAIN[usize::from(n)] && n != b'-')
                && (b == b' ' || (b == b'\n' && !item_line && !fragment_follows(src, j)))
            {
                breaks |= b == b'\n';
                j += 1;
            } else {
                break;
            }
        }
        let run = j - i;
        if run > 0 {
            if let Some(p) = pending_space.take()
                && !out.text.is_empty()
            {
                let n = out.text.len();
                out.map_to(n, p);
                out.text.push(' ');
            }
            let n = out.text.len();
            out.map_to(n, i);
            if breaks {
                out.text
                    .extend(src[i..j].chars().map(|c| if c == '\n' { ' ' } else { c }));
            } else {
                out.text.push_str(&src[i..j]);
            }
            at_line_start = false;
            i = j;
            continue;
        }
        if bytes[i] == b' ' {
            if pending_space.is_none() {
                pending_space = Some(i);
            }
            i += 1;
            continue;
        }
        let c = src[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        match c {
            '<' => {
                // An HTML tag or comment: `<` then a letter, `/` or `!`, up to `>` on this stretch.
                let rest = &src[i + 1..];
                let looks_like_tag = rest
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!');
                if looks_like_tag && let Some(end) = find_byte(rest, b'>', 2000) {
                    let name = tag_name(&rest[..end]).to_ascii_lowercase();
                    if !INLINE_TAGS.contains(&name.as_str()) {
                        push(&mut out, &mut pending_space, ' ', i);
                    }
                    i += 1 + end + 1;
                    continue;
                }
                push(&mut out, &mut pending_space, c, i);
            }
            '&' => {
                let rest = &src[i + 1..];
                if let Some(end) = find_byte(rest, b';', 12)
                    && let Some(e) = entity(&rest[..end])
                {
                    push(&mut out, &mut pending_space, e, i);
                    i += 1 + end + 1;
                    at_line_start = false;
                    continue;
                }
                push(&mut out, &mut pending_space, c, i);
            }
            // Markdown emphasis and code marks are not part of the words.
            '*' | '~' => {}
            '_' => {
                let prev_alnum = i > 0 && bytes[i - 1].is_ascii_alphanumeric();
                let next_alnum = bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
                if prev_alnum && next_alnum {
                    push(&mut out, &mut pending_space, c, i);
                }
            }
            '#' | '>' if at_line_start => {}
            '[' => {}
            ']' => {
                // `[text](url)`: keep the text, drop the address.
                if src[i + 1..].starts_with('(')
                    && let Some(end) = find_byte(&src[i + 2..], b')', 2000)
                {
                    i += 2 + end + 1;
                    continue;
                }
            }
            '\n' | '\r' => {
                // A full stop supplied where a line break ends a sentence without one.
                let mut end_here = c == '\n'
                    && !item_line
                    && (fragment_follows(src, i) || ends_with_emoji(&src[..i]));
                if c == '\n' && item_line {
                    let next = after_item(&src[i + 1..]);
                    item_line = next == AfterItem::Continues;
                    let ended = out
                        .text
                        .trim_end_matches(['"', '\'', ')', ' '])
                        .ends_with(['.', '!', '?', ':', ';', ',']);
                    // Items of a few words ("• Bloating", "• Brain fog") read together, as a
                    // list of symptoms is one thought; an item that is a clause of its own
                    // ("• Why leaky gut is the hidden starting point of …") is a sentence.
                    // (The bullet counts as one more word.)
                    let line_start = src[..i].rfind('\n').map_or(0, |k| k + 1);
                    let clause = more_words_than(&src[line_start..i], FRAGMENT_WORDS + 1);
                    end_here =
                        !ended && (next == AfterItem::Text || (clause && next == AfterItem::Other));
                }
                if end_here {
                    pending_space = None;
                    push(&mut out, &mut pending_space, '.', i);
                }
                push(&mut out, &mut pending_space, ' ', i);
                at_line_start = true;
                i += len;
                continue;
            }
            c => {
                // A row of a table set out with tabs ends like a list item.
                item_line |= c == '\t';
                push(&mut out, &mut pending_space, plain_char(c), i)
            }
        }
        if !c.is_whitespace() && !(at_line_start && (c == '#' || c == '>')) {
            at_line_start = false;
        }
        i += len;
    }
    out
}

/// A line of at most this many words can be a fragment: a byline, a menu, a list item such as
/// "• Brain fog". A list item of more words (its bullet aside) is a clause of its own, and ends
/// its sentence even when another item follows.
const FRAGMENT_WORDS: usize = 6;

/// A sentence after a quoted claim of at most this many words that answers nothing ("SOURCE:
/// a coach's video", "I'd love to see that trial.") lets the sentence after it answer.
const SHORT_LEAD_IN: usize = 8;
/// A speaker named at length after a quotation closed by a comma is looked for within this
/// many bytes of the closing mark (and [`assertion::LONG_ATTRIBUTION_REACH`] words).
const LONG_ATTRIBUTION_BYTES: usize = 160;

/// Whether `s` holds more than `n` words (counting no further than needed).
fn more_words_than(s: &str, n: usize) -> bool {
    s.split_whitespace().nth(n).is_some()
}

/// Whether the line break at `src[nl]` ends a sentence although the line before it has no
/// stop: the next line is a short fragment set out on its own, as text extracted from a page
/// has them (a byline "Happy Belly with Bea", "412K subscribers", a menu). Without the cut a
/// title such as "How I healed my leaky gut in 14 days" shares a sentence with the lines of
/// page furniture under it. A line that starts in lower case goes on the line before, and a
/// line with a stop of its own is a sentence, so a heading stays with the text under it.
fn fragment_follows(src: &str, nl: usize) -> bool {
    // Six words fit well within this many bytes; a longer line is no fragment, and a look this
    // far each way keeps the test cheap at every line break of a long paragraph.
    const LOOK: usize = 160;
    let closing = |c: char| {
        matches!(
            c,
            '"' | '\'' | ')' | ']' | '*' | '_' | '\u{201d}' | '\u{2019}'
        )
    };
    let ends_stop =
        |line: &str, stops: &[char]| line.trim_end().trim_end_matches(closing).ends_with(stops);
    // The next line first: most line breaks are followed by a blank line or a long line.
    let rest = &src[nl + 1..];
    let look = &rest[..floor_char_boundary(rest, LOOK.min(rest.len()))];
    let line = match look.find('\n') {
        Some(k) => &look[..k],
        None if look.len() == rest.len() => look,
        None => return false,
    };
    let line = line.trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    let before = &src[..nl];
    // A transcript's time stamp ("0:09", "[12:40]", "1:09 the 7 signs") starts a new caption:
    // captions have no stops of their own.
    if is_time_stamp(line) {
        return !ends_stop(before, &['.', '!', '?', ':', ';', ',']);
    }
    if first.is_lowercase()
        || first.is_ascii_digit()
        || first.is_ascii_punctuation()
        || ends_stop(line, &['.', '!', '?'])
        || more_words_than(line, FRAGMENT_WORDS)
    {
        return false;
    }
    // A line as short as a fragment itself is one of a run of them (a menu, a list of links
    // under "Related posts"), read together as before.
    if ends_stop(before, &['.', '!', '?', ':', ';', ',']) {
        return false;
    }
    let from = floor_char_boundary(before, before.len().saturating_sub(LOOK));
    let tail = &before[from..];
    let tail = &tail[tail.rfind('\n').map_or(0, |k| k + 1)..];
    (from > 0 && !before[from..].contains('\n')) || more_words_than(tail, FRAGMENT_WORDS)
}

/// Whether a line opens with a time stamp of one or two digits, a colon and two digits, in
/// brackets or not, followed by nothing or a space ("0:09", "[12:40]", "1:09:30 testing").
fn is_time_stamp(line: &str) -> bool {
    let t = line.strip_prefix('[').unwrap_or(line).as_bytes();
    let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=2).contains(&digits)
        && t.get(digits) == Some(&b':')
        && t.get(digits + 1).is_some_and(u8::is_ascii_digit)
        && t.get(digits + 2).is_some_and(u8::is_ascii_digit)
        && t.get(digits + 3)
            .is_none_or(|&c| matches!(c, b' ' | b']' | b':' | b'\t'))
}

/// Whether `rest` opens with a bullet: a bullet character ("• Achy knees") or a Markdown
/// list mark ("- ", "* ", "+ ").
fn opens_with_bullet(rest: &str) -> bool {
    rest.chars().next().is_some_and(|c| {
        matches!(
            c,
            '•' | '●'
                | '▪'
                | '◦'
                | '‣'
                | '·'
                | '■'
                | '◆'
                | '✔'
                | '✓'
                | '✅'
                | '☑'
                | '✗'
                | '✘'
                | '❌'
                | '➤'
                | '►'
                | '▶'
                | '→'
                | '👉'
        )
    }) || matches!(rest.as_bytes(), [b'-' | b'*' | b'+', b' ', ..])
        || rest.chars().next().is_some_and(|c| {
            // A social post's lines often open with a picture ("🌱 5g L-glutamine").
            is_emoji(c)
                && rest[c.len_utf8()..]
                    .trim_start_matches(['\u{FE0F}', '\u{200D}'])
                    .starts_with(' ')
        })
}

/// A pictograph: the emoji blocks, and the older symbols and dingbats ("☕", "✨").
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}')
}

/// Whether a line ends with a pictograph (after any variation selector): in a social post it
/// ends the sentence as a full stop would ("… her gut is sealing up 💪").
fn ends_with_emoji(text: &str) -> bool {
    // The current line only: trimming the whole text back over a run of blank lines of
    // white space beyond ASCII would be quadratic.
    let line = &text[text.rfind('\n').map_or(0, |k| k + 1)..];
    line.trim_end()
        .trim_end_matches(['\u{FE0F}', '\u{200D}'])
        .chars()
        .next_back()
        .is_some_and(is_emoji)
}

/// Whether `line` is a Markdown list item: up to three spaces, then "- ", "* ", "+ " or a
/// number and "." or ")" ("2. "). Blocks are cut before one, and a list item in extracted text
/// ends its sentence before the plain text after it.
pub(crate) fn is_list_item(line: &[u8]) -> bool {
    let n = line.iter().take(3).take_while(|&&b| b == b' ').count();
    match &line[n..] {
        [b'-' | b'*' | b'+', b' ' | b'\t', ..] => true,
        l => {
            let digits = l.iter().take(9).take_while(|b| b.is_ascii_digit()).count();
            digits > 0 && matches!(l.get(digits..digits + 2), Some([b'.' | b')', b' ' | b'\t']))
        }
    }
}

/// What follows the end of a list item or table row, `rest` being the text after its line
/// break.
#[derive(PartialEq)]
enum AfterItem {
    /// An indented line: the item goes on.
    Continues,
    /// A line of text that is no list item: the item's sentence ends.
    Text,
    /// Another item, a blank line or the end.
    Other,
}

fn after_item(rest: &str) -> AfterItem {
    let t = rest.trim_ascii_start();
    let gap = &rest[..rest.len() - t.len()];
    if t.is_empty() || gap.contains(['\n', '\r']) {
        // A blank line ends the paragraph anyway.
        AfterItem::Other
    } else if !gap.is_empty() {
        AfterItem::Continues
    } else if opens_with_bullet(t) || is_list_item(t.as_bytes()) {
        AfterItem::Other
    } else {
        AfterItem::Text
    }
}

/// One claim found in a normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMatch {
    /// Index of the claim in the rule base.
    pub claim: usize,
    /// Byte range in the normalised text: from the claim's first word to its last.
    pub span: Range<usize>,
    /// The claim is mentioned but not asserted (see [`assertion`]).
    pub refuted: bool,
    /// Why it is not asserted.
    pub reason: Option<Reason>,
    /// The sentence is told in the first person ("I", "my": the rule base's `first-person`).
    pub first_person: bool,
}

/// Where a text sits, for the claims whose words may come from the page's topic and for
/// the assertion check.
#[derive(Debug, Clone, Default)]
pub struct TextContext<'a> {
    /// Concepts present in the page's title or the heading above the text (by index).
    pub topic: Vec<u16>,
    /// The heading above marks myths or a fact-check.
    pub under_myth_heading: bool,
    /// The text is an item of a list led in by someone's words ("I was told that:", "The
    /// website claims:"): each item reports them, as a quotation that goes on from a
    /// reporting sentence does.
    pub reported_lead_in: bool,
    /// The text that follows (the start of the next paragraph) as written; it is normalised
    /// only if a claim in the last sentence needs it.
    pub next: &'a [u8],
    /// The paragraph before, as written, when the text opens with a quotation mark: a news
    /// story goes on quoting a speaker in a paragraph of its own ('"…," she says.' then
    /// '"Ten days and my gut was sealed."'). Read only if a claim is found in that quotation.
    pub before: &'a [u8],
}

struct Rule {
    all: Vec<u16>,
    topic: Vec<u16>,
    none: Vec<u16>,
    ordered: bool,
    within: usize,
    regex: Option<usize>,
}

struct ClaimRules {
    rules: Vec<Rule>,
    ignore: Vec<u16>,
    /// The claim is `sceptics-claim` (see [`crate::rules::Claim::sceptics_claim`]).
    sceptics: bool,
    /// Every concept the claim's rules name, and every concept no rule names: a cue inside a
    /// longer phrase of one of them is part of that phrase, not a cue.
    uses: Vec<u16>,
}

/// The spaces in `norm[a..b]`: the words between two places.
fn spaces(norm: &str, a: usize, b: usize) -> usize {
    norm.as_bytes()[a..b].iter().filter(|&&c| c == b' ').count()
}

/// Whether an attribution cue as written, `word`, ends in one of the English words given or
/// a past form ("replied", "the advert read", "the small print"). The test is English: a
/// word in another script passes.
fn speech_word_is(word: &str, english: &[&str]) -> bool {
    let last = word.rsplit(' ').next().unwrap_or(word);
    !word.is_ascii() || last.ends_with("ed") || english.iter().any(|x| last.eq_ignore_ascii_case(x))
}

/// Whether a sentence is wholly a quotation: it opens with a quote mark and closes with one.
pub(crate) fn is_quotation(sentence: &str) -> bool {
    let t = sentence.trim();
    let quote = |c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}');
    t.chars().count() > 2
        && t.starts_with(quote)
        && t.trim_end_matches(['.', '!', '?', '*', '_', ' '])
            .ends_with(quote)
}

/// The quotations of normalised text, each from its opening to past its closing quote mark.
/// An opening mark starts a word and a closing one ends a word; a mark after a digit is an
/// inch sign (`5'10"`, `2" scoop`) and neither, and so is one with spaces on both sides. An
/// opening mark where a closing one was due starts again from it, and a stretch over 1,000
/// bytes is a mark that was never closed, not a quotation. Sorted, and apart.
fn quotations_of(norm: &str) -> Vec<Range<usize>> {
    let b = norm.as_bytes();
    let opens = |i: usize| {
        (i == 0 || matches!(b[i - 1], b' ' | b'(' | b'[' | b':' | b'\n'))
            && b.get(i + 1).is_some_and(|&c| c != b' ' && c != b'"')
    };
    let closes = |i: usize| {
        i > 0
            && !b[i - 1].is_ascii_digit()
            && b[i - 1] != b' '
            && b.get(i + 1).is_none_or(|&c| {
                matches!(
                    c,
                    b' ' | b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\n'
                )
            })
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, _) in norm.match_indices('"') {
        match open {
            None if opens(i) => open = Some(i),
            None => {}
            Some(o) if closes(i) => {
                open = None;
                if i + 1 - o <= 1_000 {
                    out.push(o..i + 1);
                }
            }
            Some(_) if opens(i) => open = Some(i),
            Some(_) => {}
        }
    }
    out
}

/// An answer this short (in words) is read together with the question before it.
const ANSWER_WORDS: usize = 15;

/// Without `within`, a rule's words must still lie within this many words: a "sentence" in
/// text without punctuation can be a whole page.
pub const DEFAULT_WITHIN: usize = 40;

/// Longest regex pattern accepted, in bytes: `--rules DIR` makes patterns user input.
pub const MAX_PATTERN_LEN: usize = 2_000;
/// Compiled-size cap for one regex (regex-lite's `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// Compiles a rule's regex (regex-lite: quick to build, and only candidate sentences are
/// searched).
pub fn build_regex(p: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::RegexBuilder::new(p)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// The claims of a rule base, ready for matching: one automaton for every concept's
/// phrases, each claim's rules as concept indices, and the assertion cues.
pub struct Matcher {
    /// The concepts' phrases; what finds them is built when a text first needs it (a
    /// triage's short free text needs nothing built).
    vocab: Vocabulary,
    claims: Vec<ClaimRules>,
    cues: Cues,
    anchors: Vec<bool>,
    /// Anchor concepts whose words in short quote marks are scare quotes all the same.
    quotable: Vec<bool>,
    regexes: Vec<(String, OnceLock<Option<regex_lite::Regex>>)>,
    /// Words that start a fresh clause after a comma (", but"): the reserved concept
    /// `clause-break`, folded.
    breaks: Vec<Vec<u8>>,
    /// Words that keep a clause after "; " with the clause before ("; it rebuilds …"): the
    /// reserved concept `clause-join`, folded.
    joins: Vec<Vec<u8>>,
    /// Words that, opening a sentence, point back at the sentence before ("It rebuilds …"):
    /// the reserved concept `refers-back`, folded.
    backrefs: Vec<Vec<u8>>,
    /// Words that tell a sentence in the first person ("i", "my"): the reserved concept
    /// `first-person`, folded. Looked for only in sentences that assert a claim, not by the
    /// automaton: such common words would give it a match every few words.
    first_person: Vec<Vec<u8>>,
}

/// The reserved concept whose phrases start a fresh clause after a comma (", but ").
pub const CLAUSE_BREAK: &str = "clause-break";
/// The reserved concept whose phrases, opening a clause after "; ", point back at the clause
/// before ("; it", "; they"), so the two are read as one sentence.
pub const CLAUSE_JOIN: &str = "clause-join";
/// The reserved concept whose phrases, opening a sentence, point back at the sentence before
/// ("It seals …", "This is …"), so that sentence's concepts join its topic.
pub const REFERS_BACK: &str = "refers-back";
/// The reserved concept whose phrases tell a sentence in the first person (see
/// `scan::source::Scanner::settled`).
pub const FIRST_PERSON: &str = "first-person";

impl Matcher {
    /// A matcher with every regex compiled now (failing with the first that does not
    /// compile, as `(claim id, error)`).
    pub fn new(rb: &RuleBase) -> Result<Matcher, (String, String)> {
        let m = Matcher::lazy(rb);
        for (ci, c) in rb.claims.iter().enumerate() {
            for r in &m.claims[ci].rules {
                if let Some(i) = r.regex {
                    build_regex(&m.regexes[i].0).map_err(|e| (c.id.clone(), e))?;
                }
            }
        }
        Ok(m)
    }

    /// A matcher using regexes compiled already (by the load that checked them): `compiled`
    /// holds `(pattern, regex)` in the order the claims' rules name them. A pattern missing
    /// from it is compiled when first needed.
    pub fn with_compiled(rb: &RuleBase, compiled: Vec<(String, regex_lite::Regex)>) -> Matcher {
        let m = Matcher::lazy(rb);
        let mut compiled = compiled.into_iter().peekable();
        for (pattern, cell) in &m.regexes {
            if let Some((_, re)) = compiled.next_if(|(p, _)| p == pattern) {
                let _ = cell.set(Some(re));
            }
        }
        m
    }

    /// A matcher whose regexes are compiled when a sentence first needs them. For rule bases
    /// already checked at load time: a regex that does not compile never matches.
    pub fn lazy(rb: &RuleBase) -> Matcher {
        let ids: Vec<String> = rb.concepts.iter().map(|c| c.id.clone()).collect();
        let index = |id: &String| ids.iter().position(|c| c == id).map(|i| i as u16);
        let list = |v: &[String]| v.iter().filter_map(index).collect::<Vec<u16>>();
        let mut regexes = Vec::new();
        let mut claims = rb
            .claims
            .iter()
            .map(|c| ClaimRules {
                rules: c
                    .recognise
                    .iter()
                    .map(|r| Rule {
                        all: list(&r.all),
                        topic: list(&r.topic),
                        none: list(&r.none),
                        ordered: r.ordered,
                        within: r.within.unwrap_or(DEFAULT_WITHIN),
                        regex: r.regex.as_ref().map(|x| {
                            regexes.push((x.clone(), OnceLock::new()));
                            regexes.len() - 1
                        }),
                    })
                    .collect(),
                ignore: list(&c.ignore_cues),
                sceptics: c.sceptics_claim,
                uses: c
                    .recognise
                    .iter()
                    .flat_map(|r| list(&r.all).into_iter().chain(list(&r.topic)))
                    .collect(),
            })
            .collect::<Vec<ClaimRules>>();
        // A concept no rule names is there only to shield the cue words inside its phrases
        // ("our naturopaths see" is the page's own voice): it counts for every claim.
        let named: Vec<u16> = claims
            .iter()
            .flat_map(|c| &c.rules)
            .flat_map(|r| r.all.iter().chain(&r.topic).chain(&r.none))
            .copied()
            .collect();
        let shields: Vec<u16> = (0..ids.len() as u16)
            .filter(|i| !named.contains(i))
            .filter(|&i| {
                ![CLAUSE_BREAK, CLAUSE_JOIN, REFERS_BACK, FIRST_PERSON]
                    .contains(&ids[usize::from(i)].as_str())
            })
            .collect();
        for c in &mut claims {
            c.uses.extend(&shields);
            c.uses.sort_unstable();
            c.uses.dedup();
        }
        let folded_phrases = |id: &str| -> Vec<Vec<u8>> {
            rb.concept(id)
                .into_iter()
                .flat_map(|c| &c.phrases)
                .map(|p| vocabulary::fold(&normalize(p.trim_end_matches('*')).text))
                .collect()
        };
        let breaks = folded_phrases(CLAUSE_BREAK);
        let joins = folded_phrases(CLAUSE_JOIN);
        let backrefs = folded_phrases(REFERS_BACK);
        let first_person = folded_phrases(FIRST_PERSON);
        let concepts = rb
            .concepts
            .iter()
            .map(|c| match c.id == FIRST_PERSON {
                true => Concept {
                    phrases: crate::rules::Phrases::default(),
                    ..c.clone()
                },
                false => c.clone(),
            })
            .collect();
        Matcher {
            vocab: Vocabulary::new(concepts),
            claims,
            cues: Cues::new(&ids),
            anchors: rb.concepts.iter().map(|c| c.anchor).collect(),
            quotable: rb.concepts.iter().map(|c| c.scare_quotes).collect(),
            regexes,
            breaks,
            joins,
            backrefs,
            first_person,
        }
    }

    /// Every phrase occurrence in a folded text (see [`Vocabulary::hits`]).
    fn hits(&self, folded: &[u8], out: &mut Vec<Hit>) {
        self.vocab.hits(folded, out);
    }

    /// The first sentence of `text`.
    fn sentences_first(&self, text: &str) -> Range<usize> {
        let head = &text[..floor_char_boundary(text, 400)];
        self.sentences(head).into_iter().next().unwrap_or(0..0)
    }

    /// Sentence ranges of a normalised text (see [`sentences`]), with this rule base's
    /// clause breaks.
    pub fn sentences(&self, text: &str) -> Vec<Range<usize>> {
        sentences(text, &self.breaks, &self.joins)
    }

    /// The sentence holding `span` in a normalised text, reaching at most 400 bytes either
    /// side of it (a pasted list without punctuation is not one long sentence).
    pub fn sentence_around(&self, text: &str, span: Range<usize>) -> Range<usize> {
        const REACH: usize = 400;
        let from = floor_char_boundary(text, span.start.saturating_sub(REACH));
        let mut to = (span.end + REACH).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let all = self.sentences(&text[from..to]);
        let first = all.iter().find(|r| from + r.end > span.start);
        let last = all
            .iter()
            .rev()
            .find(|r| from + r.start < span.end.max(span.start + 1));
        match (first, last) {
            (Some(a), Some(b)) => from + a.start.min(b.start)..from + a.end.max(b.end),
            _ => span,
        }
    }

    /// How many claims the rule base has.
    pub fn claim_count(&self) -> usize {
        self.claims.len()
    }

    /// The concepts present in a short text (a title or heading), by index.
    pub fn concepts_in(&self, norm: &str) -> Vec<u16> {
        let mut hits = Vec::new();
        self.hits(&vocabulary::fold(norm), &mut hits);
        let mut c: Vec<u16> = hits.iter().map(|h| h.concept).collect();
        c.sort_unstable();
        c.dedup();
        c
    }

    /// Joins a question that names no anchor concept to the short sentence that answers it
    /// with one: "Struggling with fatigue or skin flares? The root cause is a leaky gut." is
    /// one claim, made across the two. A question that names the gut itself ("Can leaky gut
    /// cause autism? No.") stays a question.
    fn join_answers(
        &self,
        norm: &str,
        sentences: Vec<Range<usize>>,
        hits: &[Hit],
    ) -> Vec<Range<usize>> {
        if !norm.contains('?') {
            return sentences;
        }
        // Hits are sorted by start: the first one in `r` is found by bisection.
        let anchored = |r: &Range<usize>| {
            let from = hits.partition_point(|h| h.start < r.start);
            hits[from..]
                .iter()
                .take_while(|h| h.start < r.end)
                .any(|h| h.end <= r.end && self.anchors[usize::from(h.concept)])
        };
        let words = |r: &Range<usize>| norm[r.clone()].split(' ').count();
        let mut out: Vec<Range<usize>> = Vec::with_capacity(sentences.len());
        let mut i = 0;
        while i < sentences.len() {
            let q = &sentences[i];
            if let Some(a) = sentences.get(i + 1)
                && norm[q.clone()].trim_end().ends_with('?')
                && !anchored(q)
                && anchored(a)
                && words(a) <= ANSWER_WORDS
            {
                out.push(q.start..a.end);
                i += 2;
                continue;
            }
            out.push(q.clone());
            i += 1;
        }
        out
    }

    /// Whether any of `concepts` is an anchor concept (the page is about the gut barrier).
    pub fn any_anchor(&self, concepts: &[u16]) -> bool {
        concepts.iter().any(|&c| self.anchors[usize::from(c)])
    }

    /// Whether `concepts` holds a myth or fact-check label.
    pub fn is_myth_label(&self, concepts: &[u16]) -> bool {
        self.cues.myth_label.is_some_and(|m| concepts.contains(&m))
    }

    /// Whether `concepts` holds an endorsement ("and she was right", "it worked").
    pub fn is_endorsement(&self, concepts: &[u16]) -> bool {
        self.cues.endorsement.is_some_and(|m| concepts.contains(&m))
    }

    /// Whether `concepts` holds a reporting cue ("What you may have read", "What people say").
    pub fn is_reported(&self, concepts: &[u16]) -> bool {
        self.cues.reported.is_some_and(|m| concepts.contains(&m))
    }

    /// Whether `concepts` holds a noun that names someone's words ("Claim", "Slogan",
    /// "Headline").
    pub fn is_attribution(&self, concepts: &[u16]) -> bool {
        self.cues.attribution.is_some_and(|m| concepts.contains(&m))
    }

    /// Whether `concepts` holds a rebuttal ("Fact", "Reality", "The truth").
    pub fn is_rebuttal(&self, concepts: &[u16]) -> bool {
        self.cues.rebuttal.is_some_and(|m| concepts.contains(&m))
    }

    /// Every claim mention in a text a person pasted (the triage's free text): the whole text
    /// is its own topic, so "my zonulin was high. She said that proves my gut is leaking."
    /// is one claim.
    pub fn find_pasted(&self, norm: &str) -> Vec<ClaimMatch> {
        let ctx = TextContext {
            topic: self.concepts_in(norm),
            ..TextContext::default()
        };
        self.find_in(norm, &ctx)
    }

    /// Every claim mention in a normalised text without context, in order of position.
    pub fn find(&self, norm: &str) -> Vec<ClaimMatch> {
        self.find_in(norm, &TextContext::default())
    }

    /// Every claim mention in a normalised text, in order of position.
    pub fn find_in(&self, norm: &str, ctx: &TextContext) -> Vec<ClaimMatch> {
        self.find_collect(norm, ctx, &mut Vec::new())
    }

    /// Whether the rule base has the `first-person` concept, which a careful page's reading
    /// needs (see `scan::source::Scanner::settled`).
    pub fn reads_first_person(&self) -> bool {
        !self.first_person.is_empty()
    }

    /// Whether claim `claim` is the sceptic's own (`sceptics-claim = true`): a careful page's
    /// voice makes it rather than answers it.
    pub fn is_sceptics_claim(&self, claim: usize) -> bool {
        self.claims.get(claim).is_some_and(|c| c.sceptics)
    }

    /// [`Matcher::find_in`], also adding to `seen` the anchor concepts the text holds (a page
    /// that has named the gut barrier keeps it as its topic).
    pub fn find_collect(
        &self,
        norm: &str,
        ctx: &TextContext,
        seen: &mut Vec<u16>,
    ) -> Vec<ClaimMatch> {
        let mut hits = Vec::new();
        self.hits(&vocabulary::fold(norm), &mut hits);
        let mut found = Vec::new();
        if hits.is_empty() {
            return found;
        }
        for h in &hits {
            if self.anchors[usize::from(h.concept)] && !seen.contains(&h.concept) {
                seen.push(h.concept);
            }
        }
        let sentences = self.join_answers(norm, self.sentences(norm), &hits);
        // The first sentence of the text that follows, read only when needed.
        let following = std::cell::OnceCell::new();
        let following = || {
            following.get_or_init(|| {
                let text = normalize(&String::from_utf8_lossy(ctx.next)).text;
                let range = self.sentences_first(&text);
                let mut hits = Vec::new();
                if !range.is_empty() {
                    self.hits(&vocabulary::fold(&text[range.clone()]), &mut hits);
                }
                (text, range, hits)
            })
        };
        // The topic grows as the text goes on: a paragraph that has named the gut lining
        // keeps it as its subject ("… leaky gut. It is healed in two weeks.").
        let mut topic = ctx.topic.clone();
        // The text's quotations, and those someone is named as saying, worked out once, and
        // only if a claim is found.
        let quotations = std::cell::OnceCell::new();
        let quotations = || quotations.get_or_init(|| quotations_of(norm));
        let attributed = std::cell::OnceCell::new();
        let in_attributed_quote = |span: &Range<usize>| {
            let q: &Vec<Range<usize>> = attributed.get_or_init(|| {
                let mut q = self.attributed_quotations(norm, &hits, &sentences, quotations());
                // A quotation that opens the text goes on from a speaker named in the
                // paragraph before.
                if let Some(first) = quotations().first()
                    && norm[..first.start].trim().is_empty()
                    && q.first().is_none_or(|a| a.start > first.start)
                    && self.ends_with_attributed_quotation(ctx.before)
                {
                    q.insert(0, first.clone());
                }
                q
            });
            // Sorted and apart: only the last one that opens before the span can hold it.
            let i = q.partition_point(|r| r.start < span.start);
            i.checked_sub(1).is_some_and(|p| span.end <= q[p].end)
        };
        let mut present = vec![false; self.anchors.len()];
        let mut h0 = 0;
        for (si, range) in sentences.iter().enumerate() {
            while h0 < hits.len() && hits[h0].start < range.start {
                h0 += 1;
            }
            let mut h1 = h0;
            while h1 < hits.len() && hits[h1].start < range.end {
                h1 += 1;
            }
            let sh = &hits[h0..h1];
            if sh.is_empty() || !sh.iter().any(|h| !self.cues.is_cue(h.concept)) {
                continue;
            }
            // Which concepts the sentence holds, for the rules' quick checks.
            present.fill(false);
            for h in sh {
                present[usize::from(h.concept)] = true;
            }
            // The topic as it stood before this sentence (it only grows).
            let topic_len = topic.len();
            for h in sh {
                if self.anchors[usize::from(h.concept)] && !topic.contains(&h.concept) {
                    topic.push(h.concept);
                }
            }
            // A sentence that opens with a pronoun ("It rebuilds the gut wall.") is about what
            // the sentence before it named, so that sentence's concepts join its topic.
            // Those concepts (`before`) also count against a rule's `none` list (`rule_match`).
            let carried;
            let mut before: Vec<u16> = Vec::new();
            let topic_here = match si.checked_sub(1).map(|p| &sentences[p]) {
                Some(prev) if opens_with(&norm[range.clone()], &self.backrefs) => {
                    let from = hits.partition_point(|h| h.start < prev.start);
                    for h in hits[from..h0]
                        .iter()
                        .filter(|h| !self.cues.is_cue(h.concept))
                    {
                        if !before.contains(&h.concept) {
                            before.push(h.concept);
                        }
                    }
                    let mut t = topic[..topic_len].to_vec();
                    t.extend(before.iter().filter(|c| !topic[..topic_len].contains(c)));
                    carried = t;
                    &carried[..]
                }
                _ => &topic[..topic_len],
            };
            let sentence = Sentence {
                text: norm,
                range: range.clone(),
                hits: sh,
            };
            // A quotation standing alone right after a sentence that reports someone's words
            // goes on quoting them ('… she told the paper. "Most are sealed up in three
            // weeks."'). Worked out once per sentence, and only if a claim is found in it.
            let continues_quote = std::cell::OnceCell::new();
            // Whether the sentence is told in the first person, for the claims it asserts.
            let first_person = std::cell::OnceCell::new();
            for (ci, claim) in self.claims.iter().enumerate() {
                let Some((span, own)) = claim
                    .rules
                    .iter()
                    .find_map(|r| self.rule_match(r, &sentence, &present, topic_here, &before))
                else {
                    continue;
                };
                let next = match sentences.get(si + 1) {
                    Some(r) => {
                        let (mut a, mut b) = (h1, h1);
                        while b < hits.len() && hits[b].start < r.end {
                            b += 1;
                        }
                        while a < b && hits[a].start < r.start {
                            a += 1;
                        }
                        Some(Sentence {
                            text: norm,
                            range: r.clone(),
                            hits: &hits[a..b],
                        })
                    }
                    None if !ctx.next.is_empty() => {
                        let (text, range, hits) = following();
                        (!range.is_empty()).then(|| Sentence {
                            text,
                            range: range.clone(),
                            hits,
                        })
                    }
                    None => None,
                };
                let around = Surroundings {
                    quote_answered: self.quote_answered(
                        norm,
                        &sentences,
                        &hits,
                        quotations(),
                        &span,
                        &following,
                    ),
                    under_myth_heading: ctx.under_myth_heading,
                    continues_quote: ctx.reported_lead_in
                        || *continues_quote.get_or_init(|| {
                            is_quotation(&norm[range.clone()])
                                && si.checked_sub(1).is_some_and(|p| {
                                    let from =
                                        hits.partition_point(|h| h.start < sentences[p].start);
                                    hits[from..h0]
                                        .iter()
                                        .any(|h| Some(h.concept) == self.cues.reported)
                                })
                        })
                        || in_attributed_quote(&span)
                        || self.scare_quoted(norm, quotations(), range, &own, sh),
                    next,
                };
                let reason = assertion::judge(
                    &self.cues,
                    &sentence,
                    span.clone(),
                    &own,
                    &claim.ignore,
                    &claim.uses,
                    &around,
                );
                found.push(ClaimMatch {
                    claim: ci,
                    span,
                    refuted: reason.is_some(),
                    reason,
                    // A sentence that is wholly a quotation ('"A zonulin test will show
                    // whether my gut is leaky."') is someone's words set out to be answered,
                    // not a reader telling their own story.
                    first_person: reason.is_none()
                        && *first_person.get_or_init(|| {
                            let sentence = &norm[range.clone()];
                            !is_quotation(sentence) && has_word(sentence, &self.first_person)
                        }),
                });
            }
        }
        found.sort_by_key(|m| (m.span.start, m.claim));
        found
    }

    /// Whether the claim at `span` stands in a quotation set out as sentences of its own (the
    /// quotation opens a sentence, after at most a one-word label, and closes one) and the
    /// sentence after the quotation, not itself a quotation, holds a denial or a refutation
    /// (see the comments below for the rest): the layout of a page that quotes claims to
    /// answer them ('"Seal your leaky gut in 14 days." Repair does not run on a
    /// timetable, and no supplement has been shown to seal it.'). A testimonial followed by
    /// the next testimonial, or by its author's name, is not answered.
    fn quote_answered<'t>(
        &self,
        norm: &str,
        sentences: &[Range<usize>],
        hits: &[Hit],
        quotations: &[Range<usize>],
        span: &Range<usize>,
        following: &dyn Fn() -> &'t (String, Range<usize>, Vec<Hit>),
    ) -> bool {
        let i = quotations.partition_point(|r| r.start <= span.start);
        let Some(q) = i.checked_sub(1).map(|p| &quotations[p]) else {
            return false;
        };
        if span.end > q.end {
            return false;
        }
        let trimmed_start = |r: &Range<usize>| r.end - norm[r.clone()].trim_start().len();
        // The quotation opens its sentence, or follows a one-word label ("CLAIM", "Ad:",
        // "Example 3:") or a short one that ends with a colon ("My favourite bit:"), numbers
        // and rules of dashes or stars aside. Five words are enough to tell.
        let opens = |r: &Range<usize>| {
            let from = trimmed_start(r);
            let before = norm.get(from..q.start).unwrap_or_default();
            let words = before
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .take(5)
                .count();
            from <= q.start
                && q.start < r.end
                && (words <= 1 || (words <= 4 && before.trim_end().ends_with(':')))
        };
        let Some(first) = sentences.get(sentences.partition_point(|r| r.end <= q.start)) else {
            return false;
        };
        if !opens(first) {
            return false;
        }
        // The last sentence the quotation reaches must end where the quotation does.
        let b = sentences.partition_point(|r| r.start < q.end);
        let Some(last) = b.checked_sub(1).map(|p| &sentences[p]) else {
            return false;
        };
        if last.end < q.end
            || !norm[q.end..last.end]
                .chars()
                .all(|c| matches!(c, '.' | '!' | '?' | ' ' | ')'))
        {
            return false;
        }
        if b == sentences.len() {
            let (text, range, hits) = following();
            return assertion::answers_quotation(
                &self.cues,
                &Sentence {
                    text,
                    range: range.clone(),
                    hits,
                },
            );
        }
        // The sentence after it, with the clauses a comma hands on to ("…, but there is no
        // good evidence that …"), and after a short one that answers nothing (a source line,
        // "I'd love to see that trial."), the one after that.
        let mut at = b;
        while let Some(r) = sentences.get(at) {
            // A sentence inside the next quotation (the next testimonial) answers nothing;
            // one that only opens with a quoted word ('"Clinically formulated" does not
            // mean …') may.
            let start = trimmed_start(r);
            let k = quotations.partition_point(|q| q.start < start);
            if quotations
                .get(k)
                .is_some_and(|q| q.start == start && q.end + 2 >= r.end)
            {
                break;
            }
            let from = hits.partition_point(|h| h.start < r.start);
            let to = hits.partition_point(|h| h.start < r.end);
            let sentence = Sentence {
                text: norm,
                range: r.clone(),
                hits: &hits[from..to],
            };
            if assertion::answers_quotation(&self.cues, &sentence) {
                return true;
            }
            let text = norm[r.clone()].trim_end();
            let short = !more_words_than(text, SHORT_LEAD_IN);
            if !(text.ends_with(',') || short) || at >= b + 2 {
                break;
            }
            at += 1;
        }
        false
    }

    /// Whether one of a claim's own words, other than the gut and its tests, stands inside
    /// short quote marks in lower case within sentence `range` ('we tested eight "gut repair"
    /// powders', 'a test that "proves" leaky gut'): scare quotes, the writer keeping the word
    /// at a distance, so the claim is someone else's. A quoted name in capitals ('"Gut Glow
    /// Powder" seals the lining') is a name, unless the whole sentence is in capitals (a
    /// heading: 'GUT TESTS AND "GUT HEALING" SUPPLEMENTS'); a quoted idiom without the gut in
    /// it ('that "tired but wired" feeling') is a turn of phrase, and a longer quotation is
    /// left to the other checks.
    fn scare_quoted(
        &self,
        norm: &str,
        quotes: &[Range<usize>],
        range: &Range<usize>,
        own: &[Hit],
        hits: &[Hit],
    ) -> bool {
        let shouted = std::cell::OnceCell::new();
        own.iter()
            .filter(|h| {
                let c = usize::from(h.concept);
                (!self.anchors[c] || self.quotable[c]) && h.start >= range.start
            })
            .any(|h| {
                // Sorted and apart: only the last quotation that opens before the word can
                // hold it, and it must open and close within the sentence.
                let i = quotes.partition_point(|q| q.start < h.start);
                let Some(q) = i
                    .checked_sub(1)
                    .map(|p| &quotes[p])
                    .filter(|q| q.start >= range.start && h.end < q.end && q.end <= range.end)
                else {
                    return false;
                };
                let (from, to) = (q.start + 1, q.end - 1);
                let inner = &norm[from..to];
                let words = inner.split(' ').filter(|w| !w.is_empty()).count();
                // One quoted word, or up to four with the gut among them ('"gut repair"');
                // a quoted phrase without it is an idiom ('that "tired but wired" feeling').
                let names_gut = || {
                    hits.iter().any(|o| {
                        self.anchors[usize::from(o.concept)] && o.start >= from && o.end <= to
                    })
                };
                (words == 1 || (words <= 4 && names_gut()))
                    && (!inner.chars().any(char::is_uppercase)
                        || *shouted
                            .get_or_init(|| !norm[range.clone()].chars().any(char::is_lowercase)))
            })
    }

    /// Whether the paragraph `before` (as written) ends with a quotation someone is named as
    /// saying ('"…," Marlow says in the clip.').
    fn ends_with_attributed_quotation(&self, before: &[u8]) -> bool {
        if before.is_empty() {
            return false;
        }
        let norm = normalize(&String::from_utf8_lossy(before)).text;
        let quotes = quotations_of(&norm);
        let Some(last) = quotes.last() else {
            return false;
        };
        let mut hits = Vec::new();
        self.hits(&vocabulary::fold(&norm), &mut hits);
        let sentences = self.sentences(&norm);
        self.attributed_quotations(&norm, &hits, &sentences, &quotes)
            .last()
            .is_some_and(|a| a == last)
    }

    /// The quotations of `norm` that someone is named as saying: a speech verb just after the
    /// closing mark ('"…," she said'), or further on in the clause when the quotation closes on
    /// a comma ('"…," one seller with a top rank wrote'), a speech verb in the past just before
    /// the opening one ('a reader replied: "…"'), or a quotation that opens a sentence right
    /// after one whose quotation a speech verb closed ('"…," she said. "It was all my leaky
    /// gut. Most disease starts there."'). A quotation may hold several sentences. `quotes` are
    /// the text's quotations ([`quotations_of`]); the result is sorted, and apart.
    fn attributed_quotations(
        &self,
        norm: &str,
        hits: &[Hit],
        sentences: &[Range<usize>],
        quotes: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        // Words between two places close together; far apart (over 80 bytes) counts as many.
        let words = |a: usize, b: usize| {
            if b > a + 80 {
                return usize::MAX;
            }
            spaces(norm, a, b)
        };
        // A stop ends the clause unless a letter or digit follows it: one inside a word (a
        // handle such as "@kenna.thrives", a web address, a decimal) ends no clause, while
        // one before a space, a quote mark or a bracket ("(wow!) Ours: …") does.
        let one_clause = |a: usize, b: usize| {
            let t = &norm.as_bytes()[a..b];
            !t.iter().enumerate().any(|(i, &c)| {
                c == b'\n'
                    || (matches!(c, b'.' | b'!' | b'?')
                        && t.get(i + 1)
                            .is_none_or(|&n| !n.is_ascii_alphanumeric() && n < 0x80))
            })
        };
        let speech = |h: &Hit| Some(h.concept) == self.cues.attribution;
        // Before the opening mark, only a speech verb in the past ('a reader replied: "…"'),
        // a noun that names someone's text ('the caption "…"', 'the heading "…"'), or the
        // person who speaks, as a script or a meme names them ('my doctor: "…"'):
        // "GutRestore promises: "…"" and "our label states: "…"" are the page's own words.
        // The test of tense is English; a rule base in another script skips it.
        let past_speech = |h: &Hit| {
            let cue = &norm[h.start..h.end];
            // "my doctor" names the speaker only as a label: a colon or a dash comes next
            // (normalising has made every dash a hyphen).
            let label = || {
                let rest = norm[h.end..].trim_start();
                rest.starts_with(':') || rest.starts_with("- ")
            };
            speech(h)
                && ((cue.get(..3).is_some_and(|m| m.eq_ignore_ascii_case("my ")) && label())
                    || speech_word_is(
                        cue,
                        &[
                            "said",
                            "told",
                            "wrote",
                            "writes",
                            "caption",
                            "heading",
                            "headline",
                            "slogan",
                            "tagline",
                            "strapline",
                            "reply",
                            "response",
                            "read",
                            "line",
                            "print",
                            "clip",
                        ],
                    ))
        };
        quotes
            .iter()
            .filter(|q| {
                self.quotation_attributed(
                    norm,
                    hits,
                    sentences,
                    q.start,
                    q.end,
                    &words,
                    &one_clause,
                    &speech,
                    &past_speech,
                )
            })
            .cloned()
            .collect()
    }

    /// Whether the quotation `open..close` is someone's words (see
    /// [`Matcher::attributed_quotations`]).
    #[allow(clippy::too_many_arguments)]
    fn quotation_attributed(
        &self,
        norm: &str,
        hits: &[Hit],
        sentences: &[Range<usize>],
        open: usize,
        close: usize,
        words: &dyn Fn(usize, usize) -> usize,
        one_clause: &dyn Fn(usize, usize) -> bool,
        speech: &dyn Fn(&Hit) -> bool,
        past_speech: &dyn Fn(&Hit) -> bool,
    ) -> bool {
        const REACH: usize = assertion::ATTRIBUTION_REACH;
        // Hits are sorted by start: look only at the few next to each mark.
        let from = hits.partition_point(|h| h.start < close);
        let after = hits[from..]
            .iter()
            .take_while(|h| words(close, h.start) < REACH)
            .any(|h| speech(h) && one_clause(close, h.start));
        // A quotation closed by a comma (inside or just after the mark) goes on in its
        // sentence, and the speaker may be named at length before the verb ('"…," one seller
        // with a top rank wrote under a photo'). Further on, only a verb of speech counts (not
        // the nouns of the attribution concept: "… and that is why they outsell the other
        // products"), and not past a word that joins another clause.
        let comma = norm[..close].trim_end_matches(['"', '\'']).ends_with(',')
            || norm[close..].starts_with(',');
        let speech_verb = |h: &Hit| {
            speech(h)
                && speech_word_is(
                    &norm[h.start..h.end],
                    &[
                        "said", "told", "wrote", "says", "tells", "writes", "warns", "insists",
                        "adds", "explains", "argues",
                    ],
                )
        };
        let joined = |a: usize, b: usize| {
            let between = &norm[a..b];
            [" and ", " but ", " so ", " because "]
                .iter()
                .any(|j| between.contains(j))
        };
        let long_after = || {
            hits[from..]
                .iter()
                .take_while(|h| h.start < close + LONG_ATTRIBUTION_BYTES)
                .any(|h| {
                    speech_verb(h)
                        && spaces(norm, close, h.start) < assertion::LONG_ATTRIBUTION_REACH
                        && one_clause(close, h.start)
                        && !joined(close, h.start)
                })
        };
        let after = after || (comma && long_after());
        let to = hits.partition_point(|h| h.start < open);
        let before = hits[..to].iter().rev().take(8).any(|h| {
            past_speech(h) && h.end <= open && words(h.end, open) < REACH && one_clause(h.end, open)
        });
        // A quotation that opens a sentence right after a quotation closed by a speech verb
        // ('"…," she said. "It was all my leaky gut."'), or after a sentence with a reporting
        // cue; it may run on over several sentences.
        let goes_on = || {
            let i = sentences.partition_point(|r| r.start < open);
            sentences.get(i).is_some_and(|r| r.start == open)
                && i.checked_sub(1).is_some_and(|p| {
                    let r = &sentences[p];
                    let text = &norm[r.clone()];
                    let (a, b) = (
                        hits.partition_point(|h| h.start < r.start),
                        hits.partition_point(|h| h.start < r.end),
                    );
                    let closed_by_speech = text.contains('"')
                        && hits[a..b].iter().any(|h| {
                            speech(h)
                                && norm[r.start..h.start].contains('"')
                                && words(h.end, r.end) < REACH
                        });
                    // Or right after a sentence that reports someone ("… she reassures
                    // them. "If you get spots, that's die-off. It means it's working."").
                    closed_by_speech
                        || hits[a..b]
                            .iter()
                            .any(|h| Some(h.concept) == self.cues.reported)
                })
        };
        // A quotation that opens after a reporting cue in its own sentence ('Clip 5
        // (@kait): "I broke out in a rash. That's the die-off, it means it's working!"'):
        // its later sentences are the speaker's too.
        let reported_before = || {
            let i = sentences.partition_point(|r| r.end <= open);
            sentences.get(i).is_some_and(|r| {
                r.start <= open
                    && hits[hits.partition_point(|h| h.start < r.start)..]
                        .iter()
                        .take_while(|h| h.start < open)
                        .any(|h| Some(h.concept) == self.cues.reported && h.end <= open)
            })
        };
        after || before || goes_on() || reported_before()
    }

    /// Whether `rule` holds in the sentence; if so, the span of its words and the hits used.
    fn rule_match(
        &self,
        rule: &Rule,
        s: &Sentence<'_>,
        present: &[bool],
        topic: &[u16],
        before: &[u16],
    ) -> Option<(Range<usize>, Vec<Hit>)> {
        let has = |c: u16| present[usize::from(c)];
        if !rule.all.iter().all(|&c| has(c)) {
            return None;
        }
        if !rule.topic.iter().all(|&c| has(c) || topic.contains(&c)) {
            return None;
        }
        // What the sentence before named counts against the rule only when that sentence is
        // not itself about the rule's topic: after "Unlike coeliac disease, leaky gut is
        // everywhere.", "It" is leaky gut, not coeliac disease.
        let carried = !rule.topic.iter().any(|c| before.contains(c));
        if rule
            .none
            .iter()
            .any(|&c| has(c) || (carried && before.contains(&c)))
        {
            return None;
        }
        // The concepts to find in the sentence, in order.
        let mut need: Vec<u16> = rule.all.clone();
        for &c in &rule.topic {
            if has(c) && !need.contains(&c) {
                need.push(c);
            }
        }
        let chosen = if rule.ordered {
            ordered_window(s, &need, rule.within)?
        } else {
            min_window(s, &need, rule.within)?
        };
        if let Some(i) = rule.regex {
            let (src, cell) = &self.regexes[i];
            let re = cell.get_or_init(|| build_regex(src).ok()).as_ref()?;
            if !re.is_match(&s.text[s.range.clone()]) {
                return None;
            }
        }
        // A word found inside a longer phrase of the same concept is read as that phrase
        // ("your gut is healing" inside "a sign that your gut is healing"), so the span, and
        // the cues that govern it, start where the phrase does.
        let chosen: Vec<Hit> = chosen
            .into_iter()
            .map(|h| {
                s.hits
                    .iter()
                    .filter(|o| o.concept == h.concept && o.start <= h.start && h.end <= o.end)
                    .max_by_key(|o| o.end - o.start)
                    .copied()
                    .unwrap_or(h)
            })
            .collect();
        let start = chosen.iter().map(|h| h.start).min()?;
        let end = chosen.iter().map(|h| h.end).max()?;
        Some((start..end, chosen))
    }
}

/// Word index of byte `at` within the sentence (spaces before it).
fn word_at(s: &Sentence<'_>, at: usize) -> usize {
    s.text.as_bytes()[s.range.start..at]
        .iter()
        .filter(|&&b| b == b' ')
        .count()
}

/// The shortest stretch of the sentence holding one hit of every concept in `need`, if it
/// spans at most `within` words. Linear in the hits (a sliding window).
fn min_window(s: &Sentence<'_>, need: &[u16], within: usize) -> Option<Vec<Hit>> {
    let hits: Vec<(Hit, usize)> = {
        let mut v = Vec::new();
        let mut words = 0;
        let mut at = s.range.start;
        for h in s.hits.iter().filter(|h| need.contains(&h.concept)) {
            words += s.text.as_bytes()[at..h.start]
                .iter()
                .filter(|&&b| b == b' ')
                .count();
            at = h.start;
            v.push((*h, words));
        }
        v
    };
    let slot = |c: u16| need.iter().position(|&n| n == c).expect("needed");
    let mut count = vec![0usize; need.len()];
    let mut missing = need.len();
    let mut best: Option<(usize, usize, usize)> = None; // (words, from, to)
    let mut lo = 0;
    for hi in 0..hits.len() {
        let k = slot(hits[hi].0.concept);
        if count[k] == 0 {
            missing -= 1;
        }
        count[k] += 1;
        while missing == 0 {
            let span = hits[hi].1 - hits[lo].1;
            if best.is_none_or(|b| span < b.0) {
                best = Some((span, lo, hi));
            }
            let k = slot(hits[lo].0.concept);
            count[k] -= 1;
            if count[k] == 0 {
                missing += 1;
            }
            lo += 1;
        }
    }
    let (span, from, to) = best?;
    if span > within {
        return None;
    }
    // One hit per concept from the window: the first of each.
    let mut chosen: Vec<Hit> = Vec::new();
    for &c in need {
        if let Some((h, _)) = hits[from..=to].iter().find(|(h, _)| h.concept == c) {
            chosen.push(*h);
        }
    }
    Some(chosen)
}

/// Hits of `need` in that order (each after the previous one ends), within `within` words.
fn ordered_window(s: &Sentence<'_>, need: &[u16], within: usize) -> Option<Vec<Hit>> {
    let first = need.first()?;
    for (i, h) in s.hits.iter().enumerate() {
        if h.concept != *first {
            continue;
        }
        let mut chosen = vec![*h];
        let mut j = i;
        let mut ok = true;
        for &c in &need[1..] {
            let end = chosen.last().expect("one").end;
            match s.hits[j..]
                .iter()
                .position(|x| x.concept == c && x.start >= end)
            {
                Some(p) => {
                    j += p;
                    chosen.push(s.hits[j]);
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            // No later hit of some concept: later starts cannot do better.
            return None;
        }
        let last = chosen.last().expect("one").start;
        if word_at(s, last) - word_at(s, h.start) <= within {
            return Some(chosen);
        }
    }
    None
}

/// Sentence ranges of a normalised text: ends at `.`, `!` or `?` before a space (not in
/// decimals or common abbreviations), at `; ` unless one of `joins` follows ("; it rebuilds the
/// lining" goes on about the clause before), and at a comma before one of `breaks` (", but":
/// "X won't heal it, but Y will" is two clauses). Leading spaces are skipped.
pub fn sentences(text: &str, breaks: &[Vec<u8>], joins: &[Vec<u8>]) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end_here = match c {
            b'.' | b'!' | b'?' => {
                // Closing quotes, brackets and emphasis may follow ("diabetes?** Some").
                (i + 1 == b.len() || matches!(b[i + 1], b' ' | b'"' | b')' | b'*' | b'_'))
                    && !(c == b'.' && is_abbreviation(&b[start..i]))
            }
            b';' => b.get(i + 1) == Some(&b' ') && !starts_with_word(&b[i + 2..], joins),
            b',' => b.get(i + 1) == Some(&b' ') && starts_with_word(&b[i + 2..], breaks),
            // A breadcrumb's separator ("Home > Supplements > Gut repair"): each step is a
            // link of its own.
            b'>' => {
                i > 0
                    && b[i - 1] == b' '
                    && b.get(i + 1) == Some(&b' ')
                    && b.get(i + 2).is_some_and(|c| !c.is_ascii_digit())
            }
            _ => false,
        };
        if end_here {
            let mut e = i + 1;
            while e < b.len() && matches!(b[e], b'"' | b')' | b'\'' | b'*' | b'_') {
                e += 1;
            }
            push_sentence(&mut out, b, start, e);
            start = e;
            i = e;
            continue;
        }
        i += 1;
    }
    push_sentence(&mut out, b, start, b.len());
    out
}

/// Whether `rest` opens with one of `words` (folded phrases), followed by a space.
fn starts_with_word(rest: &[u8], words: &[Vec<u8>]) -> bool {
    words.iter().any(|w| {
        rest.len() > w.len() && rest[..w.len()].eq_ignore_ascii_case(w) && rest[w.len()] == b' '
    })
}

fn push_sentence(out: &mut Vec<Range<usize>>, b: &[u8], mut start: usize, end: usize) {
    while start < end && b[start] == b' ' {
        start += 1;
    }
    if start < end {
        out.push(start..end);
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether the word before a `.` is an abbreviation or a one-letter initial ("e.g", "Dr").
fn is_abbreviation(before: &[u8]) -> bool {
    let w = before
        .rsplit(|&c| c == b' ' || c == b'(')
        .next()
        .unwrap_or_default();
    // Abbreviations and initials are short: most words before a full stop are not.
    if w.len() > 4 {
        return false;
    }
    // A one-letter initial, in any script ("J. Smith", "É. Zola").
    if std::str::from_utf8(w).is_ok_and(|w| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
    }) {
        return true;
    }
    [
        &b"e.g"[..],
        b"i.e",
        b"dr",
        b"mr",
        b"mrs",
        b"ms",
        b"vs",
        b"st",
        b"prof",
        b"no",
        b"fig",
        b"al",
    ]
    .iter()
    .any(|a| w.eq_ignore_ascii_case(a))
}

/// Whether `sentence` holds one of `words` (folded) as whole words. A word followed by a
/// full stop and a letter is part of an abbreviation ("i.e."), not the word.
fn has_word(sentence: &str, words: &[Vec<u8>]) -> bool {
    if words.is_empty() {
        return false;
    }
    let folded = vocabulary::fold(sentence);
    let word = |b: &u8| vocabulary::is_word_byte(*b);
    words.iter().filter(|w| !w.is_empty()).any(|w| {
        memchr::memmem::find_iter(&folded, w).any(|s| {
            let after = &folded[s + w.len()..];
            (s == 0 || !word(&folded[s - 1]))
                && after.first().is_none_or(|b| !word(b))
                && !(after.first() == Some(&b'.') && after.get(1).is_some_and(word))
        })
    })
}

/// Whether `sentence` opens with one of the folded `words` (a whole word or words).
fn opens_with(sentence: &str, words: &[Vec<u8>]) -> bool {
    let start = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
    let head = vocabulary::fold(&start[..floor_char_boundary(start, 48)]);
    words.iter().any(|w| {
        head.starts_with(w) && head.get(w.len()).is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_markup_quotes_dashes_and_space() {
        let n = normalize(
            "**Heal** your <em>leaky</em>\u{00A0}gut\n  in 2&nbsp;weeks \u{2014} \u{201C}guaranteed\u{201D}",
        );
        assert_eq!(n.text, "Heal your leaky gut in 2 weeks - \"guaranteed\"");
    }

    #[test]
    fn keeps_link_text_and_drops_addresses_and_headings() {
        let n = normalize("## Fix [leaky gut](https://example.com/x) fast");
        assert_eq!(n.text, "Fix leaky gut fast");
    }

    #[test]
    fn a_short_line_of_page_furniture_ends_the_line_before() {
        // A title, then a byline and a view count set out on lines of their own.
        let n = normalize(
            "How I sealed my gut in 14 days (full plan)\nGlowing Gut with Tam\n3 months ago",
        );
        assert_eq!(
            n.text,
            "How I sealed my gut in 14 days (full plan). Glowing Gut with Tam 3 months ago"
        );
        // Not before a line with a stop of its own (a heading stays with the text under it),
        // not before a line in lower case (a wrapped sentence), not after a line with a stop
        // or a comma, and not between short lines (a menu, a list of links).
        for src in [
            "Second myth on the list: leaky gut\nIt doesn't really exist.",
            "Our powder seals the gut lining of anyone who takes it\nin 14 days flat",
            "It seals the gut lining in a fortnight if you take it daily,\nWith No Exceptions",
            "Related posts\nSealed In 30 Days\nWhy Zonulin Matters",
        ] {
            assert_eq!(normalize(src).text, src.replace('\n', " "));
        }
        // The full stop maps back to the line break it stands for.
        let src = "A title long enough to be a sentence of its own\nBy Sam Lee";
        let n = normalize(src);
        let dot = n.text.find('.').unwrap();
        assert_eq!(&src[n.original(dot..dot + 1)], "\n");
    }

    #[test]
    fn a_transcript_time_stamp_starts_a_new_caption() {
        // Auto-captions have no stops: each time stamp starts the next caption.
        let n = normalize(
            "0:55\nleaky gut is the starting point for almost every disease I see\n1:09\nokay so number one bloating after meals\n1:20 testing",
        );
        assert_eq!(
            n.text,
            "0:55 leaky gut is the starting point for almost every disease I see. 1:09 okay so \
             number one bloating after meals. 1:20 testing"
        );
        for line in ["0:09", "[12:40]", "1:09:30 testing", "12:05\tIntro"] {
            assert!(is_time_stamp(line), "{line}");
        }
        for line in ["10 am", "3:5 ratio", "120:00", "1:2000 dilution", "Day 1:"] {
            assert!(!is_time_stamp(line), "{line}");
        }
        // After a stop or a comma the line break is left as it was.
        let src = "we cut out gluten first,\n0:40\nthen we added broth";
        assert_eq!(normalize(src).text, src.replace('\n', " "));
    }

    #[test]
    fn a_list_item_ends_its_sentence_where_plain_text_follows() {
        // The last item of a list, then the text under it: a full stop is supplied.
        let n =
            normalize("Sound familiar?\n• Achy knees\n• Brain fog\nIf you ticked two, see a GP.");
        assert_eq!(
            n.text,
            "Sound familiar? • Achy knees • Brain fog. If you ticked two, see a GP."
        );
        let n = normalize("- Bloating\n- Fatigue \nThat is all.");
        assert_eq!(n.text, "- Bloating - Fatigue. That is all.");
        // Not between items, not after an item with its own stop, not before a blank line, and
        // not for a line that is no list item.
        let n = normalize("• One.\nTwo\n• Three\n\nFour\nfive\n- Heals\n  leaky gut\nSix");
        assert_eq!(
            n.text,
            "• One. Two • Three Four five - Heals leaky gut. Six"
        );
        // An item that is a clause of its own (more than six words) ends its sentence before
        // the next item; items of a few words read together.
        let n = normalize(
            "You'll learn:\n• Why a leaky gut is the hidden start of most disease\n• Bloating\n• Fog\nEnd",
        );
        assert_eq!(
            n.text,
            "You'll learn: • Why a leaky gut is the hidden start of most disease. • Bloating • Fog. End"
        );
        // A table row set out with tabs ends where the next row starts.
        let n = normalize("Myth\tFact\nIt seals\tIt does not\nAfter");
        assert_eq!(n.text, "Myth Fact. It seals It does not. After");
        // The full stop maps back to the line break it stands for.
        let src = "• Brain fog\nNext";
        let n = normalize(src);
        let dot = n.text.find('.').unwrap();
        assert_eq!(&src[n.original(dot..dot + 1)], "\n");
    }

    #[test]
    fn maps_normalised_spans_back_to_the_original() {
        let src = "a <b>leaky</b>\n gut";
        let n = normalize(src);
        let start = n.text.find("leaky").unwrap();
        let r = n.original(start..n.text.len());
        assert_eq!(&src[r], "leaky</b>\n gut");
    }

    #[test]
    fn sentence_bounds() {
        let rb = crate::rules::RuleBase::for_tests(&[("clause-break", &["but"])]);
        let m = Matcher::lazy(&rb);
        let t = "First one. Leaky gut heals in 2 weeks! Last.";
        let s = t.find("heals").unwrap();
        assert_eq!(
            &t[m.sentence_around(t, s..s + 5)],
            "Leaky gut heals in 2 weeks!"
        );
        // A clause break starts a fresh clause; a span across it takes in both.
        let t = "Glutamine won't heal it, but collagen will heal it. Next.";
        let s = t.find("collagen").unwrap();
        assert_eq!(
            &t[m.sentence_around(t, s..s + 8)],
            "but collagen will heal it."
        );
        assert_eq!(
            &t[m.sentence_around(t, 0..s + 8)],
            "Glutamine won't heal it, but collagen will heal it."
        );
        // Without the concept, ", but" is not a break.
        let plain = Matcher::lazy(&crate::rules::RuleBase::for_tests(&[]));
        assert_eq!(
            &t[plain.sentence_around(t, s..s + 8)],
            "Glutamine won't heal it, but collagen will heal it."
        );
        // A sentence points back at the one before when it opens with a `refers-back` phrase,
        // as a whole word, in any case.
        let back = [b"it".to_vec(), b"this is".to_vec()];
        assert!(opens_with("It seals the gut lining.", &back));
        assert!(opens_with("\"This is the foundation\", she says.", &back));
        assert!(!opens_with("Items like these help.", &back));
        assert!(!opens_with("This tight barrier relies on proteins.", &back));
        assert!(!opens_with("", &back));
        // A semicolon ends a clause, unless the next one opens with a word of `clause-join`.
        let t = "Eat well; sleep more. Take glutamine; it rebuilds the lining.";
        let joins = [b"it".to_vec(), b"they".to_vec()];
        let got: Vec<&str> = sentences(t, &[], &joins)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(
            got,
            [
                "Eat well;",
                "sleep more.",
                "Take glutamine; it rebuilds the lining."
            ]
        );
        // Closing emphasis after a question mark still ends the question.
        let t = "**Does it cause lupus?** Some studies find it. Fine._ Next.";
        let got: Vec<&str> = sentences(t, &[], &[]).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            [
                "**Does it cause lupus?**",
                "Some studies find it.",
                "Fine._",
                "Next."
            ]
        );
    }

    #[test]
    fn a_quotation_alone_is_one_that_opens_and_closes_with_a_quote_mark() {
        assert!(is_quotation("\"Broth seals a leaky gut in ten days.\""));
        assert!(is_quotation(
            "\u{201c}Most are sealed up in three weeks.\u{201d}"
        ));
        assert!(is_quotation(" \"Headaches are toxins leaving.\" "));
        // A quotation that the sentence goes on from is the writer's own sentence.
        assert!(!is_quotation("\"Gut-sealing\" kits sell for $89."));
        assert!(!is_quotation("Broth seals a leaky gut."));
        assert!(!is_quotation("\"\""));
    }
}
