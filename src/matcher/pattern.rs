//! Rule patterns: how they are compiled, and which of them a text could match at all.
//!
//! Semantics (the same for every engine): case-insensitive for ASCII letters; `\w`, `\d`,
//! `\s` and `\b` are ASCII; `.` matches anything but a line break. Texts are normalised
//! first (quotes, dashes and white space made plain), so almost every text is ASCII.
//!
//! Two engines, chosen per call:
//! - `regex-automata`'s lazy DFAs (the engine inside `regex`), on bytes: fast on long
//!   texts, but a claim pattern costs 0.2 to 0.6 ms to compile;
//! - `regex-lite`: compiles about ten times faster and matches more slowly. It serves short
//!   ASCII texts (the triage's free-text answer, a one-line file) until a pattern has
//!   searched [`LITE_BUDGET`] bytes with it. On ASCII text both engines give the same
//!   matches (tested); on other text only the DFAs are used.
//!
//! [`Gate`] keeps patterns from running (or being compiled) on text that cannot match
//! them: each pattern requires a few words (`heal` and one of `gut`, `lining`, …; see
//! [`super::required`]), and one Aho-Corasick pass over the text finds which occur.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;

pub use super::required::{Clause, required};
use crate::rules::validate::REGEX_SIZE_LIMIT;

/// Texts up to this long may use the quick-to-compile engine.
pub const SHORT_TEXT: usize = 2048;
/// Bytes a pattern searches with the quick-to-compile engine before it is compiled to a
/// DFA: `regex-lite` searches about 3 KB per pattern in the time `regex` takes to compile
/// one, and a pattern that keeps being needed is better compiled early.
pub const LITE_BUDGET: usize = 1024;
/// Bytes [`Literals`] searches one literal at a time before it builds its automaton.
const NAIVE_BUDGET: usize = 2048;
/// Cache of each pattern's lazy DFA. Patterns with bounded gaps (`[^.!?]{0,60}`) reach many
/// DFA states; above this, the cache is cleared and refilled (slower, but memory stays bounded).
const DFA_CACHE: usize = 1024 * 1024;

/// Compiles `pattern` with the scanning engine: a lazy DFA, without the literal prefilter
/// that `regex` adds (finding its literals takes most of a compilation, about 0.5 ms per
/// pattern, and the [`Gate`] has already done that job).
pub fn build_bytes(pattern: &str) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Regex::builder()
        .syntax(
            syntax::Config::new()
                .case_insensitive(true)
                .unicode(false)
                .utf8(false),
        )
        .configure(
            meta::Config::new()
                .auto_prefilter(false)
                .utf8_empty(false)
                // Only where matches are, never what groups caught.
                .which_captures(WhichCaptures::Implicit)
                .onepass(false)
                .backtrack(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_CACHE),
        )
        .build(pattern)
        .map_err(Box::new)
}

