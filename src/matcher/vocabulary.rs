//! Concepts as written in `concepts.toml` → one trie of words that finds every phrase of
//! every concept in a text in a single pass.
//!
//! A phrase is words separated by spaces. `{a,b,c}` gives alternatives anywhere in it
//! (`heal{,s,ed,ing}` is heal, heals, healed, healing) and a final `*` lets the last word
//! go on (`permeab*` is permeable, permeability, …). Matching is by whole words, ignores case
//! (in any script), and reads a hyphen or dash as a space (`leaky-gut` is `leaky gut`).
//! `#` is a number of one to four digits and a digit is itself, so `# days` is any number
//! of days and `{7,8,9}# days` is seventy days or more. The trie reads every digit as
//! `0`; a phrase with a written digit is checked against the text's digits where it is found.

use super::wordtrie::WordTrie;
pub use super::wordtrie::is_word_byte;
use crate::rules::Concept;

/// Most spellings one written phrase may expand to.
const MAX_EXPANSIONS: usize = 256;

/// Most words in one phrase. The search walks a phrase word by word from every place it may
/// start, so a phrase of thousands of words over text that repeats its first words would cost
/// thousands of steps a word; real phrases have a handful.
const MAX_WORDS: usize = 40;

fn too_long(phrase: &str) -> bool {
    phrase.split(' ').count() > MAX_WORDS
}

/// Spells out a written phrase: lower case, hyphens as spaces, single spaces, every `{a,b}`
/// alternative taken; a trailing `*` is kept on each spelling.
pub fn expand(written: &str) -> Result<Vec<String>, String> {
    // Trimmed after folding: a hyphen at either end ("zonk-") is a space there, and a
    // phrase that began or ended with a space would never be found between two words.
    let plain = fold_str(written).trim().to_string();
    if plain.contains('?') {
        // `?` is how `#` is spelled inside; a question mark never reaches the matcher anyway.
        return Err("`?` cannot be matched: a phrase is words, and `#` stands for a number".into());
    }
    // Most phrases are plain words: one spelling, checked as the loop below would.
    if !plain.contains(['{', '}', '#', '*'])
        && !plain.contains("  ")
        && plain.chars().any(char::is_alphanumeric)
        && !too_long(&plain)
    {
        return Ok(vec![plain]);
    }
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
                        let mut n = String::with_capacity(o.len() + lit.len() + a.len());
                        n.push_str(o);
                        n.push_str(lit);
                        n.push_str(a);
                        next.push(n);
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
    // `#`: a number of one to four digits, spelled as that many `?` (any one digit).
    while out.iter().any(|o| o.contains('#')) {
        out = out
            .iter()
            .flat_map(|o| ["?", "??", "???", "????"].map(|d| o.replacen('#', d, 1)))
            .collect();
        if out.len() > MAX_EXPANSIONS {
            return Err(format!(
                "spells out to more than {MAX_EXPANSIONS} phrases; split it"
            ));
        }
    }
    let mut spelled: Vec<String> = Vec::with_capacity(out.len());
    for o in out {
        // Single spaces, none at either end (an empty alternative can leave two).
        let o = if o.starts_with(' ') || o.ends_with(' ') || o.contains("  ") {
            o.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            o
        };
        let body = o.strip_suffix('*').unwrap_or(&o);
        if body.contains('*') {
            return Err("`*` may only end a phrase".into());
        }
        if !body.chars().any(|c| c.is_alphanumeric() || c == '?') {
            if o.is_empty() {
                continue; // `{,s}` alone spells an empty alternative: skip it
            }
            return Err("a phrase needs at least one letter or digit".into());
        }
        if body.ends_with(' ') {
            return Err("`*` must follow a letter: `heal*`, not `heal *`".into());
        }
        spelled.push(o);
    }
    if spelled.is_empty() {
        return Err("the phrase is empty".into());
    }
    if let Some(long) = spelled.iter().find(|p| too_long(p)) {
        return Err(format!(
            "`{long}` has more than {MAX_WORDS} words; a phrase is a few words, and a rule says which concepts occur together"
        ));
    }
    Ok(first_of_each(spelled))
}

