//! Concepts as written in `concepts.toml` → one automaton that finds every phrase of every
//! concept in a text in a single pass.
//!
//! A phrase is words separated by spaces. `{a,b,c}` gives alternatives anywhere in it
//! (`heal{,s,ed,ing}` is heal, heals, healed, healing) and a final `*` lets the last word
//! go on (`permeab*` is permeable, permeability, …). Matching is by whole words, ignores ASCII
//! case, and reads a hyphen as a space (`leaky-gut` is `leaky gut`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::rules::Concept;

/// Most spellings one written phrase may expand to.
const MAX_EXPANSIONS: usize = 256;

/// Spells out a written phrase: lower case, hyphens as spaces, single spaces, every `{a,b}`
/// alternative taken; a trailing `*` is kept on each spelling.
pub fn expand(written: &str) -> Result<Vec<String>, String> {
    let plain = fold_str(written.trim());
    let mut out = vec![String::new()];
    let mut rest = plain.as_str();
    while !rest.is_empty() {
        match rest.find('{') {
            Some(open) => {
                let lit = &rest[..open];
                if lit.contains('}') {
                    return Err("`}` without `{`".into());
                }
                let close = rest[open..]
                    .find('}')
                    .map(|i| open + i)
                    .ok_or("`{` without `}`")?;
                let inner = &rest[open + 1..close];
                if inner.contains('{') {
                    return Err("`{` inside `{…}`: alternatives cannot be nested".into());
                }
                let alts: Vec<&str> = inner.split(',').collect();
                let mut next = Vec::with_capacity(out.len() * alts.len());
                for o in &out {
                    for a in &alts {
                        next.push(format!("{o}{lit}{a}"));
                    }
                }
                if next.len() > MAX_EXPANSIONS {
                    return Err(format!(
                        "spells out to more than {MAX_EXPANSIONS} phrases; split it"
                    ));
                }
                out = next;
                rest = &rest[close + 1..];
            }
            None => {
                if rest.contains('}') {
                    return Err("`}` without `{`".into());
                }
                for o in &mut out {
                    o.push_str(rest);
                }
                rest = "";
            }
        }
    }
    // `#`: a number of one to four digits (digits are folded to `0` in text).
    while out.iter().any(|o| o.contains('#')) {
        out = out
            .iter()
            .flat_map(|o| ["0", "00", "000", "0000"].map(|d| o.replacen('#', d, 1)))
            .collect();
        if out.len() > MAX_EXPANSIONS {
            return Err(format!(
                "spells out to more than {MAX_EXPANSIONS} phrases; split it"
            ));
        }
    }
    let mut spelled = Vec::new();
    for o in out {
        let o = o.split_whitespace().collect::<Vec<_>>().join(" ");
        let body = o.strip_suffix('*').unwrap_or(&o);
        if body.contains('*') {
            return Err("`*` may only end a phrase".into());
        }
        if !body.chars().any(char::is_alphanumeric) {
            if o.is_empty() {
                continue; // `{,s}` alone spells an empty alternative: skip it
            }
            return Err("a phrase needs at least one letter or digit".into());
        }
        if body.ends_with(' ') {
            return Err("`*` must follow a letter: `heal*`, not `heal *`".into());
        }
        if !spelled.contains(&o) {
            spelled.push(o);
        }
    }
    if spelled.is_empty() {
        return Err("the phrase is empty".into());
    }
    Ok(spelled)
}

/// The matching form of a text: ASCII lower case, hyphens as spaces, every digit as `0` (so
/// `#` in a phrase can stand for any number); same length in bytes, so offsets carry over.
pub fn fold(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| match b {
            b'-' => b' ',
            b'0'..=b'9' => b'0',
            b => b.to_ascii_lowercase(),
        })
        .collect()
}

fn fold_str(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => ' ',
            '\u{2018}' | '\u{2019}' => '\'',
            '0'..='9' => '0',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Letters and digits, and every byte of a non-ASCII character, are inside words.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// One phrase occurrence: byte range in the text and the concept it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub concept: u16,
}

/// Bytes searched with the quick-to-build automaton before the faster one is built.
const DFA_AFTER: usize = 256 * 1024;

/// Every concept's phrases in one automaton.
///
/// Two builds of the same automaton, with the same matches: a contiguous NFA, built in about
/// a millisecond, for short texts (the triage's free text, headings, rule examples), and a
/// DFA, about twice as fast to search but about ten milliseconds to build, made once a
/// scan has read [`DFA_AFTER`] bytes (figures in the README).
pub struct Vocabulary {
    automaton: AhoCorasick,
    phrases: Vec<String>,
    dfa: std::sync::OnceLock<AhoCorasick>,
    searched: std::sync::atomic::AtomicUsize,
    /// For automaton pattern `i`: the concepts it belongs to, and whether the last word may
    /// go on (`*`).
    owners: Vec<Vec<u16>>,
    prefix: Vec<bool>,
}

