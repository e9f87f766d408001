//! The raw-byte prefilter of `scan`: where in undecoded, unnormalised text may one of the
//! claims' keywords occur?
//!
//! `Matcher::find` only tries a claim's patterns where one of the claim's keywords occurs in
//! the normalised text, so a block of text with no keyword cannot hold a finding. Finding the
//! keywords in raw bytes at memory speed is the whole cost of scanning text where claims are
//! rare, and a case-insensitive automaton over the keywords' first words runs at a few
//! hundred MiB/s. This module does it in three steps:
//!
//! 1. **Anchors.** Every keyword must hold one *anchor* inside one of its words: a run of
//!    ASCII letters and digits, which appears verbatim in raw text whatever markup, quotes or
//!    line breaks surround the keyword. A greedy set cover picks few, rare-looking anchors
//!    (`gut` serves `gut lining` and `heal your gut`, `leak` serves `leaky`): about 40 for
//!    the built-in rules' 100-odd keywords.
//! 2. **Search.** On x86_64 with AVX2, a Teddy-style SIMD search over a 4-byte window of each
//!    anchor (chosen to avoid common English letter triples), with ASCII case folding built
//!    into the nibble masks (no lower-casing pass) and 16 buckets; elsewhere an
//!    ASCII-case-insensitive Aho-Corasick automaton over the anchors. Candidates are checked
//!    against the anchor bytes.
//! 3. **Confirmation.** Around an anchor, the rest of the keyword is compared with the raw
//!    bytes the way `normalize` would see them: a run of white space matches one space,
//!    letters and plain punctuation must be equal, and any byte that normalisation might
//!    change (markup, entities, non-ASCII) counts as "maybe". `health` does not confirm
//!    `heal your gut`; `heal your\n<em>gut` does.
//!
//! The filter only ever errs towards "maybe": every keyword occurrence that `normalize` would
//! produce from contiguous anchor letters is reported. (A keyword whose letters are split
//! by markup inside a word, `le<b>ak</b>y`, is not, as with the matcher's keyword search.)

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use crate::rules::RuleBase;

/// Common English words that make poor anchors (they occur everywhere).
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "before", "by", "for",
    "free", "from", "has", "have", "her", "his", "in", "is", "it", "its", "my", "no", "not", "of",
    "off", "on", "or", "our", "out", "so", "that", "the", "their", "this", "to", "up", "was",
    "with", "you", "your",
];

/// English letter frequencies in tenths of a percent (a..z), to judge how rare a word is.
const LETTER_FREQ: [u16; 26] = [
    82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2,
    20, 1,
];

fn byte_freq(b: u8) -> f64 {
    match b {
        b'a'..=b'z' => f64::from(LETTER_FREQ[usize::from(b - b'a')].max(1)),
        b'0'..=b'9' => 5.0,
        _ => 1.0,
    }
}

/// Lower is rarer: the sum of log-frequencies of the bytes, so longer words score lower.
fn rarity(word: &[u8]) -> f64 {
    let mut score: f64 = word.iter().map(|&b| byte_freq(b).log10() - 3.0).sum();
    if word.len() < 4 {
        score += 6.0;
    }
    if STOPWORDS.iter().any(|s| s.as_bytes() == word) {
        score += 20.0;
    }
    score
}

/// Frequent letter triples of English text: a window holding one of them matches far more
/// often than its letters suggest (`ling` in every "-ling" word, `prob` in "problem").
const COMMON_TRIGRAMS: &[&str] = &[
    "the", "and", "ing", "ion", "tio", "ent", "ati", "for", "her", "ter", "hat", "tha", "ere",
    "ate", "his", "con", "res", "ver", "all", "ons", "nce", "men", "ith", "ted", "ers", "pro",
    "thi", "wit", "are", "ess", "not", "ive", "was", "ect", "rea", "com", "eve", "per", "int",
    "est", "sta", "cti", "ica", "ist", "ear", "ain", "one", "our", "iti", "rat", "nte", "tin",
    "ine", "der", "ome", "man", "pre", "rom", "tra", "whi", "ave", "str", "act", "ill", "ure",
    "ide", "ove", "cal", "ble", "out", "sti", "tic", "oun", "enc", "ore", "ant", "ity", "fro",
    "art", "ord", "ial", "ral", "ali", "lin", "nin", "ong", "ugh", "igh", "ght", "age", "ous",
    "ful", "ned", "led", "ren", "ise", "use", "ese", "ase", "red", "ies", "nde",
];