/// `list` without repeats, keeping the first of equal strings where it stands. Sorts
/// positions rather than comparing every pair: a phrase can spell out to hundreds.
pub fn first_of_each(list: Vec<String>) -> Vec<String> {
    if list.len() < 2 {
        return list;
    }
    // Length and first eight bytes tell most strings apart without comparing them whole.
    let key = |s: &str| {
        let mut k = [0u8; 8];
        let n = s.len().min(8);
        k[..n].copy_from_slice(&s.as_bytes()[..n]);
        (s.len(), u64::from_be_bytes(k))
    };
    let keys: Vec<(usize, u64)> = list.iter().map(|s| key(s)).collect();
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        (keys[a].cmp(&keys[b]))
            .then_with(|| list[a].cmp(&list[b]))
            .then(a.cmp(&b))
    });
    let mut repeat = vec![false; list.len()];
    for w in order.windows(2) {
        if list[w[0]] == list[w[1]] {
            repeat[w[1]] = true;
        }
    }
    list.into_iter()
        .zip(repeat)
        .filter_map(|(s, r)| (!r).then_some(s))
        .collect()
}

/// The matching form of a text: ASCII lower case, hyphens as spaces; same length in bytes,
/// so offsets carry over.
pub fn fold(text: &str) -> Vec<u8> {
    text.bytes().map(fold_byte).collect()
}

/// One byte of [`fold`].
fn fold_byte(b: u8) -> u8 {
    match b {
        b'-' => b' ',
        b => b.to_ascii_lowercase(),
    }
}

/// A folded text as the trie reads it: every digit as `0`. Borrowed when there is none.
fn digits_as_zero(folded: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !folded.iter().any(u8::is_ascii_digit) {
        return std::borrow::Cow::Borrowed(folded);
    }
    std::borrow::Cow::Owned(
        folded
            .iter()
            .map(|&b| if b.is_ascii_digit() { b'0' } else { b })
            .collect(),
    )
}

/// A spelled phrase as the trie holds it: every digit and `?` as `0`.
fn search_form(spelled: &str) -> String {
    spelled
        .chars()
        .map(|c| {
            if c == '?' || c.is_ascii_digit() {
                '0'
            } else {
                c
            }
        })
        .collect()
}

/// Whether `text` starts with the spelled phrase: equal bytes, `?` against any digit.
fn spelled_at(spelled: &[u8], text: &[u8]) -> bool {
    text.len() >= spelled.len()
        && spelled
            .iter()
            .zip(text)
            .all(|(&p, &t)| p == t || (p == b'?' && t.is_ascii_digit()))
}

/// A phrase as the matcher sees it: the same two steps as text (`normalize`'s character
/// mapping, then `fold`, which changes ASCII bytes only), so a phrase and the text it should
/// find can never be folded apart.
fn fold_str(text: &str) -> String {
    text.chars()
        .map(|c| match super::plain_char(c) {
            c if c.is_ascii() => char::from(fold_byte(c as u8)),
            c => c,
        })
        .collect()
}

/// Whether a phrase (spelled, or in search form) that starts with a number would, found at
/// `s`, start inside a longer one: after "1," or "1." ("1,000 days", "1.5 months" are not
/// "000 days", "5 months").
fn inside_number(phrase: &[u8], folded: &[u8], s: usize) -> bool {
    (phrase[0] == b'?' || phrase[0].is_ascii_digit())
        && s >= 2
        && matches!(folded[s - 1], b',' | b'.')
        && folded[s - 2].is_ascii_digit()
}

/// A byte inside a word of a spelled phrase: a word byte, or `?` (any digit).
fn is_phrase_word_byte(b: u8) -> bool {
    is_word_byte(b) || b == b'?'
}