/// Compiles `pattern` with the short-text engine.
pub fn build_lite(pattern: &str) -> Result<regex_lite::Regex, regex_lite::Error> {
    regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// Checks that `pattern` compiles with both engines; the error says why not.
pub fn check(pattern: &str) -> Result<(), String> {
    build_checked(pattern).map(drop)
}

/// The scanning engine's regex for `pattern`, once the pattern is known to compile with
/// both engines.
fn build_checked(pattern: &str) -> Result<meta::Regex, String> {
    let re = build_bytes(pattern).map_err(|e| {
        if let Some(syntax) = e.syntax_error() {
            // The parser's own message points at the problem in the pattern.
            syntax.to_string()
        } else if let Some(limit) = e.size_limit() {
            format!(
                "compiled, the pattern exceeds the size limit of {} KiB; use smaller repetition counts",
                limit / 1024
            )
        } else {
            e.to_string()
        }
    })?;
    build_lite(pattern).map_err(|e| e.to_string())?;
    Ok(re)
}

/// The built-in rule base's patterns with their clauses, worked out by `build.rs`.
static BUILTIN: &[(&str, &[&[&[u8]]])] = include!(concat!(env!("OUT_DIR"), "/builtin_required.rs"));

/// [`required`] clauses, looked up for the built-in patterns and worked out for others.
fn clauses(pattern: &str) -> Vec<Clause> {
    static TABLE: OnceLock<HashMap<&str, &[&[&[u8]]]>> = OnceLock::new();
    let table = TABLE.get_or_init(|| BUILTIN.iter().copied().collect());
    match table.get(pattern) {
        Some(known) => known
            .iter()
            .map(|c| c.iter().map(|l| l.to_vec()).collect())
            .collect(),
        None => required(pattern),
    }
}

/// One pattern, compiled by each engine the first time that engine needs it.
pub struct Pattern {
    source: String,
    bytes: OnceLock<Option<meta::Regex>>,
    lite: OnceLock<Option<regex_lite::Regex>>,
    /// Bytes searched with `lite` so far.
    lite_used: AtomicUsize,
}

impl Pattern {
    pub fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            bytes: OnceLock::new(),
            lite: OnceLock::new(),
            lite_used: AtomicUsize::new(0),
        }
    }

    /// The pattern as written in the rule base.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Compiles the scanning engine now; the error says why it does not compile.
    pub fn compile(&self) -> Result<(), String> {
        let re = build_checked(&self.source)?;
        let _ = self.bytes.set(Some(re));
        Ok(())
    }

    fn use_lite(&self, text: &str) -> bool {
        self.bytes.get().is_none()
            && text.len() <= SHORT_TEXT
            && text.is_ascii()
            && self.lite_used.fetch_add(text.len(), Ordering::Relaxed) + text.len() <= LITE_BUDGET
    }

    fn lite(&self) -> Option<&regex_lite::Regex> {
        self.lite
            .get_or_init(|| build_lite(&self.source).ok())
            .as_ref()
    }

    fn bytes(&self) -> Option<&meta::Regex> {
        self.bytes
            .get_or_init(|| build_bytes(&self.source).ok())
            .as_ref()
    }

    /// Calls `f` with each non-empty match in `text`, in order (byte ranges on character
    /// boundaries).
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(Range<usize>)) {
        if self.use_lite(text) {
            if let Some(re) = self.lite() {
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .for_each(|m| f(m.range()));
            }
        } else if let Some(re) = self.bytes() {
            for m in re.find_iter(text.as_bytes()) {
                if !m.is_empty() {
                    f(char_range(text, m.range()));
                }
            }
        }
    }

    /// Whether `text` holds a match.
    pub fn is_match(&self, text: &str) -> bool {
        if self.use_lite(text) {
            self.lite().is_some_and(|re| re.is_match(text))
        } else {
            self.bytes().is_some_and(|re| re.is_match(text.as_bytes()))
        }
    }
}

/// `r` widened to character boundaries (a byte pattern may start or end inside a character).
fn char_range(text: &str, r: Range<usize>) -> Range<usize> {
    let (mut s, mut e) = (r.start, r.end);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

/// Literals to look for in texts, ignoring ASCII case. Short texts are searched for one
/// literal after another, until building an Aho-Corasick automaton (about 1 ms for a few
/// hundred literals) pays: a triage's one sentence never needs it, a scan soon does.
pub struct Literals {
    list: Vec<Vec<u8>>,
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Bytes searched one literal at a time so far.
    naive_used: AtomicUsize,
}

impl Literals {
    /// `list` in lower case.
    pub fn new(list: Vec<Vec<u8>>) -> Literals {
        Literals {
            list,
            automaton: OnceLock::new(),
            naive_used: AtomicUsize::new(0),
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Calls `f(i)` for each literal `i` found in `text` (possibly more than once).
    pub fn each_present(&self, text: &str, mut f: impl FnMut(usize)) {
        let naive = self.automaton.get().is_none()
            && text.len() <= SHORT_TEXT
            && self.naive_used.fetch_add(text.len(), Ordering::Relaxed) + text.len()
                <= NAIVE_BUDGET;
        if naive {
            return self.each_present_one_by_one(text, f);
        }
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&self.list)
                .ok()
        });
        match automaton {
            Some(ac) => ac
                .find_overlapping_iter(text)
                .for_each(|m| f(m.pattern().as_usize())),
            // Too large to build (not with rule files of bounded size): search one by one.
            None => self.each_present_one_by_one(text, f),
        }
    }

    fn each_present_one_by_one(&self, text: &str, mut f: impl FnMut(usize)) {
        let lower = text.as_bytes().to_ascii_lowercase();
        for (i, l) in self.list.iter().enumerate() {
            if memchr::memmem::find(&lower, l).is_some() {
                f(i);
            }
        }
    }
}