/// How often a 4-byte search window is expected in English text; lower is better.
fn window_score(w: &[u8]) -> f64 {
    let common = w
        .windows(3)
        .filter(|t| COMMON_TRIGRAMS.iter().any(|c| c.as_bytes() == *t))
        .count();
    rarity(w) + 2.5 * common as f64
}

/// What it costs to search for `word`: common and short words cost more.
fn cost(word: &[u8]) -> f64 {
    let common: f64 = word.iter().map(|&b| byte_freq(b)).sum::<f64>() / word.len() as f64 / 100.0;
    // One or two letters occur in almost every word of any text: only as a last resort.
    let short = match word.len() {
        0..=1 => 200.0,
        2 => 40.0,
        3 => 1.0,
        _ => 0.0,
    };
    let stop = if STOPWORDS.iter().any(|s| s.as_bytes() == word) {
        50.0
    } else {
        0.0
    };
    1.0 + common + short + stop
}

/// A small set of anchors such that every keyword holds one of them inside one of its words:
/// greedy set cover, taking each time the word that serves the most keywords not yet served
/// per unit of cost (`gut` serves `gut lining`, `heal your gut`, `starts in the gut`, …).
/// Empty when some keyword has no ASCII letter or digit.
fn choose_anchors(keywords: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let lists: Vec<Vec<&[u8]>> = keywords
        .iter()
        .map(|k| words(k).map(|(_, w)| w).collect())
        .collect();
    if lists.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let mut candidates: Vec<&[u8]> = lists.iter().flatten().copied().collect();
    candidates.sort_unstable();
    candidates.dedup();
    // covers[i]: the keywords candidate i occurs in (in a word of theirs), in order. Every
    // piece of every keyword's words is looked up among the candidates, rather than every
    // candidate searched for in every keyword.
    let index: std::collections::HashMap<&[u8], usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i))
        .collect();
    let mut covers: Vec<Vec<usize>> = vec![Vec::new(); candidates.len()];
    for (k, ws) in lists.iter().enumerate() {
        for w in ws {
            for a in 0..w.len() {
                for b in a + 1..=w.len() {
                    if let Some(&i) = index.get(&w[a..b])
                        && covers[i].last() != Some(&k)
                    {
                        covers[i].push(k);
                    }
                }
            }
        }
    }
    let costs: Vec<f64> = candidates.iter().map(|c| cost(c)).collect();
    let mut served = vec![false; keywords.len()];
    let mut chosen = Vec::new();
    while served.iter().any(|s| !s) {
        // Keywords not yet served that each candidate would serve, for its cost.
        let gains: Vec<f64> = (0..candidates.len())
            .map(|i| covers[i].iter().filter(|&&k| !served[k]).count() as f64 / costs[i])
            .collect();
        let best = (0..candidates.len())
            .max_by(|&a, &b| {
                gains[a]
                    .total_cmp(&gains[b])
                    .then(candidates[b].cmp(candidates[a]))
            })
            .expect("an unserved keyword has words");
        for &k in &covers[best] {
            served[k] = true;
        }
        chosen.push(candidates[best].to_vec());
    }
    chosen.sort();
    chosen
}

/// How a raw byte may look after `normalize`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Kept as it is (letters, digits, most punctuation).
    Plain,
    /// White space: a run of it becomes one space.
    Space,
    /// Markup, an entity, a typographic character: normalisation may drop or change it.
    Unsure,
}

