//! concepts.toml: the vocabulary claims are recognised with; and references to concepts.

use toml::Spanned;

use super::ids::{Seen, nonempty};
use super::{Ctx, Src, codes, raw};
use crate::diag::did_you_mean;
use crate::matcher::vocabulary::{expand, first_of_each, is_word_byte};
use crate::rules::Concept;

pub(super) fn check(ctx: &mut Ctx<'_>, src: Src<'_>, f: raw::ConceptsFile) -> Vec<Concept> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for c in f.concept {
        seen.check(ctx, src, &c.id, "concept");
        let id = c.id.get_ref().clone();
        nonempty(ctx, src, &id, "about", &c.about);
        if c.phrases.get_ref().is_empty() {
            ctx.err(
                codes::NO_PHRASES,
                src,
                Some(c.phrases.span()),
                Some(&id),
                "a concept needs at least one phrase",
                Some(
                    "list the words that express it: phrases = [\"leaky gut\", \"gut lining\"]"
                        .into(),
                ),
            );
        }
        let mut phrases = Vec::new();
        for p in c.phrases.get_ref() {
            // Scanning looks for an anchor phrase in every file: it needs a word long enough
            // to be rare ("igg", "gut"), or every "l" or "m" in a text becomes a candidate.
            let expanded = expand(p.get_ref());
            if c.anchor
                && let Ok(list) = &expanded
                && let Some(short) = list.iter().find(|x| {
                    !x.split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| w.chars().count() >= 3)
                })
            {
                ctx.err(
                    codes::SHORT_ANCHOR_PHRASE,
                    src,
                    Some(p.span()),
                    Some(c.id.get_ref()),
                    format!(
                        "anchor phrase {:?} spells {short:?}, which has no word of three letters or more",
                        p.get_ref()
                    ),
                    Some("scan looks for anchor phrases in every text; give it a longer word, or move the phrase to a concept that is not an anchor".into()),
                );
            }
            // Short texts are read word by word, from word starts: a phrase must start with one.
            if let Ok(list) = &expanded
                && let Some(odd) = list.iter().find(|x| {
                    x.bytes()
                        .next()
                        .is_some_and(|b| !is_word_byte(b) && b != b'?')
                })
            {
                ctx.err(
                    codes::BAD_PHRASE,
                    src,
                    Some(p.span()),
                    Some(&id),
                    format!(
                        "phrase {:?} spells {odd:?}, which does not start with a letter or digit",
                        p.get_ref()
                    ),
                    Some("start the phrase with a word: `per cent off`, not `% off`".into()),
                );
            }
            match expanded {
                Ok(list) => phrases.extend(list),
                Err(why) => ctx.err(
                    codes::BAD_PHRASE,
                    src,
                    Some(p.span()),
                    Some(&id),
                    format!("phrase {:?}: {why}", p.get_ref()),
                    Some("a phrase is words; `{a,b}` gives alternatives (`heal{,s,ed,ing}`) and a final `*` any ending (`permeab*`)".into()),
                ),
            }
        }
        // A spelling that two written phrases share is matched once.
        let phrases = first_of_each(phrases);
        out.push(Concept {
            id,
            about: c.about.into_inner(),
            written: c
                .phrases
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            phrases: phrases.into_iter().collect(),
            anchor: c.anchor,
            scare_quotes: c.scare_quotes,
        });
    }
    out
}

/// Checks a concept reference: it must name a concept of `concepts.toml`.
pub(super) fn known_concept(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    ids: &[String],
    c: &Spanned<String>,
) -> bool {
    if ids.iter().any(|i| i == c.get_ref()) {
        return true;
    }
    let help = match did_you_mean(c.get_ref(), ids.iter().map(String::as_str)) {
        Some(d) => format!("{d} concepts are defined in concepts.toml"),
        None => "concepts are defined in concepts.toml (`gutcheck list --format json` shows them)"
            .into(),
    };
    ctx.err(
        codes::UNKNOWN_CONCEPT,
        src,
        Some(c.span()),
        Some(rule),
        format!("unknown concept `{}`", c.get_ref()),
        Some(help),
    );
    false
}