/// One phrase occurrence: byte range in the text and the concept it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub concept: u16,
}

/// Texts up to this many bytes are read straight from the concepts' phrases, with nothing
/// built, while fewer than [`DIRECT_BUDGET`] bytes have been read in all.
const DIRECT_TEXT: usize = 600;
const DIRECT_BUDGET: usize = 4 * 1024;
/// ... and at most this many texts: each reading walks every phrase (about 0.7 ms for the
/// built-in rule base, whatever the text's length), so a page with many short headings is
/// better served by the word trie after a few (about 3 ms to build).
const DIRECT_CALLS: usize = 8;

/// Every concept's phrases, and the ways to find them in a text.
///
/// Two ways to find the same matches, each used or built when first needed: the first few
/// very short texts (a triage's free text, a page's first headings) are read straight from the
/// concepts' phrases with nothing built; then the phrases are deduplicated into one table
/// ([`Patterns`]) and put in a trie of words ([`WordTrie`]), which reads everything else.
/// The trie replaced an Aho-Corasick automaton over the phrases' bytes, which took about
/// ten times as long to build and searched no faster (figures in the README); the tests
/// still build that automaton to check that both find the same.
pub struct Vocabulary {
    /// Each concept's phrases as spelled out, by concept index.
    concepts: Vec<Concept>,
    patterns: std::sync::OnceLock<Patterns>,
    trie: std::sync::OnceLock<WordTrie>,
    /// Bytes read so far, by either way.
    searched: std::sync::atomic::AtomicUsize,
    /// Texts read straight from the concepts' phrases so far.
    direct: std::sync::atomic::AtomicUsize,
}

/// The phrases of all concepts, each once, as the trie holds them. Kept in a few flat
/// lists rather than a string and a list for each of the 22,000 phrases: built once per
/// run, and allocation was most of the cost.
struct Patterns {
    /// Every phrase in search form (digits as `0`), one after another; phrase `i` is
    /// `text[at[i]..at[i + 1]]`.
    text: String,
    at: Vec<u32>,
    /// For phrase `i`: the phrase as spelled, when it writes a digit the text must have
    /// (read for every phrase found, so by index, not hashed).
    digits: Vec<Option<Box<[u8]>>>,
    /// The concepts phrase `i` belongs to: `owners[owned_at[i]..owned_at[i + 1]]`.
    owned_at: Vec<u32>,
    owners: Vec<u16>,
    /// Whether phrase `i`'s last word may go on (`*`).
    prefix: Vec<bool>,
}

impl Patterns {
    fn new(concepts: &[Concept]) -> Patterns {
        let total: usize = concepts.iter().map(|c| c.phrases.len()).sum();
        let mut index: super::wordtrie::FxMap<(&str, bool), u32> =
            super::wordtrie::FxMap::with_capacity_and_hasher(total, Default::default());
        let mut pats = Patterns {
            text: String::new(),
            at: vec![0],
            digits: Vec::with_capacity(total),
            owned_at: Vec::new(),
            owners: Vec::new(),
            prefix: Vec::with_capacity(total),
        };
        // (phrase, concept), sorted into each phrase's range below.
        let mut owned: Vec<(u32, u16)> = Vec::with_capacity(total);
        for (ci, c) in concepts.iter().enumerate() {
            for p in &c.phrases {
                let (body, star) = match p.strip_suffix('*') {
                    Some(b) => (b, true),
                    None => (p, false),
                };
                let next = pats.prefix.len() as u32;
                let i = *index.entry((body, star)).or_insert_with(|| {
                    let digits = body.bytes().any(|b| b.is_ascii_digit());
                    pats.digits.push(digits.then(|| body.as_bytes().into()));
                    if digits || body.contains('?') {
                        pats.text.push_str(&search_form(body));
                    } else {
                        pats.text.push_str(body);
                    }
                    pats.at.push(pats.text.len() as u32);
                    pats.prefix.push(star);
                    next
                });
                owned.push((i, ci as u16));
            }
        }
        owned.sort_unstable();
        owned.dedup();
        pats.owned_at = super::wordtrie::range_starts(pats.len(), owned.iter().map(|o| o.0));
        pats.owners = owned.into_iter().map(|(_, c)| c).collect();
        pats
    }

