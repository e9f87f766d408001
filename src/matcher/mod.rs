//! Claim matching: text normalisation (markup, quotes, dashes, white space), a keyword
//! prefilter, the claims' regexes, and the "is this sentence a debunking?" check. Used by
//! `scan`, by the free-text answer of the triage, and by the rule examples.

pub mod pattern;
mod required;

use std::ops::Range;
use std::sync::OnceLock;

use crate::rules::RuleBase;
use pattern::{Gate, Literals, Pattern};

/// Text made comparable: markup dropped, quotes and dashes plain, white space single, with
/// the byte offset in the original text of every byte kept.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the original byte offset of normalised byte `i`; one extra entry maps the end.
    pub map: Vec<usize>,
}

impl Normalized {
    /// The original byte range of a normalised byte range.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.map[r.start];
        // The end maps to just past the last original byte of the last normalised char.
        let end = if r.end == 0 {
            start
        } else {
            let last = self.map[r.end - 1];
            let next = self.map[r.end];
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
fn plain_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Position of ASCII byte `b` within the first `limit` bytes of `s`.
fn find_byte(s: &str, b: u8, limit: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr(b, &bytes[..bytes.len().min(limit)])
}

/// Normalises `src` for matching (see the module docs).
pub fn normalize(src: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(src.len()),
        map: Vec::with_capacity(src.len() + 1),
    };
    let bytes = src.as_bytes();
    let mut pending_space: Option<usize> = None;
    let mut at_line_start = true;
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
            out.text.push(' ');
            out.map.push(p);
        }
        let start = out.text.len();
        out.text.push(c);
        for _ in start..out.text.len() {
            out.map.push(orig);
        }
    };
    while i < src.len() {
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
                push(&mut out, &mut pending_space, ' ', i);
                at_line_start = true;
                i += len;
                continue;
            }
            c => push(&mut out, &mut pending_space, plain_char(c), i),
        }
        if !c.is_whitespace() && !(at_line_start && (c == '#' || c == '>')) {
            at_line_start = false;
        }
        i += len;
    }
    out.map.push(src.len());
    out
}

/// One claim found in a normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMatch {
    /// Index of the claim in the rule base.
    pub claim: usize,
    /// Byte range in the normalised text.
    pub span: Range<usize>,
    /// The sentence around the match reads as a debunking.
    pub refuted: bool,
}

/// The claims of a rule base, ready for matching. Patterns are compiled when a text first
/// could match them (see [`pattern`]): compiling every pattern up front cost about a quarter
/// of a second, most of a scripted triage.
pub struct Matcher {
    /// Keyword prefilter over all claims; keyword `k` belongs to claim `keyword_claim[k]`.
    keywords: Literals,
    keyword_claim: Vec<usize>,
    /// Every claim's patterns, in claim order; `pattern_claim[i]` owns pattern `i`.
    patterns: Vec<Pattern>,
    pattern_claim: Vec<usize>,
    gate: OnceLock<Gate>,
    /// Debunking cues: the rule base's own (owner `None`) and each claim's.
    refute: Vec<Pattern>,
    refute_claim: Vec<Option<usize>>,
    refute_gate: OnceLock<Gate>,
    claims: usize,
}

impl Matcher {
    /// A matcher whose patterns are all compiled now (failing with the first that does
    /// not compile, as `(claim id, error)`).
    pub fn new(rb: &RuleBase) -> Result<Matcher, (String, String)> {
        let m = Matcher::lazy(rb);
        let owner = |c: Option<usize>| c.map_or("refute".to_string(), |c| rb.claims[c].id.clone());
        for (p, &c) in m.patterns.iter().zip(&m.pattern_claim) {
            p.compile().map_err(|e| (owner(Some(c)), e))?;
        }
        for (p, &c) in m.refute.iter().zip(&m.refute_claim) {
            p.compile().map_err(|e| (owner(c), e))?;
        }
        Ok(m)
    }

    /// A matcher that compiles a pattern only when a text could match it, so it costs
    /// next to nothing to make. For rule bases already checked at load time: a pattern
    /// that does not compile never matches.
    pub fn lazy(rb: &RuleBase) -> Matcher {
        let mut keywords = Vec::new();
        let mut keyword_claim = Vec::new();
        let (mut patterns, mut pattern_claim) = (Vec::new(), Vec::new());
        let mut refute: Vec<Pattern> = rb.refute.iter().map(|p| Pattern::new(p)).collect();
        let mut refute_claim = vec![None; rb.refute.len()];
        for (idx, c) in rb.claims.iter().enumerate() {
            for k in &c.keywords {
                keywords.push(k.trim().to_lowercase().into_bytes());
                keyword_claim.push(idx);
            }
            for p in &c.patterns {
                patterns.push(Pattern::new(p));
                pattern_claim.push(idx);
            }
            for p in &c.refute {
                refute.push(Pattern::new(p));
                refute_claim.push(Some(idx));
            }
        }
        Matcher {
            keywords: Literals::new(keywords),
            keyword_claim,
            patterns,
            pattern_claim,
            gate: OnceLock::new(),
            refute,
            refute_claim,
            refute_gate: OnceLock::new(),
            claims: rb.claims.len(),
        }
    }

