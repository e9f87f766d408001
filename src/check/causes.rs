//! causes.toml: the established causes worth raising with a clinician.

use std::collections::BTreeSet;

use super::conditions::condition;
use super::ids::{Seen, nonempty};
use super::sources::cited;
use super::{Ctx, Src, raw};
use crate::rules::{Cause, Question};

pub(super) fn check(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    f: raw::CausesFile,
    questions: &[Question],
    source_ids: &BTreeSet<String>,
) -> Vec<Cause> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for c in f.cause {
        seen.check(ctx, src, &c.id, "cause");
        let id = c.id.get_ref().clone();
        for (field, v) in [
            ("name", &c.name),
            ("about", &c.about),
            ("check", &c.check),
            ("who", &c.who),
        ] {
            nonempty(ctx, src, &id, field, v);
        }
        let when = condition(ctx, src, &id, questions, &c.when, c.unless.as_ref());
        let sources = cited(ctx, src, &id, source_ids, &c.sources);
        out.push(Cause {
            id,
            name: c.name.into_inner(),
            about: c.about.into_inner(),
            check: c.check.into_inner(),
            who: c.who.into_inner(),
            when,
            sources,
        });
    }
    out
}
