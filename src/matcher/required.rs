//! The words a pattern cannot match without: worked out once per pattern, so that a text
//! is searched only with the patterns it could match (see [`super::pattern::Gate`]).
//!
//! A pattern such as `\bheal\w*\b.{0,40}\b(?:gut|lining)\b` needs `heal` *and* one of
//! `gut`, `lining` somewhere in the text. The requirement is a list of clauses, all of
//! which must hold; a clause holds when one of its literals occurs (ignoring ASCII case).
//! It is worked out from the parsed pattern:
//! - a literal requires itself (its first [`MAX_LITERAL`] bytes);
//! - a sequence requires what each of its parts requires;
//! - a repetition requires what its body requires if it repeats at least once, else
//!   nothing;
//! - an alternation requires one clause: for each branch, its most selective clause, all
//!   joined (whichever branch matches, one of those literals is there); nothing if a branch
//!   requires nothing;
//! - classes, `.` and assertions require nothing.
//!
//! Every step only weakens the requirement, so a text that fails it cannot match the
//! pattern. Shared with `build.rs`, which works the clauses out for the built-in rule base
//! at build time (parsing every pattern costs about 15 ms, most of a scripted triage).

use regex_syntax::hir::{Hir, HirKind};

/// A literal is cut to this many bytes: enough to tell words apart.
pub const MAX_LITERAL: usize = 8;
/// A clause with more literals than this is dropped (it would hold for almost any text).
const MAX_CLAUSE: usize = 200;
/// Clauses kept per pattern, the most selective first.
const MAX_CLAUSES: usize = 6;

/// One requirement: any of these literals (lower case).
pub type Clause = Vec<Vec<u8>>;

/// The clauses a text must satisfy to match `pattern`; empty when any text could match
/// (or the pattern does not parse: it is reported elsewhere).
pub fn required(pattern: &str) -> Vec<Clause> {
    // Parsed case-sensitively: the literals are looked for ignoring ASCII case anyway, and
    // folding case would turn each letter into a class.
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    let mut clauses: Vec<Clause> = walk(&hir)
        .into_iter()
        // A clause that a single letter or a space satisfies holds for nearly any text.
        .filter(|c| c.iter().all(|l| l.trim_ascii().len() >= 2))
        .collect();
    clauses.sort_by_key(|c| std::cmp::Reverse(selectivity(c)));
    clauses.dedup();
    clauses.truncate(MAX_CLAUSES);
    clauses
}

/// Larger is rarer: longer shortest literal, fewer literals.
fn selectivity(c: &Clause) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = c.iter().map(Vec::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(c.len()))
}

fn walk(h: &Hir) -> Vec<Clause> {
    match h.kind() {
        HirKind::Literal(lit) => {
            let b = lit.0.to_ascii_lowercase();
            vec![vec![b[..b.len().min(MAX_LITERAL)].to_vec()]]
        }
        HirKind::Capture(c) => walk(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => walk(&r.sub),
        HirKind::Concat(parts) => parts.iter().flat_map(walk).collect(),
        HirKind::Alternation(branches) => {
            let mut joined: Clause = Vec::new();
            for b in branches {
                let Some(best) = walk(b).into_iter().max_by_key(selectivity) else {
                    return Vec::new();
                };
                joined.extend(best);
            }
            joined.sort();
            joined.dedup();
            if joined.len() > MAX_CLAUSE {
                return Vec::new();
            }
            vec![joined]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(p: &str) -> Vec<Vec<String>> {
        required(p)
            .into_iter()
            .map(|c| {
                c.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn sequences_require_each_part_and_alternations_one_branch() {
        assert_eq!(
            words(r"\bHeal\w*\b.{0,40}?\b(?:gut|lining)s?\b"),
            [vec!["heal"], vec!["gut", "lining"]]
        );
    }

    #[test]
    fn optional_parts_and_open_branches_require_nothing() {
        assert_eq!(words(r"(?:zonulin)?\w+"), Vec::<Vec<String>>::new());
        assert_eq!(words(r"zonulin|\w+"), Vec::<Vec<String>>::new());
        assert_eq!(words(r"zonulin|(?:\d+ )?days"), [vec!["days", "zonulin"]]);
    }

    #[test]
    fn long_literals_are_cut_and_weak_clauses_dropped() {
        assert_eq!(words(r"permeability|a"), Vec::<Vec<String>>::new());
        assert_eq!(words(r"intestinal permeability"), [vec!["intestin"]]);
    }
}