fn class(b: u8) -> Class {
    match b {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Class::Space,
        // Tags, entities (`&nbsp;` seen from either end), emphasis, headings, quotes, links
        // (`[gut](url) lining`) and code marks.
        b'<' | b'>' | b'&' | b';' | b'*' | b'~' | b'_' | b'#' | b'[' | b']' | b')' | b'`' => {
            Class::Unsure
        }
        0x80.. => Class::Unsure,
        _ => Class::Plain,
    }
}

fn is_space(b: u8) -> bool {
    class(b) == Class::Space
}

/// Could keyword `kw`, whose bytes `kw[at..at + len]` are the anchor found at `hay[s..]`,
/// occur there once `hay` is normalised? False only when it surely cannot.
fn confirm(kw: &[u8], at: usize, len: usize, hay: &[u8], s: usize) -> bool {
    let (mut i, mut j) = (at + len, s + len);
    while i < kw.len() {
        // A keyword cannot run past the chunk: chunks end where blocks end.
        let Some(&r) = hay.get(j) else { return false };
        match class(r) {
            Class::Plain => {
                // A hyphen stands for a space ("leaky-gut"), as the matcher reads it.
                if r.to_ascii_lowercase() != kw[i] && !(r == b'-' && kw[i] == b' ') {
                    return false;
                }
                i += 1;
                j += 1;
            }
            Class::Space => {
                if kw[i] != b' ' {
                    return false;
                }
                while hay.get(j).copied().is_some_and(is_space) {
                    j += 1;
                }
                i += 1;
            }
            Class::Unsure => return true,
        }
    }
    let (mut i, mut j) = (at, s);
    while i > 0 {
        if j == 0 {
            return false;
        }
        let r = hay[j - 1];
        match class(r) {
            Class::Plain => {
                if r.to_ascii_lowercase() != kw[i - 1] && !(r == b'-' && kw[i - 1] == b' ') {
                    return false;
                }
                i -= 1;
                j -= 1;
            }
            Class::Space => {
                if kw[i - 1] != b' ' {
                    return false;
                }
                while j > 0 && is_space(hay[j - 1]) {
                    j -= 1;
                }
                i -= 1;
            }
            Class::Unsure => return true,
        }
    }
    true
}

struct Anchor {
    /// Lower-case ASCII letters and digits.
    text: Vec<u8>,
    /// Offset in `text` of the window the SIMD search looks for.
    window: usize,
    /// Every place the anchor occurs in a keyword: (keyword index, byte offset).
    uses: Vec<(usize, usize)>,
    /// What the SIMD search looks for: the nibbles (low, high) allowed at each of four
    /// positions, from the window (both cases) and, for anchors shorter than four bytes,
    /// the byte that may follow them.
    fingerprint: [(u16, u16); 4],
}

/// Adds byte `b` to a position of a fingerprint.
fn allow(pos: &mut (u16, u16), b: u8) {
    pos.0 |= 1 << (b & 0xF);
    pos.1 |= 1 << (b >> 4);
}

/// The nibble sets for `text[window..]` (four bytes at most), and for a short anchor the
/// bytes that can follow it in raw text: what follows it in its keywords, white space,
/// markup and any non-ASCII byte (a typographic dash or space). Strike-through `~` and the
/// backtick (a quote after normalising) are left out, so that most letters stay out of the
/// set and `die` in "studied" or "ingredients" is no candidate for "die-off". Any byte may
/// follow an anchor that ends one of its keywords.
fn fingerprint(
    text: &[u8],
    window: usize,
    uses: &[(usize, usize)],
    keywords: &[Vec<u8>],
) -> [(u16, u16); 4] {
    let w = &text[window..(window + 4).min(text.len())];
    let mut fp = [(0u16, 0u16); 4];
    for (k, pos) in fp.iter_mut().enumerate() {
        match w.get(k) {
            Some(&c) => {
                allow(pos, c);
                allow(pos, c.to_ascii_uppercase());
            }
            None => *pos = (0xFFFF, 0xFFFF),
        }
    }
    if w.len() < 4 && window == 0 {
        let next: Option<Vec<u8>> = uses
            .iter()
            .map(|&(ki, at)| keywords[ki].get(at + text.len()).copied())
            .collect();
        if let Some(next) = next {
            let pos = &mut fp[w.len()];
            *pos = (0, 0);
            for c in next {
                allow(pos, c);
                allow(pos, c.to_ascii_uppercase());
            }
            for b in 0..=255u8 {
                if (class(b) != Class::Plain && b != b'~' && b != b'`') || b >= 0x80 {
                    allow(pos, b);
                }
            }
        }
    }
    fp
}