    /// Phrase `i` in search form.
    fn phrase(&self, i: usize) -> &str {
        &self.text[self.at[i] as usize..self.at[i + 1] as usize]
    }

    fn len(&self) -> usize {
        self.prefix.len()
    }
}

impl Vocabulary {
    /// Takes the concepts as they are; nothing is built until a text needs it.
    pub fn new(concepts: Vec<Concept>) -> Vocabulary {
        Vocabulary {
            concepts,
            patterns: std::sync::OnceLock::new(),
            trie: std::sync::OnceLock::new(),
            searched: std::sync::atomic::AtomicUsize::new(0),
            direct: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn patterns(&self) -> &Patterns {
        self.patterns.get_or_init(|| Patterns::new(&self.concepts))
    }

    /// Adds the hit of phrase `p` at `s..e` (a match of its letters) if it keeps to whole
    /// words and has the digits the phrase writes, as the trie's results are filtered.
    fn push_hit(&self, folded: &[u8], p: usize, s: usize, e: usize, out: &mut Vec<Hit>) {
        let pats = self.patterns();
        if pats.digits[p]
            .as_ref()
            .is_some_and(|d| !spelled_at(d, &folded[s..e]))
            || inside_number(pats.phrase(p).as_bytes(), folded, s)
        {
            return;
        }
        if let Some(e) = whole_words(folded, pats.prefix[p], s, e) {
            for &c in &pats.owners[pats.owned_at[p] as usize..pats.owned_at[p + 1] as usize] {
                out.push(Hit {
                    start: s,
                    end: e,
                    concept: c,
                });
            }
        }
    }

    /// Every whole-word phrase occurrence in `folded` (see [`fold`]), sorted by start.
    pub fn hits(&self, folded: &[u8], out: &mut Vec<Hit>) {
        out.clear();
        let total = self
            .searched
            .fetch_add(folded.len(), std::sync::atomic::Ordering::Relaxed)
            + folded.len();
        // The first few very short texts, while nothing is built yet.
        if self.patterns.get().is_none()
            && folded.len() <= DIRECT_TEXT
            && total <= DIRECT_BUDGET
            && self
                .direct
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                < DIRECT_CALLS
            && direct_hits(&self.concepts, folded, out)
        {
            return;
        }
        let pats = self.patterns();
        let trie = self
            .trie
            .get_or_init(|| WordTrie::new((0..pats.len()).map(|i| pats.phrase(i)), &pats.prefix));
        let search = digits_as_zero(folded);
        // The trie knows words by their hash: each phrase it finds is checked letter by letter.
        trie.each(&search, |p, s, e| {
            if search[s..e] == *pats.phrase(p).as_bytes() {
                self.push_hit(folded, p, s, e, out)
            }
        });
        // At one place the longest phrase first: a claim underlines "leaky gut", not "leaky".
        out.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.concept));
        out.dedup();
    }
}

/// Where a match of a phrase's letters at `s..e` ends once it keeps to whole words (a
/// phrase ending in `*` takes in the rest of its last word); `None` when it starts or ends
/// inside a word.
fn whole_words(folded: &[u8], star: bool, s: usize, mut e: usize) -> Option<usize> {
    if s > 0 && is_word_byte(folded[s - 1]) && is_word_byte(folded[s]) {
        return None;
    }
    if star {
        while e < folded.len() && is_word_byte(folded[e]) {
            e += 1;
        }
    } else if e < folded.len() && is_word_byte(folded[e]) && is_word_byte(folded[e - 1]) {
        return None;
    }
    Some(e)
}

