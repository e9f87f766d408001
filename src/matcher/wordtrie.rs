//! The phrases of every concept as a trie of words: how a text longer than a heading is
//! searched.
//!
//! A text is read as tokens: a run of word bytes is one token, and so is every other byte,
//! except a single space between two words, which is left out (it is how nearly every phrase
//! separates its words, so leaving it out halves the steps). Phrases are read the same way,
//! so a phrase is found exactly where its bytes are, as whole words.
//!
//! Every word of every phrase has a number; a text word that no phrase uses has none and
//! ends any walk there. From each token that some phrase starts with, the search walks the
//! trie along the text's tokens for as long as a phrase goes on, and reports each phrase that
//! ends on the way. A phrase whose last word may go on (`permeab*`) is kept at the node before
//! that word and checked against the next text word's start.
//!
//! It finds what an Aho-Corasick automaton over the phrases' bytes finds once its matches
//! are kept to whole words (a test compares them over every example and development page),
//! at one hash lookup per word instead of a step per byte, and builds in a few milliseconds.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast hash for short keys (the multiply-rotate hash of the Rust compiler, "Fx").
/// The keys are the rule base's own words and node numbers, not input an attacker picks to
/// collide; a text word is only looked up, never stored.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((eight, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*eight));
            rest = tail;
        }
        // The last few bytes gathered by hand: a copy into a buffer would call `memcpy` for
        // every word.
        let mut last = 0u64;
        for (i, &b) in rest.iter().enumerate() {
            last |= u64::from(b) << (8 * i);
        }
        self.add(last);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, poorly mixed: the low
        // half of (node << 32 | token) times a constant does not depend on the node at all.
        self.0.rotate_left(26)
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The phrases' words by their hash: open addressing with linear probing, at most a quarter
/// full, keys and values apart, so that a lookup is one multiply and nearly always one read
/// of a key. With about 2,500 words the keys take 128 KiB, which stays in the second cache
/// for most of a scan. `EMPTY` marks a free slot; [`word_hash`] never returns it.
struct Words {
    keys: Vec<u64>,
    ids: Vec<u32>,
    shift: u32,
}

const EMPTY: u64 = u64::MAX;

impl Words {
    fn new(words: &FxMap<u64, u32>) -> Words {
        let bits = (words.len() * 4)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let mut t = Words {
            keys: vec![EMPTY; 1 << bits],
            ids: vec![0; 1 << bits],
            shift: 64 - bits,
        };
        let mask = t.keys.len() - 1;
        for (&key, &id) in words {
            let mut i = t.slot(key);
            while t.keys[i] != EMPTY {
                i = (i + 1) & mask;
            }
            t.keys[i] = key;
            t.ids[i] = id;
        }
        t
    }

    /// Where `key`'s probe starts: the top bits of the key times an odd constant.
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(SEED) >> self.shift) as usize
    }

    fn get(&self, key: u64) -> Option<u32> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.ids[i]);
            }
            if k == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Letters and digits, and every byte of a non-ASCII character, are inside words.
