//! The matcher's shortcuts never change what is found:
//! - the quick-to-compile engine (regex-lite, used for short ASCII texts such as the triage's
//!   free-text answer) finds exactly what the scanning engine (regex-automata's lazy DFAs) finds;
//! - the gate (the words a pattern requires) never holds back a pattern that matches;
//! - a lazily compiled matcher finds what a fully compiled one finds.
//!
//! Checked on every example of the built-in rule base and on generated texts made of the
//! words those examples use.

mod common;

use std::sync::OnceLock;

use gutcheck::matcher::pattern::{Gate, build_bytes, build_lite};
use gutcheck::matcher::{Matcher, normalize};
use proptest::prelude::*;

use common::{matcher, rb};

/// Every claim and refute pattern, compiled by both engines, with one gate over them all.
struct Engines {
    bytes: Vec<regex_automata::meta::Regex>,
    lite: Vec<regex_lite::Regex>,
    gate: Gate,
    sources: Vec<String>,
}

fn engines() -> &'static Engines {
    static E: OnceLock<Engines> = OnceLock::new();
    E.get_or_init(|| {
        let rb = rb();
        let sources: Vec<String> = rb
            .claims
            .iter()
            .flat_map(|c| c.patterns.iter().chain(&c.refute))
            .chain(&rb.refute)
            .cloned()
            .collect();
        Engines {
            bytes: sources.iter().map(|p| build_bytes(p).unwrap()).collect(),
            lite: sources.iter().map(|p| build_lite(p).unwrap()).collect(),
            gate: Gate::new(sources.iter().map(String::as_str)),
            sources,
        }
    })
}

/// Every example sentence of the built-in claims, normalised.
fn examples() -> Vec<String> {
    rb().claims
        .iter()
        .flat_map(|c| {
            c.examples
                .must_match
                .iter()
                .chain(&c.examples.must_not_match)
        })
        .map(|e| normalize(e).text)
        .collect()
}

/// Checks one text; returns how many patterns matched it.
fn check(text: &str) -> Result<usize, TestCaseError> {
    let e = engines();
    let open = e.gate.candidates(text);
    let mut matched = 0;
    for (i, re) in e.bytes.iter().enumerate() {
        let bytes: Vec<_> = re.find_iter(text.as_bytes()).map(|m| m.range()).collect();
        if !bytes.is_empty() {
            matched += 1;
            prop_assert!(
                open[i],
                "the gate holds back pattern {} that matches {text:?}",
                e.sources[i]
            );
        }
        if open[i] && text.is_ascii() {
            let lite: Vec<_> = e.lite[i].find_iter(text).map(|m| m.range()).collect();
            prop_assert_eq!(
                &lite,
                &bytes,
                "engines differ on {} in {:?}",
                e.sources[i],
                text
            );
        }
    }
    Ok(matched)
}

#[test]
fn engines_agree_and_the_gate_lets_every_match_through_on_the_examples() {
    let mut matched = 0;
    for text in examples() {
        matched += check(&text).unwrap();
    }
    // The examples do exercise the patterns (and the check could fail).
    assert!(matched > 150, "only {matched} pattern matches");
}

#[test]
fn a_lazy_matcher_finds_what_a_compiled_one_finds() {
    // A fresh lazy matcher answers the first texts with regex-lite and switches to
    // the DFAs as patterns keep being needed: both phases are covered here.
    let lazy = Matcher::lazy(rb());
    for text in examples() {
        assert_eq!(lazy.find(&text), matcher().find(&text), "{text:?}");
    }
}

/// Texts made of the examples' words in a new order, with some punctuation.
fn mixed_text() -> impl Strategy<Value = String> {
    let words: Vec<String> = examples()
        .iter()
        .flat_map(|t| t.split(' ').map(str::to_string).collect::<Vec<_>>())
        .chain(
            [
                "days", "weeks", "2", "14", "-", ",", ".", "zonulin", "leaky", "gut",
            ]
            .map(String::from),
        )
        .collect();
    proptest::collection::vec(proptest::sample::select(words), 1..40).prop_map(|w| w.join(" "))
}

proptest! {
    #[test]
    fn engines_agree_and_the_gate_lets_every_match_through_on_mixed_text(text in mixed_text()) {
        check(&text)?;
    }
}