/// Every phrase occurrence in a very short text (a triage answer, a heading), read straight
/// from the concepts without building a [`Vocabulary`]: each phrase's first word is compared
/// with the text's few words. Same results as [`Vocabulary::hits`] (a test compares them);
/// `false`, with nothing found, when some phrase does not start with a word byte.
pub fn direct_hits(concepts: &[Concept], folded: &[u8], out: &mut Vec<Hit>) -> bool {
    out.clear();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if is_word_byte(folded[i]) && (i == 0 || !is_word_byte(folded[i - 1])) {
            let mut e = i;
            while e < folded.len() && is_word_byte(folded[e]) {
                e += 1;
            }
            words.push((i, e));
            i = e;
        } else {
            i += 1;
        }
    }
    // Which (first byte, length) the text's words have, so that most phrases are passed
    // over with one look: a phrase's first word must start and be as long as one of them
    // (a `?` stands for any digit; a one-word phrase ending in `*` may be shorter).
    const LONG: usize = 31;
    let mut starts = [[false; LONG + 1]; 256];
    for &(s, e) in &words {
        let len = (e - s).min(LONG);
        starts[usize::from(folded[s])][len] = true;
        if folded[s].is_ascii_digit() {
            starts[usize::from(b'?')][len] = true;
        }
    }
    let any_len: [bool; 256] = std::array::from_fn(|b| starts[b].contains(&true));
    for (ci, c) in concepts.iter().enumerate() {
        for p in &c.phrases {
            let (body, star) = match p.strip_suffix('*') {
                Some(b) => (b.as_bytes(), true),
                None => (p.as_bytes(), false),
            };
            if body.first().is_none_or(|&b| !is_phrase_word_byte(b)) {
                out.clear();
                return false;
            }
            if !any_len[usize::from(body[0])] {
                continue;
            }
            let first = body
                .iter()
                .position(|&b| !is_phrase_word_byte(b))
                .unwrap_or(body.len());
            let open = star && first == body.len();
            if !open && !starts[usize::from(body[0])][first.min(LONG)] {
                continue;
            }
            for &(s, e) in &words {
                let word = &folded[s..e];
                let found = if open {
                    spelled_at(body, word)
                } else {
                    word.len() == first
                        && spelled_at(&body[..first], word)
                        && spelled_at(body, &folded[s..])
                };
                if found
                    && !inside_number(body, folded, s)
                    && let Some(end) = whole_words(folded, star, s, s + body.len())
                {
                    out.push(Hit {
                        start: s,
                        end,
                        concept: ci as u16,
                    });
                }
            }
        }
    }
    out.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.concept));
    out.dedup();
    true
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
        // A hyphen at an edge is no space there.
        assert_eq!(expand("zonk-").unwrap(), ["zonk"]);
        assert_eq!(expand(" -zonk ").unwrap(), ["zonk"]);
        assert_eq!(expand("- {a,b}").unwrap(), ["a", "b"]);
        assert!(expand(&"very ".repeat(40)).is_ok());
        assert!(expand(&"very ".repeat(41)).is_err());
        assert!(expand(&format!("{}{{a,b}}", "very ".repeat(40))).is_err());
        assert_eq!(expand("permeab*").unwrap(), ["permeab*"]);
        assert!(expand("a{b").is_err());
        assert!(expand("a}b").is_err());
        assert!(expand("a*b").is_err());
        assert!(expand("{a,{b}}").is_err());
        assert!(expand("  ").is_err());
    }

    #[test]
    fn repeats_are_dropped_and_the_first_kept_in_place() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            first_of_each(list(&["b", "a", "b", "c", "a", "d"])),
            list(&["b", "a", "c", "d"])
        );
        assert_eq!(first_of_each(list(&["x"])), list(&["x"]));
        assert_eq!(expand("gut{,,s} {a,a}").unwrap(), ["gut a", "guts a"]);
    }

    fn concept(id: &str, phrases: &[&str]) -> Concept {
        Concept {
            id: id.into(),
            phrases: phrases.iter().flat_map(|p| expand(p).unwrap()).collect(),
            ..Default::default()
        }
    }

    /// What `v` finds in `text`, as (the text found, concept index).
    fn found<'t>(v: &Vocabulary, text: &'t str) -> Vec<(&'t str, u16)> {
        let mut hits = Vec::new();
        v.hits(&fold(text), &mut hits);
        hits.iter()
            .map(|h| (&text[h.start..h.end], h.concept))
            .collect()
    }

    #[test]
    fn finds_whole_words_and_prefixes() {
        let v = Vocabulary::new(vec![
            concept("barrier", &["leaky gut", "permeab*"]),
            concept("repair", &["heal{,s,ed,ing}"]),
        ]);
        let text = "Health: Leaky-gut healing; permeability healthy heal";
        let got = found(&v, text);
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

    #[test]
    fn a_hyphen_at_the_edge_of_a_phrase_still_finds_it_between_words() {
        let v = Vocabulary::new(vec![concept("barrier", &["zonk-", "-zork"])]);
        // Past the direct reading of the first short texts: the trie reads this one.
        v.patterns();
        assert_eq!(
            found(&v, "your zonk is healed, zork too"),
            [("zonk", 0), ("zork", 0)]
        );
    }

    #[test]
    fn a_question_mark_in_a_phrase_is_an_error() {
        assert!(expand("really?").is_err());
    }

    #[test]
    fn a_written_digit_must_be_in_the_text_and_a_hash_is_any_number() {
        let v = Vocabulary::new(vec![
            concept("span", &["# days"]),
            concept("long", &["{7,8,9}# days", "{3,4,5,6,7,8,9} months"]),
        ]);
        for (text, want) in [
            ("in 7 days", vec![("7 days", 0)]),
            ("in 30 days", vec![("30 days", 0)]),
            ("in 90 days", vec![("90 days", 0), ("90 days", 1)]),
            ("in 700 days", vec![("700 days", 0), ("700 days", 1)]),
            ("in 69 days", vec![("69 days", 0)]),
            ("for 2 months, then 3 months", vec![("3 months", 1)]),
            ("a 2-90 days range", vec![("90 days", 0), ("90 days", 1)]),
            ("in 1,000 days", vec![]),
            ("in 1.5 months", vec![]),
        ] {
            assert_eq!(found(&v, text), want, "{text}");
            let folded = fold(text);
            let mut hits = Vec::new();
            v.hits(&folded, &mut hits);
            let mut direct = Vec::new();
            assert!(direct_hits(&v.concepts, &folded, &mut direct));
            assert_eq!(direct, hits, "{text}");
        }
    }

    #[test]
    fn letters_beyond_ascii_match_in_any_case() {
        // A rule base in another language: its phrases and the text are folded alike.
        let v = Vocabulary::new(vec![concept(
            "barrier",
            &["durchlässig{,er} darm", "ÉCZÉMA"],
        )]);
        for (text, want) in [
            ("Ein DURCHLÄSSIGER Darm – sagt man.", "DURCHLÄSSIGER Darm"),
            ("L’Éczéma dit tout", "Éczéma"),
            ("écZÉma", "écZÉma"),
        ] {
            let norm = crate::matcher::normalize(text);
            let mut hits = Vec::new();
            v.hits(&fold(&norm.text), &mut hits);
            assert_eq!(hits.len(), 1, "{text}");
            let (s, e) = (norm.orig(hits[0].start), norm.orig(hits[0].end));
            assert_eq!(&text[s..e], want);
        }
    }

    #[test]
    fn the_trie_and_the_direct_reading_find_what_an_automaton_finds() {
        // The built-in concepts and claim examples, read here rather than through the loader
        // (which depends on the matcher).
        let file = |name: &str| -> toml::Table {
            let (_, text) = crate::embedded::BUILT_IN
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap();
            toml::from_str(text).unwrap()
        };
        let strings = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        let concepts: Vec<Concept> = file("concepts.toml")["concept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let written = strings(c.get("phrases"));
                let mut phrases: Vec<String> = Vec::new();
                for p in &written {
                    for x in expand(p).unwrap() {
                        if !phrases.contains(&x) {
                            phrases.push(x);
                        }
                    }
                }
                Concept {
                    id: c["id"].as_str().unwrap().to_string(),
                    about: String::new(),
                    written,
                    phrases: phrases.into_iter().collect(),
                    anchor: c.get("anchor").and_then(toml::Value::as_bool) == Some(true),
                    scare_quotes: c.get("scare-quotes").and_then(toml::Value::as_bool)
                        == Some(true),
                }
            })
            .collect();
        let v = Vocabulary::new(concepts.clone());
        let pats = v.patterns();
        // The phrases' bytes in an Aho-Corasick automaton, every match kept to whole words:
        // what "a phrase occurs here" means, and what the trie must find.
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build((0..pats.len()).map(|i| pats.phrase(i)))
            .unwrap();
        let by_automaton = |folded: &[u8]| {
            let mut hits = Vec::new();
            for m in automaton.find_overlapping_iter(&*digits_as_zero(folded)) {
                v.push_hit(
                    folded,
                    m.pattern().as_usize(),
                    m.start(),
                    m.end(),
                    &mut hits,
                );
            }
            hits.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.concept));
            hits.dedup();
            hits
        };
        let mut texts: Vec<String> = Vec::new();
        for c in file("claims.toml")["claim"].as_array().unwrap() {
            let examples = c.get("examples");
            texts.extend(strings(examples.and_then(|e| e.get("match"))));
            texts.extend(strings(examples.and_then(|e| e.get("no-match"))));
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus-dev");
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                let t = std::fs::read_to_string(p).unwrap();
                texts.extend(t.split("\n\n").map(str::to_string));
                texts.push(t);
            }
        }
        // Every phrase in running text, and again with its edges and spaces disturbed: glued
        // to a word, spaces doubled, commas between its words, a last word that goes on.
        let spelled: Vec<String> = (0..pats.len())
            .map(|i| pats.phrase(i).replace('0', "7"))
            .collect();
        for chunk in spelled.chunks(150) {
            for variant in [
                |p: &str| format!("so {p} too."),
                |p: &str| format!("x{p} {p}x"),
                |p: &str| format!("{p}s, ({p}) -{p}- 1,{p} 1.{p}"),
                |p: &str| p.replace(' ', "  "),
                |p: &str| p.replace(' ', ", "),
                |p: &str| p.replace(' ', " \n"),
            ] {
                texts.push(
                    chunk
                        .iter()
                        .map(|p| variant(p))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
        }
        assert!(texts.len() > 1500);
        let mut found = 0;
        // The disturbed phrases also as they are, before `normalize` evens out their spaces.
        let raw = texts.len() - spelled.chunks(150).len() * 6..texts.len();
        let unnormalized = texts[raw].iter().map(|t| (t, fold(t)));
        for (t, folded) in texts
            .iter()
            .map(|t| (t, fold(&crate::matcher::normalize(t).text)))
            .chain(unnormalized)
        {
            let want = by_automaton(&folded);
            let mut by_trie = Vec::new();
            v.hits(&folded, &mut by_trie);
            assert_eq!(by_trie, want, "{t}");
            found += want.len();
            if folded.len() <= DIRECT_TEXT {
                let mut direct = Vec::new();
                assert!(direct_hits(&concepts, &folded, &mut direct));
                assert_eq!(direct, want, "{t}");
            }
        }
        // The comparison is not of two empty lists.
        assert!(found > 100_000, "{found}");
    }
}
