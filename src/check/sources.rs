//! sources.toml, and the sources every rule cites.

use std::collections::BTreeSet;

use toml::Spanned;

use super::ids::{Seen, nonempty};
use super::{Ctx, Src, codes, raw};
use crate::diag::did_you_mean;
use crate::rules::Source;

pub(super) fn check(ctx: &mut Ctx<'_>, src: Src<'_>, f: raw::SourcesFile) -> Vec<Source> {
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for s in f.source {
        seen.check(ctx, src, &s.id, "source");
        nonempty(ctx, src, s.id.get_ref(), "citation", &s.citation);
        out.push(Source {
            id: s.id.into_inner(),
            citation: s.citation.into_inner(),
        });
    }
    out
}

/// Checks a rule's `sources`: at least one, each defined in sources.toml.
pub(super) fn cited(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    rule: &str,
    known: &BTreeSet<String>,
    sources: &Spanned<Vec<Spanned<String>>>,
) -> Vec<String> {
    if sources.get_ref().is_empty() {
        ctx.err(
            codes::NO_SOURCE,
            src,
            Some(sources.span()),
            Some(rule),
            "no source cited",
            Some("every rule cites at least one source id from sources.toml".into()),
        );
    }
    let mut out = Vec::new();
    for s in sources.get_ref() {
        if !known.contains(s.get_ref()) {
            let help = match did_you_mean(s.get_ref(), known.iter().map(String::as_str)) {
                Some(d) => format!("{d} add the citation to sources.toml if it is new"),
                None => "add the citation to sources.toml, or cite an existing source id".into(),
            };
            ctx.err(
                codes::UNKNOWN_SOURCE,
                src,
                Some(s.span()),
                Some(rule),
                format!("unknown source `{}`", s.get_ref()),
                Some(help),
            );
        }
        out.push(s.get_ref().clone());
    }
    out
}
