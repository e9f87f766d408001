//! guidance.toml: advice shown when its condition holds.

use std::collections::BTreeSet;

use super::conditions::condition;
use super::ids::{Seen, nonempty};
use super::sources::cited;
use super::{Ctx, Src, raw};
use crate::rules::{Guidance, Question};

pub(super) fn check(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    f: raw::GuidanceFile,
    questions: &[Question],
    source_ids: &BTreeSet<String>,
) -> Vec<Guidance> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for g in f.guidance {
        seen.check(ctx, src, &g.id, "guidance entry");
        let id = g.id.get_ref().clone();
        nonempty(ctx, src, &id, "title", &g.title);
        nonempty(ctx, src, &id, "text", &g.text);
        let when = condition(ctx, src, &id, questions, &g.when, g.unless.as_ref());
        let sources = cited(ctx, src, &id, source_ids, &g.sources);
        out.push(Guidance {
            id,
            title: g.title.into_inner(),
            text: g.text.into_inner(),
            when,
            sources,
            routine: g.routine,
        });
    }
    out
}