enum Engine {
    /// Some keyword has no ASCII letter or digit to anchor on: every block is a candidate.
    Everything,
    /// Portable: an ASCII-case-insensitive automaton over the anchors.
    Automaton(AhoCorasick),
    #[cfg(target_arch = "x86_64")]
    Teddy(Box<teddy::Masks>, Vec<Vec<teddy::Entry>>),
}

/// Finds the places in raw text where a claim keyword may occur.
pub struct Prefilter {
    keywords: Vec<Vec<u8>>,
    anchors: Vec<Anchor>,
    engine: Engine,
}

/// Splits `kw` into runs of ASCII letters and digits, as (offset, run).
fn words(kw: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < kw.len() && !kw[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == kw.len() {
            return None;
        }
        let start = i;
        while i < kw.len() && kw[i].is_ascii_alphanumeric() {
            i += 1;
        }
        Some((start, &kw[start..i]))
    })
}

/// Every offset at which `needle` occurs in `hay`.
fn occurrences(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.len() > hay.len() {
        return Vec::new();
    }
    if needle.is_empty() {
        return (0..=hay.len()).collect();
    }
    // Compared only where the first byte agrees: this runs for every anchor against every
    // keyword, and a comparison at every byte was most of building the filter.
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i] == needle[0] && hay[i..].starts_with(needle))
        .collect()
}

impl Prefilter {
    /// Builds the filter for the anchor concepts of `rb` (`anchor = true` in concepts.toml):
    /// every phrase of theirs is a keyword (a hyphen in the text matching a space).
    pub fn new(rb: &RuleBase) -> Prefilter {
        let mut keywords: Vec<Vec<u8>> = Vec::new();
        let mut seen: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
        for c in rb.concepts.iter().filter(|c| c.anchor) {
            for p in &c.phrases {
                let k = p.trim_end_matches('*').as_bytes();
                if !k.is_empty() && seen.insert(k) {
                    keywords.push(k.to_vec());
                }
            }
        }
        Prefilter::from_keywords(keywords)
    }

    fn from_keywords(keywords: Vec<Vec<u8>>) -> Prefilter {
        let kept = choose_anchors(&keywords);
        let anchors: Vec<Anchor> = kept
            .into_iter()
            .map(|text| {
                let uses: Vec<(usize, usize)> = keywords
                    .iter()
                    .enumerate()
                    .flat_map(|(ki, k)| occurrences(k, &text).into_iter().map(move |at| (ki, at)))
                    .collect();
                let window = (0..=text.len().saturating_sub(4))
                    .min_by(|&a, &b| {
                        let end = |i: usize| (i + 4).min(text.len());
                        window_score(&text[a..end(a)]).total_cmp(&window_score(&text[b..end(b)]))
                    })
                    .unwrap_or(0);
                let fingerprint = fingerprint(&text, window, &uses, &keywords);
                Anchor {
                    text,
                    window,
                    uses,
                    fingerprint,
                }
            })
            .collect();
        let engine = if anchors.is_empty() {
            Engine::Everything
        } else {
            Prefilter::engine(&anchors)
        };
        Prefilter {
            keywords,
            anchors,
            engine,
        }
    }

    fn automaton(anchors: &[Anchor]) -> Engine {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(anchors.iter().map(|a| &a.text))
            .expect("anchor automaton");
        Engine::Automaton(ac)
    }