impl Vocabulary {
    pub fn new(concepts: &[Concept]) -> Vocabulary {
        let mut phrases: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<u16>> = Vec::new();
        let mut prefix = Vec::new();
        let mut index: std::collections::HashMap<(&str, bool), usize> =
            std::collections::HashMap::new();
        for (ci, c) in concepts.iter().enumerate() {
            for p in &c.phrases {
                let (body, star) = match p.strip_suffix('*') {
                    Some(b) => (b, true),
                    None => (p.as_str(), false),
                };
                match index.get(&(body, star)) {
                    Some(&i) => {
                        if !owners[i].contains(&(ci as u16)) {
                            owners[i].push(ci as u16);
                        }
                    }
                    None => {
                        index.insert((body, star), phrases.len());
                        phrases.push(body);
                        owners.push(vec![ci as u16]);
                        prefix.push(star);
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&phrases)
            .or_else(|_| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&phrases)
            })
            .expect("phrases are plain strings");
        let phrases = phrases.into_iter().map(String::from).collect();
        Vocabulary {
            automaton,
            phrases,
            dfa: std::sync::OnceLock::new(),
            searched: std::sync::atomic::AtomicUsize::new(0),
            owners,
            prefix,
        }
    }

    /// The automaton to search `len` more bytes with.
    fn engine(&self, len: usize) -> &AhoCorasick {
        use std::sync::atomic::Ordering;
        if let Some(d) = self.dfa.get() {
            return d;
        }
        if self.searched.fetch_add(len, Ordering::Relaxed) + len < DFA_AFTER {
            return &self.automaton;
        }
        self.dfa.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&self.phrases)
                .unwrap_or_else(|_| self.automaton.clone())
        })
    }

    /// Every whole-word phrase occurrence in `folded` (see [`fold`]), sorted by start.
    pub fn hits(&self, folded: &[u8], out: &mut Vec<Hit>) {
        out.clear();
        for m in self.engine(folded.len()).find_overlapping_iter(folded) {
            let (s, mut e) = (m.start(), m.end());
            if s > 0 && is_word_byte(folded[s - 1]) && is_word_byte(folded[s]) {
                continue;
            }
            let p = m.pattern().as_usize();
            if self.prefix[p] {
                while e < folded.len() && is_word_byte(folded[e]) {
                    e += 1;
                }
            } else if e < folded.len() && is_word_byte(folded[e]) && is_word_byte(folded[e - 1]) {
                continue;
            }
            for &c in &self.owners[p] {
                out.push(Hit {
                    start: s,
                    end: e,
                    concept: c,
                });
            }
        }
        // At one place the longest phrase first: a claim underlines "leaky gut", not "leaky".
        out.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.concept));
        out.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_alternatives_and_keeps_the_star() {
        assert_eq!(
            expand("Heal{,s,ed,ing} the {gut,bowel}").unwrap(),
            [
                "heal the gut",
                "heal the bowel",
                "heals the gut",
                "heals the bowel",
                "healed the gut",
                "healed the bowel",
                "healing the gut",
                "healing the bowel"
            ]
        );
        assert_eq!(expand("leaky-gut").unwrap(), ["leaky gut"]);
        assert_eq!(expand("permeab*").unwrap(), ["permeab*"]);
        assert!(expand("a{b").is_err());
        assert!(expand("a}b").is_err());
        assert!(expand("a*b").is_err());
        assert!(expand("{a,{b}}").is_err());
        assert!(expand("  ").is_err());
    }

    fn concept(id: &str, phrases: &[&str]) -> Concept {
        Concept {
            id: id.into(),
            about: String::new(),
            written: Vec::new(),
            phrases: phrases.iter().flat_map(|p| expand(p).unwrap()).collect(),
            anchor: false,
        }
    }

    #[test]
    fn finds_whole_words_and_prefixes() {
        let v = Vocabulary::new(&[
            concept("barrier", &["leaky gut", "permeab*"]),
            concept("repair", &["heal{,s,ed,ing}"]),
        ]);
        let text = "Health: Leaky-gut healing; permeability healthy heal";
        let folded = fold(text);
        let mut hits = Vec::new();
        v.hits(&folded, &mut hits);
        let got: Vec<(&str, u16)> = hits
            .iter()
            .map(|h| (&text[h.start..h.end], h.concept))
            .collect();
        assert_eq!(
            got,
            [
                ("Leaky-gut", 0),
                ("healing", 1),
                ("permeability", 0),
                ("heal", 1)
            ]
        );
    }
}
