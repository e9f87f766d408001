//! red-flags.toml: the alarm features, how soon each needs care, and the phrases that
//! mention one in the free-text answer.

use std::collections::BTreeSet;

use super::conditions::condition;
use super::ids::{Seen, nonempty};
use super::sources::cited;
use super::{Ctx, Src, codes, raw};
use crate::matcher::vocabulary::expand;
use crate::rules::{Disposition, Question, RedFlag};

pub(super) fn check(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    f: raw::RedFlagsFile,
    questions: &[Question],
    source_ids: &BTreeSet<String>,
) -> Vec<RedFlag> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for r in f.red_flag {
        seen.check(ctx, src, &r.id, "red flag");
        let id = r.id.get_ref().clone();
        nonempty(ctx, src, &id, "title", &r.title);
        nonempty(ctx, src, &id, "message", &r.message);
        let when = condition(ctx, src, &id, questions, &r.when, None);
        if let Some(u) = &r.unless {
            ctx.err(
                codes::RED_FLAG_UNLESS,
                src,
                Some(u.span()),
                Some(&id),
                "a red flag cannot have `unless`",
                Some("an alarm feature always makes the report urgent, whatever else is answered; remove `unless`".into()),
            );
        }
        let sources = cited(ctx, src, &id, source_ids, &r.sources);
        let disposition = match &r.disposition {
            None => Disposition::Urgent,
            Some(d) => match d.get_ref().as_str() {
                "urgent" => Disposition::Urgent,
                "emergency" => Disposition::Emergency,
                other => {
                    ctx.err(
                        codes::UNKNOWN_DISPOSITION,
                        src,
                        Some(d.span()),
                        Some(&id),
                        format!("unknown disposition `{other}` for a red flag"),
                        Some("a red flag is `urgent` (within days, the default) or `emergency` (same day or emergency care)".into()),
                    );
                    Disposition::Urgent
                }
            },
        };
        let mut mentioned_by = Vec::new();
        for p in &r.mentioned_by {
            match expand(p.get_ref()) {
                Ok(list) => mentioned_by.extend(list),
                Err(why) => ctx.err(
                    codes::BAD_PHRASE,
                    src,
                    Some(p.span()),
                    Some(&id),
                    format!("phrase {:?}: {why}", p.get_ref()),
                    Some(
                        "phrases are written as in concepts.toml (`blood in {my,the} stool{,s}`)"
                            .into(),
                    ),
                ),
            }
        }
        out.push(RedFlag {
            id,
            title: r.title.into_inner(),
            message: r.message.into_inner(),
            when,
            sources,
            disposition,
            mentioned_by,
        });
    }
    out
}
