//! Reading a rule base: the built-in files or a directory's, parsed, checked (`check`) and
//! built into a `RuleBase` in one `load`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::check::{self, Checks, Ctx, Files, Src, codes};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::rules::{Origin, RULE_FILES, RuleBase};

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Compile every regex to check it. Off for the built-in rule base in ordinary runs (its
    /// patterns are compiled and tested by `cargo test`), so a triage run compiles nothing
    /// it does not use. Off in [`load_builtin`], it also skips the search for control
    /// characters in the embedded strings, which `cargo test` checks the same way.
    pub check_patterns: bool,
    /// Also run every claim's `examples` (with `check_patterns`), reporting a failing one
    /// at its line in claims.toml: `gutcheck rules check`.
    pub check_examples: bool,
}

/// Loads a rule base from the texts of its files (`(file name, text)` for each name in
/// `RULE_FILES`; a missing one is an error). Every problem in every file is reported.
pub fn load(
    origin: Origin,
    files: &[(String, String)],
    opts: LoadOptions,
) -> Result<RuleBase, Vec<Diagnostic>> {
    load_checked(origin, files, opts, false)
}

/// [`load`]; `trusted` files (the embedded ones, unchanged, in an ordinary run) skip the
/// search for control characters in their strings, which `cargo test` and `rules check` do.
fn load_checked(
    origin: Origin,
    files: &[(String, String)],
    opts: LoadOptions,
    trusted: bool,
) -> Result<RuleBase, Vec<Diagnostic>> {
    let mut ctx = Ctx::new(&origin);
    if trusted {
        ctx.trust_strings();
    }
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    };
    let mut srcs: BTreeMap<&str, Src<'_>> = BTreeMap::new();
    for name in RULE_FILES {
        match get(name) {
            Some(text) => {
                srcs.insert(name, Src { name, text });
            }
            None => ctx.missing_file(name),
        }
    }
    let meta = srcs.get("meta.toml").and_then(|s| ctx.parse(*s));
    let questions = srcs.get("questions.toml").and_then(|s| ctx.parse(*s));
    let red_flags = srcs.get("red-flags.toml").and_then(|s| ctx.parse(*s));
    let guidance = srcs.get("guidance.toml").and_then(|s| ctx.parse(*s));
    let concepts = srcs.get("concepts.toml").and_then(|s| ctx.parse(*s));
    let claims = srcs.get("claims.toml").and_then(|s| ctx.parse(*s));
    let causes = srcs.get("causes.toml").and_then(|s| ctx.parse(*s));
    let sources = srcs.get("sources.toml").and_then(|s| ctx.parse(*s));
    let (
        Some(meta),
        Some(concepts),
        Some(questions),
        Some(red_flags),
        Some(guidance),
        Some(claims),
        Some(causes),
        Some(sources),
    ) = (
        meta, concepts, questions, red_flags, guidance, claims, causes, sources,
    )
    else {
        return Err(ctx.into_diagnostics());
    };
    let files = Files {
        meta,
        concepts,
        questions,
        red_flags,
        guidance,
        claims,
        causes,
        sources,
    };
    let checks = Checks {
        patterns: opts.check_patterns,
        examples: opts.check_examples,
    };
    check::rule_base(ctx, &srcs, files, checks)
}

/// Loads the built-in rule base: in an ordinary run (no pattern checks), as `build.rs`
/// loaded and checked it; otherwise, or when it was not stored, from its TOML files.
pub fn load_builtin(opts: LoadOptions) -> Result<RuleBase, Error> {
    if !opts.check_patterns
        && let Some(rb) = crate::precompiled::rule_base()
    {
        return Ok(rb);
    }
    let trusted = !opts.check_patterns;
    load_checked(Origin::BuiltIn, &crate::embedded::files(), opts, trusted).map_err(Error::Input)
}

/// Loads a rule base directory (`--rules DIR`); every problem in every file is reported.
pub fn load_dir(dir: &Path, opts: LoadOptions) -> Result<RuleBase, Error> {
    let origin = Origin::Dir(dir.to_path_buf());
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::input(
                Diagnostic::file_level(dir.display().to_string(), "not a directory")
                    .with_code(codes::NOT_A_DIRECTORY.code)
                    .with_help("--rules takes a directory holding meta.toml, questions.toml, … (see `gutcheck rules export DIR`)"),
            ));
        }
        Err(source) => {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
    }
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for name in RULE_FILES {
        let path = dir.join(name);
        if !path.exists() {
            continue; // reported as missing by `load`
        }
        match crate::input::read_text(&path) {
            Ok((_, text)) => files.push((name.to_string(), text)),
            Err(Error::Input(d)) => diags.extend(
                d.into_iter()
                    .map(|x| x.with_code(codes::UNREADABLE_FILE.code)),
            ),
            Err(Error::Read { source, .. }) => diags.push(
                Diagnostic::file_level(
                    path.display().to_string(),
                    format!("cannot read: {source}"),
                )
                .with_code(codes::UNREADABLE_FILE.code),
            ),
            Err(e) => return Err(e),
        }
    }
    match load(origin, &files, opts) {
        Ok(rb) if diags.is_empty() => Ok(rb),
        Ok(_) => Err(Error::Input(diags)),
        Err(mut more) => {
            // Files that could not be read are also reported as missing; keep the read error.
            more.retain(|d| !diags.iter().any(|x| x.file == d.file));
            diags.extend(more);
            Err(Error::Input(diags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What build.rs stored is what the TOML files load today (build.rs reruns whenever
    /// `rules/` or `src/` changes, so this fails only if that stops being true).
    #[test]
    fn the_stored_built_in_rule_base_is_the_one_its_toml_files_load() {
        let stored = crate::precompiled::rule_base().expect("build.rs stored the rule base");
        let fresh = load(
            Origin::BuiltIn,
            &crate::embedded::files(),
            LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(format!("{stored:#?}"), format!("{fresh:#?}"));
        assert_eq!(
            crate::precompiled::store(&fresh),
            crate::precompiled::STORED
        );
        // An ordinary run reads the stored one; `rules check` reads the TOML.
        let run = load_builtin(LoadOptions::default()).unwrap();
        assert_eq!(format!("{run:#?}"), format!("{fresh:#?}"));
    }
}
