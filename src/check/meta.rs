//! meta.toml: the rule base's name, version and the texts every report shows.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml::Spanned;

use super::ids::nonempty;
use super::{Ctx, Src, codes, raw};
use crate::diag::suggest;
use crate::rules::Meta;
use crate::rules::messages::{CATALOGUE, Messages};

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
    let messages = check_messages(ctx, src, &m.messages);
    Meta {
        messages,
        name: m.name.into_inner(),
        version: m.version.into_inner(),
        disclaimer: m.disclaimer.into_inner(),
        intro: m.intro.into_inner(),
        urgent: m.urgent.into_inner(),
        emergency: m.emergency.into_inner(),
    }
}

/// The `[messages]` table: every message of the catalogue, nothing else, and only the
/// `{names}` each may use.
fn check_messages(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> Arc<Messages> {
    let map: BTreeMap<String, String> = raw
        .iter()
        .map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone()))
        .collect();
    for (id, problem) in Messages::problems(&map) {
        let entry = raw.iter().find(|(k, _)| *k.get_ref() == id);
        match entry {
            None => ctx.err(
                codes::MISSING_MESSAGE,
                src,
                None,
                Some("messages"),
                problem,
                Some(format!(
                    "add `{id} = \"...\"` to the [messages] table of meta.toml (`gutcheck rules export DIR` writes the built-in one)"
                )),
            ),
            Some((key, _)) if !CATALOGUE.iter().any(|(c, _)| *c == id) => ctx.err(
                codes::UNKNOWN_MESSAGE,
                src,
                Some(key.span()),
                Some("messages"),
                problem,
                Some(suggest(
                    &id,
                    CATALOGUE.iter().map(|(c, _)| *c),
                    "The message ids are those of the built-in meta.toml.",
                )),
            ),
            Some((_, value)) => ctx.err(
                codes::UNKNOWN_MESSAGE_NAME,
                src,
                Some(value.span()),
                Some("messages"),
                problem,
                Some("use only the names this message is given, or none".to_string()),
            ),
        }
    }
    Arc::new(Messages::new(map))
}