    /// Every claim match in a normalised text, in order of position.
    pub fn find(&self, norm: &str) -> Vec<ClaimMatch> {
        let mut candidates = vec![false; self.claims];
        let mut any = false;
        self.keywords.each_present(norm, |k| {
            candidates[self.keyword_claim[k]] = true;
            any = true;
        });
        if !any {
            return Vec::new();
        }
        let gate = self
            .gate
            .get_or_init(|| Gate::new(self.patterns.iter().map(Pattern::source)));
        let open = gate.candidates(norm);
        let mut found = Vec::new();
        for claim in (0..self.claims).filter(|&c| candidates[c]) {
            let mut spans: Vec<Range<usize>> = Vec::new();
            for (i, p) in self.patterns.iter().enumerate() {
                if self.pattern_claim[i] == claim && open[i] {
                    p.for_each_match(norm, |r| spans.push(r));
                }
            }
            spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            // One finding per place: drop matches inside an earlier match of the same claim.
            let mut last_end = 0;
            for span in spans {
                if span.start < last_end {
                    continue;
                }
                last_end = span.end;
                let sentence = &norm[sentence_around(norm, span.clone())];
                found.push(ClaimMatch {
                    claim,
                    span,
                    refuted: self.refutes(claim, sentence),
                });
            }
        }
        found.sort_by_key(|m| (m.span.start, m.claim));
        found
    }

    /// Whether `sentence` reads as a debunking of `claim`.
    fn refutes(&self, claim: usize, sentence: &str) -> bool {
        let gate = self
            .refute_gate
            .get_or_init(|| Gate::new(self.refute.iter().map(Pattern::source)));
        let open = gate.candidates(sentence);
        self.refute.iter().enumerate().any(|(i, p)| {
            open[i] && self.refute_claim[i].is_none_or(|c| c == claim) && p.is_match(sentence)
        })
    }
}

/// The sentence holding `span`: from after the previous `.`, `!` or `?` followed by a space, to
/// the next one (or the ends of the text), reaching at most 400 bytes either side.
pub fn sentence_around(text: &str, span: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    // ", but" starts a fresh clause for what follows it ("X won't heal it, but Y will"), while
    // a match before it is still read with its "but" ("some say X, but that goes too far").
    let is_start = |i: usize| b[i] == b',' && b[i + 1..].starts_with(b" but ");
    let is_end = |i: usize| {
        (b[i] == b';' && b.get(i + 1) == Some(&b' '))
            || matches!(b[i], b'.' | b'!' | b'?') && (i + 1 == b.len() || b[i + 1] == b' ')
            // "e.g." and decimals like "2.5" are not sentence ends.
            && !(i >= 1 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    };
    // A "sentence" in text without punctuation (pasted lists, minified pages) could be the
    // whole input; look at most this far either side so that every match costs the same.
    const REACH: usize = 400;
    let mut start = span.start;
    let floor = span.start.saturating_sub(REACH);
    while start > floor && !is_end(start - 1) && !is_start(start - 1) {
        start -= 1;
    }
    let mut end = span.end.min(b.len());
    let ceil = (span.end + REACH).min(b.len());
    while end < ceil && !is_end(end) {
        end += 1;
    }
    let end = (end + 1).min(b.len());
    while start < span.start && b[start] == b' ' {
        start += 1;
    }
    // Stay on char boundaries.
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Claims found in a short text (the triage's free-text answer), not refuted, by claim index.
pub fn claims_in_text(m: &Matcher, text: &str) -> Vec<usize> {
    let norm = normalize(text);
    let mut ids: Vec<usize> = m
        .find(&norm.text)
        .into_iter()
        .filter(|c| !c.refuted)
        .map(|c| c.claim)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Runs every claim's examples; returns one message per failing example.
pub fn check_examples(rb: &RuleBase, m: &Matcher) -> Vec<(String, String)> {
    let mut failures = Vec::new();
    for (idx, claim) in rb.claims.iter().enumerate() {
        for ex in &claim.examples.must_match {
            let norm = normalize(ex);
            let hits: Vec<ClaimMatch> = m
                .find(&norm.text)
                .into_iter()
                .filter(|h| h.claim == idx)
                .collect();
            if hits.is_empty() {
                failures.push((
                    claim.id.clone(),
                    format!("`match` example is not found: {ex:?}"),
                ));
            } else if hits.iter().all(|h| h.refuted) {
                failures.push((
                    claim.id.clone(),
                    format!("`match` example is found but read as a debunking (a refute cue matched): {ex:?}"),
                ));
            }
        }
        for ex in &claim.examples.must_not_match {
            let norm = normalize(ex);
            if m.find(&norm.text)
                .iter()
                .any(|h| h.claim == idx && !h.refuted)
            {
                failures.push((
                    claim.id.clone(),
                    format!("`no-match` example is reported as the claim: {ex:?}"),
                ));
            }
        }
    }
    failures
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
    fn maps_normalised_spans_back_to_the_original() {
        let src = "a <b>leaky</b>\n gut";
        let n = normalize(src);
        let start = n.text.find("leaky").unwrap();
        let r = n.original(start..n.text.len());
        assert_eq!(&src[r], "leaky</b>\n gut");
    }

    #[test]
    fn sentence_bounds() {
        let t = "First one. Leaky gut heals in 2 weeks! Last.";
        let s = t.find("heals").unwrap();
        assert_eq!(
            &t[sentence_around(t, s..s + 5)],
            "Leaky gut heals in 2 weeks!"
        );
    }
}
