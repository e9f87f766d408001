//! meta.toml: the rule base's name, version and the texts every report shows.

use super::ids::nonempty;
use super::{Ctx, Src, codes, raw};
use crate::rules::Meta;

pub(super) fn check(ctx: &mut Ctx<'_>, src: Src<'_>, m: raw::MetaFile) -> Meta {
    for (field, v) in [
        ("name", &m.name),
        ("version", &m.version),
        ("disclaimer", &m.disclaimer),
        ("intro", &m.intro),
        ("urgent", &m.urgent),
        ("emergency", &m.emergency),
    ] {
        nonempty(ctx, src, "meta", field, v);
    }
    for (field, v) in [("name", &m.name), ("version", &m.version)] {
        if v.get_ref().contains(['\n', '\r']) {
            ctx.err(
                codes::LINE_BREAK,
                src,
                Some(v.span()),
                Some("meta"),
                format!("`{field}` has a line break"),
                Some(format!(
                    "the {field} is shown on one line (report headers, answers-file comments): write it on one line"
                )),
            );
        }
    }
    Meta {
        name: m.name.into_inner(),
        version: m.version.into_inner(),
        disclaimer: m.disclaimer.into_inner(),
        intro: m.intro.into_inner(),
        urgent: m.urgent.into_inner(),
        emergency: m.emergency.into_inner(),
    }
}
