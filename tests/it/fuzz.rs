//! Hostile input, fuzzed with proptest: arbitrary bytes as answers files, mangled rule files,
//! and arbitrary text through the claim matcher. Nothing may panic or hang; errors must say
//! where they are. CI runs PROPTEST_CASES cases (256 by default); see the README to run more.

use gutcheck::loader::{LoadOptions, load};
use gutcheck::matcher::normalize;
use gutcheck::rules::Origin;
use proptest::prelude::*;

use crate::common::{matcher, rb};

/// A mutation of one file: delete a range, insert bytes, or overwrite bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Overwrite(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..40),
        // TOML-ish fragments are more likely to get past the parser and into validation.
        proptest::sample::select(vec![
            b"\"".to_vec(),
            b"[[claim]]\n".to_vec(),
            b"id = \"celiac\"\n".to_vec(),
            b"when = [ { nope = \"x\" } ]".to_vec(),
            b"'(unclosed'".to_vec(),
            b"\n".to_vec(),
            b"\xff\xfe".to_vec(),
            b"]]".to_vec(),
        ]),
    ];
    prop_oneof![
        (any::<usize>(), 1usize..200).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), bytes.clone()).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), bytes).prop_map(|(a, b)| Mutation::Overwrite(a, b)),
    ]
}

fn apply(text: &str, m: &Mutation) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    match m {
        Mutation::Delete(at, n) => {
            let at = at % (b.len() + 1);
            let end = (at + n).min(b.len());
            b.drain(at..end);
        }
        Mutation::Insert(at, bytes) => {
            let at = at % (b.len() + 1);
            b.splice(at..at, bytes.iter().copied());
        }
        Mutation::Overwrite(at, bytes) => {
            let at = at % (b.len() + 1);
            for (i, x) in bytes.iter().enumerate() {
                if let Some(slot) = b.get_mut(at + i) {
                    *slot = *x;
                }
            }
        }
    }
    b
}

/// Whole scans compile the claim patterns each time (slow in a debug build): a tenth of
/// PROPTEST_CASES, at least 16.
fn scan_cases() -> u32 {
    let n: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    (n / 10).max(16)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(scan_cases()))]

    #[test]
    fn the_scanner_takes_arbitrary_bytes_without_panicking(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
        sprinkle in proptest::sample::select(vec![
            &b""[..],
            b"heal your leaky gut in 14 days. ",
            b"\n\n# Myth\n\nzonulin proves leaky gut\n",
            b"<p>seals the <em>gut</em>\nlining</p>",
        ]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.txt");
        let mut data = bytes.clone();
        let at = data.len() / 2;
        data.splice(at..at, sprinkle.iter().copied());
        std::fs::write(&path, &data).unwrap();
        for format in [gutcheck::scan::ScanFormat::Text, gutcheck::scan::ScanFormat::Jsonl] {
            let opts = gutcheck::scan::ScanOptions {
                format,
                all: true,
                style: gutcheck::render::Style::plain(),
            };
            let mut out = Vec::new();
            let totals = gutcheck::scan::run(rb(), std::slice::from_ref(&path), &opts, &mut out).unwrap();
            prop_assert_eq!(totals.errors, 0);
            if format == gutcheck::scan::ScanFormat::Jsonl {
                for line in String::from_utf8(out).unwrap().lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    prop_assert!(v["line"].as_u64().unwrap() >= 1);
                    prop_assert!(v["column"].as_u64().unwrap() >= 1);
                }
            }
        }
    }
}

proptest! {
    #[test]
    fn answers_files_of_arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(text) = gutcheck::input::decode("<fuzz>", bytes) {
            let _ = gutcheck::answers_file::parse("<fuzz>", &text, rb());
        }
    }

    #[test]
    fn mangled_rule_files_are_rejected_with_a_location_never_a_panic(
        which in 0usize..7,
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut files = gutcheck::embedded::files();
        let mut bytes = files[which].1.clone().into_bytes();
        for m in &muts {
            bytes = apply(&String::from_utf8_lossy(&bytes), m);
        }
        let name = files[which].0.clone();
        match gutcheck::input::decode(&name, bytes) {
            Err(e) => prop_assert!(!e.to_string().is_empty()),
            Ok(text) => {
                files[which].1 = text;
                // Compiling every regex is slow in a debug build: only when claims.toml changed.
                let opts = LoadOptions {
                    check_patterns: name == "claims.toml",
                    ..Default::default()
                };
                if let Err(diags) = load(Origin::BuiltIn, &files, opts) {
                    prop_assert!(!diags.is_empty());
                    for d in diags {
                        prop_assert!(d.file.starts_with("<built-in>/"));
                        prop_assert!(!d.to_string().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn the_matcher_never_panics_and_spans_map_back_to_the_input(s in "\\PC{0,400}|[<>*_#\\[\\]()&;.!? \\n\\u{a0}\\u{2019}a-z]{0,400}") {
        let norm = normalize(&s);
        // Every normalised offset maps into the original, in order.
        let mut last = 0;
        for i in 0..=norm.text.len() {
            let o = norm.orig(i);
            prop_assert!(o <= s.len());
            prop_assert!(o >= last, "offsets go back at {}", i);
            last = o;
        }
        prop_assert_eq!(norm.orig(norm.text.len()), s.len());
        for hit in matcher().find(&norm.text) {
            prop_assert!(norm.text.get(hit.span.clone()).is_some());
            let orig = norm.original(hit.span.clone());
            prop_assert!(s.get(orig).is_some(), "span does not slice the original");
        }
    }

    #[test]
    fn claim_text_wrapped_in_markup_is_still_found(
        open in proptest::sample::select(vec!["", "**", "<em>", "<p>", "_", "> "]),
        sep in proptest::sample::select(vec![" ", "\n", "\u{a0}", "  \n  ", " <br> "]),
    ) {
        let close = match open { "<em>" => "</em>", "<p>" => "</p>", "> " => "", o => o };
        let text = format!("{open}Heal your leaky gut{close}{sep}in just 14 days!");
        let norm = normalize(&text);
        let found: Vec<&str> = matcher()
            .find(&norm.text)
            .iter()
            .filter(|h| !h.refuted)
            .map(|h| rb().claims[h.claim].id.as_str())
            .collect();
        prop_assert!(found.contains(&"quick-fix-timeline"), "{:?} in {:?}", found, norm.text);
    }
}