    #[cfg(target_arch = "x86_64")]
    fn engine(anchors: &[Anchor]) -> Engine {
        if std::is_x86_feature_detected!("avx2") {
            let (masks, buckets) = teddy::build(anchors);
            Engine::Teddy(Box::new(masks), buckets)
        } else {
            Prefilter::automaton(anchors)
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn engine(anchors: &[Anchor]) -> Engine {
        Prefilter::automaton(anchors)
    }

    /// The same filter without SIMD, for tests that compare the two.
    #[cfg(test)]
    fn portable(&self) -> Prefilter {
        let keywords = self.keywords.clone();
        let mut p = Prefilter::from_keywords(keywords);
        if !matches!(p.engine, Engine::Everything) {
            p.engine = Prefilter::automaton(&p.anchors);
        }
        p
    }

    /// The anchors, for messages and tests.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.anchors
            .iter()
            .map(|a| std::str::from_utf8(&a.text).expect("ASCII"))
    }

    /// Calls `f(s)` for each place `s` in `hay` where a keyword may be (where its anchor
    /// starts), roughly in increasing order. `f` returns the first offset still worth
    /// reporting (the end of the block it has just scanned, say); places before it are not
    /// reported any more.
    pub fn for_each(&self, hay: &[u8], mut f: impl FnMut(usize) -> usize) {
        let mut min = 0;
        match &self.engine {
            Engine::Everything => {
                let mut p = 0;
                while p < hay.len() {
                    min = min.max(f(p));
                    p = min.max(p + 1);
                }
            }
            Engine::Automaton(ac) => {
                let mut from = 0;
                'restart: while from < hay.len() {
                    let input = Input::new(hay).span(from..hay.len());
                    for m in ac.find_overlapping_iter(input) {
                        let s = m.start();
                        if s < min || !self.confirmed(m.pattern().as_usize(), hay, s) {
                            continue;
                        }
                        min = min.max(f(s));
                        if min > m.end() {
                            // Jump over what the caller skips.
                            from = min;
                            continue 'restart;
                        }
                    }
                    break;
                }
            }
            #[cfg(target_arch = "x86_64")]
            Engine::Teddy(masks, buckets) => {
                let mut on_candidate = |pos: usize, bits: u32| -> usize {
                    let mut bits = bits;
                    while bits != 0 {
                        let bucket = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        for e in &buckets[bucket] {
                            let Some(s) = pos.checked_sub(e.window) else {
                                continue;
                            };
                            let (ai, a) = (e.anchor, &self.anchors[e.anchor]);
                            if s >= min
                                && e.may_match(hay, pos)
                                && hay
                                    .get(s..s + a.text.len())
                                    .is_some_and(|h| h.eq_ignore_ascii_case(&a.text))
                                && self.confirmed(ai, hay, s)
                            {
                                min = min.max(f(s));
                            }
                        }
                    }
                    min.max(pos + 1)
                };
                // SAFETY: AVX2 was detected when the engine was built.
                unsafe { teddy::search(masks, hay, &mut on_candidate) }
            }
        }
    }

    /// Does a keyword that uses anchor `ai`, found at `hay[s..]`, fit the bytes around it?
    fn confirmed(&self, ai: usize, hay: &[u8], s: usize) -> bool {
        let a = &self.anchors[ai];
        a.uses
            .iter()
            .any(|&(ki, at)| confirm(&self.keywords[ki], at, a.text.len(), hay, s))
    }
}

/// A Teddy-style multi-pattern search (after the algorithm in Hyperscan and the
/// aho-corasick crate): for each of four consecutive bytes, two 16-entry tables indexed by
/// the byte's low and high nibble give the set of buckets whose patterns allow that byte
/// there; a position is a candidate for the buckets set in all eight lookups. Letters get
/// both case variants in the high-nibble table, so the search is ASCII-case-insensitive for
/// free. Two groups of 8 buckets hold about 50 anchors with few false candidates (three
/// or four groups cost more in shuffles than they save).
#[cfg(target_arch = "x86_64")]
mod teddy {
    use std::arch::x86_64::*;

    use super::Anchor;