/// Which of a list of patterns a text could match, from the words each one requires
/// (see [`super::required`]).
pub struct Gate {
    /// Every literal of every clause, once.
    literals: Literals,
    /// For each pattern, its clauses as literal numbers.
    clauses: Vec<Vec<Vec<usize>>>,
}

impl Gate {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Gate {
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let clauses = patterns
            .into_iter()
            .map(|p| {
                clauses(p)
                    .into_iter()
                    .map(|clause| {
                        clause
                            .into_iter()
                            .map(|l| {
                                *index.entry(l).or_insert_with_key(|l| {
                                    literals.push(l.clone());
                                    literals.len() - 1
                                })
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Gate {
            literals: Literals::new(literals),
            clauses,
        }
    }

    /// Which patterns `text` could match: `out[i]` for pattern `i`.
    pub fn candidates(&self, text: &str) -> Vec<bool> {
        let mut present = vec![false; self.literals.len()];
        self.literals.each_present(text, |i| present[i] = true);
        self.clauses
            .iter()
            .map(|cs| cs.iter().all(|c| c.iter().any(|&l| present[l])))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_marks_only_patterns_whose_required_words_occur() {
        let g = Gate::new([r"\bzonulin\b", r"\bheal(?:s|ing)?\b.*\bgut", r"\w+"]);
        assert_eq!(g.candidates("a ZONULIN test"), [true, false, true]);
        assert_eq!(g.candidates("heals the Gut"), [false, true, true]);
        assert_eq!(g.candidates("heals"), [false, false, true]);
    }

    #[test]
    fn literals_found_one_by_one_or_by_the_automaton_agree() {
        let list = vec![
            b"heal".to_vec(),
            b"gut".to_vec(),
            b"zonulin".to_vec(),
            b"in ".to_vec(),
        ];
        let found = |l: &Literals, t: &str| {
            let mut v = Vec::new();
            l.each_present(t, |i| v.push(i));
            v.sort_unstable();
            v.dedup();
            v
        };
        let warm = Literals::new(list.clone());
        // A long text builds the automaton at once.
        warm.each_present(&"x".repeat(SHORT_TEXT + 1), |_| {});
        assert!(warm.automaton.get().is_some());
        for t in [
            "Heal the GUT",
            "zonulin in blood",
            "nothing",
            "guT heaLing in",
        ] {
            let naive = Literals::new(list.clone());
            assert_eq!(found(&naive, t), found(&warm, t), "{t}");
            assert!(
                naive.automaton.get().is_none(),
                "a short text is searched one by one"
            );
        }
        assert_eq!(found(&warm, "guT heaLing in "), [0, 1, 3]);
    }

    #[test]
    fn byte_matches_are_widened_to_characters() {
        let p = Pattern::new(r"gut.");
        let text = "gut\u{e9} gut\u{e9}".repeat(SHORT_TEXT);
        let mut spans = Vec::new();
        p.for_each_match(&text, |r| spans.push(r));
        assert!(!spans.is_empty());
        for r in spans {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn engines_agree_and_switch_after_the_budget() {
        let p = Pattern::new(r"\bheal(?:s|ed)?\b.{0,20}?\bgut\b");
        let text = "It heals the gut fast. It HEALED a gut. heal gut";
        let mut first = Vec::new();
        p.for_each_match(text, |r| first.push(r));
        assert!(p.bytes.get().is_none(), "short ASCII text uses regex-lite");
        let mut rounds = 0;
        while p.bytes.get().is_none() {
            let mut again = Vec::new();
            p.for_each_match(text, |r| again.push(r));
            assert_eq!(again, first);
            rounds += 1;
        }
        assert!(rounds * text.len() >= LITE_BUDGET - text.len());
        assert_eq!(first.len(), 3);
    }
}

#[cfg(test)]
mod builtin {
    use super::*;
    use crate::rules::load_builtin;

    #[test]
    fn the_build_time_table_holds_every_built_in_pattern_as_worked_out_now() {
        let rb = load_builtin(Default::default()).unwrap();
        let all = rb
            .claims
            .iter()
            .flat_map(|c| c.patterns.iter().chain(&c.refute))
            .chain(&rb.refute);
        let mut n = 0;
        for p in all {
            assert!(BUILTIN.iter().any(|(s, _)| s == p), "{p} is in the table");
            assert_eq!(clauses(p), required(p), "{p}");
            n += 1;
        }
        assert!(n > 100, "{n} patterns");
    }
}