pub fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word_byte`] as a table, one load a byte in the tightest loops.
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    t
};

/// Texts longer than this are read in overlapping windows (see [`WordTrie::each_windowed`]):
/// the token list then holds at most about 12 bytes a byte of one window, not of the text.
const WINDOW: usize = 1 << 20;

/// Token numbers: a byte that is not a word byte is its own number (below 128); words are
/// numbered from [`FIRST_WORD`]; a word no phrase uses is [`UNKNOWN`].
const FIRST_WORD: u32 = 128;
const UNKNOWN: u32 = u32::MAX;

/// A child as the trie keeps it: the node's number, and two flags that say whether phrases
/// end there or go on with a word that may go on, so most nodes are never read.
const ENDS: u32 = 1 << 31;
const STARS: u32 = 1 << 30;
const NODE: u32 = STARS - 1;

/// One token of a text: its bytes and its number.
#[derive(Clone, Copy)]
struct Token {
    start: u32,
    end: u32,
    id: u32,
}

/// Where each of `count` groups starts in a list sorted by group, given the group of each
/// item in order, with one more entry for the end: group `g` is `list[at[g]..at[g + 1]]`.
pub fn range_starts(count: usize, groups: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut at = vec![0u32; count + 1];
    for g in groups {
        at[g as usize + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    at
}

/// The hash of a word's bytes (see [`Fx`]).
fn word_hash(word: &[u8]) -> u64 {
    let mut h = Fx::default();
    h.write(word);
    h.add(word.len() as u64);
    h.0.min(EMPTY - 1)
}

/// The trie of all phrases (see the module documentation).
pub struct WordTrie {
    /// A word's hash → its number. Two words with the same hash would share a number, so
    /// the caller checks each phrase found against its bytes.
    words: Words,
    /// The longest word any phrase has: longer text words are not looked up.
    longest: usize,
    /// The longest phrase, in bytes.
    longest_phrase: usize,
    /// The root's children, by token number (0: none).
    root: Vec<u32>,
    /// (node, token) → child below the root.
    edges: FxMap<u64, u32>,
    /// By node: bit `token % 64` set for each token it has a child for. Most steps of a walk
    /// find no child; this settles nearly all of them without a hash lookup.
    kid_bits: Vec<u64>,
    /// Phrases that end at node `n`: `ends[ends_at[n]..ends_at[n + 1]]`.
    ends_at: Vec<u32>,
    ends: Vec<u32>,
    /// Phrases whose last word may go on, kept at the node before it: that word's bytes and
    /// the phrase, `stars[stars_at[n]..stars_at[n + 1]]`.
    stars_at: Vec<u32>,
    stars: Vec<(Box<[u8]>, u32)>,
    /// The phrases of one word that may go on (`permeab*`, kept at the root), by the first
    /// byte of that word: a range of `stars`.
    root_stars: Vec<(u32, u32)>,
}

/// The tokens of `text` (see the module documentation), as `(start, end)` byte ranges.
fn tokens(text: &[u8], mut each: impl FnMut(usize, usize)) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        if is_word_byte(text[i]) {
            let s = i;
            while i < n && is_word_byte(text[i]) {
                i += 1;
            }
            each(s, i);
        } else {
            // A single space between two words is left out.
            let between_words = text[i] == b' '
                && i > 0
                && i + 1 < n
                && is_word_byte(text[i - 1])
                && is_word_byte(text[i + 1]);
            if !between_words {
                each(i, i + 1);
            }
            i += 1;
        }
    }
}

impl WordTrie {
    /// The trie of `phrases` (in search form: folded, digits as `0`); `prefix[i]` says
    /// whether phrase `i`'s last word may go on.
    pub fn new<'p>(phrases: impl ExactSizeIterator<Item = &'p str>, prefix: &[bool]) -> WordTrie {
        let mut words: FxMap<u64, u32> = FxMap::with_capacity_and_hasher(4096, Default::default());
        let mut longest = 0;
        let mut intern = |token: &[u8]| -> u32 {
            if !is_word_byte(token[0]) {
                return u32::from(token[0]);
            }
            longest = token.len().max(longest);
            let next = FIRST_WORD + words.len() as u32;
            *words.entry(word_hash(token)).or_insert(next)
        };
        // Children by (node, token), node 0 the root; then the phrases by the node they end
        // at, sorted into ranges once all are in.
        // About one and a half nodes a phrase with the built-in rule base: sized once.
        let mut edges: FxMap<u64, u32> =
            FxMap::with_capacity_and_hasher(phrases.len() * 2, Default::default());
        let mut nodes: u32 = 1;
        let mut ends: Vec<(u32, u32)> = Vec::new();
        let mut stars: Vec<(u32, Box<[u8]>, u32)> = Vec::new();
        let mut toks: Vec<(usize, usize)> = Vec::new();
        let mut longest_phrase = 0;
        for (p, phrase) in phrases.enumerate() {
            let b = phrase.as_bytes();
            longest_phrase = longest_phrase.max(b.len());
            toks.clear();
            tokens(b, |s, e| toks.push((s, e)));
            // A last word that may go on is checked by its start, not walked.
            let star = match toks.last() {
                Some(&(s, e)) if prefix[p] && is_word_byte(b[s]) => {
                    toks.pop();
                    Some(&b[s..e])
                }
                _ => None,
            };
            let mut node = 0u32;
            for &(s, e) in &toks {
                let key = (u64::from(node) << 32) | u64::from(intern(&b[s..e]));
                node = *edges.entry(key).or_insert_with(|| {
                    nodes += 1;
                    nodes - 1
                });
            }
            match star {
                Some(word) => stars.push((node, word.into(), p as u32)),
                None => ends.push((node, p as u32)),
            }
        }
        assert!(nodes < NODE, "too many phrases for the word trie");
        ends.sort_unstable();
        stars.sort_unstable_by(|a, b| (a.0, a.1.first(), a.2).cmp(&(b.0, b.1.first(), b.2)));
        let ends_at = range_starts(nodes as usize, ends.iter().map(|e| e.0));
        let stars_at = range_starts(nodes as usize, stars.iter().map(|s| s.0));
        let mut root_stars = vec![(0, 0); 256];
        for (i, (_, word, _)) in stars.iter().enumerate().take_while(|(_, s)| s.0 == 0) {
            let r = &mut root_stars[usize::from(word[0])];
            *r = (if r.1 == 0 { i as u32 } else { r.0 }, i as u32 + 1);
        }
        for child in edges.values_mut() {
            let c = *child as usize;
            if ends_at[c] < ends_at[c + 1] {
                *child |= ENDS;
            }
            if stars_at[c] < stars_at[c + 1] {
                *child |= STARS;
            }
        }
        let mut kid_bits = vec![0u64; nodes as usize];
        for &key in edges.keys() {
            kid_bits[(key >> 32) as usize] |= 1 << (key % 64);
        }
        // The root's children in an array, read for every word.
        let mut root = vec![0u32; FIRST_WORD as usize + words.len()];
        edges.retain(|&key, &mut child| {
            let below_root = key >> 32 != 0;
            if !below_root {
                root[(key & u64::from(u32::MAX)) as usize] = child;
            }
            below_root
        });
        edges.shrink_to_fit();
        WordTrie {
            words: Words::new(&words),
            longest,
            longest_phrase,
            root,
            edges,
            kid_bits,
            ends_at,
            ends: ends.into_iter().map(|e| e.1).collect(),
            stars_at,
            stars: stars.into_iter().map(|(_, w, p)| (w, p)).collect(),
            root_stars,
        }
    }

    /// The number of a text's token; [`UNKNOWN`] for a word no phrase has.
    fn id(&self, token: &[u8]) -> u32 {
        if !is_word_byte(token[0]) {
            return u32::from(token[0]);
        }
        if token.len() > self.longest {
            return UNKNOWN;
        }
        self.words.get(word_hash(token)).unwrap_or(UNKNOWN)
    }

    /// Calls `found(phrase, start, end)` for every place in `search` (a folded text, digits as
    /// `0`) where a phrase's tokens may be: whole tokens but for a last word that may go on
    /// (then `end` is where its written part ends). Words are known by their hash, so the
    /// caller checks that `search[start..end]` is the phrase. In no particular order.
    pub fn each(&self, search: &[u8], found: impl FnMut(usize, usize, usize)) {
        self.each_windowed(search, WINDOW.max(2 * self.longest_phrase), found);
    }

    /// [`WordTrie::each`], reading a text longer than `window` bytes in windows that overlap
    /// by the longest phrase, so that the token list stays small (and its 32-bit positions
    /// never wrap). A scan's blocks are at most 32 KiB; a triage's free text may be longer. A
    /// phrase in an overlap is reported twice (the caller sorts and removes repeats), and one
    /// that starts inside a word at a window's edge is refused by the caller's whole-word
    /// check.
    fn each_windowed(
        &self,
        search: &[u8],
        window: usize,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        thread_local! {
            /// The tokens of the text being searched, kept for the next text.
            static TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        TOKENS.with_borrow_mut(|toks| {
            if search.len() <= window {
                return self.each_in(search, toks, found);
            }
            let step = window.saturating_sub(self.longest_phrase).max(1);
            let mut from = 0;
            loop {
                let to = (from + window).min(search.len());
                self.each_in(&search[from..to], toks, |p, s, e| {
                    found(p, from + s, from + e)
                });
                if to == search.len() {
                    break;
                }
                from += step;
            }
        });
    }

    fn each_in(
        &self,
        search: &[u8],
        toks: &mut Vec<Token>,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        toks.clear();
        tokens(search, |s, e| {
            toks.push(Token {
                start: s as u32,
                end: e as u32,
                id: self.id(&search[s..e]),
            })
        });
        for (t, first) in toks.iter().enumerate() {
            let s = first.start as usize;
            let (a, b) = self.root_stars[usize::from(search[s])];
            if a < b {
                self.stars_in(a..b, search, first, s, &mut found);
            }
            let Some(&c) = self.root.get(first.id as usize) else {
                continue;
            };
            let mut child = c;
            let mut k = t;
            while child != 0 {
                let node = child & NODE;
                let end = toks[k].end as usize;
                if child & (ENDS | STARS) != 0 {
                    let n = node as usize;
                    for &p in &self.ends[self.ends_at[n] as usize..self.ends_at[n + 1] as usize] {
                        found(p as usize, s, end);
                    }
                    if child & STARS != 0
                        && let Some(next) = toks.get(k + 1)
                    {
                        let range = self.stars_at[n]..self.stars_at[n + 1];
                        self.stars_in(range, search, next, s, &mut found);
                    }
                }
                k += 1;
                let Some(tok) = toks.get(k) else {
                    break;
                };
                if self.kid_bits[node as usize] & (1 << (tok.id % 64)) == 0 {
                    break;
                }
                let key = (u64::from(node) << 32) | u64::from(tok.id);
                child = self.edges.get(&key).copied().unwrap_or(0);
            }
        }
    }

    /// The phrases of `stars[range]` whose last word `word` starts with.
    fn stars_in(
        &self,
        range: std::ops::Range<u32>,
        search: &[u8],
        word: &Token,
        s: usize,
        found: &mut impl FnMut(usize, usize, usize),
    ) {
        let (start, end) = (word.start as usize, word.end as usize);
        if !is_word_byte(search[start]) {
            return;
        }
        let text = &search[start..end];
        for (w, p) in &self.stars[range.start as usize..range.end as usize] {
            if text.starts_with(w) {
                found(*p as usize, s, start + w.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the trie finds in `text`, sorted, each place once, kept to whole words as its
    /// caller keeps them (`prefix`: phrases whose last word may go on).
    fn found(
        t: &WordTrie,
        text: &str,
        window: usize,
        prefix: &[bool],
    ) -> Vec<(usize, usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        t.each_windowed(b, window, |p, s, e| {
            let starts = s == 0 || !is_word_byte(b[s - 1]);
            let ends = prefix[p] || e == b.len() || !is_word_byte(b[e]);
            if starts && ends {
                out.push((p, s, e));
            }
        });
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn finds_whole_tokens_and_prefixes() {
        let phrases = [
            "leaky gut",
            "gut lining",
            "heal",
            "permeab",
            "in 0 days",
            "said:",
        ];
        let prefix = [false, false, false, true, false, false];
        let t = WordTrie::new(phrases.into_iter(), &prefix);
        let text = "leaky gut lining; permeability. heals in 0 days? he said: leaky  gut";
        let got: Vec<(&str, &str)> = found(&t, text, usize::MAX, &prefix)
            .into_iter()
            .map(|(p, s, e)| (phrases[p], &text[s..e]))
            .collect();
        // "heals" is not "heal" (whole words; the caller keeps `permeab*` going), and two
        // spaces are not the one between two words.
        assert_eq!(
            got,
            [
                ("leaky gut", "leaky gut"),
                ("gut lining", "gut lining"),
                ("permeab", "permeab"),
                ("in 0 days", "in 0 days"),
                ("said:", "said:"),
            ]
        );
    }

    #[test]
    fn a_text_read_in_windows_gives_what_it_gives_whole() {
        let phrases = ["leaky gut", "gut lining", "heal", "permeab", "in 0 days"];
        let prefix = [false, false, false, true, false];
        let t = WordTrie::new(phrases.into_iter(), &prefix);
        let text = "a leaky gut lining heals; permeability in 0 days, heal it. ".repeat(40);
        let whole = found(&t, &text, usize::MAX, &prefix);
        assert_eq!(whole.len(), 40 * 5);
        for window in [t.longest_phrase + 1, 17, 64, 1000] {
            assert_eq!(found(&t, &text, window, &prefix), whole, "window {window}");
        }
    }
}