    /// Groups of 8 buckets; each group costs 8 shuffles per 32 bytes, and more buckets mean
    /// fewer anchors sharing one, so fewer false candidates.
    const GROUPS: usize = 2;
    const BUCKETS: usize = 8 * GROUPS;

    /// An anchor in a bucket, with its window folded to lower case for a quick check.
    pub struct Entry {
        pub anchor: usize,
        /// Offset of the window in the anchor.
        pub window: usize,
        key: u32,
        mask: u32,
    }

    impl Entry {
        /// False when the window surely is not at `hay[pos..]` (most false candidates).
        #[inline]
        pub fn may_match(&self, hay: &[u8], pos: usize) -> bool {
            match hay.get(pos..pos + 4) {
                Some(w) => {
                    let raw = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
                    (raw | 0x2020_2020) & self.mask == self.key
                }
                None => true,
            }
        }
    }

    /// `lo[g][k][n]`: buckets of group `g` (bit per bucket) that allow a byte with low nibble
    /// `n` at window position `k`; `hi` likewise for the high nibble.
    pub struct Masks {
        lo: [[[u8; 16]; 4]; GROUPS],
        hi: [[[u8; 16]; 4]; GROUPS],
    }

    /// Spreads the anchors over the buckets (similar windows share a bucket, so their
    /// masks overlap instead of multiplying) and fills the masks. Returns, for each bucket,
    /// its anchors as (anchor index, window offset).
    pub fn build(anchors: &[Anchor]) -> (Masks, Vec<Vec<Entry>>) {
        fn window(a: &Anchor) -> &[u8] {
            &a.text[a.window..(a.window + 4).min(a.text.len())]
        }
        let share = share_table();
        // Greedy: each anchor goes where it adds least to the expected rate of false
        // candidates (anchors sharing letters at the same places share a bucket cheaply).
        let mut order: Vec<usize> = (0..anchors.len()).collect();
        order.sort_by(|&a, &b| window(&anchors[a]).cmp(window(&anchors[b])));
        let mut buckets: Vec<Vec<Entry>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        let mut sets: Vec<[(u16, u16); 4]> = vec![[(0, 0); 4]; BUCKETS];
        for &ai in &order {
            let fp = &anchors[ai].fingerprint;
            let (best, _) = sets
                .iter()
                .enumerate()
                .map(|(b, set)| {
                    let before = if buckets[b].is_empty() {
                        0.0
                    } else {
                        false_rate(set, &share)
                    };
                    (b, false_rate(&union(set, fp), &share) - before)
                })
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .expect("buckets");
            sets[best] = union(&sets[best], fp);
            let w = window(&anchors[ai]);
            let mut bytes = [0u8; 4];
            bytes[..w.len()].copy_from_slice(w);
            let mask = u32::MAX >> (8 * (4 - w.len()));
            buckets[best].push(Entry {
                anchor: ai,
                window: anchors[ai].window,
                key: (u32::from_le_bytes(bytes) | 0x2020_2020) & mask,
                mask,
            });
        }
        let mut m = Masks {
            lo: [[[0; 16]; 4]; GROUPS],
            hi: [[[0; 16]; 4]; GROUPS],
        };
        for (b, set) in sets.iter().enumerate() {
            let (g, bit) = (b / 8, 1u8 << (b % 8));
            for (k, &(lo, hi)) in set.iter().enumerate() {
                for n in 0..16 {
                    if lo & (1 << n) != 0 {
                        m.lo[g][k][n] |= bit;
                    }
                    if hi & (1 << n) != 0 {
                        m.hi[g][k][n] |= bit;
                    }
                }
            }
        }
        (m, buckets)
    }

    fn union(a: &[(u16, u16); 4], b: &[(u16, u16); 4]) -> [(u16, u16); 4] {
        std::array::from_fn(|k| (a[k].0 | b[k].0, a[k].1 | b[k].1))
    }

