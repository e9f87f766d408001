//! What every file shares: ids (well formed, not repeated), text fields that must not be
//! empty, and finding an entry's id again after loading.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::{Ctx, Src, codes};

/// The ids met so far in one file (or one question's options), with where each was defined.
#[derive(Default)]
pub(super) struct Seen(BTreeMap<String, Range<usize>>);

impl Seen {
    pub(super) fn check(
        &mut self,
        ctx: &mut Ctx<'_>,
        src: Src<'_>,
        id: &Spanned<String>,
        what: &str,
    ) {
        let s = id.get_ref();
        // Ids become TOML keys and values in templates and saved answers files, command-line
        // arguments and JSON: only lower-case letters, digits and hyphens round-trip
        // everywhere. Source ids are only cited inside rule files and keep capitals and dots
        // (`NICE-NG20`).
        let ok = |c: char| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || c == '-'
                || (what == "source" && (c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        };
        if s.is_empty() || !s.chars().all(ok) {
            let allowed = if what == "source" {
                "source ids use letters, digits, `-`, `_` and `.`, like `NICE-NG20`"
            } else {
                "ids use only a-z, 0-9 and `-`, like `blood-in-stool`"
            };
            ctx.err(
                codes::BAD_ID,
                src,
                Some(id.span()),
                None,
                format!(
                    "{what} id `{}` is empty or has characters ids cannot hold",
                    crate::printable::capped(s, 80)
                ),
                Some(allowed.into()),
            );
        }
        if let Some(first) = self.0.get(s) {
            let first_line = src.text[..first.start].matches('\n').count() + 1;
            ctx.err(
                codes::DUPLICATE_ID,
                src,
                Some(id.span()),
                Some(s),
                format!("duplicate {what} id `{s}` (first defined on line {first_line})"),
                Some("give each entry its own id, or remove one of them".into()),
            );
        } else {
            self.0.insert(s.clone(), id.span());
        }
    }
}

/// Reports a text field the reader would see empty.
pub(super) fn nonempty(
    ctx: &mut Ctx<'_>,
    src: Src<'_>,
    id: &str,
    field: &str,
    v: &Spanned<String>,
) {
    if v.get_ref().trim().is_empty() {
        ctx.err(
            codes::EMPTY_FIELD,
            src,
            Some(v.span()),
            Some(id),
            format!("`{field}` is empty"),
            Some(format!(
                "write the {field} text; the report shows it to the reader"
            )),
        );
    }
}

/// The span of `id = "ID"` in a rule file's text, for problems found after loading.
pub(super) fn id_span(text: &str, id: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&quoted) {
        let at = from + i;
        let before = text[..at].trim_end();
        if before.ends_with('=') && before[..before.len() - 1].trim_end().ends_with("id") {
            return Some(at..at + quoted.len());
        }
        from = at + quoted.len();
    }
    None
}