    /// `share[hi][lo]`: rough share of English text bytes with those nibbles.
    fn share_table() -> [[f64; 16]; 16] {
        let mut t = [[0.0; 16]; 16];
        for b in 0..=255u8 {
            t[usize::from(b >> 4)][usize::from(b & 0xF)] = match b {
                b'a'..=b'z' => f64::from(super::LETTER_FREQ[usize::from(b - b'a')]) / 1000.0 * 0.78,
                b'A'..=b'Z' => f64::from(super::LETTER_FREQ[usize::from(b - b'A')]) / 1000.0 * 0.03,
                b' ' => 0.16,
                b'\n' | b'.' | b',' => 0.01,
                _ => 0.0005,
            };
        }
        t
    }

    /// Expected rate of candidates of a bucket per byte of English text.
    fn false_rate(set: &[(u16, u16); 4], share: &[[f64; 16]; 16]) -> f64 {
        set.iter()
            .map(|&(lo, hi)| {
                let mut sum = 0.0;
                for h in (0..16).filter(|h| hi & (1 << h) != 0) {
                    for l in (0..16).filter(|l| lo & (1 << l) != 0) {
                        sum += share[h][l];
                    }
                }
                sum
            })
            .product()
    }

    /// The candidate buckets at `pos`, one byte at a time (for the tail of the haystack;
    /// bytes past the end allow everything, and the anchor check rejects them).
    fn scalar(m: &Masks, hay: &[u8], pos: usize) -> u32 {
        let mut bits = 0;
        for g in 0..GROUPS {
            let mut group = 0xFFu8;
            for k in 0..4 {
                if let Some(&b) = hay.get(pos + k) {
                    group &= m.lo[g][k][usize::from(b & 0xF)] & m.hi[g][k][usize::from(b >> 4)];
                }
            }
            bits |= u32::from(group) << (8 * g);
        }
        bits
    }

    /// Calls `f(pos, buckets)` for every candidate position `pos` of `hay` in increasing
    /// order; `f` returns where to continue (at least `pos + 1`).
    ///
    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn search<F: FnMut(usize, u32) -> usize>(m: &Masks, hay: &[u8], f: &mut F) {
        let table = |t: &[u8; 16]| {
            // SAFETY: `t` is 16 readable bytes; AVX2 is enabled for this function.
            unsafe { _mm256_broadcastsi128_si256(_mm_loadu_si128(t.as_ptr().cast())) }
        };
        let lo: [[__m256i; 4]; GROUPS] =
            std::array::from_fn(|g| std::array::from_fn(|k| table(&m.lo[g][k])));
        let hi: [[__m256i; 4]; GROUPS] =
            std::array::from_fn(|g| std::array::from_fn(|k| table(&m.hi[g][k])));
        let nibble = _mm256_set1_epi8(0x0F);
        let zero = _mm256_setzero_si256();
        let len = hay.len();
        let ptr = hay.as_ptr();
        let mut p = 0;
        let mut found = [[0u8; 32]; GROUPS];
        'blocks: while p + 35 <= len {
            let mut acc = [_mm256_set1_epi8(-1); GROUPS];
            for k in 0..4 {
                // SAFETY: p + k + 32 <= len, checked by the loop condition.
                let v = unsafe { _mm256_loadu_si256(ptr.add(p + k).cast()) };
                let vl = _mm256_and_si256(v, nibble);
                let vh = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
                for g in 0..GROUPS {
                    let hit = _mm256_and_si256(
                        _mm256_shuffle_epi8(lo[g][k], vl),
                        _mm256_shuffle_epi8(hi[g][k], vh),
                    );
                    acc[g] = _mm256_and_si256(acc[g], hit);
                }
            }
            let mut any = acc[0];
            for a in &acc[1..] {
                any = _mm256_or_si256(any, *a);
            }
            let empty = _mm256_movemask_epi8(_mm256_cmpeq_epi8(any, zero)) as u32;
            if empty != u32::MAX {
                for (g, a) in acc.iter().enumerate() {
                    // SAFETY: each array is 32 writable bytes.
                    unsafe { _mm256_storeu_si256(found[g].as_mut_ptr().cast(), *a) };
                }
                let mut cand = !empty;
                while cand != 0 {
                    let j = cand.trailing_zeros() as usize;
                    cand &= cand - 1;
                    let bits = (0..GROUPS).fold(0u32, |b, g| b | u32::from(found[g][j]) << (8 * g));
                    let next = f(p + j, bits);
                    if next >= p + 32 {
                        p = next;
                        continue 'blocks;
                    }
                    let skip = next - p;
                    cand &= !((1u32 << skip) - 1);
                }
            }
            p += 32;
        }
        while p < len {
            let bits = scalar(m, hay, p);
            p = if bits == 0 {
                p + 1
            } else {
                f(p, bits).max(p + 1)
            };
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn one_letter_words_are_never_chosen_as_anchors() {
        let kws: Vec<Vec<u8>> = ["l m ratio", "leaky gut", "gut lining"]
            .iter()
            .map(|k| k.as_bytes().to_vec())
            .collect();
        let chosen = super::choose_anchors(&kws);
        assert!(chosen.iter().all(|a| a.len() >= 3), "{chosen:?}");
    }

    use super::*;

    fn filter(kws: &[&str]) -> Prefilter {
        Prefilter::from_keywords(kws.iter().map(|k| k.as_bytes().to_vec()).collect())
    }

    fn hits(p: &Prefilter, hay: &str) -> Vec<usize> {
        let mut v = Vec::new();
        p.for_each(hay.as_bytes(), |s| {
            v.push(s);
            0
        });
        v
    }

    #[test]
    fn anchors_prefer_rare_long_words_and_share() {
        let p = filter(&["leaky", "leak", "heal your gut", "die off", "worse before"]);
        let a: Vec<&str> = p.anchors().collect();
        assert_eq!(a, ["die", "heal", "leak", "worse"]);
    }

    #[test]
    fn confirms_keywords_across_space_and_markup_but_not_other_words() {
        let p = filter(&["heal your gut", "die off", "gut lining"]);
        let found = |s: &str| !hits(&p, s).is_empty();
        assert!(!found("good health and a diet, a gut feeling, your gut"));
        assert!(found("HEAL your\n   gut now"));
        assert!(found("heal your <em>gut</em>"));
        assert!(found("the die\u{2013}off"));
        assert!(found("the Gut\n\nLining"));
        assert!(found("[gut](https://example.com) lining"));
        assert!(found("gut&nbsp;lining"));
        assert!(!found("a gutlining"));
        // A hit is where the anchor is, which may be inside the keyword.
        assert_eq!(hits(&p, "x gut lining"), vec![2]);
    }

    #[test]
    fn keywords_without_letters_make_every_place_a_candidate() {
        let p = filter(&["--"]);
        assert_eq!(hits(&p, "abc").len(), 3);
    }

    #[test]
    fn simd_and_portable_searches_agree() {
        let rb = crate::loader::load_builtin(Default::default()).expect("built-in rules");
        let p = Prefilter::new(&rb);
        let portable = p.portable();
        // A pseudo-random mix of keyword pieces, separators and filler, long enough to use
        // the vector loop and its tail.
        let pieces = [
            "leaky",
            "Leaky ",
            "GUT",
            " gut ",
            "lining",
            "\n",
            "<b>",
            "heal",
            "health ",
            "your ",
            "the ",
            "zonulin",
            "die",
            "-off",
            " off",
            "diet ",
            "collagen",
            "x",
            "  ",
            "é",
            "Powder",
            "probiotic",
            "aip",
            "cut out",
            "tight\njunction",
            "glutamine",
            "q",
        ];
        let mut seed = 7u64;
        for round in 0..200 {
            let mut s = String::new();
            for _ in 0..(round % 50) * 3 + 1 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let mut a = hits(&p, &s);
            let mut b = hits(&portable, &s);
            a.sort_unstable();
            a.dedup();
            b.sort_unstable();
            b.dedup();
            assert_eq!(a, b, "{s:?}");
        }
    }
}
